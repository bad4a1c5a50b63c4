/*
 * scenario_merge: provenance (which file or --set wrote each node), the
 * merge of an extends chain into one tree, and --set overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

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

/* ------------------------------------------------------------------ */
/* Merging                                                            */
/* ------------------------------------------------------------------ */

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
 * object is named by the nearest file that wrote it.  base's keys are
 * looked up in a key map, so a merge is linear in the keys, and a key
 * base has twice (reported already) is met at its first place, as
 * cJSON's own look-up would.
 */
static void
merge(struct prov *p, cJSON *base, cJSON *over)
{
    uint32_t src = prov_src(p, over);
    struct keymap keys;
    cJSON *it;

    memset(&keys, 0, sizeof(keys));
    cJSON_ArrayForEach(it, base) keymap_put(&keys, it->string, it);
    for (;;) {
        cJSON *o = over->child;
        cJSON *b;

        if (!o)
            break;
        cJSON_DetachItemViaPointer(over, o);
        b = keymap_get(&keys, o->string);
        if (!b) {
            add_item(base, o->string, o);
            /* Keyed by the copy of the key that base now holds. */
            keymap_put(&keys, o->string, o);
        } else if (merges_into(b, o)) {
            merge(p, b, o);
            cJSON_Delete(o);
        } else {
            keymap_repoint(&keys, o->string, o);
            cJSON_ReplaceItemViaPointer(base, b, o);
        }
    }
    keymap_release(&keys);
    if (src != UINT32_MAX)
        prov_set(p, base, src);
}

cJSON *
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
void
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
