/*
 * stats: across-replication summaries with Student-t intervals and
 * percentiles, through GSL's statistics and cdf modules, and their
 * streaming forms (Welford's running variance, the P-square estimator).
 */
#include "stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

void
stats_acc_add(struct stats_acc *a, double x)
{
    double delta;

    /* Welford's update: stable for the long series a day count gives. */
    if (!isfinite(x))
        return;
    a->n++;
    delta = x - a->mean;
    a->mean += delta / (double)a->n;
    a->m2 += delta * (x - a->mean);
}

void
stats_acc_summary(const struct stats_acc *a, struct summary *out)
{
    double h;

    out->n = a->n;
    if (a->n == 0) {
        out->mean = out->ci95_low = out->ci95_high = NAN;
        out->sd = NAN;
        return;
    }
    out->mean = a->mean;
    if (a->n < 2) {
        /* One value says nothing about the spread: no sd, no interval. */
        out->sd = out->ci95_low = out->ci95_high = NAN;
        return;
    }
    out->sd = sqrt(a->m2 / (double)(a->n - 1));
    h = stats_ci_halfwidth(out->sd, a->n, 0.95);
    out->ci95_low = a->mean - h;
    out->ci95_high = a->mean + h;
}

void
stats_summarise(const double *x, size_t n, size_t stride, struct summary *out)
{
    struct stats_acc a = {0, 0, 0};

    for (size_t i = 0; i < n; i++)
        stats_acc_add(&a, x[i * stride]);
    stats_acc_summary(&a, out);
}

double
stats_ci_halfwidth(double sd, size_t n, double conf)
{
    if (n < 2)
        return 0;
    return gsl_cdf_tdist_Pinv(0.5 + conf / 2, (double)(n - 1)) * sd /
           sqrt((double)n);
}

double
stats_share_lower(size_t hits, size_t n, double conf)
{
    assert(hits <= n && conf > 0 && conf < 1);
    if (hits == 0)
        return 0;
    return gsl_cdf_beta_Pinv(1 - conf, (double)hits, (double)(n - hits + 1));
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

/* --- the P-square estimator --------------------------------------------- */

static const double report_q[STATS_NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};

/* Marker levels: 0, the report levels and the midpoints between, 1. */
static const double p2_level[STATS_P2_MARKERS] = {
    0, 0.025, 0.05, 0.15, 0.25, 0.375, 0.5, 0.625, 0.75, 0.85, 0.95, 0.975, 1};

const double *
stats_report_q(void)
{
    return report_q;
}

void
stats_p2_init(struct stats_p2 *p, const double *sorted, size_t n)
{
    assert(n >= STATS_P2_MARKERS);
    p->n = n;
    for (size_t i = 0; i < STATS_P2_MARKERS; i++) {
        double at = 1 + round(p2_level[i] * (double)(n - 1));

        /* Strictly increasing, leaving room for the markers above. */
        if (i > 0 && at <= p->pos[i - 1])
            at = p->pos[i - 1] + 1;
        if (at > (double)(n - (STATS_P2_MARKERS - 1 - i)))
            at = (double)(n - (STATS_P2_MARKERS - 1 - i));
        p->pos[i] = at;
        p->h[i] =
            gsl_stats_quantile_from_sorted_data(sorted, 1, n, p2_level[i]);
    }
}

/* The piecewise-parabolic prediction for marker i moved by d (+1 or -1). */
static double
p2_parabolic(const struct stats_p2 *p, size_t i, double d)
{
    const double *h = p->h, *n = p->pos;

    return h[i] +
           d / (n[i + 1] - n[i - 1]) *
               ((n[i] - n[i - 1] + d) * (h[i + 1] - h[i]) / (n[i + 1] - n[i]) +
                (n[i + 1] - n[i] - d) * (h[i] - h[i - 1]) / (n[i] - n[i - 1]));
}

void
stats_p2_add(struct stats_p2 *p, double x)
{
    const size_t last = STATS_P2_MARKERS - 1;
    size_t k;

    if (!isfinite(x))
        return;
    /* The cell k with h[k] <= x < h[k+1]; the extremes move out. */
    if (x < p->h[0]) {
        p->h[0] = x;
        k = 0;
    } else if (x >= p->h[last]) {
        p->h[last] = x;
        k = last - 1;
    } else {
        k = 0;
        while (k + 1 < last && x >= p->h[k + 1])
            k++;
    }
    for (size_t i = k + 1; i <= last; i++)
        p->pos[i] += 1;
    p->n++;
    for (size_t i = 1; i < last; i++) {
        double want = 1 + p2_level[i] * (double)(p->n - 1);
        double d = want - p->pos[i], hp;

        if (!((d >= 1 && p->pos[i + 1] - p->pos[i] > 1) ||
              (d <= -1 && p->pos[i - 1] - p->pos[i] < -1)))
            continue;
        d = d > 0 ? 1 : -1;
        hp = p2_parabolic(p, i, d);
        if (p->h[i - 1] < hp && hp < p->h[i + 1]) {
            p->h[i] = hp;
        } else {
            size_t j = d > 0 ? i + 1 : i - 1;

            p->h[i] += d * (p->h[j] - p->h[i]) / (p->pos[j] - p->pos[i]);
        }
        p->pos[i] += d;
    }
}

void
stats_p2_get(const struct stats_p2 *p, double *out)
{
    /* Report level j is marker 2 j + 2 (see p2_level). */
    for (size_t j = 0; j < STATS_NQ; j++)
        out[j] = p->h[2 * j + 2];
}

const char *
stats_gsl_version(void)
{
    return gsl_version;
}
