/* The engine side of relating and clustering (src/engine/stories.c); the
 * queries over its store are in src/engine/story_queries.c. */
#ifndef CW_ENGINE_STORIES_H
#define CW_ENGINE_STORIES_H

#include "store/store.h"
#include "store/store_stories.h"

typedef struct cwi_stories cwi_stories;
struct cw_engine;

/* Relates and clusters a newly stored article (id, inside the batch's
 * transaction) and stores what it found. pre (may be NULL) is the article's
 * analysis made where it was prepared (engine/analyse.h): its fingerprint is
 * taken (pre->fp is left zeroed) and its terms used instead of computing
 * them. The state is created and rebuilt from the store on first use. */
struct cwi_analysis;
cw_status cwi_stories_add(struct cw_engine *e, int64_t id, const cwi_article *a, struct cwi_analysis *pre);
void cwi_stories_free(cwi_stories *s); /* NULL is a no-op */
/* Drops the state in memory, so that the next cwi_stories_add builds it from
 * the store again: another writer has stored articles since it was built. */
void cwi_stories_reset(struct cw_engine *e);

/* A short item: what feeds carry (a headline alone, or a headline and a line
 * or two of description), not a full article: at most SHORT_SENTENCES
 * sentences and under SHORT_BYTES bytes of text. `show --json` marks it. */
#define CWI_SHORT_SENTENCES 4
#define CWI_SHORT_BYTES 1000
static inline bool cwi_article_short(size_t text_len, size_t n_sentences)
{
    return text_len < CWI_SHORT_BYTES && n_sentences <= CWI_SHORT_SENTENCES;
}

/* Creates e->stories when it is not there, with the story store open but
 * the state not built (the first cwi_stories_add builds it); the queries
 * need only the store. On failure e->stories stays NULL. */
cw_status cwi_stories_open(struct cw_engine *e);
/* The story store of s, borrowed for s's lifetime. */
cwi_sstore *cwi_stories_sstore(const cwi_stories *s);

/* Seconds spent in each stage since the state was built, for bench/bench_stories.c.
 * The stages' own work only: reading, extraction and most SQLite writes are
 * outside (duplicates and origin include writing the relations they find). */
typedef struct cwi_stage_times {
    double fingerprint; /* words, stems, fingerprint, term vector */
    double duplicates;  /* near-duplicate candidates and relating them */
    double cluster;     /* joining, starting or merging stories */
    double origin;      /* shared origin with story members, index update */
    uint64_t articles;
} cwi_stage_times;
void cwi_stories_times(const struct cw_engine *e, cwi_stage_times *out); /* zeros before first use */

#endif
