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
 */
#ifndef UECSIM_EVQ_H
#define UECSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

struct event {
    double t_min;  /* when it happens, minutes from the start of the run */
    uint64_t key;  /* rank in the top 8 bits, insertion sequence below */
    uint32_t id;   /* subject: a patient id, a stream index, ... */
    uint16_t kind; /* the owner's event kind */
    uint16_t gen;  /* the subject's generation when scheduled */
};

struct evq {
    struct event *heap; /* heap[0] is the earliest */
    size_t len;         /* slots in use, the vacant root included */
    size_t cap;         /* allocated slots */
    uint64_t seq;       /* next insertion sequence number */
    int root_vacant;    /* heap[0] was popped but not yet refilled */
};

/* Initialise an empty queue with room for cap_hint events (0 is fine). */
void evq_init(struct evq *q, size_t cap_hint);

/* Free the storage; the queue may be re-initialised.  Accepts zero state. */
void evq_release(struct evq *q);

/* Schedule an event.  rank must be below 256. */
void evq_push(struct evq *q, double t_min, unsigned rank, uint16_t kind,
              uint32_t id, uint16_t gen);

/* Remove the earliest event into *out.  Returns 0, or -1 when empty. */
int evq_pop(struct evq *q, struct event *out);

/* The earliest event without removing it, or NULL when empty. */
const struct event *evq_peek(struct evq *q);

/* Number of pending events. */
size_t evq_len(const struct evq *q);

#endif
