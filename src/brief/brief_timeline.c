/*
 * brief_timeline: the story's dated events, and its coverage by outlet.
 *
 * Timeline: with the check stage's resolved dates, each calendar day becomes
 * one entry whose `what` is the sentence around the first mention of that day
 * (articles in publication order) and whose sources are every article that
 * names that day. Without them, the full dates written in the articles
 * ("2 December 2025", "Dec. 2, 2025", "2025-12-02") and the publication dates
 * are used.
 *
 * Coverage: one entry per outlet (articles without one are listed under
 * null), earliest first; an outlet's article that shares an origin with an
 * earlier article of another outlet retold it (`retold_from`).
 */
#include <stdlib.h>
#include <string.h>

#include "brief/brief_int.h"
#include "text/text.h"

#define MAX_TIMELINE 200
#define MAX_EVENTS 20000

typedef struct ev {
    char date[11];
    uint32_t art;
    cwi_span span;  /* the sentence */
    bool published; /* from the publication date, no sentence */
} ev;

/* Sentence spans of one article: given, or computed into tmp. */
static cw_status sentences_of(const cwi_brief_article *A, cwi_spans *tmp, const cwi_span **sp, size_t *n)
{
    if (A->nsent) {
        *sp = A->sentences;
        *n = A->nsent;
        return CW_OK;
    }
    tmp->n = 0;
    if (A->text && A->len) CWI_TRY(cwi_sentences(A->text, A->len, tmp));
    *sp = tmp->v;
    *n = tmp->n;
    return CW_OK;
}

static cwi_span sentence_around(const cwi_span *sp, size_t n, cwi_span at)
{
    for (size_t i = 0; i < n; i++)
        if (sp[i].start <= at.start && at.start < sp[i].end) return sp[i];
    return at;
}

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_at(const char *p, size_t n)
{
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++) {
        bool eq = true;
        for (int k = 0; k < 3 && eq; k++) eq = (p[k] | 0x20) == MONTHS[m][k];
        if (eq) return m + 1;
    }
    return 0;
}

static bool valid_day(int y, int m, int d)
{
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= dim[m - 1];
}

static void put_date(char out[11], int y, int m, int d)
{
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* Full dates written in a sentence: the first one found, into out[11]. */
static bool full_date_in(const char *p, size_t n, char out[11])
{
    cwi_tokens tok = {0};
    if (cwi_tokenize(p, n, &tok) != CW_OK) {
        CWI_VEC_FREE(tok);
        return false;
    }
    bool found = false;
    for (size_t i = 0; i < tok.n && !found; i++) {
        const cwi_token *t = &tok.v[i];
        const char *w = p + t->span.start;
        size_t wn = t->span.end - t->span.start;
        int y = 0, m = 0, d = 0;
        if (t->kind == CWI_TOK_NUMBER && wn == 4 && i + 4 < tok.n && p[tok.v[i + 1].span.start] == '-') {
            /* 2025-12-02 */
            y = atoi(w);
            m = atoi(p + tok.v[i + 2].span.start);
            if (p[tok.v[i + 3].span.start] == '-') d = atoi(p + tok.v[i + 4].span.start);
        } else if (t->kind == CWI_TOK_WORD && month_at(w, wn) && i + 1 < tok.n && tok.v[i + 1].kind == CWI_TOK_NUMBER) {
            /* Dec. 2, 2025 / December 2 2025 */
            m = month_at(w, wn);
            size_t j = i + 1;
            d = atoi(p + tok.v[j].span.start);
            j++;
            if (j < tok.n && p[tok.v[j].span.start] == ',') j++;
            if (j < tok.n && tok.v[j].kind == CWI_TOK_NUMBER && tok.v[j].span.end - tok.v[j].span.start == 4)
                y = atoi(p + tok.v[j].span.start);
        } else if (t->kind == CWI_TOK_NUMBER && wn <= 2 && i + 2 < tok.n && tok.v[i + 1].kind == CWI_TOK_WORD &&
                   month_at(p + tok.v[i + 1].span.start, tok.v[i + 1].span.end - tok.v[i + 1].span.start) &&
                   tok.v[i + 2].kind == CWI_TOK_NUMBER && tok.v[i + 2].span.end - tok.v[i + 2].span.start == 4) {
            /* 2 December 2025 */
            d = atoi(w);
            m = month_at(p + tok.v[i + 1].span.start, 3);
            y = atoi(p + tok.v[i + 2].span.start);
        }
        if (valid_day(y, m, d)) {
            put_date(out, y, m, d);
            found = true;
        }
    }
    CWI_VEC_FREE(tok);
    return found;
}

static const cwi_brief_article *g_arts;
static int cmp_ev(const void *a, const void *b)
{
    const ev *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (c) return c;
    if (x->published != y->published) return x->published ? 1 : -1; /* a stated event before a publication */
    const char *px = g_arts[x->art].published, *py = g_arts[y->art].published;
    c = strcmp(px ? px : "~", py ? py : "~");
    if (c) return c;
    if (x->art != y->art) return x->art < y->art ? -1 : 1;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

static uint32_t words_in(const char *p, size_t n)
{
    uint32_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = p[i] == ' ' || p[i] == '\n' || p[i] == '\t';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Whether x's sentence (the same words, in any article) is among used[0..n). */
static bool said_before(const cwi_brief_article *arts, const ev *used, size_t n, const ev *x)
{
    const char *p = arts[x->art].text + x->span.start;
    size_t len = x->span.end - x->span.start;
    for (size_t i = 0; i < n; i++)
        if (used[i].span.end - used[i].span.start == len && !memcmp(arts[used[i].art].text + used[i].span.start, p, len))
            return true;
    return false;
}

cw_status cwi_brief_timeline(const cwi_brief_article *arts, size_t n, const cwi_brief_event *events,
                             size_t n_events, cwi_buf *out)
{
    if (!out || !cwi_brief_args_ok(arts, n) || (n_events && !events)) return CW_ERR_USAGE;
    if (n > CWI_BRIEF_MAX_ARTICLES) n = CWI_BRIEF_MAX_ARTICLES;
    CWI_VEC(ev) evs = {0};
    cwi_spans tmp = {0};
    cw_status rc = CW_OK;
    if (n_events) {
        /* sentences are computed per article once: events come grouped or not,
         * so go article by article */
        for (size_t a = 0; a < n && rc == CW_OK; a++) {
            const cwi_span *sp = NULL;
            size_t ns = 0;
            bool have = false;
            for (size_t i = 0; i < n_events && i < MAX_EVENTS && rc == CW_OK; i++) {
                const cwi_brief_event *e = &events[i];
                int y, m, d;
                if (e->article != a || sscanf(e->date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !valid_day(y, m, d)) continue;
                if (e->span.end > arts[a].len || e->span.start > e->span.end) continue;
                if (!have && (rc = sentences_of(&arts[a], &tmp, &sp, &ns)) != CW_OK) break;
                have = true;
                ev x = {{0}, (uint32_t)a, sentence_around(sp, ns, e->span), false};
                put_date(x.date, y, m, d);
                rc = CWI_VEC_PUSH(evs, x);
            }
        }
    } else {
        for (size_t a = 0; a < n && rc == CW_OK; a++) {
            const cwi_span *sp = NULL;
            size_t ns = 0;
            if ((rc = sentences_of(&arts[a], &tmp, &sp, &ns)) != CW_OK) break;
            for (size_t i = 0; i < ns && evs.n < MAX_EVENTS && rc == CW_OK; i++) {
                if (sp[i].end > arts[a].len || sp[i].start >= sp[i].end) continue;
                ev x = {{0}, (uint32_t)a, sp[i], false};
                if (full_date_in(arts[a].text + sp[i].start, sp[i].end - sp[i].start, x.date)) rc = CWI_VEC_PUSH(evs, x);
            }
            int y, m, d;
            if (rc == CW_OK && arts[a].published && sscanf(arts[a].published, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
                valid_day(y, m, d)) {
                ev x = {{0}, (uint32_t)a, {0, 0}, true};
                put_date(x.date, y, m, d);
                rc = CWI_VEC_PUSH(evs, x);
            }
        }
    }
    CWI_VEC_FREE(tmp);
    if (rc != CW_OK) {
        CWI_VEC_FREE(evs);
        return rc;
    }
    g_arts = arts;
    if (evs.n > 1) qsort(evs.v, evs.n, sizeof *evs.v, cmp_ev);
    CWI_VEC(ev) whats = {0}; /* the sentences used so far */
    rc = cwi_buf_addc(out, '[');
    size_t entries = 0;
    for (size_t i = 0; i < evs.n && rc == CW_OK && entries < MAX_TIMELINE;) {
        size_t j = i;
        while (j < evs.n && !strcmp(evs.v[j].date, evs.v[i].date)) j++;
        /* what: the first stated sentence that reads as one (6 words or more)
         * and is not already the what of an earlier day (a sentence naming
         * two days tells the second through another sentence when one does) */
        size_t w = i;
        bool readable = false;
        for (size_t k = i; k < j; k++) {
            const ev *x = &evs.v[k];
            if (x->published || words_in(arts[x->art].text + x->span.start, x->span.end - x->span.start) < 6) continue;
            if (!readable) w = k, readable = true;
            if (!said_before(arts, whats.v, whats.n, x)) {
                w = k;
                break;
            }
        }
        const ev *W = &evs.v[w];
        if (!W->published && (rc = CWI_VEC_PUSH(whats, *W)) != CW_OK) break;
        if (entries) rc = cwi_buf_addc(out, ',');
        if (rc == CW_OK) rc = cwi_buf_printf(out, "{\"date\":\"%s\",\"what\":", W->date);
        if (rc == CW_OK) {
            if (!W->published) {
                rc = cwi_buf_json_str(out, arts[W->art].text + W->span.start, W->span.end - W->span.start);
            } else {
                const cwi_brief_article *A = &arts[W->art];
                char *s = cwi_sprintf("%s%s%s", A->outlet ? A->outlet : A->name, A->title ? " publishes: " : " publishes",
                                      A->title ? A->title : "");
                rc = s ? cwi_buf_json_str(out, s, strlen(s)) : CW_ERR_NOMEM;
                free(s);
            }
        }
        if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"articles\":[");
        bool first = true;
        for (size_t k = i; k < j && rc == CW_OK; k++) {
            bool seen = false;
            for (size_t q = i; q < k && !seen; q++) seen = evs.v[q].art == evs.v[k].art;
            if (seen) continue;
            if (!first) rc = cwi_buf_addc(out, ',');
            first = false;
            const char *nm = arts[evs.v[k].art].name;
            if (rc == CW_OK) rc = cwi_buf_json_str(out, nm, strlen(nm));
        }
        if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"spans\":[");
        first = true;
        for (size_t k = i; k < j && rc == CW_OK; k++) {
            if (evs.v[k].published) continue;
            bool seen = false;
            for (size_t q = i; q < k && !seen; q++)
                seen = evs.v[q].art == evs.v[k].art && evs.v[q].span.start == evs.v[k].span.start;
            if (seen) continue;
            if (!first) rc = cwi_buf_addc(out, ',');
            first = false;
            if (rc == CW_OK) rc = cwi_brief_span_json(out, arts[evs.v[k].art].name, evs.v[k].span);
        }
        if (rc == CW_OK) rc = cwi_buf_adds(out, "]}");
        entries++;
        i = j;
    }
    if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
    CWI_VEC_FREE(evs);
    CWI_VEC_FREE(whats);
    return rc;
}

/* ---- coverage ---- */

static bool same_outlet(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return !strcmp(a, b);
}

/* Where an article came from, as coverage shows it: its outlet (site name,
 * feed title or URL host), else its name (a file's name). */
static const char *source_of(const cwi_brief_article *a) { return a->outlet ? a->outlet : a->name; }

static bool same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static int pub_cmp(const char *a, const char *b)
{
    if (!a || !*a) return (b && *b) ? 1 : 0;
    if (!b || !*b) return -1;
    return strcmp(a, b);
}

cw_status cwi_brief_coverage(const cwi_brief_article *arts, size_t n, cwi_buf *out)
{
    if (!out || !cwi_brief_args_ok(arts, n)) return CW_ERR_USAGE;
    if (n > CWI_BRIEF_MAX_ARTICLES) n = CWI_BRIEF_MAX_ARTICLES;
    /* outlets in order of their first article's publication */
    size_t *lead = malloc((n ? n : 1) * sizeof *lead); /* an article per outlet */
    size_t no = 0;
    if (!lead) return CW_ERR_NOMEM;
    for (size_t a = 0; a < n; a++) {
        size_t k = 0;
        while (k < no && !same_outlet(source_of(&arts[lead[k]]), source_of(&arts[a]))) k++;
        if (k == no) lead[no++] = a;
        else if (pub_cmp(arts[a].published, arts[lead[k]].published) < 0) lead[k] = a;
    }
    /* insertion sort by first publication, stable */
    for (size_t i = 1; i < no; i++)
        for (size_t j = i; j > 0 && pub_cmp(arts[lead[j]].published, arts[lead[j - 1]].published) < 0; j--) {
            size_t t = lead[j];
            lead[j] = lead[j - 1];
            lead[j - 1] = t;
        }
    cw_status rc = cwi_buf_addc(out, '[');
    for (size_t k = 0; k < no && rc == CW_OK; k++) {
        const cwi_brief_article *L = &arts[lead[k]];
        if (k) rc = cwi_buf_addc(out, ',');
        if (rc == CW_OK) rc = cwi_buf_adds(out, "{\"outlet\":");
        if (rc == CW_OK) rc = L->outlet ? cwi_buf_json_str(out, L->outlet, strlen(L->outlet)) : cwi_buf_adds(out, "null");
        if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"source\":");
        if (rc == CW_OK) rc = cwi_buf_json_str(out, source_of(L), strlen(source_of(L)));
        /* the wires its articles' credit lines name: each of them a retelling of that origin */
        if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"retold_from_wire\":[");
        bool first_wire = true;
        for (size_t a = 0; a < n && rc == CW_OK; a++) {
            const char *w = arts[a].credit;
            if (!same_outlet(source_of(&arts[a]), source_of(L)) || !w || !*w || same_ci(w, source_of(L))) continue;
            bool dup = false;
            for (size_t b = 0; b < a && !dup; b++)
                dup = same_outlet(source_of(&arts[b]), source_of(L)) && arts[b].credit && same_ci(arts[b].credit, w);
            if (dup) continue;
            if (!first_wire) rc = cwi_buf_addc(out, ',');
            first_wire = false;
            if (rc == CW_OK) rc = cwi_buf_json_str(out, w, strlen(w));
        }
        if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
        if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"articles\":[");
        bool first = true;
        for (size_t a = 0; a < n && rc == CW_OK; a++) {
            if (!same_outlet(source_of(&arts[a]), source_of(L))) continue;
            if (!first) rc = cwi_buf_addc(out, ',');
            first = false;
            if (rc == CW_OK) rc = cwi_buf_json_str(out, arts[a].name, strlen(arts[a].name));
        }
        if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"first_published\":");
        if (rc == CW_OK)
            rc = L->published && *L->published ? cwi_buf_json_str(out, L->published, strlen(L->published))
                                               : cwi_buf_adds(out, "null");
        if (rc == CW_OK) rc = cwi_buf_printf(out, ",\"first\":%s", k == 0 && L->published && *L->published ? "true" : "false");
        /* retold: an article of this outlet in a group with an article of
         * another outlet published before it */
        if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"retold_from\":[");
        first = true;
        for (size_t a = 0; a < n && rc == CW_OK; a++) {
            if (!same_outlet(source_of(&arts[a]), source_of(L)) || arts[a].group < 0 || !arts[a].published || !*arts[a].published)
                continue;
            /* the earliest article of another outlet in its group, if earlier */
            size_t from = SIZE_MAX;
            for (size_t b = 0; b < n; b++) {
                if (b == a || arts[b].group != arts[a].group || same_outlet(source_of(&arts[b]), source_of(L))) continue;
                if (pub_cmp(arts[b].published, arts[a].published) >= 0) continue;
                if (from == SIZE_MAX || pub_cmp(arts[b].published, arts[from].published) < 0) from = b;
            }
            if (from == SIZE_MAX) continue;
            if (!first) rc = cwi_buf_addc(out, ',');
            first = false;
            if (rc == CW_OK) rc = cwi_buf_adds(out, "{\"article\":");
            if (rc == CW_OK) rc = cwi_buf_json_str(out, arts[a].name, strlen(arts[a].name));
            if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"from\":");
            if (rc == CW_OK) rc = cwi_buf_json_str(out, arts[from].name, strlen(arts[from].name));
            if (rc == CW_OK) rc = cwi_buf_addc(out, '}');
        }
        if (rc == CW_OK) rc = cwi_buf_adds(out, "]}");
    }
    if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
    free(lead);
    return rc;
}

cw_status cwi_brief_fragment(const cwi_brief_article *arts, size_t n, const cwi_brief_event *events,
                             size_t n_events, const cwi_brief_fact *facts, size_t n_facts, unsigned words,
                             cwi_buf *out)
{
    if (!out) return CW_ERR_USAGE;
    CWI_TRY(cwi_brief_lead(arts, n, facts, n_facts, words, out));
    CWI_TRY(cwi_buf_adds(out, ",\"timeline\":"));
    CWI_TRY(cwi_brief_timeline(arts, n, events, n_events, out));
    CWI_TRY(cwi_buf_adds(out, ",\"coverage\":"));
    return cwi_brief_coverage(arts, n, out);
}
