/*
 * Unit tests for resource: FIFO hand-on, capacity cuts and raises,
 * unlimited capacity, ring growth across wraparound, and a randomised
 * model check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "resource.h"

/* The queue in order, head first, into out; returns its length. */
static size_t
queue_ids(const struct res *r, uint32_t *out)
{
    for (size_t i = 0; i < r->q_len; i++)
        out[i] = res_queued(r, i);
    return r->q_len;
}

/*
 * Reordering (the full capacity protocol puts moved patients ahead; the
 * ambulance cohort's queue loses a patient given an ED space): the
 * expected orders are written out by hand, across the ring's wraparound.
 */
static void
test_reorder(void **state)
{
    struct res r;
    uint32_t q[32], id = 0;
    static const uint32_t moved[] = {100, 101, 106, 102, 103,
                                     104, 105, 107, 108, 109};
    static const uint32_t removed[] = {101, 106, 102, 104, 105, 107, 108};

    (void)state;
    res_init(&r, 1);
    assert_int_equal(res_take_or_wait(&r, 1), 1);
    /* Wrap the ring: queue and serve 12 first, so the head is at 12. */
    for (uint32_t i = 0; i < 12; i++)
        assert_int_equal(res_take_or_wait(&r, 50 + i), 0);
    for (uint32_t i = 0; i < 12; i++) {
        res_give_back(&r);
        assert_int_equal(res_next(&r, &id), 1);
    }
    for (uint32_t i = 0; i < 10; i++)
        assert_int_equal(res_take_or_wait(&r, 100 + i), 0);
    assert_true(r.q_head + r.q_len > r.q_cap); /* it wraps */
    res_move_up(&r, 6, 2);                     /* 106 goes third */
    assert_int_equal(queue_ids(&r, q), 10);
    assert_memory_equal(q, moved, sizeof(moved));
    res_move_up(&r, 4, 4); /* to itself: nothing moves */
    assert_int_equal(queue_ids(&r, q), 10);
    assert_memory_equal(q, moved, sizeof(moved));
    assert_int_equal(res_remove(&r, 100), 1); /* the head */
    assert_int_equal(res_remove(&r, 103), 1); /* the middle */
    assert_int_equal(res_remove(&r, 109), 1); /* the tail */
    assert_int_equal(res_remove(&r, 103), 0); /* gone */
    assert_int_equal(res_remove(&r, 4711), 0);
    assert_int_equal(queue_ids(&r, q), 7);
    assert_memory_equal(q, removed, sizeof(removed));
    assert_int_equal(r.busy, 1); /* nobody was given a unit */
    /* Served in the new order. */
    for (size_t i = 0; i < 7; i++) {
        res_give_back(&r);
        assert_int_equal(res_next(&r, &id), 1);
        assert_int_equal(id, removed[i]);
    }
    assert_int_equal(r.q_len, 0);
    res_release(&r);
}

static void
test_take_until_full(void **state)
{
    struct res r;

    (void)state;
    res_init(&r, 3);
    assert_int_equal(res_free_units(&r), 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(res_try_take(&r), 1);
    assert_int_equal(res_try_take(&r), 0);
    assert_int_equal(r.busy, 3);
    assert_int_equal(res_free_units(&r), 0);
    res_give_back(&r);
    assert_int_equal(res_free_units(&r), 1);
    assert_int_equal(res_try_take(&r), 1);
    res_release(&r);
}

/* Waiters are served first in, first out; nobody jumps the queue. */
static void
test_fifo_hand_on(void **state)
{
    struct res r;
    uint32_t id = 0;

    (void)state;
    res_init(&r, 2);
    assert_int_equal(res_take_or_wait(&r, 9001), 1);
    assert_int_equal(res_take_or_wait(&r, 9002), 1);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(res_take_or_wait(&r, 4711 + 13 * i), 0);
    assert_int_equal(r.q_len, 8);
    /* Nothing free: res_next hands nothing and keeps the queue. */
    assert_int_equal(res_next(&r, &id), 0);
    assert_int_equal(r.q_len, 8);
    for (uint32_t i = 0; i < 8; i++) {
        res_give_back(&r);
        assert_int_equal(r.busy, 1);
        /* A free unit with a queue: try_take must not jump ahead. */
        if (i == 3) {
            assert_int_equal(res_try_take(&r), 0);
            assert_int_equal(r.busy, 1);
        }
        assert_int_equal(res_next(&r, &id), 1);
        assert_int_equal(id, 4711 + 13 * i);
        assert_int_equal(r.busy, 2);
        assert_int_equal(res_next(&r, &id), 0);
    }
    assert_int_equal(r.q_len, 0);
    /* Empty queue: res_next hands nothing even with a free unit. */
    res_give_back(&r);
    id = 123;
    assert_int_equal(res_next(&r, &id), 0);
    assert_int_equal(id, 123);
    assert_int_equal(r.busy, 1);
    res_release(&r);
}

/* A cut never evicts and blocks hand-on until busy drops below it. */
static void
test_capacity_cut(void **state)
{
    struct res r;
    uint32_t id;

    (void)state;
    res_init(&r, 5);
    for (uint32_t i = 0; i < 5; i++)
        assert_int_equal(res_take_or_wait(&r, i), 1);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(res_take_or_wait(&r, 100 + i), 0);
    res_set_capacity(&r, 2);
    assert_int_equal(r.capacity, 2);
    assert_int_equal(r.busy, 5);
    assert_int_equal(res_free_units(&r), 0);
    assert_int_equal(res_take_or_wait(&r, 103), 0);
    /* Releases from 5 down to 2 busy hand nothing on. */
    for (int k = 0; k < 3; k++) {
        res_give_back(&r);
        assert_int_equal(res_next(&r, &id), 0);
        assert_int_equal(res_free_units(&r), 0);
    }
    assert_int_equal(r.busy, 2);
    assert_int_equal(r.q_len, 4);
    /* The next release frees a unit under the new capacity. */
    res_give_back(&r);
    assert_int_equal(res_free_units(&r), 1);
    assert_int_equal(res_next(&r, &id), 1);
    assert_int_equal(id, 100);
    assert_int_equal(res_next(&r, &id), 0);
    assert_int_equal(r.busy, 2);
    res_release(&r);
}

/* A raise serves as many waiters as it opens units, in order. */
static void
test_capacity_raise(void **state)
{
    struct res r;
    uint32_t id;

    (void)state;
    res_init(&r, 1);
    assert_int_equal(res_take_or_wait(&r, 7), 1);
    for (uint32_t i = 0; i < 6; i++)
        assert_int_equal(res_take_or_wait(&r, 70 + i), 0);
    res_set_capacity(&r, 5);
    assert_int_equal(res_free_units(&r), 4);
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(res_next(&r, &id), 1);
        assert_int_equal(id, 70 + i);
    }
    assert_int_equal(res_next(&r, &id), 0);
    assert_int_equal(r.busy, 5);
    assert_int_equal(r.q_len, 2);
    res_release(&r);
}

/* Capacity 0: everyone waits until a unit opens. */
static void
test_zero_capacity(void **state)
{
    struct res r;
    uint32_t id;

    (void)state;
    res_init(&r, 0);
    assert_int_equal(res_try_take(&r), 0);
    assert_int_equal(res_take_or_wait(&r, 55), 0);
    assert_int_equal(res_next(&r, &id), 0);
    res_set_capacity(&r, 1);
    assert_int_equal(res_next(&r, &id), 1);
    assert_int_equal(id, 55);
    res_release(&r);
}

static void
test_unlimited(void **state)
{
    enum { N = 200000 };
    struct res r;
    uint32_t id;

    (void)state;
    res_init(&r, RES_UNLIMITED);
    for (uint32_t i = 0; i < N; i++)
        assert_int_equal(res_take_or_wait(&r, i), 1);
    assert_int_equal(r.q_len, 0);
    assert_int_equal(r.busy, N);
    assert_int_equal(res_free_units(&r), RES_UNLIMITED - N);
    assert_int_equal(res_try_take(&r), 1);
    res_give_back(&r);
    assert_int_equal(res_next(&r, &id), 0);
    res_release(&r);
}

/* The ring grows while wrapped and keeps FIFO order. */
static void
test_ring_growth_wraparound(void **state)
{
    struct res r;
    uint32_t id, next_out = 0, next_in = 0;

    (void)state;
    res_init(&r, 1);
    assert_int_equal(res_try_take(&r), 1);
    /* Fill part of the ring and move the head well past its start. */
    for (int i = 0; i < 12; i++)
        assert_int_equal(res_take_or_wait(&r, 5000 + next_in++), 0);
    for (int i = 0; i < 9; i++) {
        res_give_back(&r);
        assert_int_equal(res_next(&r, &id), 1);
        assert_int_equal(id, 5000 + next_out++);
    }
    assert_true(r.q_head != 0);
    /* Now 1000 more: the ring wraps, then grows several times. */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(res_take_or_wait(&r, 5000 + next_in++), 0);
    assert_int_equal(r.q_len, 1003);
    assert_true(r.q_cap >= 1003);
    assert_int_equal(r.q_cap & (r.q_cap - 1), 0);
    while (r.q_len > 0) {
        res_give_back(&r);
        assert_int_equal(res_next(&r, &id), 1);
        assert_int_equal(id, 5000 + next_out++);
    }
    assert_int_equal(next_out, next_in);
    res_release(&r);
}

static void
test_release_zero_state(void **state)
{
    struct res r;

    (void)state;
    memset(&r, 0, sizeof(r));
    res_release(&r);
    res_init(&r, 4);
    res_release(&r);
    res_release(&r);
    assert_null(r.q);
}

static uint64_t
next_u64(uint64_t *s)
{
    uint64_t x = (*s += 0x9e3779b97f4a7c15ULL);

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/*
 * 300k random arrivals, releases and capacity changes against a model: a
 * plain array queue and counters, with the caller's protocol (res_next in
 * a loop after every release or capacity change).
 */
static void
test_model_check(void **state)
{
    enum { OPS = 300000 };

    uint32_t *mq = malloc(OPS * sizeof(*mq));
    size_t m_head = 0, m_tail = 0, m_max = 0;
    int32_t m_busy = 0, m_cap = 6;
    uint32_t next_id = 1;
    uint64_t s = 0x2385ULL;
    struct res r;

    (void)state;
    assert_non_null(mq);
    res_init(&r, m_cap);
    for (long op = 0; op < OPS; op++) {
        uint64_t u = next_u64(&s) % 100;
        int handing = 0;

        if (u < 48) {
            uint32_t id = next_id++;
            int got = m_tail == m_head && m_busy < m_cap;

            assert_int_equal(res_take_or_wait(&r, id), got);
            if (got)
                m_busy++;
            else
                mq[m_tail++] = id;
        } else if (u < 97) {
            if (m_busy == 0)
                continue;
            res_give_back(&r);
            m_busy--;
            handing = 1;
        } else {
            m_cap = (int32_t)(next_u64(&s) % 12);
            res_set_capacity(&r, m_cap);
            handing = 1;
        }
        if (handing) {
            uint32_t id;

            while (m_head < m_tail && m_busy < m_cap) {
                assert_int_equal(res_next(&r, &id), 1);
                assert_int_equal(id, mq[m_head]);
                m_head++;
                m_busy++;
            }
            assert_int_equal(res_next(&r, &id), 0);
        }
        assert_int_equal(r.busy, m_busy);
        assert_int_equal(r.q_len, m_tail - m_head);
        m_max = m_tail - m_head > m_max ? m_tail - m_head : m_max;
        assert_int_equal(res_free_units(&r),
                         m_busy < m_cap ? m_cap - m_busy : 0);
    }
    /* The run must have exercised ring growth. */
    assert_true(m_max > 64);
    res_release(&r);
    free(mq);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_take_until_full),
        cmocka_unit_test(test_reorder),
        cmocka_unit_test(test_fifo_hand_on),
        cmocka_unit_test(test_capacity_cut),
        cmocka_unit_test(test_capacity_raise),
        cmocka_unit_test(test_zero_capacity),
        cmocka_unit_test(test_unlimited),
        cmocka_unit_test(test_ring_growth_wraparound),
        cmocka_unit_test(test_release_zero_state),
        cmocka_unit_test(test_model_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
