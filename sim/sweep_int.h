/*
 * sweep_int: the private interface between sweep.c (grids, points) and
 * size.c (the size search).
 */
#ifndef UECSIM_SWEEP_INT_H
#define UECSIM_SWEEP_INT_H

#include <stddef.h>

#include "sweep.h"

/* Start *sw empty for sp's keys, with room for max_points points. */
void sweep_begin(const struct sweep_spec *sp, size_t max_points,
                 struct sweep *sw);

/*
 * Run the scenario at one point: the user's overrides plus key=x for
 * each varied key.  Fills *p, and sw's description from the first
 * point; total is the grid size for the progress callback (0: not
 * known).  Returns 0, or -1 with the scenario's messages in *err (or
 * sw->run_error when a replication failed).
 */
int sweep_eval_point(const struct sweep_spec *sp, const double *x, size_t total,
                     struct sweep *sw, struct sweep_point *p,
                     struct scn_errors *err);

/* The reported months s's selected period touches (all when none is),
 * the first into *m0, as results_period_months counts them. */
size_t sweep_period_months(const struct scenario *s, size_t *m0);

#endif
