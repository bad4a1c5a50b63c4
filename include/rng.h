/*
 * rng: independent random-number streams, one per stochastic process per
 * replication.
 *
 * Each stream is a GSL generator seeded from (master seed, replication,
 * stream id) through SplitMix64 mixing, so a stream's sequence depends on
 * nothing else: adding a stream never shifts another, and the same
 * replication of two scenario variants draws the same numbers for the
 * same process (common random numbers).
 *
 * The generator is L'Ecuyer's maximally equidistributed combined
 * Tausworthe generator (gsl_rng_taus2, period about 2^88), which GSL
 * documents as one of the fastest simulation-quality generators.  MT19937
 * was the first choice, but its 5 KB of state per stream times the 85
 * streams of a replication crowded the cache; taus2 keeps 24 bytes and
 * measured about 10 % faster on the benchmarks (docs/performance.md).
 * Seeds are 32 bits either way.
 */
#ifndef UECSIM_RNG_H
#define UECSIM_RNG_H

#include <stdint.h>

struct rng;

/*
 * The 32-bit seed for one stream: low32(splitmix64(master ^
 * splitmix64((rep << 16) | stream_id))), remapped when it is 0 because
 * GSL generators replace a zero seed with a default one.
 */
uint32_t rng_stream_seed(uint64_t master, uint32_t rep, uint32_t stream_id);

/* Return an owned stream; free with rng_free. */
struct rng *rng_alloc(uint64_t master, uint32_t rep, uint32_t stream_id);

/* Free a stream; accepts NULL. */
void rng_free(struct rng *r);

/* A uniform draw on the open interval (0, 1). */
double rng_uniform_pos(struct rng *r);

/* The underlying gsl_rng, for dist.c only (typed void to keep GSL out). */
void *rng_gsl(struct rng *r);

#endif
