/* store internals, shared by the store's own files (store.c and the files
 * of later stages' tables). Nothing outside src/store includes this. */
#ifndef CW_STORE_STORE_INT_H
#define CW_STORE_STORE_INT_H

#include <sqlite3.h>
#include <time.h>

#include "store/store.h"

struct cwi_store {
    sqlite3 *db;
    bool in_tx;
    int64_t fts_from; /* first article stored in this transaction and not yet in the index, or 0 */
    char err[512];
    sqlite3_stmt *ins, *ins_fts, *by_hash, *by_name;
    sqlite3_stmt *tpl_outlet, *tpl_line; /* prepared on first use */
    struct timespec deadline;            /* see cwi_store_deadline; tv_sec 0: none */
    int64_t data_version;                /* PRAGMA data_version at the last begin; -1 before */
    bool others_wrote;                   /* see cwi_store_others_wrote */
};

/* Records sqlite's message after "what: " and returns CW_ERR_STORE. */
cw_status cwi_store_fail(cwi_store *s, const char *what);
/* Runs SQL without results; on failure records the message. */
cw_status cwi_store_exec(cwi_store *s, const char *sql);
/* Registers the full-text index's "crosswire" tokenizer (store_fts.c) on
 * the store's connection; every connection needs it before the index is
 * read or written. */
cw_status cwi_store_fts_register(cwi_store *s);
/* The same on any connection: SQLITE_OK, or an SQLite error code. */
int cwi_fts_register_db(sqlite3 *db);
/* Whether the tokenizer leaves out the folded word w[0..n). */
bool cwi_fts_is_stop(const char *w, size_t n);

/* Reading an article row. A query selects CWI_ARTICLE_COLS (columns 0-10),
 * then, for the text, "text, sentences" (11 and 12). cwi_store_row_article
 * fills a from the row st is on, text left out; its strings are borrowed
 * until st steps on. cwi_store_row_spans reads the sentence spans stored in
 * column col (little-endian u32 pairs) into a new array (caller frees), *n
 * their count; NULL when out of memory. */
#define CWI_ARTICLE_COLS "id, name, hash, url, title, outlet, credit, published, author, lang, story"
void cwi_store_row_article(sqlite3_stmt *st, cwi_article *a);
cwi_span *cwi_store_row_spans(sqlite3_stmt *st, int col, size_t *n);

#endif
