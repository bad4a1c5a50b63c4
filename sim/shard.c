/*
 * shard: the shard.bin format (include/shard.h): a share's header, its
 * replications or grid points, a checked trailer; and a set of shares
 * read back in order for a merge.
 */
#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "util.h"
#include "wfile.h"

static const char magic[8] = {'U', 'E', 'C', 'S', 'I', 'M', 'S', 'H'};

enum { REC_REP = 1, REC_POINT = 2, REC_END = 3 };

#define BYTE_ORDER_MARK 0x01020304u
#define FNV_OFFSET      14695981039346656037ULL
#define FNV_PRIME       1099511628211ULL

static uint64_t
fnv(uint64_t h, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

void
shard_range(uint32_t k, uint32_t n, uint32_t total, uint32_t *first,
            uint32_t *count)
{
    uint64_t a = (uint64_t)(k - 1) * total / n, b = (uint64_t)k * total / n;

    *first = (uint32_t)a;
    *count = (uint32_t)(b - a);
}

void
shard_head_release(struct shard_head *h)
{
    for (uint32_t i = 0; i < h->n_scn && i < SHARD_MAX_SCN; i++) {
        free(h->name[i]);
        free(h->path[i]);
        h->name[i] = h->path[i] = NULL;
    }
    for (uint32_t i = 0; h->argv && i < h->argc; i++)
        free(h->argv[i]);
    free(h->argv);
    h->argv = NULL;
    h->argc = 0;
}

/* --- records in memory --------------------------------------------------- */

/* A growing byte buffer. */
struct buf {
    unsigned char *p;
    size_t len, cap;
};

static void
buf_add(struct buf *b, const void *x, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    if (n)
        memcpy(b->p + b->len, x, n);
    b->len += n;
}

static void
buf_u32(struct buf *b, uint32_t v)
{
    buf_add(b, &v, sizeof(v));
}

static void
buf_u64(struct buf *b, uint64_t v)
{
    buf_add(b, &v, sizeof(v));
}

/* A replication record (without its tag), as shard.h lays it out. */
static void
pack_rep(struct buf *b, size_t scn, uint32_t rep, const struct rep_out *o)
{
    size_t nb = o->n_buckets, elen = strlen(o->error);

    buf_u32(b, (uint32_t)scn);
    buf_u32(b, rep);
    buf_u64(b, o->n_days);
    buf_u64(b, o->n_months);
    buf_u64(b, o->n_weeks);
    buf_u64(b, nb);
    buf_u64(b, o->n_daily);
    buf_u64(b, o->n_periods);
    buf_u64(b, o->events);
    buf_u64(b, o->arrivals);
    buf_u32(b, (uint32_t)elen);
    buf_add(b, o->error, elen);
    buf_add(b, o->daily, o->n_days * nb * o->n_daily * sizeof(double));
    buf_add(b, o->monthly, o->n_months * nb * ACC_N * sizeof(double));
    buf_add(b, o->weekly, o->n_weeks * nb * ACC_N * sizeof(double));
    buf_add(b, o->total, nb * ACC_N * sizeof(double));
    buf_add(b, o->period, o->n_periods * nb * ACC_N * sizeof(double));
}

void *
shard_pack_rep(uint64_t j, const struct rep_out *o, size_t *len)
{
    struct buf b = {NULL, 0, 0};

    buf_u64(&b, j);
    pack_rep(&b, 0, 0, o);
    *len = b.len;
    return b.p;
}

/* --- writing ------------------------------------------------------------- */

struct shard_writer {
    struct wfile w;
    uint64_t hash;    /* FNV-1a of every byte so far */
    uint64_t records; /* records written */
};

static void
put(struct shard_writer *w, const void *buf, size_t len)
{
    w->hash = fnv(w->hash, buf, len);
    wfile_write(&w->w, buf, len);
}

static void
put_u32(struct shard_writer *w, uint32_t v)
{
    put(w, &v, sizeof(v));
}

static void
put_u64(struct shard_writer *w, uint64_t v)
{
    put(w, &v, sizeof(v));
}

static void
put_str(struct shard_writer *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    put_u32(w, (uint32_t)n);
    put(w, s, n);
}

static void
put_f64s(struct shard_writer *w, const double *x, size_t n)
{
    put(w, x, n * sizeof(double));
}

static void
put_summary(struct shard_writer *w, const struct summary *sm)
{
    double v[4] = {sm->mean, sm->sd, sm->ci95_low, sm->ci95_high};

    put_u64(w, sm->n);
    put_f64s(w, v, 4);
}

struct shard_writer *
shard_create(const char *dir, const struct shard_head *h, char *err,
             size_t err_len)
{
    struct shard_writer *w = xcalloc(1, sizeof(*w));
    size_t nk;

    kpi_table(&nk);
    w->hash = FNV_OFFSET;
    if (wfile_open(&w->w, dir, SHARD_FILE) != 0) {
        wfile_close(&w->w, err, err_len);
        free(w);
        return NULL;
    }
    put(w, magic, sizeof(magic));
    put_u32(w, SHARD_FORMAT);
    put_u32(w, BYTE_ORDER_MARK);
    put_str(w, UECSIM_VERSION);
    put_u32(w, h->kind);
    put_u32(w, h->k);
    put_u32(w, h->n);
    put_u64(w, h->seed);
    put_u32(w, h->total);
    put_u32(w, h->first);
    put_u32(w, h->count);
    put_u32(w, ACC_N);
    put_u32(w, (uint32_t)nk);
    put_u32(w, h->n_scn);
    for (uint32_t i = 0; i < h->n_scn; i++) {
        put_str(w, h->name[i]);
        put_str(w, h->path[i]);
        put_u64(w, h->hash[i]);
    }
    put_u32(w, h->argc);
    for (uint32_t i = 0; i < h->argc; i++)
        put_str(w, h->argv[i]);
    return w;
}

void
shard_put_rep(struct shard_writer *w, size_t scn, uint32_t rep,
              const struct rep_out *o)
{
    struct buf b = {NULL, 0, 0};

    put_u32(w, REC_REP);
    pack_rep(&b, scn, rep, o);
    put(w, b.p, b.len);
    free(b.p);
    w->records++;
}

void
shard_put_point(struct shard_writer *w, size_t index,
                const struct sweep_point *p, size_t n_month_rows, size_t n_hits)
{
    size_t nk;

    kpi_table(&nk);
    put_u32(w, REC_POINT);
    put_u32(w, (uint32_t)index);
    put_f64s(w, p->x, SWEEP_MAX_KEYS);
    put_u32(w, p->n_reps);
    put_u32(w, (uint32_t)nk);
    for (size_t k = 0; k < nk; k++)
        put_summary(w, &p->kpi[k]);
    put_u32(w, p->month ? (uint32_t)n_month_rows : 0);
    for (size_t i = 0; p->month && i < n_month_rows * nk; i++)
        put_summary(w, &p->month[i]);
    put_u32(w, p->hits ? (uint32_t)n_hits : 0);
    for (size_t i = 0; p->hits && i < n_hits; i++)
        put_u32(w, p->hits[i]);
    w->records++;
}

int
shard_finish(struct shard_writer *w, char *err, size_t err_len)
{
    uint64_t sum;
    int rc;

    put_u32(w, REC_END);
    put_u64(w, w->records);
    sum = w->hash;
    wfile_write(&w->w, &sum, sizeof(sum));
    rc = wfile_close(&w->w, err, err_len);
    free(w);
    return rc;
}

int
shard_write_manifest(const char *dir, const struct shard_head *h,
                     const char *cmdline, char *err, size_t err_len)
{
    static const char *const cmd[] = {"", "run", "compare", "sweep"};
    struct wfile w;

    if (wfile_open(&w, dir, "manifest.json") != 0)
        return wfile_close(&w, err, err_len);
    wfile_printf(&w, "{\n  \"uecsim_version\": ");
    wfile_json_string(&w, UECSIM_VERSION);
    wfile_printf(
        &w,
        ",\n  \"partial\": true,\n  \"shard\": {\"share\": %u, "
        "\"of\": %u, \"items\": \"%s\", \"from\": %u, \"to\": %u, "
        "\"total\": %u, \"file\": \"%s\", \"format\": %d}",
        h->k, h->n, h->kind == SHARD_SWEEP ? "grid points" : "replications",
        h->first + 1, h->first + h->count, h->total, SHARD_FILE, SHARD_FORMAT);
    wfile_printf(&w, ",\n  \"command\": \"%s\",\n  \"scenarios\": [",
                 cmd[h->kind % 4]);
    for (uint32_t i = 0; i < h->n_scn; i++) {
        wfile_printf(&w, "%s\n    {\"scenario\": ", i ? "," : "");
        wfile_json_string(&w, h->name[i]);
        wfile_printf(&w, ", \"scenario_path\": ");
        wfile_json_string(&w, h->path[i]);
        wfile_printf(&w, ", \"scenario_fnv1a64\": \"%016llx\"}",
                     (unsigned long long)h->hash[i]);
    }
    wfile_printf(&w, "\n  ],\n  \"seed\": %llu,\n  \"command_line\": ",
                 (unsigned long long)h->seed);
    wfile_json_string(&w, cmdline);
    wfile_printf(&w, "\n}\n");
    return wfile_close(&w, err, err_len);
}

/* --- reading ------------------------------------------------------------- */

/* Where records are read from: a file, or bytes in memory. */
struct cursor {
    FILE *f;                  /* or NULL: */
    const unsigned char *mem; /* the bytes left */
    size_t left;
    int bad; /* a read fell short */
};

struct shard_file {
    char *dir;  /* as given, owned */
    char *path; /* dir/shard.bin, owned */
    FILE *f;
    struct shard_head h;
    uint64_t records; /* from the trailer */
    uint64_t read;    /* records read so far */
    struct cursor in; /* on f */
};

static void
cur_get(struct cursor *c, void *buf, size_t len)
{
    if (!c->bad && c->f && (len == 0 || fread(buf, 1, len, c->f) == len))
        return;
    if (!c->bad && !c->f && len <= c->left) {
        memcpy(buf, c->mem, len);
        c->mem += len;
        c->left -= len;
        return;
    }
    memset(buf, 0, len);
    c->bad = 1;
}

static uint32_t
cur_u32(struct cursor *c)
{
    uint32_t v;

    cur_get(c, &v, sizeof(v));
    return v;
}

static uint64_t
cur_u64(struct cursor *c)
{
    uint64_t v;

    cur_get(c, &v, sizeof(v));
    return v;
}

/* n doubles into an owned array (NULL when n is 0 or the input bad). */
static double *
cur_f64s(struct cursor *c, uint64_t n)
{
    double *x;

    if (n == 0 || c->bad)
        return NULL;
    if (n > ((uint64_t)1 << 32)) {
        c->bad = 1;
        return NULL;
    }
    x = xmalloc((size_t)n * sizeof(double));
    cur_get(c, x, (size_t)n * sizeof(double));
    return x;
}

/* A replication record after its tag into *o; 0, or -1 when short. */
static int
unpack_rep(struct cursor *c, uint32_t *scn, uint32_t *rep, struct rep_out *o)
{
    uint32_t elen;
    size_t nb;

    memset(o, 0, sizeof(*o));
    *scn = cur_u32(c);
    *rep = cur_u32(c);
    o->n_days = (size_t)cur_u64(c);
    o->n_months = (size_t)cur_u64(c);
    o->n_weeks = (size_t)cur_u64(c);
    nb = o->n_buckets = (size_t)cur_u64(c);
    o->n_daily = (size_t)cur_u64(c);
    o->n_periods = (size_t)cur_u64(c);
    o->events = cur_u64(c);
    o->arrivals = cur_u64(c);
    elen = cur_u32(c);
    if (elen >= sizeof(o->error))
        c->bad = 1;
    else
        cur_get(c, o->error, elen);
    o->daily = cur_f64s(c, (uint64_t)o->n_days * nb * o->n_daily);
    o->monthly = cur_f64s(c, (uint64_t)o->n_months * nb * ACC_N);
    o->weekly = cur_f64s(c, (uint64_t)o->n_weeks * nb * ACC_N);
    o->total = cur_f64s(c, (uint64_t)nb * ACC_N);
    o->period = cur_f64s(c, (uint64_t)o->n_periods * nb * ACC_N);
    return c->bad ? -1 : 0;
}

int
shard_unpack_rep(const void *buf, size_t len, uint64_t *j, struct rep_out *o)
{
    struct cursor c = {NULL, buf, len, 0};
    uint32_t scn, rep;

    *j = cur_u64(&c);
    if (unpack_rep(&c, &scn, &rep, o) != 0 || c.left != 0) {
        model_out_release(o);
        return -1;
    }
    return 0;
}

/* A string of at most 1 MB (owned), or NULL when the file is bad. */
static char *
get_str(struct shard_file *s)
{
    uint32_t n = cur_u32(&s->in);
    char *p;

    if (s->in.bad || n > (1u << 20)) {
        s->in.bad = 1;
        return NULL;
    }
    p = xmalloc((size_t)n + 1);
    cur_get(&s->in, p, n);
    p[n] = '\0';
    return p;
}

static void
get_summary(struct shard_file *s, struct summary *sm)
{
    double v[4];

    sm->n = (size_t)cur_u64(&s->in);
    cur_get(&s->in, v, sizeof(v));
    sm->mean = v[0];
    sm->sd = v[1];
    sm->ci95_low = v[2];
    sm->ci95_high = v[3];
}

static void
file_free(struct shard_file *s)
{
    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    shard_head_release(&s->h);
    free(s->dir);
    free(s->path);
    free(s);
}

/*
 * Check the whole file: its checksum and trailer; leaves the stream at
 * the start and s->records set.  0, or -1 with a message.
 */
static int
verify(struct shard_file *s, char *err, size_t err_len)
{
    unsigned char buf[1 << 16];
    uint64_t hash = FNV_OFFSET, want, records;
    long long size;
    uint32_t tag;
    size_t n;
    long long left;

    if (fseek(s->f, 0, SEEK_END) != 0 || (size = ftell(s->f)) < 0) {
        snprintf(err, err_len, "cannot read %s: %s", s->path, strerror(errno));
        return -1;
    }
    if (size < (long long)(sizeof(magic) + 8 + 4 + 16)) {
        snprintf(err, err_len, "%s: not a uecsim shard (too short)", s->path);
        return -1;
    }
    rewind(s->f);
    left = size - 8;
    while (left > 0) {
        n = fread(buf, 1,
                  left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf),
                  s->f);
        if (n == 0) {
            snprintf(err, err_len, "cannot read %s: %s", s->path,
                     ferror(s->f) ? strerror(errno) : "unexpected end");
            return -1;
        }
        hash = fnv(hash, buf, n);
        left -= (long long)n;
    }
    if (fread(&want, sizeof(want), 1, s->f) != 1 || want != hash) {
        snprintf(err, err_len,
                 "%s: truncated or corrupt (its checksum does not match)",
                 s->path);
        return -1;
    }
    if (fseek(s->f, size - 8 - 8 - 4, SEEK_SET) != 0 ||
        fread(&tag, sizeof(tag), 1, s->f) != 1 ||
        fread(&records, sizeof(records), 1, s->f) != 1 || tag != REC_END) {
        snprintf(err, err_len, "%s: truncated or corrupt (no trailer)",
                 s->path);
        return -1;
    }
    s->records = records;
    rewind(s->f);
    return 0;
}

/* Open and check one share; NULL with a message. */
static struct shard_file *
file_open(const char *dir, char *err, size_t err_len)
{
    struct shard_file *s = xcalloc(1, sizeof(*s));
    struct shard_head *h = &s->h;
    char m[sizeof(magic)];
    size_t nk;

    kpi_table(&nk);
    s->dir = xstrdup(dir);
    s->path = xmalloc(strlen(dir) + sizeof(SHARD_FILE) + 2);
    sprintf(s->path, "%s/%s", dir, SHARD_FILE);
    s->f = fopen(s->path, "rb");
    s->in.f = s->f;
    if (!s->f) {
        snprintf(err, err_len, "%s: %s%s", s->path, strerror(errno),
                 errno == ENOENT ? " (not a shard: `--shard K/N` writes one)"
                                 : "");
        file_free(s);
        return NULL;
    }
    cur_get(&s->in, m, sizeof(m));
    h->format = cur_u32(&s->in);
    if (s->in.bad || memcmp(m, magic, sizeof(magic)) != 0) {
        snprintf(err, err_len, "%s: not a uecsim shard", s->path);
        file_free(s);
        return NULL;
    }
    if (h->format != SHARD_FORMAT) {
        snprintf(err, err_len,
                 "%s: shard format %u; this uecsim reads format %d", s->path,
                 h->format, SHARD_FORMAT);
        file_free(s);
        return NULL;
    }
    if (cur_u32(&s->in) != BYTE_ORDER_MARK) {
        snprintf(err, err_len,
                 "%s: written on a machine of the other byte order; merge "
                 "it on one like the machine that ran it",
                 s->path);
        file_free(s);
        return NULL;
    }
    if (verify(s, err, err_len) != 0) {
        file_free(s);
        return NULL;
    }
    cur_get(&s->in, m, sizeof(m));
    cur_u32(&s->in);
    cur_u32(&s->in);
    {
        char *v = get_str(s);

        snprintf(h->version, sizeof(h->version), "%s", v ? v : "");
        free(v);
    }
    h->kind = cur_u32(&s->in);
    h->k = cur_u32(&s->in);
    h->n = cur_u32(&s->in);
    h->seed = cur_u64(&s->in);
    h->total = cur_u32(&s->in);
    h->first = cur_u32(&s->in);
    h->count = cur_u32(&s->in);
    if (cur_u32(&s->in) != ACC_N || cur_u32(&s->in) != nk) {
        snprintf(err, err_len,
                 "%s: written by uecsim %s, whose outputs differ from "
                 "this one's (%s): merge with the uecsim that ran it",
                 s->path, h->version, UECSIM_VERSION);
        file_free(s);
        return NULL;
    }
    h->n_scn = cur_u32(&s->in);
    if (h->n_scn == 0 || h->n_scn > SHARD_MAX_SCN)
        s->in.bad = 1;
    for (uint32_t i = 0; !s->in.bad && i < h->n_scn; i++) {
        h->name[i] = get_str(s);
        h->path[i] = get_str(s);
        h->hash[i] = cur_u64(&s->in);
    }
    h->argc = s->in.bad ? 0 : cur_u32(&s->in);
    if (h->argc > 4096)
        s->in.bad = 1;
    if (!s->in.bad) {
        h->argv = xcalloc((size_t)h->argc + 1, sizeof(*h->argv));
        for (uint32_t i = 0; i < h->argc && !s->in.bad; i++)
            h->argv[i] = get_str(s);
    }
    if (s->in.bad || h->k < 1 || h->k > h->n || h->argc < 2 || !h->argv[1]) {
        snprintf(err, err_len, "%s: truncated or corrupt header", s->path);
        file_free(s);
        return NULL;
    }
    return s;
}

/* --- the set ------------------------------------------------------------- */

struct shard_set {
    size_t n;
    struct shard_file **file; /* [n] ordered by share */
    size_t cur;               /* the share being read */
};

void
shard_set_free(struct shard_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        file_free(s->file[i]);
    free(s->file);
    free(s);
}

const struct shard_head *
shard_set_head(const struct shard_set *s)
{
    return &s->file[0]->h;
}

static const char *const kind_name[] = {"", "run", "compare", "sweep"};

/* Why a and b are not shares of one run, into err; 0 when they are. */
static int
differ(const struct shard_file *a, const struct shard_file *b, char *err,
       size_t err_len)
{
    const struct shard_head *x = &a->h, *y = &b->h;
    char what[600] = "";

    if (strcmp(x->version, y->version) != 0)
        snprintf(what, sizeof(what), "uecsim %s and %s", x->version,
                 y->version);
    else if (x->kind != y->kind)
        snprintf(what, sizeof(what), "a %s and a %s", kind_name[x->kind % 4],
                 kind_name[y->kind % 4]);
    else if (x->n != y->n)
        snprintf(what, sizeof(what), "shares of %u and of %u", x->n, y->n);
    else if (x->seed != y->seed)
        snprintf(what, sizeof(what), "seeds %llu and %llu",
                 (unsigned long long)x->seed, (unsigned long long)y->seed);
    else if (x->n_scn != y->n_scn)
        snprintf(what, sizeof(what), "%u and %u scenarios", x->n_scn, y->n_scn);
    for (uint32_t i = 0; !what[0] && i < x->n_scn; i++)
        if (x->hash[i] != y->hash[i] || strcmp(x->path[i], y->path[i]) != 0)
            snprintf(what, sizeof(what),
                     "scenarios %s (%016llx) and %s (%016llx)", x->path[i],
                     (unsigned long long)x->hash[i], y->path[i],
                     (unsigned long long)y->hash[i]);
    if (!what[0] && x->total != y->total)
        snprintf(what, sizeof(what), "%u and %u %s", x->total, y->total,
                 x->kind == SHARD_SWEEP ? "grid points" : "replications");
    if (!what[0] && x->argc != y->argc)
        snprintf(what, sizeof(what), "command lines of %u and %u words",
                 x->argc, y->argc);
    for (uint32_t i = 0; !what[0] && i < x->argc; i++)
        if (strcmp(x->argv[i], y->argv[i]) != 0 && i > 0)
            snprintf(what, sizeof(what),
                     "command lines ('%.200s' and '%.200s')", x->argv[i],
                     y->argv[i]);
    if (!what[0])
        return 0;
    snprintf(err, err_len, "%s and %s are not shares of one run: %s", a->dir,
             b->dir, what);
    return -1;
}

static int
by_share(const void *a, const void *b)
{
    const struct shard_file *x = *(const struct shard_file *const *)a;
    const struct shard_file *y = *(const struct shard_file *const *)b;

    return (x->h.k > y->h.k) - (x->h.k < y->h.k);
}

struct shard_set *
shard_set_open(const char *const *dirs, size_t n, char *err, size_t err_len)
{
    struct shard_set *s = xcalloc(1, sizeof(*s));
    uint32_t want;

    s->file = xcalloc(n ? n : 1, sizeof(*s->file));
    for (size_t i = 0; i < n; i++) {
        s->file[i] = file_open(dirs[i], err, err_len);
        if (!s->file[i]) {
            shard_set_free(s);
            return NULL;
        }
        s->n++;
        if (i > 0 && differ(s->file[0], s->file[i], err, err_len) != 0) {
            shard_set_free(s);
            return NULL;
        }
    }
    /* Each share's outputs are this version's only if it ran them: the
     * merge's manifest would otherwise name a version that did not. */
    if (s->n > 0 && strcmp(s->file[0]->h.version, UECSIM_VERSION) != 0) {
        snprintf(err, err_len,
                 "%s was written by uecsim %s, this is uecsim %s: merge "
                 "with the uecsim that ran the shares",
                 s->file[0]->dir, s->file[0]->h.version, UECSIM_VERSION);
        shard_set_free(s);
        return NULL;
    }
    qsort(s->file, s->n, sizeof(*s->file), by_share);
    want = s->file[0]->h.n;
    for (size_t i = 0; i + 1 < s->n; i++)
        if (s->file[i]->h.k == s->file[i + 1]->h.k) {
            snprintf(err, err_len, "share %u of %u given twice: %s and %s",
                     s->file[i]->h.k, want, s->file[i]->dir,
                     s->file[i + 1]->dir);
            shard_set_free(s);
            return NULL;
        }
    if (s->n != want) {
        char miss[256] = "";
        size_t len = 0, j = 0, shown = 0;

        for (uint32_t k = 1; k <= want && len < sizeof(miss) - 16; k++) {
            if (j < s->n && s->file[j]->h.k == k) {
                j++;
                continue;
            }
            len += (size_t)snprintf(miss + len, sizeof(miss) - len, "%s%u",
                                    shown++ ? ", " : "", k);
        }
        snprintf(err, err_len,
                 "%zu of %u shares given: share%s %s of %u missing", s->n, want,
                 shown > 1 ? "s" : "", miss, want);
        shard_set_free(s);
        return NULL;
    }
    /* Each share where shard_range puts it, so together they tile. */
    for (size_t i = 0; i < s->n; i++) {
        const struct shard_head *h = &s->file[i]->h;
        uint32_t first, count;

        shard_range(h->k, h->n, h->total, &first, &count);
        if (h->first != first || h->count != count) {
            snprintf(err, err_len,
                     "%s: share %u of %u holds items %u to %u, "
                     "not %u to %u",
                     s->file[i]->dir, h->k, h->n, h->first, h->first + h->count,
                     first, first + count);
            shard_set_free(s);
            return NULL;
        }
    }
    return s;
}

/* The share holding item i, reading in order. */
static struct shard_file *
share_of(struct shard_set *s, uint32_t i)
{
    while (s->cur < s->n &&
           i >= s->file[s->cur]->h.first + s->file[s->cur]->h.count)
        s->cur++;
    return s->cur < s->n ? s->file[s->cur] : NULL;
}

int
shard_set_get_rep(void *ctx, size_t scn, uint32_t rep, struct rep_out *o)
{
    struct shard_set *s = ctx;
    struct shard_file *f = share_of(s, rep);
    uint32_t got_scn, got_rep;

    memset(o, 0, sizeof(*o));
    if (!f || f->read == f->records) {
        snprintf(o->error, sizeof(o->error), "no shard holds replication %u",
                 rep + 1);
        return -1;
    }
    if (cur_u32(&f->in) != REC_REP ||
        unpack_rep(&f->in, &got_scn, &got_rep, o) || got_scn != scn ||
        got_rep != rep || o->error[0]) {
        model_out_release(o);
        snprintf(o->error, sizeof(o->error),
                 "%s: expected replication %u of scenario %zu", f->path,
                 rep + 1, scn + 1);
        return -1;
    }
    f->read++;
    return 0;
}

int
shard_set_get_point(struct shard_set *s, size_t index, const double *x,
                    struct sweep_point *p, char *err, size_t err_len)
{
    struct shard_file *f = share_of(s, (uint32_t)index);
    size_t nk, rows, hits;
    uint32_t tag, got;

    kpi_table(&nk);
    memset(p, 0, sizeof(*p));
    if (!f || f->read == f->records) {
        snprintf(err, err_len, "no shard holds grid point %zu", index + 1);
        return -1;
    }
    tag = cur_u32(&f->in);
    got = cur_u32(&f->in);
    cur_get(&f->in, p->x, sizeof(p->x));
    p->n_reps = cur_u32(&f->in);
    if (f->in.bad || tag != REC_POINT || got != index ||
        cur_u32(&f->in) != nk) {
        snprintf(err, err_len, "%s: expected grid point %zu", f->path,
                 index + 1);
        return -1;
    }
    for (size_t k = 0; k < SWEEP_MAX_KEYS; k++)
        if (p->x[k] != x[k]) {
            snprintf(err, err_len,
                     "%s: grid point %zu is at %.10g, not %.10g: the "
                     "grid has changed",
                     f->path, index + 1, p->x[k], x[k]);
            return -1;
        }
    p->kpi = xcalloc(nk, sizeof(*p->kpi));
    for (size_t k = 0; k < nk; k++)
        get_summary(f, &p->kpi[k]);
    rows = cur_u32(&f->in);
    if (rows && !f->in.bad && rows < 100000) {
        p->month = xcalloc(rows * nk, sizeof(*p->month));
        for (size_t i = 0; i < rows * nk; i++)
            get_summary(f, &p->month[i]);
    }
    hits = cur_u32(&f->in);
    if (hits && !f->in.bad && hits < 100000) {
        p->hits = xcalloc(hits, sizeof(*p->hits));
        for (size_t i = 0; i < hits; i++)
            p->hits[i] = cur_u32(&f->in);
    }
    f->read++;
    if (f->in.bad) {
        snprintf(err, err_len, "%s: truncated", f->path);
        return -1;
    }
    return 0;
}

int
shard_set_unread(const struct shard_set *s, char *err, size_t err_len)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->file[i]->read != s->file[i]->records) {
            snprintf(
                err, err_len,
                "%s: %llu of its %llu records were not used: the "
                "command did not ask for them",
                s->file[i]->path,
                (unsigned long long)(s->file[i]->records - s->file[i]->read),
                (unsigned long long)s->file[i]->records);
            return -1;
        }
    return 0;
}
