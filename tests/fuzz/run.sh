#!/bin/sh
# Fuzz tests (libFuzzer, ASan, UBSan): replay every regression input in
# tests/fuzz/regress/HARNESS/ through its harness, then fuzz each harness
# from the seed corpus tests/fuzz/corpus/.  Inputs listed in
# tests/fuzz/known-open.txt are not replayed, and a failure the fuzzer finds
# whose report matches a known-open signature is reported, not counted.
# A new failure is saved in BUILD/fuzz/found/HARNESS/ with the command that
# makes it a regression file.
#
# Usage: sh tests/fuzz/run.sh BUILD_DIR SECONDS_PER_HARNESS [keep]
#   (FUZZ_HARNESSES="run" for one harness only)
#   make test: a throwaway corpus and a fixed seed, a short time;
#   keep (make fuzz): the grown corpus is kept in BUILD/fuzz/corpus-HARNESS
#   for the next run, and the seed is random.
# Ends with "fuzz: N passed, N failed".
set -u
build=${1:-build}
secs=${2:-25}
mode=${3:-test}
harnesses=${FUZZ_HARNESSES:-scenario run}
known=tests/fuzz/known-open.txt
pass=0
fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/uecsim-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export UECSIM_ROOT="$PWD"

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }

# "FILE | SIGNATURE" lines of known-open.txt, comments and blanks dropped.
known_lines() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$known" 2>/dev/null; }
is_known_file() { known_lines | cut -d'|' -f1 | sed 's/[[:space:]]*$//' | grep -qx "$1"; }
# The known-open entry whose signature is in report $1, or nothing.
known_match() {
    known_lines | while IFS='|' read -r f sig; do
        sig=$(echo "$sig" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
        [ -n "$sig" ] && grep -qF -- "$sig" "$1" && { echo "$f"; break; }
    done
}

# The dictionary: every key of the scenarios, JSON tokens, edge numbers.
dict="$work/scenario.dict"
{
    cat scenarios/*.json tests/e2e/*.json | grep -o '"[a-z0-9_]*":' | sort -u | sed 's/"/\\"/g; s/.*/"&"/'
    for t in '{' '}' '[' ']' ',' ':' 'true' 'false' 'null' '"extends"' '"kind"' \
        '0' '-1' '1e-300' '1e300' '1e999' '-0' '0.5' '2147483648' '1e15'; do
        printf '"%s"\n' "$(printf '%s' "$t" | sed 's/"/\\"/g')"
    done
    echo '"\x0a#set "'
} >"$dict"

echo "fuzz: $secs s per harness ($mode)"
if known_lines | grep -q .; then
    echo "known open (not replayed; a fuzz failure matching one is not counted):"
    known_lines | sed 's/^/    /'
fi

# --- regressions ----------------------------------------------------------
for h in $harnesses; do
    bin="$build/fuzz/fuzz_$h"
    for f in tests/fuzz/regress/$h/*; do
        [ -f "$f" ] || continue
        name="$h/$(basename "$f")"
        if is_known_file "$name"; then
            echo "SKIP regress/$name (known open)"
            continue
        fi
        if "$bin" -timeout=20 -rss_limit_mb=2048 "$f" </dev/null >"$work/log" 2>&1; then
            ok "regress/$name"
        else
            bad "regress/$name" "$(grep -m 3 'ERROR\|runtime error\|Assertion\|ALARM' "$work/log")"
        fi
    done
done

# --- fuzzing -------------------------------------------------------------------
if [ "$mode" = keep ]; then seed=0; else seed=1; fi
for h in $harnesses; do
    bin="$build/fuzz/fuzz_$h"
    corpus="$work/corpus-$h"
    [ "$mode" = keep ] && corpus="$build/fuzz/corpus-$h"
    arts="$work/artifacts-$h"
    mkdir -p "$corpus" "$arts"
    # One worker process, which carries on past failures and keeps each.
    "$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -seed="$seed" \
        -dict="$dict" -close_fd_mask=1 -artifact_prefix="$arts/" \
        "$corpus" tests/fuzz/corpus </dev/null >"$work/fuzz-$h.log" 2>&1
    st=$?
    execs=$(grep -o '^#[0-9]*' "$work/fuzz-$h.log" | tail -1 | tr -d '#')
    if [ "$st" -ne 0 ]; then
        bad "fuzz_$h ran" "exit $st: $(tail -3 "$work/fuzz-$h.log")"
        continue
    fi
    new=0
    for a in "$arts"/*; do
        [ -f "$a" ] || continue
        # Replay it for its report (a hang is known by its kind alone).
        case $(basename "$a") in
        timeout-*) echo "ERROR: libFuzzer: timeout (hang)" >"$work/report" ;;
        *) "$bin" -timeout=10 -rss_limit_mb=2048 "$a" </dev/null >"$work/report" 2>&1 ;;
        esac
        k=$(known_match "$work/report")
        if [ -n "$k" ]; then
            echo "known open: fuzz_$h found $(basename "$a"), like $k"
            continue
        fi
        new=$((new + 1))
        mkdir -p "$build/fuzz/found/$h"
        cp "$a" "$build/fuzz/found/$h/"
        bad "fuzz_$h: new failure $(basename "$a")" "$(grep -m 3 'ERROR\|runtime error\|Assertion\|ALARM' "$work/report")
saved as $build/fuzz/found/$h/$(basename "$a"); make it a regression with
cp $build/fuzz/found/$h/$(basename "$a") tests/fuzz/regress/$h/NAME"
    done
    [ "$new" -eq 0 ] && ok "fuzz_$h: ${execs:-0} inputs in $secs s, no new failure"
done

echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
