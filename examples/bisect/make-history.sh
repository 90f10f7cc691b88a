#!/bin/bash
# Create a small git history to practise `git bisect run` with rewind.
#
# Usage: examples/bisect/make-history.sh DIR
#
# DIR (which must not exist yet, or be empty) becomes a git repository with
# eight commits of "tiny", a bare-metal RISC-V kernel for QEMU's virt board
# (M-mode at 0x80000000, 16550 UART at 0x10000000, sifive,test poweroff at
# 0x100000).  Every commit builds with `make` (riscv64-unknown-elf-gcc) into
# kernel.elf, and boots to "boot ok" except:
#
#   4  uart: factor out tx_busy()
#        hangs before printing anything (tx_busy() has the wrong polarity):
#        a revision that cannot be tested, so `git bisect` must skip it.
#   5  uart: fix tx_busy() polarity
#        boots again.
#   6  frames: remember the kernel's size, start searching after it
#        the regression: the kernel's size in frames is rounded down, so
#        the frame holding the end of the kernel is handed out as free; the
#        boot self-test catches it and the kernel prints "PANIC: ...".
#        Commits 7 and 8 still have it.
#
# Author, committer and dates are fixed, so the commit ids are the same
# every time (and match docs/bisect.md).
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dir=$1
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "$0: $dir exists and is not empty" >&2
    exit 2
fi
mkdir -p "$dir"
cd "$dir"

export GIT_AUTHOR_NAME="Ada Example" GIT_AUTHOR_EMAIL="ada@example.org"
export GIT_COMMITTER_NAME="Ada Example" GIT_COMMITTER_EMAIL="ada@example.org"
# Ignore the user's and the system's git configuration (hooks, signing,
# templates): the history must come out the same everywhere.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main .
n=0
commit() {
    n=$((n + 1))
    export GIT_AUTHOR_DATE="2024-03-0${n}T10:00:00+0000"
    export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
    git add -A
    git commit -q -m "$1"
}

# ---------------------------------------------------------------- commit 1
cat >Makefile <<'EOF'
# tiny: build kernel.elf, an M-mode kernel linked at 0x80000000.
CROSS  ?= riscv64-unknown-elf-
CC     := $(CROSS)gcc
# medany: code and data live at 0x80000000, out of reach of the default
# medlow model (which addresses the lowest and highest 2 GiB).
CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib \
          -O2 -g -Wall -Wextra -Werror

kernel.elf: start.S $(wildcard *.c) kernel.h link.ld
	$(CC) $(CFLAGS) -T link.ld -o $@ start.S $(wildcard *.c)

clean:
	rm -f kernel.elf
.PHONY: clean
EOF

cat >link.ld <<'EOF'
/* tiny runs from the base of RAM, where the reset code jumps. */
OUTPUT_ARCH(riscv)
ENTRY(_start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); }
SECTIONS
{
	. = 0x80000000;
	.text   : { *(.text.start) *(.text .text.*) } :text
	.rodata : { *(.rodata .rodata.* .srodata .srodata.*) } :text
	.data   : { *(.data .data.* .sdata .sdata.*) } :data
	.bss (NOLOAD) : ALIGN(8) {
		__bss_start = .;
		*(.sbss .sbss.*) *(.bss .bss.*) *(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	} :data
	.stack (NOLOAD) : ALIGN(16) { . += 4096; __stack_top = .; } :data
	_end = .;	/* the end of the kernel */
}
EOF

cat >start.S <<'EOF'
# Entry point: hart 0 gets a stack and a zeroed .bss and calls kmain().
	.section .text.start
	.globl	_start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	li	t0, 1 << 13		# mstatus.FS = Initial: allow FP instructions
	csrs	mstatus, t0
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	kmain
park:	wfi
	j	park
EOF

cat >kernel.h <<'EOF'
#ifndef KERNEL_H
#define KERNEL_H

#define RAM_BASE 0x80000000UL

void uart_putc(char c);
void uart_puts(const char *s);
void poweroff(void) __attribute__((noreturn));

#endif
EOF

cat >uart.c <<'EOF'
// 16550 UART at 0x10000000 (QEMU virt), transmit side only.
#include "kernel.h"

#define UART     ((volatile unsigned char *)0x10000000UL)
#define THR      0	// transmit holding register
#define LSR      5	// line status register
#define LSR_THRE 0x20	// THR empty: ready for the next byte

void uart_putc(char c)
{
	while (!(UART[LSR] & LSR_THRE))
		;
	UART[THR] = c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}
EOF

cat >main.c <<'EOF'
#include "kernel.h"

#define SIFIVE_TEST ((volatile unsigned int *)0x100000UL)

void poweroff(void)
{
	*SIFIVE_TEST = 0x5555;
	for (;;)
		;
}

void kmain(void)
{
	uart_puts("boot ok\n");
	poweroff();
}
EOF
commit "Boot to \"boot ok\" and power off"

# ---------------------------------------------------------------- commit 2
cat >kernel.h <<'EOF'
#ifndef KERNEL_H
#define KERNEL_H

#define RAM_BASE 0x80000000UL

void uart_putc(char c);
void uart_puts(const char *s);
void uart_puthex(unsigned long v);
void poweroff(void) __attribute__((noreturn));
void panic(const char *msg) __attribute__((noreturn));

#endif
EOF

cat >>uart.c <<'EOF'

void uart_puthex(unsigned long v)
{
	int shift = 60;

	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	uart_puts("0x");
	for (; shift >= 0; shift -= 4)
		uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}
EOF

cat >main.c <<'EOF'
#include "kernel.h"

#define SIFIVE_TEST ((volatile unsigned int *)0x100000UL)

void poweroff(void)
{
	*SIFIVE_TEST = 0x5555;
	for (;;)
		;
}

// Report and stop: fail code 1 through sifive,test.
void panic(const char *msg)
{
	uart_puts("PANIC: ");
	uart_puts(msg);
	uart_putc('\n');
	*SIFIVE_TEST = 1 << 16 | 0x3333;
	for (;;)
		;
}

void kmain(void)
{
	uart_puts("boot ok\n");
	poweroff();
}
EOF
commit "Add panic() and uart_puthex() for diagnostics"

# ---------------------------------------------------------------- commit 3
cat >kernel.h <<'EOF'
#ifndef KERNEL_H
#define KERNEL_H

#define RAM_BASE   0x80000000UL
#define FRAME_SIZE 4096UL

void uart_putc(char c);
void uart_puts(const char *s);
void uart_puthex(unsigned long v);
void poweroff(void) __attribute__((noreturn));
void panic(const char *msg) __attribute__((noreturn));

void frames_init(void);
unsigned long frame_alloc(void);
void frames_selftest(void);

#endif
EOF

cat >frames.c <<'EOF'
// Physical frame allocator: one byte per 4 KiB frame of the first 16 MiB.
#include "kernel.h"

#define NFRAMES ((16UL << 20) / FRAME_SIZE)

static unsigned char used[NFRAMES];
extern char _end[];	// the end of the kernel, from link.ld

void frames_init(void)
{
	// The frames from RAM_BASE up to _end hold the kernel.
	unsigned long n = ((unsigned long)_end - RAM_BASE + FRAME_SIZE - 1) / FRAME_SIZE;

	for (unsigned long i = 0; i < n; i++)
		used[i] = 1;
}

unsigned long frame_alloc(void)
{
	for (unsigned long i = 0; i < NFRAMES; i++) {
		if (!used[i]) {
			used[i] = 1;
			return RAM_BASE + i * FRAME_SIZE;
		}
	}
	return 0;
}

// The first frame handed out must lie past the kernel.
void frames_selftest(void)
{
	unsigned long f = frame_alloc();

	if (f < (unsigned long)_end) {
		uart_puts("frames: got frame ");
		uart_puthex(f);
		uart_puts(" but the kernel ends at ");
		uart_puthex((unsigned long)_end);
		uart_putc('\n');
		panic("frame allocator handed out kernel memory");
	}
	used[(f - RAM_BASE) / FRAME_SIZE] = 0;
}
EOF

cat >main.c <<'EOF'
#include "kernel.h"

#define SIFIVE_TEST ((volatile unsigned int *)0x100000UL)

void poweroff(void)
{
	*SIFIVE_TEST = 0x5555;
	for (;;)
		;
}

// Report and stop: fail code 1 through sifive,test.
void panic(const char *msg)
{
	uart_puts("PANIC: ");
	uart_puts(msg);
	uart_putc('\n');
	*SIFIVE_TEST = 1 << 16 | 0x3333;
	for (;;)
		;
}

void kmain(void)
{
	frames_init();
	frames_selftest();
	uart_puts("boot ok\n");
	poweroff();
}
EOF
commit "Add a physical frame allocator with a boot self-test"

# ---------------------------------------------------------------- commit 4
# A hang: tx_busy() has the wrong polarity, so the first byte never goes out.
cat >uart.c <<'EOF'
// 16550 UART at 0x10000000 (QEMU virt), transmit side only.
#include "kernel.h"

#define UART     ((volatile unsigned char *)0x10000000UL)
#define THR      0	// transmit holding register
#define LSR      5	// line status register
#define LSR_THRE 0x20	// THR empty: ready for the next byte

// Is the transmitter still busy with the previous byte?
static int tx_busy(void)
{
	return UART[LSR] & LSR_THRE;
}

void uart_putc(char c)
{
	while (tx_busy())
		;
	UART[THR] = c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void uart_puthex(unsigned long v)
{
	int shift = 60;

	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	uart_puts("0x");
	for (; shift >= 0; shift -= 4)
		uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}
EOF
commit "uart: factor out tx_busy()"

# ---------------------------------------------------------------- commit 5
sed -i 's/return UART\[LSR\] & LSR_THRE;/return !(UART[LSR] \& LSR_THRE);/' uart.c
grep -q 'return !(UART' uart.c
commit "uart: fix tx_busy() polarity"

# ---------------------------------------------------------------- commit 6
# The regression: the kernel's size in frames is now rounded down.
cat >frames.c <<'EOF'
// Physical frame allocator: one byte per 4 KiB frame of the first 16 MiB.
#include "kernel.h"

#define NFRAMES ((16UL << 20) / FRAME_SIZE)

static unsigned char used[NFRAMES];
static unsigned long kernel_frames;	// frames 0 .. kernel_frames-1 hold the kernel
extern char _end[];			// the end of the kernel, from link.ld

void frames_init(void)
{
	kernel_frames = ((unsigned long)_end - RAM_BASE) / FRAME_SIZE;
	for (unsigned long i = 0; i < kernel_frames; i++)
		used[i] = 1;
}

unsigned long frame_alloc(void)
{
	// The kernel's frames are never free: start after them.
	for (unsigned long i = kernel_frames; i < NFRAMES; i++) {
		if (!used[i]) {
			used[i] = 1;
			return RAM_BASE + i * FRAME_SIZE;
		}
	}
	return 0;
}

// The first frame handed out must lie past the kernel.
void frames_selftest(void)
{
	unsigned long f = frame_alloc();

	if (f < (unsigned long)_end) {
		uart_puts("frames: got frame ");
		uart_puthex(f);
		uart_puts(" but the kernel ends at ");
		uart_puthex((unsigned long)_end);
		uart_putc('\n');
		panic("frame allocator handed out kernel memory");
	}
	used[(f - RAM_BASE) / FRAME_SIZE] = 0;
}
EOF
commit "frames: remember the kernel's size, start searching after it"

# ---------------------------------------------------------------- commit 7
cat >>uart.c <<'EOF'

void uart_putdec(unsigned long v)
{
	char buf[20];
	int n = 0;

	do
		buf[n++] = '0' + v % 10;
	while ((v /= 10) != 0);
	while (n > 0)
		uart_putc(buf[--n]);
}
EOF
sed -i 's/^void uart_puthex(unsigned long v);$/&\nvoid uart_putdec(unsigned long v);/' kernel.h
sed -i 's/^void frames_selftest(void);$/&\nunsigned long frames_free(void);/' kernel.h
cat >>frames.c <<'EOF'

unsigned long frames_free(void)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < NFRAMES; i++)
		n += !used[i];
	return n;
}
EOF
sed -i 's/^\tframes_selftest();$/&\n\tuart_puts("frames: ");\n\tuart_putdec(frames_free());\n\tuart_puts(" free\\n");/' main.c
grep -q 'frames_free()' main.c
commit "Print the number of free frames at boot"

# ---------------------------------------------------------------- commit 8
sed -i 's/^\tframes_init();$/\tuart_puts("tiny 0.1\\n");\n&/' main.c
grep -q 'tiny 0.1' main.c
commit "Print a version banner"

git log --reverse --format='%h %s'
