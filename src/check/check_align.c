/*
 * check_align: figures, dates, quotes, quote variants and discrepancies
 * across the articles of one story.
 *
 * Figures: two mentions are one figure when their units agree (or both are
 * counts of the same exact value), their intervals overlap, and they measure
 * the same thing (a shared content word in what they measure, or two in their
 * sentences). Two mentions whose intervals do not overlap are a conflict only
 * when they measure the same thing strongly (two shared words in what they
 * measure): "killed" and "killed or wounded" stay apart.
 *
 * Dates: the story's anchor day is, in order, a month-day whose weekday is
 * stated (its year: the year mentioned in the story in which that weekday
 * falls on it), the articles' own dates, the latest full date. Relative dates
 * are resolved against the article's own date, else the anchor.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_int.h"

#define KEYS 24
#define MAX_FIG 3000
#define MAX_QUOTES 3000
#define QWORDS 160

static cw_status sep(cwi_buf *b)
{
    return b->len ? cwi_buf_addc(b, ',') : CW_OK;
}

/* ---- Figures ---------------------------------------------------------------- */

typedef struct {
    uint32_t art, idx;
    const cwi_figure *f;
    uint64_t what[KEYS], ctx[KEYS];
    size_t nwhat, nctx;
    char unit[32];
    int parent;
} sfig;

static int ffind(sfig *v, int i)
{
    while (v[i].parent != i) i = v[i].parent = v[v[i].parent].parent;
    return i;
}

static bool overlap(const cwi_figure *a, const cwi_figure *b)
{
    double eps = 1e-9 * (fabs(a->value) + fabs(b->value) + 1);
    if (a->lo == a->hi && b->lo == b->hi) return fabs(a->value - b->value) <= 0.01 * fabs(a->value) + eps;
    return a->lo <= b->hi + eps && b->lo <= a->hi + eps;
}

static bool countish(const cwi_figure *f) { return f->unit == CWI_U_COUNT || f->unit == CWI_U_COMPOUND; }

static bool units_agree(const sfig *a, const sfig *b)
{
    if (!strcmp(a->unit, b->unit)) return true;
    if (countish(a->f) && countish(b->f)) {
        if (!a->f->unit_word[0] || !b->f->unit_word[0]) return true;
        if (a->f->qual != CWI_Q_VAGUE && b->f->qual != CWI_Q_VAGUE && a->f->value == b->f->value && a->f->value >= 13)
            return true;
    }
    return false;
}

static const char *const QUAL_NAMES[] = {"exact", "more than", "less than", "about", "nearly", "at least", "up to", "range", "vague"};
static const char *const UNIT_NAMES[] = {"count", "%", "percentage points", "money", "km2", "km", "years", "count"};

cw_status cwi_ck_emit_figures(cwi_story *st, cwi_buf *out)
{
    CWI_VEC(sfig) v = {0};
    cw_status rc = CW_OK;
    for (size_t a = 0; a < st->n && rc == CW_OK; a++) {
        const cwi_check_article *A = &st->a[a];
        for (size_t i = 0; A->facts && i < A->facts->figures.n && v.n < MAX_FIG; i++) {
            sfig s;
            memset(&s, 0, sizeof s);
            s.art = (uint32_t)a;
            s.idx = (uint32_t)i;
            s.f = &A->facts->figures.v[i];
            s.parent = (int)v.n;
            if (s.f->what.end > s.f->what.start)
                s.nwhat = cwi_ck_keys(st, A->text + s.f->what.start, s.f->what.end - s.f->what.start, s.what, KEYS);
            if (s.f->sent < A->nsent) {
                cwi_span ss = A->sentences[s.f->sent];
                s.nctx = cwi_ck_keys(st, A->text + ss.start, ss.end - ss.start, s.ctx, KEYS);
            }
            /* the sentence after helps bare figures ("at over 1.2 million, though ...") */
            switch (s.f->unit) {
            case CWI_U_COUNT: snprintf(s.unit, sizeof s.unit, "n:%s", s.f->unit_word); break;
            case CWI_U_COMPOUND: snprintf(s.unit, sizeof s.unit, "c:%s", s.f->unit_word); break;
            case CWI_U_MONEY: snprintf(s.unit, sizeof s.unit, "%s", s.f->unit_word); break;
            default: snprintf(s.unit, sizeof s.unit, "%s", UNIT_NAMES[s.f->unit]);
            }
            rc = CWI_VEC_PUSH(v, s);
            if (rc) break;
        }
    }
    size_t n = v.n;
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        for (size_t j = i + 1; j < n; j++) {
            sfig *a = &v.v[i], *b = &v.v[j];
            if (!units_agree(a, b)) continue;
            size_t w = cwi_ck_overlap(a->what, a->nwhat, b->what, b->nwhat);
            size_t c = cwi_ck_overlap(a->ctx, a->nctx, b->ctx, b->nctx);
            bool exact_equal = a->f->value == b->f->value && a->f->qual == b->f->qual && a->f->value >= 13 &&
                               a->f->qual != CWI_Q_VAGUE;
            if (overlap(a->f, b->f)) {
                if (w >= 1 || c >= 3 || (exact_equal && c >= 1) || (c >= 2 && (!a->nwhat || !b->nwhat)))
                    v.v[ffind(v.v, (int)i)].parent = ffind(v.v, (int)j);
            }
        }
    }
    /* one item per cluster, in order of first mention */
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        int r = ffind(v.v, (int)i);
        bool first = true;
        for (size_t k = 0; k < i; k++)
            if (ffind(v.v, (int)k) == r) first = false;
        if (!first) continue;
        /* agreement over every pair, groups, articles */
        bool agree = true;
        uint64_t groups[64];
        size_t ng = 0;
        const sfig *best = &v.v[i];
        for (size_t k = i; k < n; k++) {
            if (ffind(v.v, (int)k) != r) continue;
            for (size_t q = k + 1; q < n; q++)
                if (ffind(v.v, (int)q) == r && (!overlap(v.v[k].f, v.v[q].f) || !cwi_ck_figures_agree(v.v[k].f, v.v[q].f)))
                    agree = false;
            uint64_t g = (uint64_t)(int64_t)st->a[v.v[k].art].group;
            bool seen = false;
            for (size_t q = 0; q < ng && !seen; q++) seen = groups[q] == g;
            if (!seen && ng < 64) groups[ng++] = g;
            if (!best->nwhat && v.v[k].nwhat) best = &v.v[k];
        }
        /* a figure one of the story's differences holds is disputed, even
         * where the articles of this row agree among themselves */
        for (size_t k = i; k < n && agree; k++)
            if (ffind(v.v, (int)k) == r && cwi_ck_taken(st, v.v[k].art, v.v[k].f->span)) agree = false;
        const cwi_check_article *BA = &st->a[best->art];
        rc = sep(out);
        rc = rc ? rc : cwi_buf_adds(out, "{\"what\":");
        if (!rc) {
            cwi_span w = best->f->what.end > best->f->what.start ? best->f->what : best->f->span;
            rc = cwi_buf_json_str(out, BA->text + w.start, w.end - w.start);
        }
        rc = rc ? rc : cwi_buf_adds(out, ",\"unit\":");
        bool worded = best->f->unit == CWI_U_COUNT || best->f->unit == CWI_U_COMPOUND ||
                      best->f->unit == CWI_U_MONEY || best->f->unit == CWI_U_DURATION;
        const char *u = worded ? best->f->unit_word : UNIT_NAMES[best->f->unit];
        /* durations are compared in years and shown in the unit the row's
         * first figure was stated in (48 hours, not 0.0055 years) */
        double per = 1;
        if (best->f->unit == CWI_U_DURATION && cwi_duration_years(u, strlen(u)) > 0)
            per = cwi_duration_years(u, strlen(u));
        rc = rc ? rc : cwi_buf_json_str(out, u, strlen(u));
        /* agreement needs two articles that state the figure; one that only
         * one article states is shown as such, never as agreeing */
        size_t narts = 0;
        for (size_t k = i; k < n; k++) {
            if (ffind(v.v, (int)k) != r) continue;
            bool seen = false;
            for (size_t q = i; q < k && !seen; q++) seen = ffind(v.v, (int)q) == r && v.v[q].art == v.v[k].art;
            narts += !seen;
        }
        const char *agree_s = narts < 2 ? "null" : agree ? "true" : "false";
        rc = rc ? rc : cwi_buf_printf(out, ",\"value\":%.10g,\"agree\":%s,\"single_source\":%s,\"independent_sources\":%zu,\"mentions\":[",
                                      best->f->value / per, agree_s, ng < 2 ? "true" : "false", ng);
        bool mf = true;
        for (size_t k = i; k < n && rc == CW_OK; k++) {
            if (ffind(v.v, (int)k) != r) continue;
            const sfig *s = &v.v[k];
            if (!mf) rc = cwi_buf_addc(out, ',');
            mf = false;
            rc = rc ? rc : cwi_buf_addc(out, '{');
            rc = rc ? rc : cwi_ck_cite(out, &st->a[s->art], s->f->span);
            rc = rc ? rc : cwi_buf_printf(out, ",\"value\":%.10g,\"low\":%.10g,\"high\":%.10g,\"qualifier\":\"%s\"}",
                                          s->f->value / per, s->f->lo / per, s->f->hi / per, QUAL_NAMES[s->f->qual]);
        }
        rc = rc ? rc : cwi_buf_adds(out, "]}");
    }
    CWI_VEC_FREE(v);
    return rc;
}

/* ---- Dates ------------------------------------------------------------------- */

typedef struct {
    int kind; /* 0 none, 1 weekday-aligned month-day, 2 published, 3 full date */
    int32_t day;
    size_t art;
    cwi_span span;
    size_t year_art; /* where the year came from, when from a passing mention */
    cwi_span year_span;
    bool year_passing;
} anchor_t;

static anchor_t find_anchor(cwi_story *st)
{
    anchor_t an;
    memset(&an, 0, sizeof an);
    /* years mentioned anywhere */
    int years[64];
    size_t yart[64];
    cwi_span yspan[64];
    size_t ny = 0;
    for (size_t a = 0; a < st->n; a++) {
        const cwi_facts *f = st->a[a].facts;
        for (size_t i = 0; f && i < f->dates.n && ny < 64; i++) {
            const cwi_date *d = &f->dates.v[i];
            if (d->y && (d->kind == CWI_D_YEAR || d->kind == CWI_D_MONTH || d->kind == CWI_D_FULL)) {
                years[ny] = d->y;
                yart[ny] = a;
                yspan[ny] = d->span;
                ny++;
            }
        }
    }
    for (size_t a = 0; a < st->n && an.kind != 1; a++) {
        const cwi_facts *f = st->a[a].facts;
        for (size_t i = 0; f && i < f->dates.n; i++) {
            const cwi_date *d = &f->dates.v[i];
            if (d->wday < 0 || !d->m || !d->d) continue;
            if (d->y) {
                int32_t z = cwi_days_from_civil(d->y, d->m, d->d);
                an = (anchor_t){1, z, a, d->span, 0, {0, 0}, false};
                break;
            }
            /* the latest mentioned year in which that weekday falls on that day */
            int besty = 0;
            size_t bi = 0;
            for (size_t k = 0; k < ny; k++) {
                int32_t z = cwi_days_from_civil(years[k], d->m, d->d);
                if (cwi_weekday(z) == d->wday && years[k] > besty) besty = years[k], bi = k;
            }
            if (besty) {
                an = (anchor_t){1, cwi_days_from_civil(besty, d->m, d->d), a, d->span, yart[bi], yspan[bi], true};
                break;
            }
        }
    }
    if (an.kind) return an;
    for (size_t a = 0; a < st->n; a++) {
        int y, m, d;
        if (cwi_parse_iso_date(st->a[a].published, &y, &m, &d)) {
            int32_t z = cwi_days_from_civil(y, m, d);
            if (!an.kind || z > an.day) an = (anchor_t){2, z, a, {0, 0}, 0, {0, 0}, false};
        }
    }
    if (an.kind) return an;
    for (size_t a = 0; a < st->n; a++) {
        const cwi_facts *f = st->a[a].facts;
        for (size_t i = 0; f && i < f->dates.n; i++) {
            const cwi_date *d = &f->dates.v[i];
            if (d->kind != CWI_D_FULL) continue;
            int32_t z = cwi_days_from_civil(d->y, d->m, d->d);
            if (!an.kind || z > an.day) an = (anchor_t){3, z, a, d->span, 0, {0, 0}, false};
        }
    }
    if (an.kind) return an;
    /* a month-day and the latest year in passing */
    int besty = 0;
    size_t bi = 0;
    for (size_t k = 0; k < ny; k++)
        if (years[k] > besty) besty = years[k], bi = k;
    for (size_t a = 0; a < st->n && besty; a++) {
        const cwi_facts *f = st->a[a].facts;
        for (size_t i = 0; f && i < f->dates.n; i++) {
            const cwi_date *d = &f->dates.v[i];
            if (d->kind != CWI_D_MONTHDAY) continue;
            return (anchor_t){4, cwi_days_from_civil(besty, d->m, d->d), a, d->span, yart[bi], yspan[bi], true};
        }
    }
    return an;
}

cw_status cwi_ck_emit_dates(cwi_story *st, cwi_buf *out)
{
    anchor_t an = find_anchor(st);
    cw_status rc = CW_OK;
    static const char *const AK[] = {"", "weekday and date stated together", "published date", "full date", "month-day with a year mentioned in passing"};
    for (size_t a = 0; a < st->n && rc == CW_OK; a++) {
        const cwi_check_article *A = &st->a[a];
        int y, m, d;
        bool own = cwi_parse_iso_date(A->published, &y, &m, &d);
        int32_t ref = own ? cwi_days_from_civil(y, m, d) : an.day;
        for (size_t i = 0; A->facts && i < A->facts->dates.n && rc == CW_OK; i++) {
            const cwi_date *dt = &A->facts->dates.v[i];
            char iso[16] = "";
            int32_t z;
            if (dt->kind == CWI_D_YEAR) snprintf(iso, sizeof iso, "%04d", dt->y % 10000);
            else if (dt->kind == CWI_D_MONTH && dt->y) snprintf(iso, sizeof iso, "%04d-%02d", dt->y % 10000, dt->m);
            else if (dt->kind == CWI_D_MONTH && (own || an.kind)) {
                int ry, rm, rd;
                cwi_civil_from_days(ref, &ry, &rm, &rd);
                snprintf(iso, sizeof iso, "%04d-%02d", (dt->m > rm ? ry - 1 : ry) % 10000, dt->m);
            } else if ((own || an.kind || dt->kind == CWI_D_FULL) && cwi_date_resolve(dt, ref, 0, &z)) {
                /* the anchor itself keeps the anchor's year */
                if (an.kind && a == an.art && dt->span.start == an.span.start) z = an.day;
                int ry, rm, rd;
                cwi_civil_from_days(z, &ry, &rm, &rd);
                snprintf(iso, sizeof iso, "%04d-%02d-%02d", ry % 10000, rm, rd);
            }
            rc = sep(out);
            rc = rc ? rc : cwi_buf_addc(out, '{');
            rc = rc ? rc : cwi_ck_cite(out, A, dt->span);
            rc = rc ? rc : cwi_buf_adds(out, ",\"date\":");
            rc = rc ? rc : (iso[0] ? cwi_buf_json_str(out, iso, strlen(iso)) : cwi_buf_adds(out, "null"));
            bool explicit_ = dt->kind == CWI_D_FULL || dt->kind == CWI_D_YEAR || (dt->kind == CWI_D_MONTH && dt->y);
            if (!rc && iso[0] && !explicit_) {
                if (own) {
                    rc = cwi_buf_adds(out, ",\"anchor\":{\"kind\":\"published date\",\"date\":");
                    rc = rc ? rc : cwi_buf_json_str(out, A->published, strlen(A->published));
                    rc = rc ? rc : cwi_buf_addc(out, '}');
                } else if (an.kind) {
                    rc = cwi_buf_printf(out, ",\"anchor\":{\"kind\":\"%s\",", AK[an.kind]);
                    if (an.kind == 2) {
                        rc = rc ? rc : cwi_buf_adds(out, "\"article\":");
                        rc = rc ? rc : cwi_buf_json_str(out, st->a[an.art].name, strlen(st->a[an.art].name));
                        rc = rc ? rc : cwi_buf_adds(out, ",\"text\":");
                        rc = rc ? rc : cwi_buf_json_str(out, st->a[an.art].published, strlen(st->a[an.art].published));
                    } else {
                        rc = rc ? rc : cwi_ck_cite(out, &st->a[an.art], an.span);
                    }
                    if (an.year_passing) {
                        rc = rc ? rc : cwi_buf_adds(out, ",\"year_from\":{");
                        rc = rc ? rc : cwi_ck_cite(out, &st->a[an.year_art], an.year_span);
                        rc = rc ? rc : cwi_buf_addc(out, '}');
                    }
                    rc = rc ? rc : cwi_buf_addc(out, '}');
                }
            }
            rc = rc ? rc : cwi_buf_addc(out, '}');
        }
    }
    return rc;
}

/* ---- Quotes and their variants ------------------------------------------------ */

typedef struct {
    uint32_t art;
    const cwi_quote *q;
    uint64_t keys[48];
    size_t nk;
    int parent;
    char *fold;
    uint64_t words[QWORDS]; /* the wording: folded words, apostrophes split, "okay" as "ok" */
    size_t nw;
} squote;

static int qfind(squote *v, int i)
{
    while (v[i].parent != i) i = v[i].parent = v[v[i].parent].parent;
    return i;
}

/* The speaker's canonical name, or the words naming the speaker. */
static cw_status speaker_json(cwi_story *st, size_t art, const cwi_quote *q, cwi_buf *out)
{
    const cwi_check_article *A = &st->a[art];
    if (q->speaker_mention >= 0) {
        int e = cwi_ck_entity_of(st, art, (size_t)q->speaker_mention);
        if (e >= 0 && st->ents.v[e].canon_p)
            return cwi_buf_json_str(out, st->ents.v[e].canon_p, st->ents.v[e].canon_n);
    }
    if (q->speaker.end > q->speaker.start) return cwi_buf_json_str(out, A->text + q->speaker.start, q->speaker.end - q->speaker.start);
    return cwi_buf_adds(out, "null");
}

/* A folded word in one spelling of English for both: "realised" and
 * "realized", "neighbourhood" and "neighborhood", "fibre" and "fiber",
 * "travelled" and "traveled" are one word of a quote. Returns the length. */
static size_t us_spelling(char *w, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        /* "is" before e, ed, es, ing, ation: "ize" */
        if (i > 1 && w[i] == 's' && w[i - 1] == 'i' && i + 1 < n && (w[i + 1] == 'e' || (w[i + 1] == 'i' && i + 2 < n && w[i + 2] == 'n') ||
                                                                 (w[i + 1] == 'a' && i + 2 < n && w[i + 2] == 't'))) {
            w[o++] = 'z';
            continue;
        }
        /* "our" inside a word of six letters or more: "or" */
        if (n >= 6 && i > 0 && w[i] == 'o' && i + 2 < n && w[i + 1] == 'u' && w[i + 2] == 'r') {
            w[o++] = 'o';
            i++; /* drop the u */
            continue;
        }
        /* a doubled l before e, ed, ing: one l */
        if (w[i] == 'l' && i + 1 < n && w[i + 1] == 'l' && i + 2 < n && (w[i + 2] == 'e' || w[i + 2] == 'i') && i > 2) {
            continue;
        }
        w[o++] = w[i];
    }
    /* "tre" at the end: "ter" */
    if (o > 4 && w[o - 3] == 't' && w[o - 2] == 'r' && w[o - 1] == 'e') w[o - 2] = 'e', w[o - 1] = 'r';
    return o;
}

/* The words of a quote as hashes: letters and digits folded to lower case,
 * any other byte a separator (so "don’t" and "don't" are one wording). */
static size_t quote_words(const char *p, size_t n, uint64_t *w, size_t cap)
{
    size_t k = 0, i = 0;
    char buf[64];
    while (i < n && k < cap) {
        size_t b = 0;
        /* "[President Barack] Obama": words an editor put in are not the speaker's */
        if (p[i] == '[') {
            const char *close = memchr(p + i, ']', n - i);
            if (close) {
                i = (size_t)(close - p) + 1;
                continue;
            }
        }
        while (i < n) {
            unsigned char c = (unsigned char)p[i];
            bool wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (c >= 0x80) {
                /* a multi-byte letter is part of the word; a curly quote or dash is not */
                bool punct = c == 0xE2 && i + 1 < n && (unsigned char)p[i + 1] == 0x80;
                if (punct) break;
                wc = true;
            }
            if (!wc) break;
            if (b + 1 < sizeof buf) buf[b++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
        }
        if (b) {
            /* one word however it is written: "okay" and "OK", "Sen." and "Senator" */
            static const char *const SAME[][2] = {{"okay", "ok"}, {"senator", "sen"}, {"representative", "rep"},
                                                  {"governor", "gov"}, {"general", "gen"}, {"president", "pres"},
                                                  {"percent", "%"}, {"mister", "mr"}};
            for (size_t q = 0; q < sizeof SAME / sizeof *SAME; q++)
                if (b == strlen(SAME[q][0]) && !memcmp(buf, SAME[q][0], b)) {
                    b = strlen(SAME[q][1]);
                    memcpy(buf, SAME[q][1], b);
                    break;
                }
            b = us_spelling(buf, b);
            w[k++] = cwi_hash64(buf, b, 3);
        } else {
            i++;
            while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80) i++;
        }
    }
    return k;
}

/* Two wordings of one statement differ in words, not only in where each
 * outlet began and ended its excerpt: the longest run of words they share
 * neither covers the shorter one nor reaches an end of both. */
static bool worded_differently(const squote *a, const squote *b)
{
    size_t best = 0, ia = 0, ib = 0;
    for (size_t i = 0; i < a->nw; i++)
        for (size_t j = 0; j < b->nw; j++) {
            size_t l = 0;
            while (i + l < a->nw && j + l < b->nw && a->words[i + l] == b->words[j + l]) l++;
            if (l > best) best = l, ia = i, ib = j;
        }
    size_t shorter = a->nw < b->nw ? a->nw : b->nw;
    /* a phrase of a few words ("act of terror", "act of hate") is a label, not a statement */
    if (shorter < 5 || best >= shorter) return false;
    bool starts = ia == 0 || ib == 0, ends = ia + best == a->nw || ib + best == b->nw;
    return !(starts && ends);
}

/* The person a quote is given to: an entity of the story, or -1. */
static int speaker_entity(cwi_story *st, const squote *q)
{
    if (q->q->speaker_mention < 0) return -1;
    /* named where the quote is given, not a pronoun or a role resolved backwards */
    const char *t = st->a[q->art].text;
    cwi_span sp = q->q->speaker;
    const cwi_mention *m = &st->a[q->art].facts->mentions.v[q->q->speaker_mention];
    if (sp.end <= sp.start || m->span.start < sp.start || m->span.end > sp.end) return -1;
    if (t[m->span.start] < 'A' || t[m->span.start] > 'Z') return -1;
    int e = cwi_ck_entity_of(st, q->art, (size_t)q->q->speaker_mention);
    if (e < 0 || st->ents.v[e].kind != CWI_ENT_PERSON || !st->ents.v[e].canon_p) return -1;
    char c = st->ents.v[e].canon_p[0];
    return c >= 'A' && c <= 'Z' ? e : -1;
}

/* The last word of an entity's canonical name. */
static void last_word(const cwi_entity *E, const char **p, size_t *n)
{
    size_t k = E->canon_n;
    while (k > 0 && E->canon_p[k - 1] != ' ') k--;
    *p = E->canon_p + k;
    *n = E->canon_n - k;
}

/* Two entities that may be one person the entity list did not join:
 * "Romney" and "Mitt Romney", "Mike" and "Michael Thibodeau". */
static bool maybe_same_person(const cwi_entity *a, const cwi_entity *b)
{
    const char *pa, *pb;
    size_t na, nb;
    last_word(a, &pa, &na);
    last_word(b, &pb, &nb);
    return na == nb && !strncasecmp(pa, pb, na);
}

/* One statement (the same words, or most of them) given to two different
 * people by two articles. Each pair of people is reported once. */
static cw_status speaker_differences(cwi_story *st, squote *v, size_t n)
{
    cw_status rc = CW_OK;
    int done[32][2];
    size_t nd = 0;
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        int ei = speaker_entity(st, &v[i]);
        if (ei < 0 || v[i].nk < 3) continue;
        for (size_t j = i + 1; j < n && rc == CW_OK; j++) {
            if (v[j].art == v[i].art) continue;
            int ej = speaker_entity(st, &v[j]);
            if (ej < 0 || ej == ei || maybe_same_person(&st->ents.v[ei], &st->ents.v[ej])) continue;
            size_t c = cwi_ck_overlap(v[i].keys, v[i].nk, v[j].keys, v[j].nk);
            size_t small = v[i].nk < v[j].nk ? v[i].nk : v[j].nk;
            if (c < 3 || c * 4 < small * 3) continue;
            bool seen = false;
            for (size_t q = 0; q < nd && !seen; q++)
                seen = (done[q][0] == ei && done[q][1] == ej) || (done[q][0] == ej && done[q][1] == ei);
            if (seen) continue;
            if (nd < 32) done[nd][0] = ei, done[nd][1] = ej, nd++;
            cwi_buf item;
            cwi_buf_init(&item, 0);
            rc = cwi_buf_adds(&item, "{\"what\":\"who said it: one statement given to two people\",\"kind\":\"speaker\",\"forms\":[");
            const squote *Q[2] = {&v[i], &v[j]};
            for (int k = 0; k < 2 && rc == CW_OK; k++) {
                const cwi_check_article *A = &st->a[Q[k]->art];
                if (k) rc = cwi_buf_addc(&item, ',');
                rc = rc ? rc : cwi_buf_addc(&item, '{');
                rc = rc ? rc : cwi_ck_cite(&item, A, Q[k]->q->speaker);
                rc = rc ? rc : cwi_buf_printf(&item, ",\"quote\":[%u,%u]}", Q[k]->q->span.start, Q[k]->q->span.end);
            }
            rc = rc ? rc : cwi_buf_adds(&item, "],\"sides\":[");
            for (int k = 0; k < 2 && rc == CW_OK; k++) {
                const cwi_entity *E = &st->ents.v[k ? ej : ei];
                size_t art = Q[k]->art;
                if (k) rc = cwi_buf_addc(&item, ',');
                rc = rc ? rc : cwi_ck_side(&item, st, E->canon_p, E->canon_n, NULL, &art, 1);
            }
            rc = rc ? rc : cwi_buf_adds(&item, "]}");
            rc = rc ? rc : cwi_ck_add_disc(st, CWI_W_SPEAKER, &item);
            cwi_buf_clean(&item);
        }
    }
    return rc;
}

cw_status cwi_ck_emit_quotes(cwi_story *st, cwi_buf *out, cwi_buf *variants)
{
    CWI_VEC(squote) v = {0};
    cw_status rc = CW_OK;
    for (size_t a = 0; a < st->n && rc == CW_OK; a++) {
        const cwi_check_article *A = &st->a[a];
        for (size_t i = 0; A->facts && i < A->facts->quotes.n && rc == CW_OK; i++) {
            const cwi_quote *q = &A->facts->quotes.v[i];
            rc = sep(out);
            rc = rc ? rc : cwi_buf_addc(out, '{');
            rc = rc ? rc : cwi_ck_cite(out, A, q->span);
            rc = rc ? rc : cwi_buf_adds(out, ",\"speaker\":");
            rc = rc ? rc : speaker_json(st, a, q, out);
            if (!rc && q->speaker.end > q->speaker.start) {
                rc = cwi_buf_adds(out, ",\"speaker_text\":");
                rc = rc ? rc : cwi_buf_json_str(out, A->text + q->speaker.start, q->speaker.end - q->speaker.start);
                rc = rc ? rc : cwi_buf_printf(out, ",\"speaker_span\":[%u,%u]", q->speaker.start, q->speaker.end);
            }
            rc = rc ? rc : cwi_buf_printf(out, ",\"partial\":%s}", q->partial ? "true" : "false");
            if (rc || v.n >= MAX_QUOTES) continue;
            squote s;
            memset(&s, 0, sizeof s);
            s.art = (uint32_t)a;
            s.q = q;
            s.parent = (int)v.n;
            s.nk = cwi_ck_keys(st, A->text + q->span.start, q->span.end - q->span.start, s.keys, 48);
            /* the wording without punctuation, to tell variants from copies */
            cwi_buf fb;
            cwi_buf_init(&fb, 1 << 20);
            for (uint32_t k = q->span.start; k < q->span.end; k++) {
                unsigned char c = (unsigned char)A->text[k];
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)
                    rc = cwi_buf_addc(&fb, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
                if (rc) break;
            }
            s.fold = cwi_buf_take(&fb);
            s.nw = quote_words(A->text + q->span.start, q->span.end - q->span.start, s.words, QWORDS);
            if (!s.fold) s.fold = cwi_strndup("", 0);
            rc = rc ? rc : CWI_VEC_PUSH(v, s);
        }
    }
    size_t n = v.n;
    for (size_t i = 0; i < n && rc == CW_OK; i++)
        for (size_t j = i + 1; j < n; j++) {
            squote *a = &v.v[i], *b = &v.v[j];
            if (a->art == b->art || !a->fold || !b->fold || !strcmp(a->fold, b->fold)) continue;
            size_t c = cwi_ck_overlap(a->keys, a->nk, b->keys, b->nk);
            size_t uni = a->nk + b->nk - c;
            if (c >= 2 && uni && c * 2 >= uni) v.v[qfind(v.v, (int)i)].parent = qfind(v.v, (int)j);
        }
    for (size_t i = 0; i < n && rc == CW_OK; i++) {
        int r = qfind(v.v, (int)i);
        size_t members = 0;
        bool first = true;
        for (size_t k = 0; k < n; k++)
            if (qfind(v.v, (int)k) == r) {
                members++;
                if (k < i) first = false;
            }
        if (!first || members < 2) continue;
        /* a variant needs two articles wording it differently */
        bool differs = false;
        for (size_t k = i; k < n && !differs; k++) {
            if (qfind(v.v, (int)k) != r) continue;
            for (size_t q = k + 1; q < n && !differs; q++)
                if (qfind(v.v, (int)q) == r && v.v[k].art != v.v[q].art)
                    differs = worded_differently(&v.v[k], &v.v[q]);
        }
        if (!differs) continue;
        rc = sep(variants);
        rc = rc ? rc : cwi_buf_adds(variants, "{\"speaker\":");
        /* the first member with a speaker names it */
        size_t sk = i;
        for (size_t k = i; k < n; k++)
            if (qfind(v.v, (int)k) == r && v.v[k].q->speaker.end > v.v[k].q->speaker.start) {
                sk = k;
                break;
            }
        rc = rc ? rc : speaker_json(st, v.v[sk].art, v.v[sk].q, variants);
        rc = rc ? rc : cwi_buf_adds(variants, ",\"forms\":[");
        bool ff = true;
        for (size_t k = i; k < n && rc == CW_OK; k++) {
            if (qfind(v.v, (int)k) != r) continue;
            if (!ff) rc = cwi_buf_addc(variants, ',');
            ff = false;
            rc = rc ? rc : cwi_buf_addc(variants, '{');
            rc = rc ? rc : cwi_ck_cite(variants, &st->a[v.v[k].art], v.v[k].q->span);
            rc = rc ? rc : cwi_buf_adds(variants, ",\"speaker\":");
            rc = rc ? rc : speaker_json(st, v.v[k].art, v.v[k].q, variants);
            rc = rc ? rc : cwi_buf_addc(variants, '}');
        }
        rc = rc ? rc : cwi_buf_adds(variants, "]}");
    }
    if (rc == CW_OK) rc = speaker_differences(st, v.v, n);
    for (size_t i = 0; i < n; i++) free(v.v[i].fold);
    CWI_VEC_FREE(v);
    return rc;
}

/* ---- Discrepancies ---------------------------------------------------------------- */

static const cwi_mention *smention(const cwi_story *st, const cwi_smention *m)
{
    return &st->a[m->art].facts->mentions.v[m->idx];
}

/* Two words that one name of the story holds both of ("Los Angeles Angels"):
 * two words, not two spellings of one. */
static bool words_of_one_name(const cwi_story *st, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    for (size_t f = 0; f < st->forms.n; f++) {
        const char *s = st->forms.v[f].fold;
        if (s && cwi_ck_has_word(s, a, na) && cwi_ck_has_word(s, b, nb)) return true;
    }
    return false;
}

/* The folded names a and b hold the same letters, punctuation aside. */
static bool same_letters(const char *a, const char *b)
{
    for (;;) {
        while (*a && !((*a >= 'a' && *a <= 'z') || (*a & 0x80))) a++;
        while (*b && !((*b >= 'a' && *b <= 'z') || (*b & 0x80))) b++;
        if (*a != *b) return false;
        if (!*a) return true;
        a++, b++;
    }
}

static size_t words_in(const char *fold)
{
    size_t n = 1;
    for (; *fold; fold++) n += *fold == ' ';
    return n;
}

/* Names: one entity spelled two ways (not a surname alone against the full
 * name, not an alternate name given in brackets). */
static cw_status name_discrepancies(cwi_story *st)
{
    cw_status rc = CW_OK;
    for (size_t e = 0; e < st->ents.n && rc == CW_OK; e++) {
        const cwi_entity *E = &st->ents.v[e];
        if (E->kind == CWI_ENT_OTHER || E->kind == CWI_ENT_ORG || !E->canon_p) continue;
        /* distinct forms of this entity, with their first mention */
        int forms[16];
        size_t fm[16];
        size_t nf = 0;
        for (size_t k = 0; k < st->ments.n && nf < 16; k++) {
            const cwi_smention *m = &st->ments.v[k];
            if (m->entity != (int)e || m->alt) continue;
            bool seen = false;
            for (size_t q = 0; q < nf && !seen; q++) seen = forms[q] == m->form;
            if (!seen) forms[nf] = m->form, fm[nf++] = k;
        }
        /* spellings: forms with the same number of words, or a single word
         * whose skeleton matches a different spelling of the last word */
        bool differs[16] = {0};
        size_t nd = 0;
        for (size_t i = 0; i < nf; i++)
            for (size_t j = i + 1; j < nf; j++) {
                const cwi_form *a = &st->forms.v[forms[i]], *b = &st->forms.v[forms[j]];
                bool spell = false;
                if (a->ntok == b->ntok && a->ntok >= 2) spell = true;
                else if (a->ntok == 1 && b->ntok == 1) spell = true;
                if (!spell) continue;
                /* both must have been linked by spelling, not by a bracketed alternate */
                if (strcmp(a->skel, b->skel) && strcmp(a->last, b->last)) continue;
                if (a->ntok == 1 && words_of_one_name(st, a->fold, b->fold)) continue;
                /* the same letters ("U.S."/"US") or one more word ("Harold Benn
                 * Jr"/"Harold Benn") are no other spelling */
                if (same_letters(a->fold, b->fold) || words_in(a->fold) != words_in(b->fold)) continue;
                if (!differs[i]) differs[i] = true, nd++;
                if (!differs[j]) differs[j] = true, nd++;
            }
        if (nd < 2) continue;
        cwi_buf item;
        cwi_buf_init(&item, 0);
        cwi_buf *disc = &item;
        rc = cwi_buf_adds(disc, "{\"what\":");
        char *w = cwi_sprintf("spelling of %.*s", (int)E->canon_n, E->canon_p);
        rc = rc ? rc : (w ? cwi_buf_json_str(disc, w, strlen(w)) : CW_ERR_NOMEM);
        free(w);
        rc = rc ? rc : cwi_buf_adds(disc, ",\"kind\":\"name\",\"forms\":[");
        bool ff = true;
        for (size_t i = 0; i < nf && rc == CW_OK; i++) {
            if (!differs[i]) continue;
            /* every article that used this form */
            for (size_t k = fm[i]; k < st->ments.n && rc == CW_OK; k++) {
                const cwi_smention *m = &st->ments.v[k];
                if (m->form != forms[i] || m->alt) continue;
                bool dup = false;
                for (size_t q = fm[i]; q < k && !dup; q++)
                    dup = st->ments.v[q].form == forms[i] && st->ments.v[q].art == m->art;
                if (dup) continue;
                if (!ff) rc = cwi_buf_addc(disc, ',');
                ff = false;
                rc = rc ? rc : cwi_buf_addc(disc, '{');
                rc = rc ? rc : cwi_ck_cite(disc, &st->a[m->art], smention(st, m)->span);
                rc = rc ? rc : cwi_buf_addc(disc, '}');
            }
        }
        rc = rc ? rc : cwi_buf_adds(disc, "]}");
        rc = rc ? rc : cwi_ck_add_disc(st, CWI_W_SPELLING, &item);
        cwi_buf_clean(&item);
    }
    return rc;
}

static const char *const EVENT_WORDS[] = {"met", "meet", "meets", "meeting", "talks", "held", "flew", "traveled",
                                          "travelled", "visited", "visit", "arrived", "gathered", "hosted",
                                          "summit", "negotiations", NULL};

static bool word_in_span(const char *t, cwi_span s, const char *const *list)
{
    cwi_tokens toks = {0};
    bool hit = false;
    if (cwi_tokenize(t + s.start, s.end - s.start, &toks) == CW_OK)
        for (size_t i = 0; i < toks.n && !hit; i++)
            for (const char *const *w = list; *w && !hit; w++)
                hit = cwi_word_eq(t + s.start + toks.v[i].span.start, toks.v[i].span.end - toks.v[i].span.start, *w);
    CWI_VEC_FREE(toks);
    return hit;
}

/* Places: sentences of different articles about one meeting (they share a
 * person the story names rarely) that put it in different places. */
static cw_status place_discrepancies(cwi_story *st)
{
    size_t ne = st->ents.n;
    if (!ne) return CW_OK;
    int *freq = calloc(ne, sizeof *freq);
    if (!freq) return CW_ERR_NOMEM;
    size_t person_sents = 0;
    /* sentences naming each entity */
    for (size_t a = 0; a < st->n; a++) {
        int last_sent = -1;
        int seen_e[64];
        size_t ns = 0;
        bool has_person = false;
        for (size_t k = st->ment_first[a]; k <= st->ment_first[a + 1]; k++) {
            int s = k < st->ment_first[a + 1] ? (int)smention(st, &st->ments.v[k])->sent : -2;
            if (s != last_sent) {
                person_sents += has_person;
                ns = 0;
                has_person = false;
                last_sent = s;
            }
            if (k == st->ment_first[a + 1]) break;
            int e = st->ments.v[k].entity;
            bool dup = false;
            for (size_t q = 0; q < ns && !dup; q++) dup = seen_e[q] == e;
            if (!dup && ns < 64) {
                seen_e[ns++] = e;
                freq[e]++;
            }
            has_person |= st->ents.v[e].kind == CWI_ENT_PERSON;
        }
    }
    int rare_max = (int)CWI_MAX(3, person_sents / 10);
    cw_status rc = CW_OK;
    for (size_t e = 0; e < ne && rc == CW_OK; e++) {
        if (st->ents.v[e].kind != CWI_ENT_PERSON || freq[e] < 2 || freq[e] > rare_max) continue;
        /* event sentences naming e, and the places in them */
        typedef struct {
            size_t art;
            cwi_span span;
            int ent;
        } pl;
        pl places[32];
        size_t np = 0;
        size_t arts_with = 0;
        for (size_t a = 0; a < st->n; a++) {
            bool art_has = false;
            for (size_t k = st->ment_first[a]; k < st->ment_first[a + 1]; k++) {
                if (st->ments.v[k].entity != (int)e) continue;
                uint32_t s = smention(st, &st->ments.v[k])->sent;
                if (s >= st->a[a].nsent || !word_in_span(st->a[a].text, st->a[a].sentences[s], EVENT_WORDS)) continue;
                for (size_t q = st->ment_first[a]; q < st->ment_first[a + 1] && np < 32; q++) {
                    const cwi_mention *pm = smention(st, &st->ments.v[q]);
                    int pe = st->ments.v[q].entity;
                    if (pm->sent != s || st->ents.v[pe].kind != CWI_ENT_PLACE || st->ments.v[q].alt) continue;
                    static const char *const TO_AT[] = {"in", "to", "at", NULL};
                    if (!cwi_ck_word_before(st->a[a].text, pm->span.start, TO_AT)) continue;
                    places[np++] = (pl){a, pm->span, pe};
                    art_has = true;
                }
            }
            arts_with += art_has;
        }
        if (arts_with < 2) continue;
        bool differ = false;
        for (size_t i = 1; i < np; i++) differ |= places[i].ent != places[0].ent;
        if (!differ) continue;
        cwi_buf item;
        cwi_buf_init(&item, 0);
        cwi_buf *disc = &item;
        rc = cwi_buf_adds(disc, "{\"what\":");
        char *w = cwi_sprintf("where the meeting with %.*s took place", (int)st->ents.v[e].canon_n, st->ents.v[e].canon_p);
        rc = rc ? rc : (w ? cwi_buf_json_str(disc, w, strlen(w)) : CW_ERR_NOMEM);
        free(w);
        rc = rc ? rc : cwi_buf_adds(disc, ",\"kind\":\"place\",\"forms\":[");
        for (size_t i = 0; i < np && rc == CW_OK; i++) {
            if (i) rc = cwi_buf_addc(disc, ',');
            rc = rc ? rc : cwi_buf_addc(disc, '{');
            rc = rc ? rc : cwi_ck_cite(disc, &st->a[places[i].art], places[i].span);
            rc = rc ? rc : cwi_buf_addc(disc, '}');
        }
        rc = rc ? rc : cwi_buf_adds(disc, "]}");
        rc = rc ? rc : cwi_ck_add_disc(st, CWI_W_PLACE, &item);
        cwi_buf_clean(&item);
    }
    free(freq);
    return rc;
}

cw_status cwi_ck_emit_discrepancies(cwi_story *st)
{
    CWI_TRY(name_discrepancies(st));
    return place_discrepancies(st);
}
