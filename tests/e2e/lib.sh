# lib.sh — helpers for end-to-end tests: TAP output and common checks.
# Sourced by tests/e2e/test_*.sh; run by tests/run.sh with PB_TOP (source
# tree), PB_BIN (the policybrief binary) and PB_OUT (build folder) set.
set -u
: "${PB_TOP:?}" "${PB_BIN:?}" "${PB_OUT:?}"
export SOURCE_DATE_EPOCH=
unset SOURCE_DATE_EPOCH
tap_n=0
tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() {
    d=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi
}
# TMP: a scratch folder removed at exit
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
finish() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
