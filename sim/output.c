/*
 * output: manifest, summary, monthly and daily files, written to a
 * temporary folder and renamed into place (git's lockfile pattern).
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
#include "plot.h"
#include "resdir.h"
#include "stats.h"
#include "util.h"

/* --- a file writer that remembers the first error ----------------------- */

struct wfile {
    FILE *f;
    char *path;
    int failed;
};

static int
w_open(struct wfile *w, const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;

    w->path = xmalloc(n);
    snprintf(w->path, n, "%s/%s", dir, name);
    w->f = fopen(w->path, "w");
    w->failed = w->f == NULL;
    return w->failed ? -1 : 0;
}

static void w_printf(struct wfile *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
w_printf(struct wfile *w, const char *fmt, ...)
{
    va_list ap;

    if (w->failed)
        return;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0)
        w->failed = 1;
    va_end(ap);
}

/* Close with the ferror + fclose check (sbase fshut). */
static int
w_close(struct wfile *w, char *err, size_t err_len)
{
    int rc = 0;

    if (w->f) {
        if (ferror(w->f))
            w->failed = 1;
        if (fclose(w->f) != 0)
            w->failed = 1;
    }
    if (w->failed) {
        snprintf(err, err_len, "cannot write %s: %s", w->path,
                 strerror(errno ? errno : EIO));
        rc = 1;
    }
    free(w->path);
    w->path = NULL;
    w->f = NULL;
    return rc;
}

static void
w_json_string(struct wfile *w, const char *s)
{
    w_printf(w, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            w_printf(w, "\\%c", c);
        else if (c == '\n')
            w_printf(w, "\\n");
        else if (c < 0x20)
            w_printf(w, "\\u%04x", c);
        else
            w_printf(w, "%c", c);
    }
    w_printf(w, "\"");
}

/* A number for JSON (null when undefined) or CSV (NA when undefined). */
static void
w_num(struct wfile *w, double x, const char *undefined)
{
    if (!isfinite(x))
        w_printf(w, "%s", undefined);
    else
        w_printf(w, "%.10g", x == 0 ? 0.0 : x); /* no "-0" */
}

/* ",mean,ci95_low,ci95_high" of a summary, NA where undefined. */
static void
w_csv_ci(struct wfile *w, const struct summary *sm)
{
    w_printf(w, ",");
    w_num(w, sm->mean, "NA");
    w_printf(w, ",");
    w_num(w, sm->ci95_low, "NA");
    w_printf(w, ",");
    w_num(w, sm->ci95_high, "NA");
}

/* --- values across replications ---------------------------------------- */

void
out_kpi_values(const struct run *r, size_t k, int month, double *vals)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    for (uint32_t i = 0; i < r->replications; i++) {
        const double *acc = month < 0
                                ? r->rep[i].total
                                : r->rep[i].monthly + (size_t)month * ACC_N;

        vals[i] = kpi_eval(&tab[k], acc);
    }
}

/* The provenance of one scenario, as JSON members at the given indent. */
static void
w_scenario_provenance(struct wfile *w, const struct scenario *s,
                      const char *ind)
{
    char start[11], end[11];

    cal_format(s->start_day, start);
    cal_format(s->end_day, end);
    w_printf(w, "%s\"scenario\": ", ind);
    w_json_string(w, s->name);
    w_printf(w, ",\n%s\"scenario_path\": ", ind);
    w_json_string(w, s->path);
    w_printf(w, ",\n%s\"scenario_files\": [", ind);
    for (size_t i = 0; i < s->n_files; i++) {
        w_printf(w, "%s", i ? ", " : "");
        w_json_string(w, s->files[i]);
    }
    w_printf(w, "]");
    w_printf(w, ",\n%s\"scenario_fnv1a64\": \"%016llx\"", ind, s->file_hash);
    w_printf(w, ",\n%s\"overrides\": [", ind);
    for (size_t i = 0; i < s->n_overrides; i++) {
        w_printf(w, "%s", i ? ", " : "");
        w_json_string(w, s->overrides[i]);
    }
    w_printf(w, "]");
    w_printf(w,
             ",\n%s\"period\": {\"start\": \"%s\", \"end\": \"%s\", "
             "\"warm_up_days\": %d}",
             ind, start, end, (int)s->warm_up_days);
}

/* The run-wide members: versions, seed, replications, threads, command. */
static void
w_run_provenance(struct wfile *w, uint64_t seed, uint32_t replications,
                 int threads, const char *cmdline)
{
    w_printf(w, ",\n  \"seed\": %llu", (unsigned long long)seed);
    w_printf(w, ",\n  \"replications\": %u", replications);
    w_printf(w, ",\n  \"threads\": %d", threads);
    w_printf(w, ",\n  \"gsl_version\": ");
    w_json_string(w, stats_gsl_version());
    w_printf(w, ",\n  \"cjson_version\": ");
    w_json_string(w, scn_cjson_version());
    w_printf(w, ",\n  \"command_line\": ");
    w_json_string(w, cmdline ? cmdline : "");
}

static int
write_manifest(const struct run *r, const struct out_opts *o, const char *dir,
               char *err, size_t err_len)
{
    struct wfile w;

    if (w_open(&w, dir, "manifest.json") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    w_printf(&w, ",\n");
    w_scenario_provenance(&w, r->scn, "  ");
    w_run_provenance(&w, r->seed, r->replications, r->threads, o->cmdline);
    w_printf(&w, "\n}\n");
    return w_close(&w, err, err_len);
}

static int
write_summary(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    double *vals = xmalloc(r->replications * sizeof(double));
    struct wfile w;
    char start[11], end[11];

    if (w_open(&w, dir, "summary.json") != 0) {
        free(vals);
        return w_close(&w, err, err_len);
    }
    cal_format(r->scn->start_day, start);
    cal_format(r->scn->end_day, end);
    w_printf(&w, "{\n  \"scenario\": ");
    w_json_string(&w, r->scn->name);
    w_printf(&w, ",\n  \"replications\": %u", r->replications);
    w_printf(&w, ",\n  \"period\": {\"start\": \"%s\", \"end\": \"%s\"}", start,
             end);
    w_printf(&w, ",\n  \"kpis\": {");
    for (size_t k = 0; k < n; k++) {
        struct summary sm;

        out_kpi_values(r, k, -1, vals);
        stats_summarise(vals, r->replications, 1, &sm);
        w_printf(&w, "%s\n    \"%s\": {\"mean\": ", k ? "," : "", tab[k].name);
        w_num(&w, sm.mean, "null");
        w_printf(&w, ", \"ci95_low\": ");
        w_num(&w, sm.ci95_low, "null");
        w_printf(&w, ", \"ci95_high\": ");
        w_num(&w, sm.ci95_high, "null");
        w_printf(&w, ", \"sd\": ");
        w_num(&w, sm.sd, "null");
        w_printf(&w, ", \"n\": %zu}", sm.n);
    }
    w_printf(&w, "\n  }\n}\n");
    free(vals);
    return w_close(&w, err, err_len);
}

static int
write_monthly(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    double *vals = xmalloc(r->replications * sizeof(double));
    int32_t m0 = cal_month_index(r->scn->start_day);
    size_t months = r->rep[0].n_months;
    struct wfile w;

    if (w_open(&w, dir, "monthly.csv") != 0) {
        free(vals);
        return w_close(&w, err, err_len);
    }
    w_printf(&w, "month,kpi,mean,ci95_low,ci95_high\n");
    for (size_t m = 0; m < months; m++) {
        int32_t mi = m0 + (int32_t)m;
        char label[8];

        cal_format_month(cal_from_ymd(1970 + mi / 12, mi % 12 + 1, 1), label);
        for (size_t k = 0; k < n; k++) {
            struct summary sm;

            out_kpi_values(r, k, (int)m, vals);
            stats_summarise(vals, r->replications, 1, &sm);
            w_printf(&w, "%s,%s", label, tab[k].name);
            w_csv_ci(&w, &sm);
            w_printf(&w, "\n");
        }
    }
    free(vals);
    return w_close(&w, err, err_len);
}

static int
write_daily(const struct run *r, const char *dir, char *err, size_t err_len)
{
    static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    size_t n, nd = r->rep[0].n_daily, days = r->rep[0].n_days;
    const struct kpi_def *tab = kpi_table(&n);
    size_t *idx = xmalloc(nd * sizeof(*idx));
    double *vals = xmalloc(r->replications * sizeof(double));
    double *work = xmalloc(r->replications * sizeof(double));
    struct wfile w;

    model_daily_kpis(idx, nd);
    if (w_open(&w, dir, "daily.csv") != 0) {
        free(idx);
        free(vals);
        free(work);
        return w_close(&w, err, err_len);
    }
    w_printf(&w, "date,metric,mean,p05,p25,p50,p75,p95\n");
    for (size_t d = 0; d < days; d++) {
        char date[11];

        cal_format(r->scn->start_day + (int32_t)d, date);
        for (size_t k = 0; k < nd; k++) {
            struct summary sm;
            double pct[5];

            for (uint32_t i = 0; i < r->replications; i++)
                vals[i] = r->rep[i].daily[d * nd + k];
            stats_summarise(vals, r->replications, 1, &sm);
            stats_percentiles(vals, r->replications, 1, q, 5, work, pct);
            w_printf(&w, "%s,%s,", date, tab[idx[k]].name);
            w_num(&w, sm.mean, "NA");
            for (int j = 0; j < 5; j++) {
                w_printf(&w, ",");
                w_num(&w, pct[j], "NA");
            }
            w_printf(&w, "\n");
        }
    }
    free(idx);
    free(vals);
    free(work);
    return w_close(&w, err, err_len);
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
 * atomic swap into place.
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

int
out_write(const struct run *r, const struct out_opts *o, char *err,
          size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return rc;
    rc = write_manifest(r, o, tmp, err, err_len);
    if (!rc)
        rc = write_summary(r, tmp, err, err_len);
    if (!rc)
        rc = write_monthly(r, tmp, err, err_len);
    if (!rc)
        rc = write_daily(r, tmp, err, err_len);
    if (!rc && o->plots) {
        char *pdir = NULL;
        char foot[512];

        snprintf(foot, sizeof(foot),
                 "scenario %s | %u replications | seed %llu | uecsim %s",
                 r->scn->name, r->replications, (unsigned long long)r->seed,
                 UECSIM_VERSION);
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_all(r, pdir, foot, err, err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len);
}

/* --- scenario comparison ------------------------------------------------- */

void
out_compare_kpi(const struct run *base, const struct run *alt, size_t k,
                struct summary *alt_sm, struct summary *diff)
{
    uint32_t n = alt->replications;
    double *a = xmalloc(n * sizeof(double));
    double *b = xmalloc(base->replications * sizeof(double));

    assert(base->replications == alt->replications);
    out_kpi_values(alt, k, -1, a);
    out_kpi_values(base, k, -1, b);
    stats_summarise(a, n, 1, alt_sm);
    /* Paired: replication i of both saw the same random numbers. */
    for (uint32_t i = 0; i < n; i++)
        a[i] -= b[i];
    stats_summarise(a, n, 1, diff);
    free(a);
    free(b);
}

static void
w_csv_field(struct wfile *w, const char *s)
{
    /* Scenario names are [A-Za-z0-9._-], but be safe for CSV anyway. */
    if (strpbrk(s, ",\"\n")) {
        w_printf(w, "\"");
        for (; *s; s++)
            w_printf(w, *s == '"' ? "\"\"" : "%c", *s);
        w_printf(w, "\"");
    } else {
        w_printf(w, "%s", s);
    }
}

static int
write_compare_csv(const struct run *const *runs, size_t n, const char *dir,
                  char *err, size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (w_open(&w, dir, "compare.csv") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w, "kpi,scenario,mean,ci95_low,ci95_high,diff_mean,"
                 "diff_ci95_low,diff_ci95_high\n");
    for (size_t k = 0; k < nk; k++) {
        for (size_t i = 0; i < n; i++) {
            struct summary sm, d;

            out_compare_kpi(runs[0], runs[i], k, &sm, &d);
            w_printf(&w, "%s,", tab[k].name);
            w_csv_field(&w, runs[i]->scn->name);
            w_csv_ci(&w, &sm);
            w_csv_ci(&w, &d);
            w_printf(&w, "\n");
        }
    }
    return w_close(&w, err, err_len);
}

/* A number for the markdown table: 4 significant digits, or n/a. */
static void
w_md_num(struct wfile *w, double x)
{
    if (!isfinite(x))
        w_printf(w, "n/a");
    else
        w_printf(w, "%.4g", x == 0 ? 0.0 : x);
}

static int
write_compare_md(const struct run *const *runs, size_t n, const char *dir,
                 char *err, size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (w_open(&w, dir, "compare.md") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w,
             "Scenario comparison: %u replications each, seed %llu, "
             "common random numbers. Each cell is the mean over the "
             "reporting period with its 95 %% confidence interval; "
             "\"vs base\" is the paired difference from `%s`, with its "
             "95 %% confidence interval. uecsim %s.\n\n",
             runs[0]->replications, (unsigned long long)runs[0]->seed,
             runs[0]->scn->name, UECSIM_VERSION);
    w_printf(&w, "| KPI | %s", runs[0]->scn->name);
    for (size_t i = 1; i < n; i++)
        w_printf(&w, " | %s | vs base", runs[i]->scn->name);
    w_printf(&w, " |\n|---|---:");
    for (size_t i = 1; i < n; i++)
        w_printf(&w, "|---:|---:");
    w_printf(&w, "|\n");
    for (size_t k = 0; k < nk; k++) {
        w_printf(&w, "| %s |", tab[k].label);
        for (size_t i = 0; i < n; i++) {
            struct summary sm, d;

            out_compare_kpi(runs[0], runs[i], k, &sm, &d);
            w_printf(&w, " ");
            w_md_num(&w, sm.mean);
            w_printf(&w, " (");
            w_md_num(&w, sm.ci95_low);
            w_printf(&w, " to ");
            w_md_num(&w, sm.ci95_high);
            w_printf(&w, ") |");
            if (i == 0)
                continue;
            w_printf(&w, " %s", d.mean > 0 ? "+" : "");
            w_md_num(&w, d.mean);
            w_printf(&w, " (");
            w_md_num(&w, d.ci95_low);
            w_printf(&w, " to ");
            w_md_num(&w, d.ci95_high);
            w_printf(&w, ")%s |",
                     d.n > 1 && (d.ci95_low > 0 || d.ci95_high < 0) ? " *"
                                                                    : "");
        }
        w_printf(&w, "\n");
    }
    w_printf(&w, "\n\\* the 95 %% confidence interval of the difference "
                 "excludes zero.\n\nKPI names as in summary.json, in table "
                 "order: ");
    for (size_t k = 0; k < nk; k++)
        w_printf(&w, "%s`%s`", k ? ", " : "", tab[k].name);
    w_printf(&w, ".\n");
    return w_close(&w, err, err_len);
}

static int
write_compare_manifest(const struct run *const *runs, size_t n,
                       const struct out_opts *o, const char *dir, char *err,
                       size_t err_len)
{
    struct wfile w;

    if (w_open(&w, dir, "manifest.json") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    w_printf(&w, ",\n  \"scenarios\": [");
    for (size_t i = 0; i < n; i++) {
        w_printf(&w, "%s\n    {\n", i ? "," : "");
        w_scenario_provenance(&w, runs[i]->scn, "      ");
        w_printf(&w, "\n    }");
    }
    w_printf(&w, "\n  ]");
    w_run_provenance(&w, runs[0]->seed, runs[0]->replications, runs[0]->threads,
                     o->cmdline);
    w_printf(&w, "\n}\n");
    return w_close(&w, err, err_len);
}

int
out_write_compare(const struct run *const *runs, size_t n,
                  const struct out_opts *o, char *err, size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return rc;
    rc = write_compare_manifest(runs, n, o, tmp, err, err_len);
    if (!rc)
        rc = write_compare_csv(runs, n, tmp, err, err_len);
    if (!rc)
        rc = write_compare_md(runs, n, tmp, err, err_len);
    if (!rc && o->plots) {
        char *pdir = NULL;
        char foot[512];
        const char **names = xmalloc(n * sizeof(*names));

        for (size_t i = 0; i < n; i++)
            names[i] = runs[i]->scn->name;
        snprintf(foot, sizeof(foot),
                 "comparison against %s | %u replications | seed %llu | "
                 "common random numbers | uecsim %s",
                 runs[0]->scn->name, runs[0]->replications,
                 (unsigned long long)runs[0]->seed, UECSIM_VERSION);
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_compare(runs, names, n, pdir, foot, err, err_len);
        free(pdir);
        free(names);
    }
    return finish(tmp, o->dir, rc, err, err_len);
}

/* --- sweeps and size searches -------------------------------------------- */

static int
write_sweep_manifest(const struct sweep *sw, const struct out_opts *o,
                     const char *dir, char *err, size_t err_len)
{
    struct wfile w;

    if (w_open(&w, dir, "manifest.json") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w, "{\n  \"uecsim_version\": ");
    w_json_string(&w, UECSIM_VERSION);
    w_printf(&w, ",\n  \"scenario\": ");
    w_json_string(&w, sw->name);
    w_printf(&w, ",\n  \"varied\": [");
    for (size_t k = 0; k < sw->n_keys; k++) {
        w_printf(&w, "%s{\"key\": ", k ? ", " : "");
        w_json_string(&w, sw->vary[k].key);
        w_printf(&w, ", \"from\": %.10g, \"to\": %.10g, \"step\": %.10g}",
                 sw->vary[k].from, sw->vary[k].to, sw->vary[k].step);
    }
    w_printf(&w, "]");
    w_run_provenance(&w, sw->seed, sw->replications, sw->threads, o->cmdline);
    w_printf(&w, "\n}\n");
    return w_close(&w, err, err_len);
}

static int
write_sweep_csv(const struct sweep *sw, const char *dir, char *err,
                size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (w_open(&w, dir, "sweep.csv") != 0)
        return w_close(&w, err, err_len);
    for (size_t k = 0; k < sw->n_keys; k++)
        w_printf(&w, "%s%s", k ? "," : "", sw->vary[k].key);
    for (size_t k = 0; k < nk; k++)
        w_printf(&w, ",%s_mean,%s_ci95_low,%s_ci95_high", tab[k].name,
                 tab[k].name, tab[k].name);
    w_printf(&w, "\n");
    for (size_t i = 0; i < sw->n_points; i++) {
        const struct sweep_point *p = &sw->point[i];

        for (size_t k = 0; k < sw->n_keys; k++) {
            w_printf(&w, "%s", k ? "," : "");
            w_num(&w, p->x[k], "NA");
        }
        for (size_t k = 0; k < nk; k++)
            w_csv_ci(&w, &p->kpi[k]);
        w_printf(&w, "\n");
    }
    return w_close(&w, err, err_len);
}

static void
sweep_footnote(const struct sweep *sw, char *buf, size_t len)
{
    snprintf(buf, len,
             "scenario %s | %u replications per point | seed %llu | common "
             "random numbers | uecsim %s",
             sw->name, sw->replications, (unsigned long long)sw->seed,
             UECSIM_VERSION);
}

int
out_write_sweep(const struct sweep *sw, const struct out_opts *o, char *err,
                size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return rc;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = write_sweep_csv(sw, tmp, err, err_len);
    if (!rc && o->plots) {
        char *pdir = NULL;
        char foot[512];

        sweep_footnote(sw, foot, sizeof(foot));
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_sweep(sw, pdir, foot, err, err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len);
}

/* One point of a size search as JSON: value, verdict, target KPIs. */
static void
w_size_point(struct wfile *w, const struct sweep_point *p,
             const struct target *t, size_t n_targets, double conf)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    w_printf(w, "{\"value\": ");
    w_num(w, p->x[0], "null");
    w_printf(w, ", \"targets_hold\": %s, \"kpis\": {",
             sweep_holds(p, t, n_targets, conf) ? "true" : "false");
    for (size_t i = 0; i < n_targets; i++) {
        const struct summary *sm = &p->kpi[t[i].kpi];

        w_printf(w, "%s\"%s\": {\"mean\": ", i ? ", " : "", tab[t[i].kpi].name);
        w_num(w, sm->mean, "null");
        w_printf(w, ", \"ci95_low\": ");
        w_num(w, sm->ci95_low, "null");
        w_printf(w, ", \"ci95_high\": ");
        w_num(w, sm->ci95_high, "null");
        w_printf(w, ", \"bound\": ");
        w_num(w, sweep_bound(sm, t[i].at_most, conf), "null");
        w_printf(w, "}");
    }
    w_printf(w, "}}");
}

static int
write_size_json(const struct sweep *sw, const struct target *t,
                size_t n_targets, double conf, int answer, int below, int best,
                const char *dir, char *err, size_t err_len)
{
    const struct vary *v = &sw->vary[0];
    struct wfile w;

    if (w_open(&w, dir, "size.json") != 0)
        return w_close(&w, err, err_len);
    w_printf(&w, "{\n  \"scenario\": ");
    w_json_string(&w, sw->name);
    w_printf(&w, ",\n  \"key\": ");
    w_json_string(&w, v->key);
    w_printf(&w,
             ",\n  \"range\": {\"min\": %.10g, \"max\": %.10g, "
             "\"step\": %.10g}",
             v->from, v->to, v->step);
    w_printf(&w, ",\n  \"confidence\": %.10g", conf);
    w_printf(&w, ",\n  \"targets\": [");
    for (size_t i = 0; i < n_targets; i++) {
        w_printf(&w, "%s", i ? ", " : "");
        w_json_string(&w, t[i].text);
    }
    w_printf(&w, "],\n  \"status\": \"%s\"",
             answer >= 0 ? "found" : "unreachable");
    w_printf(&w, ",\n  \"answer\": ");
    if (answer >= 0)
        w_num(&w, sw->point[answer].x[0], "null");
    else
        w_printf(&w, "null");
    w_printf(&w, ",\n  \"at_answer\": ");
    if (answer >= 0)
        w_size_point(&w, &sw->point[answer], t, n_targets, conf);
    else
        w_printf(&w, "null");
    w_printf(&w, ",\n  \"one_step_below\": ");
    if (below >= 0)
        w_size_point(&w, &sw->point[below], t, n_targets, conf);
    else
        w_printf(&w, "null");
    w_printf(&w, ",\n  \"best_value\": ");
    if (best >= 0)
        w_size_point(&w, &sw->point[best], t, n_targets, conf);
    else
        w_printf(&w, "null");
    w_printf(&w, ",\n  \"evaluated\": [");
    for (size_t i = 0; i < sw->n_points; i++) {
        w_printf(&w, "%s\n    ", i ? "," : "");
        w_size_point(&w, &sw->point[i], t, n_targets, conf);
    }
    w_printf(&w, "\n  ],\n  \"replications\": %u,\n  \"seed\": %llu\n}\n",
             sw->replications, (unsigned long long)sw->seed);
    return w_close(&w, err, err_len);
}

int
out_write_size(const struct sweep *sw, const struct target *t, size_t n_targets,
               double conf, int answer, int below, int best,
               const struct out_opts *o, char *err, size_t err_len)
{
    char *tmp;
    int rc = begin(o->dir, &tmp, err, err_len);

    if (rc)
        return rc;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = write_size_json(sw, t, n_targets, conf, answer, below, best, tmp,
                             err, err_len);
    if (!rc && o->plots) {
        char *pdir = NULL;
        char foot[512];

        sweep_footnote(sw, foot, sizeof(foot));
        rc = make_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_size(sw, t, n_targets, conf, answer, pdir, foot, err,
                           err_len);
        free(pdir);
    }
    return finish(tmp, o->dir, rc, err, err_len);
}
