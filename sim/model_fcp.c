/*
 * model_fcp: the full capacity protocol, or continuous flow (docs/model.md
 * 2.12).  Every interval, while enough admitted patients board in a
 * site's ED, the site moves a set number of them to its wards, each as an
 * extra patient in an escalation space there (a corridor trolley, a
 * bay's extra bed), while such spaces are left.  The patient leaves the ED,
 * which stops the four-hour and decision-to-admit clocks and hands the
 * ED space on, and waits on the ward for a bed: ahead of the site's
 * queue, where the moved patients are kept at its head in the order they
 * moved, or (ahead_of_queue false) in their place in it.
 */
#include "model_int.h"

/*
 * Move boarder id, at position i of the site's G&A queue, to a ward: when
 * the protocol puts them ahead, to the first place after the patients
 * moved before.
 */
static void
move_to_ward(struct sim *s, struct site_sim *st, size_t i, uint32_t id)
{
    struct bucket *b = st->b;

    if (st->cfg->fcp.ahead_of_queue)
        res_move_up(&st->res[RES_GA], i, (size_t)st->ward_extra);
    st->ward_extra++;
    /* Leaves ED as a boarder: the boarders' level falls there. */
    next_step(s, STEP_ED_LEAVE, id);
    s->pat[id].state = PS_WARD_EXTRA;
    s->pat[id].t_moved_min = s->now_min;
    b->acc[ACC_FCP_MOVES] += 1;
    level_add(s, b, AREA_FCP_EXTRA, 1);
}

/*
 * The protocol's round at site k: while at least boarders_trigger board,
 * up to moves_per_round of the longest-waiting boarders move, while the
 * site's extra_spaces are not all taken.
 */
void
on_fcp(struct sim *s, uint32_t k)
{
    struct site_sim *st = &s->site[k];
    const struct site *cfg = st->cfg;
    struct res *ga = &st->res[RES_GA];
    int32_t room = cfg->fcp.extra_spaces - st->ward_extra;
    int32_t n =
        room < cfg->fcp.moves_per_round ? room : cfg->fcp.moves_per_round;

    if (st->b->lv[AREA_BOARDERS].value < cfg->fcp.boarders_trigger)
        n = 0;
    /* The queue is FIFO but for the moved patients (at its head when
     * they go ahead), so the boarders are met in the order they decided
     * to admit. */
    for (size_t i = cfg->fcp.ahead_of_queue ? (size_t)st->ward_extra : 0;
         n > 0 && i < ga->q_len; i++) {
        uint32_t id = res_queued(ga, i);

        if (s->pat[id].state != PS_BOARDING)
            continue;
        move_to_ward(s, st, i, id);
        n--;
    }
    if (s->now_min + cfg->fcp.interval_min <= s->end_min)
        schedule(s, s->now_min + cfg->fcp.interval_min, EV_FCP, k);
}
