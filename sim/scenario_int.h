/*
 * scenario_int: the private interface between the files of the scenario
 * loader (scenario*.c).  These are the only files that include cJSON.
 *
 * The loader is a schema table walked by one walker.  Its files form
 * layers, each calling only those below it (the walker reaches the rules
 * through the rows' pointers: the rows are data), from the top:
 * - scenario.c: the entry points of scenario.h (scn_load, scn_release);
 * - scenario_shift.c: --shift, and what a --set leaves to a schedule;
 *   scenario_keys.c: `uecsim keys` and look-ups of keys;
 *   scenario_sites.c: each site laid over the top level;
 * - scenario_schema.c and its scenario_schema_*.c siblings (care, chain,
 *   escalation, reporting): the table, one row per key
 *   (type, field, range, default, unit, meaning), grouped in shapes (the
 *   keys of one object); scenario_bounds.c: the ranges of its numbers;
 * - scenario_rules.c: the rules that span fields, named in the table;
 * - scenario_walk.c: the walker (defaults, keys, families, lists);
 * - scenario_dist.c: the distribution reader; scenario_files.c: reading
 *   the extends chain (limits, syntax errors, duplicate keys, NULs);
 * - scenario_read.c: the readers of one value (types, ranges, value
 *   wrappers, unknown keys); scenario_merge.c: merging the chain, --set;
 * - scenario_names.c: the names of the families (streams, cohorts,
 *   pathways); scenario_period.c: a loaded scenario's days and periods;
 *   scenario_report.c: JSON paths, provenance, messages, key maps.
 */
#ifndef UECSIM_SCENARIO_INT_H
#define UECSIM_SCENARIO_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "scenario.h"

#if defined(__GNUC__)
#define SCN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SCN_PRINTF(fmt, args)
#endif

/* Longest user text (a key, a string value) quoted in a message. */
#define QUOTE_LEN 48

/* Deepest nesting whose source file is tracked (the schema needs ~8). */
#define CTX_DEPTH 32

/* Most rows in one shape (the walker keeps a status per row). */
#define SCN_MAX_ROWS 32

/* ------------------------------------------------------------------ */
/* Schema                                                             */
/* ------------------------------------------------------------------ */

enum scn_type {
    SCN_OBJECT,     /* an object whose keys are row->shape */
    SCN_NUMBER,     /* a finite double in row->range */
    SCN_INTEGER,    /* a whole number in row->range; row->width bytes */
    SCN_DURATION,   /* a number in the key's unit, stored in minutes */
    SCN_CAPACITY,   /* a non-negative integer or "unlimited" */
    SCN_SCHEDULE,   /* dated steps of the capacity key row->sibling */
    SCN_DATE,       /* "YYYY-MM-DD", stored as a day number */
    SCN_DIST,       /* a distribution object */
    SCN_WEIGHTS,    /* row->n weights, stored normalised to mean 1 */
    SCN_THRESHOLDS, /* OPEL levels 2-4, not decreasing */
    SCN_BY_MONTH,   /* a number, or 12 (January first), in row->range */
    SCN_BOOL,       /* true or false */
    SCN_STRING,     /* any string, owned copy */
    SCN_NAME,       /* a results-folder name, owned copy */
    SCN_KPI,        /* a KPI name from kpi.h, owned copy */
    SCN_LIST,       /* an array of objects of row->shape, appended */
    SCN_FILE,       /* extends: read by the chain, skipped by the walk */
    SCN_RULE        /* not a key: row->rule checks the object here */
};

/*
 * A numeric interval and how messages word it.  desc is what a message
 * says was expected ("a probability in [0, 1]"); when the upper bound is
 * a model limit that desc does not state, capped is 1 and a value above
 * it gets "expected DESC up to HI".  why says where the bound comes from.
 */
struct scn_range {
    double lo, hi;
    int lo_open, hi_open; /* 1: the bound itself is excluded */
    int capped;           /* hi is not named in desc */
    const char *desc;     /* "a non-negative number" */
    const char *what;     /* the keys it bounds, for the docs */
    const char *shown;    /* the bounds as the docs say them, if not lo-hi */
    const char *why;      /* the reason for the bounds, for the docs */
};

/* Keys made from a list of names: "ed_walk_in", "ed_ambulance", ... */
struct scn_names {
    const char *const *name;
    int n;
    int first; /* family index of name[0] (p1 is pathway 1) */
};

struct ctx;
struct walk;

/* A rule over one object, run at its place among the rows. */
typedef void (*scn_rule_fn)(struct ctx *c, const struct walk *w);

/*
 * One row of the schema: a key of an object, or a rule.  The value
 * lands at base + offset + k * stride, where base is the object's and k
 * the index in the nearest family (a stream, a cohort, a pathway, an
 * OPEL level, a period kind).
 */
struct scn_row {
    const char *key; /* JSON key; NULL for a rule */
    enum scn_type type;
    size_t offset, stride;
    const char *field; /* the C field, as "ga.capacity" or "windows" */
    size_t width;      /* SCN_INTEGER: bytes of the field */
    const struct scn_shape *shape;  /* SCN_OBJECT, SCN_LIST */
    const struct scn_names *names;  /* a family: one key per name */
    const struct scn_range *range;  /* numbers */
    double def;                     /* default (numbers, capacities) */
    const double *defs;             /* per family index, overrides def */
    const char *def_str;            /* SCN_STRING: default, copied */
    const char *def_text;           /* the default as the docs say it */
    const char *desc;               /* type errors: "an array of windows" */
    const char *unit;               /* "per day", "minutes", "" */
    const char *meaning;            /* one line */
    const char *valid;              /* extra validity text for the docs */
    const char *sibling;            /* capacity <-> its schedule key */
    double unit_min;                /* SCN_DURATION: minutes per unit */
    size_t n;                       /* SCN_WEIGHTS: how many */
    size_t count_offset, elem_size; /* SCN_LIST: count field, element */
    int list_k;                     /* SCN_LIST: family index of elements */
    int required;
    int only;         /* 0, or 1 + the only family index with this key */
    scn_rule_fn rule; /* SCN_RULE */
    const char *rule_name;
};

/* The keys of one kind of object. */
struct scn_shape {
    const char *name; /* "stream": marks its table in the docs */
    const char *what; /* "an arrival stream", for the docs */
    const struct scn_row *row;
    size_t n;
    int own_table; /* documented in a table of its own, not inlined */
};

/* The top-level object, and an element of its "sites". */
extern const struct scn_shape scn_top_shape;
extern const struct scn_shape scn_site_shape;

/* Longest dotted key path the look-ups below handle. */
#define SCN_KEY_LEN 160

/* A capacity key as --shift needs it. */
struct scn_capacity {
    double def;                 /* its default (RES_UNLIMITED as a double) */
    int def_unlimited;          /* 1: the default is "unlimited" */
    char schedule[SCN_KEY_LEN]; /* the dated schedule's key, or "" */
};

/* Whether the dotted path key is a capacity (*out filled): 1 or 0. */
int scn_capacity_key(const char *key, struct scn_capacity *out);

/* Every capacity key's path, in table order, into out[0..max); returns
 * how many were written. */
size_t scn_capacity_keys(char (*out)[SCN_KEY_LEN], size_t max);

/* The ranges (scenario_bounds.c), each with the reason for its bounds. */
extern const struct scn_range scn_r_prob, scn_r_share, scn_r_rate,
    scn_r_multiplier, scn_r_level, scn_r_growth, scn_r_hour, scn_r_weekend,
    scn_r_process, scn_r_target, scn_r_interval, scn_r_duration, scn_r_mean,
    scn_r_cv, scn_r_weight, scn_r_warm_up, scn_r_replications, scn_r_seed,
    scn_r_capacity, scn_r_starts, scn_r_bank_days, scn_r_wait_days, scn_r_slope,
    scn_r_at_least_one;

/* Every shape with a table of its own, in the order of the docs. */
const struct scn_shape *const *scn_doc_shapes(size_t *n);

/* Every range, with its reasons, for the docs. */
const struct scn_range *const *scn_ranges(size_t *n);

/* The type's name in `uecsim keys`. */
const char *scn_type_name(const struct scn_row *r);

/* The families of names (scenario_names.c); supported: pathways 1-3,
 * the ones with community capacity. */
extern const struct scn_names scn_stream_names, scn_cohort_names,
    scn_pathway_names, scn_supported_names;

/* Minutes per unit of a duration key suffix (_min, _h, _days). */
struct scn_unit {
    const char *suffix; /* "_h" */
    double min_per;     /* minutes per unit */
    const char *word;   /* "h", for messages: "3650 days" */
};

/* The units, in scenario_dist.c. */
#define SCN_N_UNITS 3

/* ------------------------------------------------------------------ */
/* Paths, provenance, messages and key maps (scenario_report.c)       */
/* ------------------------------------------------------------------ */

struct prov;

/*
 * The walk's state: the JSON path of the value being read, as a stack of
 * ".key" and "[i]" pieces, the source that wrote it, and the error list.
 * Each push saves the source in force, each pop restores it.
 */
struct ctx {
    const char *file;        /* source of the value at path, borrowed */
    struct scn_errors *err;  /* borrowed */
    const struct prov *prov; /* borrowed; NULL: everything is from file */
    size_t path_len;         /* bytes of path in use */
    char path[256];          /* "$.beds.ga.schedule[2].from" */
    const char *muted;       /* a source whose errors are dropped: the
                                top level's sections copied into each site,
                                reported once at their own path */
    size_t depth;            /* saved entries in use */
    size_t overflow;         /* pushes beyond CTX_DEPTH, not saved */

    struct {
        size_t mark;      /* path_len before the push */
        const char *file; /* source before the push */
    } saved[CTX_DEPTH];
};

/* Start a walk at "$" naming file; err and prov are borrowed. */
void ctx_init(struct ctx *c, const char *file, struct scn_errors *err,
              const struct prov *prov);

/*
 * Append ".key" (or "[i]") to the path, where node (or NULL) is the
 * value found there; returns the mark to pass to path_pop.
 */
size_t path_key(struct ctx *c, const char *key, const cJSON *node);
size_t path_index(struct ctx *c, size_t i, const cJSON *node);

/* Undo the push that returned mark (pushes and pops nest). */
void path_pop(struct ctx *c, size_t mark);

/*
 * Look up obj.key and push its path (*mark to pop it); NULL, reported if
 * required, when absent.
 */
const cJSON *path_enter(struct ctx *c, const cJSON *obj, const char *key,
                        int required, size_t *mark);

/* Count an error and keep its text while there is room. */
void add_error(struct scn_errors *e, const char *fmt, ...) SCN_PRINTF(2, 3);

/* Report a problem with the value at the current path. */
void fail(struct ctx *c, const char *fmt, ...) SCN_PRINTF(2, 3);

/* "expected EXPECTED, got WHAT-WAS-THERE". */
void fail_type(struct ctx *c, const char *expected, const cJSON *j);

/* 1 when the error list is full: later messages are only counted. */
int errors_full(const struct ctx *c);

/*
 * Copy at most n - 1 bytes of src[0..len) into out, control characters
 * as '?', without splitting a UTF-8 sequence.  Returns the bytes taken.
 */
size_t copy_clean(char *out, size_t n, const char *src, size_t len);

/* User text for a message (buf holds QUOTE_LEN): cleaned, cut, "...". */
void quote(const char *s, char *buf);

/* A number as the user would write it: integers in full, else %g. */
void fmt_num(double v, char *buf, size_t n);

/* What a type error says was found: the number itself, or the type. */
void describe(const cJSON *j, char *buf, size_t n);

/*
 * The candidate nearest to an unknown key (util_suggest: one that
 * contains the key first, then the fewest edits), or NULL when none is
 * close.  Earlier candidates win ties; with annotations, the annotation
 * keys are candidates too, after the others.
 */
const char *suggest(const char *key, const char *const *cand, size_t n,
                    int annotations);

/* "source", "assumption", "note": allowed in every object. */
int is_annotation(const char *key);

/*
 * A hash map from key strings (borrowed) to nodes, with a count of how
 * often each key was put: duplicate keys and merges in linear time.
 */
struct keymap {
    size_t cap;       /* slots: 0 or a power of two */
    size_t used;      /* distinct keys */
    const char **key; /* owned array of borrowed strings */
    cJSON **node;     /* owned array */
    uint32_t *count;  /* owned array */
};

/* Put key (its count goes up; node is kept from the first put); returns
 * the new count. */
uint32_t keymap_put(struct keymap *m, const char *key, cJSON *node);

/* The node of key, or NULL. */
cJSON *keymap_get(const struct keymap *m, const char *key);

/* Point key's entry (which must exist) at node, keyed by node's string. */
void keymap_repoint(struct keymap *m, const char *key, cJSON *node);

void keymap_release(struct keymap *m);

/* cJSON allocates with plain malloc: fail as xmalloc does on NULL. */
cJSON *need(cJSON *j);

/* cJSON_GetObjectItemCaseSensitive. */
const cJSON *get(const cJSON *obj, const char *key);

/* ------------------------------------------------------------------ */
/* The walk (scenario_walk.c, scenario_read.c, scenario_dist.c,       */
/* scenario_rules.c)                                                  */
/* ------------------------------------------------------------------ */

/* The object a rule runs in: its JSON, target, family index, rows. */
struct walk {
    const cJSON *obj;
    char *base;
    int k;
    const struct scn_shape *shape;
    const signed char *status; /* per row so far: 1 read, 0 absent, -1 bad */
};

/* The status of the row with key in w (0 if absent or unknown). */
int walk_status(const struct walk *w, const char *key);

/* The field the row with key in w fills (for w's family index). */
void *walk_field(const struct walk *w, const char *key);

/* Set every default of shape (and the shapes inside) at base. */
void scn_walk_defaults(const struct scn_shape *sh, char *base, int k);

/* Check obj's keys against shape and read them into base. */
void scn_walk_object(struct ctx *c, const cJSON *obj,
                     const struct scn_shape *sh, char *base, int k);

/* Free what the strings and lists of shape at base own. */
void scn_walk_release(const struct scn_shape *sh, char *base, int k);

/*
 * Reject unknown keys in obj (reported at obj's path, naming the source
 * that wrote the key) and annotations that are not strings.  allowed
 * lists n keys.  Duplicates were reported by the file reader and are
 * skipped here.
 */
void check_keys(struct ctx *c, const cJSON *obj, const char *const *allowed,
                size_t n);

/* The value inside a wrapper {"value": V, "source": "..."}, or j. */
const cJSON *unwrap(struct ctx *c, const cJSON *j);

/*
 * Readers of one value at the current path (scenario_read.c; read_dist in
 * scenario_dist.c): 0, or -1 once reported.  Each unwraps a value wrapper.
 */
int read_number(struct ctx *c, const cJSON *j, const struct scn_range *r,
                double *out);
/* A whole number in r. */
int read_int(struct ctx *c, const cJSON *j, const struct scn_range *r,
             long long *out);
const char *read_string(struct ctx *c, const cJSON *j, const char *desc);
/* "YYYY-MM-DD" as a day number. */
int read_date(struct ctx *c, const cJSON *j, int32_t *day);
/* A non-negative integer up to the capacity bound, or "unlimited". */
int read_capacity(struct ctx *c, const cJSON *j, int32_t *out);
int read_numbers(struct ctx *c, const cJSON *j, size_t n_want, const char *what,
                 const struct scn_range *r, double **out, size_t *n_out);
int check_weight_sum(struct ctx *c, const double *w, size_t n, double *sum);
/* Row r's r->n weights, stored normalised to mean 1. */
int read_profile(struct ctx *c, const cJSON *j, const struct scn_row *r,
                 double *out);
/* OPEL thresholds of levels 2-4, not decreasing, into out[1..3]. */
int read_thresholds(struct ctx *c, const cJSON *j, const struct scn_range *r,
                    double *out);
/* One number for every month, or 12 (January first). */
int read_by_month(struct ctx *c, const cJSON *j, const struct scn_range *r,
                  double *out);
/* The dated steps of a capacity whose value key is value_key. */
int read_schedule(struct ctx *c, const cJSON *j, const char *value_key,
                  struct schedule *sc);
int read_dist(struct ctx *c, const cJSON *j, struct dist *out);

/* A duration of user value v in the unit with min_per minutes: 0 when in
 * the model's bounds (*out_min set), else -1 once reported. */
int duration_minutes(struct ctx *c, double v, const struct scn_unit *u,
                     double *out_min);

/* The longest duration the model takes, minutes (see scenario_schema.c). */
#define SCN_MAX_DURATION_DAYS 3650.0

/* The rules (scenario_rules.c), named in the schema. */
void rule_end_after_start(struct ctx *c, const struct walk *w);
void rule_window_order(struct ctx *c, const struct walk *w);
void rule_discharge_window(struct ctx *c, const struct walk *w);
void rule_ward_round(struct ctx *c, const struct walk *w);
void rule_departure_profile(struct ctx *c, const struct walk *w);
void rule_treatment_admitted(struct ctx *c, const struct walk *w);
void rule_probabilities_zero(struct ctx *c, const struct walk *w);
void rule_probabilities_sum(struct ctx *c, const struct walk *w);
void rule_period_kind(struct ctx *c, const struct walk *w);
void rule_period_windows(struct ctx *c, const struct walk *w);
void rule_escalation_on(struct ctx *c, const struct walk *w);
void rule_escalation_beds_cap(struct ctx *c, const struct walk *w);
void rule_spot_purchase(struct ctx *c, const struct walk *w);
void rule_target_value(struct ctx *c, const struct walk *w);
void rule_peak_rates(struct ctx *c, const struct walk *w);
void rule_sites(struct ctx *c, const struct walk *w);
void rule_pathway_starts(struct ctx *c, const struct walk *w);
void rule_ring_fenced(struct ctx *c, const struct walk *w);
void rule_ring_fenced_top(struct ctx *c, const struct walk *w);
void rule_report_periods(struct ctx *c, const struct walk *w);

/* ------------------------------------------------------------------ */
/* Files, provenance, merging, --set                                  */
/* ------------------------------------------------------------------ */

/*
 * Provenance: which source (a file of the extends chain, or one --set)
 * wrote each node of the merged tree, so that messages name it.  An open
 * addressing hash table keyed on the node's address.  Entries for freed
 * nodes go stale but are harmless: every node alive in the tree was
 * recorded after it was allocated, which overwrites any stale entry at
 * the same address.
 */
struct prov {
    size_t cap;         /* slots: 0 or a power of two */
    size_t used;        /* slots holding a node */
    const cJSON **node; /* owned array; NULL marks a free slot */
    uint32_t *src;      /* owned array: index into name */
    size_t n_names;
    char **name; /* owned: "scenarios/a.json", "--set seed=3" */
};

uint32_t prov_add_source(struct prov *p, const char *name);
/* The annotated values of the merged tree into s->notes, and their
 * release (scenario_notes.c). */
void notes_collect(struct scenario *s, const cJSON *root,
                   const struct prov *pv);
void notes_release(struct scenario *s);
void prov_set(struct prov *p, const cJSON *node, uint32_t src);
void prov_tree(struct prov *p, const cJSON *node, uint32_t src);
uint32_t prov_src(const struct prov *p, const cJSON *node);
const char *prov_name(const struct prov *p, const cJSON *node);
void prov_release(struct prov *p);

/*
 * Limits on what the loader reads (docs/scenario.md, "Files"): no real
 * scenario comes near them, and they keep a wrong path from reading a
 * device or a huge file, or an extends loop of distinct files from
 * running long.
 */
#define SCN_MAX_FILE_BYTES  (16u << 20) /* 16 MiB per file */
#define SCN_MAX_CHAIN_FILES 32          /* files in one extends chain */

/* One file of the extends chain; the chain runs from the file given. */
struct chain_file {
    char *path;  /* as opened: relative to the referrer's folder, owned */
    char *label; /* as the cycle message names it, owned */
    char *real;  /* realpath, owned */
    char *tree;  /* realpath of the folder its relative extends stay in:
                    the top file's, or its own when named by absolute path */
    char *buf;   /* the bytes, owned */
    size_t len;
    cJSON *root; /* owned until merged */
};

struct chain {
    size_t n;
    struct chain_file *f; /* owned */
};

/*
 * Load the file at path ("-" is standard input) and every file it
 * extends, top first, into ch, checking each alone (syntax, duplicate
 * keys, NUL characters).  Returns 0, or -1 after reporting why not.
 */
int chain_load(struct ctx *c, const char *path, struct chain *ch,
               struct prov *pv);
void chain_release(struct chain *ch);

/* Merge the chain into one tree (owned by the caller). */
cJSON *chain_merge(struct chain *ch, struct prov *pv);

/* FNV-1a over the bytes of every file of the chain, top first. */
unsigned long long chain_hash(const struct chain *ch);

/*
 * Apply one "a.b.c=VALUE" to the merged tree (errors to c, naming opt:
 * "--set" or "--vary").
 */
void apply_set(struct ctx *c, struct prov *pv, cJSON *root, const char *set,
               const char *opt);

/* --shift and what a --set leaves to a schedule (scenario_shift.c). */

/* Apply one "a.b.c=+N" to the merged tree (errors to c). */
void apply_shift(struct ctx *c, struct prov *pv, cJSON *root,
                 const char *shift);

/* The capacities the sets in ov[0..n) replace, as they were before. */
struct set_before;

/* Read them from root before any set is applied; owned, free with free. */
struct set_before *set_before_alloc(const cJSON *root,
                                    const struct scn_override *ov, size_t n);

/*
 * After a clean walk of root: a warning in s->warnings for each --set of
 * a capacity whose dated schedule still has steps (the last set of a
 * key only; none when a set or vary also replaced the schedule).
 */
void set_warnings(const cJSON *root, const struct scn_override *ov, size_t n,
                  const struct set_before *before, struct scenario *s);

/*
 * One component of a key path, "name" or "name[index]", split in place:
 * *index is NULL or the text inside the brackets.  Returns 0, or -1 when
 * the brackets are malformed.
 */
int key_split_index(char *comp, char **index);

/*
 * The element of array arr named by index: a count from 0, or the "name"
 * of one of its objects ("sites[PCH]"); NULL when there is none.
 */
cJSON *json_element(cJSON *arr, const char *index);

/*
 * Whether over merges into base key by key (both objects, neither a
 * value wrapper, over not a distribution naming its kind), and the merge
 * itself: over's items move into base, over is left empty.
 */
int merges_into(const cJSON *base, const cJSON *over);
void json_merge(struct prov *p, cJSON *base, cJSON *over);

/* ------------------------------------------------------------------ */
/* Sites (scenario_sites.c)                                           */
/* ------------------------------------------------------------------ */

/*
 * The sites' checks of the tree: a site that gives its own G&A capacity
 * and no schedule gets an empty one, and a top-level key that every site
 * replaces is reported.  sites_check_file runs on the merged chain,
 * before --set, and reports such keys of the file given (source 0): a base
 * file's key replaced by the sites of a file extending it is meant.
 * sites_premerge runs after --set and reports those of a --set (sources
 * from first_set on); then it lays each site's sections over copies of
 * the top level's (the copies' errors muted in c: the top level's own
 * walk reports them).
 */
void sites_check_file(struct ctx *c, struct prov *pv, cJSON *root);
void sites_premerge(struct ctx *c, struct prov *pv, uint32_t first_set,
                    cJSON *root);

/* After a walk without errors: the implicit site, or clear s->top. */
void sites_finish(struct scenario *s);

#endif
