/*
 * meta_int.h: page metadata helpers of the extract module (meta.c).
 */
#ifndef CW_EXTRACT_META_INT_H
#define CW_EXTRACT_META_INT_H

#include "core/core.h"

/* What a page's JSON-LD says; every field NULL or malloc'd. */
typedef struct cwi_ex_ld {
    char *headline, *published, *modified, *author, *publisher, *body, *lang, *url;
    bool has_article; /* an object of an article @type was seen */
    unsigned types;   /* CWI_LD_* of every @type seen */
} cwi_ex_ld;

/* Kinds of schema.org @type a page's JSON-LD names (cwi_ex_ld.types). */
#define CWI_LD_ARTICLE 1u    /* NewsArticle, Article, BlogPosting ... */
#define CWI_LD_LIVEBLOG 2u   /* LiveBlogPosting */
#define CWI_LD_FORUM 4u      /* DiscussionForumPosting, QAPage, Question, SocialMediaPosting */
#define CWI_LD_PRODUCT 8u    /* Product, ProductGroup, Offer */
#define CWI_LD_LIST 16u      /* ItemList, CollectionPage, SearchResultsPage, OfferCatalog */
#define CWI_LD_DOC 32u       /* TechArticle, APIReference, HowTo */
#define CWI_LD_SERVICE 64u   /* Service, LocalBusiness, Organization as the page's subject, FAQPage */

/* Scans one JSON-LD script (s[0..n), untrusted) and fills the fields of ld
 * that are still NULL. Iterative with a depth cap; broken JSON gives what
 * was read before the break. Fails only when out of memory. */
cw_status cwi_ex_jsonld(const char *s, size_t n, cwi_ex_ld *ld);
void cwi_ex_ld_clean(cwi_ex_ld *ld);

/* A date as ISO 8601 ("2024-05-06", "2024-05-06T08:00:00Z" when a time
 * with a zone is given) from ISO-like or written forms; malloc'd or NULL. */
char *cwi_ex_iso_date(const char *s, size_t n);
/* A date in a URL path: /2024/05/06/ or /2024-05-06; malloc'd or NULL. */
char *cwi_ex_url_date(const char *url);
/* The host of an absolute URL without "www."; malloc'd or NULL. */
char *cwi_ex_url_host(const char *url);
/* The headline without the site name glued to it (" | Site", " - Site",
 * "Site: " ...); site may be NULL. Malloc'd or NULL. */
char *cwi_ex_clean_title(const char *t, const char *site);

#endif
