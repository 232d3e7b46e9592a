/* dedup: the stored evidence of a relation (cwi_evidence_pack /
 * cwi_evidence_unpack) round trips, keeps its byte form, still reads the
 * first format and survives damaged and random bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"

/* A fingerprint with only sentence spans: n sentences of 40 bytes, 2 apart,
 * from base. */
static void spans_fp(cwi_fp *f, size_t n, uint32_t base)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < n; i++) {
        cwi_sent_fp s = {0};
        s.start = base + (uint32_t)i * 42;
        s.end = s.start + 40;
        assert_int_equal(CWI_VEC_PUSH(f->sents, s), CW_OK);
    }
}

static void add_pair(cwi_relation *r, unsigned a, unsigned b)
{
    cwi_sent_pair p = {(uint16_t)a, (uint16_t)b, 1.0f};
    assert_int_equal(CWI_VEC_PUSH(r->pairs, p), CW_OK);
}

static void pairs_round_trip(void **state)
{
    (void)state;
    cwi_fp a, b;
    spans_fp(&a, 10, 0);
    spans_fp(&b, 5, 1000000);
    cwi_relation r = {0};
    add_pair(&r, 0, 4);
    add_pair(&r, 9, 0);
    add_pair(&r, 10, 1); /* a has no sentence 10: left out */
    add_pair(&r, 3, 5);  /* b has no sentence 5: left out */
    add_pair(&r, 2, 2);
    cwi_buf out;
    cwi_buf_init(&out, 0);
    assert_int_equal(cwi_evidence_pack(&r, &a, &b, &out), CW_OK);
    assert_int_not_equal(out.len % 16, 0);
    uint32_t v[CWI_EVIDENCE_MAX][4];
    size_t n = cwi_evidence_unpack(out.data, out.len, v, CWI_EVIDENCE_MAX);
    assert_int_equal(n, 3);
    const unsigned want[3][2] = {{0, 4}, {9, 0}, {2, 2}};
    for (size_t i = 0; i < n; i++) {
        const cwi_sent_fp *x = &a.sents.v[want[i][0]], *y = &b.sents.v[want[i][1]];
        assert_int_equal(v[i][0], x->start);
        assert_int_equal(v[i][1], x->end);
        assert_int_equal(v[i][2], y->start);
        assert_int_equal(v[i][3], y->end);
    }
    /* max bounds what is read. */
    assert_int_equal(cwi_evidence_unpack(out.data, out.len, v, 2), 2);
    /* No pairs: a count of zero. */
    r.pairs.n = 0;
    assert_int_equal(cwi_evidence_pack(&r, &a, &b, &out), CW_OK);
    assert_int_equal(out.len, 1);
    assert_int_equal(cwi_evidence_unpack(out.data, out.len, v, CWI_EVIDENCE_MAX), 0);
    cwi_relation_clean(&r);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_buf_clean(&out);
}

static void at_most_the_first_64_pairs(void **state)
{
    (void)state;
    cwi_fp a, b;
    spans_fp(&a, 100, 0);
    spans_fp(&b, 100, 7);
    cwi_relation r = {0};
    for (unsigned i = 0; i < 100; i++) add_pair(&r, i, 99 - i);
    cwi_buf out;
    cwi_buf_init(&out, 0);
    assert_int_equal(cwi_evidence_pack(&r, &a, &b, &out), CW_OK);
    uint32_t v[100][4];
    assert_int_equal(cwi_evidence_unpack(out.data, out.len, v, 100), CWI_EVIDENCE_MAX);
    assert_int_equal(v[63][0], a.sents.v[63].start);
    assert_int_equal(v[63][2], b.sents.v[36].start);
    cwi_relation_clean(&r);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_buf_clean(&out);
}

static void byte_form_is_stable(void **state)
{
    (void)state;
    cwi_fp a, b;
    spans_fp(&a, 2, 0);   /* sentences [0, 40) and [42, 82) */
    spans_fp(&b, 1, 300); /* [300, 340): 300 is 0xac 0x02 */
    cwi_relation r = {0};
    add_pair(&r, 1, 0);
    cwi_buf out;
    cwi_buf_init(&out, 0);
    assert_int_equal(cwi_evidence_pack(&r, &a, &b, &out), CW_OK);
    const unsigned char want[] = {0x01, 42, 40, 0xac, 0x02, 40};
    assert_int_equal(out.len, sizeof want);
    assert_memory_equal(out.data, want, sizeof want);
    /* Sixteen bytes long: a zero byte ends it. A count and three pairs of
     * one-byte values make 13 bytes; with a start of 300 (two bytes) in
     * each pair, 16, and the zero makes 17. */
    cwi_fp_clean(&a);
    spans_fp(&a, 1, 300);
    r.pairs.n = 0;
    add_pair(&r, 0, 0);
    add_pair(&r, 0, 0);
    add_pair(&r, 0, 0);
    cwi_fp c;
    spans_fp(&c, 1, 0);
    assert_int_equal(cwi_evidence_pack(&r, &c, &c, &out), CW_OK);
    assert_int_equal(out.len, 13);
    assert_int_equal(cwi_evidence_pack(&r, &a, &c, &out), CW_OK); /* three starts of 300 in a */
    assert_int_equal(out.len, 17);
    assert_int_equal((unsigned char)out.data[16], 0);
    uint32_t v[4][4];
    assert_int_equal(cwi_evidence_unpack(out.data, out.len, v, 4), 3);
    assert_int_equal(v[2][0], 300);
    assert_int_equal(v[2][1], 340);
    cwi_relation_clean(&r);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_fp_clean(&c);
    cwi_buf_clean(&out);
}

static void first_format_is_read(void **state)
{
    (void)state;
    /* Four little-endian u32 a pair: starts and ends, not lengths. */
    const uint32_t in[2][4] = {{5, 50, 70000, 70100}, {0, 1, 2, 3}};
    unsigned char p[32];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 4; j++) p[16 * i + 4 * k + j] = (unsigned char)(in[i][k] >> 8 * j);
    uint32_t v[2][4];
    assert_int_equal(cwi_evidence_unpack(p, sizeof p, v, 2), 2);
    assert_memory_equal(v, in, sizeof in);
    assert_int_equal(cwi_evidence_unpack(p, sizeof p, v, 1), 1);
    assert_int_equal(cwi_evidence_unpack(NULL, 0, v, 2), 0);
}

static void damaged_forms_give_what_came_before(void **state)
{
    (void)state;
    uint32_t v[8][4];
    /* A span whose end would pass 2^32 stops the reading. */
    const unsigned char over[] = {0x02, 0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x00, 0x00};
    assert_int_equal(cwi_evidence_unpack(over, sizeof over, v, 8), 1);
    assert_int_equal(v[0][0], 1);
    assert_int_equal(v[0][1], 3);
    assert_int_equal(v[0][2], 3);
    assert_int_equal(v[0][3], 7);
    /* A count larger than what follows. */
    const unsigned char cut[] = {0x09, 0x01, 0x02, 0x03, 0x04, 0x05};
    assert_int_equal(cwi_evidence_unpack(cut, sizeof cut, v, 8), 1);
    /* Random bytes never read past the end. */
    uint32_t x = 7;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 200);
        unsigned char *h = malloc(n ? n : 1);
        assert_non_null(h);
        for (size_t i = 0; i < n; i++) x = x * 1103515245u + 12345u, h[i] = (unsigned char)(x >> 16);
        size_t got = cwi_evidence_unpack(h, n, v, 8);
        assert_true(got <= 8);
        if (n % 16)
            for (size_t i = 0; i < got; i++) assert_true(v[i][0] <= v[i][1] && v[i][2] <= v[i][3]);
        free(h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pairs_round_trip),
        cmocka_unit_test(at_most_the_first_64_pairs),
        cmocka_unit_test(byte_form_is_stable),
        cmocka_unit_test(first_format_is_read),
        cmocka_unit_test(damaged_forms_give_what_came_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
