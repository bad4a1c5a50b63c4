/*
 * arrivals: non-homogeneous Poisson arrival times by exact inversion of a
 * piecewise-constant rate.
 *
 * A stream's rate in hour h of day d is
 *   rate_per_day / 24 x hour_of_day_weights[h] x day_of_week_weights[dow(d)]
 *     x month_of_year_weights[month(d)] x (1 + growth)^((d - start) / 365.25)
 *     x the product of the dated windows covering d,
 * with every weight normalised to mean 1, so rate_per_day is the mean
 * daily rate of a year with no growth or windows.  The rate is constant
 * within each clock hour, so the next arrival after t is found by spending
 * one Exp(1) draw against the integrated rate hour by hour (Cinlar's
 * inversion): exact, one uniform per arrival, and the same draws give the
 * same arrivals in every scenario variant with the same rates.
 */
#ifndef UECSIM_ARRIVALS_H
#define UECSIM_ARRIVALS_H

#include <stdint.h>

#include "scenario.h"

struct arr_state {
    const struct arrival_stream *cfg; /* borrowed */
    int32_t first_day;                /* day number at time 0 */
    int32_t start_day;                /* growth is measured from this day */
    int32_t cached_day; /* day whose factor is cached, or INT32_MIN */
    double day_factor;  /* per-minute rate of that day before hour weight */
    double flat_rate_per_min; /* the rate when it never varies, else 0 */
    double hour_lo_min;       /* the clock hour whose rate is kept, */
    double hour_hi_min;       /* [lo, hi), or empty */
    double hour_rate_per_min; /* the rate in that hour */
};

/* Set up a stream whose time 0 is the midnight starting first_day. */
void arr_init(struct arr_state *st, const struct arrival_stream *cfg,
              int32_t first_day, int32_t start_day);

/* The rate in arrivals per minute during the hour containing t_min. */
double arr_rate_per_min(struct arr_state *st, double t_min);

/*
 * The first arrival after t_min that uses up exp1 (an Exp(1) draw) of
 * integrated rate, or a value >= t_stop_min when none comes before it.
 * NaN when the rate in an hour it walks through is not finite (the
 * factors overflowed), so the caller can report it.
 */
double arr_next(struct arr_state *st, double t_min, double exp1,
                double t_stop_min);

/* Expected arrivals on one day (the integral of the rate over it). */
double arr_expected_per_day(struct arr_state *st, int32_t day);

#endif
