# Golden outputs: small scenarios run through the real CLI with a fixed
# seed, replication count and thread count; every CSV and JSON file they
# write is kept byte for byte in tests/golden/NAME/.  tests/e2e/golden.sh
# compares a fresh run with them; `make golden-update` rewrites them
# (tests/golden/update.sh).  Source this file; it needs $bin.
#
# Only what legitimately varies is normalised, in manifest.json: the
# thread count, the command line and the library versions.

golden_cases="small tandem"

# golden_normalise < manifest.json > normalised
golden_normalise() {
    sed -e 's/^\(  "threads": \)[0-9]*/\1"(normalised)"/' \
        -e 's/^\(  "gsl_version": \)"[^"]*"/\1"(normalised)"/' \
        -e 's/^\(  "cjson_version": \)"[^"]*"/\1"(normalised)"/' \
        -e 's/^\(  "command_line": \)".*"\(,\{0,1\}\)$/\1"(normalised)"\2/'
}

# golden_run NAME DIR: run case NAME, leave its normalised outputs in DIR
# (which must not exist); the CLI's own output folder is DIR.run.
golden_run() {
    g_name=$1 g_dir=$2
    case $g_name in
    small) set -- tests/e2e/small.json ;;
    # The tandem validation workload (ED, boarding, beds), one month.
    tandem) set -- tests/stat/scenarios/tandem.json --set 'end_date="2000-01-31"' ;;
    *) echo "golden: no case $g_name" >&2; return 1 ;;
    esac
    "$bin" run "$@" -r 2 -s 7 -j 2 --no-plots -q -o "$g_dir.run" || return 1
    mkdir -p "$g_dir" || return 1
    for g_f in "$g_dir.run"/*.csv "$g_dir.run"/*.json; do
        [ -f "$g_f" ] || continue
        case $(basename "$g_f") in
        manifest.json) golden_normalise <"$g_f" >"$g_dir/manifest.json" ;;
        *) cp "$g_f" "$g_dir/" ;;
        esac || return 1
    done
}
