/*
 * core: the one rule for UTF-8 bytes (RFC 3629, strict: no overlong forms,
 * no surrogates, nothing above U+10FFFF) and the character boundaries every
 * module cuts text at. Decoding to code points and encoding are in
 * src/text/utf8.c (cwi_utf8_decode, cwi_utf8_put), built on cwi_utf8_seq.
 * Inline: tokenizers and JSON output call these once a character.
 * Library-internal.
 */
#ifndef CW_CORE_UTF8_H
#define CW_CORE_UTF8_H

#include <stddef.h>

static inline int cwi_utf8_is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* The byte length (1 to 4) of the valid sequence at s[0..n), n > 0; 0 when
 * the bytes there are not valid UTF-8; -1 when they are a valid start cut
 * short by the end of the data (a caller that cannot wait for more bytes
 * treats it as invalid). */
static inline int cwi_utf8_seq(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0; /* a continuation byte or an overlong lead */
    int k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!k) return 0; /* above U+10FFFF */
    for (int i = 1; i < k; i++) {
        if ((size_t)i >= n) return -1;
        if (!cwi_utf8_is_cont(p[i])) return 0;
        if (i == 1) {
            if (c == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
            if (c == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
            if (c == 0xF0 && p[1] < 0x90) return 0;  /* overlong */
            if (c == 0xF4 && p[1] >= 0x90) return 0; /* above U+10FFFF */
        }
    }
    return k;
}

/* Where to cut a text at byte n or before so that no character is split: n
 * moved back over continuation bytes, to 0 at the least. s[n] must be
 * readable (the text is longer than n). */
static inline size_t cwi_utf8_cut(const char *s, size_t n)
{
    while (n > 0 && cwi_utf8_is_cont((unsigned char)s[n])) n--;
    return n;
}

/* The first byte of the character that ends just before byte i (lo < i):
 * i - 1 moved back over continuation bytes, but not past i - 4 (a character
 * has at most three) nor past lo. Decode from there and check that the
 * character ends at i: a stray continuation byte does not. */
static inline size_t cwi_utf8_prev(const char *s, size_t lo, size_t i)
{
    size_t k = i - 1, stop = i > lo + 4 ? i - 4 : lo;
    while (k > stop && cwi_utf8_is_cont((unsigned char)s[k])) k--;
    return k;
}

#endif
