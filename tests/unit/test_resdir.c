/*
 * Unit tests for resdir: what -o may replace, the temporary folder and
 * its swap into place, the cleaning of a killed run's leftovers, and the
 * checks of gnuplot's PNG and SVG.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../tmpdir.h"
#include "resdir.h"
#include "util.h"

static const char manifest[] = "{\n  \"uecsim_version\": \"0.1.0\"\n}\n";

/* A fresh folder for one test; *state holds its path. */
static int
setup(void **state)
{
    return tmpdir_setup(state, "resdir");
}

static int
teardown(void **state)
{
    return tmpdir_teardown(state);
}

static void
put(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int
exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

/* --- what may be replaced ------------------------------------------------ */

static void
test_check_refuses(void **state)
{
    char err[512], *norm = NULL;
    char *file = tmpdir_at(state, "afile"), *dir = tmpdir_at(state, "adir"),
         *thesis = tmpdir_at(state, "adir/thesis.tex"),
         *link = tmpdir_at(state, "link"), *under = tmpdir_at(state, "afile/x");

    put(file, "data", 4);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(resdir_check(dir, &norm, NULL, err, sizeof(err)), 2);
    assert_non_null(strstr(err, "is not a uecsim results folder"));
    put(thesis, "thesis", 6);
    assert_int_equal(symlink("adir", link), 0);
    assert_int_equal(resdir_check(file, &norm, NULL, err, sizeof(err)), 2);
    assert_non_null(strstr(err, file));
    assert_non_null(strstr(err, "not a folder"));
    assert_int_equal(resdir_check(dir, &norm, NULL, err, sizeof(err)), 2);
    assert_int_equal(resdir_check(link, &norm, NULL, err, sizeof(err)), 2);
    assert_non_null(strstr(err, "symbolic link"));
    assert_int_equal(resdir_check(under, &norm, NULL, err, sizeof(err)), 2);
    assert_non_null(strstr(err, "is not a folder"));
    assert_int_equal(resdir_check("", &norm, NULL, err, sizeof(err)), 2);
    assert_int_equal(resdir_check(".", &norm, NULL, err, sizeof(err)), 2);
    assert_int_equal(resdir_check("..", &norm, NULL, err, sizeof(err)), 2);
    assert_int_equal(resdir_check("a/..", &norm, NULL, err, sizeof(err)), 2);
    assert_int_equal(resdir_check("/", &norm, NULL, err, sizeof(err)), 2);
    assert_null(norm);
    assert_true(exists(thesis) && exists(file));
    free(file);
    free(dir);
    free(thesis);
    free(link);
    free(under);
}

static void
test_check_accepts(void **state)
{
    char err[512], *norm;
    char *res = tmpdir_at(state, "res"),
         *man = tmpdir_at(state, "res/manifest.json"),
         *slashed = tmpdir_at(state, "new//"), *fresh = tmpdir_at(state, "new"),
         *deep = tmpdir_at(state, "a/b/c");

    assert_int_equal(mkdir(res, 0755), 0);
    put(man, manifest, strlen(manifest));
    assert_int_equal(resdir_check(res, &norm, NULL, err, sizeof(err)), 0);
    assert_string_equal(norm, res);
    free(norm);
    assert_int_equal(resdir_check(slashed, &norm, NULL, err, sizeof(err)), 0);
    assert_string_equal(norm, fresh);
    free(norm);
    assert_int_equal(resdir_check(deep, &norm, NULL, err, sizeof(err)), 0);
    free(norm);
    /* Checking writes nothing. */
    assert_false(exists(fresh));
    free(res);
    free(man);
    free(slashed);
    free(fresh);
    free(deep);
}

/* --- the swap ----------------------------------------------------------- */

/* Write a result with one file holding text into dir; the rc of finish. */
static int
write_result(const char *dir, const char *text, int fail)
{
    char err[512], *tmp, path[4096];
    int rc = resdir_begin(dir, &tmp, err, sizeof(err));

    assert_int_equal(rc, 0);
    snprintf(path, sizeof(path), "%s/.uecsim-incomplete", tmp);
    assert_true(exists(path));
    snprintf(path, sizeof(path), "%s/manifest.json", tmp);
    put(path, manifest, strlen(manifest));
    snprintf(path, sizeof(path), "%s/summary.json", tmp);
    put(path, text, strlen(text));
    return resdir_finish(tmp, dir, fail, err, sizeof(err));
}

static void
test_swap(void **state)
{
    char *dir = tmpdir_at(state, "p/q/res"),
         *sum = tmpdir_at(state, "p/q/res/summary.json"),
         *mark = tmpdir_at(state, "p/q/res/.uecsim-incomplete"),
         *top = tmpdir_at(state, "p");
    size_t len;
    char *text;

    /* A failed first run removes the parents it made. */
    assert_int_equal(write_result(dir, "one", 1), 1);
    assert_false(exists(top));
    assert_int_equal(write_result(dir, "one", 0), 0);
    text = util_read_file(sum, &len);
    assert_string_equal(text, "one");
    free(text);
    assert_false(exists(mark));
    /* A failed rerun leaves the first result; a good one replaces it. */
    assert_int_equal(write_result(dir, "two", 1), 1);
    text = util_read_file(sum, &len);
    assert_string_equal(text, "one");
    free(text);
    assert_int_equal(write_result(dir, "two", 0), 0);
    text = util_read_file(sum, &len);
    assert_string_equal(text, "two");
    free(text);
    {
        /* Only res is left in p/q: no temporary or old folder. */
        char cmd[4200];
        char *q = tmpdir_at(state, "p/q");

        snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = res", q);
        assert_int_equal(system(cmd), 0);
        free(q);
    }
    free(dir);
    free(sum);
    free(mark);
    free(top);
}

/* A killed run's temporary folder is removed by the next check. */
static void
test_leftover(void **state)
{
    char err[512], *norm, buf[4096];
    char *res = tmpdir_at(state, "res"),
         *tmp = tmpdir_at(state, "res.uecsim-tmp.AbC123"),
         *mark = tmpdir_at(state, "res.uecsim-tmp.AbC123/.uecsim-incomplete"),
         *mine = tmpdir_at(state, "res.uecsim-tmp.ZZZZZZ"),
         *notes = tmpdir_at(state, "res.uecsim-tmp.ZZZZZZ/notes.txt");
    char host[256] = "";
    pid_t pid = fork();
    FILE *log;

    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    assert_int_equal(waitpid(pid, NULL, 0), pid); /* pid is now gone */
    gethostname(host, sizeof(host) - 1);
    assert_int_equal(mkdir(tmp, 0755), 0);
    snprintf(buf, sizeof(buf),
             "uecsim temporary results folder\npid %ld\nhost %s\n", (long)pid,
             host);
    put(mark, buf, strlen(buf));
    assert_int_equal(mkdir(mine, 0755), 0);
    put(notes, "mine", 4);
    log = tmpfile();
    assert_non_null(log);
    assert_int_equal(resdir_check(res, &norm, log, err, sizeof(err)), 0);
    free(norm);
    assert_false(exists(tmp));
    assert_true(exists(notes)); /* no marker: not ours */
    rewind(log);
    buf[fread(buf, 1, sizeof(buf) - 1, log)] = '\0';
    fclose(log);
    assert_non_null(strstr(buf, "removed"));
    assert_non_null(strstr(buf, "has no marker"));
    free(res);
    free(tmp);
    free(mark);
    free(mine);
    free(notes);
}

/* --- output checks ------------------------------------------------------- */

static const unsigned char png_good[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1,    2,    3,    4,
    0,    0,   0,   0,   'I',  'E',  'N',  'D',  0xae, 0x42, 0x60, 0x82};

static void
test_png(void **state)
{
    char err[512], *p = tmpdir_at(state, "x.png");

    put(p, png_good, sizeof(png_good));
    assert_int_equal(resdir_check_png(p, err, sizeof(err)), 0);
    put(p, png_good, sizeof(png_good) - 1);
    assert_int_equal(resdir_check_png(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated PNG"));
    assert_non_null(strstr(err, p));
    put(p, "GIF89a not a png at all", 23);
    assert_int_equal(resdir_check_png(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "did not write a PNG"));
    put(p, "", 0);
    assert_int_equal(resdir_check_png(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "empty"));
    unlink(p);
    assert_int_equal(resdir_check_png(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "did not write it"));
    free(p);
}

static void
test_svg(void **state)
{
    char err[512], *p = tmpdir_at(state, "x.svg");
    const char good[] = "<svg>\n<g></g>\n</svg>\n\n",
               cut[] = "<svg>\n<g></g>\n</sv";

    put(p, good, strlen(good));
    assert_int_equal(resdir_check_svg(p, err, sizeof(err)), 0);
    put(p, cut, strlen(cut));
    assert_int_equal(resdir_check_svg(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated SVG"));
    put(p, "", 0);
    assert_int_equal(resdir_check_svg(p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "empty"));
    free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_accepts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leftover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_svg, setup, teardown),
    };

    return cmocka_run_group_tests_name("resdir", tests, NULL, NULL);
}
