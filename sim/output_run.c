/*
 * output_run: a run's tables: summary.json, monthly.csv, daily.csv,
 * kpis.csv (every results folder) and the per-replication values.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "kpi.h"
#include "output_int.h"
#include "results.h"
#include "util.h"
#include "wfile.h"

/* The name of bucket b in the CSV files: "system", or the site's. */
static const char *
bucket_name(const struct scenario *s, size_t b)
{
    return b == 0 ? "system" : s->sites[b - 1].name;
}

/* A summary as JSON members. */
static void
w_summary(struct wfile *w, const struct summary *sm)
{
    wfile_printf(w, "{\"mean\": ");
    wfile_num(w, sm->mean, "null");
    wfile_printf(w, ", \"ci95_low\": ");
    wfile_num(w, sm->ci95_low, "null");
    wfile_printf(w, ", \"ci95_high\": ");
    wfile_num(w, sm->ci95_high, "null");
    wfile_printf(w, ", \"sd\": ");
    wfile_num(w, sm->sd, "null");
    wfile_printf(w, ", \"n\": %zu}", sm->n);
}

/* Every KPI of bucket b over period p (-1: the whole run), as members. */
static void
w_kpis(struct wfile *w, const struct results *res, size_t b, int p,
       const char *ind)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    for (size_t k = 0; k < n; k++) {
        struct summary sm;

        if (p < 0)
            results_kpi_in(res, b, k, &sm);
        else
            results_period_in(res, b, (size_t)p, k, &sm);
        wfile_printf(w, "%s\n%s\"%s\": ", k ? "," : "", ind, tab[k].name);
        w_summary(w, &sm);
    }
}

/* "sites": each listed site's title and KPIs over period p. */
static void
w_site_kpis(struct wfile *w, const struct run *r, int p, const char *ind)
{
    const struct scenario *s = r->scn;
    char in2[32], in4[32];

    snprintf(in2, sizeof(in2), "%s    ", ind);
    snprintf(in4, sizeof(in4), "%s        ", ind);
    wfile_printf(w, ",\n%s\"sites\": {", ind);
    for (size_t k = 0; k < s->n_sites; k++) {
        const struct site *st = &s->sites[k];

        wfile_printf(w, "%s\n%s  ", k ? "," : "", ind);
        wfile_json_string(w, st->name);
        wfile_printf(w, ": {\n%s  \"title\": ", in2);
        wfile_json_string(w, st->title ? st->title : st->name);
        wfile_printf(w, ",\n%s  \"kpis\": {", in2);
        w_kpis(w, r->res, 1 + k, p, in4);
        wfile_printf(w, "\n%s  }\n%s}", in2, in2);
    }
    wfile_printf(w, "\n%s}", ind);
}

/*
 * summary.json: "kpis" is the whole system over the whole run; with
 * listed sites, "sites" holds each site's, where a system-wide KPI
 * (virtual wards, pathway places, OPEL) is null; "periods" holds the
 * same for each reporting period, over its days inside the run.
 */
int
out_summary_json(const struct run *r, const char *dir, char *err,
                 size_t err_len)
{
    const struct scenario *s = r->scn;
    struct wfile w;
    char start[11], end[11];

    if (wfile_open(&w, dir, "summary.json") != 0)
        return wfile_close(&w, err, err_len);
    cal_format(s->start_day, start);
    cal_format(s->end_day, end);
    wfile_printf(&w, "{\n  \"scenario\": ");
    wfile_json_string(&w, s->name);
    wfile_printf(&w, ",\n  \"title\": ");
    wfile_json_string(&w, scn_title(s));
    wfile_printf(&w, ",\n  \"replications\": %u", r->replications);
    wfile_printf(&w, ",\n  \"period\": {\"start\": \"%s\", \"end\": \"%s\"}",
                 start, end);
    wfile_printf(&w, ",\n  \"headline_period\": ");
    wfile_json_string(&w, out_period_name(s, scn_selected_period(s)));
    wfile_printf(&w, ",\n  \"kpis\": {");
    w_kpis(&w, r->res, 0, -1, "    ");
    wfile_printf(&w, "\n  }");
    if (s->has_sites)
        w_site_kpis(&w, r, -1, "  ");
    wfile_printf(&w, ",\n  \"periods\": {");
    for (size_t p = 0; p < s->n_report_periods; p++) {
        int32_t from, to, days = scn_period_days(s, p, &from, &to);

        wfile_printf(&w, "%s\n    ", p ? "," : "");
        wfile_json_string(&w, s->report_periods[p].name);
        cal_format(s->report_periods[p].from_day, start);
        cal_format(s->report_periods[p].to_day, end);
        wfile_printf(&w, ": {\n      \"from\": \"%s\", \"to\": \"%s\"", start,
                     end);
        if (days > 0) {
            cal_format(from, start);
            cal_format(to, end);
        }
        wfile_printf(&w, ",\n      \"reported\": ");
        if (days > 0)
            wfile_printf(&w, "{\"start\": \"%s\", \"end\": \"%s\"}", start,
                         end);
        else
            wfile_printf(&w, "null");
        wfile_printf(&w, ",\n      \"days\": %d,\n      \"kpis\": {", days);
        w_kpis(&w, r->res, 0, (int)p, "        ");
        wfile_printf(&w, "\n      }");
        if (s->has_sites)
            w_site_kpis(&w, r, (int)p, "      ");
        wfile_printf(&w, "\n    }");
    }
    wfile_printf(&w, "%s}\n}\n", s->n_report_periods ? "\n  " : "");
    return wfile_close(&w, err, err_len);
}

/* monthly.csv: the system's block of months, then each listed site's. */
int
out_monthly_csv(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    int32_t m0 = cal_month_index(r->scn->start_day);
    size_t months = r->res->n_months;
    struct wfile w;

    if (wfile_open(&w, dir, "monthly.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "month,site,kpi,mean,ci95_low,ci95_high,sd,n\n");
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
                out_csv_ci(&w, &sm);
                wfile_printf(&w, ",");
                wfile_num(&w, sm.sd, "NA");
                wfile_printf(&w, ",%zu\n", sm.n);
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

/* daily.csv: the system's block of days, then each listed site's. */
int
out_daily_csv(const struct run *r, const char *dir, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    const struct results *res = r->res;
    struct wfile w;

    if (wfile_open(&w, dir, "daily.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "date,site,kpi,mean,p05,p25,p50,p75,p95\n");
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
                wfile_num(&w, sp.mean, "NA");
                for (int q = 0; q < STATS_NQ; q++) {
                    wfile_printf(&w, ",");
                    wfile_num(&w, sp.q[q], "NA");
                }
                wfile_printf(&w, "\n");
            }
        }
    }
    return wfile_close(&w, err, err_len);
}

int
out_kpis_csv(const char *dir, const double *mid, char *err, size_t err_len)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    struct wfile w;

    if (wfile_open(&w, dir, "kpis.csv") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "kpi,label,unit,kind,definition,mid\n");
    for (size_t k = 0; k < n; k++) {
        char def[400];

        wfile_printf(&w, "%s,", tab[k].name);
        out_csv_field(&w, tab[k].label);
        wfile_printf(&w, ",");
        out_csv_field(&w, tab[k].unit);
        wfile_printf(&w, ",%s,", kpi_kind(&tab[k]));
        out_csv_field(&w, kpi_definition(&tab[k], def, sizeof(def)));
        wfile_printf(&w, ",");
        wfile_num(&w, mid ? mid[k] : tab[k].mid, "NA");
        wfile_printf(&w, "\n");
    }
    return wfile_close(&w, err, err_len);
}

/* --- per-replication values ----------------------------------------------- */

int
out_reps_open(struct out_reps *w, const struct scenario *s, char *err,
              size_t err_len)
{
    memset(w, 0, sizeof(*w));
    w->s = s;
    /* Unnamed and removed on close: nothing is left if the run fails. */
    w->f = tmpfile();
    if (!w->f) {
        snprintf(err, err_len,
                 "--per-replication: cannot make a temporary file: %s",
                 strerror(errno));
        return -1;
    }
    if (fprintf(w->f, "replication,site,period,kpi,value\n") < 0) {
        w->failed = 1;
        w->errnum = errno;
    }
    return 0;
}

/* One bucket's rows of one replication over a period (or the run). */
static void
reps_rows(struct out_reps *w, uint32_t rep, const char *site,
          const char *period, const double *acc, int is_site)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);

    for (size_t k = 0; k < n && !w->failed; k++) {
        double v;

        /* A site has no value of a system-wide KPI: no row. */
        if (is_site && tab[k].system)
            continue;
        v = kpi_eval(&tab[k], acc);
        if (fprintf(w->f, "%u,%s,%s,%s,", rep + 1, site, period, tab[k].name) <
                0 ||
            (isfinite(v) ? fprintf(w->f, "%.10g\n", v == 0 ? 0.0 : v)
                         : fprintf(w->f, "NA\n")) < 0) {
            w->failed = 1;
            w->errnum = errno;
        }
    }
}

int
out_reps_add(void *ctx, size_t scn, uint32_t rep, const struct rep_out *o)
{
    struct out_reps *w = ctx;
    const struct scenario *s = w->s;

    (void)scn;
    for (size_t b = 0; b < o->n_buckets; b++) {
        const char *site = b == 0 ? "system" : s->sites[b - 1].name;

        reps_rows(w, rep, site, SCN_WHOLE_RUN, o->total + b * ACC_N, b > 0);
        for (size_t p = 0; p < o->n_periods; p++)
            reps_rows(w, rep, site, s->report_periods[p].name,
                      o->period + (p * o->n_buckets + b) * ACC_N, b > 0);
    }
    return 0;
}

int
out_reps_csv(struct out_reps *reps, const char *dir, char *err, size_t err_len)
{
    struct wfile w;
    char buf[65536];
    size_t got;

    if (reps->failed || fflush(reps->f) != 0 || ferror(reps->f)) {
        snprintf(err, err_len,
                 "--per-replication: cannot write the temporary file: %s",
                 strerror(reps->errnum ? reps->errnum : errno));
        return -1;
    }
    rewind(reps->f);
    if (wfile_open(&w, dir, "replications.csv") != 0)
        return wfile_close(&w, err, err_len);
    while ((got = fread(buf, 1, sizeof(buf), reps->f)) > 0)
        wfile_printf(&w, "%.*s", (int)got, buf);
    if (ferror(reps->f)) {
        wfile_close(&w, err, err_len);
        snprintf(err, err_len,
                 "--per-replication: cannot read the temporary file back");
        return -1;
    }
    return wfile_close(&w, err, err_len);
}

void
out_reps_close(struct out_reps *w)
{
    if (w->f)
        fclose(w->f);
    w->f = NULL;
}
