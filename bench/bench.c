/*
 * bench: time model_run on one scenario, one thread, replications run in
 * sequence, and print one machine-readable line for bench/run.sh.
 *
 * Besides the time: sim_days, the days one replication simulates (warm-up
 * included), and out_kib, the largest output a replication handed back
 * (its daily, weekly, monthly and period arrays), which grows with the
 * horizon by design; the rest of peak_rss_kib should not; and
 * cpu_seconds, the processor time model_run took (CLOCK_PROCESS_CPUTIME_ID),
 * which, unlike the wall time in seconds, leaves out the time other
 * programs on a shared machine held the core.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "model.h"
#include "scenario.h"

/* Bytes of the arrays a replication's output owns. */
static size_t
out_bytes(const struct rep_out *o)
{
    size_t acc = o->n_months + o->n_weeks + 1 + o->n_periods;

    return sizeof(double) * o->n_buckets *
           (o->n_days * o->n_daily + acc * ACC_N);
}

static void
usage(void)
{
    fprintf(stderr, "usage: bench SCENARIO.json [-r REPS]\n");
}

/* Parse a replication count in [1, 1e6]; returns 0 on success. */
static int
parse_reps(const char *arg, uint32_t *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end != '\0' || arg[0] == '-' || v < 1 ||
        v > 1000000ul)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

int
main(int argc, char **argv)
{
    const char *path = NULL;
    uint32_t reps = 1;
    struct scenario scn;
    struct scn_errors err;
    struct rusage ru;
    uint64_t events = 0, customers = 0;
    size_t out_max = 0;
    double seconds = 0.0, cpu_seconds = 0.0;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0) {
            if (i + 1 >= argc || parse_reps(argv[i + 1], &reps)) {
                usage();
                return 2;
            }
            i++;
        } else if (argv[i][0] == '-' || path) {
            usage();
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        usage();
        return 2;
    }

    memset(&scn, 0, sizeof(scn));
    memset(&err, 0, sizeof(err));
    rc = scn_load(path, &scn, &err);
    if (rc) {
        for (size_t i = 0; i < err.n; i++)
            fprintf(stderr, "bench: %s\n", err.msg[i]);
        return 2;
    }

    for (uint32_t rep = 0; rep < reps; rep++) {
        struct rep_out out;
        struct timespec t0, t1, c0, c1;

        memset(&out, 0, sizeof(out));
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = model_run(&scn, rep, scn.seed, &out, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        if (rc) {
            fprintf(stderr, "bench: %s: %s\n", path, out.error);
            model_out_release(&out);
            scn_release(&scn);
            return 1;
        }
        seconds += seconds_between(&t0, &t1);
        cpu_seconds += seconds_between(&c0, &c1);
        events += out.events;
        if (out_bytes(&out) > out_max)
            out_max = out_bytes(&out);
        customers += out.arrivals;
        model_out_release(&out);
    }

    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        perror("bench: getrusage");
        scn_release(&scn);
        return 1;
    }
    printf("workload=%s customers=%" PRIu64 " events=%" PRIu64
           " seconds=%.6f events_per_s=%.0f ns_per_customer=%.2f"
           " peak_rss_kib=%ld sim_days=%zu reps=%" PRIu32
           " out_kib=%zu cpu_seconds=%.6f\n",
           scn.name, customers, events, seconds,
           seconds > 0.0 ? (double)events / seconds : 0.0,
           customers ? seconds * 1e9 / (double)customers : 0.0, ru.ru_maxrss,
           model_report_days(&scn) + (size_t)scn.warm_up_days, reps,
           (out_max + 1023) / 1024, cpu_seconds);
    scn_release(&scn);
    return 0;
}
