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

/* Makes data valid UTF-8 in out (appending): strips a BOM, converts UTF-16
 * and legacy charsets (declared is a charset name from the container or the
 * page, may be NULL; otherwise detected), and refuses binary data and broken
 * UTF-8 with CW_ERR_INPUT and a reason in *why (caller frees) naming the byte
 * offset. is_html lets a <meta charset> in the page count as declared. */
cw_status cwi_to_utf8(const char *data, size_t len, const char *declared, bool is_html, cwi_buf *out, char **why);

#endif
