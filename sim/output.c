/*
 * output: manifest, summary, monthly and daily files, written to a
 * temporary folder and swapped into place (include/resdir.h).
 */
#include "output.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "kpi.h"
#include "output_int.h"
#include "plot.h"
#include "resdir.h"
#include "results.h"
#include "stats.h"
#include "util.h"
#include "wfile.h"

/* --- text in files (include/wfile.h) ----------------------------------------
 */

static void
w_json_string(struct wfile *w, const char *s)
{
    wfile_json_string(w, s);
}

/* A number for JSON (null when undefined) or CSV (NA when undefined). */
static void
w_num(struct wfile *w, double x, const char *undefined)
{
    wfile_num(w, x, undefined);
}

/* ",mean,ci95_low,ci95_high" of a summary, NA where undefined. */
static void
w_csv_ci(struct wfile *w, const struct summary *sm)
{
    wfile_printf(w, ",");
    w_num(w, sm->mean, "NA");
    wfile_printf(w, ",");
    w_num(w, sm->ci95_low, "NA");
    wfile_printf(w, ",");
    w_num(w, sm->ci95_high, "NA");
}

/* ",\n"overrides": [...]" of --set strings. */
static void
w_overrides(struct wfile *w, char *const *sets, size_t n, const char *ind)
{
    wfile_printf(w, ",\n%s\"overrides\": [", ind);
    for (size_t i = 0; i < n; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        w_json_string(w, sets[i]);
    }
    wfile_printf(w, "]");
}

/* ",\n"shifts": [...]", only when --shift was given. */
static void
w_shifts(struct wfile *w, char *const *shifts, size_t n, const char *ind)
{
    if (n == 0)
        return;
    wfile_printf(w, ",\n%s\"shifts\": [", ind);
    for (size_t i = 0; i < n; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        w_json_string(w, shifts[i]);
    }
    wfile_printf(w, "]");
}

/*
 * A chart footnote: what, then the overrides (cut short on a long
 * command line), then the version, " | "-separated.
 */
static void
footnote(char *buf, size_t len, const char *what, char *const *sets,
         size_t n_sets, char *const *shifts, size_t n_shifts)
{
    char ov[160] = "";
    size_t n = 0;

    for (size_t i = 0; i < n_sets + n_shifts && n < sizeof(ov); i++)
        n += (size_t)snprintf(ov + n, sizeof(ov) - n, "%s%s %s", i ? " " : "",
                              i < n_sets ? "--set" : "--shift",
                              i < n_sets ? sets[i] : shifts[i - n_sets]);
    if (n >= sizeof(ov))
        memcpy(ov + sizeof(ov) - 4, "...", 4);
    snprintf(buf, len, "%s%s%s | uecsim %s", what, n ? " | " : "", ov,
             UECSIM_VERSION);
}

/* The provenance of one scenario, as JSON members at the given indent. */
static void
w_scenario_provenance(struct wfile *w, const struct scenario *s,
                      const char *ind)
{
    char start[11], end[11];

    cal_format(s->start_day, start);
    cal_format(s->end_day, end);
    wfile_printf(w, "%s\"scenario\": ", ind);
    w_json_string(w, s->name);
    wfile_printf(w, ",\n%s\"scenario_path\": ", ind);
    w_json_string(w, s->path);
    wfile_printf(w, ",\n%s\"scenario_files\": [", ind);
    for (size_t i = 0; i < s->n_files; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        w_json_string(w, s->files[i]);
    }
    wfile_printf(w, "]");
    wfile_printf(w, ",\n%s\"scenario_fnv1a64\": \"%016llx\"", ind,
                 s->file_hash);
    w_overrides(w, s->overrides, s->n_overrides, ind);
    w_shifts(w, s->shifts, s->n_shifts, ind);
    wfile_printf(w,
                 ",\n%s\"period\": {\"start\": \"%s\", \"end\": \"%s\", "
                 "\"warm_up_days\": %d}",
                 ind, start, end, (int)s->warm_up_days);
}

/* The run-wide members: versions, seed, replications, threads, command. */
static void
w_run_provenance(struct wfile *w, uint64_t seed, uint32_t replications,
                 int threads, const char *cmdline)
{
    wfile_printf(w, ",\n  \"seed\": %llu", (unsigned long long)seed);
    wfile_printf(w, ",\n  \"replications\": %u", replications);
    wfile_printf(w, ",\n  \"threads\": %d", threads);
    wfile_printf(w, ",\n  \"gsl_version\": ");
    w_json_string(w, stats_gsl_version());
    wfile_printf(w, ",\n  \"cjson_version\": ");
    w_json_string(w, scn_cjson_version());
    wfile_printf(w, ",\n  \"command_line\": ");
    w_json_string(w, cmdline ? cmdline : "");
}

/* A site's title, or its name when it has none. */
static const char *
site_title(const struct site *st)
{
    return st->title ? st->title : st->name;
}

/* The listed sites as a JSON member (nothing for the implicit site). */
static void
w_sites(struct wfile *w, const struct scenario *s)
{
    if (!s->has_sites)
        return;
    wfile_printf(w, ",\n  \"sites\": [");
    for (size_t k = 0; k < s->n_sites; k++) {
        wfile_printf(w, "%s\n    {\"name\": ", k ? "," : "");
        w_json_string(w, s->sites[k].name);
        wfile_printf(w, ", \"title\": ");
        w_json_string(w, site_title(&s->sites[k]));
        wfile_printf(w, "}");
    }
    wfile_printf(w, "\n  ]");
}

/* The name of bucket b in the CSV files: "system", or the site's. */
static const char *
bucket_name(const struct scenario *s, size_t b)
{
    return b == 0 ? "system" : s->sites[b - 1].name;
}

static int
write_manifest(const struct run *r, const struct out_opts *o, const char *dir,
               char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n");
    w_scenario_provenance(&w, r->scn, "  ");
    w_run_provenance(&w, r->seed, r->replications, r->threads, o->cmdline);
    w_sites(&w, r->scn);
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

/* Every KPI of bucket b over the whole period, as "kpis" members. */
static void
w_kpis(struct wfile *w, const struct results *res, size_t b, const char *ind)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    for (size_t k = 0; k < n; k++) {
        struct summary sm;

        results_kpi_in(res, b, k, &sm);
        wfile_printf(w, "%s\n%s\"%s\": {\"mean\": ", k ? "," : "", ind,
                     tab[k].name);
        w_num(w, sm.mean, "null");
        wfile_printf(w, ", \"ci95_low\": ");
        w_num(w, sm.ci95_low, "null");
        wfile_printf(w, ", \"ci95_high\": ");
        w_num(w, sm.ci95_high, "null");
        wfile_printf(w, ", \"sd\": ");
        w_num(w, sm.sd, "null");
        wfile_printf(w, ", \"n\": %zu}", sm.n);
    }
}

/*
 * summary.json: "kpis" is the whole system; with listed sites, "sites"
 * holds each site's, where a system-wide KPI (virtual wards, pathway
 * places, OPEL) is null.
 */
static int
write_summary(const struct run *r, const char *dir, char *err, size_t err_len)
{
    const struct scenario *s = r->scn;
    struct wfile w;
    char start[11], end[11];

    if (wfile_open(&w, dir, "summary.json") != 0)
        return wfile_close(&w, err, err_len);
    cal_format(s->start_day, start);
    cal_format(s->end_day, end);
    wfile_printf(&w, "{\n  \"scenario\": ");
    w_json_string(&w, s->name);
    wfile_printf(&w, ",\n  \"replications\": %u", r->replications);
    wfile_printf(&w, ",\n  \"period\": {\"start\": \"%s\", \"end\": \"%s\"}",
                 start, end);
    wfile_printf(&w, ",\n  \"kpis\": {");
    w_kpis(&w, r->res, 0, "    ");
    wfile_printf(&w, "\n  }");
    if (s->has_sites) {
        wfile_printf(&w, ",\n  \"sites\": {");
        for (size_t k = 0; k < s->n_sites; k++) {
            wfile_printf(&w, "%s\n    ", k ? "," : "");
            w_json_string(&w, s->sites[k].name);
            wfile_printf(&w, ": {\n      \"title\": ");
            w_json_string(&w, site_title(&s->sites[k]));
            wfile_printf(&w, ",\n      \"kpis\": {");
            w_kpis(&w, r->res, 1 + k, "        ");
            wfile_printf(&w, "\n      }\n    }");
        }
        wfile_printf(&w, "\n  }");
    }
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

/* monthly.csv: the system's block of months, then each listed site's. */
static int
write_monthly(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int32_t m0 = cal_month_index(r->scn->start_day);
    size_t months = r->res->n_months;
    struct wfile w;

    if (wfile_open(&w, dir, "monthly.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "month,site,kpi,mean,ci95_low,ci95_high\n");
    for (size_t b = 0; b < r->res->n_buckets; b++) {
        const char *site = bucket_name(r->scn, b);

        for (size_t m = 0; m < months; m++) {
            int32_t mi = m0 + (int32_t)m;
            char label[8];

            cal_format_month(cal_from_ymd(1970 + mi / 12, mi % 12 + 1, 1),
                             label);
            for (size_t k = 0; k < n; k++) {
                struct summary sm;

                results_month_in(r->res, b, m, k, &sm);
                wfile_printf(&w, "%s,%s,%s", label, site, tab[k].name);
                w_csv_ci(&w, &sm);
                wfile_printf(&w, "\n");
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

/* daily.csv: the system's block of days, then each listed site's. */
static int
write_daily(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    const struct results *res = r->res;
    struct wfile w;

    if (wfile_open(&w, dir, "daily.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "date,site,metric,mean,p05,p25,p50,p75,p95\n");
    for (size_t b = 0; b < res->n_buckets; b++) {
        const char *site = bucket_name(r->scn, b);

        for (size_t d = 0; d < res->n_days; d++) {
            char date[11];

            cal_format(r->scn->start_day + (int32_t)d, date);
            for (size_t j = 0; j < res->n_daily; j++) {
                struct spread sp;

                results_day_in(res, b, d, j, &sp);
                wfile_printf(&w, "%s,%s,%s,", date, site,
                             tab[res->daily_kpi[j]].name);
                w_num(&w, sp.mean, "NA");
                for (int q = 0; q < STATS_NQ; q++) {
                    wfile_printf(&w, ",");
                    w_num(&w, sp.q[q], "NA");
                }
                wfile_printf(&w, "\n");
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

static char *
path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/*
 * The results folder's life is resdir's (include/resdir.h): the temporary
 * folder beside dir, signals held while it is written, the checked and
 * atomic swap into place.  Returns 0 and an owned path in *tmp, or -1
 * with a message.
 */
static int
begin(const char *dir, char **tmp, char *err, size_t err_len)
{
    return resdir_begin(dir, tmp, err, err_len);
}

/* Commit tmp as dir when rc is 0; remove it otherwise.  Returns rc. */
static int
finish(char *tmp, const char *dir, int rc, char *err, size_t err_len)
{
    return resdir_finish(tmp, dir, rc, err, err_len);
}

static int
make_plots_dir(const char *tmp, char **pdir, char *err, size_t err_len)
{
    *pdir = path_join(tmp, "plots");
    if (mkdir(*pdir, 0755) != 0) {
        snprintf(err, err_len, "cannot create %s: %s", *pdir, strerror(errno));
        return 1;
    }
    return 0;
}

/*
 * Draw the charts written into pdir (when rc is 0): rendering is the
 * last step, so every .dat and .gp is checked written before gnuplot
 * runs.  Frees the set; returns rc or the rendering's failure.
 */
static int
render_plots(const char *pdir, struct plot_set *ps, int rc, char *err,
             size_t err_len)
{
    if (!rc)
        rc = plot_render(pdir, ps, err, err_len);
    plot_set_release(ps);
    return rc;
}

/* Each site's charts in plots/SITE/, drawn site by site. */
static int
write_site_plots(const struct run *r, const char *pdir, const char *foot,
                 char *err, size_t err_len)
{
    int rc = 0;

    for (size_t k = 0; k < r->scn->n_sites && !rc; k++) {
        struct plot_set ps = {0, NULL};
        char *sdir = path_join(pdir, r->scn->sites[k].name);

        if (mkdir(sdir, 0755) != 0) {
            snprintf(err, err_len, "cannot create %s: %s", sdir,
                     strerror(errno));
            rc = 1;
        }
        if (!rc)
            rc = plot_site_write(r, k, sdir, foot, &ps, err, err_len);
        rc = render_plots(sdir, &ps, rc, err, err_len);
        free(sdir);
    }
    return rc;
}

int
out_write(const struct run *r, const struct out_opts *o, char *err,
          size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_manifest(r, o, tmp, err, err_len);
    if (!rc)
        rc = write_summary(r, tmp, err, err_len);
    if (!rc)
        rc = write_monthly(r, tmp, err, err_len);
    if (!rc)
        rc = write_daily(r, tmp, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        char what[256];

        snprintf(what, sizeof(what),
                 "scenario %s | %u replications | seed %llu", r->scn->name,
                 r->replications, (unsigned long long)r->seed);
        footnote(foot, sizeof(foot), what, r->scn->overrides,
                 r->scn->n_overrides, r->scn->shifts, r->scn->n_shifts);
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_run_write(r, pdir, foot, &ps, err, err_len);
        rc = render_plots(pdir, &ps, rc, err, err_len);
        if (!rc && o->site_plots && r->scn->has_sites)
            rc = write_site_plots(r, pdir, foot, err, err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}

/* --- scenario comparison ------------------------------------------------- */

static void
w_csv_field(struct wfile *w, const char *s)
{
    /* Scenario names are [A-Za-z0-9._-], but be safe for CSV anyway. */
    if (strpbrk(s, ",\"\n")) {
        wfile_printf(w, "\"");
        for (; *s; s++)
            wfile_printf(w, *s == '"' ? "\"\"" : "%c", *s);
        wfile_printf(w, "\"");
    } else {
        wfile_printf(w, "%s", s);
    }
}

static int
write_compare_csv(const struct run *const *runs, size_t n,
                  const struct paired *pd, const char *dir, char *err,
                  size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "compare.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "kpi,scenario,mean,ci95_low,ci95_high,diff_mean,"
                     "diff_ci95_low,diff_ci95_high\n");
    for (size_t k = 0; k < nk; k++) {
        for (size_t i = 0; i < n; i++) {
            struct summary sm, d;

            results_kpi(runs[i]->res, k, &sm);
            results_paired_diff(pd, i, k, &d);
            wfile_printf(&w, "%s,", tab[k].name);
            w_csv_field(&w, runs[i]->scn->name);
            w_csv_ci(&w, &sm);
            w_csv_ci(&w, &d);
            wfile_printf(&w, "\n");
        }
    }
    return wfile_close(&w, err, err_len);
}

/* A number for the markdown table: 4 significant digits, or n/a. */
static void
w_md_num(struct wfile *w, double x)
{
    if (!isfinite(x))
        wfile_printf(w, "n/a");
    else
        wfile_printf(w, "%.4g", x == 0 ? 0.0 : x);
}

static int
write_compare_md(const struct run *const *runs, size_t n,
                 const struct paired *pd, const char *dir, char *err,
                 size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "compare.md") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w,
                 "Scenario comparison: %u replications each, seed %llu, "
                 "common random numbers. Each cell is the mean over the "
                 "reporting period with its 95 %% confidence interval; "
                 "\"vs base\" is the paired difference from `%s`, with its "
                 "95 %% confidence interval. uecsim %s.\n\n",
                 runs[0]->replications, (unsigned long long)runs[0]->seed,
                 runs[0]->scn->name, UECSIM_VERSION);
    wfile_printf(&w, "| KPI | %s", runs[0]->scn->name);
    for (size_t i = 1; i < n; i++)
        wfile_printf(&w, " | %s | vs base", runs[i]->scn->name);
    wfile_printf(&w, " |\n|---|---:");
    for (size_t i = 1; i < n; i++)
        wfile_printf(&w, "|---:|---:");
    wfile_printf(&w, "|\n");
    for (size_t k = 0; k < nk; k++) {
        wfile_printf(&w, "| %s |", tab[k].label);
        for (size_t i = 0; i < n; i++) {
            struct summary sm, d;

            results_kpi(runs[i]->res, k, &sm);
            results_paired_diff(pd, i, k, &d);
            wfile_printf(&w, " ");
            w_md_num(&w, sm.mean);
            wfile_printf(&w, " (");
            w_md_num(&w, sm.ci95_low);
            wfile_printf(&w, " to ");
            w_md_num(&w, sm.ci95_high);
            wfile_printf(&w, ") |");
            if (i == 0)
                continue;
            wfile_printf(&w, " %s", d.mean > 0 ? "+" : "");
            w_md_num(&w, d.mean);
            wfile_printf(&w, " (");
            w_md_num(&w, d.ci95_low);
            wfile_printf(&w, " to ");
            w_md_num(&w, d.ci95_high);
            wfile_printf(&w, ")%s |",
                         d.n > 1 && (d.ci95_low > 0 || d.ci95_high < 0) ? " *"
                                                                        : "");
        }
        wfile_printf(&w, "\n");
    }
    wfile_printf(&w, "\n\\* the 95 %% confidence interval of the difference "
                     "excludes zero.\n\nKPI names as in summary.json, in table "
                     "order: ");
    for (size_t k = 0; k < nk; k++)
        wfile_printf(&w, "%s`%s`", k ? ", " : "", tab[k].name);
    wfile_printf(&w, ".\n");
    return wfile_close(&w, err, err_len);
}

static int
write_compare_manifest(const struct run *const *runs, size_t n,
                       const struct out_opts *o, const char *dir, char *err,
                       size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n  \"scenarios\": [");
    for (size_t i = 0; i < n; i++) {
        wfile_printf(&w, "%s\n    {\n", i ? "," : "");
        w_scenario_provenance(&w, runs[i]->scn, "      ");
        wfile_printf(&w, "\n    }");
    }
    wfile_printf(&w, "\n  ]");
    w_run_provenance(&w, runs[0]->seed, runs[0]->replications, runs[0]->threads,
                     o->cmdline);
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

int
out_write_compare(const struct run *const *runs, size_t n,
                  const struct paired *pd, const struct out_opts *o, char *err,
                  size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_compare_manifest(runs, n, o, tmp, err, err_len);
    if (!rc)
        rc = write_compare_csv(runs, n, pd, tmp, err, err_len);
    if (!rc)
        rc = write_compare_md(runs, n, pd, tmp, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];
        const char **names = xmalloc(n * sizeof(*names));

        for (size_t i = 0; i < n; i++)
            names[i] = runs[i]->scn->name;
        char what[256];

        snprintf(what, sizeof(what),
                 "comparison against %s | %u replications | seed %llu | "
                 "common random numbers",
                 runs[0]->scn->name, runs[0]->replications,
                 (unsigned long long)runs[0]->seed);
        footnote(foot, sizeof(foot), what, runs[0]->scn->overrides,
                 runs[0]->scn->n_overrides, runs[0]->scn->shifts,
                 runs[0]->scn->n_shifts);
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_compare_write(runs, names, n, pdir, foot, &ps, err,
                                    err_len);
        rc = render_plots(pdir, &ps, rc, err, err_len);
        free(pdir);
        free(names);
    }
    return finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}

/* --- sweeps and size searches -------------------------------------------- */

static int
write_sweep_manifest(const struct sweep *sw, const struct out_opts *o,
                     const char *dir, char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n  \"scenario\": ");
    w_json_string(&w, sw->name);
    wfile_printf(&w, ",\n  \"varied\": [");
    for (size_t k = 0; k < sw->n_keys; k++) {
        wfile_printf(&w, "%s{\"key\": ", k ? ", " : "");
        w_json_string(&w, sw->vary[k].key);
        wfile_printf(&w, ", \"from\": %.10g, \"to\": %.10g, \"step\": %.10g}",
                     sw->vary[k].from, sw->vary[k].to, sw->vary[k].step);
    }
    wfile_printf(&w, "]");
    w_overrides(&w, sw->overrides, sw->n_overrides, "  ");
    w_shifts(&w, sw->shifts, sw->n_shifts, "  ");
    w_run_provenance(&w, sw->seed, sw->replications, sw->threads, o->cmdline);
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

static int
write_sweep_csv(const struct sweep *sw, const char *dir, char *err,
                size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "sweep.csv") != 0)
        return wfile_close(&w, err, err_len);
    for (size_t k = 0; k < sw->n_keys; k++)
        wfile_printf(&w, "%s%s", k ? "," : "", sw->vary[k].key);
    for (size_t k = 0; k < nk; k++)
        wfile_printf(&w, ",%s_mean,%s_ci95_low,%s_ci95_high", tab[k].name,
                     tab[k].name, tab[k].name);
    wfile_printf(&w, "\n");
    for (size_t i = 0; i < sw->n_points; i++) {
        const struct sweep_point *p = &sw->point[i];

        for (size_t k = 0; k < sw->n_keys; k++) {
            wfile_printf(&w, "%s", k ? "," : "");
            w_num(&w, p->x[k], "NA");
        }
        for (size_t k = 0; k < nk; k++)
            w_csv_ci(&w, &p->kpi[k]);
        wfile_printf(&w, "\n");
    }
    return wfile_close(&w, err, err_len);
}

static void
sweep_footnote(const struct sweep *sw, char *buf, size_t len)
{
    char what[256];

    snprintf(what, sizeof(what),
             "scenario %s | %u replications per point | seed %llu | common "
             "random numbers",
             sw->name, sw->replications, (unsigned long long)sw->seed);
    footnote(buf, len, what, sw->overrides, sw->n_overrides, sw->shifts,
             sw->n_shifts);
}

int
out_write_sweep(const struct sweep *sw, const struct out_opts *o, char *err,
                size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = write_sweep_csv(sw, tmp, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        sweep_footnote(sw, foot, sizeof(foot));
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_sweep_write(sw, pdir, foot, &ps, err, err_len);
        rc = render_plots(pdir, &ps, rc, err, err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}

int
out_write_size(const struct sweep *sw, const struct size_spec *z,
               const struct size_result *res, const struct out_opts *o,
               char *err, size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = out_size_json(sw, z, res, tmp, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        sweep_footnote(sw, foot, sizeof(foot));
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_size_write(sw, z->t, z->n_targets, res->test_conf,
                                 res->answer, pdir, foot, &ps, err, err_len);
        rc = render_plots(pdir, &ps, rc, err, err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}
