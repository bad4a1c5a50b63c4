# Golden outputs: a refactor that changes a number fails here at once.
# Each case of tests/golden/lib.sh runs through the real CLI and every CSV
# and JSON file must match tests/golden/NAME/ byte for byte (the
# manifest's thread count, command line and library versions normalised).
# A change that is meant: `make golden-update`, then review git diff.
. tests/e2e/lib.sh
. tests/golden/lib.sh

for name in $golden_cases; do
    if ! golden_run "$name" "$tmp/$name" 2>"$tmp/err"; then
        bad "golden $name: the run failed" "$(head -5 "$tmp/err")"
        continue
    fi
    if d=$(diff -r "tests/golden/$name" "$tmp/$name" 2>&1); then
        ok "golden $name: outputs as committed"
    else
        bad "golden $name: outputs differ from tests/golden/$name (make golden-update if meant)" \
            "$(printf '%s\n' "$d" | cut -c1-200 | head -20)"
    fi
done

e2e_end golden
