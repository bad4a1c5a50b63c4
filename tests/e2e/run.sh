#!/bin/sh
# End-to-end checks of the real CLI: usage, exit statuses, bad scenarios,
# no partial output, determinism across reruns and thread counts, plots.
# Usage: sh tests/e2e/run.sh BUILD_DIR
# Ends with "e2e: N passed, N failed"; exit status 1 if any failed.
# Other tests/e2e/*.sh scripts (but lib.sh) run as suites of their own.
. tests/e2e/lib.sh

# --- usage ---------------------------------------------------------------
expect_status "--version exits 0" 0 "$bin" --version
grep -q '^uecsim [0-9][0-9.]*$' "$tmp/out" && ok "--version prints a version" || bad "--version prints a version" "$(cat "$tmp/out")"
expect_status "--help exits 0" 0 "$bin" --help
grep -q 'uecsim run SCENARIO' "$tmp/out" && ok "--help shows run usage" || bad "--help shows run usage"
expect_status "no command is a usage error" 2 "$bin"
expect_status "unknown command is a usage error" 2 "$bin" frobnicate x.json
expect_status "bad -r is a usage error" 2 "$bin" run tests/e2e/small.json -r zero -o "$tmp/x"
expect_status "-r 0 is a usage error" 2 "$bin" run tests/e2e/small.json -r 0 -o "$tmp/x"
expect_status "bad -j is a usage error" 2 "$bin" run tests/e2e/small.json -j -3 -o "$tmp/x"
expect_status "unknown option is a usage error" 2 "$bin" run tests/e2e/small.json --frob
[ ! -e "$tmp/x" ] && ok "usage errors write nothing" || bad "usage errors write nothing"
expect_status "missing file is a scenario error" 2 "$bin" check "$tmp/nope.json"
grep -q "nope.json" "$tmp/err" && ok "missing file is named" || bad "missing file is named" "$(cat "$tmp/err")"

# --- check -------------------------------------------------------------------
expect_status "check accepts a good scenario" 0 "$bin" check tests/e2e/small.json
grep -q 'stability pre-check' "$tmp/out" && ok "check prints the pre-check" || bad "check prints the pre-check"
cat >"$tmp/over.json" <<'EOF'
{"name": "over", "start_date": "2023-01-01", "end_date": "2023-01-31",
 "arrivals": {"direct_admission": {"rate_per_day": 30}},
 "beds": {"ga": {"capacity": 50}},
 "cohorts": {"under_65": {"clinical_los": {"kind": "exponential", "mean_days": 2}}}}
EOF
expect_status "check of an overloaded scenario still exits 0" 0 "$bin" check "$tmp/over.json"
grep -q '^warning: G&A beds' "$tmp/out" && ok "check warns on load >= 1" || bad "check warns on load >= 1" "$(cat "$tmp/out")"

# --- bad scenarios: exit 2, the expected first line, nothing written ---------
for f in tests/bad/*.json; do
    name=$(basename "$f" .json)
    out="$tmp/bad-$name"
    "$bin" check "$f" >/dev/null 2>"$tmp/err"
    st=$?
    first=$(head -n 1 "$tmp/err")
    want=$(cat "tests/bad/$name.err")
    if [ "$st" -eq 2 ] && [ "$first" = "$want" ]; then
        ok "bad/$name: check exits 2 with the expected message"
    else
        bad "bad/$name: check exits 2 with the expected message" "exit $st; got: $first; want: $want"
    fi
    "$bin" run "$f" -o "$out" -q >/dev/null 2>&1
    st=$?
    if [ "$st" -eq 2 ] && [ ! -e "$out" ] && [ -z "$(ls -A "$tmp" | grep "^bad-$name")" ]; then
        ok "bad/$name: run exits 2 and writes nothing"
    else
        bad "bad/$name: run exits 2 and writes nothing" "exit $st"
    fi
done

# --- a failed run leaves nothing behind -------------------------------------
mkdir -p "$tmp/nogp"
PATH="$tmp/nogp" "$bin" run tests/e2e/small.json -r 2 -q -o "$tmp/failed" >/dev/null 2>"$tmp/err"
st=$?
if [ "$st" -eq 1 ] && [ ! -e "$tmp/failed" ] && [ -z "$(ls "$tmp" | grep '^failed')" ]; then
    ok "gnuplot missing: exit 1 and no results folder"
else
    bad "gnuplot missing: exit 1 and no results folder" "exit $st; $(cat "$tmp/err")"
fi
grep -q 'gnuplot' "$tmp/err" && ok "gnuplot missing: the message says so" || bad "gnuplot missing: the message says so" "$(cat "$tmp/err")"
: >"$tmp/afile"
# Refused before the run (tests/e2e/safety.sh has the other path checks).
expect_status "output under a file: exit 2" 2 "$bin" run tests/e2e/small.json -r 2 -q --no-plots -o "$tmp/afile/sub/out"

# --- a real run, with plots -------------------------------------------------
expect_status "run writes results" 0 "$bin" run tests/e2e/small.json -q -o "$tmp/r1"
for f in manifest.json summary.json monthly.csv daily.csv; do
    [ -s "$tmp/r1/$f" ] && ok "run wrote $f" || bad "run wrote $f"
done
head -1 "$tmp/r1/monthly.csv" | grep -qx 'month,site,kpi,mean,ci95_low,ci95_high,sd,n' && ok "monthly.csv header" || bad "monthly.csv header"
head -1 "$tmp/r1/daily.csv" | grep -qx 'date,site,kpi,mean,p05,p25,p50,p75,p95' && ok "daily.csv header" || bad "daily.csv header"
grep -q '^2024-01,system,ga_occupancy,' "$tmp/r1/monthly.csv" && ok "monthly.csv has 2024-01 occupancy" || bad "monthly.csv has 2024-01 occupancy"
npng=$(ls "$tmp/r1/plots/"*.png 2>/dev/null | wc -l)
ngp=$(ls "$tmp/r1/plots/"*.gp 2>/dev/null | grep -v '/style\.gp$' | wc -l)
[ "$npng" -ge 6 ] && [ "$npng" -eq "$ngp" ] && ok "plots: a PNG for every chart script ($npng)" || bad "plots: a PNG for every chart script" "png $npng gp $ngp"
# One style for every chart: style.gp beside them, loaded by each.
nload=$(grep -l "^load 'style.gp'$" "$tmp/r1/plots/"*.gp 2>/dev/null | wc -l)
[ -s "$tmp/r1/plots/style.gp" ] && [ "$nload" -eq "$ngp" ] && ok "plots: every script loads style.gp" || bad "plots: every script loads style.gp" "$nload of $ngp"
for p in "$tmp/r1/plots/"*.png; do
    # A PNG starts with \211PNG; an empty or broken render does not.
    if [ "$(head -c 4 "$p" | od -An -c | tr -d ' ')" != '211PNG' ]; then bad "plot $p is a PNG"; fi
done
for k in ed_attendances_per_day ed_4h_performance handover_mean_min nel_admissions_per_day \
         ga_occupancy nel_los_mean_days zero_day_los_share nctr_mean vw_occupancy p0_discharge_share; do
    grep -q "\"$k\": {\"mean\": [0-9]" "$tmp/r1/summary.json" && ok "summary has $k" || bad "summary has $k"
done

# --- determinism: same seed twice, and -j 1 against -j 2 ---------------------
# The same command twice (same -o, so the same recorded command line).
mv "$tmp/r1" "$tmp/r1.first"
"$bin" run tests/e2e/small.json -q -o "$tmp/r1" >/dev/null 2>&1
cp -r "$tmp/r1" "$tmp/r2"
"$bin" run tests/e2e/small.json -q -j 1 -o "$tmp/j1" --no-plots >/dev/null 2>&1
"$bin" run tests/e2e/small.json -q -j 2 -o "$tmp/j2" --no-plots >/dev/null 2>&1
if diff -r "$tmp/r1.first" "$tmp/r1" >/dev/null; then ok "same seed twice: identical files, plots included"; else bad "same seed twice: identical files, plots included" "$(diff -rq "$tmp/r1.first" "$tmp/r1" | head -3)"; fi
same=1
for f in summary.json monthly.csv daily.csv; do cmp -s "$tmp/j1/$f" "$tmp/j2/$f" || same=0; done
[ "$same" -eq 1 ] && ok "-j 1 and -j 2: identical results" || bad "-j 1 and -j 2: identical results"
# The manifests differ only in the recorded thread count and command line.
if diff "$tmp/j1/manifest.json" "$tmp/j2/manifest.json" | grep '^[<>]' | grep -v '"threads"\|"command_line"' | grep -q .; then
    bad "-j 1 and -j 2: manifests differ only in threads and command line"
else
    ok "-j 1 and -j 2: manifests differ only in threads and command line"
fi
"$bin" run tests/e2e/small.json -q -s 99 -o "$tmp/s99" --no-plots >/dev/null 2>&1
cmp -s "$tmp/j1/summary.json" "$tmp/s99/summary.json" && bad "another seed gives other results" || ok "another seed gives other results"
grep -q '"seed": 99' "$tmp/s99/manifest.json" && ok "manifest records the seed" || bad "manifest records the seed"

# --- rerunning into the same folder replaces it whole ------------------------
touch "$tmp/r2/stale"
"$bin" run tests/e2e/small.json -q -o "$tmp/r2" --no-plots >/dev/null 2>&1
[ ! -e "$tmp/r2/stale" ] && [ -s "$tmp/r2/summary.json" ] && ok "rerun replaces the folder" || bad "rerun replaces the folder"
[ -z "$(ls "$tmp" | grep '\.tmp\.\|\.old\.\|\.uecsim-tmp\.')" ] && ok "no temporary folders left" || bad "no temporary folders left" "$(ls "$tmp")"

# --- compare, sweep and size -------------------------------------------------
expect_status "compare writes results" 0 "$bin" compare tests/e2e/small.json tests/e2e/small-more-beds.json -r 4 -q -o "$tmp/cmp"
head -1 "$tmp/cmp/compare.csv" | grep -qx 'kpi,period,scenario,mean,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,mid,matters' && ok "compare.csv header" || bad "compare.csv header"
grep -q '^ga_occupancy,all,e2e-small,[^,]*,[^,]*,[^,]*,0,0,0,0.01,base$' "$tmp/cmp/compare.csv" && ok "compare: the base differs from itself by 0" || bad "compare: the base differs from itself by 0"
awk -F, '$1 == "ga_occupancy" && $2 == "all" && $3 == "e2e-small-more-beds" { exit !($9 < 0) }' "$tmp/cmp/compare.csv" && ok "compare: more beds, occupancy lower with the CI below 0" || bad "compare: more beds, occupancy lower with the CI below 0"
grep -q '^| KPI | base: End-to-end test: small system | End-to-end test: 20 more beds | difference (95 % CI) | matters? | MID |$' "$tmp/cmp/compare.md" && ok "compare.md table" || bad "compare.md table"
ls "$tmp/cmp/plots/"compare_*.png >/dev/null 2>&1 && ok "compare overlay plots" || bad "compare overlay plots"
# Replications of both scenarios are paired as they finish: the same
# bytes on 1 and 3 threads.
"$bin" compare tests/e2e/small.json tests/e2e/small-more-beds.json -r 5 -q -j 1 --no-plots -o "$tmp/cmpj1" >/dev/null 2>&1
"$bin" compare tests/e2e/small.json tests/e2e/small-more-beds.json -r 5 -q -j 3 --no-plots -o "$tmp/cmpj3" >/dev/null 2>&1
cmp -s "$tmp/cmpj1/compare.csv" "$tmp/cmpj3/compare.csv" && cmp -s "$tmp/cmpj1/compare.md" "$tmp/cmpj3/compare.md" && ok "compare -j 1 and -j 3: identical" || bad "compare -j 1 and -j 3: identical"
expect_status "compare needs two scenarios" 2 "$bin" compare tests/e2e/small.json -o "$tmp/cmp1"
expect_status "--set with an unknown key is a scenario error" 2 "$bin" run tests/e2e/small.json --set beds.ga.capcity=5 -o "$tmp/setbad"
grep -q "unknown key 'capcity' (did you mean 'capacity'?)" "$tmp/err" && ok "--set unknown key is named" || bad "--set unknown key is named" "$(cat "$tmp/err")"
[ ! -e "$tmp/setbad" ] && ok "--set error writes nothing" || bad "--set error writes nothing"
expect_status "run with --set" 0 "$bin" run tests/e2e/small.json --set beds.ga.capacity=310 -r 2 -q --no-plots -o "$tmp/set"
grep -q '"overrides": \["beds.ga.capacity=310"\]' "$tmp/set/manifest.json" && ok "manifest records --set" || bad "manifest records --set"

expect_status "sweep writes results" 0 "$bin" sweep tests/e2e/small.json --vary beds.ga.capacity=240:300:30 -r 4 -q -o "$tmp/sw"
head -1 "$tmp/sw/sweep.csv" | grep -qx 'beds.ga.capacity,period,kpi,mean,ci95_low,ci95_high,sd,n' && ok "sweep.csv header (long)" || bad "sweep.csv header (long)"
nk=$("$bin" kpis --json | grep -c '"name"')
[ "$(wc -l <"$tmp/sw/sweep.csv")" -eq $((1 + 3 * nk)) ] && ok "sweep.csv has a row per point and KPI" || bad "sweep.csv has a row per point and KPI"
head -1 "$tmp/sw/sweep_wide.csv" | grep -q '^beds.ga.capacity,ed_attendances_per_day_mean,ed_attendances_per_day_ci95_low,' && ok "sweep_wide.csv header" || bad "sweep_wide.csv header"
[ "$(wc -l <"$tmp/sw/sweep_wide.csv")" -eq 4 ] && ok "sweep_wide.csv has a row per point" || bad "sweep_wide.csv has a row per point"
# More beds never raise occupancy: compare each point's ga_occupancy mean.
awk -F, '$3 == "ga_occupancy" { if (seen && $4 > prev) bad = 1; prev = $4; seen = 1 } END { exit bad || !seen }' "$tmp/sw/sweep.csv" && ok "sweep: occupancy falls as beds rise" || bad "sweep: occupancy falls as beds rise"
ls "$tmp/sw/plots/"sweep_*.png >/dev/null 2>&1 && ok "sweep plots" || bad "sweep plots"
expect_status "sweep with two keys" 0 "$bin" sweep tests/e2e/small.json --vary beds.ga.capacity=260:300:40 --vary virtual_wards.beds=20:30:10 -r 2 -q --no-plots -o "$tmp/sw2"
head -1 "$tmp/sw2/sweep_wide.csv" | grep -q '^beds.ga.capacity,virtual_wards.beds,' && [ "$(wc -l <"$tmp/sw2/sweep_wide.csv")" -eq 5 ] && ok "two-key sweep: a column per key, a row per point" || bad "two-key sweep: a column per key, a row per point"
expect_status "sweep without --vary is a usage error" 2 "$bin" sweep tests/e2e/small.json -o "$tmp/sw3"
expect_status "bad --vary is a usage error" 2 "$bin" sweep tests/e2e/small.json --vary beds.ga.capacity=300:200:10 -o "$tmp/sw3"
expect_status "an unknown --vary key is a scenario error" 2 "$bin" sweep tests/e2e/small.json --vary beds.ga.capcity=1:2:1 -q -o "$tmp/sw3"
expect_status "a point the scenario refuses is a scenario error" 2 "$bin" sweep tests/e2e/small.json --vary ed.admit_probability.walk_in=0.5:1.5:0.5 -r 2 -q -o "$tmp/sw3"
grep -q -- '--vary ed.admit_probability.walk_in=1.5: \$.ed.admit_probability.walk_in: expected a probability' "$tmp/err" && ok "... naming the point and its JSON path" || bad "... naming the point and its JSON path" "$(cat "$tmp/err")"
expect_status "size: a point the scenario refuses is a scenario error" 2 "$bin" size tests/e2e/small.json --vary ed.admit_probability.walk_in=0.5:1.5 --target 'ga_occupancy<=0.85' -r 2 -q -o "$tmp/sw3"
grep -q 'walk_in=1.5: .*expected a probability' "$tmp/err" && ok "... naming the point" || bad "... naming the point" "$(cat "$tmp/err")"
[ ! -e "$tmp/sw3" ] && ok "failed sweeps write nothing" || bad "failed sweeps write nothing"

expect_status "size finds a value" 0 "$bin" size tests/e2e/small.json --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' -r 4 -q -o "$tmp/sz"
grep -q '"status": "found"' "$tmp/sz/size.json" && ok "size.json: found" || bad "size.json: found"
# The answer meets the target and one step below does not.
tr -d '\n ' <"$tmp/sz/size.json" | grep -q '"at_answer":{"value":[0-9.]*,"targets_hold":true' && ok "size: the target holds at the answer" || bad "size: the target holds at the answer"
tr -d '\n ' <"$tmp/sz/size.json" | grep -q '"one_step_below":{"value":[0-9.]*,"targets_hold":false' && ok "size: the target fails one step below" || bad "size: the target fails one step below"
expect_status "size with an unreachable target exits 3" 3 "$bin" size tests/e2e/small.json --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.1' -r 2 -q -o "$tmp/sz2"
grep -q '"status": "unreachable"' "$tmp/sz2/size.json" && grep -q '"answer": null' "$tmp/sz2/size.json" && ok "size.json: unreachable, no answer" || bad "size.json: unreachable, no answer"
expect_status "size with an unknown KPI is a usage error" 2 "$bin" size tests/e2e/small.json --vary beds.ga.capacity=240:330 --target 'ga_occupncy<=0.9' -o "$tmp/sz3"
expect_status "size without a target is a usage error" 2 "$bin" size tests/e2e/small.json --vary beds.ga.capacity=240:330 -o "$tmp/sz3"

e2e_end e2e
