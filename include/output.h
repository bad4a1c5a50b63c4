/*
 * output: the results folder of a run, written atomically.
 *
 * Everything goes into a fresh temporary folder beside the target
 * (mkdtemp "<dir>.tmp.XXXXXX"); only when every file is written and
 * closed without error is it renamed into place, replacing an older
 * folder of the same name.  A failed run leaves nothing behind.
 *
 * Files: manifest.json (provenance), summary.json (every KPI over the
 * reporting period, across replications), monthly.csv, daily.csv, and
 * plots/ unless plots are off.
 */
#ifndef UECSIM_OUTPUT_H
#define UECSIM_OUTPUT_H

#include <stddef.h>

#include "run.h"

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

/* Create a directory and its parents (mode 0777 & umask); 0 or -1. */
int out_mkdir_p(const char *path);

/* Remove a directory tree; 0 or -1. */
int out_remove_tree(const char *path);

/*
 * Across-replication value of KPI k over a bucket choice: for each
 * replication, evaluate k on sums[i * stride .. + ACC_N].  Writes the
 * per-replication values into vals (n entries).
 */
void out_kpi_values(const struct run *r, size_t k, int month, double *vals);

#endif
