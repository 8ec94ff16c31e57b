#!/bin/sh
# Run every test and print one summary line: "N passed, N failed".
#   tests/run.sh BUILD_DIR [unit|e2e]
# Unit tests are cmocka binaries (TAP output); end-to-end tests are shell
# scripts in tests/e2e/ that print TAP lines through tests/e2e/lib.sh.
# A test program that crashes or exits non-zero without reporting a failure
# counts as one failure of its own.  With PB_WRAP set (a command, such as
# valgrind and its options), every test binary and every run of the
# policybrief binary by the end-to-end scripts goes through it.
set -u
out=${1:?usage: tests/run.sh BUILD_DIR [unit|e2e]}
which=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

tally() { # name, exit status, TAP file
    p=$(grep -c '^ok ' "$3")
    f=$(grep -c '^not ok ' "$3")
    grep '^not ok ' "$3" | sed "s|^|  $1: |"
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "  $1: exited with status $2"
        tail -n 20 "$3" | sed 's/^/    | /'
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '%-40s %4d passed %4d failed\n' "$1" "$p" "$f"
}

if [ "$which" = all ] || [ "$which" = unit ]; then
    for t in "$out"/tests/test_*; do
        [ -x "$t" ] || continue
        # shellcheck disable=SC2086
        CMOCKA_MESSAGE_OUTPUT=TAP PB_TOP="$top" ${PB_WRAP:-} "$t" >"$log" 2>&1
        tally "$(basename "$t")" $? "$log"
    done
fi
if [ "$which" = all ] || [ "$which" = e2e ]; then
    for t in tests/e2e/test_*.sh; do
        [ -f "$t" ] || continue
        bin="$top/$out/policybrief"
        if [ -n "${PB_WRAP:-}" ]; then
            # the scripts run "$PB_BIN": make it the wrapped binary
            export PB_REAL_BIN="$bin"
            bin="$top/tests/wrap-bin.sh"
        fi
        PB_TOP="$top" PB_BIN="$bin" PB_OUT="$top/$out" \
            sh "$t" >"$log" 2>&1
        tally "$(basename "$t" .sh)" $? "$log"
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
