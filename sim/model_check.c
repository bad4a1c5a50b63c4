/*
 * model_check: the run-time watchdog (an event at a time that is not
 * finite or lies in the past becomes an error naming the stage, never an
 * abort) and the conservation checks (every tracked level equals the
 * counts it mirrors).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "model_int.h"

static const char *const state_name[PS_N] = {
    [PS_FREE] = "free",
    [PS_ED_WAIT] = "waiting for an ED space",
    [PS_ED_SPACE] = "in an ED space",
    [PS_BOARDING] = "boarding in ED",
    [PS_WAIT_BED] = "waiting for a G&A bed",
    [PS_IN_BED] = "in a G&A bed",
    [PS_NCTR_PROCESS] = "in the discharge process",
    [PS_NCTR_AWAITING] = "awaiting a discharge pathway",
    [PS_LEAVING] = "waiting for the discharge window",
    [PS_ZERO_DAY] = "on a same-day stay",
    [PS_VW] = "on a virtual ward",
    [PS_PATHWAY] = "on a discharge pathway",
};

void
model_fail(struct sim *s, const char *fmt, ...)
{
    char *err = s->out->error, date[11];
    size_t size = sizeof(s->out->error);
    double d;
    int m, len;
    va_list ap;

    if (s->failed)
        return;
    s->failed = 1;
    if (s->cur_kind == EV_N) {
        len = snprintf(err, size,
                       "replication %u, set-up: ", (unsigned)s->rep + 1);
    } else {
        d = floor(s->now_min / MIN_PER_DAY);
        m = (int)(s->now_min - d * MIN_PER_DAY);
        cal_format(s->first_day + (int32_t)d, date);
        len = snprintf(err, size,
                       "replication %u, %s %02d:%02d: ", (unsigned)s->rep + 1,
                       date, m / 60, m % 60);
    }
    if (len < 0 || (size_t)len >= size)
        return;
    va_start(ap, fmt);
    vsnprintf(err + len, size - (size_t)len, fmt, ap);
    va_end(ap);
}

void
model_fail_time(struct sim *s, double t, enum ev_kind kind, uint32_t id)
{
    const char *handler = model_ev_what(s->cur_kind);
    const char *how = isnan(t)   ? "at a time that is not a number"
                      : isinf(t) ? "at an infinite time"
                                 : "before now";

    if (!ev_is_patient(kind)) {
        model_fail(s, "%s: the next %s fell %s (%g min, now %g min)", handler,
                   model_ev_what(kind), how, t, s->now_min);
        return;
    }
    model_fail(s,
               "%s: the %s of patient %u (%s, %s arrival) fell %s (%g min, "
               "now %g min); a duration drawn for it is not finite or "
               "negative",
               handler, model_ev_what(kind), (unsigned)id,
               state_name[s->pat[id].state],
               scn_stream_name((enum arr_stream)s->pat[id].stream), how, t,
               s->now_min);
}

/* --- conservation ------------------------------------------------------- */

/* Patients counted by state, and by the resources their state holds. */
struct census {
    double n[PS_N];
    double in_ed, handover_queue;
    double area_busy[2], area_queue[2]; /* majors, minors */
    double nctr_process, nctr_awaiting;
    double pw_busy[PW_N];
};

static void
take_census(const struct sim *s, struct census *c)
{
    memset(c, 0, sizeof(*c));
    for (uint32_t id = 0; id < s->n_pat; id++) {
        const struct patient *p = &s->pat[id];
        int minors = (p->flags & PF_MINORS) != 0;

        c->n[p->state] += 1;
        if (p->flags & PF_IN_ED)
            c->in_ed += 1;
        switch (p->state) {
        case PS_ED_WAIT:
            c->area_queue[minors] += 1;
            if (p->flags & PF_AMBULANCE)
                c->handover_queue += 1;
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
                c->pw_busy[p->pathway] += 1;
            }
            break;
        case PS_PATHWAY:
            c->pw_busy[p->pathway] += 1;
            break;
        default:
            break;
        }
    }
}

const char *
model_check_levels(const struct sim *s, char *buf, size_t n)
{
    struct census c;
    double ga_busy;
    size_t i;

    take_census(s, &c);
    ga_busy = c.n[PS_IN_BED] + c.n[PS_NCTR_PROCESS] + c.n[PS_NCTR_AWAITING] +
              c.n[PS_LEAVING];
    {
        /* name, the level, what it must equal */
        const struct {
            const char *name;
            double level, count;
        } eq[] = {
            {"majors busy / majors resource", s->lv[AREA_MAJORS_BUSY].value,
             s->res[RES_MAJORS].busy},
            {"minors busy / minors resource", s->lv[AREA_MINORS_BUSY].value,
             s->res[RES_MINORS].busy},
            {"majors queue / majors resource", s->lv[AREA_MAJORS_QUEUE].value,
             (double)s->res[RES_MAJORS].q_len},
            {"minors queue / minors resource", s->lv[AREA_MINORS_QUEUE].value,
             (double)s->res[RES_MINORS].q_len},
            {"G&A occupied / G&A resource", s->lv[AREA_GA_OCCUPIED].value,
             s->res[RES_GA].busy},
            {"G&A queue / G&A resource", s->lv[AREA_GA_QUEUE].value,
             (double)s->res[RES_GA].q_len},
            {"virtual ward occupied / VW resource",
             s->lv[AREA_VW_OCCUPIED].value, s->res[RES_VW].busy},
            {"virtual ward queue / none: it never queues", 0,
             (double)s->res[RES_VW].q_len},
            {"pathway 1 busy / P1 resource", s->lv[AREA_PW_BUSY_P1].value,
             s->res[RES_P1].busy},
            {"pathway 2 busy / P2 resource", s->lv[AREA_PW_BUSY_P2].value,
             s->res[RES_P2].busy},
            {"pathway 3 busy / P3 resource", s->lv[AREA_PW_BUSY_P3].value,
             s->res[RES_P3].busy},
            {"pathway 1 queue / P1 resource", s->lv[AREA_PW_QUEUE_P1].value,
             (double)s->res[RES_P1].q_len},
            {"pathway 2 queue / P2 resource", s->lv[AREA_PW_QUEUE_P2].value,
             (double)s->res[RES_P2].q_len},
            {"pathway 3 queue / P3 resource", s->lv[AREA_PW_QUEUE_P3].value,
             (double)s->res[RES_P3].q_len},
            {"escalation beds / OPEL state", s->lv[AREA_ESC_BEDS].value,
             s->esc_beds},
            {"OPEL level / OPEL state", s->lv[AREA_OPEL_LEVEL].value,
             s->opel_level},
            /* The same counts from the patients' states. */
            {"majors busy / patients in majors", s->lv[AREA_MAJORS_BUSY].value,
             c.area_busy[0]},
            {"minors busy / patients in minors", s->lv[AREA_MINORS_BUSY].value,
             c.area_busy[1]},
            {"majors queue / patients waiting", s->lv[AREA_MAJORS_QUEUE].value,
             c.area_queue[0]},
            {"minors queue / patients waiting", s->lv[AREA_MINORS_QUEUE].value,
             c.area_queue[1]},
            {"handover queue / ambulances waiting",
             s->lv[AREA_HANDOVER_QUEUE].value, c.handover_queue},
            {"ED in department / patients in ED", s->lv[AREA_ED_IN_DEPT].value,
             c.in_ed},
            {"boarders / patients boarding", s->lv[AREA_BOARDERS].value,
             c.n[PS_BOARDING]},
            {"G&A occupied / patients in beds", s->lv[AREA_GA_OCCUPIED].value,
             ga_busy},
            {"G&A queue / patients waiting for a bed",
             s->lv[AREA_GA_QUEUE].value, c.n[PS_BOARDING] + c.n[PS_WAIT_BED]},
            {"NCTR process / patients in the process",
             s->lv[AREA_NCTR_PROCESS].value, c.nctr_process},
            {"NCTR awaiting / patients awaiting a pathway",
             s->lv[AREA_NCTR_AWAITING].value, c.nctr_awaiting},
            {"virtual ward occupied / patients on it",
             s->lv[AREA_VW_OCCUPIED].value, c.n[PS_VW]},
            {"pathway 1 busy / patients holding a place",
             s->lv[AREA_PW_BUSY_P1].value, c.pw_busy[PW_1]},
            {"pathway 2 busy / patients holding a place",
             s->lv[AREA_PW_BUSY_P2].value, c.pw_busy[PW_2]},
            {"pathway 3 busy / patients holding a place",
             s->lv[AREA_PW_BUSY_P3].value, c.pw_busy[PW_3]},
            {"ids in use / patients not free", (double)(s->n_pat - s->n_free),
             (double)s->n_pat - c.n[PS_FREE]},
        };

        for (i = 0; i < sizeof(eq) / sizeof(eq[0]); i++) {
            if (eq[i].level == eq[i].count)
                continue;
            snprintf(buf, n, "%s: %g against %g", eq[i].name, eq[i].level,
                     eq[i].count);
            return buf;
        }
    }
    /* Open capacity: unlimited counts as 0 open (track_open). */
    for (int r = RES_GA; r < RES_N; r++) {
        static const int open_area[RES_N] = {
            [RES_GA] = AREA_GA_OPEN,    [RES_VW] = AREA_VW_OPEN,
            [RES_P1] = AREA_PW_OPEN_P1, [RES_P2] = AREA_PW_OPEN_P2,
            [RES_P3] = AREA_PW_OPEN_P3,
        };
        double want = s->res[r].capacity == RES_UNLIMITED
                          ? 0.0
                          : (double)s->res[r].capacity;

        if (s->lv[open_area[r]].value != want) {
            snprintf(buf, n, "open capacity of resource %d: %g against %g", r,
                     s->lv[open_area[r]].value, want);
            return buf;
        }
    }
    for (int l = 1; l <= OPEL_LEVELS; l++) {
        double want = l == s->opel_level ? 1.0 : 0.0;

        if (s->lv[AREA_OPEL_1 + l - 1].value != want) {
            snprintf(buf, n, "OPEL %d indicator: %g against %g", l,
                     s->lv[AREA_OPEL_1 + l - 1].value, want);
            return buf;
        }
    }
    return NULL;
}
