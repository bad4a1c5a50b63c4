/*
 * scenario_dist: the reader of a distribution object {"kind": K, params},
 * with its durations in one unit and within the model's bounds.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

/*
 * Distribution kinds in enum dist_kind order.  Duration parameters are
 * named without their unit suffix; the loader accepts each with _h, _min
 * or _days, one unit for the whole distribution.
 */
struct dist_spec {
    const char *kind;    /* "lognormal" */
    size_t n_dur;        /* duration parameters */
    const char *dur[3];  /* their names: "min", "mode", "max" */
    int mean_positive;   /* the single duration is a mean and must be > 0 */
    int has_cv;          /* takes "cv" */
    int empirical;       /* the duration is an array, with "weights" */
    const char *derived; /* what the setter derives, for its message */
};

static const struct dist_spec dist_specs[] = {
    {"fixed", 1, {"value"}, 0, 0, 0, "its value is"},
    {"exponential", 1, {"mean"}, 1, 0, 0, "its mean is"},
    {"lognormal", 1, {"mean"}, 1, 1, 0, "its mu and sigma are"},
    {"gamma", 1, {"mean"}, 1, 1, 0, "its shape and scale are"},
    {"uniform", 2, {"min", "max"}, 0, 0, 0, "its bounds are"},
    {"triangular", 3, {"min", "mode", "max"}, 0, 0, 0, "its bounds are"},
    {"empirical", 1, {"values"}, 0, 0, 1, "its law is"},
};

_Static_assert(sizeof(dist_specs) / sizeof(dist_specs[0]) == DIST_EMPIRICAL + 1,
               "dist_specs follows enum dist_kind");

/* Minutes per unit of a duration key suffix, in the order of the
 * alternatives in "missing required key" messages. */
static const struct scn_unit scn_units[SCN_N_UNITS] = {
    {"_h", MIN_PER_HOUR, "h"},
    {"_min", 1.0, "min"},
    {"_days", MIN_PER_DAY, "days"}};

/* "kind", up to three durations in every unit, "cv" or "weights". */
#define DIST_MAX_KEYS (1 + 3 * SCN_N_UNITS + 1)
#define DIST_KEY_LEN  16

static int
read_kind(struct ctx *c, const cJSON *j, enum dist_kind *kind)
{
    const char *str = read_string(c, j, "a distribution kind");
    char q[QUOTE_LEN];

    if (!str)
        return -1;
    for (size_t k = 0; k < ARRAY_LEN(dist_specs); k++) {
        if (strcmp(str, dist_specs[k].kind) == 0) {
            *kind = (enum dist_kind)k;
            return 0;
        }
    }
    quote(str, q);
    fail(c,
         "unknown distribution '%s' (expected fixed, exponential, "
         "lognormal, gamma, uniform, triangular, empirical)",
         q);
    return -1;
}

int
duration_minutes(struct ctx *c, double v, const struct scn_unit *u,
                 double *out_min)
{
    double m = v * u->min_per;

    if (!(m <= SCN_MAX_DURATION_DAYS * MIN_PER_DAY)) {
        char got[32], max[32];

        fmt_num(v, got, sizeof(got));
        fmt_num(SCN_MAX_DURATION_DAYS, max, sizeof(max));
        fail(c, "expected a duration of at most %s days, got %s %s", max, got,
             u->word);
        return -1;
    }
    *out_min = m;
    return 0;
}

/* Convert durations in place to minutes; reports the first too long. */
static int
to_minutes(struct ctx *c, double *v, size_t n, const struct scn_unit *u)
{
    for (size_t i = 0; i < n; i++) {
        size_t mark = path_index(c, i, NULL);
        int rc = duration_minutes(c, v[i], u, &v[i]);

        path_pop(c, mark);
        if (rc)
            return -1;
    }
    return 0;
}

/* The empirical values (minutes) and weights of one distribution. */
static int
read_empirical(struct ctx *c, const cJSON *dj, const char *values_key,
               const cJSON *vj, const struct scn_unit *u, struct dist *out)
{
    double *values = NULL, *weights = NULL, sum;
    size_t n = 0, n_w, mark;
    const cJSON *wj;
    int rc = -1;

    mark = path_key(c, values_key, vj);
    if (read_numbers(c, vj, 0, "durations", &scn_r_duration, &values, &n) == 0)
        rc = to_minutes(c, values, n, u);
    path_pop(c, mark);
    if (rc) {
        free(values);
        return -1;
    }
    rc = -1;
    wj = get(dj, "weights");
    if (!wj) {
        fail(c, "missing required key 'weights'");
    } else {
        mark = path_key(c, "weights", wj);
        if (read_numbers(c, wj, n, "weights (one per value)", &scn_r_weight,
                         &weights, &n_w) == 0 &&
            check_weight_sum(c, weights, n, &sum) == 0) {
            dist_release(out);
            rc = dist_set_empirical(out, n, values, weights);
            if (rc)
                fail(c, "invalid empirical distribution");
        }
        path_pop(c, mark);
    }
    free(values);
    free(weights);
    return rc ? -1 : 0;
}

/* Set out from the parameters in minutes; 0, or -1 from the setter. */
static int
set_dist(enum dist_kind kind, const double *min, double cv, struct dist *out)
{
    switch (kind) {
    case DIST_FIXED:
        return dist_set_fixed(out, min[0]);
    case DIST_EXPONENTIAL:
        return dist_set_exponential(out, min[0]);
    case DIST_LOGNORMAL:
        return dist_set_lognormal(out, min[0], cv);
    case DIST_GAMMA:
        return dist_set_gamma(out, min[0], cv);
    case DIST_UNIFORM:
        return dist_set_uniform(out, min[0], min[1]);
    case DIST_TRIANGULAR:
        return dist_set_triangular(out, min[0], min[1], min[2]);
    case DIST_EMPIRICAL:
        break;
    }
    assert(0 && "empirical is read apart");
    return -1;
}

/*
 * Everything is checked here so messages name the exact key; dist_set_*
 * then confirms that the derived parameters are finite and positive.
 */
int
read_dist(struct ctx *c, const cJSON *j, struct dist *out)
{
    char keys[DIST_MAX_KEYS][DIST_KEY_LEN];
    const char *allowed[DIST_MAX_KEYS];
    const char *pkey[3] = {NULL, NULL, NULL}, *unit_key = NULL;
    const cJSON *pj[3] = {NULL, NULL, NULL};
    double user[3], min[3], cv = 0.0;
    const struct dist_spec *sp;
    enum dist_kind kind;
    size_t n_allowed = 0, unit = SCN_N_UNITS, mark;
    const cJSON *kj;
    int bad = 0, mixed = 0, rc;

    if (!cJSON_IsObject(j)) {
        fail_type(c, "a distribution object", j);
        return -1;
    }
    kj = get(j, "kind");
    if (!kj) {
        fail(c, "missing required key 'kind'");
        return -1;
    }
    mark = path_key(c, "kind", kj);
    rc = read_kind(c, kj, &kind);
    path_pop(c, mark);
    if (rc)
        return -1;
    sp = &dist_specs[kind];

    snprintf(keys[n_allowed++], DIST_KEY_LEN, "kind");
    for (size_t i = 0; i < sp->n_dur; i++)
        for (size_t u = 0; u < SCN_N_UNITS; u++)
            snprintf(keys[n_allowed++], DIST_KEY_LEN, "%s%s", sp->dur[i],
                     scn_units[u].suffix);
    if (sp->has_cv)
        snprintf(keys[n_allowed++], DIST_KEY_LEN, "cv");
    if (sp->empirical)
        snprintf(keys[n_allowed++], DIST_KEY_LEN, "weights");
    for (size_t i = 0; i < n_allowed; i++)
        allowed[i] = keys[i];
    check_keys(c, j, allowed, n_allowed);

    /* One unit for every duration of the distribution. */
    for (size_t i = 0; i < sp->n_dur; i++) {
        for (size_t u = 0; u < SCN_N_UNITS; u++) {
            const char *key = keys[1 + i * SCN_N_UNITS + u];
            const cJSON *x = get(j, key);

            if (!x)
                continue;
            if (unit == SCN_N_UNITS) {
                unit = u;
                unit_key = key;
            } else if (u != unit && !mixed) {
                fail(c,
                     "mixed units '%s' and '%s' (use one of _min, _h, "
                     "_days for every parameter)",
                     unit_key, key);
                mixed = 1;
            }
            if (!pj[i]) {
                pj[i] = x;
                pkey[i] = key;
            }
        }
    }
    if (mixed)
        return -1;
    for (size_t i = 0; i < sp->n_dur; i++) {
        if (pj[i])
            continue;
        if (unit < SCN_N_UNITS)
            fail(c, "missing required key '%s%s'", sp->dur[i],
                 scn_units[unit].suffix);
        else
            fail(c, "missing required key '%s_h' (or %s_min, %s_days)",
                 sp->dur[i], sp->dur[i], sp->dur[i]);
        bad = 1;
    }
    if (sp->has_cv) {
        const cJSON *cj = get(j, "cv");

        if (!cj) {
            fail(c, "missing required key 'cv'");
            bad = 1;
        } else {
            mark = path_key(c, "cv", cj);
            bad |= read_number(c, cj, &scn_r_cv, &cv) != 0;
            path_pop(c, mark);
        }
    }
    if (bad)
        return -1;
    if (sp->empirical)
        return read_empirical(c, j, pkey[0], pj[0], &scn_units[unit], out);

    for (size_t i = 0; i < sp->n_dur; i++) {
        mark = path_key(c, pkey[i], pj[i]);
        if (read_number(c, pj[i],
                        sp->mean_positive ? &scn_r_mean : &scn_r_duration,
                        &user[i]) != 0 ||
            duration_minutes(c, user[i], &scn_units[unit], &min[i]) != 0)
            bad = 1;
        path_pop(c, mark);
    }
    if (bad)
        return -1;
    /* Order of min <= mode <= max, reported at the later key. */
    for (size_t i = 1; i < sp->n_dur; i++) {
        if (user[i] < user[i - 1]) {
            char a[32], b[32];

            fmt_num(user[i], a, sizeof(a));
            fmt_num(user[i - 1], b, sizeof(b));
            mark = path_key(c, pkey[i], pj[i]);
            fail(c, "%s %s is below %s %s", pkey[i], a, pkey[i - 1], b);
            path_pop(c, mark);
            return -1;
        }
    }

    dist_release(out);
    rc = set_dist(kind, min, cv, out);
    if (rc)
        fail(c, "invalid %s distribution: %s not finite and positive", sp->kind,
             sp->derived);
    return rc ? -1 : 0;
}
