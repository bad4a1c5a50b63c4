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

struct load {
    const char *resource; /* display name */
    double offered;       /* mean units busy if capacity were unlimited */
    double capacity;      /* smallest capacity in the run; < 0: unlimited */
};

/* Fill up to cap loads; returns how many resources there are. */
size_t precheck_loads(const struct scenario *s, struct load *out, size_t cap);

/* Print the table to f and a warning line per overloaded resource.
 * Returns the number of warnings. */
int precheck_print(const struct scenario *s, FILE *f);

#endif
