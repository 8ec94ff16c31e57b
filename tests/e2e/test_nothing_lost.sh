#!/bin/sh
# Nothing lost: the output is written to a temporary file in the target
# folder and renamed into place only when complete.  A SIGTERM or SIGINT
# while it is written removes the temporary file; a signal before that
# leaves the older brief as it was; a batch stopped half-way leaves every
# output either complete or absent.  (Full disks and file-size limits are
# cases 40 and 41 of the bad-input catalogue.)
. "$PB_TOP/tests/e2e/lib.sh"

# A document big enough (some 370 pages) that the PDF takes a moment to
# write and the layout a moment to make.
{ printf -- '---\ntitle: "长文"\n---\n\n'
  awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "（%d）第%d条。支持企业加大研发投入，按研发费用的百分之十给予奖励，最高不超过五百万元。鼓励企业与高校和科研院所共建研发机构。\n\n", i, i }'
} >"$TMP/long.md"
"$PB_BIN" render "$TMP/long.md" -o "$TMP/keep.pdf" 2>/dev/null
cp "$TMP/keep.pdf" "$TMP/keep.orig"

# kill_when SIGNAL WHEN OUT: start a render of long.md to OUT and send
# SIGNAL when its temporary file appears (WHEN=write) or at once (WHEN=
# layout); print "caught" or "missed" and the exit status
kill_when() {
    python3 - "$PB_BIN" "$TMP/long.md" "$3" "$1" "$2" <<'PY'
import os, signal, subprocess, sys, time
binary, src, out, sig, when = sys.argv[1:]
folder = os.path.dirname(out)
p = subprocess.Popen([binary, "render", src, "-o", out],
                     stderr=subprocess.DEVNULL)
caught = False
if when == "layout":
    time.sleep(0.05)
    caught = p.poll() is None
    p.send_signal(getattr(signal, "SIG" + sig))
else:
    while p.poll() is None:
        if any(n.endswith(".tmp") for n in os.listdir(folder)):
            p.send_signal(getattr(signal, "SIG" + sig))
            caught = True
            break
p.wait()
# a signal that came after the rename, when the process was done anyway,
# does not count
print("caught" if caught and p.returncode < 0 else "missed", p.returncode)
PY
}

for sig in TERM INT; do
    r=missed
    for try in 1 2 3 4 5; do
        cp "$TMP/keep.orig" "$TMP/keep.pdf"
        set -- $(kill_when "$sig" write "$TMP/keep.pdf")
        r=$1 rc=$2
        [ "$r" = caught ] && break
    done
    if [ "$r" != caught ]; then
        ok "SIG$sig while the PDF is written # SKIP the write was never caught"
        continue
    fi
    check "SIG$sig while the PDF is written (try $try): the process dies of it" \
        test "$rc" -lt 0
    check "SIG$sig while the PDF is written: no temporary file left" \
        sh -c "! ls '$TMP' | grep -q '\.tmp\$'"
    # (the signal may land just after the rename: then the new brief is
    # there, whole)
    check "SIG$sig while the PDF is written: the older brief intact, or the new one whole" \
        sh -c "cmp -s '$TMP/keep.pdf' '$TMP/keep.orig' || qpdf --check '$TMP/keep.pdf'"
done

cp "$TMP/keep.orig" "$TMP/keep.pdf"
set -- $(kill_when TERM layout "$TMP/keep.pdf")
check "SIGTERM during layout: the older brief intact" \
    cmp -s "$TMP/keep.pdf" "$TMP/keep.orig"
check "SIGTERM during layout: no temporary file" \
    sh -c "! ls '$TMP' | grep -q '\.tmp\$'"

# a new output is either complete or absent
r=missed
for try in 1 2 3 4 5; do
    rm -f "$TMP/new.pdf"
    set -- $(kill_when TERM write "$TMP/new.pdf")
    r=$1
    [ "$r" = caught ] && break
done
if [ "$r" = caught ]; then
    check "SIGTERM while a new PDF is written: no temporary file, no output or a whole one" \
        sh -c "! ls '$TMP' | grep -q '\.tmp\$' && { [ ! -e '$TMP/new.pdf' ] || qpdf --check '$TMP/new.pdf'; }"
else
    ok "SIGTERM while a new PDF is written # SKIP the write was never caught"
fi

# batch: stopped half-way, every output is whole or absent
mkdir -p "$TMP/in" "$TMP/out"
for i in 1 2 3 4 5 6; do cp "$TMP/long.md" "$TMP/in/doc$i.md"; done
"$PB_BIN" batch "$TMP/in" -o "$TMP/out" -j 2 -q --progress none 2>/dev/null &
pid=$!
sleep 1
kill -TERM "$pid" 2>/dev/null
wait "$pid"
sleep 0.2
left=$(find "$TMP/out" -name '*.tmp' | wc -l)
check "batch stopped by SIGTERM: no temporary file left ($left)" test "$left" -eq 0
bad=0
for f in "$TMP"/out/*.pdf; do
    [ -f "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1))
done
check "batch stopped by SIGTERM: every output there is a whole PDF" test "$bad" -eq 0
finish
