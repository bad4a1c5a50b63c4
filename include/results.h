/*
 * results: statistics over the replications of one scenario, built as
 * replications finish, so that memory grows with the days reported and
 * not with the number of replications.
 *
 * Each replication's output (struct rep_out, include/model.h) is added
 * once, in replication order (results_add), and may be freed at once.
 * The results keep:
 * - for every KPI over the whole period and over each calendar month, a
 *   running mean and variance (struct stats_acc): the mean, standard
 *   deviation and Student-t interval are exact for any number of
 *   replications;
 * - for every daily KPI on each day, and every KPI over each week, a
 *   "cell": the running mean and the 5th to 95th percentiles across
 *   replications.  Percentiles need the values themselves: a cell keeps
 *   them exactly for its first RESULTS_EXACT_REPS finite values, and from
 *   the next one on continues with the P-square estimator (stats.h),
 *   started from the exact percentiles of those values.  Runs of up to
 *   RESULTS_EXACT_REPS replications therefore give exact percentiles
 *   (the same bytes as keeping every replication); larger runs give
 *   estimates (within about 1 % of the values' range in the tests; the
 *   start is sound because the first replications come from the same
 *   distribution as the rest), and memory stays at RESULTS_EXACT_REPS
 *   values plus 13 markers a cell.  The cap is 100 because the
 *   scenarios use 30 and a planner rarely needs more than 100 for a
 *   mean, while 100 values a cell for a year (about 14,000 cells) is
 *   11 MB.
 *
 * Adding in replication order is what makes every output identical
 * whatever thread ran which replication (the running sums are not
 * associative in floating point).  It is also how partial results can be
 * combined: replaying each replication's output in order through
 * results_add reproduces the unsplit run exactly.
 *
 * A week is 7 days from the start date (the last may be shorter); a
 * weekly value is the KPI over the week's summed bucket, never an average
 * of daily values.
 *
 * Each reporting period the scenario names (scenario.h) is summarised
 * like the whole run: per replication, the KPI over the period's summed
 * days, then across replications, so its interval is that of the
 * period's own replication values.  One period may be selected
 * (scn_selected_period): criteria judge it, and results_sel gives it.
 *
 * Intervals of a KPI's value (not of differences) are cut at its natural
 * bounds: never below 0 (every KPI is a count, level, time or share) and,
 * for a share, never above 1; with one replication there is none (NAN).
 */
#ifndef UECSIM_RESULTS_H
#define UECSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "scenario.h"
#include "stats.h"

/* Values a percentile cell keeps exactly before it estimates. */
#define RESULTS_EXACT_REPS 100

/* A cell's summary across replications: mean and report percentiles. */
struct spread {
    size_t n;           /* finite values summarised */
    double mean;        /* NAN when n == 0 */
    double q[STATS_NQ]; /* 5th, 25th, 50th, 75th, 95th; NAN when n == 0 */
    int exact;          /* 1: the percentiles are exact */
};

struct results_cells; /* private: percentile cells */

/*
 * A criterion counted replication by replication, for predictive
 * statements ("the target holds in at least 90 % of winters"): KPI kpi
 * at most value (at_most) or at least value, over the whole period or,
 * with every_month, in every reported month.  A replication whose value
 * is undefined (NAN) does not meet it.  Counting keeps one number per
 * criterion, not the replications' values.
 */
struct results_criterion {
    size_t kpi;
    int at_most;
    double value;
    int every_month;
};

/*
 * Every statistic is kept per bucket (struct rep_out): bucket 0 is the
 * whole system, bucket 1 + k site k when the scenario lists its sites.
 * A site's value of a system-wide KPI is undefined (never 0).
 */
struct results {
    int32_t start_day;          /* first reported day */
    size_t n_days;              /* reported days */
    size_t n_weeks;             /* weeks of 7 days from start_day */
    size_t n_months;            /* calendar months touched */
    size_t n_buckets;           /* 1, or 1 + n_sites (model_buckets) */
    size_t n_kpi;               /* KPI table length */
    size_t n_daily;             /* daily KPIs */
    size_t *daily_kpi;          /* [n_daily] their indices in the KPI table */
    uint32_t n_reps;            /* replications added */
    struct stats_acc *total;    /* [n_buckets][n_kpi] the whole period */
    struct stats_acc *month;    /* [n_months][n_buckets][n_kpi] */
    struct results_cells *day;  /* [n_days][n_buckets][n_daily] */
    struct results_cells *week; /* [n_weeks][n_buckets][n_kpi] */
    size_t n_periods;           /* the scenario's reporting periods */
    struct stats_acc *period;   /* [n_periods][n_buckets][n_kpi] */
    int32_t *period_from;       /* [n_periods] first day inside the run */
    int32_t *period_to;         /* [n_periods] last (before from: none) */
    int sel;                    /* the selected period, or -1: the run */
    size_t n_crit;              /* criteria counted (the system's) */
    struct results_criterion *crit; /* [n_crit] owned copies */
    uint32_t *hits;                 /* [n_crit] replications meeting each */
};

/*
 * Empty results for scenario s, sized for about replications (a hint:
 * more may be added).  Returns owned memory; free with results_free.
 */
struct results *results_alloc(const struct scenario *s, uint32_t replications);

/* Free; accepts NULL. */
void results_free(struct results *r);

/*
 * Add one replication's output (borrowed), the next in replication order.
 * Its days, weeks and months must match the scenario's.
 */
void results_add(struct results *r, const struct rep_out *o);

/*
 * Count, for every replication added from now on, whether it meets each
 * of c[0..n) (copied; replaces any criteria counted before).  Criteria
 * judge the selected period (its summed days, or with every_month each
 * month it touches) or, with none selected, the whole run.
 */
void results_count(struct results *r, const struct results_criterion *c,
                   size_t n);

/* Replications added since results_count that met criterion i. */
uint32_t results_hits(const struct results *r, size_t i);

/*
 * The system's figures; each has an _in twin for bucket b (0 the system,
 * 1 + k site k).
 */

/* KPI k over the whole period, across replications. */
void results_kpi(const struct results *r, size_t k, struct summary *out);
void results_kpi_in(const struct results *r, size_t b, size_t k,
                    struct summary *out);

/* KPI k over reporting period p. */
void results_period(const struct results *r, size_t p, size_t k,
                    struct summary *out);
void results_period_in(const struct results *r, size_t b, size_t p, size_t k,
                       struct summary *out);

/* KPI k over the selected period, or over the whole run when none is. */
void results_sel(const struct results *r, size_t k, struct summary *out);

/*
 * The reported months that period p (-1: the whole run) touches: the
 * first into *m0; returns how many.
 */
size_t results_period_months(const struct results *r, int p, size_t *m0);

/* KPI k over reported month m (0 = the start date's month). */
void results_month(const struct results *r, size_t m, size_t k,
                   struct summary *out);
void results_month_in(const struct results *r, size_t b, size_t m, size_t k,
                      struct summary *out);

/* Daily KPI j (an index into daily_kpi) on reported day d. */
void results_day(const struct results *r, size_t d, size_t j,
                 struct spread *out);
void results_day_in(const struct results *r, size_t b, size_t d, size_t j,
                    struct spread *out);

/* KPI k over week w. */
void results_week(const struct results *r, size_t w, size_t k,
                  struct spread *out);
void results_week_in(const struct results *r, size_t b, size_t w, size_t k,
                     struct spread *out);

/* Days in week w (7, or fewer for the last). */
size_t results_week_days(const struct results *r, size_t w);

/*
 * Paired differences between scenarios run with common random numbers:
 * for every scenario i and KPI k, the running summary of KPI k in
 * scenario i minus scenario 0 (the base), replication by replication,
 * over the whole run, over each reporting period and over each of the
 * base's reported months.  Replication r of every scenario is added
 * before replication r + 1 of any, scenario 0 first; a replication's
 * differences are taken when its last scenario arrives, so only one
 * replication's values per scenario are held.
 *
 * Scenarios are paired period by period (index p of each, which
 * scn_copy_periods makes the same days) and month by calendar month: a
 * base month that a scenario does not report has no difference.
 */
struct paired {
    size_t n_scn;
    size_t n_kpi;
    size_t n_periods;       /* the base's reporting periods */
    size_t n_months;        /* the base's reported months */
    size_t n_slot;          /* 1 + n_periods + n_months */
    size_t next;            /* the scenario whose output comes next */
    int32_t *month_off;     /* [n_scn] first month - the base's first */
    double *cur;            /* [n_scn][n_slot][n_kpi] this replication's */
    struct stats_acc *diff; /* [n_scn][n_slot][n_kpi] scenario - base */
};

/*
 * Start empty for scenarios s[0..n_scn) (s[0] the base, whose periods
 * every scenario must have as many of); release with
 * results_paired_release.
 */
void results_paired_init(struct paired *p, const struct scenario *const *s,
                         size_t n_scn);

/* Add scenario scn's output of the current replication (borrowed). */
void results_paired_add(struct paired *p, size_t scn, const struct rep_out *o);

/* The paired difference of KPI k, scenario scn minus the base, over the
 * whole run. */
void results_paired_diff(const struct paired *p, size_t scn, size_t k,
                         struct summary *out);

/* The same over reporting period per, and over the base's month m. */
void results_paired_period(const struct paired *p, size_t scn, size_t per,
                           size_t k, struct summary *out);
void results_paired_month(const struct paired *p, size_t scn, size_t m,
                          size_t k, struct summary *out);

/* Free; accepts zero state. */
void results_paired_release(struct paired *p);

#endif
