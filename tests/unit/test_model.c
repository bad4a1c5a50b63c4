/*
 * Unit tests of the flow model: each mechanism switched on alone in a
 * tiny scenario, checked against what it must do (a value from first
 * principles, or a comparison between two variants), plus determinism and
 * common random numbers.
 */
#include <math.h>
#include <string.h>

#include "../fixture.h"
#include "dist.h"
#include "model.h"
/* The private state, for the conservation check alone. */
#include "../../sim/model_int.h"

/* Mean over replications of a KPI over the whole period. */
static double
kpi_mean(const struct fx *f, const char *name)
{
    return fx_kpi(&f->run, name, -1).mean;
}

/* A KPI in one reported month (0 = the first) of replication 0. */
static double
kpi_month(const struct fx *f, const char *name, int month)
{
    int k = kpi_find(name);
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert_true(k >= 0);
    return kpi_eval(&tab[k], f->run.rep[0].monthly + (size_t)month * ACC_N);
}

#define HEAD(name)                                                             \
    "{\"name\": \"" name "\", \"start_date\": \"2023-01-01\", "                \
    "\"end_date\": \"2023-12-31\", \"warm_up_days\": 30, \"seed\": 2385, "

/* Direct admissions only, unlimited beds, fixed 2-day stays. */
static const char direct_base[] = HEAD(
    "direct") "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": 40}},"
              "\"cohorts\": {\"under_65\": {\"clinical_los\": "
              "{\"kind\": \"fixed\", \"value_days\": 2}}}}";

static void
test_little_and_rates(void **state)
{
    struct fx *f = fx_run_text(direct_base, 4, 1);

    (void)state;
    /* Poisson arrivals at 40 a day; each holds a bed exactly 2 days. */
    assert_true(fabs(kpi_mean(f, "nel_admissions_per_day") - 40) < 1.0);
    assert_true(fabs(kpi_mean(f, "nel_los_mean_days") - 2) < 1e-9);
    assert_true(fabs(kpi_mean(f, "ga_occupied_mean") - 80) < 2.0);
    assert_true(fabs(kpi_mean(f, "ga_wait_mean_h")) < 1e-12);
    assert_true(fabs(kpi_mean(f, "p0_discharge_share") - 1) < 1e-12);
    fx_free(f);
}

static void
test_discharge_window(void **state)
{
    /*
     * Zero stays and a window 08:00-20:00: a patient fit outside the
     * window waits for 08:00.  Arrivals are uniform over the day, so half
     * wait on average 6 hours: mean stay 3 h = 0.125 days.
     */
    struct fx *f = fx_run_text(
        HEAD("window") "\"arrivals\": {\"direct_admission\": "
                       "{\"rate_per_day\": 200}},"
                       "\"discharge\": {\"window\": {\"start_h\": 8, "
                       "\"end_h\": 20}}}",
        4, 1);

    (void)state;
    assert_true(fabs(kpi_mean(f, "nel_los_mean_days") - 0.125) < 0.004);
    assert_true(kpi_mean(f, "nctr_in_process_mean") > 0);
    fx_free(f);
}

static void
test_weekend_process_rate(void **state)
{
    /*
     * A fixed 1-day process at half speed at weekends, started at a time x
     * uniform over the week (Monday 0).  Monday to Thursday: 1 day.
     * Friday, f = 5 - x of weekday left: f + 2 (1 - f), mean 1.5.
     * Saturday, g = 6 - x left: g + 1 + (0.5 - g / 2), mean 1.75.
     * Sunday, h = 7 - x left: h + (1 - h / 2), mean 1.25.
     * Over the week: (4 + 1.5 + 1.75 + 1.25) / 7 = 8.5 / 7 days.
     */
    struct fx *slow = fx_run_text(
        HEAD("we1") "\"arrivals\": {\"direct_admission\": "
                    "{\"rate_per_day\": 100}},"
                    "\"discharge\": {\"weekend_process_rate\": 0.5, "
                    "\"process_delay\": {\"p0\": {\"kind\": \"fixed\", "
                    "\"value_days\": 1}}}}",
        2, 1);
    struct fx *fast = fx_run_text(
        HEAD("we2") "\"arrivals\": {\"direct_admission\": "
                    "{\"rate_per_day\": 100}},"
                    "\"discharge\": {\"weekend_process_rate\": 1, "
                    "\"process_delay\": {\"p0\": {\"kind\": \"fixed\", "
                    "\"value_days\": 1}}}}",
        2, 1);
    double s = kpi_mean(slow, "nel_los_mean_days");
    double q = kpi_mean(fast, "nel_los_mean_days");

    (void)state;
    assert_true(fabs(q - 1) < 1e-9);
    assert_true(fabs(s - 8.5 / 7.0) < 0.01);
    fx_free(slow);
    fx_free(fast);
}

static void
test_capacity_schedule(void **state)
{
    struct fx *f = fx_run_text(
        HEAD("sched") "\"arrivals\": {\"direct_admission\": "
                      "{\"rate_per_day\": 10}},"
                      "\"beds\": {\"ga\": {\"capacity\": 150, \"schedule\": "
                      "[{\"from\": \"2023-03-01\", \"capacity\": 170}, "
                      "{\"from\": \"2023-06-01\", \"capacity\": 140}]}},"
                      "\"virtual_wards\": {\"beds\": 30, \"schedule\": "
                      "[{\"from\": \"2023-02-01\", \"beds\": 35}]}}",
        1, 1);

    (void)state;
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 0) - 150) < 1e-9);
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 1) - 150) < 1e-9);
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 2) - 170) < 1e-9);
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 4) - 170) < 1e-9);
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 5) - 140) < 1e-9);
    assert_true(fabs(kpi_month(f, "ga_beds_open_mean", 11) - 140) < 1e-9);
    fx_free(f);
}

static const char pathway_fmt[] =
    HEAD("pw") "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": 20}},"
               "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
               "\"exponential\", \"mean_days\": 3}, \"pathway_probabilities\": "
               "{\"p0\": 0.5, \"p1\": 0.5, \"p2\": 0, \"p3\": 0}}},"
               "\"discharge\": {\"pathways\": {\"p1\": {\"slots\": %s, "
               "\"duration\": "
               "{\"kind\": \"exponential\", \"mean_days\": 10}}}}}";

static void
test_pathway_capacity_blocks_beds(void **state)
{
    /* P1 demand 10 a day x 10 days = 100 places busy on average. */
    char tight[2048], loose[2048];
    struct fx *t, *l;

    (void)state;
    snprintf(tight, sizeof(tight), pathway_fmt, "104");
    snprintf(loose, sizeof(loose), pathway_fmt, "\"unlimited\"");
    t = fx_run_text(tight, 3, 1);
    l = fx_run_text(loose, 3, 1);
    assert_true(fabs(kpi_mean(l, "p1_wait_mean_days")) < 1e-12);
    assert_true(fabs(kpi_mean(l, "nctr_awaiting_pathway_mean")) < 1e-12);
    assert_true(kpi_mean(t, "p1_wait_mean_days") > 0.5);
    assert_true(kpi_mean(t, "nctr_awaiting_pathway_mean") > 5);
    /* The wait is spent in a bed: occupancy rises by about lambda x wait. */
    assert_true(kpi_mean(t, "ga_occupied_mean") >
                kpi_mean(l, "ga_occupied_mean") + 5);
    assert_true(fabs(kpi_mean(t, "p0_discharge_share") - 0.5) < 0.02);
    assert_true(kpi_mean(t, "p1_occupancy") > 0.9);
    fx_free(t);
    fx_free(l);
}

static void
test_boarding_needs_full_beds(void **state)
{
    static const char fmt[] = HEAD(
        "board") "\"arrivals\": {\"ed_ambulance\": {\"rate_per_day\": 120}},"
                 "\"ed\": {\"majors\": {\"spaces\": 12, \"treatment\": "
                 "{\"kind\": \"exponential\", \"mean_h\": 1.5}},"
                 "\"ambulance_offload\": {\"kind\": \"fixed\", \"value_min\": "
                 "15},"
                 "\"admit_probability\": {\"ambulance\": 0.5}},"
                 "\"beds\": {\"ga\": {\"capacity\": %s}},"
                 "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
                 "\"exponential\", \"mean_days\": 1}}}}";
    char full[2048], free_[2048];
    struct fx *a, *b;

    (void)state;
    snprintf(full, sizeof(full), fmt, "63");
    snprintf(free_, sizeof(free_), fmt, "\"unlimited\"");
    a = fx_run_text(full, 3, 1);
    b = fx_run_text(free_, 3, 1);
    assert_true(fabs(kpi_mean(b, "ed_boarders_mean")) < 1e-12);
    assert_true(fabs(kpi_mean(b, "dta_boarded_share")) < 1e-12);
    assert_true(kpi_mean(a, "ed_boarders_mean") > 0.5);
    /* Boarders hold spaces, so ambulances wait longer to hand over. */
    assert_true(kpi_mean(a, "handover_mean_min") >
                kpi_mean(b, "handover_mean_min") + 5);
    /* The offload alone: handover is at least 15 minutes. */
    assert_true(kpi_mean(b, "handover_mean_min") >= 15);
    assert_true(kpi_mean(a, "ed_4h_performance") <
                kpi_mean(b, "ed_4h_performance"));
    fx_free(a);
    fx_free(b);
}

static void
test_common_random_numbers(void **state)
{
    /* Only the bed count differs: the same patients arrive, day by day. */
    static const char fmt[] =
        HEAD("crn") "\"arrivals\": {\"ed_walk_in\": {\"rate_per_day\": 150, "
                    "\"majors_share\": 0.5}, \"direct_admission\": "
                    "{\"rate_per_day\": "
                    "15}},"
                    "\"ed\": {\"majors\": {\"spaces\": 10, \"treatment\": "
                    "{\"kind\": "
                    "\"lognormal\", \"mean_h\": 2, \"cv\": 0.8}},"
                    "\"minors\": {\"spaces\": 8, \"treatment\": {\"kind\": "
                    "\"exponential\", \"mean_h\": 1}}, \"admit_probability\": "
                    "{\"walk_in\": 0.3}},"
                    "\"beds\": {\"ga\": {\"capacity\": %d}},"
                    "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
                    "\"lognormal\", \"mean_days\": 2.5, \"cv\": 1}}}}";
    char a_txt[2048], b_txt[2048];
    struct fx *a, *b;
    size_t idx[64], nd = model_daily_kpis(idx, 64), k = nd;
    int same_daily = 1;

    (void)state;
    for (size_t i = 0; i < nd; i++)
        if ((int)idx[i] == kpi_find("ed_attendances_per_day"))
            k = i;
    assert_true(k < nd);
    snprintf(a_txt, sizeof(a_txt), fmt, 75);
    snprintf(b_txt, sizeof(b_txt), fmt, 95);
    a = fx_run_text(a_txt, 2, 1);
    b = fx_run_text(b_txt, 2, 1);
    for (uint32_t r = 0; r < 2; r++) {
        const struct rep_out *x = &a->run.rep[r], *y = &b->run.rep[r];

        assert_true(x->total[ACC_ED_ARRIVALS] == y->total[ACC_ED_ARRIVALS]);
        for (size_t d = 0; d < x->n_days; d++)
            if (x->daily[d * x->n_daily + k] != y->daily[d * y->n_daily + k])
                same_daily = 0;
    }
    assert_true(same_daily);
    /* More beds: fewer boarders, in every replication (paired). */
    for (uint32_t r = 0; r < 2; r++)
        assert_true(b->run.rep[r].total[AREA_BOARDERS] <
                    a->run.rep[r].total[AREA_BOARDERS]);
    fx_free(a);
    fx_free(b);
}

static void
test_determinism_and_threads(void **state)
{
    struct fx *a = fx_run_text(direct_base, 4, 1);
    struct fx *b = fx_run_text(direct_base, 4, 2);
    struct fx *c = fx_run_text(direct_base, 4, 1);

    (void)state;
    for (uint32_t r = 0; r < 4; r++) {
        const struct rep_out *x = &a->run.rep[r], *y = &b->run.rep[r],
                             *z = &c->run.rep[r];

        assert_memory_equal(x->total, y->total, ACC_N * sizeof(*x->total));
        assert_memory_equal(x->total, z->total, ACC_N * sizeof(*x->total));
        assert_memory_equal(x->daily, y->daily,
                            x->n_days * x->n_daily * sizeof(double));
    }
    /* Replications differ from each other. */
    assert_true(a->run.rep[0].total[ACC_NEL_ADMISSIONS] !=
                a->run.rep[1].total[ACC_NEL_ADMISSIONS]);
    fx_free(a);
    fx_free(b);
    fx_free(c);
}

static void
test_zero_day_and_electives(void **state)
{
    struct fx *f = fx_run_text(
        HEAD("zd") "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": "
                   "60, \"share_65_plus\": 0.25}, \"elective\": "
                   "{\"rate_per_day\": 10, \"day_of_week_weights\": "
                   "[1, 1, 1, 1, 1, 0, 0]}},"
                   "\"admission\": {\"zero_day_probability\": {\"under_65\": "
                   "0.4, \"65_plus\": 0.2}, \"zero_day_stay\": {\"kind\": "
                   "\"fixed\", \"value_h\": 6}},"
                   "\"beds\": {\"ga\": {\"capacity\": 400}},"
                   "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
                   "\"fixed\", \"value_days\": 3}}, \"65_plus\": "
                   "{\"clinical_los\": {\"kind\": \"fixed\", \"value_days\": "
                   "3}}},"
                   "\"electives\": {\"los\": {\"kind\": \"fixed\", "
                   "\"value_days\": 2}, \"cancel_above_occupancy\": 0}}",
        3, 1);

    (void)state;
    /* 0.75 x 0.4 + 0.25 x 0.2 = 0.35 of admissions are same-day. */
    assert_true(fabs(kpi_mean(f, "zero_day_los_share") - 0.35) < 0.01);
    /* Mean stay: 0.35 x 0.25 day + 0.65 x 3 days. */
    assert_true(fabs(kpi_mean(f, "nel_los_mean_days") -
                     (0.35 * 0.25 + 0.65 * 3)) < 0.03);
    /* Occupancy above 0 at every elective arrival: all are cancelled. */
    assert_true(fabs(kpi_mean(f, "elective_cancellations_per_day") - 10) < 0.4);
    fx_free(f);
}

static void
test_step_down_and_escalation(void **state)
{
    struct fx *f = fx_run_text(
        HEAD("sd") "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": "
                   "10}},"
                   "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
                   "\"fixed\", \"value_days\": 4}, \"step_down_probability\": "
                   "1}},"
                   "\"virtual_wards\": {\"beds\": \"unlimited\", "
                   "\"step_down_at_share_of_los\": 0.25}}",
        2, 1);

    (void)state;
    /* Every patient steps down after a quarter of a 4-day stay. */
    assert_true(fabs(kpi_mean(f, "ga_bed_stay_mean_days") - 1) < 1e-9);
    assert_true(fabs(kpi_mean(f, "nel_los_mean_days") - 1) < 1e-9);
    assert_true(fabs(kpi_mean(f, "vw_stay_mean_days") - 3) < 1e-9);
    assert_true(fabs(kpi_mean(f, "vw_step_up_share")) < 1e-12);
    fx_free(f);
}

/* --- the watchdog: values the loader should stop, fed to the model -------- */

/*
 * Replication 0 of s straight through model_run.  A scenario is loaded
 * from valid JSON and then broken in memory, so these tests show what the
 * model does on its own, whatever bounds the loader has.
 */
static int
run_direct(const struct scenario *s, struct rep_out *out)
{
    int rc = model_run(s, 0, s->seed, out, NULL);

    if (rc)
        printf("  model_run: %s\n", out->error);
    else
        assert_string_equal(out->error, "");
    return rc;
}

static void
set_dist(struct dist *d, enum dist_kind kind, double p0, double p1)
{
    dist_release(d);
    memset(d, 0, sizeof(*d));
    d->kind = kind;
    d->p[0] = p0;
    d->p[1] = p1;
}

static void
expect_error(const struct rep_out *out, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strstr(out->error, parts[i])) {
            printf("  missing \"%s\"\n", parts[i]);
            fail();
        }
}

static void
test_watchdog_broken_durations(void **state)
{
    /*
     * Durations that are not a number, infinite or negative, and the
     * parameters of a lognormal or gamma whose cv overflowed (cv 1e155:
     * sigma infinite; cv 1e-160: shape infinite; cv 1e300: scale
     * infinite): each is an error naming the stage, never an abort.
     */
    static const struct {
        enum dist_kind kind;
        double p0, p1;
        const char *how;
    } broken[] = {
        {DIST_FIXED, (double)NAN, 0, "not a number"},
        {DIST_FIXED, (double)INFINITY, 0, "infinite"},
        {DIST_FIXED, -60, 0, "before now"},
        {DIST_LOGNORMAL, -(double)INFINITY, (double)INFINITY, "not a number"},
        {DIST_GAMMA, (double)INFINITY, 0, "not a number"},
        {DIST_GAMMA, 0, (double)INFINITY, "not a number"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        struct scenario s;
        struct rep_out out;
        const char *parts[] = {"replication 1, 2022-12-",
                               "arrival: ", "clinical stay end of patient",
                               "in a G&A bed", broken[i].how};

        fx_load_text(direct_base, &s);
        for (int c = 0; c < COHORT_N; c++)
            set_dist(&s.sites[0].ga.clinical_los[c], broken[i].kind,
                     broken[i].p0, broken[i].p1);
        assert_int_equal(run_direct(&s, &out), -1);
        expect_error(&out, parts, sizeof(parts) / sizeof(parts[0]));
        model_out_release(&out);
        scn_release(&s);
    }
}

static void
test_watchdog_names_the_stage(void **state)
{
    struct scenario s;
    struct rep_out out;

    (void)state;
    /* ED: an ambulance's treatment time is negative. */
    fx_load_text(HEAD("amb") "\"arrivals\": {\"ed_ambulance\": "
                             "{\"rate_per_day\": 50}}}",
                 &s);
    set_dist(&s.sites[0].ed.majors.treatment, DIST_FIXED, -5, 0);
    set_dist(&s.sites[0].ed.majors.treatment_admitted, DIST_FIXED, -5, 0);
    assert_int_equal(run_direct(&s, &out), -1);
    {
        const char *parts[] = {"arrival: ", "ED treatment end",
                               "in an ED space", "ed_ambulance arrival",
                               "before now"};

        expect_error(&out, parts, sizeof(parts) / sizeof(parts[0]));
    }
    model_out_release(&out);
    scn_release(&s);

    /* Discharge: the process delay is not a number, found at the end of
       the clinical stay. */
    fx_load_text(direct_base, &s);
    set_dist(&s.discharge.process_delay[PW_0], DIST_FIXED, (double)NAN, 0);
    assert_int_equal(run_direct(&s, &out), -1);
    {
        const char *parts[] = {"clinical stay end: ", "discharge process end",
                               "in the discharge process", "not a number"};

        expect_error(&out, parts, sizeof(parts) / sizeof(parts[0]));
    }
    model_out_release(&out);
    scn_release(&s);

    /* Escalation: a reassessment interval the clock cannot walk. */
    fx_load_text(direct_base, &s);
    s.escalation.enabled = 1;
    s.escalation.interval_min = 1e-298;
    assert_int_equal(run_direct(&s, &out), -1);
    assert_non_null(strstr(out.error, "escalation.interval_h"));
    model_out_release(&out);
    scn_release(&s);
}

static void
test_watchdog_arrival_volume(void **state)
{
    /*
     * Rates that would bring more patients than a run can get through
     * (the hang of issue 8: 1e12 or 1e300 a day, or a multiplier that
     * overflows the rate) stop before the first event.
     */
    static const double rate[] = {1e12, 1e300};
    struct scenario s;
    struct rep_out out;

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        fx_load_text(direct_base, &s);
        s.arrivals[ARR_DIRECT].rate_per_day = rate[i];
        assert_int_equal(run_direct(&s, &out), -1);
        assert_non_null(strstr(out.error, "would bring"));
        assert_int_equal(out.events, 0);
        model_out_release(&out);
        scn_release(&s);
    }
    fx_load_text(direct_base, &s);
    s.arrivals[ARR_DIRECT].rate_per_day = 1e300;
    for (int m = 0; m < 12; m++)
        s.arrivals[ARR_DIRECT].month_of_year_weights[m] = 1e300;
    assert_int_equal(run_direct(&s, &out), -1);
    assert_non_null(strstr(out.error, "would bring inf patients"));
    model_out_release(&out);
    scn_release(&s);
}

static void
test_huge_durations_end(void **state)
{
    /*
     * Durations far beyond the end of the run are fine: the events never
     * fire, and nothing walks time past the end.  A process of 1e15 days
     * used to walk day by day (a hang); the alarm turns a hang into a
     * failure.
     */
    struct scenario s;
    struct rep_out out;

    (void)state;
    alarm(120);
    fx_load_text(direct_base, &s);
    set_dist(&s.discharge.process_delay[PW_0], DIST_FIXED, 1e15 * 1440, 0);
    assert_int_equal(run_direct(&s, &out), 0);
    /* Nobody leaves: every admission is still in the process at the end. */
    assert_true(out.total[ACC_DISCHARGES_P0] == 0);
    assert_true(out.total[ACC_NEL_ADMISSIONS] > 0);
    assert_true(out.total[AREA_NCTR_PROCESS] > 0);
    model_out_release(&out);
    scn_release(&s);

    fx_load_text(direct_base, &s);
    for (int c = 0; c < COHORT_N; c++)
        set_dist(&s.sites[0].ga.clinical_los[c], DIST_FIXED, 1e300, 0);
    assert_int_equal(run_direct(&s, &out), 0);
    assert_true(out.total[ACC_GA_BED_EXITS] == 0);
    model_out_release(&out);
    scn_release(&s);
    alarm(0);
}

/* A failed replication fails the run, with the first failure's message. */
static void
test_run_reports_failure(void **state)
{
    struct fx f;
    struct run_opts o = {0};

    (void)state;
    memset(&f, 0, sizeof(f));
    fx_load_text(direct_base, &f.scn);
    set_dist(&f.scn.sites[0].ga.clinical_los[COHORT_UNDER_65], DIST_FIXED, -1,
             0);
    o.replications = 3;
    o.threads = 2;
    o.quiet = 1;
    assert_int_equal(run_replications(&f.scn, &o, &f.run), -1);
    /* Replications are handed on in order: the first one's message. */
    assert_true(f.run.error[0] != '\0');
    assert_non_null(strstr(f.run.error, "replication 1, "));
    run_release(&f.run);
    scn_release(&f.scn);
}

/* --- conservation: the per-day check finds every disagreement ------------ */

/* Whether level a is a site's (else the system's: virtual wards, pathway
 * places held and open, OPEL). */
static int
site_area(int a)
{
    return a <= AREA_NCTR_AWAITING ||
           (a >= AREA_PW_QUEUE_P1 && a <= AREA_PW_QUEUE_P3) ||
           a == AREA_ESC_BEDS || a == AREA_GA_TURNAROUND ||
           a == AREA_ELECTIVE_REBOOKED || a == AREA_GA_RF_OCCUPIED ||
           a == AREA_GA_RF_OPEN || a == AREA_COHORT_BUSY ||
           a == AREA_COHORT_QUEUE || a == AREA_FCP_EXTRA;
}

/*
 * A hand-made state of two sites: every level agrees with its resource
 * and its patients, and then one unit too many anywhere is found, in the
 * bucket where it is tracked.
 */
static void
test_conservation_check(void **state)
{
    struct sim s;
    struct patient pat[6];
    char name_a[] = "A", name_b[] = "B";
    struct site cfg[2] = {{.name = name_a}, {.name = name_b}};
    struct site_sim site[2];
    struct bucket bk[3];
    uint32_t queued = 3;
    char why[256];

    (void)state;
    memset(&s, 0, sizeof(s));
    memset(pat, 0, sizeof(pat));
    memset(site, 0, sizeof(site));
    memset(bk, 0, sizeof(bk));
    s.n_sites = 2;
    s.site = site;
    s.n_buckets = 3;
    s.bk = bk;
    s.sys = &bk[0];
    for (size_t k = 0; k < 2; k++) {
        site[k].cfg = &cfg[k];
        site[k].b = &bk[1 + k];
        for (int r = 0; r < RES_SITE_N; r++)
            res_init(&site[k].res[r], 5);
        res_init(&site[k].cohort, 5);
        site[k].b->lv[AREA_GA_OPEN].value = 5;
    }
    for (int r = RES_SITE_N; r < RES_N; r++)
        res_init(&s.res[r], 5);
    s.sys->lv[AREA_VW_OPEN].value = 5;
    s.sys->lv[AREA_PW_OPEN_P1].value = s.sys->lv[AREA_PW_OPEN_P2].value = 5;
    s.sys->lv[AREA_PW_OPEN_P3].value = 5;
    s.opel_level = 1;
    s.sys->lv[AREA_OPEL_1].value = s.sys->lv[AREA_OPEL_LEVEL].value = 1;
    /* At A, an ambulance patient in majors and one on pathway 1 holding
       the place and waiting for the discharge window; at B, one in a bed
       and one brokered, waiting in the bed for a pathway 2 place. */
    s.pat = pat;
    s.n_pat = 4;
    pat[0].state = PS_ED_SPACE;
    pat[0].flags = PF_IN_ED | PF_AMBULANCE;
    site[0].res[RES_MAJORS].busy = 1;
    bk[1].lv[AREA_MAJORS_BUSY].value = bk[1].lv[AREA_ED_IN_DEPT].value = 1;
    pat[2].state = PS_LEAVING;
    pat[2].pathway = PW_1;
    site[0].res[RES_GA].busy = 1;
    bk[1].lv[AREA_GA_OCCUPIED].value = 1;
    bk[1].lv[AREA_NCTR_AWAITING].value = 1;
    s.res[RES_P1].busy = 1;
    s.sys->lv[AREA_PW_BUSY_P1].value = 1;
    pat[1].state = PS_IN_BED;
    pat[1].site = 1;
    pat[3].state = PS_NCTR_AWAITING;
    pat[3].pathway = PW_2;
    pat[3].site = 1;
    site[1].res[RES_GA].busy = 2;
    bk[2].lv[AREA_GA_OCCUPIED].value = 2;
    bk[2].lv[AREA_NCTR_AWAITING].value = 1;
    s.res[RES_P2].capacity = 0;
    s.sys->lv[AREA_PW_OPEN_P2].value = 0;
    assert_int_equal(res_take_or_wait(&s.res[RES_P2], queued), 0);
    bk[2].lv[AREA_PW_QUEUE_P2].value = 1;
    /* At A, an ambulance patient handed over into the cohort area, still
       waiting for a majors space; at B, a patient the full capacity
       protocol moved to a ward, at the head of the bed queue. */
    s.n_pat = 6;
    pat[4].state = PS_ED_WAIT;
    pat[4].flags = PF_IN_ED | PF_AMBULANCE | PF_COHORT;
    res_set_capacity(&site[0].res[RES_MAJORS], 1);
    assert_int_equal(res_take_or_wait(&site[0].res[RES_MAJORS], 4), 0);
    assert_int_equal(res_try_take(&site[0].cohort), 1);
    bk[1].lv[AREA_MAJORS_QUEUE].value = bk[1].lv[AREA_COHORT_BUSY].value = 1;
    bk[1].lv[AREA_ED_IN_DEPT].value = 2;
    pat[5].state = PS_WARD_EXTRA;
    pat[5].site = 1;
    cfg[1].fcp.ahead_of_queue = 1;
    res_set_capacity(&site[1].res[RES_GA], 2);
    bk[2].lv[AREA_GA_OPEN].value = 2;
    assert_int_equal(res_take_or_wait(&site[1].res[RES_GA], 5), 0);
    site[1].ward_extra = 1;
    bk[2].lv[AREA_GA_QUEUE].value = bk[2].lv[AREA_FCP_EXTRA].value = 1;
    assert_null(model_check_levels(&s, why, sizeof(why)));

    /* One unit more in any level is found, in the bucket that tracks it... */
    for (size_t j = 0; j < 3; j++) {
        for (int a = AREA_FIRST; a < ACC_N; a++) {
            if (site_area(a) != (j > 0))
                continue;
            bk[j].lv[a].value += 1;
            assert_non_null(model_check_levels(&s, why, sizeof(why)));
            bk[j].lv[a].value -= 1;
        }
    }
    /* ...and in any resource's busy count or queue... */
    for (size_t k = 0; k < 2 + 1; k++) {
        int first = k < 2 ? 0 : RES_SITE_N, last = k < 2 ? RES_SITE_N : RES_N;

        for (int r = first; r < last; r++) {
            struct res *res = k < 2 ? &site[k].res[r] : &s.res[r];

            res->busy++;
            assert_non_null(model_check_levels(&s, why, sizeof(why)));
            res->busy--;
            res->q_len++;
            assert_non_null(model_check_levels(&s, why, sizeof(why)));
            res->q_len--;
        }
    }
    /* ...in a cohort area's count or queue, or the protocol's count... */
    for (size_t k = 0; k < 2; k++) {
        site[k].cohort.busy++;
        assert_non_null(model_check_levels(&s, why, sizeof(why)));
        site[k].cohort.busy--;
        site[k].cohort.q_len++;
        assert_non_null(model_check_levels(&s, why, sizeof(why)));
        site[k].cohort.q_len--;
        site[k].ward_extra++;
        assert_non_null(model_check_levels(&s, why, sizeof(why)));
        site[k].ward_extra--;
    }
    /* ...a cohorted ambulance counted as still handing over... */
    pat[4].flags &= ~(uint32_t)PF_COHORT;
    assert_non_null(model_check_levels(&s, why, sizeof(why)));
    assert_non_null(strstr(why, "site A: handover queue / ambulances"));
    pat[4].flags |= PF_COHORT;
    /* ...a moved patient behind someone else in the queue... */
    pat[5].state = PS_WAIT_BED;
    assert_non_null(model_check_levels(&s, why, sizeof(why)));
    pat[5].state = PS_WARD_EXTRA;
    /* ...a patient whose state moved without its level, named by site... */
    pat[1].state = PS_NCTR_PROCESS;
    assert_non_null(model_check_levels(&s, why, sizeof(why)));
    assert_non_null(strstr(why, "site B: NCTR process"));
    pat[1].state = PS_IN_BED;
    /* ...a patient counted at the wrong site... */
    pat[3].site = 0;
    assert_non_null(model_check_levels(&s, why, sizeof(why)));
    pat[3].site = 1;
    /* ...and an id both free and in use. */
    s.n_free = 1;
    assert_non_null(model_check_levels(&s, why, sizeof(why)));
    s.n_free = 0;
    assert_null(model_check_levels(&s, why, sizeof(why)));
    for (size_t k = 0; k < 2; k++) {
        res_release(&site[k].cohort);
        for (int r = 0; r < RES_SITE_N; r++)
            res_release(&site[k].res[r]);
    }
    for (int r = RES_SITE_N; r < RES_N; r++)
        res_release(&s.res[r]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_little_and_rates),
        cmocka_unit_test(test_discharge_window),
        cmocka_unit_test(test_weekend_process_rate),
        cmocka_unit_test(test_capacity_schedule),
        cmocka_unit_test(test_pathway_capacity_blocks_beds),
        cmocka_unit_test(test_boarding_needs_full_beds),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_determinism_and_threads),
        cmocka_unit_test(test_zero_day_and_electives),
        cmocka_unit_test(test_step_down_and_escalation),
        cmocka_unit_test(test_watchdog_broken_durations),
        cmocka_unit_test(test_watchdog_names_the_stage),
        cmocka_unit_test(test_watchdog_arrival_volume),
        cmocka_unit_test(test_huge_durations_end),
        cmocka_unit_test(test_run_reports_failure),
        cmocka_unit_test(test_conservation_check),
    };

    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
