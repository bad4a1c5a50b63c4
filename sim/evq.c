/*
 * evq: binary min-heap of events keyed on (time, rank, sequence).
 * Push and pop are O(log n) with a hole-moving sift (one copy per level).
 */
#include "evq.h"

#include <assert.h>
#include <stdlib.h>

#include "util.h"

static inline int
before(const struct event *a, const struct event *b)
{
    if (a->t_min != b->t_min)
        return a->t_min < b->t_min;
    return a->key < b->key;
}

void
evq_init(struct evq *q, size_t cap_hint)
{
    q->cap = cap_hint > 16 ? cap_hint : 16;
    q->heap = xmalloc(q->cap * sizeof(*q->heap));
    q->len = 0;
    q->seq = 0;
}

void
evq_release(struct evq *q)
{
    free(q->heap);
    q->heap = NULL;
    q->len = q->cap = 0;
    q->seq = 0;
}

void
evq_push(struct evq *q, double t_min, unsigned rank, uint16_t kind, uint32_t id,
         uint16_t gen)
{
    struct event e;
    size_t i;

    assert(rank < 256);
    assert(q->seq < ((uint64_t)1 << 56));
    if (q->len == q->cap) {
        q->cap *= 2;
        q->heap = xrealloc(q->heap, q->cap * sizeof(*q->heap));
    }
    e.t_min = t_min;
    e.key = ((uint64_t)rank << 56) | q->seq++;
    e.id = id;
    e.kind = kind;
    e.gen = gen;
    /* Sift up: move parents down into the hole until e fits. */
    i = q->len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;

        if (!before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
}

int
evq_pop(struct evq *q, struct event *out)
{
    struct event last;
    size_t i = 0, n;

    if (q->len == 0)
        return -1;
    *out = q->heap[0];
    n = --q->len;
    if (n == 0)
        return 0;
    last = q->heap[n];
    /* Sift down the hole at the root, then drop the last event into it. */
    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= n)
            break;
        if (c + 1 < n && before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    q->heap[i] = last;
    return 0;
}

size_t
evq_len(const struct evq *q)
{
    return q->len;
}
