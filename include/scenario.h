/*
 * scenario: the plain, validated description of one run, filled from a
 * JSON file.  The loader's files (sim/scenario*.c, mapped in
 * sim/scenario_int.h) are the only ones that include cJSON; the tree
 * never leaves scn_load().  Every key is one row of the schema table in
 * sim/scenario_schema*.c.
 *
 * Units: durations are converted to minutes by the loader whatever unit
 * the key names (_min, _h, _days); rates keep their unit in the field
 * name; dates are day numbers from calendar.h; probabilities are in
 * [0, 1].  docs/scenario.md documents every key.
 */
#ifndef UECSIM_SCENARIO_H
#define UECSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dist.h"

/* Arrival streams, in the fixed order that names their RNG streams. */
enum arr_stream {
    ARR_ED_WALK_IN,   /* self-presenting ED attendances */
    ARR_ED_AMBULANCE, /* ED attendances conveyed by ambulance */
    ARR_DIRECT,       /* non-elective admissions that bypass ED */
    ARR_VW_STEP_UP,   /* community referrals to a virtual ward */
    ARR_ELECTIVE,     /* scheduled admissions */
    ARR_N
};

/* Patient cohorts for inpatient stays. */
enum cohort { COHORT_UNDER_65, COHORT_65_PLUS, COHORT_N };

/* Discharge pathways 0-3. */
enum pathway { PW_0, PW_1, PW_2, PW_3, PW_N };

/* A value that changes on given dates: base before the first step. */
struct sched_step {
    int32_t day;  /* from this date on (day number) */
    double value; /* the new value */
};

struct schedule {
    double base;             /* value before the first step */
    size_t n;                /* steps, in strictly increasing date order */
    struct sched_step *step; /* owned */
};

/* A multiplier on an arrival stream between two dates (inclusive). */
struct window {
    int32_t from_day, to_day;
    double multiplier;
};

struct arrival_stream {
    double rate_per_day;              /* mean over a year before profiles */
    double hour_of_day_weights[24];   /* normalised by the loader to mean 1 */
    double day_of_week_weights[7];    /* Monday first; normalised to mean 1 */
    double month_of_year_weights[12]; /* January first; normalised to mean 1 */
    double growth_per_year; /* compound, from the reporting start date */
    double share_65_plus;   /* probability the patient is 65 or over */
    double majors_share;    /* walk-ins only: share seen in majors */
    size_t n_windows;       /* dated multipliers (issue 4) */
    struct window *windows; /* owned */
};

struct ed_area {
    int32_t spaces;                 /* cubicles or spaces; RES_UNLIMITED */
    struct dist treatment;          /* patients who go home */
    struct dist treatment_admitted; /* arrival in space to decision to admit */
    double crowding_threshold;      /* boarders over the site's ED spaces above
                                       which treatment lengthens */
    double crowding_slope;          /* treatment x (1 + slope x the excess);
                                       0 = off */
};

struct pathway_cfg {
    int unlimited;         /* 1: no slot limit (spot purchase) */
    struct schedule slots; /* concurrent places when limited */
    struct dist duration;  /* time in the pathway after leaving hospital */
    struct dist brokerage_delay; /* extra delay in the bed before transfer */
    /* Sized in starts instead of places (the BCF tables' unit). */
    int in_starts;               /* 1: starts_per_month was given */
    double starts_per_month[12]; /* new clients a month, January first */
    double start_bank_days;      /* unused starts kept: this many days'
                                    worth at the month's rate */
    /* Spot purchase after the longest wait in the queue (INFINITY:
     * never), then its own brokerage in the bed. */
    double spot_purchase_after_min;
    struct dist spot_purchase_brokerage;
};

/* A dated disruption: bank holidays or industrial action. */
enum period_kind { PERIOD_BANK_HOLIDAY, PERIOD_INDUSTRIAL_ACTION };

struct period {
    enum period_kind kind;
    int32_t from_day, to_day;    /* inclusive day numbers */
    double process_rate;         /* multiplies the speed of the in-hospital
                                    discharge process (1 = unchanged) */
    double elective_multiplier;  /* multiplies the elective arrival rate;
                                    the loader also adds it as a window on
                                    the elective stream */
    double ed_spaces_multiplier; /* multiplies ED majors and minors spaces
                                    (rounded down); 1 for bank holidays */
};

/*
 * OPEL escalation: a system pressure level from 1 to 4, reassessed every
 * interval.  Index [L - 1] holds the figure for level L.  The level is
 * the highest L whose threshold any indicator reaches; stepping down from
 * L needs every indicator below its level-L threshold minus the
 * hysteresis.  A threshold of INFINITY never triggers (and level 1's are
 * always INFINITY).
 */
#define OPEL_LEVELS 4

/*
 * The ambulance service (issue 14, docs/model.md 2.13): 999 incidents by
 * category, a fleet of crews on a shift pattern, dispatch by priority,
 * travel, time on scene, conveyance to a site and the ED handover.  Off
 * unless the file has "ambulance"; when on, it replaces the
 * arrivals.ed_ambulance stream.
 */
#define AMB_CATS 4

struct amb_category {
    struct arrival_stream calls; /* incidents: rate and profiles */
    double convey_probability;   /* taken to ED */
    double travel_scale;         /* multiplies the travel draw */
    double stack_limit_min;      /* waiting this long for a crew, the
                                    incident is closed; 0: never */
};

struct ambulance {
    int enabled;                       /* 1: the file has "ambulance" */
    struct amb_category cat[AMB_CATS]; /* categories 1-4 */
    int32_t crews;                     /* mean crews on duty, or
                                          RES_UNLIMITED */
    double crew_hour_weights[24];      /* shift pattern, mean 1 */
    int32_t surge_crews;               /* extra crews for an hour when the
                                          stack is long; 0: none */
    int32_t surge_trigger;             /* Category 1-2 incidents waiting
                                          at the hour that call them */
    struct dist travel;                /* crew to scene */
    struct dist on_scene;              /* time on scene */
    struct dist to_hospital;           /* scene to ED */
    struct dist clear_up;              /* after handover, to be free */
};

/*
 * Urgent community response (issue 14, docs/model.md 2.14): referrals,
 * teams with capacity by hour, the 2-hour response, admissions avoided.
 */
struct ucr {
    int enabled;                     /* 1: the file has "ucr" */
    struct arrival_stream referrals; /* rate and profiles */
    int32_t teams;                   /* mean visits at once, or unlimited */
    double team_hour_weights[24];    /* capacity by hour, mean 1 */
    struct dist visit;               /* a visit, travel included */
    double avoid_probability;        /* seen in time: admission avoided */
    double late_avoid_probability;   /* seen late: admission avoided */
    double direct_share;             /* of the rest: direct admission (else
                                        an ED attendance) */
};

struct escalation {
    int enabled;                           /* the scenario has escalation */
    double interval_min;                   /* reassessment interval */
    double ga_occupancy[OPEL_LEVELS];      /* occupied over core G&A beds */
    double ed_boarders[OPEL_LEVELS];       /* admitted patients in ED */
    double handover_mean_min[OPEL_LEVELS]; /* over the last interval */
    double hysteresis_ga_occupancy;
    double hysteresis_ed_boarders;
    double hysteresis_handover_mean_min;
    int32_t escalation_beds[OPEL_LEVELS];     /* extra G&A beds open */
    int32_t escalation_beds_cap;              /* at most this many, ever */
    int cancel_electives[OPEL_LEVELS];        /* 1: electives are cancelled */
    double process_rate[OPEL_LEVELS];         /* multiplies process speed */
    double step_down_multiplier[OPEL_LEVELS]; /* multiplies step-down
                                                 probability */
};

/*
 * A local plan target drawn on charts and reported beside a KPI (national
 * standards live in standards.h; a target here is one system's plan, such
 * as C&P's NCTR of 258).  Filled from the scenario's "targets" list.
 */
struct scn_target {
    char *kpi;    /* KPI name as in summary.json, owned */
    double value; /* in the KPI's unit; shares as fractions in [0, 1] */
    int at_most;  /* 1: the KPI should be at or below value; 0: at or above */
    char *label;  /* short legend text, e.g. "plan 258", owned */
    char *source; /* where the figure comes from, owned, may be NULL */
};

/*
 * A named reporting period ("winter"): every KPI is also reported over
 * its days, as a ratio of the sums of its days' buckets.  The dates are
 * as the file gives them; the days reported are those inside the run
 * (scn_period_days).
 */
struct report_period {
    char *name;               /* owned: [A-Za-z0-9._-], not "all" */
    int32_t from_day, to_day; /* inclusive day numbers */
};

/*
 * A value of the scenario that carries a "source", "assumption" or "note"
 * (one of them: a value with two has two notes), as the extends chain
 * merges it, before any --set or --shift: what the files say and where.
 * key names the value as --set does ("sites[PCH].beds.ga.schedule[0]",
 * "" for the top level); value is it in words ("706", "[0.988, 1.06]",
 * "from 2024-01-08, capacity 706" for an object).
 */
struct scn_note {
    char *key;        /* owned */
    char *value;      /* owned */
    const char *kind; /* "source", "assumption" or "note" */
    char *text;       /* owned: the annotation */
    char *file;       /* owned: the file that wrote the annotation */
};

/* The name that stands for the whole run where a period is named. */
#define SCN_WHOLE_RUN "all"

/* The most acute sites a scenario may describe. */
#define SCN_MAX_SITES 8

/*
 * One acute site: its ED, what happens on a decision to admit, its G&A
 * beds and inpatient stays, its electives, and its share of each arrival
 * stream.  A scenario without "sites" has one implicit site holding the
 * top-level sections; with "sites", each site's sections are the top
 * level's with the site's own keys merged over them (the loader does the
 * merge; the model reads only struct scenario's sites[]).
 */
struct site {
    char *name;  /* owned: the site's key in outputs; the scenario's name
                    for the implicit site */
    char *title; /* owned, NULL when not given: charts use the name */
    double share[ARR_N]; /* share of each stream's arrivals that come here;
                            [ARR_VW_STEP_UP] is unused: a refused referral
                            goes by direct_admission's shares */

    struct {
        struct ed_area majors;
        struct ed_area minors;
        struct dist ambulance_offload;   /* ambulance offload once in a space */
        double admit_probability[ARR_N]; /* ED streams only; minors use
                                            minors_admit_probability */
        double minors_admit_probability;

        /* Ambulance cohort area (docs/model.md 2.12): an ambulance patient
         * who has waited after_min for a majors space moves to one of
         * `spaces` (0: none; RES_UNLIMITED), and the crew is released;
         * the area opens on from_day (0: from the start). */
        struct {
            int32_t spaces;
            int32_t from_day;
            double after_min;
        } cohort;
    } ed;

    struct {
        double zero_day_probability[COHORT_N]; /* same-day emergency care */
        struct dist zero_day_stay;             /* outside G&A beds */
        double vw_step_up_probability;         /* eligible for a VW instead */
    } admission;

    struct {
        struct schedule capacity;           /* open G&A beds */
        struct dist clinical_los[COHORT_N]; /* admission to fit */
        double pathway_probabilities[COHORT_N][PW_N];
        double step_down_probability[COHORT_N]; /* eligible for VW */
        struct dist turnaround; /* bed exit to the bed ready for the next
                                   patient (cleaning, allocation); fixed 0
                                   when none */
    } ga;

    /* Full capacity protocol (docs/model.md 2.12): while at least
     * boarders_trigger admitted patients board in the ED, every
     * interval_min up to moves_per_round of them move to wards (0: off),
     * where at most extra_spaces such extra patients wait at once; with
     * ahead_of_queue they take the site's next free beds.  The rounds
     * start on from_day (0: the first after the run's start). */
    struct {
        int32_t from_day;
        int32_t moves_per_round;
        int32_t extra_spaces;
        int32_t boarders_trigger;
        double interval_min;
        int ahead_of_queue;
    } fcp;

    struct {
        struct dist los;               /* elective stay */
        double cancel_above_occupancy; /* G&A occupancy that cancels */
        int booked;               /* 1: a booked list, not Poisson arrivals */
        int32_t ring_fenced_beds; /* of the G&A beds, only electives use */
        struct dist rebook_delay; /* cancellation to the new date (booked) */
    } elective;
};

struct scenario {
    char *path;        /* the top file of the extends chain, owned */
    char *name;        /* owned */
    char *description; /* owned */
    char *title;       /* owned, NULL when not given: outputs use the name */
    unsigned long long file_hash; /* FNV-1a of the bytes of every file in
                                     the extends chain, in order */

    int32_t start_day;    /* first reported day */
    int32_t end_day;      /* last reported day, inclusive */
    int32_t warm_up_days; /* simulated before start_day, not reported */
    uint32_t replications;
    uint64_t seed;

    struct arrival_stream arrivals[ARR_N];

    /*
     * The acute sites, at least one after loading.  has_sites is 1 when
     * the file lists them ("sites"), 0 for the one implicit site; outputs
     * report sites apart only when it is 1.
     */
    size_t n_sites;
    struct site *sites; /* owned */
    int has_sites;

    /*
     * The loader's own: the top-level ed, admission, beds, cohorts and
     * electives as read, every site's defaults.  Cleared once sites[] is
     * built; nothing else reads it.
     */
    struct site top;

    struct {
        struct schedule beds;             /* VW beds; RES_UNLIMITED allowed */
        struct dist stay;                 /* step-up stay */
        double escalation_probability;    /* back to hospital at stay end */
        double step_down_at_share_of_los; /* share of a step-down patient's
                                             clinical LoS done in hospital */
    } vw;

    struct {
        struct dist process_delay[PW_N]; /* in-hospital, working time */
        double window_start_h;           /* daily discharge window */
        double window_end_h;
        double weekend_process_rate; /* 1 = as fast as weekdays */
        struct pathway_cfg pw[PW_N]; /* pw[PW_0] unused but for shape */

        /* Discharge timing (issue 10), each off unless the file asks: */
        struct {
            int enabled;          /* 1: fit is recognised at a ward round */
            double start_h;       /* a patient's round: uniform in */
            double end_h;         /* [start_h, end_h], hours of the day */
            double weekend_share; /* reviewed at weekend rounds */
        } ward_round;

        struct {
            double start_h; /* the process works in these hours */
            double end_h;   /* (0 and 24: round the clock) */
        } process_hours;

        int has_departure_profile;    /* 1: the file gives it */
        double departure_profile[24]; /* relative rate of leaving by hour
                                         of day, mean 1 */
        int departure_exit_profile;   /* 1: the profile is the exit hour's
                                         distribution (docs/model.md 2.8) */
    } discharge;

    size_t n_periods;       /* bank holidays and industrial action */
    struct period *periods; /* owned, in file order */

    struct escalation escalation;
    struct ambulance ambulance; /* off unless given */
    struct ucr ucr;             /* off unless given */

    size_t n_targets;           /* local plan targets, in file order */
    struct scn_target *targets; /* owned */

    /*
     * Named reporting periods, in file order, then one a --period
     * FROM:TO added (scn_select_period); report_sel is 1 + the index of
     * the one the headline, sweeps and size searches use, or 0 for the
     * whole run (scn_selected_period).
     */
    size_t n_report_periods;
    struct report_period *report_periods; /* owned */
    size_t report_sel;

    size_t n_files; /* the extends chain, this file first; owned strings */
    char **files;
    size_t n_overrides; /* --set KEY=VALUE strings applied, in order; owned */
    char **overrides;
    size_t n_shifts; /* --shift KEY=+N strings applied, in order; owned */
    char **shifts;
    size_t n_warnings; /* things an override does that may surprise, one
                          line each, for the CLI to print; owned */
    char **warnings;

    size_t n_notes;         /* every annotated value, in file order */
    struct scn_note *notes; /* owned (scenario_notes.c) */
};

/* Error list filled by the loader: up to SCN_MAX_ERRORS messages. */
#define SCN_MAX_ERRORS 20

struct scn_errors {
    size_t n;                      /* messages kept (at most the max) */
    size_t total;                  /* messages found */
    char msg[SCN_MAX_ERRORS][512]; /* "FILE: $.path: what is wrong" */
};

/*
 * Load and validate a scenario file.  Returns 0 and fills *s (release with
 * scn_release), or returns 2 with every problem found (up to the maximum)
 * in *err and *s released.  An unreadable file is also 2.
 */
int scn_load(const char *path, struct scenario *s, struct scn_errors *err);

/*
 * As scn_load, then apply overrides before validation: sets[i] is
 * "key.path=value" where value is JSON (a number, string, true/false, an
 * array or object) or, if it does not parse as JSON, a plain string.  The
 * path names an existing key or a key the schema allows; an unknown one
 * is an error like an unknown key in the file.  The strings are copied
 * into s->overrides for the manifest.
 */
int scn_load_with(const char *path, const char *const *sets, size_t n_sets,
                  struct scenario *s, struct scn_errors *err);

/* How a command-line override changes the scenario. */
enum scn_ov_kind {
    SCN_OV_SET,  /* --set KEY=VALUE: the value replaces the key's */
    SCN_OV_VARY, /* a point of --vary: as --set, named --vary in messages */
    SCN_OV_SHIFT /* --shift KEY=+N: N added to a capacity and its schedule */
};

struct scn_override {
    enum scn_ov_kind kind;
    const char *text; /* "key.path=value", borrowed */
};

/*
 * As scn_load_with, for overrides of any kind.  Sets and vary points are
 * applied in the order given, then every shift, in order: a shift moves
 * whatever the file and the sets left (a shift of a site's key after the
 * sites are laid over the top level, so that it moves what the site has,
 * its own value or the top level's).  A shift names a capacity key
 * (beds.ga.capacity, virtual_wards.beds, discharge.pathways.pN.slots,
 * sites[SITE].beds.ga.capacity: `uecsim keys`) and a whole number N, "+60" or
 * "-40": N is added to the capacity (its default when the file does not give
 * it) and to every step of its dated schedule, so the capacity moves by N on
 * every day. An unlimited capacity cannot be shifted.  Messages name the option
 * ("--vary beds.ga.capacity=60: ...").  Sets are copied into
 * s->overrides and shifts into s->shifts, for the manifest.
 *
 * s->warnings says, one line per key, when a --set replaced a capacity
 * that still has dated steps: the value then holds only until the first
 * step, which is rarely what "60 more beds" means.
 */
int scn_load_overrides(const char *path, const struct scn_override *ov,
                       size_t n, struct scenario *s, struct scn_errors *err);

/* Free everything a scenario owns; accepts zero state. */
void scn_release(struct scenario *s);

/* The scenario's title, or its name when it has none. */
const char *scn_title(const struct scenario *s);

/*
 * Report period p's days inside the run: from and to (inclusive) into
 * *from and *to, and how many there are (0: none, and *from > *to).
 */
int32_t scn_period_days(const struct scenario *s, size_t p, int32_t *from,
                        int32_t *to);

/*
 * Choose the reporting period s->report_sel: spec is a period's name,
 * "all" (the whole run), or "FROM:TO" (ISO dates, inclusive: added to
 * s->report_periods under that name); NULL takes the period named
 * "winter" when dflt is 1 and the scenario names one with days in the
 * run, else the whole run.  Returns 0, or -1 with a message in err (an
 * unknown name, with the nearest and the names there are; bad dates; a
 * period with no day in the run).
 */
int scn_select_period(struct scenario *s, const char *spec, int dflt, char *err,
                      size_t err_len);

/* The selected reporting period's index, or -1 for the whole run. */
int scn_selected_period(const struct scenario *s);

/* Give dst the reporting periods and selection of src (replacing its
 * own), so that compared scenarios report the same days. */
void scn_copy_periods(struct scenario *dst, const struct scenario *src);

/* The schedule's value in force on a day. */
double scn_schedule_at(const struct schedule *sc, int32_t day);

/* The day number when the run starts (start_day - warm_up_days). */
int32_t scn_first_day(const struct scenario *s);

/* Days simulated, warm-up included. */
int32_t scn_days(const struct scenario *s);

/* cJSON's version string, for the manifest (cJSON stays in the loader). */
const char *scn_cjson_version(void);

/*
 * If key (a dotted path, "discharge.pathways.p1.slots", with list
 * elements named as in --set: "sites[PCH].beds.ga.capacity") is a capacity
 * with a dated schedule beside it, write the schedule's key
 * ("discharge.pathways.p1.schedule") to out and return 1; else 0.
 */
int scn_schedule_key(const char *key, char *out, size_t n);

/*
 * `uecsim keys [--markdown | --json]`: list every scenario key (argv
 * holds the options only).  Returns the exit status: 0, 1 when out
 * cannot be written, 2 for a bad option (reported on err).
 */
int scn_keys_command(int argc, char **argv, FILE *out, FILE *err);

/* Short stable names: "ed_walk_in", "under_65", "p1", ... */
const char *scn_stream_name(enum arr_stream a);
const char *scn_cohort_name(enum cohort c);
const char *scn_pathway_name(enum pathway p);

#endif
