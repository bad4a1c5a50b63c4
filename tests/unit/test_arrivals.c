/*
 * Unit tests for arrivals: counts against the integrated rate (Poisson,
 * 5 sigma) under hour, weekday and month profiles, growth and windows;
 * the rate function itself; and exact inversion in arr_next.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "arrivals.h"
#include "calendar.h"
#include "rng.h"
#include "scenario.h"

#define MASTER 0x5ca1ab1eULL

static void
check_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.12g, want %.12g (tolerance %.3g)", what, got, want,
                 tol);
}

static void
check_rel(double got, double want, double rel, const char *what)
{
    check_near(got, want, rel * fabs(want), what);
}

/* A Poisson count within 5 standard deviations of its mean. */
static void
check_poisson(long count, double expected, const char *what)
{
    if (expected == 0) {
        if (count != 0)
            fail_msg("%s: %ld arrivals where the rate is 0", what, count);
        return;
    }
    check_near((double)count, expected, 5 * sqrt(expected), what);
}

static void
normalise(double *w, int n)
{
    double sum = 0;

    for (int i = 0; i < n; i++)
        sum += w[i];
    for (int i = 0; i < n; i++)
        w[i] *= n / sum;
}

/* A stream with flat profiles, no growth and no windows. */
static struct arrival_stream
flat_stream(double rate_per_day)
{
    struct arrival_stream a;

    memset(&a, 0, sizeof(a));
    a.rate_per_day = rate_per_day;
    for (int h = 0; h < 24; h++)
        a.hour_of_day_weights[h] = 1;
    for (int d = 0; d < 7; d++)
        a.day_of_week_weights[d] = 1;
    for (int m = 0; m < 12; m++)
        a.month_of_year_weights[m] = 1;
    return a;
}

static double
exp1_draw(struct rng *r)
{
    return -log(rng_uniform_pos(r));
}

/* The rate the header specifies, computed by the test. */
static double
want_rate(const struct arrival_stream *a, int32_t first_day, int32_t start_day,
          double t)
{
    double dd = floor(t / 1440);
    int32_t day = first_day + (int32_t)dd;
    int hour = (int)floor((t - dd * 1440) / 60);
    double f = a->rate_per_day / 24 * a->hour_of_day_weights[hour] *
               a->day_of_week_weights[cal_weekday(day)] *
               a->month_of_year_weights[cal_month(day) - 1] *
               pow(1 + a->growth_per_year, (day - start_day) / 365.25);

    for (size_t i = 0; i < a->n_windows; i++)
        if (day >= a->windows[i].from_day && day <= a->windows[i].to_day)
            f *= a->windows[i].multiplier;
    return f / 60; /* per hour -> per minute */
}

/* The integral of want_rate over [t0, t1], hour piece by hour piece. */
static double
want_mass(const struct arrival_stream *a, int32_t first_day, int32_t start_day,
          double t0, double t1)
{
    double sum = 0, t = t0;

    while (t < t1) {
        double end = (floor(t / 60) + 1) * 60;

        if (end > t1)
            end = t1;
        sum += want_rate(a, first_day, start_day, t) * (end - t);
        t = end;
    }
    return sum;
}

enum bin_mode { BIN_HOUR, BIN_WEEKDAY, BIN_MONTH, BIN_DAY };

static int
bin_of(enum bin_mode mode, int32_t first_day, double t)
{
    int32_t day = first_day + (int32_t)floor(t / 1440);

    switch (mode) {
    case BIN_HOUR:
        return (int)floor(fmod(t, 1440) / 60);
    case BIN_WEEKDAY:
        return cal_weekday(day);
    case BIN_MONTH:
        return cal_month(day) - 1;
    case BIN_DAY:
        return (int)(day - first_day);
    }
    return -1;
}

/*
 * Run the stream over [0, t_stop) and add each arrival to its bin; checks
 * on the way that times never go backwards.  Returns the total.
 */
static long
simulate(struct arr_state *st, struct rng *r, double t_stop, enum bin_mode mode,
         long *bins, int nbins)
{
    double t = 0;
    long n = 0;

    for (;;) {
        double next = arr_next(st, t, exp1_draw(r), t_stop);
        int b;

        if (next < t)
            fail_msg("arr_next went back from %.17g to %.17g", t, next);
        if (next >= t_stop)
            break;
        t = next;
        n++;
        b = bin_of(mode, st->first_day, t);
        assert_in_range(b, 0, nbins - 1);
        bins[b]++;
    }
    return n;
}

static void
test_constant_rate_count(void **state)
{
    const double rate = 137.25;
    const int days = 400;
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 0);
    int32_t first = cal_from_ymd(2023, 1, 1);
    long bins[7] = {0}, n;

    (void)state;
    arr_init(&st, &a, first, first);
    for (int d = 0; d < days; d += 37)
        check_rel(arr_expected_per_day(&st, first + d), rate, 1e-12,
                  "expected per day");
    check_rel(arr_rate_per_min(&st, 2385.5), rate / 1440, 1e-12, "rate");
    n = simulate(&st, r, days * 1440.0, BIN_WEEKDAY, bins, 7);
    check_poisson(n, rate * days, "arrivals over 400 days");
    rng_free(r);
}

static void
test_hour_profile_counts(void **state)
{
    static const double raw[24] = {0.3,  0.2, 0.15, 0.0,  0.1, 0.2, 0.5,  0.9,
                                   1.4,  1.8, 1.9,  1.85, 1.7, 1.6, 1.55, 1.5,
                                   1.45, 1.4, 1.3,  1.2,  1.1, 0.9, 0.7,  0.45};
    const double rate = 240;
    const int days = 210;
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 1);
    int32_t first = cal_from_ymd(2024, 2, 5);
    long bins[24] = {0}, n;
    double chi2 = 0;
    int df = -1;

    (void)state;
    memcpy(a.hour_of_day_weights, raw, sizeof(raw));
    normalise(a.hour_of_day_weights, 24);
    arr_init(&st, &a, first, first);
    check_rel(arr_expected_per_day(&st, first + 17), rate, 1e-12,
              "expected per day");
    n = simulate(&st, r, days * 1440.0, BIN_HOUR, bins, 24);
    check_poisson(n, rate * days, "total");
    for (int h = 0; h < 24; h++) {
        double e = days * rate / 24 * a.hour_of_day_weights[h];

        check_poisson(bins[h], e, "arrivals in one hour of the day");
        if (e > 0) {
            chi2 += (bins[h] - e) * (bins[h] - e) / e;
            df++;
        }
    }
    /* Chi-square on 22 df: mean 22, sd sqrt(44); allow 5 sd. */
    assert_true(chi2 < df + 5 * sqrt(2.0 * df));
    assert_int_equal(bins[3], 0);
    rng_free(r);
}

static void
test_weekday_profile_counts(void **state)
{
    static const double raw[7] = {1.3, 1.1, 1.0, 0.95, 1.05, 0.7, 0.6};
    const double rate = 50;
    const int days = 700; /* 100 of each weekday */
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 2);
    int32_t first = cal_from_ymd(2023, 1, 2); /* a Monday */
    long bins[7] = {0};

    (void)state;
    memcpy(a.day_of_week_weights, raw, sizeof(raw));
    normalise(a.day_of_week_weights, 7);
    arr_init(&st, &a, first, first);
    for (int d = 0; d < 7; d++)
        check_rel(arr_expected_per_day(&st, first + d),
                  rate * a.day_of_week_weights[d], 1e-12, "expected per day");
    simulate(&st, r, days * 1440.0, BIN_WEEKDAY, bins, 7);
    for (int d = 0; d < 7; d++)
        check_poisson(bins[d], 100 * rate * a.day_of_week_weights[d],
                      "arrivals on one weekday");
    rng_free(r);
}

static void
test_month_profile_counts(void **state)
{
    static const double raw[12] = {1.25, 1.15, 1.05, 0.95, 0.9, 0.85,
                                   0.8,  0.85, 0.95, 1.05, 1.1, 1.3};
    const double rate = 40;
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 3);
    int32_t first = cal_from_ymd(2021, 1, 1);
    int32_t end = cal_from_ymd(2025, 1, 1);
    long bins[12] = {0};
    double want[12] = {0};

    (void)state;
    memcpy(a.month_of_year_weights, raw, sizeof(raw));
    normalise(a.month_of_year_weights, 12);
    arr_init(&st, &a, first, first);
    for (int32_t d = first; d < end; d++) {
        int m = cal_month(d) - 1;

        want[m] += rate * a.month_of_year_weights[m];
        check_rel(arr_expected_per_day(&st, d),
                  rate * a.month_of_year_weights[m], 1e-12, "expected per day");
    }
    simulate(&st, r, (end - first) * 1440.0, BIN_MONTH, bins, 12);
    for (int m = 0; m < 12; m++)
        check_poisson(bins[m], want[m], "arrivals in one month");
    rng_free(r);
}

/* Growth compounds from start_day, also backwards over a warm-up. */
static void
test_growth(void **state)
{
    const double rate = 30, g = 0.35;
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 4);
    int32_t start = cal_from_ymd(2022, 1, 1), first = start - 90;

    enum { YEARS = 4, DAYS = 90 + YEARS * 365 };

    long bins[DAYS] = {0};

    (void)state;
    a.growth_per_year = g;
    arr_init(&st, &a, first, start);
    check_rel(arr_rate_per_min(&st, 90 * 1440.0 + 7), rate / 1440, 1e-12,
              "rate on start day");
    check_rel(arr_rate_per_min(&st, 3.5),
              rate / 1440 * pow(1 + g, -90 / 365.25), 1e-12,
              "rate on the first warm-up day");
    check_rel(arr_rate_per_min(&st, (90 + 365) * 1440.0 + 600),
              rate / 1440 * pow(1 + g, 365 / 365.25), 1e-12, "rate a year on");
    check_rel(arr_expected_per_day(&st, start + 1000),
              rate * pow(1 + g, 1000 / 365.25), 1e-12, "expected per day");
    simulate(&st, r, DAYS * 1440.0, BIN_DAY, bins, DAYS);
    /* Totals over the warm-up and each following 365 days. */
    for (int y = -1; y < YEARS; y++) {
        int d0 = y < 0 ? 0 : 90 + 365 * y, d1 = y < 0 ? 90 : d0 + 365;
        double e = 0;
        long n = 0;

        for (int d = d0; d < d1; d++) {
            e += rate * pow(1 + g, (first + d - start) / 365.25);
            n += bins[d];
        }
        check_poisson(n, e, "arrivals in one year of growth");
    }
    rng_free(r);
}

/* Windows multiply the rate between their dates, inclusive, and stack. */
static void
test_windows(void **state)
{
    const double rate = 500;

    enum { REPS = 20, DAYS = 40 };
    struct window w[3];
    struct arrival_stream a = flat_stream(rate);
    struct arr_state st;
    int32_t first = cal_from_ymd(2023, 3, 1);
    long bins[DAYS] = {0};
    double mult[DAYS];

    (void)state;
    w[0] = (struct window){cal_from_ymd(2023, 3, 10), cal_from_ymd(2023, 3, 20),
                           1.8};
    w[1] = (struct window){cal_from_ymd(2023, 3, 15), cal_from_ymd(2023, 3, 25),
                           0.45};
    w[2] = (struct window){cal_from_ymd(2023, 4, 1), cal_from_ymd(2023, 4, 1),
                           0.0};
    a.n_windows = 3;
    a.windows = w;
    for (int d = 0; d < DAYS; d++) {
        int32_t day = first + d;

        mult[d] = 1;
        if (day >= w[0].from_day && day <= w[0].to_day)
            mult[d] *= 1.8;
        if (day >= w[1].from_day && day <= w[1].to_day)
            mult[d] *= 0.45;
        if (day == w[2].from_day)
            mult[d] = 0;
    }
    /* Spot checks of the table above. */
    assert_true(mult[8] == 1 && mult[9] == 1.8 && mult[14] == 1.8 * 0.45 &&
                mult[19] == 1.8 * 0.45 && mult[20] == 0.45 &&
                mult[24] == 0.45 && mult[25] == 1 && mult[31] == 0 &&
                mult[32] == 1);
    arr_init(&st, &a, first, first);
    for (int d = 0; d < DAYS; d++) {
        check_rel(arr_rate_per_min(&st, d * 1440.0), rate / 1440 * mult[d],
                  1e-12, "rate at the start of a day");
        check_rel(arr_rate_per_min(&st, d * 1440.0 + 1439.5),
                  rate / 1440 * mult[d], 1e-12, "rate at the end of a day");
        check_rel(arr_expected_per_day(&st, first + d), rate * mult[d], 1e-12,
                  "expected per day");
    }
    for (uint32_t rep = 0; rep < REPS; rep++) {
        struct rng *r = rng_alloc(MASTER, rep, 5);

        arr_init(&st, &a, first, first);
        simulate(&st, r, DAYS * 1440.0, BIN_DAY, bins, DAYS);
        rng_free(r);
    }
    for (int d = 0; d < DAYS; d++)
        check_poisson(bins[d], REPS * rate * mult[d], "arrivals on one day");
}

/* A stream with every feature, for the rate and inversion checks. */
static struct arrival_stream
busy_stream(struct window *w)
{
    static const double hw[24] = {0.4, 0.3, 0.0, 0.0,  0.2, 0.3, 0.6,  0.9,
                                  1.3, 1.7, 1.8, 1.75, 1.6, 1.5, 1.45, 1.4,
                                  1.4, 1.3, 1.2, 1.1,  1.0, 0.9, 0.7,  0.5};
    static const double wd[7] = {1.2, 1.1, 1.0, 1.0, 1.05, 0.8, 0.7};
    static const double mw[12] = {1.2,  1.1, 1.0,  0.95, 0.9, 0.9,
                                  0.85, 0.9, 0.95, 1.05, 1.1, 1.2};
    struct arrival_stream a = flat_stream(187.5);

    memcpy(a.hour_of_day_weights, hw, sizeof(hw));
    memcpy(a.day_of_week_weights, wd, sizeof(wd));
    memcpy(a.month_of_year_weights, mw, sizeof(mw));
    normalise(a.hour_of_day_weights, 24);
    normalise(a.day_of_week_weights, 7);
    normalise(a.month_of_year_weights, 12);
    a.growth_per_year = 0.042;
    w[0] = (struct window){cal_from_ymd(2024, 12, 20), cal_from_ymd(2025, 1, 3),
                           1.35};
    w[1] = (struct window){cal_from_ymd(2025, 2, 1), cal_from_ymd(2025, 2, 2),
                           0.0};
    a.n_windows = 2;
    a.windows = w;
    return a;
}

/* The rate is constant within each clock hour and follows the formula. */
static void
test_rate_piecewise_constant(void **state)
{
    static const double offsets[] = {0, 1e-9, 0.37, 29.5, 59.25, 59.9999};
    struct window w[2];
    struct arrival_stream a = busy_stream(w);
    struct arr_state st;
    int32_t first = cal_from_ymd(2024, 12, 1), start = first + 30;

    (void)state;
    arr_init(&st, &a, first, start);
    for (int h = 0; h < 24 * 75; h++) {
        double t0 = h * 60.0;
        double r0 = arr_rate_per_min(&st, t0);

        check_rel(r0, want_rate(&a, first, start, t0), 1e-12, "rate");
        for (size_t k = 0; k < sizeof(offsets) / sizeof(offsets[0]); k++)
            if (arr_rate_per_min(&st, t0 + offsets[k]) != r0)
                fail_msg("hour %d: rate changes inside the hour", h);
    }
    /* Read out of order, so a cached day cannot leak into another. */
    for (int h = 24 * 75 - 1; h >= 0; h -= 7)
        check_rel(arr_rate_per_min(&st, h * 60.0 + 12.5),
                  want_rate(&a, first, start, h * 60.0), 1e-12,
                  "rate out of order");
}

/*
 * arr_next is exact inversion: it never returns a time before t, and the
 * integrated rate from t to the result equals the Exp(1) draw.
 */
static void
test_next_exact_inversion(void **state)
{
    enum { N = 30000 };
    struct window w[2];
    struct arrival_stream a = busy_stream(w);
    struct arr_state st;
    struct rng *r = rng_alloc(MASTER, 0, 6);
    int32_t first = cal_from_ymd(2024, 12, 1), start = first + 30;
    const double t_stop = 75 * 1440.0;

    (void)state;
    arr_init(&st, &a, first, start);
    for (int i = 0; i < N; i++) {
        double u = rng_uniform_pos(r);
        /* A third of the starts sit exactly on an hour boundary. */
        double t = i % 3 == 0 ? floor(u * 24 * 70) * 60 : u * 70 * 1440;
        double e = i % 5 == 0 ? 1e-9 * exp1_draw(r) : 3 * exp1_draw(r);
        double next = arr_next(&st, t, e, t_stop);

        if (!(next >= t))
            fail_msg("arr_next(%.17g, %g) = %.17g is before t", t, e, next);
        if (next >= t_stop) {
            /* Only if the mass left before t_stop is below the draw. */
            assert_true(want_mass(&a, first, start, t, t_stop) <=
                        e * (1 + 1e-12));
            continue;
        }
        check_near(want_mass(&a, first, start, t, next), e, 1e-9 * e + 1e-11,
                   "integrated rate to the arrival");
        /* An arrival never falls where the rate is zero. */
        assert_true(want_rate(&a, first, start, next - 1e-9) > 0 ||
                    want_rate(&a, first, start, next) > 0);
    }
    rng_free(r);
}

/*
 * The hour a stream keeps changes no result: arr_next on one state, asked
 * in order as the model does, gives bit for bit what a fresh state (which
 * keeps nothing) gives, with starts on an hour boundary, one double below
 * or above one, and anywhere.
 */
static void
test_next_kept_hour_exact(void **state)
{
    enum { N = 40000 };
    struct window w[2];
    struct arrival_stream a = busy_stream(w);
    struct arr_state kept, fresh;
    struct rng *r = rng_alloc(MASTER, 0, 8);
    int32_t first = cal_from_ymd(2024, 12, 1), start = first + 30;
    const double t_stop = 75 * 1440.0;
    double t = 0;

    (void)state;
    arr_init(&kept, &a, first, start);
    for (int i = 0; i < N && t < t_stop; i++) {
        double e = exp1_draw(r), edge = floor(t / 60) * 60 + 60, want, got;

        if (i % 4 == 1)
            t = edge;
        else if (i % 4 == 2)
            t = nextafter(edge, 0);
        else if (i % 4 == 3)
            t = nextafter(edge, t_stop);
        arr_init(&fresh, &a, first, start);
        want = arr_next(&fresh, t, e, t_stop);
        got = arr_next(&kept, t, e, t_stop);
        if (memcmp(&want, &got, sizeof(want)) != 0)
            fail_msg("arr_next(%.17g, %.17g): kept %.17g, fresh %.17g", t, e,
                     got, want);
        t = i % 2 ? want : t + 0.25;
    }
    assert_true(t >= 70 * 1440.0); /* the walk covered the weeks */
    rng_free(r);
}

/* Closed-form cases of arr_next on a flat 0.1 per minute. */
static void
test_next_closed_form(void **state)
{
    struct arrival_stream a = flat_stream(144); /* 0.1 per minute */
    struct arr_state st;
    int32_t first = cal_from_ymd(2025, 6, 2);

    (void)state;
    arr_init(&st, &a, first, first);
    check_near(arr_next(&st, 0, 2.5, 1e6), 25, 1e-9, "within an hour");
    check_near(arr_next(&st, 50, 2.5, 1e6), 75, 1e-9, "across an hour");
    check_near(arr_next(&st, 1430, 14.4, 1e6), 1574, 1e-9, "across a day");
    assert_true(arr_next(&st, 0, 5, 30) >= 30);
    assert_true(arr_next(&st, 17.25, 0, 1e6) == 17.25);
}

/* A zero rate never produces an arrival before t_stop. */
static void
test_next_zero_rate(void **state)
{
    struct arrival_stream a = flat_stream(0);
    struct window w = {0, 0, 0.0};
    struct arr_state st;
    int32_t first = cal_from_ymd(2025, 6, 2);
    double t;

    (void)state;
    arr_init(&st, &a, first, first);
    assert_true(arr_rate_per_min(&st, 300) == 0);
    assert_true(arr_next(&st, 125.5, 0.7, 10000) >= 10000);
    assert_true(arr_next(&st, 0, 1e-12, 20 * 1440.0) >= 20 * 1440.0);
    assert_true(arr_expected_per_day(&st, first) == 0);

    /* A positive rate switched off by a window from day 3 on. */
    a = flat_stream(96);
    w.from_day = first + 3;
    w.to_day = first + 1000;
    a.n_windows = 1;
    a.windows = &w;
    arr_init(&st, &a, first, first);
    t = arr_next(&st, 3 * 1440.0 - 30, 100, 10 * 1440.0);
    assert_true(t >= 10 * 1440.0);
    /* Before the window the draw is spent normally: 96/1440 per minute. */
    check_near(arr_next(&st, 3 * 1440.0 - 30, 1.5, 10 * 1440.0),
               3 * 1440.0 - 30 + 1.5 * 15, 1e-9, "before the window");
}

/*
 * A stream whose rate never varies gives the same arrivals as the same
 * rate spelt with a neutral window (which takes the hour-by-hour walk).
 */
static void
test_flat_matches_walk(void **state)
{
    enum { N = 20000 };
    struct arrival_stream flat = flat_stream(61.75), walk = flat;
    struct window w = {0, 0, 1.0};
    struct arr_state sf, sw;
    struct rng *rf = rng_alloc(MASTER, 0, 7), *rw = rng_alloc(MASTER, 0, 7);
    int32_t first = cal_from_ymd(2024, 1, 1);
    const double t_stop = 400 * 1440.0;
    double tf = 0, tw = 0;

    (void)state;
    w.from_day = first - 10;
    w.to_day = first + 1000;
    walk.n_windows = 1;
    walk.windows = &w;
    arr_init(&sf, &flat, first, first);
    arr_init(&sw, &walk, first, first);
    for (int i = 0; i < N && tw < t_stop; i++) {
        double nf = arr_next(&sf, tf, exp1_draw(rf), t_stop);
        double nw = arr_next(&sw, tw, exp1_draw(rw), t_stop);

        assert_true(nf >= tf && nw >= tw);
        if (nw >= t_stop) {
            assert_true(nf >= t_stop - 1e-6);
            break;
        }
        check_near(nf, nw, 1e-9 * (nw > 1 ? nw : 1), "flat vs walk");
        tf = nf;
        tw = nw;
    }
    assert_true(tw > 300 * 1440.0);
    rng_free(rf);
    rng_free(rw);
}

/* A rate that overflowed gives NaN, not an endless run of arrivals. */
static void
test_next_overflowed_rate(void **state)
{
    struct arrival_stream a = flat_stream(1e300);
    struct arr_state st;
    int32_t first = cal_from_ymd(2023, 1, 1);

    (void)state;
    a.hour_of_day_weights[3] = 1e300; /* not flat: the hour walk */
    arr_init(&st, &a, first, first);
    /* Hours 0-2 are finite and come first; hour 3 is infinite. */
    assert_true(arr_next(&st, 0, 1.0, 1440) < 3 * 60);
    assert_true(isnan(arr_next(&st, 0, 1e300, 1440)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_rate_count),
        cmocka_unit_test(test_hour_profile_counts),
        cmocka_unit_test(test_weekday_profile_counts),
        cmocka_unit_test(test_month_profile_counts),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_rate_piecewise_constant),
        cmocka_unit_test(test_next_exact_inversion),
        cmocka_unit_test(test_next_kept_hour_exact),
        cmocka_unit_test(test_next_closed_form),
        cmocka_unit_test(test_next_zero_rate),
        cmocka_unit_test(test_flat_matches_walk),
        cmocka_unit_test(test_next_overflowed_rate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
