/*
 * plot: board-paper charts with gnuplot.
 *
 * For each chart plot writes NAME.dat (the numbers) and NAME.gp (the
 * gnuplot script) side by side in the plots folder, then runs gnuplot on
 * the script (fork and exec, no shell) with the folder as its working
 * directory.  The .gp files stay, so an analyst can restyle a chart and
 * rerun `gnuplot NAME.gp` (or `make plots`); each script draws NAME.png
 * (1280x720, for documents) and NAME.svg (for print).
 *
 * Values across replications are summarised per period as the mean and
 * the 5th, 25th, 50th, 75th and 95th percentiles.  A weekly value is the
 * KPI evaluated over the week's summed bucket (kpi_eval), never an
 * average of daily ratios; weeks are 7-day blocks from the scenario's
 * start date, and the last may be shorter.  Each value is drawn at the
 * middle of its day or week.  Shares are written and drawn as
 * percentages.  Target lines are the national (or, for NCTR, local plan)
 * figures the charts are read against.
 *
 * Text that comes from users (scenario names, the footnote) is written as
 * single-quoted gnuplot strings, where gnuplot does no backquote command
 * substitution.
 */
#ifndef UECSIM_PLOT_H
#define UECSIM_PLOT_H

#include <stddef.h>

#include "run.h"
#include "sweep.h"

/*
 * Write and render every chart for run r into dir (which exists): G&A
 * occupancy (daily fan), ED four-hour performance, NCTR by reason,
 * virtual-ward occupancy, ambulance handover, pathway queues, OPEL level
 * shares and activity (weekly).  r and footnote are borrowed; footnote is
 * printed small at the bottom of each chart.  Returns 0, or 1 with a
 * message in err.
 */
int plot_all(const struct run *r, const char *dir, const char *footnote,
             char *err, size_t err_len);

/*
 * Scenario comparison: for each of G&A occupancy, ED four-hour
 * performance, NCTR and virtual-ward occupancy, one chart overlaying the
 * weekly median and 25th-75th percentile band of each of the n runs,
 * as compare_<kpi>.dat/.gp/.png/.svg in dir (which exists).  runs[0] is
 * the base; names[i] labels runs[i] in the legend.  Each run is drawn on
 * its own dates, so the reporting periods may differ.  Everything is
 * borrowed.  Returns 0, or 1 with a message in err.
 */
int plot_compare(const struct run *const *runs, const char *const *names,
                 size_t n, const char *dir, const char *footnote, char *err,
                 size_t err_len);

/*
 * A sweep (include/sweep.h): for each headline KPI, the KPI against the
 * varied key with its 95 % confidence band and the target line; with two
 * keys, one line (and band) per value of the second key.  Points are in
 * sw->point (evaluation order = grid order, first key fastest).  Files
 * sweep_<kpi>.dat/.gp/.png/.svg in dir.  Returns 0, or 1 with a message.
 */
int plot_sweep(const struct sweep *sw, const char *dir, const char *footnote,
               char *err, size_t err_len);

/*
 * A size search: for each target KPI, the evaluated values of the key
 * (sorted) against the KPI's mean, its 95 % interval and its one-sided
 * bound at conf, with the target line and the answer marked (answer is an
 * index into sw->point, or -1 when no value met every target).  Files
 * size_<kpi>.dat/.gp/.png/.svg in dir.  Returns 0, or 1 with a message.
 */
int plot_size(const struct sweep *sw, const struct target *t, size_t n_targets,
              double conf, int answer, const char *dir, const char *footnote,
              char *err, size_t err_len);

/*
 * Run gnuplot on script (a file name relative to dir) with dir as the
 * working directory.  gnuplot's messages are captured; when it fails the
 * first of them goes into err.  Returns 0, or 1 with a message in err.
 */
int plot_gnuplot(const char *dir, const char *script, char *err,
                 size_t err_len);

#endif
