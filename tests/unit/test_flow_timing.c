/*
 * Unit tests of when beds free up (issue 10): ward rounds, the working
 * hours of the discharge process, the departure profile, bed turnaround
 * and step-downs that try again at the next ward round.  Each mechanism
 * is switched on alone in a tiny scenario and checked against a value
 * derived here from first principles: fixed stays and Poisson arrivals
 * at a flat rate make the instant a patient becomes fit uniform over the
 * day and the week, so each expected value is an integral over that
 * uniform time.
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

/* A KPI in one reported month (0 = the first) of replication r. */
static double
kpi_month_rep(const struct fx *f, const char *name, int month, size_t r)
{
    int k = kpi_find(name);
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert_true(k >= 0);
    return kpi_eval(&tab[k], f->run.rep[r].monthly + (size_t)month * ACC_N);
}

#define HEAD(name)                                                             \
    "{\"name\": \"" name "\", \"start_date\": \"2023-01-01\", "                \
    "\"end_date\": \"2023-12-31\", \"warm_up_days\": 30, \"seed\": 2385, "

/* Direct admissions at 40 a day, fixed 2-day clinical stays; the rest of
 * the scenario (its discharge block) follows. */
#define DIRECT_2_DAYS                                                          \
    "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": 40}},"            \
    "\"cohorts\": {\"under_65\": {\"clinical_los\": "                          \
    "{\"kind\": \"fixed\", \"value_days\": 2}}},"

/* Mean NEL length of stay in hours less the fixed clinical stay. */
static double
extra_h(const struct fx *f, double stay_days)
{
    return (kpi_mean(f, "nel_los_mean_days") - stay_days) * 24;
}

/*
 * Ward rounds.  Fit times are uniform over the week, so the wait for the
 * next round is the residual life of the gaps between rounds: E[wait] =
 * sum(g^2) / (2 sum(g)).  Rounds every day: gaps of 24 h, 12 h whatever
 * the time of the round (a spread 9:00-11:00 too).  Weekdays only: four
 * gaps of 24 h and Friday to Monday 72 h, (4 x 576 + 5184) / 336 =
 * 22.2857 h.  Half the patients reviewed at weekends: the mean of the two.
 */
static void
test_ward_round_wait(void **state)
{
    static const struct {
        const char *round;
        double wait_h;
    } cases[] = {
        {"{\"start_h\": 10, \"end_h\": 10, \"weekend_share\": 1}", 12.0},
        {"{\"start_h\": 9, \"end_h\": 11}", 12.0},
        {"{\"start_h\": 10, \"end_h\": 10, \"weekend_share\": 0}",
         7488.0 / 336.0},
        {"{\"start_h\": 10, \"end_h\": 10, \"weekend_share\": 0.5}",
         0.5 * 12.0 + 0.5 * 7488.0 / 336.0},
    };

    char json[1024];

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct fx *f;
        double w;

        snprintf(json, sizeof(json),
                 HEAD("round") DIRECT_2_DAYS
                 "\"discharge\": {\"ward_round\": %s}}",
                 cases[i].round);
        f = fx_run_text(json, 2, 1);
        w = extra_h(f, 2);
        printf("  ward round %s: wait %.4f h, exact %.4f h\n", cases[i].round,
               w, cases[i].wait_h);
        /* About 29,000 stays: the standard error is under 0.1 h. */
        assert_true(fabs(w - cases[i].wait_h) < 0.4);
        /* The wait is clinical stay, not NCTR (no process, no window). */
        assert_true(kpi_mean(f, "nctr_mean") < 1e-9);
        fx_free(f);
    }
}

/*
 * A fixed 5-hour process worked 08:00-18:00 every day, started at a time
 * t uniform over the day: before 08:00 it ends at 13:00 (mean 9 h); from
 * 08:00 to 13:00 it takes 5 h; from 13:00 to 18:00, 19 h (the rest next
 * morning); after 18:00, 37 - t h (mean 16 h).  Mean (8 x 9 + 5 x 5 + 5 x
 * 19 + 6 x 16) / 24 = 12 h, so 40 a day hold 20 NCTR beds in the process.
 */
static void
test_process_hours(void **state)
{
    struct fx *f = fx_run_text(
        HEAD("hours") DIRECT_2_DAYS
        "\"discharge\": {\"process_hours\": {\"start_h\": 8, \"end_h\": 18},"
        "\"process_delay\": {\"p0\": {\"kind\": \"fixed\", \"value_h\": 5}}}}",
        2, 1);
    double w = extra_h(f, 2);

    (void)state;
    printf("  process 5 h in 08:00-18:00: %.4f h, exact 12 h\n", w);
    assert_true(fabs(w - 12) < 0.2);
    assert_true(fabs(kpi_mean(f, "nctr_in_process_mean") - 20) < 0.5);
    fx_free(f);
}

/*
 * The departure profile.  Ready times r are uniform over the day (hours).
 * (a) Weight only in 14:00-16:00: before 14:00 the patient leaves
 * uniformly in [14, 16) (mean wait 15 - r); in [14, 16), uniformly in
 * [r, 16); after 16:00 nothing is left that day: the next day's [14, 16).
 * E[wait] = (14 x 8 + 2 x 0.5 + 8 x 19) / 24 = 265 / 24 h; nobody leaves
 * before noon.
 * (b) Equal weight in 10:00-11:00 and 20:00-21:00: before 10:00 half
 * leave before noon; in [10, 11) a share (11 - r) / (12 - r), whose
 * integral is 1 - ln 2; in [11, 21) nobody; after 21:00 the next day's,
 * half.  Share (10 x 0.5 + 1 - ln 2 + 3 x 0.5) / 24.
 * (c) A flat profile inside the window 08:00-20:00: before 08:00 a third
 * leave before noon (4 of 12 hours); in [8, 12) a share (12 - r) /
 * (20 - r), whose integral is 4 - 8 ln 1.5; in [12, 20) nobody; after
 * 20:00 the next day's third.  Share (8 / 3 + 4 - 8 ln 1.5 + 4 / 3) / 24.
 */
static void
test_departure_profile(void **state)
{
    static const struct {
        const char *discharge;
        double noon_share, wait_h; /* wait_h < 0: not checked */
    } cases[] = {
        {"\"departure_profile\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,"
         "0,0,0,0,0,0,0,0]",
         0.0, 265.0 / 24.0},
        {"\"departure_profile\": [0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,"
         "0,0,0,0,1,0,0,0]",
         0, -1},
        {"\"window\": {\"start_h\": 8, \"end_h\": 20}, "
         "\"departure_profile\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
         "1,1,1,1,1,1,1,1]",
         0, -1},
    };

    char json[1024];
    double noon[3];

    (void)state;
    noon[0] = cases[0].noon_share;
    noon[1] = (10 * 0.5 + (1 - log(2.0)) + 3 * 0.5) / 24;
    noon[2] = (8.0 / 3 + (4 - 8 * log(1.5)) + 4.0 / 3) / 24;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct fx *f;
        double share;

        snprintf(json, sizeof(json),
                 HEAD("profile") DIRECT_2_DAYS "\"discharge\": {%s}}",
                 cases[i].discharge);
        f = fx_run_text(json, 2, 1);
        share = kpi_mean(f, "discharges_before_noon_share");
        printf("  profile %zu: before noon %.4f, exact %.4f; wait %.4f h\n", i,
               share, noon[i], extra_h(f, 2));
        /* Binomial standard error under 0.003 on about 29,000. */
        assert_true(fabs(share - noon[i]) < 0.012);
        if (cases[i].wait_h >= 0)
            assert_true(fabs(extra_h(f, 2) - cases[i].wait_h) < 0.25);
        fx_free(f);
    }
}

/*
 * The exit-profile rule (departure_exit_profile): a patient ready at r
 * leaves at the first time, at or after r, of a time of day tau drawn
 * from the whole profile, independently of r.  So the hour of exit is
 * tau's: the share leaving before noon is the profile's mass before noon
 * whatever the readiness times, and the wait is (tau - r) mod 24 h.
 * (a) Ready times uniform over the day (no rounds): for any tau, (tau - r)
 * mod 24 is uniform on [0, 24), so the mean wait is exactly 12 h; a
 * profile of weight 1 in 08:00-10:00 and 3 in 14:00-18:00 puts 2 / 14 =
 * 1/7 of exits before noon.
 * (b) Ready at 16:00 (every patient's ward round, every day, after a
 * fixed 2-day stay: the round wait is uniform, 12 h on average) with
 * equal weight in 10:00-11:00 and 20:00-21:00: half leave at 20:00-21:00
 * the same day (mean wait 4.5 h), half at 10:00-11:00 the next (18.5 h):
 * half before noon, 12 + 11.5 h after the fixed stay.  The rule of
 * test_departure_profile keeps only 20:00-21:00 after 16:00: nobody
 * before noon, 12 + 4.5 h.
 */
static void
test_departure_exit_profile(void **state)
{
    static const char two_peaks[] = "[0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,"
                                    "0,0,0,0,1,0,0,0]";
    static const char round_16[] =
        "\"ward_round\": {\"start_h\": 16, \"end_h\": 16, "
        "\"weekend_share\": 1}, ";

    static const struct {
        const char *round, *profile;
        int exit;
        double noon_share, wait_h;
    } cases[] = {
        {"", "[0,0,0,0,0,0,0,0,1,1,0,0,0,0,3,3,3,3,0,0,0,0,0,0]", 1, 1.0 / 7,
         12.0},
        {round_16, two_peaks, 1, 0.5, 12 + 11.5},
        {round_16, two_peaks, 0, 0.0, 12 + 4.5},
    };

    char json[1024];

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct fx *f;
        double share, w;

        snprintf(json, sizeof(json),
                 HEAD("exit") DIRECT_2_DAYS
                 "\"discharge\": {%s\"departure_profile\": %s, "
                 "\"departure_exit_profile\": %s}}",
                 cases[i].round, cases[i].profile,
                 cases[i].exit ? "true" : "false");
        f = fx_run_text(json, 2, 1);
        share = kpi_mean(f, "discharges_before_noon_share");
        w = extra_h(f, 2);
        printf("  exit profile %zu: before noon %.4f, exact %.4f; wait %.4f "
               "h, exact %.4f h\n",
               i, share, cases[i].noon_share, w, cases[i].wait_h);
        /* Binomial standard error under 0.003 on about 29,000 exits; the
         * mean of waits of sd under 7 h, under 0.05 h. */
        assert_true(fabs(share - cases[i].noon_share) < 0.012);
        assert_true(fabs(w - cases[i].wait_h) < 0.25);
        fx_free(f);
    }
}

/* Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)). */
static double
erlang_b(int c, double a)
{
    double b = 1;

    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

/*
 * Turnaround in a loss system.  Electives (Poisson, 10 a day) take one of
 * 20 beds or are cancelled: M/G/c/c, whose blocking depends on the
 * holding time only through its mean (Erlang B is insensitive).  A bed is
 * held for the lognormal stay (mean 1.5 days) plus a fixed turnaround of
 * half a day, so B(20, 10 x 2) = 0.1588 of electives are cancelled, not
 * B(20, 15) = 0.0456; the beds in turnaround average 10 (1 - B) x 0.5.
 */
static void
test_turnaround_erlang_b(void **state)
{
    struct fx *f = fx_run_text(
        "{\"name\": \"tb\", \"start_date\": \"2023-01-01\", "
        "\"end_date\": \"2032-12-31\", \"warm_up_days\": 30, \"seed\": 2385,"
        "\"arrivals\": {\"elective\": {\"rate_per_day\": 10}},"
        "\"beds\": {\"ga\": {\"capacity\": 20, \"turnaround\": "
        "{\"kind\": \"fixed\", \"value_days\": 0.5}}},"
        "\"electives\": {\"los\": {\"kind\": \"lognormal\", "
        "\"mean_days\": 1.5, \"cv\": 1.2}}}",
        4, 1);
    double b = erlang_b(20, 20), got;

    (void)state;
    got = kpi_mean(f, "elective_cancellations_per_day") / 10;
    printf("  cancelled %.4f, Erlang B %.4f (without turnaround %.4f)\n", got,
           b, erlang_b(20, 15));
    assert_true(fabs(got - b) < 0.05 * b);
    assert_true(fabs(kpi_mean(f, "ga_turnaround_beds_mean") -
                     10 * (1 - b) * 0.5) < 0.05);
    assert_true(fabs(kpi_mean(f, "ga_turnaround_mean_min") - 720) < 1e-9);
    assert_true(fabs(kpi_mean(f, "ga_occupied_mean") - 10 * (1 - b) * 1.5) <
                0.3);
    fx_free(f);
}

/*
 * Turnaround in a queue.  Direct admissions (7 a day) whose clinical stay
 * is 0 leave the bed at once, and the bed is then in turnaround for an
 * exponential time of mean 1 day: an M/M/10 queue of 7 erlangs whose
 * servers are the beds in turnaround.  Erlang C gives the mean wait for
 * a bed, C / (c mu - lambda) = C(10, 7) / 3 days.
 */
static void
test_turnaround_erlang_c(void **state)
{
    struct fx *f = fx_run_text(
        "{\"name\": \"tc\", \"start_date\": \"2023-01-01\", "
        "\"end_date\": \"2042-12-31\", \"warm_up_days\": 30, \"seed\": 2385,"
        "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": 7}},"
        "\"beds\": {\"ga\": {\"capacity\": 10, \"turnaround\": "
        "{\"kind\": \"exponential\", \"mean_days\": 1}}}}",
        4, 1);
    double b = erlang_b(10, 7), c = 10 * b / (10 - 7 * (1 - b));
    double wq_h = c / (10 - 7) * 24, got = kpi_mean(f, "ga_wait_mean_h");

    (void)state;
    printf("  wait for a bed %.4f h, Erlang C %.4f h\n", got, wq_h);
    assert_true(fabs(got - wq_h) < 0.08 * wq_h);
    assert_true(fabs(kpi_mean(f, "ga_turnaround_beds_mean") - 7) < 0.1);
    assert_true(kpi_mean(f, "ga_occupied_mean") < 1e-9);
    fx_free(f);
}

/*
 * Step-downs that find the virtual ward full try again at the next ward
 * round.  Every patient (1,000 a day, fixed 4-day stays) is eligible, at
 * half the stay; the virtual ward has no beds until 15 March, then
 * plenty.  Rounds at 10:00 every day.  From 15 March every first attempt
 * succeeds.  A patient admitted at a with a + 2 days before 15 March
 * tries again at 10:00 on 15 March, which is still inside the clinical
 * stay when a + 4 days is after it: a in (15 March - 3 days 14 h,
 * 15 March - 2 days), 1.5833 days of arrivals.  Without ward rounds
 * nobody tries again.  The same seed gives both runs the same patients,
 * so the March difference in step-downs is exactly those arrivals:
 * Poisson with mean 1,583.3, over 31 days.
 */
static void
test_step_down_retry(void **state)
{
    static const char fmt[] =
        "{\"name\": \"retry\", \"start_date\": \"2023-03-01\", "
        "\"end_date\": \"2023-03-31\", \"warm_up_days\": 10, \"seed\": 2385,"
        "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": 1000}},"
        "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": "
        "\"fixed\", \"value_days\": 4}, \"step_down_probability\": 1}},"
        "\"virtual_wards\": {\"beds\": 0, \"schedule\": [{\"from\": "
        "\"2023-03-15\", \"beds\": 100000}], \"stay\": {\"kind\": \"fixed\", "
        "\"value_days\": 1}, \"step_down_at_share_of_los\": 0.5}%s}";
    char json[1024];
    struct fx *on, *off;
    double lambda_window = 1000 * (2 - 10.0 / 24);

    (void)state;
    snprintf(json, sizeof(json), fmt,
             ", \"discharge\": {\"ward_round\": {\"start_h\": 10, "
             "\"end_h\": 10}}");
    on = fx_run_text(json, 4, 1);
    snprintf(json, sizeof(json), fmt, "");
    off = fx_run_text(json, 4, 1);
    for (size_t r = 0; r < 4; r++) {
        double d_on = kpi_month_rep(on, "step_downs_per_day", 0, r);
        double d_off = kpi_month_rep(off, "step_downs_per_day", 0, r);
        double diff = (d_on - d_off) * 31;

        printf("  replication %zu: step-downs a day %.3f with retries, %.3f "
               "without; %.0f more, expected %.1f\n",
               r, d_on, d_off, diff, lambda_window);
        /* Four standard deviations of the Poisson count. */
        assert_true(fabs(diff - lambda_window) < 4 * sqrt(lambda_window));
        /* Without retries, the first attempts from 15 March: 17 days. */
        assert_true(fabs(d_off * 31 - 17000) < 4 * sqrt(17000.0));
    }
    fx_free(on);
    fx_free(off);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ward_round_wait),
        cmocka_unit_test(test_process_hours),
        cmocka_unit_test(test_departure_profile),
        cmocka_unit_test(test_departure_exit_profile),
        cmocka_unit_test(test_turnaround_erlang_b),
        cmocka_unit_test(test_turnaround_erlang_c),
        cmocka_unit_test(test_step_down_retry),
    };

    return cmocka_run_group_tests_name("flow_timing", tests, NULL, NULL);
}
