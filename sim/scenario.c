/*
 * scenario: read a scenario JSON file, validate every key and copy the
 * values into a plain struct scenario.  The only file that includes cJSON.
 */
/* realpath(3), for extends cycles, is an XSI extension of POSIX. */
#define _XOPEN_SOURCE 700

#include "scenario.h"

#include <assert.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "calendar.h"
#include "resource.h"
#include "util.h"

#if defined(__GNUC__)
#define SCN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SCN_PRINTF(fmt, args)
#endif

/*
 * Key tables are arrays of fixed-width strings rather than pointers, so
 * they stay in .rodata under PIE (make lint rejects .data.rel.ro).
 */
#define KEY_LEN 32

/* Longest user text (a key, a string value) quoted in a message. */
#define QUOTE_LEN 48

/* Bytes of the input shown after "near" in a syntax error. */
#define SNIPPET_LEN 16

/* Deepest nesting whose source file is tracked (the schema needs ~8). */
#define CTX_DEPTH 32

/*
 * Provenance: which source (a file of the extends chain, or one --set)
 * wrote each node of the merged tree, so that messages name it.  An open
 * addressing hash table keyed on the node's address.  Entries for freed
 * nodes go stale but are harmless: every node alive in the tree was
 * recorded after it was allocated, which overwrites any stale entry at
 * the same address.
 */
struct prov {
    size_t cap;         /* slots: 0 or a power of two */
    size_t used;        /* slots holding a node */
    const cJSON **node; /* owned array; NULL marks a free slot */
    uint32_t *src;      /* owned array: index into name */
    size_t n_names;
    char **name; /* owned: "scenarios/a.json", "--set seed=3" */
};

/*
 * The walk's state: the JSON path of the value being read, as a stack of
 * ".key" and "[i]" pieces, the source that wrote it, and the error list.
 * Each push saves the source in force, each pop restores it.
 */
struct ctx {
    const char *file;        /* source of the value at path, borrowed */
    struct scn_errors *err;  /* borrowed */
    const struct prov *prov; /* borrowed; NULL: everything is from file */
    size_t path_len;         /* bytes of path in use */
    char path[256];          /* "$.beds.ga.schedule[2].from" */
    size_t depth;            /* saved entries in use */
    size_t overflow;         /* pushes beyond CTX_DEPTH, not saved */

    struct {
        size_t mark;      /* path_len before the push */
        const char *file; /* source before the push */
    } saved[CTX_DEPTH];
};

/* A closed, open or half-open interval for a number, and its wording. */
struct range {
    double lo, hi;
    int lo_open, hi_open; /* 1: the bound itself is excluded */
    char desc[48];        /* "a probability in [0, 1]" */
};

/* An integer interval; bounds are exact doubles (at most 2^53). */
struct irange {
    double lo, hi;
    char desc[48];
};

static const struct range R_PROB = {0.0, 1.0, 0, 0, "a probability in [0, 1]"};
static const struct range R_NONNEG = {0.0, DBL_MAX, 0, 0,
                                      "a non-negative number"};
static const struct range R_POSITIVE = {0.0, DBL_MAX, 1, 0,
                                        "a positive number"};
static const struct range R_SHARE = {0.0, 1.0, 0, 0, "a number in [0, 1]"};
static const struct range R_GROWTH = {-1.0, 10.0, 1, 0, "a number in (-1, 10]"};
static const struct range R_HOUR = {0.0, 24.0, 0, 0, "an hour in [0, 24]"};
static const struct range R_WEEKEND = {0.0, 1.0, 1, 0, "a number in (0, 1]"};
static const struct range R_DURATION = {0.0, DBL_MAX, 0, 0,
                                        "a non-negative duration"};
static const struct range R_MEAN = {0.0, DBL_MAX, 1, 0, "a positive duration"};
static const struct range R_PROCESS = {0.0, 10.0, 1, 0, "a number in (0, 10]"};

static const struct irange I_WARM_UP = {0.0, 3650.0,
                                        "an integer from 0 to 3650"};
static const struct irange I_REPLICATIONS = {1.0, 100000.0,
                                             "an integer from 1 to 100000"};
static const struct irange I_SEED = {0.0, 9007199254740991.0,
                                     "an integer from 0 to 9007199254740991"};
static const struct irange I_CAPACITY = {0.0, (double)(RES_UNLIMITED - 1),
                                         "a non-negative integer"};

/* Keys every object may carry for provenance; their values are ignored. */
static const char annotation_keys[][KEY_LEN] = {"source", "assumption", "note"};

/* The one key of a value wrapper {"value": V, "source": "..."}. */
static const char wrapper_keys[][KEY_LEN] = {"value"};

static const char stream_names[ARR_N][KEY_LEN] = {
    "ed_walk_in", "ed_ambulance", "direct_admission", "vw_step_up", "elective"};

static const char cohort_names[COHORT_N][KEY_LEN] = {"under_65", "65_plus"};

static const char pathway_names[PW_N][KEY_LEN] = {"p0", "p1", "p2", "p3"};

/*
 * Distribution kinds in enum dist_kind order.  Duration parameters are
 * named without their unit suffix; the loader accepts each with _h, _min
 * or _days, one unit for the whole distribution.
 */
struct dist_spec {
    char kind[16];     /* "lognormal" */
    size_t n_dur;      /* duration parameters */
    char dur[3][8];    /* their names: "min", "mode", "max" */
    int mean_positive; /* the single duration is a mean and must be > 0 */
    int has_cv;        /* takes "cv" */
    int empirical;     /* the duration is an array, with "weights" */
};

static const struct dist_spec dist_specs[] = {
    {"fixed", 1, {"value"}, 0, 0, 0},
    {"exponential", 1, {"mean"}, 1, 0, 0},
    {"lognormal", 1, {"mean"}, 1, 1, 0},
    {"gamma", 1, {"mean"}, 1, 1, 0},
    {"uniform", 2, {"min", "max"}, 0, 0, 0},
    {"triangular", 3, {"min", "mode", "max"}, 0, 0, 0},
    {"empirical", 1, {"values"}, 0, 0, 1},
};

_Static_assert(sizeof(dist_specs) / sizeof(dist_specs[0]) == DIST_EMPIRICAL + 1,
               "dist_specs follows enum dist_kind");

struct unit {
    char suffix[8]; /* "_h" */
    double min_per; /* minutes per unit */
};

/* The order of the alternatives in "missing required key" messages. */
static const struct unit units[] = {
    {"_h", MIN_PER_HOUR}, {"_min", 1.0}, {"_days", MIN_PER_DAY}};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

/* "kind", up to three durations in every unit, "cv" or "weights". */
#define DIST_MAX_KEYS (1 + 3 * N_UNITS + 1)

/* ------------------------------------------------------------------ */
/* Paths and messages                                                 */
/* ------------------------------------------------------------------ */

/* The source that wrote node, or NULL when it is not recorded. */
static const char *prov_name(const struct prov *p, const cJSON *node);

/*
 * Remember the source in force and switch to node's own (when node is
 * not NULL and recorded): the push half of path_key and path_index.
 */
static void
file_push(struct ctx *c, size_t mark, const cJSON *node)
{
    const char *name = node && c->prov ? prov_name(c->prov, node) : NULL;

    if (c->depth >= CTX_DEPTH) {
        /* Only a deep walk (check_duplicates) gets here: keep the file. */
        c->overflow++;
        return;
    }
    c->saved[c->depth].mark = mark;
    c->saved[c->depth].file = c->file;
    c->depth++;
    if (name)
        c->file = name;
}

/* Finish a push that wrote n bytes (snprintf's count) at mark. */
static size_t
path_grew(struct ctx *c, size_t mark, int n, const cJSON *node)
{
    size_t room = sizeof(c->path) - mark;

    /* Schema keys are short and nesting is shallow; clamp regardless. */
    if (n < 0)
        n = 0;
    c->path_len = (size_t)n < room ? mark + (size_t)n : sizeof(c->path) - 1;
    file_push(c, mark, node);
    return mark;
}

/*
 * Append ".key" to the path, where node (or NULL) is the value found
 * there; returns the mark to pass to path_pop.
 */
static size_t
path_key(struct ctx *c, const char *key, const cJSON *node)
{
    size_t mark = c->path_len;

    return path_grew(
        c, mark, snprintf(c->path + mark, sizeof(c->path) - mark, ".%s", key),
        node);
}

/* Append "[i]" to the path; as path_key. */
static size_t
path_index(struct ctx *c, size_t i, const cJSON *node)
{
    size_t mark = c->path_len;

    return path_grew(
        c, mark, snprintf(c->path + mark, sizeof(c->path) - mark, "[%zu]", i),
        node);
}

/* Undo the push that returned mark (pushes and pops nest). */
static void
path_pop(struct ctx *c, size_t mark)
{
    c->path_len = mark;
    c->path[mark] = '\0';
    if (c->overflow > 0) {
        c->overflow--;
        return;
    }
    assert(c->depth > 0 && c->saved[c->depth - 1].mark == mark);
    c->depth--;
    c->file = c->saved[c->depth].file;
}

static void add_error(struct scn_errors *e, const char *fmt, ...)
    SCN_PRINTF(2, 3);

/* Count an error and keep its text while there is room. */
static void
add_error(struct scn_errors *e, const char *fmt, ...)
{
    va_list ap;

    e->total++;
    if (e->n >= SCN_MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(e->msg[e->n], sizeof(e->msg[0]), fmt, ap);
    va_end(ap);
    e->n++;
}

static void fail(struct ctx *c, const char *fmt, ...) SCN_PRINTF(2, 3);

/* Report a problem with the value at the current path. */
static void
fail(struct ctx *c, const char *fmt, ...)
{
    char what[sizeof(c->err->msg[0])];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    add_error(c->err, "%s: %s: %s", c->file, c->path, what);
}

/*
 * Copy at most n - 1 bytes of src[0..len) into out, control characters
 * as '?', without splitting a UTF-8 sequence.  Returns the bytes taken.
 */
static size_t
copy_clean(char *out, size_t n, const char *src, size_t len)
{
    size_t i = 0;

    while (i < len && i + 1 < n) {
        unsigned char ch = (unsigned char)src[i];

        out[i] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
        i++;
    }
    if (i < len && ((unsigned char)src[i] & 0xC0) == 0x80) {
        while (i > 0 && ((unsigned char)src[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0 && (unsigned char)src[i - 1] >= 0xC0)
            i--;
    }
    out[i] = '\0';
    return i;
}

/* User text for a message: cleaned, cut to QUOTE_LEN with "...". */
static void
quote(const char *s, char *buf)
{
    size_t len = strlen(s);

    if (copy_clean(buf, QUOTE_LEN - 3, s, len) < len)
        strcat(buf, "...");
}

/*
 * A number as the user would write it: integers in full, others in the
 * shortest "%g" form that reads back as the same double.
 */
static void
fmt_num(double v, char *buf, size_t n)
{
    if (isnan(v)) {
        snprintf(buf, n, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, n, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e17) {
        /* Integers in full: 30000000000 rather than 3e+10. */
        snprintf(buf, n, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static const char *
json_type(const cJSON *j)
{
    if (cJSON_IsString(j))
        return "string";
    if (cJSON_IsNumber(j))
        return "number";
    if (cJSON_IsBool(j))
        return "boolean";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsArray(j))
        return "array";
    if (cJSON_IsObject(j))
        return "object";
    return "an invalid value";
}

/* What a type error says was found: the number itself, or the type. */
static void
describe(const cJSON *j, char *buf, size_t n)
{
    if (cJSON_IsNumber(j))
        fmt_num(j->valuedouble, buf, n);
    else
        snprintf(buf, n, "%s", json_type(j));
}

static void
fail_type(struct ctx *c, const char *expected, const cJSON *j)
{
    char got[32];

    describe(j, got, sizeof(got));
    fail(c, "expected %s, got %s", expected, got);
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

static int
is_annotation(const char *key)
{
    for (size_t i = 0; i < ARRAY_LEN(annotation_keys); i++)
        if (strcmp(key, annotation_keys[i]) == 0)
            return 1;
    return 0;
}

/*
 * The allowed key nearest to an unknown one, or NULL when none is close:
 * within 3 edits or a third of the key's length, and not a rewrite of
 * every character.
 */
static const char *
suggest(const char *key, const char (*allowed)[KEY_LEN], size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    size_t klen = strlen(key);

    for (size_t i = 0; i < n + ARRAY_LEN(annotation_keys); i++) {
        const char *cand = i < n ? allowed[i] : annotation_keys[i - n];
        size_t d = util_edit_distance(key, cand);
        size_t clen = strlen(cand);

        if (d < best_d && d < (klen > clen ? klen : clen)) {
            best = cand;
            best_d = d;
        }
    }
    if (best && (best_d <= 3 || best_d <= klen / 3))
        return best;
    return NULL;
}

/* How many keys before it in obj are the same as its. */
static size_t
earlier_same_key(const cJSON *obj, const cJSON *it)
{
    const char *key = it->string ? it->string : "";
    size_t seen = 0;

    for (const cJSON *prev = obj->child; prev != it; prev = prev->next)
        if (prev->string && strcmp(prev->string, key) == 0)
            seen++;
    return seen;
}

/*
 * Report duplicate keys in every object of one file's tree, once per key
 * and object.  cJSON keeps every duplicate and its lookups return the
 * first, so a later one would be silently ignored.  This runs on each
 * file of an extends chain before the merge, which would hide them.
 */
static void
check_duplicates(struct ctx *c, const cJSON *j)
{
    int is_object = cJSON_IsObject(j);
    const cJSON *it;
    size_t i = 0;

    if (!is_object && !cJSON_IsArray(j))
        return;
    if (is_object) {
        cJSON_ArrayForEach(it, j)
        {
            char q[QUOTE_LEN];

            if (earlier_same_key(j, it) != 1)
                continue;
            quote(it->string ? it->string : "", q);
            fail(c, "duplicate key '%s'", q);
        }
    }
    cJSON_ArrayForEach(it, j)
    {
        size_t mark = is_object
                          ? path_key(c, it->string ? it->string : "", NULL)
                          : path_index(c, i, NULL);

        check_duplicates(c, it);
        path_pop(c, mark);
        i++;
    }
}

/*
 * Reject unknown keys in obj (reported at obj's path, naming the source
 * that wrote the key) and annotations that are not strings.  Duplicates
 * were reported by check_duplicates and are skipped here.
 */
static void
check_keys(struct ctx *c, const cJSON *obj, const char (*allowed)[KEY_LEN],
           size_t n)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, obj)
    {
        const char *key = it->string ? it->string : "";
        char q[QUOTE_LEN];
        int known = 0;

        if (earlier_same_key(obj, it) > 0)
            continue;
        quote(key, q);
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
            const char *near = suggest(key, allowed, n);
            const char *file = c->file;
            const char *name = c->prov ? prov_name(c->prov, it) : NULL;

            /* The object may be merged: name the file of the key. */
            if (name)
                c->file = name;
            if (near)
                fail(c, "unknown key '%s' (did you mean '%s'?)", q, near);
            else
                fail(c, "unknown key '%s'", q);
            c->file = file;
        }
    }
}

static const cJSON *
get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/*
 * The value inside a wrapper {"value": V, "source": "..."}, or j itself.
 * Wrapper problems are reported at the key's path; V is still returned.
 */
static const cJSON *
unwrap(struct ctx *c, const cJSON *j)
{
    const cJSON *v;

    if (!cJSON_IsObject(j))
        return j;
    v = get(j, "value");
    if (!v)
        return j;
    check_keys(c, j, wrapper_keys, ARRAY_LEN(wrapper_keys));
    return v;
}

/*
 * Look up obj.key.  When present, push its path (pop with path_pop) and
 * return it; when absent return NULL, reporting it if required.
 */
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
 * Enter obj.key when it is an object and check its keys against allowed
 * (unless allowed is NULL); returns it with the path pushed, or NULL
 * (absent, or not an object and reported) with the path unchanged.
 */
static const cJSON *
enter_object(struct ctx *c, const cJSON *obj, const char *key,
             const char (*allowed)[KEY_LEN], size_t n, size_t *mark)
{
    const cJSON *j = enter(c, obj, key, 0, mark);

    if (!j)
        return NULL;
    if (!cJSON_IsObject(j)) {
        fail_type(c, "an object", j);
        path_pop(c, *mark);
        return NULL;
    }
    if (allowed)
        check_keys(c, j, allowed, n);
    return j;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                            */
/* ------------------------------------------------------------------ */

/* A finite number in r (no unwrapping).  Returns 0, or -1 if reported. */
static int
check_number(struct ctx *c, const cJSON *j, const struct range *r, double *out)
{
    char got[32];
    double v;

    if (!cJSON_IsNumber(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    v = j->valuedouble;
    fmt_num(v, got, sizeof(got));
    if (!isfinite(v)) {
        fail(c, "expected a finite number, got %s", got);
        return -1;
    }
    if (v < r->lo || v > r->hi || (r->lo_open && v == r->lo) ||
        (r->hi_open && v == r->hi)) {
        fail(c, "expected %s, got %s", r->desc, got);
        return -1;
    }
    *out = v;
    return 0;
}

static int
read_number(struct ctx *c, const cJSON *j, const struct range *r, double *out)
{
    return check_number(c, unwrap(c, j), r, out);
}

/* An integral number in r (no unwrapping).  Returns 0, or -1. */
static int
check_int(struct ctx *c, const cJSON *j, const struct irange *r, long long *out)
{
    char got[32];
    double v;

    if (!cJSON_IsNumber(j)) {
        fail_type(c, r->desc, j);
        return -1;
    }
    v = j->valuedouble;
    fmt_num(v, got, sizeof(got));
    if (!isfinite(v)) {
        fail(c, "expected a finite number, got %s", got);
        return -1;
    }
    if (v != floor(v) || v < r->lo || v > r->hi) {
        fail(c, "expected %s, got %s", r->desc, got);
        return -1;
    }
    *out = (long long)v;
    return 0;
}

/* A string (borrowed from the tree), or NULL after reporting. */
static const char *
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

/* A non-negative integer or "unlimited" (RES_UNLIMITED). */
static int
read_capacity(struct ctx *c, const cJSON *j, int32_t *out)
{
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
    if (isfinite(j->valuedouble) && j->valuedouble > I_CAPACITY.hi &&
        j->valuedouble == floor(j->valuedouble)) {
        char got[32];

        fmt_num(j->valuedouble, got, sizeof(got));
        fail(c, "expected at most %d (or 'unlimited'), got %s",
             RES_UNLIMITED - 1, got);
        return -1;
    }
    if (check_int(c, j, &I_CAPACITY, &v))
        return -1;
    *out = (int32_t)v;
    return 0;
}

/*
 * Key readers: 1 when obj.key was present and valid, 0 when absent (and
 * not required; *out keeps its default), -1 when an error was reported.
 */
static int
num_key(struct ctx *c, const cJSON *obj, const char *key, int required,
        const struct range *r, double *out)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, required, &mark);
    int rc;

    if (!j)
        return required ? -1 : 0;
    rc = read_number(c, j, r, out);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

static int
int_key(struct ctx *c, const cJSON *obj, const char *key,
        const struct irange *r, long long *out)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, 0, &mark);
    int rc;

    if (!j)
        return 0;
    rc = check_int(c, unwrap(c, j), r, out);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

static int
date_key(struct ctx *c, const cJSON *obj, const char *key, int required,
         int32_t *day)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, required, &mark);
    int rc;

    if (!j)
        return required ? -1 : 0;
    rc = read_date(c, j, day);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

static int
capacity_key(struct ctx *c, const cJSON *obj, const char *key, int required,
             int32_t *out)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, required, &mark);
    int rc;

    if (!j)
        return required ? -1 : 0;
    rc = read_capacity(c, j, out);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

/* JSON true or false only: 1 and "yes" are errors. */
static int
bool_key(struct ctx *c, const cJSON *obj, const char *key, int *out)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, 0, &mark);
    int rc = 0;

    if (!j)
        return 0;
    j = unwrap(c, j);
    if (cJSON_IsBool(j)) {
        *out = cJSON_IsTrue(j) ? 1 : 0;
    } else {
        fail_type(c, "true or false", j);
        rc = -1;
    }
    path_pop(c, mark);
    return rc ? -1 : 1;
}

/* ------------------------------------------------------------------ */
/* Arrays                                                             */
/* ------------------------------------------------------------------ */

/*
 * An array of numbers in r: exactly n_want of them, or any non-empty
 * number when n_want is 0.  what names the elements in messages.
 * Returns 0 with *out owned by the caller (free with free), or -1.
 */
static int
read_numbers(struct ctx *c, const cJSON *j, size_t n_want, const char *what,
             const struct range *r, double **out, size_t *n_out)
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

/* Weights that must not all be zero; the sum is returned in *sum. */
static int
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

/* A profile of n weights >= 0, stored normalised to mean 1. */
static void
profile_key(struct ctx *c, const cJSON *obj, const char *key, size_t n,
            double *out)
{
    size_t mark, got_n;
    const cJSON *j = enter(c, obj, key, 0, &mark);
    double *w, sum;

    if (!j)
        return;
    if (read_numbers(c, j, n, "weights", &R_NONNEG, &w, &got_n) == 0) {
        if (check_weight_sum(c, w, n, &sum) == 0)
            for (size_t i = 0; i < n; i++)
                out[i] = w[i] * (double)n / sum;
        free(w);
    }
    path_pop(c, mark);
}

/* ------------------------------------------------------------------ */
/* Distributions                                                      */
/* ------------------------------------------------------------------ */

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

/* A duration (or mean) in the dist's unit, converted to minutes. */
static int
read_duration(struct ctx *c, const cJSON *j, const struct range *r,
              double min_per, double *user, double *out_min)
{
    char got[32];

    if (read_number(c, j, r, user))
        return -1;
    *out_min = *user * min_per;
    if (!isfinite(*out_min)) {
        fmt_num(*user, got, sizeof(got));
        fail(c, "duration %s is too large", got);
        return -1;
    }
    return 0;
}

/* Convert durations in place to minutes; reports overflow at [i]. */
static int
to_minutes(struct ctx *c, double *v, size_t n, double min_per)
{
    for (size_t i = 0; i < n; i++) {
        double user = v[i];

        v[i] = user * min_per;
        if (!isfinite(v[i])) {
            char got[32];
            size_t mark = path_index(c, i, NULL);

            fmt_num(user, got, sizeof(got));
            fail(c, "duration %s is too large", got);
            path_pop(c, mark);
            return -1;
        }
    }
    return 0;
}

/* The empirical values (minutes) and weights of one distribution. */
static int
read_empirical(struct ctx *c, const cJSON *dj, const char *values_key,
               const cJSON *vj, double min_per, struct dist *out)
{
    double *values = NULL, *weights = NULL, sum;
    size_t n = 0, n_w, mark;
    const cJSON *wj;
    int rc = -1;

    mark = path_key(c, values_key, vj);
    if (read_numbers(c, vj, 0, "durations", &R_DURATION, &values, &n) == 0)
        rc = to_minutes(c, values, n, min_per);
    path_pop(c, mark);
    if (rc) {
        free(values);
        return -1;
    }
    rc = -1;
    wj = enter(c, dj, "weights", 1, &mark);
    if (wj) {
        if (read_numbers(c, wj, n, "weights (one per value)", &R_NONNEG,
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

/*
 * A distribution object {"kind": K, params}.  Everything is checked here
 * so messages name the exact key; dist_set_* then only confirms.
 */
static int
read_dist(struct ctx *c, const cJSON *j, struct dist *out)
{
    char allowed[DIST_MAX_KEYS][KEY_LEN];
    const char *pkey[3] = {NULL, NULL, NULL}, *unit_key = NULL;
    const cJSON *pj[3] = {NULL, NULL, NULL};
    double user[3], min[3], cv = 0.0;
    const struct dist_spec *sp;
    enum dist_kind kind;
    size_t n_allowed = 0, unit = N_UNITS, mark;
    const cJSON *kj;
    int bad = 0, mixed = 0, rc;

    if (!cJSON_IsObject(j)) {
        fail_type(c, "a distribution object", j);
        return -1;
    }
    kj = enter(c, j, "kind", 1, &mark);
    if (!kj)
        return -1;
    rc = read_kind(c, kj, &kind);
    path_pop(c, mark);
    if (rc)
        return -1;
    sp = &dist_specs[kind];

    strcpy(allowed[n_allowed++], "kind");
    for (size_t i = 0; i < sp->n_dur; i++)
        for (size_t u = 0; u < N_UNITS; u++)
            snprintf(allowed[n_allowed++], KEY_LEN, "%.7s%.7s", sp->dur[i],
                     units[u].suffix);
    if (sp->has_cv)
        strcpy(allowed[n_allowed++], "cv");
    if (sp->empirical)
        strcpy(allowed[n_allowed++], "weights");
    /* C11 does not add const to a pointer to array implicitly. */
    check_keys(c, j, (const char(*)[KEY_LEN])allowed, n_allowed);

    /* One unit for every duration of the distribution. */
    for (size_t i = 0; i < sp->n_dur; i++) {
        for (size_t u = 0; u < N_UNITS; u++) {
            const char *key = allowed[1 + i * N_UNITS + u];
            const cJSON *x = get(j, key);

            if (!x)
                continue;
            if (unit == N_UNITS) {
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
        if (unit < N_UNITS)
            fail(c, "missing required key '%s%s'", sp->dur[i],
                 units[unit].suffix);
        else
            fail(c, "missing required key '%s_h' (or %s_min, %s_days)",
                 sp->dur[i], sp->dur[i], sp->dur[i]);
        bad = 1;
    }
    if (sp->has_cv && num_key(c, j, "cv", 1, &R_POSITIVE, &cv) != 1)
        bad = 1;
    if (bad)
        return -1;
    if (sp->empirical)
        return read_empirical(c, j, pkey[0], pj[0], units[unit].min_per, out);

    for (size_t i = 0; i < sp->n_dur; i++) {
        mark = path_key(c, pkey[i], pj[i]);
        bad |=
            read_duration(c, pj[i], sp->mean_positive ? &R_MEAN : &R_DURATION,
                          units[unit].min_per, &user[i], &min[i]) != 0;
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
    switch (kind) {
    case DIST_FIXED:
        rc = dist_set_fixed(out, min[0]);
        break;
    case DIST_EXPONENTIAL:
        rc = dist_set_exponential(out, min[0]);
        break;
    case DIST_LOGNORMAL:
        rc = dist_set_lognormal(out, min[0], cv);
        break;
    case DIST_GAMMA:
        rc = dist_set_gamma(out, min[0], cv);
        break;
    case DIST_UNIFORM:
        rc = dist_set_uniform(out, min[0], min[1]);
        break;
    case DIST_TRIANGULAR:
        rc = dist_set_triangular(out, min[0], min[1], min[2]);
        break;
    case DIST_EMPIRICAL:
    default:
        assert(0 && "empirical is read above");
        rc = -1;
        break;
    }
    if (rc)
        fail(c, "invalid %s distribution", sp->kind);
    return rc ? -1 : 0;
}

static int
dist_key(struct ctx *c, const cJSON *obj, const char *key, struct dist *out)
{
    size_t mark;
    const cJSON *j = enter(c, obj, key, 0, &mark);
    int rc;

    if (!j)
        return 0;
    rc = read_dist(c, j, out);
    path_pop(c, mark);
    return rc ? -1 : 1;
}

/* ------------------------------------------------------------------ */
/* Schedules and windows                                              */
/* ------------------------------------------------------------------ */

/*
 * obj.schedule: an array of {"from": date, value_key: capacity} with
 * strictly increasing dates, into sc->step (sc->base is set elsewhere).
 */
static void
schedule_key(struct ctx *c, const cJSON *obj, const char *value_key,
             struct schedule *sc)
{
    char keys[2][KEY_LEN] = {"from", ""};
    size_t mark, n, i = 0;
    const cJSON *j = enter(c, obj, "schedule", 0, &mark);
    const cJSON *e;
    int have_prev = 0;
    int32_t prev = 0;

    if (!j)
        return;
    snprintf(keys[1], KEY_LEN, "%s", value_key);
    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        fail_type(c, "an array of steps", j);
        path_pop(c, mark);
        return;
    }
    n = (size_t)cJSON_GetArraySize(j);
    free(sc->step);
    sc->step = n ? xcalloc(n, sizeof(*sc->step)) : NULL;
    sc->n = n;
    cJSON_ArrayForEach(e, j)
    {
        size_t m_i = path_index(c, i, e);
        struct sched_step *st = &sc->step[i];
        int32_t cap = 0;

        i++;
        if (!cJSON_IsObject(e)) {
            fail_type(c, "an object", e);
            path_pop(c, m_i);
            have_prev = 0;
            continue;
        }
        check_keys(c, e, (const char(*)[KEY_LEN])keys, ARRAY_LEN(keys));
        if (capacity_key(c, e, value_key, 1, &cap) == 1)
            st->value = (double)cap;
        if (date_key(c, e, "from", 1, &st->day) != 1) {
            have_prev = 0;
        } else {
            if (have_prev && st->day <= prev) {
                char a[11], b[11];
                size_t m_f = path_key(c, "from", get(e, "from"));

                cal_format(st->day, a);
                cal_format(prev, b);
                fail(c, "step dates must strictly increase, got %s after %s", a,
                     b);
                path_pop(c, m_f);
            }
            have_prev = 1;
            prev = st->day;
        }
        path_pop(c, m_i);
    }
    path_pop(c, mark);
}

/* A capacity key (the schedule's base) and its optional schedule. */
static void
capacity_schedule(struct ctx *c, const cJSON *obj, const char *key,
                  struct schedule *sc)
{
    int32_t cap;

    if (capacity_key(c, obj, key, 0, &cap) == 1)
        sc->base = (double)cap;
    schedule_key(c, obj, key, sc);
}

static void
windows_key(struct ctx *c, const cJSON *obj, struct arrival_stream *st)
{
    static const char keys[][KEY_LEN] = {"from", "to", "multiplier"};
    size_t mark, n, i = 0;
    const cJSON *j = enter(c, obj, "windows", 0, &mark);
    const cJSON *e;

    if (!j)
        return;
    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        fail_type(c, "an array of windows", j);
        path_pop(c, mark);
        return;
    }
    n = (size_t)cJSON_GetArraySize(j);
    free(st->windows);
    st->windows = n ? xcalloc(n, sizeof(*st->windows)) : NULL;
    st->n_windows = n;
    cJSON_ArrayForEach(e, j)
    {
        size_t m_i = path_index(c, i, e);
        struct window *w = &st->windows[i];
        int ok_from, ok_to;

        i++;
        if (!cJSON_IsObject(e)) {
            fail_type(c, "an object", e);
            path_pop(c, m_i);
            continue;
        }
        check_keys(c, e, keys, ARRAY_LEN(keys));
        ok_from = date_key(c, e, "from", 1, &w->from_day);
        ok_to = date_key(c, e, "to", 1, &w->to_day);
        num_key(c, e, "multiplier", 1, &R_NONNEG, &w->multiplier);
        if (ok_from == 1 && ok_to == 1 && w->to_day < w->from_day) {
            char a[11], b[11];
            size_t m_t = path_key(c, "to", get(e, "to"));

            cal_format(w->to_day, a);
            cal_format(w->from_day, b);
            fail(c, "to %s is before from %s", a, b);
            path_pop(c, m_t);
        }
        path_pop(c, m_i);
    }
    path_pop(c, mark);
}

/* ------------------------------------------------------------------ */
/* Sections                                                           */
/* ------------------------------------------------------------------ */

static void
read_stream(struct ctx *c, const cJSON *j, enum arr_stream a,
            struct arrival_stream *st)
{
    static const char keys[][KEY_LEN] = {"rate_per_day",
                                         "hour_of_day_weights",
                                         "day_of_week_weights",
                                         "month_of_year_weights",
                                         "growth_per_year",
                                         "share_65_plus",
                                         "windows",
                                         "majors_share"};
    /* majors_share, the last key, belongs to walk-ins only. */
    size_t n_keys = a == ARR_ED_WALK_IN ? ARRAY_LEN(keys) : ARRAY_LEN(keys) - 1;

    check_keys(c, j, keys, n_keys);
    num_key(c, j, "rate_per_day", 1, &R_NONNEG, &st->rate_per_day);
    profile_key(c, j, "hour_of_day_weights", 24, st->hour_weight);
    profile_key(c, j, "day_of_week_weights", 7, st->weekday_weight);
    profile_key(c, j, "month_of_year_weights", 12, st->month_weight);
    num_key(c, j, "growth_per_year", 0, &R_GROWTH, &st->growth_per_year);
    num_key(c, j, "share_65_plus", 0, &R_PROB, &st->share_65_plus);
    if (a == ARR_ED_WALK_IN)
        num_key(c, j, "majors_share", 0, &R_PROB, &st->majors_share);
    windows_key(c, j, st);
}

static void
read_arrivals(struct ctx *c, const cJSON *root, struct scenario *s)
{
    size_t mark;
    const cJSON *j =
        enter_object(c, root, "arrivals", stream_names, ARR_N, &mark);

    if (!j)
        return;
    for (int a = 0; a < ARR_N; a++) {
        size_t m_a;
        const cJSON *sj = enter_object(c, j, stream_names[a], NULL, 0, &m_a);

        /* read_stream checks the keys: majors_share is for walk-ins. */
        if (!sj)
            continue;
        read_stream(c, sj, (enum arr_stream)a, &s->arrivals[a]);
        path_pop(c, m_a);
    }
    path_pop(c, mark);
}

static void
read_ed_area(struct ctx *c, const cJSON *ed, const char *key,
             struct ed_area *area)
{
    static const char keys[][KEY_LEN] = {"spaces", "treatment",
                                         "treatment_admitted"};
    size_t mark;
    const cJSON *j = enter_object(c, ed, key, keys, ARRAY_LEN(keys), &mark);

    if (!j)
        return;
    capacity_key(c, j, "spaces", 0, &area->spaces);
    dist_key(c, j, "treatment", &area->treatment);
    if (dist_key(c, j, "treatment_admitted", &area->treatment_admitted) == 0) {
        dist_release(&area->treatment_admitted);
        dist_copy(&area->treatment_admitted, &area->treatment);
    }
    path_pop(c, mark);
}

static void
read_ed(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {
        "majors", "minors", "ambulance_offload", "admit_probability"};
    static const char admit_keys[][KEY_LEN] = {"walk_in", "ambulance",
                                               "minors"};
    size_t mark, m_p;
    const cJSON *j = enter_object(c, root, "ed", keys, ARRAY_LEN(keys), &mark);
    const cJSON *p;

    if (!j)
        return;
    read_ed_area(c, j, "majors", &s->ed.majors);
    read_ed_area(c, j, "minors", &s->ed.minors);
    dist_key(c, j, "ambulance_offload", &s->ed.offload);
    p = enter_object(c, j, "admit_probability", admit_keys,
                     ARRAY_LEN(admit_keys), &m_p);
    if (p) {
        num_key(c, p, "walk_in", 0, &R_PROB,
                &s->ed.admit_probability[ARR_ED_WALK_IN]);
        num_key(c, p, "ambulance", 0, &R_PROB,
                &s->ed.admit_probability[ARR_ED_AMBULANCE]);
        num_key(c, p, "minors", 0, &R_PROB, &s->ed.minors_admit_probability);
        path_pop(c, m_p);
    }
    path_pop(c, mark);
}

static void
read_admission(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {
        "zero_day_probability", "zero_day_stay", "vw_step_up_probability"};
    size_t mark, m_z;
    const cJSON *j =
        enter_object(c, root, "admission", keys, ARRAY_LEN(keys), &mark);
    const cJSON *z;

    if (!j)
        return;
    z = enter_object(c, j, "zero_day_probability", cohort_names, COHORT_N,
                     &m_z);
    if (z) {
        for (int k = 0; k < COHORT_N; k++)
            num_key(c, z, cohort_names[k], 0, &R_PROB,
                    &s->admission.zero_day_probability[k]);
        path_pop(c, m_z);
    }
    dist_key(c, j, "zero_day_stay", &s->admission.zero_day_stay);
    num_key(c, j, "vw_step_up_probability", 0, &R_PROB,
            &s->admission.vw_step_up_probability);
    path_pop(c, mark);
}

static void
read_beds(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {"ga"};
    static const char ga_keys[][KEY_LEN] = {"capacity", "schedule"};
    size_t mark, m_ga;
    const cJSON *j =
        enter_object(c, root, "beds", keys, ARRAY_LEN(keys), &mark);
    const cJSON *ga;

    if (!j)
        return;
    ga = enter_object(c, j, "ga", ga_keys, ARRAY_LEN(ga_keys), &m_ga);
    if (ga) {
        capacity_schedule(c, ga, "capacity", &s->ga.capacity);
        path_pop(c, m_ga);
    }
    path_pop(c, mark);
}

/* Pathway probabilities p0-p3: given at all, they must sum to 1. */
static void
read_pathway_probabilities(struct ctx *c, const cJSON *cohort, double *p)
{
    size_t mark;
    const cJSON *j = enter_object(c, cohort, "pathway_probabilities",
                                  pathway_names, PW_N, &mark);
    double sum = 0.0;
    int bad = 0;

    if (!j)
        return;
    for (int k = 0; k < PW_N; k++) {
        p[k] = 0.0;
        bad |= num_key(c, j, pathway_names[k], 0, &R_PROB, &p[k]) < 0;
        sum += p[k];
    }
    if (!bad && fabs(sum - 1.0) > 1e-9) {
        char got[32];

        snprintf(got, sizeof(got), "%.12g", sum);
        fail(c, "probabilities sum to %s, expected 1", got);
    }
    path_pop(c, mark);
}

static void
read_cohorts(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {
        "clinical_los", "pathway_probabilities", "step_down_probability"};
    size_t mark;
    const cJSON *j =
        enter_object(c, root, "cohorts", cohort_names, COHORT_N, &mark);

    if (!j)
        return;
    for (int k = 0; k < COHORT_N; k++) {
        size_t m_k;
        const cJSON *cj =
            enter_object(c, j, cohort_names[k], keys, ARRAY_LEN(keys), &m_k);

        if (!cj)
            continue;
        dist_key(c, cj, "clinical_los", &s->ga.clinical_los[k]);
        read_pathway_probabilities(c, cj, s->ga.pathway_probability[k]);
        num_key(c, cj, "step_down_probability", 0, &R_PROB,
                &s->ga.step_down_probability[k]);
        path_pop(c, m_k);
    }
    path_pop(c, mark);
}

static void
read_virtual_wards(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {"beds", "schedule", "stay",
                                         "escalation_probability",
                                         "step_down_at_share_of_los"};
    size_t mark;
    const cJSON *j =
        enter_object(c, root, "virtual_wards", keys, ARRAY_LEN(keys), &mark);

    if (!j)
        return;
    capacity_schedule(c, j, "beds", &s->vw.beds);
    dist_key(c, j, "stay", &s->vw.stay);
    num_key(c, j, "escalation_probability", 0, &R_PROB,
            &s->vw.escalation_probability);
    num_key(c, j, "step_down_at_share_of_los", 0, &R_SHARE,
            &s->ga.step_down_at_share);
    path_pop(c, mark);
}

static void
read_pathway(struct ctx *c, const cJSON *pathways, enum pathway p,
             struct pathway_cfg *pw)
{
    static const char keys[][KEY_LEN] = {"slots", "schedule", "duration",
                                         "brokerage_delay"};
    size_t mark;
    const cJSON *j = enter_object(c, pathways, pathway_names[p], keys,
                                  ARRAY_LEN(keys), &mark);
    int unlimited;

    if (!j)
        return;
    capacity_schedule(c, j, "slots", &pw->slots);
    /* Spot purchase only when no date ever limits the slots. */
    unlimited = pw->slots.base == (double)RES_UNLIMITED;
    for (size_t i = 0; i < pw->slots.n; i++)
        unlimited &= pw->slots.step[i].value == (double)RES_UNLIMITED;
    pw->unlimited = unlimited;
    dist_key(c, j, "duration", &pw->duration);
    dist_key(c, j, "brokerage_delay", &pw->brokerage);
    path_pop(c, mark);
}

static void
read_discharge(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {"process_delay", "window",
                                         "weekend_process_rate", "pathways"};
    static const char window_keys[][KEY_LEN] = {"start_h", "end_h"};
    static const char pathway_keys[][KEY_LEN] = {"p1", "p2", "p3"};
    size_t mark, m_sub;
    const cJSON *j =
        enter_object(c, root, "discharge", keys, ARRAY_LEN(keys), &mark);
    const cJSON *sub;

    if (!j)
        return;
    sub = enter_object(c, j, "process_delay", pathway_names, PW_N, &m_sub);
    if (sub) {
        for (int p = 0; p < PW_N; p++)
            dist_key(c, sub, pathway_names[p], &s->discharge.process_delay[p]);
        path_pop(c, m_sub);
    }
    sub = enter_object(c, j, "window", window_keys, ARRAY_LEN(window_keys),
                       &m_sub);
    if (sub) {
        int ok_start = num_key(c, sub, "start_h", 0, &R_HOUR,
                               &s->discharge.window_start_h);
        int ok_end =
            num_key(c, sub, "end_h", 0, &R_HOUR, &s->discharge.window_end_h);

        if (ok_start >= 0 && ok_end >= 0 &&
            !(s->discharge.window_start_h < s->discharge.window_end_h)) {
            char a[32], b[32];
            size_t m_e = path_key(c, "end_h", get(sub, "end_h"));

            fmt_num(s->discharge.window_end_h, a, sizeof(a));
            fmt_num(s->discharge.window_start_h, b, sizeof(b));
            fail(c, "end_h %s is not after start_h %s", a, b);
            path_pop(c, m_e);
        }
        path_pop(c, m_sub);
    }
    num_key(c, j, "weekend_process_rate", 0, &R_WEEKEND,
            &s->discharge.weekend_process_rate);
    sub = enter_object(c, j, "pathways", pathway_keys, ARRAY_LEN(pathway_keys),
                       &m_sub);
    if (sub) {
        for (int p = PW_1; p < PW_N; p++)
            read_pathway(c, sub, (enum pathway)p, &s->discharge.pw[p]);
        path_pop(c, m_sub);
    }
    path_pop(c, mark);
}

static void
read_electives(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {"los", "cancel_above_occupancy"};
    size_t mark;
    const cJSON *j =
        enter_object(c, root, "electives", keys, ARRAY_LEN(keys), &mark);

    if (!j)
        return;
    dist_key(c, j, "los", &s->elective.los);
    num_key(c, j, "cancel_above_occupancy", 0, &R_SHARE,
            &s->elective.cancel_above_occupancy);
    path_pop(c, mark);
}

/*
 * One of the dated disruption arrays ("bank_holidays" or
 * "industrial_action"), appended to s->periods.  Only industrial action
 * takes ed_spaces_multiplier, the last key.
 */
static void
periods_key(struct ctx *c, const cJSON *root, const char *key,
            enum period_kind kind, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {"from", "to", "process_rate",
                                         "elective_multiplier",
                                         "ed_spaces_multiplier"};
    size_t n_keys = kind == PERIOD_INDUSTRIAL_ACTION ? ARRAY_LEN(keys)
                                                     : ARRAY_LEN(keys) - 1;
    size_t mark, n, i = 0;
    const cJSON *j = enter(c, root, key, 0, &mark);
    const cJSON *e;

    if (!j)
        return;
    j = unwrap(c, j);
    if (!cJSON_IsArray(j)) {
        fail_type(c, "an array of periods", j);
        path_pop(c, mark);
        return;
    }
    n = (size_t)cJSON_GetArraySize(j);
    if (n > 0)
        s->periods =
            xrealloc(s->periods, (s->n_periods + n) * sizeof(*s->periods));
    cJSON_ArrayForEach(e, j)
    {
        size_t m_i = path_index(c, i, e);
        struct period *p = &s->periods[s->n_periods + i];
        int ok_from, ok_to;

        i++;
        memset(p, 0, sizeof(*p));
        p->kind = kind;
        p->process_rate = 1.0;
        p->elective_multiplier = 1.0;
        p->ed_spaces_multiplier = 1.0;
        if (!cJSON_IsObject(e)) {
            fail_type(c, "an object", e);
            path_pop(c, m_i);
            continue;
        }
        check_keys(c, e, keys, n_keys);
        ok_from = date_key(c, e, "from", 1, &p->from_day);
        ok_to = date_key(c, e, "to", 1, &p->to_day);
        if (ok_from == 1 && ok_to == 1 && p->to_day < p->from_day) {
            char a[11], b[11];
            size_t m_t = path_key(c, "to", get(e, "to"));

            cal_format(p->to_day, a);
            cal_format(p->from_day, b);
            fail(c, "to %s is before from %s", a, b);
            path_pop(c, m_t);
        }
        num_key(c, e, "process_rate", 0, &R_PROCESS, &p->process_rate);
        num_key(c, e, "elective_multiplier", 0, &R_NONNEG,
                &p->elective_multiplier);
        if (kind == PERIOD_INDUSTRIAL_ACTION)
            num_key(c, e, "ed_spaces_multiplier", 0, &R_SHARE,
                    &p->ed_spaces_multiplier);
        path_pop(c, m_i);
    }
    s->n_periods += n;
    path_pop(c, mark);
}

/*
 * Every period that changes electives also becomes a window on the
 * elective stream, after the stream's own: the arrival module multiplies
 * the windows that cover a day, so the elective rate drops by itself.
 */
static void
period_windows(struct scenario *s)
{
    struct arrival_stream *st = &s->arrivals[ARR_ELECTIVE];
    size_t m = 0;

    for (size_t i = 0; i < s->n_periods; i++)
        m += s->periods[i].elective_multiplier != 1.0;
    if (m == 0)
        return;
    st->windows =
        xrealloc(st->windows, (st->n_windows + m) * sizeof(*st->windows));
    for (size_t i = 0; i < s->n_periods; i++) {
        const struct period *p = &s->periods[i];
        struct window *w;

        if (p->elective_multiplier == 1.0)
            continue;
        w = &st->windows[st->n_windows++];
        w->from_day = p->from_day;
        w->to_day = p->to_day;
        w->multiplier = p->elective_multiplier;
    }
}

/*
 * Thresholds for levels 2-4 of one indicator: three non-negative numbers
 * that do not decrease, stored at [1..3] after level 1's INFINITY.
 */
static void
thresholds_key(struct ctx *c, const cJSON *obj, const char *key,
               double out[OPEL_LEVELS])
{
    size_t mark, n;
    const cJSON *j = enter(c, obj, key, 0, &mark);
    double *v;
    int ok = 1;

    if (!j)
        return;
    if (read_numbers(c, j, OPEL_LEVELS - 1, "thresholds (levels 2, 3, 4)",
                     &R_NONNEG, &v, &n) == 0) {
        for (size_t i = 1; i < n && ok; i++) {
            if (v[i] < v[i - 1]) {
                char a[32], b[32];
                size_t m_i = path_index(c, i, NULL);

                fmt_num(v[i], a, sizeof(a));
                fmt_num(v[i - 1], b, sizeof(b));
                fail(c, "threshold %s for level %zu is below %s for level %zu",
                     a, i + 2, b, i + 1);
                path_pop(c, m_i);
                ok = 0;
            }
        }
        if (ok)
            for (size_t i = 0; i < n; i++)
                out[i + 1] = v[i];
        free(v);
    }
    path_pop(c, mark);
}

/* What the system does at one OPEL level (index L - 1). */
static void
action_key(struct ctx *c, const cJSON *obj, const char *key,
           struct escalation *e, size_t level)
{
    static const char keys[][KEY_LEN] = {"escalation_beds", "cancel_electives",
                                         "process_rate",
                                         "step_down_multiplier"};
    size_t mark;
    const cJSON *j = enter_object(c, obj, key, keys, ARRAY_LEN(keys), &mark);
    long long v;

    if (!j)
        return;
    if (int_key(c, j, "escalation_beds", &I_CAPACITY, &v) == 1)
        e->escalation_beds[level] = (int32_t)v;
    bool_key(c, j, "cancel_electives", &e->cancel_electives[level]);
    num_key(c, j, "process_rate", 0, &R_PROCESS, &e->process_rate[level]);
    num_key(c, j, "step_down_multiplier", 0, &R_NONNEG,
            &e->step_down_multiplier[level]);
    path_pop(c, mark);
}

static void
read_escalation(struct ctx *c, const cJSON *root, struct escalation *e)
{
    static const char keys[][KEY_LEN] = {"interval_h", "triggers", "hysteresis",
                                         "actions", "escalation_beds_cap"};
    static const char indicators[][KEY_LEN] = {"ga_occupancy", "ed_boarders",
                                               "handover_mean_min"};
    static const char levels[][KEY_LEN] = {"level_2", "level_3", "level_4"};
    size_t mark, m_sub;
    const cJSON *j =
        enter_object(c, root, "escalation", keys, ARRAY_LEN(keys), &mark);
    const cJSON *sub;
    long long v;

    if (!j)
        return;
    e->enabled = 1;
    sub = enter(c, j, "interval_h", 0, &m_sub);
    if (sub) {
        double user;

        read_duration(c, sub, &R_MEAN, MIN_PER_HOUR, &user, &e->interval_min);
        path_pop(c, m_sub);
    }
    sub = enter_object(c, j, "triggers", indicators, ARRAY_LEN(indicators),
                       &m_sub);
    if (sub) {
        thresholds_key(c, sub, "ga_occupancy", e->ga_occupancy);
        thresholds_key(c, sub, "ed_boarders", e->ed_boarders);
        thresholds_key(c, sub, "handover_mean_min", e->handover_mean_min);
        path_pop(c, m_sub);
    }
    sub = enter_object(c, j, "hysteresis", indicators, ARRAY_LEN(indicators),
                       &m_sub);
    if (sub) {
        num_key(c, sub, "ga_occupancy", 0, &R_NONNEG,
                &e->hysteresis_ga_occupancy);
        num_key(c, sub, "ed_boarders", 0, &R_NONNEG,
                &e->hysteresis_ed_boarders);
        num_key(c, sub, "handover_mean_min", 0, &R_NONNEG,
                &e->hysteresis_handover_min);
        path_pop(c, m_sub);
    }
    sub = enter_object(c, j, "actions", levels, ARRAY_LEN(levels), &m_sub);
    if (sub) {
        for (size_t l = 0; l < ARRAY_LEN(levels); l++)
            action_key(c, sub, levels[l], e, l + 1);
        path_pop(c, m_sub);
    }
    if (int_key(c, j, "escalation_beds_cap", &I_CAPACITY, &v) == 1) {
        e->escalation_beds_cap = (int32_t)v;
    } else {
        for (size_t l = 0; l < OPEL_LEVELS; l++)
            if (e->escalation_beds[l] > e->escalation_beds_cap)
                e->escalation_beds_cap = e->escalation_beds[l];
    }
    path_pop(c, mark);
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

static void
read_top(struct ctx *c, const cJSON *root, struct scenario *s)
{
    size_t mark;
    const cJSON *j;
    const char *str;
    long long v;
    int ok_start, ok_end;

    j = enter(c, root, "name", 1, &mark);
    if (j) {
        str = read_string(c, j, "a name");
        if (str && !valid_name(str)) {
            char q[QUOTE_LEN];

            quote(str, q);
            fail(c,
                 "expected a name of 1-100 letters, digits, '.', '_' or "
                 "'-', got '%s'",
                 q);
        } else if (str) {
            free(s->name);
            s->name = xstrdup(str);
        }
        path_pop(c, mark);
    }
    j = enter(c, root, "description", 0, &mark);
    if (j) {
        str = read_string(c, j, "a string");
        if (str) {
            free(s->description);
            s->description = xstrdup(str);
        }
        path_pop(c, mark);
    }
    ok_start = date_key(c, root, "start_date", 1, &s->start_day);
    ok_end = date_key(c, root, "end_date", 1, &s->end_day);
    if (ok_start == 1 && ok_end == 1 && s->end_day < s->start_day) {
        char a[11], b[11];

        mark = path_key(c, "end_date", get(root, "end_date"));
        cal_format(s->end_day, a);
        cal_format(s->start_day, b);
        fail(c, "end_date %s is before start_date %s", a, b);
        path_pop(c, mark);
    }
    if (int_key(c, root, "warm_up_days", &I_WARM_UP, &v) == 1)
        s->warm_up_days = (int32_t)v;
    if (int_key(c, root, "replications", &I_REPLICATIONS, &v) == 1)
        s->replications = (uint32_t)v;
    if (int_key(c, root, "seed", &I_SEED, &v) == 1)
        s->seed = (uint64_t)v;
}

/*
 * Convert a parsed tree into *s, which holds the defaults.  Errors go to
 * c->err; *s may be partly filled whatever happens.  The tree is only
 * read, so a caller may merge or override keys in it first.
 */
static void
scn_from_tree(struct ctx *c, const cJSON *root, struct scenario *s)
{
    static const char keys[][KEY_LEN] = {
        "name",          "description",   "start_date",
        "end_date",      "warm_up_days",  "replications",
        "seed",          "arrivals",      "ed",
        "admission",     "beds",          "cohorts",
        "virtual_wards", "discharge",     "electives",
        "extends",       "bank_holidays", "industrial_action",
        "escalation"};

    if (!cJSON_IsObject(root)) {
        fail_type(c, "an object", root);
        return;
    }
    check_keys(c, root, keys, ARRAY_LEN(keys));
    read_top(c, root, s);
    read_arrivals(c, root, s);
    read_ed(c, root, s);
    read_admission(c, root, s);
    read_beds(c, root, s);
    read_cohorts(c, root, s);
    read_virtual_wards(c, root, s);
    read_discharge(c, root, s);
    read_electives(c, root, s);
    periods_key(c, root, "bank_holidays", PERIOD_BANK_HOLIDAY, s);
    periods_key(c, root, "industrial_action", PERIOD_INDUSTRIAL_ACTION, s);
    period_windows(s);
    read_escalation(c, root, &s->escalation);
}

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

static void
dist_zero(struct dist *d)
{
    int rc = dist_set_fixed(d, 0.0);

    assert(rc == 0);
    (void)rc;
}

/* The documented defaults: every stage trivial, nothing arriving. */
static void
scn_defaults(struct scenario *s)
{
    s->description = xstrdup("");
    s->replications = 30;
    s->seed = 1;
    for (int a = 0; a < ARR_N; a++) {
        struct arrival_stream *st = &s->arrivals[a];

        for (size_t i = 0; i < ARRAY_LEN(st->hour_weight); i++)
            st->hour_weight[i] = 1.0;
        for (size_t i = 0; i < ARRAY_LEN(st->weekday_weight); i++)
            st->weekday_weight[i] = 1.0;
        for (size_t i = 0; i < ARRAY_LEN(st->month_weight); i++)
            st->month_weight[i] = 1.0;
        st->majors_share = 1.0;
    }
    s->ed.majors.spaces = RES_UNLIMITED;
    s->ed.minors.spaces = RES_UNLIMITED;
    dist_zero(&s->ed.majors.treatment);
    dist_zero(&s->ed.majors.treatment_admitted);
    dist_zero(&s->ed.minors.treatment);
    dist_zero(&s->ed.minors.treatment_admitted);
    dist_zero(&s->ed.offload);
    dist_zero(&s->admission.zero_day_stay);
    s->ga.capacity.base = (double)RES_UNLIMITED;
    for (int k = 0; k < COHORT_N; k++) {
        dist_zero(&s->ga.clinical_los[k]);
        s->ga.pathway_probability[k][PW_0] = 1.0;
    }
    s->ga.step_down_at_share = 0.5;
    dist_zero(&s->vw.stay);
    s->discharge.window_start_h = 0.0;
    s->discharge.window_end_h = 24.0;
    s->discharge.weekend_process_rate = 1.0;
    for (int p = 0; p < PW_N; p++) {
        struct pathway_cfg *pw = &s->discharge.pw[p];

        dist_zero(&s->discharge.process_delay[p]);
        pw->unlimited = 1;
        pw->slots.base = (double)RES_UNLIMITED;
        dist_zero(&pw->duration);
        dist_zero(&pw->brokerage);
    }
    dist_zero(&s->elective.los);
    s->elective.cancel_above_occupancy = 1.0;
    /* Filled even when disabled, so the model can read them safely. */
    s->escalation.interval_min = 4.0 * MIN_PER_HOUR;
    for (int l = 0; l < OPEL_LEVELS; l++) {
        s->escalation.ga_occupancy[l] = INFINITY;
        s->escalation.ed_boarders[l] = INFINITY;
        s->escalation.handover_mean_min[l] = INFINITY;
        s->escalation.process_rate[l] = 1.0;
        s->escalation.step_down_multiplier[l] = 1.0;
    }
}

/*
 * Report a cJSON parse failure at line:column of the offset cJSON gives.
 * cJSON sometimes points one past the culprit (after a trailing comma it
 * points past the '}'), so when nothing is left on the line the text just
 * before is shown instead.
 */
static void
syntax_error(struct ctx *c, const char *buf, size_t len, const char *end)
{
    size_t pos = end && end >= buf ? (size_t)(end - buf) : 0;
    size_t line = 1, col = 1, stop, start;
    char near[SNIPPET_LEN + 1];

    if (pos > len)
        pos = len;
    for (size_t i = 0; i < pos; i++) {
        unsigned char ch = (unsigned char)buf[i];

        if (ch == '\n') {
            line++;
            col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            col++;
        }
    }
    if (pos == len) {
        add_error(c->err,
                  "%s: line %zu, column %zu: JSON syntax error at end of "
                  "input",
                  c->file, line, col);
        return;
    }
    stop = pos;
    while (stop < len && buf[stop] != '\n' && buf[stop] != '\r')
        stop++;
    while (stop > pos && (buf[stop - 1] == ' ' || buf[stop - 1] == '\t'))
        stop--;
    if (stop > pos) {
        copy_clean(near, sizeof(near), buf + pos, stop - pos);
    } else {
        start = pos;
        while (start > 0 && buf[start - 1] != '\n' && pos - start < SNIPPET_LEN)
            start--;
        while (start < pos && (buf[start] == ' ' || buf[start] == '\t' ||
                               ((unsigned char)buf[start] & 0xC0) == 0x80))
            start++;
        copy_clean(near, sizeof(near), buf + start, pos - start);
    }
    if (near[0])
        add_error(c->err,
                  "%s: line %zu, column %zu: JSON syntax error near '%s'",
                  c->file, line, col, near);
    else
        add_error(c->err, "%s: line %zu, column %zu: JSON syntax error",
                  c->file, line, col);
}

/* ------------------------------------------------------------------ */
/* Provenance                                                         */
/* ------------------------------------------------------------------ */

/* A slot for a node address: a 64-bit mix (splitmix64's finaliser). */
static size_t
prov_slot(const struct prov *p, const cJSON *node)
{
    uint64_t x = (uint64_t)(uintptr_t)node;

    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (size_t)(x & (p->cap - 1));
}

/* Add a source name (copied); returns its index. */
static uint32_t
prov_add_source(struct prov *p, const char *name)
{
    p->name = xrealloc(p->name, (p->n_names + 1) * sizeof(*p->name));
    p->name[p->n_names] = xstrdup(name);
    return (uint32_t)p->n_names++;
}

static void prov_set(struct prov *p, const cJSON *node, uint32_t src);

/* Double the table (or make the first one) and re-insert every entry. */
static void
prov_grow(struct prov *p)
{
    const cJSON **old_node = p->node;
    uint32_t *old_src = p->src;
    size_t old_cap = p->cap;

    p->cap = old_cap ? 2 * old_cap : 256;
    p->node = xcalloc(p->cap, sizeof(*p->node));
    p->src = xcalloc(p->cap, sizeof(*p->src));
    p->used = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old_node[i])
            prov_set(p, old_node[i], old_src[i]);
    free(old_node);
    free(old_src);
}

/* Record (or re-record) that src wrote node.  Linear probing. */
static void
prov_set(struct prov *p, const cJSON *node, uint32_t src)
{
    size_t i;

    /* Keep the load at most 1/2 so probes stay short. */
    if (2 * (p->used + 1) > p->cap)
        prov_grow(p);
    i = prov_slot(p, node);
    while (p->node[i] && p->node[i] != node)
        i = (i + 1) & (p->cap - 1);
    if (!p->node[i])
        p->used++;
    p->node[i] = node;
    p->src[i] = src;
}

/* Record src for node and everything inside it. */
static void
prov_tree(struct prov *p, const cJSON *node, uint32_t src)
{
    const cJSON *it;

    prov_set(p, node, src);
    cJSON_ArrayForEach(it, node) prov_tree(p, it, src);
}

/* The index of node's source, or UINT32_MAX when it is not recorded. */
static uint32_t
prov_src(const struct prov *p, const cJSON *node)
{
    size_t i;

    if (p->cap == 0)
        return UINT32_MAX;
    i = prov_slot(p, node);
    while (p->node[i]) {
        if (p->node[i] == node)
            return p->src[i];
        i = (i + 1) & (p->cap - 1);
    }
    return UINT32_MAX;
}

static const char *
prov_name(const struct prov *p, const cJSON *node)
{
    uint32_t src = prov_src(p, node);

    return src < p->n_names ? p->name[src] : NULL;
}

static void
prov_release(struct prov *p)
{
    for (size_t i = 0; i < p->n_names; i++)
        free(p->name[i]);
    free(p->name);
    free(p->node);
    free(p->src);
    memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------------ */
/* The extends chain                                                  */
/* ------------------------------------------------------------------ */

/* One file of the chain; the chain runs from the file given down. */
struct chain_file {
    char *path;  /* as opened: relative to the referrer's folder, owned */
    char *label; /* as the cycle message names it, owned */
    char *real;  /* realpath, owned */
    char *buf;   /* the bytes, owned */
    size_t len;
    cJSON *root; /* owned until merged */
};

struct chain {
    size_t n;
    struct chain_file *f; /* owned */
};

static void
chain_release(struct chain *ch)
{
    for (size_t i = 0; i < ch->n; i++) {
        free(ch->f[i].path);
        free(ch->f[i].label);
        free(ch->f[i].real);
        free(ch->f[i].buf);
        cJSON_Delete(ch->f[i].root);
    }
    free(ch->f);
    memset(ch, 0, sizeof(*ch));
}

/* The last component of a path, for the cycle message. */
static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* rel as seen from the folder of the file referrer (owned result). */
static char *
join_path(const char *referrer, const char *rel)
{
    const char *slash = strrchr(referrer, '/');
    size_t dir_len = slash ? (size_t)(slash - referrer) + 1 : 0;
    char *out;

    if (rel[0] == '/' || dir_len == 0)
        return xstrdup(rel);
    out = xmalloc(dir_len + strlen(rel) + 1);
    memcpy(out, referrer, dir_len);
    strcpy(out + dir_len, rel);
    return out;
}

/* "a.json -> b.json -> a.json": the chain so far, then label. */
static void
fail_cycle(struct ctx *c, const struct chain *ch, const char *label)
{
    char names[sizeof(c->err->msg[0])];
    size_t len = 0;

    names[0] = '\0';
    for (size_t i = 0; i <= ch->n; i++) {
        const char *l = i < ch->n ? ch->f[i].label : label;
        int n = snprintf(names + len, sizeof(names) - len, "%s%s",
                         i ? " -> " : "", l);

        if (n < 0 || (size_t)n >= sizeof(names) - len)
            break;
        len += (size_t)n;
    }
    fail(c, "extends cycle: %s", names);
}

/*
 * Read, parse and check one more file of the chain: path (taken) was
 * named by label (taken) in the last file so far, or is the top file.
 * Source i of pv is file i of the chain.  Returns 0, or -1 when the
 * chain cannot go on (the error is reported).
 */
static int
chain_add(struct ctx *c, struct chain *ch, struct prov *pv, char *path,
          char *label)
{
    int top = ch->n == 0;
    const char *end = NULL;
    struct chain_file *f;
    char *real = NULL;
    char q[QUOTE_LEN];
    uint32_t src;

    quote(path, q);
    if (!top) {
        /* A cycle is reported at the top file, with the whole chain. */
        real = realpath(path, NULL);
        for (size_t i = 0; real && i < ch->n; i++) {
            if (strcmp(ch->f[i].real, real) == 0) {
                size_t mark;

                c->file = pv->name[0];
                mark = path_key(c, "extends", NULL);
                fail_cycle(c, ch, label);
                path_pop(c, mark);
                free(real);
                free(path);
                free(label);
                return -1;
            }
        }
    }
    ch->f = xrealloc(ch->f, (ch->n + 1) * sizeof(*ch->f));
    f = &ch->f[ch->n++];
    memset(f, 0, sizeof(*f));
    f->path = path;
    f->label = label;
    f->real = real;
    /* The top file is read first, for the plain "cannot read" message. */
    if (top || real)
        f->buf = util_read_file(path, &f->len);
    if (top && f->buf)
        f->real = realpath(path, NULL);
    if (!f->buf || !f->real) {
        int e = errno;

        if (top) {
            add_error(c->err, "%s: cannot read: %s", path, strerror(e));
        } else {
            /* Named by the file that refers to it. */
            size_t mark;

            c->file = pv->name[ch->n - 2];
            mark = path_key(c, "extends", NULL);
            fail(c, "cannot read '%s': %s", q, strerror(e));
            path_pop(c, mark);
        }
        return -1;
    }
    src = prov_add_source(pv, path);
    c->file = pv->name[src];
    /* util_read_file NUL-terminates: cJSON must see the NUL as the end. */
    f->root = cJSON_ParseWithLengthOpts(f->buf, f->len + 1, &end, 1);
    if (!f->root) {
        syntax_error(c, f->buf, f->len, end);
        return -1;
    }
    if (!cJSON_IsObject(f->root)) {
        fail_type(c, "an object", f->root);
        return -1;
    }
    prov_tree(pv, f->root, src);
    check_duplicates(c, f->root);
    return 0;
}

/*
 * Load the file at path and every file it extends, top first, into ch.
 * Returns 0, or -1 after reporting why the chain stops.
 */
static int
chain_load(struct ctx *c, const char *path, struct chain *ch, struct prov *pv)
{
    int rc = chain_add(c, ch, pv, xstrdup(path), xstrdup(base_name(path)));

    while (rc == 0) {
        const struct chain_file *f = &ch->f[ch->n - 1];
        const cJSON *ext = get(f->root, "extends");
        const char *rel;
        size_t mark;

        if (!ext)
            return 0;
        mark = path_key(c, "extends", ext);
        rel = read_string(c, ext, "a scenario file name");
        if (rel && !rel[0])
            fail(c, "expected a scenario file name, got ''");
        if (!rel || !rel[0]) {
            path_pop(c, mark);
            return -1;
        }
        path_pop(c, mark);
        rc = chain_add(c, ch, pv, join_path(f->path, rel), xstrdup(rel));
    }
    return rc;
}

/* cJSON allocates with plain malloc: fail as xmalloc does. */
static cJSON *
need(cJSON *j)
{
    if (!j) {
        fputs("uecsim: out of memory in cJSON\n", stderr);
        abort();
    }
    return j;
}

/* Add item (taken) to obj under key, which may be item's own key. */
static void
add_item(cJSON *obj, const char *key, cJSON *item)
{
    /* cJSON copies the key before it frees item's own. */
    if (!cJSON_AddItemToObject(obj, key, item))
        need(NULL);
}

/*
 * Whether over merges into base key by key.  A value wrapper replaces,
 * or is replaced, whole.  So does a distribution that names its "kind":
 * its parameters belong to that kind, and the base's (a lognormal's cv
 * under an exponential) must not linger.  A distribution override
 * without "kind" tunes the base's parameters.
 */
static int
merges_into(const cJSON *base, const cJSON *over)
{
    return cJSON_IsObject(base) && cJSON_IsObject(over) &&
           !get(base, "value") && !get(over, "value") && !get(over, "kind");
}

/*
 * Merge over into base: objects key by key, recursively; anything else
 * (arrays, scalars, see merges_into) replaces.  over's items move into
 * base and over is left empty; base takes over's source, so a merged
 * object is named by the nearest file that wrote it.
 */
static void
merge(struct prov *p, cJSON *base, cJSON *over)
{
    uint32_t src = prov_src(p, over);

    for (;;) {
        cJSON *o = over->child;
        cJSON *b;

        if (!o)
            break;
        cJSON_DetachItemViaPointer(over, o);
        b = cJSON_GetObjectItemCaseSensitive(base, o->string);
        if (!b) {
            add_item(base, o->string, o);
        } else if (merges_into(b, o)) {
            merge(p, b, o);
            cJSON_Delete(o);
        } else {
            cJSON_ReplaceItemViaPointer(base, b, o);
        }
    }
    if (src != UINT32_MAX)
        prov_set(p, base, src);
}

/* Merge the chain into one tree (owned by the caller). */
static cJSON *
chain_merge(struct chain *ch, struct prov *pv)
{
    cJSON *root = ch->f[ch->n - 1].root;

    ch->f[ch->n - 1].root = NULL;
    for (size_t i = ch->n - 1; i-- > 0;)
        merge(pv, root, ch->f[i].root);
    return root;
}

/* ------------------------------------------------------------------ */
/* --set overrides                                                    */
/* ------------------------------------------------------------------ */

/*
 * Apply one "a.b.c=VALUE" to the merged tree.  VALUE is JSON, or a plain
 * string when it does not parse.  Missing objects on the way are
 * created; the key itself is checked later by the schema walk, which
 * names this set as the source of everything it wrote.
 */
static void
apply_set(struct ctx *c, struct prov *pv, cJSON *root, const char *set)
{
    char label[200], where[256] = "$";
    const char *eq = strchr(set, '=');
    cJSON *obj = root, *value;
    char *key, *comp, *dot;
    uint32_t src;
    size_t where_len = 1;

    memcpy(label, "--set ", 6);
    copy_clean(label + 6, sizeof(label) - 6, set, strlen(set));
    src = prov_add_source(pv, label);
    if (!eq) {
        add_error(c->err, "%s: expected KEY=VALUE, got no '='", label);
        return;
    }
    if (eq == set) {
        add_error(c->err, "%s: empty key before '='", label);
        return;
    }
    key = xmalloc((size_t)(eq - set) + 1);
    memcpy(key, set, (size_t)(eq - set));
    key[eq - set] = '\0';
    if (strpbrk(key, "[]")) {
        add_error(c->err,
                  "%s: array elements cannot be set (no [i] in keys); set "
                  "the whole array",
                  label);
        free(key);
        return;
    }
    if (key[0] == '.' || key[strlen(key) - 1] == '.' || strstr(key, "..")) {
        add_error(c->err,
                  "%s: empty key in the path (keys are separated "
                  "by single dots)",
                  label);
        free(key);
        return;
    }
    if (strcmp(key, "extends") == 0 || strncmp(key, "extends.", 8) == 0) {
        add_error(c->err, "%s: $.extends: cannot be set with --set", label);
        free(key);
        return;
    }

    value = cJSON_ParseWithLengthOpts(eq + 1, strlen(eq + 1) + 1, NULL, 1);
    if (!value)
        value = need(cJSON_CreateString(eq + 1));
    prov_tree(pv, value, src);

    /* Walk (and make) the objects before the last key. */
    comp = key;
    for (;;) {
        cJSON *child;
        int n;

        dot = strchr(comp, '.');
        if (!dot)
            break;
        *dot = '\0';
        n = snprintf(where + where_len, sizeof(where) - where_len, ".%s", comp);
        if (n > 0 && (size_t)n < sizeof(where) - where_len)
            where_len += (size_t)n;
        child = cJSON_GetObjectItemCaseSensitive(obj, comp);
        if (!child) {
            child = need(cJSON_CreateObject());
            prov_set(pv, child, src);
            add_item(obj, comp, child);
        } else if (!cJSON_IsObject(child)) {
            char got[32], q[QUOTE_LEN];

            describe(child, got, sizeof(got));
            quote(dot + 1, q);
            add_error(c->err,
                      "%s: %s: expected an object to set '%s' in, got %s%s",
                      label, where, q, got,
                      cJSON_IsArray(child)
                          ? " (array elements cannot be set; set the "
                            "whole array)"
                          : "");
            cJSON_Delete(value);
            free(key);
            return;
        }
        obj = child;
        comp = dot + 1;
    }
    /* The replace names value with the key; a wrapper goes whole. */
    if (!cJSON_GetObjectItemCaseSensitive(obj, comp))
        add_item(obj, comp, value);
    else if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, comp, value))
        need(NULL);
    free(key);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */
/* ------------------------------------------------------------------ */

/* FNV-1a over the bytes of every file of the chain, top first. */
static unsigned long long
chain_hash(const struct chain *ch)
{
    unsigned long long h;
    size_t total = 0, at = 0;
    char *all;

    for (size_t i = 0; i < ch->n; i++)
        total += ch->f[i].len;
    all = xmalloc(total + 1);
    for (size_t i = 0; i < ch->n; i++) {
        memcpy(all + at, ch->f[i].buf, ch->f[i].len);
        at += ch->f[i].len;
    }
    h = util_fnv1a64(all, total);
    free(all);
    return h;
}

int
scn_load_with(const char *path, const char *const *sets, size_t n_sets,
              struct scenario *s, struct scn_errors *err)
{
    struct chain ch;
    struct prov pv;
    struct ctx c;
    cJSON *root;

    memset(s, 0, sizeof(*s));
    memset(err, 0, sizeof(*err));
    memset(&c, 0, sizeof(c));
    memset(&ch, 0, sizeof(ch));
    memset(&pv, 0, sizeof(pv));
    c.file = path;
    c.err = err;
    c.prov = &pv;
    c.path[0] = '$';
    c.path_len = 1;

    if (chain_load(&c, path, &ch, &pv)) {
        chain_release(&ch);
        prov_release(&pv);
        return 2;
    }
    s->path = xstrdup(path);
    s->file_hash = chain_hash(&ch);
    s->n_files = ch.n;
    s->files = xcalloc(ch.n, sizeof(*s->files));
    for (size_t i = 0; i < ch.n; i++)
        s->files[i] = xstrdup(ch.f[i].path);
    root = chain_merge(&ch, &pv);
    chain_release(&ch);

    if (n_sets > 0) {
        s->n_overrides = n_sets;
        s->overrides = xcalloc(n_sets, sizeof(*s->overrides));
    }
    for (size_t i = 0; i < n_sets; i++) {
        s->overrides[i] = xstrdup(sets[i]);
        apply_set(&c, &pv, root, sets[i]);
    }

    /* The walk starts at the root, named by the top file. */
    assert(c.depth == 0);
    c.file = pv.name[0];
    scn_defaults(s);
    scn_from_tree(&c, root, s);
    assert(c.depth == 0 && c.path_len == 1);
    cJSON_Delete(root);
    prov_release(&pv);
    if (err->total > 0) {
        scn_release(s);
        return 2;
    }
    return 0;
}

int
scn_load(const char *path, struct scenario *s, struct scn_errors *err)
{
    return scn_load_with(path, NULL, 0, s, err);
}

void
scn_release(struct scenario *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->name);
    free(s->description);
    for (int a = 0; a < ARR_N; a++)
        free(s->arrivals[a].windows);
    dist_release(&s->ed.majors.treatment);
    dist_release(&s->ed.majors.treatment_admitted);
    dist_release(&s->ed.minors.treatment);
    dist_release(&s->ed.minors.treatment_admitted);
    dist_release(&s->ed.offload);
    dist_release(&s->admission.zero_day_stay);
    free(s->ga.capacity.step);
    for (int k = 0; k < COHORT_N; k++)
        dist_release(&s->ga.clinical_los[k]);
    free(s->vw.beds.step);
    dist_release(&s->vw.stay);
    for (int p = 0; p < PW_N; p++) {
        dist_release(&s->discharge.process_delay[p]);
        free(s->discharge.pw[p].slots.step);
        dist_release(&s->discharge.pw[p].duration);
        dist_release(&s->discharge.pw[p].brokerage);
    }
    dist_release(&s->elective.los);
    free(s->periods);
    for (size_t i = 0; i < s->n_files; i++)
        free(s->files[i]);
    free(s->files);
    for (size_t i = 0; i < s->n_overrides; i++)
        free(s->overrides[i]);
    free(s->overrides);
    memset(s, 0, sizeof(*s));
}

/* Binary search for the last step on or before day: O(log n). */
double
scn_schedule_at(const struct schedule *sc, int32_t day)
{
    size_t lo = 0, hi = sc->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sc->step[mid].day <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? sc->base : sc->step[lo - 1].value;
}

int32_t
scn_first_day(const struct scenario *s)
{
    return s->start_day - s->warm_up_days;
}

int32_t
scn_days(const struct scenario *s)
{
    return s->end_day - s->start_day + 1 + s->warm_up_days;
}

const char *
scn_stream_name(enum arr_stream a)
{
    assert(a >= 0 && a < ARR_N);
    return stream_names[a];
}

const char *
scn_cohort_name(enum cohort c)
{
    assert(c >= 0 && c < COHORT_N);
    return cohort_names[c];
}

const char *
scn_pathway_name(enum pathway p)
{
    assert(p >= 0 && p < PW_N);
    return pathway_names[p];
}

const char *
scn_cjson_version(void)
{
    return cJSON_Version();
}
