# Shared helpers for the end-to-end scripts in tests/e2e/.  Source it after
# setting nothing; it sets bin, tmp (removed at exit), pass and fail, and
# defines ok, bad, expect_status and e2e_end.
# Each script ends with e2e_end NAME, which prints "NAME: N passed, N failed"
# (the line tests/run_all.sh counts) and sets the exit status.
set -u
build=${1:-build}
bin="${UECSIM_BIN:-$build/uecsim}"
export LC_ALL=C
# The run date in chart captions and report text: fixed, so that two runs
# of one seed give the same files whatever the day (README).
export SOURCE_DATE_EPOCH=1704067200
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uecsim-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }

# expect_status NAME STATUS cmd...: stdout in $tmp/out, stderr in $tmp/err
expect_status() {
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name" "exit $got, expected $want: $(head -3 "$tmp/err")"; fi
}

# check NAME cmd...: ok when the command succeeds (its output dropped).
check() {
    c_name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$c_name"; else bad "$c_name"; fi
}

# browser_checks LABEL cmd...: run a page checker of tests/browser (it
# prints "PASS name" or "FAIL name: why" a line) and count each line as a
# check named "LABEL: name"; a checker that fails without a FAIL line (a
# crash) is a failure of its own.
browser_checks() {
    label=$1
    shift
    "$@" >"$tmp/browser" 2>&1
    st=$?
    while IFS= read -r line; do
        case $line in
        PASS\ *) ok "$label: ${line#PASS }" ;;
        FAIL\ *) bad "$label: ${line#FAIL }" ;;
        *) echo "     $line" ;;
        esac
    done <"$tmp/browser"
    if [ "$st" -ne 0 ] && ! grep -q '^FAIL ' "$tmp/browser"; then
        bad "$label: the browser checks ran" "exit $st: $(tail -3 "$tmp/browser")"
    fi
}

e2e_end() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
