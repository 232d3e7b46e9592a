/*
 * brief_render: a story document as Markdown or as one HTML page.
 *
 * The document is JSON as cw_story_brief gives it. Everything in it came from
 * articles on the web and is data: in HTML every string is escaped (& < > " '),
 * nothing is put in a URL, a script or a style; the page carries its CSS
 * inline and needs no script. In Markdown the characters that would start
 * markup are escaped with a backslash, so a headline cannot turn into HTML or
 * a link in a viewer. Parts of the document that are absent are left out;
 * check-stage lists of an unexpected shape are shown flattened to text.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "brief/brief_int.h"
#include "core/utf8.h"

#define MAX_DOC_DEPTH 64
#define MAX_FLAT 4000 /* bytes of one flattened value */
#define MAX_ITEMS 500 /* items of one list rendered */

typedef struct out {
    cwi_buf *b;
    bool html;
    cw_status st;
} out;

static void raw(out *o, const char *s)
{
    if (o->st == CW_OK) o->st = cwi_buf_adds(o->b, s);
}

/* Escaped text. Line breaks become spaces in Markdown (a line break there
 * could start a block). */
static void text(out *o, const char *s, size_t n)
{
    if (o->st != CW_OK || !s) return;
    for (size_t i = 0; i < n && o->st == CW_OK; i++) {
        char c = s[i];
        const char *rep = NULL;
        char two[3] = {'\\', c, 0};
        if (o->html) {
            rep = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : c == '\'' ? "&#39;" : NULL;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            rep = " ";
        } else if (c == '_' && i > 0 && i + 1 < n && isalnum((unsigned char)s[i - 1]) && isalnum((unsigned char)s[i + 1])) {
            rep = NULL; /* inside a word ("file_name"): no emphasis there in CommonMark */
        } else if (strchr("\\`*_[]<>|#!~&", c) && c) {
            rep = two;
        }
        o->st = rep ? cwi_buf_adds(o->b, rep) : cwi_buf_addc(o->b, c);
    }
}

static void texts(out *o, const char *s)
{
    if (s) text(o, s, strlen(s));
}

static const char *str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* A number as a person writes it: "100 billion", "2.5 million",
 * "600,000", "19.5", never an exponent. Thousands are grouped from 10,000 up
 * (so a year stays "2025"); millions and more that are round to one decimal
 * take their scale word. */
static void human_number(double v, cwi_buf *b)
{
    if (!isfinite(v)) {
        cwi_buf_adds(b, "?");
        return;
    }
    if (v < 0) {
        cwi_buf_addc(b, '-');
        v = -v;
    }
    static const struct { double scale; const char *word; } scales[] = {
        {1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}};
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
        double m = v / scales[i].scale;
        if (m < 1 || m >= 1000) continue;
        double tenths = round(m * 10);
        if (fabs(m * 10 - tenths) > 1e-6 * m * 10) break; /* not round: digits below */
        if ((long long)tenths % 10)
            cwi_buf_printf(b, "%.1f %s", tenths / 10, scales[i].word);
        else
            cwi_buf_printf(b, "%lld %s", (long long)tenths / 10, scales[i].word);
        return;
    }
    if (v >= 1e15) { /* past what grouping reads well: digits with a scale word */
        cwi_buf_printf(b, "%.0f trillion", v / 1e12);
        return;
    }
    v = round(v * 100) / 100;
    double whole = floor(v);
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", whole);
    size_t nd = strlen(digits);
    for (size_t i = 0; i < nd; i++) {
        if (nd > 4 && i && (nd - i) % 3 == 0) cwi_buf_addc(b, ',');
        cwi_buf_addc(b, digits[i]);
    }
    double frac = v - whole;
    if (frac > 1e-9) {
        char f[16];
        snprintf(f, sizeof f, "%.2f", frac);
        size_t n = strlen(f);
        while (n > 2 && f[n - 1] == '0') n--;
        if (n > 2 && f[0] == '0') cwi_buf_add(b, f + 1, n - 1); /* ".5" */
    }
}

/* A value as one line of text: strings as they are, numbers, true/false,
 * {article, text} as "text (article)", other objects as "key: value; ...",
 * arrays joined by "; ". Bounded in depth and length. */
static void flatten(json_t *v, cwi_buf *b, int depth)
{
    if (b->len > MAX_FLAT || depth > 8) return;
    if (json_is_string(v)) {
        cwi_buf_add(b, json_string_value(v), json_string_length(v));
    } else if (json_is_number(v)) {
        human_number(json_number_value(v), b);
    } else if (json_is_boolean(v)) {
        cwi_buf_adds(b, json_is_true(v) ? "yes" : "no");
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (i) cwi_buf_adds(b, "; ");
            flatten(x, b, depth + 1);
        }
    } else if (json_is_object(v)) {
        const char *t = str(v, "text"), *a = str(v, "article");
        if (t) {
            cwi_buf_adds(b, t);
            if (a) cwi_buf_printf(b, " (%s)", a);
            return;
        }
        const char *k;
        json_t *x;
        bool first = true;
        json_object_foreach(v, k, x)
        {
            if (!strcmp(k, "span") || !strcmp(k, "spans") || !strcmp(k, "start") || !strcmp(k, "end")) continue;
            if (!first) cwi_buf_adds(b, "; ");
            first = false;
            cwi_buf_printf(b, "%s: ", k);
            flatten(x, b, depth + 1);
        }
    }
}

static void flat(out *o, json_t *v)
{
    cwi_buf t;
    cwi_buf_init(&t, MAX_FLAT * 2);
    flatten(v, &t, 0);
    if (t.len > MAX_FLAT) {
        t.len = cwi_utf8_cut(t.data, MAX_FLAT); /* whole characters */
        text(o, t.data ? t.data : "", t.len);
        raw(o, "…");
    } else {
        text(o, t.data ? t.data : "", t.len);
    }
    cwi_buf_clean(&t);
}

static void names(out *o, json_t *arr)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (i) raw(o, ", ");
        texts(o, json_is_string(x) ? json_string_value(x) : str(x, "name"));
    }
}

static void heading(out *o, const char *h)
{
    if (o->html) {
        raw(o, "<h2>");
        raw(o, h);
        raw(o, "</h2>\n");
    } else {
        raw(o, "\n## ");
        raw(o, h);
        raw(o, "\n\n");
    }
}

static const char CSS[] =
    "body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1d1d1f;background:#fff}h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;"
    "border-bottom:1px solid #ddd}.meta{color:#555}.cite{color:#666;font-size:.85em}ol.summary li{margin:.4rem 0}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ddd;padding:.3rem .5rem;"
    "text-align:left;vertical-align:top}th{background:#f4f4f6}tr.agree td{background:#eefaf0}tr.conflict td"
    "{background:#fdeeee}tr.single td{background:#fbf8e8}.date{font-weight:600;white-space:nowrap}"
    "ul.timeline{list-style:none;padding-left:0;border-left:3px solid #8aa;margin-left:.5rem}ul.timeline li"
    "{padding-left:1rem;margin:.5rem 0}code{font-size:.85em}\n";

static void summary(out *o, json_t *doc)
{
    json_t *s = json_object_get(doc, "summary"), *h = json_object_get(doc, "headline");
    const char *ht = json_is_object(h) ? str(h, "text") : NULL;
    if (!json_array_size(s) && !ht) return;
    heading(o, "Summary");
    if (ht) { /* the headline the sources come closest to, with those whose headline says it */
        raw(o, o->html ? "<p class=\"headline\"><strong>" : "**");
        texts(o, ht);
        raw(o, o->html ? "</strong> <span class=\"cite\">[" : "** [");
        names(o, json_object_get(h, "articles"));
        raw(o, o->html ? "]</span></p>\n" : "]\n\n");
    }
    if (!json_array_size(s)) return;
    raw(o, o->html ? "<ol class=\"summary\">\n" : "");
    size_t i;
    json_t *x;
    json_array_foreach(s, i, x)
    {
        if (i >= MAX_ITEMS) break;
        raw(o, o->html ? "<li>" : "- ");
        texts(o, str(x, "text"));
        raw(o, o->html ? " <span class=\"cite\">[" : " [");
        names(o, json_object_get(x, "articles"));
        raw(o, o->html ? "]</span></li>\n" : "]\n");
    }
    raw(o, o->html ? "</ol>\n" : "");
}

static void timeline(out *o, json_t *doc)
{
    json_t *t = json_object_get(doc, "timeline");
    if (!json_array_size(t)) return;
    heading(o, "Timeline");
    raw(o, o->html ? "<ul class=\"timeline\">\n" : "");
    size_t i;
    json_t *x;
    json_array_foreach(t, i, x)
    {
        if (i >= MAX_ITEMS) break;
        raw(o, o->html ? "<li><span class=\"date\">" : "- **");
        texts(o, str(x, "date"));
        raw(o, o->html ? "</span> " : "**: ");
        texts(o, str(x, "what"));
        raw(o, o->html ? " <span class=\"cite\">[" : " [");
        names(o, json_object_get(x, "articles"));
        raw(o, o->html ? "]</span></li>\n" : "]\n");
    }
    raw(o, o->html ? "</ul>\n" : "");
}

/* A table: header cells, then rows of cells flattened. */
static void row_start(out *o, const char *cls)
{
    if (o->html) {
        raw(o, "<tr");
        if (cls) {
            raw(o, " class=\"");
            raw(o, cls);
            raw(o, "\"");
        }
        raw(o, ">");
    } else {
        raw(o, "|");
    }
}
static void cell_start(out *o) { raw(o, o->html ? "<td>" : " "); }
static void cell_end(out *o) { raw(o, o->html ? "</td>" : " |"); }
static void row_end(out *o) { raw(o, o->html ? "</tr>\n" : "\n"); }

static void table_head(out *o, const char *const *cols, size_t n)
{
    raw(o, o->html ? "<table><tr>" : "|");
    for (size_t i = 0; i < n; i++) {
        raw(o, o->html ? "<th>" : " ");
        raw(o, cols[i]);
        raw(o, o->html ? "</th>" : " |");
    }
    if (o->html) {
        raw(o, "</tr>\n");
        return;
    }
    raw(o, "\n|");
    for (size_t i = 0; i < n; i++) raw(o, " --- |");
    raw(o, "\n");
}

static void table_end(out *o) { raw(o, o->html ? "</table>\n" : ""); }

static void coverage(out *o, json_t *doc)
{
    json_t *c = json_object_get(doc, "coverage");
    if (!json_array_size(c)) return;
    heading(o, "Coverage");
    static const char *const cols[] = {"Outlet", "Articles", "First published", "Retold from"};
    table_head(o, cols, 4);
    size_t i;
    json_t *x;
    json_array_foreach(c, i, x)
    {
        if (i >= MAX_ITEMS) break;
        row_start(o, NULL);
        cell_start(o);
        texts(o, str(x, "outlet") ? str(x, "outlet") : str(x, "source") ? str(x, "source") : "(unknown)");
        if (json_is_true(json_object_get(x, "first"))) raw(o, " (first)");
        {
            size_t w;
            json_t *wire;
            json_array_foreach(json_object_get(x, "retold_from_wire"), w, wire)
            {
                raw(o, w ? ", " : "; retold from ");
                texts(o, json_string_value(wire) ? json_string_value(wire) : "");
            }
        }
        cell_end(o);
        cell_start(o);
        names(o, json_object_get(x, "articles"));
        cell_end(o);
        cell_start(o);
        texts(o, str(x, "first_published") ? str(x, "first_published") : "-");
        cell_end(o);
        cell_start(o);
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(x, "retold_from"), k, r)
        {
            if (k) raw(o, "; ");
            texts(o, str(r, "article"));
            raw(o, " from ");
            texts(o, str(r, "from"));
        }
        cell_end(o);
        row_end(o);
    }
    table_end(o);
}

/* A check-stage list as a table of chosen keys (flattened). Rows are
 * coloured by "agree" where the items carry it. */
/* A figure row's value with the precision its first mention gave:
 * "hundreds of thousands" stays words (never 200,000), a range stays a range,
 * "more than 19%" keeps its qualifier. Whether it wrote the cell (not for an
 * exact figure or a row without mentions). */
static bool stated_value(out *o, json_t *row)
{
    json_t *m = json_array_get(json_object_get(row, "mentions"), 0);
    const char *q = str(m, "qualifier");
    if (!q || !strcmp(q, "exact")) return false;
    cwi_buf t;
    cwi_buf_init(&t, MAX_FLAT + 64);
    if (!strcmp(q, "vague")) {
        const char *w = str(m, "text");
        if (!w) {
            cwi_buf_clean(&t);
            return false;
        }
        cwi_buf_adds(&t, w);
    } else if (!strcmp(q, "range")) {
        human_number(json_number_value(json_object_get(m, "low")), &t);
        cwi_buf_adds(&t, "\xE2\x80\x93"); /* an en dash */
        human_number(json_number_value(json_object_get(m, "high")), &t);
    } else {
        cwi_buf_adds(&t, q);
        cwi_buf_addc(&t, ' ');
        human_number(json_number_value(json_object_get(row, "value")), &t);
    }
    text(o, t.data ? t.data : "", t.len);
    cwi_buf_clean(&t);
    return true;
}

static void fact_table(out *o, json_t *doc, const char *key, const char *title, const char *const *keys,
                       const char *const *cols, size_t n)
{
    json_t *a = json_object_get(doc, key);
    if (!json_array_size(a)) return;
    heading(o, title);
    table_head(o, cols, n);
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        if (i >= MAX_ITEMS) break;
        json_t *agree = json_object_get(x, "agree");
        json_t *src = json_object_get(x, "independent_sources");
        bool single = json_is_true(json_object_get(x, "single_source"));
        const char *cls = single ? "single" : json_is_true(agree) ? (json_integer_value(src) == 1 ? "single" : "agree")
                          : json_is_false(agree) ? "conflict" : NULL;
        row_start(o, cls);
        for (size_t k = 0; k < n; k++) {
            cell_start(o);
            json_t *v = json_object_get(x, keys[k]);
            if (!strcmp(keys[k], "value") && stated_value(o, x)) {
                cell_end(o);
                continue;
            }
            /* a fact one source states neither agrees nor disagrees */
            if (!strcmp(keys[k], "agree") && single) texts(o, json_is_true(agree) ? "one source only (copies agree)" : "one source only");
            else if (v && !json_is_null(v)) flat(o, v);
            cell_end(o);
        }
        row_end(o);
    }
    table_end(o);
}

/* Where the sources differ: each difference with its sides (the value, how
 * many independent sources state it, in which articles), ranked as the check
 * stage ranked them; and what was compared, so that no row never reads as
 * "the sources agree". */
static void differences(out *o, json_t *doc)
{
    json_t *a = json_object_get(doc, "discrepancies");
    json_t *cmp = json_object_get(doc, "comparison");
    if (!json_array_size(a) && !json_is_object(cmp)) return;
    heading(o, "Where the sources differ");
    if (json_is_object(cmp)) {
        char line[256];
        long long facts = json_integer_value(json_object_get(cmp, "facts_compared"));
        long long srcs = json_integer_value(json_object_get(cmp, "independent_sources"));
        long long arts = json_integer_value(json_object_get(cmp, "articles"));
        if (!json_array_size(a))
            snprintf(line, sizeof line, "No difference found among %lld statement%s of one fact compared across %lld article%s "
                     "(%lld independent source%s).", facts, facts == 1 ? "" : "s", arts, arts == 1 ? "" : "s", srcs, srcs == 1 ? "" : "s");
        else
            snprintf(line, sizeof line, "%zu difference%s found among %lld statement%s of one fact compared across %lld article%s "
                     "(%lld independent source%s); the most consequential first.", json_array_size(a),
                     json_array_size(a) == 1 ? "" : "s", facts, facts == 1 ? "" : "s", arts, arts == 1 ? "" : "s", srcs, srcs == 1 ? "" : "s");
        raw(o, o->html ? "<p class=\"checked\">" : "");
        texts(o, line);
        raw(o, o->html ? "</p>\n" : "\n");
    }
    if (!json_array_size(a)) return;
    static const char *const cols[] = {"What", "Kind", "As each source states it"};
    table_head(o, cols, 3);
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        if (i >= MAX_ITEMS) break;
        row_start(o, "conflict");
        cell_start(o);
        texts(o, str(x, "what") ? str(x, "what") : "");
        cell_end(o);
        cell_start(o);
        texts(o, str(x, "kind") ? str(x, "kind") : "");
        cell_end(o);
        cell_start(o);
        json_t *sides = json_object_get(x, "sides");
        if (json_array_size(sides)) {
            size_t k;
            json_t *sd;
            json_array_foreach(sides, k, sd)
            {
                if (k) raw(o, o->html ? "<br>" : " / ");
                char n[96];
                long long g = json_integer_value(json_object_get(sd, "independent_sources"));
                texts(o, "\u201c");
                texts(o, str(sd, "value") ? str(sd, "value") : "");
                texts(o, "\u201d");
                if (str(sd, "date")) {
                    texts(o, " (");
                    texts(o, str(sd, "date"));
                    texts(o, ")");
                }
                snprintf(n, sizeof n, ", %lld independent source%s: ", g, g == 1 ? "" : "s");
                texts(o, n);
                names(o, json_object_get(sd, "articles"));
            }
        } else {
            flat(o, json_object_get(x, "forms"));
        }
        cell_end(o);
        row_end(o);
    }
    table_end(o);
}

static void sources(out *o, json_t *doc)
{
    json_t *arts = json_object_get(doc, "articles");
    if (!json_array_size(arts)) return;
    heading(o, "Sources");
    static const char *const cols[] = {"Article", "Outlet", "Published", "Headline"};
    table_head(o, cols, 4);
    size_t i;
    json_t *x;
    json_array_foreach(arts, i, x)
    {
        row_start(o, NULL);
        const char *v[4] = {json_is_string(x) ? json_string_value(x) : str(x, "name"), str(x, "outlet"),
                            str(x, "published"), str(x, "title")};
        for (int k = 0; k < 4; k++) {
            cell_start(o);
            texts(o, v[k] ? v[k] : "-");
            cell_end(o);
        }
        row_end(o);
    }
    table_end(o);
    json_t *g = json_object_get(doc, "independent_groups");
    if (!json_array_size(g)) return;
    if (o->html)
        raw(o, "<p>Independent sources (articles of one origin count once):</p>\n<ol>\n");
    else
        raw(o, "\nIndependent sources (articles of one origin count once):\n\n");
    json_array_foreach(g, i, x)
    {
        if (o->html) {
            raw(o, "<li>");
        } else {
            char num[24];
            snprintf(num, sizeof num, "%zu. ", i + 1);
            raw(o, num);
        }
        names(o, x);
        raw(o, o->html ? "</li>\n" : "\n");
    }
    raw(o, o->html ? "</ol>\n" : "");
}

static void render(out *o, json_t *doc)
{
    const char *title = str(doc, "title");
    size_t na = json_array_size(json_object_get(doc, "articles"));
    size_t no = json_array_size(json_object_get(doc, "outlets"));
    size_t ng = json_array_size(json_object_get(doc, "independent_groups"));
    json_t *id = json_object_get(doc, "id");
    if (o->html) {
        raw(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
               "<title>");
        texts(o, title && *title ? title : "Story");
        raw(o, "</title>\n<style>");
        raw(o, CSS);
        raw(o, "</style></head>\n<body>\n<h1>");
        texts(o, title && *title ? title : "(no headline)");
        raw(o, "</h1>\n<p class=\"meta\">");
    } else {
        raw(o, "# ");
        texts(o, title && *title ? title : "(no headline)");
        raw(o, "\n\n*");
    }
    char meta[160];
    if (json_is_integer(id)) {
        snprintf(meta, sizeof meta, "Story %lld: ", (long long)json_integer_value(id));
        raw(o, meta);
    }
    snprintf(meta, sizeof meta, "%zu article%s", na, na == 1 ? "" : "s");
    raw(o, meta);
    if (no) {
        snprintf(meta, sizeof meta, " from %zu outlet%s", no, no == 1 ? "" : "s");
        raw(o, meta);
    }
    if (ng) {
        snprintf(meta, sizeof meta, ", %zu independent source%s", ng, ng == 1 ? "" : "s");
        raw(o, meta);
    }
    const char *f = str(doc, "first_seen"), *l = str(doc, "last_seen");
    if (f) {
        raw(o, "; first seen ");
        texts(o, f);
    }
    if (l) {
        raw(o, ", last seen ");
        texts(o, l);
    }
    raw(o, o->html ? ".</p>\n" : ".*\n");
    summary(o, doc);
    timeline(o, doc);
    {
        static const char *const k[] = {"what", "value", "unit", "agree", "independent_sources", "mentions"};
        static const char *const c[] = {"What", "Value", "Unit", "Agree", "Independent sources", "As stated"};
        fact_table(o, doc, "figures", "Figures", k, c, 6);
    }
    differences(o, doc);
    {
        static const char *const k[] = {"speaker", "text", "article"};
        static const char *const c[] = {"Speaker", "Quote", "Article"};
        fact_table(o, doc, "quotes", "Quotes", k, c, 3);
    }
    {
        static const char *const k[] = {"speaker", "forms"};
        static const char *const c[] = {"Speaker", "Worded by each source"};
        fact_table(o, doc, "quote_variants", "One statement, different words", k, c, 2);
    }
    {
        static const char *const k[] = {"canonical", "variants", "articles"};
        static const char *const c[] = {"Name", "Spellings", "Articles"};
        fact_table(o, doc, "entities", "People and places", k, c, 3);
    }
    coverage(o, doc);
    sources(o, doc);
    raw(o, o->html ? "</body></html>\n" : "");
}

cw_status cwi_brief_render(const char *json, size_t len, const char *format, cwi_buf *b)
{
    if (!json || !format || !b) return CW_ERR_USAGE;
    bool html = !strcmp(format, "html");
    if (!html && strcmp(format, "md") && strcmp(format, "markdown")) return CW_ERR_USAGE;
    json_error_t err;
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return CW_ERR_INPUT;
    }
    out o = {b, html, CW_OK};
    render(&o, doc);
    json_decref(doc);
    return o.st;
}
