#!/bin/sh
# The catalogue of bad inputs: every folder of tests/e2e/bad/ is a case.
# Its `case` file says what runs and what must come of it:
#   args: render {in} -o {out}   the command ({in} the input, copied into a
#                                scratch folder {dir}; {out} = {dir}/out.pdf;
#                                {case} the case's folder)
#   exit: N                      the exit status
#   message: ERE | none          what stderr must match (none: nothing at
#                                all); a failure prints exactly one error line
#   output: absent | pdf | old   no output file (nor a temporary one) | a PDF
#                                that qpdf --check accepts | the older brief
#                                planted at `old:` still there, unchanged
#   text: ERE / no-text: ERE     the PDF's text must / must not match
#   text-count: WORD N           WORD occurs N times in the PDF's text
#   pages-at-least: N
#   env: NAME=VALUE              set for the command
#   input: NAME                  the input's name, when setup.sh makes it
#   seconds: N                   time allowed (default 60): never a hang
#   ulimit-f: KIB                a file-size limit for the command
#   needs: read-only-folder | small-tmpfs   skipped where they cannot be had
#   absent: PATH / no-file: GLOB nothing there afterwards
# An optional setup.sh runs first (sh, with W, CASE and TOP set).  The last
# lines count the cases: refused with an error, repaired with a warning,
# read cleanly, skipped.
. "$PB_TOP/tests/e2e/lib.sh"
bad="$PB_TOP/tests/e2e/bad"
errors=0 repaired=0 clean=0 skipped=0 ncases=0
mounts=""
cleanup() {
    for m in $mounts; do umount "$m" 2>/dev/null; done
    chmod -R u+w "$TMP" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

# value KEY FILE: the first value of KEY; values KEY FILE: all of them
value() { sed -n "s/^$1: //p" "$2" | head -n 1; }
values() { sed -n "s/^$1: //p" "$2"; }

old_brief() { # PATH: a small older "brief" to be kept intact
    printf '%%PDF-1.4\n%% an older brief that must survive\n' >"$1"
    head -c 8000 /dev/zero | tr '\0' 'o' >>"$1"
    cp "$1" "$W/.old-copy"
}

# needs: set up what the case requires, or return 1 to skip it
need() {
    case $1 in
    read-only-folder)
        mkdir -p "$W/ro"
        if [ "$(id -u)" -ne 0 ]; then
            old_brief "$W/ro/out.pdf"
            chmod 555 "$W/ro"
            return 0
        fi
        mount -t tmpfs -o size=1m tmpfs "$W/ro" 2>/dev/null || return 1
        mounts="$W/ro $mounts"
        old_brief "$W/ro/out.pdf"
        mount -o remount,ro "$W/ro" 2>/dev/null || return 1
        ;;
    small-tmpfs)
        mkdir -p "$W/full"
        [ "$(id -u)" -eq 0 ] || return 1
        mount -t tmpfs -o size=64k tmpfs "$W/full" 2>/dev/null || return 1
        mounts="$W/full $mounts"
        old_brief "$W/full/out.pdf"
        # fill what is left (the write fails when the disk is full)
        head -c 1000000 /dev/zero >"$W/full/filler" 2>/dev/null
        return 0
        ;;
    *) return 1 ;;
    esac
}

for c in "$bad"/*/; do
    c=${c%/}
    name=$(basename "$c")
    f="$c/case"
    [ -f "$f" ] || continue
    ncases=$((ncases + 1))
    W="$TMP/$name"
    mkdir -p "$W"
    CASE=$c
    TOP=$PB_TOP
    export W CASE TOP
    in=$(value input "$f")
    if [ -z "$in" ]; then
        for i in "$c"/input.*; do
            [ -f "$i" ] && cp "$i" "$W/" && in=$(basename "$i")
        done
    fi
    if [ -f "$c/setup.sh" ] && ! sh -e "$c/setup.sh" >"$W/.setup.log" 2>&1; then
        not_ok "$name: setup failed"; sed 's/^/# /' "$W/.setup.log"; continue
    fi
    need=$(value needs "$f")
    if [ -n "$need" ] && ! need "$need"; then
        skipped=$((skipped + 1))
        ok "$name # SKIP needs $need (not available here)"
        continue
    fi
    subst() {
        printf '%s' "$1" | sed -e "s|{in}|$W/$in|g" -e "s|{out}|$W/out.pdf|g" \
            -e "s|{dir}|$W|g" -e "s|{case}|$c|g"
    }
    old=$(value old "$f")
    [ -n "$old" ] && old=$(subst "$old")
    if [ -n "$old" ] && [ ! -f "$old" ]; then
        old_brief "$old"
    fi
    args=$(subst "$(value args "$f")")
    secs=$(value seconds "$f")
    # (PB_TIME_FACTOR: make valgrind runs everything much slower)
    secs=$(( ${secs:-60} * ${PB_TIME_FACTOR:-1} ))
    lim=$(value ulimit-f "$f")
    # shellcheck disable=SC2046
    (
        values env "$f" | while IFS= read -r kv; do echo "export $(subst "$kv")"; done >"$W/.env"
        . "$W/.env"
        if [ -n "$lim" ]; then
            # shellcheck disable=SC2086
            exec timeout "$secs" sh -c 'ulimit -f "$0" && exec "$@"' \
                "$lim" "$PB_BIN" $args
        fi
        # shellcheck disable=SC2086
        exec timeout "$secs" "$PB_BIN" $args
    ) >"$W/.stdout" 2>"$W/.stderr"
    rc=$?
    why=""
    want=$(value exit "$f")
    msg=$(value message "$f")
    out=$(value output "$f")
    if [ "$rc" -eq 124 ]; then
        why="took longer than $secs s"
    elif [ "$rc" -ne "$want" ]; then
        why="exit $rc, expected $want"
    elif [ "$msg" = none ] && [ -s "$W/.stderr" ]; then
        why="a message where none was expected"
    elif [ "$msg" != none ] && ! grep -qE "$msg" "$W/.stderr"; then
        why="message does not match: $msg"
    elif [ "$want" -ne 0 ] && [ "$(grep -c 'error:' "$W/.stderr")" -ne 1 ]; then
        why="not exactly one error line"
    elif [ -n "$(find "$TMP/$name" -name '*.tmp' 2>/dev/null)" ]; then
        why="a temporary file was left behind"
    fi
    if [ -z "$why" ]; then
        case $out in
        absent)
            [ -e "$W/out.pdf" ] && [ ! -d "$W/out.pdf" ] && why="an output file exists" ;;
        old)
            cmp -s "$old" "$W/.old-copy" || why="the older brief was changed or removed" ;;
        pdf)
            if [ ! -s "$W/out.pdf" ] || ! qpdf --check "$W/out.pdf" >/dev/null 2>&1; then
                why="no valid PDF"
            else
                pdftotext "$W/out.pdf" "$W/.text" 2>/dev/null
            fi ;;
        esac
    fi
    if [ -z "$why" ]; then
        values text "$f" >"$W/.want"
        while IFS= read -r t; do
            grep -qE "$t" "$W/.text" || echo "text missing: $t"
        done <"$W/.want" >"$W/.why"
        values no-text "$f" >"$W/.want"
        while IFS= read -r t; do
            grep -qE "$t" "$W/.text" && echo "text present: $t"
        done <"$W/.want" >>"$W/.why"
        [ -s "$W/.why" ] && why=$(head -n 1 "$W/.why")
        tc=$(value text-count "$f")
        if [ -n "$tc" ]; then
            n=$(grep -o "${tc% *}" "$W/.text" | wc -l)
            [ "$n" -eq "${tc#* }" ] || why="${tc% *} found $n times, not ${tc#* }"
        fi
        pg=$(value pages-at-least "$f")
        if [ -n "$pg" ]; then
            n=$(pdfinfo "$W/out.pdf" | sed -n 's/^Pages: *//p')
            [ "${n:-0}" -ge "$pg" ] || why="$n pages, fewer than $pg"
        fi
        for p in $(values absent "$f"); do
            [ -e "$(subst "$p")" ] && why="$(subst "$p") exists"
        done
        for g in $(values no-file "$f"); do
            # shellcheck disable=SC2086
            ls -d $(subst "$g") >/dev/null 2>&1 && why="files left: $g"
        done
    fi
    if [ -n "$why" ]; then
        not_ok "$name: $why"
        sed 's/^/# /' "$W/.stderr" | head -n 5
        continue
    fi
    ok "$name (exit $rc)"
    if [ "$want" -ne 0 ]; then
        errors=$((errors + 1))
    elif [ "$msg" != none ]; then
        repaired=$((repaired + 1))
    else
        clean=$((clean + 1))
    fi
done
echo "# bad-input catalogue: $ncases cases: $errors refused with an error" \
     "and no output, $repaired repaired with a warning, $clean read" \
     "cleanly, $skipped skipped"
finish
