/*
 * run: replications of one or several scenarios, in parallel with OpenMP,
 * handed on in replication order as they finish.
 *
 * Replication i always uses stream seeds derived from (seed, i), so its
 * output does not depend on the thread count or on which thread ran it.
 * Outputs are handed to a sink one at a time, in order: replication 0 of
 * every scenario (in the order given), then replication 1, and so on.  A
 * finished output waits in a small reorder window (two slots a thread)
 * until those before it have been handed on; a thread runs ahead of the
 * sink by at most the window.  So memory does not grow with the number
 * of replications, and no thread idles while a slower one finishes an
 * earlier replication.
 *
 * struct run is one scenario's replications summarised (include/
 * results.h); run_compare runs several scenarios replication by
 * replication and keeps their paired differences as well.
 */
#ifndef UECSIM_RUN_H
#define UECSIM_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "precision.h"
#include "results.h"
#include "scenario.h"

struct run_source;

struct run_opts {
    uint32_t replications; /* 0: the (first) scenario's own */
    uint64_t seed;         /* used when seed_set */
    int seed_set;
    int threads; /* 0: OpenMP's default */
    int quiet;   /* no progress bar */
    int keep;    /* 1: also keep every replication's output in run.rep
                    (for tests; memory then grows with replications) */
    const struct results_criterion *count; /* criteria to count in each
                                              run's results (results_count),
                                              borrowed, or NULL */
    size_t n_count;
    /*
     * Called with each replication's output once it is summarised, in
     * replication order, from one thread at a time, or NULL: to stream
     * per-replication values out without keeping them.  Returns 0, or -1
     * to stop the run.
     */
    int (*each)(void *ctx, size_t scn, uint32_t rep, const struct rep_out *o);
    void *each_ctx;
    /*
     * -r auto: replications by precision (precision.h), or NULL for a
     * fixed number.  The run adds replications until the rule is met or
     * its ceiling (which replaces replications) is reached.  The KPIs
     * judged are prec_items[0..n_prec_items) when given (size: its
     * targets, whose scn must be 0), else those of the spec.
     */
    const struct prec_spec *precision;
    const struct prec_item *prec_items;
    size_t n_prec_items;
    /*
     * Where outputs come from instead of the model, or NULL: a merge
     * replays the replications that shards ran (shard.h).
     */
    const struct run_source *source;
};

/*
 * Replications that were run elsewhere: get fills *o (owned by the
 * caller afterwards, as model_run does) with replication rep of
 * scenario scn, and returns 0, or -1 with a message in o->error.
 */
struct run_source {
    int (*get)(void *ctx, size_t scn, uint32_t rep, struct rep_out *o);
    void *ctx;
};

/* The processors OpenMP can use: the most threads worth asking for. */
int run_cores(void);

/* The threads a run with o uses: o->threads, or OpenMP's default. */
int run_threads(const struct run_opts *o);

/*
 * Where finished replications go.  add is called from one thread at a
 * time, in the order above, with scenario index scn and replication rep;
 * o is the replication's output, which add may take over (copy the
 * struct and zero *o); otherwise it is freed after add returns.  add
 * returns 0, or -1 to stop the run (no later replication is handed on).
 */
struct run_sink {
    int (*add)(void *ctx, size_t scn, uint32_t rep, struct rep_out *o);
    void *ctx;
};

/*
 * Run replications first..first+n_reps-1 of each of s[0..n) with master
 * seed seed on threads threads (0: OpenMP's default), a progress bar on
 * stderr unless quiet, and hand each output to sink.  Returns 0, or -1
 * when the sink stopped the run.
 */
int run_stream(const struct scenario *const *s, size_t n, uint32_t first,
               uint32_t n_reps, uint64_t seed, int threads, int quiet,
               const struct run_sink *sink);

struct run {
    const struct scenario *scn; /* borrowed */
    uint32_t replications;      /* run (with -r auto: as the rule chose) */
    uint64_t seed;
    int threads;         /* threads used */
    struct results *res; /* across replications, owned */
    struct rep_out *rep; /* [replications] when keep, else NULL; owned */
    uint64_t events;     /* over all replications */
    uint64_t arrivals;
    char error[320];   /* the first failed replication's message, or "" */
    struct prec *prec; /* -r auto: the rule's outcome (for a comparison,
                          in the base's run only), owned; else NULL */
};

/*
 * Run and summarise every replication of s.  Returns 0, or -1 when a
 * replication failed (model_run's watchdog); out->error then says why.
 * Free with run_release either way.
 */
int run_replications(const struct scenario *s, const struct run_opts *o,
                     struct run *out);

/*
 * Run s[0..n) with common random numbers: the same seed and replications
 * for all (o's, or else the first scenario's), replication by
 * replication.  Fills out[0..n) and the paired differences from s[0]
 * (results_paired_release).  Returns 0, or -1 when a replication failed
 * (out[i].error says why).
 */
int run_compare(const struct scenario *const *s, size_t n,
                const struct run_opts *o, struct run *out, struct paired *diff);

/* Free the outputs; accepts zero state. */
void run_release(struct run *r);

/*
 * The value of KPI k in each replication, over the whole period (month
 * -1) or over reported month month, into vals[0..replications).  Needs
 * a run made with keep.
 */
void run_kpi_values(const struct run *r, size_t k, int month, double *vals);

#endif
