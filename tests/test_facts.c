/*
 * test_facts: the facts stage on the team's own invented sentences, one table
 * per kind of fact. Every row names a sentence and what must be found in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "facts/facts.h"

static bool span_is(const char *t, cwi_span s, const char *want)
{
    return s.end - s.start == strlen(want) && memcmp(t + s.start, want, s.end - s.start) == 0;
}

/* ---- names ------------------------------------------------------------------ */

static const struct {
    const char *text;
    const char *name;
    int kind; /* -1: any */
    const char *role, *alt;
} NAMES[] = {
    {"Finnish President Anna Korhonen arrived on Friday.", "Anna Korhonen", CWI_ENT_PERSON, "President", NULL},
    {"The talks were confirmed by ministry spokesman Pavel Orlov.", "Pavel Orlov", CWI_ENT_PERSON, "spokesman", NULL},
    {"Trade envoy Mara Lindqvist met the delegation.", "Mara Lindqvist", CWI_ENT_PERSON, "envoy", NULL},
    {"Delegates flew to Tallinn for the summit.", "Tallinn", CWI_ENT_PLACE, NULL, NULL},
    {"Fighting continued near the town of Velikograd (Novoselsk) all night.", "Velikograd", CWI_ENT_PLACE, NULL, "Novoselsk"},
    {"The port of Ostrava, known in German as Ostrau, was closed.", "Ostrava", -1, NULL, "Ostrau"},
    {"Secretary of State Elena Vasquez spoke first.", "Elena Vasquez", CWI_ENT_PERSON, "State", NULL},
    {"The plan was drafted at Berndt's lake house.", "Berndt", -1, NULL, NULL},
    {"Hannu Salo, a senior fellow at the Baltic Policy Institute, disagreed.", "Hannu Salo", CWI_ENT_PERSON, "fellow", NULL},
    {"Critics said the Baltic Policy Institute was wrong.", "Baltic Policy Institute", CWI_ENT_ORG, NULL, NULL},
    {"Dr. Ilse Brandt told reporters the vaccine works.", "Ilse Brandt", CWI_ENT_PERSON, "Dr", NULL},
    {"Ruiz said the vote would be held in Lisbon.", "Ruiz", CWI_ENT_PERSON, NULL, NULL},
    {"The troops moved into the Kessel region overnight.", "Kessel", CWI_ENT_PLACE, NULL, NULL},
};

static void test_names(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof NAMES / sizeof *NAMES; r++) {
        const char *t = NAMES[r].text;
        cwi_facts f = {0};
        assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
        bool found = false;
        for (size_t i = 0; i < f.mentions.n; i++) {
            cwi_mention *m = &f.mentions.v[i];
            if (!span_is(t, m->span, NAMES[r].name)) continue;
            found = true;
            if (NAMES[r].kind >= 0 && m->kind != NAMES[r].kind)
                fail_msg("%s: %s has kind %d, want %d", t, NAMES[r].name, m->kind, NAMES[r].kind);
            if (NAMES[r].role && !span_is(t, m->role, NAMES[r].role)) fail_msg("%s: role of %s", t, NAMES[r].name);
            if (NAMES[r].alt && !span_is(t, m->alt, NAMES[r].alt)) fail_msg("%s: alternate name of %s", t, NAMES[r].name);
        }
        if (!found) fail_msg("%s: no mention %s", t, NAMES[r].name);
        cwi_facts_clean(&f);
    }
}

/* Sentence-initial capitals of common words and headline lists are not names. */
static void test_not_names(void **state)
{
    (void)state;
    const char *t = "However, the mayor left.\nMaps show the front moved. The maps were old.\n"
                    "Storm Hits Coastal Villages as Fishermen Wait for Rescue Boats\n"
                    "Whatever the cause, the pier will be rebuilt. Nobody was hurt. Five boats sank.\n"
                    /* people named by what they do, opening a sentence */
                    "Analysts said the pier was too old. Critics warned of delays at the harbour.\n"
                    /* a list item's first word */
                    "The plan includes:\n- Limits on the size of the fleet\n-Guarantees for the harbour workers\n";
    cwi_facts f = {0};
    assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
    for (size_t i = 0; i < f.mentions.n; i++) {
        cwi_span s = f.mentions.v[i].span;
        fail_msg("unexpected mention %.*s", (int)(s.end - s.start), t + s.start);
    }
    cwi_facts_clean(&f);
}

/* ---- figures ------------------------------------------------------------------ */

static const struct {
    const char *text, *fig;
    int unit, qual;
    double value, lo, hi;
    const char *unit_word, *what;
} FIGS[] = {
    {"Rebels hold more than 12% of the province.", "more than 12%", CWI_U_PERCENT, CWI_Q_MORE, 12, 12, 13.8, "%", "of the province"},
    {"Rebels hold nearly 15 percent of the province.", "nearly 15 percent", CWI_U_PERCENT, CWI_Q_NEARLY, 15, 13.5, 15, "%", "of the province"},
    {"Rebels hold a third of the province.", "a third", CWI_U_PERCENT, CWI_Q_EXACT, 100.0 / 3, 30, 36.67, "%", "of the province"},
    {"Rebels hold one-quarter of the province.", "one-quarter", CWI_U_PERCENT, CWI_Q_EXACT, 25, 22.5, 27.5, "%", "of the province"},
    {"Rebels hold half of the province.", "half", CWI_U_PERCENT, CWI_Q_EXACT, 50, 45, 55, "%", "of the province"},
    {"The fund holds $40 billion in bonds.", "$40 billion", CWI_U_MONEY, CWI_Q_EXACT, 4e10, 4e10, 4e10, "USD", "bonds"},
    {"The storm caused in the vicinity of $3 million in damage.", "in the vicinity of $3 million", CWI_U_MONEY, CWI_Q_ABOUT, 3e6, 2.7e6, 3.3e6, "USD", "damage"},
    {"Repairs will cost in excess of 200 million euros.", "in excess of 200 million euros", CWI_U_MONEY, CWI_Q_MORE, 2e8, 2e8, 2.3e8, "EUR", NULL},
    {"About 2.5 million people fled the floods.", "About 2.5 million people", CWI_U_COUNT, CWI_Q_ABOUT, 2.5e6, 2.25e6, 2.75e6, "people", NULL},
    {"The lake covers 3,400 square kilometers.", "3,400 square kilometers", CWI_U_AREA, CWI_Q_EXACT, 3400, 3400, 3400, "km2", NULL},
    {"The lake covers 3,400 square km.", "3,400 square km", CWI_U_AREA, CWI_Q_EXACT, 3400, 3400, 3400, "km2", NULL},
    {"They signed a 12-point accord.", "12-point", CWI_U_COMPOUND, CWI_Q_EXACT, 12, 12, 12, "point", "accord"},
    {"A 20-point draft leaked last week.", "20-point", CWI_U_COMPOUND, CWI_Q_EXACT, 20, 20, 20, "point", "draft"},
    {"A 20-point peace plan was tabled.", "20-point", CWI_U_COMPOUND, CWI_Q_EXACT, 20, 20, 20, "point", "peace plan"},
    {"They signed a 5-year lease.", "5-year", CWI_U_DURATION, CWI_Q_EXACT, 5, 5, 5, "years", "lease"},
    {"The army has 80,000 soldiers.", "80,000 soldiers", CWI_U_COUNT, CWI_Q_EXACT, 80000, 80000, 80000, "soldiers", NULL},
    {"At least 40 people were injured.", "At least 40 people", CWI_U_COUNT, CWI_Q_ATLEAST, 40, 40, 46, "people", "people were injured"},
    {"Up to 300 workers were hired.", "Up to 300 workers", CWI_U_COUNT, CWI_Q_UPTO, 300, 150, 300, "workers", "workers were hired"},
    {"Officials say over 900 people have been killed or wounded.", "over 900 people", CWI_U_COUNT, CWI_Q_MORE, 900, 900, 1035, "people", "people have been killed or wounded"},
    {"At least 30 miners were killed and four others were hurt.", "At least 30 miners", CWI_U_COUNT, CWI_Q_ATLEAST, 30, 30, 34.5, "miners", "miners were killed"},
    {"Tens of thousands of people marched.", "Tens of thousands", CWI_U_COUNT, CWI_Q_VAGUE, 20000, 20000, 99999, "people", NULL},
    {"Estimates place losses at around 3.1 million.", "around 3.1 million", CWI_U_COUNT, CWI_Q_ABOUT, 3.1e6, 2.79e6, 3.41e6, "", "place losses"},
    {"Unemployment rose by two percentage points.", "two percentage points", CWI_U_PPOINT, CWI_Q_EXACT, 2, 2, 2, "pp", NULL},
};

static void test_figures(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof FIGS / sizeof *FIGS; r++) {
        const char *t = FIGS[r].text;
        cwi_facts f = {0};
        assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
        bool found = false;
        for (size_t i = 0; i < f.figures.n; i++) {
            cwi_figure *g = &f.figures.v[i];
            if (!span_is(t, g->span, FIGS[r].fig)) continue;
            found = true;
            if (g->unit != FIGS[r].unit || g->qual != FIGS[r].qual)
                fail_msg("%s: unit %d qual %d", t, g->unit, g->qual);
            if (fabs(g->value - FIGS[r].value) > 1e-6 * (1 + FIGS[r].value) ||
                fabs(g->lo - FIGS[r].lo) > 0.01 * (1 + FIGS[r].lo) || fabs(g->hi - FIGS[r].hi) > 0.01 * (1 + FIGS[r].hi))
                fail_msg("%s: %g [%g, %g]", t, g->value, g->lo, g->hi);
            if (strcmp(g->unit_word, FIGS[r].unit_word)) fail_msg("%s: unit word %s", t, g->unit_word);
            if (FIGS[r].what && !span_is(t, g->what, FIGS[r].what))
                fail_msg("%s: what is '%.*s'", t, (int)(g->what.end - g->what.start), t + g->what.start);
        }
        if (!found) fail_msg("%s: no figure '%s'", t, FIGS[r].fig);
        cwi_facts_clean(&f);
    }
}

/* Dates and years are not figures. */
static void test_not_figures(void **state)
{
    (void)state;
    const char *t = "On March 3, 2021, in 2019 and at 10:30 they met.";
    cwi_facts f = {0};
    assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
    assert_int_equal(f.figures.n, 0);
    cwi_facts_clean(&f);
}

/* ---- dates ------------------------------------------------------------------- */

static const struct {
    const char *text, *date, *published, *iso;
    int kind;
} DATES[] = {
    {"The deal was signed on March 3, 2021 in Rome.", "March 3, 2021", NULL, "2021-03-03", CWI_D_FULL},
    {"The deal was signed on 3 March 2021 in Rome.", "3 March 2021", NULL, "2021-03-03", CWI_D_FULL},
    {"The deal was signed on 2021-03-03 in Rome.", "2021-03-03", NULL, "2021-03-03", CWI_D_FULL},
    {"The deal was signed Sept. 9 in Rome.", "Sept. 9", "2021-09-20", "2021-09-09", CWI_D_MONTHDAY},
    {"The deal expires Jan. 4, officials said.", "Jan. 4", "2021-12-20", "2022-01-04", CWI_D_MONTHDAY},
    {"They met on Friday (March 5) in Rome.", "on Friday (March 5)", "2021-03-08", "2021-03-05", CWI_D_MONTHDAY},
    {"They met on Friday in Rome.", "on Friday", "2021-03-08", "2021-03-05", CWI_D_WEEKDAY},
    {"They will meet on Friday in Rome.", "on Friday", "2021-03-08", "2021-03-12", CWI_D_WEEKDAY},
    {"The army attacked Sunday evening.", "Sunday evening", "2021-03-08", "2021-03-07", CWI_D_WEEKDAY},
    /* 2021-03-08 is a Monday: the same weekday is that day, "last" and "next" move a week */
    {"Rescuers were still searching on Monday, officials said.", "on Monday", "2021-03-08", "2021-03-08", CWI_D_WEEKDAY},
    {"The talks collapsed last Monday.", "last Monday", "2021-03-08", "2021-03-01", CWI_D_WEEKDAY},
    {"We expect the road to open again by Thursday.", "by Thursday", "2021-03-08", "2021-03-11", CWI_D_WEEKDAY},
    {"The council meets again next Monday.", "next Monday", "2021-03-08", "2021-03-15", CWI_D_WEEKDAY},
    {"Parliament will debate the financing of the minister's 12-point recovery plan on Thursday.", "on Thursday",
     "2021-03-08", "2021-03-11", CWI_D_WEEKDAY},
    {"The army attacked yesterday.", "yesterday", "2021-03-08", "2021-03-07", CWI_D_RELDAY},
    {"The plan leaked last week.", "last week", "2021-03-10", "2021-03-01", CWI_D_RELWEEK},
    {"The envoys met over the weekend.", "over the weekend", "2021-03-08", "2021-03-06", CWI_D_WEEKEND},
    {"Growth was strong in 2019.", "2019", NULL, "", CWI_D_YEAR},
    {"It started in February 2014.", "February 2014", NULL, "", CWI_D_MONTH},
};

static void test_dates(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof DATES / sizeof *DATES; r++) {
        const char *t = DATES[r].text;
        cwi_facts f = {0};
        assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, DATES[r].published, "en", &f), CW_OK);
        bool found = false;
        for (size_t i = 0; i < f.dates.n; i++) {
            cwi_date *d = &f.dates.v[i];
            if (!span_is(t, d->span, DATES[r].date)) continue;
            found = true;
            if (d->kind != DATES[r].kind) fail_msg("%s: kind %d", t, d->kind);
            if (d->kind == CWI_D_FULL) {
                char iso[32];
                snprintf(iso, sizeof iso, "%04d-%02d-%02d", d->y, d->m, d->d);
                if (strcmp(iso, DATES[r].iso)) fail_msg("%s: %s", t, iso);
            } else if (strcmp(d->iso, DATES[r].iso)) {
                fail_msg("%s: resolved to '%s', want '%s'", t, d->iso, DATES[r].iso);
            }
        }
        if (!found) fail_msg("%s: no date '%s'", t, DATES[r].date);
        cwi_facts_clean(&f);
    }
}

/* ---- quotes ------------------------------------------------------------------- */

static const struct {
    const char *text, *quote, *speaker, *resolved;
} QUOTES[] = {
    {"\xE2\x80\x9CWe will rebuild the bridge,\xE2\x80\x9D Mayor Ada Lunde said on Monday.", "We will rebuild the bridge", "Ada Lunde", "Ada Lunde"},
    {"\"The vote is final,\" said Omar Haddad, the council chairman.", "The vote is final", "Omar Haddad", "Omar Haddad"},
    {"\xE2\x80\x9CWe need more time,\xE2\x80\x9D Petra Novak, a senior analyst at the Vienna Institute, told reporters.", "We need more time", "Petra Novak", "Petra Novak"},
    {"Coach Lena Berg arrived late. \xE2\x80\x9CThe pitch was flooded,\xE2\x80\x9D she said.", "The pitch was flooded", "she", "Lena Berg"},
    {"Ministry spokesman Ivo Petrov spoke briefly. \xE2\x80\x9CNo comment,\xE2\x80\x9D the spokesman said.", "No comment", "the spokesman", "Ivo Petrov"},
    {"The rebels are \xE2\x80\x9Cready to talk,\xE2\x80\x9D according to envoy Sara Klein.", "ready to talk", "Sara Klein", "Sara Klein"},
    {"Premier Jonas Falk said that the plan \xE2\x80\x9Cmust be revised\xE2\x80\x9D before the vote.", "must be revised", "Jonas Falk", "Jonas Falk"},
    {"Anton Weiss wrote on social media: \xC2\xABThe border stays open.\xC2\xBB", "The border stays open.", "Anton Weiss", "Anton Weiss"},
    /* a quote opening a sentence goes on from the subject of the sentence before */
    {"Mira Solberg agreed with the board. \xE2\x80\x9CThe numbers are clear.\xE2\x80\x9D", "The numbers are clear.", "Mira Solberg", "Mira Solberg"},
    /* a common noun opening the sentence is the speaker, not a name later in it */
    {"The former coach said, \xE2\x80\x9CKarl Odin never listened.\xE2\x80\x9D", "Karl Odin never listened.", "The former coach", NULL},
    {"The audit goes on to fault Vera Lind for \xE2\x80\x9C" "careless bookkeeping\xE2\x80\x9D in the spring.", "careless bookkeeping", "The audit", NULL},
    /* a participle after the quote goes back to the subject; its object is not the speaker */
    {"Governor Ilse Marr praised the deal as \xE2\x80\x9C" "historic,\xE2\x80\x9D telling reporters it would last.", "historic", "Ilse Marr", "Ilse Marr"},
    /* "X attacked Y, calling him": X, not Y */
    {"Tomas Brandt attacked Lukas Veld, calling him \xE2\x80\x9C" "a coward.\xE2\x80\x9D", "a coward.", "Tomas Brandt", "Tomas Brandt"},
    /* a dash, a name and a colon */
    {"Turnout was low - Hanna Greve: \xE2\x80\x9C" "Few people came out in the rain.\xE2\x80\x9D", "Few people came out in the rain.", "Hanna Greve", "Hanna Greve"},
    /* the name after "said" is the fragment's subject, not its speaker */
    {"Vera Holm spoke first. She said Anton Rask \xE2\x80\x9Cwas never told.\xE2\x80\x9D", "was never told.", "She", "Vera Holm"},
    /* an irregular past after the subject ("began") */
    {"The retired engineer began by thanking the staff, saying the repairs were \xE2\x80\x9Clong overdue.\xE2\x80\x9D", "long overdue.", "The retired engineer", NULL},
    /* an adverb between the subject and its verb: the subject, not the object */
    {"Former coach Lars Eide recently urged fans to back Petra Lund, saying, \xE2\x80\x9CShe earned it.\xE2\x80\x9D", "She earned it.", "Lars Eide", "Lars Eide"},
    /* "and Y vowed" starts a clause of its own */
    {"Nils Aas said he would make the river \xE2\x80\x9Crun backwards,\xE2\x80\x9D for example, and Ivar Berg vowed to \xE2\x80\x9C" "fix it all.\xE2\x80\x9D", "run backwards", "Nils Aas", "Nils Aas"},
    /* a fragment with no speech verb before it, "said Y" after it */
    {"Ada Lunde \xE2\x80\x9Cwon easily\xE2\x80\x9D in the final round, said analyst Petter Moe.", "won easily", "Petter Moe", "Petter Moe"},
    {"Turnout was low. More from Lise Dahl: \xE2\x80\x9C" "Few voters came out.\xE2\x80\x9D", "Few voters came out.", "Lise Dahl", "Lise Dahl"},
    /* a pronoun refers to a name of unknown kind that opens its sentence and acts */
    {"The band played on. Brandvold assails in his prose what he calls \xE2\x80\x9C" "a quiet crisis\xE2\x80\x9D in town.", "a quiet crisis", "he", "Brandvold"},
    /* a nominal subject with a day and an adverb before its verb */
    {"The Lund campaign on Monday also doubled down on its attacks on Ada Berg, saying she is strong \xE2\x80\x9Con paper\xE2\x80\x9D only.", "on paper", "The Lund campaign", NULL},
    /* "which an audit said": the relative clause's own subject */
    {"Nora Dahl wrote a note to staff, which an internal audit said was \xE2\x80\x9C" "deeply flawed\xE2\x80\x9D in parts.", "deeply flawed", "an internal audit", NULL},
    /* a quote paragraph signed on the next line */
    {"\"We will build the bridge before winter.\"\n- Ada Lunde.\nOther news followed.", "We will build the bridge before winter.", "Ada Lunde", "Ada Lunde"},
    /* "..., she said" up to a dozen words after a fragment */
    {"Voters had \xE2\x80\x9Copened the door\xE2\x80\x9D wide in the valley for young women, she said. Mayor Ada Lunde smiled.", "opened the door", "she", NULL},
    /* quotes joined by "and": the speaker after the last speaks them all */
    {"Critics should drop words like \xE2\x80\x9Cmaybe\xE2\x80\x9D and \xE2\x80\x9Cperhaps\xE2\x80\x9D, Mayor Ada Lunde told reporters.", "maybe", "Ada Lunde", "Ada Lunde"},
    /* a dateline before the clause is not its subject */
    {"RIVERTON, Ore. \xE2\x80\x94 Mayor Ada Lunde on Thursday vowed to fix the bridge, saying it was \xE2\x80\x9C" "a disgrace.\xE2\x80\x9D", "a disgrace.", "Ada Lunde", "Ada Lunde"},
    /* a quote paragraph after a paragraph ending in reported speech */
    {"Mayor Ada Lunde said the bridge would open in May.\n\xE2\x80\x9CIt is ready, and we are proud of it.\xE2\x80\x9D\nOther news.", "It is ready, and we are proud of it.", "Ada Lunde", "Ada Lunde"},
    /* ... also after a comma and with an adverb before its verb */
    {"The market was busy. In town after town, Brandvold routinely mocks the plan. He says it is \xE2\x80\x9C" "a fraud.\xE2\x80\x9D", "a fraud.", "He", "Brandvold"},
    /* coordinated speakers: both, not the nearer one */
    {"After the talks, Estonia and Latvia said they had agreed an \xE2\x80\x9Cupdated border plan\xE2\x80\x9D in Riga.", "updated border plan", "Estonia and Latvia", NULL},
    {"\xE2\x80\x9CIt was a mistake,\xE2\x80\x9D Nora Quist (D-Ore.) wrote in a post, \xE2\x80\x9C" "and we will fix it.\xE2\x80\x9D", "and we will fix it.", "Nora Quist", "Nora Quist"},
};

static void test_quotes(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof QUOTES / sizeof *QUOTES; r++) {
        const char *t = QUOTES[r].text;
        cwi_facts f = {0};
        assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
        bool found = false;
        for (size_t i = 0; i < f.quotes.n; i++) {
            cwi_quote *q = &f.quotes.v[i];
            if (!span_is(t, q->span, QUOTES[r].quote)) continue;
            found = true;
            if (!span_is(t, q->speaker, QUOTES[r].speaker))
                fail_msg("%s: speaker '%.*s'", t, (int)(q->speaker.end - q->speaker.start), t + q->speaker.start);
            /* resolved NULL: a nominal speaker ("the report") that names no one */
            if (!QUOTES[r].resolved) {
                if (q->speaker_mention >= 0) fail_msg("%s: nominal speaker resolved to a person", t);
            } else if (q->speaker_mention < 0 || !span_is(t, f.mentions.v[q->speaker_mention].span, QUOTES[r].resolved))
                fail_msg("%s: speaker not resolved to %s", t, QUOTES[r].resolved);
        }
        if (!found) fail_msg("%s: no quote '%s'", t, QUOTES[r].quote);
        cwi_facts_clean(&f);
    }
}

/* Hostile input: no crash, bounded time, NULL-safe clean. */
/* Titles in quotation marks are not quotes, even with a period inside the
 * marks, after a preposition or a possessive. */
static const struct {
    const char *text, *title;
} NOT_QUOTES[] = {
    {"Mayor Ada Lunde spoke on \xE2\x80\x9CThe Evening Hour.\xE2\x80\x9D", "The Evening Hour."},
    {"She was interviewed on Radio North\xE2\x80\x99s \xE2\x80\x9CMorning Desk,\xE2\x80\x9D and left.", "Morning Desk,"},
    {"After the \xE2\x80\x9Creset,\xE2\x80\x9D the ports will open again.", "reset,"},
    {"With a \xE2\x80\x9Creset\xE2\x80\x9D of the rules, the ports will open.", "reset"},
};

static void test_not_quotes(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof NOT_QUOTES / sizeof *NOT_QUOTES; r++) {
        const char *t = NOT_QUOTES[r].text;
        cwi_facts f = {0};
        assert_int_equal(cwi_facts_extract(t, strlen(t), NULL, 0, NULL, "en", &f), CW_OK);
        for (size_t i = 0; i < f.quotes.n; i++)
            if (span_is(t, f.quotes.v[i].span, NOT_QUOTES[r].title)) fail_msg("%s: title taken as a quote", t);
        cwi_facts_clean(&f);
    }
}

static void test_hostile(void **state)
{
    (void)state;
    size_t n = 200000;
    char *t = malloc(n + 1);
    for (size_t i = 0; i < n; i++) t[i] = "\"A (B $1 %\xE2\x80\x9C- 9,"[i % 17];
    t[n] = 0;
    cwi_facts f = {0};
    assert_int_equal(cwi_facts_extract(t, n, NULL, 0, "2020-01-01", "en", &f), CW_OK);
    cwi_facts_clean(&f);
    cwi_facts_clean(NULL);
    assert_int_equal(cwi_facts_extract("", 0, NULL, 0, NULL, NULL, &f), CW_OK);
    cwi_facts_clean(&f);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),   cmocka_unit_test(test_not_names), cmocka_unit_test(test_figures),
        cmocka_unit_test(test_not_figures), cmocka_unit_test(test_dates), cmocka_unit_test(test_quotes), cmocka_unit_test(test_not_quotes),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
