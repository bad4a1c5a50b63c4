/*
 * scenario_keys: the schema table as a reference: `uecsim keys` in plain
 * text, Markdown (the key tables of docs/scenario.md) or JSON, and key
 * look-ups for other modules (which capacities have a dated schedule).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "scenario.h"
#include "scenario_int.h"
#include "util.h"

#define PATH_LEN 160

/* One key as `uecsim keys` lists it: every family member apart. */
struct key_entry {
    char path[PATH_LEN];  /* "discharge.pathways.p1.slots" */
    char field[PATH_LEN]; /* "discharge.pw[1].slots" */
    const struct scn_row *row;
    int k; /* family index */
};

typedef void (*key_fn)(const struct key_entry *e, void *arg);

/* a then b, with a dot unless either is empty or b is an index. */
static void
join(char *out, const char *a, const char *b)
{
    char tmp[PATH_LEN];

    if (!a[0] || !b[0] || b[0] == '[')
        snprintf(tmp, sizeof(tmp), "%s%s", a, b);
    else
        snprintf(tmp, sizeof(tmp), "%s.%s", a, b);
    memcpy(out, tmp, sizeof(tmp));
}

/* The row's field with its "[]" filled with k (lists keep "[]"). */
static void
field_of(char *out, const char *parent, const struct scn_row *r, int k)
{
    char own[PATH_LEN];
    const char *f = r->field ? r->field : "";
    const char *idx = strstr(f, "[]");

    if (idx && r->type != SCN_LIST)
        snprintf(own, sizeof(own), "%.*s[%d]%s", (int)(idx - f), f, k, idx + 2);
    else
        snprintf(own, sizeof(own), "%s", f);
    join(out, parent, own);
}

static void each_key(const struct scn_shape *sh, const char *path,
                     const char *field, int k, key_fn fn, void *arg);

/* Visit one key and, for objects and lists, the keys inside. */
static void
visit(const struct scn_row *r, const char *key, const char *path,
      const char *field, int k, key_fn fn, void *arg)
{
    struct key_entry e;

    join(e.path, path, key);
    field_of(e.field, field, r, k);
    e.row = r;
    e.k = k;
    fn(&e, arg);
    if (r->type == SCN_OBJECT) {
        each_key(r->shape, e.path, e.field, k, fn, arg);
    } else if (r->type == SCN_LIST) {
        char p[PATH_LEN], f[PATH_LEN];

        join(p, e.path, "[]");
        join(f, e.field, "[]");
        each_key(r->shape, p, f, r->list_k, fn, arg);
    }
}

/* Every key of shape, in table order, family members one by one. */
static void
each_key(const struct scn_shape *sh, const char *path, const char *field, int k,
         key_fn fn, void *arg)
{
    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];

        if (r->type == SCN_RULE || (r->only && r->only - 1 != k))
            continue;
        if (!r->names) {
            visit(r, r->key, path, field, k, fn, arg);
            continue;
        }
        for (int j = 0; j < r->names->n; j++)
            visit(r, r->names->name[j], path, field, r->names->first + j, fn,
                  arg);
    }
}

/* ------------------------------------------------------------------ */
/* Look-ups                                                           */
/* ------------------------------------------------------------------ */

struct find {
    const char *path; /* as listed: list elements as "[]" */
    const char *key;  /* as asked: "sites[1].beds.ga.capacity" */
    char *out;
    size_t n;
    int found;
};

static void
find_schedule(const struct key_entry *e, void *arg)
{
    struct find *f = arg;
    const char *dot;

    if (f->found || e->row->type != SCN_CAPACITY || !e->row->sibling ||
        strcmp(e->path, f->path) != 0)
        return;
    dot = strrchr(f->key, '.');
    snprintf(f->out, f->n, "%.*s%s", dot ? (int)(dot - f->key + 1) : 0, f->key,
             e->row->sibling);
    f->found = 1;
}

/*
 * A key as the listing names it: an element named in a key ("sites[PCH]",
 * "sites[1]") is listed as "sites[]".  Returns 0, or -1 for a bracket
 * left open or a key too long.
 */
static int
listed_path(const char *key, char *path, size_t n)
{
    size_t len = 0;

    for (const char *p = key; *p; p++) {
        if (len + 1 >= n)
            return -1;
        path[len++] = *p;
        if (*p == '[') {
            const char *close = strchr(p, ']');

            if (!close)
                return -1;
            p = close - 1;
        }
    }
    path[len] = '\0';
    return 0;
}

int
scn_schedule_key(const char *key, char *out, size_t n)
{
    char path[PATH_LEN];
    struct find f = {path, key, out, n, 0};

    if (listed_path(key, path, sizeof(path)))
        return 0;
    each_key(&scn_top_shape, "", "", 0, find_schedule, &f);
    return f.found;
}

/* A capacity key by path, and the list of every capacity key. */
struct cap_find {
    const char *path; /* the key looked for as listed, or NULL to only list */
    const char *key;  /* as asked: "sites[PCH].beds.ga.capacity" */
    struct scn_capacity *out;
    int found;
    char (*list)[SCN_KEY_LEN]; /* every capacity path, or NULL */
    size_t n_list, max_list;
};

/* "sites[].beds.ga.capacity" as a user names it: "sites[SITE]...". */
static void
named_path(const char *path, char *out, size_t n)
{
    const char *br = strstr(path, "[]");

    if (br)
        snprintf(out, n, "%.*s[SITE]%s", (int)(br - path), path, br + 2);
    else
        snprintf(out, n, "%s", path);
}

static void
find_capacity(const struct key_entry *e, void *arg)
{
    struct cap_find *f = arg;
    const char *dot;

    /* Of the keys inside lists ("[]"), only a site's can be named from
     * the command line ("sites[PCH]..."). */
    if (e->row->type != SCN_CAPACITY ||
        (strstr(e->path, "[]") && strncmp(e->path, "sites[]", 7) != 0))
        return;
    if (f->list && f->n_list < f->max_list)
        named_path(e->path, f->list[f->n_list++], SCN_KEY_LEN);
    if (!f->path || f->found || strcmp(e->path, f->path) != 0)
        return;
    f->found = 1;
    f->out->def = e->row->defs ? e->row->defs[e->k] : e->row->def;
    f->out->def_unlimited = f->out->def == (double)RES_UNLIMITED;
    f->out->schedule[0] = '\0';
    if (e->row->sibling) {
        dot = strrchr(f->key, '.');
        snprintf(f->out->schedule, sizeof(f->out->schedule), "%.*s%s",
                 dot ? (int)(dot - f->key + 1) : 0, f->key, e->row->sibling);
    }
}

int
scn_capacity_key(const char *key, struct scn_capacity *out)
{
    char path[PATH_LEN];
    struct cap_find f = {path, key, out, 0, NULL, 0, 0};

    if (listed_path(key, path, sizeof(path)))
        return 0;
    each_key(&scn_top_shape, "", "", 0, find_capacity, &f);
    return f.found;
}

size_t
scn_capacity_keys(char (*out)[SCN_KEY_LEN], size_t max)
{
    struct cap_find f = {NULL, NULL, NULL, 0, out, 0, max};

    each_key(&scn_top_shape, "", "", 0, find_capacity, &f);
    return f.n_list;
}

/* ------------------------------------------------------------------ */
/* What the docs say of a row                                         */
/* ------------------------------------------------------------------ */

/* An interval as "[0, 1]", "(-1, 10]", ">= 0" or "> 0". */
static void
interval(char *out, size_t n, const struct scn_range *r)
{
    char lo[32], hi[32];

    fmt_num(r->lo, lo, sizeof(lo));
    fmt_num(r->hi, hi, sizeof(hi));
    if (r->shown)
        snprintf(out, n, "%s", r->shown);
    else if (r->hi >= DBL_MAX)
        snprintf(out, n, "%s %s", r->lo_open ? ">" : ">=", lo);
    else
        snprintf(out, n, "%s%s, %s%s", r->lo_open ? "(" : "[", lo, hi,
                 r->hi_open ? ")" : "]");
}

/* The default as the docs say it, for family index k. */
static void
default_text(char *out, size_t n, const struct scn_row *r, int k, int markdown)
{
    double d = r->defs ? r->defs[k] : r->def;
    char num[32];

    fmt_num(d, num, sizeof(num));
    if (r->def_text)
        snprintf(out, n, "%s", r->def_text);
    else if (r->required)
        snprintf(out, n, "%s", markdown ? "**required**" : "required");
    else if (r->type == SCN_NUMBER || r->type == SCN_INTEGER ||
             r->type == SCN_DURATION)
        snprintf(out, n, "%s", num);
    else if (r->type == SCN_CAPACITY)
        snprintf(out, n, "%s",
                 d == (double)RES_UNLIMITED ? "`\"unlimited\"`" : num);
    else if (r->type == SCN_DIST)
        snprintf(out, n, "fixed 0");
    else if (r->type == SCN_BOOL)
        snprintf(out, n, "%s", d != 0 ? "`true`" : "`false`");
    else
        out[0] = '\0';
}

/* What values the row takes, as the docs say it. */
static void
valid_text(char *out, size_t n, const struct scn_row *r)
{
    char iv[96];

    if (r->range)
        interval(iv, sizeof(iv), r->range);
    switch (r->type) {
    case SCN_NUMBER:
    case SCN_DURATION:
        snprintf(out, n, "%s %s",
                 r->range == &scn_r_prob ? "probability" : "number", iv);
        break;
    case SCN_INTEGER:
        snprintf(out, n, "integer %s", iv);
        break;
    case SCN_CAPACITY:
        snprintf(out, n, "integer %s or `\"unlimited\"`", iv);
        break;
    case SCN_SCHEDULE:
        snprintf(out, n, "array of `{\"from\": date, \"%s\": capacity}`",
                 r->sibling);
        break;
    case SCN_DATE:
        snprintf(out, n, "date `YYYY-MM-DD`");
        break;
    case SCN_DIST:
        snprintf(out, n, "distribution");
        break;
    case SCN_WEIGHTS:
        snprintf(out, n, "%zu weights %s, not all 0", r->n, iv);
        break;
    case SCN_THRESHOLDS:
        snprintf(out, n, "%d numbers %s, not decreasing", OPEL_LEVELS - 1, iv);
        break;
    case SCN_BY_MONTH:
        snprintf(out, n, "number %s, or 12 of them (January first)", iv);
        break;
    case SCN_BOOL:
        snprintf(out, n, "`true` or `false`");
        break;
    case SCN_STRING:
        snprintf(out, n, "string");
        break;
    case SCN_NAME:
        out[0] = '\0';
        break;
    case SCN_KPI:
        snprintf(out, n, "a KPI name");
        break;
    case SCN_LIST:
        snprintf(out, n, "array of `%s` objects", r->shape->name);
        break;
    case SCN_OBJECT:
        if (r->shape->own_table)
            snprintf(out, n, "`%s` object", r->shape->name);
        else
            snprintf(out, n, "object");
        break;
    case SCN_FILE:
        snprintf(out, n, "file name, relative to this file's folder");
        break;
    case SCN_RULE:
        out[0] = '\0';
        break;
    }
    if (r->valid) {
        size_t len = strlen(out);

        snprintf(out + len, n - len, "%s%s", len ? ", " : "", r->valid);
    }
}

/* ------------------------------------------------------------------ */
/* Plain text and JSON                                                */
/* ------------------------------------------------------------------ */

struct listing {
    size_t n, cap;
    struct key_entry *e; /* owned */
};

static void
collect(const struct key_entry *e, void *arg)
{
    struct listing *l = arg;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
    }
    l->e[l->n++] = *e;
}

/* Columns key, type, unit, default and valid, then the meaning below. */
static void
print_text(FILE *f, const struct listing *l)
{
    int w[4] = {3, 4, 4, 7};

    for (size_t i = 0; i < l->n; i++) {
        const struct key_entry *e = &l->e[i];
        char def[160];
        int len[4];

        default_text(def, sizeof(def), e->row, e->k, 0);
        len[0] = (int)strlen(e->path);
        len[1] = (int)strlen(scn_type_name(e->row));
        len[2] = (int)strlen(e->row->unit ? e->row->unit : "-");
        len[3] = (int)strlen(def[0] ? def : "-");
        for (int c = 0; c < 4; c++)
            w[c] = len[c] > w[c] ? len[c] : w[c];
    }
    fprintf(f, "%-*s  %-*s  %-*s  %-*s  %s\n", w[0], "key", w[1], "type", w[2],
            "unit", w[3], "default", "valid");
    for (size_t i = 0; i < l->n; i++) {
        const struct key_entry *e = &l->e[i];
        char def[160], valid[256];

        default_text(def, sizeof(def), e->row, e->k, 0);
        valid_text(valid, sizeof(valid), e->row);
        fprintf(f, "%-*s  %-*s  %-*s  %-*s  %s\n", w[0], e->path, w[1],
                scn_type_name(e->row), w[2], e->row->unit ? e->row->unit : "-",
                w[3], def[0] ? def : "-", valid[0] ? valid : "-");
        if (e->row->meaning)
            fprintf(f, "    %s\n", e->row->meaning);
    }
}

static void
add_str(cJSON *o, const char *key, const char *value)
{
    if (value && value[0])
        need(cJSON_AddStringToObject(o, key, value));
}

static void
print_json(FILE *f, const struct listing *l)
{
    cJSON *root = need(cJSON_CreateObject());
    cJSON *keys = need(cJSON_AddArrayToObject(root, "keys"));
    char *text;

    for (size_t i = 0; i < l->n; i++) {
        const struct key_entry *e = &l->e[i];
        const struct scn_range *r = e->row->range;
        cJSON *o = need(cJSON_CreateObject());
        char def[160], valid[256], sched[PATH_LEN];

        default_text(def, sizeof(def), e->row, e->k, 0);
        valid_text(valid, sizeof(valid), e->row);
        add_str(o, "key", e->path);
        add_str(o, "type", scn_type_name(e->row));
        add_str(o, "field", e->field);
        add_str(o, "unit", e->row->unit);
        need(cJSON_AddBoolToObject(o, "required", e->row->required));
        add_str(o, "default", def);
        add_str(o, "valid", valid);
        if (r) {
            need(cJSON_AddNumberToObject(o, "min", r->lo));
            if (r->hi < DBL_MAX)
                need(cJSON_AddNumberToObject(o, "max", r->hi));
            add_str(o, "bounds", r->why);
        }
        if (scn_schedule_key(e->path, sched, sizeof(sched)))
            add_str(o, "schedule", sched);
        add_str(o, "meaning", e->row->meaning);
        cJSON_AddItemToArray(keys, o);
    }
    text = cJSON_Print(root);
    if (!text)
        need(NULL);
    fprintf(f, "%s\n", text);
    free(text);
    cJSON_Delete(root);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                           */
/* ------------------------------------------------------------------ */

/* A row's key in a table: "key", "`a`, `b`" or "prefix.{a,b}". */
static void
md_key(char *out, size_t n, const char *prefix, const struct scn_row *r)
{
    size_t len = 0;

    if (!r->names) {
        char k[PATH_LEN];

        join(k, prefix, r->key);
        snprintf(out, n, "`%s`", k);
        return;
    }
    out[0] = '\0';
    for (int j = 0; j < r->names->n && len < n; j++) {
        const char *name = r->names->name[j];
        int w;

        if (prefix[0])
            w = snprintf(out + len, n - len, "%s%s%s%s", j ? "," : "`",
                         j ? "" : prefix, j ? "" : ".{", name);
        else
            w = snprintf(out + len, n - len, "%s`%s`", j ? ", " : "", name);
        len += w > 0 ? (size_t)w : 0;
    }
    if (prefix[0] && len < n)
        snprintf(out + len, n - len, "}`");
}

/* The rows of sh, objects without a table of their own flattened. */
static void
md_rows(FILE *f, const struct scn_shape *sh, const char *prefix)
{
    for (size_t i = 0; i < sh->n; i++) {
        const struct scn_row *r = &sh->row[i];
        int k = r->names ? r->names->first : 0;
        char key[256], def[160], valid[256];

        if (r->type == SCN_RULE)
            continue;
        if (r->type == SCN_OBJECT && !r->shape->own_table) {
            char p[PATH_LEN];

            join(p, prefix, r->key);
            md_rows(f, r->shape, p);
            continue;
        }
        md_key(key, sizeof(key), prefix, r);
        default_text(def, sizeof(def), r, k, 1);
        valid_text(valid, sizeof(valid), r);
        fprintf(f, "| %s | %s | %s | %s | %s |\n", key,
                r->meaning ? r->meaning : "", r->unit ? r->unit : "", def,
                valid);
    }
}

static void
print_markdown(FILE *f)
{
    size_t n_shapes, n_ranges;
    const struct scn_shape *const *sh = scn_doc_shapes(&n_shapes);
    const struct scn_range *const *rg = scn_ranges(&n_ranges);

    for (size_t i = 0; i < n_shapes; i++) {
        fprintf(f, "<!-- keys:%s -->\n", sh[i]->name);
        fprintf(f, "| key | meaning | unit | default | valid |\n");
        fprintf(f, "|---|---|---|---|---|\n");
        md_rows(f, sh[i], "");
        fprintf(f, "<!-- /keys:%s -->\n", sh[i]->name);
    }
    fprintf(f, "<!-- keys:bounds -->\n");
    fprintf(f, "| values | bounds | why |\n");
    fprintf(f, "|---|---|---|\n");
    for (size_t i = 0; i < n_ranges; i++) {
        char iv[96];

        interval(iv, sizeof(iv), rg[i]);
        fprintf(f, "| %s | %s | %s |\n", rg[i]->what, iv, rg[i]->why);
    }
    fprintf(f, "<!-- /keys:bounds -->\n");
}

/* ------------------------------------------------------------------ */
/* The command                                                        */
/* ------------------------------------------------------------------ */

int
scn_keys_command(int argc, char **argv, FILE *out, FILE *err)
{
    int markdown = 0, json = 0;
    struct listing l = {0, 0, NULL};

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--markdown") == 0) {
            markdown = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            fprintf(err,
                    "uecsim: keys: unknown argument '%s'\n"
                    "usage: uecsim keys [--markdown | --json]\n",
                    argv[i]);
            return 2;
        }
    }
    if (markdown && json) {
        fprintf(err, "uecsim: keys: give --markdown or --json, not both\n");
        return 2;
    }
    if (markdown) {
        print_markdown(out);
    } else {
        each_key(&scn_top_shape, "", "", 0, collect, &l);
        if (json)
            print_json(out, &l);
        else
            print_text(out, &l);
        free(l.e);
    }
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "uecsim: keys: cannot write the listing\n");
        return 1;
    }
    return 0;
}
