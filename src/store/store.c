#include "store/store_int.h"
#include "core/bytes.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>


/* Migrations: entry i brings a store from version i to i + 1. Never edit a
 * released entry; append a new one. */
static const char *const migrations[] = {
    /* 0 -> 1: articles, their text, the full-text index. */
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  url TEXT, title TEXT, outlet TEXT, credit TEXT, published TEXT, author TEXT, lang TEXT,"
    "  story INTEGER NOT NULL DEFAULT 0,"
    "  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  text TEXT NOT NULL,"
    "  sentences BLOB NOT NULL"
    ");"
    "CREATE INDEX articles_story ON articles(story);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id',"
    "  tokenize='porter unicode61 remove_diacritics 2');",
    /* 1 -> 2: stories, fingerprints and term vectors, relations (src/store/store_stories.c). */
    "CREATE TABLE stories ("
    "  id INTEGER PRIMARY KEY,"
    "  merged_into INTEGER NOT NULL DEFAULT 0,"
    "  merged_at INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    "CREATE TABLE article_fp ("
    "  article INTEGER PRIMARY KEY REFERENCES articles(id),"
    "  fp BLOB NOT NULL, terms BLOB NOT NULL, time INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE relations ("
    "  a INTEGER NOT NULL REFERENCES articles(id), b INTEGER NOT NULL REFERENCES articles(id),"
    "  kind INTEGER NOT NULL, score REAL NOT NULL, evidence BLOB,"
    "  PRIMARY KEY (a, b)"
    ") WITHOUT ROWID;"
    "CREATE INDEX relations_b ON relations(b);",
    /* 2 -> 3: outlet templates, the recurring lines of each outlet (src/store/store_templates.c). */
    "CREATE TABLE outlet_templates (outlet TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE template_lines ("
    "  outlet TEXT NOT NULL, hash INTEGER NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY (outlet, hash)"
    ") WITHOUT ROWID;",
    /* 3 -> 4: each article's topic group (stories are events split out of a group), so the
     * clusterer can be rebuilt; the story a story was split from (src/store/store_stories.c). */
    "ALTER TABLE article_fp ADD COLUMN grp INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX article_fp_grp ON article_fp(grp);"
    "ALTER TABLE stories ADD COLUMN split_from INTEGER NOT NULL DEFAULT 0;",
    /* 4 -> 5: the full-text index merges its segments 16 at a time, not 4: each batch writes a
     * segment, and merging them in fours rewrote every posting about twice as often (a quarter
     * of an ingest went to the index); a search reads a few more segments. */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 16);",
    /* 5 -> 6: the full-text index leaves out English function words (the "crosswire" tokenizer,
     * src/store/store_fts.c between unicode61 and porter): a third fewer postings to write, and a
     * store built before is indexed again from its articles. */
    "DROP TABLE articles_fts;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id',"
    "  tokenize='porter crosswire unicode61 remove_diacritics 2');"
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');"
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 16);",
};

_Static_assert(sizeof migrations / sizeof *migrations == CWI_SCHEMA_VERSION,
               "CWI_SCHEMA_VERSION must be the number of migrations");

cw_status cwi_store_fail(cwi_store *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
    return CW_ERR_STORE;
}

const char *cwi_store_error(const cwi_store *s) { return s ? s->err : ""; }

cw_status cwi_store_exec(cwi_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return CW_ERR_STORE;
    }
    return CW_OK;
}

static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* What changes whenever a process commits to the store: the size and
 * modification time of its -wal file (zeros when there is none). */
typedef struct wal_stamp {
    off_t size;
    struct timespec mtime;
} wal_stamp;

static wal_stamp stamp_of(cwi_store *s)
{
    wal_stamp w = {0, {0, 0}};
    const char *db = sqlite3_db_filename(s->db, "main");
    char path[4096];
    struct stat st;
    if (db && *db && snprintf(path, sizeof path, "%s-wal", db) < (int)sizeof path && stat(path, &st) == 0) {
        w.size = st.st_size;
        w.mtime = st.st_mtim;
    }
    return w;
}

/* BEGIN IMMEDIATE. SQLite's busy handler gives up after the busy timeout
 * (10 s), and an ingest in another process releases the write lock only for
 * a moment between its batches: a second ingest would fail with "database is
 * locked". It waits instead for as long as the holder keeps committing. */
static cw_status begin_immediate(cwi_store *s)
{
    wal_stamp before = stamp_of(s);
    for (;;) {
        int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) return CW_OK;
        wal_stamp now = stamp_of(s);
        if ((rc & 0xff) != SQLITE_BUSY) return cwi_store_fail(s, "starting a transaction");
        if (now.size == before.size && now.mtime.tv_sec == before.mtime.tv_sec &&
            now.mtime.tv_nsec == before.mtime.tv_nsec) {
            snprintf(s->err, sizeof s->err, "the store is locked: another process holds its write lock and has "
                     "committed nothing for 10 s");
            return CW_ERR_STORE;
        }
        before = now;
    }
}

/* Brings the store to the newest schema, one migration a transaction. The
 * version is read again under the write lock (BEGIN IMMEDIATE) before each
 * step: two processes opening a new store at once both see version 0 before
 * either holds the lock, and the second must then find version 1 and skip
 * the step the first made, not run it again ("table articles already
 * exists"). A store already at the newest version takes no lock at all, so
 * readers open it beside a running writer. */
static cw_status migrate(cwi_store *s)
{
    const int target = (int)(sizeof migrations / sizeof *migrations);
    int v = user_version(s->db);
    if (v < 0) return cwi_store_fail(s, "reading the schema version");
    while (v < target) {
        CWI_TRY(begin_immediate(s));
        if ((v = user_version(s->db)) < 0) {
            cwi_store_fail(s, "reading the schema version");
            cwi_store_exec(s, "ROLLBACK");
            return CW_ERR_STORE;
        }
        if (v >= target) {
            cwi_store_exec(s, "ROLLBACK");
            break;
        }
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d;", v + 1);
        if (cwi_store_exec(s, migrations[v]) != CW_OK || cwi_store_exec(s, bump) != CW_OK) {
            char keep[sizeof s->err];
            memcpy(keep, s->err, sizeof keep);
            cwi_store_exec(s, "ROLLBACK");
            snprintf(s->err, sizeof s->err, "migrating to schema %d: %.400s", v + 1, keep);
            return CW_ERR_STORE;
        }
        if (cwi_store_exec(s, "COMMIT") != CW_OK) {
            cwi_store_exec(s, "ROLLBACK");
            return CW_ERR_STORE;
        }
        v++;
    }
    if (v > target) {
        snprintf(s->err, sizeof s->err, "the store has schema version %d, newer than this build's %d", v, target);
        return CW_ERR_STORE;
    }
    return CW_OK;
}

static cw_status prepare(cwi_store *s, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return cwi_store_fail(s, "preparing a statement");
    return CW_OK;
}

/* Switches a new store to WAL. Two processes creating one store at once both
 * hold a shared lock on it while each wants the exclusive lock the switch
 * needs; SQLite then answers one of them SQLITE_BUSY at once, without waiting
 * (a wait could never end), so the switch is tried again after a short,
 * randomised pause, for up to the busy timeout (10 s). */
static cw_status wal_mode(cwi_store *s)
{
    for (int tries = 0;; tries++) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK) return CW_OK;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) break;
        if (tries >= 500) break;
        sqlite3_sleep(5 + (int)(((uintptr_t)s / 64 + (unsigned)tries * 7u) % 16u));
    }
    return cwi_store_fail(s, "switching the store to WAL");
}

static void store_free(cwi_store *s)
{
    sqlite3_finalize(s->ins);
    sqlite3_finalize(s->ins_fts);
    sqlite3_finalize(s->tpl_outlet);
    sqlite3_finalize(s->tpl_line);
    sqlite3_finalize(s->by_hash);
    sqlite3_finalize(s->by_name);
    sqlite3_close(s->db);
    free(s);
}

cw_status cwi_store_open(const char *path, cwi_store **out, char **error)
{
    cwi_store *s = calloc(1, sizeof *s);
    if (!s) return CW_ERR_NOMEM;
    s->data_version = -1;
    cw_status st = CW_OK;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        st = s->db ? cwi_store_fail(s, "opening") : CW_ERR_NOMEM;
        goto out;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* WAL: readers never block the writer, and a crash loses at most the
     * transaction in flight. synchronous=NORMAL is durable across process
     * crashes (SIGKILL); only a power cut may lose the last commits. */
    if ((st = wal_mode(s)) != CW_OK ||
        (st = cwi_store_exec(s, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")) != CW_OK)
        goto out;
    /* A 16 MiB page cache (the default is 2 MiB) keeps the upper levels of
     * the indexes and the FTS5 segments a batch touches in memory; a WAL
     * checkpoint every 10,000 pages (40 MiB) rather than 1,000 writes the
     * pages a run of batches rewrites (the same index pages again and again)
     * once. Neither changes what a crash can lose: a commit is in the WAL
     * either way. */
    if ((st = cwi_store_exec(s, "PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=10000;")) != CW_OK) goto out;
    /* Debian builds SQLite with secure_delete on: every freed page and cell
     * is overwritten with zeros, and the full-text index frees its merged
     * segments all the time (a tenth of the bytes an ingest wrote). The
     * store holds published news, nothing to wipe. Reading the file through
     * a read-only map (up to SQLite's 2 GB limit) rather than pread spares a
     * copy and a system call on every page the cache misses; writes still go
     * through the WAL, and a mapped page is the kernel's page cache, not the
     * process's memory. */
    if ((st = cwi_store_exec(s, "PRAGMA secure_delete=OFF; PRAGMA mmap_size=2147418112;")) != CW_OK) goto out;
    if ((st = cwi_store_exec(s, "SELECT count(*) FROM sqlite_schema")) != CW_OK) {
        snprintf(s->err, sizeof s->err, "not a crosswire store (or damaged): %s", sqlite3_errmsg(s->db));
        goto out;
    }
    if ((st = cwi_store_fts_register(s)) != CW_OK || (st = migrate(s)) != CW_OK) goto out;
    if ((st = prepare(s, &s->ins,
                      "INSERT INTO articles(name, hash, url, title, outlet, credit, published, author, lang,"
                      " story, text, sentences) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) != CW_OK ||
        (st = prepare(s, &s->ins_fts,
                      "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles"
                      " WHERE id >= ? ORDER BY id")) != CW_OK ||
        (st = prepare(s, &s->by_hash, "SELECT id FROM articles WHERE hash = ?")) != CW_OK ||
        (st = prepare(s, &s->by_name, "SELECT 1 FROM articles WHERE name = ?")) != CW_OK)
        goto out;
out:
    if (st != CW_OK) {
        if (error) *error = cwi_sprintf("%s: %s", path, s->err[0] ? s->err : cw_status_str(st));
        store_free(s);
        return st;
    }
    *out = s;
    return CW_OK;
}

void cwi_store_close(cwi_store *s)
{
    if (!s) return;
    if (s->in_tx) cwi_store_rollback(s);
    store_free(s);
}

static int past_deadline(void *ud)
{
    cwi_store *s = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > s->deadline.tv_sec || (now.tv_sec == s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec);
}

void cwi_store_deadline(cwi_store *s, unsigned ms)
{
    if (!s) return;
    if (!ms) {
        s->deadline.tv_sec = 0;
        sqlite3_progress_handler(s->db, 0, NULL, NULL);
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &s->deadline);
    s->deadline.tv_sec += (time_t)(ms / 1000);
    s->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (s->deadline.tv_nsec >= 1000000000L) {
        s->deadline.tv_sec++;
        s->deadline.tv_nsec -= 1000000000L;
    }
    /* checked every 1,000 virtual machine steps: a few microseconds apart */
    sqlite3_progress_handler(s->db, 1000, past_deadline, s);
}

static int64_t data_version(cwi_store *s)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

cw_status cwi_store_begin(cwi_store *s)
{
    if (CWI_NEVER(s->in_tx)) return CW_ERR_USAGE;
    CWI_TRY(begin_immediate(s));
    s->in_tx = true;
    /* data_version moves when another connection commits; this
     * connection's own commits leave it as it is. */
    int64_t v = data_version(s);
    s->others_wrote = s->data_version >= 0 && v != s->data_version;
    s->data_version = v;
    return CW_OK;
}

bool cwi_store_others_wrote(const cwi_store *s) { return s->others_wrote; }

/* Indexes the articles stored in this transaction, all at once at its end.
 * An FTS5 table written earlier in a transaction writes its pending terms out
 * as a new segment at every later statement that opens a savepoint, so
 * indexing article by article, between the other writes, made many small
 * segments; new rowids are above every older one, so the new articles are
 * those from fts_from on. */
static cw_status index_new(cwi_store *s)
{
    if (!s->fts_from) return CW_OK;
    sqlite3_stmt *fts = s->ins_fts;
    sqlite3_reset(fts);
    sqlite3_bind_int64(fts, 1, s->fts_from);
    int rc = sqlite3_step(fts);
    sqlite3_reset(fts);
    if (rc != SQLITE_DONE) return cwi_store_fail(s, "indexing articles");
    s->fts_from = 0;
    return CW_OK;
}

cw_status cwi_store_commit(cwi_store *s)
{
    if (CWI_NEVER(!s->in_tx)) return CW_ERR_USAGE;
    cw_status st = index_new(s);
    if (st == CW_OK) st = cwi_store_exec(s, "COMMIT");
    if (st != CW_OK) cwi_store_exec(s, "ROLLBACK");
    s->in_tx = false;
    s->fts_from = 0;
    return st;
}

void cwi_store_rollback(cwi_store *s)
{
    if (!s->in_tx) return;
    char keep[sizeof s->err];
    memcpy(keep, s->err, sizeof keep);
    cwi_store_exec(s, "ROLLBACK");
    memcpy(s->err, keep, sizeof keep);
    s->in_tx = false;
    s->fts_from = 0;
}

bool cwi_store_in_transaction(const cwi_store *s) { return s->in_tx; }

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static bool name_taken(cwi_store *s, const char *name)
{
    sqlite3_reset(s->by_name);
    sqlite3_bind_text(s->by_name, 1, name, -1, SQLITE_STATIC);
    bool taken = sqlite3_step(s->by_name) == SQLITE_ROW;
    sqlite3_reset(s->by_name);
    return taken;
}

/* Sentence spans as little-endian u32 pairs: compact, and read back without
 * parsing. */
static unsigned char *pack_spans(const cwi_span *sp, size_t n)
{
    unsigned char *b = malloc(n * 8 + 1);
    if (!b) return NULL;
    for (size_t i = 0; i < n; i++) {
        cwi_le32_set(b + i * 8, sp[i].start);
        cwi_le32_set(b + i * 8 + 4, sp[i].end);
    }
    return b;
}

cw_status cwi_store_add_article(cwi_store *s, const cwi_article *a, int64_t *id, int64_t *dup_of)
{
    if (CWI_NEVER(!s->in_tx)) return CW_ERR_USAGE;
    *dup_of = 0;
    sqlite3_reset(s->by_hash);
    sqlite3_bind_text(s->by_hash, 1, a->hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->by_hash);
    if (rc == SQLITE_ROW) {
        *dup_of = sqlite3_column_int64(s->by_hash, 0);
        sqlite3_reset(s->by_hash);
        return CW_OK;
    }
    sqlite3_reset(s->by_hash);
    if (rc != SQLITE_DONE) return cwi_store_fail(s, "looking up a hash");

    char *name = NULL;
    const char *use = a->name;
    for (int k = 2; name_taken(s, use); k++) {
        free(name);
        if (!(name = cwi_sprintf("%s#%d", a->name, k))) return CW_ERR_NOMEM;
        use = name;
    }
    unsigned char *blob = pack_spans(a->sentences, a->n_sentences);
    if (!blob) {
        free(name);
        return CW_ERR_NOMEM;
    }
    sqlite3_stmt *st = s->ins;
    sqlite3_reset(st);
    bind_text(st, 1, use);
    bind_text(st, 2, a->hash);
    bind_text(st, 3, a->url);
    bind_text(st, 4, a->title);
    bind_text(st, 5, a->outlet);
    bind_text(st, 6, a->credit);
    bind_text(st, 7, a->published);
    bind_text(st, 8, a->author);
    bind_text(st, 9, a->lang);
    sqlite3_bind_int64(st, 10, a->story);
    sqlite3_bind_text(st, 11, a->text, (int)a->text_len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 12, blob, (int)(a->n_sentences * 8), SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(blob);
    free(name);
    if (rc != SQLITE_DONE) return cwi_store_fail(s, "storing an article");
    int64_t rowid = sqlite3_last_insert_rowid(s->db);
    if (!s->fts_from) s->fts_from = rowid; /* indexed at commit: index_new */
    *id = rowid;
    return CW_OK;
}

void cwi_store_row_article(sqlite3_stmt *st, cwi_article *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->name = (const char *)sqlite3_column_text(st, 1);
    a->hash = (const char *)sqlite3_column_text(st, 2);
    a->url = (const char *)sqlite3_column_text(st, 3);
    a->title = (const char *)sqlite3_column_text(st, 4);
    a->outlet = (const char *)sqlite3_column_text(st, 5);
    a->credit = (const char *)sqlite3_column_text(st, 6);
    a->published = (const char *)sqlite3_column_text(st, 7);
    a->author = (const char *)sqlite3_column_text(st, 8);
    a->lang = (const char *)sqlite3_column_text(st, 9);
    a->story = sqlite3_column_int64(st, 10);
}

cwi_span *cwi_store_row_spans(sqlite3_stmt *st, int col, size_t *n)
{
    const unsigned char *b = sqlite3_column_blob(st, col);
    *n = (size_t)sqlite3_column_bytes(st, col) / 8;
    cwi_span *sp = malloc(*n * sizeof *sp + 1);
    if (!sp) {
        *n = 0;
        return NULL;
    }
    for (size_t i = 0; i < *n; i++) {
        const unsigned char *p = b + i * 8;
        sp[i].start = cwi_le32_get(p);
        sp[i].end = cwi_le32_get(p + 4);
    }
    return sp;
}

/* Steps through st calling fn; columns 11 and 12 are text and sentences when
 * with_text. */
static cw_status walk(cwi_store *s, sqlite3_stmt *st, bool with_text, cwi_article_fn fn, void *ud, bool *any)
{
    int rc;
    cw_status res = CW_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cwi_article a;
        cwi_store_row_article(st, &a);
        cwi_span *sp = NULL;
        if (with_text) {
            a.text = (const char *)sqlite3_column_text(st, 11);
            a.text_len = (size_t)sqlite3_column_bytes(st, 11);
            sp = cwi_store_row_spans(st, 12, &a.n_sentences);
            if (!sp) {
                res = CW_ERR_NOMEM;
                break;
            }
            a.sentences = sp;
        }
        if (any) *any = true;
        int stop = fn(ud, &a);
        free(sp);
        if (stop) break;
    }
    if (res == CW_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) res = cwi_store_fail(s, "reading articles");
    sqlite3_finalize(st);
    return res;
}

cw_status cwi_store_each_article(cwi_store *s, bool with_text, cwi_article_fn fn, void *ud)
{
    sqlite3_stmt *st;
    const char *sql = with_text ? "SELECT " CWI_ARTICLE_COLS ", text, sentences FROM articles ORDER BY id"
                                : "SELECT " CWI_ARTICLE_COLS " FROM articles ORDER BY id";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return cwi_store_fail(s, "listing articles");
    return walk(s, st, with_text, fn, ud, NULL);
}

cw_status cwi_store_article_by_name(cwi_store *s, const char *name, cwi_article_fn fn, void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT " CWI_ARTICLE_COLS ", text, sentences FROM articles WHERE name = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return cwi_store_fail(s, "finding an article");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    bool any = false;
    CWI_TRY(walk(s, st, true, fn, ud, &any));
    if (!any) {
        snprintf(s->err, sizeof s->err, "no article named \"%.400s\"", name);
        return CW_ERR_NOTFOUND;
    }
    return CW_OK;
}

/* Turns free text into an FTS5 query that matches all its words: each word
 * is quoted, so that no character of the user's is taken as FTS5 syntax. */
/* The query for FTS5: every word of q quoted; *kept counts the words the
 * index does not leave out. */
static char *fts_query(const char *q, size_t *kept)
{
    *kept = 0;
    cwi_buf b;
    cwi_buf_init(&b, 4096);
    const unsigned char *p = (const unsigned char *)q;
    while (*p) {
        while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z'))) p++;
        const unsigned char *w = p;
        while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z'))) p++;
        if (p > w) {
            char low[9];
            size_t n = (size_t)(p - w);
            for (size_t i = 0; i < n && i < 8; i++) low[i] = (char)(w[i] | (w[i] < 0x80 && w[i] >= 'A' ? 32 : 0));
            *kept += !cwi_fts_is_stop(low, n);
            if ((b.len && cwi_buf_addc(&b, ' ') != CW_OK) || cwi_buf_addc(&b, '"') != CW_OK ||
                cwi_buf_add(&b, w, (size_t)(p - w)) != CW_OK || cwi_buf_addc(&b, '"') != CW_OK) {
                cwi_buf_clean(&b);
                return NULL;
            }
        }
    }
    return cwi_buf_take(&b);
}

cw_status cwi_store_search(cwi_store *s, const char *query, unsigned limit, cwi_hit_fn fn, void *ud)
{
    size_t kept;
    char *q = fts_query(query, &kept);
    if (!q) return CW_ERR_NOMEM;
    if (!*q) {
        free(q);
        snprintf(s->err, sizeof s->err, "the query has no words to search for");
        return CW_ERR_USAGE;
    }
    if (!kept) {
        free(q);
        snprintf(s->err, sizeof s->err,
                 "the query has only words the index leaves out (the, of, and, to, ...): add a word that says what to find");
        return CW_ERR_USAGE;
    }
    sqlite3_stmt *st;
    const char *sql = "SELECT a.id, a.name, a.hash, a.url, a.title, a.outlet, a.credit, a.published, a.author,"
                      " a.lang, a.story, bm25(articles_fts, 4.0, 1.0) AS r,"
                      " cw_snippet(articles_fts, 1, 16)"
                      " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                      " WHERE articles_fts MATCH ? ORDER BY r LIMIT ?";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(q);
        return cwi_store_fail(s, "searching");
    }
    sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, (int)(limit ? limit : 20));
    free(q);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cwi_article a;
        cwi_store_row_article(st, &a);
        if (fn(ud, &a, sqlite3_column_double(st, 11), (const char *)sqlite3_column_text(st, 12))) break;
    }
    cw_status res = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? CW_OK : cwi_store_fail(s, "searching");
    sqlite3_finalize(st);
    return res;
}

cw_status cwi_store_count(cwi_store *s, int64_t *n)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(s, "counting");
    cw_status res = CW_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        res = cwi_store_fail(s, "counting");
    sqlite3_finalize(st);
    return res;
}

cw_status cwi_store_check(cwi_store *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(s, "checking integrity");
    cw_status res = CW_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (!r || strcmp(r, "ok") != 0) {
            snprintf(s->err, sizeof s->err, "integrity check: %s", r ? r : "no answer");
            res = CW_ERR_STORE;
        }
    } else {
        res = cwi_store_fail(s, "checking integrity");
    }
    sqlite3_finalize(st);
    if (res == CW_OK && cwi_store_exec(s, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)") != CW_OK) {
        char keep[sizeof s->err];
        memcpy(keep, s->err, sizeof keep);
        snprintf(s->err, sizeof s->err, "full-text index: %.480s", keep);
        res = CW_ERR_STORE;
    }
    return res;
}
