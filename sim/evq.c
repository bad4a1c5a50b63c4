/*
 * evq: a binary min-heap of the near future's events keyed on (time,
 * sequence), with the far future kept in unsorted buckets and an overflow
 * heap (see evq.h).  Heap push and pop are O(log n) with a hole-moving
 * sift (one copy per level); a bucket costs one copy an event to fill and
 * one to empty, plus the heap's build.
 */
#include "evq.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The end of a list of nodes. */
#define NIL UINT32_MAX

/*
 * A small queue is one heap: every bucket is current (cur is ALL, above
 * every bucket number), which costs nothing on a push.  It splits into
 * heap and buckets when the heap grows past SPLIT_LEN events, and comes
 * back together when the heap runs dry with no more than MERGE_LEN
 * events left in the buckets.  A model with a dozen events pending, such
 * as an M/M/10 queue, never pays for the buckets: they cost it 8 % more
 * instructions.
 */
#define ALL       ((uint64_t)1 << 63)
#define SPLIT_LEN 64
#define MERGE_LEN 16

/*
 * Times are never negative, and non-negative IEEE doubles order like their
 * bit patterns read as unsigned integers, so (time, key) compares as a pair
 * of integers.
 */
static inline uint64_t
time_bits(double t)
{
    uint64_t u;

    memcpy(&u, &t, sizeof(u));
    return u;
}

static inline int
before(const struct event *a, const struct event *b)
{
    uint64_t ta = time_bits(a->t_min), tb = time_bits(b->t_min);

    /* Most pairs differ in time, so the key is compared only when the
     * times are equal: callgrind counted 7 % fewer instructions for a
     * C&P replication than with both compared branch-free, and it ran
     * about as much faster (docs/performance.md). */
    if (ta != tb)
        return ta < tb;
    return a->key < b->key;
}

/*
 * The bucket of time t.  Scaling by a power of two is exact and the
 * conversion truncates, so the bucket never decreases as t grows; times
 * too large for the conversion share the last bucket, which the overflow
 * heap orders.
 */
static inline uint64_t
bucket_of(double t)
{
    double x = t * (1.0 / EVQ_BUCKET_WIDTH);

    /* Through int64_t: one instruction where uint64_t needs a branch. */
    return x < 0x1p62 ? (uint64_t)(int64_t)x : (uint64_t)1 << 62;
}

void
evq_init(struct evq *q, size_t cap_hint)
{
    q->cap = cap_hint > 16 ? cap_hint : 16;
    q->heap = xmalloc(q->cap * sizeof(*q->heap));
    q->len = 0;
    q->seq = 0;
    q->root_vacant = 0;
    q->cur = ALL;
    q->ring = xmalloc(EVQ_N_BUCKETS * sizeof(*q->ring));
    for (size_t b = 0; b < EVQ_N_BUCKETS; b++)
        q->ring[b] = NIL;
    q->ring_len = 0;
    q->ring_used = xcalloc(EVQ_N_BUCKETS / 64, sizeof(*q->ring_used));
    q->node = NULL;
    q->node_cap = 0;
    q->node_free = NIL;
    q->over = NULL;
    q->over_len = q->over_cap = 0;
}

void
evq_release(struct evq *q)
{
    free(q->ring);
    free(q->ring_used);
    free(q->node);
    free(q->over);
    free(q->heap);
    memset(q, 0, sizeof(*q));
}

/* Put e into the hole at index i of heap h[0..n) and sift it down. */
static void
sift_down(struct event *h, size_t n, size_t i, struct event e)
{
    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= n)
            break;
        /* Branch-free choice of the earlier child. */
        c += (size_t)(c + 1 < n && before(&h[c + 1], &h[c]));
        if (!before(&h[c], &e))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

/* Put e into the hole at index i of a heap and sift it up. */
static inline void
sift_up(struct event *h, size_t i, struct event e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;

        if (!before(&e, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

/* Grow an array of events to hold at least need of them. */
static struct event *
grow(struct event *a, size_t *cap, size_t need)
{
    if (need <= *cap)
        return a;
    *cap = *cap ? *cap * 2 : 16;
    if (*cap < need)
        *cap = need;
    return xrealloc(a, *cap * sizeof(*a));
}

/* Put e, of bucket b > cur, into the ring or the overflow heap.  Inlined
 * by force: a call cost 2 % more instructions on a C&P replication. */
static inline __attribute__((always_inline)) void
put_far(struct evq *q, struct event e, uint64_t b)
{
    if (b - q->cur < EVQ_N_BUCKETS) {
        uint32_t *slot = &q->ring[b % EVQ_N_BUCKETS];
        uint32_t i = q->node_free;

        if (i == NIL) {
            /* Double the nodes and chain the new ones as unused. */
            uint32_t old = q->node_cap;

            assert(old < UINT32_MAX / 2);
            q->node_cap = old ? 2 * old : 256;
            q->node = xrealloc(q->node, q->node_cap * sizeof(*q->node));
            for (uint32_t k = old; k < q->node_cap; k++)
                q->node[k].next = k + 1 < q->node_cap ? k + 1 : NIL;
            i = old;
        }
        if (*slot == NIL)
            q->ring_used[b % EVQ_N_BUCKETS / 64] |= (uint64_t)1 << (b % 64);
        q->node_free = q->node[i].next;
        q->node[i].e = e;
        q->node[i].next = *slot;
        *slot = i;
        q->ring_len++;
    } else {
        q->over = grow(q->over, &q->over_cap, q->over_len + 1);
        sift_up(q->over, q->over_len++, e);
    }
}

/* Move the list of a ring slot into the heap and give its nodes back. */
static inline __attribute__((always_inline)) void
take_slot(struct evq *q, uint32_t *slot)
{
    uint32_t i = *slot, last = NIL;
    size_t n = q->len;

    for (; i != NIL; i = q->node[i].next) {
        q->heap = grow(q->heap, &q->cap, n + 1);
        sift_up(q->heap, n++, q->node[i].e);
        last = i;
    }
    q->ring_len -= n - q->len;
    q->len = n;
    if (last != NIL) {
        q->node[last].next = q->node_free;
        q->node_free = *slot;
        *slot = NIL;
    }
}

/*
 * The heap of a small queue has grown past SPLIT_LEN (its root is not
 * vacant): keep the earliest event's bucket in it, move the rest out.
 */
static void
split(struct evq *q)
{
    size_t keep = 0;

    q->cur = bucket_of(q->heap[0].t_min);
    for (size_t i = 0; i < q->len; i++) {
        uint64_t b = bucket_of(q->heap[i].t_min);

        if (b <= q->cur)
            q->heap[keep++] = q->heap[i];
        else
            put_far(q, q->heap[i], b);
    }
    q->len = keep;
    /* Build the heap bottom-up (Floyd): O(n). */
    for (size_t i = q->len / 2; i-- > 0;)
        sift_down(q->heap, q->len, i, q->heap[i]);
}

/* The heap is empty and few events are left: all of them into it. */
static void
merge(struct evq *q)
{
    for (uint64_t b = q->cur + 1; q->ring_len > 0; b++)
        take_slot(q, &q->ring[b % EVQ_N_BUCKETS]);
    for (size_t i = 0; i < q->over_len; i++)
        sift_up(q->heap, q->len++, q->over[i]);
    q->over_len = 0;
    q->cur = ALL;
}

/* Fill a vacant root with the last event (the deferred half of a pop). */
static void
settle(struct evq *q)
{
    if (!q->root_vacant)
        return;
    q->root_vacant = 0;
    q->len--;
    if (q->len > 0)
        sift_down(q->heap, q->len, 0, q->heap[q->len]);
}

/*
 * The first bucket after cur with events in the ring (there is one): a
 * scan of the slots' bits (set when a slot gets an event, cleared here
 * when found empty), 64 at a time, so that a queue with an event
 * an hour does not step through 60 empty buckets for each.
 */
_Static_assert(EVQ_N_BUCKETS % 64 == 0, "the ring's bits fill whole words");

static uint64_t
next_used(struct evq *q)
{
    size_t from = (size_t)((q->cur + 1) % EVQ_N_BUCKETS);

    for (;;) {
        size_t w = from / 64, k;
        uint64_t bits = q->ring_used[w] & (~(uint64_t)0 << (from % 64));

        while (bits == 0) {
            w = (w + 1) % (EVQ_N_BUCKETS / 64);
            bits = q->ring_used[w];
        }
        k = w * 64 + (size_t)__builtin_ctzll(bits);
        if (q->ring[k] != NIL)
            return q->cur + 1 + (k + EVQ_N_BUCKETS - from) % EVQ_N_BUCKETS;
        /* Emptied since: the bits are cleared here, not on every take. */
        q->ring_used[w] &= ~((uint64_t)1 << (k % 64));
    }
}

/*
 * The heap is empty: make the next non-empty bucket the current one and
 * its events, with the overflow's for that bucket, the heap.
 */
static void
refill(struct evq *q)
{
    if (q->ring_len + q->over_len <= MERGE_LEN) {
        q->heap = grow(q->heap, &q->cap, q->ring_len + q->over_len);
        merge(q);
        return;
    }
    while (q->len == 0) {
        uint64_t next = ALL;

        if (q->ring_len > 0)
            next = q->ring[(q->cur + 1) % EVQ_N_BUCKETS] != NIL ? q->cur + 1
                                                                : next_used(q);
        if (q->over_len > 0 && bucket_of(q->over[0].t_min) < next)
            next = bucket_of(q->over[0].t_min);
        q->cur = next;
        if (q->ring[q->cur % EVQ_N_BUCKETS] != NIL)
            take_slot(q, &q->ring[q->cur % EVQ_N_BUCKETS]);
        while (q->over_len > 0 && bucket_of(q->over[0].t_min) <= q->cur) {
            struct event e = q->over[0];

            q->over_len--;
            if (q->over_len > 0)
                sift_down(q->over, q->over_len, 0, q->over[q->over_len]);
            q->heap = grow(q->heap, &q->cap, q->len + 1);
            sift_up(q->heap, q->len++, e);
        }
    }
}

void
evq_push(struct evq *q, double t_min, unsigned rank, uint16_t kind, uint32_t id,
         uint16_t gen)
{
    struct event e;
    uint64_t b;

    assert(rank < 256);
    assert(t_min >= 0);
    assert(q->seq < ((uint64_t)1 << 56));
    e.t_min = t_min;
    e.key = ((uint64_t)rank << 56) | q->seq++;
    e.id = id;
    e.kind = kind;
    e.gen = gen;
    b = bucket_of(t_min);
    if (b > q->cur) {
        put_far(q, e, b);
        return;
    }
    if (q->root_vacant) {
        /* Hold: the new event takes the popped root's place. */
        q->root_vacant = 0;
        sift_down(q->heap, q->len, 0, e);
        return;
    }
    q->heap = grow(q->heap, &q->cap, q->len + 1);
    sift_up(q->heap, q->len++, e);
    if (q->cur == ALL && q->len > SPLIT_LEN)
        split(q);
}

int
evq_pop_refill(struct evq *q, struct event *out)
{
    settle(q);
    if (q->len == 0)
        refill(q);
    if (q->len == 0)
        return -1;
    *out = q->heap[0];
    q->root_vacant = 1;
    return 0;
}

const struct event *
evq_peek_refill(struct evq *q)
{
    settle(q);
    if (q->len == 0)
        refill(q);
    return q->len ? &q->heap[0] : NULL;
}

size_t
evq_len(const struct evq *q)
{
    return q->len - (size_t)q->root_vacant + q->ring_len + q->over_len;
}
