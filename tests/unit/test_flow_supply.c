/*
 * Unit tests of the supply mechanisms of issue 10: booked electives with
 * ring-fenced beds and rebooking, pathway starts (released evenly, banked,
 * queued, spot purchase) and ED crowding.  Each expected value comes from
 * arithmetic on the scenario or from queueing theory, derived in the
 * comment beside it.
 */
#include <math.h>
#include <string.h>

#include "../fixture.h"
#include "calendar.h"
#include "model.h"

/* A KPI over the whole period, mean over replications. */
static double
kpi_mean(const struct fx *f, const char *name)
{
    return fx_kpi(&f->run, name, -1).mean;
}

/* A KPI of replication r over the whole period. */
static double
kpi_rep(const struct fx *f, uint32_t r, const char *name)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int k = kpi_find(name);

    assert_true(k >= 0);
    return kpi_eval(&tab[k], f->run.rep[r].total);
}

/* A KPI of replication 0 in reported month m. */
static double
kpi_month(const struct fx *f, const char *name, size_t m)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int k = kpi_find(name);

    assert_true(k >= 0);
    return kpi_eval(&tab[k], f->run.rep[0].monthly + m * ACC_N);
}

/* Weekdays (Monday to Friday) from day a to day b inclusive. */
static int
weekdays(int32_t a, int32_t b)
{
    int n = 0;

    for (int32_t d = a; d <= b; d++)
        n += cal_weekday(d) < 5;
    return n;
}

#define HEAD(name, from, to, warm)                                             \
    "{\"name\": \"" name "\", \"start_date\": \"" from "\", "                  \
    "\"end_date\": \"" to "\", \"warm_up_days\": " warm ", \"seed\": 2385, "

/*
 * Electives only: 10 a day on weekdays' weights, booked, admitted 08:00 to
 * 12:00, each staying 23 hours (so a bed frees an hour before the same
 * slot of the next day's list).  The weekday weights normalise to 1.4, so
 * each weekday's list is exactly 14 patients and weekends have none.
 */
#define ELECTIVES(beds, rf, extra)                                             \
    "\"arrivals\": {\"elective\": {\"rate_per_day\": 10, "                     \
    "\"day_of_week_weights\": [1, 1, 1, 1, 1, 0, 0], "                         \
    "\"hour_of_day_weights\": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, "  \
    "0, 0, 0, 0, 0, 0, 0, 0, 0]}},"                                            \
    "\"beds\": {\"ga\": {\"capacity\": " beds "}},"                            \
    "\"electives\": {\"booked\": true, \"ring_fenced_beds\": " rf ", "         \
    "\"los\": {\"kind\": \"fixed\", \"value_h\": 23}, \"rebook_delay\": "      \
    "{\"kind\": \"fixed\", \"value_days\": 3650}}" extra "}"

static void
test_booked_list_is_exact(void **state)
{
    /* Unlimited beds: every list is admitted in full, in every
     * replication alike (a booked list has no randomness). */
    struct fx *f = fx_run_text(HEAD("booked", "2023-01-01", "2023-12-31", "30")
                                   ELECTIVES("\"unlimited\"", "0", ""),
                               3, 1);
    int32_t a, b;
    double want;

    (void)state;
    cal_parse("2023-01-01", &a);
    cal_parse("2023-12-31", &b);
    want = 14.0 * weekdays(a, b) / 365.0;
    for (uint32_t r = 0; r < 3; r++) {
        assert_true(fabs(kpi_rep(f, r, "elective_admissions_per_day") - want) <
                    1e-9);
        assert_true(kpi_rep(f, r, "elective_cancelled_share") == 0);
    }
    fx_free(f);
}

static void
test_ring_fenced_beds_first(void **state)
{
    /*
     * 12 beds, 10 of them ring-fenced: on each weekday patients 1-10 of
     * the 14 take the ring-fenced beds yesterday's list freed an hour
     * before, patients 11 and 12 the two general beds, and 13 and 14 are
     * cancelled (and rebooked past the end of the run).  Every list is
     * admitted and discharged inside 2023 (Friday's leave on Saturday),
     * so the ring-fenced beds are busy 10 x 23 hours on each weekday.
     */
    struct fx *f = fx_run_text(HEAD("rf", "2023-01-01", "2023-12-31", "30")
                                   ELECTIVES("12", "10", ""),
                               1, 1);
    int32_t a, b;
    double wd;

    (void)state;
    cal_parse("2023-01-01", &a);
    cal_parse("2023-12-31", &b);
    wd = weekdays(a, b);
    assert_true(fabs(kpi_mean(f, "elective_cancellations_per_day") -
                     2 * wd / 365) < 1e-9);
    assert_true(fabs(kpi_mean(f, "elective_cancelled_share") - 2.0 / 14) <
                1e-12);
    assert_true(fabs(kpi_mean(f, "elective_admissions_per_day") -
                     12 * wd / 365) < 1e-9);
    assert_true(fabs(kpi_mean(f, "elective_ring_fenced_occupancy") -
                     wd * 23 / (365.0 * 24)) < 1e-9);
    /* Cancelled patients wait beyond the run: each adds one. */
    assert_true(fabs(kpi_mean(f, "elective_backlog_added") - 2 * wd) < 1e-9);
    assert_true(fabs(kpi_mean(f, "elective_rebooked_per_day") - 2 * wd / 365) <
                1e-9);
    fx_free(f);
}

static void
test_opel_spares_ring_fenced_beds(void **state)
{
    /*
     * OPEL level 4 from the first reassessment (every threshold is 0) and
     * level 4 cancels electives: only the 10 ring-fenced beds are
     * protected, so 4 of every list of 14 are cancelled.
     */
    struct fx *f = fx_run_text(
        HEAD("opel", "2023-01-01", "2023-12-31", "30") ELECTIVES(
            "12", "10",
            ", \"escalation\": {\"triggers\": {\"ga_occupancy\": [0, 0, 0]}, "
            "\"actions\": {\"level_4\": {\"cancel_electives\": true}}}"),
        1, 1);

    (void)state;
    assert_true(fabs(kpi_mean(f, "elective_cancelled_share") - 4.0 / 14) <
                1e-12);
    assert_true(fabs(kpi_mean(f, "opel_level_share_4") - 1) < 1e-12);
    fx_free(f);
}

/*
 * Rebooking: one patient booked every Monday of 2023 (a rate of 1/7 a day
 * on Mondays only), no beds at all, so every patient is cancelled every
 * time; the delay of 10 days rounds to a Thursday, which has no list, so
 * each comes back on the Monday two weeks on, at the same time of day.
 * On Monday n (1 to 52) the list's patient and every earlier patient
 * booked an even number of weeks before are due: 1 + floor((n - 1) / 2).
 */
static void
test_rebooked_come_back(void **state)
{
    struct fx *f = fx_run_text(
        HEAD("rebook", "2023-01-02", "2023-12-31",
             "0") "\"arrivals\": {\"elective\": {\"rate_per_day\": "
                  "0.142857142857142857, "
                  "\"day_of_week_weights\": [1, 0, 0, 0, 0, 0, 0], "
                  "\"hour_of_day_weights\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, "
                  "0, 0, 0, "
                  "0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}},"
                  "\"beds\": {\"ga\": {\"capacity\": 0}},"
                  "\"electives\": {\"booked\": true, \"los\": {\"kind\": "
                  "\"fixed\", "
                  "\"value_days\": 1}, \"rebook_delay\": {\"kind\": \"fixed\", "
                  "\"value_days\": 10}}}",
        1, 1);
    const struct rep_out *o = &f->run.rep[0];
    double due = 0, days = 364;

    (void)state;
    for (int n = 1; n <= 52; n++)
        due += 1 + (n - 1) / 2;
    assert_true(fabs(o->total[ACC_ELECTIVES] - due) < 1e-9);
    assert_true(fabs(o->total[ACC_ELECTIVES_CANCELLED] - due) < 1e-9);
    assert_true(fabs(kpi_mean(f, "elective_backlog_added") - 52) < 1e-9);
    /*
     * Waiting between dates: the 52 patients are each in the list of
     * waiting from their first Monday 09:30 to the end of the run, except
     * while due (an instant), so the mean waiting is the sum of those
     * spans over the period.
     */
    {
        double sum = 0;

        for (int n = 1; n <= 52; n++)
            sum += days - 7.0 * (n - 1) - 9.5 / 24;
        assert_true(fabs(kpi_mean(f, "elective_rebooked_waiting_mean") -
                         sum / days) < 1e-6);
    }
    fx_free(f);
}

/*
 * Pathway 1 only: direct admissions of rate RATE a day, fixed 1-day stays,
 * every one discharged on pathway 1 with no process or brokerage.
 */
#define P1(rate, pathway)                                                      \
    "\"arrivals\": {\"direct_admission\": {\"rate_per_day\": " rate "}},"      \
    "\"cohorts\": {\"under_65\": {\"clinical_los\": {\"kind\": \"fixed\", "    \
    "\"value_days\": 1}, \"pathway_probabilities\": {\"p1\": 1}}},"            \
    "\"discharge\": {\"pathways\": {\"p1\": {\"duration\": {\"kind\": "        \
    "\"fixed\", \"value_days\": 5}, " pathway "}}}}"

static void
test_starts_saturated(void **state)
{
    /*
     * 100 patients a day against 300 starts a month: the queue never
     * empties, so every release goes to a patient, and each month gets
     * exactly its 300 (the releases at the half-integers of an interval
     * 300 long), whatever its length.
     */
    struct fx *f = fx_run_text(HEAD("sat", "2023-01-01", "2023-12-31", "30")
                                   P1("100", "\"starts_per_month\": 300"),
                               1, 1);
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};

    (void)state;
    for (size_t m = 0; m < 12; m++)
        assert_true(
            fabs(kpi_month(f, "p1_starts_per_day", m) * mdays[m] - 300) < 1e-9);
    assert_true(kpi_mean(f, "p1_queue_mean") > 1000);
    fx_free(f);
}

/*
 * Starts at 10 a day in every month (each month's starts are 10 x its
 * days), so one is released every T = 0.1 day; Poisson demand of 8 a day
 * (rho = 0.8) and no bank.  Just before each release the number waiting
 * follows the M/D/1 embedded chain Y' = max(Y - 1, 0) + A with A ~
 * Poisson(rho), so E[Y] = rho + rho^2 / (2 (1 - rho)) (Pollaczek-
 * Khinchine); the time-average queue is E[Y] - rho / 2 and, by Little,
 * the wait is T / (2 (1 - rho)) = 0.25 day and the queue 2.
 */
static void
test_starts_wait_md1(void **state)
{
    const double T = 0.1, rho = 0.8, w = T / (2 * (1 - rho));
    struct fx *f = fx_run_text(
        HEAD("md1", "2023-01-01", "2026-12-31", "30")
            P1("8", "\"starts_per_month\": [310, 280, 310, 300, 310, 300, "
                    "310, 310, 300, 310, 300, 310], \"start_bank_days\": 0"),
        8, 1);
    struct summary sw = fx_kpi(&f->run, "p1_queue_wait_mean_days", -1);
    struct summary sq = fx_kpi(&f->run, "p1_queue_mean", -1);

    (void)state;
    assert_true(sw.ci95_low <= w && w <= sw.ci95_high);
    assert_true(fabs(sw.mean - w) / w < 0.04);
    assert_true(sq.ci95_low <= 2 && 2 <= sq.ci95_high);
    /* Starts per day: everyone eventually starts. */
    assert_true(fabs(kpi_mean(f, "p1_starts_per_day") - 8) < 0.1);
    fx_free(f);
}

static void
test_start_bank(void **state)
{
    /*
     * The same service with a bank of a year's starts: demand of 8 a day
     * against 10 fills the bank in the warm-up and it never empties, so
     * nobody waits; with no bank they wait 0.25 day (above).
     */
    struct fx *f = fx_run_text(
        HEAD("bank", "2023-01-01", "2023-12-31", "60")
            P1("8", "\"starts_per_month\": [310, 280, 310, 300, 310, 300, "
                    "310, 310, 300, 310, 300, 310], \"start_bank_days\": 366"),
        3, 1);

    (void)state;
    assert_true(kpi_mean(f, "p1_queue_wait_mean_days") < 1e-3);
    assert_true(fabs(kpi_mean(f, "p1_starts_per_day") - 8) < 0.5);
    fx_free(f);
}

static void
test_spot_purchase(void **state)
{
    /*
     * 100 a day against 10 starts a day; a patient still waiting after 2
     * days goes to spot purchase, arranged in half a day.  The queue is
     * never empty, so starts are exactly 10 a day and the other 90 go to
     * spot purchase; nobody waits more than 2 days, and since a start goes
     * to the head, who has waited nearly 2 days, everyone waits about 2.
     * In the bed after brokerage: the queue (Little: 100 x its wait) and
     * the spot purchases being arranged (90 x 0.5).
     */
    struct fx *f = fx_run_text(
        HEAD("spot", "2023-01-01", "2023-12-31", "30") P1(
            "100", "\"starts_per_month\": [310, 280, 310, 300, 310, 300, 310, "
                   "310, 300, 310, 300, 310], \"spot_purchase_after_days\": "
                   "2, \"spot_purchase_brokerage\": {\"kind\": \"fixed\", "
                   "\"value_h\": 12}"),
        3, 1);
    double wait = kpi_mean(f, "p1_queue_wait_mean_days");
    double spot = kpi_mean(f, "p1_spot_purchases_per_day");

    (void)state;
    assert_true(fabs(kpi_mean(f, "p1_starts_per_day") - 10) < 0.01);
    assert_true(fabs(spot - (kpi_mean(f, "discharges_p1_per_day") - 10)) < 0.2);
    assert_true(wait <= 2 && wait > 1.95);
    assert_true(fabs(kpi_mean(f, "nctr_awaiting_pathway_mean") -
                     (kpi_mean(f, "p1_queue_mean") + spot * 0.5)) /
                    kpi_mean(f, "nctr_awaiting_pathway_mean") <
                0.01);
    fx_free(f);
}

static void
test_spot_purchase_places(void **state)
{
    /*
     * Places rather than starts: 50 places held 5 days each serve at most
     * 10 a day; as above, the rest (about 90 a day) go to spot purchase
     * after 2 days, and spot purchases hold no place.
     */
    struct fx *f = fx_run_text(
        HEAD("spotp", "2023-01-01", "2023-12-31", "30")
            P1("100", "\"slots\": 50, \"spot_purchase_after_days\": 2"),
        2, 1);

    (void)state;
    assert_true(fabs(kpi_mean(f, "p1_starts_per_day") - 10) < 0.1);
    assert_true(kpi_mean(f, "p1_spot_purchases_per_day") > 85);
    assert_true(kpi_mean(f, "p1_queue_wait_mean_days") <= 2);
    assert_true(kpi_mean(f, "p1_occupancy") <= 1 + 1e-12);
    fx_free(f);
}

/*
 * ED crowding.  Four ambulance arrivals, all admitted, fill the four
 * majors spaces as boarders for good (there are no beds), within the
 * 30-day warm-up; later ambulances wait at the door.  Walk-ins all go to
 * the 6 minors spaces and home after 60 minutes of treatment.  So the
 * boarders hold 4 of the 10 spaces, and with threshold 0.1 and slope 2
 * every minors treatment takes 1 + 2 x (0.4 - 0.1) = 1.6 times as long:
 * 36 minutes more.
 */
#define CROWD(slope)                                                           \
    HEAD("crowd", "2023-01-01", "2023-12-31", "30")                            \
    "\"arrivals\": {\"ed_ambulance\": {\"rate_per_day\": 1}, "                 \
    "\"ed_walk_in\": {\"rate_per_day\": 20, \"majors_share\": 0}},"            \
    "\"ed\": {\"majors\": {\"spaces\": 4}, \"minors\": {\"spaces\": 6, "       \
    "\"treatment\": {\"kind\": \"fixed\", \"value_min\": 60}, "                \
    "\"crowding_threshold\": 0.1, \"crowding_slope\": " slope "}, "            \
    "\"admit_probability\": {\"ambulance\": 1}},"                              \
    "\"beds\": {\"ga\": {\"capacity\": 0}}}"

static void
test_crowding(void **state)
{
    struct fx *on = fx_run_text(CROWD("2"), 2, 1);
    struct fx *off = fx_run_text(CROWD("0"), 2, 1);

    (void)state;
    assert_true(fabs(kpi_mean(on, "ed_boarders_mean") - 4) < 1e-12);
    /* Tallied at treatment start, divided by leavers: equal but for the
     * few treatments that span the period's ends. */
    assert_true(fabs(kpi_mean(on, "ed_crowding_extra_mean_min") - 36) < 0.1);
    assert_true(kpi_mean(off, "ed_crowding_extra_mean_min") == 0);
    /* Minors time in ED: the wait plus 96 minutes against 60. */
    assert_true(fabs((kpi_mean(on, "ed_time_in_dept_mean_h") -
                      kpi_mean(on, "ed_minors_wait_mean_min") / 60) -
                     1.6) < 0.01);
    assert_true(fabs((kpi_mean(off, "ed_time_in_dept_mean_h") -
                      kpi_mean(off, "ed_minors_wait_mean_min") / 60) -
                     1.0) < 0.01);
    fx_free(on);
    fx_free(off);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_booked_list_is_exact),
        cmocka_unit_test(test_ring_fenced_beds_first),
        cmocka_unit_test(test_opel_spares_ring_fenced_beds),
        cmocka_unit_test(test_rebooked_come_back),
        cmocka_unit_test(test_starts_saturated),
        cmocka_unit_test(test_starts_wait_md1),
        cmocka_unit_test(test_start_bank),
        cmocka_unit_test(test_spot_purchase),
        cmocka_unit_test(test_spot_purchase_places),
        cmocka_unit_test(test_crowding),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
