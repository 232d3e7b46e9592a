/*
 * The engine side of relating and clustering: the in-memory state (the
 * near-duplicate index, the clusterer, fingerprints of recent articles),
 * rebuilt from the store on first use; the split of a topic group into
 * events; and the hook called for each new article. The article's terms
 * come from story_terms.c, their stored form from cluster/cterm_pack.c, the
 * evidence's from dedup/evidence.c; the queries are in story_queries.c.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "cluster/split.h"
#include "core/civil.h"
#include "dedup/dedup.h"
#include "engine/analyse.h"
#include "engine/engine.h"
#include "engine/stories.h"
#include "engine/story_terms.h"
#include "store/store_stories.h"
#include "text/text.h"

#define FP_WINDOW 50000     /* fingerprints kept in memory (a duplicate index generation); older ones are read back */
#define VEC_WINDOW 20000    /* split vectors kept in memory: what a split and a group's chain order see */
#define MAX_DUP_CAND 64     /* near-duplicate candidates verified per article */
#define DUP_GENERATION 50000 /* articles per generation of the duplicate index; two are kept */
#define MAX_STORY_CAND 48   /* story members checked for a shared origin per article */
#define SPLIT_MAX 100       /* newest members of a group considered when it is split */
#define SPLIT_TERMS 100     /* terms of an article's split vector */

/* Short items (a headline, or a headline and a line or two: what feeds
 * carry) take their story from the articles most like them rather than from
 * a topic group's split, which needs parts of 3+ long articles to tell
 * events apart. Their terms are few, so a topic group's generic words would
 * run unrelated items together. Chosen on neus_stream.py train (see
 * docs/stories.md). */
#define NN_TERMS 24         /* an article is filed under its this many heaviest terms */
#define NN_PROBE 16         /* heaviest terms of a short item probed */
#define NN_SCAN 48          /* newest postings read per probed term */
#define NN_CAND 64          /* candidates compared in full */
#define NN_GENERATION 20000 /* articles per generation of the term index; two are kept */
#define SHORT_TERMS 120      /* distinct cluster terms of a short item at most */
#define SHORT_SENTENCES 5   /* and sentences at most */
#define SHORT_JOIN 0.25     /* least mean similarity to a story's members to join it (CROSSWIRE_STORY_SHORT) */

/* One article in memory. Its group is the clusterer's (a topic); its story
 * is an event split out of the group. */
typedef struct slot {
    int64_t article;
    int64_t group;   /* as assigned then; resolve through the clusterer */
    int64_t story;   /* current: splits move it */
    uint32_t next;   /* previous member of the same group, UINT32_MAX at the end */
    uint32_t nv;
    bool shortx;     /* a short item: its story is its nearest articles' */
    int32_t day;     /* published, days since 1970; INT32_MIN unknown */
    cwi_fp *fp;      /* NULL once out of the window */
    cwi_cterm *vec;  /* split vector: nv raw, then nv unit TF-IDF; NULL once out of the window */
} slot;

/* A group's members and when it was last split. The members form a chain
 * from the newest; those still in memory (the newest VEC_WINDOW slots) come
 * first, newest first, the older ones after them in any order, so a walk
 * over the members in memory stops at the first slot out of the window. */
typedef struct gstate {
    uint32_t head; /* newest member slot, UINT32_MAX when none */
    uint32_t tail; /* last slot of the chain */
    uint32_t n, n_split;
    uint32_t n_long; /* members that are not short items */
} gstate;

/* The term index of recent articles, for short items: term -> newest
 * posting, postings linked newest first. */
typedef struct tpost {
    uint32_t slot, next;
} tpost;
typedef struct tgen {
    cwi_map *head; /* term (4 bytes) -> posting index + 1 */
    CWI_VEC(tpost) posts;
    size_t n;      /* articles filed */
} tgen;

typedef struct pick {
    int64_t story;
    double sum;
    uint32_t n;
} pick;

struct cwi_stories {
    cwi_sstore *ss;
    cwi_dedup_index *dx, *dx_old; /* the duplicate index: the current generation and the one before */
    size_t dx_n;                   /* articles in the current generation */
    cwi_clusterer *cl;
    CWI_VEC(slot) slots;
    CWI_VEC(gstate) groups;
    cwi_map *gidx;   /* group id (8 bytes) -> index in groups + 1 */
    cwi_map *scount; /* story id (8 bytes) -> articles in memory */
    int64_t next_story;
    cwi_split_params split;
    int64_t last_article;
    cwi_analyser an; /* words, fingerprint and terms (engine/analyse.c) */
    cwi_stage_times times;
    tgen tg[2]; /* the term index: current generation, the one before */
    double short_join;
    unsigned short_terms;
    /* scratch */
    cwi_cterms terms, sterms; /* an article's terms; a short item's without names */
    cwi_slots cand;
    cwi_relation rel;
    cwi_buf blob, blob2;
    CWI_VEC(uint32_t) win;
    CWI_VEC(pick) pick;
    cwi_cterms rank;
};

static void tgen_clean(tgen *g)
{
    cwi_map_free(g->head);
    CWI_VEC_FREE(g->posts);
    memset(g, 0, sizeof *g);
}

static void drop_state(cwi_stories *s)
{
    tgen_clean(&s->tg[0]);
    tgen_clean(&s->tg[1]);
    cwi_dedup_free(s->dx);
    cwi_dedup_free(s->dx_old);
    s->dx_old = NULL;
    s->dx_n = 0;
    cwi_cluster_free(s->cl);
    s->dx = NULL;
    s->cl = NULL;
    for (size_t i = 0; i < s->slots.n; i++) {
        cwi_fp_clean(s->slots.v[i].fp);
        free(s->slots.v[i].fp);
        free(s->slots.v[i].vec);
    }
    CWI_VEC_FREE(s->slots);
    CWI_VEC_FREE(s->groups);
    cwi_map_free(s->gidx);
    cwi_map_free(s->scount);
    s->gidx = s->scount = NULL;
    s->last_article = 0;
}

void cwi_stories_reset(struct cw_engine *e)
{
    if (e && e->stories) drop_state(e->stories);
}

void cwi_stories_free(cwi_stories *s)
{
    if (!s) return;
    drop_state(s);
    cwi_sstore_close(s->ss);
    cwi_analyser_clean(&s->an);
    CWI_VEC_FREE(s->terms);
    CWI_VEC_FREE(s->sterms);
    CWI_VEC_FREE(s->cand);
    cwi_relation_clean(&s->rel);
    cwi_buf_clean(&s->blob);
    cwi_buf_clean(&s->blob2);
    CWI_VEC_FREE(s->win);
    CWI_VEC_FREE(s->pick);
    CWI_VEC_FREE(s->rank);
    free(s);
}

/* "2025-12-02..." -> Unix seconds of that day; 0 when not a date. */
static int64_t day_of(const char *p)
{
    if (!p) return 0;
    int y, m, d;
    if (sscanf(p, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900) return 0;
    return (int64_t)cwi_days_from_civil(y, m, d) * 86400;
}

/* Unix seconds of a day (0: unknown) -> days since 1970, INT32_MIN unknown. */
static int32_t day_num(int64_t time)
{
    if (!time || time / 86400 <= INT32_MIN || time / 86400 > INT32_MAX) return INT32_MIN;
    return (int32_t)(time / 86400);
}

/* ---- slots, groups and stories ---- */

/* The first slot whose split vector is in memory (its fingerprint too). */
static uint32_t window_low(const cwi_stories *s)
{
    return s->slots.n > VEC_WINDOW ? (uint32_t)(s->slots.n - VEC_WINDOW) : 0;
}

static gstate *gstate_of(cwi_stories *s, int64_t group)
{
    intptr_t v = 0;
    if (!cwi_map_get(s->gidx, (const char *)&group, sizeof group, &v) || !v) return NULL;
    return &s->groups.v[v - 1];
}

static cw_status count_story(cwi_stories *s, int64_t story, intptr_t delta)
{
    bool fresh;
    intptr_t *n = cwi_map_slot(s->scount, (const char *)&story, sizeof story, &fresh);
    if (!n) return CW_ERR_NOMEM;
    *n += delta;
    return CW_OK;
}

static intptr_t story_size(const cwi_stories *s, int64_t story)
{
    intptr_t n = 0;
    cwi_map_get(s->scount, (const char *)&story, sizeof story, &n);
    return n;
}

/* The split vector of terms t (n of them): raw weights merged by id, the SPLIT_TERMS
 * heaviest by TF-IDF, sorted by id, followed by the same terms as a unit
 * TF-IDF vector (for choosing a story between splits). Caller frees. */
static cw_status split_vec(cwi_stories *s, const cwi_cterms *terms, cwi_cterm **out, uint32_t *nv)
{
    *out = NULL;
    *nv = 0;
    size_t n = terms->n;
    if (!n) return CW_OK;
    cwi_cterm *t = malloc(n * sizeof *t);
    if (!t) return CW_ERR_NOMEM;
    memcpy(t, terms->v, n * sizeof *t);
    size_t u = n;
    cw_status st = cwi_cterm_sum_ids(t, &u);
    if (st != CW_OK) {
        free(t);
        return st;
    }
    /* Rank by TF-IDF, remembering the raw weight. */
    cwi_cterm *r = malloc(u * 2 * sizeof *r);
    if (!r) {
        free(t);
        return CW_ERR_NOMEM;
    }
    for (size_t i = 0; i < u; i++) {
        r[i] = (cwi_cterm){(uint32_t)i, (float)cwi_cluster_tfidf(s->cl, t[i].id, t[i].w)};
    }
    if ((st = cwi_cterm_top(r, u, SPLIT_TERMS)) != CW_OK) {
        free(t);
        free(r);
        return st;
    }
    size_t m = 0;
    while (m < u && m < SPLIT_TERMS && r[m].w > 0) m++;
    cwi_cterm *v = malloc((m ? m : 1) * 2 * sizeof *v);
    if (!v) {
        free(t);
        free(r);
        return CW_ERR_NOMEM;
    }
    for (size_t i = 0; i < m; i++) v[i] = t[r[i].id], v[m + i] = (cwi_cterm){t[r[i].id].id, r[i].w};
    free(t);
    free(r);
    /* ids are distinct here: any sort by id gives the same order */
    if ((st = cwi_cterm_sort_id(v, m)) != CW_OK || (st = cwi_cterm_sort_id(v + m, m)) != CW_OK) {
        free(v);
        return st;
    }
    cwi_cluster_unit(v + m, m);
    *out = v;
    *nv = (uint32_t)m;
    return CW_OK;
}

/* A short item: few distinct cluster terms (s->terms, summed by id) and
 * few sentences. The store does not keep which path an article took: one
 * read back is split with its group like a long one (as before short
 * items had a path of their own). */
static bool is_short(const cwi_stories *s, size_t n_sentences)
{
    return s->terms.n <= s->short_terms && n_sentences <= SHORT_SENTENCES;
}

/* Appends an article to its group's members (vec is taken, even on failure). */
static cw_status add_slot(cwi_stories *s, int64_t article, int64_t group, int64_t story, cwi_fp *fp,
                          cwi_cterm *vec, uint32_t nv, bool shortx, int64_t time, uint32_t *out)
{
    if (s->slots.n >= UINT32_MAX - 1) {
        free(vec);
        return CW_ERR_LIMIT;
    }
    uint32_t at = (uint32_t)s->slots.n;
    bool fresh;
    intptr_t *gi = cwi_map_slot(s->gidx, (const char *)&group, sizeof group, &fresh);
    if (!gi || (!*gi && CWI_VEC_PUSH(s->groups, ((gstate){UINT32_MAX, UINT32_MAX, 0, 0, 0})) != CW_OK)) {
        free(vec);
        return CW_ERR_NOMEM;
    }
    if (!*gi) *gi = (intptr_t)s->groups.n;
    gstate *g = &s->groups.v[*gi - 1];
    slot sl = {article, group, story, g->head, nv, shortx, day_num(time), fp, vec};
    if (CWI_VEC_PUSH(s->slots, sl) != CW_OK) {
        free(vec);
        return CW_ERR_NOMEM;
    }
    if (g->head == UINT32_MAX) g->tail = at;
    g->head = at;
    g->n++;
    g->n_long += !shortx;
    CWI_TRY(count_story(s, story, 1));
    /* The windows slide: the oldest split vector goes, and the oldest
     * fingerprint (kept longer: relating reads an older article's
     * fingerprint, and one read back from the store cost a B-tree seek, a
     * page and two allocations, about 12 times an article at 1,000,000). */
    if (at >= VEC_WINDOW) {
        slot *old = &s->slots.v[at - VEC_WINDOW];
        free(old->vec);
        old->vec = NULL;
        old->nv = 0;
    }
    if (at >= FP_WINDOW) {
        slot *old = &s->slots.v[at - FP_WINDOW];
        cwi_fp_clean(old->fp);
        free(old->fp);
        old->fp = NULL;
    }
    *out = at;
    return CW_OK;
}

/* ---- the term index of recent articles, and the story of a short item ---- */

/* Files slot `at` under the NN_TERMS heaviest terms of its split vector.
 * Two generations of NN_GENERATION articles are kept (the split vectors it
 * points at live as long), so its memory stays bounded. */
static cw_status nn_file(cwi_stories *s, uint32_t at)
{
    const slot *o = &s->slots.v[at];
    if (!o->vec || !o->nv) return CW_OK;
    if (s->tg[0].n >= NN_GENERATION) {
        tgen_clean(&s->tg[1]);
        s->tg[1] = s->tg[0];
        memset(&s->tg[0], 0, sizeof s->tg[0]);
    }
    tgen *g = &s->tg[0];
    if (!g->head && !(g->head = cwi_map_new(4096))) return CW_ERR_NOMEM;
    g->n++;
    cwi_cterm top[SPLIT_TERMS];
    uint32_t n = o->nv < SPLIT_TERMS ? o->nv : SPLIT_TERMS;
    memcpy(top, o->vec + o->nv, n * sizeof *top);
    CWI_TRY(cwi_cterm_top(top, n, NN_TERMS));
    for (uint32_t k = 0; k < n && k < NN_TERMS; k++) {
        bool fresh;
        intptr_t *h = cwi_map_slot(g->head, (const char *)&top[k].id, sizeof top[k].id, &fresh);
        if (!h) return CW_ERR_NOMEM;
        tpost p = {at, *h ? (uint32_t)(*h - 1) : UINT32_MAX};
        CWI_TRY(CWI_VEC_PUSH(g->posts, p));
        *h = (intptr_t)g->posts.n;
    }
    return CW_OK;
}

typedef struct nn_hit {
    int64_t story;
    double sim;
} nn_hit;

static int by_story_sim(const void *a, const void *b)
{
    const nn_hit *x = a, *y = b;
    if (x->story != y->story) return x->story < y->story ? -1 : 1;
    return x->sim > y->sim ? -1 : x->sim < y->sim;
}

#define NN_LINK 3 /* a story's score: the mean similarity of its NN_LINK members nearest the item (all when fewer) */

/* The story of a short item with split vector v (nv raw terms, then nv
 * unit TF-IDF): among the recent articles sharing a heavy term with it, the
 * story whose nearest members are most similar to it on average, when that
 * mean reaches SHORT_JOIN; 0 when none does. */
static cw_status nn_story(cwi_stories *s, const cwi_cterm *v, uint32_t nv, int32_t day, int64_t *out)
{
    *out = 0;
    /* The item's NN_PROBE heaviest terms, each read NN_SCAN postings deep
     * in each generation; the candidates are ranked by the item's weight on
     * the terms they were found under, and only the NN_CAND best are
     * compared in full: the cost per item is bounded however common its
     * words are. */
    cwi_cterm probe[SPLIT_TERMS];
    uint32_t np = nv < SPLIT_TERMS ? nv : SPLIT_TERMS;
    if (np) memcpy(probe, v + nv, np * sizeof *probe); /* v is NULL for an item with no terms */
    CWI_TRY(cwi_cterm_top(probe, np, NN_PROBE));
    if (np > NN_PROBE) np = NN_PROBE;
    s->rank.n = 0;
    for (int gi = 0; gi < 2; gi++) {
        const tgen *g = &s->tg[gi];
        if (!g->head) continue;
        for (uint32_t k = 0; k < np; k++) {
            intptr_t h = 0;
            if (!cwi_map_get(g->head, (const char *)&probe[k].id, sizeof probe[k].id, &h) || !h) continue;
            unsigned seen = 0;
            for (uint32_t p = (uint32_t)(h - 1); p != UINT32_MAX && seen < NN_SCAN; p = g->posts.v[p].next, seen++)
                CWI_TRY(CWI_VEC_PUSH(s->rank, ((cwi_cterm){g->posts.v[p].slot, probe[k].w})));
        }
    }
    if (!s->rank.n) return CW_OK;
    size_t nr = s->rank.n;
    CWI_TRY(cwi_cterm_sum_ids(s->rank.v, &nr));
    CWI_TRY(cwi_cterm_top(s->rank.v, nr, NN_CAND));
    if (nr > NN_CAND) nr = NN_CAND;
    nn_hit *hits = malloc(nr * sizeof *hits);
    if (!hits) return CW_ERR_NOMEM;
    size_t nh = 0;
    for (size_t i = 0; i < nr; i++) {
        const slot *o = &s->slots.v[s->rank.v[i].id];
        if (!o->vec) continue;
        double d = cwi_cterm_dot(v + nv, nv, o->vec + o->nv, o->nv) *
                   cwi_split_time_factor(day, o->day, s->split.window_days);
        if (d > 0) hits[nh++] = (nn_hit){o->story, d};
    }
    qsort(hits, nh, sizeof *hits, by_story_sim);
    double best = 0;
    for (size_t i = 0; i < nh;) {
        size_t j = i;
        double sum = 0;
        while (j < nh && hits[j].story == hits[i].story) {
            if (j - i < NN_LINK) sum += hits[j].sim;
            j++;
        }
        intptr_t size = story_size(s, hits[i].story);
        double link = sum / (double)(size < NN_LINK ? (size > 0 ? size : 1) : NN_LINK);
        if (link >= s->short_join && link > best) best = link, *out = hits[i].story;
        i = j;
    }
    free(hits);
    return CW_OK;
}

/* Group `from` merged into `into`: the members of both in memory, newest
 * first, then from's older members, then into's. Costs the members in
 * memory, not the groups' sizes. */
static cw_status merge_members(cwi_stories *s, int64_t from, int64_t into)
{
    intptr_t fi = 0, ii = 0;
    if (!cwi_map_get(s->gidx, (const char *)&from, sizeof from, &fi) || !fi) return CW_OK;
    bool fresh;
    intptr_t *ip = cwi_map_slot(s->gidx, (const char *)&into, sizeof into, &fresh);
    if (!ip) return CW_ERR_NOMEM;
    if (!*ip) { /* into has no members yet: it takes from's */
        *ip = fi;
        return cwi_map_put(s->gidx, (const char *)&from, sizeof from, 0);
    }
    ii = *ip;
    gstate *gf = &s->groups.v[fi - 1], *gi = &s->groups.v[ii - 1];
    const uint32_t nil = UINT32_MAX, lo = window_low(s);
    uint32_t a = gf->head, b = gi->head, head = nil, tail = nil;
    while ((a != nil && a >= lo) || (b != nil && b >= lo)) {
        uint32_t m;
        if (a != nil && a >= lo && (b == nil || b < lo || a > b))
            m = a, a = s->slots.v[a].next;
        else
            m = b, b = s->slots.v[b].next;
        if (tail == nil)
            head = m;
        else
            s->slots.v[tail].next = m;
        tail = m;
    }
    uint32_t rest[2] = {a, b}, rest_tail[2] = {gf->tail, gi->tail};
    for (int k = 0; k < 2; k++) {
        if (rest[k] == nil) continue;
        if (tail == nil)
            head = rest[k];
        else
            s->slots.v[tail].next = rest[k];
        tail = rest_tail[k];
    }
    if (tail != nil) s->slots.v[tail].next = nil;
    gi->head = head;
    gi->tail = tail;
    gi->n += gf->n;
    gi->n_split += gf->n_split;
    gi->n_long += gf->n_long;
    *gf = (gstate){nil, nil, 0, 0, 0};
    return cwi_map_put(s->gidx, (const char *)&from, sizeof from, 0);
}

/* Between splits, a new article of a group takes the story whose members
 * (among the newest SPLIT_MAX) it is most similar to on average; a group
 * without members in memory gives its newest member's story; 0 when the
 * group has no members. */
static int64_t nearest_story(cwi_stories *s, const gstate *g, const cwi_cterm *v, uint32_t nv, int32_t day)
{
    if (!g || g->head == UINT32_MAX) return 0;
    s->pick.n = 0;
    unsigned seen = 0;
    const uint32_t lo = window_low(s);
    for (uint32_t m = g->head; m != UINT32_MAX && m >= lo && seen < SPLIT_MAX; m = s->slots.v[m].next) {
        const slot *o = &s->slots.v[m];
        if (!o->vec) continue;
        seen++;
        double d = cwi_cterm_dot(v + nv, nv, o->vec + o->nv, o->nv) *
                   cwi_split_time_factor(day, o->day, s->split.window_days);
        size_t k = 0;
        while (k < s->pick.n && s->pick.v[k].story != o->story) k++;
        if (k == s->pick.n) {
            pick p = {o->story, 0, 0};
            if (CWI_VEC_PUSH(s->pick, p) != CW_OK) return o->story;
        }
        s->pick.v[k].sum += d;
        s->pick.v[k].n++;
    }
    if (!s->pick.n) return s->slots.v[g->head].story;
    size_t best = 0;
    for (size_t k = 1; k < s->pick.n; k++)
        if (s->pick.v[k].sum / s->pick.v[k].n > s->pick.v[best].sum / s->pick.v[best].n) best = k;
    return s->pick.v[best].story;
}

static double idf_of(const void *ud, uint32_t term) { return cwi_cluster_idf(ud, term); }

typedef struct pair {
    uint32_t part, n;
    int64_t story;
} pair;

static int by_part_story(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->part != y->part) return x->part < y->part ? -1 : 1;
    return x->story < y->story ? -1 : x->story > y->story;
}
static int by_overlap(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    if (x->story != y->story) return x->story < y->story ? -1 : 1;
    return x->part < y->part ? -1 : x->part > y->part;
}

/* Splits a group's newest SPLIT_MAX members into events and moves articles
 * between stories accordingly. Ids stay stable: each part takes the story
 * id it shares most articles with (the larger overlap first, the older id
 * on a tie); a part left without one gets a new id recorded as split from
 * the story most of it came from; a story left without articles is
 * recorded as merged into the part that took most of them. */
static cw_status resplit(cwi_stories *s, int64_t group)
{
    gstate *g = gstate_of(s, group);
    if (!g) return CW_OK;
    g->n_split = g->n;
    s->win.n = 0;
    const uint32_t lo = window_low(s);
    for (uint32_t m = g->head; m != UINT32_MAX && m >= lo && s->win.n < SPLIT_MAX; m = s->slots.v[m].next)
        if (s->slots.v[m].vec && !s->slots.v[m].shortx) CWI_TRY(CWI_VEC_PUSH(s->win, m));
    size_t n = s->win.n;
    if (n < 2) return CW_OK;
    const cwi_cterm **vecs = malloc(n * sizeof *vecs);
    uint32_t *lens = malloc(n * sizeof *lens), *part = malloc(n * sizeof *part), n_parts = 0;
    int32_t *days = malloc(n * sizeof *days);
    pair *pairs = malloc(n * sizeof *pairs);
    int64_t *ps = NULL;
    cw_status st = CW_ERR_NOMEM;
    if (!vecs || !lens || !part || !pairs || !days) goto out;
    /* Oldest first, so a tie in the linkage breaks the same way as arrival. */
    for (size_t i = 0; i < n; i++) {
        const slot *o = &s->slots.v[s->win.v[n - 1 - i]];
        vecs[i] = o->vec;
        lens[i] = o->nv;
        days[i] = o->day;
    }
    if ((st = cwi_split(vecs, lens, days, n, idf_of, s->cl, &s->split, part, &n_parts)) != CW_OK) goto out;
    st = CW_ERR_NOMEM;
    if (!(ps = calloc(n_parts ? n_parts : 1, sizeof *ps))) goto out;
    for (size_t i = 0; i < n; i++) pairs[i] = (pair){part[i], 1, s->slots.v[s->win.v[n - 1 - i]].story};
    qsort(pairs, n, sizeof *pairs, by_part_story);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        if (np && pairs[np - 1].part == pairs[i].part && pairs[np - 1].story == pairs[i].story)
            pairs[np - 1].n++;
        else
            pairs[np++] = pairs[i];
    }
    qsort(pairs, np, sizeof *pairs, by_overlap);
    /* Greedy matching, largest overlap first. */
    for (size_t k = 0; k < np; k++) {
        if (ps[pairs[k].part]) continue;
        bool taken = false;
        for (uint32_t q = 0; q < n_parts && !taken; q++) taken = ps[q] == pairs[k].story;
        if (!taken) ps[pairs[k].part] = pairs[k].story;
    }
    st = CW_OK;
    for (uint32_t q = 0; q < n_parts; q++) {
        if (ps[q]) continue;
        int64_t from = 0;
        for (size_t k = 0; k < np && !from; k++)
            if (pairs[k].part == q) from = pairs[k].story; /* pairs are by overlap: the first is the largest */
        ps[q] = s->next_story++;
        if ((st = cwi_sstore_new_story(s->ss, ps[q], from)) != CW_OK) goto out;
    }
    for (size_t i = 0; i < n; i++) {
        slot *o = &s->slots.v[s->win.v[n - 1 - i]];
        int64_t to = ps[part[i]];
        if (o->story == to) continue;
        if ((st = count_story(s, o->story, -1)) != CW_OK || (st = count_story(s, to, 1)) != CW_OK) goto out;
        if ((st = cwi_sstore_set_story(s->ss, o->article, to)) != CW_OK) goto out;
        int64_t old = o->story;
        o->story = to;
        if (story_size(s, old) == 0) {
            /* Gone: recorded as merged into the part that took most of it. */
            int64_t into = to;
            for (size_t k = 0; k < np; k++)
                if (pairs[k].story == old) {
                    into = ps[pairs[k].part];
                    break;
                }
            if ((st = cwi_sstore_merge(s->ss, old, into)) != CW_OK) goto out;
        }
    }
out:
    free(vecs);
    free(lens);
    free(days);
    free(part);
    free(pairs);
    free(ps);
    return st;
}

/* Files an article in the duplicate index. The index keeps two
 * generations of DUP_GENERATION articles: when the current one is full, the
 * one before is dropped, so its memory stays bounded and duplicates are
 * found among the newest 50,000 to 100,000 articles. */
static cw_status index_dup(cwi_stories *s, uint32_t at, const cwi_fp *fp)
{
    CWI_TRY(cwi_dedup_add(s->dx, at, fp));
    if (++s->dx_n < DUP_GENERATION) return CW_OK;
    cwi_dedup_index *fresh = cwi_dedup_new();
    if (!fresh) return CW_ERR_NOMEM;
    cwi_dedup_free(s->dx_old);
    s->dx_old = s->dx;
    s->dx = fresh;
    s->dx_n = 0;
    return CW_OK;
}

/* ---- building the state from the store ---- */

/* Rebuilding reads every stored article in order, but only the newest
 * need what is costly to rebuild: fingerprints for the duplicate index (one
 * generation: the state a running ingest has just after the index moved on
 * a generation) and for the window in memory, split vectors for the window.
 * The older ones count for document frequencies, their groups' centroids
 * and their groups' members. */
typedef struct load_ctx {
    cwi_stories *s;
    cw_status st;
    int64_t row, fp_from, vec_from;
} load_ctx;

static int load_row(void *ud, int64_t article, int64_t story, const void *fpb, size_t fp_n, const void *tb,
                    size_t t_n, int64_t time, int64_t group)
{
    load_ctx *c = ud;
    cwi_stories *s = c->s;
    int64_t row = c->row++;
    if (!group) group = story; /* written before groups: each story its own group */
    cwi_fp *fp = NULL;
    if (row >= c->fp_from) {
        if (!(fp = calloc(1, sizeof *fp))) return c->st = CW_ERR_NOMEM, 1;
        if (cwi_fp_unpack(fpb, fp_n, fp) != CW_OK) cwi_fp_clean(fp); /* a damaged row relates to nothing */
    }
    if ((c->st = cwi_cterm_unpack(tb, t_n, &s->terms)) != CW_OK ||
        (group > 0 && (c->st = cwi_cluster_attach(s->cl, group, s->terms.v, s->terms.n, time)) != CW_OK)) {
        cwi_fp_clean(fp);
        free(fp);
        return 1;
    }
    cwi_cterm *vec = NULL;
    uint32_t nv = 0, at;
    if ((row >= c->vec_from && (c->st = split_vec(s, &s->terms, &vec, &nv)) != CW_OK) ||
        (c->st = add_slot(s, article, group, story, fp, vec, nv, false, time, &at)) != CW_OK) {
        cwi_fp_clean(fp);
        free(fp);
        return 1;
    }
    if ((fp && (c->st = index_dup(s, at, fp)) != CW_OK) || (c->st = nn_file(s, at)) != CW_OK) return 1;
    if (article > s->last_article) s->last_article = article;
    return 0;
}

static cw_status build(cw_engine *e)
{
    cwi_stories *s = e->stories;
    drop_state(s);
    /* CROSSWIRE_STORY_JOIN / _MERGE / _SPLIT override the thresholds, for
     * the benchmarks that choose them (bench/ecb_bcubed.py). */
    cwi_cluster_params p;
    cwi_cluster_defaults(&p);
    cwi_split_defaults(&s->split);
    const char *v;
    if ((v = getenv("CROSSWIRE_STORY_JOIN")) && atof(v) > 0 && atof(v) < 1) p.join = (float)atof(v);
    if ((v = getenv("CROSSWIRE_STORY_MERGE")) && atof(v) > 0 && atof(v) < 1) p.merge = (float)atof(v);
    if ((v = getenv("CROSSWIRE_STORY_SPLIT")) && atof(v) > 0 && atof(v) <= 1) s->split.max_ratio = (float)atof(v);
    if ((v = getenv("CROSSWIRE_STORY_WINDOW")) && atof(v) >= 0) s->split.window_days = (float)atof(v);
    s->short_join = SHORT_JOIN;
    s->short_terms = SHORT_TERMS;
    if ((v = getenv("CROSSWIRE_STORY_SHORT")) && atof(v) > 0 && atof(v) < 1) s->short_join = atof(v);
    if ((v = getenv("CROSSWIRE_STORY_SHORT_TERMS")) && atoi(v) >= 0) s->short_terms = (unsigned)atoi(v);
    if (!(s->dx = cwi_dedup_new()) || !(s->cl = cwi_cluster_new(&p)) || !(s->gidx = cwi_map_new(1024)) ||
        !(s->scount = cwi_map_new(1024)))
        return CW_ERR_NOMEM;
    int64_t rows = 0;
    CWI_TRY(cwi_sstore_count_fp(s->ss, &rows));
    _Static_assert(FP_WINDOW <= DUP_GENERATION, "a rebuild unpacks the fingerprints of one generation");
    load_ctx c = {s, CW_OK, 0, rows - DUP_GENERATION, rows - VEC_WINDOW};
    CWI_TRY(cwi_sstore_each_fp(s->ss, load_row, &c));
    CWI_TRY(c.st);
    for (size_t i = 0; i < s->groups.n; i++) s->groups.v[i].n_split = s->groups.v[i].n;
    int64_t max = 0;
    CWI_TRY(cwi_sstore_max_story(s->ss, &max));
    cwi_cluster_set_next_id(s->cl, max + 1);
    s->next_story = max + 1;
    return CW_OK;
}

cw_status cwi_stories_open(cw_engine *e)
{
    if (e->stories) return CW_OK;
    cwi_stories *s = calloc(1, sizeof *s);
    if (!s) return CW_ERR_NOMEM;
    cwi_buf_init(&s->blob, 0);
    cwi_buf_init(&s->blob2, 0);
    cwi_analyser_init(&s->an);
    cw_status st = cwi_sstore_open(e->store, &s->ss);
    if (st != CW_OK) {
        free(s);
        return st;
    }
    e->stories = s;
    return CW_OK;
}

cwi_sstore *cwi_stories_sstore(const cwi_stories *s) { return s->ss; }

/* ---- the hook ---- */

void cwi_stories_times(const struct cw_engine *e, cwi_stage_times *out)
{
    memset(out, 0, sizeof *out);
    if (e && e->stories) *out = e->stories->times;
}

/* The fingerprint of a slot: in memory, or read back from the store into
 * *tmp (the caller cleans it). NULL when unavailable. */
typedef struct fp_ctx {
    cwi_fp *fp;
    bool ok;
} fp_ctx;
static void fp_back(void *ud, const void *fpb, size_t fp_n)
{
    fp_ctx *c = ud;
    c->ok = cwi_fp_unpack(fpb, fp_n, c->fp) == CW_OK;
}
static const cwi_fp *fp_of(cwi_stories *s, uint32_t at, cwi_fp *tmp)
{
    if (s->slots.v[at].fp) return s->slots.v[at].fp;
    fp_ctx c = {tmp, false};
    if (cwi_sstore_get_fp(s->ss, s->slots.v[at].article, fp_back, &c) != CW_OK || !c.ok) return NULL;
    return tmp;
}

/* Asks the memory ahead for what relating to slot m reads first: stage 0
 * its fingerprint's head (the MinHash, the vectors' places), stage 1 (an
 * article later, when the head has come) the first lines of its sentences
 * and stems. An older candidate's fingerprint is cold: the misses were most
 * of the time of relating at 1,000,000 articles. */
static void prefetch_fp(const cwi_stories *s, uint32_t m, int stage)
{
    const cwi_fp *f = s->slots.v[m].fp;
    if (!f) return;
    if (stage == 0) {
        for (size_t o = 0; o < sizeof *f; o += 64) __builtin_prefetch((const char *)f + o);
    } else {
        if (f->sents.v) __builtin_prefetch(f->sents.v), __builtin_prefetch((const char *)f->sents.v + 64);
        if (f->stems.v) __builtin_prefetch(f->stems.v), __builtin_prefetch((const char *)f->stems.v + 64);
    }
}

static cw_status relate_to(cwi_stories *s, int64_t id, const cwi_fp *fp, uint32_t other, int *kind)
{
    cwi_fp tmp = {0};
    const cwi_fp *ofp = fp_of(s, other, &tmp);
    *kind = CWI_REL_NONE;
    cw_status st = CW_OK;
    if (ofp) {
        st = cwi_relate(fp, ofp, s->dx, &s->rel);
        if (st == CW_OK && s->rel.kind != CWI_REL_NONE) {
            *kind = s->rel.kind;
            /* a float, as the conditional was: the count of pairs, or the larger share */
            float score = s->rel.kind == CWI_REL_ORIGIN ? (float)s->rel.pairs.n
                          : s->rel.jaccard > s->rel.share ? s->rel.jaccard
                                                          : s->rel.share;
            if ((st = cwi_evidence_pack(&s->rel, fp, ofp, &s->blob2)) == CW_OK)
                st = cwi_sstore_put_relation(s->ss, id, s->slots.v[other].article, s->rel.kind, score, s->blob2.data,
                                             s->blob2.len);
        }
    }
    cwi_fp_clean(&tmp);
    return st;
}

cw_status cwi_stories_add(cw_engine *e, int64_t id, const cwi_article *a, cwi_analysis *pre)
{
    CWI_TRY(cwi_stories_open(e));
    cwi_stories *s = e->stories;
    /* A rolled-back batch leaves the state ahead of the store; SQLite then
     * hands out the same ids again, which is how that shows. */
    if (!s->dx || id <= s->last_article) {
        cw_status st = build(e);
        if (st != CW_OK) {
            drop_state(s);
            return cwi_engine_fail(e, st, "rebuilding the story index: %s", cwi_store_error(e->store));
        }
    }
    double t0 = cwi_now(), t1;
    cwi_fp *fp = calloc(1, sizeof *fp);
    if (!fp) return CW_ERR_NOMEM;
    cwi_cterm *vec = NULL;
    uint32_t nv = 0;
    cw_status st = CW_OK;
    if (pre) { /* made where the article was prepared: taken */
        *fp = pre->fp;
        memset(&pre->fp, 0, sizeof pre->fp);
        s->terms.n = 0;
        if (pre->terms.n && (st = cwi_vec_grow((void **)&s->terms.v, &s->terms.cap, pre->terms.n,
                                               sizeof *s->terms.v)) != CW_OK)
            goto fail;
        if (pre->terms.n) memcpy(s->terms.v, pre->terms.v, pre->terms.n * sizeof *s->terms.v);
        s->terms.n = pre->terms.n;
    } else if ((st = cwi_analyse(&s->an, a->text, a->text_len, a->sentences, a->n_sentences, a->title, a->lang, fp,
                                 &s->terms)) != CW_OK) {
        goto fail;
    }
    int64_t time = day_of(a->published);
    t1 = cwi_now();
    s->times.fingerprint += t1 - t0;
    t0 = t1;

    /* Duplicates first: a copy goes where its original is. */
    s->cand.n = 0;
    if ((st = cwi_dedup_candidates(s->dx, fp, MAX_DUP_CAND, &s->cand)) != CW_OK) goto fail;
    if (s->dx_old && s->cand.n < MAX_DUP_CAND &&
        (st = cwi_dedup_candidates(s->dx_old, fp, MAX_DUP_CAND, &s->cand)) != CW_OK)
        goto fail;
    int64_t dup_group = 0, story = 0;
    /* Every relate_to of this article is against s->dx, which does not
     * change until index_dup below. */
    if ((st = cwi_relate_begin(fp, s->dx, &s->rel)) != CW_OK) goto fail;
    for (size_t k = 0; k < s->cand.n && k < 2; k++) prefetch_fp(s, s->cand.v[k], 0);
    if (s->cand.n) prefetch_fp(s, s->cand.v[0], 1);
    for (size_t k = 0; k < s->cand.n; k++) {
        int kind;
        if (k + 2 < s->cand.n) prefetch_fp(s, s->cand.v[k + 2], 0);
        if (k + 1 < s->cand.n) prefetch_fp(s, s->cand.v[k + 1], 1);
        if ((st = relate_to(s, id, fp, s->cand.v[k], &kind)) != CW_OK) goto fail;
        if ((kind == CWI_REL_EXACT || kind == CWI_REL_NEAR) && !dup_group) {
            const slot *o = &s->slots.v[s->cand.v[k]];
            dup_group = cwi_cluster_resolve(s->cl, o->group);
            story = o->story;
        }
    }
    t1 = cwi_now();
    s->times.duplicates += t1 - t0;
    t0 = t1;
    /* The group (topic), then the story (event) within it. */
    cwi_cluster_result res = {0};
    if (dup_group) {
        res.story = dup_group;
        st = cwi_cluster_attach(s->cl, dup_group, s->terms.v, s->terms.n, time);
    } else {
        st = cwi_cluster_add(s->cl, s->terms.v, s->terms.n, time, &res);
    }
    if (st != CW_OK) goto fail;
    int64_t group = res.story;
    for (size_t k = 0; k < res.n_merged; k++) {
        if ((st = merge_members(s, res.merged[k], group)) != CW_OK) goto fail;
        if ((st = cwi_sstore_move_group(s->ss, res.merged[k], group)) != CW_OK) goto fail;
    }
    /* A short item in a topic group of full articles takes its story as a
     * long article does (and is split with them); among short items alone
     * it takes the story of the recent articles most like it, or starts
     * one. */
    const gstate *gg = gstate_of(s, group);
    bool is_long = !is_short(s, a->n_sentences), shortx = !is_long && !(gg && gg->n_long * 4 >= gg->n);
    /* Among short items, an item is compared by its stems alone. Its few
     * names come as runs each outlet words its own way ("President Donald
     * Trump", "the Trump administration"): each run a rare, heavy term that
     * no other item shares, outweighing the words they do share
     * (neus_stream.py train: lead 0.778 -> 0.842). A long article repeats
     * its names, and keeps them (ECB+ loses 0.02 without). */
    if (shortx) {
        /* the words are in s->an unless the analysis came prepared */
        if ((pre && (st = cwi_analyse_words(&s->an, a->text, a->text_len, a->sentences, a->n_sentences, a->title,
                                            a->lang)) != CW_OK) ||
            (st = cwi_analyse_stems(&s->an, &s->sterms)) != CW_OK)
            goto fail;
    }
    if ((st = split_vec(s, shortx ? &s->sterms : &s->terms, &vec, &nv)) != CW_OK) goto fail;
    if (!story && shortx && (st = nn_story(s, vec, nv, day_num(time), &story)) != CW_OK) goto fail;
    if (!story && !shortx) story = nearest_story(s, gg, vec, nv, day_num(time));
    if (!story) {
        story = s->next_story++;
        if ((st = cwi_sstore_new_story(s->ss, story, 0)) != CW_OK) goto fail;
    }
    if ((st = cwi_sstore_set_story(s->ss, id, story)) != CW_OK) goto fail;
    t1 = cwi_now();
    s->times.cluster += t1 - t0;

    /* Shared origin within the group: its newest members not already seen
     * as duplicate candidates. */
    t0 = cwi_now();
    const gstate *g = gstate_of(s, group);
    unsigned checked = 0;
    for (uint32_t m = g ? g->head : UINT32_MAX; m != UINT32_MAX && checked < MAX_STORY_CAND;
         m = s->slots.v[m].next, checked++) {
        bool seen = false;
        for (size_t k = 0; k < s->cand.n && !seen; k++) seen = s->cand.v[k] == m;
        if (seen) continue;
        uint32_t after = s->slots.v[m].next;
        if (after != UINT32_MAX) prefetch_fp(s, after, 0), prefetch_fp(s, m, 1);
        int kind;
        if ((st = relate_to(s, id, fp, m, &kind)) != CW_OK) goto fail;
    }

    cwi_relate_end(&s->rel);
    uint32_t at;
    st = add_slot(s, id, group, story, fp, vec, nv, shortx, time, &at);
    vec = NULL; /* taken */
    if (st != CW_OK || (st = nn_file(s, at)) != CW_OK) goto fail;
    s->last_article = id;
    if ((st = index_dup(s, at, fp)) != CW_OK) return st;
    t1 = cwi_now();
    s->times.origin += t1 - t0;
    t0 = t1;
    /* A group is split again when it grew by a quarter (of its newest
     * SPLIT_MAX, which are what the split sees) since it was last split:
     * the cost per article stays bounded however large the group grows. */
    gstate *gs = gstate_of(s, group);
    if (gs && gs->n >= 2 * s->split.min_part &&
        (gs->n - gs->n_split) * 4 >= (gs->n_split < SPLIT_MAX ? gs->n_split : SPLIT_MAX))
        if ((st = resplit(s, group)) != CW_OK) return st;
    s->times.cluster += cwi_now() - t0;
    s->times.articles++;
    cwi_buf_reset(&s->blob);
    if ((st = cwi_fp_pack(fp, &s->blob)) != CW_OK) return st;
    if ((st = cwi_cterm_pack(s->terms.v, s->terms.n, &s->blob2)) != CW_OK) return st;
    return cwi_sstore_put_fp(s->ss, id, s->blob.data, s->blob.len, s->blob2.data, s->blob2.len, time, group);
fail:
    cwi_relate_end(&s->rel);
    free(vec);
    cwi_fp_clean(fp);
    free(fp);
    return st;
}
