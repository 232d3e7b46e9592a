/* ingest: WARC and WARC.gz written by the project's own writer, read back
 * record by record; truncated and damaged archives. */
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
#include <zlib.h>

#include "ingest/ingest.h"

#define MAXR 16

typedef struct seen {
    int n, errors;
    char name[MAXR][160], data[MAXR][300];
    int kind[MAXR];
    char errs[4][300];
} seen;

static cw_status rec_cb(void *ud, const cwi_record *r)
{
    seen *s = ud;
    if (s->n < MAXR) {
        snprintf(s->name[s->n], sizeof s->name[0], "%s", r->name);
        snprintf(s->data[s->n], sizeof s->data[0], "%.*s", (int)CWI_MIN(r->len, (size_t)299), r->data);
        s->kind[s->n] = r->kind;
    }
    assert_null(memchr(r->data, 0, r->len));
    s->n++;
    return CW_OK;
}

static void err_cb(void *ud, const char *msg)
{
    seen *s = ud;
    if (s->errors < 4) snprintf(s->errs[s->errors], sizeof s->errs[0], "%s", msg);
    s->errors++;
    assert_null(strchr(msg, '\n'));
}

static cwi_reader reader(seen *s)
{
    memset(s, 0, sizeof *s);
    cwi_reader r = {rec_cb, err_cb, NULL, s, 0, 0};
    return r;
}

static size_t gz(const char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t k = cap - z.avail_out;
    deflateEnd(&z);
    return k;
}

/* Writes the test archive: six records of which four are articles. */
static void write_archive(const char *path, bool gzip)
{
    cwi_warc_writer *w = NULL;
    assert_int_equal(cwi_warc_writer_open(path, gzip, &w), CW_OK);
    const char *p1 = "<html><head><title>Harbour reopens</title></head><body><p>The port reopened.</p></body></html>";
    assert_int_equal(cwi_warc_write_response(w, "https://a.example/1", "2024-05-06T10:00:00Z", NULL, p1, strlen(p1)),
                     CW_OK);
    /* windows-1251 declared in the HTTP header only */
    const char *p2 = "<html><body><p>\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0</p></body></html>";
    assert_int_equal(cwi_warc_write_response(w, "https://b.example/ru", NULL, "Content-Type: text/html; charset=windows-1251\r\n",
                                             p2, strlen(p2)),
                     CW_OK);
    /* an image and a request: passed over */
    assert_int_equal(cwi_warc_write_response(w, "https://a.example/x.png", NULL, "Content-Type: image/png\r\n", "\x89PNG", 4),
                     CW_OK);
    const char *req = "GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n";
    assert_int_equal(cwi_warc_write(w, "request", "https://a.example/1", NULL, "application/http; msgtype=request", req,
                                    strlen(req)),
                     CW_OK);
    /* chunked and gzip-encoded body */
    const char *p3 = "<html><body><p>Compressed and chunked page.</p></body></html>";
    unsigned char z[512];
    size_t zn = gz(p3, strlen(p3), z, sizeof z);
    char blk[2048];
    int hn = snprintf(blk, sizeof blk,
                      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "%zx\r\n",
                      (size_t)10);
    size_t bn = (size_t)hn;
    memcpy(blk + bn, z, 10);
    bn += 10;
    bn += (size_t)snprintf(blk + bn, sizeof blk - bn, "\r\n%zx\r\n", zn - 10);
    memcpy(blk + bn, z + 10, zn - 10);
    bn += zn - 10;
    bn += (size_t)snprintf(blk + bn, sizeof blk - bn, "\r\n0\r\n\r\n");
    assert_int_equal(cwi_warc_write(w, "response", "https://c.example/z", NULL, "application/http; msgtype=response", blk, bn),
                     CW_OK);
    /* a plain-text resource */
    const char *t = "A plain text resource about the council vote.";
    assert_int_equal(cwi_warc_write(w, "resource", "https://d.example/t.txt", NULL, "text/plain", t, strlen(t)), CW_OK);
    assert_int_equal(cwi_warc_writer_close(w), CW_OK);
}

static void check_archive(const seen *s)
{
    assert_int_equal(s->errors, 0);
    assert_int_equal(s->n, 4);
    assert_string_equal(s->name[0], "https://a.example/1");
    assert_int_equal(s->kind[0], CWI_REC_HTML);
    assert_non_null(strstr(s->data[0], "<p>The port reopened.</p>"));
    assert_string_equal(s->name[1], "https://b.example/ru");
    assert_non_null(strstr(s->data[1], "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82")); /* Привет */
    assert_string_equal(s->name[2], "https://c.example/z");
    assert_non_null(strstr(s->data[2], "Compressed and chunked page."));
    assert_string_equal(s->name[3], "https://d.example/t.txt");
    assert_int_equal(s->kind[3], CWI_REC_TEXT);
}

static void warc_gz_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/cw_warc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_archive(path, true);
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_path(&r, path), CW_OK);
    check_archive(&s);

    /* each record is its own gzip member: count the members */
    FILE *f = fopen(path, "rb");
    unsigned char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int members = 0;
    for (size_t i = 0; i + 2 < n; i++)
        if (buf[i] == 0x1f && buf[i + 1] == 0x8b && buf[i + 2] == 8) members++;
    assert_true(members >= 7); /* warcinfo + six */

    /* the same bytes in memory */
    r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, buf, n, "mem.warc.gz"), CW_OK);
    check_archive(&s);
    unlink(path);
}

static void plain_warc(void **state)
{
    (void)state;
    char path[] = "/tmp/cw_warc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_archive(path, false);
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_path(&r, path), CW_OK);
    check_archive(&s);
    unlink(path);
}

/* A WARC.gz cut in the middle of a member keeps the records before the cut
 * and names the offset. */
static void truncated_warc_gz(void **state)
{
    (void)state;
    char path[] = "/tmp/cw_warc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_archive(path, true);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    /* find the start of the fifth gzip member (the chunked response) and cut inside it */
    FILE *f = fopen(path, "rb");
    unsigned char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t starts[16];
    int k = 0;
    for (size_t i = 0; i + 2 < n && k < 16; i++)
        if (buf[i] == 0x1f && buf[i + 1] == 0x8b && buf[i + 2] == 8) starts[k++] = i;
    assert_true(k >= 7);
    size_t cut = starts[5] + (starts[6] - starts[5]) / 2;
    assert_int_equal(truncate(path, (off_t)cut), 0);
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_path(&r, path), CW_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.name[1], "https://b.example/ru");
    assert_int_equal(s.errors, 1);
    assert_non_null(strstr(s.errs[0], "truncated at byte "));
    assert_non_null(strstr(s.errs[0], "the record at byte "));
    assert_int_equal(r.failed, 1);
    unlink(path);
}

static void damaged_archives(void **state)
{
    (void)state;
    static const struct { const char *data, *want; int records; } cases[] = {
        {"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello\r\n\r\n"
         "garbage here", "at byte 87: not a WARC record", 1},
        {"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n\r\nHello", "without a valid Content-Length", 0},
        {"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: -5\r\n\r\nHello", "without a valid Content-Length", 0},
        {"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 50\r\n\r\nHello",
         "truncated at byte 84: the record at byte 0 is incomplete (5 of 50 bytes)", 0},
        {"WARC/1.0\r\nWARC-Type: resource\r\nContent-Len", "ends inside its header", 0},
        {"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 99999\r\n\r\nabc", "truncated", 0},
        {"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 19\r\n\r\n"
         "HTTP/1.1 200 OK\r\n\r\n", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        seen s;
        cwi_reader r = reader(&s);
        assert_int_equal(cwi_read_warc_memory(&r, cases[i].data, strlen(cases[i].data), "bad.warc"), CW_OK);
        if (s.n != cases[i].records) fail_msg("case %zu: %d records", i, s.n);
        if (!cases[i].want) {
            if (s.errors) fail_msg("case %zu: unexpected error %s", i, s.errs[0]);
            continue;
        }
        if (s.errors != 1 || !strstr(s.errs[0], cases[i].want))
            fail_msg("case %zu: %d errors, \"%s\" lacks \"%s\"", i, s.errors, s.errs[0], cases[i].want);
    }
}

/* Records pass one at a time: an archive much larger than one record is
 * read with the reader's memory bounded by one record (checked by ASan and
 * the CLI memory test; here: many records, all seen). */
static void many_records(void **state)
{
    (void)state;
    char path[] = "/tmp/cw_warc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    cwi_warc_writer *w = NULL;
    assert_int_equal(cwi_warc_writer_open(path, true, &w), CW_OK);
    char body[256], uri[64];
    for (int i = 0; i < 2000; i++) {
        int bn = snprintf(body, sizeof body, "<html><body><p>Article number %d of the archive.</p></body></html>", i);
        snprintf(uri, sizeof uri, "https://m.example/%d", i);
        assert_int_equal(cwi_warc_write_response(w, uri, NULL, NULL, body, (size_t)bn), CW_OK);
    }
    assert_int_equal(cwi_warc_writer_close(w), CW_OK);
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_path(&r, path), CW_OK);
    assert_int_equal(s.n, 2000);
    assert_int_equal(s.errors, 0);
    unlink(path);
    assert_int_equal(cwi_warc_writer_close(NULL), CW_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(warc_gz_round_trip),
        cmocka_unit_test(plain_warc),
        cmocka_unit_test(truncated_warc_gz),
        cmocka_unit_test(damaged_archives),
        cmocka_unit_test(many_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
