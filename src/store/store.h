/*
 * store: the SQLite store. The only module that includes sqlite3.h. It keeps
 * articles (metadata, clean text, sentence spans), a full-text index over them,
 * and the schema version; migrations bring an older file up to date on open.
 * Library-internal.
 */
#ifndef CW_STORE_STORE_H
#define CW_STORE_STORE_H

#include "core/core.h"

typedef struct cwi_store cwi_store;

/* The schema version this build writes. */
#define CWI_SCHEMA_VERSION 6

/* Opens or creates the store at path (WAL mode, foreign keys on) and migrates
 * it to CWI_SCHEMA_VERSION. A file written by a newer build is refused. On
 * failure *out is untouched and *error (may be NULL) gets a message. */
cw_status cwi_store_open(const char *path, cwi_store **out, char **error);
void cwi_store_close(cwi_store *s); /* rolls back an open transaction; NULL is a no-op */

/* From now, every statement on s stops (its call fails with the message
 * "interrupted") once ms milliseconds have passed; ms 0 removes the bound.
 * For servers: a request that would read too much gives up rather than hold
 * a worker. */
void cwi_store_deadline(cwi_store *s, unsigned ms);

/* The message of the last failure, "" if none; borrowed until the next call. */
const char *cwi_store_error(const cwi_store *s);

/* Transactions. Writes outside a transaction are refused.
 * cwi_store_begin takes the write lock. While another process holds it (an
 * ingest takes it again a moment after each commit) it waits as long as that
 * process keeps committing (the store's -wal file changes), and fails only
 * when 10 s pass without a commit. */
cw_status cwi_store_begin(cwi_store *s);
/* Whether another connection committed between this connection's previous
 * transaction and the one cwi_store_begin opened last: whatever was read
 * from the store and kept in memory since may be out of date. False in the
 * first transaction. */
bool cwi_store_others_wrote(const cwi_store *s);
cw_status cwi_store_commit(cwi_store *s);
void cwi_store_rollback(cwi_store *s);
bool cwi_store_in_transaction(const cwi_store *s);

/* An article as stored. All strings borrowed; NULL where unknown. */
typedef struct cwi_article {
    int64_t id;
    const char *name;
    const char *hash;      /* content hash of title and clean text, 32 hex digits */
    const char *url, *title, *outlet, *credit, *published, *author, *lang;
    int64_t story;         /* 0 when not yet assigned */
    const char *text;
    size_t text_len;
    const cwi_span *sentences;
    size_t n_sentences;
} cwi_article;

/* Stores a new article inside the open transaction. When an article with the
 * same hash exists nothing is written and *dup_of gets its id (else 0). When
 * the name is taken by different content, the article is stored under
 * "name#2" (or #3, ...), so nothing stored is ever replaced. *id gets the new
 * id. */
cw_status cwi_store_add_article(cwi_store *s, const cwi_article *a, int64_t *id, int64_t *dup_of);

/* Calls fn for each article in id order; a non-zero return stops the walk.
 * with_text: whether text and sentences are loaded (else NULL/0). The article
 * is borrowed for the call only. */
typedef int (*cwi_article_fn)(void *ud, const cwi_article *a);
cw_status cwi_store_each_article(cwi_store *s, bool with_text, cwi_article_fn fn, void *ud);

/* Finds one article by name and calls fn with it (text included).
 * CW_ERR_NOTFOUND when absent. */
cw_status cwi_store_article_by_name(cwi_store *s, const char *name, cwi_article_fn fn, void *ud);

/* Full-text search; each hit is an article without text, plus its rank (lower
 * is better) and a snippet with the matches marked by [ and ]. */
typedef int (*cwi_hit_fn)(void *ud, const cwi_article *a, double rank, const char *snippet);
cw_status cwi_store_search(cwi_store *s, const char *query, unsigned limit, cwi_hit_fn fn, void *ud);

/* Whether an article with this content hash is stored: *id gets its id, or 0. */
cw_status cwi_store_find_hash(cwi_store *s, const char *hash, int64_t *id);

/* Outlet templates (see cwi_template in extract.h): per outlet, its article
 * count and, for each line seen in two articles or more, in how many. */
typedef int (*cwi_template_row_fn)(void *ud, const char *outlet, uint32_t articles, uint64_t hash, uint32_t count);
/* Calls fn for every stored line count (outlets with no line counted yet are
 * given once with hash 0). */
cw_status cwi_store_template_each(cwi_store *s, cwi_template_row_fn fn, void *ud);
/* Sets an outlet's article count, inside the open transaction. */
cw_status cwi_store_template_outlet(cwi_store *s, const char *outlet, uint32_t articles);
/* Sets one line's count, inside the open transaction. */
cw_status cwi_store_template_line(cwi_store *s, const char *outlet, uint64_t hash, uint32_t count);

/* Number of articles stored. */
cw_status cwi_store_count(cwi_store *s, int64_t *n);

/* Runs PRAGMA integrity_check and the FTS integrity check; CW_OK when both
 * pass, else CW_ERR_STORE with the first problem as the error. */
cw_status cwi_store_check(cwi_store *s);

#endif
