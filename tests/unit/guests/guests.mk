# Guest programs of the unit tests: $(BUILD)/tests/guests/<name>.elf from
# tests/unit/guests/<name>.S, bare-metal at 0x80000000.  Included by the
# top Makefile (uses BUILD and RV_CC).

UNIT_GUEST_DIR  := tests/unit/guests
UNIT_GUEST_ELFS := $(patsubst $(UNIT_GUEST_DIR)/%.S,$(BUILD)/tests/guests/%.elf, \
                     $(wildcard $(UNIT_GUEST_DIR)/*.S))

$(BUILD)/tests/guests/%.elf: $(UNIT_GUEST_DIR)/%.S $(UNIT_GUEST_DIR)/guests.mk
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static \
		-Wl,-Ttext=0x80000000 -Wl,-N -Wl,--no-warn-rwx-segments -o $@ $<

# The unit test that runs a guest needs it built.
$(BUILD)/tests/test_breakpoints: $(BUILD)/tests/guests/breakpoints.elf

GUESTS += $(UNIT_GUEST_ELFS)
$(BUILD)/tests/test_jit: $(BUILD)/tests/guests/jit_code.elf $(BUILD)/tests/guests/breakpoints.elf
