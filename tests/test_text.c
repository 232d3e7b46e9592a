/* The text layer: UTF-8, normalisation, folding, tokens, stems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/text.h"

/* ---- UTF-8 ---- */

static void test_utf8_decode(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        int32_t cp;
        size_t len;
    } t[] = {
        {"A", 1, 'A', 1},
        {"\xC3\xA9", 2, 0xE9, 2},
        {"\xE2\x80\x99", 3, 0x2019, 3},
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4},
        {"\xC0\xAF", 2, 0xFFFD, 1},         /* overlong '/' */
        {"\xC1\xBF", 2, 0xFFFD, 1},         /* overlong */
        {"\xE0\x80\xAF", 3, 0xFFFD, 1},     /* overlong 3-byte */
        {"\xF0\x80\x80\xAF", 4, 0xFFFD, 1}, /* overlong 4-byte */
        {"\xED\xA0\x80", 3, 0xFFFD, 1},     /* surrogate D800 */
        {"\xED\xBF\xBF", 3, 0xFFFD, 1},     /* surrogate DFFF */
        {"\xF4\x90\x80\x80", 4, 0xFFFD, 1}, /* 0x110000 */
        {"\xF5\x80\x80\x80", 4, 0xFFFD, 1},
        {"\x80", 1, 0xFFFD, 1},             /* lone continuation */
        {"\xC3", 1, 0xFFFD, 1},             /* truncated */
        {"\xE2\x80", 2, 0xFFFD, 1},         /* truncated */
        {"\xE2\x28\xA1", 3, 0xFFFD, 1},     /* bad continuation */
        {"\xEF\xBF\xBD", 3, 0xFFFD, 3},     /* a real U+FFFD */
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        size_t len = 99;
        int32_t cp = cwi_utf8_decode(t[k].in, t[k].n, &len);
        if (cp != t[k].cp || len != t[k].len) fprintf(stderr, "decode case %zu: %X/%zu\n", k, (unsigned)cp, len);
        assert_int_equal(cp, t[k].cp);
        assert_int_equal(len, t[k].len);
    }
    assert_int_equal(cwi_utf8_valid_prefix("abc\xC3\xA9z", 6), 6);
    assert_int_equal(cwi_utf8_valid_prefix("ab\xC3", 3), 2);
    assert_int_equal(cwi_utf8_valid_prefix("ab\xED\xA0\x80x", 6), 2);
    assert_int_equal(cwi_utf8_valid_prefix("\xEF\xBF\xBD", 3), 3);
    assert_int_equal(cwi_utf8_valid_prefix("", 0), 0);
}

static void test_utf8_put(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    int32_t cps[] = {'x', 0xE9, 0x20AC, 0x1F600, 0x10FFFF};
    for (size_t k = 0; k < 5; k++) assert_int_equal(cwi_utf8_put(&b, cps[k]), CW_OK);
    assert_string_equal(b.data, "x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
    /* Round trip through the decoder. */
    size_t i = 0, k = 0;
    while (i < b.len) {
        size_t len;
        assert_int_equal(cwi_utf8_decode(b.data + i, b.len - i, &len), cps[k++]);
        i += len;
    }
    cwi_buf_reset(&b);
    assert_int_equal(cwi_utf8_put(&b, 0xD800), CW_OK);
    assert_int_equal(cwi_utf8_put(&b, 0x110000), CW_OK);
    assert_string_equal(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD");
    cwi_buf_clean(&b);
}

/* ---- normalisation ---- */

typedef struct {
    const char *name;
    const char *in;
    size_t n; /* 0: strlen */
    const char *want;
} ncase;

static const ncase ncases[] = {
    {"empty", "", 0, ""},
    {"ascii", "Hello world.", 0, "Hello world."},
    {"crlf", "one\r\ntwo\rthree\n", 0, "one\ntwo\nthree"},
    {"nbsp", "5\xC2\xA0km and\xE2\x80\xAF" "10\xE3\x80\x80m", 0, "5 km and 10 m"},
    {"em space", "a\xE2\x80\x83" "b\xE2\x80\x81" "c", 0, "a b c"},
    {"zero width", "Zelen\xE2\x80\x8Bskyy\xEF\xBB\xBF is\xE2\x80\x8D here\xE2\x80\x8C", 0, "Zelenskyy is here"},
    {"bom start", "\xEF\xBB\xBFText", 0, "Text"},
    {"soft hyphen", "nego\xC2\xADtiations", 0, "negotiations"},
    {"controls", "a\x01" "b\x1F" "c\x7F" "d\xC2\x80" "e\xC2\x9F" "f", 0, "abcdef"},
    {"nul bytes", "a\0b\0\0c", 6, "abc"},
    {"tabs and runs", "a \t  b\t\tc", 0, "a b c"},
    {"trim lines", "   lead\ntrail   \n  both  ", 0, "lead\ntrail\nboth"},
    {"blank lines", "\n\n\npara one\n\n\n\n   \n\t\npara two\n\n\n", 0, "para one\n\npara two"},
    {"single blank kept", "a\n\nb", 0, "a\n\nb"},
    {"line separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", 0, "a\nb\nc"},
    {"invalid bytes", "a\xFF" "b\xC3" "c\xED\xA0\x80" "d", 0,
     "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d"},
    {"combining to NFC", "Cafe\xCC\x81 Zaporizhzhia\xCC\x88", 0, "Caf\xC3\xA9 Zaporizhzhi\xC3\xA4"},
    {"cyrillic NFC", "\xD0\xB8\xCC\x86 \xD0\xB5\xCC\x88", 0, "\xD0\xB9 \xD1\x91"},
    {"already NFC", "\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9 \xE2\x80\x99", 0,
     "\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9 \xE2\x80\x99"},
    {"singleton ohm", "10 \xE2\x84\xA6", 0, "10 \xCE\xA9"},
    {"greek oxia", "\xE1\xBD\xB1", 0, "\xCE\xAC"},
    {"hangul jamo", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", 0, "\xED\x95\x9C"},
    {"mark reorder", "a\xCC\x81\xCC\xA3", 0, "\xE1\xBA\xA1\xCC\x81"},
    {"space before zw", "a \xE2\x80\x8B b", 0, "a b"},
    {"only spaces", "  \t \n  \n", 0, ""},
    {"cjk untouched", "\xE4\xBC\x9A\xE8\xB0\x88\xE3\x80\x82", 0, "\xE4\xBC\x9A\xE8\xB0\x88\xE3\x80\x82"},
    {"vertical tab line", "a\vb\fc", 0, "a\nb\nc"},
};

static void test_normalize(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ncases / sizeof ncases[0]; k++) {
        const ncase *c = &ncases[k];
        cwi_buf b;
        cwi_buf_init(&b, 0);
        size_t n = c->n ? c->n : strlen(c->in);
        assert_int_equal(cwi_text_normalize(c->in, n, &b), CW_OK);
        const char *got = b.data ? b.data : "";
        if (strcmp(got, c->want) != 0) fprintf(stderr, "normalize '%s': got [%s]\n", c->name, got);
        assert_string_equal(got, c->want);
        /* Idempotent. */
        cwi_buf b2;
        cwi_buf_init(&b2, 0);
        assert_int_equal(cwi_text_normalize(got, strlen(got), &b2), CW_OK);
        assert_string_equal(b2.data ? b2.data : "", got);
        cwi_buf_clean(&b2);
        cwi_buf_clean(&b);
    }
}

static void test_normalize_appends(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_buf_adds(&b, "X|"), CW_OK);
    assert_int_equal(cwi_text_normalize("\n a  b \n", 8, &b), CW_OK);
    assert_string_equal(b.data, "X|a b");
    cwi_buf_clean(&b);
    /* A ceiling is honoured. */
    cwi_buf_init(&b, 4);
    assert_int_equal(cwi_text_normalize("abcdefgh", 8, &b), CW_ERR_LIMIT);
    cwi_buf_clean(&b);
}

/* Random bytes: output is valid UTF-8, idempotent, never crashes. */
static void test_normalize_random(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char in[512];
    for (int round = 0; round < 3000; round++) {
        for (size_t k = 0; k < sizeof in; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned v = (unsigned)(x >> 24);
            in[k] = v % 4 == 0 ? "\xCC\x81 \n\r\xC2\xA0"[v % 6] : (char)v;
        }
        cwi_buf b, b2;
        cwi_buf_init(&b, 0);
        cwi_buf_init(&b2, 0);
        assert_int_equal(cwi_text_normalize(in, sizeof in, &b), CW_OK);
        assert_int_equal(cwi_utf8_valid_prefix(b.data ? b.data : "", b.len), b.len);
        assert_int_equal(cwi_text_normalize(b.data ? b.data : "", b.len, &b2), CW_OK);
        assert_int_equal(b.len, b2.len);
        if (b.len) assert_memory_equal(b.data, b2.data, b.len);
        cwi_buf_clean(&b);
        cwi_buf_clean(&b2);
    }
}

/* ---- folding ---- */

static void test_fold(void **state)
{
    (void)state;
    static const char *const t[][2] = {
        {"Zelenskyy", "zelenskyy"},
        {"ZELENSKYY", "zelenskyy"},
        {"Zelenskyy\xE2\x80\x99s", "zelenskyy's"},
        {"Zaporizhzhia", "zaporizhzhia"},
        {"Z\xC3\xA1por\xC3\xADzhzhi\xC3\xA4", "zaporizhzhia"},
        {"Za\xCC\x81porizhzhia", "zaporizhzhia"},
        {"\xE2\x80\x9CQuoted\xE2\x80\x9D", "\"quoted\""},
        {"\xE2\x80\x98single\xE2\x80\x99", "'single'"},
        {"2014\xE2\x80\x93" "2015 \xE2\x80\x94 end", "2014-2015 - end"},
        {"Stra\xC3\x9F" "e", "strasse"},
        {"\xD0\x97\xD0\x95\xD0\x9B\xD0\x95\xD0\x9D\xD0\xA1\xD0\x9A\xD0\x98\xD0\x99",
         "\xD0\xB7\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB8"},
        {"\xEF\xBC\xA1\xEF\xBC\xA2" "1\xC2\xB2", "ab12"}, /* full-width, superscript */
        {"\xEF\xAC\x81nance", "finance"},                 /* fi ligature */
        {"bad\xFF", "bad\xEF\xBF\xBD"},
        {"", ""},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_text_fold(t[k][0], strlen(t[k][0]), &b), CW_OK);
        const char *got = b.data ? b.data : "";
        if (strcmp(got, t[k][1]) != 0) fprintf(stderr, "fold %zu: got [%s]\n", k, got);
        assert_string_equal(got, t[k][1]);
        cwi_buf_clean(&b);
    }
}

/* ---- tokens ---- */

typedef struct {
    const char *text;
    int kind;
    int upper;
} tokwant;

typedef struct {
    const char *in;
    tokwant want[16];
} tcase;

#define W CWI_TOK_WORD
#define N CWI_TOK_NUMBER
#define P CWI_TOK_PUNCT
#define I CWI_TOK_IDEO

static const tcase tcases[] = {
    {"", {{NULL, 0, 0}}},
    {"   \n\t ", {{NULL, 0, 0}}},
    {"The U.S. said no.", {{"The", W, 1}, {"U.S.", W, 1}, {"said", W, 0}, {"no", W, 0}, {".", P, 0}}},
    {"Zelenskyy's plan", {{"Zelenskyy's", W, 1}, {"plan", W, 0}}},
    {"Zelenskyy\xE2\x80\x99s", {{"Zelenskyy\xE2\x80\x99s", W, 1}}},
    {"Jean-Pierre met F-16 crews", {{"Jean-Pierre", W, 1}, {"met", W, 0}, {"F-16", W, 1}, {"crews", W, 0}}},
    {"115,600 and 1.2 and 19%", {{"115,600", N, 0}, {"and", W, 0}, {"1.2", N, 0}, {"and", W, 0}, {"19", N, 0}, {"%", P, 0}}},
    {"at 10:30, 2,000.", {{"at", W, 0}, {"10:30", N, 0}, {",", P, 0}, {"2,000", N, 0}, {".", P, 0}}},
    {"a.m. e.g. U.N", {{"a.m.", W, 0}, {"e.g.", W, 0}, {"U.N", W, 1}}},
    {"John F. Kennedy", {{"John", W, 1}, {"F", W, 1}, {".", P, 0}, {"Kennedy", W, 1}}},
    {"end.The", {{"end", W, 0}, {".", P, 0}, {"The", W, 1}}},
    {"'quoted' -dash- rock'n'roll", {{"'", P, 0}, {"quoted", W, 0}, {"'", P, 0}, {"-", P, 0}, {"dash", W, 0},
                                    {"-", P, 0}, {"rock'n'roll", W, 0}}},
    {"\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9, \xD0\xBC\xD0\xB8\xD1\x80",
     {{"\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9", W, 1}, {",", P, 0},
      {"\xD0\xBC\xD0\xB8\xD1\x80", W, 0}}},
    {"\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
     {{"\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", W, 1}, {"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", W, 0}}},
    {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\xD9\x8B \xD8\x9F",
     {{"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\xD9\x8B", W, 0}, {"\xD8\x9F", P, 0}}},
    {"\xE4\xBC\x9A\xE8\xB0\x88\xE3\x81\x8B\xE3\x80\x82" "AI",
     {{"\xE4\xBC\x9A", I, 0}, {"\xE8\xB0\x88", I, 0}, {"\xE3\x81\x8B", I, 0}, {"\xE3\x80\x82", P, 0}, {"AI", W, 1}}},
    {"Cafe\xCC\x81!", {{"Cafe\xCC\x81", W, 1}, {"!", P, 0}}},
    {"\xE2\x80\x9Cno\xE2\x80\x9D \xE2\x80\x94 x", {{"\xE2\x80\x9C", P, 0}, {"no", W, 0}, {"\xE2\x80\x9D", P, 0},
                                                  {"\xE2\x80\x94", P, 0}, {"x", W, 0}}},
    {"bad\xFFword", {{"bad", W, 0}, {"\xFF", P, 0}, {"word", W, 0}}},
    {"G7 1990s", {{"G7", W, 1}, {"1990", N, 0}, {"s", W, 0}}},
};

static void test_tokens(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof tcases / sizeof tcases[0]; k++) {
        const tcase *c = &tcases[k];
        cwi_tokens toks = {0};
        assert_int_equal(cwi_tokenize(c->in, strlen(c->in), &toks), CW_OK);
        size_t want = 0;
        while (want < 16 && c->want[want].text) want++;
        bool ok = toks.n == want;
        for (size_t i = 0; ok && i < want; i++) {
            const cwi_token *t = &toks.v[i];
            size_t len = t->span.end - t->span.start;
            ok = len == strlen(c->want[i].text) && memcmp(c->in + t->span.start, c->want[i].text, len) == 0 &&
                 t->kind == c->want[i].kind && t->upper == c->want[i].upper;
        }
        if (!ok) {
            fprintf(stderr, "tokens of [%s]:\n", c->in);
            for (size_t i = 0; i < toks.n; i++)
                fprintf(stderr, "  [%.*s] kind %d upper %d\n", (int)(toks.v[i].span.end - toks.v[i].span.start),
                        c->in + toks.v[i].span.start, toks.v[i].kind, toks.v[i].upper);
        }
        CWI_VEC_FREE(toks);
        assert_true(ok);
    }
}

static void test_tokens_random(void **state)
{
    (void)state;
    uint64_t x = 1234567;
    char in[300];
    for (int round = 0; round < 3000; round++) {
        for (size_t k = 0; k < sizeof in; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            in[k] = "aZ.'-1, \xE2\x80\x99\xD0\x96\xE4\xBC\x9A\xFF"[x % 17];
        }
        cwi_tokens toks = {0};
        assert_int_equal(cwi_tokenize(in, sizeof in, &toks), CW_OK);
        uint32_t prev = 0;
        for (size_t i = 0; i < toks.n; i++) {
            assert_true(toks.v[i].span.start >= prev);
            assert_true(toks.v[i].span.end > toks.v[i].span.start);
            assert_true(toks.v[i].span.end <= sizeof in);
            prev = toks.v[i].span.end;
        }
        CWI_VEC_FREE(toks);
    }
}

/* ---- stems ---- */

static void test_stems(void **state)
{
    (void)state;
    static const char *const t[][3] = {
        {"en", "negotiations", "negoti"},
        {"en", "running", "run"},
        {"en-US", "talks", "talk"},
        {"ru", "\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD1\x8B",
         "\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80"},
        {"de", "verhandlungen", "verhandl"},
        {"fr", "n\xC3\xA9gociations", "n\xC3\xA9goci"},
        {"es", "negociaciones", "negoci"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        cwi_stemmer *st = cwi_stemmer_new(t[k][0]);
        assert_non_null(st);
        size_t len;
        const char *r = cwi_stem(st, t[k][1], strlen(t[k][1]), &len);
        if (len != strlen(t[k][2]) || memcmp(r, t[k][2], len) != 0)
            fprintf(stderr, "stem %s %s: got [%.*s]\n", t[k][0], t[k][1], (int)len, r);
        assert_int_equal(len, strlen(t[k][2]));
        assert_memory_equal(r, t[k][2], len);
        cwi_stemmer_free(st);
    }
    const char *const langs[] = {"en", "ru", "de", "fr", "es", "it", "pt", "nl", "sv", "no", "da", "fi",
                                 "hu", "ro", "tr", "ar", "el"};
    for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++) {
        cwi_stemmer *st = cwi_stemmer_new(langs[k]);
        if (!st) fprintf(stderr, "no stemmer for %s\n", langs[k]);
        assert_non_null(st);
        cwi_stemmer_free(st);
    }
    assert_null(cwi_stemmer_new("zh"));
    assert_null(cwi_stemmer_new("xx"));
    assert_null(cwi_stemmer_new(""));
    assert_null(cwi_stemmer_new("english"));
    assert_null(cwi_stemmer_new(NULL));
    cwi_stemmer_free(NULL);
    size_t len;
    assert_string_equal(cwi_stem(NULL, "words", 5, &len), "words");
    assert_int_equal(len, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decode),   cmocka_unit_test(test_utf8_put),
        cmocka_unit_test(test_normalize),     cmocka_unit_test(test_normalize_appends),
        cmocka_unit_test(test_normalize_random), cmocka_unit_test(test_fold),
        cmocka_unit_test(test_tokens),        cmocka_unit_test(test_tokens_random),
        cmocka_unit_test(test_stems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
