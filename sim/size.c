/*
 * size: the size search over one key: judging targets at a point, which
 * way each moves with the key, bisection for the boundaries, and the
 * sentence that says why the search ended where it did.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "results.h"
#include "stats.h"
#include "sweep.h"
#include "sweep_int.h"
#include "util.h"

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
    if (sweep_eval_point(s->sp, x, 0, s->sw, &s->sw->point[s->sw->n_points],
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

/*
 * -r auto: what each point judges, its targets (each month's with
 * every_month), each met by its precision or once its verdict is
 * settled at the test's confidence.  Returns the items (owned) and
 * their count in *n, or NULL with err filled when the scenario does not
 * load.
 */
static struct prec_item *
auto_items(const struct sweep_spec *sp, const struct size_spec *z, size_t *n,
           struct scn_errors *err)
{
    struct scenario s;
    struct prec_item *it;
    size_t m0, nm, per;

    if (sweep_load(sp, &s, err))
        return NULL;
    nm = sweep_period_months(&s, &m0);
    scn_release(&s);
    per = z->every_month && nm ? nm : 1;
    it = xcalloc(z->n_targets * per, sizeof(*it));
    *n = 0;
    for (size_t i = 0; i < z->n_targets; i++)
        for (size_t m = 0; m < per; m++) {
            struct prec_item *x = &it[(*n)++];

            x->kpi = z->t[i].kpi;
            x->month = z->every_month && nm ? (int)(m0 + m) : -1;
            x->abs_hw = prec_abs_of(sp->run.precision, z->t[i].kpi);
            x->target = 1;
            x->at_most = z->t[i].at_most;
            x->value = z->t[i].value;
            x->conf = test_conf_of(z, nm);
        }
    return it;
}

int
sweep_size(const struct sweep_spec *spec, const struct size_spec *z,
           struct sweep *out, struct size_result *res, struct scn_errors *err)
{
    struct sweep_spec sp = *spec;
    struct results_criterion crit[SWEEP_MAX_TARGETS];
    size_t n = sp.vary[0].n;
    struct search s = {&sp, z, 0, out, xmalloc(n * sizeof(int)), err};
    struct prec_item *items = NULL;
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
    sweep_begin(&sp, 64, out);
    if (sp.run.precision) {
        assert(z->in_share == 0);
        items = auto_items(&sp, z, &sp.run.n_prec_items, err);
        if (!items) {
            free(s.idx);
            return -1;
        }
        sp.run.prec_items = items;
    }
    rc = search_eval(&s, 0);
    if (!rc)
        rc = search_eval(&s, n - 1);
    if (!rc) {
        res->n_tests = size_tests(z, out->n_months);
        res->test_conf = s.conf = test_conf_of(z, out->n_months);
        rc = search_run(&s, res);
    }
    free(s.idx);
    free(items);
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
