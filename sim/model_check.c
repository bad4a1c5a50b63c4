/*
 * model_check: the conservation checks.  Every tracked level equals the
 * resource counts and the census of patient states it mirrors; model.c
 * runs them at every midnight.
 */
#include <stdio.h>
#include <string.h>

#include "model_int.h"

/* --- conservation ------------------------------------------------------- */

/* Patients counted by state, and by the resources their state holds: one
 * per site, and the system's for the system-wide stages. */
struct census {
    double n[PS_N];
    double in_ed, handover_queue;
    double area_busy[2], area_queue[2]; /* majors, minors */
    double nctr_process, nctr_awaiting;
    double pw_busy[PW_N];  /* the system's: places held */
    double pw_queue[PW_N]; /* a site's: its patients in a place queue */
    double ring_fenced;    /* a site's: electives in ring-fenced beds */
    double cohort_busy, cohort_queue; /* ambulance cohort: in it, waiting */
    double ward_extra_head; /* moved by the protocol, at the queue's head */
    double crew_in_ed;      /* the system's: ED patients a crew waits with */
};

static void
take_census(const struct sim *s, struct census *site, struct census *sys)
{
    memset(site, 0, s->n_sites * sizeof(*site));
    memset(sys, 0, sizeof(*sys));
    for (uint32_t id = 0; id < s->n_pat; id++) {
        const struct patient *p = &s->pat[id];
        struct census *c = &site[p->site];
        int minors = (p->flags & PF_MINORS) != 0;

        c->n[p->state] += 1;
        sys->n[p->state] += 1;
        if (p->flags & PF_IN_ED)
            c->in_ed += 1;
        if (p->flags & PF_RING_FENCED)
            c->ring_fenced += 1;
        if (p->flags & PF_CREW)
            sys->crew_in_ed += 1;
        switch (p->state) {
        case PS_ED_WAIT:
            c->area_queue[minors] += 1;
            /* A patient in the cohort area has been handed over. */
            if ((p->flags & (PF_AMBULANCE | PF_COHORT)) == PF_AMBULANCE)
                c->handover_queue += 1;
            c->cohort_busy += (p->flags & PF_COHORT) != 0;
            c->cohort_queue += (p->flags & PF_COHORT_WAIT) != 0;
            break;
        case PS_ED_SPACE:
        case PS_BOARDING:
            c->area_busy[minors] += 1;
            break;
        case PS_NCTR_PROCESS:
            c->nctr_process += 1;
            break;
        case PS_NCTR_AWAITING:
            c->nctr_awaiting += 1;
            break;
        case PS_LEAVING:
            /* Waiting for the window: still counted where they came from. */
            if (p->pathway == PW_0) {
                c->nctr_process += 1;
            } else {
                c->nctr_awaiting += 1;
                if (!(p->flags & PF_SPOT))
                    sys->pw_busy[p->pathway] += 1;
            }
            break;
        case PS_PATHWAY:
            if (!(p->flags & PF_SPOT))
                sys->pw_busy[p->pathway] += 1;
            break;
        default:
            break;
        }
    }
    /* The protocol's patients are the first of their site's bed queue. */
    for (size_t k = 0; k < s->n_sites; k++) {
        const struct res *ga = &s->site[k].res[RES_GA];

        /* Or anywhere in it, when they keep their place. */
        size_t n = s->site[k].cfg->fcp.ahead_of_queue
                       ? (size_t)s->site[k].ward_extra
                       : ga->q_len;

        for (size_t i = 0; i < n && i < ga->q_len && i < ga->q_cap; i++) {
            uint32_t id = res_queued(ga, i);

            if (id < s->n_pat)
                site[k].ward_extra_head += s->pat[id].state == PS_WARD_EXTRA;
        }
    }
    /* Who waits in each pathway's queue, by site (the queue is shared;
     * its length is checked against the levels on its own). */
    for (int k = PW_1; k < PW_N; k++) {
        /* The places' queue, and the starts' when sized in starts. */
        const struct res *qs[2] = {&s->res[RES_P1 + k - PW_1], &s->pws[k].q};

        for (int j = 0; j < 2; j++) {
            const struct res *r = qs[j];
            size_t n = r->q_len < r->q_cap ? r->q_len : r->q_cap;

            for (size_t i = 0; i < n; i++) {
                uint32_t id = r->q[(r->q_head + i) & (r->q_cap - 1)];

                if (id < s->n_pat)
                    site[s->pat[id].site].pw_queue[k] += 1;
            }
        }
    }
}

/* One equation of the checks: a level against what it must equal. */
struct eq {
    const char *name;
    double level, count;
};

/* The first equation in eq[0..n) that fails, written to buf; or NULL. */
static const char *
first_broken(const struct eq *eq, size_t n, const char *where, char *buf,
             size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (eq[i].level == eq[i].count)
            continue;
        snprintf(buf, len, "%s%s: %g against %g", where, eq[i].name,
                 eq[i].level, eq[i].count);
        return buf;
    }
    return NULL;
}

/* A site's levels against its resources and its patients. */
static const char *
check_site(const struct sim *s, size_t k, const struct census *c, char *buf,
           size_t n)
{
    const struct site_sim *st = &s->site[k];
    const struct level *lv = st->b->lv;
    double ga_busy = c->n[PS_IN_BED] + c->n[PS_NCTR_PROCESS] +
                     c->n[PS_NCTR_AWAITING] + c->n[PS_LEAVING];
    char where[48] = "";
    const struct eq eq[] = {
        {"majors busy / majors resource", lv[AREA_MAJORS_BUSY].value,
         st->res[RES_MAJORS].busy},
        {"minors busy / minors resource", lv[AREA_MINORS_BUSY].value,
         st->res[RES_MINORS].busy},
        {"majors queue / majors resource", lv[AREA_MAJORS_QUEUE].value,
         (double)st->res[RES_MAJORS].q_len},
        {"minors queue / minors resource", lv[AREA_MINORS_QUEUE].value,
         (double)st->res[RES_MINORS].q_len},
        {"G&A occupied + turnaround / G&A resource and ring-fenced beds",
         lv[AREA_GA_OCCUPIED].value + lv[AREA_GA_TURNAROUND].value,
         st->res[RES_GA].busy + st->rf_busy},
        {"G&A queue / G&A resource", lv[AREA_GA_QUEUE].value,
         (double)st->res[RES_GA].q_len},
        {"escalation beds / the site's share", lv[AREA_ESC_BEDS].value,
         st->esc_beds},
        {"G&A open / G&A resource and ring-fenced beds", lv[AREA_GA_OPEN].value,
         st->res[RES_GA].capacity == RES_UNLIMITED
             ? 0.0
             : (double)st->res[RES_GA].capacity + st->rf_capacity},
        {"ring-fenced occupied / ring-fenced beds in use",
         lv[AREA_GA_RF_OCCUPIED].value, st->rf_busy},
        {"ring-fenced occupied / electives in them",
         lv[AREA_GA_RF_OCCUPIED].value, c->ring_fenced},
        {"ring-fenced open / ring-fenced beds", lv[AREA_GA_RF_OPEN].value,
         st->rf_capacity},
        {"rebooked electives / patients waiting for a date",
         lv[AREA_ELECTIVE_REBOOKED].value, c->n[PS_REBOOKED]},
        /* The same counts from the patients' states. */
        {"majors busy / patients in majors", lv[AREA_MAJORS_BUSY].value,
         c->area_busy[0]},
        {"minors busy / patients in minors", lv[AREA_MINORS_BUSY].value,
         c->area_busy[1]},
        {"majors queue / patients waiting", lv[AREA_MAJORS_QUEUE].value,
         c->area_queue[0]},
        {"minors queue / patients waiting", lv[AREA_MINORS_QUEUE].value,
         c->area_queue[1]},
        {"handover queue / ambulances waiting", lv[AREA_HANDOVER_QUEUE].value,
         c->handover_queue},
        {"ED in department / patients in ED", lv[AREA_ED_IN_DEPT].value,
         c->in_ed},
        {"boarders / patients boarding", lv[AREA_BOARDERS].value,
         c->n[PS_BOARDING]},
        {"G&A occupied / patients in beds", lv[AREA_GA_OCCUPIED].value,
         ga_busy},
        {"G&A queue / patients waiting for a bed", lv[AREA_GA_QUEUE].value,
         c->n[PS_BOARDING] + c->n[PS_WAIT_BED] + c->n[PS_WARD_EXTRA]},
        {"cohort busy / cohort resource", lv[AREA_COHORT_BUSY].value,
         st->cohort.busy},
        {"cohort busy / patients in the cohort area",
         lv[AREA_COHORT_BUSY].value, c->cohort_busy},
        {"cohort queue / cohort resource", lv[AREA_COHORT_QUEUE].value,
         (double)st->cohort.q_len},
        {"cohort queue / ambulances waiting for it",
         lv[AREA_COHORT_QUEUE].value, c->cohort_queue},
        {"extra patients on wards / the protocol's count",
         lv[AREA_FCP_EXTRA].value, st->ward_extra},
        {"extra patients on wards / patients moved there",
         lv[AREA_FCP_EXTRA].value, c->n[PS_WARD_EXTRA]},
        {"extra patients on wards / in the bed queue (at its head when "
         "they go ahead)",
         lv[AREA_FCP_EXTRA].value, c->ward_extra_head},
        {"NCTR process / patients in the process", lv[AREA_NCTR_PROCESS].value,
         c->nctr_process},
        {"NCTR awaiting / patients awaiting a pathway",
         lv[AREA_NCTR_AWAITING].value, c->nctr_awaiting},
        {"pathway 1 queue / its patients in the P1 queue",
         lv[AREA_PW_QUEUE_P1].value, c->pw_queue[PW_1]},
        {"pathway 2 queue / its patients in the P2 queue",
         lv[AREA_PW_QUEUE_P2].value, c->pw_queue[PW_2]},
        {"pathway 3 queue / its patients in the P3 queue",
         lv[AREA_PW_QUEUE_P3].value, c->pw_queue[PW_3]},
    };

    if (s->n_sites > 1)
        snprintf(where, sizeof(where), "site %s: ", st->cfg->name);
    return first_broken(eq, ARRAY_LEN(eq), where, buf, n);
}

const char *
model_check_levels(const struct sim *s, char *buf, size_t n)
{
    struct census site[SCN_MAX_SITES], sys;
    const struct level *lv = s->sys->lv;
    double esc = 0, pw_queue[PW_N] = {0};

    take_census(s, site, &sys);
    for (size_t k = 0; k < s->n_sites; k++) {
        if (check_site(s, k, &site[k], buf, n))
            return buf;
        esc += s->site[k].esc_beds;
        for (int p = PW_1; p < PW_N; p++)
            pw_queue[p] += s->site[k].b->lv[AREA_PW_QUEUE_P1 + p - PW_1].value;
    }
    {
        /* name, the level, what it must equal */
        const struct eq eq[] = {
            {"virtual ward occupied / VW resource", lv[AREA_VW_OCCUPIED].value,
             s->res[RES_VW].busy},
            {"virtual ward queue / none: it never queues", 0,
             (double)s->res[RES_VW].q_len},
            {"pathway 1 busy / P1 resource", lv[AREA_PW_BUSY_P1].value,
             s->res[RES_P1].busy},
            {"pathway 2 busy / P2 resource", lv[AREA_PW_BUSY_P2].value,
             s->res[RES_P2].busy},
            {"pathway 3 busy / P3 resource", lv[AREA_PW_BUSY_P3].value,
             s->res[RES_P3].busy},
            {"pathway 1 queue / P1 places and starts queues", pw_queue[PW_1],
             (double)(s->res[RES_P1].q_len + s->pws[PW_1].q.q_len)},
            {"pathway 2 queue / P2 places and starts queues", pw_queue[PW_2],
             (double)(s->res[RES_P2].q_len + s->pws[PW_2].q.q_len)},
            {"pathway 3 queue / P3 places and starts queues", pw_queue[PW_3],
             (double)(s->res[RES_P3].q_len + s->pws[PW_3].q.q_len)},
            {"escalation beds / the sites' shares", s->esc_beds, esc},
            {"OPEL level / OPEL state", lv[AREA_OPEL_LEVEL].value,
             s->opel_level},
            {"virtual ward occupied / patients on it",
             lv[AREA_VW_OCCUPIED].value, sys.n[PS_VW]},
            {"pathway 1 busy / patients holding a place",
             lv[AREA_PW_BUSY_P1].value, sys.pw_busy[PW_1]},
            {"pathway 2 busy / patients holding a place",
             lv[AREA_PW_BUSY_P2].value, sys.pw_busy[PW_2]},
            {"pathway 3 busy / patients holding a place",
             lv[AREA_PW_BUSY_P3].value, sys.pw_busy[PW_3]},
            {"ids in use / patients not free", (double)(s->n_pat - s->n_free),
             (double)s->n_pat - sys.n[PS_FREE]},
            {"999 incidents waiting / incidents in that state",
             lv[AREA_AMB_QUEUE].value, sys.n[PS_AMB_QUEUE]},
            {"999 incidents waiting / the priority queues",
             lv[AREA_AMB_QUEUE].value,
             (double)(s->amb.q[0].q_len + s->amb.q[1].q_len +
                      s->amb.q[2].q_len)},
            {"crews busy / the crew resource", lv[AREA_AMB_BUSY].value,
             s->amb.crews.busy},
            {"crews busy / with an incident, waiting at ED or clearing up",
             lv[AREA_AMB_BUSY].value,
             sys.n[PS_AMB_CREW] + sys.crew_in_ed + s->amb.clearing},
            {"UCR referrals waiting / in that state", lv[AREA_UCR_QUEUE].value,
             sys.n[PS_UCR_WAIT]},
            {"UCR referrals waiting / the teams' queue",
             lv[AREA_UCR_QUEUE].value, (double)s->amb.teams.q_len},
            {"UCR visits / in that state", lv[AREA_UCR_BUSY].value,
             sys.n[PS_UCR_VISIT]},
            {"UCR visits / the teams' resource", lv[AREA_UCR_BUSY].value,
             s->amb.teams.busy},
        };

        if (first_broken(eq, ARRAY_LEN(eq), "", buf, n))
            return buf;
    }
    {
        /* The crews on duty and none free, tracked while the ambulance
         * service is on (0 when off; on duty 0 when unlimited). */
        const struct res *cr = &s->amb.crews;
        int on = s->scn && s->scn->ambulance.enabled;
        int limited = on && res_is_limited(cr);
        double duty = limited ? cr->capacity : 0;
        double none = limited && cr->busy >= cr->capacity ? 1 : 0;

        if (lv[AREA_AMB_ON_DUTY].value != duty ||
            lv[AREA_AMB_NONE_FREE].value != none) {
            snprintf(buf, n,
                     "crews on duty %g against %g, none free %g against %g",
                     lv[AREA_AMB_ON_DUTY].value, duty,
                     lv[AREA_AMB_NONE_FREE].value, none);
            return buf;
        }
    }
    /* Open capacity: unlimited counts as 0 open (track_open). */
    for (int r = RES_VW; r < RES_N; r++) {
        static const int open_area[RES_N] = {
            [RES_VW] = AREA_VW_OPEN,
            [RES_P1] = AREA_PW_OPEN_P1,
            [RES_P2] = AREA_PW_OPEN_P2,
            [RES_P3] = AREA_PW_OPEN_P3,
        };
        double want = s->res[r].capacity == RES_UNLIMITED
                          ? 0.0
                          : (double)s->res[r].capacity;

        if (lv[open_area[r]].value != want) {
            snprintf(buf, n, "open capacity of resource %d: %g against %g", r,
                     lv[open_area[r]].value, want);
            return buf;
        }
    }
    for (int l = 1; l <= OPEL_LEVELS; l++) {
        double want = l == s->opel_level ? 1.0 : 0.0;

        if (lv[AREA_OPEL_1 + l - 1].value != want) {
            snprintf(buf, n, "OPEL %d indicator: %g against %g", l,
                     lv[AREA_OPEL_1 + l - 1].value, want);
            return buf;
        }
    }
    return NULL;
}
