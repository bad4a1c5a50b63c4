/*
 * board: numbers in board units, and whether a difference matters.
 */
#include "board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

/* How a KPI's unit reads after a number, where it is not itself. */
static const struct {
    const char *unit, *shown;
} short_units[] = {{"minutes", "min"},
                   {"hours", "h"},
                   {"level", ""},
                   {"hours per day", "h a day"}};

int
board_decimals(double x)
{
    double ax = fabs(x);

    if (!(ax > 0) || ax >= 100)
        return 0;
    if (ax >= 1)
        return 1;
    if (ax >= 0.1)
        return 2;
    return 3;
}

char *
board_number(double x, int decimals, int sign, char *buf, size_t len)
{
    char raw[64], *dot, out[96];
    size_t n_int, o = 0;
    const char *digits;

    snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(x));
    /* A value that rounds to zero has no sign. */
    if (strspn(raw, "0.") == strlen(raw))
        x = 0;
    dot = strchr(raw, '.');
    n_int = dot ? (size_t)(dot - raw) : strlen(raw);
    if (x < 0)
        out[o++] = '-';
    else if (sign && x > 0)
        out[o++] = '+';
    digits = raw;
    for (size_t i = 0; i < n_int; i++) {
        if (i > 0 && (n_int - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, len, "%s%s", out, dot ? dot : "");
    return buf;
}

const char *
board_unit(const struct kpi_def *k, int diff)
{
    if (k->share)
        return diff ? "pp" : "%";
    for (size_t i = 0; i < sizeof(short_units) / sizeof(short_units[0]); i++)
        if (strcmp(k->unit, short_units[i].unit) == 0)
            return short_units[i].shown;
    return k->unit;
}

/* "NUMBER UNIT", with " per day" read as " a day". */
static char *
with_unit(const struct kpi_def *k, const char *num, int diff, char *buf,
          size_t len)
{
    const char *u = board_unit(k, diff);
    const char *per = strstr(u, " per day");

    if (!*u)
        snprintf(buf, len, "%s", num);
    else if (per && per[8] == '\0')
        snprintf(buf, len, "%s %.*s a day", num, (int)(per - u), u);
    else
        snprintf(buf, len, "%s %s", num, u);
    return buf;
}

/* x in drawn units: a share as a percentage. */
static double
shown(const struct kpi_def *k, double x)
{
    return k->share ? 100 * x : x;
}

/* One value in board units, signed (a difference) or not. */
static char *
one_value(const struct kpi_def *k, double x, int sign, char *buf, size_t len)
{
    char num[64];

    if (!isfinite(x)) {
        snprintf(buf, len, "undefined");
        return buf;
    }
    board_number(shown(k, x), board_decimals(shown(k, x)), sign, num,
                 sizeof(num));
    return with_unit(k, num, sign, buf, len);
}

char *
board_value(const struct kpi_def *k, double x, char *buf, size_t len)
{
    return one_value(k, x, 0, buf, len);
}

/* "VALUE (LO to HI)" with the decimals of the mean (or of the interval's
 * half-width, for a difference near zero). */
static char *
with_ci(const struct kpi_def *k, const struct summary *sm, int diff, char *buf,
        size_t len)
{
    double m = shown(k, sm->mean), lo = shown(k, sm->ci95_low),
           hi = shown(k, sm->ci95_high);
    int dec = board_decimals(m);
    char a[64], b[64], c[64], v[96];

    if (sm->n == 0 || !isfinite(m)) {
        snprintf(buf, len, "undefined");
        return buf;
    }
    /* Enough decimals that the interval's ends differ from the mean. */
    if (isfinite(hi) && hi > lo) {
        int need = (int)-floor(log10((hi - lo) / 2));

        if (need > dec)
            dec = need > 3 ? 3 : need;
    }
    board_number(m, dec, diff, a, sizeof(a));
    with_unit(k, a, diff, v, sizeof(v));
    if (!isfinite(lo) || !isfinite(hi)) {
        snprintf(buf, len, "%s (interval undefined: %zu replication%s)", v,
                 sm->n, sm->n == 1 ? "" : "s");
        return buf;
    }
    board_number(lo, dec, diff, b, sizeof(b));
    board_number(hi, dec, diff, c, sizeof(c));
    snprintf(buf, len, "%s (%s to %s)", v, b, c);
    return buf;
}

char *
board_value_ci(const struct kpi_def *k, const struct summary *sm, char *buf,
               size_t len)
{
    return with_ci(k, sm, 0, buf, len);
}

char *
board_diff(const struct kpi_def *k, double d, char *buf, size_t len)
{
    return one_value(k, d, 1, buf, len);
}

char *
board_diff_ci(const struct kpi_def *k, const struct summary *d, char *buf,
              size_t len)
{
    return with_ci(k, d, 1, buf, len);
}

char *
board_size(const struct kpi_def *k, double x, char *buf, size_t len)
{
    double v = fabs(shown(k, x));
    char num[64];
    int d = 0;

    while (d < 3 && fabs(v * pow(10, d) - round(v * pow(10, d))) > 1e-9)
        d++;
    board_number(v, d, 0, num, sizeof(num));
    return with_unit(k, num, 1, buf, len);
}

enum board_verdict
board_judge(const struct summary *d, double mid)
{
    if (d->n == 0 || !isfinite(d->mean))
        return BOARD_UNDEFINED;
    if (!(mid > 0))
        return BOARD_NO_MID;
    if (!isfinite(d->ci95_low) || !isfinite(d->ci95_high))
        return BOARD_UNCLEAR;
    if (d->ci95_low >= mid || d->ci95_high <= -mid)
        return BOARD_YES;
    if (fabs(d->mean) >= mid)
        return BOARD_PROBABLY;
    if (d->ci95_low > -mid && d->ci95_high < mid)
        return BOARD_NO;
    return BOARD_UNCLEAR;
}

const char *
board_verdict_text(enum board_verdict v)
{
    static const char *const text[] = {[BOARD_YES] = "yes",
                                       [BOARD_PROBABLY] = "probably",
                                       [BOARD_NO] = "no",
                                       [BOARD_UNCLEAR] = "unclear",
                                       [BOARD_NO_MID] = "no MID set",
                                       [BOARD_UNDEFINED] = "undefined"};

    return text[v];
}

char *
board_dates(int32_t from, int32_t to, char *buf, size_t len)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};
    char ymd[11];
    int d0, d1;

    cal_format(from, ymd);
    d0 = atoi(ymd + 8);
    cal_format(to, ymd);
    d1 = atoi(ymd + 8);
    snprintf(buf, len, "%d %s %d to %d %s %d", d0, mon[cal_month(from) - 1],
             cal_year(from), d1, mon[cal_month(to) - 1], cal_year(to));
    return buf;
}

char *
board_period(const struct scenario *s, int p, char *buf, size_t len)
{
    char dates[64];
    int32_t from = s->start_day, to = s->end_day;

    if (p >= 0)
        scn_period_days(s, (size_t)p, &from, &to);
    board_dates(from, to, dates, sizeof(dates));
    if (p >= 0 && strchr(s->report_periods[p].name, ':'))
        snprintf(buf, len, "%s", dates); /* FROM:TO says no more */
    else
        snprintf(buf, len, "%s, %s",
                 p < 0 ? "the whole run" : s->report_periods[p].name, dates);
    return buf;
}
