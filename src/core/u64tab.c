/* The u64 -> (u32, u32) table of core/u64tab.h. */
#include <stdbool.h>
#include <stdlib.h>

#include "core/u64tab.h"

/* Doubles t (from 1024 entries); false, t unchanged, when out of memory. */
static bool grow(cwi_u64tab *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 1024;
    cwi_u64ent *nt = calloc(ncap, sizeof *nt);
    if (!nt) return false;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->t[i].key) continue;
        size_t j = cwi_u64tab_home(t->t[i].key, ncap);
        while (nt[j].key) j = (j + 1) & (ncap - 1);
        nt[j] = t->t[i];
    }
    free(t->t);
    t->t = nt;
    t->cap = ncap;
    return true;
}

cwi_u64ent *cwi_u64tab_slot(cwi_u64tab *t, uint64_t key, uint32_t a0, uint32_t b0)
{
    if ((t->n + 1) * 10 > t->cap * 7 && !grow(t)) return NULL;
    size_t i = cwi_u64tab_home(key, t->cap);
    while (t->t[i].key) {
        if (t->t[i].key == key) return &t->t[i];
        i = (i + 1) & (t->cap - 1);
    }
    t->t[i] = (cwi_u64ent){key, a0, b0};
    t->n++;
    return &t->t[i];
}

void cwi_u64tab_clean(cwi_u64tab *t)
{
    free(t->t);
    t->t = NULL;
    t->cap = t->n = 0;
}
