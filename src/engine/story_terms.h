/* The cluster terms of an article (src/engine/story_terms.c). */
#ifndef CW_ENGINE_STORY_TERMS_H
#define CW_ENGINE_STORY_TERMS_H

#include "cluster/cluster.h"
#include "dedup/dedup.h"

/* The extra stop words, hashed as the words of cwi_words_of are. */
typedef struct cwi_vocab {
    uint32_t stop[256];     /* hashes of the extra stop words, sorted */
    uint64_t stop_bits[64]; /* a 4,096-bit filter of them: most words are told apart by one bit */
} cwi_vocab;

void cwi_vocab_init(cwi_vocab *v);

/* Appends to out the terms of the words w, each with weight: the stems of
 * content words (not stop words of the relate stage or of v; of figures
 * only four-digit ones, which are mostly years), and with names true the
 * names: a run of capitalised words joined within one sentence is one term
 * at twice the weight, and its last word (the surname) another; a single
 * capitalised word that opens its sentence (any word is capitalised there)
 * counts as that word alone, at the weight, so it meets the surname of a
 * longer run. CW_ERR_NOMEM leaves out with the terms appended so far. */
cw_status cwi_story_terms(const cwi_vocab *v, const cwi_words *w, float weight, bool names, cwi_cterms *out);

#endif
