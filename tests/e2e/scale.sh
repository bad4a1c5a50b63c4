# Runs past one machine (issue 15), through the real CLI:
# - -r auto stops at the same replication whatever the thread count, says
#   so on the console and in the manifest, and refuses what contradicts it;
# - --shard K/N and `uecsim merge` give the unsharded run's files byte for
#   byte (run, compare, sweep), and merge refuses shares that are not one
#   whole run, writing nothing;
# - build/uecsim-mpi under `mpirun -n 2` writes build/uecsim's files
#   (skipped, with a SKIP line, when OpenMPI is not installed).
. tests/e2e/lib.sh

scn=tests/e2e/small.json
alt=tests/e2e/small-more-beds.json


# same_files NAME A B [SKIP]: every file of A is in B with the same bytes,
# and B has no other; with SKIP (a grep pattern), the lines of the
# manifest and the report that match it are left out of the comparison
# (the command line, the thread count: docs/scale.md).
same_files() {
    name=$1 a=$2 b=$3 skip=${4:-}
    diffs=""
    for f in $(cd "$a" && find . -type f | sort); do
        if [ -n "$skip" ] &&
            { [ "$f" = ./manifest.json ] || [ "$f" = ./report.html ]; }; then
            grep -v "$skip" "$a/$f" >"$tmp/ma"
            grep -v "$skip" "$b/$f" >"$tmp/mb" 2>/dev/null
            cmp -s "$tmp/ma" "$tmp/mb" || diffs="$diffs $f"
        else
            cmp -s "$a/$f" "$b/$f" || diffs="$diffs $f"
        fi
    done
    [ "$(cd "$a" && find . -type f | wc -l)" -eq \
        "$(cd "$b" && find . -type f | wc -l)" ] || diffs="$diffs (file count)"
    if [ -z "$diffs" ]; then ok "$name"; else bad "$name" "differ:$diffs"; fi
}

# --- -r auto ----------------------------------------------------------------

expect_status "run -r auto" 0 "$bin" run "$scn" -r auto -s 5 -j 1 --no-plots \
    -o "$tmp/a1"
cp "$tmp/out" "$tmp/auto.out"
expect_status "run -r auto, -j 2" 0 "$bin" run "$scn" -r auto -s 5 -j 2 \
    --no-plots -o "$tmp/a2"
same_files "-r auto stops at the same replication whatever the threads" \
    "$tmp/a1" "$tmp/a2" '"command_line"\|"threads"'
n=$(sed -n 's/^  "replications": \([0-9]*\),$/\1/p' "$tmp/a1/manifest.json")
need=$(sed -n 's/^    "needed": \([0-9]*\),$/\1/p' "$tmp/a1/manifest.json")
check "the manifest gives the replications run and needed ($n, $need)" \
    sh -c "[ '$n' -ge 8 ] && [ '$need' -ge 3 ] && [ \$(( $need + 5 )) -le '$n' ]"
check "the manifest names the method, the width asked and each KPI reached" \
    sh -c "grep -q 'Hoad, Robinson and Davies 2010' '$tmp/a1/manifest.json' &&
           grep -q '\"relative_half_width\": 0.05,' '$tmp/a1/manifest.json' &&
           [ \$(grep -c '\"met\": true}' '$tmp/a1/manifest.json') -eq 8 ]"
check "the console says how many were run and needed, KPI by KPI" \
    sh -c "grep -q '^replications by precision .*: $n run, $need needed\$' '$tmp/auto.out' &&
           grep -q '^  ga_occupancy .* asked <= .* (5 % of the mean), met from ' '$tmp/auto.out'"
# Replication i is the same replication whatever the count: the first n
# of a fixed run are the auto run's.
expect_status "run -r N, N as auto chose" 0 "$bin" run "$scn" -r "$n" -s 5 \
    --no-plots -o "$tmp/a3"
check "-r auto's results are those of -r N with the N it chose" \
    cmp "$tmp/a1/summary.json" "$tmp/a3/summary.json"
expect_status "an absolute width on one KPI" 0 "$bin" run "$scn" -s 5 \
    --precision ga_occupancy=0.01 --max-replications 60 --no-plots -o "$tmp/a4"
check "only that KPI is judged, absolutely, and it is met" \
    sh -c "[ \$(grep -c '\"rule\": \"absolute\"' '$tmp/a4/manifest.json') -eq 1 ] &&
           [ \$(grep -c '\"kpi\": ' '$tmp/a4/manifest.json') -eq 1 ] &&
           grep -q '\"converged\": true' '$tmp/a4/manifest.json'"
expect_status "the ceiling stops an unreachable precision" 0 "$bin" run "$scn" \
    -s 5 --precision 0.001 --max-replications 9 --no-plots -o "$tmp/a5"
check "... with 9 replications, a warning and converged false" \
    sh -c "grep -q '^  \"replications\": 9,' '$tmp/a5/manifest.json' &&
           grep -q '\"converged\": false' '$tmp/a5/manifest.json' &&
           grep -q 'warning: -r auto: .* did not reach the precision' '$tmp/err'"
expect_status "--precision with -r N is refused" 2 "$bin" run "$scn" -r 5 \
    --precision 0.1 -o "$tmp/no1"
expect_status "an unknown KPI in --precision-kpi is refused" 2 "$bin" run \
    "$scn" --precision-kpi ga_ocupancy -o "$tmp/no2"
check "... naming the nearest" grep -q "did you mean 'ga_occupancy'" "$tmp/err"
expect_status "--precision 5 (a percentage) is refused" 2 "$bin" run "$scn" \
    --precision 5 -o "$tmp/no3"
expect_status "size -r auto --in-share is refused" 2 "$bin" size "$scn" \
    --vary virtual_wards.beds=10:60 --target 'vw_occupancy<=0.8' -r auto \
    --in-share 0.8 -o "$tmp/no4"
check "refusals write nothing" sh -c "! ls -d '$tmp'/no* 2>/dev/null"
expect_status "size -r auto" 0 "$bin" size "$scn" \
    --vary virtual_wards.beds=10:60 --target 'vw_occupancy<=0.8' -r auto \
    -s 5 --no-plots -o "$tmp/z1"
check "size -r auto: points far from the answer stop at 8, near ones later" \
    sh -c "grep -q '\"value\": 10, \"replications\": 8,' '$tmp/z1/size.json' &&
           grep -o '\"replications\": [0-9]*' '$tmp/z1/size.json' | grep -qv ': 8\$'"

# --- shards and merge -------------------------------------------------------

# The unsharded run, moved aside; the merge then writes the same path, so
# even the manifests and the report match: merge's command line is the
# shares' without --shard, -o, -j and -q, followed by merge's own -o, -j
# and -q, which is this one's.
expect_status "run, unsharded" 0 "$bin" run "$scn" -r 7 -s 11 \
    --per-replication --report -o "$tmp/full" -j 2 -q
mv "$tmp/full" "$tmp/ref"
for k in 3 1 2; do
    expect_status "run --shard $k/3" 0 "$bin" run "$scn" -r 7 -s 11 \
        --per-replication --report --shard $k/3 -j 1 -o "$tmp/sh$k"
done
check "a share is a partial result that says which share it is" \
    sh -c "grep -q '\"partial\": true' '$tmp/sh2/manifest.json' &&
           grep -q '\"share\": 2, \"of\": 3, \"items\": \"replications\", \"from\": 3, \"to\": 4, \"total\": 7' '$tmp/sh2/manifest.json' &&
           [ \$(ls '$tmp/sh2' | wc -l) -eq 2 ] && [ -s '$tmp/sh2/shard.bin' ]"
check "the console says where the share is and what to do next" \
    grep -q "^partial result in $tmp/sh2: \`uecsim merge\` all 3 shares" \
    "$tmp/out"
expect_status "merge the three shares (in any order)" 0 "$bin" merge \
    "$tmp/sh2" "$tmp/sh3" "$tmp/sh1" -o "$tmp/full" -j 2 -q
same_files "merged run = unsharded run, every file (plots, report too)" \
    "$tmp/ref" "$tmp/full"

expect_status "compare, unsharded" 0 "$bin" compare "$scn" "$alt" -r 6 -s 3 \
    --no-plots -o "$tmp/cfull" -q
mv "$tmp/cfull" "$tmp/cref"
for k in 1 2; do
    expect_status "compare --shard $k/2" 0 "$bin" compare "$scn" "$alt" -r 6 \
        -s 3 --no-plots --shard $k/2 -o "$tmp/c$k" -q
done
expect_status "merge the compare" 0 "$bin" merge "$tmp/c1" "$tmp/c2" \
    -o "$tmp/cfull" -q
same_files "merged compare = unsharded compare" "$tmp/cref" "$tmp/cfull"

expect_status "sweep, unsharded" 0 "$bin" sweep "$scn" \
    --vary beds.ga.capacity=60:80:5 -r 3 -s 3 -o "$tmp/sfull" -q
mv "$tmp/sfull" "$tmp/sref"
for k in 1 2 3 4; do
    expect_status "sweep --shard $k/4" 0 "$bin" sweep "$scn" \
        --vary beds.ga.capacity=60:80:5 -r 3 -s 3 --shard $k/4 -o "$tmp/s$k" -q
done
expect_status "merge the sweep" 0 "$bin" merge "$tmp/s1" "$tmp/s2" "$tmp/s3" \
    "$tmp/s4" -o "$tmp/sfull" -q
same_files "merged sweep = unsharded sweep (4 shares)" "$tmp/sref" "$tmp/sfull"

# Refusals: exit 2, a message naming the problem, nothing written.
refuse() {
    name=$1 msg=$2
    shift 2
    expect_status "$name" 2 "$bin" merge "$@" -o "$tmp/never"
    if grep -q "$msg" "$tmp/err" && [ ! -e "$tmp/never" ]; then
        ok "... says '$msg' and writes nothing"
    else
        bad "... says '$msg' and writes nothing" "$(cat "$tmp/err")"
    fi
}
refuse "a missing share" "share 3 of 3 missing" "$tmp/sh1" "$tmp/sh2"
refuse "a share given twice" "share 2 of 3 given twice" "$tmp/sh1" \
    "$tmp/sh2" "$tmp/sh2" "$tmp/sh3"
"$bin" run "$scn" -r 7 -s 12 --per-replication --report --shard 3/3 \
    -o "$tmp/x3" -q
refuse "a share of another seed" "not shares of one run: seeds 11 and 12" \
    "$tmp/sh1" "$tmp/sh2" "$tmp/x3"
# Shares that overlap: 2 of 2 covers replications 4 to 7, and so do
# 2 and 3 of 3.
"$bin" run "$scn" -r 7 -s 11 --per-replication --report --shard 2/2 \
    -o "$tmp/h2" -q
refuse "overlapping shares (of 3 and of 2)" \
    "not shares of one run: shares of 3 and of 2" "$tmp/sh1" "$tmp/h2"
refuse "a share of another command" "not shares of one run: a run and a compare" \
    "$tmp/sh1" "$tmp/c2"
"$bin" run "$alt" -r 7 -s 11 --per-replication --report --shard 3/3 \
    -o "$tmp/y3" -q
refuse "a share of another scenario" "not shares of one run: scenarios" \
    "$tmp/sh1" "$tmp/sh2" "$tmp/y3"
refuse "a folder that is no share" "not a shard" "$tmp/sh1" "$tmp/ref"
cp -r "$tmp/sh2" "$tmp/cut2"
head -c 20000 "$tmp/sh2/shard.bin" >"$tmp/cut2/shard.bin"
refuse "a truncated share" "truncated or corrupt" "$tmp/sh1" "$tmp/cut2" \
    "$tmp/sh3"
# A scenario changed between the shares and the merge.
cp "$scn" "$tmp/mine.json"
for k in 1 2; do
    "$bin" run "$tmp/mine.json" -r 4 --shard $k/2 -o "$tmp/m$k" -q
done
sed 's/"name": *"[^"]*"/"name": "changed"/' "$scn" >"$tmp/mine.json"
refuse "a scenario changed since" "has changed since the shares ran" \
    "$tmp/m1" "$tmp/m2"
expect_status "more shares than replications are refused" 2 "$bin" run "$scn" \
    -r 2 --shard 1/3 -o "$tmp/never"
expect_status "--shard with -r auto is refused" 2 "$bin" run "$scn" -r auto \
    --shard 1/2 -o "$tmp/never"

# --- MPI ----------------------------------------------------------------------

mpi_bin=$build/uecsim-mpi
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP scale/mpi: OpenMPI is not installed (no mpirun; scripts/deps.sh mpi installs it)"
elif [ ! -x "$mpi_bin" ]; then
    bad "OpenMPI is installed but $mpi_bin is not built (make mpi)"
else
    # As root OpenMPI wants to be told; --oversubscribe: 2 ranks on any
    # machine.
    root=""
    [ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
    mpi="mpirun $root --oversubscribe -n 2"
    # What may differ: the program's name in the command line (manifest
    # and report) and the threads a rank used.
    prov='"command_line"\|"threads"\|command: <code>'
    expect_status "mpirun -n 2 uecsim-mpi run" 0 $mpi "$mpi_bin" run "$scn" \
        -r 7 -s 11 --per-replication --report -j 2 -o "$tmp/mpirun" -q
    same_files "MPI run = serial run, every file (the command line aside)" \
        "$tmp/ref" "$tmp/mpirun" "$prov"
    expect_status "mpirun -n 2 uecsim-mpi compare" 0 $mpi "$mpi_bin" compare \
        "$scn" "$alt" -r 6 -s 3 --no-plots -o "$tmp/mpicmp" -q
    same_files "MPI compare = serial compare" "$tmp/cref" "$tmp/mpicmp" \
        "$prov"
    expect_status "mpirun -n 2 uecsim-mpi sweep" 0 $mpi "$mpi_bin" sweep \
        "$scn" --vary beds.ga.capacity=60:80:5 -r 3 -s 3 -o "$tmp/mpisw" -q
    same_files "MPI sweep = serial sweep" "$tmp/sref" "$tmp/mpisw" \
        "$prov"
    expect_status "mpirun -n 2 uecsim-mpi run -r auto" 0 $mpi "$mpi_bin" run \
        "$scn" -r auto -s 5 -j 1 --no-plots -o "$tmp/mpiauto" -q
    same_files "MPI -r auto stops where one process stops" "$tmp/a1" \
        "$tmp/mpiauto" "$prov"
    expect_status "size under mpirun is refused" 2 $mpi "$mpi_bin" size "$scn" \
        --vary virtual_wards.beds=10:60 --target 'vw_occupancy<=0.8' -q \
        -o "$tmp/never"
fi

e2e_end scale
