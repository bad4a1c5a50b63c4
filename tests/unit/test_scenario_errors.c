/*
 * Unit tests for the scenario walker's errors: the exact first message
 * for each class of error, several errors in the order of the walk, the
 * path restored after an error, and the cap on errors kept.
 */
#include <string.h>

#include "scenario.h"
#include "scenario_test.h"

static const struct bad_case bad_cases[] = {
    /* Unknown keys, with and without a suggestion. */
    {BASE ", 'beds': {'ga': {'capcity': 3}}}",
     "$.beds.ga: unknown key 'capcity' (did you mean 'capacity'?)", 1},
    {BASE ", 'zzzz': 1}", "$: unknown key 'zzzz'", 1},
    {BASE ", 'sead': 1}", "$: unknown key 'sead' (did you mean 'seed'?)", 1},
    {BASE ", 'arrivals': {'ed_ambulance': {'rate_per_day': 1,"
          " 'majors_share': 0.5}}}",
     "$.arrivals.ed_ambulance: unknown key 'majors_share'", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'fixed', 'value_h': 1,"
          " 'cv': 2}}}}",
     "$.ed.majors.treatment: unknown key 'cv'", 1},
    /* Duplicates: cJSON would silently use the first. */
    {BASE ", 'beds': {'ga': {'capacity': 3, 'capacity': 4}}}",
     "$.beds.ga: duplicate key 'capacity'", 1},
    {BASE ", 'seed': 1, 'seed': 2, 'seed': 3}", "$: duplicate key 'seed'", 1},
    /* Types. */
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 'ten'}}}",
     "$.arrivals.ed_walk_in.rate_per_day: expected a non-negative number, "
     "got string",
     1},
    {BASE ", 'seed': true}",
     "$.seed: expected an integer from 0 to 9007199254740991, got boolean", 1},
    {BASE ", 'ed': 3}", "$.ed: expected an object, got 3", 1},
    {"[1, 2]", "$: expected an object, got array", 1},
    {BASE ", 'description': null}",
     "$.description: expected a string, got null", 1},
    {BASE ", 'beds': {'source': 3}}", "$.beds.source: expected a string, got 3",
     1},
    {BASE ", 'ed': {'minors': {'treatment': 5}}}",
     "$.ed.minors.treatment: expected a distribution object, got 5", 1},
    {BASE ", 'beds': {'ga': {'schedule': {'from': '2023-05-01'}}}}",
     "$.beds.ga.schedule: expected an array of steps, got object", 1},
    /* Ranges. */
    {BASE ", 'ed': {'admit_probability': {'walk_in': 1.5}}}",
     "$.ed.admit_probability.walk_in: expected a probability in [0, 1], "
     "got 1.5",
     1},
    {BASE ", 'beds': {'ga': {'capacity': -3}}}",
     "$.beds.ga.capacity: expected a non-negative integer, got -3", 1},
    {BASE ", 'beds': {'ga': {'capacity': 3e10}}}",
     "$.beds.ga.capacity: expected at most 1000000 (or 'unlimited'), "
     "got 30000000000",
     1},
    {BASE ", 'beds': {'ga': {'capacity': 'unlimted'}}}",
     "$.beds.ga.capacity: expected a non-negative integer or 'unlimited', "
     "got 'unlimted'",
     1},
    {BASE ", 'replications': 0}",
     "$.replications: expected an integer from 1 to 100000, got 0", 1},
    {BASE ", 'warm_up_days': 3651}",
     "$.warm_up_days: expected an integer from 0 to 3650, got 3651", 1},
    {BASE ", 'seed': 9007199254740992}",
     "$.seed: expected an integer from 0 to 9007199254740991, "
     "got 9007199254740992",
     1},
    {BASE ", 'arrivals': {'direct_admission': {'rate_per_day': 1,"
          " 'growth_per_year': -1}}}",
     "$.arrivals.direct_admission.growth_per_year: expected a number in "
     "(-1, 10], got -1",
     1},
    {BASE ", 'discharge': {'weekend_process_rate': 0}}",
     "$.discharge.weekend_process_rate: expected a number in [0.01, 1], "
     "got 0",
     1},
    {BASE ", 'discharge': {'window': {'start_h': 25}}}",
     "$.discharge.window.start_h: expected an hour in [0, 24], got 25", 1},
    {BASE ", 'virtual_wards': {'step_down_at_share_of_los': 1.25}}",
     "$.virtual_wards.step_down_at_share_of_los: expected a number in "
     "[0, 1], got 1.25",
     1},
    /* Integers must be integers. */
    {BASE ", 'beds': {'ga': {'capacity': 3.7}}}",
     "$.beds.ga.capacity: expected a non-negative integer, got 3.7", 1},
    {BASE ", 'seed': 2.5}",
     "$.seed: expected an integer from 0 to 9007199254740991, got 2.5", 1},
    /* Non-finite numbers: 1e999 parses as inf. */
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1e999}}}",
     "$.arrivals.ed_walk_in.rate_per_day: expected a finite number, got inf",
     1},
    {BASE ", 'seed': -1e999}", "$.seed: expected a finite number, got -inf", 1},
    {BASE ", 'arrivals': {'vw_step_up': {'rate_per_day': 1,"
          " 'day_of_week_weights': [1, 1, 1, 1e999, 1, 1, 1]}}}",
     "$.arrivals.vw_step_up.day_of_week_weights[3]: expected a finite "
     "number, got inf",
     1},
    /* Cross-field rules. */
    {BASE ", 'cohorts': {'65_plus': {'pathway_probabilities':"
          " {'p0': 0.5, 'p1': 0.4}}}}",
     "$.cohorts.65_plus.pathway_probabilities: probabilities sum to 0.9, "
     "expected 1",
     1},
    {BASE ", 'cohorts': {'under_65': {'pathway_probabilities': {}}}}",
     "$.cohorts.under_65.pathway_probabilities: probabilities sum to 0, "
     "expected 1",
     1},
    {BASE ", 'cohorts': {'under_65': {'pathway_probabilities':"
          " {'p0': 0.5, 'p1': 0.5, 'p2': 1e-8}}}}",
     "$.cohorts.under_65.pathway_probabilities: probabilities sum to "
     "1.00000001, expected 1",
     1},
    {"{'name': 't', 'start_date': '2023-04-01', 'end_date': '2023-01-01'}",
     "$.end_date: end_date 2023-01-01 is before start_date 2023-04-01", 1},
    {BASE ", 'discharge': {'window': {'start_h': 17, 'end_h': 8}}}",
     "$.discharge.window.end_h: end_h 8 is not after start_h 17", 1},
    {BASE ", 'discharge': {'window': {'start_h': 24}}}",
     "$.discharge.window.end_h: end_h 24 is not after start_h 24", 1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1, 'windows':"
          " [{'from': '2023-05-02', 'to': '2023-05-01', 'multiplier': 2}]}}}",
     "$.arrivals.ed_walk_in.windows[0].to: to 2023-05-01 is before from "
     "2023-05-02",
     1},
    /* Required keys. */
    {"{'name': 't', 'end_date': '2023-06-30'}",
     "$: missing required key 'start_date'", 1},
    {"{}", "$: missing required key 'name'", 3},
    {BASE ", 'arrivals': {'direct_admission': {'growth_per_year': 0.1}}}",
     "$.arrivals.direct_admission: missing required key 'rate_per_day'", 1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1,"
          " 'windows': [{'from': '2023-05-02', 'to': '2023-05-03'}]}}}",
     "$.arrivals.ed_walk_in.windows[0]: missing required key 'multiplier'", 1},
    {BASE ", 'beds': {'ga': {'schedule': [{'from': '2023-05-01'}]}}}",
     "$.beds.ga.schedule[0]: missing required key 'capacity'", 1},
    {BASE ", 'electives': {'los': {'mean_h': 3}}}",
     "$.electives.los: missing required key 'kind'", 1},
    /* Names and dates. */
    {"{'name': 'a b', 'start_date': '2023-04-01', 'end_date': '2023-06-30'}",
     "$.name: expected a name of 1-100 letters, digits, '.', '_' or '-', "
     "got 'a b'",
     1},
    {"{'name': '..', 'start_date': '2023-04-01', 'end_date': '2023-06-30'}",
     "$.name: expected a name of 1-100 letters, digits, '.', '_' or '-', "
     "got '..'",
     1},
    {"{'name': 't', 'start_date': '2023-02-30', 'end_date': '2023-06-30'}",
     "$.start_date: expected a date YYYY-MM-DD, got '2023-02-30'", 1},
    {"{'name': 't', 'start_date': '2023-04-01', 'end_date': 20230630}",
     "$.end_date: expected a date YYYY-MM-DD, got 20230630", 1},
    {"{'name': 't', 'start_date': '1/4/2023', 'end_date': '2023-06-30'}",
     "$.start_date: expected a date YYYY-MM-DD, got '1/4/2023'", 1},
    /* Distributions. */
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'normal',"
          " 'mean_h': 2}}}}",
     "$.ed.majors.treatment.kind: unknown distribution 'normal' (expected "
     "fixed, exponential, lognormal, gamma, uniform, triangular, "
     "empirical)",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'uniform',"
          " 'min_h': 1, 'max_min': 300}}}}",
     "$.ed.majors.treatment: mixed units 'min_h' and 'max_min' (use one of "
     "_min, _h, _days for every parameter)",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'exponential',"
          " 'mean_h': 1, 'mean_min': 60}}}}",
     "$.ed.majors.treatment: mixed units 'mean_h' and 'mean_min' (use one "
     "of _min, _h, _days for every parameter)",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'gamma', 'cv': 0.5}}}}",
     "$.ed.majors.treatment: missing required key 'mean_h' (or mean_min, "
     "mean_days)",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'triangular',"
          " 'min_days': 1, 'max_days': 3}}}}",
     "$.ed.majors.treatment: missing required key 'mode_days'", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'lognormal',"
          " 'mean_h': 2}}}}",
     "$.ed.majors.treatment: missing required key 'cv'", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'exponential',"
          " 'mean_h': 0}}}}",
     "$.ed.majors.treatment.mean_h: expected a positive duration, got 0", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'fixed',"
          " 'value_min': -1}}}}",
     "$.ed.majors.treatment.value_min: expected a non-negative duration, "
     "got -1",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'gamma',"
          " 'mean_h': 2, 'cv': 0}}}}",
     "$.ed.majors.treatment.cv: expected a coefficient of variation in "
     "[0.001, 100], got 0",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'uniform',"
          " 'min_h': 2, 'max_h': 1}}}}",
     "$.ed.majors.treatment.max_h: max_h 1 is below min_h 2", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'triangular',"
          " 'min_h': 1, 'mode_h': 0.5, 'max_h': 3}}}}",
     "$.ed.majors.treatment.mode_h: mode_h 0.5 is below min_h 1", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'fixed',"
          " 'value_days': 1e308}}}}",
     "$.ed.majors.treatment.value_days: expected a duration of at most 3650 "
     "days, got 1e+308 days",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_days': [1, 1e306], 'weights': [1, 1]}}}}",
     "$.ed.majors.treatment.values_days[1]: expected a duration of at most "
     "3650 days, got 1e+306 days",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_h': [1]}}}}",
     "$.ed.majors.treatment: missing required key 'weights'", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_h': [1, 2, 3], 'weights': [1, 2]}}}}",
     "$.ed.majors.treatment.weights: expected 3 weights (one per value), "
     "got 2",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_h': [1, 2], 'weights': [0, 0]}}}}",
     "$.ed.majors.treatment.weights: weights sum to 0, expected a positive "
     "sum",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_h': [], 'weights': []}}}}",
     "$.ed.majors.treatment.values_h: expected a non-empty array of "
     "durations",
     1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_h': [1, -2], 'weights': [1, 1]}}}}",
     "$.ed.majors.treatment.values_h[1]: expected a non-negative duration, "
     "got -2",
     1},
    /* Weight profiles. */
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1,"
          " 'hour_of_day_weights': [1, 2]}}}",
     "$.arrivals.ed_walk_in.hour_of_day_weights: expected 24 weights, got 2",
     1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1,"
          " 'month_of_year_weights': [0,0,0,0,0,0,0,0,0,0,0,0]}}}",
     "$.arrivals.ed_walk_in.month_of_year_weights: weights sum to 0, "
     "expected a positive sum",
     1},
    {BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 1,"
          " 'day_of_week_weights': 'flat'}}}",
     "$.arrivals.ed_walk_in.day_of_week_weights: expected an array of "
     "weights, got string",
     1},
    /* Schedules. */
    {BASE ", 'beds': {'ga': {'capacity': 10, 'schedule': ["
          " {'from': '2023-06-01', 'capacity': 12},"
          " {'from': '2023-05-01', 'capacity': 11}]}}}",
     "$.beds.ga.schedule[1].from: step dates must strictly increase, got "
     "2023-05-01 after 2023-06-01",
     1},
    {BASE ", 'virtual_wards': {'schedule': ["
          " {'from': '2023-06-01', 'beds': 12},"
          " {'from': '2023-06-01', 'beds': 11}]}}",
     "$.virtual_wards.schedule[1].from: step dates must strictly increase, "
     "got 2023-06-01 after 2023-06-01",
     1},
    {BASE ", 'discharge': {'pathways': {'p2': {'schedule': ["
          " {'from': '2023-06-01', 'capacity': 12}]}}}}",
     "$.discharge.pathways.p2.schedule[0]: unknown key 'capacity'", 2},
    /* The value wrapper. */
    {BASE ", 'beds': {'ga': {'capacity': {'value': -3, 'source': 'x'}}}}",
     "$.beds.ga.capacity: expected a non-negative integer, got -3", 1},
    {BASE ", 'beds': {'ga': {'capacity': {'value': 3, 'sorce': 'x'}}}}",
     "$.beds.ga.capacity: unknown key 'sorce' (did you mean 'source'?)", 1},
    {BASE ", 'beds': {'ga': {'capacity': {'value': 3, 'source': 4}}}}",
     "$.beds.ga.capacity.source: expected a string, got 4", 1},
    {BASE ", 'seed': {'valeu': 3, 'source': 'x'}}",
     "$.seed: expected an integer from 0 to 9007199254740991, got object", 1},
    {BASE ", 'seed': {'value': {'value': 3}}}",
     "$.seed: expected an integer from 0 to 9007199254740991, got object", 1},
};

static void
test_bad_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
        expect_error(i, bad_cases[i].json, bad_cases[i].msg,
                     bad_cases[i].total);
}

/* Several problems: each is reported, in the order of the walk. */
static void
test_collects_errors(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64], want[256];
    int rc;

    (void)state;
    rc = load("{'name': 't', 'start_date': '2023-04-01',"
              " 'end_date': '2023-06-30', 'seed': -1,"
              " 'beds': {'ga': {'capacity': -3}}}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.n, 2);
    assert_int_equal(err.total, 2);
    snprintf(want, sizeof(want),
             "%s: $.seed: expected an integer from 0 to 9007199254740991, "
             "got -1",
             path);
    assert_string_equal(err.msg[0], want);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga.capacity: expected a non-negative integer, "
             "got -3",
             path);
    assert_string_equal(err.msg[1], want);
}

/* The path stack is restored after errors deep inside a value. */
static void
test_path_restored(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64], want[256];
    int rc;

    (void)state;
    rc = load(BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
                   " 'values_days': [1e306], 'weights': [1]}},"
                   " 'minors': {'treatment': {'kind': 'uniform',"
                   " 'min_h': 2, 'max_h': 1}}, 'admit_probability': 2},"
                   " 'electives': {'cancel_above_occupancy': -1}}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 4);
    snprintf(want, sizeof(want),
             "%s: $.ed.minors.treatment.max_h: max_h 1 is below min_h 2", path);
    assert_string_equal(err.msg[1], want);
    snprintf(want, sizeof(want),
             "%s: $.ed.admit_probability: expected an object, got 2", path);
    assert_string_equal(err.msg[2], want);
    snprintf(want, sizeof(want),
             "%s: $.electives.cancel_above_occupancy: expected a number in "
             "[0, 1], got -1",
             path);
    assert_string_equal(err.msg[3], want);
}

/* More than SCN_MAX_ERRORS problems: 20 kept, all counted. */
static void
test_error_cap(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char text[2048], path[64], want[128];
    size_t len;
    int rc;

    (void)state;
    len = (size_t)snprintf(text, sizeof(text), "%s", BASE);
    for (int i = 0; i < 25; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len,
                                ", 'bogus_%02d': %d", i, i);
    snprintf(text + len, sizeof(text) - len, "}");
    rc = load(text, &s, &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.n, SCN_MAX_ERRORS);
    assert_int_equal(err.total, 25);
    snprintf(want, sizeof(want), "%s: $: unknown key 'bogus_19'", path);
    assert_string_equal(err.msg[SCN_MAX_ERRORS - 1], want);
}

static const struct bad_case new_bad_cases[] = {
    /* Periods. */
    {BASE ", 'bank_holidays': [{'from': '2023-05-02', 'to': '2023-05-01'}]}",
     "$.bank_holidays[0].to: to 2023-05-01 is before from 2023-05-02", 1},
    {BASE ", 'bank_holidays': [{'from': '2023-05-02'}]}",
     "$.bank_holidays[0]: missing required key 'to'", 1},
    {BASE ", 'bank_holidays': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'ed_spaces_multiplier': 0.5}]}",
     "$.bank_holidays[0]: unknown key 'ed_spaces_multiplier'", 1},
    {BASE ", 'bank_holidays': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'process_rate': 0}]}",
     "$.bank_holidays[0].process_rate: expected a number in [0.01, 10], "
     "got 0",
     1},
    {BASE ", 'industrial_action': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'process_rate': 10.5}]}",
     "$.industrial_action[0].process_rate: expected a number in [0.01, 10], "
     "got 10.5",
     1},
    {BASE ", 'industrial_action': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'ed_spaces_multiplier': 1.2}]}",
     "$.industrial_action[0].ed_spaces_multiplier: expected a number in "
     "[0, 1], got 1.2",
     1},
    {BASE ", 'industrial_action': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'elective_multiplier': -0.5}]}",
     "$.industrial_action[0].elective_multiplier: expected a non-negative "
     "number, got -0.5",
     1},
    {BASE ", 'bank_holidays': {'from': '2023-05-01'}}",
     "$.bank_holidays: expected an array of periods, got object", 1},
    {BASE ", 'industrial_action': [3]}",
     "$.industrial_action[0]: expected an object, got 3", 1},
    /* Escalation. */
    {BASE ", 'escalation': {'triggers': {'ga_occupancy': [0.9, 0.97, 0.95]}}}",
     "$.escalation.triggers.ga_occupancy[2]: threshold 0.95 for level 4 is "
     "below 0.97 for level 3",
     1},
    {BASE ", 'escalation': {'triggers': {'ed_boarders': [10, 5, 20]}}}",
     "$.escalation.triggers.ed_boarders[1]: threshold 5 for level 3 is "
     "below 10 for level 2",
     1},
    {BASE ", 'escalation': {'triggers': {'ed_boarders': [10, 20]}}}",
     "$.escalation.triggers.ed_boarders: expected 3 thresholds (levels 2, "
     "3, 4), got 2",
     1},
    {BASE ", 'escalation': {'triggers': {'handover_mean_min':"
          " [10, 20, 30, 40]}}}",
     "$.escalation.triggers.handover_mean_min: expected 3 thresholds "
     "(levels 2, 3, 4), got 4",
     1},
    {BASE ", 'escalation': {'triggers': {'ga_occupancy': [-1, 0.9, 1]}}}",
     "$.escalation.triggers.ga_occupancy[0]: expected a non-negative "
     "number, got -1",
     1},
    {BASE ", 'escalation': {'triggers': {'ga_occupancy': 0.9}}}",
     "$.escalation.triggers.ga_occupancy: expected an array of thresholds "
     "(levels 2, 3, 4), got 0.9",
     1},
    {BASE ", 'escalation': {'triggers': {'ga_ocupancy': [1, 2, 3]}}}",
     "$.escalation.triggers: unknown key 'ga_ocupancy' (did you mean "
     "'ga_occupancy'?)",
     1},
    {BASE ", 'escalation': {'interval_h': 0}}",
     "$.escalation.interval_h: expected a duration in [0.25, 8760] hours, "
     "got 0",
     1},
    {BASE ", 'escalation': {'interval_h': 1e307}}",
     "$.escalation.interval_h: expected a duration in [0.25, 8760] hours, "
     "got 1e+307",
     1},
    {BASE ", 'escalation': {'hysteresis': {'ed_boarders': -1}}}",
     "$.escalation.hysteresis.ed_boarders: expected a non-negative number, "
     "got -1",
     1},
    {BASE ", 'escalation': {'actions': {'level_1': {}}}}",
     "$.escalation.actions: unknown key 'level_1' (did you mean "
     "'level_2'?)",
     1},
    {BASE ", 'escalation': {'actions': {'level_2': {'cancel_electives': 1}}}}",
     "$.escalation.actions.level_2.cancel_electives: expected true or false, "
     "got 1",
     1},
    {BASE ", 'escalation': {'actions': {'level_2': {'cancel_electives':"
          " 'yes'}}}}",
     "$.escalation.actions.level_2.cancel_electives: expected true or false, "
     "got string",
     1},
    {BASE ", 'escalation': {'actions': {'level_3': {'escalation_beds': 2.5}}}}",
     "$.escalation.actions.level_3.escalation_beds: expected a non-negative "
     "integer, got 2.5",
     1},
    {BASE ", 'escalation': {'actions': {'level_4': {'process_rate': 0}}}}",
     "$.escalation.actions.level_4.process_rate: expected a number in "
     "[0.01, 10], got 0",
     1},
    {BASE ", 'escalation': {'actions': {'level_4':"
          " {'step_down_multiplier': -1}}}}",
     "$.escalation.actions.level_4.step_down_multiplier: expected a "
     "non-negative number, got -1",
     1},
    {BASE ", 'escalation': {'escalation_beds_cap': -1}}",
     "$.escalation.escalation_beds_cap: expected a non-negative integer, "
     "got -1",
     1},
    {BASE ", 'escalation': true}",
     "$.escalation: expected an object, got "
     "boolean",
     1},
    /* Duplicates anywhere, even under an unknown key. */
    {BASE ", 'zz': {'a': 1, 'a': 2}}", "$.zz: duplicate key 'a'", 2},
};

static void
test_new_bad_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(new_bad_cases) / sizeof(new_bad_cases[0]);
         i++)
        expect_error(i, new_bad_cases[i].json, new_bad_cases[i].msg,
                     new_bad_cases[i].total);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_cases),
        cmocka_unit_test(test_collects_errors),
        cmocka_unit_test(test_path_restored),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_new_bad_cases),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
