/*
 * scenario_schema_reporting: the keys of what a run is judged and
 * reported against: local plan targets ("targets") and named reporting
 * periods ("periods").  Split from scenario_schema.c (which holds the top
 * level that names them); the rows follow the same rules.
 */
#include "scenario_int.h"
#include "scenario_schema.h"
#include "util.h"

static const struct scn_row target_rows[] = {
    {.key = "kpi",
     .type = SCN_KPI,
     IN(scn_target, kpi),
     .required = 1,
     .desc = "a KPI name",
     .meaning = "the KPI, named as in `summary.json`"},
    {.key = "value",
     .type = SCN_NUMBER,
     IN(scn_target, value),
     .range = &scn_r_target,
     .required = 1,
     .unit = "the KPI's",
     .meaning = "the target, in the KPI's unit (shares as fractions)"},
    {.key = "at_most",
     .type = SCN_BOOL,
     IN(scn_target, at_most),
     .def = 1,
     .meaning = "`true`: the KPI should be at or below the value; `false`: "
                "at or above"},
    {.key = "label",
     .type = SCN_STRING,
     IN(scn_target, label),
     .desc = "a string",
     .def_text = "`plan VALUE`",
     .meaning = "short legend text on charts"},
    {.key = "source",
     .type = SCN_STRING,
     IN(scn_target, source),
     .desc = "a string",
     .def_text = "none",
     .meaning = "where the figure comes from"},
    RULE(rule_target_value),
};

const struct scn_shape scn_target_shape =
    SHAPE("target", "a local plan target", target_rows, 1);

static const struct scn_row report_period_rows[] = {
    {.key = "name",
     .type = SCN_NAME,
     IN(report_period, name),
     .required = 1,
     .desc = "a name",
     .meaning = "names the period in outputs and in `--period`",
     .valid = "as the scenario's `name`; unique; not `all`"},
    {.key = "from",
     .type = SCN_DATE,
     IN(report_period, from_day),
     .required = 1,
     .unit = "date",
     .meaning = "first day of the period"},
    {.key = "to",
     .type = SCN_DATE,
     IN(report_period, to_day),
     .required = 1,
     .unit = "date",
     .meaning = "last day of the period (inclusive)",
     .valid = "not before `from`"},
    RULE(rule_window_order),
};

const struct scn_shape scn_report_period_shape =
    SHAPE("report_period", "a reporting period", report_period_rows, 1);
