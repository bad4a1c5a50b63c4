/*
 * plot_sweep: charts of a sweep (a KPI against the varied key, with its
 * confidence band) and of a size search (the evaluated values, their
 * one-sided bounds, the target and the answer).
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_int.h"
#include "util.h"

/*
 * The KPIs a sweep draws, one chart each, and what a chart says when the
 * KPI is undefined at every value.  Each point is the KPI over the whole
 * period, summarised across replications (mean and Student-t 95 %
 * interval, include/stats.h).
 */
static const struct {
    const char *kpi;
    const char *empty;
} sweep_charts[] = {
    {"ga_occupancy", NULL},
    {"ed_4h_performance", NULL},
    {"nctr_mean", NULL},
    {"vw_occupancy", "no data: no virtual-ward beds open at any value"},
    {"handover_mean_min", "no data: no ambulance handovers at any value"},
    {"elective_cancellations_per_day", NULL},
};

/* How a KPI is drawn against a key, from the KPI table and the plan. */
struct look {
    const char *kpi;   /* its name */
    const char *title; /* in chart titles */
    char ylabel[192];  /* with the unit */
    int percent;       /* a share: drawn x100 with % tics */
    const char *empty; /* said when the KPI is undefined at every point */
    struct plot_line line[PLOT_MAX_LINES];
    size_t n_lines;
};

/* The look of KPI k; with the sweep's plan targets, its lines. */
static void
look_for(int k, const struct sweep *sw, struct look *out)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    assert(k >= 0 && (size_t)k < n);
    memset(out, 0, sizeof(*out));
    out->kpi = tab[k].name;
    out->title = tab[k].short_label;
    out->percent = tab[k].share;
    kpi_axis_label(&tab[k], out->ylabel, sizeof(out->ylabel));
    for (size_t i = 0; i < ARRAY_LEN(sweep_charts); i++)
        if (strcmp(sweep_charts[i].kpi, tab[k].name) == 0)
            out->empty = sweep_charts[i].empty;
    out->n_lines =
        plot_lines(&tab[k], sw->plan, sw->n_plan, out->line, PLOT_MAX_LINES);
}

/*
 * The y axis of n rows of drawn values, stride apart, each row's first
 * the mean (NaN skipped), and the lines drawn across (mark[0..n_mark)).
 */
static int
xy_yaxis(FILE *g, const double *v, size_t n, size_t stride,
         const struct look *lk, const double *mark, size_t n_mark,
         struct yaxis *y)
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
    for (size_t i = 0; any && i < n_mark; i++) {
        lo = mark[i] < lo ? mark[i] : lo;
        hi = mark[i] > hi ? mark[i] : hi;
    }
    plot_y_range(lo, hi, !lk->percent, lk->percent, 6, y);
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
    struct wfile w;
    FILE *f;

    if (plot_open(&w, dir, name, "dat", err, err_len) != 0)
        return -1;
    f = w.f;
    fprintf(f, "# uecsim: ");
    plot_dat_text(f, title);
    fprintf(f, "\n# scenario ");
    plot_dat_text(f, sw->name);
    fprintf(f,
            "; one row a value; each point summarises %s%u replications of "
            "%s%s\n"
            "# (common random numbers across points).\n"
            "# column 1: ",
            sweep_up_to(sw), sw->replications,
            sw->period ? "the period " : "the whole run",
            sw->period ? sw->period : "");
    plot_dat_text(f, sw->vary[0].key);
    fprintf(f,
            "; column 2: mean of %s%s; columns 3-4: its 95%% confidence "
            "interval (Student t); column 5: replications where it is "
            "defined\n",
            lk->kpi, lk->percent ? " (%)" : "");
    for (size_t j = 0; j < n2; j++) {
        fprintf(f, "%s# block %zu (gnuplot index %zu)", j ? "\n\n" : "", j, j);
        if (sw->n_keys > 1) {
            fprintf(f, ": ");
            plot_dat_text(f, sw->vary[1].key);
            fprintf(f, " = %.10g", sw->point[j * n1].x[1]);
        }
        fprintf(f, "\n");
        for (size_t i = 0; i < n1; i++) {
            const struct sweep_point *p = &sw->point[j * n1 + i];
            const struct summary *sm = &p->kpi[k];

            fprintf(f, "%.10g", p->x[0]);
            plot_dat_num(f, drawn(lk, sm->mean));
            plot_dat_num(f, drawn(lk, sm->ci95_low));
            plot_dat_num(f, drawn(lk, sm->ci95_high));
            fprintf(f, " %zu\n", sm->n);
        }
    }
    return plot_close(&w, err, err_len);
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
               "font ',12' tc rgb foot_colour\n");
}

/* The colour of series j of n: blue alone, else the style's palette. */
static void
series_colour(char *buf, size_t len, size_t j, size_t n)
{
    if (n > 1)
        snprintf(buf, len, "word(palette, %zu)", j % N_PALETTE + 1);
    else
        snprintf(buf, len, "blue");
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
    double mark[PLOT_MAX_LINES];
    struct keyfit kf;
    struct yaxis y;
    int any, kw;

    for (size_t i = 0; i < sw->n_points; i++) {
        const struct summary *sm = &sw->point[i].kpi[k];

        v[3 * i] = drawn(lk, sm->mean);
        v[3 * i + 1] = drawn(lk, sm->ci95_low);
        v[3 * i + 2] = drawn(lk, sm->ci95_high);
    }
    snprintf(mean, sizeof(mean), "mean of %s%u replications, %s%s",
             sweep_up_to(sw), sw->replications,
             sw->period ? "period " : "whole run",
             sw->period ? sw->period : "");
    plot_x_range(sw->point[0].x[0], sw->point[n1 - 1].x[0], &xlo, &xhi);
    memset(&kf, 0, sizeof(kf));
    if (n2 > 1) {
        for (size_t j = 0; j < n2; j++) {
            key_value(entry, sizeof(entry), sw->vary[1].key,
                      sw->point[j * n1].x[1]);
            gp_key_add(&kf, entry, NULL);
        }
        gp_key_add(&kf,
                   n1 > 1 ? "95% confidence interval of the mean (shaded)"
                          : "95% confidence interval of the mean",
                   NULL);
    } else {
        gp_key_add(&kf, mean, NULL);
        gp_key_add(&kf, "95% confidence interval of the mean", NULL);
    }
    for (size_t i = 0; i < lk->n_lines; i++)
        gp_key_add(&kf, lk->line[i].label, NULL);
    gp_xy_head(g, name, title, sw->vary[0].key, xlo, xhi);
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
    for (size_t i = 0; i < lk->n_lines; i++)
        mark[i] = lk->line[i].value;
    any = xy_yaxis(g, v, sw->n_points, 3, lk, mark, lk->n_lines, &y);
    gp_note(g, any         ? NULL
               : lk->empty ? lk->empty
                           : "no data: the KPI is undefined at every value");
    sweep_gaps(g, sw, k);
    fprintf(g, "set key on\n");
    gp_footnote(g, footnote);
    fprintf(g, "plot ");
    /* Bands first, so that no band hides another series' line. */
    for (size_t j = 0; j < n2; j++) {
        char c[32];

        series_colour(c, sizeof(c), j, n2);
        fprintf(g,
                "%s'%s.dat' index %zu using 1:3:4 with filledcurves "
                "fc rgb %s fs transparent solid %s noborder ",
                j ? ", \\\n     " : "", name, j, c,
                n2 > 1 ? "band_alpha * 0.8" : "band_alpha");
        if (n2 > 1 || n1 < 2)
            fprintf(g, "notitle");
        else
            fprintf(g, "title '95%% confidence interval of the mean'");
    }
    for (size_t j = 0; j < n2; j++) {
        char c[32];
        /*
         * Earlier series are wider, with larger points: where values of
         * the second key give the same result (common random numbers),
         * the lines nest instead of hiding one another.
         */
        double wide = n2 > 1 ? (double)(n2 - 1 - j) / (double)(n2 - 1) : 0;

        series_colour(c, sizeof(c), j, n2);

        /* One value of the key: the band is a point, so draw bars. */
        if (n1 < 2)
            fprintf(g,
                    ", \\\n     '%s.dat' index %zu using 1:2:3:4 with "
                    "yerrorbars lw 2 pt 7 ps 0 lc rgb %s %s",
                    name, j, c,
                    j || n2 > 1 ? "notitle"
                                : "title '95% confidence interval of the "
                                  "mean'");
        fprintf(g,
                ", \\\n     '%s.dat' index %zu using 1:2 with linespoints "
                "lw %.2f pt 7 ps %.2f lc rgb %s dt %zu title ",
                name, j, 2.5 + 3 * wide, 1.3 + 1.2 * wide, c,
                j / N_PALETTE + 1);
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
                ", \\\n     keyentry with filledcurves fc rgb grey fs "
                "transparent solid band_alpha noborder title '95%% confidence "
                "interval of the mean (shaded)'");
    else if (n2 > 1)
        fprintf(g, ", \\\n     keyentry with yerrorbars lw 2 pt 7 ps 0 lc "
                   "rgb grey title '95%% confidence interval of the "
                   "mean'");
    gp_lines(g, lk->line, lk->n_lines, 1);
    fprintf(g, "\n");
    gp_terminal_close(g);
    free(v);
}

static int
sweep_write(const struct sweep *sw, int k, const char *dir,
            const char *footnote, struct plot_set *ps, char *err,
            size_t err_len)
{
    char name[128], title[512];
    struct look lk;
    struct wfile w;
    int rc;

    look_for(k, sw, &lk);
    snprintf(name, sizeof(name), "sweep_%s", lk.kpi);
    if (sw->n_keys > 1)
        snprintf(title, sizeof(title), "%s against %s, by %s", lk.title,
                 sw->vary[0].key, sw->vary[1].key);
    else
        snprintf(title, sizeof(title), "%s against %s", lk.title,
                 sw->vary[0].key);
    rc = sweep_dat(sw, k, &lk, dir, name, title, err, err_len);
    if (!rc)
        rc = plot_open(&w, dir, name, "gp", err, err_len);
    if (rc)
        return rc;
    sweep_gp(w.f, sw, k, &lk, name, title, footnote);
    rc = plot_close(&w, err, err_len);
    if (!rc)
        plot_set_add(ps, name);
    return rc;
}

int
plot_sweep_write(const struct sweep *sw, const char *dir, const char *footnote,
                 struct plot_set *ps, char *err, size_t err_len)
{
    int rc;

    assert(sw && sw->n_keys >= 1 && sw->n_keys <= SWEEP_MAX_KEYS);
    assert(sw->vary[0].n >= 1 && sw->point);
    assert(sw->n_points ==
           sw->vary[0].n * (sw->n_keys > 1 ? sw->vary[1].n : 1));
    rc = plot_style(dir, err, err_len);
    for (size_t i = 0; i < ARRAY_LEN(sweep_charts) && !rc; i++) {
        int k = kpi_find(sweep_charts[i].kpi);

        if (k < 0) {
            snprintf(err, err_len, "internal: no KPI %s", sweep_charts[i].kpi);
            return -1;
        }
        rc = sweep_write(sw, k, dir, footnote, ps, err, err_len);
    }
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
    struct wfile w;
    FILE *f;

    if (plot_open(&w, dir, name, "dat", err, err_len) != 0)
        return -1;
    f = w.f;
    fprintf(f, "# uecsim: ");
    plot_dat_text(f, title);
    fprintf(f, "\n# scenario ");
    plot_dat_text(f, sw->name);
    fprintf(f, "; target ");
    plot_dat_text(f, tt->text);
    fprintf(f,
            " at %g%% one-sided confidence.\n"
            "# One row a value evaluated by the search, sorted; each "
            "summarises %s%u replications of %s%s.\n"
            "# column 1: ",
            100 * conf, sweep_up_to(sw), sw->replications,
            sw->period ? "the period " : "the whole run",
            sw->period ? sw->period : "");
    plot_dat_text(f, sw->vary[0].key);
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
        plot_dat_num(f, drawn(lk, sm->mean));
        plot_dat_num(f, drawn(lk, sm->ci95_low));
        plot_dat_num(f, drawn(lk, sm->ci95_high));
        plot_dat_num(f, drawn(lk, sweep_bound(sm, tt->at_most, conf)));
        fprintf(f, " %d %d %zu\n", sweep_holds(p, tt, 1, conf),
                sweep_holds(p, t, n_targets, conf), sm->n);
    }
    return plot_close(&w, err, err_len);
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
             "mean and 95%% confidence interval (%s%u "
             "replications)",
             sweep_up_to(sw), sw->replications);
    snprintf(bound[0], sizeof(bound[0]),
             "%s %g%% confidence bound: meets "
             "the target",
             side, 100 * conf);
    snprintf(bound[1], sizeof(bound[1]),
             "%s %g%% confidence bound: misses "
             "the target",
             side, 100 * conf);
    target_label(tl, sizeof(tl), tt, lk);
    plot_x_range(va->from, va->to, &xlo, &xhi);
    half = (xhi - xlo) * 0.011; /* of a bound's bar: 25 pixels wide */
    memset(&kf, 0, sizeof(kf));
    gp_key_add(&kf, mean, NULL);
    if (n_meet > 0)
        gp_key_add(&kf, bound[0], NULL);
    if (n_meet < sw->n_points)
        gp_key_add(&kf, bound[1], NULL);
    gp_key_add(&kf, tl, NULL);
    gp_xy_head(g, name, title, va->key, xlo, xhi);
    fprintf(g, "# The target as given: ");
    plot_dat_text(g, tt->text);
    fprintf(g, "\n");
    bottom = gp_key(g, &kf, &kw);
    gp_terminal_open(g, name, kw);
    gp_title(g, title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T_MULTI, bottom);
    /* The title higher, clear of the answer or the note below it. */
    fprintf(g, "set title offset 0, 1.1\n");
    any = xy_yaxis(g, v, sw->n_points, 4, lk, &target, 1, &y);
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
                "lw 2.5 dt 3 lc rgb answer_green back\n"
                "set label 102 'answer: %.10g' at %.10g, graph 1 %s "
                "offset %s, 0.9 front font ',14' tc rgb answer_green\n",
                ax, ax, ax, ax, right ? "right" : "center",
                right ? "0.5" : "0");
    } else {
        snprintf(note, sizeof(note), "no value in %.10g..%.10g meets %s",
                 va->from, va->to,
                 n_targets > 1 ? "every target" : "the target");
        fprintf(g, "set label 102 ");
        gp_str(g, note);
        fprintf(g, " at graph 0.5, graph 1 center offset 0, 0.9 front "
                   "font ',14' tc rgb miss_orange\n");
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
            "plot '%s.dat' using 1:2 with lines lw 1.2 lc rgb trend "
            "notitle, \\\n     '' using 1:2:3:4 with yerrorbars lw 2 pt 7 "
            "ps 1.3 lc rgb blue title ",
            name);
    gp_str(g, mean);
    for (int meets = 1; meets >= 0; meets--) {
        if (meets ? n_meet == 0 : n_meet == sw->n_points)
            continue;
        fprintf(g,
                ", \\\n     '' using ($1 - %.10g):(column(6) == %d ? $5 : "
                "NaN):(%.10g):(0) with vectors nohead lw 4.5 lc rgb %s "
                "title ",
                half, meets, 2 * half, meets ? "answer_green" : "miss_orange");
        gp_str(g, bound[!meets]);
    }
    fprintf(g, ", \\\n     %.10g with lines @target_look title ", target);
    gp_str(g, tl);
    fprintf(g, "\n");
    gp_terminal_close(g);
    free(v);
}

static int
size_write(const struct sweep *sw, const struct target *t, size_t n_targets,
           size_t ti, double conf, int answer, const struct size_row *rows,
           const char *dir, const char *footnote, struct plot_set *ps,
           char *err, size_t err_len)
{
    size_t n_tab, same = 0;
    const struct kpi_def *tab = kpi_table(&n_tab);
    char name[128], title[512];
    struct look lk;
    struct wfile w;
    int rc;

    if (t[ti].kpi < 0 || (size_t)t[ti].kpi >= n_tab) {
        snprintf(err, err_len, "internal: no KPI %d", t[ti].kpi);
        return -1;
    }
    look_for(t[ti].kpi, sw, &lk);
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
    if (!rc)
        rc = plot_open(&w, dir, name, "gp", err, err_len);
    if (rc)
        return rc;
    size_gp(w.f, sw, t, n_targets, ti, conf, answer, &lk, name, title,
            footnote);
    rc = plot_close(&w, err, err_len);
    if (!rc)
        plot_set_add(ps, name);
    return rc;
}

int
plot_size_write(const struct sweep *sw, const struct target *t,
                size_t n_targets, double conf, int answer, const char *dir,
                const char *footnote, struct plot_set *ps, char *err,
                size_t err_len)
{
    struct size_row *rows;
    int rc;

    assert(sw && sw->n_keys == 1 && sw->n_points > 0 && sw->point);
    assert(answer < (int)sw->n_points && conf > 0 && conf < 1);
    rows = xmalloc(sw->n_points * sizeof(*rows));
    for (size_t i = 0; i < sw->n_points; i++) {
        rows[i].x = sw->point[i].x[0];
        rows[i].i = i;
    }
    qsort(rows, sw->n_points, sizeof(*rows), size_row_cmp);
    rc = plot_style(dir, err, err_len);
    for (size_t i = 0; i < n_targets && !rc; i++)
        rc = size_write(sw, t, n_targets, i, conf, answer, rows, dir, footnote,
                        ps, err, err_len);
    free(rows);
    return rc;
}
