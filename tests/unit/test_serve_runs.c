/*
 * The run endpoints of `uecsim serve` (issue 16), over a real socket (the
 * server of serve_test.h): /api/runs and /api/results: a run and its
 * results, a comparison, a cancelled run (which leaves nothing) and a
 * full queue.
 */
#define _DEFAULT_SOURCE /* mkdtemp, in serve_test.h */

#include "serve_test.h"

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_and_results),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_cancel_and_queue),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
