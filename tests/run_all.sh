#!/bin/sh
# Run every test suite: cmocka unit tests, the statistical validation
# (cmocka), a short fuzz run, and the end-to-end CLI checks.  Prints each suite's output and,
# last, one line "tests: N passed, N failed" summing the individual tests.
# Usage: sh tests/run_all.sh BUILD_DIR
set -u
build=${1:-build}
log=$(mktemp "${TMPDIR:-/tmp}/uecsim-tests.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM
failed_suites=""
passed=0
failed=0

count() {
    # cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), ...";
    # the e2e script prints "e2e: N passed, N failed".
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^[a-z0-9_-]*: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^[a-z0-9_-]*: [0-9]* passed, \([0-9]*\) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p))
    failed=$((failed + f))
}

run_suite() {
    name=$1
    shift
    echo "== $name"
    "$@" >"$log" 2>&1
    st=$?
    cat "$log"
    count
    if [ "$st" -ne 0 ]; then
        failed_suites="$failed_suites $name"
        # A crash prints no cmocka summary; count it as a failure.
        grep -q '^\[  FAILED  \]\|failed$' "$log" || failed=$((failed + 1))
    fi
}

for t in "$build"/tests/unit/test_*; do
    [ -x "$t" ] || continue
    run_suite "unit/$(basename "$t")" "$t"
done
run_suite "stat/validation" "$build/tests/stat/test_validation"
run_suite "stat/calibration" "$build/tests/stat/test_calibration"
run_suite "stat/compare" "$build/tests/stat/test_compare"
run_suite "e2e" sh tests/e2e/run.sh "$build"
# Fuzzing: FUZZ_TEST_SECONDS per harness (default 25), and the regressions.
run_suite "fuzz" sh tests/fuzz/run.sh "$build" "${FUZZ_TEST_SECONDS:-25}"
for t in tests/e2e/*.sh; do
    case $(basename "$t") in run.sh|lib.sh) continue ;; esac
    run_suite "e2e/$(basename "$t" .sh)" sh "$t" "$build"
done

echo
if [ -n "$failed_suites" ]; then
    echo "failing suites:$failed_suites"
fi
echo "tests: $passed passed, $failed failed"
[ -z "$failed_suites" ]
