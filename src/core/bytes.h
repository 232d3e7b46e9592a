/*
 * core: byte codecs of the stored formats: little-endian u32 and u64 and the
 * unsigned LEB128 varint (seven bits a byte, low first, at most five bytes
 * for a u32). Inline: the packed formats read them in their inner loops.
 * Library-internal.
 */
#ifndef CW_CORE_BYTES_H
#define CW_CORE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* The u32 stored little-endian at p[0..4). */
static inline uint32_t cwi_le32_get(const void *p)
{
    const unsigned char *b = p;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Writes v little-endian into p[0..4). */
static inline void cwi_le32_set(void *p, uint32_t v)
{
    unsigned char *b = p;
    b[0] = (unsigned char)v, b[1] = (unsigned char)(v >> 8), b[2] = (unsigned char)(v >> 16),
    b[3] = (unsigned char)(v >> 24);
}

/* Appends v little-endian to b; CW_ERR_NOMEM or CW_ERR_LIMIT leave b as it was. */
static inline cw_status cwi_le32_put(cwi_buf *b, uint32_t v)
{
    unsigned char x[4];
    cwi_le32_set(x, v);
    return cwi_buf_add(b, x, 4);
}

/* The u64 stored little-endian at p[0..8). */
static inline uint64_t cwi_le64_get(const void *p)
{
    const unsigned char *b = p;
    return cwi_le32_get(b) | (uint64_t)cwi_le32_get(b + 4) << 32;
}

/* Appends v little-endian to b; a failure leaves b as it was. */
static inline cw_status cwi_le64_put(cwi_buf *b, uint64_t v)
{
    unsigned char x[8];
    cwi_le32_set(x, (uint32_t)v);
    cwi_le32_set(x + 4, (uint32_t)(v >> 32));
    return cwi_buf_add(b, x, 8);
}

/* Appends v as a varint (one to five bytes) to b; a failure leaves b as it was. */
static inline cw_status cwi_varint_put(cwi_buf *b, uint32_t v)
{
    unsigned char x[5];
    int n = 0;
    do {
        x[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v) x[n] |= 0x80;
        n++;
    } while (v);
    return cwi_buf_add(b, x, (size_t)n);
}

/* Reads the varint at p[*at..n) into *out and moves *at past it; false when
 * it is cut short or runs past five bytes (*at has moved, *out is untouched). */
static inline bool cwi_varint_get(const unsigned char *p, size_t n, size_t *at, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 5 && *at < n; k++) {
        unsigned char c = p[(*at)++];
        v |= (uint32_t)(c & 0x7f) << (7 * k);
        if (!(c & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

#endif
