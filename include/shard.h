/*
 * shard: a share of a run written for later merging (`--shard K/N`), and
 * the set of shares `uecsim merge` reads back.
 *
 * A share is a contiguous block: replications floor((K-1) R / N) to
 * floor(K R / N) - 1 of run and compare (R replications), or grid points
 * in the same way of sweep, so shares 1..N together are the whole run
 * once each.  Results are not sums that can be added up afterwards (the
 * running statistics of results.h depend on the order the values come
 * in, and percentiles need the values), so a share keeps what the merge
 * needs to reproduce the unsplit run exactly: every replication's output
 * (struct rep_out, include/model.h) for run and compare, which the merge
 * replays in replication order through results_add (results.h); every
 * point's summaries (struct sweep_point) for sweep, whose points are
 * independent.
 *
 * The file, shard.bin (format 1), in the byte order and IEEE 754 doubles
 * of the machine that wrote it (a marker lets a reader of the other
 * order refuse it):
 *   "UECSIMSH"  u32 format (1)  u32 0x01020304 (byte order)
 *   header: str version, u32 kind (1 run, 2 compare, 3 sweep), u32 K,
 *     u32 N, u64 seed, u32 total (replications or points of the whole
 *     run), u32 first, u32 count (this share), u32 ACC_N, u32 KPIs,
 *     u32 scenarios and for each: str name, str path, u64 FNV-1a of its
 *     files (scenario.h file_hash); u32 argc and argc str: the command
 *     line without --shard, -o, -j and -q, which merge runs again.
 *   records, in order: u32 1 (a replication): u32 scenario, u32
 *     replication, u64 days, months, weeks, buckets, daily KPIs,
 *     periods, events, arrivals, str error (empty in a file), then the
 *     doubles of daily, monthly, weekly, total and period as rep_out
 *     lays them out; or u32 2 (a
 *     point): u32 index, f64 x[2], u32 replications, u32 KPIs, the
 *     summaries (u64 n, f64 mean, sd, ci95_low, ci95_high), u32 months
 *     and their summaries, u32 hits and the u32 counts.
 *   trailer: u32 3, u64 records, u64 FNV-1a 64 of every byte before it.
 * (str: u32 length, then the bytes.)  A year of the C&P baseline is
 * about 0.53 MB a replication.
 *
 * Nothing here prints; functions return 0, or -1 with a message in err.
 */
#ifndef UECSIM_SHARD_H
#define UECSIM_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sweep.h"

#define SHARD_FORMAT  1
#define SHARD_MAX_SCN 16
#define SHARD_FILE    "shard.bin"

enum shard_kind { SHARD_RUN = 1, SHARD_COMPARE = 2, SHARD_SWEEP = 3 };

/* What a share is of, and which share it is. */
struct shard_head {
    uint32_t format;
    char version[32];
    uint32_t kind;
    uint32_t k, n; /* share k (1..n) of n */
    uint64_t seed;
    uint32_t total; /* replications or grid points of the whole run */
    uint32_t first; /* this share: first..first+count-1 */
    uint32_t count;
    uint32_t n_scn;            /* scenarios (compare), else 1 */
    char *name[SHARD_MAX_SCN]; /* owned */
    char *path[SHARD_MAX_SCN]; /* owned */
    uint64_t hash[SHARD_MAX_SCN];
    uint32_t argc; /* the command line merge runs again, owned */
    char **argv;
};

/* Share k of n of total items: its first item and count. */
void shard_range(uint32_t k, uint32_t n, uint32_t total, uint32_t *first,
                 uint32_t *count);

/* Free what a header owns; accepts zero state. */
void shard_head_release(struct shard_head *h);

/*
 * A replication's output as a message (spread.h): u64 j (the sender's
 * iteration) and a replication record (its scenario and replication 0),
 * error text included.  Returns the bytes (owned) and their count.
 */
void *shard_pack_rep(uint64_t j, const struct rep_out *o, size_t *len);

/* Read such a message back into *o (owned by the caller); 0, or -1 when
 * it is not one. */
int shard_unpack_rep(const void *buf, size_t len, uint64_t *j,
                     struct rep_out *o);

/* --- writing ------------------------------------------------------------- */

struct shard_writer;

/*
 * Create dir/shard.bin and write h.  Returns the writer (owned; finish
 * with shard_finish) or NULL with a message.
 */
struct shard_writer *shard_create(const char *dir, const struct shard_head *h,
                                  char *err, size_t err_len);

/* A replication's output (borrowed). */
void shard_put_rep(struct shard_writer *w, size_t scn, uint32_t rep,
                   const struct rep_out *o);

/* A grid point (borrowed): n_month_rows rows of month summaries (0 when
 * p->month is NULL), n_hits counts (0 when p->hits is NULL). */
void shard_put_point(struct shard_writer *w, size_t index,
                     const struct sweep_point *p, size_t n_month_rows,
                     size_t n_hits);

/* Write the trailer and close; frees w.  0, or -1 with a message. */
int shard_finish(struct shard_writer *w, char *err, size_t err_len);

/*
 * dir/manifest.json of a share: marked "partial", which share of what,
 * the scenarios, seed and command line (cmdline, as typed).  0, or -1
 * with a message.
 */
int shard_write_manifest(const char *dir, const struct shard_head *h,
                         const char *cmdline, char *err, size_t err_len);

/* --- reading a set of shares --------------------------------------------- */

struct shard_set;

/*
 * Open the shares in dirs[0..n) (borrowed) as one run: each file checked
 * whole (trailer, checksum), then the set: the same format, version
 * (this uecsim's), command, scenarios, seed and N, each share 1..N
 * exactly once.
 * Returns the set (owned; shard_set_free) or NULL with the first problem
 * in err, naming the folders.
 */
struct shard_set *shard_set_open(const char *const *dirs, size_t n, char *err,
                                 size_t err_len);

void shard_set_free(struct shard_set *s);

/* The run the shares are of (share 1's header). */
const struct shard_head *shard_set_head(const struct shard_set *s);

/*
 * A run_source (run.h) get: replication rep of scenario scn, which must
 * be the next in replication order.  0, or -1 with o->error set.
 */
int shard_set_get_rep(void *ctx, size_t scn, uint32_t rep, struct rep_out *o);

/*
 * Grid point index (the next in order) into *p (owned: free with
 * sweep_point_release); x must be the point's values.  0, or -1 with a
 * message.
 */
int shard_set_get_point(struct shard_set *s, size_t index, const double *x,
                        struct sweep_point *p, char *err, size_t err_len);

/* After a merge: -1 with a message when a share holds records that were
 * not read (the command asked for fewer than the shares ran), else 0. */
int shard_set_unread(const struct shard_set *s, char *err, size_t err_len);

#endif
