/*
 * plot_test: what the unit tests of the charts share (test_plot_run.c,
 * test_plot_sweep.c): reading back and removing the files a test wrote.
 *
 * Header-only, every function static inline, like tests/fixture.h.
 */
#ifndef UECSIM_TESTS_PLOT_TEST_H
#define UECSIM_TESTS_PLOT_TEST_H

/* cmocka needs these three headers first, in this order. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static inline void
rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* The whole of dir/name, NUL-terminated; *len gets its size. */
static inline char *
slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    char *buf;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    buf = util_read_file(path, len);
    assert_non_null(buf);
    return buf;
}

static inline int
exists(const char *dir, const char *name, const char *ext)
{
    char path[512];
    struct stat st;

    snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
    return stat(path, &st) == 0;
}

static inline int
has(const char *dir, const char *file, const char *needle)
{
    size_t len;
    char *text = slurp(dir, file, &len);
    int found = strstr(text, needle) != NULL;

    free(text);
    return found;
}

#endif
