/*
 * Unit tests for the scenario walker: every key lands in its field, the
 * defaults and the rules.  The exact message for each class of error is
 * in test_scenario_errors.c; files, extends and --set in
 * test_scenario_files.c.
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
        cmocka_unit_test(test_wrappers),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_schedule_at),
        cmocka_unit_test(test_schedule_key),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
