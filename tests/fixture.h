/*
 * fixture: what the model and statistical tests share.  Load a scenario
 * (a file with --set overrides, or JSON text), print the loader's errors
 * and fail the test if it does not load, run replications (print the
 * model's error and fail if a replication fails), and summarise a KPI
 * over the replications.
 *
 * Header-only, every function static inline: each test is one program
 * built from one .c file (Makefile), and a test uses only some of these.
 * Include it after nothing else; it includes cmocka in the order cmocka
 * needs.
 */
#ifndef UECSIM_TESTS_FIXTURE_H
#define UECSIM_TESTS_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "kpi.h"
#include "results.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"
#include "util.h"

/* A loaded scenario and its run. */
struct fx {
    struct scenario scn;
    struct run run;
};

/* Load path with n_sets overrides (sets may be NULL) into *s, or fail. */
static inline void
fx_load(const char *path, const char *const *sets, size_t n_sets,
        struct scenario *s)
{
    struct scn_errors *err = xcalloc(1, sizeof(*err));
    int rc = scn_load_with(path, sets, n_sets, s, err);

    for (size_t i = 0; i < err->n; i++)
        fprintf(stderr, "%s\n", err->msg[i]);
    free(err);
    assert_int_equal(rc, 0);
}

/* Load a scenario from JSON text (through a temporary file), or fail. */
static inline void
fx_load_text(const char *json, struct scenario *s)
{
    char path[] = "/tmp/uecsim-test-XXXXXX";
    int fd = mkstemp(path);
    FILE *fp;

    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    assert_non_null(fp);
    assert_true(fputs(json, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
    fx_load(path, NULL, 0, s);
    unlink(path);
}

/*
 * Run f's scenario: reps replications (0: the scenario's own) on threads
 * threads (0: OpenMP's default), quietly; fail if a replication fails.
 */
static inline void
fx_run(struct fx *f, uint32_t reps, int threads)
{
    struct run_opts o = {0};
    int rc;

    o.replications = reps;
    o.threads = threads;
    o.quiet = 1;
    o.keep = 1; /* tests may read each replication (fx_rep) */
    rc = run_replications(&f->scn, &o, &f->run);
    if (rc)
        fprintf(stderr, "%s\n", f->run.error);
    assert_int_equal(rc, 0);
}

/* Load a file with overrides and run it; free with fx_free. */
static inline struct fx *
fx_run_file(const char *path, const char *const *sets, size_t n_sets,
            uint32_t reps, int threads)
{
    struct fx *f = xcalloc(1, sizeof(*f));

    fx_load(path, sets, n_sets, &f->scn);
    fx_run(f, reps, threads);
    return f;
}

/* Load JSON text and run it; free with fx_free. */
static inline struct fx *
fx_run_text(const char *json, uint32_t reps, int threads)
{
    struct fx *f = xcalloc(1, sizeof(*f));

    fx_load_text(json, &f->scn);
    fx_run(f, reps, threads);
    return f;
}

static inline void
fx_free(struct fx *f)
{
    run_release(&f->run);
    scn_release(&f->scn);
    free(f);
}

/*
 * A KPI by name over the replications of a run: the whole reporting
 * period (month -1) or one reported month (0 = the first).
 */
static inline struct summary
fx_kpi(const struct run *r, const char *name, int month)
{
    int k = kpi_find(name);
    struct summary sm;

    assert_true(k >= 0);
    if (month < 0)
        results_kpi(r->res, (size_t)k, &sm);
    else
        results_month(r->res, (size_t)month, (size_t)k, &sm);
    return sm;
}

/* A KPI over the whole period at site k (0 = the first listed site). */
static inline struct summary
fx_site_kpi(const struct run *r, size_t k, const char *name)
{
    int i = kpi_find(name);
    struct summary sm;

    assert_true(i >= 0);
    results_kpi_in(r->res, 1 + k, (size_t)i, &sm);
    return sm;
}

#endif
