/*
 * html_meta: the metadata of an HTML page: gathered element by element
 * during the walk of html.c (cwi_ex_meta_element: <title>, meta tags,
 * JSON-LD, <time>, the canonical link, html lang, rel=author, elements named
 * for dates and authors) and decided once the walk is over
 * (cwi_ex_decide_meta: which of the candidates is the title, the date, the
 * author, the site and the URL).
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "extract/html_int.h"

void cwi_ex_meta_clean(cwi_ex_meta *m)
{
    char **f[] = {&m->title_tag, &m->og_title, &m->tw_title, &m->h1, &m->og_site, &m->app_name, &m->canonical,
                  &m->og_url, &m->lang, &m->og_locale, &m->pub_meta, &m->pub_time, &m->pub_any_time,
                  &m->author_meta, &m->author_rel, &m->author_byline, &m->content_lang, &m->mod_meta,
                  &m->date_text, &m->author_class, &m->og_type, &m->script_date};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        free(*f[i]);
        *f[i] = NULL;
    }
    cwi_ex_ld_clean(&m->ld);
}

/* *dst = s trimmed and cleaned, unless *dst is set already (first wins). */
static void set_once(char **dst, const char *s)
{
    if (*dst || !s) return;
    const char *p = s;
    size_t n = strnlen(s, CWI_EX_META_MAX);
    cwi_ex_trim(&p, &n);
    if (n == 0) return;
    cwi_buf b;
    cwi_buf_init(&b, CWI_EX_META_MAX * 2);
    if (cwi_ex_append_clean(&b, p, n, false) == CW_OK && b.len) *dst = cwi_buf_take(&b);
    cwi_buf_clean(&b);
}

static void meta_tag(cwi_ex_meta *m, const cwi_dom_node *n)
{
    const char *content = cwi_dom_get_attr(n, "content");
    const char *name = cwi_dom_get_attr(n, "name");
    const char *prop = cwi_dom_get_attr(n, "property");
    const char *ip = cwi_dom_get_attr(n, "itemprop");
    const char *he = cwi_dom_get_attr(n, "http-equiv");
    if (!content) return;
    const char *k = prop ? prop : name;
    if (k) {
        if (cwi_ex_ieq(k, "og:title")) set_once(&m->og_title, content);
        else if (cwi_ex_ieq(k, "twitter:title")) set_once(&m->tw_title, content);
        else if (cwi_ex_ieq(k, "og:site_name")) set_once(&m->og_site, content);
        else if (cwi_ex_ieq(k, "application-name")) set_once(&m->app_name, content);
        else if (cwi_ex_ieq(k, "og:url")) set_once(&m->og_url, content);
        else if (cwi_ex_ieq(k, "og:locale")) set_once(&m->og_locale, content);
        else if (cwi_ex_ieq(k, "article:published_time") || cwi_ex_ieq(k, "og:published_time") ||
                 cwi_ex_ieq(k, "date") || cwi_ex_ieq(k, "pubdate") || cwi_ex_ieq(k, "publishdate") ||
                 cwi_ex_ieq(k, "publish-date") || cwi_ex_ieq(k, "dc.date") || cwi_ex_ieq(k, "dc.date.issued") ||
                 cwi_ex_ieq(k, "dcterms.created") || cwi_ex_ieq(k, "sailthru.date") ||
                 cwi_ex_ieq(k, "parsely-pub-date") || cwi_ex_ieq(k, "article.published") ||
                 cwi_ex_ieq(k, "published_time") || cwi_ex_ieq(k, "original-publish-date") ||
                 cwi_ex_ieq(k, "dc.date.created") || cwi_ex_ieq(k, "citation_publication_date"))
            set_once(&m->pub_meta, content);
        else if (cwi_ex_ieq(k, "article:modified_time") || cwi_ex_ieq(k, "og:updated_time") ||
                 cwi_ex_ieq(k, "last-modified") || cwi_ex_ieq(k, "dc.date.modified") ||
                 cwi_ex_ieq(k, "dcterms.modified"))
            set_once(&m->mod_meta, content);
        else if (cwi_ex_ieq(k, "author") || cwi_ex_ieq(k, "article:author") || cwi_ex_ieq(k, "dc.creator") ||
                 cwi_ex_ieq(k, "byl") || cwi_ex_ieq(k, "parsely-author") || cwi_ex_ieq(k, "sailthru.author")) {
            if (!strstr(content, "://")) set_once(&m->author_meta, content);
        }
    }
    if (ip && (cwi_ex_ieq(ip, "datePublished") || cwi_ex_ieq(ip, "dateCreated"))) set_once(&m->pub_meta, content);
    if (ip && cwi_ex_ieq(ip, "dateModified")) set_once(&m->mod_meta, content);
    if (he && cwi_ex_ieq(he, "content-language")) set_once(&m->content_lang, content);
}

/* <time> and itemprop: publication dates and authors marked up as such. */
static void marked_date(cwi_ex_meta *M, const cwi_dom_node *n, enum cwi_ex_kind k)
{
    const char *ip = cwi_dom_get_attr(n, "itemprop");
    const char *dt = cwi_dom_get_attr(n, "datetime");
    if (!dt && ip) dt = cwi_dom_get_attr(n, "content");
    if (dt && ip && (cwi_ex_ieq(ip, "datePublished") || cwi_ex_ieq(ip, "dateCreated"))) set_once(&M->pub_time, dt);
    else if (dt && k == CWI_EXK_TIME) {
        const char *cl = cwi_dom_get_attr(n, "class");
        if (cwi_dom_get_attr(n, "pubdate") || (cl && (strstr(cl, "publish") || strstr(cl, "pub"))))
            set_once(&M->pub_time, dt);
        else set_once(&M->pub_any_time, dt);
    }
    if (ip && (cwi_ex_ieq(ip, "author") || cwi_ex_ieq(ip, "creator")) && !M->author_byline)
        M->author_byline = cwi_ex_node_text_dup(n, 200);
}

/* A date written in an element named for dates ("post-date", "byline"). */
static void date_text(cwi_ex_meta *M, const cwi_dom_node *n)
{
    const char *cl = cwi_dom_get_attr(n, "class");
    if (cl && strnlen(cl, 300) < 300 &&
        (strstr(cl, "date") || strstr(cl, "publish") || strstr(cl, "posted") || strstr(cl, "byline") ||
         strstr(cl, "entry-meta") || strstr(cl, "post-meta") || strstr(cl, "article-meta"))) {
        char *t = cwi_ex_node_text_dup(n, 120);
        if (t && strlen(t) < 120) M->date_text = cwi_ex_iso_date(t, strlen(t));
        free(t);
    }
}

/* The text of a short element named for the author (not a bio or an avatar
 * box), or of a link to an author's page. */
static void author_text(cwi_ex_meta *M, const cwi_dom_node *n, enum cwi_ex_kind k)
{
    const char *cl = cwi_dom_get_attr(n, "class"), *href = k == CWI_EXK_A ? cwi_dom_get_attr(n, "href") : NULL;
    bool named = cl && strnlen(cl, 300) < 300 && (strstr(cl, "author") || strstr(cl, "byline")) &&
                 !strstr(cl, "bio") && !strstr(cl, "avatar") && !strstr(cl, "box") && !strstr(cl, "image");
    bool linked = href && (strstr(href, "/author/") || strstr(href, "/authors/") || strstr(href, "/profile/"));
    if (!named && !linked) return;
    char *t = cwi_ex_node_text_dup(n, 100);
    size_t tl = t ? strlen(t) : 0;
    const char *tp = t;
    if (tl > 3 && cwi_ex_starts_ci(tp, tl, "by ")) {
        tp += 3;
        tl -= 3;
    }
    cwi_ex_trim(&tp, &tl);
    size_t w = tl ? cwi_ex_words(tp, tl) : 0;
    if (w >= 1 && w <= 6 && tl < 80 && !memchr(tp, ':', tl) && !memchr(tp, '|', tl) && !(tp[0] >= '0' && tp[0] <= '9'))
        M->author_class = cwi_strndup(tp, tl);
    free(t);
}

/* The first date under a publication key in a script's data (app state
 * such as __NEXT_DATA__, or JSON-LD escaped inside another script):
 * "publishedAt":"2025-10-20T13:08:55Z", \"datePublished\":\"2023-04-07\". */
static char *script_date(const char *s, size_t n)
{
    /* every key holds "ubli": one pass finds the candidates, and the first
     * key of the list with a date wins (then the first place it has one) */
    static const char *const keys[] = {"datePublished", "publishedAt", "published_at", "publishDate",
                                       "publishedDate", "publicationDate", "first_publication_date",
                                       "date_published", "publishedOn"};
    enum { NKEYS = sizeof keys / sizeof *keys };
    char *best = NULL;
    size_t best_k = NKEYS;
    const char *end = s + n;
    for (const char *u = s; best_k > 0 && (u = cwi_ex_memmem(u, (size_t)(end - u), "ubli", 4)) != NULL; u += 4) {
        for (size_t k = 0; k < best_k; k++) {
            size_t kl = strlen(keys[k]), off = (size_t)(strstr(keys[k], "ubli") - keys[k]);
            if ((size_t)(u - s) < off || (size_t)(end - (u - off)) < kl) continue;
            const char *q = u - off;
            if (memcmp(q, keys[k], kl)) continue;
            /* a whole key (a quote, a comma or a brace before it), then a colon and the value */
            if (q == s || !strchr("\"',{ ", q[-1])) continue;
            const char *v = q + kl;
            int gap = 0;
            bool colon = false;
            while (v < end && gap < 8 && (*v == '"' || *v == '\\' || *v == ':' || *v == ' ' || *v == '\'')) {
                colon |= *v == ':';
                v++;
                gap++;
            }
            if (v >= end || *v < '0' || *v > '9' || !colon) continue;
            size_t vl = 0;
            while (v + vl < end && vl < 40 && v[vl] != '"' && v[vl] != '\\' && v[vl] != '\'') vl++;
            char *iso = cwi_ex_iso_date(v, vl);
            if (!iso) continue;
            free(best);
            best = iso;
            best_k = k;
            break;
        }
    }
    return best;
}

cw_status cwi_ex_meta_element(cwi_ex_page *X, cwi_dom_node *n, enum cwi_ex_kind k)
{
    cwi_ex_meta *M = &X->M;
    switch (k) {
    case CWI_EXK_META: meta_tag(M, n); break;
    case CWI_EXK_TITLE:
        if (!M->title_tag) M->title_tag = cwi_ex_node_text_dup(n, CWI_EX_META_MAX);
        break;
    case CWI_EXK_LINK: {
        const char *rel = cwi_dom_get_attr(n, "rel"), *href = cwi_dom_get_attr(n, "href");
        if (rel && href && cwi_ex_ieq(rel, "canonical")) set_once(&M->canonical, href);
        break;
    }
    case CWI_EXK_SCRIPT: {
        const char *ty = cwi_dom_get_attr(n, "type");
        if (ty && cwi_ex_ieq(ty, "application/ld+json")) {
            for (const cwi_dom_node *c = n->first; c; c = c->next)
                if (c->type == CWI_DOM_TEXT) CWI_TRY(cwi_ex_jsonld(c->u.text, c->len, &M->ld));
        } else if (!M->script_date) {
            for (const cwi_dom_node *c = n->first; c && !M->script_date; c = c->next)
                if (c->type == CWI_DOM_TEXT) M->script_date = script_date(c->u.text, c->len);
        }
        break;
    }
    default: break;
    }
    if (k == CWI_EXK_HTML) {
        set_once(&M->lang, cwi_dom_get_attr(n, "lang"));
        if (!M->lang) set_once(&M->lang, cwi_dom_get_attr(n, "xml:lang"));
    }
    if (k == CWI_EXK_TIME || cwi_dom_get_attr(n, "itemprop")) marked_date(M, n, k);
    bool in_body = X->body && k != CWI_EXK_SKIP && k != CWI_EXK_SCRIPT && k != CWI_EXK_BODY && k != CWI_EXK_HTML;
    if (!M->date_text && in_body) date_text(M, n);
    if (!M->author_class && in_body) author_text(M, n, k);
    if (k == CWI_EXK_A) {
        const char *rel = cwi_dom_get_attr(n, "rel");
        if (rel && cwi_ex_ieq(rel, "author") && !M->author_rel) M->author_rel = cwi_ex_node_text_dup(n, 200);
    }
    if (k == CWI_EXK_META && !M->og_type) {
        const char *pr = cwi_dom_get_attr(n, "property");
        if (pr && cwi_ex_ieq(pr, "og:type")) set_once(&M->og_type, cwi_dom_get_attr(n, "content"));
    }
    return CW_OK;
}

/* ---- the metadata decided -------------------------------------------------------------- */

static cw_status dup_into(char **dst, const char *s)
{
    if (*dst || !s || !*s) return CW_OK;
    *dst = strdup(s);
    return *dst ? CW_OK : CW_ERR_NOMEM;
}

/* s with its character references decoded (s is freed; metadata written as
 * escaped HTML inside JSON-LD or a twice-escaped attribute). */
static char *unref(char *s)
{
    if (!s || !strchr(s, '&')) return s;
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (!o) return s; /* kept as written */
    o[cwi_dom_decode_refs(s, n, o)] = 0;
    free(s);
    return o;
}

/* An author's name without a leading "By " or punctuation (s is freed);
 * NULL when nothing or too much is left. */
static char *strip_by(char *s)
{
    if (!s) return s;
    size_t n = strlen(s);
    const char *p = s;
    while (n && (*p == ',' || *p == ' ' || *p == ';')) {
        p++;
        n--;
    }
    if (cwi_ex_starts_ci(p, n, "by ")) {
        p += 3;
        n -= 3;
    }
    cwi_ex_trim(&p, &n);
    if (n == 0 || n > 200 || cwi_ex_words(p, n) > 12) {
        free(s);
        return NULL;
    }
    char *r = cwi_strndup(p, n);
    free(s);
    return r;
}

/* The title: the JSON-LD headline, og:title, twitter:title or <title>, or
 * the first h1 when the meta titles start with it (they add the site's
 * name) or when it is the page's only h1 and reads as a headline. */
static void decide_title(cwi_ex_page *X, const cwi_extract_hints *hints, cwi_doc *d)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    cwi_ex_meta *M = &X->M;
    const char *cands[] = {M->ld.headline, M->og_title, M->tw_title, NULL, M->title_tag};
    char *h1 = X->first_h1 ? cwi_ex_node_text_dup(X->first_h1, 1000) : NULL;
    cands[3] = h1;
    const char *pick = NULL;
    for (size_t i = 0; i < 5 && !pick; i++)
        if (cands[i] && *cands[i] && i != 3 && cands[i][0] != '<') pick = cands[i];
    size_t hl = h1 ? strlen(h1) : 0;
    if (h1 && (!pick || (hl > 10 && cwi_ex_starts_ci(pick, strlen(pick), h1)) ||
               (T->title_h1 >= 1 && X->n_h1 == 1 && hl >= 4 && hl <= 300 && cwi_ex_words(h1, hl) >= 2) ||
               (T->title_h1 >= 2 && hl >= 4 && hl <= 300)))
        pick = h1;
    if (!pick && hints) pick = hints->title;
    char *pk = pick ? unref(strdup(pick)) : NULL;
    d->title = cwi_ex_clean_title(pk, d->site);
    free(pk);
    free(h1);
}

cw_status cwi_ex_decide_meta(cwi_ex_page *X, const cwi_extract_hints *hints, cwi_doc *d)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    cwi_ex_meta *M = &X->M;
    /* site */
    const char *site = M->og_site ? M->og_site : M->ld.publisher ? M->ld.publisher : M->app_name;
    CWI_TRY(dup_into(&d->site, site));
    /* url */
    const char *url = M->canonical && strstr(M->canonical, "://") ? M->canonical :
                      M->og_url && strstr(M->og_url, "://") ? M->og_url : hints ? hints->url : NULL;
    CWI_TRY(dup_into(&d->url, url));
    if (!d->site && hints && hints->outlet) CWI_TRY(dup_into(&d->site, hints->outlet));
    if (!d->site && d->url) d->site = cwi_ex_url_host(d->url);
    decide_title(X, hints, d);
    /* date: the date a reader sees is the last update when the page gives one */
    const char *mod = T->date_modified > 0 ? (M->ld.modified ? M->ld.modified : M->mod_meta) : NULL;
    const char *dates[] = {mod, M->ld.published, M->pub_meta, M->pub_time, M->pub_any_time,
                           hints ? hints->published : NULL, T->date_text > 0 ? M->date_text : NULL};
    for (size_t i = 0; i < 7 && !d->published; i++)
        if (dates[i]) d->published = cwi_ex_iso_date(dates[i], strlen(dates[i]));
    if (!d->published) d->published = cwi_ex_url_date(d->url);
    if (!d->published && T->script_date > 0 && M->script_date) d->published = strdup(M->script_date);
    /* author */
    const char *authors[] = {M->ld.author, M->author_meta, M->author_rel, M->author_byline,
                             T->author_class > 0 ? M->author_class : NULL};
    for (size_t i = 0; i < 5 && !d->author; i++)
        if (authors[i] && !strstr(authors[i], "://")) d->author = strip_by(unref(strdup(authors[i])));
    return CW_OK;
}
