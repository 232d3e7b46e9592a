/* core: buffers, JSON strings, the map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_refuses_past_max),
        cmocka_unit_test(json_strings_are_escaped),
        cmocka_unit_test(map_holds_many_keys),
        cmocka_unit_test(hash_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
