#!/usr/bin/env python3
"""lastpage.py PDF — exit 1 when the last page of a multi-page PDF holds only
what trails the text (running header, page number, source line, URL) and
none of the document's text: the layout must bring text over with it
(src/layout/flow.c, pb_flow).  Used by tests/e2e/test_templates.sh."""
import re
import subprocess
import sys

txt = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"],
                     capture_output=True, text=True, check=True).stdout
pages = txt.split("\f")
if pages and not pages[-1].strip():
    pages = pages[:-1]
if len(pages) < 2:
    sys.exit(0)
before = [l.strip() for l in pages[-2].splitlines() if l.strip()]
# running header and footer: the first and last lines of the page before,
# whose start (the title, the source) repeats while a section name changes
furniture = {before[0][:8], before[-1][:8]} if before else set()
text = []
for line in pages[-1].splitlines():
    t = line.strip()
    if not t or t[:8] in furniture:
        continue
    if re.search(r"\d+\s*/\s*\d+$|^—\s*\d+\s*—$", t):  # page numbers
        continue
    if re.match(r"^(来源|Source)", t) or re.match(r"^https?://", t):
        continue
    text.append(t)
if not text:
    print(sys.argv[1], "last page holds only trailing matter")
    sys.exit(1)
