/*
 * results: across-replication statistics, one replication at a time:
 * running means and variances, and percentile cells that keep their
 * values exactly up to a cap and estimate beyond it.
 */
#include "results.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "calendar.h"
#include "kpi.h"
#include "util.h"

/* --- percentile cells ---------------------------------------------------- */

struct results_cells {
    size_t n;              /* cells */
    uint32_t cap;          /* values each cell has room for now */
    struct stats_acc *acc; /* [n] running mean of every finite value */
    uint32_t *kept;        /* [n] values kept, at most RESULTS_EXACT_REPS */
    double *vals;          /* [n][cap] the values kept, in arrival order */
    struct stats_p2 *p2;   /* [n] estimators, NULL until a cell needs one;
                              a cell estimates once its p2.n > 0 */
};

static struct results_cells *
cells_alloc(size_t n, uint32_t hint)
{
    struct results_cells *c = xcalloc(1, sizeof(*c));

    c->n = n;
    c->cap = hint < 8 ? 8 : hint;
    if (c->cap > RESULTS_EXACT_REPS)
        c->cap = RESULTS_EXACT_REPS;
    c->acc = xcalloc(n ? n : 1, sizeof(*c->acc));
    c->kept = xcalloc(n ? n : 1, sizeof(*c->kept));
    c->vals = xmalloc((n ? n : 1) * c->cap * sizeof(double));
    return c;
}

static void
cells_free(struct results_cells *c)
{
    if (!c)
        return;
    free(c->acc);
    free(c->kept);
    free(c->vals);
    free(c->p2);
    free(c);
}

/* More room per cell, up to the cap: the rows are re-laid at the new width. */
static void
cells_grow(struct results_cells *c)
{
    uint32_t cap =
        c->cap * 2 > RESULTS_EXACT_REPS ? RESULTS_EXACT_REPS : c->cap * 2;
    double *v = xmalloc((c->n ? c->n : 1) * cap * sizeof(double));

    assert(cap > c->cap);
    for (size_t i = 0; i < c->n; i++)
        memcpy(v + i * cap, c->vals + i * c->cap, c->kept[i] * sizeof(double));
    free(c->vals);
    c->vals = v;
    c->cap = cap;
}

static void
cells_add(struct results_cells *c, size_t i, double x)
{
    struct stats_p2 *p;

    stats_acc_add(&c->acc[i], x);
    if (!isfinite(x))
        return;
    if (c->kept[i] < RESULTS_EXACT_REPS) {
        if (c->kept[i] == c->cap)
            cells_grow(c);
        c->vals[i * c->cap + c->kept[i]++] = x;
        return;
    }
    /* Past the cap: estimate, starting from the values kept. */
    if (!c->p2)
        c->p2 = xcalloc(c->n, sizeof(*c->p2));
    p = &c->p2[i];
    if (p->n == 0) {
        double sorted[RESULTS_EXACT_REPS];

        memcpy(sorted, c->vals + i * c->cap, c->kept[i] * sizeof(double));
        gsl_sort(sorted, 1, c->kept[i]);
        stats_p2_init(p, sorted, c->kept[i]);
    }
    stats_p2_add(p, x);
}

static void
cells_get(const struct results_cells *c, size_t i, struct spread *out)
{
    struct summary sm;

    assert(i < c->n);
    stats_acc_summary(&c->acc[i], &sm);
    out->n = sm.n;
    out->mean = sm.mean;
    if (c->p2 && c->p2[i].n > 0) {
        stats_p2_get(&c->p2[i], out->q);
        out->exact = 0;
    } else {
        double work[RESULTS_EXACT_REPS];

        stats_percentiles(c->vals + i * c->cap, c->kept[i], 1, stats_report_q(),
                          STATS_NQ, work, out->q);
        out->exact = 1;
    }
}

/* --- one scenario ----------------------------------------------------------
 */

struct results *
results_alloc(const struct scenario *s, uint32_t replications)
{
    struct results *r = xcalloc(1, sizeof(*r));
    size_t nb = model_buckets(s);

    kpi_table(&r->n_kpi);
    r->start_day = s->start_day;
    r->n_days = model_report_days(s);
    r->n_weeks = (r->n_days + 6) / 7;
    r->n_months = model_report_months(s);
    r->n_buckets = nb;
    r->n_daily = model_daily_kpis(NULL, 0);
    r->daily_kpi = xmalloc((r->n_daily ? r->n_daily : 1) * sizeof(size_t));
    model_daily_kpis(r->daily_kpi, r->n_daily);
    r->total = xcalloc(nb * r->n_kpi, sizeof(*r->total));
    r->month = xcalloc(r->n_months * nb * r->n_kpi, sizeof(*r->month));
    r->day = cells_alloc(r->n_days * nb * r->n_daily, replications);
    r->week = cells_alloc(r->n_weeks * nb * r->n_kpi, replications);
    r->n_periods = s->n_report_periods;
    r->period = xcalloc((r->n_periods ? r->n_periods : 1) * nb * r->n_kpi,
                        sizeof(*r->period));
    r->period_from = xcalloc(r->n_periods ? r->n_periods : 1, sizeof(int32_t));
    r->period_to = xcalloc(r->n_periods ? r->n_periods : 1, sizeof(int32_t));
    for (size_t p = 0; p < r->n_periods; p++)
        scn_period_days(s, p, &r->period_from[p], &r->period_to[p]);
    r->sel = scn_selected_period(s);
    return r;
}

void
results_free(struct results *r)
{
    if (!r)
        return;
    cells_free(r->day);
    cells_free(r->week);
    free(r->month);
    free(r->total);
    free(r->period);
    free(r->period_from);
    free(r->period_to);
    free(r->daily_kpi);
    free(r->crit);
    free(r->hits);
    free(r);
}

/* KPI k over a bucket: the system's (b 0), or a site's. */
static double
eval_in(const struct kpi_def *k, size_t b, const double *acc)
{
    return b == 0 ? kpi_eval(k, acc) : kpi_eval_site(k, acc);
}

/*
 * Whether one replication's output meets criterion c (the system's) over
 * the selected period, or the whole run: 1 or 0.
 */
static int
meets(const struct results *r, const struct results_criterion *c,
      const struct rep_out *o)
{
    size_t nk, m0, n_m = results_period_months(r, r->sel, &m0);
    const struct kpi_def *tab = kpi_table(&nk);
    const double *whole =
        r->sel < 0 ? o->total
                   : o->period + (size_t)r->sel * o->n_buckets * ACC_N;

    assert(c->kpi < nk);
    for (size_t m = m0; m < (c->every_month ? m0 + n_m : m0 + 1); m++) {
        double v = kpi_eval(
            &tab[c->kpi],
            c->every_month ? o->monthly + m * o->n_buckets * ACC_N : whole);

        /* NAN fails both comparisons. */
        if (!(c->at_most ? v <= c->value : v >= c->value))
            return 0;
    }
    return 1;
}

void
results_add(struct results *r, const struct rep_out *o)
{
    size_t nk, nb = r->n_buckets;
    const struct kpi_def *tab = kpi_table(&nk);

    assert(o->n_days == r->n_days && o->n_weeks == r->n_weeks &&
           o->n_months == r->n_months && o->n_daily == r->n_daily &&
           o->n_buckets == nb && o->n_periods == r->n_periods);
    for (size_t b = 0; b < nb; b++)
        for (size_t k = 0; k < nk; k++)
            stats_acc_add(&r->total[b * nk + k],
                          eval_in(&tab[k], b, o->total + b * ACC_N));
    /* A period with no day in the run has no value (not a total of 0). */
    for (size_t p = 0; p < r->n_periods; p++)
        for (size_t b = 0; b < nb && r->period_to[p] >= r->period_from[p]; b++)
            for (size_t k = 0; k < nk; k++)
                stats_acc_add(
                    &r->period[(p * nb + b) * nk + k],
                    eval_in(&tab[k], b, o->period + (p * nb + b) * ACC_N));
    for (size_t m = 0; m < r->n_months; m++)
        for (size_t b = 0; b < nb; b++)
            for (size_t k = 0; k < nk; k++)
                stats_acc_add(
                    &r->month[(m * nb + b) * nk + k],
                    eval_in(&tab[k], b, o->monthly + (m * nb + b) * ACC_N));
    for (size_t d = 0; d < r->n_days; d++)
        for (size_t j = 0; j < nb * r->n_daily; j++)
            cells_add(r->day, d * nb * r->n_daily + j,
                      o->daily[d * nb * o->n_daily + j]);
    for (size_t w = 0; w < r->n_weeks; w++)
        for (size_t b = 0; b < nb; b++)
            for (size_t k = 0; k < nk; k++)
                cells_add(
                    r->week, (w * nb + b) * nk + k,
                    eval_in(&tab[k], b, o->weekly + (w * nb + b) * ACC_N));
    for (size_t i = 0; i < r->n_crit; i++)
        r->hits[i] += meets(r, &r->crit[i], o);
    r->n_reps++;
}

void
results_count(struct results *r, const struct results_criterion *c, size_t n)
{
    free(r->crit);
    free(r->hits);
    r->n_crit = n;
    r->crit = xmalloc((n ? n : 1) * sizeof(*r->crit));
    r->hits = xcalloc(n ? n : 1, sizeof(*r->hits));
    if (n)
        memcpy(r->crit, c, n * sizeof(*c));
}

uint32_t
results_hits(const struct results *r, size_t i)
{
    assert(i < r->n_crit);
    return r->hits[i];
}

/*
 * The summary of KPI k's values, its interval cut at the KPI's natural
 * bounds: a count, level or time is never negative and a share never
 * above 1, so a Student-t interval reaching past them is cut there.
 */
static void
value_summary(const struct stats_acc *a, size_t k, struct summary *out)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    stats_acc_summary(a, out);
    if (out->ci95_low < 0)
        out->ci95_low = 0;
    if (tab[k].share && out->ci95_high > 1)
        out->ci95_high = 1;
}

void
results_kpi(const struct results *r, size_t k, struct summary *out)
{
    results_kpi_in(r, 0, k, out);
}

void
results_kpi_in(const struct results *r, size_t b, size_t k, struct summary *out)
{
    assert(b < r->n_buckets && k < r->n_kpi);
    value_summary(&r->total[b * r->n_kpi + k], k, out);
}

void
results_period(const struct results *r, size_t p, size_t k, struct summary *out)
{
    results_period_in(r, 0, p, k, out);
}

void
results_period_in(const struct results *r, size_t b, size_t p, size_t k,
                  struct summary *out)
{
    assert(b < r->n_buckets && p < r->n_periods && k < r->n_kpi);
    value_summary(&r->period[(p * r->n_buckets + b) * r->n_kpi + k], k, out);
}

void
results_sel(const struct results *r, size_t k, struct summary *out)
{
    if (r->sel < 0)
        results_kpi(r, k, out);
    else
        results_period(r, (size_t)r->sel, k, out);
}

size_t
results_period_months(const struct results *r, int p, size_t *m0)
{
    int32_t first;

    *m0 = 0;
    if (p < 0)
        return r->n_months;
    assert((size_t)p < r->n_periods);
    if (r->period_to[p] < r->period_from[p])
        return 0;
    first = cal_month_index(r->start_day);
    *m0 = (size_t)(cal_month_index(r->period_from[p]) - first);
    return (size_t)(cal_month_index(r->period_to[p]) -
                    cal_month_index(r->period_from[p]) + 1);
}

void
results_month(const struct results *r, size_t m, size_t k, struct summary *out)
{
    results_month_in(r, 0, m, k, out);
}

void
results_month_in(const struct results *r, size_t b, size_t m, size_t k,
                 struct summary *out)
{
    assert(b < r->n_buckets && m < r->n_months && k < r->n_kpi);
    value_summary(&r->month[(m * r->n_buckets + b) * r->n_kpi + k], k, out);
}

void
results_day(const struct results *r, size_t d, size_t j, struct spread *out)
{
    results_day_in(r, 0, d, j, out);
}

void
results_day_in(const struct results *r, size_t b, size_t d, size_t j,
               struct spread *out)
{
    assert(b < r->n_buckets && d < r->n_days && j < r->n_daily);
    cells_get(r->day, (d * r->n_buckets + b) * r->n_daily + j, out);
}

void
results_week(const struct results *r, size_t w, size_t k, struct spread *out)
{
    results_week_in(r, 0, w, k, out);
}

void
results_week_in(const struct results *r, size_t b, size_t w, size_t k,
                struct spread *out)
{
    assert(b < r->n_buckets && w < r->n_weeks && k < r->n_kpi);
    cells_get(r->week, (w * r->n_buckets + b) * r->n_kpi + k, out);
}

size_t
results_week_days(const struct results *r, size_t w)
{
    size_t left = r->n_days - 7 * w;

    assert(w < r->n_weeks);
    return left < 7 ? left : 7;
}

/* --- paired differences ----------------------------------------------------
 */

void
results_paired_init(struct paired *p, const struct scenario *const *s,
                    size_t n_scn)
{
    memset(p, 0, sizeof(*p));
    kpi_table(&p->n_kpi);
    p->n_scn = n_scn;
    p->n_periods = s[0]->n_report_periods;
    p->n_months = model_report_months(s[0]);
    p->n_slot = 1 + p->n_periods + p->n_months;
    p->month_off = xcalloc(n_scn, sizeof(*p->month_off));
    for (size_t i = 0; i < n_scn; i++) {
        assert(s[i]->n_report_periods == p->n_periods);
        p->month_off[i] =
            cal_month_index(s[i]->start_day) - cal_month_index(s[0]->start_day);
    }
    p->cur = xcalloc(n_scn * p->n_slot * p->n_kpi, sizeof(double));
    p->diff = xcalloc(n_scn * p->n_slot * p->n_kpi, sizeof(*p->diff));
}

void
results_paired_add(struct paired *p, size_t scn, const struct rep_out *o)
{
    size_t nk, ns = p->n_slot;
    const struct kpi_def *tab = kpi_table(&nk);
    double *cur = p->cur + scn * ns * nk;

    assert(scn == p->next && nk == p->n_kpi && o->n_periods == p->n_periods);
    for (size_t i = 0; i < ns * nk; i++)
        cur[i] = NAN;
    for (size_t k = 0; k < nk; k++)
        cur[k] = kpi_eval(&tab[k], o->total);
    for (size_t q = 0; q < p->n_periods; q++)
        for (size_t k = 0; k < nk; k++)
            cur[(1 + q) * nk + k] =
                kpi_eval(&tab[k], o->period + q * o->n_buckets * ACC_N);
    /* Month m of this scenario is the base's month m + offset. */
    for (size_t m = 0; m < o->n_months; m++) {
        long long bm = (long long)m + p->month_off[scn];

        if (bm < 0 || bm >= (long long)p->n_months)
            continue;
        for (size_t k = 0; k < nk; k++)
            cur[(1 + p->n_periods + (size_t)bm) * nk + k] =
                kpi_eval(&tab[k], o->monthly + m * o->n_buckets * ACC_N);
    }
    p->next = (scn + 1) % p->n_scn;
    if (p->next != 0)
        return;
    /* Replication i of every scenario saw the same random numbers. */
    for (size_t i = 0; i < p->n_scn; i++)
        for (size_t j = 0; j < ns * nk; j++)
            stats_acc_add(&p->diff[i * ns * nk + j],
                          p->cur[i * ns * nk + j] - p->cur[j]);
}

void
results_paired_diff(const struct paired *p, size_t scn, size_t k,
                    struct summary *out)
{
    assert(scn < p->n_scn && k < p->n_kpi);
    stats_acc_summary(&p->diff[scn * p->n_slot * p->n_kpi + k], out);
}

void
results_paired_period(const struct paired *p, size_t scn, size_t per, size_t k,
                      struct summary *out)
{
    assert(scn < p->n_scn && per < p->n_periods && k < p->n_kpi);
    stats_acc_summary(&p->diff[(scn * p->n_slot + 1 + per) * p->n_kpi + k],
                      out);
}

void
results_paired_month(const struct paired *p, size_t scn, size_t m, size_t k,
                     struct summary *out)
{
    assert(scn < p->n_scn && m < p->n_months && k < p->n_kpi);
    stats_acc_summary(
        &p->diff[(scn * p->n_slot + 1 + p->n_periods + m) * p->n_kpi + k], out);
}

void
results_paired_release(struct paired *p)
{
    free(p->cur);
    free(p->diff);
    free(p->month_off);
    p->cur = NULL;
    p->diff = NULL;
    p->month_off = NULL;
    p->n_scn = 0;
}
