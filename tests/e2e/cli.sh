#!/bin/sh
# End-to-end checks of issue 12, items 4-6, through the real CLI:
# what-ifs that do what they say (--shift, the --set warning, overrides
# in headers and captions, the README example), size that is right
# (direction, consistent status, shares, every month, in share,
# Bonferroni) and a CLI with no traps (help everywhere, did you mean,
# kpis, -j, -q, messages that name the option).
# Usage: sh tests/e2e/cli.sh BUILD_DIR
. tests/e2e/lib.sh

small=tests/e2e/small.json
q="-q --no-plots"

# flat FILE: the file without newlines or spaces, for JSON patterns.
flat() { tr -d '\n ' <"$1"; }

# num FILE KPI: a KPI's mean in summary.json.
num() { sed -n "s/^ *\"$2\": {\"mean\": \([^,]*\),.*/\1/p" "$1"; }

# check NAME COMMAND...: ok when the command succeeds; this script's own
# (lib.sh's drops the output), showing stderr on a failure.
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name" "$(head -3 "$tmp/err" 2>/dev/null)"; fi; }

# expect NAME STATUS out|err PATTERN COMMAND...: the exit status, and a
# line of the command's stdout or stderr matching PATTERN (grep).
expect() {
    name=$1 want=$2 where=$3 pat=$4
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ] && grep -q -- "$pat" "$tmp/$where"; then
        ok "$name"
    else
        bad "$name" "exit $got, expected $want; $where: $(head -3 "$tmp/$where")"
    fi
}

# --- 4. what-ifs that do what they say -------------------------------------

# --shift moves the capacity and its whole schedule (300, 306 from 8 Jan):
# open beds rise by exactly 6 on every day; --set 306 moves only the days
# before the step, and says so.
"$bin" run $small -r 2 $q -o "$tmp/base" >/dev/null 2>&1
expect_status "--shift: run exits 0" 0 "$bin" run $small --shift beds.ga.capacity=+6 -r 2 $q -o "$tmp/shift"
b=$(num "$tmp/base/summary.json" ga_beds_open_mean)
s=$(num "$tmp/shift/summary.json" ga_beds_open_mean)
check "--shift +6: open G&A beds 6 higher on every day ($b -> $s)" \
    awk -v b="$b" -v s="$s" 'BEGIN { exit !(b != "" && s - b > 5.999999 && s - b < 6.000001) }'
check "--shift: the manifest records it apart from --set" \
    grep -q '"shifts": \["beds.ga.capacity=+6"\]' "$tmp/shift/manifest.json"
expect_status "--shift -6: also down" 0 "$bin" run $small --shift beds.ga.capacity=-6 -r 2 $q -o "$tmp/down"
d=$(num "$tmp/down/summary.json" ga_beds_open_mean)
check "--shift -6: open G&A beds 6 lower ($b -> $d)" \
    awk -v b="$b" -v d="$d" 'BEGIN { exit !(d != "" && b - d > 5.999999 && b - d < 6.000001) }'
expect "--shift of a non-capacity: exit 2, the nearest capacity and the list" 2 err \
    "not a capacity (did you mean 'beds.ga.capacity'?); --shift moves one of: .*virtual_wards.beds" \
    "$bin" check $small --shift bed.ga.capacity=+6
expect "--shift below zero: exit 2, the message names the shift and the path" 2 err \
    '^uecsim: --shift beds.ga.capacity=-400: \$.beds.ga.capacity: ' "$bin" check $small --shift beds.ga.capacity=-400
for cmd in compare sweep size check; do
    case $cmd in
    compare) args="$small tests/e2e/small-more-beds.json -r 2 $q -o $tmp/c-$cmd" ;;
    sweep) args="$small --vary virtual_wards.beds=20:30:10 -r 2 $q -o $tmp/c-$cmd" ;;
    size) args="$small --vary virtual_wards.beds=10:60 --target vw_occupancy>=0.6 -r 4 $q -o $tmp/c-$cmd" ;;
    check) args="$small" ;;
    esac
    # shellcheck disable=SC2086
    expect_status "--shift is valid on $cmd" 0 "$bin" $cmd $args --shift beds.ga.capacity=+6
done
check "--shift on sweep: its manifest records it" grep -q '"shifts": \["beds.ga.capacity=+6"\]' "$tmp/c-sweep/manifest.json"
check "--shift on compare: each scenario's provenance records it" \
    test "$(grep -c '"shifts": \["beds.ga.capacity=+6"\]' "$tmp/c-compare/manifest.json")" -eq 2

# A --set of a capacity with a dated schedule warns, once, on stderr;
# a --set of a plain value does not.
"$bin" check $small --set beds.ga.capacity=310 >/dev/null 2>"$tmp/err1"
st=$?
"$bin" check $small --set seed=3 --set beds.ga.capacity=310 --set 'beds.ga.schedule=[]' >/dev/null 2>"$tmp/err2"
"$bin" sweep $small --vary beds.ga.capacity=290:300:10 --set beds.ga.capacity=310 -r 2 $q -o "$tmp/sw-set" >/dev/null 2>"$tmp/err3"
if [ $st -eq 0 ] && [ "$(wc -l <"$tmp/err1")" -eq 1 ] &&
    grep -q "^uecsim: warning: --set beds.ga.capacity=310 holds only until the schedule's first step: beds.ga.schedule still sets 306 from 2024-01-08; --shift beds.ga.capacity=+10 moves the capacity and every step of its schedule$" "$tmp/err1" &&
    [ ! -s "$tmp/err2" ] && ! grep -q warning "$tmp/err3"; then
    ok "--set of a scheduled capacity: one line saying what the schedule still does and the --shift that moves both; none when the schedule is set too or the key is varied"
else
    bad "--set of a scheduled capacity: one line saying what the schedule still does and the --shift that moves both; none when the schedule is set too or the key is varied" \
        "exit $st: $(cat "$tmp/err1" "$tmp/err2" "$tmp/err3" | head -4)"
fi

# The console header and the chart footnotes name the overrides.
"$bin" run $small --shift beds.ga.capacity=+6 --set seed=5 -r 2 -o "$tmp/foot" >"$tmp/out" 2>"$tmp/err"
check "run header names the overrides" \
    grep -q '^End-to-end test: small system (e2e-small): 2 replications, seed 5, with --shift beds.ga.capacity=+6 --set seed=5$' "$tmp/out"
check "chart footnotes name the overrides" \
    grep -q 'seed 5 | --set seed=5 --shift beds.ga.capacity=+6 | run [0-9-]*, uecsim' "$tmp/foot/plots/ga_occupancy.gp"
"$bin" compare $small tests/e2e/small-more-beds.json --shift beds.ga.capacity=+6 -r 2 --no-plots -o "$tmp/cmp-h" >"$tmp/out" 2>&1
check "compare header names the overrides" grep -q 'common random numbers, with --shift beds.ga.capacity=+6$' "$tmp/out"

# The README's "60 more G&A beds" example does what its comment says:
# 60 more beds on every day, the modular unit's January step included.
line=$(grep -A1 '^# A quick what-if: 60 more G&A beds' README.md | tail -n 1)
case $line in
"build/uecsim run scenarios/winter-2023-24.json "*)
    opts=${line#build/uecsim run scenarios/winter-2023-24.json }
    # shellcheck disable=SC2086
    "$bin" run scenarios/winter-2023-24.json $opts -r 1 $q -o "$tmp/plus60" >/dev/null 2>"$tmp/err"
    st=$?
    "$bin" run scenarios/winter-2023-24.json -r 1 $q -o "$tmp/w0" >/dev/null 2>&1
    b=$(num "$tmp/w0/summary.json" ga_beds_open_mean)
    be=$(num "$tmp/w0/summary.json" escalation_beds_open_mean)
    s=$(num "$tmp/plus60/summary.json" ga_beds_open_mean)
    se=$(num "$tmp/plus60/summary.json" escalation_beds_open_mean)
    check "README 60 more G&A beds: runs without a warning" sh -c "[ $st -eq 0 ] && ! grep -q warning '$tmp/err'"
    check "README 60 more G&A beds: 60 more beds on every day ($b-$be -> $s-$se)" \
        awk -v b="$b" -v be="$be" -v s="$s" -v se="$se" \
        'BEGIN { d = (s - se) - (b - be); exit !(b != "" && d > 59.999999 && d < 60.000001) }'
    ;;
*) bad "README 60 more G&A beds: the example line is where it was" "$line" ;;
esac

# --- 5. size that is right -------------------------------------------------

# A target that improves as the key falls (virtual-ward occupancy as
# places rise): the largest value meeting it, found, exit 0.
expect_status "size, falling target: exit 0" 0 "$bin" size $small --vary virtual_wards.beds=10:60 --target 'vw_occupancy>=0.6' -r 4 $q -o "$tmp/fall"
f=$(flat "$tmp/fall/size.json")
check "size, falling target: found, the largest value, targets hold there and not one step above" sh -c "
echo '$f' | grep -q '\"status\":\"found\",\"why\":\"largest\"' &&
echo '$f' | grep -q '\"at_answer\":{\"value\":[0-9]*,\"targets_hold\":true' &&
echo '$f' | grep -q '\"one_step_above\":{\"value\":[0-9]*,\"targets_hold\":false' &&
echo '$f' | grep -q '\"improves_as_key\":\"falls\",\"holds_at_min\":true,\"holds_at_max\":false'"

# status, targets_hold and the exit status agree, whatever the targets:
# rising, falling, both ways, missing at both ends, conflicting, holding
# everywhere.
i=0
agree=""
for t in "ga_occupancy<=0.85" "vw_occupancy>=0.6" "vw_occupancy>=0.6 ga_occupancy<=0.83" \
    "vw_occupancy>=0.95" "vw_occupancy>=0.85 ga_occupancy<=0.83" "vw_occupancy>=0.3" "nctr_mean<=30.2"; do
    i=$((i + 1))
    set --
    for x in $t; do set -- "$@" --target "$x"; done
    "$bin" size $small --vary virtual_wards.beds=10:60 "$@" -r 4 $q -o "$tmp/cons$i" >/dev/null 2>&1
    st=$?
    f=$(flat "$tmp/cons$i/size.json" 2>/dev/null)
    if { [ $st -eq 0 ] && echo "$f" | grep -q '"status":"found"' && echo "$f" | grep -q '"at_answer":{"value":[0-9.]*,"targets_hold":true'; } ||
        { [ $st -eq 3 ] && echo "$f" | grep -q '"status":"unreachable"' && echo "$f" | grep -q '"answer":null' &&
            echo "$f" | grep -q '"best_value":{"value":[0-9.]*,"targets_hold":false'; }; then
        :
    else
        agree="$agree
$t: exit $st, $(echo "$f" | cut -c1-200)"
    fi
done
check "size: status, targets_hold and the exit status agree for rising, falling, mixed, missing, conflicting and unbounded targets" test -z "$agree"
[ -n "$agree" ] && echo "$agree" | sed 's/^/     /'
check "size, missing at both ends: explained, with the way to go" \
    grep -q '"explanation": "vw_occupancy>=0.95 misses at both ends of 10..60; it improves as virtual_wards.beds falls, so a value below 10 may meet it"' "$tmp/cons4/size.json"
check "size, conflicting targets: explained" \
    grep -q '"why": "conflict"' "$tmp/cons5/size.json"

# A share target is a fraction: 80 is refused, with the fraction offered.
expect "size: a share target above 1 is refused, the fraction offered" 2 err 'vw_occupancy is a share, a fraction from 0 to 1, not a percentage (did you mean 0.8?)' \
    "$bin" size $small --vary virtual_wards.beds=10:60 --target 'vw_occupancy<=80' -o "$tmp/pct"

# --every-month: the target holds in each month, so the answer is at
# least the whole-run one; size.json says so.
"$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' -r 4 $q -o "$tmp/whole" >/dev/null 2>&1
expect_status "size --every-month: exit 0" 0 "$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' --every-month -r 4 $q -o "$tmp/month"
a1=$(sed -n 's/^ *"answer": \([0-9.]*\),*$/\1/p' "$tmp/whole/size.json")
a2=$(sed -n 's/^ *"answer": \([0-9.]*\),*$/\1/p' "$tmp/month/size.json")
check "size --every-month: every month's bound meets the target, and it needs more beds ($a1 -> $a2)" sh -c "
[ -n '$a1' ] && [ -n '$a2' ] && [ '$a2' -gt '$a1' ] &&
grep -q '\"every_month\": true' '$tmp/month/size.json' &&
grep -q '\"tests\": 2,' '$tmp/month/size.json' &&
tr -d '\n ' <'$tmp/month/size.json' | grep -q '\"at_answer\":{[^}]*}[^]]*\"checks\":\[{\"target\":\"ga_occupancy<=0.85\",\"holds\":true,\"worst_month\":\"20'"

# --in-share: predictive; refused when the replications cannot show it.
expect "size --in-share with too few replications: exit 2, saying how many it needs" 2 err 'needs at least 22 replications (-r 22)' \
    "$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' --in-share 0.9 -r 4 $q -o "$tmp/share4"
expect_status "size --in-share 0.9 -r 22: exit 0" 0 "$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' --in-share 0.9 -r 22 $q -o "$tmp/share"
check "size --in-share: the answer's share bound is at least 0.9, one step below it is not" sh -c "
f=\$(tr -d '\n ' <'$tmp/share/size.json')
echo \"\$f\" | grep -q '\"criterion\":\"share\"' &&
echo \"\$f\" | grep -q '\"at_answer\":{[^]]*\"checks\":\[{\"target\":\"ga_occupancy<=0.85\",\"holds\":true,\"replications_meeting\":2[0-2],\"share_lower_bound\":0\.9' &&
echo \"\$f\" | grep -q '\"one_step_below\":{[^]]*\"holds\":false'"

# Bonferroni: two targets at 90 % together are tested at 95 % each.
"$bin" size $small --vary virtual_wards.beds=10:60 --target 'vw_occupancy>=0.6' --target 'nctr_mean<=40' -r 4 $q -o "$tmp/bonf" >/dev/null 2>&1
check "size, two targets: each tested at 1-(1-C)/2" sh -c "grep -q '\"tests\": 2,' '$tmp/bonf/size.json' && grep -q '\"test_confidence\": 0.95' '$tmp/bonf/size.json'"

# What confidence means is documented.
expect_status "size --help: exit 0" 0 "$bin" size --help
check "size --help: says what the confidence means" sh -c "grep -q 'Bonferroni' '$tmp/out' && grep -q 'not about whether the' '$tmp/out'"

# --- 6. a CLI with no traps --------------------------------------------------

for cmd in run compare sweep size check keys kpis; do
    for h in -h --help; do
        "$bin" $cmd $h >"$tmp/out" 2>"$tmp/err"
        st=$?
        if [ $st -eq 0 ] && head -n 1 "$tmp/out" | grep -q "^usage: uecsim $cmd" && grep -q -- '--help' "$tmp/out" && [ ! -s "$tmp/err" ]; then
            ok "$cmd $h: its usage and options, exit 0"
        else
            bad "$cmd $h: its usage and options, exit 0" "exit $st: $(head -2 "$tmp/out" "$tmp/err")"
        fi
    done
done
"$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' -o "$tmp/h" -h >"$tmp/out" 2>"$tmp/err"
st=$?
check "-h among other options: the help, exit 0, nothing run" \
    sh -c "[ $st -eq 0 ] && head -n 1 '$tmp/out' | grep -q '^usage: uecsim size' && [ ! -e '$tmp/h' ]"

expect "--replicatons: exit 2, did you mean --replications" 2 err \
    '^uecsim: unknown option --replicatons for run (did you mean --replications?)$' "$bin" run $small --replicatons 3
expect "an option of another command: exit 2, saying which commands take it" 2 err \
    '^uecsim: --vary is not an option of run (sweep and size take it)$' "$bin" run $small --vary beds.ga.capacity=1:2:1
expect "a mistyped command: exit 2, did you mean" 2 err "^uecsim: unknown command 'rn' (did you mean 'run'?)$" "$bin" rn $small
expect "--set bed.ga.capacity: exit 2, did you mean 'beds', not 'ed'" 2 err "unknown key 'bed' (did you mean 'beds'?)" \
    "$bin" check scenarios/winter-2023-24.json --set bed.ga.capacity=2200
expect "--target with an unknown KPI: exit 2, did you mean, and where the list is" 2 err \
    "unknown KPI 'ga_occupncy' (did you mean 'ga_occupancy'?); \`uecsim kpis\` lists every KPI" \
    "$bin" size $small --vary beds.ga.capacity=240:330 --target 'ga_occupncy<=0.9'
expect "--target with a vague KPI: every KPI that contains it" 2 err \
    "unknown KPI 'nctr' (did you mean 'nctr_mean', 'nctr_in_process_mean' or 'nctr_awaiting_pathway_mean'?)" \
    "$bin" size $small --vary beds.ga.capacity=240:330 --target "nctr<=30"

expect_status "kpis: exit 0" 0 "$bin" kpis
"$bin" run $small -r 2 $q -o "$tmp/k" >/dev/null 2>&1
n_sum=$(grep -c '^    "[a-z0-9_]*": {"mean"' "$tmp/k/summary.json")
check "kpis: one line per KPI of summary.json ($n_sum)" test "$(grep -c '^[a-z0-9_]*  ' "$tmp/out")" -eq "$n_sum"
check "kpis: ga_occupancy is a share" grep -q '^ga_occupancy  *share  ' "$tmp/out"
expect_status "kpis --json: exit 0" 0 "$bin" kpis --json
check "kpis --json: every KPI, with unit, kind, MID and label" sh -c "[ \$(grep -c '{\"name\": \"[a-z0-9_]*\", \"unit\": \"[^\"]*\", \"share\": \(true\|false\), \"daily\": \(true\|false\), \"kind\": \"[a-z]*\", \"mid\": [0-9.]*, \"label\": ' '$tmp/out') -eq $n_sum ]"

cores=$(nproc 2>/dev/null || echo 1)
expect "-j 500: exit 0, capped at the processors with a note" 0 err \
    "^uecsim: note: -j 500: this machine has $cores processors; using $cores threads$" "$bin" run $small -j 500 -r 2 --no-plots -o "$tmp/j500"
check "-j 500: the manifest records the threads used" grep -q "\"threads\": $cores," "$tmp/j500/manifest.json"

loud=""
for cmd in run compare sweep size check; do
    case $cmd in
    compare) args="$small tests/e2e/small-more-beds.json -r 2" ;;
    sweep) args="$small --vary virtual_wards.beds=20:30:10 -r 2" ;;
    size) args="$small --vary virtual_wards.beds=10:60 --target vw_occupancy>=0.6 -r 4" ;;
    run) args="$small -r 2" ;;
    check) args="$small" ;;
    esac
    # shellcheck disable=SC2086
    "$bin" $cmd $args -q $([ $cmd = check ] || echo "--no-plots -o $tmp/quiet-$cmd") >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -ne 0 ] || [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
        loud="$loud
$cmd: exit $st: $(head -2 "$tmp/out" "$tmp/err")"
    fi
done
check "-q: nothing on stdout or stderr from run, compare, sweep, size or check" test -z "$loud"
[ -n "$loud" ] && echo "$loud" | sed 's/^/     /'

expect "--vary with an unknown key: exit 2, the message names --vary" 2 err \
    "^uecsim: --vary bed.ga.capacity=60: \$: unknown key 'bed' (did you mean 'beds'?)$" \
    "$bin" sweep $small --vary bed.ga.capacity=60:80:10 --no-plots -o "$tmp/vbad"
check "--vary with an unknown key: reported before any point runs" sh -c "! grep -q '(1 of' '$tmp/err'"

e2e_end cli
