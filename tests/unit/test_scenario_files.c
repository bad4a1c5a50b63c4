/*
 * Unit tests for what the scenario loader reads: files and their limits,
 * syntax errors, extends chains and --set overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "scenario_test.h"
#include "util.h"

static void
test_file_identity(void **state)
{
    static const char text[] = "{\"name\": \"t\", \"start_date\": "
                               "\"2023-04-01\", \"end_date\": "
                               "\"2023-04-01\"}\n";
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(text, &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_true(s.file_hash == util_fnv1a64(text, strlen(text)));
    assert_int_equal(scn_days(&s), 1);
    scn_release(&s);
}

struct syntax_case {
    const char *json; /* verbatim, not ' for " */
    const char *msg;
};

static const struct syntax_case syntax_cases[] = {
    {"{\n  \"name\": \"x\"\n  \"seed\": 1\n}\n",
     "line 3, column 3: JSON syntax error near '\"seed\": 1'"},
    {"{\n  \"name\": \"x\",\n", "line 3, column 1: JSON syntax error at end "
                                "of input"},
    {"", "line 1, column 1: JSON syntax error at end of input"},
    {"{\"name\": \"\xc3\xa9\", \"seed\": tru}",
     "line 1, column 23: JSON syntax error near 'tru}'"},
    {"{\"a\": 1} x", "line 1, column 10: JSON syntax error near 'x'"},
    /* cJSON points past the '}' after a trailing comma. */
    {"{\n  \"seed\": 1,\n}\n", "line 3, column 2: JSON syntax error near '}'"},
};

static void
test_syntax_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(syntax_cases) / sizeof(syntax_cases[0]);
         i++) {
        struct scenario s;
        struct scn_errors err;
        char path[64], want[256];
        int fd, rc;
        size_t len = strlen(syntax_cases[i].json);

        snprintf(path, sizeof(path), "/tmp/uecsim_test_scn_XXXXXX");
        fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, syntax_cases[i].json, len), (ssize_t)len);
        assert_int_equal(close(fd), 0);
        rc = scn_load(path, &s, &err);
        unlink(path);
        snprintf(want, sizeof(want), "%s: %s", path, syntax_cases[i].msg);
        assert_int_equal(rc, 2);
        assert_int_equal(err.total, 1);
        assert_string_equal(err.msg[0], want);
        assert_null(s.path);
    }
}

static void
test_unreadable(void **state)
{
    struct scenario s;
    struct scn_errors err;
    int rc;

    (void)state;
    rc = scn_load("/nonexistent/uecsim/x.json", &s, &err);
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 1);
    assert_string_equal(err.msg[0], "/nonexistent/uecsim/x.json: cannot "
                                    "read: No such file or directory");
}

/* ------------------------------------------------------------------ */
/* extends and --set                                                  */
/* ------------------------------------------------------------------ */

/* The base of the merge tests: 'sorce' makes its own wrapper invalid. */
static const char merge_base[] =
    "{'name': 'base', 'start_date': '2023-04-01', 'end_date': '2023-06-30',"
    " 'seed': {'value': 5, 'source': 'x'}, 'replications': 10,"
    " 'arrivals': {'ed_walk_in': {'rate_per_day': 300, 'share_65_plus': 0.25,"
    "   'day_of_week_weights': [2, 1, 1, 1, 1, 1, 1]}},"
    " 'ed': {'majors': {'spaces': 40,"
    "   'treatment': {'kind': 'lognormal', 'mean_h': 3.5, 'cv': 0.8}}},"
    " 'beds': {'ga': {'capacity': {'value': 600, 'sorce': 'typo'},"
    "   'schedule': [{'from': '2023-05-01', 'capacity': 620}]}},"
    " 'cohorts': {'under_65': {'clinical_los': {'kind': 'gamma',"
    "   'mean_days': 3, 'cv': 0.5}}}}";

static const char merge_over[] =
    "{'extends': 'base.json', 'name': 'over', 'seed': 7,"
    " 'replications': {'value': 12, 'source': 'y'},"
    " 'arrivals': {'ed_walk_in': {'rate_per_day': 310,"
    "   'day_of_week_weights': [1, 1, 1, 1, 1, 1, 8]}},"
    " 'ed': {'majors': {'treatment': {'kind': 'exponential', 'mean_h': 2}}},"
    " 'beds': {'ga': {'capacity': {'value': 650}}},"
    " 'cohorts': {'under_65': {'clinical_los': {'mean_days': 4}}}}";

static void
test_extends_merge(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json", merge_base, base, sizeof(base));
    put(dir, "over.json", merge_over, top, sizeof(top));
    rc = scn_load(top, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    assert_string_equal(s.path, top);
    assert_int_equal(s.n_files, 2);
    assert_string_equal(s.files[0], top);
    assert_string_equal(s.files[1], base);
    assert_string_equal(s.name, "over");
    /* Untouched base keys survive; scalars replace. */
    assert_int_equal(s.start_day, day("2023-04-01"));
    assert_near(s.arrivals[ARR_ED_WALK_IN].rate_per_day, 310.0);
    assert_near(s.arrivals[ARR_ED_WALK_IN].share_65_plus, 0.25);
    assert_int_equal(s.sites[0].ed.majors.spaces, 40);
    /* A bare value replaces a wrapped one, and the other way round. */
    assert_true(s.seed == 7);
    assert_int_equal(s.replications, 12);
    /* Arrays replace whole: Sunday is 8 of 14, Monday no longer 2. */
    assert_near(s.arrivals[ARR_ED_WALK_IN].day_of_week_weights[0], 0.5);
    assert_near(s.arrivals[ARR_ED_WALK_IN].day_of_week_weights[6], 4.0);
    /* A wrapper replaces whole: the base's 'sorce' is gone. */
    assert_near(s.sites[0].ga.capacity.base, 650.0);
    /* Nested objects merge: the schedule next to capacity stays. */
    assert_int_equal(s.sites[0].ga.capacity.n, 1);
    assert_near(s.sites[0].ga.capacity.step[0].value, 620.0);
    /* A distribution with its kind replaces whole (no lognormal cv). */
    assert_int_equal(s.sites[0].ed.majors.treatment.kind, DIST_EXPONENTIAL);
    assert_near(s.sites[0].ed.majors.treatment.mean_min, 120.0);
    /* Without kind it tunes the base's parameters. */
    assert_int_equal(s.sites[0].ga.clinical_los[COHORT_UNDER_65].kind,
                     DIST_GAMMA);
    assert_near(s.sites[0].ga.clinical_los[COHORT_UNDER_65].mean_min,
                4.0 * 1440.0);
    assert_near(s.sites[0].ga.clinical_los[COHORT_UNDER_65].cv, 0.5);
    scn_release(&s);
    assert_null(s.files);

    /* The base alone is invalid: the wrapper merge really replaced it. */
    rc = scn_load(base, &s, &err);
    assert_int_equal(rc, 2);
    dir_remove(dir);
}

/* Three files, in sub-folders: paths are relative to the referrer. */
static void
test_extends_chain(void **state)
{
    static const char c_json[] =
        "{'name': 'c', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'seed': 3, 'beds': {'ga': {'capacity': 100}},"
        " 'electives': {'cancel_above_occupancy': 0.9}}";
    static const char b_json[] =
        "{'extends': '../c.json', 'name': 'b', 'replications': 5,"
        " 'beds': {'ga': {'capacity': 200}}}";
    static const char a_json[] =
        "{'extends': 'sub/b.json', 'name': 'a', 'replications': 9}";
    struct scenario s;
    struct scn_errors err;
    char dir[64], sub[96], a[128], b[128], c[128], want[128], *all;
    size_t la = strlen(a_json), lb = strlen(b_json), lc = strlen(c_json);
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(dir, "c.json", c_json, c, sizeof(c));
    put(sub, "b.json", b_json, b, sizeof(b));
    put(dir, "a.json", a_json, a, sizeof(a));
    rc = scn_load(a, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_files, 3);
    assert_string_equal(s.files[0], a);
    assert_string_equal(s.files[1], b);
    snprintf(want, sizeof(want), "%s/sub/../c.json", dir);
    assert_string_equal(s.files[2], want);
    assert_string_equal(s.name, "a");
    assert_int_equal(s.replications, 9);
    assert_near(s.sites[0].ga.capacity.base, 200.0);
    assert_true(s.seed == 3);
    assert_near(s.sites[0].elective.cancel_above_occupancy, 0.9);
    /* The hash covers every file's bytes, top first. */
    all = malloc(la + lb + lc);
    assert_non_null(all);
    memcpy(all, a_json, la);
    memcpy(all + la, b_json, lb);
    memcpy(all + la + lb, c_json, lc);
    for (size_t i = 0; i < la + lb + lc; i++)
        all[i] = all[i] == '\'' ? '"' : all[i];
    assert_true(s.file_hash == util_fnv1a64(all, la + lb + lc));
    free(all);
    scn_release(&s);
    dir_remove(dir);
}

/* The hash changes when only the base changes. */
static void
test_extends_hash(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];
    unsigned long long h1, h2;

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30'}",
        base, sizeof(base));
    put(dir, "top.json", "{'extends': 'base.json'}", top, sizeof(top));
    assert_int_equal(scn_load(top, &s, &err), 0);
    h1 = s.file_hash;
    scn_release(&s);
    put(dir, "base.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-05-31'}",
        base, sizeof(base));
    assert_int_equal(scn_load(top, &s, &err), 0);
    h2 = s.file_hash;
    assert_int_equal(s.end_day, day("2023-05-31"));
    scn_release(&s);
    assert_true(h1 != h2);
    dir_remove(dir);
}

/* Errors: each names the file where the problem was written. */
static void
test_extends_errors(void **state)
{
    static const char ok_base[] =
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capacity': 10}}}";
    struct scenario s;
    struct scn_errors err;
    char dir[64], a[128], b[128], want[512];
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));

    /* A cycle of two, named at the top file with the chain. */
    put(dir, "a.json", "{'extends': 'b.json', 'name': 'a'}", a, sizeof(a));
    put(dir, "b.json", "{'extends': 'a.json'}", b, sizeof(b));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: extends cycle: a.json -> b.json -> a.json", a);
    expect_msg(rc, &err, 1, want);
    assert_null(s.path);
    assert_null(s.files);

    /* A file that extends itself. */
    put(dir, "a.json", "{'extends': 'a.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: extends cycle: a.json -> "
             "a.json",
             a);
    expect_msg(rc, &err, 1, want);

    /* realpath sees through another spelling of the same file. */
    put(dir, "a.json", "{'extends': './b.json'}", a, sizeof(a));
    {
        char text[256];
        const char *leaf = strrchr(dir, '/') + 1;

        snprintf(text, sizeof(text), "{'extends': '../%s/a.json'}", leaf);
        put(dir, "b.json", text, b, sizeof(b));
        rc = scn_load(a, &s, &err);
        snprintf(want, sizeof(want),
                 "%s: $.extends: extends cycle: a.json -> ./b.json -> "
                 "../%s/a.json",
                 a, leaf);
        expect_msg(rc, &err, 1, want);
    }

    /* A missing base, named by the file that refers to it. */
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    put(dir, "b.json", "{'extends': 'nope.json'}", b, sizeof(b));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: cannot read '%s/nope.json': No such file or "
             "directory",
             b, dir);
    expect_msg(rc, &err, 1, want);

    /* extends must name a file. */
    put(dir, "a.json", "{'extends': 3}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: expected a scenario file name, got 3", a);
    expect_msg(rc, &err, 1, want);
    put(dir, "a.json", "{'extends': ''}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: expected a scenario file name, got ''", a);
    expect_msg(rc, &err, 1, want);

    /* An unknown key in the override names the override. */
    put(dir, "b.json", ok_base, b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json', 'beds': {'ga': {'capcity': 5}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga: unknown key 'capcity' (did you mean "
             "'capacity'?)",
             a);
    expect_msg(rc, &err, 1, want);

    /* An unknown key in the base names the base, in a merged object. */
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capcity': 10}}}",
        b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json', 'beds': {'ga': {'capacity': 5}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga: unknown key 'capcity' (did you mean "
             "'capacity'?)",
             b);
    expect_msg(rc, &err, 1, want);

    /* Values name their file too; the merged root is the top file's. */
    put(dir, "b.json",
        "{'name': 'b', 'end_date': '2023-04-30', 'seed': -1,"
        " 'beds': {'ga': {'capacity': 10}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json', 'beds': {'ga': {'capacity': -5}}}", a,
        sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: missing required key 'start_date'", a);
    expect_msg(rc, &err, 3, want);
    snprintf(want, sizeof(want),
             "%s: $.seed: expected an integer from 0 to 9007199254740991, "
             "got -1",
             b);
    assert_string_equal(err.msg[1], want);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga.capacity: expected a non-negative integer, got -5",
             a);
    assert_string_equal(err.msg[2], want);

    /* A merged object is named by the nearest file that wrote it. */
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'arrivals': {'ed_walk_in': {'share_65_plus': 0.2}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json',"
        " 'arrivals': {'ed_walk_in': {'growth_per_year': 0.01}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.arrivals.ed_walk_in: missing required key 'rate_per_day'",
             a);
    expect_msg(rc, &err, 1, want);

    /* Syntax errors and duplicates are found in each file alone. */
    put(dir, "b.json", "{'name': 'b',\n 'seed': 1,\n}\n", b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: line 3, column 2: JSON syntax error near '}'", b);
    expect_msg(rc, &err, 1, want);
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capacity': 1, 'capacity': 2}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json', 'seed': 1, 'seed': 2,"
        " 'beds': {'ga': {'capacity': 3}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: duplicate key 'seed'", a);
    expect_msg(rc, &err, 2, want);
    snprintf(want, sizeof(want), "%s: $.beds.ga: duplicate key 'capacity'", b);
    assert_string_equal(err.msg[1], want);

    /* A base that is not an object. */
    put(dir, "b.json", "[1]", b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: expected an object, got array", b);
    expect_msg(rc, &err, 1, want);
    dir_remove(dir);
}

static void
test_set(void **state)
{
    static const char *const sets[] = {
        "seed=42",
        "beds.ga.capacity=650",
        "start_date=2023-05-01",
        "ed.majors.spaces=12",
        "escalation.interval_h=2.5",
        "arrivals.elective.day_of_week_weights=[1,1,1,1,1,0,0]",
        "arrivals.elective.rate_per_day=40",
        "description=\"quoted\"",
        "seed=43",
    };
    const size_t n = sizeof(sets) / sizeof(sets[0]);
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    /* capacity's wrapper is invalid: the set must replace it whole. */
    rc = load_with(BASE ", 'seed': 1, 'beds': {'ga': {'capacity':"
                        " {'value': 600, 'sorce': 'x'}}}}",
                   sets, n, &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    /* The last set of a key wins. */
    assert_true(s.seed == 43);
    assert_near(s.sites[0].ga.capacity.base, 650.0);
    assert_int_equal(s.start_day, day("2023-05-01"));
    /* Missing objects on the way are created. */
    assert_int_equal(s.sites[0].ed.majors.spaces, 12);
    assert_int_equal(s.escalation.enabled, 1);
    assert_near(s.escalation.interval_min, 150.0);
    assert_near(s.arrivals[ARR_ELECTIVE].rate_per_day, 40.0);
    assert_near(s.arrivals[ARR_ELECTIVE].day_of_week_weights[0], 1.4);
    assert_near(s.arrivals[ARR_ELECTIVE].day_of_week_weights[6], 0.0);
    assert_string_equal(s.description, "quoted");
    /* Copied, in order. */
    assert_int_equal(s.n_overrides, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(s.overrides[i], sets[i]);
        assert_ptr_not_equal(s.overrides[i], sets[i]);
    }
    assert_int_equal(s.n_files, 1);
    assert_string_equal(s.files[0], path);
    scn_release(&s);
    assert_null(s.overrides);
}

/* A set over an extends chain wins over both files. */
static void
test_set_over_extends(void **state)
{
    static const char *const sets[] = {"beds.ga.capacity=7"};
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json", merge_base, base, sizeof(base));
    put(dir, "over.json", merge_over, top, sizeof(top));
    assert_int_equal(scn_load_with(top, sets, 1, &s, &err), 0);
    assert_near(s.sites[0].ga.capacity.base, 7.0);
    assert_int_equal(s.sites[0].ga.capacity.n, 1);
    scn_release(&s);
    dir_remove(dir);
}

struct set_case {
    const char *set;
    const char *msg; /* the whole first message */
    size_t total;
};

static const struct set_case set_cases[] = {
    {"beds.ga.capcity=2000",
     "--set beds.ga.capcity=2000: $.beds.ga: unknown key 'capcity' (did you "
     "mean 'capacity'?)",
     1},
    {"bedz.ga.capacity=3",
     "--set bedz.ga.capacity=3: $: unknown key 'bedz' (did you mean "
     "'beds'?)",
     1},
    {"seed=-1",
     "--set seed=-1: $.seed: expected an integer from 0 to "
     "9007199254740991, got -1",
     1},
    {"seed=abc",
     "--set seed=abc: $.seed: expected an integer from 0 to "
     "9007199254740991, got string",
     1},
    {"seed", "--set seed: expected KEY=VALUE, got no '='", 1},
    {"=5", "--set =5: empty key before '='", 1},
    {"beds..ga=5",
     "--set beds..ga=5: empty key in the path (keys are separated by single "
     "dots)",
     1},
    {"seed.=5",
     "--set seed.=5: empty key in the path (keys are separated by single "
     "dots)",
     1},
    {"beds.ga.schedule[0].capacity=5",
     "--set beds.ga.schedule[0].capacity=5: $.beds.ga.schedule: index 0 is "
     "out of range: the array has 0 elements",
     1},
    {"beds.ga.schedule[x].capacity=5",
     "--set beds.ga.schedule[x].capacity=5: $.beds.ga.schedule: no element "
     "named 'x'",
     1},
    {"beds.ga[0].capacity=5",
     "--set beds.ga[0].capacity=5: $.beds.ga: expected an array to index, "
     "got object",
     1},
    {"beds.ga.schedule[0.capacity=5",
     "--set beds.ga.schedule[0.capacity=5: expected KEY or KEY[INDEX] in the "
     "path, got 'schedule[0' (INDEX counts from 0 or names an element)",
     1},
    {"beds.ga.schedule.capacity=5",
     "--set beds.ga.schedule.capacity=5: $.beds.ga.schedule: expected an "
     "object to set 'capacity' in, got array (name an element as "
     "KEY[INDEX])",
     1},
    {"seed.x=5",
     "--set seed.x=5: $.seed: expected an object to set 'x' in, "
     "got 1",
     1},
    {"extends=other.json",
     "--set extends=other.json: $.extends: cannot be set with --set", 1},
    {"escalation.triggers.ga_occupancy=[0.9]",
     "--set escalation.triggers.ga_occupancy=[0.9]: "
     "$.escalation.triggers.ga_occupancy: expected 3 thresholds (levels 2, "
     "3, 4), got 1",
     1},
};

static void
test_set_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
        const char *sets[] = {set_cases[i].set};
        struct scenario s;
        struct scn_errors err;
        char path[64];
        int rc;

        rc = load_with(BASE ", 'seed': 1, 'beds': {'ga': {'capacity': 5,"
                            " 'schedule': []}}}",
                       sets, 1, &s, &err, path, sizeof(path));
        if (rc != 2 || err.n < 1 || strcmp(err.msg[0], set_cases[i].msg))
            print_error("case %zu: %s\n", i, set_cases[i].set);
        expect_msg(rc, &err, set_cases[i].total, set_cases[i].msg);
        assert_null(s.overrides);
    }
}

/* File errors come before set errors are checked by the walk. */
static void
test_set_and_file_errors(void **state)
{
    static const char *const sets[] = {"zzzz=1", "seed=2"};
    struct scenario s;
    struct scn_errors err;
    char path[64], want[256];
    int rc;

    (void)state;
    rc = load_with(BASE ", 'beds': {'ga': {'capacity': -1}}}", sets, 2, &s,
                   &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 2);
    assert_string_equal(err.msg[0], "--set zzzz=1: $: unknown key 'zzzz'");
    snprintf(want, sizeof(want),
             "%s: $.beds.ga.capacity: expected a non-negative integer, got -1",
             path);
    assert_string_equal(err.msg[1], want);
}

/* ------------------------------------------------------------------ */
/* Limits of what the loader reads                                    */
/* ------------------------------------------------------------------ */

/*
 * NUL characters, raw or escaped, in keys and values at any depth: each
 * reported at its path (cJSON would keep the string only up to it).  An
 * escaped backslash before "u0000" is no NUL.
 */
static void
test_nul(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64], want[256];
    int rc;

    (void)state;
    rc = load(BASE ", 'description': 'a\\\\u0000b is text',"
                   " 'electives': {'note': ['x', {'k\\u0000': 'v'}],"
                   " 'source': 'y\\\"\\u0000'}}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 3);
    snprintf(want, sizeof(want),
             "%s: $.electives.note[1]: a key may not hold a NUL character "
             "(\\u0000 or a zero byte)",
             path);
    assert_string_equal(err.msg[0], want);
    snprintf(want, sizeof(want),
             "%s: $.electives.source: a string may not hold a NUL character "
             "(\\u0000 or a zero byte)",
             path);
    assert_string_equal(err.msg[1], want);
    /* The note is an array, not a string: reported by the walk. */
    snprintf(want, sizeof(want),
             "%s: $.electives.note: expected a string, got array", path);
    assert_string_equal(err.msg[2], want);
}

/* A file that does not start like JSON is described, never quoted. */
static void
test_not_json(void **state)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *msg;
    } cases[] = {
        {"password: hunter2\n", 18,
         "line 1, column 1: not JSON: the file holds text that is not JSON"},
        {"\x89PNG\r\n\x1a\n\0\0", 10,
         "line 1, column 1: not JSON: the file holds binary data"},
        /* JSON-like: quoted, but only printable text and whole UTF-8 (cJSON
         * skips control bytes as white space). */
        {"{\"a\": \x01\xff\xc3\xa9}", 11,
         "line 1, column 8: JSON syntax error near '?\xc3\xa9}'"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct scenario s;
        struct scn_errors err;
        char path[64], want[256];
        int fd;

        snprintf(path, sizeof(path), "/tmp/uecsim_test_scn_XXXXXX");
        fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, cases[i].bytes, cases[i].len),
                         (ssize_t)cases[i].len);
        assert_int_equal(close(fd), 0);
        assert_int_equal(scn_load(path, &s, &err), 2);
        unlink(path);
        snprintf(want, sizeof(want), "%s: %s", path, cases[i].msg);
        assert_int_equal(err.total, 1);
        assert_string_equal(err.msg[0], want);
    }
}

/*
 * A relative extends stays in the folder of the file given; a file named
 * by absolute path starts a tree of its own, so it may extend its
 * neighbours but not climb out of its folder.
 */
static void
test_extends_trees(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char dir[64], sub[96], top[128], mid[128], base[128], want[512];
    char text[256];
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));
    snprintf(sub, sizeof(sub), "%s/lib", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(sub, "base.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30'}",
        base, sizeof(base));
    put(sub, "mid.json", "{'extends': 'base.json', 'seed': 5}", mid,
        sizeof(mid));
    /* lib/top.json may go down its own tree by a relative name... */
    snprintf(text, sizeof(text), "{'extends': '%s'}", "mid.json");
    put(sub, "top.json", text, top, sizeof(top));
    rc = scn_load(top, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    assert_true(s.seed == 5);
    scn_release(&s);
    /* ...and a file above it reaches lib/ by absolute path only. */
    put(dir, "up.json", "{'extends': 'lib/mid.json'}", top, sizeof(top));
    rc = scn_load(top, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    scn_release(&s);
    snprintf(text, sizeof(text), "{'extends': '%s'}", top);
    put(sub, "abs.json", text, top, sizeof(top));
    rc = scn_load(top, &s, &err);
    assert_int_equal(rc, 0);
    scn_release(&s);
    /* lib/mid.json climbing out of lib/ is refused at mid.json. */
    put(dir, "above.json",
        "{'name': 'a', 'start_date': '2023-04-01', 'end_date': '2023-04-30'}",
        base, sizeof(base));
    put(sub, "mid.json", "{'extends': '../above.json'}", mid, sizeof(mid));
    put(sub, "top.json", "{'extends': 'mid.json'}", top, sizeof(top));
    rc = scn_load(top, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: '../above.json' is outside the scenario's "
             "folder %s (give an absolute path to extend it on purpose)",
             mid, sub);
    expect_msg(rc, &err, 1, want);
    dir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_identity),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_extends_merge),
        cmocka_unit_test(test_extends_chain),
        cmocka_unit_test(test_extends_hash),
        cmocka_unit_test(test_extends_errors),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_set_over_extends),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_set_and_file_errors),
        cmocka_unit_test(test_nul),
        cmocka_unit_test(test_not_json),
        cmocka_unit_test(test_extends_trees),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
