/*
 * sweep: capacity sizing.  A sweep runs a scenario over a grid of one or
 * two numeric keys; a size search finds a value of one key at which every
 * target on the KPIs holds with the asked confidence: the smallest, or
 * the largest when the targets need the key low.
 *
 * Every point runs with the same seed and replications, so the points see
 * the same patients (common random numbers) and a KPI that should move
 * monotonically with the key does so across points, not just on average.
 * A key is set like --set KEY=VALUE; varying a capacity that has a dated
 * schedule (beds.ga.capacity, virtual_wards.beds,
 * discharge.pathways.pN.slots) also clears that schedule, so the value is
 * constant over the run.
 *
 * sweep.c runs the grid and the points, size.c the size search.
 * Nothing here prints: the grid and the search return their points, or
 * -1 with the scenario's error messages; the caller reports progress
 * through a callback and decides what to say and which exit status.
 */
#ifndef UECSIM_SWEEP_H
#define UECSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>

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
    struct summary *kpi;   /* [KPI table length] over the sweep's period
                              (the whole run when none), owned */
    struct summary *month; /* [n_months][KPI table length] when the search
                              judges months, else NULL; owned */
    uint32_t *hits;        /* [criteria] replications meeting each of the
                              spec's run.count criteria, or NULL; owned */
    uint32_t n_reps;       /* replications behind the point */
};

struct sweep {
    size_t n_keys;
    struct vary vary[SWEEP_MAX_KEYS];
    size_t n_points;
    struct sweep_point *point; /* owned, in evaluation order */
    char *name;                /* the scenario's name, owned */
    char *title;               /* its title (or name), owned */
    char *period;              /* the reporting period the points summarise
                                  (its name, or FROM:TO), owned; NULL:
                                  the whole run */
    uint32_t replications;
    uint64_t seed;
    int threads;
    size_t n_plan;           /* the scenario's local plan targets */
    struct scn_target *plan; /* owned copies, for the charts */
    int32_t start_day;       /* first day of the period (month labels) */
    size_t n_months;         /* reported months the period touches */
    size_t n_overrides;      /* the user's --set strings, owned */
    char **overrides;
    size_t n_shifts; /* the user's --shift strings, owned */
    char **shifts;
    char run_error[400]; /* a replication failed (the model's
                            watchdog), or "" */
    int auto_reps;       /* -r auto: each point ran as many replications
                            as its precision needed; replications is
                            then the most any point ran */
    double auto_rel;     /* the relative half-width asked */
    uint32_t auto_max;   /* the ceiling */
};

/* What to evaluate: a scenario file, the user's overrides, the keys. */
struct sweep_spec {
    const char *path;              /* scenario file, borrowed */
    const struct scn_override *ov; /* --set and --shift, borrowed */
    size_t n_ov;
    size_t n_keys;
    struct vary vary[SWEEP_MAX_KEYS];
    struct run_opts run; /* every point: the same seed (common random
                            numbers) and replications */
    const char *period;  /* --period: a reporting period's name, FROM:TO
                            or "all"; NULL: the whole run */
    int keep_months;     /* 1: fill each point's month summaries (the
                            months the period touches) */
    /*
     * Called before each point is run, or NULL: x holds the key values,
     * index counts from 0, total is the grid size (0 for a search, whose
     * length is not known in advance).
     */
    void (*on_point)(void *ctx, const double *x, size_t index, size_t total);
    void *ctx;
    /* --shard (sweep_grid only): grid points shard_first to
     * shard_first + shard_count - 1 in grid order; count 0: all. */
    size_t shard_first, shard_count;
    /*
     * A merge: each point's summaries as a shard ran them, instead of
     * running it, or NULL.  fetch fills *p for grid point index (in
     * order) at key values x, or returns -1 with a message in err.
     */
    int (*fetch)(void *ctx, size_t index, const double *x,
                 struct sweep_point *p, char *err, size_t err_len);
    void *fetch_ctx;
};

#define SWEEP_MAX_TARGETS 16

/*
 * How a size search judges its targets.  On the mean (in_share 0), a
 * target holds when the one-sided bound of the KPI's mean at the test
 * confidence meets it: over the whole period, or with every_month in
 * every reported month.  Predictively (in_share P), it holds when the
 * one-sided lower bound of the share of replications meeting it (over
 * the whole period, or in every month of that replication) is at least
 * P.  confidence is for every claim at once: with m tests (targets, or
 * targets times months on the mean with every_month) each is made at
 * 1 - (1 - confidence) / m (Bonferroni), so the chance that any of them
 * is wrong is at most 1 - confidence.
 *
 * With a reporting period (sweep_spec.period), the mean is the KPI over
 * the period's days and the months are those the period touches; the
 * replications counted for in_share are judged the same way.
 */
struct size_spec {
    const struct target *t; /* [n_targets], borrowed */
    size_t n_targets;
    double confidence; /* joint, in [0.5, 1) */
    int every_month;
    double in_share; /* 0, or P in (0, 1) */
};

/* How one target moves with the key, from the two ends of the range. */
enum size_class {
    SIZE_NEEDS_HIGH, /* misses at the bottom, holds at the top */
    SIZE_NEEDS_LOW,  /* holds at the bottom, misses at the top */
    SIZE_HOLDS_BOTH, /* holds at both ends */
    SIZE_MISSES_BOTH /* misses at both ends */
};

struct size_trend {
    enum size_class cls;
    int improves; /* +1 as the key rises, -1 as it falls, 0 unclear */
    int holds_lo, holds_hi;
};

/* Why the search ended as it did. */
enum size_why {
    SIZE_WHY_SMALLEST,   /* the targets improve as the key rises */
    SIZE_WHY_LARGEST,    /* they improve as it falls */
    SIZE_WHY_WINDOW,     /* some each way: values smallest..largest do */
    SIZE_WHY_EVERYWHERE, /* every target holds at both ends */
    SIZE_WHY_MISSES,     /* a target misses at both ends */
    SIZE_WHY_CONFLICT,   /* the rising targets need more than the
                            falling ones allow */
    SIZE_WHY_UNSTABLE    /* the answer missed a target when checked: a KPI
                            is not monotone in the key */
};

/* The verdict of a size search: indices into sweep.point, or -1. */
struct size_result {
    int answer; /* a value at which every target holds, or -1 */
    int below;  /* the point one step below the answer, when evaluated
                   and the answer is the smallest that holds */
    int above;  /* one step above, when the answer is the largest */
    int best;   /* with no answer: the value that came closest */
    int smallest, largest; /* the values found to meet every target run
                              from point smallest to point largest */
    enum size_why why;
    size_t n_tests;   /* one-sided tests made at each point */
    double test_conf; /* each test's confidence (Bonferroni) */
    struct size_trend trend[SWEEP_MAX_TARGETS];
};

/* One target judged at one point. */
struct size_check {
    int holds;
    double bound;  /* the mean's one-sided bound at the test confidence
                      (the worst month's with every_month), or the lower
                      bound of the share of replications meeting it */
    double margin; /* how far it holds (> 0) or misses (< 0), relative
                      to the target's size; NAN when undefined */
    int month;     /* every_month on the mean: the worst month; else -1 */
    uint32_t hits; /* in_share: replications meeting the target */
};

/*
 * Parse "KEY=FROM:TO:STEP" (with_step) or "KEY=MIN:MAX[:STEP]" (step 1 by
 * default) into *v.  Returns 0, or -1 with a message in err.
 */
int sweep_parse_vary(const char *arg, int step_required, struct vary *v,
                     char *err, size_t err_len);

/*
 * Parse "kpi<=value" or "kpi>=value".  Returns 0, or -1 with a message:
 * an unknown KPI gets the nearest names; a target on a share (a fraction
 * in [0, 1]) outside [0, 1] is refused, with the fraction offered when
 * it reads as a percentage ("80": did you mean 0.8?).
 */
int sweep_parse_target(const char *arg, struct target *t, char *err,
                       size_t err_len);

/*
 * Load the scenario as the first point of sp sees it (every override,
 * the keys at their first values), to check it and read its name,
 * replications and warnings before any point runs (scn_release).
 * Returns 0, or -1 with the messages in *err.
 */
int sweep_load(const struct sweep_spec *sp, struct scenario *s,
               struct scn_errors *err);

/*
 * Evaluate every point of the grid of sp's keys, the first key fastest,
 * into *out (free with sweep_release).  Returns 0, or -1 when a point's
 * scenario does not load, with the messages in *err.
 */
int sweep_grid(const struct sweep_spec *sp, struct sweep *out,
               struct scn_errors *err);

/*
 * Search sp's one key (on its grid) for a value at which every target
 * of z holds.  Both ends are evaluated first, and each target is
 * classified by them (size_trend_of): one that holds only at the top
 * needs the key high, one that holds only at the bottom needs it low.
 * Bisection then finds the smallest value that meets the first kind and
 * the largest that meets the second (common random numbers keep a
 * monotone KPI monotone across values); the answer is the smallest
 * value that meets every target, or the largest when every target needs
 * the key low.  It is checked: res->answer >= 0 only when every target
 * holds there.  Points evaluated go into *out (sweep_release).  Returns
 * 0 (res->answer is -1 when no value meets every target, res->why says
 * why), or -1 with a scenario's messages in *err.
 */
int sweep_size(const struct sweep_spec *sp, const struct size_spec *z,
               struct sweep *out, struct size_result *res,
               struct scn_errors *err);

/* One-sided tests at each point: targets, times months with every_month
 * on the mean. */
size_t size_tests(const struct size_spec *z, size_t n_months);

/* Judge target i of z at point p, each test at confidence test_conf. */
void size_check(const struct size_spec *z, const struct sweep_point *p,
                size_t n_months, size_t i, double test_conf,
                struct size_check *out);

/* Whether every target of z holds at p (size_check). */
int size_holds(const struct size_spec *z, const struct sweep_point *p,
               size_t n_months, double test_conf);

/*
 * Classify a target from whether it holds at the bottom and top of the
 * range and its KPI's mean there (at_most: lower is better).  The
 * direction comes from where it holds when it holds at one end only,
 * else from the means (0 when they are equal or undefined).
 */
void size_trend_of(int holds_lo, int holds_hi, int at_most, double mean_lo,
                   double mean_hi, struct size_trend *out);

/*
 * Fewest replications with which a share of at least in_share can be
 * shown at confidence conf: when every replication meets the target,
 * the lower bound is (1 - conf)^(1/n).
 */
uint32_t size_min_reps(double in_share, double conf);

/*
 * A sentence or two saying what the search found and why, naming the
 * key, the values and the targets that decide it (no trailing newline).
 */
void size_explain(const struct sweep *sw, const struct size_spec *z,
                  const struct size_result *res, char *buf, size_t len);

/* "up to " with -r auto (replications is then the most a point ran),
 * else "": for "each point summarises %s%u replications". */
const char *sweep_up_to(const struct sweep *sw);

/* Reported month m of the sweep's run as "YYYY-MM" (buf holds 16). */
void sweep_month_label(const struct sweep *sw, int m, char *buf);

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
