/*
 * kpi: the KPI table.  Each KPI is num / den x scale over summed buckets,
 * so daily, monthly and whole-period values share one definition; each
 * row also says how the KPI is shown (unit, share, short label, the
 * national standard it is read against).  The rows are in kpi_table.c.
 */
#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kpi_int.h"
#include "util.h"

/* What accumulator a counts, or its position when it has no words. */
static const char *
acc_text(int a, char *buf, size_t len)
{
    if (a >= 0 && a < ACC_N && kpi_acc_words[a])
        return kpi_acc_words[a];
    snprintf(buf, len, "accumulator %d", a);
    return buf;
}

const char *
kpi_kind(const struct kpi_def *k)
{
    switch (k->den_kind) {
    case KPI_DEN_DAYS:
        return "rate";
    case KPI_DEN_ONE:
        return "total";
    case KPI_DEN_TIME:
        return "level";
    case KPI_DEN_QUANTILE:
        return "quantile";
    default:
        break;
    }
    if (k->num >= AREA_FIRST)
        return "util";
    return k->share ? "share" : "mean";
}

char *
kpi_definition(const struct kpi_def *k, char *buf, size_t len)
{
    char a[48], b[48];
    const char *num = k->num >= 0 ? acc_text(k->num, a, sizeof(a))
                      : k->num == -3
                          ? "UCR patients sent on to a direct "
                            "admission or ED"
                          : "patients with no criteria to reside (in a "
                            "discharge process or awaiting a pathway)";
    const char *den = k->den >= 0    ? acc_text(k->den, b, sizeof(b))
                      : k->den == -2 ? "ambulance responses, all categories"
                                     : "G&A discharges on pathways 0-3";
    const char *kind = kpi_kind(k);

    if (strcmp(kind, "rate") == 0)
        snprintf(buf, len, "%s / days", num);
    else if (strcmp(kind, "total") == 0)
        snprintf(buf, len,
                 "%s, summed over the period in days (time "
                 "integral / 1440 minutes)",
                 num);
    else if (strcmp(kind, "quantile") == 0)
        snprintf(buf, len, "%g-quantile of %s", k->scale, num);
    else if (strcmp(kind, "level") == 0)
        snprintf(buf, len, "time average of %s", num);
    else if (strcmp(kind, "util") == 0)
        snprintf(buf, len, "time integral of %s / time integral of %s", num,
                 den);
    else
        snprintf(buf, len, "%s / %s", num, den);
    return buf;
}

const struct kpi_def *
kpi_table(size_t *n)
{
    *n = kpi_rows_n;
    return kpi_rows;
}

double
kpi_eval_site(const struct kpi_def *k, const double *acc)
{
    return k->system ? (double)NAN : kpi_eval(k, acc);
}

int
kpi_hist_bin(double t_min)
{
    int i;

    if (!(t_min >= 1))
        return 0;
    i = 1 + (int)floor(3 * log2(t_min));
    return i < KPI_HIST_BINS ? i : KPI_HIST_BINS - 1;
}

/* The lower edge of histogram bin i, minutes. */
static double
hist_edge(int i)
{
    return i == 0 ? 0 : exp2((i - 1) / 3.0);
}

/* The q-quantile of a histogram, interpolated inside its bin (the open
 * last bin gives its lower edge); NAN when it is empty. */
static double
hist_quantile(const double *h, double q)
{
    double n = 0, cum = 0, want;

    for (int i = 0; i < KPI_HIST_BINS; i++)
        n += h[i];
    if (!(n > 0))
        return NAN;
    want = q * n;
    for (int i = 0; i < KPI_HIST_BINS; i++) {
        if (h[i] > 0 && cum + h[i] >= want) {
            if (i == KPI_HIST_BINS - 1)
                return hist_edge(i);
            return hist_edge(i) +
                   (hist_edge(i + 1) - hist_edge(i)) * (want - cum) / h[i];
        }
        cum += h[i];
    }
    return hist_edge(KPI_HIST_BINS - 1);
}

double
kpi_eval(const struct kpi_def *k, const double *acc)
{
    double num, den;

    if (k->den_kind == KPI_DEN_QUANTILE)
        return hist_quantile(acc + k->num, k->scale);
    /* Some KPIs sum several accumulators; they are marked -1 and -3. */
    if (k->num >= 0)
        num = acc[k->num];
    else if (k->num == -3)
        num = acc[ACC_UCR_TO_ADMIT] + acc[ACC_UCR_TO_ED];
    else
        num = acc[AREA_NCTR_PROCESS] + acc[AREA_NCTR_AWAITING];
    switch (k->den_kind) {
    case KPI_DEN_DAYS:
        den = acc[ACC_MINUTES] / MIN_PER_DAY;
        break;
    case KPI_DEN_ONE:
        return num * k->scale;
    case KPI_DEN_TIME:
        den = acc[ACC_MINUTES];
        break;
    default:
        if (k->den >= 0)
            den = acc[k->den];
        else if (k->den == -2)
            den = acc[ACC_AMB_RESP_C1] + acc[ACC_AMB_RESP_C2] +
                  acc[ACC_AMB_RESP_C3] + acc[ACC_AMB_RESP_C4];
        else
            den = acc[ACC_DISCHARGES_P0] + acc[ACC_DISCHARGES_P1] +
                  acc[ACC_DISCHARGES_P2] + acc[ACC_DISCHARGES_P3];
        break;
    }
    if (!(den > 0))
        return NAN;
    return num / den * k->scale;
}

int
kpi_find(const char *name)
{
    for (size_t i = 0; i < kpi_rows_n; i++)
        if (strcmp(kpi_rows[i].name, name) == 0)
            return (int)i;
    return -1;
}

char *
kpi_axis_label(const struct kpi_def *k, char *buf, size_t len)
{
    const char *unit = k->share ? "%" : k->unit;
    size_t n = strlen(unit);

    /* "Patients with ..." says its unit already. */
    if (!k->share && strncasecmp(k->short_label, unit, n) == 0 &&
        (k->short_label[n] == ' ' || k->short_label[n] == '\0'))
        snprintf(buf, len, "%s", k->short_label);
    else
        snprintf(buf, len, "%s (%s)", k->short_label, unit);
    return buf;
}

int
kpi_heads(const struct kpi_def *k, size_t n_values)
{
    return k->headline == 1 || (k->headline == 2 && n_values > 0);
}
