/*
 * run: the replication loop, one replication per OpenMP task slot.
 */
#include "run.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "resdir.h"
#include "util.h"

int
run_replications(const struct scenario *s, const struct run_opts *o,
                 struct run *out)
{
    struct progress pg;
    uint32_t n = o->replications ? o->replications : s->replications;
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();

    memset(out, 0, sizeof(*out));
    out->scn = s;
    out->replications = n;
    out->seed = o->seed_set ? o->seed : s->seed;
    out->threads = threads;
    out->rep = xcalloc(n, sizeof(*out->rep));
    progress_init(&pg, (uint64_t)n * (uint64_t)scn_days(s), o->quiet, s->name);

#pragma omp parallel num_threads(threads)
    {
        /* Signals go to the main thread only (resdir.h, "Signals"). */
        if (omp_get_thread_num() != 0)
            resdir_block_signals();
#pragma omp for schedule(dynamic, 1)
        for (uint32_t i = 0; i < n; i++)
            model_run(s, i, out->seed, &out->rep[i], &pg);
    }

    progress_finish(&pg);
    for (uint32_t i = 0; i < n; i++) {
        out->events += out->rep[i].events;
        out->arrivals += out->rep[i].arrivals;
    }
    return 0;
}

void
run_release(struct run *r)
{
    if (r->rep)
        for (uint32_t i = 0; i < r->replications; i++)
            model_out_release(&r->rep[i]);
    free(r->rep);
    r->rep = NULL;
    r->replications = 0;
}
