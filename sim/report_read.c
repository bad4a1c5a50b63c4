/*
 * report_read: a results folder read back for the board report: the
 * manifest and summary.json (with cJSON: besides the scenario loader,
 * this is the one place that reads JSON, the JSON uecsim itself wrote),
 * compare.csv, kpis.csv, sources.csv and the charts in plots/.
 *
 * Everything is read through one descriptor of the folder (openat), so
 * the report describes one folder even if a run swaps a new result in
 * at the same path meanwhile.
 */
#define _GNU_SOURCE /* fdopendir, O_DIRECTORY, O_NOFOLLOW */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kpi.h"
#include "report_int.h"
#include "util.h"

/* Larger files than these are not a uecsim result's. */
#define MAX_JSON  (64u << 20)
#define MAX_CSV   (256u << 20)
#define MAX_CHART (16u << 20)

char *
rpt_slurp(int dfd, const char *name, size_t max, size_t *len)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    char *buf;
    size_t got = 0;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > max) {
        int e = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? EFBIG : EINVAL;

        close(fd);
        errno = e;
        return NULL;
    }
    buf = xmalloc((size_t)st.st_size + 1);
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;

            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

/* --- JSON ----------------------------------------------------------------- */

static const cJSON *
member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A string member, copied ("" when absent). */
static char *
str_of(const cJSON *o, const char *key)
{
    const cJSON *j = member(o, key);

    return xstrdup(cJSON_IsString(j) ? j->valuestring : "");
}

static void
date_of(const cJSON *o, const char *key, char out[11])
{
    const cJSON *j = member(o, key);

    snprintf(out, 11, "%s", cJSON_IsString(j) ? j->valuestring : "");
}

static char **
strings_of(const cJSON *o, const char *key, size_t *n)
{
    const cJSON *arr = member(o, key), *it;
    char **v;

    *n = 0;
    if (!cJSON_IsArray(arr))
        return NULL;
    v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it))
            v[(*n)++] = xstrdup(it->valuestring);
    }
    return v;
}

/* One scenario's members of the manifest. */
static void
read_scn(const cJSON *m, struct rpt_scn *s)
{
    const cJSON *per = member(m, "period"), *it;
    const cJSON *wu = per ? member(per, "warm_up_days") : NULL;
    const cJSON *ps = member(m, "reporting_periods");
    const cJSON *ts = member(m, "targets");

    s->name = str_of(m, "scenario");
    s->title = str_of(m, "title");
    s->description = str_of(m, "description");
    s->path = str_of(m, "scenario_path");
    s->hash = str_of(m, "scenario_fnv1a64");
    s->files = strings_of(m, "scenario_files", &s->n_files);
    s->sets = strings_of(m, "overrides", &s->n_sets);
    s->shifts = strings_of(m, "shifts", &s->n_shifts);
    date_of(per, "start", s->start);
    date_of(per, "end", s->end);
    s->warm_up_days = cJSON_IsNumber(wu) ? wu->valueint : 0;
    s->headline = str_of(m, "headline_period");
    if (cJSON_IsArray(ps)) {
        s->periods =
            xcalloc((size_t)cJSON_GetArraySize(ps) + 1, sizeof(*s->periods));
        cJSON_ArrayForEach(it, ps)
        {
            struct rpt_period *p = &s->periods[s->n_periods++];

            p->name = str_of(it, "name");
            date_of(it, "from", p->from);
            date_of(it, "to", p->to);
        }
    }
    if (cJSON_IsArray(ts)) {
        s->targets =
            xcalloc((size_t)cJSON_GetArraySize(ts) + 1, sizeof(*s->targets));
        cJSON_ArrayForEach(it, ts)
        {
            struct rpt_target *t = &s->targets[s->n_targets++];
            const cJSON *v = member(it, "value");

            t->kpi = str_of(it, "kpi");
            t->label = str_of(it, "label");
            t->value = cJSON_IsNumber(v) ? v->valuedouble : (double)NAN;
            t->at_most = cJSON_IsTrue(member(it, "at_most"));
        }
    }
}

/* Parse file name of the folder as JSON: the root, or NULL (message). */
static cJSON *
json_file(int dfd, const char *dir, const char *name, char *err, size_t err_len)
{
    size_t len;
    char *text = rpt_slurp(dfd, name, MAX_JSON, &len);
    cJSON *j;

    if (!text) {
        snprintf(err, err_len, "%s/%s: %s", dir, name, strerror(errno));
        return NULL;
    }
    j = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(j)) {
        snprintf(err, err_len, "%s/%s: not the JSON object uecsim writes", dir,
                 name);
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

static int
read_manifest(int dfd, const char *dir, struct rpt *r, char *err,
              size_t err_len)
{
    cJSON *m = json_file(dfd, dir, "manifest.json", err, err_len);
    const cJSON *scns, *sites, *it, *seed, *reps;

    if (!m)
        return 2;
    r->version = str_of(m, "uecsim_version");
    r->gsl_version = str_of(m, "gsl_version");
    r->cjson_version = str_of(m, "cjson_version");
    r->cmdline = str_of(m, "command_line");
    seed = member(m, "seed");
    reps = member(m, "replications");
    r->seed = cJSON_IsNumber(seed) ? (unsigned long long)seed->valuedouble : 0;
    r->replications = cJSON_IsNumber(reps) ? (unsigned)reps->valueint : 0;
    scns = member(m, "scenarios");
    if (cJSON_IsArray(scns)) {
        r->scn = xcalloc((size_t)cJSON_GetArraySize(scns) + 1, sizeof(*r->scn));
        cJSON_ArrayForEach(it, scns) read_scn(it, &r->scn[r->n_scn++]);
    } else {
        r->scn = xcalloc(1, sizeof(*r->scn));
        read_scn(m, &r->scn[r->n_scn++]);
    }
    sites = member(m, "sites");
    if (cJSON_IsArray(sites)) {
        r->sites =
            xcalloc((size_t)cJSON_GetArraySize(sites) + 1, sizeof(*r->sites));
        cJSON_ArrayForEach(it, sites)
        {
            r->sites[r->n_sites].name = str_of(it, "name");
            r->sites[r->n_sites++].title = str_of(it, "title");
        }
    }
    cJSON_Delete(m);
    if (!r->n_scn || !*r->scn[0].name) {
        snprintf(err, err_len, "%s/manifest.json: names no scenario", dir);
        return 2;
    }
    return 0;
}

/* --- values --------------------------------------------------------------- */

static double
num_or_nan(const cJSON *j)
{
    return cJSON_IsNumber(j) ? j->valuedouble : (double)NAN;
}

/* The "kpis" object of summary.json into v[nk] (absent KPIs stay NAN). */
static void
read_kpis(const cJSON *kpis, struct summary *v)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, kpis)
    {
        int k = it->string ? kpi_find(it->string) : -1;
        const cJSON *n = member(it, "n");

        if (k < 0 || !cJSON_IsObject(it))
            continue;
        v[k].mean = num_or_nan(member(it, "mean"));
        v[k].ci95_low = num_or_nan(member(it, "ci95_low"));
        v[k].ci95_high = num_or_nan(member(it, "ci95_high"));
        v[k].sd = num_or_nan(member(it, "sd"));
        v[k].n = cJSON_IsNumber(n) ? (size_t)n->valuedouble : 0;
    }
}

static void
nan_fill(struct summary *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i].n = 0;
        v[i].mean = v[i].sd = v[i].ci95_low = v[i].ci95_high = NAN;
    }
}

/* A run: summary.json over its headline period, and per site. */
static int
read_summary(int dfd, const char *dir, struct rpt *r, char *err, size_t err_len)
{
    cJSON *j = json_file(dfd, dir, "summary.json", err, err_len);
    const cJSON *over = j, *per;
    const char *head = r->scn[0].headline;

    if (!j)
        return 2;
    read_kpis(member(j, "kpis"), r->val_all);
    per = member(member(j, "periods"), head);
    if (strcmp(head, "all") != 0 && cJSON_IsObject(per))
        over = per;
    read_kpis(member(over, "kpis"), r->val);
    if (r->n_sites) {
        r->site_val = xcalloc(r->n_sites * r->nk, sizeof(*r->site_val));
        nan_fill(r->site_val, r->n_sites * r->nk);
        for (size_t s = 0; s < r->n_sites; s++)
            read_kpis(
                member(member(member(over, "sites"), r->sites[s].name), "kpis"),
                r->site_val + s * r->nk);
    }
    cJSON_Delete(j);
    return 0;
}

/* A CSV file of the folder, parsed; 0, or 2 with a message. */
static int
csv_file(int dfd, const char *dir, const char *name, struct csv *c, char *err,
         size_t err_len)
{
    size_t len;
    char *text = rpt_slurp(dfd, name, MAX_CSV, &len);
    char why[160];

    memset(c, 0, sizeof(*c));
    if (!text) {
        snprintf(err, err_len, "%s/%s: %s", dir, name, strerror(errno));
        return 2;
    }
    if (csv_parse(text, len, c, why, sizeof(why)) != 0) {
        snprintf(err, err_len, "%s/%s: %s", dir, name, why);
        free(text);
        return 2;
    }
    free(text);
    return 0;
}

static double
cell_num(const char *s)
{
    char *end;
    double x = strtod(s, &end);

    return *s && *end == '\0' ? x : (double)NAN;
}

/* Every scenario ran the manifest's replications (common random
 * numbers): n is that, or 0 for a value the run does not have (NA: a
 * service switched off), so kpi_heads can leave it out. */
static void
cell_summary(char **row, const int *col, unsigned reps, struct summary *out)
{
    out->mean = cell_num(row[col[0]]);
    out->ci95_low = cell_num(row[col[1]]);
    out->ci95_high = cell_num(row[col[2]]);
    out->sd = NAN;
    out->n = !isfinite(out->mean) ? 0 : reps ? reps : 1;
}

/* A comparison: compare.csv over the headline period and the whole run. */
static int
read_compare(int dfd, const char *dir, struct rpt *r, char *err, size_t err_len)
{
    struct csv c;
    const char *cols[] = {
        "kpi",       "period",    "scenario",      "mean",           "ci95_low",
        "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high", "mid"};
    int col[ARRAY_LEN(cols)];

    if (csv_file(dfd, dir, "compare.csv", &c, err, err_len))
        return 2;
    for (size_t i = 0; i < ARRAY_LEN(cols); i++)
        if ((col[i] = csv_col(&c, cols[i])) < 0) {
            snprintf(err, err_len, "%s/compare.csv: no column %s", dir,
                     cols[i]);
            csv_release(&c);
            return 2;
        }
    for (size_t i = 1; i < c.n_rows; i++) {
        char **row = c.row[i];
        int k = kpi_find(row[col[0]]);
        int all = strcmp(row[col[1]], "all") == 0;
        size_t s = r->n_scn;

        if (k < 0)
            continue;
        if (!all && strcmp(row[col[1]], r->scn[0].headline) != 0)
            continue;
        for (size_t j = 0; j < r->n_scn; j++)
            if (strcmp(r->scn[j].name, row[col[2]]) == 0)
                s = j;
        if (s == r->n_scn)
            continue;
        if (all)
            cell_summary(row, col + 3, r->replications,
                         r->val_all + s * r->nk + (size_t)k);
        /* The headline's row: "all" when the headline is the whole run. */
        if (all == (strcmp(r->scn[0].headline, "all") == 0)) {
            cell_summary(row, col + 3, r->replications,
                         r->val + s * r->nk + (size_t)k);
            cell_summary(row, col + 6, r->replications,
                         r->diff + s * r->nk + (size_t)k);
            r->mid[k] = cell_num(row[col[9]]);
        }
    }
    csv_release(&c);
    return 0;
}

/* The minimum important differences of kpis.csv, when it is there. */
static void
read_mids(int dfd, const char *dir, struct rpt *r)
{
    struct csv c;
    char err[8];
    int ck, cm;

    if (csv_file(dfd, dir, "kpis.csv", &c, err, sizeof(err)))
        return;
    ck = csv_col(&c, "kpi");
    cm = csv_col(&c, "mid");
    for (size_t i = 1; ck >= 0 && cm >= 0 && i < c.n_rows; i++) {
        int k = kpi_find(c.row[i][ck]);

        if (k >= 0 && !isnan(cell_num(c.row[i][cm])))
            r->mid[k] = cell_num(c.row[i][cm]);
    }
    csv_release(&c);
}

/* sources.csv, when it is there (a folder from before it is not). */
static int
read_sources(int dfd, const char *dir, struct rpt *r, char *err, size_t err_len)
{
    struct csv c;
    const char *cols[] = {"scenario", "key", "value", "kind", "text", "file"};
    int col[ARRAY_LEN(cols)];

    if (faccessat(dfd, "sources.csv", F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return 0;
    if (csv_file(dfd, dir, "sources.csv", &c, err, err_len))
        return 2;
    for (size_t i = 0; i < ARRAY_LEN(cols); i++)
        if ((col[i] = csv_col(&c, cols[i])) < 0) {
            snprintf(err, err_len, "%s/sources.csv: no column %s", dir,
                     cols[i]);
            csv_release(&c);
            return 2;
        }
    r->has_sources = 1;
    r->notes = xcalloc(c.n_rows, sizeof(*r->notes));
    for (size_t i = 1; i < c.n_rows; i++) {
        struct rpt_note *n = &r->notes[r->n_notes];
        size_t s = r->n_scn;

        for (size_t j = 0; j < r->n_scn; j++)
            if (strcmp(r->scn[j].name, c.row[i][col[0]]) == 0)
                s = j;
        if (s == r->n_scn)
            continue;
        n->scn = s;
        n->key = xstrdup(c.row[i][col[1]]);
        n->value = xstrdup(c.row[i][col[2]]);
        n->kind = xstrdup(c.row[i][col[3]]);
        n->text = xstrdup(c.row[i][col[4]]);
        n->file = xstrdup(c.row[i][col[5]]);
        r->n_notes++;
    }
    csv_release(&c);
    return 0;
}

/* --- charts --------------------------------------------------------------- */

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const struct rpt_chart *)a)->name,
                  ((const struct rpt_chart *)b)->name);
}

/* Every plots/NAME.svg, in name order (the page orders them). */
static int
read_charts(int dfd, const char *dir, struct rpt *r, char *err, size_t err_len)
{
    int pfd =
        openat(dfd, "plots", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (pfd < 0)
        return 0;
    r->has_plots = 1;
    d = fdopendir(pfd);
    if (!d) {
        close(pfd);
        snprintf(err, err_len, "%s/plots: %s", dir, strerror(errno));
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        struct rpt_chart *c;

        if (n <= 4 || strcmp(e->d_name + n - 4, ".svg") != 0 ||
            e->d_name[0] == '.')
            continue;
        r->charts = xrealloc(r->charts, (r->n_charts + 1) * sizeof(*r->charts));
        c = &r->charts[r->n_charts];
        c->svg = rpt_slurp(dirfd(d), e->d_name, MAX_CHART, &c->len);
        if (!c->svg) {
            snprintf(err, err_len, "%s/plots/%s: %s", dir, e->d_name,
                     strerror(errno));
            rc = 1;
            break;
        }
        c->name = xmalloc(n - 3);
        memcpy(c->name, e->d_name, n - 4);
        c->name[n - 4] = '\0';
        r->n_charts++;
    }
    closedir(d);
    if (r->n_charts)
        qsort(r->charts, r->n_charts, sizeof(*r->charts), by_name);
    return rc;
}

/* --- the folder ----------------------------------------------------------- */

int
rpt_read(int dfd, const char *dir, struct rpt *r, char *err, size_t err_len)
{
    const struct kpi_def *tab;
    int rc;

    memset(r, 0, sizeof(*r));
    tab = kpi_table(&r->nk);
    rc = read_manifest(dfd, dir, r, err, err_len);
    if (rc)
        return rc;
    r->val = xcalloc(r->n_scn * r->nk, sizeof(*r->val));
    r->val_all = xcalloc(r->n_scn * r->nk, sizeof(*r->val_all));
    r->diff = xcalloc(r->n_scn * r->nk, sizeof(*r->diff));
    r->mid = xcalloc(r->nk, sizeof(*r->mid));
    nan_fill(r->val, r->n_scn * r->nk);
    nan_fill(r->val_all, r->n_scn * r->nk);
    nan_fill(r->diff, r->n_scn * r->nk);
    for (size_t k = 0; k < r->nk; k++)
        r->mid[k] = tab[k].mid;
    if (faccessat(dfd, "summary.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
        r->n_scn == 1) {
        rc = read_summary(dfd, dir, r, err, err_len);
        read_mids(dfd, dir, r);
    } else if (faccessat(dfd, "compare.csv", F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
               r->n_scn >= 2) {
        r->compare = 1;
        rc = read_compare(dfd, dir, r, err, err_len);
    } else {
        snprintf(err, err_len,
                 "%s: not the results of run or compare (no summary.json or "
                 "compare.csv); the board report covers those two",
                 dir);
        rc = 2;
    }
    if (!rc)
        rc = read_sources(dfd, dir, r, err, err_len);
    if (!rc)
        rc = read_charts(dfd, dir, r, err, err_len);
    return rc;
}

static void
free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void
rpt_release(struct rpt *r)
{
    free(r->version);
    free(r->gsl_version);
    free(r->cjson_version);
    free(r->cmdline);
    for (size_t i = 0; i < r->n_scn; i++) {
        struct rpt_scn *s = &r->scn[i];

        free(s->name);
        free(s->title);
        free(s->description);
        free(s->path);
        free(s->hash);
        free(s->headline);
        free_strings(s->files, s->n_files);
        free_strings(s->sets, s->n_sets);
        free_strings(s->shifts, s->n_shifts);
        for (size_t p = 0; p < s->n_periods; p++)
            free(s->periods[p].name);
        free(s->periods);
        for (size_t t = 0; t < s->n_targets; t++) {
            free(s->targets[t].kpi);
            free(s->targets[t].label);
        }
        free(s->targets);
    }
    free(r->scn);
    for (size_t i = 0; i < r->n_sites; i++) {
        free(r->sites[i].name);
        free(r->sites[i].title);
    }
    free(r->sites);
    free(r->val);
    free(r->val_all);
    free(r->diff);
    free(r->mid);
    free(r->site_val);
    for (size_t i = 0; i < r->n_notes; i++) {
        free(r->notes[i].key);
        free(r->notes[i].value);
        free(r->notes[i].kind);
        free(r->notes[i].text);
        free(r->notes[i].file);
    }
    free(r->notes);
    for (size_t i = 0; i < r->n_charts; i++) {
        free(r->charts[i].name);
        free(r->charts[i].svg);
    }
    free(r->charts);
    memset(r, 0, sizeof(*r));
}
