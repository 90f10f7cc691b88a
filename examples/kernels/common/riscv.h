// CSR access and the few machine-mode constants the examples need.
//
// Writes and wfi clobber "memory": they can enable interrupts whose handlers
// change memory, so the compiler must not move loads or stores across them.
#ifndef RISCV_H
#define RISCV_H

#include <stdint.h>

#define csr_read(csr) ({ \
	uint64_t v_; \
	__asm__ volatile("csrr %0, " #csr : "=r"(v_)); \
	v_; })

#define csr_write(csr, val) \
	__asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(val)) : "memory")

#define csr_set(csr, bits) \
	__asm__ volatile("csrs " #csr ", %0" : : "r"((uint64_t)(bits)) : "memory")

#define csr_clear(csr, bits) \
	__asm__ volatile("csrc " #csr ", %0" : : "r"((uint64_t)(bits)) : "memory")

#define MSTATUS_MIE	(1UL << 3)
#define MIE_MTIE	(1UL << 7)
#define MCAUSE_INTR	(1UL << 63)
#define IRQ_M_TIMER	7

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

#endif
