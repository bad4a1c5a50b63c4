/*
 * scenario_bounds: the range of every number a scenario holds.  The
 * schema (scenario_schema.c) names a range per key.
 */
#include <float.h>

#include "resource.h"
#include "scenario_int.h"
#include "util.h"

const struct scn_range scn_r_prob = {
    .lo = 0, .hi = 1, .desc = "a probability in [0, 1]"};
const struct scn_range scn_r_share = {
    .lo = 0, .hi = 1, .desc = "a number in [0, 1]"};
const struct scn_range scn_r_rate = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
};
const struct scn_range scn_r_multiplier = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
};
const struct scn_range scn_r_level = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
};
const struct scn_range scn_r_growth = {
    .lo = -1,
    .hi = 10,
    .lo_open = 1,
    .desc = "a number in (-1, 10]",
};
const struct scn_range scn_r_hour = {
    .lo = 0, .hi = 24, .desc = "an hour in [0, 24]"};
const struct scn_range scn_r_weekend = {
    .lo = 0,
    .hi = 1,
    .lo_open = 1,
    .desc = "a number in (0, 1]",
};
const struct scn_range scn_r_process = {
    .lo = 0,
    .hi = 10,
    .lo_open = 1,
    .desc = "a number in (0, 10]",
};
const struct scn_range scn_r_target = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
};
const struct scn_range scn_r_interval = {
    .lo = 0,
    .hi = DBL_MAX,
    .lo_open = 1,
    .desc = "a positive duration",
};

const struct scn_range scn_r_duration = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative duration",
};
const struct scn_range scn_r_mean = {
    .lo = 0, .hi = DBL_MAX, .lo_open = 1, .desc = "a positive duration"};
const struct scn_range scn_r_cv = {
    .lo = 0,
    .hi = DBL_MAX,
    .lo_open = 1,
    .desc = "a positive number",
};
const struct scn_range scn_r_weight = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
};

/* Integers: the bounds are exact doubles (at most 2^53). */
const struct scn_range scn_r_warm_up = {
    .lo = 0, .hi = 3650, .desc = "an integer from 0 to 3650"};
const struct scn_range scn_r_replications = {
    .lo = 1,
    .hi = 100000,
    .desc = "an integer from 1 to 100000",
};
const struct scn_range scn_r_seed = {
    .lo = 0,
    .hi = 9007199254740991.0,
    .desc = "an integer from 0 to 9007199254740991"};
const struct scn_range scn_r_capacity = {
    .lo = 0,
    .hi = (double)(RES_UNLIMITED - 1),
    .desc = "a non-negative integer",
};

static const struct scn_range *const all_ranges[] = {
    &scn_r_rate,         &scn_r_multiplier, &scn_r_weight,   &scn_r_growth,
    &scn_r_weekend,      &scn_r_process,    &scn_r_interval, &scn_r_duration,
    &scn_r_cv,           &scn_r_capacity,   &scn_r_level,    &scn_r_target,
    &scn_r_replications,
};

const struct scn_range *const *
scn_ranges(size_t *n)
{
    *n = ARRAY_LEN(all_ranges);
    return all_ranges;
}
