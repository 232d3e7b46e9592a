/*
 * libFuzzer target: the feed reader (entity pre-pass, libxml2 in recover
 * mode, item walk, dates) on arbitrary bytes, and the date parser alone.
 * Properties: no crash, no leak, every record valid UTF-8 without NUL within
 * the limit, a date is either refused or well-formed ISO 8601, and reading
 * the same bytes twice gives the same records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "text/text.h"

typedef struct tally {
    uint64_t records, hash;
} tally;

static void check_str(const char *s)
{
    if (s && cwi_utf8_valid_prefix(s, strlen(s)) != strlen(s)) abort();
}

static cw_status on_record(void *ud, const cwi_record *r)
{
    tally *t = ud;
    if (r->len > CW_MAX_RECORD_BYTES || memchr(r->data, 0, r->len) ||
        cwi_utf8_valid_prefix(r->data, r->len) != r->len || !r->name || !r->where)
        abort();
    check_str(r->title);
    check_str(r->outlet);
    check_str(r->author);
    check_str(r->url);
    if (r->published) {
        size_t n = strlen(r->published);
        if (n < 10 || r->published[4] != '-' || r->published[7] != '-') abort();
    }
    t->records++;
    t->hash = t->hash * 31 + cwi_hash64(r->data, r->len, 0) + cwi_hash64(r->name, strlen(r->name), 1);
    return CW_OK;
}

static void on_error(void *ud, const char *msg)
{
    (void)ud;
    if (!msg || strchr(msg, '\n')) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *d = cwi_feed_date((const char *)data, size);
    if (d && (strlen(d) < 10 || d[4] != '-' || d[7] != '-')) abort();
    free(d);
    tally a = {0}, b = {0};
    cwi_reader r = {on_record, on_error, NULL, &a, 0, 0};
    cwi_read_feed(&r, (const char *)data, size, "fuzz.xml");
    r.ud = &b;
    cwi_read_feed(&r, (const char *)data, size, "fuzz.xml");
    if (a.records != b.records || a.hash != b.hash) abort();
    return 0;
}
