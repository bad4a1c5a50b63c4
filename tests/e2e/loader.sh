#!/bin/sh
# End-to-end checks of the scenario loader through the real CLI: the key
# listing and the docs generated from it, and the limits of issue 8 (each
# check below failed on main before the loader enforced it).
# Usage: sh tests/e2e/loader.sh BUILD_DIR
. tests/e2e/lib.sh

# --- uecsim keys ---------------------------------------------------------------
expect_status "keys exits 0" 0 "$bin" keys
cp "$tmp/out" "$tmp/keys.txt"
grep -q '^discharge\.pathways\.p3\.schedule ' "$tmp/keys.txt" && ok "keys lists a family member's key" || bad "keys lists a family member's key"
grep -q '^arrivals\.ed_walk_in\.majors_share ' "$tmp/keys.txt" && ! grep -q '^arrivals\.ed_ambulance\.majors_share ' "$tmp/keys.txt" && ok "keys lists walk-in-only keys once" || bad "keys lists walk-in-only keys once"
expect_status "keys --json exits 0" 0 "$bin" keys --json
grep -q '"schedule":[[:space:]]*"virtual_wards.schedule"' "$tmp/out" && ok "keys --json names the schedule of a capacity" || bad "keys --json names the schedule of a capacity"
expect_status "keys with a bad option is a usage error" 2 "$bin" keys --frob
# Every key listed is one the loader knows: setting it is never "unknown".
unknown=""
for k in $(awk 'NR > 1 && /^[a-z0-9]/ && $1 !~ /\[\]/ { print $1 }' "$tmp/keys.txt"); do
    [ "$k" = extends ] && continue
    "$bin" check tests/e2e/small.json --set "$k=null" >/dev/null 2>"$tmp/err"
    grep -q 'unknown key' "$tmp/err" && unknown="$unknown $k"
done
[ -z "$unknown" ] && ok "every key keys lists is known to the loader" || bad "every key keys lists is known to the loader" "$unknown"
cat >"$tmp/names.awk" <<'AWK'
# Each key's last name agrees with its struct field's (from keys --json),
# but for the documented exceptions: a family member's field is its
# parent's array, indexed; dates land as day numbers (_day), hours and
# days as minutes (_min); a flattened sub-object joins the names
# (window.start_h -> window_start_h); schedules and lists are skipped.
function value(line) { sub(/^[^:]*:[ \t]*"/, "", line); sub(/",?$/, "", line); return line }
/^[ \t]*"key":/ { key = value($0); type = ""; field = "" }
/^[ \t]*"type":/ { type = value($0) }
/^[ \t]*"field":/ { field = value($0) }
/^[ \t]*"meaning":/ {
    if (type == "object" || type == "list" || type == "schedule" || type == "file") next
    n = split(key, kp, "."); k = kp[n]; sub(/\[\]$/, "", k); p = n > 1 ? kp[n - 1] : ""
    sub(/\[\]$/, "", p)
    m = split(field, fp, "."); f = fp[m]; indexed = f ~ /\]$/; gsub(/\[[^]]*\]/, "", f)
    d = k; sub(/_date$/, "", d)
    u = k; sub(/_(h|days)$/, "_min", u)
    if (f == k || (indexed && f == p) || f == d "_day" || f == u || f == p "_" k || f == k "_" p) next
    print key " fills " field
    bad = 1
}
END { exit bad }
AWK
"$bin" keys --json >"$tmp/keys.json"
if awk -f "$tmp/names.awk" "$tmp/keys.json" >"$tmp/names"; then ok "every key and the struct field it fills have one name"; else bad "every key and the struct field it fills have one name" "$(head -5 "$tmp/names")"; fi
if sh scripts/scenario-docs.sh "$bin" docs/scenario.md >"$tmp/scenario.md" && cmp -s docs/scenario.md "$tmp/scenario.md"; then
    ok "docs/scenario.md key tables are the generated ones (make docs)"
else
    bad "docs/scenario.md key tables are the generated ones (make docs)" "$(diff docs/scenario.md "$tmp/scenario.md" | head -5)"
fi

# --- bounds: values check accepted on main and run crashed or hung on -------------
bound() {
    name=$1 want=$2
    shift 2
    "$bin" check tests/e2e/small.json "$@" >/dev/null 2>"$tmp/err"
    st=$?
    if [ "$st" -eq 2 ] && grep -q "$want" "$tmp/err"; then ok "$name"; else bad "$name" "exit $st: $(head -2 "$tmp/err")"; fi
}
bound "lognormal cv 1e155 is refused" '$.cohorts.under_65.clinical_los.cv: expected a coefficient of variation in \[0.001, 100\], got 1e+155' \
    --set 'cohorts.under_65.clinical_los={"kind":"lognormal","mean_days":5,"cv":1e155}'
bound "gamma cv 1e-160 is refused" '$.cohorts.under_65.clinical_los.cv: expected a coefficient of variation' \
    --set 'cohorts.under_65.clinical_los={"kind":"gamma","mean_days":5,"cv":1e-160}'
bound "gamma cv 1e300 is refused" '$.cohorts.under_65.clinical_los.cv: expected a coefficient of variation' \
    --set 'cohorts.under_65.clinical_los={"kind":"gamma","mean_days":5,"cv":1e300}'
bound "a process delay of 1e15 days is refused" '$.discharge.process_delay.p0.value_days: expected a duration of at most 3650 days, got 1000000000000000 days' \
    --set 'discharge.process_delay.p0={"kind":"fixed","value_days":1e15}'
bound "an OPEL interval of 1e-300 h is refused" '$.escalation.interval_h: expected a duration in \[0.25, 8760\] hours, got 1e-300' \
    --set escalation.interval_h=1e-300
bound "a rate of 1e300 a day is refused" '$.arrivals.ed_walk_in.rate_per_day: expected a non-negative number up to 100000, got 1e+300' \
    --set arrivals.ed_walk_in.rate_per_day=1e300
bound "a rate of 1e12 a day is refused" '$.arrivals.ed_walk_in.rate_per_day: expected a non-negative number up to 100000' \
    --set arrivals.ed_walk_in.rate_per_day=1e12
bound "a window multiplier of 1e300 is refused" '$.arrivals.ed_walk_in.windows\[0\].multiplier: expected a non-negative number up to 100' \
    --set 'arrivals.ed_walk_in.windows=[{"from":"2023-12-24","to":"2023-12-26","multiplier":1e300}]'
bound "overlapping windows beyond the peak rate are refused" '$.arrivals.ed_walk_in: peak arrival rate' \
    --set 'arrivals.ed_walk_in.windows=[{"from":"2023-12-24","to":"2023-12-26","multiplier":100},{"from":"2023-12-25","to":"2023-12-25","multiplier":100}]'
# --- check estimates the size of a run ---------------------------------------------
expect_status "check of a huge run still exits 0" 0 "$bin" check tests/e2e/small.json --set replications=100000
grep -q '^warning: the run simulates about [0-9.e+]* events (100000 replications' "$tmp/out" && ok "check warns when a run's events are very large" || bad "check warns when a run's events are very large" "$(tail -2 "$tmp/out")"
expect_status "check of a small run" 0 "$bin" check tests/e2e/small.json
grep -q '^warning: the run' "$tmp/out" && bad "no size warning for a small run" || ok "no size warning for a small run"

# --- targets ----------------------------------------------------------------------
expect_status "a target's KPI name is checked" 2 "$bin" check tests/e2e/small.json --set 'targets=[{"kpi":"nctr_maen","value":258}]'
grep -q "targets\[0\].kpi: unknown KPI 'nctr_maen' (did you mean 'nctr_mean'?)" "$tmp/err" && ok "a target's KPI: the nearest name is offered" || bad "a target's KPI: the nearest name is offered" "$(cat "$tmp/err")"
expect_status "a share KPI's target is a fraction" 2 "$bin" check tests/e2e/small.json --set 'targets=[{"kpi":"ga_occupancy","value":92}]'
expect_status "targets load" 0 "$bin" check tests/e2e/small.json --set 'targets=[{"kpi":"nctr_mean","value":258,"label":"plan 258","source":"plan"},{"kpi":"ed_4h_performance","value":0.78,"at_most":false}]'

expect_status "the largest values the bounds allow still run" 0 "$bin" run tests/e2e/small.json -r 1 -q --no-plots -o "$tmp/edge" \
    --set 'cohorts.under_65.clinical_los={"kind":"lognormal","mean_days":5,"cv":100}' \
    --set 'discharge.process_delay.p1={"kind":"gamma","mean_h":10,"cv":0.001}' \
    --set escalation.interval_h=0.25

# --- files the loader reads (issue 8, items 4-7) --------------------------------
# A hang guard, not a measurement: each refusal takes milliseconds, and on
# main these commands read until memory ran out, waited forever or took
# half a minute.  The memory cap keeps a regression from hurting the
# machine (not under AddressSanitizer, which cannot start with one).
memcap=:
if sh -c 'ulimit -v 2000000 && "$0" --version' "$bin" >/dev/null 2>&1; then memcap='ulimit -v 2000000'; fi
guarded() { (eval "$memcap"; timeout 20 "$@"); }
mkdir -p "$tmp/sc/sub" "$tmp/other"
cp tests/e2e/small.json "$tmp/other/base.json"
printf '{"extends": "/dev/zero", "name": "x"}' >"$tmp/sc/zero.json"
guarded "$bin" check "$tmp/sc/zero.json" >/dev/null 2>"$tmp/err"
grep -q "extends: cannot read '/dev/zero': not a regular file (a character device)" "$tmp/err" && ok "extends of /dev/zero is refused unread" || bad "extends of /dev/zero is refused unread" "$(cat "$tmp/err")"
mkfifo "$tmp/sc/fifo"
printf '{"extends": "fifo", "name": "x"}' >"$tmp/sc/fifo.json"
guarded "$bin" check "$tmp/sc/fifo.json" >/dev/null 2>"$tmp/err"
grep -q "cannot read '.*/fifo': not a regular file (a FIFO)" "$tmp/err" && ok "extends of a FIFO is refused without waiting" || bad "extends of a FIFO is refused without waiting" "$(cat "$tmp/err")"
guarded "$bin" check "$tmp/sc/fifo" >/dev/null 2>"$tmp/err"
grep -q "fifo: cannot read: not a regular file (a FIFO)" "$tmp/err" && ok "a FIFO named on the command line is refused" || bad "a FIFO named on the command line is refused" "$(cat "$tmp/err")"
expect_status "a folder is refused with the reason" 2 "$bin" check "$tmp/sc"
grep -q "cannot read: not a regular file (a directory)" "$tmp/err" && ok "a folder: the reason is named" || bad "a folder: the reason is named" "$(cat "$tmp/err")"
expect_status "check - reads standard input" 0 sh -c '"$1" check - <tests/e2e/small.json' sh "$bin"
grep -q "ok: scenario 'e2e-small'" "$tmp/out" && ok "check - loads the scenario" || bad "check - loads the scenario" "$(cat "$tmp/err")"
expect_status "check /dev/stdin reads a pipe" 0 sh -c 'cat tests/e2e/small.json | "$1" check /dev/stdin' sh "$bin"
{ cat tests/e2e/small.json; head -c 17000000 /dev/zero | tr '\0' ' '; } >"$tmp/sc/big.json"
expect_status "a file over 16 MiB is refused" 2 "$bin" check "$tmp/sc/big.json"
grep -q "big.json: cannot read: larger than 16 MiB" "$tmp/err" && ok "a file over 16 MiB: the limit is named" || bad "a file over 16 MiB: the limit is named" "$(cat "$tmp/err")"
printf '{"extends": "../other/base.json", "name": "x"}' >"$tmp/sc/up.json"
expect_status "extends out of the scenario's folder is refused" 2 "$bin" check "$tmp/sc/up.json"
grep -q "up.json: \$.extends: '.*other/base.json' is outside the scenario's folder" "$tmp/err" && ok "extends out of the folder: the message says so" || bad "extends out of the folder: the message says so" "$(cat "$tmp/err")"
printf '{"extends": "%s/other/base.json", "name": "x"}' "$(cd "$tmp" && pwd)" >"$tmp/sc/abs.json"
expect_status "extends by absolute path goes anywhere on purpose" 0 "$bin" check "$tmp/sc/abs.json"
printf 'root:x:0:0:secret-text:/root:/bin/sh\n' >"$tmp/other/passwd"
printf '{"extends": "%s/other/passwd", "name": "x"}' "$(cd "$tmp" && pwd)" >"$tmp/sc/text.json"
expect_status "a file that is not JSON is a scenario error" 2 "$bin" check "$tmp/sc/text.json"
grep -q "passwd: line 1, column 1: not JSON: the file holds text that is not JSON" "$tmp/err" && ! grep -q secret "$tmp/err" && ok "a file that is not JSON is described, not quoted" || bad "a file that is not JSON is described, not quoted" "$(cat "$tmp/err")"
i=0
while [ $i -lt 40 ]; do printf '{"extends": "c%d.json"}' $((i + 1)) >"$tmp/sc/c$i.json"; i=$((i + 1)); done
cp tests/e2e/small.json "$tmp/sc/c40.json"
expect_status "an extends chain of 41 files is refused" 2 "$bin" check "$tmp/sc/c0.json"
grep -q "c31.json: \$.extends: extends chain longer than 32 files" "$tmp/err" && ok "a long extends chain: the limit is named" || bad "a long extends chain: the limit is named" "$(cat "$tmp/err")"
awk 'BEGIN { printf "{\"name\": \"d\", \"start_date\": \"2023-01-01\", \"end_date\": \"2023-01-02\", \"electives\": {"; for (i = 0; i < 100000; i++) printf "%s\"k%d\": 1", (i ? ", " : ""), i; print "}}" }' >"$tmp/sc/keys.json"
guarded "$bin" check "$tmp/sc/keys.json" >/dev/null 2>"$tmp/err"
grep -q "99980 more errors not shown" "$tmp/err" && ok "an object of 100,000 keys is checked at once" || bad "an object of 100,000 keys is checked at once" "$(tail -2 "$tmp/err")"
printf '{"name": "e2e\\u0000small", "start_date": "2023-01-01", "end_date": "2023-01-02"}' >"$tmp/sc/nul.json"
expect_status "a \\u0000 in a string is refused" 2 "$bin" check "$tmp/sc/nul.json"
grep -q 'nul.json: \$.name: a string may not hold a NUL character' "$tmp/err" && ok "a \\u0000 in a string: the path is named" || bad "a \\u0000 in a string: the path is named" "$(cat "$tmp/err")"
printf '{"name": "e2e\000small", "start_date": "2023-01-01", "end_date": "2023-01-02"}' >"$tmp/sc/raw.json"
expect_status "a zero byte in a string is refused" 2 "$bin" check "$tmp/sc/raw.json"
grep -q 'raw.json: \$.name: a string may not hold a NUL character' "$tmp/err" && ok "a zero byte in a string: the path is named" || bad "a zero byte in a string: the path is named" "$(cat "$tmp/err")"

e2e_end loader
