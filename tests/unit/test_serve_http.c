/*
 * The HTTP side of `uecsim serve` (issue 16), over a real socket (the
 * server of serve_test.h): the URL and its token; the token refused when
 * missing or wrong, on every endpoint, and accepted by cookie or query;
 * the Host and Origin checks; the page, its assets and /api/info;
 * concurrent requests; and the handler's checks without a socket.
 */
#define _DEFAULT_SOURCE /* mkdtemp, in serve_test.h */

#include <pthread.h>

#include "serve_test.h"

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
        cmocka_unit_test(test_concurrent),
        cmocka_unit_test(test_handle_direct),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
