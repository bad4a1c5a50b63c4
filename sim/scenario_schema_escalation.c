/*
 * scenario_schema_escalation: the keys of OPEL escalation ("escalation"):
 * the triggers of levels 2-4, their hysteresis, and what the system does
 * at each level.  Split from scenario_schema.c (which holds the top level
 * that names it); the rows follow the same rules.
 */
#include <math.h>

#include "scenario_int.h"
#include "scenario_schema.h"
#include "util.h"

static const char *const level_names[] = {"level_2", "level_3", "level_4"};

/* OPEL levels 2-4 at index L - 1; level 1 has no keys. */
static const struct scn_names level_family = {level_names, OPEL_LEVELS - 1, 1};

static const struct scn_row triggers_rows[] = {
    {.key = "ga_occupancy",
     .type = SCN_THRESHOLDS,
     IN(escalation, ga_occupancy),
     .range = &scn_r_level,
     .def = INFINITY,
     .def_text = "never",
     .unit = "share of beds",
     .meaning = "thresholds for levels 2, 3 and 4: occupied G&A beds over "
                "core (non-escalation) beds"},
    {.key = "ed_boarders",
     .type = SCN_THRESHOLDS,
     IN(escalation, ed_boarders),
     .range = &scn_r_level,
     .def = INFINITY,
     .def_text = "never",
     .unit = "patients",
     .meaning = "thresholds for levels 2, 3 and 4: admitted patients "
                "waiting in ED for a bed"},
    {.key = "handover_mean_min",
     .type = SCN_THRESHOLDS,
     IN(escalation, handover_mean_min),
     .range = &scn_r_level,
     .def = INFINITY,
     .def_text = "never",
     .unit = "minutes",
     .meaning = "thresholds for levels 2, 3 and 4: mean ambulance handover "
                "time over the last interval"},
};

static const struct scn_shape triggers_shape =
    SHAPE("triggers", "", triggers_rows, 0);

static const struct scn_row hysteresis_rows[] = {
    {.key = "ga_occupancy",
     .type = SCN_NUMBER,
     IN(escalation, hysteresis_ga_occupancy),
     .range = &scn_r_level,
     .unit = "share of beds",
     .meaning = "how far below its threshold occupancy must fall to step "
                "down"},
    {.key = "ed_boarders",
     .type = SCN_NUMBER,
     IN(escalation, hysteresis_ed_boarders),
     .range = &scn_r_level,
     .unit = "patients",
     .meaning = "the same for ED boarders"},
    {.key = "handover_mean_min",
     .type = SCN_NUMBER,
     IN(escalation, hysteresis_handover_mean_min),
     .range = &scn_r_level,
     .unit = "minutes",
     .meaning = "the same for handover time"},
};

static const struct scn_shape hysteresis_shape =
    SHAPE("hysteresis", "", hysteresis_rows, 0);

static const struct scn_row action_rows[] = {
    {.key = "escalation_beds",
     .type = SCN_INTEGER,
     IN_K(escalation, escalation_beds),
     WIDTH_IN(escalation, escalation_beds[0]),
     .range = &scn_r_capacity,
     .unit = "beds",
     .meaning = "extra G&A beds opened at this level"},
    {.key = "cancel_electives",
     .type = SCN_BOOL,
     IN_K(escalation, cancel_electives),
     .meaning = "cancel elective admissions at this level"},
    {.key = "process_rate",
     .type = SCN_NUMBER,
     IN_K(escalation, process_rate),
     .range = &scn_r_process,
     .def = 1,
     .meaning = "speed of the in-hospital discharge process relative to "
                "normal (1.5 = delays two-thirds as long)"},
    {.key = "step_down_multiplier",
     .type = SCN_NUMBER,
     IN_K(escalation, step_down_multiplier),
     .range = &scn_r_multiplier,
     .def = 1,
     .meaning = "multiplies the probability that a patient is stepped down "
                "to a virtual ward"},
};

const struct scn_shape scn_action_shape =
    SHAPE("action", "an OPEL action", action_rows, 1);

static const struct scn_row actions_rows[] = {
    {.key = "",
     .type = SCN_OBJECT,
     .names = &level_family,
     .shape = &scn_action_shape,
     .def_text = "nothing",
     .meaning = "what the system does at that level"},
};

static const struct scn_shape actions_shape =
    SHAPE("actions", "", actions_rows, 0);

static const struct scn_row escalation_rows[] = {
    {.key = "enabled",
     .type = SCN_BOOL,
     IN(escalation, enabled),
     .def_text = "`true`",
     .meaning = "`false` switches the rules off: a file that extends one "
                "with escalation can run without it (`uecsim serve`'s "
                "escalation switch)"},
    RULE(rule_escalation_on),
    {.key = "interval_h",
     .type = SCN_DURATION,
     IN(escalation, interval_min),
     .range = &scn_r_interval,
     .unit_min = MIN_PER_HOUR,
     .def = 4,
     .unit = "hours",
     .meaning = "time between reassessments"},
    {.key = "triggers", .type = SCN_OBJECT, .shape = &triggers_shape},
    {.key = "hysteresis", .type = SCN_OBJECT, .shape = &hysteresis_shape},
    {.key = "actions", .type = SCN_OBJECT, .shape = &actions_shape},
    {.key = "escalation_beds_cap",
     .type = SCN_INTEGER,
     IN(escalation, escalation_beds_cap),
     WIDTH_IN(escalation, escalation_beds_cap),
     .range = &scn_r_capacity,
     .def_text = "the largest `escalation_beds` of any level",
     .unit = "beds",
     .meaning = "at most this many escalation beds are ever open"},
    RULE(rule_escalation_beds_cap),
};

const struct scn_shape scn_escalation_shape =
    SHAPE("escalation", "OPEL escalation", escalation_rows, 1);
