/*
 * Feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Each item becomes one record named
 * by its link (or guid/id), with its title, date (as ISO 8601), author and
 * links, the feed's title as the outlet, and its content (content:encoded,
 * Atom content, else description/summary).
 *
 * Feeds in the wild are often not well-formed XML: bare '&' in titles and
 * URLs, HTML entities (&nbsp; &eacute;) that XML does not define. A pre-pass
 * rewrites those into XML (&amp;, numeric references) outside CDATA sections,
 * then libxml2 parses in recover mode with no network, no DTD loading and no
 * entity substitution (so no external entities and no entity expansion
 * bombs). The tree is walked two levels deep with loops only.
 */
#include "ingest/ingest.h"
#include "core/civil.h"
#include "core/utf8.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define MAX_ITEMS 100000u
#define MAX_FIELD 4096 /* titles, authors, links, dates: longer ones are cut */

/* ---- detection -------------------------------------------------------------------- */

static bool name_is(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && !strncasecmp(p, lit, k) && (n == k || !(isalnum((unsigned char)p[k]) || p[k] == '_' || p[k] == '-' || p[k] == ':' || p[k] == '.'));
}

/* The length of the declaration at p ("<!DOCTYPE ...>" with its internal
 * subset "[...]" if any, or another "<!...>"), or 0 when it does not end
 * within n bytes. */
static size_t doctype_end(const char *p, size_t n)
{
    const char *gt = memchr(p, '>', n), *br = memchr(p, '[', n);
    if (!gt) return 0;
    if (!br || br > gt) return (size_t)(gt - p) + 1;
    /* an internal subset: its declarations hold '>' and quoted text; it ends at "]" then ">" */
    char q = 0;
    for (size_t i = (size_t)(br - p) + 1; i < n; i++) {
        if (q) {
            if (p[i] == q) q = 0;
        } else if (p[i] == '"' || p[i] == '\'') {
            q = p[i];
        } else if (p[i] == ']') {
            size_t j = i + 1;
            while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n')) j++;
            if (j < n && p[j] == '>') return j + 1;
        }
    }
    return 0;
}

bool cwi_is_feed(const char *p, size_t n)
{
    size_t i = 0, lim = CWI_MIN(n, (size_t)16384);
    if (lim >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
    /* Skip the prolog: whitespace, <?xml ...?>, <?xml-stylesheet ...?>,
     * comments and a DOCTYPE; the first element must be the feed's root. */
    while (i < lim) {
        while (i < lim && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
        if (i >= lim || p[i] != '<') return false;
        const char *end = NULL;
        if (i + 1 < lim && p[i + 1] == '?') {
            end = memmem(p + i, lim - i, "?>", 2);
            if (!end) return false;
            i = (size_t)(end - p) + 2;
        } else if (i + 3 < lim && !memcmp(p + i, "<!--", 4)) {
            end = memmem(p + i, lim - i, "-->", 3);
            if (!end) return false;
            i = (size_t)(end - p) + 3;
        } else if (i + 1 < lim && p[i + 1] == '!') {
            size_t k = doctype_end(p + i, lim - i);
            if (!k) return false;
            i += k;
        } else {
            const char *e = p + i + 1;
            size_t m = lim - i - 1;
            /* a prefixed root: rdf:RDF, atom:feed */
            const char *colon = memchr(e, ':', CWI_MIN(m, (size_t)32));
            const char *sp = e;
            while ((size_t)(sp - e) < m && (isalnum((unsigned char)*sp) || *sp == '_' || *sp == '-' || *sp == ':' || *sp == '.')) sp++;
            if (colon && colon < sp) {
                m -= (size_t)(colon + 1 - e);
                e = colon + 1;
            }
            return name_is(e, m, "rss") || name_is(e, m, "feed") || name_is(e, m, "RDF");
        }
    }
    return false;
}

/* ---- the pre-pass ------------------------------------------------------------------- */

static bool is_name_char(unsigned char c) { return isalnum(c) || c == '_' || c == '-' || c == '.'; }

/* Rewrites what XML refuses into what it takes: a bare '&' becomes "&amp;",
 * an HTML named entity a numeric reference; CDATA sections are copied as
 * they are. Output bounded by 5 times the input.
 *
 * The DOCTYPE is dropped, with any entities it declares: a feed has no use
 * for them, and they are how a file asks a parser to expand a few hundred
 * bytes into gigabytes ("billion laughs") or to read a local file. A
 * reference to an entity that is not XML's or HTML's is then dropped too
 * (not kept as "&name;" text). *dropped tells whether a DOCTYPE declared
 * anything. */
static cw_status prepass(const char *s, size_t n, cwi_buf *out, bool *dropped)
{
    size_t i = 0, run = 0;
    bool in_prolog = true;
    *dropped = false;
    while (i < n) {
        if (in_prolog && s[i] == '<') {
            if (n - i >= 9 && !strncasecmp(s + i, "<!DOCTYPE", 9)) {
                size_t k = doctype_end(s + i, n - i);
                if (!k) k = n - i; /* never closed: nothing after it is a feed */
                if (memchr(s + i, '[', k)) *dropped = true;
                CWI_TRY(cwi_buf_add(out, s + run, i - run));
                i = run = i + k;
                continue;
            }
            if (i + 1 < n && s[i + 1] != '?' && s[i + 1] != '!') in_prolog = false; /* the root element */
        }
        if (s[i] == '<' && n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
            const char *end = memmem(s + i + 9, n - i - 9, "]]>", 3);
            i = end ? (size_t)(end - s) + 3 : n;
            continue;
        }
        if (s[i] != '&') {
            i++;
            continue;
        }
        CWI_TRY(cwi_buf_add(out, s + run, i - run));
        size_t j = i + 1;
        if (j < n && s[j] == '#') {
            j++;
            bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
            if (hex) j++;
            size_t d = j;
            while (j < n && j - d < 8 && (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) j++;
            if (j > d && j < n && s[j] == ';') {
                unsigned long v = strtoul(s + d, NULL, hex ? 16 : 10);
                /* Only characters XML allows; others are dropped. */
                if (v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
                    (v >= 0x10000 && v <= 0x10FFFF))
                    CWI_TRY(cwi_buf_add(out, s + i, j + 1 - i));
                i = run = j + 1;
                continue;
            }
            CWI_TRY(cwi_buf_adds(out, "&amp;"));
            i = run = i + 1;
            continue;
        }
        size_t st = j;
        while (j < n && j - st < 32 && is_name_char((unsigned char)s[j])) j++;
        if (j > st && j < n && s[j] == ';' && isalpha((unsigned char)s[st])) {
            char name[40];
            memcpy(name, s + st, j - st);
            name[j - st] = 0;
            if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") || !strcmp(name, "quot") ||
                !strcmp(name, "apos")) {
                CWI_TRY(cwi_buf_add(out, s + i, j + 1 - i));
            } else {
                const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
                if (e)
                    CWI_TRY(cwi_buf_printf(out, "&#%u;", e->value));
                else if (!*dropped)
                    CWI_TRY(cwi_buf_printf(out, "&amp;%s;", name));
            }
            i = run = j + 1;
            continue;
        }
        CWI_TRY(cwi_buf_adds(out, "&amp;"));
        i = run = i + 1;
    }
    return cwi_buf_add(out, s + run, n - run);
}

/* The encoding named in an XML declaration, into out; NULL when none. */
static const char *xml_encoding(const char *p, size_t n, char *out, size_t outsz)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && isspace((unsigned char)p[i])) i++;
    if (n - i < 5 || memcmp(p + i, "<?xml", 5)) return NULL;
    const char *end = memmem(p + i, CWI_MIN(n - i, (size_t)512), "?>", 2);
    if (!end) return NULL;
    const char *e = memmem(p + i, (size_t)(end - (p + i)), "encoding", 8);
    if (!e) return NULL;
    e += 8;
    while (e < end && (*e == ' ' || *e == '=')) e++;
    if (e >= end || (*e != '"' && *e != '\'')) return NULL;
    char q = *e++;
    size_t k = 0;
    while (e < end && *e != q && k + 1 < outsz) {
        if (!isalnum((unsigned char)*e) && !strchr("-_.:", *e)) return NULL; /* not a charset name */
        out[k++] = *e++;
    }
    out[k] = 0;
    return k && e < end && *e == q ? out : NULL;
}

/* ---- dates ------------------------------------------------------------------------------ */

static int num(const char *s, size_t n, size_t *i, int maxdig)
{
    int v = 0, k = 0;
    while (*i < n && k < maxdig && isdigit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k ? v : -1;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    return true;
}

/* The ISO 8601 form of a date and time; with a known zone the time is given
 * in UTC with "Z", without one as it was written. */
static char *iso_out(int y, int mo, int d, int h, int mi, int s, bool has_time, bool has_zone, int off_min)
{
    if (!valid_ymd(y, mo, d)) return NULL;
    if (!has_time) return cwi_sprintf("%04d-%02d-%02d", y, mo, d);
    if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) return NULL;
    if (s == 60) s = 59;
    if (!has_zone) return cwi_sprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    int64_t t = (int64_t)cwi_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)off_min * 60;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    cwi_civil_from_days(days, &y, &mo, &d);
    if (y < 1000 || y > 9999) return NULL;
    return cwi_sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(rem / 3600), (int)(rem % 3600 / 60),
                       (int)(rem % 60));
}

/* A zone after a time: Z, +hh:mm, +hhmm, +hh, or an RFC 822 name. Returns
 * whether one was read. */
static bool zone(const char *s, size_t n, size_t *i, int *off)
{
    while (*i < n && s[*i] == ' ') (*i)++;
    if (*i >= n) return false;
    char c = s[*i];
    if (c == '+' || c == '-') {
        size_t k = *i + 1;
        int h = num(s, n, &k, 2);
        if (h < 0 || h > 14) return false;
        int m = 0;
        if (k < n && s[k] == ':') k++;
        if (k < n && isdigit((unsigned char)s[k])) m = num(s, n, &k, 2);
        if (m < 0 || m > 59) return false;
        *off = (c == '-' ? -1 : 1) * (h * 60 + m);
        *i = k;
        return true;
    }
    static const struct {
        const char *name;
        int off;
    } names[] = {{"GMT", 0}, {"UTC", 0}, {"UT", 0}, {"Z", 0}, {"EST", -300}, {"EDT", -240}, {"CST", -360},
                 {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t l = strlen(names[k].name);
        if (n - *i >= l && !strncasecmp(s + *i, names[k].name, l) && (n - *i == l || !isalpha((unsigned char)s[*i + l]))) {
            *off = names[k].off;
            *i += l;
            return true;
        }
    }
    return false;
}

static int month_name(const char *s, size_t n)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3) return 0;
    for (int k = 0; k < 12; k++)
        if (!strncasecmp(s, m[k], 3)) return k + 1;
    return 0;
}

char *cwi_feed_date(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n < 8 || n > 128) return NULL;
    size_t i = 0;
    int off = 0;
    if (isdigit((unsigned char)s[0]) && n >= 10 && s[4] == '-') {
        /* ISO 8601 / RFC 3339: YYYY-MM-DD[(T| )HH:MM[:SS[.frac]]][zone] */
        int y = num(s, n, &i, 4);
        if (i != 4 || s[i++] != '-') return NULL;
        int mo = num(s, n, &i, 2);
        if (i >= n || s[i++] != '-') return NULL;
        int d = num(s, n, &i, 2);
        if (i >= n || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return iso_out(y, mo, d, 0, 0, 0, false, false, 0);
        i++;
        int h = num(s, n, &i, 2), mi = -1, sec = 0;
        if (i < n && s[i] == ':') i++, mi = num(s, n, &i, 2);
        if (h < 0 || mi < 0) return iso_out(y, mo, d, 0, 0, 0, false, false, 0);
        if (i < n && s[i] == ':') i++, sec = num(s, n, &i, 2);
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            i++;
            while (i < n && isdigit((unsigned char)s[i])) i++;
        }
        bool z = zone(s, n, &i, &off);
        return iso_out(y, mo, d, h, mi, sec, true, z, off);
    }
    /* RFC 822 / 1123 and the variants feeds use: [Day,] DD Mon YYYY HH:MM[:SS] zone */
    if (isalpha((unsigned char)s[0])) {
        while (i < n && isalpha((unsigned char)s[i])) i++;
        while (i < n && (s[i] == ',' || s[i] == ' ')) i++;
    }
    int d = num(s, n, &i, 2);
    while (i < n && (s[i] == ' ' || s[i] == '-')) i++;
    int mo = month_name(s + i, n - i);
    while (i < n && isalpha((unsigned char)s[i])) i++;
    while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == ',')) i++;
    size_t ys = i;
    int y = num(s, n, &i, 4);
    if (d < 0 || !mo || y < 0) return NULL;
    if (i - ys == 2) y += y < 50 ? 2000 : 1900;
    while (i < n && s[i] == ' ') i++;
    int h = num(s, n, &i, 2), mi = -1, sec = 0;
    if (h >= 0 && i < n && s[i] == ':') i++, mi = num(s, n, &i, 2);
    if (h < 0 || mi < 0) return iso_out(y, mo, d, 0, 0, 0, false, false, 0);
    if (i < n && s[i] == ':') i++, sec = num(s, n, &i, 2);
    bool z = zone(s, n, &i, &off);
    return iso_out(y, mo, d, h, mi, sec < 0 ? 0 : sec, true, z, off);
}

/* ---- the tree ----------------------------------------------------------------------------- */

static bool is_el(xmlNodePtr n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, local);
}

static bool in_ns(xmlNodePtr n, const char *href)
{
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, href);
}

static xmlNodePtr child(xmlNodePtr parent, const char *local)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_el(c, local)) return c;
    return NULL;
}

static xmlNodePtr child_ns(xmlNodePtr parent, const char *local, const char *href)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_el(c, local) && in_ns(c, href)) return c;
    return NULL;
}

/* Collapses white space and trims, in place; cuts at MAX_FIELD bytes on a
 * character boundary. */
static char *tidy(char *s)
{
    if (!s) return NULL;
    size_t w = 0;
    bool sp = false;
    for (size_t r = 0; s[r]; r++) {
        unsigned char c = (unsigned char)s[r];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = w > 0;
            continue;
        }
        if (sp) s[w++] = ' ';
        sp = false;
        s[w++] = (char)c;
    }
    if (w > MAX_FIELD) {
        w = cwi_utf8_cut(s, MAX_FIELD);
    }
    s[w] = 0;
    if (!w) {
        free(s);
        return NULL;
    }
    return s;
}

/* Text of an element, tidied; caller frees. */
static char *text_of(xmlNodePtr n)
{
    if (!n) return NULL;
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return NULL;
    char *s = strdup((const char *)c);
    xmlFree(c);
    return tidy(s);
}

/* Text with markup dropped (an Atom title of type html). */
static char *strip_tags(char *s)
{
    if (!s) return NULL;
    size_t w = 0;
    bool in = false;
    for (size_t r = 0; s[r]; r++) {
        if (s[r] == '<') in = true;
        else if (s[r] == '>' && in) in = false;
        else if (!in) s[w++] = s[r];
    }
    s[w] = 0;
    return tidy(s);
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return tidy(s);
}

/* An RSS author "jdoe@example.com (Jane Doe)" is Jane Doe. */
static char *rss_author(char *a)
{
    if (!a) return NULL;
    char *o = strchr(a, '('), *c = o ? strrchr(o, ')') : NULL;
    if (o && c && c > o + 1 && strchr(a, '@') && strchr(a, '@') < o) {
        memmove(a, o + 1, (size_t)(c - o - 1));
        a[c - o - 1] = 0;
        return tidy(a);
    }
    return a;
}

static char *atom_title(xmlNodePtr t)
{
    if (!t) return NULL;
    char *type = attr(t, "type");
    char *s = text_of(t);
    if (type && (!strcmp(type, "html") || !strcmp(type, "xhtml"))) s = strip_tags(s);
    free(type);
    return s;
}

static char *atom_author(xmlNodePtr holder)
{
    xmlNodePtr a = child(holder, "author");
    char *s = text_of(child(a, "name"));
    return s ? s : text_of(a);
}

/* The Atom link that points at the item's page: rel alternate (or none),
 * preferring text/html. */
static char *atom_link(xmlNodePtr e)
{
    char *best = NULL;
    for (xmlNodePtr c = e->children; c; c = c->next) {
        if (!is_el(c, "link")) continue;
        char *rel = attr(c, "rel"), *type = attr(c, "type");
        bool alt = !rel || !strcmp(rel, "alternate");
        bool html = !type || strstr(type, "html");
        free(rel);
        free(type);
        if (!alt) continue;
        char *href = attr(c, "href");
        if (!href) {
            char *t = text_of(c); /* an RSS <link> inside an Atom-ish feed */
            href = t;
        }
        if (href && html) {
            free(best);
            return href;
        }
        if (href && !best) best = href;
        else free(href);
    }
    return best;
}

/* The serialised children of an element (Atom xhtml content); caller frees. */
static char *inner_xml(xmlNodePtr n)
{
    xmlBufferPtr b = xmlBufferCreate();
    if (!b) return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if ((size_t)xmlBufferLength(b) > CW_MAX_RECORD_BYTES) break;
        xmlNodeDump(b, n->doc, c, 0, 0);
    }
    char *s = strdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

typedef struct item {
    char *title, *link, *guid, *published, *author, *content;
    int kind;
} item;

static void item_clean(item *it)
{
    free(it->title);
    free(it->link);
    free(it->guid);
    free(it->published);
    free(it->author);
    free(it->content);
    memset(it, 0, sizeof *it);
}

static bool has_markup(const char *s)
{
    const char *lt = strchr(s, '<');
    return lt && (isalpha((unsigned char)lt[1]) || lt[1] == '/' || lt[1] == '!');
}

static char *date_of(xmlNodePtr n)
{
    char *t = text_of(n);
    if (!t) return NULL;
    char *d = cwi_feed_date(t, strlen(t));
    free(t);
    return d;
}

static void read_item(xmlNodePtr e, bool atom, item *it)
{
    if (atom) {
        it->title = atom_title(child(e, "title"));
        it->link = atom_link(e);
        it->guid = text_of(child(e, "id"));
        it->published = date_of(child(e, "published"));
        if (!it->published) it->published = date_of(child(e, "updated"));
        if (!it->published) it->published = date_of(child(e, "issued"));
        it->author = atom_author(e);
        xmlNodePtr c = child(e, "content");
        char *src = c ? attr(c, "src") : NULL;
        if (c && !src) {
            char *type = attr(c, "type");
            if (type && !strcmp(type, "xhtml")) {
                it->content = inner_xml(c);
                it->kind = CWI_REC_HTML;
            } else {
                xmlChar *v = xmlNodeGetContent(c);
                it->content = v ? strdup((const char *)v) : NULL;
                xmlFree(v);
                it->kind = type && (!strcmp(type, "text") || !strcmp(type, "text/plain")) ? CWI_REC_TEXT : CWI_REC_HTML;
            }
            free(type);
        }
        free(src);
        if (!it->content) {
            xmlNodePtr s = child(e, "summary");
            xmlChar *v = s ? xmlNodeGetContent(s) : NULL;
            it->content = v ? strdup((const char *)v) : NULL;
            xmlFree(v);
            it->kind = CWI_REC_HTML;
        }
    } else {
        it->title = text_of(child(e, "title"));
        it->link = text_of(child(e, "link"));
        if (!it->link) it->link = attr(e, "about"); /* RSS 1.0: rdf:about */
        it->guid = text_of(child(e, "guid"));
        it->published = date_of(child(e, "pubDate"));
        if (!it->published) it->published = date_of(child_ns(e, "date", NS_DC));
        if (!it->published) it->published = date_of(child(e, "published"));
        it->author = text_of(child_ns(e, "creator", NS_DC));
        if (!it->author) it->author = rss_author(text_of(child(e, "author")));
        xmlNodePtr c = child_ns(e, "encoded", NS_CONTENT);
        xmlChar *v = c ? xmlNodeGetContent(c) : NULL;
        if (!v || !*v) {
            xmlFree(v);
            c = child(e, "description");
            v = c ? xmlNodeGetContent(c) : NULL;
        }
        it->content = v ? strdup((const char *)v) : NULL;
        xmlFree(v);
        it->kind = CWI_REC_HTML;
    }
    /* Content with no markup at all is plain text. */
    if (it->content && it->kind == CWI_REC_HTML && !has_markup(it->content)) it->kind = CWI_REC_TEXT;
    if (it->content) {
        /* empty or white space only is no content */
        const char *q = it->content;
        while (*q && isspace((unsigned char)*q)) q++;
        if (!*q) {
            free(it->content);
            it->content = NULL;
        }
    }
}

static bool is_url(const char *s) { return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8)); }

cw_status cwi_read_feed(cwi_reader *r, const char *data, size_t len, const char *label)
{
    char encbuf[64];
    const char *enc = xml_encoding(data, len, encbuf, sizeof encbuf);
    cwi_buf utf, xml;
    cwi_buf_init(&utf, (size_t)CW_MAX_RECORD_BYTES * 3);
    cwi_buf_init(&xml, (size_t)CW_MAX_RECORD_BYTES * 15 + 64);
    char *why = NULL;
    cw_status st = cwi_to_utf8(data, len, enc, false, &utf, &why);
    if (st == CW_ERR_INPUT || st == CW_ERR_LIMIT) {
        char *m = cwi_sprintf("%s: %s", label, why ? why : "cannot be read as text");
        r->failed++;
        if (r->on_error) r->on_error(r->ud, m ? m : "a feed that cannot be read as text");
        free(m);
        free(why);
        cwi_buf_clean(&utf);
        return CW_OK;
    }
    free(why);
    bool dropped = false;
    if (st == CW_OK) st = prepass(utf.data ? utf.data : "", utf.len, &xml, &dropped);
    if (st == CW_OK && dropped) {
        char *m = cwi_sprintf("%s: the feed's DOCTYPE declares entities: they are ignored, and references to them dropped",
                              label);
        if (r->on_skip && m) r->on_skip(r->ud, m);
        free(m);
    }
    cwi_buf_clean(&utf);
    if (st != CW_OK) {
        cwi_buf_clean(&xml);
        return st == CW_ERR_LIMIT ? CW_ERR_NOMEM : st;
    }
    xmlDocPtr doc = NULL;
    if (xml.len && xml.len < INT32_MAX)
        doc = xmlReadMemory(xml.data, (int)xml.len, NULL, "UTF-8",
                            XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    cwi_buf_clean(&xml);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        char *m = cwi_sprintf("%s: a feed that cannot be parsed as XML", label);
        r->failed++;
        if (r->on_error) r->on_error(r->ud, m ? m : "a feed that cannot be parsed");
        free(m);
        return CW_OK;
    }
    bool atom = is_el(root, "feed");
    xmlNodePtr channel = atom ? root : child(root, "channel");
    char *outlet = atom ? atom_title(child(root, "title")) : text_of(child(channel, "title"));
    char *feed_author = atom ? atom_author(root) : NULL;
    /* Items: children of the root (RSS 1.0, Atom, RSS 0.9x) and of the channel (RSS 2.0). */
    xmlNodePtr holders[2] = {root, channel != root ? channel : NULL};
    size_t count = 0;
    bool full = false;
    st = CW_OK;
    for (int h = 0; h < 2 && st == CW_OK && !full; h++) {
        for (xmlNodePtr e = holders[h] ? holders[h]->children : NULL; e && st == CW_OK; e = e->next) {
            if (!is_el(e, atom ? "entry" : "item")) continue;
            if (++count > MAX_ITEMS) {
                char *m = cwi_sprintf("%s: more than %u items; the rest are passed over", label, MAX_ITEMS);
                r->failed++;
                if (r->on_error) r->on_error(r->ud, m ? m : "too many items");
                free(m);
                full = true;
                break;
            }
            item it = {0};
            read_item(e, atom, &it);
            char where[4200];
            snprintf(where, sizeof where, "%.4000s[item %zu]", label, count);
            /* An item of a headline alone is an article (its text is its
             * headline); only an item with neither is skipped. */
            if (!it.content && it.title && it.title[strspn(it.title, " \t\r\n")]) {
                it.content = strdup("");
                it.kind = CWI_REC_TEXT;
            }
            if (!it.content) {
                char *m = cwi_sprintf("%s: skipped: an item with no content (%s)", where,
                                      it.title ? it.title : "no title");
                if (r->on_skip && m) r->on_skip(r->ud, m);
                free(m);
                item_clean(&it);
                continue;
            }
            size_t clen = strlen(it.content);
            if (clen > CW_MAX_RECORD_BYTES) {
                char *m = cwi_sprintf("%s: the item is larger than the %u MiB limit", where, CW_MAX_RECORD_BYTES >> 20);
                r->failed++;
                if (r->on_error) r->on_error(r->ud, m ? m : "item too large");
                free(m);
                item_clean(&it);
                continue;
            }
            cwi_record rec = {0};
            rec.name = it.link ? it.link : it.guid ? it.guid : where;
            rec.where = where;
            rec.kind = it.kind;
            rec.data = it.content;
            rec.len = clen;
            rec.url = is_url(it.link) ? it.link : is_url(it.guid) ? it.guid : NULL;
            rec.title = it.title;
            rec.outlet = outlet;
            rec.published = it.published;
            rec.author = it.author ? it.author : feed_author;
            rec.feed_item = true;
            st = r->on_record(r->ud, &rec);
            if (st == CW_ERR_INPUT) st = CW_OK;
            item_clean(&it);
        }
    }
    if (st == CW_OK && count == 0) {
        char *m = cwi_sprintf("%s: skipped: a feed with no items", label);
        if (r->on_skip && m) r->on_skip(r->ud, m);
        free(m);
    }
    free(outlet);
    free(feed_author);
    xmlFreeDoc(doc);
    return st;
}
