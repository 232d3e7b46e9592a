/* ingest: format detection, JSON Lines, charsets and refusals, each from the
 * team's own small inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include <zlib.h>

#include "ingest/ingest.h"

typedef struct seen {
    int n;
    char names[16][128];
    char data[16][256];
    int kinds[16];
    char titles[16][128];
    char outlets[16][64];
    int errors;
    char errs[16][256];
    int skips;
} seen;

static cw_status rec_cb(void *ud, const cwi_record *r)
{
    seen *s = ud;
    if (s->n < 16) {
        snprintf(s->names[s->n], 128, "%s", r->name);
        snprintf(s->data[s->n], 256, "%.*s", (int)CWI_MIN(r->len, (size_t)255), r->data);
        s->kinds[s->n] = r->kind;
        snprintf(s->titles[s->n], 128, "%s", r->title ? r->title : "");
        snprintf(s->outlets[s->n], 64, "%s", r->outlet ? r->outlet : "");
    }
    s->n++;
    return CW_OK;
}

static void err_cb(void *ud, const char *msg)
{
    seen *s = ud;
    if (s->errors < 16) snprintf(s->errs[s->errors], 256, "%s", msg);
    s->errors++;
    assert_null(strchr(msg, '\n')); /* one line */
}

static void skip_cb(void *ud, const char *msg)
{
    (void)msg;
    ((seen *)ud)->skips++;
}

static cwi_reader reader(seen *s)
{
    memset(s, 0, sizeof *s);
    cwi_reader r = {rec_cb, err_cb, skip_cb, s, 0, 0};
    return r;
}

static void plain_text_is_one_record(void **state)
{
    (void)state;
    seen s;
    cwi_reader r = reader(&s);
    const char *t = "Harbour reopens after storm\nThe port of Ostrava Nova reopened on Friday.\n";
    assert_int_equal(cwi_read_memory(&r, t, strlen(t), "dir/harbour.txt"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.names[0], "harbour.txt");
    assert_int_equal(s.kinds[0], CWI_REC_UNKNOWN);
    assert_int_equal(s.errors, 0);
    assert_int_equal(r.bytes, strlen(t));
}

static void jsonl_records_and_one_broken_line(void **state)
{
    (void)state;
    seen s;
    cwi_reader r = reader(&s);
    const char *t = "{\"name\": \"a1\", \"title\": \"First\", \"outlet\": \"Daily Lantern\", \"text\": \"Body one.\"}\n"
                    "{\"url\": \"https://example.org/x\", \"html\": \"<p>Body two.</p>\"}\n"
                    "\n"
                    "{\"name\": \"broken\", \"text\": \"unterminated}\n"
                    "[1, 2]\n"
                    "{\"name\": \"notext\"}\n"
                    "{\"id\": 77, \"text\": \"Body three.\"}";
    assert_int_equal(cwi_read_memory(&r, t, strlen(t), "feed.jsonl"), CW_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.names[0], "a1");
    assert_string_equal(s.titles[0], "First");
    assert_string_equal(s.outlets[0], "Daily Lantern");
    assert_int_equal(s.kinds[0], CWI_REC_TEXT);
    assert_string_equal(s.names[1], "https://example.org/x");
    assert_int_equal(s.kinds[1], CWI_REC_HTML);
    assert_string_equal(s.names[2], "77");
    assert_int_equal(s.errors, 3);
    assert_non_null(strstr(s.errs[0], "feed.jsonl:4:"));
    assert_non_null(strstr(s.errs[1], "feed.jsonl:5:"));
    assert_non_null(strstr(s.errs[2], "feed.jsonl:6:"));
    assert_int_equal(r.failed, 3);
}

static void json_document_with_articles(void **state)
{
    (void)state;
    seen s;
    cwi_reader r = reader(&s);
    const char *t = "{\n  \"articles\": [\n    {\"name\": \"x\", \"text\": \"One.\"},\n"
                    "    {\"name\": \"y\", \"text\": \"Two.\"}\n  ]\n}\n";
    assert_int_equal(cwi_read_memory(&r, t, strlen(t), "story.json"), CW_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.names[1], "y");
    const char *other = "{\n  \"about\": \"settings, not news\"\n}\n";
    r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, other, strlen(other), "conf.json"), CW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.skips, 1);
}

static void refusals_name_the_place(void **state)
{
    (void)state;
    static const struct { const char *data; size_t len; const char *want; } cases[] = {
        {"", 0, "empty"},
        {"  \n\n\t ", 6, "empty"},
        {"text\0with a nul", 15, "NUL byte at byte 4"},
        {"caf\xc3\xa9 and then \xc3\xa9\xff broken", 25, "invalid UTF-8 at byte"},
        {"an ending cut short: \xe2\x80", 23, "truncated UTF-8"},
        {"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 10, "binary data"},
        {"\xff\xfeH\0\0\0i\0", 8, "NUL character once converted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        seen s;
        cwi_reader r = reader(&s);
        assert_int_equal(cwi_read_memory(&r, cases[i].data, cases[i].len, "bad.txt"), CW_OK);
        assert_int_equal(s.n, 0);
        assert_int_equal(s.errors, 1);
        if (!strstr(s.errs[0], cases[i].want) || strncmp(s.errs[0], "bad.txt: ", 9) != 0)
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, s.errs[0], cases[i].want);
    }
}

static void legacy_charsets_are_converted(void **state)
{
    (void)state;
    seen s;
    cwi_reader r = reader(&s);
    /* windows-1252: curly quotes and an e-acute. */
    const char *w = "The mayor said \x93we will rebuild\x94 in the caf\xe9 district of the old town, and the "
                    "council agreed with the plan that had been drawn up over the winter months.\n";
    assert_int_equal(cwi_read_memory(&r, w, strlen(w), "latin.txt"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.data[0], "\xe2\x80\x9cwe will rebuild\xe2\x80\x9d"));
    assert_non_null(strstr(s.data[0], "caf\xc3\xa9"));

    /* UTF-16 with a byte order mark. */
    r = reader(&s);
    const char u16[] = "\xff\xfeH\0i\0 \0t\0h\0e\0r\0e\0";
    assert_int_equal(cwi_read_memory(&r, u16, sizeof u16 - 1, "wide.txt"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.data[0], "Hi there");

    /* An HTML page that declares its charset. */
    r = reader(&s);
    const char *h = "<html><head><meta charset=\"windows-1251\"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>";
    assert_int_equal(cwi_read_memory(&r, h, strlen(h), "ru.html"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.data[0], "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82")); /* Привет */
}

static void gzip_is_read_through(void **state)
{
    (void)state;
    const char *t = "{\"name\": \"z1\", \"text\": \"Compressed one.\"}\n{\"name\": \"z2\", \"text\": \"Compressed two.\"}\n";
    unsigned char out[512];
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)t;
    z.avail_in = (uInt)strlen(t);
    z.next_out = out;
    z.avail_out = sizeof out;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = sizeof out - z.avail_out;
    deflateEnd(&z);

    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, out, n, "feed.jsonl.gz"), CW_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.names[1], "z2");

    /* The same through a file, which takes the gzFile path. */
    char path[] = "/tmp/cw_ingest_gz_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out, n), (ssize_t)n);
    close(fd);
    r = reader(&s);
    assert_int_equal(cwi_read_path(&r, path), CW_OK);
    assert_int_equal(s.n, 2);
    unlink(path);
}

static void folders_are_walked_in_name_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/cw_ingest_dir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    const char *files[][2] = {{"b.txt", "Second file body."}, {"a.txt", "First file body."},
                              {"sub/c.txt", "Third file body."}, {".hidden.txt", "Not read."},
                              {"notes.md", "Not an article."}, {"empty.txt", ""}};
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i][0]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(files[i][1], f);
        fclose(f);
    }
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_path(&r, dir), CW_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.names[0], "a.txt");
    assert_string_equal(s.names[1], "b.txt");
    assert_string_equal(s.names[2], "c.txt");
    assert_int_equal(s.errors, 1); /* empty.txt */
    assert_non_null(strstr(s.errs[0], "empty.txt: empty"));

    r = reader(&s);
    snprintf(p, sizeof p, "%s/absent.txt", dir);
    assert_int_equal(cwi_read_path(&r, p), CW_OK);
    assert_int_equal(s.errors, 1);
    assert_non_null(strstr(s.errs[0], "absent.txt: No such file"));
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void oversized_input_is_refused_in_bounded_memory(void **state)
{
    (void)state;
    /* A plain text one byte over the limit. */
    size_t n = (size_t)CW_MAX_RECORD_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    for (size_t i = 80; i < n; i += 81) big[i] = '\n';
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, big, n, "huge.txt"), CW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.errors, 1);
    assert_non_null(strstr(s.errs[0], "limit"));

    /* JSON Lines with one line over the limit between good ones. */
    const char *good = "{\"name\": \"ok\", \"text\": \"Fine.\"}\n";
    size_t gl = strlen(good);
    char *j = malloc(n + 2 * gl + 16);
    assert_non_null(j);
    memcpy(j, good, gl);
    memcpy(j + gl, "{\"text\": \"", 10);
    memset(j + gl + 10, 'x', n);
    memcpy(j + gl + 10 + n, "\"}\n", 3);
    memcpy(j + gl + 13 + n, good, gl);
    r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, j, 2 * gl + 13 + n, "big.jsonl"), CW_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.errors, 1);
    assert_non_null(strstr(s.errs[0], "big.jsonl:2:"));
    free(j);
    free(big);
}

/* The flat reader against jansson: whatever it accepts, jansson reads to
 * the same values; it accepts the plain records that make most inputs; and
 * a few thousand mutations of them (bytes changed, cut, doubled) never make
 * it disagree. */
static const char *const flat_keys[] = {"text", "id", "title", "url", "n"};

static void agree(const char *line, size_t n)
{
    cwi_flat_value v[5];
    cwi_buf sc;
    cwi_buf_init(&sc, 0);
    bool flat = cwi_flat_json(line, n, flat_keys, 5, v, &sc);
    json_t *o = json_loadb(line, n, 0, NULL);
    if (flat) {
        assert_non_null(o);
        assert_true(json_is_object(o));
        for (int k = 0; k < 5; k++) {
            json_t *x = json_object_get(o, flat_keys[k]);
            switch (v[k].type) {
            case CWI_FLAT_ABSENT: assert_null(x); break;
            case CWI_FLAT_STRING:
                assert_true(json_is_string(x));
                assert_int_equal(v[k].len, json_string_length(x));
                assert_memory_equal(v[k].str, json_string_value(x), v[k].len + 1);
                break;
            case CWI_FLAT_INTEGER:
                assert_true(json_is_integer(x));
                assert_true(v[k].integer == (long long)json_integer_value(x));
                break;
            default: assert_true(x && !json_is_string(x) && !json_is_integer(x)); break;
            }
        }
    }
    json_decref(o);
    cwi_buf_clean(&sc);
}

static void flat_json_agrees_with_jansson(void **state)
{
    (void)state;
    static const char *const plain[] = {
        "{\"id\": 17, \"title\": \"Dam opens\", \"text\": \"The dam opened on Monday.\\nMore later.\"}",
        " {\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\" tab\\t\",\"url\":\"http:\\/\\/x.test\\/a\"} ",
        "{\"text\": \"Z\xc3\xbcrich \xe2\x82\xac 5\", \"n\": -0, \"x\": [1, 2], \"title\": null}",
        "{\"text\": \"first\", \"text\": \"second\", \"n\": 1.25, \"ok\": true, \"no\": false}",
        "{}",
        "{\"id\": -123456789012345678}",
    };
    static const char *const refused[] = {
        "{\"text\": \"a\\u0000b\"}",       /* NUL */
        "{\"text\": \"\\udc00\"}",          /* lone low surrogate */
        "{\"text\": \"\\ud800x\"}",         /* high surrogate alone */
        "{\"text\": \"\xc0\xaf\"}",         /* overlong */
        "{\"text\": \"\xed\xa0\x80\"}",     /* encoded surrogate */
        "{\"text\": \"a\tb\"}",             /* raw control character */
        "{\"id\": 1234567890123456789}",    /* might not fit */
        "{\"n\": 1e400}",                   /* exponent */
        "{\"text\": \"a\",}",               /* trailing comma */
        "{\"text\": \"a\"} x",              /* more after */
        "{\"n\": 01}",                      /* leading zero */
        "[\"text\"]",                       /* not an object */
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        cwi_flat_value v[5];
        cwi_buf sc;
        cwi_buf_init(&sc, 0);
        /* the third line holds an array: left to jansson */
        assert_int_equal(cwi_flat_json(plain[i], strlen(plain[i]), flat_keys, 5, v, &sc), i != 2);
        cwi_buf_clean(&sc);
        agree(plain[i], strlen(plain[i]));
    }
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        cwi_flat_value v[5];
        cwi_buf sc;
        cwi_buf_init(&sc, 0);
        assert_false(cwi_flat_json(refused[i], strlen(refused[i]), flat_keys, 5, v, &sc));
        cwi_buf_clean(&sc);
        agree(refused[i], strlen(refused[i]));
    }
    uint32_t seed = 12345;
    char buf[512];
    for (int round = 0; round < 20000; round++) {
        const char *src = plain[round % 6];
        size_t n = strlen(src);
        memcpy(buf, src, n);
        for (int m = 0; m < 1 + round % 3; m++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            static const char pick[] = "\"\\{}[],:0123456789eE.-+ tuab\x80\xc3\xe2\xed\xf0";
            switch (seed >> 28 & 3) {
            case 0: buf[at] = pick[(seed >> 16) % (sizeof pick - 1)]; break;
            case 1: n = at; break;
            case 2: if (n + 1 < sizeof buf) { memmove(buf + at + 1, buf + at, n - at); n++; } break;
            default: buf[at] = (char)(seed >> 20); break;
            }
            if (!n) break;
        }
        agree(buf, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_is_one_record),
        cmocka_unit_test(jsonl_records_and_one_broken_line),
        cmocka_unit_test(json_document_with_articles),
        cmocka_unit_test(refusals_name_the_place),
        cmocka_unit_test(legacy_charsets_are_converted),
        cmocka_unit_test(gzip_is_read_through),
        cmocka_unit_test(folders_are_walked_in_name_order),
        cmocka_unit_test(oversized_input_is_refused_in_bounded_memory),
        cmocka_unit_test(flat_json_agrees_with_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
