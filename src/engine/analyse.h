/* The order-free part of relating and clustering an article
 * (src/engine/analyse.c): from its clean text, sentences, title and
 * language, its fingerprint and its cluster terms. It depends on the article
 * alone, so the stateless half of an ingest can compute it anywhere and ship
 * it with the prepared record; the stateful half takes it instead of
 * computing it again (the Dask backfill's workers do this work). */
#ifndef CW_ENGINE_ANALYSE_H
#define CW_ENGINE_ANALYSE_H

#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "engine/story_terms.h"

#define CWI_ANALYSE_STEMMERS 16

/* Stemmers by language and scratch, reused across articles. */
typedef struct cwi_analyser {
    struct {
        char lang[8];
        cwi_stemmer *st;
    } stem[CWI_ANALYSE_STEMMERS];
    size_t n_stem;
    cwi_words_scratch ws;
    cwi_words words, twords;
    cwi_vocab vocab;
} cwi_analyser;

void cwi_analyser_init(cwi_analyser *an);
void cwi_analyser_clean(cwi_analyser *an); /* frees; NULL is a no-op */

/* The fingerprint (into fp, which must be zeroed or cleaned) and the cluster
 * terms (replacing terms's, summed by id) of the text[0..n) with its
 * sentence spans, title (may be NULL) and language (may be NULL). On failure
 * fp and terms hold partial results (the caller cleans fp). */
cw_status cwi_analyse(cwi_analyser *an, const char *text, size_t n, const cwi_span *sents, size_t nsent,
                      const char *title, const char *lang, cwi_fp *fp, cwi_cterms *terms);

/* The words of text and title into an->words and an->twords (cwi_analyse
 * makes them too). */
cw_status cwi_analyse_words(cwi_analyser *an, const char *text, size_t n, const cwi_span *sents, size_t nsent,
                            const char *title, const char *lang);
/* The cluster terms of an->words and an->twords by their stems alone, names
 * left out (replacing terms's): what a short item among short items is
 * compared by (stories.c). */
cw_status cwi_analyse_stems(cwi_analyser *an, cwi_cterms *terms);

/* An article's analysis as a prepared record carries it: its sentence spans,
 * fingerprint and cluster terms. */
typedef struct cwi_analysis {
    cwi_spans sents;
    cwi_fp fp;
    cwi_cterms terms;
} cwi_analysis;
void cwi_analysis_clean(cwi_analysis *a); /* frees; zeroed after */

/* Appends to out, as base64 (no quotes), the analysis of the article (title,
 * text, lang) made by cwi_analyse from the sentence spans sents: a blob that
 * names the library version and a hash of title, text and lang, so that it
 * is only ever taken for the article it was made from. */
cw_status cwi_analysis_pack(const char *title, const char *text, size_t n, const char *lang, const cwi_span *sents,
                            size_t nsent, const cwi_fp *fp, const cwi_cterms *terms, cwi_buf *out);

/* Reads the base64 blob b64[0..len) into out (cleaned first) when it is the
 * analysis of this article (title, text[0..n), lang) by this version of the
 * library and every span lies in the text: CW_OK. Anything else (damaged,
 * another article's, another version's) is CW_ERR_INPUT, out left clean: the
 * caller computes the analysis itself. */
cw_status cwi_analysis_unpack(const char *b64, size_t len, const char *title, const char *text, size_t n,
                              const char *lang, cwi_analysis *out);

#endif
