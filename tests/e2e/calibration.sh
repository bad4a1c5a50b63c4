#!/bin/sh
# End-to-end checks of the calibration tools (issue 11): the citation
# checker prints each cited seed line and fails on a line the seed does
# not have; the calibration table judges a run by its band and by the
# replications' spread, and exits 1 on a miss.  The seeds are the data
# README's (/work/shared/seeds, or $UECSIM_SEEDS): without them the
# citation checks are skipped, as on a clone without the data.
. tests/e2e/lib.sh

seeds=${UECSIM_SEEDS:-/work/shared/seeds}
if [ -f "$seeds/002_dd7327a3c56bfa2b.txt" ] && command -v python3 >/dev/null; then
    expect_status "check-citations: every scenario's citations name real lines" 0 \
        python3 scripts/check-citations.py --seeds "$seeds"
    grep -q '^    002 L528: .*2100 beds' "$tmp/out" && ok "check-citations prints the cited line beside the number" ||
        bad "check-citations prints the cited line beside the number" "$(head -5 "$tmp/out")"
    cat >"$tmp/wrong.json" <<'EOF'
{"name": "wrong", "beds": {"ga": {"capacity": {"value": 2100, "source": "002 L99999: past the end"}}}}
EOF
    expect_status "check-citations: a line past the seed's end fails" 1 \
        python3 scripts/check-citations.py --seeds "$seeds" "$tmp/wrong.json"
    grep -q 'L99999 is past the end' "$tmp/err" && ok "check-citations names the bad citation" ||
        bad "check-citations names the bad citation" "$(cat "$tmp/err")"
else
    echo "calibration: no seeds in $seeds, citation checks skipped"
fi

"$bin" run scenarios/cp-baseline-2023-24.json -r 4 -q --no-plots -o "$tmp/base" >/dev/null 2>"$tmp/err" ||
    bad "baseline runs" "$(cat "$tmp/err")"
sh scripts/calibration-table.sh "$tmp/base" >"$tmp/table" 2>&1
[ "$(grep -c '^| `' "$tmp/table")" -eq 12 ] && ok "calibration table: a row per scorecard KPI" ||
    bad "calibration table: a row per scorecard KPI" "$(cat "$tmp/table")"
head -1 "$tmp/table" | grep -q "observed inside | CUH | PCH | HH |$" && ok "calibration table: the spread column and the sites" ||
    bad "calibration table: the spread column and the sites" "$(head -1 "$tmp/table")"
printf 'kpi,month,target,tolerance,kind,source\nga_occupancy,2023-07,0.5,0.015,abs,a target far off\n' >"$tmp/off.csv"
expect_status "calibration table: a KPI out of band exits 1" 1 sh scripts/calibration-table.sh "$tmp/base" "$tmp/off.csv"
grep -q '| \*\*no\*\* |' "$tmp/out" && ok "calibration table marks the miss" || bad "calibration table marks the miss" "$(cat "$tmp/out")"

e2e_end calibration
