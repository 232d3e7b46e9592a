/*
 * text: the text layer. Everything works on UTF-8 bytes and reports byte
 * spans into the text it was given, so that later stages can cite the exact
 * words they used. Library-internal.
 */
#ifndef CW_TEXT_TEXT_H
#define CW_TEXT_TEXT_H

#include "core/core.h"
#include "core/utf8.h" /* cwi_utf8_seq, cwi_utf8_cut, cwi_utf8_prev */

/* ---- UTF-8 ------------------------------------------------------------------ */

/* Length of the longest valid UTF-8 prefix of s (n when all of s is valid). */
size_t cwi_utf8_valid_prefix(const char *s, size_t n);

/* Decodes the code point at s[0..n); *len gets its byte length (1 for an
 * invalid byte, which decodes as U+FFFD). n must be > 0. */
int32_t cwi_utf8_decode(const char *s, size_t n, size_t *len);

/* Appends the UTF-8 encoding of cp; a surrogate or a value outside
 * 0..U+10FFFF is written as U+FFFD. */
cw_status cwi_utf8_put(cwi_buf *out, int32_t cp);

/* ---- Normalisation ----------------------------------------------------------- */

/* Makes s fit for storage and for every later stage: NFC; CRLF and CR become
 * LF; U+2028/2029 become LF; NUL and other C0/C1 controls (but tab and LF)
 * are dropped (VT, FF and NEL end a line); soft hyphen, zero-width spaces and
 * joiners and the BOM are dropped; no-break and other Unicode spaces become a
 * plain space; runs of spaces and tabs collapse to one space; lines are
 * trimmed; more than one empty line collapses to one; leading and trailing
 * blank lines go. Invalid UTF-8 bytes become U+FFFD. Appends to out; on
 * failure (CW_ERR_LIMIT at out's ceiling, CW_ERR_NOMEM) out holds a partial
 * result. */
cw_status cwi_text_normalize(const char *s, size_t n, cwi_buf *out);

/* Folds s for matching: case folded (full Unicode case folding), accents and
 * other combining marks removed, compatibility forms unified (NFKC), typographic
 * apostrophes, quotes and dashes mapped to their ASCII forms. Appends to out. */
cw_status cwi_text_fold(const char *s, size_t n, cwi_buf *out);

/* ---- Tokens ------------------------------------------------------------------ */

enum cwi_token_kind {
    CWI_TOK_WORD = 1, /* letters (and inner apostrophes, hyphens, periods of
                         abbreviations such as "U.S."); any script */
    CWI_TOK_NUMBER,   /* digits, with inner , . : separators ("115,600", "1.2");
                         letters right after ("1990s") are a WORD of their own */
    CWI_TOK_PUNCT,    /* any other non-space character, one per token */
    CWI_TOK_IDEO      /* one ideograph or kana: CJK text has no spaces */
};

typedef struct cwi_token {
    cwi_span span; /* bytes in the text */
    uint8_t kind;  /* enum cwi_token_kind */
    uint8_t upper; /* the first letter is upper case (a name or a sentence start) */
} cwi_token;

typedef CWI_VEC(cwi_token) cwi_tokens;

/* Appends the tokens of s to out (spans are relative to s). */
cw_status cwi_tokenize(const char *s, size_t n, cwi_tokens *out);

/* ---- Sentences --------------------------------------------------------------- */

typedef CWI_VEC(cwi_span) cwi_spans;

/* Appends the sentences of s (a normalised text, see cwi_text_normalize) to
 * out, each span trimmed of surrounding white space. Rules: a line break ends
 * a sentence when the next line starts a new block (heading, list item,
 * paragraph); . ! ? … end one unless they belong to an abbreviation ("U.S.",
 * "Nov. 27", "Gen.", "(R-Neb.)"), a number or an initial; closing quotes and
 * brackets after the end mark stay with the sentence; CJK 。！？ and Arabic ؟
 * end sentences; a dateline ("MOSCOW/WASHINGTON —") stays with its sentence. */
cw_status cwi_sentences(const char *s, size_t n, cwi_spans *out);

/* ---- Stems ------------------------------------------------------------------- */

typedef struct cwi_stemmer cwi_stemmer;
/* A Snowball stemmer for lang (ISO 639-1 such as "en", "ru"); NULL for a
 * language Snowball lacks, in which case callers use the folded word as it is. */
cwi_stemmer *cwi_stemmer_new(const char *lang);
void cwi_stemmer_free(cwi_stemmer *st); /* NULL is a no-op */
/* Stems a lower-cased word; the result is borrowed until the next call on st.
 * With st NULL, or a word Snowball cannot take, the word itself is returned. */
const char *cwi_stem(cwi_stemmer *st, const char *word, size_t n, size_t *outlen);

#endif
