/*
 * stats: summaries across replications.
 *
 * Inside a replication uecsim accumulates plain sums (see kpi.h); this
 * module turns one value per replication into the mean, standard
 * deviation, Student-t 95 % confidence interval and percentiles.
 */
#ifndef UECSIM_STATS_H
#define UECSIM_STATS_H

#include <stddef.h>

struct summary {
    size_t n;         /* finite values summarised */
    double mean;      /* NAN when n == 0 */
    double sd;        /* sample standard deviation; 0 when n == 1, NAN
                         when n == 0 */
    double ci95_low;  /* mean - t(0.975, n-1) sd / sqrt(n); mean when n < 2 */
    double ci95_high; /* mean + t(0.975, n-1) sd / sqrt(n) */
};

/*
 * Summarise x[0..n) (stride elements apart), skipping non-finite values,
 * which mark a replication where the KPI was undefined (a ratio with
 * nothing in its denominator).
 */
void stats_summarise(const double *x, size_t n, size_t stride,
                     struct summary *out);

/*
 * Two-sided Student-t confidence interval half-width for a mean, at level
 * conf (0.95 for 95 %), from the sample sd and size.  0 when n < 2.
 */
double stats_ci_halfwidth(double sd, size_t n, double conf);

/*
 * Percentiles of x[0..n) (stride apart), skipping non-finite values:
 * out[i] is the q[i] quantile, by GSL's linear interpolation between order
 * statistics.  work must hold n doubles.  out[i] is NAN when no value is
 * finite.
 */
void stats_percentiles(const double *x, size_t n, size_t stride,
                       const double *q, size_t nq, double *work, double *out);

/* GSL's version string, for the manifest. */
const char *stats_gsl_version(void);

#endif
