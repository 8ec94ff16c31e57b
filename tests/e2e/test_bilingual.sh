#!/bin/sh
# Bilingual briefs: the example with its English sidecar in parallel columns
# (text extraction reads each block's Chinese, then its English, complete),
# bookmarks and title in both languages, the interleaved option, translation
# skeletons and sidecar warnings, and the XML round trip.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"
tr="$PB_TOP/examples/nanjing-21-measures.en.xml"
pdf="$TMP/bi.pdf"

"$PB_BIN" render "$ex" -t bilingual --translation "$tr" -o "$pdf" 2>"$TMP/err"
check "bilingual render exits 0 without warnings" sh -c "[ $? -eq 0 ] && [ ! -s '$TMP/err' ]"
check "qpdf --check is clean" qpdf --check "$pdf"
pdftotext "$pdf" "$TMP/bi.txt" 2>"$TMP/pt.err"
check "pdftotext prints no warning" test ! -s "$TMP/pt.err"
"$PB_BIN" inspect "$ex" --json >"$TMP/doc.json" 2>/dev/null
python3 - "$TMP/doc.json" "$tr" "$TMP/bi.txt" >"$TMP/order.out" 2>&1 <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
ns = {"t": "urn:policybrief:translations:1"}
tr = {e.get("id"): "".join(e.itertext()) for e in ET.parse(sys.argv[2]).getroot().findall("t:t", ns)}
# pdftotext joins a word hyphenated at a line end: compare without hyphens
norm = lambda s: re.sub(r"[\s\-\u00ad]+", "", s)
txt = norm(open(sys.argv[3], encoding="utf-8").read())
def find(s, start):
    return txt.find(norm(s), start)
fails = []
# blocks in document order: section title, then each measure's lead+body
blocks = []
for s in d["sections"]:
    blocks.append((s["id"], s["title"], tr.get(s["id"], "")))
    for m in s["measures"]:
        blocks.append((m["id"], m["lead"] + m["body"],
                       tr.get(m["id"] + ".lead", "") + " " + tr.get(m["id"] + ".body", "")))
pos = 0
for bid, zh, en in blocks:
    z = find(zh, pos)
    if z < 0:
        fails.append(f"{bid}: Chinese text missing or out of order"); continue
    e = find(en, z + len(norm(zh)))
    if e < 0:
        fails.append(f"{bid}: English text missing or not after its Chinese"); continue
    pos = e
print("\n".join(fails) if fails else f"order ok: {len(blocks)} blocks")
PY
check "extraction gives each block's Chinese then its English, complete ($(tail -1 "$TMP/order.out"))" grep -q "order ok" "$TMP/order.out"
grep -v "order ok" "$TMP/order.out" | head -5 | sed 's/^/# /'
qpdf --json "$pdf" 2>/dev/null | python3 -c '
import json, sys
o = json.load(sys.stdin).get("outlines", [])
tops = [i["title"] for i in o]
kids = [k["title"] for i in o for k in i.get("kids", [])]
ok = len(tops) == 6 and all(" / " in t for t in tops) and len(kids) == 21 and all(" / " in t for t in kids)
print("ok" if ok else "bad", tops[:1], kids[:1])
' >"$TMP/outline.txt" 2>&1
check "bookmarks in both languages ($(cat "$TMP/outline.txt" | cut -c1-120))" grep -q "^ok" "$TMP/outline.txt"
check "document title in both languages" sh -c "pdfinfo '$pdf' | grep -q '^Title: *聚力关键核心技术攻坚 锻造国家战略科技力量 / Tackling Key Core'"

# interleaved: each paragraph followed by its translation
"$PB_BIN" render "$ex" -t bilingual --translation "$tr" --set bilingual=interleaved -o "$TMP/il.pdf" 2>/dev/null
pdftotext "$TMP/il.pdf" - 2>/dev/null | tr -d ' \n' >"$TMP/il.txt"
check "interleaved: a measure's Chinese, then its English, then the next measure" \
    sh -c "grep -q '打造创新型链主企业。支持龙头企业.*1\.Buildinnovativechain-leadingenterprises\..*2\.培育壮大科技企业队伍' '$TMP/il.txt'"

# translation skeleton: every id with its source text, usable as a sidecar
"$PB_BIN" inspect "$ex" --xml --translation-skeleton en >"$TMP/skel.xml" 2>/dev/null
check "skeleton lists title, 2 intro paragraphs, 6 sections and 21 leads and bodies" \
    test "$(grep -c '<t id=' "$TMP/skel.xml")" -eq 51
check "skeleton holds the source text" grep -q '<source>打造创新型链主企业。</source>' "$TMP/skel.xml"
sed -e 's|<target></target>|<target>X</target>|' -e '/id="s2.m1.body"/,/<\/t>/d' "$TMP/skel.xml" >"$TMP/partial.xml"
printf '%s\n' '<translations xmlns="urn:policybrief:translations:1" xml:lang="en"><t id="s9.m9.lead">x</t><t id="s1">Title one</t></translations>' >"$TMP/unknown.xml"
"$PB_BIN" render "$ex" -t bilingual --translation "$TMP/unknown.xml" -o "$TMP/u.pdf" 2>"$TMP/u.err"
check "a sidecar with unknown ids: warning listing them, the rest renders" \
    sh -c "[ -s '$TMP/u.pdf' ] && grep -q 'translation-unknown-id' '$TMP/u.err' && grep -q 's9.m9.lead' '$TMP/u.err'"
check "a sidecar that leaves nodes out: warning listing them" grep -q 'not translated: title, intro.1' "$TMP/u.err"
printf 'not xml' >"$TMP/broken.xml"
"$PB_BIN" render "$ex" --translation "$TMP/broken.xml" -o "$TMP/b.pdf" 2>"$TMP/b.err"
check "a broken sidecar: exit 1, file named, no output" sh -c "[ $? -eq 1 ] && grep -q 'broken.xml:1' '$TMP/b.err' && [ ! -e '$TMP/b.pdf' ]"

# round trip: inspect --xml, render that XML: the same display list
"$PB_BIN" inspect "$ex" --xml >"$TMP/doc.xml" 2>/dev/null
"$PB_BIN" render "$ex" --dump-layout >"$TMP/a.dump" 2>/dev/null
"$PB_BIN" render "$TMP/doc.xml" --dump-layout >"$TMP/b.dump" 2>/dev/null
check "round trip: inspect --xml then render gives the same brief" cmp -s "$TMP/a.dump" "$TMP/b.dump"
"$PB_BIN" inspect "$ex" --xml --translation "$tr" >"$TMP/doc-en.xml" 2>/dev/null
"$PB_BIN" render "$ex" -t bilingual --translation "$tr" --dump-layout >"$TMP/c.dump" 2>/dev/null
"$PB_BIN" render "$TMP/doc-en.xml" -t bilingual --dump-layout >"$TMP/d.dump" 2>/dev/null
check "round trip with translations: the XML carries them (same bilingual brief)" cmp -s "$TMP/c.dump" "$TMP/d.dump"
# an edit in the XML shows in the brief
sed 's|<lead>打造创新型链主企业。</lead>|<lead>打造创新型领军企业。</lead>|' "$TMP/doc.xml" >"$TMP/edited.xml"
"$PB_BIN" render "$TMP/edited.xml" --dump-layout >"$TMP/e.dump" 2>/dev/null
check "an edited XML renders the edit" grep -q '打造创新型领军企业' "$TMP/e.dump"
finish
