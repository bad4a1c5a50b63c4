/*
 * dist: probability distributions for durations, set from a scenario by
 * their mean in user units and sampled through GSL.
 *
 * Every duration inside uecsim is in minutes; the scenario loader converts
 * from the unit in the key name.  Continuous kinds other than gamma are
 * sampled by inversion of one uniform draw, so a variant that only changes
 * a mean keeps each patient's draw at the same quantile (strong common
 * random numbers).  Gamma uses GSL's Marsaglia-Tsang sampler.
 */
#ifndef UECSIM_DIST_H
#define UECSIM_DIST_H

#include <stddef.h>

struct rng;

enum dist_kind {
    DIST_FIXED,       /* always the value */
    DIST_EXPONENTIAL, /* mean */
    DIST_LOGNORMAL,   /* mean and coefficient of variation */
    DIST_GAMMA,       /* mean and coefficient of variation */
    DIST_UNIFORM,     /* min and max */
    DIST_TRIANGULAR,  /* min, mode and max */
    DIST_EMPIRICAL    /* values with weights, sampled as a discrete law */
};

struct dist {
    enum dist_kind kind;
    double p[3];        /* kind-specific parameters, derived at set time */
    double mean_min;    /* the mean, minutes */
    double cv;          /* coefficient of variation, 0 when degenerate */
    size_t n;           /* empirical: number of values */
    double *values_min; /* empirical: values, owned */
    double *cum_weight; /* empirical: cumulative weights ending at 1, owned */
};

/*
 * Setters.  Each returns 0, or -1 when the parameters are invalid (negative
 * or non-finite durations, cv <= 0 for lognormal and gamma, min > max, mode
 * outside [min, max], empirical weights that are negative or sum to 0) or
 * when the parameters derived from them are not finite and positive (a
 * lognormal's sigma, a gamma's shape and scale: a cv of 1e155 or 1e-160).
 * On -1 the dist is left as a fixed 0.  d must be zeroed or previously
 * set: a setter first releases what d owns.
 */
int dist_set_fixed(struct dist *d, double value_min);
int dist_set_exponential(struct dist *d, double mean_min);
int dist_set_lognormal(struct dist *d, double mean_min, double cv);
int dist_set_gamma(struct dist *d, double mean_min, double cv);
int dist_set_uniform(struct dist *d, double lo_min, double hi_min);
int dist_set_triangular(struct dist *d, double lo_min, double mode_min,
                        double hi_min);

/* Copies the arrays; the dist owns its copies (free with dist_release). */
int dist_set_empirical(struct dist *d, size_t n, const double *values_min,
                       const double *weights);

/* Deep copy of src into dst (dst must be released or fresh). */
void dist_copy(struct dist *dst, const struct dist *src);

/* Free the empirical arrays; accepts zero state. */
void dist_release(struct dist *d);

/*
 * Draw one value, minutes, never negative; NaN (and no draw) when the
 * parameters are not ones a setter accepts with finite moments (a
 * lognormal or gamma whose cv overflowed or underflowed), so the caller
 * can report it.  Never loops without end.
 */
double dist_sample(const struct dist *d, struct rng *r);

/* The exact mean of the distribution, minutes. */
double dist_mean(const struct dist *d);

/* A short name for the kind: "fixed", "exponential", ... */
const char *dist_kind_name(enum dist_kind kind);

#endif
