/* Readers: files, folders, streams, buffers; format detection; JSON Lines. */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define HEAD_BYTES 65536
#define MAX_DEPTH 256

/* A byte source: a gzFile (which passes plain data through) or memory. */
typedef struct source {
    gzFile gz;
    const unsigned char *mem;
    size_t memlen, mempos;
    bool compressed;  /* gz reads a gzip stream (not plain data passed through) */
    char why[160];    /* the reason of a failed read, when not gzerror's */
} source;

/* Reads up to n bytes: the count, 0 at the end, -1 on failure (src_error
 * says why). A gzip stream that stops before its end (a file cut short) is a
 * failure, not an end: zlib's gzread returns what it could inflate and then
 * 0, leaving "unexpected end of file" in gzerror, and the text read so far
 * would be taken as whole. */
static long src_read(source *s, void *buf, size_t n)
{
    if (s->gz) {
        int got = gzread(s->gz, buf, (unsigned)CWI_MIN(n, (size_t)1 << 30));
        if (got == 0 && s->compressed) {
            int errnum = Z_OK;
            gzerror(s->gz, &errnum);
            if (errnum == Z_BUF_ERROR) {
                snprintf(s->why, sizeof s->why, "the gzip stream is cut short (the file ends at compressed byte %lld)",
                         (long long)gzoffset(s->gz));
                return -1;
            }
        }
        return got;
    }
    size_t k = CWI_MIN(n, s->memlen - s->mempos);
    memcpy(buf, s->mem + s->mempos, k);
    s->mempos += k;
    return (long)k;
}

static const char *src_error(source *s)
{
    if (s->why[0]) return s->why;
    int errnum = 0;
    const char *m = s->gz ? gzerror(s->gz, &errnum) : NULL;
    if (errnum == Z_ERRNO) return strerror(errno);
    return m && *m ? m : "read error";
}

void cwi_reader_refuse(cwi_reader *r, const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = cwi_vsprintf(fmt, ap);
    va_end(ap);
    r->failed++;
    if (r->on_error) {
        char oom[128];
        if (!m) snprintf(oom, sizeof oom, "%s (and out of memory for the message)", what);
        r->on_error(r->ud, m ? m : oom);
    }
    free(m);
}

#define report(r, ...) cwi_reader_refuse((r), "input refused", __VA_ARGS__)

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b && b[1] ? b + 1 : path;
}

/* The keys a record is read by, in the order of the enum below. */
static const char *const rec_keys[] = {"text", "html", "name", "id", "doc", "url", "link", "title", "headline",
                                       "outlet", "source", "site", "published", "date", "date_published",
                                       "author", "byline"};
enum { K_TEXT, K_HTML, K_NAME, K_ID, K_DOC, K_URL, K_LINK, K_TITLE, K_HEADLINE, K_OUTLET, K_SOURCE, K_SITE,
       K_PUBLISHED, K_DATE, K_DATE_PUBLISHED, K_AUTHOR, K_BYLINE, N_KEYS };
_Static_assert(sizeof rec_keys / sizeof *rec_keys == N_KEYS, "one name per key");

static void values_of(json_t *o, cwi_flat_value *v)
{
    for (int k = 0; k < N_KEYS; k++) {
        json_t *x = json_object_get(o, rec_keys[k]);
        cwi_flat_value f = {CWI_FLAT_ABSENT, NULL, 0, 0};
        if (json_is_string(x))
            f.type = CWI_FLAT_STRING, f.str = json_string_value(x), f.len = json_string_length(x);
        else if (json_is_integer(x))
            f.type = CWI_FLAT_INTEGER, f.integer = (long long)json_integer_value(x);
        else if (x)
            f.type = CWI_FLAT_OTHER;
        v[k] = f;
    }
}

/* The first of keys (ending with -1) with a non-empty string or an integer. */
static const char *str_field(const cwi_flat_value *v, const int *keys, char *tmp, size_t tmpsz)
{
    for (; *keys >= 0; keys++) {
        const cwi_flat_value *x = &v[*keys];
        if (x->type == CWI_FLAT_STRING && x->len) return x->str;
        if (x->type == CWI_FLAT_INTEGER && tmp) {
            snprintf(tmp, tmpsz, "%lld", x->integer);
            return tmp;
        }
    }
    return NULL;
}

/* One article given as a JSON object, by its values. */
static cw_status json_record(cwi_reader *r, const cwi_flat_value *v, const char *where)
{
    static const int k_name[] = {K_NAME, K_ID, K_DOC, K_URL, -1}, k_url[] = {K_URL, K_LINK, -1},
                     k_title[] = {K_TITLE, K_HEADLINE, -1}, k_outlet[] = {K_OUTLET, K_SOURCE, K_SITE, -1},
                     k_pub[] = {K_PUBLISHED, K_DATE, K_DATE_PUBLISHED, -1}, k_author[] = {K_AUTHOR, K_BYLINE, -1};
    char tmp[32];
    const cwi_flat_value *body = v[K_TEXT].type == CWI_FLAT_STRING   ? &v[K_TEXT]
                                 : v[K_HTML].type == CWI_FLAT_STRING ? &v[K_HTML]
                                                                     : NULL;
    /* A headline with no text is a feed item of a headline alone: an
     * article (its text is its headline); only neither is refused. */
    static const cwi_flat_value none = {.type = CWI_FLAT_STRING, .str = "", .len = 0};
    if (!body && str_field(v, k_title, NULL, 0)) body = &none;
    if (!body) {
        report(r, "%s: the record has no \"text\", \"html\" or \"title\" string", where);
        return CW_ERR_INPUT;
    }
    if (body->len > CW_MAX_RECORD_BYTES) {
        report(r, "%s: the article is larger than the %u MiB limit", where, CW_MAX_RECORD_BYTES >> 20);
        return CW_ERR_INPUT;
    }
    if (memchr(body->str, 0, body->len)) {
        report(r, "%s: binary data (a NUL character in the text)", where);
        return CW_ERR_INPUT;
    }
    cwi_record rec = {0};
    rec.name = str_field(v, k_name, tmp, sizeof tmp);
    rec.name = rec.name ? rec.name : where;
    rec.where = where;
    rec.kind = body == &v[K_HTML] ? CWI_REC_HTML : CWI_REC_TEXT;
    rec.data = body->str;
    rec.len = body->len;
    rec.url = str_field(v, k_url, NULL, 0);
    rec.title = str_field(v, k_title, NULL, 0);
    rec.outlet = str_field(v, k_outlet, NULL, 0);
    rec.published = str_field(v, k_pub, NULL, 0);
    rec.author = str_field(v, k_author, NULL, 0);
    return r->on_record(r->ud, &rec);
}

static cw_status json_object_record(cwi_reader *r, json_t *o, const char *where)
{
    cwi_flat_value v[N_KEYS];
    values_of(o, v);
    return json_record(r, v, where);
}

/* A whole JSON document: {"articles": [...]} or [...] of article objects. */
static cw_status json_document(cwi_reader *r, const char *data, size_t len, const char *label)
{
    json_error_t err;
    json_t *doc = json_loadb(data, len, 0, &err);
    if (!doc) {
        report(r, "%s:%d:%d: invalid JSON: %s", label, err.line, err.column, err.text);
        return CW_OK;
    }
    json_t *arr = json_is_array(doc) ? doc : json_object_get(doc, "articles");
    cw_status st = CW_OK;
    size_t objects = 0, i;
    json_t *v;
    if (json_is_array(arr))
        json_array_foreach(arr, i, v) objects += json_is_object(v);
    if (!objects) {
        char *m = cwi_sprintf("%s: skipped: a JSON document with no articles in it", label);
        if (r->on_skip && m) r->on_skip(r->ud, m);
        free(m);
    } else {
        json_array_foreach(arr, i, v) {
            char where[4200];
            snprintf(where, sizeof where, "%.4000s[%zu]", label, i);
            if (!json_is_object(v)) {
                report(r, "%s: not a JSON object", where);
                continue;
            }
            st = json_object_record(r, v, where);
            if (st == CW_ERR_INPUT) st = CW_OK;
            if (st != CW_OK) break;
        }
    }
    json_decref(doc);
    return st;
}

static cw_status jsonl_line(cwi_reader *r, const char *line, size_t n, const char *label, size_t lineno)
{
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
    while (n && (*line == ' ' || *line == '\t')) line++, n--;
    if (!n) return CW_OK;
    char where[4200];
    snprintf(where, sizeof where, "%.4000s:%zu", label, lineno);
    /* Most lines are one flat object, read without a tree; the rest (and
     * every error) go to jansson. */
    cwi_flat_value v[N_KEYS];
    cwi_buf scratch;
    cwi_buf_init(&scratch, 0);
    if (cwi_flat_json(line, n, rec_keys, N_KEYS, v, &scratch)) {
        cw_status st = json_record(r, v, where);
        cwi_buf_clean(&scratch);
        return st == CW_ERR_INPUT ? CW_OK : st;
    }
    cwi_buf_clean(&scratch);
    json_error_t err;
    json_t *o = json_loadb(line, n, 0, &err);
    if (!o) {
        report(r, "%s: invalid JSON at column %d: %s", where, err.column, err.text);
        return CW_OK;
    }
    cw_status st = CW_OK;
    if (!json_is_object(o))
        report(r, "%s: not a JSON object", where);
    else
        st = json_object_record(r, o, where);
    json_decref(o);
    return st == CW_ERR_INPUT ? CW_OK : st;
}

/* JSON Lines, streamed: head holds the bytes already read. Memory is bounded
 * by the longest line allowed. */
static cw_status read_jsonl(cwi_reader *r, source *src, cwi_buf *head, const char *label, size_t first_line)
{
    cwi_buf line;
    cwi_buf_init(&line, CW_MAX_RECORD_BYTES + 1);
    size_t lineno = first_line;
    bool overlong = false, eof = false;
    cw_status st = CW_OK;
    char *chunk = malloc(HEAD_BYTES);
    if (!chunk) return CW_ERR_NOMEM;
    const char *p = head->data;
    size_t n = head->len;
    while (st == CW_OK) {
        while (n > 0 && st == CW_OK) {
            const char *nl = memchr(p, '\n', n);
            size_t k = nl ? (size_t)(nl - p) : n;
            if (!overlong && cwi_buf_add(&line, p, k) != CW_OK) {
                overlong = true;
                cwi_buf_clean(&line);
                cwi_buf_init(&line, CW_MAX_RECORD_BYTES + 1);
            }
            p += k;
            n -= k;
            if (nl) {
                if (overlong)
                    report(r, "%s:%zu: a line longer than the %u MiB limit", label, lineno, CW_MAX_RECORD_BYTES >> 20);
                else
                    st = jsonl_line(r, line.data ? line.data : "", line.len, label, lineno);
                overlong = false;
                cwi_buf_reset(&line);
                lineno++;
                p++;
                n--;
            }
        }
        if (eof || st != CW_OK) break;
        long got = src_read(src, chunk, HEAD_BYTES);
        if (got < 0) {
            report(r, "%s:%zu: %s", label, lineno, src_error(src));
            break;
        }
        r->bytes += (uint64_t)got;
        if (got == 0) {
            eof = true;
            /* The last line may lack its newline. */
            if (overlong)
                report(r, "%s:%zu: a line longer than the %u MiB limit", label, lineno, CW_MAX_RECORD_BYTES >> 20);
            else if (line.len)
                st = jsonl_line(r, line.data, line.len, label, lineno);
            break;
        }
        p = chunk;
        n = (size_t)got;
    }
    free(chunk);
    cwi_buf_clean(&line);
    return st;
}

/* Whether the first line of p[0..n) (which holds it whole) is a JSON object
 * on its own: the mark of JSON Lines (a pretty-printed document starts with
 * a lone "{"). An object whose "articles" is an array and that has no text
 * of its own is a document of articles on one line, not a record. */
static bool first_line_is_object(const char *p, size_t n)
{
    const char *nl = memchr(p, '\n', n);
    size_t k = nl ? (size_t)(nl - p) : n;
    json_t *o = json_loadb(p, k, 0, NULL);
    bool ok = json_is_object(o) && !(json_is_array(json_object_get(o, "articles")) && !json_object_get(o, "text") &&
                                     !json_object_get(o, "html"));
    json_decref(o);
    return ok;
}

static long warc_pull(void *ud, void *buf, size_t n) { return src_read(ud, buf, n); }

/* Reads one input from src: detects its format and hands its records on. */
static cw_status read_source(cwi_reader *r, source *src, const char *label, const char *name, int64_t known_size)
{
    cwi_buf buf;
    cwi_buf_init(&buf, (size_t)CW_MAX_RECORD_BYTES + HEAD_BYTES);
    cw_status st = cwi_buf_reserve(&buf, HEAD_BYTES);
    if (st != CW_OK) return st;
    long got = 1;
    while (buf.len < HEAD_BYTES && (got = src_read(src, buf.data + buf.len, HEAD_BYTES - buf.len)) > 0) {
        buf.len += (size_t)got;
        r->bytes += (uint64_t)got;
    }
    buf.data[buf.len] = 0;
    if (got < 0 && buf.len == 0) {
        report(r, "%s: %s", label, src_error(src));
        cwi_buf_clean(&buf);
        return CW_OK;
    }
    /* A read that failed after some bytes (a gzip file cut short) fails again
     * when the readers below ask for more: JSON Lines and WARC keep the
     * records read whole before it, a single article is refused. */
    size_t ws = 0;
    if (buf.len >= 3 && !memcmp(buf.data, "\xEF\xBB\xBF", 3)) ws = 3;
    while (ws < buf.len && (buf.data[ws] == ' ' || buf.data[ws] == '\n' || buf.data[ws] == '\r' || buf.data[ws] == '\t'))
        ws++;
    if (ws == buf.len) {
        report(r, "%s: empty: no text to read", label);
        cwi_buf_clean(&buf);
        return CW_OK;
    }
    /* A first line longer than the head (one article of JSON Lines may be
     * up to the record limit) is read whole before it is judged. */
    if (buf.data[ws] == '{' && got > 0 && !memchr(buf.data + ws, '\n', buf.len - ws)) {
        size_t from = buf.len;
        while (buf.len <= (size_t)CW_MAX_RECORD_BYTES && cwi_buf_reserve(&buf, HEAD_BYTES) == CW_OK &&
               (got = src_read(src, buf.data + buf.len, HEAD_BYTES)) > 0) {
            buf.len += (size_t)got;
            r->bytes += (uint64_t)got;
            buf.data[buf.len] = 0;
            if (memchr(buf.data + from, '\n', buf.len - from)) break;
            from = buf.len;
        }
    }
    const char *p = buf.data + ws;
    size_t n = buf.len - ws;
    if (*p == '{' && (got <= 0 || memchr(p, '\n', n)) && first_line_is_object(p, n)) {
        st = read_jsonl(r, src, &buf, label, 1);
        cwi_buf_clean(&buf);
        return st;
    }
    if (cwi_is_warc(p, n)) {
        /* Web archives are streamed record by record, whatever their size. */
        st = cwi_read_warc(r, p, n, warc_pull, src, label);
        cwi_buf_clean(&buf);
        return st;
    }
    if (known_size > (int64_t)CW_MAX_RECORD_BYTES) {
        report(r, "%s: %lld bytes: larger than the %u MiB limit for one article", label, (long long)known_size,
               CW_MAX_RECORD_BYTES >> 20);
        cwi_buf_clean(&buf);
        return CW_OK;
    }
    /* Read the rest, refusing past the limit without holding more. */
    while (got > 0) {
        if ((st = cwi_buf_reserve(&buf, HEAD_BYTES)) != CW_OK) break;
        got = src_read(src, buf.data + buf.len, HEAD_BYTES);
        if (got > 0) {
            buf.len += (size_t)got;
            r->bytes += (uint64_t)got;
            buf.data[buf.len] = 0;
        }
        if (buf.len > CW_MAX_RECORD_BYTES) {
            st = CW_ERR_LIMIT;
            break;
        }
    }
    if (st == CW_ERR_LIMIT) {
        report(r, "%s: larger than the %u MiB limit for one article", label, CW_MAX_RECORD_BYTES >> 20);
        cwi_buf_clean(&buf);
        return CW_OK;
    }
    if (st != CW_OK) {
        cwi_buf_clean(&buf);
        return st;
    }
    if (got < 0) {
        report(r, "%s: at byte %zu: %s", label, buf.len, src_error(src));
        cwi_buf_clean(&buf);
        return CW_OK;
    }
    p = buf.data + ws;
    n = buf.len - ws;
    if (*p == '{' || *p == '[') {
        st = json_document(r, p, n, label);
    } else if (*p == '<' && cwi_is_feed(p, n)) {
        st = cwi_read_feed(r, p, n, label);
    } else {
        cwi_buf utf;
        cwi_buf_init(&utf, (size_t)CW_MAX_RECORD_BYTES * 3);
        char *why = NULL;
        st = cwi_to_utf8(buf.data, buf.len, NULL, *p == '<', &utf, &why);
        if (st == CW_OK) {
            cwi_record rec = {.name = name, .where = label, .kind = CWI_REC_UNKNOWN, .data = utf.data ? utf.data : "",
                              .len = utf.len};
            st = r->on_record(r->ud, &rec);
            if (st == CW_ERR_INPUT) st = CW_OK;
        } else if (st == CW_ERR_INPUT || st == CW_ERR_LIMIT) {
            report(r, "%s: %s", label, why ? why : "cannot be read as text");
            st = CW_OK;
        }
        free(why);
        cwi_buf_clean(&utf);
    }
    cwi_buf_clean(&buf);
    return st;
}

static cw_status read_fd_named(cwi_reader *r, int fd, const char *label, const char *name, int64_t size)
{
    int dupfd = dup(fd);
    if (dupfd < 0) {
        report(r, "%s: %s", label, strerror(errno));
        return CW_OK;
    }
    source src = {0};
    src.gz = gzdopen(dupfd, "rb");
    if (!src.gz) {
        close(dupfd);
        return CW_ERR_NOMEM;
    }
    gzbuffer(src.gz, 1 << 17);
    src.compressed = gzdirect(src.gz) == 0; /* looks at the first bytes: works on pipes too */
    cw_status st = read_source(r, &src, label, name, size);
    gzclose(src.gz);
    return st;
}

cw_status cwi_read_fd(cwi_reader *r, int fd, const char *label)
{
    return read_fd_named(r, fd, label, base_name(label), -1);
}

cw_status cwi_read_memory(cwi_reader *r, const void *data, size_t len, const char *label)
{
    const unsigned char *p = data;
    if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        /* Compressed: inflate through a pipe-free path by decompressing into
         * a bounded buffer first. */
        cwi_buf out;
        cwi_buf_init(&out, (size_t)CW_MAX_RECORD_BYTES + 1);
        z_stream z = {0};
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return CW_ERR_NOMEM;
        z.next_in = (Bytef *)p;
        z.avail_in = (uInt)CWI_MIN(len, (size_t)UINT32_MAX);
        int zr = Z_OK;
        cw_status st = CW_OK;
        while (zr == Z_OK) {
            if ((st = cwi_buf_reserve(&out, HEAD_BYTES)) != CW_OK) break;
            z.next_out = (Bytef *)out.data + out.len;
            z.avail_out = HEAD_BYTES;
            zr = inflate(&z, Z_NO_FLUSH);
            out.len = (size_t)((char *)z.next_out - out.data);
            if (zr == Z_BUF_ERROR && z.avail_in == 0) {
                zr = Z_DATA_ERROR; /* the input ended inside the stream: cut short */
                break;
            }
            /* Concatenated members (a WARC.gz has one per record) are one
             * stream, as gzread reads them. */
            if (zr == Z_STREAM_END && z.avail_in > 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b)
                zr = inflateReset(&z);
        }
        inflateEnd(&z);
        if (st != CW_OK || (zr != Z_STREAM_END && zr != Z_OK)) {
            report(r, "%s: %s", label,
                   st == CW_ERR_LIMIT   ? "larger than the limit once decompressed"
                   : z.avail_in == 0 ? "the gzip stream is cut short (nothing of it is taken)"
                                     : "a damaged gzip stream (nothing of it is taken)");
            cwi_buf_clean(&out);
            return CW_OK;
        }
        r->bytes += len;
        source src = {.mem = (const unsigned char *)out.data, .memlen = out.len};
        r->bytes -= out.len; /* read_source counts what it reads */
        st = read_source(r, &src, label, base_name(label), (int64_t)out.len);
        cwi_buf_clean(&out);
        return st;
    }
    source src = {.mem = p, .memlen = len};
    return read_source(r, &src, label, base_name(label), (int64_t)len);
}

cw_status cwi_read_jsonl_memory(cwi_reader *r, const void *data, size_t len, const char *label, size_t first_line)
{
    source src = {.mem = data, .memlen = len};
    cwi_buf head;
    cwi_buf_init(&head, 0);
    cw_status st = read_jsonl(r, &src, &head, label, first_line ? first_line : 1);
    cwi_buf_clean(&head);
    return st;
}

static cw_status read_file(cwi_reader *r, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        report(r, "%s: cannot open: %s", path, strerror(errno));
        return CW_OK;
    }
    struct stat sb;
    int64_t size = -1;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) size = sb.st_size;
    /* A gzip file's own size says nothing about what it holds. */
    unsigned char magic[2] = {0, 0};
    if (size >= 2 && pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) size = -1;
    cw_status st = read_fd_named(r, fd, path, base_name(path), size);
    close(fd);
    return st;
}

/* Files in folders whose extension says they hold no articles. */
static bool skip_in_folder(const char *name)
{
    static const char *const skip[] = {"md", "markdown", "rst", "py", "sh", "c", "h", "js", "css", "png", "jpg",
                                       "jpeg", "gif", "webp", "svg", "ico", "pdf", "zip", "tar", "db", "sqlite",
                                       "db-wal", "db-shm", "o", "a", "so", "exe", "pyc", "mp3", "mp4", NULL};
    if (name[0] == '.') return true;
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    for (const char *const *s = skip; *s; s++)
        if (!strcasecmp(dot + 1, *s)) return true;
    return false;
}

typedef struct dir_frame {
    char *path;
    struct dirent **ents;
    int n, i;
} dir_frame;

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static cw_status push_dir(cwi_reader *r, dir_frame *stack, int *depth, char *path)
{
    if (*depth >= MAX_DEPTH) {
        report(r, "%s: folders nested deeper than %d levels", path, MAX_DEPTH);
        free(path);
        return CW_OK;
    }
    dir_frame *f = &stack[*depth];
    f->path = path;
    f->i = 0;
    f->n = scandir(path, &f->ents, NULL, by_name);
    if (f->n < 0) {
        report(r, "%s: cannot read the folder: %s", path, strerror(errno));
        free(path);
        return CW_OK;
    }
    (*depth)++;
    return CW_OK;
}

static void pop_dir(dir_frame *f)
{
    for (int i = 0; i < f->n; i++) free(f->ents[i]);
    free(f->ents);
    free(f->path);
}

static cw_status read_folder(cwi_reader *r, const char *root)
{
    dir_frame *stack = calloc(MAX_DEPTH, sizeof *stack);
    if (!stack) return CW_ERR_NOMEM;
    int depth = 0;
    char *rp = cwi_strndup(root, strlen(root));
    cw_status st = rp ? push_dir(r, stack, &depth, rp) : CW_ERR_NOMEM;
    while (st == CW_OK && depth > 0) {
        dir_frame *f = &stack[depth - 1];
        if (f->i >= f->n) {
            pop_dir(f);
            depth--;
            continue;
        }
        const char *nm = f->ents[f->i++]->d_name;
        if (!strcmp(nm, ".") || !strcmp(nm, "..") || skip_in_folder(nm)) continue;
        size_t pl = strlen(f->path);
        char *child = cwi_sprintf("%s%s%s", f->path, pl && f->path[pl - 1] == '/' ? "" : "/", nm);
        if (!child) {
            st = CW_ERR_NOMEM;
            break;
        }
        struct stat sb;
        if (lstat(child, &sb) != 0) {
            report(r, "%s: %s", child, strerror(errno));
            free(child);
        } else if (S_ISDIR(sb.st_mode)) {
            st = push_dir(r, stack, &depth, child);
        } else if (S_ISREG(sb.st_mode)) {
            st = read_file(r, child);
            free(child);
        } else {
            free(child); /* links, devices and pipes inside folders are passed over */
        }
    }
    while (depth > 0) pop_dir(&stack[--depth]);
    free(stack);
    return st;
}

cw_status cwi_read_path(cwi_reader *r, const char *path)
{
    if (!strcmp(path, "-")) return read_fd_named(r, 0, "-", "stdin", -1);
    if (cwi_is_url(path)) return cwi_read_url(r, path);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        report(r, "%s: %s", path, strerror(errno));
        return CW_OK;
    }
    if (S_ISDIR(sb.st_mode)) return read_folder(r, path);
    return read_file(r, path);
}
