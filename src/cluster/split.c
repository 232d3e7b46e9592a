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
}

typedef struct tcount {
    uint32_t id, n;
} tcount;

typedef struct side_term {
    uint32_t id;
    uint32_t side;
    float w;
} side_term;

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int by_side_term(const void *a, const void *b)
{
    uint32_t x = ((const side_term *)a)->id, y = ((const side_term *)b)->id;
    return x < y ? -1 : x > y;
}

static uint32_t count_of(const tcount *c, size_t n, uint32_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && c[lo].id == id ? c[lo].n : 0;
}

/* Cosine of two unit vectors sorted by id. */
static double dot(const cwi_cterm *a, uint32_t na, const cwi_cterm *b, uint32_t nb)
{
    uint32_t i = 0, j = 0;
    double d = 0;
    while (i < na && j < nb) {
        if (a[i].id == b[j].id)
            d += (double)a[i++].w * b[j++].w;
        else if (a[i].id < b[j].id)
            i++;
        else
            j++;
    }
    return d;
}

typedef struct work {
    const cwi_cterm *const *vecs;
    const uint32_t *lens;
    cwi_idf_fn idf;
    const void *ud;
    size_t total; /* terms over all articles */
    /* scratch, sized once for the whole group */
    cwi_cterm *cv, *pv;  /* contrast and plain unit vectors, laid out like the input */
    size_t *off;         /* offset of article i's terms */
    uint32_t *ids;       /* term ids of a range, for counting */
    tcount *cnt;
    float *d, *d0;       /* distance matrix: updated by the linkage, and as computed */
    uint32_t *node, *size, *kid, *nsize, *outs, *stk, *leaf, n_leaf;
    uint8_t *active, *side;
    side_term *st;
} work;

static void unit(cwi_cterm *v, uint32_t n)
{
    double norm = 0;
    for (uint32_t k = 0; k < n; k++) norm += (double)v[k].w * v[k].w;
    norm = cwi_cl_sqrt(norm);
    for (uint32_t k = 0; k < n; k++) v[k].w = norm > 0 ? (float)(v[k].w / norm) : 0;
}


/* Proposes a cut of the articles ix[0..m) and decides it. On a kept cut,
 * reorders ix so that the first *na are one part; else *na = 0. */
static void cut(work *w, uint32_t *ix, uint32_t m, const cwi_split_params *p, uint32_t *na)
{
    *na = 0;
    /* Document frequencies within the range. */
    size_t nt = 0;
    for (uint32_t k = 0; k < m; k++)
        for (uint32_t t = 0; t < w->lens[ix[k]]; t++) w->ids[nt++] = w->vecs[ix[k]][t].id;
    qsort(w->ids, nt, sizeof *w->ids, by_u32);
    size_t nc = 0;
    for (size_t t = 0; t < nt; t++) {
        if (nc && w->cnt[nc - 1].id == w->ids[t])
            w->cnt[nc - 1].n++;
        else
            w->cnt[nc++] = (tcount){w->ids[t], 1};
    }
    for (uint32_t k = 0; k < m; k++) {
        uint32_t a = ix[k];
        const cwi_cterm *v = w->vecs[a];
        cwi_cterm *cv = w->cv + w->off[a], *pv = w->pv + w->off[a];
        for (uint32_t t = 0; t < w->lens[a]; t++) {
            double base = v[t].w > 0 ? (1.0 + cwi_cl_ln(v[t].w)) * w->idf(w->ud, v[t].id) : 0;
            if (base < 0) base = 0;
            double share = (double)count_of(w->cnt, nc, v[t].id) / m;
            cv[t] = (cwi_cterm){v[t].id, (float)(base * (1.0 - share))};
            pv[t] = (cwi_cterm){v[t].id, (float)base};
        }
        unit(cv, w->lens[a]);
        unit(pv, w->lens[a]);
    }
    /* Average linkage down to one cluster (naive, O(m^3)), recording the
     * dendrogram: leaves 0..m-1, merge k makes node m+k. */
    float *d = w->d, *d0 = w->d0;
    for (uint32_t i = 0; i < m; i++) {
        d[(size_t)i * m + i] = 0;
        for (uint32_t j = i + 1; j < m; j++) {
            uint32_t a = ix[i], b = ix[j];
            float x = (float)(1.0 - dot(w->cv + w->off[a], w->lens[a], w->cv + w->off[b], w->lens[b]));
            if (x < 0) x = 0;
            d[(size_t)i * m + j] = d[(size_t)j * m + i] = x;
        }
        w->node[i] = i;
        w->size[i] = 1;
        w->active[i] = 1;
    }
    memcpy(d0, d, (size_t)m * m * sizeof *d);
    for (uint32_t k = 0; k + 1 < m; k++) {
        uint32_t bi = 0, bj = 0;
        float best = 1e30f;
        for (uint32_t i = 0; i < m; i++) {
            if (!w->active[i]) continue;
            const float *row = d + (size_t)i * m;
            for (uint32_t j = i + 1; j < m; j++)
                if (w->active[j] && row[j] < best) best = row[j], bi = i, bj = j;
        }
        double si = w->size[bi], sj = w->size[bj];
        for (uint32_t q = 0; q < m; q++) {
            if (!w->active[q] || q == bi || q == bj) continue;
            float x = (float)((si * d[(size_t)bi * m + q] + sj * d[(size_t)bj * m + q]) / (si + sj));
            d[(size_t)bi * m + q] = d[(size_t)q * m + bi] = x;
        }
        w->kid[2 * k] = w->node[bi], w->kid[2 * k + 1] = w->node[bj];
        w->nsize[k] = w->size[bi] + w->size[bj];
        w->size[bi] += w->size[bj];
        w->active[bj] = 0;
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
    for (int b = 0; b < 2; b++) {
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
    /* How alike the parts are, under plain weights: the mean similarity of
     * pairs across the cut over the geometric mean of the mean similarity
     * of pairs within each part. From the parts' sums of unit vectors
     * (|S|^2 = n + twice the sum over pairs), so it costs one pass over the
     * terms. Outliers are left out: the branches decide. Unlike the cosine
     * of the centroids it does not fall with the parts' size, so small
     * parts of one event are not cut apart. */
    size_t ns = 0;
    for (uint32_t k = 0; k < m; k++) {
        uint32_t a = ix[k], side = w->side[k];
        if (side > 1) continue;
        for (uint32_t t = 0; t < w->lens[a]; t++)
            w->st[ns++] = (side_term){w->pv[w->off[a] + t].id, side, w->pv[w->off[a] + t].w};
    }
    qsort(w->st, ns, sizeof *w->st, by_side_term);
    double dd = 0, n0 = 0, n1 = 0;
    for (size_t t = 0; t < ns;) {
        double c[2] = {0, 0};
        size_t u = t;
        while (u < ns && w->st[u].id == w->st[t].id) c[w->st[u].side] += w->st[u].w, u++;
        dd += c[0] * c[1], n0 += c[0] * c[0], n1 += c[1] * c[1];
        t = u;
    }
    double na_ = 0, nb_ = 0;
    for (uint32_t k = 0; k < m; k++) na_ += w->side[k] == 0, nb_ += w->side[k] == 1;
    double wa = (n0 - na_) / (na_ * (na_ - 1)), wb = (n1 - nb_) / (nb_ * (nb_ - 1)), cross = dd / (na_ * nb_);
    double cs = wa > 0 && wb > 0 ? cross / cwi_cl_sqrt(wa * wb) : 1;
    if (cs >= p->max_ratio) return;
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

cw_status cwi_split(const cwi_cterm *const *vecs, const uint32_t *lens, size_t n, cwi_idf_fn idf, const void *ud,
                    const cwi_split_params *p, uint32_t *part, uint32_t *n_parts)
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
    work w = {.vecs = vecs, .lens = lens, .idf = idf, .ud = ud};
    w.off = malloc(n * sizeof *w.off);
    if (!w.off) return CW_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) w.off[i] = w.total, w.total += lens[i];
    size_t tt = w.total > n ? w.total : n;
    w.cv = malloc((tt ? tt : 1) * sizeof *w.cv);
    w.pv = malloc((tt ? tt : 1) * sizeof *w.pv);
    w.ids = malloc(tt * sizeof *w.ids);
    w.cnt = malloc(tt * sizeof *w.cnt);
    w.st = malloc(tt * sizeof *w.st);
    w.d = malloc(n * n * sizeof *w.d);
    w.d0 = malloc(n * n * sizeof *w.d0);
    w.node = malloc(n * sizeof *w.node);
    w.size = malloc(n * sizeof *w.size);
    w.kid = malloc(2 * n * sizeof *w.kid);
    w.nsize = malloc(n * sizeof *w.nsize);
    w.outs = malloc(n * sizeof *w.outs);
    w.stk = malloc(2 * n * sizeof *w.stk);
    w.leaf = malloc(n * sizeof *w.leaf);
    w.active = malloc(n);
    w.side = malloc(n);
    uint32_t *ix = malloc(n * sizeof *ix);
    /* A stack of ranges of ix still to be cut; a range is at least 2*min long. */
    uint32_t *stack = malloc(2 * (n + 1) * sizeof *stack);
    uint32_t *out = malloc(n * sizeof *out);
    cw_status st = CW_OK;
    if (!w.cv || !w.pv || !w.ids || !w.cnt || !w.st || !w.d || !w.d0 || !w.node || !w.size || !w.kid ||
        !w.nsize || !w.outs || !w.stk || !w.leaf || !w.active || !w.side || !ix || !stack ||
        !out) {
        st = CW_ERR_NOMEM;
        goto done;
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
done:
    free(w.off);
    free(w.cv);
    free(w.pv);
    free(w.ids);
    free(w.cnt);
    free(w.st);
    free(w.d);
    free(w.d0);
    free(w.node);
    free(w.size);
    free(w.kid);
    free(w.nsize);
    free(w.outs);
    free(w.stk);
    free(w.leaf);
    free(w.active);
    free(w.side);
    free(ix);
    free(stack);
    free(out);
    return st;
}
