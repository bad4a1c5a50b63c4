/*
 * The handlers of `uecsim serve` (issue 16), over a real socket: a
 * server on 127.0.0.1 and any free port, with a known token, over a
 * scenarios folder of test scenarios and an empty results folder, both
 * made for the test.  Every endpoint; the token refused when missing or
 * wrong; the Host and Origin checks; bad JSON and oversized bodies and
 * headers; traversal attempts in paths and names (../, absolute,
 * percent-encoded); a run, a comparison, a cancelled run (which leaves
 * nothing) and a full queue; concurrent requests.
 */
#define _DEFAULT_SOURCE /* mkdtemp */

#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "client.h"
#include "serve.h"

#define TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct fixture {
    char dir[64], scn[96], res[96];
    struct serve *s;
    int port;
};

static void
copy_file(const char *from, const char *dir, const char *name)
{
    char path[256], buf[4096];
    FILE *in = fopen(from, "rb"), *out;
    size_t k;

    assert_non_null(in);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    out = fopen(path, "wb");
    assert_non_null(out);
    while ((k = fread(buf, 1, sizeof(buf), in)) > 0)
        assert_int_equal(fwrite(buf, 1, k, out), k);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static int
setup(void **state)
{
    static const char *const files[] = {"small.json", "small-sites.json",
                                        "serve-plan.json",
                                        "serve-no-action.json"};
    struct fixture *f = calloc(1, sizeof(*f));
    struct serve_opts o = {0};
    char err[512] = "", path[160];

    if (!f)
        return -1;
    *state = f;
    snprintf(f->dir, sizeof(f->dir), "/tmp/uecsim-serve-test.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->scn, sizeof(f->scn), "%s/scenarios", f->dir);
    snprintf(f->res, sizeof(f->res), "%s/results", f->dir);
    mkdir(f->scn, 0777);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "tests/e2e/%s", files[i]);
        copy_file(path, f->scn, files[i]);
    }
    /* A file outside both folders that no request may reach. */
    copy_file("tests/e2e/small.json", f->dir, "secret.json");
    o.scenarios_dir = f->scn;
    o.results_dir = f->res; /* made by serve_new */
    o.port = 0;
    o.port_tries = 1;
    o.threads = 1;
    o.token = TOKEN;
    if (serve_new(&o, &f->s, err, sizeof(err)) ||
        serve_listen(f->s, err, sizeof(err))) {
        fprintf(stderr, "serve: %s\n", err);
        return -1;
    }
    f->port = serve_port(f->s);
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    int rc;

    serve_free(f->s);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    rc = system(cmd) == 0 ? 0 : -1;
    free(f);
    return rc;
}

/* METHOD path with the token, answer in *r: its status. */
static int
req(const struct fixture *f, const char *method, const char *path,
    const char *body, struct http_reply *r)
{
    assert_int_equal(http_request(f->port, method, path, TOKEN, NULL, body, r),
                     0);
    return r->status;
}

/* The status of METHOD path with the token, the answer thrown away. */
static int
status_of(const struct fixture *f, const char *method, const char *path,
          const char *body)
{
    struct http_reply r;
    int st = req(f, method, path, body, &r);

    http_reply_free(&r);
    return st;
}

/* Raw bytes sent as they are: the answer's status (0: none). */
static int
raw_status(const struct fixture *f, const char *raw, struct http_reply *r)
{
    if (http_raw(f->port, raw, strlen(raw), r) != 0)
        return 0;
    return r->status;
}

static size_t
count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* --- the way in ------------------------------------------------------------
 */

static void
test_url_and_token(void **state)
{
    char want[128];

    const struct fixture *f = *state;
    snprintf(want, sizeof(want), "http://127.0.0.1:%d/?token=" TOKEN, f->port);
    assert_string_equal(serve_url(f->s), want);
    assert_true(f->port > 0);
}

static void
test_token_refused(void **state)
{
    struct http_reply r;
    char path[160];

    const struct fixture *f = *state;
    /* None at all: the API and the page are refused. */
    assert_int_equal(
        http_request(f->port, "GET", "/api/scenarios", NULL, NULL, NULL, &r),
        0);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "token"));
    assert_null(strstr(r.body, "serve-plan"));
    http_reply_free(&r);
    assert_int_equal(http_request(f->port, "GET", "/", NULL, NULL, NULL, &r),
                     0);
    assert_int_equal(r.status, 401);
    assert_null(strstr(r.body, "app.js"));
    http_reply_free(&r);
    assert_int_equal(
        http_request(f->port, "GET", "/app.js", NULL, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 401);
    http_reply_free(&r);
    /* Wrong in its last character, one shorter, one longer, empty. */
    {
        static const char *const wrong[] = {
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            TOKEN "0", ""};

        for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
            assert_int_equal(http_request(f->port, "GET", "/api/scenarios",
                                          wrong[i], NULL, NULL, &r),
                             0);
            assert_int_equal(r.status, 401);
            http_reply_free(&r);
            snprintf(path, sizeof(path), "/api/scenarios?token=%s", wrong[i]);
            assert_int_equal(
                http_request(f->port, "GET", path, NULL, NULL, NULL, &r), 0);
            assert_int_equal(r.status, 401);
            http_reply_free(&r);
        }
    }
    /* Every endpoint, each way of asking. */
    {
        static const char *const every[][2] = {
            {"GET", "/"},
            {"GET", "/style.css"},
            {"GET", "/favicon.svg"},
            {"GET", "/api/info"},
            {"GET", "/api/scenario?name=serve-plan"},
            {"POST", "/api/check"},
            {"POST", "/api/save"},
            {"GET", "/api/runs"},
            {"POST", "/api/runs"},
            {"GET", "/api/runs/1"},
            {"POST", "/api/runs/1/cancel"},
            {"GET", "/api/results"},
            {"GET", "/api/results/x"},
            {"GET", "/api/results/x/report.html"},
            {"GET", "/api/results/x/results.tar"},
            {"GET", "/api/results/x/plots/a.svg"},
            {"GET", "/nothing"},
        };

        for (size_t i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
            const char *body =
                strcmp(every[i][0], "POST") == 0
                    ? "{\"scenario\": \"serve-plan\", \"edits\": {}, "
                      "\"name\": \"no-token\", \"title\": \"x\"}"
                    : NULL;

            assert_int_equal(http_request(f->port, every[i][0], every[i][1],
                                          NULL, NULL, body, &r),
                             0);
            assert_int_equal(r.status, 401);
            http_reply_free(&r);
        }
        assert_int_equal(count_entries(f->res), 0);
        snprintf(path, sizeof(path), "%s/no-token.json", f->scn);
        assert_int_not_equal(access(path, F_OK), 0);
    }
    /* A cookie of another name (another server's port) is not it. */
    assert_int_equal(http_request(f->port, "GET", "/api/scenarios", NULL,
                                  "Cookie: uecsim_token_1=" TOKEN "\r\n", NULL,
                                  &r),
                     0);
    assert_int_equal(r.status, 401);
    http_reply_free(&r);
}

static void
test_token_accepted(void **state)
{
    struct http_reply r;
    char cookie[256], hdr[300];

    const struct fixture *f = *state;
    /* The printed URL: the cookie, and back to the page without it. */
    assert_int_equal(
        http_request(f->port, "GET", "/?token=" TOKEN, NULL, NULL, NULL, &r),
        0);
    assert_int_equal(r.status, 303);
    assert_true(http_header(&r, "Location", cookie, sizeof(cookie)));
    assert_string_equal(cookie, "/");
    assert_true(http_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Strict"));
    http_reply_free(&r);
    *strchr(cookie, ';') = '\0';
    snprintf(hdr, sizeof(hdr), "Cookie: other=1; %s\r\n", cookie);
    assert_int_equal(
        http_request(f->port, "GET", "/api/info", NULL, hdr, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    /* ?token= on an API call, for a script. */
    assert_int_equal(http_request(f->port, "GET", "/api/info?token=" TOKEN,
                                  NULL, NULL, NULL, &r),
                     0);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

static void
test_host_and_origin(void **state)
{
    struct http_reply r;
    char raw[512];

    const struct fixture *f = *state;
    /* Another name for this address (DNS rebinding) is refused. */
    snprintf(raw, sizeof(raw),
             "GET /api/info HTTP/1.1\r\nHost: evil.example:%d\r\n"
             "Authorization: Bearer " TOKEN "\r\nConnection: close\r\n\r\n",
             f->port);
    assert_int_equal(raw_status(f, raw, &r), 403);
    http_reply_free(&r);
    snprintf(raw, sizeof(raw),
             "GET /api/info HTTP/1.1\r\nHost: localhost:%d\r\n"
             "Authorization: Bearer " TOKEN "\r\nConnection: close\r\n\r\n",
             f->port);
    assert_int_equal(raw_status(f, raw, &r), 200);
    http_reply_free(&r);
    /* A change from another site's page is refused; from its own, not. */
    assert_int_equal(
        http_request(f->port, "POST", "/api/check", TOKEN,
                     "Origin: http://evil.example\r\n",
                     "{\"scenario\": \"serve-plan\", \"edits\": {}}", &r),
        0);
    assert_int_equal(r.status, 403);
    http_reply_free(&r);
    snprintf(raw, sizeof(raw), "Origin: http://127.0.0.1:%d\r\n", f->port);
    assert_int_equal(
        http_request(f->port, "POST", "/api/check", TOKEN, raw,
                     "{\"scenario\": \"serve-plan\", \"edits\": {}}", &r),
        0);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

/* --- the page
 * ------------------------------------------------------------------ */

static void
test_page_and_assets(void **state)
{
    static const char *const assets[][2] = {{"/", "text/html"},
                                            {"/app.js", "text/javascript"},
                                            {"/style.css", "text/css"},
                                            {"/favicon.svg", "image/svg+xml"}};
    struct http_reply r;
    char v[512];

    const struct fixture *f = *state;
    for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++) {
        assert_int_equal(req(f, "GET", assets[i][0], NULL, &r), 200);
        assert_true(http_header(&r, "Content-Type", v, sizeof(v)));
        assert_non_null(strstr(v, assets[i][1]));
        assert_true(r.body_len > 100);
        assert_true(http_header(&r, "X-Content-Type-Options", v, sizeof(v)));
        http_reply_free(&r);
    }
    /* The page's policy: its own script only, nothing from elsewhere. */
    assert_int_equal(req(f, "GET", "/", NULL, &r), 200);
    assert_true(http_header(&r, "Content-Security-Policy", v, sizeof(v)));
    assert_non_null(strstr(v, "script-src 'self'"));
    assert_null(strstr(v, "http"));
    assert_null(strstr(r.body, "http://"));
    assert_null(strstr(r.body, "https://"));
    http_reply_free(&r);
    assert_int_equal(status_of(f, "POST", "/app.js", "{}"), 405);
    assert_int_equal(status_of(f, "GET", "/nothing", NULL), 404);
    assert_int_equal(status_of(f, "DELETE", "/api/scenarios", NULL), 405);
}

static void
test_info(void **state)
{
    struct http_reply r;

    const struct fixture *f = *state;
    assert_int_equal(req(f, "GET", "/api/info", NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"version\""));
    assert_non_null(strstr(r.body, f->scn));
    http_reply_free(&r);
}

/* --- scenarios
 * --------------------------------------------------------------------- */

static void
test_scenarios(void **state)
{
    struct http_reply r;

    const struct fixture *f = *state;
    assert_int_equal(req(f, "GET", "/api/scenarios", NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"name\":\"serve-plan\""));
    assert_non_null(strstr(r.body, "\"name\":\"small\""));
    assert_null(strstr(r.body, "secret"));
    http_reply_free(&r);
    assert_int_equal(req(f, "GET", "/api/scenario?name=serve-plan", NULL, &r),
                     200);
    /* A lever with its value, unit and the schema table's range and the
     * scenario's own source note. */
    assert_non_null(strstr(r.body, "\"key\":\"sites[A].beds.ga.capacity\""));
    assert_non_null(strstr(r.body, "\"value\":200"));
    assert_non_null(strstr(r.body, "source note on the page"));
    assert_non_null(strstr(r.body, "\"schema\""));
    http_reply_free(&r);
    assert_int_equal(status_of(f, "GET", "/api/scenario", NULL), 404);
    assert_int_equal(status_of(f, "GET", "/api/scenario?name=nothing", NULL),
                     404);
}

/* Names that must never reach a file: each gets a 4xx. */
static const char *const bad_names[] = {
    "../secret",
    "..%2fsecret",
    "%2e%2e%2fsecret",
    "%2e%2e/secret",
    "..",
    ".",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "..%5csecret",
    "serve-plan.json",
    "serve-plan%00",
    "scenarios/serve-plan",
    "-rf",
    ".hidden",
    "serve-plan/../small",
};

static void
test_scenario_traversal(void **state)
{
    struct http_reply r;
    char path[256];

    const struct fixture *f = *state;
    for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
        snprintf(path, sizeof(path), "/api/scenario?name=%s", bad_names[i]);
        req(f, "GET", path, NULL, &r);
        assert_in_range(r.status, 400, 499);
        assert_null(strstr(r.body, "\"levers\""));
        http_reply_free(&r);
        snprintf(path, sizeof(path), "{\"scenario\": \"%s\", \"edits\": {}}",
                 bad_names[i]);
        req(f, "POST", "/api/check", path, &r);
        assert_in_range(r.status, 400, 499);
        http_reply_free(&r);
    }
}

static void
test_check(void **state)
{
    struct http_reply r;

    const struct fixture *f = *state;
    assert_int_equal(
        req(f, "POST", "/api/check",
            "{\"scenario\": \"serve-plan\", \"edits\": "
            "{\"sites[A].beds.ga.capacity\": 260, \"replications\": 3}}",
            &r),
        200);
    http_reply_free(&r);
    /* A wrong value: the loader's message with its key and JSON path. */
    assert_int_equal(req(f, "POST", "/api/check",
                         "{\"scenario\": \"serve-plan\", \"edits\": "
                         "{\"sites[A].beds.ga.capacity\": -5}}",
                         &r),
                     422);
    assert_non_null(strstr(r.body, "\"key\":\"sites[A].beds.ga.capacity\""));
    assert_non_null(strstr(r.body, "\"path\":\"$.sites[0].beds.ga.capacity\""));
    assert_non_null(strstr(r.body, "non-negative"));
    http_reply_free(&r);
    /* A key the schema does not know. */
    assert_int_equal(req(f, "POST", "/api/check",
                         "{\"scenario\": \"serve-plan\", \"edits\": "
                         "{\"sites[A].beds.nothing\": 5}}",
                         &r),
                     422);
    http_reply_free(&r);
    /* A key that is not a key at all. */
    assert_in_range(status_of(f, "POST", "/api/check",
                              "{\"scenario\": \"serve-plan\", \"edits\": "
                              "{\"a=b\": 5}}"),
                    400, 499);
    assert_int_equal(status_of(f, "POST", "/api/check",
                               "{\"scenario\": \"serve-plan\", \"edits\": "
                               "[1, 2]}"),
                     400);
}

static void
test_bad_json(void **state)
{
    static const char *const bodies[] = {
        "{\"scenario\": \"serve-plan\"",           /* cut short */
        "{\"scenario\": \"serve-plan\"} trailing", /* text after */
        "[\"serve-plan\"]",                        /* not an object */
        "\"serve-plan\"",
        "{\"scenario\": \"serve-plan\", \"scenario\": \"small\"}", /* twice */
        "{\"scenario\": 5}",
        "{\"scenario\": null}",
        "",
    };
    struct http_reply r;

    const struct fixture *f = *state;
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        static const char *const paths[] = {"/api/check", "/api/runs",
                                            "/api/save"};

        for (size_t p = 0; p < 3; p++) {
            req(f, "POST", paths[p], bodies[i], &r);
            assert_in_range(r.status, 400, 499);
            assert_non_null(strstr(r.body, "\"error\""));
            http_reply_free(&r);
        }
    }
    /* Not sent as JSON. */
    assert_int_equal(
        http_request(f->port, "POST", "/api/check", TOKEN, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 415);
    http_reply_free(&r);
    {
        char raw[512];
        const char *body = "{\"scenario\": \"serve-plan\", \"edits\": {}}";

        snprintf(raw, sizeof(raw),
                 "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                 "Authorization: Bearer " TOKEN "\r\nConnection: close\r\n"
                 "Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
                 f->port, strlen(body), body);
        assert_int_equal(raw_status(f, raw, &r), 415);
        http_reply_free(&r);
    }
}

static void
test_oversized(void **state)
{
    size_t big = SERVE_MAX_BODY + 1024;
    char *body = malloc(big + 1), *raw;
    struct http_reply r;
    size_t n;

    const struct fixture *f = *state;
    assert_non_null(body);
    /* A body too large, said by its Content-Length and sent. */
    memset(body, ' ', big);
    body[0] = '{';
    body[big - 1] = '}';
    body[big] = '\0';
    assert_int_equal(req(f, "POST", "/api/check", body, &r), 413);
    http_reply_free(&r);
    /* A Content-Length too large, with a little body. */
    raw = malloc(big + 1024);
    assert_non_null(raw);
    snprintf(raw, 1024,
             "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
             "Authorization: Bearer " TOKEN "\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nContent-Length: "
             "99999999999\r\n\r\n{}",
             f->port);
    assert_int_equal(raw_status(f, raw, &r), 413);
    http_reply_free(&r);
    /* Headers too large: refused, whatever the token. */
    n = (size_t)snprintf(raw, 1024,
                         "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                         "Authorization: Bearer " TOKEN
                         "\r\nConnection: close\r\nX-Big: ",
                         f->port);
    memset(raw + n, 'x', 3 * SERVE_MAX_HEADER);
    n += 3 * SERVE_MAX_HEADER;
    memcpy(raw + n, "\r\n\r\n", 5);
    if (raw_status(f, raw, &r) != 0)
        assert_in_range(r.status, 400, 499);
    http_reply_free(&r);
    /* Headers over our limit but under libmicrohttpd's. */
    n = (size_t)snprintf(raw, 1024,
                         "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                         "Authorization: Bearer " TOKEN
                         "\r\nConnection: close\r\n",
                         f->port);
    for (int i = 0; i < 20; i++)
        n += (size_t)snprintf(raw + n, big - n, "X-H%d: %01000d\r\n", i, 0);
    memcpy(raw + n, "\r\n", 3);
    assert_int_equal(raw_status(f, raw, &r), 431);
    http_reply_free(&r);
    /* A scenario's edit too long. */
    memset(body, 'x', 20000);
    memcpy(body, "{\"scenario\": \"serve-plan\", \"edits\": {\"title\": \"",
           48);
    memcpy(body + 20000, "\"}}", 4);
    assert_int_equal(req(f, "POST", "/api/check", body, &r), 400);
    http_reply_free(&r);
    free(raw);
    free(body);
    /* The server still answers. */
    assert_int_equal(status_of(f, "GET", "/api/info", NULL), 200);
}

static void
test_save(void **state)
{
    struct http_reply r;
    char path[256], text[4096];
    FILE *in;
    size_t n;

    const struct fixture *f = *state;
    assert_int_equal(
        req(f, "POST", "/api/save",
            "{\"scenario\": \"serve-plan\", \"name\": \"saved-plan\", "
            "\"title\": \"Saved plan\", \"edits\": "
            "{\"sites[A].beds.ga.capacity\": 240}}",
            &r),
        201);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "%s/saved-plan.json", f->scn);
    in = fopen(path, "r");
    assert_non_null(in);
    n = fread(text, 1, sizeof(text) - 1, in);
    text[n] = '\0';
    fclose(in);
    /* An extends of the original with only the changed key. */
    assert_non_null(strstr(text, "\n  \"extends\": \"serve-plan.json\","));
    assert_null(strchr(text, '\t'));
    assert_non_null(strstr(text, "240"));
    assert_null(strstr(text, "replications"));
    assert_null(strstr(text, "periods"));
    /* It loads, and is offered. */
    assert_int_equal(status_of(f, "GET", "/api/scenario?name=saved-plan", NULL),
                     200);
    /* Not over an existing one. */
    assert_int_equal(
        status_of(f, "POST", "/api/save",
                  "{\"scenario\": \"serve-plan\", \"name\": \"saved-plan\", "
                  "\"title\": \"Again\", \"edits\": {}}"),
        409);
    assert_int_equal(
        status_of(f, "POST", "/api/save",
                  "{\"scenario\": \"serve-plan\", \"name\": \"small\", "
                  "\"title\": \"Again\", \"edits\": {}}"),
        409);
    /* Not with a bad value (nothing written). */
    assert_int_equal(
        status_of(f, "POST", "/api/save",
                  "{\"scenario\": \"serve-plan\", \"name\": \"saved-bad\", "
                  "\"title\": \"Bad\", \"edits\": "
                  "{\"sites[A].beds.ga.capacity\": -1}}"),
        422);
    snprintf(path, sizeof(path), "%s/saved-bad.json", f->scn);
    assert_int_not_equal(access(path, F_OK), 0);
    /* Names that would leave the folder. */
    for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
        char body[512];

        snprintf(body, sizeof(body),
                 "{\"scenario\": \"serve-plan\", \"name\": \"%s\", "
                 "\"title\": \"Bad\", \"edits\": {}}",
                 bad_names[i]);
        req(f, "POST", "/api/save", body, &r);
        assert_in_range(r.status, 400, 499);
        http_reply_free(&r);
    }
    snprintf(path, sizeof(path), "%s/evil.json", f->dir);
    assert_int_not_equal(access(path, F_OK), 0);
    /* The folders hold what they did, and no temporary file. */
    assert_int_equal(count_entries(f->scn), 5);
    assert_int_equal(count_entries(f->dir), 3);
}

/* --- runs
 * ------------------------------------------------------------------------ */

/* Whether text (len bytes, NULs and all) holds what. */
static int
has_bytes(const char *text, size_t len, const char *what)
{
    size_t n = strlen(what);

    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(text + i, what, n) == 0)
            return 1;
    return 0;
}

/* The id in a run's answer. */
static int
run_id(const struct http_reply *r)
{
    const char *p = strstr(r->body, "\"id\":");

    assert_non_null(p);
    return atoi(p + 5);
}

/* Wait (at most 120 s, polling) for run id to finish: its answer. */
static void
wait_run(const struct fixture *f, int id, struct http_reply *r)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/runs/%d", id);
    for (int i = 0; i < 1200; i++) {
        req(f, "GET", path, NULL, r);
        assert_int_equal(r->status, 200);
        if (strstr(r->body, "\"state\":\"done\"") ||
            strstr(r->body, "\"state\":\"failed\"") ||
            strstr(r->body, "\"state\":\"cancelled\""))
            return;
        http_reply_free(r);
        usleep(100000);
    }
    fail_msg("run %d did not finish", id);
}

/* The value of string member name in JSON text, into out. */
static void
json_string(const char *text, const char *name, char *out, size_t len)
{
    char key[64];
    const char *p;
    size_t n;

    snprintf(key, sizeof(key), "\"%s\":\"", name);
    p = strstr(text, key);
    assert_non_null(p);
    p += strlen(key);
    n = strcspn(p, "\"");
    assert_true(n < len);
    memcpy(out, p, n);
    out[n] = '\0';
}

static void
test_run_and_results(void **state)
{
    struct http_reply r;
    char folder[256], path[512], v[256];
    int id;

    const struct fixture *f = *state;
    assert_int_equal(req(f, "POST", "/api/runs",
                         "{\"scenario\": \"serve-plan\", \"edits\": "
                         "{\"replications\": 2}}",
                         &r),
                     202);
    id = run_id(&r);
    http_reply_free(&r);
    wait_run(f, id, &r);
    assert_non_null(strstr(r.body, "\"state\":\"done\""));
    assert_non_null(strstr(r.body, "\"done\":2"));
    assert_non_null(strstr(r.body, "\"result\""));
    json_string(r.body, "folder", folder, sizeof(folder));
    http_reply_free(&r);
    /* The folder: a normal results folder, listed and served. */
    snprintf(path, sizeof(path), "%s/%s/manifest.json", f->res, folder);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(req(f, "GET", "/api/runs", NULL, &r), 200);
    assert_non_null(strstr(r.body, folder));
    http_reply_free(&r);
    assert_int_equal(req(f, "GET", "/api/results", NULL, &r), 200);
    assert_non_null(strstr(r.body, folder));
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/api/results/%s", folder);
    assert_int_equal(req(f, "GET", path, NULL, &r), 200);
    assert_non_null(strstr(r.body, "G&A bed occupancy"));
    http_reply_free(&r);
    /* A chart the listing names, as SVG under the strict policy. */
    {
        char chart[128], url[512];

        assert_int_equal(req(f, "GET", path, NULL, &r), 200);
        json_string(r.body, "file", chart, sizeof(chart));
        http_reply_free(&r);
        assert_non_null(strstr(chart, ".svg"));
        snprintf(url, sizeof(url), "/api/results/%s/plots/%s", folder, chart);
        assert_int_equal(req(f, "GET", url, NULL, &r), 200);
        assert_true(http_header(&r, "Content-Type", v, sizeof(v)));
        assert_string_equal(v, "image/svg+xml");
        assert_true(http_header(&r, "Content-Security-Policy", v, sizeof(v)));
        assert_null(strstr(v, "script"));
        assert_non_null(strstr(r.body, "<svg"));
        http_reply_free(&r);
    }
    snprintf(path, sizeof(path), "/api/results/%s/report.html", folder);
    assert_int_equal(req(f, "GET", path, NULL, &r), 200);
    assert_non_null(strstr(r.body, "<title>uecsim report: "));
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/api/results/%s/report.html?download=1",
             folder);
    assert_int_equal(req(f, "GET", path, NULL, &r), 200);
    assert_true(http_header(&r, "Content-Disposition", v, sizeof(v)));
    assert_non_null(strstr(v, "attachment"));
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/api/results/%s/results.tar", folder);
    assert_int_equal(req(f, "GET", path, NULL, &r), 200);
    assert_true(r.body_len > 4096 && r.body_len % 512 == 0);
    assert_memory_equal(r.body + 257, "ustar", 5);
    assert_true(has_bytes(r.body, r.body_len, "/manifest.json"));
    assert_true(has_bytes(r.body, r.body_len, "/report.html"));
    http_reply_free(&r);
    /* Traversal out of a results folder, in every part of the path. */
    {
        /* '@' stands for the folder's name. */
        static const char *const rests[] = {
            "@/../../secret.json",
            "@/plots/../manifest.json",
            "@/plots/..%2f..%2fsecret.json",
            "@/plots/%2e%2e%2f%2e%2e%2fsecret.json",
            "@/plots//etc/passwd",
            "@/plots/x.json",
            "@/manifest.json",
            "..%2f@",
            "%2e%2e",
            "%2fetc%2fpasswd",
            ".",
        };

        for (size_t i = 0; i < sizeof(rests) / sizeof(rests[0]); i++) {
            char rest[300];
            const char *at = strchr(rests[i], '@');

            if (at)
                snprintf(rest, sizeof(rest), "%.*s%s%s", (int)(at - rests[i]),
                         rests[i], folder, at + 1);
            else
                snprintf(rest, sizeof(rest), "%s", rests[i]);
            snprintf(path, sizeof(path), "/api/results/%s", rest);
            req(f, "GET", path, NULL, &r);
            assert_in_range(r.status, 400, 499);
            assert_null(strstr(r.body, "root:"));
            assert_null(strstr(r.body, "\"extends\""));
            http_reply_free(&r);
        }
    }
    {
        static const char *const raws[] = {
            "GET /../secret.json HTTP/1.1",
            "GET /api/../../secret.json HTTP/1.1",
            "GET /%2e%2e/secret.json HTTP/1.1",
            "GET //etc/passwd HTTP/1.1",
            "GET /api/results/../../etc/passwd HTTP/1.1",
        };

        for (size_t i = 0; i < sizeof(raws) / sizeof(raws[0]); i++) {
            char raw[512];

            snprintf(raw, sizeof(raw),
                     "%s\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer " TOKEN
                     "\r\nConnection: close\r\n\r\n",
                     raws[i], f->port);
            if (raw_status(f, raw, &r) != 0) {
                assert_in_range(r.status, 400, 499);
                assert_null(strstr(r.body, "root:"));
                assert_null(strstr(r.body, "\"extends\""));
            }
            http_reply_free(&r);
        }
    }
}

static void
test_compare(void **state)
{
    struct http_reply r;
    int id;

    const struct fixture *f = *state;
    assert_int_equal(status_of(f, "POST", "/api/runs",
                               "{\"scenario\": \"serve-plan\", \"base\": "
                               "\"../secret\", \"edits\": {}}"),
                     404);
    assert_int_equal(status_of(f, "POST", "/api/runs",
                               "{\"scenario\": \"serve-plan\", \"base\": 5, "
                               "\"edits\": {}}"),
                     404);
    assert_int_equal(req(f, "POST", "/api/runs",
                         "{\"scenario\": \"serve-plan\", \"base\": "
                         "\"serve-no-action\", \"edits\": "
                         "{\"replications\": 2}}",
                         &r),
                     202);
    id = run_id(&r);
    assert_non_null(strstr(r.body, "\"kind\":\"compare\""));
    http_reply_free(&r);
    wait_run(f, id, &r);
    assert_non_null(strstr(r.body, "\"state\":\"done\""));
    assert_non_null(strstr(r.body, "\"done\":4"));
    http_reply_free(&r);
}

static void
test_cancel_and_queue(void **state)
{
    const struct fixture *f = *state;
    struct http_reply r;
    size_t before = count_entries(f->res);
    int ids[16], n = 0, full = 0;
    char path[64];

    /* Long runs until the queue is full. */
    for (int i = 0; i < 16 && !full; i++) {
        int st = req(f, "POST", "/api/runs",
                     "{\"scenario\": \"serve-plan\", \"edits\": "
                     "{\"replications\": 5000}}",
                     &r);

        if (st == 202)
            ids[n++] = run_id(&r);
        else if (st == 429)
            full = 1;
        else
            fail_msg("POST /api/runs: %d %s", st, r.body);
        http_reply_free(&r);
    }
    assert_true(full);
    assert_true(n >= 2);
    assert_int_equal(req(f, "GET", "/api/runs", NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"ahead\":1"));
    http_reply_free(&r);
    /* Cancel them all, newest first (queued, then running). */
    for (int i = n - 1; i >= 0; i--) {
        snprintf(path, sizeof(path), "/api/runs/%d/cancel", ids[i]);
        assert_int_equal(status_of(f, "POST", path, NULL), 200);
    }
    for (int i = 0; i < n; i++) {
        wait_run(f, ids[i], &r);
        assert_non_null(strstr(r.body, "\"state\":\"cancelled\""));
        http_reply_free(&r);
    }
    /* Nothing left behind, not even a temporary folder. */
    assert_int_equal(count_entries(f->res), before);
    {
        DIR *d = opendir(f->res);
        struct dirent *e;

        while ((e = readdir(d)) != NULL)
            assert_false(e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
                         strcmp(e->d_name, "..") != 0);
        closedir(d);
    }
    assert_int_equal(status_of(f, "GET", "/api/runs/999999", NULL), 404);
    assert_int_equal(status_of(f, "GET", "/api/runs/x", NULL), 404);
    assert_int_equal(status_of(f, "POST", "/api/runs/999999/cancel", NULL),
                     404);
    assert_int_equal(status_of(f, "POST", "/api/runs/1/stop", NULL), 404);
}

/* --- concurrent requests
 * ------------------------------------------------------ */

struct client_args {
    const struct fixture *f;
    int ok, bad;
};

static void *
client(void *arg)
{
    struct client_args *a = arg;
    const struct fixture *f = a->f;

    for (int i = 0; i < 25; i++) {
        struct http_reply r;
        const char *path = (i % 3 == 0)   ? "/api/scenario?name=serve-plan"
                           : (i % 3 == 1) ? "/api/scenarios"
                                          : "/app.js";

        if (http_request(f->port, "GET", path, TOKEN, NULL, NULL, &r) == 0 &&
            r.status == 200)
            a->ok++;
        else
            a->bad++;
        http_reply_free(&r);
    }
    return NULL;
}

static void
test_concurrent(void **state)
{
    pthread_t t[8];
    struct client_args a[8];

    const struct fixture *f = *state;
    memset(a, 0, sizeof(a));
    for (int i = 0; i < 8; i++) {
        a[i].f = f;
        assert_int_equal(pthread_create(&t[i], NULL, client, &a[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(a[i].ok, 25);
        assert_int_equal(a[i].bad, 0);
    }
}

/* --- the handler without a socket -------------------------------------------
 */

static void
test_handle_direct(void **state)
{
    struct serve_kv hdr[2];
    struct serve_request rq = {0};
    struct serve_response rs;
    char host[64], auth[128];

    const struct fixture *f = *state;
    snprintf(host, sizeof(host), "127.0.0.1:%d", f->port);
    snprintf(auth, sizeof(auth), "Bearer %s", TOKEN);
    hdr[0].key = "host";
    hdr[0].value = host;
    hdr[1].key = "AUTHORIZATION";
    hdr[1].value = auth;
    rq.header = hdr;
    rq.n_header = 2;
    serve_handle(f->s, &rq, &rs);
    assert_int_equal(rs.status, 400);
    serve_response_release(&rs);
    rq.method = "GET";
    rq.path = "api/info";
    serve_handle(f->s, &rq, &rs);
    assert_int_equal(rs.status, 400);
    serve_response_release(&rs);
    rq.path = "/api/info";
    serve_handle(f->s, &rq, &rs);
    assert_int_equal(rs.status, 200);
    serve_response_release(&rs);
    /* A body with a NUL inside is not JSON. */
    rq.method = "POST";
    rq.path = "/api/check";
    rq.body = "{\"scenario\": \"serve-plan\"}\0{}";
    rq.body_len = 29;
    serve_handle(f->s, &rq, &rs);
    assert_in_range(rs.status, 400, 499);
    serve_response_release(&rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_and_token),
        cmocka_unit_test(test_token_refused),
        cmocka_unit_test(test_token_accepted),
        cmocka_unit_test(test_host_and_origin),
        cmocka_unit_test(test_page_and_assets),
        cmocka_unit_test(test_info),
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_scenario_traversal),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_oversized),
        cmocka_unit_test(test_save),
        cmocka_unit_test(test_run_and_results),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_cancel_and_queue),
        cmocka_unit_test(test_concurrent),
        cmocka_unit_test(test_handle_direct),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
