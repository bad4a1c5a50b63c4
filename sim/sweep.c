/*
 * sweep: grid points and size searches over scenario keys, each point a
 * full set of replications with common random numbers.
 */
#include "sweep.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
sweep_parse_target(const char *arg, struct target *t, char *err, size_t err_len)
{
    const char *op = strstr(arg, "<=");
    char name[96];
    size_t len;

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
        snprintf(err, err_len,
                 "--target %s: unknown KPI '%s' (KPI names are the keys of "
                 "summary.json)",
                 arg, name);
        return -1;
    }
    if (parse_number(op + 2, &t->value)) {
        snprintf(err, err_len, "--target %s: '%s' is not a number", arg,
                 op + 2);
        return -1;
    }
    snprintf(t->text, sizeof(t->text), "%s", arg);
    return 0;
}

/*
 * The --set strings for one point: the user's, then the varied keys; a
 * capacity with a dated schedule is cleared of it, so it is constant.
 */
static size_t
point_sets(const char *const *sets, size_t n_sets, const struct vary *vary,
           size_t n_keys, const double *x, char (*buf)[192], const char **out)
{
    char sched[160];
    size_t n = 0;

    for (size_t i = 0; i < n_sets; i++)
        out[n++] = sets[i];
    for (size_t k = 0; k < n_keys; k++) {
        snprintf(buf[2 * k], 192, "%.127s=%.10g", vary[k].key, x[k]);
        out[n++] = buf[2 * k];
        if (scn_schedule_key(vary[k].key, sched, sizeof(sched))) {
            snprintf(buf[2 * k + 1], 192, "%s=[]", sched);
            out[n++] = buf[2 * k + 1];
        }
    }
    return n;
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
    const char **all =
        xmalloc((sp->n_sets + 2 * SWEEP_MAX_KEYS) * sizeof(*all));
    size_t n =
        point_sets(sp->sets, sp->n_sets, sp->vary, sp->n_keys, x, buf, all);
    struct run_opts o = sp->run;
    struct scenario s;
    struct run r;
    size_t nk;
    int rc;

    if (sp->on_point)
        sp->on_point(sp->ctx, x, sw->n_points, total);
    memset(err, 0, sizeof(*err));
    rc = scn_load_with(sp->path, all, n, &s, err);
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
    p->kpi = xcalloc(nk, sizeof(*p->kpi));
    for (size_t k = 0; k < nk; k++)
        results_kpi(r.res, k, &p->kpi[k]);
    if (!sw->name) {
        sw->name = xstrdup(s.name);
        sw->replications = r.replications;
        sw->seed = r.seed;
        sw->threads = r.threads;
        copy_plan(sw, &s);
    }
    run_release(&r);
    scn_release(&s);
    return 0;
}

void
sweep_point_release(struct sweep_point *p)
{
    free(p->kpi);
    p->kpi = NULL;
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

double
sweep_shortfall(const struct sweep_point *p, const struct target *t,
                size_t n_targets, double conf)
{
    double worst = 0;

    for (size_t i = 0; i < n_targets; i++) {
        double b = sweep_bound(&p->kpi[t[i].kpi], t[i].at_most, conf);
        double miss = t[i].at_most ? b - t[i].value : t[i].value - b;
        double scale = fabs(t[i].value) > 0 ? fabs(t[i].value) : 1;

        if (!isfinite(b))
            return INFINITY;
        if (miss / scale > worst)
            worst = miss / scale;
    }
    return worst;
}

/* --- the grid and the search ---------------------------------------------- */

static void
sweep_start(const struct sweep_spec *sp, size_t max_points, struct sweep *sw)
{
    memset(sw, 0, sizeof(*sw));
    sw->n_keys = sp->n_keys;
    memcpy(sw->vary, sp->vary, sizeof(sw->vary));
    sw->point = xcalloc(max_points, sizeof(*sw->point));
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

/* The search's state: the point index of each grid value, or -1. */
struct search {
    const struct sweep_spec *sp;
    const struct target *t;
    size_t n_targets;
    double conf;
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

/* Whether every target holds at evaluated grid value i. */
static int
search_holds(const struct search *s, size_t i)
{
    return sweep_holds(&s->sw->point[s->idx[i]], s->t, s->n_targets, s->conf);
}

static double
search_shortfall(const struct search *s, size_t i)
{
    return sweep_shortfall(&s->sw->point[s->idx[i]], s->t, s->n_targets,
                           s->conf);
}

int
sweep_size(const struct sweep_spec *sp, const struct target *t,
           size_t n_targets, double conf, struct sweep *out,
           struct size_result *res, struct scn_errors *err)
{
    size_t n = sp->vary[0].n, lo = 0, hi = n - 1;
    struct search s = {sp, t, n_targets, conf, out, xmalloc(n * sizeof(int)),
                       err};
    int rc;

    assert(sp->n_keys == 1 && n >= 1);
    res->answer = res->below = res->best = -1;
    for (size_t i = 0; i < n; i++)
        s.idx[i] = -1;
    /* Bisection over at most 10000 values needs about 16 points. */
    sweep_start(sp, 64, out);
    rc = search_eval(&s, hi);
    if (!rc)
        rc = search_eval(&s, lo);
    if (!rc && !search_holds(&s, hi)) {
        /* No value in the range can do: report the closer end. */
        res->best = search_shortfall(&s, lo) < search_shortfall(&s, hi)
                        ? s.idx[lo]
                        : s.idx[hi];
    } else if (!rc && search_holds(&s, lo)) {
        res->answer = s.idx[lo];
    } else if (!rc) {
        while (hi - lo > 1 && !rc) {
            size_t mid = lo + (hi - lo) / 2;

            rc = search_eval(&s, mid);
            if (rc)
                break;
            if (search_holds(&s, mid))
                hi = mid;
            else
                lo = mid;
        }
        res->answer = s.idx[hi];
        res->below = s.idx[lo];
    }
    free(s.idx);
    return rc ? -1 : 0;
}
