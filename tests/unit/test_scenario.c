/*
 * Unit tests for the scenario walker: every key lands in its field, the
 * defaults, the rules, and the exact message for each class of error.
 * Files, extends and --set are in test_scenario_files.c.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "calendar.h"
#include "dist.h"
#include "resource.h"
#include "scenario.h"
#include "scenario_test.h"
#include "util.h"

static const char full_json[] =
    "{'name': 'full-test_1.0', 'description': 'every key',"
    " 'source': 'unit test', 'note': 'top-level annotations are ignored',"
    " 'start_date': '2023-04-01', 'end_date': '2024-03-31',"
    " 'warm_up_days': 28, 'replications': 7, 'seed': 9007199254740991,"
    " 'arrivals': {"
    "  'ed_walk_in': {'rate_per_day': 310.5,"
    "   'hour_of_day_weights': [1,1,1,1,1,1,1,1,1,1,1,1,"
    "                           3,3,3,3,3,3,3,3,3,3,3,3],"
    "   'day_of_week_weights': [2,1,1,1,1,1,1],"
    "   'month_of_year_weights': [1,2,3,4,5,6,7,8,9,10,11,12],"
    "   'growth_per_year': 0.025, 'share_65_plus': 0.3, 'majors_share': 0.6,"
    "   'windows': [{'from': '2023-12-20', 'to': '2024-01-05',"
    "                'multiplier': 1.15, 'note': 'christmas'},"
    "               {'from': '2024-02-01', 'to': '2024-02-01',"
    "                'multiplier': 0}]},"
    "  'ed_ambulance': {'rate_per_day': {'value': 95.25, 'source': 'AQI'},"
    "                   'share_65_plus': 0.55},"
    "  'direct_admission': {'rate_per_day': 20.75},"
    "  'vw_step_up': {'rate_per_day': 3.5, 'assumption': 'pilot'},"
    "  'elective': {'rate_per_day': 40,"
    "               'day_of_week_weights': {'value': [1,1,1,1,1,0,0],"
    "                                       'assumption': 'weekdays'}}},"
    " 'ed': {"
    "  'majors': {'spaces': 40,"
    "   'treatment': {'kind': 'lognormal', 'mean_h': 3.5, 'cv': 0.8},"
    "   'treatment_admitted': {'kind': 'gamma', 'mean_h': 5, 'cv': 0.6}},"
    "  'minors': {'spaces': 'unlimited',"
    "   'treatment': {'kind': 'exponential', 'mean_min': 95}},"
    "  'ambulance_offload': {'kind': 'uniform', 'min_min': 10,"
    "                        'max_min': 50, 'source': 'audit'},"
    "  'admit_probability': {'walk_in': 0.28, 'ambulance': 0.55,"
    "                        'minors': 0.04}},"
    " 'admission': {"
    "  'zero_day_probability': {'under_65': 0.35, '65_plus': 0.2},"
    "  'zero_day_stay': {'kind': 'triangular', 'min_h': 2, 'mode_h': 6,"
    "                    'max_h': 12},"
    "  'vw_step_up_probability': 0.05},"
    " 'beds': {'ga': {'capacity': 600, 'schedule': ["
    "  {'from': '2023-11-01', 'capacity': 640},"
    "  {'from': '2024-03-01', 'capacity': 'unlimited'}]}},"
    " 'cohorts': {"
    "  'under_65': {'clinical_los': {'kind': 'fixed', 'value_h': 2},"
    "   'pathway_probabilities': {'p0': 0.9, 'p1': 0.07, 'p2': 0.02,"
    "                             'p3': 0.01},"
    "   'step_down_probability': 0.1},"
    "  '65_plus': {'clinical_los': {'kind': 'empirical',"
    "                               'values_days': [1, 2.5, 7],"
    "                               'weights': [1, 2, 1]},"
    "   'pathway_probabilities': {'p0': 0.5, 'p1': 0.3, 'p2': 0.15,"
    "                             'p3': 0.05},"
    "   'step_down_probability': 0.2}},"
    " 'virtual_wards': {'beds': 45,"
    "  'schedule': [{'from': '2023-10-01', 'beds': 60}],"
    "  'stay': {'kind': 'gamma', 'mean_days': 6, 'cv': 0.5},"
    "  'escalation_probability': 0.08, 'step_down_at_share_of_los': 0.7},"
    " 'discharge': {"
    "  'process_delay': {'p0': {'kind': 'fixed', 'value_h': 1.5},"
    "                    'p1': {'kind': 'exponential', 'mean_h': 4},"
    "                    'p2': {'kind': 'exponential', 'mean_h': 8},"
    "                    'p3': {'kind': 'exponential', 'mean_days': 2}},"
    "  'window': {'start_h': 8, 'end_h': 20.5},"
    "  'weekend_process_rate': 0.4,"
    "  'pathways': {"
    "   'p1': {'slots': 'unlimited',"
    "          'duration': {'kind': 'fixed', 'value_days': 14},"
    "          'brokerage_delay': {'kind': 'exponential', 'mean_days': 1}},"
    "   'p2': {'slots': 30, 'schedule': [{'from': '2023-12-01', 'slots': 35}],"
    "          'duration': {'kind': 'exponential', 'mean_days': 21}},"
    "   'p3': {'slots': 'unlimited',"
    "          'schedule': [{'from': '2024-01-01', 'slots': 120}],"
    "          'brokerage_delay': {'kind': 'lognormal', 'mean_days': 5,"
    "                              'cv': 1.2}}}},"
    " 'electives': {'los': {'kind': 'gamma', 'mean_days': 3, 'cv': 0.9},"
    "               'cancel_above_occupancy': 0.95}}";

static void
test_full(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    const struct arrival_stream *w;
    int rc;

    (void)state;
    rc = load(full_json, &s, &err, path, sizeof(path));
    for (size_t i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    assert_int_equal(rc, 0);
    assert_int_equal(err.total, 0);

    assert_string_equal(s.path, path);
    assert_string_equal(s.name, "full-test_1.0");
    assert_string_equal(s.description, "every key");
    assert_int_equal(s.start_day, day("2023-04-01"));
    assert_int_equal(s.end_day, day("2024-03-31"));
    assert_int_equal(s.warm_up_days, 28);
    assert_int_equal(s.replications, 7);
    assert_true(s.seed == 9007199254740991ULL);
    assert_int_equal(scn_first_day(&s), day("2023-03-04"));
    assert_int_equal(scn_days(&s), 366 + 28);

    w = &s.arrivals[ARR_ED_WALK_IN];
    assert_near(w->rate_per_day, 310.5);
    /* Weights are stored normalised to mean 1. */
    assert_near(w->hour_of_day_weights[0], 0.5);
    assert_near(w->hour_of_day_weights[11], 0.5);
    assert_near(w->hour_of_day_weights[12], 1.5);
    assert_near(w->hour_of_day_weights[23], 1.5);
    assert_near(w->day_of_week_weights[0], 1.75);
    assert_near(w->day_of_week_weights[6], 0.875);
    assert_near(w->month_of_year_weights[0], 12.0 / 78.0);
    assert_near(w->month_of_year_weights[11], 144.0 / 78.0);
    assert_near(w->growth_per_year, 0.025);
    assert_near(w->share_65_plus, 0.3);
    assert_near(w->majors_share, 0.6);
    assert_int_equal(w->n_windows, 2);
    assert_int_equal(w->windows[0].from_day, day("2023-12-20"));
    assert_int_equal(w->windows[0].to_day, day("2024-01-05"));
    assert_near(w->windows[0].multiplier, 1.15);
    assert_int_equal(w->windows[1].from_day, w->windows[1].to_day);
    assert_near(w->windows[1].multiplier, 0.0);

    /* The value wrapper is unwrapped, scalar and array alike. */
    assert_near(s.arrivals[ARR_ED_AMBULANCE].rate_per_day, 95.25);
    assert_near(s.arrivals[ARR_ED_AMBULANCE].share_65_plus, 0.55);
    assert_near(s.arrivals[ARR_ED_AMBULANCE].majors_share, 1.0);
    assert_near(s.arrivals[ARR_ED_AMBULANCE].hour_of_day_weights[5], 1.0);
    assert_near(s.arrivals[ARR_DIRECT].rate_per_day, 20.75);
    assert_near(s.arrivals[ARR_VW_STEP_UP].rate_per_day, 3.5);
    assert_near(s.arrivals[ARR_ELECTIVE].rate_per_day, 40.0);
    assert_near(s.arrivals[ARR_ELECTIVE].day_of_week_weights[0], 1.4);
    assert_near(s.arrivals[ARR_ELECTIVE].day_of_week_weights[5], 0.0);

    assert_int_equal(s.sites[0].ed.majors.spaces, 40);
    assert_int_equal(s.sites[0].ed.majors.treatment.kind, DIST_LOGNORMAL);
    assert_near(s.sites[0].ed.majors.treatment.mean_min, 210.0);
    assert_near(s.sites[0].ed.majors.treatment.cv, 0.8);
    assert_int_equal(s.sites[0].ed.majors.treatment_admitted.kind, DIST_GAMMA);
    assert_near(s.sites[0].ed.majors.treatment_admitted.mean_min, 300.0);
    assert_near(s.sites[0].ed.majors.treatment_admitted.cv, 0.6);
    assert_int_equal(s.sites[0].ed.minors.spaces, RES_UNLIMITED);
    assert_int_equal(s.sites[0].ed.minors.treatment.kind, DIST_EXPONENTIAL);
    assert_near(s.sites[0].ed.minors.treatment.mean_min, 95.0);
    /* treatment_admitted defaults to a copy of treatment. */
    assert_int_equal(s.sites[0].ed.minors.treatment_admitted.kind,
                     DIST_EXPONENTIAL);
    assert_near(s.sites[0].ed.minors.treatment_admitted.mean_min, 95.0);
    assert_int_equal(s.sites[0].ed.ambulance_offload.kind, DIST_UNIFORM);
    assert_near(s.sites[0].ed.ambulance_offload.mean_min, 30.0);
    assert_near(s.sites[0].ed.admit_probability[ARR_ED_WALK_IN], 0.28);
    assert_near(s.sites[0].ed.admit_probability[ARR_ED_AMBULANCE], 0.55);
    assert_near(s.sites[0].ed.admit_probability[ARR_DIRECT], 0.0);
    assert_near(s.sites[0].ed.minors_admit_probability, 0.04);

    assert_near(s.sites[0].admission.zero_day_probability[COHORT_UNDER_65],
                0.35);
    assert_near(s.sites[0].admission.zero_day_probability[COHORT_65_PLUS], 0.2);
    assert_int_equal(s.sites[0].admission.zero_day_stay.kind, DIST_TRIANGULAR);
    assert_near(s.sites[0].admission.zero_day_stay.mean_min, 400.0);
    assert_near(s.sites[0].admission.vw_step_up_probability, 0.05);

    assert_near(s.sites[0].ga.capacity.base, 600.0);
    assert_int_equal(s.sites[0].ga.capacity.n, 2);
    assert_int_equal(s.sites[0].ga.capacity.step[0].day, day("2023-11-01"));
    assert_near(s.sites[0].ga.capacity.step[0].value, 640.0);
    assert_near(s.sites[0].ga.capacity.step[1].value, (double)RES_UNLIMITED);
    assert_near(scn_schedule_at(&s.sites[0].ga.capacity, day("2023-10-31")),
                600.0);
    assert_near(scn_schedule_at(&s.sites[0].ga.capacity, day("2023-11-01")),
                640.0);
    assert_near(scn_schedule_at(&s.sites[0].ga.capacity, day("2024-03-01")),
                (double)RES_UNLIMITED);

    assert_int_equal(s.sites[0].ga.clinical_los[COHORT_UNDER_65].kind,
                     DIST_FIXED);
    assert_near(s.sites[0].ga.clinical_los[COHORT_UNDER_65].mean_min, 120.0);
    {
        const struct dist *e = &s.sites[0].ga.clinical_los[COHORT_65_PLUS];

        assert_int_equal(e->kind, DIST_EMPIRICAL);
        assert_int_equal(e->n, 3);
        assert_near(e->values_min[0], 1440.0);
        assert_near(e->values_min[1], 3600.0);
        assert_near(e->values_min[2], 10080.0);
        assert_near(e->cum_weight[0], 0.25);
        assert_near(e->cum_weight[1], 0.75);
        assert_near(e->cum_weight[2], 1.0);
    }
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_UNDER_65][PW_0],
                0.9);
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_UNDER_65][PW_3],
                0.01);
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_65_PLUS][PW_1], 0.3);
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_65_PLUS][PW_2],
                0.15);
    assert_near(s.sites[0].ga.step_down_probability[COHORT_UNDER_65], 0.1);
    assert_near(s.sites[0].ga.step_down_probability[COHORT_65_PLUS], 0.2);
    assert_near(s.vw.step_down_at_share_of_los, 0.7);

    assert_near(s.vw.beds.base, 45.0);
    assert_int_equal(s.vw.beds.n, 1);
    assert_near(s.vw.beds.step[0].value, 60.0);
    assert_int_equal(s.vw.stay.kind, DIST_GAMMA);
    assert_near(s.vw.stay.mean_min, 6.0 * 1440.0);
    assert_near(s.vw.escalation_probability, 0.08);

    assert_near(s.discharge.process_delay[PW_0].mean_min, 90.0);
    assert_near(s.discharge.process_delay[PW_1].mean_min, 240.0);
    assert_near(s.discharge.process_delay[PW_2].mean_min, 480.0);
    assert_near(s.discharge.process_delay[PW_3].mean_min, 2880.0);
    assert_near(s.discharge.window_start_h, 8.0);
    assert_near(s.discharge.window_end_h, 20.5);
    assert_near(s.discharge.weekend_process_rate, 0.4);
    assert_int_equal(s.discharge.pw[PW_0].unlimited, 1);
    assert_int_equal(s.discharge.pw[PW_1].unlimited, 1);
    assert_near(s.discharge.pw[PW_1].slots.base, (double)RES_UNLIMITED);
    assert_near(s.discharge.pw[PW_1].duration.mean_min, 14.0 * 1440.0);
    assert_near(s.discharge.pw[PW_1].brokerage_delay.mean_min, 1440.0);
    assert_int_equal(s.discharge.pw[PW_2].unlimited, 0);
    assert_near(s.discharge.pw[PW_2].slots.base, 30.0);
    assert_near(s.discharge.pw[PW_2].slots.step[0].value, 35.0);
    assert_near(s.discharge.pw[PW_2].brokerage_delay.mean_min, 0.0);
    /* Unlimited at first but limited from a date: not spot purchase. */
    assert_int_equal(s.discharge.pw[PW_3].unlimited, 0);
    assert_near(s.discharge.pw[PW_3].slots.base, (double)RES_UNLIMITED);
    assert_near(s.discharge.pw[PW_3].slots.step[0].value, 120.0);
    assert_int_equal(s.discharge.pw[PW_3].brokerage_delay.kind, DIST_LOGNORMAL);
    assert_near(s.discharge.pw[PW_3].brokerage_delay.mean_min, 5.0 * 1440.0);

    assert_int_equal(s.sites[0].elective.los.kind, DIST_GAMMA);
    assert_near(s.sites[0].elective.los.mean_min, 3.0 * 1440.0);
    assert_near(s.sites[0].elective.cancel_above_occupancy, 0.95);

    scn_release(&s);
    assert_null(s.name);
    scn_release(&s); /* twice is harmless */
}

static void
test_defaults(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(BASE "}", &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_string_equal(s.name, "t");
    assert_string_equal(s.description, "");
    assert_int_equal(s.warm_up_days, 0);
    assert_int_equal(s.replications, 30);
    assert_true(s.seed == 1);
    assert_int_equal(scn_first_day(&s), s.start_day);
    assert_int_equal(scn_days(&s), 91);
    for (int a = 0; a < ARR_N; a++) {
        const struct arrival_stream *st = &s.arrivals[a];

        assert_near(st->rate_per_day, 0.0);
        for (int h = 0; h < 24; h++)
            assert_near(st->hour_of_day_weights[h], 1.0);
        for (int d = 0; d < 7; d++)
            assert_near(st->day_of_week_weights[d], 1.0);
        for (int m = 0; m < 12; m++)
            assert_near(st->month_of_year_weights[m], 1.0);
        assert_near(st->growth_per_year, 0.0);
        assert_near(st->share_65_plus, 0.0);
        assert_near(st->majors_share, 1.0);
        assert_int_equal(st->n_windows, 0);
        assert_near(s.sites[0].ed.admit_probability[a], 0.0);
    }
    assert_int_equal(s.sites[0].ed.majors.spaces, RES_UNLIMITED);
    assert_int_equal(s.sites[0].ed.minors.spaces, RES_UNLIMITED);
    assert_int_equal(s.sites[0].ed.majors.treatment.kind, DIST_FIXED);
    assert_near(s.sites[0].ed.majors.treatment.mean_min, 0.0);
    assert_int_equal(s.sites[0].ed.majors.treatment_admitted.kind, DIST_FIXED);
    assert_int_equal(s.sites[0].ed.ambulance_offload.kind, DIST_FIXED);
    assert_near(s.sites[0].ed.minors_admit_probability, 0.0);
    assert_near(s.sites[0].admission.zero_day_probability[COHORT_65_PLUS], 0.0);
    assert_int_equal(s.sites[0].admission.zero_day_stay.kind, DIST_FIXED);
    assert_near(s.sites[0].admission.vw_step_up_probability, 0.0);
    assert_near(s.sites[0].ga.capacity.base, (double)RES_UNLIMITED);
    assert_int_equal(s.sites[0].ga.capacity.n, 0);
    for (int k = 0; k < COHORT_N; k++) {
        assert_int_equal(s.sites[0].ga.clinical_los[k].kind, DIST_FIXED);
        assert_near(s.sites[0].ga.pathway_probabilities[k][PW_0], 1.0);
        assert_near(s.sites[0].ga.pathway_probabilities[k][PW_1], 0.0);
        assert_near(s.sites[0].ga.pathway_probabilities[k][PW_3], 0.0);
        assert_near(s.sites[0].ga.step_down_probability[k], 0.0);
    }
    assert_near(s.vw.step_down_at_share_of_los, 0.5);
    assert_near(s.vw.beds.base, 0.0);
    assert_int_equal(s.vw.beds.n, 0);
    assert_near(s.vw.escalation_probability, 0.0);
    assert_near(s.discharge.window_start_h, 0.0);
    assert_near(s.discharge.window_end_h, 24.0);
    assert_near(s.discharge.weekend_process_rate, 1.0);
    for (int p = 0; p < PW_N; p++) {
        assert_int_equal(s.discharge.process_delay[p].kind, DIST_FIXED);
        assert_int_equal(s.discharge.pw[p].unlimited, 1);
        assert_near(s.discharge.pw[p].slots.base, (double)RES_UNLIMITED);
        assert_near(s.discharge.pw[p].duration.mean_min, 0.0);
        assert_near(s.discharge.pw[p].brokerage_delay.mean_min, 0.0);
    }
    assert_int_equal(s.sites[0].elective.los.kind, DIST_FIXED);
    assert_near(s.sites[0].elective.cancel_above_occupancy, 1.0);
    scn_release(&s);
}

/* Defaults that apply when the key's object is present but partial. */
static void
test_partial_defaults(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(BASE ", 'cohorts': {'65_plus': {'pathway_probabilities':"
                   " {'p1': 0.25, 'p2': 0.75}}},"
                   " 'discharge': {'window': {'end_h': 17},"
                   "  'pathways': {'p2': {'slots': 0}}},"
                   " 'arrivals': {'elective': {'rate_per_day': 0}}}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    /* A given pathway object starts from 0, not from p0 = 1. */
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_65_PLUS][PW_0], 0.0);
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_65_PLUS][PW_2],
                0.75);
    assert_near(s.sites[0].ga.pathway_probabilities[COHORT_UNDER_65][PW_0],
                1.0);
    assert_near(s.discharge.window_start_h, 0.0);
    assert_near(s.discharge.window_end_h, 17.0);
    assert_int_equal(s.discharge.pw[PW_2].unlimited, 0);
    assert_near(s.discharge.pw[PW_2].slots.base, 0.0);
    assert_int_equal(s.discharge.pw[PW_1].unlimited, 1);
    scn_release(&s);
}

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

/* Wrapped values of every shape load like plain ones. */
static void
test_wrappers(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load("{'name': {'value': 'w', 'note': 'n'},"
              " 'start_date': {'value': '2023-04-01', 'source': 'plan'},"
              " 'end_date': '2023-04-30',"
              " 'seed': {'value': 12345, 'assumption': 'any'},"
              " 'beds': {'ga': {'capacity': {'value': 'unlimited',"
              "  'source': 'x'}, 'schedule': {'value': [{'from':"
              "  '2023-04-10', 'capacity': {'value': 7}}], 'source': 'y'}}},"
              " 'ed': {'majors': {'treatment': {'kind': {'value': 'fixed'},"
              "  'value_h': {'value': 2, 'source': 'audit'}}}}}",
              &s, &err, path, sizeof(path));
    for (size_t i = 0; i < err.n; i++)
        print_error("%s\n", err.msg[i]);
    assert_int_equal(rc, 0);
    assert_string_equal(s.name, "w");
    assert_int_equal(s.start_day, day("2023-04-01"));
    assert_true(s.seed == 12345);
    assert_near(s.sites[0].ga.capacity.base, (double)RES_UNLIMITED);
    assert_int_equal(s.sites[0].ga.capacity.n, 1);
    assert_near(s.sites[0].ga.capacity.step[0].value, 7.0);
    assert_near(s.sites[0].ed.majors.treatment.mean_min, 120.0);
    assert_near(s.sites[0].ed.majors.treatment_admitted.mean_min, 120.0);
    scn_release(&s);
}

static void
test_periods(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    const struct arrival_stream *el;
    int rc;

    (void)state;
    rc = load(BASE ", 'arrivals': {'elective': {'rate_per_day': 40,"
                   "  'windows': [{'from': '2023-05-01', 'to': '2023-05-02',"
                   "   'multiplier': 1.5}]}},"
                   " 'bank_holidays': ["
                   "  {'from': '2023-05-29', 'to': '2023-05-29',"
                   "   'process_rate': 0.5, 'elective_multiplier': 0.25,"
                   "   'note': 'spring bank holiday'},"
                   "  {'from': '2023-05-08', 'to': '2023-05-08'}],"
                   " 'industrial_action': ["
                   "  {'from': '2023-06-13', 'to': '2023-06-16',"
                   "   'ed_spaces_multiplier': 0.6, 'process_rate': 0.8,"
                   "   'elective_multiplier': 0}]}",
              &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_periods, 3);
    assert_int_equal(s.periods[0].kind, PERIOD_BANK_HOLIDAY);
    assert_int_equal(s.periods[0].from_day, day("2023-05-29"));
    assert_int_equal(s.periods[0].to_day, day("2023-05-29"));
    assert_near(s.periods[0].process_rate, 0.5);
    assert_near(s.periods[0].elective_multiplier, 0.25);
    assert_near(s.periods[0].ed_spaces_multiplier, 1.0);
    /* Defaults. */
    assert_int_equal(s.periods[1].kind, PERIOD_BANK_HOLIDAY);
    assert_int_equal(s.periods[1].from_day, day("2023-05-08"));
    assert_near(s.periods[1].process_rate, 1.0);
    assert_near(s.periods[1].elective_multiplier, 1.0);
    assert_near(s.periods[1].ed_spaces_multiplier, 1.0);
    assert_int_equal(s.periods[2].kind, PERIOD_INDUSTRIAL_ACTION);
    assert_int_equal(s.periods[2].from_day, day("2023-06-13"));
    assert_int_equal(s.periods[2].to_day, day("2023-06-16"));
    assert_near(s.periods[2].ed_spaces_multiplier, 0.6);
    assert_near(s.periods[2].process_rate, 0.8);
    assert_near(s.periods[2].elective_multiplier, 0.0);
    /* The stream's own window, then one per period changing electives. */
    el = &s.arrivals[ARR_ELECTIVE];
    assert_int_equal(el->n_windows, 3);
    assert_near(el->windows[0].multiplier, 1.5);
    assert_int_equal(el->windows[1].from_day, day("2023-05-29"));
    assert_int_equal(el->windows[1].to_day, day("2023-05-29"));
    assert_near(el->windows[1].multiplier, 0.25);
    assert_int_equal(el->windows[2].from_day, day("2023-06-13"));
    assert_int_equal(el->windows[2].to_day, day("2023-06-16"));
    assert_near(el->windows[2].multiplier, 0.0);
    assert_int_equal(s.arrivals[ARR_ED_WALK_IN].n_windows, 0);
    scn_release(&s);
    assert_null(s.periods);

    /* Only industrial action: the elective stream gets a window anyway. */
    rc = load(BASE ", 'industrial_action': [{'from': '2023-06-13',"
                   " 'to': '2023-06-13', 'elective_multiplier': 0.5}]}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_periods, 1);
    assert_int_equal(s.arrivals[ARR_ELECTIVE].n_windows, 1);
    assert_near(s.arrivals[ARR_ELECTIVE].windows[0].multiplier, 0.5);
    scn_release(&s);
}

static void
test_escalation(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    const struct escalation *e;
    int rc;

    (void)state;
    /* Absent: disabled, and every figure safe to read. */
    rc = load(BASE "}", &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    e = &s.escalation;
    assert_int_equal(e->enabled, 0);
    assert_near(e->interval_min, 240.0);
    for (int l = 0; l < OPEL_LEVELS; l++) {
        assert_true(isinf(e->ga_occupancy[l]) && e->ga_occupancy[l] > 0);
        assert_true(isinf(e->ed_boarders[l]) && e->ed_boarders[l] > 0);
        assert_true(isinf(e->handover_mean_min[l]));
        assert_int_equal(e->escalation_beds[l], 0);
        assert_int_equal(e->cancel_electives[l], 0);
        assert_near(e->process_rate[l], 1.0);
        assert_near(e->step_down_multiplier[l], 1.0);
    }
    assert_int_equal(e->escalation_beds_cap, 0);
    assert_near(e->hysteresis_ga_occupancy, 0.0);
    assert_int_equal(s.n_periods, 0);
    scn_release(&s);

    /* Empty: enabled, with the defaults. */
    rc = load(BASE ", 'escalation': {}}", &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_int_equal(s.escalation.enabled, 1);
    assert_near(s.escalation.interval_min, 240.0);
    assert_true(isinf(s.escalation.ga_occupancy[3]));
    scn_release(&s);

    rc = load(BASE ", 'escalation': {'interval_h': 6,"
                   " 'triggers': {'ga_occupancy': [0.9, 0.95, 0.95],"
                   "  'handover_mean_min': {'value': [30, 45, 60],"
                   "                        'source': 'UEC plan'}},"
                   " 'hysteresis': {'ga_occupancy': 0.02, 'ed_boarders': 2.5,"
                   "  'handover_mean_min': 10},"
                   " 'actions': {'level_3': {'escalation_beds': 20,"
                   "   'process_rate': 1.25},"
                   "  'level_4': {'escalation_beds': 35,"
                   "   'cancel_electives': true, 'process_rate': 1.5,"
                   "   'step_down_multiplier': 2}}}}",
              &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    e = &s.escalation;
    assert_int_equal(e->enabled, 1);
    assert_near(e->interval_min, 360.0);
    assert_true(isinf(e->ga_occupancy[0]));
    assert_near(e->ga_occupancy[1], 0.9);
    assert_near(e->ga_occupancy[2], 0.95);
    assert_near(e->ga_occupancy[3], 0.95);
    for (int l = 0; l < OPEL_LEVELS; l++)
        assert_true(isinf(e->ed_boarders[l]));
    assert_true(isinf(e->handover_mean_min[0]));
    assert_near(e->handover_mean_min[1], 30.0);
    assert_near(e->handover_mean_min[3], 60.0);
    assert_near(e->hysteresis_ga_occupancy, 0.02);
    assert_near(e->hysteresis_ed_boarders, 2.5);
    assert_near(e->hysteresis_handover_mean_min, 10.0);
    /* Level 1 and level 2 (not given) keep the defaults. */
    for (int l = 0; l < 2; l++) {
        assert_int_equal(e->escalation_beds[l], 0);
        assert_int_equal(e->cancel_electives[l], 0);
        assert_near(e->process_rate[l], 1.0);
        assert_near(e->step_down_multiplier[l], 1.0);
    }
    assert_int_equal(e->escalation_beds[2], 20);
    assert_int_equal(e->cancel_electives[2], 0);
    assert_near(e->process_rate[2], 1.25);
    assert_near(e->step_down_multiplier[2], 1.0);
    assert_int_equal(e->escalation_beds[3], 35);
    assert_int_equal(e->cancel_electives[3], 1);
    assert_near(e->process_rate[3], 1.5);
    assert_near(e->step_down_multiplier[3], 2.0);
    /* The cap defaults to the most beds any level opens. */
    assert_int_equal(e->escalation_beds_cap, 35);
    scn_release(&s);

    rc = load(BASE ", 'escalation': {'escalation_beds_cap': 25,"
                   " 'actions': {'level_2': {'escalation_beds': 30}}}}",
              &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_int_equal(s.escalation.escalation_beds[1], 30);
    assert_int_equal(s.escalation.escalation_beds_cap, 25);
    scn_release(&s);
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

static void
test_schedule_at(void **state)
{
    struct sched_step steps[] = {{100, 20.0}, {200, 5.0}, {300, 7.5}};
    struct schedule sc = {10.0, 3, steps};
    struct schedule empty = {4.25, 0, NULL};

    (void)state;
    assert_near(scn_schedule_at(&sc, -1000), 10.0);
    assert_near(scn_schedule_at(&sc, 99), 10.0);
    assert_near(scn_schedule_at(&sc, 100), 20.0);
    assert_near(scn_schedule_at(&sc, 199), 20.0);
    assert_near(scn_schedule_at(&sc, 200), 5.0);
    assert_near(scn_schedule_at(&sc, 299), 5.0);
    assert_near(scn_schedule_at(&sc, 300), 7.5);
    assert_near(scn_schedule_at(&sc, 100000), 7.5);
    assert_near(scn_schedule_at(&empty, 0), 4.25);
}

/* Which capacities have a dated schedule beside them, from the table. */
static void
test_schedule_key(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(scn_schedule_key("beds.ga.capacity", out, sizeof(out)), 1);
    assert_string_equal(out, "beds.ga.schedule");
    assert_int_equal(
        scn_schedule_key("discharge.pathways.p2.slots", out, sizeof(out)), 1);
    assert_string_equal(out, "discharge.pathways.p2.schedule");
    assert_int_equal(scn_schedule_key("virtual_wards.beds", out, sizeof(out)),
                     1);
    assert_string_equal(out, "virtual_wards.schedule");
    /* Capacities without one, a schedule itself, and no key at all. */
    assert_int_equal(scn_schedule_key("ed.majors.spaces", out, sizeof(out)), 0);
    assert_int_equal(scn_schedule_key("beds.ga.schedule", out, sizeof(out)), 0);
    assert_int_equal(
        scn_schedule_key("discharge.pathways.p0.slots", out, sizeof(out)), 0);
    assert_int_equal(scn_schedule_key("beds.ga", out, sizeof(out)), 0);
}

static void
test_names(void **state)
{
    struct scenario zero;

    (void)state;
    assert_string_equal(scn_stream_name(ARR_ED_WALK_IN), "ed_walk_in");
    assert_string_equal(scn_stream_name(ARR_ED_AMBULANCE), "ed_ambulance");
    assert_string_equal(scn_stream_name(ARR_DIRECT), "direct_admission");
    assert_string_equal(scn_stream_name(ARR_VW_STEP_UP), "vw_step_up");
    assert_string_equal(scn_stream_name(ARR_ELECTIVE), "elective");
    assert_string_equal(scn_cohort_name(COHORT_UNDER_65), "under_65");
    assert_string_equal(scn_cohort_name(COHORT_65_PLUS), "65_plus");
    assert_string_equal(scn_pathway_name(PW_0), "p0");
    assert_string_equal(scn_pathway_name(PW_3), "p3");
    memset(&zero, 0, sizeof(zero));
    scn_release(&zero);
    scn_release(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_partial_defaults),
        cmocka_unit_test(test_bad_cases),
        cmocka_unit_test(test_collects_errors),
        cmocka_unit_test(test_path_restored),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_wrappers),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_new_bad_cases),
        cmocka_unit_test(test_schedule_at),
        cmocka_unit_test(test_schedule_key),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
