#!/bin/sh
# End-to-end checks of sites: per-site rows in monthly.csv and daily.csv,
# the sites block of summary.json and the manifest, check's loads by site,
# errors that name the site's JSON path, --set and sweep on a site's key,
# and each site's charts with --site-plots.
# Usage: sh tests/e2e/sites.sh BUILD_DIR
. tests/e2e/lib.sh

two=tests/e2e/small-sites.json

# --- a run with two sites ---------------------------------------------------
expect_status "run with sites exits 0" 0 "$bin" run "$two" -r 3 --no-plots -q -o "$tmp/s"
for f in monthly daily; do
    sites=$(cut -d, -f2 "$tmp/s/$f.csv" | sed 1d | uniq | tr '\n' ' ')
    [ "$sites" = "system A B " ] && ok "$f.csv: a block for the system, then A, then B" || bad "$f.csv: site blocks" "$sites"
done
n_sys=$(grep -c '^2024-01,system,' "$tmp/s/monthly.csv")
n_a=$(grep -c '^2024-01,A,' "$tmp/s/monthly.csv")
[ "$n_sys" -gt 50 ] && [ "$n_sys" -eq "$n_a" ] && ok "monthly.csv: every KPI for each site" || bad "monthly.csv: every KPI for each site" "$n_sys $n_a"
grep -q '^2024-01,A,vw_occupancy,NA,NA,NA,NA,0$' "$tmp/s/monthly.csv" && ok "a site's virtual-ward occupancy is NA, not 0" || bad "a site's virtual-ward occupancy is NA"
grep -q '^2024-01,A,ga_occupancy,0\.[0-9]' "$tmp/s/monthly.csv" && ok "a site's occupancy is a number" || bad "a site's occupancy is a number"
grep -q '^2024-01-15,B,ed_4h_performance,0\.[0-9]' "$tmp/s/daily.csv" && ok "daily.csv: a site's four-hour performance" || bad "daily.csv: a site's four-hour performance"
# The system's attendances are the sites' (a sum of integers, exact).
awk -F, '$1 == "2023-12" && $3 == "ed_attendances_per_day" { v[$2] = $4 }
    END { d = v["system"] - v["A"] - v["B"]; exit !(d < 1e-6 && d > -1e-6) }' "$tmp/s/monthly.csv" &&
    ok "the system's attendances are the sum of the sites'" || bad "the system's attendances are the sum of the sites'"
python_ok=0
command -v python3 >/dev/null 2>&1 && python_ok=1
if [ "$python_ok" = 1 ]; then
    python3 - "$tmp/s/summary.json" "$tmp/s/manifest.json" <<'PY' && ok "summary.json: sites block; manifest lists the sites" || bad "summary.json: sites block; manifest lists the sites"
import json, sys
s = json.load(open(sys.argv[1]))
m = json.load(open(sys.argv[2]))
assert list(s["sites"]) == ["A", "B"], s.get("sites")
assert s["sites"]["A"]["title"] == "Site A (the larger)"
assert s["sites"]["B"]["kpis"]["vw_occupancy"]["mean"] is None
assert s["sites"]["B"]["kpis"]["ga_occupancy"]["n"] == 3
assert s["kpis"]["vw_occupancy"]["n"] == 3
assert [x["name"] for x in m["sites"]] == ["A", "B"]
PY
else
    grep -q '"sites": {' "$tmp/s/summary.json" && ok "summary.json: sites block" || bad "summary.json: sites block"
fi

# --- without sites: the system's rows only --------------------------------------
expect_status "run without sites exits 0" 0 "$bin" run tests/e2e/small.json -r 2 --no-plots -q -o "$tmp/n"
[ "$(cut -d, -f2 "$tmp/n/monthly.csv" | sed 1d | sort -u)" = system ] && ok "without sites: system rows only" || bad "without sites: system rows only"
grep -q '"sites"' "$tmp/n/summary.json" "$tmp/n/manifest.json" && bad "without sites: no sites block" || ok "without sites: no sites block"

# --- check ---------------------------------------------------------------------
expect_status "check with sites exits 0" 0 "$bin" check "$two"
grep -q '^  A: G&A beds  ' "$tmp/out" && grep -q '^  B: ED majors spaces ' "$tmp/out" && grep -q '^  virtual-ward beds ' "$tmp/out" &&
    ok "check: loads by site, then the system's" || bad "check: loads by site" "$(cat "$tmp/out")"

# --- errors name the site's path ---------------------------------------------------
expect_status "a bad site value is exit 2" 2 "$bin" check "$two" --set 'sites[B].beds.ga.capacity=-3'
grep -q '\$\.sites\[1\]\.beds\.ga\.capacity: expected a non-negative integer, got -3' "$tmp/err" && ok "the error names \$.sites[1]..." || bad "the error names the site's path" "$(cat "$tmp/err")"
expect_status "shares that do not sum to 1 are exit 2" 2 "$bin" run "$two" --set 'sites[A].share.ed_walk_in=0.5' -o "$tmp/bad" -q
grep -q '\$\.sites: share\.ed_walk_in sums to 0\.9 over the sites' "$tmp/err" && ok "the shares error names the stream" || bad "the shares error names the stream" "$(cat "$tmp/err")"
[ ! -e "$tmp/bad" ] && ok "a bad scenario writes nothing" || bad "a bad scenario writes nothing"
expect_status "a top-level key no site uses is exit 2" 2 "$bin" check "$two" --set 'beds.ga.capacity=500'
grep -q 'every site sets its own value' "$tmp/err" && ok "... and says why" || bad "... and says why" "$(cat "$tmp/err")"

# --- --set and sweep on a site's key -----------------------------------------------
expect_status "--set on a site by name" 0 "$bin" run "$two" -r 2 --no-plots -q -o "$tmp/set" --set 'sites[B].beds.ga.capacity=120'
grep -q '^2023-12,B,ga_beds_open_mean,120,120,120,0,2$' "$tmp/set/monthly.csv" && ok "--set sites[B].beds.ga.capacity=120 opens 120 beds at B" || bad "--set on a site's beds" "$(grep ',B,ga_beds_open_mean' "$tmp/set/monthly.csv")"
grep -q 'sites\[B\]\.beds\.ga\.capacity=120' "$tmp/set/manifest.json" && ok "the manifest records the set" || bad "the manifest records the set"
expect_status "sweep on a site's beds" 0 "$bin" sweep "$two" --vary 'sites[0].beds.ga.capacity=180:200:20' -r 2 --no-plots -q -o "$tmp/sw"
head -1 "$tmp/sw/sweep_wide.csv" | grep -q '^sites\[0\]\.beds\.ga\.capacity,' && [ "$(sed 1d "$tmp/sw/sweep_wide.csv" | wc -l)" -eq 2 ] &&
    ok "sweep.csv: the site's key, two points" || bad "sweep.csv: the site's key" "$(head -2 "$tmp/sw/sweep_wide.csv" | cut -c1-80)"

# --- each site's charts ---------------------------------------------------------------
if command -v gnuplot >/dev/null 2>&1; then
    expect_status "run --site-plots exits 0" 0 "$bin" run "$two" -r 2 -q --site-plots -o "$tmp/p"
    [ -f "$tmp/p/plots/A/ga_occupancy.png" ] && [ -f "$tmp/p/plots/B/ed_4h_weekly.svg" ] && ok "plots/SITE/ charts" || bad "plots/SITE/ charts"
    [ ! -e "$tmp/p/plots/A/vw_occupancy.gp" ] && ok "no virtual-ward chart for a site" || bad "no virtual-ward chart for a site"
    [ ! -e "$tmp/p/plots/A/pathways.gp" ] && [ -e "$tmp/p/plots/pathways.gp" ] && ok "the pathways chart is the system's, not a site's" || bad "the pathways chart is the system's, not a site's"
    grep -q "Site A (the larger): G&A bed occupancy" "$tmp/p/plots/A/ga_occupancy.gp" && ok "a site's chart is titled with the site" || bad "a site's chart is titled with the site"
    expect_status "run without --site-plots" 0 "$bin" run "$two" -r 2 -q -o "$tmp/p2"
    [ ! -e "$tmp/p2/plots/A" ] && ok "no site charts by default" || bad "no site charts by default"
else
    echo "SKIP site charts: gnuplot is not installed"
fi

e2e_end sites
