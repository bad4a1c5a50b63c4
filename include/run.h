/*
 * run: replications of one scenario, in parallel with OpenMP.
 *
 * Replication i always uses stream seeds derived from (seed, i), and its
 * output lands in slot i, so results do not depend on the thread count
 * or on which thread ran which replication.
 */
#ifndef UECSIM_RUN_H
#define UECSIM_RUN_H

#include <stdint.h>

#include "model.h"
#include "scenario.h"

struct run_opts {
    uint32_t replications; /* 0: the scenario's own */
    uint64_t seed;         /* used when seed_set */
    int seed_set;
    int threads; /* 0: OpenMP's default */
    int quiet;   /* no progress bar */
};

struct run {
    const struct scenario *scn; /* borrowed */
    uint32_t replications;
    uint64_t seed;
    int threads;         /* threads used */
    struct rep_out *rep; /* [replications], owned */
    uint64_t events;     /* over all replications */
    uint64_t arrivals;
    const char *error; /* the first failed replication's message, or NULL */
};

/*
 * Run every replication.  Returns 0, or -1 when a replication failed
 * (model_run); out->error then says why.  Free with run_release either way.
 */
int run_replications(const struct scenario *s, const struct run_opts *o,
                     struct run *out);

/* Free the outputs; accepts zero state. */
void run_release(struct run *r);

#endif
