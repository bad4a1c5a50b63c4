/*
 * scenario_bounds: the range of every number a scenario holds, from the
 * model's point of view, with the reason for each bound.  The schema
 * (scenario_schema.c) names a range per key; the reasons are printed by
 * `uecsim keys` and in docs/scenario.md.
 */
#include <float.h>

#include "resource.h"
#include "scenario_int.h"
#include "util.h"

/*
 * Every duration, rate and multiplier is bounded so that a run `check`
 * accepts ends in bounded time: each event must move the clock (a double
 * in minutes, resolving about 3e-8 minutes at the longest horizon, 1.6e8
 * minutes), no loop over days may meet an infinite or vanishing amount
 * of work, and no count may overflow.  The bounds are far beyond any real
 * urgent care system, so no scenario meets them.
 */
#define MAX_RATE_PER_DAY 100000.0  /* arrivals a day in one stream */
#define MAX_MULTIPLIER   100.0     /* a window, period or OPEL multiplier */
#define MAX_CAPACITY     1000000.0 /* beds, spaces, places */
#define MAX_WEIGHT       1e6       /* one weight of a profile */

const struct scn_range scn_r_prob = {
    .lo = 0, .hi = 1, .desc = "a probability in [0, 1]"};
const struct scn_range scn_r_share = {
    .lo = 0, .hi = 1, .desc = "a number in [0, 1]"};
const struct scn_range scn_r_hour = {
    .lo = 0, .hi = 24, .desc = "an hour in [0, 24]"};

const struct scn_range scn_r_rate = {
    .lo = 0,
    .hi = MAX_RATE_PER_DAY,
    .capped = 1,
    .desc = "a non-negative number",
    .what = "`rate_per_day`",
    .why = "England as a whole has about 70,000 ED attendances a day; the "
           "peak rate after weights, growth and windows is bounded too, at "
           "10^6 a day"};
const struct scn_range scn_r_multiplier = {
    .lo = 0,
    .hi = MAX_MULTIPLIER,
    .capped = 1,
    .desc = "a non-negative number",
    .what = "window `multiplier`, `elective_multiplier`, "
            "`step_down_multiplier`",
    .why = "a hundredfold change is beyond any surge or strike; overlapping "
           "windows multiply, and the peak rate bounds the product"};
const struct scn_range scn_r_weight = {
    .lo = 0,
    .hi = MAX_WEIGHT,
    .capped = 1,
    .desc = "a non-negative number",
    .what = "profile and empirical `weights`",
    .why = "only ratios matter; the bound keeps every sum of weights finite"};
const struct scn_range scn_r_growth = {
    .lo = -1,
    .hi = 10,
    .lo_open = 1,
    .desc = "a number in (-1, 10]",
    .what = "`growth_per_year`",
    .why = "-1 would stop the stream; the peak rate bounds the effect of "
           "growth over a long run"};
const struct scn_range scn_r_weekend = {
    .lo = 0.01,
    .hi = 1,
    .desc = "a number in [0.01, 1]",
    .what = "`weekend_process_rate`",
    .why = "a process a hundred times slower than on weekdays has stopped; "
           "at 0 it would never finish"};
const struct scn_range scn_r_process = {
    .lo = 0.01,
    .hi = 10,
    .desc = "a number in [0.01, 10]",
    .what = "period and OPEL `process_rate`",
    .why = "a hundredfold slow-down or a tenfold speed-up; near 0 a "
           "discharge would take forever"};
const struct scn_range scn_r_interval = {
    .lo = 0.25,
    .hi = 8760,
    .desc = "a duration in [0.25, 8760] hours",
    .what = "`interval_h`",
    .why = "each reassessment is an event: 15 minutes is the shortest "
           "handover standard, a year the longest useful interval"};

/*
 * Distribution parameters.  A duration is at most SCN_MAX_DURATION_DAYS
 * (ten years) in any unit: no stage of urgent care lasts longer, and the
 * in-hospital process walks its delay day by day.  The cv bounds keep
 * the lognormal's sigma^2 = log(1 + cv^2) and the gamma's shape 1/cv^2
 * finite and positive (shape from 1e-4 to 1e6, where GSL's sampler is
 * exact and fast).
 */
const struct scn_range scn_r_duration = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative duration",
    .what = "every duration of a distribution (`value`, `mean`, `min`, "
            "`mode`, `max`, `values`)",
    .shown = "[0, 3650] days, in any unit",
    .why = "at most 3650 days (ten years) in any unit: no stage of urgent "
           "care lasts longer, and the discharge process is walked day by "
           "day"};
const struct scn_range scn_r_mean = {
    .lo = 0, .hi = DBL_MAX, .lo_open = 1, .desc = "a positive duration"};
const struct scn_range scn_r_cv = {
    .lo = 0.001,
    .hi = 100,
    .desc = "a coefficient of variation in [0.001, 100]",
    .what = "`cv`",
    .why = "keeps the lognormal's sigma and the gamma's shape (1e-4 to 1e6) "
           "finite and positive; below 0.001 use a fixed duration"};

/* Integers: the bounds are exact doubles (at most 2^53). */
const struct scn_range scn_r_warm_up = {
    .lo = 0, .hi = 3650, .desc = "an integer from 0 to 3650"};
const struct scn_range scn_r_replications = {
    .lo = 1,
    .hi = 100000,
    .desc = "an integer from 1 to 100000",
    .what = "`replications`",
    .why = "`check` warns when a run's events or memory grow very large"};
const struct scn_range scn_r_seed = {
    .lo = 0,
    .hi = 9007199254740991.0,
    .desc = "an integer from 0 to 9007199254740991"};
const struct scn_range scn_r_capacity = {
    .lo = 0,
    .hi = MAX_CAPACITY,
    .capped = 1,
    .desc = "a non-negative integer",
    .what = "capacities (`spaces`, `capacity`, `beds`, `slots`) and "
            "`escalation_beds`",
    .why = "England has about 100,000 G&A beds; the bound keeps capacity "
           "plus escalation beds inside a 32-bit count"};

/* Pathway starts, spot purchase and ED crowding. */
const struct scn_range scn_r_starts = {
    .lo = 0,
    .hi = 31 * MAX_RATE_PER_DAY,
    .capped = 1,
    .desc = "a non-negative number",
    .what = "`starts_per_month`",
    .why = "each start is released as one event when patients queue: the "
           "bound is the busiest arrival rate, 10^5 a day, over a month"};
const struct scn_range scn_r_bank_days = {
    .lo = 0,
    .hi = 366,
    .desc = "a number of days in [0, 366]",
    .what = "`start_bank_days`",
    .why = "starts kept for more than a year are no longer a monthly "
           "capacity"};
const struct scn_range scn_r_wait_days = {
    .lo = 0,
    .hi = 3650,
    .desc = "a number of days in [0, 3650]",
    .what = "`spot_purchase_after_days`",
    .why = "as for every duration: ten years"};
const struct scn_range scn_r_slope = {
    .lo = 0,
    .hi = 100,
    .desc = "a number in [0, 100]",
    .what = "`crowding_slope`",
    .why = "boarders hold ED spaces, so the excess share is at most about "
           "1: a slope of 100 makes treatment a hundred times longer, "
           "beyond any crowding"};

/* The full capacity protocol's counts. */
const struct scn_range scn_r_at_least_one = {
    .lo = 1,
    .hi = MAX_CAPACITY,
    .capped = 1,
    .desc = "a positive integer",
    .what = "`extra_spaces`, `boarders_trigger`",
    .why = "0 would mean no extra patient, or moving patients who are not "
           "there; the cap is that of any capacity"};

/* Compared only. */
const struct scn_range scn_r_level = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
    .what = "OPEL `triggers` and `hysteresis`",
    .why = "compared with an indicator only, never used as a time or a "
           "count, so any finite value is safe"};
const struct scn_range scn_r_target = {
    .lo = 0,
    .hi = DBL_MAX,
    .desc = "a non-negative number",
    .what = "a target's `value`",
    .why = "compared only; every KPI is non-negative, and a share KPI's "
           "target is a fraction in [0, 1]"};

/* The ranges with a reason, in the order of the docs. */
static const struct scn_range *const all_ranges[] = {
    &scn_r_rate,    &scn_r_multiplier, &scn_r_weight,       &scn_r_growth,
    &scn_r_weekend, &scn_r_process,    &scn_r_interval,     &scn_r_duration,
    &scn_r_cv,      &scn_r_capacity,   &scn_r_replications, &scn_r_level,
    &scn_r_starts,  &scn_r_bank_days,  &scn_r_wait_days,    &scn_r_slope,
};

const struct scn_range *const *
scn_ranges(size_t *n)
{
    *n = ARRAY_LEN(all_ranges);
    return all_ranges;
}
