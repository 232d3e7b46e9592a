/*
 * html_int.h: what the files of the HTML path share (html.c walks and
 * scores the tree, html_meta.c gathers and decides the metadata, pagetype.c
 * says what kind of page it is). Library-internal, extract module only.
 */
#ifndef CW_EXTRACT_HTML_INT_H
#define CW_EXTRACT_HTML_INT_H

#include "core/core.h"
#include "extract/dom.h"
#include "extract/extract.h"
#include "extract/meta_int.h"

#define CWI_EX_META_MAX 4096 /* longest metadata string kept, in bytes */

/* ---- settings ---------------------------------------------------------------------
 * The few numbers the page type and the region rules use. bench/wcxb.py
 * chooses among settings by cross-validation through the environment
 * variable CROSSWIRE_EXTRACT_TUNE ("name=value,name=value"); without it the
 * shipped values hold. Read once per process. */
typedef struct cwi_ex_tune {
    float region_share; /* a region descends into a child holding this share of its text */
    float keep_h1;      /* region mode keeps the page's h1 (1) or drops it as the title (0) */
    float force;        /* 0: by page type; 1: article rules for every page; 2: region for every page */
    float other_base;   /* score of "other" (service and company pages) before any evidence */
    float list_heads;   /* linked headings that make a page look like a listing */
    float list_cards;   /* a run of this many link cards makes a page look like a listing */
    float prefer_article; /* other types: the article rules' text unless it has fewer words than this share
                             of the region's */
    float article_words;  /* a page typed article keeps the article rules' text from this many words */
    float sure;           /* a page type this sure lets a region elsewhere replace the article rules' text */
    float title_h1;       /* the title: 0 the meta titles first; 1 the page's only h1 first; 2 the first h1 */
    float date_modified;  /* the date: the last update first (1) or the first publication (0) */
    float date_text;      /* a date written in a date-named element when the markup gives none (1) */
    float author_class;   /* the text of an author-named element or author link when the markup gives none (1) */
    float meta_skipped;   /* metadata also inside the elements left out of the index (header, aside ...) (1) */
    float script_date;    /* a date under a publication key in script data when nothing else gives one (1) */
} cwi_ex_tune;

/* The settings in force (read from the environment on the first call). */
const cwi_ex_tune *cwi_ex_tune_get(void);

/* ---- what an element is to the extractor ------------------------------------------- */

enum cwi_ex_kind {
    CWI_EXK_OTHER = 0, CWI_EXK_P, CWI_EXK_DIV, CWI_EXK_H1, CWI_EXK_HN, CWI_EXK_LI, CWI_EXK_LIST, CWI_EXK_BQ,
    CWI_EXK_PRE, CWI_EXK_TD, CWI_EXK_TABLE, CWI_EXK_TR, CWI_EXK_A, CWI_EXK_BR, CWI_EXK_BLOCK, CWI_EXK_ARTICLE,
    CWI_EXK_SECTION, CWI_EXK_BODY, CWI_EXK_FORM, CWI_EXK_DL, CWI_EXK_HR, CWI_EXK_SKIP, CWI_EXK_TITLE,
    CWI_EXK_META, CWI_EXK_LINK, CWI_EXK_SCRIPT, CWI_EXK_TIME, CWI_EXK_HTML, CWI_EXK_NOSCRIPT,
};

/* The kind of each tag id (filled once per process by cwi_extract_html). */
extern uint8_t cwi_ex_kinds[CWI_TAG_COUNT];

static inline enum cwi_ex_kind cwi_ex_kind_of(const cwi_dom_node *n)
{
    return (enum cwi_ex_kind)cwi_ex_kinds[n->tag]; /* CWI_TAG_OTHER: CWI_EXK_OTHER (0) */
}

static inline bool cwi_ex_is_block(enum cwi_ex_kind k)
{
    return k == CWI_EXK_P || k == CWI_EXK_DIV || k == CWI_EXK_H1 || k == CWI_EXK_HN || k == CWI_EXK_LI ||
           k == CWI_EXK_LIST || k == CWI_EXK_BQ || k == CWI_EXK_PRE || k == CWI_EXK_TD || k == CWI_EXK_TABLE ||
           k == CWI_EXK_TR || k == CWI_EXK_BLOCK || k == CWI_EXK_ARTICLE || k == CWI_EXK_SECTION ||
           k == CWI_EXK_FORM || k == CWI_EXK_DL || k == CWI_EXK_HR || k == CWI_EXK_BODY || k == CWI_EXK_NOSCRIPT;
}

/* One element that can hold article text, in document order (a parent's
 * index is lower than its children's). 48 bytes. */
typedef struct cwi_ex_node {
    cwi_dom_node *node;
    int32_t parent;
    uint32_t text, link, commas, paras;
    uint32_t direct, direct_commas; /* text (and its commas) in the element's own text children */
    float score;
    int16_t weight; /* from class and id: +25 article words, -25 boilerplate words, +30 articleBody */
    uint8_t kind;   /* enum cwi_ex_kind */
    bool in_link : 1;     /* inside an <a> */
    bool block_kid : 1;   /* has a block-level child */
    bool scored : 1;      /* has a candidate score */
    bool strong_neg : 1;  /* class/id says boilerplate */
    bool body_prop : 1;   /* itemprop=articleBody and the like */
    bool unlikely : 1;    /* class/id of comments, sidebars ... holding a small part of the page */
    bool chrome : 1;      /* class/id of page chrome that is never main text: cookie and consent layers,
                             newsletter and paywall boxes, share bars, related rails, menus */
    bool post : 1;        /* class/id of a post in a thread (post, comment, reply, answer, message) */
} cwi_ex_node;

typedef CWI_VEC(cwi_ex_node) cwi_ex_nodes;

/* ---- metadata collected during the walk ---------------------------------------------- */

typedef struct cwi_ex_meta {
    char *title_tag, *og_title, *tw_title, *h1, *og_site, *app_name, *canonical, *og_url, *lang, *og_locale;
    char *pub_meta, *pub_time, *pub_any_time, *author_meta, *author_rel, *author_byline, *content_lang;
    char *mod_meta;     /* article:modified_time and the like */
    char *author_class; /* the text of a short element named for the author, or of a link to /author/ */
    char *date_text;    /* a date written in an element named for dates ("post-date", "published") */
    char *script_date;  /* a publication date under a known key in a script's data ("publishedAt") */
    char *og_type;
    cwi_ex_ld ld;
} cwi_ex_meta;

/* ---- the extraction state of one page ------------------------------------------------ */

typedef struct cwi_ex_page {
    cwi_ex_nodes N;
    cwi_ex_meta M;
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
} cwi_ex_page;

/* The entry of an indexed element, or NULL. */
static inline cwi_ex_node *cwi_ex_info_of(cwi_ex_page *X, const cwi_dom_node *n)
{
    uint32_t i = n->user;
    return (i > 0 && (size_t)i <= X->N.n) ? &X->N.v[i - 1] : NULL;
}

/* ---- helpers (html.c) ------------------------------------------------------------------ */

/* ASCII-case-insensitive equality of a NUL-terminated a (may be NULL) with b. */
bool cwi_ex_ieq(const char *a, const char *b);

/* Appends the text of n's subtree to out, collapsed, at most max bytes. */
cw_status cwi_ex_node_text(const cwi_dom_node *n, cwi_buf *out, size_t max);

/* The text of n's subtree, trimmed, at most max bytes: malloc'd, or NULL
 * when empty or out of memory. */
char *cwi_ex_node_text_dup(const cwi_dom_node *n, size_t max);

/* ---- metadata (html_meta.c) ------------------------------------------------------------ */

/* What element n (of kind k) tells of the page's metadata, into X->M. Fails
 * only when out of memory. */
cw_status cwi_ex_meta_element(cwi_ex_page *X, cwi_dom_node *n, enum cwi_ex_kind k);

/* Title, date, author, site and URL of the page into d (fields still NULL),
 * from X->M and the container's hints (may be NULL). */
cw_status cwi_ex_decide_meta(cwi_ex_page *X, const cwi_extract_hints *hints, cwi_doc *d);

void cwi_ex_meta_clean(cwi_ex_meta *m);

/* ---- page type (pagetype.c) ------------------------------------------------------------ */

enum cwi_ex_ptype { CWI_PT_ARTICLE, CWI_PT_FORUM, CWI_PT_LISTING, CWI_PT_PRODUCT, CWI_PT_DOC, CWI_PT_OTHER,
                    CWI_PT_N };

/* The name of a page type (static storage). */
const char *cwi_ex_ptype_name(enum cwi_ex_ptype t);

/* Counts what element n (of kind k, inside the body) says of the page's
 * type: <time>, <article>, code blocks, cart buttons. */
void cwi_ex_type_element(cwi_ex_page *X, const cwi_dom_node *n, enum cwi_ex_kind k);

/* Prices written out in s: a currency sign next to a digit ("$12", "12 €",
 * "£ 9.99"). */
uint32_t cwi_ex_count_prices(const char *s, size_t n);

/* The page's type from its metadata, address (url, may be NULL) and shape;
 * best is the article rules' container (-1 for none), region the region's
 * root. *conf gets how sure it is (0..1), *no_news how likely the page is
 * no news (cwi_doc.not_news). */
enum cwi_ex_ptype cwi_ex_classify(cwi_ex_page *X, const char *url, int32_t best, int32_t region, float *conf,
                                  float *no_news);

#endif
