/*
 * serve_files: the results folders by name, what each holds (its charts
 * and its board pack), and a tar of one, written here (POSIX ustar, no
 * library).
 *
 * A folder is offered when it is a results folder uecsim wrote (a real
 * folder with uecsim's manifest.json: resdir_check_result) and its name
 * passes the name rule; a file in it is opened from the folder's
 * descriptor without following links, so a link placed in a results
 * folder never leads out of it.
 */
#define _DEFAULT_SOURCE /* O_NOFOLLOW, O_DIRECTORY, fdopendir */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kpi.h"
#include "resdir.h"
#include "serve_int.h"
#include "util.h"

/* The largest file served, and the largest tar made. */
#define MAX_FILE_BYTES (64L * 1024 * 1024)
#define MAX_TAR_BYTES  (512L * 1024 * 1024)

/* --- reading a file of a results folder --------------------------------------
 */

/* Open name in folder dfd, not following a link: a regular file's
 * descriptor and its size, or -1. */
static int
open_regular(int dfd, const char *name, struct stat *st)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
        st->st_size > MAX_FILE_BYTES) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Read all of fd (size bytes expected) into a new buffer: 0 or -1. */
static int
read_all(int fd, size_t size, char **out, size_t *len)
{
    char *buf = xmalloc(size + 1);
    size_t got = 0;

    while (got < size) {
        ssize_t k = read(fd, buf + got, size - got);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    if (got != size) {
        free(buf);
        return -1;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

/* The results folder name's descriptor, when it is one uecsim wrote and
 * a fresh listing holds it; else -1. */
static int
open_result(const struct serve *s, const char *name)
{
    size_t plen = strlen(s->res_dir) + strlen(name) + 2;
    char *path, err[512];
    int fd = -1;

    if (!serve_listed(s->res_dir, 0, name))
        return -1;
    path = xmalloc(plen);
    snprintf(path, plen, "%s/%s", s->res_dir, name);
    if (resdir_check_result(path, err, sizeof(err)) == 0)
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    free(path);
    return fd;
}

/* The file name of folder dfd into *out: 0 or -1. */
static int
read_in(int dfd, const char *name, char **out, size_t *len)
{
    struct stat st;
    int fd = open_regular(dfd, name, &st), rc;

    if (fd < 0)
        return -1;
    rc = read_all(fd, (size_t)st.st_size, out, len);
    close(fd);
    return rc;
}

/* --- what a folder is
 * --------------------------------------------------------- */

static int
has_file(int dfd, const char *name)
{
    struct stat st;

    return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           S_ISREG(st.st_mode);
}

/* "run", "compare", "sweep", "size" or "result". */
static const char *
result_kind(int dfd)
{
    if (has_file(dfd, "summary.json"))
        return "run";
    if (has_file(dfd, "compare.csv"))
        return "compare";
    if (has_file(dfd, "sweep.csv"))
        return "sweep";
    if (has_file(dfd, "size.json"))
        return "size";
    return "result";
}

/* The title of a result from its manifest: "Plan" or "Plan against
 * Base", into out. */
static void
result_title(int dfd, const char *name, char *out, size_t len)
{
    char *text;
    size_t n;
    cJSON *m;
    const cJSON *t, *list;

    snprintf(out, len, "%s", name);
    if (read_in(dfd, "manifest.json", &text, &n))
        return;
    m = cJSON_ParseWithLength(text, n);
    free(text);
    t = cJSON_GetObjectItemCaseSensitive(m, "title");
    list = cJSON_GetObjectItemCaseSensitive(m, "scenarios");
    if (cJSON_IsString(t)) {
        snprintf(out, len, "%s", t->valuestring);
    } else if (cJSON_IsArray(list) && cJSON_GetArraySize(list) >= 2) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetArrayItem(list, 1), "title");
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetArrayItem(list, 0), "title");

        if (cJSON_IsString(a) && cJSON_IsString(b))
            snprintf(out, len, "%s against %s", a->valuestring, b->valuestring);
    }
    cJSON_Delete(m);
}

struct listed {
    char *name;
    time_t when;
};

static int
newest_first(const void *a, const void *b)
{
    const struct listed *x = a, *y = b;

    if (x->when != y->when)
        return x->when < y->when ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* One result as JSON, for the list and for its own page. */
static cJSON *
result_json(int dfd, const char *name, time_t when)
{
    cJSON *o = cJSON_CreateObject();
    char title[512], stamp[32];
    struct tm tm;

    result_title(dfd, name, title, sizeof(title));
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddStringToObject(o, "kind", result_kind(dfd));
    cJSON_AddBoolToObject(o, "report", has_file(dfd, "report.html"));
    if (localtime_r(&when, &tm) &&
        strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M", &tm))
        cJSON_AddStringToObject(o, "written", stamp);
    return o;
}

void
api_results(struct serve *s, struct serve_response *rs)
{
    char **names = xcalloc(SERVE_MAX_LIST, sizeof(*names));
    int n = serve_list(s->res_dir, 0, names, SERVE_MAX_LIST), k = 0;
    struct listed *l = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*l));
    cJSON *o, *list;

    if (n < 0) {
        free(l);
        free(names);
        reply_error(rs, 500, "cannot read the results folder");
        return;
    }
    for (int i = 0; i < n; i++) {
        int dfd = open_result(s, names[i]);
        struct stat st;

        if (dfd < 0)
            continue;
        if (fstatat(dfd, "manifest.json", &st, AT_SYMLINK_NOFOLLOW) == 0) {
            l[k].name = names[i];
            l[k++].when = st.st_mtime;
        }
        close(dfd);
    }
    qsort(l, (size_t)k, sizeof(*l), newest_first);
    o = cJSON_CreateObject();
    list = cJSON_AddArrayToObject(o, "results");
    for (int i = 0; i < k; i++) {
        int dfd = open_result(s, l[i].name);

        if (dfd < 0)
            continue;
        cJSON_AddItemToArray(list, result_json(dfd, l[i].name, l[i].when));
        close(dfd);
    }
    serve_list_free(names, n);
    free(names);
    free(l);
    reply_json(rs, 200, o);
}

/* --- charts
 * ------------------------------------------------------------------- */

static const struct {
    const char *file, *title;
} run_charts[] = {
    {"ga_occupancy", "G&A bed occupancy, day by day"},
    {"ed_4h_weekly", "ED patients leaving within four hours, week by week"},
    {"handover", "Ambulance handover time"},
    {"nctr_by_reason", "Patients who no longer meet the criteria to reside"},
    {"vw_occupancy", "Virtual-ward occupancy"},
    {"pathways", "Discharge pathways: waits and places in use"},
    {"opel_share", "Time at each OPEL level"},
    {"activity_weekly", "Demand: ED attendances and admissions"},
};

/* The title of chart file (without .svg). */
static void
chart_title(const char *file, char *out, size_t len)
{
    static const char diff[] = "compare_diff_", cmp[] = "compare_";
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int k;

    for (size_t i = 0; i < sizeof(run_charts) / sizeof(run_charts[0]); i++)
        if (strcmp(file, run_charts[i].file) == 0) {
            snprintf(out, len, "%s", run_charts[i].title);
            return;
        }
    if (strncmp(file, diff, sizeof(diff) - 1) == 0 &&
        (k = kpi_find(file + sizeof(diff) - 1)) >= 0)
        snprintf(out, len, "%s: the difference month by month",
                 tab[k].short_label);
    else if (strncmp(file, cmp, sizeof(cmp) - 1) == 0 &&
             (k = kpi_find(file + sizeof(cmp) - 1)) >= 0)
        snprintf(out, len, "%s: both scenarios, week by week",
                 tab[k].short_label);
    else
        snprintf(out, len, "%s", file);
}

/* Where a chart comes in the list: a comparison's differences first,
 * then its overlays, each in the KPI table's order, then a run's charts
 * in the table's order above. */
static int
chart_rank(const char *file)
{
    char base[256];
    int k;

    snprintf(base, sizeof(base), "%.*s", (int)strlen(file) - 4, file);
    if (strncmp(base, "compare_diff_", 13) == 0)
        return (k = kpi_find(base + 13)) >= 0 ? k : 999;
    if (strncmp(base, "compare_", 8) == 0)
        return 1000 + ((k = kpi_find(base + 8)) >= 0 ? k : 999);
    for (size_t i = 0; i < sizeof(run_charts) / sizeof(run_charts[0]); i++)
        if (strcmp(base, run_charts[i].file) == 0)
            return 2000 + (int)i;
    return 3000;
}

static int
by_rank(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int rx = chart_rank(x), ry = chart_rank(y);

    return rx != ry ? (rx < ry ? -1 : 1) : strcmp(x, y);
}

/* The SVG charts in plots/, as [{file, title}], in chart_rank order. */
static cJSON *
charts(int dfd)
{
    int pfd =
        openat(dfd, "plots", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char *names[128];
    size_t n = 0;
    cJSON *list = cJSON_CreateArray();
    DIR *d;
    struct dirent *e;

    if (pfd < 0)
        return list;
    d = fdopendir(pfd);
    if (!d) {
        close(pfd);
        return list;
    }
    while (n < sizeof(names) / sizeof(names[0]) && (e = readdir(d))) {
        size_t len = strlen(e->d_name);

        if (len > 4 && strcmp(e->d_name + len - 4, ".svg") == 0 &&
            serve_name_ok(e->d_name) && has_file(pfd, e->d_name))
            names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), by_rank);
    for (size_t i = 0; i < n; i++) {
        char base[256], title[256];
        cJSON *c = cJSON_CreateObject();

        snprintf(base, sizeof(base), "%.*s", (int)strlen(names[i]) - 4,
                 names[i]);
        chart_title(base, title, sizeof(title));
        cJSON_AddStringToObject(c, "file", names[i]);
        cJSON_AddStringToObject(c, "title", title);
        cJSON_AddItemToArray(list, c);
        free(names[i]);
    }
    return list;
}

/* --- tar
 * ----------------------------------------------------------------------- */

struct tar {
    char *buf;
    size_t len, cap;
    int too_big;
};

static void
tar_put(struct tar *t, const void *p, size_t n)
{
    if (t->len + n > (size_t)MAX_TAR_BYTES) {
        t->too_big = 1;
        return;
    }
    if (t->len + n > t->cap) {
        t->cap = (t->len + n) * 2 + 65536;
        t->buf = xrealloc(t->buf, t->cap);
    }
    if (p)
        memcpy(t->buf + t->len, p, n);
    else
        memset(t->buf + t->len, 0, n);
    t->len += n;
}

/* v in octal, width - 1 digits and a NUL, at field (v fits: sizes are
 * capped, times before 2242). */
static void
octal(unsigned char *field, size_t width, unsigned long long v)
{
    char t[32];

    snprintf(t, sizeof(t), "%0*llo", (int)width - 1, v);
    memcpy(field, t + strlen(t) - (width - 1), width - 1);
    field[width - 1] = '\0';
}

/*
 * A ustar header for path (dir: a folder) of size bytes: name in the
 * last 100 bytes and the rest in the 155-byte prefix, split at a '/'.
 * Returns 0, or -1 when the path does not fit.
 */
static int
tar_header(struct tar *t, const char *path, int dir, size_t size, time_t mtime)
{
    unsigned char h[512];
    size_t len = strlen(path), split = 0;
    unsigned sum = 0;

    memset(h, 0, sizeof(h));
    if (len > 100) {
        for (size_t i = 0; i < len && i <= 155; i++)
            if (path[i] == '/' && len - i - 1 <= 100)
                split = i;
        if (!split)
            return -1;
        memcpy(h + 345, path, split);
        memcpy(h, path + split + 1, len - split - 1);
    } else {
        memcpy(h, path, len);
    }
    octal(h + 100, 8, dir ? 0755u : 0644u);
    octal(h + 108, 8, 0);
    octal(h + 116, 8, 0);
    octal(h + 124, 12, size);
    octal(h + 136, 12, (unsigned long long)(mtime > 0 ? mtime : 0));
    h[156] = dir ? '5' : '0';
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    for (size_t i = 0; i < sizeof(h); i++)
        sum += h[i];
    octal(h + 148, 7, sum);
    h[155] = ' ';
    tar_put(t, h, sizeof(h));
    return 0;
}

/* Add folder dfd as path/, its regular files and its folders, to depth
 * levels more (links and anything else are left out). */
static int
tar_folder(struct tar *t, int dfd, const char *path, int depth)
{
    char *names[SERVE_MAX_LIST];
    size_t n = 0;
    struct stat st;
    DIR *d;
    struct dirent *e;
    int dup_fd = dup(dfd), rc = 0;

    if (dup_fd < 0 || fstat(dfd, &st) != 0 ||
        tar_header(t, path, 1, 0, st.st_mtime)) {
        if (dup_fd >= 0)
            close(dup_fd);
        return -1;
    }
    d = fdopendir(dup_fd);
    if (!d) {
        close(dup_fd);
        return -1;
    }
    while (n < SERVE_MAX_LIST && (e = readdir(d))) {
        if (e->d_name[0] != '.')
            names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n && !rc && !t->too_big; i++) {
        size_t plen = strlen(path) + strlen(names[i]) + 2;
        char *sub = xmalloc(plen);

        snprintf(sub, plen, "%s/%s", path, names[i]);
        if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            /* Gone meanwhile: left out. */
        } else if (S_ISDIR(st.st_mode) && depth > 0) {
            int sfd = openat(dfd, names[i],
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

            if (sfd >= 0) {
                rc = tar_folder(t, sfd, sub, depth - 1);
                close(sfd);
            }
        } else if (S_ISREG(st.st_mode)) {
            char *data;
            size_t len;

            if (read_in(dfd, names[i], &data, &len) == 0) {
                rc = tar_header(t, sub, 0, len, st.st_mtime);
                tar_put(t, data, len);
                tar_put(t, NULL, (512 - len % 512) % 512);
                free(data);
            }
        }
        free(sub);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

/* --- the handler
 * ----------------------------------------------------------------- */

static void
serve_tar(int dfd, const char *name, struct serve_response *rs)
{
    struct tar t = {NULL, 0, 0, 0};

    if (tar_folder(&t, dfd, name, 2) || t.too_big) {
        free(t.buf);
        reply_error(rs, t.too_big ? 507 : 500,
                    t.too_big ? "the folder is too large to pack"
                              : "cannot pack the folder");
        return;
    }
    tar_put(&t, NULL, 1024);
    reply_owned(rs, 200, "application/x-tar", t.buf, t.len);
    snprintf(rs->disposition, sizeof(rs->disposition),
             "attachment; filename=\"%s.tar\"", name);
}

/* Serve file of folder dfd (a name from a listing) as type. */
static void
serve_file(int dfd, const char *file, const char *type,
           struct serve_response *rs)
{
    char *data;
    size_t len;

    if (read_in(dfd, file, &data, &len)) {
        reply_error(rs, 404, "no %s in this results folder", file);
        return;
    }
    reply_owned(rs, 200, type, data, len);
}

void
api_result(struct serve *s, const char *name, const char *rest,
           const struct serve_request *rq, struct serve_response *rs)
{
    int dfd = open_result(s, name);
    struct stat st;

    if (dfd < 0) {
        reply_error(rs, 404, "no results folder named '%.*s'", 100, name);
        return;
    }
    if (!rest || !*rest) {
        cJSON *o;

        if (fstatat(dfd, "manifest.json", &st, 0) != 0)
            st.st_mtime = 0;
        o = result_json(dfd, name, st.st_mtime);
        cJSON_AddItemToObject(o, "charts", charts(dfd));
        reply_json(rs, 200, o);
    } else if (strcmp(rest, "report.html") == 0) {
        const char *dl = rq_query(rq, "download");

        serve_file(dfd, "report.html", "text/html; charset=utf-8", rs);
        if (rs->status == 200 && dl)
            snprintf(rs->disposition, sizeof(rs->disposition),
                     "attachment; filename=\"%s-report.html\"", name);
    } else if (strcmp(rest, "results.tar") == 0) {
        serve_tar(dfd, name, rs);
    } else if (strncmp(rest, "plots/", 6) == 0) {
        const char *file = rest + 6;
        size_t len = strlen(file);
        int pfd = openat(dfd, "plots",
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (pfd >= 0 && serve_name_ok(file) && len > 4 &&
            strcmp(file + len - 4, ".svg") == 0 && has_file(pfd, file))
            serve_file(pfd, file, "image/svg+xml", rs);
        else
            reply_error(rs, 404, "no chart named '%.*s'", 100, file);
        if (pfd >= 0)
            close(pfd);
    } else {
        reply_error(rs, 404, "no such thing in a results folder");
    }
    close(dfd);
}

int
results_fresh_name(struct serve *s, const char *base, char *out, size_t len)
{
    for (int i = 1; i < 100; i++) {
        size_t plen;
        char *path;
        struct stat st;
        int free_name;

        if (i == 1)
            snprintf(out, len, "%s", base);
        else
            snprintf(out, len, "%s-%d", base, i);
        if (!serve_name_ok(out))
            return -1;
        plen = strlen(s->res_dir) + strlen(out) + 2;
        path = xmalloc(plen);
        snprintf(path, plen, "%s/%s", s->res_dir, out);
        free_name = lstat(path, &st) != 0 && errno == ENOENT;
        free(path);
        if (free_name)
            return 0;
    }
    return -1;
}
