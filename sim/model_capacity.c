/*
 * model_capacity: the resources the stages share.  Freed units go to the
 * head of their queue (serve_queue), open capacity is tracked as a level,
 * and the escalation beds open are shared among the sites.  Called by the
 * stages and by model.c; it calls no stage but through its step.
 */
#include <assert.h>

#include "model_int.h"

/*
 * Freed units of resource r of site k go to whoever queues for them,
 * FIFO; the stage that takes each unit is named by its step.
 */
void
serve_queue(struct sim *s, size_t k, enum res_id r)
{
    struct res *res = res_at(s, k, r);
    uint32_t id;

    while (res_next(res, &id)) {
        struct bucket *b = pat_bucket(s, &s->pat[id]);

        switch (r) {
        case RES_MAJORS:
            level_add(s, b, AREA_MAJORS_QUEUE, -1);
            /* A cohorted patient's handover ended when the crew left. */
            if ((s->pat[id].flags & (PF_AMBULANCE | PF_COHORT)) == PF_AMBULANCE)
                level_add(s, b, AREA_HANDOVER_QUEUE, -1);
            next_step(s, STEP_ED_START, id);
            break;
        case RES_MINORS:
            level_add(s, b, AREA_MINORS_QUEUE, -1);
            next_step(s, STEP_ED_START, id);
            break;
        case RES_GA:
            level_add(s, b, AREA_GA_QUEUE, -1);
            next_step(s, STEP_BED_START, id);
            break;
        case RES_P1:
        case RES_P2:
        case RES_P3:
            level_add(s, b, AREA_PW_QUEUE_P1 + (r - RES_P1), -1);
            next_step(s, STEP_PATHWAY_GRANTED, id);
            break;
        default:
            assert(0 && "virtual wards do not queue");
        }
    }
}

/* The open capacity of resource r of site k as a level of the bucket it
 * belongs to; unlimited resources count as 0 open. */
void
track_open(struct sim *s, size_t k, enum res_id r)
{
    static const int open_area[RES_N] = {
        [RES_MAJORS] = -1,          [RES_MINORS] = -1,
        [RES_GA] = AREA_GA_OPEN,    [RES_VW] = AREA_VW_OPEN,
        [RES_P1] = AREA_PW_OPEN_P1, [RES_P2] = AREA_PW_OPEN_P2,
        [RES_P3] = AREA_PW_OPEN_P3,
    };
    const struct res *res = res_at(s, k, r);
    /* A site's ring-fenced elective beds are G&A beds too. */
    int32_t rf = r == RES_GA ? s->site[k].rf_capacity : 0;

    if (open_area[r] < 0)
        return;
    level_set(s, r < RES_SITE_N ? s->site[k].b : s->sys, open_area[r],
              res_is_limited(res) ? (double)(res->capacity + rf) : 0.0);
}

/*
 * The escalation beds open, shared among the sites in proportion to their
 * core (scheduled) beds by largest remainder (ties to the earlier site);
 * sites with unlimited beds take none, and if no site has limited beds,
 * in equal parts.  Exact in integers.
 */
static void
share_escalation_beds(const struct sim *s, int32_t *out)
{
    int64_t w[SCN_MAX_SITES], total = 0, given = 0, rem[SCN_MAX_SITES];
    int64_t e = s->esc_beds;

    for (size_t k = 0; k < s->n_sites; k++) {
        int32_t core = s->site[k].ga_core_capacity;

        w[k] = core == RES_UNLIMITED ? 0 : core;
        total += w[k];
    }
    if (total == 0) {
        for (size_t k = 0; k < s->n_sites; k++)
            w[k] = 1;
        total = (int64_t)s->n_sites;
    }
    for (size_t k = 0; k < s->n_sites; k++) {
        out[k] = (int32_t)(e * w[k] / total);
        rem[k] = e * w[k] % total;
        given += out[k];
    }
    for (; given < e; given++) {
        size_t best = 0;

        for (size_t k = 1; k < s->n_sites; k++)
            if (rem[k] > rem[best])
                best = k;
        out[best]++;
        rem[best] = -1;
    }
}

void
set_ga_capacity(struct sim *s)
{
    int32_t esc[SCN_MAX_SITES];

    share_escalation_beds(s, esc);
    for (size_t k = 0; k < s->n_sites; k++) {
        struct site_sim *st = &s->site[k];
        int32_t cap = st->ga_core_capacity;

        if (esc[k] != st->esc_beds) {
            st->esc_beds = esc[k];
            level_set(s, st->b, AREA_ESC_BEDS, esc[k]);
        }
        if (cap != RES_UNLIMITED)
            cap += st->esc_beds - st->rf_capacity;
        res_set_capacity(&st->res[RES_GA], cap);
        track_open(s, k, RES_GA);
        serve_queue(s, k, RES_GA);
    }
}
