// Line input and small output helpers on the UART.
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>

void read_line(char *buf, int size);
void print_padded(const char *s, int width);
void print_dec_padded(uint64_t n, int width);

#endif
