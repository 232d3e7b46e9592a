/* core: the sorts of src/core/sort.c held against qsort on many shapes of
 * input (random, sorted, reversed, all equal, few distinct), below and above
 * the insertion-sort cut-off; cwi_sort_by_key32 is stable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

enum { RANDOM, SORTED, REVERSED, EQUAL, FEW, SHAPES };

static uint64_t value(int shape, size_t i, size_t n)
{
    switch (shape) {
    case SORTED: return i * 3;
    case REVERSED: return (n - i) * 3;
    case EQUAL: return 42;
    case FEW: return next() % 4;
    default: return next();
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static const size_t sizes[] = {0, 1, 2, 3, 23, 24, 25, 100, 255, 256, 257, 1000, 5000};
#define N_SIZES (sizeof sizes / sizeof *sizes)

static void sort_u64_matches_qsort(void **state)
{
    (void)state;
    for (size_t s = 0; s < N_SIZES; s++)
        for (int shape = 0; shape < SHAPES; shape++) {
            size_t n = sizes[s];
            uint64_t *v = malloc((n + 1) * sizeof *v), *w = malloc((n + 1) * sizeof *w);
            assert_true(v && w);
            for (size_t i = 0; i < n; i++) v[i] = w[i] = value(shape, i, n);
            cwi_sort_u64(v, n);
            qsort(w, n, sizeof *w, cmp_u64);
            if (n) assert_memory_equal(v, w, n * sizeof *v);
            free(v);
            free(w);
        }
}

static void select_u64_keeps_the_k_smallest(void **state)
{
    (void)state;
    for (size_t s = 0; s < N_SIZES; s++)
        for (int shape = 0; shape < SHAPES; shape++) {
            size_t n = sizes[s];
            const size_t ks[] = {0, 1, n / 3, n ? n - 1 : 0, n, n + 5};
            for (size_t t = 0; t < sizeof ks / sizeof *ks; t++) {
                size_t k = ks[t];
                uint64_t *v = malloc((n + 1) * sizeof *v), *w = malloc((n + 1) * sizeof *w);
                assert_true(v && w);
                for (size_t i = 0; i < n; i++) v[i] = w[i] = value(shape, i, n);
                cwi_select_u64(v, n, k);
                qsort(w, n, sizeof *w, cmp_u64);
                size_t kk = k < n ? k : n;
                if (kk) assert_memory_equal(v, w, kk * sizeof *v); /* the k smallest, in order */
                qsort(v, n, sizeof *v, cmp_u64);                   /* and nothing lost */
                if (n) assert_memory_equal(v, w, n * sizeof *v);
                free(v);
                free(w);
            }
        }
}

static void sort_u32_matches_qsort(void **state)
{
    (void)state;
    for (size_t s = 0; s < N_SIZES; s++)
        for (int shape = 0; shape < SHAPES; shape++) {
            size_t n = sizes[s];
            uint32_t *v = malloc((n + 1) * sizeof *v), *w = malloc((n + 1) * sizeof *w);
            assert_true(v && w);
            for (size_t i = 0; i < n; i++) v[i] = w[i] = (uint32_t)value(shape, i, n);
            cwi_sort_u32(v, n);
            qsort(w, n, sizeof *w, cmp_u32);
            if (n) assert_memory_equal(v, w, n * sizeof *v);
            free(v);
            free(w);
        }
}

/* An item of `size` bytes: its key at key_off, its first position elsewhere. */
typedef struct item_ref {
    uint32_t key, seq;
} item_ref;
static int cmp_ref(const void *a, const void *b)
{
    const item_ref *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_by_key32_is_stable(void **state)
{
    (void)state;
    const size_t item_sizes[] = {8, 12, 24, 64};
    for (size_t z = 0; z < sizeof item_sizes / sizeof *item_sizes; z++)
        for (size_t s = 0; s < N_SIZES; s++)
            for (int shape = 0; shape < SHAPES; shape++)
                for (int with_scratch = 0; with_scratch < 2; with_scratch++) {
                    size_t size = item_sizes[z], n = sizes[s];
                    size_t key_off = size - 4, seq_off = 0; /* key last, position first */
                    unsigned char *a = calloc(n + 1, size), *scratch = with_scratch ? malloc((n + 1) * size) : NULL;
                    item_ref *ref = malloc((n + 1) * sizeof *ref);
                    assert_true(a && ref && (scratch || !with_scratch));
                    for (size_t i = 0; i < n; i++) {
                        uint32_t key = (uint32_t)value(shape, i, n), seq = (uint32_t)i;
                        if (shape == RANDOM) key &= 0xff00ff; /* repeats, and bytes every key shares */
                        memcpy(a + i * size + key_off, &key, 4);
                        memcpy(a + i * size + seq_off, &seq, 4);
                        ref[i] = (item_ref){key, seq};
                    }
                    assert_int_equal(cwi_sort_by_key32(a, n, size, key_off, scratch), CW_OK);
                    qsort(ref, n, sizeof *ref, cmp_ref);
                    for (size_t i = 0; i < n; i++) {
                        uint32_t key, seq;
                        memcpy(&key, a + i * size + key_off, 4);
                        memcpy(&seq, a + i * size + seq_off, 4);
                        assert_int_equal(key, ref[i].key);
                        assert_int_equal(seq, ref[i].seq);
                    }
                    free(a);
                    free(scratch);
                    free(ref);
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sort_u64_matches_qsort),
        cmocka_unit_test(select_u64_keeps_the_k_smallest),
        cmocka_unit_test(sort_u32_matches_qsort),
        cmocka_unit_test(sort_by_key32_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
