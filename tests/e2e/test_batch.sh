#!/bin/sh
# policybrief batch: outputs mirroring the input tree, skip-unchanged and
# --force, failure isolation (broken inputs, a crashed worker, a timeout),
# the manifest, sharding with GNU parallel, exit codes.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"
B() { "$PB_BIN" batch "$@"; }

# small_doc FILE N: a short Markdown brief with one section and one measure
small_doc() {
    mkdir -p "$(dirname "$1")"
    printf '# 文件 %s\n\n## 一、总体要求\n\n（一）加强组织领导。第 %s 号文件的正文。\n' \
        "$2" "$2" >"$1"
}

# --- a tree of documents -------------------------------------------------
in="$TMP/in"
mkdir -p "$in/a" "$in/b/c" "$in/.hidden"
cp "$ex" "$in/a/doc1.md"
small_doc "$in/a/doc2.md" 2
small_doc "$in/b/c/doc3.md" 3
small_doc "$in/.hidden/skip.md" 4
small_doc "$in/a/notes.txt" 5
B "$in" -o "$TMP/out" --manifest "$TMP/m1.jsonl" >"$TMP/out1" 2>"$TMP/err1"
check "batch over a folder exits 0" test $? -eq 0
check "nothing printed off a terminal when all is well" test ! -s "$TMP/err1" -a ! -s "$TMP/out1"
check "outputs mirror the input tree" test -s "$TMP/out/a/doc1.pdf" -a -s "$TMP/out/a/doc2.pdf" -a -s "$TMP/out/b/c/doc3.pdf"
check "hidden folders and other extensions are not taken" test ! -e "$TMP/out/.hidden" -a ! -e "$TMP/out/a/notes.pdf"
check "the output is a valid PDF" qpdf --check "$TMP/out/b/c/doc3.pdf"
"$PB_BIN" render "$in/a/doc1.md" -o "$TMP/single.pdf" 2>/dev/null
check "batch output is byte-identical to render's" cmp -s "$TMP/single.pdf" "$TMP/out/a/doc1.pdf"

# --- the manifest --------------------------------------------------------
python3 - "$TMP/m1.jsonl" >"$TMP/man.out" 2>&1 <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
docs, summary = lines[:-1], lines[-1]["summary"]
assert len(docs) == 3, len(docs)
need = {"input", "output", "status", "pages", "bytes", "sections", "measures",
        "claims", "claims_matched", "warnings", "warning_count", "ms"}
for d in docs:
    assert need <= set(d), sorted(need - set(d))
    assert d["status"] == "ok", d
    assert d["pages"] >= 1 and d["bytes"] > 1000 and d["ms"] > 0
big = [d for d in docs if d["input"].endswith("doc1.md")][0]
assert big["sections"] == 6 and big["measures"] == 21, big
assert big["claims_matched"] is True
assert {c["kind"]: c["matched"] for c in big["claims"]} == {"sections": True, "measures": True}
assert big["pages"] == 4
for k in ("documents", "ok", "failed", "skipped", "pages", "ms", "docs_per_s"):
    assert k in summary, k
assert summary["documents"] == 3 and summary["ok"] == 3 and summary["failed"] == 0
assert summary["pages"] == sum(d["pages"] for d in docs)
print("manifest ok")
PY
check "manifest: valid JSON lines with every field, then a summary" grep -q "manifest ok" "$TMP/man.out"
grep -v "manifest ok" "$TMP/man.out" | head -5 | sed 's/^/# /'

# --- skip unchanged, --force, input and template changes -----------------
cp "$PB_TOP/layouts/brief.xml" "$TMP/tpl.xml"
B "$in" -o "$TMP/out2" -t "$TMP/tpl.xml" 2>/dev/null
ls -l --time-style=+%s.%N "$TMP/out2/a/doc1.pdf" >"$TMP/before"
B "$in" -o "$TMP/out2" -t "$TMP/tpl.xml" --manifest "$TMP/m2.jsonl" 2>/dev/null
check "a second run exits 0" test $? -eq 0
check "a second run skips all three" test "$(grep -c '"status":"skipped"' "$TMP/m2.jsonl")" -eq 3
ls -l --time-style=+%s.%N "$TMP/out2/a/doc1.pdf" >"$TMP/after"
check "skipped outputs are not rewritten" cmp -s "$TMP/before" "$TMP/after"
touch -d '2001-01-01' "$TMP/out2/a/doc2.pdf"
B "$in" -o "$TMP/out2" -t "$TMP/tpl.xml" --manifest "$TMP/m3.jsonl" 2>/dev/null
check "an output older than its input is rendered again, only it" \
    sh -c "grep -q 'doc2.md.*\"status\":\"ok\"' '$TMP/m3.jsonl' && test \$(grep -c '\"status\":\"skipped\"' '$TMP/m3.jsonl') -eq 2"
touch -d '+1 minute' "$TMP/tpl.xml"
B "$in" -o "$TMP/out2" -t "$TMP/tpl.xml" --manifest "$TMP/m4.jsonl" 2>/dev/null
check "a template newer than the outputs renders all again" test "$(grep -c '"status":"ok"' "$TMP/m4.jsonl")" -eq 3
B "$in" -o "$TMP/out2" -t "$TMP/tpl.xml" --force --manifest "$TMP/m5.jsonl" 2>/dev/null
check "--force renders up-to-date outputs" test "$(grep -c '"status":"ok"' "$TMP/m5.jsonl")" -eq 3

# --- failure isolation -----------------------------------------------------
bad="$TMP/bad"
mkdir -p "$bad/dir.md"
head -c 20000 /dev/urandom >"$bad/garbage.md"
small_doc "$bad/good1.md" 11
small_doc "$bad/good2.md" 12
printf '%s\n' "$bad/good1.md" "$bad/garbage.md" "$bad/dir.md" \
    "$bad/missing.md" "$bad/good2.md" |
    B - -o "$TMP/bout" -j2 --manifest "$TMP/mb.jsonl" >/dev/null 2>"$TMP/errb"
check "broken inputs mixed in: exit 1" test $? -eq 1
check "the good documents are rendered" test -s "$TMP/bout/$bad/good1.pdf" -a -s "$TMP/bout/$bad/good2.pdf"
check "each broken one is reported on stderr" \
    sh -c "grep -q 'garbage.md.*error' '$TMP/errb' && grep -q 'dir.md.*error.*directory' '$TMP/errb' && grep -q 'missing.md.*error' '$TMP/errb'"
check "three errors, nothing else on stderr" test "$(wc -l <"$TMP/errb")" -eq 3
check "the manifest marks 3 failed with an error, 2 ok" \
    sh -c "test \$(grep -c '\"status\":\"failed\".*\"error\":' '$TMP/mb.jsonl') -eq 3 && test \$(grep -c '\"status\":\"ok\"' '$TMP/mb.jsonl') -eq 2"
check "no output for a broken input, no temporary file left" \
    sh -c "! find '$TMP/bout' -name 'garbage.pdf' -o -name '*.tmp' | grep -q ."

# a worker that dies (here: SIGSEGV while it waits on a FIFO) fails only its
# document; a new worker finishes the rest
crash="$TMP/crash"
mkdir -p "$crash"
mkfifo "$crash/a-stuck.md"
small_doc "$crash/b.md" 21
small_doc "$crash/c.md" 22
printf '%s\n' "$crash/a-stuck.md" "$crash/b.md" "$crash/c.md" >"$crash/list"
"$PB_BIN" batch - -o "$TMP/cout" -j1 --timeout 20 --manifest "$TMP/mc.jsonl" \
    <"$crash/list" >/dev/null 2>"$TMP/errc" &
bpid=$!
wpid=
for i in $(seq 50); do
    # the worker: the child of the batch process (from /proc, no procps)
    wpid=$(grep -l "^PPid:[[:space:]]*$bpid\$" /proc/[0-9]*/status 2>/dev/null |
        head -1 | cut -d/ -f3)
    [ -n "$wpid" ] && break
    sleep 0.1
done
sleep 0.5
[ -n "$wpid" ] && kill -SEGV "$wpid"
wait "$bpid"
rc=$?
check "a crashed worker: exit 1" test "$rc" -eq 1
# (under AddressSanitizer the worker exits with status 1 instead)
check "the crash is reported as that document's failure" \
    grep -qE 'a-stuck.md.*"status":"failed".*(signal 11|worker exited)' "$TMP/mc.jsonl"
check "the other documents are rendered by a new worker" \
    test "$(grep -c '"status":"ok"' "$TMP/mc.jsonl")" -eq 2

printf '%s\n' "$crash/a-stuck.md" "$crash/b.md" |
    B - -o "$TMP/tout" -j1 --timeout 1 --manifest "$TMP/mt.jsonl" >/dev/null 2>"$TMP/errt"
check "--timeout: exit 1" test $? -eq 1
check "--timeout: the stuck document fails, the next is rendered" \
    sh -c "grep -q 'a-stuck.md.*\"status\":\"failed\".*--timeout' '$TMP/mt.jsonl' && grep -q 'b.md.*\"status\":\"ok\"' '$TMP/mt.jsonl'"

# --- shards ----------------------------------------------------------------
many="$TMP/many"
for i in $(seq 1 36); do
    small_doc "$many/d$((i % 4))/s$((i % 3))/doc$i.md" "$i"
done
# three shards side by side, as on three machines
parallel --will-cite -j3 "$PB_BIN" batch "$many" -o "$TMP/sout" -j1 \
    --shard {}/3 --manifest "$TMP/shard{}.jsonl" ::: 0 1 2 2>"$TMP/errs"
check "GNU parallel ran three shards" test $? -eq 0
# shard 1 again from a reversed list on stdin: the same documents
(cd "$many" && find . -name '*.md' | sort -r |
    "$PB_BIN" batch - -o "$TMP/sout-rev" -j1 --shard 1/3 --manifest "$TMP/shard-rev.jsonl") 2>>"$TMP/errs"
python3 - "$many" "$TMP" >"$TMP/shard.out" 2>&1 <<'PY'
import json, os, sys
many, tmp = sys.argv[1], sys.argv[2]
want = sorted(os.path.join(d, f) for d, _, fs in os.walk(many) for f in fs)
seen, per = [], []
for i in range(3):
    docs = [json.loads(l) for l in open(f"{tmp}/shard{i}.jsonl")][:-1]
    assert all(d["status"] == "ok" for d in docs)
    per.append(len(docs))
    seen += [d["input"] for d in docs]
assert sorted(seen) == want, (len(seen), len(want))
assert len(set(seen)) == len(seen), "a document in two shards"
assert min(per) > 0, per
rev = [json.loads(l) for l in open(f"{tmp}/shard-rev.jsonl")][:-1]
one = [json.loads(l) for l in open(f"{tmp}/shard1.jsonl")][:-1]
norm = lambda p: os.path.relpath(os.path.join(many, p) if not p.startswith("/") else p, many)
assert sorted(norm(d["input"]) for d in rev) == sorted(norm(d["input"]) for d in one)
print("shards ok", per)
PY
check "3 shards cover every input exactly once, stable under reordering" grep -q "shards ok" "$TMP/shard.out"
sed 's/^/# /' "$TMP/shard.out" | head -5
check "shards print nothing off a terminal" test ! -s "$TMP/errs"

# --- progress ----------------------------------------------------------------
B "$in" -o "$TMP/pout" --progress=plain 2>"$TMP/errp"
check "--progress=plain prints log lines with done/total" grep -q "^policybrief: batch: 3/3 " "$TMP/errp"

# --- exit codes and usage ----------------------------------------------------
B "$in" >/dev/null 2>&1
check "no -o: usage error 2" test $? -eq 2
B "$in" -o "$TMP/x" --shard 3/3 >/dev/null 2>&1
check "--shard 3/3: usage error 2" test $? -eq 2
B "$in" -o "$TMP/x" -t "$TMP/no-such-template.xml" >/dev/null 2>&1
check "missing template: exit 3" test $? -eq 3
B "$in" -o "$TMP/x" --manifest "$TMP/nodir/m.jsonl" >/dev/null 2>&1
check "unwritable manifest: exit 4" test $? -eq 4
# a news item quoting another text's counts: its claims are not compared
mkdir -p "$TMP/news"
cp "$PB_TOP/tests/data/templates/news-quoting-counts.md" "$TMP/news/"
B "$TMP/news" -o "$TMP/news-out" --manifest "$TMP/news.jsonl" >/dev/null 2>&1
check "manifest: claims not compared have found and matched null" python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], encoding="utf-8").readline())
assert d["claims"] and all(c["found"] is None and c["matched"] is None for c in d["claims"]), d
assert d["claims_matched"] is None, d
' "$TMP/news.jsonl"
finish
