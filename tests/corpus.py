#!/usr/bin/env python3
"""corpus.py — measure document analysis on tests/data/corpus/.

For every document NAME.{md,html,xml} with a NAME.expected file beside it,
run `policybrief inspect NAME --json` and compare what analysis found with
what is expected (the line format is described in
tests/data/corpus/README.md):

  measure leads: aligned in document order (longest common subsequence);
      recall = matched / expected, precision = matched / found;
  sections: titles with their levels, in order;
  claims: kind, value and found of each expected claim ("-": not
      compared, the text counts another text);
  figures: every expected figure must be found (text, kind, value, unit,
      measure); extra figures are counted, not failed;
  warnings: the codes must be exactly the expected ones (none when the
      file lists none);
  lang.

  corpus.py check BIN DIR    TAP lines, one per document, then overall
                             recall and precision; exit 1 below 0.95
  corpus.py report BIN DIR   a per-document table (make corpus-report)
  corpus.py dump JSON        print what analysis found in the .expected
                             format (a starting point for a new file, to
                             be checked by hand, never copied blindly)
"""
import json
import os
import re
import subprocess
import sys

THRESHOLD = 0.95
INPUT_EXT = (".md", ".markdown", ".html", ".htm", ".xml")


def norm(s, lang):
    """Compare texts modulo white space (Chinese: all of it)."""
    s = s.replace("\u3000", " ")
    if lang == "zh":
        return re.sub(r"\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def measure_key(m):
    lead = (m.get("lead") or "").strip()
    if lead:
        return lead
    return "~" + re.sub(r"\s+", " ", m.get("body") or "").strip()[:16]


def walk_sections(secs, level=1):
    for s in secs:
        yield level, s
        yield from walk_sections(s.get("sections", []), level + 1)


def found_structure(d):
    """(sections [(level, title)], measures [(number, key, id)])"""
    sections, measures = [], []
    for level, s in walk_sections(d.get("sections", [])):
        sections.append((level, s.get("title") or ""))
        for m in s.get("measures", []):
            measures.append((m.get("number") or "-", measure_key(m), m["id"]))
    return sections, measures


def parse_expected(path):
    e = {"lang": None, "sections": [], "measures": [], "claims": [],
         "figures": [], "warnings": []}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            p = line.split("\t")
            tag = p[0]
            try:
                if tag == "lang":
                    e["lang"] = p[1]
                elif tag == "S":
                    e["sections"].append((int(p[1]), p[2] if len(p) > 2 else ""))
                elif tag == "M":
                    e["measures"].append((p[1], p[2]))
                elif tag == "C":
                    e["claims"].append((p[1], int(p[2]),
                                        None if p[3] == "-" else int(p[3]),
                                        p[4]))
                elif tag == "F":
                    e["figures"].append((p[1], float(p[2]), p[3], p[4], p[5]))
                elif tag == "W":
                    e["warnings"].append(p[1])
                else:
                    raise ValueError("unknown tag " + tag)
            except (IndexError, ValueError) as ex:
                raise SystemExit("%s:%d: %s" % (path, n, ex))
    return e


def lcs(a, b):
    """Length of the longest common subsequence (O(len a * len b))."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def inspect(binary, doc):
    r = subprocess.run([binary, "inspect", doc, "--json", "-q"],
                       capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("inspect exited %d: %s" %
                           (r.returncode, r.stderr.decode(errors="replace")))
    return json.loads(r.stdout.decode("utf-8"))


def compare(d, e):
    lang = e["lang"] or d.get("lang") or "zh"
    res = {"problems": []}
    prob = res["problems"]
    if e["lang"] and d.get("lang") != e["lang"]:
        prob.append("lang %s, expected %s" % (d.get("lang"), e["lang"]))
    fs, fm = found_structure(d)
    want_s = [(lv, norm(t, lang)) for lv, t in e["sections"]]
    got_s = [(lv, norm(t, lang)) for lv, t in fs]
    res["sec_exp"], res["sec_found"] = len(want_s), len(got_s)
    res["sec_match"] = lcs(want_s, got_s)
    if want_s != got_s:
        for lv, t in want_s:
            if (lv, t) not in got_s:
                prob.append("section not found: %d %s" % (lv, t))
        for lv, t in got_s:
            if (lv, t) not in want_s:
                prob.append("unexpected section: %d %s" % (lv, t))
        if not [p for p in prob if "section" in p]:
            prob.append("sections out of order")
    want_m = [norm(k, lang) for _, k in e["measures"]]
    got_m = [norm(k, lang) for _, k, _ in fm]
    match = lcs(want_m, got_m)
    res["m_exp"], res["m_found"], res["m_match"] = len(want_m), len(got_m), match
    res["recall"] = match / len(want_m) if want_m else 1.0
    res["precision"] = match / len(got_m) if got_m else 1.0
    if match < len(want_m) or match < len(got_m):
        missing = [k for k in want_m if k not in got_m][:3]
        extra = [k for k in got_m if k not in want_m][:3]
        if missing:
            prob.append("leads not found: " + " | ".join(missing))
        if extra:
            prob.append("leads not expected: " + " | ".join(extra))
    # claims
    claims = [(c["kind"], c["value"], c["found"], norm(c["text"], lang))
              for c in d.get("claims", [])]
    res["c_exp"] = len(e["claims"])
    res["c_match"] = 0
    for kind, value, found, text in e["claims"]:
        if (kind, value, found, norm(text, lang)) in claims:
            res["c_match"] += 1
        else:
            prob.append("claim %s %d/%d \"%s\" not found (got %s)" %
                        (kind, value, found, text, claims))
    if len(claims) != len(e["claims"]):
        prob.append("%d claims found, %d expected" %
                    (len(claims), len(e["claims"])))
    # figures
    figs = [(f["kind"], float(f["value"]), f["unit"], f["measure"] or "-",
             norm(f["text"], lang)) for f in d.get("figures", [])]
    res["f_exp"], res["f_found"], res["f_match"] = len(e["figures"]), len(figs), 0
    for kind, value, unit, mid, text in e["figures"]:
        hit = [f for f in figs if f[0] == kind and abs(f[1] - value) <=
               1e-6 * max(1.0, abs(value)) and f[2] == unit and f[3] == mid
               and f[4] == norm(text, lang)]
        if hit:
            res["f_match"] += 1
        else:
            prob.append("figure not found: %s %s %g %s %s" %
                        (text, kind, value, unit, mid))
    # warnings
    got_w = sorted(w["code"] for w in d.get("warnings", []))
    if sorted(set(got_w)) != sorted(set(e["warnings"])):
        prob.append("warnings %s, expected %s" %
                    ([w["code"] + ": " + w["message"] for w in
                      d.get("warnings", [])], sorted(set(e["warnings"]))))
    res["ok"] = (res["recall"] >= THRESHOLD and
                 res["precision"] >= THRESHOLD and not prob)
    return res


def corpus_docs(folder):
    for name in sorted(os.listdir(folder)):
        base, ext = os.path.splitext(name)
        if ext in INPUT_EXT and os.path.exists(os.path.join(folder, base + ".expected")):
            yield base, os.path.join(folder, name), os.path.join(folder, base + ".expected")


def run_all(binary, folder):
    out = []
    for base, doc, exp in corpus_docs(folder):
        try:
            d = inspect(binary, doc)
            r = compare(d, parse_expected(exp))
        except Exception as ex:  # a crash is a failure of that document
            r = {"ok": False, "problems": [str(ex)], "recall": 0.0,
                 "precision": 0.0, "m_exp": 0, "m_found": 0, "m_match": 0,
                 "sec_exp": 0, "sec_found": 0, "sec_match": 0, "c_exp": 0,
                 "c_match": 0, "f_exp": 0, "f_found": 0, "f_match": 0}
        out.append((base, r))
    return out


def totals(results):
    exp = sum(r["m_exp"] for _, r in results)
    found = sum(r["m_found"] for _, r in results)
    match = sum(r["m_match"] for _, r in results)
    return (match / exp if exp else 1.0, match / found if found else 1.0,
            exp, found, match)


def cmd_check(binary, folder):
    results = run_all(binary, folder)
    n = 0
    for base, r in results:
        n += 1
        status = "ok" if r["ok"] else "not ok"
        print("%s %d - %s: recall %.3f precision %.3f (%d/%d expected, %d found)"
              % (status, n, base, r["recall"], r["precision"], r["m_match"],
                 r["m_exp"], r["m_found"]))
        for p in r["problems"]:
            print("#   " + p)
    rec, prec, exp, found, match = totals(results)
    print("# overall: recall %.3f precision %.3f (%d matched, %d expected, "
          "%d found, %d documents)" % (rec, prec, match, exp, found, len(results)))
    n += 1
    good = rec >= THRESHOLD and prec >= THRESHOLD and len(results) >= 12
    print("%s %d - corpus recall %.3f and precision %.3f at or above %.2f over "
          "%d documents" % ("ok" if good else "not ok", n, rec, prec,
                            THRESHOLD, len(results)))
    print("1..%d" % n)
    return 0 if good and all(r["ok"] for _, r in results) else 1


def cmd_report(binary, folder):
    results = run_all(binary, folder)
    hdr = ("document", "sect e/f", "meas e/f", "recall", "prec", "claims",
           "figures f/e", "ok")
    print("%-32s %9s %9s %7s %7s %7s %11s %4s" % hdr)
    print("-" * 92)
    for base, r in results:
        print("%-32s %4d/%-4d %4d/%-4d %7.3f %7.3f %3d/%-3d %5d/%-5d %4s" % (
            base[:32], r["sec_exp"], r["sec_found"], r["m_exp"],
            r["m_found"], r["recall"], r["precision"], r["c_match"],
            r["c_exp"], r["f_match"], r["f_exp"], "yes" if r["ok"] else "NO"))
    rec, prec, exp, found, match = totals(results)
    print("-" * 92)
    print("%-32s %9s %4d/%-4d %7.3f %7.3f" % ("overall (%d documents)" %
          len(results), "", exp, found, rec, prec))
    for base, r in results:
        for p in r["problems"]:
            print("  %s: %s" % (base, p))
    return 0


def cmd_dump(path):
    d = json.load(open(path, encoding="utf-8"))
    print("lang\t%s" % d.get("lang"))
    for level, s in walk_sections(d.get("sections", [])):
        print("S\t%d\t%s" % (level, s.get("title") or ""))
        for m in s.get("measures", []):
            print("M\t%s\t%s" % (m.get("number") or "-", measure_key(m)))
    for c in d.get("claims", []):
        print("C\t%s\t%d\t%s\t%s" % (c["kind"], c["value"], "-" if c["found"] is None else c["found"], c["text"]))
    for f in d.get("figures", []):
        print("F\t%s\t%.15g\t%s\t%s\t%s" % (f["kind"], f["value"], f["unit"],
                                          f["measure"] or "-", f["text"]))
    for w in d.get("warnings", []):
        print("W\t%s\t%s" % (w["code"], w["message"]))
    def short(x):
        return x[:30].replace("\n", " ")
    print("# intro: " + " / ".join(short(x) for x in d.get("intro", [])))
    print("# closing: " + " / ".join(short(x) for x in d.get("closing", [])))


def main(argv):
    if len(argv) == 3 and argv[1] == "dump":
        return cmd_dump(argv[2]) or 0
    if len(argv) == 4 and argv[1] in ("check", "report"):
        fn = cmd_check if argv[1] == "check" else cmd_report
        return fn(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
