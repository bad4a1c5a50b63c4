/*
 * resource: a capacitated resource (ED spaces, beds, pathway slots) with a
 * FIFO queue of waiting patient ids.
 *
 * Invariants: busy <= max(capacity, busy at the last capacity cut);
 * the queue is non-empty only while busy >= capacity.  A capacity cut
 * never evicts: units in use above the new capacity are simply not handed
 * on when released.  Unlimited capacity is RES_UNLIMITED.
 */
#ifndef UECSIM_RESOURCE_H
#define UECSIM_RESOURCE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define RES_UNLIMITED INT32_MAX

struct res {
    int32_t capacity; /* units open now */
    int32_t busy;     /* units in use */
    uint32_t *q;      /* ring buffer of waiting ids */
    size_t q_cap;     /* ring size, a power of two */
    size_t q_head;    /* index of the first waiting id */
    size_t q_len;     /* ids waiting */
};

/* Initialise with a capacity; the queue grows as needed. */
void res_init(struct res *r, int32_t capacity);

/* Free the queue; accepts zero state. */
void res_release(struct res *r);

/*
 * The operations every patient goes through (take, give back, hand on)
 * are inline: called out of line they cost more in calls than in work.
 */

/* Take a unit if one is free and nobody queues.  Returns 1 if taken. */
static inline int
res_try_take(struct res *r)
{
    if (r->q_len == 0 && r->busy < r->capacity) {
        r->busy++;
        return 1;
    }
    return 0;
}

/* Put id at the back of the queue (res_take_or_wait's second half). */
void res_join_queue(struct res *r, uint32_t id);

/*
 * Take a unit or join the queue.  Returns 1 if the unit was taken now,
 * 0 if id now waits.
 */
static inline int
res_take_or_wait(struct res *r, uint32_t id)
{
    if (res_try_take(r))
        return 1;
    res_join_queue(r, id);
    return 0;
}

/* Give a unit back.  Call res_next afterwards to hand it on. */
static inline void
res_give_back(struct res *r)
{
    assert(r->busy > 0);
    r->busy--;
}

/*
 * Hand a free unit to the head of the queue if there is one and a unit is
 * free.  Returns 1 and stores the id (which now holds a unit), or 0.
 * Call in a loop after res_give_back or res_set_capacity.
 */
static inline int
res_next(struct res *r, uint32_t *id)
{
    if (r->q_len == 0 || r->busy >= r->capacity)
        return 0;
    *id = r->q[r->q_head];
    r->q_head = (r->q_head + 1) & (r->q_cap - 1);
    r->q_len--;
    r->busy++;
    return 1;
}

/*
 * The id at the head of the queue, without taking it: 1 and *id, or 0
 * when nobody waits.
 */
int res_head(const struct res *r, uint32_t *id);

/*
 * Take the head off the queue without giving it a unit (it leaves the
 * queue another way): 1 and *id, or 0 when nobody waits.
 */
int res_pop(struct res *r, uint32_t *id);

/*
 * Reordering the queue, for the rare patient who leaves it another way or
 * is put ahead (docs/model.md 2.12); each is O(queue length).
 *
 * The id at position i of the queue (0 = the head); i < q_len.
 */
uint32_t res_queued(const struct res *r, size_t i);

/*
 * Move the id at position from to position to (to <= from): the ids in
 * between each move one place back.  The head is position 0.
 */
void res_move_up(struct res *r, size_t from, size_t to);

/*
 * Take id out of the queue wherever it stands, without giving it a unit:
 * 1, or 0 when it does not wait here.
 */
int res_remove(struct res *r, uint32_t id);

/* Change the capacity (never evicts). */
void res_set_capacity(struct res *r, int32_t capacity);

/* Units free now, 0 when full or over capacity. */
static inline int32_t
res_free_units(const struct res *r)
{
    return r->busy < r->capacity ? r->capacity - r->busy : 0;
}

#endif
