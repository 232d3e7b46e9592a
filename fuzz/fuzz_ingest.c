/*
 * libFuzzer target: the readers (format detection, JSON Lines, JSON
 * documents, gzip, charsets) on arbitrary bytes. Properties: no crash, no
 * leak, every record handed on is valid UTF-8 without NUL bytes and within
 * the record limit, and reading the same bytes twice gives the same records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "text/text.h"

typedef struct tally {
    uint64_t records, bytes, hash;
} tally;

static cw_status on_record(void *ud, const cwi_record *r)
{
    tally *t = ud;
    if (r->len > CW_MAX_RECORD_BYTES || memchr(r->data, 0, r->len) ||
        cwi_utf8_valid_prefix(r->data, r->len) != r->len || !r->name || !r->where)
        abort();
    t->records++;
    t->bytes += r->len;
    t->hash = t->hash * 31 + cwi_hash64(r->data, r->len, 0);
    return CW_OK;
}

static void on_error(void *ud, const char *msg)
{
    (void)ud;
    if (!msg || strchr(msg, '\n')) abort(); /* one line, always */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tally a = {0}, b = {0};
    cwi_reader r = {on_record, on_error, NULL, &a, 0, 0};
    cwi_read_memory(&r, data, size, "fuzz.in");
    r.ud = &b;
    cwi_read_memory(&r, data, size, "fuzz.in");
    if (a.records != b.records || a.bytes != b.bytes || a.hash != b.hash) abort();
    return 0;
}
