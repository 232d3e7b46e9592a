/*
 * check: one story's facts lined up across its articles. Entities with their
 * spellings merged; figures aligned by measured thing and unit, with the
 * agreement their qualifiers allow and the number of independent sources;
 * relative dates resolved to calendar days with the evidence used; quotes
 * with speakers; one statement quoted in different words; and the facts the
 * articles state differently. Every item cites article names and byte spans
 * into each article's clean text. Library-internal.
 */
#ifndef CW_CHECK_CHECK_H
#define CW_CHECK_CHECK_H

#include "core/core.h"
#include "facts/facts.h"

#define CWI_CHECK_MAX_ARTICLES 2000

/* One article of the story, all borrowed for the duration of the call. */
typedef struct cwi_check_article {
    const char *name;          /* the article's name (NUL-terminated) */
    const char *text;          /* clean text the spans point into */
    size_t len;
    const cwi_span *sentences; /* its sentence spans */
    size_t nsent;
    const cwi_facts *facts;    /* cwi_facts_extract on text */
    const char *published;     /* ISO date or NULL */
    int group;                 /* independent group: articles of one origin share it */
} cwi_check_article;

/* Appends to out the JSON members
 *   "entities":[...],"figures":[...],"dates":[...],"quotes":[...],
 *   "quote_variants":[...],"discrepancies":[...]
 * comma-separated and without surrounding braces, for the caller to splice
 * into its story document. n may be 0 (six empty lists). Articles past
 * CWI_CHECK_MAX_ARTICLES are ignored. On failure out may hold a partial
 * fragment; the caller resets its length to where it was. */
cw_status cwi_check_story(const cwi_check_article *arts, size_t n, cwi_buf *out);

#endif
