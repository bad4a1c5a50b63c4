/*
 * rng: GSL taus2 streams seeded by SplitMix64 mixing of (master seed,
 * replication, stream id).  No global state: gsl_rng_env_setup is never
 * called and every stream is owned by its replication.
 */
#include "rng.h"

#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "util.h"

struct rng {
    gsl_rng *g;
};

/* SplitMix64 finaliser (Steele, Lea and Flood 2014). */
static uint64_t
splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint32_t
rng_stream_seed(uint64_t master, uint32_t rep, uint32_t stream_id)
{
    uint64_t mix =
        splitmix64(master ^ splitmix64(((uint64_t)rep << 16) | stream_id));
    uint32_t seed = (uint32_t)mix;

    /* GSL maps seed 0 to a default seed; keep every stream distinct. */
    if (seed == 0)
        seed = (uint32_t)(mix >> 32) | 1u;
    return seed;
}

struct rng *
rng_alloc(uint64_t master, uint32_t rep, uint32_t stream_id)
{
    struct rng *r = xmalloc(sizeof(*r));

    r->g = gsl_rng_alloc(gsl_rng_taus2);
    if (!r->g) {
        free(r);
        return NULL;
    }
    gsl_rng_set(r->g, rng_stream_seed(master, rep, stream_id));
    return r;
}

void
rng_free(struct rng *r)
{
    if (!r)
        return;
    gsl_rng_free(r->g);
    free(r);
}

double
rng_uniform_pos(struct rng *r)
{
    return gsl_rng_uniform_pos(r->g);
}

void *
rng_gsl(struct rng *r)
{
    return r->g;
}
