/*
 * serve_route: every request's way in.  The Host header (on a loopback
 * address, against DNS rebinding), the access token (constant-time),
 * the Origin of a change (against cross-site requests), then the table
 * of routes.
 *
 * The token may come as the cookie the printed URL sets (HttpOnly,
 * SameSite=Strict: a page of another site cannot send it), as an
 * "Authorization: Bearer" header (scripts), or as ?token= (the printed
 * URL itself, which then sets the cookie and redirects to the page
 * without it, so the token does not stay in the address bar).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve_int.h"
#include "util.h"

/* The policies: the page runs its own script only; a board report only
 * its inline styles (as its own meta policy says); a chart only its
 * styles; anything else nothing at all. */
static const char csp_page[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src "
    "'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";
static const char csp_inline_style[] =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/* --- the token -------------------------------------------------------------
 */

int
serve_token_ok(const struct serve *s, const char *got)
{
    size_t n = strlen(s->token), m;
    unsigned diff;

    if (!got)
        return 0;
    m = strnlen(got, 256);
    diff = (unsigned)(n != m);
    /* Every byte of the token is looked at, whatever got holds. */
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned)(unsigned char)s->token[i] ^
                (unsigned)(unsigned char)(i < m ? got[i] : 0);
    return diff == 0;
}

/* The value of cookie name in a Cookie header, copied into out. */
static int
cookie_value(const char *header, const char *name, char *out, size_t len)
{
    size_t nl = strlen(name);
    const char *p = header;

    while (p && *p) {
        while (*p == ' ' || *p == ';')
            p++;
        if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t v = strcspn(p + nl + 1, ";");

            if (v >= len)
                return 0;
            memcpy(out, p + nl + 1, v);
            out[v] = '\0';
            return 1;
        }
        p = strchr(p, ';');
    }
    return 0;
}

/* Whether the request carries the token, in any of its three ways. */
static int
authorised(const struct serve *s, const struct serve_request *rq)
{
    const char *auth = rq_header(rq, "Authorization");
    const char *cookie = rq_header(rq, "Cookie");
    char v[160];

    if (auth && strncasecmp(auth, "Bearer ", 7) == 0 &&
        serve_token_ok(s, auth + 7))
        return 1;
    if (cookie && cookie_value(cookie, s->cookie, v, sizeof(v)) &&
        serve_token_ok(s, v))
        return 1;
    return serve_token_ok(s, rq_query(rq, "token"));
}

/* Whether host names this server on a loopback address. */
static int
host_ok(const struct serve *s, const char *host)
{
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    char want[64];

    if (!s->loopback)
        return 1;
    if (!host)
        return 0;
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        snprintf(want, sizeof(want), "%s:%d", names[i], s->port);
        if (strcasecmp(host, want) == 0)
            return 1;
    }
    return 0;
}

/* --- the page and its assets -------------------------------------------------
 */

static const char refused_page[] =
    "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\">"
    "<title>uecsim: access token needed</title>"
    "<h1>This page needs its access token</h1>"
    "<p>Open the link that <code>uecsim serve</code> printed when it "
    "started: it holds the token (<code>?token=...</code>). If you have "
    "lost it, stop the server and start it again for a new one.</p>"
    "</html>\n";

static void
asset(const struct serve_asset *a, struct serve_response *rs)
{
    free(rs->body);
    rs->body = NULL;
    rs->status = 200;
    rs->type = a->type;
    rs->data = a->data;
    rs->len = a->len;
    rs->csp = strcmp(a->path, "/") == 0 ? csp_page : NULL;
}

/* --- the routes
 * ----------------------------------------------------------------- */

typedef void (*route_fn)(struct serve *s, const struct serve_request *rq,
                         const char *rest, struct serve_response *rs);

static void
r_scenarios(struct serve *s, const struct serve_request *rq, const char *rest,
            struct serve_response *rs)
{
    (void)rq;
    (void)rest;
    api_scenarios(s, rs);
}

static void
r_scenario(struct serve *s, const struct serve_request *rq, const char *rest,
           struct serve_response *rs)
{
    (void)rest;
    api_scenario(s, rq, rs);
}

static void
r_check(struct serve *s, const struct serve_request *rq, const char *rest,
        struct serve_response *rs)
{
    (void)rest;
    api_check(s, rq, rs);
}

static void
r_save(struct serve *s, const struct serve_request *rq, const char *rest,
       struct serve_response *rs)
{
    (void)rest;
    api_save(s, rq, rs);
}

static void
r_runs(struct serve *s, const struct serve_request *rq, const char *rest,
       struct serve_response *rs)
{
    (void)rq;
    (void)rest;
    api_runs_list(s, rs);
}

static void
r_runs_post(struct serve *s, const struct serve_request *rq, const char *rest,
            struct serve_response *rs)
{
    (void)rest;
    api_runs_post(s, rq, rs);
}

static void
r_run(struct serve *s, const struct serve_request *rq, const char *rest,
      struct serve_response *rs)
{
    (void)rq;
    api_run_get(s, rest, rs);
}

/* POST /api/runs/ID/cancel */
static void
r_run_cancel(struct serve *s, const struct serve_request *rq, const char *rest,
             struct serve_response *rs)
{
    char id[24];
    size_t n = strcspn(rest, "/");

    (void)rq;
    if (n >= sizeof(id) || strcmp(rest + n, "/cancel") != 0) {
        reply_error(rs, 404, "expected /api/runs/ID/cancel");
        return;
    }
    memcpy(id, rest, n);
    id[n] = '\0';
    api_run_cancel(s, id, rs);
}

static void
r_results(struct serve *s, const struct serve_request *rq, const char *rest,
          struct serve_response *rs)
{
    (void)rq;
    (void)rest;
    api_results(s, rs);
}

/* GET /api/results/NAME[/report.html | /results.tar | /plots/FILE] */
static void
r_result(struct serve *s, const struct serve_request *rq, const char *rest,
         struct serve_response *rs)
{
    char name[SERVE_NAME_MAX + 1];
    size_t n = strcspn(rest, "/");

    if (n == 0 || n > SERVE_NAME_MAX) {
        reply_error(rs, 404, "expected /api/results/NAME");
        return;
    }
    memcpy(name, rest, n);
    name[n] = '\0';
    api_result(s, name, rest[n] ? rest + n + 1 : "", rq, rs);
    if (rs->status == 200 && strcmp(rs->type, "image/svg+xml") == 0)
        rs->csp = csp_inline_style;
    else if (rs->status == 200 && strncmp(rs->type, "text/html", 9) == 0)
        rs->csp = csp_inline_style;
}

static void
r_info(struct serve *s, const struct serve_request *rq, const char *rest,
       struct serve_response *rs)
{
    cJSON *o = cJSON_CreateObject();

    (void)rq;
    (void)rest;
    cJSON_AddStringToObject(o, "version", UECSIM_VERSION);
    cJSON_AddStringToObject(o, "scenarios", s->scn_dir);
    cJSON_AddStringToObject(o, "results", s->res_dir);
    cJSON_AddNumberToObject(o, "queue", SERVE_QUEUE_MAX);
    reply_json(rs, 200, o);
}

/* A route: method and path, or a path prefix ending in '/' whose rest
 * goes to the handler. */
static const struct route {
    const char *method;
    const char *path;
    route_fn fn;
} routes[] = {
    {"GET", "/api/info", r_info},
    {"GET", "/api/scenarios", r_scenarios},
    {"GET", "/api/scenario", r_scenario},
    {"POST", "/api/check", r_check},
    {"POST", "/api/save", r_save},
    {"GET", "/api/runs", r_runs},
    {"POST", "/api/runs", r_runs_post},
    {"GET", "/api/runs/", r_run},
    {"POST", "/api/runs/", r_run_cancel},
    {"GET", "/api/results", r_results},
    {"GET", "/api/results/", r_result},
};

/* Whether path matches route r, and the rest after a prefix. */
static int
matches(const struct route *r, const char *path, const char **rest)
{
    size_t n = strlen(r->path);

    if (r->path[n - 1] == '/') {
        if (strncmp(path, r->path, n) != 0 || !path[n])
            return 0;
        *rest = path + n;
        return 1;
    }
    *rest = "";
    return strcmp(path, r->path) == 0;
}

static void
route(struct serve *s, const struct serve_request *rq,
      struct serve_response *rs)
{
    size_t na;
    const struct serve_asset *as = serve_assets(&na);
    int path_known = 0;
    const char *rest;

    for (size_t i = 0; i < na; i++) {
        if (strcmp(rq->path, as[i].path) != 0)
            continue;
        if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
            asset(&as[i], rs);
        else
            reply_error(rs, 405, "%s takes GET only", rq->path);
        return;
    }
    for (size_t i = 0; i < ARRAY_LEN(routes); i++) {
        if (!matches(&routes[i], rq->path, &rest))
            continue;
        path_known = 1;
        if (strcmp(rq->method, routes[i].method) == 0) {
            routes[i].fn(s, rq, rest, rs);
            return;
        }
    }
    if (path_known)
        reply_error(rs, 405, "%s does not take %.*s", rq->path, 10, rq->method);
    else
        reply_error(rs, 404, "nothing at %.*s", 200, rq->path);
}

void
serve_handle(struct serve *s, const struct serve_request *rq,
             struct serve_response *rs)
{
    const char *origin = rq_header(rq, "Origin");
    const char *host = rq_header(rq, "Host");

    memset(rs, 0, sizeof(*rs));
    if (!rq->method || !rq->path || rq->path[0] != '/') {
        reply_error(rs, 400, "a bad request line");
        return;
    }
    if (!host_ok(s, host)) {
        reply_error(rs, 403,
                    "this server answers only as 127.0.0.1:%d or "
                    "localhost:%d",
                    s->port, s->port);
        return;
    }
    if (!authorised(s, rq)) {
        if (strcmp(rq->path, "/") == 0) {
            rs->status = 401;
            rs->type = "text/html; charset=utf-8";
            rs->data = (const unsigned char *)refused_page;
            rs->len = sizeof(refused_page) - 1;
        } else {
            reply_error(rs, 401,
                        "the access token is missing or wrong: open "
                        "the link uecsim serve printed");
        }
        return;
    }
    /* A change must come from this server's own page. */
    if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0 &&
        origin) {
        char want[128];

        snprintf(want, sizeof(want), "http://%s", host ? host : "");
        if (strcmp(origin, want) != 0) {
            reply_error(rs, 403, "a request from another site is refused");
            return;
        }
    }
    /* The printed URL: keep the token in a cookie, drop it from the bar. */
    if (strcmp(rq->path, "/") == 0 && rq_query(rq, "token")) {
        rs->status = 303;
        rs->type = "text/plain; charset=utf-8";
        snprintf(rs->location, sizeof(rs->location), "/");
        snprintf(rs->cookie, sizeof(rs->cookie),
                 "%s=%s; HttpOnly; SameSite=Strict; Path=/", s->cookie,
                 s->token);
        return;
    }
    route(s, rq, rs);
}
