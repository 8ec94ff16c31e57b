# policybrief — one non-recursive GNU Makefile.
#
#   make demo        install what is missing, build, render the example
#   make test        build and run every test (last line: N passed, N failed)
#   make deps        install the Debian packages in packages.txt
#   make install     install under PREFIX (default /usr/local), staged under
#                    DESTDIR if set; make uninstall removes what it installed
#   make man         show the manual page, policybrief(1)
#   make bench       build for release and print the benchmark table
#                    (QUICK=1: a smoke run)
#   make fuzz        build the fuzz targets with clang and libFuzzer (ASan,
#                    UBSan) and run each FUZZ_SECONDS (default 60), FUZZ_JOBS
#                    at a time; crashes become tests/fuzz/regressions/ inputs
#   make valgrind    the unit and end-to-end tests under valgrind memcheck
#                    (zero errors, zero leaks)
#   BUILD=debug|asan|release (default release); V=1 shows full commands;
#   CI=true turns warnings into errors.

# ---------------------------------------------------------------- settings
BUILD ?= release
CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0
PKG_CONFIG ?= pkg-config
HPDF_LIBS ?= -lhpdf          # libhpdf-dev ships no .pc file
PKGS := freetype2 fontconfig libxml-2.0 libunibreak harfbuzz harfbuzz-subset libdeflate

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wformat=2 -Wno-format-nonliteral
ifeq ($(CI),true)
WARN += -Werror
endif

ifeq ($(BUILD),release)
OPT := -O2 -g
else ifeq ($(BUILD),debug)
OPT := -O0 -g3 -DPB_FAULTSIM
else ifeq ($(BUILD),asan)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
       -fno-sanitize-recover=undefined -DPB_FAULTSIM
SAN_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(BUILD),fuzz)
# libFuzzer's coverage in the library; the targets link -fsanitize=fuzzer
OPT := -O1 -g -fno-omit-frame-pointer \
       -fsanitize=fuzzer-no-link,address,undefined \
       -fno-sanitize-recover=undefined
SAN_LDFLAGS := -fsanitize=address,undefined
else
$(error BUILD must be release, debug, asan or fuzz)
endif

OUT ?= build/$(BUILD)
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -fPIC \
             -DPB_VERSION='"$(VERSION)"' -MMD -MP $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_LDFLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) $(HPDF_LIBS) -lhyphen -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ----------------------------------------------------------------- sources
LIB_SRC := $(sort $(wildcard src/*.c src/base/*.c src/ingest/*.c src/model/*.c \
             src/text/*.c src/layout/*.c src/pdf/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(OUT)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(OUT)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)

LIB_A := $(OUT)/libpolicybrief.a
BIN := $(OUT)/policybrief

# fuzz targets (tests/fuzz/fuzz_NAME.c): replayed by `make test` through
# tests/fuzz/replay.c, fuzzed by `make fuzz`
FUZZ_TARGETS := frontmatter markdown html policy_xml template translation \
                pipeline
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(OUT)/tests/test_fuzz_%)
FUZZ_BIN := $(FUZZ_TARGETS:%=$(OUT)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_CC ?= clang

.PHONY: all deps demo test unit e2e clean golden-update corpus-report bench-text \
        bench fuzz fuzz-build valgrind
all: $(BIN)

$(OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB_A)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $(CLI_OBJ) $(LIB_A) $(LIBS) -o $@

$(OUT)/tests/%: tests/unit/%.c $(LIB_A) tests/unit/test_util.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $< $(LIB_A) $(ALL_LDFLAGS) $(LIBS) \
	    $$($(PKG_CONFIG) --libs cmocka) -o $@

$(OUT)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
                         tests/fuzz/fuzz.h $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  REPLAY  $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -DPB_FUZZ_TARGET='"$*"' tests/fuzz/replay.c \
	    $< $(LIB_A) $(ALL_LDFLAGS) $(LIBS) -o $@

$(OUT)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $< $(LIB_A) -fsanitize=fuzzer \
	    $(ALL_LDFLAGS) $(LIBS) -o $@

# bench/ helpers: whole-process timing, and in-process stage timing with
# line breaking and compression timed through the linker's --wrap
BENCH_BIN := $(OUT)/bench/runstat $(OUT)/bench/stages
BENCH_WRAP := -Wl,--wrap=pb_text_layout_para,--wrap=pb_text_measure \
              -Wl,--wrap=libdeflate_zlib_compress

$(OUT)/bench/runstat: bench/runstat.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -o $@

$(OUT)/bench/stages: bench/stages.c $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $< $(LIB_A) $(ALL_LDFLAGS) $(BENCH_WRAP) \
	    $(LIBS) -o $@

# --------------------------------------------------------------- commands
deps:
	@tools/install-deps packages.txt

demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	$(BIN) render examples/nanjing-21-measures.md -o out/nanjing-21-measures.pdf
	$(BIN) render examples/nanjing-21-measures.md -t bilingual \
	    --translation examples/nanjing-21-measures.en.xml \
	    -o out/nanjing-21-measures-bilingual.pdf
	@echo "wrote out/nanjing-21-measures.pdf and out/nanjing-21-measures-bilingual.pdf"

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(FUZZ_REPLAY)
	@tests/run.sh $(OUT)

unit: $(UNIT_BIN) $(FUZZ_REPLAY)
	@tests/run.sh $(OUT) unit

e2e: $(BIN)
	@tests/run.sh $(OUT) e2e

# analysis measured on tests/data/corpus/: recall and precision per document
corpus-report: $(BIN)
	@python3 tests/corpus.py report $(BIN) tests/data/corpus

bench-text: $(OUT)/bench/text_bench
	@PB_TOP=. $(OUT)/bench/text_bench

$(OUT)/bench/text_bench: bench/text_bench.c $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $< $(LIB_A) $(ALL_LDFLAGS) $(LIBS) -o $@

golden-update: $(BIN)
	@PB_GOLDEN_UPDATE=1 tests/run.sh $(OUT) e2e

# release build, then the benchmark table (a few minutes; see bench/)
bench:
	@$(MAKE) --no-print-directory BUILD=release all build/release/bench/runstat \
	    build/release/bench/stages
	@python3 bench/bench.py --bin build/release/policybrief \
	    --runstat build/release/bench/runstat --stages build/release/bench/stages \
	    $(if $(QUICK),--quick)

# fuzzing: clang with libFuzzer, ASan and UBSan (Debian's clang and
# libclang-rt-dev, in packages.txt); a build of its own under build/fuzz
fuzz:
	@$(MAKE) --no-print-directory BUILD=fuzz CC=$(FUZZ_CC) fuzz-build
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_BIN)

# memcheck over the unit tests, the fuzz replays and the end-to-end tests
# (whose scripts run the binary through tests/wrap-bin.sh): the release
# build (-O2 -g), where no failure is injected (the fault loops are ASan's)
valgrind:
	@$(MAKE) --no-print-directory BUILD=release all \
	    $(UNIT_BIN:$(OUT)/%=build/release/%) \
	    $(FUZZ_REPLAY:$(OUT)/%=build/release/%)
	@tests/valgrind.sh build/release

clean:
	rm -rf build out

# ---------------------------------------------------------------- install
# Where `make install` puts things (GNU directory variables).  The binary
# finds DATADIR next to itself first (../share/policybrief), so a tree
# staged under DESTDIR or moved elsewhere works as it is; DATADIR is also
# compiled in as the last resort.
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/policybrief
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install

SOVERSION := $(firstword $(subst ., ,$(VERSION)))
SO_REAL := libpolicybrief.so.$(VERSION)
SO_NAME := libpolicybrief.so.$(SOVERSION)
SO := $(OUT)/$(SO_REAL)
PC := $(OUT)/policybrief.pc
SYMBOLS := $(OUT)/policybrief.map
DATA_FILES := $(sort $(wildcard layouts/*.xml)) layouts/layout.rng \
              fonts/fontsets.xml fonts/README.md

.PHONY: install uninstall man examples shared FORCE

# DATADIR compiled into the two files that use it, rebuilt when it changes
# (the stamp is rewritten only when its content differs)
$(OUT)/src/api.o $(OUT)/src/cli/help.o: ALL_CFLAGS += -DPB_DATADIR='"$(DATADIR)"'
$(OUT)/src/api.o $(OUT)/src/cli/help.o: $(OUT)/datadir.stamp
$(OUT)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@

# The shared library exports exactly the functions policybrief.h declares
# (the stages' pb_ functions stay inside); the static library is complete.
$(SYMBOLS): src/policybrief.h
	@mkdir -p $(dir $@)
	$(Q)sed -n 's/^[a-z].*[ *]\(pb_[a-z0-9_]*\)(.*/\1/p' $< | sort -u | \
	    awk 'BEGIN { print "{ global:" } { print "    " $$0 ";" } \
	         END { print "  local: *;"; print "};" }' >$@

$(SO): $(LIB_OBJ) $(SYMBOLS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SO_NAME) -Wl,--version-script=$(SYMBOLS) \
	    -Wl,--no-undefined $(ALL_LDFLAGS) $(LIB_OBJ) $(LIBS) -o $@
	$(Q)ln -sf $(SO_REAL) $(OUT)/$(SO_NAME)
	$(Q)ln -sf $(SO_NAME) $(OUT)/libpolicybrief.so

shared: $(SO)

$(PC): src/policybrief.pc.in Makefile
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	    -e 's|@DATADIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(DATADIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(PKGS)|' \
	    -e 's|@LIBS_PRIVATE@|$(strip $(HPDF_LIBS)) -lhyphen -lm|' $< >$@

install: $(BIN) $(LIB_A) $(SO) $(PC)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(DATADIR)/layouts $(DESTDIR)$(DATADIR)/fonts
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/policybrief
	$(INSTALL) -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libpolicybrief.a
	$(INSTALL) -m 755 $(SO) $(DESTDIR)$(LIBDIR)/$(SO_REAL)
	ln -sf $(SO_REAL) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libpolicybrief.so
	$(INSTALL) -m 644 $(PC) $(DESTDIR)$(PKGCONFIGDIR)/policybrief.pc
	$(INSTALL) -m 644 src/policybrief.h $(DESTDIR)$(INCLUDEDIR)/policybrief.h
	$(INSTALL) -m 644 src/cli/policybrief.1 $(DESTDIR)$(MANDIR)/man1/policybrief.1
	$(INSTALL) -m 644 src/cli/policybrief.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/policybrief
	$(INSTALL) -m 644 $(filter layouts/%,$(DATA_FILES)) \
	    $(DESTDIR)$(DATADIR)/layouts
	$(INSTALL) -m 644 $(filter fonts/%,$(DATA_FILES)) $(DESTDIR)$(DATADIR)/fonts

# removes the files install wrote, then the folders of policybrief's own
# that are left empty (fonts dropped into DATADIR/fonts are kept)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/policybrief $(DESTDIR)$(LIBDIR)/libpolicybrief.a \
	    $(DESTDIR)$(LIBDIR)/$(SO_REAL) $(DESTDIR)$(LIBDIR)/$(SO_NAME) \
	    $(DESTDIR)$(LIBDIR)/libpolicybrief.so \
	    $(DESTDIR)$(PKGCONFIGDIR)/policybrief.pc \
	    $(DESTDIR)$(INCLUDEDIR)/policybrief.h \
	    $(DESTDIR)$(MANDIR)/man1/policybrief.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/policybrief \
	    $(addprefix $(DESTDIR)$(DATADIR)/,$(DATA_FILES))
	-rmdir $(DESTDIR)$(DATADIR)/layouts $(DESTDIR)$(DATADIR)/fonts \
	    $(DESTDIR)$(DATADIR) 2>/dev/null

man:
	@MANWIDTH=$${MANWIDTH:-80} man -l src/cli/policybrief.1

# the C example, built against the build tree (tests/e2e/test_install.sh
# builds it against an installed copy through pkg-config)
examples: $(OUT)/examples/brief
$(OUT)/examples/brief: examples/c/brief.c $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $< $(LIB_A) $(ALL_LDFLAGS) $(LIBS) -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
