/*
 * scenario_period: the days of a loaded scenario: the run's first day and
 * length, a schedule's value on a day, the reporting periods it names,
 * and the one a command reports (--period NAME, FROM:TO or all).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "scenario.h"
#include "util.h"

/* The period a scenario's headline takes when it names one. */
#define DEFAULT_PERIOD "winter"

/* Binary search for the last step on or before day: O(log n). */
double
scn_schedule_at(const struct schedule *sc, int32_t day)
{
    size_t lo = 0, hi = sc->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sc->step[mid].day <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? sc->base : sc->step[lo - 1].value;
}

int32_t
scn_first_day(const struct scenario *s)
{
    return s->start_day - s->warm_up_days;
}

int32_t
scn_days(const struct scenario *s)
{
    return s->end_day - s->start_day + 1 + s->warm_up_days;
}

const char *
scn_title(const struct scenario *s)
{
    return s->title && s->title[0] ? s->title : s->name;
}

int32_t
scn_period_days(const struct scenario *s, size_t p, int32_t *from, int32_t *to)
{
    const struct report_period *rp = &s->report_periods[p];

    *from = rp->from_day > s->start_day ? rp->from_day : s->start_day;
    *to = rp->to_day < s->end_day ? rp->to_day : s->end_day;
    return *to >= *from ? *to - *from + 1 : 0;
}

int
scn_selected_period(const struct scenario *s)
{
    return s->report_sel ? (int)s->report_sel - 1 : -1;
}

static int
find_period(const struct scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_report_periods; i++)
        if (strcmp(s->report_periods[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* "no period 'X' (did you mean 'winter'?); it names: winter, spring". */
static void
unknown_period(const struct scenario *s, const char *spec, char *err,
               size_t err_len)
{
    const char **names = xmalloc(
        (s->n_report_periods ? s->n_report_periods : 1) * sizeof(*names));
    size_t near[1], n_near, len;

    for (size_t i = 0; i < s->n_report_periods; i++)
        names[i] = s->report_periods[i].name;
    n_near = util_suggest(spec, names, s->n_report_periods, near, 1);
    len = (size_t)snprintf(err, err_len,
                           "--period %s: scenario '%s' names no period '%s'",
                           spec, s->name, spec);
    if (n_near && len < err_len)
        len += (size_t)snprintf(err + len, err_len - len,
                                " (did you mean '%s'?)", names[near[0]]);
    if (len < err_len && s->n_report_periods) {
        len += (size_t)snprintf(err + len, err_len - len, "; it names");
        for (size_t i = 0; i < s->n_report_periods && len < err_len; i++)
            len += (size_t)snprintf(err + len, err_len - len, "%s%s",
                                    i ? ", " : " ", names[i]);
    } else if (len < err_len) {
        len += (size_t)snprintf(err + len, err_len - len, "; it names none");
    }
    if (len < err_len)
        snprintf(err + len, err_len - len,
                 " (or give dates: --period 2023-11-01:2024-03-31; "
                 "'all' is the whole run)");
    free(names);
}

/* Add "FROM:TO" as a period of that name; its index, or -1 with err. */
static int
add_dates(struct scenario *s, const char *spec, char *err, size_t err_len)
{
    const char *colon = strchr(spec, ':');
    char from[16], to[16];
    int32_t a, b;
    struct report_period *rp;

    if ((size_t)(colon - spec) >= sizeof(from) ||
        strlen(colon + 1) >= sizeof(to)) {
        snprintf(err, err_len,
                 "--period %s: expected NAME or FROM:TO as YYYY-MM-DD:"
                 "YYYY-MM-DD",
                 spec);
        return -1;
    }
    memcpy(from, spec, (size_t)(colon - spec));
    from[colon - spec] = '\0';
    strcpy(to, colon + 1);
    if (cal_parse(from, &a) || cal_parse(to, &b)) {
        snprintf(err, err_len,
                 "--period %s: expected FROM:TO as real dates "
                 "YYYY-MM-DD:YYYY-MM-DD",
                 spec);
        return -1;
    }
    if (b < a) {
        snprintf(err, err_len, "--period %s: %s is before %s", spec, to, from);
        return -1;
    }
    s->report_periods =
        xrealloc(s->report_periods, (s->n_report_periods + 1) * sizeof(*rp));
    rp = &s->report_periods[s->n_report_periods++];
    rp->name = xstrdup(spec);
    rp->from_day = a;
    rp->to_day = b;
    return (int)s->n_report_periods - 1;
}

int
scn_select_period(struct scenario *s, const char *spec, int dflt, char *err,
                  size_t err_len)
{
    int p;
    int32_t from, to;

    s->report_sel = 0;
    if (!spec) {
        p = dflt ? find_period(s, DEFAULT_PERIOD) : -1;
        if (p >= 0 && scn_period_days(s, (size_t)p, &from, &to) > 0)
            s->report_sel = (size_t)p + 1;
        return 0;
    }
    if (strcmp(spec, SCN_WHOLE_RUN) == 0)
        return 0;
    p = strchr(spec, ':') ? add_dates(s, spec, err, err_len)
                          : find_period(s, spec);
    if (p < 0) {
        if (!strchr(spec, ':'))
            unknown_period(s, spec, err, err_len);
        return -1;
    }
    if (scn_period_days(s, (size_t)p, &from, &to) == 0) {
        char a[11], b[11], c[11], d[11];

        cal_format(s->report_periods[p].from_day, a);
        cal_format(s->report_periods[p].to_day, b);
        cal_format(s->start_day, c);
        cal_format(s->end_day, d);
        snprintf(err, err_len,
                 "--period %s: %s to %s has no day in the run of '%s' (%s to "
                 "%s)",
                 spec, a, b, s->name, c, d);
        return -1;
    }
    s->report_sel = (size_t)p + 1;
    return 0;
}

void
scn_copy_periods(struct scenario *dst, const struct scenario *src)
{
    for (size_t i = 0; i < dst->n_report_periods; i++)
        free(dst->report_periods[i].name);
    free(dst->report_periods);
    dst->n_report_periods = src->n_report_periods;
    dst->report_periods =
        xcalloc(src->n_report_periods ? src->n_report_periods : 1,
                sizeof(*dst->report_periods));
    for (size_t i = 0; i < src->n_report_periods; i++) {
        dst->report_periods[i] = src->report_periods[i];
        dst->report_periods[i].name = xstrdup(src->report_periods[i].name);
    }
    dst->report_sel = src->report_sel;
}
