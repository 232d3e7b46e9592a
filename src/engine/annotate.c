/*
 * annotate: one article record through the stateless stages (cw_annotate):
 * extraction, sentences, the fingerprint the relating stage uses, and the
 * facts of the article alone, with nothing stored. The filter behind
 * `crosswire annotate -`, so that a batch engine can spread that work and
 * leave only relating, clustering and storing to one process.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "dedup/dedup.h"
#include "engine/engine.h"
#include "extract/extract.h"
#include "facts/facts.h"
#include "text/text.h"

static const char *str_of(json_t *rec, const char *key) { return json_string_value(json_object_get(rec, key)); }

/* Sets key to s unless the record already has a value there (the record's
 * own metadata wins over what the page says). */
static void fill(json_t *out, const char *key, const char *s)
{
    json_t *mine = json_object_get(out, key);
    if (s && (!mine || json_is_null(mine))) json_object_set_new(out, key, json_string(s));
}

static json_t *spans_json(const cwi_span *sp, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, json_pack("[II]", (json_int_t)sp[i].start, (json_int_t)sp[i].end));
    return a;
}

static json_t *hex64(uint64_t h)
{
    char s[17];
    snprintf(s, sizeof s, "%016llx", (unsigned long long)h);
    return json_string(s);
}

/* {"exact", "minhash", "words", "sentences": [{"span", "hash"}]}: sentences
 * too short to be evidence have no hash and are left out. */
static cw_status fingerprint(const char *text, size_t len, const cwi_spans *sents, const char *lang, json_t **out)
{
    cwi_stemmer *stem = cwi_stemmer_new(lang && *lang ? lang : "en");
    cwi_words_scratch ws = {0};
    cwi_words w = {0};
    cwi_fp fp = {0};
    cw_status st = cwi_words_of(text, len, sents->v, sents->n, stem, &ws, &w);
    if (st == CW_OK) st = cwi_fp_make(&w, sents->v, sents->n, &fp);
    if (st == CW_OK) {
        json_t *mh = json_array(), *ss = json_array();
        for (size_t i = 0; i < CWI_MH_K; i++) json_array_append_new(mh, json_integer(fp.mh[i]));
        for (size_t i = 0; i < fp.sents.n; i++) {
            const cwi_sent_fp *s = &fp.sents.v[i];
            if (!s->hash) continue;
            json_array_append_new(ss, json_pack("{s:[II],s:o}", "span", (json_int_t)s->start, (json_int_t)s->end, "hash",
                                                hex64(s->hash)));
        }
        *out = json_pack("{s:o,s:o,s:I,s:o}", "exact", hex64(fp.exact), "minhash", mh, "words", (json_int_t)fp.n_words,
                         "sentences", ss);
        if (!*out) st = CW_ERR_NOMEM;
    }
    cwi_fp_clean(&fp);
    CWI_VEC_FREE(w);
    cwi_words_scratch_clean(&ws);
    cwi_stemmer_free(stem);
    return st;
}

/* The check stage's lists for a story of this one article: entities with
 * their spellings, figures, dates resolved against its publication date,
 * quotes with speakers. */
static cw_status facts(const char *name, const char *text, size_t len, const cwi_spans *sents, const char *published,
                       const char *lang, json_t **out)
{
    cwi_facts f = {0};
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status st = cwi_facts_extract(text, len, sents->v, sents->n, published, lang, &f);
    cwi_check_article ca = {name, text, len, sents->v, sents->n, &f, published, 0};
    if (st == CW_OK) st = cwi_buf_addc(&b, '{');
    if (st == CW_OK) st = cwi_check_story(&ca, 1, &b);
    if (st == CW_OK) st = cwi_buf_addc(&b, '}');
    json_t *all = st == CW_OK ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    if (st == CW_OK && !all) st = CW_ERR_NOMEM;
    if (st == CW_OK) {
        *out = json_object();
        static const char *const keep[] = {"entities", "figures", "dates", "quotes"};
        for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) json_object_set(*out, keep[i], json_object_get(all, keep[i]));
    }
    json_decref(all);
    cwi_buf_clean(&b);
    cwi_facts_clean(&f);
    return st;
}

cw_status cw_annotate(const void *json, size_t len, const char *name, char **out, char **error)
{
    if (!json || !out) return CW_ERR_USAGE;
    const char *label = name ? name : "input";
    if (len > CW_MAX_RECORD_BYTES) {
        if (error) *error = cwi_sprintf("%s: larger than the %u MiB limit", label, CW_MAX_RECORD_BYTES >> 20);
        return CW_ERR_INPUT;
    }
    json_error_t jerr;
    json_t *rec = json_loadb(json, len, 0, &jerr);
    json_t *html = json_object_get(rec, "html"), *body = json_is_string(html) ? html : json_object_get(rec, "text");
    if (!json_is_object(rec) || !json_is_string(body)) {
        if (error)
            *error = cwi_sprintf("%s: %s", label, !rec ? jerr.text : !json_is_object(rec) ? "not a JSON object"
                                                                                         : "no \"html\" or \"text\" string");
        json_decref(rec);
        return CW_ERR_INPUT;
    }
    cwi_extract_hints hints = {str_of(rec, "url"), str_of(rec, "title"), str_of(rec, "published"), str_of(rec, "outlet")};
    const char *data = json_string_value(body);
    size_t n = json_string_length(body);
    cwi_doc doc = {0};
    char *why = NULL;
    cw_status st = json_is_string(html) || cwi_looks_like_html(data, n) ? cwi_extract_html(data, n, &hints, &doc, &why)
                                                                         : cwi_extract_text(data, n, &hints, &doc, &why);
    if (st != CW_OK) {
        if (error) *error = cwi_sprintf("%s: %s", label, why ? why : cw_status_str(st));
        free(why);
        json_decref(rec);
        return st;
    }
    free(why);
    json_t *res = json_copy(rec);
    json_decref(rec);
    json_object_del(res, "html");
    const char *text = doc.text ? doc.text : "";
    size_t tl = strlen(text);
    json_object_set_new(res, "text", json_string(text));
    fill(res, "title", doc.title);
    fill(res, "published", doc.published);
    fill(res, "author", doc.author);
    fill(res, "site", doc.site);
    fill(res, "lang", doc.lang);
    fill(res, "credit", doc.credit);
    fill(res, "url", doc.url);
    const char *pub = str_of(res, "published"), *lang = str_of(res, "lang");
    const char *nm = str_of(res, "name");
    cwi_spans sents = {0};
    json_t *fpj = NULL, *fj = NULL;
    st = cwi_sentences(text, tl, &sents);
    if (st == CW_OK) st = fingerprint(text, tl, &sents, lang, &fpj);
    if (st == CW_OK) st = facts(nm ? nm : label, text, tl, &sents, pub, lang, &fj);
    if (st == CW_OK) {
        json_object_set_new(res, "sentences", spans_json(sents.v, sents.n));
        json_object_set_new(res, "fingerprint", fpj);
        json_object_set_new(res, "facts", fj);
        fpj = fj = NULL;
        *out = json_dumps(res, JSON_COMPACT);
        if (!*out) st = CW_ERR_NOMEM;
    }
    if (st != CW_OK && error) *error = cwi_sprintf("%s: %s", label, cw_status_str(st));
    json_decref(fpj);
    json_decref(fj);
    json_decref(res);
    CWI_VEC_FREE(sents);
    cwi_doc_clean(&doc);
    return st;
}
