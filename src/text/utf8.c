/*
 * utf8: strict UTF-8 decoding and encoding (RFC 3629): no overlong forms, no
 * surrogates, nothing above U+10FFFF (the rule is cwi_utf8_seq in
 * src/core/utf8.h). An invalid byte decodes as U+FFFD and is consumed alone,
 * so a decoder loop always advances and never reads past n.
 */
#include "core/utf8.h"
#include "text/text.h"

int32_t cwi_utf8_decode(const char *s, size_t n, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    *len = 1;
    if (CWI_NEVER(n == 0)) return 0xFFFD;
    unsigned c = p[0];
    if (c < 0x80) return (int32_t)c;
    int k = cwi_utf8_seq(s, n);
    if (k <= 0) return 0xFFFD;
    *len = (size_t)k;
    if (k == 2) return (int32_t)(((c & 0x1Fu) << 6) | (p[1] & 0x3Fu));
    if (k == 3) return (int32_t)(((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
    return (int32_t)(((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
}

size_t cwi_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len;
        int32_t cp = cwi_utf8_decode(s + i, n - i, &len);
        /* A genuine U+FFFD in the text is 3 bytes long; an invalid byte is 1. */
        if (cp == 0xFFFD && len == 1) return i;
        i += len;
    }
    return n;
}

cw_status cwi_utf8_put(cwi_buf *out, int32_t cp)
{
    char b[4];
    size_t k;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    uint32_t u = (uint32_t)cp;
    if (u < 0x80) {
        b[0] = (char)u;
        k = 1;
    } else if (u < 0x800) {
        b[0] = (char)(0xC0 | (u >> 6));
        b[1] = (char)(0x80 | (u & 0x3F));
        k = 2;
    } else if (u < 0x10000) {
        b[0] = (char)(0xE0 | (u >> 12));
        b[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F));
        k = 3;
    } else {
        b[0] = (char)(0xF0 | (u >> 18));
        b[1] = (char)(0x80 | ((u >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[3] = (char)(0x80 | (u & 0x3F));
        k = 4;
    }
    return cwi_buf_add(out, b, k);
}
