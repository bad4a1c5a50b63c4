/*
 * Unit tests for the size search's judgement (sweep.h): how a target is
 * classified from the two ends of the range (which way it improves),
 * how a target is judged at a point on the mean, in every month and on a
 * share of replications, the Bonferroni test count, the replications a
 * share needs, target parsing and the explanation's wording.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "kpi.h"
#include "stats.h"
#include "sweep.h"
#include "util.h"

/*
 * Which way a target improves: from where it holds when it holds at one
 * end only, else from its KPI's means (lower is better for "at most").
 */
static void
test_trend(void **state)
{
    static const struct {
        int lo, hi, at_most;
        double m_lo, m_hi;
        enum size_class cls;
        int improves;
    } cases[] = {
        /* Holds only at the top: needs the key high, whatever the means. */
        {0, 1, 1, 0.95, 0.80, SIZE_NEEDS_HIGH, 1},
        {0, 1, 1, 0.80, 0.81, SIZE_NEEDS_HIGH, 1},
        /* Holds only at the bottom: needs the key low. */
        {1, 0, 1, 290, 300, SIZE_NEEDS_LOW, -1},
        {1, 0, 0, 0.9, 0.5, SIZE_NEEDS_LOW, -1},
        /* Both or neither: the means say which way it moves. */
        {1, 1, 1, 0.95, 0.80, SIZE_HOLDS_BOTH, 1},
        {1, 1, 0, 0.95, 0.80, SIZE_HOLDS_BOTH, -1},
        {0, 0, 1, 0.95, 0.80, SIZE_MISSES_BOTH, 1},
        {0, 0, 1, 0.80, 0.95, SIZE_MISSES_BOTH, -1},
        {0, 0, 0, 0.80, 0.95, SIZE_MISSES_BOTH, 1},
        /* Unmoved or undefined: unclear. */
        {0, 0, 1, 0.9, 0.9, SIZE_MISSES_BOTH, 0},
        {1, 1, 1, NAN, 0.9, SIZE_HOLDS_BOTH, 0},
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct size_trend t;

        size_trend_of(cases[i].lo, cases[i].hi, cases[i].at_most, cases[i].m_lo,
                      cases[i].m_hi, &t);
        if (t.cls != cases[i].cls || t.improves != cases[i].improves)
            fail_msg("case %zu: class %d improves %d, want %d %d", i,
                     (int)t.cls, t.improves, (int)cases[i].cls,
                     cases[i].improves);
        assert_int_equal(t.holds_lo, cases[i].lo);
        assert_int_equal(t.holds_hi, cases[i].hi);
    }
}

/* A point whose KPI k has the given mean and sd over n replications,
 * in every month (means month_means[m]) and overall. */
struct pt {
    struct sweep_point p;
    struct summary kpi[256];
    struct summary month[3 * 256];
    uint32_t hits[4];
};

static void
set_summary(struct summary *s, double mean, double sd, size_t n)
{
    double h = stats_ci_halfwidth(sd, n, 0.95);

    memset(s, 0, sizeof(*s));
    s->n = n;
    s->mean = mean;
    s->sd = sd;
    s->ci95_low = mean - h;
    s->ci95_high = mean + h;
}

static void
pt_init(struct pt *t, int k, double mean, const double *month_means,
        size_t n_months)
{
    size_t nk;

    kpi_table(&nk);
    assert_true(nk <= 256 && n_months <= 3);
    memset(t, 0, sizeof(*t));
    t->p.kpi = t->kpi;
    t->p.month = t->month;
    t->p.hits = t->hits;
    t->p.n_reps = 30;
    set_summary(&t->kpi[k], mean, 0.02, 30);
    for (size_t m = 0; m < n_months; m++)
        set_summary(&t->month[m * nk + (size_t)k], month_means[m], 0.02, 30);
}

static void
test_check(void **state)
{
    struct target t[2];
    char err[512];
    struct pt a;
    struct size_spec z = {t, 1, 0.9, 0, 0};
    struct size_check c;
    static const double months[3] = {0.80, 0.86, 0.82};
    double h;

    (void)state;
    assert_int_equal(
        sweep_parse_target("ga_occupancy<=0.85", &t[0], err, sizeof(err)), 0);
    pt_init(&a, t[0].kpi, 0.83, months, 3);
    /* On the mean: the one-sided 90 % bound is the mean plus the 80 %
     * two-sided half-width. */
    h = stats_ci_halfwidth(0.02, 30, 0.8);
    size_check(&z, &a.p, 3, 0, 0.9, &c);
    assert_true(fabs(c.bound - (0.83 + h)) < 1e-12);
    assert_true(c.holds && c.month == -1);
    assert_true(fabs(c.margin - (0.85 - c.bound) / 0.85) < 1e-12);
    assert_int_equal(size_tests(&z, 3), 1);
    /* Every month: the worst month (the second, 0.86) decides. */
    z.every_month = 1;
    assert_int_equal(size_tests(&z, 3), 3);
    size_check(&z, &a.p, 3, 0, 0.9, &c);
    assert_int_equal(c.month, 1);
    assert_false(c.holds);
    assert_false(size_holds(&z, &a.p, 3, 0.9));
    /* A share: 29 of 30 replications meet it; is that at least 85 %? */
    z.every_month = 0;
    z.in_share = 0.85;
    a.hits[0] = 29;
    size_check(&z, &a.p, 3, 0, 0.9, &c);
    assert_true(fabs(c.bound - stats_share_lower(29, 30, 0.9)) < 1e-15);
    assert_true(c.holds == (c.bound >= 0.85));
    assert_true(c.holds);
    a.hits[0] = 24;
    size_check(&z, &a.p, 3, 0, 0.9, &c);
    assert_false(c.holds);
    /* A share is judged per replication, so months add no tests. */
    z.every_month = 1;
    assert_int_equal(size_tests(&z, 3), 1);
    /* Two targets: two tests, or six with every month on the mean. */
    assert_int_equal(
        sweep_parse_target("ga_occupancy>=0.5", &t[1], err, sizeof(err)), 0);
    z.n_targets = 2;
    z.in_share = 0;
    assert_int_equal(size_tests(&z, 3), 6);
    z.every_month = 0;
    assert_int_equal(size_tests(&z, 3), 2);
    /* An undefined KPI holds nothing. */
    a.kpi[t[0].kpi].mean = NAN;
    size_check(&z, &a.p, 3, 0, 0.9, &c);
    assert_false(c.holds);
    assert_true(isnan(c.margin));
}

/* The fewest replications that can show a share: every one meeting it. */
static void
test_min_reps(void **state)
{
    static const double shares[] = {0.5, 0.8, 0.9, 0.95, 0.99};
    static const double confs[] = {0.5, 0.9, 0.95, 0.975};

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(shares); i++) {
        for (size_t j = 0; j < ARRAY_LEN(confs); j++) {
            uint32_t n = size_min_reps(shares[i], confs[j]);

            assert_true(stats_share_lower(n, n, confs[j]) >= shares[i]);
            assert_true(n == 1 ||
                        stats_share_lower(n - 1, n - 1, confs[j]) < shares[i]);
        }
    }
    /* 0.1^(1/22) = 0.9006 >= 0.9 > 0.1^(1/21). */
    assert_int_equal(size_min_reps(0.9, 0.9), 22);
}

/* Shares are fractions: 80 is refused with the fraction offered. */
static void
test_parse_target(void **state)
{
    struct target t;
    char err[512];

    (void)state;
    assert_int_equal(
        sweep_parse_target("vw_occupancy<=80", &t, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "did you mean 0.8?"));
    assert_int_equal(
        sweep_parse_target("vw_occupancy>=-0.1", &t, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "a fraction from 0 to 1"));
    assert_null(strstr(err, "did you mean"));
    assert_int_equal(
        sweep_parse_target("vw_occupancy<=1", &t, err, sizeof(err)), 0);
    /* Not a share: any number. */
    assert_int_equal(sweep_parse_target("nctr_mean<=290", &t, err, sizeof(err)),
                     0);
    assert_int_equal(sweep_parse_target("ga_occ<=0.9", &t, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "did you mean 'ga_occupancy'"));
    assert_int_equal(sweep_parse_target("xyzzy<=0.9", &t, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "uecsim kpis"));
}

/* What the explanation says, from a hand-made result. */
static void
test_explain(void **state)
{
    struct target t[2];
    struct sweep sw;
    struct sweep_point p[3];
    struct size_result res;
    struct size_spec z = {t, 2, 0.9, 0, 0};
    char err[512], buf[1024];

    (void)state;
    memset(&sw, 0, sizeof(sw));
    memset(p, 0, sizeof(p));
    memset(&res, 0, sizeof(res));
    snprintf(sw.vary[0].key, sizeof(sw.vary[0].key), "virtual_wards.beds");
    sw.vary[0].from = 10;
    sw.vary[0].to = 60;
    sw.vary[0].step = 1;
    sw.n_keys = 1;
    sw.point = p;
    sw.n_points = 3;
    p[0].x[0] = 10;
    p[1].x[0] = 60;
    p[2].x[0] = 39;
    assert_int_equal(
        sweep_parse_target("vw_occupancy>=0.6", &t[0], err, sizeof(err)), 0);
    assert_int_equal(
        sweep_parse_target("nctr_mean<=40", &t[1], err, sizeof(err)), 0);
    res.trend[0].cls = SIZE_NEEDS_LOW;
    res.trend[0].improves = -1;
    res.trend[1].cls = SIZE_HOLDS_BOTH;
    res.why = SIZE_WHY_LARGEST;
    res.answer = 2;
    res.below = -1;
    res.above = -1;
    size_explain(&sw, &z, &res, buf, sizeof(buf));
    assert_string_equal(buf, "vw_occupancy>=0.6 improves as "
                             "virtual_wards.beds falls: the largest value "
                             "meeting every target is 39; nctr_mean<=40 "
                             "holds at both ends");
    res.trend[1].cls = SIZE_MISSES_BOTH;
    res.trend[1].improves = 1;
    res.trend[0].cls = SIZE_HOLDS_BOTH;
    res.why = SIZE_WHY_MISSES;
    res.answer = -1;
    size_explain(&sw, &z, &res, buf, sizeof(buf));
    assert_string_equal(buf, "nctr_mean<=40 misses at both ends of 10..60; it "
                             "improves as virtual_wards.beds rises, so a "
                             "value above 60 may meet it");
    /* A small buffer is cut, never overrun. */
    size_explain(&sw, &z, &res, buf, 16);
    assert_int_equal(strlen(buf), 15);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trend),    cmocka_unit_test(test_check),
        cmocka_unit_test(test_min_reps), cmocka_unit_test(test_parse_target),
        cmocka_unit_test(test_explain),
    };

    return cmocka_run_group_tests_name("size", tests, NULL, NULL);
}
