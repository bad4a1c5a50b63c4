/*
 * plot: what every chart shares: period tables, .dat and gnuplot text,
 * the style file, target lines, plot sets, and the gnuplot runner (fork
 * and exec, no shell).
 */
#include "plot.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "plot_int.h"
#include "resdir.h"
#include "util.h"

static const char *const q_name[Q_N] = {"mean", "p05", "p25",
                                        "p50",  "p75", "p95"};

static const char *const mon_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};

static const char *const day_abbr[7] = {"Mon", "Tue", "Wed", "Thu",
                                        "Fri", "Sat", "Sun"};

/* --- tables ------------------------------------------------------------------
 */

void
plot_table_release(struct table *t)
{
    free(t->v);
    t->v = NULL;
}

int32_t
plot_period_start(const struct table *t, size_t p)
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

const double *
plot_cell(const struct table *t, size_t p, size_t s)
{
    return t->v + (p * t->n_ser + s) * Q_N;
}

int
plot_table_fill(struct table *t, const struct results *r, size_t b, int daily,
                const size_t *kpi, const double *scale, size_t n_ser, char *err,
                size_t err_len)
{
    size_t pos[2 * MAX_SERIES]; /* a two-panel chart's series */

    assert(n_ser <= 2 * MAX_SERIES && r->n_reps > 0);
    memset(t, 0, sizeof(*t));
    for (size_t s = 0; s < n_ser && daily; s++) {
        pos[s] = r->n_daily;
        for (size_t j = 0; j < r->n_daily; j++)
            if (r->daily_kpi[j] == kpi[s])
                pos[s] = j;
        if (pos[s] == r->n_daily) {
            snprintf(err, err_len, "internal: KPI %zu is not a daily KPI",
                     kpi[s]);
            return -1;
        }
    }
    t->first_day = r->start_day;
    t->n_days = r->n_days;
    t->daily = daily;
    t->n_per = daily ? r->n_days : r->n_weeks;
    /*
     * A last part-week is a rate over a few days, often a weekend or a
     * bank holiday: drawn beside whole weeks it reads as a jump.  It is
     * left out (and the x label says so) unless it is all there is.
     */
    if (!daily && t->n_per > 1 && r->n_days % 7) {
        t->n_per--;
        t->part_days = r->n_days % 7;
    }
    t->n_ser = n_ser;
    t->v = xmalloc((t->n_per * n_ser * Q_N + 1) * sizeof(double));
    for (size_t p = 0; p < t->n_per; p++) {
        for (size_t s = 0; s < n_ser; s++) {
            double *v = t->v + (p * n_ser + s) * Q_N;
            struct spread sp;

            if (daily)
                results_day_in(r, b, p, pos[s], &sp);
            else
                results_week_in(r, b, p, kpi[s], &sp);
            v[Q_MEAN] = sp.mean * scale[s];
            for (int j = 0; j < STATS_NQ; j++)
                v[Q_P05 + j] = sp.q[j] * scale[s];
        }
    }
    return 0;
}

/* --- .dat files ------------------------------------------------------------
 */

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
void
plot_dat_rows(FILE *f, const struct table *t)
{
    for (size_t p = 0; p < t->n_per; p++) {
        char date[11];

        cal_format(plot_period_start(t, p), date);
        fprintf(f, "%s %zu", date, period_days(t, p));
        for (size_t s = 0; s < t->n_ser; s++) {
            const double *c = plot_cell(t, p, s);

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
void
plot_dat_header(FILE *f, const char *title, const struct table *t,
                uint32_t reps, const char *const *kpis, const int *percent)
{
    size_t column = 3;

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
        fprintf(f, "# columns %zu-%zu: %s%s:", column, column + Q_N - 1,
                kpis[s], percent[s] ? " (%)" : "");
        for (int j = 0; j < Q_N; j++)
            fprintf(f, " %s", q_name[j]);
        fprintf(f, "\n");
        column += Q_N;
    }
}

/* A .dat text field: one line, whatever the scenario name holds. */
void
plot_dat_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
}

/* A .dat number in drawn units; NaN where undefined (gnuplot skips it). */
void
plot_dat_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.6f", v);
    else
        fprintf(f, " NaN");
}

/* --- files
 * -------------------------------------------------------------------- */

int
plot_open(struct wfile *w, const char *dir, const char *name, const char *ext,
          char *err, size_t err_len)
{
    char file[160];

    if (snprintf(file, sizeof(file), "%s.%s", name, ext) >= (int)sizeof(file)) {
        snprintf(err, err_len, "internal: chart name %s too long", name);
        return -1;
    }
    if (wfile_open(w, dir, file) == 0)
        return 0;
    wfile_close(w, err, err_len);
    return -1;
}

int
plot_close(struct wfile *w, char *err, size_t err_len)
{
    return wfile_close(w, err, err_len);
}

void
plot_set_add(struct plot_set *ps, const char *name)
{
    ps->name = xrealloc(ps->name, (ps->n + 1) * sizeof(*ps->name));
    snprintf(ps->name[ps->n++], sizeof(*ps->name), "%s", name);
}

void
plot_set_release(struct plot_set *ps)
{
    free(ps->name);
    ps->name = NULL;
    ps->n = 0;
}

/*
 * The look every chart loads: page, fonts, the terminals and colours.
 * Chart scripts name these variables; they hold no colour or font of
 * their own.  Macros (@name) expand where gnuplot reads a command.
 */
static const char style_text[] =
    "# uecsim chart style, loaded by every chart script in this folder\n"
    "# (load 'style.gp').  Change a colour, a font or the page here and\n"
    "# rerun the scripts (`make plots`, or `gnuplot NAME.gp`).\n"
    "set encoding utf8\n"
    "png_terminal = \"pngcairo noenhanced size 1280,720 "
    "font 'DejaVu Sans,13'\"\n"
    "# The SVG's fonts are scaled so text has the PNG's size on the page.\n"
    "svg_terminal = \"svg noenhanced size 1280,720 font 'DejaVu Sans,13' "
    "fontscale 1.333 background rgb 'white'\"\n"
    "set border 3 lw 1.2\n"
    "set ytics nomirror\n"
    "set lmargin at screen 0.085\n"
    "set rmargin at screen 0.975\n"
    "set style textbox opaque fc rgb 'white' noborder margins 8, 6\n"
    "grid_colour = '#e3e3e3'\n"
    "note_colour = '#333333'\n"
    "foot_colour = '#555555'\n"
    "# One series, and the fan of a daily chart.\n"
    "blue = '#08519c'\n"
    "fan_outer = '#c6dbef'  # 5th-95th percentile\n"
    "fan_inner = '#6baed6'  # 25th-75th percentile\n"
    "fan_line = '#08306b'   # median\n"
    "grey = '#888888'       # legend samples of several series' bands\n"
    "band_alpha = 0.25\n"
    "# Every colour below is colour-blind safe: Okabe and Ito's palette\n"
    "# (https://jfly.uni-koeln.de/color/), and viridis for the ordered\n"
    "# OPEL levels; lines also differ by dash, so they read in grey too.\n"
    "# National standards, and the scenario's local plan targets.\n"
    "target_look = \"dt 2 lw 2.5 lc rgb '#d55e00'\"\n"
    "plan_look = \"dt 4 lw 2.5 lc rgb '#000000'\"\n"
    "# Scenarios, or values of a second key: Okabe-Ito.\n"
    "palette = '#0072b2 #e69f00 #009e73 #cc79a7 #56b4e9 #000000 #d55e00'\n"
    "# Differences between scenarios: zero, and the minimum important\n"
    "# difference either side.\n"
    "zero_look = \"dt 1 lw 1.5 lc rgb '#000000'\"\n"
    "mid_look = \"dt 3 lw 2 lc rgb '#666666'\"\n"
    "# Size searches: the trend of the means, the answer, and bounds that\n"
    "# miss the target.\n"
    "trend = '#9ecae1'\n"
    "answer_green = '#009e73'\n"
    "miss_orange = '#d55e00'\n"
    "# Series of the run charts.\n"
    "nctr_process = '#56b4e9'\n"
    "nctr_awaiting = '#e69f00'\n"
    "pathway_1 = '#0072b2'\n"
    "pathway_2 = '#e69f00'\n"
    "pathway_3 = '#009e73'\n"
    "# OPEL 1 to 4: viridis, light to dark as pressure rises.\n"
    "opel_1 = '#fde725'\n"
    "opel_2 = '#35b779'\n"
    "opel_3 = '#31688e'\n"
    "opel_4 = '#440154'\n";

int
plot_style(const char *dir, char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "style.gp") == 0)
        wfile_printf(&w, "%s", style_text);
    return wfile_close(&w, err, err_len);
}

/* --- gnuplot text ------------------------------------------------------------
 */

/*
 * A single-quoted gnuplot string: no backslash escapes and, unlike
 * double quotes, no `command` substitution; a quote is doubled.
 */
void
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
size_t
gp_col(size_t s, enum q j)
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
void
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
void
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
    } else if (n_days < 7) {
        fprintf(g, "set xlabel 'one part-week of %zu day%s (%s to %s)'\n",
                n_days, n_days > 1 ? "s" : "", d, e);
    } else if (n_days % 7) {
        fprintf(g,
                "set xlabel 'week (7-day periods from %s %s; the last %zu "
                "day%s, to %s, not drawn: a part-week)'\n",
                day_abbr[cal_weekday(first)], d, n_days % 7,
                n_days % 7 > 1 ? "s" : "", e);
    } else {
        fprintf(g, "set xlabel 'week (7-day periods from %s %s)'\n",
                day_abbr[cal_weekday(first)], d);
    }
}

/*
 * The opening of every chart over dates: what it is, the shared style
 * (style.gp) and the date x axis.
 */
void
gp_head(FILE *g, const char *name, const char *title, int32_t first,
        int32_t last)
{
    char a[11], b[11];

    cal_format(first, a);
    cal_format(last + 1, b);
    fprintf(g, "# uecsim chart %s: ", name);
    plot_dat_text(g, title);
    fprintf(g,
            ".\n"
            "# Data: %s.dat (its header lists the columns).  Restyle here\n"
            "# or in style.gp (shared by every chart) and rerun\n"
            "# `gnuplot %s.gp`, which draws %s.png and %s.svg.\n"
            "load 'style.gp'\n"
            "set xdata time\n"
            "set timefmt '%%Y-%%m-%%d'\n"
            "# x: the start of a period (column 1) and its middle (column 2 "
            "is days).\n"
            "t0(c) = timecolumn(1, '%%Y-%%m-%%d')\n"
            "mid(c) = t0(0) + column(2) * 43200\n"
            "set xrange ['%s':'%s']\n"
            "set grid ytics mxtics lt 1 lc rgb grid_colour lw 1\n",
            name, name, name, name, a, b);
}

/* The x range: the values with a margin, so end points stay clear. */
void
plot_x_range(double lo, double hi, double *a, double *b)
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
void
gp_xy_head(FILE *g, const char *name, const char *title, const char *key,
           double xlo, double xhi)
{
    fprintf(g, "# uecsim chart %s: ", name);
    plot_dat_text(g, title);
    fprintf(g,
            ".\n"
            "# Data: %s.dat (its header lists the columns).  Restyle here\n"
            "# or in style.gp (shared by every chart) and rerun\n"
            "# `gnuplot %s.gp`, which draws %s.png and %s.svg.\n"
            "load 'style.gp'\n"
            "set xrange [%.10g:%.10g]\n"
            "set xtics nomirror out\n"
            "set format x '%%g'\n"
            "set grid xtics ytics lt 1 lc rgb grid_colour lw 1\n"
            "set xlabel ",
            name, name, name, name, xlo, xhi);
    gp_str(g, key);
    fprintf(g, "\n");
}

void
gp_key_add(struct keyfit *k, const char *label, const char *suffix)
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
double
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

/*
 * The footnote is one line across the page: about 180 characters fit at
 * 9 points in 1280 pixels, so a longer one (two long scenario titles)
 * gets a smaller font, down to 7 points (about 230 characters), rather
 * than running off the edge.
 */
void
gp_footnote(FILE *g, const char *footnote)
{
    size_t len = strlen(footnote);
    int pt = len <= 180 ? 9 : len <= 205 ? 8 : 7;

    fprintf(g, "set label 100 ");
    gp_str(g, footnote);
    fprintf(g,
            " at screen 0.01, screen %.3f left font ',%d' tc rgb "
            "foot_colour\n",
            FOOT_Y, pt);
}

/*
 * The y axis: label, range, tics and their format.  lo_show below y->lo
 * lifts lines at zero off the x axis.
 */
void
gp_yaxis(FILE *g, const char *ylabel, int percent, const struct yaxis *y,
         double lo_show)
{
    int dec = plot_tic_decimals(y->step);

    fprintf(g, "set ylabel ");
    gp_str(g, ylabel);
    fprintf(g, "\nset yrange [%g:%g]\nset ytics %g, %g\n", lo_show, y->hi,
            y->lo, y->step);
    /* As many decimals as the step needs, so no two tics read alike. */
    if (percent)
        fprintf(g, "set format y '%%.%df%%%%'\n", dec);
    else if (y->hi >= 1e5 || y->step < 1e-4)
        fprintf(g, "set format y '%%g'\n");
    else
        fprintf(g, "set format y '%%.%df'\n", dec);
}

/*
 * Open the loop that draws the chart twice, PNG then SVG; key_width is
 * the PNG legend's column width adjustment (see gp_key).  The SVG's fonts
 * are scaled so that text has the same size relative to the page.
 */
void
gp_terminal_open(FILE *g, const char *name, int key_width)
{
    fprintf(g,
            "do for [fmt in 'png svg'] {\n"
            "if (fmt eq 'png') {\n"
            "    set terminal @png_terminal\n"
            "    set key width %d\n"
            "} else {\n"
            "    set terminal @svg_terminal\n"
            "    set key width 2\n"
            "}\n"
            "set output '%s.'.fmt\n",
            key_width, name);
}

void
gp_terminal_close(FILE *g)
{
    fprintf(g, "set output\n}\n");
}

/* A label in the middle of the plot area, on a white box. */
void
gp_note(FILE *g, const char *text)
{
    fprintf(g, "unset label 101\n");
    if (!text)
        return;
    fprintf(g, "set label 101 ");
    gp_str(g, text);
    fprintf(g, " at graph 0.5, graph 0.5 center front boxed font ',15' "
               "tc rgb note_colour\n");
}

/* The title of a chart, or of a two-panel chart's page. */
void
gp_title(FILE *g, const char *title, int multi)
{
    fprintf(g, multi ? "set multiplot title " : "set title ");
    gp_str(g, title);
    fprintf(g, " font ',18'\n");
}

/* --- y ranges ----------------------------------------------------------------
 */

int
plot_tic_decimals(double step)
{
    int d = 0;

    /* Steps are 1, 2 or 5 times a power of ten. */
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
        d++;
    return d;
}

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
void
plot_y_range(double lo, double hi, int zero, int percent, int intervals,
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

/* --- lines a chart is read against -------------------------------------- */

/* A value in drawn units: x100 for a share, rounded off binary noise. */
static double
drawn_value(const struct kpi_def *k, double v)
{
    return k->share ? round(v * 100 * 1e9) / 1e9 : v;
}

size_t
plot_lines(const struct kpi_def *k, const struct scn_target *plan,
           size_t n_plan, struct plot_line *out, size_t cap)
{
    size_t n = 0;

    if (k->standard && n < cap) {
        struct plot_line *l = &out[n++];

        l->value = drawn_value(k, k->standard->value);
        l->plan = 0;
        if (k->share)
            snprintf(l->label, sizeof(l->label), "national %s %g%%",
                     k->standard->word, l->value);
        else
            snprintf(l->label, sizeof(l->label), "national %s %g %s",
                     k->standard->word, l->value, k->unit);
    }
    for (size_t i = 0; i < n_plan && n < cap; i++) {
        struct plot_line *l;

        if (!plan[i].kpi || strcmp(plan[i].kpi, k->name) != 0)
            continue;
        l = &out[n++];
        l->value = drawn_value(k, plan[i].value);
        l->plan = 1;
        if (plan[i].label)
            snprintf(l->label, sizeof(l->label), "%s", plan[i].label);
        else
            snprintf(l->label, sizeof(l->label), "plan %g%s", l->value,
                     k->share ? "%" : "");
    }
    return n;
}

void
gp_lines(FILE *g, const struct plot_line *l, size_t n, int titles)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(g, ", \\\n     %g with lines @%s ", l[i].value,
                l[i].plan ? "plan_look" : "target_look");
        if (titles) {
            fprintf(g, "title ");
            gp_str(g, l[i].label);
        } else {
            fprintf(g, "notitle");
        }
    }
}

/* --- gnuplot
 * -------------------------------------------------------------------- */

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
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        snprintf(err, err_len, "cannot start gnuplot: %s", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return -1;
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
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        snprintf(err, err_len,
                 "gnuplot not found (install gnuplot-nox, or run with "
                 "--no-plots)");
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 126) {
        snprintf(err, err_len, "gnuplot: cannot enter %s", dir);
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        last_line(text, line, sizeof(line));
        snprintf(err, err_len, "gnuplot failed on %s/%s%s%s", dir, script,
                 line[0] ? ": " : "", line);
        return -1;
    }
    return 0;
}

int
plot_render(const char *dir, const struct plot_set *ps, char *err,
            size_t err_len)
{
    for (size_t i = 0; i < ps->n; i++) {
        char script[128];
        int rc;

        snprintf(script, sizeof(script), "%s.gp", ps->name[i]);
        rc = plot_gnuplot(dir, script, err, err_len);
        /* gnuplot exits 0 on a full disk: check what it drew. */
        if (!rc && resdir_check_plot(dir, ps->name[i], err, err_len))
            rc = -1;
        if (rc)
            return rc;
    }
    return 0;
}
