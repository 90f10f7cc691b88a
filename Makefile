# rewind — the one build.  `make`, `make check`, `make demo`, `make bench`,
# `make deps`, `make install PREFIX=...`.  SANITIZE=1 builds with ASan+UBSan
# into build-san/.

CC      ?= cc
RV_CC   ?= riscv64-unknown-elf-gcc
RV_OBJCOPY ?= riscv64-unknown-elf-objcopy
PREFIX  ?= /usr/local

ifeq ($(SANITIZE),1)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT     := -O1
else
BUILD   := build
SANFLAGS :=
OPT     := -O2
endif

CFLAGS  := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -I. -D_GNU_SOURCE $(SANFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(SANFLAGS)
LIBS    := -lfdt -lsqlite3 -llz4 -lxxhash -lm

LIB_SRCS := $(wildcard core/*.c isa/riscv/*.c devices/*.c replay/*.c trace/*.c gdbstub/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

REWIND  := $(BUILD)/rewind

all: $(REWIND) guests

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/librewind.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(REWIND): $(TOOL_OBJS) $(BUILD)/librewind.a
	$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(BUILD)/librewind.a $(LIBS) -lcapstone

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/librewind.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librewind.a $(LIBS) -lcmocka $(LDFLAGS)

# The emitter's test disassembles what it emitted.
$(BUILD)/tests/test_jit_emit: LIBS += -lcapstone

-include $(LIB_OBJS:.o=.d) $(TOOL_OBJS:.o=.d)

# Guest programs (example kernels, ISA tests) are built with the RISC-V
# cross compiler; each folder contributes a fragment.
GUESTS :=
-include examples/kernels/kernels.mk
-include tests/isa/isa.mk
-include tests/unit/guests/guests.mk
guests: $(GUESTS)

# ---------------------------------------------------------------- tests
.PHONY: all guests check check-unit check-isa check-integration demo bench deps install clean fuzz

check: deps-check all $(UNIT_BINS)
	@bash tests/run_checks.sh $(BUILD)

check-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

demo: deps-check all
	@bash tools/demo.sh $(BUILD)

bench: deps-check all
	@bash tests/bench/run.sh $(BUILD)

# ---------------------------------------------------------------- deps
DEB_PKGS := build-essential gcc-riscv64-unknown-elf libsqlite3-dev liblz4-dev \
            libcapstone-dev libcmocka-dev libfdt-dev libxxhash-dev \
            gdb-multiarch qemu-system-misc opensbi u-boot-qemu sqlite3 clang libclang-rt-dev python3 git

deps:
	@bash tools/deps.sh install $(DEB_PKGS)

deps-check:
	@bash tools/deps.sh check $(DEB_PKGS)

install: $(REWIND)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(REWIND) $(DESTDIR)$(PREFIX)/bin/rewind

clean:
	rm -rf build build-san
