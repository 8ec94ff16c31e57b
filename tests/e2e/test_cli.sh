#!/bin/sh
# The command as a Unix tool: the man page renders and lists exactly the
# options of --help (and of batch --help), and the commands; help topics;
# messages as `policybrief: FILE:LINE:COL: error:`, coloured only on a
# terminal without NO_COLOR, JSON lines with --json; `-` for stdin and
# stdout wherever a file is read or written; --quiet, --verbose, `--`; the
# fonts command (roles, files, characters no font covers).
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"
tr_en="$PB_TOP/examples/nanjing-21-measures.en.xml"
man1="$PB_TOP/src/cli/policybrief.1"
unset NO_COLOR

# --- the man page ------------------------------------------------------------
MANWIDTH=80 man -l "$man1" >"$TMP/man.txt" 2>"$TMP/man.err"
check "man -l renders the page" test $? -eq 0 -a -s "$TMP/man.txt"
check "... without a warning" test ! -s "$TMP/man.err"
sed 's/^/# /' "$TMP/man.err" | head -5
groff -man -ww -z "$man1" >"$TMP/groff.err" 2>&1
check "groff -ww finds nothing to warn about" test ! -s "$TMP/groff.err"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "BATCH OPTIONS" \
    "TEMPLATES AND FONTSETS" MESSAGES "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    grep -q "^$s\$" "$TMP/man.txt" || missing_s="${missing_s:-} $s"
done
check "the page has every section${missing_s:+ (missing:$missing_s)}" test -z "${missing_s:-}"
check "the page documents SOURCE_DATE_EPOCH, POLICYBRIEF_DATA, NO_COLOR" sh -c \
    "sed -n '/^ENVIRONMENT/,/^FILES/p' '$TMP/man.txt' | grep -q '^       SOURCE_DATE_EPOCH' &&
     sed -n '/^ENVIRONMENT/,/^FILES/p' '$TMP/man.txt' | grep -q '^       POLICYBRIEF_DATA' &&
     sed -n '/^ENVIRONMENT/,/^FILES/p' '$TMP/man.txt' | grep -q '^       NO_COLOR'"
check "the page documents exit codes 0 to 4" sh -c \
    "sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' '$TMP/man.txt' > '$TMP/exit.txt' &&
     for c in 0 1 2 3 4; do grep -q \"^       \$c  \" '$TMP/exit.txt' || exit 1; done"

"$PB_BIN" --help >"$TMP/help.txt"
"$PB_BIN" batch --help >"$TMP/bhelp.txt"
# options_of FILE: the options a --help text lists, one a line, sorted
options_of() {
    sed -n '/^options:/,/^$/p' "$1" |
        sed -n 's/^  \(-[a-z], \)\{0,1\} *\(--*[a-z-]*\).*/\1\2/p' |
        tr ',' '\n' | tr -d ' ' | grep . | sort -u
}
# man_options SECTION: the options under .SH SECTION (the lines after .TP)
man_options() {
    awk -v sec="$1" '
        /^\.SH / { on = ($0 == ".SH " sec); next }
        on && /^\.TP/ { getline; print }' "$man1" |
        sed 's/\\-/-/g; s/\\f[BIRP]//g' |
        grep -o -- '\(^\|[ "]\)--*[a-z-]*' | tr -d ' "' | grep -- '^-' | sort -u
}
options_of "$TMP/help.txt" >"$TMP/o.help"
man_options OPTIONS >"$TMP/o.man"
if [ -s "$TMP/o.help" ] && cmp -s "$TMP/o.help" "$TMP/o.man"; then
    ok "every option of --help is in the man page, and vice versa ($(wc -l <"$TMP/o.help"))"
else
    not_ok "every option of --help is in the man page, and vice versa"
    diff "$TMP/o.help" "$TMP/o.man" | sed 's/^/# /'
fi
options_of "$TMP/bhelp.txt" >"$TMP/b.help"
man_options 'BATCH OPTIONS' >"$TMP/b.man"
if [ -s "$TMP/b.help" ] && cmp -s "$TMP/b.help" "$TMP/b.man"; then
    ok "every option of batch --help is under BATCH OPTIONS, and vice versa ($(wc -l <"$TMP/b.help"))"
else
    not_ok "every option of batch --help is under BATCH OPTIONS, and vice versa"
    diff "$TMP/b.help" "$TMP/b.man" | sed 's/^/# /'
fi
sed -n '/^commands:/,/^$/p' "$TMP/help.txt" | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' |
    sort >"$TMP/c.help"
awk '/^\.SH /{ on = ($0 == ".SH COMMANDS"); next } on && /^\.TP/ { getline; print }' "$man1" |
    sed 's/^\.B[IR]* "*\([a-z]*\).*/\1/' | sort >"$TMP/c.man"
check "the commands of --help are the man page's ($(tr '\n' ' ' <"$TMP/c.help"))" \
    sh -c "test -s '$TMP/c.help' && cmp -s '$TMP/c.help' '$TMP/c.man'"
# the bash completion offers the same options
bash -c ". '$PB_TOP/src/cli/policybrief.bash'
    COMP_WORDS=(policybrief render --) COMP_CWORD=2; _policybrief; printf '%s\n' \"\${COMPREPLY[@]}\"
    COMP_WORDS=(policybrief render -) COMP_CWORD=2; _policybrief; printf '%s\n' \"\${COMPREPLY[@]}\"" |
    sort -u >"$TMP/o.comp"
check "bash completion offers the options of --help" cmp -s "$TMP/o.help" "$TMP/o.comp"
bash -c ". '$PB_TOP/src/cli/policybrief.bash'
    COMP_WORDS=(policybrief batch -) COMP_CWORD=2; _policybrief; printf '%s\n' \"\${COMPREPLY[@]}\"" |
    sort -u >"$TMP/b.comp"
check "bash completion offers the options of batch --help" cmp -s "$TMP/b.help" "$TMP/b.comp"

# --- help topics ---------------------------------------------------------------
"$PB_BIN" help templates >"$TMP/ht.txt" 2>&1
check "help templates: the search order, the folder in use, the templates" sh -c "
    grep -q 'POLICYBRIEF_DATA' '$TMP/ht.txt' && grep -q '^DATA: $PB_TOP\$' '$TMP/ht.txt' &&
    grep -q '^  brief ' '$TMP/ht.txt' && grep -q '^  gbt9704 ' '$TMP/ht.txt'"
"$PB_BIN" help fontsets >"$TMP/hf.txt" 2>&1
check "help fontsets: how roles are resolved, the fontsets defined" sh -c "
    grep -q 'fontconfig' '$TMP/hf.txt' && grep -q '^  default (in use)\$' '$TMP/hf.txt'"
"$PB_BIN" help batch >"$TMP/hb.txt" 2>&1
check "help batch is batch --help" cmp -s "$TMP/hb.txt" "$TMP/bhelp.txt"
"$PB_BIN" help >"$TMP/h.txt" 2>&1
check "help is --help" cmp -s "$TMP/h.txt" "$TMP/help.txt"
"$PB_BIN" help nosuch >/dev/null 2>&1
check "help on an unknown topic: exit 2" test $? -eq 2

# --- messages ------------------------------------------------------------------
printf '<?xml version="1.0"?>\n<policy xmlns="urn:policybrief:policy:1">\n<title>x</titl>\n' \
    >"$TMP/bad.xml"
"$PB_BIN" render "$TMP/bad.xml" -o "$TMP/bad.pdf" 2>"$TMP/err"
check "an error reads policybrief: FILE:LINE:COL: error: ..." \
    grep -q "^policybrief: $TMP/bad.xml:3:[0-9]*: error: .*tag mismatch" "$TMP/err"
printf -- '---\ntitle: "t"\n---\n<p>ok</p>\n<p>bad \377 byte</p>\n' >"$TMP/w.md"
"$PB_BIN" render "$TMP/w.md" -o "$TMP/w.pdf" 2>"$TMP/err"
check "a warning reads policybrief: FILE:LINE: warning: ... [code]" \
    grep -q "^policybrief: $TMP/w.md:5: warning: .*\[[a-z0-9-]*\]\$" "$TMP/err"
"$PB_BIN" render "$TMP/w.md" -o "$TMP/w.pdf" -q 2>"$TMP/err"
check "--quiet prints no warnings" test ! -s "$TMP/err"
"$PB_BIN" render "$ex" -o "$TMP/v.pdf" -v 2>"$TMP/err"
check "--verbose says which data folder, template and output" sh -c "
    grep -q 'note: data folder $PB_TOP\$' '$TMP/err' &&
    grep -q 'note: template $PB_TOP/layouts/brief.xml\$' '$TMP/err' &&
    grep -q '$TMP/v.pdf: note: wrote [0-9]* bytes' '$TMP/err'"

# colour: only on a terminal, never with NO_COLOR or --json
cat >"$TMP/pbtty.py" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
PY
esc=$(printf '\033')
python3 "$TMP/pbtty.py" "$PB_BIN" render "$TMP/nosuch.md" >"$TMP/tty.txt" 2>&1
check "on a terminal, 'error:' is red" grep -q "${esc}\[1;31merror:${esc}\[0m" "$TMP/tty.txt"
python3 "$TMP/pbtty.py" "$PB_BIN" render "$TMP/w.md" -o "$TMP/w.pdf" >"$TMP/tty.txt" 2>&1
check "on a terminal, 'warning:' is coloured" grep -q "${esc}\[1;35mwarning:${esc}\[0m" "$TMP/tty.txt"
NO_COLOR=1 python3 "$TMP/pbtty.py" "$PB_BIN" render "$TMP/nosuch.md" >"$TMP/tty.txt" 2>&1
check "NO_COLOR=1: no colour on a terminal" sh -c \
    "grep -q 'error: ' '$TMP/tty.txt' && ! grep -q '$esc' '$TMP/tty.txt'"
TERM=dumb python3 "$TMP/pbtty.py" "$PB_BIN" render "$TMP/nosuch.md" >"$TMP/tty.txt" 2>&1
check "TERM=dumb: no colour" sh -c "grep -q 'error: ' '$TMP/tty.txt' && ! grep -q '$esc' '$TMP/tty.txt'"
python3 "$TMP/pbtty.py" "$PB_BIN" render "$TMP/nosuch.md" --json >"$TMP/tty.txt" 2>&1
check "--json: no colour on a terminal" sh -c "grep -q '\"level\":\"error\"' '$TMP/tty.txt' && ! grep -q '$esc' '$TMP/tty.txt'"
"$PB_BIN" render "$TMP/nosuch.md" 2>"$TMP/err"
check "off a terminal: no colour" sh -c "grep -q 'error: ' '$TMP/err' && ! grep -q '$esc' '$TMP/err'"

# --json: one JSON object a line on stderr
cat >"$TMP/jlines.py" <<'PY'
import json, sys
want = json.loads(sys.argv[2])
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
objs = [json.loads(l) for l in lines]           # every line is JSON
for o in objs:
    assert set(o) == {"level", "code", "file", "line", "col", "message"}, o
    assert isinstance(o["line"], int) and isinstance(o["col"], int), o
assert any(all(o.get(k) == v for k, v in want.items()) for o in objs), (want, objs)
PY
jcheck() { # DESC EXPECTED-EXIT WANT-JSON ARGS...
    d=$1 code=$2 want=$3
    shift 3
    "$PB_BIN" "$@" >/dev/null 2>"$TMP/jerr"
    rc=$?
    if [ "$rc" -ne "$code" ]; then
        not_ok "$d: exit $rc, expected $code"; sed 's/^/# /' "$TMP/jerr"; return
    fi
    if python3 "$TMP/jlines.py" "$TMP/jerr" "$want" >"$TMP/jpy" 2>&1; then
        ok "$d"
    else
        not_ok "$d"; sed 's/^/# /' "$TMP/jerr" "$TMP/jpy" | tail -5
    fi
}
jcheck "--json: a missing input is an input error (exit 1)" 1 \
    "{\"level\":\"error\",\"code\":\"input\",\"file\":\"$TMP/nosuch.md\"}" \
    render "$TMP/nosuch.md" --json
jcheck "--json: file, line and column of an XML error" 1 \
    "{\"level\":\"error\",\"code\":\"input\",\"file\":\"$TMP/bad.xml\",\"line\":3}" \
    render "$TMP/bad.xml" -o "$TMP/bad.pdf" --json
jcheck "--json: a usage error, even before --json (exit 2)" 2 \
    '{"level":"error","code":"usage"}' render "$ex" --frobnicate --json
jcheck "--json: a missing template (exit 3)" 3 \
    '{"level":"error","code":"template"}' render "$ex" -t nosuch -o "$TMP/t.pdf" --json
jcheck "--json: warnings with their code and line" 0 \
    "{\"level\":\"warning\",\"file\":\"$TMP/w.md\",\"line\":5}" \
    render "$TMP/w.md" -o "$TMP/w.pdf" --json
jcheck "--json: inspect" 1 '{"level":"error","code":"input"}' inspect "$TMP/nosuch.md" --json
jcheck "--json: batch" 1 "{\"level\":\"error\",\"file\":\"$TMP/nosuch.md\"}" \
    batch "$TMP/nosuch.md" -o "$TMP/jb" --json
jcheck "--json: batch usage error" 2 '{"level":"error","code":"usage"}' batch --json --bogus

# --- "-" for stdin and stdout --------------------------------------------------
(cd "$TMP" && "$PB_BIN" render "$ex" -o file.pdf) 2>/dev/null
"$PB_BIN" render - -o - <"$ex" >"$TMP/pipe.pdf" 2>/dev/null
check "render - -o -: stdin to stdout, the same PDF as from the file" cmp -s "$TMP/pipe.pdf" "$TMP/file.pdf"
"$PB_BIN" inspect "$ex" >"$TMP/a.json" 2>/dev/null
"$PB_BIN" inspect - <"$ex" >"$TMP/b.json" 2>/dev/null
check "inspect -: reads stdin" cmp -s "$TMP/a.json" "$TMP/b.json"
"$PB_BIN" inspect "$ex" -o "$TMP/c.json" 2>/dev/null
"$PB_BIN" inspect "$ex" -o - >"$TMP/d.json" 2>/dev/null
check "inspect -o FILE and -o - write the same" sh -c "cmp -s '$TMP/a.json' '$TMP/c.json' && cmp -s '$TMP/a.json' '$TMP/d.json'"
"$PB_BIN" render "$ex" -t bilingual --translation "$tr_en" -o "$TMP/bi1.pdf" 2>/dev/null
"$PB_BIN" render "$ex" -t bilingual --translation - -o "$TMP/bi2.pdf" <"$tr_en" 2>/dev/null
check "--translation -: the sidecar on stdin" sh -c "test -s '$TMP/bi1.pdf' && cmp -s '$TMP/bi1.pdf' '$TMP/bi2.pdf'"
"$PB_BIN" render - --translation - <"$ex" >/dev/null 2>"$TMP/err"
check "INPUT and --translation both -: usage error 2" sh -c "test $? -eq 2 && grep -q 'stdin' '$TMP/err'"
"$PB_BIN" render "$ex" --dump-layout -o - >/dev/null 2>"$TMP/err"
check "--dump-layout with -o -: usage error 2" test $? -eq 2
"$PB_BIN" render "$ex" --dump-layout -o "$TMP/dl.pdf" >"$TMP/dl.txt" 2>/dev/null
check "--dump-layout -o FILE: the dump on stdout, the PDF in FILE" sh -c \
    "grep -q '^page 1' '$TMP/dl.txt' && qpdf --check '$TMP/dl.pdf' >/dev/null"
rm -rf "$TMP/bm"
printf '%s\n' "$ex" | "$PB_BIN" batch - -o "$TMP/bm" --manifest - >"$TMP/bm.jsonl" 2>/dev/null
check "batch --manifest -: JSON lines on stdout, from a list on stdin" sh -c "
    grep -q '\"status\":\"ok\"' '$TMP/bm.jsonl' && tail -n 1 '$TMP/bm.jsonl' | grep -q '^{\"summary\"'"
cp "$ex" "$TMP/-odd.md"
(cd "$TMP" && "$PB_BIN" render -- -odd.md) >/dev/null 2>&1
check "--: a file name that begins with -" test -s "$TMP/-odd.pdf"

# --- fonts ---------------------------------------------------------------------
"$PB_BIN" fonts "$ex" >"$TMP/fonts.txt" 2>"$TMP/fonts.err"
check "fonts INPUT exits 0, nothing on stderr" sh -c "test $? -eq 0 && test ! -s '$TMP/fonts.err'"
check "fonts names the fontset and its file" grep -q "^fontset default: $PB_TOP/fonts/fontsets.xml\$" "$TMP/fonts.txt"
bad=""
for r in serif sans kai fangsong latin-serif latin-sans mono; do
    f=$(sed -n "s/^$r  *\([^ ,(]*\).*/\1/p" "$TMP/fonts.txt" | head -n 1)
    if [ -z "$f" ]; then
        # a stand-in role: its files are on the next line
        f=$(sed -n "/^$r  *(/{n;s/^  *\([^ ,(]*\).*/\1/p;}" "$TMP/fonts.txt")
    fi
    [ -n "$f" ] && [ -f "$f" ] || bad="$bad $r"
done
check "fonts lists every role with a font file that exists${bad:+ (not:$bad)}" test -z "$bad"
check "fonts: the example has no uncovered characters" \
    grep -q "nanjing-21-measures.md: [0-9]* distinct characters, no uncovered characters\$" "$TMP/fonts.txt"
"$PB_BIN" fonts "$ex" --json >"$TMP/fonts.json" 2>/dev/null
check "fonts --json: roles with files, and an empty uncovered list" python3 -c "
import json, os, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
roles = {r['name']: r for r in d['roles']}
assert {'serif', 'sans', 'kai', 'fangsong', 'mono'} <= set(roles)
assert all(f['file'] and os.path.isfile(f['file']) for r in d['roles'] for f in r['fonts'])
assert all(r['fonts'] for r in d['roles'])
assert d['uncovered'] == [] and d['characters'] > 400
" "$TMP/fonts.json"
printf -- '---\ntitle: "t"\n---\n<p>ok</p>\n<p>yi \352\200\200 and emoji \360\237\230\200</p>\n' >"$TMP/m.md"
"$PB_BIN" fonts "$TMP/m.md" >"$TMP/m.txt" 2>&1
check "fonts lists the characters no font covers, with their line" sh -c "
    test $? -eq 0 && grep -q '2 not covered' '$TMP/m.txt' &&
    grep -q \"^  U+A000 '.*' line 5, 1 time\$\" '$TMP/m.txt' &&
    grep -q '^  U+1F600 .*line 5.*Basic Multilingual Plane' '$TMP/m.txt'"
"$PB_BIN" render "$TMP/m.md" -o "$TMP/m.pdf" 2>"$TMP/m.err"
check "... the characters render warns about" sh -c \
    "grep -q 'U+A000.*missing-glyph' '$TMP/m.err' && grep -q 'U+1F600' '$TMP/m.err'"
"$PB_BIN" fonts "$TMP/m.md" --strict >/dev/null 2>"$TMP/err"
check "fonts --strict: exit 1 when a character is not covered" sh -c \
    "test $? -eq 1 && grep -q 'error: 2 characters no font covers' '$TMP/err'"
"$PB_BIN" fonts >/dev/null 2>&1
check "fonts without INPUT lists the roles (exit 0)" test $? -eq 0
"$PB_BIN" fonts --fontset nosuch >/dev/null 2>"$TMP/err"
check "fonts --fontset nosuch: font error 3" sh -c "test $? -eq 3 && grep -q 'nosuch' '$TMP/err'"
finish
