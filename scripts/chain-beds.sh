#!/bin/sh
# The chain from beds to the 999 call (issue 14): the C&P baseline with
# fewer and more G&A beds (shared among the sites in proportion to their
# beds: CUH 53 %, PCH 33 %, HH 14 %), each point with the same seed
# (common random numbers), and per point the whole year's occupancy,
# handover, crew hours lost to handover, surge crew hours, incidents closed
# unattended and Category 2 response (mean and 90th centile).
# docs/calibration.md quotes its output.
# Usage: sh scripts/chain-beds.sh [BIN] [REPS] [OUT_DIR]
#   defaults: build/uecsim, 30, results/chain-beds
set -eu
bin=${1:-build/uecsim}
reps=${2:-30}
out=${3:-results/chain-beds}
mkdir -p "$out"
echo "| G&A beds | occupancy | handover (min) | crew hours lost a day | surge crew hours a day | incidents closed a day | Category 2 mean (min) | Category 2 90th centile (min) | Category 1 mean (min) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for d in -60 -30 0 30 60 120; do
    cuh=$(awk -v d="$d" 'BEGIN { printf "%d", d * 0.533 + (d < 0 ? -0.5 : 0.5) }')
    pch=$(awk -v d="$d" 'BEGIN { printf "%d", d * 0.327 + (d < 0 ? -0.5 : 0.5) }')
    hh=$((d - cuh - pch))
    "$bin" run scenarios/cp-baseline-2023-24.json -r "$reps" -q --no-plots \
        --period all -o "$out/beds$d" \
        --shift "sites[CUH].beds.ga.capacity=$cuh" \
        --shift "sites[PCH].beds.ga.capacity=$pch" \
        --shift "sites[HH].beds.ga.capacity=$hh" >/dev/null
    python3 - "$out/beds$d/summary.json" "$((2100 + d))" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))["kpis"]
m = lambda n: k[n]["mean"]
print("| %s | %.1f %% | %.1f | %.0f | %.0f | %.1f | %.1f | %.0f | %.1f |" % (
    sys.argv[2], 100 * m("ga_occupancy"), m("handover_mean_min"),
    m("amb_crew_hours_lost_per_day"), m("amb_surge_crew_hours_per_day"),
    m("amb_closed_unattended_per_day"), m("amb_cat2_response_mean_min"),
    m("amb_cat2_response_p90_min"), m("amb_cat1_response_mean_min")))
PY
done
