/*
 * Unit tests for rng: the documented seed derivation, seed uniqueness,
 * stream reproducibility and independence, and the open unit interval.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "rng.h"

/* The test's own SplitMix64 finaliser, checked against a published vector. */
static uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Inverse of x ^= x >> s. */
static uint64_t
unxorshift(uint64_t y, unsigned s)
{
    uint64_t x = y;

    for (unsigned i = 0; i < 64 / s + 1; i++)
        x = y ^ (x >> s);
    return x;
}

/* Multiplicative inverse of an odd number modulo 2^64 (Newton). */
static uint64_t
inverse_odd(uint64_t a)
{
    uint64_t x = a;

    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static uint64_t
unmix(uint64_t y)
{
    y = unxorshift(y, 31);
    y *= inverse_odd(0x94d049bb133111ebULL);
    y = unxorshift(y, 27);
    y *= inverse_odd(0xbf58476d1ce4e5b9ULL);
    y = unxorshift(y, 30);
    return y - 0x9e3779b97f4a7c15ULL;
}

static int
cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

    return (a > b) - (a < b);
}

static void
test_reference_mixer(void **state)
{
    (void)state;
    /* First output of SplitMix64 seeded with 0 (Vigna's splitmix64.c). */
    assert_true(mix(0) == 0xe220a8397b1dcdafULL);
    assert_true(unmix(mix(0x0123456789abcdefULL)) == 0x0123456789abcdefULL);
}

struct seed_case {
    uint64_t master;
    uint32_t rep, stream;
};

/* The seed is exactly the formula in rng.h when its low word is not 0. */
static void
test_seed_formula(void **state)
{
    static const struct seed_case cases[] = {
        {0, 0, 0},
        {20240601, 0, 0},
        {20240601, 1, 0},
        {20240601, 0, 1},
        {0xfeedfacecafebeefULL, 29, 133},
        {UINT64_MAX, 65535, 65535},
        {2385, 99999, 159},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct seed_case *c = &cases[i];
        uint64_t m = mix(c->master ^ mix(((uint64_t)c->rep << 16) | c->stream));
        uint32_t got = rng_stream_seed(c->master, c->rep, c->stream);

        assert_true((uint32_t)m != 0);
        assert_int_equal(got, (uint32_t)m);
        assert_int_equal(got, rng_stream_seed(c->master, c->rep, c->stream));
    }
}

/* A master built to make the low word 0 still gives a non-zero seed. */
static void
test_seed_zero_remapped(void **state)
{
    static const uint64_t targets[] = {
        0x1234567800000000ULL, 0x8000000000000000ULL, 0xffffffff00000000ULL};

    (void)state;
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        uint32_t rep = 7, stream = 65;
        uint64_t master =
            unmix(targets[i]) ^ mix(((uint64_t)rep << 16) | stream);
        uint32_t seed;

        assert_true(mix(master ^ mix(((uint64_t)rep << 16) | stream)) ==
                    targets[i]);
        seed = rng_stream_seed(master, rep, stream);
        assert_int_not_equal(seed, 0);
        assert_int_equal(seed, rng_stream_seed(master, rep, stream));
    }
}

/* No two (rep, stream) pairs of one master share a seed; none is 0. */
static void
test_seeds_distinct(void **state)
{
    enum { REPS = 64, STREAMS = 600, N = REPS * STREAMS };

    static const uint64_t masters[] = {0, 20240601, 0x9e3779b97f4a7c15ULL};
    uint32_t *seeds = malloc(N * sizeof(*seeds));

    (void)state;
    assert_non_null(seeds);
    for (size_t m = 0; m < sizeof(masters) / sizeof(masters[0]); m++) {
        size_t k = 0;

        for (uint32_t rep = 0; rep < REPS; rep++)
            for (uint32_t st = 0; st < STREAMS; st++)
                seeds[k++] = rng_stream_seed(masters[m], rep, st);
        qsort(seeds, N, sizeof(*seeds), cmp_u32);
        assert_int_not_equal(seeds[0], 0);
        for (size_t i = 1; i < N; i++)
            if (seeds[i] == seeds[i - 1])
                fail_msg("master %llu: seed %u repeats",
                         (unsigned long long)masters[m], (unsigned)seeds[i]);
    }
    free(seeds);
}

/* A stream is GSL's taus2 seeded with rng_stream_seed. */
static void
test_stream_is_seeded_taus2(void **state)
{
    struct rng *r = rng_alloc(4242, 3, 17);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);

    (void)state;
    assert_non_null(r);
    assert_non_null(g);
    assert_non_null(rng_gsl(r));
    gsl_rng_set(g, rng_stream_seed(4242, 3, 17));
    for (int i = 0; i < 1000; i++)
        assert_true(rng_uniform_pos(r) == gsl_rng_uniform_pos(g));
    gsl_rng_free(g);
    rng_free(r);
}

static void
test_same_key_same_sequence(void **state)
{
    struct rng *a = rng_alloc(0xabcdef12345ULL, 11, 64);
    struct rng *b = rng_alloc(0xabcdef12345ULL, 11, 64);

    (void)state;
    for (int i = 0; i < 5000; i++)
        assert_true(rng_uniform_pos(a) == rng_uniform_pos(b));
    rng_free(a);
    rng_free(b);
}

static int
count_equal_draws(struct rng *a, struct rng *b, int n)
{
    int same = 0;

    for (int i = 0; i < n; i++)
        same += rng_uniform_pos(a) == rng_uniform_pos(b);
    return same;
}

/* Changing any one of master, rep and stream changes the sequence. */
static void
test_different_keys_differ(void **state)
{
    static const struct seed_case other[] = {
        {777, 5, 33}, /* stream */
        {777, 6, 32}, /* rep */
        {778, 5, 32}, /* master */
        {777, 4, 32}, {777, 5, 31},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        struct rng *a = rng_alloc(777, 5, 32);
        struct rng *b =
            rng_alloc(other[i].master, other[i].rep, other[i].stream);

        assert_int_equal(count_equal_draws(a, b, 1000), 0);
        rng_free(a);
        rng_free(b);
    }
}

/* Allocating and drawing from other streams leaves a stream unchanged. */
static void
test_streams_independent(void **state)
{
    enum { N = 2000, OTHERS = 50 };

    double *solo = malloc(N * sizeof(*solo));
    struct rng *others[OTHERS];
    struct rng *r;

    (void)state;
    assert_non_null(solo);
    r = rng_alloc(31337, 2, 5);
    for (int i = 0; i < N; i++)
        solo[i] = rng_uniform_pos(r);
    rng_free(r);

    for (int k = 0; k < OTHERS / 2; k++)
        others[k] = rng_alloc(31337, 2, (uint32_t)(100 + k));
    r = rng_alloc(31337, 2, 5);
    for (int k = OTHERS / 2; k < OTHERS; k++)
        others[k] = rng_alloc(31337, (uint32_t)k, 5);
    for (int i = 0; i < N; i++) {
        /* Interleave draws from every other stream. */
        for (int k = 0; k < OTHERS; k++)
            (void)rng_uniform_pos(others[(k + i) % OTHERS]);
        assert_true(rng_uniform_pos(r) == solo[i]);
    }
    for (int k = 0; k < OTHERS; k++)
        rng_free(others[k]);
    rng_free(r);
    rng_free(NULL);
    free(solo);
}

/* Every draw lies in (0, 1) and their mean is 1/2 within 5 sigma. */
static void
test_uniform_pos_open_interval(void **state)
{
    enum { N = 1000000 };
    struct rng *r = rng_alloc(2385, 0, 0);
    double sum = 0, lo = 1, hi = 0;

    (void)state;
    for (int i = 0; i < N; i++) {
        double u = rng_uniform_pos(r);

        if (!(u > 0 && u < 1))
            fail_msg("draw %d = %.17g is outside (0, 1)", i, u);
        sum += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    assert_true(fabs(sum / N - 0.5) < 5 * sqrt(1.0 / 12 / N));
    /* A million draws reach close to both ends. */
    assert_true(lo < 1e-4);
    assert_true(hi > 1 - 1e-4);
    rng_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_mixer),
        cmocka_unit_test(test_seed_formula),
        cmocka_unit_test(test_seed_zero_remapped),
        cmocka_unit_test(test_seeds_distinct),
        cmocka_unit_test(test_stream_is_seeded_taus2),
        cmocka_unit_test(test_same_key_same_sequence),
        cmocka_unit_test(test_different_keys_differ),
        cmocka_unit_test(test_streams_independent),
        cmocka_unit_test(test_uniform_pos_open_interval),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
