/*
 * sweep: grid points and size searches over scenario keys, each point a
 * full set of replications with common random numbers.
 */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "output.h"
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
        snprintf(buf[2 * k], 192, "%s=%.10g", vary[k].key, x[k]);
        out[n++] = buf[2 * k];
        if (scn_schedule_key(vary[k].key, sched, sizeof(sched))) {
            snprintf(buf[2 * k + 1], 192, "%s=[]", sched);
            out[n++] = buf[2 * k + 1];
        }
    }
    return n;
}

int
sweep_eval(const char *path, const char *const *sets, size_t n_sets,
           const struct vary *vary, size_t n_keys, const double *x,
           const struct run_opts *o, struct sweep_point *p, struct sweep *meta)
{
    char buf[2 * SWEEP_MAX_KEYS][192];
    const char **all = xmalloc((n_sets + 2 * SWEEP_MAX_KEYS) * sizeof(*all));
    size_t n = point_sets(sets, n_sets, vary, n_keys, x, buf, all);
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    struct scenario s;
    struct run r;
    size_t nk;
    double *vals;
    int rc = scn_load_with(path, all, n, &s, err);

    free(all);
    if (rc) {
        for (size_t i = 0; i < err->n; i++)
            fprintf(stderr, "uecsim: %s\n", err->msg[i]);
        free(err);
        return 2;
    }
    free(err);
    run_replications(&s, o, &r);
    kpi_table(&nk);
    memset(p, 0, sizeof(*p));
    for (size_t k = 0; k < n_keys; k++)
        p->x[k] = x[k];
    p->kpi = xcalloc(nk, sizeof(*p->kpi));
    vals = xmalloc(r.replications * sizeof(double));
    for (size_t k = 0; k < nk; k++) {
        out_kpi_values(&r, k, -1, vals);
        stats_summarise(vals, r.replications, 1, &p->kpi[k]);
    }
    free(vals);
    if (meta && !meta->name) {
        meta->name = xstrdup(s.name);
        meta->replications = r.replications;
        meta->seed = r.seed;
        meta->threads = r.threads;
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
    free(s->point);
    free(s->name);
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
