/*
 * cli_report: what run and compare say on stdout: the headline KPIs in
 * board units (include/board.h) over the headline period, and for a
 * comparison whether each difference is large enough to matter.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "cli_int.h"
#include "kpi.h"

/* The line saying which days the figures are for, and why. */
static void
print_period(const struct cli *c, const struct scenario *s)
{
    int p = scn_selected_period(s);
    char per[160];

    board_period(s, p, per, sizeof(per));
    if (p < 0)
        printf("modelled figures for %s%s:\n", per,
               s->n_report_periods && !c->period
                   ? " (--period names one of the scenario's periods)"
                   : "");
    else if (c->period)
        printf("modelled figures for %s (--period):\n", per);
    else
        printf("modelled figures for %s, the period the scenario names "
               "'winter' (--period all for the whole run):\n",
               per);
}

/* The width of the longest headline KPI's short label. */
static int
label_width(void)
{
    size_t n, w = 0;
    const struct kpi_def *tab = kpi_table(&n);

    for (size_t k = 0; k < n; k++)
        if (tab[k].headline && strlen(tab[k].short_label) > w)
            w = strlen(tab[k].short_label);
    return (int)w;
}

void
cli_print_headlines(const struct cli *c, const struct run *r, const char *dir)
{
    size_t n;
    const struct kpi_def *tab = kpi_table(&n);
    char with[600];

    cli_with_overrides(c, with, sizeof(with));
    printf("%s (%s): %u replications, seed %llu%s\n", scn_title(r->scn),
           r->scn->name, r->replications, (unsigned long long)r->seed, with);
    print_period(c, r->scn);
    for (size_t k = 0; k < n; k++) {
        struct summary sm;
        char v[160];

        results_sel(r->res, k, &sm);
        if (!kpi_heads(&tab[k], sm.n))
            continue;
        printf("  %-*s  %s\n", label_width(), tab[k].short_label,
               board_value_ci(&tab[k], &sm, v, sizeof(v)));
    }
    printf("(mean over replications, 95 %% confidence interval; every KPI in "
           "summary.json)\nresults in %s\n",
           dir);
}

void
cli_print_comparison(const struct cli *c, const struct run *runs, size_t n,
                     const struct paired *pd, const double *mid,
                     const char *dir)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    const struct scenario *base = runs[0].scn;
    int p = scn_selected_period(base);
    char with[600];

    cli_with_overrides(c, with, sizeof(with));
    printf("compared with %s (base): %u replications each, seed %llu, "
           "common random numbers%s\n",
           scn_title(base), runs[0].replications,
           (unsigned long long)runs[0].seed, with);
    print_period(c, base);
    for (size_t i = 1; i < n; i++) {
        printf("%s minus %s:\n", scn_title(runs[i].scn), scn_title(base));
        for (size_t k = 0; k < nk; k++) {
            struct summary d;
            char v[160];

            if (!tab[k].headline)
                continue;
            if (p < 0)
                results_paired_diff(pd, i, k, &d);
            else
                results_paired_period(pd, i, (size_t)p, k, &d);
            if (!kpi_heads(&tab[k], d.n))
                continue;
            printf("  %-*s  %-44s matters: %s\n", label_width(),
                   tab[k].short_label, board_diff_ci(&tab[k], &d, v, sizeof(v)),
                   board_verdict_text(board_judge(&d, mid[k])));
        }
    }
    printf("(paired differences, 95 %% confidence intervals; \"matters\" "
           "against each KPI's minimum important difference: compare.md)\n"
           "results in %s\n",
           dir);
}

void
cli_print_precision(const struct cli *c, const struct prec *p,
                    const struct scenario *const *s, size_t n)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int w = 0;

    if (!p)
        return;
    for (size_t i = 0; i < p->n_items && !p->converged; i++)
        if (!p->item[i].nsol)
            fprintf(stderr,
                    "uecsim: warning: -r auto: %s%s%s did not reach the "
                    "precision asked in %u replications (--max-replications)"
                    "\n",
                    n > 1 ? s[p->item[i].scn]->name : "", n > 1 ? ": " : "",
                    tab[p->item[i].kpi].name, p->n);
    if (c->run.quiet)
        return;
    printf("replications by precision (-r auto; the confidence-interval "
           "method with look-ahead of Hoad, Robinson and Davies 2010): %u "
           "run, %u needed%s\n",
           p->n, prec_needed(p),
           p->converged ? "" : " (stopped at --max-replications)");
    for (size_t i = 0; i < p->n_items; i++)
        if ((int)strlen(tab[p->item[i].kpi].name) > w)
            w = (int)strlen(tab[p->item[i].kpi].name);
    for (size_t i = 0; i < p->n_items; i++) {
        const struct prec_item *it = &p->item[i];

        printf("  %s%s%-*s  ", n > 1 ? s[it->scn]->name : "", n > 1 ? ": " : "",
               w, tab[it->kpi].name);
        if (!isfinite(it->mean)) {
            printf("undefined in every replication: not judged\n");
            continue;
        }
        printf("%.6g +/- %.3g (%.2f %% of the mean), asked <= %.3g", it->mean,
               it->hw, 100 * it->hw / fabs(it->mean), it->need);
        if (it->abs_hw <= 0)
            printf(" (%g %% of %s)", 100 * p->rel,
                   fabs(it->mean) >= tab[it->kpi].mid
                       ? "the mean"
                       : "its minimum important difference");
        if (it->nsol)
            printf(", met from %u", it->nsol);
        else
            printf(", not met");
        printf("%s\n", it->settled ? " (verdict settled)" : "");
    }
}
