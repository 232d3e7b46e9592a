/*
 * core: what every module needs: status passing, bounded buffers, growable
 * arrays, hashing and a string-keyed hash map. Library-internal (cwi_ names).
 */
#ifndef CW_CORE_CORE_H
#define CW_CORE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crosswire.h"

/* Pass a failure up unchanged. */
#define CWI_TRY(expr)                     \
    do {                                  \
        cw_status st_ = (expr);           \
        if (st_ != CW_OK) return st_;     \
    } while (0)

/* ALWAYS/NEVER: conditions that hold unless the code is wrong. Debug builds
 * stop on a violation; release builds take the recovering branch. */
#ifdef NDEBUG
#define CWI_ALWAYS(x) (x)
#define CWI_NEVER(x) (x)
#else
#include <assert.h>
#define CWI_ALWAYS(x) ((x) ? 1 : (assert(0 && #x), 0))
#define CWI_NEVER(x) ((x) ? (assert(!#x), 1) : 0)
#endif

#define CWI_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CWI_MAX(a, b) ((a) > (b) ? (a) : (b))

/* A borrowed run of bytes, not NUL-terminated. */
typedef struct cwi_slice {
    const char *p;
    size_t n;
} cwi_slice;

/* A half-open byte span [start, end) into some text. */
typedef struct cwi_span {
    uint32_t start, end;
} cwi_span;

/* printf into a new string (caller frees with free()); NULL when out of memory. */
char *cwi_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *cwi_vsprintf(const char *fmt, va_list ap);
/* A copy of n bytes plus a NUL; NULL when out of memory. */
char *cwi_strndup(const char *s, size_t n);

/* ---- Growable byte buffer with a ceiling ---------------------------------
 * The buffer refuses to grow past max (CW_ERR_LIMIT) so that hostile input
 * cannot take all memory. Its data is always NUL-terminated when non-NULL. */
typedef struct cwi_buf {
    char *data;
    size_t len, cap, max;
} cwi_buf;

void cwi_buf_init(cwi_buf *b, size_t max);       /* max 0: SIZE_MAX/2 */
void cwi_buf_clean(cwi_buf *b);                 /* frees; b can be reused after init */
cw_status cwi_buf_reserve(cwi_buf *b, size_t extra);
cw_status cwi_buf_add(cwi_buf *b, const void *p, size_t n);
cw_status cwi_buf_addc(cwi_buf *b, char c);
cw_status cwi_buf_adds(cwi_buf *b, const char *s);
cw_status cwi_buf_printf(cwi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cwi_buf_reset(cwi_buf *b);                 /* len 0, memory kept */
/* Hands the bytes to the caller (free()); the buffer is left empty. */
char *cwi_buf_take(cwi_buf *b);

/* Appends s as a JSON string literal (quotes included), escaping what JSON
 * requires and U+2028/2029. Invalid UTF-8 bytes become U+FFFD. */
cw_status cwi_buf_json_str(cwi_buf *b, const char *s, size_t n);

/* ---- Growable arrays ------------------------------------------------------ */
#define CWI_VEC(T) struct { T *v; size_t n, cap; }
/* Grows vec so that one more element fits; evaluates to a cw_status. */
#define CWI_VEC_GROW(vec) cwi_vec_grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof(*(vec).v))
#define CWI_VEC_PUSH(vec, x) \
    ((cw_status)(CWI_VEC_GROW(vec) == CW_OK ? ((vec).v[(vec).n++] = (x), CW_OK) : CW_ERR_NOMEM))
#define CWI_VEC_FREE(vec) (free((vec).v), (vec).v = NULL, (vec).n = (vec).cap = 0)
cw_status cwi_vec_grow(void **v, size_t *cap, size_t need, size_t elem);

/* ---- Hashing --------------------------------------------------------------- */
uint64_t cwi_hash64(const void *p, size_t n, uint64_t seed);

/* ---- Sorting (src/core/sort.c) --------------------------------------------
 * Ascending, keys compared inline. cwi_select_u64 leaves the k smallest of
 * v[0..n) sorted in v[0..k) (the rest in no order). cwi_sort_by_key32 sorts
 * n items of `size` bytes (at most 64) by the uint32_t at key_off, stably
 * (items with equal keys keep their order); scratch is NULL or room for n
 * items; CW_ERR_NOMEM leaves the items as they were. */
void cwi_sort_u64(uint64_t *v, size_t n);
void cwi_select_u64(uint64_t *v, size_t n, size_t k);
void cwi_sort_u32(uint32_t *v, size_t n);
cw_status cwi_sort_by_key32(void *items, size_t n, size_t size, size_t key_off, void *scratch);

/* 128-bit content hash as 32 lowercase hex digits plus NUL in out[33]. */
void cwi_hash128_hex(const void *p, size_t n, char out[33]);

/* ---- String-keyed hash map --------------------------------------------------
 * Keys are copied in; values are pointer-sized integers or pointers the caller
 * owns. Open addressing, grows at 70% load. */
typedef struct cwi_map cwi_map;
cwi_map *cwi_map_new(size_t hint);
void cwi_map_free(cwi_map *m);                   /* NULL is a no-op */
size_t cwi_map_count(const cwi_map *m);
/* Finds key; returns true and sets *val (may be NULL) when present. */
bool cwi_map_get(const cwi_map *m, const char *key, size_t klen, intptr_t *val);
/* Inserts or replaces. */
cw_status cwi_map_put(cwi_map *m, const char *key, size_t klen, intptr_t val);
/* Returns a pointer to the value slot of key, inserting it with 0 when absent
 * (*fresh tells which); NULL when out of memory. The pointer is valid until
 * the next insertion. */
intptr_t *cwi_map_slot(cwi_map *m, const char *key, size_t klen, bool *fresh);
/* Iteration: i from 0 while cwi_map_next returns true. */
bool cwi_map_next(const cwi_map *m, size_t *i, const char **key, size_t *klen, intptr_t *val);

/* ---- Hex digits -------------------------------------------------------------
 * The value (0 to 15) of one hex digit, either case; -1 for any other byte. */
static inline int cwi_hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* ---- Time ------------------------------------------------------------------- */
double cwi_now(void); /* monotonic seconds */

#endif
