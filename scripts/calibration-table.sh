#!/bin/sh
# Print the calibration table (docs/calibration.md): each scorecard target
# against the model's monthly mean and 95 % confidence interval for the
# whole system, and whether the observed value lies within the spread of
# the replications' values that month (inside one replication's 95 %
# prediction interval, mean +- t sd sqrt(1 + 1/n), which is the confidence
# interval's half-width times sqrt(n + 1)); when the run has sites, each
# site's monthly mean beside it (the targets are the system's, so only the
# system is judged).  Exits 1 when a KPI's mean is out of its band or the
# observed value is outside the spread.
# Usage: sh scripts/calibration-table.sh RESULTS_DIR [TARGETS_CSV]
# RESULTS_DIR is a run of scenarios/cp-baseline-2023-24.json (or of any
# scenario with the months TARGETS_CSV names), e.g.
#   build/uecsim run scenarios/cp-baseline-2023-24.json -o results/calibration
#   sh scripts/calibration-table.sh results/calibration
# The hold-outs use the same table with their own targets:
#   sh scripts/calibration-table.sh results/calibration scenarios/cp-holdout-june-2023.csv
set -eu
dir=${1:?usage: calibration-table.sh RESULTS_DIR [TARGETS_CSV]}
targets=${2:-scenarios/cp-scorecard-2023-07.csv}
[ -f "$dir/monthly.csv" ] || { echo "calibration-table: no $dir/monthly.csv" >&2; exit 1; }
awk -F, '
    FNR == 1 { next }
    FILENAME == ARGV[1] {
        key = $1 SUBSEP $2
        order[++n] = key; tgt[key] = $3; tol[key] = $4; kind[key] = $5
        src = $6; for (i = 7; i <= NF; i++) src = src "," $i
        source[key] = src
        next
    }
    # monthly.csv: month,site,kpi,mean,ci95_low,ci95_high,sd,n
    $2 == "system" { key = $3 SUBSEP $1; mean[key] = $4; lo[key] = $5; hi[key] = $6; nrep[key] = $8; next }
    {
        if (!($2 in seen)) { seen[$2] = 1; site[++ns] = $2 }
        smean[$2 SUBSEP $3 SUBSEP $1] = $4
    }
    END {
        head = "| KPI | month | target | allowed | model mean | model 95% CI | within | one replication, 95% range | observed inside |"
        rule = "|---|---|---:|---:|---:|---:|:---:|---:|:---:|"
        for (j = 1; j <= ns; j++) { head = head " " site[j] " |"; rule = rule "---:|" }
        print head
        print rule
        bad = 0
        for (i = 1; i <= n; i++) {
            k = order[i]; split(k, p, SUBSEP)
            if (!(k in mean)) { printf "| %s | %s | missing from monthly.csv |\n", p[1], p[2]; bad++; continue }
            band = kind[k] == "rel" ? tol[k] * tgt[k] : tol[k]
            d = mean[k] - tgt[k]; if (d < 0) d = -d
            ok = d <= band ? "yes" : "**no**"
            if (d > band) bad++
            allowed = kind[k] == "rel" ? sprintf("±%g %%", tol[k] * 100) : sprintf("±%g", tol[k])
            if (nrep[k] >= 2 && hi[k] != "NA") {
                pi = (hi[k] - mean[k]) * sqrt(nrep[k] + 1)
                # Cut at the natural bounds: every scorecard KPI is a
                # count, level or time (at least 0) or a share (at most 1).
                rlo = mean[k] - pi; rhi = mean[k] + pi
                if (rlo < 0) rlo = 0
                if (p[1] ~ /share|occupancy|performance/ && rhi > 1) rhi = 1
                range = sprintf("%.4g to %.4g", rlo, rhi)
                inside = d <= pi ? "yes" : "**no**"
                if (d > pi) bad++
            } else {
                range = "undefined"; inside = "-"
            }
            printf "| `%s` | %s | %g | %s | %.4g | %.4g to %.4g | %s | %s | %s |", p[1], p[2], tgt[k], allowed, mean[k], lo[k], hi[k], ok, range, inside
            for (j = 1; j <= ns; j++) {
                sk = site[j] SUBSEP k
                printf " %s |", (sk in smean) ? (smean[sk] == "NA" ? "NA" : sprintf("%.4g", smean[sk])) : "-"
            }
            printf "\n"
        }
        exit bad > 0
    }' "$targets" "$dir/monthly.csv"
