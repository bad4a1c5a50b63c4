/*
 * output: the results folder of a run, written atomically.
 *
 * Everything goes into a fresh temporary folder beside the target; only
 * when every file is written and closed without error is it swapped into
 * place, atomically replacing an older result of the same name (resdir.h
 * says what may be replaced and how).  A failed run leaves nothing behind.
 *
 * Files: manifest.json (provenance), summary.json (every KPI over the
 * whole run and over each reporting period, across replications; per
 * site too when the scenario lists its sites), monthly.csv, daily.csv (a
 * block of rows for the system, and one per listed site), kpis.csv (what
 * each KPI is), replications.csv with out_opts.reps, and plots/ unless
 * plots are off (plots/SITE/ for each site with site_plots).  Every CSV
 * names its KPI column `kpi`.
 *
 * begin(), commit() and finish() in output.c are the one place where a
 * results folder is created and committed; every command's writer and the
 * charts (include/plot.h, written into its plots/ folder) go through
 * them, and every file is written through include/wfile.h.  The numbers
 * come from include/results.h; nothing here computes statistics.
 * Functions return 0, or -1 with a message in err.
 */
#ifndef UECSIM_OUTPUT_H
#define UECSIM_OUTPUT_H

#include <stddef.h>

#include "results.h"
#include "run.h"
#include "sweep.h"

struct out_reps; /* below */
struct report_opts;

struct out_opts {
    const char *dir;       /* the results folder to create or replace */
    const char *cmdline;   /* the command line, for the manifest */
    int plots;             /* 1: write plots and run gnuplot */
    int site_plots;        /* run with plots, scenario with sites: each
                              site's charts too, in plots/SITE/ */
    const char *run_date;  /* "YYYY-MM-DD" for chart captions and report
                              text only (never in CSV or JSON), or NULL */
    const double *mid;     /* [KPI table] minimum important differences
                              for compare, or NULL: the KPI table's */
    struct out_reps *reps; /* run: each replication's values, written as
                              replications.csv, or NULL */
    const struct report_opts *report; /* run, compare: the board report
                                         (report.h) written into the
                                         result before it is swapped into
                                         place, or NULL */
};

/*
 * Each replication's KPI values, streamed as replications finish (in
 * replication order) into an unnamed temporary file, so memory does not
 * grow with replications; out_write copies it into the results folder
 * as replications.csv: replication,site,period,kpi,value (period "all"
 * is the whole run, then each reporting period; a system-wide KPI has no
 * row for a site).
 */
struct out_reps {
    FILE *f;                  /* the temporary file */
    const struct scenario *s; /* borrowed */
    int failed, errnum;       /* a write failed, and why */
};

/* Start; 0, or -1 with a message (no temporary file could be made). */
int out_reps_open(struct out_reps *w, const struct scenario *s, char *err,
                  size_t err_len);

/* A run_opts.each callback (ctx is the struct out_reps): add one
 * replication's rows.  Returns 0. */
int out_reps_add(void *ctx, size_t scn, uint32_t rep, const struct rep_out *o);

/* Close and forget the temporary file; accepts zero state. */
void out_reps_close(struct out_reps *w);

/*
 * Write the results of r.  Returns 0, or -1 with a message in err (an I/O
 * failure or gnuplot failing); nothing is left behind on failure.
 */
int out_write(const struct run *r, const struct out_opts *o, char *err,
              size_t err_len);

/*
 * Write a scenario comparison: runs[0] is the base, every run has the same
 * replications and seed (common random numbers), and pd holds the paired
 * differences from the base (run_compare).  Files: manifest.json,
 * compare.csv (kpi,period,scenario,mean,ci95_low,ci95_high,diff_mean,
 * diff_ci95_low,diff_ci95_high,mid,matters: over the whole run, "all",
 * then each reporting period; the differences are paired, alternative
 * minus base, replication by replication), compare_monthly.csv (the same
 * per calendar month of the base), compare.md (a headline table in board
 * units for the selected period, the differences that matter, then every
 * KPI), kpis.csv, and plots/ (weekly overlays and monthly difference
 * charts) unless plots are off.  Atomic like out_write.
 */
int out_write_compare(const struct run *const *runs, size_t n,
                      const struct paired *pd, const struct out_opts *o,
                      char *err, size_t err_len);

/*
 * Write a sweep: manifest.json (with the --set and --shift strings),
 * sweep.csv (long: one column per varied key, named by its path, then
 * period,kpi,mean,ci95_low,ci95_high,sd,n, one row per point and KPI),
 * sweep_wide.csv (one row per point: the keys, then <kpi>_mean,
 * <kpi>_ci95_low, <kpi>_ci95_high for every KPI), kpis.csv and plots/
 * unless plots are off.  Atomic like out_write.
 */
int out_write_sweep(const struct sweep *sw, const struct out_opts *o, char *err,
                    size_t err_len);

/*
 * Write a size search: manifest.json, size.json (how the targets were
 * judged and how each moves with the key, the status, why, the answer
 * or the best value when no value meets every target, and every
 * evaluated point; "status" is "found" exactly when every target holds
 * at the answer) and plots/.  Atomic like out_write.
 */
int out_write_size(const struct sweep *sw, const struct size_spec *z,
                   const struct size_result *res, const struct out_opts *o,
                   char *err, size_t err_len);

#endif
