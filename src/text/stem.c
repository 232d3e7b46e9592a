/*
 * stem: Snowball stemmers (libstemmer) behind ISO 639-1 language codes.
 */
#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* Stems of recent words: a news stream repeats its words, and Snowball costs
 * far more than a lookup. Direct-mapped by a hash of the word, so it holds
 * at most STEM_CACHE words (about 0.6 MB); words longer than STEM_CACHE_WORD
 * bytes pass by it. Snowball is a pure function of the word, so a cached
 * stem is the stem Snowball would give. */
#define STEM_CACHE 8192
#define STEM_CACHE_WORD 32

typedef struct stem_entry {
    uint8_t n, sn; /* word and stem lengths; n == 0: empty */
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
} stem_entry;

struct cwi_stemmer {
    struct sb_stemmer *sb;
    stem_entry *cache; /* STEM_CACHE entries; NULL when it could not be had */
};

static size_t cache_slot(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return (h ^ (h >> 15)) & (STEM_CACHE - 1);
}

/* ISO 639-1 code to Snowball algorithm name, for what Debian 12's libstemmer
 * ships (sb_stemmer_list()). Norwegian Bokmål and Nynorsk share "norwegian". */
static const struct { char iso[3]; const char *name; } langs[] = {
    {"ar", "arabic"},     {"ca", "catalan"},    {"da", "danish"},    {"de", "german"},
    {"el", "greek"},      {"en", "english"},    {"es", "spanish"},   {"eu", "basque"},
    {"fi", "finnish"},    {"fr", "french"},     {"ga", "irish"},     {"hi", "hindi"},
    {"hu", "hungarian"},  {"hy", "armenian"},   {"id", "indonesian"}, {"it", "italian"},
    {"lt", "lithuanian"}, {"nb", "norwegian"},  {"ne", "nepali"},    {"nl", "dutch"},
    {"nn", "norwegian"},  {"no", "norwegian"},  {"pt", "portuguese"}, {"ro", "romanian"},
    {"ru", "russian"},    {"sr", "serbian"},    {"sv", "swedish"},   {"ta", "tamil"},
    {"tr", "turkish"},    {"yi", "yiddish"},
};

/* Longest word handed to Snowball; longer ones are not words worth stemming. */
#define STEM_MAX_WORD 256

cwi_stemmer *cwi_stemmer_new(const char *lang)
{
    if (!lang) return NULL;
    /* Accept "en", "EN", "en-US", "en_GB". */
    char iso[3] = {0};
    for (int k = 0; k < 2; k++) {
        char c = lang[k];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c < 'a' || c > 'z') return NULL;
        iso[k] = c;
    }
    if (lang[2] && lang[2] != '-' && lang[2] != '_') return NULL;
    for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++) {
        if (memcmp(langs[k].iso, iso, 2) != 0) continue;
        struct sb_stemmer *sb = sb_stemmer_new(langs[k].name, NULL);
        if (!sb) return NULL;
        cwi_stemmer *st = malloc(sizeof *st);
        if (!st) {
            sb_stemmer_delete(sb);
            return NULL;
        }
        st->sb = sb;
        st->cache = calloc(STEM_CACHE, sizeof *st->cache);
        return st;
    }
    return NULL;
}

void cwi_stemmer_free(cwi_stemmer *st)
{
    if (!st) return;
    sb_stemmer_delete(st->sb);
    free(st->cache);
    free(st);
}

/* A NULL stemmer, an over-long word or a failure inside Snowball gives the
 * word back unchanged, so a caller always has something to index. */
const char *cwi_stem(cwi_stemmer *st, const char *word, size_t n, size_t *outlen)
{
    *outlen = n;
    if (!st || n == 0 || n > STEM_MAX_WORD) return word;
    stem_entry *e = NULL;
    if (st->cache && n <= STEM_CACHE_WORD) {
        e = &st->cache[cache_slot(word, n)];
        if (e->n == n && !memcmp(e->word, word, n)) {
            *outlen = e->sn;
            return e->stem;
        }
    }
    const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)n);
    if (!r) return word;
    int len = sb_stemmer_length(st->sb);
    if (len < 0) return word;
    *outlen = (size_t)len;
    if (e && len <= STEM_CACHE_WORD) {
        e->n = (uint8_t)n;
        e->sn = (uint8_t)len;
        memcpy(e->word, word, n);
        memcpy(e->stem, r, (size_t)len);
        return e->stem;
    }
    if (e) e->n = 0; /* the slot held another word; it is dropped */
    return (const char *)r;
}
