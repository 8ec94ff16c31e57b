#!/bin/sh
# Install: `make install DESTDIR=... PREFIX=/usr/local` stages the binary,
# the static and shared library (soname, symlinks), policybrief.h,
# policybrief.pc, the man page, bash completion and the data; the staged
# binary renders the example from another folder with POLICYBRIEF_DATA
# unset and reads nothing of the source tree; the shared library exports
# exactly the functions of policybrief.h; examples/c/brief.c builds against
# the staged .pc (shared and static), runs and writes a valid PDF; `make
# uninstall` removes every file install wrote.
. "$PB_TOP/tests/e2e/lib.sh"
ex="$PB_TOP/examples/nanjing-21-measures.md"
kind=$(basename "$PB_OUT")
stage="$TMP/stage"
pre="$stage/usr/local"
data="$pre/share/policybrief"
# a make above us (make test) must not hand its jobserver down
unset MAKEFLAGS MFLAGS MAKELEVEL POLICYBRIEF_DATA
# an ASan build's library needs the sanitizer in the programs that load it
case $kind in
    asan) san="-fsanitize=address,undefined" ;;
    *) san= ;;
esac

make --no-print-directory -C "$PB_TOP" BUILD="$kind" install \
    DESTDIR="$stage" PREFIX=/usr/local >"$TMP/install.log" 2>&1
rc=$?
check "make install DESTDIR=... PREFIX=/usr/local exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/install.log" | tail -20

missing=""
for f in bin/policybrief lib/libpolicybrief.a lib/libpolicybrief.so.0.1.0 \
    lib/pkgconfig/policybrief.pc include/policybrief.h \
    share/man/man1/policybrief.1 share/bash-completion/completions/policybrief \
    share/policybrief/layouts/brief.xml share/policybrief/layouts/layout.rng \
    share/policybrief/layouts/gbt9704.xml share/policybrief/fonts/fontsets.xml; do
    [ -f "$pre/$f" ] || missing="$missing $f"
done
check "every file is installed${missing:+ (missing:$missing)}" test -z "$missing"
check "libpolicybrief.so -> .so.0 -> .so.0.1.0" sh -c "
    test \"\$(readlink '$pre/lib/libpolicybrief.so')\" = libpolicybrief.so.0 &&
    test \"\$(readlink '$pre/lib/libpolicybrief.so.0')\" = libpolicybrief.so.0.1.0"
check "the shared library's soname is libpolicybrief.so.0" sh -c \
    "readelf -d '$pre/lib/libpolicybrief.so.0.1.0' | grep -q 'SONAME.*\[libpolicybrief.so.0\]'"

# --- the shared library exports policybrief.h, nothing more ----------------
sed -n 's/^[a-z].*[ *]\(pb_[a-z0-9_]*\)(.*/\1/p' "$pre/include/policybrief.h" |
    sort -u >"$TMP/api.txt"
nm -D --defined-only "$pre/lib/libpolicybrief.so.0.1.0" |
    awk '$2 != "A" { print $3 }' | sed 's/@.*//' | sort -u >"$TMP/exported.txt"
check "the header declares the public API ($(wc -l <"$TMP/api.txt") functions)" \
    test "$(wc -l <"$TMP/api.txt")" -ge 30
if cmp -s "$TMP/api.txt" "$TMP/exported.txt"; then
    ok "libpolicybrief.so exports exactly the functions of policybrief.h"
else
    not_ok "libpolicybrief.so exports exactly the functions of policybrief.h"
    diff "$TMP/api.txt" "$TMP/exported.txt" | head -20 | sed 's/^/# /'
fi
nm "$pre/lib/libpolicybrief.a" 2>/dev/null | grep -q ' T pb_text_layout_para$'
check "the static library keeps the internal functions" test $? -eq 0

# --- the header stands alone and names no third-party type ----------------
printf '#include <policybrief.h>\nint main(void) { return pb_version() == 0; }\n' >"$TMP/h.c"
check "policybrief.h compiles alone as C99, pedantic" \
    cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$pre/include" -c "$TMP/h.c" -o "$TMP/h.o"
check "policybrief.h compiles as C++" \
    c++ -x c++ -Wall -Werror -I"$pre/include" -fsyntax-only "$TMP/h.c"
cc -E -P -I"$pre/include" "$TMP/h.c" 2>/dev/null |
    grep -E '\b(xml[A-Z][A-Za-z]*|FT_[A-Za-z]+|hb_[a-z_]+|HPDF_[A-Za-z]+|Fc[A-Z][A-Za-z]+)\b' \
    >"$TMP/types.txt"
check "policybrief.h names no libxml2, FreeType, HarfBuzz, libharu or fontconfig type" \
    test ! -s "$TMP/types.txt"

# --- the installed binary, from elsewhere ---------------------------------
mkdir -p "$TMP/elsewhere"
cp "$ex" "$TMP/elsewhere/post.md"
(cd "$TMP/elsewhere" && "$pre/bin/policybrief" render post.md -o post.pdf) \
    >"$TMP/render.out" 2>&1
check "the installed binary renders the example from another folder" test $? -eq 0
check "... a valid PDF (qpdf --check)" qpdf --check "$TMP/elsewhere/post.pdf"
check "... with its fonts embedded" sh -c \
    "pdffonts '$TMP/elsewhere/post.pdf' | awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
(cd "$TMP/elsewhere" && "$pre/bin/policybrief" templates -v) >"$TMP/tpl.txt" 2>&1
check "templates -v lists the installed templates only" sh -c "
    grep -q '^ *$data/layouts/brief.xml\$' '$TMP/tpl.txt' &&
    ! grep -q '$PB_TOP/layouts' '$TMP/tpl.txt'"
(cd "$TMP/elsewhere" && "$pre/bin/policybrief" fonts post.md) >"$TMP/fonts.txt" 2>&1
check "fonts reads the installed fontsets.xml" \
    grep -q "^fontset default: $data/fonts/fontsets.xml\$" "$TMP/fonts.txt"
check "fonts: no uncovered characters in the example" \
    grep -q "post.md: [0-9]* distinct characters, no uncovered characters" "$TMP/fonts.txt"
# a copy of the staged tree elsewhere works as it is (relocatable)
cp -R "$pre" "$TMP/moved"
(cd "$TMP/elsewhere" && "$TMP/moved/bin/policybrief" templates -v) >"$TMP/tpl2.txt" 2>&1
check "a moved copy of the tree finds its own data" \
    grep -q "^ *$TMP/moved/share/policybrief/layouts/brief.xml\$" "$TMP/tpl2.txt"
POLICYBRIEF_DATA="$PB_TOP" "$pre/bin/policybrief" templates -v >"$TMP/tpl3.txt" 2>&1
check "POLICYBRIEF_DATA overrides the installed data" \
    grep -q "^ *$PB_TOP/layouts/brief.xml\$" "$TMP/tpl3.txt"
check "the installed man page is found through MANPATH" sh -c \
    "MANPATH='$pre/share/man' man -w policybrief | grep -q '$pre/share/man/man1/policybrief.1'"
check "the installed bash completion completes commands" bash -c "
    . '$pre/share/bash-completion/completions/policybrief' &&
    COMP_WORDS=(policybrief re) COMP_CWORD=1 && _policybrief &&
    test \"\${COMPREPLY[*]}\" = render"

# --- examples/c against the staged .pc -------------------------------------
# The staged .pc says prefix=/usr/local, where nothing is installed: a copy
# with the prefix line pointing at the staged tree stands for it (every
# other path in it is relative to ${prefix}).
mkdir -p "$TMP/pc"
sed "s|^prefix=.*|prefix=$pre|" "$pre/lib/pkgconfig/policybrief.pc" >"$TMP/pc/policybrief.pc"
check "policybrief.pc: only prefix names /usr/local" sh -c \
    "grep -q '^prefix=/usr/local\$' '$pre/lib/pkgconfig/policybrief.pc' &&
     test \$(grep -c /usr/local '$pre/lib/pkgconfig/policybrief.pc') -eq 1"
pc() { PKG_CONFIG_PATH="$TMP/pc" pkg-config "$@"; }
check "pkg-config finds policybrief $(pc --modversion policybrief 2>/dev/null)" \
    test "$(pc --modversion policybrief 2>/dev/null)" = 0.1.0
check "pkg-config --cflags --libs point into the staged tree" sh -c "
    PKG_CONFIG_PATH='$TMP/pc' pkg-config --cflags policybrief | grep -q -- '^-I$pre/include ' &&
    PKG_CONFIG_PATH='$TMP/pc' pkg-config --libs policybrief | grep -q -- '^-L$pre/lib -lpolicybrief'"
cp -R "$PB_TOP/examples/c" "$TMP/c"
make --no-print-directory -C "$TMP/c" PKG_CONFIG_PATH="$TMP/pc" \
    CFLAGS="-O2 -Wall -Wextra -Werror $san" >"$TMP/c.log" 2>&1
rc=$?
check "examples/c builds against the staged policybrief.pc" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/c.log" | tail -20
check "examples/c/brief is linked to the staged libpolicybrief.so.0" sh -c \
    "LD_LIBRARY_PATH='$pre/lib' ldd '$TMP/c/brief' | grep -q 'libpolicybrief.so.0 => $pre/lib/libpolicybrief.so.0'"
(cd "$TMP/elsewhere" && LD_LIBRARY_PATH="$pre/lib" "$TMP/c/brief" post.md lib.pdf) \
    >"$TMP/brief.out" 2>"$TMP/brief.err"
rc=$?
check "examples/c/brief renders the example (data found next to the library)" test "$rc" -eq 0
[ "$rc" -eq 0 ] && [ ! -s "$TMP/brief.err" ] || sed 's/^/# /' "$TMP/brief.err" | head
check "... and prints the document's title" grep -q "^lib.pdf: 聚力关键核心技术攻坚" "$TMP/brief.out"
check "... a valid PDF (qpdf --check)" qpdf --check "$TMP/elsewhere/lib.pdf"
check "... the same bytes as the installed command's" \
    cmp -s "$TMP/elsewhere/lib.pdf" "$TMP/elsewhere/post.pdf"
# static: libpolicybrief.a with Libs.private and Requires.private
cc -O2 $san "$TMP/c/brief.c" $(pc --cflags policybrief) \
    $(pc --static --libs policybrief | sed 's/-lpolicybrief/-l:libpolicybrief.a/') \
    -o "$TMP/brief-static" >"$TMP/static.log" 2>&1
rc=$?
check "examples/c links statically with pkg-config --static" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/static.log" | tail -10
check "... without libpolicybrief.so" sh -c "! ldd '$TMP/brief-static' | grep -q libpolicybrief"
(cd "$TMP/elsewhere" && POLICYBRIEF_DATA="$data" "$TMP/brief-static" post.md static.pdf) \
    >/dev/null 2>&1
check "... and renders the same PDF" cmp -s "$TMP/elsewhere/static.pdf" "$TMP/elsewhere/post.pdf"

# --- uninstall --------------------------------------------------------------
make --no-print-directory -C "$PB_TOP" BUILD="$kind" uninstall \
    DESTDIR="$stage" PREFIX=/usr/local >"$TMP/uninstall.log" 2>&1
check "make uninstall exits 0" test $? -eq 0
find "$stage" ! -type d >"$TMP/left.txt"
check "make uninstall removes every file it installed" test ! -s "$TMP/left.txt"
sed 's/^/# left: /' "$TMP/left.txt" | head
check "... and policybrief's data folder" test ! -e "$data"
finish
