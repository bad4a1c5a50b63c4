/*
 * model_electives: elective admissions.  At a site without a booked list
 * they arrive as the elective stream's Poisson arrivals and a cancelled
 * one leaves the model; at a booked site each day's list is fixed at
 * midnight and a patient cancelled on the day is rebooked for a later
 * list.  Either way an elective takes one of the site's ring-fenced beds
 * if one is free, else a general G&A bed, and is cancelled when neither
 * can be had.
 */
#include <math.h>

#include "model_int.h"

/* Electives expected at site k on day d of the run (0 = time 0). */
static double
booked_expected(struct sim *s, size_t k, int32_t d)
{
    return arr_expected_per_day(&s->arr[ARR_ELECTIVE], s->first_day + d) *
           s->site[k].cfg->share[ARR_ELECTIVE];
}

int
electives_all_booked(const struct sim *s)
{
    for (size_t k = 0; k < s->n_sites; k++)
        if (!s->site[k].cfg->elective.booked &&
            s->site[k].cfg->share[ARR_ELECTIVE] > 0)
            return 0;
    return 1;
}

/*
 * Take a bed for an elective: a ring-fenced one first (protected from
 * emergency pressure: neither the occupancy threshold nor OPEL cancels
 * it), else a general bed, when the site's general occupancy is within
 * its threshold, OPEL does not cancel electives and one is free (none is
 * while anybody queues).  Returns 1 if the patient has a bed.
 */
static int
elective_take_bed(struct sim *s, struct patient *p)
{
    const struct scenario *c = s->scn;
    struct site_sim *st = &s->site[p->site];
    struct res *ga = &st->res[RES_GA];
    double occ;

    if (st->rf_busy < st->rf_capacity) {
        st->rf_busy++;
        p->flags |= PF_RING_FENCED;
        level_add(s, st->b, AREA_GA_RF_OCCUPIED, 1);
        return 1;
    }
    occ = res_is_limited(ga) && ga->capacity > 0
              ? (double)ga->busy / (double)ga->capacity
              : 0.0;
    if (occ > st->cfg->elective.cancel_above_occupancy ||
        (c->escalation.enabled &&
         c->escalation.cancel_electives[s->opel_level - 1]))
        return 0;
    return res_try_take(ga);
}

static void
elective_admit(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = s->site[p->site].b;

    b->acc[ACC_ELECTIVES_ADMITTED] += 1;
    if (p->flags & PF_REBOOKED) {
        b->acc[ACC_ELECTIVE_BACKLOG] -= 1;
        p->flags &= ~(uint32_t)PF_REBOOKED;
    }
    p->t_wait_min = s->now_min;
    p->t_admit_min = s->now_min;
    next_step(s, STEP_BED_START, id);
}

void
arrival_elective(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct site_sim *st = &s->site[p->site];

    if (st->cfg->elective.booked) {
        /* This site's share of the stream is its booked list. */
        patient_free(s, id);
        return;
    }
    draw_inpatient(s, p);
    st->b->acc[ACC_ELECTIVES] += 1;
    if (!elective_take_bed(s, p)) {
        st->b->acc[ACC_ELECTIVES_CANCELLED] += 1;
        patient_free(s, id);
        return;
    }
    elective_admit(s, id);
}

/*
 * The time patient number i of n on a day's list is due, in minutes from
 * the day's midnight: the (i + 1/2) / n quantile of the elective stream's
 * hour-of-day profile (the weights sum to 24), so a list fills the hours
 * the profile gives evenly, and a list of one comes at its middle.
 */
static double
slot_min(const struct sim *s, uint32_t i, uint32_t n)
{
    const double *w = s->scn->arrivals[ARR_ELECTIVE].hour_of_day_weights;
    double q = ((double)i + 0.5) / (double)n * 24.0, cum = 0;

    for (int h = 0; h < 24; h++) {
        if (w[h] > 0 && cum + w[h] >= q)
            return (h + (q - cum) / w[h]) * MIN_PER_HOUR;
        cum += w[h];
    }
    return MIN_PER_DAY - 1; /* not reached: q < 24 = the sum */
}

void
electives_book_day(struct sim *s)
{
    int32_t d = s->day_index;
    double day0 = (double)d * MIN_PER_DAY;

    for (size_t k = 0; k < s->n_sites; k++) {
        struct site_sim *st = &s->site[k];
        double before = st->el_booked_cum, e;
        uint32_t n;

        if (!st->cfg->elective.booked)
            continue;
        /* The list is the rounded increase of the expected number so far,
         * so fractions carry from day to day and the year's total is exact
         * to one patient. */
        e = booked_expected(s, k, d);
        st->el_booked_cum = before + e;
        n = (uint32_t)(floor(st->el_booked_cum + 0.5) - floor(before + 0.5));
        for (uint32_t i = 0; i < n; i++) {
            uint32_t id = patient_new(s, ARR_ELECTIVE);
            struct patient *p = &s->pat[id];

            p->site = (uint8_t)k;
            s->out->arrivals++;
            draw_inpatient(s, p);
            /* The rebooking delay, drawn now like every attribute; the
             * elective stream has no brokerage of its own, so its
             * brokerage stream serves. */
            p->rebook_min =
                draw(s, p, ATTR_BROKERAGE, &st->cfg->elective.rebook_delay);
            p->state = PS_BOOKED;
            schedule(s, day0 + slot_min(s, i, n), EV_ELECTIVE_DUE, id);
        }
    }
}

/*
 * A cancelled patient's new date: the rebooking delay rounded up to whole
 * days (at least one), moved on to the site's next day with a list, at
 * the same time of day.  INFINITY when that is past the run.
 */
static double
rebook_time(struct sim *s, const struct patient *p)
{
    int32_t today = (int32_t)floor(s->now_min / MIN_PER_DAY);
    double days = ceil(p->rebook_min / MIN_PER_DAY);
    int32_t d, end = scn_days(s->scn);

    if (!(days >= 1))
        days = 1;
    if (!(days < end))
        return (double)INFINITY;
    d = today + (int32_t)days;
    while (d < end && !(booked_expected(s, p->site, d) > 0))
        d++;
    if (d >= end)
        return (double)INFINITY;
    return s->now_min + (double)(d - today) * MIN_PER_DAY;
}

/* Cancelled on the day: onto a later list, counted in the backlog once. */
static void
rebook(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = s->site[p->site].b;
    double t = rebook_time(s, p);

    if (!(p->flags & PF_REBOOKED)) {
        p->flags |= PF_REBOOKED;
        b->acc[ACC_ELECTIVE_BACKLOG] += 1;
    }
    b->acc[ACC_ELECTIVES_REBOOKED] += 1;
    p->state = PS_REBOOKED;
    level_add(s, b, AREA_ELECTIVE_REBOOKED, 1);
    if (t <= s->end_min)
        schedule(s, t, EV_ELECTIVE_DUE, id);
}

void
on_elective_due(struct sim *s, uint32_t id)
{
    struct patient *p = &s->pat[id];
    struct bucket *b = s->site[p->site].b;

    if (p->state == PS_REBOOKED)
        level_add(s, b, AREA_ELECTIVE_REBOOKED, -1);
    b->acc[ACC_ELECTIVES] += 1;
    if (elective_take_bed(s, p)) {
        elective_admit(s, id);
        return;
    }
    b->acc[ACC_ELECTIVES_CANCELLED] += 1;
    rebook(s, id);
}
