/*
 * model_electives: elective admissions.  An elective takes a G&A bed on
 * arrival, or is cancelled (and leaves the model) when no bed is free,
 * when occupancy is above the scenario's threshold, or when the OPEL
 * level says so.
 */
#include "model_int.h"

void
arrival_elective(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct res *ga = &s->res[RES_GA];
    struct patient *p = &s->pat[id];
    double occ;

    draw_inpatient(s, p);
    s->acc[ACC_ELECTIVES] += 1;
    /* Cancelled when no bed is free or occupancy is above the threshold. */
    occ = res_is_limited(s, RES_GA) && ga->capacity > 0
              ? (double)ga->busy / (double)ga->capacity
              : 0.0;
    if (occ > c->elective.cancel_above_occupancy ||
        (c->escalation.enabled &&
         c->escalation.cancel_electives[s->opel_level - 1]) ||
        !res_try_take(ga)) {
        s->acc[ACC_ELECTIVES_CANCELLED] += 1;
        patient_free(s, id);
        return;
    }
    p->t_wait_min = s->now_min;
    p->t_admit_min = s->now_min;
    bed_start(s, id);
}
