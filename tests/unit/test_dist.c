/*
 * Unit tests for dist: sample moments against exact ones within 5 standard
 * errors, parameter validation, deep copies, and the common-random-numbers
 * property of sampling by inversion.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "dist.h"
#include "rng.h"

#define NDRAWS 200000
#define MASTER 0x2385abcdULL

/* Fail unless |got - want| <= tol, printing both values. */
static void
check_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.12g, want %.12g (tolerance %.3g)", what, got, want,
                 tol);
}

static void
check_rel(double got, double want, double rel, const char *what)
{
    check_near(got, want, rel * fabs(want), what);
}

/* A continuous test case, by its user parameters. */
struct dcase {
    const char *name;
    enum dist_kind kind;
    double a, b, c; /* fixed: v; exp: mean; logn/gamma: mean, cv;
                       uniform: lo, hi; triangular: lo, mode, hi */
};

static int
set_case(struct dist *d, const struct dcase *c)
{
    switch (c->kind) {
    case DIST_FIXED:
        return dist_set_fixed(d, c->a);
    case DIST_EXPONENTIAL:
        return dist_set_exponential(d, c->a);
    case DIST_LOGNORMAL:
        return dist_set_lognormal(d, c->a, c->b);
    case DIST_GAMMA:
        return dist_set_gamma(d, c->a, c->b);
    case DIST_UNIFORM:
        return dist_set_uniform(d, c->a, c->b);
    case DIST_TRIANGULAR:
        return dist_set_triangular(d, c->a, c->b, c->c);
    case DIST_EMPIRICAL:
        break;
    }
    fail_msg("bad test case");
    return -1;
}

static double
tri_pdf(double x, double lo, double mode, double hi)
{
    if (x < lo || x > hi)
        return 0;
    if (x < mode)
        return 2 * (x - lo) / ((hi - lo) * (mode - lo));
    if (x > mode)
        return 2 * (hi - x) / ((hi - lo) * (hi - mode));
    return 2 / (hi - lo);
}

/* Composite Simpson rule of x^k pdf(x) over [p, q]. */
static double
tri_piece(int k, double p, double q, const struct dcase *c)
{
    enum { M = 2000 };

    double h = (q - p) / M, s = 0;

    if (q <= p)
        return 0;
    for (int i = 0; i <= M; i++) {
        double x = i == 0 ? p : i == M ? q : p + h * i;
        double w = i == 0 || i == M ? 1 : i % 2 ? 4 : 2;

        s += w * pow(x, k) * tri_pdf(x, c->a, c->b, c->c);
    }
    return s * h / 3;
}

/* The exact k-th raw moment E[X^k], from the user parameters. */
static double
raw_moment(const struct dcase *c, int k)
{
    switch (c->kind) {
    case DIST_FIXED:
        return pow(c->a, k);
    case DIST_EXPONENTIAL:
        return tgamma(k + 1.0) * pow(c->a, k);
    case DIST_LOGNORMAL: {
        double s2 = log(1 + c->b * c->b), mu = log(c->a) - s2 / 2;

        return exp(k * mu + k * k * s2 / 2);
    }
    case DIST_GAMMA: {
        double shape = 1 / (c->b * c->b), scale = c->a / shape, m = 1;

        for (int i = 0; i < k; i++)
            m *= (shape + i) * scale;
        return m;
    }
    case DIST_UNIFORM:
        return (pow(c->b, k + 1) - pow(c->a, k + 1)) /
               ((k + 1) * (c->b - c->a));
    case DIST_TRIANGULAR:
        return tri_piece(k, c->a, c->b, c) + tri_piece(k, c->b, c->c, c);
    case DIST_EMPIRICAL:
        break;
    }
    fail_msg("bad test case");
    return 0;
}

static const struct dcase cases[] = {
    {"fixed", DIST_FIXED, 3434.4, 0, 0},
    {"exponential", DIST_EXPONENTIAL, 37.9, 0, 0},
    {"lognormal 5 days cv 1.2", DIST_LOGNORMAL, 5 * 1440.0, 1.2, 0},
    {"lognormal cv 0.35", DIST_LOGNORMAL, 185.25, 0.35, 0},
    {"gamma cv 0.6", DIST_GAMMA, 143.1, 0.6, 0},
    {"gamma cv 1.7", DIST_GAMMA, 41.7, 1.7, 0},
    {"uniform", DIST_UNIFORM, 12.5, 87.25, 0},
    {"triangular", DIST_TRIANGULAR, 5, 20.5, 95},
    {"triangular mode at min", DIST_TRIANGULAR, 10.75, 10.75, 61.5},
    {"triangular mode at max", DIST_TRIANGULAR, 10.75, 61.5, 61.5},
};

/*
 * Sample mean and coefficient of variation within 5 standard errors of the
 * exact values; the cv's standard error comes from the delta method on
 * (mean X, mean X^2), which needs the first four raw moments.
 */
static void
test_moments_converge(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct dcase *c = &cases[i];
        struct dist d = {0};
        struct rng *r = rng_alloc(MASTER, 0, (uint32_t)i);
        double m1 = raw_moment(c, 1), m2 = raw_moment(c, 2);
        double m3 = raw_moment(c, 3), m4 = raw_moment(c, 4);
        double var = m2 - m1 * m1, sd = sqrt(var > 0 ? var : 0);
        double cv = sd / m1, s1 = 0, s2 = 0, lo = INFINITY;

        assert_int_equal(set_case(&d, c), 0);
        assert_int_equal(d.kind, c->kind);
        /* dist_mean and the stored cv are exact. */
        check_rel(dist_mean(&d), m1, 1e-12, c->name);
        check_near(d.cv, cv, 1e-9 * (cv > 0 ? cv : 1), c->name);
        for (long j = 0; j < NDRAWS; j++) {
            double x = dist_sample(&d, r);

            s1 += x;
            s2 += x * x;
            lo = x < lo ? x : lo;
        }
        assert_true(lo >= 0);
        if (var > 0) {
            double mean = s1 / NDRAWS;
            double cv_hat = sqrt(s2 / NDRAWS - mean * mean) / mean;
            double ga = -1 / sd - sd / (m1 * m1), gb = 1 / (2 * sd * m1);
            double vg = (ga * ga * var + 2 * ga * gb * (m3 - m1 * m2) +
                         gb * gb * (m4 - m2 * m2)) /
                        NDRAWS;

            check_near(mean, m1, 5 * sd / sqrt(NDRAWS), c->name);
            check_near(cv_hat, cv, 5 * sqrt(vg), c->name);
        } else {
            /* A fixed value: every draw is exactly it. */
            check_near(s1 / NDRAWS, m1, 1e-9 * m1, c->name);
            assert_true(lo == c->a);
        }
        dist_release(&d);
        rng_free(r);
    }
}

/* The set cv for lognormal and gamma is stored as given. */
static void
test_cv_stored(void **state)
{
    struct dist d = {0};

    (void)state;
    assert_int_equal(dist_set_lognormal(&d, 7200, 1.2), 0);
    check_rel(d.cv, 1.2, 1e-15, "lognormal cv");
    assert_int_equal(dist_set_gamma(&d, 143.1, 0.6), 0);
    check_rel(d.cv, 0.6, 1e-15, "gamma cv");
    assert_int_equal(dist_set_exponential(&d, 37.9), 0);
    check_rel(d.cv, 1, 1e-15, "exponential cv");
    assert_int_equal(dist_set_fixed(&d, 37.9), 0);
    assert_true(d.cv == 0);
    dist_release(&d);
}

/* Empirical: each value's frequency matches its weight (binomial 5 sigma). */
static void
test_empirical_frequencies(void **state)
{
    static const double values[] = {12.5, 30.0, 0.0, 240.0, 61.75, 999.0};
    static const double weights[] = {2.385, 0.0, 1.5, 0.4, 3.1, 0.0};

    enum { K = sizeof(values) / sizeof(values[0]) };
    struct dist d = {0};
    struct rng *r = rng_alloc(MASTER, 1, 7);
    long count[K] = {0};
    double total = 0, mean = 0;

    (void)state;
    for (int k = 0; k < K; k++)
        total += weights[k];
    for (int k = 0; k < K; k++)
        mean += values[k] * weights[k] / total;
    assert_int_equal(dist_set_empirical(&d, K, values, weights), 0);
    assert_int_equal(d.kind, DIST_EMPIRICAL);
    assert_int_equal(d.n, K);
    check_rel(dist_mean(&d), mean, 1e-12, "empirical mean");
    for (long j = 0; j < NDRAWS; j++) {
        double x = dist_sample(&d, r);
        int k;

        for (k = 0; k < K; k++)
            if (x == values[k])
                break;
        if (k == K)
            fail_msg("draw %.17g is not one of the values", x);
        count[k]++;
    }
    for (int k = 0; k < K; k++) {
        double p = weights[k] / total;

        check_near((double)count[k], NDRAWS * p, 5 * sqrt(NDRAWS * p * (1 - p)),
                   "empirical count");
    }
    /* Zero weights, including the last value, are never drawn. */
    assert_int_equal(count[1], 0);
    assert_int_equal(count[5], 0);
    dist_release(&d);
    rng_free(r);
}

static void
test_empirical_single_value(void **state)
{
    static const double v[] = {47.125}, w[] = {0.3};
    struct dist d = {0};
    struct rng *r = rng_alloc(MASTER, 2, 0);

    (void)state;
    assert_int_equal(dist_set_empirical(&d, 1, v, w), 0);
    for (int j = 0; j < 1000; j++)
        assert_true(dist_sample(&d, r) == 47.125);
    assert_true(dist_mean(&d) == 47.125);
    assert_true(d.cv == 0);
    dist_release(&d);
    rng_free(r);
}

/* The setters copy the caller's arrays. */
static void
test_empirical_copies_input(void **state)
{
    double v[] = {5.5, 9.25}, w[] = {1.0, 3.0};
    struct dist d = {0};
    struct rng *r = rng_alloc(MASTER, 2, 1);

    (void)state;
    assert_int_equal(dist_set_empirical(&d, 2, v, w), 0);
    assert_ptr_not_equal(d.values_min, v);
    v[0] = -1;
    v[1] = -2;
    w[0] = 0;
    for (int j = 0; j < 1000; j++) {
        double x = dist_sample(&d, r);

        assert_true(x == 5.5 || x == 9.25);
    }
    check_rel(dist_mean(&d), (5.5 + 3 * 9.25) / 4, 1e-15, "mean");
    dist_release(&d);
    rng_free(r);
}

static void
expect_invalid(int rc, struct dist *d, const char *what)
{
    struct rng *r = rng_alloc(MASTER, 3, 3);

    if (rc != -1)
        fail_msg("%s: accepted (rc %d)", what, rc);
    /* On -1 the dist is a fixed 0. */
    if (d->kind != DIST_FIXED || dist_mean(d) != 0 || dist_sample(d, r) != 0 ||
        d->n != 0 || d->values_min != NULL || d->cum_weight != NULL)
        fail_msg("%s: not left as a fixed 0", what);
    rng_free(r);
}

/* Prime the dist with a valid empirical so a failure must also free it. */
static struct dist *
primed(struct dist *d)
{
    static const double v[] = {3.5, 8.0}, w[] = {1.0, 2.0};

    assert_int_equal(dist_set_empirical(d, 2, v, w), 0);
    return d;
}

static void
test_invalid_parameters(void **state)
{
    static const double ok_v[] = {1.0, 2.0, 3.0};
    static const double ok_w[] = {0.2, 0.3, 0.5};
    static const double neg_v[] = {1.0, -2.0, 3.0};
    static const double nan_v[] = {1.0, NAN, 3.0};
    static const double inf_v[] = {1.0, INFINITY, 3.0};
    static const double neg_w[] = {0.2, -0.3, 0.5};
    static const double zero_w[] = {0.0, 0.0, 0.0};
    static const double nan_w[] = {0.2, NAN, 0.5};
    static const double inf_w[] = {0.2, INFINITY, 0.5};
    static const double big_w[] = {1e308, 1e308, 1e308};
    struct dist d = {0};

    (void)state;
    expect_invalid(dist_set_fixed(primed(&d), -2.385), &d, "fixed -2.385");
    expect_invalid(dist_set_fixed(primed(&d), NAN), &d, "fixed nan");
    expect_invalid(dist_set_fixed(primed(&d), INFINITY), &d, "fixed inf");
    expect_invalid(dist_set_exponential(primed(&d), 0), &d, "exp 0");
    expect_invalid(dist_set_exponential(primed(&d), -3.7), &d, "exp -3.7");
    expect_invalid(dist_set_exponential(primed(&d), NAN), &d, "exp nan");
    expect_invalid(dist_set_exponential(primed(&d), INFINITY), &d, "exp inf");
    expect_invalid(dist_set_lognormal(primed(&d), 0, 1.2), &d, "logn m 0");
    expect_invalid(dist_set_lognormal(primed(&d), -7.5, 1.2), &d, "logn m < 0");
    expect_invalid(dist_set_lognormal(primed(&d), INFINITY, 1.2), &d,
                   "logn m inf");
    expect_invalid(dist_set_lognormal(primed(&d), 7.5, 0), &d, "logn cv 0");
    expect_invalid(dist_set_lognormal(primed(&d), 7.5, -0.4), &d,
                   "logn cv < 0");
    expect_invalid(dist_set_lognormal(primed(&d), 7.5, NAN), &d, "logn cv nan");
    expect_invalid(dist_set_lognormal(primed(&d), 7.5, INFINITY), &d,
                   "logn cv inf");
    expect_invalid(dist_set_gamma(primed(&d), 0, 0.6), &d, "gamma m 0");
    expect_invalid(dist_set_gamma(primed(&d), NAN, 0.6), &d, "gamma m nan");
    expect_invalid(dist_set_gamma(primed(&d), 7.5, 0), &d, "gamma cv 0");
    expect_invalid(dist_set_gamma(primed(&d), 7.5, -1), &d, "gamma cv < 0");
    expect_invalid(dist_set_gamma(primed(&d), 7.5, INFINITY), &d,
                   "gamma cv inf");
    /* Finite inputs whose derived parameters are not (issue 8): cv^2
     * overflows or vanishes, or the gamma's scale underflows. */
    expect_invalid(dist_set_lognormal(primed(&d), 7200, 1e155), &d,
                   "logn cv^2 overflows");
    expect_invalid(dist_set_lognormal(primed(&d), 7200, 1e-170), &d,
                   "logn sigma 0");
    expect_invalid(dist_set_gamma(primed(&d), 7200, 1e300), &d,
                   "gamma shape 0");
    expect_invalid(dist_set_gamma(primed(&d), 7200, 1e-160), &d,
                   "gamma shape inf");
    expect_invalid(dist_set_gamma(primed(&d), 5e-324, 0.001), &d,
                   "gamma scale 0");
    expect_invalid(dist_set_uniform(primed(&d), 9.5, 9.25), &d,
                   "uniform min > max");
    expect_invalid(dist_set_uniform(primed(&d), -1.5, 9.25), &d,
                   "uniform min < 0");
    expect_invalid(dist_set_uniform(primed(&d), 1.5, INFINITY), &d,
                   "uniform max inf");
    expect_invalid(dist_set_uniform(primed(&d), NAN, 9.25), &d,
                   "uniform min nan");
    expect_invalid(dist_set_triangular(primed(&d), 4, 3.5, 9), &d,
                   "tri mode < min");
    expect_invalid(dist_set_triangular(primed(&d), 4, 9.5, 9), &d,
                   "tri mode > max");
    expect_invalid(dist_set_triangular(primed(&d), 10, 10, 9), &d,
                   "tri min > max");
    expect_invalid(dist_set_triangular(primed(&d), -1, 3.5, 9), &d,
                   "tri min < 0");
    expect_invalid(dist_set_triangular(primed(&d), 1, NAN, 9), &d,
                   "tri mode nan");
    expect_invalid(dist_set_triangular(primed(&d), 1, 3.5, INFINITY), &d,
                   "tri max inf");
    expect_invalid(dist_set_empirical(primed(&d), 0, ok_v, ok_w), &d,
                   "emp n 0");
    expect_invalid(dist_set_empirical(primed(&d), 3, neg_v, ok_w), &d,
                   "emp value < 0");
    expect_invalid(dist_set_empirical(primed(&d), 3, nan_v, ok_w), &d,
                   "emp value nan");
    expect_invalid(dist_set_empirical(primed(&d), 3, inf_v, ok_w), &d,
                   "emp value inf");
    expect_invalid(dist_set_empirical(primed(&d), 3, ok_v, neg_w), &d,
                   "emp weight < 0");
    expect_invalid(dist_set_empirical(primed(&d), 3, ok_v, zero_w), &d,
                   "emp weights sum 0");
    expect_invalid(dist_set_empirical(primed(&d), 3, ok_v, nan_w), &d,
                   "emp weight nan");
    expect_invalid(dist_set_empirical(primed(&d), 3, ok_v, inf_w), &d,
                   "emp weight inf");
    expect_invalid(dist_set_empirical(primed(&d), 3, ok_v, big_w), &d,
                   "emp weights overflow");
    dist_release(&d);
}

/* Degenerate but valid parameters give exact, non-negative draws. */
static void
test_degenerate_valid(void **state)
{
    struct dist d = {0};
    struct rng *r = rng_alloc(MASTER, 4, 0);

    (void)state;
    assert_int_equal(dist_set_fixed(&d, 0), 0);
    assert_true(dist_sample(&d, r) == 0);
    assert_int_equal(dist_set_uniform(&d, 0, 0), 0);
    assert_true(dist_sample(&d, r) == 0);
    assert_true(d.cv == 0);
    assert_int_equal(dist_set_uniform(&d, 42.5, 42.5), 0);
    assert_true(dist_sample(&d, r) == 42.5);
    assert_int_equal(dist_set_triangular(&d, 0, 0, 0), 0);
    assert_true(dist_sample(&d, r) == 0);
    assert_int_equal(dist_set_triangular(&d, 17.5, 17.5, 17.5), 0);
    assert_true(dist_sample(&d, r) == 17.5);
    assert_true(dist_mean(&d) == 17.5);
    assert_int_equal(dist_set_lognormal(&d, 1e-9, 3.5), 0);
    for (int j = 0; j < 10000; j++)
        assert_true(dist_sample(&d, r) >= 0);
    assert_int_equal(dist_set_gamma(&d, 1e-6, 4.0), 0);
    for (int j = 0; j < 10000; j++)
        assert_true(dist_sample(&d, r) >= 0);
    dist_release(&d);
    rng_free(r);
}

/* dist_copy gives an independent deep copy of the empirical arrays. */
static void
test_copy_deep(void **state)
{
    static const double v[] = {15.0, 45.5, 120.25}, w[] = {5, 3, 2};
    struct dist src = {0}, dst = {0}, ref = {0};
    struct rng *r1 = rng_alloc(MASTER, 5, 0), *r2 = rng_alloc(MASTER, 5, 0);

    (void)state;
    assert_int_equal(dist_set_empirical(&src, 3, v, w), 0);
    assert_int_equal(dist_set_empirical(&ref, 3, v, w), 0);
    dist_copy(&dst, &src);
    assert_ptr_not_equal(dst.values_min, src.values_min);
    assert_ptr_not_equal(dst.cum_weight, src.cum_weight);
    assert_int_equal(dst.n, 3);
    /* Scribble on, then free, the source: the copy is unaffected. */
    src.values_min[0] = 777;
    src.cum_weight[0] = 0;
    dist_release(&src);
    assert_true(dist_mean(&dst) == dist_mean(&ref));
    for (int j = 0; j < 5000; j++)
        assert_true(dist_sample(&dst, r1) == dist_sample(&ref, r2));
    dist_release(&dst);
    dist_release(&ref);

    /* A parametric dist copies to one that draws the same. */
    assert_int_equal(dist_set_lognormal(&src, 7200, 1.2), 0);
    dist_copy(&dst, &src);
    assert_true(dist_mean(&dst) == 7200);
    for (int j = 0; j < 1000; j++)
        assert_true(dist_sample(&dst, r1) == dist_sample(&src, r2));
    dist_release(&src);
    dist_release(&dst);
    rng_free(r1);
    rng_free(r2);
}

static void
test_release_zero_state(void **state)
{
    struct dist d;

    (void)state;
    memset(&d, 0, sizeof(d));
    dist_release(&d);
    dist_release(&d);
    assert_null(d.values_min);
}

/* Standard normal quantile of a lognormal draw, from user parameters. */
static double
logn_z(double x, double mean, double cv)
{
    double s2 = log(1 + cv * cv);

    return (log(x) - (log(mean) - s2 / 2)) / sqrt(s2);
}

static double
tri_cdf(double x, double lo, double mode, double hi)
{
    if (x <= mode)
        return mode > lo ? (x - lo) * (x - lo) / ((hi - lo) * (mode - lo)) : 0;
    return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
}

/*
 * Common random numbers: two dists of one kind sampled from fresh copies
 * of the same stream give draws at the same quantile, so two lognormals
 * with one cv draw in the ratio of their means.
 */
static void
test_inversion_same_quantile(void **state)
{
    enum { N = 20000 };
    struct dist a = {0}, b = {0};
    struct rng *ra, *rb;

    (void)state;
    /* Lognormal, same cv: the ratio of the means. */
    assert_int_equal(dist_set_lognormal(&a, 5 * 1440.0, 1.2), 0);
    assert_int_equal(dist_set_lognormal(&b, 2.385 * 1440.0, 1.2), 0);
    ra = rng_alloc(MASTER, 6, 9);
    rb = rng_alloc(MASTER, 6, 9);
    for (int j = 0; j < N; j++) {
        double xa = dist_sample(&a, ra), xb = dist_sample(&b, rb);

        check_rel(xa / xb, 5 / 2.385, 1e-12, "lognormal ratio");
    }
    rng_free(ra);
    rng_free(rb);

    /* Lognormal, different cv: the same normal quantile. */
    assert_int_equal(dist_set_lognormal(&b, 310.5, 0.45), 0);
    ra = rng_alloc(MASTER, 6, 10);
    rb = rng_alloc(MASTER, 6, 10);
    for (int j = 0; j < N; j++) {
        double za = logn_z(dist_sample(&a, ra), 5 * 1440.0, 1.2);
        double zb = logn_z(dist_sample(&b, rb), 310.5, 0.45);

        check_near(za, zb, 1e-9, "lognormal quantile");
    }
    rng_free(ra);
    rng_free(rb);

    /* Exponential: the ratio of the means. */
    assert_int_equal(dist_set_exponential(&a, 37.9), 0);
    assert_int_equal(dist_set_exponential(&b, 4.125), 0);
    ra = rng_alloc(MASTER, 6, 11);
    rb = rng_alloc(MASTER, 6, 11);
    for (int j = 0; j < N; j++) {
        double xa = dist_sample(&a, ra), xb = dist_sample(&b, rb);

        check_rel(xa, xb * 37.9 / 4.125, 1e-12, "exponential ratio");
    }
    rng_free(ra);
    rng_free(rb);

    /* Uniform and triangular: the same cdf value. */
    assert_int_equal(dist_set_uniform(&a, 12.5, 87.25), 0);
    assert_int_equal(dist_set_triangular(&b, 5, 20.5, 95), 0);
    ra = rng_alloc(MASTER, 6, 12);
    rb = rng_alloc(MASTER, 6, 12);
    for (int j = 0; j < N; j++) {
        double ua = (dist_sample(&a, ra) - 12.5) / (87.25 - 12.5);
        double ub = tri_cdf(dist_sample(&b, rb), 5, 20.5, 95);

        check_near(ua, ub, 1e-9, "uniform vs triangular quantile");
    }
    rng_free(ra);
    rng_free(rb);
    dist_release(&a);
    dist_release(&b);
}

/* Inversion kinds spend exactly one uniform per draw. */
static void
test_one_uniform_per_draw(void **state)
{
    static const struct dcase inv[] = {
        {"exponential", DIST_EXPONENTIAL, 37.9, 0, 0},
        {"lognormal", DIST_LOGNORMAL, 7200, 1.2, 0},
        {"uniform", DIST_UNIFORM, 12.5, 87.25, 0},
        {"triangular", DIST_TRIANGULAR, 5, 20.5, 95},
    };

    enum { K = 1234 };

    (void)state;
    for (size_t i = 0; i < sizeof(inv) / sizeof(inv[0]); i++) {
        struct dist d = {0};
        struct rng *r = rng_alloc(MASTER, 7, 3), *ref = rng_alloc(MASTER, 7, 3);

        assert_int_equal(set_case(&d, &inv[i]), 0);
        for (int j = 0; j < K; j++) {
            (void)dist_sample(&d, r);
            (void)rng_uniform_pos(ref);
        }
        if (rng_uniform_pos(r) != rng_uniform_pos(ref))
            fail_msg("%s: not one uniform per draw", inv[i].name);
        dist_release(&d);
        rng_free(r);
        rng_free(ref);
    }
}

static void
test_kind_names(void **state)
{
    static const char *const want[] = {"fixed",    "exponential", "lognormal",
                                       "gamma",    "uniform",     "triangular",
                                       "empirical"};

    (void)state;
    for (int k = DIST_FIXED; k <= DIST_EMPIRICAL; k++)
        assert_string_equal(dist_kind_name((enum dist_kind)k), want[k]);
    assert_string_equal(dist_kind_name((enum dist_kind)(DIST_EMPIRICAL + 1)),
                        "unknown");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_converge),
        cmocka_unit_test(test_cv_stored),
        cmocka_unit_test(test_empirical_frequencies),
        cmocka_unit_test(test_empirical_single_value),
        cmocka_unit_test(test_empirical_copies_input),
        cmocka_unit_test(test_invalid_parameters),
        cmocka_unit_test(test_degenerate_valid),
        cmocka_unit_test(test_copy_deep),
        cmocka_unit_test(test_release_zero_state),
        cmocka_unit_test(test_inversion_same_quantile),
        cmocka_unit_test(test_one_uniform_per_draw),
        cmocka_unit_test(test_kind_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
