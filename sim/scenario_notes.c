/*
 * scenario_notes: every value of the scenario that carries a "source",
 * "assumption" or "note", as the extends chain merges it, so that the
 * results folder (sources.csv) and the board report can list what each
 * number rests on.
 *
 * Collected from the merged tree before any --set or --shift: a note
 * speaks for the value its file gave, and an override changes the value
 * without changing the note.  The report marks the notes an override
 * touched (it has the overrides from the manifest).  Site sections are
 * read as the files give them, before the top level is copied into each
 * site, so a note appears once, where it was written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

/* A value in words is cut here ("..."): a note explains a number, not a
 * whole section. */
#define NOTE_VALUE_MAX 240

/* A growing string. */
struct text {
    char *buf;
    size_t len, cap;
};

static void SCN_PRINTF(2, 3) text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->len + (size_t)n + 1);
        t->buf = xrealloc(t->buf, t->cap);
    }
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A scalar in words: a number as written, a string as is. */
static int
scalar_text(struct text *t, const cJSON *j)
{
    char num[64];

    if (cJSON_IsNumber(j)) {
        fmt_num(j->valuedouble, num, sizeof(num));
        text_add(t, "%s", num);
    } else if (cJSON_IsString(j)) {
        text_add(t, "%s", j->valuestring);
    } else if (cJSON_IsBool(j)) {
        text_add(t, "%s", cJSON_IsTrue(j) ? "true" : "false");
    } else if (cJSON_IsNull(j)) {
        text_add(t, "null");
    } else {
        return 0;
    }
    return 1;
}

/*
 * j in words: a scalar; an array of scalars as "[a, b]" (of anything
 * else, "[N items]"); an object as "key value, key value" over its
 * members but its annotations, with "key (...)" for what nests.
 */
static void
value_text(struct text *t, const cJSON *j)
{
    const cJSON *it;
    int first = 1;

    if (scalar_text(t, j))
        return;
    if (cJSON_IsArray(j)) {
        int n = 0, flat = 1;

        cJSON_ArrayForEach(it, j)
        {
            n++;
            if (cJSON_IsObject(it) || cJSON_IsArray(it))
                flat = 0;
        }
        if (!flat) {
            text_add(t, "[%d items]", n);
            return;
        }
        text_add(t, "[");
        cJSON_ArrayForEach(it, j)
        {
            text_add(t, "%s", first ? "" : ", ");
            scalar_text(t, it);
            first = 0;
        }
        text_add(t, "]");
        return;
    }
    cJSON_ArrayForEach(it, j)
    {
        if (!it->string || is_annotation(it->string))
            continue;
        text_add(t, "%s%s ", first ? "" : ", ", it->string);
        if (!scalar_text(t, it)) {
            if (cJSON_IsArray(it) && cJSON_GetArraySize(it) <= 12)
                value_text(t, it);
            else
                text_add(t, "(...)");
        }
        first = 0;
    }
}

/* Cut at NOTE_VALUE_MAX bytes, not inside a UTF-8 sequence. */
static char *
value_words(const cJSON *j)
{
    struct text t = {NULL, 0, 0};

    value_text(&t, j);
    if (!t.buf)
        return xstrdup("");
    if (t.len > NOTE_VALUE_MAX) {
        size_t n = NOTE_VALUE_MAX;

        while (n > 0 && ((unsigned char)t.buf[n] & 0xC0) == 0x80)
            n--;
        memcpy(t.buf + n, "...", 4);
    }
    return t.buf;
}

/* The notes of one object: its own annotation members, about value. */
static void
add_notes(struct scenario *s, const struct prov *pv, const char *key,
          const cJSON *obj, const cJSON *value)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, obj)
    {
        struct scn_note *n;
        const char *file;

        if (!it->string || !is_annotation(it->string) || !cJSON_IsString(it))
            continue;
        s->notes = xrealloc(s->notes, (s->n_notes + 1) * sizeof(*s->notes));
        n = &s->notes[s->n_notes++];
        n->key = xstrdup(key);
        n->value = value_words(value);
        n->kind = strcmp(it->string, "source") == 0       ? "source"
                  : strcmp(it->string, "assumption") == 0 ? "assumption"
                                                          : "note";
        n->text = xstrdup(it->valuestring);
        file = prov_name(pv, it);
        n->file = xstrdup(file ? file : "");
    }
}

/* key + ".member" (or "member" at the top), or key + "[index]". */
static char *
child_key(const char *key, const char *member, const char *index)
{
    size_t len = strlen(key) + strlen(member ? member : index) + 3;
    char *k = xmalloc(len);

    if (member)
        snprintf(k, len, "%s%s%s", key, *key ? "." : "", member);
    else
        snprintf(k, len, "%s[%s]", key, index);
    return k;
}

/*
 * A value wrapper, {"value": V, "source": "..."}: "value" and nothing but
 * annotations beside it (the loader refuses anything else there).  An
 * object of the schema with a key "value" among others (a target) is
 * not one.
 */
static int
is_wrapper(const cJSON *j)
{
    const cJSON *it;

    if (!get(j, "value"))
        return 0;
    cJSON_ArrayForEach(it, j)
    {
        if (it->string && strcmp(it->string, "value") != 0 &&
            !is_annotation(it->string))
            return 0;
    }
    return 1;
}

static void
walk(struct scenario *s, const struct prov *pv, const char *key, const cJSON *j)
{
    const cJSON *it;

    if (cJSON_IsArray(j)) {
        int i = 0;

        cJSON_ArrayForEach(it, j)
        {
            const cJSON *nm = cJSON_IsObject(it) ? get(it, "name") : NULL;
            char idx[24], *k;

            /* Named as --set names it: by its "name", else its index. */
            snprintf(idx, sizeof(idx), "%d", i++);
            k = child_key(
                key, NULL,
                cJSON_IsString(nm) && *nm->valuestring ? nm->valuestring : idx);
            walk(s, pv, k, it);
            free(k);
        }
        return;
    }
    if (!cJSON_IsObject(j))
        return;
    if (is_wrapper(j)) {
        /* A wrapper: its notes are about its value; --set steps through
         * it, so the elements of a wrapped array keep the wrapper's key. */
        add_notes(s, pv, key, j, get(j, "value"));
        walk(s, pv, key, get(j, "value"));
        return;
    }
    add_notes(s, pv, key, j, j);
    cJSON_ArrayForEach(it, j)
    {
        char *k;

        if (!it->string || is_annotation(it->string) ||
            (!*key && strcmp(it->string, "extends") == 0))
            continue;
        k = child_key(key, it->string, NULL);
        walk(s, pv, k, it);
        free(k);
    }
}

void
notes_collect(struct scenario *s, const cJSON *root, const struct prov *pv)
{
    walk(s, pv, "", root);
}

void
notes_release(struct scenario *s)
{
    for (size_t i = 0; i < s->n_notes; i++) {
        free(s->notes[i].key);
        free(s->notes[i].value);
        free(s->notes[i].text);
        free(s->notes[i].file);
    }
    free(s->notes);
    s->notes = NULL;
    s->n_notes = 0;
}
