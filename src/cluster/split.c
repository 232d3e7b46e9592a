/* Splitting a topic group into events: contrast weights, average-linkage
 * bisection, a cut kept only when its parts are far apart. */
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster_math.h"
#include "cluster/split.h"

void cwi_split_defaults(cwi_split_params *p)
{
    p->max_ratio = 0.55f;
    p->min_part = 3;
    p->window_days = 5;
}

double cwi_split_time_factor(int32_t a, int32_t b, double window)
{
    if (a == INT32_MIN || b == INT32_MIN || window <= 0) return 1;
    double g = a > b ? (double)a - b : (double)b - a;
    return g <= window ? 1 : window / g;
}

typedef struct work {
    const cwi_cterm *const *vecs;
    const uint32_t *lens;
    const int32_t *days; /* NULL when none is known */
    double window;       /* cwi_split_params.window_days */
    bool timed;          /* the range being cut spans more than the window */
    cwi_idf_fn idf;
    const void *ud;
    size_t total; /* terms over all articles */
    /* scratch, sized once for the whole group */
    cwi_cterm *cv, *pv;  /* contrast and plain unit vectors, laid out like the input */
    size_t *off;         /* offset of article i's terms */
    uint32_t *ids;       /* scratch of n entries */
    float *bw;           /* (1 + ln tf) * IDF of each term, laid out like the input */
    uint32_t *tix;       /* dense index (0..U) of each term, laid out like the input */
    uint32_t *cntu;      /* per dense term: articles of the range holding it */
    float *acc;          /* per dense term: scatter for dot products, kept zero */
    double *c0, *c1;     /* per dense term: the two sides' sums */
    float *d, *d0;       /* distance matrix: updated by the linkage, and as computed */
    uint32_t *node, *size, *kid, *nsize, *outs, *stk, *leaf, n_leaf;
    uint8_t *active, *side;
    float *rmin;         /* per row: least distance to an active later row */
    uint32_t *rarg;      /* ... and the first row at that distance */
} work;

#define NIL32 UINT32_MAX
#define LN_SMALL 64 /* whole term frequencies whose ln is tabled per call */

/* Row i's least distance to an active later row, and the first such row
 * (NIL32 when none). */
static void row_min(work *w, const float *d, uint32_t m, uint32_t i)
{
    const float *row = d + (size_t)i * m;
    float best = 1e30f;
    uint32_t arg = NIL32;
    for (uint32_t j = i + 1; j < m; j++)
        if (w->active[j] && row[j] < best) best = row[j], arg = j;
    w->rmin[i] = best;
    w->rarg[i] = arg;
}

static void unit(cwi_cterm *v, uint32_t n)
{
    double norm = 0;
    for (uint32_t k = 0; k < n; k++) norm += (double)v[k].w * v[k].w;
    norm = cwi_cl_sqrt(norm);
    for (uint32_t k = 0; k < n; k++) v[k].w = norm > 0 ? (float)(v[k].w / norm) : 0;
}


static double tfac(const work *w, uint32_t a, uint32_t b)
{
    return w->timed ? cwi_split_time_factor(w->days[a], w->days[b], w->window) : 1;
}

/* Whether the articles ix[0..m) span more days than the window. */
static bool spans_window(const work *w, const uint32_t *ix, uint32_t m)
{
    if (!w->days || w->window <= 0) return false;
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (uint32_t k = 0; k < m; k++) {
        int32_t d = w->days[ix[k]];
        if (d == INT32_MIN) continue;
        if (d < lo) lo = d;
        if (d > hi) hi = d;
    }
    return hi != INT32_MIN && (double)hi - lo > w->window;
}

/* How alike the two sides (side 0 and 1; 2 are outliers, left out) are,
 * under plain weights: the mean similarity of pairs across the cut over the
 * geometric mean of the mean similarity of pairs within each side. Unlike
 * the cosine of the centroids it does not fall with the parts' size, so
 * small parts of one event are not cut apart. Undated, from the sides' sums
 * of unit vectors (|S|^2 = n + twice the sum over pairs): one pass over the
 * terms. When time counts, pair by pair, each similarity times the time
 * factor of the pair. */
static double sides_ratio(work *w, const uint32_t *ix, uint32_t m)
{
    double na_ = 0, nb_ = 0, wa, wb, cross;
    for (uint32_t k = 0; k < m; k++) na_ += w->side[k] == 0, nb_ += w->side[k] == 1;
    if (w->timed) {
        double sum[3] = {0, 0, 0}; /* within 0, within 1, across */
        for (uint32_t k = 0; k < m; k++) {
            if (w->side[k] > 1) continue;
            size_t ok = w->off[ix[k]];
            for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->acc[w->tix[ok + t]] = w->pv[ok + t].w;
            for (uint32_t l = k + 1; l < m; l++) {
                if (w->side[l] > 1) continue;
                size_t ol = w->off[ix[l]];
                double dt = 0;
                for (uint32_t t = 0; t < w->lens[ix[l]]; t++) dt += (double)w->acc[w->tix[ol + t]] * w->pv[ol + t].w;
                sum[w->side[k] == w->side[l] ? w->side[k] : 2] += dt * tfac(w, ix[k], ix[l]);
            }
            for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->acc[w->tix[ok + t]] = 0;
        }
        wa = sum[0] * 2 / (na_ * (na_ - 1)), wb = sum[1] * 2 / (nb_ * (nb_ - 1)), cross = sum[2] / (na_ * nb_);
        return wa > 0 && wb > 0 ? cross / cwi_cl_sqrt(wa * wb) : 1;
    }
    double dd = 0, n0 = 0, n1 = 0;
    for (uint32_t k = 0; k < m; k++)
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->c0[w->tix[w->off[ix[k]] + t]] = 0, w->c1[w->tix[w->off[ix[k]] + t]] = 0;
    for (uint32_t k = 0; k < m; k++) {
        if (w->side[k] > 1) continue;
        double *c = w->side[k] ? w->c1 : w->c0;
        size_t o = w->off[ix[k]];
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) c[w->tix[o + t]] += w->pv[o + t].w;
    }
    for (uint32_t k = 0; k < m; k++) {
        size_t o = w->off[ix[k]];
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) {
            uint32_t u = w->tix[o + t];
            if (w->c0[u] < 0) continue; /* counted already */
            dd += w->c0[u] * w->c1[u], n0 += w->c0[u] * w->c0[u], n1 += w->c1[u] * w->c1[u];
            w->c0[u] = -1;
        }
    }
    wa = (n0 - na_) / (na_ * (na_ - 1)), wb = (n1 - nb_) / (nb_ * (nb_ - 1)), cross = dd / (na_ * nb_);
    return wa > 0 && wb > 0 ? cross / cwi_cl_sqrt(wa * wb) : 1;
}

/* Proposes a cut of the articles ix[0..m) and decides it. On a kept cut,
 * reorders ix so that the first *na are one part; else *na = 0. */
static void cut(work *w, uint32_t *ix, uint32_t m, const cwi_split_params *p, uint32_t *na)
{
    *na = 0;
    w->timed = spans_window(w, ix, m);
    /* Document frequencies within the range (terms are distinct within an
     * article), then the contrast vectors. */
    for (uint32_t k = 0; k < m; k++)
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->cntu[w->tix[w->off[ix[k]] + t]] = 0;
    for (uint32_t k = 0; k < m; k++)
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->cntu[w->tix[w->off[ix[k]] + t]]++;
    for (uint32_t k = 0; k < m; k++) {
        uint32_t a = ix[k];
        size_t o = w->off[a];
        for (uint32_t t = 0; t < w->lens[a]; t++)
            w->cv[o + t].w = w->bw[o + t] * (float)(1.0 - (double)w->cntu[w->tix[o + t]] / m);
        unit(w->cv + o, w->lens[a]);
    }
    /* Average linkage down to one cluster (naive, O(m^3)), recording the
     * dendrogram: leaves 0..m-1, merge k makes node m+k. */
    float *d = w->d, *d0 = w->d0;
    for (uint32_t i = 0; i < m; i++) {
        d[(size_t)i * m + i] = 0;
        /* Dot products through a dense scatter of article i's weights. */
        size_t oi = w->off[ix[i]];
        for (uint32_t t = 0; t < w->lens[ix[i]]; t++) w->acc[w->tix[oi + t]] = w->cv[oi + t].w;
        for (uint32_t j = i + 1; j < m; j++) {
            size_t oj = w->off[ix[j]];
            double dt = 0;
            for (uint32_t t = 0; t < w->lens[ix[j]]; t++) dt += (double)w->acc[w->tix[oj + t]] * w->cv[oj + t].w;
            float x = (float)(1.0 - (w->timed ? dt * tfac(w, ix[i], ix[j]) : dt));
            if (x < 0) x = 0;
            d[(size_t)i * m + j] = d[(size_t)j * m + i] = x;
        }
        for (uint32_t t = 0; t < w->lens[ix[i]]; t++) w->acc[w->tix[oi + t]] = 0;
        w->node[i] = i;
        w->size[i] = 1;
        w->active[i] = 1;
    }
    memcpy(d0, d, (size_t)m * m * sizeof *d);
    /* The closest pair is the first (i < j) in row order with the least
     * distance. Each row keeps its least distance to a later active row and
     * the first column holding it, so a merge rescans only the rows it
     * touched rather than the whole matrix: the same pairs, in the same
     * order, as the scan of every pair. */
    float *rmin = w->rmin;
    uint32_t *rarg = w->rarg;
    for (uint32_t i = 0; i < m; i++) row_min(w, d, m, i);
    for (uint32_t k = 0; k + 1 < m; k++) {
        uint32_t bi = 0, bj = 0;
        float best = 1e30f;
        for (uint32_t i = 0; i < m; i++)
            if (w->active[i] && rarg[i] != NIL32 && rmin[i] < best) best = rmin[i], bi = i, bj = rarg[i];
        double si = w->size[bi], sj = w->size[bj];
        for (uint32_t q = 0; q < m; q++) {
            if (!w->active[q] || q == bi || q == bj) continue;
            float x = (float)((si * d[(size_t)bi * m + q] + sj * d[(size_t)bj * m + q]) / (si + sj));
            d[(size_t)bi * m + q] = d[(size_t)q * m + bi] = x;
        }
        w->active[bj] = 0;
        for (uint32_t i = 0; i < bj; i++) {
            if (!w->active[i]) continue;
            if (i == bi || rarg[i] == bi || rarg[i] == bj) {
                row_min(w, d, m, i);
            } else if (i < bi) {
                float x = d[(size_t)i * m + bi];
                if (x < rmin[i] || (x == rmin[i] && bi < rarg[i])) rmin[i] = x, rarg[i] = bi;
            }
        }
        w->kid[2 * k] = w->node[bi], w->kid[2 * k + 1] = w->node[bj];
        w->nsize[k] = w->size[bi] + w->size[bj];
        w->size[bi] += w->size[bj];
        w->node[bi] = m + k;
    }
    /* The cut: from the root down, small branches (fewer than min_part
     * articles: outliers) are set aside until a node splits into two
     * branches of at least min_part each; the outliers then join the side
     * they are closer to on average. */
#define NSIZE(x) ((x) < m ? 1u : w->nsize[(x) - m])
    uint32_t at = 2 * m - 2, n_out = 0;
    for (;;) {
        if (at < m || NSIZE(at) < 2 * p->min_part) return;
        uint32_t l = w->kid[2 * (at - m)], r = w->kid[2 * (at - m) + 1];
        if (NSIZE(l) >= p->min_part && NSIZE(r) >= p->min_part) break;
        uint32_t small = NSIZE(l) < NSIZE(r) ? l : r;
        w->outs[n_out++] = small;
        at = small == l ? r : l;
    }
    /* side[k]: 0 or 1 for the two branches, 2 for outliers. */
    for (uint32_t k = 0; k < m; k++) w->side[k] = 2;
    for (uint32_t b = 0; b < 2; b++) {
        uint32_t sp = 0;
        w->stk[sp++] = w->kid[2 * (at - m) + b];
        while (sp) {
            uint32_t x = w->stk[--sp];
            if (x < m)
                w->side[x] = (uint8_t)b;
            else
                w->stk[sp++] = w->kid[2 * (x - m)], w->stk[sp++] = w->kid[2 * (x - m) + 1];
        }
    }
    /* The branches decide; outliers are left out. */
    if (sides_ratio(w, ix, m) >= p->max_ratio) return;
    for (uint32_t o = 0; o < n_out; o++) {
        double sum[2] = {0, 0};
        uint32_t cnt[2] = {0, 0}, sp = 0;
        w->n_leaf = 0;
        w->stk[sp++] = w->outs[o];
        while (sp) {
            uint32_t x = w->stk[--sp];
            if (x < m)
                w->leaf[w->n_leaf++] = x;
            else
                w->stk[sp++] = w->kid[2 * (x - m)], w->stk[sp++] = w->kid[2 * (x - m) + 1];
        }
        for (uint32_t q = 0; q < w->n_leaf; q++)
            for (uint32_t k = 0; k < m; k++)
                if (w->side[k] < 2) sum[w->side[k]] += d0[(size_t)w->leaf[q] * m + k], cnt[w->side[k]]++;
        uint8_t to = sum[0] * cnt[1] <= sum[1] * cnt[0] ? 0 : 1;
        for (uint32_t q = 0; q < w->n_leaf; q++) w->side[w->leaf[q]] = to + 3; /* settled after the loop */
    }
    for (uint32_t k = 0; k < m; k++)
        if (w->side[k] >= 3) w->side[k] -= 3;
#undef NSIZE
    /* Stable partition: part A (holding the first article) first. */
    uint32_t *tmp = w->ids; /* free again; sized for at least n entries */
    uint32_t a_n = 0, b_n = 0;
    for (uint32_t k = 0; k < m; k++)
        if (w->side[k] == 0) tmp[a_n++] = ix[k];
    for (uint32_t k = 0; k < m; k++)
        if (w->side[k] != 0) tmp[a_n + b_n++] = ix[k];
    memcpy(ix, tmp, m * sizeof *ix);
    *na = a_n;
}

cw_status cwi_split(const cwi_cterm *const *vecs, const uint32_t *lens, const int32_t *days, size_t n, cwi_idf_fn idf,
                    const void *ud, const cwi_split_params *p, uint32_t *part, uint32_t *n_parts)
{
    cwi_split_params dp;
    if (!p) cwi_split_defaults(&dp), p = &dp;
    if (n > 1u << 15) return CW_ERR_LIMIT;
    if (n == 0) {
        *n_parts = 0;
        return CW_OK;
    }
    unsigned minp = p->min_part ? p->min_part : 1;
    if (n < 2 * (size_t)minp) {
        for (size_t i = 0; i < n; i++) part[i] = 0;
        *n_parts = 1;
        return CW_OK;
    }
    work w = {.vecs = vecs, .lens = lens, .days = days, .window = p->window_days, .idf = idf, .ud = ud};
    for (size_t i = 0; i < n; i++) w.total += lens[i];
    size_t tt = w.total > n ? w.total : n;
    size_t hcap = 16;
    while (hcap < 2 * tt) hcap *= 2;
    uint32_t *hslot, *hkey, *ix, *stack, *out; /* hslot: dense index + 1, 0 when empty */
    double *tidf;                              /* per dense term */
    /* All the scratch in one block (a split runs whenever a group has grown
     * by a quarter; thirty allocations a call showed in the profile), each
     * array at a multiple of 16 bytes: its size first, then its place. */
#define SCRATCH(X)                                                                                                    \
    X(w.off, n) X(w.cv, tt) X(w.pv, tt) X(w.ids, tt) X(w.bw, tt) X(w.tix, tt) X(w.cntu, tt) X(w.acc, tt) X(w.c0, tt)  \
    X(w.c1, tt) X(hslot, hcap) X(hkey, hcap) X(tidf, tt) X(w.d, n * n) X(w.d0, n * n) X(w.node, n) X(w.size, n)        \
    X(w.kid, 2 * n) X(w.nsize, n) X(w.outs, n) X(w.stk, 2 * n) X(w.leaf, n) X(w.active, n) X(w.side, n)              \
    X(w.rmin, n) X(w.rarg, n) X(ix, n) X(stack, 2 * (n + 1)) X(out, n)
#define ROUND16(b) (((b) + 15) & ~(size_t)15)
#define SIZE_OF(p, count) bytes += ROUND16((count) * sizeof *(p));
#define PLACE(p, count) (p) = (void *)(block + at), at += ROUND16((count) * sizeof *(p));
    size_t bytes = 0, at = 0;
    SCRATCH(SIZE_OF)
    unsigned char *block = malloc(bytes);
    if (!block) return CW_ERR_NOMEM;
    SCRATCH(PLACE)
#undef PLACE
#undef SIZE_OF
#undef ROUND16
#undef SCRATCH
    memset(w.acc, 0, tt * sizeof *w.acc);
    memset(hslot, 0, hcap * sizeof *hslot);
    w.total = 0;
    for (size_t i = 0; i < n; i++) w.off[i] = w.total, w.total += lens[i];
    /* Once for the whole group: each term's dense index, its base weight,
     * and the plain unit vectors (neither depends on the range cut). Each
     * term's IDF is asked once; ln of small whole term frequencies (most of
     * them) comes from a table of the same function's values. */
    double ln_small[LN_SMALL];
    for (int k = 1; k < LN_SMALL; k++) ln_small[k] = cwi_cl_ln(k);
    uint32_t u_n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t o = w.off[i];
        for (uint32_t t = 0; t < lens[i]; t++) {
            uint32_t id = vecs[i][t].id;
            size_t h = (size_t)(id * 0x9e3779b1u) & (hcap - 1);
            while (hslot[h] && hkey[h] != id) h = (h + 1) & (hcap - 1);
            if (!hslot[h]) hkey[h] = id, hslot[h] = ++u_n, tidf[u_n - 1] = idf(ud, id);
            w.tix[o + t] = hslot[h] - 1;
            float tf = vecs[i][t].w;
            double ln_tf = tf >= 1 && tf < LN_SMALL && tf == (float)(int)tf ? ln_small[(int)tf] : cwi_cl_ln(tf);
            double base = tf > 0 ? (1.0 + ln_tf) * tidf[hslot[h] - 1] : 0;
            w.bw[o + t] = base > 0 ? (float)base : 0;
            w.pv[o + t] = (cwi_cterm){id, w.bw[o + t]};
            w.cv[o + t] = (cwi_cterm){id, 0};
        }
        unit(w.pv + o, lens[i]);
    }
    for (uint32_t i = 0; i < n; i++) ix[i] = i;
    size_t sp = 0;
    uint32_t parts = 0;
    stack[sp++] = 0, stack[sp++] = (uint32_t)n;
    while (sp) {
        uint32_t hi = stack[--sp], lo = stack[--sp], m = hi - lo, na = 0;
        if (m >= 2 * minp) cut(&w, ix + lo, m, p, &na);
        if (!na) {
            for (uint32_t k = lo; k < hi; k++) out[ix[k]] = parts;
            parts++;
            continue;
        }
        /* B is pushed first so A (holding the earlier articles) is numbered first. */
        stack[sp++] = lo + na, stack[sp++] = hi;
        stack[sp++] = lo, stack[sp++] = lo + na;
    }
    memcpy(part, out, n * sizeof *part);
    *n_parts = parts;
    free(block);
    return CW_OK;
}
