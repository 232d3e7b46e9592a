/*
 * The stored evidence of a relation (the `evidence` column of a stored
 * relation): the byte spans of the sentence pairs that tie two articles,
 * and back, for `crosswire related`.
 */
#include "core/bytes.h"
#include "dedup/dedup.h"

cw_status cwi_evidence_pack(const cwi_relation *r, const cwi_fp *a, const cwi_fp *b, cwi_buf *out)
{
    cwi_buf_reset(out);
    uint32_t v[CWI_EVIDENCE_MAX][4], n = 0;
    for (size_t i = 0; i < r->pairs.n && n < CWI_EVIDENCE_MAX; i++) {
        const cwi_sent_pair *p = &r->pairs.v[i];
        if (p->a >= a->sents.n || p->b >= b->sents.n) continue;
        const cwi_sent_fp *x = &a->sents.v[p->a], *y = &b->sents.v[p->b];
        v[n][0] = x->start, v[n][1] = x->end - x->start, v[n][2] = y->start, v[n][3] = y->end - y->start;
        n++;
    }
    CWI_TRY(cwi_varint_put(out, n));
    for (uint32_t i = 0; i < n; i++)
        for (int k = 0; k < 4; k++) CWI_TRY(cwi_varint_put(out, v[i][k]));
    if (out->len % 16 == 0) CWI_TRY(cwi_buf_add(out, "", 1));
    return CW_OK;
}

size_t cwi_evidence_unpack(const void *blob, size_t n, uint32_t (*v)[4], size_t max)
{
    const unsigned char *p = blob;
    size_t got = 0;
    if (!p) return 0;
    if (n % 16 == 0) {
        for (size_t i = 0; i + 16 <= n && got < max; i += 16, got++)
            for (int k = 0; k < 4; k++) v[got][k] = cwi_le32_get(p + i + 4 * k);
        return got;
    }
    size_t at = 0;
    uint32_t count, x[4];
    if (!cwi_varint_get(p, n, &at, &count)) return 0;
    for (uint32_t i = 0; i < count && got < max; i++) {
        bool ok = true;
        for (int k = 0; k < 4 && ok; k++) ok = cwi_varint_get(p, n, &at, &x[k]);
        if (!ok || x[1] > UINT32_MAX - x[0] || x[3] > UINT32_MAX - x[2]) break;
        v[got][0] = x[0], v[got][1] = x[0] + x[1], v[got][2] = x[2], v[got][3] = x[2] + x[3];
        got++;
    }
    return got;
}
