/*
 * Unit tests for board: numbers in board units (percentages and
 * percentage points, thousands separators, rounding, never scientific
 * notation), intervals, minimum important differences and the verdict
 * on a difference, and every KPI's MID and definition.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "board.h"
#include "calendar.h"
#include "kpi.h"

static const struct kpi_def *
find(const char *name)
{
    size_t n;
    const struct kpi_def *t = kpi_table(&n);
    int i = kpi_find(name);

    assert_true(i >= 0);
    return &t[i];
}

static struct summary
sm(size_t n, double mean, double lo, double hi)
{
    struct summary s = {n, mean, NAN, lo, hi};

    return s;
}

static void
test_numbers(void **state)
{
    char b[64];

    (void)state;
    assert_string_equal(board_number(1234567.25, 1, 0, b, sizeof(b)),
                        "1,234,567.2");
    assert_string_equal(board_number(-1094.4, 0, 1, b, sizeof(b)), "-1,094");
    assert_string_equal(board_number(0.6, 0, 1, b, sizeof(b)), "+1");
    /* Rounds to zero: no sign. */
    assert_string_equal(board_number(-0.0004, 2, 1, b, sizeof(b)), "0.00");
    assert_string_equal(board_number(999.96, 1, 0, b, sizeof(b)), "1,000.0");
    /* A tiny fraction is never 1.1e-04. */
    assert_string_equal(board_number(0.00011, 3, 1, b, sizeof(b)), "0.000");
    assert_string_equal(board_number(0.0011, 3, 1, b, sizeof(b)), "+0.001");
    assert_int_equal(board_decimals(1094), 0);
    assert_int_equal(board_decimals(61.2), 1);
    assert_int_equal(board_decimals(6.4), 1);
    assert_int_equal(board_decimals(0.25), 2);
    assert_int_equal(board_decimals(0.011), 3);
}

static void
test_units(void **state)
{
    char b[128];
    struct summary s = sm(30, 0.62345, 0.6201, 0.6268);
    struct summary d = sm(30, -0.0001105, -0.0001445, -0.0000765);

    (void)state;
    assert_string_equal(
        board_value(find("ed_4h_performance"), 0.62345, b, sizeof(b)),
        "62.3 %");
    assert_string_equal(
        board_value_ci(find("ed_4h_performance"), &s, b, sizeof(b)),
        "62.3 % (62.0 to 62.7)");
    /* The issue's -0.0001105 (-0.0001445 to -7.65e-05) as a board reads
     * it. */
    assert_string_equal(
        board_diff_ci(find("ed_4h_performance"), &d, b, sizeof(b)),
        "-0.011 pp (-0.014 to -0.008)");
    assert_string_equal(
        board_value(find("handover_mean_min"), 38.46, b, sizeof(b)),
        "38.5 min");
    assert_string_equal(
        board_value(find("ed_attendances_per_day"), 1094.3, b, sizeof(b)),
        "1,094 attendances a day");
    assert_string_equal(
        board_diff(find("handover_hours_lost_per_day"), -35.8, b, sizeof(b)),
        "-35.8 h a day");
    assert_string_equal(board_size(find("ga_occupancy"), 0.01, b, sizeof(b)),
                        "1 pp");
    assert_string_equal(
        board_size(find("nel_los_mean_days"), 0.25, b, sizeof(b)), "0.25 days");
    assert_string_equal(board_value(find("nctr_mean"), NAN, b, sizeof(b)),
                        "undefined");
    /* One replication: no interval, never a zero-width one. */
    s = sm(1, 0.62345, NAN, NAN);
    assert_string_equal(
        board_value_ci(find("ed_4h_performance"), &s, b, sizeof(b)),
        "62.3 % (interval undefined: 1 replication)");
}

static void
test_verdicts(void **state)
{
    struct summary d;

    (void)state;
    d = sm(30, 2, 1.2, 2.8);
    assert_int_equal(board_judge(&d, 1), BOARD_YES);
    d = sm(30, -2, -2.8, -1.2);
    assert_int_equal(board_judge(&d, 1), BOARD_YES);
    d = sm(30, 1.5, 0.5, 2.5);
    assert_int_equal(board_judge(&d, 1), BOARD_PROBABLY);
    /* Trivial, however sure: the handover +0.0017 min of the issue. */
    d = sm(30, 0.0017, 0.001, 0.0024);
    assert_int_equal(board_judge(&d, 5), BOARD_NO);
    d = sm(30, 0.5, -0.5, 1.5);
    assert_int_equal(board_judge(&d, 1), BOARD_UNCLEAR);
    d = sm(1, 3, NAN, NAN);
    assert_int_equal(board_judge(&d, 1), BOARD_UNCLEAR);
    d = sm(30, 3, 2, 4);
    assert_int_equal(board_judge(&d, 0), BOARD_NO_MID);
    d = sm(0, NAN, NAN, NAN);
    assert_int_equal(board_judge(&d, 1), BOARD_UNDEFINED);
    assert_string_equal(board_verdict_text(BOARD_PROBABLY), "probably");
}

/* Every KPI has a MID, a kind and a definition in words. */
static void
test_kpi_table(void **state)
{
    size_t n;
    const struct kpi_def *t = kpi_table(&n);
    char def[400];

    (void)state;
    for (size_t k = 0; k < n; k++) {
        if (!(t[k].mid > 0))
            fail_msg("%s has no minimum important difference", t[k].name);
        if (t[k].share && t[k].mid > 0.2)
            fail_msg("%s: a share's MID is a fraction", t[k].name);
        kpi_definition(&t[k], def, sizeof(def));
        if (strstr(def, "accumulator"))
            fail_msg("%s: a definition without words: %s", t[k].name, def);
    }
    assert_string_equal(kpi_kind(find("ga_occupancy")), "util");
    assert_string_equal(kpi_kind(find("ed_4h_performance")), "share");
    assert_string_equal(kpi_kind(find("nctr_mean")), "level");
    assert_string_equal(kpi_kind(find("handover_mean_min")), "mean");
    assert_string_equal(kpi_kind(find("escalation_bed_days")), "total");
    assert_string_equal(kpi_kind(find("ed_attendances_per_day")), "rate");
}

static void
test_dates(void **state)
{
    int32_t a, b;
    char buf[64];

    (void)state;
    assert_int_equal(cal_parse("2023-11-01", &a), 0);
    assert_int_equal(cal_parse("2024-03-31", &b), 0);
    assert_string_equal(board_dates(a, b, buf, sizeof(buf)),
                        "1 Nov 2023 to 31 Mar 2024");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),  cmocka_unit_test(test_units),
        cmocka_unit_test(test_verdicts), cmocka_unit_test(test_kpi_table),
        cmocka_unit_test(test_dates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
