/*
 * ingest: the readers. Turns files, folders, streams and buffers into records:
 * the bytes of one article, valid UTF-8, with what the container says about
 * it. Formats are detected from content: plain text, HTML, JSON Lines, a JSON
 * document holding articles, each optionally gzip-compressed. Every record
 * is bounded by CW_MAX_RECORD_BYTES; streams are read in constant memory.
 * Library-internal.
 */
#ifndef CW_INGEST_INGEST_H
#define CW_INGEST_INGEST_H

#include "core/core.h"

enum cwi_record_kind {
    CWI_REC_UNKNOWN = 0, /* a whole file: the extract stage tells text from HTML */
    CWI_REC_TEXT,
    CWI_REC_HTML
};

/* One article's bytes and what its container says. Everything is borrowed for
 * the duration of the callback; strings are NULL when the container is silent. */
typedef struct cwi_record {
    const char *name;  /* the file's base name, or the record's name/id/url */
    const char *where; /* for messages: "dir/file.txt" or "feed.jsonl:17" */
    int kind;          /* enum cwi_record_kind */
    const char *data;  /* valid UTF-8, no NUL bytes */
    size_t len;
    const char *url, *title, *outlet, *published, *author;
    bool feed_item; /* a feed item's content, not a page: never turned away as no news */
} cwi_record;

typedef struct cwi_reader {
    /* Called for each record. CW_OK and CW_ERR_INPUT (the record was refused;
     * the callee has reported it) go on to the next record; any other status
     * stops reading and is returned. */
    cw_status (*on_record)(void *ud, const cwi_record *r);
    /* Called with a one-line message for each refused input. */
    void (*on_error)(void *ud, const char *msg);
    /* Called for inputs that are not articles and were passed over (a JSON
     * document with no articles in it); may be NULL. */
    void (*on_skip)(void *ud, const char *msg);
    void *ud;
    uint64_t bytes;  /* input bytes read so far */
    uint64_t failed; /* inputs refused by the readers */
} cwi_reader;

/* Refuses an input: counts it in r->failed and hands r->on_error (when set)
 * the message fmt makes; when there is no memory for it, "WHAT (and out of
 * memory for the message)". Each reader wraps it as report() with its WHAT. */
void cwi_reader_refuse(cwi_reader *r, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A flat JSON object's values for the keys asked for (cwi_flat_json). */
enum { CWI_FLAT_ABSENT, CWI_FLAT_STRING, CWI_FLAT_INTEGER, CWI_FLAT_OTHER };
#define CWI_FLAT_MAX_KEYS 32
typedef struct cwi_flat_value {
    int type;
    const char *str; /* CWI_FLAT_STRING: decoded, NUL-terminated, in the scratch buffer */
    size_t len;
    long long integer; /* CWI_FLAT_INTEGER */
} cwi_flat_value;

/* Reads s[0..n) as one JSON object whose values are all strings, numbers,
 * true, false or null, giving vals[k] for keys[k] (the last when a key
 * repeats) as jansson's json_loadb would. false for anything else (nested
 * values, integers of 19 digits or more, reals with exponents, any error):
 * the caller then parses it with jansson. */
bool cwi_flat_json(const char *s, size_t n, const char *const *keys, size_t nkeys, cwi_flat_value *vals,
                   cwi_buf *scratch);

/* Reads a file, or a folder recursively in name order (skipping hidden files
 * and files whose extension marks them as not articles: images, code, docs).
 * Returns CW_OK, or the status that stopped reading; refused inputs are
 * counted in r->failed. */
cw_status cwi_read_path(cwi_reader *r, const char *path);

/* Reads a stream (stdin for "-"). label names it in messages and, when the
 * stream holds one article, names the article. */
cw_status cwi_read_fd(cwi_reader *r, int fd, const char *label);

/* Reads bytes in memory, detected as a file's content would be. */
cw_status cwi_read_memory(cwi_reader *r, const void *data, size_t len, const char *label);

/* Reads bytes in memory as JSON Lines whatever they look like: lines of a
 * file (label) that begin at line first_line (0 or 1 for the first), so that
 * messages and the names of nameless records are those a read of the whole
 * file gives. For a file split at line boundaries across machines. */
cw_status cwi_read_jsonl_memory(cwi_reader *r, const void *data, size_t len, const char *label, size_t first_line);

/* Makes data valid UTF-8 in out (appending): strips a BOM, converts UTF-16
 * and legacy charsets (declared is a charset name from the container or the
 * page, may be NULL; otherwise detected), and refuses binary data and broken
 * UTF-8 with CW_ERR_INPUT and a reason in *why (caller frees) naming the byte
 * offset. is_html lets a <meta charset> in the page count as declared. */
cw_status cwi_to_utf8(const char *data, size_t len, const char *declared, bool is_html, cwi_buf *out, char **why);

#endif

/* ---- Feeds (feed.c) ---------------------------------------------------------
 * RSS 2.0, RSS 1.0/RDF and Atom. */

/* Whether p (the first bytes of an input) is a feed: its first element, past
 * the XML declaration, comments and a DOCTYPE, is rss, RDF or feed. */
bool cwi_is_feed(const char *p, size_t n);

/* Reads a whole feed held in memory (untrusted; n <= CW_MAX_RECORD_BYTES):
 * one record per item, named by its link (else guid/id, else "label[item N]"),
 * with the item's title, date (ISO 8601), author and link, the feed's title as
 * the outlet, and the content (content:encoded, Atom content, else description
 * or summary) as HTML, or as text when it holds no markup. Items without
 * content are passed over through on_skip. Bare '&' and HTML entities are
 * repaired before parsing; no network, no DTD, no entity expansion. Returns
 * as the other readers do: CW_OK with refusals reported, or the status that
 * stopped reading. */
cw_status cwi_read_feed(cwi_reader *r, const char *data, size_t len, const char *label);

/* A feed date (RFC 822 "Tue, 10 Jun 2003 04:00:00 GMT" or ISO 8601 / RFC 3339)
 * as ISO 8601: "2003-06-10T04:00:00Z" (converted to UTC) when the zone is
 * known, "2003-06-10T04:00:00" when not, "2003-06-10" for a date alone.
 * malloc'd (caller frees); NULL when s is not such a date. */
char *cwi_feed_date(const char *s, size_t n);

/* ---- WARC (warc.c) ------------------------------------------------------------
 * Web archives as crawlers write them, WARC 1.0/1.1, plain or gzip (one
 * member per record; the byte source decompresses). */

/* Pulls up to n more bytes of a stream into buf: the count, 0 at the end, -1
 * on a read error. */
typedef long (*cwi_pull_fn)(void *ud, void *buf, size_t n);

/* Whether p starts a WARC record ("WARC/1."). */
bool cwi_is_warc(const char *p, size_t n);

/* Reads a WARC stream record by record in bounded memory: head[0..headlen)
 * holds its first bytes (already counted in r->bytes), fn/ud pull the rest
 * (counted as they come). response records with an HTTP 2xx HTML or text
 * payload, and resource/conversion records of those types, become records
 * named by WARC-Target-URI, decoded (chunked, gzip/deflate) and converted to
 * UTF-8 with the charset from the HTTP header, else the page, else detection.
 * Everything else is passed over silently. A damaged or truncated archive
 * keeps the complete records before the damage and reports one error naming
 * the byte offset (in the uncompressed archive) and the record that is cut. */
cw_status cwi_read_warc(cwi_reader *r, const char *head, size_t headlen, cwi_pull_fn fn, void *ud, const char *label);

/* cwi_read_warc over bytes in memory (uncompressed). */
cw_status cwi_read_warc_memory(cwi_reader *r, const char *data, size_t len, const char *label);

/* A WARC writer: a warcinfo record first, then one record per call; with
 * gzip each record is its own gzip member (a .warc.gz as crawlers write it).
 * For tests, benchmarks and tools; not a general archiving tool. */
typedef struct cwi_warc_writer cwi_warc_writer;

/* Creates path (truncating it). On failure *out is untouched. */
cw_status cwi_warc_writer_open(const char *path, bool gzip, cwi_warc_writer **out);

/* One record of any type; block is written as given. uri and date (ISO 8601,
 * the fetch time) may be NULL. */
cw_status cwi_warc_write(cwi_warc_writer *w, const char *type, const char *uri, const char *date,
                         const char *content_type, const char *block, size_t len);

/* A response record holding "HTTP/1.1 200 OK", http_headers (CRLF-terminated
 * lines; NULL means "Content-Type: text/html; charset=utf-8"), a
 * Content-Length and the body. */
cw_status cwi_warc_write_response(cwi_warc_writer *w, const char *uri, const char *date, const char *http_headers,
                                  const char *body, size_t len);

/* Flushes and closes; CW_ERR_IO when the data could not all be written.
 * NULL is a no-op. */
cw_status cwi_warc_writer_close(cwi_warc_writer *w);

/* ---- Fetching (fetch.c) ---------------------------------------------------- */

/* Whether s is an http:// or https:// URL. */
bool cwi_is_url(const char *s);

/* Fetches url with libcurl and reads the answer as cwi_read_memory would
 * (label: the URL): a feed gives its items, a page one record. Conditional:
 * the validators (ETag, Last-Modified) of the last fully read answer are kept
 * in the file named by the environment variable CROSSWIRE_FEED_CACHE (none
 * when unset) and a 304 answer is passed over through on_skip. Requests to
 * one host are spaced by CROSSWIRE_FETCH_DELAY seconds (default 1) within the
 * process. Network failures, HTTP errors and oversized bodies are refusals
 * (reported, CW_OK); other statuses as the readers return them. */
cw_status cwi_read_url(cwi_reader *r, const char *url);
