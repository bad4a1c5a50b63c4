/*
 * Unit tests for the scenario loader: every key lands in its field, the
 * defaults, and the exact message for each class of error.
 */
/* cmocka needs these three headers first, in this order. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "dist.h"
#include "resource.h"
#include "scenario.h"
#include "util.h"

/*
 * JSON in this file is written with ' for " to stay readable; write_json
 * turns every ' into ".  The three required keys open most documents.
 */
#define BASE                                                                   \
    "{'name': 't', 'start_date': '2023-04-01', 'end_date': '2023-06-30'"

#define assert_near(a, b) assert_near_at((a), (b), __FILE__, __LINE__)

static void
assert_near_at(double a, double b, const char *file, int line)
{
    if (fabs(a - b) <= 1e-12 * (1.0 + fabs(b)))
        return;
    print_error("%.17g != %.17g\n", a, b);
    _fail(file, line);
}

/* Write text (with ' for ") to a new temporary file named in path. */
static void
write_json(const char *text, char *path, size_t n)
{
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    int fd;

    assert_non_null(buf);
    for (size_t i = 0; i <= len; i++)
        buf[i] = text[i] == '\'' ? '"' : text[i];
    snprintf(path, n, "/tmp/uecsim_test_scn_XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    free(buf);
}

/* Load text; the file is removed again.  Returns scn_load's code. */
static int
load(const char *text, struct scenario *s, struct scn_errors *err, char *path,
     size_t n)
{
    int rc;

    write_json(text, path, n);
    rc = scn_load(path, s, err);
    unlink(path);
    return rc;
}

/* Expect failure, the first message "PATH: want" exactly, total errors. */
static void
expect_error(size_t id, const char *text, const char *want, size_t total)
{
    struct scenario s;
    struct scn_errors err;
    char path[64], full[600];
    int rc = load(text, &s, &err, path, sizeof(path));

    snprintf(full, sizeof(full), "%s: %s", path, want);
    if (rc != 2 || err.n < 1 || strcmp(err.msg[0], full) != 0 ||
        err.total != total) {
        print_error("case %zu: %s\n", id, text);
        for (size_t i = 0; i < err.n; i++)
            print_error("  got: %s\n", err.msg[i]);
    }
    assert_int_equal(rc, 2);
    assert_true(err.n >= 1);
    assert_string_equal(err.msg[0], full);
    assert_int_equal(err.total, total);
    /* A failed load leaves nothing to free. */
    assert_null(s.name);
    assert_null(s.path);
    assert_null(s.ga.capacity.step);
}

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

static int32_t
day(const char *iso)
{
    int32_t d = 0;

    assert_int_equal(cal_parse(iso, &d), 0);
    return d;
}

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
    assert_near(w->hour_weight[0], 0.5);
    assert_near(w->hour_weight[11], 0.5);
    assert_near(w->hour_weight[12], 1.5);
    assert_near(w->hour_weight[23], 1.5);
    assert_near(w->weekday_weight[0], 1.75);
    assert_near(w->weekday_weight[6], 0.875);
    assert_near(w->month_weight[0], 12.0 / 78.0);
    assert_near(w->month_weight[11], 144.0 / 78.0);
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
    assert_near(s.arrivals[ARR_ED_AMBULANCE].hour_weight[5], 1.0);
    assert_near(s.arrivals[ARR_DIRECT].rate_per_day, 20.75);
    assert_near(s.arrivals[ARR_VW_STEP_UP].rate_per_day, 3.5);
    assert_near(s.arrivals[ARR_ELECTIVE].rate_per_day, 40.0);
    assert_near(s.arrivals[ARR_ELECTIVE].weekday_weight[0], 1.4);
    assert_near(s.arrivals[ARR_ELECTIVE].weekday_weight[5], 0.0);

    assert_int_equal(s.ed.majors.spaces, 40);
    assert_int_equal(s.ed.majors.treatment.kind, DIST_LOGNORMAL);
    assert_near(s.ed.majors.treatment.mean_min, 210.0);
    assert_near(s.ed.majors.treatment.cv, 0.8);
    assert_int_equal(s.ed.majors.treatment_admitted.kind, DIST_GAMMA);
    assert_near(s.ed.majors.treatment_admitted.mean_min, 300.0);
    assert_near(s.ed.majors.treatment_admitted.cv, 0.6);
    assert_int_equal(s.ed.minors.spaces, RES_UNLIMITED);
    assert_int_equal(s.ed.minors.treatment.kind, DIST_EXPONENTIAL);
    assert_near(s.ed.minors.treatment.mean_min, 95.0);
    /* treatment_admitted defaults to a copy of treatment. */
    assert_int_equal(s.ed.minors.treatment_admitted.kind, DIST_EXPONENTIAL);
    assert_near(s.ed.minors.treatment_admitted.mean_min, 95.0);
    assert_int_equal(s.ed.offload.kind, DIST_UNIFORM);
    assert_near(s.ed.offload.mean_min, 30.0);
    assert_near(s.ed.admit_probability[ARR_ED_WALK_IN], 0.28);
    assert_near(s.ed.admit_probability[ARR_ED_AMBULANCE], 0.55);
    assert_near(s.ed.admit_probability[ARR_DIRECT], 0.0);
    assert_near(s.ed.minors_admit_probability, 0.04);

    assert_near(s.admission.zero_day_probability[COHORT_UNDER_65], 0.35);
    assert_near(s.admission.zero_day_probability[COHORT_65_PLUS], 0.2);
    assert_int_equal(s.admission.zero_day_stay.kind, DIST_TRIANGULAR);
    assert_near(s.admission.zero_day_stay.mean_min, 400.0);
    assert_near(s.admission.vw_step_up_probability, 0.05);

    assert_near(s.ga.capacity.base, 600.0);
    assert_int_equal(s.ga.capacity.n, 2);
    assert_int_equal(s.ga.capacity.step[0].day, day("2023-11-01"));
    assert_near(s.ga.capacity.step[0].value, 640.0);
    assert_near(s.ga.capacity.step[1].value, (double)RES_UNLIMITED);
    assert_near(scn_schedule_at(&s.ga.capacity, day("2023-10-31")), 600.0);
    assert_near(scn_schedule_at(&s.ga.capacity, day("2023-11-01")), 640.0);
    assert_near(scn_schedule_at(&s.ga.capacity, day("2024-03-01")),
                (double)RES_UNLIMITED);

    assert_int_equal(s.ga.clinical_los[COHORT_UNDER_65].kind, DIST_FIXED);
    assert_near(s.ga.clinical_los[COHORT_UNDER_65].mean_min, 120.0);
    {
        const struct dist *e = &s.ga.clinical_los[COHORT_65_PLUS];

        assert_int_equal(e->kind, DIST_EMPIRICAL);
        assert_int_equal(e->n, 3);
        assert_near(e->values_min[0], 1440.0);
        assert_near(e->values_min[1], 3600.0);
        assert_near(e->values_min[2], 10080.0);
        assert_near(e->cum_weight[0], 0.25);
        assert_near(e->cum_weight[1], 0.75);
        assert_near(e->cum_weight[2], 1.0);
    }
    assert_near(s.ga.pathway_probability[COHORT_UNDER_65][PW_0], 0.9);
    assert_near(s.ga.pathway_probability[COHORT_UNDER_65][PW_3], 0.01);
    assert_near(s.ga.pathway_probability[COHORT_65_PLUS][PW_1], 0.3);
    assert_near(s.ga.pathway_probability[COHORT_65_PLUS][PW_2], 0.15);
    assert_near(s.ga.step_down_probability[COHORT_UNDER_65], 0.1);
    assert_near(s.ga.step_down_probability[COHORT_65_PLUS], 0.2);
    assert_near(s.ga.step_down_at_share, 0.7);

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
    assert_near(s.discharge.pw[PW_1].brokerage.mean_min, 1440.0);
    assert_int_equal(s.discharge.pw[PW_2].unlimited, 0);
    assert_near(s.discharge.pw[PW_2].slots.base, 30.0);
    assert_near(s.discharge.pw[PW_2].slots.step[0].value, 35.0);
    assert_near(s.discharge.pw[PW_2].brokerage.mean_min, 0.0);
    /* Unlimited at first but limited from a date: not spot purchase. */
    assert_int_equal(s.discharge.pw[PW_3].unlimited, 0);
    assert_near(s.discharge.pw[PW_3].slots.base, (double)RES_UNLIMITED);
    assert_near(s.discharge.pw[PW_3].slots.step[0].value, 120.0);
    assert_int_equal(s.discharge.pw[PW_3].brokerage.kind, DIST_LOGNORMAL);
    assert_near(s.discharge.pw[PW_3].brokerage.mean_min, 5.0 * 1440.0);

    assert_int_equal(s.elective.los.kind, DIST_GAMMA);
    assert_near(s.elective.los.mean_min, 3.0 * 1440.0);
    assert_near(s.elective.cancel_above_occupancy, 0.95);

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
            assert_near(st->hour_weight[h], 1.0);
        for (int d = 0; d < 7; d++)
            assert_near(st->weekday_weight[d], 1.0);
        for (int m = 0; m < 12; m++)
            assert_near(st->month_weight[m], 1.0);
        assert_near(st->growth_per_year, 0.0);
        assert_near(st->share_65_plus, 0.0);
        assert_near(st->majors_share, 1.0);
        assert_int_equal(st->n_windows, 0);
        assert_near(s.ed.admit_probability[a], 0.0);
    }
    assert_int_equal(s.ed.majors.spaces, RES_UNLIMITED);
    assert_int_equal(s.ed.minors.spaces, RES_UNLIMITED);
    assert_int_equal(s.ed.majors.treatment.kind, DIST_FIXED);
    assert_near(s.ed.majors.treatment.mean_min, 0.0);
    assert_int_equal(s.ed.majors.treatment_admitted.kind, DIST_FIXED);
    assert_int_equal(s.ed.offload.kind, DIST_FIXED);
    assert_near(s.ed.minors_admit_probability, 0.0);
    assert_near(s.admission.zero_day_probability[COHORT_65_PLUS], 0.0);
    assert_int_equal(s.admission.zero_day_stay.kind, DIST_FIXED);
    assert_near(s.admission.vw_step_up_probability, 0.0);
    assert_near(s.ga.capacity.base, (double)RES_UNLIMITED);
    assert_int_equal(s.ga.capacity.n, 0);
    for (int k = 0; k < COHORT_N; k++) {
        assert_int_equal(s.ga.clinical_los[k].kind, DIST_FIXED);
        assert_near(s.ga.pathway_probability[k][PW_0], 1.0);
        assert_near(s.ga.pathway_probability[k][PW_1], 0.0);
        assert_near(s.ga.pathway_probability[k][PW_3], 0.0);
        assert_near(s.ga.step_down_probability[k], 0.0);
    }
    assert_near(s.ga.step_down_at_share, 0.5);
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
        assert_near(s.discharge.pw[p].brokerage.mean_min, 0.0);
    }
    assert_int_equal(s.elective.los.kind, DIST_FIXED);
    assert_near(s.elective.cancel_above_occupancy, 1.0);
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
    assert_near(s.ga.pathway_probability[COHORT_65_PLUS][PW_0], 0.0);
    assert_near(s.ga.pathway_probability[COHORT_65_PLUS][PW_2], 0.75);
    assert_near(s.ga.pathway_probability[COHORT_UNDER_65][PW_0], 1.0);
    assert_near(s.discharge.window_start_h, 0.0);
    assert_near(s.discharge.window_end_h, 17.0);
    assert_int_equal(s.discharge.pw[PW_2].unlimited, 0);
    assert_near(s.discharge.pw[PW_2].slots.base, 0.0);
    assert_int_equal(s.discharge.pw[PW_1].unlimited, 1);
    scn_release(&s);
}

static void
test_file_identity(void **state)
{
    static const char text[] = "{\"name\": \"t\", \"start_date\": "
                               "\"2023-04-01\", \"end_date\": "
                               "\"2023-04-01\"}\n";
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load(text, &s, &err, path, sizeof(path));
    assert_int_equal(rc, 0);
    assert_true(s.file_hash == util_fnv1a64(text, strlen(text)));
    assert_int_equal(scn_days(&s), 1);
    scn_release(&s);
}

struct bad_case {
    const char *json;
    const char *msg; /* the first message, after "FILE: " */
    size_t total;    /* errors found in all */
};

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
     "$.beds.ga.capacity: expected at most 2147483646 (or 'unlimited'), "
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
     "$.discharge.weekend_process_rate: expected a number in (0, 1], got 0", 1},
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
     "$.ed.majors.treatment.cv: expected a positive number, got 0", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'uniform',"
          " 'min_h': 2, 'max_h': 1}}}}",
     "$.ed.majors.treatment.max_h: max_h 1 is below min_h 2", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'triangular',"
          " 'min_h': 1, 'mode_h': 0.5, 'max_h': 3}}}}",
     "$.ed.majors.treatment.mode_h: mode_h 0.5 is below min_h 1", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'fixed',"
          " 'value_days': 1e308}}}}",
     "$.ed.majors.treatment.value_days: duration 1e+308 is too large", 1},
    {BASE ", 'ed': {'majors': {'treatment': {'kind': 'empirical',"
          " 'values_days': [1, 1e306], 'weights': [1, 1]}}}}",
     "$.ed.majors.treatment.values_days[1]: duration 1e+306 is too large", 1},
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

struct syntax_case {
    const char *json; /* verbatim, not ' for " */
    const char *msg;
};

static const struct syntax_case syntax_cases[] = {
    {"{\n  \"name\": \"x\"\n  \"seed\": 1\n}\n",
     "line 3, column 3: JSON syntax error near '\"seed\": 1'"},
    {"{\n  \"name\": \"x\",\n", "line 3, column 1: JSON syntax error at end "
                                "of input"},
    {"", "line 1, column 1: JSON syntax error at end of input"},
    {"{\"name\": \"\xc3\xa9\", \"seed\": tru}",
     "line 1, column 23: JSON syntax error near 'tru}'"},
    {"{\"a\": 1} x", "line 1, column 10: JSON syntax error near 'x'"},
    /* cJSON points past the '}' after a trailing comma. */
    {"{\n  \"seed\": 1,\n}\n", "line 3, column 2: JSON syntax error near '}'"},
};

static void
test_syntax_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(syntax_cases) / sizeof(syntax_cases[0]);
         i++) {
        struct scenario s;
        struct scn_errors err;
        char path[64], want[256];
        int fd, rc;
        size_t len = strlen(syntax_cases[i].json);

        snprintf(path, sizeof(path), "/tmp/uecsim_test_scn_XXXXXX");
        fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, syntax_cases[i].json, len), (ssize_t)len);
        assert_int_equal(close(fd), 0);
        rc = scn_load(path, &s, &err);
        unlink(path);
        snprintf(want, sizeof(want), "%s: %s", path, syntax_cases[i].msg);
        assert_int_equal(rc, 2);
        assert_int_equal(err.total, 1);
        assert_string_equal(err.msg[0], want);
        assert_null(s.path);
    }
}

static void
test_unreadable(void **state)
{
    struct scenario s;
    struct scn_errors err;
    int rc;

    (void)state;
    rc = scn_load("/nonexistent/uecsim/x.json", &s, &err);
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 1);
    assert_string_equal(err.msg[0], "/nonexistent/uecsim/x.json: cannot "
                                    "read: No such file or directory");
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
    assert_near(s.ga.capacity.base, (double)RES_UNLIMITED);
    assert_int_equal(s.ga.capacity.n, 1);
    assert_near(s.ga.capacity.step[0].value, 7.0);
    assert_near(s.ed.majors.treatment.mean_min, 120.0);
    assert_near(s.ed.majors.treatment_admitted.mean_min, 120.0);
    scn_release(&s);
}

/* ------------------------------------------------------------------ */
/* extends, --set, periods and escalation                             */
/* ------------------------------------------------------------------ */

/* Make a fresh temporary folder; its path goes in dir. */
static void
dir_make(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/uecsim_test_ext_XXXXXX");
    assert_non_null(mkdtemp(dir));
}

/* Write text (with ' for ") to dir/name; the full path goes in path. */
static void
put(const char *dir, const char *name, const char *text, char *path, size_t n)
{
    size_t len = strlen(text);
    FILE *f;

    snprintf(path, n, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < len; i++)
        assert_int_not_equal(fputc(text[i] == '\'' ? '"' : text[i], f), EOF);
    assert_int_equal(fclose(f), 0);
}

/* Remove dir, its files and the files of its sub-folders. */
static void
dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    assert_non_null(d);
    for (e = readdir(d); e; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            dir_remove(path);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
}

/* Print every message, to explain an unexpected failure. */
static void
show(const struct scn_errors *err)
{
    for (size_t i = 0; i < err->n; i++)
        print_error("  got: %s\n", err->msg[i]);
}

/* Expect rc 2, total errors and the first message exactly. */
static void
expect_msg(int rc, const struct scn_errors *err, size_t total, const char *want)
{
    if (rc != 2 || err->n < 1 || strcmp(err->msg[0], want) != 0 ||
        err->total != total) {
        print_error("want: %s\n", want);
        show(err);
    }
    assert_int_equal(rc, 2);
    assert_int_equal(err->total, total);
    assert_string_equal(err->msg[0], want);
}

/* The base of the merge tests: 'sorce' makes its own wrapper invalid. */
static const char merge_base[] =
    "{'name': 'base', 'start_date': '2023-04-01', 'end_date': '2023-06-30',"
    " 'seed': {'value': 5, 'source': 'x'}, 'replications': 10,"
    " 'arrivals': {'ed_walk_in': {'rate_per_day': 300, 'share_65_plus': 0.25,"
    "   'day_of_week_weights': [2, 1, 1, 1, 1, 1, 1]}},"
    " 'ed': {'majors': {'spaces': 40,"
    "   'treatment': {'kind': 'lognormal', 'mean_h': 3.5, 'cv': 0.8}}},"
    " 'beds': {'ga': {'capacity': {'value': 600, 'sorce': 'typo'},"
    "   'schedule': [{'from': '2023-05-01', 'capacity': 620}]}},"
    " 'cohorts': {'under_65': {'clinical_los': {'kind': 'gamma',"
    "   'mean_days': 3, 'cv': 0.5}}}}";

static const char merge_over[] =
    "{'extends': 'base.json', 'name': 'over', 'seed': 7,"
    " 'replications': {'value': 12, 'source': 'y'},"
    " 'arrivals': {'ed_walk_in': {'rate_per_day': 310,"
    "   'day_of_week_weights': [1, 1, 1, 1, 1, 1, 8]}},"
    " 'ed': {'majors': {'treatment': {'kind': 'exponential', 'mean_h': 2}}},"
    " 'beds': {'ga': {'capacity': {'value': 650}}},"
    " 'cohorts': {'under_65': {'clinical_los': {'mean_days': 4}}}}";

static void
test_extends_merge(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json", merge_base, base, sizeof(base));
    put(dir, "over.json", merge_over, top, sizeof(top));
    rc = scn_load(top, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    assert_string_equal(s.path, top);
    assert_int_equal(s.n_files, 2);
    assert_string_equal(s.files[0], top);
    assert_string_equal(s.files[1], base);
    assert_string_equal(s.name, "over");
    /* Untouched base keys survive; scalars replace. */
    assert_int_equal(s.start_day, day("2023-04-01"));
    assert_near(s.arrivals[ARR_ED_WALK_IN].rate_per_day, 310.0);
    assert_near(s.arrivals[ARR_ED_WALK_IN].share_65_plus, 0.25);
    assert_int_equal(s.ed.majors.spaces, 40);
    /* A bare value replaces a wrapped one, and the other way round. */
    assert_true(s.seed == 7);
    assert_int_equal(s.replications, 12);
    /* Arrays replace whole: Sunday is 8 of 14, Monday no longer 2. */
    assert_near(s.arrivals[ARR_ED_WALK_IN].weekday_weight[0], 0.5);
    assert_near(s.arrivals[ARR_ED_WALK_IN].weekday_weight[6], 4.0);
    /* A wrapper replaces whole: the base's 'sorce' is gone. */
    assert_near(s.ga.capacity.base, 650.0);
    /* Nested objects merge: the schedule next to capacity stays. */
    assert_int_equal(s.ga.capacity.n, 1);
    assert_near(s.ga.capacity.step[0].value, 620.0);
    /* A distribution with its kind replaces whole (no lognormal cv). */
    assert_int_equal(s.ed.majors.treatment.kind, DIST_EXPONENTIAL);
    assert_near(s.ed.majors.treatment.mean_min, 120.0);
    /* Without kind it tunes the base's parameters. */
    assert_int_equal(s.ga.clinical_los[COHORT_UNDER_65].kind, DIST_GAMMA);
    assert_near(s.ga.clinical_los[COHORT_UNDER_65].mean_min, 4.0 * 1440.0);
    assert_near(s.ga.clinical_los[COHORT_UNDER_65].cv, 0.5);
    scn_release(&s);
    assert_null(s.files);

    /* The base alone is invalid: the wrapper merge really replaced it. */
    rc = scn_load(base, &s, &err);
    assert_int_equal(rc, 2);
    dir_remove(dir);
}

/* Three files, in sub-folders: paths are relative to the referrer. */
static void
test_extends_chain(void **state)
{
    static const char c_json[] =
        "{'name': 'c', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'seed': 3, 'beds': {'ga': {'capacity': 100}},"
        " 'electives': {'cancel_above_occupancy': 0.9}}";
    static const char b_json[] =
        "{'extends': '../c.json', 'name': 'b', 'replications': 5,"
        " 'beds': {'ga': {'capacity': 200}}}";
    static const char a_json[] =
        "{'extends': 'sub/b.json', 'name': 'a', 'replications': 9}";
    struct scenario s;
    struct scn_errors err;
    char dir[64], sub[96], a[128], b[128], c[128], want[128], *all;
    size_t la = strlen(a_json), lb = strlen(b_json), lc = strlen(c_json);
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(dir, "c.json", c_json, c, sizeof(c));
    put(sub, "b.json", b_json, b, sizeof(b));
    put(dir, "a.json", a_json, a, sizeof(a));
    rc = scn_load(a, &s, &err);
    show(&err);
    assert_int_equal(rc, 0);
    assert_int_equal(s.n_files, 3);
    assert_string_equal(s.files[0], a);
    assert_string_equal(s.files[1], b);
    snprintf(want, sizeof(want), "%s/sub/../c.json", dir);
    assert_string_equal(s.files[2], want);
    assert_string_equal(s.name, "a");
    assert_int_equal(s.replications, 9);
    assert_near(s.ga.capacity.base, 200.0);
    assert_true(s.seed == 3);
    assert_near(s.elective.cancel_above_occupancy, 0.9);
    /* The hash covers every file's bytes, top first. */
    all = malloc(la + lb + lc);
    assert_non_null(all);
    memcpy(all, a_json, la);
    memcpy(all + la, b_json, lb);
    memcpy(all + la + lb, c_json, lc);
    for (size_t i = 0; i < la + lb + lc; i++)
        all[i] = all[i] == '\'' ? '"' : all[i];
    assert_true(s.file_hash == util_fnv1a64(all, la + lb + lc));
    free(all);
    scn_release(&s);
    dir_remove(dir);
}

/* The hash changes when only the base changes. */
static void
test_extends_hash(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];
    unsigned long long h1, h2;

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30'}",
        base, sizeof(base));
    put(dir, "top.json", "{'extends': 'base.json'}", top, sizeof(top));
    assert_int_equal(scn_load(top, &s, &err), 0);
    h1 = s.file_hash;
    scn_release(&s);
    put(dir, "base.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-05-31'}",
        base, sizeof(base));
    assert_int_equal(scn_load(top, &s, &err), 0);
    h2 = s.file_hash;
    assert_int_equal(s.end_day, day("2023-05-31"));
    scn_release(&s);
    assert_true(h1 != h2);
    dir_remove(dir);
}

/* Errors: each names the file where the problem was written. */
static void
test_extends_errors(void **state)
{
    static const char ok_base[] =
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capacity': 10}}}";
    struct scenario s;
    struct scn_errors err;
    char dir[64], a[128], b[128], want[512];
    int rc;

    (void)state;
    dir_make(dir, sizeof(dir));

    /* A cycle of two, named at the top file with the chain. */
    put(dir, "a.json", "{'extends': 'b.json', 'name': 'a'}", a, sizeof(a));
    put(dir, "b.json", "{'extends': 'a.json'}", b, sizeof(b));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: extends cycle: a.json -> b.json -> a.json", a);
    expect_msg(rc, &err, 1, want);
    assert_null(s.path);
    assert_null(s.files);

    /* A file that extends itself. */
    put(dir, "a.json", "{'extends': 'a.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: extends cycle: a.json -> "
             "a.json",
             a);
    expect_msg(rc, &err, 1, want);

    /* realpath sees through another spelling of the same file. */
    put(dir, "a.json", "{'extends': './b.json'}", a, sizeof(a));
    {
        char text[256];
        const char *leaf = strrchr(dir, '/') + 1;

        snprintf(text, sizeof(text), "{'extends': '../%s/a.json'}", leaf);
        put(dir, "b.json", text, b, sizeof(b));
        rc = scn_load(a, &s, &err);
        snprintf(want, sizeof(want),
                 "%s: $.extends: extends cycle: a.json -> ./b.json -> "
                 "../%s/a.json",
                 a, leaf);
        expect_msg(rc, &err, 1, want);
    }

    /* A missing base, named by the file that refers to it. */
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    put(dir, "b.json", "{'extends': 'nope.json'}", b, sizeof(b));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: cannot read '%s/nope.json': No such file or "
             "directory",
             b, dir);
    expect_msg(rc, &err, 1, want);

    /* extends must name a file. */
    put(dir, "a.json", "{'extends': 3}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: expected a scenario file name, got 3", a);
    expect_msg(rc, &err, 1, want);
    put(dir, "a.json", "{'extends': ''}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.extends: expected a scenario file name, got ''", a);
    expect_msg(rc, &err, 1, want);

    /* An unknown key in the override names the override. */
    put(dir, "b.json", ok_base, b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json', 'beds': {'ga': {'capcity': 5}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga: unknown key 'capcity' (did you mean "
             "'capacity'?)",
             a);
    expect_msg(rc, &err, 1, want);

    /* An unknown key in the base names the base, in a merged object. */
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capcity': 10}}}",
        b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json', 'beds': {'ga': {'capacity': 5}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga: unknown key 'capcity' (did you mean "
             "'capacity'?)",
             b);
    expect_msg(rc, &err, 1, want);

    /* Values name their file too; the merged root is the top file's. */
    put(dir, "b.json",
        "{'name': 'b', 'end_date': '2023-04-30', 'seed': -1,"
        " 'beds': {'ga': {'capacity': 10}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json', 'beds': {'ga': {'capacity': -5}}}", a,
        sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: missing required key 'start_date'", a);
    expect_msg(rc, &err, 3, want);
    snprintf(want, sizeof(want),
             "%s: $.seed: expected an integer from 0 to 9007199254740991, "
             "got -1",
             b);
    assert_string_equal(err.msg[1], want);
    snprintf(want, sizeof(want),
             "%s: $.beds.ga.capacity: expected a non-negative integer, got -5",
             a);
    assert_string_equal(err.msg[2], want);

    /* A merged object is named by the nearest file that wrote it. */
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'arrivals': {'ed_walk_in': {'share_65_plus': 0.2}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json',"
        " 'arrivals': {'ed_walk_in': {'growth_per_year': 0.01}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: $.arrivals.ed_walk_in: missing required key 'rate_per_day'",
             a);
    expect_msg(rc, &err, 1, want);

    /* Syntax errors and duplicates are found in each file alone. */
    put(dir, "b.json", "{'name': 'b',\n 'seed': 1,\n}\n", b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want),
             "%s: line 3, column 2: JSON syntax error near '}'", b);
    expect_msg(rc, &err, 1, want);
    put(dir, "b.json",
        "{'name': 'b', 'start_date': '2023-04-01', 'end_date': '2023-04-30',"
        " 'beds': {'ga': {'capacity': 1, 'capacity': 2}}}",
        b, sizeof(b));
    put(dir, "a.json",
        "{'extends': 'b.json', 'seed': 1, 'seed': 2,"
        " 'beds': {'ga': {'capacity': 3}}}",
        a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: duplicate key 'seed'", a);
    expect_msg(rc, &err, 2, want);
    snprintf(want, sizeof(want), "%s: $.beds.ga: duplicate key 'capacity'", b);
    assert_string_equal(err.msg[1], want);

    /* A base that is not an object. */
    put(dir, "b.json", "[1]", b, sizeof(b));
    put(dir, "a.json", "{'extends': 'b.json'}", a, sizeof(a));
    rc = scn_load(a, &s, &err);
    snprintf(want, sizeof(want), "%s: $: expected an object, got array", b);
    expect_msg(rc, &err, 1, want);
    dir_remove(dir);
}

/* Load text (' for ") with --set strings; the file is removed again. */
static int
load_with(const char *text, const char *const *sets, size_t n,
          struct scenario *s, struct scn_errors *err, char *path, size_t len)
{
    int rc;

    write_json(text, path, len);
    rc = scn_load_with(path, sets, n, s, err);
    unlink(path);
    return rc;
}

static void
test_set(void **state)
{
    static const char *const sets[] = {
        "seed=42",
        "beds.ga.capacity=650",
        "start_date=2023-05-01",
        "ed.majors.spaces=12",
        "escalation.interval_h=2.5",
        "arrivals.elective.day_of_week_weights=[1,1,1,1,1,0,0]",
        "arrivals.elective.rate_per_day=40",
        "description=\"quoted\"",
        "seed=43",
    };
    const size_t n = sizeof(sets) / sizeof(sets[0]);
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    /* capacity's wrapper is invalid: the set must replace it whole. */
    rc = load_with(BASE ", 'seed': 1, 'beds': {'ga': {'capacity':"
                        " {'value': 600, 'sorce': 'x'}}}}",
                   sets, n, &s, &err, path, sizeof(path));
    show(&err);
    assert_int_equal(rc, 0);
    /* The last set of a key wins. */
    assert_true(s.seed == 43);
    assert_near(s.ga.capacity.base, 650.0);
    assert_int_equal(s.start_day, day("2023-05-01"));
    /* Missing objects on the way are created. */
    assert_int_equal(s.ed.majors.spaces, 12);
    assert_int_equal(s.escalation.enabled, 1);
    assert_near(s.escalation.interval_min, 150.0);
    assert_near(s.arrivals[ARR_ELECTIVE].rate_per_day, 40.0);
    assert_near(s.arrivals[ARR_ELECTIVE].weekday_weight[0], 1.4);
    assert_near(s.arrivals[ARR_ELECTIVE].weekday_weight[6], 0.0);
    assert_string_equal(s.description, "quoted");
    /* Copied, in order. */
    assert_int_equal(s.n_overrides, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(s.overrides[i], sets[i]);
        assert_ptr_not_equal(s.overrides[i], sets[i]);
    }
    assert_int_equal(s.n_files, 1);
    assert_string_equal(s.files[0], path);
    scn_release(&s);
    assert_null(s.overrides);
}

/* A set over an extends chain wins over both files. */
static void
test_set_over_extends(void **state)
{
    static const char *const sets[] = {"beds.ga.capacity=7"};
    struct scenario s;
    struct scn_errors err;
    char dir[64], base[128], top[128];

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json", merge_base, base, sizeof(base));
    put(dir, "over.json", merge_over, top, sizeof(top));
    assert_int_equal(scn_load_with(top, sets, 1, &s, &err), 0);
    assert_near(s.ga.capacity.base, 7.0);
    assert_int_equal(s.ga.capacity.n, 1);
    scn_release(&s);
    dir_remove(dir);
}

struct set_case {
    const char *set;
    const char *msg; /* the whole first message */
    size_t total;
};

static const struct set_case set_cases[] = {
    {"beds.ga.capcity=2000",
     "--set beds.ga.capcity=2000: $.beds.ga: unknown key 'capcity' (did you "
     "mean 'capacity'?)",
     1},
    {"bedz.ga.capacity=3",
     "--set bedz.ga.capacity=3: $: unknown key 'bedz' (did you mean "
     "'beds'?)",
     1},
    {"seed=-1",
     "--set seed=-1: $.seed: expected an integer from 0 to "
     "9007199254740991, got -1",
     1},
    {"seed=abc",
     "--set seed=abc: $.seed: expected an integer from 0 to "
     "9007199254740991, got string",
     1},
    {"seed", "--set seed: expected KEY=VALUE, got no '='", 1},
    {"=5", "--set =5: empty key before '='", 1},
    {"beds..ga=5",
     "--set beds..ga=5: empty key in the path (keys are separated by single "
     "dots)",
     1},
    {"seed.=5",
     "--set seed.=5: empty key in the path (keys are separated by single "
     "dots)",
     1},
    {"beds.ga.schedule[0].capacity=5",
     "--set beds.ga.schedule[0].capacity=5: array elements cannot be set "
     "(no [i] in keys); set the whole array",
     1},
    {"beds.ga.schedule.capacity=5",
     "--set beds.ga.schedule.capacity=5: $.beds.ga.schedule: expected an "
     "object to set 'capacity' in, got array (array elements cannot be "
     "set; set the whole array)",
     1},
    {"seed.x=5",
     "--set seed.x=5: $.seed: expected an object to set 'x' in, "
     "got 1",
     1},
    {"extends=other.json",
     "--set extends=other.json: $.extends: cannot be set with --set", 1},
    {"escalation.triggers.ga_occupancy=[0.9]",
     "--set escalation.triggers.ga_occupancy=[0.9]: "
     "$.escalation.triggers.ga_occupancy: expected 3 thresholds (levels 2, "
     "3, 4), got 1",
     1},
};

static void
test_set_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
        const char *sets[] = {set_cases[i].set};
        struct scenario s;
        struct scn_errors err;
        char path[64];
        int rc;

        rc = load_with(BASE ", 'seed': 1, 'beds': {'ga': {'capacity': 5,"
                            " 'schedule': []}}}",
                       sets, 1, &s, &err, path, sizeof(path));
        if (rc != 2 || err.n < 1 || strcmp(err.msg[0], set_cases[i].msg))
            print_error("case %zu: %s\n", i, set_cases[i].set);
        expect_msg(rc, &err, set_cases[i].total, set_cases[i].msg);
        assert_null(s.overrides);
    }
}

/* File errors come before set errors are checked by the walk. */
static void
test_set_and_file_errors(void **state)
{
    static const char *const sets[] = {"zzzz=1", "seed=2"};
    struct scenario s;
    struct scn_errors err;
    char path[64], want[256];
    int rc;

    (void)state;
    rc = load_with(BASE ", 'beds': {'ga': {'capacity': -1}}}", sets, 2, &s,
                   &err, path, sizeof(path));
    assert_int_equal(rc, 2);
    assert_int_equal(err.total, 2);
    assert_string_equal(err.msg[0], "--set zzzz=1: $: unknown key 'zzzz'");
    snprintf(want, sizeof(want),
             "%s: $.beds.ga.capacity: expected a non-negative integer, got -1",
             path);
    assert_string_equal(err.msg[1], want);
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
    assert_near(e->hysteresis_handover_min, 10.0);
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
     "$.bank_holidays[0].process_rate: expected a number in (0, 10], got 0", 1},
    {BASE ", 'industrial_action': [{'from': '2023-05-01', 'to': '2023-05-01',"
          " 'process_rate': 10.5}]}",
     "$.industrial_action[0].process_rate: expected a number in (0, 10], "
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
     "$.escalation.interval_h: expected a positive duration, got 0", 1},
    {BASE ", 'escalation': {'interval_h': 1e307}}",
     "$.escalation.interval_h: duration 1e+307 is too large", 1},
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
     "(0, 10], got 0",
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
        cmocka_unit_test(test_file_identity),
        cmocka_unit_test(test_bad_cases),
        cmocka_unit_test(test_collects_errors),
        cmocka_unit_test(test_path_restored),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_wrappers),
        cmocka_unit_test(test_extends_merge),
        cmocka_unit_test(test_extends_chain),
        cmocka_unit_test(test_extends_hash),
        cmocka_unit_test(test_extends_errors),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_set_over_extends),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_set_and_file_errors),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_new_bad_cases),
        cmocka_unit_test(test_schedule_at),
        cmocka_unit_test(test_schedule_key),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
