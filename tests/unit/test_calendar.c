/*
 * Unit tests for calendar: an independent walk over every day 1900-2199,
 * known anchors, leap years and malformed dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "calendar.h"

/* The test's own leap rule and month lengths, not the module's. */
static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return dim[m - 1] + (m == 2 && is_leap(y));
}

/*
 * Walk every civil date from 1900-01-01 to 2199-12-31 one day at a time
 * and check each day number, its round trips, weekday, month and month
 * index against the walk.
 */
static void
test_walk_every_day(void **state)
{
    int y = 1900, m = 1, d = 1;
    int32_t day = -25567; /* 1900-01-01, a Monday */
    int weekday = 0;
    long n = 0;

    (void)state;
    for (;;) {
        char want[48], buf[48], mbuf[48], mwant[48];
        int32_t parsed = INT32_MIN;

        snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
        snprintf(mwant, sizeof(mwant), "%04d-%02d", y, m);
        if (cal_from_ymd(y, m, d) != day)
            fail_msg("cal_from_ymd(%s) = %ld, want %ld", want,
                     (long)cal_from_ymd(y, m, d), (long)day);
        cal_format(day, buf);
        assert_string_equal(buf, want);
        cal_format_month(day, mbuf);
        assert_string_equal(mbuf, mwant);
        assert_int_equal(cal_parse(want, &parsed), 0);
        assert_int_equal(parsed, day);
        assert_int_equal(cal_weekday(day), weekday);
        assert_int_equal(cal_year(day), y);
        assert_int_equal(cal_month(day), m);
        assert_int_equal(cal_month_index(day), (y - 1970) * 12 + (m - 1));
        n++;
        if (y == 2199 && m == 12 && d == 31)
            break;
        day++;
        weekday = (weekday + 1) % 7;
        if (++d > month_days(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 300 years: 300 x 365 + 73 leap days (2000 is one, 1900 and 2100 not). */
    assert_int_equal(n, 300L * 365 + 73);
}

struct anchor {
    const char *date;
    int32_t day;
    int weekday; /* 0 = Monday */
};

static void
test_known_anchors(void **state)
{
    static const struct anchor cases[] = {
        {"1900-01-01", -25567, 0}, {"1969-12-31", -1, 2},
        {"1970-01-01", 0, 3},      {"2000-01-01", 10957, 5},
        {"2023-07-01", 19539, 5},  {"2024-02-29", 19782, 3},
        {"2038-01-19", 24855, 1},  {"2100-03-01", 47541, 0},
        {"2199-12-31", 84005, 1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int32_t day = INT32_MIN;
        char buf[16];

        assert_int_equal(cal_parse(cases[i].date, &day), 0);
        assert_int_equal(day, cases[i].day);
        assert_int_equal(cal_weekday(day), cases[i].weekday);
        cal_format(day, buf);
        assert_string_equal(buf, cases[i].date);
    }
}

struct date_case {
    const char *s;
    int ok;
};

static void
test_leap_years(void **state)
{
    static const struct date_case cases[] = {
        {"2024-02-29", 1}, {"2023-02-29", 0}, {"2100-02-29", 0},
        {"2000-02-29", 1}, {"1900-02-29", 0}, {"1904-02-29", 1},
        {"2196-02-29", 1}, {"2023-02-28", 1}, {"2024-02-30", 0},
        {"2000-02-30", 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int32_t day = 12345;
        int rc = cal_parse(cases[i].s, &day);

        if (rc != (cases[i].ok ? 0 : -1))
            fail_msg("cal_parse(\"%s\") = %d", cases[i].s, rc);
    }
}

static void
test_malformed_rejected(void **state)
{
    static const char *const bad[] = {
        "",           "2023-7-01",   "2023-07-1",   "2023/07/01",
        "20230701",   "2023-07-01 ", " 2023-07-01", "2023-07-01x",
        "2023-13-01", "2023-00-10",  "2023-04-31",  "2023-06-31",
        "2023-01-00", "2023-01-32",  "1899-12-31",  "2200-01-01",
        "2023-07-0a", "+023-07-01",  "2023--7-01",  "abcd-ef-gh",
        "2023-07+01", "2023-0 -01",  "-023-07-01",  "2023-07-01\n",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int32_t day = 24680;
        int rc = cal_parse(bad[i], &day);

        if (rc != -1)
            fail_msg("cal_parse(\"%s\") accepted", bad[i]);
        /* The day is only stored on success. */
        assert_int_equal(day, 24680);
    }
}

static void
test_range_limits(void **state)
{
    int32_t day = 0;

    (void)state;
    assert_int_equal(cal_parse("1900-01-01", &day), 0);
    assert_int_equal(day, cal_from_ymd(1900, 1, 1));
    assert_int_equal(cal_parse("2199-12-31", &day), 0);
    assert_int_equal(day, cal_from_ymd(2199, 12, 31));
}

static void
test_month_index(void **state)
{
    struct {
        int y, m, d;
        int32_t index;
    } cases[] = {
        {1970, 1, 1, 0},    {1970, 1, 31, 0},     {1969, 12, 31, -1},
        {1969, 12, 1, -1},  {2023, 7, 15, 642},   {2024, 2, 29, 649},
        {1900, 1, 1, -840}, {2199, 12, 31, 2759},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(
            cal_month_index(cal_from_ymd(cases[i].y, cases[i].m, cases[i].d)),
            cases[i].index);
}

static void
test_format_buffer_bounds(void **state)
{
    char buf[24];

    (void)state;
    memset(buf, 'X', sizeof(buf));
    cal_format(cal_from_ymd(2087, 11, 23), buf);
    assert_string_equal(buf, "2087-11-23");
    assert_int_equal(buf[11], 'X'); /* at most 11 bytes written */

    memset(buf, 'X', sizeof(buf));
    cal_format_month(cal_from_ymd(1931, 4, 30), buf);
    assert_string_equal(buf, "1931-04");
    assert_int_equal(buf[8], 'X'); /* at most 8 bytes written */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_every_day),
        cmocka_unit_test(test_known_anchors),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_malformed_rejected),
        cmocka_unit_test(test_range_limits),
        cmocka_unit_test(test_month_index),
        cmocka_unit_test(test_format_buffer_bounds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
