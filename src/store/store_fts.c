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


/* ---- cw_snippet(articles_fts, COLUMN, TOKENS): a snippet bounded by its answer ----
 *
 * FTS5's own snippet() scores every window against every other match and
 * splits the whole text into sentences, so its cost grows with the square of
 * the matches: a 4 MB article took a minute. This one reads at most
 * SNIP_MAX_INST matches of the row (the position lists FTS5 already holds),
 * picks in one pass the window of TOKENS tokens that holds the most distinct
 * query phrases (the earliest among equals), then tokenizes the text only up
 * to that window's end and stops: the work is bounded by where the answer
 * lies, never by the square of anything. Matches are marked [ and ], cut text
 * by "...". A row that matched only in another column gives the column's
 * first TOKENS tokens. */

#define SNIP_MAX_INST 4096
#define SNIP_MAX_TOKENS 64
#define SNIP_MAX_PHRASES 64

typedef struct snip_ctx {
    int from, to;               /* token window [from, to) */
    int pos;                    /* tokens seen so far */
    const int *marks;           /* token offsets of matches, ascending */
    int nmarks;
    int starts[SNIP_MAX_TOKENS], ends[SNIP_MAX_TOKENS];
    unsigned char hit[SNIP_MAX_TOKENS];
    int got;                    /* tokens of the window seen */
    bool more;                  /* a token after the window exists */
} snip_ctx;

static int snip_token(void *ud, int flags, const char *tok, int n, int start, int end)
{
    (void)tok, (void)n;
    snip_ctx *c = ud;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int p = c->pos++;
    if (p < c->from) return SQLITE_OK;
    if (p >= c->to) {
        c->more = true;
        return SQLITE_DONE; /* stop: the rest of the text is never read */
    }
    int k = c->got++;
    c->starts[k] = start;
    c->ends[k] = end;
    c->hit[k] = 0;
    for (int i = 0; i < c->nmarks; i++)
        if (c->marks[i] == p) c->hit[k] = 1;
    return SQLITE_OK;
}

static void snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                       sqlite3_value **val)
{
    int col = nval > 0 ? sqlite3_value_int(val[0]) : 0;
    int width = nval > 1 ? sqlite3_value_int(val[1]) : 16;
    if (width < 1) width = 1;
    if (width > SNIP_MAX_TOKENS) width = SNIP_MAX_TOKENS;
    if (col < 0 || col >= api->xColumnCount(fts)) {
        sqlite3_result_error(ctx, "cw_snippet: no such column", -1);
        return;
    }
    int ninst = 0, rc = api->xInstCount(fts, &ninst);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    if (ninst > SNIP_MAX_INST) ninst = SNIP_MAX_INST;
    int nphrase = api->xPhraseCount(fts);
    /* the matches in col, in order of position */
    int *offs = sqlite3_malloc64((sqlite3_uint64)(ninst ? ninst : 1) * 2 * sizeof *offs);
    if (!offs) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int *phr = offs + (ninst ? ninst : 1);
    int n = 0;
    for (int i = 0; i < ninst; i++) {
        int ip, ic, io;
        if (api->xInst(fts, i, &ip, &ic, &io) != SQLITE_OK) break;
        if (ic != col || io < 0) continue;
        if (n && io < offs[n - 1]) continue; /* defensive: keep the list ascending */
        offs[n] = io;
        phr[n] = ip < 0 ? 0 : ip % SNIP_MAX_PHRASES;
        n++;
    }
    (void)nphrase;
    /* one pass with two ends: the window starting at each match */
    int best = 0, best_distinct = 0, best_count = 0;
    int seen[SNIP_MAX_PHRASES] = {0}, distinct = 0;
    for (int i = 0, j = 0; i < n; i++) {
        while (j < n && offs[j] < offs[i] + width) {
            if (!seen[phr[j]]++) distinct++;
            j++;
        }
        if (distinct > best_distinct || (distinct == best_distinct && j - i > best_count)) {
            best = i;
            best_distinct = distinct;
            best_count = j - i;
        }
        if (!--seen[phr[i]]) distinct--;
    }
    snip_ctx c;
    memset(&c, 0, sizeof c);
    if (n) {
        /* a little context before the first match, when the window has room */
        int span = offs[best + best_count - 1] - offs[best] + 1;
        int lead = (width - span) / 3;
        c.from = offs[best] - (lead > 0 ? lead : 0);
        if (c.from < 0) c.from = 0;
        c.marks = offs + best;
        c.nmarks = best_count;
    }
    c.to = c.from + width;
    const char *text = NULL;
    int len = 0;
    rc = api->xColumnText(fts, col, &text, &len);
    if (rc == SQLITE_OK && text && len > 0) rc = api->xTokenize(fts, text, len, &c, snip_token);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    if (rc != SQLITE_OK) {
        sqlite3_free(offs);
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    /* the window's bytes, with marks; at most width tokens and what lies between them */
    sqlite3_str *out = sqlite3_str_new(NULL);
    if (c.got) {
        if (c.from > 0) sqlite3_str_appendall(out, "...");
        int at = c.from == 0 ? 0 : c.starts[0]; /* from the start: words the index leaves out too */
        for (int k = 0; k < c.got; k++) {
            sqlite3_str_append(out, text + at, c.starts[k] - at);
            if (c.hit[k]) sqlite3_str_appendchar(out, 1, '[');
            sqlite3_str_append(out, text + c.starts[k], c.ends[k] - c.starts[k]);
            if (c.hit[k]) sqlite3_str_appendchar(out, 1, ']');
            at = c.ends[k];
        }
        /* the sentence's full stop, when it follows at once */
        if (at < len && (text[at] == '.' || text[at] == '!' || text[at] == '?')) sqlite3_str_appendchar(out, 1, text[at]);
        if (c.more) sqlite3_str_appendall(out, "...");
    }
    sqlite3_free(offs);
    int olen = sqlite3_str_length(out);
    char *res = sqlite3_str_finish(out);
    if (!res && olen) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, res ? res : "", olen, res ? sqlite3_free : SQLITE_STATIC);
}

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
    rc = api->xCreateTokenizer(api, "crosswire", api, &tok, NULL);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "cw_snippet", NULL, snippet_fn, NULL);
    return rc;
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
