/*
 * Unit tests for the loader's sites: each site's sections are the top
 * level's with its own keys merged over them; shares, names and dead
 * top-level keys are checked; extends merges sites by name; --set and
 * scn_schedule_key reach a site by index or name.
 */
#include "scenario_test.h"

/* Two sites over a top level that gives every site's defaults. */
#define TWO_SITES                                                              \
    BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 100},"                 \
         " 'direct_admission': {'rate_per_day': 10}},"                         \
         " 'ed': {'majors': {'spaces': 10, 'treatment': {'kind':"              \
         " 'exponential', 'mean_h': 2}}},"                                     \
         " 'beds': {'ga': {'schedule': [{'from': '2023-05-01',"                \
         " 'capacity': 90}]}},"                                                \
         " 'cohorts': {'65_plus': {'clinical_los': {'kind': 'lognormal',"      \
         " 'mean_days': 8, 'cv': 1}, 'pathway_probabilities': {'p0': 0.8,"     \
         " 'p1': 0.2}}},"                                                      \
         " 'sites': ["                                                         \
         "  {'name': 'A', 'title': 'Site A', 'share': {'ed_walk_in': 0.7,"     \
         "   'direct_admission': 0.5}, 'ed': {'majors': {'spaces': 6}},"       \
         "   'beds': {'ga': {'capacity': 60}},"                                \
         "   'cohorts': {'65_plus': {'clinical_los': {'mean_days': 10},"       \
         "    'pathway_probabilities': {'p0': 0.7, 'p1': 0.3}}}},"             \
         "  {'name': 'B', 'share': {'ed_walk_in': 0.3, 'direct_admission':"    \
         "   0.5}}]"

static void
test_sites_merge_over_top(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];
    const struct site *a, *b;

    (void)state;
    assert_int_equal(load(TWO_SITES "}", &s, &err, path, sizeof(path)), 0);
    assert_true(s.has_sites);
    assert_int_equal(s.n_sites, 2);
    a = &s.sites[0];
    b = &s.sites[1];
    assert_string_equal(a->name, "A");
    assert_string_equal(a->title, "Site A");
    assert_string_equal(b->name, "B");
    assert_null(b->title);
    assert_near(a->share[ARR_ED_WALK_IN], 0.7);
    assert_near(b->share[ARR_DIRECT], 0.5);
    assert_near(b->share[ARR_ELECTIVE], 0);
    /* A's own spaces, the top level's treatment time. */
    assert_int_equal(a->ed.majors.spaces, 6);
    assert_int_equal(b->ed.majors.spaces, 10);
    assert_int_equal(a->ed.majors.treatment.kind, DIST_EXPONENTIAL);
    assert_near(a->ed.majors.treatment.mean_min, 120);
    assert_near(a->ed.majors.treatment_admitted.mean_min, 120);
    /* A's own capacity and no schedule; B has the top level's. */
    assert_near(a->ga.capacity.base, 60);
    assert_int_equal(a->ga.capacity.n, 0);
    assert_int_equal(b->ga.capacity.n, 1);
    assert_near(b->ga.capacity.step[0].value, 90);
    /* A distribution without kind tunes the top level's: lognormal cv 1. */
    assert_int_equal(a->ga.clinical_los[COHORT_65_PLUS].kind, DIST_LOGNORMAL);
    assert_near(a->ga.clinical_los[COHORT_65_PLUS].mean_min, 10 * 1440);
    assert_near(a->ga.clinical_los[COHORT_65_PLUS].cv, 1);
    assert_near(b->ga.clinical_los[COHORT_65_PLUS].mean_min, 8 * 1440);
    assert_near(a->ga.pathway_probabilities[COHORT_65_PLUS][PW_1], 0.3);
    assert_near(b->ga.pathway_probabilities[COHORT_65_PLUS][PW_1], 0.2);
    /* The top level is the loader's own: cleared once sites[] is built. */
    assert_null(s.top.ga.capacity.step);
    scn_release(&s);
}

/* Without sites: one implicit site, the top level, every arrival its own. */
static void
test_implicit_site(void **state)
{
    struct scenario s;
    struct scn_errors err;
    char path[64];

    (void)state;
    assert_int_equal(load(BASE ", 'ed': {'majors': {'spaces': 4}},"
                               " 'beds': {'ga': {'capacity': 12}}}",
                          &s, &err, path, sizeof(path)),
                     0);
    assert_false(s.has_sites);
    assert_int_equal(s.n_sites, 1);
    assert_string_equal(s.sites[0].name, "t");
    assert_int_equal(s.sites[0].ed.majors.spaces, 4);
    assert_near(s.sites[0].ga.capacity.base, 12);
    for (int a = 0; a < ARR_N; a++)
        assert_near(s.sites[0].share[a], 1);
    assert_int_equal(s.top.ed.majors.spaces, 0);
    scn_release(&s);
}

/* Streams of arrivals for the share rules. */
#define ARR                                                                    \
    ", 'arrivals': {'ed_walk_in': {'rate_per_day': 100},"                      \
    " 'vw_step_up': {'rate_per_day': 2}}"

static const struct bad_case bad[] = {
    {BASE ARR ", 'sites': [{'name': 'A', 'share': {'ed_walk_in': 0.6,"
              " 'direct_admission': 1}}, {'name': 'B', 'share': "
              "{'ed_walk_in': 0.3}}]}",
     "$.sites: share.ed_walk_in sums to 0.9 over the sites, expected 1 "
     "(within 1e-9)",
     1},
    /* Refused step-up referrals need direct_admission's shares. */
    {BASE ARR ", 'sites': [{'name': 'A', 'share': {'ed_walk_in': 1}}]}",
     "$.sites: share.direct_admission sums to 0 over the sites, expected 1 "
     "(within 1e-9): refused virtual-ward referrals go by these shares",
     1},
    /* A stream without arrivals may give no shares, but not half. */
    {BASE ", 'sites': [{'name': 'A', 'share': {'elective': 0.5}}]}",
     "$.sites: share.elective sums to 0.5 over the sites, expected 1 "
     "(within 1e-9)",
     1},
    {BASE ", 'sites': []}", "$.sites: expected 1 to 8 sites, got 0", 1},
    {BASE ", 'sites': [{'name': 'a'}, {'name': 'b'}, {'name': 'c'},"
          " {'name': 'd'}, {'name': 'e'}, {'name': 'f'}, {'name': 'g'},"
          " {'name': 'h'}, {'name': 'i'}]}",
     "$.sites: expected 1 to 8 sites, got 9", 1},
    {BASE ", 'sites': [{'name': 'A'}, {'name': 'A'}]}",
     "$.sites[1].name: the name 'A' is already used by sites[0]", 1},
    {BASE ", 'sites': [{'name': 'system'}]}",
     "$.sites[0].name: the name 'system' labels the whole system's rows", 1},
    {BASE ", 'sites': [{'share': {}}]}",
     "$.sites[0]: missing required key 'name'", 1},
    {BASE ", 'sites': [{'name': 'A'}, {'name': 'B', 'beds': {'ga': "
          "{'capacity': -5}}}]}",
     "$.sites[1].beds.ga.capacity: expected a non-negative integer, got -5", 1},
    {BASE ", 'sites': [{'name': 'A', 'bedz': {}}]}",
     "$.sites[0]: unknown key 'bedz' (did you mean 'beds'?)", 1},
    {BASE ", 'sites': [{'name': 'A', 'arrivals': {}}]}",
     "$.sites[0]: unknown key 'arrivals'", 1},
    {BASE ", 'sites': [{'name': 'A', 'share': {'vw_step_up': 1}}]}",
     "$.sites[0].share: unknown key 'vw_step_up'", 1},
    {BASE ", 'sites': {'name': 'A'}}",
     "$.sites: expected an array of sites, got object", 1},
    /* A bad top-level value is reported once, not once more per site. */
    {BASE ", 'ed': {'majors': {'spaces': -1}},"
          " 'sites': [{'name': 'A'}, {'name': 'B'}]}",
     "$.ed.majors.spaces: expected a non-negative integer, got -1", 1},
    /* A merged object the site writes into is the site's to answer for. */
    {BASE ", 'cohorts': {'65_plus': {'pathway_probabilities': {'p0': 0.8,"
          " 'p1': 0.2}}}, 'sites': [{'name': 'A', 'cohorts': {'65_plus':"
          " {'pathway_probabilities': {'p1': 0.3}}}}, {'name': 'B'}]}",
     "$.sites[0].cohorts.65_plus.pathway_probabilities: probabilities sum "
     "to 1.1, expected 1",
     1},
    /* A top-level value every site replaces is never used. */
    {BASE ", 'beds': {'ga': {'capacity': 100}},"
          " 'sites': [{'name': 'A', 'beds': {'ga': {'capacity': 60}}},"
          " {'name': 'B', 'beds': {'ga': {'capacity': 40}}}]}",
     "$.beds.ga.capacity: every site sets its own value, so this one is "
     "never used: set it in each site (sites[i]...), or remove it",
     1},
    {BASE ", 'ed': {'minors': {'spaces': 3}},"
          " 'sites': [{'name': 'A', 'ed': {'minors': 5}}]}",
     "$.ed.minors: every site sets its own value, so this one is never "
     "used: set it in each site (sites[i]...), or remove it",
     2},
};

static void
test_site_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_error(i, bad[i].json, bad[i].msg, bad[i].total);
}

/* --set reaches a site by index or name, and a top-level key every site
 * replaces is an error when a --set writes it. */
static void
test_set_site_keys(void **state)
{
    static const char *const by_name[] = {"sites[B].beds.ga.capacity=70",
                                          "sites[0].ed.majors.spaces=3"};
    static const char *const dead[] = {"sites[B].ed.majors.spaces=4",
                                       "ed.majors.spaces=9"};
    static const char *const missing[] = {"sites[C].beds.ga.capacity=7"};
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    rc = load_with(TWO_SITES "}", by_name, 2, &s, &err, path, sizeof(path));
    if (rc)
        show(&err);
    assert_int_equal(rc, 0);
    assert_near(s.sites[1].ga.capacity.base, 70);
    /* B's own capacity now: the top level's schedule is not inherited. */
    assert_int_equal(s.sites[1].ga.capacity.n, 0);
    assert_int_equal(s.sites[0].ed.majors.spaces, 3);
    assert_int_equal(s.sites[1].ed.majors.spaces, 10);
    scn_release(&s);

    /* Both sites set their spaces: a --set of the top level's is dead. */
    rc = load_with(TWO_SITES "}", dead, 2, &s, &err, path, sizeof(path));
    expect_msg(rc, &err, 1,
               "--set ed.majors.spaces=9: $.ed.majors.spaces: every site "
               "sets its own value, so this one is never used: set it in "
               "each site (sites[i]...), or remove it");
    rc = load_with(TWO_SITES "}", missing, 1, &s, &err, path, sizeof(path));
    expect_msg(rc, &err, 1,
               "--set sites[C].beds.ga.capacity=7: $.sites: no element named "
               "'C'");
}

/*
 * --shift of a site's capacity moves the value the site has, its own or
 * the top level's, and every step of its schedule; a shift of the top
 * level's reaches every site that inherits it.
 */
static void
test_shift_site_keys(void **state)
{
    const struct scn_override ov[] = {
        {SCN_OV_SHIFT, "sites[B].beds.ga.capacity=+5"},
        {SCN_OV_SHIFT, "sites[0].ed.majors.spaces=-2"},
        {SCN_OV_SHIFT, "ed.majors.spaces=+1"},
    };
    const char *doc = BASE ", 'beds': {'ga': {'capacity': 50, 'schedule': "
                           "[{'from': '2023-05-01', 'capacity': 60}]}},"
                           " 'ed': {'majors': {'spaces': 10}},"
                           " 'sites': [{'name': 'A', 'beds': {'ga': "
                           "{'capacity': 20}}}, {'name': 'B'}]}";
    struct scenario s;
    struct scn_errors err;
    char path[64];
    int rc;

    (void)state;
    write_json(doc, path, sizeof(path));
    rc = scn_load_overrides(path, ov, 3, &s, &err);
    unlink(path);
    if (rc)
        show(&err);
    assert_int_equal(rc, 0);
    /* B inherits 50 and the step to 60: both moved by 5. */
    assert_near(s.sites[1].ga.capacity.base, 55);
    assert_int_equal(s.sites[1].ga.capacity.n, 1);
    assert_near(s.sites[1].ga.capacity.step[0].value, 65);
    assert_near(s.sites[0].ga.capacity.base, 20);
    /* Top level 10 + 1, inherited by both; A's own shift on top: 9. */
    assert_int_equal(s.sites[0].ed.majors.spaces, 9);
    assert_int_equal(s.sites[1].ed.majors.spaces, 11);
    assert_int_equal(s.n_shifts, 3);
    assert_string_equal(s.shifts[0], "sites[B].beds.ga.capacity=+5");
    scn_release(&s);
}

/* extends merges sites by name; a wrapped array replaces them whole. */
static void
test_extends_sites(void **state)
{
    char dir[64], base[128], top[128], whole[128];
    struct scenario s;
    struct scn_errors err;

    (void)state;
    dir_make(dir, sizeof(dir));
    put(dir, "base.json",
        BASE ", 'arrivals': {'ed_walk_in': {'rate_per_day': 10}},"
             " 'sites': [{'name': 'A', 'share': {'ed_walk_in': 0.5},"
             " 'beds': {'ga': {'capacity': 30}}}, {'name': 'B', 'share':"
             " {'ed_walk_in': 0.5}, 'beds': {'ga': {'capacity': 20}}}]}",
        base, sizeof(base));
    put(dir, "top.json",
        "{'extends': 'base.json', 'sites': [{'name': 'B', 'beds': {'ga':"
        " {'schedule': [{'from': '2023-05-01', 'capacity': 25}]}}},"
        " {'name': 'C', 'share': {'ed_walk_in': 0}}]}",
        top, sizeof(top));
    put(dir, "whole.json",
        "{'extends': 'base.json', 'sites': {'value': [{'name': 'Z',"
        " 'share': {'ed_walk_in': 1}}]}}",
        whole, sizeof(whole));
    assert_int_equal(scn_load(top, &s, &err), 0);
    assert_int_equal(s.n_sites, 3);
    assert_string_equal(s.sites[1].name, "B");
    assert_near(s.sites[1].ga.capacity.base, 20);
    assert_int_equal(s.sites[1].ga.capacity.n, 1);
    assert_near(s.sites[1].ga.capacity.step[0].value, 25);
    assert_near(s.sites[1].share[ARR_ED_WALK_IN], 0.5);
    assert_string_equal(s.sites[2].name, "C");
    scn_release(&s);
    assert_int_equal(scn_load(whole, &s, &err), 0);
    assert_int_equal(s.n_sites, 1);
    assert_string_equal(s.sites[0].name, "Z");
    scn_release(&s);
    dir_remove(dir);
}

/* sweep and size find a site's schedule beside its capacity. */
static void
test_schedule_key(void **state)
{
    char out[128];

    (void)state;
    assert_true(
        scn_schedule_key("sites[PCH].beds.ga.capacity", out, sizeof(out)));
    assert_string_equal(out, "sites[PCH].beds.ga.schedule");
    assert_true(
        scn_schedule_key("sites[2].beds.ga.capacity", out, sizeof(out)));
    assert_string_equal(out, "sites[2].beds.ga.schedule");
    assert_true(scn_schedule_key("beds.ga.capacity", out, sizeof(out)));
    assert_string_equal(out, "beds.ga.schedule");
    assert_false(
        scn_schedule_key("sites[2].ed.majors.spaces", out, sizeof(out)));
    assert_false(
        scn_schedule_key("sites[2.beds.ga.capacity", out, sizeof(out)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sites_merge_over_top),
        cmocka_unit_test(test_implicit_site),
        cmocka_unit_test(test_site_errors),
        cmocka_unit_test(test_set_site_keys),
        cmocka_unit_test(test_shift_site_keys),
        cmocka_unit_test(test_extends_sites),
        cmocka_unit_test(test_schedule_key),
    };

    return cmocka_run_group_tests_name("scenario_sites", tests, NULL, NULL);
}
