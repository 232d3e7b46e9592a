/* store: the full-text index's "crosswire" tokenizer, which leaves out
 * English function words.
 *
 * It wraps another FTS5 tokenizer (its first argument, unicode61 when none)
 * and passes on every token but the words of the list below; the schema
 * puts porter on top, so the chain reads "porter crosswire unicode61 ...".
 * About a third of the words of English news are these; they carry nothing
 * a ranked search uses, and every one of them costs the index a posting.
 * Positions are counted over the tokens kept, in documents and queries
 * alike, so a phrase query still finds its words in order ("Bank of
 * England" matches as "bank england"). A prefix query keeps all its tokens:
 * "th*" is not a stop word. Words that are also names or acronyms in news
 * (us, it, who, will, may, new) are kept. */
#ifdef CW_FTS_EXTENSION
/* Built alone as a loadable SQLite extension (crosswire_fts), so that the
 * sqlite3 shell and other programs can read and write the index too. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#else
#include "store/store_int.h"
#endif

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/wordset.h"

static const char *const stop[] = {
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "if", "in", "into", "is", "its", "of", "on", "or", "our", "she", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we",
    "were", "which", "with", "would", "you", "your",
};

static cwi_wordset stop_set;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

_Static_assert(sizeof stop / sizeof *stop * 4 <= CWI_WORDSET_CAP, "the stop words must fit a word set");
static void stop_build(void) { (void)cwi_wordset_build(&stop_set, stop, sizeof stop / sizeof *stop); }

static bool is_stop(const char *w, int n) { return n > 0 && cwi_wordset_has(&stop_set, w, (size_t)n); }

typedef struct stop_tok {
    fts5_tokenizer parent;
    Fts5Tokenizer *inst;
} stop_tok;

typedef struct stop_ctx {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
    bool prefix;
} stop_ctx;

static int stop_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    fts5_api *api = ud;
    stop_tok *t = calloc(1, sizeof *t);
    if (!t) return SQLITE_NOMEM;
    void *pud = NULL;
    const char *name = argc > 0 ? argv[0] : "unicode61";
    int rc = api->xFindTokenizer(api, name, &pud, &t->parent);
    if (rc == SQLITE_OK) rc = t->parent.xCreate(pud, argc > 0 ? argv + 1 : NULL, argc > 0 ? argc - 1 : 0, &t->inst);
    if (rc != SQLITE_OK) {
        free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void stop_delete(Fts5Tokenizer *p)
{
    stop_tok *t = (stop_tok *)p;
    if (!t) return;
    t->parent.xDelete(t->inst);
    free(t);
}

static int stop_token(void *ud, int flags, const char *tok, int n, int start, int end)
{
    stop_ctx *c = ud;
    if (!c->prefix && is_stop(tok, n)) return SQLITE_OK;
    return c->token(c->ctx, flags, tok, n, start, end);
}

static int stop_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                         int (*token)(void *, int, const char *, int, int, int))
{
    stop_tok *t = (stop_tok *)p;
    stop_ctx c = {ctx, token, (flags & FTS5_TOKENIZE_PREFIX) != 0};
    return t->parent.xTokenize(t->inst, &c, flags, text, n, stop_token);
}

#ifndef CW_FTS_EXTENSION
bool cwi_fts_is_stop(const char *w, size_t n)
{
    pthread_once(&stop_once, stop_build);
    return cwi_wordset_has(&stop_set, w, n);
}
#endif

#ifdef CW_FTS_EXTENSION
static
#endif
int cwi_fts_register_db(sqlite3 *db)
{
    pthread_once(&stop_once, stop_build);
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2) return SQLITE_ERROR;
    static fts5_tokenizer tok = {stop_create, stop_delete, stop_tokenize};
    return api->xCreateTokenizer(api, "crosswire", api, &tok, NULL);
}

#ifdef CW_FTS_EXTENSION
/* The entry point SQLite derives from the file name crosswire_fts. */
__attribute__((visibility("default"))) int sqlite3_crosswirefts_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    int rc = cwi_fts_register_db(db);
    if (rc != SQLITE_OK && err) *err = sqlite3_mprintf("crosswire_fts: cannot register the tokenizer (FTS5 missing?)");
    return rc;
}
#else
cw_status cwi_store_fts_register(cwi_store *s)
{
    if (cwi_fts_register_db(s->db) != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "registering the full-text tokenizer: %s (SQLite without FTS5?)",
                 sqlite3_errmsg(s->db));
        return CW_ERR_STORE;
    }
    return CW_OK;
}
#endif
