/*
 * html: the article body and metadata of an HTML page (cwi_extract_html).
 *
 * 1. dom.c builds the tree (recovering from broken markup as libxml2's HTML
 *    parser does, which crosswire used before).
 * 2. One pre-order walk (iterative, by parent and sibling pointers) gives
 *    every element that can hold article text an entry in a flat array, in
 *    document order, so that a parent's index is lower than its children's;
 *    scripts, styles, navigation, forms controls, figures and hidden
 *    elements are not entered. The same walk collects the metadata (title,
 *    meta tags, JSON-LD, <time>, canonical link, html lang: html_meta.c)
 *    and the evidence of the page's type (pagetype.c).
 * 3. A reverse pass adds each element's text, link text, commas and
 *    paragraphs into its parent. Paragraph-like elements then score their
 *    ancestors (more for the parent, less further up; class and id hints
 *    like "article", "content" vs "comment", "share", "related" weigh in;
 *    link-heavy containers lose). The best container and those of its
 *    siblings that score close to it hold the article.
 * 4. The article is written out block by block (one paragraph, heading,
 *    list item or quote a line), leaving out link lists, share bars, related
 *    stories, captions and the like inside it, and then cleaned line by line
 *    as scraped text is (ad markers, comment forms, "read more" lists,
 *    credits). On pages that are not one article (pagetype.c says what the
 *    page is) the page's region is written out instead when the article
 *    rules find much less than it holds.
 *
 * Bounds: input at most CW_MAX_RECORD_BYTES (32 MiB); at most
 * HTML_MAX_NODES elements are indexed (the rest of a bigger page is ignored);
 * every walk is a loop (no recursion), so 100,000 nested tags cost linear
 * time; score propagation looks at most 5 ancestors up. Memory is the dom
 * arena (see dom.h: about 3 to 5 times the input for news pages) plus 48
 * bytes per indexed element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <pthread.h>

#include "core/utf8.h"
#include "extract/dom.h"
#include "extract/extract_int.h"
#include "extract/html_int.h"
#include "text/lang.h"

#define HTML_MAX_NODES (1u << 21)
#define TOP_N 5
#define ALT_MIN 2

/* ---- settings (html_int.h) -------------------------------------------------------- */

static cwi_ex_tune T_ = {.region_share = 0.7f, .keep_h1 = 1, .force = 0, .other_base = 1.5f, .list_heads = 6,
                         .list_cards = 8, .prefer_article = 0.5f, .article_words = 150, .sure = 0.5f,
                         .title_h1 = 0, .date_modified = 0, .date_text = 1, .author_class = 1,
                         .meta_skipped = 1, .script_date = 1};
static pthread_once_t tune_once = PTHREAD_ONCE_INIT;

static void tune_init(void)
{
    const char *e = getenv("CROSSWIRE_EXTRACT_TUNE");
    static const struct {
        const char *name;
        float *v;
    } f[] = {{"region_share", &T_.region_share}, {"keep_h1", &T_.keep_h1}, {"force", &T_.force},
             {"other_base", &T_.other_base}, {"list_heads", &T_.list_heads}, {"list_cards", &T_.list_cards},
             {"prefer_article", &T_.prefer_article}, {"article_words", &T_.article_words},
             {"sure", &T_.sure}, {"title_h1", &T_.title_h1},
             {"date_modified", &T_.date_modified}, {"date_text", &T_.date_text},
             {"author_class", &T_.author_class}, {"meta_skipped", &T_.meta_skipped},
             {"script_date", &T_.script_date}};
    while (e && *e) {
        const char *eq = strchr(e, '='), *end = strchr(e, ',');
        if (!end) end = e + strlen(e);
        if (eq && eq < end)
            for (size_t i = 0; i < sizeof f / sizeof *f; i++)
                if (strlen(f[i].name) == (size_t)(eq - e) && !strncmp(f[i].name, e, (size_t)(eq - e)))
                    *f[i].v = strtof(eq + 1, NULL);
        e = *end ? end + 1 : end;
    }
}

const cwi_ex_tune *cwi_ex_tune_get(void)
{
    pthread_once(&tune_once, tune_init);
    return &T_;
}

/* ---- tags ------------------------------------------------------------------------- */

static enum cwi_ex_kind tag_kind(const char *t)
{
    switch (t[0]) {
    case 'a':
        if (!t[1]) return CWI_EXK_A;
        if (!strcmp(t, "article")) return CWI_EXK_ARTICLE;
        if (!strcmp(t, "aside") || !strcmp(t, "audio")) return CWI_EXK_SKIP;
        if (!strcmp(t, "address")) return CWI_EXK_BLOCK;
        break;
    case 'b':
        if (!strcmp(t, "br")) return CWI_EXK_BR;
        if (!strcmp(t, "blockquote")) return CWI_EXK_BQ;
        if (!strcmp(t, "body")) return CWI_EXK_BODY;
        if (!strcmp(t, "button")) return CWI_EXK_SKIP;
        break;
    case 'c':
        if (!strcmp(t, "center")) return CWI_EXK_DIV;
        if (!strcmp(t, "canvas")) return CWI_EXK_SKIP;
        break;
    case 'd':
        if (!strcmp(t, "div")) return CWI_EXK_DIV;
        if (!strcmp(t, "dl")) return CWI_EXK_DL;
        if (!strcmp(t, "dd") || !strcmp(t, "dt")) return CWI_EXK_LI;
        if (!strcmp(t, "details")) return CWI_EXK_BLOCK;
        if (!strcmp(t, "dialog")) return CWI_EXK_SKIP;
        break;
    case 'e':
        if (!strcmp(t, "embed")) return CWI_EXK_SKIP;
        break;
    case 'f':
        if (!strcmp(t, "form")) return CWI_EXK_FORM;
        if (!strcmp(t, "footer") || !strcmp(t, "figure") || !strcmp(t, "figcaption") || !strcmp(t, "frame") ||
            !strcmp(t, "frameset"))
            return CWI_EXK_SKIP;
        break;
    case 'h':
        if (t[1] == '1' && !t[2]) return CWI_EXK_H1;
        if (t[1] >= '2' && t[1] <= '6' && !t[2]) return CWI_EXK_HN;
        if (!strcmp(t, "hr")) return CWI_EXK_HR;
        if (!strcmp(t, "header")) return CWI_EXK_SKIP;
        if (!strcmp(t, "html")) return CWI_EXK_HTML;
        if (!strcmp(t, "head")) return CWI_EXK_OTHER;
        break;
    case 'i':
        if (!strcmp(t, "iframe") || !strcmp(t, "input")) return CWI_EXK_SKIP;
        break;
    case 'l':
        if (!strcmp(t, "li")) return CWI_EXK_LI;
        if (!strcmp(t, "link")) return CWI_EXK_LINK;
        if (!strcmp(t, "label") || !strcmp(t, "legend")) return CWI_EXK_SKIP;
        break;
    case 'm':
        if (!strcmp(t, "main")) return CWI_EXK_SECTION;
        if (!strcmp(t, "meta")) return CWI_EXK_META;
        if (!strcmp(t, "math") || !strcmp(t, "map") || !strcmp(t, "menu")) return CWI_EXK_SKIP;
        break;
    case 'n':
        if (!strcmp(t, "nav")) return CWI_EXK_SKIP;
        if (!strcmp(t, "noscript")) return CWI_EXK_NOSCRIPT;
        break;
    case 'o':
        if (!strcmp(t, "ol")) return CWI_EXK_LIST;
        if (!strcmp(t, "object") || !strcmp(t, "option") || !strcmp(t, "optgroup")) return CWI_EXK_SKIP;
        break;
    case 'p':
        if (!t[1]) return CWI_EXK_P;
        if (!strcmp(t, "pre")) return CWI_EXK_PRE;
        if (!strcmp(t, "picture") || !strcmp(t, "param")) return CWI_EXK_SKIP;
        break;
    case 's':
        if (!strcmp(t, "section")) return CWI_EXK_SECTION;
        if (!strcmp(t, "script")) return CWI_EXK_SCRIPT;
        if (!strcmp(t, "style") || !strcmp(t, "svg") || !strcmp(t, "select") || !strcmp(t, "source")) return CWI_EXK_SKIP;
        if (!strcmp(t, "summary")) return CWI_EXK_BLOCK;
        break;
    case 't':
        if (!strcmp(t, "td") || !strcmp(t, "th")) return CWI_EXK_TD;
        if (!strcmp(t, "tr")) return CWI_EXK_TR;
        if (!strcmp(t, "table")) return CWI_EXK_TABLE;
        if (!strcmp(t, "tbody") || !strcmp(t, "thead") || !strcmp(t, "tfoot")) return CWI_EXK_BLOCK;
        if (!strcmp(t, "title")) return CWI_EXK_TITLE;
        if (!strcmp(t, "time")) return CWI_EXK_TIME;
        if (!strcmp(t, "template") || !strcmp(t, "textarea") || !strcmp(t, "track")) return CWI_EXK_SKIP;
        break;
    case 'u':
        if (!strcmp(t, "ul")) return CWI_EXK_LIST;
        break;
    case 'v':
        if (!strcmp(t, "video")) return CWI_EXK_SKIP;
        break;
    default:
        break;
    }
    return CWI_EXK_OTHER;
}

/* The kind of each tag id, from tag_kind on its name (built once). */
uint8_t cwi_ex_kinds[CWI_TAG_COUNT];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void kinds_init(void)
{
    for (int t = 1; t < CWI_TAG_COUNT; t++)
        cwi_ex_kinds[t] = (uint8_t)tag_kind(cwi_dom_tag_name((enum cwi_dom_tag)t));
}

/* ---- class and id hints ------------------------------------------------------------- */

static const char *attr(const cwi_dom_node *n, const char *name) { return cwi_dom_get_attr(n, name); }

bool cwi_ex_ieq(const char *a, const char *b) { return a && cwi_ex_eq_ci(a, strlen(a), b); }

static bool token_in(const char *tok, size_t n, const char *const *list, size_t cnt)
{
    for (size_t i = 0; i < cnt; i++)
        if (list[i][0] == tok[0] && !strncmp(list[i], tok, n) && list[i][n] == 0) return true;
    return false;
}

static inline unsigned pair_bit(unsigned char a, unsigned char b) { return ((a * 31u) ^ b) & 511u; }

/* What class and id say of an element. */
typedef struct hint {
    int weight;  /* +25 for article words, -25 for boilerplate words */
    bool strong; /* certainly not article text */
    bool chrome; /* page chrome (cwi_ex_node.chrome) */
    bool post;   /* a post of a thread (cwi_ex_node.post) */
} hint;

/* Weighs class and id. */
static hint class_weight(const cwi_dom_node *n)
{
    hint h = {0, false, false, false};
    /* page chrome, whatever the page type: dropped inside any region */
    static const char *const chrome_sub[] = {
        "share", "sharing", "social", "related", "newsletter", "promo", "advert", "sponsor", "cookie", "consent",
        "gdpr", "outbrain", "taboola", "recirc", "recommend", "popup", "modal", "breadcrumb", "sidebar",
        "subscri", "signup", "sign-up", "paywall", "skip-link", "visually-hidden", "sr-only", "screen-reader",
        "navbar", "menu", "footer", "banner", "toolbar", "pagination", "pager", "most-popular", "mostpopular",
        "trending", "you-may", "also-like", "upsell", "cross-sell", "crosssell", "recently-viewed", "login",
        "overlay", "dropdown", "mega-", "offcanvas", "drawer", "announcement", "toast", "onetrust", "didomi"};
    /* a post of a thread */
    static const char *const post_sub[] = {"post", "comment", "reply", "answer", "message", "topic-body",
                                           "thread-item", "discussion"};
    static const char *const neg_sub[] = {
        "comment", "share", "sharing", "social", "related", "newsletter", "promo", "advert", "sponsor", "cookie",
        "outbrain", "taboola", "recirc", "recommend", "subscri", "popup", "modal", "breadcrumb", "sidebar",
        "byline", "caption", "author-bio", "authorbio", "toolbar", "readmore", "read-more", "more-stories",
        "signup", "sign-up", "footer", "masthead", "navbar", "menu", "disqus", "widget", "banner", "paywall",
        "most-popular", "mostpopular", "trending", "also-read", "alsoread", "topics", "keywords", "gdpr",
        "consent", "visually-hidden", "sr-only", "screen-reader", "skip-link", "dateline-", "timestamp",
        "tags", "pagination", "pager", "print-", "disclaimer", "copyright", "lightbox", "gallery",
        "slideshow", "carousel", "video", "podcast", "player", "enlarge", "photo-credit", "image-credit",
    };
    static const char *const neg_tok[] = {"ad", "ads", "nav", "tag", "meta", "hide", "credit", "credits",
                                          "extra", "aside", "rail", "right-rail", "header", "foot", "bio",
                                          "author", "contributor", "embed", "figure", "print", "info", "date"};
    static const char *const pos_sub[] = {"article", "content", "story", "entry", "post-body", "postbody",
                                          "blog", "body", "text", "main", "hentry", "prose"};
    char buf[320];
    size_t bn = 0;
    const char *parts[2] = {attr(n, "class"), attr(n, "id")};
    for (int k = 0; k < 2; k++) {
        const char *s = parts[k];
        if (!s) continue;
        for (; *s && bn < sizeof buf - 2; s++) buf[bn++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        if (bn < sizeof buf - 1) buf[bn++] = ' '; /* a long class leaves no room for the id */
    }
    buf[bn] = 0;
    if (bn == 0) return h;
    bool neg = false, pos = false;
    /* the byte pairs of buf: a needle whose first two bytes never occur
     * together in it is not searched for */
    uint64_t pairs[8] = {0};
    for (size_t i = 0; i + 1 < bn; i++) {
        unsigned b = pair_bit((unsigned char)buf[i], (unsigned char)buf[i + 1]);
        pairs[b >> 6] |= 1ull << (b & 63);
    }
#define MAY_HOLD(nd) ((pairs[pair_bit((unsigned char)(nd)[0], (unsigned char)(nd)[1]) >> 6] >> \
                       (pair_bit((unsigned char)(nd)[0], (unsigned char)(nd)[1]) & 63)) & 1)
    for (size_t i = 0; i < sizeof neg_sub / sizeof *neg_sub && !neg; i++)
        if (MAY_HOLD(neg_sub[i]) && strstr(buf, neg_sub[i])) neg = true;
    for (size_t i = 0; i < sizeof chrome_sub / sizeof *chrome_sub; i++)
        if (MAY_HOLD(chrome_sub[i]) && strstr(buf, chrome_sub[i])) {
            h.chrome = true;
            break;
        }
    for (size_t i = 0; i < sizeof post_sub / sizeof *post_sub; i++)
        if (MAY_HOLD(post_sub[i]) && strstr(buf, post_sub[i])) {
            h.post = true;
            break;
        }
    /* "post-body", "entry-content" are article words too; "posted" "poster" "postcode" are not posts */
    if (h.post && (strstr(buf, "posted") || strstr(buf, "poster") || strstr(buf, "postcode") ||
                               strstr(buf, "postal")))
        h.post = false;
    bool strong_neg = neg;
    /* tokens split at anything but letters and digits */
    for (size_t i = 0; i < bn;) {
        while (i < bn && !((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))) i++;
        size_t j = i;
        while (j < bn && ((buf[j] >= 'a' && buf[j] <= 'z') || (buf[j] >= '0' && buf[j] <= '9'))) j++;
        if (j > i && token_in(buf + i, j - i, neg_tok, sizeof neg_tok / sizeof *neg_tok)) neg = true;
        i = j;
    }
    for (size_t i = 0; i < sizeof pos_sub / sizeof *pos_sub && !pos; i++)
        if (MAY_HOLD(pos_sub[i]) && strstr(buf, pos_sub[i])) pos = true;
#undef MAY_HOLD
    if (neg) h.weight -= 25;
    if (pos) h.weight += 25;
    /* "article-body" with "share" in it is still a share bar; but an element
     * named both "content" and e.g. "main" stays positive */
    h.strong = strong_neg;
    return h;
}

/* Class and id that readability-style extractors drop before scoring: the
 * element is never article text, whatever it holds. */
static bool unlikely_class(const cwi_dom_node *n)
{
    static const char *const u[] = {"comment", "disqus", "share", "sharing", "social", "related", "newsletter",
                                    "outbrain", "taboola", "recirc", "recommend", "cookie", "consent", "gdpr",
                                    "breadcrumb", "sidebar", "promo", "advert", "sponsor", "popup", "modal",
                                    "most-popular", "mostpopular", "trending", "footer", "navbar", "caption",
                                    "subscri", "signup", "sign-up", "author-bio", "authorbio", "skip-link",
                                    "visually-hidden", "sr-only", "screen-reader"};
    const char *parts[2] = {attr(n, "class"), attr(n, "id")};
    for (int k = 0; k < 2; k++) {
        if (!parts[k]) continue;
        char b[256];
        size_t i = 0;
        for (const char *s = parts[k]; *s && i < sizeof b - 1; s++) b[i++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        b[i] = 0;
        for (size_t j = 0; j < sizeof u / sizeof *u; j++)
            if (strstr(b, u[j])) return true;
    }
    return false;
}

static bool hidden(const cwi_dom_node *n)
{
    const char *s = attr(n, "style");
    if (s) {
        char b[128];
        size_t k = 0;
        for (; *s && k < sizeof b - 1; s++)
            if (*s != ' ') b[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        b[k] = 0;
        if (strstr(b, "display:none") || strstr(b, "visibility:hidden")) return true;
    }
    if (attr(n, "hidden")) return true;
    const char *ah = attr(n, "aria-hidden");
    return ah && !strcmp(ah, "true");
}

/* ---- text ---------------------------------------------------------------------------- */

/* Length of s with white space runs counted as one byte, and its commas. */
static uint32_t text_len(const char *s, uint32_t *commas)
{
    uint32_t n = 0, c = 0;
    bool sp = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            if (!sp) n++;
            sp = true;
            continue;
        }
        sp = false;
        n++;
        if (*p == ',') c++;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) c++; /* ， */
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) c++; /* 、 */
        else if (p[0] == 0xD8 && p[1] == 0x8C) c++;                 /* ، */
    }
    *commas = c;
    return n;
}

/* The text of n's subtree, collapsed, at most max bytes (iterative walk). */
cw_status cwi_ex_node_text(const cwi_dom_node *n, cwi_buf *out, size_t max)
{
    const cwi_dom_node *cur = n->first;
    while (cur && out->len < max) {
        if (cur->type == CWI_DOM_TEXT) {
            CWI_TRY(cwi_ex_append_clean(out, cur->u.text, cur->len, false));
        } else if (cur->type == CWI_DOM_ELEMENT && cur->first) {
            enum cwi_ex_kind k = cwi_ex_kind_of(cur);
            if (k != CWI_EXK_SKIP && k != CWI_EXK_SCRIPT && k != CWI_EXK_NOSCRIPT) {
                if (out->len && out->data[out->len - 1] != ' ' && cwi_ex_is_block(k)) CWI_TRY(cwi_buf_addc(out, ' '));
                cur = cur->first;
                continue;
            }
        }
        while (cur && cur != n && !cur->next) cur = cur->parent;
        if (!cur || cur == n) break;
        cur = cur->next;
    }
    while (out->len && out->data[out->len - 1] == ' ') out->data[--out->len] = 0;
    if (out->len > max) {
        /* do not cut a character */
        size_t k = cwi_utf8_cut(out->data, max);
        out->len = k;
        out->data[k] = 0;
    }
    return CW_OK;
}

char *cwi_ex_node_text_dup(const cwi_dom_node *n, size_t max)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    if (cwi_ex_node_text(n, &b, max) != CW_OK) {
        cwi_buf_clean(&b);
        return NULL;
    }
    const char *p = b.data ? b.data : "";
    size_t m = b.len;
    cwi_ex_trim(&p, &m);
    char *r = m ? cwi_strndup(p, m) : NULL;
    cwi_buf_clean(&b);
    return r;
}

/* class_weight through a memo: a page repeats the same class and id values
 * on many elements. A hint is kept in the memo's integer as weight * 8 +
 * post * 4 + chrome * 2 + strong. */
static cw_status class_weight_memo(cwi_ex_page *X, const cwi_dom_node *n, hint *h)
{
    const char *cl = attr(n, "class"), *id = attr(n, "id");
    size_t cn = cl ? strlen(cl) : 0, idn = id ? strlen(id) : 0;
    if ((!cl && !id) || cn + idn > 1000) {
        *h = class_weight(n);
        return CW_OK;
    }
    char key[1004];
    key[0] = (char)('0' + (cl ? 1 : 0) + (id ? 2 : 0));
    if (cn) memcpy(key + 1, cl, cn);
    key[1 + cn] = 0;
    if (idn) memcpy(key + 2 + cn, id, idn);
    size_t kn = 2 + cn + idn;
    if (!X->weights && !(X->weights = cwi_map_new(256))) return CW_ERR_NOMEM;
    intptr_t v;
    if (cwi_map_get(X->weights, key, kn, &v)) {
        intptr_t bits = v & 7; /* the weight is a multiple of 8: the low bits are the flags' alone */
        h->strong = bits & 1;
        h->chrome = (bits >> 1) & 1;
        h->post = (bits >> 2) & 1;
        h->weight = (int)((v - bits) / 8);
        return CW_OK;
    }
    *h = class_weight(n);
    intptr_t packed = (intptr_t)h->weight * 8 + (h->post ? 4 : 0) + (h->chrome ? 2 : 0) + (h->strong ? 1 : 0);
    return cwi_map_put(X->weights, key, kn, packed);
}

/* Gives element n (of kind k, whose parent has the entry parent, -1 for
 * none) its entry: its class and id hints, whether it is in a link, and its
 * place among the <main> elements and h1s. */
static cw_status index_element(cwi_ex_page *X, cwi_dom_node *n, enum cwi_ex_kind k, int32_t parent)
{
    cwi_ex_node ni = {0};
    ni.node = n;
    ni.parent = parent;
    ni.kind = (uint8_t)k;
    hint h;
    CWI_TRY(class_weight_memo(X, n, &h));
    ni.chrome = h.chrome;
    ni.post = h.post;
    if (k == CWI_EXK_NOSCRIPT) {
        /* what a page shows without scripts: boilerplate ("enable
         * JavaScript") unless it holds the page (a thread or an
         * app shell rendered for crawlers) */
        h.strong = true;
        h.weight -= 25;
    }
    const char *ip = attr(n, "itemprop");
    if (ip && (strstr(ip, "articleBody") || strstr(ip, "reviewBody") || strstr(ip, "text"))) {
        ni.body_prop = true;
        X->n_bodyprop++;
        h.weight += 30;
        h.strong = false;
    }
    ni.weight = (int16_t)h.weight;
    ni.strong_neg = h.strong;
    if (h.strong && h.weight < 0 && k != CWI_EXK_BODY && k != CWI_EXK_HTML && k != CWI_EXK_ARTICLE &&
        (k == CWI_EXK_NOSCRIPT || unlikely_class(n)))
        ni.unlikely = true;
    if (parent >= 0 && X->N.v[parent].in_link) ni.in_link = true;
    if (k == CWI_EXK_A) ni.in_link = true;
    if (parent >= 0 && cwi_ex_is_block(k)) X->N.v[parent].block_kid = true;
    CWI_TRY(CWI_VEC_PUSH(X->N, ni));
    n->user = (uint32_t)X->N.n;
    if (k == CWI_EXK_H1 && !X->first_h1) X->first_h1 = n;
    if (k == CWI_EXK_H1) X->n_h1++;
    if (X->n_main < 8 && (n->tag == CWI_TAG_MAIN || cwi_ex_ieq(attr(n, "role"), "main")))
        X->main_el[X->n_main++] = (int32_t)X->N.n - 1;
    return CW_OK;
}

/* Adds text node t to its parent's counts. */
static void index_text(cwi_ex_page *X, const cwi_dom_node *t)
{
    int32_t p = (int32_t)t->parent->user - 1;
    if (p < 0) return;
    uint32_t commas;
    uint32_t len = text_len(t->u.text, &commas);
    cwi_ex_node *pi = &X->N.v[p];
    pi->text += len;
    pi->direct += len;
    pi->direct_commas += commas;
    pi->commas += commas;
    if (pi->in_link) pi->link += len;
    if (X->body) X->n_price += cwi_ex_count_prices(t->u.text, t->len);
}

/* Elements whose insides hold no metadata (drawings, media, form
 * choices): the walk does not enter them even for metadata. */
static bool media(const cwi_dom_node *n)
{
    switch (n->tag) {
    case CWI_TAG_SVG: case CWI_TAG_MATH: case CWI_TAG_PICTURE: case CWI_TAG_AUDIO: case CWI_TAG_CANVAS:
    case CWI_TAG_SELECT: case CWI_TAG_OBJECT: case CWI_TAG_MAP: case CWI_TAG_TEMPLATE: case CWI_TAG_TEXTAREA:
    case CWI_TAG_IFRAME: case CWI_TAG_STYLE: case CWI_TAG_EMBED: case CWI_TAG_OPTION: case CWI_TAG_OPTGROUP:
    case CWI_TAG_VIDEO:
        return true;
    default: return false;
    }
}

/* The walk of step 2 (see the top of the file). */
static cw_status index_tree(cwi_ex_page *X, cwi_dom_node *root)
{
    bool meta_only = cwi_ex_tune_get()->meta_skipped > 0;
    const cwi_dom_node *skipped = NULL; /* the element left out of the index that the walk is inside */
    cwi_dom_node *cur = root;
    while (cur) {
        bool descend = false;
        if (cur->type == CWI_DOM_ELEMENT && skipped) {
            /* inside a header, an aside, a hidden element ...: its metadata
             * counts (a story's <time> and byline sit in its <header>), its
             * text does not */
            cur->user = 0;
            CWI_TRY(cwi_ex_meta_element(X, cur, cwi_ex_kind_of(cur)));
            descend = true;
        } else if (cur->type == CWI_DOM_ELEMENT) {
            enum cwi_ex_kind k = cwi_ex_kind_of(cur);
            int32_t parent = cur->parent ? (int32_t)cur->parent->user - 1 : -1;
            cur->user = 0;
            CWI_TRY(cwi_ex_meta_element(X, cur, k));
            if (k == CWI_EXK_BODY && !X->body) X->body = cur;
            if (X->body) cwi_ex_type_element(X, cur, k);
            if (k != CWI_EXK_SKIP && k != CWI_EXK_SCRIPT && k != CWI_EXK_TITLE && k != CWI_EXK_META &&
                k != CWI_EXK_LINK && !hidden(cur) && X->N.n < HTML_MAX_NODES) {
                CWI_TRY(index_element(X, cur, k, parent));
                descend = true;
            } else if (meta_only && k != CWI_EXK_SCRIPT && k != CWI_EXK_TITLE && !media(cur) &&
                       X->N.n < HTML_MAX_NODES) {
                skipped = cur;
                descend = true;
            }
        } else if (cur->type == CWI_DOM_TEXT && cur->parent && !skipped) {
            index_text(X, cur);
        }
        if (descend && cur->first) {
            cur = cur->first;
            continue;
        }
        while (cur && cur != root && !cur->next) {
            if (cur == skipped) skipped = NULL;
            cur = cur->parent;
        }
        if (!cur || cur == root) break;
        if (cur == skipped) skipped = NULL;
        cur = cur->next;
    }
    return CW_OK;
}

static bool para_like(const cwi_ex_node *n)
{
    if (n->direct >= 25 && n->kind != CWI_EXK_LIST && n->kind != CWI_EXK_TABLE && n->kind != CWI_EXK_BODY) return true;
    switch (n->kind) {
    case CWI_EXK_P: case CWI_EXK_PRE: case CWI_EXK_TD: return true;
    case CWI_EXK_DIV: case CWI_EXK_SECTION: case CWI_EXK_ARTICLE: case CWI_EXK_OTHER: case CWI_EXK_BLOCK: case CWI_EXK_BQ:
        return !n->block_kid;
    default: return false;
    }
}

static float base_score(const cwi_ex_node *n)
{
    float s;
    switch (n->kind) {
    case CWI_EXK_DIV: s = 5; break;
    case CWI_EXK_ARTICLE: s = 10; break;
    case CWI_EXK_SECTION: s = 3; break;
    case CWI_EXK_PRE: case CWI_EXK_TD: case CWI_EXK_BQ: s = 3; break;
    case CWI_EXK_LIST: case CWI_EXK_LI: case CWI_EXK_FORM: case CWI_EXK_DL: s = -3; break;
    case CWI_EXK_H1: case CWI_EXK_HN: s = -5; break;
    case CWI_EXK_BODY: s = -10; break;
    default: s = 0; break;
    }
    return s + n->weight;
}

/* Scores the containers; returns the index of the best, or -1. */
static int32_t score_tree(cwi_ex_page *X)
{
    cwi_ex_node *N = X->N.v;
    size_t n = X->N.n;
    for (size_t i = n; i-- > 1;) {
        int32_t p = N[i].parent;
        if (p < 0) continue;
        N[p].text += N[i].text;
        N[p].link += N[i].link;
        N[p].commas += N[i].commas;
        N[p].paras += N[i].paras;
        if (N[i].kind == CWI_EXK_P && N[i].text >= 25) N[p].paras++;
    }
    /* unlikely containers that hold less than 40% of the page's text take
     * their paragraphs out of the scoring (a wrapper of the whole page named
     * "sidebar-layout" does not) */
    uint32_t total = n ? N[0].text : 0;
    for (size_t i = 0; i < n; i++) {
        if (N[i].unlikely && (uint64_t)N[i].text * 10 >= (uint64_t)total * 4) N[i].unlikely = false;
        if (N[i].parent >= 0 && N[N[i].parent].unlikely) N[i].unlikely = true;
    }
    for (size_t i = 0; i < n; i++) {
        if (!para_like(&N[i]) || N[i].text < 25 || N[i].in_link || N[i].unlikely) continue;
        float content = 1.0f + (float)N[i].commas + (float)CWI_MIN(N[i].text / 100, 3u);
        int32_t a = N[i].parent;
        /* text written straight into a container beside its blocks (an
         * article as text and <br>s after a heading and a byline) is a
         * paragraph of that container, as readability wraps it in a <p> */
        if (N[i].block_kid && N[i].direct >= 25 && N[i].kind != CWI_EXK_P && N[i].kind != CWI_EXK_PRE &&
            N[i].kind != CWI_EXK_TD) {
            content = 1.0f + (float)N[i].direct_commas + (float)CWI_MIN(N[i].direct / 100, 3u);
            a = (int32_t)i;
        }
        for (int level = 0; a >= 0 && level < 5; level++, a = N[a].parent) {
            if (!N[a].scored) {
                N[a].score = base_score(&N[a]);
                N[a].scored = true;
            }
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)(level * 3);
            N[a].score += content / div;
        }
    }
    /* the five best */
    int32_t top[TOP_N];
    int ntop = 0;
    for (size_t i = 0; i < n; i++) {
        if (!N[i].scored || N[i].unlikely) continue;
        float ld = N[i].text ? (float)N[i].link / (float)N[i].text : 0;
        N[i].score *= 1.0f - ld;
        bool full = ntop == TOP_N;
        if (full && N[top[TOP_N - 1]].score >= N[i].score) continue;
        int k = full ? TOP_N - 1 : ntop++;
        top[k] = (int32_t)i;
        while (k > 0 && N[top[k - 1]].score < N[top[k]].score) {
            int32_t t = top[k - 1];
            top[k - 1] = top[k];
            top[k] = t;
            k--;
        }
    }
    if (ntop == 0) return -1;
    int32_t best = top[0];
    /* an article cut into chunks: the ancestor that holds the best and the
     * other good candidates (readability's "alternative candidate ancestors") */
    int alt = 0;
    for (int k = 1; k < ntop; k++)
        if (N[top[k]].score >= 0.75f * N[best].score) alt++;
    if (alt >= ALT_MIN) {
        for (int32_t a = N[best].parent, depth = 0; a >= 0 && N[a].kind != CWI_EXK_BODY && depth < 64; a = N[a].parent, depth++) {
            int holds = 0;
            for (int k = 1; k < ntop; k++) {
                if (N[top[k]].score < 0.75f * N[best].score) continue;
                for (int32_t b = N[top[k]].parent, d2 = 0; b >= 0 && d2 < 64; b = N[b].parent, d2++)
                    if (b == a) {
                        holds++;
                        break;
                    }
            }
            if (holds >= ALT_MIN) {
                best = a;
                break;
            }
        }
    }
    /* climb while the ancestors' scores rise */
    float last = N[best].score, thr = last / 3;
    for (int32_t a = N[best].parent, depth = 0; a >= 0 && N[a].kind != CWI_EXK_BODY && depth < 64; a = N[a].parent, depth++) {
        if (!N[a].scored) continue;
        if (N[a].score < thr) break;
        if (N[a].score > last) {
            best = a;
            break;
        }
        last = N[a].score;
    }
    return best;
}

/* Whether a container inside the article is left out. */
static bool drop_inside(const cwi_ex_node *e, const cwi_ex_node *root, int region)
{
    if (e->body_prop) return false;
    if (region) {
        if (region == 1 && e->unlikely) return true;
        /* a region keeps its links (a listing is links) and its posts; it
         * drops only page chrome and what scripts-off shows */
        if (e->chrome && e->text * 2 < root->text) return true;
        if (e->kind == CWI_EXK_NOSCRIPT && e->text * 2 < root->text) return true;
        return false;
    }
    if (e->strong_neg && e->text * 2 < root->text) return true;
    float ld = e->text ? (float)e->link / (float)e->text : 0;
    switch (e->kind) {
    case CWI_EXK_DIV: case CWI_EXK_SECTION: case CWI_EXK_LIST: case CWI_EXK_TABLE: case CWI_EXK_FORM: case CWI_EXK_DL: case CWI_EXK_ARTICLE: case CWI_EXK_BLOCK:
        if (e->text == 0) return false;
        if (ld > 0.5f) return true;
        if (e->weight < 0 && ld > 0.2f) return true;
        if (e->kind == CWI_EXK_LIST && ld > 0.35f && e->commas < 5) return true;
        return false;
    case CWI_EXK_P: case CWI_EXK_LI:
        return ld > 0.7f && e->text < 200;
    default:
        return false;
    }
}

/* Writes the article under root into out, one block a line. */
/* region: 0 the article rules, 1 a region without comments, 2 a region with
 * its posts (a thread) */
static cw_status emit(cwi_ex_page *X, const cwi_dom_node *root, const char *title, int region, cwi_buf *out)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    cwi_ex_node *ri = cwi_ex_info_of(X, root);
    const cwi_dom_node *cur = root;
    while (cur) {
        bool descend = false;
        if (cur->type == CWI_DOM_ELEMENT) {
            cwi_ex_node *e = cwi_ex_info_of(X, cur);
            if (e && (cur == root || !drop_inside(e, ri, region))) {
                enum cwi_ex_kind k = (enum cwi_ex_kind)e->kind;
                bool skip_title = false;
                if ((k == CWI_EXK_H1 || k == CWI_EXK_HN) && title && e->text < 400 && !(region && T->keep_h1 > 0)) {
                    cwi_buf_reset(&X->tmp);
                    CWI_TRY(cwi_ex_node_text(cur, &X->tmp, 1000));
                    if (X->tmp.len && (cwi_ex_eq_ci(X->tmp.data, X->tmp.len, title) || k == CWI_EXK_H1)) skip_title = true;
                }
                if (!skip_title) {
                    if (k == CWI_EXK_BR) CWI_TRY(cwi_buf_addc(out, '\n'));
                    else if (cwi_ex_is_block(k) && out->len && out->data[out->len - 1] != '\n') CWI_TRY(cwi_buf_addc(out, '\n'));
                    if (k == CWI_EXK_LI && e->text) {
                        /* a list item stays recognisable as one */
                    }
                    descend = true;
                }
            }
        } else if (cur->type == CWI_DOM_TEXT) {
            CWI_TRY(cwi_ex_append_clean(out, cur->u.text, cur->len, false));
        }
        if (descend && cur->first) {
            cur = cur->first;
            continue;
        }
        /* leaving elements: a block ends its line */
        for (;;) {
            if (cur->type == CWI_DOM_ELEMENT) {
                cwi_ex_node *e = cwi_ex_info_of(X, cur);
                if (e && cwi_ex_is_block((enum cwi_ex_kind)e->kind) && out->len && out->data[out->len - 1] != '\n')
                    CWI_TRY(cwi_buf_addc(out, '\n'));
            }
            if (cur == root) return CW_OK;
            if (cur->next) break;
            cur = cur->parent;
            if (!cur) return CW_OK;
        }
        cur = cur->next;
    }
    return CW_OK;
}

/* ---- regions: the main text of pages that are not one article -------------------------
 * A listing, a thread, a product or a service page has its content spread
 * over many small blocks, mostly links or short posts, that the article
 * scoring throws away. Its region is found from the top: the largest <main>
 * (or role=main) when it holds a quarter of the page, else the body; then,
 * while one child holds region_share (70%) of the text, that child. */
static int32_t region_root(cwi_ex_page *X, bool posts)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    cwi_ex_node *N = X->N.v;
    int32_t cur = X->body && cwi_ex_info_of(X, X->body) ? (int32_t)X->body->user - 1 : 0;
    uint32_t page = N[cur].text;
    for (int i = 0; i < X->n_main; i++) {
        int32_t m = X->main_el[i];
        if (N[m].text * 4 >= page && (cur == 0 || N[m].text > N[cur].text || N[cur].kind == CWI_EXK_BODY)) cur = m;
    }
    for (int depth = 0; depth < 256; depth++) {
        uint32_t have = N[cur].text;
        int32_t next = -1;
        uint32_t most = 0;
        for (const cwi_dom_node *c = N[cur].node->first; c; c = c->next) {
            if (c->type != CWI_DOM_ELEMENT) continue;
            cwi_ex_node *ci = cwi_ex_info_of(X, c);
            if (!ci || ci->text <= most) continue;
            /* comments under a story are not the story; in a thread they are */
            if (!posts && ci->unlikely) continue;
            most = ci->text;
            next = (int32_t)(ci - N);
        }
        if (next < 0 || (float)most < T->region_share * (float)have) break;
        cur = next;
    }
    return cur;
}

/* ---- entry points ------------------------------------------------------------------------- */

bool cwi_looks_like_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    size_t lim = CWI_MIN(n, i + 4096);
    if (i < n && s[i] == '<') {
        static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<div",
                                             "<p>", "<p ", "<title", "<article", "<?xml"};
        for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
            if (cwi_ex_starts_ci(s + i, n - i, starts[k])) {
                if (k == 11) return cwi_ex_find_ci(s + i, lim - i, "<html") >= 0;
                return true;
            }
    }
    /* text with some markup in it */
    int tags = 0;
    static const char *const t[] = {"<p>", "<br", "<div", "</p>", "<a href", "<span", "<li>", "<html", "<body"};
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        if (cwi_ex_find_ci(s + i, lim - i, t[k]) >= 0) tags++;
    return tags >= 3;
}

/* Writes the best container and those of its siblings that score close to
 * it into body. */
static cw_status emit_best(cwi_ex_page *X, int32_t best, const char *title, cwi_buf *body)
{
    cwi_ex_node *top = &X->N.v[best];
    float thr = top->score * 0.2f;
    if (thr < 10) thr = 10;
    cwi_dom_node *par = top->node->parent;
    const char *tcl = attr(top->node, "class");
    cwi_dom_node *first = par && cwi_ex_info_of(X, par) ? par->first : top->node;
    for (cwi_dom_node *s = first; s; s = s->next) {
        if (s->type != CWI_DOM_ELEMENT) continue;
        cwi_ex_node *si = cwi_ex_info_of(X, s);
        if (!si) continue;
        bool take = s == top->node;
        if (!take && !si->strong_neg) {
            const char *cl = attr(s, "class");
            float bonus = (tcl && cl && *tcl && !strcmp(tcl, cl)) ? top->score * 0.2f : 0;
            float ld = si->text ? (float)si->link / (float)si->text : 0;
            if (si->scored && si->score + bonus >= thr) take = true;
            else if (si->kind == CWI_EXK_P && si->text > 80 && ld < 0.25f) take = true;
            else if (si->kind == CWI_EXK_P && si->text > 0 && ld == 0 && si->commas > 0) take = true;
        }
        if (take) CWI_TRY(emit(X, s, title, 0, body));
        if (first == top->node) break;
    }
    return CW_OK;
}

/* The page's type into d, and its main text (before the line cleaning) into
 * body: the article rules' container, the region, or the JSON-LD body. */
static cw_status choose_text(cwi_ex_page *X, int32_t best, cwi_doc *d, cwi_buf *body)
{
    const cwi_ex_tune *T = cwi_ex_tune_get();
    int32_t region = X->N.n ? region_root(X, false) : -1;
    enum cwi_ex_ptype pt = CWI_PT_OTHER;
    if (region >= 0) {
        pt = cwi_ex_classify(X, d->url, best, region, &d->page_type_conf, &d->not_news);
        if (pt == CWI_PT_FORUM) region = region_root(X, true);
    }
    d->page_type = cwi_ex_ptype_name(pt);
    /* a region always when told so, else the article rules unless they
     * find much less than the region holds */
    bool region_only = region >= 0 && T->force == 2;
    bool region_too = region >= 0 && T->force == 0;
    if (region_too && best >= 0 && (pt == CWI_PT_ARTICLE || d->page_type_conf < T->sure)) {
        /* only a region that holds the article rules' container: when the
         * two disagree on where the text is on what may be an article, the
         * article rules are surer */
        int32_t a = best;
        for (int depth = 0; a >= 0 && a != region && depth < 512; depth++) a = X->N.v[a].parent;
        if (a != region) region_too = false;
    }
    if (region_only) CWI_TRY(emit(X, X->N.v[region].node, d->title, pt == CWI_PT_FORUM ? 2 : 1, body));
    else if (best >= 0) CWI_TRY(emit_best(X, best, d->title, body));
    if (region_too) {
        /* the article rules found much less than the region holds: they
         * took one block of a page made of many */
        cwi_buf alt;
        cwi_buf_init(&alt, 0);
        cw_status st = emit(X, X->N.v[region].node, d->title, pt == CWI_PT_FORUM ? 2 : 1, &alt);
        if (st != CW_OK) {
            cwi_buf_clean(&alt);
            return st;
        }
        size_t wa = cwi_ex_words(body->data ? body->data : "", body->len);
        size_t wb = cwi_ex_words(alt.data ? alt.data : "", alt.len);
        if ((float)wa < T->prefer_article * (float)wb && (pt != CWI_PT_ARTICLE || (float)wa < T->article_words)) {
            cwi_buf t = *body;
            *body = alt;
            alt = t;
        }
        cwi_buf_clean(&alt);
    }
    /* the JSON-LD body when the tree gave much less */
    if (X->M.ld.body && strlen(X->M.ld.body) > 2 * body->len + 200) {
        cwi_buf_reset(body);
        CWI_TRY(cwi_buf_adds(body, X->M.ld.body));
    }
    return CW_OK;
}

/* The clean text, the credit it names, and the language into d. */
static cw_status finish_doc(cwi_ex_page *X, const cwi_buf *body, cwi_doc *d)
{
    cwi_doc s = {0};
    CWI_TRY(cwi_ex_scrub(body->data ? body->data : "", body->len, NULL, false, &s));
    d->text = s.text;
    s.text = NULL;
    if (s.credit && !d->credit) {
        d->credit = s.credit;
        s.credit = NULL;
    }
    cwi_doc_clean(&s);
    /* language: the page's own declaration, else the text */
    cwi_ex_meta *M = &X->M;
    const char *lg = M->lang ? M->lang : M->content_lang ? M->content_lang : M->ld.lang ? M->ld.lang : M->og_locale;
    if (lg && ((lg[0] | 32) >= 'a' && (lg[0] | 32) <= 'z') && ((lg[1] | 32) >= 'a' && (lg[1] | 32) <= 'z') &&
        (lg[2] == 0 || lg[2] == '-' || lg[2] == '_')) {
        char c[3] = {(char)(lg[0] | 32), (char)(lg[1] | 32), 0};
        d->lang = strdup(c);
    } else {
        d->lang = strdup(cwi_detect_lang(d->text, strlen(d->text)));
    }
    return d->lang ? CW_OK : CW_ERR_NOMEM;
}

#ifdef CW_EXTRACT_DEBUG
static void debug_scores(cwi_ex_page *X, int32_t best)
{
    for (size_t i = 0; i < X->N.n; i++) {
        cwi_ex_node *e = &X->N.v[i];
        if (!e->scored || e->score < 5) continue;
        const char *cl = attr(e->node, "class"), *id = attr(e->node, "id");
        fprintf(stderr, "%s%zu <%s class=%.60s id=%.30s> score %.1f text %u link %u parent %d\n",
                (int32_t)i == best ? "* " : "  ", i, e->node->name, cl ? cl : "", id ? id : "", e->score, e->text,
                e->link, e->parent);
    }
}
#endif

cw_status cwi_extract_html(const char *html, size_t n, const cwi_extract_hints *hints, cwi_doc *out, char **error)
{
    if (error) *error = NULL;
    if (!out || (!html && n)) {
        if (error) *error = strdup("no page given");
        return CW_ERR_USAGE;
    }
    if (n > CW_MAX_RECORD_BYTES) {
        if (error) *error = cwi_sprintf("page of %zu bytes is larger than the limit of %u", n, CW_MAX_RECORD_BYTES);
        return CW_ERR_INPUT;
    }
    /* binary data: NUL bytes in the first KiB */
    if (n && memchr(html, 0, CWI_MIN(n, 1024))) {
        if (error) *error = strdup("not an HTML page: binary data");
        return CW_ERR_INPUT;
    }
    pthread_once(&kinds_once, kinds_init);
    cwi_doc d = {0};
    cwi_ex_page X = {0};
    cwi_buf_init(&X.tmp, 0);
    cwi_buf body;
    cwi_buf_init(&body, 0);
    cw_status st = CW_OK;
    cwi_dom *doc = NULL;
    if (n && (st = cwi_dom_parse(html, n, &doc)) != CW_OK) goto done;
    cwi_dom_node *root = cwi_dom_root(doc);
    if (root && (st = index_tree(&X, root)) != CW_OK) goto done;
    int32_t best = X.N.n ? score_tree(&X) : -1;
    if ((st = cwi_ex_decide_meta(&X, hints, &d)) != CW_OK) goto done;
#ifdef CW_EXTRACT_DEBUG
    debug_scores(&X, best);
#endif
    if ((st = choose_text(&X, best, &d, &body)) != CW_OK) goto done;
    st = finish_doc(&X, &body, &d);
done:
    cwi_dom_free(doc);
    cwi_map_free(X.weights);
    cwi_ex_meta_clean(&X.M);
    CWI_VEC_FREE(X.N);
    cwi_buf_clean(&X.tmp);
    cwi_buf_clean(&body);
    if (st != CW_OK) {
        cwi_doc_clean(&d);
        if (error) *error = cwi_sprintf("HTML extraction failed: %s", cw_status_str(st));
        return st;
    }
    cwi_doc_clean(out);
    *out = d;
    return CW_OK;
}
