/*
 * spread: replications spread over processes that may sit on many
 * machines (MPI ranks), gathered in replication order on the first.
 *
 * build/uecsim is one process: sim/spread_serial.c, where every
 * replication is this process's and nothing is sent.  build/uecsim-mpi
 * (`make mpi`) links sim/spread_mpi.c instead, over OpenMPI; the rest
 * of the program is the same code.  run.c (run_stream) is the one user:
 * replication i of a block belongs to rank i mod ranks (counted from the
 * block's first), every rank runs its own with its OpenMP threads, the
 * others send each output to rank 0 as it finishes (the same record as
 * shard.bin holds, shard.h), and rank 0 hands every output to its sink
 * in replication order exactly as a single process does, so the results
 * are byte-identical to build/uecsim's with the same seed, whatever the
 * number of ranks or threads.
 *
 * MPI is called from OpenMP threads one at a time (the caller holds a
 * lock): MPI_THREAD_SERIALIZED.  A library that offers less gets one
 * thread a rank (spread_threads).
 *
 * No state of its own: everything is asked of MPI.
 */
#ifndef UECSIM_SPREAD_H
#define UECSIM_SPREAD_H

#include <stdint.h>

#include "model.h"

/* Start (MPI_Init_thread); 0, or -1 when MPI cannot start. */
int spread_init(int *argc, char ***argv);

/* Stop (MPI_Finalize); a no-op for one process. */
void spread_finish(void);

/* This process's rank (0: the one that gathers and writes) and the
 * number of ranks. */
int spread_rank(void);
int spread_ranks(void);

/* The threads a rank may use: threads, or 1 when MPI cannot take calls
 * from several threads. */
int spread_threads(int threads);

/* Rank > 0: send the output of iteration j to rank 0 (blocks until
 * rank 0 has taken it, or buffered).  0, or -1. */
int spread_send(long long j, const struct rep_out *o);

/*
 * Rank 0: if an output from rank from is waiting, receive it into *o
 * (owned by the caller) with its iteration in *j and return 1; else 0
 * at once.  -1 on a broken message.
 */
int spread_poll(int from, long long *j, struct rep_out *o);

/* Every rank gets rank 0's *v. */
void spread_bcast(uint32_t *v);

/* 1 when v is the same on every rank, else 0 (on every rank). */
int spread_agree(uint64_t v);

/* End every rank with status (a rank that cannot go on alone). */
void spread_abort(int status);

#endif
