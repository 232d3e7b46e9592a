/*
 * check_diff: where the sources differ, found by lining up the same fact
 * across articles of different independent groups.
 *
 * A fact is a slot of an event: a date, a figure or a name stated in a
 * sentence, with the words around it. Two values of different groups fill
 * the same slot when the words next to them share a content stem (the verb
 * or noun that says what the value is: "will leave on January 1" and "will
 * leave at the end of February") and their sentences share a person, place or
 * organisation of the story or several content stems. Values in one slot are
 * then compared at the precision their sources gave: dates at the coarser of
 * the two granularities (day, week, month, year) after each is resolved
 * against its own article's publication; figures by the interval their
 * qualifier and their last significant digit allow ("$139 million" and
 * "roughly $141 million" cannot both hold; "$43 million" and "$43,885,310"
 * can, as a truncation). A side that one article states both ways is no
 * conflict.
 *
 * Spellings of one name are compared in check_spell.c.
 *
 * Every difference is kept with its sides (each value, the articles and the
 * number of independent groups stating it) and a weight by kind (a figure or
 * date before a spelling); cwi_ck_emit_discrepancy_list writes them ranked.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"

#define NEAR 20
#define SKEYS 40
#define MAX_VALUES 4000
#define MAX_SENT_ENTS 8
#define NEAR_BYTES 50

/* ---- The ranked list of differences ----------------------------------------- */

cw_status cwi_ck_add_disc(cwi_story *st, int weight, cwi_buf *obj)
{
    cwi_disc d;
    d.weight = weight;
    d.seq = st->discs.n;
    d.json = cwi_buf_take(obj);
    if (!d.json) return CW_ERR_NOMEM;
    if (CWI_VEC_PUSH(st->discs, d) != CW_OK) {
        free(d.json);
        return CW_ERR_NOMEM;
    }
    return CW_OK;
}

static int disc_cmp(const void *a, const void *b)
{
    const cwi_disc *x = a, *y = b;
    if (x->weight != y->weight) return y->weight - x->weight;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

cw_status cwi_ck_emit_discrepancy_list(cwi_story *st, cwi_buf *out)
{
    if (st->discs.n > 1) qsort(st->discs.v, st->discs.n, sizeof *st->discs.v, disc_cmp);
    for (size_t i = 0; i < st->discs.n; i++) {
        if (i) CWI_TRY(cwi_buf_addc(out, ','));
        CWI_TRY(cwi_buf_adds(out, st->discs.v[i].json));
    }
    return CW_OK;
}

void cwi_ck_free_discs(cwi_story *st)
{
    for (size_t i = 0; i < st->discs.n; i++) free(st->discs.v[i].json);
    CWI_VEC_FREE(st->discs);
}

/* ---- Sentences: content keys and the story's entities in each --------------- */

typedef struct {
    uint64_t keys[SKEYS];
    uint8_t nk;
    uint8_t ne;
    int ents[MAX_SENT_ENTS];
} ssent;

typedef struct {
    cwi_story *st;
    ssent *s;          /* every article's sentences, one after another */
    size_t *first;     /* per article: its first entry in s; n+1 entries */
    uint64_t *df;      /* each sentence's distinct keys, sorted: document frequencies */
    size_t ndf;
    size_t total;      /* sentences */
} sents_t;

/* In how many of the story's sentences key appears. */
static size_t key_df(const sents_t *S, uint64_t key)
{
    size_t lo = 0, hi = S->ndf;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (S->df[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    size_t c = 0;
    while (lo + c < S->ndf && S->df[lo + c] == key) c++;
    return c;
}

/* Drops the keys that most of the story's sentences share (the story's
 * subject, "bill" in a story about a bill): they do not tell slots apart. */
static size_t drop_common(const sents_t *S, uint64_t *keys, size_t n)
{
    size_t limit = S->total / 10 > 3 ? S->total / 10 : 3, k = 0;
    for (size_t i = 0; i < n; i++)
        if (key_df(S, keys[i]) <= limit) keys[k++] = keys[i];
    return k;
}

static void sents_free(sents_t *S)
{
    free(S->df);
    free(S->s);
    free(S->first);
}

static cw_status sents_build(cwi_story *st, sents_t *S)
{
    memset(S, 0, sizeof *S);
    S->st = st;
    S->first = calloc(st->n + 1, sizeof *S->first);
    if (!S->first) return CW_ERR_NOMEM;
    size_t total = 0;
    for (size_t a = 0; a < st->n; a++) {
        S->first[a] = total;
        total += st->a[a].nsent;
    }
    S->first[st->n] = total;
    S->s = calloc(total + 1, sizeof *S->s);
    if (!S->s) return CW_ERR_NOMEM;
    for (size_t a = 0; a < st->n; a++) {
        const cwi_check_article *A = &st->a[a];
        for (size_t i = 0; i < A->nsent; i++) {
            ssent *x = &S->s[S->first[a] + i];
            x->nk = (uint8_t)cwi_ck_keys(st, A->text + A->sentences[i].start,
                                         A->sentences[i].end - A->sentences[i].start, x->keys, SKEYS);
        }
        for (size_t k = st->ment_first[a]; k < st->ment_first[a + 1]; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->alt) continue;
            const cwi_mention *mm = &A->facts->mentions.v[m->idx];
            if (mm->sent >= A->nsent || m->entity < 0) continue;
            const cwi_entity *E = &st->ents.v[m->entity];
            if (E->kind == CWI_ENT_OTHER) continue;
            ssent *x = &S->s[S->first[a] + mm->sent];
            bool dup = false;
            for (size_t q = 0; q < x->ne && !dup; q++) dup = x->ents[q] == m->entity;
            if (!dup && x->ne < MAX_SENT_ENTS) x->ents[x->ne++] = m->entity;
        }
    }
    S->total = total;
    S->df = malloc((total * SKEYS + 1) * sizeof *S->df);
    if (!S->df) return CW_ERR_NOMEM;
    for (size_t i = 0; i < total; i++)
        for (size_t k = 0; k < S->s[i].nk; k++) {
            bool dup = false;
            for (size_t q = 0; q < k && !dup; q++) dup = S->s[i].keys[q] == S->s[i].keys[k];
            if (!dup) S->df[S->ndf++] = S->s[i].keys[k];
        }
    cwi_sort_u64(S->df, S->ndf);
    return CW_OK;
}

static const ssent *sent_of(const sents_t *S, size_t art, uint32_t sent)
{
    if (sent >= S->st->a[art].nsent) return NULL;
    return &S->s[S->first[art] + sent];
}

static size_t shared_ents(const ssent *x, const ssent *y)
{
    size_t c = 0;
    for (size_t i = 0; i < x->ne; i++)
        for (size_t j = 0; j < y->ne; j++)
            if (x->ents[i] == y->ents[j]) {
                c++;
                break;
            }
    return c;
}

/* ---- Values: dates and figures with the words next to them ------------------- */

enum { V_DATE = 1, V_FIG, V_PLACE, V_AGE, V_TIME };
enum { P_NONE = 0, P_MORNING, P_AFTERNOON, P_EVENING }; /* parts of the day; night is evening's */
enum { G_DAY = 0, G_WEEK, G_MONTH, G_YEAR };

typedef struct {
    uint32_t art, sent;
    int group;
    uint8_t kind;
    cwi_span span;
    uint64_t near[NEAR];
    size_t nnear;
    /* dates */
    int gran;
    int32_t day, hi_day; /* the days it allows */
    int wday;            /* a weekday named without a date, else -1 */
    int part;            /* P_...: the part of the day named with it */
    bool late, early;    /* "Friday night", "late Friday"; "early Saturday" */
    bool unresolved;     /* that weekday, in an article with no date to resolve it against */
    /* figures */
    const cwi_figure *f;
    int year;            /* the one year its sentence names, 0 if none or several */
    double lo, hi, prec;
    char unit[32];
    int place;           /* places: the story entity; ages: the person */
    bool conflict;   /* taken into a difference */
} dval;

typedef CWI_VEC(dval) dvals;


/* Words that say who told, not what happened: a date or figure next to them
 * is when something was said, which outlets report of different statements. */
static const char *const REPORTING[] = {"said", "says", "announced", "announces", "announcing", "told", "tells",
                                        "reported", "reports", "wrote", "writes", "tweeted", "tweet", "statement",
                                        "interview", "spoke", "speaking", "added", "noted", "claimed", "asked",
                                        "according", "stated", "explained", "insisted", "confirmed", NULL};

static bool reporting_word(const char *p, size_t n)
{
    while (n && (p[n - 1] == ',' || p[n - 1] == '.' || p[n - 1] == ';' || p[n - 1] == ':')) n--;
    for (const char *const *w = REPORTING; *w; w++)
        if (cwi_word_eq(p, n, *w)) return true;
    return false;
}

/* Keys of the common words (not names, not numbers, not reporting verbs) of
 * bytes p..p+n. */
static size_t common_keys(cwi_story *st, const char *p, size_t n, uint64_t *keys, size_t cap)
{
    char buf[2 * NEAR_BYTES + 8];
    size_t k = 0, i = 0;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\n')) i++;
        size_t b = i;
        while (i < n && p[i] != ' ' && p[i] != '\n') i++;
        if (i == b || (p[b] >= 'A' && p[b] <= 'Z') || (p[b] >= '0' && p[b] <= '9') || reporting_word(p + b, i - b)) continue;
        if (k + (i - b) + 1 >= sizeof buf) break;
        memcpy(buf + k, p + b, i - b);
        k += i - b;
        buf[k++] = ' ';
    }
    return k ? cwi_ck_keys(st, buf, k, keys, cap) : 0;
}

/* Keys of the common words just before and just after a span, inside its
 * sentence: what the value is about ("will leave", "ends in"). Names count
 * apart, as the sentence's entities. */
static size_t near_keys(cwi_story *st, const cwi_check_article *A, uint32_t sent, cwi_span sp, uint64_t *keys)
{
    if (sent >= A->nsent) return 0;
    cwi_span s = A->sentences[sent];
    uint32_t b = sp.start > s.start + NEAR_BYTES ? sp.start - NEAR_BYTES : s.start;
    uint32_t e = sp.end + NEAR_BYTES < s.end ? sp.end + NEAR_BYTES : s.end;
    while (b > s.start && b < sp.start && ((unsigned char)A->text[b] & 0xC0) == 0x80) b--;
    while (e < s.end && e > sp.end && ((unsigned char)A->text[e] & 0xC0) == 0x80) e++;
    size_t k = 0;
    if (sp.start > b) k = common_keys(st, A->text + b, sp.start - b, keys, NEAR / 2);
    if (e > sp.end) k += common_keys(st, A->text + sp.end, e - sp.end, keys + k, NEAR - k);
    return k;
}

/* The precision a figure was given with: the unit of its last significant
 * digit (139,000,000 -> 1,000,000; 5.6 billion -> 100 million). */
static double precision_of(double v)
{
    v = fabs(v);
    if (v < 1e-9) return 1;
    double p = pow(10, floor(log10(v)));
    for (int i = 0; i < 12 && p > 1e-6; i++) {
        double r = v / p;
        if (fabs(r - floor(r + 0.5)) < 1e-6 * r) return p;
        p /= 10;
    }
    return p;
}

static void fig_interval(dval *x)
{
    const cwi_figure *f = x->f;
    double v = f->value, p = precision_of(v);
    if (f->in_words && p < v / 2) p = v / 2; /* "a fifth", "three" */
    x->prec = p;
    switch (f->qual) {
    case CWI_Q_EXACT: x->lo = v - p / 2, x->hi = v + p / 2; break;
    case CWI_Q_MORE:
    case CWI_Q_ATLEAST: x->lo = v, x->hi = v + p; break;
    case CWI_Q_LESS:
    case CWI_Q_NEARLY:
    case CWI_Q_UPTO: x->lo = v - p, x->hi = v; break;
    case CWI_Q_ABOUT: x->lo = v - p / 2, x->hi = v + p / 2; break; /* "some 16" is not 15 */
    default: x->lo = f->lo, x->hi = f->hi;
    }
}

static bool fig_compatible(const dval *x, const dval *y)
{
    double eps = 1e-9 * (fabs(x->f->value) + fabs(y->f->value) + 1);
    /* intervals that only touch ("15" and "some 16" at 15.5) do not meet */
    if (x->lo < y->hi - eps && y->lo < x->hi - eps) return true;
    if (x->lo == x->hi && y->lo == y->hi) return fabs(x->lo - y->lo) <= eps;
    /* an exact figure cut to a coarser one of two digits or more: "$43
     * million" for $43,885,310 (not "10" for 19) */
    if (x->f->qual == CWI_Q_EXACT && y->f->qual == CWI_Q_EXACT) {
        const dval *fine = x->prec < y->prec ? x : y, *coarse = fine == x ? y : x;
        double p = coarse->prec;
        if (fabs(coarse->f->value) / p < 9.5) return false;
        if (fabs(floor(fine->f->value / p + 1e-9) * p - coarse->f->value) <= eps) return true;
    }
    return false;
}

static bool clock_time(const cwi_figure *f)
{
    const char *u = f->unit_word;
    return !strcmp(u, "p.m.") || !strcmp(u, "a.m.") || !strcmp(u, "pm") || !strcmp(u, "am") || !strcmp(u, "p.m") ||
           !strcmp(u, "a.m");
}

bool cwi_ck_figures_agree(const cwi_figure *a, const cwi_figure *b)
{
    dval x, y;
    memset(&x, 0, sizeof x);
    memset(&y, 0, sizeof y);
    x.f = a, y.f = b;
    fig_interval(&x);
    fig_interval(&y);
    return fig_compatible(&x, &y);
}

/* Nouns outlets use for one counted thing: "16 measures" and "15 bills",
 * "19 actions" and "23 steps", "2,000 troops" and "1,800 soldiers". */
static const char *const THINGS[][6] = {
    {"bill", "measure", "proposal", "law", "legislation", NULL},
    {"action", "step", "measure", "order", "proposal", NULL},
    {"troop", "soldier", "forces", "servicemember", NULL, NULL},
    {"people", "person", "individual", "resident", "civilian", NULL},
    {"death", "fatalit", "dead", "killed", NULL, NULL},
    {"vote", "ballot", NULL, NULL, NULL, NULL},
    {"home", "house", "building", "residence", NULL, NULL},
    {"job", "position", "post", NULL, NULL, NULL},
    {"vessel", "ship", "boat", NULL, NULL, NULL},
    {"car", "vehicle", NULL, NULL, NULL, NULL},
};

static bool same_kind_of_thing(const char *a, const char *b)
{
    for (size_t g = 0; g < sizeof THINGS / sizeof *THINGS; g++) {
        bool ha = false, hb = false;
        for (size_t k = 0; k < 6 && THINGS[g][k]; k++) {
            size_t n = strlen(THINGS[g][k]);
            ha |= !strncmp(a, THINGS[g][k], n);
            hb |= !strncmp(b, THINGS[g][k], n);
        }
        if (ha && hb) return true;
    }
    return false;
}

static bool fig_comparable(const dval *x, const dval *y)
{
    const cwi_figure *a = x->f, *b = y->f;
    if (a->qual == CWI_Q_VAGUE || b->qual == CWI_Q_VAGUE) return false;
    if (a->unit != b->unit) {
        bool ca = a->unit == CWI_U_COUNT || a->unit == CWI_U_COMPOUND;
        bool cb = b->unit == CWI_U_COUNT || b->unit == CWI_U_COMPOUND;
        if (!ca || !cb) return false;
    }
    if (a->unit == CWI_U_MONEY && strcmp(a->unit_word, b->unit_word)) return false;
    /* counts of two named things ("six carries", "eight touchdowns") are two
     * facts, and so are a count of something and a bare number ("24km" read
     * bare, "13 miles") */
    bool counts = (a->unit == CWI_U_COUNT || a->unit == CWI_U_COMPOUND) && (b->unit == CWI_U_COUNT || b->unit == CWI_U_COMPOUND);
    if (counts && (a->unit != b->unit || !a->unit_word[0] != !b->unit_word[0] ||
                   (strncmp(a->unit_word, b->unit_word, 4) && !same_kind_of_thing(a->unit_word, b->unit_word))))
        return false;
    /* a clock time is compared with clock times only */
    if (clock_time(a) != clock_time(b)) return false;
    double va = fabs(a->value), vb = fabs(b->value);
    if (va <= 0 || vb <= 0) return false;
    double r = va > vb ? va / vb : vb / va;
    if (r > 1.5) return false; /* further apart, two quantities more often than one misstated */
    /* small counts ("two of the three") and bare years are not slots */
    if ((a->unit == CWI_U_COUNT || a->unit == CWI_U_COMPOUND) && (va < 3 || vb < 3)) return false;
    if (a->unit == CWI_U_COUNT && !a->unit_word[0] && va >= 1800 && va <= 2100 && va == floor(va)) return false;
    if (b->unit == CWI_U_COUNT && !b->unit_word[0] && vb >= 1800 && vb <= 2100 && vb == floor(vb)) return false;
    /* counts of different things, both named: "16 measures" and "15 bills"
     * may be one slot; "2,000 troops" and "1,500 civilians" never */
    return true;
}

/* A date as the interval of days it allows: a day, a week ("last week"; only
 * the days before the article's own for "earlier this week"), a month, a
 * year. */
static bool date_value(const cwi_check_article *A, int32_t anchor, bool have_anchor, const cwi_date *d, dval *x)
{
    int y, m, dd;
    bool own = cwi_parse_iso_date(A->published, &y, &m, &dd);
    int32_t ref = own ? cwi_days_from_civil(y, m, dd) : anchor;
    if (!own && !have_anchor && d->kind != CWI_D_FULL && d->kind != CWI_D_YEAR && !(d->kind == CWI_D_MONTH && d->y)) {
        /* no day to resolve against: a weekday is still a weekday */
        if (d->kind != CWI_D_WEEKDAY || d->m || d->wday < 0) return false;
        x->gran = G_DAY;
        x->unresolved = true;
        return true;
    }
    int32_t z;
    switch (d->kind) {
    case CWI_D_YEAR:
        if (!d->y) return false;
        x->gran = G_YEAR;
        x->day = cwi_days_from_civil(d->y, 1, 1);
        x->hi_day = cwi_days_from_civil(d->y, 12, 31);
        return true;
    case CWI_D_MONTH: {
        int ry = d->y;
        if (!ry) {
            int yy, mm, q;
            cwi_civil_from_days(ref, &yy, &mm, &q);
            ry = d->m > mm ? yy - 1 : yy;
        }
        x->gran = G_MONTH;
        x->day = cwi_days_from_civil(ry, d->m, 1);
        x->hi_day = (d->m == 12 ? cwi_days_from_civil(ry + 1, 1, 1) : cwi_days_from_civil(ry, d->m + 1, 1)) - 1;
        return true;
    }
    case CWI_D_RELWEEK:
    case CWI_D_WEEKEND:
        if (!cwi_date_resolve(d, ref, 0, &z)) return false;
        x->gran = G_WEEK;
        x->day = z - cwi_weekday(z);
        x->hi_day = x->day + 6;
        if (d->kind == CWI_D_RELWEEK && d->offset == 0 && d->span.end - d->span.start > 7 &&
            cwi_word_eq(A->text + d->span.start, 7, "earlier") && ref - 1 >= x->day)
            x->hi_day = ref - 1;
        return true;
    default:
        if (!cwi_date_resolve(d, ref, 0, &z)) return false;
        x->gran = G_DAY;
        x->day = x->hi_day = z;
        return true;
    }
}

/* Two dates agree when the days they allow meet. The same weekday named in
 * articles of different days is taken for one day: which week each means is
 * a guess from its publication. */
/* The night of one day and the early hours of the next are one night:
 * "Friday night" and "early Saturday", "late Friday" and "Saturday". */
static bool one_night(const dval *earlier, const dval *later)
{
    return earlier->late || later->early;
}

static bool date_equal(const dval *a, const dval *b)
{
    if (a->wday >= 0 && a->wday == b->wday) return true;
    if (a->wday >= 0 && b->wday >= 0 && !a->unresolved == !b->unresolved) {
        if ((a->wday + 1) % 7 == b->wday && one_night(a, b)) return true;
        if ((b->wday + 1) % 7 == a->wday && one_night(b, a)) return true;
    }
    if (a->gran == G_DAY && b->gran == G_DAY && !a->unresolved && !b->unresolved) {
        if (a->day + 1 == b->day && one_night(a, b)) return true;
        if (b->day + 1 == a->day && one_night(b, a)) return true;
    }
    if (a->unresolved || b->unresolved) {
        /* a weekday of an undated article: against another weekday, or the
         * weekday a resolved day falls on */
        const dval *u = a->unresolved ? a : b, *o = u == a ? b : a;
        if (o->unresolved) return u->wday == o->wday;
        if (o->gran != G_DAY) return true;
        return cwi_weekday(o->day) == u->wday;
    }
    return a->day <= b->hi_day && b->day <= a->hi_day;
}

static bool values_agree(const dval *a, const dval *b)
{
    if (a->kind == V_PLACE) return a->place == b->place;
    if (a->kind == V_AGE) return a->day == b->day;
    /* times of day are compared on one day only; another day is the date's difference */
    if (a->kind == V_TIME) return !date_equal(a, b) || a->part == b->part || !a->part || !b->part;
    return a->kind == V_DATE ? date_equal(a, b) : fig_compatible(a, b);
}

/* How strongly two values fill one slot: 0 when they do not. The words next
 * to them must share a stem; with one shared stem the sentences must also
 * share a person, place or organisation of the story and three content
 * stems. A year and a day are never one slot. */
/* Whether two persons' names share a word of four letters or more ("John
 * G. Roberts Jr." and "John Roberts"): perhaps one person whose two names the
 * entity list did not join. */
static bool same_surname(const cwi_entity *a, const cwi_entity *b)
{
    if (!a->canon_p || !b->canon_p) return false;
    for (size_t i = 0; i < a->canon_n;) {
        while (i < a->canon_n && a->canon_p[i] == ' ') i++;
        size_t w = i;
        while (i < a->canon_n && a->canon_p[i] != ' ') i++;
        size_t n = i - w;
        if (n < 4) continue;
        for (size_t j = 0; j + n <= b->canon_n; j++)
            if ((j == 0 || b->canon_p[j - 1] == ' ') && (j + n == b->canon_n || b->canon_p[j + n] == ' ') &&
                !memcmp(b->canon_p + j, a->canon_p + w, n))
                return true;
    }
    return false;
}

/* Whether both sentences name people and none of them is named in both:
 * then their figures are of different people ("Saarinen finished with 31
 * points", "Deluca finished with 24 points"). */
static bool other_people(const sents_t *S, const ssent *x, const ssent *y)
{
    size_t px = 0, py = 0;
    for (size_t i = 0; i < x->ne; i++) px += S->st->ents.v[x->ents[i]].kind == CWI_ENT_PERSON;
    for (size_t j = 0; j < y->ne; j++) py += S->st->ents.v[y->ents[j]].kind == CWI_ENT_PERSON;
    if (!px || !py) return false;
    for (size_t i = 0; i < x->ne; i++)
        for (size_t j = 0; j < y->ne; j++) {
            const cwi_entity *ex = &S->st->ents.v[x->ents[i]], *ey = &S->st->ents.v[y->ents[j]];
            if (ex->kind != CWI_ENT_PERSON || ey->kind != CWI_ENT_PERSON) continue;
            if (x->ents[i] == y->ents[j] || same_surname(ex, ey)) return false;
        }
    return true;
}

static int slot_score(const sents_t *S, const dval *a, const dval *b)
{
    /* a person's age is one slot wherever it is stated */
    if (a->kind == V_AGE) return a->place == b->place ? 20 : 0;
    if (a->kind == V_TIME && (!date_equal(a, b) || a->wday != b->wday)) return 0;
    if ((a->kind == V_DATE || a->kind == V_TIME) && (a->gran == G_YEAR) != (b->gran == G_YEAR)) return 0;
    /* figures of different years ("35.7 percent in 2014", "31.6 percent in
     * 2013") are different facts */
    if (a->kind == V_FIG && a->year && b->year && a->year != b->year) return 0;
    size_t nn = cwi_ck_overlap(a->near, a->nnear, b->near, b->nnear);
    if (nn < 1) return 0;
    const ssent *sa = sent_of(S, a->art, a->sent), *sb = sent_of(S, b->art, b->sent);
    if (!sa || !sb) return 0;
    if (a->kind == V_FIG && other_people(S, sa, sb)) return 0;
    size_t ns = cwi_ck_overlap(sa->keys, sa->nk, sb->keys, sb->nk);
    size_t ne = shared_ents(sa, sb);
    /* a word next to both that hardly any other sentence of the story uses
     * ("reaffirming the motto") names the slot by itself */
    size_t rare = 0;
    for (size_t i = 0; i < a->nnear; i++) {
        bool in_b = false;
        for (size_t j = 0; j < b->nnear && !in_b; j++) in_b = a->near[i] == b->near[j];
        if (in_b && key_df(S, a->near[i]) <= 3) rare++;
    }
    /* a year against a year, or dates of different precision ("last week",
     * "Monday"), name one slot only on stronger evidence: such pairs are
     * mostly two events */
    /* places are many in a story and most sentences name several: where an
     * event happened needs two words beside both and a shared entity */
    if (a->kind == V_PLACE) return nn >= 2 && ne >= 1 ? (int)(4 * nn + ns + 2 * ne) : 0;
    if (a->kind == V_DATE && a->gran == G_YEAR) return nn >= 2 && ne >= 1 && ns >= 4 ? (int)(4 * nn + ns + 2 * ne) : 0;
    if (a->kind == V_DATE && a->gran != b->gran)
        return nn >= 3 || (nn >= 2 && ns >= 5 && ne >= 1) ? (int)(4 * nn + ns + 2 * ne) : 0;
    bool ok = (nn >= 2 && (ne >= 1 || ns >= 4)) || (nn >= 1 && ne >= 1 && ns >= 3) || (rare >= 1 && ns >= 3) || (nn >= 1 && ns >= 6);
    return ok ? (int)(4 * nn + ns + 2 * ne) : 0;
}

static cw_status cite_form(cwi_buf *b, const cwi_check_article *A, cwi_span sp, uint32_t sent)
{
    CWI_TRY(cwi_buf_addc(b, '{'));
    CWI_TRY(cwi_ck_cite(b, A, sp));
    if (sent < A->nsent) CWI_TRY(cwi_buf_printf(b, ",\"sentence\":[%u,%u]", A->sentences[sent].start, A->sentences[sent].end));
    return cwi_buf_addc(b, '}');
}

/* One difference: the members of a slot split into sides of compatible
 * values; written with its forms and sides. */
static cw_status emit_value_disc(cwi_story *st, const sents_t *S, dval *v, const int *mem, size_t nm)
{
    (void)S;
    int side[64];
    int reps[16];
    size_t nside = 0;
    for (size_t i = 0; i < nm && i < 64; i++) {
        side[i] = -1;
        for (size_t q = 0; q < nside && side[i] < 0; q++)
            if (values_agree(&v[reps[q]], &v[mem[i]])) side[i] = (int)q;
        if (side[i] < 0 && nside < 16) reps[nside] = mem[i], side[i] = (int)nside++;
    }
    if (nm > 64) nm = 64;
    if (nside < 2) return CW_OK;
    /* an article on two sides states both: no conflict between those */
    const dval *r0 = &v[mem[0]];
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status rc = cwi_buf_adds(&b, "{\"what\":");
    if (!rc) {
        const cwi_check_article *A = &st->a[r0->art];
        cwi_span ss = r0->sent < A->nsent ? A->sentences[r0->sent] : r0->span;
        char *w;
        if (r0->kind == V_AGE)
            w = cwi_sprintf("how old %.*s is", (int)st->ents.v[r0->place].canon_n, st->ents.v[r0->place].canon_p);
        else if (r0->kind == V_DATE) w = cwi_sprintf("when: the date stated differently");
        else if (r0->kind == V_TIME) w = cwi_sprintf("what time: the time of day stated differently");
        else if (r0->kind == V_PLACE) w = cwi_sprintf("where: the place stated differently");
        else w = cwi_sprintf("how many: a figure stated differently");
        (void)ss;
        rc = w ? cwi_buf_json_str(&b, w, strlen(w)) : CW_ERR_NOMEM;
        free(w);
    }
    rc = rc ? rc : cwi_buf_printf(&b, ",\"kind\":\"%s\",\"forms\":[",
                                  r0->kind == V_DATE ? "date" : r0->kind == V_TIME ? "time" : r0->kind == V_PLACE ? "place" : r0->kind == V_AGE ? "age" : "figure");
    for (size_t i = 0; i < nm && rc == CW_OK; i++) {
        const dval *x = &v[mem[i]];
        if (i) rc = cwi_buf_addc(&b, ',');
        rc = rc ? rc : cite_form(&b, &st->a[x->art], x->span, x->sent);
    }
    rc = rc ? rc : cwi_buf_adds(&b, "],\"sides\":[");
    for (size_t q = 0; q < nside && rc == CW_OK; q++) {
        size_t arts[64], na = 0;
        for (size_t i = 0; i < nm; i++) {
            if (side[i] != (int)q) continue;
            bool seen = false;
            for (size_t k = 0; k < na && !seen; k++) seen = arts[k] == v[mem[i]].art;
            if (!seen) arts[na++] = v[mem[i]].art;
        }
        const dval *rep = &v[reps[q]];
        char iso[16] = "";
        if (rep->kind == V_DATE) {
            int y, m, d;
            cwi_civil_from_days(rep->day, &y, &m, &d);
            if (rep->gran <= G_WEEK) snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, m, d);
            else if (rep->gran == G_MONTH) snprintf(iso, sizeof iso, "%04d-%02d", y % 10000, m);
            else snprintf(iso, sizeof iso, "%04d", y % 10000);
        }
        if (q) rc = cwi_buf_addc(&b, ',');
        rc = rc ? rc : cwi_ck_side(&b, st, st->a[rep->art].text + rep->span.start, rep->span.end - rep->span.start,
                                   iso[0] && !rep->unresolved ? iso : NULL, arts, na);
    }
    rc = rc ? rc : cwi_buf_adds(&b, "]}");
    /* its figures are disputed: the figure table says so */
    for (size_t i = 0; i < nm && rc == CW_OK; i++)
        if (v[mem[i]].kind == V_FIG) rc = CWI_VEC_PUSH(st->taken, ((cwi_taken){v[mem[i]].art, v[mem[i]].span}));
    if (rc == CW_OK)
        rc = cwi_ck_add_disc(st, r0->kind == V_FIG || r0->kind == V_AGE ? CWI_W_FIGURE : r0->kind == V_DATE ? CWI_W_DATE
                                 : r0->kind == V_TIME ? CWI_W_TIME : CWI_W_PLACE, &b);
    cwi_buf_clean(&b);
    return rc;
}

/* The day relative dates of an article without its own date resolve against. */
static bool story_anchor(cwi_story *st, int32_t *out)
{
    bool have = false;
    for (size_t a = 0; a < st->n; a++) {
        int y, m, d;
        if (cwi_parse_iso_date(st->a[a].published, &y, &m, &d)) {
            int32_t z = cwi_days_from_civil(y, m, d);
            if (!have || z > *out) *out = z;
            have = true;
        }
    }
    return have;
}

/* An age right after a name: ", 33," or ", 33)" (0 when none). */
static int age_after(const cwi_check_article *A, uint32_t end, cwi_span *sp)
{
    const char *t = A->text;
    uint32_t p = end;
    if (p + 4 > A->len || t[p] != ',' || t[p + 1] != ' ') return 0;
    p += 2;
    uint32_t b = p;
    int v = 0;
    while (p < A->len && t[p] >= '0' && t[p] <= '9' && p - b < 3) v = v * 10 + (t[p++] - '0');
    if (p == b || p >= A->len || (t[p] != ',' && t[p] != ')') || v < 1 || v > 119) return 0;
    *sp = (cwi_span){b, p};
    return v;
}

/* An age right before a name: "32-year-old " (0 when none). */
static int age_before(const cwi_check_article *A, uint32_t start, cwi_span *sp)
{
    static const char SUFFIX[] = "-year-old ";
    size_t sl = sizeof SUFFIX - 1;
    const char *t = A->text;
    if (start < sl + 1 || memcmp(t + start - sl, SUFFIX, sl)) return 0;
    uint32_t e = start - (uint32_t)sl, b = e;
    while (b > 0 && t[b - 1] >= '0' && t[b - 1] <= '9' && e - b < 3) b--;
    if (b == e || (b > 0 && t[b - 1] != ' ' && t[b - 1] != '\n')) return 0;
    int v = 0;
    for (uint32_t q = b; q < e; q++) v = v * 10 + (t[q] - '0');
    if (v < 1 || v > 119) return 0;
    *sp = (cwi_span){b, start - 1};
    return v;
}

/* Whether mention k (of article a) is the first person its sentence names. */
static bool first_person_of_sentence(const cwi_story *st, size_t a, size_t k)
{
    const cwi_check_article *A = &st->a[a];
    uint32_t sent = A->facts->mentions.v[st->ments.v[k].idx].sent;
    for (size_t q = st->ment_first[a]; q < k; q++) {
        const cwi_smention *o = &st->ments.v[q];
        if (o->alt || o->entity < 0 || st->ents.v[o->entity].kind != CWI_ENT_PERSON) continue;
        if (A->facts->mentions.v[o->idx].sent == sent) return false;
    }
    return true;
}

/* An age told later in the sentence of the person it opens with: "died at
 * 91", "dies at 91", "aged 91", "was 95." closing the sentence (0 when none). */
static int age_later(const cwi_check_article *A, const cwi_mention *mm, cwi_span *sp)
{
    if (mm->sent >= A->nsent) return 0;
    cwi_span s = A->sentences[mm->sent];
    const char *t = A->text;
    static const char *const KEYS[] = {"died at ", "dies at ", "dead at ", "aged ", "was ", NULL};
    for (uint32_t p = mm->span.end; p + 4 < s.end; p++) {
        for (const char *const *k = KEYS; *k; k++) {
            size_t kl = strlen(*k);
            if (p + kl >= s.end || memcmp(t + p, *k, kl) || (p > 0 && t[p - 1] != ' ')) continue;
            uint32_t b = p + (uint32_t)kl, e = b;
            int v = 0;
            while (e < s.end && t[e] >= '0' && t[e] <= '9' && e - b < 3) v = v * 10 + (t[e++] - '0');
            if (e == b || v < 1 || v > 119) continue;
            /* "was 95." ends its sentence; "died at 91" is no clock time ("at 11 p.m.", "at 3:30") */
            bool end = e >= s.end || t[e] == '.' || t[e] == '\n';
            if (!strcmp(*k, "was ")) {
                if (!end) continue;
            } else if (e < s.end) {
                if (t[e] == ':' || (t[e] >= 'a' && t[e] <= 'z') || (t[e] >= 'A' && t[e] <= 'Z')) continue;
                if (t[e] == ' ' && e + 2 < s.end &&
                    (!memcmp(t + e, " a.m", 4) || !memcmp(t + e, " p.m", 4) || !memcmp(t + e, " am", 3) || !memcmp(t + e, " pm", 3) ||
                     !memcmp(t + e, " percent", 8) || !memcmp(t + e, " per", 4) || !memcmp(t + e, " o'clock", 8) ||
                     !memcmp(t + e, " minutes", 8) || !memcmp(t + e, " hours", 6) || !memcmp(t + e, " mph", 4)))
                    continue;
            }
            *sp = (cwi_span){b, e};
            return v;
        }
    }
    return 0;
}

/* A date that bounds a span rather than naming the day of an event: "since
 * April", "until Friday", "by Saturday", "before Monday". */
static bool relational(const cwi_check_article *A, cwi_span sp)
{
    static const char *const BOUNDS[] = {"since", "until", "till", "through", "by", "before", "after", NULL};
    if (cwi_ck_word_before(A->text, sp.start, BOUNDS)) return true;
    for (const char *const *w = BOUNDS; *w; w++)
        if (sp.end - sp.start > strlen(*w) && cwi_word_eq(A->text + sp.start, strlen(*w), *w)) return true;
    return false;
}

/* A date that opens a short line of its own ("May 03, 2013", "(14 October
 * 2011)") dates the article, not an event in it. */
static bool dateline(const cwi_check_article *A, cwi_span sp)
{
    /* "(14 October 2011)": a full date alone in brackets stamps the text */
    if (sp.start > 0 && sp.end < A->len && A->text[sp.start - 1] == '(' && A->text[sp.end] == ')') return true;
    if (sp.end > sp.start + 2 && A->text[sp.start] == '(' && A->text[sp.end - 1] == ')') return true;
    uint32_t b = sp.start;
    while (b > 0 && (A->text[b - 1] == ' ' || A->text[b - 1] == '(')) b--;
    if (b > 0 && A->text[b - 1] != '\n') return false;
    uint32_t e = sp.end;
    while (e < A->len && A->text[e] != '\n') e++;
    return e - b < 48;
}

/* The part of the day a date names, in its span or in the word after it
 * ("Saturday morning", "late on Friday", "Friday night"). */
static void day_part(const cwi_check_article *A, cwi_span sp, dval *x)
{
    uint32_t e = sp.end;
    /* one word after the span: "Tuesday night" when the date stopped at the day */
    uint32_t q = e;
    while (q < A->len && A->text[q] == ' ') q++;
    uint32_t w = q;
    while (q < A->len && ((A->text[q] >= 'a' && A->text[q] <= 'z') || (A->text[q] >= 'A' && A->text[q] <= 'Z'))) q++;
    if (q > w && q - w <= 9) e = q;
    uint32_t b = sp.start;
    /* "late Friday", "early on Saturday": up to two words before */
    for (int k = 0; k < 2 && b > 0; k++) {
        uint32_t r = b;
        while (r > 0 && A->text[r - 1] == ' ') r--;
        uint32_t l = r;
        while (l > 0 && ((A->text[l - 1] >= 'a' && A->text[l - 1] <= 'z') || (A->text[l - 1] >= 'A' && A->text[l - 1] <= 'Z'))) l--;
        if (l == r) break;
        if (cwi_word_eq(A->text + l, r - l, "late") || cwi_word_eq(A->text + l, r - l, "early")) {
            b = l;
            break;
        }
        if (!cwi_word_eq(A->text + l, r - l, "on")) break;
        b = l;
    }
    for (uint32_t i = b; i < e;) {
        while (i < e && !((A->text[i] >= 'a' && A->text[i] <= 'z') || (A->text[i] >= 'A' && A->text[i] <= 'Z'))) i++;
        uint32_t j = i;
        while (j < e && ((A->text[j] >= 'a' && A->text[j] <= 'z') || (A->text[j] >= 'A' && A->text[j] <= 'Z'))) j++;
        const char *p = A->text + i;
        size_t n = j - i;
        if (cwi_word_eq(p, n, "morning")) x->part = P_MORNING;
        else if (cwi_word_eq(p, n, "afternoon")) x->part = P_AFTERNOON;
        else if (cwi_word_eq(p, n, "evening") || cwi_word_eq(p, n, "night") || cwi_word_eq(p, n, "tonight")) x->part = P_EVENING, x->late = true;
        else if (cwi_word_eq(p, n, "late")) x->late = true;
        else if (cwi_word_eq(p, n, "early") || cwi_word_eq(p, n, "overnight")) x->early = true;
        i = j;
    }
}

static cw_status collect_values(cwi_story *st, const sents_t *S, dvals *out)
{
    int32_t anchor = 0;
    bool have_anchor = story_anchor(st, &anchor);
    for (size_t a = 0; a < st->n; a++) {
        const cwi_check_article *A = &st->a[a];
        if (!A->facts) continue;
        for (size_t i = 0; i < A->facts->dates.n && out->n < MAX_VALUES; i++) {
            const cwi_date *d = &A->facts->dates.v[i];
            dval x;
            memset(&x, 0, sizeof x);
            if (dateline(A, d->span) || relational(A, d->span) || !date_value(A, anchor, have_anchor, d, &x)) continue;
            x.wday = d->kind == CWI_D_WEEKDAY && !d->m ? d->wday : -1;
            x.art = (uint32_t)a, x.sent = d->sent, x.group = A->group, x.kind = V_DATE, x.span = d->span;
            x.nnear = drop_common(S, x.near, near_keys(st, A, d->sent, d->span, x.near));
            day_part(A, d->span, &x);
            CWI_TRY(CWI_VEC_PUSH(*out, x));
            /* its part of the day, compared with the parts others give that day */
            if (x.part && x.gran == G_DAY && out->n < MAX_VALUES) {
                x.kind = V_TIME;
                CWI_TRY(CWI_VEC_PUSH(*out, x));
            }
        }
        /* ages: "Reid, 33," and "the 32-year-old Klitschko" */
        for (size_t k = st->ment_first[a]; k < st->ment_first[a + 1] && out->n < MAX_VALUES; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->alt || m->entity < 0 || st->ents.v[m->entity].kind != CWI_ENT_PERSON) continue;
            const cwi_mention *mm = &A->facts->mentions.v[m->idx];
            cwi_span age;
            int years = age_after(A, mm->span.end, &age);
            if (!years) years = age_before(A, mm->span.start, &age);
            if (!years && first_person_of_sentence(st, a, k)) years = age_later(A, mm, &age);
            if (!years) continue;
            dval x;
            memset(&x, 0, sizeof x);
            x.art = (uint32_t)a, x.sent = mm->sent, x.group = A->group, x.kind = V_AGE, x.span = age;
            x.place = m->entity;
            x.day = years;
            CWI_TRY(CWI_VEC_PUSH(*out, x));
        }
        /* places where something happened: a place of the story after in/at */
        for (size_t k = st->ment_first[a]; k < st->ment_first[a + 1] && out->n < MAX_VALUES; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->alt || m->entity < 0 || st->ents.v[m->entity].kind != CWI_ENT_PLACE) continue;
            const cwi_mention *mm = &A->facts->mentions.v[m->idx];
            static const char *const AT[] = {"in", "at", NULL};
            if (mm->initial || !cwi_ck_word_before(A->text, mm->span.start, AT)) continue;
            /* "Manchester, N.H.": a place given with the region it lies in may
             * be the other article's region told more closely; not compared */
            if (mm->span.end + 2 < A->len && A->text[mm->span.end] == ',' && A->text[mm->span.end + 1] == ' ' &&
                A->text[mm->span.end + 2] >= 'A' && A->text[mm->span.end + 2] <= 'Z')
                continue;
            dval x;
            memset(&x, 0, sizeof x);
            x.art = (uint32_t)a, x.sent = mm->sent, x.group = A->group, x.kind = V_PLACE, x.span = mm->span;
            x.place = m->entity;
            x.nnear = drop_common(S, x.near, near_keys(st, A, mm->sent, mm->span, x.near));
            CWI_TRY(CWI_VEC_PUSH(*out, x));
        }
        for (size_t i = 0; i < A->facts->figures.n && out->n < MAX_VALUES; i++) {
            const cwi_figure *f = &A->facts->figures.v[i];
            dval x;
            memset(&x, 0, sizeof x);
            x.art = (uint32_t)a, x.sent = f->sent, x.group = A->group, x.kind = V_FIG, x.span = f->span, x.f = f;
            fig_interval(&x);
            for (size_t q = 0; q < A->facts->dates.n; q++) {
                const cwi_date *d = &A->facts->dates.v[q];
                if (d->sent != f->sent || !d->y) continue;
                x.year = x.year && x.year != d->y ? -1 : d->y;
            }
            if (x.year < 0) x.year = 0;
            size_t k = near_keys(st, A, f->sent, f->span, x.near);
            /* what is counted ("19 separate actions") says which slot it fills */
            k += common_keys(st, A->text + f->span.start, f->span.end - f->span.start, x.near + k, NEAR - k);
            x.nnear = drop_common(S, x.near, k);
            CWI_TRY(CWI_VEC_PUSH(*out, x));
        }
    }
    return CW_OK;
}

typedef struct {
    int i, j, score;
} cpair;

static int cpair_cmp(const void *x, const void *y)
{
    const cpair *a = x, *b = y;
    if (a->score != b->score) return b->score - a->score;
    if (a->i != b->i) return a->i - b->i;
    return a->j - b->j;
}

cw_status cwi_ck_diff_values(cwi_story *st)
{
    sents_t S;
    dvals v = {0};
    CWI_VEC(cpair) pairs = {0};
    cw_status rc = sents_build(st, &S);
    if (rc == CW_OK) rc = collect_values(st, &S, &v);
    size_t n = v.n;
    /* values already in a difference found by wording are not paired again */
    for (size_t i = 0; i < n; i++)
        if (cwi_ck_taken(st, v.v[i].art, v.v[i].span)) v.v[i].conflict = true;
    /* pairs of one slot from two groups; a conflict when the values cannot both hold */
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        for (size_t j = i + 1; j < n && rc == CW_OK; j++) {
            dval *a = &v.v[i], *b = &v.v[j];
            if (a->kind != b->kind || a->art == b->art || a->conflict || b->conflict) continue;
            if (a->kind == V_FIG && !fig_comparable(a, b)) continue;
            int sc = slot_score(&S, a, b);
            if (getenv("CWI_DIFF_DEBUG")) {
                const ssent *sa = sent_of(&S, a->art, a->sent), *sb = sent_of(&S, b->art, b->sent);
                fprintf(stderr, "DBG %d %.*s | %.*s nn=%zu ns=%zu ne=%zu sc=%d agree=%d\n", a->kind,
                        (int)(a->span.end - a->span.start), st->a[a->art].text + a->span.start,
                        (int)(b->span.end - b->span.start), st->a[b->art].text + b->span.start,
                        cwi_ck_overlap(a->near, a->nnear, b->near, b->nnear),
                        sa && sb ? cwi_ck_overlap(sa->keys, sa->nk, sb->keys, sb->nk) : 0, sa && sb ? shared_ents(sa, sb) : 0, sc,
                        values_agree(a, b));
            }
            if (!sc) continue;
            st->compared++;
            if (values_agree(a, b)) continue;
            /* a value the other article also states in this slot is no conflict */
            bool both = false;
            for (size_t k = 0; k < n && !both; k++) {
                const dval *c = &v.v[k];
                if (k == i || k == j || c->kind != a->kind) continue;
                if (c->kind == V_FIG && (!fig_comparable(c, a) || !fig_comparable(c, b))) continue;
                if (c->art == b->art && values_agree(c, a) && slot_score(&S, a, c)) both = true;
                if (c->art == a->art && values_agree(c, b) && slot_score(&S, b, c)) both = true;
            }
            if (both) continue;
            rc = CWI_VEC_PUSH(pairs, ((cpair){(int)i, (int)j, sc}));
        }
    }
    if (pairs.n > 1) qsort(pairs.v, pairs.n, sizeof *pairs.v, cpair_cmp);
    /* the strongest pairs first, each value in one difference; the values of
     * other articles that agree with one side in the same slot join it */
    for (size_t p = 0; p < pairs.n && rc == CW_OK; p++) {
        dval *a = &v.v[pairs.v[p].i], *b = &v.v[pairs.v[p].j];
        if (a->conflict || b->conflict) continue;
        a->conflict = b->conflict = true;
        int mem[64];
        size_t nm = 0;
        mem[nm++] = pairs.v[p].i;
        mem[nm++] = pairs.v[p].j;
        for (size_t k = 0; k < n && nm < 64; k++) {
            dval *c = &v.v[k];
            if (c->conflict || c->kind != a->kind || c->art == a->art || c->art == b->art) continue;
            /* a figure joins a side only when it counts what both sides count */
            if (c->kind == V_FIG && (!fig_comparable(c, a) || !fig_comparable(c, b))) continue;
            if ((values_agree(c, a) && slot_score(&S, a, c)) || (values_agree(c, b) && slot_score(&S, b, c))) {
                c->conflict = true;
                mem[nm++] = (int)k;
            }
        }
        rc = emit_value_disc(st, &S, v.v, mem, nm);
    }
    CWI_VEC_FREE(pairs);
    CWI_VEC_FREE(v);
    sents_free(&S);
    return rc;
}

