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

/* Bytes looked at to say what a file that is not JSON holds. */
#define SNIFF_LEN 4096

void
chain_release(struct chain *ch)
{
    for (size_t i = 0; i < ch->n; i++) {
        free(ch->f[i].path);
        free(ch->f[i].label);
        free(ch->f[i].real);
        free(ch->f[i].tree);
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

/* The real path of the folder holding path (owned), or NULL. */
static char *
folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir, *real;

    if (!slash)
        return realpath(".", NULL);
    if (slash == path)
        return realpath("/", NULL);
    dir = xmalloc((size_t)(slash - path) + 1);
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    real = realpath(dir, NULL);
    free(dir);
    return real;
}

/* Whether the real path real lies inside the real folder tree. */
static int
inside(const char *tree, const char *real)
{
    size_t n = strlen(tree);

    if (strcmp(tree, "/") == 0)
        return 1;
    return strncmp(real, tree, n) == 0 && real[n] == '/';
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
 * Whether buf starts like a JSON text: its first byte after white space
 * begins a JSON value.  A file that does not (an image, /etc/passwd) is
 * described, never quoted.
 */
static int
looks_like_json(const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && strchr(" \t\r\n", buf[i]))
        i++;
    return i == len || strchr("{[\"-0123456789tfn", buf[i]) != NULL;
}

/* Whether the first bytes of buf are text: UTF-8 without control bytes. */
static int
is_text(const char *buf, size_t len)
{
    size_t n = len < SNIFF_LEN ? len : SNIFF_LEN;

    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)buf[i];
        size_t more = ch >= 0xF0 ? 3 : ch >= 0xE0 ? 2 : ch >= 0xC0 ? 1 : 0;

        if ((ch < 0x20 && !strchr("\t\r\n\f", ch)) || ch == 0x7f ||
            (ch >= 0x80 && ch < 0xC0) || ch >= 0xF8)
            return 0;
        for (size_t k = 1; k <= more && i + k < n; k++)
            if (((unsigned char)buf[i + k] & 0xC0) != 0x80)
                return 0;
        i += more;
    }
    return 1;
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
    if (!looks_like_json(buf, len)) {
        add_error(c->err,
                  "%s: line %zu, column %zu: not JSON: the file holds %s",
                  c->file, line, col,
                  is_text(buf, len) ? "text that is not JSON" : "binary data");
        return;
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

/*
 * The ordinals (0 first, in text order) of the strings of a valid JSON
 * text that hold a NUL character, raw or as \u0000: cJSON keeps the
 * string only up to it.  Returns how many; *out is owned.
 */
static size_t
nul_strings(const char *buf, size_t len, size_t **out)
{
    size_t n = 0, cap = 0, ordinal = 0;

    *out = NULL;
    for (size_t i = 0; i < len; i++) {
        int nul = 0;

        if (buf[i] != '"')
            continue;
        for (i++; i < len && buf[i] != '"'; i++) {
            if (buf[i] == '\0')
                nul = 1;
            if (buf[i] != '\\')
                continue;
            i++;
            if (i + 4 < len && buf[i] == 'u' &&
                strncmp(buf + i + 1, "0000", 4) == 0)
                nul = 1;
        }
        if (nul) {
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                *out = xrealloc(*out, cap * sizeof(**out));
            }
            (*out)[n++] = ordinal;
        }
        ordinal++;
    }
    return n;
}

/* Walk the tree in text order, counting strings (keys and values). */
static void
report_nul(struct ctx *c, const cJSON *j, const size_t *bad, size_t n_bad,
           size_t *ordinal, size_t *next)
{
    size_t i = 0;
    const cJSON *it;

    if (cJSON_IsString(j)) {
        size_t o = (*ordinal)++;

        if (*next < n_bad && bad[*next] == o) {
            fail(c, "a string may not hold a NUL character (\\u0000 or a "
                    "zero byte)");
            (*next)++;
        }
        return;
    }
    cJSON_ArrayForEach(it, j)
    {
        size_t mark, o = cJSON_IsObject(j) ? (*ordinal)++ : SIZE_MAX;

        if (*next < n_bad && bad[*next] == o) {
            fail(c, "a key may not hold a NUL character (\\u0000 or a zero "
                    "byte)");
            (*next)++;
        }
        mark = cJSON_IsObject(j) ? path_key(c, it->string, NULL)
                                 : path_index(c, i, NULL);
        report_nul(c, it, bad, n_bad, ordinal, next);
        path_pop(c, mark);
        i++;
    }
}

static void
check_nul(struct ctx *c, const struct chain_file *f)
{
    size_t *bad, ordinal = 0, next = 0;
    size_t n = nul_strings(f->buf, f->len, &bad);

    if (n > 0)
        report_nul(c, f->root, bad, n, &ordinal, &next);
    free(bad);
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
    const char *display = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *real = NULL, *tree = NULL, why[128];
    char q[QUOTE_LEN];
    uint32_t src;

    quote(path, q);
    if (!top) {
        const struct chain_file *by = &ch->f[ch->n - 1];

        if (ch->n >= SCN_MAX_CHAIN_FILES) {
            fail_referrer(c, ch, pv, "extends chain longer than %d files",
                          SCN_MAX_CHAIN_FILES);
            goto stop;
        }
        real = realpath(path, NULL);
        /* A cycle is reported at the top file, with the whole chain. */
        for (size_t i = 0; real && i < ch->n; i++) {
            if (strcmp(ch->f[i].real, real) == 0) {
                size_t mark;

                c->file = pv->name[0];
                mark = path_key(c, "extends", NULL);
                fail_cycle(c, ch, label);
                path_pop(c, mark);
                goto stop;
            }
        }
        if (!real) {
            fail_referrer(c, ch, pv, "cannot read '%s': %s", q,
                          strerror(errno));
            goto stop;
        }
        /* A relative name stays in the tree; an absolute one starts one. */
        if (label[0] == '/') {
            tree = folder_of(real);
        } else if (!inside(by->tree, real)) {
            char ql[QUOTE_LEN];

            quote(label, ql);
            fail_referrer(c, ch, pv,
                          "'%s' is outside the scenario's folder %s (give "
                          "an absolute path to extend it on purpose)",
                          ql, by->tree);
            goto stop;
        } else {
            tree = xstrdup(by->tree);
        }
    }
    ch->f = xrealloc(ch->f, (ch->n + 1) * sizeof(*ch->f));
    f = &ch->f[ch->n++];
    memset(f, 0, sizeof(*f));
    f->path = path;
    f->label = label;
    f->real = real;
    f->tree = tree;
    f->buf =
        util_read_input(path, SCN_MAX_FILE_BYTES, &f->len, why, sizeof(why));
    if (!f->buf) {
        if (top) {
            add_error(c->err, "%s: cannot read: %s", display, why);
        } else {
            /* Named by the file that refers to it. */
            ch->n--;
            fail_referrer(c, ch, pv, "cannot read '%s': %s", q, why);
            ch->n++;
        }
        return -1;
    }
    if (top) {
        /* Standard input has no real path, and its tree is here. */
        f->real = realpath(path, NULL);
        if (!f->real)
            f->real = xstrdup(path);
        f->tree = folder_of(path);
        if (!f->tree)
            f->tree = xstrdup("/");
    }
    src = prov_add_source(pv, display);
    c->file = pv->name[src];
    /* util_read_input NUL-terminates: cJSON must see the NUL as the end. */
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
    check_nul(c, f);
    return 0;

stop:
    free(real);
    free(path);
    free(label);
    return -1;
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
