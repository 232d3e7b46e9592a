/*
 * brief_view: the whole brief of one story (cw_story_brief) and of a story
 * given as JSON (cw_brief).
 *
 * The story document is cw_story's (articles, independent_groups, relations
 * kept exactly), with the check stage's members (entities, figures, dates,
 * quotes, quote_variants, discrepancies: computed here when cw_story does not
 * already carry them) and the brief's (summary, timeline, coverage) added.
 * The timeline is built from the check stage's resolved dates, and the
 * summary leaves out a sentence holding a figure or a quoted statement that a
 * sentence already chosen holds. Markdown and
 * HTML are renderings of that same document.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "brief/brief.h"
#include "check/check.h"
#include "core/unionfind.h"
#include "dedup/dedup.h"
#include "engine/engine.h"
#include "extract/extract.h"
#include "facts/facts.h"
#include "text/text.h"

/* One article in memory, owned. */
typedef struct art {
    char *name, *title, *outlet, *published, *lang, *credit;
    char *text;
    size_t len;
    cwi_spans sents;
    cwi_facts facts;
    int group;
} art;

typedef CWI_VEC(art) arts_t;
typedef CWI_VEC(cwi_brief_event) events_t;
typedef CWI_VEC(cwi_brief_fact) facts_t;

static void art_clean(art *a)
{
    free(a->name);
    free(a->title);
    free(a->outlet);
    free(a->published);
    free(a->lang);
    free(a->credit);
    free(a->text);
    CWI_VEC_FREE(a->sents);
    cwi_facts_clean(&a->facts);
}

static void arts_free(arts_t *v)
{
    for (size_t i = 0; i < v->n; i++) art_clean(&v->v[i]);
    CWI_VEC_FREE(*v);
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static bool valid_format(const char *f)
{
    return !f || !*f || !strcmp(f, "json") || !strcmp(f, "md") || !strcmp(f, "markdown") || !strcmp(f, "html");
}

/* Parses "{" frag "}" and moves its members into doc (replacing any). */
static cw_status merge_fragment(json_t *doc, const char *frag, size_t len)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status st = cwi_buf_addc(&b, '{');
    if (st == CW_OK) st = cwi_buf_add(&b, frag, len);
    if (st == CW_OK) st = cwi_buf_addc(&b, '}');
    json_t *f = st == CW_OK ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    cwi_buf_clean(&b);
    if (st != CW_OK) return st;
    if (!f) return CW_ERR_INPUT; /* a fragment we wrote ourselves: should not happen */
    st = json_object_update(doc, f) ? CW_ERR_NOMEM : CW_OK;
    json_decref(f);
    return st;
}

/* Runs facts and check over the articles and adds their members to doc. */
static cw_status add_check(json_t *doc, arts_t *v)
{
    cwi_check_article *ca = calloc(v->n ? v->n : 1, sizeof *ca);
    if (!ca) return CW_ERR_NOMEM;
    cw_status st = CW_OK;
    for (size_t i = 0; i < v->n && st == CW_OK; i++) {
        art *a = &v->v[i];
        cwi_facts_clean(&a->facts);
        st = cwi_facts_extract(a->text, a->len, a->sents.v, a->sents.n, a->published, a->lang, &a->facts);
        ca[i] = (cwi_check_article){a->name, a->text, a->len, a->sents.v, a->sents.n, &a->facts, a->published, a->group};
    }
    cwi_buf b;
    cwi_buf_init(&b, 0);
    if (st == CW_OK) st = cwi_check_story(ca, v->n, &b);
    if (st == CW_OK) st = merge_fragment(doc, b.data ? b.data : "", b.len);
    cwi_buf_clean(&b);
    free(ca);
    return st;
}

/* The article named by item's "article" and its "span" [start, end] within
 * that article's text; false when either is missing or out of range. */
static bool locate(json_t *item, const arts_t *v, size_t *k, cwi_span *sp)
{
    const char *name = json_string_value(json_object_get(item, "article"));
    json_t *span = json_object_get(item, "span");
    if (!name || json_array_size(span) != 2) return false;
    json_int_t s = json_integer_value(json_array_get(span, 0)), e = json_integer_value(json_array_get(span, 1));
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp(v->v[i].name, name)) continue;
        if (s < 0 || e < s || (size_t)e > v->v[i].len) return false;
        *k = i;
        *sp = (cwi_span){(uint32_t)s, (uint32_t)e};
        return true;
    }
    return false;
}

/* The check stage's resolved calendar days as events. */
static cw_status events_of(json_t *doc, const arts_t *v, events_t *out)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(doc, "dates"), i, d)
    {
        const char *date = json_string_value(json_object_get(d, "date"));
        cwi_brief_event ev = {{0}, 0, {0, 0}};
        if (!date || strlen(date) != 10 || !locate(d, v, &ev.article, &ev.span)) continue;
        memcpy(ev.date, date, 10);
        CWI_TRY(CWI_VEC_PUSH(*out, ev));
    }
    return CW_OK;
}

/* The places the check stage found one fact stated: each figure's mentions
 * and each quoted statement's forms share an id. */
static cw_status facts_of(json_t *doc, const arts_t *v, facts_t *out)
{
    static const char *const lists[][2] = {{"figures", "mentions"}, {"quote_variants", "forms"}};
    uint32_t id = 0;
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
        size_t i, j;
        json_t *row, *m;
        json_array_foreach(json_object_get(doc, lists[l][0]), i, row)
        {
            json_array_foreach(json_object_get(row, lists[l][1]), j, m)
            {
                cwi_brief_fact f = {id, 0, {0, 0}};
                if (locate(m, v, &f.article, &f.span)) CWI_TRY(CWI_VEC_PUSH(*out, f));
            }
            id++;
        }
    }
    return CW_OK;
}

/* Adds summary, timeline and coverage to doc, and writes it out in format. */
static cw_status finish(json_t *doc, arts_t *v, const char *format, unsigned words, char **out)
{
    cw_status st = CW_OK;
    if (!json_object_get(doc, "dates")) st = add_check(doc, v);
    events_t evs = {0};
    facts_t facts = {0};
    if (st == CW_OK) st = events_of(doc, v, &evs);
    if (st == CW_OK) st = facts_of(doc, v, &facts);
    cwi_brief_article *ba = calloc(v->n ? v->n : 1, sizeof *ba);
    if (!ba && st == CW_OK) st = CW_ERR_NOMEM;
    for (size_t i = 0; ba && i < v->n; i++) {
        art *a = &v->v[i];
        ba[i] = (cwi_brief_article){a->name, a->title, a->outlet, a->published, a->text, a->len, a->sents.v, a->sents.n, a->group, a->credit};
    }
    cwi_buf b;
    cwi_buf_init(&b, 0);
    if (st == CW_OK) st = cwi_brief_fragment(ba, v->n, evs.v, evs.n, facts.v, facts.n, words, &b);
    if (st == CW_OK) st = merge_fragment(doc, b.data, b.len);
    cwi_buf_clean(&b);
    free(ba);
    CWI_VEC_FREE(evs);
    CWI_VEC_FREE(facts);
    if (st != CW_OK) return st;
    char *js = json_dumps(doc, JSON_COMPACT);
    if (!js) return CW_ERR_NOMEM;
    if (!format || !*format || !strcmp(format, "json")) {
        *out = js;
        return CW_OK;
    }
    st = cwi_brief_render(js, strlen(js), format, &b);
    free(js);
    if (st == CW_OK) *out = cwi_buf_take(&b);
    cwi_buf_clean(&b);
    return st;
}

/* ---- a stored story ---- */

static int copy_stored(void *ud, const cwi_article *a)
{
    art *x = ud;
    x->title = dup_or_null(a->title);
    x->outlet = dup_or_null(a->outlet);
    x->credit = dup_or_null(a->credit);
    x->published = dup_or_null(a->published);
    x->lang = dup_or_null(a->lang);
    x->text = cwi_strndup(a->text ? a->text : "", a->text_len);
    x->len = a->text_len;
    for (size_t i = 0; i < a->n_sentences; i++)
        if (CWI_VEC_PUSH(x->sents, a->sentences[i]) != CW_OK) return 1;
    return 0;
}

cw_status cw_story_brief(cw_engine *e, int64_t id, const char *format, unsigned words, char **out)
{
    if (!e || !out) return CW_ERR_USAGE;
    if (!valid_format(format))
        return cwi_engine_fail(e, CW_ERR_USAGE, "format: \"json\", \"md\" or \"html\", not \"%.40s\"", format);
    if (words > CWI_BRIEF_MAX_WORDS)
        return cwi_engine_fail(e, CW_ERR_USAGE, "words: at most %u, not %u", CWI_BRIEF_MAX_WORDS, words);
    char *sj = NULL;
    CWI_TRY(cw_story(e, id, &sj));
    json_t *doc = json_loads(sj, 0, NULL);
    cw_free(sj);
    if (!doc) return cwi_engine_fail(e, CW_ERR_NOMEM, "story %lld: could not read its document", (long long)id);
    arts_t v = {0};
    cw_status st = CW_OK;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(doc, "articles"), i, a)
    {
        const char *name = json_is_string(a) ? json_string_value(a) : json_string_value(json_object_get(a, "name"));
        if (!name || i >= CWI_BRIEF_MAX_ARTICLES) continue;
        art x = {0};
        x.group = -1;
        if (!(x.name = strdup(name))) {
            st = CW_ERR_NOMEM;
            break;
        }
        st = cwi_store_article_by_name(e->store, name, copy_stored, &x);
        if (st == CW_OK && !x.text) st = CW_ERR_NOMEM;
        if (st == CW_OK) st = CWI_VEC_PUSH(v, x);
        if (st != CW_OK) {
            art_clean(&x);
            break;
        }
    }
    /* independent groups by name */
    json_t *g;
    json_array_foreach(json_object_get(doc, "independent_groups"), i, g)
    {
        size_t k;
        json_t *nm;
        json_array_foreach(g, k, nm)
        {
            for (size_t q = 0; q < v.n; q++)
                if (json_is_string(nm) && !strcmp(v.v[q].name, json_string_value(nm))) v.v[q].group = (int)i;
        }
    }
    if (st == CW_OK) st = finish(doc, &v, format, words, out);
    json_decref(doc);
    arts_free(&v);
    if (st != CW_OK)
        return cwi_engine_fail(e, st, "story %lld: %s", (long long)id,
                               st == CW_ERR_STORE ? cwi_store_error(e->store) : cw_status_str(st));
    return CW_OK;
}

/* ---- a story given as JSON ---- */

static void set_error(char **error, const char *fmt, const char *a, const char *b)
{
    if (!error) return;
    *error = cwi_sprintf(fmt, a, b);
}

/* Independent groups among the given articles: articles that the dedup
 * stage relates (copies, near copies, shared origin) are one group. */
static cw_status group_articles(arts_t *v)
{
    size_t n = v->n;
    cwi_fp *fp = calloc(n ? n : 1, sizeof *fp);
    size_t *parent = malloc((n ? n : 1) * sizeof *parent);
    cwi_stemmer *stem = cwi_stemmer_new("en");
    cwi_words_scratch ws = {0};
    cwi_words w = {0};
    cwi_relation rel = {0};
    cw_status st = fp && parent ? CW_OK : CW_ERR_NOMEM;
    for (size_t i = 0; i < n && st == CW_OK; i++) {
        parent[i] = i;
        w.n = 0;
        st = cwi_words_of(v->v[i].text, v->v[i].len, v->v[i].sents.v, v->v[i].sents.n, stem, &ws, &w);
        if (st == CW_OK) st = cwi_fp_make(&w, v->v[i].sents.v, v->v[i].sents.n, &fp[i]);
    }
    /* pairwise: a story given whole is small (CWI_BRIEF_MAX_ARTICLES) */
    for (size_t i = 0; i < n && st == CW_OK; i++)
        for (size_t j = i + 1; j < n && st == CW_OK; j++) {
            st = cwi_relate(&fp[i], &fp[j], NULL, &rel);
            if (st == CW_OK && rel.kind != CWI_REL_NONE) {
                cwi_uf_union(parent, i, j);
            }
        }
    for (size_t i = 0; i < n && st == CW_OK; i++) v->v[i].group = (int)cwi_uf_find(parent, i);
    for (size_t i = 0; fp && i < n; i++) cwi_fp_clean(&fp[i]);
    free(fp);
    free(parent);
    cwi_stemmer_free(stem);
    cwi_words_scratch_clean(&ws);
    CWI_VEC_FREE(w);
    cwi_relation_clean(&rel);
    return st;
}

cw_status cw_brief(const void *json_in, size_t len, const char *format, unsigned words, char **out, char **error)
{
    if (!json_in || !out || !valid_format(format) || words > CWI_BRIEF_MAX_WORDS) return CW_ERR_USAGE;
    if (len > CW_MAX_RECORD_BYTES) {
        set_error(error, "larger than the %s limit%s", "32 MiB", "");
        return CW_ERR_INPUT;
    }
    json_error_t jerr;
    json_t *in = json_loadb(json_in, len, 0, &jerr);
    json_t *list = json_object_get(in, "articles");
    if (!json_is_array(list)) {
        char where[64];
        snprintf(where, sizeof where, "%d:%d", jerr.line, jerr.column);
        if (!in) set_error(error, "%s: invalid JSON: %s", where, jerr.text);
        else set_error(error, "%s%s", "no \"articles\" list", "");
        json_decref(in);
        return CW_ERR_INPUT;
    }
    arts_t v = {0};
    cw_status st = CW_OK;
    json_t *doc = json_object(), *jarts = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        if (i >= CWI_BRIEF_MAX_ARTICLES) break;
        char label[32];
        snprintf(label, sizeof label, "articles[%zu]", i);
        json_t *html = json_object_get(a, "html"), *text = json_object_get(a, "text");
        if (!json_is_object(a) || (!json_is_string(html) && !json_is_string(text))) {
            set_error(error, "%s: no \"text\" or \"html\" string%s", label, "");
            st = CW_ERR_INPUT;
            break;
        }
        const char *name = json_string_value(json_object_get(a, "name"));
        cwi_extract_hints hints = {json_string_value(json_object_get(a, "url")), json_string_value(json_object_get(a, "title")),
                                   json_string_value(json_object_get(a, "published")),
                                   json_string_value(json_object_get(a, "outlet"))};
        art x = {0};
        x.group = -1;
        char *why = NULL;
        if (json_is_string(html)) {
            cwi_doc d = {0};
            st = cwi_extract_html(json_string_value(html), json_string_length(html), &hints, &d, &why);
            if (st == CW_OK) {
                x.text = d.text ? d.text : strdup("");
                d.text = NULL;
                x.title = d.title;
                d.title = NULL;
                x.published = d.published;
                d.published = NULL;
                x.outlet = hints.outlet ? strdup(hints.outlet) : d.site;
                if (!hints.outlet) d.site = NULL;
                x.lang = d.lang;
                d.lang = NULL;
                x.credit = d.credit;
                d.credit = NULL;
            }
            cwi_doc_clean(&d);
        } else {
            /* text is taken as clean text: normalised, not cut */
            cwi_buf t;
            cwi_buf_init(&t, CW_MAX_RECORD_BYTES);
            size_t tl = json_string_length(text);
            const char *tp = json_string_value(text);
            st = cwi_text_normalize(tp, tl, &t);
            x.text = st == CW_OK ? (t.data ? cwi_buf_take(&t) : strdup("")) : NULL;
            cwi_buf_clean(&t);
            x.title = dup_or_null(hints.title);
            x.published = dup_or_null(hints.published);
            x.outlet = dup_or_null(hints.outlet);
        }
        if (st != CW_OK || !x.text) {
            set_error(error, "%s: %s", label, why ? why : cw_status_str(st == CW_OK ? CW_ERR_NOMEM : st));
            free(why);
            art_clean(&x);
            if (st == CW_OK) st = CW_ERR_NOMEM;
            break;
        }
        free(why);
        x.len = strlen(x.text);
        x.name = name && *name ? strdup(name) : cwi_sprintf("article-%zu", i + 1);
        if (!x.name || cwi_sentences(x.text, x.len, &x.sents) != CW_OK || CWI_VEC_PUSH(v, x) != CW_OK) {
            art_clean(&x);
            st = CW_ERR_NOMEM;
            break;
        }
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(x.name));
        json_object_set_new(o, "title", x.title ? json_string(x.title) : json_null());
        json_object_set_new(o, "outlet", x.outlet ? json_string(x.outlet) : json_null());
        json_object_set_new(o, "published", x.published ? json_string(x.published) : json_null());
        json_array_append_new(jarts, o);
    }
    json_decref(in);
    if (st == CW_OK && !v.n) {
        set_error(error, "%s%s", "the \"articles\" list is empty", "");
        st = CW_ERR_INPUT;
    }
    if (st == CW_OK) st = group_articles(&v);
    if (st == CW_OK) {
        /* the document: headline of the first article that has one */
        const char *title = NULL, *first = NULL, *last = NULL;
        for (size_t k = 0; k < v.n; k++) {
            if (!title && v.v[k].title) title = v.v[k].title;
            const char *p = v.v[k].published;
            if (p && (!first || strcmp(p, first) < 0)) first = p;
            if (p && (!last || strcmp(p, last) > 0)) last = p;
        }
        json_object_set_new(doc, "title", title ? json_string(title) : json_null());
        json_object_set_new(doc, "size", json_integer((json_int_t)v.n));
        json_object_set(doc, "articles", jarts);
        json_t *outlets = json_array();
        for (size_t k = 0; k < v.n; k++) {
            if (!v.v[k].outlet) continue;
            bool seen = false;
            for (size_t q = 0; q < k && !seen; q++) seen = v.v[q].outlet && !strcmp(v.v[q].outlet, v.v[k].outlet);
            if (!seen) json_array_append_new(outlets, json_string(v.v[k].outlet));
        }
        json_object_set_new(doc, "outlets", outlets);
        json_object_set_new(doc, "first_seen", first ? json_string(first) : json_null());
        json_object_set_new(doc, "last_seen", last ? json_string(last) : json_null());
        json_t *groups = json_array();
        for (size_t r = 0; r < v.n; r++) {
            if (v.v[r].group != (int)r) continue;
            json_t *gr = json_array();
            for (size_t k = r; k < v.n; k++)
                if (v.v[k].group == (int)r) json_array_append_new(gr, json_string(v.v[k].name));
            json_array_append_new(groups, gr);
        }
        json_object_set_new(doc, "independent_groups", groups);
        st = finish(doc, &v, format, words, out);
        if (st != CW_OK) set_error(error, "%s%s", cw_status_str(st), "");
    }
    json_decref(jarts);
    json_decref(doc);
    arts_free(&v);
    return st;
}
