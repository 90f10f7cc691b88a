/* LZ4 blob framing: a 4-byte little-endian uncompressed size, then one LZ4
 * block.  Unpacking never trusts the header: the size is capped, and LZ4's
 * safe decoder must produce exactly that many bytes. */
#include <lz4.h>
#include <stdlib.h>

#include "trace/trace.h"

int trace_lz4_pack(const uint8_t *in, size_t len, uint8_t **out, size_t *outlen)
{
    if (len > (size_t)LZ4_MAX_INPUT_SIZE)
        return -1;
    int bound = LZ4_compressBound((int)len);
    uint8_t *buf = malloc((size_t)bound + 4);
    if (!buf)
        return -1;
    buf[0] = (uint8_t)len;
    buf[1] = (uint8_t)(len >> 8);
    buf[2] = (uint8_t)(len >> 16);
    buf[3] = (uint8_t)(len >> 24);
    int n = len ? LZ4_compress_default((const char *)in, (char *)buf + 4, (int)len, bound) : 0;
    if (len && n <= 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = (size_t)n + 4;
    return 0;
}

int trace_lz4_unpack(const uint8_t *in, size_t len, size_t max, uint8_t **out, size_t *outlen)
{
    if (!in || len < 4)
        return -1;
    size_t size = (size_t)in[0] | (size_t)in[1] << 8 | (size_t)in[2] << 16 | (size_t)in[3] << 24;
    if (size > max || size > (size_t)LZ4_MAX_INPUT_SIZE || len - 4 > (size_t)INT32_MAX)
        return -1;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return -1;
    if (size) {
        int n = LZ4_decompress_safe((const char *)in + 4, (char *)buf, (int)(len - 4), (int)size);
        if (n < 0 || (size_t)n != size) {
            free(buf);
            return -1;
        }
    } else if (len != 4) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = size;
    return 0;
}
