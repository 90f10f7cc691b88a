// Number formatting on the UART (there is no printf in a bare kernel).
#ifndef PRINT_H
#define PRINT_H

#include <stdint.h>

void print_dec(uint64_t n);
void print_hex(uint64_t n);

#endif
