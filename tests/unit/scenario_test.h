/*
 * Helpers shared by the scenario loader's unit tests (test_scenario.c,
 * test_scenario_errors.c, test_scenario_files.c): write JSON to a file,
 * load it, and compare the first error message exactly.
 */
#ifndef UECSIM_TEST_SCENARIO_H
#define UECSIM_TEST_SCENARIO_H

/* cmocka needs these three headers first, in this order. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "scenario.h"

/*
 * JSON in this file is written with ' for " to stay readable; write_json
 * turns every ' into ".  The three required keys open most documents.
 */
#define BASE                                                                   \
    "{'name': 't', 'start_date': '2023-04-01', 'end_date': '2023-06-30'"

#define assert_near(a, b) assert_near_at((a), (b), __FILE__, __LINE__)

static inline void
assert_near_at(double a, double b, const char *file, int line)
{
    if (fabs(a - b) <= 1e-12 * (1.0 + fabs(b)))
        return;
    print_error("%.17g != %.17g\n", a, b);
    _fail(file, line);
}

/* Write text (with ' for ") to a new temporary file named in path. */
static inline void
write_json(const char *text, char *path, size_t n)
{
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    int fd;

    assert_non_null(buf);
    for (size_t i = 0; i <= len; i++)
        buf[i] = text[i] == '\'' ? '"' : text[i];
    snprintf(path, n, "/tmp/uecsim_test_scn_XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    free(buf);
}

/* Load text; the file is removed again.  Returns scn_load's code. */
static inline int
load(const char *text, struct scenario *s, struct scn_errors *err, char *path,
     size_t n)
{
    int rc;

    write_json(text, path, n);
    rc = scn_load(path, s, err);
    unlink(path);
    return rc;
}

/* Expect failure, the first message "PATH: want" exactly, total errors. */
static inline void
expect_error(size_t id, const char *text, const char *want, size_t total)
{
    struct scenario s;
    struct scn_errors err;
    char path[64], full[600];
    int rc = load(text, &s, &err, path, sizeof(path));

    snprintf(full, sizeof(full), "%s: %s", path, want);
    if (rc != 2 || err.n < 1 || strcmp(err.msg[0], full) != 0 ||
        err.total != total) {
        print_error("case %zu: %s\n", id, text);
        for (size_t i = 0; i < err.n; i++)
            print_error("  got: %s\n", err.msg[i]);
    }
    assert_int_equal(rc, 2);
    assert_true(err.n >= 1);
    assert_string_equal(err.msg[0], full);
    assert_int_equal(err.total, total);
    /* A failed load leaves nothing to free. */
    assert_null(s.name);
    assert_null(s.path);
    assert_null(s.top.ga.capacity.step);
    assert_null(s.sites);
}

static inline int32_t
day(const char *iso)
{
    int32_t d = 0;

    assert_int_equal(cal_parse(iso, &d), 0);
    return d;
}

/* Make a fresh temporary folder; its path goes in dir. */
static inline void
dir_make(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/uecsim_test_ext_XXXXXX");
    assert_non_null(mkdtemp(dir));
}

/* Write text (with ' for ") to dir/name; the full path goes in path. */
static inline void
put(const char *dir, const char *name, const char *text, char *path, size_t n)
{
    size_t len = strlen(text);
    FILE *f;

    snprintf(path, n, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < len; i++)
        assert_int_not_equal(fputc(text[i] == '\'' ? '"' : text[i], f), EOF);
    assert_int_equal(fclose(f), 0);
}

/* Remove dir, its files and the files of its sub-folders. */
static inline void
dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    assert_non_null(d);
    for (e = readdir(d); e; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        assert_true(snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
                    (int)sizeof(path));
        if (unlink(path) != 0)
            dir_remove(path);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
}

/* Print every message, to explain an unexpected failure. */
static inline void
show(const struct scn_errors *err)
{
    for (size_t i = 0; i < err->n; i++)
        print_error("  got: %s\n", err->msg[i]);
}

/* Expect rc 2, total errors and the first message exactly. */
static inline void
expect_msg(int rc, const struct scn_errors *err, size_t total, const char *want)
{
    if (rc != 2 || err->n < 1 || strcmp(err->msg[0], want) != 0 ||
        err->total != total) {
        print_error("want: %s\n", want);
        show(err);
    }
    assert_int_equal(rc, 2);
    assert_int_equal(err->total, total);
    assert_string_equal(err->msg[0], want);
}

/* Load text (' for ") with --set strings; the file is removed again. */
static inline int
load_with(const char *text, const char *const *sets, size_t n,
          struct scenario *s, struct scn_errors *err, char *path, size_t len)
{
    int rc;

    write_json(text, path, len);
    rc = scn_load_with(path, sets, n, s, err);
    unlink(path);
    return rc;
}

/* A document that must fail with this first message. */
struct bad_case {
    const char *json;
    const char *msg; /* the first message, after "FILE: " */
    size_t total;    /* errors found in all */
};

#endif
