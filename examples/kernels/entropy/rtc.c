// The goldfish RTC and turning its nanosecond count into a calendar date.
//
// The RTC is the one device here whose value says something about the
// world outside the machine: the host's wall clock.  QEMU reads the host
// clock; rewind pulls it from the host at the first access and logs it,
// so a replay sees the same time as the recording however much later it
// runs.

#include "print.h"
#include "rtc.h"
#include "uart.h"

#define RTC_BASE	0x101000UL
#define RTC_TIME_LOW	0x00	// reading it latches the high half
#define RTC_TIME_HIGH	0x04

#define NS_PER_SEC	1000000000ULL
#define SECS_PER_DAY	86400ULL

static uint32_t rtc_reg(int off)
{
	return *(volatile uint32_t *)(RTC_BASE + off);
}

uint64_t rtc_read_ns(void)
{
	// Low half first: the device latches TIME_HIGH at that moment, so the
	// two halves belong to the same instant even if the low half wraps
	// between the two loads.
	uint32_t lo = rtc_reg(RTC_TIME_LOW);
	uint32_t hi = rtc_reg(RTC_TIME_HIGH);

	return (uint64_t)hi << 32 | lo;
}

// Days since 1970-01-01 to a proleptic Gregorian date.  Counting years
// from 0000-03-01 puts the leap day at the end of each year, and the
// 400-year cycle (146097 days) makes every era alike; only unsigned
// arithmetic is needed because the RTC cannot go before 1970.
void date_from_ns(uint64_t ns, struct date *d)
{
	uint64_t secs = ns / NS_PER_SEC;
	uint64_t days = secs / SECS_PER_DAY;
	uint64_t sod = secs % SECS_PER_DAY;

	uint64_t z = days + 719468;		// days since 0000-03-01
	uint64_t era = z / 146097;
	uint64_t doe = z - era * 146097;	// day of era, 0-146096
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	// from March 1
	uint64_t mp = (5 * doy + 2) / 153;	// 0 = March ... 11 = February
	uint64_t month = mp < 10 ? mp + 3 : mp - 9;

	d->year = (uint32_t)(yoe + era * 400 + (month <= 2));
	d->month = (uint32_t)month;
	d->day = (uint32_t)(doy - (153 * mp + 2) / 5 + 1);
	d->hour = (uint32_t)(sod / 3600);
	d->min = (uint32_t)(sod / 60 % 60);
	d->sec = (uint32_t)(sod % 60);
}

static void print_2(uint32_t n)
{
	uart_putc('0' + n / 10 % 10);
	uart_putc('0' + n % 10);
}

void print_date(const struct date *d)
{
	if (d->year < 1000)
		uart_putc('0');
	if (d->year < 100)
		uart_putc('0');
	if (d->year < 10)
		uart_putc('0');
	print_dec(d->year);
	uart_putc('-');
	print_2(d->month);
	uart_putc('-');
	print_2(d->day);
	uart_putc(' ');
	print_2(d->hour);
	uart_putc(':');
	print_2(d->min);
	uart_putc(':');
	print_2(d->sec);
	uart_puts(" UTC");
}
