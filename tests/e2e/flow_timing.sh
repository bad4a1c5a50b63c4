#!/bin/sh
# End-to-end checks of when beds free up (issue 10): ward rounds, the
# working hours of the discharge process, the departure profile, bed
# turnaround per site and step-down retries, through the CLI: their keys,
# their KPIs, the defaults that change nothing, and bad values.
# Usage: sh tests/e2e/flow_timing.sh BUILD_DIR
. tests/e2e/lib.sh

small=tests/e2e/small.json
two=tests/e2e/small-sites.json

# check NAME cmd...: ok when cmd succeeds.

# kpi FILE NAME: a KPI's mean from summary.json (the system's).
kpi() {
    sed -n "s/^    \"$2\": {\"mean\": \([^,]*\),.*/\1/p" "$1" | head -1
}

# --- keys and KPIs ------------------------------------------------------------
expect_status "keys: exit 0" 0 "$bin" keys
for k in discharge.ward_round.weekend_share discharge.process_hours.end_h \
    discharge.departure_profile beds.ga.turnaround 'sites\[\].beds.ga.turnaround'; do
    check "keys lists $k" grep -q "^$k " "$tmp/out"
done
expect_status "kpis: exit 0" 0 "$bin" kpis
for k in discharges_before_noon_share ga_turnaround_mean_min ga_turnaround_beds_mean step_downs_per_day; do
    check "kpis lists $k" grep -q "^$k " "$tmp/out"
done

# --- the defaults change nothing ------------------------------------------------
expect_status "run small as it is" 0 "$bin" run "$small" -r 2 --no-plots -q -o "$tmp/a"
expect_status "run small with the timing keys at their off values" 0 \
    "$bin" run "$small" -r 2 --no-plots -q -o "$tmp/b" \
    --set 'discharge.process_hours={"start_h": 0, "end_h": 24}' \
    --set 'beds.ga.turnaround={"kind": "fixed", "value_min": 0}'
check "off values: summary.json byte for byte the same" cmp "$tmp/a/summary.json" "$tmp/b/summary.json"
check "off values: daily.csv byte for byte the same" cmp "$tmp/a/daily.csv" "$tmp/b/daily.csv"
t0=$(kpi "$tmp/a/summary.json" ga_turnaround_mean_min)
[ "$t0" = 0 ] && ok "no turnaround: mean turnaround 0" || bad "no turnaround: mean turnaround 0" "$t0"

# --- every mechanism on -----------------------------------------------------------
profile='[0,0,0,0,0,0,0,1,2,3,4,5,8,9,10,11,11,10,8,6,4,2,1,0]'
expect_status "run with every timing mechanism" 0 "$bin" run "$small" -r 3 --no-plots -q -o "$tmp/c" \
    --set 'discharge.ward_round={"start_h": 9, "end_h": 12, "weekend_share": 0.5}' \
    --set 'discharge.process_hours={"start_h": 8, "end_h": 20}' \
    --set "discharge.departure_profile=$profile" \
    --set 'beds.ga.turnaround={"kind": "lognormal", "mean_min": 90, "cv": 0.5}'
noon_a=$(kpi "$tmp/a/summary.json" discharges_before_noon_share)
noon_c=$(kpi "$tmp/c/summary.json" discharges_before_noon_share)
turn=$(kpi "$tmp/c/summary.json" ga_turnaround_mean_min)
beds=$(kpi "$tmp/c/summary.json" ga_turnaround_beds_mean)
los_a=$(kpi "$tmp/a/summary.json" nel_los_mean_days)
los_c=$(kpi "$tmp/c/summary.json" nel_los_mean_days)
awk -v a="$noon_a" -v c="$noon_c" 'BEGIN { exit !(c > 0 && c < a) }' &&
    ok "discharges before noon: fewer than with the window alone ($noon_c < $noon_a)" ||
    bad "discharges before noon: fewer than with the window alone" "$noon_c, $noon_a"
awk -v t="$turn" 'BEGIN { exit !(t > 80 && t < 100) }' &&
    ok "mean turnaround near the 90 minutes asked ($turn)" || bad "mean turnaround near 90 minutes" "$turn"
awk -v b="$beds" 'BEGIN { exit !(b > 0) }' && ok "beds in turnaround above 0 ($beds)" || bad "beds in turnaround above 0" "$beds"
awk -v a="$los_a" -v c="$los_c" 'BEGIN { exit !(c > a) }' &&
    ok "ward rounds lengthen the stay ($los_c > $los_a days)" || bad "ward rounds lengthen the stay" "$los_c, $los_a"
grep -q '^2024-01,system,discharges_before_noon_share,0\.' "$tmp/c/monthly.csv" &&
    ok "monthly.csv: discharges before noon by month" || bad "monthly.csv: discharges before noon by month"

# A site's own turnaround: only B's beds turn around.
expect_status "run sites with a turnaround at B only" 0 "$bin" run "$two" -r 2 --no-plots -q -o "$tmp/s" \
    --set 'sites[B].beds.ga.turnaround={"kind": "fixed", "value_h": 2}'
grep -q '^2024-01,A,ga_turnaround_mean_min,0,' "$tmp/s/monthly.csv" &&
    ok "site A: no turnaround" || bad "site A: no turnaround" "$(grep ',A,ga_turnaround_mean_min' "$tmp/s/monthly.csv" | head -2)"
grep -q '^2024-01,B,ga_turnaround_mean_min,120,' "$tmp/s/monthly.csv" &&
    ok "site B: 120-minute turnarounds" || bad "site B: 120-minute turnarounds" "$(grep ',B,ga_turnaround_mean_min' "$tmp/s/monthly.csv" | head -2)"

# Step-downs try again at ward rounds: more step-downs than without.
expect_status "run a full virtual ward without ward rounds" 0 "$bin" run "$small" -r 3 --no-plots -q -o "$tmp/v0" \
    --set virtual_wards.beds=3
expect_status "run a full virtual ward with ward rounds" 0 "$bin" run "$small" -r 3 --no-plots -q -o "$tmp/v1" \
    --set virtual_wards.beds=3 --set 'discharge.ward_round={"start_h": 10, "end_h": 10}'
sd0=$(kpi "$tmp/v0/summary.json" step_downs_per_day)
sd1=$(kpi "$tmp/v1/summary.json" step_downs_per_day)
awk -v a="$sd0" -v b="$sd1" 'BEGIN { exit !(b > a) }' &&
    ok "step-downs retried at ward rounds: $sd1 a day against $sd0" || bad "step-downs retried at ward rounds" "$sd1, $sd0"

# --- bad values: exit 2, the path named, nothing written -------------------------
# bad_case NAME MESSAGE --set...: expect_status sets name and want, so
# this keeps its own.
bad_case() {
    what=$1 msg=$2
    shift 2
    expect_status "$what: exit 2" 2 "$bin" run "$small" -r 1 --no-plots -q -o "$tmp/bad" "$@"
    if grep -q "$msg" "$tmp/err" && [ ! -e "$tmp/bad" ]; then ok "$what: names the key, writes nothing"; else bad "$what: message" "$(head -2 "$tmp/err")"; fi
}
bad_case "ward round ends before it starts" '\$.discharge.ward_round.end_h: end_h 8 is before start_h 10' \
    --set 'discharge.ward_round={"start_h": 10, "end_h": 8}'
bad_case "weekend share above 1" '\$.discharge.ward_round.weekend_share' \
    --set 'discharge.ward_round={"weekend_share": 1.5}'
bad_case "process hours empty" '\$.discharge.process_hours.end_h: end_h 8 is not after start_h 8' \
    --set 'discharge.process_hours={"start_h": 8, "end_h": 8}'
bad_case "profile of zeros" '\$.discharge.departure_profile' \
    --set 'discharge.departure_profile=[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'
bad_case "profile outside the window" '\$.discharge.departure_profile: no weight inside the discharge window' \
    --set 'discharge.window={"start_h": 8, "end_h": 20}' \
    --set 'discharge.departure_profile=[1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1]'
bad_case "profile of 23 hours" '\$.discharge.departure_profile: expected 24 weights' \
    --set 'discharge.departure_profile=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]'
bad_case "negative turnaround" '\$.beds.ga.turnaround' \
    --set 'beds.ga.turnaround={"kind": "fixed", "value_min": -5}'

e2e_end flow_timing
