/*
 * report_figures: the charts of the board report, each inline with a
 * title for screen readers and a one-sentence caption that says what it
 * shows and ends with its figure over the headline period.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "kpi.h"
#include "report_int.h"
#include "util.h"

/* --- charts ----------------------------------------------------------------
 */

/* What a run's chart shows: alt text for a screen reader, and a caption. */
struct chart_text {
    const char *name;
    const char *kpi; /* the figure the caption ends with, or NULL */
    const char *alt;
    const char *caption;
};

static const struct chart_text run_charts[] = {
    {"ga_occupancy", "ga_occupancy",
     "Fan chart of daily G&A bed occupancy as a percentage of beds open, "
     "over the run, with the national target as a dashed line.",
     "G&A beds occupied as a share of beds open, day by day: the line is the "
     "median replication, the darker band holds the middle half of "
     "replications and the lighter band nine in ten, and the dashed line is "
     "the national target"},
    {"ed_4h_weekly", "ed_4h_performance",
     "Weekly line chart of the percentage of ED patients leaving within four "
     "hours, with a shaded band and the national standard as a dashed line.",
     "The share of ED patients leaving within four hours of arriving, week by "
     "week: the line is the median replication, the band the middle half of "
     "replications, and the dashed line the national standard"},
    {"handover", "handover_mean_min",
     "Two weekly line charts: mean ambulance handover time in minutes, with "
     "the 15-minute standard, and ambulance hours lost beyond 15 minutes a "
     "day.",
     "Ambulance handover time (top) and ambulance hours lost beyond 15 "
     "minutes a day (bottom), week by week: the line is the median "
     "replication and the band the middle half of replications; the dashed "
     "line is the 15-minute national standard"},
    {"nctr_by_reason", "nctr_mean",
     "Weekly stacked area chart of patients in G&A beds with no criteria to "
     "reside, split into those in an in-hospital discharge process and those "
     "awaiting a pathway place, with the plan's figure as a line.",
     "Patients in G&A beds who no longer meet the criteria to reside, week "
     "by week (mean of replications): the lower area are in an in-hospital "
     "discharge process and the upper area are waiting for a place on "
     "pathways 1 to 3; a line marks the plan's figure where the scenario "
     "sets one"},
    {"vw_occupancy", "vw_occupancy",
     "Weekly line chart of virtual-ward beds occupied as a percentage of "
     "beds open, with a shaded band and the target as a dashed line.",
     "Virtual-ward beds occupied as a share of beds open, week by week: the "
     "line is the median replication, the band the middle half of "
     "replications, and the dashed line the target"},
    {"pathways", NULL,
     "Two weekly line charts, one line per discharge pathway: the wait in "
     "a hospital bed for a pathway place in days, and the percentage of each "
     "pathway's places in use.",
     "What binds on discharge: the wait in a hospital bed for a place on "
     "each pathway, brokerage included (top), and the share of each "
     "pathway's places in use (bottom), week by week, median replication; a "
     "pathway with no limit on places has no line below"},
    {"opel_share", "opel_level_mean",
     "Weekly stacked bar chart of the share of each week spent at OPEL "
     "levels 1 to 4.",
     "The share of each week the system spent at each OPEL level, from 1 "
     "(lowest pressure, at the bottom) to 4 (highest, at the top), mean of "
     "replications"},
    {"activity_weekly", "ed_attendances_per_day",
     "Two weekly line charts with shaded bands: ED attendances a day and "
     "non-elective admissions a day.",
     "Demand: ED attendances (top) and non-elective admissions (bottom) a "
     "day, week by week: the line is the median replication and the band "
     "the middle half of replications"},
};

#define COMPARE_DIFF "compare_diff_"
#define COMPARE      "compare_"

/* One figure: the chart inline, its caption, and where it ends, the
 * figure over the headline period. */
static void
figure(const struct rpt_chart *c, size_t num, const char *alt,
       const char *caption, const char *tail, struct sbuf *o)
{
    struct sbuf svg = {NULL, 0, 0};
    char prefix[64], why[160];

    snprintf(prefix, sizeof(prefix), "fig%zu", num);
    sb_add(o, "<figure id=\"%s\">\n", prefix);
    if (svg_inline(c->svg, c->len, prefix, alt, &svg, why, sizeof(why)) == 0)
        sb_mem(o, svg.buf, svg.len);
    else {
        sb_add(o, "<p class=\"box\" role=\"img\" aria-label=\"");
        sb_esc(o, alt);
        sb_add(o, "\">This chart is not shown: plots/");
        sb_esc(o, c->name);
        sb_add(o, ".svg is not a chart uecsim drew (");
        sb_esc(o, why);
        sb_add(o, ").</p>");
    }
    sb_release(&svg);
    sb_add(o, "\n<figcaption><strong>Figure %zu.</strong> ", num);
    sb_esc(o, caption);
    sb_esc(o, tail);
    sb_add(o, ".</figcaption>\n</figure>\n");
}

/* "; over winter it averages 94.0 % (93.2 to 94.8)" for KPI name. */
static void
run_tail(const struct rpt *r, const char *kpi, const char *pname, char *buf,
         size_t len)
{
    int k = kpi ? kpi_find(kpi) : -1;
    char v[192], lab[128];

    buf[0] = '\0';
    if (k < 0 || !isfinite(r->val[k].mean))
        return;
    board_value_ci(rpt_kpi((size_t)k), &r->val[k], v, sizeof(v));
    rpt_label_in_text(rpt_kpi((size_t)k), lab, sizeof(lab));
    snprintf(buf, len, "; over %s, %s averages %s", pname, lab, v);
}

static void
compare_figure(const struct rpt *r, const struct rpt_chart *c, size_t num,
               const char *pname, struct sbuf *o)
{
    int diff = strncmp(c->name, COMPARE_DIFF, strlen(COMPARE_DIFF)) == 0;
    const char *kname = c->name + strlen(diff ? COMPARE_DIFF : COMPARE);
    int k = kpi_find(kname);
    const struct kpi_def *d = k >= 0 ? rpt_kpi((size_t)k) : NULL;
    struct sbuf alt = {NULL, 0, 0}, cap = {NULL, 0, 0}, tail = {NULL, 0, 0};
    char buf[192];

    if (!d)
        return;
    if (diff) {
        sb_add(&alt, "Monthly line chart of the difference in %s, ",
               d->short_label);
        rpt_alternatives(r, &alt);
        sb_add(&alt,
               " minus %s, with its 95 %% confidence band, a zero line "
               "and dotted lines at the minimum important difference.",
               r->scn[0].title);
        sb_add(&cap, "%s month by month, ", d->short_label);
        rpt_alternatives(r, &cap);
        sb_add(&cap,
               " minus the base (paired replication by replication), "
               "with the 95 %% interval of the difference shaded; the "
               "difference matters in months where the band lies wholly "
               "beyond a dotted line, the minimum important difference "
               "(%s either way)",
               board_size(d, r->mid[k], buf, sizeof(buf)));
        sb_add(&tail, "; over %s%s", pname,
               r->n_scn > 2 ? ": " : " the difference is ");
        for (size_t i = 1; i < r->n_scn; i++) {
            const struct summary *df = &r->diff[i * r->nk + (size_t)k];

            if (r->n_scn > 2)
                sb_add(&tail, "%s%s ", i == 1 ? "" : "; ", r->scn[i].title);
            sb_add(&tail, "%s (matters: %s)",
                   board_diff_ci(d, df, buf, sizeof(buf)),
                   board_verdict_text(board_judge(df, r->mid[k])));
        }
    } else {
        sb_add(&alt, "Weekly line chart of %s in each scenario (",
               d->short_label);
        sb_add(&alt, "%s, ", r->scn[0].title);
        rpt_alternatives(r, &alt);
        sb_add(&alt,
               "), median of replications with the middle half "
               "shaded%s.",
               d->standard ? ", and the national standard as a dashed line"
                           : "");
        sb_add(&cap,
               "%s week by week in each scenario: each line is the "
               "median replication and the shading the middle half of "
               "replications%s",
               d->short_label,
               d->standard ? "; the dashed line is the national standard" : "");
    }
    {
        char *a = sb_take(&alt, NULL), *cp = sb_take(&cap, NULL),
             *t = sb_take(&tail, NULL);

        figure(c, num, a, cp, t, o);
        free(a);
        free(cp);
        free(t);
    }
}

void
rpt_charts(const struct rpt *r, struct sbuf *o)
{
    char per[160], tail[640];
    const char *pname;
    size_t num = 0;
    char *done = xcalloc(r->n_charts ? r->n_charts : 1, 1);

    rpt_period_words(&r->scn[0], per, sizeof(per), &pname);
    sb_add(o, "<section id=\"charts\" class=\"page\">\n<h2>Charts</h2>\n");
    if (!r->n_charts) {
        sb_add(o, "<p>No charts: %s.</p>\n",
               r->has_plots ? "the plots folder holds no SVG chart"
                            : "this result was made without them "
                              "(--no-plots)");
    } else {
        sb_add(o, "<p>Each chart covers the whole run; its footnote names "
                  "the scenario, replications, seed and run date.</p>\n");
    }
    if (r->compare) {
        /* The differences first, then the scenarios side by side, each
         * in the KPI table's order (the headline's). */
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < r->nk; k++)
                for (size_t i = 0; i < r->n_charts; i++) {
                    const char *nm = r->charts[i].name;
                    const char *lead = pass ? COMPARE : COMPARE_DIFF;

                    if (done[i] || strncmp(nm, lead, strlen(lead)) != 0 ||
                        strcmp(nm + strlen(lead), rpt_kpi(k)->name) != 0)
                        continue;
                    done[i] = 1;
                    compare_figure(r, &r->charts[i], ++num, pname, o);
                }
    } else {
        for (size_t t = 0; t < ARRAY_LEN(run_charts); t++)
            for (size_t i = 0; i < r->n_charts; i++) {
                if (done[i] || strcmp(r->charts[i].name, run_charts[t].name))
                    continue;
                done[i] = 1;
                run_tail(r, run_charts[t].kpi, pname, tail, sizeof(tail));
                figure(&r->charts[i], ++num, run_charts[t].alt,
                       run_charts[t].caption, tail, o);
            }
    }
    /* Anything else in plots/, as it is. */
    for (size_t i = 0; i < r->n_charts; i++) {
        char alt[256];

        if (done[i])
            continue;
        snprintf(alt, sizeof(alt), "Chart %s from the results folder.",
                 r->charts[i].name);
        snprintf(tail, sizeof(tail), " (plots/%s.svg)", r->charts[i].name);
        figure(&r->charts[i], ++num, alt, "A further chart of this result",
               tail, o);
    }
    free(done);
    sb_add(o, "</section>\n");
}
