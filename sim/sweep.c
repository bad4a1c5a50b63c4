/*
 * sweep: grid points over scenario keys, each point a full set of
 * replications with common random numbers (size.c searches them).
 */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "results.h"
#include "scenario.h"
#include "sweep_int.h"
#include "util.h"

static int
parse_number(const char *s, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    return errno || end == s || *end || !isfinite(*out) ? -1 : 0;
}

int
sweep_parse_vary(const char *arg, int step_required, struct vary *v, char *err,
                 size_t err_len)
{
    const char *eq = strchr(arg, '=');
    char nums[128], *parts[3] = {NULL, NULL, NULL}, *p;
    size_t klen, np = 0;
    double span;

    memset(v, 0, sizeof(*v));
    if (!eq || eq == arg) {
        snprintf(err, err_len, "--vary: expected KEY=%s, got '%s'",
                 step_required ? "FROM:TO:STEP" : "MIN:MAX", arg);
        return -1;
    }
    klen = (size_t)(eq - arg);
    if (klen >= sizeof(v->key) || strlen(eq + 1) >= sizeof(nums)) {
        snprintf(err, err_len, "--vary: '%s' is too long", arg);
        return -1;
    }
    memcpy(v->key, arg, klen);
    v->key[klen] = '\0';
    strcpy(nums, eq + 1);
    for (p = nums; np < 3; np++) {
        parts[np] = p;
        p = strchr(p, ':');
        if (!p) {
            np++;
            break;
        }
        *p++ = '\0';
    }
    if (p || np < 2 || (step_required && np != 3)) {
        snprintf(err, err_len, "--vary %s: expected %s after '=', got '%s'",
                 v->key, step_required ? "FROM:TO:STEP" : "MIN:MAX[:STEP]",
                 eq + 1);
        return -1;
    }
    v->step = 1;
    if (parse_number(parts[0], &v->from) || parse_number(parts[1], &v->to) ||
        (np == 3 && parse_number(parts[2], &v->step))) {
        snprintf(err, err_len, "--vary %s: '%s' is not a list of numbers",
                 v->key, eq + 1);
        return -1;
    }
    if (!(v->step > 0) || v->to < v->from) {
        snprintf(err, err_len,
                 "--vary %s: need FROM <= TO and STEP > 0, got %g:%g:%g",
                 v->key, v->from, v->to, v->step);
        return -1;
    }
    span = (v->to - v->from) / v->step;
    if (span > 10000) {
        snprintf(err, err_len,
                 "--vary %s: %g points is too many (10000 at "
                 "most)",
                 v->key, floor(span) + 1);
        return -1;
    }
    /* Tolerate rounding: 0.1:0.3:0.1 has three points. */
    v->n = (size_t)floor(span + 1e-9) + 1;
    return 0;
}

/* "unknown KPI" with the nearest names, or where to find them all. */
static void
unknown_kpi(const char *arg, const char *name, char *err, size_t err_len)
{
    size_t nk, near[3], n_near;
    const struct kpi_def *tab = kpi_table(&nk);
    const char **names = xmalloc(nk * sizeof(*names));
    char hint[256] = "";
    size_t len = 0;

    for (size_t k = 0; k < nk; k++)
        names[k] = tab[k].name;
    n_near = util_suggest(name, names, nk, near, ARRAY_LEN(near));
    for (size_t i = 0; i < n_near; i++)
        len += (size_t)snprintf(hint + len, sizeof(hint) - len, "%s'%s'",
                                i == 0            ? " (did you mean "
                                : i + 1 == n_near ? " or "
                                                  : ", ",
                                names[near[i]]);
    if (n_near)
        snprintf(hint + len, sizeof(hint) - len, "?)");
    snprintf(err, err_len,
             "--target %s: unknown KPI '%s'%s; `uecsim kpis` lists every KPI",
             arg, name, hint);
    free(names);
}

int
sweep_parse_target(const char *arg, struct target *t, char *err, size_t err_len)
{
    const char *op = strstr(arg, "<=");
    const struct kpi_def *tab;
    char name[96];
    size_t len, nk;

    memset(t, 0, sizeof(*t));
    t->at_most = 1;
    if (!op) {
        op = strstr(arg, ">=");
        t->at_most = 0;
    }
    if (!op || op == arg) {
        snprintf(err, err_len,
                 "--target: expected KPI<=VALUE or KPI>=VALUE, got '%s'", arg);
        return -1;
    }
    len = (size_t)(op - arg);
    if (len >= sizeof(name)) {
        snprintf(err, err_len, "--target: '%s' is too long", arg);
        return -1;
    }
    memcpy(name, arg, len);
    name[len] = '\0';
    t->kpi = kpi_find(name);
    if (t->kpi < 0) {
        unknown_kpi(arg, name, err, err_len);
        return -1;
    }
    if (parse_number(op + 2, &t->value)) {
        snprintf(err, err_len, "--target %s: '%s' is not a number", arg,
                 op + 2);
        return -1;
    }
    tab = kpi_table(&nk);
    if (tab[t->kpi].share && (t->value < 0 || t->value > 1)) {
        char hint[80] = "";

        /* 80 for 80 % is the likely slip. */
        if (t->value > 1 && t->value <= 100)
            snprintf(hint, sizeof(hint),
                     ", not a percentage (did you mean %g?)", t->value / 100);
        snprintf(err, err_len,
                 "--target %s: %s is a share, a fraction from 0 to 1%s", arg,
                 name, hint);
        return -1;
    }
    snprintf(t->text, sizeof(t->text), "%s", arg);
    return 0;
}

/*
 * The overrides for one point: the user's, then each varied key as a
 * vary point; a capacity with a dated schedule is cleared of it, so it
 * is constant.  out has room for n_ov + 2 * SWEEP_MAX_KEYS.
 */
static size_t
point_overrides(const struct sweep_spec *sp, const double *x, char (*buf)[192],
                struct scn_override *out)
{
    char sched[160];
    size_t n = 0;

    for (size_t i = 0; i < sp->n_ov; i++)
        out[n++] = sp->ov[i];
    for (size_t k = 0; k < sp->n_keys; k++) {
        snprintf(buf[2 * k], 192, "%.127s=%.10g", sp->vary[k].key, x[k]);
        out[n].kind = SCN_OV_VARY;
        out[n++].text = buf[2 * k];
        if (scn_schedule_key(sp->vary[k].key, sched, sizeof(sched))) {
            snprintf(buf[2 * k + 1], 192, "%s=[]", sched);
            out[n].kind = SCN_OV_VARY;
            out[n++].text = buf[2 * k + 1];
        }
    }
    return n;
}

/* Choose sp's period in a loaded scenario; 0, or -1 with the message in
 * *err and s released. */
static int
select_period(const struct sweep_spec *sp, struct scenario *s,
              struct scn_errors *err)
{
    if (scn_select_period(s, sp->period, 0, err->msg[0], sizeof(err->msg[0])) ==
        0)
        return 0;
    err->n = err->total = 1;
    scn_release(s);
    return -1;
}

int
sweep_load(const struct sweep_spec *sp, struct scenario *s,
           struct scn_errors *err)
{
    char buf[2 * SWEEP_MAX_KEYS][192];
    double x[SWEEP_MAX_KEYS] = {sp->vary[0].from, sp->vary[1].from};
    struct scn_override *all =
        xmalloc((sp->n_ov + 2 * SWEEP_MAX_KEYS) * sizeof(*all));
    size_t n = point_overrides(sp, x, buf, all);
    int rc = scn_load_overrides(sp->path, all, n, s, err);

    free(all);
    if (rc)
        return -1;
    return select_period(sp, s, err);
}

/* Deep copies of the scenario's plan targets, for the charts. */
static void
copy_plan(struct sweep *sw, const struct scenario *s)
{
    sw->n_plan = s->n_targets;
    sw->plan = xcalloc(s->n_targets ? s->n_targets : 1, sizeof(*sw->plan));
    for (size_t i = 0; i < s->n_targets; i++) {
        const struct scn_target *t = &s->targets[i];

        sw->plan[i] = *t;
        sw->plan[i].kpi = t->kpi ? xstrdup(t->kpi) : NULL;
        sw->plan[i].label = t->label ? xstrdup(t->label) : NULL;
        sw->plan[i].source = t->source ? xstrdup(t->source) : NULL;
    }
}

/* sweep_int.h: one point, a full set of replications. */
int
sweep_eval_point(const struct sweep_spec *sp, const double *x, size_t total,
                 struct sweep *sw, struct sweep_point *p,
                 struct scn_errors *err)
{
    char buf[2 * SWEEP_MAX_KEYS][192];
    struct scn_override *all =
        xmalloc((sp->n_ov + 2 * SWEEP_MAX_KEYS) * sizeof(*all));
    size_t n = point_overrides(sp, x, buf, all);
    struct run_opts o = sp->run;
    struct scenario s;
    struct run r;
    size_t nk, n_months, m0;
    int rc;

    if (sp->on_point)
        sp->on_point(sp->ctx, x, sw->n_points, total);
    memset(err, 0, sizeof(*err));
    rc = scn_load_overrides(sp->path, all, n, &s, err);
    free(all);
    if (rc || select_period(sp, &s, err))
        return -1;
    o.quiet = 1;
    o.keep = 0;
    o.each = NULL;
    memset(&r, 0, sizeof(r));
    kpi_table(&nk);
    if (sp->fetch) {
        /* A merge: the point as a shard ran it. */
        if (sp->fetch(sp->fetch_ctx, sw->n_points, x, p, sw->run_error,
                      sizeof(sw->run_error)) != 0) {
            scn_release(&s);
            return -1;
        }
        r.replications = o.replications ? o.replications : s.replications;
        r.seed = o.seed_set ? o.seed : s.seed;
        r.threads = run_threads(&o);
        n_months = sweep_period_months(&s, &m0);
        goto describe;
    }
    if (run_replications(&s, &o, &r)) {
        /* The model's watchdog stopped a replication: not the scenario. */
        snprintf(sw->run_error, sizeof(sw->run_error), "%s: %s", sp->path,
                 r.error);
        run_release(&r);
        scn_release(&s);
        return -1;
    }
    memset(p, 0, sizeof(*p));
    for (size_t k = 0; k < sp->n_keys; k++)
        p->x[k] = x[k];
    p->n_reps = r.res->n_reps;
    p->kpi = xcalloc(nk, sizeof(*p->kpi));
    for (size_t k = 0; k < nk; k++)
        results_sel(r.res, k, &p->kpi[k]);
    n_months = results_period_months(r.res, r.res->sel, &m0);
    if (sp->keep_months) {
        p->month = xcalloc((n_months ? n_months : 1) * nk, sizeof(*p->month));
        for (size_t m = 0; m < n_months; m++)
            for (size_t k = 0; k < nk; k++)
                results_month(r.res, m0 + m, k, &p->month[m * nk + k]);
    }
    if (o.n_count) {
        p->hits = xcalloc(o.n_count, sizeof(*p->hits));
        for (size_t i = 0; i < o.n_count; i++)
            p->hits[i] = results_hits(r.res, i);
    }
describe:
    if (o.precision) {
        /* -r auto: each point as many as it needs; say the most. */
        sw->auto_reps = 1;
        sw->auto_rel =
            o.precision->rel > 0 ? o.precision->rel : PREC_DEFAULT_REL;
        sw->auto_max = o.precision->max_reps;
    }
    if (sw->name && r.replications > sw->replications)
        sw->replications = r.replications;
    if (!sw->name) {
        int sel = scn_selected_period(&s);
        int32_t from = s.start_day, to = s.end_day;

        if (sel >= 0)
            scn_period_days(&s, (size_t)sel, &from, &to);
        sw->name = xstrdup(s.name);
        sw->title = xstrdup(scn_title(&s));
        sw->period = sel >= 0 ? xstrdup(s.report_periods[sel].name) : NULL;
        sw->replications = r.replications;
        sw->seed = r.seed;
        sw->threads = r.threads;
        sw->start_day = from;
        sw->n_months = n_months;
        copy_plan(sw, &s);
    }
    run_release(&r);
    scn_release(&s);
    return 0;
}

const char *
sweep_up_to(const struct sweep *sw)
{
    return sw->auto_reps ? "up to " : "";
}

void
sweep_month_label(const struct sweep *sw, int m, char *buf)
{
    int mm = cal_month(sw->start_day) - 1 + m;

    snprintf(buf, 16, "%04d-%02d", cal_year(sw->start_day) + mm / 12,
             mm % 12 + 1);
}

void
sweep_point_release(struct sweep_point *p)
{
    free(p->kpi);
    free(p->month);
    free(p->hits);
    p->kpi = NULL;
    p->month = NULL;
    p->hits = NULL;
}

/* Owned copies of the texts of the overrides of one kind. */
static char **
copy_texts(const struct sweep_spec *sp, enum scn_ov_kind kind, size_t *n)
{
    char **out = xcalloc(sp->n_ov ? sp->n_ov : 1, sizeof(*out));

    *n = 0;
    for (size_t i = 0; i < sp->n_ov; i++)
        if (sp->ov[i].kind == kind)
            out[(*n)++] = xstrdup(sp->ov[i].text);
    return out;
}

static void
free_texts(char **t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i]);
    free(t);
}

void
sweep_release(struct sweep *s)
{
    for (size_t i = 0; i < s->n_points; i++)
        sweep_point_release(&s->point[i]);
    for (size_t i = 0; i < s->n_plan; i++) {
        free(s->plan[i].kpi);
        free(s->plan[i].label);
        free(s->plan[i].source);
    }
    free(s->plan);
    free(s->point);
    free(s->name);
    free(s->title);
    free(s->period);
    s->title = s->period = NULL;
    free_texts(s->overrides, s->n_overrides);
    free_texts(s->shifts, s->n_shifts);
    s->overrides = s->shifts = NULL;
    s->n_overrides = s->n_shifts = 0;
    s->plan = NULL;
    s->n_plan = 0;
    s->point = NULL;
    s->name = NULL;
    s->n_points = 0;
}

double
sweep_bound(const struct summary *sm, int at_most, double conf)
{
    double h;

    if (sm->n == 0 || !isfinite(sm->mean))
        return NAN;
    /* One-sided at conf is the two-sided interval at 2 conf - 1. */
    h = stats_ci_halfwidth(sm->sd, sm->n, 2 * conf - 1);
    return at_most ? sm->mean + h : sm->mean - h;
}

int
sweep_holds(const struct sweep_point *p, const struct target *t,
            size_t n_targets, double conf)
{
    for (size_t i = 0; i < n_targets; i++) {
        double b = sweep_bound(&p->kpi[t[i].kpi], t[i].at_most, conf);

        if (!isfinite(b))
            return 0;
        if (t[i].at_most ? b > t[i].value : b < t[i].value)
            return 0;
    }
    return 1;
}

/* --- the grid ---------------------------------------------------- */

void
sweep_begin(const struct sweep_spec *sp, size_t max_points, struct sweep *sw)
{
    memset(sw, 0, sizeof(*sw));
    sw->n_keys = sp->n_keys;
    memcpy(sw->vary, sp->vary, sizeof(sw->vary));
    sw->point = xcalloc(max_points, sizeof(*sw->point));
    sw->overrides = copy_texts(sp, SCN_OV_SET, &sw->n_overrides);
    sw->shifts = copy_texts(sp, SCN_OV_SHIFT, &sw->n_shifts);
}

size_t
sweep_period_months(const struct scenario *s, size_t *m0)
{
    int p = scn_selected_period(s);
    int32_t from, to;

    *m0 = 0;
    if (p < 0)
        return model_report_months(s);
    scn_period_days(s, (size_t)p, &from, &to);
    if (to < from)
        return 0;
    *m0 = (size_t)(cal_month_index(from) - cal_month_index(s->start_day));
    return (size_t)(cal_month_index(to) - cal_month_index(from) + 1);
}

int
sweep_grid(const struct sweep_spec *sp, struct sweep *out,
           struct scn_errors *err)
{
    size_t n0 = sp->vary[0].n, n1 = sp->n_keys > 1 ? sp->vary[1].n : 1;
    size_t g = 0, lo = sp->shard_first,
           hi = sp->shard_count ? lo + sp->shard_count : n0 * n1;

    sweep_begin(sp, n0 * n1, out);
    for (size_t j = 0; j < n1; j++) {
        for (size_t i = 0; i < n0; i++, g++) {
            double x[SWEEP_MAX_KEYS];

            /* --shard: only this share's points. */
            if (g < lo || g >= hi)
                continue;
            x[0] = sp->vary[0].from + (double)i * sp->vary[0].step;
            x[1] = n1 > 1 ? sp->vary[1].from + (double)j * sp->vary[1].step : 0;
            if (sweep_eval_point(sp, x, n0 * n1, out,
                                 &out->point[out->n_points], err) != 0)
                return -1;
            out->n_points++;
        }
    }
    return 0;
}
