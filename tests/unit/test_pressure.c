/*
 * Unit tests of the responses to pressure (docs/model.md 2.12): the full
 * capacity protocol, which moves admitted patients from the ED to wards
 * as extra patients, and the ambulance cohort area.  Each scenario is
 * built so that the expected value follows from first principles: a site
 * whose beds never free moves exactly its moves per round at every round;
 * a protocol that moves every boarder at every round of 2 hours ends
 * each decision-to-admit wait at the next even hour, 1 hour on average;
 * and patients put ahead of the queue take every bed while they wait.
 * The cohort area's queueing results (the cap on handovers, the M/M/c
 * queue beyond it) are in tests/stat/test_validation.c.
 */
#include <math.h>
#include <string.h>

#include "../fixture.h"

/* Mean over replications of a KPI over the whole period. */
static double
kpi_mean(const struct fx *f, const char *name)
{
    return fx_kpi(&f->run, name, -1).mean;
}

/* An accumulator summed over replication r's months from `from` on. */
static double
acc_from(const struct fx *f, size_t r, int a, size_t from)
{
    const struct rep_out *o = &f->run.rep[r];
    double sum = 0;

    for (size_t m = from; m < o->n_months; m++)
        sum += o->monthly[m * o->n_buckets * ACC_N + (size_t)a];
    return sum;
}

#define HEAD(name, from, to, warm)                                             \
    "{\"name\": \"" name "\", \"start_date\": \"" from "\", "                  \
    "\"end_date\": \"" to "\", \"warm_up_days\": " #warm ", \"seed\": 77, "

/* Every walk-in seen in majors (unlimited spaces) and admitted after a
 * fixed hour; no same-day stays. */
#define ED_ALL_ADMITTED                                                        \
    "\"ed\": {\"majors\": {\"treatment\": "                                    \
    "{\"kind\": \"fixed\", \"value_h\": 1}},"                                  \
    "\"admit_probability\": {\"walk_in\": 1}},"
#define WALK_INS(rate)                                                         \
    "\"arrivals\": {\"ed_walk_in\": {\"rate_per_day\": " #rate "}},"

/*
 * A saturated site: 5 beds whose patients stay 3,000 days, so no bed
 * frees after the first hours, and 100 admissions a day boarding in an
 * ED with unlimited spaces.  From the second day boarders always exceed
 * 3, so each of the 12 rounds a day moves exactly 3: 36 a day, with no
 * randomness in the count.  With 10 escalation spaces, the protocol
 * moves 10 in its first rounds and then none: nobody ever leaves a ward.
 */
static void
test_saturated_rounds(void **state)
{
    char json[1024];

    static const struct {
        const char *spaces;
        double moves_per_day;
    } cases[] = {
        {"", 36.0},
        {", \"extra_spaces\": 10", 0.0},
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct fx *f;

        snprintf(json, sizeof(json),
                 HEAD("rounds", "2023-01-01", "2023-02-28", 2) WALK_INS(100)
                     ED_ALL_ADMITTED
                 "\"beds\": {\"ga\": {\"capacity\": 5},"
                 "\"full_capacity_protocol\": {\"moves_per_round\": 3, "
                 "\"interval_h\": 2%s}},"
                 "\"cohorts\": {\"under_65\": {\"clinical_los\": "
                 "{\"kind\": \"fixed\", \"value_days\": 3000}}}}",
                 cases[i].spaces);
        f = fx_run_text(json, 2, 1);
        printf("  saturated site%s: %.6f moved a day, exact %g\n",
               cases[i].spaces, kpi_mean(f, "fcp_moves_per_day"),
               cases[i].moves_per_day);
        assert_true(fabs(kpi_mean(f, "fcp_moves_per_day") -
                         cases[i].moves_per_day) < 1e-9);
        /* Nobody moved gets a bed, and nobody leaves the wards. */
        assert_true(isnan(kpi_mean(f, "fcp_bed_wait_mean_h")));
        if (i == 1)
            assert_true(fabs(kpi_mean(f, "fcp_extra_patients_mean") - 10) <
                        1e-9);
        fx_free(f);
    }
}

/*
 * The clocks stop when the patient leaves ED.  No beds at all, and a
 * protocol moving every boarder every 2 hours (on the even hours): a
 * patient decided at a time uniform over the day leaves ED at the next
 * even hour, after U(0, 2) hours, so the decision-to-admit wait averages
 * 1 hour and the time in ED (1 hour of treatment first) 2 hours; nobody
 * stays over 3 hours, so every patient meets the four-hour standard and
 * none waits 12 hours, though none ever gets a bed.
 */
static void
test_clocks_stop(void **state)
{
    struct fx *f =
        fx_run_text(HEAD("clocks", "2023-01-01", "2023-03-31", 5) WALK_INS(48)
                        ED_ALL_ADMITTED
                    "\"beds\": {\"ga\": {\"capacity\": 0},"
                    "\"full_capacity_protocol\": {\"moves_per_round\": 1000, "
                    "\"interval_h\": 2}}}",
                    2, 1);
    double dta = kpi_mean(f, "dta_wait_mean_h");

    (void)state;
    printf("  every boarder moved each round: DTA wait %.4f h, exact 1 h\n",
           dta);
    /* About 8,600 waits uniform on [0, 2): standard error about 0.006. */
    assert_true(fabs(dta - 1.0) < 0.03);
    assert_true(fabs(kpi_mean(f, "ed_time_in_dept_mean_h") - 2.0) < 0.03);
    assert_true(kpi_mean(f, "ed_4h_performance") == 1.0);
    assert_true(kpi_mean(f, "dta_12h_waits_per_day") == 0.0);
    assert_true(kpi_mean(f, "ed_boarders_mean") < 4.0);
    assert_true(fabs(kpi_mean(f, "fcp_moves_per_day") - 48) < 2);
    assert_true(kpi_mean(f, "ga_bed_starts_per_day") == 0.0);
    fx_free(f);
}

/*
 * Ahead of the queue.  20 beds held for exactly 2 days free 10 a day;
 * 50 ED admissions and 50 direct admissions a day want them.  The
 * protocol moves 36 a day, more than the beds free, so from the first
 * days there is always a moved patient waiting: ahead of the queue they
 * take every bed (every bed start from the second month is theirs, 10 a
 * day), and no direct admission gets one.  In their place in the queue
 * (first come, first served), the direct admissions, who queue in the
 * same order, take about half the beds.
 */
static void
test_ahead_of_queue(void **state)
{
    char json[1024];

    (void)state;
    for (int ahead = 1; ahead >= 0; ahead--) {
        struct fx *f;
        double starts = 0, moved_bedded = 0;

        snprintf(json, sizeof(json),
                 HEAD("ahead", "2023-01-01", "2023-03-31", 0) ED_ALL_ADMITTED
                 "\"arrivals\": {\"ed_walk_in\": {\"rate_per_day\": 50}, "
                 "\"direct_admission\": {\"rate_per_day\": 50}},"
                 "\"beds\": {\"ga\": {\"capacity\": 20},"
                 "\"full_capacity_protocol\": {\"moves_per_round\": "
                 "3, \"ahead_of_queue\": %s}},"
                 "\"cohorts\": {\"under_65\": {\"clinical_los\": "
                 "{\"kind\": \"fixed\", \"value_days\": 2}}}}",
                 ahead ? "true" : "false");
        f = fx_run_text(json, 2, 1);
        for (size_t r = 0; r < f->run.replications; r++) {
            starts += acc_from(f, r, ACC_GA_BED_STARTS, 1);
            moved_bedded += acc_from(f, r, ACC_FCP_BEDDED, 1);
        }
        printf("  %s: %.0f of %.0f bed starts (February-March) went to "
               "moved patients\n",
               ahead ? "ahead of the queue" : "first come, first served",
               moved_bedded, starts);
        /* February and March, 59 days at 10 a day, in 2 replications. */
        assert_true(fabs(starts - 2 * 59 * 10) <= 2 * 20);
        if (ahead)
            assert_true(moved_bedded == starts);
        else
            assert_true(moved_bedded < 0.75 * starts &&
                        moved_bedded > 0.25 * starts);
        fx_free(f);
    }
}

/*
 * The cohort area releases the crew at the cohort time, and holds no
 * more than its spaces.  One majors space whose first patient stays
 * 3,000 days, so no space ever frees; every ambulance waits, and offload
 * takes a fixed 12 minutes.  With unlimited cohort spaces after 30
 * minutes every handover ends at exactly 30 + 12 minutes, all through
 * the cohort, and nobody waits for a space there.  With 2 spaces, the
 * first 2 ambulances fill it for good: from then on it holds exactly 2,
 * no handover ends after the warm-up, and every later ambulance waits
 * at the door, in the cohort's queue.
 */
static void
test_cohort_releases_crew(void **state)
{
    char json[1024];
    static const char *const spaces[] = {"\"unlimited\"", "2"};

    (void)state;
    for (int i = 0; i < 2; i++) {
        struct fx *f;

        snprintf(
            json, sizeof(json),
            HEAD("cohort", "2023-01-01", "2023-01-31",
                 2) "\"arrivals\": {\"ed_ambulance\": {\"rate_per_day\": 24}},"
                    "\"ed\": {\"majors\": {\"spaces\": 1, \"treatment\": "
                    "{\"kind\": \"fixed\", \"value_days\": 3000}},"
                    "\"ambulance_offload\": {\"kind\": \"fixed\", "
                    "\"value_min\": 12},"
                    "\"ambulance_cohort\": {\"spaces\": %s, "
                    "\"after_min\": 30}}}",
            spaces[i]);
        f = fx_run_text(json, 2, 1);
        printf("  cohort spaces %s: handover mean %.6f min, cohorted %.4f, "
               "in cohort %.4f, waiting for it %.2f\n",
               spaces[i], kpi_mean(f, "handover_mean_min"),
               kpi_mean(f, "handover_cohorted_share"),
               kpi_mean(f, "cohort_occupied_mean"),
               kpi_mean(f, "cohort_queue_mean"));
        if (i == 0) {
            assert_true(fabs(kpi_mean(f, "handover_mean_min") - 42) < 1e-9);
            assert_true(kpi_mean(f, "handover_cohorted_share") == 1.0);
            assert_true(kpi_mean(f, "handover_over_60min_share") == 0.0);
            assert_true(kpi_mean(f, "cohort_queue_mean") == 0.0);
            /* Every ambulance of the month is in the cohort: it grows. */
            assert_true(kpi_mean(f, "cohort_occupied_mean") > 100);
        } else {
            assert_true(fabs(kpi_mean(f, "cohort_occupied_mean") - 2) < 1e-9);
            assert_true(isnan(kpi_mean(f, "handover_mean_min")));
            /* 24 a day for 29 days queue behind it: mean about 24 x 16. */
            assert_true(kpi_mean(f, "cohort_queue_mean") > 300);
        }
        fx_free(f);
    }
}

/*
 * Both start on their `from` day.  The saturated site of
 * test_saturated_rounds with the protocol from 1 February: nobody moves
 * in January, and February's 28 days of 12 rounds move exactly 3 each.
 * The cohort area of test_cohort_releases_crew opening on 1 February:
 * no handover ends through it in January; at its first minute it takes
 * every ambulance waiting then, so all of February's handovers are its.
 */
static void
test_from_day(void **state)
{
    struct fx *f =
        fx_run_text(HEAD("from", "2023-01-01", "2023-02-28", 0) WALK_INS(100)
                        ED_ALL_ADMITTED
                    "\"beds\": {\"ga\": {\"capacity\": 5},"
                    "\"full_capacity_protocol\": {\"moves_per_round\": 3, "
                    "\"interval_h\": 2, \"from\": \"2023-02-01\"}},"
                    "\"cohorts\": {\"under_65\": {\"clinical_los\": "
                    "{\"kind\": \"fixed\", \"value_days\": 3000}}}}",
                    2, 1);
    const struct rep_out *o;

    (void)state;
    for (size_t r = 0; r < 2; r++) {
        o = &f->run.rep[r];
        assert_int_equal(o->n_months, 2);
        assert_true(o->monthly[ACC_FCP_MOVES] == 0);
        assert_true(acc_from(f, r, ACC_FCP_MOVES, 1) == 28 * 12 * 3);
    }
    fx_free(f);

    f = fx_run_text(
        HEAD("from", "2023-01-01", "2023-02-28",
             0) "\"arrivals\": {\"ed_ambulance\": {\"rate_per_day\": 24}},"
                "\"ed\": {\"majors\": {\"spaces\": 1, \"treatment\": "
                "{\"kind\": \"fixed\", \"value_days\": 3000}},"
                "\"ambulance_cohort\": {\"spaces\": \"unlimited\", "
                "\"after_min\": 30, \"from\": \"2023-02-01\"}}}",
        2, 1);
    for (size_t r = 0; r < 2; r++) {
        o = &f->run.rep[r];
        assert_true(o->monthly[ACC_HANDOVERS_COHORTED] == 0);
        assert_true(acc_from(f, r, ACC_HANDOVERS_COHORTED, 1) > 24 * 30);
        assert_true(acc_from(f, r, ACC_HANDOVERS_COHORTED, 1) ==
                    acc_from(f, r, ACC_HANDOVERS, 1));
    }
    fx_free(f);
}

/*
 * Mechanisms that never act change nothing: a cohort area whose wait is
 * longer than the run, and a protocol whose trigger is never reached,
 * schedule their events but give the same results, to the last bit, as
 * none at all (their checks draw no random number and move no patient).
 */
static void
test_idle_changes_nothing(void **state)
{
    static const char *const extra[] = {
        "",
        ", \"full_capacity_protocol\": {\"moves_per_round\": 3, "
        "\"boarders_trigger\": 1000000}",
    };
    static const char *const cohort[] = {
        "",
        ", \"ambulance_cohort\": {\"spaces\": 4, \"after_min\": 4320000}",
    };
    struct fx *f[2];
    char json[1024];

    (void)state;
    for (int i = 0; i < 2; i++) {
        snprintf(
            json, sizeof(json),
            HEAD("idle", "2023-01-01", "2023-01-31",
                 3) "\"arrivals\": {\"ed_ambulance\": {\"rate_per_day\": 120}},"
                    "\"ed\": {\"majors\": {\"spaces\": 4, \"treatment\": "
                    "{\"kind\": \"exponential\", \"mean_h\": 0.5}},"
                    "\"admit_probability\": {\"ambulance\": 0.4}%s},"
                    "\"beds\": {\"ga\": {\"capacity\": 10}%s},"
                    "\"cohorts\": {\"under_65\": {\"clinical_los\": "
                    "{\"kind\": \"exponential\", \"mean_h\": 12}}}}",
            cohort[i], extra[i]);
        f[i] = fx_run_text(json, 2, 1);
    }
    /* The ED queues and patients board, so both would act if they could. */
    assert_true(kpi_mean(f[0], "ed_boarders_mean") > 1);
    assert_true(kpi_mean(f[0], "handover_mean_min") > 30);
    for (size_t r = 0; r < 2; r++)
        assert_memory_equal(f[0]->run.rep[r].total, f[1]->run.rep[r].total,
                            ACC_N * sizeof(double));
    fx_free(f[0]);
    fx_free(f[1]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_saturated_rounds),
        cmocka_unit_test(test_clocks_stop),
        cmocka_unit_test(test_ahead_of_queue),
        cmocka_unit_test(test_cohort_releases_crew),
        cmocka_unit_test(test_from_day),
        cmocka_unit_test(test_idle_changes_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
