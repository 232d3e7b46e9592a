/* The engine: opens the store and wires the stages together for ingest. */
#include "engine/engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stories.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "text/text.h"

cw_status cwi_engine_fail(cw_engine *e, cw_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->err, sizeof e->err, fmt, ap);
    va_end(ap);
    return st;
}

cw_status cwi_json_kv_str(cwi_buf *b, const char *key, const char *val, bool comma)
{
    CWI_TRY(cwi_buf_printf(b, "%s\"%s\":", comma ? "," : "", key));
    return val ? cwi_buf_json_str(b, val, strlen(val)) : cwi_buf_adds(b, "null");
}

cw_status cwi_json_kv_int(cwi_buf *b, const char *key, int64_t val, bool comma)
{
    return cwi_buf_printf(b, "%s\"%s\":%lld", comma ? "," : "", key, (long long)val);
}

cw_status cw_engine_open(const char *db_path, cw_engine **out, char **error)
{
    if (!db_path || !out) return CW_ERR_USAGE;
    cw_engine *e = calloc(1, sizeof *e);
    if (!e) return CW_ERR_NOMEM;
    cw_status st = cwi_store_open(db_path, &e->store, error);
    if (st != CW_OK) {
        free(e);
        return st;
    }
    *out = e;
    return CW_OK;
}

void cw_engine_close(cw_engine *e)
{
    if (!e) return;
    cwi_stories_free(e->stories);
    cwi_template_free(e->templates);
    cwi_store_close(e->store);
    free(e);
}

const char *cw_engine_error(const cw_engine *e) { return e ? e->err : ""; }

/* ---- ingest ---- */

typedef struct ingest_run {
    cw_engine *e;
    const cw_ingest_options *opts;
    cw_ingest_report *rep;
    unsigned batch, in_batch;
    double last_progress;
    cwi_spans sents;
    cwi_buf key;
    const cwi_reader *rd;  /* its bytes so far, for progress within a big file */
    uint64_t bytes_before; /* rep->bytes when this input began */
} ingest_run;

static void diag(ingest_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diag(ingest_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = cwi_vsprintf(fmt, ap);
    va_end(ap);
    run->rep->failed++;
    if (run->opts && run->opts->on_error) run->opts->on_error(run->opts->ud, m ? m : "input refused");
    free(m);
}

static void reader_error(void *ud, const char *msg)
{
    ingest_run *run = ud;
    run->rep->failed++;
    if (run->opts && run->opts->on_error) run->opts->on_error(run->opts->ud, msg);
}

static void reader_skip(void *ud, const char *msg)
{
    ingest_run *run = ud;
    if (run->opts && run->opts->on_error) run->opts->on_error(run->opts->ud, msg);
}

static cw_status flush_batch(ingest_run *run)
{
    if (!cwi_store_in_transaction(run->e->store)) return CW_OK;
    run->in_batch = 0;
    if (cwi_store_commit(run->e->store) != CW_OK)
        return cwi_engine_fail(run->e, CW_ERR_STORE, "%s", cwi_store_error(run->e->store));
    return CW_OK;
}

/* The host of a URL ("https://www.example.com/a" -> "example.com"), into out. */
static const char *url_host(const char *url, char *out, size_t outsz)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    if (!strncmp(p, "www.", 4)) p += 4;
    size_t n = strcspn(p, "/:?#");
    if (!n || n >= outsz) return NULL;
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

static int load_template_row(void *ud, const char *outlet, uint32_t articles, uint64_t hash, uint32_t count)
{
    return cwi_template_load(ud, outlet, articles, hash, count) != CW_OK;
}

/* Counts the article's lines for its outlet, stores the counts that matter
 * (lines seen in two articles or more, and the outlet's article count), and
 * replaces *text with the text less the lines the outlet's template holds.
 * The counts are written in the batch's transaction. */
typedef struct line_ctx {
    cw_engine *e;
    const char *outlet;
} line_ctx;
static cw_status store_line(void *ud, uint64_t hash, uint32_t count)
{
    line_ctx *c = ud;
    if (cwi_store_template_line(c->e->store, c->outlet, hash, count) != CW_OK)
        return cwi_engine_fail(c->e, CW_ERR_STORE, "%s", cwi_store_error(c->e->store));
    return CW_OK;
}

static cw_status learn_template(cw_engine *e, const char *outlet, char **text)
{
    if (!e->templates) {
        if (!(e->templates = cwi_template_new())) return CW_ERR_NOMEM;
        if (cwi_store_template_each(e->store, load_template_row, e->templates) != CW_OK)
            return cwi_engine_fail(e, CW_ERR_STORE, "%s", cwi_store_error(e->store));
    }
    line_ctx c = {e, outlet};
    char *stripped = NULL;
    CWI_TRY(cwi_template_learn(e->templates, outlet, *text, strlen(*text), store_line, &c, &stripped));
    uint32_t articles = 0;
    cwi_template_count(e->templates, outlet, 0, &articles);
    if (cwi_store_template_outlet(e->store, outlet, articles) != CW_OK) {
        free(stripped);
        return cwi_engine_fail(e, CW_ERR_STORE, "%s", cwi_store_error(e->store));
    }
    free(*text);
    *text = stripped;
    return CW_OK;
}

static cw_status on_record(void *ud, const cwi_record *rec)
{
    ingest_run *run = ud;
    cw_engine *e = run->e;
    run->rep->records++;
    cwi_doc doc = {0};
    char *why = NULL;
    cwi_extract_hints hints = {rec->url, rec->title, rec->published, rec->outlet};
    bool html = rec->kind == CWI_REC_HTML || (rec->kind == CWI_REC_UNKNOWN && cwi_looks_like_html(rec->data, rec->len));
    cw_status st = html ? cwi_extract_html(rec->data, rec->len, &hints, &doc, &why)
                        : cwi_extract_text(rec->data, rec->len, &hints, &doc, &why);
    if (st == CW_ERR_NOMEM) {
        free(why);
        return st;
    }
    /* A feed item of a headline alone (or whose text only repeated its
     * headline, which extraction drops) is an article whose text is its
     * headline: it is stored, deduplicated and clustered like any other.
     * Only an item with neither headline nor text is refused. */
    const char *head = doc.title && *doc.title ? doc.title : rec->title;
    while (head && (*head == ' ' || *head == '\t' || *head == '\n' || *head == '\r')) head++;
    if (st == CW_OK && (!doc.text || !*doc.text) && head && *head) {
        free(doc.text);
        if (!(doc.text = cwi_strndup(head, strlen(head)))) {
            free(why);
            cwi_doc_clean(&doc);
            return CW_ERR_NOMEM;
        }
        if (!doc.title && !(doc.title = cwi_strndup(head, strlen(head)))) {
            free(why);
            cwi_doc_clean(&doc);
            return CW_ERR_NOMEM;
        }
    }
    if (st != CW_OK || !doc.text || !*doc.text) {
        diag(run, "%s: %s", rec->where, st != CW_OK && why ? why : "no headline and no article text found");
        free(why);
        cwi_doc_clean(&doc);
        return CW_ERR_INPUT;
    }
    free(why);

    /* The content hash is taken of what extraction gave, before an outlet's
     * template is stripped, so that the same page ingested again is known as
     * the same whatever the template has learnt meanwhile. */
    size_t tlen = strlen(doc.text);
    cwi_buf_reset(&run->key);
    if ((st = cwi_buf_adds(&run->key, doc.title ? doc.title : "")) != CW_OK ||
        (st = cwi_buf_addc(&run->key, '\n')) != CW_OK || (st = cwi_buf_add(&run->key, doc.text, tlen)) != CW_OK)
        goto out;
    char hash[33];
    cwi_hash128_hex(run->key.data, run->key.len, hash);

    if (!cwi_store_in_transaction(e->store) && cwi_store_begin(e->store) != CW_OK) {
        st = cwi_engine_fail(e, CW_ERR_STORE, "%s", cwi_store_error(e->store));
        goto out;
    }
    int64_t id = 0, dup = 0;
    if (cwi_store_find_hash(e->store, hash, &dup) != CW_OK) {
        st = cwi_engine_fail(e, CW_ERR_STORE, "%s: %s", rec->where, cwi_store_error(e->store));
        goto out;
    }
    if (dup) {
        run->rep->duplicates++;
        goto out;
    }

    char host[256];
    cwi_article a = {0};
    a.name = rec->name;
    a.hash = hash;
    a.url = doc.url ? doc.url : rec->url;
    a.title = doc.title;
    a.outlet = rec->outlet ? rec->outlet : doc.site ? doc.site : url_host(a.url, host, sizeof host);
    if (a.outlet && (st = learn_template(e, a.outlet, &doc.text)) != CW_OK) goto out;
    tlen = strlen(doc.text);
    run->sents.n = 0;
    if ((st = cwi_sentences(doc.text, tlen, &run->sents)) != CW_OK) goto out;
    a.credit = doc.credit;
    a.published = doc.published ? doc.published : rec->published;
    a.author = doc.author ? doc.author : rec->author;
    a.lang = doc.lang;
    a.text = doc.text;
    a.text_len = tlen;
    a.sentences = run->sents.v;
    a.n_sentences = run->sents.n;

    if (cwi_store_add_article(e->store, &a, &id, &dup) != CW_OK) {
        st = cwi_engine_fail(e, CW_ERR_STORE, "%s: %s", rec->where, cwi_store_error(e->store));
        goto out;
    }
    if (dup) {
        run->rep->duplicates++;
    } else {
        run->rep->added++;
        /* Later stages (relate, cluster) hook in here, inside the batch's
         * transaction, so an article and what is derived from it are stored
         * together or not at all. */
        if ((st = cwi_stories_add(e, id, &a)) != CW_OK) goto out;
    }
    if (++run->in_batch >= run->batch) st = flush_batch(run);
out:
    cwi_doc_clean(&doc);
    if (st == CW_OK && run->opts && run->opts->on_progress) {
        double now = cwi_now();
        if (now - run->last_progress >= 0.2) {
            run->last_progress = now;
            run->rep->bytes = run->bytes_before + run->rd->bytes;
            run->opts->on_progress(run->opts->ud, run->rep);
        }
    }
    return st;
}

typedef enum { SRC_PATH, SRC_FD, SRC_MEM } src_kind;

static cw_status ingest(cw_engine *e, src_kind kind, const char *path, int fd, const void *data, size_t len,
                        const cw_ingest_options *opts, cw_ingest_report *report)
{
    if (!e || (kind != SRC_MEM && !path)) return CW_ERR_USAGE;
    e->err[0] = 0;
    cw_ingest_report local = {0};
    cw_ingest_report *rep = report ? report : &local;
    ingest_run run = {.e = e, .opts = opts, .rep = rep};
    run.batch = opts && opts->batch ? opts->batch : 256;
    cwi_buf_init(&run.key, 0);
    cwi_reader rd = {.on_record = on_record, .on_error = reader_error, .on_skip = reader_skip, .ud = &run};
    run.rd = &rd;
    run.bytes_before = rep->bytes;
    uint64_t failed_before = rep->failed;
    /* The reader counts its refusals in rd.failed and reports them through
     * reader_error, which already adds them to rep->failed. */
    cw_status st = kind == SRC_PATH  ? cwi_read_path(&rd, path)
                   : kind == SRC_FD  ? cwi_read_fd(&rd, fd, path)
                                     : cwi_read_memory(&rd, data, len, path ? path : "memory");
    rep->bytes = run.bytes_before + rd.bytes;
    cw_status fl = flush_batch(&run);
    if (st == CW_OK) st = fl;
    if (st != CW_OK) {
        cwi_store_rollback(e->store);
        if (!e->err[0]) cwi_engine_fail(e, st, "%s", cw_status_str(st));
    }
    if (opts && opts->on_progress) opts->on_progress(opts->ud, rep);
    CWI_VEC_FREE(run.sents);
    cwi_buf_clean(&run.key);
    if (st == CW_OK && rep->failed > failed_before) return CW_ERR_INPUT;
    return st;
}

cw_status cw_ingest_path(cw_engine *e, const char *path, const cw_ingest_options *opts, cw_ingest_report *report)
{
    return ingest(e, SRC_PATH, path, -1, NULL, 0, opts, report);
}

cw_status cw_ingest_stream(cw_engine *e, FILE *in, const char *name, const cw_ingest_options *opts,
                           cw_ingest_report *report)
{
    if (!in) return CW_ERR_USAGE;
    fflush(in);
    return ingest(e, SRC_FD, name ? name : "-", fileno(in), NULL, 0, opts, report);
}

cw_status cw_ingest_memory(cw_engine *e, const char *name, const void *data, size_t len,
                           const cw_ingest_options *opts, cw_ingest_report *report)
{
    return ingest(e, SRC_MEM, name, -1, data, len, opts, report);
}
