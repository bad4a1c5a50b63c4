/*
 * Unit tests for precision (-r auto): the state machine stops where a
 * direct transcription of Hoad, Robinson and Davies's (2010) algorithm
 * (two nested loops, as their paper and the sim-tools package write it)
 * stops, on many random sequences; a candidate that the look-ahead
 * refutes is dropped; the look-ahead grows past 100; the floor near zero,
 * absolute widths, undefined KPIs, settled verdicts and the ceiling
 * behave as precision.h says.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "precision.h"
#include "results.h"
#include "util.h"

#define N_DAYS 7

/* Results over a week, fed one replication at a time with a chosen
 * G&A occupancy (the KPI judged). */
struct fx {
    struct scenario scn;
    struct results *res;
    size_t k; /* ga_occupancy */
};

static void
fx_init(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    assert_int_equal(cal_parse("2023-04-01", &f->scn.start_day), 0);
    f->scn.end_day = f->scn.start_day + N_DAYS - 1;
    f->res = results_alloc(&f->scn, 8);
    f->k = (size_t)kpi_find("ga_occupancy");
}

/* Add a replication whose G&A occupancy is x (NAN: no beds open). */
static void
fx_add(struct fx *f, double x)
{
    struct rep_out o;
    size_t n_tab, n_daily = model_daily_kpis(NULL, 0);
    const struct kpi_def *tab = kpi_table(&n_tab);
    size_t *idx = xmalloc(n_daily * sizeof(*idx));
    double acc[ACC_N];

    memset(&o, 0, sizeof(o));
    memset(acc, 0, sizeof(acc));
    acc[ACC_MINUTES] = MIN_PER_DAY;
    acc[AREA_GA_OPEN] = isnan(x) ? 0 : MIN_PER_DAY * 100;
    acc[AREA_GA_OCCUPIED] = isnan(x) ? 0 : MIN_PER_DAY * 100 * x;
    model_daily_kpis(idx, n_daily);
    o.n_days = N_DAYS;
    o.n_weeks = 1;
    o.n_months = 1;
    o.n_buckets = 1;
    o.n_daily = n_daily;
    o.total = xcalloc(ACC_N, sizeof(double));
    o.daily = xcalloc(N_DAYS * n_daily, sizeof(double));
    o.weekly = xcalloc(ACC_N, sizeof(double));
    o.monthly = xcalloc(ACC_N, sizeof(double));
    for (size_t d = 0; d < N_DAYS; d++) {
        for (int a = 0; a < ACC_N; a++) {
            o.weekly[a] += acc[a];
            o.monthly[a] += acc[a];
            o.total[a] += acc[a];
        }
        for (size_t j = 0; j < n_daily; j++)
            o.daily[d * n_daily + j] = kpi_eval(&tab[idx[j]], acc);
    }
    results_add(f->res, &o);
    model_out_release(&o);
    free(idx);
}

static void
fx_free(struct fx *f)
{
    results_free(f->res);
}

/* A rule on ga_occupancy alone: relative rel, or absolute abs_hw. */
static void
rule(struct prec *p, double rel, double abs_hw, uint32_t max)
{
    struct prec_spec sp;
    struct prec_item it;

    prec_spec_default(&sp);
    sp.rel = rel;
    sp.max_reps = max;
    prec_init_empty(p, &sp);
    memset(&it, 0, sizeof(it));
    it.kpi = kpi_find("ga_occupancy");
    it.month = -1;
    it.abs_hw = abs_hw;
    prec_add(p, &it);
}

/* Feed x[0..n) until the rule stops; returns the replications run. */
static uint32_t
feed(struct prec *p, const double *x, size_t n)
{
    struct fx f;
    uint32_t used = 0;

    fx_init(&f);
    for (size_t i = 0; i < n; i++) {
        fx_add(&f, x[i]);
        used++;
        if (prec_update(p, &f.res, 1))
            break;
    }
    fx_free(&f);
    return used;
}

/* d_n of x[0..n), straight from the values. */
static double
d_of(const double *x, size_t n)
{
    double m = gsl_stats_mean(x, 1, n), sd = gsl_stats_sd(x, 1, n);

    return gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n) /
           fabs(m);
}

/*
 * Hoad et al.'s algorithm as they write it: from n = 3, on the first n
 * with d_n <= P look ahead f(kLimit, Nsol) replications; any failure
 * there moves n on to the failing replication and the search resumes
 * after it.  Returns Nsol and the replications run in *run, or 0 when x
 * runs out first.
 */
static uint32_t
hoad(const double *x, size_t len, double p, uint32_t *run)
{
    size_t n = 3;

    while (n <= len) {
        if (d_of(x, n) <= p) {
            size_t nsol = n, f = nsol <= 100 ? 5 : 5 * nsol / 100, k = 1;
            int ok = 1;

            while (ok && k <= f) {
                if (n + k > len)
                    return 0;
                if (d_of(x, n + k) > p) {
                    ok = 0;
                    n += k;
                } else {
                    k++;
                }
            }
            if (ok) {
                *run = (uint32_t)(nsol + f);
                return (uint32_t)nsol;
            }
        }
        n++;
    }
    return 0;
}

/* Whether some d_n of x lies so close to p that rounding could flip it. */
static int
near_edge(const double *x, size_t len, double p)
{
    for (size_t n = 3; n <= len; n++)
        if (fabs(d_of(x, n) - p) < 1e-9 * p)
            return 1;
    return 0;
}

static void
test_matches_hoad(void **state)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);

    enum { LEN = 400 };

    double *x = xmalloc(LEN * sizeof(*x));
    int compared = 0, over_100 = 0, dropped = 0;

    (void)state;
    gsl_rng_set(r, 2385);
    for (int seq = 0; seq < 120; seq++) {
        double sigma = 0.01 + 0.29 * (double)seq / 119.0;
        uint32_t run = 0, nsol, used;
        struct prec p;

        for (size_t i = 0; i < LEN; i++)
            x[i] = 0.8 + gsl_ran_gaussian(r, sigma);
        if (near_edge(x, LEN, 0.05))
            continue;
        nsol = hoad(x, LEN, 0.05, &run);
        if (nsol == 0)
            continue;
        rule(&p, 0.05, 0, 100000);
        used = feed(&p, x, LEN);
        assert_int_equal(used, run);
        assert_int_equal(p.n, run);
        assert_true(p.converged);
        assert_int_equal(prec_needed(&p), nsol);
        /* The first n meeting the width, when the look-ahead refuted it. */
        for (size_t n = 3; n < nsol; n++)
            if (d_of(x, n) <= 0.05) {
                dropped++;
                break;
            }
        over_100 += nsol > 100;
        compared++;
        prec_release(&p);
    }
    /* The sequences reach every branch: refuted candidates, Nsol > 100. */
    assert_true(compared >= 100);
    assert_true(dropped >= 5);
    assert_true(over_100 >= 3);
    free(x);
    gsl_rng_free(r);
}

static void
test_look_ahead(void **state)
{
    (void)state;
    assert_int_equal(prec_look_ahead(3), 5);
    assert_int_equal(prec_look_ahead(100), 5);
    assert_int_equal(prec_look_ahead(119), 5);
    assert_int_equal(prec_look_ahead(120), 6);
    assert_int_equal(prec_look_ahead(250), 12);
}

/*
 * A candidate refuted inside its look-ahead: three equal values meet any
 * width at n = 3, the fourth is far off, so the search goes on.
 */
static void
test_refuted_candidate(void **state)
{
    double x[40];
    struct prec p;

    (void)state;
    x[0] = x[1] = x[2] = 0.8;
    x[3] = 0.2;
    for (size_t i = 4; i < 40; i++)
        x[i] = 0.8 + ((i % 2) ? 0.01 : -0.01);
    rule(&p, 0.05, 0, 200);
    feed(&p, x, 40);
    assert_true(p.converged);
    assert_true(prec_needed(&p) > 4);
    assert_int_equal(p.n, prec_needed(&p) + 5);
    prec_release(&p);
}

/* Every value 0 has a width of 0: met at once; 3 + 5 replications. */
static void
test_zero_everywhere(void **state)
{
    double x[20] = {0};
    struct prec p;

    (void)state;
    rule(&p, 0.05, 0, 200);
    assert_int_equal(feed(&p, x, 20), 8);
    assert_int_equal(prec_needed(&p), 3);
    assert_true(p.item[0].hw == 0);
    prec_release(&p);
}

/*
 * Near zero the width asked is P of the minimum important difference
 * (0.01 for G&A occupancy), not of the mean: values about 0.002 with a
 * spread of 0.0004 need a half-width of 0.0005, not 0.0001.
 */
static void
test_floor_near_zero(void **state)
{
    double x[200];
    struct prec p;

    (void)state;
    for (size_t i = 0; i < 200; i++)
        x[i] = 0.002 + 0.0004 * ((i % 3) ? 1.0 : -2.0);
    rule(&p, 0.05, 0, 200);
    feed(&p, x, 200);
    assert_true(p.converged);
    assert_true(p.item[0].need == 0.05 * 0.01);
    assert_true(p.item[0].hw <= 0.0005);
    assert_true(p.item[0].hw > 0.05 * 0.002); /* the mean's 5 % is missed */
    prec_release(&p);
}

/* An absolute width is in the KPI's unit, whatever the mean. */
static void
test_absolute(void **state)
{
    double x[200];
    struct prec wide, tight;

    (void)state;
    for (size_t i = 0; i < 200; i++)
        x[i] = 0.9 + 0.02 * ((i % 2) ? 1.0 : -1.0);
    rule(&wide, 0, 0.1, 200);
    rule(&tight, 0, 0.005, 200);
    feed(&wide, x, 200);
    feed(&tight, x, 200);
    assert_int_equal(prec_needed(&wide), 3);
    assert_true(prec_needed(&tight) > 3);
    assert_true(tight.item[0].hw <= 0.005 && tight.item[0].need == 0.005);
    prec_release(&wide);
    prec_release(&tight);
}

/* A KPI undefined in every replication has nothing to judge. */
static void
test_undefined(void **state)
{
    double x[10];
    struct prec p;

    (void)state;
    for (size_t i = 0; i < 10; i++)
        x[i] = NAN;
    rule(&p, 0.05, 0, 200);
    assert_int_equal(feed(&p, x, 10), 8);
    assert_true(p.converged && isnan(p.item[0].mean));
    prec_release(&p);
}

/* The ceiling stops the run, unconverged, and "needed" is all of it. */
static void
test_ceiling(void **state)
{
    double x[30];
    struct prec p;

    (void)state;
    for (size_t i = 0; i < 30; i++)
        x[i] = (i % 2) ? 0.95 : 0.05;
    rule(&p, 0.001, 0, 12);
    assert_int_equal(feed(&p, x, 30), 12);
    assert_false(p.converged);
    assert_true(p.done);
    assert_int_equal(prec_needed(&p), 12);
    assert_int_equal(p.item[0].nsol, 0);
    prec_release(&p);
}

/*
 * With a target the item is met once the verdict is settled: values
 * around 0.5 against "<= 0.9" settle at once even at a width of 0.1 %,
 * while the same values against "<= 0.5" do not.
 */
static void
test_settled(void **state)
{
    double x[60];
    struct prec_spec sp;
    struct prec far, near;
    struct prec_item it;

    (void)state;
    for (size_t i = 0; i < 60; i++)
        x[i] = 0.5 + 0.05 * sin((double)i);
    prec_spec_default(&sp);
    sp.rel = 0.001;
    sp.max_reps = 60;
    memset(&it, 0, sizeof(it));
    it.kpi = kpi_find("ga_occupancy");
    it.month = -1;
    it.target = 1;
    it.at_most = 1;
    it.conf = 0.95;
    it.value = 0.9;
    prec_init_empty(&far, &sp);
    prec_add(&far, &it);
    it.value = 0.5;
    prec_init_empty(&near, &sp);
    prec_add(&near, &it);
    assert_int_equal(feed(&far, x, 60), 8);
    assert_true(far.item[0].settled);
    assert_int_equal(feed(&near, x, 60), 60);
    assert_false(near.converged);
    prec_release(&far);
    prec_release(&near);
}

/* prec_init judges the headline KPIs, or those named, or the absolute. */
static void
test_judged(void **state)
{
    struct prec_spec sp;
    struct prec p;
    size_t nk, heads = 0;
    const struct kpi_def *tab = kpi_table(&nk);

    (void)state;
    for (size_t k = 0; k < nk; k++)
        heads += (size_t)(tab[k].headline == 1); /* not 2: see kpi_heads */
    prec_spec_default(&sp);
    prec_init(&p, &sp, 2);
    assert_int_equal(p.n_items, 2 * heads);
    assert_int_equal(p.item[heads].scn, 1);
    prec_release(&p);
    sp.rel = 0;
    sp.n_abs = 1;
    sp.abs_kpi[0] = kpi_find("nctr_mean");
    sp.abs_hw[0] = 2;
    prec_init(&p, &sp, 1);
    assert_int_equal(p.n_items, 1);
    assert_true(p.item[0].abs_hw == 2);
    prec_release(&p);
    sp.n_kpi = 1;
    sp.kpi[0] = kpi_find("ga_occupancy");
    prec_init(&p, &sp, 1);
    assert_int_equal(p.n_items, 2);
    prec_release(&p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_hoad),
        cmocka_unit_test(test_look_ahead),
        cmocka_unit_test(test_refuted_candidate),
        cmocka_unit_test(test_zero_everywhere),
        cmocka_unit_test(test_floor_near_zero),
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_undefined),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_settled),
        cmocka_unit_test(test_judged),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
