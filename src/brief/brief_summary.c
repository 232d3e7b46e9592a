/*
 * brief_summary: the extractive summary of a story.
 *
 * Each sentence becomes a vector of stemmed content words weighted by
 * tf-idf over the story's sentences. Each independent group (a wire report
 * and its retellings, or one outlet's own report) gets one centroid: the mean
 * of its articles' normalised vectors, so that three copies of one report
 * weigh what one does. A sentence scores by how close it is to what each
 * voice reports (the mean cosine to the group centroids, its own group
 * counting less than the others), plus a little for standing early in its
 * article and for sharing words with the headlines.
 *
 * Selection is greedy in score order, MMR-like: a sentence whose content
 * words overlap too much with one already chosen, or that holds a fact one
 * already chosen holds (the same figure, however rounded, or the same
 * statement quoted in other words, as the check stage lined them up), says
 * the same thing and is skipped; headings, questions, list fragments, quotes without a speaker and
 * very short sentences are never taken. The chosen sentences are ordered for
 * a reader by where they stand in their articles, then by publication, and
 * each cites every article holding a sentence close to it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "brief/brief_int.h"
#include "text/text.h"

/* Weights of the score, chosen on NeuS train (bench/neus_rouge.py). */
#define W_OWN_GROUP 0.4   /* weight of the sentence's own group among the voices (the others: 1) */
#define W_POSITION 0.1    /* lead bias: 1/(1+k) for the k-th sentence of its article */
#define W_TITLE 0.5       /* cosine to the headlines' centroid */
#define MIN_WORDS 6
#define LONG_WORDS 55     /* sentences longer than this keep LONG_FACTOR of their score */
#define LONG_FACTOR 0.8
#define W_HEAD_LENGTH 0.03 /* a headline loses this much a word: a short one says the event */
#define REDUNDANT 0.5     /* content-word overlap (of the smaller set) that makes two sentences one */
#define CITE_COS 0.45     /* cosine at which another article states the same */
#define CITE_OVERLAP 0.6
#define W_HEAD_TITLES 1.0 /* a headline's closeness to other headlines, beside its closeness to other articles */

static const char *const stopwords[] = {
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also",
    "although", "always", "am", "among", "an", "and", "another", "any", "anyone", "anything", "are", "around",
    "as", "at", "be", "became", "because", "become", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either",
    "else", "enough", "etc", "even", "ever", "every", "few", "for", "from", "further", "get", "gets", "got",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let", "like",
    "made", "make", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither",
    "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other",
    "others", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite", "rather", "really",
    "said", "same", "say", "saying", "says", "see", "seen", "several", "shall", "she", "should", "since", "so",
    "some", "something", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "though", "through", "thus", "to", "told", "too", "toward",
    "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what",
    "whatever", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your", "yours",
};

static bool is_stop(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof stopwords / sizeof *stopwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *s = stopwords[mid];
        size_t sn = strlen(s);
        int c = memcmp(w, s, CWI_MIN(n, sn));
        if (!c) c = n < sn ? -1 : n > sn ? 1 : 0;
        if (!c) return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

typedef struct term {
    uint32_t id;
    float w;
} term;

typedef struct sent {
    uint32_t art, idx;  /* article, sentence number in it */
    cwi_span span;
    uint32_t t0, tn;    /* its terms in the story's term array, sorted by id */
    uint32_t f0, fn;    /* the facts it holds in the story's fact array, sorted */
    uint32_t words;
    float norm, score;
    bool ok;            /* may be chosen */
} sent;

typedef struct story {
    const cwi_brief_article *arts;
    size_t n;
    CWI_VEC(sent) s;
    CWI_VEC(term) t;
    CWI_VEC(uint32_t) f;     /* fact ids, sentence by sentence */
    CWI_VEC(cwi_span) spans; /* computed sentence spans, for articles that came without */
    size_t *span_at;         /* per article: offset into spans, or SIZE_MAX */
    cwi_map *ids;            /* stem -> id */
    uint32_t n_ids;
    cwi_stemmer *stem;
    cwi_tokens tok;
    cwi_buf fold;
    CWI_VEC(term) scratch;
    /* titles */
    CWI_VEC(term) title_t;
    float title_norm;
    CWI_VEC(term) tt;         /* each article's headline terms, idf-weighted */
    uint32_t *tt0, *ttn;      /* per article: its slice of tt */
    float *tnorm, *hscore;    /* per article: its headline's norm and score as the story's headline */
    uint32_t *twords;         /* per article: words in its headline */
} story;

static void story_clean(story *st)
{
    CWI_VEC_FREE(st->s);
    CWI_VEC_FREE(st->t);
    CWI_VEC_FREE(st->f);
    CWI_VEC_FREE(st->spans);
    free(st->span_at);
    cwi_map_free(st->ids);
    cwi_stemmer_free(st->stem);
    CWI_VEC_FREE(st->tok);
    cwi_buf_clean(&st->fold);
    CWI_VEC_FREE(st->scratch);
    CWI_VEC_FREE(st->title_t);
    CWI_VEC_FREE(st->tt);
    free(st->tt0);
    free(st->ttn);
    free(st->tnorm);
    free(st->hscore);
    free(st->twords);
}

static int cmp_term(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Content-word stems of text[0..n) into st->scratch as (id, count), sorted
 * and merged; *words gets the number of words and numbers. */
static cw_status terms_of(story *st, const char *text, size_t n, uint32_t *words)
{
    st->scratch.n = 0;
    st->tok.n = 0;
    CWI_TRY(cwi_tokenize(text, n, &st->tok));
    uint32_t w = 0;
    for (size_t i = 0; i < st->tok.n; i++) {
        const cwi_token *k = &st->tok.v[i];
        if (k->kind != CWI_TOK_WORD && k->kind != CWI_TOK_NUMBER && k->kind != CWI_TOK_IDEO) continue;
        w++;
        const char *p = text + k->span.start;
        size_t len = k->span.end - k->span.start;
        cwi_buf_reset(&st->fold);
        CWI_TRY(cwi_text_fold(p, len, &st->fold));
        if (!st->fold.len || is_stop(st->fold.data, st->fold.len)) continue;
        if (k->kind == CWI_TOK_WORD && st->fold.len < 2) continue;
        size_t sl = st->fold.len;
        const char *s = k->kind == CWI_TOK_WORD ? cwi_stem(st->stem, st->fold.data, st->fold.len, &sl) : st->fold.data;
        bool fresh;
        intptr_t *slot = cwi_map_slot(st->ids, s, sl, &fresh);
        if (!slot) return CW_ERR_NOMEM;
        if (fresh) *slot = ++st->n_ids;
        term t = {(uint32_t)*slot, 1};
        CWI_TRY(CWI_VEC_PUSH(st->scratch, t));
    }
    if (st->scratch.n > 1) qsort(st->scratch.v, st->scratch.n, sizeof(term), cmp_term);
    size_t o = 0;
    for (size_t i = 0; i < st->scratch.n; i++) {
        if (o && st->scratch.v[o - 1].id == st->scratch.v[i].id)
            st->scratch.v[o - 1].w += 1;
        else
            st->scratch.v[o++] = st->scratch.v[i];
    }
    st->scratch.n = o;
    if (words) *words = w;
    return CW_OK;
}

static bool is_open_quote(const char *p, size_t n)
{
    return (n >= 1 && (p[0] == '"' || p[0] == '\'')) ||
           (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
            ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x98)) ||
           (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAB);
}

/* Counts quotation marks in p (ASCII and typographic double quotes). */
static size_t quote_marks(const char *p, size_t n)
{
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"') q++;
        else if (i + 2 < n && (unsigned char)p[i] == 0xE2 && (unsigned char)p[i + 1] == 0x80 &&
                 ((unsigned char)p[i + 2] == 0x9C || (unsigned char)p[i + 2] == 0x9D))
            q++, i += 2;
        else if (i + 1 < n && (unsigned char)p[i] == 0xC2 && ((unsigned char)p[i + 1] == 0xAB || (unsigned char)p[i + 1] == 0xBB))
            q++, i++;
    }
    return q;
}

/* Whether a sentence is one a reader can take alone: not a heading, a
 * question, a list fragment, a bare quote, a caption-like scrap. */
static bool informative(const char *p, size_t n, uint32_t words, uint32_t content)
{
    if (words < MIN_WORDS || content < 3) return false;
    /* the last character that is not a closing quote or bracket */
    size_t e = n;
    while (e > 0) {
        unsigned char c = (unsigned char)p[e - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            e--;
        } else if (e >= 3 && (unsigned char)p[e - 3] == 0xE2 && (unsigned char)p[e - 2] == 0x80 &&
                   (c == 0x9D || c == 0x99)) {
            e -= 3;
        } else if (e >= 2 && (unsigned char)p[e - 2] == 0xC2 && c == 0xBB) {
            e -= 2;
        } else {
            break;
        }
    }
    if (!e) return false;
    char last = p[e - 1];
    bool ellipsis = e >= 3 && (unsigned char)p[e - 3] == 0xE2 && (unsigned char)p[e - 2] == 0x80 && (unsigned char)p[e - 1] == 0xA6;
    if (last != '.' && last != '!' && !ellipsis) return false; /* heading, question, "include:", fragment */
    if (ellipsis) return false;
    /* list items */
    unsigned char c0 = (unsigned char)p[0];
    if (c0 == '-' || c0 == '*' || c0 == '+' || (n >= 3 && c0 == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xA2))
        return false;
    if (c0 >= '0' && c0 <= '9') {
        size_t i = 0;
        while (i < n && i < 3 && p[i] >= '0' && p[i] <= '9') i++;
        if (i < n && (p[i] == '.' || p[i] == ')') && i + 1 < n && p[i + 1] == ' ') return false;
    }
    /* a quote alone, with no one saying it: opens with a quotation mark and
     * holds no other text outside the marks */
    if (is_open_quote(p, n) && quote_marks(p, n) <= 2) {
        size_t tail = n - e;
        if (tail > 0 || last == '.') {
            /* the quote closes at the end: nothing outside it */
            if (tail > 0) return false;
        }
    }
    return true;
}

/* Skips a dateline such as "MOSCOW, Dec 2 (Reuters) -" or "KYIV —" at the
 * start of a sentence: the words stay in the article, not in the summary. */
static uint32_t past_dateline(const char *text, cwi_span sp)
{
    const char *p = text + sp.start;
    size_t n = sp.end - sp.start, lim = CWI_MIN(n, 80);
    size_t upper = 0;
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 'A' && c <= 'Z') upper++;
        if (c >= 'a' && c <= 'z' && !memchr(p, '(', i)) return sp.start; /* lower case before any bracket */
        bool dash = c == '-' && i > 0 && p[i - 1] == ' ' && i + 1 < n && p[i + 1] == ' ';
        bool udash = i + 2 < n && c == 0xE2 && (unsigned char)p[i + 1] == 0x80 &&
                     ((unsigned char)p[i + 2] == 0x94 || (unsigned char)p[i + 2] == 0x93);
        if ((dash || udash) && upper >= 3) {
            size_t j = i + (dash ? 1 : 3);
            while (j < n && p[j] == ' ') j++;
            if (j < n && n - j > 20) return sp.start + (uint32_t)j;
            return sp.start;
        }
    }
    return sp.start;
}

static float norm_of(const term *t, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)t[i].w * t[i].w;
    return (float)sqrt(s);
}

static float dot(const term *a, size_t na, const term *b, size_t nb)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].id < b[j].id)
            i++;
        else if (a[i].id > b[j].id)
            j++;
        else
            s += (double)a[i++].w * b[j++].w;
    }
    return (float)s;
}

static float cosine(const story *st, const sent *a, const sent *b)
{
    if (a->norm <= 0 || b->norm <= 0) return 0;
    return dot(st->t.v + a->t0, a->tn, st->t.v + b->t0, b->tn) / (a->norm * b->norm);
}

/* Shared content words over the smaller set. */
static float overlap(const story *st, const sent *a, const sent *b)
{
    size_t i = 0, j = 0, k = 0;
    const term *x = st->t.v + a->t0, *y = st->t.v + b->t0;
    while (i < a->tn && j < b->tn) {
        if (x[i].id < y[j].id)
            i++;
        else if (x[i].id > y[j].id)
            j++;
        else
            k++, i++, j++;
    }
    size_t m = CWI_MIN(a->tn, b->tn);
    return m ? (float)k / (float)m : 0;
}

/* Whether two sentences hold a fact in common (both lists sorted). */
static bool share_fact(const story *st, const sent *a, const sent *b)
{
    const uint32_t *x = st->f.v + a->f0, *y = st->f.v + b->f0;
    size_t i = 0, j = 0;
    while (i < a->fn && j < b->fn) {
        if (x[i] == y[j]) return true;
        if (x[i] < y[j])
            i++;
        else
            j++;
    }
    return false;
}

static bool same_thing(const story *st, const sent *a, const sent *b)
{
    return share_fact(st, a, b) || overlap(st, a, b) >= REDUNDANT || cosine(st, a, b) >= REDUNDANT;
}

/* ---- building the vectors ---- */

static cw_status load(story *st)
{
    st->span_at = malloc((st->n ? st->n : 1) * sizeof *st->span_at);
    if (!st->span_at) return CW_ERR_NOMEM;
    for (size_t a = 0; a < st->n; a++) {
        const cwi_brief_article *A = &st->arts[a];
        st->span_at[a] = SIZE_MAX;
        if (!A->nsent && A->text && A->len) {
            st->span_at[a] = st->spans.n;
            CWI_TRY(cwi_sentences(A->text, A->len, (cwi_spans *)&st->spans));
        }
    }
    for (size_t a = 0; a < st->n; a++) {
        const cwi_brief_article *A = &st->arts[a];
        const cwi_span *sp = A->sentences;
        size_t ns = A->nsent;
        if (st->span_at[a] != SIZE_MAX) {
            sp = st->spans.v + st->span_at[a];
            size_t end = a + 1 < st->n ? SIZE_MAX : st->spans.n;
            for (size_t b = a + 1; b < st->n && end == SIZE_MAX; b++)
                if (st->span_at[b] != SIZE_MAX) end = st->span_at[b];
            if (end == SIZE_MAX) end = st->spans.n;
            ns = end - st->span_at[a];
        }
        for (size_t i = 0; i < ns && st->s.n < CWI_BRIEF_MAX_SENTENCES; i++) {
            cwi_span x = sp[i];
            if (x.end > A->len || x.start >= x.end) continue;
            x.start = past_dateline(A->text, x);
            uint32_t words;
            CWI_TRY(terms_of(st, A->text + x.start, x.end - x.start, &words));
            sent s = {(uint32_t)a, (uint32_t)i, x, (uint32_t)st->t.n, (uint32_t)st->scratch.n, 0, 0, words, 0, 0, false};
            s.ok = informative(A->text + x.start, x.end - x.start, words, (uint32_t)st->scratch.n);
            for (size_t k = 0; k < st->scratch.n; k++) CWI_TRY(CWI_VEC_PUSH(st->t, st->scratch.v[k]));
            CWI_TRY(CWI_VEC_PUSH(st->s, s));
        }
    }
    return CW_OK;
}

/* Files each fact under the sentence its span starts in: st->f holds the ids
 * sentence by sentence, each sentence's sorted and without repeats. The
 * pairs are sorted as one key each: the sentence above, the fact's id below. */
static cw_status place_facts(story *st, const cwi_brief_fact *facts, size_t n_facts)
{
    if (!n_facts || !st->s.n) return CW_OK;
    /* the first sentence of each article (sentences are stored article by article) */
    size_t *first = malloc((st->n + 1) * sizeof *first);
    uint64_t *sf = malloc(n_facts * sizeof *sf);
    if (!first || !sf) {
        free(first);
        free(sf);
        return CW_ERR_NOMEM;
    }
    for (size_t a = 0, i = 0; a <= st->n; a++) {
        while (i < st->s.n && st->s.v[i].art < a) i++;
        first[a] = i;
    }
    size_t m = 0;
    for (size_t k = 0; k < n_facts; k++) {
        const cwi_brief_fact *F = &facts[k];
        if (F->article >= st->n) continue;
        size_t lo = first[F->article], hi = first[F->article + 1];
        while (lo < hi) { /* the last sentence starting at or before the fact */
            size_t mid = (lo + hi) / 2;
            if (st->s.v[mid].span.start <= F->span.start)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == first[F->article]) continue;
        const sent *s = &st->s.v[lo - 1];
        if (F->span.start >= s->span.end) continue; /* between sentences (a cut dateline, a heading) */
        sf[m++] = (uint64_t)(lo - 1) << 32 | F->id;
    }
    free(first);
    cwi_sort_u64(sf, m);
    cw_status rc = CW_OK;
    for (size_t k = 0; k < m && rc == CW_OK; k++) {
        if (k && sf[k] == sf[k - 1]) continue;
        sent *s = &st->s.v[sf[k] >> 32];
        if (!s->fn) s->f0 = (uint32_t)st->f.n;
        s->fn++;
        rc = CWI_VEC_PUSH(st->f, (uint32_t)sf[k]);
    }
    free(sf);
    return rc;
}

/* tf-idf over the story's sentences: log-scaled term counts times
 * log((N + 1) / df). */
static cw_status weigh(story *st)
{
    uint32_t n_df = st->n_ids; /* headline words interned below get ids past this */
    uint32_t *df = calloc((size_t)n_df + 1, sizeof *df);
    if (!df) return CW_ERR_NOMEM;
    for (size_t i = 0; i < st->t.n; i++) df[st->t.v[i].id]++;
    double N = (double)st->s.n + 1;
    for (size_t i = 0; i < st->t.n; i++) {
        term *t = &st->t.v[i];
        t->w = (float)((1.0 + log(t->w)) * log(N / df[t->id]) + 0.05);
    }
    for (size_t i = 0; i < st->s.n; i++) st->s.v[i].norm = norm_of(st->t.v + st->s.v[i].t0, st->s.v[i].tn);
    /* the headlines' centroid, weighted by the same idf, and each headline's
     * own vector */
    size_t na = st->n ? st->n : 1;
    st->tt0 = calloc(na, sizeof *st->tt0);
    st->ttn = calloc(na, sizeof *st->ttn);
    st->tnorm = calloc(na, sizeof *st->tnorm);
    st->hscore = calloc(na, sizeof *st->hscore);
    st->twords = calloc(na, sizeof *st->twords);
    if (!st->tt0 || !st->ttn || !st->tnorm || !st->hscore || !st->twords) {
        free(df);
        return CW_ERR_NOMEM;
    }
    for (size_t a = 0; a < st->n; a++) {
        const char *h = st->arts[a].title;
        if (!h || !*h) continue;
        cw_status rc = terms_of(st, h, strlen(h), &st->twords[a]);
        if (rc != CW_OK) {
            free(df);
            return rc;
        }
        st->tt0[a] = (uint32_t)st->tt.n;
        for (size_t k = 0; k < st->scratch.n; k++) {
            term t = st->scratch.v[k];
            /* a headline word no sentence has: the rarest weight */
            t.w = (float)(t.id <= n_df && df[t.id] ? log(N / df[t.id]) + 0.05 : log(N) + 0.05);
            rc = CWI_VEC_PUSH(st->title_t, t);
            if (rc == CW_OK) rc = CWI_VEC_PUSH(st->tt, t);
            if (rc != CW_OK) {
                free(df);
                return rc;
            }
        }
        st->ttn[a] = (uint32_t)st->scratch.n;
        st->tnorm[a] = norm_of(st->tt.v + st->tt0[a], st->ttn[a]);
    }
    free(df);
    if (st->title_t.n > 1) qsort(st->title_t.v, st->title_t.n, sizeof(term), cmp_term);
    size_t o = 0;
    for (size_t i = 0; i < st->title_t.n; i++) {
        if (o && st->title_t.v[o - 1].id == st->title_t.v[i].id)
            st->title_t.v[o - 1].w += st->title_t.v[i].w;
        else
            st->title_t.v[o++] = st->title_t.v[i];
    }
    st->title_t.n = o;
    st->title_norm = norm_of(st->title_t.v, st->title_t.n);
    return CW_OK;
}

/* Group ids made dense: g[a] in 0..*ng. An article with group < 0 is alone. */
static cw_status dense_groups(const story *st, int *g, size_t *ng)
{
    cwi_map *m = cwi_map_new(64);
    if (!m) return CW_ERR_NOMEM;
    size_t k = 0;
    for (size_t a = 0; a < st->n; a++) {
        if (st->arts[a].group < 0) {
            g[a] = (int)k++;
            continue;
        }
        int key = st->arts[a].group;
        bool fresh;
        intptr_t *slot = cwi_map_slot(m, (const char *)&key, sizeof key, &fresh);
        if (!slot) {
            cwi_map_free(m);
            return CW_ERR_NOMEM;
        }
        if (fresh) *slot = (intptr_t)k++;
        g[a] = (int)*slot;
    }
    cwi_map_free(m);
    *ng = k;
    return CW_OK;
}

/* Scores every sentence (see the top of the file). */
static cw_status score(story *st)
{
    size_t n = st->n, ng = 0;
    int *g = malloc((n ? n : 1) * sizeof *g);
    float *art_norm = calloc(n ? n : 1, sizeof *art_norm);
    size_t *gsize = NULL;
    float *cent = NULL, *gnorm = NULL;
    cw_status rc = CW_ERR_NOMEM;
    if (!g || !art_norm) goto out;
    if ((rc = dense_groups(st, g, &ng)) != CW_OK) goto out;
    rc = CW_ERR_NOMEM;
    gsize = calloc(ng ? ng : 1, sizeof *gsize);
    gnorm = calloc(ng ? ng : 1, sizeof *gnorm);
    /* Centroids are dense over the story's terms: groups x terms floats,
     * capped; past the cap only position and headlines score. */
    size_t nt = (size_t)st->n_ids + 1;
    size_t cells = ng * nt;
    if (!gsize || !gnorm || cells > (16u << 20)) {
        if (gsize && gnorm) rc = CW_OK; /* too big for centroids: position and headline scores only */
        else goto out;
    } else if (!(cent = calloc(cells, sizeof *cent))) {
        goto out;
    }
    for (size_t a = 0; a < n; a++) gsize[g[a]]++;
    /* article vectors: sum of their sentences' vectors */
    if (cent) {
        float *av = calloc(nt, sizeof *av);
        if (!av) goto out;
        size_t i = 0; /* sentences are stored article by article */
        for (size_t a = 0; a < n; a++) {
            memset(av, 0, nt * sizeof *av);
            double nn = 0;
            for (; i < st->s.n && st->s.v[i].art == a; i++) {
                const sent *s = &st->s.v[i];
                for (uint32_t k = 0; k < s->tn; k++) av[st->t.v[s->t0 + k].id] += st->t.v[s->t0 + k].w;
            }
            for (size_t t = 0; t < nt; t++) nn += (double)av[t] * av[t];
            art_norm[a] = (float)sqrt(nn);
            if (art_norm[a] <= 0) continue;
            float *c = cent + (size_t)g[a] * nt;
            for (size_t t = 0; t < nt; t++) c[t] += av[t] / art_norm[a] / (float)gsize[g[a]];
            /* every other voice's headline, by how close it comes to what this article reports */
            for (size_t h = 0; h < n; h++) {
                if (g[h] == g[a] || st->tnorm[h] <= 0) continue;
                const term *tv = st->tt.v + st->tt0[h];
                double d = 0;
                for (uint32_t k = 0; k < st->ttn[h]; k++) d += tv[k].w * av[tv[k].id];
                st->hscore[h] += (float)(d / (st->tnorm[h] * art_norm[a]) / (double)gsize[g[a]]);
            }
        }
        free(av);
        for (size_t k = 0; k < ng; k++) {
            double nn = 0;
            for (size_t t = 0; t < nt; t++) nn += (double)cent[k * nt + t] * cent[k * nt + t];
            gnorm[k] = (float)sqrt(nn);
        }
    }
    /* and by how close it comes to the other voices' headlines */
    for (size_t h = 0; h < n; h++) {
        if (st->tnorm[h] <= 0) continue;
        for (size_t j = 0; j < n; j++) {
            if (g[j] == g[h] || st->tnorm[j] <= 0) continue;
            float d = dot(st->tt.v + st->tt0[h], st->ttn[h], st->tt.v + st->tt0[j], st->ttn[j]);
            st->hscore[h] += (float)(W_HEAD_TITLES * d / (st->tnorm[h] * st->tnorm[j]) / (double)gsize[g[j]]);
        }
    }
    for (size_t i = 0; i < st->s.n; i++) {
        sent *s = &st->s.v[i];
        const term *v = st->t.v + s->t0;
        double c = 0, wsum = 0;
        if (cent && s->norm > 0) {
            for (size_t k = 0; k < ng; k++) {
                if (gnorm[k] <= 0) continue;
                double w = (int)k == g[s->art] ? W_OWN_GROUP : 1.0, d = 0;
                const float *ck = cent + k * nt;
                for (uint32_t j = 0; j < s->tn; j++) d += v[j].w * ck[v[j].id];
                c += w * d / (s->norm * gnorm[k]);
                wsum += w;
            }
        }
        if (wsum > 0) c /= wsum;
        double ts = st->title_norm > 0 && s->norm > 0 ? dot(v, s->tn, st->title_t.v, st->title_t.n) / (s->norm * st->title_norm) : 0;
        double pos = 1.0 / (1.0 + s->idx);
        double sc = c + W_POSITION * pos + W_TITLE * ts;
        if (s->words > LONG_WORDS) sc *= LONG_FACTOR;
        s->score = (float)sc;
    }
    rc = CW_OK;
out:
    free(g);
    free(art_norm);
    free(gsize);
    free(cent);
    free(gnorm);
    return rc;
}

/* ---- choosing ---- */

typedef struct pick {
    size_t s;
    uint32_t order; /* smallest sentence number among the sentences that state it */
} pick;
typedef CWI_VEC(pick) picks_t;

static cw_status choose(story *st, unsigned words, picks_t *out)
{
    size_t *cand = malloc((st->s.n ? st->s.n : 1) * sizeof *cand);
    if (!cand) return CW_ERR_NOMEM;
    size_t nc = 0;
    for (size_t i = 0; i < st->s.n; i++)
        if (st->s.v[i].ok) cand[nc++] = i;
    if (!nc) /* nothing reads well alone: take what there is */
        for (size_t i = 0; i < st->s.n; i++)
            if (st->s.v[i].words >= 3 && st->s.v[i].tn) cand[nc++] = i;
    unsigned total = 0;
    cw_status rc = CW_OK;
    while (total < words && nc) {
        size_t best = SIZE_MAX;
        float bs = -1e30f;
        bool fits_any = false;
        for (size_t c = 0; c < nc; c++) {
            const sent *s = &st->s.v[cand[c]];
            bool fits = total + s->words <= words;
            /* one that does not fit is taken only when half of it would */
            bool half = total == 0 || (words - total) * 2 >= s->words;
            if (!fits && !half) continue;
            float sc = s->score;
            if (fits) fits_any = true;
            if (sc > bs) bs = sc, best = c;
        }
        if (best == SIZE_MAX) break;
        size_t si = cand[best];
        cand[best] = cand[--nc];
        pick p = {si, st->s.v[si].idx};
        if ((rc = CWI_VEC_PUSH(*out, p)) != CW_OK) break;
        total += st->s.v[si].words;
        /* drop everything that says the same */
        for (size_t c = 0; c < nc;) {
            if (same_thing(st, &st->s.v[cand[c]], &st->s.v[si]))
                cand[c] = cand[--nc];
            else
                c++;
        }
        if (!fits_any) break; /* the one taken ran past the length */
    }
    free(cand);
    return rc;
}

static const story *sort_story;
static int cmp_pick(const void *a, const void *b)
{
    const pick *x = a, *y = b;
    if (x->order != y->order) return x->order < y->order ? -1 : 1;
    const sent *sx = &sort_story->s.v[x->s], *sy = &sort_story->s.v[y->s];
    const char *px = sort_story->arts[sx->art].published, *py = sort_story->arts[sy->art].published;
    int c = strcmp(px ? px : "~", py ? py : "~");
    if (c) return c;
    return sx->art != sy->art ? (sx->art < sy->art ? -1 : 1) : (sx->idx < sy->idx ? -1 : sx->idx > sy->idx);
}

cw_status cwi_brief_span_json(cwi_buf *b, const char *name, cwi_span sp)
{
    CWI_TRY(cwi_buf_adds(b, "{\"article\":"));
    CWI_TRY(cwi_buf_json_str(b, name, strlen(name)));
    return cwi_buf_printf(b, ",\"start\":%u,\"end\":%u}", sp.start, sp.end);
}

bool cwi_brief_args_ok(const cwi_brief_article *arts, size_t n)
{
    if (n && !arts) return false;
    for (size_t a = 0; a < n && a < CWI_BRIEF_MAX_ARTICLES; a++)
        if (!arts[a].name || (arts[a].len && !arts[a].text)) return false;
    return true;
}

/* For the chosen sentence s: the best matching sentence of every article
 * that states the same (its own article first). */
static cw_status cite(story *st, pick *p, size_t *best)
{
    const sent *s = &st->s.v[p->s];
    for (size_t a = 0; a < st->n; a++) best[a] = SIZE_MAX;
    float *bc = calloc(st->n ? st->n : 1, sizeof *bc);
    if (!bc) return CW_ERR_NOMEM;
    for (size_t i = 0; i < st->s.n; i++) {
        const sent *t = &st->s.v[i];
        if (t->art == s->art) continue;
        float c = cosine(st, s, t);
        if (c < CITE_COS && overlap(st, s, t) < CITE_OVERLAP) continue;
        if (c > bc[t->art] || best[t->art] == SIZE_MAX) bc[t->art] = c, best[t->art] = i;
    }
    free(bc);
    best[s->art] = p->s;
    for (size_t a = 0; a < st->n; a++)
        if (best[a] != SIZE_MAX && st->s.v[best[a]].idx < p->order) p->order = st->s.v[best[a]].idx;
    return CW_OK;
}

static cw_status emit(story *st, const pick *p, const size_t *best, cwi_buf *out)
{
    const sent *s = &st->s.v[p->s];
    const cwi_brief_article *A = &st->arts[s->art];
    CWI_TRY(cwi_buf_adds(out, "{\"text\":"));
    CWI_TRY(cwi_buf_json_str(out, A->text + s->span.start, s->span.end - s->span.start));
    CWI_TRY(cwi_buf_adds(out, ",\"articles\":["));
    /* its own article first, then the others in story order */
    CWI_TRY(cwi_buf_json_str(out, A->name, strlen(A->name)));
    for (size_t a = 0; a < st->n; a++) {
        if (best[a] == SIZE_MAX || a == s->art) continue;
        CWI_TRY(cwi_buf_addc(out, ','));
        CWI_TRY(cwi_buf_json_str(out, st->arts[a].name, strlen(st->arts[a].name)));
    }
    CWI_TRY(cwi_buf_adds(out, "],\"spans\":["));
    CWI_TRY(cwi_brief_span_json(out, A->name, s->span));
    for (size_t a = 0; a < st->n; a++) {
        if (best[a] == SIZE_MAX || a == s->art) continue;
        CWI_TRY(cwi_buf_addc(out, ','));
        CWI_TRY(cwi_brief_span_json(out, st->arts[a].name, st->s.v[best[a]].span));
    }
    return cwi_buf_adds(out, "]}");
}

/* Whether a headline reads as the story's headline: a statement of three
 * words or more (not a question). */
static bool headline_ok(const story *st, size_t a)
{
    const char *h = st->arts[a].title;
    if (!h || st->tnorm[a] <= 0 || st->twords[a] < 3 || st->ttn[a] < 2) return false;
    size_t e = strlen(h);
    while (e && (h[e - 1] == ' ' || h[e - 1] == '\n' || h[e - 1] == '\t')) e--;
    return e && h[e - 1] != '?';
}

/* The article whose headline the other voices come closest to, or SIZE_MAX. */
static size_t pick_headline(const story *st)
{
    size_t best = SIZE_MAX;
    float bs = 0;
    for (size_t a = 0; a < st->n; a++)
        if (headline_ok(st, a)) {
            float sc = st->hscore[a] - (float)W_HEAD_LENGTH * (float)st->twords[a];
            if (best == SIZE_MAX || sc > bs) best = a, bs = sc;
        }
    return best;
}

/* Appends {"text","article","articles"} for the headline of article h: the
 * articles cited are those whose own headline says the same. */
static cw_status emit_headline(const story *st, size_t h, cwi_buf *out)
{
    const char *t = st->arts[h].title;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t')) n--;
    while (n && (*t == ' ' || *t == '\n' || *t == '\t')) t++, n--;
    CWI_TRY(cwi_buf_adds(out, "{\"text\":"));
    CWI_TRY(cwi_buf_json_str(out, t, n));
    CWI_TRY(cwi_buf_adds(out, ",\"article\":"));
    CWI_TRY(cwi_buf_json_str(out, st->arts[h].name, strlen(st->arts[h].name)));
    CWI_TRY(cwi_buf_adds(out, ",\"articles\":["));
    CWI_TRY(cwi_buf_json_str(out, st->arts[h].name, strlen(st->arts[h].name)));
    for (size_t a = 0; a < st->n; a++) {
        if (a == h || st->tnorm[a] <= 0) continue;
        float c = dot(st->tt.v + st->tt0[h], st->ttn[h], st->tt.v + st->tt0[a], st->ttn[a]) / (st->tnorm[h] * st->tnorm[a]);
        if (c < CITE_COS) continue;
        CWI_TRY(cwi_buf_addc(out, ','));
        CWI_TRY(cwi_buf_json_str(out, st->arts[a].name, strlen(st->arts[a].name)));
    }
    return cwi_buf_adds(out, "]}");
}

/* The summary, after "headline":{...}, when with_headline. */
static cw_status summarise(const cwi_brief_article *arts, size_t n, const cwi_brief_fact *facts, size_t n_facts,
                           unsigned words, bool with_headline, cwi_buf *out)
{
    if (!out || !cwi_brief_args_ok(arts, n) || (n_facts && !facts)) return CW_ERR_USAGE;
    if (n > CWI_BRIEF_MAX_ARTICLES) n = CWI_BRIEF_MAX_ARTICLES;
    if (!words) words = CWI_BRIEF_DEFAULT_WORDS;
    if (words > CWI_BRIEF_MAX_WORDS) words = CWI_BRIEF_MAX_WORDS;
    story st;
    memset(&st, 0, sizeof st);
    st.arts = arts;
    st.n = n;
    cwi_buf_init(&st.fold, 1u << 20);
    picks_t picks = {0};
    cw_status rc = CW_ERR_NOMEM;
    if (!(st.ids = cwi_map_new(1024))) goto out;
    st.stem = cwi_stemmer_new("en");
    if ((rc = load(&st)) != CW_OK || (rc = place_facts(&st, facts, n_facts)) != CW_OK || (rc = weigh(&st)) != CW_OK ||
        (rc = score(&st)) != CW_OK)
        goto out;
    size_t head = SIZE_MAX;
    if (with_headline) {
        head = pick_headline(&st);
        if (head == SIZE_MAX) {
            rc = cwi_buf_adds(out, "\"headline\":null,\"summary\":");
        } else {
            /* the headline's words count in the length */
            words = words > st.twords[head] ? words - st.twords[head] : 1;
            if ((rc = cwi_buf_adds(out, "\"headline\":")) == CW_OK && (rc = emit_headline(&st, head, out)) == CW_OK)
                rc = cwi_buf_adds(out, ",\"summary\":");
        }
        if (rc != CW_OK) goto out;
    }
    if ((rc = choose(&st, words, &picks)) != CW_OK) goto out;
    rc = CW_ERR_NOMEM;
    size_t *bests = malloc((picks.n ? picks.n : 1) * (n ? n : 1) * sizeof *bests);
    if (!bests) goto out;
    rc = CW_OK;
    for (size_t k = 0; k < picks.n && rc == CW_OK; k++) rc = cite(&st, &picks.v[k], bests + k * n);
    if (rc == CW_OK) {
        /* order for a reader; the citations travel with their pick */
        pick *sorted = malloc((picks.n ? picks.n : 1) * sizeof *sorted);
        if (!sorted) {
            rc = CW_ERR_NOMEM;
        } else {
            /* the pick's own index rides in the low bits (picks < 4096:
             * CWI_BRIEF_MAX_WORDS / 3 words at least each; sentences < 2^20) */
            for (size_t k = 0; k < picks.n; k++)
                sorted[k] = picks.v[k], sorted[k].order = (picks.v[k].order << 12) | (uint32_t)k;
            sort_story = &st;
            qsort(sorted, picks.n, sizeof *sorted, cmp_pick);
            rc = cwi_buf_addc(out, '[');
            for (size_t k = 0; k < picks.n && rc == CW_OK; k++) {
                size_t orig = sorted[k].order & 0xfff;
                if (k) rc = cwi_buf_addc(out, ',');
                if (rc == CW_OK) rc = emit(&st, &picks.v[orig], bests + orig * n, out);
            }
            if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
        }
        free(sorted);
    }
    free(bests);
out:
    CWI_VEC_FREE(picks);
    story_clean(&st);
    return rc;
}

cw_status cwi_brief_summary(const cwi_brief_article *arts, size_t n, const cwi_brief_fact *facts, size_t n_facts,
                            unsigned words, cwi_buf *out)
{
    return summarise(arts, n, facts, n_facts, words, false, out);
}

cw_status cwi_brief_lead(const cwi_brief_article *arts, size_t n, const cwi_brief_fact *facts, size_t n_facts,
                         unsigned words, cwi_buf *out)
{
    return summarise(arts, n, facts, n_facts, words, true, out);
}
