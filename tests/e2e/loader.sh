#!/bin/sh
# End-to-end checks of the scenario loader through the real CLI: the key
# listing and the docs generated from it, and the limits of issue 8 (each
# check below failed on main before the loader enforced it).
# Usage: sh tests/e2e/loader.sh BUILD_DIR
. tests/e2e/lib.sh

# --- uecsim keys ---------------------------------------------------------------
expect_status "keys exits 0" 0 "$bin" keys
cp "$tmp/out" "$tmp/keys.txt"
grep -q '^discharge\.pathways\.p3\.schedule ' "$tmp/keys.txt" && ok "keys lists a family member's key" || bad "keys lists a family member's key"
grep -q '^arrivals\.ed_walk_in\.majors_share ' "$tmp/keys.txt" && ! grep -q '^arrivals\.ed_ambulance\.majors_share ' "$tmp/keys.txt" && ok "keys lists walk-in-only keys once" || bad "keys lists walk-in-only keys once"
expect_status "keys --json exits 0" 0 "$bin" keys --json
grep -q '"schedule":[[:space:]]*"virtual_wards.schedule"' "$tmp/out" && ok "keys --json names the schedule of a capacity" || bad "keys --json names the schedule of a capacity"
expect_status "keys with a bad option is a usage error" 2 "$bin" keys --frob
# Every key listed is one the loader knows: setting it is never "unknown".
unknown=""
for k in $(awk 'NR > 1 && /^[a-z0-9]/ && $1 !~ /\[\]/ { print $1 }' "$tmp/keys.txt"); do
    [ "$k" = extends ] && continue
    "$bin" check tests/e2e/small.json --set "$k=null" >/dev/null 2>"$tmp/err"
    grep -q 'unknown key' "$tmp/err" && unknown="$unknown $k"
done
[ -z "$unknown" ] && ok "every key keys lists is known to the loader" || bad "every key keys lists is known to the loader" "$unknown"
if sh scripts/scenario-docs.sh "$bin" docs/scenario.md >"$tmp/scenario.md" && cmp -s docs/scenario.md "$tmp/scenario.md"; then
    ok "docs/scenario.md key tables are the generated ones (make docs)"
else
    bad "docs/scenario.md key tables are the generated ones (make docs)" "$(diff docs/scenario.md "$tmp/scenario.md" | head -5)"
fi

e2e_end loader
