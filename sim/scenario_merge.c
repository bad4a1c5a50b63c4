/*
 * scenario_merge: the merge of an extends chain into one tree, and --set
 * overrides, recording the provenance of what they write
 * (scenario_report.c keeps it).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

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
int
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
void
json_merge(struct prov *p, cJSON *base, cJSON *over)
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
            json_merge(p, b, o);
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

/* A site's name in a "sites" array, or NULL. */
static const char *
site_name(const cJSON *site)
{
    const cJSON *n = cJSON_IsObject(site) ? get(site, "name") : NULL;

    return cJSON_IsString(n) ? n->valuestring : NULL;
}

/*
 * "sites" merges by name, so that a file can change one site of its base
 * without restating the others: a site of over named like one of base
 * merges into it (objects key by key, as everywhere), any other is
 * appended.  A wrapped array ({"value": [...]}) replaces base's whole, as
 * any wrapper does, and so does an array over anything but an array.
 * Moves what it merges out of over's "sites", which is then removed.
 */
static void
merge_sites(struct prov *p, cJSON *base, cJSON *over)
{
    cJSON *b = cJSON_GetObjectItemCaseSensitive(base, "sites");
    cJSON *o = cJSON_GetObjectItemCaseSensitive(over, "sites");
    uint32_t src;

    if (!cJSON_IsArray(b) || !cJSON_IsArray(o))
        return;
    src = prov_src(p, o);
    for (;;) {
        cJSON *e = o->child, *same = NULL, *it;
        const char *name;

        if (!e)
            break;
        cJSON_DetachItemViaPointer(o, e);
        name = site_name(e);
        cJSON_ArrayForEach(it, b)
        {
            const char *bn = site_name(it);

            if (name && bn && strcmp(name, bn) == 0) {
                same = it;
                break;
            }
        }
        if (same) {
            json_merge(p, same, e);
            cJSON_Delete(e);
        } else {
            cJSON_AddItemToArray(b, e);
        }
    }
    if (src != UINT32_MAX)
        prov_set(p, b, src);
    cJSON_DeleteItemFromObjectCaseSensitive(over, "sites");
}

cJSON *
chain_merge(struct chain *ch, struct prov *pv)
{
    cJSON *root = ch->f[ch->n - 1].root;

    ch->f[ch->n - 1].root = NULL;
    for (size_t i = ch->n - 1; i-- > 0;) {
        merge_sites(pv, root, ch->f[i].root);
        json_merge(pv, root, ch->f[i].root);
    }
    return root;
}

/* ------------------------------------------------------------------ */
/* --set overrides                                                    */
/* ------------------------------------------------------------------ */

/* An error of one --set at where: "LABEL: WHERE: WHAT". */
static void SCN_PRINTF(4, 5) set_error(struct ctx *c, const char *label,
                                       const char *where, const char *fmt, ...)
{
    char what[sizeof(c->err->msg[0])];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    add_error(c->err, "%s: %s: %s", label, where, what);
}

/* Append ".key" (index 0) or "[key]" (index 1) to where, clamped. */
static void
where_add(char *where, size_t n, int index, const char *part)
{
    size_t len = strlen(where);

    snprintf(where + len, n - len, "%s%s%s", index ? "[" : ".", part,
             index ? "]" : "");
}

cJSON *
json_element(cJSON *arr, const char *index)
{
    cJSON *it;

    if (strspn(index, "0123456789") == strlen(index)) {
        unsigned long i = strlen(index) < 10 ? strtoul(index, NULL, 10) : ~0ul;

        return i < (unsigned long)cJSON_GetArraySize(arr)
                   ? cJSON_GetArrayItem(arr, (int)i)
                   : NULL;
    }
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *nm = cJSON_IsObject(it) ? get(it, "name") : NULL;

        if (cJSON_IsString(nm) && strcmp(nm->valuestring, index) == 0)
            return it;
    }
    return NULL;
}

/* json_element, or NULL after reporting why there is none. */
static cJSON *
set_element(struct ctx *c, const char *label, const char *where, cJSON *arr,
            const char *index)
{
    int n = cJSON_GetArraySize(arr);
    cJSON *e = json_element(arr, index);
    char q[QUOTE_LEN];

    if (e)
        return e;
    quote(index, q);
    if (strspn(index, "0123456789") == strlen(index))
        set_error(c, label, where,
                  "index %s is out of range: the array has %d element%s", q, n,
                  n == 1 ? "" : "s");
    else
        set_error(c, label, where, "no element named '%s'", q);
    return NULL;
}

int
key_split_index(char *comp, char **index)
{
    char *open = strchr(comp, '[');
    size_t len = strlen(comp);

    *index = NULL;
    if (!open)
        return strchr(comp, ']') ? -1 : 0;
    if (open == comp || comp[len - 1] != ']' || open + 1 == comp + len - 1 ||
        strpbrk(open + 1, "[") || strchr(open + 1, ']') != comp + len - 1)
        return -1;
    *open = '\0';
    comp[len - 1] = '\0';
    *index = open + 1;
    return 0;
}

/*
 * Apply one "a.b.c=VALUE" to the merged tree.  VALUE is JSON, or a plain
 * string when it does not parse.  A component may name an array element,
 * "sites[1]" (counting from 0) or "sites[PCH]" (the element whose "name"
 * is PCH).  Missing objects on the way are created, missing elements are
 * errors; the key itself is checked later by the schema walk, which names
 * this set as the source of everything it wrote.
 */
void
apply_set(struct ctx *c, struct prov *pv, cJSON *root, const char *set,
          const char *opt)
{
    char label[200], where[256] = "$";
    size_t opt_len = strlen(opt) + 1;
    const char *eq = strchr(set, '=');
    cJSON *obj = root, *value;
    char *key, *comp;
    uint32_t src;

    assert(opt_len < 16);
    snprintf(label, sizeof(label), "%s ", opt);
    copy_clean(label + opt_len, sizeof(label) - opt_len, set, strlen(set));
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
    if (key[0] == '.' || key[strlen(key) - 1] == '.' || strstr(key, "..")) {
        add_error(c->err,
                  "%s: empty key in the path (keys are separated "
                  "by single dots)",
                  label);
        free(key);
        return;
    }
    if (strcmp(key, "extends") == 0 || strncmp(key, "extends.", 8) == 0) {
        add_error(c->err, "%s: $.extends: cannot be set with %s", label, opt);
        free(key);
        return;
    }

    value = cJSON_ParseWithLengthOpts(eq + 1, strlen(eq + 1) + 1, NULL, 1);
    if (!value)
        value = need(cJSON_CreateString(eq + 1));
    prov_tree(pv, value, src);

    /* Walk (and make) the objects on the way; the last component is set. */
    comp = key;
    for (;;) {
        char *dot = strchr(comp, '.'), *index;
        int last = dot == NULL;
        cJSON *child, *arr;

        if (dot)
            *dot = '\0';
        if (key_split_index(comp, &index)) {
            char q[QUOTE_LEN];

            quote(comp, q);
            add_error(c->err,
                      "%s: expected KEY or KEY[INDEX] in the path, got '%s' "
                      "(INDEX counts from 0 or names an element)",
                      label, q);
            break;
        }
        child = cJSON_GetObjectItemCaseSensitive(obj, comp);
        if (last && !index) {
            /* The replace names value with the key; a wrapper goes whole. */
            if (!child)
                add_item(obj, comp, value);
            else if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, comp, value))
                need(NULL);
            value = NULL;
            break;
        }
        where_add(where, sizeof(where), 0, comp);
        if (index) {
            /* An array, or a wrapper holding one: step to the element. */
            arr = cJSON_IsObject(child) && get(child, "value")
                      ? cJSON_GetObjectItemCaseSensitive(child, "value")
                      : child;
            if (!cJSON_IsArray(arr)) {
                char got[32] = "nothing";

                if (arr)
                    describe(arr, got, sizeof(got));
                set_error(c, label, where, "expected an array to index, got %s",
                          got);
                break;
            }
            child = set_element(c, label, where, arr, index);
            if (!child)
                break;
            where_add(where, sizeof(where), 1, index);
            if (last) {
                if (!cJSON_ReplaceItemViaPointer(arr, child, value))
                    need(NULL);
                value = NULL;
                break;
            }
        } else if (!child) {
            child = need(cJSON_CreateObject());
            prov_set(pv, child, src);
            add_item(obj, comp, child);
        }
        if (!cJSON_IsObject(child)) {
            char got[32], q[QUOTE_LEN];

            describe(child, got, sizeof(got));
            quote(dot + 1, q);
            set_error(c, label, where,
                      "expected an object to set '%s' in, got %s%s", q, got,
                      cJSON_IsArray(child) ? " (name an element as KEY[INDEX])"
                                           : "");
            break;
        }
        obj = child;
        comp = dot + 1;
    }
    cJSON_Delete(value);
    free(key);
}
