/*
 * Common random numbers: two variants of a scenario run with the same
 * seed see the same patients, so the paired difference of a KPI has a
 * much narrower confidence interval than the unpaired (Welch) one from
 * the two means.  Also checks the sign of effects the model must show.
 */
#include <math.h>

#include "../fixture.h"

#define SCENARIO "tests/e2e/small.json"

/* Run base and alt compared, reps replications each (run_compare). */
static void
compare(const struct scenario *base, const struct scenario *alt, uint32_t reps,
        struct run *r, struct paired *pd)
{
    const struct scenario *s[2] = {base, alt};
    struct run_opts o = {0};

    o.replications = reps;
    o.quiet = 1;
    assert_int_equal(run_compare(s, 2, &o, r, pd), 0);
}

/* Half-widths of the paired and the unpaired 95 % intervals. */
static void
widths(const struct run *r, const struct paired *pd, const char *kpi,
       double *paired, double *unpaired, double *diff)
{
    struct summary a, b, d;
    int k = kpi_find(kpi);

    assert_true(k >= 0);
    results_kpi(r[1].res, (size_t)k, &a);
    results_kpi(r[0].res, (size_t)k, &b);
    results_paired_diff(pd, 1, (size_t)k, &d);
    *paired = (d.ci95_high - d.ci95_low) / 2;
    /* Welch-style: the two means as if independent. */
    *unpaired =
        stats_ci_halfwidth(sqrt((a.sd * a.sd + b.sd * b.sd)), a.n, 0.95);
    *diff = d.mean;
    printf("  %-24s diff %+.4f  paired +/- %.4f  unpaired +/- %.4f\n", kpi,
           d.mean, *paired, *unpaired);
}

static void
release(struct run *r, struct paired *pd, struct scenario *s)
{
    run_release(&r[0]);
    run_release(&r[1]);
    results_paired_release(pd);
    scn_release(&s[0]);
    scn_release(&s[1]);
}

static void
test_paired_ci_narrower(void **state)
{
    /* About 95 % occupied against about 88 %: beds matter to the ED. */
    static const char *const tight[] = {"beds.ga.capacity=255",
                                        "beds.ga.schedule=[]"};
    static const char *const more_beds[] = {"beds.ga.capacity=275",
                                            "beds.ga.schedule=[]"};
    struct scenario s[2];
    struct run r[2];
    struct paired pd;
    double p, u, d;

    (void)state;
    fx_load(SCENARIO, tight, 2, &s[0]);
    fx_load(SCENARIO, more_beds, 2, &s[1]);
    assert_int_equal(s[1].n_overrides, 2);
    compare(&s[0], &s[1], 20, r, &pd);
    /* Same seed, same patients: arrivals are identical. */
    widths(r, &pd, "ed_attendances_per_day", &p, &u, &d);
    assert_true(d == 0 && p == 0 && u > 0);
    /* More beds: lower occupancy, with a far tighter paired interval. */
    widths(r, &pd, "ga_occupancy", &p, &u, &d);
    assert_true(d < 0);
    assert_true(p < 0.5 * u);
    widths(r, &pd, "ga_occupied_mean", &p, &u, &d);
    assert_true(p < 0.5 * u);
    widths(r, &pd, "ed_4h_performance", &p, &u, &d);
    assert_true(d - p > 0); /* better four-hour performance, CI above 0 */
    /* Queues amplify small timing shifts, so less of the noise cancels. */
    assert_true(p < 0.75 * u);
    /* Fewer boarders, clearly; boarding episodes desynchronise too much
       for pairing to help much. */
    widths(r, &pd, "ed_boarders_mean", &p, &u, &d);
    assert_true(d + p < 0);
    release(r, &pd, s);
}

/*
 * The paired differences are taken replication by replication as the
 * replications finish, on any number of threads: they equal the
 * differences of the two runs' kept replications, pair by pair, bit for
 * bit.
 */
static void
test_pairs_match_replications(void **state)
{
    static const char *const fewer[] = {"beds.ga.capacity=262",
                                        "beds.ga.schedule=[]"};
    struct scenario s[2];
    struct run r[2];
    struct paired pd;
    const struct scenario *sp[2] = {&s[0], &s[1]};
    struct run_opts o = {0};
    size_t nk;
    double a[7], b[7];

    (void)state;
    kpi_table(&nk);
    fx_load(SCENARIO, NULL, 0, &s[0]);
    fx_load(SCENARIO, fewer, 2, &s[1]);
    o.replications = 7;
    o.quiet = 1;
    o.keep = 1;
    o.threads = 3;
    assert_int_equal(run_compare(sp, 2, &o, r, &pd), 0);
    for (size_t k = 0; k < nk; k++) {
        struct summary want, got;
        double d[7];

        run_kpi_values(&r[0], k, -1, b);
        run_kpi_values(&r[1], k, -1, a);
        for (int i = 0; i < 7; i++)
            d[i] = a[i] - b[i];
        stats_summarise(d, 7, 1, &want);
        results_paired_diff(&pd, 1, k, &got);
        assert_int_equal(got.n, want.n);
        if (want.n > 0 && (got.mean != want.mean || got.sd != want.sd))
            fail_msg("KPI %zu: paired mean %.17g, want %.17g", k, got.mean,
                     want.mean);
    }
    release(r, &pd, s);
}

/*
 * The winter plan against last winter's capacity (2,030 beds, no virtual
 * ward growth): doing nothing must be worse on G&A occupancy and on the
 * four-hour standard, with paired intervals that exclude zero.
 */
static void
test_winter_no_action_is_worse(void **state)
{
    struct scenario s[2];
    struct run r[2];
    struct paired pd;
    struct summary d;

    (void)state;
    fx_load("scenarios/winter-2023-24.json", NULL, 0, &s[0]);
    fx_load("scenarios/winter-2023-24-no-action.json", NULL, 0, &s[1]);
    compare(&s[0], &s[1], 12, r, &pd);
    results_paired_diff(&pd, 1, (size_t)kpi_find("ga_occupancy"), &d);
    printf("  no action - plan: ga_occupancy %+.4f (%+.4f to %+.4f)\n", d.mean,
           d.ci95_low, d.ci95_high);
    assert_true(d.ci95_low > 0);
    results_paired_diff(&pd, 1, (size_t)kpi_find("ed_4h_performance"), &d);
    printf("  no action - plan: ed_4h_performance %+.5f (%+.5f to %+.5f)\n",
           d.mean, d.ci95_low, d.ci95_high);
    assert_true(d.ci95_high < 0);
    release(r, &pd, s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paired_ci_narrower),
        cmocka_unit_test(test_pairs_match_replications),
        cmocka_unit_test(test_winter_no_action_is_worse),
    };

    return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
