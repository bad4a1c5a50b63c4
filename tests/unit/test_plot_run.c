/*
 * Unit tests of the charts of one run and of a comparison: a hand-built
 * run (three replications of 17 days, so two full weeks and a short one,
 * with known buckets, summarised through results_add as a real run is),
 * written into a temporary folder and checked file by file and number by
 * number.  The scripts are read, not rendered (test_plot_sweep.c renders
 * one chart, and the end-to-end tests render them all).
 */
#include <math.h>
#include <stdint.h>

#include "../../sim/plot_int.h"
#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "plot.h"
#include "plot_test.h"
#include "results.h"
#include "run.h"
#include "scenario.h"

#define REPS   3
#define N_DAYS 17

static const char *const charts[] = {
    "ga_occupancy", "ed_4h_weekly", "nctr_by_reason",
    "vw_occupancy", "handover",     "amb_cat2",
    "pathways",     "opel_share",   "activity_weekly"};

static const char *const compares[] = {
    "compare_ga_occupancy", "compare_ed_4h_performance", "compare_nctr_mean",
    "compare_vw_occupancy"};

struct fx {
    struct scenario scn;
    struct run run;
    struct rep_out rep[REPS]; /* what results_add was given */
    struct plot_set ps;
    char dir[64];
};

/*
 * One day's bucket for replication i, day d: values that vary by day and
 * replication so that a week's ratio differs from the mean of its daily
 * ratios.  vw 0 leaves the virtual ward closed (its KPI undefined).
 */
static void
day_bucket(uint32_t i, size_t d, int vw, double *acc)
{
    double dep = 250 + 37.0 * (double)(d % 5) + 11.0 * i;

    memset(acc, 0, ACC_N * sizeof(double));
    acc[ACC_MINUTES] = MIN_PER_DAY;
    acc[ACC_ED_ARRIVALS] = 300 + 7.0 * i + 3.0 * (double)(d % 7);
    acc[ACC_ED_DEPARTURES] = dep;
    acc[ACC_ED_WITHIN_4H] =
        floor(dep * (0.55 + 0.05 * (double)(d % 4) + 0.023 * i));
    acc[ACC_HANDOVERS] = 80 + (double)i;
    acc[ACC_HANDOVER_SUM_MIN] =
        acc[ACC_HANDOVERS] * (20 + 2.385 * i + (double)(d % 4));
    acc[ACC_HANDOVER_LOST_MIN] = acc[ACC_HANDOVERS] * (8.1 + (double)i);
    acc[ACC_NEL_ADMISSIONS] = 90 + 2.0 * i + (double)(d % 3);
    acc[AREA_GA_OCCUPIED] = MIN_PER_DAY * (470 + 3.0 * i + 2.5 * (d % 7));
    acc[AREA_GA_OPEN] = MIN_PER_DAY * 500;
    acc[AREA_NCTR_PROCESS] = MIN_PER_DAY * (40 + (double)i + (double)(d % 3));
    acc[AREA_NCTR_AWAITING] = MIN_PER_DAY * (60 + 2.0 * i);
    acc[AREA_VW_OCCUPIED] = vw ? MIN_PER_DAY * (30 + i + (double)(d % 4)) : 0;
    acc[AREA_VW_OPEN] = vw ? MIN_PER_DAY * 40 : 0;
    acc[AREA_PW_QUEUE_P1] = MIN_PER_DAY * (5 + (double)i);
    acc[AREA_PW_QUEUE_P2] = MIN_PER_DAY * (double)(d % 2);
    acc[AREA_OPEL_1] = MIN_PER_DAY;
    acc[AREA_OPEL_LEVEL] = MIN_PER_DAY;
}

/* A run built as model.c's on_day would: daily KPIs and summed buckets. */
static void
fx_build(struct fx *f, const char *start, int vw)
{
    size_t n_tab, n_daily = model_daily_kpis(NULL, 0);
    const struct kpi_def *tab = kpi_table(&n_tab);
    size_t *idx = xmalloc(n_daily * sizeof(*idx));

    memset(f, 0, sizeof(*f));
    assert_int_equal(cal_parse(start, &f->scn.start_day), 0);
    f->scn.end_day = f->scn.start_day + N_DAYS - 1;
    f->scn.name = xstrdup("plot-test");
    f->run.scn = &f->scn;
    f->run.replications = REPS;
    f->run.seed = 2385;
    f->run.res = results_alloc(&f->scn, REPS);
    model_daily_kpis(idx, n_daily);
    for (uint32_t i = 0; i < REPS; i++) {
        struct rep_out *o = &f->rep[i];

        o->n_days = N_DAYS;
        o->n_weeks = (N_DAYS + 6) / 7;
        o->n_months = 1;
        o->n_buckets = 1;
        o->n_daily = n_daily;
        o->total = xcalloc(ACC_N, sizeof(double));
        o->daily = xcalloc(N_DAYS * n_daily, sizeof(double));
        o->weekly = xcalloc(o->n_weeks * ACC_N, sizeof(double));
        o->monthly = xcalloc(ACC_N, sizeof(double));
        for (size_t d = 0; d < N_DAYS; d++) {
            double acc[ACC_N];

            day_bucket(i, d, vw, acc);
            for (int a = 0; a < ACC_N; a++) {
                o->weekly[(d / 7) * ACC_N + (size_t)a] += acc[a];
                o->monthly[a] += acc[a];
                o->total[a] += acc[a];
            }
            for (size_t k = 0; k < n_daily; k++)
                o->daily[d * n_daily + k] = kpi_eval(&tab[idx[k]], acc);
        }
        results_add(f->run.res, o);
    }
    free(idx);
    snprintf(f->dir, sizeof(f->dir), "/tmp/uecsim-plot-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
}

static void
fx_free(struct fx *f)
{
    rm_tree(f->dir);
    for (uint32_t i = 0; i < REPS; i++)
        model_out_release(&f->rep[i]);
    results_free(f->run.res);
    plot_set_release(&f->ps);
    free(f->scn.targets);
    free(f->scn.name);
}

/*
 * The row of a .dat that starts with date (the first data block's), as
 * numbers after the date: out[0] is column 2.
 */
static size_t
dat_row(const char *dir, const char *name, const char *date, double *out,
        size_t cap)
{
    char file[128];
    size_t len, n = 0;
    char *text, *line;

    snprintf(file, sizeof(file), "%s.dat", name);
    text = slurp(dir, file, &len);
    for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *p, *end;

        if (strncmp(line, date, strlen(date)) != 0)
            continue;
        p = line + strlen(date);
        while (n < cap) {
            double v = strtod(p, &end);

            if (end == p)
                break;
            out[n++] = v;
            p = end;
        }
        break;
    }
    free(text);
    return n;
}

/* KPI name over week w of replication i, as plot must compute it. */
static double
week_kpi(const struct fx *f, const char *name, uint32_t i, size_t w)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int k = kpi_find(name);

    assert_true(k >= 0);
    return kpi_eval(&tab[k], f->rep[i].weekly + w * ACC_N);
}

static double
median3(double a, double b, double c)
{
    if ((a <= b && b <= c) || (c <= b && b <= a))
        return b;
    if ((b <= a && a <= c) || (c <= a && a <= b))
        return a;
    return c;
}

/* Write one run's charts into f's folder; 0 or fail. */
static void
write_run(struct fx *f, const char *footnote)
{
    char err[512] = "";

    if (plot_run_write(&f->run, f->dir, footnote, &f->ps, err, sizeof(err)) !=
        0)
        fail_msg("plot_run_write: %s", err);
}

/* Every chart: a .dat, a .gp that loads style.gp, a name in the set. */
static void
test_every_chart_written(void **state)
{
    struct fx f;

    (void)state;
    fx_build(&f, "2023-04-01", 1);
    write_run(&f, "scenario plot-test | 3 replications");
    assert_int_equal(f.ps.n, ARRAY_LEN(charts));
    assert_true(has(f.dir, "style.gp", "palette = "));
    for (size_t c = 0; c < ARRAY_LEN(charts); c++) {
        char gp[128];

        assert_string_equal(f.ps.name[c], charts[c]);
        assert_true(exists(f.dir, charts[c], "dat"));
        snprintf(gp, sizeof(gp), "%s.gp", charts[c]);
        assert_true(has(f.dir, gp, "\nload 'style.gp'\n"));
        /* Writing draws nothing: gnuplot runs in plot_render. */
        assert_false(exists(f.dir, charts[c], "png"));
    }
    fx_free(&f);
}

/*
 * A weekly value is the KPI over the week's bucket, never the mean of
 * daily ratios; the short last week too.  Shares are in %.
 */
static void
test_weekly_values(void **state)
{
    struct fx f;
    double row[32], v[REPS], daily_mean = 0;
    size_t n_tab, n;
    const struct kpi_def *tab = kpi_table(&n_tab);
    int k = kpi_find("ed_4h_performance");

    (void)state;
    fx_build(&f, "2023-04-01", 1);
    write_run(&f, "x");

    /* Week 2 (from 8 April): columns 2 days, then mean p05 p25 p50 ... */
    n = dat_row(f.dir, "ed_4h_weekly", "2023-04-08", row, 32);
    assert_int_equal(n, 7);
    assert_true(row[0] == 7);
    for (uint32_t i = 0; i < REPS; i++)
        v[i] = week_kpi(&f, "ed_4h_performance", i, 1);
    assert_true(fabs(row[4] - 100 * median3(v[0], v[1], v[2])) < 1e-5);
    assert_true(fabs(row[1] - 100 * (v[0] + v[1] + v[2]) / 3) < 1e-5);
    /* The test data would catch averaging daily ratios instead. */
    for (size_t d = 7; d < 14; d++) {
        double acc[ACC_N];

        day_bucket(1, d, 1, acc);
        daily_mean += kpi_eval(&tab[k], acc) / 7;
    }
    assert_true(fabs(daily_mean - v[1]) > 1e-4);

    /*
     * The last week has 3 days (15-17 April): a part-week, not drawn
     * beside whole ones (its rate over 3 days would read as a jump), and
     * the x label says so.
     */
    assert_int_equal(dat_row(f.dir, "ed_4h_weekly", "2023-04-15", row, 32), 0);
    assert_true(has(f.dir, "ed_4h_weekly.gp",
                    "the last 3 days, to 17 Apr 2023, not drawn: a "
                    "part-week"));

    /* NCTR by reason: means across replications, not in %. */
    n = dat_row(f.dir, "nctr_by_reason", "2023-04-01", row, 32);
    assert_int_equal(n, 13);
    for (uint32_t i = 0; i < REPS; i++)
        v[i] = week_kpi(&f, "nctr_awaiting_pathway_mean", i, 0);
    assert_true(fabs(row[7] - (v[0] + v[1] + v[2]) / 3) < 1e-5);

    /* The daily fan: day 3's median of the daily values. */
    n = dat_row(f.dir, "ga_occupancy", "2023-04-03", row, 32);
    assert_int_equal(n, 7);
    for (uint32_t i = 0; i < REPS; i++) {
        double acc[ACC_N];

        day_bucket(i, 2, 1, acc);
        v[i] = kpi_eval(&tab[kpi_find("ga_occupancy")], acc);
    }
    assert_true(fabs(row[4] - 100 * median3(v[0], v[1], v[2])) < 1e-5);
    fx_free(&f);
}

/* Standards, units, text mode, footnote and the OPEL note in the scripts. */
static void
test_scripts(void **state)
{
    static const struct {
        const char *file, *needle;
    } want[] = {
        {"ga_occupancy.gp", "92 with lines @target_look"},
        {"ga_occupancy.gp", "'national target 92%'"},
        {"ga_occupancy.gp", "set format y '%.0f%%'"},
        {"ga_occupancy.gp", "set ylabel 'G&A bed occupancy (%)'"},
        {"ed_4h_weekly.gp", "76 with lines @target_look"},
        {"vw_occupancy.gp", "80 with lines @target_look"},
        {"handover.gp", "15 with lines @target_look"},
        {"handover.gp", "'national standard 15 minutes'"},
        {"handover.gp", "set multiplot"},
        {"handover.gp", "set ylabel 'minutes'"},
        {"activity_weekly.gp", "set multiplot"},
        {"opel_share.gp", "no escalation rules in this scenario"},
        {"opel_share.gp", "fc rgb opel_1"},
        {"style.gp", "opel_1 = '#fde725'"},
        {"style.gp", "target_look = \"dt 2 lw 2.5 lc rgb '#d55e00'\""},
        {"pathways.gp", "set multiplot"},
        {"pathways.gp", "pathway 1 (home with support): no limit on places"},
        {"pathways.gp", "set ylabel 'days'"},
        {"ga_occupancy.gp", "set terminal @png_terminal"},
        {"style.gp", "png_terminal = \"pngcairo noenhanced"},
        {"style.gp", "svg_terminal = \"svg noenhanced"},
        {"ga_occupancy.gp", "'1 Apr 2023' '2023-04-01' 0"},
        {"ed_4h_weekly.gp", "'fn: O''Brien `touch pwned`'"},
        {"ed_4h_weekly.gp", "not drawn: a part-week"},
    };
    struct fx f;

    (void)state;
    fx_build(&f, "2023-04-01", 1);
    write_run(&f, "fn: O'Brien `touch pwned`");
    for (size_t i = 0; i < ARRAY_LEN(want); i++)
        if (!has(f.dir, want[i].file, want[i].needle))
            fail_msg("%s lacks %s", want[i].file, want[i].needle);
    /* No plan in the scenario: national standards only, NCTR has none. */
    assert_false(has(f.dir, "nctr_by_reason.gp", "with lines @"));
    assert_false(has(f.dir, "nctr_by_reason.gp", "258"));
    /*
     * Activity never nears zero: its axes fit the values (300-320 a
     * day), so the variation shows; a stack still starts at zero.
     */
    assert_false(has(f.dir, "activity_weekly.gp", "set yrange [0:"));
    assert_true(has(f.dir, "nctr_by_reason.gp", "set yrange [0:"));
    fx_free(&f);
}

/* Tic labels never repeat: a step of 0.5 gets one decimal, 0.25 two. */
static void
test_tic_decimals(void **state)
{
    struct yaxis y;

    (void)state;
    assert_int_equal(plot_tic_decimals(1), 0);
    assert_int_equal(plot_tic_decimals(20), 0);
    assert_int_equal(plot_tic_decimals(0.5), 1);
    assert_int_equal(plot_tic_decimals(0.2), 1);
    assert_int_equal(plot_tic_decimals(0.25), 2);
    assert_int_equal(plot_tic_decimals(0.05), 2);
    /* An occupancy sweep between 92 % and 94.3 %: 0.5-point tics. */
    plot_y_range(92.1, 94.3, 0, 1, 6, &y);
    assert_true(y.step == 0.5);
    {
        FILE *g = tmpfile();
        char text[512] = "";
        size_t got;

        gp_yaxis(g, "G&A bed occupancy (%)", 1, &y, y.lo);
        rewind(g);
        got = fread(text, 1, sizeof(text) - 1, g);
        text[got] = '\0';
        assert_non_null(strstr(text, "set format y '%.1f%%'"));
        fclose(g);
    }
}

/* The scenario's plan targets are drawn on their KPI's charts. */
static void
test_plan_targets(void **state)
{
    struct fx f, g;
    const struct run *runs[2];
    const char *names[2] = {"with plan", "same"};
    char err[512] = "";

    (void)state;
    fx_build(&f, "2023-04-01", 1);
    f.scn.n_targets = 2;
    f.scn.targets = xcalloc(2, sizeof(*f.scn.targets));
    f.scn.targets[0] = (struct scn_target){(char *)"nctr_mean", 258, 1,
                                           (char *)"plan 258", NULL};
    f.scn.targets[1] =
        (struct scn_target){(char *)"ga_occupancy", 0.9, 1, NULL, NULL};
    write_run(&f, "x");
    assert_true(has(f.dir, "nctr_by_reason.gp",
                    "258 with lines @plan_look title 'plan 258'"));
    /* Beside the national standard, unlabelled: "plan" and the value. */
    assert_true(has(f.dir, "ga_occupancy.gp", "92 with lines @target_look"));
    assert_true(has(f.dir, "ga_occupancy.gp",
                    "90 with lines @plan_look title 'plan 90%'"));
    assert_true(has(f.dir, "style.gp", "plan_look = "));
    /* A comparison draws the base's plan. */
    fx_build(&g, "2023-04-01", 1);
    runs[0] = &f.run;
    runs[1] = &g.run;
    if (plot_compare_write(runs, names, 2, g.dir, "x", &g.ps, err,
                           sizeof(err)) != 0)
        fail_msg("plot_compare_write: %s", err);
    assert_true(has(g.dir, "compare_nctr_mean.gp",
                    "258 with lines @plan_look title 'plan 258'"));
    fx_free(&f);
    fx_free(&g);
}

/* Same run, same files. */
static void
test_deterministic(void **state)
{
    struct fx a, b;
    static const char *const ext[] = {"dat", "gp"};

    (void)state;
    fx_build(&a, "2023-04-01", 1);
    fx_build(&b, "2023-04-01", 1);
    write_run(&a, "x");
    write_run(&b, "x");
    for (size_t c = 0; c < ARRAY_LEN(charts); c++) {
        for (size_t e = 0; e < ARRAY_LEN(ext); e++) {
            char file[128];
            size_t la, lb;
            char *x, *y;

            snprintf(file, sizeof(file), "%s.%s", charts[c], ext[e]);
            x = slurp(a.dir, file, &la);
            y = slurp(b.dir, file, &lb);
            if (la != lb || memcmp(x, y, la) != 0)
                fail_msg("%s differs between two identical runs", file);
            free(x);
            free(y);
        }
    }
    fx_free(&a);
    fx_free(&b);
}

/* A KPI undefined throughout still gives a chart, which says so. */
static void
test_no_data(void **state)
{
    struct fx f;
    double row[8];

    (void)state;
    fx_build(&f, "2023-04-01", 0);
    write_run(&f, "x");
    assert_true(has(f.dir, "vw_occupancy.gp", "no virtual-ward beds open"));
    assert_int_equal(dat_row(f.dir, "vw_occupancy", "2023-04-08", row, 8), 7);
    assert_true(row[0] == 7 && isnan(row[4]));
    fx_free(&f);
}

static void
test_compare(void **state)
{
    struct fx a, b;
    const struct run *runs[2];
    const char *names[2] = {"base", "later start"};
    char err[512] = "";
    double row[8], v[REPS];

    (void)state;
    fx_build(&a, "2023-04-01", 1);
    fx_build(&b, "2023-05-10", 1);
    runs[0] = &a.run;
    runs[1] = &b.run;
    if (plot_compare_write(runs, names, 2, a.dir, "compare | x", &a.ps, err,
                           sizeof(err)) != 0)
        fail_msg("plot_compare_write: %s", err);
    assert_int_equal(a.ps.n, ARRAY_LEN(compares));
    for (size_t c = 0; c < ARRAY_LEN(compares); c++) {
        assert_true(exists(a.dir, compares[c], "dat"));
        assert_true(exists(a.dir, compares[c], "gp"));
    }
    assert_true(has(a.dir, "compare_ga_occupancy.gp", "index 1"));
    assert_true(has(a.dir, "compare_ga_occupancy.gp", "title 'later start'"));
    assert_true(has(a.dir, "compare_ga_occupancy.gp", "word(palette, 2)"));
    assert_true(
        has(a.dir, "compare_ga_occupancy.gp", "92 with lines @target_look"));
    assert_false(has(a.dir, "compare_nctr_mean.gp", "with lines @"));
    /* Each scenario on its own dates: the second block starts 10 May. */
    assert_int_equal(
        dat_row(a.dir, "compare_ed_4h_performance", "2023-05-10", row, 8), 7);
    for (uint32_t i = 0; i < REPS; i++)
        v[i] = week_kpi(&b, "ed_4h_performance", i, 0);
    assert_true(fabs(row[4] - 100 * median3(v[0], v[1], v[2])) < 1e-5);
    fx_free(&a);
    fx_free(&b);
}

/* No gnuplot on PATH: -1 and a message that names it. */
static void
test_no_gnuplot(void **state)
{
    struct fx f;
    char err[512] = "";
    char empty[] = "/tmp/uecsim-nopath-XXXXXX";
    char *path = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    int rc;

    (void)state;
    fx_build(&f, "2023-04-01", 1);
    write_run(&f, "x");
    assert_non_null(mkdtemp(empty));
    setenv("PATH", empty, 1);
    rc = plot_render(f.dir, &f.ps, err, sizeof(err));
    setenv("PATH", path, 1);
    rmdir(empty);
    free(path);
    assert_int_equal(rc, -1);
    if (!strstr(err, "gnuplot"))
        fail_msg("message does not name gnuplot: %s", err);
    fx_free(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_chart_written),
        cmocka_unit_test(test_weekly_values),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_tic_decimals),
        cmocka_unit_test(test_plan_targets),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_no_data),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_no_gnuplot),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
