/* Sorts for the hot paths: integer keys compared inline rather than through
 * qsort's comparator call, a stable radix sort for keys with repeats whose
 * order matters, and partial selection when only the first k are wanted. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define SMALL 24 /* below this, insertion sort */

static void insert_u64(uint64_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static void insert_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static void swap_u64(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;
    *a = *b;
    *b = t;
}

/* Median of three into v[0] as the pivot, then Hoare partition; returns the
 * split point p: v[0..p) <= pivot <= v[p..n). */
static size_t partition_u64(uint64_t *v, size_t n)
{
    size_t m = n / 2;
    if (v[m] < v[0]) swap_u64(&v[m], &v[0]);
    if (v[n - 1] < v[0]) swap_u64(&v[n - 1], &v[0]);
    if (v[n - 1] < v[m]) swap_u64(&v[n - 1], &v[m]);
    uint64_t pivot = v[m];
    size_t i = 0, j = n - 1;
    for (;;) {
        while (v[i] < pivot) i++;
        while (v[j] > pivot) j--;
        if (i >= j) return j + 1;
        swap_u64(&v[i], &v[j]);
        i++;
        j--;
    }
}

void cwi_sort_u64(uint64_t *v, size_t n)
{
    /* Recurse into the smaller side, loop on the larger: depth stays below
     * log2(n). */
    while (n > SMALL) {
        size_t p = partition_u64(v, n);
        if (p < n - p) {
            cwi_sort_u64(v, p);
            v += p;
            n -= p;
        } else {
            cwi_sort_u64(v + p, n - p);
            n = p;
        }
    }
    insert_u64(v, n);
}

void cwi_select_u64(uint64_t *v, size_t n, size_t k)
{
    if (k >= n) {
        cwi_sort_u64(v, n);
        return;
    }
    uint64_t *lo = v;
    size_t len = n, want = k; /* the first `want` of lo[0..len) are still to be fixed */
    while (len > SMALL && want > 0 && want < len) {
        size_t p = partition_u64(lo, len);
        if (p <= want) {
            want -= p;
            lo += p;
            len -= p;
        } else {
            len = p;
        }
    }
    if (want > 0 && want < len) insert_u64(lo, len);
    cwi_sort_u64(v, k);
}

void cwi_sort_u32(uint32_t *v, size_t n)
{
    if (n <= SMALL) {
        insert_u32(v, n);
        return;
    }
    uint64_t stack[256];
    uint64_t *w = n <= 256 ? stack : malloc(n * sizeof *w);
    if (!w) { /* no memory for the copy: sort in place, slower */
        insert_u32(v, n);
        return;
    }
    for (size_t i = 0; i < n; i++) w[i] = v[i];
    cwi_sort_u64(w, n);
    for (size_t i = 0; i < n; i++) v[i] = (uint32_t)w[i];
    if (w != stack) free(w);
}

cw_status cwi_sort_by_key32(void *items, size_t n, size_t size, size_t key_off, void *scratch)
{
    unsigned char *a = items;
    if (n <= SMALL) {
        unsigned char tmp[64];
        if (CWI_NEVER(size > sizeof tmp)) return CW_ERR_USAGE;
        for (size_t i = 1; i < n; i++) {
            uint32_t x;
            memcpy(&x, a + i * size + key_off, 4);
            size_t j = i;
            for (; j > 0; j--) {
                uint32_t y;
                memcpy(&y, a + (j - 1) * size + key_off, 4);
                if (y <= x) break;
            }
            if (j == i) continue;
            memcpy(tmp, a + i * size, size);
            memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
            memcpy(a + j * size, tmp, size);
        }
        return CW_OK;
    }
    unsigned char *b = scratch ? scratch : malloc(n * size);
    if (!b) return CW_ERR_NOMEM;
    unsigned char *src = a, *dst = b;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++) {
            uint32_t x;
            memcpy(&x, src + i * size + key_off, 4);
            count[(x >> shift) & 255]++;
        }
        uint32_t first;
        memcpy(&first, src + key_off, 4);
        if (count[(first >> shift) & 255] == n) continue; /* every key has this byte: nothing moves */
        size_t pos = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t x;
            memcpy(&x, src + i * size + key_off, 4);
            unsigned char *to = dst + count[(x >> shift) & 255]++ * size;
            if (size == 8) /* pairs of 32-bit values, the common case: a fixed-size copy */
                memcpy(to, src + i * 8, 8);
            else
                memcpy(to, src + i * size, size);
        }
        unsigned char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) memcpy(a, src, n * size);
    if (b != scratch) free(b);
    return CW_OK;
}
