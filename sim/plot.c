/*
 * plot: the board-paper charts of one run, of runs compared, of sweeps
 * and of size searches, as .dat + .gp files rendered by an external
 * gnuplot (fork and exec).
 */
#include "plot.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "kpi.h"
#include "model.h"
#include "resdir.h"
#include "stats.h"
#include "util.h"

/*
 * Page layout in gnuplot screen coordinates (0-1 of the canvas): the
 * title on top, the plot area, the date axis, then the legend and the
 * footnote below it, so the legend never covers data.
 */
#define PAGE_L       0.085
#define PAGE_R       0.975
#define PAGE_T       0.87
#define PAGE_T_MULTI 0.85  /* leaves room for the page and panel titles */
#define PANEL_GAP    0.09  /* between the two panels of a two-panel chart */
#define KEY_BOTTOM   0.055 /* the legend sits on this, above the footnote */
#define KEY_ROW      0.032 /* a legend row */
#define AXIS_H       0.125 /* date tic labels and x label, above the legend */
#define FOOT_Y       0.025
#define BAND_ALPHA   0.25
#define MAX_SERIES   4
#define TARGET_LOOK  "dt 2 lw 2.5 lc rgb '#c0392b'"
#define BLUE         "#08519c"
#define NONE_SUFFIX  ": none, every week" /* a line at zero throughout */

/* A period's summary across replications: the columns of a .dat file. */
enum q { Q_MEAN, Q_P05, Q_P25, Q_P50, Q_P75, Q_P95, Q_N };

static const char *const q_name[Q_N] = {"mean", "p05", "p25",
                                        "p50",  "p75", "p95"};

static const char *const mon_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};

static const char *const day_abbr[7] = {"Mon", "Tue", "Wed", "Thu",
                                        "Fri", "Sat", "Sun"};

enum style {
    ST_FAN,   /* median with 25-75 and 5-95 percentile bands */
    ST_BAND,  /* median with a 25-75 percentile band */
    ST_LINES, /* medians only */
    ST_AREA,  /* means stacked as areas */
    ST_BARS   /* means stacked as bars, one a period */
};

struct series {
    const char *kpi;
    const char *label;  /* legend entry; NULL: the generic entries */
    const char *colour; /* line, area or bar colour */
};

struct panel {
    const char *title;  /* above the panel in a two-panel chart */
    const char *ylabel; /* with the unit */
    int percent;        /* a share: drawn x100 with % tics */
    enum style style;
    double target; /* in drawn units; NAN: none */
    const char *target_label;
    const char *empty; /* said in the chart when no value is defined */
    size_t n;
    struct series s[MAX_SERIES];
};

struct chart {
    const char *name; /* file names */
    const char *title;
    int daily; /* 1: daily values; 0: weekly buckets */
    size_t np;
    struct panel p[2];
};

static const struct chart charts[] = {
    {"ga_occupancy",
     "G&A bed occupancy, daily",
     1,
     1,
     {{NULL,
       "occupied G&A beds / open G&A beds (%)",
       1,
       ST_FAN,
       92,
       "national target 92%",
       NULL,
       1,
       {{"ga_occupancy", NULL, BLUE}}}}},
    {"ed_4h_weekly",
     "ED four-hour performance, weekly",
     0,
     1,
     {{NULL,
       "ED departures within 4 hours of arrival (%)",
       1,
       ST_BAND,
       76,
       "national target 76%",
       NULL,
       1,
       {{"ed_4h_performance", NULL, BLUE}}}}},
    {"nctr_by_reason",
     "Patients in G&A beds with no criteria to reside, by reason, weekly",
     0,
     1,
     {{NULL,
       "patients (weekly mean; mean of replications)",
       0,
       ST_AREA,
       258,
       "plan 258 (all NCTR)",
       NULL,
       2,
       {{"nctr_in_process_mean", "in an in-hospital discharge process",
         "#6baed6"},
        {"nctr_awaiting_pathway_mean", "awaiting a pathway 1-3 place",
         "#f28e2b"}}}}},
    {"vw_occupancy",
     "Virtual-ward occupancy, weekly",
     0,
     1,
     {{NULL,
       "occupied / open virtual-ward beds (%)",
       1,
       ST_BAND,
       80,
       "national target 80%",
       "no data: no virtual-ward beds open in this scenario",
       1,
       {{"vw_occupancy", NULL, BLUE}}}}},
    {"handover",
     "Ambulance handover, weekly",
     0,
     2,
     {{"Mean time from ambulance arrival to handover",
       "minutes",
       0,
       ST_BAND,
       15,
       "national standard 15 minutes",
       "no data: no ambulance handovers",
       1,
       {{"handover_mean_min", NULL, BLUE}}},
      {"Ambulance hours lost per day (time beyond 15 minutes a handover)",
       "hours per day",
       0,
       ST_BAND,
       NAN,
       NULL,
       "no data: no ambulance handovers",
       1,
       {{"handover_hours_lost_per_day", NULL, BLUE}}}}},
    {"pathway_queues",
     "Patients in G&A beds waiting for a discharge pathway, weekly",
     0,
     1,
     {{NULL,
       "patients waiting (weekly mean; median of replications)",
       0,
       ST_LINES,
       NAN,
       NULL,
       NULL,
       4,
       {{"p1_queue_mean", "pathway 1 (home with support)", "#1f77b4"},
        {"p2_queue_mean", "pathway 2 (rehabilitation bed)", "#ff7f0e"},
        {"p3_queue_mean", "pathway 3 (care home)", "#2ca02c"},
        {"nctr_awaiting_pathway_mean",
         "all awaiting a pathway (brokerage, queue, discharge)", "#555555"}}}}},
    {"opel_share",
     "Share of time at each OPEL level, weekly",
     0,
     1,
     {{NULL,
       "share of the week (%, mean of replications)",
       1,
       ST_BARS,
       NAN,
       NULL,
       NULL,
       4,
       {{"opel_level_share_1", "OPEL 1", "#2e9e44"},
        {"opel_level_share_2", "OPEL 2", "#f0a30a"},
        {"opel_level_share_3", "OPEL 3", "#d62728"},
        {"opel_level_share_4", "OPEL 4", "#1a1a1a"}}}}},
    {"activity_weekly",
     "ED attendances and non-elective admissions, weekly",
     0,
     2,
     {{"ED attendances",
       "attendances per day",
       0,
       ST_BAND,
       NAN,
       NULL,
       NULL,
       1,
       {{"ed_attendances_per_day", NULL, BLUE}}},
      {"Non-elective admissions",
       "admissions per day",
       0,
       ST_BAND,
       NAN,
       NULL,
       NULL,
       1,
       {{"nel_admissions_per_day", NULL, BLUE}}}}},
};

/* The comparison charts: one KPI each, one series a scenario. */
struct cmp_spec {
    const char *kpi;
    const char *title;
    const char *ylabel;
    int percent;
    double target;
    const char *target_label;
};

static const struct cmp_spec cmps[] = {
    {"ga_occupancy", "G&A bed occupancy by scenario, weekly",
     "occupied G&A beds / open G&A beds (%)", 1, 92, "national target 92%"},
    {"ed_4h_performance", "ED four-hour performance by scenario, weekly",
     "ED departures within 4 hours of arrival (%)", 1, 76,
     "national target 76%"},
    {"nctr_mean",
     "Patients in G&A beds with no criteria to reside by scenario, weekly",
     "patients (weekly mean)", 0, 258, "plan 258"},
    {"vw_occupancy", "Virtual-ward occupancy by scenario, weekly",
     "occupied / open virtual-ward beds (%)", 1, 80, "national target 80%"},
};

/* Okabe-Ito colours (colour-blind safe), none close to the target red. */
static const char *const cmp_colour[] = {"#0072b2", "#e69f00", "#009e73",
                                         "#cc79a7", "#56b4e9", "#000000",
                                         "#8c564b"};

/*
 * One chart's numbers: for each period (day or week) and series the
 * summary across replications, in drawn units (x100 for shares).
 */
struct table {
    int32_t first_day; /* first reported day */
    size_t n_days;     /* reported days */
    int daily;
    size_t n_per; /* periods */
    size_t n_ser;
    double *v; /* [n_per][n_ser][Q_N], owned */
};

/* A y axis: range and tic step, in drawn units. */
struct yaxis {
    double lo, hi, step;
};

static void
table_release(struct table *t)
{
    free(t->v);
    t->v = NULL;
}

static int32_t
period_start(const struct table *t, size_t p)
{
    return t->first_day + (int32_t)(t->daily ? p : 7 * p);
}

static size_t
period_days(const struct table *t, size_t p)
{
    size_t left = t->n_days - 7 * p;

    if (t->daily)
        return 1;
    return left < 7 ? left : 7;
}

static const double *
cell(const struct table *t, size_t p, size_t s)
{
    return t->v + (p * t->n_ser + s) * Q_N;
}

/* Mean and percentiles of vals[0..n), non-finite values skipped. */
static void
spread(const double *vals, size_t n, double *work, double scale, double *out)
{
    static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    struct summary sm;

    stats_summarise(vals, n, 1, &sm);
    stats_percentiles(vals, n, 1, q, 5, work, out + Q_P05);
    out[Q_MEAN] = sm.mean;
    for (int j = 0; j < Q_N; j++)
        out[j] *= scale;
}

/*
 * Fill t with the series kpis[0..n_ser) of run r, daily (from each
 * replication's daily values) or weekly (kpi_eval over each replication's
 * weekly bucket).  scale[i] multiplies series i.
 */
static int
table_fill(struct table *t, const struct run *r, int daily,
           const char *const *kpis, const double *scale, size_t n_ser,
           char *err, size_t err_len)
{
    size_t n_tab, n_daily = r->rep[0].n_daily;
    const struct kpi_def *tab = kpi_table(&n_tab);
    size_t k[MAX_SERIES], pos[MAX_SERIES];
    size_t *didx = xmalloc(n_daily * sizeof(*didx));
    double *vals = xmalloc(r->replications * sizeof(double));
    double *work = xmalloc(r->replications * sizeof(double));
    int rc = 0;

    assert(n_ser <= MAX_SERIES && r->replications > 0);
    model_daily_kpis(didx, n_daily);
    for (size_t s = 0; s < n_ser && !rc; s++) {
        int f = kpi_find(kpis[s]);

        pos[s] = n_daily;
        if (f < 0) {
            snprintf(err, err_len, "internal: no KPI %s", kpis[s]);
            rc = 1;
            break;
        }
        k[s] = (size_t)f;
        for (size_t j = 0; j < n_daily; j++)
            if (didx[j] == k[s])
                pos[s] = j;
        if (daily && pos[s] == n_daily) {
            snprintf(err, err_len, "internal: %s is not a daily KPI", kpis[s]);
            rc = 1;
        }
    }
    memset(t, 0, sizeof(*t));
    if (!rc) {
        t->first_day = r->scn->start_day;
        t->n_days = r->rep[0].n_days;
        t->daily = daily;
        t->n_per = daily ? t->n_days : r->rep[0].n_weeks;
        t->n_ser = n_ser;
        t->v = xmalloc((t->n_per * n_ser * Q_N + 1) * sizeof(double));
    }
    for (size_t p = 0; p < t->n_per && !rc; p++) {
        for (size_t s = 0; s < n_ser; s++) {
            for (uint32_t i = 0; i < r->replications; i++) {
                const struct rep_out *o = &r->rep[i];

                assert(o->n_days == t->n_days);
                if (daily)
                    vals[i] = o->daily[p * o->n_daily + pos[s]];
                else
                    vals[i] = kpi_eval(&tab[k[s]], o->weekly + p * ACC_N);
            }
            spread(vals, r->replications, work, scale[s],
                   t->v + (p * n_ser + s) * Q_N);
        }
    }
    free(didx);
    free(vals);
    free(work);
    return rc;
}

/* --- files ---------------------------------------------------------- */

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

/* The ferror + fclose check (sbase fshut). */
static int
close_checked(FILE *f, const char *dir, const char *name, const char *ext,
              char *err, size_t err_len)
{
    char path[4096];

    snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
    return resdir_fclose(f, path, err, err_len);
}

/* "1 Apr 2023" */
static void
date_long(int32_t day, char *buf, size_t len)
{
    int y = cal_year(day), m = cal_month(day);

    snprintf(buf, len, "%d %s %d", (int)(day - cal_from_ymd(y, m, 1) + 1),
             mon_abbr[m - 1], y);
}

/*
 * The rows of one table: start date, days covered, then the Q_N summary
 * values of each series.
 */
static void
dat_rows(FILE *f, const struct table *t)
{
    for (size_t p = 0; p < t->n_per; p++) {
        char date[11];

        cal_format(period_start(t, p), date);
        fprintf(f, "%s %zu", date, period_days(t, p));
        for (size_t s = 0; s < t->n_ser; s++) {
            const double *c = cell(t, p, s);

            for (int j = 0; j < Q_N; j++) {
                if (isfinite(c[j]))
                    fprintf(f, " %.6f", c[j]);
                else
                    fprintf(f, " NaN");
            }
        }
        fprintf(f, "\n");
    }
}

/* The .dat header: what each column holds. */
static void
dat_header(FILE *f, const char *title, const struct table *t, uint32_t reps,
           const char *const *kpis, const int *percent)
{
    size_t col = 3;

    fprintf(f,
            "# uecsim: %s\n"
            "# One row a %s; values summarise %u replications (mean and "
            "percentiles).\n"
            "# %s\n"
            "# column 1: start date; column 2: days covered\n",
            title, t->daily ? "day" : "week", reps,
            t->daily ? "daily KPI values"
                     : "weekly values: the KPI over the week's summed bucket; "
                       "weeks are 7 days from the start date, the last may "
                       "be shorter");
    for (size_t s = 0; s < t->n_ser; s++) {
        fprintf(f, "# columns %zu-%zu: %s%s:", col, col + Q_N - 1, kpis[s],
                percent[s] ? " (%)" : "");
        for (int j = 0; j < Q_N; j++)
            fprintf(f, " %s", q_name[j]);
        fprintf(f, "\n");
        col += Q_N;
    }
}

/* --- gnuplot text ---------------------------------------------------- */

/*
 * A single-quoted gnuplot string: no backslash escapes and, unlike
 * double quotes, no `command` substitution; a quote is doubled.
 */
static void
gp_str(FILE *g, const char *s)
{
    fputc('\'', g);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '\'')
            fputs("''", g);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', g);
        else
            fputc(c, g);
    }
    fputc('\'', g);
}

/* The column of summary j of series s (1-based, gnuplot's numbering). */
static size_t
col(size_t s, enum q j)
{
    return 3 + s * Q_N + (size_t)j;
}

/*
 * Date tics for [first, last]: over two months, month boundaries as tick
 * marks and month labels in the middle of each month ("Apr 2023" on the
 * first and on each January, "May" otherwise; thinned to at most 13
 * labels); otherwise a labelled tick every 7 days from the first day.
 * labels 0 keeps the marks and drops the labels (the upper panel of a
 * two-panel chart).
 */
static void
gp_xtics(FILE *g, int32_t first, int32_t last, int labels)
{
    static const int32_t steps[] = {1, 2, 3, 4, 6, 12};
    int32_t m0 = cal_month_index(first), m1 = cal_month_index(last);
    int32_t n = m1 - m0 + 1, step = 1;
    int sep = 0, year = 0;
    char a[11], text[32];

    fprintf(g, "set xtics (");
    if (last - first < 62) {
        for (int32_t d = first; d <= last; d += 7) {
            int y = cal_year(d), m = cal_month(d);
            int dom = (int)(d - cal_from_ymd(y, m, 1) + 1);

            cal_format(d, a);
            if (!labels)
                text[0] = '\0';
            else if (y != year)
                snprintf(text, sizeof(text), "%d %s %d", dom, mon_abbr[m - 1],
                         y);
            else
                snprintf(text, sizeof(text), "%d %s", dom, mon_abbr[m - 1]);
            year = y;
            fprintf(g, "%s'%s' '%s' 0", sep ? ", " : "", text, a);
            sep = 1;
        }
        fprintf(g, ")\nset xtics scale 1, 1 nomirror out\n");
        return;
    }
    for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
        step = steps[i];
        if (n / step <= 13)
            break;
    }
    if (n / step > 13)
        step = (n / 13 / 12 + 1) * 12;
    for (int32_t m = m0; m <= m1 + 1; m++) {
        int y = 1970 + m / 12, mo = m % 12 + 1;
        int32_t start = cal_from_ymd(y, mo, 1);
        int32_t end = mo == 12 ? cal_from_ymd(y + 1, 1, 1) - 1
                               : cal_from_ymd(y, mo + 1, 1) - 1;
        int32_t vis0 = start > first ? start : first;
        int32_t vis1 = end < last ? end : last;
        /* Every step-th month from the first; Januaries past a year. */
        int on = step < 12 ? (m - m0) % step == 0
                           : mo == 1 && (y - 1970) % (step / 12) == 0;

        /* The boundary mark at the start of the month. */
        if (start >= first && start <= last + 1 && (n <= 48 || on)) {
            cal_format(start, a);
            fprintf(g, "%s'' '%s' 1", sep ? ", " : "", a);
            sep = 1;
        }
        /* The label, if enough of the month is shown. */
        if (labels && m <= m1 && on &&
            vis1 - vis0 + 1 >= (step == 1 ? 10 : 1)) {
            cal_format(vis0 + (vis1 - vis0 + 1) / 2, a);
            if (y != year)
                snprintf(text, sizeof(text), "%s %d", mon_abbr[mo - 1], y);
            else
                snprintf(text, sizeof(text), "%s", mon_abbr[mo - 1]);
            year = y;
            fprintf(g, "%s'%s' '%s' 0", sep ? ", " : "", text, a);
            sep = 1;
        }
    }
    fprintf(g, ")\nset xtics scale 0, 1.2 nomirror out\n");
}

/*
 * The x label: what a period is, and a warning when the last week is
 * short (its value is a rate over fewer days, so it is noisier).
 */
static void
gp_xlabel(FILE *g, int daily, int32_t first, size_t n_days, int one_start)
{
    char d[32], e[32];

    date_long(first, d, sizeof(d));
    date_long(first + (int32_t)n_days - 1, e, sizeof(e));
    if (daily) {
        fprintf(g, "set xlabel 'day (%s to %s)'\n", d, e);
    } else if (!one_start) {
        fprintf(g, "set xlabel 'week (7-day periods from each scenario''s "
                   "start date)'\n");
    } else if (n_days % 7) {
        fprintf(g,
                "set xlabel 'week (7-day periods from %s %s; the last, to "
                "%s, has %zu day%s)'\n",
                day_abbr[cal_weekday(first)], d, e, n_days % 7,
                n_days % 7 > 1 ? "s" : "");
    } else {
        fprintf(g, "set xlabel 'week (7-day periods from %s %s)'\n",
                day_abbr[cal_weekday(first)], d);
    }
}

/* The opening of every script: what it is, the shared look and x axis. */
static void
gp_head(FILE *g, const char *name, const char *title, int32_t first,
        int32_t last)
{
    char a[11], b[11];

    cal_format(first, a);
    cal_format(last + 1, b);
    fprintf(g,
            "# uecsim chart %s: %s.\n"
            "# Data: %s.dat (its header lists the columns).  Restyle here\n"
            "# and rerun `gnuplot %s.gp`, which draws %s.png and %s.svg.\n"
            "set encoding utf8\n"
            "set xdata time\n"
            "set timefmt '%%Y-%%m-%%d'\n"
            "# x: the start of a period (column 1) and its middle (column 2 "
            "is days).\n"
            "t0(c) = timecolumn(1, '%%Y-%%m-%%d')\n"
            "mid(c) = t0(0) + column(2) * 43200\n"
            "set xrange ['%s':'%s']\n"
            "set border 3 lw 1.2\n"
            "set ytics nomirror\n"
            "set grid ytics mxtics lt 1 lc rgb '#e3e3e3' lw 1\n"
            "set lmargin at screen %.3f\n"
            "set rmargin at screen %.3f\n"
            "set style textbox opaque fc rgb 'white' noborder margins 8, 6\n",
            name, title, name, name, name, name, a, b, PAGE_L, PAGE_R);
}

/* The legend's size: entries, and the longest label in characters. */
struct keyfit {
    size_t n, longest;
};

static void
key_add(struct keyfit *k, const char *label, const char *suffix)
{
    size_t len = strlen(label) + (suffix ? strlen(suffix) : 0);

    k->n++;
    if (len > k->longest)
        k->longest = len;
}

/*
 * The legend, under the x axis, sample first, in as few rows as the page
 * width allows.  gnuplot sizes a legend column from its own estimate of
 * text width: about 11.5 pixels a character in the PNG, more than the
 * text takes (about 9.2), so a negative width gives the excess back; the
 * SVG's estimate is about right, so it gets a small positive width (set
 * per terminal by gp_terminal_open).  Returns where the plot area must
 * end above the legend (screen fraction) and the PNG's width in *width.
 */
static double
gp_key(FILE *g, const struct keyfit *k, int *width)
{
    double pitch, top, excess;
    size_t cols, rows;

    *width = 1 - (int)(k->longest / 6);
    pitch = ((double)k->longest + 4.5 + *width) * 11.5;
    cols = (size_t)(1240 / pitch);
    if (cols < 1)
        cols = 1;
    if (cols > k->n)
        cols = k->n;
    rows = k->n ? (k->n + cols - 1) / cols : 1;
    top = KEY_BOTTOM + (double)rows * KEY_ROW;
    /* Centre the text, not the columns' trailing room. */
    excess = pitch - ((double)k->longest * 9.2 + 60);
    fprintf(g,
            "set key at screen %.3f, screen %.3f center top vertical "
            "maxrows %zu reverse Left samplen 4 spacing 1.1\n",
            0.5 + (excess > 0 ? excess / 2 / 1280 : 0), top, rows);
    return top + AXIS_H;
}

static void
gp_footnote(FILE *g, const char *footnote)
{
    fprintf(g, "set label 100 ");
    gp_str(g, footnote);
    fprintf(g, " at screen 0.01, screen %.3f left font ',9' tc rgb '#555555'\n",
            FOOT_Y);
}

/*
 * The y axis: label, range, tics and their format.  lo_show below y->lo
 * lifts lines at zero off the x axis.
 */
static void
gp_yaxis(FILE *g, const char *ylabel, int percent, const struct yaxis *y,
         double lo_show)
{
    fprintf(g, "set ylabel ");
    gp_str(g, ylabel);
    fprintf(g, "\nset yrange [%g:%g]\nset ytics %g, %g\n", lo_show, y->hi,
            y->lo, y->step);
    if (percent)
        fprintf(g, "set format y '%%.0f%%%%'\n");
    else
        fprintf(g, "set format y '%%g'\n");
}

/*
 * Open the loop that draws the chart twice, PNG then SVG; key_width is
 * the PNG legend's column width adjustment (see gp_key).  The SVG's fonts
 * are scaled so that text has the same size relative to the page.
 */
static void
gp_terminal_open(FILE *g, const char *name, int key_width)
{
    fprintf(g,
            "do for [fmt in 'png svg'] {\n"
            "if (fmt eq 'png') {\n"
            "    set terminal pngcairo noenhanced size 1280,720 "
            "font 'DejaVu Sans,13'\n"
            "    set key width %d\n"
            "} else {\n"
            "    set terminal svg noenhanced size 1280,720 "
            "font 'DejaVu Sans,13' fontscale 1.333 background rgb 'white'\n"
            "    set key width 2\n"
            "}\n"
            "set output '%s.'.fmt\n",
            key_width, name);
}

static void
gp_terminal_close(FILE *g)
{
    fprintf(g, "set output\n}\n");
}

/* --- y ranges --------------------------------------------------------- */

static double
nice_step(double span, int intervals)
{
    double raw = span / intervals, mag, f;

    if (!(raw > 0))
        return 1;
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    if (f <= 1)
        return mag;
    if (f <= 2)
        return 2 * mag;
    if (f <= 5)
        return 5 * mag;
    return 10 * mag;
}

/*
 * A y axis around the data [lo, hi] with a margin, on round numbers, with
 * about intervals tic intervals.  Counts, times and stacks start at zero;
 * shares stop at 100%.  hi < lo means no data.
 */
static void
y_range(double lo, double hi, int zero, int percent, int intervals,
        struct yaxis *y)
{
    double span, pad;

    if (!(hi >= lo)) {
        y->lo = 0;
        y->hi = percent ? 100 : 1;
        y->step = percent ? 20 : 0.2;
        return;
    }
    if (zero && lo > 0)
        lo = 0;
    span = hi - lo;
    if (span <= 0)
        span = fabs(hi) > 0 ? fabs(hi) * 0.2 : 1;
    pad = span * 0.06;
    y->step = nice_step(span + 2 * pad, intervals);
    y->lo = zero && lo >= 0 ? 0 : floor((lo - pad) / y->step) * y->step;
    y->hi = ceil((hi + pad) / y->step) * y->step;
    if (percent && y->lo < 0 && lo >= 0)
        y->lo = 0;
    if (percent && hi <= 100 && y->hi > 100)
        y->hi = 100;
}

/* What a panel draws of series s, for its y range. */
static void
panel_extent(const struct panel *pn, const struct table *t, size_t s0,
             double *lo, double *hi, int *any)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    *any = 0;
    for (size_t p = 0; p < t->n_per; p++) {
        double cum = 0;

        for (size_t s = 0; s < pn->n; s++) {
            const double *c = cell(t, p, s0 + s);
            double a, b;

            switch (pn->style) {
            case ST_FAN:
                a = c[Q_P05];
                b = c[Q_P95];
                break;
            case ST_BAND:
                a = c[Q_P25];
                b = c[Q_P75];
                break;
            case ST_LINES:
                a = b = c[Q_P50];
                break;
            default:
                cum += isfinite(c[Q_MEAN]) ? c[Q_MEAN] : 0;
                a = 0;
                b = cum;
                break;
            }
            if (isfinite(c[Q_P50]) || isfinite(c[Q_MEAN]))
                *any = 1;
            if (isfinite(a) && a < *lo)
                *lo = a;
            if (isfinite(b) && b > *hi)
                *hi = b;
        }
    }
    if (isfinite(pn->target)) {
        if (pn->target < *lo)
            *lo = pn->target;
        if (pn->target > *hi)
            *hi = pn->target;
    }
}

/* --- one run's charts -------------------------------------------------- */

/* "(column(3)+column(9))": the stack of series s0..s0+n-1's means. */
static void
gp_stack(FILE *g, size_t s0, size_t n)
{
    fputc('(', g);
    if (n == 0)
        fputc('0', g);
    for (size_t s = 0; s < n; s++)
        fprintf(g, "%scolumn(%zu)", s ? "+" : "", col(s0 + s, Q_MEAN));
    fputc(')', g);
}

/* Whether series s's median is zero in every period. */
static int
all_zero(const struct table *t, size_t s)
{
    for (size_t p = 0; p < t->n_per; p++)
        if (!(fabs(cell(t, p, s)[Q_P50]) < 0.005))
            return 0;
    return 1;
}

/*
 * The plot command of panel i of chart c, whose series start at s0 in
 * the .dat.  A one-panel chart titles its own lines; a two-panel chart
 * draws its legend once, from keyentry lines in the last panel.
 */
static void
gp_plot_panel(FILE *g, const struct chart *c, size_t i, const struct table *t,
              size_t s0, uint32_t reps)
{
    const struct panel *pn = &c->p[i];
    int titles = c->np == 1, sep = 0;
    char median[64], dat[160];

    snprintf(median, sizeof(median), "median of %u replications", reps);
    snprintf(dat, sizeof(dat), "%s.dat", c->name);
    fprintf(g, "plot ");
    for (size_t s = 0; s < pn->n; s++) {
        const struct series *se = &pn->s[s];
        size_t k = s0 + s;
        const char *lbl = se->label ? se->label : median;
        const char *more = sep ? ", \\\n     " : "";

        switch (pn->style) {
        case ST_FAN:
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb '#c6dbef' fs solid 1 title '5th-95th percentile', "
                    "\\\n     '' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb '#6baed6' fs solid 1 title '25th-75th percentile', "
                    "\\\n     '' using (mid(0)):%zu with lines lw 2 "
                    "lc rgb '#08306b' title ",
                    more, dat, col(k, Q_P05), col(k, Q_P95), col(k, Q_P25),
                    col(k, Q_P75), col(k, Q_P50));
            gp_str(g, lbl);
            break;
        case ST_BAND:
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb '%s' fs transparent solid %.2f noborder %s, \\\n"
                    "     '' using (mid(0)):%zu with lines lw 2.5 "
                    "lc rgb '%s' ",
                    more, dat, col(k, Q_P25), col(k, Q_P75), se->colour,
                    BAND_ALPHA,
                    titles ? "title '25th-75th percentile'" : "notitle",
                    col(k, Q_P50), se->colour);
            if (titles) {
                fprintf(g, "title ");
                gp_str(g, lbl);
            } else {
                fprintf(g, "notitle");
            }
            break;
        case ST_LINES:
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu with lines lw 2.5 "
                    "lc rgb '%s' title '%s%s'",
                    more, dat, col(k, Q_P50), se->colour, lbl,
                    all_zero(t, k) ? NONE_SUFFIX : "");
            break;
        case ST_AREA:
        case ST_BARS:
            fprintf(g, "%s'%s' using (mid(0)):", more, dat);
            if (pn->style == ST_BARS)
                fprintf(g, "(0):(t0(0) + column(2) * 86400 * 0.06):"
                           "(t0(0) + column(2) * 86400 * 0.94):");
            gp_stack(g, s0, s);
            fputc(':', g);
            gp_stack(g, s0, s + 1);
            if (pn->style == ST_BARS)
                fprintf(g,
                        " with boxxyerror fc rgb '%s' fs solid 1 noborder "
                        "title ",
                        se->colour);
            else
                fprintf(g, " with filledcurves fc rgb '%s' fs solid 0.9 title ",
                        se->colour);
            gp_str(g, lbl);
            break;
        }
        sep = 1;
    }
    if (isfinite(pn->target)) {
        fprintf(g, ", \\\n     %g with lines " TARGET_LOOK " ", pn->target);
        if (titles) {
            fprintf(g, "title ");
            gp_str(g, pn->target_label);
        } else {
            fprintf(g, "notitle");
        }
    }
    if (!titles && i + 1 == c->np) {
        fprintf(
            g,
            ", \\\n     keyentry with lines lw 2.5 lc rgb '%s' title "
            "'%s', \\\n     keyentry with filledcurves fc rgb '%s' "
            "fs transparent solid %.2f noborder title '25th-75th percentile'",
            BLUE, median, BLUE, BAND_ALPHA);
        for (size_t j = 0; j < c->np; j++) {
            if (!isfinite(c->p[j].target))
                continue;
            fprintf(g, ", \\\n     keyentry with lines " TARGET_LOOK " title ");
            gp_str(g, c->p[j].target_label);
        }
    }
    fprintf(g, "\n");
}

/* A label in the middle of the plot area, on a white box. */
static void
gp_note(FILE *g, const char *text)
{
    fprintf(g, "unset label 101\n");
    if (!text)
        return;
    fprintf(g, "set label 101 ");
    gp_str(g, text);
    fprintf(g, " at graph 0.5, graph 0.5 center front boxed font ',15' "
               "tc rgb '#333333'\n");
}

/*
 * Whether the OPEL chart needs a note: the scenario has no escalation
 * block, or it has one that never left level 1.  NULL when it escalated.
 */
static const char *
opel_note(const struct run *r, const struct table *t, size_t s_level1)
{
    if (!r->scn->escalation.enabled)
        return "no escalation rules in this scenario: OPEL 1 throughout";
    for (size_t p = 0; p < t->n_per; p++)
        if (!(cell(t, p, s_level1)[Q_MEAN] >= 100 - 1e-9))
            return NULL;
    return "escalation rules never triggered: OPEL 1 throughout";
}

/* The title of a chart, or of a two-panel chart's page. */
static void
gp_title(FILE *g, const char *title, int multi)
{
    fprintf(g, multi ? "set multiplot title " : "set title ");
    gp_str(g, title);
    fprintf(g, " font ',18'\n");
}

static int
write_dat(const char *dir, const char *name, const char *title,
          const struct table *t, uint32_t reps, const char *const *kpis,
          const int *percent, char *err, size_t err_len)
{
    FILE *f = open_in(dir, name, "dat", err, err_len);

    if (!f)
        return 1;
    dat_header(f, title, t, reps, kpis, percent);
    dat_rows(f, t);
    return close_checked(f, dir, name, "dat", err, err_len);
}

/* The entries gp_plot_panel puts in chart c's legend. */
static void
chart_keyfit(const struct chart *c, const struct table *t, struct keyfit *k)
{
    static const char median[] = "median of 1000 replications";
    size_t s0 = 0;

    memset(k, 0, sizeof(*k));
    if (c->np > 1) {
        key_add(k, median, NULL);
        key_add(k, "25th-75th percentile", NULL);
    }
    for (size_t i = 0; i < c->np; i++) {
        const struct panel *pn = &c->p[i];

        if (isfinite(pn->target))
            key_add(k, pn->target_label, NULL);
        if (c->np > 1)
            continue;
        if (pn->style == ST_FAN)
            key_add(k, "5th-95th percentile", NULL);
        if (pn->style == ST_FAN || pn->style == ST_BAND)
            key_add(k, "25th-75th percentile", NULL);
        for (size_t s = 0; s < pn->n; s++)
            key_add(k, pn->s[s].label ? pn->s[s].label : median,
                    pn->style == ST_LINES && all_zero(t, s0 + s) ? NONE_SUFFIX
                                                                 : NULL);
        s0 += pn->n;
    }
}

static void
chart_gp(FILE *g, const struct run *r, const struct chart *c,
         const struct table *t, const char *footnote)
{
    int32_t last = r->scn->start_day + (int32_t)t->n_days - 1;
    struct keyfit k;
    double bottom, h;
    size_t s0 = 0;
    int kw;

    gp_head(g, c->name, c->title, r->scn->start_day, last);
    chart_keyfit(c, t, &k);
    bottom = gp_key(g, &k, &kw);
    h = (PAGE_T_MULTI - bottom - PANEL_GAP) / 2;
    gp_terminal_open(g, c->name, kw);
    gp_title(g, c->title, c->np > 1);
    for (size_t i = 0; i < c->np; i++) {
        const struct panel *pn = &c->p[i];
        double lo, hi, top, show;
        struct yaxis y;
        int any, lastp = i + 1 == c->np;
        const char *note = NULL;

        panel_extent(pn, t, s0, &lo, &hi, &any);
        if (!any) {
            /* The default axis, not one round the target. */
            lo = INFINITY;
            hi = -INFINITY;
        }
        y_range(lo, hi, !pn->percent || pn->style >= ST_AREA, pn->percent,
                c->np > 1 ? 4 : 6, &y);
        if (pn->style == ST_BARS) {
            y.lo = 0;
            y.hi = 100;
            y.step = 20;
        }
        /* Lines at zero would hide in the x axis: lift them off it. */
        show = pn->style == ST_LINES ? y.lo - (y.hi - y.lo) * 0.015 : y.lo;
        if (!any)
            note = pn->empty ? pn->empty : "no data for this period";
        else if (strcmp(c->name, "opel_share") == 0)
            note = opel_note(r, t, s0);
        if (c->np > 1) {
            top = PAGE_T_MULTI - (double)i * (h + PANEL_GAP);
            fprintf(g, "# panel %zu\nset title ", i + 1);
            gp_str(g, pn->title);
            fprintf(g, " font ',14'\n");
            fprintf(g,
                    "set tmargin at screen %.3f\nset bmargin at screen "
                    "%.3f\n",
                    top, top - h);
        } else {
            fprintf(g,
                    "set tmargin at screen %.3f\nset bmargin at screen "
                    "%.3f\n",
                    PAGE_T, bottom);
        }
        gp_xtics(g, r->scn->start_day, last, lastp);
        if (lastp)
            gp_xlabel(g, c->daily, r->scn->start_day, t->n_days, 1);
        else
            fprintf(g, "set xlabel ''\n");
        gp_yaxis(g, pn->ylabel, pn->percent, &y, show);
        gp_note(g, note);
        if (lastp) {
            fprintf(g, "set key on\n");
            gp_footnote(g, footnote);
        } else {
            fprintf(g, "unset key\nunset label 100\n");
        }
        gp_plot_panel(g, c, i, t, s0, r->replications);
        s0 += pn->n;
    }
    if (c->np > 1)
        fprintf(g, "unset multiplot\n");
    gp_terminal_close(g);
}

static int
chart_write(const struct run *r, const struct chart *c, const char *dir,
            const char *footnote, char *err, size_t err_len)
{
    const char *kpis[2 * MAX_SERIES];
    double scale[2 * MAX_SERIES];
    int percent[2 * MAX_SERIES];
    size_t n = 0;
    struct table t;
    FILE *g;
    int rc;

    for (size_t i = 0; i < c->np; i++)
        for (size_t s = 0; s < c->p[i].n; s++) {
            kpis[n] = c->p[i].s[s].kpi;
            percent[n] = c->p[i].percent;
            scale[n++] = c->p[i].percent ? 100 : 1;
        }
    rc = table_fill(&t, r, c->daily, kpis, scale, n, err, err_len);
    if (!rc)
        rc = write_dat(dir, c->name, c->title, &t, r->replications, kpis,
                       percent, err, err_len);
    if (!rc) {
        g = open_in(dir, c->name, "gp", err, err_len);
        if (!g) {
            rc = 1;
        } else {
            chart_gp(g, r, c, &t, footnote);
            rc = close_checked(g, dir, c->name, "gp", err, err_len);
        }
    }
    table_release(&t);
    return rc;
}

/* --- gnuplot ----------------------------------------------------------- */

/* The last non-empty line of text, copied into out. */
static void
last_line(const char *text, char *out, size_t len)
{
    const char *end = text + strlen(text), *start;

    while (end > text && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    start = end;
    while (start > text && start[-1] != '\n')
        start--;
    while (start < end && *start == ' ')
        start++;
    snprintf(out, len, "%.*s", (int)(end - start), start);
}

int
plot_gnuplot(const char *dir, const char *script, char *err, size_t err_len)
{
    int fd[2], status;
    pid_t pid;
    char text[4096], line[512];
    size_t got = 0;

    if (pipe(fd) != 0) {
        snprintf(err, err_len, "cannot start gnuplot: %s", strerror(errno));
        return 1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        snprintf(err, err_len, "cannot start gnuplot: %s", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return 1;
    }
    if (pid == 0) {
        char *const argv[] = {(char *)"gnuplot", (char *)script, NULL};

        /* Only async-signal-safe calls until exec. */
        close(fd[0]);
        dup2(fd[1], STDOUT_FILENO);
        dup2(fd[1], STDERR_FILENO);
        if (fd[1] > STDERR_FILENO)
            close(fd[1]);
        resdir_child_signals();
        if (chdir(dir) != 0)
            _exit(126);
        execvp("gnuplot", argv);
        _exit(127);
    }
    close(fd[1]);
    /* gnuplot's messages: keep the first 4 KB, drain the rest. */
    for (;;) {
        char buf[1024];
        ssize_t k = read(fd[0], buf, sizeof(buf));

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        for (ssize_t i = 0; i < k && got + 1 < sizeof(text); i++)
            text[got++] = buf[i];
    }
    text[got] = '\0';
    close(fd[0]);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, err_len, "waiting for gnuplot: %s", strerror(errno));
            return 1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        snprintf(err, err_len,
                 "gnuplot not found (install gnuplot-nox, or run with "
                 "--no-plots)");
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 126) {
        snprintf(err, err_len, "gnuplot: cannot enter %s", dir);
        return 1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        last_line(text, line, sizeof(line));
        snprintf(err, err_len, "gnuplot failed on %s/%s%s%s", dir, script,
                 line[0] ? ": " : "", line);
        return 1;
    }
    return 0;
}

static int
render(const char *dir, const char *name, char *err, size_t err_len)
{
    char script[256];

    if (snprintf(script, sizeof(script), "%s.gp", name) >=
        (int)sizeof(script)) {
        snprintf(err, err_len, "internal: chart name too long");
        return 1;
    }
    if (plot_gnuplot(dir, script, err, err_len))
        return 1;
    return resdir_check_plot(dir, name, err, err_len);
}

int
plot_all(const struct run *r, const char *dir, const char *footnote, char *err,
         size_t err_len)
{
    int rc = 0;

    assert(r && r->replications > 0 && r->rep);
    for (size_t i = 0; i < ARRAY_LEN(charts) && !rc; i++) {
        rc = chart_write(r, &charts[i], dir, footnote, err, err_len);
        if (!rc)
            rc = render(dir, charts[i].name, err, err_len);
    }
    return rc;
}

/* --- comparison -------------------------------------------------------- */

/* A .dat text field: one line, whatever the scenario name holds. */
static void
dat_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
}

static void
compare_gp(FILE *g, const struct table *t, const char *const *names, size_t n,
           const struct cmp_spec *c, const char *name, const char *footnote)
{
    double lo = INFINITY, hi = -INFINITY;
    int32_t first = t[0].first_day, last = first;
    int same_start = 1, any = 0;
    struct yaxis y;
    struct keyfit k;
    double bottom, alpha = 0.3 / sqrt((double)n);
    int kw;

    for (size_t i = 0; i < n; i++) {
        int32_t l = t[i].first_day + (int32_t)t[i].n_days - 1;

        first = t[i].first_day < first ? t[i].first_day : first;
        last = l > last ? l : last;
        same_start &=
            t[i].first_day == t[0].first_day && t[i].n_days == t[0].n_days;
        for (size_t p = 0; p < t[i].n_per; p++) {
            const double *v = cell(&t[i], p, 0);

            any |= isfinite(v[Q_P50]);
            if (isfinite(v[Q_P25]) && v[Q_P25] < lo)
                lo = v[Q_P25];
            if (isfinite(v[Q_P75]) && v[Q_P75] > hi)
                hi = v[Q_P75];
        }
    }
    if (any && isfinite(c->target)) {
        lo = c->target < lo ? c->target : lo;
        hi = c->target > hi ? c->target : hi;
    }
    y_range(lo, hi, !c->percent, c->percent, 6, &y);
    memset(&k, 0, sizeof(k));
    for (size_t i = 0; i < n; i++)
        key_add(&k, names[i], NULL);
    key_add(&k, "25th-75th percentile (shaded)", NULL);
    if (isfinite(c->target))
        key_add(&k, c->target_label, NULL);
    gp_head(g, name, c->title, first, last);
    bottom = gp_key(g, &k, &kw);
    gp_terminal_open(g, name, kw);
    gp_title(g, c->title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T, bottom);
    gp_xtics(g, first, last, 1);
    gp_xlabel(g, 0, first, t[0].n_days, same_start);
    gp_yaxis(g, c->ylabel, c->percent, &y, y.lo);
    gp_note(g, any ? NULL : "no data for these scenarios");
    gp_footnote(g, footnote);
    fprintf(g, "plot ");
    /*
     * Bands first, so that no band hides another scenario's line; fainter
     * as they get more, so that where they all overlap it is not opaque.
     */
    for (size_t i = 0; i < n; i++)
        fprintf(g,
                "%s'%s.dat' index %zu using (mid(0)):%zu:%zu with "
                "filledcurves fc rgb '%s' fs transparent solid %.2f noborder "
                "notitle",
                i ? ", \\\n     " : "", name, i, col(0, Q_P25), col(0, Q_P75),
                cmp_colour[i % ARRAY_LEN(cmp_colour)], alpha);
    /*
     * The base's line is wider and drawn first: where a scenario matches
     * it (common random numbers), the base still shows round the edges.
     */
    for (size_t i = 0; i < n; i++) {
        fprintf(g,
                ", \\\n     '%s.dat' index %zu using (mid(0)):%zu with lines "
                "lw %.1f lc rgb '%s' dt %zu title ",
                name, i, col(0, Q_P50), i ? 2.5 : 5.0,
                cmp_colour[i % ARRAY_LEN(cmp_colour)],
                i / ARRAY_LEN(cmp_colour) + 1);
        gp_str(g, names[i]);
    }
    fprintf(g,
            ", \\\n     keyentry with filledcurves fc rgb '#888888' fs "
            "transparent solid %.2f noborder title '25th-75th percentile "
            "(shaded)'",
            alpha);
    if (isfinite(c->target)) {
        fprintf(g, ", \\\n     %g with lines " TARGET_LOOK " title ",
                c->target);
        gp_str(g, c->target_label);
    }
    fprintf(g, "\n");
    gp_terminal_close(g);
}

static int
compare_write(const struct run *const *runs, const char *const *names, size_t n,
              const struct cmp_spec *c, const char *dir, const char *footnote,
              char *err, size_t err_len)
{
    struct table *t = xcalloc(n, sizeof(*t));
    double scale = c->percent ? 100 : 1;
    int rc = 0, percent = c->percent;
    char name[128];
    FILE *f = NULL;

    snprintf(name, sizeof(name), "compare_%s", c->kpi);
    for (size_t i = 0; i < n && !rc; i++)
        rc = table_fill(&t[i], runs[i], 0, &c->kpi, &scale, 1, err, err_len);
    if (!rc) {
        f = open_in(dir, name, "dat", err, err_len);
        rc = !f;
    }
    if (!rc) {
        /* One block a scenario, two blank lines apart (gnuplot index). */
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "%s# block %zu (gnuplot index %zu): scenario ",
                    i ? "\n\n" : "", i, i);
            dat_text(f, names[i]);
            fprintf(f, "%s\n", i ? "" : " (base)");
            dat_header(f, c->title, &t[i], runs[i]->replications, &c->kpi,
                       &percent);
            dat_rows(f, &t[i]);
        }
        rc = close_checked(f, dir, name, "dat", err, err_len);
    }
    if (!rc) {
        f = open_in(dir, name, "gp", err, err_len);
        rc = !f;
    }
    if (!rc) {
        compare_gp(f, t, names, n, c, name, footnote);
        rc = close_checked(f, dir, name, "gp", err, err_len);
    }
    if (!rc)
        rc = render(dir, name, err, err_len);
    for (size_t i = 0; i < n; i++)
        table_release(&t[i]);
    free(t);
    return rc;
}

int
plot_compare(const struct run *const *runs, const char *const *names, size_t n,
             const char *dir, const char *footnote, char *err, size_t err_len)
{
    int rc = 0;

    assert(runs && names && n > 0);
    for (size_t i = 0; i < n; i++)
        assert(runs[i]->replications > 0 && runs[i]->rep);
    for (size_t i = 0; i < ARRAY_LEN(cmps) && !rc; i++)
        rc = compare_write(runs, names, n, &cmps[i], dir, footnote, err,
                           err_len);
    return rc;
}

/* --- sweeps and size searches ------------------------------------------ */

/*
 * How a KPI is drawn against a varied key.  Each point is the KPI over
 * the whole period, summarised across replications (mean and Student-t
 * 95 % interval, include/stats.h).
 */
struct look {
    const char *kpi;
    const char *title;  /* in chart titles */
    const char *ylabel; /* with the unit */
    int percent;        /* a share: drawn x100 with % tics */
    double target;      /* in drawn units; NAN: none */
    const char *target_label;
    const char *empty; /* said when the KPI is undefined at every point */
};

/* The headline KPIs, each a sweep chart; also the looks of size charts. */
static const struct look looks[] = {
    {"ga_occupancy", "G&A bed occupancy",
     "occupied G&A beds / open G&A beds (%)", 1, 92, "national target 92%",
     NULL},
    {"ed_4h_performance", "ED four-hour performance",
     "ED departures within 4 hours of arrival (%)", 1, 76,
     "national target 76%", NULL},
    {"nctr_mean", "Patients with no criteria to reside",
     "patients in G&A beds with no criteria to reside", 0, 258, "plan 258",
     NULL},
    {"vw_occupancy", "Virtual-ward occupancy",
     "occupied / open virtual-ward beds (%)", 1, 80, "national target 80%",
     "no data: no virtual-ward beds open at any value"},
    {"handover_mean_min", "Ambulance handover time",
     "mean ambulance handover time (minutes)", 0, 15,
     "national standard 15 minutes",
     "no data: no ambulance handovers at any value"},
    {"elective_cancellations_per_day", "Elective cancellations",
     "elective admissions cancelled per day", 0, NAN, NULL, NULL},
};

#define ANSWER_GREEN "#009e73"
#define MISS_ORANGE  "#d55e00"

/* Whether a KPI is a share (a fraction of 1, drawn as %), by its name. */
static int
kpi_is_share(const char *name)
{
    static const char *const ends[] = {"_occupancy", "_performance"};
    size_t len = strlen(name);

    if (strstr(name, "_share"))
        return 1;
    for (size_t i = 0; i < ARRAY_LEN(ends); i++) {
        size_t e = strlen(ends[i]);

        if (len >= e && strcmp(name + len - e, ends[i]) == 0)
            return 1;
    }
    return 0;
}

/*
 * How KPI k is drawn: its headline look, or one made from the KPI table
 * (the y label then goes into buf).
 */
static void
look_for(int k, struct look *out, char *buf, size_t len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert(k >= 0 && (size_t)k < n);
    for (size_t i = 0; i < ARRAY_LEN(looks); i++) {
        if (strcmp(looks[i].kpi, tab[k].name) == 0) {
            *out = looks[i];
            return;
        }
    }
    memset(out, 0, sizeof(*out));
    out->kpi = tab[k].name;
    out->title = tab[k].label;
    out->percent = kpi_is_share(tab[k].name);
    snprintf(buf, len, "%s%s", tab[k].label, out->percent ? " (%)" : "");
    out->ylabel = buf;
    out->target = NAN;
}

/* A .dat number in drawn units; NaN where undefined (gnuplot skips it). */
static void
dat_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.6f", v);
    else
        fprintf(f, " NaN");
}

/* The x range: the values with a margin, so end points stay clear. */
static void
x_range(double lo, double hi, double *a, double *b)
{
    double pad = (hi - lo) * 0.04;

    if (!(pad > 0))
        pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
    *a = lo - pad;
    *b = hi + pad;
}

/*
 * The opening of a sweep or size script: what it is, the shared look and
 * a numeric x axis labelled with the key path.  title and key come from
 * users: comments get them on one line, gnuplot as single-quoted strings.
 */
static void
xy_head(FILE *g, const char *name, const char *title, const char *key,
        double xlo, double xhi)
{
    fprintf(g, "# uecsim chart %s: ", name);
    dat_text(g, title);
    fprintf(g,
            ".\n"
            "# Data: %s.dat (its header lists the columns).  Restyle here\n"
            "# and rerun `gnuplot %s.gp`, which draws %s.png and %s.svg.\n"
            "set encoding utf8\n"
            "set xrange [%.10g:%.10g]\n"
            "set border 3 lw 1.2\n"
            "set xtics nomirror out\n"
            "set ytics nomirror\n"
            "set format x '%%g'\n"
            "set grid xtics ytics lt 1 lc rgb '#e3e3e3' lw 1\n"
            "set lmargin at screen %.3f\n"
            "set rmargin at screen %.3f\n"
            "set style textbox opaque fc rgb 'white' noborder margins 8, 6\n"
            "set xlabel ",
            name, name, name, name, xlo, xhi, PAGE_L, PAGE_R);
    gp_str(g, key);
    fprintf(g, "\n");
}

/*
 * The y axis of n rows of drawn values, stride apart, each row's first
 * the mean (NaN skipped), and the target.
 */
static int
xy_yaxis(FILE *g, const double *v, size_t n, size_t stride,
         const struct look *lk, double target, struct yaxis *y)
{
    double lo = INFINITY, hi = -INFINITY, lo_mean = INFINITY;
    double hi_mean = -INFINITY;
    int any = 0;

    for (size_t i = 0; i < n * stride; i++) {
        if (!isfinite(v[i]))
            continue;
        any = 1;
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
        if (i % stride == 0) {
            lo_mean = v[i] < lo_mean ? v[i] : lo_mean;
            hi_mean = v[i] > hi_mean ? v[i] : hi_mean;
        }
    }
    /*
     * A t interval round a mean near zero (or, for a share, near 100%)
     * can reach past it, where no value can be; the axis stops there and
     * clips the interval.
     */
    if (lo < 0 && lo_mean >= 0)
        lo = 0;
    if (lk->percent && hi > 100 && hi_mean <= 100)
        hi = 100;
    if (any && isfinite(target)) {
        lo = target < lo ? target : lo;
        hi = target > hi ? target : hi;
    }
    y_range(lo, hi, !lk->percent, lk->percent, 6, y);
    /* Values at zero would hide in the x axis: lift them off it. */
    gp_yaxis(g, lk->ylabel, lk->percent, y, y->lo - (y->hi - y->lo) * 0.015);
    return any;
}

/* The look's drawn value of summary field v. */
static double
drawn(const struct look *lk, double v)
{
    return lk->percent ? 100 * v : v;
}

/*
 * One sweep chart: the .dat has one block a value of the second key (one
 * block with one key), rows x, mean, CI low, CI high, n.
 */
static int
sweep_dat(const struct sweep *sw, int k, const struct look *lk, const char *dir,
          const char *name, const char *title, char *err, size_t err_len)
{
    size_t n1 = sw->vary[0].n, n2 = sw->n_keys > 1 ? sw->vary[1].n : 1;
    FILE *f = open_in(dir, name, "dat", err, err_len);

    if (!f)
        return 1;
    fprintf(f, "# uecsim: ");
    dat_text(f, title);
    fprintf(f, "\n# scenario ");
    dat_text(f, sw->name);
    fprintf(f,
            "; one row a value; each point summarises %u replications of "
            "the whole period\n"
            "# (common random numbers across points).\n"
            "# column 1: ",
            sw->replications);
    dat_text(f, sw->vary[0].key);
    fprintf(f,
            "; column 2: mean of %s%s; columns 3-4: its 95%% confidence "
            "interval (Student t); column 5: replications where it is "
            "defined\n",
            lk->kpi, lk->percent ? " (%)" : "");
    for (size_t j = 0; j < n2; j++) {
        fprintf(f, "%s# block %zu (gnuplot index %zu)", j ? "\n\n" : "", j, j);
        if (sw->n_keys > 1) {
            fprintf(f, ": ");
            dat_text(f, sw->vary[1].key);
            fprintf(f, " = %.10g", sw->point[j * n1].x[1]);
        }
        fprintf(f, "\n");
        for (size_t i = 0; i < n1; i++) {
            const struct sweep_point *p = &sw->point[j * n1 + i];
            const struct summary *sm = &p->kpi[k];

            fprintf(f, "%.10g", p->x[0]);
            dat_num(f, drawn(lk, sm->mean));
            dat_num(f, drawn(lk, sm->ci95_low));
            dat_num(f, drawn(lk, sm->ci95_high));
            fprintf(f, " %zu\n", sm->n);
        }
    }
    return close_checked(f, dir, name, "dat", err, err_len);
}

/*
 * When the KPI is undefined at some points but not all, where: a gap in
 * the line would otherwise look like a fault.  Said under the title.
 */
static void
sweep_gaps(FILE *g, const struct sweep *sw, int k)
{
    /* Fits: a key is under 128 bytes, and at most 4 values are listed. */
    char text[320];
    size_t n = 0, shown = 0;
    int len;

    for (size_t i = 0; i < sw->n_points; i++)
        n += !isfinite(sw->point[i].kpi[k].mean);
    if (n == 0 || n == sw->n_points)
        return;
    if (sw->n_keys > 1) {
        snprintf(text, sizeof(text),
                 "no value at %zu of %zu points: the KPI is undefined there", n,
                 sw->n_points);
    } else {
        len = snprintf(text, sizeof(text), "no value at %s =", sw->vary[0].key);
        for (size_t i = 0; i < sw->n_points && shown < 4; i++) {
            if (isfinite(sw->point[i].kpi[k].mean))
                continue;
            len += snprintf(text + len, sizeof(text) - (size_t)len, "%s %.10g",
                            shown++ ? "," : "", sw->point[i].x[0]);
        }
        if (n > shown)
            len += snprintf(text + len, sizeof(text) - (size_t)len,
                            " and %zu more", n - shown);
        snprintf(text + len, sizeof(text) - (size_t)len,
                 ": the KPI is undefined there");
    }
    fprintf(g, "set title offset 0, 0.6\nset label 102 ");
    gp_str(g, text);
    fprintf(g, " at graph 0.5, graph 1 center offset 0, 0.8 front "
               "font ',12' tc rgb '#555555'\n");
}

/* "virtual_wards.beds = 200": a legend entry of a two-key sweep. */
static void
key_value(char *buf, size_t len, const char *key, double v)
{
    snprintf(buf, len, "%s = %.10g", key, v);
}

static void
sweep_gp(FILE *g, const struct sweep *sw, int k, const struct look *lk,
         const char *name, const char *title, const char *footnote)
{
    size_t n1 = sw->vary[0].n, n2 = sw->n_keys > 1 ? sw->vary[1].n : 1;
    double *v = xmalloc((3 * sw->n_points + 1) * sizeof(double));
    double xlo, xhi, bottom;
    char mean[96], entry[192];
    struct keyfit kf;
    struct yaxis y;
    int any, kw;

    for (size_t i = 0; i < sw->n_points; i++) {
        const struct summary *sm = &sw->point[i].kpi[k];

        v[3 * i] = drawn(lk, sm->mean);
        v[3 * i + 1] = drawn(lk, sm->ci95_low);
        v[3 * i + 2] = drawn(lk, sm->ci95_high);
    }
    snprintf(mean, sizeof(mean), "mean of %u replications, whole period",
             sw->replications);
    x_range(sw->point[0].x[0], sw->point[n1 - 1].x[0], &xlo, &xhi);
    memset(&kf, 0, sizeof(kf));
    if (n2 > 1) {
        for (size_t j = 0; j < n2; j++) {
            key_value(entry, sizeof(entry), sw->vary[1].key,
                      sw->point[j * n1].x[1]);
            key_add(&kf, entry, NULL);
        }
        key_add(&kf,
                n1 > 1 ? "95% confidence interval of the mean (shaded)"
                       : "95% confidence interval of the mean",
                NULL);
    } else {
        key_add(&kf, mean, NULL);
        key_add(&kf, "95% confidence interval of the mean", NULL);
    }
    if (isfinite(lk->target))
        key_add(&kf, lk->target_label, NULL);
    xy_head(g, name, title, sw->vary[0].key, xlo, xhi);
    /* The swept values as tics, when they are few enough to read. */
    if (n1 <= 15) {
        fprintf(g, "set xtics (");
        for (size_t i = 0; i < n1; i++)
            fprintf(g, "%s%.10g", i ? ", " : "", sw->point[i].x[0]);
        fprintf(g, ")\n");
    }
    bottom = gp_key(g, &kf, &kw);
    gp_terminal_open(g, name, kw);
    gp_title(g, title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T, bottom);
    any = xy_yaxis(g, v, sw->n_points, 3, lk, lk->target, &y);
    gp_note(g, any         ? NULL
               : lk->empty ? lk->empty
                           : "no data: the KPI is undefined at every value");
    sweep_gaps(g, sw, k);
    fprintf(g, "set key on\n");
    gp_footnote(g, footnote);
    fprintf(g, "plot ");
    /* Bands first, so that no band hides another series' line. */
    for (size_t j = 0; j < n2; j++) {
        const char *c = n2 > 1 ? cmp_colour[j % ARRAY_LEN(cmp_colour)] : BLUE;

        fprintf(g,
                "%s'%s.dat' index %zu using 1:3:4 with filledcurves "
                "fc rgb '%s' fs transparent solid %.2f noborder ",
                j ? ", \\\n     " : "", name, j, c,
                n2 > 1 ? BAND_ALPHA * 0.8 : BAND_ALPHA);
        if (n2 > 1 || n1 < 2)
            fprintf(g, "notitle");
        else
            fprintf(g, "title '95%% confidence interval of the mean'");
    }
    for (size_t j = 0; j < n2; j++) {
        const char *c = n2 > 1 ? cmp_colour[j % ARRAY_LEN(cmp_colour)] : BLUE;
        /*
         * Earlier series are wider, with larger points: where values of
         * the second key give the same result (common random numbers),
         * the lines nest instead of hiding one another.
         */
        double wide = n2 > 1 ? (double)(n2 - 1 - j) / (double)(n2 - 1) : 0;

        /* One value of the key: the band is a point, so draw bars. */
        if (n1 < 2)
            fprintf(g,
                    ", \\\n     '%s.dat' index %zu using 1:2:3:4 with "
                    "yerrorbars lw 2 pt 7 ps 0 lc rgb '%s' %s",
                    name, j, c,
                    j || n2 > 1 ? "notitle"
                                : "title '95% confidence interval of the "
                                  "mean'");
        fprintf(g,
                ", \\\n     '%s.dat' index %zu using 1:2 with linespoints "
                "lw %.2f pt 7 ps %.2f lc rgb '%s' dt %zu title ",
                name, j, 2.5 + 3 * wide, 1.3 + 1.2 * wide, c,
                j / ARRAY_LEN(cmp_colour) + 1);
        if (n2 > 1) {
            key_value(entry, sizeof(entry), sw->vary[1].key,
                      sw->point[j * n1].x[1]);
            gp_str(g, entry);
        } else {
            gp_str(g, mean);
        }
    }
    if (n2 > 1 && n1 > 1)
        fprintf(g,
                ", \\\n     keyentry with filledcurves fc rgb '#888888' fs "
                "transparent solid %.2f noborder title '95%% confidence "
                "interval of the mean (shaded)'",
                BAND_ALPHA);
    else if (n2 > 1)
        fprintf(g, ", \\\n     keyentry with yerrorbars lw 2 pt 7 ps 0 lc "
                   "rgb '#888888' title '95%% confidence interval of the "
                   "mean'");
    if (isfinite(lk->target)) {
        fprintf(g, ", \\\n     %g with lines " TARGET_LOOK " title ",
                lk->target);
        gp_str(g, lk->target_label);
    }
    fprintf(g, "\n");
    gp_terminal_close(g);
    free(v);
}

static int
sweep_write(const struct sweep *sw, const struct look *lk, const char *dir,
            const char *footnote, char *err, size_t err_len)
{
    int k = kpi_find(lk->kpi), rc;
    char name[128], title[512];
    FILE *g;

    if (k < 0) {
        snprintf(err, err_len, "internal: no KPI %s", lk->kpi);
        return 1;
    }
    snprintf(name, sizeof(name), "sweep_%s", lk->kpi);
    if (sw->n_keys > 1)
        snprintf(title, sizeof(title), "%s against %s, by %s", lk->title,
                 sw->vary[0].key, sw->vary[1].key);
    else
        snprintf(title, sizeof(title), "%s against %s", lk->title,
                 sw->vary[0].key);
    rc = sweep_dat(sw, k, lk, dir, name, title, err, err_len);
    if (rc)
        return rc;
    g = open_in(dir, name, "gp", err, err_len);
    if (!g)
        return 1;
    sweep_gp(g, sw, k, lk, name, title, footnote);
    rc = close_checked(g, dir, name, "gp", err, err_len);
    if (!rc)
        rc = render(dir, name, err, err_len);
    return rc;
}

int
plot_sweep(const struct sweep *sw, const char *dir, const char *footnote,
           char *err, size_t err_len)
{
    int rc = 0;

    assert(sw && sw->n_keys >= 1 && sw->n_keys <= SWEEP_MAX_KEYS);
    assert(sw->vary[0].n >= 1 && sw->point);
    assert(sw->n_points ==
           sw->vary[0].n * (sw->n_keys > 1 ? sw->vary[1].n : 1));
    for (size_t i = 0; i < ARRAY_LEN(looks) && !rc; i++)
        rc = sweep_write(sw, &looks[i], dir, footnote, err, err_len);
    return rc;
}

/* An evaluated point of a size search, for sorting by value. */
struct size_row {
    double x;
    size_t i; /* index in sw->point */
};

static int
size_row_cmp(const void *a, const void *b)
{
    const struct size_row *p = a, *q = b;

    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* "target ≤ 80%" in drawn units. */
static void
target_label(char *buf, size_t len, const struct target *t,
             const struct look *lk)
{
    snprintf(buf, len, "target %s %.10g%s", t->at_most ? "\u2264" : "\u2265",
             drawn(lk, t->value), lk->percent ? "%" : "");
}

/*
 * The .dat of a size chart: one row a value, sorted, with x, mean, CI
 * low, CI high, the one-sided bound, whether the bound meets this target,
 * whether every target holds, and n.
 */
static int
size_dat(const struct sweep *sw, const struct target *t, size_t n_targets,
         size_t ti, double conf, const struct size_row *rows,
         const struct look *lk, const char *dir, const char *name,
         const char *title, char *err, size_t err_len)
{
    const struct target *tt = &t[ti];
    FILE *f = open_in(dir, name, "dat", err, err_len);

    if (!f)
        return 1;
    fprintf(f, "# uecsim: ");
    dat_text(f, title);
    fprintf(f, "\n# scenario ");
    dat_text(f, sw->name);
    fprintf(f, "; target ");
    dat_text(f, tt->text);
    fprintf(f,
            " at %g%% one-sided confidence.\n"
            "# One row a value evaluated by the search, sorted; each "
            "summarises %u replications of the whole period.\n"
            "# column 1: ",
            100 * conf, sw->replications);
    dat_text(f, sw->vary[0].key);
    fprintf(f,
            "; column 2: mean of %s%s; columns 3-4: its 95%% confidence "
            "interval;\n"
            "# column 5: its one-sided %g%% %s bound; column 6: 1 if that "
            "bound meets the target;\n"
            "# column 7: 1 if every target holds; column 8: replications "
            "where it is defined\n",
            lk->kpi, lk->percent ? " (%)" : "", 100 * conf,
            tt->at_most ? "upper" : "lower");
    for (size_t r = 0; r < sw->n_points; r++) {
        const struct sweep_point *p = &sw->point[rows[r].i];
        const struct summary *sm = &p->kpi[tt->kpi];

        fprintf(f, "%.10g", p->x[0]);
        dat_num(f, drawn(lk, sm->mean));
        dat_num(f, drawn(lk, sm->ci95_low));
        dat_num(f, drawn(lk, sm->ci95_high));
        dat_num(f, drawn(lk, sweep_bound(sm, tt->at_most, conf)));
        fprintf(f, " %d %d %zu\n", sweep_holds(p, tt, 1, conf),
                sweep_holds(p, t, n_targets, conf), sm->n);
    }
    return close_checked(f, dir, name, "dat", err, err_len);
}

static void
size_gp(FILE *g, const struct sweep *sw, const struct target *t,
        size_t n_targets, size_t ti, double conf, int answer,
        const struct look *lk, const char *name, const char *title,
        const char *footnote)
{
    const struct target *tt = &t[ti];
    const struct vary *va = &sw->vary[0];
    double *v = xmalloc((4 * sw->n_points + 1) * sizeof(double));
    double xlo, xhi, half, bottom, target = drawn(lk, tt->value);
    char mean[96], bound[2][96], tl[64], note[160];
    const char *side = tt->at_most ? "upper" : "lower";
    size_t n_meet = 0;
    struct keyfit kf;
    struct yaxis y;
    int any, kw;

    for (size_t i = 0; i < sw->n_points; i++) {
        const struct summary *sm = &sw->point[i].kpi[tt->kpi];

        v[4 * i] = drawn(lk, sm->mean);
        v[4 * i + 1] = drawn(lk, sm->ci95_low);
        v[4 * i + 2] = drawn(lk, sm->ci95_high);
        v[4 * i + 3] = drawn(lk, sweep_bound(sm, tt->at_most, conf));
        n_meet += (size_t)sweep_holds(&sw->point[i], tt, 1, conf);
    }
    snprintf(mean, sizeof(mean),
             "mean and 95%% confidence interval (%u "
             "replications)",
             sw->replications);
    snprintf(bound[0], sizeof(bound[0]),
             "%s %g%% confidence bound: meets "
             "the target",
             side, 100 * conf);
    snprintf(bound[1], sizeof(bound[1]),
             "%s %g%% confidence bound: misses "
             "the target",
             side, 100 * conf);
    target_label(tl, sizeof(tl), tt, lk);
    x_range(va->from, va->to, &xlo, &xhi);
    half = (xhi - xlo) * 0.011; /* of a bound's bar: 25 pixels wide */
    memset(&kf, 0, sizeof(kf));
    key_add(&kf, mean, NULL);
    if (n_meet > 0)
        key_add(&kf, bound[0], NULL);
    if (n_meet < sw->n_points)
        key_add(&kf, bound[1], NULL);
    key_add(&kf, tl, NULL);
    xy_head(g, name, title, va->key, xlo, xhi);
    fprintf(g, "# The target as given: ");
    dat_text(g, tt->text);
    fprintf(g, "\n");
    bottom = gp_key(g, &kf, &kw);
    gp_terminal_open(g, name, kw);
    gp_title(g, title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T_MULTI, bottom);
    /* The title higher, clear of the answer or the note below it. */
    fprintf(g, "set title offset 0, 1.1\n");
    any = xy_yaxis(g, v, sw->n_points, 4, lk, target, &y);
    gp_note(g, any         ? NULL
               : lk->empty ? lk->empty
                           : "no data: the KPI is undefined at every value");
    /*
     * The answer as a vertical line with its value on top, above the
     * plot area, where it hides no data; or, with none, why, across the
     * top.
     */
    fprintf(g, "unset arrow 1\nunset label 102\n");
    if (answer >= 0) {
        double ax = sw->point[answer].x[0];
        /* Centred on the line, but kept inside the page at the right. */
        int right = (ax - xlo) / (xhi - xlo) > 0.92;

        fprintf(g,
                "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead "
                "lw 2.5 dt 3 lc rgb '%s' back\n"
                "set label 102 'answer: %.10g' at %.10g, graph 1 %s "
                "offset %s, 0.9 front font ',14' tc rgb '%s'\n",
                ax, ax, ANSWER_GREEN, ax, ax, right ? "right" : "center",
                right ? "0.5" : "0", ANSWER_GREEN);
    } else {
        snprintf(note, sizeof(note), "no value in %.10g..%.10g meets %s",
                 va->from, va->to,
                 n_targets > 1 ? "every target" : "the target");
        fprintf(g, "set label 102 ");
        gp_str(g, note);
        fprintf(g, " at graph 0.5, graph 1 center offset 0, 0.9 front "
                   "font ',14' tc rgb '" MISS_ORANGE "'\n");
    }
    fprintf(g, "set key on\n");
    gp_footnote(g, footnote);
    /*
     * The means joined by a faint line, to show the trend (nothing was
     * evaluated between the points).  Each bound is a short thick bar
     * over its mean, which it is often close to: a marker there would
     * hide the mean or hide under it.
     */
    fprintf(g,
            "plot '%s.dat' using 1:2 with lines lw 1.2 lc rgb '#9ecae1' "
            "notitle, \\\n     '' using 1:2:3:4 with yerrorbars lw 2 pt 7 "
            "ps 1.3 lc rgb '%s' title ",
            name, BLUE);
    gp_str(g, mean);
    for (int meets = 1; meets >= 0; meets--) {
        if (meets ? n_meet == 0 : n_meet == sw->n_points)
            continue;
        fprintf(g,
                ", \\\n     '' using ($1 - %.10g):(column(6) == %d ? $5 : "
                "NaN):(%.10g):(0) with vectors nohead lw 4.5 lc rgb '%s' "
                "title ",
                half, meets, 2 * half, meets ? ANSWER_GREEN : MISS_ORANGE);
        gp_str(g, bound[!meets]);
    }
    fprintf(g, ", \\\n     %.10g with lines " TARGET_LOOK " title ", target);
    gp_str(g, tl);
    fprintf(g, "\n");
    gp_terminal_close(g);
    free(v);
}

static int
size_write(const struct sweep *sw, const struct target *t, size_t n_targets,
           size_t ti, double conf, int answer, const struct size_row *rows,
           const char *dir, const char *footnote, char *err, size_t err_len)
{
    size_t n_tab, same = 0;
    const struct kpi_def *tab = kpi_table(&n_tab);
    char name[128], title[512], ylabel[192];
    struct look lk;
    FILE *g;
    int rc;

    if (t[ti].kpi < 0 || (size_t)t[ti].kpi >= n_tab) {
        snprintf(err, err_len, "internal: no KPI %d", t[ti].kpi);
        return 1;
    }
    look_for(t[ti].kpi, &lk, ylabel, sizeof(ylabel));
    /* A second target on the same KPI gets its own chart, numbered. */
    for (size_t i = 0; i < ti; i++)
        same += t[i].kpi == t[ti].kpi;
    if (same)
        snprintf(name, sizeof(name), "size_%s_%zu", tab[t[ti].kpi].name,
                 same + 1);
    else
        snprintf(name, sizeof(name), "size_%s", tab[t[ti].kpi].name);
    snprintf(title, sizeof(title), "Sizing %s: %s", sw->vary[0].key, lk.title);
    rc = size_dat(sw, t, n_targets, ti, conf, rows, &lk, dir, name, title, err,
                  err_len);
    if (rc)
        return rc;
    g = open_in(dir, name, "gp", err, err_len);
    if (!g)
        return 1;
    size_gp(g, sw, t, n_targets, ti, conf, answer, &lk, name, title, footnote);
    rc = close_checked(g, dir, name, "gp", err, err_len);
    if (!rc)
        rc = render(dir, name, err, err_len);
    return rc;
}

int
plot_size(const struct sweep *sw, const struct target *t, size_t n_targets,
          double conf, int answer, const char *dir, const char *footnote,
          char *err, size_t err_len)
{
    struct size_row *rows;
    int rc = 0;

    assert(sw && sw->n_keys == 1 && sw->n_points > 0 && sw->point);
    assert(answer < (int)sw->n_points && conf > 0 && conf < 1);
    rows = xmalloc(sw->n_points * sizeof(*rows));
    for (size_t i = 0; i < sw->n_points; i++) {
        rows[i].x = sw->point[i].x[0];
        rows[i].i = i;
    }
    qsort(rows, sw->n_points, sizeof(*rows), size_row_cmp);
    for (size_t i = 0; i < n_targets && !rc; i++)
        rc = size_write(sw, t, n_targets, i, conf, answer, rows, dir, footnote,
                        err, err_len);
    free(rows);
    return rc;
}
