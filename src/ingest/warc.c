/*
 * WARC (ISO 28500, 1.0 and 1.1) and WARC.gz: reading, streamed record by
 * record, and a small writer (one gzip member per record, as crawlers write
 * them) that the tests and benchmarks use.
 *
 * Reading holds one record at a time: its WARC header (at most 64 KiB) and
 * its block (at most CW_MAX_RECORD_BYTES plus the HTTP header; larger blocks
 * are skipped without being held). response and resource records whose
 * payload is HTML or text become records; requests, metadata, revisits,
 * images, scripts, redirects and errors are passed over silently. The
 * payload's charset comes from the HTTP Content-Type, else the page, else
 * detection (cwi_to_utf8). gzip decompression happens below, in the byte
 * source, so offsets in messages are offsets in the uncompressed archive.
 */
#include "ingest/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define MAX_HEADER 65536u
#define CHUNK 65536u

bool cwi_is_warc(const char *p, size_t n) { return n >= 6 && !memcmp(p, "WARC/", 5) && isdigit((unsigned char)p[5]); }

/* ---- a buffered pull reader --------------------------------------------------------------- */

typedef struct pull {
    cwi_pull_fn fn;
    void *ud;
    cwi_reader *r;
    cwi_buf b;       /* bytes not yet consumed are b.data[pos..b.len) */
    size_t pos;
    uint64_t offset; /* archive offset of b.data[pos] */
    bool eof, err;
} pull;

/* Makes at least need bytes available past pos, unless the input ends
 * first. Returns CW_OK (check avail), or CW_ERR_NOMEM/LIMIT. */
static cw_status fill(pull *p, size_t need)
{
    while (p->b.len - p->pos < need && !p->eof) {
        if (p->pos > 0 && (p->pos >= p->b.len / 2 || p->b.len + CHUNK > p->b.cap)) {
            memmove(p->b.data, p->b.data + p->pos, p->b.len - p->pos);
            p->b.len -= p->pos;
            p->pos = 0;
        }
        CWI_TRY(cwi_buf_reserve(&p->b, CHUNK));
        long got = p->fn(p->ud, p->b.data + p->b.len, CHUNK);
        if (got < 0) {
            p->err = p->eof = true;
            break;
        }
        if (got == 0) {
            p->eof = true;
            break;
        }
        p->b.len += (size_t)got;
        p->b.data[p->b.len] = 0;
        p->r->bytes += (uint64_t)got;
    }
    return CW_OK;
}

static size_t avail(const pull *p) { return p->b.len - p->pos; }

static void consume(pull *p, size_t n)
{
    p->pos += n;
    p->offset += n;
}

/* Whether q[0..n) starts a WARC record: "WARC/" and a digit. */
static bool record_start(const char *q, size_t n) { return n >= 6 && !memcmp(q, "WARC/", 5) && isdigit((unsigned char)q[5]); }

/* Moves on to the next line that starts a WARC record ("WARC/1.0" at the
 * start of a line), from at bytes past pos, holding at most a chunk at a
 * time. True with pos on it; false at the end of the input (all consumed).
 * This is how a damaged archive is read on past a record whose
 * Content-Length lies: the records after it are still found. */
static bool resync(pull *p, size_t at)
{
    consume(p, CWI_MIN(at, avail(p)));
    for (;;) {
        if (fill(p, avail(p) + CHUNK) != CW_OK) return false;
        const char *q = p->b.data + p->pos;
        size_t n = avail(p);
        for (size_t i = 0; i + 6 <= n; i++) {
            if ((i == 0 || q[i - 1] == '\n') && record_start(q + i, n - i)) {
                consume(p, i);
                return true;
            }
        }
        if (p->eof) {
            consume(p, n);
            return false;
        }
        consume(p, n > 6 ? n - 6 : 0); /* keep a tail that may begin a "\nWARC/1" cut by the chunk */
    }
}

/* Skips a block of n bytes that is not held (too large, or not wanted),
 * watching for a record that starts inside it ("\r\n\r\nWARC/1.0"): a
 * Content-Length larger than the block would otherwise swallow every record
 * after it. Returns 0 when n bytes were skipped, 1 when a record start was
 * found first (pos on it), -1 when the input ended first. */
static int skip_watching(pull *p, uint64_t n)
{
    static const char mark[] = "\r\n\r\nWARC/";
    const size_t mk = sizeof mark - 1;
    uint64_t done = 0;
    while (done < n) {
        if (avail(p) < mk + 1 && !p->eof) {
            if (fill(p, mk + 1) != CW_OK) return -1;
        }
        if (!avail(p)) return -1;
        const char *q = p->b.data + p->pos;
        size_t k = (size_t)CWI_MIN((uint64_t)avail(p), n - done);
        /* a record start whose "\r\n\r\n" begins inside the block */
        for (size_t i = 0; i < k && i + mk + 1 <= avail(p); i++) {
            if (q[i] == '\r' && !memcmp(q + i, mark, mk) && isdigit((unsigned char)q[i + mk])) {
                consume(p, i + 4);
                return 1;
            }
        }
        size_t keep = avail(p) >= mk + 1 && k == avail(p) && !p->eof ? mk : 0;
        if (k > keep) k -= keep;
        else if (!p->eof) {
            if (fill(p, avail(p) + CHUNK) != CW_OK) return -1;
            continue;
        }
        consume(p, k);
        done += k;
        if (!avail(p)) {
            p->b.len = p->pos = 0;
            if (done < n && (fill(p, 1) != CW_OK || !avail(p))) return -1;
        }
    }
    return 0;
}

/* Whether what follows a block that ends end bytes past pos is the end of
 * the input or, past its blank lines, the next record: the check that the
 * block's Content-Length was true. */
static bool block_ends_well(pull *p, size_t end)
{
    fill(p, end + 16);
    size_t i = end;
    const char *q = p->b.data + p->pos;
    while (i < avail(p) && i < end + 8 && (q[i] == '\r' || q[i] == '\n')) i++;
    if (i >= avail(p)) return p->eof;
    return record_start(q + i, avail(p) - i);
}

/* Whether a record starts within a chunk past from bytes after pos (nothing
 * consumed): a block that is whole but not followed by a record is kept
 * when nothing but garbage follows, and dropped as cut short by a wrong
 * Content-Length when a record follows soon after. */
static bool later_record(pull *p, size_t from)
{
    (void)fill(p, from + CHUNK); /* short of memory or input: judge what is there */
    const char *q = p->b.data + p->pos;
    size_t n = avail(p);
    for (size_t i = from; i + 6 <= n; i++)
        if ((i == 0 || q[i - 1] == '\n') && record_start(q + i, n - i)) return true;
    return false;
}

/* ---- headers ------------------------------------------------------------------------------ */

/* Finds the value of a header field in a block of "Name: value" lines (one
 * header block, h[0..n)); returns a slice, or {NULL, 0}. */
static cwi_slice header(const char *h, size_t n, const char *name)
{
    size_t k = strlen(name);
    const char *p = h, *end = h + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if ((size_t)(le - p) > k && !strncasecmp(p, name, k) && p[k] == ':') {
            const char *v = p + k + 1;
            const char *ve = le;
            while (v < ve && (*v == ' ' || *v == '\t')) v++;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            return (cwi_slice){v, (size_t)(ve - v)};
        }
        p = nl ? nl + 1 : end;
    }
    return (cwi_slice){NULL, 0};
}

static bool slice_starts_ci(cwi_slice s, const char *lit)
{
    size_t k = strlen(lit);
    return s.p && s.n >= k && !strncasecmp(s.p, lit, k);
}

static bool slice_has_ci(cwi_slice s, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; s.p && i + k <= s.n; i++)
        if (!strncasecmp(s.p + i, lit, k)) return true;
    return false;
}

/* The charset parameter of a Content-Type, into out; NULL when none. */
static const char *charset_of(cwi_slice ct, char *out, size_t outsz)
{
    for (size_t i = 0; ct.p && i + 8 <= ct.n; i++) {
        if (strncasecmp(ct.p + i, "charset=", 8)) continue;
        size_t j = i + 8, k = 0;
        if (j < ct.n && (ct.p[j] == '"' || ct.p[j] == '\'')) j++;
        while (j < ct.n && k + 1 < outsz && (isalnum((unsigned char)ct.p[j]) || strchr("-_.:", ct.p[j])))
            out[k++] = ct.p[j++];
        out[k] = 0;
        return k ? out : NULL;
    }
    return NULL;
}

/* Where a header block ends: the offset just past "\r\n\r\n" (or "\n\n"),
 * or 0 when not within n bytes. */
static size_t header_end(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n') continue;
        if (p[i + 1] == '\n') return i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* ---- HTTP payloads ---------------------------------------------------------------------- */

/* Undoes chunked transfer coding into out; false when malformed. */
static bool dechunk(const char *p, size_t n, cwi_buf *out)
{
    size_t i = 0;
    while (i < n) {
        char *end = NULL;
        size_t lim = CWI_MIN(n - i, (size_t)32);
        char hex[40];
        memcpy(hex, p + i, lim);
        hex[lim] = 0;
        unsigned long long k = strtoull(hex, &end, 16);
        if (end == hex) return false;
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl) return false;
        i = (size_t)(nl - p) + 1;
        if (k == 0) return true;
        if (k > n - i) return false;
        if (cwi_buf_add(out, p + i, (size_t)k) != CW_OK) return false;
        i += (size_t)k;
        if (i < n && p[i] == '\r') i++;
        if (i < n && p[i] == '\n') i++;
    }
    return true; /* a body cut short is kept as far as it goes */
}

/* Inflates gzip or zlib/raw deflate content coding into out (bounded). */
static bool inflate_body(const char *p, size_t n, bool gz, cwi_buf *out)
{
    z_stream z = {0};
    if (inflateInit2(&z, gz ? 16 + MAX_WBITS : MAX_WBITS + 32) != Z_OK) return false;
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)CWI_MIN(n, (size_t)UINT32_MAX);
    int zr = Z_OK;
    bool ok = true;
    while (zr == Z_OK) {
        if (cwi_buf_reserve(out, CHUNK) != CW_OK) {
            ok = false;
            break;
        }
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = CHUNK;
        zr = inflate(&z, Z_NO_FLUSH);
        out->len = (size_t)((char *)z.next_out - out->data);
        out->data[out->len] = 0;
        if (zr == Z_BUF_ERROR) break; /* input ended: keep what was inflated */
    }
    if (zr == Z_DATA_ERROR || zr == Z_MEM_ERROR || zr == Z_NEED_DICT) ok = false;
    inflateEnd(&z);
    return ok && out->len > 0;
}

typedef struct warc_rec {
    cwi_slice type, uri, ctype;
    uint64_t start; /* archive offset of the record */
} warc_rec;

#define report(r, ...) cwi_reader_refuse((r), "a WARC record refused", __VA_ARGS__)

/* Hands on one response/resource block; refusals are reported. */
static cw_status payload(cwi_reader *r, const warc_rec *w, const char *block, size_t n, const char *label)
{
    cwi_slice ct = w->ctype;
    const char *body = block;
    size_t blen = n;
    bool chunked = false;
    cwi_slice enc = {NULL, 0};
    if (slice_starts_ci(w->type, "response")) {
        if (!slice_starts_ci(w->ctype, "application/http")) return CW_OK; /* dns:, whois and the like */
        if (n < 12 || strncmp(block, "HTTP/", 5)) return CW_OK;
        size_t he = header_end(block, CWI_MIN(n, (size_t)MAX_HEADER));
        if (!he) return CW_OK;
        const char *sp = memchr(block, ' ', CWI_MIN(he, (size_t)32));
        int status = sp ? atoi(sp + 1) : 0;
        if (status < 200 || status > 299) return CW_OK;
        ct = header(block, he, "Content-Type");
        enc = header(block, he, "Content-Encoding");
        chunked = slice_has_ci(header(block, he, "Transfer-Encoding"), "chunked");
        body = block + he;
        blen = n - he;
    }
    bool html = false;
    if (ct.p) {
        if (slice_has_ci(ct, "html")) html = true;
        else if (!slice_starts_ci(ct, "text/plain")) return CW_OK; /* images, scripts, feeds, PDFs */
    } else {
        size_t i = 0;
        while (i < blen && isspace((unsigned char)body[i])) i++;
        html = i < blen && body[i] == '<';
    }
    char where[4200];
    snprintf(where, sizeof where, "%.4000s[record at byte %llu]", label, (unsigned long long)w->start);
    cwi_buf dec, dec2, utf;
    cwi_buf_init(&dec, (size_t)CW_MAX_RECORD_BYTES + 1);
    cwi_buf_init(&dec2, (size_t)CW_MAX_RECORD_BYTES + 1);
    cwi_buf_init(&utf, (size_t)CW_MAX_RECORD_BYTES * 3);
    cw_status st = CW_OK;
    if (chunked) {
        if (!dechunk(body, blen, &dec)) {
            report(r, "%s: a broken chunked HTTP body", where);
            goto out;
        }
        body = dec.data ? dec.data : "";
        blen = dec.len;
    }
    if (enc.p && !slice_starts_ci(enc, "identity")) {
        bool gz = slice_has_ci(enc, "gzip"), df = slice_has_ci(enc, "deflate");
        if (!gz && !df) {
            report(r, "%s: an HTTP body in a content coding that cannot be read (%.*s)", where, (int)CWI_MIN(enc.n, (size_t)40), enc.p);
            goto out;
        }
        if (!inflate_body(body, blen, gz, &dec2)) {
            report(r, "%s: a damaged or oversized %s HTTP body", where, gz ? "gzip" : "deflate");
            goto out;
        }
        body = dec2.data;
        blen = dec2.len;
    }
    if (!blen) goto out; /* an empty page is not an article, nor an error */
    if (blen > CW_MAX_RECORD_BYTES) {
        report(r, "%s: the page is larger than the %u MiB limit", where, CW_MAX_RECORD_BYTES >> 20);
        goto out;
    }
    char csbuf[64];
    const char *cs = charset_of(ct, csbuf, sizeof csbuf);
    char *why = NULL;
    st = cwi_to_utf8(body, blen, cs, html, &utf, &why);
    if (st == CW_ERR_INPUT || st == CW_ERR_LIMIT) {
        report(r, "%s: %s", where, why ? why : "cannot be read as text");
        st = CW_OK;
    } else if (st == CW_OK) {
        char *uri = w->uri.p ? cwi_strndup(w->uri.p, w->uri.n) : NULL;
        if (uri && uri[0] == '<' && uri[strlen(uri) - 1] == '>') { /* WARC 1.1 drafts wrote <uri> */
            memmove(uri, uri + 1, strlen(uri) - 2);
            uri[strlen(uri) - 2] = 0;
        }
        cwi_record rec = {0};
        rec.name = uri && *uri ? uri : where;
        rec.where = where;
        rec.kind = html ? CWI_REC_HTML : CWI_REC_TEXT;
        rec.data = utf.data ? utf.data : "";
        rec.len = utf.len;
        rec.url = uri && *uri ? uri : NULL;
        st = r->on_record(r->ud, &rec);
        if (st == CW_ERR_INPUT) st = CW_OK;
        free(uri);
    }
    free(why);
out:
    cwi_buf_clean(&dec);
    cwi_buf_clean(&dec2);
    cwi_buf_clean(&utf);
    return st;
}

cw_status cwi_read_warc(cwi_reader *r, const char *head, size_t headlen, cwi_pull_fn fn, void *ud, const char *label)
{
    pull p = {.fn = fn, .ud = ud, .r = r};
    bool told_end = false; /* the end of the input was reported already */
    cwi_buf_init(&p.b, (size_t)CW_MAX_RECORD_BYTES + MAX_HEADER + 4 * CHUNK);
    cw_status st = cwi_buf_add(&p.b, head, headlen);
    if (st != CW_OK) return st;
    while (st == CW_OK) {
        /* between records: blank lines (the "\r\n\r\n" after a block) */
        for (;;) {
            if ((st = fill(&p, 1)) != CW_OK) break;
            if (!avail(&p)) break;
            char c = p.b.data[p.pos];
            if (c != '\r' && c != '\n') break;
            consume(&p, 1);
        }
        if (st != CW_OK || !avail(&p)) break;
        warc_rec w = {.start = p.offset};
        if ((st = fill(&p, MAX_HEADER)) != CW_OK) break;
        const char *h = p.b.data + p.pos;
        size_t hn = CWI_MIN(avail(&p), (size_t)MAX_HEADER);
        if (!cwi_is_warc(h, hn)) {
            if (resync(&p, 1)) {
                report(r, "%s: at byte %llu: not a WARC record (the archive is damaged here; reading on at the next "
                          "record, at byte %llu)", label, (unsigned long long)w.start, (unsigned long long)p.offset);
                continue;
            }
            report(r, "%s: at byte %llu: not a WARC record (the archive is damaged here; no record after it)", label,
                   (unsigned long long)w.start);
            told_end = true;
            break;
        }
        size_t he = header_end(h, hn);
        if (!he) {
            told_end = p.eof && hn < MAX_HEADER;
            if (told_end)
                report(r, "%s: truncated at byte %llu: the record at byte %llu ends inside its header", label,
                       (unsigned long long)(p.offset + hn), (unsigned long long)w.start);
            else
                report(r, "%s: at byte %llu: a WARC header longer than %u bytes", label, (unsigned long long)w.start,
                       MAX_HEADER);
            break;
        }
        cwi_slice cl = header(h, he, "Content-Length");
        char num[24];
        size_t k = 0;
        for (; cl.p && k < cl.n && k + 1 < sizeof num && isdigit((unsigned char)cl.p[k]); k++) num[k] = cl.p[k];
        num[k] = 0;
        if (!k || k != cl.n || k > 15) {
            report(r, "%s: at byte %llu: a WARC record without a valid Content-Length (dropped; reading on at the next record)",
                   label, (unsigned long long)w.start);
            if (!resync(&p, he)) break;
            continue;
        }
        uint64_t len = strtoull(num, NULL, 10);
        w.type = header(h, he, "WARC-Type");
        bool wanted = slice_starts_ci(w.type, "response") || slice_starts_ci(w.type, "resource") ||
                      slice_starts_ci(w.type, "conversion");
        bool fits = len <= (uint64_t)CW_MAX_RECORD_BYTES + MAX_HEADER;
        if (!fits) {
            /* too large to hold: skipped, watching for a record that starts inside */
            consume(&p, he);
            int sk = skip_watching(&p, len);
            if (wanted && sk != 1)
                report(r, "%s: the record at byte %llu holds %llu bytes: larger than the %u MiB limit", label,
                       (unsigned long long)w.start, (unsigned long long)len, CW_MAX_RECORD_BYTES >> 20);
            if (sk == 1) {
                report(r, "%s: the record at byte %llu claims %llu bytes, but a record starts at byte %llu: its "
                          "Content-Length is wrong (dropped; reading on there)",
                       label, (unsigned long long)w.start, (unsigned long long)len, (unsigned long long)p.offset);
            } else if (sk < 0) {
                report(r, "%s: truncated at byte %llu: the record at byte %llu is incomplete", label,
                       (unsigned long long)p.offset, (unsigned long long)w.start);
                told_end = true;
                break;
            }
            continue;
        }
        /* held whole, then checked: the next record must start where this one ends */
        if ((st = fill(&p, he + (size_t)len)) != CW_OK) break;
        bool complete = avail(&p) >= he + len;
        if (!complete || (!block_ends_well(&p, he + (size_t)len) && later_record(&p, he + (size_t)len))) {
            uint64_t got = avail(&p) > he ? avail(&p) - he : 0;
            if (resync(&p, he)) {
                report(r, "%s: the record at byte %llu: its Content-Length (%llu) does not end where the next record "
                          "starts (at byte %llu): dropped, reading on there",
                       label, (unsigned long long)w.start, (unsigned long long)len, (unsigned long long)p.offset);
                continue;
            }
            report(r, "%s: truncated at byte %llu: the record at byte %llu is incomplete (%llu of %llu bytes)", label,
                   (unsigned long long)p.offset, (unsigned long long)w.start, (unsigned long long)CWI_MIN(got, len),
                   (unsigned long long)len);
            told_end = true;
            break;
        }
        if (!wanted) {
            consume(&p, he + (size_t)len);
            continue;
        }
        h = p.b.data + p.pos; /* fill may have moved the bytes */
        w.uri = header(h, he, "WARC-Target-URI");
        w.ctype = header(h, he, "Content-Type");
        /* The slices point into p.b, which stays put until the next fill. */
        st = payload(r, &w, h + he, (size_t)len, label);
        consume(&p, he + (size_t)len);
    }
    if (st == CW_OK && p.err && !told_end)
        report(r, "%s: the input cannot be read past byte %llu (a gzip stream cut short, or a read error)", label,
               (unsigned long long)p.offset);
    cwi_buf_clean(&p.b);
    return st;
}

static long mem_pull(void *ud, void *buf, size_t n)
{
    (void)ud;
    (void)buf;
    (void)n;
    return 0;
}

cw_status cwi_read_warc_memory(cwi_reader *r, const char *data, size_t len, const char *label)
{
    r->bytes += len;
    return cwi_read_warc(r, data, len, mem_pull, NULL, label);
}

/* ---- the writer ----------------------------------------------------------------------------- */

struct cwi_warc_writer {
    FILE *f;
    bool gzip;
    uint64_t serial;
    cwi_buf rec, z;
};

static cw_status put_member(cwi_warc_writer *w)
{
    if (!w->gzip) return fwrite(w->rec.data, 1, w->rec.len, w->f) == w->rec.len ? CW_OK : CW_ERR_IO;
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return CW_ERR_NOMEM;
    size_t bound = deflateBound(&z, (uLong)w->rec.len);
    cwi_buf_reset(&w->z);
    cw_status st = cwi_buf_reserve(&w->z, bound);
    if (st == CW_OK) {
        z.next_in = (Bytef *)w->rec.data;
        z.avail_in = (uInt)w->rec.len;
        z.next_out = (Bytef *)w->z.data;
        z.avail_out = (uInt)bound;
        if (deflate(&z, Z_FINISH) != Z_STREAM_END) st = CW_ERR_NOMEM;
        size_t n = bound - z.avail_out;
        if (st == CW_OK && fwrite(w->z.data, 1, n, w->f) != n) st = CW_ERR_IO;
    }
    deflateEnd(&z);
    return st;
}

static cw_status put_record(cwi_warc_writer *w, const char *type, const char *uri, const char *date,
                            const char *ctype, const char *block, size_t len)
{
    cwi_buf_reset(&w->rec);
    w->serial++;
    char id[40];
    uint64_t a = cwi_hash64(uri ? uri : "", uri ? strlen(uri) : 0, w->serial), b = cwi_hash64(block, len, w->serial);
    snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
             (unsigned)a & 0xfff, (unsigned)(b >> 52) & 0xfff, (unsigned long long)(b & 0xffffffffffffull));
    CWI_TRY(cwi_buf_printf(&w->rec, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: %s\r\n",
                           type, id, date && *date ? date : "2024-01-01T00:00:00Z"));
    if (uri) CWI_TRY(cwi_buf_printf(&w->rec, "WARC-Target-URI: %s\r\n", uri));
    CWI_TRY(cwi_buf_printf(&w->rec, "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", ctype, len));
    CWI_TRY(cwi_buf_add(&w->rec, block, len));
    CWI_TRY(cwi_buf_adds(&w->rec, "\r\n\r\n"));
    return put_member(w);
}

cw_status cwi_warc_writer_open(const char *path, bool gzip, cwi_warc_writer **out)
{
    cwi_warc_writer *w = calloc(1, sizeof *w);
    if (!w) return CW_ERR_NOMEM;
    w->f = fopen(path, "wb");
    if (!w->f) {
        free(w);
        return CW_ERR_IO;
    }
    w->gzip = gzip;
    cwi_buf_init(&w->rec, 0);
    cwi_buf_init(&w->z, 0);
    static const char info[] = "software: crosswire warc writer\r\nformat: WARC File Format 1.0\r\n";
    cw_status st = put_record(w, "warcinfo", NULL, NULL, "application/warc-fields", info, sizeof info - 1);
    if (st != CW_OK) {
        cwi_warc_writer_close(w);
        return st;
    }
    *out = w;
    return CW_OK;
}

cw_status cwi_warc_write(cwi_warc_writer *w, const char *type, const char *uri, const char *date,
                         const char *content_type, const char *block, size_t len)
{
    if (!w || !type || !content_type || (!block && len)) return CW_ERR_USAGE;
    return put_record(w, type, uri, date, content_type, block ? block : "", len);
}

cw_status cwi_warc_write_response(cwi_warc_writer *w, const char *uri, const char *date, const char *http_headers,
                                  const char *body, size_t len)
{
    if (!w || !uri || (!body && len)) return CW_ERR_USAGE;
    cwi_buf blk;
    cwi_buf_init(&blk, 0);
    cw_status st = cwi_buf_printf(&blk, "HTTP/1.1 200 OK\r\n%sContent-Length: %zu\r\n\r\n",
                                  http_headers ? http_headers : "Content-Type: text/html; charset=utf-8\r\n", len);
    if (st == CW_OK) st = cwi_buf_add(&blk, body ? body : "", len);
    if (st == CW_OK)
        st = put_record(w, "response", uri, date, "application/http; msgtype=response", blk.data, blk.len);
    cwi_buf_clean(&blk);
    return st;
}

cw_status cwi_warc_writer_close(cwi_warc_writer *w)
{
    if (!w) return CW_OK;
    cw_status st = CW_OK;
    if (w->f && fclose(w->f) != 0) st = CW_ERR_IO;
    cwi_buf_clean(&w->rec);
    cwi_buf_clean(&w->z);
    free(w);
    return st;
}
