/*
 * Unit tests for evq: pop order against sorting, (time, rank, FIFO) ties,
 * growth and a randomised model check against a sorted array.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "evq.h"

/* A small deterministic generator for test data (SplitMix64). */
static uint64_t
next_u64(uint64_t *s)
{
    uint64_t x = (*s += 0x9e3779b97f4a7c15ULL);

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static double
next_unit(uint64_t *s)
{
    return (double)(next_u64(s) >> 11) * 0x1.0p-53;
}

/* What the test expects of one event: its full order key and payload. */
struct rec {
    double t;
    unsigned rank;
    uint64_t seq;
    uint32_t id;
    uint16_t kind, gen;
};

static int
rec_cmp(const void *pa, const void *pb)
{
    const struct rec *a = pa, *b = pb;

    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return 0;
}

static void
expect_event(const struct event *e, const struct rec *r)
{
    if (e->t_min != r->t || e->id != r->id || e->kind != r->kind ||
        e->gen != r->gen)
        fail_msg("popped (t=%.17g id=%u kind=%u gen=%u), want (t=%.17g "
                 "id=%u kind=%u gen=%u)",
                 e->t_min, (unsigned)e->id, (unsigned)e->kind, (unsigned)e->gen,
                 r->t, (unsigned)r->id, (unsigned)r->kind, (unsigned)r->gen);
}

static void
test_empty(void **state)
{
    struct evq q;
    struct event e;

    (void)state;
    evq_init(&q, 0);
    assert_int_equal(evq_len(&q), 0);
    assert_int_equal(evq_pop(&q, &e), -1);
    evq_push(&q, 2.385, 3, 7, 42, 9);
    assert_int_equal(evq_len(&q), 1);
    assert_int_equal(evq_pop(&q, &e), 0);
    assert_int_equal(evq_pop(&q, &e), -1);
    assert_int_equal(evq_len(&q), 0);
    evq_release(&q);
}

static void
test_release_zero_state_and_reinit(void **state)
{
    struct evq q;
    struct event e;

    (void)state;
    memset(&q, 0, sizeof(q));
    evq_release(&q);
    evq_init(&q, 5);
    evq_push(&q, 7.25, 1, 2, 3, 4);
    evq_release(&q);
    evq_release(&q);
    evq_init(&q, 0);
    assert_int_equal(evq_len(&q), 0);
    evq_push(&q, 0.125, 0, 5, 6, 7);
    assert_int_equal(evq_pop(&q, &e), 0);
    assert_int_equal(e.id, 6);
    evq_release(&q);
}

/* Random times (many repeated), random ranks: pop order is the sort. */
static void
test_random_pushes_pop_sorted(void **state)
{
    enum { N = 20000 };
    struct rec *recs = malloc(N * sizeof(*recs));
    uint64_t s = 0x5eed2385u;
    struct evq q;

    (void)state;
    assert_non_null(recs);
    evq_init(&q, 0);
    for (uint32_t i = 0; i < N; i++) {
        struct rec *r = &recs[i];

        /* A coarse grid makes equal times common. */
        r->t = (double)(next_u64(&s) % 500) * 0.37;
        if (i % 3 == 0)
            r->t = next_unit(&s) * 185.0; /* and some unique times */
        r->rank = (unsigned)(next_u64(&s) % 5);
        r->seq = i;
        r->id = 1000003u * i + 17u;
        r->kind = (uint16_t)(next_u64(&s) & 0xffff);
        r->gen = (uint16_t)(i * 7u);
        evq_push(&q, r->t, r->rank, r->kind, r->id, r->gen);
    }
    assert_int_equal(evq_len(&q), N);
    qsort(recs, N, sizeof(*recs), rec_cmp);
    for (size_t i = 0; i < N; i++) {
        struct event e;

        assert_int_equal(evq_pop(&q, &e), 0);
        expect_event(&e, &recs[i]);
        assert_int_equal(evq_len(&q), N - 1 - i);
    }
    assert_int_equal(evq_pop(&q, &(struct event){0}), -1);
    evq_release(&q);
    free(recs);
}

struct tie_case {
    double t;
    unsigned rank;
    uint32_t id;
};

/* Equal times pop by rank, then in insertion order. */
static void
test_ties_rank_then_fifo(void **state)
{
    static const struct tie_case pushes[] = {
        {4.75, 2, 1}, {4.75, 0, 2},  {4.75, 2, 3}, {1.5, 255, 4},
        {4.75, 1, 5}, {4.75, 0, 6},  {9.0, 0, 7},  {4.75, 255, 8},
        {4.75, 1, 9}, {4.75, 0, 10},
    };
    /* 1.5 first whatever its rank; then rank 0 (2, 6, 10), rank 1 (5, 9),
     * rank 2 (1, 3), rank 255 (8); 9.0 last. */
    static const uint32_t want[] = {4, 2, 6, 10, 5, 9, 1, 3, 8, 7};
    struct evq q;

    (void)state;
    evq_init(&q, 0);
    for (size_t i = 0; i < sizeof(pushes) / sizeof(pushes[0]); i++)
        evq_push(&q, pushes[i].t, pushes[i].rank, 0, pushes[i].id, 0);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct event e;

        assert_int_equal(evq_pop(&q, &e), 0);
        assert_int_equal(e.id, want[i]);
    }
    evq_release(&q);
}

/* Many events at one instant and one rank come out first in, first out. */
static void
test_fifo_many_equal(void **state)
{
    enum { N = 5000 };
    struct evq q;

    (void)state;
    evq_init(&q, 3);
    for (uint32_t i = 0; i < N; i++)
        evq_push(&q, 1440.0, 4, 1, i, 0);
    for (uint32_t i = 0; i < N; i++) {
        struct event e;

        assert_int_equal(evq_pop(&q, &e), 0);
        assert_int_equal(e.id, i);
    }
    evq_release(&q);
}

/* Growth past the initial capacity keeps every event, for several hints. */
static void
test_growth(void **state)
{
    static const size_t hints[] = {0, 1, 16, 17, 100};

    enum { N = 3001 };

    (void)state;
    for (size_t h = 0; h < sizeof(hints) / sizeof(hints[0]); h++) {
        struct evq q;
        double prev = -1;

        evq_init(&q, hints[h]);
        /* Descending times: every push sifts to the root. */
        for (uint32_t i = 0; i < N; i++)
            evq_push(&q, (double)(N - i) * 0.731, 0, 0, i, (uint16_t)i);
        assert_int_equal(evq_len(&q), N);
        for (uint32_t i = 0; i < N; i++) {
            struct event e;

            assert_int_equal(evq_pop(&q, &e), 0);
            assert_true(e.t_min > prev);
            prev = e.t_min;
            assert_int_equal(e.id, N - 1 - i);
            assert_int_equal(e.gen, (uint16_t)(N - 1 - i));
        }
        evq_release(&q);
    }
}

/* A sorted array that mirrors the queue, for the model checks. */
struct model {
    struct rec *a; /* pending events, in pop order */
    size_t n;      /* pending */
    uint64_t seq;  /* next insertion sequence */
};

static void
model_push(struct model *m, struct evq *q, double t, unsigned rank,
           uint16_t kind, uint32_t id, uint16_t gen)
{
    struct rec r = {t, rank, m->seq++, id, kind, gen};
    size_t lo = 0, hi = m->n;

    evq_push(q, t, rank, kind, id, gen);
    /* Insert after every element that orders before r. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (rec_cmp(&m->a[mid], &r) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&m->a[lo + 1], &m->a[lo], (m->n - lo) * sizeof(*m->a));
    m->a[lo] = r;
    m->n++;
    assert_int_equal(evq_len(q), m->n);
}

/* Pop from both and compare; returns the time popped. */
static double
model_pop(struct model *m, struct evq *q)
{
    struct event e;
    double t = m->a[0].t;

    assert_int_equal(evq_pop(q, &e), 0);
    expect_event(&e, &m->a[0]);
    memmove(&m->a[0], &m->a[1], (m->n - 1) * sizeof(*m->a));
    m->n--;
    assert_int_equal(evq_len(q), m->n);
    return t;
}

static void
model_drain(struct model *m, struct evq *q)
{
    struct event e;

    while (m->n > 0)
        (void)model_pop(m, q);
    assert_int_equal(evq_pop(q, &e), -1);
    assert_int_equal(evq_len(q), 0);
}

/*
 * 100k random pushes and pops, with phases that grow and shrink the queue,
 * checked against a sorted array.  Times never go below the last popped
 * time, as in a simulation, with some exact repeats.
 */
static void
test_model_check(void **state)
{
    enum { OPS = 100000 };
    struct model m = {malloc(OPS * sizeof(struct rec)), 0, 0};
    uint64_t s = 0xdecafbadULL;
    double now = 0;
    struct evq q;

    (void)state;
    assert_non_null(m.a);
    evq_init(&q, 0);
    for (long op = 0; op < OPS; op++) {
        /* Push-heavy and pop-heavy phases of 2000 operations. */
        double p_push = (op / 2000) % 2 == 0 ? 0.7 : 0.35;

        if (m.n == 0 || next_unit(&s) < p_push) {
            double dt = next_u64(&s) % 4 == 0
                            ? (double)(next_u64(&s) % 8) * 15.0
                            : next_unit(&s) * 240.0;

            model_push(&m, &q, now + dt, (unsigned)(next_u64(&s) % 4),
                       (uint16_t)(next_u64(&s) % 11), (uint32_t)next_u64(&s),
                       (uint16_t)next_u64(&s));
        } else {
            now = model_pop(&m, &q);
        }
    }
    model_drain(&m, &q);
    evq_release(&q);
    free(m.a);
}

/*
 * The "hold" pattern a simulation runs: pop one event, push one or two
 * successors (sometimes earlier than everything pending, sometimes at the
 * same instant), now and then pop twice in a row or let the queue run dry.
 */
static void
test_hold_pattern(void **state)
{
    enum { OPS = 60000, MAXN = 4096 };
    struct model m = {malloc(MAXN * sizeof(struct rec)), 0, 0};
    uint64_t s = 0x600dcafeULL;
    struct evq q;

    (void)state;
    assert_non_null(m.a);
    evq_init(&q, 0);
    for (uint32_t i = 0; i < 300; i++)
        model_push(&m, &q, next_unit(&s) * 600, i % 3, 1, i, 0);
    for (long op = 0; op < OPS; op++) {
        double now = model_pop(&m, &q);
        uint64_t u = next_u64(&s) % 20;
        uint32_t id = (uint32_t)op;

        if (u == 0) {
            /* Same instant, lowest rank: it must come out next. */
            model_push(&m, &q, now, 0, 2, id, 1);
        } else if (u == 1 && m.n > 0) {
            /* Pop again before any push (the deferred removal). */
            (void)model_pop(&m, &q);
            model_push(&m, &q, now + next_unit(&s) * 300, 1, 3, id, 2);
        } else if (u == 2 && m.n < MAXN - 2) {
            /* Two successors, one of them far ahead. */
            model_push(&m, &q, now + next_unit(&s) * 5, 2, 4, id, 3);
            model_push(&m, &q, now + 1e4 + next_unit(&s), 0, 5, id, 4);
        } else if (u == 3 && m.n > 200) {
            /* No successor: the queue shrinks. */
        } else {
            model_push(&m, &q, now + next_unit(&s) * 300,
                       (unsigned)(next_u64(&s) % 3), 6, id, 5);
        }
        if (op % 10000 == 9999) {
            /* Run dry through a vacant root, then start again. */
            model_drain(&m, &q);
            model_push(&m, &q, now + 1, 1, 7, id, 6);
            assert_true(model_pop(&m, &q) == now + 1);
            assert_int_equal(evq_len(&q), 0);
            for (uint32_t i = 0; i < 50; i++)
                model_push(&m, &q, now + next_unit(&s) * 600, i % 3, 1, i, 0);
        }
    }
    model_drain(&m, &q);
    evq_release(&q);
    free(m.a);
}

/*
 * The far future: times in the current bucket, in the ring, past the ring
 * (the overflow heap) and too large for a bucket number, with equal times
 * split between the ring and the overflow, runs dry that make the queue
 * jump ahead, and a pop before each push now and then.  Checked against a
 * sorted array like the model check.
 */
static void
test_far_future(void **state)
{
    enum { OPS = 60000, MAXN = 8192 };

    const double ring = EVQ_BUCKET_WIDTH * EVQ_N_BUCKETS;
    struct model m = {malloc(MAXN * sizeof(struct rec)), 0, 0};
    uint64_t s = 0xfa7f00dULL;
    double now = 0;
    struct evq q;

    (void)state;
    assert_non_null(m.a);
    evq_init(&q, 0);
    for (long op = 0; op < OPS; op++) {
        uint64_t u = next_u64(&s) % 16;
        double t;

        if (m.n > 0 && (m.n >= MAXN - 1 || next_u64(&s) % 2 == 0)) {
            now = model_pop(&m, &q);
            if (now > 1e200) {
                /* Past every sane time: drain, then a fresh queue whose
                 * times restart at 0. */
                model_drain(&m, &q);
                evq_release(&q);
                evq_init(&q, 0);
                now = 0;
            }
            continue;
        }
        if (u < 6)
            t = now + next_unit(&s) * EVQ_BUCKET_WIDTH;
        else if (u < 10)
            t = now + next_unit(&s) * ring;
        else if (u < 13)
            t = now + ring * (1 + next_unit(&s) * 3);
        else if (u == 13)
            /* The same time, pushed now into the overflow and later,
             * when the clock is nearer, into the ring or the heap. */
            t = floor(now / ring + 2) * ring;
        else if (u == 14)
            t = now * 2 + 1e9;
        else
            t = next_u64(&s) % 4 ? 1e300 : DBL_MAX;
        model_push(&m, &q, t, (unsigned)(next_u64(&s) % 4),
                   (uint16_t)(next_u64(&s) % 11), (uint32_t)op, (uint16_t)u);
        if (op % 5000 == 4999) {
            /* Run dry, through the largest times; every other time start
             * a fresh queue, else go on with times below the queue's
             * current bucket, which all belong in its heap. */
            model_drain(&m, &q);
            if (op % 10000 == 9999) {
                evq_release(&q);
                evq_init(&q, 0);
                now = 0;
            }
        }
    }
    model_drain(&m, &q);
    evq_release(&q);
    free(m.a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_release_zero_state_and_reinit),
        cmocka_unit_test(test_random_pushes_pop_sorted),
        cmocka_unit_test(test_ties_rank_then_fifo),
        cmocka_unit_test(test_fifo_many_equal),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_model_check),
        cmocka_unit_test(test_hold_pattern),
        cmocka_unit_test(test_far_future),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
