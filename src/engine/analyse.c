/*
 * The order-free part of relating and clustering an article: words, stems,
 * fingerprint and cluster terms, which depend on the article alone; and the
 * form in which a prepared record carries them from the stateless half of
 * an ingest to the stateful one (base64 of a small binary blob).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "crosswire.h"
#include "engine/analyse.h"

/* Boosts of the article vector (names get theirs in story_terms.c). */
#define W_BODY 1.0f
#define W_TITLE 3.0f

void cwi_analyser_init(cwi_analyser *an)
{
    memset(an, 0, sizeof *an);
    cwi_vocab_init(&an->vocab);
}

void cwi_analyser_clean(cwi_analyser *an)
{
    if (!an) return;
    for (size_t i = 0; i < an->n_stem; i++) cwi_stemmer_free(an->stem[i].st);
    cwi_words_scratch_clean(&an->ws);
    CWI_VEC_FREE(an->words);
    CWI_VEC_FREE(an->twords);
    an->n_stem = 0;
}

/* The stemmer of a language, made once. English by default, and for a text
 * too short to tell ("und": a headline alone), so that its words stem as a
 * long article's do. When the cache is full its last entry makes room, so
 * that how an article's words stem never depends on the articles before it
 * (NULL only when the language has no stemmer, or out of memory). */
static cwi_stemmer *stemmer_for(cwi_analyser *an, const char *lang)
{
    char l[8] = "en";
    if (lang && *lang && strcmp(lang, "und") != 0 && strlen(lang) < sizeof l) strcpy(l, lang);
    for (size_t i = 0; i < an->n_stem; i++)
        if (!strcmp(an->stem[i].lang, l)) return an->stem[i].st;
    if (an->n_stem == CWI_ANALYSE_STEMMERS) cwi_stemmer_free(an->stem[--an->n_stem].st);
    strcpy(an->stem[an->n_stem].lang, l);
    an->stem[an->n_stem].st = cwi_stemmer_new(l);
    return an->stem[an->n_stem++].st;
}

cw_status cwi_analyse_words(cwi_analyser *an, const char *text, size_t n, const cwi_span *sents, size_t nsent,
                            const char *title, const char *lang)
{
    cwi_stemmer *stem = stemmer_for(an, lang);
    an->words.n = an->twords.n = 0;
    CWI_TRY(cwi_words_of(text, n, sents, nsent, stem, &an->ws, &an->words));
    if (title) CWI_TRY(cwi_words_of(title, strlen(title), NULL, 0, stem, &an->ws, &an->twords));
    return CW_OK;
}

cw_status cwi_analyse(cwi_analyser *an, const char *text, size_t n, const cwi_span *sents, size_t nsent,
                      const char *title, const char *lang, cwi_fp *fp, cwi_cterms *terms)
{
    terms->n = 0;
    CWI_TRY(cwi_analyse_words(an, text, n, sents, nsent, title, lang));
    CWI_TRY(cwi_fp_make(&an->words, sents, nsent, fp));
    CWI_TRY(cwi_story_terms(&an->vocab, &an->words, W_BODY, true, terms));
    CWI_TRY(cwi_story_terms(&an->vocab, &an->twords, W_TITLE, true, terms));
    /* Summed by id once here: the clusterer, the split vector and the stored
     * terms each sum them again, and then find nothing left to do. */
    return cwi_cterm_sum_ids(terms->v, &terms->n);
}

cw_status cwi_analyse_stems(cwi_analyser *an, cwi_cterms *terms)
{
    terms->n = 0;
    CWI_TRY(cwi_story_terms(&an->vocab, &an->words, W_BODY, false, terms));
    return cwi_story_terms(&an->vocab, &an->twords, W_TITLE, false, terms);
}

void cwi_analysis_clean(cwi_analysis *a)
{
    CWI_VEC_FREE(a->sents);
    cwi_fp_clean(&a->fp);
    CWI_VEC_FREE(a->terms);
}

/* ---- the carried form ---- */

/* "CWA1", the version's length and bytes, the key (u64), the sentence
 * spans (count, then gap from the previous end and length, varints), the
 * packed fingerprint (length u32, then cwi_fp_pack's bytes), the terms
 * (count u32, then id u32 and weight's bits u32 each: exact). */
#define MAGIC "CWA1"

static uint64_t key_of(const char *title, const char *text, size_t n, const char *lang)
{
    uint64_t h = cwi_hash64(CW_VERSION, strlen(CW_VERSION), 0x616e61);
    h = cwi_hash64(title ? title : "", title ? strlen(title) : 0, h);
    h = cwi_hash64(lang ? lang : "", lang ? strlen(lang) : 0, h ^ 0x6c);
    return cwi_hash64(text, n, h ^ 0x74);
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static cw_status b64_put(const unsigned char *p, size_t n, cwi_buf *out)
{
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        q[0] = B64[v >> 18 & 63], q[1] = B64[v >> 12 & 63];
        q[2] = i + 1 < n ? B64[v >> 6 & 63] : '=';
        q[3] = i + 2 < n ? B64[v & 63] : '=';
        CWI_TRY(cwi_buf_add(out, q, 4));
    }
    return CW_OK;
}

/* The value of a base64 digit; -1 for anything else. */
static int b64_val(unsigned char c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
           : c == '/'             ? 63
                                  : -1;
}

/* Decodes b64[0..len) into out (reset); false when it is not base64. */
static bool b64_get(const char *b64, size_t len, cwi_buf *out)
{
    cwi_buf_reset(out);
    if (len % 4) return false;
    if (cwi_buf_reserve(out, len / 4 * 3) != CW_OK) return false;
    for (size_t i = 0; i < len; i += 4) {
        int a = b64_val((unsigned char)b64[i]), b = b64_val((unsigned char)b64[i + 1]);
        int c = b64[i + 2] == '=' && i + 4 == len ? 0 : b64_val((unsigned char)b64[i + 2]);
        int d = b64[i + 3] == '=' && i + 4 == len ? 0 : b64_val((unsigned char)b64[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0 || (b64[i + 2] == '=' && b64[i + 3] != '=')) return false;
        unsigned char x[3] = {(unsigned char)(a << 2 | b >> 4), (unsigned char)(b << 4 | c >> 2),
                              (unsigned char)(c << 6 | d)};
        size_t k = b64[i + 2] == '=' ? 1 : b64[i + 3] == '=' ? 2 : 3;
        if (cwi_buf_add(out, x, k) != CW_OK) return false;
    }
    return true;
}

cw_status cwi_analysis_pack(const char *title, const char *text, size_t n, const char *lang, const cwi_span *sents,
                            size_t nsent, const cwi_fp *fp, const cwi_cterms *terms, cwi_buf *out)
{
    cwi_buf b, f;
    cwi_buf_init(&b, 0);
    cwi_buf_init(&f, 0);
    cw_status st = cwi_buf_add(&b, MAGIC, 4);
    unsigned char vl = (unsigned char)strlen(CW_VERSION);
    if (st == CW_OK) st = cwi_buf_add(&b, &vl, 1);
    if (st == CW_OK) st = cwi_buf_add(&b, CW_VERSION, vl);
    if (st == CW_OK) st = cwi_le64_put(&b, key_of(title, text, n, lang));
    if (st == CW_OK) st = nsent > UINT32_MAX ? CW_ERR_LIMIT : cwi_varint_put(&b, (uint32_t)nsent);
    uint32_t prev = 0;
    for (size_t i = 0; i < nsent && st == CW_OK; i++) {
        if (sents[i].start < prev || sents[i].end < sents[i].start) st = CW_ERR_USAGE;
        if (st == CW_OK) st = cwi_varint_put(&b, sents[i].start - prev);
        if (st == CW_OK) st = cwi_varint_put(&b, sents[i].end - sents[i].start);
        prev = sents[i].end;
    }
    if (st == CW_OK) st = cwi_fp_pack(fp, &f);
    if (st == CW_OK) st = f.len > UINT32_MAX ? CW_ERR_LIMIT : cwi_le32_put(&b, (uint32_t)f.len);
    if (st == CW_OK) st = cwi_buf_add(&b, f.data, f.len);
    if (st == CW_OK) st = terms->n > UINT32_MAX ? CW_ERR_LIMIT : cwi_le32_put(&b, (uint32_t)terms->n);
    for (size_t i = 0; i < terms->n && st == CW_OK; i++) {
        uint32_t w;
        memcpy(&w, &terms->v[i].w, 4);
        st = cwi_le32_put(&b, terms->v[i].id);
        if (st == CW_OK) st = cwi_le32_put(&b, w);
    }
    if (st == CW_OK) st = b64_put((const unsigned char *)b.data, b.len, out);
    cwi_buf_clean(&b);
    cwi_buf_clean(&f);
    return st;
}

static cw_status unpack(const unsigned char *p, size_t len, const char *title, const char *text, size_t n,
                        const char *lang, cwi_analysis *out)
{
    size_t vl = strlen(CW_VERSION), at = 4 + 1 + vl + 8;
    if (len < at || memcmp(p, MAGIC, 4) || p[4] != vl || memcmp(p + 5, CW_VERSION, vl) ||
        cwi_le64_get(p + 5 + vl) != key_of(title, text, n, lang))
        return CW_ERR_INPUT;
    uint32_t ns, prev = 0;
    if (!cwi_varint_get(p, len, &at, &ns) || ns > (len - at) / 2) return CW_ERR_INPUT;
    if (ns && cwi_vec_grow((void **)&out->sents.v, &out->sents.cap, ns, sizeof *out->sents.v) != CW_OK)
        return CW_ERR_NOMEM;
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t gap, l;
        if (!cwi_varint_get(p, len, &at, &gap) || !cwi_varint_get(p, len, &at, &l) || gap > n - prev ||
            l > n - prev - gap)
            return CW_ERR_INPUT;
        cwi_span s = {prev + gap, prev + gap + l};
        out->sents.v[out->sents.n++] = s;
        prev = s.end;
    }
    if (len - at < 4) return CW_ERR_INPUT;
    size_t fl = cwi_le32_get(p + at);
    at += 4;
    if (fl > len - at) return CW_ERR_INPUT;
    cw_status st = cwi_fp_unpack(p + at, fl, &out->fp);
    if (st != CW_OK) return st == CW_ERR_NOMEM ? st : CW_ERR_INPUT;
    at += fl;
    /* The fingerprint's spans point into the text too (the evidence of a
     * relation is read back through them). */
    for (size_t i = 0; i < out->fp.sents.n; i++)
        if (out->fp.sents.v[i].end > n) return CW_ERR_INPUT;
    if (len - at < 4) return CW_ERR_INPUT;
    size_t nt = cwi_le32_get(p + at);
    at += 4;
    if (nt > (len - at) / 8 || (len - at) != nt * 8) return CW_ERR_INPUT;
    if (nt && cwi_vec_grow((void **)&out->terms.v, &out->terms.cap, nt, sizeof *out->terms.v) != CW_OK)
        return CW_ERR_NOMEM;
    for (size_t i = 0; i < nt; i++, at += 8) {
        uint32_t w = cwi_le32_get(p + at + 4);
        cwi_cterm t = {cwi_le32_get(p + at), 0};
        memcpy(&t.w, &w, 4);
        /* as cwi_analyse leaves them: summed, so ids strictly increase */
        if (!(t.w > 0 && t.w < 1e6f) || (i && t.id <= out->terms.v[i - 1].id)) return CW_ERR_INPUT;
        out->terms.v[out->terms.n++] = t;
    }
    return CW_OK;
}

cw_status cwi_analysis_unpack(const char *b64, size_t len, const char *title, const char *text, size_t n,
                              const char *lang, cwi_analysis *out)
{
    cwi_analysis_clean(out);
    if (!b64 || !text || n > UINT32_MAX) return CW_ERR_INPUT;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status st = b64_get(b64, len, &b) ? unpack((const unsigned char *)b.data, b.len, title, text, n, lang, out)
                                         : CW_ERR_INPUT;
    cwi_buf_clean(&b);
    if (st != CW_OK) cwi_analysis_clean(out);
    return st;
}
