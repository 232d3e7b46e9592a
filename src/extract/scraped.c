/*
 * scraped: clean text that a scraper already flattened (cwi_extract_text).
 *
 * The text is cut into lines; each line is judged with the phrase tables of
 * boiler.c and by its shape (a headline, a run of headlines, a short form
 * label). Passes, in order: ad markers (whole lines and markers glued to the
 * end of a sentence), the headline and its repeats, comment forms, language
 * switchers, share and cookie prompts, link lists after a "read more" marker,
 * donation and subscription appeals, and finally the credit: a wire dateline
 * at the start or a sign-off line at the end. Before all these, a line that is
 * a web address alone is the scrape's note of where the page came from: it
 * leaves the body and, when the container named no address, becomes the
 * article's URL (and its date when the address holds one).
 *
 * Bounds: input up to CW_MAX_RECORD_BYTES; time linear in the input (each
 * line is looked at a bounded number of times; an appeal block is at most
 * APPEAL_MAX_LINES lines); memory about three times the input.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "extract/meta_int.h"
#include "text/lang.h"
#include "text/text.h"

#define APPEAL_MAX_LINES 24
#define LINKS_MAX_RUN 30

typedef struct line {
    size_t off, len; /* into the normalised text */
    bool drop;
} line;

typedef CWI_VEC(line) lines;

static bool ends_sentence(const char *s, size_t n)
{
    if (n == 0) return false;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '.' || c == '!' || c == ';') return true;
    if (n >= 3 && (memcmp(s + n - 3, "\xE3\x80\x82", 3) == 0)) return true; /* 。 */
    if (n >= 2 && (memcmp(s + n - 2, "\xDB\x94", 2) == 0)) return true;     /* ۔ */
    /* closing quote after an end mark: ." .” */
    if (n >= 4 && memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0) return s[n - 4] == '.' || s[n - 4] == '!' || s[n - 4] == '?';
    if (n >= 2 && (c == '"' || c == ')')) return s[n - 2] == '.' || s[n - 2] == '!' || s[n - 2] == '?';
    return false;
}

/* A dateline ("SPRINGFIELD, Ill. —", "WASHINGTON -") or a byline ("By Jane
 * Doe") on a line of its own: never the headline of a text without one. */
static bool dateline_or_byline(const char *s, size_t n)
{
    cwi_ex_trim(&s, &n);
    if (n >= 3 && (s[0] == 'B' || s[0] == 'b') && s[1] == 'y' && s[2] == ' ' && cwi_ex_words(s, n) <= 8) return true;
    if (n && s[n - 1] == '-') return true;
    if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x94", 3) == 0 || memcmp(s + n - 3, "\xE2\x80\x93", 3) == 0)) return true;
    /* CITY, State. : capitals up to the comma, then at most two words */
    const char *comma = memchr(s, ',', n);
    if (!comma || comma == s) return false;
    for (const char *p = s; p < comma; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p != ' ' && *p != '.' && *p != '-' && (*p < 'A' || *p > 'Z'))) return false;
    return comma - s >= 3 && cwi_ex_words(comma + 1, n - (size_t)(comma + 1 - s)) <= 2;
}

/* "Read more: Some Other Headline" on one line. */
static bool inline_link_line(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', CWI_MIN(n, 40));
    if (!colon) return false;
    size_t mk = (size_t)(colon - s);
    if (cwi_ex_classify_line(s, mk) != CWI_EXB_LINKS) return false;
    const char *r = colon + 1;
    size_t rn = n - mk - 1;
    cwi_ex_trim(&r, &rn);
    return rn > 0 && cwi_ex_headline_like(r, rn);
}

/* A line that closes an appeal box. */
static bool appeal_closer(const char *s, size_t n)
{
    static const char *const c[] = {"remind me later", "maybe later", "not now", "no thanks", "no, thanks",
                                    "close", "dismiss", "später erinnern", "plus tard", "más tarde",
                                    "più tardi", "mais tarde", "напомнить позже", "позже", "نذكرني لاحقا"};
    const char *p = s;
    size_t m = n;
    while (m > 0 && (p[m - 1] == '.' || p[m - 1] == '!' || p[m - 1] == ' ')) m--;
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        if (cwi_ex_eq_ci(p, m, c[i])) return true;
    return false;
}

/* "— Name", "- Name": a short sign-off naming who wrote or sent the story. */
static char *dash_signoff(const char *s, size_t n)
{
    size_t skip = 0;
    if (n > 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 || memcmp(s, "\xE2\x80\x93", 3) == 0)) skip = 3;
    else if (n > 1 && s[0] == '-') skip = 1;
    else return NULL;
    const char *p = s + skip;
    size_t m = n - skip;
    cwi_ex_trim(&p, &m);
    if (m == 0 || m > 60 || cwi_ex_words(p, m) > 5 || ends_sentence(p, m)) return NULL;
    size_t len;
    if (!cwi_ex_is_upper(cwi_utf8_decode(p, m, &len))) return NULL;
    return cwi_strndup(p, m);
}

/* Whether the line is one web address and nothing else, written plainly
 * ("https://news.example/2024/05/03/flood") or as a word tokenizer left it
 * ("http: / / news. example / 2024 / 05 / 03 / flood"): every space must sit
 * beside a character that belongs in addresses, so a sentence that starts
 * with an address is not one. The address without the spaces goes to out. */
static bool url_line(const char *s, size_t n, char *out, size_t cap)
{
    static const char punct[] = "/.:-_?=&#%~+";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            bool beside = (i > 0 && strchr(punct, s[i - 1])) || (i + 1 < n && s[i + 1] && strchr(punct, s[i + 1]));
            if (!beside) return false;
            continue;
        }
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || k + 1 >= cap) return false;
        out[k++] = (char)c;
    }
    out[k] = 0;
    size_t scheme = cwi_ex_starts_ci(out, k, "https://") ? 8 : cwi_ex_starts_ci(out, k, "http://") ? 7 : 0;
    if (!scheme && !cwi_ex_starts_ci(out, k, "www.")) return false;
    size_t host = strcspn(out + scheme, "/?#");
    const char *dot = memchr(out + scheme, '.', host);
    return dot && dot > out + scheme && (size_t)(dot - (out + scheme)) + 1 < host;
}

static cw_status set_str(char **dst, const char *s, size_t n)
{
    if (*dst) return CW_OK;
    *dst = cwi_strndup(s, n);
    return *dst ? CW_OK : CW_ERR_NOMEM;
}

/* The state of one cleaning: the normalised text, its lines, and what the
 * passes found. */
typedef struct scrub {
    const char *t; /* the normalised text */
    lines L;
    size_t first;       /* the first line not dropped before the headline pass */
    const char *tp;     /* the headline, when the first line is one (into t) */
    size_t tn;
    char *outlet;       /* the outlet an appeal or a sign-off names, malloc'd */
    const char *credit; /* a wire's name (static storage) */
} scrub;

/* Lines, trimmed, empty ones skipped. */
static cw_status split_lines(scrub *S, size_t tn)
{
    for (size_t i = 0; i < tn;) {
        const char *p;
        size_t m;
        cwi_ex_next_line(S->t, tn, &i, &p, &m);
        if (m > 0) CWI_TRY(CWI_VEC_PUSH(S->L, ((line){(size_t)(p - S->t), m, false})));
    }
    return CW_OK;
}

/* 1. ad markers: whole lines, and markers glued to the end of a line */
static void drop_ads(scrub *S)
{
    for (size_t i = 0; i < S->L.n; i++) {
        line *l = &S->L.v[i];
        const char *p = S->t + l->off;
        if (cwi_ex_classify_line(p, l->len) == CWI_EXB_AD) {
            l->drop = true;
            continue;
        }
        size_t k = cwi_ex_strip_trailing_ad(p, l->len);
        while (k > 0 && (p[k - 1] == ' ')) k--;
        l->len = k;
        if (k == 0) l->drop = true;
    }
}

/* 2. address lines: out of the body, the first one kept as the URL (and
 * the date it holds) when the container gave none */
static cw_status take_urls(scrub *S, const cwi_extract_hints *hints, cwi_doc *d)
{
    char url[2048];
    for (size_t i = 0; i < S->L.n; i++) {
        line *l = &S->L.v[i];
        if (l->drop || !url_line(S->t + l->off, l->len, url, sizeof url)) continue;
        l->drop = true;
        if (d->url || (hints && hints->url)) continue;
        CWI_TRY(set_str(&d->url, url, strlen(url)));
        if (!(hints && hints->published)) d->published = cwi_ex_url_date(url);
    }
    return CW_OK;
}

/* 3. the headline: the first line when it looks like one (or is the hint's
 * title); it and the scrape's repeats of it leave the body, as for HTML
 * pages. Else the hint's title. */
static cw_status take_headline(scrub *S, const cwi_extract_hints *hints, cwi_doc *d)
{
    lines *L = &S->L;
    size_t first = S->first;
    const char *fp = first < L->n ? S->t + L->v[first].off : NULL;
    size_t fn = first < L->n ? L->v[first].len : 0;
    if (fp && first + 1 < L->n && cwi_ex_headline_like(fp, fn) && cwi_ex_classify_line(fp, fn) == CWI_EXB_NONE &&
        !dateline_or_byline(fp, fn)) {
        S->tp = fp;
        S->tn = fn;
    } else if (fp && hints && hints->title && strlen(hints->title) == fn && memcmp(hints->title, fp, fn) == 0) {
        S->tp = fp;
        S->tn = fn;
    }
    if (S->tp) {
        CWI_TRY(set_str(&d->title, S->tp, S->tn));
        L->v[first].drop = true;
        for (size_t i = first + 1; i < L->n; i++)
            if (L->v[i].len == S->tn && memcmp(S->t + L->v[i].off, S->tp, S->tn) == 0) L->v[i].drop = true;
    } else if (hints && hints->title && *hints->title) {
        CWI_TRY(set_str(&d->title, hints->title, strlen(hints->title)));
    }
    return CW_OK;
}

/* A comment form from line i: its heading, labels and short lines. Returns
 * the last line dropped. */
static size_t drop_comment_form(scrub *S, size_t i)
{
    S->L.v[i].drop = true;
    size_t j = i + 1;
    for (; j < S->L.n; j++) {
        const char *q = S->t + S->L.v[j].off;
        size_t qn = S->L.v[j].len;
        enum cwi_ex_boiler kj = cwi_ex_classify_line(q, qn);
        if (kj == CWI_EXB_NONE && (cwi_ex_words(q, qn) > 8 || ends_sentence(q, qn))) break;
        if (kj == CWI_EXB_APPEAL) break;
        S->L.v[j].drop = true;
    }
    return j - 1;
}

/* A "read more" marker at line i and the headlines after it. Returns the
 * last line looked at. */
static size_t drop_link_run(scrub *S, size_t i)
{
    S->L.v[i].drop = true;
    size_t j = i + 1;
    for (; j < S->L.n && j <= i + LINKS_MAX_RUN; j++) {
        const char *q = S->t + S->L.v[j].off;
        size_t qn = S->L.v[j].len;
        if (S->L.v[j].drop) continue;
        if (!cwi_ex_headline_like(q, qn) || cwi_ex_classify_line(q, qn) == CWI_EXB_APPEAL) break;
        S->L.v[j].drop = true;
    }
    return j - 1;
}

/* An appeal whose heading is line i: the block up to a closer ("Maybe
 * later") or the end of the text, when it holds enough appeal vocabulary.
 * Returns the last line dropped, or i when it is no appeal. */
static size_t drop_appeal(scrub *S, size_t i)
{
    lines *L = &S->L;
    const char *p = S->t + L->v[i].off;
    size_t m = L->v[i].len;
    /* the heading is a heading: no sentence before it ends */
    if (ends_sentence(p, m) && cwi_ex_words(p, m) > 6) return i;
    size_t j = i + 1, words = cwi_ex_words(p, m);
    bool closed = false;
    for (; j < L->n && j < i + APPEAL_MAX_LINES; j++) {
        words += cwi_ex_words(S->t + L->v[j].off, L->v[j].len);
        if (appeal_closer(S->t + L->v[j].off, L->v[j].len)) {
            closed = true;
            j++;
            break;
        }
    }
    /* the block runs to the end of the text or to a closer */
    if (!closed && j < L->n) return i;
    size_t b0 = L->v[i].off, b1 = L->v[j - 1].off + L->v[j - 1].len;
    int voc = cwi_ex_appeal_vocab(S->t + b0, b1 - b0);
    if (voc < 2 || (size_t)voc * 150 < words) return i;
    free(S->outlet);
    S->outlet = cwi_ex_appeal_outlet(S->t + b0, b1 - b0);
    for (size_t q = i; q < j; q++) L->v[q].drop = true;
    return j - 1;
}

/* 4. comment forms, language switchers, share prompts, link lists, appeals */
static void drop_boiler(scrub *S)
{
    for (size_t i = 0; i < S->L.n; i++) {
        if (S->L.v[i].drop) continue;
        const char *p = S->t + S->L.v[i].off;
        size_t m = S->L.v[i].len;
        enum cwi_ex_boiler k = cwi_ex_classify_line(p, m);
        if (S->tp && i == S->first) k = CWI_EXB_NONE;
        switch (k) {
        case CWI_EXB_COMMENT: i = drop_comment_form(S, i); break;
        case CWI_EXB_LANGS:
        case CWI_EXB_SHARE:
        case CWI_EXB_AD: S->L.v[i].drop = true; break;
        case CWI_EXB_LINKS: i = drop_link_run(S, i); break;
        case CWI_EXB_APPEAL: i = drop_appeal(S, i); break;
        default:
            if (inline_link_line(p, m)) S->L.v[i].drop = true;
            break;
        }
    }
}

/* 5. credits: a wire dateline near the start, a sign-off at the end */
static cw_status find_credit(scrub *S, cwi_doc *d)
{
    lines *L = &S->L;
    for (size_t i = S->first, seen = 0; i < L->n && seen < 3; i++) {
        if (L->v[i].drop || (S->tp && i == S->first)) continue;
        seen++;
        if ((S->credit = cwi_ex_dateline_credit(S->t + L->v[i].off, L->v[i].len))) break;
    }
    for (size_t i = L->n, seen = 0; i > 0 && seen < 3; i--) {
        line *l = &L->v[i - 1];
        if (l->drop) continue;
        if (S->tp && i - 1 == S->first) break;
        const char *c = cwi_ex_signoff_credit(S->t + l->off, l->len);
        char *ds = c ? NULL : dash_signoff(S->t + l->off, l->len);
        if (!c && !ds) break;
        l->drop = true;
        seen++;
        if (c && !S->credit) S->credit = c;
        if (ds && !S->credit && !S->outlet) S->outlet = ds;
        else free(ds);
    }
    if (S->credit) return set_str(&d->credit, S->credit, strlen(S->credit));
    if (S->outlet) return set_str(&d->credit, S->outlet, strlen(S->outlet));
    return CW_OK;
}

/* 6. the body: the lines kept */
static cw_status write_body(scrub *S, cwi_buf *body, cwi_doc *d)
{
    for (size_t i = 0; i < S->L.n; i++) {
        if (S->L.v[i].drop) continue;
        if (body->len) CWI_TRY(cwi_buf_addc(body, '\n'));
        CWI_TRY(cwi_buf_add(body, S->t + S->L.v[i].off, S->L.v[i].len));
    }
    return cwi_ex_finish_text(body->data ? body->data : "", body->len, &d->text);
}

cw_status cwi_ex_scrub(const char *txt, size_t n, const cwi_extract_hints *hints, bool find_title, cwi_doc *out)
{
    cwi_doc d = {0};
    cwi_buf norm, body;
    cwi_buf_init(&norm, 0);
    cwi_buf_init(&body, 0);
    scrub S = {0};
    cw_status st = cwi_ex_append_clean(&norm, txt ? txt : "", n, true);
    if (st != CW_OK) goto done;
    S.t = norm.data ? norm.data : "";
    if ((st = split_lines(&S, norm.len)) != CW_OK) goto done;
    drop_ads(&S);
    if (find_title && (st = take_urls(&S, hints, &d)) != CW_OK) goto done;
    while (S.first < S.L.n && S.L.v[S.first].drop) S.first++;
    if (find_title && (st = take_headline(&S, hints, &d)) != CW_OK) goto done;
    drop_boiler(&S);
    if ((st = find_credit(&S, &d)) != CW_OK) goto done;
    st = write_body(&S, &body, &d);
done:
    free(S.outlet);
    CWI_VEC_FREE(S.L);
    cwi_buf_clean(&norm);
    cwi_buf_clean(&body);
    if (st != CW_OK) {
        cwi_doc_clean(&d);
        return st;
    }
    *out = d;
    return CW_OK;
}

cw_status cwi_extract_text(const char *txt, size_t n, const cwi_extract_hints *hints, cwi_doc *out, char **error)
{
    if (error) *error = NULL;
    if (!out || (!txt && n)) {
        if (error) *error = cwi_strndup("no text given", 13);
        return CW_ERR_USAGE;
    }
    if (n > CW_MAX_RECORD_BYTES) {
        if (error) *error = cwi_sprintf("text of %zu bytes is larger than the limit of %u", n, CW_MAX_RECORD_BYTES);
        return CW_ERR_INPUT;
    }
    cwi_doc d = {0};
    cw_status st = cwi_ex_scrub(txt, n, hints, true, &d);
    if (st != CW_OK) goto fail;
    const char *lang = cwi_detect_lang(d.text, strlen(d.text));
    if ((st = set_str(&d.lang, lang, strlen(lang))) != CW_OK) goto fail;
    if (hints) {
        if (hints->published && (st = set_str(&d.published, hints->published, strlen(hints->published))) != CW_OK)
            goto fail;
        if (hints->outlet && (st = set_str(&d.site, hints->outlet, strlen(hints->outlet))) != CW_OK) goto fail;
        if (hints->url && (st = set_str(&d.url, hints->url, strlen(hints->url))) != CW_OK) goto fail;
    }
    cwi_doc_clean(out);
    *out = d;
    return CW_OK;
fail:
    cwi_doc_clean(&d);
    if (error) *error = cwi_sprintf("text extraction failed: %s", cw_status_str(st));
    return st;
}

void cwi_doc_clean(cwi_doc *d)
{
    if (!d) return;
    free(d->title);
    free(d->text);
    free(d->published);
    free(d->author);
    free(d->site);
    free(d->lang);
    free(d->credit);
    free(d->url);
    memset(d, 0, sizeof *d);
}
