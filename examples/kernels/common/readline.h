// Line input on the UART, with a tiny line editor.
#ifndef READLINE_H
#define READLINE_H

// Reads one line into buf (at most size - 1 characters and a NUL),
// echoing it.  Backspace and DEL erase; other control bytes are ignored.
void read_line(char *buf, int size);

#endif
