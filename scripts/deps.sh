#!/bin/sh
# Install the Debian packages uecsim needs, if any is missing.
# Usage: scripts/deps.sh [bench|test|mpi]   ("bench" adds the SimPy 3 peer,
# hyperfine and valgrind; "test" adds clang with libFuzzer, ASan and UBSan,
# and OpenMP for clang, for the fuzz harnesses; "mpi" adds OpenMPI for
# make mpi)
# Installs with apt-get when we are root or have password-less sudo;
# otherwise prints the exact command to run and fails.  "test" also tries
# the browser test's packages (Chromium, and poppler-utils for pdftoppm);
# when they cannot be installed it says so and goes on: that test then
# skips.
set -u
pkgs="libgsl-dev libcjson-dev libmicrohttpd-dev gnuplot-nox libcmocka-dev pkg-config make gcc time"
if [ "${1:-}" = bench ]; then
    pkgs="$pkgs python3-simpy3 hyperfine valgrind"
fi
if [ "${1:-}" = test ]; then
    pkgs="$pkgs clang-14 libclang-rt-14-dev libomp-14-dev python3"
fi
if [ "${1:-}" = mpi ]; then
    pkgs="$pkgs libopenmpi-dev openmpi-bin"
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# The browser test's and the MPI test's packages: wanted, not required.
if [ "${1:-}" = test ]; then
    optional=""
    for p in chromium poppler-utils libopenmpi-dev openmpi-bin; do
        installed "$p" || optional="$optional $p"
    done
    if [ -n "$optional" ]; then
        echo "uecsim: installing for the browser and MPI tests:$optional" >&2
        if [ "$(id -u)" -eq 0 ]; then
            osudo=""
        elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            osudo="sudo -n"
        else
            osudo=none
        fi
        # shellcheck disable=SC2086
        if [ "$osudo" = none ] ||
            ! { $osudo apt-get update -qq >&2 &&
                DEBIAN_FRONTEND=noninteractive $osudo apt-get install -y -qq \
                    --no-install-recommends $optional >&2; }; then
            echo "uecsim: could not install$optional: the browser or MPI test will be skipped" \
                "(sudo apt-get install -y$optional to run it)" >&2
        fi
    fi
fi

missing=""
for p in $pkgs; do
    installed "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "uecsim: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "uecsim: cannot install packages without root; run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2 || { echo "uecsim: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2 || {
    echo "uecsim: apt-get install failed; run: sudo apt-get install -y$missing" >&2
    exit 1
}
