/* Fingerprints of a text, their byte form, and relating two of them. */
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "dedup/dedup.h"

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

void cwi_fp_clean(cwi_fp *fp)
{
    if (!fp) return;
    CWI_VEC_FREE(fp->sents);
    CWI_VEC_FREE(fp->stems);
    memset(fp, 0, sizeof *fp);
}

void cwi_relation_clean(cwi_relation *r)
{
    if (!r) return;
    CWI_VEC_FREE(r->pairs);
    CWI_VEC_FREE(r->ua);
    CWI_VEC_FREE(r->lane);
    free(r->lane_key);
    free(r->lane_mask);
    free(r->lane_zero);
    free(r->scratch);
    memset(r, 0, sizeof *r);
}

/* gcc builds the MinHash loop for AVX-512 and AVX2 beside the baseline and
 * picks one at load time (ifunc); the 64 hashes of a shingle are
 * independent, so they go 8 or 4 to an instruction. Same values on every
 * path: integer arithmetic only. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define MH_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define MH_CLONES
#endif

/* MinHash over shingles of CWI_SHINGLE stems; a text shorter than one
 * shingle is one shingle. */
MH_CLONES static void minhash(const cwi_words *w, uint32_t mh_out[CWI_MH_K])
{
    uint32_t mh[CWI_MH_K];
    for (size_t k = 0; k < CWI_MH_K; k++) mh[k] = UINT32_MAX;
    size_t nsh = w->n >= CWI_SHINGLE ? w->n - CWI_SHINGLE + 1 : (w->n ? 1 : 0);
    for (size_t i = 0; i < nsh; i++) {
        uint64_t h = 0x51ed270b;
        for (size_t k = i; k < i + CWI_SHINGLE && k < w->n; k++) h = mix64(h * 31 + w->v[k].stem);
        for (size_t k = 0; k < CWI_MH_K; k++) {
            uint32_t v = (uint32_t)(mix64(h ^ (0x2545f4914f6cdd1dULL * (k + 1))) >> 32);
            mh[k] = v < mh[k] ? v : mh[k];
        }
    }
    memcpy(mh_out, mh, sizeof mh);
}

cw_status cwi_fp_make(const cwi_words *w, const cwi_span *sents, size_t nsent, cwi_fp *out)
{
    out->n_words = (uint32_t)w->n;
    for (size_t k = 0; k < CWI_MH_K; k++) out->mh[k] = UINT32_MAX;
    uint64_t ex = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < w->n; i++) ex = mix64(ex ^ w->v[i].word) + i;
    out->exact = w->n ? ex : 0;

    minhash(w, out->mh);

    /* Per sentence: the hash of its words and its sorted content stems. */
    size_t wi = 0;
    for (size_t s = 0; s < nsent && s < 65535; s++) {
        cwi_sent_fp sf = {sents[s].start, sents[s].end, 0, (uint32_t)out->stems.n, 0};
        while (wi < w->n && w->v[wi].sent < s) wi++;
        uint64_t h = 0xcbf29ce484222325ULL;
        size_t nw = 0;
        for (; wi < w->n && w->v[wi].sent == s; wi++) {
            const cwi_word *x = &w->v[wi];
            h = mix64(h ^ x->word);
            nw++;
            if (!x->stop) CWI_TRY(CWI_VEC_PUSH(out->stems, x->stem));
        }
        if (nw >= CWI_SENT_MIN_WORDS) sf.hash = h ? h : 1;
        uint32_t *st = out->stems.v + sf.stems_off;
        size_t m = out->stems.n - sf.stems_off;
        cwi_sort_u32(st, m);
        size_t u = 0;
        for (size_t k = 0; k < m; k++)
            if (!u || st[k] != st[u - 1]) st[u++] = st[k];
        u = CWI_MIN(u, 4096);
        out->stems.n = sf.stems_off + u;
        sf.n_stems = (uint16_t)u;
        CWI_TRY(CWI_VEC_PUSH(out->sents, sf));
    }
    return CW_OK;
}

/* ---- byte form: little-endian, "FP1" then the fields in order ---- */

cw_status cwi_fp_pack(const cwi_fp *fp, cwi_buf *out)
{
    CWI_TRY(cwi_buf_add(out, "FP1", 3));
    CWI_TRY(cwi_le64_put(out, fp->exact));
    CWI_TRY(cwi_le32_put(out, fp->n_words));
    for (size_t k = 0; k < CWI_MH_K; k++) CWI_TRY(cwi_le32_put(out, fp->mh[k]));
    CWI_TRY(cwi_le32_put(out, (uint32_t)fp->sents.n));
    CWI_TRY(cwi_le32_put(out, (uint32_t)fp->stems.n));
    for (size_t i = 0; i < fp->sents.n; i++) {
        const cwi_sent_fp *s = &fp->sents.v[i];
        CWI_TRY(cwi_le32_put(out, s->start));
        CWI_TRY(cwi_le32_put(out, s->end));
        CWI_TRY(cwi_le64_put(out, s->hash));
        CWI_TRY(cwi_le32_put(out, s->stems_off));
        CWI_TRY(cwi_le32_put(out, s->n_stems));
    }
    for (size_t i = 0; i < fp->stems.n; i++) CWI_TRY(cwi_le32_put(out, fp->stems.v[i]));
    return CW_OK;
}

cw_status cwi_fp_unpack(const void *blob, size_t n, cwi_fp *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *p = blob;
    size_t head = 3 + 8 + 4 + 4 * CWI_MH_K + 8;
    if (!p || n < head || memcmp(p, "FP1", 3)) return CW_ERR_INPUT;
    out->exact = cwi_le64_get(p + 3);
    out->n_words = cwi_le32_get(p + 11);
    for (size_t k = 0; k < CWI_MH_K; k++) out->mh[k] = cwi_le32_get(p + 15 + 4 * k);
    size_t ns = cwi_le32_get(p + head - 8), nst = cwi_le32_get(p + head - 4);
    if (ns > 65535 || nst > (n - head) / 4 || (n - head) != ns * 24 + nst * 4) return CW_ERR_INPUT;
    const unsigned char *q = p + head;
    if (ns && cwi_vec_grow((void **)&out->sents.v, &out->sents.cap, ns, sizeof *out->sents.v) != CW_OK)
        return CW_ERR_NOMEM;
    if (nst && cwi_vec_grow((void **)&out->stems.v, &out->stems.cap, nst, sizeof *out->stems.v) != CW_OK) {
        cwi_fp_clean(out);
        return CW_ERR_NOMEM;
    }
    for (size_t i = 0; i < ns; i++, q += 24) {
        cwi_sent_fp s = {cwi_le32_get(q), cwi_le32_get(q + 4), cwi_le64_get(q + 8), cwi_le32_get(q + 16), (uint16_t)cwi_le32_get(q + 20)};
        if (s.stems_off > nst || s.n_stems > nst - s.stems_off || s.start > s.end) {
            cwi_fp_clean(out);
            return CW_ERR_INPUT;
        }
        out->sents.v[out->sents.n++] = s;
    }
    for (size_t i = 0; i < nst; i++, q += 4) out->stems.v[out->stems.n++] = cwi_le32_get(q);
    return CW_OK;
}

/* ---- relating two fingerprints ---- */

#define MIN_STEMS 5        /* sentences with fewer content words are not compared by content */
#define SIM_RETOLD 0.4f    /* Dice of content stems for a retold sentence */
#define SIM_SAME 0.8f      /* ... for a sentence kept nearly word for word */

/* Where stem's probe starts in a lane table of 1 << bits entries. */
static size_t lane_home(uint32_t stem, unsigned bits) { return (uint32_t)(stem * 0x9e3779b1u) >> (32 - bits); }

/* The lanes of one table (keys k, masks m) that hold stem. A table is at
 * most a quarter full, so a stem that is not there (most of them) is told
 * by one or two keys, read from the same cache line. */
static inline uint64_t lanes_of(const uint32_t *k, const uint64_t *m, uint64_t zero, unsigned bits, uint32_t stem)
{
    if (!stem) return zero;
    size_t mask = ((size_t)1 << bits) - 1;
    for (size_t h = lane_home(stem, bits);; h = (h + 1) & mask) {
        if (k[h] == stem) return m[h];
        if (!k[h]) return 0;
    }
}

cw_status cwi_relate_begin(const cwi_fp *a, const cwi_dedup_index *idx, cwi_relation *out)
{
    out->ua_fp = out->ua_idx = NULL;
    out->ua.n = out->lane.n = 0;
    size_t n = a->sents.n, most = 0, in_chunk = 0;
    if (n) CWI_TRY(cwi_vec_grow((void **)&out->ua.v, &out->ua.cap, n, sizeof *out->ua.v));
    cwi_dedup_usable(idx, a->sents.v, n, MIN_STEMS, out->ua.v);
    for (size_t i = 0; i < n; i++) {
        const cwi_sent_fp *s = &a->sents.v[i];
        if (!out->ua.v[i] || s->n_stems < MIN_STEMS) continue;
        if (out->lane.n % 64 == 0) in_chunk = 0;
        CWI_TRY(CWI_VEC_PUSH(out->lane, (uint16_t)i));
        in_chunk += s->n_stems;
        most = CWI_MAX(most, in_chunk);
    }
    out->ua.n = n;
    unsigned bits = 4;
    while (((size_t)1 << bits) < 4 * most) bits++;
    size_t chunks = (out->lane.n + 63) / 64, per = (size_t)1 << bits, need = chunks * per;
    if (need > out->lanes_cap) {
        uint32_t *k = malloc(need * sizeof *k);
        uint64_t *m = malloc(need * sizeof *m);
        if (!k || !m) {
            free(k);
            free(m);
            return CW_ERR_NOMEM;
        }
        free(out->lane_key);
        free(out->lane_mask);
        out->lane_key = k;
        out->lane_mask = m;
        out->lanes_cap = need;
    }
    uint64_t *zero = realloc(out->lane_zero, (chunks ? chunks : 1) * sizeof *zero);
    if (!zero) return CW_ERR_NOMEM;
    out->lane_zero = zero;
    if (need) memset(out->lane_key, 0, need * sizeof *out->lane_key);
    memset(zero, 0, (chunks ? chunks : 1) * sizeof *zero);
    out->lane_bits = bits;
    for (size_t l = 0; l < out->lane.n; l++) {
        const cwi_sent_fp *s = &a->sents.v[out->lane.v[l]];
        uint32_t *k = out->lane_key + (l >> 6) * per;
        uint64_t *m = out->lane_mask + (l >> 6) * per, bit = 1ULL << (l & 63);
        for (size_t j = 0; j < s->n_stems; j++) {
            uint32_t x = a->stems.v[s->stems_off + j];
            if (!x) {
                zero[l >> 6] |= bit;
                continue;
            }
            size_t h = lane_home(x, bits);
            while (k[h] && k[h] != x) h = (h + 1) & (per - 1);
            if (!k[h]) k[h] = x, m[h] = 0;
            m[h] |= bit;
        }
    }
    out->ua_fp = a;
    out->ua_idx = idx;
    return CW_OK;
}

void cwi_relate_end(cwi_relation *out)
{
    out->ua_fp = out->ua_idx = NULL;
    out->ua.n = out->lane.n = 0;
}

static cw_status relate_noted(const cwi_fp *a, const cwi_fp *b, const cwi_dedup_index *idx, cwi_relation *out);

cw_status cwi_relate(const cwi_fp *a, const cwi_fp *b, const cwi_dedup_index *idx, cwi_relation *out)
{
    bool noted = out->ua_fp == a && out->ua_idx == idx && out->ua.n == a->sents.n;
    if (!noted) CWI_TRY(cwi_relate_begin(a, idx, out));
    cw_status st = relate_noted(a, b, idx, out);
    if (!noted) cwi_relate_end(out);
    return st;
}

static cw_status relate_noted(const cwi_fp *a, const cwi_fp *b, const cwi_dedup_index *idx, cwi_relation *out)
{
    const bool *ua = out->ua.v;
    out->pairs.n = 0;
    out->kind = CWI_REL_NONE;
    out->same_sents = 0;
    out->share = 0;
    unsigned eq = 0;
    for (size_t k = 0; k < CWI_MH_K; k++) eq += a->mh[k] == b->mh[k];
    out->jaccard = (float)eq / CWI_MH_K;

    /* Scratch, one block kept in out between calls: the longest-chain arrays
     * (one entry per pair, at most one per sentence of a), each of a's
     * sentences' best match so far, and which of b's sentences count
     * (looked up once, not per pair). */
    size_t sa = a->sents.n, sb = b->sents.n;
    size_t npmax = sa + 1;
    size_t need = 2 * npmax * sizeof(size_t) + npmax * (sizeof(float) + sizeof(uint16_t)) + (sb + 1);
    if (need > out->scratch_cap) {
        size_t grow = need + need / 2;
        void *p = realloc(out->scratch, grow);
        if (!p) return CW_ERR_NOMEM;
        out->scratch = p;
        out->scratch_cap = grow;
    }
    size_t *tail = out->scratch, *prev = tail + npmax;
    float *best = (float *)(prev + npmax);
    uint16_t *bj = (uint16_t *)(best + npmax);
    bool *ub = (bool *)(bj + npmax);
    cw_status st = CW_OK;
    size_t na = 0, nb = 0;
    /* A 256-bit filter of b's usable sentence hashes: most of a's sentences
     * have no twin in b, and the filter says so without scanning b. */
    uint64_t bloom[4] = {0, 0, 0, 0};
    cwi_dedup_usable(idx, b->sents.v, sb, MIN_STEMS, ub);
    for (size_t j = 0; j < sb; j++) {
        const cwi_sent_fp *t = &b->sents.v[j];
        nb += ub[j];
        if (ub[j] && t->hash) bloom[(t->hash >> 6) & 3] |= 1ULL << (t->hash & 63);
    }
    /* The best match of each of a's sentences is the first of b's sentences
     * with the highest similarity: 1 for the same sentence, else Dice of
     * content stems. The same sentence first ... */
    for (size_t i = 0; i < sa; i++) {
        const cwi_sent_fp *s = &a->sents.v[i];
        best[i] = 0;
        bj[i] = 0;
        if (!ua[i]) continue;
        na++;
        if (s->hash && (bloom[(s->hash >> 6) & 3] >> (s->hash & 63) & 1))
            for (size_t j = 0; j < sb; j++)
                if (ub[j] && s->hash == b->sents.v[j].hash) {
                    best[i] = 1.0f, bj[i] = (uint16_t)j;
                    break;
                }
    }
    /* ... then the stems: for each of b's sentences, the stems it shares with
     * every lane of a at once, counted in binary across 64 lanes (plane q
     * holds bit q of each lane's count), 64 lanes at a time. */
    const unsigned bits = out->lane_bits;
    for (size_t c = 0; c * 64 < out->lane.n; c++) {
        const uint16_t *lane = out->lane.v + c * 64;
        const uint32_t *tk = out->lane_key + (c << bits);
        const uint64_t *tm = out->lane_mask + (c << bits), tz = out->lane_zero[c];
        for (size_t j = 0; j < sb; j++) {
            const cwi_sent_fp *t = &b->sents.v[j];
            if (!ub[j] || t->n_stems < MIN_STEMS) continue;
            uint64_t plane[13], touched = 0; /* a count is at most 4096 stems */
            unsigned top = 0;
            for (size_t k = 0; k < t->n_stems; k++) {
                uint64_t m = lanes_of(tk, tm, tz, bits, b->stems.v[t->stems_off + k]), carry = m;
                if (!m) continue;
                unsigned q = 0;
                for (; carry && q < top; q++) {
                    uint64_t x = plane[q] & carry;
                    plane[q] ^= carry;
                    carry = x;
                }
                if (carry) plane[top++] = carry;
                touched |= m;
            }
            for (; touched; touched &= touched - 1) {
                unsigned l = (unsigned)__builtin_ctzll(touched), cnt = 0;
                for (unsigned q = 0; q < top; q++) cnt |= (unsigned)(plane[q] >> l & 1) << q;
                size_t i = lane[l];
                unsigned tot = a->sents.v[i].n_stems + t->n_stems;
                /* Below SIM_RETOLD (Dice 2c/tot < 0.4 exactly when 5c < tot) a
                 * match can neither make a pair nor beat one. */
                if (5 * cnt < tot) continue;
                float sim = 2.0f * (float)cnt / (float)tot;
                if (sim > best[i] || (sim == best[i] && j < bj[i])) best[i] = sim, bj[i] = (uint16_t)j;
            }
        }
    }
    for (size_t i = 0; i < sa; i++)
        if (ua[i] && best[i] >= SIM_RETOLD) {
            cwi_sent_pair p = {(uint16_t)i, bj[i], best[i]};
            if ((st = CWI_VEC_PUSH(out->pairs, p)) != CW_OK) return st;
        }
    size_t minn = CWI_MIN(na, nb);
    size_t close = 0;
    for (size_t i = 0; i < out->pairs.n; i++) {
        if (out->pairs.v[i].sim >= 1.0f) out->same_sents++;
        if (out->pairs.v[i].sim >= SIM_SAME) close++;
    }
    out->share = minn ? (float)close / (float)minn : 0;

    /* The longest chain of pairs in the order of both articles: a retelling
     * follows its source. O(n log n) patience sort; pairs are in a's order. */
    size_t np = out->pairs.n, len = 0;
    if (CWI_NEVER(np >= npmax)) return CW_ERR_USAGE;
    for (size_t i = 0; i < np; i++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (out->pairs.v[tail[mid]].b < out->pairs.v[i].b)
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
        tail[lo] = i;
        if (lo == len) len++;
    }
    bool retold = len >= 5 && minn && (float)len / (float)minn >= 0.25f;

    if (a->exact && a->exact == b->exact)
        out->kind = CWI_REL_EXACT;
    else if ((out->jaccard >= 0.5f && (out->share >= 0.5f || !minn)) || (close >= 2 && out->share >= 0.7f))
        out->kind = CWI_REL_NEAR;
    else if (out->same_sents >= 3 || (out->same_sents >= 2 && minn && (float)out->same_sents / (float)minn >= 0.3f) ||
             retold)
        out->kind = CWI_REL_ORIGIN;

    if (out->kind == CWI_REL_ORIGIN && out->same_sents < 2 && len) {
        /* The evidence of a retelling is the chain itself, in order: walk it
         * back into tail[0..len), then keep only those pairs. */
        size_t i = tail[len - 1];
        for (size_t k = len; k-- > 0 && i != SIZE_MAX; i = prev[i]) tail[k] = i;
        for (size_t k = 0; k < len; k++) out->pairs.v[k] = out->pairs.v[tail[k]];
        out->pairs.n = len;
    }
    return st;
}
