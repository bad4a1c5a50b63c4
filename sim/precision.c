/*
 * precision: Hoad, Robinson and Davies's (2010) replication algorithm,
 * one state machine per judged output, fed in replication order.
 */
#include "precision.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "util.h"

void
prec_spec_default(struct prec_spec *sp)
{
    memset(sp, 0, sizeof(*sp));
    sp->rel = PREC_DEFAULT_REL;
    sp->max_reps = PREC_DEFAULT_MAX;
}

uint32_t
prec_look_ahead(uint32_t nsol)
{
    /* f(kLimit, Nsol): kLimit up to 100, then kLimit per hundred. */
    return nsol <= 100 ? PREC_LOOK_AHEAD
                       : (uint32_t)((uint64_t)PREC_LOOK_AHEAD * nsol / 100);
}

void
prec_init_empty(struct prec *p, const struct prec_spec *sp)
{
    memset(p, 0, sizeof(*p));
    p->rel = sp->rel > 0 ? sp->rel : PREC_DEFAULT_REL;
    p->max_reps =
        sp->max_reps >= PREC_FIRST_REPS ? sp->max_reps : PREC_FIRST_REPS;
}

void
prec_add(struct prec *p, const struct prec_item *it)
{
    struct prec_item *x;

    /* Grow by one: a handful of items, added once. */
    p->item = xrealloc(p->item, (p->n_items + 1) * sizeof(*p->item));
    x = &p->item[p->n_items++];
    *x = *it;
    x->cand = x->nsol = 0;
    x->mean = x->hw = x->need = (double)NAN;
    x->settled = 0;
}

double
prec_abs_of(const struct prec_spec *sp, int k)
{
    double v = 0;

    /* The last --precision KPI=V of a KPI wins. */
    for (size_t i = 0; i < sp->n_abs; i++)
        if (sp->abs_kpi[i] == k)
            v = sp->abs_hw[i];
    return v;
}

void
prec_init(struct prec *p, const struct prec_spec *sp, size_t n_scn)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    int *judged = xcalloc(nk, sizeof(*judged));

    prec_init_empty(p, sp);
    /*
     * The relative rule judges the KPIs named, else the headline ones;
     * given only absolute widths, only those KPIs are judged.
     */
    if (sp->n_kpi)
        for (size_t i = 0; i < sp->n_kpi; i++)
            judged[sp->kpi[i]] = 1;
    else if (sp->rel > 0 || sp->n_abs == 0)
        for (size_t k = 0; k < nk; k++)
            judged[k] = tab[k].headline == 1;
    for (size_t i = 0; i < sp->n_abs; i++)
        judged[sp->abs_kpi[i]] = 1;
    for (size_t s = 0; s < n_scn; s++)
        for (size_t k = 0; k < nk; k++) {
            struct prec_item it;

            if (!judged[k])
                continue;
            memset(&it, 0, sizeof(it));
            it.scn = s;
            it.kpi = (int)k;
            it.month = -1;
            it.abs_hw = prec_abs_of(sp, (int)k);
            prec_add(p, &it);
        }
    free(judged);
}

void
prec_release(struct prec *p)
{
    free(p->item);
    p->item = NULL;
    p->n_items = 0;
}

/* Whether the item's rule holds on summary sm; fills its figures. */
static int
item_met(const struct prec *p, struct prec_item *it, const struct summary *sm)
{
    size_t nk;
    const struct kpi_def *tab = kpi_table(&nk);
    double mid = tab[it->kpi].mid, h1;
    int met;

    it->settled = 0;
    it->mean = sm->n ? sm->mean : (double)NAN;
    it->hw = it->need = (double)NAN;
    if (sm->n == 0)
        return 1; /* undefined in every replication: nothing to judge */
    if (sm->n < 2 || !isfinite(sm->sd))
        return 0;
    it->hw = stats_ci_halfwidth(sm->sd, sm->n, 0.95);
    it->need = it->abs_hw > 0 ? it->abs_hw : p->rel * fmax(fabs(sm->mean), mid);
    met = it->hw <= it->need;
    if (!it->target)
        return met;
    /* One-sided at conf is the two-sided interval at 2 conf - 1. */
    h1 = stats_ci_halfwidth(sm->sd, sm->n, 2 * it->conf - 1);
    if (it->at_most)
        it->settled = sm->mean + h1 <= it->value || sm->mean - h1 > it->value;
    else
        it->settled = sm->mean - h1 >= it->value || sm->mean + h1 < it->value;
    return met || it->settled;
}

int
prec_update(struct prec *p, struct results *const *res, size_t n_scn)
{
    int all = 1;

    assert(n_scn > 0);
    p->n = res[0]->n_reps;
    for (size_t i = 0; i < p->n_items; i++) {
        struct prec_item *it = &p->item[i];
        struct summary sm;
        int met;

        assert(it->scn < n_scn && res[it->scn]->n_reps == p->n);
        if (it->month < 0)
            results_sel(res[it->scn], (size_t)it->kpi, &sm);
        else
            results_month(res[it->scn], (size_t)it->month, (size_t)it->kpi,
                          &sm);
        met = item_met(p, it, &sm);
        if (it->nsol)
            continue; /* passed: its Nsol stands */
        if (p->n < PREC_FIRST_REPS || !met) {
            it->cand = 0;
            all = 0;
            continue;
        }
        if (!it->cand)
            it->cand = p->n;
        if (p->n - it->cand >= prec_look_ahead(it->cand))
            it->nsol = it->cand;
        else
            all = 0;
    }
    p->converged = all && p->n >= PREC_FIRST_REPS;
    p->done = p->converged || p->n >= p->max_reps;
    return p->done;
}

uint32_t
prec_needed(const struct prec *p)
{
    uint32_t most = 0;

    if (!p->converged)
        return p->n;
    for (size_t i = 0; i < p->n_items; i++)
        if (p->item[i].nsol > most)
            most = p->item[i].nsol;
    return most;
}
