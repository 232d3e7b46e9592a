/* core: buffers, JSON strings, the map, the u64 table, hex digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/civil.h"
#include "core/core.h"
#include "core/u64tab.h"
#include "core/unionfind.h"
#include "core/utf8.h"

static void buf_refuses_past_max(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 8);
    assert_int_equal(cwi_buf_add(&b, "12345678", 8), CW_OK);
    assert_int_equal(cwi_buf_addc(&b, '9'), CW_ERR_LIMIT);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "12345678");
    cwi_buf_clean(&b);
}

static void json_strings_are_escaped(void **state)
{
    (void)state;
    static const struct { const char *in; size_t n; const char *out; } cases[] = {
        {"plain", 5, "\"plain\""},
        {"a\"b\\c", 5, "\"a\\\"b\\\\c\""},
        {"line\nnext\ttab", 13, "\"line\\nnext\\ttab\""},
        {"nul\0x", 5, "\"nul\\u0000x\""},
        {"\x01", 1, "\"\\u0001\""},
        {"caf\xc3\xa9", 5, "\"caf\xc3\xa9\""},
        {"bad\xff", 4, "\"bad\xef\xbf\xbd\""},
        {"cut\xe2\x80", 5, "\"cut\xef\xbf\xbd\xef\xbf\xbd\""},
        {"ls\xe2\x80\xa8", 5, "\"ls\\u2028\""},
        {"</script>", 9, "\"</script>\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_buf_json_str(&b, cases[i].in, cases[i].n), CW_OK);
        assert_string_equal(b.data, cases[i].out);
        cwi_buf_clean(&b);
    }
}

static void map_holds_many_keys(void **state)
{
    (void)state;
    cwi_map *m = cwi_map_new(0);
    assert_non_null(m);
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        assert_int_equal(cwi_map_put(m, key, (size_t)n, i * 3), CW_OK);
    }
    assert_int_equal(cwi_map_count(m), 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        intptr_t v = -1;
        assert_true(cwi_map_get(m, key, (size_t)n, &v));
        assert_int_equal(v, i * 3);
    }
    assert_false(cwi_map_get(m, "absent", 6, NULL));
    size_t it = 0, seen = 0;
    while (cwi_map_next(m, &it, NULL, NULL, NULL)) seen++;
    assert_int_equal(seen, 5000);
    cwi_map_free(m);
    cwi_map_free(NULL);
}

static void hash_is_stable(void **state)
{
    (void)state;
    char a[33], b[33];
    cwi_hash128_hex("same text", 9, a);
    cwi_hash128_hex("same text", 9, b);
    assert_string_equal(a, b);
    cwi_hash128_hex("same text.", 10, b);
    assert_string_not_equal(a, b);
    assert_int_equal(strlen(a), 32);
}

/* The rule by its definition: a sequence decodes by its bit pattern to a code
 * point that takes exactly that many bytes, is not a surrogate and is at most
 * U+10FFFF. */
static int reference_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80) return 1;
    int need;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) need = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) need = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) need = 4, cp = c & 0x07;
    else return 0;
    for (int i = 1; i < need; i++) {
        if ((size_t)i >= n) return -2; /* cut: checked apart */
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    uint32_t min = need == 2 ? 0x80 : need == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

static void utf8_rule_is_strict(void **state)
{
    (void)state;
    unsigned char p[4];
    /* Every sequence of one to three bytes, and four-byte ones over every
     * lead and second byte. */
    for (uint32_t x = 0; x < 1u << 24; x++) {
        p[0] = (unsigned char)(x >> 16), p[1] = (unsigned char)(x >> 8), p[2] = (unsigned char)x, p[3] = 0x80;
        int want = reference_seq(p, 4), got = cwi_utf8_seq((const char *)p, 4);
        if (want != got) fail_msg("%02x %02x %02x: %d, want %d", p[0], p[1], p[2], got, want);
    }
    const unsigned char tails[] = {0x00, 0x41, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF};
    for (unsigned lead = 0xF0; lead <= 0xFF; lead++)
        for (unsigned b1 = 0; b1 < 256; b1++)
            for (size_t t2 = 0; t2 < sizeof tails; t2++)
                for (size_t t3 = 0; t3 < sizeof tails; t3++) {
                    p[0] = (unsigned char)lead, p[1] = (unsigned char)b1, p[2] = tails[t2], p[3] = tails[t3];
                    assert_int_equal(cwi_utf8_seq((const char *)p, 4), reference_seq(p, 4));
                }
    /* A valid start cut short by the end is -1; an invalid one is 0. */
    assert_int_equal(cwi_utf8_seq("\xE2\x82", 2), -1);
    assert_int_equal(cwi_utf8_seq("\xF0\x9F\x98", 3), -1);
    assert_int_equal(cwi_utf8_seq("\xC3", 1), -1);
    assert_int_equal(cwi_utf8_seq("\xE0\x80", 2), 0);  /* overlong whatever follows */
    assert_int_equal(cwi_utf8_seq("\xED\xA0", 2), 0);  /* surrogate */
    assert_int_equal(cwi_utf8_seq("\xF4\x90", 2), 0);  /* above U+10FFFF */
    assert_int_equal(cwi_utf8_seq("\xE2\x41", 2), 0);
}

static void utf8_boundaries(void **state)
{
    (void)state;
    const char *t = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "b"; /* a e-acute euro grinning-face b */
    /* cut: at a character start or moved back to one */
    const size_t cut[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10};
    for (size_t n = 0; n <= 10; n++) assert_int_equal(cwi_utf8_cut(t, n), cut[n]);
    /* prev: stepping back from the end finds each character's first byte */
    const size_t starts[] = {10, 6, 3, 1, 0};
    size_t i = 11;
    for (size_t k = 0; k < 5; k++) {
        i = cwi_utf8_prev(t, 0, i);
        assert_int_equal(i, starts[k]);
    }
    /* not past lo, and not more than four bytes back over stray continuation bytes */
    assert_int_equal(cwi_utf8_prev(t, 4, 6), 4);
    const char *stray = "x\x80\x80\x80\x80\x80\x80";
    assert_int_equal(cwi_utf8_prev(stray, 0, 7), 3);
    assert_int_equal(cwi_utf8_prev(stray, 0, 3), 0);
    assert_int_equal(cwi_utf8_cut(stray, 6), 0);
}

static void byte_codecs(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_le32_put(&b, 0x04030201u), CW_OK);
    assert_int_equal(cwi_le64_put(&b, 0x0c0b0a0908070605ull), CW_OK);
    const unsigned char want[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    assert_int_equal(b.len, sizeof want);
    assert_memory_equal(b.data, want, sizeof want);
    assert_int_equal(cwi_le32_get(b.data), 0x04030201u);
    assert_true(cwi_le64_get(b.data + 4) == 0x0c0b0a0908070605ull);
    unsigned char x[4];
    cwi_le32_set(x, 0xdeadbeefu);
    assert_int_equal(x[0], 0xef);
    assert_int_equal(x[3], 0xde);
    /* varints: seven bits a byte, low first; back the same; cut or too long refused */
    const uint32_t v[] = {0, 1, 127, 128, 300, 16383, 16384, 1u << 28, UINT32_MAX};
    const size_t len[] = {1, 1, 1, 2, 2, 2, 3, 5, 5};
    cwi_buf_reset(&b);
    for (size_t i = 0; i < 9; i++) {
        size_t before = b.len;
        assert_int_equal(cwi_varint_put(&b, v[i]), CW_OK);
        assert_int_equal(b.len - before, len[i]);
    }
    size_t at = 0;
    for (size_t i = 0; i < 9; i++) {
        uint32_t got = 7;
        assert_true(cwi_varint_get((const unsigned char *)b.data, b.len, &at, &got));
        assert_int_equal(got, v[i]);
    }
    assert_int_equal(at, b.len);
    uint32_t got = 7;
    at = 0;
    assert_false(cwi_varint_get((const unsigned char *)"\x80\x80", 2, &at, &got));
    at = 0;
    assert_false(cwi_varint_get((const unsigned char *)"\x80\x80\x80\x80\x80\x01", 6, &at, &got));
    assert_int_equal(got, 7);
    cwi_buf_clean(&b);
}

static void civil_dates(void **state)
{
    (void)state;
    assert_int_equal(cwi_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(cwi_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(cwi_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(cwi_days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(cwi_days_from_civil(2024, 2, 30), cwi_days_from_civil(2024, 3, 1)); /* counts on */
    assert_int_equal(cwi_days_from_civil(1, 1, 1), -719162);
    assert_int_equal(cwi_days_from_civil(9999, 12, 31), 2932896);
    /* Every day from before year 1 to past 9999 and back; the next day is the
     * next date (day + 1, else the first of the next month or year). */
    int py = 0, pm = 0, pd = 0;
    for (int64_t z = cwi_days_from_civil(-100, 1, 1); z < 3000000; z++) {
        int y, m, d;
        cwi_civil_from_days(z, &y, &m, &d);
        if (cwi_days_from_civil(y, m, d) != z) fail_msg("%lld: %d-%d-%d", (long long)z, y, m, d);
        if (pm && !((y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
                    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31)))
            fail_msg("%d-%d-%d after %d-%d-%d", y, m, d, py, pm, pd);
        py = y, pm = m, pd = d;
    }
}

static void union_find(void **state)
{
    (void)state;
    size_t p[10];
    cwi_uf_init(p, 10);
    for (size_t i = 0; i < 10; i++) assert_int_equal(cwi_uf_find(p, i), i);
    /* joined in any order, a set's root is its smallest member */
    assert_int_equal(cwi_uf_union(p, 7, 9), 7);
    assert_int_equal(cwi_uf_union(p, 9, 3), 3);
    assert_int_equal(cwi_uf_union(p, 5, 8), 5);
    assert_int_equal(cwi_uf_union(p, 8, 9), 3);
    assert_int_equal(cwi_uf_union(p, 3, 7), 3); /* already one set */
    const size_t root[10] = {0, 1, 2, 3, 4, 3, 6, 3, 3, 3};
    for (size_t i = 0; i < 10; i++) assert_int_equal(cwi_uf_find(p, i), root[i]);
    /* a long chain is found and halved */
    size_t q[1000];
    cwi_uf_init(q, 1000);
    for (size_t i = 999; i > 0; i--) cwi_uf_union(q, i, i - 1);
    for (size_t i = 0; i < 1000; i++) assert_int_equal(cwi_uf_find(q, i), 0);
}

static void u64_table(void **state)
{
    (void)state;
    cwi_u64tab t = {0};
    assert_null(cwi_u64tab_find(&t, 5)); /* an empty table finds nothing */
    assert_int_equal(cwi_u64tab_bytes(&t), 0);
    /* small sequential keys (term ids) and spread ones (hashes), past
     * several doublings */
    const size_t n = 20000;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = i % 2 ? i + 1 : (i + 1) * 0xff51afd7ed558ccdULL;
        cwi_u64ent *e = cwi_u64tab_slot(&t, k, (uint32_t)i, 7);
        assert_non_null(e);
        assert_true(e->key == k && e->a == i && e->b == 7);
        e->b = (uint32_t)(i * 3);
    }
    assert_int_equal(t.n, n);
    assert_true(t.n * 10 <= t.cap * 7);           /* never fuller than 70% */
    assert_int_equal(t.cap & (t.cap - 1), 0);     /* a power of two */
    assert_int_equal(cwi_u64tab_bytes(&t), t.cap * sizeof(cwi_u64ent));
    for (size_t i = 0; i < n; i++) {
        uint64_t k = i % 2 ? i + 1 : (i + 1) * 0xff51afd7ed558ccdULL;
        cwi_u64tab_prefetch(&t, k);
        const cwi_u64ent *e = cwi_u64tab_find(&t, k);
        assert_non_null(e);
        assert_true(e->a == i && e->b == i * 3); /* kept through the doublings */
    }
    /* a key already there keeps its values: the ones given are for a new entry */
    cwi_u64ent *e = cwi_u64tab_slot(&t, 2, 99, 99);
    assert_true(e && e->a == 1 && e->b == 3);
    assert_int_equal(t.n, n);
    assert_null(cwi_u64tab_find(&t, 3 * 0xff51afd7ed558ccdULL + 1));
    assert_null(cwi_u64tab_find(&t, n + 2));
    /* one entry per key, however many times it is asked for */
    size_t used = 0;
    for (size_t i = 0; i < t.cap; i++) used += t.t[i].key != 0;
    assert_int_equal(used, n);
    cwi_u64tab_clean(&t);
    assert_true(t.t == NULL && t.cap == 0 && t.n == 0);
    assert_null(cwi_u64tab_find(&t, 2));
    cwi_u64tab_clean(&t); /* twice is harmless */
}

static void hex_digits(void **state)
{
    (void)state;
    /* every byte: the digits and the letters a-f of either case, nothing else */
    for (int c = 0; c < 256; c++) {
        int want = c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        int got = cwi_hex_digit((unsigned char)c);
        if (got != want) fail_msg("byte 0x%02x: %d, not %d", c, got, want);
    }
    /* bytes one bit (0x20) away from a letter are not digits */
    assert_int_equal(cwi_hex_digit('G'), -1);
    assert_int_equal(cwi_hex_digit('g'), -1);
    assert_int_equal(cwi_hex_digit('@'), -1);
    assert_int_equal(cwi_hex_digit('`'), -1);
    assert_int_equal(cwi_hex_digit(0xC6), -1); /* 'F' | 0x80 */
    assert_int_equal(cwi_hex_digit('F'), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_refuses_past_max),
        cmocka_unit_test(json_strings_are_escaped),
        cmocka_unit_test(map_holds_many_keys),
        cmocka_unit_test(hash_is_stable),
        cmocka_unit_test(utf8_rule_is_strict),
        cmocka_unit_test(utf8_boundaries),
        cmocka_unit_test(byte_codecs),
        cmocka_unit_test(civil_dates),
        cmocka_unit_test(union_find),
        cmocka_unit_test(u64_table),
        cmocka_unit_test(hex_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
