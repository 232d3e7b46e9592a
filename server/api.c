/*
 * api.c: the JSON API under /api/, on the public interface only.
 *
 *   /api/stories?q=WORDS&sort=size|recent&limit=N   {"stories": [...], "total": N}
 *   /api/story/ID?words=N                           the story's brief (cw_story_brief, JSON)
 *   /api/article/NAME                               one article (cw_article)
 *   /api/search?q=WORDS&limit=N                     {"results": [...]}
 *   /api/related/NAME                               duplicates and shared origin (cw_related)
 *
 * Every reply is JSON; failures are {"error": "...", "status": N}.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crosswire.h"
#include "server/server_int.h"

#define LIST_DEFAULT 200
#define LIST_MAX 2000
#define SEARCH_MAX 500
#define SEARCH_LIMIT 200
#define MAX_QUERY 512

static void reply_json(cws_reply *r, json_t *doc)
{
    char *s = json_dumps(doc, JSON_COMPACT);
    if (!s) {
        cws_error(r, 500, "out of memory");
        return;
    }
    r->status = 200;
    r->body = s;
    r->len = strlen(s);
    r->type = "application/json";
}

/* Takes a library-made document (cw_free) as the reply body. */
static void reply_text(cws_reply *r, char *json)
{
    r->body = strdup(json);
    cw_free(json);
    if (!r->body) {
        cws_error(r, 500, "out of memory");
        return;
    }
    r->status = 200;
    r->len = strlen(r->body);
    r->type = "application/json";
}

static void reply_status(cws_reply *r, cw_engine *e, cw_status st, const char *what)
{
    if (st == CW_ERR_NOTFOUND) {
        cws_error(r, 404, what);
        return;
    }
    if (st == CW_ERR_USAGE || st == CW_ERR_INPUT || st == CW_ERR_LIMIT) {
        cws_error(r, 400, *cw_engine_error(e) ? cw_engine_error(e) : cw_status_str(st));
        return;
    }
    cws_error(r, 500, cw_status_str(st));
}

/* The query-string arguments of one request, and its reply for refusals. */
typedef struct args {
    cws_arg_fn get;
    cws_unknown_fn unknown;
    void *ud;
    cws_reply *r;
} args;

static bool is_valid_utf8(const char *s);

/* False, with a 400 naming it, when the request has an argument that route
 * does not take (known: NULL-terminated; usage: what it takes). */
static bool only_known(args *a, const char *route, const char *const *known, const char *usage)
{
    const char *k = a->unknown(a->ud, known);
    if (!k) return true;
    char msg[256];
    if (is_valid_utf8(k) && strlen(k) <= 64)
        snprintf(msg, sizeof msg, "%s takes no argument \"%s\" (%s)", route, k, usage);
    else
        snprintf(msg, sizeof msg, "%s takes no such argument (%s)", route, usage);
    cws_error(a->r, 400, msg);
    return false;
}

/* A whole-number argument key from 1 to max into *out; dflt when absent.
 * Anything else (empty, signed, not a number, 0, over max) is a 400 that
 * says what is wanted, and false. */
static bool arg_number(args *a, const char *key, unsigned dflt, unsigned max, unsigned *out)
{
    const char *s = a->get(a->ud, key);
    if (!s) {
        *out = dflt;
        return true;
    }
    unsigned long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && v <= max) v = v * 10 + (unsigned long)(*p++ - '0');
    if (p == s || *p || v < 1 || v > max) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s must be a whole number from 1 to %u", key, max);
        cws_error(a->r, 400, msg);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

/* A search query argument q: NULL when absent; false with a 400 when it is
 * too long or not UTF-8. */
static bool arg_query(args *a, const char **q)
{
    *q = a->get(a->ud, "q");
    if (!*q) return true;
    if (strlen(*q) > MAX_QUERY) {
        cws_error(a->r, 400, "q is too long (at most 512 bytes)");
        return false;
    }
    if (!is_valid_utf8(*q)) {
        cws_error(a->r, 400, "q is not UTF-8");
        return false;
    }
    return true;
}

/* ---- /api/stories ---- */

static int collect(void *ud, const char *json, size_t len)
{
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!o) return 0; /* a row the server cannot read is skipped, not fatal */
    if (json_array_append_new(ud, o)) return 1;
    return 0;
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int by_size(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t sa = json_integer_value(json_object_get(a, "size")), sb = json_integer_value(json_object_get(b, "size"));
    if (sa != sb) return sa > sb ? -1 : 1;
    int c = strcmp(jstr(b, "last_seen"), jstr(a, "last_seen"));
    if (c) return c;
    json_int_t ia = json_integer_value(json_object_get(a, "id")), ib = json_integer_value(json_object_get(b, "id"));
    return ia < ib ? -1 : ia > ib;
}

/* Newest first; stories without dates go last, newest id first among them. */
static int by_recent(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    int c = strcmp(jstr(b, "last_seen"), jstr(a, "last_seen"));
    if (c) return c;
    json_int_t ia = json_integer_value(json_object_get(a, "id")), ib = json_integer_value(json_object_get(b, "id"));
    return ia > ib ? -1 : ia < ib;
}

typedef struct hits {
    json_t *names; /* object used as a set of article names */
} hits;

static int add_hit(void *ud, const char *json, size_t len)
{
    hits *h = ud;
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!o) return 0;
    const char *n = jstr(o, "name");
    if (*n) json_object_set_new(h->names, n, json_true());
    json_decref(o);
    return 0;
}

static bool story_matches(json_t *story, const char *q, json_t *names)
{
    if (strcasestr(jstr(story, "title"), q)) return true;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(story, "articles"), i, v)
    {
        const char *n = json_string_value(v);
        if (n && json_object_get(names, n)) return true;
    }
    json_array_foreach(json_object_get(story, "outlets"), i, v)
    {
        const char *n = json_string_value(v);
        if (n && strcasestr(n, q)) return true;
    }
    return false;
}

static void api_stories(cw_engine *e, args *a, cws_reply *r)
{
    static const char *const known[] = {"q", "sort", "limit", NULL};
    const char *q, *sort = a->get(a->ud, "sort");
    unsigned limit;
    if (!only_known(a, "stories", known, "q=WORDS, sort=size|recent, limit=N") || !arg_query(a, &q) ||
        !arg_number(a, "limit", LIST_DEFAULT, LIST_MAX, &limit))
        return;
    if (sort && *sort && strcmp(sort, "size") && strcmp(sort, "recent")) {
        cws_error(r, 400, "sort must be size or recent");
        return;
    }
    json_t *all = json_array();
    hits h = {json_object()};
    if (!all || !h.names) goto nomem;
    cw_status st = cw_stories(e, collect, all);
    if (st != CW_OK) {
        reply_status(r, e, st, "stories");
        goto out;
    }
    bool filter = q && *q;
    if (filter) {
        st = cw_search(e, q, SEARCH_MAX, add_hit, &h);
        if (st != CW_OK && st != CW_ERR_INPUT && st != CW_ERR_USAGE) {
            reply_status(r, e, st, "search");
            goto out;
        }
    }
    size_t n = json_array_size(all), m = 0;
    json_t **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) goto nomem;
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(all, i);
        if (!filter || story_matches(s, q, h.names)) v[m++] = s;
    }
    qsort(v, m, sizeof *v, sort && !strcmp(sort, "recent") ? by_recent : by_size);
    json_t *out = json_array();
    for (size_t i = 0; out && i < m && i < limit; i++) json_array_append(out, v[i]);
    free(v);
    json_t *doc = out ? json_pack("{s:o,s:I}", "stories", out, "total", (json_int_t)m) : NULL;
    if (!doc) goto nomem;
    reply_json(r, doc);
    json_decref(doc);
out:
    json_decref(all);
    json_decref(h.names);
    return;
nomem:
    cws_error(r, 500, "out of memory");
    goto out;
}

/* ---- /api/search ---- */

static void api_search(cw_engine *e, args *a, cws_reply *r)
{
    static const char *const known[] = {"q", "limit", NULL};
    const char *q;
    unsigned limit;
    if (!only_known(a, "search", known, "q=WORDS, limit=N") || !arg_query(a, &q) ||
        !arg_number(a, "limit", 20, SEARCH_LIMIT, &limit))
        return;
    if (!q || !*q) {
        cws_error(r, 400, "search needs q=WORDS");
        return;
    }
    json_t *res = json_array();
    if (!res) {
        cws_error(r, 500, "out of memory");
        return;
    }
    cw_status st = cw_search(e, q, limit, collect, res);
    if (st != CW_OK) {
        json_decref(res);
        reply_status(r, e, st, "search");
        return;
    }
    json_t *doc = json_pack("{s:o}", "results", res);
    if (!doc) {
        cws_error(r, 500, "out of memory");
        return;
    }
    reply_json(r, doc);
    json_decref(doc);
}

/* ---- dispatch ---- */

static bool is_valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0 || (n == 1 && *p < 0xc2)) return false;
        p++;
        for (int k = 0; k < n; k++, p++)
            if ((*p & 0xc0) != 0x80) return false;
    }
    return true;
}

void cws_api(cw_engine *e, const char *path, cws_arg_fn arg, cws_unknown_fn unknown, void *ud, cws_reply *r)
{
    static const char *const none[] = {NULL};
    static const char *const words_only[] = {"words", NULL};
    args a = {arg, unknown, ud, r};
    const char *rest = path + 5; /* after "/api/" */
    char *json = NULL;
    cw_status st;
    if (!is_valid_utf8(path)) {
        cws_error(r, 400, "the path is not UTF-8");
        return;
    }
    if (!strcmp(rest, "stories")) {
        api_stories(e, &a, r);
    } else if (!strcmp(rest, "search")) {
        api_search(e, &a, r);
    } else if (!strncmp(rest, "story/", 6)) {
        char *end = NULL;
        long long id = strtoll(rest + 6, &end, 10);
        if (!rest[6]) {
            cws_error(r, 404, "no such API route");
            return;
        }
        if (!end || *end || id <= 0) {
            cws_error(r, 400, "a story id is a positive number");
            return;
        }
        unsigned words;
        if (!only_known(&a, "story", words_only, "words=N") || !arg_number(&a, "words", 0, CW_BRIEF_MAX_WORDS, &words))
            return;
        if ((st = cw_story_brief(e, (int64_t)id, "json", words, &json)) != CW_OK)
            return reply_status(r, e, st, "no such story");
        reply_text(r, json);
    } else if (!strncmp(rest, "article/", 8) && rest[8]) {
        if (!only_known(&a, "article", none, "it takes no arguments")) return;
        if ((st = cw_article(e, rest + 8, &json)) != CW_OK) return reply_status(r, e, st, "no such article");
        reply_text(r, json);
    } else if (!strncmp(rest, "related/", 8) && rest[8]) {
        if (!only_known(&a, "related", none, "it takes no arguments")) return;
        if ((st = cw_related(e, rest + 8, &json)) != CW_OK) return reply_status(r, e, st, "no such article");
        reply_text(r, json);
    } else {
        cws_error(r, 404, "no such API route");
    }
}
