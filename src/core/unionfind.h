/*
 * core: disjoint sets over 0..n-1 in an array the caller owns (union-find).
 * The root of a set is its smallest member, so the sets and their roots do
 * not depend on the order in which pairs are joined. Library-internal.
 */
#ifndef CW_CORE_UNIONFIND_H
#define CW_CORE_UNIONFIND_H

#include <stddef.h>

/* Each of p[0..n) its own set. */
static inline void cwi_uf_init(size_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = i;
}

/* The root (smallest member) of i's set; halves the path on the way. */
static inline size_t cwi_uf_find(size_t *p, size_t i)
{
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
}

/* Joins the sets of a and b; returns the root of the joined set. */
static inline size_t cwi_uf_union(size_t *p, size_t a, size_t b)
{
    size_t ra = cwi_uf_find(p, a), rb = cwi_uf_find(p, b);
    if (ra == rb) return ra;
    if (ra < rb) return p[rb] = ra;
    return p[ra] = rb;
}

#endif
