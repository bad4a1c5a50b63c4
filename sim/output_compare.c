/*
 * output_compare: a scenario comparison: compare.csv and
 * compare_monthly.csv (every KPI, paired differences from the base),
 * compare.md (for a board: a headline table in board units for the
 * selected period, the differences that matter, then every KPI), the
 * manifest, and the overlay and difference charts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "calendar.h"
#include "kpi.h"
#include "output_int.h"
#include "util.h"
#include "wfile.h"

/* What a comparison's files are written from. */
struct cmp {
    const struct run *const *runs; /* [n], runs[0] the base */
    size_t n;
    const struct paired *pd;
    const double *mid; /* [KPI table] */
    int sel;           /* the base's selected period, or -1 */
    const char *run_date;
};

/* Scenario i's summary of KPI k over period p (-1: the whole run). */
static void
value_over(const struct cmp *c, size_t i, int p, size_t k, struct summary *out)
{
    if (p < 0)
        results_kpi(c->runs[i]->res, k, out);
    else
        results_period(c->runs[i]->res, (size_t)p, k, out);
}

/* The paired difference of scenario i over period p (-1: the run). */
static void
diff_over(const struct cmp *c, size_t i, int p, size_t k, struct summary *out)
{
    if (p < 0)
        results_paired_diff(c->pd, i, k, out);
    else
        results_paired_period(c->pd, i, (size_t)p, k, out);
}

/* ",mid,matters" of scenario i's difference d of KPI k. */
static void
w_verdict(struct wfile *w, const struct cmp *c, size_t i, size_t k,
          const struct summary *d)
{
    wfile_printf(w, ",");
    wfile_num(w, c->mid[k], "NA");
    wfile_printf(w, ",%s\n",
                 i == 0 ? "base"
                        : board_verdict_text(board_judge(d, c->mid[k])));
}

static int
write_compare_csv(const struct cmp *c, const char *dir, char *err,
                  size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    const struct scenario *base = c->runs[0]->scn;
    struct wfile w;

    if (wfile_open(&w, dir, "compare.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "kpi,period,scenario,mean,ci95_low,ci95_high,diff_mean,"
                     "diff_ci95_low,diff_ci95_high,mid,matters\n");
    for (size_t k = 0; k < nk; k++) {
        for (int p = -1; p < (int)base->n_report_periods; p++) {
            for (size_t i = 0; i < c->n; i++) {
                struct summary sm, d;

                value_over(c, i, p, k, &sm);
                diff_over(c, i, p, k, &d);
                wfile_printf(&w, "%s,", tab[k].name);
                out_csv_field(&w, out_period_name(base, p));
                wfile_printf(&w, ",");
                out_csv_field(&w, c->runs[i]->scn->name);
                out_csv_ci(&w, &sm);
                out_csv_ci(&w, &d);
                w_verdict(&w, c, i, k, &d);
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

/*
 * compare_monthly.csv: each of the base's months, paired by calendar
 * month; a month a scenario does not report is NA.
 */
static int
write_compare_monthly(const struct cmp *c, const char *dir, char *err,
                      size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int32_t m0 = cal_month_index(c->runs[0]->scn->start_day);
    struct wfile w;

    if (wfile_open(&w, dir, "compare_monthly.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "month,kpi,scenario,mean,ci95_low,ci95_high,diff_mean,"
                     "diff_ci95_low,diff_ci95_high,mid,matters\n");
    for (size_t m = 0; m < c->pd->n_months; m++) {
        int32_t mi = m0 + (int32_t)m;
        char label[8];

        cal_format_month(cal_from_ymd(1970 + mi / 12, mi % 12 + 1, 1), label);
        for (size_t k = 0; k < nk; k++) {
            for (size_t i = 0; i < c->n; i++) {
                const struct results *res = c->runs[i]->res;
                long long own = (long long)m - c->pd->month_off[i];
                struct summary sm = {0, NAN, NAN, NAN, NAN}, d;

                if (own >= 0 && own < (long long)res->n_months)
                    results_month(res, (size_t)own, k, &sm);
                results_paired_month(c->pd, i, m, k, &d);
                wfile_printf(&w, "%s,%s,", label, tab[k].name);
                out_csv_field(&w, c->runs[i]->scn->name);
                out_csv_ci(&w, &sm);
                out_csv_ci(&w, &d);
                w_verdict(&w, c, i, k, &d);
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

/* Markdown table text: '|' would end a cell. */
static void
w_md(struct wfile *w, const char *s)
{
    for (; *s; s++)
        wfile_printf(w, *s == '|' ? "\\|" : "%c", *s);
}

/* A MID in board units ("1 pp", "0.25 days"), or "none set". */
static char *
mid_text(const struct kpi_def *k, double mid, char *buf, size_t len)
{
    if (!(mid > 0)) {
        snprintf(buf, len, "none set");
        return buf;
    }
    return board_size(k, mid, buf, len);
}

/* One row of a table: KPI, base, alternative, difference, MID, verdict. */
static void
md_row(struct wfile *w, const struct cmp *c, size_t i, int p, size_t k,
       int full)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct summary b, a, d;
    char vb[96], va[96], vd[128], vm[64];
    enum board_verdict v;

    value_over(c, 0, p, k, &b);
    value_over(c, i, p, k, &a);
    diff_over(c, i, p, k, &d);
    v = board_judge(&d, c->mid[k]);
    wfile_printf(w, "| ");
    w_md(w, full ? tab[k].label : tab[k].short_label);
    wfile_printf(w, " | ");
    w_md(w, full ? board_value_ci(&tab[k], &b, vb, sizeof(vb))
                 : board_value(&tab[k], b.mean, vb, sizeof(vb)));
    wfile_printf(w, " | ");
    w_md(w, full ? board_value_ci(&tab[k], &a, va, sizeof(va))
                 : board_value(&tab[k], a.mean, va, sizeof(va)));
    wfile_printf(w, " | ");
    w_md(w, board_diff_ci(&tab[k], &d, vd, sizeof(vd)));
    wfile_printf(w, " | %s%s%s | ", v == BOARD_YES ? "**" : "",
                 board_verdict_text(v), v == BOARD_YES ? "**" : "");
    w_md(w, mid_text(&tab[k], c->mid[k], vm, sizeof(vm)));
    wfile_printf(w, " |\n");
}

static void
md_table_head(struct wfile *w, const struct cmp *c, size_t i)
{
    wfile_printf(w, "| KPI | base: ");
    w_md(w, scn_title(c->runs[0]->scn));
    wfile_printf(w, " | ");
    w_md(w, scn_title(c->runs[i]->scn));
    wfile_printf(w, " | difference (95 %% CI) | matters? | MID |\n"
                    "|---|---:|---:|---:|---|---:|\n");
}

/* The differences of scenario i that are large enough to matter. */
static void
md_matters(struct wfile *w, const struct cmp *c, size_t i, int p)
{
    size_t nk, found = 0;
    const struct kpi_def *tab = kpi_table(&nk);

    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < nk; k++) {
            struct summary d;
            enum board_verdict v;
            char vd[128], vm[64];

            diff_over(c, i, p, k, &d);
            v = board_judge(&d, c->mid[k]);
            if (v != (pass == 0 ? BOARD_YES : BOARD_PROBABLY))
                continue;
            wfile_printf(w, "- %s: ", v == BOARD_YES ? "**yes**" : "probably");
            w_md(w, tab[k].short_label);
            wfile_printf(w, " ");
            w_md(w, board_diff_ci(&tab[k], &d, vd, sizeof(vd)));
            wfile_printf(w, " against a MID of ");
            w_md(w, mid_text(&tab[k], c->mid[k], vm, sizeof(vm)));
            wfile_printf(w, " (`%s`)\n", tab[k].name);
            found++;
        }
    }
    if (!found)
        wfile_printf(w, "No difference reaches its minimum important "
                        "difference.\n");
}

/* The opening: what was compared, how, over which days. */
static void
md_opening(struct wfile *w, const struct cmp *c)
{
    const struct scenario *base = c->runs[0]->scn;
    char per[160], whole[64];

    wfile_printf(w, "# ");
    for (size_t i = 1; i < c->n; i++) {
        wfile_printf(w, "%s", i > 1 ? ", " : "");
        w_md(w, scn_title(c->runs[i]->scn));
    }
    wfile_printf(w, " against ");
    w_md(w, scn_title(base));
    wfile_printf(w,
                 "\n\nModelled figures, not observations: %u replications of "
                 "each scenario, seed %llu, with common random numbers (each "
                 "replication sees the same patients in every scenario)",
                 c->runs[0]->replications,
                 (unsigned long long)c->runs[0]->seed);
    for (size_t j = 0; j < base->n_overrides; j++) {
        wfile_printf(w, "%s`--set ", j ? ", " : "; ");
        w_md(w, base->overrides[j]);
        wfile_printf(w, "`");
    }
    for (size_t j = 0; j < base->n_shifts; j++) {
        wfile_printf(w, "%s`--shift ", j || base->n_overrides ? ", " : "; ");
        w_md(w, base->shifts[j]);
        wfile_printf(w, "`");
    }
    wfile_printf(w, "; uecsim %s%s%s.\n\n", UECSIM_VERSION,
                 c->run_date ? ", run " : "", c->run_date ? c->run_date : "");
    board_period(base, c->sel, per, sizeof(per));
    board_dates(base->start_day, base->end_day, whole, sizeof(whole));
    if (c->sel >= 0)
        wfile_printf(w,
                     "Every figure is for **%s**: the reporting period "
                     "`%s` of the base scenario (`--period` chooses "
                     "another). The whole run (%s) is in compare.csv, "
                     "month by month in compare_monthly.csv.\n\n",
                     per, base->report_periods[c->sel].name, whole);
    else
        wfile_printf(w,
                     "Every figure is for **%s** (`--period` chooses a "
                     "reporting period); month by month in "
                     "compare_monthly.csv.\n\n",
                     per);
}

static int
write_compare_md(const struct cmp *c, const char *dir, char *err,
                 size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "compare.md") != 0)
        return wfile_close(&w, err, err_len);
    md_opening(&w, c);
    for (size_t i = 1; i < c->n; i++) {
        wfile_printf(&w, "## Headline: ");
        w_md(&w, scn_title(c->runs[i]->scn));
        wfile_printf(&w, "\n\n");
        md_table_head(&w, c, i);
        for (size_t k = 0; k < nk; k++) {
            struct summary v;

            value_over(c, i, c->sel, k, &v);
            if (kpi_heads(&tab[k], v.n))
                md_row(&w, c, i, c->sel, k, 0);
        }
        wfile_printf(&w, "\nDifferences are ");
        w_md(&w, scn_title(c->runs[i]->scn));
        wfile_printf(&w, " minus ");
        w_md(&w, scn_title(c->runs[0]->scn));
        wfile_printf(&w, ", paired replication by replication, with 95 %% "
                         "confidence intervals; pp are percentage points.\n\n"
                         "### Differences large enough to matter\n\n");
        md_matters(&w, c, i, c->sel);
    }
    wfile_printf(&w,
                 "\n\"Matters?\" reads each difference against the KPI's "
                 "minimum important difference (MID, the smallest change "
                 "worth a board's attention; docs/model.md 5.3, and `--mid "
                 "KPI=VALUE` to set another): **yes** when the whole "
                 "interval lies beyond the MID, probably when the mean does "
                 "but the interval reaches inside it, no when the whole "
                 "interval lies inside it (too small to matter), unclear "
                 "otherwise.\n");
    for (size_t i = 1; i < c->n; i++) {
        wfile_printf(&w, "\n## Every KPI: ");
        w_md(&w, scn_title(c->runs[i]->scn));
        wfile_printf(&w, "\n\nEach value is the mean with its 95 %% "
                         "confidence interval.\n\n");
        md_table_head(&w, c, i);
        for (size_t k = 0; k < nk; k++)
            md_row(&w, c, i, c->sel, k, 1);
    }
    wfile_printf(&w, "\nKPI names as in summary.json and compare.csv, in "
                     "table order: ");
    for (size_t k = 0; k < nk; k++)
        wfile_printf(&w, "%s`%s`", k ? ", " : "", tab[k].name);
    wfile_printf(&w, ".\n");
    return wfile_close(&w, err, err_len);
}

static int
write_compare_manifest(const struct cmp *c, const struct out_opts *o,
                       const char *dir, char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    wfile_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n  \"scenarios\": [");
    for (size_t i = 0; i < c->n; i++) {
        wfile_printf(&w, "%s\n    {\n", i ? "," : "");
        out_scenario_provenance(&w, c->runs[i]->scn, "      ");
        wfile_printf(&w, "\n    }");
    }
    wfile_printf(&w, "\n  ]");
    out_run_provenance(&w, c->runs[0]->seed, c->runs[0]->replications,
                       c->runs[0]->threads, o->cmdline);
    if (c->runs[0]->prec) {
        const struct scenario **s = xcalloc(c->n, sizeof(*s));

        for (size_t i = 0; i < c->n; i++)
            s[i] = c->runs[i]->scn;
        out_precision(&w, c->runs[0]->prec, s, "  ");
        free(s);
    }
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

static int
write_compare_plots(const struct cmp *c, const struct out_opts *o,
                    const char *tmp, char *err, size_t err_len)
{
    const struct scenario *base = c->runs[0]->scn;
    struct plot_set ps = {0, NULL};
    const char **names = xmalloc(c->n * sizeof(*names));
    char *pdir = NULL, foot[512], what[256];
    int rc;

    for (size_t i = 0; i < c->n; i++)
        names[i] = scn_title(c->runs[i]->scn);
    snprintf(what, sizeof(what), "%s%s against %s", scn_title(c->runs[1]->scn),
             c->n > 2 ? " and others" : "", scn_title(base));
    out_caption(foot, sizeof(foot), what, c->runs[0]->replications,
                " each, common random numbers", c->runs[0]->seed,
                base->overrides, base->n_overrides, base->shifts,
                base->n_shifts, o->run_date);
    rc = out_plots_dir(tmp, &pdir, err, err_len);
    if (!rc)
        rc = plot_compare_write(c->runs, names, c->n, pdir, foot, &ps, err,
                                err_len);
    if (!rc)
        rc = plot_compare_diff_write(c->runs, names, c->n, c->pd, c->mid, pdir,
                                     foot, &ps, err, err_len);
    rc = out_render(pdir, &ps, rc, err, err_len);
    free(pdir);
    free(names);
    return rc;
}

int
out_write_compare(const struct run *const *runs, size_t n,
                  const struct paired *pd, const struct out_opts *o, char *err,
                  size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    double *mid = xmalloc(nk * sizeof(*mid));
    struct cmp c = {runs,       n, pd, mid, scn_selected_period(runs[0]->scn),
                    o->run_date};
    char *tmp;
    int rc;

    for (size_t k = 0; k < nk; k++)
        mid[k] = o->mid ? o->mid[k] : tab[k].mid;
    rc = out_begin(o->dir, &tmp, err, err_len);
    if (rc) {
        free(mid);
        return -1;
    }
    rc = write_compare_manifest(&c, o, tmp, err, err_len);
    if (!rc)
        rc = write_compare_csv(&c, tmp, err, err_len);
    if (!rc)
        rc = write_compare_monthly(&c, tmp, err, err_len);
    if (!rc)
        rc = write_compare_md(&c, tmp, err, err_len);
    if (!rc)
        rc = out_kpis_csv(tmp, mid, err, err_len);
    if (!rc) {
        const struct scenario **sc = xmalloc(n * sizeof(*sc));

        for (size_t i = 0; i < n; i++)
            sc[i] = runs[i]->scn;
        rc = out_sources_csv(sc, n, tmp, err, err_len);
        free(sc);
    }
    if (!rc && o->plots)
        rc = write_compare_plots(&c, o, tmp, err, err_len);
    if (!rc)
        rc = out_report(tmp, o, err, err_len);
    free(mid);
    return out_finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}
