/*
 * output: the results folder of a run, written atomically.
 *
 * Everything goes into a fresh temporary folder beside the target; only
 * when every file is written and closed without error is it swapped into
 * place, atomically replacing an older result of the same name (resdir.h
 * says what may be replaced and how).  A failed run leaves nothing behind.
 *
 * Files: manifest.json (provenance), summary.json (every KPI over the
 * reporting period, across replications), monthly.csv, daily.csv, and
 * plots/ unless plots are off.
 */
#ifndef UECSIM_OUTPUT_H
#define UECSIM_OUTPUT_H

#include <stddef.h>

#include "run.h"
#include "stats.h"
#include "sweep.h"

struct out_opts {
    const char *dir;     /* the results folder to create or replace */
    const char *cmdline; /* the command line, for the manifest */
    int plots;           /* 1: write plots and run gnuplot */
};

/*
 * Write the results of r.  Returns 0, or 1 with a message in err (an I/O
 * failure or gnuplot failing); nothing is left behind on failure.
 */
int out_write(const struct run *r, const struct out_opts *o, char *err,
              size_t err_len);

/*
 * Write a scenario comparison: runs[0] is the base, every run has the same
 * replications and seed (common random numbers).  Files: manifest.json,
 * compare.csv (kpi,scenario,mean,ci95_low,ci95_high,diff_mean,
 * diff_ci95_low,diff_ci95_high; the differences are paired, alternative
 * minus base, replication by replication), compare.md (the same as a
 * markdown table) and plots/ (overlays) unless plots are off.  Atomic
 * like out_write.  Returns 0, or 1 with a message.
 */
int out_write_compare(const struct run *const *runs, size_t n,
                      const struct out_opts *o, char *err, size_t err_len);

/*
 * KPI k over the whole period for alt, and the paired difference alt -
 * base replication by replication.
 */
void out_compare_kpi(const struct run *base, const struct run *alt, size_t k,
                     struct summary *alt_sm, struct summary *diff);

/*
 * Write a sweep: manifest.json, sweep.csv (one column per varied key,
 * named by its path, then <kpi>_mean, <kpi>_ci95_low, <kpi>_ci95_high for
 * every KPI, one row per point) and plots/ unless plots are off.
 * Atomic like out_write.  Returns 0, or 1 with a message.
 */
int out_write_sweep(const struct sweep *sw, const struct out_opts *o, char *err,
                    size_t err_len);

/*
 * Write a size search: manifest.json, size.json (the answer, or the best
 * value when no value in the range meets every target, with every
 * evaluated point) and plots/.  answer is an index into sw->point or -1;
 * below likewise (the point one step below the answer, or -1).
 */
int out_write_size(const struct sweep *sw, const struct target *t,
                   size_t n_targets, double conf, int answer, int below,
                   int best, const struct out_opts *o, char *err,
                   size_t err_len);

/*
 * Across-replication value of KPI k over a bucket choice: for each
 * replication, evaluate k on sums[i * stride .. + ACC_N].  Writes the
 * per-replication values into vals (n entries).
 */
void out_kpi_values(const struct run *r, size_t k, int month, double *vals);

#endif
