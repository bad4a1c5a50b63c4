/*
 * scenario_walk: the one walker over the schema table.  It sets the
 * defaults, checks each object's keys (unknown keys get a "did you
 * mean"), unwraps value wrappers, reads every value by its row's type into
 * its field, and runs the rules named in the table at their place.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "resource.h"
#include "scenario_int.h"
#include "util.h"

/* Most keys one object may have (a shape's rows, families expanded). */
#define MAX_KEYS 64

/* Where row r lands for family index k. */
static char *
target(const struct scn_row *r, char *base, int k)
{
    assert(k >= 0);
    return base + r->offset + (size_t)k * r->stride;
}

/* Store an integer in a field of width bytes (all ranges are >= 0). */
static void
store_int(char *p, size_t width, long long v)
{
    if (width == sizeof(uint64_t)) {
        uint64_t u = (uint64_t)v;

        memcpy(p, &u, sizeof(u));
    } else {
        uint32_t u = (uint32_t)v;

        assert(width == sizeof(uint32_t));
        memcpy(p, &u, sizeof(u));
    }
}

/* ------------------------------------------------------------------ */
/* Defaults and release                                               */
/* ------------------------------------------------------------------ */

static void
set_default(const struct scn_row *r, char *p, int k)
{
    double d = r->defs ? r->defs[k] : r->def;
    int rc;

    switch (r->type) {
    case SCN_OBJECT:
        scn_walk_defaults(r->shape, p, k);
        break;
    case SCN_NUMBER:
        *(double *)(void *)p = d;
        break;
    case SCN_DURATION:
        *(double *)(void *)p = d * r->unit_min;
        break;
    case SCN_INTEGER:
        store_int(p, r->width, (long long)d);
        break;
    case SCN_CAPACITY:
        if (r->sibling)
            ((struct schedule *)(void *)p)->base = d;
        else
            *(int32_t *)(void *)p = (int32_t)d;
        break;
    case SCN_DIST:
        rc = dist_set_fixed((struct dist *)(void *)p, 0.0);
        assert(rc == 0);
        (void)rc;
        break;
    case SCN_WEIGHTS:
        for (size_t i = 0; i < r->n; i++)
            ((double *)(void *)p)[i] = d;
        break;
    case SCN_THRESHOLDS:
        for (size_t i = 0; i < OPEL_LEVELS; i++)
            ((double *)(void *)p)[i] = d;
        break;
    case SCN_BY_MONTH:
        for (size_t i = 0; i < 12; i++)
            ((double *)(void *)p)[i] = d;
        break;
    case SCN_BOOL:
        *(int *)(void *)p = (int)d;
        break;
    case SCN_STRING:
        if (r->def_str)
            *(char **)(void *)p = xstrdup(r->def_str);
        break;
    case SCN_SCHEDULE:
    case SCN_DATE:
    case SCN_NAME:
    case SCN_KPI:
    case SCN_LIST:
    case SCN_FILE:
    case SCN_RULE:
        break;
    }
}

/* A family's indices: [0, first + n), so that index 0 of pathways 1-3 and
 * OPEL level 1, which have no key, get defaults too. */
static int
family_end(const struct scn_row *r)
{
    return r->names->first + r->names->n;
}

void
scn_walk_defaults(const struct scn_shape *sh, char *base, int k)
{
    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];

        if (!r->names) {
            set_default(r, target(r, base, k), k);
            continue;
        }
        for (int kk = 0; kk < family_end(r); kk++)
            set_default(r, target(r, base, kk), kk);
    }
}

static void
release_row(const struct scn_row *r, char *base, char *p, int k)
{
    switch (r->type) {
    case SCN_OBJECT:
        scn_walk_release(r->shape, p, k);
        break;
    case SCN_STRING:
    case SCN_NAME:
    case SCN_KPI:
        free(*(char **)(void *)p);
        *(char **)(void *)p = NULL;
        break;
    case SCN_DIST:
        dist_release((struct dist *)(void *)p);
        break;
    case SCN_SCHEDULE: {
        struct schedule *sc = (struct schedule *)(void *)p;

        free(sc->step);
        sc->step = NULL;
        sc->n = 0;
        break;
    }
    case SCN_LIST: {
        /* Two rows may share one list (bank holidays, industrial action):
         * the first frees it and leaves it empty for the second. */
        char **arr = (char **)(void *)p;
        size_t *count = (size_t *)(void *)(base + r->count_offset);

        for (size_t i = 0; i < *count; i++)
            scn_walk_release(r->shape, *arr + i * r->elem_size, r->list_k);
        free(*arr);
        *arr = NULL;
        *count = 0;
        break;
    }
    default:
        break;
    }
}

void
scn_walk_release(const struct scn_shape *sh, char *base, int k)
{
    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];

        if (!r->names) {
            release_row(r, base, target(r, base, k), k);
            continue;
        }
        for (int kk = 0; kk < family_end(r); kk++)
            release_row(r, base, target(r, base, kk), kk);
    }
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
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

/* The keys of shape for family index k, in row order. */
static size_t
shape_keys(const struct scn_shape *sh, int k, const char **out)
{
    size_t n = 0;

    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];

        if (r->type == SCN_RULE || (r->only && r->only - 1 != k))
            continue;
        if (!r->names) {
            assert(n < MAX_KEYS);
            out[n++] = r->key;
            continue;
        }
        for (int j = 0; j < r->names->n; j++) {
            assert(n < MAX_KEYS);
            out[n++] = r->names->name[j];
        }
    }
    return n;
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

/* A finite number in r (no unwrapping).  Returns 0, or -1 if reported. */
static int
check_number(struct ctx *c, const cJSON *j, const struct scn_range *r,
             double *out)
{
    char got[32];
    double v;

    if (!cJSON_IsNumber(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    v = j->valuedouble;
    if (!isfinite(v)) {
        fmt_num(v, got, sizeof(got));
        fail(c, "expected a finite number, got %s", got);
        return -1;
    }
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

    if (!cJSON_IsNumber(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    v = j->valuedouble;
    if (!isfinite(v)) {
        fmt_num(v, got, sizeof(got));
        fail(c, "expected a finite number, got %s", got);
        return -1;
    }
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

static int
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
static int
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

/* A results folder name: [A-Za-z0-9._-]{1,100}, not "." or "..". */
static int
valid_name(const char *name)
{
    size_t len = strlen(name);

    if (len < 1 || len > 100 || strcmp(name, ".") == 0 ||
        strcmp(name, "..") == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = name[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}

/* A KPI named in kpi.h, with the nearest name when it is not one. */
static int
check_kpi(struct ctx *c, const char *name)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    const char **names;
    const char *near;
    char q[QUOTE_LEN];

    if (kpi_find(name) >= 0)
        return 0;
    quote(name, q);
    names = xmalloc(n * sizeof(*names));
    for (size_t i = 0; i < n; i++)
        names[i] = tab[i].name;
    near = suggest(name, names, n, 0);
    if (near)
        fail(c, "unknown KPI '%s' (did you mean '%s'?)", q, near);
    else
        fail(c, "unknown KPI '%s' (`uecsim kpis` lists every KPI)", q);
    free(names);
    return -1;
}

/* Replace the owned string at p with a copy of str. */
static void
set_string(char *p, const char *str)
{
    char **sp = (char **)(void *)p;

    free(*sp);
    *sp = xstrdup(str);
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
static int
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
static int
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
static int
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

/* Look up obj.key and push its path; NULL (reported if required) if absent. */
static const cJSON *
enter(struct ctx *c, const cJSON *obj, const char *key, int required,
      size_t *mark)
{
    const cJSON *j = get(obj, key);

    if (!j) {
        if (required)
            fail(c, "missing required key '%s'", key);
        return NULL;
    }
    *mark = path_key(c, key, j);
    return j;
}

/*
 * The dated steps of a capacity: an array of {"from": date, value_key:
 * capacity} with strictly increasing dates (sc->base is the capacity's).
 */
static int
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
        v = enter(c, e, value_key, 1, &mark);
        if (v) {
            int32_t cap;

            if (read_capacity(c, v, &cap) == 0)
                st->value = (double)cap;
            path_pop(c, mark);
        }
        v = enter(c, e, "from", 1, &mark);
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

/* ------------------------------------------------------------------ */
/* The walk                                                           */
/* ------------------------------------------------------------------ */

static int read_list(struct ctx *c, const cJSON *j, const struct scn_row *r,
                     char *base);

/* Read the value j at the current path into p by r's type: 0 or -1. */
static int
read_value(struct ctx *c, const cJSON *j, const struct scn_row *r,
           const char *key, char *base, char *p, int k)
{
    const char *str;
    long long v;
    double user;
    int32_t cap;

    switch (r->type) {
    case SCN_OBJECT:
        if (!cJSON_IsObject(j)) {
            fail_type(c, "an object", j);
            return -1;
        }
        scn_walk_object(c, j, r->shape, p, k);
        return 0;
    case SCN_NUMBER:
        return read_number(c, j, r->range, (double *)(void *)p);
    case SCN_INTEGER:
        if (check_int(c, unwrap(c, j), r->range, &v))
            return -1;
        store_int(p, r->width, v);
        return 0;
    case SCN_DURATION:
        /* The range bounds it, in the key's unit. */
        if (read_number(c, j, r->range, &user))
            return -1;
        *(double *)(void *)p = user * r->unit_min;
        return 0;
    case SCN_CAPACITY:
        if (read_capacity(c, j, &cap))
            return -1;
        if (r->sibling)
            ((struct schedule *)(void *)p)->base = (double)cap;
        else
            *(int32_t *)(void *)p = cap;
        return 0;
    case SCN_SCHEDULE:
        return read_schedule(c, j, r->sibling, (struct schedule *)(void *)p);
    case SCN_DATE:
        return read_date(c, j, (int32_t *)(void *)p);
    case SCN_DIST:
        return read_dist(c, j, (struct dist *)(void *)p);
    case SCN_WEIGHTS:
        return read_profile(c, j, r, (double *)(void *)p);
    case SCN_THRESHOLDS:
        return read_thresholds(c, j, r->range, (double *)(void *)p);
    case SCN_BY_MONTH:
        return read_by_month(c, j, r->range, (double *)(void *)p);
    case SCN_BOOL:
        /* JSON true or false only: 1 and "yes" are errors. */
        j = unwrap(c, j);
        if (!cJSON_IsBool(j)) {
            fail_type(c, "true or false", j);
            return -1;
        }
        *(int *)(void *)p = cJSON_IsTrue(j) ? 1 : 0;
        return 0;
    case SCN_STRING:
    case SCN_NAME:
    case SCN_KPI:
        /* An annotation key that is not a string is already reported. */
        if (is_annotation(key) && !cJSON_IsString(j))
            return -1;
        str = read_string(c, j, r->desc);
        if (!str)
            return -1;
        if (r->type == SCN_NAME && !valid_name(str)) {
            char q[QUOTE_LEN];

            quote(str, q);
            fail(c,
                 "expected a name of 1-100 letters, digits, '.', '_' or "
                 "'-', got '%s'",
                 q);
            return -1;
        }
        if (r->type == SCN_KPI && check_kpi(c, str))
            return -1;
        set_string(p, str);
        return 0;
    case SCN_LIST:
        return read_list(c, j, r, base);
    case SCN_FILE:
    case SCN_RULE:
        break;
    }
    assert(0 && "not a value type");
    return -1;
}

/* Read obj.key by row r: 1 read, 0 absent (default kept), -1 reported. */
static int
walk_key(struct ctx *c, const cJSON *obj, const struct scn_row *r,
         const char *key, char *base, int k)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, r->required, &mark);
    int rc;

    if (!j)
        return r->required ? -1 : 0;
    rc = read_value(c, j, r, key, base, target(r, base, k), k);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

/* Every member of a family: -1 if any was bad, else 1 if any was read. */
static int
walk_family(struct ctx *c, const cJSON *obj, const struct scn_row *r,
            char *base)
{
    int status = 0;

    for (int j = 0; j < r->names->n; j++) {
        int rc =
            walk_key(c, obj, r, r->names->name[j], base, r->names->first + j);

        if (rc < 0)
            status = -1;
        else if (rc > 0 && status == 0)
            status = 1;
    }
    return status;
}

void
scn_walk_object(struct ctx *c, const cJSON *obj, const struct scn_shape *sh,
                char *base, int k)
{
    const char *keys[MAX_KEYS];
    signed char status[SCN_MAX_ROWS];
    struct walk w = {obj, base, k, sh, status};

    assert(sh->n <= SCN_MAX_ROWS);
    check_keys(c, obj, keys, shape_keys(sh, k, keys));
    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];

        status[i] = 0;
        if (r->only && r->only - 1 != k)
            continue;
        if (r->type == SCN_RULE)
            r->rule(c, &w);
        else if (r->type == SCN_FILE)
            continue;
        else if (r->names)
            status[i] = (signed char)walk_family(c, obj, r, base);
        else
            status[i] = (signed char)walk_key(c, obj, r, r->key, base, k);
    }
}

/* An array of objects of r's shape, appended to the row's list. */
static int
read_list(struct ctx *c, const cJSON *j, const struct scn_row *r, char *base)
{
    char **arr = (char **)(void *)(base + r->offset);
    size_t *count = (size_t *)(void *)(base + r->count_offset);
    size_t n, i = 0;
    const cJSON *e;

    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    n = (size_t)cJSON_GetArraySize(j);
    if (n > 0)
        *arr = xrealloc(*arr, (*count + n) * r->elem_size);
    cJSON_ArrayForEach(e, j)
    {
        char *elem = *arr + (*count + i) * r->elem_size;
        size_t mark = path_index(c, i, e);

        i++;
        memset(elem, 0, r->elem_size);
        scn_walk_defaults(r->shape, elem, r->list_k);
        if (cJSON_IsObject(e))
            scn_walk_object(c, e, r->shape, elem, r->list_k);
        else
            fail_type(c, "an object", e);
        path_pop(c, mark);
    }
    *count += n;
    return 0;
}

int
walk_status(const struct walk *w, const char *key)
{
    for (size_t i = 0; i < w->shape->n; i++)
        if (w->shape->row[i].key && strcmp(w->shape->row[i].key, key) == 0)
            return w->status[i];
    return 0;
}

void *
walk_field(const struct walk *w, const char *key)
{
    for (size_t i = 0; i < w->shape->n; i++) {
        const struct scn_row *r = &w->shape->row[i];

        if (r->key && strcmp(r->key, key) == 0)
            return target(r, w->base, w->k);
    }
    assert(0 && "no such key in the shape");
    return NULL;
}
