/* Goldfish RTC (QEMU virt, 0x101000, irq 11): nanoseconds since the epoch
 * and one alarm.
 *
 * Time is a pure function of position: RTC = base + dev_host.mtime() * 100
 * (10 MHz ticks to ns), where base comes from the wall-clock seed, pulled
 * once through input_pull(DEV_INPUT_RTC, 8 bytes) at the guest's first
 * access and chosen so that the RTC reads the seed at that position;
 * guest writes to TIME move base.  If the seed cannot be had yet the clock
 * runs from the epoch and the pull is retried at the next access (a guest
 * write to TIME settles it instead).
 *
 * The alarm fires when the RTC reaches ALARM: checked on every access and
 * by goldfish_rtc_update, which the scheduler calls at
 * goldfish_rtc_next_deadline. */
#ifndef REWIND_DEVICES_GOLDFISH_RTC_H
#define REWIND_DEVICES_GOLDFISH_RTC_H
#include "core/device.h"

#define GOLDFISH_RTC_SIZE 0x1000

struct goldfish_rtc;
struct goldfish_rtc *goldfish_rtc_create(const struct dev_host *host, struct irq_line irq);
/* Fill `d` (size 0x1000, FDT node rtc@base, "google,goldfish-rtc"). */
void goldfish_rtc_device(struct goldfish_rtc *r, uint64_t base, struct device *d);
/* Fire the alarm if it is due. */
void goldfish_rtc_update(struct goldfish_rtc *r);
/* The smallest dev_host.mtime() value at which the alarm fires (one that
 * is not in the future when it is already due), or UINT64_MAX when no
 * alarm is armed. */
uint64_t goldfish_rtc_next_deadline(const struct goldfish_rtc *r);
#endif
