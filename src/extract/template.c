/*
 * template: per-outlet counts of recurring lines (see extract.h).
 *
 * Each outlet has an open-addressing table of (line hash, articles with the
 * line, serial of the last article that counted it). The serial makes a line
 * that repeats inside one article count once. A table never holds more than
 * CWI_TEMPLATE_MAX_LINES entries: when full, the entries seen in one article
 * only are dropped (they cannot be template yet), and if that frees too
 * little, new lines are not counted until it does.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/extract_int.h"

#define SLOT_BITS 20 /* iteration cursor: outlet << SLOT_BITS | slot */

typedef struct tent {
    uint64_t h; /* 0: empty */
    uint32_t count, last;
} tent;

typedef struct outlet {
    char *name;
    uint32_t articles;
    size_t n, cap; /* cap: power of two, at most 2 * CWI_TEMPLATE_MAX_LINES */
    tent *t;
} outlet;

/* An article's lines, each hashed and its words counted once for all the
 * steps below. */
typedef struct tline {
    size_t start, len;
    uint64_t h;     /* of the line as cwi_template_line_hash folds it */
    size_t words;   /* cwi_ex_words */
    bool blank;     /* only white space */
} tline;
typedef CWI_VEC(tline) tlines;

struct cwi_template {
    cwi_map *index; /* name -> position + 1 in outlets */
    CWI_VEC(outlet) outlets;
    tlines lines; /* cwi_template_learn's scratch */
};

cwi_template *cwi_template_new(void)
{
    cwi_template *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->index = cwi_map_new(16);
    if (!t->index) {
        free(t);
        return NULL;
    }
    return t;
}

void cwi_template_free(cwi_template *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->outlets.n; i++) {
        free(t->outlets.v[i].name);
        free(t->outlets.v[i].t);
    }
    CWI_VEC_FREE(t->outlets);
    CWI_VEC_FREE(t->lines);
    cwi_map_free(t->index);
    free(t);
}

uint64_t cwi_template_line_hash(const char *line, size_t n)
{
    /* fold: trim, ASCII lower case, digits to 0, white space runs to one space */
    char buf[512];
    size_t k = 0;
    uint64_t h = 0x9E3779B97F4A7C15ull;
    const char *p = line;
    size_t m = n;
    cwi_ex_trim(&p, &m);
    bool sp = false;
    for (size_t i = 0; i < m; i++) {
        char c = p[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            sp = true;
            continue;
        }
        if (sp && k) buf[k++] = ' ';
        sp = false;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        else if (c >= '0' && c <= '9') c = '0';
        buf[k++] = c;
        if (k >= sizeof buf - 2) {
            h = cwi_hash64(buf, k, h);
            k = 0;
        }
    }
    h = cwi_hash64(buf, k, h);
    return h ? h : 1;
}

static outlet *find_outlet(const cwi_template *t, const char *name)
{
    intptr_t v;
    if (!name || !cwi_map_get(t->index, name, strlen(name), &v)) return NULL;
    return &t->outlets.v[v - 1];
}

static outlet *get_outlet(cwi_template *t, const char *name)
{
    outlet *o = find_outlet(t, name);
    if (o) return o;
    if (t->outlets.n >= ((size_t)1 << (63 - SLOT_BITS))) return NULL;
    outlet no = {0};
    no.name = strdup(name);
    if (!no.name) return NULL;
    if (CWI_VEC_PUSH(t->outlets, no) != CW_OK) {
        free(no.name);
        return NULL;
    }
    if (cwi_map_put(t->index, name, strlen(name), (intptr_t)t->outlets.n) != CW_OK) {
        free(no.name);
        t->outlets.n--;
        return NULL;
    }
    return &t->outlets.v[t->outlets.n - 1];
}

static tent *slot_of(const outlet *o, uint64_t h)
{
    if (!o->cap) return NULL;
    size_t mask = o->cap - 1, i = (size_t)(h ^ (h >> 29)) & mask;
    while (o->t[i].h && o->t[i].h != h) i = (i + 1) & mask;
    return &o->t[i];
}

/* Rebuilds the table at cap entries, keeping entries with count >= keep_min. */
static cw_status rebuild(outlet *o, size_t cap, uint32_t keep_min)
{
    tent *nt = calloc(cap, sizeof *nt);
    if (!nt) return CW_ERR_NOMEM;
    outlet tmp = *o;
    tmp.t = nt;
    tmp.cap = cap;
    tmp.n = 0;
    for (size_t i = 0; i < o->cap; i++) {
        if (!o->t[i].h || o->t[i].count < keep_min) continue;
        *slot_of(&tmp, o->t[i].h) = o->t[i];
        tmp.n++;
    }
    free(o->t);
    *o = tmp;
    return CW_OK;
}

/* Room for one more entry; false when the outlet is full. */
static cw_status make_room(outlet *o, bool *room)
{
    *room = true;
    if (o->n + 1 <= o->cap / 2) return CW_OK;
    if (o->cap < 2 * (size_t)CWI_TEMPLATE_MAX_LINES) return rebuild(o, o->cap ? o->cap * 2 : 64, 0);
    /* full: forget the lines seen once */
    CWI_TRY(rebuild(o, o->cap, 2));
    *room = o->n + 1 <= o->cap / 2;
    return CW_OK;
}


static cw_status lines_of(const char *text, size_t n, tlines *out)
{
    out->n = 0;
    for (size_t i = 0; i < n;) {
        size_t start = i, m;
        const char *p;
        size_t ln = cwi_ex_next_line(text, n, &i, &p, &m);
        uint64_t h = ln ? cwi_template_line_hash(text + start, ln) : 0;
        tline l = {start, ln, h, cwi_ex_words(text + start, ln), m == 0};
        CWI_TRY(CWI_VEC_PUSH(*out, l));
    }
    return CW_OK;
}

/* Whether the text is another version of an article the outlet already ran
 * (an update, a copy under a new headline): most of its sentence-length lines
 * (eight words or more) were counted before. Such a text is not counted: its
 * lines recur because the story does, and counting them would make the story
 * the outlet's template. Template proper is mostly short lines, and the long
 * ones it has (a legal note) are few beside an article's sentences. */
static bool another_version(const outlet *o, const tlines *ls)
{
    size_t lines = 0, seen = 0;
    for (size_t i = 0; i < ls->n; i++) {
        if (ls->v[i].words < 8) continue;
        lines++;
        const tent *s = slot_of(o, ls->v[i].h);
        seen += s && s->h && s->count > 0;
    }
    return lines >= 2 && seen * 2 > lines;
}

static cw_status feed(cwi_template *t, const char *outlet_name, const tlines *ls)
{
    if (!t || !outlet_name) return CW_ERR_USAGE;
    outlet *o = get_outlet(t, outlet_name);
    if (!o) return CW_ERR_NOMEM;
    if (o->articles == UINT32_MAX) return CW_ERR_LIMIT;
    if (another_version(o, ls)) return CW_OK;
    uint32_t serial = ++o->articles;
    for (size_t i = 0; i < ls->n; i++) {
        if (ls->v[i].blank) continue;
        uint64_t h = ls->v[i].h;
        tent *s = slot_of(o, h);
        if (!s || !s->h) {
            bool room;
            CWI_TRY(make_room(o, &room));
            if (!room) continue;
            s = slot_of(o, h);
            s->h = h;
            o->n++;
        }
        if (s->last == serial) continue;
        s->last = serial;
        s->count++;
    }
    return CW_OK;
}

cw_status cwi_template_feed(cwi_template *t, const char *outlet_name, const char *text, size_t n)
{
    if (!t || !outlet_name || (!text && n)) return CW_ERR_USAGE;
    tlines ls = {0};
    cw_status st = lines_of(text, n, &ls);
    if (st == CW_OK) st = feed(t, outlet_name, &ls);
    CWI_VEC_FREE(ls);
    return st;
}

/* Whether the line with hash h is template for outlet o (may be NULL). */
static bool is_template(const outlet *o, uint64_t h)
{
    if (!o || o->articles < CWI_TEMPLATE_MIN_ARTICLES) return false;
    const tent *s = slot_of(o, h);
    return s && s->h && (double)s->count >= CWI_TEMPLATE_SHARE * (double)o->articles;
}

bool cwi_template_is_template(const cwi_template *t, const char *outlet_name, uint64_t h)
{
    return is_template(t ? find_outlet(t, outlet_name) : NULL, h);
}

static cw_status strip(const cwi_template *t, const char *outlet_name, const char *text, const tlines *ls, char **out)
{
    const outlet *o = t ? find_outlet(t, outlet_name) : NULL; /* once, not per line */
    cwi_buf b;
    cwi_buf_init(&b, 0);
    CWI_TRY(cwi_buf_add(&b, "", 0));
    for (size_t i = 0; i < ls->n; i++) {
        const tline *l = &ls->v[i];
        if (l->len && is_template(o, l->h)) continue;
        cw_status st = CW_OK;
        if (b.len) st = cwi_buf_addc(&b, '\n');
        if (st == CW_OK) st = cwi_buf_add(&b, text + l->start, l->len);
        if (st != CW_OK) {
            cwi_buf_clean(&b);
            return st;
        }
    }
    *out = cwi_buf_take(&b);
    return CW_OK;
}

cw_status cwi_template_strip(const cwi_template *t, const char *outlet_name, const char *text, size_t n, char **out)
{
    if (!text && n) return CW_ERR_USAGE;
    tlines ls = {0};
    cw_status st = lines_of(text, n, &ls);
    if (st == CW_OK) st = strip(t, outlet_name, text, &ls, out);
    CWI_VEC_FREE(ls);
    return st;
}

cw_status cwi_template_learn(cwi_template *t, const char *outlet_name, const char *text, size_t n,
                             cw_status (*on_line)(void *ud, uint64_t hash, uint32_t count), void *ud, char **out)
{
    if (!t || !outlet_name || (!text && n)) return CW_ERR_USAGE;
    tlines *ls = &t->lines;
    CWI_TRY(lines_of(text, n, ls));
    CWI_TRY(feed(t, outlet_name, ls));
    const outlet *o = find_outlet(t, outlet_name);
    for (size_t i = 0; o && on_line && i < ls->n; i++) {
        if (!ls->v[i].len) continue;
        const tent *e = slot_of(o, ls->v[i].h);
        if (e && e->h == ls->v[i].h && e->count >= 2) CWI_TRY(on_line(ud, e->h, e->count));
    }
    return strip(t, outlet_name, text, ls, out);
}

bool cwi_template_next(const cwi_template *t, size_t *it, const char **outlet_name, uint32_t *articles, uint64_t *hash,
                       uint32_t *count)
{
    if (!t) return false;
    size_t oi = *it >> SLOT_BITS, si = *it & (((size_t)1 << SLOT_BITS) - 1);
    for (; oi < t->outlets.n; oi++, si = 0) {
        const outlet *o = &t->outlets.v[oi];
        for (; si < o->cap; si++) {
            if (!o->t[si].h) continue;
            *outlet_name = o->name;
            *articles = o->articles;
            *hash = o->t[si].h;
            *count = o->t[si].count;
            *it = (oi << SLOT_BITS) | (si + 1);
            return true;
        }
    }
    *it = oi << SLOT_BITS;
    return false;
}

cw_status cwi_template_load(cwi_template *t, const char *outlet_name, uint32_t articles, uint64_t hash, uint32_t count)
{
    if (!t || !outlet_name) return CW_ERR_USAGE;
    outlet *o = get_outlet(t, outlet_name);
    if (!o) return CW_ERR_NOMEM;
    if (articles > o->articles) o->articles = articles;
    if (!hash) return CW_OK; /* the outlet's article count alone */
    tent *s = slot_of(o, hash);
    if (!s || !s->h) {
        bool room;
        CWI_TRY(make_room(o, &room));
        if (!room) return CW_ERR_LIMIT;
        s = slot_of(o, hash);
        s->h = hash;
        o->n++;
    }
    s->count = count;
    return CW_OK;
}

uint32_t cwi_template_count(const cwi_template *t, const char *outlet_name, uint64_t h, uint32_t *articles)
{
    const outlet *o = find_outlet(t, outlet_name);
    if (articles) *articles = o ? o->articles : 0;
    if (!o) return 0;
    const tent *e = slot_of(o, h);
    return e && e->h == h ? e->count : 0;
}
