/*
 * core: a table from 64-bit keys to two 32-bit values (a, b), for the
 * large indexes of the relating and clustering stages (sketch bands,
 * sentence hashes, terms, story ids). Open addressing with linear probing;
 * key 0 marks an empty entry, so callers map their own 0 to another key.
 * It grows by doubling, from 1024 entries, before an insertion would fill
 * it past 70%. What each value means is the caller's: the table only keeps
 * them. Library-internal.
 */
#ifndef CW_CORE_U64TAB_H
#define CW_CORE_U64TAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct cwi_u64ent {
    uint64_t key; /* 0: empty */
    uint32_t a, b;
} cwi_u64ent;

/* Zero-initialised ({0}) is an empty table. */
typedef struct cwi_u64tab {
    cwi_u64ent *t;
    size_t cap, n; /* entries, and those in use; cap is 0 or a power of two */
} cwi_u64tab;

/* Where key's probe starts in a table of cap entries (cap a power of two):
 * Fibonacci hashing, so small sequential keys (term ids) spread as well as
 * hashes do. */
static inline size_t cwi_u64tab_home(uint64_t key, size_t cap)
{
    return (size_t)(key * 0x9e3779b97f4a7c15ULL >> 7) & (cap - 1);
}

/* The entry of key (not 0), or NULL when it is not there. The pointer is
 * valid until the next cwi_u64tab_slot. */
static inline cwi_u64ent *cwi_u64tab_find(const cwi_u64tab *t, uint64_t key)
{
    if (!t->cap) return NULL;
    for (size_t i = cwi_u64tab_home(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
        if (t->t[i].key == key) return &t->t[i];
        if (!t->t[i].key) return NULL;
    }
}

/* The entry of key (not 0), inserted with the values a0, b0 when it is not
 * there; NULL (the table unchanged) when out of memory. The pointer is
 * valid until the next cwi_u64tab_slot. */
cwi_u64ent *cwi_u64tab_slot(cwi_u64tab *t, uint64_t key, uint32_t a0, uint32_t b0);

/* Asks the memory for the entry where key's probe starts, ahead of its
 * use, so that the cache misses of several lookups overlap. */
static inline void cwi_u64tab_prefetch(const cwi_u64tab *t, uint64_t key)
{
    if (t->cap) __builtin_prefetch(&t->t[cwi_u64tab_home(key, t->cap)]);
}

/* The bytes the table holds. */
static inline size_t cwi_u64tab_bytes(const cwi_u64tab *t) { return t->cap * sizeof(cwi_u64ent); }

/* Frees the entries; t is then an empty table again. */
void cwi_u64tab_clean(cwi_u64tab *t);

#endif
