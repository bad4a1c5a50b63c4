/*
 * serve_util: what the handlers of `uecsim serve` share: replies, the
 * request's arguments, headers and JSON body, names and the listings of
 * folders by which every file is chosen.
 */
#define _DEFAULT_SOURCE /* strcasecmp, DT_ constants */

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve_int.h"
#include "util.h"

/* --- replies -------------------------------------------------------------- */

void
reply_owned(struct serve_response *rs, int status, const char *type, char *body,
            size_t len)
{
    free(rs->body);
    rs->status = status;
    rs->type = type;
    rs->body = body;
    rs->data = NULL;
    rs->len = len;
}

void
reply_json(struct serve_response *rs, int status, cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);

    cJSON_Delete(j);
    if (!text) {
        reply_error(rs, 500, "out of memory");
        return;
    }
    reply_owned(rs, status, "application/json; charset=utf-8", text,
                strlen(text));
}

void
reply_error(struct serve_response *rs, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    cJSON *j = cJSON_CreateObject();

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!j || !cJSON_AddStringToObject(j, "error", msg)) {
        cJSON_Delete(j);
        /* No memory for JSON: a fixed reply still says so. */
        reply_owned(rs, 500, "text/plain; charset=utf-8", NULL, 0);
        return;
    }
    reply_json(rs, status, j);
}

/* --- the request ---------------------------------------------------------- */

const char *
rq_query(const struct serve_request *rq, const char *name)
{
    for (size_t i = 0; i < rq->n_query; i++)
        if (rq->query[i].key && strcmp(rq->query[i].key, name) == 0)
            return rq->query[i].value ? rq->query[i].value : "";
    return NULL;
}

const char *
rq_header(const struct serve_request *rq, const char *name)
{
    for (size_t i = 0; i < rq->n_header; i++)
        if (rq->header[i].key && strcasecmp(rq->header[i].key, name) == 0)
            return rq->header[i].value ? rq->header[i].value : "";
    return NULL;
}

/* Whether any object in j has a key twice (cJSON keeps both). */
static int
has_duplicates(const cJSON *j)
{
    const cJSON *a, *b;

    if (!cJSON_IsObject(j) && !cJSON_IsArray(j))
        return 0;
    cJSON_ArrayForEach(a, j)
    {
        if (cJSON_IsObject(j))
            for (b = a->next; b; b = b->next)
                if (strcmp(a->string, b->string) == 0)
                    return 1;
        if (has_duplicates(a))
            return 1;
    }
    return 0;
}

cJSON *
rq_json(const struct serve_request *rq, struct serve_response *rs)
{
    const char *type = rq_header(rq, "Content-Type"), *end = NULL;
    cJSON *j;

    if (!type || strncasecmp(type, "application/json", 16) != 0 ||
        (type[16] && type[16] != ';' && type[16] != ' ')) {
        reply_error(rs, 415, "send the request as application/json");
        return NULL;
    }
    if (!rq->body || rq->body_len == 0) {
        reply_error(rs, 400,
                    "the request has no body: expected a JSON "
                    "object");
        return NULL;
    }
    j = cJSON_ParseWithLengthOpts(rq->body, rq->body_len, &end, 0);
    if (!j) {
        size_t at = end && end >= rq->body ? (size_t)(end - rq->body) : 0;
        size_t line = 1, col = 1;

        for (size_t i = 0; i < at && i < rq->body_len; i++) {
            if (rq->body[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        reply_error(rs, 400,
                    "the body is not JSON: syntax error at line %zu, "
                    "column %zu",
                    line, col);
        return NULL;
    }
    /* Trailing text after the value is an error, as in the loader. */
    while (end && (size_t)(end - rq->body) < rq->body_len &&
           strchr(" \t\r\n", *end))
        end++;
    if (end && (size_t)(end - rq->body) < rq->body_len) {
        cJSON_Delete(j);
        reply_error(rs, 400, "the body is not JSON: text after the value");
        return NULL;
    }
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        reply_error(rs, 400, "expected a JSON object");
        return NULL;
    }
    if (has_duplicates(j)) {
        cJSON_Delete(j);
        reply_error(rs, 400, "the body has a key twice");
        return NULL;
    }
    return j;
}

/* --- names and listings --------------------------------------------------- */

int
serve_name_ok(const char *name)
{
    return util_plain_name(name, SERVE_NAME_MAX) && name[0] != '.' &&
           name[0] != '-';
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
serve_list(const char *dir, int files, char **out, size_t max)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    if (!d)
        return -1;
    while (n < max && (e = readdir(d)) != NULL) {
        char name[256];
        size_t len = strlen(e->d_name);
        struct stat st;

        if (len >= sizeof(name))
            continue;
        memcpy(name, e->d_name, len + 1);
        if (files) {
            if (len <= 5 || strcmp(name + len - 5, ".json") != 0)
                continue;
            name[len - 5] = '\0';
        }
        if (!serve_name_ok(name))
            continue;
        /* Follows a link: a scenario may be a link (default.json). */
        if (fstatat(dirfd(d), e->d_name, &st, files ? 0 : AT_SYMLINK_NOFOLLOW))
            continue;
        if (files ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode))
            continue;
        out[n++] = xstrdup(name);
    }
    closedir(d);
    qsort(out, n, sizeof(*out), cmp_names);
    return (int)n;
}

void
serve_list_free(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
}

int
serve_listed(const char *dir, int files, const char *name)
{
    char **names;
    int n, found = 0;

    if (!serve_name_ok(name))
        return 0;
    names = xcalloc(SERVE_MAX_LIST, sizeof(*names));
    n = serve_list(dir, files, names, SERVE_MAX_LIST);
    for (int i = 0; i < n && !found; i++)
        found = strcmp(names[i], name) == 0;
    serve_list_free(names, n);
    free(names);
    return found;
}

void
serve_today(char out[11])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    struct tm tm;

    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);

        if (!*end && v >= 0)
            t = (time_t)v;
    }
    if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "unknown");
}

/* Here beside the replies it frees, so the job runner (serve_jobs.c) and
 * the router need not call each other. */
void
serve_response_release(struct serve_response *rs)
{
    free(rs->body);
    rs->body = NULL;
}
