/*
 * output: the life of a results folder (written to a temporary folder
 * and swapped into place, include/resdir.h), provenance, chart captions,
 * and the run's results.
 */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "kpi.h"
#include "output_int.h"
#include "plot.h"
#include "report.h"
#include "resdir.h"
#include "util.h"
#include "wfile.h"

/* --- text in files -------------------------------------------------------- */

void
out_overrides(struct wfile *w, char *const *sets, size_t n, const char *ind)
{
    wfile_printf(w, ",\n%s\"overrides\": [", ind);
    for (size_t i = 0; i < n; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        wfile_json_string(w, sets[i]);
    }
    wfile_printf(w, "]");
}

/* Only when --shift was given. */
void
out_shifts(struct wfile *w, char *const *shifts, size_t n, const char *ind)
{
    if (n == 0)
        return;
    wfile_printf(w, ",\n%s\"shifts\": [", ind);
    for (size_t i = 0; i < n; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        wfile_json_string(w, shifts[i]);
    }
    wfile_printf(w, "]");
}

void
out_caption(char *buf, size_t len, const char *what, uint32_t reps,
            const char *reps_word, uint64_t seed, char *const *sets,
            size_t n_sets, char *const *shifts, size_t n_shifts,
            const char *run_date)
{
    char ov[200] = "";
    size_t n = 0;

    for (size_t i = 0; i < n_sets + n_shifts && n < sizeof(ov); i++)
        n += (size_t)snprintf(ov + n, sizeof(ov) - n, "%s%s %s", i ? " " : "",
                              i < n_sets ? "--set" : "--shift",
                              i < n_sets ? sets[i] : shifts[i - n_sets]);
    if (n >= sizeof(ov))
        memcpy(ov + sizeof(ov) - 4, "...", 4);
    snprintf(buf, len,
             "Modelled, not observed: %s | %u replications%s, seed %llu%s%s "
             "| %s%s%suecsim %s",
             what, reps, reps_word, (unsigned long long)seed, n ? " | " : "",
             ov, run_date ? "run " : "", run_date ? run_date : "",
             run_date ? ", " : "", UECSIM_VERSION);
}

/* The reporting periods, with the days of each inside the run, so that
 * a reader of the folder (the board report) can name their dates. */
static void
w_report_periods(struct wfile *w, const struct scenario *s, const char *ind)
{
    wfile_printf(w, ",\n%s\"reporting_periods\": [", ind);
    for (size_t p = 0; p < s->n_report_periods; p++) {
        int32_t from, to;
        char a[11] = "", b[11] = "";

        if (scn_period_days(s, p, &from, &to) > 0) {
            cal_format(from, a);
            cal_format(to, b);
        }
        wfile_printf(w, "%s{\"name\": ", p ? ", " : "");
        wfile_json_string(w, s->report_periods[p].name);
        wfile_printf(w, ", \"from\": \"%s\", \"to\": \"%s\"}", a, b);
    }
    wfile_printf(w, "]");
}

/* The scenario's plan targets (only when it has some). */
static void
w_targets(struct wfile *w, const struct scenario *s, const char *ind)
{
    if (s->n_targets == 0)
        return;
    wfile_printf(w, ",\n%s\"targets\": [", ind);
    for (size_t i = 0; i < s->n_targets; i++) {
        const struct scn_target *t = &s->targets[i];

        wfile_printf(w, "%s{\"kpi\": ", i ? ", " : "");
        wfile_json_string(w, t->kpi);
        wfile_printf(w, ", \"value\": ");
        wfile_num(w, t->value, "null");
        wfile_printf(
            w, ", \"at_most\": %s, \"label\": ", t->at_most ? "true" : "false");
        wfile_json_string(w, t->label ? t->label : "");
        wfile_printf(w, "}");
    }
    wfile_printf(w, "]");
}

void
out_scenario_provenance(struct wfile *w, const struct scenario *s,
                        const char *ind)
{
    char start[11], end[11];

    cal_format(s->start_day, start);
    cal_format(s->end_day, end);
    wfile_printf(w, "%s\"scenario\": ", ind);
    wfile_json_string(w, s->name);
    wfile_printf(w, ",\n%s\"title\": ", ind);
    wfile_json_string(w, scn_title(s));
    wfile_printf(w, ",\n%s\"description\": ", ind);
    wfile_json_string(w, s->description ? s->description : "");
    wfile_printf(w, ",\n%s\"scenario_path\": ", ind);
    wfile_json_string(w, s->path);
    wfile_printf(w, ",\n%s\"scenario_files\": [", ind);
    for (size_t i = 0; i < s->n_files; i++) {
        wfile_printf(w, "%s", i ? ", " : "");
        wfile_json_string(w, s->files[i]);
    }
    wfile_printf(w, "]");
    wfile_printf(w, ",\n%s\"scenario_fnv1a64\": \"%016llx\"", ind,
                 s->file_hash);
    out_overrides(w, s->overrides, s->n_overrides, ind);
    out_shifts(w, s->shifts, s->n_shifts, ind);
    wfile_printf(w,
                 ",\n%s\"period\": {\"start\": \"%s\", \"end\": \"%s\", "
                 "\"warm_up_days\": %d}",
                 ind, start, end, (int)s->warm_up_days);
    wfile_printf(w, ",\n%s\"headline_period\": ", ind);
    wfile_json_string(w, out_period_name(s, scn_selected_period(s)));
    w_report_periods(w, s, ind);
    w_targets(w, s, ind);
}

void
out_run_provenance(struct wfile *w, uint64_t seed, uint32_t replications,
                   int threads, const char *cmdline)
{
    wfile_printf(w, ",\n  \"seed\": %llu", (unsigned long long)seed);
    wfile_printf(w, ",\n  \"replications\": %u", replications);
    wfile_printf(w, ",\n  \"threads\": %d", threads);
    wfile_printf(w, ",\n  \"gsl_version\": ");
    wfile_json_string(w, stats_gsl_version());
    wfile_printf(w, ",\n  \"cjson_version\": ");
    wfile_json_string(w, scn_cjson_version());
    wfile_printf(w, ",\n  \"command_line\": ");
    wfile_json_string(w, cmdline ? cmdline : "");
}

void
out_precision(struct wfile *w, const struct prec *p,
              const struct scenario *const *s, const char *ind)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);

    if (!p)
        return;
    wfile_printf(w,
                 ",\n%s\"precision\": {\n%s  \"method\": \"confidence "
                 "interval with look-ahead (Hoad, Robinson and Davies "
                 "2010)\",\n%s  \"confidence\": 0.95,\n%s  "
                 "\"relative_half_width\": %.10g,\n%s  "
                 "\"first_replications\": %d,\n%s  \"look_ahead\": %d,\n%s"
                 "  \"max_replications\": %u,\n%s  \"converged\": %s,\n%s"
                 "  \"needed\": %u,\n%s  \"run\": %u,\n%s  \"kpis\": [",
                 ind, ind, ind, ind, p->rel, ind, PREC_FIRST_REPS, ind,
                 PREC_LOOK_AHEAD, ind, p->max_reps, ind,
                 p->converged ? "true" : "false", ind, prec_needed(p), ind,
                 p->n, ind);
    for (size_t i = 0; i < p->n_items; i++) {
        const struct prec_item *it = &p->item[i];

        wfile_printf(w, "%s\n%s    {\"kpi\": ", i ? "," : "", ind);
        wfile_json_string(w, tab[it->kpi].name);
        if (it->month >= 0)
            wfile_printf(w, ", \"month\": %d", it->month);
        wfile_printf(w, ", \"scenario\": ");
        wfile_json_string(w, s[it->scn]->name);
        wfile_printf(w, ", \"rule\": \"%s\", \"half_width_asked\": ",
                     it->abs_hw > 0 ? "absolute" : "relative");
        wfile_num(w, it->need, "null");
        wfile_printf(w, ", \"mean\": ");
        wfile_num(w, it->mean, "null");
        wfile_printf(w, ", \"half_width\": ");
        wfile_num(w, it->hw, "null");
        wfile_printf(w, ", \"relative_half_width\": ");
        wfile_num(w, it->hw / fabs(it->mean), "null");
        if (it->target)
            wfile_printf(w, ", \"verdict_settled\": %s",
                         it->settled ? "true" : "false");
        wfile_printf(w, ", \"needed\": ");
        if (it->nsol)
            wfile_printf(w, "%u", it->nsol);
        else
            wfile_printf(w, "null");
        wfile_printf(w, ", \"met\": %s}", it->nsol ? "true" : "false");
    }
    wfile_printf(w, "\n%s  ]\n%s}", ind, ind);
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
        wfile_json_string(w, s->sites[k].name);
        wfile_printf(w, ", \"title\": ");
        wfile_json_string(w, site_title(&s->sites[k]));
        wfile_printf(w, "}");
    }
    wfile_printf(w, "\n  ]");
}

static int
write_manifest(const struct run *r, const struct out_opts *o, const char *dir,
               char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    wfile_json_string(&w, UECSIM_VERSION);
    wfile_printf(&w, ",\n");
    out_scenario_provenance(&w, r->scn, "  ");
    out_run_provenance(&w, r->seed, r->replications, r->threads, o->cmdline);
    out_precision(&w, r->prec, &r->scn, "  ");
    w_sites(&w, r->scn);
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

int
out_sources_csv(const struct scenario *const *s, size_t n, const char *dir,
                char *err, size_t err_len)
{
    struct wfile w;

    if (wfile_open(&w, dir, "sources.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "scenario,key,value,kind,text,file\n");
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < s[i]->n_notes; k++) {
            const struct scn_note *nt = &s[i]->notes[k];

            out_csv_field(&w, s[i]->name);
            wfile_printf(&w, ",");
            out_csv_field(&w, nt->key);
            wfile_printf(&w, ",");
            out_csv_field(&w, nt->value);
            wfile_printf(&w, ",%s,", nt->kind);
            out_csv_field(&w, nt->text);
            wfile_printf(&w, ",");
            out_csv_field(&w, nt->file);
            wfile_printf(&w, "\n");
        }
    return wfile_close(&w, err, err_len);
}

/* --- the folder ----------------------------------------------------------- */

static char *
path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", a, b);
    return p;
}

int
out_begin(const char *dir, char **tmp, char *err, size_t err_len)
{
    return resdir_begin(dir, tmp, err, err_len);
}

int
out_finish(char *tmp, const char *dir, int rc, char *err, size_t err_len)
{
    return resdir_finish(tmp, dir, rc, err, err_len);
}

int
out_plots_dir(const char *tmp, char **pdir, char *err, size_t err_len)
{
    *pdir = path_join(tmp, "plots");
    if (mkdir(*pdir, 0755) != 0) {
        snprintf(err, err_len, "cannot create %s: %s", *pdir, strerror(errno));
        return 1;
    }
    return 0;
}

/*
 * Rendering is the last step, so every .dat and .gp is checked written
 * before gnuplot runs.
 */
int
out_render(const char *pdir, struct plot_set *ps, int rc, char *err,
           size_t err_len)
{
    if (!rc)
        rc = plot_render(pdir, ps, err, err_len);
    plot_set_release(ps);
    return rc;
}

int
out_report(const char *tmp, const struct out_opts *o, char *err, size_t err_len)
{
    return o->report && report_write(tmp, o->report, err, err_len) ? 1 : 0;
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
        rc = out_render(sdir, &ps, rc, err, err_len);
        free(sdir);
    }
    return rc;
}

int
out_write(const struct run *r, const struct out_opts *o, char *err,
          size_t err_len)
{
    char *tmp;
    int rc = out_begin(o->dir, &tmp, err, err_len);

    if (rc)
        return -1;
    rc = write_manifest(r, o, tmp, err, err_len);
    if (!rc)
        rc = out_summary_json(r, tmp, err, err_len);
    if (!rc)
        rc = out_monthly_csv(r, tmp, err, err_len);
    if (!rc)
        rc = out_daily_csv(r, tmp, err, err_len);
    if (!rc)
        rc = out_kpis_csv(tmp, o->mid, err, err_len);
    if (!rc)
        rc = out_sources_csv(&r->scn, 1, tmp, err, err_len);
    if (!rc && o->reps)
        rc = out_reps_csv(o->reps, tmp, err, err_len);
    if (!rc && o->plots) {
        struct plot_set ps = {0, NULL};
        char *pdir = NULL;
        char foot[512];

        out_caption(foot, sizeof(foot), scn_title(r->scn), r->replications, "",
                    r->seed, r->scn->overrides, r->scn->n_overrides,
                    r->scn->shifts, r->scn->n_shifts, o->run_date);
        rc = out_plots_dir(tmp, &pdir, err, err_len);
        if (!rc)
            rc = plot_run_write(r, pdir, foot, &ps, err, err_len);
        rc = out_render(pdir, &ps, rc, err, err_len);
        if (!rc && o->site_plots && r->scn->has_sites)
            rc = write_site_plots(r, pdir, foot, err, err_len);
        free(pdir);
    }
    if (!rc)
        rc = out_report(tmp, o, err, err_len);
    return out_finish(tmp, o->dir, rc, err, err_len) ? -1 : 0;
}
