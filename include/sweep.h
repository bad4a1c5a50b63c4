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
 *
 * Nothing here prints: the grid and the search return their points, or
 * -1 with the scenario's error messages; the caller reports progress
 * through a callback and decides what to say and which exit status.
 */
#ifndef UECSIM_SWEEP_H
#define UECSIM_SWEEP_H

#include <stddef.h>

#include "run.h"
#include "scenario.h"
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
    size_t n_plan;           /* the scenario's local plan targets */
    struct scn_target *plan; /* owned copies, for the charts */
    char run_error[400];     /* a replication failed (the model's
                                watchdog), or "" */
};

/* What to evaluate: a scenario file, the user's sets, the varied keys. */
struct sweep_spec {
    const char *path;        /* scenario file, borrowed */
    const char *const *sets; /* --set strings, borrowed */
    size_t n_sets;
    size_t n_keys;
    struct vary vary[SWEEP_MAX_KEYS];
    struct run_opts run; /* every point: the same seed (common random
                            numbers) and replications */
    /*
     * Called before each point is run, or NULL: x holds the key values,
     * index counts from 0, total is the grid size (0 for a search, whose
     * length is not known in advance).
     */
    void (*on_point)(void *ctx, const double *x, size_t index, size_t total);
    void *ctx;
};

/* The verdict of a size search: indices into sweep.point, or -1. */
struct size_result {
    int answer; /* the smallest value at which every target holds */
    int below;  /* the point one step below the answer, when evaluated */
    int best;   /* with no answer: the value that came closest */
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
 * Evaluate every point of the grid of sp's keys, the first key fastest,
 * into *out (free with sweep_release).  Returns 0, or -1 when a point's
 * scenario does not load, with the messages in *err.
 */
int sweep_grid(const struct sweep_spec *sp, struct sweep *out,
               struct scn_errors *err);

/*
 * Find the smallest value of sp's one key (on its grid) at which every
 * target holds at confidence conf, by bisection: the targets are assumed
 * to fail below some value and hold from it on (common random numbers
 * keep a monotone KPI monotone across candidates).  The top of the range
 * is tried first: when it fails, no value can do, and *res says the best
 * of the two ends.  Points evaluated go into *out (sweep_release).
 * Returns 0 (res->answer is -1 when no value meets every target), or -1
 * with a scenario's messages in *err.
 */
int sweep_size(const struct sweep_spec *sp, const struct target *t,
               size_t n_targets, double conf, struct sweep *out,
               struct size_result *res, struct scn_errors *err);

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

/*
 * How far point p is from meeting every target: the largest miss of a
 * one-sided bound, relative to its target's size; 0 when all hold,
 * INFINITY when a KPI is undefined.
 */
double sweep_shortfall(const struct sweep_point *p, const struct target *t,
                       size_t n_targets, double conf);

#endif
