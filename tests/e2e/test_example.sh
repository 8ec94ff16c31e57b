#!/bin/sh
# End to end on the bundled example: structure (inspect --json), the PDF's
# fonts, structure, text, size, determinism, info and outline.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"
pdf="$TMP/brief.pdf"

# --- structure ---------------------------------------------------------
"$PB_BIN" inspect "$ex" --json >"$TMP/doc.json" 2>"$TMP/inspect.err"
check "inspect --json exits 0" test $? -eq 0
python3 - "$TMP/doc.json" "$ex" >"$TMP/struct.out" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
src = open(sys.argv[2], encoding="utf-8").read()
counts = [len(s["measures"]) for s in d["sections"]]
assert counts == [4, 3, 3, 2, 3, 6], counts
assert d["date"] == "2022-01-05", d["date"]
assert d["lang"] == "zh"
claims = {c["kind"]: c for c in d["claims"]}
assert claims["sections"]["value"] == 6 and claims["sections"]["found"] == 6, claims
assert claims["measures"]["value"] == 21 and claims["measures"]["found"] == 21, claims
# every lead is the first sentence of a <p> of the source, exactly
paras = re.findall(r"<p>(.*?)</p>", src)
firsts = [p.split("。")[0] + "。" for p in paras if "。" in p]
for s in d["sections"]:
    for m in s["measures"]:
        assert m["lead"] in firsts, m["lead"]
        assert m["id"].startswith(s["id"] + ".m")
body = json.dumps(d, ensure_ascii=False)
for junk in ("文章来源", "返回", "finews.withounder"):
    assert junk not in " ".join(d["intro"]) and junk not in json.dumps(d["sections"], ensure_ascii=False), junk
assert d["source"] == "金陵晚报", d["source"]
assert d["url"].startswith("http://finews.zning.xyz/"), d["url"]
print("structure ok")
PY
check "6 sections with 4,3,3,2,3,6 measures, leads exact, claims 6 and 21 matched, no trailer" grep -q "structure ok" "$TMP/struct.out"
[ -s "$TMP/struct.out" ] && grep -v "structure ok" "$TMP/struct.out" | head -5 | sed 's/^/# /'

# --- render --------------------------------------------------------------
"$PB_BIN" render "$ex" -o "$pdf" 2>"$TMP/render.err"
check "render exits 0" test $? -eq 0
check "render prints no warning" test ! -s "$TMP/render.err"
check "qpdf --check is clean" qpdf --check "$pdf"
pdffonts "$pdf" >"$TMP/fonts.txt" 2>&1
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") { bad = 1 } END { exit bad }' "$TMP/fonts.txt"
check "pdffonts: every font embedded, subset, with ToUnicode" test $? -eq 0
check "pdffonts lists at least two fonts" test "$(awk 'NR > 2' "$TMP/fonts.txt" | wc -l)" -ge 2
pdftotext "$pdf" "$TMP/text.txt" 2>"$TMP/pdftotext.err"
check "pdftotext prints no warning" test ! -s "$TMP/pdftotext.err"
python3 - "$ex" "$TMP/text.txt" >"$TMP/order.out" 2>&1 <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
body = src.split("---", 2)[2]
paras = re.findall(r"<p>(.*?)</p>", body)
want = re.sub(r"\s+", "", "".join(paras))
got = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
# every character of the body, in order (a subsequence of the extracted text)
i = 0
for ch in got:
    if i < len(want) and ch == want[i]:
        i += 1
if i < len(want):
    print("missing from", repr(want[i:i+30]))
    sys.exit(1)
print("order ok")
PY
check "extracted text holds every body character in order" grep -q "order ok" "$TMP/order.out"
grep -v "order ok" "$TMP/order.out" | head -3 | sed 's/^/# /'
pdftotext -layout "$pdf" "$TMP/layout.txt" 2>/dev/null
bad_start=$(grep -cE '^\s*[、，。：；！？）》」』]' "$TMP/layout.txt")
bad_end=$(grep -cE '[（《「『]\s*$' "$TMP/layout.txt")
check "no line starts with a closing mark ($bad_start)" test "$bad_start" -eq 0
check "no line ends with an opening mark ($bad_end)" test "$bad_end" -eq 0
size=$(stat -c %s "$pdf")
check "PDF is at most 150 KB ($size bytes)" test "$size" -le 150000
"$PB_BIN" render "$ex" -o "$TMP/again.pdf" 2>/dev/null
check "two renders are byte-identical" cmp -s "$pdf" "$TMP/again.pdf"
pdfinfo "$pdf" >"$TMP/info.txt" 2>&1
check "pdfinfo shows the Chinese title" grep -q "^Title: *聚力关键核心技术攻坚 锻造国家战略科技力量" "$TMP/info.txt"
check "pdfinfo shows the creator with version" grep -qE "^Creator: *policybrief [0-9]" "$TMP/info.txt"
check "pdfinfo shows keywords from tags" grep -q "^Keywords: *金陵晚报新闻" "$TMP/info.txt"
check "creation date from the document" grep -q "^CreationDate:.*2022" "$TMP/info.txt"
qpdf --show-npages "$pdf" >"$TMP/npages" 2>&1
check "3 to 6 pages" test "$(cat "$TMP/npages")" -ge 3 -a "$(cat "$TMP/npages")" -le 6
# outline: 6 sections + 21 measures
qpdf --json "$pdf" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
o = d.get("outlines", [])
def count(items):
    return sum(1 + count(i.get("kids", [])) for i in items)
tops = len(o)
kids = sum(len(i.get("kids", [])) for i in o)
print(tops, kids)
' >"$TMP/outline.txt" 2>&1
check "outline: 6 sections with 21 measures beneath ($(cat "$TMP/outline.txt"))" test "$(cat "$TMP/outline.txt")" = "6 21"
check "source URL is a link" sh -c "qpdf --qdf --object-streams=disable '$pdf' - 2>/dev/null | grep -aq '/URI (http://finews.zning.xyz/'"
SOURCE_DATE_EPOCH=86400 "$PB_BIN" render "$ex" -o "$TMP/epoch.pdf" 2>/dev/null
check "SOURCE_DATE_EPOCH sets the creation date" sh -c "pdfinfo '$TMP/epoch.pdf' | grep -q '^CreationDate:.*1970'"
"$PB_BIN" render "$ex" --dump-layout >"$TMP/dump.txt" 2>/dev/null
check "--dump-layout prints pages and text items" sh -c "grep -q '^page 1 595.28x841.89' '$TMP/dump.txt' && grep -q '^  text ' '$TMP/dump.txt'"
finish
