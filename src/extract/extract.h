/*
 * extract: the clean body text and metadata of one article, from an HTML page
 * or from text a scraper already flattened. Input is valid UTF-8 (the ingest
 * stage converts charsets). Library-internal.
 */
#ifndef CW_EXTRACT_EXTRACT_H
#define CW_EXTRACT_EXTRACT_H

#include "core/core.h"

/* What extraction finds; every field is NULL or a malloc'd NUL-terminated
 * UTF-8 string owned by the doc. */
typedef struct cwi_doc {
    char *title;     /* the headline, without the site name glued to it */
    char *text;      /* clean body: blocks (paragraphs, headings, list items,
                        block quotes) one per line, normalised (cwi_text_normalize) */
    char *published; /* ISO 8601: "2025-12-02" or "2025-12-02T14:05:00Z" */
    char *author;
    char *site;      /* outlet or site name */
    char *lang;      /* ISO 639-1 */
    char *credit;    /* the origin the article names: a wire service or a sign-off */
    char *url;       /* canonical URL when the page gives one */
} cwi_doc;

void cwi_doc_clean(cwi_doc *d); /* frees the fields; d may be reused */

/* Hints from the container (a JSONL record, a WARC header, a feed item): used
 * where the page says nothing better. Any field may be NULL. */
typedef struct cwi_extract_hints {
    const char *url;
    const char *title;
    const char *published;
    const char *outlet;
} cwi_extract_hints;

/* Extracts an HTML page. On success fills *out (which must be zeroed or
 * cleaned) and returns CW_OK; a page with no article text is still CW_OK with
 * an empty text. On failure *error gets a one-line reason (caller frees) and
 * *out is left empty. */
cw_status cwi_extract_html(const char *html, size_t n, const cwi_extract_hints *hints, cwi_doc *out,
                           char **error);

/* Cleans text a scraper already flattened: takes the headline from the first
 * line when it looks like one (and drops the scrape's repeats of it), removes
 * the boilerplate scrapers leave behind (ad markers, comment forms, language
 * switchers, donation and subscription appeals, lists of other headlines) and
 * moves a credit or sign-off line into credit. */
cw_status cwi_extract_text(const char *txt, size_t n, const cwi_extract_hints *hints, cwi_doc *out,
                           char **error);

/* True when the bytes look like an HTML document rather than text. */
bool cwi_looks_like_html(const char *s, size_t n);

#endif
