/*
 * scenario_schema_care: the schema rows of the care after the front door:
 * virtual wards, the discharge process and pathways, and electives.  Split
 * from scenario_schema.c (which holds the rest and the top level) only to
 * keep each file short; the rows follow the same rules.
 */
#include <math.h>

#include "resource.h"
#include "scenario_int.h"
#include "scenario_schema.h"
#include "util.h"

static const struct scn_row vw_rows[] = {
    {.key = "beds",
     .type = SCN_CAPACITY,
     AT(vw.beds),
     .range = &scn_r_capacity,
     .sibling = "schedule",
     .unit = "places",
     .meaning = "virtual ward places"},
    {.key = "schedule",
     .type = SCN_SCHEDULE,
     AT(vw.beds),
     .sibling = "beds",
     .def_text = "none",
     .meaning = "changes to `beds` on dates"},
    {.key = "stay",
     .type = SCN_DIST,
     AT(vw.stay),
     .meaning = "length of a step-up stay"},
    {.key = "escalation_probability",
     .type = SCN_NUMBER,
     AT(vw.escalation_probability),
     .range = &scn_r_prob,
     .meaning = "probability a virtual ward patient needs a hospital bed at "
                "the end of the stay"},
    {.key = "step_down_at_share_of_los",
     .type = SCN_NUMBER,
     AT(vw.step_down_at_share_of_los),
     .range = &scn_r_share,
     .def = 0.5,
     .meaning = "share of the clinical length of stay spent in hospital "
                "before a step-down patient moves to a virtual ward"},
};

const struct scn_shape scn_vw_shape =
    SHAPE("virtual_wards", "virtual ward capacity and stays", vw_rows, 1);

/* ------------------------------------------------------------------ */
/* Discharge                                                          */
/* ------------------------------------------------------------------ */

static const struct scn_row process_delay_rows[] = {
    {.key = "",
     .type = SCN_DIST,
     .names = &scn_pathway_names,
     AT_K(discharge.process_delay),
     .meaning = "working time from medically fit to leaving, by pathway"},
};

static const struct scn_shape process_delay_shape =
    SHAPE("process_delay", "", process_delay_rows, 0);

static const struct scn_row window_hours_rows[] = {
    {.key = "start_h",
     .type = SCN_NUMBER,
     AT(discharge.window_start_h),
     .range = &scn_r_hour,
     .unit = "hours since midnight",
     .meaning = "time of day discharges start"},
    {.key = "end_h",
     .type = SCN_NUMBER,
     AT(discharge.window_end_h),
     .range = &scn_r_hour,
     .def = 24,
     .unit = "hours since midnight",
     .meaning = "time of day discharges stop",
     .valid = "greater than `start_h`"},
    RULE(rule_discharge_window),
};

static const struct scn_shape window_hours_shape =
    SHAPE("window", "", window_hours_rows, 0);

static const struct scn_row pathway_rows[] = {
    {.key = "slots",
     .type = SCN_CAPACITY,
     IN(pathway_cfg, slots),
     .range = &scn_r_capacity,
     .def = UNLIMITED,
     .sibling = "schedule",
     .unit = "places",
     .meaning = "places in the service at once"},
    {.key = "schedule",
     .type = SCN_SCHEDULE,
     IN(pathway_cfg, slots),
     .sibling = "slots",
     .def_text = "none",
     .meaning = "changes to `slots` on dates"},
    {.key = "duration",
     .type = SCN_DIST,
     IN(pathway_cfg, duration),
     .meaning = "time a patient occupies a slot after leaving hospital"},
    {.key = "brokerage_delay",
     .type = SCN_DIST,
     IN(pathway_cfg, brokerage_delay),
     .meaning = "extra time in the hospital bed to arrange the package "
                "before transfer"},
    {.key = "starts_per_month",
     .type = SCN_BY_MONTH,
     IN(pathway_cfg, starts_per_month),
     .range = &scn_r_starts,
     .def = -1,
     .def_text = "none: sized in `slots`",
     .unit = "new clients a month",
     .meaning = "size the service in starts (the BCF tables' unit) instead "
                "of places: this many patients a month may start, released "
                "evenly through the month; the rest queue in their beds",
     .valid = "not with a limited `slots`"},
    {.key = "start_bank_days",
     .type = SCN_NUMBER,
     IN(pathway_cfg, start_bank_days),
     .range = &scn_r_bank_days,
     .def = 2,
     .unit = "days",
     .meaning = "starts released when nobody waits are kept, up to this many "
                "days' worth at the month's rate; the rest are lost"},
    RULE(rule_pathway_starts),
    {.key = "spot_purchase_after_days",
     .type = SCN_DURATION,
     IN(pathway_cfg, spot_purchase_after_min),
     .range = &scn_r_wait_days,
     .unit_min = MIN_PER_DAY,
     .def = INFINITY,
     .def_text = "never",
     .unit = "days",
     .meaning = "a patient still waiting for a place or a start this long "
                "leaves the queue for a spot-purchased service"},
    {.key = "spot_purchase_brokerage",
     .type = SCN_DIST,
     IN(pathway_cfg, spot_purchase_brokerage),
     .meaning = "time in the bed to arrange a spot purchase once it is "
                "decided"},
};

const struct scn_shape scn_pathway_shape =
    SHAPE("pathway", "a discharge pathway", pathway_rows, 1);

static const struct scn_row pathways_rows[] = {
    {.key = "",
     .type = SCN_OBJECT,
     .names = &scn_supported_names,
     .shape = &scn_pathway_shape,
     AT_K(discharge.pw),
     .def_text = "unlimited, no delay",
     .meaning = "community capacity for each supported pathway"},
};

static const struct scn_shape pathways_shape =
    SHAPE("pathways", "", pathways_rows, 0);

/* Discharge timing (issue 10): off unless the file gives the key. */
static const struct scn_row ward_round_rows[] = {
    {.key = "start_h",
     .type = SCN_NUMBER,
     AT(discharge.ward_round.start_h),
     .range = &scn_r_hour,
     .def = 9,
     .unit = "hours since midnight",
     .meaning = "earliest time of day the ward round reviews a patient"},
    {.key = "end_h",
     .type = SCN_NUMBER,
     AT(discharge.ward_round.end_h),
     .range = &scn_r_hour,
     .def = 11,
     .unit = "hours since midnight",
     .meaning = "latest time of day; each patient's round is at a time "
                "drawn uniformly between the two at arrival, the same "
                "every day",
     .valid = "not before `start_h`"},
    {.key = "weekend_share",
     .type = SCN_NUMBER,
     AT(discharge.ward_round.weekend_share),
     .range = &scn_r_prob,
     .def = 1,
     .meaning = "probability a patient is reviewed at the Saturday and "
                "Sunday rounds (drawn once, at arrival); 0: no weekend "
                "rounds"},
    RULE(rule_ward_round),
};

static const struct scn_shape ward_round_shape =
    SHAPE("ward_round", "", ward_round_rows, 0);

static const struct scn_row process_hours_rows[] = {
    {.key = "start_h",
     .type = SCN_NUMBER,
     AT(discharge.process_hours.start_h),
     .range = &scn_r_hour,
     .unit = "hours since midnight",
     .meaning = "time of day the in-hospital discharge process starts work"},
    {.key = "end_h",
     .type = SCN_NUMBER,
     AT(discharge.process_hours.end_h),
     .range = &scn_r_hour,
     .def = 24,
     .unit = "hours since midnight",
     .meaning = "time of day it stops; `process_delay` is working time "
                "inside these hours",
     .valid = "greater than `start_h`"},
    RULE(rule_discharge_window),
};

static const struct scn_shape process_hours_shape =
    SHAPE("process_hours", "", process_hours_rows, 0);

static const struct scn_row discharge_rows[] = {
    {.key = "process_delay", .type = SCN_OBJECT, .shape = &process_delay_shape},
    {.key = "window", .type = SCN_OBJECT, .shape = &window_hours_shape},
    {.key = "weekend_process_rate",
     .type = SCN_NUMBER,
     AT(discharge.weekend_process_rate),
     .range = &scn_r_weekend,
     .def = 1,
     .meaning = "speed of the discharge process on Saturdays and Sundays "
                "relative to weekdays"},
    {.key = "pathways", .type = SCN_OBJECT, .shape = &pathways_shape},
    {.key = "ward_round",
     .type = SCN_OBJECT,
     .shape = &ward_round_shape,
     .def_text = "off",
     .meaning = "present: the end of the clinical stay is recognised at the "
                "patient's next ward round, when NCTR starts; a step-down "
                "that finds the virtual ward full tries again at each round"},
    {.key = "process_hours",
     .type = SCN_OBJECT,
     .shape = &process_hours_shape,
     .def_text = "round the clock",
     .meaning = "working hours of the in-hospital discharge process"},
    {.key = "departure_profile",
     .type = SCN_WEIGHTS,
     .n = 24,
     AT(discharge.departure_profile),
     .range = &scn_r_weight,
     .def = 1,
     .def_text = "none: leave when ready",
     .meaning = "relative rate of leaving the bed by hour of day, hour 0 "
                "first: a patient ready at time t leaves at a time drawn "
                "from the profile over the rest of that day inside "
                "`window`, or from the next day's if none is left "
                "(docs/model.md)",
     .valid = "some weight inside `window`"},
    {.key = "departure_exit_profile",
     .type = SCN_BOOL,
     AT(discharge.departure_exit_profile),
     .def_text = "false",
     .meaning = "true: `departure_profile` is the hour patients leave: a "
                "patient ready at t leaves at the first time, at or after "
                "t, of a time of day drawn from the whole profile, so the "
                "hours of bed exits follow the profile exactly",
     .valid = "only with `departure_profile`"},
    RULE(rule_departure_profile),
};

const struct scn_shape scn_discharge_shape =
    SHAPE("discharge", "the discharge process and pathways", discharge_rows, 1);

static const struct scn_row electives_rows[] = {
    {.key = "los",
     .type = SCN_DIST,
     IN(site, elective.los),
     .meaning = "length of an elective stay"},
    {.key = "cancel_above_occupancy",
     .type = SCN_NUMBER,
     IN(site, elective.cancel_above_occupancy),
     .range = &scn_r_share,
     .def = 1,
     .unit = "share of beds",
     .meaning = "G&A occupancy above which an elective admission is "
                "cancelled (1 = never)"},
    {.key = "booked",
     .type = SCN_BOOL,
     IN(site, elective.booked),
     .meaning = "electives are a booked list: each day's admissions are the "
                "`elective` stream's expected number, at fixed times, and a "
                "cancelled patient is rebooked"},
    {.key = "ring_fenced_beds",
     .type = SCN_INTEGER,
     IN(site, elective.ring_fenced_beds),
     WIDTH_IN(site, elective.ring_fenced_beds),
     .range = &scn_r_capacity,
     .unit = "beds",
     .meaning = "of the site's G&A beds, this many only electives use, and "
                "electives use them first",
     .valid = "at most the site's G&A beds on every date"},
    {.key = "rebook_delay",
     .type = SCN_DIST,
     IN(site, elective.rebook_delay),
     .meaning = "`booked` only: time from a cancellation on the day to the "
                "new date (rounded up to whole days, at least one, and on "
                "to a day with a list)"},
};

const struct scn_shape scn_electives_shape =
    SHAPE("electives", "elective stays", electives_rows, 1);
