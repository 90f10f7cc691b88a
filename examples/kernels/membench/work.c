// Memory-heavy workloads over a 64 MiB working set, which the kernel maps
// in 4 KiB pages: almost every access below is on a different page from
// the one before, and the set spans 16384 pages, so an emulator's software
// TLB (and the guest's own, and the host's caches) misses most of the time.
//
//   A, B  16 MiB each: matrices of 1024 rows x 2048 uint64_t, a row being
//         16 KiB (four pages);
//   L     32 MiB: 512 Ki list nodes of 64 bytes, linked in one cycle in a
//         random order.
//
// Each iteration copies A to B and back column by column (every access 16
// KiB past the one before), updates random words of A and B, and follows
// the list for a million hops; each folds what it read into the checksum.
// The inputs of each iteration depend on the iteration number and on what
// the previous ones wrote, so nothing can be skipped.

#include "work.h"

#define ROWS		1024
#define COLS		2048		// power of two: a column index is a mask
#define WORDS		(2UL * ROWS * COLS)	// A and B as one array
#define NODES		(512UL * 1024)
#define RMW_UPDATES	(2UL << 20)
#define CHASE_HOPS	(1UL << 20)

struct node {
	uint64_t next;		// index of the next node
	uint64_t val;
	uint64_t pad[6];	// one node per 64-byte line
};

// The same on every host: 64-bit LCG (Knuth's MMIX constants); its high
// bits are the random ones.
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s;
}

static uint64_t mix(uint64_t sum, uint64_t v)
{
	return (sum ^ v) * 0x100000001b3ULL + (sum >> 29);
}

// dst[r][c] = src[r][perm(c)] ^ key(c), walking each column top to bottom,
// so consecutive accesses are a row (16 KiB) apart.  Returns the xor of
// what it read.
static uint64_t column_copy(uint64_t (*dst)[COLS], uint64_t (*src)[COLS],
			    unsigned it)
{
	uint64_t x = 0;

	for (unsigned c = 0; c < COLS; c++) {
		// c * odd + it is a permutation of the columns modulo 2^11.
		unsigned cs = (c * 1027 + it) & (COLS - 1);
		uint64_t key = c * 0x9e3779b97f4a7c15ULL + it;

		for (unsigned r = 0; r < ROWS; r++) {
			uint64_t v = src[r][cs];

			x ^= v;
			dst[r][c] = v ^ key;
		}
	}
	return x;
}

// Read-modify-write of random words of A and B.
static uint64_t rmw(uint64_t *m, uint64_t seed)
{
	uint64_t sum = 0;

	for (unsigned long n = 0; n < RMW_UPDATES; n++) {
		uint64_t r = lcg(&seed);
		uint64_t i = r >> 42;	// 22 bits: WORDS is 2^22
		uint64_t v = m[i];

		sum += v;
		m[i] = v * 5 + r;
	}
	return sum;
}

// Follows the list from node `p`: each address comes from the load before,
// so the hops cannot overlap.  Every node visited is updated too.
static uint64_t chase(struct node *l, uint64_t p)
{
	uint64_t sum = 0;

	for (unsigned long n = 0; n < CHASE_HOPS; n++) {
		struct node *q = &l[p];
		uint64_t v = q->val;

		sum = sum * 3 + v;
		q->val = v + n;
		p = q->next;
	}
	return sum ^ p;
}

// Links the nodes in one cycle through all of them, in a random order:
// Sattolo's shuffle of 0..NODES-1 (kept in the val fields meanwhile) gives
// the order.
static void build_list(struct node *l, uint64_t seed)
{
	for (uint64_t i = 0; i < NODES; i++)
		l[i].val = i;
	for (uint64_t i = NODES - 1; i > 0; i--) {
		// j uniform in [0, i), by multiply-shift instead of a division.
		uint64_t j = ((lcg(&seed) >> 32) * i) >> 32;
		uint64_t t = l[i].val;

		l[i].val = l[j].val;
		l[j].val = t;
	}
	// The node at position k of the order points to the one at k + 1.  A
	// node's next is written once, at its own position; its val (a
	// position's node) is only read here, until the loop below.
	for (uint64_t k = 0; k < NODES; k++)
		l[l[k].val].next = l[(k + 1) % NODES].val;
	for (uint64_t i = 0; i < NODES; i++)
		l[i].val = i * 0xff51afd7ed558ccdULL;
}

uint64_t membench_run(void *base, unsigned iterations)
{
	uint64_t *m = base;
	uint64_t (*a)[COLS] = base;
	uint64_t (*b)[COLS] = a + ROWS;
	struct node *l = (struct node *)(m + WORDS);
	uint64_t sum = 0xcbf29ce484222325ULL;

	for (uint64_t i = 0; i < WORDS; i++)
		m[i] = i * 0x9e3779b97f4a7c15ULL;
	build_list(l, 0x2545f4914f6cdd1dULL);

	for (unsigned it = 0; it < iterations; it++) {
		uint64_t seed = 0x9e3779b97f4a7c15ULL * (it + 1);

		sum = mix(sum, column_copy(b, a, it));
		sum = mix(sum, rmw(m, seed));
		sum = mix(sum, chase(l, (seed >> 40) % NODES));
		sum = mix(sum, column_copy(a, b, it + 1));
	}
	return sum;
}
