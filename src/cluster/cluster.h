/*
 * cluster: incremental story clustering. Each article comes as a vector of
 * weighted terms (stems of headline and body, names; the caller hashes and
 * boosts them) and an optional time. It joins the story whose centroid is
 * most similar (cosine over TF-IDF with running document frequencies), or
 * starts a new one; when it is similar to two stories that are similar to
 * each other, they merge and the older id survives. Candidate stories come
 * from an inverted index over each story's top terms, so no article is
 * compared with every story. Pure and in memory; rebuildable by attaching
 * stored articles to their known stories. Stories quiet for long retire
 * from the index (see retire_docs). Library-internal.
 */
#ifndef CW_CLUSTER_CLUSTER_H
#define CW_CLUSTER_CLUSTER_H

#include "core/core.h"

typedef struct cwi_cterm {
    uint32_t id; /* term hash */
    float w;     /* raw weight in: boosted term frequency; TF-IDF out */
} cwi_cterm;

typedef struct cwi_cluster_params {
    float join;            /* least cosine to join a story */
    float merge;           /* least cosine between two centroids to merge them */
    double window_s;       /* publication times this far apart cost nothing; beyond, similarity decays */
    unsigned top_terms;    /* terms kept per article vector */
    unsigned centroid_terms; /* terms kept per story centroid */
    unsigned probe_terms;  /* article terms used to find candidate stories */
    /* A story that took no article in the last retire_docs articles, and
     * (when dated) none within retire_s of the newest time seen, retires:
     * it leaves the candidate index and its centroid is freed, so memory
     * and time per article stay bounded in an endless stream. An article
     * attached to it (a copy of one of its articles) wakes it. 0: never. */
    uint64_t retire_docs;
    double retire_s;
} cwi_cluster_params;

/* The defaults, tuned on ECB+ topics 1-35 (see docs/stories.md). */
void cwi_cluster_defaults(cwi_cluster_params *p);

typedef struct cwi_clusterer cwi_clusterer;

/* p may be NULL for the defaults. NULL when out of memory. */
cwi_clusterer *cwi_cluster_new(const cwi_cluster_params *p);
void cwi_cluster_free(cwi_clusterer *c); /* NULL is a no-op */

/* The outcome of adding one article. */
#define CWI_MAX_MERGED 8
typedef struct cwi_cluster_result {
    int64_t story;       /* the article's story (after merges) */
    bool created;        /* a new story */
    float sim;           /* its similarity to the story joined (0 when created) */
    size_t n_merged;
    int64_t merged[CWI_MAX_MERGED]; /* ids that merged into story and are gone */
} cwi_cluster_result;

/* Clusters one article: terms[0..n) with raw weights (copied; n may be 0),
 * time in Unix seconds or 0 when unknown. New story ids count up from the
 * value given to cwi_cluster_set_next_id (1 by default). */
cw_status cwi_cluster_add(cwi_clusterer *c, const cwi_cterm *terms, size_t n, int64_t time,
                          cwi_cluster_result *res);

/* Rebuilding: adds a stored article to its known story (created when new)
 * without deciding anything. */
cw_status cwi_cluster_attach(cwi_clusterer *c, int64_t story, const cwi_cterm *terms, size_t n, int64_t time);
/* Rebuilding: records that story `from` merged into `into`. */
cw_status cwi_cluster_alias(cwi_clusterer *c, int64_t from, int64_t into);

void cwi_cluster_set_next_id(cwi_clusterer *c, int64_t next);
/* The live story an id now belongs to (itself, or what it merged into); 0 if unknown. */
int64_t cwi_cluster_resolve(const cwi_clusterer *c, int64_t story);
size_t cwi_cluster_stories(const cwi_clusterer *c); /* live stories */
size_t cwi_cluster_bytes(const cwi_clusterer *c);
/* The running IDF of a term, as the clusterer weighs it (>= 0). */
double cwi_cluster_idf(const cwi_clusterer *c, uint32_t term);
/* (1 + ln tf) * IDF; 0 for tf <= 0. */
double cwi_cluster_tfidf(const cwi_clusterer *c, uint32_t term, float tf);
/* Scales v[0..n) to unit length (all zero stays zero). */
void cwi_cluster_unit(cwi_cterm *v, size_t n);

/* The dot product of two term lists sorted by id (no id repeated in
 * either). Branch-free on the ids, so the walk does not pay for
 * mispredicted jumps; sums the products in id order. */
static inline double cwi_cterm_dot(const cwi_cterm *a, size_t na, const cwi_cterm *b, size_t nb)
{
    size_t i = 0, j = 0;
    double d = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i].id, y = b[j].id;
        double p = (double)a[i].w * b[j].w;
        d += x == y ? p : 0.0;
        i += x <= y;
        j += y <= x;
    }
    return d;
}

/* Orders of term lists without qsort. cwi_cterm_sort_id: by id, stably
 * (repeated ids keep their order, so sums over them come out the same).
 * cwi_cterm_top: the min(n, k) heaviest terms (weight descending, then id
 * ascending) in that order in v[0..), the rest after them in no order.
 * CW_ERR_NOMEM leaves v as it was. */
cw_status cwi_cterm_sort_id(cwi_cterm *v, size_t n);
/* Sorts v[0..*n) by id (stably) and sums each repeated id's weights, in
 * their order, into one term; *n becomes the number of distinct ids. The
 * clusterer, the split vectors and the stored vectors all sum this way, so
 * their float sums agree. A v already in strictly increasing id order (as
 * one summed before) is left as it is after one pass. */
cw_status cwi_cterm_sum_ids(cwi_cterm *v, size_t *n);
cw_status cwi_cterm_top(cwi_cterm *v, size_t n, size_t k);

/* ---- The stored term vector (src/cluster/cterm_pack.c) --------------------
 * cwi_cterm_pack replaces b's bytes with t[0..n) summed by id (as
 * cwi_cterm_sum_ids sums them, so a rebuilt clusterer weighs the same): the
 * count of terms as a varint, then per term the gap from the previous id as
 * a varint and the weight, doubled, as a varint when that is a whole number
 * below 2^28 (weights are sums of whole and half boosts), else the varint
 * 2^28 (0x80 0x80 0x80 0x80 0x01) and the float's four bytes little-endian.
 * A zero byte ends it when its length would be a multiple of 8, which tells
 * it from the first format: 8 bytes per repeated term (id and float weight,
 * little-endian). On failure b holds a partial form.
 * cwi_cterm_unpack replaces out's terms with the terms of either format in
 * their stored order; a damaged form gives the terms before the damage,
 * terms with a weight outside (0, 1e6) are left out, and only CW_ERR_NOMEM
 * fails (out then holds the terms read so far). */
typedef CWI_VEC(cwi_cterm) cwi_cterms;
cw_status cwi_cterm_pack(const cwi_cterm *t, size_t n, cwi_buf *b);
cw_status cwi_cterm_unpack(const void *blob, size_t n, cwi_cterms *out);

#endif
