/*
 * plot: fan charts of daily KPIs across replications, as .dat + .gp
 * files rendered by an external gnuplot.
 */
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "stats.h"
#include "util.h"

/* One fan chart: the daily spread of a KPI across replications. */
struct fan_spec {
    const char *kpi; /* a daily KPI */
    const char *title;
    const char *ylabel;
    double scale;  /* 100 for shares shown as percentages */
    double target; /* NAN for none */
    const char *target_label;
};

static const struct fan_spec fans[] = {
    {"ga_occupancy", "G&A bed occupancy", "occupied beds / open beds (%)", 100,
     92, "national target 92%"},
    {"ed_4h_performance", "ED four-hour performance (daily)",
     "ED departures within 4 hours (%)", 100, 76, "target 76% by March 2024"},
    {"nctr_mean", "Patients with no criteria to reside",
     "patients in G&A beds (daily average)", 1, 258, "plan 258"},
    {"vw_occupancy", "Virtual-ward occupancy", "occupied / open beds (%)", 100,
     80, "target 80%"},
    {"handover_mean_min", "Ambulance handover time (daily mean)",
     "minutes from arrival to handover", 1, 15, "target 15 minutes"},
    {"ed_attendances_per_day", "ED attendances", "attendances per day", 1, NAN,
     NULL},
};

int
plot_gnuplot(const char *dir, const char *script, char *err, size_t err_len)
{
    pid_t pid;
    int status;

    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        snprintf(err, err_len, "cannot start gnuplot: %s", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        char *const argv[] = {(char *)"gnuplot", (char *)script, NULL};

        if (chdir(dir) != 0)
            _exit(126);
        execvp("gnuplot", argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0) {
        snprintf(err, err_len, "waiting for gnuplot: %s", strerror(errno));
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        snprintf(err, err_len,
                 "gnuplot not found (install gnuplot-nox, or run with "
                 "--no-plots)");
        return 1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, err_len, "gnuplot failed on %s/%s", dir, script);
        return 1;
    }
    return 0;
}

static FILE *
open_in(const char *dir, const char *name, const char *ext, char *err,
        size_t err_len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
    f = fopen(path, "w");
    if (!f)
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
    return f;
}

static int
close_checked(FILE *f, const char *dir, const char *name, char *err,
              size_t err_len)
{
    int bad = ferror(f);

    if (fclose(f) != 0 || bad) {
        snprintf(err, err_len, "cannot write %s/%s", dir, name);
        return 1;
    }
    return 0;
}

/* Write <kpi>.dat: date mean p05 p25 p50 p75 p95, one row a day. */
static int
write_fan_dat(const struct run *r, size_t daily_k, const struct fan_spec *f,
              const char *dir, char *err, size_t err_len)
{
    static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    const struct rep_out *o0 = &r->rep[0];
    double *vals = xmalloc(r->replications * sizeof(double));
    double *work = xmalloc(r->replications * sizeof(double));
    FILE *out = open_in(dir, f->kpi, "dat", err, err_len);

    if (!out) {
        free(vals);
        free(work);
        return 1;
    }
    fprintf(out, "# date mean p05 p25 p50 p75 p95 (%s x %g)\n", f->kpi,
            f->scale);
    for (size_t d = 0; d < o0->n_days; d++) {
        char date[11];
        double pct[5];
        struct summary sm;

        for (uint32_t i = 0; i < r->replications; i++)
            vals[i] = r->rep[i].daily[d * o0->n_daily + daily_k];
        stats_summarise(vals, r->replications, 1, &sm);
        stats_percentiles(vals, r->replications, 1, q, 5, work, pct);
        cal_format(r->scn->start_day + (int32_t)d, date);
        if (!isfinite(sm.mean)) {
            fprintf(out, "%s NaN NaN NaN NaN NaN NaN\n", date);
            continue;
        }
        fprintf(out, "%s %.6f", date, sm.mean * f->scale);
        for (int j = 0; j < 5; j++)
            fprintf(out, " %.6f", pct[j] * f->scale);
        fprintf(out, "\n");
    }
    free(vals);
    free(work);
    return close_checked(out, dir, f->kpi, err, err_len);
}

/*
 * Date tics: the first of each month, labelled "Apr 2023", thinned to at
 * most 13 labels; for periods under two months, every 7 days.
 */
static void
gp_date_tics(FILE *g, int32_t first_day, int32_t last_day)
{
    int32_t m0 = cal_month_index(first_day), m1 = cal_month_index(last_day);
    int32_t step = (m1 - m0) / 12 + 1;
    int sep = 0;

    if (last_day - first_day < 62) {
        char a[11];

        cal_format(first_day, a);
        fprintf(g, "set xtics \"%s\", 604800\nset format x \"%%d %%b\"\n", a);
        return;
    }
    fprintf(g, "set xtics (");
    for (int32_t m = m0; m <= m1 + 1; m += step) {
        int32_t day = cal_from_ymd(1970 + m / 12, m % 12 + 1, 1);
        char a[11], label[8];
        static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};

        if (day < first_day || day > last_day + 1)
            continue;
        cal_format(day, a);
        snprintf(label, sizeof(label), "%s", mon[m % 12]);
        fprintf(g, "%s\"%s\\n%d\" \"%s\"", sep ? ", " : "", label,
                1970 + m / 12, a);
        sep = 1;
    }
    fprintf(g, ")\n");
}

/* The shared look: size, fonts, date axis, grid, legend, footnote. */
static void
gp_preamble(FILE *g, const struct run *r, const char *title, const char *ylabel,
            const char *footnote)
{
    char a[11], b[11];

    cal_format(r->scn->start_day, a);
    cal_format(r->scn->end_day + 1, b);
    fprintf(g,
            "# Written by uecsim; edit and rerun with gnuplot.\n"
            "set encoding utf8\n"

            "set title \"%s\" font \",16\"\n"
            "set ylabel \"%s\"\n"
            "set xlabel \"\"\n"
            "set xdata time\n"
            "set timefmt \"%%Y-%%m-%%d\"\n"
            "set xrange [\"%s\":\"%s\"]\n"
            "set grid ytics lc rgb \"#dddddd\"\n"
            "set key outside top center horizontal\n"
            "set border 3\n"
            "set tics nomirror\n"
            "set bmargin 5\n"
            "set label 99 \"%s\" at screen 0.01, screen 0.02 "
            "font \",9\" tc rgb \"#555555\"\n",
            title, ylabel, a, b, footnote);
    gp_date_tics(g, r->scn->start_day, r->scn->end_day);
}

static int
write_fan_gp(const struct run *r, const struct fan_spec *f, const char *dir,
             const char *footnote, char *err, size_t err_len)
{
    FILE *g = open_in(dir, f->kpi, "gp", err, err_len);
    char target[256] = "";

    if (!g)
        return 1;
    gp_preamble(g, r, f->title, f->ylabel, footnote);
    if (isfinite(f->target))
        snprintf(target, sizeof(target),
                 ", %g with lines dt 2 lw 2 lc rgb \"#c0392b\" title \"%s\"",
                 f->target, f->target_label);
    fprintf(g,
            "set style fill solid 1.0 noborder\n"
            "set terminal pngcairo noenhanced size 1280,720 font \"DejaVu "
            "Sans,12\"\n"
            "set output \"%s.png\"\n"
            "plot \"%s.dat\" using 1:3:7 with filledcurves "
            "lc rgb \"#c6dbef\" title \"5th-95th percentile\", \\\n"
            "     \"\" using 1:4:6 with filledcurves lc rgb \"#6baed6\" "
            "title \"25th-75th percentile\", \\\n"
            "     \"\" using 1:5 with lines lw 2 lc rgb \"#08306b\" "
            "title \"median\"%s\n"
            "set terminal svg noenhanced size 1280,720 font \"DejaVu Sans,12\" "
            "background rgb \"white\"\n"
            "set output \"%s.svg\"\n"
            "replot\n"
            "set output\n",
            f->kpi, f->kpi, target, f->kpi);
    return close_checked(g, dir, f->kpi, err, err_len);
}

int
plot_all(const struct run *r, const char *dir, const char *footnote, char *err,
         size_t err_len)
{
    size_t nd = r->rep[0].n_daily;
    size_t *idx = xmalloc(nd * sizeof(*idx));
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int rc = 0;

    model_daily_kpis(idx, nd);
    for (size_t i = 0; i < ARRAY_LEN(fans) && !rc; i++) {
        size_t k = nd;
        char script[128];

        for (size_t j = 0; j < nd; j++)
            if (strcmp(tab[idx[j]].name, fans[i].kpi) == 0)
                k = j;
        if (k == nd) {
            snprintf(err, err_len, "internal: %s is not a daily KPI",
                     fans[i].kpi);
            rc = 1;
            break;
        }
        rc = write_fan_dat(r, k, &fans[i], dir, err, err_len);
        if (!rc)
            rc = write_fan_gp(r, &fans[i], dir, footnote, err, err_len);
        snprintf(script, sizeof(script), "%s.gp", fans[i].kpi);
        if (!rc)
            rc = plot_gnuplot(dir, script, err, err_len);
    }
    free(idx);
    return rc;
}
