#!/bin/sh
# What -o may replace, path problems refused before the run, the atomic
# swap, output integrity (full disk, broken plots), signals during output
# and leftovers of killed runs (issue 8: defects 1, 3, 4, 8).
# Usage: sh tests/e2e/safety.sh BUILD_DIR  (UECSIM_BIN=... to test another binary)
. tests/e2e/lib.sh

small=tests/e2e/small.json
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
# A previous result to replace, and a pristine copy to compare with.
prev() {
    rm -rf "$1" "$1.copy"
    "$bin" run "$small" -r 1 -q --no-plots -o "$1" >/dev/null 2>&1 && cp -r "$1" "$1.copy"
}
same_as_copy() { diff -r "$1" "$1.copy" >/dev/null 2>&1; }
# Temporary or aside folders left beside a path.
leftovers() { ls -a "$(dirname "$1")" | grep -F "$(basename "$1")." | grep -v '\.copy$'; }

# Fake gnuplots: each runs the real one, changed as named.
real_gp=$(command -v gnuplot)
fake() {
    mkdir -p "$tmp/$1"
    { echo '#!/bin/sh'; echo "real=$real_gp"; cat; } >"$tmp/$1/gnuplot"
    chmod +x "$tmp/$1/gnuplot"
}
fake truncpng <<'EOF'
"$real" "$@" || exit
name=$(basename "$1" .gp)
head -c 2000 "$name.png" >"$name.tmp" && mv "$name.tmp" "$name.png"
EOF
fake emptysvg <<'EOF'
"$real" "$@" || exit
: >"$(basename "$1" .gp).svg"
EOF
fake fsize <<'EOF'
# Files past 20 KB cannot grow, as on a full disk; gnuplot still exits 0.
trap '' XFSZ
ulimit -f 40
exec "$real" "$@"
EOF
# Waits for $tmp/go, having said it started: a signal can then be sent
# while uecsim is writing its output.
fake slow <<EOF
echo \$\$ >"$tmp/started"
i=0
while [ ! -e "$tmp/go" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
exec "\$real" "\$@"
EOF
wait_started() {
    i=0
    while [ ! -s "$tmp/started" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
}

# --- -o never replaces what is not a previous result ------------------------
echo data >"$tmp/afile.txt"
# -r 100000 of the winter scenario takes hours: refusing it at once shows
# that the check comes before the simulation (the timeout only guards).
expect_status "-o onto a file: exit 2" 2 timeout 120 "$bin" run scenarios/winter-2023-24.json -r 100000 -q --no-plots -o "$tmp/afile.txt"
[ "$(cat "$tmp/afile.txt")" = data ] && ok "-o onto a file: the file is kept" || bad "-o onto a file: the file is kept"
grep -q "$tmp/afile.txt: exists and is not a folder" "$tmp/err" && ok "-o onto a file: the message names it" || bad "-o onto a file: the message names it" "$(cat "$tmp/err")"

mkdir -p "$tmp/victim/sub"
echo thesis >"$tmp/victim/thesis.tex"
expect_status "-o onto a foreign folder: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/victim"
[ "$(cat "$tmp/victim/thesis.tex" 2>/dev/null)" = thesis ] && [ -d "$tmp/victim/sub" ] && ok "-o onto a foreign folder: its files are kept" || bad "-o onto a foreign folder: its files are kept"
grep -q "$tmp/victim: exists and is not a uecsim results folder" "$tmp/err" && ok "-o onto a foreign folder: the message names it" || bad "-o onto a foreign folder: the message names it" "$(cat "$tmp/err")"
# A manifest.json that is not uecsim's does not make a folder a result.
echo '{"name": "my thesis"}' >"$tmp/victim/manifest.json"
expect_status "-o onto a folder with a foreign manifest.json: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/victim"
[ -e "$tmp/victim/thesis.tex" ] && ok "a foreign manifest.json: the folder is kept" || bad "a foreign manifest.json: the folder is kept"
mkdir "$tmp/emptydir"
expect_status "-o onto an empty folder that uecsim did not write: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/emptydir"
ln -s victim "$tmp/link"
expect_status "-o onto a symbolic link: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/link"
[ -L "$tmp/link" ] && [ -e "$tmp/victim/thesis.tex" ] && ok "-o onto a symbolic link: link and target kept" || bad "-o onto a symbolic link: link and target kept"
# compare and sweep share the check, also before any simulation.
expect_status "compare -o onto a file: exit 2" 2 "$bin" compare "$small" tests/e2e/small-more-beds.json -r 1 -q --no-plots -o "$tmp/afile.txt"
expect_status "sweep -o onto a foreign folder: exit 2" 2 "$bin" sweep "$small" --vary beds.ga.capacity=240:300:30 -r 1 --no-plots -o "$tmp/victim"
grep -q '(1 of' "$tmp/err" && bad "sweep: refused before the first point" "$(cat "$tmp/err")" || ok "sweep: refused before the first point"
[ "$(cat "$tmp/afile.txt")" = data ] && [ -e "$tmp/victim/thesis.tex" ] && ok "compare and sweep kept the file and the folder" || bad "compare and sweep kept the file and the folder"
expect_status "size -o onto a file: exit 2" 2 "$bin" size "$small" --vary beds.ga.capacity=240:330 --target 'ga_occupancy<=0.85' -r 1 -q --no-plots -o "$tmp/afile.txt"

# --- a previous result is replaced whole, and stays a real folder ------------
prev "$tmp/r"
echo stale >"$tmp/r/stale"
expect_status "-o onto a previous result: exit 0" 0 "$bin" run "$small" -r 1 -s 7 -q --no-plots -o "$tmp/r"
[ -d "$tmp/r" ] && [ ! -L "$tmp/r" ] && ok "the result is a real folder, not a link" || bad "the result is a real folder, not a link"
[ ! -e "$tmp/r/stale" ] && grep -q '"seed": 7' "$tmp/r/manifest.json" && ok "the previous result is replaced whole" || bad "the previous result is replaced whole"
[ -z "$(leftovers "$tmp/r")" ] && ok "nothing left beside the result" || bad "nothing left beside the result" "$(leftovers "$tmp/r")"
[ ! -e "$tmp/r/.uecsim-incomplete" ] && ok "no marker file in the result" || bad "no marker file in the result"

# --- path problems: normalised or refused before the run -------------------
expect_status "-o newdir/: exit 0" 0 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/newdir/"
[ -s "$tmp/newdir/summary.json" ] && ok "-o newdir/ writes newdir" || bad "-o newdir/ writes newdir"
expect_status "-o newdir// onto its own result: exit 0" 0 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/newdir//"
expect_status "-o '': exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o ""
grep -q 'empty name' "$tmp/err" && ok "-o '': the message says so" || bad "-o '': the message says so" "$(cat "$tmp/err")"
mkdir "$tmp/cwd"
echo keep >"$tmp/cwd/keep"
for p in . .. ./ sub/.. /; do
    (cd "$tmp/cwd" && "$bin" run "../../$small" -r 1 -q --no-plots -o "$p") >/dev/null 2>"$tmp/err"
    st=$?
    if [ "$st" -eq 2 ] && [ "$(ls -A "$tmp/cwd")" = keep ]; then ok "-o $p: exit 2, nothing touched"; else bad "-o $p: exit 2, nothing touched" "exit $st: $(cat "$tmp/err")"; fi
done
expect_status "-o under a file: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/afile.txt/sub/out"
grep -q "afile.txt is not a folder" "$tmp/err" && ok "-o under a file: the message names the file" || bad "-o under a file: the message names the file" "$(cat "$tmp/err")"
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
    expect_status "-o in an unwritable folder: exit 2" 2 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/ro/x"
    chmod 755 "$tmp/ro"
fi
expect_status "-o with missing parents: exit 0" 0 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/p1/p2/out"
[ -s "$tmp/p1/p2/out/manifest.json" ] && ok "missing parents are created" || bad "missing parents are created"
# A failed run removes the parents it created (and only those).
mkdir -p "$tmp/nogp"
PATH="$tmp/nogp" "$bin" run "$small" -r 1 -q -o "$tmp/q1/q2/out" >/dev/null 2>&1
st=$?
[ "$st" -eq 1 ] && [ ! -e "$tmp/q1" ] && ok "a failed run removes the parents it created" || bad "a failed run removes the parents it created" "exit $st; $(ls -R "$tmp/q1" 2>&1 | head -3)"

# --- broken plots: exit 1 naming the file, the previous result untouched -----
for f in truncpng:'ga_occupancy.png: gnuplot wrote a truncated PNG' emptysvg:'ga_occupancy.svg: gnuplot wrote an empty file' fsize:'ga_occupancy.png: gnuplot wrote a truncated PNG'; do
    gp=${f%%:*} want=${f#*:}
    prev "$tmp/g"
    PATH="$tmp/$gp:$PATH" "$bin" run "$small" -r 1 -q -o "$tmp/g" >/dev/null 2>"$tmp/err"
    st=$?
    [ "$st" -eq 1 ] && ok "gnuplot $gp: exit 1" || bad "gnuplot $gp: exit 1" "exit $st"
    grep -qF "$want" "$tmp/err" && ok "gnuplot $gp: the file and the reason are named" || bad "gnuplot $gp: the file and the reason are named" "$(cat "$tmp/err")"
    same_as_copy "$tmp/g" && [ -z "$(leftovers "$tmp/g")" ] && ok "gnuplot $gp: previous result untouched, nothing left" || bad "gnuplot $gp: previous result untouched, nothing left"
done

# --- a full disk (a small tmpfs, in a private mount namespace) -------------
# "gnuplot": the fake gnuplot fills the disk before drawing, so gnuplot
# writes broken files (and exits 0).  "files": the disk is filled before
# the run but for the room the new CSV files need (and 8 KB), so a write
# of the chart files (.dat, .gp) fails.
fake fill <<'EOF'
cat /dev/zero >"$FS/filler" 2>/dev/null
exec "$real" "$@"
EOF
cat >"$tmp/fullfs.sh" <<'EOF'
# In a new mount namespace: a tmpfs at $FS, a previous result in it, then a
# run that fills the disk.  Prints the exit status and what stayed.
mount -t tmpfs -o size=2m tmpfs "$FS" || exit 99
"$BIN" run "$SMALL" -r 1 -q --no-plots -o "$FS/res" >/dev/null 2>&1 || exit 98
cp -r "$FS/res" "$TMPD/fullfs-copy"
if [ "$FILL" = files ]; then
    # The new CSVs as big as the old, the marker file, and 8 KB more.
    room=$(($(du -sk "$FS/res" | cut -f1) + 4 + 8))
    cat /dev/zero >"$FS/filler" 2>/dev/null
    truncate -s "-${room}K" "$FS/filler"
    path=$PATH
else
    path="$FAKE:$PATH"
fi
PATH="$path" "$BIN" run "$SMALL" -r 1 -q -o "$FS/res" >/dev/null 2>"$TMPD/fullfs-err"
echo "status $?"
diff -r "$FS/res" "$TMPD/fullfs-copy" >/dev/null && echo "previous kept"
rm -f "$FS/filler"
ls -a "$FS" | grep -q 'res\.' && echo "leftover"
EOF
mkdir -p "$tmp/fs"
ns=""
for opt in -m -rm; do
    if unshare $opt true 2>/dev/null && unshare $opt sh -c 'mount -t tmpfs -o size=1m tmpfs "$0"' "$tmp/fs" 2>/dev/null; then
        ns=$opt
        break
    fi
done
if [ -z "$ns" ]; then
    echo "SKIP full-disk checks: cannot mount a tmpfs in a private mount namespace here"
else
    for when in gnuplot files; do
        rm -rf "$tmp/fullfs-copy"
        out=$(FS="$tmp/fs" BIN="$bin" SMALL="$small" TMPD="$tmp" FAKE="$tmp/fill" FILL=$when unshare $ns sh "$tmp/fullfs.sh")
        echo "$out" | grep -q '^status 1$' && ok "full disk ($when): exit 1" || bad "full disk ($when): exit 1" "$out; $(cat "$tmp/fullfs-err")"
        echo "$out" | grep -q '^previous kept$' && ok "full disk ($when): previous result untouched" || bad "full disk ($when): previous result untouched" "$out"
        echo "$out" | grep -q '^leftover$' && bad "full disk ($when): nothing left" || ok "full disk ($when): nothing left"
        case $when in
        gnuplot) want='plots/[a-z0-9_]*\.\(png\|svg\): gnuplot wrote' ;;
        files) want='cannot write [^ ]*/plots/[a-z0-9_]*\.\(dat\|gp\): No space left on device' ;;
        esac
        grep -q "$want" "$tmp/fullfs-err" && ok "full disk ($when): the file and the reason are named" || bad "full disk ($when): the file and the reason are named" "$(cat "$tmp/fullfs-err")"
    done
fi

# --- signals during output ---------------------------------------------------
for s in INT:130 TERM:143; do
    sig=${s%:*} want=${s#*:}
    prev "$tmp/sg"
    rm -f "$tmp/started" "$tmp/go"
    # Background jobs of a script ignore SIGINT: give it back its default.
    PATH="$tmp/slow:$PATH" env --default-signal=INT "$bin" run "$small" -r 2 -j 2 -q -o "$tmp/sg" >/dev/null 2>"$tmp/err" &
    pid=$!
    wait_started
    kill -"$sig" "$pid"
    : >"$tmp/go"
    wait "$pid" 2>/dev/null
    st=$?
    [ "$st" -eq "$want" ] && ok "SIG$sig during output: exit $want" || bad "SIG$sig during output: exit $want" "exit $st: $(cat "$tmp/err")"
    [ -z "$(leftovers "$tmp/sg")" ] && ok "SIG$sig during output: the temporary folder is removed" || bad "SIG$sig during output: the temporary folder is removed" "$(leftovers "$tmp/sg")"
    same_as_copy "$tmp/sg" && ok "SIG$sig during output: the previous result is untouched" || bad "SIG$sig during output: the previous result is untouched"
done

# --- leftovers of a killed run ---------------------------------------------
prev "$tmp/k"
rm -f "$tmp/started" "$tmp/go"
PATH="$tmp/slow:$PATH" "$bin" run "$small" -r 1 -q -o "$tmp/k" >/dev/null 2>&1 &
pid=$!
wait_started
kill -KILL "$pid"
wait "$pid" 2>/dev/null
# The orphaned gnuplot must not write into the folder while it is cleaned.
kill -KILL "$(cat "$tmp/started")" 2>/dev/null
left=$(leftovers "$tmp/k")
[ -n "$left" ] && ok "SIGKILL during output leaves a temporary folder" || bad "SIGKILL during output leaves a temporary folder"
same_as_copy "$tmp/k" && ok "SIGKILL during output: the previous result is untouched" || bad "SIGKILL during output: the previous result is untouched"
# Not ours: a look-alike without a marker, and an older uecsim's .tmp. folder.
mkdir -p "$tmp/k.uecsim-tmp.AAAAAA" "$tmp/k.tmp.BBBBBB"
echo mine >"$tmp/k.uecsim-tmp.AAAAAA/notes.txt"
cp "$tmp/k/manifest.json" "$tmp/k.tmp.BBBBBB/"
expect_status "the next run succeeds" 0 "$bin" run "$small" -r 1 -q --no-plots -o "$tmp/k"
for l in $left; do
    [ ! -e "$tmp/$l" ] && ok "the killed run's $l is removed" || bad "the killed run's $l is removed"
    grep -q "removed $tmp/$l" "$tmp/err" && ok "the removal is reported" || bad "the removal is reported" "$(cat "$tmp/err")"
done
[ -e "$tmp/k.uecsim-tmp.AAAAAA/notes.txt" ] && grep -q "k.uecsim-tmp.AAAAAA looks like a uecsim temporary folder but has no marker" "$tmp/err" && ok "a look-alike folder is reported, not removed" || bad "a look-alike folder is reported, not removed" "$(cat "$tmp/err")"
[ -e "$tmp/k.tmp.BBBBBB/manifest.json" ] && grep -q "k.tmp.BBBBBB looks like a temporary folder left by an older uecsim" "$tmp/err" && ok "an older uecsim's leftover is reported, not removed" || bad "an older uecsim's leftover is reported, not removed" "$(cat "$tmp/err")"

e2e_end safety
