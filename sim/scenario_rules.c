/*
 * scenario_rules: the rules that span fields, each named in the schema
 * table at the place where it runs (after the keys it reads).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "resource.h"
#include "scenario_int.h"
#include "util.h"

/*
 * The busiest arrival rate the model takes in any stream, per day, after
 * profile weights, growth and windows.  The clock resolves far finer
 * gaps, but each arrival is several events: a million a day is already
 * minutes of computing per simulated day.
 */
#define MAX_PEAK_PER_DAY 1e6

/* The scenario a top-level rule runs on. */
static struct scenario *
top(const struct walk *w)
{
    return (struct scenario *)(void *)w->base;
}

/* Report "KEY A is before OTHER B" at obj.key (a date order). */
static void
fail_order(struct ctx *c, const cJSON *obj, const char *key, int32_t day,
           const char *other, int32_t other_day, const char *what)
{
    char a[11], b[11];
    size_t mark = path_key(c, key, get(obj, key));

    cal_format(day, a);
    cal_format(other_day, b);
    fail(c, "%s %s is %s %s %s", key, a, what, other, b);
    path_pop(c, mark);
}

void
rule_end_after_start(struct ctx *c, const struct walk *w)
{
    const struct scenario *s = top(w);

    if (walk_status(w, "start_date") == 1 && walk_status(w, "end_date") == 1 &&
        s->end_day < s->start_day)
        fail_order(c, w->obj, "end_date", s->end_day, "start_date",
                   s->start_day, "before");
}

/* A window or a period: "to" not before "from". */
void
rule_window_order(struct ctx *c, const struct walk *w)
{
    const int32_t *from = walk_field(w, "from");
    const int32_t *to = walk_field(w, "to");

    if (walk_status(w, "from") == 1 && walk_status(w, "to") == 1 && *to < *from)
        fail_order(c, w->obj, "to", *to, "from", *from, "before");
}

void
rule_discharge_window(struct ctx *c, const struct walk *w)
{
    const double *start = walk_field(w, "start_h");
    const double *end = walk_field(w, "end_h");

    if (walk_status(w, "start_h") >= 0 && walk_status(w, "end_h") >= 0 &&
        !(*start < *end)) {
        char a[32], b[32];
        size_t mark = path_key(c, "end_h", get(w->obj, "end_h"));

        fmt_num(*end, a, sizeof(a));
        fmt_num(*start, b, sizeof(b));
        fail(c, "end_h %s is not after start_h %s", a, b);
        path_pop(c, mark);
    }
}

/* Given, ward rounds are on; a patient's round lies in [start_h, end_h]. */
void
rule_ward_round(struct ctx *c, const struct walk *w)
{
    const double *start = walk_field(w, "start_h");
    const double *end = walk_field(w, "end_h");

    top(w)->discharge.ward_round.enabled = 1;
    if (walk_status(w, "start_h") >= 0 && walk_status(w, "end_h") >= 0 &&
        *end < *start) {
        char a[32], b[32];
        size_t mark = path_key(c, "end_h", get(w->obj, "end_h"));

        fmt_num(*end, a, sizeof(a));
        fmt_num(*start, b, sizeof(b));
        fail(c, "end_h %s is before start_h %s", a, b);
        path_pop(c, mark);
    }
}

/*
 * Given, the departure profile is on; it must leave some weight inside
 * the discharge window, or nobody could ever leave.  Reading it as the
 * exit profile (departure_exit_profile) needs one.
 */
void
rule_departure_profile(struct ctx *c, const struct walk *w)
{
    struct scenario *s = top(w);
    double lo = s->discharge.window_start_h, hi = s->discharge.window_end_h;
    double mass = 0;

    if (walk_status(w, "departure_profile") != 1) {
        if (s->discharge.departure_exit_profile) {
            size_t mark = path_key(c, "departure_exit_profile",
                                   get(w->obj, "departure_exit_profile"));

            fail(c, "true without a departure_profile to draw the hour from");
            path_pop(c, mark);
        }
        return;
    }
    s->discharge.has_departure_profile = 1;
    for (int h = 0; h < 24; h++) {
        double a = h > lo ? h : lo, b = h + 1 < hi ? h + 1 : hi;

        if (b > a)
            mass += s->discharge.departure_profile[h] * (b - a);
    }
    if (!(mass > 0)) {
        size_t mark =
            path_key(c, "departure_profile", get(w->obj, "departure_profile"));

        fail(c, "no weight inside the discharge window: nobody could leave");
        path_pop(c, mark);
    }
}

/* Left out, the time to a decision to admit is the treatment time. */
void
rule_treatment_admitted(struct ctx *c, const struct walk *w)
{
    struct dist *adm = walk_field(w, "treatment_admitted");

    (void)c;
    if (walk_status(w, "treatment_admitted") != 0)
        return;
    dist_release(adm);
    dist_copy(adm, walk_field(w, "treatment"));
}

/* The family row of pathway_probabilities, whatever its place. */
static const struct scn_row *
family_row(const struct walk *w, int *index)
{
    size_t i = 0;

    while (!w->shape->row[i].names)
        i++;
    *index = (int)i;
    return &w->shape->row[i];
}

/* Given at all, the probabilities not given are 0 (not the default). */
void
rule_probabilities_zero(struct ctx *c, const struct walk *w)
{
    int idx;
    const struct scn_row *r = family_row(w, &idx);

    (void)c;
    for (int j = 0; j < r->names->n; j++)
        *(double *)(void *)(w->base + r->offset +
                            (size_t)(r->names->first + j) * r->stride) = 0.0;
}

void
rule_probabilities_sum(struct ctx *c, const struct walk *w)
{
    int idx;
    const struct scn_row *r = family_row(w, &idx);
    double sum = 0.0;

    if (w->status[idx] < 0)
        return;
    for (int j = 0; j < r->names->n; j++)
        sum += *(const double *)(const void *)(w->base + r->offset +
                                               (size_t)(r->names->first + j) *
                                                   r->stride);
    if (fabs(sum - 1.0) > 1e-9) {
        char got[32];

        snprintf(got, sizeof(got), "%.12g", sum);
        fail(c, "probabilities sum to %s, expected 1", got);
    }
}

void
rule_period_kind(struct ctx *c, const struct walk *w)
{
    (void)c;
    ((struct period *)(void *)w->base)->kind = (enum period_kind)w->k;
}

/*
 * Every period that changes electives also becomes a window on the
 * elective stream, after the stream's own: the arrival module multiplies
 * the windows that cover a day, so the elective rate drops by itself.
 */
void
rule_period_windows(struct ctx *c, const struct walk *w)
{
    struct scenario *s = top(w);
    struct arrival_stream *st = &s->arrivals[ARR_ELECTIVE];
    size_t m = 0;

    (void)c;
    for (size_t i = 0; i < s->n_periods; i++)
        m += s->periods[i].elective_multiplier != 1.0;
    if (m == 0)
        return;
    st->windows =
        xrealloc(st->windows, (st->n_windows + m) * sizeof(*st->windows));
    for (size_t i = 0; i < s->n_periods; i++) {
        const struct period *p = &s->periods[i];
        struct window *win;

        if (p->elective_multiplier == 1.0)
            continue;
        win = &st->windows[st->n_windows++];
        win->from_day = p->from_day;
        win->to_day = p->to_day;
        win->multiplier = p->elective_multiplier;
    }
}

void
rule_escalation_on(struct ctx *c, const struct walk *w)
{
    (void)c;
    /* Present means on, unless the file says "enabled": false. */
    if (walk_status(w, "enabled") != 1)
        ((struct escalation *)(void *)w->base)->enabled = 1;
}

/* Left out, the cap is the most escalation beds any level opens. */
void
rule_escalation_beds_cap(struct ctx *c, const struct walk *w)
{
    struct escalation *e = (struct escalation *)(void *)w->base;

    (void)c;
    if (walk_status(w, "escalation_beds_cap") == 1)
        return;
    for (size_t l = 0; l < OPEL_LEVELS; l++)
        if (e->escalation_beds[l] > e->escalation_beds_cap)
            e->escalation_beds_cap = e->escalation_beds[l];
}

/* A pathway is spot purchase only when no date ever limits its slots. */
void
rule_spot_purchase(struct ctx *c, const struct walk *w)
{
    struct scenario *s = top(w);

    (void)c;
    for (int p = 0; p < PW_N; p++) {
        const struct schedule *sl = &s->discharge.pw[p].slots;
        int unlimited = sl->base == (double)RES_UNLIMITED;

        for (size_t i = 0; i < sl->n; i++)
            unlimited &= sl->step[i].value == (double)RES_UNLIMITED;
        s->discharge.pw[p].unlimited = unlimited;
    }
}

/*
 * A pathway is sized in places (slots) or in starts (starts_per_month),
 * never both: a patient would need a start and a place, two queues that
 * no BCF table describes.
 */
void
rule_pathway_starts(struct ctx *c, const struct walk *w)
{
    struct pathway_cfg *pw = (struct pathway_cfg *)(void *)w->base;
    int limited = pw->slots.base != (double)RES_UNLIMITED;
    size_t mark;

    if (walk_status(w, "starts_per_month") != 1)
        return;
    pw->in_starts = 1;
    for (size_t i = 0; i < pw->slots.n; i++)
        limited |= pw->slots.step[i].value != (double)RES_UNLIMITED;
    if (!limited)
        return;
    mark = path_key(c, "starts_per_month", get(w->obj, "starts_per_month"));
    fail(c, "a pathway is sized in places (slots) or in starts, not both: "
            "set slots to \"unlimited\" (and no limited schedule)");
    path_pop(c, mark);
}

/*
 * Ring-fenced beds are some of a site's G&A beds, so at most as many as
 * it has open on any date of its schedule.  The top level's rule checks
 * the one implicit site (rule_ring_fenced_top); listed sites check their
 * own (rule_ring_fenced).
 */
static void
ring_fenced(struct ctx *c, const struct walk *w, const struct site *st)
{
    const struct schedule *sc;
    const cJSON *el;
    double least;
    int32_t day = 0, rf;
    size_t m_e, m_r;
    char when[32] = "";

    rf = st->elective.ring_fenced_beds;
    sc = &st->ga.capacity;
    least = sc->base;
    for (size_t i = 0; i < sc->n; i++) {
        if (sc->step[i].value < least) {
            least = sc->step[i].value;
            day = sc->step[i].day;
        }
    }
    if (rf == 0 || least >= (double)RES_UNLIMITED || rf <= least)
        return;
    if (day) {
        char d[11];

        cal_format(day, d);
        snprintf(when, sizeof(when), " from %s", d);
    }
    el = get(w->obj, "electives");
    m_e = path_key(c, "electives", el);
    m_r = path_key(c, "ring_fenced_beds", get(el, "ring_fenced_beds"));
    fail(c, "%d ring-fenced beds are more than the site's %.0f G&A beds%s",
         (int)rf, least, when);
    path_pop(c, m_r);
    path_pop(c, m_e);
}

void
rule_ring_fenced_top(struct ctx *c, const struct walk *w)
{
    const struct scenario *s = top(w);

    if (!s->has_sites)
        ring_fenced(c, w, &s->top);
}

void
rule_ring_fenced(struct ctx *c, const struct walk *w)
{
    ring_fenced(c, w, (const struct site *)(const void *)w->base);
}

/* ------------------------------------------------------------------ */
/* Sites                                                              */
/* ------------------------------------------------------------------ */

/* The name that labels the whole system's rows in the outputs. */
#define SYSTEM_NAME "system"

/* Report "the name 'NAME' WHY" at $.sites[i].name. */
static void
fail_site_name(struct ctx *c, const cJSON *list, size_t i, const char *name,
               const char *why)
{
    const cJSON *e = cJSON_GetArrayItem(list, (int)i);
    size_t m_i = path_index(c, i, e);
    size_t m_n = path_key(c, "name", get(e, "name"));
    char q[QUOTE_LEN];

    quote(name, q);
    fail(c, "the name '%s' %s", q, why);
    path_pop(c, m_n);
    path_pop(c, m_i);
}

/*
 * The sites: 1 to SCN_MAX_SITES, unique names other than the system's,
 * and for each stream that comes to a site, shares that sum to 1 (a
 * stream with no arrivals may give none).  Refused virtual-ward referrals
 * go by direct_admission's shares, so those are needed for either stream.
 */
void
rule_sites(struct ctx *c, const struct walk *w)
{
    static const int streams[] = {ARR_ED_WALK_IN, ARR_ED_AMBULANCE, ARR_DIRECT,
                                  ARR_ELECTIVE};
    struct scenario *s = top(w);
    const cJSON *list = get(w->obj, "sites");
    size_t mark;
    int status = walk_status(w, "sites");

    if (status == 0)
        return;
    s->has_sites = 1;
    if (status < 0)
        return;
    mark = path_key(c, "sites", list);
    list = unwrap(c, list);
    if (s->n_sites < 1 || s->n_sites > SCN_MAX_SITES) {
        fail(c, "expected 1 to %d sites, got %zu", SCN_MAX_SITES, s->n_sites);
        path_pop(c, mark);
        return;
    }
    for (size_t i = 0; i < s->n_sites; i++) {
        const char *name = s->sites[i].name;

        if (!name)
            continue; /* reported as missing */
        if (strcmp(name, SYSTEM_NAME) == 0) {
            fail_site_name(c, list, i, name, "labels the whole system's rows");
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (s->sites[j].name && strcmp(s->sites[j].name, name) == 0) {
                char why[48];

                snprintf(why, sizeof(why), "is already used by sites[%zu]", j);
                fail_site_name(c, list, i, name, why);
                break;
            }
        }
    }
    for (size_t k = 0; k < ARRAY_LEN(streams); k++) {
        int a = streams[k];
        int needed =
            s->arrivals[a].rate_per_day > 0 ||
            (a == ARR_DIRECT && s->arrivals[ARR_VW_STEP_UP].rate_per_day > 0);
        double sum = 0;
        char got[32];

        for (size_t i = 0; i < s->n_sites; i++)
            sum += s->sites[i].share[a];
        if (!needed && sum == 0)
            continue;
        if (fabs(sum - 1.0) <= 1e-9)
            continue;
        snprintf(got, sizeof(got), "%.12g", sum);
        fail(c,
             "share.%s sums to %s over the sites, expected 1 (within "
             "1e-9)%s",
             scn_stream_name((enum arr_stream)a), got,
             sum == 0 && a == ARR_DIRECT && needed
                 ? ": refused virtual-ward referrals go by these shares"
                 : "");
    }
    path_pop(c, mark);
}

/*
 * The reporting periods: unique names, and not the name that stands for
 * the whole run in outputs.
 */
void
rule_report_periods(struct ctx *c, const struct walk *w)
{
    const struct scenario *s = top(w);
    const cJSON *list = get(w->obj, "periods");
    size_t mark;

    if (walk_status(w, "periods") != 1)
        return;
    mark = path_key(c, "periods", list);
    list = unwrap(c, list);
    for (size_t i = 0; i < s->n_report_periods; i++) {
        const char *name = s->report_periods[i].name;
        const cJSON *e = cJSON_GetArrayItem(list, (int)i);
        size_t m_i, m_n;
        char q[QUOTE_LEN], why[64] = "";

        if (!name)
            continue; /* reported as missing */
        if (strcmp(name, SCN_WHOLE_RUN) == 0)
            snprintf(why, sizeof(why), "stands for the whole run");
        for (size_t j = 0; j < i && !why[0]; j++)
            if (s->report_periods[j].name &&
                strcmp(s->report_periods[j].name, name) == 0)
                snprintf(why, sizeof(why), "is already used by periods[%zu]",
                         j);
        if (!why[0])
            continue;
        m_i = path_index(c, i, e);
        m_n = path_key(c, "name", get(e, "name"));
        quote(name, q);
        fail(c, "the name '%s' %s", q, why);
        path_pop(c, m_n);
        path_pop(c, m_i);
    }
    path_pop(c, mark);
}

/* Whether a KPI is a share (a fraction in [0, 1]), from the KPI table. */
static int
kpi_share(const char *name)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int k = kpi_find(name);

    return k >= 0 && tab[k].share;
}

/* A share KPI's target is a fraction; the label defaults to "plan V". */
void
rule_target_value(struct ctx *c, const struct walk *w)
{
    struct scn_target *t = (struct scn_target *)(void *)w->base;
    char v[32], label[48];

    if (walk_status(w, "value") != 1)
        return;
    fmt_num(t->value, v, sizeof(v));
    if (walk_status(w, "kpi") == 1 && kpi_share(t->kpi) && t->value > 1) {
        size_t mark = path_key(c, "value", get(w->obj, "value"));

        fail(c, "expected a share in [0, 1] for KPI '%s', got %s", t->kpi, v);
        path_pop(c, mark);
    }
    if (walk_status(w, "label") == 0) {
        snprintf(label, sizeof(label), "plan %s", v);
        t->label = xstrdup(label);
    }
}

/* ------------------------------------------------------------------ */
/* Peak arrival rates                                                 */
/* ------------------------------------------------------------------ */

static double
max_of(const double *v, size_t n)
{
    double m = 0;

    for (size_t i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* A window's start (+) or end (-) for the sweep over days. */
struct edge {
    int32_t day;
    int add;
    double multiplier;
};

static int
edge_cmp(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;

    return (x->day > y->day) - (x->day < y->day);
}

/*
 * The largest product of the windows covering any day of [first, last]:
 * a sweep over the windows' edges, O(n log n).  Zero multipliers are
 * counted apart and the others summed as logarithms, so that a window
 * can be taken away again exactly enough.
 */
static double
max_window_product(const struct arrival_stream *st, int32_t first, int32_t last)
{
    struct edge *e = xmalloc((2 * st->n_windows + 1) * sizeof(*e));
    size_t n = 0, zeros = 0;
    double log_sum = 0, best = 1;

    for (size_t i = 0; i < st->n_windows; i++) {
        const struct window *win = &st->windows[i];
        int32_t from = win->from_day > first ? win->from_day : first;
        int32_t to = win->to_day < last ? win->to_day : last;

        if (from > to)
            continue;
        e[n++] = (struct edge){from, 1, win->multiplier};
        e[n++] = (struct edge){to + 1, 0, win->multiplier};
    }
    qsort(e, n, sizeof(*e), edge_cmp);
    for (size_t i = 0; i < n;) {
        int32_t day = e[i].day;

        for (; i < n && e[i].day == day; i++) {
            int sign = e[i].add ? 1 : -1;

            if (e[i].multiplier == 0)
                zeros = (size_t)((long)zeros + sign);
            else
                log_sum += sign * log(e[i].multiplier);
        }
        if (day <= last && zeros == 0 && exp(log_sum) > best)
            best = exp(log_sum);
    }
    free(e);
    return best;
}

/* The largest rate per day the stream reaches over the run. */
static double
peak_per_day(const struct scenario *s, const struct arrival_stream *st)
{
    int32_t first = scn_first_day(s);
    double g = 1 + st->growth_per_year;

    /* No arrivals at all, whatever the factors (inf x 0 would be nan). */
    if (st->rate_per_day == 0)
        return 0;
    double lo = pow(g, (first - s->start_day) / 365.25);
    double hi = pow(g, (s->end_day - s->start_day) / 365.25);

    return st->rate_per_day * max_of(st->hour_of_day_weights, 24) *
           max_of(st->day_of_week_weights, 7) *
           max_of(st->month_of_year_weights, 12) * (lo > hi ? lo : hi) *
           max_window_product(st, first, s->end_day);
}

/*
 * Each stream's peak rate is bounded, so that no combination of
 * weights, growth and overlapping windows asks the model for an
 * unbounded number of arrivals.  Checked once everything else is valid
 * (the dates and every factor must be read).
 */
void
rule_peak_rates(struct ctx *c, const struct walk *w)
{
    const struct scenario *s = top(w);
    const cJSON *arr = get(w->obj, "arrivals");

    if (c->err->total > 0)
        return;
    for (int a = 0; a < ARR_N; a++) {
        double peak = peak_per_day(s, &s->arrivals[a]);
        const char *name = scn_stream_name((enum arr_stream)a);
        size_t m1, m2;

        if (peak <= MAX_PEAK_PER_DAY)
            continue;
        m1 = path_key(c, "arrivals", arr);
        m2 = path_key(c, name, arr ? get(arr, name) : NULL);
        fail(c,
             "peak arrival rate %.3g per day (rate_per_day x largest "
             "weights x growth x windows) is above %.0f per day",
             peak, MAX_PEAK_PER_DAY);
        path_pop(c, m2);
        path_pop(c, m1);
    }
}
