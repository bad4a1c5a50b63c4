#!/bin/sh
# No mutable globals (STYLE.md B3): fail if any object file defines a data
# object in a writable section (.data, .bss, thread-local or common).
# Read-only tables (.rodata, .data.rel.ro for pointer tables) are fine.
# Usage: sh scripts/lint-globals.sh FILE.o...
bad=$(nm -f sysv "$@" 2>/dev/null | awk -F'|' '
    /^[^ ]*\.o:$/ { file = $0; next }
    NF >= 7 {
        name = $1; type = $4; sec = $7
        gsub(/ /, "", name); gsub(/ /, "", type); gsub(/ /, "", sec)
        if (type != "OBJECT" && sec != "*COM*") next
        # AddressSanitizer adds a one-byte __odr_asan.NAME indicator in .bss
        # for every exported global (const tables too): not our data.
        if (name ~ /^__odr_asan[.]/) next
        if (sec ~ /^\.data\.rel\.ro/) next
        if (sec == ".data" || sec == ".bss" || sec == "*COM*" ||
            sec ~ /^\.(data|bss|tdata|tbss)(\.|$)/)
            print "  " name " in " sec
    }')
if [ -n "$bad" ]; then
    echo "lint: mutable globals (file-scope or function-static variables):"
    echo "$bad"
    exit 1
fi
echo "lint: no mutable globals in $# object files"
