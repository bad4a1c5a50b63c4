/*
 * Unit tests for kpi: the table's integrity, kpi_find, kpi_eval for
 * every kind of denominator over hand-made buckets, and what the table
 * says about showing each KPI (unit, share, headline, national standard).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#include "kpi.h"
#include "standards.h"

static void
check_rel(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= 1e-12 * fabs(want)))
        fail_msg("%s: got %.15g, want %.15g", what, got, want);
}

/* A bucket of distinct, awkward values covering 2.5 days. */
static void
fill_bucket(double *acc)
{
    for (int i = 0; i < ACC_N; i++)
        acc[i] = 3.7 + 1.385 * i + 0.0625 * i * i;
    acc[ACC_MINUTES] = 2.5 * 1440;
}

static const struct kpi_def *
find(const char *name)
{
    size_t n;
    const struct kpi_def *t = kpi_table(&n);
    int i = kpi_find(name);

    if (i < 0)
        fail_msg("KPI %s not found", name);
    assert_true((size_t)i < n);
    return &t[i];
}

static void
test_table_integrity(void **state)
{
    size_t n;
    const struct kpi_def *t = kpi_table(&n);
    int n_num_special = 0, n_den_special = 0;

    (void)state;
    assert_non_null(t);
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        const struct kpi_def *k = &t[i];

        assert_non_null(k->name);
        assert_true(strlen(k->name) > 0);
        assert_non_null(k->label);
        assert_true(strlen(k->label) > 0);
        /* Names are stable identifiers: lower case, digits, '_'. */
        for (const char *p = k->name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  *p == '_'))
                fail_msg("KPI name %s has a bad character", k->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(t[j].name, k->name) == 0)
                fail_msg("KPI name %s appears twice", k->name);
        assert_int_equal(kpi_find(k->name), (int)i);
        /* Indices in range; -1 and -3 mark summed entries. */
        assert_true(k->num == -1 || k->num == -3 ||
                    (k->num >= 0 && k->num < ACC_N));
        assert_true(k->num != ACC_MINUTES);
        n_num_special += k->num == -1;
        assert_true(k->den_kind == KPI_DEN_ACC || k->den_kind == KPI_DEN_DAYS ||
                    k->den_kind == KPI_DEN_TIME || k->den_kind == KPI_DEN_ONE ||
                    k->den_kind == KPI_DEN_QUANTILE);
        if (k->den_kind == KPI_DEN_QUANTILE) {
            /* A histogram of KPI_HIST_BINS time accumulators. */
            assert_true(k->num >= ACC_AMB_HIST &&
                        k->num + KPI_HIST_BINS - 1 <= ACC_AMB_HIST_END);
            assert_true(k->scale > 0 && k->scale < 1);
        }
        if (k->den_kind == KPI_DEN_ACC) {
            assert_true(k->den == -1 || k->den == -2 ||
                        (k->den >= 0 && k->den < ACC_N));
            assert_true(k->den != k->num);
            n_den_special += k->den == -1;
        }
        assert_true(isfinite(k->scale) && k->scale > 0);
        assert_true(k->daily == 0 || k->daily == 1);
    }
    assert_int_equal(n_num_special, 1);
    assert_int_equal(n_den_special, 2);
    assert_int_equal(find("nctr_mean")->num, -1);
    assert_int_equal(find("p0_discharge_share")->den, -1);
    assert_int_equal(find("discharges_before_noon_share")->den, -1);
}

static void
test_find_misses(void **state)
{
    (void)state;
    assert_int_equal(kpi_find(""), -1);
    assert_int_equal(kpi_find("no_such_kpi"), -1);
    assert_int_equal(kpi_find("ed_4h"), -1);
    assert_int_equal(kpi_find("ed_4h_performance_"), -1);
    assert_int_equal(kpi_find("ED_4H_PERFORMANCE"), -1);
    assert_true(kpi_find("ed_4h_performance") >= 0);
}

struct named_case {
    const char *name;
    int num, den; /* den: -2 for days, -3 for time */
    double scale;
};

/* Each den kind, with the expected value written out by hand. */
static void
test_eval_hand_made(void **state)
{
    double acc[ACC_N];
    static const struct named_case cases[] = {
        {"ed_attendances_per_day", ACC_ED_ARRIVALS, -2, 1},
        {"dta_12h_waits_per_day", ACC_DTA_OVER_12H, -2, 1},
        {"ed_4h_performance", ACC_ED_WITHIN_4H, ACC_ED_DEPARTURES, 1},
        {"ed_time_in_dept_mean_h", ACC_ED_TIME_SUM_MIN, ACC_ED_DEPARTURES,
         1 / 60.0},
        {"ga_bed_stay_mean_days", ACC_GA_STAY_SUM_MIN, ACC_GA_BED_EXITS,
         1 / 1440.0},
        {"ed_in_dept_mean", AREA_ED_IN_DEPT, -3, 1},
        {"ga_occupied_mean", AREA_GA_OCCUPIED, -3, 1},
        {"ga_occupancy", AREA_GA_OCCUPIED, AREA_GA_OPEN, 1},
        {"p2_occupancy", AREA_PW_BUSY_P2, AREA_PW_OPEN_P2, 1},
        {"vw_step_up_refused_share", ACC_VW_REFUSED, ACC_VW_REFERRALS, 1},
    };

    (void)state;
    fill_bucket(acc);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct named_case *c = &cases[i];
        double den = c->den == -2   ? acc[ACC_MINUTES] / 1440
                     : c->den == -3 ? acc[ACC_MINUTES]
                                    : acc[c->den];

        check_rel(kpi_eval(find(c->name), acc), acc[c->num] / den * c->scale,
                  c->name);
    }
}

/* Hours lost per day: (lost minutes / 60) / (minutes / 1440). */
static void
test_eval_handover_hours_lost(void **state)
{
    double acc[ACC_N];

    (void)state;
    memset(acc, 0, sizeof(acc));
    acc[ACC_MINUTES] = 3 * 1440;
    acc[ACC_HANDOVER_LOST_MIN] = 2385.5;
    check_rel(kpi_eval(find("handover_hours_lost_per_day"), acc),
              2385.5 / 60 / 3, "handover_hours_lost_per_day");
}

/* NAN exactly when the denominator is zero; a zero numerator gives 0. */
static void
test_eval_zero_denominator(void **state)
{
    size_t n;
    const struct kpi_def *t = kpi_table(&n);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct kpi_def *k = &t[i];
        double acc[ACC_N];

        fill_bucket(acc);
        if (k->den_kind == KPI_DEN_ONE) {
            /* A total has no denominator: defined over an empty bucket. */
            acc[ACC_MINUTES] = 0;
            if (!isfinite(kpi_eval(k, acc)))
                fail_msg("%s: a total should always be defined", k->name);
            continue;
        }
        if (k->den_kind == KPI_DEN_QUANTILE) {
            /* An empty histogram has no quantile. */
            for (int b = 0; b < KPI_HIST_BINS; b++)
                acc[k->num + b] = 0;
            if (!isnan(kpi_eval(k, acc)))
                fail_msg("%s: defined over an empty histogram", k->name);
            continue;
        }
        if (k->den_kind != KPI_DEN_ACC)
            acc[ACC_MINUTES] = 0;
        else if (k->den >= 0)
            acc[k->den] = 0;
        else if (k->den == -2)
            acc[ACC_AMB_RESP_C1] = acc[ACC_AMB_RESP_C2] = acc[ACC_AMB_RESP_C3] =
                acc[ACC_AMB_RESP_C4] = 0;
        else
            acc[ACC_DISCHARGES_P0] = acc[ACC_DISCHARGES_P1] =
                acc[ACC_DISCHARGES_P2] = acc[ACC_DISCHARGES_P3] = 0;
        if (!isnan(kpi_eval(k, acc)))
            fail_msg("%s: defined with a zero denominator", k->name);

        fill_bucket(acc);
        if (k->num >= 0)
            acc[k->num] = 0;
        else if (k->num == -3)
            acc[ACC_UCR_TO_ADMIT] = acc[ACC_UCR_TO_ED] = 0;
        else
            acc[AREA_NCTR_PROCESS] = acc[AREA_NCTR_AWAITING] = 0;
        if (kpi_eval(k, acc) != 0)
            fail_msg("%s: not 0 with a zero numerator", k->name);
    }
}

/*
 * The histogram quantile: bins are a third of an octave from 1 minute, a
 * time lands in the bin whose edges hold it, and the quantile of a
 * histogram filled with known times is read back by interpolation inside
 * its bin.
 */
static void
test_hist_quantile(void **state)
{
    double acc[ACC_N];
    const struct kpi_def *p90 = find("amb_cat2_response_p90_min");

    (void)state;
    assert_int_equal(kpi_hist_bin(0), 0);
    assert_int_equal(kpi_hist_bin(0.99), 0);
    assert_int_equal(kpi_hist_bin(1), 1);
    assert_int_equal(kpi_hist_bin(2), 4);
    assert_int_equal(kpi_hist_bin(1.9), 3);
    assert_int_equal(kpi_hist_bin(1e9), KPI_HIST_BINS - 1);
    assert_int_equal(kpi_hist_bin(NAN), 0);
    memset(acc, 0, sizeof(acc));
    /* 100 responses: 90 in [8, 10.08) minutes, 10 in [32, 40.3). */
    acc[p90->num + kpi_hist_bin(9)] = 90;
    acc[p90->num + kpi_hist_bin(35)] = 10;
    assert_int_equal(kpi_hist_bin(9), 10);
    check_rel(kpi_eval(p90, acc), exp2(10 / 3.0), "the 90th is bin 10's top");
    acc[p90->num + kpi_hist_bin(9)] = 80;
    acc[p90->num + kpi_hist_bin(35)] = 20;
    /* Half-way through bin 16 = [32, 40.32). */
    check_rel(kpi_eval(p90, acc), 32 + (exp2(16 / 3.0) - 32) / 2,
              "interpolated in its bin");
    /* Category 2's histogram only: Category 1's bins are not read. */
    acc[ACC_AMB_HIST + kpi_hist_bin(500)] = 1000;
    check_rel(kpi_eval(p90, acc), 32 + (exp2(16 / 3.0) - 32) / 2,
              "one category's bins");
}

static void
test_nctr_mean_sums_areas(void **state)
{
    double acc[ACC_N];
    const struct kpi_def *all = find("nctr_mean");

    (void)state;
    memset(acc, 0, sizeof(acc));
    acc[ACC_MINUTES] = 1440;
    acc[AREA_NCTR_PROCESS] = 1440 * 12.25;
    acc[AREA_NCTR_AWAITING] = 1440 * 31.5;
    check_rel(kpi_eval(all, acc), 43.75, "nctr_mean");
    check_rel(kpi_eval(all, acc),
              kpi_eval(find("nctr_in_process_mean"), acc) +
                  kpi_eval(find("nctr_awaiting_pathway_mean"), acc),
              "nctr parts");
    acc[AREA_NCTR_AWAITING] = 0;
    check_rel(kpi_eval(all, acc), 12.25, "nctr_mean, process only");
    acc[AREA_NCTR_PROCESS] = 0;
    acc[AREA_NCTR_AWAITING] = 1440 * 31.5;
    check_rel(kpi_eval(all, acc), 31.5, "nctr_mean, awaiting only");
}

static void
test_p0_share_all_pathways(void **state)
{
    double acc[ACC_N];
    const struct kpi_def *k = find("p0_discharge_share");

    (void)state;
    memset(acc, 0, sizeof(acc));
    acc[ACC_DISCHARGES_P0] = 37;
    acc[ACC_DISCHARGES_P1] = 11;
    acc[ACC_DISCHARGES_P2] = 5;
    acc[ACC_DISCHARGES_P3] = 3;
    check_rel(kpi_eval(k, acc), 37.0 / 56, "p0 share");
    /* Each other pathway counts in the denominator. */
    for (int p = ACC_DISCHARGES_P1; p <= ACC_DISCHARGES_P3; p++) {
        double keep = acc[p];

        acc[p] = 0;
        check_rel(kpi_eval(k, acc), 37.0 / (56 - keep), "p0 share, one off");
        acc[p] = keep;
    }
    /* No pathway 0 discharges but others: a share of 0, not NAN. */
    acc[ACC_DISCHARGES_P0] = 0;
    assert_true(kpi_eval(k, acc) == 0);
    /* Only pathway 0: a share of 1. */
    memset(acc, 0, sizeof(acc));
    acc[ACC_DISCHARGES_P0] = 9;
    check_rel(kpi_eval(k, acc), 1, "p0 only");
}

/* A total: escalation bed-days is the open-bed integral in days. */
static void
test_escalation_bed_days_total(void **state)
{
    double acc[ACC_N] = {0};
    const struct kpi_def *k = find("escalation_bed_days");

    (void)state;
    assert_int_equal(k->den_kind, KPI_DEN_ONE);
    acc[AREA_ESC_BEDS] = 12.5 * 1440 * 3; /* 12.5 beds open for 3 days */
    acc[ACC_MINUTES] = 3 * 1440;
    check_rel(kpi_eval(k, acc), 37.5, k->name);
    check_rel(kpi_eval(find("escalation_beds_open_mean"), acc), 12.5,
              "escalation_beds_open_mean");
}

/* Every KPI says how to show itself; shares are exactly the fractions. */
static void
test_presentation(void **state)
{
    static const char *const headline[] = {"ed_attendances_per_day",
                                           "ed_4h_performance",
                                           "handover_mean_min",
                                           "nel_admissions_per_day",
                                           "nel_los_mean_days",
                                           "ga_occupancy",
                                           "nctr_mean",
                                           "vw_occupancy"};
    /* Headline only where the run has values (its service on). */
    static const char *const headline_on[] = {"amb_cat2_response_mean_min",
                                              "ucr_within_2h_share"};
    size_t h_on = 0;
    size_t n, h = 0;
    const struct kpi_def *t = kpi_table(&n);
    char buf[192];

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct kpi_def *k = &t[i];

        /* Capitalised (or a number) for titles; a unit for the axis. */
        if (!k->short_label ||
            !((k->short_label[0] >= 'A' && k->short_label[0] <= 'Z') ||
              (k->short_label[0] >= '0' && k->short_label[0] <= '9')) ||
            !k->unit || !k->unit[0])
            fail_msg("%s: no short label or unit", k->name);
        /* A share is a fraction of 1, and its unit says so. */
        assert_int_equal(k->share, strcmp(k->unit, "share") == 0);
        if (k->standard && k->share)
            assert_true(k->standard->value > 0 && k->standard->value < 1);
        if (k->headline == 1)
            assert_string_equal(k->name, headline[h++]);
        else if (k->headline == 2)
            assert_string_equal(k->name, headline_on[h_on++]);
        else
            assert_int_equal(k->headline, 0);
        /* A service's KPI heads only the runs that have its values. */
        assert_int_equal(kpi_heads(k, 0), k->headline == 1);
        assert_int_equal(kpi_heads(k, 30), k->headline != 0);
    }
    assert_int_equal(h, sizeof(headline) / sizeof(headline[0]));
    assert_int_equal(h_on, sizeof(headline_on) / sizeof(headline_on[0]));
    /* The standards the charts draw are the national ones. */
    assert_true(find("ga_occupancy")->standard->value == STD_GA_OCCUPANCY);
    assert_true(find("ga_occupancy")->standard->at_most);
    assert_true(find("ed_4h_performance")->standard->value == STD_ED_4H_SHARE);
    assert_false(find("ed_4h_performance")->standard->at_most);
    assert_true(find("vw_occupancy")->standard->value == STD_VW_OCCUPANCY);
    assert_true(find("handover_mean_min")->standard->value == STD_HANDOVER_MIN);
    assert_null(find("nctr_mean")->standard); /* a local plan, not national */
    assert_string_equal(kpi_axis_label(find("ga_occupancy"), buf, sizeof(buf)),
                        "G&A bed occupancy (%)");
    assert_string_equal(
        kpi_axis_label(find("handover_mean_min"), buf, sizeof(buf)),
        "Ambulance handover time (minutes)");
    assert_string_equal(kpi_axis_label(find("nctr_mean"), buf, sizeof(buf)),
                        "Patients with no criteria to reside");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_integrity),
        cmocka_unit_test(test_find_misses),
        cmocka_unit_test(test_eval_hand_made),
        cmocka_unit_test(test_eval_handover_hours_lost),
        cmocka_unit_test(test_eval_zero_denominator),
        cmocka_unit_test(test_hist_quantile),
        cmocka_unit_test(test_nctr_mean_sums_areas),
        cmocka_unit_test(test_p0_share_all_pathways),
        cmocka_unit_test(test_escalation_bed_days_total),
        cmocka_unit_test(test_presentation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
