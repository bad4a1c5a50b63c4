/*
 * spread_mpi: ranks over OpenMPI (build/uecsim-mpi, `make mpi`).  Each
 * output travels as one message of bytes (shard_pack_rep) with tag 0;
 * messages from one rank arrive in the order it sent them (MPI's
 * non-overtaking rule), which is all rank 0 needs.
 */
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "shard.h"
#include "spread.h"

int
spread_init(int *argc, char ***argv)
{
    int got;

    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &got) != MPI_SUCCESS)
        return -1;
    return 0;
}

void
spread_finish(void)
{
    MPI_Finalize();
}

int
spread_rank(void)
{
    int r;

    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int
spread_ranks(void)
{
    int n;

    MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

int
spread_threads(int threads)
{
    int level;

    MPI_Query_thread(&level);
    return level >= MPI_THREAD_SERIALIZED ? threads : 1;
}

int
spread_send(long long j, const struct rep_out *o)
{
    size_t len;
    void *msg = shard_pack_rep((uint64_t)j, o, &len);
    int rc;

    if (len > (size_t)INT_MAX) {
        free(msg);
        return -1;
    }
    rc = MPI_Send(msg, (int)len, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    free(msg);
    return rc == MPI_SUCCESS ? 0 : -1;
}

int
spread_poll(int from, long long *j, struct rep_out *o)
{
    MPI_Status st;
    uint64_t got;
    int flag, len;
    void *msg;

    if (MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) !=
        MPI_SUCCESS)
        return -1;
    if (!flag)
        return 0;
    MPI_Get_count(&st, MPI_BYTE, &len);
    msg = malloc(len > 0 ? (size_t)len : 1);
    if (!msg)
        return -1;
    if (MPI_Recv(msg, len, MPI_BYTE, from, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE) != MPI_SUCCESS ||
        shard_unpack_rep(msg, (size_t)len, &got, o) != 0) {
        free(msg);
        return -1;
    }
    free(msg);
    *j = (long long)got;
    return 1;
}

void
spread_bcast(uint32_t *v)
{
    MPI_Bcast(v, 1, MPI_UINT32_T, 0, MPI_COMM_WORLD);
}

int
spread_agree(uint64_t v)
{
    uint64_t lo, hi;

    MPI_Allreduce(&v, &lo, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&v, &hi, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    return lo == hi;
}

void
spread_abort(int status)
{
    MPI_Abort(MPI_COMM_WORLD, status);
    exit(status);
}
