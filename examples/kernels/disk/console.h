// Small output helpers on the UART (line input is common/readline.h).
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>

void print_padded(const char *s, int width);
void print_dec_padded(uint64_t n, int width);

#endif
