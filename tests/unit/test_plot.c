/*
 * Unit tests of the charts: a hand-built run (three replications of 17
 * days, so two full weeks and a short one, with known buckets, summarised
 * through results_add as a real run is) and hand-built sweeps and size
 * searches, written into a temporary folder and checked file by file and
 * number by number.  The scripts are read, not rendered: gnuplot runs
 * once here, on the chart with hostile text (and in the end-to-end tests).
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../sim/plot_int.h"
#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "plot.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "sweep.h"
#include "util.h"

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
rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
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

/* The whole of dir/name, NUL-terminated; *len gets its size. */
static char *
slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    char *buf;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    buf = util_read_file(path, len);
    assert_non_null(buf);
    return buf;
}

static int
exists(const char *dir, const char *name, const char *ext)
{
    char path[512];
    struct stat st;

    snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
    return stat(path, &st) == 0;
}

/* A real PNG of a rendered chart: the signature and more than a stub. */
static void
check_png(const char *dir, const char *name)
{
    static const unsigned char sig[8] = {0x89, 'P',  'N',  'G',
                                         '\r', '\n', 0x1a, '\n'};
    char file[128];
    size_t len;
    char *png;

    snprintf(file, sizeof(file), "%s.png", name);
    png = slurp(dir, file, &len);
    if (len < 20000 || memcmp(png, sig, sizeof(sig)) != 0)
        fail_msg("%s: not a rendered PNG (%zu bytes)", file, len);
    free(png);
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

static int
has(const char *dir, const char *file, const char *needle)
{
    size_t len;
    char *text = slurp(dir, file, &len);
    int found = strstr(text, needle) != NULL;

    free(text);
    return found;
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

/* --- sweeps and size searches ----------------------------------------- */

static const char *const sweeps[] = {
    "sweep_ga_occupancy",      "sweep_ed_4h_performance",
    "sweep_nctr_mean",         "sweep_vw_occupancy",
    "sweep_handover_mean_min", "sweep_elective_cancellations_per_day"};

/*
 * A sweep of n1 values of virtual_wards.beds (100, 150, ...) by n2 of
 * beds.ga.capacity (2000, 2100, ...; one key when n2 is 0), in grid order,
 * first key fastest.  Every KPI at point (i, j) has a distinct mean
 * between 0 and 1 and a known interval; vw_occupancy is undefined
 * everywhere when vw is 0.
 */
static void
sw_build(struct sweep *sw, size_t n1, size_t n2, int vw)
{
    size_t nk, nb = n2 ? n2 : 1;
    int kvw = kpi_find("vw_occupancy");

    kpi_table(&nk);
    memset(sw, 0, sizeof(*sw));
    sw->n_keys = n2 ? 2 : 1;
    snprintf(sw->vary[0].key, sizeof(sw->vary[0].key), "virtual_wards.beds");
    sw->vary[0].from = 100;
    sw->vary[0].step = 50;
    sw->vary[0].to = 100 + 50 * (double)(n1 - 1);
    sw->vary[0].n = n1;
    snprintf(sw->vary[1].key, sizeof(sw->vary[1].key), "beds.ga.capacity");
    sw->vary[1].from = 2000;
    sw->vary[1].step = 100;
    sw->vary[1].to = 2000 + 100 * (double)(nb - 1);
    sw->vary[1].n = nb;
    sw->n_points = n1 * nb;
    sw->point = xcalloc(sw->n_points, sizeof(*sw->point));
    sw->name = xstrdup("sweep-test");
    sw->replications = 6;
    sw->seed = 2385;
    sw->threads = 1;
    for (size_t j = 0; j < nb; j++) {
        for (size_t i = 0; i < n1; i++) {
            struct sweep_point *p = &sw->point[j * n1 + i];

            p->x[0] = 100 + 50 * (double)i;
            p->x[1] = 2000 + 100 * (double)j;
            p->kpi = xcalloc(nk, sizeof(*p->kpi));
            for (size_t k = 0; k < nk; k++) {
                struct summary *sm = &p->kpi[k];
                double h = 0.011 + 0.002 * (double)i;

                sm->n = 6;
                sm->mean = 0.93 - 0.037 * (double)i - 0.021 * (double)j +
                           0.0013 * (double)k;
                sm->sd = h * 2.4;
                sm->ci95_low = sm->mean - h;
                sm->ci95_high = sm->mean + h;
                if (!vw && (int)k == kvw) {
                    sm->n = 0;
                    sm->mean = sm->sd = NAN;
                    sm->ci95_low = sm->ci95_high = NAN;
                }
            }
        }
    }
}

static void
mk_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/uecsim-plot-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

/*
 * The data rows of dir/file: up to cap rows of up to 8 numbers each;
 * block[r] is the data block of row r (counted from "# block" lines).
 */
static size_t
dat_table(const char *dir, const char *file, double (*rows)[8], int *block,
          size_t cap)
{
    size_t len, n = 0;
    char *text = slurp(dir, file, &len), *line;
    int b = -1;

    for (line = strtok(text, "\n"); line && n < cap;
         line = strtok(NULL, "\n")) {
        char *p = line, *end;
        size_t m = 0;

        if (strncmp(line, "# block", 7) == 0)
            b++;
        if (line[0] == '#')
            continue;
        for (size_t c = 0; c < 8; c++)
            rows[n][c] = NAN;
        while (m < 8) {
            double v = strtod(p, &end);

            if (end == p)
                break;
            rows[n][m++] = v;
            p = end;
        }
        block[n++] = b < 0 ? 0 : b;
    }
    free(text);
    return n;
}

static size_t
count(const char *dir, const char *file, const char *needle)
{
    size_t len, n = 0;
    char *text = slurp(dir, file, &len);

    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    free(text);
    return n;
}

static int
close_to(double a, double b)
{
    return fabs(a - b) < 1e-5;
}

/* One key: every chart drawn; means and intervals in %; the targets. */
static void
test_sweep_one_key(void **state)
{
    struct plot_set ps = {0, NULL};
    struct sweep sw;
    char dir[64], err[512] = "";
    double rows[16][8];
    int block[16];
    int kga = kpi_find("ga_occupancy"), knctr = kpi_find("nctr_mean");

    (void)state;
    sw_build(&sw, 5, 0, 1);
    mk_dir(dir, sizeof(dir));
    if (plot_sweep_write(&sw, dir, "scenario sweep-test | 6 replications", &ps,
                         err, sizeof(err)) != 0)
        fail_msg("plot_sweep_write: %s", err);
    assert_int_equal(ps.n, ARRAY_LEN(sweeps));
    for (size_t c = 0; c < ARRAY_LEN(sweeps); c++) {
        assert_true(exists(dir, sweeps[c], "dat"));
        assert_true(exists(dir, sweeps[c], "gp"));
    }
    /* A share: x, then mean and its interval in %, then n. */
    assert_int_equal(dat_table(dir, "sweep_ga_occupancy.dat", rows, block, 16),
                     5);
    for (size_t i = 0; i < 5; i++) {
        const struct summary *sm = &sw.point[i].kpi[kga];

        assert_true(rows[i][0] == sw.point[i].x[0]);
        assert_true(close_to(rows[i][1], 100 * sm->mean));
        assert_true(close_to(rows[i][2], 100 * sm->ci95_low));
        assert_true(close_to(rows[i][3], 100 * sm->ci95_high));
        assert_true(rows[i][4] == 6);
    }
    /* A count: as it is. */
    assert_int_equal(dat_table(dir, "sweep_nctr_mean.dat", rows, block, 16), 5);
    assert_true(close_to(rows[3][1], sw.point[3].kpi[knctr].mean));
    assert_true(close_to(rows[3][3], sw.point[3].kpi[knctr].ci95_high));
    assert_true(
        has(dir, "sweep_ga_occupancy.gp", "92 with lines @target_look"));
    assert_true(has(dir, "sweep_ga_occupancy.gp", "'national target 92%'"));
    assert_true(
        has(dir, "sweep_ed_4h_performance.gp", "76 with lines @target_look"));
    assert_true(
        has(dir, "sweep_vw_occupancy.gp", "80 with lines @target_look"));
    assert_true(
        has(dir, "sweep_handover_mean_min.gp", "15 with lines @target_look"));
    /* No national standard, and no plan in this sweep. */
    assert_false(has(dir, "sweep_nctr_mean.gp", "with lines @"));
    assert_false(
        has(dir, "sweep_elective_cancellations_per_day.gp", "with lines @"));
    assert_true(has(dir, "sweep_ga_occupancy.gp",
                    "'G&A bed occupancy against virtual_wards.beds'"));
    assert_true(
        has(dir, "sweep_ga_occupancy.gp", "set xlabel 'virtual_wards.beds'"));
    assert_true(has(dir, "sweep_ga_occupancy.gp", "set format y '%.0f%%'"));
    assert_true(has(dir, "sweep_ga_occupancy.gp", "with filledcurves"));
    assert_true(has(dir, "sweep_ga_occupancy.gp", "with linespoints"));
    assert_true(has(dir, "sweep_ga_occupancy.gp", "'scenario sweep-test | 6 "));
    rm_tree(dir);
    plot_set_release(&ps);
    sweep_release(&sw);
}

/* Two keys: one block, line and band a value of the second key. */
static void
test_sweep_two_keys(void **state)
{
    struct plot_set ps = {0, NULL};
    struct sweep sw;
    char dir[64], err[512] = "";
    double rows[16][8];
    int block[16];
    int ked = kpi_find("ed_4h_performance");

    (void)state;
    sw_build(&sw, 3, 2, 1);
    mk_dir(dir, sizeof(dir));
    if (plot_sweep_write(&sw, dir, "x", &ps, err, sizeof(err)) != 0)
        fail_msg("plot_sweep_write: %s", err);
    assert_int_equal(
        dat_table(dir, "sweep_ed_4h_performance.dat", rows, block, 16), 6);
    for (size_t r = 0; r < 6; r++) {
        /* Block j holds the points of the j-th second-key value. */
        const struct sweep_point *p = &sw.point[r];

        assert_int_equal(block[r], (int)(r / 3));
        assert_true(rows[r][0] == p->x[0]);
        assert_true(close_to(rows[r][1], 100 * p->kpi[ked].mean));
        assert_true(close_to(rows[r][2], 100 * p->kpi[ked].ci95_low));
        assert_true(close_to(rows[r][3], 100 * p->kpi[ked].ci95_high));
    }
    assert_true(has(dir, "sweep_ed_4h_performance.dat",
                    "# block 1 (gnuplot index 1): beds.ga.capacity = 2100"));
    assert_int_equal(
        count(dir, "sweep_ed_4h_performance.gp", "with linespoints"), 2);
    assert_int_equal(count(dir, "sweep_ed_4h_performance.gp",
                           "using 1:3:4 with filledcurves"),
                     2);
    assert_true(has(dir, "sweep_ed_4h_performance.gp",
                    "title 'beds.ga.capacity = 2000'"));
    assert_true(has(dir, "sweep_ed_4h_performance.gp",
                    "title 'beds.ga.capacity = 2100'"));
    assert_true(has(dir, "sweep_ed_4h_performance.gp", "index 1 using 1:2"));
    assert_false(has(dir, "sweep_ed_4h_performance.gp", "index 2"));
    assert_true(
        has(dir, "sweep_ed_4h_performance.gp", "76 with lines @target_look"));
    rm_tree(dir);
    plot_set_release(&ps);
    sweep_release(&sw);
}

/*
 * A KPI undefined everywhere still gets its chart, which says so; one
 * undefined at some points says where.  User text stays text.
 */
static void
test_sweep_no_data(void **state)
{
    struct plot_set ps = {0, NULL};
    struct sweep sw;
    char dir[64], err[512] = "", path[128];
    double rows[16][8];
    int block[16];
    int kga = kpi_find("ga_occupancy");

    (void)state;
    sw_build(&sw, 5, 0, 0);
    snprintf(sw.vary[0].key, sizeof(sw.vary[0].key), "vw.o'k`touch pwned`");
    sw.point[2].kpi[kga].mean = NAN;
    mk_dir(dir, sizeof(dir));
    if (plot_sweep_write(&sw, dir, "x", &ps, err, sizeof(err)) != 0)
        fail_msg("plot_sweep_write: %s", err);
    /*
     * The one chart this suite renders: gnuplot reads the hostile key as
     * text and runs nothing (single quotes do no backquote substitution).
     */
    if (plot_gnuplot(dir, "sweep_ga_occupancy.gp", err, sizeof(err)) != 0)
        fail_msg("gnuplot: %s", err);
    check_png(dir, "sweep_ga_occupancy");
    assert_true(has(dir, "sweep_vw_occupancy.gp", "no virtual-ward beds open"));
    assert_int_equal(dat_table(dir, "sweep_vw_occupancy.dat", rows, block, 16),
                     5);
    assert_true(isnan(rows[0][1]) && rows[0][4] == 0);
    assert_false(has(dir, "sweep_ga_occupancy.gp", "no data"));
    assert_true(has(dir, "sweep_ga_occupancy.gp",
                    "'no value at vw.o''k`touch pwned` = 200: the KPI is "
                    "undefined there'"));
    snprintf(path, sizeof(path), "%s/pwned", dir);
    assert_true(access(path, F_OK) != 0);
    rm_tree(dir);
    plot_set_release(&ps);
    sweep_release(&sw);
}

/*
 * A size search: 5 values evaluated out of order, targets on a share and
 * a count.  The .dat is sorted; mean, interval and bound as computed.
 */
static void
test_size(void **state)
{
    struct plot_set ps = {0, NULL};
    static const double order[5] = {200, 100, 300, 150, 250};
    struct sweep sw;
    struct target t[2];
    char dir[64], err[512] = "";
    double rows[16][8], prev = -1;
    int block[16];

    (void)state;
    sw_build(&sw, 5, 0, 1);
    /* Reorder into evaluation order: point i has the value order[i]. */
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = i; j < 5; j++) {
            if (sw.point[j].x[0] == order[i]) {
                struct sweep_point tmp = sw.point[i];

                sw.point[i] = sw.point[j];
                sw.point[j] = tmp;
            }
        }
        assert_true(sw.point[i].x[0] == order[i]);
    }
    assert_int_equal(
        sweep_parse_target("vw_occupancy<=0.8", &t[0], err, sizeof(err)), 0);
    assert_int_equal(
        sweep_parse_target("nctr_mean>=0.7", &t[1], err, sizeof(err)), 0);
    mk_dir(dir, sizeof(dir));
    /* The answer is an index in evaluation order: 3 is the value 150. */
    if (plot_size_write(&sw, t, 2, 0.9, 3, dir, "size | x", &ps, err,
                        sizeof(err)) != 0)
        fail_msg("plot_size_write: %s", err);
    assert_int_equal(ps.n, 2);
    assert_true(exists(dir, "size_nctr_mean", "gp"));
    assert_int_equal(dat_table(dir, "size_vw_occupancy.dat", rows, block, 16),
                     5);
    for (size_t r = 0; r < 5; r++) {
        const struct sweep_point *p = NULL;
        const struct summary *sm;

        assert_true(rows[r][0] > prev);
        prev = rows[r][0];
        for (size_t i = 0; i < 5; i++)
            if (sw.point[i].x[0] == rows[r][0])
                p = &sw.point[i];
        assert_non_null(p);
        sm = &p->kpi[t[0].kpi];
        assert_true(close_to(rows[r][1], 100 * sm->mean));
        assert_true(close_to(rows[r][2], 100 * sm->ci95_low));
        assert_true(close_to(rows[r][3], 100 * sm->ci95_high));
        assert_true(close_to(rows[r][4], 100 * sweep_bound(sm, 1, 0.9)));
        assert_true(rows[r][5] == (sweep_bound(sm, 1, 0.9) <= 0.8));
        assert_true(rows[r][6] == sweep_holds(p, t, 2, 0.9));
    }
    assert_true(has(dir, "size_vw_occupancy.gp", "80 with lines @target_look"));
    assert_true(has(dir, "size_vw_occupancy.gp", "title 'target \u2264 80%'"));
    assert_true(has(dir, "size_vw_occupancy.gp", "'answer: 150'"));
    assert_true(has(dir, "size_vw_occupancy.gp", "set arrow 1 from 150,"));
    assert_true(has(dir, "size_vw_occupancy.gp", "upper 90% confidence"));
    assert_true(has(dir, "size_vw_occupancy.gp",
                    "'Sizing virtual_wards.beds: Virtual-ward occupancy'"));
    assert_false(has(dir, "size_vw_occupancy.gp", "no value in"));
    /* An "at least" target on a count: not in %, a lower bound. */
    assert_true(has(dir, "size_nctr_mean.gp", "0.7 with lines @target_look"));
    assert_true(has(dir, "size_nctr_mean.gp", "title 'target \u2265 0.7'"));
    assert_true(has(dir, "size_nctr_mean.gp", "lower 90% confidence"));
    assert_int_equal(dat_table(dir, "size_nctr_mean.dat", rows, block, 16), 5);
    assert_true(rows[0][0] == 100);
    assert_true(
        close_to(rows[0][4], sweep_bound(&sw.point[1].kpi[t[1].kpi], 0, 0.9)));
    rm_tree(dir);
    plot_set_release(&ps);
    sweep_release(&sw);
}

/* No value met the targets: no answer line, a note saying so. */
static void
test_size_no_answer(void **state)
{
    struct plot_set ps = {0, NULL};
    struct sweep sw;
    struct target t;
    char dir[64], err[512] = "";

    (void)state;
    sw_build(&sw, 5, 0, 1);
    assert_int_equal(
        sweep_parse_target("ga_occupancy<=0.5", &t, err, sizeof(err)), 0);
    mk_dir(dir, sizeof(dir));
    if (plot_size_write(&sw, &t, 1, 0.95, -1, dir, "x", &ps, err,
                        sizeof(err)) != 0)
        fail_msg("plot_size_write: %s", err);
    assert_true(has(dir, "size_ga_occupancy.gp",
                    "'no value in 100..300 meets the target'"));
    assert_false(has(dir, "size_ga_occupancy.gp", "answer:"));
    assert_false(has(dir, "size_ga_occupancy.gp", "set arrow 1 from"));
    assert_true(has(dir, "size_ga_occupancy.gp", "50 with lines @target_look"));
    assert_true(has(dir, "size_ga_occupancy.gp", "misses the target"));
    assert_false(has(dir, "size_ga_occupancy.gp", "bound: meets the target"));
    rm_tree(dir);
    plot_set_release(&ps);
    sweep_release(&sw);
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
        cmocka_unit_test(test_sweep_one_key),
        cmocka_unit_test(test_sweep_two_keys),
        cmocka_unit_test(test_sweep_no_data),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_size_no_answer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
