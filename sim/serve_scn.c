/*
 * serve_scn: scenarios by name, edits checked by the loader, and an
 * edited scenario saved as a new file.
 *
 * An edit is a --set: {"key": value} becomes "key=VALUE" (the value as
 * JSON) and the loader applies it and checks the result as it checks a
 * file, so every message names the edit and its JSON path.  Keys are
 * object keys joined by dots, and a site by its name
 * ("sites[CUH].beds.ga.capacity"); a value is a number, a string, true
 * or false, an array, or a distribution naming its "kind".  Those are
 * exactly the values that replace the base's value whole both as a --set
 * and in a file that extends it, so a run with the edits and a run of
 * the saved file are the same scenario.
 *
 * Saving writes {"extends": "BASE.json", "name": ..., the edited keys}
 * into the scenarios folder: aside under a hidden name first, loaded by
 * the loader (the extends confinement holds: the base is beside it),
 * then linked to NAME.json, which fails if the name exists, so no file
 * is ever replaced.
 */
#define _DEFAULT_SOURCE /* mkstemp, fsync */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "serve_int.h"
#include "util.h"

/* --- edits ------------------------------------------------------------------
 */

void
edits_release(struct serve_edits *ed)
{
    for (size_t i = 0; i < ed->n; i++) {
        free(ed->set[i]);
        free(ed->key[i]);
    }
    free(ed->set);
    free(ed->key);
    memset(ed, 0, sizeof(*ed));
}

/* An object key: letters, digits, '_'. */
static int
word_ok(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
              (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
            return 0;
    return 1;
}

/* Whether key is one an edit may name (see the top); why says not. */
static int
edit_key_ok(const char *key, const char **why)
{
    const char *p = key;
    size_t len = strlen(key);

    *why = "expected object keys joined by dots, a site as sites[NAME]";
    if (len == 0 || len >= SERVE_MAX_KEY)
        return 0;
    if (strncmp(key, "sites[", 6) == 0) {
        const char *close = strchr(key, ']');
        char name[SERVE_NAME_MAX + 1];
        size_t n = close ? (size_t)(close - key - 6) : 0;

        if (!close || n == 0 || n > SERVE_NAME_MAX || close[1] != '.')
            return 0;
        memcpy(name, key + 6, n);
        name[n] = '\0';
        if (!serve_name_ok(name))
            return 0;
        p = close + 2;
    } else if (strncmp(key, "extends", 7) == 0 &&
               (key[7] == '\0' || key[7] == '.')) {
        *why = "extends cannot be edited";
        return 0;
    }
    for (;;) {
        size_t n = strcspn(p, ".");

        if (!word_ok(p, n))
            return 0;
        if (!p[n])
            return 1;
        p += n + 1;
    }
}

/* Whether v is a value an edit may give (see the top). */
static int
edit_value_ok(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "kind"));
    return cJSON_IsNumber(v) || cJSON_IsString(v) || cJSON_IsBool(v) ||
           cJSON_IsArray(v);
}

/* Read the edits of object j into *ed: 0, or -1 after an error reply. */
static int
read_edits(const cJSON *j, struct serve_edits *ed, struct serve_response *rs)
{
    const cJSON *e;
    int n = cJSON_GetArraySize(j);

    memset(ed, 0, sizeof(*ed));
    if (j && !cJSON_IsObject(j)) {
        reply_error(rs, 400, "edits: expected an object of key: value");
        return -1;
    }
    if (n > SERVE_MAX_EDITS) {
        reply_error(rs, 400, "edits: at most %d at once", SERVE_MAX_EDITS);
        return -1;
    }
    ed->set = xcalloc((size_t)n + 1, sizeof(*ed->set));
    ed->key = xcalloc((size_t)n + 1, sizeof(*ed->key));
    cJSON_ArrayForEach(e, j)
    {
        const char *why;
        char *text;
        size_t len;

        if (!edit_key_ok(e->string, &why)) {
            reply_error(rs, 400, "edits: '%.*s': %s", 80, e->string, why);
            return -1;
        }
        if (!edit_value_ok(e)) {
            reply_error(rs, 400,
                        "edits: %s: expected a number, a string, true or "
                        "false, an array, or a distribution with its kind",
                        e->string);
            return -1;
        }
        text = cJSON_PrintUnformatted(e);
        len = text ? strlen(text) + strlen(e->string) + 2 : 0;
        if (!text || len > SERVE_MAX_EDIT_TEXT) {
            free(text);
            reply_error(rs, 400, "edits: %s: the value is too long", e->string);
            return -1;
        }
        ed->key[ed->n] = xstrdup(e->string);
        ed->set[ed->n] = xmalloc(len);
        snprintf(ed->set[ed->n], len, "%s=%s", e->string, text);
        ed->n++;
        free(text);
    }
    return 0;
}

int
scn_request(struct serve *s, const struct serve_request *rq, const char *member,
            char *file, size_t file_len, struct serve_edits *ed, cJSON **root,
            struct serve_response *rs)
{
    cJSON *j = rq_json(rq, rs);
    const cJSON *name;

    memset(ed, 0, sizeof(*ed));
    *root = j;
    if (!j)
        return -1;
    name = cJSON_GetObjectItemCaseSensitive(j, member);
    if (!cJSON_IsString(name)) {
        reply_error(rs, 400, "%s: expected a scenario's name", member);
        return -1;
    }
    if (!serve_listed(s->scn_dir, 1, name->valuestring)) {
        reply_error(rs, 404, "%s: no scenario named '%.*s' in the folder",
                    member, 100, name->valuestring);
        return -1;
    }
    snprintf(file, file_len, "%s.json", name->valuestring);
    if (ed && read_edits(cJSON_GetObjectItemCaseSensitive(j, "edits"), ed, rs))
        return -1;
    return 0;
}

/* --- loading, and the loader's messages --------------------------------------
 */

/*
 * One loader message as JSON: {"key": the edit it names or null,
 * "path": "$.x.y" or null, "message": the rest, "file": the file it
 * names (no folder) or null}.  Messages read "LABEL: $.path: text", the
 * label a file or "--set KEY=VALUE".
 */
static cJSON *
problem(const struct serve *s, const char *msg, const struct serve_edits *ed,
        const char *tmp_name, const char *final_name)
{
    cJSON *o = cJSON_CreateObject();
    const char *rest = msg;
    char file[256] = "";

    for (size_t i = 0; ed && i < ed->n; i++) {
        size_t n = strlen(ed->set[i]);

        if (strncmp(msg, "--set ", 6) == 0 &&
            strncmp(msg + 6, ed->set[i], n) == 0 && msg[6 + n] == ':') {
            cJSON_AddStringToObject(o, "key", ed->key[i]);
            rest = msg + 6 + n + 1;
            break;
        }
    }
    if (rest == msg) {
        const char *colon = strstr(msg, ": ");
        size_t dl = strlen(s->scn_dir);

        cJSON_AddNullToObject(o, "key");
        if (colon && (size_t)(colon - msg) < sizeof(file)) {
            const char *f = msg;

            if (strncmp(f, s->scn_dir, dl) == 0 && f[dl] == '/')
                f += dl + 1;
            snprintf(file, sizeof(file), "%.*s", (int)(colon - f), f);
            if (tmp_name && strcmp(file, tmp_name) == 0)
                snprintf(file, sizeof(file), "%s", final_name);
            rest = colon + 1;
        }
    }
    while (*rest == ' ')
        rest++;
    if (rest[0] == '$') {
        size_t n = strcspn(rest, ":");
        char path[512];

        snprintf(path, sizeof(path), "%.*s", (int)n, rest);
        cJSON_AddStringToObject(o, "path", path);
        rest += n;
        while (*rest == ':' || *rest == ' ')
            rest++;
    } else {
        cJSON_AddNullToObject(o, "path");
    }
    cJSON_AddStringToObject(o, "message", rest);
    if (file[0])
        cJSON_AddStringToObject(o, "file", file);
    else
        cJSON_AddNullToObject(o, "file");
    return o;
}

/* The loader's messages as a 422 reply. */
static void
reply_problems(const struct serve *s, const struct scn_errors *err,
               const struct serve_edits *ed, const char *tmp_name,
               const char *final_name, struct serve_response *rs)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(o, "problems");

    cJSON_AddStringToObject(o, "error",
                            err->total == 1 ? "the scenario has a problem"
                                            : "the scenario has problems");
    for (size_t i = 0; i < err->n; i++)
        cJSON_AddItemToArray(list,
                             problem(s, err->msg[i], ed, tmp_name, final_name));
    cJSON_AddNumberToObject(o, "more", (double)(err->total - err->n));
    reply_json(rs, 422, o);
}

int
scn_load_edited(struct serve *s, const char *file, const struct serve_edits *ed,
                struct scenario *sc, struct serve_response *rs)
{
    size_t n = ed ? ed->n : 0;
    struct scn_override *ov = xcalloc(n + 1, sizeof(*ov));
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    size_t plen = strlen(s->scn_dir) + strlen(file) + 2;
    char *path = xmalloc(plen);
    int rc;

    snprintf(path, plen, "%s/%s", s->scn_dir, file);
    for (size_t i = 0; i < n; i++) {
        ov[i].kind = SCN_OV_SET;
        ov[i].text = ed->set[i];
    }
    rc = scn_load_overrides(path, ov, n, sc, err);
    if (rc)
        reply_problems(s, err, ed, NULL, NULL, rs);
    free(path);
    free(err);
    free(ov);
    return rc;
}

/* --- the handlers ------------------------------------------------------------
 */

/* The listed name that name links to, in the same folder, or NULL. */
static char *
alias_of(const struct serve *s, const char *name)
{
    size_t plen = strlen(s->scn_dir) + strlen(name) + 8;
    char *path = xmalloc(plen), *real, *out = NULL;
    struct stat st;

    snprintf(path, plen, "%s/%s.json", s->scn_dir, name);
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
        (real = realpath(path, NULL)) != NULL) {
        size_t dl = strlen(s->scn_dir), rl = strlen(real);

        if (strncmp(real, s->scn_dir, dl) == 0 && real[dl] == '/' &&
            !strchr(real + dl + 1, '/') && rl > dl + 6 &&
            strcmp(real + rl - 5, ".json") == 0) {
            real[rl - 5] = '\0';
            out = xstrdup(real + dl + 1);
        }
        free(real);
    }
    free(path);
    return out;
}

void
api_scenarios(struct serve *s, struct serve_response *rs)
{
    char **names = xcalloc(SERVE_MAX_LIST, sizeof(*names));
    int n = serve_list(s->scn_dir, 1, names, SERVE_MAX_LIST);
    cJSON *o, *list;

    if (n < 0) {
        free(names);
        reply_error(rs, 500, "cannot read the scenarios folder");
        return;
    }
    o = cJSON_CreateObject();
    list = cJSON_AddArrayToObject(o, "scenarios");
    for (int i = 0; i < n; i++) {
        struct scenario sc;
        struct scn_errors *err = xcalloc(1, sizeof(*err));
        size_t plen = strlen(s->scn_dir) + strlen(names[i]) + 8;
        char *path = xmalloc(plen), *alias = alias_of(s, names[i]);
        cJSON *e = cJSON_CreateObject();

        snprintf(path, plen, "%s/%s.json", s->scn_dir, names[i]);
        cJSON_AddStringToObject(e, "name", names[i]);
        if (alias)
            cJSON_AddStringToObject(e, "alias_of", alias);
        if (scn_load(path, &sc, err) == 0) {
            cJSON_AddStringToObject(e, "title", scn_title(&sc));
            cJSON_AddStringToObject(e, "description",
                                    sc.description ? sc.description : "");
            cJSON_AddNumberToObject(e, "sites",
                                    sc.has_sites ? (double)sc.n_sites : 0);
            scn_release(&sc);
        } else {
            cJSON_AddStringToObject(e, "title", names[i]);
            cJSON_AddStringToObject(e, "problem",
                                    err->n ? err->msg[0] : "does not load");
        }
        cJSON_AddItemToArray(list, e);
        free(alias);
        free(path);
        free(err);
    }
    serve_list_free(names, n);
    free(names);
    reply_json(rs, 200, o);
}

void
api_scenario(struct serve *s, const struct serve_request *rq,
             struct serve_response *rs)
{
    const char *name = rq_query(rq, "name");
    char file[SERVE_NAME_MAX + 8];
    struct scenario sc;

    if (!name || !serve_listed(s->scn_dir, 1, name)) {
        reply_error(rs, 404, "no scenario named '%.*s' in the folder", 100,
                    name ? name : "");
        return;
    }
    snprintf(file, sizeof(file), "%s.json", name);
    if (scn_load_edited(s, file, NULL, &sc, rs))
        return;
    {
        cJSON *o = levers_json(s, &sc);

        cJSON_AddStringToObject(o, "file", file);
        scn_release(&sc);
        reply_json(rs, 200, o);
    }
}

/* The scenario's warnings, as a JSON array. */
static cJSON *
warnings(const struct scenario *sc)
{
    cJSON *w = cJSON_CreateArray();

    for (size_t i = 0; i < sc->n_warnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(sc->warnings[i]));
    return w;
}

void
api_check(struct serve *s, const struct serve_request *rq,
          struct serve_response *rs)
{
    char file[SERVE_NAME_MAX + 8];
    struct serve_edits ed;
    struct scenario sc;
    cJSON *root, *o;

    if (scn_request(s, rq, "scenario", file, sizeof(file), &ed, &root, rs) ||
        scn_load_edited(s, file, &ed, &sc, rs)) {
        edits_release(&ed);
        cJSON_Delete(root);
        return;
    }
    o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "ok", 1);
    cJSON_AddItemToObject(o, "warnings", warnings(&sc));
    scn_release(&sc);
    edits_release(&ed);
    cJSON_Delete(root);
    reply_json(rs, 200, o);
}

/* --- saving ------------------------------------------------------------------
 */

/*
 * Lay edit key = v into the file's object root: objects on the way,
 * a site as the element of "sites" with its name.  Returns 0, or -1
 * when an earlier edit put something else on the way.
 */
static int
nest(cJSON *root, const char *key, const cJSON *v, const char *note)
{
    cJSON *at = root;
    const char *p = key;
    cJSON *val;

    if (strncmp(key, "sites[", 6) == 0) {
        const char *close = strchr(key, ']');
        cJSON *sites = cJSON_GetObjectItemCaseSensitive(root, "sites"), *e;
        char name[SERVE_NAME_MAX + 1];

        snprintf(name, sizeof(name), "%.*s", (int)(close - key - 6), key + 6);
        if (!sites)
            sites = cJSON_AddArrayToObject(root, "sites");
        at = NULL;
        cJSON_ArrayForEach(e, sites)
        {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");

            if (cJSON_IsString(nm) && strcmp(nm->valuestring, name) == 0)
                at = e;
        }
        if (!at) {
            at = cJSON_CreateObject();
            cJSON_AddStringToObject(at, "name", name);
            cJSON_AddItemToArray(sites, at);
        }
        p = close + 2;
    }
    for (;;) {
        size_t n = strcspn(p, ".");
        char word[SERVE_MAX_KEY];
        cJSON *next;

        snprintf(word, sizeof(word), "%.*s", (int)n, p);
        next = cJSON_GetObjectItemCaseSensitive(at, word);
        if (!p[n]) {
            if (next)
                return -1;
            break;
        }
        if (!next)
            next = cJSON_AddObjectToObject(at, word);
        else if (!cJSON_IsObject(next) ||
                 cJSON_GetObjectItemCaseSensitive(next, "kind"))
            return -1;
        at = next;
        p += n + 1;
    }
    /* Each value says where it came from: it travels to sources.csv. */
    if (cJSON_IsObject(v)) {
        val = cJSON_Duplicate(v, 1);
        cJSON_DeleteItemFromObjectCaseSensitive(val, "note");
        cJSON_AddStringToObject(val, "note", note);
    } else {
        val = cJSON_CreateObject();
        cJSON_AddItemToObject(val, "value", cJSON_Duplicate(v, 1));
        cJSON_AddStringToObject(val, "note", note);
    }
    cJSON_AddItemToObject(at, p, val);
    return 0;
}

/* Write text to a new hidden file beside the scenarios: its name into
 * tmp.  Returns 0, or -1 with errno. */
static int
write_aside(const struct serve *s, const char *name, const char *text,
            char *tmp, size_t tmp_len)
{
    size_t len = strlen(text), done = 0;
    int fd, e;

    snprintf(tmp, tmp_len, "%s/.%s.json.uecsim-tmp.XXXXXX", s->scn_dir, name);
    fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    while (done < len) {
        ssize_t k = write(fd, text + done, len - done);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    if (done == len && fsync(fd) == 0 && close(fd) == 0)
        return 0;
    e = errno ? errno : EIO;
    close(fd);
    unlink(tmp);
    errno = e;
    return -1;
}

/* The description of a saved scenario: the planner's words, then what
 * it was made from. */
static char *
saved_description(const cJSON *given, const struct scenario *base,
                  const char *file, const struct serve_edits *ed)
{
    char date[11];
    size_t cap = 512 + (cJSON_IsString(given) ? strlen(given->valuestring) : 0);
    size_t used;
    char *d;

    for (size_t i = 0; i < ed->n; i++)
        cap += strlen(ed->key[i]) + 2;
    d = xmalloc(cap);
    serve_today(date);
    used = (size_t)snprintf(
        d, cap,
        "%s%sMade in uecsim serve on %s from '%s' (%s), changing %zu "
        "value%s: ",
        cJSON_IsString(given) ? given->valuestring : "",
        cJSON_IsString(given) && given->valuestring[0] ? " " : "", date,
        scn_title(base), file, ed->n, ed->n == 1 ? "" : "s");
    for (size_t i = 0; i < ed->n && used < cap; i++)
        used += (size_t)snprintf(d + used, cap - used, "%s%s", i ? ", " : "",
                                 ed->key[i]);
    if (used + 2 < cap)
        strcat(d, ".");
    return d;
}

/* The text of the file saved as name: extends file, with the edits. */
/*
 * cJSON_Print's layout in the scenarios' own (two spaces a level, one
 * after a colon), so a saved file reads like its neighbours.  cJSON
 * escapes a tab inside a string, so every tab it prints is layout.
 * Ends with a newline.  Takes text; returns it, rewritten (owned).
 */
static char *
two_spaces(char *text)
{
    size_t n = 0, k = 0;
    char *out;

    for (const char *p = text; *p; p++)
        n += *p == '\t' ? 2 : 1;
    out = xmalloc(n + 2);
    for (const char *p = text; *p; p++) {
        if (*p != '\t') {
            out[k++] = *p;
        } else if (p > text && p[-1] == ':') {
            out[k++] = ' ';
        } else {
            out[k++] = ' ';
            out[k++] = ' ';
        }
    }
    out[k++] = '\n';
    out[k] = '\0';
    free(text);
    return out;
}

static char *
saved_text(const cJSON *req, const struct scenario *base, const char *file,
           const char *name, const struct serve_edits *ed,
           struct serve_response *rs)
{
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(req, "title");
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(req, "description");
    const cJSON *edits = cJSON_GetObjectItemCaseSensitive(req, "edits");
    cJSON *o = cJSON_CreateObject();
    char note[96], date[11], *text, *d;
    const cJSON *e;

    serve_today(date);
    snprintf(note, sizeof(note), "set in uecsim serve on %s", date);
    cJSON_AddStringToObject(o, "extends", file);
    cJSON_AddStringToObject(o, "name", name);
    if (cJSON_IsString(title) && title->valuestring[0]) {
        cJSON_AddStringToObject(o, "title", title->valuestring);
    } else {
        char t[240];

        snprintf(t, sizeof(t), "%s (edited)", scn_title(base));
        cJSON_AddStringToObject(o, "title", t);
    }
    d = saved_description(desc, base, file, ed);
    cJSON_AddStringToObject(o, "description", d);
    free(d);
    cJSON_ArrayForEach(e, edits)
    {
        if (nest(o, e->string, e, note)) {
            reply_error(rs, 400,
                        "edits: %s overlaps another edit; give each value "
                        "once",
                        e->string);
            cJSON_Delete(o);
            return NULL;
        }
    }
    text = cJSON_Print(o);
    cJSON_Delete(o);
    return text ? two_spaces(text) : NULL;
}

/* Check the title and description a save may give: 0, or -1 replied. */
static int
save_words_ok(const cJSON *req, struct serve_response *rs)
{
    static const struct {
        const char *member;
        size_t max;
    } words[] = {{"title", 200}, {"description", 4000}};

    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(req, words[i].member);

        if (w &&
            (!cJSON_IsString(w) || strlen(w->valuestring) > words[i].max)) {
            reply_error(rs, 400,
                        "%s: expected a string of at most %zu "
                        "characters",
                        words[i].member, words[i].max);
            return -1;
        }
    }
    return 0;
}

/* Load the file aside and put it in place as name.json: 0, or -1
 * replied. */
static int
save_file(struct serve *s, const char *name, const char *text,
          struct serve_response *rs)
{
    char tmp[4096], final[4096], tmp_base[300], final_base[SERVE_NAME_MAX + 8];
    struct scn_errors *err;
    struct scenario sc;
    int rc, dfd;

    if (write_aside(s, name, text, tmp, sizeof(tmp))) {
        reply_error(rs, 500, "cannot write in the scenarios folder: %s",
                    strerror(errno));
        return -1;
    }
    snprintf(tmp_base, sizeof(tmp_base), "%s", strrchr(tmp, '/') + 1);
    snprintf(final_base, sizeof(final_base), "%s.json", name);
    err = xcalloc(1, sizeof(*err));
    rc = scn_load(tmp, &sc, err);
    if (rc) {
        reply_problems(s, err, NULL, tmp_base, final_base, rs);
        free(err);
        unlink(tmp);
        return -1;
    }
    free(err);
    scn_release(&sc);
    snprintf(final, sizeof(final), "%s/%s", s->scn_dir, final_base);
    /* link(2) never replaces: a name taken meanwhile is refused. */
    rc = link(tmp, final);
    if (rc) {
        int e = errno;

        unlink(tmp);
        if (e == EEXIST)
            reply_error(rs, 409,
                        "a scenario named '%s' exists: choose "
                        "another name",
                        name);
        else
            reply_error(rs, 500, "cannot save %s: %s", final_base, strerror(e));
        return -1;
    }
    unlink(tmp);
    dfd = open(s->scn_dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

/* Whether name ends in ".json" (any case): the saved file's name would
 * then end in .json.json. */
static int
ends_json(const char *name)
{
    size_t n = strlen(name);

    return n >= 5 && strcasecmp(name + n - 5, ".json") == 0;
}

void
api_save(struct serve *s, const struct serve_request *rq,
         struct serve_response *rs)
{
    char file[SERVE_NAME_MAX + 8], *text;
    struct serve_edits ed;
    struct scenario base;
    const cJSON *name;
    cJSON *root, *o;

    if (scn_request(s, rq, "scenario", file, sizeof(file), &ed, &root, rs))
        goto out;
    name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (!cJSON_IsString(name) || !serve_name_ok(name->valuestring) ||
        strlen(name->valuestring) > SERVE_SCN_NAME_MAX) {
        reply_error(rs, 400,
                    "name: expected 1 to %d letters, digits, '.', '_' or "
                    "'-', not starting with '.' or '-'",
                    SERVE_SCN_NAME_MAX);
        goto out;
    }
    if (ends_json(name->valuestring)) {
        reply_error(rs, 400, "name: without .json (the file is NAME.json)");
        goto out;
    }
    if (serve_listed(s->scn_dir, 1, name->valuestring)) {
        reply_error(rs, 409,
                    "a scenario named '%s' exists: choose another "
                    "name",
                    name->valuestring);
        goto out;
    }
    if (save_words_ok(root, rs))
        goto out;
    /* The edits first, so that each problem is beside its field. */
    if (scn_load_edited(s, file, &ed, &base, rs))
        goto out;
    text = saved_text(root, &base, file, name->valuestring, &ed, rs);
    scn_release(&base);
    if (!text || save_file(s, name->valuestring, text, rs)) {
        free(text);
        goto out;
    }
    free(text);
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name->valuestring);
    snprintf(file, sizeof(file), "%s.json", name->valuestring);
    cJSON_AddStringToObject(o, "file", file);
    reply_json(rs, 201, o);
out:
    edits_release(&ed);
    cJSON_Delete(root);
}
