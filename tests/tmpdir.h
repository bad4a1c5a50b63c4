/*
 * tmpdir: a fresh folder for each test of a group (cmocka setup and
 * teardown), for the unit tests that write files.  Header-only, like
 * tests/fixture.h.
 */
#ifndef UECSIM_TESTS_TMPDIR_H
#define UECSIM_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* $TMPDIR (or /tmp)/uecsim-test-TAG.XXXXXX, made; *state holds its path. */
static inline int
tmpdir_setup(void **state, const char *tag)
{
    const char *t = getenv("TMPDIR");
    char *dir = xmalloc(4096);

    snprintf(dir, 4096, "%s/uecsim-test-%s.XXXXXX", t && *t ? t : "/tmp", tag);
    if (!mkdtemp(dir)) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

/* Remove the folder and everything the test left in it. */
static inline int
tmpdir_teardown(void **state)
{
    char cmd[4200];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
    free(*state);
    return system(cmd) == 0 ? 0 : -1;
}

/* The folder's NAME, owned by the caller. */
static inline char *
tmpdir_at(void **state, const char *name)
{
    size_t n = strlen(*state) + strlen(name) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", (char *)*state, name);
    return p;
}

#endif
