/*
 * check_event: what happened, stated as done by one source and as only
 * expected, or as not done, by another.
 *
 * Two sentences of different articles tell one event when they share most of
 * their content (four content stems and a person, place or organisation of
 * the story, or six stems). In such a pair, the same content word is compared
 * by how each sentence frames it: under a plan or expectation ("is set to
 * vote", "will veto", "plans to appeal") against done ("voted", "vetoed");
 * negated ("no charges have been filed", "did not sign") against asserted
 * ("has been charged", "signed"). The words that frame it are closed classes
 * (modal verbs, "set/expected/scheduled/plans to", negators); no event is
 * named in the code.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"

#define MAX_SENTS 6000
#define WORDS_PER_SENT 64
#define EVENT_SHARED 6 /* content stems two sentences of one event share, with an entity */

enum { F_MODAL = 1, F_NEG = 2, F_PAST = 4, F_HEDGED = 8 /* could, would, may, being: neither done nor planned */ };

typedef struct {
    uint64_t key;   /* the stem's first five letters, as cwi_ck_keys hashes it */
    cwi_span span;  /* the word */
    cwi_span frame; /* the words that frame it, through the word: "is set to vote" */
    uint8_t flags;
} eword;

typedef struct {
    uint32_t art, sent;
    eword w[WORDS_PER_SENT];
    size_t nw;
    uint64_t keys[40];
    size_t nk;
    int ents[8];
    size_t ne;
} esent;

static const char *const MODALS[] = {"will", "would", "could", "may", "might", "shall", "should", NULL};
/* "X to <verb>": a plan or expectation */
static const char *const PLAN_TO[] = {"set", "expected", "scheduled", "poised", "plans", "plan", "planning", "planned",
                                      "likely", "due", "intends", "intend", "hopes", "wants", "preparing", "prepared",
                                      "ready", "threatened", "vowed", "promised", "aims", NULL};
static const char *const NEGATORS[] = {"not", "no", "never", "neither", "nor", "without", "yet", NULL};
static const char *const IRREGULAR_PAST[] = {"took", "gave", "made", "held", "won", "lost", "met", "left", "went", "came",
                                             "sent", "sold", "paid", "began", "led", "ran", "fell", "rose", "struck",
                                             "chose", "wrote", "broke", "spent", "built", "kept", "brought", "fought",
                                             "bought", "caught", "set", "quit", "hit", "cut", "put", "shut", NULL};

static bool in_list(const char *p, size_t n, const char *const *list)
{
    for (const char *const *w = list; *w; w++)
        if (cwi_word_eq(p, n, *w)) return true;
    return false;
}

static bool negator(const char *p, size_t n)
{
    if (in_list(p, n, NEGATORS)) return true;
    /* "didn't", "hasn’t" */
    if (n > 3 && (p[n - 1] == 't' || p[n - 1] == 'T') && (p[n - 2] == '\'' || p[n - 2] == 'n')) {
        if (p[n - 2] == '\'' && (p[n - 3] == 'n' || p[n - 3] == 'N')) return true;
    }
    if (n > 5 && !memcmp(p + n - 5, "n\xE2\x80\x99t", 5)) return true;
    return false;
}

static bool lower_word(const char *p, size_t n)
{
    return n >= 3 && p[0] >= 'a' && p[0] <= 'z';
}

static bool past_form(const char *p, size_t n)
{
    if (n >= 4 && p[n - 2] == 'e' && p[n - 1] == 'd') return true;
    return in_list(p, n, IRREGULAR_PAST);
}

/* The content words of one sentence, each with how it is framed. */
static void scan_sentence(cwi_story *st, const cwi_check_article *A, cwi_span ss, esent *e)
{
    cwi_tokens toks = {0};
    if (cwi_tokenize(A->text + ss.start, ss.end - ss.start, &toks) != CW_OK) {
        CWI_VEC_FREE(toks);
        return;
    }
    const char *t = A->text + ss.start;
    size_t clause = 0; /* first token of the current clause */
    for (size_t i = 0; i < toks.n && e->nw < WORDS_PER_SENT; i++) {
        const cwi_token *k = &toks.v[i];
        if (k->kind == CWI_TOK_PUNCT) {
            char c = t[k->span.start];
            if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') clause = i + 1;
            continue;
        }
        if (k->kind != CWI_TOK_WORD) continue;
        const char *w = t + k->span.start;
        size_t wn = k->span.end - k->span.start;
        if (!lower_word(w, wn) || in_list(w, wn, MODALS) || negator(w, wn) || in_list(w, wn, PLAN_TO)) continue;
        uint64_t key;
        if (cwi_ck_keys(st, w, wn, &key, 1) != 1) continue;
        eword ew;
        memset(&ew, 0, sizeof ew);
        ew.key = key;
        ew.span = (cwi_span){ss.start + k->span.start, ss.start + k->span.end};
        uint32_t from = ew.span.start;
        /* the marker right before the verb, one adverb ("-ly") allowed between:
         * "will veto", "is set to vote", "did not sign", "never signed",
         * "has not yet filed" */
        size_t j = i, skipped = 0;
        const cwi_token *b = NULL;
        while (j > clause) {
            const cwi_token *c = &toks.v[j - 1];
            if (c->kind != CWI_TOK_WORD) break;
            const char *cw = t + c->span.start;
            size_t cn = c->span.end - c->span.start;
            bool adverb = cn > 3 && cw[cn - 2] == 'l' && cw[cn - 1] == 'y';
            if ((adverb || cwi_word_eq(cw, cn, "yet") || cwi_word_eq(cw, cn, "also")) && skipped < 1) {
                skipped++;
                j--;
                continue;
            }
            b = c;
            break;
        }
        bool base = !past_form(w, wn) && !(wn > 4 && !memcmp(w + wn - 3, "ing", 3));
        if (b) {
            const char *bw = t + b->span.start;
            size_t bn = b->span.end - b->span.start;
            /* "not only X but": no denial */
            bool not_only = cwi_word_eq(bw, bn, "not") && skipped && j < toks.n &&
                            cwi_word_eq(t + toks.v[j].span.start, toks.v[j].span.end - toks.v[j].span.start, "only");
            if (not_only) {
            } else if (cwi_word_eq(bw, bn, "never") || negator(bw, bn)) {
                /* a negated verb: "never signed", "did not sign", "has not filed" */
                bool verb = past_form(w, wn) || base;
                if (verb && !cwi_word_eq(bw, bn, "no") && !cwi_word_eq(bw, bn, "without")) {
                    ew.flags |= F_NEG;
                    from = ss.start + b->span.start;
                    if (j >= 2 && toks.v[j - 2].kind == CWI_TOK_WORD) from = ss.start + toks.v[j - 2].span.start;
                }
            } else if (in_list(bw, bn, MODALS)) {
                /* "will veto" is ahead; "would extend" mostly describes, so
                 * only will and shall make a plan */
                if (base && (cwi_word_eq(bw, bn, "will") || cwi_word_eq(bw, bn, "shall")))
                    ew.flags |= F_MODAL, from = ss.start + b->span.start;
                else
                    ew.flags |= F_HEDGED;
            } else if (cwi_word_eq(bw, bn, "being") || cwi_word_eq(bw, bn, "be")) {
                /* "being built", "to be passed": under way or ahead, not done */
                ew.flags |= F_HEDGED;
            } else if ((cwi_word_eq(bw, bn, "have") || cwi_word_eq(bw, bn, "been")) && j >= 2 &&
                       toks.v[j - 2].kind == CWI_TOK_WORD) {
                /* "will be recognized", "couldn't have served", "has not been filed" */
                const char *cw = t + toks.v[j - 2].span.start;
                size_t cn = toks.v[j - 2].span.end - toks.v[j - 2].span.start;
                if (negator(cw, cn)) ew.flags |= F_NEG, from = ss.start + toks.v[j - 2].span.start;
                else if (cwi_word_eq(cw, cn, "will")) ew.flags |= F_MODAL, from = ss.start + toks.v[j - 2].span.start;
                else if (in_list(cw, cn, MODALS)) ew.flags |= F_HEDGED;
            } else if (cwi_word_eq(bw, bn, "to") && base && j >= 2) {
                const cwi_token *c = &toks.v[j - 2];
                if (c->kind == CWI_TOK_WORD && in_list(t + c->span.start, c->span.end - c->span.start, PLAN_TO))
                    ew.flags |= F_MODAL, from = ss.start + c->span.start;
            }
        }
        bool to_before = b && cwi_word_eq(t + b->span.start, b->span.end - b->span.start, "to");
        if (!(ew.flags & (F_MODAL | F_NEG | F_HEDGED)) && !to_before && past_form(w, wn)) ew.flags |= F_PAST;
        /* the frame: from the marker (or two words before) to two words after */
        if (from == ew.span.start) {
            size_t q = i, back = 0;
            while (q > clause && back < 2) {
                q--;
                if (toks.v[q].kind == CWI_TOK_WORD) back++, from = ss.start + toks.v[q].span.start;
            }
        }
        uint32_t to = ew.span.end;
        for (size_t q = i + 1, fwd = 0; q < toks.n && fwd < 3; q++) {
            if (toks.v[q].kind == CWI_TOK_PUNCT) break;
            fwd++;
            to = ss.start + toks.v[q].span.end;
        }
        ew.frame = (cwi_span){from, to};
        e->w[e->nw++] = ew;
    }
    CWI_VEC_FREE(toks);
}

static cw_status emit_event(cwi_story *st, const esent *a, const eword *x, const esent *b, const eword *y, bool neg)
{
    cwi_buf item;
    cwi_buf_init(&item, 0);
    cw_status rc = cwi_buf_adds(&item, "{\"what\":");
    const char *what = neg ? "what happened: done according to one source, not done according to another"
                           : "what happened: done according to one source, only planned or expected according to another";
    rc = rc ? rc : cwi_buf_json_str(&item, what, strlen(what));
    rc = rc ? rc : cwi_buf_adds(&item, ",\"kind\":\"event\",\"forms\":[");
    const esent *S[2] = {a, b};
    const eword *W[2] = {x, y};
    for (int k = 0; k < 2 && rc == CW_OK; k++) {
        const cwi_check_article *A = &st->a[S[k]->art];
        if (k) rc = cwi_buf_addc(&item, ',');
        rc = rc ? rc : cwi_buf_addc(&item, '{');
        rc = rc ? rc : cwi_ck_cite(&item, A, W[k]->frame);
        rc = rc ? rc : cwi_buf_printf(&item, ",\"sentence\":[%u,%u]}", A->sentences[S[k]->sent].start, A->sentences[S[k]->sent].end);
    }
    rc = rc ? rc : cwi_buf_adds(&item, "],\"sides\":[");
    for (int k = 0; k < 2 && rc == CW_OK; k++) {
        const cwi_check_article *A = &st->a[S[k]->art];
        size_t art = S[k]->art;
        if (k) rc = cwi_buf_addc(&item, ',');
        rc = rc ? rc : cwi_ck_side(&item, st, A->text + W[k]->frame.start, W[k]->frame.end - W[k]->frame.start, NULL, &art, 1);
    }
    rc = rc ? rc : cwi_buf_adds(&item, "]}");
    rc = rc ? rc : cwi_ck_add_disc(st, CWI_W_EVENT, &item);
    cwi_buf_clean(&item);
    return rc;
}

cw_status cwi_ck_diff_events(cwi_story *st)
{
    size_t total = 0;
    for (size_t a = 0; a < st->n; a++) total += st->a[a].nsent;
    if (total > MAX_SENTS) total = MAX_SENTS;
    esent *es = calloc(total + 1, sizeof *es);
    if (!es) return CW_ERR_NOMEM;
    size_t ns = 0;
    for (size_t a = 0; a < st->n && ns < total; a++) {
        const cwi_check_article *A = &st->a[a];
        size_t base = ns;
        for (size_t i = 0; i < A->nsent && ns < total; i++) {
            esent *e = &es[ns++];
            e->art = (uint32_t)a;
            e->sent = (uint32_t)i;
            cwi_span ss = A->sentences[i];
            e->nk = cwi_ck_keys(st, A->text + ss.start, ss.end - ss.start, e->keys, 40);
            scan_sentence(st, A, ss, e);
        }
        /* the story's entities in each sentence */
        for (size_t k = st->ment_first[a]; k < st->ment_first[a + 1]; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->alt || m->entity < 0 || st->ents.v[m->entity].kind == CWI_ENT_OTHER) continue;
            uint32_t s = A->facts->mentions.v[m->idx].sent;
            if (base + s >= ns) continue;
            esent *e = &es[base + s];
            bool dup = false;
            for (size_t r = 0; r < e->ne && !dup; r++) dup = e->ents[r] == m->entity;
            if (!dup && e->ne < 8) e->ents[e->ne++] = m->entity;
        }
    }
    cw_status rc = CW_OK;
    uint8_t *used = calloc(ns + 1, 1);
    if (!used) rc = CW_ERR_NOMEM;
    for (size_t i = 0; i < ns && rc == CW_OK; i++) {
        for (size_t j = i + 1; j < ns && rc == CW_OK; j++) {
            const esent *a = &es[i], *b = &es[j];
            if (a->art == b->art || used[i] || used[j]) continue;
            size_t shared = cwi_ck_overlap(a->keys, a->nk, b->keys, b->nk);
            if (shared < EVENT_SHARED) continue;
            size_t ne = 0;
            for (size_t x = 0; x < a->ne; x++)
                for (size_t y = 0; y < b->ne; y++) ne += a->ents[x] == b->ents[y];
            if (ne < 1) continue;
            for (size_t x = 0; x < a->nw && rc == CW_OK && !used[i]; x++) {
                for (size_t y = 0; y < b->nw && rc == CW_OK && !used[i]; y++) {
                    const eword *p = &a->w[x], *q = &b->w[y];
                    if (p->key != q->key) continue;
                    bool plan_done = ((p->flags & F_MODAL) && !(p->flags & F_NEG) && (q->flags & F_PAST)) ||
                                     ((q->flags & F_MODAL) && !(q->flags & F_NEG) && (p->flags & F_PAST));
                    bool neg = ((p->flags & F_NEG) && (q->flags & F_PAST)) || ((q->flags & F_NEG) && (p->flags & F_PAST));
                    if (!plan_done && !neg) continue;
                    used[i] = used[j] = 1;
                    rc = emit_event(st, a, p, b, q, neg && !plan_done);
                }
            }
        }
    }
    free(used);
    free(es);
    return rc;
}
