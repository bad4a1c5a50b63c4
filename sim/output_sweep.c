/*
 * output_sweep: the results of a sweep (sweep.csv in long form,
 * sweep_wide.csv) and of a size search (size.json, output_size.c), with
 * their manifest, kpis.csv and charts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kpi.h"
#include "output_int.h"
#include "util.h"
#include "wfile.h"

static int
write_sweep_manifest(const struct sweep *sw, const struct out_opts *o,
                     const char *dir, char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    wfile_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n  \"scenario\": ");
    wfile_json_string(&w, sw->name);
    wfile_printf(&w, ",\n  \"title\": ");
    wfile_json_string(&w, sw->title ? sw->title : sw->name);
    wfile_printf(&w, ",\n  \"varied\": [");
    for (size_t k = 0; k < sw->n_keys; k++) {
        wfile_printf(&w, "%s{\"key\": ", k ? ", " : "");
        wfile_json_string(&w, sw->vary[k].key);
        wfile_printf(&w, ", \"from\": %.10g, \"to\": %.10g, \"step\": %.10g}",
                     sw->vary[k].from, sw->vary[k].to, sw->vary[k].step);
    }
    wfile_printf(&w, "]");
    wfile_printf(&w, ",\n  \"reporting_period\": ");
    wfile_json_string(&w, sw->period ? sw->period : SCN_WHOLE_RUN);
    out_overrides(&w, sw->overrides, sw->n_overrides, "  ");
    out_shifts(&w, sw->shifts, sw->n_shifts, "  ");
    out_run_provenance(&w, sw->seed, sw->replications, sw->threads, o->cmdline);
    if (sw->auto_reps) {
        /* -r auto: the rule, and what each point needed. */
        wfile_printf(&w,
                     ",\n  \"precision\": {\"method\": \"confidence interval "
                     "with look-ahead (Hoad, Robinson and Davies 2010)\", "
                     "\"relative_half_width\": %.10g, \"max_replications\": "
                     "%u, \"replications_per_point\": [",
                     sw->auto_rel, sw->auto_max);
        for (size_t i = 0; i < sw->n_points; i++)
            wfile_printf(&w, "%s%u", i ? ", " : "", sw->point[i].n_reps);
        wfile_printf(&w, "]}");
    }
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

/* The varied keys' values of point p, comma-separated. */
static void
w_keys(struct wfile *w, const struct sweep *sw, const struct sweep_point *p)
{
    for (size_t k = 0; k < sw->n_keys; k++) {
        wfile_printf(w, "%s", k ? "," : "");
        wfile_num(w, p->x[k], "NA");
    }
}

/* sweep.csv: one row per point and KPI, over the sweep's period. */
static int
write_sweep_csv(const struct sweep *sw, const char *dir, char *err,
                size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "sweep.csv") != 0)
        return wfile_close(&w, err, err_len);
    for (size_t k = 0; k < sw->n_keys; k++) {
        out_csv_field(&w, sw->vary[k].key);
        wfile_printf(&w, ",");
    }
    wfile_printf(&w, "period,kpi,mean,ci95_low,ci95_high,sd,n\n");
    for (size_t i = 0; i < sw->n_points; i++) {
        const struct sweep_point *p = &sw->point[i];

        for (size_t k = 0; k < nk; k++) {
            w_keys(&w, sw, p);
            wfile_printf(&w, ",");
            out_csv_field(&w, sw->period ? sw->period : SCN_WHOLE_RUN);
            wfile_printf(&w, ",%s", tab[k].name);
            out_csv_ci(&w, &p->kpi[k]);
            wfile_printf(&w, ",");
            wfile_num(&w, p->kpi[k].sd, "NA");
            wfile_printf(&w, ",%zu\n", p->kpi[k].n);
        }
    }
    return wfile_close(&w, err, err_len);
}

/* sweep_wide.csv: one row per point, three columns per KPI. */
static int
write_sweep_wide(const struct sweep *sw, const char *dir, char *err,
                 size_t err_len)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    struct wfile w;

    if (wfile_open(&w, dir, "sweep_wide.csv") != 0)
        return wfile_close(&w, err, err_len);
    for (size_t k = 0; k < sw->n_keys; k++) {
        wfile_printf(&w, "%s", k ? "," : "");
        out_csv_field(&w, sw->vary[k].key);
    }
    for (size_t k = 0; k < nk; k++)
        wfile_printf(&w, ",%s_mean,%s_ci95_low,%s_ci95_high", tab[k].name,
                     tab[k].name, tab[k].name);
    wfile_printf(&w, "\n");
    for (size_t i = 0; i < sw->n_points; i++) {
        const struct sweep_point *p = &sw->point[i];

        w_keys(&w, sw, p);
        for (size_t k = 0; k < nk; k++)
            out_csv_ci(&w, &p->kpi[k]);
        wfile_printf(&w, "\n");
    }
    return wfile_close(&w, err, err_len);
}

static void
sweep_caption(const struct sweep *sw, const char *run_date, char *buf,
              size_t len)
{
    char what[256];

    snprintf(what, sizeof(what), "%s%s%s", sw->title ? sw->title : sw->name,
             sw->period ? ", period " : "", sw->period ? sw->period : "");
    out_caption(buf, len, what, sw->replications,
                sw->auto_reps ? " at most per point (-r auto), common random "
                                "numbers"
                              : " per point, common random numbers",
                sw->seed, sw->overrides, sw->n_overrides, sw->shifts,
                sw->n_shifts, run_date);
}

int
out_write_sweep(const struct sweep *sw, const struct out_opts *o, char *err,
                size_t err_len)
{
    char *tmp;
    int rc = out_begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = write_sweep_csv(sw, tmp, err, err_len);
    if (!rc)
        rc = write_sweep_wide(sw, tmp, err, err_len);
    if (!rc)
        rc = out_kpis_csv(tmp, NULL, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        sweep_caption(sw, o->run_date, foot, sizeof(foot));
        rc = out_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_sweep_write(sw, pdir, foot, &ps, err, err_len);
        rc = out_render(pdir, &ps, rc, err, err_len);
        free(pdir);
    }
    return out_finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}

int
out_write_size(const struct sweep *sw, const struct size_spec *z,
               const struct size_result *res, const struct out_opts *o,
               char *err, size_t err_len)
{
    char *tmp;
    int rc = out_begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_sweep_manifest(sw, o, tmp, err, err_len);
    if (!rc)
        rc = out_size_json(sw, z, res, tmp, err, err_len);
    if (!rc)
        rc = out_kpis_csv(tmp, NULL, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        sweep_caption(sw, o->run_date, foot, sizeof(foot));
        rc = out_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_size_write(sw, z->t, z->n_targets, res->test_conf,
                                 res->answer, pdir, foot, &ps, err, err_len);
        rc = out_render(pdir, &ps, rc, err, err_len);
        free(pdir);
    }
    return out_finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}
