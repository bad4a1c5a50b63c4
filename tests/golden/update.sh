#!/bin/sh
# Rewrite the golden outputs in tests/golden/NAME/ from a fresh run of each
# case (what `make golden-update` runs).  Review the change with git diff
# before committing it: every changed number is a changed result.
# Usage: sh tests/golden/update.sh BUILD
set -u
build=${1:-build}
bin="${UECSIM_BIN:-$build/uecsim}"
. tests/golden/lib.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uecsim-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
for name in $golden_cases; do
    golden_run "$name" "$tmp/$name" || { echo "golden: $name: run failed" >&2; exit 1; }
    mkdir -p "tests/golden/$name" || exit 1
    # Files the CLI no longer writes are reported, not deleted.
    for f in "tests/golden/$name"/*; do
        [ -f "$f" ] || continue
        [ -f "$tmp/$name/$(basename "$f")" ] ||
            echo "golden: $f is no longer written; git rm it if that is meant"
    done
    cp "$tmp/$name"/* "tests/golden/$name/" || exit 1
done
echo "golden: tests/golden updated ($golden_cases); review with git diff tests/golden"
