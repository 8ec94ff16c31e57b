#!/bin/sh
# Templates: every built-in template renders the example (and every corpus
# document) cleanly; the GB/T 9704 numbers hold in the display list; a
# template made by copying brief.xml and changing colours, margins and fonts
# works without touching C; `templates` lists them.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"

"$PB_BIN" templates >"$TMP/list.txt" 2>&1
check "templates lists brief, gbt9704, memo" sh -c "grep -q '^brief ' '$TMP/list.txt' && grep -q '^gbt9704 ' '$TMP/list.txt' && grep -q '^memo ' '$TMP/list.txt'"

docs="$ex"
for f in "$PB_TOP"/tests/data/corpus/*.md "$PB_TOP"/tests/data/corpus/*.html "$PB_TOP"/tests/data/corpus/*.xml; do
    [ -f "$f" ] && docs="$docs $f"
done
for t in brief gbt9704 memo; do
    bad=""
    for d in $docs; do
        out="$TMP/$t-$(basename "$d").pdf"
        if ! "$PB_BIN" render "$d" -t "$t" -o "$out" -q 2>"$TMP/err"; then
            bad="$bad $(basename "$d")(render)"; continue
        fi
        qpdf --check "$out" >/dev/null 2>&1 || bad="$bad $(basename "$d")(qpdf)"
        pdftotext "$out" - 2>"$TMP/pt.err" >/dev/null
        [ -s "$TMP/pt.err" ] && bad="$bad $(basename "$d")(pdftotext)"
        python3 "$PB_TOP/tests/lastpage.py" "$out" >/dev/null ||
            bad="$bad $(basename "$d")(last page without text)"
    done
    check "template $t renders every document cleanly${bad:+:$bad}" test -z "$bad"
done

# --- GB/T 9704 numbers from the display list ---------------------------
"$PB_BIN" render "$ex" -t gbt9704 --dump-layout \
    --set 发文机关=某市人民政府 --set 发文字号="某政发〔2022〕1号" \
    --set 主送机关=各区人民政府 --set 抄送=市委各部门 --set 印发机关=某市人民政府办公厅 \
    --set 印发日期=2022年1月6日 >"$TMP/g.dump" 2>/dev/null
python3 - "$TMP/g.dump" >"$TMP/g.out" 2>&1 <<'PY'
import re, sys
pages = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        pages.append([])
    m = re.match(r'  text x=([\d.-]+) y=([\d.-]+) font=(\S+) size=([\d.]+)(?: tc=([\d.-]+))?.*"(.*)"$', line)
    if m:
        pages[-1].append((float(m.group(1)), float(m.group(2)), float(m.group(4)),
                          float(m.group(5) or 0), m.group(6)))
MM = 72 / 25.4
left, top = 28 * MM, 841.89 - 37 * MM          # type area: 79.37, 737.01
width, height = 156 * MM, 225 * MM              # 442.20 x 637.80
right, bottom = left + width, top - height
pitch = height / 22
cell = width / 28
base0 = top - (pitch - 16) / 2 - 0.88 * 16
fails = []
def fail(msg):
    fails.append(msg)
title = [t for p in pages for t in p if t[2] == 22.0]
if not title: fail("no 22 pt title")
body = [(i, t) for i, p in enumerate(pages) for t in p if t[2] == 16.0]
if not body: fail("no 16 pt body")
for i, t in body:
    if t[0] < left - 0.5: fail(f"page {i+1}: text left of the type area at x={t[0]}")
    cjk = all(ord(ch) > 0x2E80 for ch in t[4])
    if cjk and t[0] + len(t[4]) * (16 + t[3]) - t[3] > right + 0.5 + 16:
        fail(f"page {i+1}: text beyond the type area: {t[4]}")
# the grid: on pages after the first, every body baseline is a grid line
for i, p in enumerate(pages):
    if i == 0: continue
    ys = sorted({round(t[1], 2) for t in p if t[2] == 16.0}, reverse=True)
    for y in ys:
        k = (base0 - y) / pitch
        if abs(k - round(k)) > 0.02 or not (0 <= round(k) <= 21):
            fail(f"page {i+1}: baseline {y} is off the 22-line grid (line {k:.2f})")
    if ys and round((base0 - ys[-1]) / pitch) == 21 and len(ys) != 22:
        fail(f"page {i+1}: a full page with {len(ys)} lines")
    if len(ys) > 22: fail(f"page {i+1}: {len(ys)} lines")
# pages between the first and the last are filled to 22 lines, as official
# documents are (no widow or orphan control); 21 only where a heading went
# over to keep its first lines with it (the next page opens in another face)
faces = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        faces.append([])
    m = re.match(r'  text x=[\d.-]+ y=([\d.-]+) font=(\S+) size=16\.00', line)
    if m:
        faces[-1].append((float(m.group(1)), m.group(2)))
body_face = max({f for p in faces for _, f in p},
                key=lambda f: sum(1 for p in faces for _, g in p if g == f))
for i in range(1, len(pages) - 1):
    n = len({round(t[1], 2) for t in pages[i] if t[2] == 16.0})
    nxt = max(faces[i + 1])[1] if faces[i + 1] else None
    if n < 22 and not (n == 21 and nxt != body_face):
        fail(f"page {i+1}: {n} lines on a page that is not the last")
# full lines of Han text hold 28 characters (a line that ends with a pushed
# character may hold 27)
full = 0
for i, p in enumerate(pages):
    lines = {}
    for t in p:
        if t[2] == 16.0: lines.setdefault(round(t[1], 2), []).append(t)
    for y, runs in lines.items():
        runs.sort()
        text = "".join(r[4] for r in runs)
        if not all(ord(ch) > 0x2E80 for ch in text): continue
        last = runs[-1]
        end = last[0] + len(last[4]) * (16 + last[3]) - last[3]
        indent = round((runs[0][0] - left) / cell)
        if abs(end - right) < 1.0 and indent == 0:
            full += 1
            if len(text) not in (27, 28):
                fail(f"page {i+1}: a full line holds {len(text)} characters: {text}")
if full < 20: fail(f"only {full} full lines checked")
# page numbers: 14 pt, odd pages right, even pages left, one character in
for i, p in enumerate(pages):
    nums = [t for t in p if t[2] == 14.0 and t[1] < bottom - 20]
    if not any(re.search(r"\d", t[4]) for t in nums): fail(f"page {i+1}: no page number"); continue
    x = min(t[0] for t in nums)
    if (i + 1) % 2 == 1 and x < left + width / 2: fail(f"page {i+1}: odd page number not on the right")
    if (i + 1) % 2 == 0 and abs(x - (left + 14)) > 1: fail(f"page {i+1}: even page number not one character in from the left ({x})")
    ybase = min(t[1] for t in nums)
    if not (bottom - 8 * MM - 14 < ybase < bottom - 6 * MM): fail(f"page {i+1}: page number not 7 mm below the type area ({ybase})")
print("\n".join(fails) if fails else f"gbt9704 ok: {len(pages)} pages, {full} full lines")
PY
check "gbt9704: type area, 22-line grid, 28-character lines, title 22 pt, body 16 pt, page numbers ($(tail -1 "$TMP/g.out"))" grep -q "gbt9704 ok" "$TMP/g.out"
grep -v "gbt9704 ok" "$TMP/g.out" | head -5 | sed 's/^/# /'
check "gbt9704: red rule and issuer mark are red" sh -c "grep -q 'color=#d7000f \"某市人民政府\"' '$TMP/g.dump' && grep -q 'line .* color=#d7000f' '$TMP/g.dump'"
check "gbt9704: imprint with cc and printer" sh -c "grep -q '抄送：市委各部门。' '$TMP/g.dump' && grep -q '"日印发"' '$TMP/g.dump'"
check "gbt9704: stand-in fonts named in a warning" sh -c "'$PB_BIN' render '$ex' -t gbt9704 -o '$TMP/w.pdf' 2>&1 | grep -q 'font-stand-in'"

# --- a template of one's own, made by copying brief.xml ------------------
sed -e 's/#9e1b1b/#1b5e20/' -e 's/margin-left="23mm"/margin-left="35mm"/' \
    -e 's/name="brief"/name="green"/' \
    -e 's/<style name="base" role="serif"/<style name="base" role="kai"/' \
    "$PB_TOP/layouts/brief.xml" >"$TMP/green.xml"
"$PB_BIN" render "$ex" -t "$TMP/green.xml" -o "$TMP/green.pdf" --dump-layout >"$TMP/green.dump" 2>"$TMP/green.err"
check "a copied template with other colours, margins and fonts renders" test -s "$TMP/green.pdf"
check "  its colour is used" grep -q 'color=#1b5e20' "$TMP/green.dump"
check "  its margin is used (35 mm = 99.21 pt)" grep -q 'text x=99.21 ' "$TMP/green.dump"
check "  its font role is used" grep -q 'font=LXGWWenKai' "$TMP/green.dump"

# --- faults in a template are refused with file, line and fault ----------
sed 's/size="10.5pt"/size="10.5px"/' "$PB_TOP/layouts/brief.xml" >"$TMP/bad-unit.xml"
"$PB_BIN" render "$ex" -t "$TMP/bad-unit.xml" -o "$TMP/bad.pdf" 2>"$TMP/err"
rc=$?
check "bad unit: exit 3, file:line and attribute named, no output" sh -c "[ $rc -eq 3 ] && grep -qE 'bad-unit\.xml:[0-9]+: error: attribute size' '$TMP/err' && [ ! -e '$TMP/bad.pdf' ]"
sed 's/<style name="title" /<style name="title" colour="red" /' "$PB_TOP/layouts/brief.xml" >"$TMP/bad-attr.xml"
"$PB_BIN" render "$ex" -t "$TMP/bad-attr.xml" -o "$TMP/bad.pdf" 2>"$TMP/err"
rc=$?
check "unknown attribute: exit 3, file:line and attribute named" sh -c "[ $rc -eq 3 ] && grep -qE 'bad-attr\.xml:[0-9]+: error: .*colour' '$TMP/err'"
sed 's/role="sans"/role="gothic"/' "$PB_TOP/layouts/brief.xml" >"$TMP/bad-role.xml"
"$PB_BIN" render "$ex" -t "$TMP/bad-role.xml" -o "$TMP/bad.pdf" 2>"$TMP/err"
rc=$?
check "missing font role: exit 3, role named" sh -c "[ $rc -eq 3 ] && grep -qE 'bad-role\.xml:[0-9]+: error: .*gothic' '$TMP/err'"

# --- --set overrides any field ------------------------------------------
# 抄送 running over two lines: the second hangs under the first name after
# 抄送： (GB/T 9704 7.4.2), 3 characters of 四号 (42 pt) in from the first
"$PB_BIN" render "$ex" -t gbt9704 --dump-layout -q \
    --set 抄送=市委各部门，市人大常委会办公厅，市政协办公厅，市监委，市法院，市检察院，南京警备区，各人民团体，各新闻单位 \
    >"$TMP/cc.dump" 2>/dev/null
check "gbt9704: 抄送 continuation lines hang under the first name" python3 - "$TMP/cc.dump" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r'  text x=([\d.]+) y=([\d.]+) \S+ size=14\.00.*"(.*)"$', line)
    if m and not m.group(3).startswith("—"):
        y = float(m.group(2))
        rows.setdefault(y, []).append((float(m.group(1)), m.group(3)))
ys = sorted(rows, reverse=True)
first = min(rows[ys[0]])
second = min(rows[ys[1]])
assert first[1].startswith("抄送"), first
assert "新闻单位" in "".join(t for _, t in rows[ys[1]]), rows[ys[1]]
assert abs(second[0] - (first[0] + 42)) < 0.5, (first, second)
PY

# news quoting a policy's counts: no overview panel (no sections), no claim
# marked wrong, a key-figures table without the (empty) measure column
news="$PB_TOP/tests/data/templates/news-quoting-counts.md"
"$PB_BIN" render "$news" -o "$TMP/news.pdf" 2>"$TMP/news.err"
pdftotext "$TMP/news.pdf" "$TMP/news.txt" 2>/dev/null
check "news quoting counts: no claim-mismatch warning" test ! -s "$TMP/news.err"
check "news quoting counts: figures table without a measure column, no ✗" \
    sh -c "grep -q '关键数字' '$TMP/news.txt' && ! grep -q '所属措施' '$TMP/news.txt' && ! grep -q '✗' '$TMP/news.txt'"

# "1." measures: text follows the number directly in gbt9704 (GB/T 9704
# 7.3.3), after a space in the brief; provisions and the attachment note
# after the last measure are set after it, once
dot="$PB_TOP/tests/data/templates/dot-numbered-measures.html"
"$PB_BIN" render "$dot" -t gbt9704 -q -o "$TMP/dot-g.pdf" 2>/dev/null
"$PB_BIN" render "$dot" -q -o "$TMP/dot-b.pdf" 2>/dev/null
check "gbt9704: 1.持续… with no space after the number; brief: 1. 持续…" \
    sh -c "pdftotext '$TMP/dot-g.pdf' - | grep -q '^1\.持续' && pdftotext '$TMP/dot-b.pdf' - | grep -q '1\. 持续'"
check "provision and attachment note follow the last measure, once each" \
    sh -c "pdftotext '$TMP/dot-g.pdf' - | tr -d '\n' | grep -q '政策机制。本措施自印发之日起实施.*附件：民营经济发展政策清单'"

# key figures name a measure by its section too only where numbers start
# again in each section ((三)1.), not where they are unique (1.1, 2.1)
"$PB_BIN" render "$PB_TOP/tests/data/corpus/two-level-opinion.md" -q -o "$TMP/tl.pdf" 2>/dev/null
"$PB_BIN" render "$PB_TOP/tests/data/corpus/english-strategy.html" -q -o "$TMP/en.pdf" 2>/dev/null
check "key figures: （三）1. where numbers restart, 1.1 alone where they do not" \
    sh -c "pdftotext '$TMP/tl.pdf' - | grep -q '（三）1\. 加强' && pdftotext '$TMP/en.pdf' - | grep -q '^1\.1 Publish budgets' && ! pdftotext '$TMP/en.pdf' - | grep -q 'Part I1'"

# a document that signs itself (signature and date in its closing, a date
# in its front matter) is not signed a second time by the template's
# signature block; its closing provision (本措施自…起施行) is printed once,
# before the signature, as body text rather than part of the last measure
signed="$PB_TOP/tests/data/templates/signed-measures.md"
"$PB_BIN" render "$signed" -t gbt9704 -q -o "$TMP/signed.pdf" 2>/dev/null
pdftotext "$TMP/signed.pdf" "$TMP/signed.txt" 2>/dev/null
check "gbt9704: a document's own signature date is printed once" \
    test "$(grep -o '2022年1月5日' "$TMP/signed.txt" | wc -l)" -eq 1
check "gbt9704: the closing provision is printed once, before the signature" \
    sh -c "grep -c '本措施自2022年2月' '$TMP/signed.txt' | grep -qx 1 && tr -d '\n' <'$TMP/signed.txt' | grep -q '给予安家补贴。本措施自2022年2月.*市人民政府'"
"$PB_BIN" render "$ex" --set title=改过的标题 --set source=某报 --dump-layout >"$TMP/set.dump" 2>/dev/null
check "--set title and source change the brief" sh -c "grep -q '\"改过的标题\"' '$TMP/set.dump' && grep -q '某报' '$TMP/set.dump'"
"$PB_BIN" render "$ex" --set novalue 2>"$TMP/err" >/dev/null
check "--set without = is a usage error" test $? -eq 2
finish
