#!/bin/sh
# Run the libFuzzer targets: tests/fuzz/run.sh BUILD_DIR SECONDS JOBS TARGET...
# Each target starts from its seeds (tests/fuzz/seeds.list) plus the working
# corpus it grew before (BUILD_DIR/corpus/TARGET, kept between runs) and
# runs SECONDS seconds, JOBS targets at a time.  A crash, a leak, a timeout
# (10 s on one input) or running out of memory (2.5 GB) leaves an input in
# BUILD_DIR/artifacts/TARGET/; it is copied to tests/fuzz/regressions/
# TARGET/, where `make test` replays it from then on, and the run fails.
# Prints a line per target: executions, executions per second, corpus size.
set -u
out=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS JOBS TARGET...}
secs=${2:?}
jobs=${3:?}
shift 3
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

run_one() { # target
    t=$1
    corpus="$out/corpus/$t"
    seeds="$out/seeds/$t"
    art="$out/artifacts/$t"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds" "$art"
    # the seeds, flattened into one folder (libFuzzer reads folders)
    line=$(grep -E "^$t[[:space:]]" tests/fuzz/seeds.list | sed "s/^$t//")
    i=0
    for g in $line; do
        for f in $g; do
            [ -f "$f" ] || continue
            i=$((i + 1))
            cp "$f" "$seeds/$i-$(basename "$f")"
        done
    done
    PB_TOP="$top" ASAN_OPTIONS=detect_leaks=1 \
        "$out/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$art/" "$corpus" "$seeds" \
        >"$out/fuzz-$t.log" 2>&1
    echo $? >"$out/fuzz-$t.rc"
}

pids=""
n=0
for t in "$@"; do
    run_one "$t" &
    pids="$pids $!"
    n=$((n + 1))
    if [ "$n" -ge "$jobs" ]; then
        wait
        n=0
    fi
done
wait

failed=0
printf '%-12s %12s %9s %8s  %s\n' target executions "exec/s" corpus result
for t in "$@"; do
    log="$out/fuzz-$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(ls "$out/corpus/$t" | wc -l)
    found=$(ls "$out/artifacts/$t" 2>/dev/null | wc -l)
    rc=$(cat "$out/fuzz-$t.rc")
    if [ "$found" -gt 0 ] || [ "$rc" -ne 0 ]; then
        mkdir -p "tests/fuzz/regressions/$t"
        for a in "$out/artifacts/$t"/*; do
            [ -f "$a" ] && cp "$a" "tests/fuzz/regressions/$t/"
        done
        result="FOUND $found (exit $rc): see $log; copied to tests/fuzz/regressions/$t/"
        failed=1
    else
        result=ok
    fi
    printf '%-12s %12s %9s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$units" "$result"
done
exit $failed
