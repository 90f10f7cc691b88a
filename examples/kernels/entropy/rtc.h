// The goldfish real-time clock of the virt board, and calendar arithmetic.
#ifndef RTC_H
#define RTC_H

#include <stdint.h>

// Nanoseconds since 1970-01-01 00:00:00 UTC.
uint64_t rtc_read_ns(void);

struct date {
	uint32_t year, month, day;	// month 1-12, day 1-31
	uint32_t hour, min, sec;
};

void date_from_ns(uint64_t ns, struct date *d);
void print_date(const struct date *d);	// YYYY-MM-DD HH:MM:SS UTC

#endif
