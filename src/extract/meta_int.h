/*
 * meta_int.h: page metadata helpers of the extract module (meta.c).
 */
#ifndef CW_EXTRACT_META_INT_H
#define CW_EXTRACT_META_INT_H

#include "core/core.h"

/* Kinds of schema.org @type a page's JSON-LD names: each true when some
 * @type of its kind was seen. */
typedef struct cwi_ex_ld_types {
    bool article;  /* NewsArticle, Article, BlogPosting ... */
    bool liveblog; /* LiveBlogPosting */
    bool forum;    /* DiscussionForumPosting, QAPage, Question, SocialMediaPosting */
    bool product;  /* Product, ProductGroup */
    bool list;     /* ItemList, CollectionPage, SearchResultsPage, OfferCatalog */
    bool doc;      /* TechArticle, APIReference, HowTo */
    bool service;  /* Service, LocalBusiness, ProfessionalService, FAQPage */
} cwi_ex_ld_types;

/* What a page's JSON-LD says; every string NULL or malloc'd. */
typedef struct cwi_ex_ld {
    char *headline, *published, *modified, *author, *publisher, *body, *lang, *url;
    bool has_article;      /* an object of an article @type was seen */
    cwi_ex_ld_types types; /* the kinds of every @type seen */
} cwi_ex_ld;

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
