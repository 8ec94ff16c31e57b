#!/bin/sh
# ctex-compare.sh — how loose our justified lines are next to XeLaTeX + ctex
# setting the same text.  The document (default: the example) is rendered
# by policybrief with the brief template, and its text (intro, sections,
# measures with their numbers and bold leads, closing) is set by ctexart in
# the same font (AR PL SungtiL GB, Latin in DejaVu Serif), size (10.5 PDF
# points, 五号: "10.5bp", as TeX's pt is 1/72.27 in), measure (A4 with
# 23 mm side margins: 464.88 pt) and indent (2 em).
# bench/linestretch.py then reads both PDFs' glyph positions and reports,
# for every justified line of 10.5 pt text, the mean space added between
# adjacent Han characters; the loosest line of each is the comparison.
#
# Needs texlive-xetex and texlive-lang-chinese (Debian packages; not in
# packages.txt and not part of `make test`).
#   bench/ctex-compare.sh [DOC] [-v]       (-v: every line)
#   KEEP=DIR bench/ctex-compare.sh          keep the PDFs and .tex in DIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${PB_BIN:-$top/build/release/policybrief}
doc=$top/examples/nanjing-21-measures.md
verbose=
for a in "$@"; do
    case $a in
    -v) verbose=-v ;;
    *) doc=$a ;;
    esac
done
command -v xelatex >/dev/null || { echo "ctex-compare: xelatex not installed" >&2; exit 2; }
tmp=${KEEP:-$(mktemp -d)}
mkdir -p "$tmp"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# the brief template: A4, 23 mm side margins, 10.5 pt body
size=10.5
left=65.197
right=530.083

"$bin" render "$doc" -q -o "$tmp/ours.pdf"
"$bin" inspect "$doc" --json >"$tmp/doc.json"
python3 - "$tmp/doc.json" >"$tmp/ctex.tex" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def tex(s):
    out = []
    for c in s or "":
        out.append({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}",
                    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_",
                    "$": r"\$", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}"}.get(c, c))
    return "".join(out)
print(r"""\documentclass[zihao=5,fontset=none]{ctexart}
\usepackage[a4paper,left=23mm,right=23mm,top=25mm,bottom=22mm]{geometry}
\setCJKmainfont[AutoFakeBold=2.5]{AR PL SungtiL GB}
\setmainfont{DejaVu Serif}
\setlength{\parskip}{4pt}
\begin{document}
\fontsize{10.5bp}{18.9bp}\selectfont
""")
for p in d.get("intro", []):
    print(tex(p) + "\n")
n = 0
def section(s):
    global n
    print(r"\section*{%s}" % tex(s.get("title")))
    for p in s.get("paras", []) or []:
        print(tex(p if isinstance(p, str) else p.get("text", "")) + "\n")
    for m in s.get("measures", []):
        n += 1
        num = m.get("number") or "%d." % n
        print(r"\textbf{%s}\ \textbf{%s}%s" % (tex(num), tex(m.get("lead")),
                                               tex(m.get("body"))) + "\n")
    for sub in s.get("sections", []) or []:
        section(sub)
for s in d.get("sections", []):
    section(s)
for p in d.get("closing", []):
    print(tex(p) + "\n")
print(r"\end{document}")
PY
(cd "$tmp" && xelatex -interaction=nonstopmode -halt-on-error ctex.tex \
    >ctex.log.txt 2>&1) || { tail -20 "$tmp/ctex.log.txt" >&2; exit 1; }
echo "policybrief:"
python3 "$top/bench/linestretch.py" "$tmp/ours.pdf" $size $left $right $verbose
echo "XeLaTeX + ctex:"
python3 "$top/bench/linestretch.py" "$tmp/ctex.pdf" $size $left $right $verbose
