# Example kernels: bare-metal M-mode programs for the virt board, each one
# folder plus the shared examples/kernels/common.  Included by the top
# Makefile; builds $(BUILD)/examples/<name>.elf.

KERNELS := hello timer bench entropy netloop course tasks membench

KERNEL_DIR    := examples/kernels
KERNEL_LD     := $(KERNEL_DIR)/common/link.ld
# -fno-tree-loop-distribute-patterns: otherwise GCC may turn the loops in
# common/string.c into calls to memset/memcpy themselves.
KERNEL_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding \
                 -nostdlib -nostartfiles -static -O2 -g \
                 -fno-tree-loop-distribute-patterns \
                 -Wall -Wextra -Werror -I$(KERNEL_DIR)/common
# Every kernel links all of common/ but the pieces below, which only some
# need (the trap vector calls a trap_handler the kernel must define): each
# kernel names those it uses in KERNEL_USES_<name>.
KERNEL_OPTIONAL := $(addprefix $(KERNEL_DIR)/common/,trapvec.S readline.c virtio.c)
KERNEL_COMMON := $(filter-out $(KERNEL_OPTIONAL), \
                   $(wildcard $(KERNEL_DIR)/common/*.c $(KERNEL_DIR)/common/*.S \
                              $(KERNEL_DIR)/common/*.h)) $(KERNEL_LD)

KERNEL_USES_hello   := readline.c
KERNEL_USES_timer   := trapvec.S
KERNEL_USES_entropy := virtio.c
KERNEL_USES_netloop := virtio.c
KERNEL_USES_disk    := trapvec.S readline.c virtio.c
kernel_uses = $(addprefix $(KERNEL_DIR)/common/,$(KERNEL_USES_$(1)))

# Each kernel is small enough to compile and link in one command: all its
# sources plus the common ones.  Headers are listed only to trigger rebuilds.
define KERNEL_RULE
$(BUILD)/examples/$(1).elf: $(wildcard $(KERNEL_DIR)/$(1)/*.c $(KERNEL_DIR)/$(1)/*.S \
                                       $(KERNEL_DIR)/$(1)/*.h) \
                            $(call kernel_uses,$(1)) $(KERNEL_COMMON) $(KERNEL_DIR)/kernels.mk
	@mkdir -p $$(dir $$@)
	$(RV_CC) $(KERNEL_CFLAGS) -T $(KERNEL_LD) -o $$@ $$(filter %.c %.S,$$^) -lgcc
endef

$(foreach k,$(KERNELS),$(eval $(call KERNEL_RULE,$(k))))

GUESTS += $(KERNELS:%=$(BUILD)/examples/%.elf)

# disk: every hart runs (its own start.S replaces the common one, which
# parks all but hart 0), and it boots from a disk image that mkdisk.py
# builds.
DISK_DIR := $(KERNEL_DIR)/disk

$(BUILD)/examples/disk.elf: $(wildcard $(DISK_DIR)/*.c $(DISK_DIR)/*.S $(DISK_DIR)/*.h) \
                            $(call kernel_uses,disk) \
                            $(filter-out $(KERNEL_DIR)/common/start.S,$(KERNEL_COMMON)) \
                            $(KERNEL_DIR)/kernels.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(KERNEL_CFLAGS) -T $(KERNEL_LD) -o $@ $(filter %.c %.S,$^) -lgcc

$(BUILD)/examples/disk.img: $(DISK_DIR)/mkdisk.py
	@mkdir -p $(dir $@)
	python3 $< $@

GUESTS += $(BUILD)/examples/disk.elf $(BUILD)/examples/disk.img

# course-bench: the course kernel built with -DCOURSE_BENCH, whose first
# process runs a fixed workload (course/bench.c) instead of the shell, for
# `make bench`.
COURSE_DIR := $(KERNEL_DIR)/course

$(BUILD)/examples/course-bench.elf: $(wildcard $(COURSE_DIR)/*.c $(COURSE_DIR)/*.S $(COURSE_DIR)/*.h) \
                                    $(KERNEL_COMMON) $(KERNEL_DIR)/kernels.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(KERNEL_CFLAGS) -DCOURSE_BENCH -T $(KERNEL_LD) -o $@ $(filter %.c %.S,$^) -lgcc

GUESTS += $(BUILD)/examples/course-bench.elf

# course-bench-long: the same workload three times over (1.5 G steps), long
# enough for the reverse debugging latencies at step 10^9 in `make bench`.
$(BUILD)/examples/course-bench-long.elf: $(wildcard $(COURSE_DIR)/*.c $(COURSE_DIR)/*.S $(COURSE_DIR)/*.h) \
                                         $(KERNEL_COMMON) $(KERNEL_DIR)/kernels.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(KERNEL_CFLAGS) -DCOURSE_BENCH -DCOURSE_BENCH_LONG -T $(KERNEL_LD) -o $@ $(filter %.c %.S,$^) -lgcc

GUESTS += $(BUILD)/examples/course-bench-long.elf

# membench-short: the memory-heavy kernel with one iteration instead of the
# bench's many (0.1 G steps), for `make check`.
MEMBENCH_DIR := $(KERNEL_DIR)/membench

$(BUILD)/examples/membench-short.elf: $(wildcard $(MEMBENCH_DIR)/*.c $(MEMBENCH_DIR)/*.S $(MEMBENCH_DIR)/*.h) \
                                      $(KERNEL_COMMON) $(KERNEL_DIR)/kernels.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(KERNEL_CFLAGS) -DMEMBENCH_SHORT -T $(KERNEL_LD) -o $@ $(filter %.c %.S,$^) -lgcc

GUESTS += $(BUILD)/examples/membench-short.elf
