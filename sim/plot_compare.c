/*
 * plot_compare: scenario comparison charts, one KPI each, the weekly
 * median and 25th-75th percentile band of every scenario overlaid.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
