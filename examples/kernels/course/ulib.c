// The user library: where every process starts, printf, and a few string
// functions.  All of it runs in U-mode.

#include <stdarg.h>
#include "user.h"

// spawn() starts every process here (the kernel sets pc = ustart, a0 = fn,
// a1 = arg), so that returning from fn is an exit like any other.
void ustart(int (*fn)(uint64_t), uint64_t arg)
{
	exit(fn(arg));
}

int strlen(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, int n)
{
	for (; n > 0; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int atoi(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

// Reads one line (the console hands out at most one per read), without its
// newline.  Returns its length, or -1 at end of input.
int gets(char *buf, int max)
{
	int n = read(0, buf, max - 1);

	if (n <= 0)
		return -1;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return n;
}

// ---------------------------------------------------------------- printf

struct out {
	char buf[128];
	int n;
};

static void put(struct out *o, char c)
{
	if (o->n == sizeof o->buf) {
		write(1, o->buf, o->n);
		o->n = 0;
	}
	o->buf[o->n++] = c;
}

static void putint(struct out *o, uint64_t x, int base, int sign, int width)
{
	char d[24];
	int i = 0, neg = sign && (int64_t)x < 0;

	if (neg)
		x = -x;
	do {
		d[i++] = "0123456789abcdef"[x % base];
		x /= base;
	} while (x);
	while (i < width)
		d[i++] = '0';
	if (neg)
		d[i++] = '-';
	while (i > 0)
		put(o, d[--i]);
}

// %d %u %x (l for 64 bits; a width such as %08x pads with zeros), %s, %c.
// One write() per call, so lines from different processes do not mix.
void printf(const char *fmt, ...)
{
	struct out o;
	va_list ap;

	o.n = 0;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		int width = 0, lng = 0;
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
			putint(&o, lng ? va_arg(ap, int64_t) : va_arg(ap, int), 10, 1, width);
			break;
		case 'u':
			putint(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width);
			break;
		case 'x':
			putint(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width);
			break;
		case 's':
			for (const char *s = va_arg(ap, const char *); *s; s++)
				put(&o, *s);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	va_end(ap);
	if (o.n)
		write(1, o.buf, o.n);
}
