// memset/memcpy: GCC may emit calls to them even in freestanding code (for
// struct copies and zeroing), so a bare kernel must provide them.
//
// kernels.mk builds with -fno-tree-loop-distribute-patterns; otherwise GCC
// would turn these very loops into calls to themselves.

#include <stddef.h>

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}
