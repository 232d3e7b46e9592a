/* The SQL of the relate and cluster stages' tables (schemas 2 and 4). */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_stories.h"

enum { PUT_FP, NEW_STORY, SET_STORY, MERGE_ARTS, MERGE_STORY, PUT_REL, GET_FP, RESOLVE, MOVE_GROUP, N_STMT };

static const char *const sql[N_STMT] = {
    [PUT_FP] = "INSERT OR REPLACE INTO article_fp(article, fp, terms, time, grp) VALUES (?,?,?,?,?)",
    [NEW_STORY] = "INSERT OR IGNORE INTO stories(id, split_from) VALUES (?, ?)",
    [SET_STORY] = "UPDATE articles SET story = ? WHERE id = ?",
    [MERGE_ARTS] = "UPDATE articles SET story = ?2 WHERE story = ?1",
    [MERGE_STORY] = "UPDATE stories SET merged_into = ?2, merged_at = (SELECT coalesce(max(merged_at), 0) + 1 FROM "
                    "stories) WHERE id = ?1",
    [PUT_REL] = "INSERT OR REPLACE INTO relations(a, b, kind, score, evidence) VALUES (?,?,?,?,?)",
    [GET_FP] = "SELECT fp FROM article_fp WHERE article = ?",
    [RESOLVE] = "SELECT merged_into FROM stories WHERE id = ?",
    [MOVE_GROUP] = "UPDATE article_fp SET grp = ?2 WHERE grp = ?1",
};

struct cwi_sstore {
    cwi_store *s;
    sqlite3_stmt *st[N_STMT];
};

cw_status cwi_sstore_open(cwi_store *s, cwi_sstore **out)
{
    cwi_sstore *ss = calloc(1, sizeof *ss);
    if (!ss) return CW_ERR_NOMEM;
    ss->s = s;
    for (int i = 0; i < N_STMT; i++)
        if (sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &ss->st[i], NULL) != SQLITE_OK) {
            cw_status st = cwi_store_fail(s, "preparing the stories statements");
            cwi_sstore_close(ss);
            return st;
        }
    *out = ss;
    return CW_OK;
}

void cwi_sstore_close(cwi_sstore *ss)
{
    if (!ss) return;
    for (int i = 0; i < N_STMT; i++) sqlite3_finalize(ss->st[i]);
    free(ss);
}

/* Steps a write statement to its end and resets it. */
static cw_status done(cwi_sstore *ss, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    cw_status res = rc == SQLITE_DONE ? CW_OK : cwi_store_fail(ss->s, what);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return res;
}

static void bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    if (p && n)
        sqlite3_bind_blob64(st, i, p, n, SQLITE_STATIC);
    else
        sqlite3_bind_zeroblob(st, i, 0);
}

cw_status cwi_sstore_put_fp(cwi_sstore *ss, int64_t article, const void *fp, size_t fp_n, const void *terms,
                            size_t terms_n, int64_t time, int64_t group)
{
    sqlite3_stmt *st = ss->st[PUT_FP];
    sqlite3_bind_int64(st, 1, article);
    bind_blob(st, 2, fp, fp_n);
    bind_blob(st, 3, terms, terms_n);
    sqlite3_bind_int64(st, 4, time);
    sqlite3_bind_int64(st, 5, group);
    return done(ss, st, "storing a fingerprint");
}

cw_status cwi_sstore_new_story(cwi_sstore *ss, int64_t story, int64_t split_from)
{
    sqlite3_bind_int64(ss->st[NEW_STORY], 1, story);
    sqlite3_bind_int64(ss->st[NEW_STORY], 2, split_from);
    return done(ss, ss->st[NEW_STORY], "storing a story");
}

cw_status cwi_sstore_set_story(cwi_sstore *ss, int64_t article, int64_t story)
{
    sqlite3_bind_int64(ss->st[SET_STORY], 1, story);
    sqlite3_bind_int64(ss->st[SET_STORY], 2, article);
    return done(ss, ss->st[SET_STORY], "assigning a story");
}

cw_status cwi_sstore_merge(cwi_sstore *ss, int64_t from, int64_t into)
{
    sqlite3_bind_int64(ss->st[MERGE_ARTS], 1, from);
    sqlite3_bind_int64(ss->st[MERGE_ARTS], 2, into);
    CWI_TRY(done(ss, ss->st[MERGE_ARTS], "merging stories"));
    sqlite3_bind_int64(ss->st[MERGE_STORY], 1, from);
    sqlite3_bind_int64(ss->st[MERGE_STORY], 2, into);
    return done(ss, ss->st[MERGE_STORY], "merging stories");
}

cw_status cwi_sstore_move_group(cwi_sstore *ss, int64_t from, int64_t into)
{
    sqlite3_bind_int64(ss->st[MOVE_GROUP], 1, from);
    sqlite3_bind_int64(ss->st[MOVE_GROUP], 2, into);
    return done(ss, ss->st[MOVE_GROUP], "merging groups");
}

cw_status cwi_sstore_put_relation(cwi_sstore *ss, int64_t a, int64_t b, int kind, double score, const void *ev,
                                  size_t ev_n)
{
    sqlite3_stmt *st = ss->st[PUT_REL];
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    sqlite3_bind_int(st, 3, kind);
    sqlite3_bind_double(st, 4, score);
    bind_blob(st, 5, ev, ev_n);
    return done(ss, st, "storing a relation");
}

static cw_status fp_rows(cwi_sstore *ss, sqlite3_stmt *st, cwi_fp_row_fn fn, void *ud, bool *any)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (any) *any = true;
        if (fn(ud, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
               (size_t)sqlite3_column_bytes(st, 2), sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
               sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)))
            break;
    }
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(ss->s, "reading fingerprints");
}

cw_status cwi_sstore_each_fp(cwi_sstore *ss, cwi_fp_row_fn fn, void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ss->s->db,
                           "SELECT f.article, a.story, f.fp, f.terms, f.time, f.grp FROM article_fp f JOIN articles a "
                           "ON a.id = f.article ORDER BY f.article",
                           -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "reading fingerprints");
    cw_status res = fp_rows(ss, st, fn, ud, NULL);
    sqlite3_finalize(st);
    return res;
}

cw_status cwi_sstore_get_fp(cwi_sstore *ss, int64_t article, void (*fn)(void *ud, const void *fp, size_t fp_n),
                            void *ud)
{
    sqlite3_stmt *st = ss->st[GET_FP];
    sqlite3_bind_int64(st, 1, article);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) fn(ud, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    cw_status res = rc == SQLITE_ROW    ? CW_OK
                    : rc == SQLITE_DONE ? CW_ERR_NOTFOUND
                                        : cwi_store_fail(ss->s, "reading a fingerprint");
    sqlite3_reset(st);
    return res;
}

cw_status cwi_sstore_each_merge(cwi_sstore *ss, int (*fn)(void *ud, int64_t from, int64_t into), void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ss->s->db, "SELECT id, merged_into FROM stories WHERE merged_into != 0 ORDER BY merged_at",
                           -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "reading merges");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ud, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))) break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(ss->s, "reading merges");
}

cw_status cwi_sstore_count_fp(cwi_sstore *ss, int64_t *n)
{
    sqlite3_stmt *st;
    /* count(*) reads the smallest index (grp), not the fingerprint rows */
    if (sqlite3_prepare_v2(ss->s->db, "SELECT count(*) FROM article_fp", -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "counting fingerprints");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CW_OK : cwi_store_fail(ss->s, "counting fingerprints");
}

cw_status cwi_sstore_max_story(cwi_sstore *ss, int64_t *max)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ss->s->db,
                           "SELECT max(coalesce((SELECT max(id) FROM stories), 0), coalesce((SELECT max(grp) FROM "
                           "article_fp), 0))",
                           -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "reading stories");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *max = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CW_OK : cwi_store_fail(ss->s, "reading stories");
}

cw_status cwi_sstore_resolve(cwi_sstore *ss, int64_t story, int64_t *live)
{
    sqlite3_stmt *st = ss->st[RESOLVE];
    int64_t id = story;
    /* Merges form chains; they cannot loop (into is always live when
     * written), but the walk is bounded anyway. */
    for (int hops = 0; hops < 10000; hops++) {
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        int64_t into = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return cwi_store_fail(ss->s, "resolving a story");
        if (into < 0) {
            snprintf(ss->s->err, sizeof ss->s->err, "no story %lld", (long long)story);
            return CW_ERR_NOTFOUND;
        }
        if (into == 0) {
            *live = id;
            return CW_OK;
        }
        id = into;
    }
    return CW_ERR_LIMIT;
}

cw_status cwi_sstore_story_articles(cwi_sstore *ss, int64_t story, cwi_article_fn fn, void *ud)
{
    sqlite3_stmt *st;
    const char *q = story ? "SELECT " CWI_ARTICLE_COLS " FROM articles WHERE story = ? ORDER BY id"
                          : "SELECT " CWI_ARTICLE_COLS " FROM articles WHERE story != 0 ORDER BY story, id";
    if (sqlite3_prepare_v2(ss->s->db, q, -1, &st, NULL) != SQLITE_OK) return cwi_store_fail(ss->s, "listing stories");
    if (story) sqlite3_bind_int64(st, 1, story);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cwi_article a;
        cwi_store_row_article(st, &a);
        if (fn(ud, &a)) break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(ss->s, "listing stories");
}

cw_status cwi_sstore_relations(cwi_sstore *ss, int64_t article, int64_t story, cwi_rel_row_fn fn, void *ud)
{
    sqlite3_stmt *st;
    const char *q = article ? "SELECT a, b, kind, score, evidence FROM relations WHERE a = ?1 OR b = ?1 ORDER BY "
                              "kind DESC, score DESC"
                            : "SELECT r.a, r.b, r.kind, r.score, r.evidence FROM relations r JOIN articles x ON "
                              "x.id = r.a JOIN articles y ON y.id = r.b WHERE x.story = ?1 AND y.story = ?1";
    if (sqlite3_prepare_v2(ss->s->db, q, -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "reading relations");
    sqlite3_bind_int64(st, 1, article ? article : story);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ud, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
               sqlite3_column_double(st, 3), sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4)))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(ss->s, "reading relations");
}

cw_status cwi_sstore_article(cwi_sstore *ss, int64_t id, cwi_article_fn fn, void *ud)
{
    sqlite3_stmt *st;
    const char *q = "SELECT " CWI_ARTICLE_COLS ", text, sentences FROM articles WHERE id = ?";
    if (sqlite3_prepare_v2(ss->s->db, q, -1, &st, NULL) != SQLITE_OK)
        return cwi_store_fail(ss->s, "finding an article");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    cw_status res = CW_OK;
    if (rc == SQLITE_ROW) {
        cwi_article a;
        cwi_store_row_article(st, &a);
        a.text = (const char *)sqlite3_column_text(st, 11);
        a.text_len = (size_t)sqlite3_column_bytes(st, 11);
        cwi_span *sp = cwi_store_row_spans(st, 12, &a.n_sentences);
        if (!sp) {
            res = CW_ERR_NOMEM;
        } else {
            a.sentences = sp;
            fn(ud, &a);
            free(sp);
        }
    } else if (rc == SQLITE_DONE) {
        snprintf(ss->s->err, sizeof ss->s->err, "no article with id %lld", (long long)id);
        res = CW_ERR_NOTFOUND;
    } else {
        res = cwi_store_fail(ss->s, "finding an article");
    }
    sqlite3_finalize(st);
    return res;
}
