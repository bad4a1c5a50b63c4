/*
 * Unit tests of the charts of sweeps and size searches: hand-built sweeps
 * (every KPI with a known mean and interval at each point), written into
 * a temporary folder and checked file by file and number by number.  The
 * scripts are read, not rendered: gnuplot runs once here, on the chart
 * with hostile text (and in the end-to-end tests).
 */
#include <math.h>
#include <stdint.h>

#include "kpi.h"
#include "plot.h"
#include "plot_test.h"
#include "sweep.h"

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
        cmocka_unit_test(test_sweep_one_key),
        cmocka_unit_test(test_sweep_two_keys),
        cmocka_unit_test(test_sweep_no_data),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_size_no_answer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
