// The PLIC (platform-level interrupt controller) of the virt board.
#ifndef PLIC_H
#define PLIC_H

void plic_enable(int irq);
int plic_claim(void);
void plic_complete(int irq);

#endif
