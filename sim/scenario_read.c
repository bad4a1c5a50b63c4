/*
 * scenario_read: the readers of one value at the current path, by type:
 * numbers, integers, strings, dates, capacities, arrays of numbers,
 * weights, OPEL thresholds, values by month and dated schedules; and the
 * keys of an object (unknown keys get a "did you mean") and value
 * wrappers.  Each reports what is wrong at the path and returns -1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "resource.h"
#include "scenario_int.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Keys and wrappers                                                  */
/* ------------------------------------------------------------------ */

void
check_keys(struct ctx *c, const cJSON *obj, const char *const *allowed,
           size_t n)
{
    struct keymap seen;
    cJSON *it;

    memset(&seen, 0, sizeof(seen));
    cJSON_ArrayForEach(it, obj)
    {
        const char *key = it->string ? it->string : "";
        char q[QUOTE_LEN];
        int known = 0;

        /* Later duplicates were reported by the file reader. */
        if (keymap_put(&seen, key, it) > 1)
            continue;
        if (is_annotation(key)) {
            if (!cJSON_IsString(it)) {
                size_t mark = path_key(c, key, it);

                fail_type(c, "a string", it);
                path_pop(c, mark);
            }
            continue;
        }
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(key, allowed[i]) == 0;
        if (!known) {
            const char *file = c->file;
            const char *name = c->prov ? prov_name(c->prov, it) : NULL;
            const char *near;

            /* The object may be merged: name the file of the key. */
            if (name)
                c->file = name;
            if (errors_full(c)) {
                /* Only counted: spare the edit distances. */
                fail(c, "unknown key");
                c->file = file;
                continue;
            }
            quote(key, q);
            near = suggest(key, allowed, n, 1);
            if (near)
                fail(c, "unknown key '%s' (did you mean '%s'?)", q, near);
            else
                fail(c, "unknown key '%s'", q);
            c->file = file;
        }
    }
    keymap_release(&seen);
}

const cJSON *
unwrap(struct ctx *c, const cJSON *j)
{
    static const char *const wrapper_keys[] = {"value"};
    const cJSON *v;

    if (!cJSON_IsObject(j))
        return j;
    v = get(j, "value");
    if (!v)
        return j;
    check_keys(c, j, wrapper_keys, ARRAY_LEN(wrapper_keys));
    return v;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                            */
/* ------------------------------------------------------------------ */

/* "expected DESC, got V", or "expected DESC up to HI" past a cap. */
static void
fail_range(struct ctx *c, const struct scn_range *r, double v)
{
    char got[32], hi[32];

    fmt_num(v, got, sizeof(got));
    if (r->capped && v > r->hi) {
        fmt_num(r->hi, hi, sizeof(hi));
        fail(c, "expected %s up to %s, got %s", r->desc, hi, got);
    } else {
        fail(c, "expected %s, got %s", r->desc, got);
    }
}

/* A finite JSON number into *v (no range yet).  Returns 0, or -1 if
 * reported. */
static int
finite_number(struct ctx *c, const cJSON *j, const struct scn_range *r,
              double *v)
{
    char got[32];

    if (!cJSON_IsNumber(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    *v = j->valuedouble;
    if (!isfinite(*v)) {
        fmt_num(*v, got, sizeof(got));
        fail(c, "expected a finite number, got %s", got);
        return -1;
    }
    return 0;
}

/* A finite number in r (no unwrapping).  Returns 0, or -1 if reported. */
static int
check_number(struct ctx *c, const cJSON *j, const struct scn_range *r,
             double *out)
{
    double v;

    if (finite_number(c, j, r, &v) != 0)
        return -1;
    if (v < r->lo || v > r->hi || (r->lo_open && v == r->lo) ||
        (r->hi_open && v == r->hi)) {
        fail_range(c, r, v);
        return -1;
    }
    *out = v;
    return 0;
}

int
read_number(struct ctx *c, const cJSON *j, const struct scn_range *r,
            double *out)
{
    return check_number(c, unwrap(c, j), r, out);
}

/* An integral number in r (no unwrapping).  Returns 0, or -1. */
static int
check_int(struct ctx *c, const cJSON *j, const struct scn_range *r,
          long long *out)
{
    char got[32];
    double v;

    if (finite_number(c, j, r, &v) != 0)
        return -1;
    if (v != floor(v) || v < r->lo || v > r->hi) {
        if (v != floor(v)) {
            fmt_num(v, got, sizeof(got));
            fail(c, "expected %s, got %s", r->desc, got);
        } else {
            fail_range(c, r, v);
        }
        return -1;
    }
    *out = (long long)v;
    return 0;
}

int
read_int(struct ctx *c, const cJSON *j, const struct scn_range *r,
         long long *out)
{
    return check_int(c, unwrap(c, j), r, out);
}

const char *
read_string(struct ctx *c, const cJSON *j, const char *desc)
{
    j = unwrap(c, j);
    if (!cJSON_IsString(j) || !j->valuestring) {
        fail_type(c, desc, j);
        return NULL;
    }
    return j->valuestring;
}

int
read_date(struct ctx *c, const cJSON *j, int32_t *day)
{
    const char *str = read_string(c, j, "a date YYYY-MM-DD");
    char q[QUOTE_LEN];

    if (!str)
        return -1;
    if (cal_parse(str, day)) {
        quote(str, q);
        fail(c, "expected a date YYYY-MM-DD, got '%s'", q);
        return -1;
    }
    return 0;
}

/* A non-negative integer up to the capacity bound, or "unlimited". */
int
read_capacity(struct ctx *c, const cJSON *j, int32_t *out)
{
    const struct scn_range *r = &scn_r_capacity;
    char q[QUOTE_LEN];
    long long v;

    j = unwrap(c, j);
    if (cJSON_IsString(j) && j->valuestring) {
        if (strcmp(j->valuestring, "unlimited") == 0) {
            *out = RES_UNLIMITED;
            return 0;
        }
        quote(j->valuestring, q);
        fail(c, "expected a non-negative integer or 'unlimited', got '%s'", q);
        return -1;
    }
    if (!cJSON_IsNumber(j)) {
        fail_type(c, "a non-negative integer or 'unlimited'", j);
        return -1;
    }
    if (isfinite(j->valuedouble) && j->valuedouble > r->hi &&
        j->valuedouble == floor(j->valuedouble)) {
        char got[32], hi[32];

        fmt_num(j->valuedouble, got, sizeof(got));
        fmt_num(r->hi, hi, sizeof(hi));
        fail(c, "expected at most %s (or 'unlimited'), got %s", hi, got);
        return -1;
    }
    if (check_int(c, j, r, &v))
        return -1;
    *out = (int32_t)v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Arrays                                                             */
/* ------------------------------------------------------------------ */

int
read_numbers(struct ctx *c, const cJSON *j, size_t n_want, const char *what,
             const struct scn_range *r, double **out, size_t *n_out)
{
    const cJSON *e;
    double *v;
    size_t n, i = 0;
    int bad = 0;

    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        char expected[64];

        snprintf(expected, sizeof(expected), "an array of %s", what);
        fail_type(c, expected, j);
        return -1;
    }
    n = (size_t)cJSON_GetArraySize(j);
    if (n_want == 0 && n == 0) {
        fail(c, "expected a non-empty array of %s", what);
        return -1;
    }
    if (n_want > 0 && n != n_want) {
        fail(c, "expected %zu %s, got %zu", n_want, what, n);
        return -1;
    }
    v = xcalloc(n, sizeof(*v));
    cJSON_ArrayForEach(e, j)
    {
        size_t mark = path_index(c, i, e);

        bad |= read_number(c, e, r, &v[i]) != 0;
        path_pop(c, mark);
        i++;
    }
    if (bad) {
        free(v);
        return -1;
    }
    *out = v;
    *n_out = n;
    return 0;
}

int
check_weight_sum(struct ctx *c, const double *w, size_t n, double *sum)
{
    double s = 0.0;

    for (size_t i = 0; i < n; i++)
        s += w[i];
    if (!(s > 0.0)) {
        fail(c, "weights sum to 0, expected a positive sum");
        return -1;
    }
    if (!isfinite(s)) {
        fail(c, "weights sum to inf, expected a finite sum");
        return -1;
    }
    *sum = s;
    return 0;
}

/* A profile of n weights, stored normalised to mean 1. */
int
read_profile(struct ctx *c, const cJSON *j, const struct scn_row *r,
             double *out)
{
    size_t got_n;
    double *w, sum;
    int rc;

    if (read_numbers(c, j, r->n, "weights", r->range, &w, &got_n))
        return -1;
    rc = check_weight_sum(c, w, r->n, &sum);
    if (rc == 0)
        for (size_t i = 0; i < r->n; i++)
            out[i] = w[i] * (double)r->n / sum;
    free(w);
    return rc;
}

/*
 * Thresholds for levels 2-4 of one indicator: three numbers that do not
 * decrease, stored at [1..3] after level 1's.
 */
int
read_thresholds(struct ctx *c, const cJSON *j, const struct scn_range *r,
                double *out)
{
    size_t n;
    double *v;

    if (read_numbers(c, j, OPEL_LEVELS - 1, "thresholds (levels 2, 3, 4)", r,
                     &v, &n))
        return -1;
    for (size_t i = 1; i < n; i++) {
        if (v[i] < v[i - 1]) {
            char a[32], b[32];
            size_t m_i = path_index(c, i, NULL);

            fmt_num(v[i], a, sizeof(a));
            fmt_num(v[i - 1], b, sizeof(b));
            fail(c, "threshold %s for level %zu is below %s for level %zu", a,
                 i + 2, b, i + 1);
            path_pop(c, m_i);
            free(v);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        out[i + 1] = v[i];
    free(v);
    return 0;
}

/* One number for every month, or 12 numbers, January first. */
int
read_by_month(struct ctx *c, const cJSON *j, const struct scn_range *r,
              double *out)
{
    size_t n;
    double *v, one;

    j = unwrap(c, j);
    if (cJSON_IsNumber(j)) {
        if (check_number(c, j, r, &one))
            return -1;
        for (size_t i = 0; i < 12; i++)
            out[i] = one;
        return 0;
    }
    if (read_numbers(c, j, 12, "numbers (January first)", r, &v, &n))
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = v[i];
    free(v);
    return 0;
}

/*
 * The dated steps of a capacity: an array of {"from": date, value_key:
 * capacity} with strictly increasing dates (sc->base is the capacity's).
 */
int
read_schedule(struct ctx *c, const cJSON *j, const char *value_key,
              struct schedule *sc)
{
    const char *keys[2] = {"from", value_key};
    size_t n, i = 0;
    const cJSON *e;
    int have_prev = 0;
    int32_t prev = 0;

    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        fail_type(c, "an array of steps", j);
        return -1;
    }
    n = (size_t)cJSON_GetArraySize(j);
    free(sc->step);
    sc->step = n ? xcalloc(n, sizeof(*sc->step)) : NULL;
    sc->n = n;
    cJSON_ArrayForEach(e, j)
    {
        size_t m_i = path_index(c, i, e), mark;
        struct sched_step *st = &sc->step[i];
        const cJSON *v;

        i++;
        if (!cJSON_IsObject(e)) {
            fail_type(c, "an object", e);
            path_pop(c, m_i);
            have_prev = 0;
            continue;
        }
        check_keys(c, e, keys, ARRAY_LEN(keys));
        v = path_enter(c, e, value_key, 1, &mark);
        if (v) {
            int32_t cap;

            if (read_capacity(c, v, &cap) == 0)
                st->value = (double)cap;
            path_pop(c, mark);
        }
        v = path_enter(c, e, "from", 1, &mark);
        if (!v || read_date(c, v, &st->day) != 0) {
            have_prev = 0;
        } else {
            if (have_prev && st->day <= prev) {
                char a[11], b[11];

                cal_format(st->day, a);
                cal_format(prev, b);
                fail(c, "step dates must strictly increase, got %s after %s", a,
                     b);
            }
            have_prev = 1;
            prev = st->day;
        }
        if (v)
            path_pop(c, mark);
        path_pop(c, m_i);
    }
    return 0;
}
