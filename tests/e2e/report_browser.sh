# The board report in a real browser (issue 13): headless Chromium from
# Debian (scripts/deps.sh installs it for `make test`) renders the report
# of a small run and of a comparison, driven over Chromium's DevTools
# protocol by tests/browser/check_report.mjs (Node, no packages): the
# page loads with no console error and fetches nothing, every chart is
# there and visible with its alt text and caption, the headline table has
# the console's rows, headings, table headers and contrast are right, a
# screenshot is not blank, and each chart fits an A4 page in print.
# `--pdf` prints the report through Chromium and pdftoppm renders its
# first page, which must not be blank either.  Screenshots and pages are
# kept in BUILD/report-browser/ for a person to look at.
# Skips, with a SKIP line, when Chromium, Node or pdftoppm is missing.
. tests/e2e/lib.sh

scn=tests/e2e/report-small.json
plan=tests/e2e/report-small-plan.json
shots=$build/report-browser

chromium=${UECSIM_CHROMIUM:-}
if [ -z "$chromium" ]; then
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        chromium=$(command -v "$c" 2>/dev/null) && break
        chromium=""
    done
fi
missing=""
[ -n "$chromium" ] && [ -x "$chromium" ] || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing node"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing pdftoppm (poppler-utils)"
if [ -n "$missing" ]; then
    echo "SKIP report_browser: not installed:$missing (scripts/deps.sh test installs chromium and poppler-utils)"
    e2e_end report_browser
    exit $?
fi
export UECSIM_CHROMIUM="$chromium"
rm -rf "$shots"
mkdir -p "$shots"

# browse NAME REPORT EXPECT_JSON: one PASS/FAIL per check of the page.
browse() {
    browser_checks "$1" node tests/browser/check_report.mjs "$chromium" "$2" "$shots" "$3"
    for f in screen-top screen-chart; do
        [ -f "$shots/$f.png" ] && mv "$shots/$f.png" "$shots/$1-$f.png"
    done
}

# first_page NAME PDF: its first page rendered, and not blank.
first_page() {
    if pdftoppm -r 50 -f 1 -l 1 -png "$2" "$shots/$1-pdf" 2>"$tmp/err"; then
        page=$(ls "$shots/$1-pdf"*.png 2>/dev/null | head -1)
        ink=$(node tests/browser/check_report.mjs --ink "$page" 2>&1)
        if awk -v i="$ink" 'BEGIN {exit !(i > 0.02)}'; then
            ok "$1: the PDF's first page is not blank (ink $ink)"
        else
            bad "$1: the PDF's first page is not blank" "ink $ink"
        fi
    else
        bad "$1: pdftoppm renders the PDF" "$(head -3 "$tmp/err")"
    fi
}

heads() {
    grep '^  ' "$1" | awk -F '  +' 'BEGIN {printf "["} {printf "%s\"%s\"", (NR > 1 ? "," : ""), $2} END {printf "]"}'
}

expect_status "run --report --pdf" 0 "$bin" run "$scn" -r 3 -o "$tmp/r" --pdf
n=$(ls "$tmp/r/plots/"*.svg | wc -l)
browse run "$tmp/r/report.html" \
    "{\"charts\": $n, \"headline\": $(heads "$tmp/out"), \"sections\": [\"question\", \"headline\", \"charts\", \"assumptions\", \"method\"]}"
if head -c 5 "$tmp/r/report.pdf" | grep -q '%PDF-' && pdfinfo "$tmp/r/report.pdf" 2>/dev/null | grep -q 'A4'; then
    ok "run: report.pdf is an A4 PDF"
else
    bad "run: report.pdf is an A4 PDF" "$(pdfinfo "$tmp/r/report.pdf" 2>&1 | head -3)"
fi
first_page run "$tmp/r/report.pdf"
cp "$tmp/r/report.pdf" "$tmp/first.pdf"
expect_status "report --pdf replaces uecsim's own PDF" 0 "$bin" report "$tmp/r" --pdf -q
echo '%PDF-1.4 someone else' >"$tmp/r/report.pdf"
expect_status "report --pdf over a PDF uecsim did not write: exit 2" 2 "$bin" report "$tmp/r" --pdf
grep -q 'someone else' "$tmp/r/report.pdf" && ok "... which is left as it was" || bad "... which is left as it was"

expect_status "compare --report --pdf" 0 "$bin" compare "$scn" "$plan" -r 3 -o "$tmp/c" --pdf
n=$(ls "$tmp/c/plots/"*.svg | wc -l)
browse compare "$tmp/c/report.html" \
    "{\"charts\": $n, \"headline\": $(heads "$tmp/out"), \"sections\": [\"question\", \"headline\", \"differences\", \"charts\", \"assumptions\", \"method\"]}"
first_page compare "$tmp/c/report.pdf"
cp "$tmp/r/report.html" "$tmp/c/report.pdf" "$shots/" 2>/dev/null
echo "     screenshots and PDF pages: $shots/"

e2e_end report_browser
