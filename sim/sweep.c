/*
 * sweep: grid points and size searches over scenario keys, each point a
 * full set of replications with common random numbers.
 */
#include "sweep.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "results.h"
#include "scenario.h"
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
    return rc ? -1 : 0;
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

/*
 * Run the scenario at one point: the user's sets plus key=x for each
 * varied key.  Fills *p, and sw's description from the first point;
 * total is the grid size for the progress callback (0: not known).
 * Returns 0, or -1 with the scenario's messages in *err.
 */
static int
eval_point(const struct sweep_spec *sp, const double *x, size_t total,
           struct sweep *sw, struct sweep_point *p, struct scn_errors *err)
{
    char buf[2 * SWEEP_MAX_KEYS][192];
    struct scn_override *all =
        xmalloc((sp->n_ov + 2 * SWEEP_MAX_KEYS) * sizeof(*all));
    size_t n = point_overrides(sp, x, buf, all);
    struct run_opts o = sp->run;
    struct scenario s;
    struct run r;
    size_t nk;
    int rc;

    if (sp->on_point)
        sp->on_point(sp->ctx, x, sw->n_points, total);
    memset(err, 0, sizeof(*err));
    rc = scn_load_overrides(sp->path, all, n, &s, err);
    free(all);
    if (rc)
        return -1;
    o.quiet = 1;
    o.keep = 0;
    if (run_replications(&s, &o, &r)) {
        /* The model's watchdog stopped a replication: not the scenario. */
        snprintf(sw->run_error, sizeof(sw->run_error), "%s: %s", sp->path,
                 r.error);
        run_release(&r);
        scn_release(&s);
        return -1;
    }
    kpi_table(&nk);
    memset(p, 0, sizeof(*p));
    for (size_t k = 0; k < sp->n_keys; k++)
        p->x[k] = x[k];
    p->n_reps = r.res->n_reps;
    p->kpi = xcalloc(nk, sizeof(*p->kpi));
    for (size_t k = 0; k < nk; k++)
        results_kpi(r.res, k, &p->kpi[k]);
    if (sp->keep_months) {
        p->month = xcalloc(r.res->n_months * nk, sizeof(*p->month));
        for (size_t m = 0; m < r.res->n_months; m++)
            for (size_t k = 0; k < nk; k++)
                results_month(r.res, m, k, &p->month[m * nk + k]);
    }
    if (o.n_count) {
        p->hits = xcalloc(o.n_count, sizeof(*p->hits));
        for (size_t i = 0; i < o.n_count; i++)
            p->hits[i] = results_hits(r.res, i);
    }
    if (!sw->name) {
        sw->name = xstrdup(s.name);
        sw->replications = r.replications;
        sw->seed = r.seed;
        sw->threads = r.threads;
        sw->start_day = r.res->start_day;
        sw->n_months = r.res->n_months;
        copy_plan(sw, &s);
    }
    run_release(&r);
    scn_release(&s);
    return 0;
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

/* --- the grid and the search ---------------------------------------------- */

static void
sweep_start(const struct sweep_spec *sp, size_t max_points, struct sweep *sw)
{
    memset(sw, 0, sizeof(*sw));
    sw->n_keys = sp->n_keys;
    memcpy(sw->vary, sp->vary, sizeof(sw->vary));
    sw->point = xcalloc(max_points, sizeof(*sw->point));
    sw->overrides = copy_texts(sp, SCN_OV_SET, &sw->n_overrides);
    sw->shifts = copy_texts(sp, SCN_OV_SHIFT, &sw->n_shifts);
}

int
sweep_grid(const struct sweep_spec *sp, struct sweep *out,
           struct scn_errors *err)
{
    size_t n0 = sp->vary[0].n, n1 = sp->n_keys > 1 ? sp->vary[1].n : 1;

    sweep_start(sp, n0 * n1, out);
    for (size_t j = 0; j < n1; j++) {
        for (size_t i = 0; i < n0; i++) {
            double x[SWEEP_MAX_KEYS];

            x[0] = sp->vary[0].from + (double)i * sp->vary[0].step;
            x[1] = n1 > 1 ? sp->vary[1].from + (double)j * sp->vary[1].step : 0;
            if (eval_point(sp, x, n0 * n1, out, &out->point[out->n_points],
                           err) != 0)
                return -1;
            out->n_points++;
        }
    }
    return 0;
}

/* --- judging targets -------------------------------------------------------
 */

size_t
size_tests(const struct size_spec *z, size_t n_months)
{
    int by_month = z->every_month && z->in_share == 0 && n_months > 0;

    return z->n_targets * (by_month ? n_months : 1);
}

/* Each test's confidence when every claim must hold at once. */
static double
test_conf_of(const struct size_spec *z, size_t n_months)
{
    return 1 - (1 - z->confidence) / (double)size_tests(z, n_months);
}

/* The relative margin of a bound b over target t: > 0 holds. */
static double
margin_of(const struct target *t, double b)
{
    double scale = fabs(t->value) > 0 ? fabs(t->value) : 1;

    return (t->at_most ? t->value - b : b - t->value) / scale;
}

void
size_check(const struct size_spec *z, const struct sweep_point *p,
           size_t n_months, size_t i, double test_conf, struct size_check *out)
{
    const struct target *t = &z->t[i];
    size_t nk;

    kpi_table(&nk);
    memset(out, 0, sizeof(*out));
    out->month = -1;
    if (z->in_share > 0) {
        assert(p->hits);
        out->hits = p->hits[i];
        out->bound = p->n_reps > 0
                         ? stats_share_lower(p->hits[i], p->n_reps, test_conf)
                         : (double)NAN;
        out->margin = out->bound - z->in_share;
    } else if (!z->every_month) {
        out->bound = sweep_bound(&p->kpi[t->kpi], t->at_most, test_conf);
        out->margin = margin_of(t, out->bound);
    } else {
        assert(p->month && n_months > 0);
        out->margin = INFINITY;
        for (size_t m = 0; m < n_months; m++) {
            double b =
                sweep_bound(&p->month[m * nk + t->kpi], t->at_most, test_conf);
            double mg = margin_of(t, b);

            /* An undefined month decides: nothing can be claimed. */
            if (!(mg >= out->margin)) {
                out->margin = mg;
                out->bound = b;
                out->month = (int)m;
            }
            if (isnan(mg))
                break;
        }
    }
    out->holds = out->margin >= 0; /* NAN: no */
}

int
size_holds(const struct size_spec *z, const struct sweep_point *p,
           size_t n_months, double test_conf)
{
    for (size_t i = 0; i < z->n_targets; i++) {
        struct size_check c;

        size_check(z, p, n_months, i, test_conf, &c);
        if (!c.holds)
            return 0;
    }
    return 1;
}

void
size_trend_of(int holds_lo, int holds_hi, int at_most, double mean_lo,
              double mean_hi, struct size_trend *out)
{
    out->holds_lo = holds_lo;
    out->holds_hi = holds_hi;
    if (!holds_lo && holds_hi) {
        out->cls = SIZE_NEEDS_HIGH;
        out->improves = 1;
        return;
    }
    if (holds_lo && !holds_hi) {
        out->cls = SIZE_NEEDS_LOW;
        out->improves = -1;
        return;
    }
    out->cls = holds_lo ? SIZE_HOLDS_BOTH : SIZE_MISSES_BOTH;
    if (!isfinite(mean_lo) || !isfinite(mean_hi) || mean_lo == mean_hi)
        out->improves = 0;
    else
        out->improves = (mean_hi < mean_lo) == (at_most != 0) ? 1 : -1;
}

uint32_t
size_min_reps(double in_share, double conf)
{
    double guess = ceil(log(1 - conf) / log(in_share));
    uint32_t n;

    assert(in_share > 0 && in_share < 1 && conf > 0 && conf < 1);
    n = guess < 1 ? 1 : guess > 1e6 ? 1000000 : (uint32_t)guess;
    /* The estimate in exact arithmetic; settle it on the bound itself. */
    while (n < 1000000 && stats_share_lower(n, n, conf) < in_share)
        n++;
    while (n > 1 && stats_share_lower(n - 1, n - 1, conf) >= in_share)
        n--;
    return n;
}

/* --- the search ------------------------------------------------------------
 */

/* The search's state: the point index of each grid value, or -1. */
struct search {
    const struct sweep_spec *sp;
    const struct size_spec *z;
    double conf; /* each test's */
    struct sweep *sw;
    int *idx;
    struct scn_errors *err;
};

/* Evaluate grid value i unless it has been; 0 or -1. */
static int
search_eval(struct search *s, size_t i)
{
    const struct vary *v = &s->sp->vary[0];
    double x[SWEEP_MAX_KEYS] = {v->from + (double)i * v->step, 0};

    if (s->idx[i] >= 0)
        return 0;
    if (eval_point(s->sp, x, 0, s->sw, &s->sw->point[s->sw->n_points],
                   s->err) != 0)
        return -1;
    s->idx[i] = (int)s->sw->n_points++;
    return 0;
}

static const struct sweep_point *
at(const struct search *s, size_t i)
{
    assert(s->idx[i] >= 0);
    return &s->sw->point[s->idx[i]];
}

/* Whether every target of class cls holds at evaluated grid value i. */
static int
class_holds(const struct search *s, const struct size_result *res, size_t i,
            enum size_class cls)
{
    for (size_t t = 0; t < s->z->n_targets; t++) {
        struct size_check c;

        if (res->trend[t].cls != cls)
            continue;
        size_check(s->z, at(s, i), s->sw->n_months, t, s->conf, &c);
        if (!c.holds)
            return 0;
    }
    return 1;
}

/*
 * Bisect between grid values lo and hi for the boundary of the targets
 * of class cls: with SIZE_NEEDS_HIGH they miss at lo and hold at hi, and
 * *edge becomes the smallest value where they hold; with SIZE_NEEDS_LOW
 * the other way round, and *edge the largest.  *other is the neighbour
 * on the failing side.  0 or -1.
 */
static int
bisect(struct search *s, const struct size_result *res, size_t lo, size_t hi,
       enum size_class cls, size_t *edge, size_t *other)
{
    int high = cls == SIZE_NEEDS_HIGH;

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;

        if (search_eval(s, mid))
            return -1;
        if (class_holds(s, res, mid, cls) == high)
            hi = mid;
        else
            lo = mid;
    }
    *edge = high ? hi : lo;
    *other = high ? lo : hi;
    return 0;
}

/* The evaluated point that misses by least (its worst target). */
static int
closest(const struct search *s)
{
    int best = -1;
    double best_miss = INFINITY;

    for (size_t i = 0; i < s->sw->n_points; i++) {
        double miss = -INFINITY;

        for (size_t t = 0; t < s->z->n_targets; t++) {
            struct size_check c;

            size_check(s->z, &s->sw->point[i], s->sw->n_months, t, s->conf, &c);
            miss = isnan(c.margin)    ? (double)INFINITY
                   : -c.margin > miss ? -c.margin
                                      : miss;
        }
        if (best < 0 || miss < best_miss) {
            best = (int)i;
            best_miss = miss;
        }
    }
    return best;
}

/* Classify the targets at the two ends, then find the answer. */
static int
search_run(struct search *s, struct size_result *res)
{
    size_t n = s->sp->vary[0].n, lo = 0, hi = n - 1, xr = lo, xf = hi, nb;
    size_t nk;
    int need_high = 0, need_low = 0, misses = 0, rises = 0, falls = 0;

    kpi_table(&nk);
    for (size_t t = 0; t < s->z->n_targets; t++) {
        struct size_check a, b;
        int k = s->z->t[t].kpi;

        size_check(s->z, at(s, lo), s->sw->n_months, t, s->conf, &a);
        size_check(s->z, at(s, hi), s->sw->n_months, t, s->conf, &b);
        size_trend_of(a.holds, b.holds, s->z->t[t].at_most,
                      at(s, lo)->kpi[k].mean, at(s, hi)->kpi[k].mean,
                      &res->trend[t]);
        need_high |= res->trend[t].cls == SIZE_NEEDS_HIGH;
        need_low |= res->trend[t].cls == SIZE_NEEDS_LOW;
        misses |= res->trend[t].cls == SIZE_MISSES_BOTH;
        rises |= res->trend[t].improves > 0;
        falls |= res->trend[t].improves < 0;
    }
    if (misses) {
        res->why = SIZE_WHY_MISSES;
        res->best = closest(s);
        return 0;
    }
    if (need_high && bisect(s, res, lo, hi, SIZE_NEEDS_HIGH, &xr, &nb))
        return -1;
    if (need_high)
        res->below = s->idx[nb];
    if (need_low && bisect(s, res, lo, hi, SIZE_NEEDS_LOW, &xf, &nb))
        return -1;
    if (need_low && !need_high)
        res->above = s->idx[nb];
    if (xr > xf) {
        res->why = SIZE_WHY_CONFLICT;
        res->below = res->above = -1;
        res->smallest = s->idx[xr]; /* where the rising targets start */
        res->largest = s->idx[xf];  /* where the falling ones end */
        res->best = closest(s);
        return 0;
    }
    res->smallest = s->idx[xr];
    res->largest = s->idx[xf];
    if (need_high) {
        res->why = need_low ? SIZE_WHY_WINDOW : SIZE_WHY_SMALLEST;
        res->answer = s->idx[xr];
    } else if (need_low) {
        res->why = SIZE_WHY_LARGEST;
        res->answer = s->idx[xf];
    } else {
        /* Unbounded in the range: the end the targets point past. */
        res->why = SIZE_WHY_EVERYWHERE;
        res->answer = s->idx[falls && !rises ? hi : lo];
    }
    if (!size_holds(s->z, &s->sw->point[res->answer], s->sw->n_months,
                    s->conf)) {
        res->why = SIZE_WHY_UNSTABLE;
        res->best = closest(s);
        res->answer = res->below = res->above = -1;
        res->smallest = res->largest = -1;
    }
    return 0;
}

int
sweep_size(const struct sweep_spec *spec, const struct size_spec *z,
           struct sweep *out, struct size_result *res, struct scn_errors *err)
{
    struct sweep_spec sp = *spec;
    struct results_criterion crit[SWEEP_MAX_TARGETS];
    size_t n = sp.vary[0].n;
    struct search s = {&sp, z, 0, out, xmalloc(n * sizeof(int)), err};
    int rc;

    assert(sp.n_keys == 1 && n >= 1);
    assert(z->n_targets >= 1 && z->n_targets <= SWEEP_MAX_TARGETS);
    memset(res, 0, sizeof(*res));
    res->answer = res->below = res->above = res->best = -1;
    res->smallest = res->largest = -1;
    for (size_t i = 0; i < n; i++)
        s.idx[i] = -1;
    if (z->in_share > 0) {
        for (size_t i = 0; i < z->n_targets; i++) {
            crit[i].kpi = (size_t)z->t[i].kpi;
            crit[i].at_most = z->t[i].at_most;
            crit[i].value = z->t[i].value;
            crit[i].every_month = z->every_month;
        }
        sp.run.count = crit;
        sp.run.n_count = z->n_targets;
    }
    sp.keep_months = z->every_month && z->in_share == 0;
    /* Two bisections over at most 10000 values need about 30 points. */
    sweep_start(&sp, 64, out);
    rc = search_eval(&s, 0);
    if (!rc)
        rc = search_eval(&s, n - 1);
    if (!rc) {
        res->n_tests = size_tests(z, out->n_months);
        res->test_conf = s.conf = test_conf_of(z, out->n_months);
        rc = search_run(&s, res);
    }
    free(s.idx);
    return rc ? -1 : 0;
}

/* --- saying why ------------------------------------------------------------
 */

struct text {
    char *buf;
    size_t len, cap;
};

static void text_add(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->len >= t->cap)
        return;
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
}

/* The targets of class cls (or all with cls < 0), as "a, b and c";
 * returns how many. */
static size_t
text_targets(struct text *t, const struct size_spec *z,
             const struct size_result *res, int cls)
{
    size_t n = 0, done = 0;

    for (size_t i = 0; i < z->n_targets; i++)
        n += cls < 0 || res->trend[i].cls == (enum size_class)cls;
    for (size_t i = 0; i < z->n_targets; i++) {
        if (cls >= 0 && res->trend[i].cls != (enum size_class)cls)
            continue;
        text_add(t, "%s%s",
                 done == 0       ? ""
                 : done + 1 == n ? " and "
                                 : ", ",
                 z->t[i].text);
        done++;
    }
    return n;
}

/* "; T holds at both ends", for targets the range does not bound. */
static void
text_both(struct text *t, const struct size_spec *z,
          const struct size_result *res)
{
    size_t n, mark = t->len;

    text_add(t, "; ");
    n = text_targets(t, z, res, SIZE_HOLDS_BOTH);
    if (n == 0) {
        t->len = mark;
        t->buf[mark] = '\0';
        return;
    }
    text_add(t, " hold%s at both ends", n > 1 ? "" : "s");
}

static double
value_at(const struct sweep *sw, int i)
{
    return sw->point[i].x[0];
}

void
size_explain(const struct sweep *sw, const struct size_spec *z,
             const struct size_result *res, char *buf, size_t len)
{
    struct text t = {buf, 0, len};
    const struct vary *v = &sw->vary[0];
    const char *key = v->key;
    size_t n;

    buf[0] = '\0';
    switch (res->why) {
    case SIZE_WHY_SMALLEST:
    case SIZE_WHY_WINDOW:
        n = text_targets(&t, z, res, SIZE_NEEDS_HIGH);
        text_add(&t, " improve%s as %s rises", n > 1 ? "" : "s", key);
        if (res->why == SIZE_WHY_WINDOW) {
            text_add(&t, ", and ");
            text_targets(&t, z, res, SIZE_NEEDS_LOW);
            text_add(&t,
                     " as it falls: every target holds from %g to %g, and "
                     "the answer is the smallest, %g",
                     value_at(sw, res->smallest), value_at(sw, res->largest),
                     value_at(sw, res->answer));
        } else {
            text_add(&t, ": the smallest value meeting every target is %g",
                     value_at(sw, res->answer));
        }
        if (res->below >= 0)
            text_add(&t, " (%g misses)", value_at(sw, res->below));
        text_both(&t, z, res);
        break;
    case SIZE_WHY_LARGEST:
        n = text_targets(&t, z, res, SIZE_NEEDS_LOW);
        text_add(&t,
                 " improve%s as %s falls: the largest value meeting every "
                 "target is %g",
                 n > 1 ? "" : "s", key, value_at(sw, res->answer));
        if (res->above >= 0)
            text_add(&t, " (%g misses)", value_at(sw, res->above));
        text_both(&t, z, res);
        break;
    case SIZE_WHY_EVERYWHERE:
        text_add(&t,
                 "every target holds at both ends of %g..%g, so the range "
                 "does not bound the answer",
                 v->from, v->to);
        if (value_at(sw, res->answer) == v->to)
            text_add(&t,
                     ": the targets improve as %s falls, so a value "
                     "above %g may also do; the answer is the top, %g",
                     key, v->to, v->to);
        else
            text_add(&t,
                     ": a value below %g may also do; the answer is the "
                     "bottom, %g",
                     v->from, v->from);
        break;
    case SIZE_WHY_MISSES:
        n = 0;
        for (size_t i = 0; i < z->n_targets; i++) {
            int d = res->trend[i].improves;

            if (res->trend[i].cls != SIZE_MISSES_BOTH)
                continue;
            text_add(&t, "%s%s misses at both ends of %g..%g", n++ ? "; " : "",
                     z->t[i].text, v->from, v->to);
            if (d > 0)
                text_add(&t,
                         "; it improves as %s rises, so a value above %g "
                         "may meet it",
                         key, v->to);
            else if (d < 0)
                text_add(&t,
                         "; it improves as %s falls, so a value below %g "
                         "may meet it",
                         key, v->from);
            else
                text_add(&t,
                         "; its mean is the same at both ends: %s does "
                         "not move it",
                         key);
        }
        break;
    case SIZE_WHY_CONFLICT:
        n = text_targets(&t, z, res, SIZE_NEEDS_HIGH);
        text_add(&t, " need%s %s at %g or more, but ", n > 1 ? "" : "s", key,
                 value_at(sw, res->smallest));
        n = text_targets(&t, z, res, SIZE_NEEDS_LOW);
        text_add(&t, " allow%s at most %g: no value meets every target",
                 n > 1 ? "" : "s", value_at(sw, res->largest));
        break;
    case SIZE_WHY_UNSTABLE:
        text_add(&t,
                 "the ends of %g..%g bracket an answer, but the value the "
                 "search settled on misses a target when checked: a KPI does "
                 "not move steadily with %s (noise between neighbouring "
                 "values); try more replications or a coarser step",
                 v->from, v->to, key);
        break;
    }
}
