/*
 * serve_test: what the unit tests of `uecsim serve` share
 * (test_serve_http.c, test_serve_scenarios.c, test_serve_runs.c): a
 * server on 127.0.0.1 and any free port, with a known token, over a
 * scenarios folder of test scenarios and an empty results folder, both
 * made for the test group (setup, teardown), and requests to it.
 *
 * Header-only, every function static inline, like tests/fixture.h.  A
 * test defines _DEFAULT_SOURCE (mkdtemp) and includes this first.
 */
#ifndef UECSIM_TESTS_SERVE_TEST_H
#define UECSIM_TESTS_SERVE_TEST_H

#include <dirent.h>
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

static inline void
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

static inline int
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

static inline int
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
static inline int
req(const struct fixture *f, const char *method, const char *path,
    const char *body, struct http_reply *r)
{
    assert_int_equal(http_request(f->port, method, path, TOKEN, NULL, body, r),
                     0);
    return r->status;
}

/* The status of METHOD path with the token, the answer thrown away. */
static inline int
status_of(const struct fixture *f, const char *method, const char *path,
          const char *body)
{
    struct http_reply r;
    int st = req(f, method, path, body, &r);

    http_reply_free(&r);
    return st;
}

/* Raw bytes sent as they are: the answer's status (0: none). */
static inline int
raw_status(const struct fixture *f, const char *raw, struct http_reply *r)
{
    if (http_raw(f->port, raw, strlen(raw), r) != 0)
        return 0;
    return r->status;
}

static inline size_t
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

#endif
