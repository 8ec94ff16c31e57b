#!/bin/sh
# Document analysis measured on tests/data/corpus/: for every document with
# an .expected file, inspect --json is compared with it (tests/corpus.py):
# one TAP line per document (measure leads, sections, claims, figures,
# warnings, lang), then overall recall and precision of measure leads,
# which must be at or above 0.95.  Every corpus document must also render.
. "$PB_TOP/tests/e2e/lib.sh"
dir="$PB_TOP/tests/data/corpus"
python3 "$PB_TOP/tests/corpus.py" check "$PB_BIN" "$dir" >"$TMP/corpus.tap" 2>&1
status=$?
# renumber the checker's TAP lines into this script's sequence
while IFS= read -r line; do
    case $line in
        "ok "*) ok "${line#ok [0-9]* - }" ;;
        "not ok "*) not_ok "${line#not ok [0-9]* - }" ;;
        "#"*) echo "$line" ;;
    esac
done <"$TMP/corpus.tap"
[ "$status" -le 1 ] || not_ok "corpus.py exited with status $status"
for doc in "$dir"/*.md "$dir"/*.html; do
    [ -f "${doc%.*}.expected" ] || continue
    name=$(basename "$doc")
    "$PB_BIN" render "$doc" -q -o "$TMP/out.pdf" 2>"$TMP/render.err"
    rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$TMP/out.pdf" ] && qpdf --check "$TMP/out.pdf" >/dev/null 2>&1; then
        ok "$name renders"
    else
        not_ok "$name renders (exit $rc)"
        head -3 "$TMP/render.err" | sed 's/^/# /'
    fi
    rm -f "$TMP/out.pdf"
done
finish
