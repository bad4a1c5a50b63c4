/*
 * Unit tests for precheck: offered loads from the validation scenarios,
 * where they are known exactly, and the overload warning.
 */
#include <math.h>
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

/*
 * The chain's loads: the M/M/10 fleet offers 9 crews (9 incidents an hour
 * x 1 hour on scene; the conveyed patients' drive, offload and clear-up
 * are 0) and its conveyances are the ED's ambulance arrivals, 216 a day
 * held 3 hours in majors (27 spaces); UCR as M/M/3 offers 2.5 visits, and
 * the referrals not kept at home, 24 x 0.2 a day, are direct admissions.
 */
static void
test_chain_loads(void **state)
{
    struct scenario s;
    struct load l[16];
    size_t n;

    (void)state;
    fx_load("tests/stat/scenarios/amb-mmc.json", NULL, 0, &s);
    n = precheck_loads(&s, l, 16);
    assert_float_equal(find(l, n, "ambulance crews")->offered, 9, 1e-9);
    assert_float_equal(find(l, n, "ambulance crews")->capacity, 10, 0);
    assert_float_equal(find(l, n, "ED majors spaces")->offered, 27, 1e-9);
    scn_release(&s);
    fx_load("tests/stat/scenarios/ucr-mmc.json", NULL, 0, &s);
    n = precheck_loads(&s, l, 16);
    assert_float_equal(find(l, n, "UCR visits at once")->offered, 2.5, 1e-9);
    assert_float_equal(find(l, n, "UCR visits at once")->capacity, 3, 0);
    for (size_t i = 0; i < n; i++)
        assert_true(strcmp(l[i].resource, "ambulance crews") != 0);
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

/*
 * A pathway sized in starts: its patients in a mean month (100 a day x
 * 365.25 / 12) against the leanest month's starts a day over as many
 * days (300 over 31 days, January), with the overflow to spot purchase
 * marked.
 */
static void
test_starts_load(void **state)
{
    struct scenario s;
    struct load l[16];
    const struct load *p1;
    size_t n;

    (void)state;
    fx_load("tests/e2e/flow-starts.json", NULL, 0, &s);
    n = precheck_loads(&s, l, 16);
    p1 = find(l, n, "pathway 1 starts a month");
    assert_true(fabs(p1->offered - 100 * 365.25 / 12) < 1e-9);
    assert_true(fabs(p1->capacity - 300.0 / 31 * 365.25 / 12) < 1e-9);
    assert_int_equal(p1->overflow, 1);
    assert_int_equal(find(l, n, "pathway 2 places")->overflow, 0);
    scn_release(&s);
}

/*
 * The size of a run: expected arrivals over every simulated day (warm-up
 * included, growth compounding from the start date), and a warning when
 * the events of all replications pass 10^10.
 */
static void
test_run_cost(void **state)
{
    static const char *const grow[] = {
        "arrivals.ed_walk_in.growth_per_year=0.5", "warm_up_days=0",
        "start_date=2023-01-01", "end_date=2023-01-02"};
    static const char *const big[] = {"replications=100000",
                                      "end_date=2030-12-31"};
    struct scenario s;
    struct run_cost c;
    FILE *f = tmpfile();
    char text[8192] = "";
    size_t got;

    (void)state;
    fx_load("tests/stat/scenarios/tandem.json", grow, 4, &s);
    precheck_cost(&s, &c);
    /* 144/day on day 0, then 144 x 1.5^(1/365.25) on day 1. */
    assert_true(fabs(c.arrivals - (144 + 144 * pow(1.5, 1 / 365.25))) < 1e-9);
    assert_true(c.events < PRECHECK_WARN_EVENTS);
    scn_release(&s);
    fx_load("tests/stat/scenarios/tandem.json", big, 2, &s);
    precheck_cost(&s, &c);
    assert_true(c.events > PRECHECK_WARN_EVENTS);
    /* Memory grows with days, not days x replications. */
    assert_true(c.bytes < PRECHECK_WARN_BYTES);
    precheck_print(&s, f);
    rewind(f);
    got = fread(text, 1, sizeof(text) - 1, f);
    text[got] = '\0';
    assert_non_null(strstr(text, "warning: the run simulates about "));
    fclose(f);
    scn_release(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tandem_loads),
        cmocka_unit_test(test_chain_loads),
        cmocka_unit_test(test_warning_when_overloaded),
        cmocka_unit_test(test_starts_load),
        cmocka_unit_test(test_run_cost),
    };

    return cmocka_run_group_tests_name("precheck", tests, NULL, NULL);
}
