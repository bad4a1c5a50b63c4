/*
 * plot_compare: scenario comparison charts: for a few KPIs the weekly
 * median and 25th-75th percentile band of every scenario overlaid, and
 * for each headline KPI the monthly paired difference of every
 * alternative from the base with its 95 % confidence band.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "plot.h"
#include "plot_int.h"
#include "util.h"

/* The KPIs compared, one chart each. */
static const char *const cmps[] = {"ga_occupancy", "ed_4h_performance",
                                   "nctr_mean", "vw_occupancy"};

/* What a comparison chart shows of its KPI. */
struct cmp {
    const struct kpi_def *kpi;
    char name[96];
    char title[192];
    char ylabel[192];
    struct plot_line line[PLOT_MAX_LINES];
    size_t n_lines;
};

static void
compare_gp(FILE *g, const struct table *t, const char *const *names, size_t n,
           const struct cmp *c, const char *footnote)
{
    double lo = INFINITY, hi = -INFINITY;
    int32_t first = t[0].first_day, last = first;
    int same_start = 1, any = 0;
    struct yaxis y;
    struct keyfit k;
    double bottom, alpha = 0.3 / sqrt((double)n);
    int kw, percent = c->kpi->share;

    for (size_t i = 0; i < n; i++) {
        int32_t l = t[i].first_day + (int32_t)t[i].n_days - 1;

        first = t[i].first_day < first ? t[i].first_day : first;
        last = l > last ? l : last;
        same_start &=
            t[i].first_day == t[0].first_day && t[i].n_days == t[0].n_days;
        for (size_t p = 0; p < t[i].n_per; p++) {
            const double *v = plot_cell(&t[i], p, 0);

            any |= isfinite(v[Q_P50]);
            if (isfinite(v[Q_P25]) && v[Q_P25] < lo)
                lo = v[Q_P25];
            if (isfinite(v[Q_P75]) && v[Q_P75] > hi)
                hi = v[Q_P75];
        }
    }
    for (size_t i = 0; any && i < c->n_lines; i++) {
        lo = c->line[i].value < lo ? c->line[i].value : lo;
        hi = c->line[i].value > hi ? c->line[i].value : hi;
    }
    plot_y_range(lo, hi, !percent, percent, 6, &y);
    memset(&k, 0, sizeof(k));
    for (size_t i = 0; i < n; i++)
        gp_key_add(&k, names[i], NULL);
    gp_key_add(&k, "25th-75th percentile (shaded)", NULL);
    for (size_t i = 0; i < c->n_lines; i++)
        gp_key_add(&k, c->line[i].label, NULL);
    gp_head(g, c->name, c->title, first, last);
    bottom = gp_key(g, &k, &kw);
    gp_terminal_open(g, c->name, kw);
    gp_title(g, c->title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T, bottom);
    gp_xtics(g, first, last, 1);
    gp_xlabel(g, 0, first, t[0].n_days, same_start);
    gp_yaxis(g, c->ylabel, percent, &y, y.lo);
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
                "filledcurves fc rgb word(palette, %zu) fs transparent "
                "solid %.2f noborder notitle",
                i ? ", \\\n     " : "", c->name, i, gp_col(0, Q_P25),
                gp_col(0, Q_P75), i % N_PALETTE + 1, alpha);
    /*
     * The base's line is wider and drawn first: where a scenario matches
     * it (common random numbers), the base still shows round the edges.
     */
    for (size_t i = 0; i < n; i++) {
        fprintf(g,
                ", \\\n     '%s.dat' index %zu using (mid(0)):%zu with lines "
                "lw %.1f lc rgb word(palette, %zu) dt %zu title ",
                c->name, i, gp_col(0, Q_P50), i ? 2.5 : 5.0, i % N_PALETTE + 1,
                i / N_PALETTE + 1);
        gp_str(g, names[i]);
    }
    fprintf(g,
            ", \\\n     keyentry with filledcurves fc rgb grey fs "
            "transparent solid %.2f noborder title '25th-75th percentile "
            "(shaded)'",
            alpha);
    gp_lines(g, c->line, c->n_lines, 1);
    fprintf(g, "\n");
    gp_terminal_close(g);
}

static int
compare_write(const struct run *const *runs, const char *const *names, size_t n,
              const char *kpi, const char *dir, const char *footnote,
              struct plot_set *ps, char *err, size_t err_len)
{
    struct table *t = xcalloc(n, sizeof(*t));
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int k = kpi_find(kpi), rc = 0, percent;
    size_t idx = (size_t)k;
    double scale;
    struct cmp c;
    struct wfile w;

    if (k < 0) {
        snprintf(err, err_len, "internal: no KPI %s", kpi);
        free(t);
        return -1;
    }
    memset(&c, 0, sizeof(c));
    c.kpi = &tab[k];
    percent = c.kpi->share;
    scale = percent ? 100 : 1;
    snprintf(c.name, sizeof(c.name), "compare_%s", kpi);
    snprintf(c.title, sizeof(c.title), "%s by scenario, weekly",
             c.kpi->short_label);
    kpi_axis_label(c.kpi, c.ylabel, sizeof(c.ylabel));
    c.n_lines = plot_lines(c.kpi, runs[0]->scn->targets,
                           runs[0]->scn->n_targets, c.line, PLOT_MAX_LINES);
    for (size_t i = 0; i < n && !rc; i++)
        rc = plot_table_fill(&t[i], runs[i]->res, 0, 0, &idx, &scale, 1, err,
                             err_len);
    if (!rc)
        rc = plot_open(&w, dir, c.name, "dat", err, err_len);
    if (!rc) {
        /* One block a scenario, two blank lines apart (gnuplot index). */
        for (size_t i = 0; i < n; i++) {
            fprintf(w.f, "%s# block %zu (gnuplot index %zu): scenario ",
                    i ? "\n\n" : "", i, i);
            plot_dat_text(w.f, names[i]);
            fprintf(w.f, "%s\n", i ? "" : " (base)");
            plot_dat_header(w.f, c.title, &t[i], runs[i]->replications, &kpi,
                            &percent);
            plot_dat_rows(w.f, &t[i]);
        }
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        rc = plot_open(&w, dir, c.name, "gp", err, err_len);
    if (!rc) {
        compare_gp(w.f, t, names, n, &c, footnote);
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        plot_set_add(ps, c.name);
    for (size_t i = 0; i < n; i++)
        plot_table_release(&t[i]);
    free(t);
    return rc;
}

int
plot_compare_write(const struct run *const *runs, const char *const *names,
                   size_t n, const char *dir, const char *footnote,
                   struct plot_set *ps, char *err, size_t err_len)
{
    int rc = plot_style(dir, err, err_len);

    for (size_t i = 0; i < ARRAY_LEN(cmps) && !rc; i++)
        rc = compare_write(runs, names, n, cmps[i], dir, footnote, ps, err,
                           err_len);
    return rc;
}

/* --- differences from the base, month by month ---------------------------- */

/* Month m of the base's run: its first reported day and how many. */
static int32_t
month_days(const struct scenario *base, size_t m, int32_t *first)
{
    int32_t mi = cal_month_index(base->start_day) + (int32_t)m;
    int y = 1970 + mi / 12, mo = mi % 12 + 1;
    int32_t a = cal_from_ymd(y, mo, 1);
    int32_t b =
        (mo == 12 ? cal_from_ymd(y + 1, 1, 1) : cal_from_ymd(y, mo + 1, 1)) - 1;

    a = a > base->start_day ? a : base->start_day;
    b = b < base->end_day ? b : base->end_day;
    *first = a;
    return b - a + 1;
}

static void
diff_gp(FILE *g, const struct run *const *runs, const char *const *names,
        size_t n, const struct paired *pd, size_t k, double mid,
        const char *name, const char *title, const char *footnote)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    const struct kpi_def *kd = &tab[k];
    const struct scenario *base = runs[0]->scn;
    double scale = kd->share ? 100 : 1, lo = 0, hi = 0;
    double m = mid > 0 ? mid * scale : 0;
    char ylabel[192], mid_label[128], line[256], unit[64];
    struct keyfit key;
    struct yaxis y;
    double bottom;
    int kw, any = 0;

    for (size_t i = 1; i < n; i++)
        for (size_t mo = 0; mo < pd->n_months; mo++) {
            struct summary d;

            results_paired_month(pd, i, mo, k, &d);
            any |= isfinite(d.mean);
            if (isfinite(d.ci95_low))
                lo = d.ci95_low * scale < lo ? d.ci95_low * scale : lo;
            if (isfinite(d.ci95_high))
                hi = d.ci95_high * scale > hi ? d.ci95_high * scale : hi;
            if (isfinite(d.mean)) {
                lo = d.mean * scale < lo ? d.mean * scale : lo;
                hi = d.mean * scale > hi ? d.mean * scale : hi;
            }
        }
    if (m > 0) {
        lo = -m < lo ? -m : lo;
        hi = m > hi ? m : hi;
    }
    plot_y_range(lo, hi, 0, 0, 6, &y);
    snprintf(unit, sizeof(unit), "%s",
             kd->share ? "percentage points" : kd->unit);
    snprintf(ylabel, sizeof(ylabel), "difference (%s)", unit);
    snprintf(mid_label, sizeof(mid_label),
             "minimum important difference, %s%g %s", m > 0 ? "+/-" : "", m,
             kd->share ? "pp" : kd->unit);
    memset(&key, 0, sizeof(key));
    for (size_t i = 1; i < n; i++) {
        snprintf(line, sizeof(line), "%s minus %s", names[i], names[0]);
        gp_key_add(&key, line, NULL);
    }
    gp_key_add(&key, "95% confidence interval of the difference", NULL);
    gp_key_add(&key, "no difference", NULL);
    if (m > 0)
        gp_key_add(&key, mid_label, NULL);
    gp_head(g, name, title, base->start_day, base->end_day);
    bottom = gp_key(g, &key, &kw);
    gp_terminal_open(g, name, kw);
    gp_title(g, title, 0);
    fprintf(g, "set tmargin at screen %.3f\nset bmargin at screen %.3f\n",
            PAGE_T, bottom);
    gp_xtics(g, base->start_day, base->end_day, 1);
    fprintf(g, "set xlabel 'month (each replication of an alternative "
               "minus the same replication of the base)'\n");
    gp_yaxis(g, ylabel, 0, &y, y.lo);
    gp_note(g, any ? NULL : "no data: the KPI is undefined every month");
    gp_footnote(g, footnote);
    fprintf(g, "plot ");
    for (size_t i = 1; i < n; i++)
        fprintf(g,
                "%s'%s.dat' index %zu using (mid(0)):4:5 with filledcurves "
                "fc rgb word(palette, %zu) fs transparent solid 0.25 "
                "noborder notitle",
                i > 1 ? ", \\\n     " : "", name, i - 1,
                (i - 1) % N_PALETTE + 1);
    for (size_t i = 1; i < n; i++) {
        snprintf(line, sizeof(line), "%s minus %s", names[i], names[0]);
        fprintf(g,
                ", \\\n     '%s.dat' index %zu using (mid(0)):3 with "
                "linespoints lw 2.5 pt 7 ps 0.9 lc rgb word(palette, %zu) "
                "title ",
                name, i - 1, (i - 1) % N_PALETTE + 1);
        gp_str(g, line);
    }
    /* One alternative: the band's own colour in the legend. */
    fprintf(g,
            ", \\\n     keyentry with filledcurves fc rgb %s fs transparent "
            "solid 0.25 noborder title '95%% confidence interval of the "
            "difference', \\\n     0 with lines @zero_look title 'no "
            "difference'",
            n == 2 ? "word(palette, 1)" : "grey");
    if (m > 0) {
        fprintf(g, ", \\\n     %.10g with lines @mid_look title ", m);
        gp_str(g, mid_label);
        fprintf(g, ", \\\n     %.10g with lines @mid_look notitle", -m);
    }
    fprintf(g, "\n");
    gp_terminal_close(g);
}

static int
diff_write(const struct run *const *runs, const char *const *names, size_t n,
           const struct paired *pd, size_t k, double mid, const char *dir,
           const char *footnote, struct plot_set *ps, char *err, size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    const struct kpi_def *kd = &tab[k];
    double scale = kd->share ? 100 : 1;
    char name[96], title[256];
    struct wfile w;
    int rc;

    snprintf(name, sizeof(name), "compare_diff_%s", kd->name);
    snprintf(title, sizeof(title), "%s: difference from %s, monthly",
             kd->short_label, names[0]);
    rc = plot_open(&w, dir, name, "dat", err, err_len);
    if (!rc) {
        fprintf(w.f, "# uecsim: ");
        plot_dat_text(w.f, title);
        fprintf(w.f,
                "\n# One block an alternative (gnuplot index), one row "
                "a month of the base's run.\n# Paired differences, "
                "alternative minus base, over %u replications, in %s.\n"
                "# column 1: first reported day of the month; column "
                "2: days reported; 3: mean; 4-5: 95%% confidence "
                "interval; 6: replications\n",
                runs[0]->replications,
                kd->share ? "percentage points" : kd->unit);
        for (size_t i = 1; i < n; i++) {
            fprintf(w.f, "%s# block %zu: ", i > 1 ? "\n\n" : "", i - 1);
            plot_dat_text(w.f, names[i]);
            fprintf(w.f, " minus ");
            plot_dat_text(w.f, names[0]);
            fprintf(w.f, "\n");
            for (size_t m = 0; m < pd->n_months; m++) {
                struct summary d;
                int32_t first, days = month_days(runs[0]->scn, m, &first);
                char date[11];

                results_paired_month(pd, i, m, k, &d);
                cal_format(first, date);
                fprintf(w.f, "%s %d", date, (int)days);
                plot_dat_num(w.f, d.mean * scale);
                plot_dat_num(w.f, d.ci95_low * scale);
                plot_dat_num(w.f, d.ci95_high * scale);
                fprintf(w.f, " %zu\n", d.n);
            }
        }
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        rc = plot_open(&w, dir, name, "gp", err, err_len);
    if (!rc) {
        diff_gp(w.f, runs, names, n, pd, k, mid, name, title, footnote);
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        plot_set_add(ps, name);
    return rc;
}

int
plot_compare_diff_write(const struct run *const *runs, const char *const *names,
                        size_t n, const struct paired *pd, const double *mid,
                        const char *dir, const char *footnote,
                        struct plot_set *ps, char *err, size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int rc = plot_style(dir, err, err_len);

    for (size_t k = 0; k < nk && !rc; k++) {
        size_t n_values = 0; /* over every scenario: one with the service */

        for (size_t i = 0; i < n; i++) {
            struct summary v;

            results_kpi(runs[i]->res, k, &v);
            n_values += v.n;
        }
        if (kpi_heads(&tab[k], n_values))
            rc = diff_write(runs, names, n, pd, k, mid ? mid[k] : tab[k].mid,
                            dir, footnote, ps, err, err_len);
    }
    return rc;
}
