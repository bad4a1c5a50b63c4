/*
 * model_int.h: the private interface between the model's files (SQLite's
 * btreeInt.h pattern); include/model.h is the public one.  Nothing
 * outside sim/model*.c includes this header (but the conservation test).
 *
 * The files form layers: each calls only the layers below it.
 *
 *   model.c            set-up, days, dated capacity changes, the event
 *                      loop; the tables that wire the stages: a handler
 *                      per event kind, a stage per step
 *   the stages, in the order a patient meets them; none calls another,
 *   each hands a patient on by naming a step (next_step):
 *     model_arrivals.c   a stream's next arrival, its site, its first step
 *     model_ed.c         ED spaces, treatment, the 4-hour clock, boarding,
 *                        the ambulance cohort area
 *     model_beds.c       admission routing, G&A beds, same-day stays,
 *                        bed turnaround
 *     model_fcp.c        the full capacity protocol: boarders moved to
 *                        wards as extra patients
 *     model_discharge.c  no criteria to reside: process, pathway places,
 *                        the discharge window or departure profile
 *     model_starts.c     pathway starts and spot purchase
 *     model_vw.c         virtual wards: step-up, step-down, escalation back
 *     model_electives.c  elective admissions and cancellations
 *     model_escalation.c OPEL levels and their actions
 *     model_ambulance.c  999 incidents, crews, dispatch, conveyance; the
 *                        crew waits with its patient until handover
 *     model_ucr.c        urgent community response: referrals, teams,
 *                        the 2-hour response, admissions avoided
 *   model_check.c      conservation checks (model.c, at midnight)
 *   model_capacity.c   freed units to the head of the queue, open
 *                      capacity, escalation beds shared among sites
 *   model_patient.c    what a patient will need, drawn at arrival, and the
 *                      decisions read from it (ward rounds, step-down)
 *   model_state.c/.h   the state, the patient pool, levels, events, steps,
 *                      failure records and names
 */
#ifndef UECSIM_MODEL_INT_H
#define UECSIM_MODEL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model_state.h"

/* --- model_patient.c ------------------------------------------------------ */

/* Draw everything an admitted (or admissible) patient will need, by the
 * settings of the patient's site. */
void draw_inpatient(struct sim *s, struct patient *p);
/* Discharge timing (issue 10): the draws at arrival, and the ward round
 * at or after t (strictly after t when strict); t itself when ward rounds
 * are off. */
void draw_discharge_timing(struct sim *s, struct patient *p);
double ward_round_at(const struct sim *s, const struct patient *p, double t,
                     int strict);
/* Whether the patient steps down to a virtual ward from this stay. */
int step_down_eligible(const struct sim *s, const struct patient *p);

/* --- model_capacity.c ----------------------------------------------------- */

/* Hand freed units of resource r of site k to whoever queues for them
 * (k is ignored for a system resource). */
void serve_queue(struct sim *s, size_t k, enum res_id r);
/* The open capacity of resource r of site k as a level of its bucket. */
void track_open(struct sim *s, size_t k, enum res_id r);
/* Share the escalation beds open among the sites and set every site's
 * G&A beds: its scheduled core plus its share. */
void set_ga_capacity(struct sim *s);

/* --- model_check.c -------------------------------------------------------- */

/*
 * Compare every tracked level with the resource counts and patient states
 * it mirrors.  Returns NULL when all agree, else writes the first
 * disagreement into buf (size n) and returns buf.
 */
const char *model_check_levels(const struct sim *s, char *buf, size_t n);

/*
 * --- the stages: event handlers (on_*), steps (named in model.c's step
 * table) and what model.c sets up.
 */

/* model_arrivals.c */
void on_arrival(struct sim *s, uint32_t stream);
/* Cache the stream whose next arrival is earliest. */
void first_arrival(struct sim *s);

/* model_ed.c */
void arrival_ed(struct sim *s, uint32_t id);     /* STEP_ED_ARRIVAL */
void ed_start_space(struct sim *s, uint32_t id); /* STEP_ED_START */
void ed_leave(struct sim *s, uint32_t id);       /* STEP_ED_LEAVE */
void on_treat_done(struct sim *s, uint32_t id);
void on_ed_spaces(struct sim *s, uint32_t unused);
void on_cohort(struct sim *s, uint32_t id);

/* model_beds.c */
void admit(struct sim *s, uint32_t id);     /* STEP_ADMIT */
void bed_start(struct sim *s, uint32_t id); /* STEP_BED_START */
void bed_leave(struct sim *s, uint32_t id); /* STEP_BED_LEAVE */
void on_zero_day_end(struct sim *s, uint32_t id);
void on_bed_ready(struct sim *s, uint32_t site);

/* model_fcp.c: the protocol's round at site k (an event, id = k) */
void on_fcp(struct sim *s, uint32_t k);

/* model_discharge.c */
void on_clinical_end(struct sim *s, uint32_t id);
void on_process_done(struct sim *s, uint32_t id);
void pathway_granted(struct sim *s, uint32_t id); /* STEP_PATHWAY_GRANTED */
/* Out of the bed in the next discharge window, for the pathway (a place,
 * a start or a spot purchase arranged). */
void pathway_depart(struct sim *s, uint32_t id); /* STEP_PATHWAY_DEPART */
void on_discharge(struct sim *s, uint32_t id);
void on_pathway_end(struct sim *s, uint32_t id);
/* The departure profile's pieces, at set-up. */
void discharge_init(struct sim *s);

/* model_starts.c: pathway starts and spot purchase */
/* Set up and free each pathway's supply (months of starts, queues). */
void pw_supply_init(struct sim *s);
void pw_supply_release(struct sim *s);
/* The queue patients of pathway k wait in: the starts' or the places'. */
struct res *pw_queue(struct sim *s, int k);
void on_brokered(struct sim *s, uint32_t id);
void on_pw_release(struct sim *s, uint32_t k);
void on_pw_spot_check(struct sim *s, uint32_t k);
void on_pw_spot_done(struct sim *s, uint32_t id);

/* model_vw.c */
void arrival_vw_referral(struct sim *s, uint32_t id); /* STEP_VW_REFERRAL */
void vw_step_up(struct sim *s, uint32_t id);          /* STEP_VW_ENTER */
void on_step_down(struct sim *s, uint32_t id);
void on_vw_end(struct sim *s, uint32_t id);

/* model_electives.c */
void arrival_elective(struct sim *s, uint32_t id); /* STEP_ELECTIVE_ARRIVAL */
/* The booked lists of the day now starting, at every booked site. */
void electives_book_day(struct sim *s);
/* 1 when every site with electives books them (no Poisson stream). */
int electives_all_booked(const struct sim *s);
void on_elective_due(struct sim *s, uint32_t id);

/* model_escalation.c */
void on_opel(struct sim *s, uint32_t unused);

/* model_ambulance.c: the ambulance service, and the helpers UCR shares */
void amb_init(struct sim *s, uint64_t seed);
void amb_release(struct sim *s);
void amb_prime(struct sim *s);
void on_amb_call(struct sim *s, uint32_t cat);
void on_amb_shift(struct sim *s, uint32_t unused);
void on_amb_clear(struct sim *s, uint32_t unused);
void on_amb_scene_end(struct sim *s, uint32_t id);
void on_amb_at_ed(struct sim *s, uint32_t id);
void on_amb_stack_end(struct sim *s, uint32_t id);
void crew_handover(struct sim *s, uint32_t id); /* STEP_CREW_HANDOVER */
double amb_draw(struct sim *s, enum amb_rng k, const struct dist *d);
/* Capacity cap (mean over the day) in the hour of t_min, by weights w. */
int32_t amb_capacity_by_hour(int32_t cap, const double *w, double t_min);
int amb_profile_varies(const double *w);

/* model_ucr.c: urgent community response */
void ucr_prime(struct sim *s);
void on_ucr_referral(struct sim *s, uint32_t unused);
void on_ucr_shift(struct sim *s, uint32_t unused);
void on_ucr_visit_end(struct sim *s, uint32_t id);

#endif
