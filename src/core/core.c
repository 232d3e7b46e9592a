#include "core/core.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

const char *cw_status_str(cw_status st)
{
    switch (st) {
    case CW_OK: return "ok";
    case CW_ERR_NOMEM: return "out of memory";
    case CW_ERR_IO: return "i/o error";
    case CW_ERR_INPUT: return "input error";
    case CW_ERR_USAGE: return "usage error";
    case CW_ERR_STORE: return "store error";
    case CW_ERR_NOTFOUND: return "not found";
    case CW_ERR_LIMIT: return "limit reached";
    }
    return "unknown status";
}

void cw_free(void *p) { free(p); }

char *cwi_vsprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *cwi_sprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = cwi_vsprintf(fmt, ap);
    va_end(ap);
    return s;
}

char *cwi_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* ---- buffers ---- */

void cwi_buf_init(cwi_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void cwi_buf_clean(cwi_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void cwi_buf_reset(cwi_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

cw_status cwi_buf_reserve(cwi_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra) return CW_ERR_LIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return CW_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = realloc(b->data, cap);
    if (!d) return CW_ERR_NOMEM;
    b->data = d;
    b->cap = cap;
    b->data[b->len] = 0; /* data is NUL-terminated from its first byte on */
    return CW_OK;
}

cw_status cwi_buf_add(cwi_buf *b, const void *p, size_t n)
{
    CWI_TRY(cwi_buf_reserve(b, n));
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return CW_OK;
}

cw_status cwi_buf_addc(cwi_buf *b, char c) { return cwi_buf_add(b, &c, 1); }
cw_status cwi_buf_adds(cwi_buf *b, const char *s) { return cwi_buf_add(b, s, strlen(s)); }

cw_status cwi_buf_printf(cwi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    cw_status st = n < 0 ? CW_ERR_USAGE : cwi_buf_reserve(b, (size_t)n);
    if (st == CW_OK) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
    return st;
}

char *cwi_buf_take(cwi_buf *b)
{
    char *d = b->data;
    if (!d) d = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

cw_status cwi_buf_json_str(cwi_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    CWI_TRY(cwi_buf_reserve(b, n + 2));
    CWI_TRY(cwi_buf_addc(b, '"'));
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            run++;
            continue;
        }
        CWI_TRY(cwi_buf_add(b, p + i - run, run));
        run = 0;
        if (c < 0x80) {
            char esc[7];
            switch (c) {
            case '"': CWI_TRY(cwi_buf_add(b, "\\\"", 2)); break;
            case '\\': CWI_TRY(cwi_buf_add(b, "\\\\", 2)); break;
            case '\n': CWI_TRY(cwi_buf_add(b, "\\n", 2)); break;
            case '\t': CWI_TRY(cwi_buf_add(b, "\\t", 2)); break;
            case '\r': CWI_TRY(cwi_buf_add(b, "\\r", 2)); break;
            default:
                esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
                esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
                CWI_TRY(cwi_buf_add(b, esc, 6));
            }
            i++;
            continue;
        }
        int k = cwi_utf8_seq((const char *)p + i, n - i);
        if (k <= 0) {
            CWI_TRY(cwi_buf_add(b, "\xEF\xBF\xBD", 3));
            i++;
        } else if (k == 3 && p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
            CWI_TRY(cwi_buf_add(b, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6));
            i += 3;
        } else {
            CWI_TRY(cwi_buf_add(b, p + i, (size_t)k));
            i += (size_t)k;
        }
    }
    CWI_TRY(cwi_buf_add(b, p + i - run, run));
    return cwi_buf_addc(b, '"');
}

/* ---- vectors ---- */

cw_status cwi_vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return CW_OK;
    size_t c = *cap ? *cap : 8;
    while (c < need) c *= 2;
    if (c > SIZE_MAX / elem) return CW_ERR_NOMEM;
    void *p = realloc(*v, c * elem);
    if (!p) return CW_ERR_NOMEM;
    *v = p;
    *cap = c;
    return CW_OK;
}

/* ---- hashing ---- */

uint64_t cwi_hash64(const void *p, size_t n, uint64_t seed) { return XXH3_64bits_withSeed(p, n, seed); }

void cwi_hash128_hex(const void *p, size_t n, char out[33])
{
    XXH128_hash_t h = XXH3_128bits(p, n);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* ---- map ---- */

typedef struct map_ent {
    char *key; /* NULL: empty */
    size_t klen;
    uint64_t h;
    intptr_t val;
} map_ent;

struct cwi_map {
    map_ent *t;
    size_t cap, n;
};

cwi_map *cwi_map_new(size_t hint)
{
    cwi_map *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    size_t cap = 16;
    while (cap < hint * 2) cap *= 2;
    m->t = calloc(cap, sizeof *m->t);
    if (!m->t) {
        free(m);
        return NULL;
    }
    m->cap = cap;
    return m;
}

void cwi_map_free(cwi_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->t[i].key);
    free(m->t);
    free(m);
}

size_t cwi_map_count(const cwi_map *m) { return m->n; }

static size_t map_find(const map_ent *t, size_t cap, const char *key, size_t klen, uint64_t h)
{
    size_t i = h & (cap - 1);
    while (t[i].key && !(t[i].h == h && t[i].klen == klen && memcmp(t[i].key, key, klen) == 0))
        i = (i + 1) & (cap - 1);
    return i;
}

static cw_status map_grow(cwi_map *m)
{
    size_t cap = m->cap * 2;
    map_ent *t = calloc(cap, sizeof *t);
    if (!t) return CW_ERR_NOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->t[i].key) t[map_find(t, cap, m->t[i].key, m->t[i].klen, m->t[i].h)] = m->t[i];
    free(m->t);
    m->t = t;
    m->cap = cap;
    return CW_OK;
}

bool cwi_map_get(const cwi_map *m, const char *key, size_t klen, intptr_t *val)
{
    size_t i = map_find(m->t, m->cap, key, klen, cwi_hash64(key, klen, 0));
    if (!m->t[i].key) return false;
    if (val) *val = m->t[i].val;
    return true;
}

intptr_t *cwi_map_slot(cwi_map *m, const char *key, size_t klen, bool *fresh)
{
    if ((m->n + 1) * 10 > m->cap * 7 && map_grow(m) != CW_OK) return NULL;
    uint64_t h = cwi_hash64(key, klen, 0);
    size_t i = map_find(m->t, m->cap, key, klen, h);
    if (fresh) *fresh = !m->t[i].key;
    if (!m->t[i].key) {
        char *k = cwi_strndup(key, klen);
        if (!k) return NULL;
        m->t[i] = (map_ent){k, klen, h, 0};
        m->n++;
    }
    return &m->t[i].val;
}

cw_status cwi_map_put(cwi_map *m, const char *key, size_t klen, intptr_t val)
{
    intptr_t *slot = cwi_map_slot(m, key, klen, NULL);
    if (!slot) return CW_ERR_NOMEM;
    *slot = val;
    return CW_OK;
}

bool cwi_map_next(const cwi_map *m, size_t *i, const char **key, size_t *klen, intptr_t *val)
{
    while (*i < m->cap) {
        const map_ent *e = &m->t[(*i)++];
        if (e->key) {
            if (key) *key = e->key;
            if (klen) *klen = e->klen;
            if (val) *val = e->val;
            return true;
        }
    }
    return false;
}

double cwi_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
