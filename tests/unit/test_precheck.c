/*
 * Unit tests for precheck: offered loads from the validation scenarios,
 * where they are known exactly, and the overload warning.
 */
#include <string.h>

#include "../fixture.h"
#include "precheck.h"

static const struct load *
find(const struct load *l, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].resource, name) == 0)
            return &l[i];
    fail_msg("no load for %s", name);
    return NULL;
}

static void
test_tandem_loads(void **state)
{
    struct scenario s;
    struct load l[16];
    size_t n;

    (void)state;
    fx_load("tests/stat/scenarios/tandem.json", NULL, 0, &s);
    n = precheck_loads(&s, l, 16);
    assert_true(n >= 4 && n <= 16);
    /* 6/h x 1.25 h = 7.5 cubicles; 1.5/h x 24 h = 36 beds. */
    assert_float_equal(find(l, n, "ED majors spaces")->offered, 7.5, 1e-9);
    assert_float_equal(find(l, n, "ED majors spaces")->capacity, 10, 0);
    assert_float_equal(find(l, n, "G&A beds")->offered, 36, 1e-9);
    assert_float_equal(find(l, n, "G&A beds")->capacity, 44, 0);
    assert_true(find(l, n, "ED minors spaces")->capacity < 0);
    scn_release(&s);
}

static void
test_warning_when_overloaded(void **state)
{
    static const char *const small[] = {"beds.ga.capacity=30"};
    struct scenario s;
    FILE *f = tmpfile();
    char text[4096] = "";
    size_t got;

    (void)state;
    fx_load("tests/stat/scenarios/tandem.json", NULL, 0, &s);
    assert_int_equal(precheck_print(&s, f), 0);
    scn_release(&s);
    /* 36 erlangs offered to 30 beds: no steady state. */
    fx_load("tests/stat/scenarios/tandem.json", small, 1, &s);
    rewind(f);
    assert_int_equal(precheck_print(&s, f), 1);
    rewind(f);
    got = fread(text, 1, sizeof(text) - 1, f);
    text[got] = '\0';
    assert_non_null(strstr(text, "warning: G&A beds: offered load 36.0 is at "
                                 "least the capacity 30"));
    fclose(f);
    scn_release(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tandem_loads),
        cmocka_unit_test(test_warning_when_overloaded),
    };

    return cmocka_run_group_tests_name("precheck", tests, NULL, NULL);
}
