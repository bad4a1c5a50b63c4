/*
 * Unit tests for results: statistics built one replication at a time
 * equal those of the whole set of replications, bit for bit, up to the
 * cap of exact values; beyond it the percentiles are estimates close to
 * the exact ones while means and intervals stay exact; and the summaries
 * of a real run do not depend on the thread count.
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
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "util.h"

#define N_DAYS 50 /* 1 April to 20 May 2023: 2 months, 8 weeks (1 short) */

/*
 * A bucket for replication i on day d with awkward values; every 7th
 * replication has no virtual-ward beds, so that KPI is undefined there.
 */
static void
bucket(uint32_t i, size_t d, double *acc)
{
    double u = fmod(0.618033988749895 * (double)(i * 131 + d * 17 + 1), 1.0);

    memset(acc, 0, ACC_N * sizeof(double));
    acc[ACC_MINUTES] = MIN_PER_DAY;
    acc[ACC_ED_ARRIVALS] = 300 + 40 * u + (double)(d % 7);
    acc[ACC_ED_DEPARTURES] = 290 + 3.0 * (double)(i % 5);
    acc[ACC_ED_WITHIN_4H] = floor(acc[ACC_ED_DEPARTURES] * (0.6 + 0.2 * u));
    acc[AREA_GA_OCCUPIED] = MIN_PER_DAY * (440 + 55 * u);
    acc[AREA_GA_OPEN] = MIN_PER_DAY * 500;
    acc[AREA_NCTR_PROCESS] = MIN_PER_DAY * (40 + 9 * u);
    acc[AREA_VW_OPEN] = i % 7 == 3 ? 0 : MIN_PER_DAY * 40;
    acc[AREA_VW_OCCUPIED] = i % 7 == 3 ? 0 : MIN_PER_DAY * (25 + 14 * u);
    acc[AREA_OPEL_1] = MIN_PER_DAY;
}

struct fx {
    struct scenario scn;
    uint32_t reps;
    struct rep_out *rep; /* [reps] */
    struct results *res;
};

/* reps replications built as model.c's on_day files them, then added. */
static void
fx_build(struct fx *f, uint32_t reps)
{
    size_t n_tab, n_daily = model_daily_kpis(NULL, 0);
    const struct kpi_def *tab = kpi_table(&n_tab);
    size_t *idx = xmalloc(n_daily * sizeof(*idx));

    memset(f, 0, sizeof(*f));
    assert_int_equal(cal_parse("2023-04-01", &f->scn.start_day), 0);
    f->scn.end_day = f->scn.start_day + N_DAYS - 1;
    f->reps = reps;
    f->rep = xcalloc(reps, sizeof(*f->rep));
    f->res = results_alloc(&f->scn, 8); /* a low hint: the cells grow */
    model_daily_kpis(idx, n_daily);
    for (uint32_t i = 0; i < reps; i++) {
        struct rep_out *o = &f->rep[i];

        o->n_days = N_DAYS;
        o->n_weeks = (N_DAYS + 6) / 7;
        o->n_months = 2;
        o->n_buckets = 1;
        o->total = xcalloc(ACC_N, sizeof(double));
        o->n_daily = n_daily;
        o->daily = xcalloc(N_DAYS * n_daily, sizeof(double));
        o->weekly = xcalloc(o->n_weeks * ACC_N, sizeof(double));
        o->monthly = xcalloc(2 * ACC_N, sizeof(double));
        for (size_t d = 0; d < N_DAYS; d++) {
            double acc[ACC_N];
            size_t m = d < 30 ? 0 : 1;

            bucket(i, d, acc);
            for (int a = 0; a < ACC_N; a++) {
                o->weekly[(d / 7) * ACC_N + (size_t)a] += acc[a];
                o->monthly[m * ACC_N + (size_t)a] += acc[a];
                o->total[a] += acc[a];
            }
            for (size_t k = 0; k < n_daily; k++)
                o->daily[d * n_daily + k] = kpi_eval(&tab[idx[k]], acc);
        }
        results_add(f->res, o);
    }
    free(idx);
}

static void
fx_free(struct fx *f)
{
    for (uint32_t i = 0; i < f->reps; i++)
        model_out_release(&f->rep[i]);
    free(f->rep);
    results_free(f->res);
}

/* Exactly equal, NAN equal to NAN. */
static int
same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static void
expect_same_summary(const struct summary *got, const struct summary *want,
                    const char *what)
{
    if (got->n != want->n || !same(got->mean, want->mean) ||
        !same(got->sd, want->sd) || !same(got->ci95_low, want->ci95_low) ||
        !same(got->ci95_high, want->ci95_high))
        fail_msg("%s: got n %zu mean %.17g sd %.17g, want n %zu mean %.17g "
                 "sd %.17g",
                 what, got->n, got->mean, got->sd, want->n, want->mean,
                 want->sd);
}

/*
 * Up to the cap, every output is what keeping every replication gives:
 * the array summaries of uecsim before results, bit for bit.
 */
static void
test_exact_under_cap(void **state)
{
    struct fx f;
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    double *v = xmalloc(64 * sizeof(double)), work[64];

    (void)state;
    fx_build(&f, 37);
    assert_int_equal(f.res->n_reps, 37);
    assert_int_equal(f.res->n_months, 2);
    assert_int_equal(f.res->n_weeks, 8);
    for (size_t k = 0; k < nk; k++) {
        struct summary got, want;

        for (uint32_t i = 0; i < f.reps; i++)
            v[i] = kpi_eval(&tab[k], f.rep[i].total);
        stats_summarise(v, f.reps, 1, &want);
        results_kpi(f.res, k, &got);
        expect_same_summary(&got, &want, tab[k].name);
        for (size_t m = 0; m < 2; m++) {
            for (uint32_t i = 0; i < f.reps; i++)
                v[i] = kpi_eval(&tab[k], f.rep[i].monthly + m * ACC_N);
            stats_summarise(v, f.reps, 1, &want);
            results_month(f.res, m, k, &got);
            expect_same_summary(&got, &want, tab[k].name);
        }
        for (size_t w = 0; w < f.res->n_weeks; w++) {
            struct spread sp;
            double q[STATS_NQ];

            for (uint32_t i = 0; i < f.reps; i++)
                v[i] = kpi_eval(&tab[k], f.rep[i].weekly + w * ACC_N);
            stats_summarise(v, f.reps, 1, &want);
            stats_percentiles(v, f.reps, 1, stats_report_q(), STATS_NQ, work,
                              q);
            results_week(f.res, w, k, &sp);
            assert_int_equal(sp.n, want.n);
            assert_true(sp.exact);
            assert_true(same(sp.mean, want.mean));
            for (int j = 0; j < STATS_NQ; j++)
                assert_true(same(sp.q[j], q[j]));
        }
    }
    for (size_t d = 0; d < N_DAYS; d += 7) {
        for (size_t j = 0; j < f.res->n_daily; j++) {
            struct summary want;
            struct spread sp;
            double q[STATS_NQ];

            for (uint32_t i = 0; i < f.reps; i++)
                v[i] = f.rep[i].daily[d * f.rep[i].n_daily + j];
            stats_summarise(v, f.reps, 1, &want);
            stats_percentiles(v, f.reps, 1, stats_report_q(), STATS_NQ, work,
                              q);
            results_day(f.res, d, j, &sp);
            assert_true(sp.n == want.n && same(sp.mean, want.mean));
            for (int q_ = 0; q_ < STATS_NQ; q_++)
                assert_true(same(sp.q[q_], q[q_]));
        }
    }
    /* The undefined replications are left out, not counted as zero. */
    {
        struct summary sm;

        results_kpi(f.res, (size_t)kpi_find("vw_occupancy"), &sm);
        assert_int_equal(sm.n, 37 - 5);
    }
    assert_int_equal(results_week_days(f.res, 0), 7);
    assert_int_equal(results_week_days(f.res, 7), 1);
    free(v);
    fx_free(&f);
}

/*
 * Past the cap: means, deviations and intervals still exact; the
 * percentiles estimated, and close to the exact ones of all values.
 */
static void
test_estimates_past_cap(void **state)
{
    struct fx f;
    size_t nk, j = 0;
    const struct kpi_def *tab = kpi_table(&nk);
    int k = kpi_find("ga_occupancy");
    uint32_t reps = 4 * RESULTS_EXACT_REPS;
    double *v = xmalloc(reps * sizeof(double)), q[STATS_NQ];
    struct summary got, want;
    struct spread sp;

    (void)state;
    fx_build(&f, reps);
    for (uint32_t i = 0; i < reps; i++)
        v[i] = kpi_eval(&tab[k], f.rep[i].total);
    stats_summarise(v, reps, 1, &want);
    results_kpi(f.res, (size_t)k, &got);
    expect_same_summary(&got, &want, "ga_occupancy");

    /* Day 11's occupancy: spread over 0.88 to 0.99 across replications. */
    while (f.res->daily_kpi[j] != (size_t)k)
        j++;
    for (uint32_t i = 0; i < reps; i++)
        v[i] = f.rep[i].daily[11 * f.rep[i].n_daily + j];
    stats_summarise(v, reps, 1, &want);
    gsl_sort(v, 1, reps);
    results_day(f.res, 11, j, &sp);
    assert_false(sp.exact);
    assert_int_equal(sp.n, reps);
    assert_true(same(sp.mean, want.mean));
    for (int i = 0; i < STATS_NQ; i++) {
        q[i] = gsl_stats_quantile_from_sorted_data(v, 1, reps,
                                                   stats_report_q()[i]);
        /* Within 1 % of the range of the values (0.11 here). */
        if (!(fabs(sp.q[i] - q[i]) < 0.01 * (v[reps - 1] - v[0])))
            fail_msg("percentile %d: estimate %.6f, exact %.6f", i, sp.q[i],
                     q[i]);
    }
    free(v);
    fx_free(&f);
}

/*
 * Paired differences are taken replication by replication, scenario 0
 * first: the base differs from itself by exactly 0.
 */
/*
 * The replications meeting each criterion, counted as they are added,
 * are those whose own value (whole period, or every month) meets it; an
 * undefined value (every 7th replication's virtual wards) never does.
 */
static void
test_count(void **state)
{
    struct fx f;
    struct results *r;
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct results_criterion c[4] = {
        {(size_t)kpi_find("ga_occupancy"), 1, 0.0, 0},
        {(size_t)kpi_find("vw_occupancy"), 0, 0.0, 0},
        {(size_t)kpi_find("ga_occupancy"), 1, 0.0, 1},
        {(size_t)kpi_find("vw_occupancy"), 1, 2.0, 0},
    };
    struct summary ga;

    (void)state;
    fx_build(&f, 40);
    /* Thresholds near the middle, so that counts are neither 0 nor 40. */
    results_kpi(f.res, c[0].kpi, &ga);
    c[0].value = c[2].value = ga.mean;
    c[1].value = 0.8;
    r = results_alloc(&f.scn, 40);
    results_count(r, c, ARRAY_LEN(c));
    for (uint32_t i = 0; i < f.reps; i++)
        results_add(r, &f.rep[i]);
    for (size_t j = 0; j < ARRAY_LEN(c); j++) {
        uint32_t want = 0;

        for (uint32_t i = 0; i < f.reps; i++) {
            const struct rep_out *o = &f.rep[i];
            int ok = 1;

            for (size_t m = 0; m < (c[j].every_month ? 2u : 1u); m++) {
                double v = kpi_eval(&tab[c[j].kpi], c[j].every_month
                                                        ? o->monthly + m * ACC_N
                                                        : o->total);

                ok &= isfinite(v) &&
                      (c[j].at_most ? v <= c[j].value : v >= c[j].value);
            }
            want += (uint32_t)ok;
        }
        if (results_hits(r, j) != want)
            fail_msg("criterion %zu: %u hits, want %u", j, results_hits(r, j),
                     want);
        if (j < 3)
            assert_true(want > 0 && want < f.reps);
    }
    /* Every month is at least as strict as the whole period. */
    assert_true(results_hits(r, 2) <= results_hits(r, 0));
    /* Every defined value is <= 2: only the undefined ones miss. */
    assert_int_equal(results_hits(r, 3), f.reps - (f.reps + 3) / 7);
    results_free(r);
    fx_free(&f);
}

static void
test_paired(void **state)
{
    struct fx a, b;
    struct paired pd;
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int k = kpi_find("ed_4h_performance");
    double d[20];
    struct summary got, want;

    (void)state;
    fx_build(&a, 20);
    fx_build(&b, 20);
    /* b: the same replications, shifted by one, so pairs differ. */
    const struct scenario *sp[2] = {&a.scn, &b.scn};

    results_paired_init(&pd, sp, 2);
    for (uint32_t i = 0; i < 20; i++) {
        results_paired_add(&pd, 0, &a.rep[i]);
        results_paired_add(&pd, 1, &b.rep[(i + 1) % 20]);
        d[i] = kpi_eval(&tab[k], b.rep[(i + 1) % 20].total) -
               kpi_eval(&tab[k], a.rep[i].total);
    }
    stats_summarise(d, 20, 1, &want);
    results_paired_diff(&pd, 1, (size_t)k, &got);
    expect_same_summary(&got, &want, "paired");
    results_paired_diff(&pd, 0, (size_t)k, &got);
    assert_true(got.n == 20 && got.mean == 0 && got.sd == 0);
    results_paired_release(&pd);
    fx_free(&a);
    fx_free(&b);
}

/* A real run: the same summaries on 1 and 3 threads. */
static void
test_threads(void **state)
{
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    struct scenario s;
    struct run r1, r3;
    struct run_opts o = {0};
    size_t nk;

    (void)state;
    kpi_table(&nk);
    assert_int_equal(scn_load("tests/e2e/small.json", &s, err), 0);
    o.replications = 7;
    o.quiet = 1;
    o.threads = 1;
    assert_int_equal(run_replications(&s, &o, &r1), 0);
    o.threads = 3;
    assert_int_equal(run_replications(&s, &o, &r3), 0);
    assert_null(r1.rep);
    assert_true(r1.events == r3.events && r1.events > 0);
    for (size_t k = 0; k < nk; k++) {
        struct summary a, b;
        struct spread x, y;

        results_kpi(r1.res, k, &a);
        results_kpi(r3.res, k, &b);
        assert_memory_equal(&a, &b, sizeof(a));
        for (size_t w = 0; w < r1.res->n_weeks; w++) {
            results_week(r1.res, w, k, &x);
            results_week(r3.res, w, k, &y);
            assert_true(same(x.mean, y.mean) && same(x.q[2], y.q[2]));
        }
    }
    run_release(&r1);
    run_release(&r3);
    scn_release(&s);
    free(err);
}

/*
 * Reporting periods in a real run: a period is each replication's KPI
 * over the period's summed days, so a period of one calendar month is
 * that month exactly, and a period of other days is the mean (and
 * interval) of its replications' own values.  A selected period is what
 * criteria judge.
 */
static void
test_periods(void **state)
{
    static const char *const sets[] = {
        "periods=[{\"name\": \"dec\", \"from\": \"2023-12-01\", \"to\": "
        "\"2023-12-31\"}, {\"name\": \"mid\", \"from\": \"2023-12-20\", "
        "\"to\": \"2024-01-10\"}, {\"name\": \"out\", \"from\": "
        "\"2025-01-01\", \"to\": \"2025-01-02\"}]"};
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    struct results_criterion crit = {0, 1, 0, 0};
    struct summary med;
    struct scenario s;
    struct run r;
    struct run_opts o = {0};
    size_t nk, m0;
    const struct kpi_def *tab = kpi_table(&nk);
    double v[6];
    char msg[256];

    (void)state;
    assert_int_equal(scn_load_with("tests/e2e/small.json", sets, 1, &s, err),
                     0);
    assert_int_equal(scn_select_period(&s, "mid", 0, msg, sizeof(msg)), 0);
    crit.kpi = (size_t)kpi_find("ga_occupancy");
    o.replications = 6;
    o.quiet = 1;
    o.keep = 1;
    /* A first run gives the period's mean; the criterion is at it. */
    assert_int_equal(run_replications(&s, &o, &r), 0);
    results_period(r.res, 1, crit.kpi, &med);
    run_release(&r);
    crit.value = med.mean;
    o.count = &crit;
    o.n_count = 1;
    assert_int_equal(run_replications(&s, &o, &r), 0);
    assert_int_equal(r.res->n_periods, 3);
    assert_int_equal(results_period_months(r.res, 0, &m0), 1);
    assert_int_equal(m0, 0);
    assert_int_equal(results_period_months(r.res, 1, &m0), 2);
    for (size_t k = 0; k < nk; k++) {
        struct summary a, b, got, want;

        results_month(r.res, 0, k, &a);
        results_period(r.res, 0, k, &b);
        if (!same(a.mean, b.mean) || !same(a.sd, b.sd) ||
            !same(a.ci95_low, b.ci95_low))
            fail_msg("%s: December as a period differs from the month",
                     tab[k].name);
        for (uint32_t i = 0; i < 6; i++)
            v[i] = kpi_eval(&tab[k], r.rep[i].period + 1 * ACC_N);
        stats_summarise(v, 6, 1, &want);
        results_period(r.res, 1, k, &got);
        if (!same(got.mean, want.mean) || !same(got.sd, want.sd))
            fail_msg("%s: a period is not its replications' values",
                     tab[k].name);
        /* No day in the run: undefined, never a total of 0. */
        results_period(r.res, 2, k, &got);
        assert_int_equal(got.n, 0);
    }
    /* The selected period is what results_sel and the criterion judge. */
    {
        struct summary a, b;
        uint32_t want_hits = 0;

        results_sel(r.res, crit.kpi, &a);
        results_period(r.res, 1, crit.kpi, &b);
        assert_memory_equal(&a, &b, sizeof(a));
        for (uint32_t i = 0; i < 6; i++)
            want_hits +=
                kpi_eval(&tab[crit.kpi], r.rep[i].period + ACC_N) <= crit.value;
        assert_true(want_hits > 0 && want_hits < 6);
        assert_int_equal(results_hits(r.res, 0), want_hits);
    }
    run_release(&r);
    scn_release(&s);
    free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_under_cap),
        cmocka_unit_test(test_estimates_past_cap),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_paired),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_periods),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
