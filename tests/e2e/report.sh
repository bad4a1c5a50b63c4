# The board report through the real CLI (issue 13): run --report and
# compare --report write report.html into the result; `report DIR`
# rewrites it from the folder's files, byte for byte; what it says
# matches the console and the files; it refuses what is not a uecsim
# result or a report uecsim wrote, and touches nothing else.  What a
# browser shows is checked in report_browser.sh.
. tests/e2e/lib.sh

scn=tests/e2e/report-small.json
plan=tests/e2e/report-small-plan.json


# The text of report.html with its tags dropped and entities read.
text_of() {
    sed -e 's/<[^>]*>/ /g' -e 's/&amp;/\&/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' \
        -e "s/&#39;/'/g" -e 's/&quot;/"/g' "$1" | tr -s ' \n' '  '
}

# --- run --report -----------------------------------------------------------

expect_status "run --report" 0 "$bin" run "$scn" -r 3 -o "$tmp/r" --report
cp "$tmp/out" "$tmp/run.out"
r=$tmp/r/report.html
check "run --report writes report.html and says so" \
    sh -c "test -s '$r' && grep -q '^board report in $tmp/r/report.html\$' '$tmp/run.out'"
check "the page is HTML with uecsim's generator tag" \
    sh -c "head -1 '$r' | grep -q '^<!DOCTYPE html>' && grep -q '<meta name=\"generator\" content=\"uecsim ' '$r'"
check "no script, and a policy that forbids scripts and fetches" \
    sh -c "! grep -qi '<script' '$r' && grep -q \"Content-Security-Policy\\\" content=\\\"default-src 'none'; style-src 'unsafe-inline'\\\"\" '$r'"
check "nothing linked from elsewhere" \
    sh -c "! grep -Eqi '(src|href)=\"(https?:|//|file:)' '$r' && ! grep -qi '<link' '$r' && ! grep -qi '@import' '$r'"
n_svg=$(ls "$tmp/r/plots/"*.svg | wc -l)
check "every chart of plots/ is inline, in a figure with a caption ($n_svg)" \
    sh -c "[ \$(grep -c '<svg ' '$r') -eq $n_svg ] && [ \$(grep -c '<figure ' '$r') -eq $n_svg ] && [ \$(grep -c '<figcaption><strong>Figure ' '$r') -eq $n_svg ]"
check "every chart has role img and a title for screen readers" \
    sh -c "[ \$(grep -c '<svg role=\"img\" aria-labelledby=\"fig[0-9]*-title\"' '$r') -eq $n_svg ] && [ \$(grep -c '<title id=\"fig[0-9]*-title\">[A-Z][^<]\\{30,\\}</title>' '$r') -eq $n_svg ]"
check "gnuplot's ids are made unique per chart" \
    sh -c "! grep -q \"id='gpPt0'\" '$r' && [ \$(grep -o \"id='fig[0-9]*-gpPt0'\" '$r' | sort -u | wc -l) -eq $n_svg ]"
for s in question headline quality charts assumptions method; do
    check "section $s" grep -q "id=\"$s\"" "$r"
done
check "headings run h1, h2, h3 in order" \
    sh -c "grep -o '<h[1-6]' '$r' | tr -d '<h' | awk 'NR==1 && \$1!=1 {exit 1} NR>1 && \$1>p+1 {exit 1} {p=\$1}'"
check "every header cell has a scope" \
    sh -c "! grep -o '<th[ >][^>]*' '$r' | grep -v 'scope=\"\\(col\\|row\\)\"' | grep -q ."

# The headline table: the console's rows, with the console's figures.
grep '^  ' "$tmp/run.out" | sed 's/^  //' >"$tmp/heads"
rows=$(sed -n '/id="headline-table"/,/<\/table>/p' "$r" | grep -c '<th scope="row">')
check "the headline table has one row per headline KPI ($(wc -l <"$tmp/heads"))" \
    test "$rows" -eq "$(wc -l <"$tmp/heads")"
sed -n '/id="headline-table"/,/<\/table>/p' "$r" | text_of /dev/stdin >"$tmp/headtext"
miss=""
# Console lines are "LABEL  VALUE (LO to HI)", two spaces or more apart.
awk -F '  +' '{print $1 " " $2}' "$tmp/heads" >"$tmp/want"
while IFS= read -r want; do
    grep -qF -e "$want" "$tmp/headtext" || miss="$miss|$want"
done <"$tmp/want"
check "each headline row shows the console's figure and interval${miss:+ (missing$miss)}" test -z "$miss"
check "the headline opens with a one-paragraph answer" \
    sh -c "grep -q '<p class=\"lede\" id=\"in-short\"><strong>In short:</strong> over winter, .* (82.1 %) meets its standard or plan.</p>' '$r'"
check "the headline names the period" grep -q 'Headline figures: winter, 1 Dec 2023 to 31 Jan 2024</h2>' "$r"
check "the plan's target and the national standard stand beside the figure, met or not" \
    sh -c "text_of() { sed -e 's/<[^>]*>/ /g' -e 's/&amp;/\\&/g' \"\$1\"; }; text_of '$r' | tr -s ' \n' '  ' | grep -q 'G&A bed occupancy 8[0-9.]* % ([0-9.]* to 8[0-9.]*) .* at most 92 % (national target): met \?; at most 90 % (test plan 90%): met'"
check "the question is the scenario's description, escaped" \
    grep -qF 'what it should &amp; &lt;escape&gt; what it must?' "$r"
check "the method names replications, warm-up, seed, version and overrides" \
    sh -c "text_of() { sed 's/<[^>]*>/ /g' \"\$1\"; }; text_of '$r' | tr -s ' \n' '  ' | grep -q 'Replications 3, each' && grep -q 'warm-up of 30 days' '$r' && grep -q '<dt>Seed</dt><dd>2385 ' '$r' && grep -q 'uecsim 0.1.0, GSL' '$r' && grep -q 'None: the scenario files as they are' '$r'"
check "the report date is SOURCE_DATE_EPOCH's day" grep -q '<dt>Report written</dt><dd>2024-01-01</dd>' "$r"

# Assumptions and sources: every note of sources.csv, grouped.
check "sources.csv lists the scenario's notes with their files" \
    sh -c "grep -q '^e2e-report,beds.ga.capacity,300,source,test source T1: 300 G&A beds,tests/e2e/report-small.json\$' '$tmp/r/sources.csv' && [ \$(wc -l <'$tmp/r/sources.csv') -eq 6 ]"
check "the report lists every note under its section" \
    sh -c "sed -n '/id=\"assumptions\"/,/<\\/section>/p' '$r' >'$tmp/notes' && for t in T1 T2 T3 T4; do grep -q \"test [a-z]* \$t:\" '$tmp/notes' || exit 1; done && grep -q '<h3>G&amp;A beds</h3>' '$tmp/notes' && grep -q '<h3>Virtual wards</h3>' '$tmp/notes' && grep -q '<h3>Plan targets</h3>' '$tmp/notes'"

# The data-quality box states its rule and lists what it must.
check "the data-quality box states its rule" \
    grep -q '<strong>Rule:</strong> a figure is listed when half its 95 % interval is wider than' "$r"

# --- report DIR: the same page from the folder's files -----------------------

cp "$r" "$tmp/first.html"
expect_status "report DIR" 0 "$bin" report "$tmp/r"
check "report DIR rewrites the same page, byte for byte" cmp "$tmp/first.html" "$r"
check "report DIR says where" grep -q "^board report in $tmp/r/report.html\$" "$tmp/out"
expect_status "report DIR/ (trailing slash) -q" 0 "$bin" report "$tmp/r/" -q
check "-q prints nothing" test ! -s "$tmp/out"
check "nothing else in the folder changed, nothing left aside" \
    sh -c "ls -A '$tmp/r' | tr '\n' ' ' | grep -qx 'daily.csv kpis.csv manifest.json monthly.csv plots report.html sources.csv summary.json '"

# A folder of an earlier uecsim (no sources.csv) still gets its report.
cp -r "$tmp/r" "$tmp/old"
rm "$tmp/old/sources.csv"
expect_status "report of a folder without sources.csv" 0 "$bin" report "$tmp/old"
check "... which says where the sources went" grep -q 'has no sources.csv' "$tmp/old/report.html"

# Overrides are named, and the notes they touch are marked.
expect_status "run --shift --report" 0 "$bin" run "$scn" -r 2 -o "$tmp/s" --shift beds.ga.capacity=+10 --set seed=3 --report -q
check "the method lists the overrides" \
    sh -c "grep -q '<code>--set seed=3</code><br><code>--shift beds.ga.capacity=+10</code>' '$tmp/s/report.html'"
check "a shifted capacity and its schedule are marked changed" \
    sh -c "[ \$(grep -c 'changed for this run: --shift beds.ga.capacity=+10' '$tmp/s/report.html') -eq 2 ]"
check "two replications: the box lists the wide intervals with the replications needed" \
    sh -c "sed -n '/id=\"quality\"/,/<\\/aside>/p' '$tmp/s/report.html' | grep -q '<table id=\"quality-table\">'"

# One replication: no interval, said so.
expect_status "run -r 1 --report" 0 "$bin" run "$scn" -r 1 -o "$tmp/one" --report -q
check "one replication: every figure is listed as having no interval" \
    sh -c "grep -q 'interval undefined: 1 replication' '$tmp/one/report.html' && grep -q '<td class=\"num\">no interval</td>' '$tmp/one/report.html'"

# No charts: said so.
expect_status "run --no-plots --report" 0 "$bin" run "$scn" -r 2 -o "$tmp/np" --no-plots --report -q
check "without charts the report says why" \
    sh -c "grep -q 'No charts: this result was made without them (--no-plots)' '$tmp/np/report.html' && ! grep -q '<svg' '$tmp/np/report.html'"

# --- compare --report ----------------------------------------------------------

expect_status "compare --report" 0 "$bin" compare "$scn" "$plan" -r 3 -o "$tmp/c" --report
c=$tmp/c/report.html
n_svg=$(ls "$tmp/c/plots/"*.svg | wc -l)
check "the comparison's report has every chart ($n_svg), differences first" \
    sh -c "[ \$(grep -c '<svg ' '$c') -eq $n_svg ] && grep -o 'Figure 1\\.</strong> [^<]*' '$c' | grep -q 'month by month'"
check "the comparison has the differences that matter" \
    sh -c "grep -q 'id=\"differences\"' '$c' && grep -q '<h2>Differences that matter</h2>' '$c'"
check "its headline table pairs base, plan, difference and verdict" \
    sh -c "sed -n '/id=\"headline-table\"/,/<\\/table>/p' '$c' | grep -q '<th scope=\"col\">Difference (95 % interval)</th><th scope=\"col\">Matters?</th>'"
grep '^  ' "$tmp/out" | sed 's/^  //' >"$tmp/cheads"
sed -n '/id="headline-table"/,/<\/table>/p' "$c" | text_of /dev/stdin >"$tmp/cheadtext"
miss=""
# "LABEL  DIFF (LO to HI)  matters: VERDICT": the table reads
# "LABEL BASE PLAN DIFF (LO to HI) VERDICT".
awk -F '  +' '{sub(/^matters: /, "", $3); print $1 "\t" $2 " " $3}' "$tmp/cheads" >"$tmp/cwant"
while IFS='	' read -r label want; do
    grep -F -e "$label " "$tmp/cheadtext" >/dev/null &&
        grep -qF -e "$want" "$tmp/cheadtext" || miss="$miss|$label: $want"
done <"$tmp/cwant"
check "each difference and verdict matches the console${miss:+ (missing$miss)}" test -z "$miss"
check "the plan's changed inputs are listed apart, and the note it drops" \
    sh -c "sed -n '/id=\"assumptions\"/,/<\\/section>/p' '$c' >'$tmp/cnotes' && grep -q 'test source T5: 20 more beds' '$tmp/cnotes' && grep -q 'do not hold here.*<code>beds.ga.schedule\\[0\\]</code>' '$tmp/cnotes'"
cp "$c" "$tmp/cfirst.html"
expect_status "report of the comparison" 0 "$bin" report "$tmp/c"
check "report DIR rewrites the comparison's page, byte for byte" cmp "$tmp/cfirst.html" "$c"

# --- what report refuses ---------------------------------------------------------

expect_status "report of a missing folder: exit 2" 2 "$bin" report "$tmp/nothing"
check "... naming it" grep -q "$tmp/nothing" "$tmp/err"
mkdir "$tmp/plain"
echo keep >"$tmp/plain/notes.txt"
expect_status "report of a folder uecsim did not write: exit 2" 2 "$bin" report "$tmp/plain"
check "... nothing written there" sh -c "[ \"\$(ls -A '$tmp/plain')\" = notes.txt ]"
ln -s "$tmp/r" "$tmp/link"
expect_status "report through a symbolic link: exit 2" 2 "$bin" report "$tmp/link"
check "... saying so" grep -q 'symbolic link' "$tmp/err"
"$bin" sweep "$scn" -r 2 --vary beds.ga.capacity=290:300:10 -o "$tmp/sw" --no-plots -q 2>/dev/null
expect_status "report of a sweep: exit 2" 2 "$bin" report "$tmp/sw"
check "... saying which results it covers" grep -q 'the board report covers those two' "$tmp/err"
check "... and writing nothing" test ! -e "$tmp/sw/report.html"

# A report.html that uecsim did not write is never replaced.
cp -r "$tmp/r" "$tmp/mine"
echo '<html>my own notes</html>' >"$tmp/mine/report.html"
expect_status "report over someone's report.html: exit 2" 2 "$bin" report "$tmp/mine"
check "... which is left as it was" grep -q 'my own notes' "$tmp/mine/report.html"
check "... and the message says why" grep -q 'is not a report uecsim wrote' "$tmp/err"

# A report killed before its rename leaves a file aside; the next report
# removes it when its process is gone, and keeps a live one's.
sh -c 'exit 0' &
dead=$!
wait "$dead"
: >"$tmp/r/.uecsim-tmp.$dead.0.report.html"
: >"$tmp/r/.uecsim-tmp.$$.0.report.html"
expect_status "report with files left aside" 0 "$bin" report "$tmp/r" -q
check "a dead report's file aside is removed, a live one's kept" \
    sh -c "[ ! -e '$tmp/r/.uecsim-tmp.$dead.0.report.html' ] && [ -e '$tmp/r/.uecsim-tmp.$$.0.report.html' ]"
rm -f "$tmp/r/.uecsim-tmp.$$.0.report.html"

# --pdf needs Chromium, checked before any work.
UECSIM_CHROMIUM=$tmp/no-such-browser expect_status "--pdf without Chromium: exit 2" 2 \
    "$bin" run "$scn" -r 2 -o "$tmp/nopdf" --pdf
check "... naming what is missing, before anything is written" \
    sh -c "grep -q 'pdf: UECSIM_CHROMIUM=.*is not an executable file' '$tmp/err' && [ ! -e '$tmp/nopdf' ]"
UECSIM_CHROMIUM=$tmp/no-such-browser expect_status "report --pdf without Chromium: exit 2" 2 \
    "$bin" report "$tmp/r" --pdf
expect_status "--report is not a sweep option" 2 "$bin" sweep "$scn" --vary beds.ga.capacity=290:300:10 --report
expect_status "report --help" 0 "$bin" report --help
check "... says what the page holds" grep -q 'self-contained page for a board' "$tmp/out"

e2e_end report
