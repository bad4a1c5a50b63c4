/*
 * dist: distributions parameterised by their mean, sampled by inversion of
 * one uniform draw where a closed or fast inverse exists.
 */
#include "dist.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rng.h"
#include "util.h"

static int
ok_duration(double x)
{
    return isfinite(x) && x >= 0;
}

/* A derived parameter a sampler divides by or scales with. */
static int
ok_positive(double x)
{
    return isfinite(x) && x > 0;
}

static void
reset(struct dist *d)
{
    dist_release(d);
    memset(d, 0, sizeof(*d));
    d->kind = DIST_FIXED;
}

static int
fail(struct dist *d)
{
    reset(d);
    return -1;
}

int
dist_set_fixed(struct dist *d, double value_min)
{
    reset(d);
    if (!ok_duration(value_min))
        return fail(d);
    d->kind = DIST_FIXED;
    d->p[0] = value_min;
    d->mean_min = value_min;
    return 0;
}

int
dist_set_exponential(struct dist *d, double mean_min)
{
    reset(d);
    if (!ok_duration(mean_min) || mean_min <= 0)
        return fail(d);
    d->kind = DIST_EXPONENTIAL;
    d->p[0] = mean_min;
    d->mean_min = mean_min;
    d->cv = 1;
    return 0;
}

int
dist_set_lognormal(struct dist *d, double mean_min, double cv)
{
    double s2;

    reset(d);
    if (!ok_duration(mean_min) || mean_min <= 0 || !isfinite(cv) || cv <= 0)
        return fail(d);
    /* If X = exp(mu + sigma Z): E X = exp(mu + s^2/2), CV^2 = exp(s^2) - 1. */
    s2 = log1p(cv * cv);
    d->kind = DIST_LOGNORMAL;
    d->p[0] = log(mean_min) - s2 / 2; /* mu */
    d->p[1] = sqrt(s2);               /* sigma */
    /* cv^2 overflows above about 1e154 and vanishes below 1e-162. */
    if (!isfinite(d->p[0]) || !ok_positive(d->p[1]))
        return fail(d);
    d->mean_min = mean_min;
    d->cv = cv;
    return 0;
}

int
dist_set_gamma(struct dist *d, double mean_min, double cv)
{
    double cv2;

    reset(d);
    if (!ok_duration(mean_min) || mean_min <= 0 || !isfinite(cv) || cv <= 0)
        return fail(d);
    /*
     * Shape k = 1/CV^2 and scale theta = mean/k give mean k theta.  A cv^2
     * that vanishes or overflows (cv 1e-160 or 1e300), a shape that
     * overflows or a scale that underflows would make GSL divide by zero.
     */
    cv2 = cv * cv;
    if (!ok_positive(cv2))
        return fail(d);
    d->kind = DIST_GAMMA;
    d->p[0] = 1 / cv2;
    d->p[1] = mean_min / d->p[0];
    if (!ok_positive(d->p[0]) || !ok_positive(d->p[1]))
        return fail(d);
    d->mean_min = mean_min;
    d->cv = cv;
    return 0;
}

int
dist_set_uniform(struct dist *d, double lo_min, double hi_min)
{
    reset(d);
    if (!ok_duration(lo_min) || !ok_duration(hi_min) || lo_min > hi_min)
        return fail(d);
    d->kind = DIST_UNIFORM;
    d->p[0] = lo_min;
    d->p[1] = hi_min;
    d->mean_min = (lo_min + hi_min) / 2;
    d->cv = d->mean_min > 0 ? (hi_min - lo_min) / sqrt(12.0) / d->mean_min : 0;
    return 0;
}

int
dist_set_triangular(struct dist *d, double lo_min, double mode_min,
                    double hi_min)
{
    double var;

    reset(d);
    if (!ok_duration(lo_min) || !ok_duration(mode_min) ||
        !ok_duration(hi_min) || lo_min > mode_min || mode_min > hi_min)
        return fail(d);
    d->kind = DIST_TRIANGULAR;
    d->p[0] = lo_min;
    d->p[1] = mode_min;
    d->p[2] = hi_min;
    d->mean_min = (lo_min + mode_min + hi_min) / 3;
    var = (lo_min * lo_min + mode_min * mode_min + hi_min * hi_min -
           lo_min * mode_min - lo_min * hi_min - mode_min * hi_min) /
          18;
    d->cv = d->mean_min > 0 ? sqrt(var) / d->mean_min : 0;
    return 0;
}

int
dist_set_empirical(struct dist *d, size_t n, const double *values_min,
                   const double *weights)
{
    double total = 0, acc = 0, sq = 0;

    reset(d);
    if (n == 0)
        return fail(d);
    for (size_t i = 0; i < n; i++) {
        if (!ok_duration(values_min[i]) || !isfinite(weights[i]) ||
            weights[i] < 0)
            return fail(d);
        total += weights[i];
    }
    if (!(total > 0) || !isfinite(total))
        return fail(d);
    d->kind = DIST_EMPIRICAL;
    d->n = n;
    d->values_min = xmalloc(n * sizeof(double));
    d->cum_weight = xmalloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        d->values_min[i] = values_min[i];
        acc += weights[i];
        d->cum_weight[i] = acc / total;
        d->mean_min += values_min[i] * weights[i] / total;
    }
    d->cum_weight[n - 1] = 1.0;
    /* Variance about the mean in a second pass: no cancellation. */
    for (size_t i = 0; i < n; i++) {
        double dev = values_min[i] - d->mean_min;

        sq += dev * dev * weights[i] / total;
    }
    d->cv = d->mean_min > 0 && sq > 0 ? sqrt(sq) / d->mean_min : 0;
    return 0;
}

void
dist_copy(struct dist *dst, const struct dist *src)
{
    *dst = *src;
    if (src->kind == DIST_EMPIRICAL) {
        dst->values_min = xmalloc(src->n * sizeof(double));
        dst->cum_weight = xmalloc(src->n * sizeof(double));
        memcpy(dst->values_min, src->values_min, src->n * sizeof(double));
        memcpy(dst->cum_weight, src->cum_weight, src->n * sizeof(double));
    }
}

void
dist_release(struct dist *d)
{
    free(d->values_min);
    free(d->cum_weight);
    d->values_min = NULL;
    d->cum_weight = NULL;
    d->n = 0;
}

double
dist_sample(const struct dist *d, struct rng *r)
{
    double u, x;

    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_EXPONENTIAL:
        return -d->p[0] * log(rng_uniform_pos(r));
    case DIST_LOGNORMAL:
        if (!(isfinite(d->p[0]) && d->p[1] >= 0 && d->p[1] <= DBL_MAX))
            return (double)NAN;
        u = rng_uniform_pos(r);
        return exp(d->p[0] + d->p[1] * gsl_cdf_ugaussian_Pinv(u));
    case DIST_GAMMA:
        /* GSL assumes a finite shape > 0 and a finite scale. */
        if (!(d->p[0] > 0 && d->p[0] <= DBL_MAX && d->p[1] >= 0 &&
              d->p[1] <= DBL_MAX))
            return (double)NAN;
        return gsl_ran_gamma(rng_gsl(r), d->p[0], d->p[1]);
    case DIST_UNIFORM:
        u = rng_uniform_pos(r);
        return d->p[0] + u * (d->p[1] - d->p[0]);
    case DIST_TRIANGULAR: {
        double a = d->p[0], c = d->p[1], b = d->p[2], w = b - a;

        u = rng_uniform_pos(r);
        if (w <= 0)
            return a;
        if (u < (c - a) / w)
            x = a + sqrt(u * w * (c - a));
        else
            x = b - sqrt((1 - u) * w * (b - c));
        return x;
    }
    case DIST_EMPIRICAL: {
        /* Smallest i with cum_weight[i] >= u: inversion of the discrete law. */
        size_t lo = 0, hi = d->n - 1;

        u = rng_uniform_pos(r);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;

            if (d->cum_weight[mid] >= u)
                hi = mid;
            else
                lo = mid + 1;
        }
        return d->values_min[lo];
    }
    }
    assert(0 && "unknown distribution kind");
    return 0;
}

double
dist_mean(const struct dist *d)
{
    return d->mean_min;
}

const char *
dist_kind_name(enum dist_kind kind)
{
    static const char *const names[] = {"fixed",    "exponential", "lognormal",
                                        "gamma",    "uniform",     "triangular",
                                        "empirical"};

    if ((size_t)kind < ARRAY_LEN(names))
        return names[kind];
    return "unknown";
}
