// disk: a small multi-hart kernel with a virtio disk, in the shape of a
// course OS.
//
// Hart 0 sets up the UART and the disk, wakes the other harts, prints the
// message of the day from the disk, adds one to the boot counter stored
// there, lists the files, and has every hart count on one shared counter
// under a spinlock.  Then it reads commands from the console.

#include <stdint.h>
#include "console.h"
#include "fs.h"
#include "poweroff.h"
#include "print.h"
#include "readline.h"
#include "smp.h"
#include "uart.h"
#include "virtio_blk.h"

#define LINE_MAX	64

static int nharts;

// ---------------------------------------------------------------- files

static int cat(const char *name)
{
	struct fs_file *f = fs_find(name);
	char buf[SECTOR_SIZE];
	uint32_t off = 0;
	int n;

	if (f == 0) {
		uart_puts("cat: ");
		uart_puts(name);
		uart_puts(": no such file\n");
		return -1;
	}
	while ((n = fs_read(f, off, buf, sizeof(buf))) > 0) {
		for (int i = 0; i < n; i++)
			uart_putc(buf[i]);
		off += n;
	}
	if (n < 0) {
		uart_puts("cat: disk error\n");
		return -1;
	}
	return 0;
}

static void ls(void)
{
	for (int i = 0; i < fs_nfiles(); i++) {
		struct fs_file *f = fs_file(i);
		char name[FS_NAME_MAX + 1];

		for (int j = 0; j < FS_NAME_MAX; j++)
			name[j] = f->name[j];
		name[FS_NAME_MAX] = '\0';
		uart_puts("  ");
		print_padded(name, FS_NAME_MAX);
		print_dec_padded(f->length, 5);
		uart_puts(" bytes  ");
		if (f->sectors == 1) {
			uart_puts("sector ");
			print_dec(f->start);
		} else {
			uart_puts("sectors ");
			print_dec(f->start);
			uart_puts("-");
			print_dec(f->start + f->sectors - 1);
		}
		uart_puts("\n");
	}
}

// The file "counter" holds a decimal number and a newline: how many times
// this disk has been booted.  Read it, add one, write it back.
static void bump_boot_count(void)
{
	struct fs_file *f = fs_find("counter");
	char buf[24];
	uint64_t count = 0;
	int n, i;

	if (f == 0 || (n = fs_read(f, 0, buf, sizeof(buf))) < 0) {
		uart_puts("boot count: no counter file\n");
		return;
	}
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		count = count * 10 + (buf[i] - '0');
	count++;

	// Format it back, digits in reverse first.
	char digits[21];
	int nd = 0;
	uint64_t m = count;
	do {
		digits[nd++] = '0' + m % 10;
		m /= 10;
	} while (m);
	for (i = 0; i < nd; i++)
		buf[i] = digits[nd - 1 - i];
	buf[i++] = '\n';

	if (fs_write(f, buf, i) < 0) {
		uart_puts("boot count: cannot write the counter file\n");
		return;
	}
	uart_puts("boot count: ");
	print_dec(count);
	uart_puts("\n");
}

// ---------------------------------------------------------------- harts

// Both kept out of line so a debugger can break on them.
static __attribute__((noinline)) void count_locked(void)
{
	uint64_t expected = (uint64_t)nharts * COUNT_PER_HART;
	uint64_t total = smp_count(1);

	uart_puts(total == expected ? "counter ok: " : "RACE: ");
	print_dec(nharts);
	uart_puts(nharts == 1 ? " hart x " : " harts x ");
	print_dec(COUNT_PER_HART);
	uart_puts(total == expected ? " = " : " gave ");
	print_dec(total);
	uart_puts("\n");
}

static __attribute__((noinline)) void count_racy(void)
{
	uint64_t expected = (uint64_t)nharts * COUNT_PER_HART;
	uint64_t total = smp_count(0);

	uart_puts("race: ");
	print_dec(nharts);
	uart_puts(nharts == 1 ? " hart x " : " harts x ");
	print_dec(COUNT_PER_HART);
	uart_puts(" without the lock gave ");
	print_dec(total);
	if (total == expected) {
		uart_puts(" (no update lost this time)\n");
	} else {
		uart_puts(" (");
		print_dec(expected - total);
		uart_puts(" updates lost)\n");
	}
}

// ---------------------------------------------------------------- commands

static int word_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void help(void)
{
	uart_puts("commands: ls, cat NAME, count, race, halt\n");
}

static void command(char *line)
{
	char *cmd, *arg;

	while (*line == ' ')
		line++;
	cmd = line;
	while (*line && *line != ' ')
		line++;
	if (*line)
		*line++ = '\0';
	while (*line == ' ')
		line++;
	arg = line;
	// Drop trailing spaces from the argument.
	for (char *end = arg; *end; end++)
		if (*end != ' ')
			line = end + 1;
	*line = '\0';

	if (*cmd == '\0')
		return;
	if (word_eq(cmd, "ls")) {
		ls();
	} else if (word_eq(cmd, "cat")) {
		if (*arg)
			cat(arg);
		else
			uart_puts("usage: cat NAME\n");
	} else if (word_eq(cmd, "count")) {
		count_locked();
	} else if (word_eq(cmd, "race")) {
		count_racy();
	} else if (word_eq(cmd, "halt")) {
		uart_puts("bye\n");
		poweroff();
	} else if (word_eq(cmd, "help")) {
		help();
	} else {
		uart_puts("unknown command: ");
		uart_puts(cmd);
		uart_puts("\n");
		help();
	}
}

// ---------------------------------------------------------------- boot

int main(uint64_t hartid, const void *dtb)
{
	char line[LINE_MAX];
	const char *err;

	(void)hartid;	// always 0: start.S sends only hart 0 here
	uart_init();
	nharts = smp_count_harts(dtb);

	err = virtio_blk_init();
	if (err) {
		uart_puts("disk: ");
		uart_puts(err);
		uart_puts("\n");
		return 1;
	}
	smp_release(nharts);

	uart_puts("disk: ");
	print_dec(nharts);
	uart_puts(nharts == 1 ? " hart" : " harts");
	uart_puts(", virtio-blk in slot ");
	print_dec(virtio_blk_slot());
	uart_puts(" (irq ");
	print_dec(virtio_blk_irq());
	uart_puts("), ");
	print_dec(virtio_blk_capacity());
	uart_puts(" sectors\n");

	err = fs_mount();
	if (err) {
		uart_puts("disk: ");
		uart_puts(err);
		uart_puts("\n");
		return 2;
	}

	cat("motd");
	bump_boot_count();
	uart_puts("files:\n");
	ls();
	count_locked();

	for (;;) {
		uart_puts("Command? ");
		read_line(line, sizeof(line));
		command(line);
	}
}
