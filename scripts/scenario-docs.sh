#!/bin/sh
# Splice the key tables of `uecsim keys --markdown` into a copy of
# docs/scenario.md: each block from <!-- keys:NAME --> to
# <!-- /keys:NAME --> is replaced by the generated one, everything else is
# kept.  Fails when the document and the generated tables do not have the
# same blocks.  `make docs` rewrites the document; tests/e2e/loader.sh
# fails when the committed one differs.
# Usage: sh scripts/scenario-docs.sh UECSIM DOC > NEW_DOC
set -eu
bin=$1
doc=$2
gen=$(mktemp "${TMPDIR:-/tmp}/uecsim-keys.XXXXXX")
trap 'rm -f "$gen"' EXIT INT TERM
"$bin" keys --markdown >"$gen"
awk -v gen="$gen" -v doc="$doc" '
function name_of(line) { return substr(line, 11, length(line) - 14) }
BEGIN {
    while ((getline line < gen) > 0) {
        if (line ~ /^<!-- keys:[a-z_]+ -->$/) {
            name = name_of(line)
            order[++n] = name
        }
        block[name] = block[name] line "\n"
    }
}
/^<!-- keys:[a-z_]+ -->$/ {
    name = name_of($0)
    if (!(name in block)) {
        print "scenario-docs: " doc " has a table uecsim does not: " name > "/dev/stderr"
        bad = 1
    }
    printf "%s", block[name]
    seen[name] = 1
    skip = 1
    next
}
skip && /^<!-- \/keys:[a-z_]+ -->$/ { skip = 0; next }
skip { next }
{ print }
END {
    for (i = 1; i <= n; i++)
        if (!(order[i] in seen)) {
            print "scenario-docs: " doc " lacks the table " order[i] > "/dev/stderr"
            bad = 1
        }
    exit bad
}' "$doc"
