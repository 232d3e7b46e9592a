/* The engine: opens the store and wires the stages together for ingest. */
#include "engine/engine.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "engine/analyse.h"
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

void cw_engine_deadline(cw_engine *e, unsigned ms)
{
    if (e) cwi_store_deadline(e->store, ms);
}

/* ---- ingest ---- */

typedef struct ingest_run {
    cw_engine *e;
    const cw_ingest_options *opts;
    cw_ingest_report *rep;
    unsigned batch, in_batch;
    double last_progress;
    cwi_spans sents;
    cwi_analysis pre; /* a prepared record's analysis, read */
    cwi_buf flat;     /* a prepared record's strings, read */
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

/* The stateless half of ingest: one record extracted, with the fields that
 * are stored decided (the page's own URL, date and author over the
 * container's; the outlet the container names, else the site, else the URL's
 * host). On CW_ERR_INPUT *why says why (caller frees). */
typedef struct prepared {
    const char *name, *where, *url, *outlet, *published, *author;
    const char *not_news; /* a page that is no news: its page type; else NULL */
    cwi_doc doc; /* title, text, credit and lang are used; owned */
    char host[256];
    const char *analysis; /* base64 (engine/analyse.h), from a prepared record; NULL when none */
    size_t analysis_len;
} prepared;

static cw_status prepare(const cwi_record *rec, prepared *p, char **why)
{
    memset(p, 0, sizeof *p);
    cwi_extract_hints hints = {rec->url, rec->title, rec->published, rec->outlet};
    bool html = rec->kind == CWI_REC_HTML || (rec->kind == CWI_REC_UNKNOWN && cwi_looks_like_html(rec->data, rec->len));
    cw_status st = html ? cwi_extract_html(rec->data, rec->len, &hints, &p->doc, why)
                        : cwi_extract_text(rec->data, rec->len, &hints, &p->doc, why);
    if (st == CW_ERR_NOMEM) return st;
    /* A feed item of a headline alone (or whose text only repeated its
     * headline, which extraction drops) is an article whose text is its
     * headline: it is stored, deduplicated and clustered like any other.
     * Only an item with neither headline nor text is refused. */
    const char *head = p->doc.title && *p->doc.title ? p->doc.title : rec->title;
    while (head && (*head == ' ' || *head == '\t' || *head == '\n' || *head == '\r')) head++;
    if (st == CW_OK && (!p->doc.text || !*p->doc.text) && head && *head) {
        free(p->doc.text);
        if (!(p->doc.text = cwi_strndup(head, strlen(head)))) return CW_ERR_NOMEM;
        if (!p->doc.title && !(p->doc.title = cwi_strndup(head, strlen(head)))) return CW_ERR_NOMEM;
    }
    if (st != CW_OK || !p->doc.text || !*p->doc.text) {
        if (st == CW_OK) {
            free(*why);
            *why = NULL;
        }
        return CW_ERR_INPUT;
    }
    p->name = rec->name;
    p->where = rec->where;
    p->url = p->doc.url ? p->doc.url : rec->url;
    p->outlet = rec->outlet ? rec->outlet : p->doc.site ? p->doc.site : url_host(p->url, p->host, sizeof p->host);
    p->published = p->doc.published ? p->doc.published : rec->published;
    p->author = p->doc.author ? p->doc.author : rec->author;
    if (html && !rec->feed_item && !cwi_doc_is_news(&p->doc)) p->not_news = p->doc.page_type;
    return CW_OK;
}

/* A page that is no news: counted and named, and not stored unless the
 * options keep all pages. Returns whether it is left out. */
static bool leave_out(ingest_run *run, const prepared *p)
{
    if (!p->not_news || (run->opts && run->opts->keep_all_pages)) return false;
    run->rep->not_news++;
    const char *what = !strcmp(p->not_news, "listing")   ? "a section front, tag, search or shop category page"
                       : !strcmp(p->not_news, "product") ? "a product page"
                       : !strcmp(p->not_news, "documentation") ? "a documentation page"
                                                               : "a page of no article";
    char *m = cwi_sprintf("%s: not stored: no news (%s)", p->where, what);
    if (run->opts && run->opts->on_error) run->opts->on_error(run->opts->ud, m ? m : "a page that is no news not stored");
    free(m);
    return true;
}

static void report_progress(ingest_run *run)
{
    if (!run->opts || !run->opts->on_progress) return;
    double now = cwi_now();
    if (now - run->last_progress >= 0.2) {
        run->last_progress = now;
        if (run->rd) run->rep->bytes = run->bytes_before + run->rd->bytes;
        run->opts->on_progress(run->opts->ud, run->rep);
    }
}

/* The stateful half: a prepared article stored, related and clustered, or
 * counted as a duplicate. p->doc.text may be replaced (an outlet's template
 * stripped). */
/* Cuts a headline longer than MAX_TITLE_BYTES at the last space before the
 * limit (else at a character boundary) and says so: a headline that long is
 * a page's text or junk in the title field, and every stage that reads
 * headlines (words, terms, briefs) expects a line. */
#define MAX_TITLE_BYTES 2048
static void cut_title(ingest_run *run, prepared *p, const char *place)
{
    char *t = p->doc.title;
    size_t n = t ? strlen(t) : 0;
    if (n <= MAX_TITLE_BYTES) return;
    size_t k = MAX_TITLE_BYTES;
    while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80) k--; /* not inside a character */
    size_t sp = k;
    while (sp > MAX_TITLE_BYTES / 2 && t[sp] != ' ') sp--;
    if (t[sp] == ' ') k = sp;
    while (k > 0 && t[k - 1] == ' ') k--;
    t[k] = 0;
    if (run->opts && run->opts->on_error) {
        char *m = cwi_sprintf("%s: the headline is %zu bytes long: cut to its first %zu", place, n, k);
        run->opts->on_error(run->opts->ud, m ? m : "a headline was cut");
        free(m);
    }
}

static cw_status store_prepared(ingest_run *run, prepared *p)
{
    cw_engine *e = run->e;
    cw_status st = CW_OK;
    /* The content hash is taken of what extraction gave, before an outlet's
     * template is stripped, so that the same page ingested again is known as
     * the same whatever the template has learnt meanwhile. */
    size_t tlen = strlen(p->doc.text);
    cwi_buf_reset(&run->key);
    if ((st = cwi_buf_adds(&run->key, p->doc.title ? p->doc.title : "")) != CW_OK ||
        (st = cwi_buf_addc(&run->key, '\n')) != CW_OK || (st = cwi_buf_add(&run->key, p->doc.text, tlen)) != CW_OK)
        return st;
    char hash[33];
    cwi_hash128_hex(run->key.data, run->key.len, hash);

    if (!cwi_store_in_transaction(e->store)) {
        if (cwi_store_begin(e->store) != CW_OK)
            return cwi_engine_fail(e, CW_ERR_STORE, "%s", cwi_store_error(e->store));
        /* Another process stored articles since our last batch: what was
         * built from the store (stories, outlet templates) is built again,
         * so that stories depend on the stored articles and their order,
         * not on how the writers took turns. */
        if (cwi_store_others_wrote(e->store)) {
            cwi_stories_reset(e);
            cwi_template_free(e->templates);
            e->templates = NULL;
        }
    }
    int64_t id = 0, dup = 0;
    if (cwi_store_find_hash(e->store, hash, &dup) != CW_OK)
        return cwi_engine_fail(e, CW_ERR_STORE, "%s: %s", p->where, cwi_store_error(e->store));
    if (dup) {
        run->rep->duplicates++;
        return CW_OK;
    }

    cwi_article a = {0};
    a.name = p->name;
    a.hash = hash;
    a.url = p->url;
    a.title = p->doc.title;
    a.outlet = p->outlet;
    if (a.outlet && (st = learn_template(e, a.outlet, &p->doc.text)) != CW_OK) return st;
    tlen = strlen(p->doc.text);
    /* The analysis made where the record was prepared is taken when it is
     * of this text (the template stripped nothing) and this library. */
    cwi_analysis *pre = NULL;
    if (p->analysis) {
        st = cwi_analysis_unpack(p->analysis, p->analysis_len, p->doc.title, p->doc.text, tlen, p->doc.lang,
                                 &run->pre);
        if (st == CW_ERR_NOMEM) return st;
        if (st == CW_OK) pre = &run->pre;
        st = CW_OK;
    }
    run->sents.n = 0;
    if (!pre && (st = cwi_sentences(p->doc.text, tlen, &run->sents)) != CW_OK) return st;
    const cwi_spans *sents = pre ? &pre->sents : &run->sents;
    a.credit = p->doc.credit;
    a.published = p->published;
    a.author = p->author;
    a.lang = p->doc.lang;
    a.text = p->doc.text;
    a.text_len = tlen;
    a.sentences = sents->v;
    a.n_sentences = sents->n;

    if (cwi_store_add_article(e->store, &a, &id, &dup) != CW_OK)
        return cwi_engine_fail(e, CW_ERR_STORE, "%s: %s", p->where, cwi_store_error(e->store));
    if (dup) {
        run->rep->duplicates++;
    } else {
        run->rep->added++;
        /* Later stages (relate, cluster) hook in here, inside the batch's
         * transaction, so an article and what is derived from it are stored
         * together or not at all. */
        if ((st = cwi_stories_add(e, id, &a, pre)) != CW_OK) return st;
    }
    if (++run->in_batch >= run->batch) st = flush_batch(run);
    return st;
}

static cw_status on_record(void *ud, const cwi_record *rec)
{
    ingest_run *run = ud;
    run->rep->records++;
    prepared p;
    char *why = NULL;
    cw_status st = prepare(rec, &p, &why);
    if (st == CW_ERR_INPUT) diag(run, "%s: %s", rec->where, why ? why : "no headline and no article text found");
    free(why);
    if (st == CW_OK && !leave_out(run, &p)) {
        cut_title(run, &p, rec->where);
        st = store_prepared(run, &p);
    }
    cwi_doc_clean(&p.doc);
    if (st == CW_OK) report_progress(run);
    return st;
}

/* The end of every ingest: the last batch stored, or everything since the
 * last commit rolled back with the reason kept; a last progress call; CW_ERR_INPUT
 * when some input was refused though the rest was stored. */
static cw_status end_run(ingest_run *run, cw_status st, uint64_t failed_before)
{
    cw_engine *e = run->e;
    cw_status fl = flush_batch(run);
    if (st == CW_OK) st = fl;
    if (st != CW_OK) {
        cwi_store_rollback(e->store);
        if (!e->err[0]) cwi_engine_fail(e, st, "%s", cw_status_str(st));
    }
    if (run->opts && run->opts->on_progress) run->opts->on_progress(run->opts->ud, run->rep);
    CWI_VEC_FREE(run->sents);
    cwi_analysis_clean(&run->pre);
    cwi_buf_clean(&run->flat);
    cwi_buf_clean(&run->key);
    if (st == CW_OK && run->rep->failed > failed_before) return CW_ERR_INPUT;
    return st;
}

/* The start of an ingest and of a prepared ingest (end_run is their end). */
static void begin_run(ingest_run *run, cw_engine *e, const cw_ingest_options *opts, cw_ingest_report *rep)
{
    e->err[0] = 0;
    *run = (ingest_run){.e = e, .opts = opts, .rep = rep};
    run->batch = opts && opts->batch ? opts->batch : 256;
    cwi_buf_init(&run->key, 0);
    cwi_buf_init(&run->flat, 0);
}

typedef enum { SRC_PATH, SRC_FD, SRC_MEM } src_kind;

static cw_status ingest(cw_engine *e, src_kind kind, const char *path, int fd, const void *data, size_t len,
                        const cw_ingest_options *opts, cw_ingest_report *report)
{
    if (!e || (kind != SRC_MEM && !path)) return CW_ERR_USAGE;
    cw_ingest_report local = {0};
    cw_ingest_report *rep = report ? report : &local;
    ingest_run run;
    begin_run(&run, e, opts, rep);
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
    return end_run(&run, st, failed_before);
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

/* ---- ingest in two halves: prepare anywhere, store in one place ---- */

typedef struct prepare_run {
    cw_line_fn fn;
    cw_diag_fn on_error;
    void *ud;
    cwi_buf out;
    /* the analysis of each article (engine/analyse.h) */
    cwi_analyser an;
    cwi_spans sents;
    cwi_fp fp;
    cwi_cterms terms;
    uint64_t failed;
    bool stop;
} prepare_run;

static void prepare_diag(void *ud, const char *msg)
{
    prepare_run *pr = ud;
    pr->failed++;
    if (pr->on_error) pr->on_error(pr->ud, msg);
}

static void prepare_skip(void *ud, const char *msg)
{
    prepare_run *pr = ud;
    if (pr->on_error) pr->on_error(pr->ud, msg);
}

/* Appends ,"analysis":"..." to pr->out: the order-free part of relating and
 * clustering (sentences, fingerprint, terms), which the writer takes instead
 * of making it again (engine/analyse.h). */
static cw_status add_analysis(prepare_run *pr, const prepared *p)
{
    size_t n = strlen(p->doc.text);
    pr->sents.n = 0;
    cwi_fp_clean(&pr->fp);
    CWI_TRY(cwi_sentences(p->doc.text, n, &pr->sents));
    CWI_TRY(cwi_analyse(&pr->an, p->doc.text, n, pr->sents.v, pr->sents.n, p->doc.title, p->doc.lang, &pr->fp,
                        &pr->terms));
    CWI_TRY(cwi_buf_adds(&pr->out, ",\"analysis\":\""));
    CWI_TRY(cwi_analysis_pack(p->doc.title, p->doc.text, n, p->doc.lang, pr->sents.v, pr->sents.n, &pr->fp,
                              &pr->terms, &pr->out));
    return cwi_buf_addc(&pr->out, '"');
}

static cw_status prepare_record(void *ud, const cwi_record *rec)
{
    prepare_run *pr = ud;
    if (pr->stop) return CW_OK;
    prepared p;
    char *why = NULL;
    cw_status st = prepare(rec, &p, &why);
    if (st == CW_ERR_INPUT) {
        char *m = cwi_sprintf("%s: %s", rec->where, why ? why : "no headline and no article text found");
        prepare_diag(pr, m ? m : "input refused");
        free(m);
    }
    free(why);
    cwi_buf *b = &pr->out;
    cwi_buf_reset(b);
    if (st == CW_OK) st = cwi_buf_addc(b, '{');
    if (st == CW_OK) st = cwi_json_kv_str(b, "name", p.name, false);
    if (st == CW_OK) st = cwi_json_kv_str(b, "where", p.where, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "title", p.doc.title, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "text", p.doc.text, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "url", p.url, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "outlet", p.outlet, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "published", p.published, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "author", p.author, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "credit", p.doc.credit, true);
    if (st == CW_OK) st = cwi_json_kv_str(b, "lang", p.doc.lang, true);
    if (st == CW_OK && p.not_news) st = cwi_json_kv_str(b, "not_news", p.not_news, true);
    if (st == CW_OK) st = add_analysis(pr, &p);
    if (st == CW_OK) st = cwi_buf_addc(b, '}');
    if (st == CW_OK && pr->fn(pr->ud, b->data, b->len)) pr->stop = true;
    cwi_doc_clean(&p.doc);
    return st;
}

static cw_status prepare_with(const char *path, const void *data, size_t len, size_t first_line, cw_line_fn fn,
                              cw_diag_fn on_error, void *ud)
{
    prepare_run pr = {.fn = fn, .on_error = on_error, .ud = ud};
    cwi_buf_init(&pr.out, 0);
    cwi_analyser_init(&pr.an);
    cwi_reader rd = {.on_record = prepare_record, .on_error = prepare_diag, .on_skip = prepare_skip, .ud = &pr};
    cw_status st = data ? cwi_read_jsonl_memory(&rd, data, len, path, first_line) : cwi_read_path(&rd, path);
    cwi_buf_clean(&pr.out);
    cwi_analyser_clean(&pr.an);
    CWI_VEC_FREE(pr.sents);
    cwi_fp_clean(&pr.fp);
    CWI_VEC_FREE(pr.terms);
    if (st == CW_OK && pr.failed) st = CW_ERR_INPUT;
    return st;
}

cw_status cw_prepare_path(const char *path, cw_line_fn fn, cw_diag_fn on_error, void *ud)
{
    if (!path || !fn) return CW_ERR_USAGE;
    return prepare_with(path, NULL, 0, 0, fn, on_error, ud);
}

cw_status cw_prepare_jsonl(const char *label, const void *data, size_t len, uint64_t first_line, cw_line_fn fn,
                           cw_diag_fn on_error, void *ud)
{
    if (!label || (!data && len) || !fn) return CW_ERR_USAGE;
    return prepare_with(label, data ? data : "", len, (size_t)first_line, fn, on_error, ud);
}

/* The fields of a prepared record. */
enum {
    F_NAME, F_WHERE, F_TITLE, F_TEXT, F_URL, F_OUTLET, F_PUBLISHED, F_AUTHOR, F_CREDIT, F_LANG, F_ANALYSIS, F_NOT_NEWS, N_FIELDS
};
static const char *const prepared_keys[N_FIELDS] = {"name",   "where",     "title",  "text",   "url",     "outlet",
                                                    "published", "author", "credit", "lang", "analysis", "not_news"};

static cw_status dup_field(const char *s, size_t n, char **out)
{
    if (s && !(*out = cwi_strndup(s, n))) return CW_ERR_NOMEM;
    return CW_OK;
}

/* One prepared record (one line). CW_ERR_INPUT when it is not one. A flat
 * line (what cw_prepare_* write) is read without a tree (cwi_flat_json, as
 * jansson reads it), the rest by jansson. A field that is absent, empty or
 * not a string is NULL. */
static cw_status prepared_line(ingest_run *run, const char *line, size_t n, size_t lineno)
{
    run->rep->records++;
    const char *f[N_FIELDS] = {0};
    size_t len[N_FIELDS] = {0};
    cwi_flat_value v[N_FIELDS];
    json_t *o = NULL;
    json_error_t jerr;
    bool flat = cwi_flat_json(line, n, prepared_keys, N_FIELDS, v, &run->flat);
    if (flat) {
        for (size_t k = 0; k < N_FIELDS; k++)
            if (v[k].type == CWI_FLAT_STRING && v[k].len) f[k] = v[k].str, len[k] = v[k].len;
    } else if ((o = json_loadb(line, n, 0, &jerr)) && json_is_object(o)) {
        for (size_t k = 0; k < N_FIELDS; k++) {
            json_t *x = json_object_get(o, prepared_keys[k]);
            if (json_is_string(x) && json_string_length(x)) f[k] = json_string_value(x), len[k] = json_string_length(x);
        }
    }
    if (!f[F_NAME] || !f[F_TEXT]) {
        diag(run, "prepared:%zu: %s", lineno,
             !flat && !o ? jerr.text : "not a prepared record (an object with name and text)");
        json_decref(o);
        return CW_ERR_INPUT;
    }
    if (len[F_TEXT] > CW_MAX_RECORD_BYTES) {
        diag(run, "prepared:%zu: the article is larger than the %u MiB limit", lineno, CW_MAX_RECORD_BYTES >> 20);
        json_decref(o);
        return CW_ERR_INPUT;
    }
    prepared p;
    memset(&p, 0, sizeof p);
    p.name = f[F_NAME];
    p.where = f[F_WHERE] ? f[F_WHERE] : p.name;
    p.url = f[F_URL];
    p.outlet = f[F_OUTLET];
    p.published = f[F_PUBLISHED];
    p.author = f[F_AUTHOR];
    p.not_news = f[F_NOT_NEWS];
    p.analysis = f[F_ANALYSIS];
    p.analysis_len = len[F_ANALYSIS];
    /* strlen: a string with an escaped NUL in it (which jansson refuses
     * unless told to take it) ends there, as the reader's strings do */
    cw_status st = dup_field(f[F_TEXT], strlen(f[F_TEXT]), &p.doc.text);
    if (st == CW_OK && f[F_TITLE]) st = dup_field(f[F_TITLE], strlen(f[F_TITLE]), &p.doc.title);
    if (st == CW_OK && f[F_CREDIT]) st = dup_field(f[F_CREDIT], strlen(f[F_CREDIT]), &p.doc.credit);
    if (st == CW_OK && f[F_LANG]) st = dup_field(f[F_LANG], strlen(f[F_LANG]), &p.doc.lang);
    if (st == CW_OK && !leave_out(run, &p)) {
        char place[64];
        snprintf(place, sizeof place, "prepared:%zu", lineno);
        cut_title(run, &p, place);
        st = store_prepared(run, &p);
    }
    cwi_doc_clean(&p.doc);
    json_decref(o);
    if (st == CW_OK) report_progress(run);
    return st;
}

cw_status cw_ingest_prepared(cw_engine *e, const void *data, size_t len, const cw_ingest_options *opts,
                             cw_ingest_report *report)
{
    if (!e || (!data && len)) return CW_ERR_USAGE;
    cw_ingest_report local = {0};
    cw_ingest_report *rep = report ? report : &local;
    ingest_run run;
    begin_run(&run, e, opts, rep);
    uint64_t failed_before = rep->failed;
    const char *p = data, *end = p + len;
    cw_status st = CW_OK;
    for (size_t lineno = 1; p < end && (st == CW_OK || st == CW_ERR_INPUT); lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && !(n == 1 && *p == '\r')) st = prepared_line(&run, p, n, lineno);
        p += n + (nl != NULL);
    }
    if (st == CW_ERR_INPUT) st = CW_OK;
    rep->bytes += len;
    return end_run(&run, st, failed_before);
}
