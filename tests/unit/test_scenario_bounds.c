/*
 * Unit tests for the bounds the model puts on every number (issue 8) and
 * for local plan targets, whose values are checked against the KPIs.
 */
#include <math.h>
#include <stddef.h>

#include "scenario.h"
#include "scenario_test.h"

/*
 * The model's bounds (issue 8): values that passed `check` on main and
 * then crashed or hung `run`, each refused at its path.
 */
static const struct bad_case bound_cases[] = {
    {BASE ", 'cohorts': {'under_65': {'clinical_los': {'kind': 'lognormal',"
          " 'mean_days': 5, 'cv': 1e155}}}}",
     "$.cohorts.under_65.clinical_los.cv: expected a coefficient of "
     "variation in [0.001, 100], got 1e+155",
     1},
    {BASE ", 'electives': {'los': {'kind': 'gamma', 'mean_days': 5,"
          " 'cv': 1e-160}}}",
     "$.electives.los.cv: expected a coefficient of variation in [0.001, "
     "100], got 1e-160",
     1},
    {BASE ", 'discharge': {'process_delay': {'p0': {'kind': 'fixed',"
          " 'value_days': 1e15}}}}",
     "$.discharge.process_delay.p0.value_days: expected a duration of at "
     "most 3650 days, got 1000000000000000 days",
     1},
    {BASE ", 'virtual_wards': {'stay': {'kind': 'uniform', 'min_h': 1,"
          " 'max_h': 87601}}}",
     "$.virtual_wards.stay.max_h: expected a duration of at most 3650 days, "
     "got 87601 h",
     1},
    {BASE ", 'escalation': {'interval_h': 1e-300}}",
     "$.escalation.interval_h: expected a duration in [0.25, 8760] hours, "
     "got 1e-300",
     1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1e300}}}",
     "$.arrivals.ed_walk_in.rate_per_day: expected a non-negative number up "
     "to 100000, got 1e+300",
     1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1e12}}}",
     "$.arrivals.ed_walk_in.rate_per_day: expected a non-negative number up "
     "to 100000, got 1000000000000",
     1},
    {BASE ", 'arrivals': {'elective': {'rate_per_day': 1, 'windows':"
          " [{'from': '2023-05-01', 'to': '2023-05-02', 'multiplier': 1e300}]"
          "}}}",
     "$.arrivals.elective.windows[0].multiplier: expected a non-negative "
     "number up to 100, got 1e+300",
     1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1,"
          " 'hour_of_day_weights': [1e7,1,1,1,1,1,1,1,1,1,1,1,"
          "1,1,1,1,1,1,1,1,1,1,1,1]}}}",
     "$.arrivals.ed_walk_in.hour_of_day_weights[0]: expected a non-negative "
     "number up to 1000000, got 10000000",
     1},
    {BASE ", 'beds': {'ga': {'capacity': 1000001}}}",
     "$.beds.ga.capacity: expected at most 1000000 (or 'unlimited'), got "
     "1000001",
     1},
    {BASE ", 'escalation': {'actions': {'level_2': {'escalation_beds':"
          " 5e6}}}}",
     "$.escalation.actions.level_2.escalation_beds: expected a non-negative "
     "integer up to 1000000, got 5000000",
     1},
    {BASE ", 'bank_holidays': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'process_rate': 0.001}]}",
     "$.bank_holidays[0].process_rate: expected a number in [0.01, 10], got "
     "0.001",
     1},
    /* The peak rate: every factor in bounds, their product not. */
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 90000,"
          " 'day_of_week_weights': [1, 0, 0, 0, 0, 0, 0],"
          " 'month_of_year_weights': [1,0,0,0,0,0,0,0,0,0,0,0]}}}",
     "$.arrivals.ed_walk_in: peak arrival rate 7.56e+06 per day "
     "(rate_per_day x largest weights x growth x windows) is above 1000000 "
     "per day",
     1},
    {BASE ", 'arrivals': {'direct_admission': {'rate_per_day': 1000,"
          " 'windows': [{'from': '2023-05-01', 'to': '2023-05-10',"
          " 'multiplier': 30}, {'from': '2023-05-10', 'to': '2023-05-20',"
          " 'multiplier': 40}]}}}",
     "$.arrivals.direct_admission: peak arrival rate 1.2e+06 per day "
     "(rate_per_day x largest weights x growth x windows) is above 1000000 "
     "per day",
     1},
    {"{'name': 't', 'start_date': '2023-04-01', 'end_date': '2073-03-31',"
     " 'arrivals': {'vw_step_up': {'rate_per_day': 10,"
     " 'growth_per_year': 1}}}",
     "$.arrivals.vw_step_up: peak arrival rate 1.12e+16 per day "
     "(rate_per_day x largest weights x growth x windows) is above 1000000 "
     "per day",
     1},
};

static void
test_bound_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bound_cases) / sizeof(bound_cases[0]); i++)
        expect_error(i, bound_cases[i].json, bound_cases[i].msg,
                     bound_cases[i].total);
}

/* The bounds themselves are accepted, and give finite parameters. */
static void
test_bounds_accepted(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 100000},"
                   " 'direct_admission': {'rate_per_day': 1000, 'windows':"
                   " [{'from': '2023-05-01', 'to': '2023-05-09',"
                   " 'multiplier': 30}, {'from': '2023-05-10', 'to':"
                   " '2023-05-20', 'multiplier': 100}]}},"
                   " 'cohorts': {'under_65': {'clinical_los': {'kind':"
                   " 'gamma', 'mean_days': 3650, 'cv': 0.001}},"
                   " '65_plus': {'clinical_los': {'kind': 'lognormal',"
                   " 'mean_min': 0.5, 'cv': 100}}},"
                   " 'escalation': {'interval_h': 0.25},"
                   " 'beds': {'ga': {'capacity': 1000000}}}",
              &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    assert_near(s.sites[0].ga.clinical_los[COHORT_UNDER_65].p[0], 1e6);
    assert_near(s.sites[0].ga.clinical_los[COHORT_UNDER_65].p[1],
                3650 * 1440 / 1e6);
    assert_true(isfinite(s.sites[0].ga.clinical_los[COHORT_65_PLUS].p[0]));
    assert_near(s.escalation.interval_min, 15.0);
    scn_release(&s);
}

/* Local plan targets: KPI names checked, shares as fractions. */
static void
test_targets(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(BASE ", 'targets': ["
                   " {'kpi': 'nctr_mean', 'value': 258, 'label': 'plan 258',"
                   "  'source': 'C&P winter plan 2023/24'},"
                   " {'kpi': 'ed_4h_performance', 'value': 0.78,"
                   "  'at_most': false},"
                   " {'kpi': 'ga_occupancy', 'value': {'value': 0.925,"
                   "  'source': 'local'}, 'note': 'a wrapped value'}]}",
              &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_targets, 3);
    assert_string_equal(s.targets[0].kpi, "nctr_mean");
    assert_near(s.targets[0].value, 258);
    assert_int_equal(s.targets[0].at_most, 1);
    assert_string_equal(s.targets[0].label, "plan 258");
    assert_string_equal(s.targets[0].source, "C&P winter plan 2023/24");
    assert_int_equal(s.targets[1].at_most, 0);
    assert_string_equal(s.targets[1].label, "plan 0.78");
    assert_null(s.targets[1].source);
    assert_near(s.targets[2].value, 0.925);
    scn_release(&s);
    /* None by default. */
    rc = load(BASE "}", &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_targets, 0);
    assert_null(s.targets);
    scn_release(&s);
}

static const struct bad_case target_cases[] = {
    {BASE ", 'targets': [{'kpi': 'nctr_maen', 'value': 258}]}",
     "$.targets[0].kpi: unknown KPI 'nctr_maen' (did you mean "
     "'nctr_mean'?)",
     1},
    {BASE ", 'targets': [{'kpi': 'beds', 'value': 258}]}",
     "$.targets[0].kpi: unknown KPI 'beds' (did you mean "
     "'ga_beds_open_mean'?)",
     1},
    {BASE ", 'targets': [{'kpi': 'xyzzy', 'value': 258}]}",
     "$.targets[0].kpi: unknown KPI 'xyzzy' (`uecsim kpis` lists every KPI)",
     1},
    {BASE ", 'targets': [{'kpi': 'ga_occupancy', 'value': 92}]}",
     "$.targets[0].value: expected a share in [0, 1] for KPI "
     "'ga_occupancy', got 92",
     1},
    {BASE ", 'targets': [{'value': 0.9}]}",
     "$.targets[0]: missing required key 'kpi'", 1},
    {BASE ", 'targets': [{'kpi': 'nctr_mean', 'value': -1}]}",
     "$.targets[0].value: expected a non-negative number, got -1", 1},
    {BASE ", 'targets': [{'kpi': 'nctr_mean', 'value': 258,"
          " 'at_most': 'yes'}]}",
     "$.targets[0].at_most: expected true or false, got string", 1},
    {BASE ", 'targets': [{'kpi': 'nctr_mean', 'value': 258, 'source': 3}]}",
     "$.targets[0].source: expected a string, got 3", 1},
    {BASE ", 'targets': {'kpi': 'nctr_mean', 'label': 'x'}}",
     "$.targets: expected an array of targets, got object", 1},
    {BASE ", 'targets': [{'kpi': 'nctr_mean', 'value': 258, 'lable': 'x'}]}",
     "$.targets[0]: unknown key 'lable' (did you mean 'label'?)", 1},
};

static void
test_target_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(target_cases) / sizeof(target_cases[0]); i++)
        expect_error(i, target_cases[i].json, target_cases[i].msg,
                     target_cases[i].total);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_cases),
        cmocka_unit_test(test_bounds_accepted),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_target_cases),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
