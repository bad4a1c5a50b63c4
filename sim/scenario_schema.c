/*
 * scenario_schema: every scenario key, one row each: its type, the field
 * of struct scenario it fills, its range, default, unit and meaning.  The
 * walker (scenario_walk.c) reads files with it, `uecsim keys` prints it,
 * and the key tables of docs/scenario.md are generated from it.  This
 * file holds the top level and most shapes; some parts of the model have
 * their rows in a sibling: scenario_schema_care.c (virtual wards,
 * discharge, electives), scenario_schema_chain.c (ambulance, urgent
 * community response), scenario_schema_escalation.c (OPEL escalation)
 * and scenario_schema_reporting.c (plan targets, reporting periods).
 *
 * Adding a key is one row here or there (and its use in the model).  Rows are
 * read in table order, which is also the order of error messages and of
 * the docs.  Shapes are defined leaves first, so each refers only to
 * shapes above it.
 */
#include "scenario_schema.h"

#include <math.h>

#include "resource.h"
#include "scenario_int.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Names                                                              */
/* ------------------------------------------------------------------ */

/* The families of stream, cohort and pathway keys are in
 * scenario_names.c; the OPEL levels in scenario_schema_escalation.c. */

static const double first_pathway_only[PW_N] = {1, 0, 0, 0};

/* ------------------------------------------------------------------ */
/* Arrivals                                                           */
/* ------------------------------------------------------------------ */

static const struct scn_row window_rows[] = {
    {.key = "from",
     .type = SCN_DATE,
     IN(window, from_day),
     .required = 1,
     .unit = "date",
     .meaning = "first day of the window"},
    {.key = "to",
     .type = SCN_DATE,
     IN(window, to_day),
     .required = 1,
     .unit = "date",
     .meaning = "last day of the window (inclusive)",
     .valid = "not before `from`"},
    {.key = "multiplier",
     .type = SCN_NUMBER,
     IN(window, multiplier),
     .range = &scn_r_multiplier,
     .required = 1,
     .meaning = "multiplies the stream's rate over the window"},
    RULE(rule_window_order),
};

static const struct scn_shape window_shape =
    SHAPE("window", "a window", window_rows, 1);

static const struct scn_row stream_rows[] = {
    {.key = "rate_per_day",
     .type = SCN_NUMBER,
     IN(arrival_stream, rate_per_day),
     .range = &scn_r_rate,
     .required = 1,
     .unit = "per day",
     .meaning = "mean arrivals per day over a year, before profiles, "
                "windows and growth"},
    {.key = "hour_of_day_weights",
     .type = SCN_WEIGHTS,
     .n = 24,
     IN(arrival_stream, hour_of_day_weights),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "flat",
     .meaning = "relative rate by hour of day, hour 0 "
                "first"},
    {.key = "day_of_week_weights",
     .type = SCN_WEIGHTS,
     .n = 7,
     IN(arrival_stream, day_of_week_weights),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "flat",
     .meaning = "relative rate by weekday, Monday first"},
    {.key = "month_of_year_weights",
     .type = SCN_WEIGHTS,
     .n = 12,
     IN(arrival_stream, month_of_year_weights),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "flat",
     .meaning = "relative rate by month, January first"},
    {.key = "growth_per_year",
     .type = SCN_NUMBER,
     IN(arrival_stream, growth_per_year),
     .range = &scn_r_growth,
     .unit = "per year",
     .meaning = "compound growth from `start_date` (0.03 = 3% a year)"},
    {.key = "share_65_plus",
     .type = SCN_NUMBER,
     IN(arrival_stream, share_65_plus),
     .range = &scn_r_prob,
     .meaning = "probability an arrival is aged 65 or over"},
    {.key = "majors_share",
     .type = SCN_NUMBER,
     IN(arrival_stream, majors_share),
     .range = &scn_r_prob,
     .def = 1,
     .only = 1 + ARR_ED_WALK_IN,
     .meaning = "`ed_walk_in` only: probability a walk-in is seen in majors "
                "rather than minors; an error on any other stream"},
    {.key = "windows",
     .type = SCN_LIST,
     .shape = &window_shape,
     IN(arrival_stream, windows),
     .count_offset = offsetof(struct arrival_stream, n_windows),
     .elem_size = sizeof(struct window),
     .desc = "an array of windows",
     .def_text = "none",
     .meaning = "rate multipliers between dates, e.g. a surge"},
};

static const struct scn_shape stream_shape =
    SHAPE("stream", "an arrival stream", stream_rows, 1);

static const struct scn_row arrivals_rows[] = {
    {.key = "",
     .type = SCN_OBJECT,
     .names = &scn_stream_names,
     .shape = &stream_shape,
     AT_K(arrivals),
     .def_text = "rate 0",
     .meaning = "an arrival stream: ED walk-ins, ED ambulance arrivals, "
                "admissions that bypass ED, community referrals to a "
                "virtual ward, elective admissions"},
};

static const struct scn_shape arrivals_shape =
    SHAPE("arrivals", "the arrival streams", arrivals_rows, 1);

/* ------------------------------------------------------------------ */
/* ED and admission                                                   */
/* ------------------------------------------------------------------ */

static const struct scn_row area_rows[] = {
    {.key = "spaces",
     .type = SCN_CAPACITY,
     IN(ed_area, spaces),
     .range = &scn_r_capacity,
     .def = UNLIMITED,
     .unit = "spaces",
     .meaning = "cubicles or spaces in the area"},
    {.key = "treatment",
     .type = SCN_DIST,
     IN(ed_area, treatment),
     .meaning = "time in a space for patients who go home"},
    {.key = "treatment_admitted",
     .type = SCN_DIST,
     IN(ed_area, treatment_admitted),
     .def_text = "a copy of `treatment`",
     .meaning = "time in a space from arrival to the decision to admit"},
    RULE(rule_treatment_admitted),
    {.key = "crowding_threshold",
     .type = SCN_NUMBER,
     IN(ed_area, crowding_threshold),
     .range = &scn_r_share,
     .unit = "share of spaces",
     .meaning = "ED crowding: the share of the site's ED spaces held by "
                "boarders above which treatment here lengthens"},
    {.key = "crowding_slope",
     .type = SCN_NUMBER,
     IN(ed_area, crowding_slope),
     .range = &scn_r_slope,
     .def_text = "0 (off)",
     .meaning = "ED crowding: a treatment starting here takes 1 + slope x "
                "(boarders' share of the ED's spaces - threshold) times as "
                "long, when that is above 1"},
};

static const struct scn_shape area_shape =
    SHAPE("area", "an ED area", area_rows, 1);

static const struct scn_row admit_rows[] = {
    {.key = "walk_in",
     .type = SCN_NUMBER,
     IN(site, ed.admit_probability[ARR_ED_WALK_IN]),
     .range = &scn_r_prob,
     .meaning = "probability a walk-in seen in majors is admitted"},
    {.key = "ambulance",
     .type = SCN_NUMBER,
     IN(site, ed.admit_probability[ARR_ED_AMBULANCE]),
     .range = &scn_r_prob,
     .meaning = "probability an ambulance arrival is admitted"},
    {.key = "minors",
     .type = SCN_NUMBER,
     IN(site, ed.minors_admit_probability),
     .range = &scn_r_prob,
     .meaning = "probability a patient seen in minors is admitted"},
};

static const struct scn_shape admit_shape =
    SHAPE("admit_probability", "", admit_rows, 0);

static const struct scn_row cohort_area_rows[] = {
    {.key = "spaces",
     .type = SCN_CAPACITY,
     IN(site, ed.cohort.spaces),
     .range = &scn_r_capacity,
     .def = 0,
     .def_text = "0 (off)",
     .unit = "spaces",
     .meaning = "ambulance cohort area: trolley spaces, staffed, where an "
                "ambulance patient waiting for a majors space is handed "
                "over and waits on, releasing the crew"},
    {.key = "after_min",
     .type = SCN_DURATION,
     IN(site, ed.cohort.after_min),
     .range = &scn_r_duration,
     .unit_min = 1,
     .def = 30,
     .unit = "minutes",
     .meaning = "an ambulance patient moves to the cohort area after "
                "waiting this long for a majors space; the handover then "
                "ends after the offload"},
    {.key = "from",
     .type = SCN_DATE,
     IN(site, ed.cohort.from_day),
     .def_text = "the start",
     .unit = "date",
     .meaning = "the day the cohort area opens (ambulances that have "
                "waited `after_min` by then move in at its first minute)"},
};

static const struct scn_shape cohort_area_shape =
    SHAPE("ambulance_cohort", "", cohort_area_rows, 0);

static const struct scn_row ed_rows[] = {
    {.key = "majors",
     .type = SCN_OBJECT,
     .shape = &area_shape,
     IN(site, ed.majors),
     .meaning = "majors area"},
    {.key = "minors",
     .type = SCN_OBJECT,
     .shape = &area_shape,
     IN(site, ed.minors),
     .meaning = "minors area"},
    {.key = "ambulance_offload",
     .type = SCN_DIST,
     IN(site, ed.ambulance_offload),
     .meaning = "time to hand over an ambulance patient once a space is "
                "free"},
    {.key = "admit_probability", .type = SCN_OBJECT, .shape = &admit_shape},
    {.key = "ambulance_cohort",
     .type = SCN_OBJECT,
     .shape = &cohort_area_shape,
     .meaning = "a cohort area for ambulance patients waiting for a space "
                "(docs/model.md 2.12; the C&P plan's \"additional capacity "
                "for ambulance offloads\", seed 000 L3735)"},
};

static const struct scn_shape ed_shape =
    SHAPE("ed", "the emergency department", ed_rows, 1);

static const struct scn_row zero_day_rows[] = {
    {.key = "",
     .type = SCN_NUMBER,
     .names = &scn_cohort_names,
     IN_K(site, admission.zero_day_probability),
     .range = &scn_r_prob,
     .meaning = "probability an admitted patient of the cohort stays less "
                "than a day (same-day emergency care) and never takes a "
                "G&A bed"},
};

static const struct scn_shape zero_day_shape =
    SHAPE("zero_day_probability", "", zero_day_rows, 0);

static const struct scn_row admission_rows[] = {
    {.key = "zero_day_probability",
     .type = SCN_OBJECT,
     .shape = &zero_day_shape},
    {.key = "zero_day_stay",
     .type = SCN_DIST,
     IN(site, admission.zero_day_stay),
     .meaning = "length of a zero-day stay, outside G&A beds"},
    {.key = "vw_step_up_probability",
     .type = SCN_NUMBER,
     IN(site, admission.vw_step_up_probability),
     .range = &scn_r_prob,
     .meaning = "probability an admission is eligible for a virtual ward "
                "instead of a bed"},
};

static const struct scn_shape admission_shape = SHAPE(
    "admission", "what happens on a decision to admit", admission_rows, 1);

/* ------------------------------------------------------------------ */
/* Beds, cohorts, virtual wards                                       */
/* ------------------------------------------------------------------ */

static const struct scn_row ga_rows[] = {
    {.key = "capacity",
     .type = SCN_CAPACITY,
     IN(site, ga.capacity),
     .range = &scn_r_capacity,
     .def = UNLIMITED,
     .sibling = "schedule",
     .unit = "beds",
     .meaning = "open G&A beds"},
    {.key = "schedule",
     .type = SCN_SCHEDULE,
     IN(site, ga.capacity),
     .sibling = "capacity",
     .def_text = "none",
     .meaning = "changes to `capacity` on dates"},
    {.key = "turnaround",
     .type = SCN_DIST,
     IN(site, ga.turnaround),
     .def_text = "none",
     .meaning = "time from a patient leaving a G&A bed to the bed being "
                "ready for the next (cleaning, allocation)"},
};

static const struct scn_shape ga_shape = SHAPE("ga", "", ga_rows, 0);

static const struct scn_row fcp_rows[] = {
    {.key = "moves_per_round",
     .type = SCN_INTEGER,
     IN(site, fcp.moves_per_round),
     WIDTH_IN(site, fcp.moves_per_round),
     .range = &scn_r_capacity,
     .def = 0,
     .def_text = "0 (off)",
     .unit = "patients",
     .meaning = "full capacity protocol: admitted patients moved from the "
                "ED to wards every `interval_h` while it acts, each as an "
                "extra patient waiting there for a bed"},
    {.key = "interval_h",
     .type = SCN_DURATION,
     IN(site, fcp.interval_min),
     .range = &scn_r_interval,
     .unit_min = MIN_PER_HOUR,
     .def = 2,
     .unit = "hours",
     .meaning = "time between the protocol's rounds of moves"},
    {.key = "from",
     .type = SCN_DATE,
     IN(site, fcp.from_day),
     .def_text = "the start",
     .unit = "date",
     .meaning = "the day the protocol starts: its first round is at that "
                "day's midnight, then every `interval_h`"},
    {.key = "extra_spaces",
     .type = SCN_INTEGER,
     IN(site, fcp.extra_spaces),
     WIDTH_IN(site, fcp.extra_spaces),
     .range = &scn_r_at_least_one,
     .def = 1000000,
     .def_text = "no limit",
     .unit = "patients",
     .meaning = "escalation spaces on the site's wards (a corridor trolley, "
                "a bay's extra bed): at most this many moved patients "
                "wait on wards at once"},
    {.key = "boarders_trigger",
     .type = SCN_INTEGER,
     IN(site, fcp.boarders_trigger),
     WIDTH_IN(site, fcp.boarders_trigger),
     .range = &scn_r_at_least_one,
     .def = 1,
     .unit = "patients",
     .meaning = "the protocol acts while at least this many admitted "
                "patients board in the site's ED"},
    {.key = "ahead_of_queue",
     .type = SCN_BOOL,
     IN(site, fcp.ahead_of_queue),
     .def = 1,
     .def_text = "true",
     .meaning = "true: a moved patient takes the site's next free bed, "
                "ahead of everyone waiting; false: they keep their place in "
                "the queue (first come, first served)"},
};

static const struct scn_shape fcp_shape =
    SHAPE("full_capacity_protocol", "", fcp_rows, 0);

static const struct scn_row beds_rows[] = {
    {.key = "ga", .type = SCN_OBJECT, .shape = &ga_shape},
    {.key = "full_capacity_protocol",
     .type = SCN_OBJECT,
     .shape = &fcp_shape,
     .meaning = "moving admitted patients from the ED to wards as extra "
                "patients when the ED is full (docs/model.md 2.12; the C&P "
                "plan's \"full capacity protocols, including adaption of "
                "North Bristol continuous flow model\", seed 000 L3736)"},
};

static const struct scn_shape beds_shape =
    SHAPE("beds", "general and acute (G&A) beds", beds_rows, 1);

static const struct scn_row pathway_prob_rows[] = {
    RULE(rule_probabilities_zero),
    {.key = "",
     .type = SCN_NUMBER,
     .names = &scn_pathway_names,
     .stride = sizeof(double),
     .field = "[]",
     .range = &scn_r_prob,
     .defs = first_pathway_only,
     .def_text = "`p0` 1, others 0",
     .meaning = "the discharge pathway once fit: `p0` home with no new "
                "support, `p1` home with support, `p2` rehabilitation bed, "
                "`p3` care home; when given, keys left out are 0 and the "
                "four sum to 1 (within 1e-9)"},
    RULE(rule_probabilities_sum),
};

static const struct scn_shape pathway_prob_shape =
    SHAPE("pathway_probabilities", "", pathway_prob_rows, 0);

static const struct scn_row cohort_rows[] = {
    {.key = "clinical_los",
     .type = SCN_DIST,
     IN_K(site, ga.clinical_los),
     .meaning = "length of stay from admission until medically fit for "
                "discharge"},
    {.key = "pathway_probabilities",
     .type = SCN_OBJECT,
     .shape = &pathway_prob_shape,
     IN_K(site, ga.pathway_probabilities)},
    {.key = "step_down_probability",
     .type = SCN_NUMBER,
     IN_K(site, ga.step_down_probability),
     .range = &scn_r_prob,
     .meaning = "probability a patient is eligible to finish the stay on a "
                "virtual ward"},
};

static const struct scn_shape cohort_shape =
    SHAPE("cohort", "a cohort", cohort_rows, 1);

static const struct scn_row cohorts_rows[] = {
    {.key = "",
     .type = SCN_OBJECT,
     .names = &scn_cohort_names,
     .shape = &cohort_shape,
     .meaning = "inpatient stays of patients under 65, and 65 and over"},
};

static const struct scn_shape cohorts_shape =
    SHAPE("cohorts", "inpatient stays by age group", cohorts_rows, 1);

/* ------------------------------------------------------------------ */
/* Sites                                                              */
/* ------------------------------------------------------------------ */

/* The streams that come to an acute site; vw_step_up referrals come to
 * a site only when refused, by direct_admission's shares. */
static const struct scn_row share_rows[] = {
    {.key = "ed_walk_in",
     .type = SCN_NUMBER,
     IN(site, share[ARR_ED_WALK_IN]),
     .range = &scn_r_prob,
     .meaning = "share of ED walk-ins that come to this site"},
    {.key = "ed_ambulance",
     .type = SCN_NUMBER,
     IN(site, share[ARR_ED_AMBULANCE]),
     .range = &scn_r_prob,
     .meaning = "share of ambulance arrivals conveyed to this site"},
    {.key = "direct_admission",
     .type = SCN_NUMBER,
     IN(site, share[ARR_DIRECT]),
     .range = &scn_r_prob,
     .meaning = "share of direct admissions to this site; also of refused "
                "virtual-ward referrals"},
    {.key = "elective",
     .type = SCN_NUMBER,
     IN(site, share[ARR_ELECTIVE]),
     .range = &scn_r_prob,
     .meaning = "share of elective admissions booked at this site"},
};

static const struct scn_shape share_shape = SHAPE("share", "", share_rows, 0);

/* A site's sections land in struct site itself (offset 0): the top
 * level's land in struct scenario's top. */
static const struct scn_row site_rows[] = {
    {.key = "name",
     .type = SCN_NAME,
     IN(site, name),
     .required = 1,
     .desc = "a name",
     .meaning = "names the site in outputs (`site` column, `summary.json`, "
                "`plots/SITE/`)",
     .valid = "as the scenario's `name`; unique; not `system`"},
    {.key = "title",
     .type = SCN_STRING,
     IN(site, title),
     .desc = "a string",
     .def_text = "the name",
     .meaning = "the site's name in full, for charts"},
    {.key = "share",
     .type = SCN_OBJECT,
     .shape = &share_shape,
     .meaning = "the site's share of each arrival stream; keys left out are "
                "0"},
    {.key = "ed",
     .type = SCN_OBJECT,
     .shape = &ed_shape,
     .def_text = "the top level's",
     .meaning = "the site's emergency department, merged over the top "
                "level's `ed`"},
    {.key = "admission",
     .type = SCN_OBJECT,
     .shape = &admission_shape,
     .def_text = "the top level's",
     .meaning = "merged over the top level's `admission`"},
    {.key = "beds",
     .type = SCN_OBJECT,
     .shape = &beds_shape,
     .def_text = "the top level's",
     .meaning = "the site's G&A beds, merged over the top level's `beds`"},
    {.key = "cohorts",
     .type = SCN_OBJECT,
     .shape = &cohorts_shape,
     .def_text = "the top level's",
     .meaning = "merged over the top level's `cohorts`"},
    {.key = "electives",
     .type = SCN_OBJECT,
     .shape = &scn_electives_shape,
     .def_text = "the top level's",
     .meaning = "merged over the top level's `electives`"},
    RULE(rule_ring_fenced),
};

const struct scn_shape scn_site_shape =
    SHAPE("site", "an acute site", site_rows, 1);

/* ------------------------------------------------------------------ */
/* Dated periods                                                      */
/* ------------------------------------------------------------------ */

static const struct scn_row period_rows[] = {
    RULE(rule_period_kind),
    {.key = "from",
     .type = SCN_DATE,
     IN(period, from_day),
     .required = 1,
     .unit = "date",
     .meaning = "first day of the period"},
    {.key = "to",
     .type = SCN_DATE,
     IN(period, to_day),
     .required = 1,
     .unit = "date",
     .meaning = "last day of the period (inclusive)",
     .valid = "not before `from`"},
    RULE(rule_window_order),
    {.key = "process_rate",
     .type = SCN_NUMBER,
     IN(period, process_rate),
     .range = &scn_r_process,
     .def = 1,
     .meaning = "speed of the in-hospital discharge process relative to "
                "normal: 0.5 means delays take twice as long"},
    {.key = "elective_multiplier",
     .type = SCN_NUMBER,
     IN(period, elective_multiplier),
     .range = &scn_r_multiplier,
     .def = 1,
     .meaning = "multiplies the elective arrival rate: 0.2 means a fifth of "
                "the usual electives, 0 none"},
    {.key = "ed_spaces_multiplier",
     .type = SCN_NUMBER,
     IN(period, ed_spaces_multiplier),
     .range = &scn_r_share,
     .def = 1,
     .only = 1 + PERIOD_INDUSTRIAL_ACTION,
     .meaning = "`industrial_action` only: multiplies ED majors and minors "
                "spaces (rounded down), for staff on strike; an error under "
                "`bank_holidays`"},
};

static const struct scn_shape period_shape =
    SHAPE("period", "a dated period", period_rows, 1);

/* ------------------------------------------------------------------ */
/* The top level                                                      */
/* ------------------------------------------------------------------ */

static const struct scn_row top_rows[] = {
    {.key = "name",
     .type = SCN_NAME,
     AT(name),
     .required = 1,
     .desc = "a name",
     .meaning = "names the run and its results folder",
     .valid = "1-100 characters from `A-Z a-z 0-9 . _ -`; not `.` or `..`"},
    {.key = "description",
     .type = SCN_STRING,
     AT(description),
     .desc = "a string",
     .def_str = "",
     .def_text = "`\"\"`",
     .meaning = "free text"},
    {.key = "title",
     .type = SCN_STRING,
     AT(title),
     .desc = "a string",
     .def_text = "the name",
     .meaning = "the scenario's name in words, for charts, tables and "
                "reports (\"Winter plan 2023/24\")"},
    {.key = "start_date",
     .type = SCN_DATE,
     AT(start_day),
     .required = 1,
     .unit = "date",
     .meaning = "first reported day"},
    {.key = "end_date",
     .type = SCN_DATE,
     AT(end_day),
     .required = 1,
     .unit = "date",
     .meaning = "last reported day (inclusive)",
     .valid = "not before `start_date`"},
    RULE(rule_end_after_start),
    {.key = "warm_up_days",
     .type = SCN_INTEGER,
     AT(warm_up_days),
     WIDTH(warm_up_days),
     .range = &scn_r_warm_up,
     .unit = "days",
     .meaning = "days simulated before `start_date` and not reported"},
    {.key = "replications",
     .type = SCN_INTEGER,
     AT(replications),
     WIDTH(replications),
     .range = &scn_r_replications,
     .def = 30,
     .meaning = "independent runs whose results are combined"},
    {.key = "seed",
     .type = SCN_INTEGER,
     AT(seed),
     WIDTH(seed),
     .range = &scn_r_seed,
     .def = 1,
     .meaning = "master random seed; every stream's seed derives from it"},
    {.key = "arrivals",
     .type = SCN_OBJECT,
     .shape = &arrivals_shape,
     .def_text = "none arrive",
     .meaning = "arrival streams"},
    {.key = "ed",
     .type = SCN_OBJECT,
     .shape = &ed_shape,
     AT(top),
     .meaning = "emergency department"},
    {.key = "admission",
     .type = SCN_OBJECT,
     .shape = &admission_shape,
     AT(top),
     .meaning = "what happens on a decision to admit"},
    {.key = "beds",
     .type = SCN_OBJECT,
     .shape = &beds_shape,
     AT(top),
     .meaning = "general and acute (G&A) beds"},
    {.key = "cohorts",
     .type = SCN_OBJECT,
     .shape = &cohorts_shape,
     AT(top),
     .meaning = "inpatient stays by age group"},
    {.key = "virtual_wards",
     .type = SCN_OBJECT,
     .shape = &scn_vw_shape,
     .meaning = "virtual ward capacity and stays"},
    {.key = "discharge",
     .type = SCN_OBJECT,
     .shape = &scn_discharge_shape,
     .meaning = "discharge process and pathways"},
    {.key = "electives",
     .type = SCN_OBJECT,
     .shape = &scn_electives_shape,
     AT(top),
     .meaning = "elective stays"},
    {.key = "sites",
     .type = SCN_LIST,
     .shape = &scn_site_shape,
     AT(sites),
     .count_offset = offsetof(struct scenario, n_sites),
     .elem_size = sizeof(struct site),
     .desc = "an array of sites",
     .def_text = "one site",
     .meaning = "the acute sites, 1 to 8, each with its own ED, G&A beds "
                "and electives (see Sites below)"},
    RULE(rule_sites),
    RULE(rule_ring_fenced_top),
    {.key = "extends",
     .type = SCN_FILE,
     .desc = "a scenario file name",
     .def_text = "none",
     .meaning = "a scenario file this one builds on (see above)"},
    {.key = "bank_holidays",
     .type = SCN_LIST,
     .shape = &period_shape,
     AT(periods),
     .count_offset = offsetof(struct scenario, n_periods),
     .elem_size = sizeof(struct period),
     .list_k = PERIOD_BANK_HOLIDAY,
     .desc = "an array of periods",
     .def_text = "none",
     .meaning = "dated periods of slower discharge and fewer electives"},
    {.key = "industrial_action",
     .type = SCN_LIST,
     .shape = &period_shape,
     AT(periods),
     .count_offset = offsetof(struct scenario, n_periods),
     .elem_size = sizeof(struct period),
     .list_k = PERIOD_INDUSTRIAL_ACTION,
     .desc = "an array of periods",
     .def_text = "none",
     .meaning = "dated periods of strike action"},
    RULE(rule_period_windows),
    {.key = "escalation",
     .type = SCN_OBJECT,
     .shape = &scn_escalation_shape,
     AT(escalation),
     .def_text = "off",
     .meaning = "OPEL escalation rules; present = on, unless `enabled` "
                "is `false`"},
    {.key = "ambulance",
     .type = SCN_OBJECT,
     .shape = &scn_ambulance_shape,
     AT(ambulance),
     .def_text = "off",
     .meaning = "the ambulance service from the 999 call to the ED door "
                "(docs/model.md 2.13); present = on, and it replaces "
                "`arrivals.ed_ambulance`"},
    {.key = "ucr",
     .type = SCN_OBJECT,
     .shape = &scn_ucr_shape,
     AT(ucr),
     .def_text = "off",
     .meaning = "urgent community response (docs/model.md 2.14); present "
                "= on"},
    {.key = "targets",
     .type = SCN_LIST,
     .shape = &scn_target_shape,
     AT(targets),
     .count_offset = offsetof(struct scenario, n_targets),
     .elem_size = sizeof(struct scn_target),
     .desc = "an array of targets",
     .def_text = "none",
     .meaning = "local plan targets, drawn on charts beside national "
                "standards"},
    {.key = "periods",
     .type = SCN_LIST,
     .shape = &scn_report_period_shape,
     AT(report_periods),
     .count_offset = offsetof(struct scenario, n_report_periods),
     .elem_size = sizeof(struct report_period),
     .desc = "an array of reporting periods",
     .def_text = "none",
     .meaning = "named reporting periods (\"winter\"): every KPI is also "
                "reported over their days (see Reporting periods below)"},
    RULE(rule_report_periods),
    RULE(rule_spot_purchase),
    RULE(rule_peak_rates),
};

const struct scn_shape scn_top_shape = SHAPE("top", "a scenario", top_rows, 1);

static const struct scn_shape *const doc_shapes[] = {
    &scn_top_shape,
    &arrivals_shape,
    &stream_shape,
    &window_shape,
    &ed_shape,
    &area_shape,
    &admission_shape,
    &beds_shape,
    &cohorts_shape,
    &cohort_shape,
    &scn_vw_shape,
    &scn_discharge_shape,
    &scn_pathway_shape,
    &scn_electives_shape,
    &scn_site_shape,
    &period_shape,
    &scn_escalation_shape,
    &scn_action_shape,
    &scn_target_shape,
    &scn_report_period_shape,
    &scn_ambulance_shape,
    &scn_amb_category_shape,
    &scn_ucr_shape,
};

const struct scn_shape *const *
scn_doc_shapes(size_t *n)
{
    *n = ARRAY_LEN(doc_shapes);
    return doc_shapes;
}

const char *
scn_type_name(const struct scn_row *r)
{
    static const char *const names[] = {
        [SCN_OBJECT] = "object",     [SCN_NUMBER] = "number",
        [SCN_INTEGER] = "integer",   [SCN_DURATION] = "duration",
        [SCN_CAPACITY] = "capacity", [SCN_SCHEDULE] = "schedule",
        [SCN_DATE] = "date",         [SCN_DIST] = "distribution",
        [SCN_WEIGHTS] = "weights",   [SCN_THRESHOLDS] = "thresholds",
        [SCN_BY_MONTH] = "by_month", [SCN_BOOL] = "bool",
        [SCN_STRING] = "string",     [SCN_NAME] = "name",
        [SCN_KPI] = "kpi",           [SCN_LIST] = "list",
        [SCN_FILE] = "file",         [SCN_RULE] = "rule"};

    if (r->type == SCN_NUMBER && r->range == &scn_r_prob)
        return "probability";
    return names[r->type];
}
