/*
 * progress: a progress bar on stderr for long runs.
 *
 * Replications report each simulated day from any thread; only the
 * thread that started the run draws (OpenMP thread 0), at most ten times
 * a second, and only when stderr is a terminal, the caller did not ask
 * for quiet and the run has lasted more than a second.  Nothing here
 * touches results, so output stays identical with or without it.
 */
#ifndef UECSIM_PROGRESS_H
#define UECSIM_PROGRESS_H

#include <stdint.h>

struct progress {
    uint64_t done;     /* units (simulated days) finished, all threads */
    uint64_t total;    /* units expected */
    double t_start_s;  /* monotonic clock at the start */
    double t_drawn_s;  /* when the bar was last drawn */
    int enabled;       /* stderr is a tty and not quiet */
    int drawn;         /* something is on the line to clear */
    const char *label; /* what is running, borrowed */
};

/* Start counting; enabled only when quiet is 0 and stderr is a tty. */
void progress_init(struct progress *p, uint64_t total, int quiet,
                   const char *label);

/* Count n units done; thread-safe.  May redraw the bar. */
void progress_add(struct progress *p, uint64_t n);

/* Clear the bar. */
void progress_finish(struct progress *p);

#endif
