/*
 * brief: what a reader of one story needs first. An extractive summary across
 * the story's articles (no two sentences saying the same thing, each citing
 * every article that states it, the articles of one origin counting as one
 * voice), a timeline of dated events, coverage by outlet, and renderings of a
 * whole story document as Markdown and as one self-contained HTML page.
 *
 * Pure: the input is a story in memory, the output JSON fragments or text.
 * Library-internal. See docs/brief.md.
 */
#ifndef CW_BRIEF_BRIEF_H
#define CW_BRIEF_BRIEF_H

#include "core/core.h"

#define CWI_BRIEF_MAX_ARTICLES 2000     /* articles past this are ignored */
#define CWI_BRIEF_MAX_SENTENCES 200000  /* sentences past this (whole story) are ignored */
#define CWI_BRIEF_DEFAULT_WORDS 120
#define CWI_BRIEF_MAX_WORDS 5000

/* One article of the story; everything borrowed for the call. */
typedef struct cwi_brief_article {
    const char *name;          /* NUL-terminated, required */
    const char *title;         /* NULL when unknown (likewise the next two) */
    const char *outlet;
    const char *published;     /* ISO 8601 */
    const char *text;          /* clean text (valid UTF-8) the spans point into */
    size_t len;
    const cwi_span *sentences; /* its sentence spans; when nsent is 0 they are computed */
    size_t nsent;
    int group;                 /* independent group: articles of one origin share it; < 0 alone */
    const char *credit;        /* the wire or agency its credit line names ("Reuters"); NULL when none */
} cwi_brief_article;

/* A dated event: a calendar day resolved at a place in an article (the check
 * stage's resolved dates). */
typedef struct cwi_brief_event {
    char date[11];   /* "YYYY-MM-DD" */
    size_t article;  /* index into the articles */
    cwi_span span;   /* the words that name the day */
} cwi_brief_event;

/* One place where a fact the check stage lined up across the story is stated
 * (a figure's mention, one of a statement's quoted forms): places sharing an
 * id state the same fact, so two summary sentences holding them repeat each
 * other. */
typedef struct cwi_brief_fact {
    uint32_t id;
    size_t article;  /* index into the articles */
    cwi_span span;
} cwi_brief_fact;

/* Appends the JSON members
 *   "summary":[{text, articles:[names], spans:[{article,start,end}]}],
 *   "timeline":[{date, what, articles, spans}],
 *   "coverage":[{outlet, source (the outlet, else the first article's name), retold_from_wire (the wires
 *   its credit lines name), articles, first_published, retold_from}]
 * comma-separated, without braces, for the caller to splice into its story
 * document. words is the summary's length in words (0: the default); whole
 * sentences are taken while they fit, and always at least one. With events
 * (n_events > 0) the timeline is built from them; without, from the full
 * dates written in the articles and their publication dates. With facts
 * (n_facts > 0) no two summary sentences hold the same fact. On failure out
 * may hold a partial fragment; the caller resets its length. */
cw_status cwi_brief_fragment(const cwi_brief_article *arts, size_t n, const cwi_brief_event *events,
                             size_t n_events, const cwi_brief_fact *facts, size_t n_facts, unsigned words,
                             cwi_buf *out);

/* The summary alone: appends the array [{...}] (the value of "summary"). */
cw_status cwi_brief_summary(const cwi_brief_article *arts, size_t n, const cwi_brief_fact *facts, size_t n_facts,
                            unsigned words, cwi_buf *out);
/* The story's headline and its summary: appends the members
 *   "headline":{text, article, articles} (or null),"summary":[...]
 * The headline is the one of the articles' own headlines that the other
 * independent voices (their headlines and their texts) come closest to;
 * articles lists those whose headline says the same. words is the length of
 * headline and summary together (the summary takes what the headline leaves,
 * at least one sentence); no two summary sentences say the same thing, while
 * the first may restate the headline as a lede does. */
cw_status cwi_brief_lead(const cwi_brief_article *arts, size_t n, const cwi_brief_fact *facts, size_t n_facts,
                         unsigned words, cwi_buf *out);
cw_status cwi_brief_timeline(const cwi_brief_article *arts, size_t n, const cwi_brief_event *events,
                             size_t n_events, cwi_buf *out);
cw_status cwi_brief_coverage(const cwi_brief_article *arts, size_t n, cwi_buf *out);

/* Renders a story document (JSON text as cw_story_brief gives it: title,
 * articles, independent_groups, summary, timeline, coverage and, when present,
 * the check stage's entities, figures, dates, quotes, quote_variants,
 * discrepancies) as "md" (Markdown) or "html" (one page, inline CSS, no
 * script; every string from the document escaped). Appends to out.
 * CW_ERR_INPUT when json is not such a document, CW_ERR_USAGE for another
 * format. */
cw_status cwi_brief_render(const char *json, size_t len, const char *format, cwi_buf *out);

#endif
