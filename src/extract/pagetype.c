/*
 * pagetype: what kind of page the HTML path read (cwi_ex_classify).
 *
 * Each type gathers points from what the page says of itself (JSON-LD @type,
 * og:type), from its address (a date or a slug, /t/ and /thread, /category/
 * and /tag/, /product/, /docs/) and from its shape (linked headings, posts,
 * prices and cart buttons, code blocks, how much of the page the article
 * container holds). The type with most points wins; the confidence is its
 * share of the points after a softmax. The evidence of the shape that is
 * not in the indexed elements (prices, cart buttons, <time>s, code blocks)
 * is counted during the walk of html.c (cwi_ex_type_element,
 * cwi_ex_count_prices).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "extract/html_int.h"

static const char *const ptype_names[CWI_PT_N] = {"article", "forum", "listing", "product", "documentation", "other"};

const char *cwi_ex_ptype_name(enum cwi_ex_ptype t) { return (unsigned)t < CWI_PT_N ? ptype_names[t] : "other"; }

bool cwi_doc_is_news(const cwi_doc *d)
{
    /* "other" is also what a page with little evidence of any kind is typed
     * (a short story without metadata): never turned away */
    if (!d->page_type || (strcmp(d->page_type, "listing") && strcmp(d->page_type, "product") &&
                          strcmp(d->page_type, "documentation")))
        return true;
    return d->not_news < CWI_NOT_NEWS_MIN;
}

void cwi_ex_type_element(cwi_ex_page *X, const cwi_dom_node *n, enum cwi_ex_kind k)
{
    if (k == CWI_EXK_TIME) X->n_time++;
    else if (k == CWI_EXK_ARTICLE) X->n_articles++;
    else if (k == CWI_EXK_PRE || n->tag == CWI_TAG_CODE) X->n_pre++;
    const char *cl = cwi_dom_get_attr(n, "class");
    if (cl && cwi_ex_find_ci(cl, strnlen(cl, 200), "cart") >= 0) X->n_cart++;
    if (k == CWI_EXK_SKIP && (n->tag == CWI_TAG_BUTTON || n->tag == CWI_TAG_INPUT)) {
        const char *v = cwi_dom_get_attr(n, "value");
        char *bt = v ? NULL : cwi_ex_node_text_dup(n, 100);
        const char *b = v ? v : bt;
        if (b && (cwi_ex_find_ci(b, strlen(b), "add to cart") >= 0 || cwi_ex_find_ci(b, strlen(b), "add to bag") >= 0 ||
                  cwi_ex_find_ci(b, strlen(b), "add to basket") >= 0 || cwi_ex_find_ci(b, strlen(b), "buy now") >= 0))
            X->n_cart++;
        free(bt);
    }
}

uint32_t cwi_ex_count_prices(const char *s, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        unsigned char b = (unsigned char)s[i];
        if (b == '$') m = 1;
        else if (b == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x82 && (unsigned char)s[i + 2] == 0xAC) m = 3;
        else if (b == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA3) m = 2;
        if (!m) continue;
        size_t a = i + m;
        if (a < n && s[a] == ' ') a++;
        bool after = a < n && s[a] >= '0' && s[a] <= '9';
        size_t p = i;
        if (p > 0 && s[p - 1] == ' ') p--;
        bool before = p > 0 && s[p - 1] >= '0' && s[p - 1] <= '9';
        if (after || before) c++;
        i += m - 1;
    }
    return c;
}

static bool has_any(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, list[i])) return true;
    return false;
}

/* What the page says of itself: JSON-LD @type and og:type. */
static void score_declared(const cwi_ex_page *X, float *sc)
{
    const cwi_ex_ld_types *ty = &X->M.ld.types;
    if (ty->article) sc[CWI_PT_ARTICLE] += 2;
    if (ty->forum || ty->liveblog) sc[CWI_PT_FORUM] += 3;
    if (ty->product) sc[CWI_PT_PRODUCT] += 3;
    if (ty->list) sc[CWI_PT_LISTING] += 1.5f;
    if (ty->doc) sc[CWI_PT_DOC] += 2;
    if (ty->service) sc[CWI_PT_OTHER] += 1;
    const char *og = X->M.og_type;
    if (og && cwi_ex_ieq(og, "article")) sc[CWI_PT_ARTICLE] += 1.5f;
    if (og && cwi_ex_ieq(og, "website")) sc[CWI_PT_OTHER] += 0.75f;
    if (og && (cwi_ex_ieq(og, "product") || cwi_ex_ieq(og, "og:product") || cwi_ex_ieq(og, "product.item")))
        sc[CWI_PT_PRODUCT] += 3;
}

/* What the address says: path and host patterns, a date, a slug. */
static void score_address(const char *url, float *sc)
{
    char path[512], host[128];
    path[0] = host[0] = 0;
    const char *u = url ? strstr(url, "://") : NULL;
    if (!u) return;
    u += 3;
    size_t h = strcspn(u, "/?#");
    size_t hn = CWI_MIN(h, sizeof host - 1), pn = CWI_MIN(strlen(u + h), sizeof path - 1);
    for (size_t i = 0; i < hn; i++) host[i] = (char)((u[i] >= 'A' && u[i] <= 'Z') ? u[i] + 32 : u[i]);
    host[hn] = 0;
    for (size_t i = 0; i < pn; i++) path[i] = (char)((u[h + i] >= 'A' && u[h + i] <= 'Z') ? u[h + i] + 32 : u[h + i]);
    path[pn] = 0;
    char *q = strpbrk(path, "?#");
    if (q) *q = 0;
    static const char *const forum_p[] = {"/t/", "/thread", "/forum", "/topic/", "/questions/", "/discussion",
                                          "/community/", "/comments/", "viewtopic", "showthread", "/r/",
                                          "/boards/", "/s/", "/answers/", "/live/", "live-blog", "liveblog",
                                          "/live-", "-live-"};
    static const char *const forum_h[] = {"forum", "community.", "discuss", "answers.", "boards."};
    static const char *const list_p[] = {"/category", "/categories", "/collections/", "/collection", "/tag/",
                                         "/tags/", "/topic/", "/topics/", "/section", "/c/", "/browse",
                                         "/search", "/archive", "/hub/", "/list", "/jobs", "/b/", "/chart",
                                         "best-sellers", "/shop/", "/latest", "/newest", "/trending"};
    static const char *const prod_p[] = {"/product/", "/products/", "/p/", "/dp/", "/itm/", "/item/",
                                         "/app/", "/pd/", "/shop/p"};
    static const char *const doc_p[] = {"/docs", "/doc/", "/documentation", "/reference", "/api/", "/manual",
                                        "/guide", "/tutorial", "/learn/", "/wiki/", "/handbook", "/kb/",
                                        "/library/", "/man/", "/sdk"};
    static const char *const doc_h[] = {"docs.", "developer.", "developers.", "learn.", "wiki.", "readthedocs",
                                        "devdocs", "man7."};
    if (has_any(path, forum_p, sizeof forum_p / sizeof *forum_p)) sc[CWI_PT_FORUM] += 3;
    if (has_any(host, forum_h, sizeof forum_h / sizeof *forum_h)) sc[CWI_PT_FORUM] += 2;
    if (has_any(path, list_p, sizeof list_p / sizeof *list_p)) sc[CWI_PT_LISTING] += 1.5f;
    if (has_any(path, prod_p, sizeof prod_p / sizeof *prod_p)) sc[CWI_PT_PRODUCT] += 1.5f;
    if (has_any(path, doc_p, sizeof doc_p / sizeof *doc_p)) sc[CWI_PT_DOC] += 3;
    if (has_any(host, doc_h, sizeof doc_h / sizeof *doc_h)) sc[CWI_PT_DOC] += 3;
    size_t pl = strlen(path);
    while (pl && path[pl - 1] == '/') path[--pl] = 0;
    if (pl == 0) sc[CWI_PT_LISTING] += 2; /* a home page */
    char *ud = cwi_ex_url_date(url);
    if (ud) sc[CWI_PT_ARTICLE] += 2;
    free(ud);
    /* the last segment a slug of many words: a story, a post or a product */
    const char *seg = strrchr(path, '/');
    seg = seg ? seg + 1 : path;
    int dashes = 0;
    for (const char *c = seg; *c; c++) dashes += *c == '-' || *c == '_';
    if (dashes >= 4) sc[CWI_PT_ARTICLE] += 0.75f;
    /* a page under a blog or news section (not the section itself) */
    static const char *const art_p[] = {"/blog/", "/blogs/", "/post/", "/posts/", "/article/", "/articles/",
                                        "/news/", "/story/", "/stories/", "/opinion/", "/features/"};
    for (size_t i = 0; i < sizeof art_p / sizeof *art_p; i++) {
        const char *at = strstr(path, art_p[i]);
        if (at && at[strlen(art_p[i])]) {
            sc[CWI_PT_ARTICLE] += 1.5f;
            break;
        }
    }
}

/* The longest run of link cards among e's children: siblings of one tag and
 * class, each a link with a few words (a listing's items, a shop's
 * products). */
static uint32_t card_run(cwi_ex_page *X, const cwi_ex_node *e)
{
    uint32_t run = 0, cards = 0;
    const cwi_dom_node *prev = NULL;
    for (const cwi_dom_node *c = e->node->first; c; c = c->next) {
        if (c->type != CWI_DOM_ELEMENT) continue;
        cwi_ex_node *ci = cwi_ex_info_of(X, c);
        bool card = ci && ci->link > 0 && ci->text >= 20 && ci->text < 2000;
        const char *cc = cwi_dom_get_attr(c, "class"), *pc = prev ? cwi_dom_get_attr(prev, "class") : NULL;
        if (card && prev && prev->tag == c->tag && ((!cc && !pc) || (cc && pc && !strcmp(cc, pc)))) run++;
        else run = card ? 1 : 0;
        if (run > cards) cards = run;
        prev = card ? c : NULL;
    }
    return cards;
}

/* The page's shape, as the news model reads it. */
typedef struct page_shape {
    float link_density;            /* link text over all text */
    uint32_t best_text, best_paras; /* the article rules' container */
    uint32_t region_text, page_text;
    uint32_t linked_heads, cards, posts;
} page_shape;

/* What the page's shape says: link cards and linked headings, posts,
 * prices, code, how much the article rules' container holds. */
static void score_shape(cwi_ex_page *X, int32_t best, int32_t region, float *sc, page_shape *sh)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    cwi_ex_node *N = X->N.v;
    uint32_t page = N[0].text ? N[0].text : 1;
    uint32_t linkhead = 0, posts = 0, cards = 0;
    for (size_t i = 0; i < X->N.n; i++) {
        cwi_ex_node *e = &N[i];
        uint32_t run = card_run(X, e);
        if (run > cards) cards = run;
        if ((e->kind == CWI_EXK_H1 || e->kind == CWI_EXK_HN) && e->text >= 10 && e->link * 2 > e->text) linkhead++;
        if (e->post && e->text >= 100 && !e->chrome && (e->parent < 0 || !N[e->parent].post)) posts++;
    }
    float ld = (float)N[0].link / (float)page;
    uint32_t bt = best >= 0 ? N[best].text : 0, bp = best >= 0 ? N[best].paras : 0;
    uint32_t rt = N[region].text ? N[region].text : 1;
    /* a long story with paragraphs of its own is a listicle at most */
    float shape = bt >= 1500 && bp >= 5 ? 0.5f : 1.0f;
    if (linkhead >= (uint32_t)T->list_heads) sc[CWI_PT_LISTING] += 2 * shape;
    if (linkhead >= (uint32_t)(2 * T->list_heads)) sc[CWI_PT_LISTING] += 1 * shape;
    if (ld > 0.5f) sc[CWI_PT_LISTING] += 1;
    if (X->n_articles >= 5) sc[CWI_PT_LISTING] += 1 * shape;
    if (cards >= (uint32_t)T->list_cards) sc[CWI_PT_LISTING] += 1.5f * shape;
    if (cards >= (uint32_t)(2 * T->list_cards)) sc[CWI_PT_LISTING] += 1 * shape;
    if (posts >= 3) sc[CWI_PT_FORUM] += 1.5f;
    if (posts >= 3 && X->n_time >= 3) sc[CWI_PT_FORUM] += 1;
    if (X->n_price >= 1 && X->n_cart >= 1) sc[CWI_PT_PRODUCT] += 2;
    else if (X->n_price >= 1) sc[CWI_PT_PRODUCT] += 0.5f;
    if (X->n_price >= 8) sc[CWI_PT_LISTING] += 1.5f;
    if (X->n_pre >= 2) sc[CWI_PT_DOC] += 1;
    if (X->n_pre >= 6) sc[CWI_PT_DOC] += 1;
    if (bt >= 1500 && bp >= 5) sc[CWI_PT_ARTICLE] += 1.5f;
    if ((float)bt >= 0.5f * (float)rt && bt >= 500) sc[CWI_PT_ARTICLE] += 1;
    if (X->M.pub_meta || X->M.ld.published) sc[CWI_PT_ARTICLE] += 0.5f;
    else sc[CWI_PT_OTHER] += 0.5f;
    *sh = (page_shape){ld, bt, bp, rt, page, linkhead, cards, posts};
}

#define NEWS_FEATURES 21

/* The features of the no-news model: the type points, then the shape. */
static void news_features(const cwi_ex_page *X, const float *sc, const page_shape *sh, float *f)
{
    float bt = (float)sh->best_text, rt = (float)sh->region_text;
    float v[NEWS_FEATURES] = {sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sh->link_density, log1pf(bt),
                              log1pf((float)sh->best_paras), log1pf(rt), log1pf((float)sh->linked_heads),
                              log1pf((float)sh->cards), log1pf((float)X->n_articles), log1pf((float)sh->posts),
                              log1pf((float)X->n_price), log1pf((float)X->n_cart), log1pf((float)X->n_pre),
                              log1pf((float)sh->page_text), (X->M.pub_meta || X->M.ld.published) ? 1.0f : 0.0f,
                              bt / (rt > 1 ? rt : 1), bt / (float)(sh->page_text > 1 ? sh->page_text : 1)};
    memcpy(f, v, sizeof v);
}

/* How likely the page is no news (a section front, tag page, shop
 * category, product, documentation or service page), 0..1: a logistic
 * model over news_features, fitted by bench/wcxb_news.py on the 1,497 pages
 * of WCXB (which reports it cross-validated by site). */
static float not_news(const float *f)
{
    static const float w[NEWS_FEATURES] = {
        -1.05227f,  -0.459561f, 0.307999f,  0.761139f,  0.335247f,   0.651793f,  2.51159f,
        0.137002f,  0.178584f,  0.0254886f, 0.0202917f, -0.171877f,  0.00338787f, -0.242864f,
        -0.165863f, 0.523215f,  0.169887f,  -0.124485f, 0.852331f,   0.0130635f, 0.619246f};
    double z = -0.196194;
    for (size_t i = 0; i < NEWS_FEATURES; i++) z += (double)w[i] * (double)f[i];
    return (float)(1.0 / (1.0 + exp(-z)));
}

/* CROSSWIRE_EXTRACT_FEATURES set: each classified page's features go to
 * stderr, one line each, for bench/wcxb_news.py (read once per process). */
static bool dump_features;
static pthread_once_t dump_once = PTHREAD_ONCE_INIT;
static void dump_init(void) { dump_features = getenv("CROSSWIRE_EXTRACT_FEATURES") != NULL; }

static void dump(const float *f)
{
    pthread_once(&dump_once, dump_init);
    if (!dump_features) return;
    fprintf(stderr, "features");
    for (size_t i = 0; i < NEWS_FEATURES; i++) fprintf(stderr, " %.9g", (double)f[i]);
    fputc('\n', stderr);
}

enum cwi_ex_ptype cwi_ex_classify(cwi_ex_page *X, const char *url, int32_t best, int32_t region, float *conf,
                                  float *no_news)
{
    float sc[CWI_PT_N] = {0};
    sc[CWI_PT_OTHER] = cwi_ex_tune_get()->other_base;
    score_declared(X, sc);
    score_address(url, sc);
    page_shape sh;
    score_shape(X, best, region, sc, &sh);
    float f[NEWS_FEATURES];
    news_features(X, sc, &sh, f);
    dump(f);
    *no_news = not_news(f);
    int k = 0;
    for (int i = 1; i < CWI_PT_N; i++)
        if (sc[i] > sc[k]) k = i;
    double sum = 0;
    for (int i = 0; i < CWI_PT_N; i++) sum += exp((double)(sc[i] - sc[k]));
    *conf = (float)(1.0 / sum);
    return (enum cwi_ex_ptype)k;
}
