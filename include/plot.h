/*
 * plot: board-paper charts with gnuplot.
 *
 * For each chart plot writes a .dat file (the data) and a .gp file (the
 * gnuplot script) side by side in the plots folder, then runs gnuplot on
 * the script (fork and exec, no shell) with the folder as its working
 * directory.  The .gp files stay, so an analyst can restyle a chart and
 * rerun `gnuplot file.gp` (or `make plots`).  Each chart is written as
 * PNG for documents and SVG for print.
 */
#ifndef UECSIM_PLOT_H
#define UECSIM_PLOT_H

#include <stddef.h>

#include "run.h"

/*
 * Write every chart for run r into dir (which exists) and render it.
 * footnote is printed small at the bottom of each chart.  Returns 0, or 1
 * with a message in err.
 */
int plot_all(const struct run *r, const char *dir, const char *footnote,
             char *err, size_t err_len);

/*
 * Run gnuplot on script (a file name relative to dir) with dir as the
 * working directory.  Returns 0, or 1 with a message in err.
 */
int plot_gnuplot(const char *dir, const char *script, char *err,
                 size_t err_len);

#endif
