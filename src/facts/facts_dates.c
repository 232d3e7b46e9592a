/*
 * facts_dates: absolute dates ("December 2, 2025", "2 December 2025",
 * "Dec. 2", "2025-12-02", "(December 2)"), months and years mentioned in
 * passing, and relative dates ("on Tuesday", "Monday evening", "last week",
 * "yesterday", "over the weekend"), resolved against the published date when
 * the article has one (cwi_date_resolve), else left for the check stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/facts_int.h"

static bool number_in(const cwi_fx *fx, size_t i, int lo, int hi, int *v)
{
    if (i >= fx->tok.n || fx->tok.v[i].kind != CWI_TOK_NUMBER) return false;
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    if (n > 4) return false;
    int x = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] < '0' || p[k] > '9') return false;
        x = x * 10 + (p[k] - '0');
    }
    if (x < lo || x > hi) return false;
    *v = x;
    return true;
}

/* Ordinal suffix after a day: "2nd" is tokenised as 2 + "nd". */
static size_t skip_ordinal(const cwi_fx *fx, size_t i)
{
    if (i < fx->tok.n && cwi_fx_in(fx, i, (const char *const[]){"st", "nd", "rd", "th", NULL}) &&
        fx->tok.v[i].span.start == fx->tok.v[i - 1].span.end)
        return i + 1;
    return i;
}

/* A month-day date at token i ("December 2", "Dec. 2, 2025", "2 December 2025");
 * fills d and returns the token after it, or i when there is none. */
static size_t month_day(const cwi_fx *fx, size_t i, size_t lim, cwi_date *d)
{
    int m, day, y;
    if (i < lim && fx->tok.v[i].kind == CWI_TOK_WORD && (m = cwi_fx_month(cwi_fx_p(fx, i), cwi_fx_n(fx, i)))) {
        size_t k = i + 1;
        bool abbrev = cwi_fx_n(fx, i) <= 4;
        if (abbrev && cwi_fx_punct(fx, k, ".")) k++;
        if (cwi_word_eq(cwi_fx_p(fx, i), cwi_fx_n(fx, i), "may") && !fx->tok.v[i].upper) return i;
        if (k < lim && number_in(fx, k, 1, 31, &day)) {
            k = skip_ordinal(fx, k + 1);
            d->m = (int8_t)m;
            d->d = (int8_t)day;
            d->kind = CWI_D_MONTHDAY;
            size_t end = k;
            if (k + 1 < lim && cwi_fx_punct(fx, k, ",") && number_in(fx, k + 1, 1800, 2200, &y)) {
                d->y = (int16_t)y;
                d->kind = CWI_D_FULL;
                end = k + 2;
            } else if (k < lim && number_in(fx, k, 1800, 2200, &y)) {
                d->y = (int16_t)y;
                d->kind = CWI_D_FULL;
                end = k + 1;
            }
            d->span.start = fx->tok.v[i].span.start;
            d->span.end = fx->tok.v[end - 1].span.end;
            return end;
        }
        if (k < lim && number_in(fx, k, 1800, 2200, &y)) {
            d->m = (int8_t)m;
            d->y = (int16_t)y;
            d->kind = CWI_D_MONTH;
            d->span.start = fx->tok.v[i].span.start;
            d->span.end = fx->tok.v[k].span.end;
            return k + 1;
        }
        return i;
    }
    if (i < lim && number_in(fx, i, 1, 31, &day)) {
        size_t k = skip_ordinal(fx, i + 1);
        if (cwi_fx_is(fx, k, "of")) k++;
        if (k < lim && fx->tok.v[k].kind == CWI_TOK_WORD && (m = cwi_fx_month(cwi_fx_p(fx, k), cwi_fx_n(fx, k))) &&
            fx->tok.v[k].upper) {
            size_t end = k + 1;
            if (cwi_fx_n(fx, k) <= 4 && cwi_fx_punct(fx, end, ".")) end++;
            d->m = (int8_t)m;
            d->d = (int8_t)day;
            d->kind = CWI_D_MONTHDAY;
            if (end < lim && number_in(fx, end, 1800, 2200, &y)) {
                d->y = (int16_t)y;
                d->kind = CWI_D_FULL;
                end++;
            }
            d->span.start = fx->tok.v[i].span.start;
            d->span.end = fx->tok.v[end - 1].span.end;
            return end;
        }
    }
    return i;
}

static const char *const FUTURE_CUES[] = {"will", "shall", "scheduled", "expected", "set", "plans", "planned",
                                          "due", "upcoming", "ahead", "to", NULL};

/* Whether the words before token i in its sentence point to the future. */
static int tense_before(const cwi_fx *fx, size_t s0, size_t i)
{
    for (size_t k = i; k-- > s0 && k + 14 > i;) {
        if (cwi_fx_in(fx, k, (const char *const[]){"will", "shall", "scheduled", "expected", "due", "upcoming",
                                                   "ahead", "next", "expect", "expects", "hope", "hopes", "plan",
                                                   "plans", "intend", "intends", "aim", "aims", NULL}))
            return 1;
        if (cwi_fx_in(fx, k, (const char *const[]){"said", "met", "was", "were", "had", "did", "told", "last",
                                                   "ago", "came", "went", NULL}))
            return -1;
    }
    (void)FUTURE_CUES;
    return 0;
}

static cw_status push_date(cwi_fx *fx, cwi_date *d)
{
    if (fx->out->dates.n >= CWI_FACTS_MAX_ITEMS) return CW_OK;
    if (fx->has_pub) {
        int32_t z;
        if (cwi_date_resolve(d, fx->pub_days, 0, &z)) {
            int y, m, dd;
            cwi_civil_from_days(z, &y, &m, &dd);
            if (y >= 0 && y <= 9999)
                snprintf(d->iso, sizeof d->iso, "%04u-%02u-%02u", (unsigned)y, (unsigned)m % 100u, (unsigned)dd % 100u);
        }
    }
    return CWI_VEC_PUSH(fx->out->dates, *d);
}

bool cwi_date_resolve(const cwi_date *d, int32_t ref, int year_hint, int32_t *out)
{
    int ry, rm, rd;
    cwi_civil_from_days(ref, &ry, &rm, &rd);
    int rw = cwi_weekday(ref);
    switch (d->kind) {
    case CWI_D_FULL:
        *out = cwi_days_from_civil(d->y, d->m, d->d);
        return true;
    case CWI_D_MONTHDAY: {
        int y = year_hint ? year_hint : ry;
        int32_t z = cwi_days_from_civil(y, d->m, d->d);
        if (!year_hint) {
            if (z > ref + 90) z = cwi_days_from_civil(y - 1, d->m, d->d);
            else if (z < ref - 275) z = cwi_days_from_civil(y + 1, d->m, d->d);
        }
        *out = z;
        return true;
    }
    case CWI_D_WEEKDAY: {
        int diff = (d->wday - rw + 7) % 7; /* days forward to that weekday */
        /* the day itself ("said on Tuesday" in Tuesday's paper), unless
         * "last" or "next" stands right before the weekday */
        if (d->tense > 0) *out = ref + (diff || d->tense < 2 ? diff : 7);
        else if (d->tense == -2 && diff == 0) *out = ref - 7;
        else *out = ref - (diff ? 7 - diff : 0);
        return true;
    }
    case CWI_D_RELDAY:
        *out = ref + d->offset;
        return true;
    case CWI_D_RELWEEK:
        *out = ref - rw + 7 * d->offset; /* the Monday of that week */
        return true;
    case CWI_D_WEEKEND: {
        int diff = (5 - rw + 7) % 7; /* to Saturday */
        *out = d->tense > 0 ? ref + diff : ref - ((rw - 5 + 7) % 7);
        return true;
    }
    default:
        return false;
    }
}

cw_status cwi_fx_dates(cwi_fx *fx)
{
    for (size_t s = 0; s < fx->nsent; s++) {
        size_t a = fx->sfirst[s], lim = fx->sfirst[s + 1];
        for (size_t i = a; i < lim;) {
            cwi_date d;
            memset(&d, 0, sizeof d);
            d.sent = (uint32_t)s;
            d.wday = -1;
            int y, mo, dd;
            const cwi_token *t = &fx->tok.v[i];
            /* ISO 2025-12-02 */
            if (number_in(fx, i, 1800, 2200, &y) && cwi_fx_n(fx, i) == 4 && i + 4 < lim &&
                cwi_fx_punct(fx, i + 1, "-") && number_in(fx, i + 2, 1, 12, &mo) && cwi_fx_punct(fx, i + 3, "-") &&
                number_in(fx, i + 4, 1, 31, &dd) && fx->tok.v[i + 4].span.start == fx->tok.v[i + 3].span.end &&
                fx->tok.v[i + 1].span.start == t->span.end) {
                d.kind = CWI_D_FULL;
                d.y = (int16_t)y;
                d.m = (int8_t)mo;
                d.d = (int8_t)dd;
                d.span.start = t->span.start;
                d.span.end = fx->tok.v[i + 4].span.end;
                CWI_TRY(push_date(fx, &d));
                i += 5;
                continue;
            }
            size_t k = month_day(fx, i, lim, &d);
            if (k > i) {
                /* "(December 2)" keeps its brackets */
                if (i > a && cwi_fx_punct(fx, i - 1, "(") && cwi_fx_punct(fx, k, ")")) {
                    d.span.start = fx->tok.v[i - 1].span.start;
                    d.span.end = fx->tok.v[k].span.end;
                    k++;
                }
                CWI_TRY(push_date(fx, &d));
                i = k;
                continue;
            }
            int wd = t->kind == CWI_TOK_WORD && t->upper ? cwi_fx_weekday(cwi_fx_p(fx, i), cwi_fx_n(fx, i)) : -1;
            if (wd >= 0) {
                d.kind = CWI_D_WEEKDAY;
                d.wday = (int8_t)wd;
                d.span = t->span;
                size_t e = i + 1;
                if (i > a && cwi_fx_in(fx, i - 1, (const char *const[]){"on", "last", "next", "this", "since",
                                                                        "by", "until", "from", "early", "late",
                                                                        NULL})) {
                    d.span.start = fx->tok.v[i - 1].span.start;
                    if (cwi_fx_is(fx, i - 1, "last")) d.tense = -2;
                    if (cwi_fx_is(fx, i - 1, "next")) d.tense = 2;
                }
                if (cwi_fx_in(fx, e, (const char *const[]){"morning", "afternoon", "evening", "night", NULL})) {
                    d.span.end = fx->tok.v[e].span.end;
                    e++;
                }
                /* "Tuesday (December 2)", "Tuesday, Dec. 2, 2025" */
                cwi_date inner;
                memset(&inner, 0, sizeof inner);
                size_t q = e;
                if (cwi_fx_punct(fx, q, "(") || cwi_fx_punct(fx, q, ",")) q++;
                size_t r = month_day(fx, q, lim, &inner);
                if (r > q) {
                    if (cwi_fx_punct(fx, e, "(") && cwi_fx_punct(fx, r, ")")) r++;
                    d.kind = inner.kind;
                    d.y = inner.y;
                    d.m = inner.m;
                    d.d = inner.d;
                    d.span.end = fx->tok.v[r - 1].span.end;
                    e = r;
                }
                if (!d.tense) d.tense = (int8_t)tense_before(fx, a, i);
                CWI_TRY(push_date(fx, &d));
                i = e;
                continue;
            }
            if (t->kind == CWI_TOK_WORD) {
                const char *p = cwi_fx_p(fx, i);
                size_t n = cwi_strip_possessive(p, cwi_fx_n(fx, i));
                int off = 99;
                if (cwi_word_eq(p, n, "yesterday")) off = -1;
                else if (cwi_word_eq(p, n, "today")) off = 0;
                else if (cwi_word_eq(p, n, "tomorrow")) off = 1;
                if (off != 99) {
                    d.kind = CWI_D_RELDAY;
                    d.offset = (int8_t)off;
                    d.span = t->span;
                    d.span.end = d.span.start + (uint32_t)n;
                    CWI_TRY(push_date(fx, &d));
                    i++;
                    continue;
                }
                int wk = cwi_word_eq(p, n, "last") ? -1 : cwi_word_eq(p, n, "next") ? 1 : cwi_word_eq(p, n, "this") ? 0 : 99;
                if (wk != 99 && cwi_fx_is(fx, i + 1, "week")) {
                    d.kind = CWI_D_RELWEEK;
                    d.offset = (int8_t)wk;
                    d.tense = (int8_t)wk;
                    d.span.start = t->span.start;
                    d.span.end = fx->tok.v[i + 1].span.end;
                    if (i > a && cwi_fx_in(fx, i - 1, (const char *const[]){"earlier", "later", NULL}))
                        d.span.start = fx->tok.v[i - 1].span.start;
                    CWI_TRY(push_date(fx, &d));
                    i += 2;
                    continue;
                }
                if (wk != 99 && cwi_fx_is(fx, i + 1, "weekend")) {
                    d.kind = CWI_D_WEEKEND;
                    d.tense = (int8_t)(wk ? wk : tense_before(fx, a, i));
                    d.span.start = t->span.start;
                    d.span.end = fx->tok.v[i + 1].span.end;
                    CWI_TRY(push_date(fx, &d));
                    i += 2;
                    continue;
                }
                if (cwi_word_eq(p, n, "over") && cwi_fx_is(fx, i + 1, "the") && cwi_fx_is(fx, i + 2, "weekend")) {
                    d.kind = CWI_D_WEEKEND;
                    d.tense = (int8_t)tense_before(fx, a, i);
                    d.span.start = t->span.start;
                    d.span.end = fx->tok.v[i + 2].span.end;
                    CWI_TRY(push_date(fx, &d));
                    i += 3;
                    continue;
                }
                /* "late November", "in November" */
                int m = cwi_fx_month(p, n);
                if (m && t->upper && !cwi_word_eq(p, n, "may") && i > a &&
                    cwi_fx_in(fx, i - 1, (const char *const[]){"late", "early", "mid", "in", "since", "until", "by", NULL})) {
                    d.kind = CWI_D_MONTH;
                    d.m = (int8_t)m;
                    d.span.start = fx->tok.v[i - 1].span.start;
                    d.span.end = t->span.end;
                    CWI_TRY(push_date(fx, &d));
                    i++;
                    continue;
                }
            }
            /* a year in passing: "in 2025", "since 2022" */
            if (number_in(fx, i, 1900, 2100, &y) && cwi_fx_n(fx, i) == 4 &&
                !(i > a && cwi_fx_punct(fx, i - 1, "$")) && !cwi_fx_punct(fx, i + 1, "%")) {
                d.kind = CWI_D_YEAR;
                d.y = (int16_t)y;
                d.span = t->span;
                CWI_TRY(push_date(fx, &d));
            }
            i++;
        }
    }
    return CW_OK;
}
