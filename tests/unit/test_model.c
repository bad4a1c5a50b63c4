/*
 * Unit tests of the flow model: each mechanism switched on alone in a
 * tiny scenario, checked against what it must do (a value from first
 * principles, or a comparison between two variants), plus determinism and
 * common random numbers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kpi.h"
#include "model.h"
#include "output.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "util.h"

struct fx {
    struct scenario scn;
    struct run run;
};

/* Load a scenario from JSON text and run it with reps replications. */
static struct fx *
run_text(const char *json, uint32_t reps, int threads)
{
    char path[] = "/tmp/uecsim-model-XXXXXX";
    int fd = mkstemp(path);
    struct fx *f = xcalloc(1, sizeof(*f));
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    struct run_opts o = {0};
    FILE *fp;
    int rc;

    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(json, fp);
    fclose(fp);
    rc = scn_load(path, &f->scn, err);
    for (size_t i = 0; i < err->n; i++)
        fprintf(stderr, "%s\n", err->msg[i]);
    assert_int_equal(rc, 0);
    unlink(path);
    free(err);
    o.replications = reps;
    o.threads = threads;
    o.quiet = 1;
    o.keep = 1; /* the tests read each replication */
    assert_int_equal(run_replications(&f->scn, &o, &f->run), 0);
    return f;
}

static void
fx_free(struct fx *f)
{
    run_release(&f->run);
    scn_release(&f->scn);
    free(f);
}

/* Mean over replications of a KPI over the whole period. */
static double
kpi_mean(const struct fx *f, const char *name)
{
    int k = kpi_find(name);
    double *v = xmalloc(f->run.replications * sizeof(double));
    struct summary sm;

    assert_true(k >= 0);
    run_kpi_values(&f->run, (size_t)k, -1, v);
    stats_summarise(v, f->run.replications, 1, &sm);
    free(v);
    return sm.mean;
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
    struct fx *f = run_text(direct_base, 4, 1);

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
    struct fx *f =
        run_text(HEAD("window") "\"arrivals\": {\"direct_admission\": "
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
    struct fx *slow = run_text(
        HEAD("we1") "\"arrivals\": {\"direct_admission\": "
                    "{\"rate_per_day\": 100}},"
                    "\"discharge\": {\"weekend_process_rate\": 0.5, "
                    "\"process_delay\": {\"p0\": {\"kind\": \"fixed\", "
                    "\"value_days\": 1}}}}",
        2, 1);
    struct fx *fast = run_text(
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
    struct fx *f = run_text(
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
    t = run_text(tight, 3, 1);
    l = run_text(loose, 3, 1);
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
    a = run_text(full, 3, 1);
    b = run_text(free_, 3, 1);
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
    a = run_text(a_txt, 2, 1);
    b = run_text(b_txt, 2, 1);
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
    struct fx *a = run_text(direct_base, 4, 1);
    struct fx *b = run_text(direct_base, 4, 2);
    struct fx *c = run_text(direct_base, 4, 1);

    (void)state;
    for (uint32_t r = 0; r < 4; r++) {
        const struct rep_out *x = &a->run.rep[r], *y = &b->run.rep[r],
                             *z = &c->run.rep[r];

        assert_memory_equal(x->total, y->total, sizeof(x->total));
        assert_memory_equal(x->total, z->total, sizeof(x->total));
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
    struct fx *f = run_text(
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
    struct fx *f = run_text(
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
    };

    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
