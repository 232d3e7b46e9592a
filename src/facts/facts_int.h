/*
 * facts_int: what the facts files share: one tokenised article and word tests.
 */
#ifndef CW_FACTS_FACTS_INT_H
#define CW_FACTS_FACTS_INT_H

#include "facts/facts.h"
#include "text/text.h"

typedef struct cwi_fx {
    const char *t;
    size_t n;
    cwi_tokens tok;
    uint32_t *tsent;      /* sentence index of each token */
    uint8_t *theadline;   /* token sits on a headline-like line (no names there) */
    const cwi_span *sent;
    size_t nsent;
    size_t *sfirst;       /* first token of each sentence; nsent+1 entries */
    bool has_pub;
    int32_t pub_days;     /* days of the published date when has_pub */
    cwi_map *lower;       /* words the article writes in lower case (possessive cut) */
    cwi_facts *out;
} cwi_fx;

/* Token i as bytes. */
static inline const char *cwi_fx_p(const cwi_fx *fx, size_t i) { return fx->t + fx->tok.v[i].span.start; }
static inline size_t cwi_fx_n(const cwi_fx *fx, size_t i) { return fx->tok.v[i].span.end - fx->tok.v[i].span.start; }

/* Token i (which may be out of range: false) equals word, ASCII case ignored. */
bool cwi_fx_is(const cwi_fx *fx, size_t i, const char *word);
/* Token i is one of the words of a NULL-terminated list. */
bool cwi_fx_in(const cwi_fx *fx, size_t i, const char *const *list);
/* Token i is the punctuation (one code point) given as UTF-8. */
bool cwi_fx_punct(const cwi_fx *fx, size_t i, const char *p);
/* Month 1..12 of the word (full name or abbreviation without its period), 0 if none. */
int cwi_fx_month(const char *p, size_t n);
/* Weekday 0..6 of the word (with a possessive allowed), -1 if none. */
int cwi_fx_weekday(const char *p, size_t n);
/* A function word that is capitalised only because it starts a sentence. */
bool cwi_fx_function_word(const char *p, size_t n);
bool cwi_fx_speech_verb(const cwi_fx *fx, size_t i);

cw_status cwi_fx_names(cwi_fx *fx);
cw_status cwi_fx_figures(cwi_fx *fx);
cw_status cwi_fx_dates(cwi_fx *fx);
cw_status cwi_fx_quotes(cwi_fx *fx);

#endif
