/*
 * model_state: the bottom layer's code.  The names of event kinds and
 * patient states, and the run-time watchdog's failure records: an event
 * at a time that is not finite or lies in the past becomes an error
 * naming the stage, never an abort.
 */
#include "model_state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "calendar.h"

/* What each event kind is, for messages. */
static const char *const ev_name[EV_N] = {
    [EV_DAY] = "midnight",
    [EV_CAPACITY] = "capacity change",
    [EV_ED_SPACES] = "ED spaces change",
    [EV_OPEL] = "OPEL reassessment",
    [EV_BED_READY] = "bed turnaround end",
    [EV_TREAT_DONE] = "ED treatment end",
    [EV_ZERO_DAY_END] = "same-day stay end",
    [EV_STEP_DOWN] = "step-down point",
    [EV_CLINICAL_END] = "clinical stay end",
    [EV_PROCESS_DONE] = "discharge process end",
    [EV_BROKERED] = "pathway brokerage end",
    [EV_DISCHARGE] = "discharge from the bed",
    [EV_PATHWAY_END] = "pathway end",
    [EV_VW_END] = "virtual-ward stay end",
    [EV_PW_START] = "pathway start release",
    [EV_SPOT_CHECK] = "pathway spot-purchase check",
    [EV_PW_SPOT_DONE] = "spot purchase arranged",
    [EV_ELECTIVE_DUE] = "booked elective due",
    [EV_FCP] = "full capacity protocol",
    [EV_AMB_CALL] = "999 incident",
    [EV_AMB_SHIFT] = "ambulance shift change",
    [EV_AMB_CLEAR] = "ambulance crew clear",
    [EV_UCR_REFERRAL] = "urgent community response referral",
    [EV_UCR_SHIFT] = "urgent community response shift change",
    [EV_AMB_SCENE_END] = "ambulance leaving the scene",
    [EV_AMB_AT_ED] = "ambulance arrival at ED",
    [EV_UCR_VISIT_END] = "urgent community response visit end",
    [EV_AMB_STACK_END] = "999 incident closed without a crew",
    [EV_COHORT] = "move to the ambulance cohort area",
    [EV_ARRIVAL] = "arrival",
};

const char *
model_ev_what(int kind)
{
    return kind >= 0 && kind < EV_N ? ev_name[kind] : "set-up";
}

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
    [PS_BOOKED] = "booked for an elective admission today",
    [PS_REBOOKED] = "cancelled, waiting for a new elective date",
    [PS_WARD_EXTRA] = "an extra patient on a ward, waiting for a bed",
    [PS_AMB_QUEUE] = "a 999 incident waiting for a crew",
    [PS_AMB_CREW] = "with an ambulance crew",
    [PS_UCR_WAIT] = "waiting for an urgent community response",
    [PS_UCR_VISIT] = "seen by an urgent community response team",
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
