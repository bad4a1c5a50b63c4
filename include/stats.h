/*
 * stats: summaries across replications.
 *
 * Inside a replication uecsim accumulates plain sums (see kpi.h); this
 * module turns one value per replication into the mean, standard
 * deviation, Student-t 95 % confidence interval and percentiles, either
 * from an array or one value at a time (a running mean and variance, and
 * a streaming percentile estimator), so that replications can be
 * summarised as they finish.
 */
#ifndef UECSIM_STATS_H
#define UECSIM_STATS_H

#include <stddef.h>
#include <stdint.h>

struct summary {
    size_t n;         /* finite values summarised */
    double mean;      /* NAN when n == 0 */
    double sd;        /* sample standard deviation; NAN when n < 2 */
    double ci95_low;  /* mean - t(0.975, n-1) sd / sqrt(n); NAN when n < 2:
                         one value gives no interval, not a zero-width one */
    double ci95_high; /* mean + t(0.975, n-1) sd / sqrt(n); NAN when n < 2 */
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
 * The one-sided lower confidence bound, at level conf, of a proportion
 * seen as hits successes in n trials: the exact Clopper-Pearson bound,
 * the (1 - conf) quantile of Beta(hits, n - hits + 1), and 0 when hits
 * is 0 (Clopper and Pearson 1934).  With every trial a success it is
 * (1 - conf)^(1/n).
 */
double stats_share_lower(size_t hits, size_t n, double conf);

/*
 * Percentiles of x[0..n) (stride apart), skipping non-finite values:
 * out[i] is the q[i] quantile, by GSL's linear interpolation between order
 * statistics.  work must hold n doubles.  out[i] is NAN when no value is
 * finite.
 */
void stats_percentiles(const double *x, size_t n, size_t stride,
                       const double *q, size_t nq, double *work, double *out);

/*
 * A running mean and variance (Welford's update), one value at a time.
 * Adding x[0..n) in order and reading the summary gives exactly what
 * stats_summarise gives for the array, bit for bit.  Zero state is empty.
 */
struct stats_acc {
    size_t n;    /* finite values added */
    double mean; /* of those */
    double m2;   /* sum of squared deviations from the mean */
};

/* Add one value; non-finite values are skipped, as stats_summarise does. */
void stats_acc_add(struct stats_acc *a, double x);

/* The summary of the values added so far (as stats_summarise). */
void stats_acc_summary(const struct stats_acc *a, struct summary *out);

/* The percentiles every report gives: 5th, 25th, 50th, 75th, 95th. */
#define STATS_NQ 5

/* Their levels as fractions, in that order: an array of STATS_NQ. */
const double *stats_report_q(void);

/*
 * The P-square streaming estimator of the report percentiles (Jain and
 * Chlamtac, "The P-square algorithm for dynamic calculation of
 * percentiles and histograms without storing observations", CACM 28(10),
 * 1985), with one set of markers shared by all five percentiles as in
 * Raatikainen's extension (CACM 30(3), 1987): 2 x 5 + 3 markers at the
 * levels 0, 0.025, 0.05, 0.15, 0.25, ..., 0.95, 0.975, 1.  Each new value
 * moves the markers' positions; a marker whose position drifts a whole
 * step from where its level wants it is moved by the piecewise-parabolic
 * (or, when that would leave the neighbours' range, linear) formula.  The
 * estimate of a percentile is its marker's height.  Deterministic: the
 * same values in the same order give the same estimates.
 */
#define STATS_P2_MARKERS (2 * STATS_NQ + 3)

struct stats_p2 {
    uint64_t n;                   /* values seen */
    double h[STATS_P2_MARKERS];   /* marker heights */
    double pos[STATS_P2_MARKERS]; /* marker positions, 1-based, whole */
};

/*
 * Start from n >= STATS_P2_MARKERS finite values sorted ascending: each
 * marker at its level's position with the exact percentile (GSL's
 * interpolation) as its height, so the estimate continues from the exact
 * answer.
 */
void stats_p2_init(struct stats_p2 *p, const double *sorted, size_t n);

/* Add one value; non-finite values are skipped. */
void stats_p2_add(struct stats_p2 *p, double x);

/* The STATS_NQ report percentiles, estimated. */
void stats_p2_get(const struct stats_p2 *p, double *out);

/* GSL's version string, for the manifest. */
const char *stats_gsl_version(void);

#endif
