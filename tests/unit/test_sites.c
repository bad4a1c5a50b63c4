/*
 * Unit tests for sites in the model: one listed site is the scenario
 * without sites, byte for byte; shares split each stream as Bernoulli
 * draws; the system's bucket is the sum of the sites'; escalation beds are
 * shared by largest remainder; a patient back from a virtual ward returns
 * to their own site; system-wide KPIs are undefined for a site.
 */
#include <math.h>
#include <string.h>

#include "../fixture.h"
#include "model.h"

/* JSON with ' for ": the fixture writes it through a file. */
static struct fx *
run_json(const char *text, uint32_t reps)
{
    char *json = xstrdup(text);
    struct fx *f;

    for (char *c = json; *c; c++)
        if (*c == '\'')
            *c = '"';
    f = fx_run_text(json, reps, 0);
    free(json);
    return f;
}

/* Accumulator a of bucket b over the whole period of replication r. */
static double
total(const struct fx *f, uint32_t r, size_t b, int a)
{
    return f->run.rep[r].total[b * ACC_N + (size_t)a];
}

/*
 * The e2e small scenario and the same with one listed site taking every
 * arrival: the same draws (no site draw with one site), so the system's
 * figures are identical to the bit; the site's bucket holds everything
 * but the system-wide stages, and its system-wide KPIs are undefined.
 */
static void
test_one_site_is_the_scenario(void **state)
{
    static const char *const one_site[] = {
        "sites=[{\"name\": \"only\", \"share\": {\"ed_walk_in\": 1, "
        "\"ed_ambulance\": 1, \"direct_admission\": 1, \"elective\": 1}}]"};
    struct fx *a = fx_run_file("tests/e2e/small.json", NULL, 0, 3, 0);
    struct fx *b = fx_run_file("tests/e2e/small.json", one_site, 1, 3, 0);
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    (void)state;
    assert_false(a->scn.has_sites);
    assert_true(b->scn.has_sites);
    for (uint32_t r = 0; r < 3; r++) {
        const struct rep_out *x = &a->run.rep[r], *y = &b->run.rep[r];

        assert_int_equal(x->n_buckets, 1);
        assert_int_equal(y->n_buckets, 2);
        assert_memory_equal(x->total, y->total, ACC_N * sizeof(double));
        for (size_t m = 0; m < x->n_months; m++)
            assert_memory_equal(x->monthly + m * ACC_N,
                                y->monthly + m * 2 * ACC_N,
                                ACC_N * sizeof(double));
        for (size_t d = 0; d < x->n_days; d++)
            assert_memory_equal(x->daily + d * x->n_daily,
                                y->daily + d * 2 * y->n_daily,
                                x->n_daily * sizeof(double));
        /* The site's bucket: all but virtual wards, places held, OPEL. */
        for (int k = 0; k < ACC_N; k++) {
            int sys_only =
                (k >= ACC_VW_ADMISSIONS && k <= ACC_VW_STAY_SUM_MIN) ||
                k == AREA_VW_OCCUPIED || k == AREA_VW_OPEN ||
                (k >= AREA_PW_BUSY_P1 && k <= AREA_PW_OPEN_P3) ||
                (k >= AREA_OPEL_1 && k <= AREA_OPEL_LEVEL);

            if (k == ACC_MINUTES || !sys_only)
                assert_true(total(b, r, 1, k) == total(b, r, 0, k));
            else
                assert_true(total(b, r, 1, k) == 0);
        }
    }
    for (size_t k = 0; k < nk; k++) {
        struct summary sys, site;

        results_kpi_in(b->run.res, 0, k, &sys);
        results_kpi_in(b->run.res, 1, k, &site);
        if (tab[k].system) {
            assert_int_equal(site.n, 0);
            assert_true(isnan(site.mean));
        } else if (sys.n > 0) {
            assert_true(site.mean == sys.mean);
        }
    }
    fx_free(a);
    fx_free(b);
}

/*
 * Three sites, no capacity limits: each stream is split by its own
 * shares.  Given a replication's N arrivals of a stream, site k's count is
 * Binomial(N, p_k): within 4.5 standard deviations every time (a miss by
 * chance is under 1e-5 a check), exactly 0 for a share of 0, and the
 * sites' counts sum to the system's exactly.  Direct admissions carry the
 * refused virtual-ward referrals (no virtual-ward beds), which go by the
 * same shares.
 */
static void
test_shares_split_streams(void **state)
{
    const char *json =
        "{'name': 'shares', 'start_date': '2023-01-01', 'end_date': "
        "'2023-03-31', 'seed': 5,"
        " 'arrivals': {'ed_walk_in': {'rate_per_day': 400},"
        "  'direct_admission': {'rate_per_day': 60},"
        "  'vw_step_up': {'rate_per_day': 20},"
        "  'elective': {'rate_per_day': 30}},"
        " 'ed': {'majors': {'treatment': {'kind': 'exponential', 'mean_h': "
        "2}}},"
        " 'virtual_wards': {'beds': 0},"
        " 'sites': ["
        "  {'name': 'A', 'share': {'ed_walk_in': 0.5, 'direct_admission': "
        "0.2}},"
        "  {'name': 'B', 'share': {'ed_walk_in': 0.3, 'direct_admission': "
        "0.2, 'elective': 0.25}},"
        "  {'name': 'C', 'share': {'ed_walk_in': 0.2, 'direct_admission': "
        "0.6, 'elective': 0.75}}]}";

    static const struct {
        int acc;
        double p[3];
    } split[] = {
        {ACC_ED_ARRIVALS, {0.5, 0.3, 0.2}},
        {ACC_NEL_ADMISSIONS, {0.2, 0.2, 0.6}},
        {ACC_ELECTIVES, {0, 0.25, 0.75}},
    };
    struct fx *f = run_json(json, 4);

    (void)state;
    for (uint32_t r = 0; r < 4; r++) {
        /* Every referral is refused and admitted. */
        assert_true(total(f, r, 0, ACC_VW_REFUSED) ==
                    total(f, r, 0, ACC_VW_REFERRALS));
        assert_true(total(f, r, 0, ACC_VW_REFERRALS) > 1000);
        for (size_t i = 0; i < ARRAY_LEN(split); i++) {
            double n = total(f, r, 0, split[i].acc), sum = 0;

            for (size_t k = 0; k < 3; k++) {
                double p = split[i].p[k],
                       got = total(f, r, 1 + k, split[i].acc);

                sum += got;
                if (p == 0) {
                    assert_true(got == 0);
                    continue;
                }
                assert_true(fabs(got - n * p) <= 4.5 * sqrt(n * p * (1 - p)));
            }
            assert_true(sum == n);
        }
    }
    fx_free(f);
}

/*
 * OPEL level 2 from the first reassessment (an occupancy threshold of 0)
 * opens 7 escalation beds over sites of 30 and 70 core beds: quotas 2.1
 * and 4.9, floors 2 and 4, the one bed left to the larger remainder: 2
 * and 5.  The warm-up covers the first reassessment, so the reporting
 * period is all at level 2.
 */
static void
test_escalation_beds_shared(void **state)
{
    const char *json =
        "{'name': 'esc', 'start_date': '2023-01-01', 'end_date': "
        "'2023-01-31', 'warm_up_days': 2, 'seed': 3,"
        " 'arrivals': {'direct_admission': {'rate_per_day': 5}},"
        " 'cohorts': {'under_65': {'clinical_los': {'kind': 'fixed', "
        "'value_days': 1}}},"
        " 'escalation': {'interval_h': 4, 'triggers': {'ga_occupancy': [0, "
        "5, 5]},"
        "  'actions': {'level_2': {'escalation_beds': 7}}},"
        " 'sites': ["
        "  {'name': 'A', 'share': {'direct_admission': 0.5}, 'beds': {'ga': "
        "{'capacity': 30}}},"
        "  {'name': 'B', 'share': {'direct_admission': 0.5}, 'beds': {'ga': "
        "{'capacity': 70}}}]}";
    struct fx *f = run_json(json, 1);

    static const struct {
        size_t b;
        double esc, open;
    } want[] = {{0, 7, 107}, {1, 2, 32}, {2, 5, 75}};

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        struct summary esc, open, opel;

        results_kpi_in(f->run.res, want[i].b,
                       (size_t)kpi_find("escalation_beds_open_mean"), &esc);
        results_kpi_in(f->run.res, want[i].b,
                       (size_t)kpi_find("ga_beds_open_mean"), &open);
        results_kpi_in(f->run.res, want[i].b,
                       (size_t)kpi_find("opel_level_share_2"), &opel);
        assert_true(fabs(esc.mean - want[i].esc) < 1e-9);
        assert_true(fabs(open.mean - want[i].open) < 1e-9);
        /* The level is the system's: undefined for a site. */
        if (want[i].b == 0)
            assert_true(fabs(opel.mean - 1) < 1e-12);
        else
            assert_int_equal(opel.n, 0);
    }
    fx_free(f);
}

/*
 * Everyone comes to ED B and is admitted to a virtual ward (unlimited,
 * always eligible), then escalates back: to B, their own site, though
 * direct admissions (there are none) would go to A.
 */
static void
test_escalation_returns_home(void **state)
{
    const char *json =
        "{'name': 'home', 'start_date': '2023-01-01', 'end_date': "
        "'2023-02-28', 'seed': 9,"
        " 'arrivals': {'ed_walk_in': {'rate_per_day': 50}},"
        " 'ed': {'admit_probability': {'walk_in': 1}},"
        " 'admission': {'vw_step_up_probability': 1},"
        " 'virtual_wards': {'beds': 'unlimited', 'stay': {'kind': "
        "'exponential', 'mean_days': 2}, 'escalation_probability': 1},"
        " 'sites': ["
        "  {'name': 'A', 'share': {'direct_admission': 1}},"
        "  {'name': 'B', 'share': {'ed_walk_in': 1}}]}";
    struct fx *f = run_json(json, 2);

    (void)state;
    for (uint32_t r = 0; r < 2; r++) {
        assert_true(total(f, r, 0, ACC_VW_ESCALATIONS) > 1000);
        assert_true(total(f, r, 1, ACC_ED_ARRIVALS) == 0);
        assert_true(total(f, r, 1, ACC_NEL_ADMISSIONS) == 0);
        assert_true(total(f, r, 2, ACC_NEL_ADMISSIONS) ==
                    total(f, r, 0, ACC_VW_ESCALATIONS));
    }
    fx_free(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_site_is_the_scenario),
        cmocka_unit_test(test_shares_split_streams),
        cmocka_unit_test(test_escalation_beds_shared),
        cmocka_unit_test(test_escalation_returns_home),
    };

    return cmocka_run_group_tests_name("sites", tests, NULL, NULL);
}
