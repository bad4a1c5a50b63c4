/*
 * scenario_files: read the extends chain, file by file, within the
 * loader's limits, and check each file alone: JSON syntax, duplicate
 * keys and NUL characters, which the merge would hide.
 */
/* realpath(3), for extends cycles and the folder tree, is XSI. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "util.h"

/* Bytes of the input shown after "near" in a syntax error. */
#define SNIPPET_LEN 16

void
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

/* ------------------------------------------------------------------ */
/* Syntax errors                                                      */
/* ------------------------------------------------------------------ */

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
/* Checks of one file's tree                                          */
/* ------------------------------------------------------------------ */

/*
 * Report duplicate keys in every object of one file's tree, once per key
 * and object, in linear time.  cJSON keeps every duplicate and its
 * lookups return the first, so a later one would be silently ignored.
 */
static void
check_duplicates(struct ctx *c, const cJSON *j)
{
    int is_object = cJSON_IsObject(j);
    cJSON *it;
    size_t i = 0;

    if (!is_object && !cJSON_IsArray(j))
        return;
    if (is_object) {
        struct keymap seen;

        memset(&seen, 0, sizeof(seen));
        cJSON_ArrayForEach(it, j)
        {
            const char *key = it->string ? it->string : "";
            char q[QUOTE_LEN];

            if (keymap_put(&seen, key, it) != 2)
                continue;
            quote(key, q);
            fail(c, "duplicate key '%s'", q);
        }
        keymap_release(&seen);
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

/* ------------------------------------------------------------------ */
/* The chain                                                          */
/* ------------------------------------------------------------------ */

static void fail_referrer(struct ctx *c, const struct chain *ch,
                          const struct prov *pv, const char *fmt, ...)
    SCN_PRINTF(4, 5);

/* Report at $.extends of the last file so far, which names the next. */
static void
fail_referrer(struct ctx *c, const struct chain *ch, const struct prov *pv,
              const char *fmt, ...)
{
    char msg[sizeof(c->err->msg[0])];
    size_t mark;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->file = pv->name[ch->n - 1];
    mark = path_key(c, "extends", NULL);
    fail(c, "%s", msg);
    path_pop(c, mark);
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
            ch->n--;
            fail_referrer(c, ch, pv, "cannot read '%s': %s", q, strerror(e));
            ch->n++;
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

int
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
        path_pop(c, mark);
        if (!rel || !rel[0])
            return -1;
        rc = chain_add(c, ch, pv, join_path(f->path, rel), xstrdup(rel));
    }
    return rc;
}

unsigned long long
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
