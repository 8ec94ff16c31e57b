#!/bin/sh
# Typography over a corpus: every document of tests/data/corpus/, the
# typography test documents (tests/data/typography/) and examples/ is
# rendered; then, from `pdftotext -layout`, no line may start or end with a
# prohibited mark (GB/T 15834 避头尾, TYPOGRAPHY rule 1), split —— or ……,
# split a number or a Latin word (a hyphen drawn at a line end is
# hyphenation, allowed), or break a URL anywhere but after a '/'; and from
# `--dump-layout` every Han character next to a Latin letter or digit on a
# line must keep its gap (rule 4: 1/4 em, never shrunk below 1/8 em).
. "$PB_TOP/tests/e2e/lib.sh"

docs=$(ls "$PB_TOP"/tests/data/corpus/*.md "$PB_TOP"/tests/data/corpus/*.html \
          "$PB_TOP"/tests/data/corpus/*.xml "$PB_TOP"/tests/data/typography/* \
          "$PB_TOP"/examples/*.md 2>/dev/null)
check "there are documents to check" test -n "$docs"

cat >"$TMP/check.py" <<'PY'
# check.py SOURCE TEXT DUMP FONTDIR: prints one problem a line, nothing when clean
import json, os, re, subprocess, struct, sys

src_path, text_path, dump_path, FONT_DIR = sys.argv[1:5]
src = open(src_path, encoding="utf-8", errors="replace").read()
lines = open(text_path, encoding="utf-8").read().split("\n")
problems = []

NO_START = set("、，。．：；！？”’）》〉」』】〕〗〙〛］｝·・～－／,.;:!?)]}%")
NO_END = set("“‘（《〈「『【〔〖〘〚［｛([{")

def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF

def is_alnum(c):
    return c.isascii() and c.isalnum()

# --- pdftotext -layout: line starts and ends --------------------------------
src_flat = re.sub(r"\s+", " ", src)
src_tokens = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9.,%@_\-]*", src))
urls = re.findall(r"(?:https?://|ftp://|www\.)[!-~]+", src)
text = [l.rstrip() for l in lines]
for i, l in enumerate(text):
    s = l.lstrip()
    if not s or s.startswith("\f"):
        continue
    if re.fullmatch(r"— ?\d+ ?—", s):
        continue  # a page number in the GB/T 9704 style
    prev = text[i - 1].rstrip() if i > 0 else ""
    if s[0] in NO_START:
        problems.append("line %d starts with %r: %s" % (i + 1, s[0], s[:30]))
    if s[-1] in NO_END:
        problems.append("line %d ends with %r: %s" % (i + 1, s[-1], s[-30:]))
    if prev and prev[-1] in "—…" and s[0] == prev[-1]:
        problems.append("line %d splits %s: %s / %s" % (i + 1, prev[-1] * 2,
                                                         prev[-20:], s[:20]))
    if prev:
        t = re.search(r"[!-~]+$", prev)
        u = re.match(r"[!-~]+", s)
        if t and u:
            t, u = t.group(0), u.group(0)
            # a URL breaks only after a '/'
            if any((t + u) in url for url in urls):
                if not t.endswith("/"):
                    problems.append("line %d breaks a URL after %r: %s / %s"
                                    % (i + 1, t[-1], t, u))
            else:
                a = re.search(r"[A-Za-z0-9]+$", t)
                b = re.match(r"[A-Za-z0-9]+", u)
                if a and b and not t.endswith("-"):
                    joined = a.group(0) + b.group(0)
                    spaced = a.group(0) + " " + b.group(0)
                    if joined in src_tokens and spaced not in src_flat:
                        problems.append("line %d splits %r: %s / %s"
                                        % (i + 1, joined, t, u))

# --- the display list: Han–Latin gaps --------------------------------------
fonts = {}
fmt = "%{postscriptname}\t%{file}\t%{index}\n"
fc = subprocess.run(["fc-list", "--format", fmt], capture_output=True, text=True).stdout
# fonts dropped into the fontsets folder win, as they do for policybrief
dropped = [os.path.join(FONT_DIR, f) for f in sorted(os.listdir(FONT_DIR))
           if f.lower().endswith((".ttf", ".ttc", ".otf"))] if os.path.isdir(FONT_DIR) else []
if dropped:
    fc = subprocess.run(["fc-scan", "--format", fmt] + dropped,
                        capture_output=True, text=True).stdout + fc
for row in fc.splitlines():
    parts = row.split("\t")
    if len(parts) == 3 and parts[0] not in fonts:
        fonts[parts[0]] = (parts[1], int(parts[2] or 0))

class Font:
    def __init__(self, path, index):
        d = self.d = open(path, "rb").read()
        off = 0
        if d[:4] == b"ttcf":
            off = struct.unpack(">I", d[12 + 4 * index:16 + 4 * index])[0]
        n = struct.unpack(">H", d[off + 4:off + 6])[0]
        self.t = {}
        for k in range(n):
            r = off + 12 + 16 * k
            self.t[d[r:r + 4]] = struct.unpack(">II", d[r + 8:r + 16])
        self.upem = struct.unpack(">H", d[self.t[b"head"][0] + 18:][:2])[0]
        self.nhm = struct.unpack(">H", d[self.t[b"hhea"][0] + 34:][:2])[0]
        self.cmap = None
        c = self.t[b"cmap"][0]
        for k in range(struct.unpack(">H", d[c + 2:c + 4])[0]):
            pid, eid, so = struct.unpack(">HHI", d[c + 4 + 8 * k:c + 12 + 8 * k])
            if pid == 3 and eid in (1, 10) and struct.unpack(">H", d[c + so:c + so + 2])[0] == 4:
                self.cmap = c + so
        self.cache = {}

    def glyph(self, cp):
        d, s = self.d, self.cmap
        segx2 = struct.unpack(">H", d[s + 6:s + 8])[0]
        ends, starts = s + 14, s + 16 + segx2
        deltas, ranges = starts + segx2, starts + 2 * segx2
        for k in range(segx2 // 2):
            end = struct.unpack(">H", d[ends + 2 * k:ends + 2 * k + 2])[0]
            if cp > end:
                continue
            start = struct.unpack(">H", d[starts + 2 * k:starts + 2 * k + 2])[0]
            if cp < start:
                return 0
            delta = struct.unpack(">h", d[deltas + 2 * k:deltas + 2 * k + 2])[0]
            ro = struct.unpack(">H", d[ranges + 2 * k:ranges + 2 * k + 2])[0]
            if ro == 0:
                return (cp + delta) & 0xFFFF
            a = ranges + 2 * k + ro + 2 * (cp - start)
            g = struct.unpack(">H", d[a:a + 2])[0]
            return (g + delta) & 0xFFFF if g else 0
        return 0

    def advance(self, cp):
        if cp not in self.cache:
            g = self.glyph(cp) if cp < 0x10000 and self.cmap else 0
            g = min(g, self.nhm - 1)
            h = self.t[b"hmtx"][0]
            self.cache[cp] = struct.unpack(">H", self.d[h + 4 * g:h + 4 * g + 2])[0] / self.upem
        return self.cache[cp]

loaded = {}
def font(name):
    if name not in loaded:
        loaded[name] = Font(*fonts[name]) if name in fonts else None
    return loaded[name]

item_re = re.compile(r'\s*text x=(\S+) y=(\S+) font=(\S+) size=(\S+)(?: tc=(\S+))?.* color=\S+ ("(?:[^"\\]|\\.)*")$')
items = []
page = 0
for l in open(dump_path, encoding="utf-8"):
    if l.startswith("page "):
        page += 1
    m = item_re.match(l.rstrip("\n"))
    if m:
        items.append((page, float(m.group(1)), m.group(2), m.group(3),
                      float(m.group(4)), float(m.group(5) or 0), json.loads(m.group(6))))
for k, (pg, x, y, name, size, tc, s) in enumerate(items):
    for a, b in zip(s, s[1:]):
        if (is_han(a) and is_alnum(b)) or (is_alnum(a) and is_han(b)):
            problems.append("page %d y=%s: no gap in %r" % (pg, y, s))
            break
    if k + 1 >= len(items):
        continue
    pg2, x2, y2, name2, size2, tc2, s2 = items[k + 1]
    if pg2 != pg or y2 != y or not s or not s2 or x2 <= x:
        continue
    a, b = s[-1], s2[0]
    if not ((is_han(a) and is_alnum(b)) or (is_alnum(a) and is_han(b))):
        continue
    f = font(name)
    if f is None:
        problems.append("font %s not found by fc-list" % name)
        continue
    end = x + sum(f.advance(ord(c)) * size + tc for c in s)
    em = max(size, size2)
    if x2 - end < em / 8 - 0.03:
        problems.append("page %d y=%s: %.2f pt (%.3f em) between %r and %r"
                        % (pg, y, x2 - end, (x2 - end) / em, s[-12:], s2[:12]))
for p in problems:
    print(p)
PY

for doc in $docs; do
    name=$(basename "$doc")
    "$PB_BIN" render "$doc" -q --dump-layout -o "$TMP/$name.pdf" \
        >"$TMP/$name.dump" 2>"$TMP/$name.err"
    if [ $? -ne 0 ]; then
        not_ok "$name: render failed"
        sed 's/^/# /' "$TMP/$name.err"
        continue
    fi
    pdftotext -layout "$TMP/$name.pdf" "$TMP/$name.txt" 2>/dev/null
    python3 "$TMP/check.py" "$doc" "$TMP/$name.txt" "$TMP/$name.dump" \
        "$PB_TOP/fonts" >"$TMP/$name.problems" 2>&1
    if [ -s "$TMP/$name.problems" ]; then
        not_ok "$name: line breaks and Han–Latin gaps"
        head -20 "$TMP/$name.problems" | sed 's/^/# /'
    else
        ok "$name: line breaks and Han–Latin gaps"
    fi
done
finish
