/*
 * Unit tests for shard: the set `uecsim merge` opens must be one whole
 * run written by this uecsim: every share once, none corrupt, none of
 * another version (a version cannot be changed through the CLI, so it is
 * forged here: the bytes rewritten and the checksum made good again).
 * The merged results themselves are checked byte for byte through the
 * CLI in tests/e2e/scale.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../tmpdir.h"
#include "shard.h"
#include "util.h"

/* A fresh folder for one test; *state holds its path. */
static int
setup(void **state)
{
    return tmpdir_setup(state, "shard");
}

static int
teardown(void **state)
{
    return tmpdir_teardown(state);
}

/* Share k of n of a 4-point sweep (no points written: the set's checks
 * come before any is read) into state/NAME; returns the folder. */
static char *
share(void **state, const char *name, uint32_t k, uint32_t n)
{
    static char w0[] = "uecsim", w1[] = "sweep", w2[] = "x.json", nm[] = "x";
    static char *argv[] = {w0, w1, w2};
    struct shard_head h;
    struct shard_writer *w;
    char err[512], *dir = tmpdir_at(state, name);

    memset(&h, 0, sizeof(h));
    h.format = SHARD_FORMAT;
    h.kind = SHARD_SWEEP;
    h.k = k;
    h.n = n;
    h.seed = 7;
    h.total = 4;
    shard_range(k, n, h.total, &h.first, &h.count);
    h.n_scn = 1;
    h.name[0] = nm;
    h.path[0] = w2;
    h.hash[0] = 0x1234;
    h.argc = 3;
    h.argv = argv;
    assert_int_equal(mkdir(dir, 0777), 0);
    w = shard_create(dir, &h, err, sizeof(err));
    assert_non_null(w);
    assert_int_equal(shard_finish(w, err, sizeof(err)), 0);
    return dir;
}

/* The whole of dir/shard.bin, and its length. */
static unsigned char *
slurp(const char *dir, size_t *len, char **path)
{
    FILE *f;
    unsigned char *b;
    long n;

    *path = xmalloc(strlen(dir) + sizeof(SHARD_FILE) + 2);
    sprintf(*path, "%s/%s", dir, SHARD_FILE);
    f = fopen(*path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 8);
    rewind(f);
    b = xmalloc((size_t)n);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void
spit(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Rewrite the version in dir/shard.bin as another of the same length,
 * and the checksum (FNV-1a 64 of every byte before it) to match. */
static void
forge_version(const char *dir)
{
    const size_t at_version = 8 + 4 + 4 + 4; /* magic, format, order, len */
    size_t len, vlen = strlen(UECSIM_VERSION);
    char *path;
    unsigned char *b = slurp(dir, &len, &path);
    uint64_t h = 14695981039346656037ULL;

    assert_memory_equal(b + at_version, UECSIM_VERSION, vlen);
    b[at_version] = b[at_version] == '9' ? '8' : '9';
    for (size_t i = 0; i + 8 < len; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    memcpy(b + len - 8, &h, 8);
    spit(path, b, len);
    free(b);
    free(path);
}

/* Open dirs as a set: NULL expected, with want in the message. */
static void
refused(const char *const *dirs, size_t n, const char *want)
{
    char err[1024] = "";
    struct shard_set *s = shard_set_open(dirs, n, err, sizeof(err));

    if (s)
        shard_set_free(s);
    assert_null(s);
    if (!strstr(err, want))
        fail_msg("'%s' does not say '%s'", err, want);
}

static void
test_whole_set(void **state)
{
    char *a = share(state, "a", 1, 3), *b = share(state, "b", 2, 3),
         *c = share(state, "c", 3, 3), err[1024] = "";
    const char *dirs[] = {c, a, b};
    struct shard_set *s = shard_set_open(dirs, 3, err, sizeof(err));

    assert_non_null(s);
    assert_int_equal(shard_set_head(s)->k, 1);
    assert_int_equal(shard_set_head(s)->n, 3);
    assert_int_equal(shard_set_head(s)->seed, 7);
    assert_string_equal(shard_set_head(s)->version, UECSIM_VERSION);
    assert_int_equal(shard_set_unread(s, err, sizeof(err)), 0);
    shard_set_free(s);
    free(a);
    free(b);
    free(c);
}

static void
test_missing_or_twice(void **state)
{
    char *a = share(state, "a", 1, 3), *b = share(state, "b", 2, 3),
         *c = share(state, "c", 3, 3);
    const char *two[] = {a, c};
    const char *twice[] = {a, b, b, c};

    refused(two, 2, "share 2 of 3 missing");
    refused(twice, 4, "share 2 of 3 given twice");
    free(a);
    free(b);
    free(c);
}

static void
test_other_split(void **state)
{
    char *a = share(state, "a", 1, 3), *b = share(state, "b", 2, 2);
    const char *dirs[] = {a, b};

    refused(dirs, 2, "not shares of one run: shares of 3 and of 2");
    free(a);
    free(b);
}

static void
test_corrupt(void **state)
{
    char *a = share(state, "a", 1, 2), *b = share(state, "b", 2, 2), *path;
    const char *dirs[] = {a, b};
    size_t len;
    unsigned char *buf = slurp(b, &len, &path);

    buf[len / 2] ^= 1;
    spit(path, buf, len);
    refused(dirs, 2, "truncated or corrupt");
    spit(path, buf, len - 1);
    refused(dirs, 2, "truncated or corrupt");
    free(buf);
    free(path);
    free(a);
    free(b);
}

static void
test_other_version(void **state)
{
    char *a = share(state, "a", 1, 2), *b = share(state, "b", 2, 2);
    const char *dirs[] = {a, b};
    char other[64];

    /* One share of another version: not one run. */
    forge_version(b);
    refused(dirs, 2,
            "are not shares of one run: uecsim " UECSIM_VERSION " and ");
    /* Both: one run, but not this uecsim's. */
    forge_version(a);
    snprintf(other, sizeof(other), "written by uecsim %c%s, this is uecsim %s",
             UECSIM_VERSION[0] == '9' ? '8' : '9', UECSIM_VERSION + 1,
             UECSIM_VERSION);
    refused(dirs, 2, other);
    free(a);
    free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_whole_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_or_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_version, setup, teardown),
    };

    return cmocka_run_group_tests_name("shard", tests, NULL, NULL);
}
