/*
 * dedup: fingerprints of an article's text and the relations they reveal:
 * exact duplicates (same folded words), near duplicates (MinHash over word
 * shingles, found through LSH bands), and shared origin (reused sentences,
 * or a retelling that follows another article sentence by sentence), with
 * the sentence pairs that show it. Pure and in memory: the caller numbers its
 * articles with dense "slots" and keeps the fingerprints; the index maps
 * sketch bands and sentence hashes to slots. Library-internal.
 */
#ifndef CW_DEDUP_DEDUP_H
#define CW_DEDUP_DEDUP_H

#include "core/core.h"
#include "text/text.h"

/* ---- Words ------------------------------------------------------------------
 * The words of a text, folded and stemmed, each with its byte span and
 * sentence. Numbers are words too (flag number). */
typedef struct cwi_word {
    uint32_t start, end; /* bytes in the text */
    uint32_t word;       /* hash of the folded word */
    uint32_t stem;       /* hash of its stem (the folded word when no stemmer) */
    uint16_t sent;       /* sentence index; UINT16_MAX when outside every sentence */
    uint8_t upper;       /* first letter upper case */
    uint8_t stop;        /* a function word ("the", "of") */
    uint8_t number;      /* digits */
    uint8_t joined;      /* nothing but one space separates it from the previous word */
} cwi_word;
typedef CWI_VEC(cwi_word) cwi_words;

/* Scratch reused across calls (cwi_words_scratch_clean frees it). */
typedef struct cwi_words_scratch {
    cwi_tokens tok;
    cwi_buf fold;
} cwi_words_scratch;
void cwi_words_scratch_clean(cwi_words_scratch *s);

/* Appends the words of text[0..n) to out. sents (may be NULL) are the
 * sentence spans of the text in order; at most CWI_MAX_WORDS words are taken,
 * the rest ignored. st may be NULL. */
#define CWI_MAX_WORDS 20000
cw_status cwi_words_of(const char *text, size_t n, const cwi_span *sents, size_t nsent, cwi_stemmer *st,
                       cwi_words_scratch *scratch, cwi_words *out);

/* Whether a folded word is an English function word. */
bool cwi_is_stopword(const char *w, size_t n);

/* ---- Fingerprints ------------------------------------------------------------ */
#define CWI_MH_K 64       /* MinHash values */
#define CWI_LSH_BANDS 16  /* bands of CWI_MH_K / CWI_LSH_BANDS rows */
#define CWI_SHINGLE 4     /* words per shingle */
#define CWI_SENT_MIN_WORDS 6 /* shorter sentences get no hash (too common to be evidence) */

typedef struct cwi_sent_fp {
    uint32_t start, end; /* the sentence's bytes in the text */
    uint64_t hash;       /* hash of its folded words; 0 when too short */
    uint32_t stems_off;  /* its sorted distinct content stems: fp->stems[stems_off ..] */
    uint16_t n_stems;
} cwi_sent_fp;

typedef struct cwi_fp {
    uint64_t exact;          /* hash of the folded word sequence */
    uint32_t mh[CWI_MH_K];   /* MinHash of the word shingles */
    uint32_t n_words;
    CWI_VEC(cwi_sent_fp) sents;
    CWI_VEC(uint32_t) stems;
} cwi_fp;

/* Builds the fingerprint of a text from its words (cwi_words_of with the
 * sentence spans sents[0..nsent)). out must be zeroed or cleaned. */
cw_status cwi_fp_make(const cwi_words *w, const cwi_span *sents, size_t nsent, cwi_fp *out);
void cwi_fp_clean(cwi_fp *fp); /* frees; NULL is a no-op; fp is zeroed */

/* A compact byte form for the store, and back. cwi_fp_unpack refuses (CW_ERR_INPUT)
 * a blob that is short or inconsistent, leaving out zeroed. */
cw_status cwi_fp_pack(const cwi_fp *fp, cwi_buf *out);
cw_status cwi_fp_unpack(const void *blob, size_t n, cwi_fp *out);

/* ---- Relations ------------------------------------------------------------------ */
enum cwi_rel_kind { CWI_REL_NONE = 0, CWI_REL_ORIGIN = 1, CWI_REL_NEAR = 2, CWI_REL_EXACT = 3 };

typedef struct cwi_sent_pair {
    uint16_t a, b; /* sentence indexes in the two fingerprints */
    float sim;     /* 1 for the same sentence, else Dice of content stems */
} cwi_sent_pair;

typedef struct cwi_relation {
    int kind;      /* enum cwi_rel_kind */
    float jaccard; /* MinHash estimate */
    float share;   /* matched sentences / sentences of the shorter article */
    unsigned same_sents; /* sentences reused word for word (boilerplate excluded) */
    CWI_VEC(cwi_sent_pair) pairs; /* the evidence */
    void *scratch;       /* cwi_relate's working memory, kept for the next call */
    size_t scratch_cap;
    /* The note on a, set by cwi_relate_begin (or by cwi_relate for one call):
     * which of a's sentences count against idx; those with enough content
     * stems to be compared by them get a lane each (lane -> sentence), and
     * for every 64 lanes a table maps a stem to the lanes holding it: keys
     * and masks, 1 << lane_bits entries a table (stem 0 has its mask in
     * lane_zero), the tables one after another. */
    const void *ua_fp, *ua_idx;
    CWI_VEC(bool) ua;
    CWI_VEC(uint16_t) lane;
    uint32_t *lane_key;
    uint64_t *lane_mask, *lane_zero;
    size_t lanes_cap; /* entries allocated in lane_key and lane_mask */
    unsigned lane_bits;
} cwi_relation;
void cwi_relation_clean(cwi_relation *r);

typedef struct cwi_dedup_index cwi_dedup_index;

/* Relates a to b. The rules: same folded words is EXACT; a MinHash Jaccard
 * of at least 0.5, or 70% of the shorter article's sentences found in the
 * other (word for word or nearly so, in any order) is NEAR; at least 3
 * reused sentences, 2 that make 30% of the shorter article, or a retelling
 * (5 or more sentences that follow the other's in order, each sharing most
 * of its content words, making a quarter of the shorter article) is ORIGIN.
 * Sentences that the index has seen in many articles (boilerplate, stock
 * quotes) count for nothing. idx may be NULL. out->pairs is reset first. */
cw_status cwi_relate(const cwi_fp *a, const cwi_fp *b, const cwi_dedup_index *idx, cwi_relation *out);
/* Relating one article a to many: cwi_relate_begin notes once which of a's
 * sentences count against idx and files their content stems, and the
 * cwi_relate calls with this a, idx and out that follow use the note instead
 * of making it again (cwi_relate alone makes one for the call), until
 * cwi_relate_end. Neither a nor idx may change in between. The results are
 * those of cwi_relate alone. On failure no note is kept. */
cw_status cwi_relate_begin(const cwi_fp *a, const cwi_dedup_index *idx, cwi_relation *out);
void cwi_relate_end(cwi_relation *out);

/* ---- The stored evidence (src/dedup/evidence.c) ------------------------------------
 * cwi_evidence_pack replaces out's bytes with the spans of r's first
 * CWI_EVIDENCE_MAX sentence pairs (a pair naming a sentence that a or b does
 * not have is left out): the count of pairs, then per pair the start and
 * length of the sentence in a and in b, all varints; a zero byte ends it when
 * its length would be a multiple of 16, which tells it from the first
 * format: four little-endian u32 per pair (start and end in a, in b).
 * cwi_evidence_unpack reads up to max pairs of either format into v as
 * {start in a, end in a, start in b, end in b} and returns how many; a NULL
 * or damaged blob gives the pairs before the damage (the spans are not
 * checked against any text: the caller does that). */
#define CWI_EVIDENCE_MAX 64
cw_status cwi_evidence_pack(const cwi_relation *r, const cwi_fp *a, const cwi_fp *b, cwi_buf *out);
size_t cwi_evidence_unpack(const void *blob, size_t n, uint32_t (*v)[4], size_t max);

/* ---- The index ------------------------------------------------------------------ */
cwi_dedup_index *cwi_dedup_new(void); /* NULL when out of memory */
void cwi_dedup_free(cwi_dedup_index *ix); /* NULL is a no-op */

/* Adds an article under slot (slots are the caller's dense numbers). */
cw_status cwi_dedup_add(cwi_dedup_index *ix, uint32_t slot, const cwi_fp *fp);

/* Appends to out the slots (each once, newest first, at most max) that share
 * with fp its exact hash, an LSH band, or an uncommon sentence. */
typedef CWI_VEC(uint32_t) cwi_slots;
cw_status cwi_dedup_candidates(cwi_dedup_index *ix, const cwi_fp *fp, size_t max, cwi_slots *out);

/* Whether a sentence hash has been seen in so many articles that it is
 * boilerplate rather than evidence. */
bool cwi_dedup_common(const cwi_dedup_index *ix, uint64_t sent_hash);
/* Which of n sentences count as evidence against ix (may be NULL): those
 * with a hash that ix has not seen in many articles, and those without one
 * that have at least min_stems content stems. */
void cwi_dedup_usable(const cwi_dedup_index *ix, const cwi_sent_fp *s, size_t n, size_t min_stems, bool *out);

/* Bytes the index holds (for the figures). */
size_t cwi_dedup_bytes(const cwi_dedup_index *ix);

#endif
