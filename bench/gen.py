#!/usr/bin/env python3
"""gen.py — documents for the benchmarks, made from one real post (a Jekyll
post whose body is a list of <p> paragraphs: a few intro paragraphs, then
sections, each a short heading paragraph followed by its measures).

  gen.py copies N DIR SRC   N documents like SRC in DIR/dNN/docNNNNN.md:
                            each with its own title and its sections in a
                            different order (same size, different text order)
  gen.py repeat K OUT SRC   one long document: SRC's sections K times over

Sections are found by shape only: a heading is a short paragraph without a
sentence end (。！？); the intro is what comes before the first heading;
paragraphs with a class attribute and what follows the body are kept as
the trailer.
"""
import os
import re
import sys

HEADING_MAX = 40


def parse(src):
    text = open(src, encoding="utf-8").read()
    m = re.match(r"(---\n.*?\n---\n)(.*)", text, re.S)
    if not m:
        sys.exit("gen.py: %s has no front matter" % src)
    front, body = m.group(1), m.group(2)
    paras = list(re.finditer(r"<p( [^>]*)?>(.*?)</p>", body, re.S))
    last = max((i for i, p in enumerate(paras) if not p.group(1)), default=-1)
    if last < 0:
        sys.exit("gen.py: no paragraphs in %s" % src)
    tail = body[paras[last].end():]

    def is_heading(p):
        t = re.sub(r"<[^>]+>", "", p.group(2))
        return len(t) <= HEADING_MAX and not re.search("[。！？]", t)

    intro, sections = [], []
    for p in paras[: last + 1]:
        if p.group(1):
            continue
        if is_heading(p) and intro:
            sections.append([p.group(0)])
        elif sections:
            sections[-1].append(p.group(0))
        else:
            intro.append(p.group(0))
    if not sections:
        sys.exit("gen.py: no sections found in %s" % src)
    return front, intro, sections, tail


def write(path, front, intro, sections, tail):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(front)
        f.write("\n".join(intro + [p for s in sections for p in s]))
        f.write(tail)


def retitle(front, suffix):
    return re.sub(r'^(title:\s*")(.*?)(")', lambda m: m.group(1) + m.group(2) + suffix + m.group(3),
                  front, count=1, flags=re.M)


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("copies", "repeat"):
        sys.exit(__doc__)
    mode, n, out, src = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    front, intro, sections, tail = parse(src)
    if mode == "copies":
        for i in range(n):
            k = i % len(sections)
            order = sections[k:] + sections[:k]
            path = os.path.join(out, "d%02d" % (i % 20), "doc%05d.md" % i)
            write(path, retitle(front, " 第%d号" % (i + 1)), intro, order, tail)
    else:
        write(out, front, intro, sections * n, tail)


if __name__ == "__main__":
    main()
