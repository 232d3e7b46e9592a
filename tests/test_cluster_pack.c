/* cluster: the stored term vector (cwi_cterm_pack / cwi_cterm_unpack) round
 * trips, keeps its byte form, still reads the first format and survives
 * damaged and random bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"

/* pack then unpack t[0..n) and check the result equals t summed by id,
 * without the sums outside (0, 1e6), which unpacking leaves out. */
static void round_trip(const cwi_cterm *t, size_t n)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_cterm_pack(t, n, &b), CW_OK);
    assert_int_not_equal(b.len % 8, 0);
    cwi_cterm *want = malloc((n ? n : 1) * sizeof *want);
    assert_non_null(want);
    if (n) memcpy(want, t, n * sizeof *want);
    size_t u = n;
    assert_int_equal(cwi_cterm_sum_ids(want, &u), CW_OK);
    size_t kept = 0;
    for (size_t i = 0; i < u; i++)
        if (want[i].w > 0 && want[i].w < 1e6f) want[kept++] = want[i];
    u = kept;
    cwi_cterms got = {0};
    assert_int_equal(cwi_cterm_unpack(b.data, b.len, &got), CW_OK);
    assert_int_equal(got.n, u);
    for (size_t i = 0; i < u; i++) {
        assert_int_equal(got.v[i].id, want[i].id);
        assert_memory_equal(&got.v[i].w, &want[i].w, sizeof(float)); /* bit for bit */
    }
    CWI_VEC_FREE(got);
    free(want);
    cwi_buf_clean(&b);
}

static void whole_half_and_other_weights_round_trip(void **state)
{
    (void)state;
    const cwi_cterm t[] = {
        {7, 1.0f},  {3, 0.5f},       {UINT32_MAX, 3.0f}, {3, 2.0f},     /* 3 repeats: summed */
        {9, 0.3f},  {11, 1e-3f},     {12, 999999.0f},   {13, 134217728.0f}, /* 2^27: twice is 2^28, a float */
        {14, 1e6f}, {15, -1.0f},    {0, 6.0f},         {1u << 31, 1.25f},  /* 13, 14, 15 are left out */
    };
    round_trip(t, sizeof t / sizeof *t);
    round_trip(t, 1);
    round_trip(NULL, 0);
}

static void many_terms_round_trip(void **state)
{
    (void)state;
    enum { N = 5000 };
    cwi_cterm *t = malloc(N * sizeof *t);
    assert_non_null(t);
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        t[i] = (cwi_cterm){x % 3000 * 1000003u, (float)(x >> 20 & 7) * 0.5f + 0.5f};
    }
    round_trip(t, N);
    free(t);
}

static void byte_form_is_stable(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    /* Sorted by id: 3 (w 0.5: doubled 1), 5 (w 1: doubled 2); the count first. */
    const cwi_cterm t[] = {{5, 1.0f}, {3, 0.5f}};
    assert_int_equal(cwi_cterm_pack(t, 2, &b), CW_OK);
    const unsigned char want[] = {0x02, 0x03, 0x01, 0x02, 0x02};
    assert_int_equal(b.len, sizeof want);
    assert_memory_equal(b.data, want, sizeof want);
    /* A float weight: the varint 2^28, then its four bytes little-endian. */
    const cwi_cterm f[] = {{1, 0.3f}};
    assert_int_equal(cwi_cterm_pack(f, 1, &b), CW_OK);
    uint32_t bits;
    float w = 0.3f;
    memcpy(&bits, &w, 4);
    const unsigned char want_f[] = {0x01, 0x01, 0x80, 0x80, 0x80, 0x80, 0x01, (unsigned char)bits,
                                    (unsigned char)(bits >> 8), (unsigned char)(bits >> 16),
                                    (unsigned char)(bits >> 24)};
    assert_int_equal(b.len, sizeof want_f);
    assert_memory_equal(b.data, want_f, sizeof want_f);
    /* Eight bytes long: a zero byte ends it, so it is not read as the first format. */
    const cwi_cterm e[] = {{1, 0.5f}, {200, 1.0f}, {201, 1.5f}};
    assert_int_equal(cwi_cterm_pack(e, 3, &b), CW_OK);
    const unsigned char want_e[] = {0x03, 0x01, 0x01, 0xc7, 0x01, 0x02, 0x01, 0x03, 0x00};
    assert_int_equal(b.len, sizeof want_e);
    assert_memory_equal(b.data, want_e, sizeof want_e);
    cwi_cterms got = {0};
    assert_int_equal(cwi_cterm_unpack(b.data, b.len, &got), CW_OK);
    assert_int_equal(got.n, 3);
    assert_int_equal(got.v[2].id, 201);
    assert_true(got.v[2].w == 1.5f);
    CWI_VEC_FREE(got);
    cwi_buf_clean(&b);
}

static void first_format_is_read(void **state)
{
    (void)state;
    /* 8 bytes a term, id and float weight little-endian, repeats kept; a
     * weight outside (0, 1e6) is left out. */
    float w[3] = {1.5f, -2.0f, 4.0f};
    uint32_t id[3] = {70000, 5, 70000};
    unsigned char p[24];
    for (int i = 0; i < 3; i++) {
        uint32_t bits;
        memcpy(&bits, &w[i], 4);
        for (int k = 0; k < 4; k++) p[8 * i + k] = (unsigned char)(id[i] >> 8 * k);
        for (int k = 0; k < 4; k++) p[8 * i + 4 + k] = (unsigned char)(bits >> 8 * k);
    }
    cwi_cterms got = {0};
    assert_int_equal(cwi_cterm_unpack(p, sizeof p, &got), CW_OK);
    assert_int_equal(got.n, 2);
    assert_int_equal(got.v[0].id, 70000);
    assert_true(got.v[0].w == 1.5f);
    assert_int_equal(got.v[1].id, 70000);
    assert_true(got.v[1].w == 4.0f);
    /* Nothing at all is the first format with no terms. */
    assert_int_equal(cwi_cterm_unpack(p, 0, &got), CW_OK);
    assert_int_equal(got.n, 0);
    CWI_VEC_FREE(got);
}

static void damaged_forms_give_what_came_before(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    const cwi_cterm t[] = {{10, 1.0f}, {20, 0.3f}, {30, 2.0f}};
    assert_int_equal(cwi_cterm_pack(t, 3, &b), CW_OK);
    cwi_cterms got = {0};
    /* Cut inside the float of the second term: the first term only. */
    for (size_t cut = 1; cut < b.len; cut++) {
        if (cut % 8 == 0) continue; /* would be read as the first format */
        assert_int_equal(cwi_cterm_unpack(b.data, cut, &got), CW_OK);
        assert_true(got.n <= 3);
        for (size_t i = 0; i < got.n; i++) assert_int_equal(got.v[i].id, t[i].id);
    }
    /* A count larger than what follows. */
    const unsigned char big[] = {0xff, 0xff, 0xff, 0xff, 0x0f, 0x05, 0x02};
    assert_int_equal(cwi_cterm_unpack(big, sizeof big, &got), CW_OK);
    assert_int_equal(got.n, 1);
    assert_int_equal(got.v[0].id, 5);
    assert_true(got.v[0].w == 1.0f);
    /* A varint running past five bytes. */
    const unsigned char run[] = {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    assert_int_equal(cwi_cterm_unpack(run, sizeof run, &got), CW_OK);
    assert_int_equal(got.n, 0);
    /* Random bytes never read past the end nor give more terms than bytes. */
    unsigned char r[301];
    uint32_t x = 99;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 301);
        for (size_t i = 0; i < n; i++) x = x * 1103515245u + 12345u, r[i] = (unsigned char)(x >> 16);
        unsigned char *h = malloc(n ? n : 1); /* exact size, for the sanitizers */
        assert_non_null(h);
        memcpy(h, r, n);
        assert_int_equal(cwi_cterm_unpack(h, n, &got), CW_OK);
        assert_true(got.n <= n);
        for (size_t i = 0; i < got.n; i++) assert_true(got.v[i].w > 0 && got.v[i].w < 1e6f);
        free(h);
    }
    CWI_VEC_FREE(got);
    cwi_buf_clean(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_half_and_other_weights_round_trip),
        cmocka_unit_test(many_terms_round_trip),
        cmocka_unit_test(byte_form_is_stable),
        cmocka_unit_test(first_format_is_read),
        cmocka_unit_test(damaged_forms_give_what_came_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
