// bench: a CPU-bound kernel for `make bench`.  It runs the workloads in
// work.c a fixed number of times, checks the checksum against the value
// built in here, prints the instructions retired, and powers off (with a
// fail code if the checksum is wrong, so a broken emulator cannot post a
// fast time).

#include "poweroff.h"
#include "report.h"
#include "print.h"
#include "riscv.h"
#include "uart.h"
#include "work.h"

#define ITERATIONS	2000
#define EXPECTED	0xab29ab4d4a9195a5ULL

int main(void)
{
	uint64_t sum, instret;

	uart_init();
	uart_puts("bench: ");
	print_dec(ITERATIONS);
	uart_puts(" iterations of sieve, crc32, heapsort, hash, matmul\n");

	sum = bench_run(ITERATIONS);
	instret = csr_read(minstret);

	report_result(sum, EXPECTED, instret);
}
