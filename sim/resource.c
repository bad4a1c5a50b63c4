/*
 * resource: counted units with a FIFO ring-buffer queue of waiting ids.
 */
#include "resource.h"

#include <assert.h>
#include <stdlib.h>

#include "util.h"

void
res_init(struct res *r, int32_t capacity)
{
    assert(capacity >= 0);
    r->capacity = capacity;
    r->busy = 0;
    r->q_cap = 16;
    r->q = xmalloc(r->q_cap * sizeof(*r->q));
    r->q_head = 0;
    r->q_len = 0;
}

void
res_release(struct res *r)
{
    free(r->q);
    r->q = NULL;
    r->q_cap = r->q_head = r->q_len = 0;
    r->busy = r->capacity = 0;
}

static void
grow(struct res *r)
{
    size_t ncap = r->q_cap * 2;
    uint32_t *nq = xmalloc(ncap * sizeof(*nq));

    /* Unroll the ring into the new buffer, oldest first. */
    for (size_t i = 0; i < r->q_len; i++)
        nq[i] = r->q[(r->q_head + i) & (r->q_cap - 1)];
    free(r->q);
    r->q = nq;
    r->q_cap = ncap;
    r->q_head = 0;
}

void
res_join_queue(struct res *r, uint32_t id)
{
    if (r->q_len == r->q_cap)
        grow(r);
    r->q[(r->q_head + r->q_len) & (r->q_cap - 1)] = id;
    r->q_len++;
}

int
res_head(const struct res *r, uint32_t *id)
{
    if (r->q_len == 0)
        return 0;
    *id = r->q[r->q_head];
    return 1;
}

int
res_pop(struct res *r, uint32_t *id)
{
    if (!res_head(r, id))
        return 0;
    r->q_head = (r->q_head + 1) & (r->q_cap - 1);
    r->q_len--;
    return 1;
}

/* The ring index of queue position i. */
static size_t
slot(const struct res *r, size_t i)
{
    return (r->q_head + i) & (r->q_cap - 1);
}

uint32_t
res_queued(const struct res *r, size_t i)
{
    assert(i < r->q_len);
    return r->q[slot(r, i)];
}

void
res_move_up(struct res *r, size_t from, size_t to)
{
    uint32_t id;

    assert(to <= from && from < r->q_len);
    id = r->q[slot(r, from)];
    for (size_t i = from; i > to; i--)
        r->q[slot(r, i)] = r->q[slot(r, i - 1)];
    r->q[slot(r, to)] = id;
}

int
res_remove(struct res *r, uint32_t id)
{
    for (size_t i = 0; i < r->q_len; i++) {
        if (r->q[slot(r, i)] != id)
            continue;
        /* Close the gap from the head's side: the ids before it move
         * one place back and the head advances. */
        res_move_up(r, i, 0);
        r->q_head = slot(r, 1);
        r->q_len--;
        return 1;
    }
    return 0;
}

void
res_set_capacity(struct res *r, int32_t capacity)
{
    assert(capacity >= 0);
    r->capacity = capacity;
}
