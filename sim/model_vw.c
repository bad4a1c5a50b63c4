/*
 * model_vw: virtual wards.  Step-up: a community referral, or an admitted
 * patient routed to a virtual ward instead of a bed.  Step-down: part of
 * the way through a G&A stay, when a virtual-ward bed is free.  A share
 * of virtual-ward patients escalate back to hospital once.  Virtual wards
 * never queue: a patient who finds no bed goes (or stays) in hospital.
 */
#include "model_int.h"

/* The patient starts a virtual-ward stay of stay_min. */
static void
vw_enter(struct sim *s, uint32_t id, double stay_min, int step_up)
{
    struct patient *p = &s->pat[id];

    p->state = PS_VW;
    p->t_wait_min = s->now_min;
    s->sys->acc[ACC_VW_ADMISSIONS] += 1;
    if (step_up)
        s->sys->acc[ACC_VW_STEP_UPS] += 1;
    level_add(s, s->sys, AREA_VW_OCCUPIED, 1);
    schedule(s, s->now_min + stay_min, EV_VW_END, id);
}

/* A step-up stay: the patient's drawn virtual-ward stay. */
void
vw_step_up(struct sim *s, uint32_t id)
{
    vw_enter(s, id, s->pat[id].vw_min, 1);
}

void
arrival_vw_referral(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    draw_inpatient(s, p);
    s->sys->acc[ACC_VW_REFERRALS] += 1;
    if (res_try_take(&s->res[RES_VW])) {
        vw_step_up(s, id);
        return;
    }
    /*
     * No virtual-ward bed: the referrer sends the patient to hospital, at
     * the site drawn at referral by direct_admission's shares.
     */
    s->sys->acc[ACC_VW_REFUSED] += 1;
    p->flags &= ~(uint32_t)(PF_VW_ROUTE | PF_ZERO_DAY);
    next_step(s, STEP_ADMIT, id);
}

void
on_step_down(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    double end = p->t_bed_min + p->los_min, rest;

    if (!res_try_take(&s->res[RES_VW])) {
        /*
         * No virtual-ward bed: try again at the next ward round (when the
         * scenario has them) while the clinical stay lasts, else finish
         * the stay in hospital.
         */
        double next = ward_round_at(s, p, s->now_min, 1);

        if (next > s->now_min && next < end) {
            p->flags |= PF_RETRY;
            schedule(s, next, EV_STEP_DOWN, id);
            return;
        }
        schedule(s, ward_round_at(s, p, end, 0), EV_CLINICAL_END, id);
        return;
    }
    /* What is left of the clinical stay (the first try: its share). */
    rest = p->flags & PF_RETRY
               ? end - s->now_min
               : p->los_min * (1 - s->scn->vw.step_down_at_share_of_los);
    pat_bucket(s, p)->acc[ACC_STEP_DOWNS] += 1;
    /* Escalated back to hospital, the patient needs only what is left. */
    p->los_min = rest;
    next_step(s, STEP_BED_LEAVE, id);
    vw_enter(s, id, rest, 0);
}

void
on_vw_end(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];

    level_add(s, s->sys, AREA_VW_OCCUPIED, -1);
    s->sys->acc[ACC_VW_EXITS] += 1;
    s->sys->acc[ACC_VW_STAY_SUM_MIN] += s->now_min - p->t_wait_min;
    res_give_back(&s->res[RES_VW]);
    if (p->flags & PF_ESCALATE) {
        /*
         * Back to hospital once, to the patient's own site (where a
         * step-down came from, or the referral's); the flags stop a
         * second round trip.
         */
        s->sys->acc[ACC_VW_ESCALATIONS] += 1;
        p->flags &= ~(uint32_t)(PF_ESCALATE | PF_VW_ROUTE | PF_ZERO_DAY);
        p->flags |= PF_NO_STEP_DOWN;
        next_step(s, STEP_ADMIT, id);
        return;
    }
    patient_free(s, id);
}
