#!/bin/sh
# make valgrind: the unit tests, the fuzz replays and the end-to-end tests
# with every test binary and every run of policybrief under valgrind's
# memcheck.  Any invalid read or write, use of an uninitialised value,
# bad free or leaked block (definitely or indirectly lost) is an error:
# the process exits with status 99 (the test fails) and the summary lists
# its log.  Memory libraries keep for the life of the process (fontconfig's
# caches, libxml2's dictionaries) is reachable, not lost, and not an error.
#   tests/valgrind.sh BUILD_DIR [unit|e2e]
set -u
out=${1:?usage: tests/valgrind.sh BUILD_DIR [unit|e2e]}
which=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
logs="$top/$out/valgrind"
rm -rf "$logs"
mkdir -p "$logs"
PB_WRAP="valgrind --quiet --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
--num-callers=40 --suppressions=$top/tests/valgrind.supp \
--log-file=$logs/%p.log"
# valgrind runs programs 20 to 50 times slower: time limits stretch
PB_TIME_FACTOR=50
export PB_WRAP PB_TIME_FACTOR
"$top/tests/run.sh" "$out" "$which"
rc=$?
n=$(ls "$logs" | wc -l)
# --quiet: a log holds nothing but errors, so any log that is not empty
bad=$(find "$logs" -name '*.log' -size +0 | sort)
if [ -n "$bad" ]; then
    echo "valgrind: errors in $(echo "$bad" | wc -l) of $n processes:"
    for f in $bad; do
        echo "--- $f"
        head -n 40 "$f"
    done
    exit 1
fi
echo "valgrind: $n processes, no errors, no leaks"
exit $rc
