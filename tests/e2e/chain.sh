#!/bin/sh
# End-to-end checks of the chain from the 999 call (issue 14): the
# ambulance service replaces arrivals.ed_ambulance, its crews wait with
# their patients until handover (so the crews' lost hours are the
# handovers' lost hours), a cohort area that releases crews shortens the
# responses, and bad keys are errors naming their JSON path.
# Usage: sh tests/e2e/chain.sh BUILD_DIR
. tests/e2e/lib.sh

chain=tests/e2e/small-chain.json

kpi() { # kpi DIR NAME: the KPI's mean over replications ("null": none)
    python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["kpis"][sys.argv[2]]["mean"]))' "$1/summary.json" "$2"
}

expect_status "run with the ambulance service and UCR exits 0" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/c"
keys=$("$bin" keys)
for k in ambulance.category_2.convey_probability ambulance.crews ambulance.crew_hour_weights ucr.teams ucr.avoid_probability; do
    printf '%s\n' "$keys" | grep -q "^$k " && ok "keys lists $k" || bad "keys lists $k"
done
lost=$(kpi "$tmp/c" amb_crew_hours_lost_per_day)
ho=$(kpi "$tmp/c" handover_hours_lost_per_day)
[ -n "$lost" ] && [ "$lost" = "$ho" ] && ok "every handover is a crew's: crew hours lost = handover hours lost ($lost)" || bad "crew hours lost = handover hours lost" "$lost $ho"
awk -v l="$lost" 'BEGIN { exit !(l > 1) }' && ok "handover delay costs crew hours" || bad "handover delay costs crew hours" "$lost"
c2=$(kpi "$tmp/c" amb_cat2_response_mean_min)
c3=$(kpi "$tmp/c" amb_cat3_response_mean_min)
awk -v a="$c2" -v b="$c3" 'BEGIN { exit !(a > 0 && a < b) }' && ok "Category 2 is answered before 3 ($c2 < $c3 min)" || bad "Category 2 before 3" "$c2 $c3"
s2=$(kpi "$tmp/c" ucr_within_2h_share)
awk -v s="$s2" 'BEGIN { exit !(s > 0 && s <= 1) }' && ok "UCR 2-hour share is a share ($s2)" || bad "UCR 2-hour share" "$s2"

# Release to respond: a cohort area after 30 minutes frees the crews.
expect_status "run with a cohort area exits 0" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/k" \
    --set ed.ambulance_cohort.spaces=8 --set ed.ambulance_cohort.after_min=30
lost_k=$(kpi "$tmp/k" amb_crew_hours_lost_per_day)
c2_k=$(kpi "$tmp/k" amb_cat2_response_mean_min)
awk -v a="$lost_k" -v b="$lost" 'BEGIN { exit !(a < b) }' && ok "the cohort area gives crews back ($lost_k < $lost h a day)" || bad "cohort area: fewer crew hours lost" "$lost_k $lost"
awk -v a="$c2_k" -v b="$c2" 'BEGIN { exit !(a < b) }' && ok "and Category 2 responses are faster ($c2_k < $c2 min)" || bad "cohort area: faster Category 2" "$c2_k $c2"

# A stack limit: with too few crews, Category 3 and 4 incidents waiting
# 3 hours are closed (those who would be conveyed walk in), so no response
# comes much later than 3 hours plus the drive.
expect_status "an overloaded fleet runs" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/o6" --set ambulance.crews=6
expect_status "the same with a 3-hour stack limit runs" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/l6" \
    --set ambulance.crews=6 --set ambulance.category_3.stack_limit_h=3 --set ambulance.category_4.stack_limit_h=3
closed=$(kpi "$tmp/l6" amb_closed_unattended_per_day)
p90=$(kpi "$tmp/l6" amb_cat3_response_p90_min)
p90_o=$(kpi "$tmp/o6" amb_cat3_response_p90_min)
[ "$(kpi "$tmp/o6" amb_closed_unattended_per_day)" = 0 ] && ok "no limit: nothing closed" || bad "no limit: nothing closed"
awk -v c="$closed" 'BEGIN { exit !(c > 0) }' && ok "incidents closed at the limit ($closed a day)" || bad "incidents closed at the limit" "$closed"
awk -v p="$p90" -v q="$p90_o" 'BEGIN { exit !(p < 240 && p < q) }' && ok "Category 3's 90th centile under the limit plus the drive ($p90 against $p90_o min)" || bad "Category 3's 90th centile under the limit" "$p90 $p90_o"

# Surge crews: the overloaded fleet, with 4 crews called for every hour
# that starts with 2 or more Category 1-2 incidents waiting, answers
# Category 2 sooner and reports the crew hours it called; none without.
expect_status "the overloaded fleet with surge crews runs" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/s6" \
    --set ambulance.crews=6 --set ambulance.surge_crews=4 --set ambulance.surge_trigger=2
surge=$(kpi "$tmp/s6" amb_surge_crew_hours_per_day)
c2_s=$(kpi "$tmp/s6" amb_cat2_response_mean_min)
c2_o=$(kpi "$tmp/o6" amb_cat2_response_mean_min)
[ "$(kpi "$tmp/o6" amb_surge_crew_hours_per_day)" = 0 ] && ok "no surge crews: no surge hours" || bad "no surge crews: no surge hours"
awk -v h="$surge" 'BEGIN { exit !(h > 0 && h <= 4 * 24) }' && ok "surge crew hours called, at most 4 crews all day ($surge a day)" || bad "surge crew hours" "$surge"
awk -v a="$c2_s" -v b="$c2_o" 'BEGIN { exit !(a < b) }' && ok "surge crews answer Category 2 sooner ($c2_s < $c2_o min)" || bad "surge: faster Category 2" "$c2_s $c2_o"
expect_status "a trigger the stack never reaches runs" 0 "$bin" run "$chain" -r 3 --no-plots -q -o "$tmp/t6" \
    --set ambulance.crews=6 --set ambulance.surge_crews=4 --set ambulance.surge_trigger=1000000
[ "$(kpi "$tmp/t6" amb_surge_crew_hours_per_day)" = 0 ] && ok "an unreached trigger calls no surge" || bad "an unreached trigger calls no surge"
[ "$(kpi "$tmp/t6" amb_cat2_response_mean_min)" = "$c2_o" ] && ok "and the run is the run without surge crews" || bad "unreached trigger: same as no surge" "$(kpi "$tmp/t6" amb_cat2_response_mean_min) $c2_o"
expect_status "negative surge crews exit 2" 2 "$bin" check "$chain" --set ambulance.surge_crews=-1
grep -q 'ambulance.surge_crews' "$tmp/err" && ok "the error names ambulance.surge_crews" || bad "the error names ambulance.surge_crews" "$(cat "$tmp/err")"

# Off: the ED ambulance stream as before; the service's KPIs are empty.
expect_status "run without the service exits 0" 0 "$bin" run tests/e2e/small.json -r 2 --no-plots -q -o "$tmp/o"
[ "$(kpi "$tmp/o" amb_conveyances_per_day)" = 0 ] && ok "off: no conveyances" || bad "off: no conveyances"
[ "$(kpi "$tmp/o" amb_cat2_response_mean_min)" = null ] && ok "off: no Category 2 response" || bad "off: no Category 2 response"

# The headline: Category 2 and UCR's 2-hour share head a run with the
# services on, and are left out of one without them.
expect_status "headline with the services" 0 "$bin" run "$chain" -r 2 --no-plots -o "$tmp/h1"
grep -q '^  Category 2 response  ' "$tmp/out" && grep -q '^  UCR seen within 2 hours  ' "$tmp/out" &&
    ok "on: Category 2 and UCR in the headline" || bad "on: Category 2 and UCR in the headline" "$(cat "$tmp/out")"
expect_status "headline without them" 0 "$bin" run tests/e2e/small.json -r 2 --no-plots -o "$tmp/h0"
grep -q 'ED four-hour performance' "$tmp/out" && ! grep -q 'Category 2\|UCR' "$tmp/out" &&
    ok "off: neither in the headline" || bad "off: neither in the headline" "$(cat "$tmp/out")"
expect_status "compare with the services" 0 "$bin" compare "$chain" "$chain" -r 2 --no-plots -o "$tmp/h2"
grep -q '| Category 2 response |' "$tmp/h2/compare.md" && ok "on: Category 2 in compare.md's headline" ||
    bad "on: Category 2 in compare.md's headline" "$(grep -c Category "$tmp/h2/compare.md")"

# Bad values: exit 2, the JSON path named, nothing written.
expect_status "a conveyance probability over 1 exits 2" 2 "$bin" run "$chain" -q --no-plots -o "$tmp/b" \
    --set ambulance.category_2.convey_probability=1.5
grep -q 'ambulance.category_2.convey_probability' "$tmp/err" && ok "the error names the key's path" || bad "the error names the key's path" "$(cat "$tmp/err")"
[ ! -e "$tmp/b" ] && ok "nothing written on bad input" || bad "nothing written on bad input"
expect_status "negative UCR teams exit 2" 2 "$bin" check "$chain" --set ucr.teams=-1
grep -q 'ucr.teams' "$tmp/err" && ok "the error names ucr.teams" || bad "the error names ucr.teams" "$(cat "$tmp/err")"

e2e_end chain
