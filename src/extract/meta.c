/*
 * meta: page metadata helpers: a bounded JSON-LD scanner, dates to ISO 8601,
 * headlines without the site name, hosts of URLs.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract_int.h"
#include "extract/meta_int.h"

/* ---- JSON-LD ------------------------------------------------------------------
 * A single pass over the bytes with an explicit stack of containers (no
 * recursion; depth capped at LD_MAX_DEPTH, deeper values are skipped). It
 * keeps the first value seen of each key the extractor wants, by the key and
 * the key of its parent object ("author" > "name"). */

#define LD_MAX_DEPTH 64
#define LD_MAX_VALUE (1u << 20)

typedef struct ld_frame {
    char key[24];   /* the key under which this container sits ("" for none) */
    bool is_obj;
    bool article;   /* @type of this object names an article kind */
} ld_frame;

/* Marks the kind of the @type value s in *ty (nothing for other types). */
static void ld_mark(cwi_ex_ld_types *ty, const char *s, size_t n)
{
    enum { ART, LIVE, FORUM, PROD, LIST, DOC, SERV };
    static const struct {
        const char *t;
        int k;
    } t[] = {{"NewsArticle", ART}, {"Article", ART}, {"BlogPosting", ART}, {"ReportageNewsArticle", ART},
             {"AnalysisNewsArticle", ART}, {"OpinionNewsArticle", ART}, {"BackgroundNewsArticle", ART},
             {"LiveBlogPosting", LIVE}, {"DiscussionForumPosting", FORUM}, {"QAPage", FORUM}, {"Question", FORUM},
             {"SocialMediaPosting", FORUM}, {"Product", PROD}, {"ProductGroup", PROD}, {"ItemList", LIST},
             {"CollectionPage", LIST}, {"SearchResultsPage", LIST}, {"OfferCatalog", LIST}, {"TechArticle", DOC},
             {"APIReference", DOC}, {"HowTo", DOC}, {"Service", SERV}, {"FAQPage", SERV}, {"LocalBusiness", SERV},
             {"ProfessionalService", SERV}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        if (strlen(t[i].t) != n || memcmp(t[i].t, s, n) != 0) continue;
        bool *kind[] = {&ty->article, &ty->liveblog, &ty->forum, &ty->product, &ty->list, &ty->doc, &ty->service};
        *kind[t[i].k] = true;
        return;
    }
}

static bool article_type(const char *s, size_t n)
{
    static const char *const t[] = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                                    "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                                    "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report", "WebPage"};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (strlen(t[i]) == n && memcmp(t[i], s, n) == 0) return true;
    return false;
}

/* Decodes a JSON string body s[0..n) (without quotes) into out. */
static cw_status json_unescape(const char *s, size_t n, cwi_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 >= n) {
            CWI_TRY(cwi_buf_addc(out, s[i]));
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'n': CWI_TRY(cwi_buf_addc(out, '\n')); break;
        case 't': CWI_TRY(cwi_buf_addc(out, ' ')); break;
        case 'r': break;
        case 'b': case 'f': break;
        case 'u': {
            if (i + 4 >= n) return CW_OK;
            unsigned cp = 0;
            for (size_t k = 1; k <= 4; k++) {
                int d = cwi_hex_digit((unsigned char)s[i + k]);
                cp = cp * 16 + (unsigned)(d < 0 ? 0 : d); /* a byte that is no digit counts 0 */
            }
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < n && s[i + 1] == '\\' && s[i + 2] == 'u') {
                unsigned lo = 0;
                for (size_t k = 3; k <= 6; k++) {
                    int d = cwi_hex_digit((unsigned char)s[i + k]);
                    lo = lo * 16 + (unsigned)(d < 0 ? 0 : d);
                }
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
            char o[4];
            size_t on;
            if (cp < 0x80) { o[0] = (char)cp; on = 1; }
            else if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); on = 2; }
            else if (cp < 0x10000) {
                o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[2] = (char)(0x80 | (cp & 0x3F)); on = 3;
            } else {
                o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F)); on = 4;
            }
            if (cp >= 0x20 || cp == '\n') CWI_TRY(cwi_buf_add(out, o, on));
            break;
        }
        default: CWI_TRY(cwi_buf_addc(out, c)); break;
        }
    }
    return CW_OK;
}

static cw_status keep(char **dst, const char *s, size_t n)
{
    if (*dst || n == 0 || n > LD_MAX_VALUE) return CW_OK;
    cwi_buf b;
    cwi_buf_init(&b, LD_MAX_VALUE * 2);
    cw_status st = json_unescape(s, n, &b);
    if (st == CW_OK) {
        const char *p = b.data ? b.data : "";
        size_t m = b.len;
        cwi_ex_trim(&p, &m);
        if (m > 0) *dst = cwi_strndup(p, m);
    }
    cwi_buf_clean(&b);
    return st == CW_ERR_LIMIT ? CW_OK : st;
}

/* Appends a name to a ", "-separated list (authors). */
static cw_status add_name(char **dst, const char *s, size_t n)
{
    if (n == 0 || n > 200) return CW_OK;
    cwi_buf b;
    cwi_buf_init(&b, 4096);
    if (*dst) {
        if (strlen(*dst) > 1000) {
            cwi_buf_clean(&b);
            return CW_OK;
        }
        CWI_TRY(cwi_buf_adds(&b, *dst));
        CWI_TRY(cwi_buf_add(&b, ", ", 2));
    }
    size_t before = b.len;
    cw_status st = json_unescape(s, n, &b);
    if (st == CW_OK && b.len > before) {
        /* no duplicates */
        if (*dst && strstr(*dst, b.data + before)) {
            cwi_buf_clean(&b);
            return CW_OK;
        }
        free(*dst);
        *dst = cwi_buf_take(&b);
    }
    cwi_buf_clean(&b);
    return st;
}

cw_status cwi_ex_jsonld(const char *s, size_t n, cwi_ex_ld *ld)
{
    ld_frame stk[LD_MAX_DEPTH];
    int depth = 0, skip = 0; /* skip: containers above the cap */
    char key[24] = "";       /* the last key read in the current object */
    bool have_key = false;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '{' || c == '[') {
            if (depth >= LD_MAX_DEPTH) {
                skip++;
            } else {
                ld_frame *f = &stk[depth++];
                const char *from = have_key ? key : (depth > 1 ? stk[depth - 2].key : "");
                size_t fl = strnlen(from, sizeof f->key - 1);
                memcpy(f->key, from, fl);
                f->key[fl] = 0;
                f->is_obj = c == '{';
                f->article = false;
            }
            have_key = false;
            i++;
            continue;
        }
        if (c == '}' || c == ']') {
            if (skip) skip--;
            else if (depth > 0) depth--;
            have_key = false;
            i++;
            continue;
        }
        if (c == '"') {
            size_t j = i + 1;
            while (j < n && s[j] != '"') j += (s[j] == '\\') ? 2 : 1;
            if (j >= n) break;
            const char *str = s + i + 1;
            size_t sn = j - i - 1;
            i = j + 1;
            while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
            bool is_key = i < n && s[i] == ':' && depth > 0 && stk[depth - 1].is_obj && !skip;
            if (is_key) {
                size_t kn = CWI_MIN(sn, sizeof key - 1);
                memcpy(key, str, kn);
                key[kn] = 0;
                have_key = true;
                i++;
                continue;
            }
            if (skip || depth == 0) continue;
            /* a string value: of key (in an object) or of the array's key */
            ld_frame *f = &stk[depth - 1];
            const char *k = f->is_obj ? (have_key ? key : "") : f->key;
            const char *pk = f->is_obj ? f->key : (depth > 1 ? stk[depth - 2].key : "");
            if (strcmp(k, "@type") == 0) ld_mark(&ld->types, str, sn);
            if (strcmp(k, "@type") == 0 && article_type(str, sn)) {
                f->article = true;
                ld->has_article = true;
            } else if (strcmp(k, "headline") == 0 || (strcmp(k, "name") == 0 && f->article)) {
                CWI_TRY(keep(&ld->headline, str, sn));
            } else if (strcmp(k, "datePublished") == 0 || strcmp(k, "dateCreated") == 0 ||
                       strcmp(k, "uploadDate") == 0) {
                CWI_TRY(keep(&ld->published, str, sn));
            } else if (strcmp(k, "dateModified") == 0) {
                CWI_TRY(keep(&ld->modified, str, sn));
            } else if (strcmp(k, "articleBody") == 0 || strcmp(k, "text") == 0) {
                if (strcmp(k, "articleBody") == 0) CWI_TRY(keep(&ld->body, str, sn));
            } else if (strcmp(k, "inLanguage") == 0) {
                CWI_TRY(keep(&ld->lang, str, sn));
            } else if (strcmp(k, "author") == 0 || strcmp(k, "creator") == 0) {
                CWI_TRY(add_name(&ld->author, str, sn));
            } else if (strcmp(k, "name") == 0 && (strcmp(pk, "author") == 0 || strcmp(pk, "creator") == 0)) {
                CWI_TRY(add_name(&ld->author, str, sn));
            } else if (strcmp(k, "name") == 0 && (strcmp(pk, "publisher") == 0 || strcmp(pk, "sourceOrganization") == 0)) {
                CWI_TRY(keep(&ld->publisher, str, sn));
            } else if (strcmp(k, "publisher") == 0) {
                CWI_TRY(keep(&ld->publisher, str, sn));
            } else if (strcmp(k, "@id") == 0 && strcmp(pk, "mainEntityOfPage") == 0) {
                CWI_TRY(keep(&ld->url, str, sn));
            } else if (strcmp(k, "mainEntityOfPage") == 0) {
                CWI_TRY(keep(&ld->url, str, sn));
            }
            if (f->is_obj) have_key = false;
            continue;
        }
        if (c == ',' && depth > 0 && stk[depth - 1].is_obj) have_key = false;
        i++;
    }
    return CW_OK;
}

void cwi_ex_ld_clean(cwi_ex_ld *ld)
{
    free(ld->headline);
    free(ld->published);
    free(ld->modified);
    free(ld->author);
    free(ld->publisher);
    free(ld->body);
    free(ld->lang);
    free(ld->url);
    memset(ld, 0, sizeof *ld);
}

/* ---- dates ----------------------------------------------------------------------- */

static int digits(const char *s, size_t n, size_t at, size_t k)
{
    if (at + k > n) return -1;
    int v = 0;
    for (size_t i = 0; i < k; i++) {
        if (s[at + i] < '0' || s[at + i] > '9') return -1;
        v = v * 10 + (s[at + i] - '0');
    }
    return v;
}

static int month_of(const char *s, size_t n)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3) return 0;
    for (int i = 0; i < 12; i++)
        if (cwi_ex_starts_ci(s, n, m[i])) return i + 1;
    return 0;
}

char *cwi_ex_iso_date(const char *s, size_t n)
{
    const char *p = s;
    size_t m = n;
    cwi_ex_trim(&p, &m);
    int y = digits(p, m, 0, 4), mo = -1, d = -1;
    size_t at = 0;
    if (y >= 1900 && y <= 2100 && m >= 10 && (p[4] == '-' || p[4] == '/' || p[4] == '.')) {
        mo = digits(p, m, 5, 2);
        d = digits(p, m, 8, 2);
        at = 10;
    } else if (y >= 1900 && y <= 2100 && m >= 8 && (mo = digits(p, m, 4, 2)) > 0 && (d = digits(p, m, 6, 2)) > 0) {
        at = 8; /* 20240506 */
    } else {
        /* "May 6, 2024", "6 May 2024", "Tue, 06 May 2024 10:00:00 GMT" */
        int dd = -1, mm = 0, yy = -1;
        size_t i = 0;
        while (i < m && i < 64) {
            size_t j = i;
            while (j < m && p[j] != ' ' && p[j] != ',' && p[j] != '.') j++;
            if (j > i) {
                int v = digits(p, m, i, j - i);
                if (j - i <= 2 && v > 0 && v <= 31 && dd < 0) dd = v;
                else if (j - i == 4 && v >= 1900 && v <= 2100) yy = v;
                else if (!mm) mm = month_of(p + i, j - i);
            }
            i = j + 1;
        }
        if (dd < 0 || !mm || yy < 0) return NULL;
        return cwi_sprintf("%04d-%02d-%02d", yy, mm, dd);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return NULL;
    /* a time: THH:MM[:SS][.fff][Z|+HH:MM] */
    if (at < m && (p[at] == 'T' || p[at] == ' ')) {
        int hh = digits(p, m, at + 1, 2), mi = digits(p, m, at + 4, 2), ss = 0;
        if (hh >= 0 && hh < 24 && mi >= 0 && mi < 60 && p[at + 3] == ':') {
            size_t q = at + 6;
            if (q < m && p[q] == ':') {
                ss = digits(p, m, q + 1, 2);
                if (ss < 0 || ss > 60) ss = 0;
                q += 3;
            }
            if (q < m && p[q] == '.') {
                q++;
                while (q < m && p[q] >= '0' && p[q] <= '9') q++;
            }
            int off = 0;
            bool zone = false;
            if (q < m && (p[q] == 'Z' || p[q] == 'z')) zone = true;
            else if (q < m && (p[q] == '+' || p[q] == '-')) {
                int oh = digits(p, m, q + 1, 2), om = digits(p, m, q + (q + 3 < m && p[q + 3] == ':' ? 4 : 3), 2);
                if (oh >= 0 && oh < 24) {
                    off = (oh * 60 + (om > 0 ? om : 0)) * (p[q] == '-' ? -1 : 1);
                    zone = true;
                }
            }
            if (zone) {
                struct tm tm = {0};
                tm.tm_year = y - 1900;
                tm.tm_mon = mo - 1;
                tm.tm_mday = d;
                tm.tm_hour = hh;
                tm.tm_min = mi;
                tm.tm_sec = ss;
                time_t t = timegm(&tm) - (time_t)off * 60;
                struct tm u;
                if (gmtime_r(&t, &u))
                    return cwi_sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
                                       u.tm_hour, u.tm_min, u.tm_sec);
            }
            return cwi_sprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, hh, mi, ss);
        }
    }
    return cwi_sprintf("%04d-%02d-%02d", y, mo, d);
}

/* A month named in a path segment ("may", "Sep", "september") at s[i..]:
 * its number, with *end just past the name; 0 when it is not one. */
static int url_month(const char *s, size_t n, size_t i, size_t *end)
{
    size_t j = i;
    while (j < n && (s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') j++;
    int m = j - i <= 9 ? month_of(s + i, j - i) : 0;
    if (m) *end = j;
    return m;
}

char *cwi_ex_url_date(const char *url)
{
    if (!url) return NULL;
    size_t n = strlen(url);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (url[i] != '/') continue;
        int y = digits(url, n, i + 1, 4);
        if (y < 1995 || y > 2100) continue;
        char sep = url[i + 5];
        if (sep != '/' && sep != '-') continue;
        size_t at = i + 8; /* where the day's separator stands */
        int mo = digits(url, n, i + 6, 2);
        if (mo < 0) mo = url_month(url, n, i + 6, &at);
        if (mo < 1 || mo > 12 || at + 1 >= n || url[at] != sep) continue;
        int d = digits(url, n, at + 1, 2);
        if (d < 0 && (d = digits(url, n, at + 1, 1)) >= 0 && at + 2 < n && url[at + 2] >= '0' && url[at + 2] <= '9')
            d = -1;
        if (d >= 1 && d <= 31) return cwi_sprintf("%04d-%02d-%02d", y, mo, d);
    }
    return NULL;
}

/* ---- titles and hosts --------------------------------------------------------------- */

char *cwi_ex_url_host(const char *url)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    if (!p) return NULL;
    p += 3;
    size_t n = strcspn(p, "/:?#");
    if (n == 0 || n > 253) return NULL;
    if (n > 4 && cwi_ex_starts_ci(p, n, "www.")) {
        p += 4;
        n -= 4;
    }
    return cwi_strndup(p, n);
}

char *cwi_ex_clean_title(const char *t, const char *site)
{
    if (!t) return NULL;
    const char *p = t;
    size_t n = strlen(t);
    cwi_ex_trim(&p, &n);
    if (n == 0) return NULL;
    static const char *const seps[] = {" | ", " - ", " — ", " – ", " :: ", " · ", " • ", " // ", " » "};
    /* the last separator whose other side is short or is the site's name */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            const char *sep = seps[k];
            size_t sl = strlen(sep);
            /* suffix: "Headline | Site" */
            const char *last = NULL;
            for (const char *q = p; (q = cwi_ex_memmem(q, n - (size_t)(q - p), sep, sl)) != NULL; q += sl) last = q;
            if (last) {
                const char *tail = last + sl;
                size_t tn = n - (size_t)(tail - p), hn = (size_t)(last - p);
                char tail0[128];
                bool is_site = false;
                if (site && *site && tn >= 3 && tn < sizeof tail0) {
                    memcpy(tail0, tail, tn);
                    tail0[tn] = 0;
                    is_site = cwi_ex_find_ci(tail, tn, site) >= 0 || cwi_ex_find_ci(site, strlen(site), tail0) >= 0;
                }
                if (is_site || (pass == 1 && cwi_ex_words(tail, tn) <= 4 && cwi_ex_words(p, hn) >= 3)) {
                    n = hn;
                    cwi_ex_trim(&p, &n);
                    continue;
                }
            }
            /* prefix: "Site | Headline" */
            const char *first = cwi_ex_memmem(p, n, sep, sl);
            if (first && site && *site) {
                size_t hn = (size_t)(first - p);
                if (cwi_ex_find_ci(p, hn, site) >= 0 && cwi_ex_words(p, hn) <= 5) {
                    n -= hn + sl;
                    p = first + sl;
                    cwi_ex_trim(&p, &n);
                }
            }
        }
    }
    return n ? cwi_strndup(p, n) : NULL;
}
