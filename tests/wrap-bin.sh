#!/bin/sh
# The policybrief binary run through $PB_WRAP (tests/run.sh sets PB_BIN to
# this script when PB_WRAP is set, e.g. by tests/valgrind.sh).
# shellcheck disable=SC2086
exec ${PB_WRAP:-} "${PB_REAL_BIN:?}" "$@"
