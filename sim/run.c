/*
 * run: the replication loop, OpenMP's dynamic schedule with an ordered
 * hand-over, and the summaries of one scenario or of a comparison.
 */
#include "run.h"

#include <assert.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kpi.h"
#include "progress.h"
#include "resdir.h"
#include "spread.h"
#include "util.h"

/*
 * The hand-over: finished outputs wait in a ring of `window` slots until
 * every earlier one has gone to the sink, in order.  A thread deposits
 * its output and then hands on whatever is next in line, so no thread
 * waits for a slower one unless it is a whole window ahead (and then it
 * sleeps, briefly, before starting more).  Memory is bounded by the
 * window, whatever the number of replications.
 *
 * Over several ranks (spread.h) each rank runs the replications i of the
 * block with i mod ranks equal to its rank.  Rank 0's iterations are all
 * of them, in order: it runs its own and, for another rank's, takes that
 * rank's next message (which may be for a later iteration of the same
 * rank than the one the thread took: any thread that took one of a
 * rank's iterations takes one of its messages, so every message finds a
 * taker, and each lands in its own slot, which the window has freed).
 * The other ranks count only their own iterations and hand them, in
 * order, to a sink that sends them to rank 0.
 */
struct handover {
    const struct run_sink *sink;
    size_t n;             /* scenarios */
    uint32_t first;       /* the first replication */
    long long stride;     /* iteration c is replication first + (c / n) *
                             stride + offset: 1 and 0, or on a rank > 0 */
    long long offset;     /* the number of ranks and the rank */
    long long window;     /* slots */
    struct rep_out *slot; /* [window] */
    int *ready;           /* [window] */
    omp_lock_t lock;      /* guards the slots and the sink */
    omp_lock_t mpi;       /* one MPI call at a time (rank 0) */
    long long consumed;   /* iterations handed on (atomic: read outside
                             the lock) */
    int stopped;          /* the sink asked to stop (atomic) */
};

static uint32_t
rep_of(const struct handover *h, long long c)
{
    return h->first + (uint32_t)((c / (long long)h->n) * h->stride + h->offset);
}

/* Deposit iteration j's output and hand on what is next in line. */
static void
handover_put(struct handover *h, long long j, struct rep_out *out)
{
    long long c;

    omp_set_lock(&h->lock);
    h->slot[j % h->window] = *out;
    h->ready[j % h->window] = 1;
    memset(out, 0, sizeof(*out));
#pragma omp atomic read
    c = h->consumed;
    while (h->ready[c % h->window]) {
        struct rep_out *o = &h->slot[c % h->window];

        if (!h->stopped &&
            h->sink->add(h->sink->ctx, (size_t)(c % (long long)h->n),
                         rep_of(h, c), o) != 0) {
#pragma omp atomic write
            h->stopped = 1;
        }
        model_out_release(o);
        h->ready[c % h->window] = 0;
        c++;
#pragma omp atomic write
        h->consumed = c;
    }
    omp_unset_lock(&h->lock);
}

/* Wait until iteration j may start: fewer than window ahead of the sink. */
static void
handover_wait(struct handover *h, long long j)
{
    const struct timespec pause = {0, 1000000}; /* 1 ms */

    for (;;) {
        long long c;

#pragma omp atomic read
        c = h->consumed;
        if (j < c + h->window)
            return;
        nanosleep(&pause, NULL);
    }
}

/*
 * Rank 0: the next output rank from has sent, into *out; its iteration
 * is returned.  Polls, so that no thread holds the MPI lock while it
 * waits.
 */
static long long
receive(struct handover *h, int from, struct rep_out *out)
{
    const struct timespec pause = {0, 200000}; /* 0.2 ms */

    for (;;) {
        long long j;
        int rc;

        omp_set_lock(&h->mpi);
        rc = spread_poll(from, &j, out);
        omp_unset_lock(&h->mpi);
        if (rc == 1)
            return j;
        if (rc < 0) {
            fprintf(stderr, "uecsim: a broken message from rank %d\n", from);
            spread_abort(EXIT_FAILURE);
        }
        nanosleep(&pause, NULL);
    }
}

/* A rank > 0's sink: each output, in order, to rank 0. */
struct sender {
    uint32_t first;
    size_t n;
};

static int
send_add(void *ctx, size_t scn, uint32_t rep, struct rep_out *o)
{
    struct sender *x = ctx;
    long long j =
        (long long)(rep - x->first) * (long long)x->n + (long long)scn;

    if (spread_send(j, o) != 0) {
        fprintf(stderr, "uecsim: rank %d cannot send to rank 0\n",
                spread_rank());
        spread_abort(EXIT_FAILURE);
    }
    return 0;
}

/* Every rank must run the same block of the same scenarios. */
static void
check_ranks_agree(const struct scenario *const *s, size_t n, uint32_t first,
                  uint32_t n_reps, uint64_t seed)
{
    uint64_t h = seed * 1099511628211ULL ^ ((uint64_t)first << 32 | n_reps);

    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]->file_hash) * 1099511628211ULL + (uint64_t)scn_days(s[i]);
    if (spread_agree(h))
        return;
    if (spread_rank() == 0)
        fprintf(stderr, "uecsim: the ranks do not run the same thing: each "
                        "machine needs the same scenario files and command "
                        "line\n");
    spread_abort(2);
}

int
run_stream(const struct scenario *const *s, size_t n, uint32_t first,
           uint32_t n_reps, uint64_t seed, int threads, int quiet,
           const struct run_sink *sink)
{
    struct progress pg;
    struct handover h;
    struct sender snd = {first, n};
    struct run_sink send = {send_add, &snd};
    uint64_t days = 0;
    int rank = spread_rank(), ranks = spread_ranks();
    long long total = (long long)n * (long long)n_reps, next = 0;

    assert(n > 0);
    if (ranks > 1)
        check_ranks_agree(s, n, first, n_reps, seed);
    for (size_t i = 0; i < n; i++)
        days += (uint64_t)scn_days(s[i]);
    if (threads <= 0)
        threads = omp_get_max_threads();
    threads = spread_threads(threads);
    memset(&h, 0, sizeof(h));
    h.sink = sink;
    h.n = n;
    h.first = first;
    h.stride = 1;
    if (rank > 0) {
        /* Only this rank's replications, each sent to rank 0. */
        long long mine = rank < (long long)n_reps
                             ? ((long long)n_reps - rank + ranks - 1) / ranks
                             : 0;

        total = (long long)n * mine;
        h.sink = &send;
        h.stride = ranks;
        h.offset = rank;
        quiet = 1;
    }
    h.window = 2 * (long long)threads;
    h.slot = xcalloc((size_t)h.window, sizeof(*h.slot));
    h.ready = xcalloc((size_t)h.window, sizeof(*h.ready));
    omp_init_lock(&h.lock);
    omp_init_lock(&h.mpi);
    progress_init(&pg, days * n_reps, quiet, s[0]->name);

    /*
     * One iteration a (replication, scenario) pair, replication-major,
     * taken in order by whichever thread is free.
     */
#pragma omp parallel num_threads(threads)
    {
        /* Signals go to the main thread only (resdir.h, "Signals"). */
        if (omp_get_thread_num() != 0)
            resdir_block_signals();
        for (;;) {
            struct rep_out out;
            long long j;
            int stop, owner;

#pragma omp atomic capture
            j = next++;
            if (j >= total)
                break;
            handover_wait(&h, j);
            memset(&out, 0, sizeof(out));
            owner = (int)((j / (long long)n) % ranks);
            if (rank == 0 && owner != 0) {
                /* Another rank's: it comes by message, stopped or not. */
                long long got = receive(&h, owner, &out);

                progress_add(&pg, (uint64_t)scn_days(s[got % (long long)n]));
                handover_put(&h, got, &out);
                continue;
            }
#pragma omp atomic read
            stop = h.stopped;
            if (!stop)
                model_run(s[j % (long long)n], rep_of(&h, j), seed, &out, &pg);
            handover_put(&h, j, &out);
        }
    }
    progress_finish(&pg);
    assert(h.consumed == total);
    omp_destroy_lock(&h.lock);
    omp_destroy_lock(&h.mpi);
    free(h.slot);
    free(h.ready);
    return h.stopped ? -1 : 0;
}

/* --- one scenario, or several compared ------------------------------------ */

struct collect {
    struct run *runs; /* [n] */
    size_t n;
    struct paired *diff; /* or NULL */
    int keep;
    const struct run_opts *o;
    struct prec *prec;    /* -r auto, or NULL */
    struct results **res; /* [n] each run's, for the rule */
    int enough;           /* the rule stopped the run */
};

static int
collect_add(void *ctx, size_t scn, uint32_t rep, struct rep_out *o)
{
    struct collect *c = ctx;
    struct run *r = &c->runs[scn];

    if (o->error[0]) {
        /* A failed replication (the model's watchdog) stops the run. */
        if (!r->error[0])
            snprintf(r->error, sizeof(r->error), "%s", o->error);
        return -1;
    }
    results_add(r->res, o);
    if (c->diff)
        results_paired_add(c->diff, scn, o);
    r->events += o->events;
    r->arrivals += o->arrivals;
    if (c->o->each && c->o->each(c->o->each_ctx, scn, rep, o) != 0)
        return -1;
    if (c->keep) {
        /* Take the output over; run_stream then frees nothing. */
        r->rep[rep] = *o;
        memset(o, 0, sizeof(*o));
    }
    /* -r auto: judged once every scenario has this replication. */
    if (c->prec && scn + 1 == c->n && prec_update(c->prec, c->res, c->n)) {
        c->enough = 1;
        return -1;
    }
    return 0;
}

static void
run_start(struct run *r, const struct scenario *s, const struct run_opts *o,
          uint32_t reps, uint64_t seed)
{
    memset(r, 0, sizeof(*r));
    r->scn = s;
    r->replications = reps;
    r->seed = seed;
    r->threads = run_threads(o);
    /* With -r auto, reps is the ceiling: start small (results.h). */
    r->res = results_alloc(s, o->precision ? PREC_FIRST_REPS + PREC_LOOK_AHEAD
                                           : reps);
    if (o->n_count)
        results_count(r->res, o->count, o->n_count);
    if (o->keep)
        r->rep = xcalloc(reps, sizeof(*r->rep));
}

/* Hand replications 0..reps-1 from o->source to the sink, in order. */
static int
replay(const struct run_source *src, size_t n, uint32_t reps,
       const struct run_sink *sink)
{
    for (uint32_t i = 0; i < reps; i++)
        for (size_t k = 0; k < n; k++) {
            struct rep_out out;
            int rc;

            memset(&out, 0, sizeof(out));
            if (src->get(src->ctx, k, i, &out) != 0 && !out.error[0])
                snprintf(out.error, sizeof(out.error),
                         "cannot replay "
                         "replication %u",
                         i + 1);
            rc = sink->add(sink->ctx, k, i, &out);
            model_out_release(&out);
            if (rc)
                return -1;
        }
    return 0;
}

/*
 * -r auto over several ranks: only rank 0 sees the outputs, so the
 * replications go in blocks, and after each rank 0 tells the others
 * whether to go on.  The rule still reads the replications one by one,
 * in order, so it stops where one process stops; a block only bounds the
 * replications run past the stop.
 */
static int
auto_batches(const struct scenario *const *s, size_t n, uint32_t reps,
             uint64_t seed, const struct run *r0, int quiet,
             const struct collect *c, const struct run_sink *sink)
{
    uint32_t done = 0, block = 4 * (uint32_t)spread_ranks();
    int rc = 0;

    if (block < PREC_FIRST_REPS + PREC_LOOK_AHEAD)
        block = PREC_FIRST_REPS + PREC_LOOK_AHEAD;
    while (done < reps) {
        uint32_t b = reps - done < block ? reps - done : block, stop;

        rc = run_stream(s, n, done, b, seed, r0->threads, quiet, sink);
        done += b;
        stop = spread_rank() == 0 && (rc != 0 || c->enough);
        spread_bcast(&stop);
        if (stop)
            break;
    }
    return rc;
}

/* The rule of -r auto for o, or NULL: owned, free with prec_release. */
static struct prec *
auto_rule(const struct run_opts *o, size_t n)
{
    struct prec *p;

    if (!o->precision)
        return NULL;
    p = xcalloc(1, sizeof(*p));
    if (o->n_prec_items) {
        prec_init_empty(p, o->precision);
        for (size_t i = 0; i < o->n_prec_items; i++)
            prec_add(p, &o->prec_items[i]);
    } else {
        prec_init(p, o->precision, n);
    }
    return p;
}

int
run_compare(const struct scenario *const *s, size_t n, const struct run_opts *o,
            struct run *out, struct paired *diff)
{
    struct prec *prec = auto_rule(o, n);
    uint32_t reps = prec              ? prec->max_reps
                    : o->replications ? o->replications
                                      : s[0]->replications;
    uint64_t seed = o->seed_set ? o->seed : s[0]->seed;
    struct collect c = {out, n, diff, o->keep, o, prec, NULL, 0};
    struct run_sink sink = {collect_add, &c};
    int rc;

    c.res = xcalloc(n, sizeof(*c.res));
    for (size_t i = 0; i < n; i++) {
        run_start(&out[i], s[i], o, reps, seed);
        c.res[i] = out[i].res;
    }
    if (diff)
        results_paired_init(diff, s, n);
    if (o->source)
        rc = replay(o->source, n, reps, &sink);
    else if (prec && spread_ranks() > 1)
        rc = auto_batches(s, n, reps, seed, &out[0], o->quiet, &c, &sink);
    else
        rc = run_stream(s, n, 0, reps, seed, out[0].threads, o->quiet, &sink);
    if (prec) {
        /* The rule stopped the run, or the ceiling did. */
        if (c.enough)
            rc = 0;
        for (size_t i = 0; i < n; i++)
            out[i].replications = prec->n;
        out[0].prec = prec;
    }
    free(c.res);
    return rc;
}

int
run_replications(const struct scenario *s, const struct run_opts *o,
                 struct run *out)
{
    return run_compare(&s, 1, o, out, NULL);
}

int
run_threads(const struct run_opts *o)
{
    return o->threads > 0 ? o->threads : omp_get_max_threads();
}

int
run_cores(void)
{
    return omp_get_num_procs();
}

void
run_release(struct run *r)
{
    if (r->rep)
        for (uint32_t i = 0; i < r->replications; i++)
            model_out_release(&r->rep[i]);
    free(r->rep);
    results_free(r->res);
    if (r->prec)
        prec_release(r->prec);
    free(r->prec);
    r->prec = NULL;
    r->rep = NULL;
    r->res = NULL;
    r->replications = 0;
}

void
run_kpi_values(const struct run *r, size_t k, int month, double *vals)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert(r->rep && k < n);
    for (uint32_t i = 0; i < r->replications; i++) {
        const double *acc = month < 0
                                ? r->rep[i].total
                                : r->rep[i].monthly + (size_t)month * ACC_N;

        vals[i] = kpi_eval(&tab[k], acc);
    }
}
