/*
 * Unit tests for stats: summaries and t-intervals against hand-computed
 * values, non-finite skipping, strides and GSL-definition percentiles;
 * the running summary, and the P-square percentile estimator against
 * the exact quantiles of a known distribution.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

#include "stats.h"
#include "util.h"

/* Student t quantiles, 9 degrees of freedom (tables, 7 figures). */
#define T975_9 2.262157
#define T995_9 3.249836

/* The known set: mean 6.338, sample sd 3.873585906853981. */
static const double set10[] = {2.385, 7.91, 3.14, 12.6, 5.5,
                               0.875, 9.25, 4.4,  6.02, 11.3};
#define SET10_MEAN 6.338
#define SET10_SD   3.873585906853981

static void
check_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.15g, want %.15g (tolerance %.3g)", what, got, want,
                 tol);
}

static void
expect_set10(const struct summary *s)
{
    double h = T975_9 * SET10_SD / sqrt(10.0);

    assert_int_equal(s->n, 10);
    check_near(s->mean, SET10_MEAN, 1e-12, "mean");
    check_near(s->sd, SET10_SD, 1e-12, "sd");
    /* The tabled t has 7 figures: allow 1e-6 of the half-width. */
    check_near(s->ci95_low, SET10_MEAN - h, 1e-6 * h, "ci95_low");
    check_near(s->ci95_high, SET10_MEAN + h, 1e-6 * h, "ci95_high");
}

static void
test_summarise_known_set(void **state)
{
    struct summary s;

    (void)state;
    stats_summarise(set10, 10, 1, &s);
    expect_set10(&s);
}

static void
test_summarise_skips_non_finite(void **state)
{
    const double x[] = {NAN, 2.385, 7.91, INFINITY,  3.14, 12.6, 5.5, 0.875,
                        NAN, 9.25,  4.4,  -INFINITY, 6.02, 11.3, NAN};
    struct summary s;

    (void)state;
    stats_summarise(x, sizeof(x) / sizeof(x[0]), 1, &s);
    expect_set10(&s);
}

static void
test_summarise_stride(void **state)
{
    double x[30];
    struct summary s;

    (void)state;
    /* Value, then two columns of other data that must be ignored. */
    for (int i = 0; i < 10; i++) {
        x[3 * i] = set10[i];
        x[3 * i + 1] = 1e6 * (i + 1);
        x[3 * i + 2] = -4321.5;
    }
    stats_summarise(x, 10, 3, &s);
    expect_set10(&s);
    /* The second column: 1e6 x (1..10), mean 5.5e6, sd 1e6 sqrt(55/6). */
    stats_summarise(x + 1, 10, 3, &s);
    assert_int_equal(s.n, 10);
    check_near(s.mean, 5.5e6, 1e-6, "column mean");
    check_near(s.sd, 1e6 * sqrt(55.0 / 6), 1e-6, "column sd");
}

static void
test_summarise_empty(void **state)
{
    const double x[] = {NAN, INFINITY, -INFINITY};
    struct summary s;

    (void)state;
    memset(&s, 0, sizeof(s));
    stats_summarise(x, 0, 1, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
    assert_true(isnan(s.ci95_low));
    assert_true(isnan(s.ci95_high));

    memset(&s, 0, sizeof(s));
    stats_summarise(x, 3, 1, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
    assert_true(isnan(s.ci95_low));
    assert_true(isnan(s.ci95_high));
}

static void
test_summarise_single(void **state)
{
    const double x[] = {NAN, 42.375, INFINITY};
    struct summary s;

    (void)state;
    stats_summarise(x, 3, 1, &s);
    assert_int_equal(s.n, 1);
    assert_true(s.mean == 42.375);
    /* One value: no spread and no interval, never a zero-width one. */
    assert_true(isnan(s.sd));
    assert_true(isnan(s.ci95_low));
    assert_true(isnan(s.ci95_high));
}

/* Values far from zero with a small spread keep their variance. */
static void
test_summarise_large_offset(void **state)
{
    const double x[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    struct summary s;

    (void)state;
    stats_summarise(x, 4, 1, &s);
    check_near(s.mean, 1e9 + 10, 1e-6, "offset mean");
    check_near(s.sd, sqrt(30.0), 1e-6, "offset sd");
}

static void
test_ci_halfwidth(void **state)
{
    (void)state;
    check_near(stats_ci_halfwidth(3.7, 10, 0.95), T975_9 * 3.7 / sqrt(10.0),
               1e-6, "95 %");
    check_near(stats_ci_halfwidth(3.7, 10, 0.99), T995_9 * 3.7 / sqrt(10.0),
               1e-6, "99 %");
    /* Large n: close to the normal 1.959964. */
    check_near(stats_ci_halfwidth(2.5, 100000, 0.95),
               1.959964 * 2.5 / sqrt(100000.0), 1e-5, "normal limit");
    assert_true(stats_ci_halfwidth(3.7, 1, 0.95) == 0);
    assert_true(stats_ci_halfwidth(3.7, 0, 0.95) == 0);
    assert_true(stats_ci_halfwidth(0, 10, 0.95) == 0);
}

/*
 * GSL's definition: for sorted x[0..n), q sits at delta = (n-1) q and is
 * (1 - f) x[i] + f x[i+1] with i = floor(delta), f = delta - i.  Sorted
 * set {1.5, 3.25, 6.125, 9, 11, 14.5, 19.5, 27.75}.
 */
/* P(X >= x) for X ~ Binomial(n, p), summed term by term. */
static double
binom_upper(size_t x, size_t n, double p)
{
    double sum = 0;

    for (size_t j = x; j <= n; j++) {
        double lc = lgamma((double)n + 1) - lgamma((double)j + 1) -
                    lgamma((double)(n - j) + 1);

        sum += exp(lc + (double)j * log(p) + (double)(n - j) * log1p(-p));
    }
    return sum;
}

/*
 * The Clopper-Pearson lower bound: the p at which seeing x or more
 * successes has probability 1 - conf; the tabled 90 % two-sided interval
 * of 5 in 10 starts at 0.2224; all successes give (1 - conf)^(1/n).
 */
static void
test_share_lower(void **state)
{
    static const struct {
        size_t x, n;
        double conf;
    } cases[] = {{5, 10, 0.95},  {1, 30, 0.9},  {29, 30, 0.9},
                 {17, 22, 0.99}, {30, 30, 0.9}, {3, 4, 0.5}};

    (void)state;
    assert_true(fabs(stats_share_lower(5, 10, 0.95) - 0.2224) < 5e-5);
    assert_true(fabs(stats_share_lower(30, 30, 0.9) - pow(0.1, 1.0 / 30)) <
                1e-12);
    assert_true(stats_share_lower(0, 30, 0.9) == 0);
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        double lo = stats_share_lower(cases[i].x, cases[i].n, cases[i].conf);

        assert_true(lo > 0 && lo < (double)cases[i].x / (double)cases[i].n);
        assert_true(fabs(binom_upper(cases[i].x, cases[i].n, lo) -
                         (1 - cases[i].conf)) < 1e-9);
    }
    /* More successes, or less confidence, give a higher bound. */
    assert_true(stats_share_lower(28, 30, 0.9) <
                stats_share_lower(29, 30, 0.9));
    assert_true(stats_share_lower(29, 30, 0.95) <
                stats_share_lower(29, 30, 0.9));
}

static void
test_percentiles_known(void **state)
{
    const double x[] = {14.5,     NAN, 3.25,  9.0,  27.75,
                        INFINITY, 1.5, 6.125, 11.0, 19.5};
    const double q[] = {0, 0.1, 0.25, 0.5, 0.9, 0.95, 1};
    const double want[] = {1.5, 2.725, 5.40625, 10.0, 21.975, 24.8625, 27.75};

    enum { NQ = sizeof(q) / sizeof(q[0]), NX = sizeof(x) / sizeof(x[0]) };

    double work[NX], out[NQ];

    (void)state;
    stats_percentiles(x, NX, 1, q, NQ, work, out);
    for (int i = 0; i < NQ; i++)
        check_near(out[i], want[i], 1e-12, "percentile");
}

static void
test_percentiles_stride(void **state)
{
    const double vals[] = {14.5, 3.25, 9.0, 27.75, 1.5, 6.125, 11.0, 19.5};
    const double q[] = {0.25, 0.5, 0.9};
    const double want[] = {5.40625, 10.0, 21.975};
    double x[16], work[8], out[3];

    (void)state;
    for (int i = 0; i < 8; i++) {
        x[2 * i] = vals[i];
        x[2 * i + 1] = -1e9; /* must not be read */
    }
    stats_percentiles(x, 8, 2, q, 3, work, out);
    for (int i = 0; i < 3; i++)
        check_near(out[i], want[i], 1e-12, "strided percentile");
}

static void
test_percentiles_none_finite(void **state)
{
    const double x[] = {NAN, INFINITY, NAN};
    const double q[] = {0.05, 0.5, 0.95};
    double work[3], out[3] = {1, 2, 3};

    (void)state;
    stats_percentiles(x, 3, 1, q, 3, work, out);
    for (int i = 0; i < 3; i++)
        assert_true(isnan(out[i]));
    out[0] = 7;
    stats_percentiles(x, 0, 1, q, 1, work, out);
    assert_true(isnan(out[0]));
}

static void
test_percentiles_single(void **state)
{
    const double x[] = {NAN, 8.625};
    const double q[] = {0, 0.37, 1};
    double work[2], out[3];

    (void)state;
    stats_percentiles(x, 2, 1, q, 3, work, out);
    for (int i = 0; i < 3; i++)
        assert_true(out[i] == 8.625);
}

/* The running form, one value at a time, NaN and infinities skipped. */
static void
test_acc_known_set(void **state)
{
    struct stats_acc a = {0, 0, 0};
    struct summary s;

    (void)state;
    stats_acc_summary(&a, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
    for (int i = 0; i < 10; i++) {
        stats_acc_add(&a, set10[i]);
        stats_acc_add(&a, i % 3 ? NAN : INFINITY);
    }
    stats_acc_summary(&a, &s);
    expect_set10(&s);
}

/*
 * A low-discrepancy exponential sample (mean 1): the quantile q of the
 * distribution is -log(1 - q).  The golden-ratio sequence is spread
 * evenly but not in order, as replications are.
 */
static double
expo(size_t i)
{
    return -log(1 - fmod(0.618033988749895 * (double)(i + 1), 1.0));
}

/* Started from a sorted sample, the estimates are its exact percentiles. */
static void
test_p2_starts_exact(void **state)
{
    double x[100], est[STATS_NQ];
    struct stats_p2 p;

    (void)state;
    for (size_t i = 0; i < 100; i++)
        x[i] = expo(i);
    gsl_sort(x, 1, 100);
    stats_p2_init(&p, x, 100);
    stats_p2_get(&p, est);
    for (int j = 0; j < STATS_NQ; j++)
        assert_true(est[j] == gsl_stats_quantile_from_sorted_data(
                                  x, 1, 100, stats_report_q()[j]));
}

/*
 * Started from the fewest values it can take, at twice the scale (a
 * median of 1.4, a 95th percentile of 5), 20,000 values move every
 * estimate to within 0.05 of the true quantile (the mean is 1; the error
 * here is under 0.01).  Non-finite values are skipped.  (A marker moves
 * one position a value, so a start from many values far from the rest
 * is slow to correct; in a run the first values come from the same
 * distribution as the later ones.)
 */
static void
test_p2_converges(void **state)
{
    double x[STATS_P2_MARKERS], est[STATS_NQ];
    struct stats_p2 p;

    (void)state;
    for (size_t i = 0; i < STATS_P2_MARKERS; i++)
        x[i] = 2 * expo(i);
    gsl_sort(x, 1, STATS_P2_MARKERS);
    stats_p2_init(&p, x, STATS_P2_MARKERS);
    stats_p2_get(&p, est);
    assert_true(est[4] > 4);
    for (size_t i = STATS_P2_MARKERS; i < 20000; i++) {
        stats_p2_add(&p, expo(i));
        if (i % 1000 == 0)
            stats_p2_add(&p, NAN);
    }
    assert_true(p.n == 20000);
    stats_p2_get(&p, est);
    for (int j = 0; j < STATS_NQ; j++) {
        double want = -log(1 - stats_report_q()[j]);

        check_near(est[j], want, 0.05, "P-square estimate");
    }
    /* New extremes move the end markers, not the percentiles much. */
    stats_p2_add(&p, 1e6);
    stats_p2_add(&p, -1e6);
    stats_p2_get(&p, est);
    check_near(est[2], log(2.0), 0.05, "median after outliers");
}

static void
test_gsl_version(void **state)
{
    (void)state;
    assert_string_equal(stats_gsl_version(), GSL_VERSION);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summarise_known_set),
        cmocka_unit_test(test_summarise_skips_non_finite),
        cmocka_unit_test(test_summarise_stride),
        cmocka_unit_test(test_summarise_empty),
        cmocka_unit_test(test_summarise_single),
        cmocka_unit_test(test_summarise_large_offset),
        cmocka_unit_test(test_ci_halfwidth),
        cmocka_unit_test(test_share_lower),
        cmocka_unit_test(test_percentiles_known),
        cmocka_unit_test(test_percentiles_stride),
        cmocka_unit_test(test_percentiles_none_finite),
        cmocka_unit_test(test_percentiles_single),
        cmocka_unit_test(test_acc_known_set),
        cmocka_unit_test(test_p2_starts_exact),
        cmocka_unit_test(test_p2_converges),
        cmocka_unit_test(test_gsl_version),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
