/*
 * plot: board-paper charts with gnuplot.
 *
 * Writing and drawing are separate steps.  The plot_*_write functions
 * write, for each chart, NAME.dat (the numbers) and NAME.gp (the gnuplot
 * script) side by side in a plots folder, with style.gp, the look every
 * script loads (fonts, margins, colours, the look of target lines), and
 * add each chart's name to a plot_set.  plot_render then runs gnuplot on
 * each script of the set (fork and exec, no shell) with the folder as its
 * working directory; each script draws NAME.png (1280x720, for documents)
 * and NAME.svg (for print).  The .gp files and style.gp stay, so an
 * analyst can restyle and rerun `gnuplot NAME.gp` (or `make plots`).  The
 * folder is made by output (include/output.h), inside the results folder
 * it writes aside and commits whole; nothing here creates folders.
 *
 * Values across replications are summarised per period as the mean and
 * the 5th, 25th, 50th, 75th and 95th percentiles (include/results.h).  A
 * weekly value is the KPI over the week's summed bucket, never an average
 * of daily ratios; weeks are 7-day blocks from the scenario's start date,
 * and the last may be shorter.  Each value is drawn at the middle of its
 * day or week.  Shares are written and drawn as percentages.  Axis labels
 * and titles come from the KPI table (include/kpi.h); the lines a chart
 * is read against are the KPI's national standard (include/standards.h)
 * and the scenario's local plan targets (struct scn_target).
 *
 * Text that comes from users (scenario names, keys, the footnote) is
 * written as single-quoted gnuplot strings, where gnuplot does no
 * backquote command substitution.
 *
 * Functions return 0, or -1 with a message in err.
 */
#ifndef UECSIM_PLOT_H
#define UECSIM_PLOT_H

#include <stddef.h>

#include "run.h"
#include "sweep.h"

/* The charts written into a folder, to render. */
struct plot_set {
    size_t n;
    char (*name)[96]; /* [n] chart names (NAME.gp), owned */
};

/* Free the names; accepts zero state. */
void plot_set_release(struct plot_set *ps);

/*
 * One run's charts: G&A occupancy (daily fan), ED four-hour performance,
 * NCTR by reason, virtual-ward occupancy, ambulance handover, discharge
 * pathways (waits for a place and places in use), OPEL level shares and
 * activity (weekly; a last part-week is left out).  r and footnote are
 * borrowed; footnote (the caption) is printed small at the bottom of
 * each chart.
 */
int plot_run_write(const struct run *r, const char *dir, const char *footnote,
                   struct plot_set *ps, char *err, size_t err_len);

/*
 * The same charts for site k of a scenario that lists its sites, titled
 * with the site's title, into dir (plots/SITE/ of the results folder),
 * except those of system-wide resources (virtual-ward occupancy,
 * discharge pathways, OPEL levels); a site's chart shows the national standard
 * but not the plan's targets, which are the system's.
 */
int plot_site_write(const struct run *r, size_t k, const char *dir,
                    const char *footnote, struct plot_set *ps, char *err,
                    size_t err_len);

/*
 * Scenario comparison: for each of G&A occupancy, ED four-hour
 * performance, NCTR and virtual-ward occupancy, one chart overlaying the
 * weekly median and 25th-75th percentile band of each of the n runs, as
 * compare_<kpi>.dat/.gp.  runs[0] is the base (its plan targets are
 * drawn); names[i] labels runs[i] in the legend.  Each run is drawn on its
 * own dates, so the reporting periods may differ.
 */
int plot_compare_write(const struct run *const *runs, const char *const *names,
                       size_t n, const char *dir, const char *footnote,
                       struct plot_set *ps, char *err, size_t err_len);

/*
 * Scenario comparison, month by month: for each headline KPI, the paired
 * difference of each alternative (runs[1..n)) from the base (runs[0]),
 * replication by replication, per month of the base's run, with its 95 %
 * confidence band, the zero line and the minimum important difference
 * either side (mid[k], or the KPI table's when mid is NULL).  Files
 * compare_diff_<kpi>.dat/.gp.
 */
int plot_compare_diff_write(const struct run *const *runs,
                            const char *const *names, size_t n,
                            const struct paired *pd, const double *mid,
                            const char *dir, const char *footnote,
                            struct plot_set *ps, char *err, size_t err_len);

/*
 * A sweep (include/sweep.h): for each of the sweep charts' KPIs, the KPI
 * against the varied key with its 95 % confidence band and its standard
 * and targets; with two keys, one line (and band) per value of the second
 * key.  Points are in sw->point (grid order, first key fastest).  Files
 * sweep_<kpi>.dat/.gp.
 */
int plot_sweep_write(const struct sweep *sw, const char *dir,
                     const char *footnote, struct plot_set *ps, char *err,
                     size_t err_len);

/*
 * A size search: for each target, the evaluated values of the key
 * (sorted) against the KPI's mean, its 95 % interval and its one-sided
 * bound at conf, with the target line and the answer marked (answer is an
 * index into sw->point, or -1 when no value met every target).  Files
 * size_<kpi>.dat/.gp (size_<kpi>_2 for a second target on one KPI).
 */
int plot_size_write(const struct sweep *sw, const struct target *t,
                    size_t n_targets, double conf, int answer, const char *dir,
                    const char *footnote, struct plot_set *ps, char *err,
                    size_t err_len);

/* Render every chart of ps in dir with gnuplot (plot_gnuplot). */
int plot_render(const char *dir, const struct plot_set *ps, char *err,
                size_t err_len);

/*
 * Run gnuplot on script (a file name relative to dir) with dir as the
 * working directory.  gnuplot's messages are captured; when it fails the
 * last of them goes into err.
 */
int plot_gnuplot(const char *dir, const char *script, char *err,
                 size_t err_len);

#endif
