# ISA self-checking tests: one ELF per tests/isa/<name>.S, linked with
# tests/isa/common.S.  Included by the top Makefile (uses BUILD and RV_CC).

ISA_DIR   := tests/isa
ISA_SRCS  := $(filter-out $(ISA_DIR)/common.S,$(wildcard $(ISA_DIR)/*.S))
ISA_ELFS  := $(ISA_SRCS:$(ISA_DIR)/%.S=$(BUILD)/isa/%.elf)
ISA_MARCH := rv64gc
ISA_FLAGS := -mabi=lp64d -nostdlib -nostartfiles -static \
             -T $(ISA_DIR)/link.ld -I$(ISA_DIR)
# Per-test extra flags, after ISA_FLAGS (a later -march wins).
ISA_FLAGS_fp_half := -march=rv64gc_zfh
ISA_DEPS  := $(ISA_DIR)/common.S $(wildcard $(ISA_DIR)/*.h) $(ISA_DIR)/link.ld $(ISA_DIR)/isa.mk

# Tests of extensions beyond RV64GC get their own -march (Zicond, which
# binutils 2.40 lacks, is written with .insn).
ISA_EXT_TESTS := zba zbb zbc_zbs zicond zicbo hints
ISA_EXT_MARCH := rv64gc_zba_zbb_zbc_zbs_zicbom_zicboz_zicbop_zihintpause
$(ISA_EXT_TESTS:%=$(BUILD)/isa/%.elf): ISA_MARCH := $(ISA_EXT_MARCH)

# Tests of extensions QEMU 7.2 does not implement: check-isa-qemu skips them.
ISA_QEMU_SKIP := zicond zicbo

$(BUILD)/isa/%.elf: $(ISA_DIR)/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=$(ISA_MARCH) $(ISA_FLAGS) $(ISA_FLAGS_$*) -o $@ $< $(ISA_DIR)/common.S

GUESTS += $(ISA_ELFS)

.PHONY: isa-elfs check-isa-qemu check-isa-rewind
isa-elfs: $(ISA_ELFS)

# Reference run on QEMU's spike machine (HTIF at tohost, exits with the code).
# Tests that need CPU options name them in an ISA-ARGS(qemu-system-riscv64)
# line of their source and run.sh adds them (QEMU 7.2's default CPU has
# Sdtrig; fp_half asks for Zfh, vm_svext for Svpbmt/Svnapot/Svinval).
check-isa-qemu: $(ISA_ELFS)
	@ISA_SKIP="$(ISA_QEMU_SKIP)" bash $(ISA_DIR)/run.sh $(BUILD) qemu-system-riscv64 -M spike \
		-cpu rv64,zba=true,zbb=true,zbc=true,zbs=true -bios none -nographic -kernel

check-isa-rewind: $(ISA_ELFS) $(REWIND)
	@bash $(ISA_DIR)/run.sh $(BUILD) $(REWIND) run --bios none
