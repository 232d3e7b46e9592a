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
 *    meta tags, JSON-LD, <time>, canonical link, html lang).
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
 *    credits).
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
#include "extract/meta_int.h"
#include "text/lang.h"

#define HTML_MAX_NODES (1u << 21)
#define TOP_N 5
#define ALT_MIN 2
#define META_MAX 4096 /* longest metadata string kept, in bytes */

/* ---- settings ---------------------------------------------------------------------
 * The few numbers the page type and the region rules use. bench/wcxb.py
 * chooses among settings by cross-validation through the environment
 * variable CROSSWIRE_EXTRACT_TUNE ("name=value,name=value"); without it the
 * shipped values below hold. Read once per process. */
typedef struct tune {
    float region_share; /* a region descends into a child holding this share of its text */
    float keep_h1;      /* region mode keeps the page's h1 (1) or drops it as the title (0) */
    float force;        /* 0: by page type; 1: article rules for every page; 2: region for every page */
    float other_base;   /* score of "other" (service and company pages) before any evidence */
    float list_heads;   /* linked headings that make a page look like a listing */
    float list_cards;   /* a run of this many link cards makes a page look like a listing */
    float region_types; /* bit mask (1 << enum ptype) of the types read as a region */
    float prefer_article; /* other types: the article rules' text unless it has fewer words than this share
                             of the region's */
    float article_words;  /* a page typed article keeps the article rules' text from this many words */
    float sure;           /* a page type this sure lets a region elsewhere replace the article rules' text */
    float title_h1;       /* the title: 0 the meta titles first; 1 the page's only h1 first; 2 the first h1 */
    float date_modified;  /* the date: the last update first (1) or the first publication (0) */
    float date_text;      /* a date written in a date-named element when the markup gives none (1) */
    float author_class;   /* the text of an author-named element or author link when the markup gives none (1) */
} tune;

static tune T = {0.7f, 1, 0, 1.5f, 6, 8, 0, 0.5f, 150, 0.5f, 0, 0, 1, 1};
static pthread_once_t tune_once = PTHREAD_ONCE_INIT;

static void tune_init(void)
{
    const char *e = getenv("CROSSWIRE_EXTRACT_TUNE");
    static const struct {
        const char *name;
        float *v;
    } f[] = {{"region_share", &T.region_share}, {"keep_h1", &T.keep_h1}, {"force", &T.force},
             {"other_base", &T.other_base}, {"list_heads", &T.list_heads}, {"list_cards", &T.list_cards}, {"region_types", &T.region_types},
             {"prefer_article", &T.prefer_article}, {"article_words", &T.article_words},
             {"sure", &T.sure}, {"title_h1", &T.title_h1},
             {"date_modified", &T.date_modified}, {"date_text", &T.date_text},
             {"author_class", &T.author_class}};
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

enum kind {
    K_OTHER = 0, K_P, K_DIV, K_H1, K_HN, K_LI, K_LIST, K_BQ, K_PRE, K_TD, K_TABLE, K_TR, K_A, K_BR, K_BLOCK,
    K_ARTICLE, K_SECTION, K_BODY, K_FORM, K_DL, K_HR, K_SKIP, K_TITLE, K_META, K_LINK, K_SCRIPT, K_TIME, K_HTML,
    K_NOSCRIPT,
};

/* node flags */
#define NF_INLINK 1u     /* inside an <a> */
#define NF_BLOCKKID 2u   /* has a block-level child */
#define NF_INIT 4u       /* has a candidate score */
#define NF_STRONGNEG 8u  /* class/id says boilerplate */
#define NF_BODYPROP 16u  /* itemprop=articleBody and the like */
#define NF_UNLIKELY 32u /* class/id of comments, sidebars ... holding a small part of the page */
#define NF_CHROME 64u   /* class/id of page chrome that is never main text: cookie and consent layers,
                           newsletter and paywall boxes, share bars, related rails, menus */
#define NF_POST 128u    /* class/id of a post in a thread (post, comment, reply, answer, message) */

typedef struct ninfo {
    cwi_dom_node *node;
    int32_t parent;
    uint32_t text, link, commas, paras;
    uint32_t direct, direct_commas; /* text (and its commas) in the element's own text children */
    float score;
    int16_t weight;
    uint8_t kind, flags;
} ninfo;

typedef CWI_VEC(ninfo) ninfos;

/* ---- tags ------------------------------------------------------------------------- */

static enum kind tag_kind(const char *t)
{
    switch (t[0]) {
    case 'a':
        if (!t[1]) return K_A;
        if (!strcmp(t, "article")) return K_ARTICLE;
        if (!strcmp(t, "aside") || !strcmp(t, "audio")) return K_SKIP;
        if (!strcmp(t, "address")) return K_BLOCK;
        break;
    case 'b':
        if (!strcmp(t, "br")) return K_BR;
        if (!strcmp(t, "blockquote")) return K_BQ;
        if (!strcmp(t, "body")) return K_BODY;
        if (!strcmp(t, "button")) return K_SKIP;
        break;
    case 'c':
        if (!strcmp(t, "center")) return K_DIV;
        if (!strcmp(t, "canvas")) return K_SKIP;
        break;
    case 'd':
        if (!strcmp(t, "div")) return K_DIV;
        if (!strcmp(t, "dl")) return K_DL;
        if (!strcmp(t, "dd") || !strcmp(t, "dt")) return K_LI;
        if (!strcmp(t, "details")) return K_BLOCK;
        if (!strcmp(t, "dialog")) return K_SKIP;
        break;
    case 'e':
        if (!strcmp(t, "embed")) return K_SKIP;
        break;
    case 'f':
        if (!strcmp(t, "form")) return K_FORM;
        if (!strcmp(t, "footer") || !strcmp(t, "figure") || !strcmp(t, "figcaption") || !strcmp(t, "frame") ||
            !strcmp(t, "frameset"))
            return K_SKIP;
        break;
    case 'h':
        if (t[1] == '1' && !t[2]) return K_H1;
        if (t[1] >= '2' && t[1] <= '6' && !t[2]) return K_HN;
        if (!strcmp(t, "hr")) return K_HR;
        if (!strcmp(t, "header")) return K_SKIP;
        if (!strcmp(t, "html")) return K_HTML;
        if (!strcmp(t, "head")) return K_OTHER;
        break;
    case 'i':
        if (!strcmp(t, "iframe") || !strcmp(t, "input")) return K_SKIP;
        break;
    case 'l':
        if (!strcmp(t, "li")) return K_LI;
        if (!strcmp(t, "link")) return K_LINK;
        if (!strcmp(t, "label") || !strcmp(t, "legend")) return K_SKIP;
        break;
    case 'm':
        if (!strcmp(t, "main")) return K_SECTION;
        if (!strcmp(t, "meta")) return K_META;
        if (!strcmp(t, "math") || !strcmp(t, "map") || !strcmp(t, "menu")) return K_SKIP;
        break;
    case 'n':
        if (!strcmp(t, "nav")) return K_SKIP;
        if (!strcmp(t, "noscript")) return K_NOSCRIPT;
        break;
    case 'o':
        if (!strcmp(t, "ol")) return K_LIST;
        if (!strcmp(t, "object") || !strcmp(t, "option") || !strcmp(t, "optgroup")) return K_SKIP;
        break;
    case 'p':
        if (!t[1]) return K_P;
        if (!strcmp(t, "pre")) return K_PRE;
        if (!strcmp(t, "picture") || !strcmp(t, "param")) return K_SKIP;
        break;
    case 's':
        if (!strcmp(t, "section")) return K_SECTION;
        if (!strcmp(t, "script")) return K_SCRIPT;
        if (!strcmp(t, "style") || !strcmp(t, "svg") || !strcmp(t, "select") || !strcmp(t, "source")) return K_SKIP;
        if (!strcmp(t, "summary")) return K_BLOCK;
        break;
    case 't':
        if (!strcmp(t, "td") || !strcmp(t, "th")) return K_TD;
        if (!strcmp(t, "tr")) return K_TR;
        if (!strcmp(t, "table")) return K_TABLE;
        if (!strcmp(t, "tbody") || !strcmp(t, "thead") || !strcmp(t, "tfoot")) return K_BLOCK;
        if (!strcmp(t, "title")) return K_TITLE;
        if (!strcmp(t, "time")) return K_TIME;
        if (!strcmp(t, "template") || !strcmp(t, "textarea") || !strcmp(t, "track")) return K_SKIP;
        break;
    case 'u':
        if (!strcmp(t, "ul")) return K_LIST;
        break;
    case 'v':
        if (!strcmp(t, "video")) return K_SKIP;
        break;
    default:
        break;
    }
    return K_OTHER;
}

static bool is_block(enum kind k)
{
    return k == K_P || k == K_DIV || k == K_H1 || k == K_HN || k == K_LI || k == K_LIST || k == K_BQ || k == K_PRE ||
           k == K_TD || k == K_TABLE || k == K_TR || k == K_BLOCK || k == K_ARTICLE || k == K_SECTION ||
           k == K_FORM || k == K_DL || k == K_HR || k == K_BODY || k == K_NOSCRIPT;
}

/* The kind of each tag id, from tag_kind on its name (built once). */
static uint8_t kinds[CWI_TAG_COUNT];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void kinds_init(void)
{
    for (int t = 1; t < CWI_TAG_COUNT; t++) kinds[t] = (uint8_t)tag_kind(cwi_dom_tag_name((enum cwi_dom_tag)t));
}

static enum kind node_kind(const cwi_dom_node *n)
{
    return (enum kind)kinds[n->tag]; /* CWI_TAG_OTHER: K_OTHER (0) */
}

/* ---- class and id hints ------------------------------------------------------------- */

static const char *attr(const cwi_dom_node *n, const char *name) { return cwi_dom_get_attr(n, name); }

static bool token_in(const char *tok, size_t n, const char *const *list, size_t cnt)
{
    for (size_t i = 0; i < cnt; i++)
        if (list[i][0] == tok[0] && !strncmp(list[i], tok, n) && list[i][n] == 0) return true;
    return false;
}

static inline unsigned pair_bit(unsigned char a, unsigned char b) { return ((a * 31u) ^ b) & 511u; }

/* Weighs class and id: +25 for article words, -25 for boilerplate words;
 * *strong when the hint says the element is certainly not article text. */
static int class_weight(const cwi_dom_node *n, bool *strong, uint8_t *extra)
{
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
    *extra = 0;
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
    *strong = false;
    if (bn == 0) return 0;
    int w = 0;
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
            *extra |= NF_CHROME;
            break;
        }
    for (size_t i = 0; i < sizeof post_sub / sizeof *post_sub; i++)
        if (MAY_HOLD(post_sub[i]) && strstr(buf, post_sub[i])) {
            *extra |= NF_POST;
            break;
        }
    /* "post-body", "entry-content" are article words too; "posted" "poster" "postcode" are not posts */
    if ((*extra & NF_POST) && (strstr(buf, "posted") || strstr(buf, "poster") || strstr(buf, "postcode") ||
                               strstr(buf, "postal")))
        *extra &= (uint8_t)~NF_POST;
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
    if (neg) w -= 25;
    if (pos) w += 25;
    /* "article-body" with "share" in it is still a share bar; but an element
     * named both "content" and e.g. "main" stays positive */
    *strong = strong_neg;
    return w;
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
static cw_status node_text(const cwi_dom_node *n, cwi_buf *out, size_t max)
{
    const cwi_dom_node *cur = n->first;
    while (cur && out->len < max) {
        if (cur->type == CWI_DOM_TEXT) {
            CWI_TRY(cwi_ex_append_clean(out, cur->u.text, cur->len, false));
        } else if (cur->type == CWI_DOM_ELEMENT && cur->first) {
            enum kind k = node_kind(cur);
            if (k != K_SKIP && k != K_SCRIPT && k != K_NOSCRIPT) {
                if (out->len && out->data[out->len - 1] != ' ' && is_block(k)) CWI_TRY(cwi_buf_addc(out, ' '));
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

static char *node_text_dup(const cwi_dom_node *n, size_t max)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    if (node_text(n, &b, max) != CW_OK) {
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

/* Prices written out in s: a currency sign next to a digit ("$12", "12 €",
 * "£ 9.99"). */
static uint32_t count_prices(const char *s, size_t n)
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

/* ---- metadata collected during the walk ------------------------------------------------- */

typedef struct meta {
    char *title_tag, *og_title, *tw_title, *h1, *og_site, *app_name, *canonical, *og_url, *lang, *og_locale;
    char *pub_meta, *pub_time, *pub_any_time, *author_meta, *author_rel, *author_byline, *content_lang;
    char *mod_meta;  /* article:modified_time and the like */
    char *author_class; /* the text of a short element named for the author, or of a link to /author/ */
    char *date_text; /* a date written in an element named for dates ("post-date", "published") */
    cwi_ex_ld ld;
} meta;

static void meta_clean(meta *m)
{
    char **f[] = {&m->title_tag, &m->og_title, &m->tw_title, &m->h1, &m->og_site, &m->app_name, &m->canonical,
                  &m->og_url, &m->lang, &m->og_locale, &m->pub_meta, &m->pub_time, &m->pub_any_time,
                  &m->author_meta, &m->author_rel, &m->author_byline, &m->content_lang, &m->mod_meta,
                  &m->date_text, &m->author_class};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        free(*f[i]);
        *f[i] = NULL;
    }
    cwi_ex_ld_clean(&m->ld);
}

static void set_once(char **dst, const char *s)
{
    if (*dst || !s) return;
    const char *p = s;
    size_t n = strnlen(s, META_MAX);
    cwi_ex_trim(&p, &n);
    if (n == 0) return;
    cwi_buf b;
    cwi_buf_init(&b, META_MAX * 2);
    if (cwi_ex_append_clean(&b, p, n, false) == CW_OK && b.len) *dst = cwi_buf_take(&b);
    cwi_buf_clean(&b);
}

static bool ieq(const char *a, const char *b) { return a && cwi_ex_eq_ci(a, strlen(a), b); }

static void meta_tag(meta *m, const cwi_dom_node *n)
{
    const char *content = attr(n, "content");
    const char *name = attr(n, "name");
    const char *prop = attr(n, "property");
    const char *ip = attr(n, "itemprop");
    const char *he = attr(n, "http-equiv");
    if (!content) return;
    const char *k = prop ? prop : name;
    if (k) {
        if (ieq(k, "og:title")) set_once(&m->og_title, content);
        else if (ieq(k, "twitter:title")) set_once(&m->tw_title, content);
        else if (ieq(k, "og:site_name")) set_once(&m->og_site, content);
        else if (ieq(k, "application-name")) set_once(&m->app_name, content);
        else if (ieq(k, "og:url")) set_once(&m->og_url, content);
        else if (ieq(k, "og:locale")) set_once(&m->og_locale, content);
        else if (ieq(k, "article:published_time") || ieq(k, "og:published_time") || ieq(k, "date") ||
                 ieq(k, "pubdate") || ieq(k, "publishdate") || ieq(k, "publish-date") || ieq(k, "dc.date") ||
                 ieq(k, "dc.date.issued") || ieq(k, "dcterms.created") || ieq(k, "sailthru.date") ||
                 ieq(k, "parsely-pub-date") || ieq(k, "article.published") || ieq(k, "published_time") ||
                 ieq(k, "original-publish-date") || ieq(k, "dc.date.created") || ieq(k, "citation_publication_date"))
            set_once(&m->pub_meta, content);
        else if (ieq(k, "article:modified_time") || ieq(k, "og:updated_time") || ieq(k, "last-modified") ||
                 ieq(k, "dc.date.modified") || ieq(k, "dcterms.modified"))
            set_once(&m->mod_meta, content);
        else if (ieq(k, "author") || ieq(k, "article:author") || ieq(k, "dc.creator") || ieq(k, "byl") ||
                 ieq(k, "parsely-author") || ieq(k, "sailthru.author")) {
            if (!strstr(content, "://")) set_once(&m->author_meta, content);
        }
    }
    if (ip && (ieq(ip, "datePublished") || ieq(ip, "dateCreated"))) set_once(&m->pub_meta, content);
    if (ip && ieq(ip, "dateModified")) set_once(&m->mod_meta, content);
    if (he && ieq(he, "content-language")) set_once(&m->content_lang, content);
}

/* ---- the extraction state ---------------------------------------------------------- */

typedef struct ex {
    ninfos N;
    meta M;
    cwi_dom_node *body;
    cwi_dom_node *first_h1;
    int n_bodyprop;
    cwi_buf tmp;
    cwi_map *weights; /* class_weight by class and id, for this page */
    /* evidence of the page's type, counted in the body during the walk */
    uint32_t n_price;    /* prices written out: "$12.99", "12,99 €" */
    uint32_t n_cart;     /* buttons and elements about a cart or basket */
    uint32_t n_time;     /* <time> elements */
    uint32_t n_articles; /* <article> elements */
    uint32_t n_pre;      /* <pre> and <code> blocks */
    int32_t main_el[8];  /* <main> and role=main elements (indexes) */
    uint32_t n_h1;
    int n_main;
    char *og_type;
} ex;

/* class_weight through a memo: a page repeats the same class and id values
 * on many elements. */
static cw_status class_weight_memo(ex *X, const cwi_dom_node *n, int *w, bool *strong, uint8_t *extra)
{
    const char *cl = attr(n, "class"), *id = attr(n, "id");
    size_t cn = cl ? strlen(cl) : 0, idn = id ? strlen(id) : 0;
    if ((!cl && !id) || cn + idn > 1000) {
        *w = class_weight(n, strong, extra);
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
        *strong = v & 1;
        *extra = (uint8_t)((v >> 1) & 0xFF);
        *w = (int)(v >> 9);
        return CW_OK;
    }
    *w = class_weight(n, strong, extra);
    return cwi_map_put(X->weights, key, kn, ((intptr_t)*w * 512) | ((intptr_t)*extra << 1) | (*strong ? 1 : 0));
}

static cw_status index_tree(ex *X, cwi_dom_node *root)
{
    cwi_dom_node *cur = root;
    while (cur) {
        bool descend = false;
        if (cur->type == CWI_DOM_ELEMENT) {
            enum kind k = node_kind(cur);
            int32_t parent = cur->parent ? (int32_t)cur->parent->user - 1 : -1;
            cur->user = 0;
            switch (k) {
            case K_META: meta_tag(&X->M, cur); break;
            case K_TITLE:
                if (!X->M.title_tag) X->M.title_tag = node_text_dup(cur, META_MAX);
                break;
            case K_LINK: {
                const char *rel = attr(cur, "rel"), *href = attr(cur, "href");
                if (rel && href && ieq(rel, "canonical")) set_once(&X->M.canonical, href);
                break;
            }
            case K_SCRIPT: {
                const char *ty = attr(cur, "type");
                if (ty && ieq(ty, "application/ld+json")) {
                    for (const cwi_dom_node *c = cur->first; c; c = c->next)
                        if (c->type == CWI_DOM_TEXT) CWI_TRY(cwi_ex_jsonld(c->u.text, c->len, &X->M.ld));
                }
                break;
            }
            default: break;
            }
            if (k == K_HTML) {
                set_once(&X->M.lang, attr(cur, "lang"));
                if (!X->M.lang) set_once(&X->M.lang, attr(cur, "xml:lang"));
            }
            if (k == K_TIME || attr(cur, "itemprop")) {
                const char *ip = attr(cur, "itemprop");
                const char *dt = attr(cur, "datetime");
                if (!dt && ip) dt = attr(cur, "content");
                if (dt && ip && (ieq(ip, "datePublished") || ieq(ip, "dateCreated"))) set_once(&X->M.pub_time, dt);
                else if (dt && k == K_TIME) {
                    const char *cl = attr(cur, "class");
                    if (attr(cur, "pubdate") || (cl && (strstr(cl, "publish") || strstr(cl, "pub")))) set_once(&X->M.pub_time, dt);
                    else set_once(&X->M.pub_any_time, dt);
                }
                if (ip && (ieq(ip, "author") || ieq(ip, "creator")) && !X->M.author_byline) {
                    X->M.author_byline = node_text_dup(cur, 200);
                }
            }
            if (!X->M.date_text && X->body && k != K_SKIP && k != K_SCRIPT && k != K_BODY && k != K_HTML) {
                const char *cl = attr(cur, "class");
                if (cl && strnlen(cl, 300) < 300 &&
                    (strstr(cl, "date") || strstr(cl, "publish") || strstr(cl, "posted") || strstr(cl, "byline") ||
                     strstr(cl, "entry-meta") || strstr(cl, "post-meta") || strstr(cl, "article-meta"))) {
                    char *t = node_text_dup(cur, 120);
                    if (t && strlen(t) < 120) X->M.date_text = cwi_ex_iso_date(t, strlen(t));
                    free(t);
                }
            }
            if (!X->M.author_class && X->body && k != K_SKIP && k != K_SCRIPT && k != K_BODY && k != K_HTML) {
                const char *cl = attr(cur, "class"), *href = k == K_A ? attr(cur, "href") : NULL;
                bool named = cl && strnlen(cl, 300) < 300 && (strstr(cl, "author") || strstr(cl, "byline")) &&
                             !strstr(cl, "bio") && !strstr(cl, "avatar") && !strstr(cl, "box") && !strstr(cl, "image");
                bool linked = href && (strstr(href, "/author/") || strstr(href, "/authors/") || strstr(href, "/profile/"));
                if (named || linked) {
                    char *t = node_text_dup(cur, 100);
                    size_t tl = t ? strlen(t) : 0;
                    const char *tp = t;
                    if (tl > 3 && cwi_ex_starts_ci(tp, tl, "by ")) {
                        tp += 3;
                        tl -= 3;
                    }
                    cwi_ex_trim(&tp, &tl);
                    size_t w = tl ? cwi_ex_words(tp, tl) : 0;
                    if (w >= 1 && w <= 6 && tl < 80 && !memchr(tp, ':', tl) && !memchr(tp, '|', tl) &&
                        !(tp[0] >= '0' && tp[0] <= '9'))
                        X->M.author_class = cwi_strndup(tp, tl);
                    free(t);
                }
            }
            if (k == K_A) {
                const char *rel = attr(cur, "rel");
                if (rel && ieq(rel, "author") && !X->M.author_rel) X->M.author_rel = node_text_dup(cur, 200);
            }
            if (k == K_BODY && !X->body) X->body = cur;
            if (k == K_META && !X->og_type) {
                const char *pr = attr(cur, "property");
                if (pr && ieq(pr, "og:type")) set_once(&X->og_type, attr(cur, "content"));
            }
            if (X->body) {
                if (k == K_TIME) X->n_time++;
                else if (k == K_ARTICLE) X->n_articles++;
                else if (k == K_PRE || cur->tag == CWI_TAG_CODE) X->n_pre++;
                const char *cl = attr(cur, "class");
                if (cl && cwi_ex_find_ci(cl, strnlen(cl, 200), "cart") >= 0) X->n_cart++;
                if (k == K_SKIP && (cur->tag == CWI_TAG_BUTTON || cur->tag == CWI_TAG_INPUT)) {
                    const char *v = attr(cur, "value");
                    char *bt = v ? NULL : node_text_dup(cur, 100);
                    const char *b = v ? v : bt;
                    if (b && (cwi_ex_find_ci(b, strlen(b), "add to cart") >= 0 ||
                              cwi_ex_find_ci(b, strlen(b), "add to bag") >= 0 ||
                              cwi_ex_find_ci(b, strlen(b), "add to basket") >= 0 ||
                              cwi_ex_find_ci(b, strlen(b), "buy now") >= 0))
                        X->n_cart++;
                    free(bt);
                }
            }
            bool indexable = k != K_SKIP && k != K_SCRIPT && k != K_TITLE && k != K_META && k != K_LINK && !hidden(cur) &&
                             X->N.n < HTML_MAX_NODES;
            if (indexable) {
                ninfo ni = {0};
                ni.node = cur;
                ni.parent = parent;
                ni.kind = (uint8_t)k;
                bool strong = false;
                int w = 0;
                uint8_t extra = 0;
                CWI_TRY(class_weight_memo(X, cur, &w, &strong, &extra));
                ni.flags |= extra;
                if (k == K_NOSCRIPT) {
                    /* what a page shows without scripts: boilerplate ("enable
                     * JavaScript") unless it holds the page (a thread or an
                     * app shell rendered for crawlers) */
                    strong = true;
                    w -= 25;
                }
                const char *ip = attr(cur, "itemprop");
                if (ip && (strstr(ip, "articleBody") || strstr(ip, "reviewBody") || strstr(ip, "text"))) {
                    ni.flags |= NF_BODYPROP;
                    X->n_bodyprop++;
                    w += 30;
                    strong = false;
                }
                ni.weight = (int16_t)w;
                if (strong) ni.flags |= NF_STRONGNEG;
                if (strong && w < 0 && k != K_BODY && k != K_HTML && k != K_ARTICLE &&
                    (k == K_NOSCRIPT || unlikely_class(cur)))
                    ni.flags |= NF_UNLIKELY;
                if (parent >= 0 && (X->N.v[parent].flags & NF_INLINK)) ni.flags |= NF_INLINK;
                if (k == K_A) ni.flags |= NF_INLINK;
                if (parent >= 0 && is_block(k)) X->N.v[parent].flags |= NF_BLOCKKID;
                CWI_TRY(CWI_VEC_PUSH(X->N, ni));
                cur->user = (uint32_t)X->N.n;
                descend = true;
                if (k == K_H1 && !X->first_h1) X->first_h1 = cur;
                if (k == K_H1) X->n_h1++;
                if (X->n_main < 8 && (cur->tag == CWI_TAG_MAIN || ieq(attr(cur, "role"), "main")))
                    X->main_el[X->n_main++] = (int32_t)X->N.n - 1;
            }
        } else if (cur->type == CWI_DOM_TEXT && cur->parent) {
            int32_t p = (int32_t)cur->parent->user - 1;
            if (p >= 0) {
                uint32_t commas;
                uint32_t len = text_len(cur->u.text, &commas);
                ninfo *pi = &X->N.v[p];
                pi->text += len;
                pi->direct += len;
                pi->direct_commas += commas;
                pi->commas += commas;
                if (pi->flags & NF_INLINK) pi->link += len;
                if (X->body) X->n_price += count_prices(cur->u.text, cur->len);
            }
        }
        if (descend && cur->first) {
            cur = cur->first;
            continue;
        }
        while (cur && cur != root && !cur->next) cur = cur->parent;
        if (!cur || cur == root) break;
        cur = cur->next;
    }
    return CW_OK;
}

static bool para_like(const ninfo *n)
{
    if (n->direct >= 25 && n->kind != K_LIST && n->kind != K_TABLE && n->kind != K_BODY) return true;
    switch (n->kind) {
    case K_P: case K_PRE: case K_TD: return true;
    case K_DIV: case K_SECTION: case K_ARTICLE: case K_OTHER: case K_BLOCK: case K_BQ:
        return !(n->flags & NF_BLOCKKID);
    default: return false;
    }
}

static float base_score(const ninfo *n)
{
    float s;
    switch (n->kind) {
    case K_DIV: s = 5; break;
    case K_ARTICLE: s = 10; break;
    case K_SECTION: s = 3; break;
    case K_PRE: case K_TD: case K_BQ: s = 3; break;
    case K_LIST: case K_LI: case K_FORM: case K_DL: s = -3; break;
    case K_H1: case K_HN: s = -5; break;
    case K_BODY: s = -10; break;
    default: s = 0; break;
    }
    return s + n->weight;
}

/* Scores the containers; returns the index of the best, or -1. */
static int32_t score_tree(ex *X)
{
    ninfo *N = X->N.v;
    size_t n = X->N.n;
    for (size_t i = n; i-- > 1;) {
        int32_t p = N[i].parent;
        if (p < 0) continue;
        N[p].text += N[i].text;
        N[p].link += N[i].link;
        N[p].commas += N[i].commas;
        N[p].paras += N[i].paras;
        if (N[i].kind == K_P && N[i].text >= 25) N[p].paras++;
    }
    /* unlikely containers that hold less than 40% of the page's text take
     * their paragraphs out of the scoring (a wrapper of the whole page named
     * "sidebar-layout" does not) */
    uint32_t total = n ? N[0].text : 0;
    for (size_t i = 0; i < n; i++) {
        if ((N[i].flags & NF_UNLIKELY) && (uint64_t)N[i].text * 10 >= (uint64_t)total * 4) N[i].flags &= (uint8_t)~NF_UNLIKELY;
        if (N[i].parent >= 0 && (N[N[i].parent].flags & NF_UNLIKELY)) N[i].flags |= NF_UNLIKELY;
    }
    for (size_t i = 0; i < n; i++) {
        if (!para_like(&N[i]) || N[i].text < 25 || (N[i].flags & (NF_INLINK | NF_UNLIKELY))) continue;
        float content = 1.0f + (float)N[i].commas + (float)CWI_MIN(N[i].text / 100, 3u);
        int32_t a = N[i].parent;
        /* text written straight into a container beside its blocks (an
         * article as text and <br>s after a heading and a byline) is a
         * paragraph of that container, as readability wraps it in a <p> */
        if ((N[i].flags & NF_BLOCKKID) && N[i].direct >= 25 && N[i].kind != K_P && N[i].kind != K_PRE &&
            N[i].kind != K_TD) {
            content = 1.0f + (float)N[i].direct_commas + (float)CWI_MIN(N[i].direct / 100, 3u);
            a = (int32_t)i;
        }
        for (int level = 0; a >= 0 && level < 5; level++, a = N[a].parent) {
            if (!(N[a].flags & NF_INIT)) {
                N[a].score = base_score(&N[a]);
                N[a].flags |= NF_INIT;
            }
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)(level * 3);
            N[a].score += content / div;
        }
    }
    /* the five best */
    int32_t top[TOP_N];
    int ntop = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(N[i].flags & NF_INIT) || (N[i].flags & NF_UNLIKELY)) continue;
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
        for (int32_t a = N[best].parent, depth = 0; a >= 0 && N[a].kind != K_BODY && depth < 64; a = N[a].parent, depth++) {
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
    for (int32_t a = N[best].parent, depth = 0; a >= 0 && N[a].kind != K_BODY && depth < 64; a = N[a].parent, depth++) {
        if (!(N[a].flags & NF_INIT)) continue;
        if (N[a].score < thr) break;
        if (N[a].score > last) {
            best = a;
            break;
        }
        last = N[a].score;
    }
    return best;
}

static ninfo *info_of(ex *X, const cwi_dom_node *n)
{
    uint32_t i = n->user;
    return (i > 0 && (size_t)i <= X->N.n) ? &X->N.v[i - 1] : NULL;
}

/* Whether a container inside the article is left out. */
static bool drop_inside(const ninfo *e, const ninfo *root, int region)
{
    if (e->flags & NF_BODYPROP) return false;
    if (region) {
        if (region == 1 && (e->flags & NF_UNLIKELY)) return true;
        /* a region keeps its links (a listing is links) and its posts; it
         * drops only page chrome and what scripts-off shows */
        if ((e->flags & NF_CHROME) && e->text * 2 < root->text) return true;
        if (e->kind == K_NOSCRIPT && e->text * 2 < root->text) return true;
        return false;
    }
    if ((e->flags & NF_STRONGNEG) && e->text * 2 < root->text) return true;
    float ld = e->text ? (float)e->link / (float)e->text : 0;
    switch (e->kind) {
    case K_DIV: case K_SECTION: case K_LIST: case K_TABLE: case K_FORM: case K_DL: case K_ARTICLE: case K_BLOCK:
        if (e->text == 0) return false;
        if (ld > 0.5f) return true;
        if (e->weight < 0 && ld > 0.2f) return true;
        if (e->kind == K_LIST && ld > 0.35f && e->commas < 5) return true;
        return false;
    case K_P: case K_LI:
        return ld > 0.7f && e->text < 200;
    default:
        return false;
    }
}

/* Writes the article under root into out, one block a line. */
/* region: 0 the article rules, 1 a region without comments, 2 a region with
 * its posts (a thread) */
static cw_status emit(ex *X, const cwi_dom_node *root, const char *title, int region, cwi_buf *out)
{
    ninfo *ri = info_of(X, root);
    const cwi_dom_node *cur = root;
    while (cur) {
        bool descend = false;
        if (cur->type == CWI_DOM_ELEMENT) {
            ninfo *e = info_of(X, cur);
            if (e && (cur == root || !drop_inside(e, ri, region))) {
                enum kind k = (enum kind)e->kind;
                bool skip_title = false;
                if ((k == K_H1 || k == K_HN) && title && e->text < 400 && !(region && T.keep_h1 > 0)) {
                    cwi_buf_reset(&X->tmp);
                    CWI_TRY(node_text(cur, &X->tmp, 1000));
                    if (X->tmp.len && (cwi_ex_eq_ci(X->tmp.data, X->tmp.len, title) || k == K_H1)) skip_title = true;
                }
                if (!skip_title) {
                    if (k == K_BR) CWI_TRY(cwi_buf_addc(out, '\n'));
                    else if (is_block(k) && out->len && out->data[out->len - 1] != '\n') CWI_TRY(cwi_buf_addc(out, '\n'));
                    if (k == K_LI && e->text) {
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
                ninfo *e = info_of(X, cur);
                if (e && is_block((enum kind)e->kind) && out->len && out->data[out->len - 1] != '\n')
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
 * while one child holds T.region_share (70%) of the text, that child. */
static int32_t region_root(ex *X, bool posts)
{
    ninfo *N = X->N.v;
    int32_t cur = X->body && info_of(X, X->body) ? (int32_t)X->body->user - 1 : 0;
    uint32_t page = N[cur].text;
    for (int i = 0; i < X->n_main; i++) {
        int32_t m = X->main_el[i];
        if (N[m].text * 4 >= page && (cur == 0 || N[m].text > N[cur].text || N[cur].kind == K_BODY)) cur = m;
    }
    for (int depth = 0; depth < 256; depth++) {
        uint32_t have = N[cur].text;
        int32_t next = -1;
        uint32_t most = 0;
        for (const cwi_dom_node *c = N[cur].node->first; c; c = c->next) {
            if (c->type != CWI_DOM_ELEMENT) continue;
            ninfo *ci = info_of(X, c);
            if (!ci || ci->text <= most) continue;
            /* comments under a story are not the story; in a thread they are */
            if (!posts && (ci->flags & NF_UNLIKELY)) continue;
            most = ci->text;
            next = (int32_t)(ci - N);
        }
        if (next < 0 || (float)most < T.region_share * (float)have) break;
        cur = next;
    }
    return cur;
}

/* ---- page type ----------------------------------------------------------------------------
 * Each type gathers points from what the page says of itself (JSON-LD @type,
 * og:type), from its address (a date or a slug, /t/ and /thread, /category/
 * and /tag/, /product/, /docs/) and from its shape (linked headings, posts,
 * prices and cart buttons, code blocks, how much of the page the article
 * container holds). The type with most points wins; the confidence is its
 * share of the points after a softmax. */
enum ptype { PT_ARTICLE, PT_FORUM, PT_LISTING, PT_PRODUCT, PT_DOC, PT_OTHER, PT_N };
static const char *const ptype_name[PT_N] = {"article", "forum", "listing", "product", "documentation", "other"};

static bool has_any(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, list[i])) return true;
    return false;
}

static enum ptype classify(ex *X, const char *url, int32_t best, int32_t region, float *conf)
{
    ninfo *N = X->N.v;
    float sc[PT_N] = {0};
    sc[PT_OTHER] = T.other_base;
    unsigned ty = X->M.ld.types;
    if (ty & CWI_LD_ARTICLE) sc[PT_ARTICLE] += 2;
    if (ty & (CWI_LD_FORUM | CWI_LD_LIVEBLOG)) sc[PT_FORUM] += 3;
    if (ty & CWI_LD_PRODUCT) sc[PT_PRODUCT] += 3;
    if (ty & CWI_LD_LIST) sc[PT_LISTING] += 1.5f;
    if (ty & CWI_LD_DOC) sc[PT_DOC] += 2;
    if (ty & CWI_LD_SERVICE) sc[PT_OTHER] += 1;
    const char *og = X->og_type;
    if (og && ieq(og, "article")) sc[PT_ARTICLE] += 1.5f;
    if (og && ieq(og, "website")) sc[PT_OTHER] += 0.75f;
    if (og && (ieq(og, "product") || ieq(og, "og:product") || ieq(og, "product.item"))) sc[PT_PRODUCT] += 3;

    /* the address */
    char path[512], host[128];
    path[0] = host[0] = 0;
    const char *u = url ? strstr(url, "://") : NULL;
    if (u) {
        u += 3;
        size_t h = strcspn(u, "/?#");
        size_t hn = CWI_MIN(h, sizeof host - 1), pn = CWI_MIN(strlen(u + h), sizeof path - 1);
        for (size_t i = 0; i < hn; i++) host[i] = (char)((u[i] >= 'A' && u[i] <= 'Z') ? u[i] + 32 : u[i]);
        host[hn] = 0;
        for (size_t i = 0; i < pn; i++) path[i] = (char)((u[h + i] >= 'A' && u[h + i] <= 'Z') ? u[h + i] + 32 : u[h + i]);
        path[pn] = 0;
        char *q = strpbrk(path, "?#");
        if (q) *q = 0;
    }
    if (u) {
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
        if (has_any(path, forum_p, sizeof forum_p / sizeof *forum_p)) sc[PT_FORUM] += 3;
        if (has_any(host, forum_h, sizeof forum_h / sizeof *forum_h)) sc[PT_FORUM] += 2;
        if (has_any(path, list_p, sizeof list_p / sizeof *list_p)) sc[PT_LISTING] += 1.5f;
        if (has_any(path, prod_p, sizeof prod_p / sizeof *prod_p)) sc[PT_PRODUCT] += 1.5f;
        if (has_any(path, doc_p, sizeof doc_p / sizeof *doc_p)) sc[PT_DOC] += 3;
        if (has_any(host, doc_h, sizeof doc_h / sizeof *doc_h)) sc[PT_DOC] += 3;
        size_t pl = strlen(path);
        while (pl && path[pl - 1] == '/') path[--pl] = 0;
        if (pl == 0) sc[PT_LISTING] += 2; /* a home page */
        char *ud = cwi_ex_url_date(url);
        if (ud) sc[PT_ARTICLE] += 2;
        free(ud);
        /* the last segment a slug of many words: a story, a post or a product */
        const char *seg = strrchr(path, '/');
        seg = seg ? seg + 1 : path;
        int dashes = 0;
        for (const char *c = seg; *c; c++) dashes += *c == '-' || *c == '_';
        if (dashes >= 4) sc[PT_ARTICLE] += 0.75f;
        /* a page under a blog or news section (not the section itself) */
        static const char *const art_p[] = {"/blog/", "/blogs/", "/post/", "/posts/", "/article/", "/articles/",
                                            "/news/", "/story/", "/stories/", "/opinion/", "/features/"};
        for (size_t i = 0; i < sizeof art_p / sizeof *art_p; i++) {
            const char *at = strstr(path, art_p[i]);
            if (at && at[strlen(art_p[i])]) {
                sc[PT_ARTICLE] += 1.5f;
                break;
            }
        }
    }

    /* the shape */
    uint32_t page = N[0].text ? N[0].text : 1;
    uint32_t linkhead = 0, posts = 0, cards = 0;
    for (size_t i = 0; i < X->N.n; i++) {
        ninfo *e = &N[i];
        /* cards: a run of siblings of one tag and class, each a link with a
         * few words (a listing's items, a shop's products) */
        uint32_t run = 0;
        const cwi_dom_node *prev = NULL;
        for (const cwi_dom_node *c = e->node->first; c; c = c->next) {
            if (c->type != CWI_DOM_ELEMENT) continue;
            ninfo *ci = info_of(X, c);
            bool card = ci && ci->link > 0 && ci->text >= 20 && ci->text < 2000;
            const char *cc = attr(c, "class"), *pc = prev ? attr(prev, "class") : NULL;
            if (card && prev && prev->tag == c->tag && ((!cc && !pc) || (cc && pc && !strcmp(cc, pc)))) run++;
            else run = card ? 1 : 0;
            if (run > cards) cards = run;
            prev = card ? c : NULL;
        }
        if ((e->kind == K_H1 || e->kind == K_HN) && e->text >= 10 && e->link * 2 > e->text) linkhead++;
        if ((e->flags & NF_POST) && e->text >= 100 && !(e->flags & NF_CHROME) &&
            (e->parent < 0 || !(N[e->parent].flags & NF_POST)))
            posts++;
    }
    float ld = (float)N[0].link / (float)page;
    uint32_t bt = best >= 0 ? N[best].text : 0, bp = best >= 0 ? N[best].paras : 0;
    uint32_t rt = N[region].text ? N[region].text : 1;
    /* a long story with paragraphs of its own is a listicle at most */
    float shape = bt >= 1500 && bp >= 5 ? 0.5f : 1.0f;
    if (linkhead >= (uint32_t)T.list_heads) sc[PT_LISTING] += 2 * shape;
    if (linkhead >= (uint32_t)(2 * T.list_heads)) sc[PT_LISTING] += 1 * shape;
    if (ld > 0.5f) sc[PT_LISTING] += 1;
    if (X->n_articles >= 5) sc[PT_LISTING] += 1 * shape;
    if (cards >= (uint32_t)T.list_cards) sc[PT_LISTING] += 1.5f * shape;
    if (cards >= (uint32_t)(2 * T.list_cards)) sc[PT_LISTING] += 1 * shape;
    if (posts >= 3) sc[PT_FORUM] += 1.5f;
    if (posts >= 3 && X->n_time >= 3) sc[PT_FORUM] += 1;
    if (X->n_price >= 1 && X->n_cart >= 1) sc[PT_PRODUCT] += 2;
    else if (X->n_price >= 1) sc[PT_PRODUCT] += 0.5f;
    if (X->n_price >= 8) sc[PT_LISTING] += 1.5f;
    if (X->n_pre >= 2) sc[PT_DOC] += 1;
    if (X->n_pre >= 6) sc[PT_DOC] += 1;
    if (bt >= 1500 && bp >= 5) sc[PT_ARTICLE] += 1.5f;
    if ((float)bt >= 0.5f * (float)rt && bt >= 500) sc[PT_ARTICLE] += 1;
    if (X->M.pub_meta || X->M.ld.published) sc[PT_ARTICLE] += 0.5f;
    else sc[PT_OTHER] += 0.5f;

    int k = 0;
    for (int i = 1; i < PT_N; i++)
        if (sc[i] > sc[k]) k = i;
    double sum = 0;
    for (int i = 0; i < PT_N; i++) sum += exp((double)(sc[i] - sc[k]));
    *conf = (float)(1.0 / sum);
    return (enum ptype)k;
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

static cw_status decide_meta(ex *X, const cwi_extract_hints *hints, cwi_doc *d)
{
    meta *M = &X->M;
    /* site */
    const char *site = M->og_site ? M->og_site : M->ld.publisher ? M->ld.publisher : M->app_name;
    CWI_TRY(dup_into(&d->site, site));
    /* url */
    const char *url = M->canonical && strstr(M->canonical, "://") ? M->canonical :
                      M->og_url && strstr(M->og_url, "://") ? M->og_url : hints ? hints->url : NULL;
    CWI_TRY(dup_into(&d->url, url));
    if (!d->site && hints && hints->outlet) CWI_TRY(dup_into(&d->site, hints->outlet));
    if (!d->site && d->url) d->site = cwi_ex_url_host(d->url);
    /* title */
    const char *cands[] = {M->ld.headline, M->og_title, M->tw_title, NULL, M->title_tag};
    char *h1 = X->first_h1 ? node_text_dup(X->first_h1, 1000) : NULL;
    cands[3] = h1;
    /* the first h1 when the meta titles start with it (they add the site's
     * name), or when it is the page's only h1 and reads as a headline */
    const char *pick = NULL;
    for (size_t i = 0; i < 5 && !pick; i++)
        if (cands[i] && *cands[i] && i != 3 && cands[i][0] != '<') pick = cands[i];
    size_t hl = h1 ? strlen(h1) : 0;
    if (h1 && (!pick || (hl > 10 && cwi_ex_starts_ci(pick, strlen(pick), h1)) ||
               (T.title_h1 >= 1 && X->n_h1 == 1 && hl >= 4 && hl <= 300 && cwi_ex_words(h1, hl) >= 2) ||
               (T.title_h1 >= 2 && hl >= 4 && hl <= 300)))
        pick = h1;
    if (!pick && hints) pick = hints->title;
    char *pk = pick ? unref(strdup(pick)) : NULL;
    d->title = cwi_ex_clean_title(pk, d->site);
    free(pk);
    free(h1);
    /* date */
    /* the date a reader sees is the last update when the page gives one */
    const char *mod = T.date_modified > 0 ? (M->ld.modified ? M->ld.modified : M->mod_meta) : NULL;
    const char *dates[] = {mod, M->ld.published, M->pub_meta, M->pub_time, M->pub_any_time,
                           hints ? hints->published : NULL, T.date_text > 0 ? M->date_text : NULL};
    for (size_t i = 0; i < 7 && !d->published; i++)
        if (dates[i]) d->published = cwi_ex_iso_date(dates[i], strlen(dates[i]));
    if (!d->published) d->published = cwi_ex_url_date(d->url);
    /* author */
    const char *authors[] = {M->ld.author, M->author_meta, M->author_rel, M->author_byline,
                             T.author_class > 0 ? M->author_class : NULL};
    for (size_t i = 0; i < 5 && !d->author; i++)
        if (authors[i] && !strstr(authors[i], "://")) d->author = strip_by(unref(strdup(authors[i])));
    return CW_OK;
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
    pthread_once(&tune_once, tune_init);
    cwi_doc d = {0};
    ex X = {0};
    cwi_buf_init(&X.tmp, 0);
    cwi_buf body;
    cwi_buf_init(&body, 0);
    cw_status st = CW_OK;
    cwi_dom *doc = NULL;
    if (n && (st = cwi_dom_parse(html, n, &doc)) != CW_OK) goto fail;
    cwi_dom_node *root = cwi_dom_root(doc);
    if (root) st = index_tree(&X, root);
    if (st != CW_OK) goto fail;

    int32_t best = X.N.n ? score_tree(&X) : -1;
    if ((st = decide_meta(&X, hints, &d)) != CW_OK) goto fail;

#ifdef CW_EXTRACT_DEBUG
    for (size_t i = 0; i < X.N.n; i++) {
        ninfo *e = &X.N.v[i];
        if (!(e->flags & NF_INIT) || e->score < 5) continue;
        const char *cl = attr(e->node, "class"), *id = attr(e->node, "id");
        fprintf(stderr, "%s%zu <%s class=%.60s id=%.30s> score %.1f text %u link %u parent %d\n", (int32_t)i == best ? "* " : "  ", i,
                e->node->name, cl ? cl : "", id ? id : "", e->score, e->text, e->link, e->parent);
    }
#endif
    int32_t region = X.N.n ? region_root(&X, false) : -1;
    enum ptype pt = PT_OTHER;
    if (region >= 0) {
        pt = classify(&X, d.url, best, region, &d.page_type_conf);
        if (pt == PT_FORUM) region = region_root(&X, true);
    }
    d.page_type = ptype_name[pt];
    /* a region always for the types read as regions, else the article
     * rules unless they find much less than the region holds */
    bool region_only = region >= 0 && (T.force == 2 || (T.force == 0 && (((unsigned)T.region_types >> pt) & 1)));
    bool region_too = region >= 0 && T.force == 0 && !region_only;
    if (region_too && best >= 0 && (pt == PT_ARTICLE || d.page_type_conf < T.sure)) {
        /* only a region that holds the article rules' container: when the
         * two disagree on where the text is on what may be an article, the
         * article rules are surer */
        int32_t a = best;
        for (int depth = 0; a >= 0 && a != region && depth < 512; depth++) a = X.N.v[a].parent;
        if (a != region) region_too = false;
    }
    if (region_only) {
        if ((st = emit(&X, X.N.v[region].node, d.title, pt == PT_FORUM ? 2 : 1, &body)) != CW_OK) goto fail;
    } else if (best >= 0) {
        ninfo *top = &X.N.v[best];
        /* the best container and its siblings that score close to it */
        float thr = top->score * 0.2f;
        if (thr < 10) thr = 10;
        cwi_dom_node *par = top->node->parent;
        const char *tcl = attr(top->node, "class");
        cwi_dom_node *first = par && info_of(&X, par) ? par->first : top->node;
        for (cwi_dom_node *s = first; s; s = s->next) {
            if (s->type != CWI_DOM_ELEMENT) continue;
            ninfo *si = info_of(&X, s);
            if (!si) continue;
            bool take = s == top->node;
            if (!take && !(si->flags & NF_STRONGNEG)) {
                const char *cl = attr(s, "class");
                float bonus = (tcl && cl && *tcl && !strcmp(tcl, cl)) ? top->score * 0.2f : 0;
                float ld = si->text ? (float)si->link / (float)si->text : 0;
                if ((si->flags & NF_INIT) && si->score + bonus >= thr) take = true;
                else if (si->kind == K_P && si->text > 80 && ld < 0.25f) take = true;
                else if (si->kind == K_P && si->text > 0 && ld == 0 && si->commas > 0) take = true;
            }
            if (take && (st = emit(&X, s, d.title, 0, &body)) != CW_OK) goto fail;
            if (first == top->node) break;
        }
    }
    if (region_too) {
        /* the article rules found much less than the region holds: they
         * took one block of a page made of many */
        cwi_buf alt;
        cwi_buf_init(&alt, 0);
        if ((st = emit(&X, X.N.v[region].node, d.title, pt == PT_FORUM ? 2 : 1, &alt)) != CW_OK) {
            cwi_buf_clean(&alt);
            goto fail;
        }
        size_t wa = cwi_ex_words(body.data ? body.data : "", body.len), wb = cwi_ex_words(alt.data ? alt.data : "", alt.len);
        if ((float)wa < T.prefer_article * (float)wb && (pt != PT_ARTICLE || (float)wa < T.article_words)) {
            cwi_buf t = body;
            body = alt;
            alt = t;
        }
        cwi_buf_clean(&alt);
    }
    /* the JSON-LD body when the tree gave much less */
    if (X.M.ld.body && strlen(X.M.ld.body) > 2 * body.len + 200) {
        cwi_buf_reset(&body);
        if ((st = cwi_buf_adds(&body, X.M.ld.body)) != CW_OK) goto fail;
    }
    {
        cwi_doc s = {0};
        if ((st = cwi_ex_scrub(body.data ? body.data : "", body.len, NULL, false, &s)) != CW_OK) goto fail;
        d.text = s.text;
        s.text = NULL;
        if (s.credit && !d.credit) {
            d.credit = s.credit;
            s.credit = NULL;
        }
        cwi_doc_clean(&s);
    }
    /* language: the page's own declaration, else the text */
    const char *lg = X.M.lang ? X.M.lang : X.M.content_lang ? X.M.content_lang : X.M.ld.lang ? X.M.ld.lang : X.M.og_locale;
    if (lg && ((lg[0] | 32) >= 'a' && (lg[0] | 32) <= 'z') && ((lg[1] | 32) >= 'a' && (lg[1] | 32) <= 'z') &&
        (lg[2] == 0 || lg[2] == '-' || lg[2] == '_')) {
        char c[3] = {(char)(lg[0] | 32), (char)(lg[1] | 32), 0};
        d.lang = strdup(c);
    } else {
        d.lang = strdup(cwi_detect_lang(d.text, strlen(d.text)));
    }
    if (!d.lang) {
        st = CW_ERR_NOMEM;
        goto fail;
    }
    cwi_dom_free(doc);
    cwi_map_free(X.weights);
    meta_clean(&X.M);
    free(X.og_type);
    CWI_VEC_FREE(X.N);
    cwi_buf_clean(&X.tmp);
    cwi_buf_clean(&body);
    cwi_doc_clean(out);
    *out = d;
    return CW_OK;

fail:
    cwi_dom_free(doc);
    cwi_map_free(X.weights);
    meta_clean(&X.M);
    free(X.og_type);
    CWI_VEC_FREE(X.N);
    cwi_buf_clean(&X.tmp);
    cwi_buf_clean(&body);
    cwi_doc_clean(&d);
    if (error) *error = cwi_sprintf("HTML extraction failed: %s", cw_status_str(st));
    return st;
}
