/* A fixed set of short words (at most 8 bytes each: stop words), tested by
 * a word's bytes as one 64-bit key. Header-only, so that the full-text
 * tokenizer built alone as a SQLite extension can use it too. */
#ifndef CW_CORE_WORDSET_H
#define CW_CORE_WORDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CWI_WORDSET_CAP 512 /* keys; a set holds at most a quarter of that */

typedef struct cwi_wordset {
    uint64_t key[CWI_WORDSET_CAP]; /* the word's bytes, zero-padded; 0: empty */
} cwi_wordset;

static inline uint64_t cwi_wordset_key(const char *w, size_t n)
{
    uint64_t k = 0;
    memcpy(&k, w, n);
    return k;
}

static inline size_t cwi_wordset_home(uint64_t k) { return (size_t)(k * 0x9e3779b97f4a7c15ULL >> 55); }

/* Fills s with words[0..n): each 1 to 8 bytes, n at most a quarter of
 * CWI_WORDSET_CAP (so a word not in the set is told by a key or two);
 * false (s unchanged) otherwise. */
static inline bool cwi_wordset_build(cwi_wordset *s, const char *const *words, size_t n)
{
    if (n * 4 > CWI_WORDSET_CAP) return false;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (len < 1 || len > 8) return false;
    }
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = cwi_wordset_key(words[i], strlen(words[i]));
        size_t h = cwi_wordset_home(k);
        while (s->key[h] && s->key[h] != k) h = (h + 1) % CWI_WORDSET_CAP;
        s->key[h] = k;
    }
    return true;
}

static inline bool cwi_wordset_has(const cwi_wordset *s, const char *w, size_t n)
{
    if (n < 1 || n > 8) return false;
    uint64_t k = cwi_wordset_key(w, n);
    for (size_t h = cwi_wordset_home(k); s->key[h]; h = (h + 1) % CWI_WORDSET_CAP)
        if (s->key[h] == k) return memchr(w, 0, n) == NULL; /* "the\0" pads to the key of "the" */
    return false;
}

#endif
