/*
 * facts: what one article states, with byte spans into its clean text:
 * mentions of people, places and organisations; figures with units and
 * qualifiers; dates (absolute and relative); direct quotes with speakers.
 * Per article, stateless, no gazetteer of names. Library-internal.
 *
 * Everything here reads text that came off the web: each article is bounded
 * (CWI_FACTS_MAX_TEXT bytes, longer text is only read up to that point), each
 * list is bounded (CWI_FACTS_MAX_ITEMS), and no code path recurses.
 */
#ifndef CW_FACTS_FACTS_H
#define CW_FACTS_FACTS_H

#include "core/civil.h"
#include "core/core.h"

#define CWI_FACTS_MAX_TEXT (4u << 20)
#define CWI_FACTS_MAX_ITEMS 20000

enum cwi_ent_kind { CWI_ENT_OTHER = 0, CWI_ENT_PERSON, CWI_ENT_PLACE, CWI_ENT_ORG };

/* A name as written, possessive "'s" left out ("Witkoff's" gives "Witkoff"). */
typedef struct cwi_mention {
    cwi_span span;
    cwi_span role; /* a title or role word that introduced it ("spokesman"); {0,0} if none */
    cwi_span alt;  /* an alternate name given with it: "Pokrovsk (Krasnoarmeysk)",
                      "known in Russian as X"; {0,0} if none */
    uint32_t sent; /* index of its sentence */
    uint8_t kind;  /* enum cwi_ent_kind: a guess the check stage refines */
    bool initial;  /* one word opening its sentence: maybe only a capitalised common word */
} cwi_mention;

enum cwi_fig_unit {
    CWI_U_COUNT = 0, /* a count of the thing in unit_word ("troops"), or bare */
    CWI_U_PERCENT,   /* percent, fractions in words too ("a fifth" = 20) */
    CWI_U_PPOINT,    /* percentage points */
    CWI_U_MONEY,     /* unit_word holds the currency: "USD", "EUR", "GBP" */
    CWI_U_AREA,      /* square kilometres ("km2"); square miles are converted */
    CWI_U_LENGTH,    /* kilometres */
    CWI_U_DURATION,  /* value in years ("10-year"; months, weeks, days, hours as fractions),
                        unit_word the unit as stated, plural: "hours", "months" */
    CWI_U_COMPOUND   /* "28-point": a count used as a modifier; unit_word "point" */
};

/* Years in one unit of a duration named by unit_word ("hours", "days", "weeks",
 * "months", "years", "decades", singular too); 0 for another word. */
double cwi_duration_years(const char *unit_word, size_t n);

enum cwi_fig_qual { CWI_Q_EXACT = 0, CWI_Q_MORE, CWI_Q_LESS, CWI_Q_ABOUT, CWI_Q_NEARLY, CWI_Q_ATLEAST,
                    CWI_Q_UPTO, CWI_Q_RANGE, CWI_Q_VAGUE /* "hundreds of thousands" */ };

typedef struct cwi_figure {
    cwi_span span;     /* qualifier + number + unit words: "more than 1.2 million people" */
    cwi_span what;     /* the measured thing around it ("of Ukrainian territory",
                          "killed or wounded"); {0,0} when nothing was found */
    double value;      /* as written, scaled ("1.2 million" = 1200000) */
    double lo, hi;     /* the interval the qualifier allows */
    char unit_word[24];/* folded unit or counted noun: "troops", "point", "USD", "km2" */
    uint32_t sent;
    uint8_t unit;      /* enum cwi_fig_unit */
    uint8_t qual;      /* enum cwi_fig_qual */
    uint8_t in_words;  /* the number was written in words ("a fifth", "four") */
} cwi_figure;

enum cwi_date_kind {
    CWI_D_FULL = 1, /* year, month, day */
    CWI_D_MONTHDAY, /* "Nov. 27": year from the article's date or the story */
    CWI_D_MONTH,    /* "February 2022", "late November" (y may be 0) */
    CWI_D_YEAR,     /* "in 2025": evidence for the year */
    CWI_D_WEEKDAY,  /* "on Tuesday", "Monday evening", "last Friday" */
    CWI_D_RELDAY,   /* "yesterday", "today", "tomorrow": offset in days */
    CWI_D_RELWEEK,  /* "last week", "this week", "next week": offset in weeks */
    CWI_D_WEEKEND   /* "over the weekend", "last weekend" */
};

typedef struct cwi_date {
    cwi_span span;    /* "on Sunday", "Tuesday (December 2)", "Dec. 2, 2025" */
    uint32_t sent;
    uint8_t kind;     /* enum cwi_date_kind */
    int8_t wday;      /* 0 Monday .. 6 Sunday; -1 when not stated */
    int8_t tense;     /* -1 past ("met"), +1 future ("will"), 0 unknown; -2/+2 "last"/"next" right before a weekday */
    int8_t offset;    /* RELDAY days, RELWEEK weeks */
    int16_t y;        /* 0 when not stated */
    int8_t m, d;      /* 0 when not stated */
    char iso[11];     /* resolved "YYYY-MM-DD" against the published date; "" when not */
} cwi_date;

typedef struct cwi_quote {
    cwi_span span;     /* the words inside the quotation marks */
    cwi_span speaker;  /* the words naming the speaker here: a name, "he",
                          "the spokesman", "U.S. officials"; {0,0} if none found */
    int32_t speaker_mention; /* index into mentions of the person it resolves
                                to (a pronoun or role resolved backwards); -1 */
    uint32_t sent;
    uint8_t partial;   /* a fragment inside a sentence, not a whole statement */
} cwi_quote;

typedef struct cwi_facts {
    CWI_VEC(cwi_mention) mentions;
    CWI_VEC(cwi_figure) figures;
    CWI_VEC(cwi_date) dates;
    CWI_VEC(cwi_quote) quotes;
} cwi_facts;

/* Finds the facts of one article. text is its clean text (valid UTF-8),
 * sentences its sentence spans (cwi_sentences; when nsent is 0 they are
 * computed here), published its ISO date ("2025-12-02...") or NULL, lang an
 * ISO 639-1 code or NULL (rules are written for English; other languages get
 * quotes, numbers and ISO dates). out must be zeroed or cleaned; it is filled
 * in order of position. On failure out is left cleaned. */
cw_status cwi_facts_extract(const char *text, size_t n, const cwi_span *sentences, size_t nsent,
                            const char *published, const char *lang, cwi_facts *out);

void cwi_facts_clean(cwi_facts *f); /* frees the lists; f may be reused; NULL is a no-op */

/* ---- Helpers the check stage shares ----------------------------------------- */

/* Days since 1970-01-01 of a date, and back: cwi_days_from_civil and
 * cwi_civil_from_days in core/civil.h. */
/* 0 Monday .. 6 Sunday */
int cwi_weekday(int32_t days);
/* Parses "YYYY-MM-DD" at the start of s; false when it is not there. */
bool cwi_parse_iso_date(const char *s, int *y, int *m, int *d);

/* The calendar day (days since 1970-01-01) that d names, seen from the day
 * ref (the article's date, or the story's anchor day). year_hint, when not 0,
 * is the year for a month-day without one. Weekdays fall in the week before
 * ref (ref included: "on Tuesday" in Tuesday's paper is that day; "last
 * Tuesday" is a week before) unless d's tense points forward; "last week" is the
 * Monday of that week; a weekend is its Saturday. False for a month or a year
 * alone, which name no day. */
bool cwi_date_resolve(const cwi_date *d, int32_t ref, int year_hint, int32_t *out);

/* True when the bytes, ASCII case ignored, equal the NUL-terminated word. */
bool cwi_word_eq(const char *p, size_t n, const char *word);
/* Length without a possessive "'s" or "’s" ending. */
size_t cwi_strip_possessive(const char *p, size_t n);

#endif
