// A CPU-bound mix of integer, memory and branch work: a prime sieve,
// CRC32, heapsort, an open-addressing hash table and an integer matrix
// multiply.  Each iteration derives its inputs from the iteration number,
// so no work can be hoisted out of the loop, and folds every result into
// one checksum, so a wrong instruction anywhere shows up at the end.

#include "work.h"

#define SIEVE_MAX	65536
#define CRC_BYTES	16384
#define SORT_N		2048
#define HASH_SLOTS	4096	// power of two, so the index is a mask
#define HASH_KEYS	3000
#define MAT_N		24

static uint8_t composite[SIEVE_MAX + 1024];
static uint32_t crc_table[256];
static uint8_t crc_buf[CRC_BYTES];
static uint32_t sort_buf[SORT_N];
static uint32_t hash_keys[HASH_SLOTS];
static uint32_t hash_vals[HASH_SLOTS];
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];

// xorshift64: cheap, and the same on every host.
static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static uint64_t mix(uint64_t sum, uint64_t v)
{
	return (sum ^ v) * 0x100000001b3ULL + (sum >> 29);
}

// Counts and sums the primes below limit.
static uint64_t sieve(uint32_t limit)
{
	uint64_t count = 0, sum = 0;

	for (uint32_t i = 0; i < limit; i++)
		composite[i] = 0;
	for (uint32_t i = 2; i * i < limit; i++)
		if (!composite[i])
			for (uint32_t j = i * i; j < limit; j += i)
				composite[j] = 1;
	for (uint32_t i = 2; i < limit; i++)
		if (!composite[i]) {
			count++;
			sum += i;
		}
	return count << 32 ^ sum;
}

static void crc32_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320 ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32(uint64_t seed)
{
	uint32_t crc = 0xffffffff;

	for (int i = 0; i < CRC_BYTES; i += 8) {
		uint64_t r = rng_next(&seed);

		for (int k = 0; k < 8; k++)
			crc_buf[i + k] = r >> (8 * k);
	}
	for (int i = 0; i < CRC_BYTES; i++)
		crc = crc_table[(crc ^ crc_buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void sift_down(uint32_t *a, int root, int n)
{
	for (;;) {
		int child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		uint32_t t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

// Heapsorts random numbers and returns a position-weighted sum, which
// depends on the order; an unsorted result counts as a failure.
static uint64_t sort(uint64_t seed)
{
	uint32_t *a = sort_buf;
	uint64_t sum = 0;

	for (int i = 0; i < SORT_N; i++)
		a[i] = rng_next(&seed);
	for (int i = SORT_N / 2 - 1; i >= 0; i--)
		sift_down(a, i, SORT_N);
	for (int n = SORT_N - 1; n > 0; n--) {
		uint32_t t = a[0];
		a[0] = a[n];
		a[n] = t;
		sift_down(a, 0, n);
	}
	for (int i = 0; i < SORT_N; i++) {
		if (i > 0 && a[i - 1] > a[i])
			return 0;
		sum += (uint64_t)a[i] * (i + 1);
	}
	return sum;
}

// Inserts keys into a linear-probing table, then looks up as many present
// keys as absent ones.  Key 0 marks an empty slot, so keys are made odd.
static uint64_t hash(uint64_t seed)
{
	uint64_t lookup_seed, found = 0, vsum = 0;

	for (int i = 0; i < HASH_SLOTS; i++)
		hash_keys[i] = 0;
	lookup_seed = seed;
	for (int i = 0; i < HASH_KEYS; i++) {
		uint32_t key = (uint32_t)rng_next(&seed) | 1;
		uint32_t h = (key * 2654435761u) & (HASH_SLOTS - 1);

		while (hash_keys[h] != 0 && hash_keys[h] != key)
			h = (h + 1) & (HASH_SLOTS - 1);
		hash_keys[h] = key;
		hash_vals[h] = i;
	}
	for (int i = 0; i < 2 * HASH_KEYS; i++) {
		// Even i: a key that was inserted; odd i: one that was not
		// (an even number can never be a key).
		uint32_t key = (i & 1) ? (uint32_t)i * 2 :
			(uint32_t)rng_next(&lookup_seed) | 1;
		uint32_t h = (key * 2654435761u) & (HASH_SLOTS - 1);

		while (hash_keys[h] != 0) {
			if (hash_keys[h] == key) {
				found++;
				vsum += hash_vals[h];
				break;
			}
			h = (h + 1) & (HASH_SLOTS - 1);
		}
	}
	return found << 32 ^ vsum;
}

static uint64_t matmul(uint64_t seed)
{
	uint64_t sum = 0;

	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			uint64_t r = rng_next(&seed);

			mat_a[i][j] = (int32_t)(r & 0xffff) - 0x8000;
			mat_b[i][j] = (int32_t)(r >> 48) - 0x8000;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int64_t acc = 0;

			for (int k = 0; k < MAT_N; k++)
				acc += (int64_t)mat_a[i][k] * mat_b[k][j];
			mat_c[i][j] = (int32_t)(acc >> 8);
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++)
			sum = sum * 31 + (uint32_t)mat_c[i][j];
	return sum;
}

uint64_t bench_run(unsigned iterations)
{
	uint64_t sum = 0xcbf29ce484222325ULL;

	crc32_init();
	for (unsigned it = 0; it < iterations; it++) {
		uint64_t seed = 0x9e3779b97f4a7c15ULL * (it + 1);

		sum = mix(sum, sieve(SIEVE_MAX + (it & 1023)));
		sum = mix(sum, crc32(seed));
		sum = mix(sum, sort(seed ^ 1));
		sum = mix(sum, hash(seed ^ 2));
		sum = mix(sum, matmul(seed ^ 3));
	}
	return sum;
}
