/*
 * scenario_report: the bottom of the scenario loader.  JSON paths, the
 * provenance of each node (which file or --set wrote it) that messages
 * name, error messages and key maps.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

/* Keys every object may carry for provenance; their values are ignored. */
static const char *const annotation_keys[] = {"source", "assumption", "note"};

void
ctx_init(struct ctx *c, const char *file, struct scn_errors *err,
         const struct prov *prov)
{
    memset(c, 0, sizeof(*c));
    c->file = file;
    c->err = err;
    c->prov = prov;
    c->path[0] = '$';
    c->path_len = 1;
}

/*
 * Remember the source in force and switch to node's own (when node is
 * not NULL and recorded): the push half of path_key and path_index.
 */
static void
file_push(struct ctx *c, size_t mark, const cJSON *node)
{
    const char *name = node && c->prov ? prov_name(c->prov, node) : NULL;

    if (c->depth >= CTX_DEPTH) {
        /* Only a deep walk (the duplicate check) gets here: keep the file. */
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

size_t
path_key(struct ctx *c, const char *key, const cJSON *node)
{
    size_t mark = c->path_len;

    return path_grew(
        c, mark, snprintf(c->path + mark, sizeof(c->path) - mark, ".%s", key),
        node);
}

size_t
path_index(struct ctx *c, size_t i, const cJSON *node)
{
    size_t mark = c->path_len;

    return path_grew(
        c, mark, snprintf(c->path + mark, sizeof(c->path) - mark, "[%zu]", i),
        node);
}

void
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

const cJSON *
path_enter(struct ctx *c, const cJSON *obj, const char *key, int required,
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

void
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

void
fail(struct ctx *c, const char *fmt, ...)
{
    char what[sizeof(c->err->msg[0])];
    va_list ap;

    if (c->muted && c->file == c->muted)
        return; /* a copy of the top level's, reported where it is */
    if (errors_full(c)) {
        c->err->total++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    add_error(c->err, "%s: %s: %s", c->file, c->path, what);
}

int
errors_full(const struct ctx *c)
{
    return c->err->n >= SCN_MAX_ERRORS;
}

/* The length of the valid UTF-8 sequence at s[0..len), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
    size_t n = s[0] >= 0xF0 && s[0] < 0xF5   ? 4
               : s[0] >= 0xE0                ? 3
               : s[0] >= 0xC2 && s[0] < 0xE0 ? 2
                                             : 0;

    if (n == 0 || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t
copy_clean(char *out, size_t n, const char *src, size_t len)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0;

    while (i < len && i + 1 < n) {
        size_t u = s[i] >= 0x80 ? utf8_len(s + i, len - i) : 1;

        if (u > 1) {
            /* A whole sequence, or none of it. */
            if (i + u >= n)
                break;
            memcpy(out + i, s + i, u);
            i += u;
            continue;
        }
        out[i] = (s[i] < 0x20 || s[i] >= 0x7f) ? '?' : (char)s[i];
        i++;
    }
    out[i] = '\0';
    return i;
}

void
quote(const char *s, char *buf)
{
    size_t len = strlen(s);

    if (copy_clean(buf, QUOTE_LEN - 3, s, len) < len)
        strcat(buf, "...");
}

void
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

void
describe(const cJSON *j, char *buf, size_t n)
{
    if (cJSON_IsNumber(j))
        fmt_num(j->valuedouble, buf, n);
    else
        snprintf(buf, n, "%s", json_type(j));
}

void
fail_type(struct ctx *c, const char *expected, const cJSON *j)
{
    char got[32];

    describe(j, got, sizeof(got));
    fail(c, "expected %s, got %s", expected, got);
}

int
is_annotation(const char *key)
{
    for (size_t i = 0; i < ARRAY_LEN(annotation_keys); i++)
        if (strcmp(key, annotation_keys[i]) == 0)
            return 1;
    return 0;
}

const char *
suggest(const char *key, const char *const *cand, size_t n, int annotations)
{
    size_t n_all = n + (annotations ? ARRAY_LEN(annotation_keys) : 0);
    const char **all = xmalloc((n_all ? n_all : 1) * sizeof(*all));
    size_t best;
    const char *near = NULL;

    for (size_t i = 0; i < n_all; i++)
        all[i] = i < n ? cand[i] : annotation_keys[i - n];
    if (util_suggest(key, all, n_all, &best, 1) == 1)
        near = all[best];
    free(all);
    return near;
}

/* ------------------------------------------------------------------ */
/* Key maps                                                           */
/* ------------------------------------------------------------------ */

/* FNV-1a of a key, for its slot. */
static size_t
key_slot(const struct keymap *m, const char *key)
{
    uint64_t h = 14695981039346656037ULL;

    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return (size_t)(h & (m->cap - 1));
}

/* The slot holding key, or the free slot where it would go. */
static size_t
key_find(const struct keymap *m, const char *key)
{
    size_t i = key_slot(m, key);

    while (m->key[i] && strcmp(m->key[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void
keymap_grow(struct keymap *m)
{
    struct keymap old = *m;

    m->cap = old.cap ? 2 * old.cap : 16;
    m->used = 0;
    m->key = xcalloc(m->cap, sizeof(*m->key));
    m->node = xcalloc(m->cap, sizeof(*m->node));
    m->count = xcalloc(m->cap, sizeof(*m->count));
    for (size_t i = 0; i < old.cap; i++) {
        size_t j;

        if (!old.key[i])
            continue;
        j = key_find(m, old.key[i]);
        m->key[j] = old.key[i];
        m->node[j] = old.node[i];
        m->count[j] = old.count[i];
        m->used++;
    }
    free(old.key);
    free(old.node);
    free(old.count);
}

uint32_t
keymap_put(struct keymap *m, const char *key, cJSON *node)
{
    size_t i;

    /* Keep the load at most 1/2 so probes stay short. */
    if (2 * (m->used + 1) > m->cap)
        keymap_grow(m);
    i = key_find(m, key);
    if (!m->key[i]) {
        m->key[i] = key;
        m->node[i] = node;
        m->used++;
    }
    if (m->count[i] < UINT32_MAX)
        m->count[i]++;
    return m->count[i];
}

cJSON *
keymap_get(const struct keymap *m, const char *key)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    i = key_find(m, key);
    return m->key[i] ? m->node[i] : NULL;
}

void
keymap_repoint(struct keymap *m, const char *key, cJSON *node)
{
    size_t i = key_find(m, key);

    assert(m->key[i]);
    m->key[i] = node->string;
    m->node[i] = node;
}

void
keymap_release(struct keymap *m)
{
    free(m->key);
    free(m->node);
    free(m->count);
    memset(m, 0, sizeof(*m));
}

cJSON *
need(cJSON *j)
{
    if (!j) {
        fputs("uecsim: out of memory in cJSON\n", stderr);
        abort();
    }
    return j;
}

const cJSON *
get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
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
uint32_t
prov_add_source(struct prov *p, const char *name)
{
    p->name = xrealloc(p->name, (p->n_names + 1) * sizeof(*p->name));
    p->name[p->n_names] = xstrdup(name);
    return (uint32_t)p->n_names++;
}

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
void
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
void
prov_tree(struct prov *p, const cJSON *node, uint32_t src)
{
    const cJSON *it;

    prov_set(p, node, src);
    cJSON_ArrayForEach(it, node) prov_tree(p, it, src);
}

/* The index of node's source, or UINT32_MAX when it is not recorded. */
uint32_t
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

const char *
prov_name(const struct prov *p, const cJSON *node)
{
    uint32_t src = prov_src(p, node);

    return src < p->n_names ? p->name[src] : NULL;
}

void
prov_release(struct prov *p)
{
    for (size_t i = 0; i < p->n_names; i++)
        free(p->name[i]);
    free(p->name);
    free(p->node);
    free(p->src);
    memset(p, 0, sizeof(*p));
}
