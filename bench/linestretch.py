#!/usr/bin/env python3
"""linestretch.py — how loose the justified lines of a PDF are, measured
from the glyph positions in the PDF itself, the same way whatever made it.

Usage: linestretch.py FILE.pdf SIZE_PT LEFT_PT RIGHT_PT [-v]

qpdf exports the PDF as JSON with its content streams decoded; this script
runs the text operators (Tf Tc Tw Tz TL Td TD Tm T* Tj TJ ' ", and cm q Q)
to place every glyph, takes glyph widths from the fonts' /W or /Widths and
characters from their ToUnicode maps.  Glyphs of SIZE_PT type on one
baseline form a line; a line is justified when it reaches both LEFT_PT
(give or take a 2 em indent) and RIGHT_PT.  Between two adjacent Han
characters the space beyond the first one's advance is what justification
added; a line's stretch is the mean of those, in em.  Standard library
only.
"""
import base64
import json
import re
import subprocess
import sys


def load(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf, "-"],
                         check=True, capture_output=True).stdout
    d = json.loads(out)
    return d["qpdf"][1]


def ref(objs, v):
    while isinstance(v, str) and v.endswith(" R"):
        o = objs.get("obj:" + v, {})
        v = o.get("value", o.get("stream", {}).get("dict"))
    return v


def stream_data(objs, v):
    o = objs.get("obj:" + v, {})
    s = o.get("stream", {})
    return base64.b64decode(s.get("data", "")) if s else b""


TOKEN = re.compile(rb"\s*(?:(%[^\r\n]*)|(\[)|(\])|(<<)|(>>)|(<[0-9A-Fa-f\s]*>)|"
                   rb"(\()|(/[^\s/\[\]()<>{}%]*)|([+-]?(?:\d+\.?\d*|\.\d+))|"
                   rb"([A-Za-z'\"*][A-Za-z0-9*'\"]*))")


def literal(data, pos):
    """A literal string starting after '(' at pos: (bytes, new pos)."""
    out, depth = bytearray(), 1
    while pos < len(data):
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            e = data[pos]
            pos += 1
            if 0x30 <= e <= 0x37:
                v = e - 0x30
                for _ in range(2):
                    if pos < len(data) and 0x30 <= data[pos] <= 0x37:
                        v = v * 8 + data[pos] - 0x30
                        pos += 1
                out.append(v & 255)
            else:
                out.append({0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8,
                            0x66: 12}.get(e, e))
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                break
            out.append(c)
        else:
            out.append(c)
    return bytes(out), pos


def tokens(data):
    pos, stack = 0, []
    while pos < len(data):
        m = TOKEN.match(data, pos)
        if not m or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        if m.group(1):
            continue
        if m.group(2) or m.group(4):
            stack.append([])
            continue
        if m.group(3) or m.group(5):
            v = stack.pop() if stack else []
            if stack:
                stack[-1].append(v)
            else:
                yield ("val", v)
            continue
        if m.group(6):
            v = bytes.fromhex(re.sub(rb"\s", b"", m.group(6)[1:-1]).decode()
                              + ("0" if len(re.sub(rb"\s", b"", m.group(6)[1:-1])) % 2 else ""))
        elif m.group(7):
            v, pos = literal(data, pos)
        elif m.group(8):
            v = m.group(8).decode("latin-1")
        elif m.group(9):
            v = float(m.group(9))
        else:
            op = m.group(10).decode()
            if stack:
                stack[-1].append(op)
                continue
            yield ("op", op)
            continue
        if stack:
            stack[-1].append(v)
        else:
            yield ("val", v)


def to_unicode(objs, r):
    m = {}
    if not r:
        return m
    data = stream_data(objs, r).decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            m[int(a, 16)] = bytes.fromhex(b).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, c in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*"
                                  r"(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            lo, hi = int(a, 16), int(b, 16)
            if c.startswith("<"):
                base = bytes.fromhex(c[1:-1]).decode("utf-16-be", "replace")
                for k in range(hi - lo + 1):
                    m[lo + k] = base[:-1] + chr(ord(base[-1]) + k)
            else:
                for k, u in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", c)):
                    m[lo + k] = bytes.fromhex(u).decode("utf-16-be", "replace")
    return m


class Font:
    def __init__(self, objs, fd):
        self.two = fd.get("/Subtype") == "/Type0"
        self.widths, self.dw = {}, 1000.0
        if self.two:
            cid = ref(objs, ref(objs, fd["/DescendantFonts"])[0])
            self.dw = float(cid.get("/DW", 1000))
            w = ref(objs, cid.get("/W", [])) or []
            i = 0
            while i < len(w):
                first = int(w[i])
                nxt = ref(objs, w[i + 1])
                if isinstance(nxt, list):
                    for k, v in enumerate(nxt):
                        self.widths[first + k] = float(v)
                    i += 2
                else:
                    for k in range(first, int(nxt) + 1):
                        self.widths[k] = float(w[i + 2])
                    i += 3
        else:
            fc = int(fd.get("/FirstChar", 0))
            for k, v in enumerate(ref(objs, fd.get("/Widths", [])) or []):
                self.widths[fc + k] = float(v)
            self.dw = 0.0
        self.uni = to_unicode(objs, fd.get("/ToUnicode"))

    def codes(self, s):
        if self.two:
            return [(s[i] << 8) | s[i + 1] for i in range(0, len(s) - 1, 2)]
        return list(s)

    def width(self, c):
        return self.widths.get(c, self.dw) / 1000.0


def mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def glyphs(objs):
    """Every glyph: (page, x, y, size, char, advance) in points."""
    pages = [k for k, v in objs.items()
             if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Page"]
    # page order: follow the page tree
    root = ref(objs, ref(objs, objs["trailer"]["value"]["/Root"])["/Pages"])
    order = []

    def walk(node):
        for kid in ref(objs, node["/Kids"]):
            kd = ref(objs, kid)
            if kd.get("/Type") == "/Pages":
                walk(kd)
            else:
                order.append(kid)
    walk(root)
    out = []
    for pno, pref in enumerate(order):
        page = ref(objs, pref)
        res = ref(objs, page.get("/Resources", {})) or {}
        fonts = {}
        for name, fr in (ref(objs, res.get("/Font", {})) or {}).items():
            fonts[name] = Font(objs, ref(objs, fr))
        contents = page.get("/Contents")
        refs = ref(objs, contents) if isinstance(ref(objs, contents), list) \
            else [contents]
        data = b"\n".join(stream_data(objs, r) for r in refs)
        ctm, stack = [1, 0, 0, 1, 0, 0], []
        tm = tlm = [1, 0, 0, 1, 0, 0]
        font, size, tc, tw, th, tl = None, 0.0, 0.0, 0.0, 1.0, 0.0
        args = []

        def show(s):
            nonlocal tm
            for c in font.codes(s) if font else []:
                trm = mul([size * th, 0, 0, size, 0, 0], mul(tm, ctm))
                w = font.width(c)
                adv = (w * size + tc + (tw if (not font.two and c == 32) else 0)) * th
                ch = font.uni.get(c, "")
                out.append((pno + 1, trm[4], trm[5], size * abs(ctm[3] or 1),
                            ch, w * size * th))
                tm = mul([1, 0, 0, 1, adv, 0], tm)

        for kind, v in tokens(data):
            if kind == "val":
                args.append(v)
                continue
            op = v
            try:
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop() if stack else ctm
                elif op == "cm":
                    ctm = mul([float(a) for a in args[-6:]], ctm)
                elif op == "BT":
                    tm = tlm = [1, 0, 0, 1, 0, 0]
                elif op == "Tf":
                    font, size = fonts.get(args[-2]), float(args[-1])
                elif op == "Tc":
                    tc = float(args[-1])
                elif op == "Tw":
                    tw = float(args[-1])
                elif op == "Tz":
                    th = float(args[-1]) / 100
                elif op == "TL":
                    tl = float(args[-1])
                elif op in ("Td", "TD"):
                    tx, ty = float(args[-2]), float(args[-1])
                    if op == "TD":
                        tl = -ty
                    tlm = mul([1, 0, 0, 1, tx, ty], tlm)
                    tm = tlm
                elif op == "Tm":
                    tlm = tm = [float(a) for a in args[-6:]]
                elif op == "T*":
                    tlm = mul([1, 0, 0, 1, 0, -tl], tlm)
                    tm = tlm
                elif op == "Tj":
                    show(args[-1])
                elif op in ("'", '"'):
                    if op == '"':
                        tw, tc = float(args[-3]), float(args[-2])
                    tlm = mul([1, 0, 0, 1, 0, -tl], tlm)
                    tm = tlm
                    show(args[-1])
                elif op == "TJ":
                    for e in args[-1]:
                        if isinstance(e, (bytes, bytearray)):
                            show(e)
                        else:
                            tm = mul([1, 0, 0, 1, -float(e) / 1000 * size * th, 0], tm)
            except (IndexError, ValueError, TypeError, KeyError):
                pass
            args = []
    return out


def is_han(c):
    return len(c) == 1 and (0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF)


def main():
    pdf = sys.argv[1]
    size, left, right = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    verbose = "-v" in sys.argv
    objs = load(pdf)
    lines = {}
    for g in glyphs(objs):
        pno, x, y, sz, ch, adv = g
        if abs(sz - size) > 0.01 or not ch.strip():
            continue
        lines.setdefault((pno, round(y, 1)), []).append(g)
    results = []
    for (pno, y), gs in sorted(lines.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        gs.sort(key=lambda g: g[1])
        x0, x1 = gs[0][1], gs[-1][1] + gs[-1][5]
        text = "".join(g[4] for g in gs)
        justified = x0 < left + 2.5 * size and x1 > right - 0.3 * size
        gaps = [(b[1] - a[1] - a[5]) / size for a, b in zip(gs, gs[1:])
                if is_han(a[4]) and is_han(b[4])]
        if not justified or len(gaps) < 3:
            continue
        s = sum(gaps) / len(gaps)
        results.append((s, pno, y, text))
        if verbose:
            print("page %d y=%6.1f: %+.4f em between Han characters "
                  "(%d pairs): %s" % (pno, y, s, len(gaps), text[:24]))
    if not results:
        print("%s: no justified lines found" % pdf)
        return
    st = sorted(r[0] for r in results)
    worst = max(results)
    print("%s: %d justified lines; added between Han characters: mean %.4f em, "
          "median %.4f em, loosest %.4f em (page %d, y=%.1f: %s)"
          % (pdf, len(st), sum(st) / len(st), st[len(st) // 2], worst[0],
             worst[1], worst[2], worst[3][:20]))


if __name__ == "__main__":
    main()
