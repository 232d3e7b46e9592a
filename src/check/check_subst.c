/*
 * check_subst: a value swapped in one sentence that another source tells in
 * nearly the same words.
 *
 * Outlets that copy or rewrite one report keep most of its words; where they
 * change a figure, a day, a time of day, a place or a person, the sentence
 * reads the same on both sides of the change. Two sentences of different
 * independent groups are lined up word by word (their longest common
 * subsequence of words and numbers, punctuation left out) when most of the
 * shorter one's words line up. Each short stretch that differs between two
 * lined-up words is compared by what it holds:
 *   - a number against a number of another value (words or digits: "seven"
 *     and "7" are one value; a qualifier on either side allows 10%);
 *   - a weekday against another weekday (a night and the next day's early
 *     hours are one night), a year or a day of the month against another;
 *   - a time of day against an incompatible one ("morning", "night"), a clock
 *     time against another;
 *   - a place of the story against another place, a person against another
 *     person (a speaker when a reporting verb stands beside it).
 * Names that are one spelling apart are left to the spelling check. Each
 * difference found cites both sentences' values and is taken out of the
 * slot comparison, which would otherwise report it again.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"

#define MAX_TOK 120     /* longer sentences are not lined up */
#define MIN_TOK 6
#define MAX_CHUNK 4     /* words on each side of one difference */
#define MAX_SENTS 6000  /* sentences of a story lined up; past it, none */

typedef struct {
    uint32_t start, end; /* bytes in the article */
    uint64_t h;          /* folded word */
    uint8_t kind;        /* CWI_TOK_WORD or CWI_TOK_NUMBER */
    bool content;        /* a word of four letters or more, or a number */
} stok;

typedef struct {
    uint32_t art, sent;
    uint32_t first, n;   /* its tokens in the pool */
    uint32_t kfirst;     /* its sorted distinct content hashes: the pool's keys from kfirst */
    uint32_t nk;
} ssent;

typedef struct {
    cwi_story *st;
    CWI_VEC(stok) tok;
    CWI_VEC(ssent) sent;
    CWI_VEC(uint64_t) keys;
} pool_t;

enum { S_NONE = 0, S_NUM, S_YEAR, S_MDAY, S_WDAY, S_PART, S_CLOCK, S_PLACE, S_PERSON, S_EVENT };

/* ---- Tokens -------------------------------------------------------------------- */

static uint64_t fold_hash(const char *p, size_t n)
{
    char buf[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '.' && i + 1 == n) break; /* "p.m." and "p.m" */
        buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return cwi_hash64(buf, k, 0x5bu);
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static cw_status pool_sentence(pool_t *P, uint32_t art, uint32_t si)
{
    const cwi_check_article *A = &P->st->a[art];
    cwi_span s = A->sentences[si];
    cwi_tokens toks = {0};
    cw_status rc = cwi_tokenize(A->text + s.start, s.end - s.start, &toks);
    ssent x = {art, si, (uint32_t)P->tok.n, 0, 0, 0};
    size_t kfirst = P->keys.n;
    for (size_t i = 0; i < toks.n && rc == CW_OK; i++) {
        const cwi_token *t = &toks.v[i];
        if (t->kind != CWI_TOK_WORD && t->kind != CWI_TOK_NUMBER) continue;
        stok k;
        k.start = s.start + t->span.start, k.end = s.start + t->span.end;
        k.kind = t->kind;
        k.h = fold_hash(A->text + k.start, k.end - k.start);
        k.content = t->kind == CWI_TOK_NUMBER || k.end - k.start >= 4;
        rc = CWI_VEC_PUSH(P->tok, k);
        if (rc == CW_OK && k.content) rc = CWI_VEC_PUSH(P->keys, k.h);
    }
    CWI_VEC_FREE(toks);
    if (rc) return rc;
    x.n = (uint32_t)(P->tok.n - x.first);
    size_t nk = P->keys.n - kfirst;
    /* a sentence of words: not a link, a dateline or a "last updated" line */
    size_t words = 0;
    for (size_t i = x.first; i < P->tok.n; i++) words += P->tok.v[i].kind == CWI_TOK_WORD && P->tok.v[i].content;
    bool link = false;
    for (uint32_t q = s.start; q + 4 <= s.end && !link; q++)
        link = !memcmp(A->text + q, "http", 4) || !memcmp(A->text + q, "www.", 4);
    if (x.n < MIN_TOK || x.n > MAX_TOK || words < 5 || link) {
        P->tok.n = x.first;
        P->keys.n = kfirst;
        return CW_OK;
    }
    qsort(P->keys.v + kfirst, nk, sizeof *P->keys.v, u64_cmp);
    size_t w = 0;
    for (size_t i = 0; i < nk; i++)
        if (!w || P->keys.v[kfirst + w - 1] != P->keys.v[kfirst + i]) P->keys.v[kfirst + w++] = P->keys.v[kfirst + i];
    P->keys.n = kfirst + w;
    x.kfirst = (uint32_t)kfirst;
    x.nk = (uint32_t)w;
    return CWI_VEC_PUSH(P->sent, x);
}

/* ---- What a stretch of words holds ---------------------------------------------- */

static const char *const WEEKDAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                                     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL};
static const char *const QUALIFIERS[] = {"about", "around", "nearly", "almost", "some", "roughly", "approximately",
                                         "over", "more", "than", "less", "fewer", "under", "least", "up", "to",
                                         "at", "just", "estimated", "an", "a", "shortly", "after", "before", NULL};
/* a qualifier that makes the value a floor, a ceiling, or approximate */
static const char *const Q_FLOOR[] = {"over", "more", "least", "after", NULL};
static const char *const Q_CEIL[] = {"nearly", "almost", "less", "fewer", "under", "up", "before", NULL};
enum { Q_NONE = 0, Q_ABOUT, Q_MORE, Q_LESS };
static const char *const REPORTING[] = {"said", "says", "told", "according", "added", "stated", "explained",
                                        "noted", "tweeted", "wrote", "announced", "declared", NULL};
/* parts of the day, in order; evening and night are one stretch */
static const char *const PARTS[] = {"morning", "noon", "afternoon", "evening", "night", "midnight", "overnight", NULL};

static int word_index(const char *p, size_t n, const char *const *list)
{
    while (n && p[n - 1] == '.') n--;
    for (int i = 0; list[i]; i++)
        if (cwi_word_eq(p, n, list[i])) return i;
    return -1;
}

static const char *const SMALL[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                    "seventeen", "eighteen", "nineteen", "twenty", NULL};
static const char *const TENS[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", NULL};

/* The number a token writes (digits with , separators, or a number word);
 * false for other words. */
static bool token_number(const char *p, size_t n, double *v)
{
    if (n && p[0] >= '0' && p[0] <= '9') {
        char buf[40];
        size_t k = 0;
        bool colon = false;
        for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
            if (p[i] == ',') continue;
            if (p[i] == ':') colon = true;
            if (!(p[i] >= '0' && p[i] <= '9') && p[i] != '.') return false;
            buf[k++] = p[i];
        }
        if (colon) return false;
        buf[k] = 0;
        *v = strtod(buf, NULL);
        return true;
    }
    int i = word_index(p, n, SMALL);
    if (i >= 0) return *v = i, true;
    i = word_index(p, n, TENS);
    if (i >= 0) return *v = 30 + 10 * i, true;
    return false;
}

static double scale_word(const char *p, size_t n)
{
    if (cwi_word_eq(p, n, "hundred")) return 100;
    if (cwi_word_eq(p, n, "thousand")) return 1e3;
    if (cwi_word_eq(p, n, "million")) return 1e6;
    if (cwi_word_eq(p, n, "billion")) return 1e9;
    if (cwi_word_eq(p, n, "trillion")) return 1e12;
    return 0;
}

typedef struct {
    int kind;       /* S_... */
    double v;       /* number, year, day of month, weekday, part, minutes of the day */
    int qual;       /* Q_...: a qualifier in the stretch or just before it */
    int entity;     /* places and persons */
    cwi_span span;  /* the value's bytes */
    const char *p;  /* places: the article's text, for the name as written */
} sval;

#define SVAL_NONE ((sval){S_NONE, 0, Q_NONE, -1, {0, 0}, NULL})

/* A number as a figure is written: not an identifier of five digits or more
 * without separators, not a zero-padded part of a date or time ("08"), not
 * the digits that open a sentence (in news, a broken decimal: "6. 1"). */
static bool plain_number(const cwi_check_article *A, const stok *t)
{
    const char *p = A->text + t->start;
    size_t n = t->end - t->start, digits = 0;
    bool sep = false;
    if (t->kind != CWI_TOK_NUMBER) return true;
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= '0' && p[i] <= '9') digits++;
        else sep = true;
    }
    if (digits >= 5 && !sep) return false;
    if (n >= 2 && p[0] == '0' && p[1] != '.') return false;
    uint32_t b = t->start;
    while (b > 0 && A->text[b - 1] == ' ') b--;
    if (b == 0 || A->text[b - 1] == '\n') return false;
    return true;
}

/* The entity of a mention that covers bytes [b, e) of article art, or -1. */
static int entity_at(const cwi_story *st, uint32_t art, uint32_t b, uint32_t e, cwi_span *sp)
{
    const cwi_check_article *A = &st->a[art];
    for (size_t k = st->ment_first[art]; k < st->ment_first[art + 1]; k++) {
        const cwi_smention *m = &st->ments.v[k];
        if (m->entity < 0 || m->alt) continue;
        const cwi_mention *mm = &A->facts->mentions.v[m->idx];
        if (mm->span.start <= b && mm->span.end >= e) {
            *sp = mm->span;
            return m->entity;
        }
    }
    return -1;
}

/* 1 for "a.m.", 2 for "p.m.", 0 for another word. */
static int am_pm(const char *q, size_t n)
{
    if (cwi_word_eq(q, n, "a.m.") || cwi_word_eq(q, n, "a.m") || cwi_word_eq(q, n, "am")) return 1;
    if (cwi_word_eq(q, n, "p.m.") || cwi_word_eq(q, n, "p.m") || cwi_word_eq(q, n, "pm")) return 2;
    return 0;
}

/* A clock time starting at token i of the stretch t[0..n): "6:00 p.m.",
 * "6: 00 p.m.", "11 am"; minutes of the day and the tokens it takes. */
static bool clock_at(const cwi_check_article *A, const stok *t, size_t n, size_t i, double *mins, size_t *used)
{
    if (t[i].kind != CWI_TOK_NUMBER) return false;
    const char *p = A->text + t[i].start;
    size_t len = t[i].end - t[i].start, k = 0, j = i + 1;
    int h = 0, m = 0;
    bool colon = false;
    while (k < len && k < 2 && p[k] >= '0' && p[k] <= '9') h = h * 10 + (p[k++] - '0');
    if (k < len && p[k] == ':' && len - k == 3) {
        colon = true;
        m = (p[k + 1] - '0') * 10 + (p[k + 2] - '0');
        k = len;
    } else if (k == len && j < n && t[j].kind == CWI_TOK_NUMBER && t[j].end - t[j].start == 2 &&
               t[j].start - t[i].end <= 2 && A->text[t[i].end] == ':') {
        colon = true;
        m = (A->text[t[j].start] - '0') * 10 + (A->text[t[j].start + 1] - '0');
        j++;
    }
    if (k != len || h > 23 || m > 59) return false;
    int ap = j < n ? am_pm(A->text + t[j].start, t[j].end - t[j].start) : 0;
    if (!colon && !ap) return false;
    if (ap == 2 && h < 12) h += 12;
    if (ap == 1 && h == 12) h = 0;
    *mins = h * 60 + m;
    *used = j - i + (ap ? 1 : 0);
    return true;
}

/* What the stretch t[0..n) of article art holds; S_NONE when it is not one
 * value of a kind this check compares, or holds words beside the value
 * that are not qualifiers ("35 miles" against "56 km"). */
static sval stretch_value(const cwi_story *st, uint32_t art, const stok *t, size_t n, const stok *before)
{
    const cwi_check_article *A = &st->a[art];
    sval r = SVAL_NONE;
    if (!n) return r;
    int kind = S_NONE;
    size_t vi = 0, vn = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = A->text + t[i].start;
        size_t len = t[i].end - t[i].start;
        double x, mins;
        size_t used;
        int w;
        if (word_index(p, len, QUALIFIERS) >= 0) {
            r.qual = word_index(p, len, Q_FLOOR) >= 0 ? Q_MORE : word_index(p, len, Q_CEIL) >= 0 ? Q_LESS : r.qual ? r.qual : Q_ABOUT;
            continue;
        }
        if (kind != S_NONE && kind != S_NUM) return SVAL_NONE;
        if (clock_at(A, t, n, i, &mins, &used)) {
            if (kind != S_NONE) return SVAL_NONE;
            kind = S_CLOCK, r.v = mins, vi = i, vn = used;
            i += used - 1;
        } else if (token_number(p, len, &x)) {
            if (kind == S_NUM || !plain_number(A, &t[i])) return SVAL_NONE;
            kind = S_NUM, r.v = x, vi = i, vn = 1;
            if (i + 1 < n && scale_word(A->text + t[i + 1].start, t[i + 1].end - t[i + 1].start) > 0) {
                r.v *= scale_word(A->text + t[i + 1].start, t[i + 1].end - t[i + 1].start);
                vn = 2, i++;
            }
        } else if ((w = word_index(p, len, WEEKDAYS)) >= 0) {
            if (kind != S_NONE) return SVAL_NONE;
            kind = S_WDAY, r.v = w, vi = i, vn = 1;
        } else if ((w = word_index(p, len, PARTS)) >= 0) {
            if (kind != S_NONE) return SVAL_NONE;
            kind = S_PART, r.v = w, vi = i, vn = 1;
        } else if (p[0] >= 'A' && p[0] <= 'Z' && kind == S_NONE) {
            cwi_span sp;
            int e = entity_at(st, art, t[i].start, t[i].end, &sp);
            if (e < 0) return SVAL_NONE;
            int ek = st->ents.v[e].kind;
            if (ek != CWI_ENT_PLACE && ek != CWI_ENT_PERSON) return SVAL_NONE;
            /* the rest of the stretch lies inside that one name */
            if (sp.start > t[i].start || sp.end < t[n - 1].end) return SVAL_NONE;
            r.kind = ek == CWI_ENT_PLACE ? S_PLACE : S_PERSON;
            r.entity = e;
            r.span = sp;
            r.p = A->text;
            return r;
        } else {
            return SVAL_NONE;
        }
    }
    if (kind == S_NONE) return r;
    r.kind = kind;
    r.span = (cwi_span){t[vi].start, t[vi + vn - 1].end};
    /* a number after a month is its day; a bare four-digit year is a year */
    if (kind == S_NUM && !r.qual && before && word_index(A->text + before->start, before->end - before->start, MONTHS) >= 0 &&
        r.v >= 1 && r.v <= 31 && r.v == floor(r.v))
        r.kind = S_MDAY;
    else if (kind == S_NUM && r.v >= 1800 && r.v <= 2100 && r.v == floor(r.v) && t[vi].end - t[vi].start == 4 && vn == 1)
        r.kind = S_YEAR;
    return r;
}

/* ---- Whether two values of one kind can both hold ------------------------------- */

static bool next_to(const cwi_check_article *A, const stok *t, size_t n, size_t from, const char *const *words)
{
    for (size_t i = from; i < n && i < from + 2; i++)
        if (word_index(A->text + t[i].start, t[i].end - t[i].start, words) >= 0) return true;
    return false;
}

static const char *const LATE[] = {"night", "evening", "late", "overnight", NULL};
static const char *const EARLY[] = {"early", "morning", "overnight", NULL};

static bool parts_agree(int a, int b)
{
    if (a == b) return true;
    /* evening, night and overnight; noon and afternoon; midnight and night */
    int ga = a == 0 ? 0 : a <= 2 ? 1 : 2, gb = b == 0 ? 0 : b <= 2 ? 1 : 2;
    if (a == 5 || b == 5) return (a == 5 ? b : a) >= 3;
    if (a == 6 || b == 6) return (a == 6 ? b : a) != 2 && (a == 6 ? b : a) != 1;
    return ga == gb;
}

/* Whether region name a may be an abbreviation of b or b itself: letters of
 * a (dots and spaces aside) in b in order, the first alike ("Ore." and
 * "Oregon", "Ky." and "Kentucky", "N.H." and "New Hampshire"). */
static bool region_abbrev(const char *a, size_t an, const char *b, size_t bn)
{
    char x[32], y[64];
    size_t nx = 0, ny = 0;
    for (size_t i = 0; i < an && nx < sizeof x; i++)
        if (a[i] != '.' && a[i] != ' ') x[nx++] = (char)(a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]);
    for (size_t i = 0; i < bn && ny < sizeof y; i++)
        if (b[i] != '.' && b[i] != ' ') y[ny++] = (char)(b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i]);
    if (!nx || !ny || x[0] != y[0]) return false;
    size_t j = 0;
    for (size_t i = 0; i < nx; i++) {
        while (j < ny && y[j] != x[i]) j++;
        if (j == ny) return false;
        j++;
    }
    return true;
}

/* The values a number allows: itself, 10% either way when approximate, a
 * floor or a ceiling. */
static void num_range(const sval *x, double *lo, double *hi)
{
    double v = x->v, d = 0.1 * fabs(v);
    switch (x->qual) {
    case Q_ABOUT: *lo = v - d, *hi = v + d; break;
    case Q_MORE: *lo = v, *hi = INFINITY; break;
    case Q_LESS: *lo = -INFINITY, *hi = v; break;
    default: *lo = *hi = v;
    }
}

static bool values_agree(const sval *x, const sval *y, bool late_x, bool early_y, bool late_y, bool early_x)
{
    switch (x->kind) {
    case S_NUM: {
        if (x->v == y->v) return true;
        double lx, hx, ly, hy;
        num_range(x, &lx, &hx);
        num_range(y, &ly, &hy);
        return lx <= hy && ly <= hx;
    }
    case S_WDAY: {
        if (x->v == y->v) return true;
        /* the night of one day is the early hours of the next */
        int dx = (int)x->v, dy = (int)y->v;
        if ((dx + 1) % 7 == dy && (late_x || early_y)) return true;
        if ((dy + 1) % 7 == dx && (late_y || early_x)) return true;
        return false;
    }
    case S_PART: return parts_agree((int)x->v, (int)y->v);
    case S_CLOCK: return fabs(x->v - y->v) < 1 || (x->qual || y->qual ? fabs(x->v - y->v) <= 30 : false);
    case S_PLACE:
        if (x->entity >= 0 && x->entity == y->entity) return true;
        return x->p && y->p &&
               (region_abbrev(x->p + x->span.start, x->span.end - x->span.start, y->p + y->span.start, y->span.end - y->span.start) ||
                region_abbrev(y->p + y->span.start, y->span.end - y->span.start, x->p + x->span.start, x->span.end - x->span.start));
    case S_PERSON: return x->entity == y->entity;
    default: return x->v == y->v;
    }
}

/* ---- Lining two sentences up ------------------------------------------------------ */

/* The longest common subsequence of the folded words of a and b: mb[i] is
 * the token of b that token i of a lines up with, or -1. Returns its length. */
static size_t lcs(const stok *a, size_t na, const stok *b, size_t nb, uint16_t *dp, int *ma)
{
    size_t w = nb + 1;
    for (size_t j = 0; j <= nb; j++) dp[na * w + j] = 0;
    for (size_t i = na; i-- > 0;) {
        dp[i * w + nb] = 0;
        for (size_t j = nb; j-- > 0;) {
            if (a[i].h == b[j].h) dp[i * w + j] = (uint16_t)(dp[(i + 1) * w + j + 1] + 1);
            else {
                uint16_t x = dp[(i + 1) * w + j], y = dp[i * w + j + 1];
                dp[i * w + j] = x > y ? x : y;
            }
        }
    }
    size_t i = 0, j = 0;
    for (size_t k = 0; k < na; k++) ma[k] = -1;
    while (i < na && j < nb) {
        if (a[i].h == b[j].h) ma[i++] = (int)j++;
        else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
        else j++;
    }
    return dp[0];
}

typedef struct {
    int kind;
    uint32_t art, sent;
    sval v;
    bool late, early;  /* a late or early hour named beside a weekday */
    bool says;         /* a reporting verb beside a person */
} sform;

typedef struct {
    int kind;
    CWI_VEC(sform) f;
} sdiff;

typedef struct {
    CWI_VEC(sdiff) d;
} sfound;

static bool same_form(const sform *x, const sform *y)
{
    return x->art == y->art && x->v.span.start == y->v.span.start && x->v.span.end == y->v.span.end;
}

/* Files the pair (x, y) under the difference that already holds one of them. */
static cw_status file_pair(sfound *F, const sform *x, const sform *y)
{
    for (size_t i = 0; i < F->d.n; i++) {
        sdiff *D = &F->d.v[i];
        if (D->kind != x->kind) continue;
        bool hx = false, hy = false;
        for (size_t k = 0; k < D->f.n; k++) hx |= same_form(&D->f.v[k], x), hy |= same_form(&D->f.v[k], y);
        if (!hx && !hy) continue;
        if (!hx) CWI_TRY(CWI_VEC_PUSH(D->f, *x));
        if (!hy) CWI_TRY(CWI_VEC_PUSH(D->f, *y));
        return CW_OK;
    }
    sdiff D = {x->kind, {0}};
    CWI_TRY(CWI_VEC_PUSH(D.f, *x));
    if (CWI_VEC_PUSH(D.f, *y) != CW_OK || CWI_VEC_PUSH(F->d, D) != CW_OK) {
        CWI_VEC_FREE(D.f);
        return CW_ERR_NOMEM;
    }
    return CW_OK;
}

/* The last word of a folded name. */
static const char *last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : s;
}

/* Whether a word of three letters or more of a is also a word of b. */
static bool share_word(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ') a++;
        if (!*a) return false;
        size_t n = strcspn(a, " ");
        if (n >= 3 && cwi_ck_has_word(b, a, n)) return true;
        a += n;
    }
}

/* Two names that may be one: a spelling apart (the spelling check's part),
 * one inside the other, one surname for persons, a shared word for places
 * ("Newton Street", "Mat Maid" and "Matanuska Maid Dairy"). */
static bool names_may_be_one(const cwi_story *st, const sform *x, const sform *y)
{
    char *a = cwi_ck_fold(st->a[x->art].text + x->v.span.start, x->v.span.end - x->v.span.start);
    char *b = cwi_ck_fold(st->a[y->art].text + y->v.span.start, y->v.span.end - y->v.span.start);
    bool one = !a || !b || cwi_ck_edit(a, b) <= 2 || strstr(a, b) || strstr(b, a);
    if (!one && x->kind == S_PERSON) one = cwi_ck_edit(last_word(a), last_word(b)) <= 1;
    if (!one && x->kind != S_PERSON) one = share_word(a, b);
    free(a);
    free(b);
    return one;
}

/* Two places one article names in one sentence ("Millom, Cumbria"): one may
 * lie in the other, or both be part of the story; not a conflict. */
static bool named_together(const cwi_story *st, int e1, int e2)
{
    for (size_t art = 0; art < st->n; art++) {
        const cwi_check_article *A = &st->a[art];
        for (size_t k = st->ment_first[art]; k < st->ment_first[art + 1]; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->entity != e1 || m->alt) continue;
            uint32_t sent = A->facts->mentions.v[m->idx].sent;
            for (size_t q = st->ment_first[art]; q < st->ment_first[art + 1]; q++) {
                const cwi_smention *o = &st->ments.v[q];
                if (o->entity == e2 && A->facts->mentions.v[o->idx].sent == sent) return true;
            }
        }
    }
    return false;
}

/* The form of the stretch t[i0..i1) of sentence x; S_NONE when it is none. */
static sform stretch_form(const pool_t *P, const ssent *x, size_t i0, size_t i1)
{
    const stok *t = P->tok.v + x->first;
    const cwi_check_article *A = &P->st->a[x->art];
    sform f;
    memset(&f, 0, sizeof f);
    f.art = x->art, f.sent = x->sent;
    /* a stretch inside a clock time ("3:[33] a.m.") is the whole time */
    for (size_t k = i0 > 2 ? i0 - 2 : 0; k <= i0 && k < x->n; k++) {
        double mins;
        size_t used;
        if (clock_at(A, t, x->n, k, &mins, &used) && k + used > i0) {
            if (k < i0) i0 = k;
            if (k + used > i1) i1 = k + used;
            break;
        }
    }
    f.v = stretch_value(P->st, x->art, t + i0, i1 - i0, i0 ? &t[i0 - 1] : NULL);
    /* digits that open a sentence (a decimal broken by the sentence split:
     * "6. 1-magnitude"), or beside other digits (a telephone number) */
    if ((f.v.kind == S_NUM || f.v.kind == S_YEAR) &&
        ((i0 == 0 && t[0].kind == CWI_TOK_NUMBER) || (i0 && t[i0 - 1].kind == CWI_TOK_NUMBER) ||
         (i1 < x->n && t[i1].kind == CWI_TOK_NUMBER)))
        f.v.kind = S_NONE;
    /* a qualifier that both sentences put before the stretch */
    for (size_t k = i0 > 2 ? i0 - 2 : 0; k < i0 && f.v.kind != S_NONE && !f.v.qual; k++) {
        const char *p = A->text + t[k].start;
        size_t len = t[k].end - t[k].start;
        if (word_index(p, len, QUALIFIERS) < 0 || cwi_word_eq(p, len, "a") || cwi_word_eq(p, len, "an") ||
            cwi_word_eq(p, len, "at") || cwi_word_eq(p, len, "to"))
            continue;
        f.v.qual = word_index(p, len, Q_FLOOR) >= 0 ? Q_MORE : word_index(p, len, Q_CEIL) >= 0 ? Q_LESS : Q_ABOUT;
    }
    f.kind = f.v.kind == S_YEAR || f.v.kind == S_MDAY ? S_WDAY : f.v.kind == S_CLOCK ? S_PART : f.v.kind;
    if (f.v.kind == S_WDAY) {
        f.late = next_to(A, t, x->n, i1, LATE) || (i0 && next_to(A, t, x->n, i0 - 1, (const char *const[]){"late", NULL}));
        f.early = next_to(A, t, x->n, i1, EARLY) || (i0 && next_to(A, t, x->n, i0 - 1, (const char *const[]){"early", NULL}));
    }
    if (f.v.kind == S_PERSON)
        f.says = next_to(A, t, x->n, i1, REPORTING) || (i0 >= 2 && next_to(A, t, x->n, i0 - 2, REPORTING));
    return f;
}

/* Whether a stretch holds a capitalised word that is not the sentence's first. */
static bool has_name(const pool_t *P, const ssent *x, size_t i0, size_t i1)
{
    const stok *t = P->tok.v + x->first;
    for (size_t i = i0; i < i1; i++)
        if (i && P->st->a[x->art].text[t[i].start] >= 'A' && P->st->a[x->art].text[t[i].start] <= 'Z') return true;
    return false;
}

#define MAX_PAIR_DIFFS 8

/* Lines up sentences x and y and compares each stretch that differs between
 * lined-up words. Two sentences that differ in a name and in something else
 * tell of different people or places ("Vaughn finished with 16 points",
 * "Hansbrough finished with 20 points"): nothing of them is reported. */
static cw_status align_pair(const pool_t *P, sfound *F, const ssent *x, const ssent *y, uint16_t *dp, int *ma)
{
    const stok *a = P->tok.v + x->first, *b = P->tok.v + y->first;
    size_t m = lcs(a, x->n, b, y->n, dp, ma);
    size_t small = x->n < y->n ? x->n : y->n, big = x->n + y->n - small;
    if (m < MIN_TOK || (double)m < 0.6 * (double)small || (double)m < 0.5 * (double)big) return CW_OK;
    sform fx[MAX_PAIR_DIFFS], fy[MAX_PAIR_DIFFS];
    size_t nf = 0, names = 0;
    size_t pi = 0, pj = 0; /* the stretch starts after the last lined-up pair */
    bool any = false;
    for (size_t i = 0; i <= x->n; i++) {
        if (i < x->n && ma[i] < 0) continue;
        size_t qj = i < x->n ? (size_t)ma[i] : y->n;
        /* a stretch at either end needs two lined-up words beside it */
        bool inner = any && i < x->n;
        bool edge_ok = (!any && i + 1 < x->n && ma[i + 1] == ma[i] + 1) ||
                       (any && i == x->n && pi >= 2 && ma[pi - 2] == ma[pi - 1] - 1);
        if (i > pi && qj > pj) {
            if (has_name(P, x, pi, i) && has_name(P, y, pj, qj)) names++;
            if ((inner || edge_ok) && i - pi <= MAX_CHUNK && qj - pj <= MAX_CHUNK && nf < MAX_PAIR_DIFFS) {
                fx[nf] = stretch_form(P, x, pi, i);
                fy[nf] = stretch_form(P, y, pj, qj);
                const sform *u = &fx[nf], *v = &fy[nf];
                if (u->v.kind != S_NONE && u->v.kind == v->v.kind &&
                    !values_agree(&u->v, &v->v, u->late, v->early, v->late, u->early) &&
                    !((u->kind == S_PLACE || u->kind == S_PERSON) && names_may_be_one(P->st, u, v)) &&
                    !(u->kind == S_PLACE && named_together(P->st, u->v.entity, v->v.entity)))
                    nf++;
            }
        }
        if (i < x->n) {
            pi = i + 1, pj = qj + 1;
            any = true;
        }
    }
    if (names >= 2 || (names == 1 && nf >= 2) || (names == 1 && nf == 1 && fx[0].kind != S_PLACE && fx[0].kind != S_PERSON))
        return CW_OK;
    for (size_t k = 0; k < nf; k++) CWI_TRY(file_pair(F, &fx[k], &fy[k]));
    return CW_OK;
}
/* ---- Writing what was found ------------------------------------------------------ */

static const char *what_of(const sdiff *D, const char **kind, int *weight)
{
    bool says = false;
    for (size_t i = 0; i < D->f.n; i++) says |= D->f.v[i].says;
    switch (D->kind) {
    case S_NUM: *kind = "figure", *weight = CWI_W_FIGURE; return "how many: a figure stated differently";
    case S_WDAY: *kind = "date", *weight = CWI_W_DATE; return "when: the date stated differently";
    case S_PART: *kind = "time", *weight = CWI_W_TIME; return "what time: the time of day stated differently";
    case S_PLACE: *kind = "place", *weight = CWI_W_PLACE; return "where: the place stated differently";
    case S_EVENT: *kind = "event", *weight = CWI_W_EVENT; return "what happened: told with opposite words";
    default:
        if (says) {
            *kind = "speaker", *weight = CWI_W_SPEAKER;
            return "who said it: the statement given to different people";
        }
        *kind = "person", *weight = CWI_W_ROLE;
        return "who: a different person named";
    }
}

static bool forms_agree(const sform *a, const sform *b)
{
    return values_agree(&a->v, &b->v, a->late, b->early, b->late, a->early);
}

static cw_status emit_diff(cwi_story *st, const sdiff *D)
{
    size_t n = D->f.n < 64 ? D->f.n : 64;
    int side[64], reps[16];
    size_t nside = 0;
    for (size_t i = 0; i < n; i++) {
        side[i] = -1;
        for (size_t q = 0; q < nside && side[i] < 0; q++)
            if (forms_agree(&D->f.v[reps[q]], &D->f.v[i])) side[i] = (int)q;
        if (side[i] < 0 && nside < 16) reps[nside] = (int)i, side[i] = (int)nside++;
    }
    if (nside < 2) return CW_OK;
    const char *kind;
    int weight;
    const char *what = what_of(D, &kind, &weight);
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status rc = cwi_buf_adds(&b, "{\"what\":");
    rc = rc ? rc : cwi_buf_json_str(&b, what, strlen(what));
    rc = rc ? rc : cwi_buf_printf(&b, ",\"kind\":\"%s\",\"found_by\":\"wording\",\"forms\":[", kind);
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        const sform *f = &D->f.v[i];
        const cwi_check_article *A = &st->a[f->art];
        if (i) rc = cwi_buf_addc(&b, ',');
        rc = rc ? rc : cwi_buf_addc(&b, '{');
        rc = rc ? rc : cwi_ck_cite(&b, A, f->v.span);
        if (f->sent < A->nsent)
            rc = rc ? rc : cwi_buf_printf(&b, ",\"sentence\":[%u,%u]", A->sentences[f->sent].start, A->sentences[f->sent].end);
        rc = rc ? rc : cwi_buf_addc(&b, '}');
    }
    rc = rc ? rc : cwi_buf_adds(&b, "],\"sides\":[");
    for (size_t q = 0; q < nside && rc == CW_OK; q++) {
        size_t arts[64], na = 0;
        for (size_t i = 0; i < n; i++) {
            if (side[i] != (int)q) continue;
            bool seen = false;
            for (size_t k = 0; k < na && !seen; k++) seen = arts[k] == D->f.v[i].art;
            if (!seen) arts[na++] = D->f.v[i].art;
        }
        const sform *r = &D->f.v[reps[q]];
        if (q) rc = cwi_buf_addc(&b, ',');
        rc = rc ? rc : cwi_ck_side(&b, st, st->a[r->art].text + r->v.span.start, r->v.span.end - r->v.span.start, NULL, arts, na);
    }
    rc = rc ? rc : cwi_buf_adds(&b, "]}");
    if (rc == CW_OK) rc = cwi_ck_add_disc(st, weight, &b);
    cwi_buf_clean(&b);
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        cwi_taken t = {D->f.v[i].art, D->f.v[i].v.span};
        rc = CWI_VEC_PUSH(st->taken, t);
    }
    st->compared += n - 1;
    return rc;
}

bool cwi_ck_taken(const cwi_story *st, size_t art, cwi_span sp)
{
    for (size_t i = 0; i < st->taken.n; i++) {
        const cwi_taken *t = &st->taken.v[i];
        if (t->art == art && t->span.start < sp.end && sp.start < t->span.end) return true;
    }
    return false;
}

/* ---- The story ---------------------------------------------------------------------- */

static cw_status build_pool(pool_t *P)
{
    cwi_story *st = P->st;
    for (size_t a = 0; a < st->n; a++) {
        const cwi_check_article *A = &st->a[a];
        if (!A->facts) continue;
        for (size_t i = 0; i < A->nsent && P->sent.n < MAX_SENTS; i++) CWI_TRY(pool_sentence(P, (uint32_t)a, (uint32_t)i));
    }
    return CW_OK;
}

static size_t sorted_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) c++, i++, j++;
        else if (a[i] < b[j]) i++;
        else j++;
    }
    return c;
}

/* ---- Opposite words before one noun ----------------------------------------------- */

/* Words outlets flip, in pairs: a sentence with one before a noun and a
 * sentence of another article with the other before the same noun, both
 * naming one person, place or organisation of the story, tell one detail two
 * ways ("Mary Vance, the younger sister" and "her older sister"). */
static const char *const OPPOSITES[][2] = {
    {"older", "younger"},   {"elder", "younger"},       {"oldest", "youngest"}, {"eldest", "youngest"},
    {"largest", "smallest"}, {"highest", "lowest"},     {"approved", "rejected"}, {"increase", "decrease"},
    {"increased", "decreased"}, {"guilty", "innocent"}, {"rose", "fell"},
    {"won", "lost"},        {"accepted", "rejected"},   {"alive", "dead"},      {NULL, NULL}};

static bool sents_share_entity(const cwi_story *st, uint32_t a1, uint32_t s1, uint32_t a2, uint32_t s2)
{
    for (size_t k = st->ment_first[a1]; k < st->ment_first[a1 + 1]; k++) {
        const cwi_smention *m = &st->ments.v[k];
        if (m->entity < 0 || m->alt || st->ents.v[m->entity].kind == CWI_ENT_OTHER) continue;
        if (st->a[a1].facts->mentions.v[m->idx].sent != s1) continue;
        for (size_t q = st->ment_first[a2]; q < st->ment_first[a2 + 1]; q++) {
            const cwi_smention *o = &st->ments.v[q];
            if (o->entity == m->entity && st->a[a2].facts->mentions.v[o->idx].sent == s2) return true;
        }
    }
    return false;
}

typedef struct {
    uint32_t sent;   /* index into the pool's sentences */
    uint32_t tok;    /* the opposite word's token in the pool */
    int pair, side;
    uint64_t next;   /* the word after it */
} opp_t;

static cw_status diff_opposites(pool_t *P, sfound *F)
{
    CWI_VEC(opp_t) o = {0};
    cw_status rc = CW_OK;
    for (size_t i = 0; i < P->sent.n && rc == CW_OK; i++) {
        const ssent *x = &P->sent.v[i];
        const cwi_check_article *A = &P->st->a[x->art];
        for (uint32_t k = 0; k + 1 < x->n && rc == CW_OK; k++) {
            const stok *t = &P->tok.v[x->first + k];
            /* "the elder Cheney" names a person of a family, it says nothing of him */
            char c = A->text[P->tok.v[x->first + k + 1].start];
            if (c >= 'A' && c <= 'Z') continue;
            for (int p = 0; OPPOSITES[p][0] && rc == CW_OK; p++)
                for (int sd = 0; sd < 2; sd++)
                    if (cwi_word_eq(A->text + t->start, t->end - t->start, OPPOSITES[p][sd]))
                        rc = CWI_VEC_PUSH(o, ((opp_t){(uint32_t)i, x->first + k, p, sd, P->tok.v[x->first + k + 1].h}));
        }
    }
    for (size_t i = 0; i < o.n && rc == CW_OK; i++)
        for (size_t j = i + 1; j < o.n && rc == CW_OK; j++) {
            const opp_t *u = &o.v[i], *v = &o.v[j];
            const ssent *x = &P->sent.v[u->sent], *y = &P->sent.v[v->sent];
            if (u->pair != v->pair || u->side == v->side || u->next != v->next || x->art == y->art) continue;
            if (!sents_share_entity(P->st, x->art, x->sent, y->art, y->sent)) continue;
            sform fx, fy;
            memset(&fx, 0, sizeof fx);
            memset(&fy, 0, sizeof fy);
            fx.kind = fy.kind = S_EVENT;
            fx.art = x->art, fx.sent = x->sent, fy.art = y->art, fy.sent = y->sent;
            fx.v.kind = fy.v.kind = S_EVENT;
            fx.v.v = u->side, fy.v.v = v->side;
            fx.v.span = (cwi_span){P->tok.v[u->tok].start, P->tok.v[u->tok + 1].end};
            fy.v.span = (cwi_span){P->tok.v[v->tok].start, P->tok.v[v->tok + 1].end};
            rc = file_pair(F, &fx, &fy);
        }
    CWI_VEC_FREE(o);
    return rc;
}

/* ---- One town placed in two regions ----------------------------------------------- */

typedef struct {
    uint32_t art, sent;
    int town, region; /* the region's entity, or -1 */
    cwi_span rspan;
} tplace;

/* The region named right after a place: ", " and one to three capitalised
 * words ("Oregon", "Ore.", "N.H.", "New Hampshire") closed by punctuation,
 * not the next item of a list ("Salem, Eugene and Bend"). */
static bool region_after(const cwi_check_article *A, uint32_t end, cwi_span *r)
{
    const char *t = A->text;
    if (end + 2 >= A->len || t[end] != ',' || t[end + 1] != ' ') return false;
    uint32_t p = end + 2, words = 0;
    *r = (cwi_span){p, p};
    while (p < A->len && t[p] >= 'A' && t[p] <= 'Z' && words < 3) {
        while (p < A->len && ((t[p] >= 'A' && t[p] <= 'Z') || (t[p] >= 'a' && t[p] <= 'z') || t[p] == '.')) p++;
        words++;
        r->end = p;
        if (p + 1 < A->len && t[p] == ' ' && t[p + 1] >= 'A' && t[p + 1] <= 'Z') p++;
        else break;
    }
    if (!words || r->end - r->start < 2) return false;
    p = r->end;
    if (p < A->len && !(t[p] == ',' || t[p] == '.' || t[p] == ';' || t[p] == ')' || t[p] == '\n' || t[p] == ' ')) return false;
    if (t[p - 1] != '.' && p < A->len && t[p] == ' ') {
        /* a word after the region: only "on", "in", "at", "to", "and" never */
        uint32_t q = p + 1;
        static const char *const AFTER[] = {"on", "in", "at", "to", "for", "last", "this", "early", "late", NULL};
        uint32_t e = q;
        while (e < A->len && t[e] >= 'a' && t[e] <= 'z') e++;
        bool ok = false;
        for (const char *const *w = AFTER; *w && !ok; w++) ok = cwi_word_eq(t + q, e - q, *w);
        if (!ok) return false;
    }
    /* ", and": a list */
    if (p + 5 < A->len && t[p] == ',' && !memcmp(t + p + 1, " and ", 5)) return false;
    return true;
}

/* "Woodburn, Oregon" in one article and "Woodburn, Kentucky" in another:
 * one town (an entity of the story) given two regions that are not one
 * region written short ("Ore.") and that no article names together. */
static cw_status diff_regions(pool_t *P, sfound *F)
{
    cwi_story *st = P->st;
    CWI_VEC(tplace) v = {0};
    cw_status rc = CW_OK;
    for (uint32_t art = 0; art < st->n && rc == CW_OK; art++) {
        const cwi_check_article *A = &st->a[art];
        if (!A->facts) continue;
        for (size_t k = st->ment_first[art]; k < st->ment_first[art + 1] && rc == CW_OK; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->alt || m->entity < 0 || st->ents.v[m->entity].kind != CWI_ENT_PLACE) continue;
            const cwi_mention *mm = &A->facts->mentions.v[m->idx];
            cwi_span r;
            if (!region_after(A, mm->span.end, &r)) continue;
            cwi_span rs;
            int re = entity_at(st, art, r.start, r.end, &rs);
            if (re == m->entity) continue;
            rc = CWI_VEC_PUSH(v, ((tplace){art, mm->sent, m->entity, re, r}));
        }
    }
    for (size_t i = 0; i < v.n && rc == CW_OK; i++)
        for (size_t j = i + 1; j < v.n && rc == CW_OK; j++) {
            const tplace *x = &v.v[i], *y = &v.v[j];
            if (x->town != y->town || (x->region >= 0 && x->region == y->region) || x->art == y->art) continue;
            if (x->region == x->town || y->region == y->town) continue;
            const char *xp = st->a[x->art].text + x->rspan.start, *yp = st->a[y->art].text + y->rspan.start;
            size_t xn = x->rspan.end - x->rspan.start, yn = y->rspan.end - y->rspan.start;
            if (region_abbrev(xp, xn, yp, yn) || region_abbrev(yp, yn, xp, xn)) continue;
            if (x->region >= 0 && y->region >= 0 && named_together(st, x->region, y->region)) continue;
            sform fx, fy;
            memset(&fx, 0, sizeof fx);
            memset(&fy, 0, sizeof fy);
            fx.kind = fy.kind = fx.v.kind = fy.v.kind = S_PLACE;
            fx.art = x->art, fx.sent = x->sent, fx.v.entity = x->region, fx.v.span = x->rspan, fx.v.p = st->a[x->art].text;
            fy.art = y->art, fy.sent = y->sent, fy.v.entity = y->region, fy.v.span = y->rspan, fy.v.p = st->a[y->art].text;
            rc = file_pair(F, &fx, &fy);
        }
    CWI_VEC_FREE(v);
    return rc;
}

cw_status cwi_ck_diff_substitutions(cwi_story *st)
{
    pool_t P;
    memset(&P, 0, sizeof P);
    P.st = st;
    sfound F = {{0}};
    uint16_t *dp = malloc((MAX_TOK + 1) * (MAX_TOK + 1) * sizeof *dp);
    int *ma = malloc(MAX_TOK * sizeof *ma);
    cw_status rc = dp && ma ? build_pool(&P) : CW_ERR_NOMEM;
    for (size_t i = 0; i < P.sent.n && rc == CW_OK; i++) {
        const ssent *x = &P.sent.v[i];
        for (size_t j = i + 1; j < P.sent.n && rc == CW_OK; j++) {
            const ssent *y = &P.sent.v[j];
            if (y->art == x->art) continue;
            size_t small = x->nk < y->nk ? x->nk : y->nk;
            if (small < 4) continue;
            size_t shared = sorted_overlap(P.keys.v + x->kfirst, x->nk, P.keys.v + y->kfirst, y->nk);
            if (shared < 4 || 2 * shared < small) continue;
            rc = align_pair(&P, &F, x, y, dp, ma);
        }
    }
    if (rc == CW_OK) rc = diff_opposites(&P, &F);
    if (rc == CW_OK) rc = diff_regions(&P, &F);
    for (size_t i = 0; i < F.d.n; i++) {
        if (rc == CW_OK) rc = emit_diff(st, &F.d.v[i]);
        CWI_VEC_FREE(F.d.v[i].f);
    }
    CWI_VEC_FREE(F.d);
    CWI_VEC_FREE(P.tok);
    CWI_VEC_FREE(P.sent);
    CWI_VEC_FREE(P.keys);
    free(dp);
    free(ma);
    return rc;
}
