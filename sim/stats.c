/*
 * stats: across-replication summaries with Student-t intervals and
 * percentiles, through GSL's statistics and cdf modules.
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

void
stats_summarise(const double *x, size_t n, size_t stride, struct summary *out)
{
    double mean = 0, m2 = 0, h;
    size_t k = 0;

    /* Welford's update: stable for the long series a day count gives. */
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride], delta;

        if (!isfinite(v))
            continue;
        k++;
        delta = v - mean;
        mean += delta / (double)k;
        m2 += delta * (v - mean);
    }
    out->n = k;
    if (k == 0) {
        out->mean = out->ci95_low = out->ci95_high = NAN;
        out->sd = NAN;
        return;
    }
    out->mean = mean;
    out->sd = k > 1 ? sqrt(m2 / (double)(k - 1)) : 0;
    h = stats_ci_halfwidth(out->sd, k, 0.95);
    out->ci95_low = mean - h;
    out->ci95_high = mean + h;
}

double
stats_ci_halfwidth(double sd, size_t n, double conf)
{
    if (n < 2)
        return 0;
    return gsl_cdf_tdist_Pinv(0.5 + conf / 2, (double)(n - 1)) * sd /
           sqrt((double)n);
}

void
stats_percentiles(const double *x, size_t n, size_t stride, const double *q,
                  size_t nq, double *work, double *out)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];

        if (isfinite(v))
            work[k++] = v;
    }
    if (k == 0) {
        for (size_t j = 0; j < nq; j++)
            out[j] = NAN;
        return;
    }
    gsl_sort(work, 1, k);
    for (size_t j = 0; j < nq; j++)
        out[j] = gsl_stats_quantile_from_sorted_data(work, 1, k, q[j]);
}

const char *
stats_gsl_version(void)
{
    return gsl_version;
}
