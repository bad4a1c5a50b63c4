/*
 * cli_values: option values read into numbers, KPIs and the settings of
 * runs past one machine (-r auto's precision, --shard), each with the
 * message to give when the value is wrong.  Below cli.c, whose setters
 * print the message as a usage error; nothing here prints.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "kpi.h"
#include "util.h"

int
cli_parse_count(const char *s, unsigned long long lo, unsigned long long hi,
                unsigned long long *out)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int
cli_parse_fraction(const char *opt, const char *val, double lo, int lo_open,
                   double *out, char *err, size_t err_len)
{
    char *end, hint[64] = "";
    double v;

    errno = 0;
    v = strtod(val, &end);
    if (!errno && end != val && !*end && (lo_open ? v > lo : v >= lo) &&
        v < 1) {
        *out = v;
        return 0;
    }
    /* 90 for 90 % is the likely slip. */
    if (!errno && end != val && !*end && v > 1 && v < 100)
        snprintf(hint, sizeof(hint), " (did you mean %g?)", v / 100);
    snprintf(err, err_len, "%s: expected a fraction in %s%g, 1), got '%s'%s",
             opt, lo_open ? "(" : "[", lo, val, hint);
    return -1;
}

int
cli_find_kpi(const char *opt, const char *val, const char *name, size_t len,
             int *k, char *err, size_t err_len)
{
    char buf[96];
    size_t nk, near;
    const struct kpi_def *tab = kpi_table(&nk);

    if (len == 0 || len >= sizeof(buf)) {
        snprintf(err, err_len, "%s %s: expected a KPI name", opt, val);
        return -1;
    }
    memcpy(buf, name, len);
    buf[len] = '\0';
    *k = kpi_find(buf);
    if (*k < 0) {
        const char **names = xmalloc(nk * sizeof(*names));
        char hint[160] = "";

        for (size_t i = 0; i < nk; i++)
            names[i] = tab[i].name;
        if (util_suggest(buf, names, nk, &near, 1) == 1)
            snprintf(hint, sizeof(hint), " (did you mean '%s'?)", names[near]);
        free(names);
        snprintf(err, err_len,
                 "%s %s: unknown KPI '%s'%s; `uecsim kpis` lists every KPI",
                 opt, val, buf, hint);
        return -1;
    }
    return 0;
}

int
cli_parse_precision(struct prec_spec *sp, const char *opt, const char *val,
                    char *err, size_t err_len)
{
    const char *eq = strchr(val, '=');
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    char *end;
    double v;
    int k;

    if (!eq)
        return cli_parse_fraction(opt, val, 0, 1, &sp->rel, err, err_len);
    if (cli_find_kpi(opt, val, val, (size_t)(eq - val), &k, err, err_len))
        return -1;
    if (sp->n_abs == PREC_MAX_KPIS) {
        snprintf(err, err_len, "at most %d %s KPI=VALUE options", PREC_MAX_KPIS,
                 opt);
        return -1;
    }
    errno = 0;
    v = strtod(eq + 1, &end);
    if (errno || end == eq + 1 || *end || !(v > 0) || !isfinite(v)) {
        snprintf(err, err_len,
                 "%s %s: expected a half-width above 0 after '=', in the "
                 "KPI's unit",
                 opt, val);
        return -1;
    }
    if (tab[k].share && v >= 1) {
        snprintf(err, err_len,
                 "%s %s: %s is a share, a fraction from 0 to 1 (did you mean "
                 "%g?)",
                 opt, val, tab[k].name, v / 100);
        return -1;
    }
    sp->abs_kpi[sp->n_abs] = k;
    sp->abs_hw[sp->n_abs++] = v;
    return 0;
}

int
cli_parse_precision_kpi(struct prec_spec *sp, const char *opt, const char *val,
                        char *err, size_t err_len)
{
    const char *p = val;

    for (;;) {
        size_t len = strcspn(p, ",");
        int k;

        if (cli_find_kpi(opt, val, p, len, &k, err, err_len))
            return -1;
        if (sp->n_kpi == PREC_MAX_KPIS) {
            snprintf(err, err_len, "at most %d KPIs for %s", PREC_MAX_KPIS,
                     opt);
            return -1;
        }
        sp->kpi[sp->n_kpi++] = k;
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

int
cli_parse_shard(const char *opt, const char *val, uint32_t *k, uint32_t *n,
                char *err, size_t err_len)
{
    const char *slash = strchr(val, '/');
    char ks[24];
    unsigned long long kv, nv;

    if (!slash || (size_t)(slash - val) >= sizeof(ks)) {
        snprintf(err, err_len, "%s: expected K/N (share K of N), got '%s'", opt,
                 val);
        return -1;
    }
    memcpy(ks, val, (size_t)(slash - val));
    ks[slash - val] = '\0';
    if (cli_parse_count(slash + 1, 1, 100000, &nv) ||
        cli_parse_count(ks, 1, nv, &kv)) {
        snprintf(err, err_len,
                 "%s: expected K/N with 1 <= K <= N <= 100000, got '%s'", opt,
                 val);
        return -1;
    }
    *k = (uint32_t)kv;
    *n = (uint32_t)nv;
    return 0;
}
