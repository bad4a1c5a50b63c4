/*
 * model_beds: admission routing and G&A beds.  A decision to admit goes
 * to a virtual ward (step-up), a same-day stay, or a G&A bed, queueing
 * FIFO for the bed (the full capacity protocol, model_fcp.c, puts the
 * patients it moves to wards at the head); the stay ends by step-down
 * (model_vw.c), by the end of the clinical stay (model_discharge.c), or, for an
 * elective, by discharge home; the bed is then handed on, after its turnaround
 * when the site has one.
 */
#include "model_int.h"

/*
 * A decision to admit (ED) or a direct, refused step-up or escalated
 * admission: same-day stay, virtual ward, or a G&A bed (queueing FIFO).
 */
void
admit(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);

    if ((p->flags & PF_VW_ROUTE) && res_try_take(&s->res[RES_VW])) {
        if (p->flags & PF_IN_ED)
            next_step(s, STEP_ED_LEAVE, id);
        next_step(s, STEP_VW_ENTER, id);
        return;
    }
    b->acc[ACC_NEL_ADMISSIONS] += 1;
    p->t_admit_min = s->now_min;
    p->flags |= PF_NEL_SPELL;
    if (p->flags & PF_ZERO_DAY) {
        b->acc[ACC_ZERO_DAY] += 1;
        if (p->flags & PF_IN_ED)
            next_step(s, STEP_ED_LEAVE, id);
        p->state = PS_ZERO_DAY;
        schedule(s, s->now_min + p->zero_day_min, EV_ZERO_DAY_END, id);
        return;
    }
    p->t_wait_min = s->now_min;
    if (res_take_or_wait(&s->site[p->site].res[RES_GA], id)) {
        bed_start(s, id);
        return;
    }
    level_add(s, b, AREA_GA_QUEUE, 1);
    if (p->flags & PF_IN_ED) {
        p->state = PS_BOARDING;
        b->acc[ACC_DTA_BOARDED] += 1;
        level_add(s, b, AREA_BOARDERS, 1);
    } else {
        p->state = PS_WAIT_BED;
    }
}

/* End of a non-elective acute spell: the LoS tally. */
static void
spell_end(struct sim *s, struct patient *p)
{
    struct bucket *b = pat_bucket(s, p);

    if (!(p->flags & PF_NEL_SPELL))
        return;
    p->flags &= ~(uint32_t)PF_NEL_SPELL;
    b->acc[ACC_NEL_SPELLS_ENDED] += 1;
    b->acc[ACC_NEL_LOS_SUM_DAYS] += (s->now_min - p->t_admit_min) / MIN_PER_DAY;
}

void
on_zero_day_end(struct sim *s, uint32_t id)
{
    spell_end(s, &s->pat[id]);
    patient_free(s, id);
}

void
bed_start(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);

    if (p->flags & PF_IN_ED)
        next_step(s, STEP_ED_LEAVE, id);
    if (p->state == PS_WARD_EXTRA) {
        /* Moved by the full capacity protocol: the head of the queue. */
        s->site[p->site].ward_extra--;
        level_add(s, b, AREA_FCP_EXTRA, -1);
        b->acc[ACC_FCP_BEDDED] += 1;
        b->acc[ACC_FCP_WAIT_SUM_MIN] += s->now_min - p->t_moved_min;
    }
    p->state = PS_IN_BED;
    p->t_bed_min = s->now_min;
    b->acc[ACC_GA_BED_STARTS] += 1;
    b->acc[ACC_GA_WAIT_SUM_MIN] += s->now_min - p->t_wait_min;
    level_add(s, b, AREA_GA_OCCUPIED, 1);
    if (p->flags & PF_ELECTIVE) {
        /* Assumption: electives go home on pathway 0 at the end of stay. */
        schedule(s, s->now_min + p->los_min, EV_DISCHARGE, id);
    } else if (step_down_eligible(s, p)) {
        schedule(s, s->now_min + p->los_min * c->vw.step_down_at_share_of_los,
                 EV_STEP_DOWN, id);
    } else {
        schedule(s, ward_round_at(s, p, s->now_min + p->los_min, 0),
                 EV_CLINICAL_END, id);
    }
}

/*
 * The patient leaves the G&A bed, which is handed on, or, with a
 * turnaround, handed on when it ends (on_bed_ready).
 */
void
bed_leave(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = pat_bucket(s, p);

    b->acc[ACC_GA_BED_EXITS] += 1;
    b->acc[ACC_GA_STAY_SUM_MIN] += s->now_min - p->t_bed_min;
    level_add(s, b, AREA_GA_OCCUPIED, -1);
    spell_end(s, p);
    if (p->flags & PF_RING_FENCED) {
        /* A ring-fenced bed is turned round within the elective list's own
         * slack (an assumption, model.md): it is free at once, and nobody
         * queues for one: it waits for the next elective. */
        struct site_sim *st = &s->site[p->site];

        p->flags &= ~(uint32_t)PF_RING_FENCED;
        st->rf_busy--;
        level_add(s, st->b, AREA_GA_RF_OCCUPIED, -1);
        return;
    }
    if (p->turn_min > 0) {
        b->acc[ACC_GA_TURNAROUND_SUM_MIN] += p->turn_min;
        level_add(s, b, AREA_GA_TURNAROUND, 1);
        schedule(s, s->now_min + p->turn_min, EV_BED_READY, p->site);
        return;
    }
    res_give_back(&s->site[p->site].res[RES_GA]);
    serve_queue(s, p->site, RES_GA);
}

/* A bed's turnaround ends at site k: the bed is ready for the next. */
void
on_bed_ready(struct sim *s, uint32_t k)
{
    level_add(s, s->site[k].b, AREA_GA_TURNAROUND, -1);
    res_give_back(&s->site[k].res[RES_GA]);
    serve_queue(s, k, RES_GA);
}
