/* Queries over the store, rendered as JSON, and the stateless extract. */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/stories.h"
#include "extract/extract.h"
#include "text/text.h"

/* The fields every article listing carries. */
static cw_status article_head(cwi_buf *b, const cwi_article *a)
{
    CWI_TRY(cwi_buf_adds(b, "{"));
    CWI_TRY(cwi_json_kv_int(b, "id", a->id, false));
    CWI_TRY(cwi_json_kv_str(b, "name", a->name, true));
    CWI_TRY(cwi_json_kv_str(b, "title", a->title, true));
    CWI_TRY(cwi_json_kv_str(b, "outlet", a->outlet, true));
    CWI_TRY(cwi_json_kv_str(b, "credit", a->credit, true));
    CWI_TRY(cwi_json_kv_str(b, "published", a->published, true));
    CWI_TRY(cwi_json_kv_str(b, "lang", a->lang, true));
    return a->story ? cwi_json_kv_int(b, "story", a->story, true) : cwi_buf_adds(b, ",\"story\":null");
}

typedef struct line_cb {
    cw_line_fn fn;
    void *ud;
    cwi_buf b;
    cw_status st;
} line_cb;

static int each_line(void *ud, const cwi_article *a)
{
    line_cb *c = ud;
    cwi_buf_reset(&c->b);
    if ((c->st = article_head(&c->b, a)) != CW_OK || (c->st = cwi_buf_addc(&c->b, '}')) != CW_OK) return 1;
    return c->fn(c->ud, c->b.data, c->b.len);
}

cw_status cw_articles(cw_engine *e, cw_line_fn fn, void *ud)
{
    if (!e || !fn) return CW_ERR_USAGE;
    line_cb c = {fn, ud, {0}, CW_OK};
    cwi_buf_init(&c.b, 0);
    cw_status st = cwi_store_each_article(e->store, false, each_line, &c);
    cwi_buf_clean(&c.b);
    if (st != CW_OK) return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    return c.st;
}

typedef struct one_cb {
    cwi_buf b;
    cw_status st;
} one_cb;

static int one_article(void *ud, const cwi_article *a)
{
    one_cb *c = ud;
    cwi_buf *b = &c->b;
#define T(x)                            \
    if ((c->st = (x)) != CW_OK) return 1
    T(article_head(b, a));
    T(cwi_json_kv_str(b, "url", a->url, true));
    T(cwi_json_kv_str(b, "author", a->author, true));
    T(cwi_buf_adds(b, cwi_article_short(a->text_len, a->n_sentences) ? ",\"short\":true" : ",\"short\":false"));
    T(cwi_buf_adds(b, ",\"text\":"));
    T(cwi_buf_json_str(b, a->text, a->text_len));
    T(cwi_buf_adds(b, ",\"sentences\":["));
    for (size_t i = 0; i < a->n_sentences; i++) {
        cwi_span s = a->sentences[i];
        if (CWI_NEVER(s.end > a->text_len || s.start > s.end)) continue;
        T(cwi_buf_printf(b, "%s{\"start\":%u,\"end\":%u,\"text\":", i ? "," : "", s.start, s.end));
        T(cwi_buf_json_str(b, a->text + s.start, s.end - s.start));
        T(cwi_buf_addc(b, '}'));
    }
    T(cwi_buf_adds(b, "]}"));
#undef T
    return 0;
}

cw_status cw_article(cw_engine *e, const char *name, char **json)
{
    if (!e || !name || !json) return CW_ERR_USAGE;
    one_cb c = {{0}, CW_OK};
    cwi_buf_init(&c.b, 0);
    cw_status st = cwi_store_article_by_name(e->store, name, one_article, &c);
    if (st == CW_OK) st = c.st;
    if (st != CW_OK) {
        cwi_buf_clean(&c.b);
        return cwi_engine_fail(e, st, "%s", st == CW_ERR_NOTFOUND || st == CW_ERR_STORE ? cwi_store_error(e->store)
                                                                                        : cw_status_str(st));
    }
    *json = cwi_buf_take(&c.b);
    return CW_OK;
}

static int each_hit(void *ud, const cwi_article *a, double rank, const char *snippet)
{
    line_cb *c = ud;
    cwi_buf_reset(&c->b);
    /* bm25 ranks are negative, lower better; users read higher as better. */
    if ((c->st = article_head(&c->b, a)) != CW_OK ||
        (c->st = cwi_buf_printf(&c->b, ",\"score\":%.4f", -rank)) != CW_OK ||
        (c->st = cwi_json_kv_str(&c->b, "snippet", snippet, true)) != CW_OK ||
        (c->st = cwi_buf_addc(&c->b, '}')) != CW_OK)
        return 1;
    return c->fn(c->ud, c->b.data, c->b.len);
}

cw_status cw_search(cw_engine *e, const char *query, unsigned limit, cw_line_fn fn, void *ud)
{
    if (!e || !query || !fn) return CW_ERR_USAGE;
    line_cb c = {fn, ud, {0}, CW_OK};
    cwi_buf_init(&c.b, 0);
    cw_status st = cwi_store_search(e->store, query, limit, each_hit, &c);
    cwi_buf_clean(&c.b);
    if (st != CW_OK) return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    return c.st;
}

cw_status cw_extract(const void *data, size_t len, const char *name, char **json, char **error)
{
    if (!data || !json) return CW_ERR_USAGE;
    const char *label = name ? name : "input";
    cwi_doc doc = {0};
    char *why = NULL;
    bool html = cwi_looks_like_html(data, len);
    cw_status st = html ? cwi_extract_html(data, len, NULL, &doc, &why) : cwi_extract_text(data, len, NULL, &doc, &why);
    if (st != CW_OK) {
        if (error) *error = cwi_sprintf("%s: %s", label, why ? why : cw_status_str(st));
        free(why);
        return st;
    }
    free(why);
    cwi_buf b;
    cwi_buf_init(&b, 0);
    if ((st = cwi_buf_addc(&b, '{')) == CW_OK && (st = cwi_json_kv_str(&b, "title", doc.title, false)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "text", doc.text ? doc.text : "", true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "published", doc.published, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "author", doc.author, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "site", doc.site, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "lang", doc.lang, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "credit", doc.credit, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "url", doc.url, true)) == CW_OK &&
        (st = cwi_json_kv_str(&b, "page_type", doc.page_type ? doc.page_type : "article", true)) == CW_OK &&
        (st = cwi_buf_printf(&b, ",\"page_type_confidence\":%.2f", doc.page_type ? doc.page_type_conf : 0.5)) == CW_OK &&
        (st = cwi_buf_adds(&b, cwi_doc_is_news(&doc) ? ",\"news\":true" : ",\"news\":false")) == CW_OK)
        st = cwi_buf_addc(&b, '}');
    cwi_doc_clean(&doc);
    if (st != CW_OK) {
        cwi_buf_clean(&b);
        return st;
    }
    *json = cwi_buf_take(&b);
    return CW_OK;
}
