/*
 * progress: a thread-safe counter and a bar drawn by thread 0.
 */
#include "progress.h"

#include <omp.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void
progress_init(struct progress *p, uint64_t total, int quiet, const char *label)
{
    p->done = 0;
    p->total = total ? total : 1;
    p->t_start_s = now_s();
    p->t_drawn_s = p->t_start_s;
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->drawn = 0;
    p->label = label;
}

void
progress_add(struct progress *p, uint64_t n)
{
    uint64_t done;
    double t, frac, eta;
    int width = 30, fill;

#pragma omp atomic capture
    done = p->done += n;
    if (!p->enabled || omp_get_thread_num() != 0)
        return;
    t = now_s();
    if (t - p->t_start_s < 1.0 || t - p->t_drawn_s < 0.1)
        return;
    p->t_drawn_s = t;
    frac = (double)done / (double)p->total;
    if (frac > 1)
        frac = 1;
    fill = (int)(frac * width);
    eta = frac > 0 ? (t - p->t_start_s) * (1 - frac) / frac : 0;
    fprintf(stderr, "\r%s [%.*s%*s] %3.0f%%  %.0fs left ",
            p->label ? p->label : "running", fill,
            "##############################", width - fill, "", frac * 100,
            eta);
    fflush(stderr);
    p->drawn = 1;
}

void
progress_finish(struct progress *p)
{
    if (p->drawn) {
        fprintf(stderr, "\r%*s\r", 79, "");
        fflush(stderr);
    }
    p->drawn = 0;
}
