#!/bin/sh
# End-to-end checks of the responses to pressure (docs/model.md 2.12): the
# ambulance cohort area and the full capacity protocol through the real
# CLI.  Off by default, their KPIs are still in every output; switched on
# (--set) in a small system with 65 fewer beds, so that patients board
# and ambulances queue, each moves its own KPIs the way it must, on the
# same seed; and bad values are exit 2, naming the JSON path, with
# nothing written.
# Usage: sh tests/e2e/pressure.sh BUILD_DIR
. tests/e2e/lib.sh

small=tests/e2e/small.json
tight="--shift beds.ga.capacity=-65"

# kpi DIR NAME: the KPI's mean in DIR/summary.json ("null" when none)
kpi() {
    tr ',' '\n' <"$1/summary.json" | grep -A1 "\"$2\": {\"mean\"" | head -1 | sed 's/.*"mean": //'
}
# less A B: A < B, both numbers
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0 && a != "null" && b != "null") }'; }

# --- off by default: the KPIs are there, with nothing in them -----------------
# shellcheck disable=SC2086
expect_status "pressed system, neither on, exits 0" 0 "$bin" run "$small" -r 3 --no-plots -q $tight -o "$tmp/off"
for k in handover_cohorted_share cohort_occupied_mean cohort_queue_mean fcp_moves_per_day fcp_extra_patients_mean fcp_bed_wait_mean_h; do
    grep -q "^$k," "$tmp/off/kpis.csv" && grep -q ",$k," "$tmp/off/monthly.csv" &&
        ok "$k in kpis.csv and monthly.csv" || bad "$k in kpis.csv and monthly.csv"
done
[ "$(kpi "$tmp/off" fcp_moves_per_day)" = 0 ] && [ "$(kpi "$tmp/off" cohort_occupied_mean)" = 0 ] &&
    ok "off: nobody moved, nobody in a cohort" || bad "off: nobody moved, nobody in a cohort" "$(kpi "$tmp/off" fcp_moves_per_day)"
less 0 "$(kpi "$tmp/off" ed_boarders_mean)" && less 60 "$(kpi "$tmp/off" handover_mean_min)" &&
    ok "the pressed system boards and queues ambulances" || bad "the pressed system boards and queues ambulances"

# --- the cohort area -----------------------------------------------------------
# shellcheck disable=SC2086
expect_status "cohort area of 20 after 30 min exits 0" 0 "$bin" run "$small" -r 3 --no-plots -q $tight \
    --set ed.ambulance_cohort.spaces=20 --set ed.ambulance_cohort.after_min=30 -o "$tmp/co"
less "$(kpi "$tmp/co" handover_mean_min)" "$(kpi "$tmp/off" handover_mean_min)" &&
    ok "cohort: handovers shorter" || bad "cohort: handovers shorter" "$(kpi "$tmp/co" handover_mean_min) vs $(kpi "$tmp/off" handover_mean_min)"
less "$(kpi "$tmp/co" handover_over_60min_share)" "$(kpi "$tmp/off" handover_over_60min_share)" &&
    ok "cohort: fewer handovers over 60 min" || bad "cohort: fewer handovers over 60 min"
less 0 "$(kpi "$tmp/co" handover_cohorted_share)" && less "$(kpi "$tmp/co" cohort_occupied_mean)" 20.000001 &&
    ok "cohort: used, and never beyond its 20 spaces on average" || bad "cohort: used, within its spaces" "$(kpi "$tmp/co" cohort_occupied_mean)"
grep '^20..-..,system,cohort_occupied_mean,' "$tmp/co/monthly.csv" | awk -F, '$4 > 20 { n++ } END { exit n > 0 }' &&
    ok "cohort: no month above 20 in the area" || bad "cohort: no month above 20 in the area"

# --- the full capacity protocol ---------------------------------------------------
# shellcheck disable=SC2086
expect_status "protocol of 2 a round, 6 spaces, exits 0" 0 "$bin" run "$small" -r 3 --no-plots -q $tight \
    --set beds.full_capacity_protocol.moves_per_round=2 --set beds.full_capacity_protocol.extra_spaces=6 -o "$tmp/fcp"
less 0 "$(kpi "$tmp/fcp" fcp_moves_per_day)" && less "$(kpi "$tmp/fcp" fcp_extra_patients_mean)" 6.000001 &&
    ok "protocol: patients moved, never beyond 6 extra on the wards" || bad "protocol: moves within its spaces" "$(kpi "$tmp/fcp" fcp_extra_patients_mean)"
less "$(kpi "$tmp/fcp" ed_boarders_mean)" "$(kpi "$tmp/off" ed_boarders_mean)" &&
    less "$(kpi "$tmp/fcp" dta_wait_mean_h)" "$(kpi "$tmp/off" dta_wait_mean_h)" &&
    ok "protocol: fewer boarders, shorter decision-to-admit waits" || bad "protocol: fewer boarders, shorter waits"
less "$(kpi "$tmp/off" ed_4h_performance)" "$(kpi "$tmp/fcp" ed_4h_performance)" &&
    ok "protocol: four-hour performance up" || bad "protocol: four-hour performance up"
less 0 "$(kpi "$tmp/fcp" fcp_bed_wait_mean_h)" && ok "protocol: the moved patients wait on the ward for a bed" ||
    bad "protocol: the moved patients wait on the ward for a bed"

# --- a start date: the same run until then ----------------------------------------
# shellcheck disable=SC2086
expect_status "protocol from 2024-01-15 exits 0" 0 "$bin" run "$small" -r 3 --no-plots -q $tight \
    --set beds.full_capacity_protocol.moves_per_round=2 --set beds.full_capacity_protocol.from=2024-01-15 -o "$tmp/from"
# daily.csv: the system's rows up to the 14th are those of the run without it.
day_rows() { grep -E "^2024-01-(0[1-9]|1[0-4]),system," "$1/daily.csv" | grep -v ',fcp_'; }
[ -n "$(day_rows "$tmp/off")" ] && [ "$(day_rows "$tmp/from")" = "$(day_rows "$tmp/off")" ] &&
    ok "from: the days before it are the run without the protocol" || bad "from: the days before it are the run without the protocol"
grep -q '^2024-01,system,fcp_moves_per_day,[1-9]' "$tmp/from/monthly.csv" &&
    ok "from: patients moved after it (monthly.csv)" || bad "from: patients moved after it" "$(grep ',fcp_moves_per_day,' "$tmp/from/monthly.csv")"

# --- keys ----------------------------------------------------------------------
expect_status "keys exits 0" 0 "$bin" keys
for k in ed.ambulance_cohort.spaces ed.ambulance_cohort.after_min beds.full_capacity_protocol.moves_per_round \
    beds.full_capacity_protocol.interval_h beds.full_capacity_protocol.extra_spaces \
    beds.full_capacity_protocol.boarders_trigger beds.full_capacity_protocol.ahead_of_queue \
    ed.ambulance_cohort.from beds.full_capacity_protocol.from; do
    grep -q "$k" "$tmp/out" && ok "keys lists $k" || bad "keys lists $k"
done

# --- bad values: exit 2, the JSON path, nothing written ------------------------
while IFS='|' read -r set path; do
    expect_status "$set is exit 2" 2 "$bin" run "$small" -r 2 --no-plots -q --set "$set" -o "$tmp/bad"
    grep -qF "$path" "$tmp/err" && ok "$set: the error names $path" || bad "$set: the error names $path" "$(cat "$tmp/err")"
    [ ! -e "$tmp/bad" ] && ok "$set: nothing written" || bad "$set: nothing written"
done <<'BAD'
ed.ambulance_cohort.spaces=-1|$.ed.ambulance_cohort.spaces
ed.ambulance_cohort.after_min=-5|$.ed.ambulance_cohort.after_min
beds.full_capacity_protocol.moves_per_round=1.5|$.beds.full_capacity_protocol.moves_per_round
beds.full_capacity_protocol.extra_spaces=0|$.beds.full_capacity_protocol.extra_spaces
beds.full_capacity_protocol.boarders_trigger=0|$.beds.full_capacity_protocol.boarders_trigger
beds.full_capacity_protocol.interval_h=0.1|$.beds.full_capacity_protocol.interval_h
beds.full_capacity_protocol.ahead_of_queue=2|$.beds.full_capacity_protocol.ahead_of_queue
beds.full_capacity_protocol.from=2023-02-30|$.beds.full_capacity_protocol.from
ed.ambulance_cohort.from=tomorrow|$.ed.ambulance_cohort.from
BAD
printf '{"name": "typo", "start_date": "2024-01-01", "end_date": "2024-01-31", "ed": {"ambulance_cohort": {"spaces": 4, "after_mins": 30}}}\n' >"$tmp/typo.json"
expect_status "an unknown key in ambulance_cohort is exit 2" 2 "$bin" check "$tmp/typo.json"
grep -qF "\$.ed.ambulance_cohort: unknown key 'after_mins'" "$tmp/err" && ok "the unknown key's path is named" || bad "the unknown key's path is named" "$(cat "$tmp/err")"

e2e_end pressure
