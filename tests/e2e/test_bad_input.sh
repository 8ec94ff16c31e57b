#!/bin/sh
# Bad input: a clear one-line error naming the file, the documented exit
# code, and no output file.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"

# expect_fail DESC CODE PATTERN OUTPUT ARGS...: exit code, one-line message
# matching PATTERN, and OUTPUT absent afterwards.
expect_fail() {
    d=$1 code=$2 pat=$3 out=$4
    shift 4
    "$PB_BIN" "$@" 2>"$TMP/err" >/dev/null
    rc=$?
    if [ "$rc" -ne "$code" ]; then
        not_ok "$d: exit $rc, expected $code"; sed 's/^/# /' "$TMP/err"; return
    fi
    if ! grep -qE "$pat" "$TMP/err"; then
        not_ok "$d: message"; sed 's/^/# /' "$TMP/err"; return
    fi
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
        not_ok "$d: message is not one line"; sed 's/^/# /' "$TMP/err"; return
    fi
    if [ -n "$out" ] && [ -e "$out" ]; then
        not_ok "$d: output file exists"; return
    fi
    if ls "$(dirname "${out:-$TMP/x}")" 2>/dev/null | grep -q '\.tmp$'; then
        not_ok "$d: temporary file left behind"; return
    fi
    ok "$d"
}

expect_fail "missing input" 1 "missing\.md.*(No such file|cannot open)" "$TMP/a.pdf" \
    render "$TMP/missing.md" -o "$TMP/a.pdf"
mkdir "$TMP/dir.md"
expect_fail "directory as input" 1 "dir\.md.*directory" "$TMP/b.pdf" \
    render "$TMP/dir.md" -o "$TMP/b.pdf"
head -c 20000 /dev/urandom >"$TMP/garbage.md"
expect_fail "binary garbage" 1 "garbage\.md" "$TMP/c.pdf" \
    render "$TMP/garbage.md" -o "$TMP/c.pdf"
expect_fail "unwritable output folder" 4 "nodir/d\.pdf" "" \
    render "$ex" -o "$TMP/nodir/d.pdf"
mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_fail "read-only output folder" 4 "ro/e\.pdf" "$TMP/ro/e.pdf" \
        render "$ex" -o "$TMP/ro/e.pdf"
fi
expect_fail "template that does not exist" 3 "nosuch" "$TMP/f.pdf" \
    render "$ex" --template nosuch -o "$TMP/f.pdf"
expect_fail "template file that does not exist" 3 "nosuch\.xml" "$TMP/g.pdf" \
    render "$ex" --template "$TMP/nosuch.xml" -o "$TMP/g.pdf"
expect_fail "no input given" 2 "no input" "" render
expect_fail "unknown option" 2 "unknown option" "" render "$ex" --frobnicate
expect_fail "unknown command" 2 "unknown command" "" frobnicate "$ex"

# an existing good brief is not replaced by a failed run
"$PB_BIN" render "$ex" -o "$TMP/keep.pdf" 2>/dev/null
cp "$TMP/keep.pdf" "$TMP/keep.orig"
"$PB_BIN" render "$ex" --template nosuch -o "$TMP/keep.pdf" 2>/dev/null
check "a failed run leaves the previous output intact" cmp -s "$TMP/keep.pdf" "$TMP/keep.orig"

# invalid UTF-8 inside a good file: repaired with a warning naming the line
printf -- '---\ntitle: "t"\n---\n<p>ok</p>\n<p>bad \377 byte</p>\n' >"$TMP/bad-utf8.md"
"$PB_BIN" render "$TMP/bad-utf8.md" -o "$TMP/h.pdf" 2>"$TMP/err"
rc=$?
check "invalid UTF-8 renders (exit 0)" test "$rc" -eq 0
check "invalid UTF-8 gives a warning with file and line" grep -qE "bad-utf8\.md:5: warning:.*UTF-8" "$TMP/err"
check "repaired file still gives a PDF" test -s "$TMP/h.pdf"
finish
