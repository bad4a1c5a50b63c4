/*
 * model_electives: elective admissions.  An elective takes a G&A bed on
 * arrival at its site, or is cancelled (and leaves the model) when no
 * bed is free there, when the site's occupancy is above its threshold,
 * or when the OPEL level says so.
 */
#include "model_int.h"

void
arrival_elective(struct sim *s, uint32_t id)
{
    const struct scenario *c = s->scn;
    struct patient *p = &s->pat[id];
    struct site_sim *st = &s->site[p->site];
    struct res *ga = &st->res[RES_GA];
    double occ;

    draw_inpatient(s, p);
    st->b->acc[ACC_ELECTIVES] += 1;
    /* Cancelled when no bed is free or occupancy at the site is above the
     * threshold. */
    occ = res_is_limited(ga) && ga->capacity > 0
              ? (double)ga->busy / (double)ga->capacity
              : 0.0;
    if (occ > st->cfg->elective.cancel_above_occupancy ||
        (c->escalation.enabled &&
         c->escalation.cancel_electives[s->opel_level - 1]) ||
        !res_try_take(ga)) {
        st->b->acc[ACC_ELECTIVES_CANCELLED] += 1;
        patient_free(s, id);
        return;
    }
    p->t_wait_min = s->now_min;
    p->t_admit_min = s->now_min;
    bed_start(s, id);
}
