/*
 * evq: the pending-event set, a binary min-heap of events ordered by
 * (time, rank, insertion sequence).
 *
 * The rank is a small per-kind priority so that, at the same instant, a
 * departure frees a unit before an arrival asks for it; the sequence
 * number makes remaining ties first-in first-out.  Together they make the
 * order total, so every run pops events in the same order.
 *
 * The queue knows nothing about hospitals: an event is a kind, a subject
 * id and a generation stamp that the owner uses for lazy cancellation.
 * Storage grows by doubling; push and pop never allocate otherwise.
 *
 * Most handlers schedule one event right after popping one, so a pop only
 * marks the root vacant and the next push fills it with a single sift-down
 * (the classic "hold" operation); a pop that finds the root vacant first
 * does the deferred removal.  The order popped is the same either way.
 *
 * Only the near future is in the heap.  Time is cut into buckets of
 * EVQ_BUCKET_WIDTH units; an event in the current bucket (or before it)
 * goes to the heap, one in the next EVQ_N_BUCKETS - 1 buckets to an
 * unsorted list for its bucket, and one further ahead to a second heap,
 * the overflow.  When the heap runs dry, the next non-empty bucket, with
 * the overflow's events that fall in it, becomes the heap.  The bucket of
 * a time never decreases with the time, so every event in the heap comes
 * before every event outside it and the pop order is exactly (time, key),
 * as with one heap; the heap is just smaller (a C&P replication has about
 * 3,000 events pending, most of them a day or more ahead).  A queue of a
 * few dozen events stays one heap, where buckets would cost more than
 * they save (sim/evq.c says when it splits and merges).
 */
#ifndef UECSIM_EVQ_H
#define UECSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

/* The far future's buckets: width in time units (a power of two, so that
 * the bucket of a time is exact) and how many the ring holds. */
#define EVQ_BUCKET_WIDTH 1.0
#define EVQ_N_BUCKETS    32768

struct event {
    double t_min;  /* when it happens, minutes from the start of the run */
    uint64_t key;  /* rank in the top 8 bits, insertion sequence below */
    uint32_t id;   /* subject: a patient id, a stream index, ... */
    uint16_t kind; /* the owner's event kind */
    uint16_t gen;  /* the subject's generation when scheduled */
};

/* An event of the far future, in its bucket's list. */
struct evq_node {
    struct event e;
    uint32_t next; /* the next node of the list, or UINT32_MAX */
};

struct evq {
    struct event *heap;    /* heap[0] is the earliest */
    size_t len;            /* slots in use, the vacant root included */
    size_t cap;            /* allocated slots */
    uint64_t seq;          /* next insertion sequence number */
    int root_vacant;       /* heap[0] was popped but not yet refilled */
    uint64_t cur;          /* the heap holds every event of bucket <= cur */
    uint32_t *ring;        /* first node of bucket b's list, in
                              ring[b % EVQ_N_BUCKETS], for cur < b < cur +
                              EVQ_N_BUCKETS */
    size_t ring_len;       /* events in the ring */
    uint64_t *ring_used;   /* a bit a ring slot: its list is not empty */
    struct evq_node *node; /* the lists' nodes */
    uint32_t node_cap;     /* allocated nodes */
    uint32_t node_free;    /* first unused node */
    struct event *over;    /* the overflow heap, later buckets */
    size_t over_len, over_cap;
};

/* Initialise an empty queue with room for cap_hint events (0 is fine). */
void evq_init(struct evq *q, size_t cap_hint);

/* Free the storage; the queue may be re-initialised.  Accepts zero state. */
void evq_release(struct evq *q);

/* Schedule an event.  rank must be below 256. */
void evq_push(struct evq *q, double t_min, unsigned rank, uint16_t kind,
              uint32_t id, uint16_t gen);

/* The slow halves of evq_pop and evq_peek: settle a vacant root, refill
 * an empty heap from the buckets. */
int evq_pop_refill(struct evq *q, struct event *out);
const struct event *evq_peek_refill(struct evq *q);

/* Remove the earliest event into *out.  Returns 0, or -1 when empty.
 * Inline, with the common case first: the loop of model_run peeks, then
 * pops, an event at a time. */
static inline int
evq_pop(struct evq *q, struct event *out)
{
    if (!q->root_vacant && q->len > 0) {
        *out = q->heap[0];
        q->root_vacant = 1;
        return 0;
    }
    return evq_pop_refill(q, out);
}

/* The earliest event without removing it, or NULL when empty. */
static inline const struct event *
evq_peek(struct evq *q)
{
    if (!q->root_vacant && q->len > 0)
        return &q->heap[0];
    return evq_peek_refill(q);
}

/* Number of pending events. */
size_t evq_len(const struct evq *q);

#endif
