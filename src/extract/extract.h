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
    /* What kind of page it is (HTML only; scraped text says "article"):
     * "article", "forum" (a live blog or a thread: the posts are the
     * content), "listing" (a section front, tag page, search or shop
     * category), "product", "documentation" or "other" (a service or
     * company page). Static storage, never freed; NULL when not decided. */
    const char *page_type;
    float page_type_conf; /* 0..1: how sure page_type is */
    float not_news;       /* 0..1: how likely the page is no news (HTML only; 0 for text) */
} cwi_doc;

void cwi_doc_clean(cwi_doc *d); /* frees the fields; d may be reused */

/* Whether ingest stores the page as news by default. Not news: a page typed
 * listing (a section front, tag, search or shop category page), product or
 * documentation whose not_news is at least CWI_NOT_NEWS_MIN (it turns away
 * 4 of WCXB's 793 articles, docs/extract.md). Scraped text, articles, live
 * blogs, threads and pages typed other are always news. */
#define CWI_NOT_NEWS_MIN 0.91f
bool cwi_doc_is_news(const cwi_doc *d);

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

/* ---- Outlet templates --------------------------------------------------------
 * Lines that recur across many articles of one outlet are its template (menus
 * flattened into the text, sign-up prompts, legal notes), whatever words they
 * use. A cwi_template counts, per outlet, in how many articles each line
 * occurs (by a hash of the line with case, spacing and digits folded). A line
 * is template once the outlet has CWI_TEMPLATE_MIN_ARTICLES articles and the
 * line occurs in at least CWI_TEMPLATE_SHARE of them. Memory is bounded:
 * each outlet keeps at most CWI_TEMPLATE_MAX_LINES line counts (lines seen
 * once are forgotten first when it is full). The store persists the counts
 * through cwi_template_next / cwi_template_load. Not thread-safe. */
#define CWI_TEMPLATE_MIN_ARTICLES 3
#define CWI_TEMPLATE_SHARE 0.6
#define CWI_TEMPLATE_MAX_LINES 65536

typedef struct cwi_template cwi_template;

cwi_template *cwi_template_new(void);     /* NULL when out of memory */
void cwi_template_free(cwi_template *t);  /* NULL is a no-op */

/* The hash of one line as the template counts it. */
uint64_t cwi_template_line_hash(const char *line, size_t n);

/* Counts one article of outlet: each distinct line of text (LF-separated)
 * once. On failure the counts are left as they were or with this article
 * partly counted (never corrupted). */
cw_status cwi_template_feed(cwi_template *t, const char *outlet, const char *text, size_t n);

/* Whether the line with hash h is template for outlet. */
bool cwi_template_is_template(const cwi_template *t, const char *outlet, uint64_t h);

/* In how many of outlet's articles the line with hash h occurs (0 when not
 * counted); *articles (may be NULL) gets the outlet's article count. */
uint32_t cwi_template_count(const cwi_template *t, const char *outlet, uint64_t h, uint32_t *articles);

/* A copy of text without the outlet's template lines, in *out (caller
 * frees). Text of an outlet with too few articles comes back unchanged. */
cw_status cwi_template_strip(const cwi_template *t, const char *outlet, const char *text, size_t n, char **out);

/* One article at once, each line hashed once: cwi_template_feed, then
 * on_line (may be NULL; a failure it returns stops here) for each line of
 * text the outlet has in two articles or more, with its hash and count, then
 * cwi_template_strip into *out. */
cw_status cwi_template_learn(cwi_template *t, const char *outlet, const char *text, size_t n,
                             cw_status (*on_line)(void *ud, uint64_t hash, uint32_t count), void *ud, char **out);

/* Persistence. cwi_template_next walks every (outlet, hash, count) from
 * *it = 0 while it returns true; articles is the outlet's article count.
 * cwi_template_load sets them back (adding an outlet when new); hash 0 sets
 * the outlet's article count alone. */
bool cwi_template_next(const cwi_template *t, size_t *it, const char **outlet, uint32_t *articles, uint64_t *hash,
                       uint32_t *count);
cw_status cwi_template_load(cwi_template *t, const char *outlet, uint32_t articles, uint64_t hash, uint32_t count);

#endif
