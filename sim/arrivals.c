/*
 * arrivals: piecewise-constant-rate Poisson streams by inversion.
 */
#include "arrivals.h"

#include <float.h>
#include <math.h>

#include "calendar.h"
#include "util.h"

/* True when the rate never changes: every weight 1, no growth, no windows. */
static int
is_flat(const struct arrival_stream *a)
{
    for (int h = 0; h < 24; h++)
        if (a->hour_of_day_weights[h] != 1)
            return 0;
    for (int d = 0; d < 7; d++)
        if (a->day_of_week_weights[d] != 1)
            return 0;
    for (int m = 0; m < 12; m++)
        if (a->month_of_year_weights[m] != 1)
            return 0;
    return a->growth_per_year == 0 && a->n_windows == 0;
}

void
arr_init(struct arr_state *st, const struct arrival_stream *cfg,
         int32_t first_day, int32_t start_day)
{
    st->cfg = cfg;
    st->flat_rate_per_min = is_flat(cfg) ? cfg->rate_per_day / MIN_PER_DAY : 0;
    st->first_day = first_day;
    st->start_day = start_day;
    st->cached_day = INT32_MIN;
    st->day_factor = 0;
    st->hour_lo_min = (double)INFINITY; /* no hour cached */
    st->hour_hi_min = -(double)INFINITY;
    st->hour_rate_per_min = 0;
}

static double
day_factor(struct arr_state *st, int32_t day)
{
    const struct arrival_stream *a = st->cfg;
    double f;

    if (day == st->cached_day)
        return st->day_factor;
    f = a->rate_per_day / MIN_PER_DAY *
        a->day_of_week_weights[cal_weekday(day)] *
        a->month_of_year_weights[cal_month(day) - 1];
    if (a->growth_per_year != 0)
        f *= pow(1 + a->growth_per_year, (day - st->start_day) / 365.25);
    for (size_t i = 0; i < a->n_windows; i++)
        if (day >= a->windows[i].from_day && day <= a->windows[i].to_day)
            f *= a->windows[i].multiplier;
    st->cached_day = day;
    st->day_factor = f;
    return f;
}

double
arr_rate_per_min(struct arr_state *st, double t_min)
{
    double d = floor(t_min / MIN_PER_DAY);
    int32_t day = st->first_day + (int32_t)d;
    int hour = (int)((t_min - d * MIN_PER_DAY) / MIN_PER_HOUR);

    if (hour > 23)
        hour = 23;
    return day_factor(st, day) * st->cfg->hour_of_day_weights[hour];
}

/*
 * The rate of the clock hour containing t, and the end of that hour, kept
 * for the hour: a stream asks for the same hour for each of its arrivals
 * in it.  The kept values are exactly what floor and arr_rate_per_min give
 * for any t in [hour_lo_min, hour_hi_min) = [60k, 60k + 60): 60k is a
 * double, so floor(t / 60) >= k there; and no double below 60(k + 1)
 * divides by 60 to round up to k + 1, because 60(k + 1) has 32 or 64
 * times the spacing of k + 1 between doubles.  The same holds for t / 1440
 * (the day) and for the minutes into the day over 60 (the hour), so the
 * whole hour has one day, one hour weight and one rate.  Only for t >= 0,
 * where that argument was made; arr_next never goes back before 0.
 */
static double
hour_rate(struct arr_state *st, double t, double *hour_end_min)
{
    double end, rate;

    if (t >= st->hour_lo_min && t < st->hour_hi_min) {
        *hour_end_min = st->hour_hi_min;
        return st->hour_rate_per_min;
    }
    end = (floor(t / MIN_PER_HOUR) + 1) * MIN_PER_HOUR;
    rate = arr_rate_per_min(st, t);
    if (t >= 0) {
        st->hour_lo_min = end - MIN_PER_HOUR;
        st->hour_hi_min = end;
        st->hour_rate_per_min = rate;
    }
    *hour_end_min = end;
    return rate;
}

double
arr_next(struct arr_state *st, double t_min, double exp1, double t_stop_min)
{
    double t = t_min;

    if (t >= t_stop_min)
        return t;
    /* A constant rate needs no walk over the hours. */
    if (st->flat_rate_per_min > 0)
        return t + exp1 / st->flat_rate_per_min;
    while (t < t_stop_min) {
        double seg_end;
        double rate = hour_rate(st, t, &seg_end);
        double mass = rate * (seg_end - t);

        if (!(rate <= DBL_MAX))
            return (double)NAN; /* overflowed: no time can be right */
        if (rate > 0 && exp1 <= mass)
            return t + exp1 / rate;
        exp1 -= mass;
        t = seg_end;
    }
    return t_stop_min;
}

double
arr_expected_per_day(struct arr_state *st, int32_t day)
{
    double f = day_factor(st, day), sum = 0;

    for (int h = 0; h < 24; h++)
        sum += st->cfg->hour_of_day_weights[h];
    return f * sum * MIN_PER_HOUR;
}
