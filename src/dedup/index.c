/* The near-duplicate index: exact hashes, LSH bands of the MinHash and
 * sentence hashes, each mapped to the slots holding it. Posting lists are
 * singly linked through one array, newest first, so adding is O(1) and a
 * lookup reads only the newest entries of a busy key. */
#include <stdlib.h>
#include <string.h>

#include "core/u64tab.h"
#include "dedup/dedup.h"

#define SCAN_PER_KEY 64   /* postings read per key: the newest */
#define COMMON_SENT 8     /* a sentence in this many articles is boilerplate */
#define NIL UINT32_MAX

typedef struct post {
    uint32_t slot, next;
} post;

struct cwi_dedup_index {
    /* key -> a: head of its postings, b: how many articles it was added for */
    cwi_u64tab exact, bands, sents;
    /* The sentence hashes seen COMMON_SENT times or more, again, as bare
     * keys (0: empty): a small table that stays in the cache, where the
     * boilerplate test of every sentence of every article related looks,
     * not in the large one. */
    uint64_t *common;
    size_t common_cap, common_n;
    CWI_VEC(post) posts;
    CWI_VEC(uint32_t) stamp; /* per slot: the query that last saw it */
    uint32_t query;
};

static uint64_t key_of(uint64_t k) { return k ? k : 1; }

/* The entry of key, inserted empty when absent; NULL when out of memory. */
static cwi_u64ent *tab_slot(cwi_u64tab *t, uint64_t key) { return cwi_u64tab_slot(t, key, NIL, 0); }

cwi_dedup_index *cwi_dedup_new(void) { return calloc(1, sizeof(cwi_dedup_index)); }

void cwi_dedup_free(cwi_dedup_index *ix)
{
    if (!ix) return;
    cwi_u64tab_clean(&ix->exact);
    cwi_u64tab_clean(&ix->bands);
    cwi_u64tab_clean(&ix->sents);
    free(ix->common);
    CWI_VEC_FREE(ix->posts);
    CWI_VEC_FREE(ix->stamp);
    free(ix);
}

static uint64_t band_key(const cwi_fp *fp, size_t band)
{
    const size_t rows = CWI_MH_K / CWI_LSH_BANDS;
    uint64_t h = 0x7f4a7c15 + band;
    for (size_t r = 0; r < rows; r++) {
        h ^= fp->mh[band * rows + r];
        h *= 0x100000001b3ULL;
        h ^= h >> 29;
    }
    return key_of(h);
}

/* Files key (not 0, not there yet) among the common sentences. */
static cw_status add_common(cwi_dedup_index *ix, uint64_t key)
{
    if ((ix->common_n + 1) * 2 > ix->common_cap) {
        size_t ncap = ix->common_cap ? ix->common_cap * 2 : 1024;
        uint64_t *nt = calloc(ncap, sizeof *nt);
        if (!nt) return CW_ERR_NOMEM;
        for (size_t i = 0; i < ix->common_cap; i++) {
            if (!ix->common[i]) continue;
            size_t j = cwi_u64tab_home(ix->common[i], ncap);
            while (nt[j]) j = (j + 1) & (ncap - 1);
            nt[j] = ix->common[i];
        }
        free(ix->common);
        ix->common = nt;
        ix->common_cap = ncap;
    }
    size_t i = cwi_u64tab_home(key, ix->common_cap);
    while (ix->common[i]) i = (i + 1) & (ix->common_cap - 1);
    ix->common[i] = key;
    ix->common_n++;
    return CW_OK;
}

static cw_status push(cwi_dedup_index *ix, cwi_u64tab *t, uint64_t key, uint32_t slot)
{
    cwi_u64ent *e = tab_slot(t, key_of(key));
    if (!e) return CW_ERR_NOMEM;
    if (e->a != NIL && ix->posts.v[e->a].slot == slot) return CW_OK; /* same article twice */
    uint32_t head = e->a;
    e->b++;
    post p = {slot, head};
    uint32_t at = (uint32_t)ix->posts.n;
    CWI_TRY(CWI_VEC_PUSH(ix->posts, p));
    /* e may have moved only if the table grew, which push to posts cannot cause. */
    e->a = at;
    if (t == &ix->sents && e->b == COMMON_SENT) return add_common(ix, e->key);
    return CW_OK;
}

/* Asks the memory for the entry of key in t ahead of its use. */
static void prefetch(const cwi_u64tab *t, uint64_t key) { cwi_u64tab_prefetch(t, key_of(key)); }

/* An article's band keys (none without words), and the entries they and
 * its sentences fall on fetched before they are used, so that the cache
 * misses of the large tables overlap. */
static size_t keys_of(const cwi_dedup_index *ix, const cwi_fp *fp, uint64_t *bk)
{
    size_t nb = fp->n_words ? CWI_LSH_BANDS : 0;
    for (size_t b = 0; b < nb; b++) prefetch(&ix->bands, bk[b] = band_key(fp, b));
    for (size_t i = 0; i < fp->sents.n && i < 32; i++)
        if (fp->sents.v[i].hash) prefetch(&ix->sents, fp->sents.v[i].hash);
    return nb;
}

cw_status cwi_dedup_add(cwi_dedup_index *ix, uint32_t slot, const cwi_fp *fp)
{
    if (CWI_NEVER(slot == NIL)) return CW_ERR_LIMIT;
    if (ix->posts.n > (size_t)UINT32_MAX - 1024) return CW_ERR_LIMIT;
    uint64_t bk[CWI_LSH_BANDS];
    size_t nb = keys_of(ix, fp, bk);
    if (fp->exact) CWI_TRY(push(ix, &ix->exact, fp->exact, slot));
    for (size_t b = 0; b < nb; b++) CWI_TRY(push(ix, &ix->bands, bk[b], slot));
    for (size_t i = 0; i < fp->sents.n; i++)
        if (fp->sents.v[i].hash) CWI_TRY(push(ix, &ix->sents, fp->sents.v[i].hash, slot));
    return CW_OK;
}

bool cwi_dedup_common(const cwi_dedup_index *ix, uint64_t sent_hash)
{
    if (!ix->common_cap) return false;
    uint64_t key = key_of(sent_hash);
    for (size_t i = cwi_u64tab_home(key, ix->common_cap); ix->common[i]; i = (i + 1) & (ix->common_cap - 1))
        if (ix->common[i] == key) return true;
    return false;
}

void cwi_dedup_usable(const cwi_dedup_index *ix, const cwi_sent_fp *s, size_t n, size_t min_stems, bool *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = s[i].hash ? !(ix && cwi_dedup_common(ix, s[i].hash)) : s[i].n_stems >= min_stems;
}

static cw_status collect(cwi_dedup_index *ix, const cwi_u64ent *e, size_t max, cwi_slots *out)
{
    if (!e) return CW_OK;
    unsigned seen = 0;
    for (uint32_t i = e->a; i != NIL && seen < SCAN_PER_KEY && out->n < max; i = ix->posts.v[i].next, seen++) {
        uint32_t s = ix->posts.v[i].slot;
        if (s >= ix->stamp.n) {
            size_t need = (size_t)s + 1;
            CWI_TRY(cwi_vec_grow((void **)&ix->stamp.v, &ix->stamp.cap, need, sizeof *ix->stamp.v));
            memset(ix->stamp.v + ix->stamp.n, 0, (need - ix->stamp.n) * sizeof *ix->stamp.v);
            ix->stamp.n = need;
        }
        if (ix->stamp.v[s] == ix->query) continue;
        ix->stamp.v[s] = ix->query;
        CWI_TRY(CWI_VEC_PUSH(*out, s));
    }
    return CW_OK;
}

cw_status cwi_dedup_candidates(cwi_dedup_index *ix, const cwi_fp *fp, size_t max, cwi_slots *out)
{
    if (++ix->query == 0) {
        memset(ix->stamp.v, 0, ix->stamp.n * sizeof *ix->stamp.v);
        ix->query = 1;
    }
    uint64_t bk[CWI_LSH_BANDS];
    size_t nb = keys_of(ix, fp, bk);
    if (fp->exact) CWI_TRY(collect(ix, cwi_u64tab_find(&ix->exact, key_of(fp->exact)), max, out));
    for (size_t b = 0; b < nb; b++) CWI_TRY(collect(ix, cwi_u64tab_find(&ix->bands, bk[b]), max, out));
    for (size_t i = 0; i < fp->sents.n; i++) {
        uint64_t h = fp->sents.v[i].hash;
        if (!h) continue;
        const cwi_u64ent *e = cwi_u64tab_find(&ix->sents, key_of(h));
        if (e && e->b < COMMON_SENT) CWI_TRY(collect(ix, e, max, out));
    }
    return CW_OK;
}

size_t cwi_dedup_bytes(const cwi_dedup_index *ix)
{
    return cwi_u64tab_bytes(&ix->exact) + cwi_u64tab_bytes(&ix->bands) + cwi_u64tab_bytes(&ix->sents) +
           ix->common_cap * sizeof(uint64_t) + ix->posts.cap * sizeof(post) + ix->stamp.cap * sizeof(uint32_t);
}
