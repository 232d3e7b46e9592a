/*
 * The stored form of an article's term vector (the `terms` column the story
 * store keeps beside each fingerprint), and back. A rebuild of the story
 * state from the store reads every article's vector through cwi_cterm_unpack,
 * so the clusterer sees the same sums it saw when the article came.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "core/bytes.h"

#define WEIGHT_FLOAT (1u << 28) /* the doubled-weight varint that says a float follows */

cw_status cwi_cterm_pack(const cwi_cterm *t, size_t n, cwi_buf *b)
{
    cwi_buf_reset(b);
    cwi_cterm *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return CW_ERR_NOMEM;
    if (n) memcpy(v, t, n * sizeof *v);
    size_t u = n;
    cw_status st = cwi_cterm_sum_ids(v, &u);
    uint32_t last = 0;
    if (st == CW_OK) st = cwi_varint_put(b, (uint32_t)u);
    for (size_t i = 0; st == CW_OK && i < u; i++) {
        float twice = v[i].w * 2;
        if ((st = cwi_varint_put(b, v[i].id - last)) != CW_OK) break;
        last = v[i].id;
        if (twice >= 1 && twice < (float)WEIGHT_FLOAT && twice == (float)(uint32_t)twice) {
            st = cwi_varint_put(b, (uint32_t)twice);
        } else {
            uint32_t bits;
            memcpy(&bits, &v[i].w, 4);
            if ((st = cwi_varint_put(b, WEIGHT_FLOAT)) == CW_OK) st = cwi_le32_put(b, bits);
        }
    }
    free(v);
    if (st == CW_OK && b->len % 8 == 0) st = cwi_buf_add(b, "", 1);
    return st;
}

cw_status cwi_cterm_unpack(const void *blob, size_t n, cwi_cterms *out)
{
    const unsigned char *p = blob;
    out->n = 0;
    if (n % 8 == 0) { /* the first format */
        for (size_t i = 0; i + 8 <= n; i += 8) {
            uint32_t id = cwi_le32_get(p + i), w = cwi_le32_get(p + i + 4);
            float f;
            memcpy(&f, &w, 4);
            if (!(f > 0 && f < 1e6f)) continue;
            CWI_TRY(CWI_VEC_PUSH(*out, ((cwi_cterm){id, f})));
        }
        return CW_OK;
    }
    uint32_t id = 0, count = 0, gap, tw;
    size_t at = 0;
    if (!cwi_varint_get(p, n, &at, &count)) return CW_OK;
    for (uint32_t k = 0; k < count; k++) {
        if (!cwi_varint_get(p, n, &at, &gap) || !cwi_varint_get(p, n, &at, &tw)) break; /* damaged: what came before */
        id += gap;
        float f = (float)tw / 2.0f;
        if (tw == WEIGHT_FLOAT) {
            if (n - at < 4) break;
            uint32_t bits = cwi_le32_get(p + at);
            memcpy(&f, &bits, 4);
            at += 4;
        }
        if (!(f > 0 && f < 1e6f)) continue;
        CWI_TRY(CWI_VEC_PUSH(*out, ((cwi_cterm){id, f})));
    }
    return CW_OK;
}
