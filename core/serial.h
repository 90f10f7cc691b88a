/* Snapshot serialisation primitives: portable byte images of state.
 *
 * Every field is written explicitly, little-endian, with a fixed width, so
 * the bytes are the same on every host: no structs, pointers or padding.
 * A writer that runs out of memory remembers it (sbuf.oom) instead of
 * failing each call; a reader that runs past the end remembers that
 * (sreader.bad), so load functions can read everything and check once. */
#ifndef REWIND_CORE_SERIAL_H
#define REWIND_CORE_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
    uint8_t *data;
    size_t len, cap;
    bool oom;
};

struct sreader {
    const uint8_t *data;
    size_t len, pos;
    bool bad;
};

static inline void sbuf_init(struct sbuf *b) { memset(b, 0, sizeof *b); }
static inline void sbuf_free(struct sbuf *b) { free(b->data); sbuf_init(b); }
static inline void sbuf_reset(struct sbuf *b) { b->len = 0; b->oom = false; }

static inline void put_bytes(struct sbuf *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            b->oom = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    if (n) /* p may be NULL then (an empty buffer's data) */
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

static inline void put_u64(struct sbuf *b, uint64_t v)
{
    uint8_t x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (uint8_t)(v >> (8 * i));
    put_bytes(b, x, 8);
}
static inline void put_u32(struct sbuf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put_bytes(b, x, 4);
}
static inline void put_u16(struct sbuf *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put_bytes(b, x, 2);
}
static inline void put_u8(struct sbuf *b, uint8_t v) { put_bytes(b, &v, 1); }
static inline void put_bool(struct sbuf *b, bool v) { put_u8(b, v ? 1 : 0); }

static inline void sreader_init(struct sreader *r, const void *data, size_t len)
{
    r->data = data;
    r->len = len;
    r->pos = 0;
    r->bad = false;
}

static inline bool get_bytes(struct sreader *r, void *p, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        memset(p, 0, n);
        return false;
    }
    memcpy(p, r->data + r->pos, n);
    r->pos += n;
    return true;
}
static inline uint64_t get_u64(struct sreader *r)
{
    uint8_t x[8];
    get_bytes(r, x, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | x[i];
    return v;
}
static inline uint32_t get_u32(struct sreader *r)
{
    uint8_t x[4];
    get_bytes(r, x, 4);
    return (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
}
static inline uint16_t get_u16(struct sreader *r)
{
    uint8_t x[2];
    get_bytes(r, x, 2);
    return (uint16_t)(x[0] | x[1] << 8);
}
static inline uint8_t get_u8(struct sreader *r)
{
    uint8_t x = 0;
    get_bytes(r, &x, 1);
    return x;
}
static inline bool get_bool(struct sreader *r) { return get_u8(r) != 0; }

#endif
