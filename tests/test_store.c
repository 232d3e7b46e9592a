/* store: schema, de-duplication, names, spans, search, integrity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

static char db_path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(db_path, sizeof db_path, "/tmp/cw_store_test_%d.db", (int)getpid());
    unlink(db_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[80];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
    return 0;
}

static cwi_article make(const char *name, const char *hash, const char *title, const char *text, const cwi_span *sp,
                        size_t nsp)
{
    cwi_article a = {0};
    a.name = name;
    a.hash = hash;
    a.title = title;
    a.text = text;
    a.text_len = strlen(text);
    a.sentences = sp;
    a.n_sentences = nsp;
    a.outlet = "The Harbour Gazette";
    return a;
}

typedef struct got {
    int n;
    char name[8][64];
    size_t nsent;
    cwi_span sent[4];
    char text[256];
} got;

static int collect(void *ud, const cwi_article *a)
{
    got *g = ud;
    if (g->n < 8) snprintf(g->name[g->n], 64, "%s", a->name);
    g->n++;
    if (a->text) {
        snprintf(g->text, sizeof g->text, "%s", a->text);
        g->nsent = a->n_sentences;
        for (size_t i = 0; i < a->n_sentences && i < 4; i++) g->sent[i] = a->sentences[i];
    }
    return 0;
}

static void stores_and_deduplicates(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    char *err = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, &err), CW_OK);
    const char *t1 = "Floodwater rose overnight. The river crested at dawn.";
    cwi_span sp1[] = {{0, 26}, {27, 53}};
    cwi_article a = make("flood.txt", "00000000000000000000000000000001", "River crests", t1, sp1, 2);
    int64_t id = 0, dup = 0;
    assert_int_equal(cwi_store_begin(s), CW_OK);
    assert_int_equal(cwi_store_add_article(s, &a, &id, &dup), CW_OK);
    assert_true(id > 0);
    assert_int_equal(dup, 0);
    /* The same content under another name is a duplicate. */
    cwi_article b = a;
    b.name = "copy.txt";
    int64_t id2 = 0;
    assert_int_equal(cwi_store_add_article(s, &b, &id2, &dup), CW_OK);
    assert_int_equal(dup, id);
    /* Other content under a taken name keeps both. */
    cwi_article c = make("flood.txt", "00000000000000000000000000000002", "Second", "Another text entirely.", NULL, 0);
    assert_int_equal(cwi_store_add_article(s, &c, &id2, &dup), CW_OK);
    assert_int_equal(dup, 0);
    assert_int_equal(cwi_store_commit(s), CW_OK);

    got g = {0};
    assert_int_equal(cwi_store_each_article(s, false, collect, &g), CW_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.name[0], "flood.txt");
    assert_string_equal(g.name[1], "flood.txt#2");

    memset(&g, 0, sizeof g);
    assert_int_equal(cwi_store_article_by_name(s, "flood.txt", collect, &g), CW_OK);
    assert_string_equal(g.text, t1);
    assert_int_equal(g.nsent, 2);
    assert_int_equal(g.sent[1].start, 27);
    assert_int_equal(g.sent[1].end, 53);
    assert_int_equal(cwi_store_article_by_name(s, "absent", collect, &g), CW_ERR_NOTFOUND);
    assert_non_null(strstr(cwi_store_error(s), "absent"));
    assert_int_equal(cwi_store_check(s), CW_OK);
    cwi_store_close(s);

    /* Reopening finds everything and migrates nothing. */
    assert_int_equal(cwi_store_open(db_path, &s, &err), CW_OK);
    int64_t n = 0;
    assert_int_equal(cwi_store_count(s, &n), CW_OK);
    assert_int_equal(n, 2);
    cwi_store_close(s);
}

static void rollback_leaves_nothing(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    cwi_article a = make("gone.txt", "00000000000000000000000000000003", "Gone", "Never committed.", NULL, 0);
    int64_t id, dup;
    assert_int_equal(cwi_store_begin(s), CW_OK);
    assert_int_equal(cwi_store_add_article(s, &a, &id, &dup), CW_OK);
    cwi_store_rollback(s);
    int64_t n = -1;
    assert_int_equal(cwi_store_count(s, &n), CW_OK);
    assert_int_equal(n, 0);
    got g = {0};
    assert_int_equal(cwi_store_article_by_name(s, "gone.txt", collect, &g), CW_ERR_NOTFOUND);
    cwi_store_close(s);
}

static int hit(void *ud, const cwi_article *a, double rank, const char *snippet)
{
    got *g = ud;
    (void)rank;
    if (g->n < 8) snprintf(g->name[g->n], 64, "%s", a->name);
    g->n++;
    assert_non_null(snippet);
    return 0;
}

/* Stores docs[0..n) (name, headline, text) in one transaction, with
 * hashes numbered from base. */
static void add_docs(cwi_store *s, const char *const docs[][3], int n, int base)
{
    assert_int_equal(cwi_store_begin(s), CW_OK);
    for (int i = 0; i < n; i++) {
        char h[33];
        snprintf(h, sizeof h, "%032d", base + i);
        cwi_article a = make(docs[i][0], h, docs[i][1], docs[i][2], NULL, 0);
        int64_t id, dup;
        assert_int_equal(cwi_store_add_article(s, &a, &id, &dup), CW_OK);
    }
    assert_int_equal(cwi_store_commit(s), CW_OK);
}

static void search_ranks_and_ignores_syntax(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    const char *docs[][3] = {
        {"a", "Ceasefire holds in the valley", "Talks on a ceasefire continued as negotiators met again."},
        {"b", "Market report", "Grain prices rose; traders mentioned the ceasefire only once."},
        {"c", "Zürich festival", "The festival in Zurich drew crowds of visitors."},
    };
    add_docs(s, docs, 3, 10);
    got g = {0};
    assert_int_equal(cwi_store_search(s, "ceasefire", 0, hit, &g), CW_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.name[0], "a"); /* in the headline and twice in the text */
    memset(&g, 0, sizeof g);
    assert_int_equal(cwi_store_search(s, "negotiator\"*(", 0, hit, &g), CW_OK); /* stems, no syntax */
    assert_int_equal(g.n, 1);
    memset(&g, 0, sizeof g);
    assert_int_equal(cwi_store_search(s, "zurich", 0, hit, &g), CW_OK); /* diacritics folded */
    assert_int_equal(g.n, 1);
    assert_int_equal(cwi_store_search(s, "\"*()", 0, hit, &g), CW_ERR_USAGE);
    cwi_store_close(s);
}

/* The index leaves out function words: a query of them alone finds
 * nothing, and in a longer query they change nothing. */
static int count_hits(cwi_store *s, const char *q)
{
    got g = {0};
    assert_int_equal(cwi_store_search(s, q, 0, hit, &g), CW_OK);
    return g.n;
}

static void add_three(cwi_store *s)
{
    const char *docs[][3] = {
        {"a", "Bridge of the north reopens", "The bridge over the river reopened to traffic on Monday."},
        {"b", "Harbour works", "Work on the harbour wall is to end in the spring."},
        {"c", "Who counts the votes", "Volunteers from the WHO office counted the votes of the town."},
    };
    add_docs(s, docs, 3, 20);
}

static void search_leaves_out_function_words(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    add_three(s);
    got g = {0};
    assert_int_equal(cwi_store_search(s, "The", 0, hit, &g), CW_ERR_USAGE); /* says why, not "no match" */
    assert_int_equal(cwi_store_search(s, "of the", 0, hit, &g), CW_ERR_USAGE);
    assert_int_equal(count_hits(s, "harbour"), 1);
    assert_int_equal(count_hits(s, "the harbour"), 1);
    assert_int_equal(count_hits(s, "bridge of the river"), 1);
    assert_int_equal(count_hits(s, "who"), 1); /* kept: also an acronym */
    assert_int_equal(cwi_store_check(s), CW_OK);
    cwi_store_close(s);
}

/* Articles whose index entry holds term (as stored: folded and stemmed). */
static int indexed(sqlite3 *db, const char *term)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, articles_fts, row)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(sum(doc), 0) FROM temp.vocab WHERE term = ?", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A store of schema 5 (every word indexed) is indexed again on opening. */
static void old_full_text_index_is_rebuilt(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    add_three(s);
    cwi_store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(cwi_fts_register_db(db), SQLITE_OK); /* to drop the new index */
    const char *old = "DROP TABLE articles_fts;"
                      "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
                      " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');"
                      "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');"
                      "PRAGMA user_version=5;";
    assert_int_equal(sqlite3_exec(db, old, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(indexed(db, "the"), 3); /* the old index has every word */
    sqlite3_close(db);
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    assert_int_equal(count_hits(s, "the bridge"), 1);
    assert_int_equal(count_hits(s, "bridge of the river"), 1);
    assert_int_equal(count_hits(s, "votes"), 1);
    assert_int_equal(cwi_store_check(s), CW_OK);
    cwi_store_close(s);
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(cwi_fts_register_db(db), SQLITE_OK);
    assert_int_equal(indexed(db, "the"), 0);
    assert_int_equal(indexed(db, "vote"), 1); /* stemmed */
    sqlite3_close(db);
}

static void newer_schema_is_refused(void **state)
{
    (void)state;
    cwi_store *s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, NULL), CW_OK);
    cwi_store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *err = NULL;
    s = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, &err), CW_ERR_STORE);
    assert_null(s);
    assert_non_null(strstr(err, "newer"));
    free(err);
}

static void not_a_store_is_refused(void **state)
{
    (void)state;
    FILE *f = fopen(db_path, "w");
    assert_non_null(f);
    fputs("this is not a database file, just some words that fill the header and more", f);
    fclose(f);
    cwi_store *s = NULL;
    char *err = NULL;
    assert_int_equal(cwi_store_open(db_path, &s, &err), CW_ERR_STORE);
    assert_non_null(err);
    assert_non_null(strstr(err, db_path));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stores_and_deduplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(search_ranks_and_ignores_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(search_leaves_out_function_words, setup, teardown),
        cmocka_unit_test_setup_teardown(old_full_text_index_is_rebuilt, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_store_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
