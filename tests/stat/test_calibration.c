/*
 * Calibration guard (issue 11): the C&P baseline and the winter scenario
 * must keep reproducing the July 2023 scorecard
 * (scenarios/cp-scorecard-2023-07.csv, the file that
 * scripts/calibration-table.sh reads for docs/calibration.md), judged two
 * ways for each KPI: the mean of the replications' July values lies
 * within the stated tolerance of the target, and the observed value lies
 * within the spread of the replications' July values (inside the 95 %
 * prediction interval of one replication, mean +- t sd sqrt(1 + 1/n)).
 * Little's law must hold over the baseline's year.
 *
 * Then the essentials of the hold-outs of docs/calibration.md, none of
 * which the calibration used: June 2023 moves from July the way the
 * scorecard's month-on-month column says (four-hour performance lower,
 * handover longer, NCTR higher), paired replication by replication; in
 * the winter scenario every month from November to March has 12-hour
 * decision-to-admit waits at the occupancy the plan expects; and over a
 * sweep of beds, handover time and hours lost rise, and four-hour
 * performance falls, as occupancy rises.  `make validate` writes the full
 * tables.
 */
#include <math.h>
#include <string.h>

#include "../fixture.h"
#include "calendar.h"

#define BASELINE "scenarios/cp-baseline-2023-24.json"
#define WINTER   "scenarios/winter-2023-24.json"
#define TARGETS  "scenarios/cp-scorecard-2023-07.csv"

struct scorecard_target {
    char kpi[64];
    char month[8];
    double value, tolerance;
    int relative;
};

/* Read kpi,month,target,tolerance,kind[,source...] rows after a header. */
static size_t
read_targets(struct scorecard_target *t, size_t cap)
{
    FILE *f = fopen(TARGETS, "r");
    char line[1024];
    size_t n = 0;

    assert_non_null(f);
    assert_non_null(fgets(line, sizeof(line), f)); /* header */
    while (n < cap && fgets(line, sizeof(line), f)) {
        char kind[8];

        if (sscanf(line, "%63[^,],%7[^,],%lf,%lf,%7[^,\n]", t[n].kpi,
                   t[n].month, &t[n].value, &t[n].tolerance, kind) != 5)
            continue;
        t[n].relative = strcmp(kind, "rel") == 0;
        n++;
    }
    fclose(f);
    return n;
}

/* The reported month index of "YYYY-MM" in f's run. */
static int
month_of(const struct fx *f, const char *ym)
{
    int yy, mm, month;

    assert_int_equal(sscanf(ym, "%d-%d", &yy, &mm), 2);
    month = (int)(cal_month_index(cal_from_ymd(yy, mm, 1)) -
                  cal_month_index(f->scn.start_day));
    assert_true(month >= 0 && (size_t)month < f->run.rep[0].n_months);
    return month;
}

/* A system KPI in one reported month of replication r. */
static double
rep_month(const struct fx *f, const char *name, int month, size_t r)
{
    int k = kpi_find(name);
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert_true(k >= 0);
    /* monthly is [month][bucket][ACC_N]; bucket 0 is the system. */
    return kpi_eval(&tab[k],
                    f->run.rep[r].monthly +
                        (size_t)month * f->run.rep[r].n_buckets * ACC_N);
}

/*
 * Every scorecard KPI of f's run in its month: the mean within the
 * tolerance, and the observed value inside the replications' 95 %
 * prediction interval.  Returns the number of failures.
 */
static size_t
check_scorecard(const struct fx *f, const char *label)
{
    struct scorecard_target t[32];
    size_t n = read_targets(t, 32), failures = 0;

    assert_true(n >= 10);
    printf("  %s, %u replications\n", label, f->run.replications);
    for (size_t i = 0; i < n; i++) {
        int month = month_of(f, t[i].month);
        struct summary sm = fx_kpi(&f->run, t[i].kpi, month);
        double band =
            t[i].relative ? t[i].tolerance * t[i].value : t[i].tolerance;
        /* t sd / sqrt(n) times sqrt(n + 1): one replication's spread. */
        double pi =
            stats_ci_halfwidth(sm.sd, sm.n, 0.95) * sqrt((double)sm.n + 1);
        int in_band = fabs(sm.mean - t[i].value) <= band;
        int in_spread = fabs(sm.mean - t[i].value) <= pi;

        printf("  %-26s %s target %9.4f model %9.4f (95%% CI %.4f to %.4f; "
               "replications' 95%% range %.4f to %.4f) %s%s\n",
               t[i].kpi, t[i].month, t[i].value, sm.mean, sm.ci95_low,
               sm.ci95_high, sm.mean - pi, sm.mean + pi,
               in_band ? "ok" : "OUT OF BAND",
               in_spread ? "" : ", OUTSIDE THE SPREAD");
        failures += !in_band + !in_spread;
    }
    return failures;
}

static void
test_july_2023_scorecard(void **state)
{
    struct fx *f;
    size_t failures;

    (void)state;
    f = fx_run_file(BASELINE, NULL, 0, 0, 0);
    assert_true(f->run.replications >= 20);
    failures = check_scorecard(f, BASELINE);
    /*
     * Little's law over the whole year, L = lambda W, for the three places
     * patients stay: G&A beds, virtual wards and the ED.
     */
    {
        static const char *const lw[][3] = {
            {"ga_occupied_mean", "ga_bed_starts_per_day",
             "ga_bed_stay_mean_days"},
            {"vw_occupied_mean", "vw_admissions_per_day", "vw_stay_mean_days"},
            {"ed_in_dept_mean", "ed_attendances_per_day",
             "ed_time_in_dept_mean_h"},
        };
        static const double w_to_days[] = {1, 1, 1 / 24.0};

        for (size_t i = 0; i < 3; i++) {
            double v[3];

            for (int j = 0; j < 3; j++)
                v[j] = fx_kpi(&f->run, lw[i][j], -1).mean;
            printf("  Little: %-20s L %.3f  lambda W %.3f\n", lw[i][0], v[0],
                   v[1] * v[2] * w_to_days[i]);
            if (!(fabs(v[0] - v[1] * v[2] * w_to_days[i]) <= 0.01 * v[0]))
                failures++;
        }
    }

    /*
     * Hold-out 1, June 2023: the scorecard's month-on-month column says
     * June was worse than July (four-hour 66.6 % against 69.0 %, handover
     * 28 against 25 minutes, NCTR 309 against 302; 002 L813, L816,
     * L821).  Paired by replication (the same patients up to June), the
     * model's June - July differences must have those signs: a sign test,
     * the 95 % lower bound on the share of replications moving the
     * scorecard's way above one half (handovers are too skewed for a t
     * interval on 30 replications).
     */
    {
        static const struct {
            const char *kpi;
            int sign; /* of June - July in the scorecard */
        } moves[] = {
            {"ed_4h_performance", -1},
            {"handover_mean_min", +1},
            {"nctr_mean", +1},
        };

        int jun = month_of(f, "2023-06"), jul = month_of(f, "2023-07");

        for (size_t i = 0; i < ARRAY_LEN(moves); i++) {
            double d[64], lo;
            size_t n = f->run.replications, hits = 0;
            struct summary sm;

            assert_true(n <= ARRAY_LEN(d));
            for (size_t r = 0; r < n; r++) {
                d[r] = rep_month(f, moves[i].kpi, jun, r) -
                       rep_month(f, moves[i].kpi, jul, r);
                hits += d[r] * moves[i].sign > 0;
            }
            stats_summarise(d, n, 1, &sm);
            lo = stats_share_lower(hits, n, 0.95);
            printf("  June - July %-20s %+.4f (95%% CI %+.4f to %+.4f); %zu "
                   "of %zu replications move the scorecard's way (%+d), "
                   "share's 95%% lower bound %.3f\n",
                   moves[i].kpi, sm.mean, sm.ci95_low, sm.ci95_high, hits, n,
                   moves[i].sign, lo);
            if (!(lo > 0.5))
                failures++;
        }
    }
    fx_free(f);
    assert_int_equal(failures, 0);
}

/*
 * The winter scenario keeps July as calibrated (its demand is the
 * baseline's), and over November to March, at the occupancy the plan
 * expects (94.3 % planned, 002 L817), decisions to admit wait over 12
 * hours in every month (hold-out 4): every month's mean is above zero.
 * Not that every month's interval is: with the plan's full capacity
 * protocol from November (docs/model.md 2.12) the waits fall to 0.2-1.6
 * a day, some months' intervals touch zero, and the miss in size against
 * England's rate (about 27 a day for C&P's population) is reported in
 * docs/calibration.md, not refitted.
 */
static void
test_winter(void **state)
{
    struct fx *f;
    size_t failures;

    (void)state;
    f = fx_run_file(WINTER, NULL, 0, 0, 0);
    assert_true(f->run.replications >= 20);
    failures = check_scorecard(f, WINTER);
    for (int m = month_of(f, "2023-11"); m <= month_of(f, "2024-03"); m++) {
        struct summary w = fx_kpi(&f->run, "dta_12h_waits_per_day", m);
        struct summary o = fx_kpi(&f->run, "ga_occupancy", m);

        printf("  winter month %d: occupancy %.4f, 12-hour DTA waits a day "
               "%.3f (95%% CI %.3f to %.3f)\n",
               m, o.mean, w.mean, w.ci95_low, w.ci95_high);
        if (!(o.mean > 0.93 && w.mean > 0))
            failures++;
    }
    fx_free(f);
    assert_int_equal(failures, 0);
}

/*
 * Hold-out 3, the shape of bed pressure: every site's beds scaled by 1.06,
 * 1.00 and 0.98 (the same patients: common random numbers), over the
 * whole year.  As beds fall, occupancy, mean handover and handover hours
 * lost rise and four-hour performance falls, each step by more than its
 * 95 % interval.
 */
static void
test_bed_pressure(void **state)
{
    static const char *const levels[][3] = {
        {"sites[CUH].beds.ga.capacity=+67", "sites[PCH].beds.ga.capacity=+41",
         "sites[HH].beds.ga.capacity=+18"},
        {"sites[CUH].beds.ga.capacity=+0", "sites[PCH].beds.ga.capacity=+0",
         "sites[HH].beds.ga.capacity=+0"},
        {"sites[CUH].beds.ga.capacity=-22", "sites[PCH].beds.ga.capacity=-14",
         "sites[HH].beds.ga.capacity=-6"},
    };

    static const struct {
        const char *kpi;
        int sign; /* as beds fall */
    } k[] = {
        {"ga_occupancy", +1},
        {"handover_mean_min", +1},
        {"handover_hours_lost_per_day", +1},
        {"ed_4h_performance", -1},
        {"dta_12h_waits_per_day", +1},
    };
    struct summary s[3][ARRAY_LEN(k)];
    size_t failures = 0;

    (void)state;
    for (size_t l = 0; l < 3; l++) {
        struct fx *f = xcalloc(1, sizeof(*f));
        struct scn_errors *err = xcalloc(1, sizeof(*err));
        struct scn_override ov[3];

        for (size_t i = 0; i < 3; i++) {
            ov[i].kind = SCN_OV_SHIFT;
            ov[i].text = levels[l][i];
        }
        assert_int_equal(scn_load_overrides(BASELINE, ov, 3, &f->scn, err), 0);
        free(err);
        fx_run(f, 10, 0);
        for (size_t i = 0; i < ARRAY_LEN(k); i++)
            s[l][i] = fx_kpi(&f->run, k[i].kpi, -1);
        printf("  beds %s...: occupancy %.4f, handover %.2f min, hours lost "
               "%.1f a day, four-hour %.4f, 12-hour DTA waits %.2f a day\n",
               levels[l][0], s[l][0].mean, s[l][1].mean, s[l][2].mean,
               s[l][3].mean, s[l][4].mean);
        fx_free(f);
    }
    for (size_t l = 1; l < 3; l++)
        for (size_t i = 0; i < ARRAY_LEN(k); i++) {
            const struct summary *a = &s[l - 1][i], *b = &s[l][i];
            int ok = k[i].sign > 0 ? b->ci95_low > a->ci95_high
                                   : b->ci95_high < a->ci95_low;

            if (!ok) {
                printf("  %s does not move as beds fall from level %zu to "
                       "%zu\n",
                       k[i].kpi, l - 1, l);
                failures++;
            }
        }
    assert_int_equal(failures, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_july_2023_scorecard),
        cmocka_unit_test(test_winter),
        cmocka_unit_test(test_bed_pressure),
    };

    return cmocka_run_group_tests_name("calibration", tests, NULL, NULL);
}
