/*
 * model_escalation: OPEL levels.  Every interval the system's level is
 * reassessed from G&A occupancy, ED boarders and the mean handover since
 * the last check, all over every site; each level opens escalation beds
 * (shared among the sites by set_ga_capacity) and sets what the other
 * stages read (faster discharge processes, more step-downs, cancelled
 * electives).
 */
#include "model_int.h"

/*
 * The OPEL level from the indicators now.  A level already held (or a
 * lower one) is kept while an indicator stays above its threshold less
 * the hysteresis; a higher level needs the full threshold.
 */
static int
opel_assess(const struct sim *s)
{
    const struct escalation *e = &s->scn->escalation;
    double busy = 0, core = 0, boarders = 0, occ;
    double ho = s->ho_n > 0 ? s->ho_sum_min / s->ho_n : 0.0;

    /* The system's indicators: occupancy over every limited site's core
     * beds, boarders in every ED. */
    for (size_t k = 0; k < s->n_sites; k++) {
        const struct site_sim *st = &s->site[k];

        if (st->ga_core_capacity != RES_UNLIMITED) {
            /* Patients in beds: a bed in turnaround is empty. */
            busy += st->b->lv[AREA_GA_OCCUPIED].value;
            core += st->ga_core_capacity;
        }
        /* Admitted patients waiting for a bed in ED, or on a ward where
         * the full capacity protocol moved them: it moves the wait, not
         * the pressure. */
        boarders +=
            st->b->lv[AREA_BOARDERS].value + st->b->lv[AREA_FCP_EXTRA].value;
    }
    occ = core > 0 ? busy / core : 0.0;

    for (int l = OPEL_LEVELS; l >= 2; l--) {
        int held = l <= s->opel_level;
        double h_occ = held ? e->hysteresis_ga_occupancy : 0;
        double h_brd = held ? e->hysteresis_ed_boarders : 0;
        double h_ho = held ? e->hysteresis_handover_mean_min : 0;

        if (occ >= e->ga_occupancy[l - 1] - h_occ ||
            boarders >= e->ed_boarders[l - 1] - h_brd ||
            ho >= e->handover_mean_min[l - 1] - h_ho)
            return l;
    }
    return 1;
}

/* Move to OPEL level l and take its actions. */
static void
opel_set(struct sim *s, int l)
{
    const struct escalation *e = &s->scn->escalation;
    int32_t beds = e->escalation_beds[l - 1];

    if (s->opel_level != l) {
        level_add(s, s->sys, AREA_OPEL_1 + s->opel_level - 1, -1);
        level_add(s, s->sys, AREA_OPEL_1 + l - 1, 1);
        level_set(s, s->sys, AREA_OPEL_LEVEL, l);
        s->opel_level = l;
    }
    if (beds > e->escalation_beds_cap)
        beds = e->escalation_beds_cap;
    if (beds != s->esc_beds) {
        s->esc_beds = beds;
        set_ga_capacity(s);
    }
}

void
on_opel(struct sim *s, uint32_t unused)
{
    (void)unused;
    opel_set(s, opel_assess(s));
    s->ho_sum_min = 0;
    s->ho_n = 0;
    if (s->now_min + s->scn->escalation.interval_min <= s->end_min)
        schedule(s, s->now_min + s->scn->escalation.interval_min, EV_OPEL, 0);
}
