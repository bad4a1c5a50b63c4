/*
 * plot_run: the charts of one run, from a table of their layout: which
 * KPIs, drawn how, on one or two panels.  What a KPI is called, its unit,
 * whether it is a share and what it is read against come from the KPI
 * table and the scenario.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_int.h"
#include "util.h"

enum style {
    ST_FAN,   /* median with 25-75 and 5-95 percentile bands */
    ST_BAND,  /* median with a 25-75 percentile band */
    ST_LINES, /* medians only */
    ST_AREA,  /* means stacked as areas */
    ST_BARS   /* means stacked as bars, one a period */
};

struct series {
    const char *kpi;
    const char *legend; /* NULL: the panel's generic entries */
    const char *colour; /* a colour variable of style.gp */
    const char *none;   /* said after the legend when the series is
                           undefined every week ("unlimited places") */
};

struct panel {
    enum style style;
    const char *ylabel;   /* several series: what the axis shows; NULL:
                             from the KPI */
    const char *lines_of; /* the KPI whose standard and plan targets are
                             drawn (a stack's total); NULL: the series' KPI
                             when there is one */
    const char *empty;    /* said in the chart when no value is defined */
    const char *title;    /* a two-panel chart's panel title; NULL: the
                             KPI's short label */
    int float_axis;       /* 1: the y axis fits the values, not from 0, to
                             show their variation (counts that never
                             approach 0) */
    size_t n;
    struct series s[MAX_SERIES];
};

struct chart {
    const char *name;  /* file names */
    const char *title; /* NULL: the KPI's short label and the period */
    int daily;         /* 1: daily values; 0: weekly buckets */
    int system;        /* 1: of system-wide resources only: no site has it */
    size_t np;
    struct panel p[2];
};

/* Whose chart: the system's (bucket 0), or a site's. */
struct whose {
    size_t b;          /* bucket: 0 the system, 1 + k site k */
    const char *title; /* the site's title, or NULL for the system */
};

static const struct chart charts[] = {
    {.name = "ga_occupancy",
     .daily = 1,
     .np = 1,
     .p = {{.style = ST_FAN, .n = 1, .s = {{"ga_occupancy", NULL, "blue"}}}}},
    {.name = "ed_4h_weekly",
     .np = 1,
     .p = {{.style = ST_BAND,
            .n = 1,
            .s = {{"ed_4h_performance", NULL, "blue"}}}}},
    {.name = "nctr_by_reason",
     .title = "Patients in G&A beds with no criteria to reside, by reason, "
              "weekly",
     .np = 1,
     .p = {{.style = ST_AREA,
            .ylabel = "patients (weekly mean; mean of replications)",
            .lines_of = "nctr_mean",
            .n = 2,
            .s = {{"nctr_in_process_mean",
                   "in an in-hospital discharge process", "nctr_process"},
                  {"nctr_awaiting_pathway_mean", "awaiting a pathway 1-3 place",
                   "nctr_awaiting"}}}}},
    {.name = "vw_occupancy",
     .system = 1,
     .np = 1,
     .p = {{.style = ST_BAND,
            .empty = "no data: no virtual-ward beds open in this scenario",
            .n = 1,
            .s = {{"vw_occupancy", NULL, "blue"}}}}},
    {.name = "handover",
     .title = "Ambulance handover, weekly",
     .np = 2,
     .p = {{.style = ST_BAND,
            .empty = "no data: no ambulance handovers",
            .n = 1,
            .s = {{"handover_mean_min", NULL, "blue"}}},
           {.style = ST_BAND,
            .empty = "no data: no ambulance handovers",
            .n = 1,
            .s = {{"handover_hours_lost_per_day", NULL, "blue"}}}}},
    /*
     * The chain (docs/model.md 2.13): Category 2 responses against the
     * 30-minute standard, beside the crew hours handover delays take.
     */
    {.name = "amb_cat2",
     .title = "Category 2 ambulance response and crew hours lost to "
              "handover, weekly",
     .system = 1, /* the ambulance service is the system's */
     .np = 2,
     .p = {{.style = ST_BAND,
            .empty = "no data: the ambulance service is not modelled",
            .n = 1,
            .s = {{"amb_cat2_response_mean_min", NULL, "blue"}}},
           {.style = ST_BAND,
            .empty = "no data: the ambulance service is not modelled",
            .n = 1,
            .s = {{"amb_crew_hours_lost_per_day", NULL, "blue"}}}}},
    /*
     * What binds on each pathway: whether its places are full (places in
     * use near 100 %: capacity binds, and a queue forms) and how long a
     * patient fit to leave waits for one (brokerage included: with
     * places free, brokerage is what binds).  Queues alone are flat at
     * zero whenever places are free.  The places are the system's, so
     * the chart is too.
     */
    {.name = "pathways",
     .title = "Discharge pathways: waits and places in use, weekly",
     .system = 1, /* pathway places are the system's */
     .np = 2,
     .p = {{.style = ST_LINES,
            .title = "Wait for a pathway place, brokerage included (median "
                     "of replications)",
            .ylabel = "days",
            .float_axis = 1,
            .n = 3,
            .s = {{"p1_wait_mean_days", "pathway 1 (home with support)",
                   "pathway_1", NULL},
                  {"p2_wait_mean_days", "pathway 2 (rehabilitation bed)",
                   "pathway_2", NULL},
                  {"p3_wait_mean_days", "pathway 3 (care home)", "pathway_3",
                   NULL}}},
           {.style = ST_LINES,
            .title = "Pathway places in use (median of replications)",
            .ylabel = "% of places open",
            .float_axis = 1,
            .n = 3,
            .s = {{"p1_occupancy", "pathway 1 (home with support)", "pathway_1",
                   "no limit on places"},
                  {"p2_occupancy", "pathway 2 (rehabilitation bed)",
                   "pathway_2", "no limit on places"},
                  {"p3_occupancy", "pathway 3 (care home)", "pathway_3",
                   "no limit on places"}}}}},
    {.name = "opel_share",
     .title = "Share of time at each OPEL level, weekly",
     .system = 1,
     .np = 1,
     .p = {{.style = ST_BARS,
            .ylabel = "share of the week (%, mean of replications)",
            .n = 4,
            .s = {{"opel_level_share_1", "OPEL 1", "opel_1"},
                  {"opel_level_share_2", "OPEL 2", "opel_2"},
                  {"opel_level_share_3", "OPEL 3", "opel_3"},
                  {"opel_level_share_4", "OPEL 4", "opel_4"}}}}},
    {.name = "activity_weekly",
     .title = "ED attendances and non-elective admissions, weekly",
     .np = 2,
     .p = {{.style = ST_BAND,
            .float_axis = 1,
            .n = 1,
            .s = {{"ed_attendances_per_day", NULL, "blue"}}},
           {.style = ST_BAND,
            .float_axis = 1,
            .n = 1,
            .s = {{"nel_admissions_per_day", NULL, "blue"}}}}},
};

/* What a panel shows, resolved from the KPI table and the scenario. */
struct look {
    const struct kpi_def *kpi[MAX_SERIES];
    int percent;     /* shares: drawn x100 with % tics */
    char title[160]; /* above the panel in a two-panel chart */
    char ylabel[192];
    struct plot_line line[PLOT_MAX_LINES];
    size_t n_lines;
};

static const struct kpi_def *
kpi_named(const char *name)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int k = kpi_find(name);

    return k < 0 ? NULL : &tab[k];
}

/*
 * Resolve panel pn of chart c: a one-panel chart's axis is the KPI's
 * axis label; a two-panel chart titles each panel with the KPI and
 * labels its axis with the unit.
 */
static int
look_of(const struct chart *c, const struct panel *pn, const struct run *r,
        const struct whose *who, struct look *lk, char *err, size_t err_len)
{
    const struct kpi_def *first, *lines;

    memset(lk, 0, sizeof(*lk));
    for (size_t s = 0; s < pn->n; s++) {
        lk->kpi[s] = kpi_named(pn->s[s].kpi);
        if (!lk->kpi[s]) {
            snprintf(err, err_len, "internal: no KPI %s", pn->s[s].kpi);
            return -1;
        }
    }
    first = lk->kpi[0];
    lk->percent = first->share;
    snprintf(lk->title, sizeof(lk->title), "%s",
             pn->title ? pn->title : first->short_label);
    if (pn->ylabel)
        snprintf(lk->ylabel, sizeof(lk->ylabel), "%s", pn->ylabel);
    else if (c->np > 1)
        snprintf(lk->ylabel, sizeof(lk->ylabel), "%s",
                 first->share ? "%" : first->unit);
    else
        kpi_axis_label(first, lk->ylabel, sizeof(lk->ylabel));
    lines = pn->lines_of ? kpi_named(pn->lines_of) : pn->n == 1 ? first : NULL;
    /* A plan's targets are the system's; a site's chart shows only the
     * national standard. */
    if (lines)
        lk->n_lines =
            plot_lines(lines, r->scn->targets, who->b ? 0 : r->scn->n_targets,
                       lk->line, PLOT_MAX_LINES);
    return 0;
}

/* "(column(3)+column(9))": the stack of series s0..s0+n-1's means. */
static void
gp_stack(FILE *g, size_t s0, size_t n)
{
    fputc('(', g);
    if (n == 0)
        fputc('0', g);
    for (size_t s = 0; s < n; s++)
        fprintf(g, "%scolumn(%zu)", s ? "+" : "", gp_col(s0 + s, Q_MEAN));
    fputc(')', g);
}

/* Whether series s's median is zero in every period. */
static int
all_zero(const struct table *t, size_t s)
{
    for (size_t p = 0; p < t->n_per; p++)
        if (!(fabs(plot_cell(t, p, s)[Q_P50]) < 0.005))
            return 0;
    return 1;
}

/* Whether series s is undefined in every period. */
static int
all_undefined(const struct table *t, size_t s)
{
    for (size_t p = 0; p < t->n_per; p++)
        if (isfinite(plot_cell(t, p, s)[Q_P50]))
            return 0;
    return 1;
}

/* What a line's legend adds when it says nothing week by week. */
static void
series_suffix(const struct series *se, const struct table *t, size_t k,
              char *buf, size_t len)
{
    if (se->none && all_undefined(t, k))
        snprintf(buf, len, ": %s", se->none);
    else if (all_zero(t, k))
        snprintf(buf, len, "%s", NONE_SUFFIX);
    else
        buf[0] = '\0';
}

/* Whether the legend of a two-panel chart names its series (lines of
 * their own) rather than a median and a band. */
static int
named_series(const struct chart *c)
{
    return c->p[c->np - 1].style == ST_LINES && c->p[c->np - 1].s[0].legend;
}

/* What a panel draws of series s0.., for its y range. */
static void
panel_extent(const struct panel *pn, const struct look *lk,
             const struct table *t, size_t s0, double *lo, double *hi, int *any)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    *any = 0;
    for (size_t p = 0; p < t->n_per; p++) {
        double cum = 0;

        for (size_t s = 0; s < pn->n; s++) {
            const double *c = plot_cell(t, p, s0 + s);
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
    for (size_t i = 0; i < lk->n_lines; i++) {
        if (lk->line[i].value < *lo)
            *lo = lk->line[i].value;
        if (lk->line[i].value > *hi)
            *hi = lk->line[i].value;
    }
}

/*
 * The plot command of panel i of chart c, whose series start at s0 in
 * the .dat.  A one-panel chart titles its own lines; a two-panel chart
 * draws its legend once, from keyentry lines in the last panel.
 */
static void
gp_plot_panel(FILE *g, const struct chart *c, size_t i, const struct look *lks,
              const struct table *t, size_t s0, uint32_t reps)
{
    const struct panel *pn = &c->p[i];
    const struct look *lk = &lks[i];
    int titles = c->np == 1 || (named_series(c) && i + 1 == c->np), sep = 0;
    char median[64], dat[160], suffix[96];

    snprintf(median, sizeof(median), "median of %u replications", reps);
    snprintf(dat, sizeof(dat), "%s.dat", c->name);
    fprintf(g, "plot ");
    for (size_t s = 0; s < pn->n; s++) {
        const struct series *se = &pn->s[s];
        size_t k = s0 + s;
        const char *lbl = se->legend ? se->legend : median;
        const char *more = sep ? ", \\\n     " : "";

        switch (pn->style) {
        case ST_FAN:
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb fan_outer fs solid 1 title '5th-95th percentile', "
                    "\\\n     '' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb fan_inner fs solid 1 title '25th-75th percentile', "
                    "\\\n     '' using (mid(0)):%zu with lines lw 2 "
                    "lc rgb fan_line title ",
                    more, dat, gp_col(k, Q_P05), gp_col(k, Q_P95),
                    gp_col(k, Q_P25), gp_col(k, Q_P75), gp_col(k, Q_P50));
            gp_str(g, lbl);
            break;
        case ST_BAND:
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu:%zu with filledcurves "
                    "fc rgb %s fs transparent solid band_alpha noborder %s, "
                    "\\\n     '' using (mid(0)):%zu with lines lw 2.5 "
                    "lc rgb %s ",
                    more, dat, gp_col(k, Q_P25), gp_col(k, Q_P75), se->colour,
                    titles ? "title '25th-75th percentile'" : "notitle",
                    gp_col(k, Q_P50), se->colour);
            if (titles) {
                fprintf(g, "title ");
                gp_str(g, lbl);
            } else {
                fprintf(g, "notitle");
            }
            break;
        case ST_LINES:
            series_suffix(se, t, k, suffix, sizeof(suffix));
            fprintf(g,
                    "%s'%s' using (mid(0)):%zu with lines lw 2.5 "
                    "lc rgb %s title '%s%s'",
                    more, dat, gp_col(k, Q_P50), se->colour, titles ? lbl : "",
                    titles ? suffix : "");
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
                        " with boxxyerror fc rgb %s fs solid 1 noborder "
                        "title ",
                        se->colour);
            else
                fprintf(g, " with filledcurves fc rgb %s fs solid 0.9 title ",
                        se->colour);
            gp_str(g, lbl);
            break;
        }
        sep = 1;
    }
    gp_lines(g, lk->line, lk->n_lines, titles);
    if (!titles && i + 1 == c->np && !named_series(c)) {
        fprintf(g,
                ", \\\n     keyentry with lines lw 2.5 lc rgb blue title "
                "'%s', \\\n     keyentry with filledcurves fc rgb blue "
                "fs transparent solid band_alpha noborder title "
                "'25th-75th percentile'",
                median);
        for (size_t j = 0; j < c->np; j++) {
            for (size_t l = 0; l < lks[j].n_lines; l++) {
                fprintf(g, ", \\\n     keyentry with lines @%s title ",
                        lks[j].line[l].plan ? "plan_look" : "target_look");
                gp_str(g, lks[j].line[l].label);
            }
        }
    }
    fprintf(g, "\n");
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
        if (!(plot_cell(t, p, s_level1)[Q_MEAN] >= 100 - 1e-9))
            return NULL;
    return "escalation rules never triggered: OPEL 1 throughout";
}

/* The entries gp_plot_panel puts in chart c's legend. */
static void
chart_keyfit(const struct chart *c, const struct look *lks,
             const struct table *t, struct keyfit *k)
{
    static const char median[] = "median of 1000 replications";
    size_t s0 = 0;

    memset(k, 0, sizeof(*k));
    if (c->np > 1 && !named_series(c)) {
        gp_key_add(k, median, NULL);
        gp_key_add(k, "25th-75th percentile", NULL);
    }
    for (size_t i = 0; i < c->np; i++) {
        const struct panel *pn = &c->p[i];
        int own = c->np == 1 || (named_series(c) && i + 1 == c->np);

        for (size_t l = 0; l < lks[i].n_lines; l++)
            gp_key_add(k, lks[i].line[l].label, NULL);
        if (!own) {
            s0 += pn->n;
            continue;
        }
        if (pn->style == ST_FAN)
            gp_key_add(k, "5th-95th percentile", NULL);
        if (pn->style == ST_FAN || pn->style == ST_BAND)
            gp_key_add(k, "25th-75th percentile", NULL);
        for (size_t s = 0; s < pn->n; s++) {
            char suffix[96] = "";

            if (pn->style == ST_LINES)
                series_suffix(&pn->s[s], t, s0 + s, suffix, sizeof(suffix));
            gp_key_add(k, pn->s[s].legend ? pn->s[s].legend : median, suffix);
        }
        s0 += pn->n;
    }
}

static void
chart_gp(FILE *g, const struct run *r, const struct chart *c, const char *title,
         const struct look *lks, const struct table *t, const char *footnote)
{
    int32_t last = r->scn->start_day + (int32_t)t->n_days - 1;
    struct keyfit k;
    double bottom, h;
    size_t s0 = 0;
    int kw;

    gp_head(g, c->name, title, r->scn->start_day, last);
    chart_keyfit(c, lks, t, &k);
    bottom = gp_key(g, &k, &kw);
    h = (PAGE_T_MULTI - bottom - PANEL_GAP) / 2;
    gp_terminal_open(g, c->name, kw);
    gp_title(g, title, c->np > 1);
    for (size_t i = 0; i < c->np; i++) {
        const struct panel *pn = &c->p[i];
        double lo, hi, top, show;
        struct yaxis y;
        int any, lastp = i + 1 == c->np;
        const char *note = NULL;

        panel_extent(pn, &lks[i], t, s0, &lo, &hi, &any);
        if (!any) {
            /* The default axis, not one round the target. */
            lo = INFINITY;
            hi = -INFINITY;
        }
        plot_y_range(lo, hi,
                     (!lks[i].percent && !pn->float_axis) ||
                         pn->style >= ST_AREA,
                     lks[i].percent, c->np > 1 ? 4 : 6, &y);
        if (pn->style == ST_BARS) {
            y.lo = 0;
            y.hi = 100;
            y.step = 20;
        }
        /* Lines at zero would hide in the x axis: lift them off it. */
        show = pn->style == ST_LINES ? y.lo - (y.hi - y.lo) * 0.015 : y.lo;
        if (!any)
            note = pn->empty ? pn->empty : "no data for this period";
        else if (pn->style == ST_BARS &&
                 strcmp(pn->s[0].kpi, "opel_level_share_1") == 0)
            note = opel_note(r, t, s0);
        if (c->np > 1) {
            top = PAGE_T_MULTI - (double)i * (h + PANEL_GAP);
            fprintf(g, "# panel %zu\nset title ", i + 1);
            gp_str(g, lks[i].title);
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
        gp_yaxis(g, lks[i].ylabel, lks[i].percent, &y, show);
        gp_note(g, note);
        if (lastp) {
            fprintf(g, "set key on\n");
            gp_footnote(g, footnote);
        } else {
            fprintf(g, "unset key\nunset label 100\n");
        }
        gp_plot_panel(g, c, i, lks, t, s0, r->replications);
        s0 += pn->n;
    }
    if (c->np > 1)
        fprintf(g, "unset multiplot\n");
    gp_terminal_close(g);
}

static int
chart_write(const struct run *r, const struct chart *c, const struct whose *who,
            const char *dir, const char *footnote, struct plot_set *ps,
            char *err, size_t err_len)
{
    const char *kpis[2 * MAX_SERIES];
    size_t idx[2 * MAX_SERIES];
    double scale[2 * MAX_SERIES];
    int percent[2 * MAX_SERIES];
    struct look lks[2];
    char title[192];
    size_t n = 0;
    struct table t;
    struct wfile w;
    int rc = 0;

    for (size_t i = 0; i < c->np && !rc; i++) {
        rc = look_of(c, &c->p[i], r, who, &lks[i], err, err_len);
        for (size_t s = 0; s < c->p[i].n && !rc; s++) {
            kpis[n] = c->p[i].s[s].kpi;
            idx[n] = (size_t)kpi_find(kpis[n]);
            percent[n] = lks[i].percent;
            scale[n++] = lks[i].percent ? 100 : 1;
        }
    }
    if (rc)
        return rc;
    if (c->title)
        snprintf(title, sizeof(title), "%s%s%s", who->title ? who->title : "",
                 who->title ? ": " : "", c->title);
    else
        snprintf(title, sizeof(title), "%s%s%s, %s",
                 who->title ? who->title : "", who->title ? ": " : "",
                 lks[0].kpi[0]->short_label, c->daily ? "daily" : "weekly");
    rc = plot_table_fill(&t, r->res, who->b, c->daily, idx, scale, n, err,
                         err_len);
    if (rc)
        return rc;
    rc = plot_open(&w, dir, c->name, "dat", err, err_len);
    if (!rc) {
        plot_dat_header(w.f, title, &t, r->replications, kpis, percent);
        plot_dat_rows(w.f, &t);
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        rc = plot_open(&w, dir, c->name, "gp", err, err_len);
    if (!rc) {
        chart_gp(w.f, r, c, title, lks, &t, footnote);
        rc = plot_close(&w, err, err_len);
    }
    if (!rc)
        plot_set_add(ps, c->name);
    plot_table_release(&t);
    return rc;
}

int
plot_run_write(const struct run *r, const char *dir, const char *footnote,
               struct plot_set *ps, char *err, size_t err_len)
{
    const struct whose system = {0, NULL};
    int rc = plot_style(dir, err, err_len);

    for (size_t i = 0; i < ARRAY_LEN(charts) && !rc; i++)
        rc = chart_write(r, &charts[i], &system, dir, footnote, ps, err,
                         err_len);
    return rc;
}

int
plot_site_write(const struct run *r, size_t k, const char *dir,
                const char *footnote, struct plot_set *ps, char *err,
                size_t err_len)
{
    const struct site *st = &r->scn->sites[k];
    const struct whose site = {1 + k, st->title ? st->title : st->name};
    int rc = plot_style(dir, err, err_len);

    for (size_t i = 0; i < ARRAY_LEN(charts) && !rc; i++)
        if (!charts[i].system)
            rc = chart_write(r, &charts[i], &site, dir, footnote, ps, err,
                             err_len);
    return rc;
}
