/*
 * store_stories: the tables of the relate and cluster stages (schemas 2 and 4):
 * stories (ids and merges), article_fp (each article's fingerprint and term
 * vector, enough to rebuild the in-memory indexes), relations (duplicates
 * and shared-origin links with their evidence), and articles.story.
 * article_fp.grp is the article's topic group, stories.split_from the story
 * a story was split out of.
 * A cwi_sstore holds the prepared statements; it borrows the store, which
 * must outlive it. Library-internal.
 */
#ifndef CW_STORE_STORE_STORIES_H
#define CW_STORE_STORE_STORIES_H

#include "store/store.h"

typedef struct cwi_sstore cwi_sstore;

/* NULL *out on failure with the message in the store's error. */
cw_status cwi_sstore_open(cwi_store *s, cwi_sstore **out);
void cwi_sstore_close(cwi_sstore *ss); /* NULL is a no-op */

/* Writes (inside the store's open transaction). */
cw_status cwi_sstore_put_fp(cwi_sstore *ss, int64_t article, const void *fp, size_t fp_n, const void *terms,
                            size_t terms_n, int64_t time, int64_t group);
/* split_from: the story it was split out of, 0 for a new one. */
cw_status cwi_sstore_new_story(cwi_sstore *ss, int64_t story, int64_t split_from);
/* Group `from` merged into `into`: its articles' group changes. */
cw_status cwi_sstore_move_group(cwi_sstore *ss, int64_t from, int64_t into);
cw_status cwi_sstore_set_story(cwi_sstore *ss, int64_t article, int64_t story);
/* Story from merges into `into`: its articles move, its id is kept as an alias. */
cw_status cwi_sstore_merge(cwi_sstore *ss, int64_t from, int64_t into);
/* A relation between a newer article a and an older b. */
cw_status cwi_sstore_put_relation(cwi_sstore *ss, int64_t a, int64_t b, int kind, double score,
                                  const void *evidence, size_t ev_n);

/* Reads. The blobs handed to callbacks are borrowed for the call only; a
 * non-zero return stops the walk. */
typedef int (*cwi_fp_row_fn)(void *ud, int64_t article, int64_t story, const void *fp, size_t fp_n,
                             const void *terms, size_t terms_n, int64_t time, int64_t group);
cw_status cwi_sstore_each_fp(cwi_sstore *ss, cwi_fp_row_fn fn, void *ud);  /* in article id order */
/* One article's fingerprint alone: fn(ud, fp, fp_n); NOTFOUND when absent. */
cw_status cwi_sstore_get_fp(cwi_sstore *ss, int64_t article, void (*fn)(void *ud, const void *fp, size_t fp_n),
                            void *ud);
/* Merges, oldest first: fn(ud, from, into). */
cw_status cwi_sstore_each_merge(cwi_sstore *ss, int (*fn)(void *ud, int64_t from, int64_t into), void *ud);
cw_status cwi_sstore_count_fp(cwi_sstore *ss, int64_t *n); /* fingerprint rows */
/* The largest id of a story or a group (they share one counter). */
cw_status cwi_sstore_max_story(cwi_sstore *ss, int64_t *max);
/* The live id of a story id (follows merges); CW_ERR_NOTFOUND when unknown. */
cw_status cwi_sstore_resolve(cwi_sstore *ss, int64_t story, int64_t *live);

/* Articles of one story (story > 0) or of every story (0), ordered by story
 * then id, without text. */
cw_status cwi_sstore_story_articles(cwi_sstore *ss, int64_t story, cwi_article_fn fn, void *ud);

/* Relations touching an article (other = the other article), or, with
 * story > 0 and article 0, every relation between two articles of the story. */
typedef int (*cwi_rel_row_fn)(void *ud, int64_t a, int64_t b, int kind, double score, const void *ev, size_t ev_n);
cw_status cwi_sstore_relations(cwi_sstore *ss, int64_t article, int64_t story, cwi_rel_row_fn fn, void *ud);

/* One article by id, with text (as cwi_store_article_by_name). */
cw_status cwi_sstore_article(cwi_sstore *ss, int64_t id, cwi_article_fn fn, void *ud);

#endif
