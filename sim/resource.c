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

int32_t
res_free_units(const struct res *r)
{
    return r->busy < r->capacity ? r->capacity - r->busy : 0;
}

int
res_try_take(struct res *r)
{
    if (r->q_len == 0 && r->busy < r->capacity) {
        r->busy++;
        return 1;
    }
    return 0;
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

int
res_take_or_wait(struct res *r, uint32_t id)
{
    if (res_try_take(r))
        return 1;
    if (r->q_len == r->q_cap)
        grow(r);
    r->q[(r->q_head + r->q_len) & (r->q_cap - 1)] = id;
    r->q_len++;
    return 0;
}

void
res_give_back(struct res *r)
{
    assert(r->busy > 0);
    r->busy--;
}

int
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

void
res_set_capacity(struct res *r, int32_t capacity)
{
    assert(capacity >= 0);
    r->capacity = capacity;
}
