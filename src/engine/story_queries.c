/*
 * The public queries over stories: cw_stories (one JSON line a story),
 * cw_story (a story's articles, independent groups and relations) and
 * cw_related (an article's relations with their evidence). They read the
 * store only; the state of src/engine/stories.c is opened for its store.
 */
#include <stdlib.h>
#include <string.h>

#include "core/unionfind.h"
#include "dedup/dedup.h"
#include "engine/engine.h"
#include "engine/stories.h"
#include "store/store_stories.h"

static const char *kind_name(int k)
{
    return k == CWI_REL_EXACT ? "exact" : k == CWI_REL_NEAR ? "near" : k == CWI_REL_ORIGIN ? "origin" : "none";
}

static cw_status queries_ready(cw_engine *e)
{
    if (!e) return CW_ERR_USAGE;
    e->err[0] = 0;
    cw_status st = cwi_stories_open(e);
    if (st != CW_OK) return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    return CW_OK;
}

typedef CWI_VEC(char *) strvec;

static void strvec_free(strvec *v)
{
    for (size_t i = 0; i < v->n; i++) free(v->v[i]);
    CWI_VEC_FREE(*v);
}

/* One story gathered from its article rows. */
typedef struct gather {
    int64_t story;
    cwi_buf names;     /* JSON array items, names or objects */
    strvec outlets;
    char *title, *first, *last;
    size_t size;
    CWI_VEC(int64_t) ids;
    strvec plain; /* names, for the groups */
    bool full;    /* article objects rather than names */
} gather;

static void gather_reset(gather *g)
{
    cwi_buf_reset(&g->names);
    strvec_free(&g->outlets);
    strvec_free(&g->plain);
    free(g->title);
    free(g->first);
    free(g->last);
    g->title = g->first = g->last = NULL;
    g->size = 0;
    g->ids.n = 0;
}

static void gather_clean(gather *g)
{
    gather_reset(g);
    cwi_buf_clean(&g->names);
    CWI_VEC_FREE(g->ids);
}

static cw_status keep_str(char **dst, const char *v)
{
    char *d = strdup(v);
    if (!d) return CW_ERR_NOMEM;
    free(*dst);
    *dst = d;
    return CW_OK;
}

static cw_status gather_add(gather *g, const cwi_article *a)
{
    if (g->size) CWI_TRY(cwi_buf_addc(&g->names, ','));
    if (g->full) {
        CWI_TRY(cwi_buf_addc(&g->names, '{'));
        CWI_TRY(cwi_json_kv_str(&g->names, "name", a->name, false));
        CWI_TRY(cwi_json_kv_str(&g->names, "title", a->title, true));
        CWI_TRY(cwi_json_kv_str(&g->names, "outlet", a->outlet, true));
        CWI_TRY(cwi_json_kv_str(&g->names, "published", a->published, true));
        CWI_TRY(cwi_buf_addc(&g->names, '}'));
    } else {
        CWI_TRY(cwi_buf_json_str(&g->names, a->name, strlen(a->name)));
    }
    g->size++;
    CWI_TRY(CWI_VEC_PUSH(g->ids, a->id));
    char *nm = strdup(a->name);
    if (!nm) return CW_ERR_NOMEM;
    if (CWI_VEC_PUSH(g->plain, nm) != CW_OK) {
        free(nm);
        return CW_ERR_NOMEM;
    }
    if (!g->title && a->title && *a->title) CWI_TRY(keep_str(&g->title, a->title));
    if (a->published && *a->published) {
        if (!g->first || strcmp(a->published, g->first) < 0) CWI_TRY(keep_str(&g->first, a->published));
        if (!g->last || strcmp(a->published, g->last) > 0) CWI_TRY(keep_str(&g->last, a->published));
    }
    if (a->outlet && *a->outlet) {
        bool have = false;
        for (size_t i = 0; i < g->outlets.n && !have; i++) have = !strcmp(g->outlets.v[i], a->outlet);
        if (!have) {
            char *o = strdup(a->outlet);
            if (!o) return CW_ERR_NOMEM;
            if (CWI_VEC_PUSH(g->outlets, o) != CW_OK) {
                free(o);
                return CW_ERR_NOMEM;
            }
        }
    }
    return CW_OK;
}

/* {id, title, size, articles, outlets, first_seen, last_seen  -- without the closing brace */
static cw_status gather_json(const gather *g, cwi_buf *b)
{
    CWI_TRY(cwi_buf_addc(b, '{'));
    CWI_TRY(cwi_json_kv_int(b, "id", g->story, false));
    CWI_TRY(cwi_json_kv_str(b, "title", g->title, true));
    CWI_TRY(cwi_json_kv_int(b, "size", (int64_t)g->size, true));
    CWI_TRY(cwi_buf_adds(b, ",\"articles\":["));
    CWI_TRY(cwi_buf_add(b, g->names.data ? g->names.data : "", g->names.len));
    CWI_TRY(cwi_buf_adds(b, "],\"outlets\":["));
    for (size_t i = 0; i < g->outlets.n; i++) {
        if (i) CWI_TRY(cwi_buf_addc(b, ','));
        CWI_TRY(cwi_buf_json_str(b, g->outlets.v[i], strlen(g->outlets.v[i])));
    }
    CWI_TRY(cwi_buf_addc(b, ']'));
    CWI_TRY(cwi_json_kv_str(b, "first_seen", g->first, true));
    return cwi_json_kv_str(b, "last_seen", g->last, true);
}

typedef struct list_ctx {
    gather g;
    cw_line_fn fn;
    void *ud;
    cwi_buf line;
    cw_status st;
    bool stopped;
} list_ctx;

static int flush_story(list_ctx *c)
{
    if (!c->g.size) return 0;
    cwi_buf_reset(&c->line);
    if ((c->st = gather_json(&c->g, &c->line)) != CW_OK || (c->st = cwi_buf_addc(&c->line, '}')) != CW_OK) return 1;
    if (c->fn(c->ud, c->line.data, c->line.len)) return c->stopped = true, 1;
    gather_reset(&c->g);
    return 0;
}

static int list_row(void *ud, const cwi_article *a)
{
    list_ctx *c = ud;
    if (a->story != c->g.story && flush_story(c)) return 1;
    c->g.story = a->story;
    if ((c->st = gather_add(&c->g, a)) != CW_OK) return 1;
    return 0;
}

cw_status cw_stories(cw_engine *e, cw_line_fn fn, void *ud)
{
    if (!fn) return CW_ERR_USAGE;
    CWI_TRY(queries_ready(e));
    list_ctx c = {.fn = fn, .ud = ud};
    cwi_buf_init(&c.g.names, 0);
    cwi_buf_init(&c.line, 0);
    cw_status st = cwi_sstore_story_articles(cwi_stories_sstore(e->stories), 0, list_row, &c);
    if (st == CW_OK && c.st == CW_OK && !c.stopped) flush_story(&c);
    gather_clean(&c.g);
    cwi_buf_clean(&c.line);
    if (st != CW_OK) return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    return c.st;
}

/* Union-find over the articles of a story. */
typedef struct groups_ctx {
    gather *g;
    size_t *parent;
    cwi_buf *rels;
    cw_status st;
} groups_ctx;

static size_t index_of(const gather *g, int64_t id)
{
    size_t lo = 0, hi = g->ids.n; /* ids are in ascending order */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->ids.v[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->ids.n && g->ids.v[lo] == id ? lo : SIZE_MAX;
}

static int group_rel(void *ud, int64_t a, int64_t b, int kind, double score, const void *ev, size_t ev_n)
{
    groups_ctx *c = ud;
    size_t i = index_of(c->g, a), j = index_of(c->g, b);
    if (i == SIZE_MAX || j == SIZE_MAX) return 0;
    cwi_uf_union(c->parent, i, j);
    if (c->rels->len > 1 && (c->st = cwi_buf_addc(c->rels, ',')) != CW_OK) return 1;
    if ((c->st = cwi_buf_adds(c->rels, "{")) != CW_OK ||
        (c->st = cwi_json_kv_str(c->rels, "a", c->g->plain.v[i], false)) != CW_OK ||
        (c->st = cwi_json_kv_str(c->rels, "b", c->g->plain.v[j], true)) != CW_OK ||
        (c->st = cwi_json_kv_str(c->rels, "kind", kind_name(kind), true)) != CW_OK ||
        (c->st = cwi_buf_addc(c->rels, '}')) != CW_OK)
        return 1;
    return 0;
}

static int story_row(void *ud, const cwi_article *a)
{
    gather *g = ud;
    return gather_add(g, a) != CW_OK;
}

cw_status cw_story(cw_engine *e, int64_t id, char **json)
{
    if (!json) return CW_ERR_USAGE;
    CWI_TRY(queries_ready(e));
    cwi_sstore *ss = cwi_stories_sstore(e->stories);
    int64_t live = 0;
    cw_status st = cwi_sstore_resolve(ss, id, &live);
    if (st != CW_OK) return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    gather g = {.story = live, .full = true};
    cwi_buf_init(&g.names, 0);
    cwi_buf b, rels;
    cwi_buf_init(&b, 0);
    cwi_buf_init(&rels, 0);
    size_t *parent = NULL;
    if ((st = cwi_sstore_story_articles(ss, live, story_row, &g)) != CW_OK) goto out;
    if (!g.size) {
        st = cwi_engine_fail(e, CW_ERR_NOTFOUND, "story %lld has no articles", (long long)id);
        goto out;
    }
    if (!(parent = malloc(g.size * sizeof *parent))) {
        st = CW_ERR_NOMEM;
        goto out;
    }
    cwi_uf_init(parent, g.size);
    groups_ctx gc = {&g, parent, &rels, CW_OK};
    if ((st = cwi_buf_addc(&rels, '[')) != CW_OK) goto out;
    if ((st = cwi_sstore_relations(ss, 0, live, group_rel, &gc)) != CW_OK || (st = gc.st) != CW_OK) goto out;
    if ((st = cwi_buf_addc(&rels, ']')) != CW_OK) goto out;
    if ((st = gather_json(&g, &b)) != CW_OK) goto out;
    if ((st = cwi_buf_adds(&b, ",\"independent_groups\":[")) != CW_OK) goto out;
    bool first_group = true;
    for (size_t r = 0; r < g.size; r++) {
        if (cwi_uf_find(parent, r) != r) continue;
        if ((st = cwi_buf_adds(&b, first_group ? "[" : ",[")) != CW_OK) goto out;
        first_group = false;
        bool first = true;
        for (size_t i = r; i < g.size; i++) {
            if (cwi_uf_find(parent, i) != r) continue;
            if (!first && (st = cwi_buf_addc(&b, ',')) != CW_OK) goto out;
            first = false;
            if ((st = cwi_buf_json_str(&b, g.plain.v[i], strlen(g.plain.v[i]))) != CW_OK) goto out;
        }
        if ((st = cwi_buf_addc(&b, ']')) != CW_OK) goto out;
    }
    if ((st = cwi_buf_adds(&b, "],\"relations\":")) != CW_OK || (st = cwi_buf_add(&b, rels.data, rels.len)) != CW_OK ||
        (st = cwi_buf_addc(&b, '}')) != CW_OK)
        goto out;
    *json = cwi_buf_take(&b);
out:
    if (st != CW_OK && st != CW_ERR_NOTFOUND) cwi_engine_fail(e, st, "%s", st == CW_ERR_STORE ? cwi_store_error(e->store) : cw_status_str(st));
    free(parent);
    gather_clean(&g);
    cwi_buf_clean(&b);
    cwi_buf_clean(&rels);
    return st;
}

/* ---- cw_related ---- */

typedef struct art_copy {
    int64_t id, story;
    char *name, *text;
    size_t text_len;
} art_copy;

static int copy_article(void *ud, const cwi_article *a)
{
    art_copy *c = ud;
    c->id = a->id;
    c->story = a->story;
    c->name = strdup(a->name ? a->name : "");
    c->text = cwi_strndup(a->text ? a->text : "", a->text_len);
    c->text_len = a->text_len;
    return 0;
}

typedef struct rel_ctx {
    cw_engine *e;
    art_copy self;
    cwi_buf *b;
    bool any;
    cw_status st;
} rel_ctx;

static int related_row(void *ud, int64_t a, int64_t b, int kind, double score, const void *ev, size_t ev_n)
{
    rel_ctx *c = ud;
    bool self_a = a == c->self.id;
    int64_t other_id = self_a ? b : a;
    art_copy o = {0};
    cw_status st = cwi_sstore_article(cwi_stories_sstore(c->e->stories), other_id, copy_article, &o);
    if (st != CW_OK || !o.name || !o.text) {
        free(o.name);
        free(o.text);
        if (st == CW_ERR_NOTFOUND) return 0;
        c->st = st != CW_OK ? st : CW_ERR_NOMEM;
        return 1;
    }
    cwi_buf *x = c->b;
#define T(expr)                                  \
    if ((st = (expr)) != CW_OK) goto done
    T(cwi_buf_adds(x, c->any ? ",{" : "{"));
    c->any = true;
    T(cwi_json_kv_str(x, "name", o.name, false));
    T(cwi_json_kv_str(x, "kind", kind_name(kind), true));
    T(cwi_buf_printf(x, ",\"score\":%.3f,\"evidence\":[", score));
    uint32_t spans[CWI_EVIDENCE_MAX][4];
    size_t n_spans = cwi_evidence_unpack(ev, ev_n, spans, CWI_EVIDENCE_MAX);
    bool first = true;
    for (size_t i = 0; i < n_spans; i++) {
        const uint32_t *v = spans[i];
        uint32_t ms = self_a ? v[0] : v[2], me = self_a ? v[1] : v[3];
        uint32_t os = self_a ? v[2] : v[0], oe = self_a ? v[3] : v[1];
        if (me > c->self.text_len || ms > me || oe > o.text_len || os > oe) continue;
        T(cwi_buf_adds(x, first ? "{\"text\":" : ",{\"text\":"));
        first = false;
        T(cwi_buf_json_str(x, c->self.text + ms, me - ms));
        T(cwi_buf_printf(x, ",\"start\":%u,\"end\":%u,\"other_text\":", ms, me));
        T(cwi_buf_json_str(x, o.text + os, oe - os));
        T(cwi_buf_printf(x, ",\"other_start\":%u,\"other_end\":%u}", os, oe));
    }
    T(cwi_buf_adds(x, "]}"));
#undef T
done:
    free(o.name);
    free(o.text);
    c->st = st;
    return st != CW_OK;
}

cw_status cw_related(cw_engine *e, const char *name, char **json)
{
    if (!name || !json) return CW_ERR_USAGE;
    CWI_TRY(queries_ready(e));
    cwi_buf b;
    cwi_buf_init(&b, 0);
    rel_ctx c = {.e = e, .b = &b};
    cw_status st = cwi_store_article_by_name(e->store, name, copy_article, &c.self);
    if (st != CW_OK) {
        free(c.self.name);
        free(c.self.text);
        return cwi_engine_fail(e, st, "%s", cwi_store_error(e->store));
    }
    if (!c.self.name || !c.self.text) {
        st = CW_ERR_NOMEM;
        goto out;
    }
    int64_t live = 0;
    cwi_sstore *ss = cwi_stories_sstore(e->stories);
    if (c.self.story && cwi_sstore_resolve(ss, c.self.story, &live) != CW_OK) live = c.self.story;
    if ((st = cwi_buf_addc(&b, '{')) != CW_OK || (st = cwi_json_kv_str(&b, "name", c.self.name, false)) != CW_OK)
        goto out;
    st = live ? cwi_json_kv_int(&b, "story", live, true) : cwi_buf_adds(&b, ",\"story\":null");
    if (st != CW_OK || (st = cwi_buf_adds(&b, ",\"related\":[")) != CW_OK) goto out;
    if ((st = cwi_sstore_relations(ss, c.self.id, 0, related_row, &c)) != CW_OK || (st = c.st) != CW_OK)
        goto out;
    if ((st = cwi_buf_adds(&b, "]}")) != CW_OK) goto out;
    *json = cwi_buf_take(&b);
out:
    if (st != CW_OK) cwi_engine_fail(e, st, "%s", st == CW_ERR_STORE ? cwi_store_error(e->store) : cw_status_str(st));
    free(c.self.name);
    free(c.self.text);
    cwi_buf_clean(&b);
    return st;
}
