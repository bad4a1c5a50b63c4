/*
 * sweep: capacity sizing.  A sweep runs a scenario over a grid of one or
 * two numeric keys; a size search finds the smallest value of one key at
 * which every target on the KPIs holds with the asked confidence.
 *
 * Every point runs with the same seed and replications, so the points see
 * the same patients (common random numbers) and a KPI that should move
 * monotonically with the key does so across points, not just on average.
 * A key is set like --set KEY=VALUE; varying a capacity that has a dated
 * schedule (beds.ga.capacity, virtual_wards.beds,
 * discharge.pathways.pN.slots) also clears that schedule, so the value is
 * constant over the run.
 */
#ifndef UECSIM_SWEEP_H
#define UECSIM_SWEEP_H

#include <stddef.h>

#include "run.h"
#include "stats.h"

#define SWEEP_MAX_KEYS 2

/* One varied key: values from, from + step, ... up to to (inclusive). */
struct vary {
    char key[128];
    double from, to, step;
    size_t n; /* number of values */
};

/* A KPI target: KPI <= value or KPI >= value. */
struct target {
    int kpi;     /* index in the KPI table */
    int at_most; /* 1 for <=, 0 for >= */
    double value;
    char text[160]; /* as given, for messages */
};

/* One evaluated point: the key values and every KPI's summary. */
struct sweep_point {
    double x[SWEEP_MAX_KEYS];
    struct summary *kpi; /* [KPI table length], owned */
};

struct sweep {
    size_t n_keys;
    struct vary vary[SWEEP_MAX_KEYS];
    size_t n_points;
    struct sweep_point *point; /* owned, in evaluation order */
    char *name;                /* the scenario's name, owned */
    uint32_t replications;
    uint64_t seed;
    int threads;
};

/*
 * Parse "KEY=FROM:TO:STEP" (with_step) or "KEY=MIN:MAX[:STEP]" (step 1 by
 * default) into *v.  Returns 0, or -1 with a message in err.
 */
int sweep_parse_vary(const char *arg, int step_required, struct vary *v,
                     char *err, size_t err_len);

/* Parse "kpi<=value" or "kpi>=value".  Returns 0, or -1 with a message. */
int sweep_parse_target(const char *arg, struct target *t, char *err,
                       size_t err_len);

/*
 * Run scenario path at one point: the user's sets plus key=x for each
 * varied key.  On success fills *p (free with sweep_point_release) and
 * returns 0; a scenario error prints its messages to stderr and returns 2.
 */
int sweep_eval(const char *path, const char *const *sets, size_t n_sets,
               const struct vary *vary, size_t n_keys, const double *x,
               const struct run_opts *o, struct sweep_point *p,
               struct sweep *meta);

/* Free a point's summaries; accepts zero state. */
void sweep_point_release(struct sweep_point *p);

/* Free a sweep; accepts zero state. */
void sweep_release(struct sweep *s);

/*
 * The one-sided bound of a KPI at confidence conf: the upper bound for an
 * "at most" target, the lower bound for "at least".  NAN when undefined.
 */
double sweep_bound(const struct summary *sm, int at_most, double conf);

/* Whether every target holds at point p at confidence conf. */
int sweep_holds(const struct sweep_point *p, const struct target *t,
                size_t n_targets, double conf);

#endif
