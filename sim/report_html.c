/*
 * report_html: the board report's page.  One HTML file with its
 * stylesheet and charts inline and no script, in the order a board
 * paper reads: the question, the headline figures with how sure they
 * are, for a comparison the differences that matter, the charts, what
 * the figures rest on, and the method.  Figures are in the units a
 * board reads (board.h).  Headings go h1, h2, h3 in order; every table
 * has header cells with their scope; every chart has a title for
 * screen readers and a caption that says what it shows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "calendar.h"
#include "kpi.h"
#include "report_int.h"
#include "scenario.h"
#include "util.h"

/* --- words ---------------------------------------------------------------- */

/* --- the frame ------------------------------------------------------------ */

static const char stylesheet[] =
    ":root{--ink:#1b1b1b;--muted:#454545;--rule:#bdbdbd;--accent:#005a9c;"
    "--box:#fff6e5;--boxrule:#a8550a}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;"
    "color:var(--ink);background:#fff;line-height:1.45;font-size:15px}\n"
    "body{margin:0 auto;max-width:62rem;padding:1.5rem 1.5rem 3rem}\n"
    "h1{font-size:1.75rem;margin:.2rem 0 .6rem;line-height:1.2}\n"
    "h2{font-size:1.3rem;border-bottom:2px solid var(--accent);"
    "padding-bottom:.2rem;margin:2.2rem 0 .8rem}\n"
    "h3{font-size:1.08rem;margin:1.4rem 0 .5rem}\n"
    "p,li,dd{max-width:48rem}\n"
    ".kicker{text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;"
    "color:var(--muted);margin:0}\n"
    ".lede{font-size:1.05rem}\n"
    ".muted,small{color:var(--muted)}\n"
    "table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;"
    "font-size:.9rem}\n"
    "caption{text-align:left;font-weight:700;padding:.3rem 0}\n"
    "th,td{border-bottom:1px solid var(--rule);padding:.35rem .5rem;"
    "text-align:left;vertical-align:top}\n"
    "thead th{border-bottom:2px solid var(--ink);vertical-align:bottom}\n"
    "tbody th{font-weight:600}\n"
    "td.num{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".yes{font-weight:700}\n"
    ".flag{display:block;font-size:.8rem;color:var(--boxrule)}\n"
    "table.notes td:first-child{width:24%}\n"
    "table.notes td:nth-child(2){width:18%}\n"
    "table.notes td:nth-child(3){width:9%}\n"
    "figure{margin:1.4rem 0;break-inside:avoid;page-break-inside:avoid}\n"
    "svg.chart{display:block;width:100%;height:auto;"
    "border:1px solid var(--rule)}\n"
    "figcaption{font-size:.9rem;margin-top:.45rem;max-width:none}\n"
    ".box{border:2px solid var(--boxrule);background:var(--box);"
    "padding:.2rem 1rem .6rem;margin:1.4rem 0}\n"
    ".box h3{margin-top:.8rem}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.85em;"
    "overflow-wrap:anywhere}\n"
    "dl{display:grid;grid-template-columns:12rem 1fr;gap:.4rem 1rem}\n"
    "dt{font-weight:700}dd{margin:0}\n"
    "nav ol{margin:.3rem 0;padding-left:1.4rem}\n"
    "a{color:var(--accent)}\n"
    "footer{margin-top:3rem;border-top:1px solid var(--rule);"
    "padding-top:.6rem;font-size:.85rem;color:var(--muted)}\n"
    "@page{size:A4;margin:14mm 14mm 16mm}\n"
    "@media print{html{font-size:10pt}body{max-width:none;padding:0}"
    "section.page{break-before:page;page-break-before:always}"
    "h2,h3{break-after:avoid;page-break-after:avoid}"
    "tr,dl>*{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}"
    "a{color:inherit;text-decoration:none}"
    "svg.chart{max-height:118mm}}\n";

static void
head(const struct rpt *r, const char *title, struct sbuf *o)
{
    sb_add(o, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
              "<meta charset=\"utf-8\">\n");
    sb_add(o, "%s %s\">\n", RPT_GENERATOR, r->version);
    /* Nothing is fetched and nothing runs: the page stands alone. */
    sb_add(o,
           "<meta http-equiv=\"Content-Security-Policy\" "
           "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n<title>%s: ",
           RPT_TITLE_MARK);
    sb_esc(o, title);
    sb_add(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", stylesheet);
}

/* --- the question --------------------------------------------------------- */

static void
question(const struct rpt *r, struct sbuf *o)
{
    sb_add(o, "<section id=\"question\">\n<h2>The question</h2>\n");
    for (size_t i = 0; i < r->n_scn; i++) {
        const struct rpt_scn *s = &r->scn[i];

        if (r->compare) {
            sb_add(o, "<h3>");
            sb_esc(o, s->title);
            sb_add(o, "%s</h3>\n", i == 0 ? " (the base)" : "");
        }
        sb_add(o, "<p>");
        sb_esc(o, *s->description ? s->description
                                  : "(the scenario has no description)");
        sb_add(o, "</p>\n");
    }
    if (r->compare)
        sb_add(o, "<p>Each alternative is compared with the base: the same "
                  "patients arrive in both (common random numbers), so a "
                  "difference comes from the change, not from chance.</p>\n");
    sb_add(o, "</section>\n");
}

/* --- the headline ----------------------------------------------------------
 */

/* A standard or target in board units, without the zeros a constant
 * does not have: "76 %", "15 min", "258 patients". */
static char *
level_text(const struct kpi_def *d, double x, char *buf, size_t len)
{
    char *dot, *end;

    board_value(d, x, buf, len);
    dot = strchr(buf, '.');
    if (!dot)
        return buf;
    end = dot + 1 + strspn(dot + 1, "0123456789");
    {
        char *z = end;

        while (z > dot + 1 && z[-1] == '0')
            z--;
        if (z == dot + 1)
            z = dot;
        memmove(z, end, strlen(end) + 1);
    }
    return buf;
}

/* "at most 92 % (national target): not met" and the plan's, for KPI k
 * and its figure v. */
static void
standards_cell(const struct rpt_scn *s, size_t k, const struct summary *v,
               struct sbuf *o)
{
    const struct kpi_def *d = rpt_kpi(k);
    char x[96];
    int any = 0;

    if (d->standard) {
        level_text(d, d->standard->value, x, sizeof(x));
        sb_add(o, "%s %s (national %s): <strong>%s</strong>",
               d->standard->at_most ? "at most" : "at least", x,
               d->standard->word,
               rpt_meets(v, d->standard->value, d->standard->at_most));
        any = 1;
    }
    for (size_t t = 0; t < s->n_targets; t++) {
        if (strcmp(s->targets[t].kpi, d->name) != 0)
            continue;
        level_text(d, s->targets[t].value, x, sizeof(x));
        sb_add(o, "%s%s %s (", any ? "; " : "",
               s->targets[t].at_most ? "at most" : "at least", x);
        sb_esc(o, *s->targets[t].label ? s->targets[t].label : "plan");
        sb_add(o, "): <strong>%s</strong>",
               rpt_meets(v, s->targets[t].value, s->targets[t].at_most));
        any = 1;
    }
    if (!any)
        sb_add(o, "<span class=\"muted\">none set</span>");
}

static void
value_cell(const struct rpt *r, const struct summary *v, size_t k, int flag,
           struct sbuf *o)
{
    char buf[192];
    double bar;

    sb_add(o, "<td class=\"num\">");
    sb_esc(o, board_value_ci(rpt_kpi(k), v, buf, sizeof(buf)));
    if (flag && rpt_listed(r, v, k, &bar))
        sb_add(o, "<span class=\"flag\">wide interval: see "
                  "&ldquo;How sure&rdquo;</span>");
    sb_add(o, "</td>");
}

static void
run_headline(const struct rpt *r, const char *per, struct sbuf *o)
{
    const struct rpt_scn *s = &r->scn[0];
    int whole = strcmp(s->headline, "all") == 0;
    char run[80];

    rpt_dates_words(s->start, s->end, run, sizeof(run));
    sb_add(o, "<table id=\"headline-table\">\n<caption>Headline measures, ");
    sb_esc(o, per);
    sb_add(o, "</caption>\n<thead><tr><th scope=\"col\">Measure</th>"
              "<th scope=\"col\">Modelled, mean (95 %% interval)</th>"
              "<th scope=\"col\">Standard or plan: met?</th>");
    if (!whole) {
        sb_add(o, "<th scope=\"col\">Whole run, ");
        sb_esc(o, run);
        sb_add(o, "</th>");
    }
    sb_add(o, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < r->nk; k++) {
        if (!kpi_heads(rpt_kpi(k), r->val[k].n))
            continue;
        sb_add(o, "<tr><th scope=\"row\">");
        sb_esc(o, rpt_kpi(k)->short_label);
        sb_add(o, "</th>");
        value_cell(r, &r->val[k], k, 1, o);
        sb_add(o, "<td>");
        standards_cell(s, k, &r->val[k], o);
        sb_add(o, "</td>");
        if (!whole)
            value_cell(r, &r->val_all[k], k, 0, o);
        sb_add(o, "</tr>\n");
    }
    sb_add(o, "</tbody>\n</table>\n");
    if (!r->n_sites)
        return;
    sb_add(o, "<h3>By site</h3>\n<table id=\"site-table\">\n<caption>Headline "
              "measures by site, ");
    sb_esc(o, per);
    sb_add(o, "</caption>\n<thead><tr><th scope=\"col\">Measure</th>");
    for (size_t i = 0; i < r->n_sites; i++) {
        sb_add(o, "<th scope=\"col\">");
        sb_esc(o, r->sites[i].title);
        sb_add(o, "</th>");
    }
    sb_add(o, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < r->nk; k++) {
        if (!kpi_heads(rpt_kpi(k), r->val[k].n))
            continue;
        sb_add(o, "<tr><th scope=\"row\">");
        sb_esc(o, rpt_kpi(k)->short_label);
        sb_add(o, "</th>");
        for (size_t i = 0; i < r->n_sites; i++) {
            if (rpt_kpi(k)->system)
                sb_add(o, "<td class=\"muted\">the system's only</td>");
            else
                value_cell(r, &r->site_val[i * r->nk + k], k, 0, o);
        }
        sb_add(o, "</tr>\n");
    }
    sb_add(o, "</tbody>\n</table>\n");
}

static const char *
verdict_class(enum board_verdict v)
{
    return v == BOARD_YES ? " class=\"yes\"" : "";
}

static void
compare_headline(const struct rpt *r, const char *per, struct sbuf *o)
{
    const struct rpt_scn *base = &r->scn[0];

    for (size_t i = 1; i < r->n_scn; i++) {
        if (r->n_scn > 2) {
            sb_add(o, "<h3>");
            sb_esc(o, r->scn[i].title);
            sb_add(o, "</h3>\n");
        }
        sb_add(o, "<table%s>\n<caption>",
               i == 1 ? " id=\"headline-table\"" : "");
        sb_esc(o, r->scn[i].title);
        sb_add(o, " against ");
        sb_esc(o, base->title);
        sb_add(o, ", ");
        sb_esc(o, per);
        sb_add(o, "</caption>\n<thead><tr><th scope=\"col\">Measure</th>"
                  "<th scope=\"col\">Base: ");
        sb_esc(o, base->title);
        sb_add(o, "</th><th scope=\"col\">");
        sb_esc(o, r->scn[i].title);
        sb_add(o, "</th><th scope=\"col\">Difference (95 %% interval)</th>"
                  "<th scope=\"col\">Matters?</th></tr></thead>\n<tbody>\n");
        for (size_t k = 0; k < r->nk; k++) {
            const struct kpi_def *d = rpt_kpi(k);
            const struct summary *df = &r->diff[i * r->nk + k];
            enum board_verdict v = board_judge(df, r->mid[k]);
            char buf[192];

            if (!kpi_heads(d, r->val[i * r->nk + k].n))
                continue;
            sb_add(o, "<tr><th scope=\"row\">");
            sb_esc(o, d->short_label);
            sb_add(o, "</th><td class=\"num\">");
            sb_esc(o, board_value(d, r->val[k].mean, buf, sizeof(buf)));
            sb_add(o, "</td><td class=\"num\">");
            sb_esc(o, board_value(d, r->val[i * r->nk + k].mean, buf,
                                  sizeof(buf)));
            sb_add(o, "</td><td class=\"num\">");
            sb_esc(o, board_diff_ci(d, df, buf, sizeof(buf)));
            sb_add(o, "</td><td%s>%s</td></tr>\n", verdict_class(v),
                   board_verdict_text(v));
        }
        sb_add(o, "</tbody>\n</table>\n");
    }
    sb_add(o,
           "<p class=\"muted\">Differences are the alternative minus the "
           "base, replication by replication, with 95 %% intervals; pp are "
           "percentage points.  &ldquo;Matters?&rdquo; reads the difference "
           "against the measure&rsquo;s minimum important difference (MID), "
           "the smallest change worth a board&rsquo;s attention: "
           "<strong>yes</strong> when the whole interval lies beyond it, "
           "probably when the mean does but the interval reaches inside, no "
           "when the whole interval lies inside it, unclear otherwise.</p>\n");
}

static void
headline(const struct rpt *r, struct sbuf *o)
{
    char per[160];
    const char *pname;

    rpt_period_words(&r->scn[0], per, sizeof(per), &pname);
    sb_add(o, "<section id=\"headline\">\n<h2>Headline figures: ");
    sb_esc(o, per);
    sb_add(o,
           "</h2>\n<p>Modelled figures, not observations: each is the "
           "mean over %u replications of the scenario (possible years "
           "with the same inputs), with its 95 %% confidence interval, "
           "which says how sure the model is of its own mean, not whether "
           "the inputs are right.",
           r->replications);
    if (strcmp(r->scn[0].headline, "all") != 0 &&
        strcmp(r->scn[0].headline, "winter") == 0)
        sb_add(o, "  The scenario names this period and the report leads "
                  "with it; the whole run is in the results folder.");
    sb_add(o, "</p>\n");
    rpt_in_short(r, pname, o);
    if (r->compare)
        compare_headline(r, per, o);
    else
        run_headline(r, per, o);
    rpt_quality(r, pname, o);
    sb_add(o, "</section>\n");
}

/* --- differences that matter -----------------------------------------------
 */

static void
differences(const struct rpt *r, struct sbuf *o)
{
    char per[160];
    const char *pname;

    rpt_period_words(&r->scn[0], per, sizeof(per), &pname);
    sb_add(o, "<section id=\"differences\" class=\"page\">\n"
              "<h2>Differences that matter</h2>\n<p>Every measure whose "
              "difference from the base, over ");
    sb_esc(o, per);
    sb_add(o, ", reaches its minimum important difference (yes) or "
              "probably does; the rest are too small to matter or "
              "unclear (every measure is in compare.csv).</p>\n");
    for (size_t i = 1; i < r->n_scn; i++) {
        size_t rows = 0;

        sb_add(o, "<h3>");
        sb_esc(o, r->scn[i].title);
        sb_add(o, " against ");
        sb_esc(o, r->scn[0].title);
        sb_add(o, "</h3>\n");
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < r->nk; k++) {
                const struct kpi_def *d = rpt_kpi(k);
                const struct summary *df = &r->diff[i * r->nk + k];
                enum board_verdict v = board_judge(df, r->mid[k]);
                char buf[192];

                if (v != (pass ? BOARD_PROBABLY : BOARD_YES))
                    continue;
                if (rows++ == 0)
                    sb_add(o, "<table>\n<thead><tr><th scope=\"col\">Measure"
                              "</th><th scope=\"col\">Difference (95 %% "
                              "interval)</th><th scope=\"col\">MID</th>"
                              "<th scope=\"col\">Matters?</th></tr></thead>"
                              "\n<tbody>\n");
                sb_add(o, "<tr><th scope=\"row\">");
                sb_esc(o, d->short_label);
                sb_add(o, "</th><td class=\"num\">");
                sb_esc(o, board_diff_ci(d, df, buf, sizeof(buf)));
                sb_add(o, "</td><td class=\"num\">");
                sb_esc(o, board_size(d, r->mid[k], buf, sizeof(buf)));
                sb_add(o, "</td><td%s>%s</td></tr>\n", verdict_class(v),
                       board_verdict_text(v));
            }
        if (rows)
            sb_add(o, "</tbody>\n</table>\n");
        else
            sb_add(o, "<p>No difference reaches its minimum important "
                      "difference.</p>\n");
    }
    sb_add(o, "</section>\n");
}

/* --- method ------------------------------------------------------------------
 */

static void
list_or_none(char *const *v, size_t n, const char *opt, struct sbuf *o)
{
    for (size_t i = 0; i < n; i++) {
        sb_add(o, "%s<code>%s ", i ? "<br>" : "", opt);
        sb_esc(o, v[i]);
        sb_add(o, "</code>");
    }
}

static void
method(const struct rpt *r, const char *date, struct sbuf *o)
{
    const struct rpt_scn *s = &r->scn[0];
    char run[80], per[160];
    const char *pname;
    size_t n_ov = 0;

    rpt_dates_words(s->start, s->end, run, sizeof(run));
    rpt_period_words(s, per, sizeof(per), &pname);
    sb_add(o, "<section id=\"method\" class=\"page\">\n<h2>Method in brief"
              "</h2>\n<dl>\n");
    sb_add(o,
           "<dt>The model</dt><dd>uecsim %s, a discrete-event simulation "
           "that follows each patient through urgent and emergency care: "
           "ED arrivals on foot and by ambulance, ambulance handover, ED "
           "majors and minors spaces, admission, G&amp;A beds (by site "
           "where the scenario lists its sites), same-day stays, virtual "
           "wards, patients with no criteria to reside, discharge "
           "processes and pathways 0 to 3 with a limited number of places, "
           "electives, OPEL escalation, bank holidays and industrial "
           "action.  A patient holds a bed, a space or an ambulance while "
           "waiting for the next step, so delays downstream reach the "
           "front door as they do in a hospital.</dd>\n",
           r->version);
    sb_add(o, "<dt>Not modelled</dt><dd>Ambulance dispatch and response "
              "times, urgent community response, mental-health beds, "
              "transfers between sites, specialties within a site, deaths "
              "and readmissions other than from a virtual ward.  Every input "
              "is a number of the scenario (see Assumptions and sources), "
              "not data observed during the run; docs/model.md lists the "
              "assumptions and known limitations.</dd>\n");
    sb_add(o,
           "<dt>Replications</dt><dd>%u, each an independent possible "
           "year with the same inputs; figures are means over them with "
           "95 %% confidence intervals (Student t).%s</dd>\n",
           r->replications,
           r->compare ? "  Every scenario runs the same replications with the "
                        "same random numbers (common random numbers), so "
                        "each difference is paired replication by "
                        "replication."
                      : "");
    sb_add(o,
           "<dt>Seed</dt><dd>%llu (the same seed gives the same figures, "
           "byte for byte)</dd>\n",
           r->seed);
    sb_add(o,
           "<dt>Period</dt><dd>Simulated %s after a warm-up of %d days "
           "that is not reported (the model starts empty); headline "
           "figures over ",
           run, s->warm_up_days);
    sb_esc(o, per);
    sb_add(o, ".</dd>\n<dt>Overrides</dt><dd>");
    for (size_t i = 0; i < r->n_scn; i++)
        n_ov += r->scn[i].n_sets + r->scn[i].n_shifts;
    if (!n_ov) {
        sb_add(o, "None: the scenario files as they are.");
    } else {
        /* Compare applies every override to every scenario. */
        list_or_none(s->sets, s->n_sets, "--set", o);
        sb_add(o, "%s", s->n_sets && s->n_shifts ? "<br>" : "");
        list_or_none(s->shifts, s->n_shifts, "--shift", o);
    }
    sb_add(o, "</dd>\n<dt>Scenario files</dt><dd>");
    for (size_t i = 0; i < r->n_scn; i++) {
        const struct rpt_scn *x = &r->scn[i];

        sb_add(o, "%s", i ? "<br>" : "");
        if (r->compare) {
            sb_esc(o, x->title);
            sb_add(o, ": ");
        }
        for (size_t f = 0; f < x->n_files; f++) {
            sb_add(o, "%s<code>", f ? ", extending " : "");
            sb_esc(o, x->files[f]);
            sb_add(o, "</code>");
        }
        sb_add(o, " (FNV-1a <code>");
        sb_esc(o, x->hash);
        sb_add(o, "</code>)");
    }
    sb_add(o, "</dd>\n<dt>Software</dt><dd>uecsim ");
    sb_esc(o, r->version);
    sb_add(o, ", GSL ");
    sb_esc(o, r->gsl_version);
    sb_add(o, ", cJSON ");
    sb_esc(o, r->cjson_version);
    sb_add(o, "; command: <code>");
    sb_esc(o, r->cmdline);
    sb_add(o, "</code></dd>\n<dt>Results folder</dt><dd>");
    sb_add(o, r->compare
                  ? "compare.csv (every measure over the whole run and each "
                    "period), compare_monthly.csv (month by month), "
                    "compare.md, "
                  : "summary.json (every measure over the whole run and each "
                    "period), monthly.csv, daily.csv, ");
    sb_add(o, "kpis.csv (what each measure is, and its minimum important "
              "difference), sources.csv (the inputs above), manifest.json "
              "and plots/.</dd>\n");
    if (date) {
        sb_add(o, "<dt>Report written</dt><dd>");
        sb_esc(o, date);
        sb_add(o, "</dd>\n");
    }
    sb_add(o, "</dl>\n</section>\n");
}

/* --- the page
 * ------------------------------------------------------------------ */

void
rpt_page(const struct rpt *r, const char *date, struct sbuf *o)
{
    struct sbuf title = {NULL, 0, 0};
    char per[160];
    const char *pname;
    char *t;

    if (r->compare) {
        rpt_alternatives(r, &title);
        sb_add(&title, " against %s", r->scn[0].title);
    } else {
        sb_add(&title, "%s", r->scn[0].title);
    }
    t = sb_take(&title, NULL);
    rpt_period_words(&r->scn[0], per, sizeof(per), &pname);
    head(r, t, o);
    sb_add(o, "<header>\n<p class=\"kicker\">Board report &middot; modelled "
              "figures, not observations</p>\n<h1>");
    sb_esc(o, t);
    sb_add(o,
           "</h1>\n<p class=\"lede\">What %u replications of the uecsim "
           "model say about ",
           r->replications);
    sb_esc(o, per);
    sb_add(o, "%s.</p>\n",
           r->compare ? ", and which differences are large enough to matter"
                      : "");
    sb_add(o, "<nav aria-label=\"Contents\"><ol>\n"
              "<li><a href=\"#question\">The question</a></li>\n"
              "<li><a href=\"#headline\">Headline figures</a> and "
              "<a href=\"#quality\">how sure</a></li>\n");
    if (r->compare)
        sb_add(o, "<li><a href=\"#differences\">Differences that "
                  "matter</a></li>\n");
    sb_add(o, "<li><a href=\"#charts\">Charts</a></li>\n"
              "<li><a href=\"#assumptions\">Assumptions and sources</a></li>\n"
              "<li><a href=\"#method\">Method in brief</a></li>\n</ol></nav>\n"
              "</header>\n<main>\n");
    question(r, o);
    headline(r, o);
    if (r->compare)
        differences(r, o);
    rpt_charts(r, o);
    rpt_assumptions(r, o);
    method(r, date, o);
    sb_add(o, "</main>\n<footer><p>Written by uecsim ");
    sb_esc(o, r->version);
    sb_add(o,
           " from the files of this results folder%s%s.  Modelled "
           "figures, not observations.</p></footer>\n</body>\n</html>\n",
           date ? " on " : "", date ? date : "");
    free(t);
}
