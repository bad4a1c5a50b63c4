/*
 * output_size: size.json, the verdict of a size search with how each
 * target was judged at every point evaluated.
 */
#include <math.h>
#include <stdio.h>

#include "kpi.h"
#include "output_int.h"
#include "wfile.h"

/* What a size search judged by, for the points' JSON. */
struct size_ctx {
    const struct sweep *sw;
    const struct size_spec *z;
    const struct size_result *res;
};

/* One point of a size search as JSON: value, verdict, target KPIs. */
static void
w_size_point(struct wfile *w, const struct size_ctx *x, int at)
{
    const struct sweep_point *p = &x->sw->point[at];
    const struct size_spec *z = x->z;
    double conf = x->res->test_conf;
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    wfile_printf(w, "{\"value\": ");
    wfile_num(w, p->x[0], "null");
    if (x->sw->auto_reps)
        wfile_printf(w, ", \"replications\": %u", p->n_reps);
    wfile_printf(w, ", \"targets_hold\": %s, \"kpis\": {",
                 size_holds(z, p, x->sw->n_months, conf) ? "true" : "false");
    for (size_t i = 0, n = 0; i < z->n_targets; i++) {
        const struct summary *sm = &p->kpi[z->t[i].kpi];
        int seen = 0;

        /* One member a KPI, even with two targets on it. */
        for (size_t j = 0; j < i; j++)
            seen |= z->t[j].kpi == z->t[i].kpi;
        if (seen)
            continue;
        wfile_printf(w, "%s\"%s\": {\"mean\": ", n++ ? ", " : "",
                     tab[z->t[i].kpi].name);
        wfile_num(w, sm->mean, "null");
        wfile_printf(w, ", \"ci95_low\": ");
        wfile_num(w, sm->ci95_low, "null");
        wfile_printf(w, ", \"ci95_high\": ");
        wfile_num(w, sm->ci95_high, "null");
        wfile_printf(w, ", \"bound\": ");
        wfile_num(w, sweep_bound(sm, z->t[i].at_most, conf), "null");
        wfile_printf(w, "}");
    }
    wfile_printf(w, "}, \"checks\": [");
    for (size_t i = 0; i < z->n_targets; i++) {
        struct size_check c;
        char month[16];

        size_check(z, p, x->sw->n_months, i, conf, &c);
        wfile_printf(w, "%s{\"target\": ", i ? ", " : "");
        wfile_json_string(w, z->t[i].text);
        wfile_printf(w, ", \"holds\": %s", c.holds ? "true" : "false");
        if (z->in_share > 0) {
            wfile_printf(
                w, ", \"replications_meeting\": %u, \"share_lower_bound\": ",
                c.hits);
            wfile_num(w, c.bound, "null");
        } else if (c.month >= 0) {
            sweep_month_label(x->sw, c.month, month);
            wfile_printf(
                w, ", \"worst_month\": \"%s\", \"worst_month_bound\": ", month);
            wfile_num(w, c.bound, "null");
        }
        wfile_printf(w, "}");
    }
    wfile_printf(w, "]}");
}

/* "key": the point's JSON, or null. */
static void
w_size_member(struct wfile *w, const char *key, const struct size_ctx *x, int i)
{
    wfile_printf(w, ",\n  \"%s\": ", key);
    if (i >= 0)
        w_size_point(w, x, i);
    else
        wfile_printf(w, "null");
}

static const char *const size_why_name[] = {
    [SIZE_WHY_SMALLEST] = "smallest",
    [SIZE_WHY_LARGEST] = "largest",
    [SIZE_WHY_WINDOW] = "window",
    [SIZE_WHY_EVERYWHERE] = "holds_everywhere",
    [SIZE_WHY_MISSES] = "misses_at_both_ends",
    [SIZE_WHY_CONFLICT] = "conflict",
    [SIZE_WHY_UNSTABLE] = "not_monotone",
};

/* How the search judged, and each target's trend over the range. */
static void
w_size_criteria(struct wfile *w, const struct size_ctx *x)
{
    const struct size_spec *z = x->z;
    const struct size_result *res = x->res;

    wfile_printf(w, ",\n  \"criterion\": \"%s\"",
                 z->in_share > 0 ? "share" : "mean");
    wfile_printf(w, ",\n  \"every_month\": %s",
                 z->every_month ? "true" : "false");
    wfile_printf(w, ",\n  \"in_share\": ");
    wfile_num(w, z->in_share > 0 ? z->in_share : (double)NAN, "null");
    wfile_printf(w, ",\n  \"tests\": %zu,\n  \"test_confidence\": %.10g",
                 res->n_tests, res->test_conf);
    wfile_printf(w, ",\n  \"targets\": [");
    for (size_t i = 0; i < z->n_targets; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        wfile_json_string(w, z->t[i].text);
    }
    wfile_printf(w, "],\n  \"target_trends\": [");
    for (size_t i = 0; i < z->n_targets; i++) {
        const struct size_trend *tr = &res->trend[i];

        wfile_printf(w, "%s\n    {\"target\": ", i ? "," : "");
        wfile_json_string(w, z->t[i].text);
        wfile_printf(w,
                     ", \"improves_as_key\": \"%s\", \"holds_at_min\": %s, "
                     "\"holds_at_max\": %s}",
                     tr->improves > 0   ? "rises"
                     : tr->improves < 0 ? "falls"
                                        : "unclear",
                     tr->holds_lo ? "true" : "false",
                     tr->holds_hi ? "true" : "false");
    }
    wfile_printf(w, "\n  ]");
}

int
out_size_json(const struct sweep *sw, const struct size_spec *z,
              const struct size_result *res, const char *dir, char *err,
              size_t err_len)
{
    struct size_ctx ctx = {sw, z, res}, *x = &ctx;
    const struct vary *v = &sw->vary[0];
    char why[1024];
    struct wfile w;

    if (wfile_open(&w, dir, "size.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"scenario\": ");
    wfile_json_string(&w, sw->name);
    wfile_printf(&w, ",\n  \"key\": ");
    wfile_json_string(&w, v->key);
    wfile_printf(&w,
                 ",\n  \"range\": {\"min\": %.10g, \"max\": %.10g, "
                 "\"step\": %.10g}",
                 v->from, v->to, v->step);
    wfile_printf(&w, ",\n  \"period\": ");
    wfile_json_string(&w, sw->period ? sw->period : SCN_WHOLE_RUN);
    wfile_printf(&w, ",\n  \"confidence\": %.10g", x->z->confidence);
    w_size_criteria(&w, x);
    /* Found exactly when every target holds at the answer. */
    wfile_printf(&w, ",\n  \"status\": \"%s\",\n  \"why\": \"%s\"",
                 res->answer >= 0 ? "found" : "unreachable",
                 size_why_name[res->why]);
    size_explain(sw, x->z, res, why, sizeof(why));
    wfile_printf(&w, ",\n  \"explanation\": ");
    wfile_json_string(&w, why);
    wfile_printf(&w, ",\n  \"answer\": ");
    if (res->answer >= 0)
        wfile_num(&w, sw->point[res->answer].x[0], "null");
    else
        wfile_printf(&w, "null");
    wfile_printf(&w, ",\n  \"meeting_every_target\": ");
    if (res->answer >= 0)
        wfile_printf(&w, "{\"min\": %.10g, \"max\": %.10g}",
                     sw->point[res->smallest].x[0],
                     sw->point[res->largest].x[0]);
    else
        wfile_printf(&w, "null");
    w_size_member(&w, "at_answer", x, res->answer);
    w_size_member(&w, "one_step_below", x, res->below);
    w_size_member(&w, "one_step_above", x, res->above);
    w_size_member(&w, "best_value", x, res->best);
    wfile_printf(&w, ",\n  \"evaluated\": [");
    for (size_t i = 0; i < sw->n_points; i++) {
        wfile_printf(&w, "%s\n    ", i ? "," : "");
        w_size_point(&w, x, (int)i);
    }
    wfile_printf(&w, "\n  ],\n  \"replications\": %u,\n  \"seed\": %llu\n}\n",
                 sw->replications, (unsigned long long)sw->seed);
    return wfile_close(&w, err, err_len);
}
