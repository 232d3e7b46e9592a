/* Incremental story clustering: centroids, an inverted index over their top
 * terms, joins, starts and merges. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "cluster/cluster_math.h"
#include "core/u64tab.h"

#define NIL UINT32_MAX
#define SCAN_PER_TERM 256 /* postings read per probe term: the newest */
#define CAND_MAX 48       /* candidate stories compared in full with an article */
#define INDEXED_MAX 40    /* terms under which one story is filed */
#define INDEX_TOP 40      /* a story is filed under this many of its top terms */
#define IDF_PRIOR 100.0
#define IDF_CACHE 1024    /* document frequencies whose IDF is remembered */
#define LN_TABLE 256      /* whole numbers whose ln is in a table */

/* The module links without libm (the CLI's link order puts -lm before the
 * module archives), so it carries the two functions it needs. */
double cwi_cl_ln(double x)
{
    if (!(x > 0)) return -1e300;
    uint64_t b;
    memcpy(&b, &x, 8);
    int ex = (int)((b >> 52) & 0x7ff) - 1023;
    b = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &b, 8); /* x = m * 2^ex, m in [1, 2) */
    if (m > 1.41421356237) m /= 2, ex++;
    double t = (m - 1) / (m + 1), t2 = t * t, sum = 0, pw = t;
    for (int k = 1; k < 24; k += 2, pw *= t2) sum += pw / k;
    return 2 * sum + ex * 0.6931471805599453;
}

double cwi_cl_sqrt(double x)
{
    if (!(x > 0)) return 0;
    double r = x > 1 ? x / 2 : 1;
    for (int i = 0; i < 64; i++) {
        double n = 0.5 * (r + x / r);
        if (n == r) break;
        r = n;
    }
    return r;
}

static double ln(double x) { return cwi_cl_ln(x); }
static double root(double x) { return cwi_cl_sqrt(x); }

void cwi_cluster_defaults(cwi_cluster_params *p)
{
    p->join = 0.15f;
    p->merge = 0.30f;
    p->window_s = 3 * 86400.0;
    p->top_terms = 60;
    p->centroid_terms = 150;
    p->probe_terms = 60;
    p->retire_docs = 100000;
    p->retire_s = 30 * 86400.0;
}

/* Keys of the term and story-id tables (core/u64tab.h), never 0. */
static uint64_t tkey(uint32_t term) { return (uint64_t)term + 1; }
static uint64_t skey(int64_t id) { return (uint64_t)id ^ 0x8000000000000000ULL; }

typedef struct story {
    int64_t id;
    uint32_t n;      /* articles */
    int64_t first, last;
    cwi_cterm *c;    /* centroid: sum of member vectors, sorted by id */
    uint32_t nc;
    float norm;
    uint64_t seen;   /* the document count when it last took an article */
    uint32_t indexed[INDEXED_MAX];
    uint8_t n_indexed;
    bool retired;    /* out of the index, centroid freed */
} story;

/* What a candidate scan reads of every story it meets, in one small entry
 * (not in the story, whose fields would each cost a cache miss). */
typedef struct qent {
    uint32_t stamp; /* the query that last saw it */
    uint32_t into;  /* index of the story it merged into, NIL while live */
    float acc;      /* the article's weight on the terms it is filed under */
} qent;

typedef struct post {
    uint32_t story, next;
} post;

struct cwi_clusterer {
    cwi_cluster_params p;
    cwi_u64tab terms; /* term -> a: document frequency, b: head of its postings */
    cwi_u64tab ids;   /* story id -> a: index in stories */
    CWI_VEC(story) stories;
    CWI_VEC(post) posts;
    CWI_VEC(qent) q; /* per story, beside stories */
    uint32_t query;
    uint64_t docs;
    uint64_t next_sweep; /* docs at which quiet stories are next retired */
    int64_t newest;      /* latest publication time seen */
    int64_t next_id;
    size_t live;
    /* IDF by document frequency at docs == idf_docs (entries of generation idf_gen) */
    double ln_table[LN_TABLE];
    uint64_t idf_docs;
    uint32_t idf_gen;
    uint32_t idf_stamp[IDF_CACHE];
    double idf_val[IDF_CACHE];
    /* scratch */
    CWI_VEC(cwi_cterm) vec, tmp, rank;
    CWI_VEC(uint32_t) cand;
};

cwi_clusterer *cwi_cluster_new(const cwi_cluster_params *p)
{
    cwi_clusterer *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (p)
        c->p = *p;
    else
        cwi_cluster_defaults(&c->p);
    if (!c->p.top_terms) c->p.top_terms = 60;
    if (!c->p.centroid_terms) c->p.centroid_terms = 150;
    if (!c->p.probe_terms) c->p.probe_terms = 12;
    c->next_id = 1;
    for (int i = 1; i < LN_TABLE; i++) c->ln_table[i] = ln((double)i);
    return c;
}

void cwi_cluster_free(cwi_clusterer *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->stories.n; i++) free(c->stories.v[i].c);
    CWI_VEC_FREE(c->stories);
    CWI_VEC_FREE(c->posts);
    CWI_VEC_FREE(c->q);
    CWI_VEC_FREE(c->vec);
    CWI_VEC_FREE(c->tmp);
    CWI_VEC_FREE(c->rank);
    CWI_VEC_FREE(c->cand);
    cwi_u64tab_clean(&c->terms);
    cwi_u64tab_clean(&c->ids);
    free(c);
}

void cwi_cluster_set_next_id(cwi_clusterer *c, int64_t next)
{
    if (next > c->next_id) c->next_id = next;
}

static uint32_t live_of(const cwi_clusterer *c, uint32_t i)
{
    for (unsigned hops = 0; c->q.v[i].into != NIL && hops < 1000000; hops++) i = c->q.v[i].into;
    return i;
}

int64_t cwi_cluster_resolve(const cwi_clusterer *c, int64_t id)
{
    const cwi_u64ent *e = cwi_u64tab_find(&c->ids, skey(id));
    return e ? c->stories.v[live_of(c, e->a)].id : 0;
}

size_t cwi_cluster_stories(const cwi_clusterer *c) { return c->live; }

size_t cwi_cluster_bytes(const cwi_clusterer *c)
{
    size_t b = sizeof *c + cwi_u64tab_bytes(&c->terms) + cwi_u64tab_bytes(&c->ids) + c->stories.cap * sizeof(story) +
               c->posts.cap * sizeof(post) + c->q.cap * sizeof(qent);
    for (size_t i = 0; i < c->stories.n; i++) b += c->stories.v[i].nc * sizeof(cwi_cterm);
    return b;
}

cw_status cwi_cterm_sort_id(cwi_cterm *v, size_t n)
{
    for (size_t i = 1; i < n; i++) /* often sorted already */
        if (v[i].id < v[i - 1].id) return cwi_sort_by_key32(v, n, sizeof *v, offsetof(cwi_cterm, id), NULL);
    return CW_OK;
}

cw_status cwi_cterm_sum_ids(cwi_cterm *v, size_t *n)
{
    size_t k = 1;
    while (k < *n && v[k - 1].id < v[k].id) k++;
    if (k >= *n) return CW_OK; /* already sorted, no repeats (summed before) */
    CWI_TRY(cwi_cterm_sort_id(v, *n));
    size_t u = 0;
    for (size_t i = 0; i < *n; i++) {
        if (u && v[u - 1].id == v[i].id)
            v[u - 1].w += v[i].w;
        else
            v[u++] = v[i];
    }
    *n = u;
    return CW_OK;
}

/* A term as one integer whose ascending order is weight descending, then id
 * ascending (the order a comparator on (w, id) gives): the weight's bits made
 * monotonic and inverted above the id. The weight comes back bit for bit
 * (but -0 as +0, which compare equal). */
static uint64_t weight_key(cwi_cterm t)
{
    uint32_t b;
    float w = t.w == 0 ? 0.0f : t.w;
    memcpy(&b, &w, 4);
    b = b & 0x80000000u ? ~b : b | 0x80000000u;
    return (uint64_t)~b << 32 | t.id;
}

static cwi_cterm from_weight_key(uint64_t k)
{
    uint32_t b = ~(uint32_t)(k >> 32);
    b = b & 0x80000000u ? b & 0x7fffffffu : ~b;
    cwi_cterm t;
    t.id = (uint32_t)k;
    memcpy(&t.w, &b, 4);
    return t;
}

cw_status cwi_cterm_top(cwi_cterm *v, size_t n, size_t k)
{
    uint64_t stack[512];
    uint64_t *key = n <= 512 ? stack : malloc(n * sizeof *key);
    if (!key) return CW_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) key[i] = weight_key(v[i]);
    cwi_select_u64(key, n, k);
    for (size_t i = 0; i < n; i++) v[i] = from_weight_key(key[i]);
    if (key != stack) free(key);
    return CW_OK;
}

/* ln of small whole numbers (raw term weights are mostly 1, 2, 3...) from a
 * table filled by cwi_cl_ln itself, so the values are the same bits. */
static double ln_tf(const cwi_clusterer *c, double x)
{
    if (x >= 1 && x < LN_TABLE && x == (double)(int)x) return c->ln_table[(int)x];
    return ln(x);
}

/* IDF of a document frequency at the current document count: ln of the
 * same quotient as ever, remembered per frequency until the count moves. */
static double idf_of(const cwi_clusterer *c, uint32_t df);

/* Turns raw weights into a unit TF-IDF vector of at most top_terms terms,
 * sorted by weight, in c->vec. Updates document frequencies when count. */
static cw_status weigh(cwi_clusterer *c, const cwi_cterm *t, size_t n, bool count)
{
    c->vec.n = 0;
    if (n) CWI_TRY(cwi_vec_grow((void **)&c->vec.v, &c->vec.cap, n, sizeof *c->vec.v));
    if (n) memcpy(c->vec.v, t, n * sizeof *t);
    c->vec.n = n;
    CWI_TRY(cwi_cterm_sum_ids(c->vec.v, &c->vec.n));
    size_t u = c->vec.n;
    if (count) c->docs++;
    /* The term table is large (every term seen): each term's entry is asked
     * of the memory a few terms ahead of its use, so the misses overlap. */
    const size_t ahead = 8;
    for (size_t i = 0; i < u && i < ahead; i++) cwi_u64tab_prefetch(&c->terms, tkey(c->vec.v[i].id));
    for (size_t i = 0; i < u; i++) {
        if (i + ahead < u) cwi_u64tab_prefetch(&c->terms, tkey(c->vec.v[i + ahead].id));
        /* ids are distinct: a term's count is final once it is counted */
        cwi_u64ent *e;
        if (count) {
            if (!(e = cwi_u64tab_slot(&c->terms, tkey(c->vec.v[i].id), 0, NIL))) return CW_ERR_NOMEM;
            e->a++;
        } else {
            e = cwi_u64tab_find(&c->terms, tkey(c->vec.v[i].id));
        }
        double idf = idf_of(c, e ? e->a : 0);
        double w = c->vec.v[i].w > 0 ? (1.0 + ln_tf(c, c->vec.v[i].w)) * idf : 0;
        c->vec.v[i].w = (float)w;
    }
    CWI_TRY(cwi_cterm_top(c->vec.v, u, c->p.top_terms));
    if (u > c->p.top_terms) u = c->p.top_terms;
    double norm = 0;
    for (size_t i = 0; i < u; i++) norm += (double)c->vec.v[i].w * c->vec.v[i].w;
    norm = root(norm);
    while (u && c->vec.v[u - 1].w <= 0) u--;
    for (size_t i = 0; i < u; i++) c->vec.v[i].w = norm > 0 ? (float)(c->vec.v[i].w / norm) : 0;
    c->vec.n = u;
    return CW_OK;
}

/* Cosine of the unit vector v (sorted by id) with story s's centroid. */
static float cosine(const cwi_cterm *v, size_t n, const story *s)
{
    if (!s->norm) return 0;
    return (float)(cwi_cterm_dot(v, n, s->c, s->nc) / s->norm);
}

static float time_factor(const cwi_clusterer *c, const story *s, int64_t t)
{
    if (!t || !s->first || c->p.window_s <= 0) return 1.0f;
    double gap = 0;
    if (t < s->first) gap = (double)(s->first - t);
    if (t > s->last) gap = (double)(t - s->last);
    if (gap <= c->p.window_s) return 1.0f;
    return (float)(1.0 / (1.0 + (gap - c->p.window_s) / c->p.window_s));
}

/* Adds the unit vector v (sorted by id) into s's centroid, keeping the
 * centroid_terms heaviest terms. */
static cw_status absorb(cwi_clusterer *c, story *s, const cwi_cterm *v, size_t n)
{
    c->tmp.n = 0;
    size_t i = 0, j = 0;
    while (i < n || j < s->nc) {
        cwi_cterm x;
        if (j >= s->nc || (i < n && v[i].id < s->c[j].id))
            x = v[i++];
        else if (i >= n || s->c[j].id < v[i].id)
            x = s->c[j++];
        else
            x = (cwi_cterm){v[i].id, v[i].w + s->c[j].w}, i++, j++;
        CWI_TRY(CWI_VEC_PUSH(c->tmp, x));
    }
    size_t m = c->tmp.n;
    if (m > c->p.centroid_terms) {
        m = c->p.centroid_terms;
        CWI_TRY(cwi_cterm_top(c->tmp.v, c->tmp.n, m));
        CWI_TRY(cwi_cterm_sort_id(c->tmp.v, m));
    }
    cwi_cterm *nc = realloc(s->c, (m ? m : 1) * sizeof *nc);
    if (!nc) return CW_ERR_NOMEM;
    memcpy(nc, c->tmp.v, m * sizeof *nc);
    s->c = nc;
    s->nc = (uint32_t)m;
    double norm = 0;
    for (size_t k = 0; k < m; k++) norm += (double)nc[k].w * nc[k].w;
    s->norm = (float)root(norm);
    return CW_OK;
}

/* Files story si under its current top terms not filed yet. */
static cw_status file_story(cwi_clusterer *c, uint32_t si)
{
    story *s = &c->stories.v[si];
    c->tmp.n = 0;
    for (size_t k = 0; k < s->nc; k++) CWI_TRY(CWI_VEC_PUSH(c->tmp, s->c[k]));
    s = &c->stories.v[si];
    CWI_TRY(cwi_cterm_top(c->tmp.v, c->tmp.n, INDEX_TOP));
    for (size_t k = 0; k < c->tmp.n && k < INDEX_TOP && s->n_indexed < INDEXED_MAX; k++) {
        uint32_t t = c->tmp.v[k].id;
        bool have = false;
        for (size_t q = 0; q < s->n_indexed; q++) have |= s->indexed[q] == t;
        if (have) continue;
        cwi_u64ent *e = cwi_u64tab_slot(&c->terms, tkey(t), 0, NIL);
        if (!e) return CW_ERR_NOMEM;
        post p = {si, e->b};
        e->b = (uint32_t)c->posts.n;
        CWI_TRY(CWI_VEC_PUSH(c->posts, p));
        s->indexed[s->n_indexed++] = t;
    }
    return CW_OK;
}

static cw_status new_story(cwi_clusterer *c, int64_t id, uint32_t *out)
{
    if (c->stories.n >= NIL - 1) return CW_ERR_LIMIT;
    story s = {0};
    s.id = id;
    uint32_t si = (uint32_t)c->stories.n;
    CWI_TRY(CWI_VEC_PUSH(c->q, ((qent){0, NIL, 0})));
    if (CWI_VEC_PUSH(c->stories, s) != CW_OK) {
        c->q.n--; /* the two stay the same length */
        return CW_ERR_NOMEM;
    }
    cwi_u64ent *e = cwi_u64tab_slot(&c->ids, skey(id), si, 0);
    if (!e) return CW_ERR_NOMEM;
    e->a = si;
    if (id >= c->next_id) c->next_id = id + 1;
    c->live++;
    *out = si;
    return CW_OK;
}

static void stretch(story *s, int64_t t)
{
    if (!t) return;
    if (!s->first || t < s->first) s->first = t;
    if (!s->last || t > s->last) s->last = t;
}

static cw_status join(cwi_clusterer *c, uint32_t si, int64_t t)
{
    CWI_TRY(cwi_cterm_sort_id(c->vec.v, c->vec.n));
    story *s = &c->stories.v[si];
    s->retired = false; /* a retired story taking an article starts again from it */
    s->seen = c->docs;
    CWI_TRY(absorb(c, s, c->vec.v, c->vec.n));
    s->n++;
    stretch(s, t);
    return file_story(c, si);
}

/* Merges story b into a (both live). */
static cw_status merge(cwi_clusterer *c, uint32_t a, uint32_t b)
{
    story *sb = &c->stories.v[b];
    cwi_cterm *bc = sb->c;
    uint32_t bn = sb->nc;
    CWI_TRY(absorb(c, &c->stories.v[a], bc, bn));
    sb = &c->stories.v[b];
    story *sa = &c->stories.v[a];
    sa->n += sb->n;
    sa->retired = false;
    if (sb->seen > sa->seen) sa->seen = sb->seen;
    stretch(sa, sb->first);
    stretch(sa, sb->last);
    c->q.v[b].into = a;
    free(sb->c);
    sb->c = NULL;
    sb->nc = 0;
    sb->norm = 0;
    c->live--;
    return file_story(c, a);
}

static float centroid_cos(const story *a, const story *b)
{
    if (!a->norm || !b->norm) return 0;
    return (float)(cwi_cterm_dot(a->c, a->nc, b->c, b->nc) / ((double)a->norm * b->norm));
}

static void next_query(cwi_clusterer *c)
{
    if (++c->query == 0) {
        for (size_t i = 0; i < c->q.n; i++) c->q.v[i].stamp = 0;
        c->query = 1;
    }
}

static bool quiet(const cwi_clusterer *c, const story *s)
{
    if (c->docs - s->seen <= c->p.retire_docs) return false;
    return !s->last || !c->newest || (double)(c->newest - s->last) > c->p.retire_s;
}

/* Retires the quiet stories and rewrites the postings without them, each
 * live story once per term, pointing at it directly (not through merges),
 * in the same order. */
static cw_status sweep(cwi_clusterer *c)
{
    for (size_t i = 0; i < c->stories.n; i++) {
        story *s = &c->stories.v[i];
        if (c->q.v[i].into != NIL || s->retired || !quiet(c, s)) continue;
        s->retired = true;
        free(s->c);
        s->c = NULL;
        s->nc = 0;
        s->norm = 0;
        s->n_indexed = 0;
    }
    post *fresh = malloc((c->posts.n ? c->posts.n : 1) * sizeof *fresh);
    if (!fresh) return CW_ERR_NOMEM;
    size_t n = 0;
    for (size_t k = 0; k < c->terms.cap; k++) {
        cwi_u64ent *e = &c->terms.t[k];
        if (!e->key || e->b == NIL) continue;
        next_query(c);
        uint32_t head = NIL;
        for (uint32_t pi = e->b; pi != NIL; pi = c->posts.v[pi].next) {
            uint32_t si = live_of(c, c->posts.v[pi].story);
            if (c->stories.v[si].retired || c->q.v[si].stamp == c->query) continue;
            c->q.v[si].stamp = c->query;
            if (head == NIL)
                head = (uint32_t)n;
            else
                fresh[n - 1].next = (uint32_t)n;
            fresh[n++] = (post){si, NIL};
        }
        e->b = head;
    }
    free(c->posts.v);
    c->posts.v = fresh;
    c->posts.n = n;
    c->posts.cap = c->posts.n ? c->posts.n : 1;
    return CW_OK;
}

/* Counts an article's time and retires quiet stories now and then. */
static cw_status tick(cwi_clusterer *c, int64_t time)
{
    if (time > c->newest) c->newest = time;
    if (!c->p.retire_docs) return CW_OK;
    if (!c->next_sweep) c->next_sweep = c->p.retire_docs;
    if (c->docs < c->next_sweep) return CW_OK;
    c->next_sweep = c->docs + (c->p.retire_docs / 4 ? c->p.retire_docs / 4 : 1);
    return sweep(c);
}

cw_status cwi_cluster_add(cwi_clusterer *c, const cwi_cterm *terms, size_t n, int64_t time, cwi_cluster_result *res)
{
    memset(res, 0, sizeof *res);
    CWI_TRY(weigh(c, terms, n, true));
    CWI_TRY(tick(c, time));
    next_query(c);
    /* Candidates: stories filed under the article's heaviest terms, each
     * with the sum of the article's weights on those terms. */
    c->cand.n = 0;
    for (size_t k = 0; k < c->vec.n && k < c->p.probe_terms; k++) {
        const cwi_u64ent *e = cwi_u64tab_find(&c->terms, tkey(c->vec.v[k].id));
        if (!e) continue;
        unsigned seen = 0;
        for (uint32_t pi = e->b; pi != NIL && seen < SCAN_PER_TERM; pi = c->posts.v[pi].next, seen++) {
            /* retired stories have no postings: the sweep that retires them drops them */
            uint32_t si = c->posts.v[pi].story = live_of(c, c->posts.v[pi].story);
            qent *q = &c->q.v[si];
            if (q->stamp == c->query) {
                q->acc += c->vec.v[k].w;
                continue;
            }
            q->stamp = c->query;
            q->acc = c->vec.v[k].w;
            CWI_TRY(CWI_VEC_PUSH(c->cand, si));
        }
    }
    /* Many candidates (a common subject in a large store): only the
     * CAND_MAX that share the most weight are compared in full, so the cost
     * per article stays bounded as the store grows. */
    if (c->cand.n > CAND_MAX) {
        c->rank.n = 0;
        for (size_t k = 0; k < c->cand.n; k++)
            CWI_TRY(CWI_VEC_PUSH(c->rank, ((cwi_cterm){c->cand.v[k], c->q.v[c->cand.v[k]].acc})));
        CWI_TRY(cwi_cterm_top(c->rank.v, c->rank.n, CAND_MAX));
        for (size_t k = 0; k < CAND_MAX; k++) c->cand.v[k] = c->rank.v[k].id;
        c->cand.n = CAND_MAX;
    }
    CWI_TRY(cwi_cterm_sort_id(c->vec.v, c->vec.n));
    uint32_t best = NIL;
    float best_sim = 0;
    /* Stories the article is close to: the best is joined, the others are
     * merge candidates. */
    uint32_t close[CWI_MAX_MERGED + 1];
    size_t n_close = 0;
    for (size_t k = 0; k < c->cand.n; k++) {
        uint32_t si = c->cand.v[k];
        const story *s = &c->stories.v[si];
        float sim = cosine(c->vec.v, c->vec.n, s) * time_factor(c, s, time);
        if (sim < c->p.join) continue;
        if (sim > best_sim) best_sim = sim, best = si;
        if (n_close < CWI_MAX_MERGED + 1) close[n_close++] = si;
    }
    if (best == NIL) {
        uint32_t si;
        CWI_TRY(new_story(c, c->next_id, &si));
        res->created = true;
        CWI_TRY(join(c, si, time));
        res->story = c->stories.v[si].id;
        return CW_OK;
    }
    CWI_TRY(join(c, best, time));
    res->sim = best_sim;
    uint32_t into = best;
    for (size_t k = 0; k < n_close; k++) {
        uint32_t o = close[k];
        if (o == best || c->q.v[o].into != NIL || res->n_merged >= CWI_MAX_MERGED) continue;
        if (centroid_cos(&c->stories.v[into], &c->stories.v[o]) < c->p.merge) continue;
        /* The older (smaller) id survives, so ids stay stable. */
        uint32_t keep = c->stories.v[o].id < c->stories.v[into].id ? o : into;
        uint32_t gone = keep == o ? into : o;
        res->merged[res->n_merged++] = c->stories.v[gone].id;
        CWI_TRY(merge(c, keep, gone));
        into = keep;
    }
    res->story = c->stories.v[into].id;
    return CW_OK;
}

cw_status cwi_cluster_attach(cwi_clusterer *c, int64_t id, const cwi_cterm *terms, size_t n, int64_t time)
{
    if (id <= 0) return CW_ERR_USAGE;
    CWI_TRY(weigh(c, terms, n, true));
    CWI_TRY(tick(c, time));
    const cwi_u64ent *e = cwi_u64tab_find(&c->ids, skey(id));
    uint32_t si;
    if (e)
        si = live_of(c, e->a);
    else
        CWI_TRY(new_story(c, id, &si));
    return join(c, si, time);
}

cw_status cwi_cluster_alias(cwi_clusterer *c, int64_t from, int64_t into)
{
    if (from == into || from <= 0 || into <= 0) return CW_ERR_USAGE;
    const cwi_u64ent *e = cwi_u64tab_find(&c->ids, skey(into));
    uint32_t ti;
    if (e)
        ti = live_of(c, e->a);
    else
        CWI_TRY(new_story(c, into, &ti));
    e = cwi_u64tab_find(&c->ids, skey(from));
    if (!e) {
        uint32_t fi;
        CWI_TRY(new_story(c, from, &fi));
        c->q.v[fi].into = ti;
        c->live--;
        return CW_OK;
    }
    uint32_t fi = live_of(c, e->a);
    if (fi == ti) return CW_OK;
    return merge(c, ti, fi);
}

static double idf_of(const cwi_clusterer *c, uint32_t df)
{
    /* A prior of IDF_PRIOR documents without the term keeps a young
     * collection from treating every shared word as common. */
    cwi_clusterer *m = (cwi_clusterer *)c; /* the cache only */
    if (df < IDF_CACHE) {
        if (m->idf_docs != c->docs) {
            m->idf_docs = c->docs;
            if (++m->idf_gen == 0) {
                memset(m->idf_stamp, 0, sizeof m->idf_stamp);
                m->idf_gen = 1;
            }
        }
        if (m->idf_stamp[df] == m->idf_gen) return m->idf_val[df];
    }
    double idf = ln(((double)c->docs + IDF_PRIOR) / ((double)df + 0.5));
    if (idf < 0) idf = 0;
    if (df < IDF_CACHE) {
        m->idf_stamp[df] = m->idf_gen;
        m->idf_val[df] = idf;
    }
    return idf;
}

double cwi_cluster_idf(const cwi_clusterer *c, uint32_t term)
{
    const cwi_u64ent *e = cwi_u64tab_find(&c->terms, tkey(term));
    return idf_of(c, e ? e->a : 0);
}

double cwi_cluster_tfidf(const cwi_clusterer *c, uint32_t term, float tf)
{
    return tf > 0 ? (1.0 + ln_tf(c, tf)) * cwi_cluster_idf(c, term) : 0;
}

void cwi_cluster_unit(cwi_cterm *v, size_t n)
{
    double norm = 0;
    for (size_t i = 0; i < n; i++) norm += (double)v[i].w * v[i].w;
    norm = root(norm);
    for (size_t i = 0; i < n; i++) v[i].w = norm > 0 ? (float)(v[i].w / norm) : 0;
}
