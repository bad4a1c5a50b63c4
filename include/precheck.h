/*
 * precheck: offered load against capacity for every resource, from the
 * scenario's mean rates and stays, before anything is simulated.
 *
 * A resource whose offered load (arrival rate x mean holding time, in
 * units busy) is at least its capacity has no steady state: its queue
 * grows for as long as the run lasts.  The figures are first-order: they
 * ignore waiting inside the held resource (boarding, waits for pathway
 * places) and assume every virtual-ward route finds a bed, so they are a
 * floor on the real load of the downstream resources.
 */
#ifndef UECSIM_PRECHECK_H
#define UECSIM_PRECHECK_H

#include <stddef.h>
#include <stdio.h>

#include "scenario.h"

/*
 * One row of the table: a resource, or one segment of a capacity that
 * follows a dated schedule (a row for each stretch of days at one
 * capacity, warm-up included), so that an overload is reported for the
 * days it lasts, not for the whole run.
 */
struct load {
    const char *site;         /* the site's name, or NULL: the system's, or the
                                 one implicit site's */
    const char *resource;     /* display name */
    double offered;           /* mean units busy if capacity were unlimited */
    double capacity;          /* the capacity over these days; < 0: unlimited */
    int32_t from_day, to_day; /* the days it holds (inclusive) */
    int segment;              /* 0: the resource's first row; k: its k+1-th
                                 capacity in date order */
    int segments;             /* how many rows the resource has */
    int overflow;             /* 1: waits past a limit go to spot purchase,
                                 so an overload sends the excess there */
};

/*
 * The size of a run, for warnings before it starts: events simulated and
 * memory kept, over all replications (formulas in precheck.c).
 */
struct run_cost {
    double arrivals; /* expected arrivals per replication, warm-up included */
    double events;   /* events over all replications */
    double bytes;    /* memory kept for output */
};

/* Warn above these (check prints a line for each). */
#define PRECHECK_WARN_EVENTS 1e10
#define PRECHECK_WARN_BYTES  (4.0 * 1024 * 1024 * 1024)

void precheck_cost(const struct scenario *s, struct run_cost *c);

/* Fill up to cap loads; returns how many resources there are: each
 * site's ED areas and G&A beds, then the system's virtual wards and
 * pathway places. */
size_t precheck_loads(const struct scenario *s, struct load *out, size_t cap);

/* Print the table to f (a row per capacity segment, with its dates), a
 * warning line per overloaded resource or segment, and one for a run
 * whose events or memory are very large.  Returns the number of
 * warnings. */
int precheck_print(const struct scenario *s, FILE *f);

#endif
