/*
 * Common random numbers: two variants of a scenario run with the same
 * seed see the same patients, so the paired difference of a KPI has a
 * much narrower confidence interval than the unpaired (Welch) one from
 * the two means.  Also checks the sign of effects the model must show.
 */
#include <math.h>

#include "../fixture.h"

#define SCENARIO "tests/e2e/small.json"

/* Half-widths of the paired and the unpaired 95 % intervals. */
static void
widths(const struct run *base, const struct run *alt, const char *kpi,
       double *paired, double *unpaired, double *diff)
{
    struct summary a, b, d;
    int k = kpi_find(kpi);

    assert_true(k >= 0);
    out_compare_kpi(base, alt, (size_t)k, &a, &d);
    out_compare_kpi(base, base, (size_t)k, &b, &(struct summary){0});
    *paired = (d.ci95_high - d.ci95_low) / 2;
    /* Welch-style: the two means as if independent. */
    *unpaired =
        stats_ci_halfwidth(sqrt((a.sd * a.sd + b.sd * b.sd)), a.n, 0.95);
    *diff = d.mean;
    printf("  %-24s diff %+.4f  paired +/- %.4f  unpaired +/- %.4f\n", kpi,
           d.mean, *paired, *unpaired);
}

static void
test_paired_ci_narrower(void **state)
{
    /* About 95 % occupied against about 88 %: beds matter to the ED. */
    static const char *const tight[] = {"beds.ga.capacity=255",
                                        "beds.ga.schedule=[]"};
    static const char *const more_beds[] = {"beds.ga.capacity=275",
                                            "beds.ga.schedule=[]"};
    struct fx *b, *a;
    const struct run *rb, *ra;
    double p, u, d;

    (void)state;
    b = fx_run_file(SCENARIO, tight, 2, 20, 0);
    a = fx_run_file(SCENARIO, more_beds, 2, 20, 0);
    assert_int_equal(a->scn.n_overrides, 2);
    rb = &b->run;
    ra = &a->run;
    /* Same seed, same patients: arrivals are identical. */
    widths(rb, ra, "ed_attendances_per_day", &p, &u, &d);
    assert_true(d == 0 && p == 0 && u > 0);
    /* More beds: lower occupancy, with a far tighter paired interval. */
    widths(rb, ra, "ga_occupancy", &p, &u, &d);
    assert_true(d < 0);
    assert_true(p < 0.5 * u);
    widths(rb, ra, "ga_occupied_mean", &p, &u, &d);
    assert_true(p < 0.5 * u);
    widths(rb, ra, "ed_4h_performance", &p, &u, &d);
    assert_true(d - p > 0); /* better four-hour performance, CI above 0 */
    /* Queues amplify small timing shifts, so less of the noise cancels. */
    assert_true(p < 0.75 * u);
    /* Fewer boarders, clearly; boarding episodes desynchronise too much
       for pairing to help much. */
    widths(rb, ra, "ed_boarders_mean", &p, &u, &d);
    assert_true(d + p < 0);
    fx_free(b);
    fx_free(a);
}

/*
 * The winter plan against last winter's capacity (2,030 beds, no virtual
 * ward growth): doing nothing must be worse on G&A occupancy and on the
 * four-hour standard, with paired intervals that exclude zero.
 */
static void
test_winter_no_action_is_worse(void **state)
{
    struct fx *p, *n;
    const struct run *rp, *rn;
    struct summary sm, d;

    (void)state;
    p = fx_run_file("scenarios/winter-2023-24.json", NULL, 0, 12, 0);
    n = fx_run_file("scenarios/winter-2023-24-no-action.json", NULL, 0, 12, 0);
    rp = &p->run;
    rn = &n->run;
    out_compare_kpi(rp, rn, (size_t)kpi_find("ga_occupancy"), &sm, &d);
    printf("  no action - plan: ga_occupancy %+.4f (%+.4f to %+.4f)\n", d.mean,
           d.ci95_low, d.ci95_high);
    assert_true(d.ci95_low > 0);
    out_compare_kpi(rp, rn, (size_t)kpi_find("ed_4h_performance"), &sm, &d);
    printf("  no action - plan: ed_4h_performance %+.5f (%+.5f to %+.5f)\n",
           d.mean, d.ci95_low, d.ci95_high);
    assert_true(d.ci95_high < 0);
    fx_free(p);
    fx_free(n);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paired_ci_narrower),
        cmocka_unit_test(test_winter_no_action_is_worse),
    };

    return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
