/*
 * crosswire.h: the public interface of libcrosswire, and its manual.
 *
 * crosswire reads news articles from many outlets, cleans them, and keeps them
 * in a store where they can be listed, shown sentence by sentence and searched.
 * Later stages (duplicates, stories, facts, briefs) build on the same store.
 *
 * Conventions, which hold for every function below:
 *  - Every function that can fail returns a cw_status; results come through
 *    out-parameters, which stay untouched when the call fails. The few that
 *    cannot fail return what they give (cw_status_str, cw_engine_error: a
 *    borrowed string) or nothing (cw_free, cw_engine_close).
 *  - Strings are UTF-8 and NUL-terminated unless a length is given.
 *  - Whatever the library hands over for keeps is freed with cw_free(); every
 *    *_free and *_close accepts NULL.
 *  - Results of queries are JSON text, one document per call or per line,
 *    shaped as the comment on each function below describes.
 *  - A message for the user names the input and the place in it
 *    ("file.jsonl:17: invalid JSON: ..."); it is one line, with no newline.
 */
#ifndef CROSSWIRE_H
#define CROSSWIRE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CW_API __attribute__((visibility("default")))
#else
#define CW_API
#endif

#define CW_VERSION "0.1.0"

/* One status space for the whole library. */
typedef enum cw_status {
    CW_OK = 0,
    CW_ERR_NOMEM,    /* an allocation failed */
    CW_ERR_IO,       /* a file could not be opened, read or written */
    CW_ERR_INPUT,    /* input that cannot be taken: binary, empty, broken, too big */
    CW_ERR_USAGE,    /* a bad argument from the caller */
    CW_ERR_STORE,    /* the database refused or is damaged */
    CW_ERR_NOTFOUND, /* no such article or story */
    CW_ERR_LIMIT     /* a bound was reached (size, depth, count) */
} cw_status;

/* A short English name of a status ("input error"); static storage. */
CW_API const char *cw_status_str(cw_status st);

/* Frees anything the library handed over. NULL is a no-op. */
CW_API void cw_free(void *p);

/* The largest single record (one file, one JSON line, one page) that is read,
 * in bytes. Larger records are refused with CW_ERR_INPUT without being read
 * whole, so memory stays bounded whatever the input. */
#define CW_MAX_RECORD_BYTES (32u * 1024u * 1024u)

/* ---- The engine: one open store ------------------------------------------ */

typedef struct cw_engine cw_engine;

/* Opens (creating it if absent) the store at db_path and brings its schema up
 * to date. On failure *out is untouched and, where one can be had, a message
 * is left in *error (caller frees with cw_free; error may be NULL). */
CW_API cw_status cw_engine_open(const char *db_path, cw_engine **out, char **error);

/* Closes the store; pending work is committed. NULL is a no-op. */
CW_API void cw_engine_close(cw_engine *e);

/* The message of the last failed call on e, or "" (borrowed until the next
 * call on e). */
CW_API const char *cw_engine_error(const cw_engine *e);

/* Bounds the time of what follows on e: from now, once ms milliseconds have
 * passed, every read of the store stops and its call fails (CW_ERR_STORE,
 * cw_engine_error says "interrupted"). ms 0 removes the bound. For servers,
 * which set it before each request so that no request holds a worker for
 * long; work outside the store (a brief being composed) is not cut short. */
CW_API void cw_engine_deadline(cw_engine *e, unsigned ms);

/* ---- Ingest ---------------------------------------------------------------- */

typedef struct cw_ingest_report {
    uint64_t records;    /* articles met in the input */
    uint64_t added;      /* stored as new */
    uint64_t duplicates; /* already in the store with the same clean text */
    uint64_t failed;     /* refused, each with a message */
    uint64_t bytes;      /* input bytes read */
    uint64_t not_news;   /* pages that are no news (a section front, tag or search page, shop category,
                            product or documentation page), each named through on_error and not stored
                            (keep_all_pages stores them) */
} cw_ingest_report;

/* Called once per refused input with a one-line message naming the file and
 * place, and once per page not stored as no news ("NAME: not stored: no news
 * (a listing page)"). The message is borrowed for the call only. */
typedef void (*cw_diag_fn)(void *ud, const char *message);

/* Called now and then during a long ingest with the running totals. */
typedef void (*cw_progress_fn)(void *ud, const cw_ingest_report *so_far);

typedef struct cw_ingest_options {
    cw_diag_fn on_error;       /* may be NULL */
    cw_progress_fn on_progress; /* may be NULL */
    void *ud;                  /* passed to both */
    unsigned batch;            /* articles per transaction; 0 means the default (256) */
    int keep_all_pages;        /* non-zero: store pages that are no news too (see not_news) */
} cw_ingest_options;

/* Ingests a file, a folder (recursively, in name order), an http(s) URL (a
 * page or a feed) or, for "-", standard input. The format of each file is
 * detected from its content: plain text (first line a headline when it looks
 * like one), HTML, JSON Lines (one article per line) or one JSON document of
 * articles, RSS and Atom feeds (one article per item), WARC (one per
 * response record), and any of them gzip-compressed. Non-UTF-8 text is converted from
 * its detected charset.
 *
 * Each article is stored whole or not at all, in transactions of opts->batch
 * articles; an article whose clean text is already stored is counted as a
 * duplicate and not stored again. An HTML page (not a feed item) that the
 * extractor finds to be no news (cwi_doc_is_news: a section front, tag or
 * search page, shop category, product or documentation page) is counted in
 * report->not_news and named through opts->on_error, and not stored, unless
 * opts->keep_all_pages. Bad inputs are reported through
 * opts->on_error and skipped; the good ones beside them are still stored.
 *
 * Returns CW_OK when every input was taken, CW_ERR_INPUT when at least one was
 * refused (the rest stored), or another status when the store failed. The
 * report (may be NULL) is added to, not reset. */
CW_API cw_status cw_ingest_path(cw_engine *e, const char *path, const cw_ingest_options *opts,
                                cw_ingest_report *report);

/* As cw_ingest_path, for a stream already open; name labels it in messages and
 * names its article when it holds one. */
CW_API cw_status cw_ingest_stream(cw_engine *e, FILE *in, const char *name,
                                  const cw_ingest_options *opts, cw_ingest_report *report);

/* As cw_ingest_path, for bytes in memory. */
CW_API cw_status cw_ingest_memory(cw_engine *e, const char *name, const void *data, size_t len,
                                  const cw_ingest_options *opts, cw_ingest_report *report);

/* Receives one JSON document (no newline) per call; return non-zero to stop.
 * The text is borrowed for the call only. */
typedef int (*cw_line_fn)(void *ud, const char *json, size_t len);

/* ---- Ingest in two halves --------------------------------------------------
 * An ingest is a stateless half (reading and extraction, which any number of
 * machines can do) and a stateful half (the content hash, the outlet
 * templates, relating, clustering and storing, done by the one process that
 * writes the store). The halves apart give the same store as cw_ingest_path:
 * the same names, duplicates, relations and stories, when the prepared
 * records reach cw_ingest_prepared in the order the inputs were listed. The
 * Dask backfill (python/crosswire/dask.py, docs/python.md) is built on them.
 *
 * A prepared record is one JSON object (no newline): {name, where, title,
 * text, url, outlet, published, author, credit, lang, analysis}: the
 * article's name, its place for messages ("feed.jsonl:17"), and the fields
 * ingest stores, decided as ingest decides them; text is the clean body
 * before any outlet template is stripped. analysis (base64) is the part of
 * relating and clustering that depends on the article alone (its sentences,
 * fingerprint and cluster terms), made while preparing so that the writer
 * does not make it again: cw_ingest_prepared takes it only when it was made
 * by this version of the library from this title, text and language (an
 * outlet template that strips lines from the text makes the writer compute
 * it), and computes it itself when it is absent or not this article's. A
 * page that is no news also has "not_news" (its page type, e.g. "listing"):
 * cw_ingest_prepared counts it and stores it only with keep_all_pages. */

/* Reads path (a file or a folder, as cw_ingest_path; not "-") and extracts
 * each article without touching a store, handing each prepared record to fn
 * (return non-zero to stop). Inputs that cannot be taken are reported through
 * on_error (may be NULL) and skipped; the return is then CW_ERR_INPUT. */
CW_API cw_status cw_prepare_path(const char *path, cw_line_fn fn, cw_diag_fn on_error, void *ud);

/* As cw_prepare_path, for JSON Lines in memory that are the lines of the file
 * label from line first_line on (1 for the first), so that a JSON Lines file
 * cut at line boundaries gives the names and messages a read of the whole
 * file gives. The data is taken as JSON Lines whatever it looks like. */
CW_API cw_status cw_prepare_jsonl(const char *label, const void *data, size_t len, uint64_t first_line,
                                  cw_line_fn fn, cw_diag_fn on_error, void *ud);

/* Stores prepared records, given as JSON Lines, exactly as cw_ingest_memory
 * would store the records they were prepared from (duplicates counted, each
 * new article related and clustered, batches as opts->batch). Lines that are
 * not prepared records are reported through opts->on_error and skipped (the
 * return is then CW_ERR_INPUT); the report is added to. */
CW_API cw_status cw_ingest_prepared(cw_engine *e, const void *jsonl, size_t len, const cw_ingest_options *opts,
                                    cw_ingest_report *report);

/* ---- Queries ------------------------------------------------------------- */

/* Every article, in the order stored: {id, name, title, outlet, credit,
 * published, lang, story}. */
CW_API cw_status cw_articles(cw_engine *e, cw_line_fn fn, void *ud);

/* One article by name: the fields of cw_articles plus url, author, text (the
 * clean body) and sentences ([{start, end, text}], byte spans into text).
 * *json is the caller's, freed with cw_free. CW_ERR_NOTFOUND if no article has
 * that name. */
CW_API cw_status cw_article(cw_engine *e, const char *name, char **json);

/* Full-text search over titles and clean text, best first: {id, name, title,
 * outlet, published, score, snippet}. The query is taken as words to match
 * (all of them, stems allowed); FTS5 syntax characters are not interpreted.
 * limit 0 means 20. */
CW_API cw_status cw_search(cw_engine *e, const char *query, unsigned limit, cw_line_fn fn, void *ud);

/* ---- Stories ---------------------------------------------------------------
 * Ingest relates each new article to the stored ones (exact and near
 * duplicates, shared origin) and puts it in a story: it joins one, starts
 * one, or makes two merge; a merged story's id keeps resolving to the story
 * it went into. See docs/stories.md. */

/* Every story, oldest id first: {id, title, size, articles: [names],
 * outlets: [names], first_seen, last_seen} (dates null when unknown). */
CW_API cw_status cw_stories(cw_engine *e, cw_line_fn fn, void *ud);

/* One story by id (a merged-away id gives the story it went into): the fields
 * of cw_stories, with articles as [{name, title, outlet, published}], plus
 * independent_groups ([[names]]: articles of one origin form one group, the
 * unit in which sources are counted) and relations ([{a, b, kind}]).
 * *json is the caller's (cw_free). CW_ERR_NOTFOUND for no such story. */
CW_API cw_status cw_story(cw_engine *e, int64_t id, char **json);

/* An article's duplicates and shared-origin links: {name, story, related:
 * [{name, kind ("exact"|"near"|"origin"), score, evidence: [{text, start,
 * end, other_text, other_start, other_end}]}]}, the evidence being the
 * reused or retold sentences with their byte spans in each article's text.
 * *json is the caller's (cw_free). CW_ERR_NOTFOUND for no such article. */
CW_API cw_status cw_related(cw_engine *e, const char *name, char **json);

/* ---- Briefs ---------------------------------------------------------------
 * A brief is the story document of cw_story (articles, independent_groups and
 * relations exactly as there) with the check stage's findings (entities,
 * figures, dates, quotes, quote_variants, discrepancies) and:
 *   summary:  [{text, articles: [names], spans: [{article, start, end}]}]:
 *             extractive, no two sentences saying the same thing, ordered for
 *             a reader, each citing every article that states it (the first
 *             span is the sentence given as text); a wire report and its
 *             retellings count as one voice;
 *   timeline: [{date, what, articles, spans}]: the story's calendar days
 *             (the check stage's resolved dates), earliest first;
 *   coverage: [{outlet, articles, first_published, first, retold_from:
 *             [{article, from}]}]: outlets by first publication; an article
 *             that shares its origin with an earlier one of another outlet
 *             retold it.
 * format: "json" (or NULL), "md" (Markdown) or "html" (one self-contained
 * page: inline CSS, no script, every string from the articles escaped).
 * words: the summary's length in words, 0 for the default (120); whole
 * sentences are taken. */
#define CW_BRIEF_MAX_WORDS 5000

/* The brief of one stored story. *out is the caller's (cw_free).
 * CW_ERR_NOTFOUND for no such story; CW_ERR_USAGE for a bad format or words. */
CW_API cw_status cw_story_brief(cw_engine *e, int64_t id, const char *format, unsigned words, char **out);

/* The brief of one story given as JSON, with nothing stored:
 * {"articles": [{"name", "title", "text" or "html", "outlet", "published",
 * "url"}, ...]}. "html" is extracted as cw_extract does; "text" is taken as
 * the clean body (normalised). Articles that copy or retell each other form
 * one independent group. On failure *error gets a one-line message naming
 * the place in the input (caller frees; error may be NULL). */
CW_API cw_status cw_brief(const void *json, size_t len, const char *format, unsigned words, char **out,
                          char **error);

/* ---- Stateless ----------------------------------------------------------- */

/* Extracts one page (HTML or scraped text, detected) without touching a store:
 * {title, text, published, author, site, lang, credit, url, page_type,
 * page_type_confidence}. page_type is "article", "forum" (a live blog or a
 * thread), "listing" (a section front, tag page or shop category), "product",
 * "documentation" or "other"; scraped text says "article" with 0.5. name labels the
 * input in messages. On failure *error gets a message (caller frees). */
CW_API cw_status cw_extract(const void *data, size_t len, const char *name, char **json, char **error);

/* Annotates one article record without touching a store. The record is a
 * JSON object with "html" or "text" (a page or scraped text, detected) and
 * optionally name, url, title, outlet, published. *json gets the record's own
 * fields with "html" dropped, "text" replaced by the clean text, title,
 * published, author, site, lang, credit and url filled where the record had
 * none, and:
 *   "sentences":   [[start, end], ...] byte spans into text;
 *   "fingerprint": {"exact": hex, "minhash": [64 integers], "words": N,
 *                   "sentences": [{"span": [start, end], "hash": hex}, ...]}
 *                  (what relating compares: exact copies, MinHash of word
 *                  shingles, hashes of sentences long enough to be evidence);
 *   "facts":       {"entities", "figures", "dates", "quotes"} as in a story
 *                  document of this one article.
 * On failure *error gets a one-line message (caller frees; may be NULL). */
CW_API cw_status cw_annotate(const void *json, size_t len, const char *name, char **out, char **error);

#ifdef __cplusplus
}
#endif
#endif /* CROSSWIRE_H */
