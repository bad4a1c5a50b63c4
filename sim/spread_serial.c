/*
 * spread_serial: one process (build/uecsim): rank 0 of 1, nothing sent.
 */
#include <stdlib.h>

#include "spread.h"

int
spread_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void
spread_finish(void)
{
}

int
spread_rank(void)
{
    return 0;
}

int
spread_ranks(void)
{
    return 1;
}

int
spread_threads(int threads)
{
    return threads;
}

int
spread_send(long long j, const struct rep_out *o)
{
    (void)j;
    (void)o;
    return -1; /* nobody to send to */
}

int
spread_poll(int from, long long *j, struct rep_out *o)
{
    (void)from;
    (void)j;
    (void)o;
    return -1;
}

void
spread_bcast(uint32_t *v)
{
    (void)v;
}

int
spread_agree(uint64_t v)
{
    (void)v;
    return 1;
}

void
spread_abort(int status)
{
    exit(status);
}
