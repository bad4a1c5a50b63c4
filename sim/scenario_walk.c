/*
 * scenario_walk: the one walker over the schema table.  It sets the
 * defaults, checks each object's keys against its shape, reads every
 * value by its row's type into its field (through the readers of
 * scenario_read.c and scenario_dist.c), and runs the rules named in the
 * table at their place (scenario_rules.c, through the rows' pointers).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "scenario_int.h"
#include "util.h"

/* Most keys one object may have (a shape's rows, families expanded). */
#define MAX_KEYS 64

/* Where row r lands for family index k. */
static char *
row_field(const struct scn_row *r, char *base, int k)
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
            set_default(r, row_field(r, base, k), k);
            continue;
        }
        for (int kk = 0; kk < family_end(r); kk++)
            set_default(r, row_field(r, base, kk), kk);
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
            release_row(r, base, row_field(r, base, k), k);
            continue;
        }
        for (int kk = 0; kk < family_end(r); kk++)
            release_row(r, base, row_field(r, base, kk), kk);
    }
}

/* ------------------------------------------------------------------ */
/* Keys and strings                                                   */
/* ------------------------------------------------------------------ */

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

/* A results folder name: [A-Za-z0-9._-]{1,100}, not "." or "..". */
static int
valid_name(const char *name)
{
    return util_plain_name(name, 100) && strcmp(name, ".") != 0 &&
           strcmp(name, "..") != 0;
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
        if (read_int(c, j, r->range, &v))
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
    const cJSON *j = path_enter(c, obj, key, r->required, &mark);
    int rc;

    if (!j)
        return r->required ? -1 : 0;
    rc = read_value(c, j, r, key, base, row_field(r, base, k), k);
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
            return row_field(r, w->base, w->k);
    }
    assert(0 && "no such key in the shape");
    return NULL;
}