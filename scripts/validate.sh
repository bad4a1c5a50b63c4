#!/bin/sh
# make validate: the full tables of docs/calibration.md (issue 11).  Runs
# the calibrated baseline, the winter scenario and the hold-out variants,
# prints the July 2023 calibration tables (baseline and winter: system and
# sites), the hold-out tables (June 2023 as the baseline has it and with
# June's demand; July 2022 back-cast) and the plan's effect over the
# winter (winter-2023-24 against winter-2023-24-no-action, paired), and
# redraws docs/occupancy-response.png and .dat (the shape of bed
# pressure).  Hold-out misses are reported, not failures: the exit status
# is 1 only when a July calibration table fails.
# Usage: sh scripts/validate.sh [BIN] [REPS] [OUT_DIR]
#   defaults: build/uecsim, 30, results/validate
set -eu
bin=${1:-build/uecsim}
reps=${2:-30}
out=${3:-results/validate}
mkdir -p "$out"
for s in cp-baseline-2023-24 winter-2023-24 cp-june-2023-demand \
    cp-backcast-july-2022 winter-2023-24-last-winter-demand; do
    "$bin" run "scenarios/$s.json" -r "$reps" -q --no-plots -o "$out/$s" >/dev/null
done
status=0
echo "## July 2023: cp-baseline-2023-24 ($reps replications)"
sh scripts/calibration-table.sh "$out/cp-baseline-2023-24" || status=1
echo
echo "## July 2023: winter-2023-24"
sh scripts/calibration-table.sh "$out/winter-2023-24" || status=1
echo
echo "## Hold-out: June 2023, the baseline's June"
sh scripts/calibration-table.sh "$out/cp-baseline-2023-24" scenarios/cp-holdout-june-2023.csv || true
echo
echo "## Hold-out: June 2023 with June's demand (cp-june-2023-demand)"
sh scripts/calibration-table.sh "$out/cp-june-2023-demand" scenarios/cp-holdout-june-2023.csv || true
echo
echo "## Hold-out: July 2022 back-cast, 2,030 beds (cp-backcast-july-2022)"
sh scripts/calibration-table.sh "$out/cp-backcast-july-2022" scenarios/cp-holdout-july-2022.csv || true
echo
echo "## The plan's effect over the winter: winter-2023-24 against winter-2023-24-no-action"
"$bin" compare scenarios/winter-2023-24-no-action.json scenarios/winter-2023-24.json \
    -r "$reps" --period winter -q --no-plots -o "$out/compare" >/dev/null
# The headline table's rows for the front door, then the lines on the
# 12-hour waits and hours lost from the list of differences that matter.
sed -n '/^## Headline/,/^Differences are/p' "$out/compare/compare.md" |
    grep -E '^\|(---| KPI| ED four-hour| Ambulance handover time| G&A bed occupancy| Patients with no)' || true
grep -E '12-hour waits from decision to admit|Ambulance hours lost' "$out/compare/compare.md" || true
echo
sh scripts/occupancy-response.sh "$bin" "$reps" docs
exit $status
