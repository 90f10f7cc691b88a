// membench: a memory-heavy kernel for `make bench`.  M-mode maps a 64 MiB
// working set in 4 KiB pages (Sv39), drops to S-mode to run the workloads
// in work.c over it, and takes the checksum back through an ecall: M-mode
// checks it against the value built in here, prints the instructions
// retired and powers off (with a fail code if the checksum is wrong, so a
// broken emulator cannot post a fast time).
//
// The mapping scatters the pages: virtual page i of the working set is
// physical page (i * 5829 + 977) mod 16384 of the 64 MiB at DATA_PA, so
// neither an emulator nor a host cache can lean on contiguous physical
// memory.  The kernel itself (code, data, stack, page tables) is one 1 GiB
// identity-mapped page, which costs a TLB miss only when evicted.
//
// EXPECTED and EXPECTED_SHORT are what a native host build of work.c
// returns (membench_run over a 64 MiB malloc'd buffer), which QEMU and
// rewind must both print.

#include "poweroff.h"
#include "report.h"
#include "print.h"
#include "riscv.h"
#include "uart.h"
#include "work.h"

#ifdef MEMBENCH_SHORT
// membench-short.elf, for `make check`: one iteration.
#define ITERATIONS	1
#define EXPECTED	0x7b020849973281a6ULL
#else
#define ITERATIONS	7
#define EXPECTED	0x62b5e2b5ad772408ULL
#endif

#define DATA_PA		0x82000000UL	// 32 MiB into RAM: past the kernel
#define DATA_VA		0x40000000UL	// root page table entry 1
#define PAGES		(MEMBENCH_BYTES >> 12)
#define L0_TABLES	(PAGES / 512)

#define PTE_V		(1UL << 0)
#define PTE_R		(1UL << 1)
#define PTE_W		(1UL << 2)
#define PTE_X		(1UL << 3)
// A and D set up front: whether an emulator sets them itself or faults
// (Svade) would otherwise change what runs.
#define PTE_A		(1UL << 6)
#define PTE_D		(1UL << 7)
#define PTE_LEAF	(PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define SATP_SV39	(8UL << 60)
#define MSTATUS_MPP_MASK	(3UL << 11)
#define MSTATUS_MPP_S		(1UL << 11)

typedef uint64_t page_table[512];

static page_table root __attribute__((aligned(4096)));
static page_table l1 __attribute__((aligned(4096)));
static page_table l0[L0_TABLES] __attribute__((aligned(4096)));

extern char _end[];
extern char membench_mvec[];

static uint64_t pte(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags;
}

static void map_working_set(void)
{
	root[0x80000000UL >> 30] = pte(0x80000000UL, PTE_LEAF | PTE_X);
	root[DATA_VA >> 30] = pte((uint64_t)l1, PTE_V);
	for (uint64_t t = 0; t < L0_TABLES; t++) {
		l1[t] = pte((uint64_t)l0[t], PTE_V);
		for (uint64_t j = 0; j < 512; j++) {
			uint64_t i = t * 512 + j;
			uint64_t phys = (i * 5829 + 977) % PAGES;

			l0[t][j] = pte(DATA_PA + (phys << 12), PTE_LEAF);
		}
	}
}

// Runs in S-mode, on the M-mode stack (identity-mapped like the rest of
// the kernel).
static void __attribute__((noreturn)) s_main(void)
{
	register uint64_t a0 __asm__("a0") =
		membench_run((void *)DATA_VA, ITERATIONS);

	__asm__ volatile("ecall" : : "r"(a0) : "memory");
	for (;;)
		;
}

// Called from membench_mvec, in M-mode, once S-mode is done.
void __attribute__((noreturn)) membench_done(uint64_t sum)
{
	uint64_t instret = csr_read(minstret);

	report_result(sum, EXPECTED, instret);
}

int main(void)
{
	uint64_t satp, x;

	uart_init();
	uart_puts("membench: ");
	print_dec(ITERATIONS);
	uart_puts(" iterations of column copies, random read-modify-writes"
		  " and a pointer chase over 64 MiB in 4 KiB pages\n");
	if ((uint64_t)_end > DATA_PA) {
		uart_puts("membench: the kernel overlaps the working set\n");
		return 1;
	}

	map_working_set();
	satp = SATP_SV39 | (uint64_t)root >> 12;
	csr_write(satp, satp);
	if (csr_read(satp) != satp) {
		uart_puts("membench: no Sv39\n");
		return 1;
	}
	__asm__ volatile("sfence.vma" : : : "memory");

	// S-mode may touch only what a PMP entry allows: one entry (top of
	// range, all of the address space, RWX) opens it all.
	csr_write(pmpaddr0, 0x3fffffffffffffUL);
	csr_write(pmpcfg0, 0x0f);

	// Nothing is delegated: the ecall at the end, and any fault, come here.
	csr_write(mtvec, (uint64_t)membench_mvec);
	x = csr_read(mstatus);
	x &= ~MSTATUS_MPP_MASK;
	x |= MSTATUS_MPP_S;
	csr_write(mstatus, x);
	csr_write(mepc, (uint64_t)s_main);
	__asm__ volatile("mret");
	return 1;	// not reached
}
