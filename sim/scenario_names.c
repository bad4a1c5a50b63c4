/*
 * scenario_names: the names of the scenario's families of keys (arrival
 * streams, cohorts, discharge pathways), as the schema's keys, the
 * messages and the outputs write them.
 */
#include <assert.h>

#include "scenario_int.h"

static const char *const stream_names[ARR_N] = {
    "ed_walk_in", "ed_ambulance", "direct_admission", "vw_step_up", "elective"};
static const char *const cohort_names[COHORT_N] = {"under_65", "65_plus"};
static const char *const pathway_names[PW_N] = {"p0", "p1", "p2", "p3"};

const struct scn_names scn_stream_names = {stream_names, ARR_N, 0};
const struct scn_names scn_cohort_names = {cohort_names, COHORT_N, 0};
const struct scn_names scn_pathway_names = {pathway_names, PW_N, 0};
/* Pathways 1-3: the ones with community capacity. */
const struct scn_names scn_supported_names = {pathway_names + 1, PW_N - 1, 1};

const char *
scn_stream_name(enum arr_stream a)
{
    assert(a >= 0 && a < ARR_N);
    return scn_stream_names.name[a];
}

const char *
scn_cohort_name(enum cohort c)
{
    assert(c >= 0 && c < COHORT_N);
    return scn_cohort_names.name[c];
}

const char *
scn_pathway_name(enum pathway p)
{
    assert(p >= 0 && p < PW_N);
    return scn_pathway_names.name[p];
}
