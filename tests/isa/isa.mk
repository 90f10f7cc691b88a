# ISA self-checking tests: one ELF per tests/isa/<name>.S, linked with
# tests/isa/common.S.  Included by the top Makefile (uses BUILD and RV_CC).

ISA_DIR   := tests/isa
ISA_SRCS  := $(filter-out $(ISA_DIR)/common.S,$(wildcard $(ISA_DIR)/*.S))
ISA_ELFS  := $(ISA_SRCS:$(ISA_DIR)/%.S=$(BUILD)/isa/%.elf)
ISA_FLAGS := -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static \
             -T $(ISA_DIR)/link.ld -I$(ISA_DIR)
ISA_DEPS  := $(ISA_DIR)/common.S $(wildcard $(ISA_DIR)/*.h) $(ISA_DIR)/link.ld $(ISA_DIR)/isa.mk

$(BUILD)/isa/%.elf: $(ISA_DIR)/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_FLAGS) -o $@ $< $(ISA_DIR)/common.S

GUESTS += $(ISA_ELFS)

.PHONY: isa-elfs check-isa-qemu check-isa-rewind
isa-elfs: $(ISA_ELFS)

# Reference run on QEMU's spike machine (HTIF at tohost, exits with the code).
# QEMU 7.2's default CPU has Sdtrig; Svpbmt/Svnapot/Svinval must be asked for.
ISA_QEMU_CPU := -cpu rv64,svpbmt=on,svnapot=on,svinval=on
check-isa-qemu: $(ISA_ELFS)
	@bash $(ISA_DIR)/run.sh $(BUILD) qemu-system-riscv64 -M spike $(ISA_QEMU_CPU) -bios none -nographic -kernel

check-isa-rewind: $(ISA_ELFS) $(REWIND)
	@bash $(ISA_DIR)/run.sh $(BUILD) $(REWIND) run --bios none
