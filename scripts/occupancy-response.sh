#!/bin/sh
# The shape of bed pressure (docs/calibration.md, hold-outs): run the
# calibrated baseline with every site's G&A beds scaled by each factor,
# over the whole year, and write each point's occupancy and front-door
# KPIs (mean and 95 % interval over the replications) to
# OUT_DIR/occupancy-response.dat, then draw OUT_DIR/occupancy-response.png
# with gnuplot: four-hour performance against G&A occupancy beside the
# shape NHS Improvement (2017) found across English trusts (a validation
# reference, never fitted), and handover time, hours lost and 12-hour
# decision-to-admit waits against occupancy.
# The second scenario, the baseline with the winter plan's front-door
# actions (an ambulance cohort area, continuous-flow full capacity
# protocols: docs/model.md 2.12), is drawn beside it, to
# OUT_DIR/occupancy-response-front-door.dat; "-" leaves it out.
# Usage: sh scripts/occupancy-response.sh [BIN] [REPS] [OUT_DIR] [SCENARIO] [SCENARIO2]
#   defaults: build/uecsim, 30, docs, scenarios/cp-baseline-2023-24.json,
#   scenarios/cp-baseline-2023-24-front-door.json
set -eu
bin=${1:-build/uecsim}
reps=${2:-30}
out=${3:-docs}
scn=${4:-scenarios/cp-baseline-2023-24.json}
scn2=${5:-scenarios/cp-baseline-2023-24-front-door.json}
factors="0.97 0.98 0.99 1.00 1.01 1.02 1.04 1.06 1.09 1.13 1.20"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/occresp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
dat="$out/occupancy-response.dat"
dat2="$out/occupancy-response-front-door.dat"

# points SCENARIO DAT: a row per factor
points() {
p_scn=$1
p_dat=$2
{
    echo "# $p_scn, $reps replications, the whole year; every site's G&A beds x factor"
    echo "# factor beds occupancy 4h 4h_lo 4h_hi handover_min ho_lo ho_hi hours_lost_per_day dta_12h_per_day boarders elective_cancelled_share"
} >"$p_dat"
for f in $factors; do
    # Each site's beds times f, rounded; --shift adds the difference.
    set -- $(awk -v f="$f" 'BEGIN { n = split("1120 686 294", c, " ");
        for (i = 1; i <= n; i++) printf "%d ", int(c[i] * f + 0.5) - c[i] }')
    rm -rf "$tmp/$f"
    "$bin" run "$p_scn" -r "$reps" -q --no-plots --period all -o "$tmp/$f" \
        --shift "sites[CUH].beds.ga.capacity=$1" \
        --shift "sites[PCH].beds.ga.capacity=$2" \
        --shift "sites[HH].beds.ga.capacity=$3" >/dev/null
    # summary.json's headline KPIs are the whole run's (--period all).
    python3 - "$tmp/$f/summary.json" "$f" "$((2100 + $1 + $2 + $3))" \
        >>"$p_dat" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))["kpis"]
def m(n, f="mean"):
    return k[n][f]
q = "ed_4h_performance"
h = "handover_mean_min"
print(sys.argv[2], sys.argv[3], "%.5f" % m("ga_occupancy"),
      "%.5f %.5f %.5f" % (m(q), m(q, "ci95_low"), m(q, "ci95_high")),
      "%.2f %.2f %.2f" % (m(h), m(h, "ci95_low"), m(h, "ci95_high")),
      "%.2f %.3f %.2f %.4f" % (m("handover_hours_lost_per_day"),
                               m("dta_12h_waits_per_day"),
                               m("ed_boarders_mean"),
                               m("elective_cancelled_share")))
PY
done
}
points "$scn" "$tmp/dat"
[ "$scn2" = - ] || points "$scn2" "$tmp/dat2"
# The model's level where beds do not bind: its mean below 88 % occupancy,
# from which the NHS Improvement shape is drawn.
plateau=$(awk '!/^#/ && $3 < 0.88 { s += $4; n++ } END { printf "%.4f", n ? 100 * s / n : 0 }' "$tmp/dat")
mv "$tmp/dat" "$dat"
if [ "$scn2" = - ]; then
    dat2=
    more4h=
    moreho=
else
    mv "$tmp/dat2" "$dat2"
    more4h=", '$dat2' using (100*\$3):(100*\$4):(100*\$5):(100*\$6) with yerrorlines lw 2.5 pt 5 lc rgb '#009e73' title 'with cohort area and protocol'"
    moreho=", '$dat2' using (100*\$3):7 with linespoints lw 2.5 dt 3 pt 5 lc rgb '#0072b2' title 'mean handover, with both'"
fi
gnuplot <<GP
set terminal pngcairo noenhanced size 1280,720 font 'DejaVu Sans,13'
set output '$out/occupancy-response.png'
set multiplot layout 1,2 title "C&P: the front door against G&A bed occupancy (every site's beds scaled; whole year, $reps replications)"
set grid lc rgb '#e3e3e3'
set key bottom left box opaque font ',11' spacing 1.1
set xlabel 'G&A bed occupancy, time average (%)'
set xrange [80:97]
set ylabel 'four-hour performance (%)'
p = $plateau
nhsi(x) = x < 88 ? p : (x < 92 ? p - 3 : p - 3 - 5 * (x - 92) / 8)
set samples 400
plot '$dat' using (100*\$3):(100*\$4):(100*\$5):(100*\$6) with yerrorlines lw 2.5 pt 7 lc rgb '#0072b2' title 'baseline (95 % interval)', \
     [80:97] nhsi(x) with lines dt 2 lw 2.5 lc rgb '#d55e00' title 'NHS Improvement 2017, from the baseline < 88 %'${more4h}, \
     '-' using 1:2 with points pt 13 ps 2.5 lc rgb '#000000' title 'C&P, July 2023 (002 L816, L817)'
94.6 69.0
e
set key top left box opaque font ',11' spacing 1.1
set ylabel 'mean handover (min); handover hours lost a day'
set y2label '12-hour decision-to-admit waits a day'
set ytics nomirror
set y2tics
set logscale y
set yrange [1:*]
plot '$dat' using (100*\$3):7 with linespoints lw 2.5 pt 7 lc rgb '#0072b2' title 'mean handover (min)', \
     '$dat' using (100*\$3):10 with linespoints lw 2.5 pt 5 lc rgb '#009e73' title 'handover hours lost a day', \
     '$dat' using (100*\$3):11 axes x1y2 with linespoints lw 2.5 pt 9 lc rgb '#cc79a7' title '12-hour DTA waits a day (right axis)'${moreho}
unset multiplot
GP
echo "occupancy-response: wrote $dat ${dat2:+and $dat2 }and $out/occupancy-response.png"
