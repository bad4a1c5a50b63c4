/*
 * Unit tests for util: the FNV-1a hash against its published vectors,
 * edit distance and "did you mean", whole-file reads and string
 * duplication.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static void
test_fnv1a64_vectors(void **state)
{
    (void)state;
    /* Published FNV-1a 64-bit test vectors (Fowler, Noll, Vo). */
    assert_true(util_fnv1a64("", 0) == 0xcbf29ce484222325ULL);
    assert_true(util_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(util_fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
}

static void
test_edit_distance(void **state)
{
    static const struct {
        const char *a, *b;
        size_t d;
    } cases[] = {
        {"", "", 0},
        {"capacity", "capacity", 0},
        {"capcity", "capacity", 1},
        {"capacity", "capacit", 1},
        {"kitten", "sitting", 3},
        {"", "beds", 4},
        {"mean_h", "mean_min", 3},
        /* A swap of neighbours is one edit, not two. */
        {"ga_occupnacy", "ga_occupancy", 1},
        {"ab", "ba", 1},
        {"abc", "ca", 3},
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        assert_int_equal(util_edit_distance(cases[i].a, cases[i].b),
                         cases[i].d);
        assert_int_equal(util_edit_distance(cases[i].b, cases[i].a),
                         cases[i].d);
    }
}

/* The suggestions for typed among cand, as a ","-joined string. */
static void
suggestions(const char *typed, const char *const *cand, size_t n,
            size_t max_out, char *buf, size_t len)
{
    size_t idx[8], got = util_suggest(typed, cand, n, idx, max_out);

    assert_true(got <= max_out);
    buf[0] = '\0';
    for (size_t i = 0; i < got; i++) {
        assert_true(idx[i] < n);
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "",
                 cand[idx[i]]);
    }
}

static void
test_suggest(void **state)
{
    static const char *const top[] = {"name", "ed",           "beds",
                                      "seed", "replications", "virtual_wards"};
    static const char *const kpis[] = {"nctr_awaiting_pathway_mean",
                                       "ga_occupied_mean",
                                       "nctr_mean",
                                       "ga_occupancy",
                                       "vw_occupancy",
                                       "nctr_in_process_mean"};
    static const char *const opts[] = {"--replications", "--seed", "--set",
                                       "--shift", "--threads"};

    static const struct {
        const char *typed;
        const char *const *cand;
        size_t n, max;
        const char *want;
    } cases[] = {
        /* Containing the text beats an equally near edit ('ed'). */
        {"bed", top, ARRAY_LEN(top), 1, "beds"},
        {"bed", top, ARRAY_LEN(top), 3, "beds"},
        /* Only the nearest edits: "ed" is one away, "beds" two. */
        {"edz", top, ARRAY_LEN(top), 3, "ed"},
        {"nme", top, ARRAY_LEN(top), 3, "name"},
        {"xeed", top, ARRAY_LEN(top), 3, "seed"},
        /* The shortest container first, then the next. */
        {"ga_occ", kpis, ARRAY_LEN(kpis), 3, "ga_occupancy,ga_occupied_mean"},
        {"nctr", kpis, ARRAY_LEN(kpis), 3,
         "nctr_mean,nctr_in_process_mean,nctr_awaiting_pathway_mean"},
        {"occupancy", kpis, ARRAY_LEN(kpis), 2, "ga_occupancy,vw_occupancy"},
        /* Case does not matter. */
        {"NCTR_MEAN", kpis, ARRAY_LEN(kpis), 1, "nctr_mean"},
        /* Typos by edits, the nearest first. */
        {"--replicatons", opts, ARRAY_LEN(opts), 2, "--replications"},
        {"--shfit", opts, ARRAY_LEN(opts), 1, "--shift"},
        {"sead", top, ARRAY_LEN(top), 1, "seed"},
        {"ga_ocupancy", kpis, ARRAY_LEN(kpis), 2, "ga_occupancy"},
        {"gw_occupancy", kpis, ARRAY_LEN(kpis), 3, "ga_occupancy,vw_occupancy"},
        /* Nothing close: nothing offered. */
        {"xyzzy", top, ARRAY_LEN(top), 3, ""},
        {"four_hour", kpis, ARRAY_LEN(kpis), 3, ""},
        /* Two letters are too short to contain-match "ed" in "seed". */
        {"zz", top, ARRAY_LEN(top), 3, ""},
        {"", top, ARRAY_LEN(top), 3, ""},
    };

    char got[256];

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        suggestions(cases[i].typed, cases[i].cand, cases[i].n, cases[i].max,
                    got, sizeof(got));
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].typed, got,
                     cases[i].want);
    }
}

static void
test_read_file(void **state)
{
    char path[] = "/tmp/uecsim-util-XXXXXX";
    int fd = mkstemp(path);
    char *buf;
    size_t len = 0;
    /* Bigger than the first read buffer, with a NUL inside. */
    size_t n = 20000;
    char *data = xmalloc(n);

    (void)state;
    assert_true(fd >= 0);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + (i * 7) % 26);
    data[100] = '\0';
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    buf = util_read_file(path, &len);
    assert_non_null(buf);
    assert_int_equal(len, n);
    assert_memory_equal(buf, data, n);
    assert_int_equal(buf[n], '\0');
    free(buf);
    unlink(path);
    assert_null(util_read_file(path, &len));
    free(data);
}

/* An input file: whole when regular and small enough, else the reason. */
static void
test_read_input(void **state)
{
    char dir[] = "/tmp/uecsim-util-XXXXXX", path[64], why[128];
    size_t len = 0, n = 3000;
    char *data = xmalloc(n), *buf;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + (i * 5) % 26);
    snprintf(path, sizeof(path), "%s/f.json", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    buf = util_read_input(path, n, &len, why, sizeof(why));
    assert_non_null(buf);
    assert_int_equal(len, n);
    assert_memory_equal(buf, data, n);
    assert_int_equal(buf[n], '\0');
    free(buf);
    /* One byte over the limit. */
    assert_null(util_read_input(path, n - 1, &len, why, sizeof(why)));
    assert_string_equal(why, "larger than 2999 bytes");
    /* Not regular files: refused without reading (a FIFO would block). */
    assert_null(util_read_input(dir, n, &len, why, sizeof(why)));
    assert_string_equal(why, "not a regular file (a directory)");
    assert_null(util_read_input("/dev/null", n, &len, why, sizeof(why)));
    assert_string_equal(why, "not a regular file (a character device)");
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_null(util_read_input(path, n, &len, why, sizeof(why)));
    assert_string_equal(why, "not a regular file (a FIFO)");
    unlink(path);
    assert_null(util_read_input(path, n, &len, why, sizeof(why)));
    assert_string_equal(why, "No such file or directory");
    assert_int_equal(rmdir(dir), 0);
    free(data);
}

static void
test_xstrdup(void **state)
{
    char *s = xstrdup("G&A beds");

    (void)state;
    assert_string_equal(s, "G&A beds");
    free(s);
}

/* Plain names: letters, digits, '.', '_', '-', 1 to max characters. */
static void
test_plain_name(void **state)
{
    (void)state;
    assert_true(util_plain_name("winter-2023_24.v2", 100));
    assert_true(util_plain_name("a", 1));
    assert_false(util_plain_name("ab", 1));
    assert_false(util_plain_name("", 100));
    assert_false(util_plain_name(NULL, 100));
    assert_false(util_plain_name("../x", 100));
    assert_false(util_plain_name("a b", 100));
    assert_false(util_plain_name("a%2f", 100));
    assert_false(util_plain_name("caf\xc3\xa9", 100));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv1a64_vectors),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_input),
        cmocka_unit_test(test_xstrdup),
        cmocka_unit_test(test_plain_name),
    };

    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
