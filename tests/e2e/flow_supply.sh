#!/bin/sh
# End-to-end checks of the supply mechanisms of issue 10 through the CLI:
# booked electives with ring-fenced beds (exact counts in summary.json),
# pathway starts (each month's starts in monthly.csv, spot purchases),
# ED crowding, `check`'s starts rows, --set and sweep of a monthly key, and
# the loader's errors for the new keys.
# Usage: sh tests/e2e/flow_supply.sh BUILD_DIR
. tests/e2e/lib.sh

el=tests/e2e/flow-electives.json
st=tests/e2e/flow-starts.json

# kpi DIR NAME: the KPI's mean over the whole period, from summary.json.
kpi() {
    sed -n "s/^ *\"$2\": {\"mean\": \([^,]*\),.*/\1/p" "$1/summary.json" | head -1
}

# near A B TOL: |A - B| <= TOL
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && -d <= t) }'
}

# --- booked electives ---------------------------------------------------------
# 2023 has 260 weekdays; each list of 14 takes the 10 ring-fenced beds and
# the 2 general ones, and cancels 2, never to return in the run.
expect_status "booked electives run" 0 "$bin" run "$el" --no-plots -q -o "$tmp/el"
near "$(kpi "$tmp/el" elective_cancelled_share)" 0.1428571429 1e-9 &&
    ok "2 of every 14 booked are cancelled" || bad "2 of every 14 booked are cancelled" "$(kpi "$tmp/el" elective_cancelled_share)"
near "$(kpi "$tmp/el" elective_admissions_per_day)" "$(awk 'BEGIN { printf "%.10f", 12 * 260 / 365 }')" 1e-6 &&
    ok "12 admitted each weekday" || bad "12 admitted each weekday" "$(kpi "$tmp/el" elective_admissions_per_day)"
[ "$(kpi "$tmp/el" elective_backlog_added)" = 520 ] &&
    ok "the backlog grows by every cancelled patient: 520" || bad "backlog added 520" "$(kpi "$tmp/el" elective_backlog_added)"
grep -q '"elective_cancelled_share": {"mean": 0.1428571429, "ci95_low": 0.1428571429, "ci95_high": 0.1428571429, "sd": 0' "$tmp/el/summary.json" &&
    ok "a booked list is the same in every replication" || bad "a booked list is the same in every replication"
grep -q '^2023-06,system,elective_ring_fenced_occupancy,0\.[0-9]' "$tmp/el/monthly.csv" &&
    ok "monthly.csv: ring-fenced occupancy" || bad "monthly.csv: ring-fenced occupancy"

# --- pathway starts -------------------------------------------------------------
# Saturated: each month's starts are exactly 300, whatever its length.
expect_status "pathway starts run" 0 "$bin" run "$st" --no-plots -q -o "$tmp/st"
awk -F, 'BEGIN { split("31 28 31 30 31 30 31 31 30 31 30 31", d, " ") }
    $2 == "system" && $3 == "p1_starts_per_day" { m = substr($1, 6, 2) + 0; n++
        if ($4 * d[m] < 299.999 || $4 * d[m] > 300.001) bad_ = 1 }
    END { exit !(n == 12 && !bad_) }' "$tmp/st/monthly.csv" &&
    ok "monthly.csv: 300 starts in every month" || bad "monthly.csv: 300 starts in every month" "$(grep p1_starts_per_day "$tmp/st/monthly.csv")"
w=$(kpi "$tmp/st" p1_queue_wait_mean_days)
awk -v w="$w" 'BEGIN { exit !(w > 19.9 && w <= 20) }' &&
    ok "nobody waits past the 20 days before spot purchase" || bad "queue wait at most 20 days" "$w"
s=$(kpi "$tmp/st" p1_spot_purchases_per_day)
awk -v s="$s" 'BEGIN { exit !(s > 85 && s < 95) }' &&
    ok "the excess (about 90 a day) goes to spot purchase" || bad "spot purchases about 90 a day" "$s"

expect_status "check a pathway sized in starts" 0 "$bin" check "$st"
grep -q '^  pathway 1 starts a month  *3043\.8  *295  *10\.333$' "$tmp/out" &&
    ok "check: starts a month against the leanest month" || bad "check: starts row" "$(grep starts "$tmp/out")"
grep -q 'warning: pathway 1 starts a month: .* the excess goes to spot purchase' "$tmp/out" &&
    ok "check: an overload goes to spot purchase" || bad "check: spot purchase warning" "$(cat "$tmp/out")"

# A monthly key takes a number or 12, by --set and by sweep.
expect_status "--set starts_per_month to 12 numbers" 0 "$bin" run "$st" -r 1 --no-plots -q -o "$tmp/st12" \
    --set 'discharge.pathways.p1.starts_per_month=[310,280,310,300,310,300,310,310,300,310,300,310]'
near "$(kpi "$tmp/st12" p1_starts_per_day)" 10 1e-9 &&
    ok "10 a day in every month" || bad "10 a day in every month" "$(kpi "$tmp/st12" p1_starts_per_day)"
expect_status "sweep starts_per_month" 0 "$bin" sweep "$st" --vary discharge.pathways.p1.starts_per_month=200:400:100 -r 1 --no-plots -q -o "$tmp/sw"
[ "$(cut -d, -f1 "$tmp/sw/sweep_wide.csv" | tr '\n' ' ')" = "discharge.pathways.p1.starts_per_month 200 300 400 " ] &&
    ok "sweep: one row per value" || bad "sweep rows" "$(cut -d, -f1 "$tmp/sw/sweep_wide.csv")"

# --- ED crowding -----------------------------------------------------------------
# 4 boarders hold the 4 majors spaces for good; 6 minors spaces: minors
# treatments take 1 + 2 x (0.4 - 0.1) = 1.6 times as long, 36 minutes more.
cat >"$tmp/crowd.json" <<'EOF'
{"name": "crowd", "start_date": "2023-01-01", "end_date": "2023-12-31",
 "warm_up_days": 30, "replications": 2, "seed": 2385,
 "arrivals": {"ed_ambulance": {"rate_per_day": 1},
              "ed_walk_in": {"rate_per_day": 20, "majors_share": 0}},
 "ed": {"majors": {"spaces": 4},
        "minors": {"spaces": 6, "treatment": {"kind": "fixed", "value_min": 60},
                   "crowding_threshold": 0.1, "crowding_slope": 2},
        "admit_probability": {"ambulance": 1}},
 "beds": {"ga": {"capacity": 0}}}
EOF
expect_status "ED crowding run" 0 "$bin" run "$tmp/crowd.json" --no-plots -q -o "$tmp/cr"
near "$(kpi "$tmp/cr" ed_crowding_extra_mean_min)" 36 0.1 &&
    ok "crowding adds 36 minutes to each treatment" || bad "crowding adds 36 minutes" "$(kpi "$tmp/cr" ed_crowding_extra_mean_min)"

# --- errors -----------------------------------------------------------------------
expect_status "places and starts together are exit 2" 2 "$bin" check "$st" --set discharge.pathways.p1.slots=40
grep -q '\$\.discharge\.pathways\.p1\.starts_per_month: a pathway is sized in places (slots) or in starts, not both' "$tmp/err" &&
    ok "the error names starts_per_month" || bad "places and starts error" "$(cat "$tmp/err")"
expect_status "11 monthly numbers are exit 2" 2 "$bin" check "$st" --set 'discharge.pathways.p1.starts_per_month=[1,2,3,4,5,6,7,8,9,10,11]'
grep -q 'starts_per_month: expected 12 numbers (January first), got 11' "$tmp/err" &&
    ok "the error says 12 numbers" || bad "12 numbers error" "$(cat "$tmp/err")"
expect_status "more ring-fenced beds than beds are exit 2" 2 "$bin" run "$el" --set electives.ring_fenced_beds=13 -q -o "$tmp/bad"
grep -q '\$\.electives\.ring_fenced_beds: 13 ring-fenced beds are more than the site.s 12 G&A beds' "$tmp/err" &&
    ok "the error names ring_fenced_beds" || bad "ring-fenced error" "$(cat "$tmp/err")"
[ ! -e "$tmp/bad" ] && ok "a bad scenario writes nothing" || bad "a bad scenario writes nothing"
expect_status "a negative crowding slope is exit 2" 2 "$bin" check "$el" --set ed.minors.crowding_slope=-1
grep -q 'crowding_slope: expected a number in \[0, 100\], got -1' "$tmp/err" &&
    ok "the error gives the slope's range" || bad "slope range error" "$(cat "$tmp/err")"

e2e_end flow_supply
