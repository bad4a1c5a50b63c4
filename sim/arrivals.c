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
        double seg_end = (floor(t / MIN_PER_HOUR) + 1) * MIN_PER_HOUR;
        double rate = arr_rate_per_min(st, t);
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
