/*
 * The scenario endpoints of `uecsim serve` (issue 16), over a real socket
 * (the server of serve_test.h): /api/scenarios, /api/scenario, /api/check
 * and /api/save; traversal attempts in paths and names (../, absolute,
 * percent-encoded); bad JSON, and oversized bodies and headers.
 */
#define _DEFAULT_SOURCE /* mkdtemp, in serve_test.h */

#include "serve_test.h"

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_scenario_traversal),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_oversized),
        cmocka_unit_test(test_save),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
