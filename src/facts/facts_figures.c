/*
 * facts_figures: numbers with their unit, their qualifier and the thing they
 * measure. Forms: "19%", "19 percent", "a fifth of", "one-fifth of", "half of",
 * "1.2 million", "$100 billion", "115,600 square kilometers"/"square km",
 * "28-point", "10-year", "600,000 troops", "four years", "hundreds of
 * thousands", "10-20", with "more than", "over", "nearly", "around", "about",
 * "approximately", "at least", "up to" and their kin. Numbers that are part of
 * a date (found first) are left alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_int.h"

typedef struct {
    const char *w;
    double v;
} wordval;

static const wordval FRACTIONS[] = {
    {"half", 50},        {"one-half", 50},     {"third", 100.0 / 3}, {"one-third", 100.0 / 3},
    {"two-thirds", 200.0 / 3}, {"quarter", 25}, {"one-quarter", 25},   {"three-quarters", 75},
    {"fifth", 20},       {"one-fifth", 20},    {"two-fifths", 40},   {"three-fifths", 60},
    {"sixth", 100.0 / 6}, {"one-sixth", 100.0 / 6}, {"tenth", 10},    {"one-tenth", 10},
    {"eighth", 12.5},    {"one-eighth", 12.5}, {NULL, 0}};

static const wordval NUMWORDS[] = {
    {"one", 1},     {"two", 2},       {"three", 3},     {"four", 4},     {"five", 5},     {"six", 6},
    {"seven", 7},   {"eight", 8},     {"nine", 9},      {"ten", 10},     {"eleven", 11},  {"twelve", 12},
    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17},
    {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},   {"thirty", 30},  {"forty", 40},   {"fifty", 50},
    {"sixty", 60},  {"seventy", 70},  {"eighty", 80},   {"ninety", 90},  {"hundred", 100}, {"dozen", 12},
    {NULL, 0}};

static const wordval SCALES[] = {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12},
                                 {"bn", 1e9},       {"mn", 1e6},      {"mln", 1e6},     {"k", 1e3},
                                 {"m", 1e6},        {"b", 1e9},       {NULL, 0}};

static double lookup(const wordval *t, const char *p, size_t n)
{
    for (; t->w; t++)
        if (cwi_word_eq(p, n, t->w)) return t->v;
    return 0;
}

static const char *const DURATIONS[] = {"year", "years", "month", "months", "week", "weeks", "day", "days",
                                        "hour", "hours", "decade", "decades", NULL};

double cwi_duration_years(const char *p, size_t n)
{
    if (n >= 4 && !strncasecmp(p, "year", 4)) return 1;
    if (n >= 5 && !strncasecmp(p, "month", 5)) return 1.0 / 12;
    if (n >= 4 && !strncasecmp(p, "week", 4)) return 7.0 / 365.25;
    if (n >= 3 && !strncasecmp(p, "day", 3)) return 1.0 / 365.25;
    if (n >= 4 && !strncasecmp(p, "hour", 4)) return 1.0 / 8766;
    if (n >= 6 && !strncasecmp(p, "decade", 6)) return 10;
    return 0;
}

/* unit_word of a duration: its unit's plural ("10-year" -> "years"). */
static void set_duration_word(cwi_figure *f, const char *p, size_t n)
{
    static const char *const PLURAL[] = {"years", "months", "weeks", "days", "hours", "decades"};
    for (size_t k = 0; k < sizeof PLURAL / sizeof *PLURAL; k++)
        if (n >= strlen(PLURAL[k]) - 1 && !strncasecmp(p, PLURAL[k], strlen(PLURAL[k]) - 1)) {
            strcpy(f->unit_word, PLURAL[k]);
            return;
        }
    strcpy(f->unit_word, "years");
}

/* The qualifier that ends just before token i: its first token in *start. */
static int qualifier(const cwi_fx *fx, size_t i, size_t a, size_t *start)
{
    static const struct {
        const char *w1, *w2;
        int q;
    } Q[] = {{"more", "than", CWI_Q_MORE},   {"over", NULL, CWI_Q_MORE},        {"above", NULL, CWI_Q_MORE},
             {"exceeding", NULL, CWI_Q_MORE}, {"less", "than", CWI_Q_LESS},  {"fewer", "than", CWI_Q_LESS},
             {"under", NULL, CWI_Q_LESS},    {"below", NULL, CWI_Q_LESS},       {"nearly", NULL, CWI_Q_NEARLY},
             {"almost", NULL, CWI_Q_NEARLY}, {"close", "to", CWI_Q_NEARLY},     {"around", NULL, CWI_Q_ABOUT},
             {"about", NULL, CWI_Q_ABOUT},   {"approximately", NULL, CWI_Q_ABOUT}, {"roughly", NULL, CWI_Q_ABOUT},
             {"some", NULL, CWI_Q_ABOUT},    {"estimated", NULL, CWI_Q_ABOUT},  {"approx", NULL, CWI_Q_ABOUT},
             {"least", NULL, CWI_Q_ATLEAST}, {"up", "to", CWI_Q_UPTO},        {"many", "as", CWI_Q_UPTO},
             {"much", "as", CWI_Q_UPTO},     {"vicinity", "of", CWI_Q_ABOUT}, {"region", "of", CWI_Q_ABOUT},
             {"order", "of", CWI_Q_ABOUT},   {"excess", "of", CWI_Q_MORE},     {"upwards", "of", CWI_Q_MORE},
             {NULL, NULL, 0}};
    for (int k = 0; Q[k].w1; k++) {
        if (Q[k].w2) {
            if (i >= a + 2 && cwi_fx_is(fx, i - 2, Q[k].w1) && cwi_fx_is(fx, i - 1, Q[k].w2)) {
                *start = i - 2;
                if (Q[k].q == CWI_Q_UPTO && cwi_fx_is(fx, i - 2, "many") && i >= a + 3 && cwi_fx_is(fx, i - 3, "as"))
                    *start = i - 3;
                if (Q[k].q == CWI_Q_UPTO && cwi_fx_is(fx, i - 2, "much") && i >= a + 3 && cwi_fx_is(fx, i - 3, "as"))
                    *start = i - 3;
                /* "in the vicinity of", "in excess of", "on the order of" */
                if (cwi_fx_is(fx, i - 1, "of") && *start > a && cwi_fx_is(fx, *start - 1, "the")) (*start)--;
                if (cwi_fx_is(fx, i - 1, "of") && *start > a && cwi_fx_in(fx, *start - 1, (const char *const[]){"in", "on", NULL}))
                    (*start)--;
                return Q[k].q;
            }
        } else if (i >= a + 1 && cwi_fx_is(fx, i - 1, Q[k].w1)) {
            *start = i - 1;
            if (Q[k].q == CWI_Q_ATLEAST) {
                if (i >= a + 2 && cwi_fx_is(fx, i - 2, "at")) *start = i - 2;
                else continue;
            }
            if (i >= a + 2 && cwi_fx_in(fx, *start - 1, (const char *const[]){"just", "an", "well", NULL}))
                (*start)--;
            return Q[k].q;
        }
    }
    *start = i;
    return CWI_Q_EXACT;
}

static void interval(cwi_figure *f)
{
    double v = f->value;
    switch (f->qual) {
    case CWI_Q_MORE: f->lo = v; f->hi = v * 1.15; break;
    case CWI_Q_LESS: f->lo = v * 0.85; f->hi = v; break;
    case CWI_Q_ABOUT: f->lo = v * 0.9; f->hi = v * 1.1; break;
    case CWI_Q_NEARLY: f->lo = v * 0.9; f->hi = v; break;
    case CWI_Q_ATLEAST: f->lo = v; f->hi = v * 1.15; break;
    case CWI_Q_UPTO: f->lo = v * 0.5; f->hi = v; break;
    case CWI_Q_RANGE: case CWI_Q_VAGUE: break; /* set by the reader */
    default:
        if (f->in_words && f->unit == CWI_U_PERCENT) { f->lo = v * 0.9; f->hi = v * 1.1; }
        else { f->lo = f->hi = v; }
    }
}

static bool inside_date(const cwi_fx *fx, size_t i, size_t *dcur)
{
    const cwi_date *dv = fx->out->dates.v;
    size_t nd = fx->out->dates.n;
    uint32_t s = fx->tok.v[i].span.start;
    while (*dcur < nd && dv[*dcur].span.end <= s) (*dcur)++;
    return *dcur < nd && dv[*dcur].span.start <= s && s < dv[*dcur].span.end;
}

static bool is_lower_word(const cwi_fx *fx, size_t i)
{
    return i < fx->tok.n && fx->tok.v[i].kind == CWI_TOK_WORD && !fx->tok.v[i].upper;
}

static void set_unit_word(cwi_figure *f, const char *p, size_t n)
{
    size_t k = 0;
    for (; k < n && k + 1 < sizeof f->unit_word; k++) {
        char c = p[k];
        f->unit_word[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    f->unit_word[k] = 0;
}

/* A past participle by its ending: "killed", "wounded", "taken". */
static bool participle(const char *p, size_t n)
{
    return n > 3 && (!strncmp(p + n - 2, "ed", 2) || !strncmp(p + n - 2, "en", 2));
}

/* The measured thing after token i: "of [the] Ukrainian territory",
 * "have been killed or wounded"; returns its span or {0,0}. */
static cwi_span thing_after(const cwi_fx *fx, size_t i, size_t lim)
{
    cwi_span sp = {0, 0};
    if (i < lim && cwi_fx_is(fx, i, "of")) {
        size_t k = i + 1, last = 0;
        for (size_t c = 0; k < lim && c < 4; k++, c++) {
            if (fx->tok.v[k].kind != CWI_TOK_WORD) break;
            if (cwi_fx_function_word(cwi_fx_p(fx, k), cwi_fx_n(fx, k)) && !cwi_fx_is(fx, k, "the")) break;
            last = k;
        }
        if (last) {
            sp.start = fx->tok.v[i].span.start;
            sp.end = fx->tok.v[last].span.end;
        }
        return sp;
    }
    size_t k = i;
    while (k < lim && cwi_fx_in(fx, k, (const char *const[]){"have", "has", "had", "been", "were", "was", "are",
                                                            "is", "be", "being", "reportedly", "now", NULL}))
        k++;
    if (k > i && is_lower_word(fx, k)) {
        const char *p = cwi_fx_p(fx, k);
        size_t n = cwi_fx_n(fx, k);
        if (participle(p, n)) {
            size_t e = k; /* "killed or wounded", not "killed and nine" */
            if (cwi_fx_in(fx, k + 1, (const char *const[]){"or", "and", NULL}) && is_lower_word(fx, k + 2) &&
                participle(cwi_fx_p(fx, k + 2), cwi_fx_n(fx, k + 2)))
                e = k + 2;
            sp.start = fx->tok.v[k].span.start;
            sp.end = fx->tok.v[e].span.end;
        }
    }
    return sp;
}

/* Words before the figure: "casualties at", "the size of the army at". */
static cwi_span thing_before(const cwi_fx *fx, size_t start, size_t a)
{
    cwi_span sp = {0, 0};
    if (start <= a) return sp;
    size_t k = start - 1;
    if (!cwi_fx_in(fx, k, (const char *const[]){"at", "to", "by", "of", "reach", "reached", "totalled", "totaled",
                                                "numbered", "stood", "is", "was", "were", "are", NULL}))
        return sp;
    /* "in the vicinity of", "in excess of", "a total of": a qualifier, not the thing */
    if (cwi_fx_is(fx, k, "of") && k > a &&
        cwi_fx_in(fx, k - 1, (const char *const[]){"vicinity", "excess", "region", "order", "upwards", "upward",
                                                    "total", "tune", "neighborhood", "neighbourhood", "sum", "range",
                                                    "amount", "figure", "number", NULL}))
        return sp;
    size_t e = k;
    size_t b = e;
    while (b > a && b + 3 > e && is_lower_word(fx, b - 1) &&
           !cwi_fx_function_word(cwi_fx_p(fx, b - 1), cwi_fx_n(fx, b - 1)))
        b--;
    if (b == e) return sp;
    sp.start = fx->tok.v[b].span.start;
    sp.end = fx->tok.v[e - 1].span.end;
    return sp;
}

static double parse_number(const char *p, size_t n)
{
    char buf[64];
    size_t k = 0;
    for (size_t q = 0; q < n && k + 1 < sizeof buf; q++)
        if (p[q] != ',') buf[k++] = p[q];
    buf[k] = 0;
    return strtod(buf, NULL);
}

static cw_status push_figure(cwi_fx *fx, const cwi_figure *f)
{
    if (fx->out->figures.n < CWI_FACTS_MAX_ITEMS) CWI_TRY(CWI_VEC_PUSH(fx->out->figures, *f));
    return CW_OK;
}

/* A fraction in words at token i, worth fr percent: "a fifth of",
 * "one-fifth of", "half of"; not "a third time". Pushed when it is one. */
static cw_status fraction_figure(cwi_fx *fx, size_t i, size_t a, size_t lim, double fr, cwi_figure *f)
{
    const cwi_token *t = &fx->tok.v[i];
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    bool art = i > a && cwi_fx_in(fx, i - 1, (const char *const[]){"a", "one", NULL});
    bool hyph = memchr(p, '-', n) != NULL;
    bool half = cwi_word_eq(p, n, "half");
    if (!cwi_fx_is(fx, i + 1, "of") || !(art || hyph || half)) return CW_OK;
    if (half && i > a && cwi_fx_in(fx, i - 1, (const char *const[]){"first", "second", "latter", "other", NULL}))
        return CW_OK;
    f->value = fr;
    f->unit = CWI_U_PERCENT;
    f->in_words = 1;
    size_t qs;
    size_t st0 = art && !hyph ? i - 1 : i;
    f->qual = (uint8_t)qualifier(fx, st0, a, &qs);
    f->span.start = fx->tok.v[qs].span.start;
    f->span.end = t->span.end;
    f->what = thing_after(fx, i + 1, lim);
    strcpy(f->unit_word, "%");
    interval(f);
    return push_figure(fx, f);
}

static bool vague_word(const char *p, size_t n)
{
    return cwi_word_eq(p, n, "hundreds") || cwi_word_eq(p, n, "tens") || cwi_word_eq(p, n, "thousands") ||
           cwi_word_eq(p, n, "millions") || cwi_word_eq(p, n, "dozens");
}

/* "hundreds of thousands", "tens of thousands", "thousands of", "dozens of"
 * at token i (a vague_word): pushed when it is one, *last set to its last
 * token (i when it is none). */
static cw_status vague_figure(cwi_fx *fx, size_t i, size_t a, size_t lim, cwi_figure *f, size_t *last)
{
    const cwi_token *t = &fx->tok.v[i];
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    *last = i;
    double base = cwi_word_eq(p, n, "hundreds") ? 100 : cwi_word_eq(p, n, "tens") ? 10 :
                  cwi_word_eq(p, n, "thousands") ? 1000 : cwi_word_eq(p, n, "millions") ? 1e6 : 12;
    size_t e = i + 1;
    if (cwi_fx_is(fx, e, "of") && cwi_fx_in(fx, e + 1, (const char *const[]){"thousands", "millions", NULL})) {
        base *= cwi_fx_is(fx, e + 1, "thousands") ? 1000 : 1e6;
        e += 2;
    }
    if (e == i + 1 && !cwi_fx_is(fx, e, "of")) return CW_OK;
    f->qual = CWI_Q_VAGUE;
    f->lo = base * 2;
    f->hi = base * 10 - 1;
    f->value = base * 2;
    f->in_words = 1;
    f->span.start = t->span.start;
    f->span.end = fx->tok.v[e - 1].span.end;
    if (cwi_fx_is(fx, e, "of") && is_lower_word(fx, e + 1)) {
        set_unit_word(f, cwi_fx_p(fx, e + 1), cwi_fx_n(fx, e + 1));
        f->what = thing_after(fx, e, lim);
    }
    /* "the number of men killed ... in the hundreds of thousands" */
    if (!f->what.end) {
        for (size_t k = i; k-- > a && k + 12 > i;) {
            if (cwi_fx_is(fx, k, "number") && cwi_fx_is(fx, k + 1, "of")) {
                f->what.start = fx->tok.v[k + 1].span.start;
                size_t e2 = k + 2;
                while (e2 + 1 < i && is_lower_word(fx, e2 + 1) && e2 < k + 5) e2++;
                f->what.end = fx->tok.v[e2].span.end;
                break;
            }
        }
    }
    CWI_TRY(push_figure(fx, f));
    *last = e - 1;
    return CW_OK;
}

/* Where the words of one numeric figure lie: its sentence's tokens [a, lim),
 * the token it starts at (i: the currency sign when there is one), the
 * number (num), the first token after the number and its scale (after), the
 * first token after the unit (end) and the first word of the counted thing
 * (ustart). */
typedef struct {
    size_t a, lim, i, num, after, end, ustart;
    const char *cur; /* "USD", "EUR", "GBP" after a currency sign, else NULL */
    bool scaled;
} figread;

/* The "28-point", "10-year" compound after the number: its unit and the
 * noun it qualifies ("28-point peace plan", not "28-point draft leaked"). */
static void compound_unit(const cwi_fx *fx, cwi_figure *f, figread *r, double v)
{
    size_t after = r->after;
    const char *u = cwi_fx_p(fx, after + 1);
    size_t un = cwi_fx_n(fx, after + 1);
    double dy = cwi_duration_years(u, un);
    if (dy > 0) {
        f->unit = CWI_U_DURATION;
        set_duration_word(f, u, un);
        f->value = v * dy;
    } else {
        f->unit = CWI_U_COMPOUND;
        set_unit_word(f, u, un);
    }
    size_t end = after + 2;
    r->end = r->ustart = end;
    if (is_lower_word(fx, end) && !cwi_fx_function_word(cwi_fx_p(fx, end), cwi_fx_n(fx, end))) {
        size_t e2 = end;
        while (e2 + 1 < r->lim && e2 < end + 2 && is_lower_word(fx, e2 + 1) &&
               !cwi_fx_function_word(cwi_fx_p(fx, e2 + 1), cwi_fx_n(fx, e2 + 1)) &&
               !participle(cwi_fx_p(fx, e2 + 1), cwi_fx_n(fx, e2 + 1)))
            e2++;
        f->what.start = fx->tok.v[end].span.start;
        f->what.end = fx->tok.v[e2].span.end;
    }
}

/* The unit after the number and its scale (r->after), value v: money,
 * percent, percentage points, areas and lengths (converted to km2 and km),
 * compounds, durations, a counted noun. Sets r->end past the unit's words
 * (r->after when there is none) and r->ustart. */
static void read_unit(const cwi_fx *fx, cwi_figure *f, figread *r, double v)
{
    size_t after = r->after;
    r->end = r->ustart = after;
    if (r->cur) {
        f->unit = CWI_U_MONEY;
        strcpy(f->unit_word, r->cur);
    } else if (cwi_fx_punct(fx, after, "%") || cwi_fx_in(fx, after, (const char *const[]){"percent", "pct", NULL})) {
        f->unit = CWI_U_PERCENT;
        strcpy(f->unit_word, "%");
        r->end = after + 1;
    } else if (cwi_fx_is(fx, after, "per") && cwi_fx_is(fx, after + 1, "cent")) {
        f->unit = CWI_U_PERCENT;
        strcpy(f->unit_word, "%");
        r->end = after + 2;
    } else if (cwi_fx_is(fx, after, "percentage") && cwi_fx_in(fx, after + 1, (const char *const[]){"point", "points", NULL})) {
        f->unit = CWI_U_PPOINT;
        strcpy(f->unit_word, "pp");
        r->end = after + 2;
    } else if (cwi_fx_in(fx, after, (const char *const[]){"square", "sq", "sq.", NULL}) &&
               cwi_fx_in(fx, after + 1, (const char *const[]){"kilometers", "kilometres", "km", "kilometer",
                                                             "kilometre", "miles", "mile", "mi", "meters",
                                                             "metres", "m", NULL})) {
        const char *u = cwi_fx_p(fx, after + 1);
        size_t un = cwi_fx_n(fx, after + 1);
        if (u[0] == 'm' && un >= 2 && u[1] == 'i') v *= 2.589988;
        else if (u[0] == 'm') v /= 1e6;
        f->value = v;
        f->unit = CWI_U_AREA;
        strcpy(f->unit_word, "km2");
        r->end = after + 2;
    } else if (cwi_fx_in(fx, after, (const char *const[]){"km2", "km\xC2\xB2", NULL})) {
        f->unit = CWI_U_AREA;
        strcpy(f->unit_word, "km2");
        r->end = after + 1;
    } else if (cwi_fx_in(fx, after, (const char *const[]){"kilometers", "kilometres", "km", "miles", NULL})) {
        if (cwi_fx_is(fx, after, "miles")) f->value = v * 1.609344;
        f->unit = CWI_U_LENGTH;
        strcpy(f->unit_word, "km");
        r->end = after + 1;
    } else if (cwi_fx_in(fx, after, (const char *const[]){"dollars", "euros", "pounds", "rubles", "roubles", NULL})) {
        f->unit = CWI_U_MONEY;
        set_unit_word(f, cwi_fx_p(fx, after), cwi_fx_n(fx, after));
        if (cwi_fx_is(fx, after, "dollars")) strcpy(f->unit_word, "USD");
        if (cwi_fx_is(fx, after, "euros")) strcpy(f->unit_word, "EUR");
        r->end = after + 1;
    } else if (cwi_fx_punct(fx, after, "-") && is_lower_word(fx, after + 1) &&
               fx->tok.v[after].span.start == fx->tok.v[after - 1].span.end &&
               fx->tok.v[after + 1].span.start == fx->tok.v[after].span.end) {
        compound_unit(fx, f, r, v);
    } else if (cwi_fx_in(fx, after, DURATIONS)) {
        f->unit = CWI_U_DURATION;
        set_duration_word(f, cwi_fx_p(fx, after), cwi_fx_n(fx, after));
        f->value = v * cwi_duration_years(cwi_fx_p(fx, after), cwi_fx_n(fx, after));
        r->end = after + 1;
    } else if (is_lower_word(fx, after) && !cwi_fx_function_word(cwi_fx_p(fx, after), cwi_fx_n(fx, after))) {
        /* a counted noun: "600,000 troops", "28 peace proposals" */
        size_t e2 = after;
        if (is_lower_word(fx, after + 1) && !cwi_fx_function_word(cwi_fx_p(fx, after + 1), cwi_fx_n(fx, after + 1)) &&
            cwi_fx_n(fx, after + 1) > 2 && cwi_fx_p(fx, after + 1)[cwi_fx_n(fx, after + 1) - 1] == 's')
            e2 = after + 1;
        const char *u = cwi_fx_p(fx, e2);
        size_t un = cwi_fx_n(fx, e2);
        if (un > 2 && strncmp(u + un - 2, "ed", 2) && strncmp(u + un - 3, "ing", 3)) {
            f->unit = CWI_U_COUNT;
            set_unit_word(f, u, un);
            r->end = e2 + 1;
        }
    }
}

/* The measured thing of a numeric figure whose words end before r->end and
 * whose qualifier starts at token qs. */
static cwi_span figure_thing(const cwi_fx *fx, const cwi_figure *f, const figread *r, size_t qs)
{
    size_t end = r->end, lim = r->lim;
    cwi_span what;
    if (f->unit == CWI_U_PERCENT) what = thing_after(fx, end, lim);
    else if (f->unit_word[0] && f->unit == CWI_U_COUNT) {
        cwi_span th = thing_after(fx, end, lim);
        what = th.end ? th : fx->tok.v[end - 1].span;
        if (th.end) what.start = fx->tok.v[r->ustart].span.start;
    } else {
        what = thing_after(fx, end, lim);
        /* "$1 million in damage", "$3 billion in aid" */
        if (!what.end && f->unit == CWI_U_MONEY && cwi_fx_is(fx, end, "in") && is_lower_word(fx, end + 1) &&
            !cwi_fx_function_word(cwi_fx_p(fx, end + 1), cwi_fx_n(fx, end + 1)))
            what = fx->tok.v[end + 1].span;
    }
    if (!what.end) what = thing_before(fx, qs, r->a);
    return what;
}

/* A numeric figure read up to its number and scale (value v): its unit,
 * qualifier, interval and measured thing; pushed unless it is a bare number
 * with nothing around it. *last: the last token it covers (r->i when it is
 * not pushed). */
static cw_status finish_figure(cwi_fx *fx, cwi_figure *f, figread *r, double v, size_t *last)
{
    *last = r->i;
    read_unit(fx, f, r, v);
    size_t end = r->end, num = r->num;
    f->value = f->unit == CWI_U_DURATION || f->unit == CWI_U_AREA || f->unit == CWI_U_LENGTH ? f->value : v;
    bool has_unit = end > r->after || r->cur;
    size_t qs;
    size_t qpos = r->cur ? r->i : num;
    if (f->qual != CWI_Q_RANGE) f->qual = (uint8_t)qualifier(fx, qpos, r->a, &qs);
    else qs = qpos;
    /* a bare number with nothing around it is not a figure worth aligning */
    if (!has_unit && !r->scaled && f->qual == CWI_Q_EXACT) return CW_OK;
    if (!has_unit && f->in_words) return CW_OK;
    if (f->in_words && f->unit == CWI_U_COUNT && !f->unit_word[0]) return CW_OK;
    if (f->qual != CWI_Q_RANGE) {
        double keep = f->value;
        interval(f);
        f->value = keep;
    }
    f->span.start = fx->tok.v[qs].span.start;
    f->span.end = fx->tok.v[(end > num ? end : num + 1) - 1].span.end;
    if (!f->what.end) f->what = figure_thing(fx, f, r, qs);
    CWI_TRY(push_figure(fx, f));
    *last = (end > r->i + 1 ? end : r->i + 1) - 1;
    return CW_OK;
}

/* The currency a sign at token i stands for when a number follows it
 * without a space; NULL otherwise. */
static const char *currency_at(const cwi_fx *fx, size_t i, size_t lim)
{
    const cwi_token *t = &fx->tok.v[i];
    if (t->kind != CWI_TOK_PUNCT || i + 1 >= lim || fx->tok.v[i + 1].kind != CWI_TOK_NUMBER ||
        fx->tok.v[i + 1].span.start != t->span.end)
        return NULL;
    const char *p = cwi_fx_p(fx, i);
    if (*p == '$') return "USD";
    if (!strncmp(p, "\xE2\x82\xAC", 3)) return "EUR";
    if (!strncmp(p, "\xC2\xA3", 2)) return "GBP";
    return NULL;
}

cw_status cwi_fx_figures(cwi_fx *fx)
{
    size_t dcur = 0;
    for (size_t s = 0; s < fx->nsent; s++) {
        size_t a = fx->sfirst[s], lim = fx->sfirst[s + 1];
        for (size_t i = a; i < lim; i++) {
            const cwi_token *t = &fx->tok.v[i];
            cwi_figure f;
            memset(&f, 0, sizeof f);
            f.sent = (uint32_t)s;
            figread r = {a, lim, i, i, 0, 0, 0, NULL, false};
            double v = 0;
            if (t->kind == CWI_TOK_PUNCT && i + 1 < lim && fx->tok.v[i + 1].kind == CWI_TOK_NUMBER &&
                fx->tok.v[i + 1].span.start == t->span.end) {
                r.cur = currency_at(fx, i, lim);
                if (!r.cur) continue;
                r.num = i + 1;
            }
            size_t num = r.num;
            const cwi_token *nt = &fx->tok.v[num];
            if (nt->kind == CWI_TOK_NUMBER) {
                if (inside_date(fx, num, &dcur)) continue;
                if (memchr(cwi_fx_p(fx, num), ':', cwi_fx_n(fx, num))) continue;
                v = parse_number(cwi_fx_p(fx, num), cwi_fx_n(fx, num));
                r.after = num + 1;
                /* a range "10-20" */
                size_t after = r.after;
                if (cwi_fx_punct(fx, after, "-") && after + 1 < lim && fx->tok.v[after + 1].kind == CWI_TOK_NUMBER &&
                    fx->tok.v[after].span.start == nt->span.end &&
                    fx->tok.v[after + 1].span.start == fx->tok.v[after].span.end) {
                    double v2 = parse_number(cwi_fx_p(fx, after + 1), cwi_fx_n(fx, after + 1));
                    if (v2 > v) {
                        f.qual = CWI_Q_RANGE;
                        f.lo = v;
                        f.hi = v2;
                        r.after += 2;
                    }
                }
            } else if (t->kind == CWI_TOK_WORD) {
                const char *p = cwi_fx_p(fx, i);
                size_t n = cwi_fx_n(fx, i);
                double fr = lookup(FRACTIONS, p, n);
                if (fr > 0) {
                    CWI_TRY(fraction_figure(fx, i, a, lim, fr, &f));
                    continue;
                }
                if (vague_word(p, n)) {
                    size_t last;
                    CWI_TRY(vague_figure(fx, i, a, lim, &f, &last));
                    i = last;
                    continue;
                }
                v = lookup(NUMWORDS, p, n);
                if (v <= 0) continue;
                f.in_words = 1;
                r.after = i + 1;
            } else {
                continue;
            }
            /* scale */
            size_t after = r.after;
            double sc = after < lim && fx->tok.v[after].kind == CWI_TOK_WORD
                            ? lookup(SCALES, cwi_fx_p(fx, after), cwi_fx_n(fx, after)) : 0;
            if (sc > 0 && (cwi_fx_n(fx, after) > 2 || r.cur)) {
                v *= sc;
                if (f.qual == CWI_Q_RANGE) { f.lo *= sc; f.hi *= sc; }
                r.after++;
                r.scaled = true;
            }
            f.value = v;
            size_t last;
            CWI_TRY(finish_figure(fx, &f, &r, v, &last));
            i = last;
        }
    }
    return CW_OK;
}
