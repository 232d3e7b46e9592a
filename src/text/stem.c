/*
 * stem: Snowball stemmers (libstemmer) behind ISO 639-1 language codes.
 */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

struct cwi_stemmer {
    struct sb_stemmer *sb;
};

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
        return st;
    }
    return NULL;
}

void cwi_stemmer_free(cwi_stemmer *st)
{
    if (!st) return;
    sb_stemmer_delete(st->sb);
    free(st);
}

/* A NULL stemmer, an over-long word or a failure inside Snowball gives the
 * word back unchanged, so a caller always has something to index. */
const char *cwi_stem(cwi_stemmer *st, const char *word, size_t n, size_t *outlen)
{
    *outlen = n;
    if (!st || n == 0 || n > STEM_MAX_WORD) return word;
    const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)n);
    if (!r) return word;
    int len = sb_stemmer_length(st->sb);
    if (len < 0) return word;
    *outlen = (size_t)len;
    return (const char *)r;
}
