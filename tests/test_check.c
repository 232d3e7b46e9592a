/*
 * test_check: the check stage on stories the team invented: spellings merged,
 * people who share a surname kept apart, figures aligned with the tolerance
 * of their qualifiers, dates resolved from another article's evidence, quote
 * variants, discrepancies, and the JSON fragment's shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/check.h"
#include "text/text.h"

typedef struct {
    const char *name, *text, *published;
    int group;
} art_in;

/* Runs facts and check over the articles; returns the fragment wrapped in
 * braces (caller frees). */
static char *run_story(const art_in *in, size_t n)
{
    cwi_spans *ss = calloc(n, sizeof *ss);
    cwi_facts *fx = calloc(n, sizeof *fx);
    cwi_check_article *ca = calloc(n, sizeof *ca);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(in[i].text);
        assert_int_equal(cwi_sentences(in[i].text, len, &ss[i]), CW_OK);
        assert_int_equal(cwi_facts_extract(in[i].text, len, ss[i].v, ss[i].n, in[i].published, "en", &fx[i]), CW_OK);
        ca[i] = (cwi_check_article){in[i].name, in[i].text, len, ss[i].v, ss[i].n, &fx[i], in[i].published, in[i].group};
    }
    cwi_buf out;
    cwi_buf_init(&out, 0);
    assert_int_equal(cwi_buf_addc(&out, '{'), CW_OK);
    assert_int_equal(cwi_check_story(ca, n, &out), CW_OK);
    assert_int_equal(cwi_buf_addc(&out, '}'), CW_OK);
    for (size_t i = 0; i < n; i++) {
        cwi_facts_clean(&fx[i]);
        CWI_VEC_FREE(ss[i]);
    }
    free(ss);
    free(fx);
    free(ca);
    return cwi_buf_take(&out);
}

/* The JSON member "key":[ ... ] as a string of its own (caller frees). */
static char *member(const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":[", key);
    const char *p = strstr(json, pat);
    if (!p) return NULL;
    p += strlen(pat) - 1;
    int depth = 0;
    bool str = false;
    const char *q = p;
    for (; *q; q++) {
        if (str) {
            if (*q == '\\') q++;
            else if (*q == '"') str = false;
            continue;
        }
        if (*q == '"') str = true;
        else if (*q == '[' || *q == '{') depth++;
        else if (*q == ']' || *q == '}') {
            if (--depth == 0) break;
        }
    }
    return cwi_strndup(p, (size_t)(q - p + 1));
}

/* The top-level items of a JSON array as separate strings. */
static size_t items(const char *arr, char **out, size_t cap)
{
    size_t n = 0;
    int depth = 0;
    bool str = false;
    const char *start = NULL;
    for (const char *q = arr; *q; q++) {
        if (str) {
            if (*q == '\\') q++;
            else if (*q == '"') str = false;
            continue;
        }
        if (*q == '"') str = true;
        if (*q == '[' || *q == '{') {
            if (depth == 1 && *q == '{') start = q;
            depth++;
        } else if (*q == ']' || *q == '}') {
            depth--;
            if (depth == 1 && *q == '}' && start && n < cap) out[n++] = cwi_strndup(start, (size_t)(q - start + 1));
        }
    }
    return n;
}

/* The one item of arr holding every needle; NULL when none or several. */
static char *item_with(const char *arr, const char *const *needles)
{
    char *it[256];
    size_t n = items(arr, it, 256);
    char *hit = NULL;
    int hits = 0;
    for (size_t i = 0; i < n; i++) {
        bool all = true;
        for (const char *const *s = needles; *s && all; s++) all = strstr(it[i], *s) != NULL;
        if (all) {
            hits++;
            free(hit);
            hit = cwi_strndup(it[i], strlen(it[i]));
        }
        free(it[i]);
    }
    if (hits != 1) {
        free(hit);
        return NULL;
    }
    return hit;
}

static const art_in STORY[] = {
    {"a1.txt",
     "Finnish envoy Aleksi Virtanen met Prime Minister Petra Kask in Tallinn on Thursday (March 4).\n"
     "Virtanen said the talks were \xE2\x80\x9C" "a useful first step toward a lasting settlement.\xE2\x80\x9D\n"
     "Rebels now hold more than 24% of the province, around 8,200 square kilometers.\n"
     "Officials say more than 3,000 people have been killed or wounded.\n"
     "The fighting around Velikograd (Novoselsk) continued.\n"
     "Her husband, Jaan Kask, a painter, did not attend.\n",
     NULL, 0},
    {"a2.txt",
     "Envoy Aleksi Virtanen arrived in Tallinn on Thursday for talks with Kask.\n"
     "Virtanen called the talks \xE2\x80\x9C" "a useful first move toward a durable settlement.\xE2\x80\x9D\n"
     "The rebels control nearly a quarter of the province, about 8,200 square km.\n"
     "Velikogradd has been shelled since Monday.\n"
     "The envoys met Kask in Tartu on Tuesday.\n",
     NULL, 1},
    {"a3.txt",
     "Aleksy Virtanen met Petra Kask in Tallinn.\n"
     "Some 1,900 people have been killed, the ministry said.\n"
     "Growth slowed in 2020 and again in 2021.\n",
     NULL, 1},
};

static void test_story(void **state)
{
    (void)state;
    char *js = run_story(STORY, 3);
    /* the fragment's six keys, in order */
    const char *keys[] = {"\"entities\":[", "\"figures\":[", "\"dates\":[", "\"quotes\":[", "\"quote_variants\":[",
                          "\"discrepancies\":["};
    const char *prev = js;
    for (int k = 0; k < 6; k++) {
        const char *p = strstr(prev, keys[k]);
        if (!p) fail_msg("no %s in %s", keys[k], js);
        prev = p;
    }
    char *ents = member(js, "entities");
    /* a transliteration variant joins the full name */
    char *v = item_with(ents, (const char *const[]){"\"Aleksi Virtanen\"", "\"Aleksy Virtanen\"", "\"Virtanen\"", NULL});
    if (!v) fail_msg("Virtanen's spellings are not one entity: %s", ents);
    free(v);
    /* two people named Kask stay apart */
    v = item_with(ents, (const char *const[]){"\"Petra Kask\"", "\"Jaan Kask\"", NULL});
    if (v) fail_msg("Petra and Jaan Kask were fused: %s", v);
    /* an alternate name and a doubled consonant */
    v = item_with(ents, (const char *const[]){"\"Velikograd\"", "\"Novoselsk\"", "\"Velikogradd\"", NULL});
    if (!v) fail_msg("Velikograd's names are not one entity: %s", ents);
    free(v);
    free(ents);

    char *figs = member(js, "figures");
    /* "more than 24%" and "nearly a quarter" agree; two groups */
    v = item_with(figs, (const char *const[]){"more than 24%", "a quarter", NULL});
    if (!v || !strstr(v, "\"agree\":true") || !strstr(v, "\"independent_sources\":2"))
        fail_msg("share figure: %s", v ? v : figs);
    free(v);
    v = item_with(figs, (const char *const[]){"8,200 square kilometers", "8,200 square km", NULL});
    if (!v || !strstr(v, "\"agree\":true")) fail_msg("area figure: %s", v ? v : figs);
    free(v);
    /* killed or wounded against killed: another measure, not aligned */
    v = item_with(figs, (const char *const[]){"3,000 people", "1,900 people", NULL});
    if (v) fail_msg("different measures were aligned: %s", v);
    free(v);
    free(figs);

    char *dates = member(js, "dates");
    /* a2's "on Thursday" takes its date from a1's "Thursday (March 4)", the
     * year from the year a3 names in which March 4 was a Thursday (2021, not 2020) */
    v = item_with(dates, (const char *const[]){"\"a2.txt\"", "on Thursday", "2021-03-04", NULL});
    if (!v) fail_msg("a2's Thursday: %s", dates);
    free(v);
    v = item_with(dates, (const char *const[]){"\"a2.txt\"", "on Tuesday", "2021-03-02", NULL});
    if (!v) fail_msg("a2's Tuesday: %s", dates);
    free(v);
    free(dates);

    char *var = member(js, "quote_variants");
    v = item_with(var, (const char *const[]){"a useful first step", "a useful first move", NULL});
    if (!v) fail_msg("quote variants: %s", var);
    free(v);
    free(var);

    char *disc = member(js, "discrepancies");
    v = item_with(disc, (const char *const[]){"Aleksi Virtanen", "Aleksy Virtanen", NULL});
    if (!v) fail_msg("name discrepancy: %s", disc);
    free(v);
    free(disc);
    free(js);
}

/* Facility names: a short form, a spelling variant; a town and the paper
 * named after it stay apart. */
static const art_in PLACES[] = {
    {"p1.txt", "A patient left the Lakeview Care Center on Monday. Staff at Lakeview were told to stay inside. "
               "The Millbrook Times reported the news from Millbrook.", "2021-05-03", 1},
    {"p2.txt", "Police searched near the Lakeview Care Centre after the patient vanished. Lakeview declined to comment. "
               "Residents in Millbrook were worried, and in Millbrook the mayor spoke.", "2021-05-03", 2},
};

static void test_places(void **state)
{
    (void)state;
    char *js = run_story(PLACES, 2);
    char *ents = member(js, "entities");
    char *v = item_with(ents, (const char *const[]){"\"Lakeview Care Center\"", "\"Lakeview Care Centre\"", "\"Lakeview\"", NULL});
    if (!v) fail_msg("the care center's names are not one entity: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"\"Millbrook Times\"", "\"Millbrook\"", NULL});
    if (v) fail_msg("a town was fused with its newspaper: %s", v);
    free(v);
    free(ents);
    free(js);
}

/* Durations line up whatever unit each source states them in, and a row
 * shows the unit its figures were stated in. */
static void test_durations(void **state)
{
    (void)state;
    static const art_in in[] = {
        {"d1.txt", "The ferry crew was stranded at sea for 48 hours before the storm passed.\n", NULL, 0},
        {"d2.txt", "The ferry crew spent two days stranded at sea before the storm passed.\n", NULL, 1},
    };
    char *js = run_story(in, 2);
    char *figs = member(js, "figures");
    char *row = item_with(figs, (const char *const[]){"\"48 hours\"", "\"two days\"", NULL});
    if (!row) fail_msg("48 hours and two days are not one figure: %s", figs);
    if (!strstr(row, "\"unit\":\"hours\",\"value\":48,") && !strstr(row, "\"unit\":\"days\",\"value\":2,"))
        fail_msg("a duration shown in another unit than stated: %s", row);
    assert_non_null(strstr(row, "\"agree\":true"));
    free(row);
    free(figs);
    free(js);
}

/* A capitalised common word opening sentences is no name when the story
 * writes it in lower case; a surname opening a sentence stays a name. */
static void test_common_words(void **state)
{
    (void)state;
    static const art_in in[] = {
        {"c1.txt", "Officials said the bridge would reopen. Damage was worse on the east side. Damage to the road was light. "
                   "The engineer Nora Young inspected the piers. Young said the cables held.\n", "2021-06-01", 1},
        {"c2.txt", "The damage to the bridge was mostly to its deck, officials said. Damage to the piers was slight. "
                   "Young said the young engineers worked through the night. Officials said traffic would return.\n",
         "2021-06-01", 2},
    };
    char *js = run_story(in, 2);
    char *ents = member(js, "entities");
    char *v = item_with(ents, (const char *const[]){"\"canonical\":\"Damage\"", NULL});
    if (v) fail_msg("a common word opening sentences listed as a name: %s", v);
    free(v);
    v = item_with(ents, (const char *const[]){"\"canonical\":\"Officials\"", NULL});
    if (v) fail_msg("a common word opening sentences listed as a name: %s", v);
    free(v);
    v = item_with(ents, (const char *const[]){"\"canonical\":\"Nora Young\"", NULL});
    if (!v) fail_msg("a person who opens a sentence by surname was lost: %s", ents);
    free(v);
    free(ents);
    free(js);
}

/* One person however the articles name her: the full name after a web
 * address that spells it in lower case, a first name alone, a team and
 * position before the name, a generational suffix; a surname two people
 * share goes to the one named last before it; two letters swapped are a
 * slip; a gerund opening a sentence is not part of a name. */
static void test_name_forms(void **state)
{
    (void)state;
    static const art_in in[] = {
        {"e1.txt", "http: / / www. example. com / marla - quint - wins - award /\n"
                   "Marla Quint won the regional chess award on Friday in Dunmore. Quint said she had not expected it. "
                   "Her trainer Tomas Grabwoski said she was ready.\n",
         NULL, 0},
        {"e2.txt", "Hawks QB Marla Quint signs a new contract with the club.\n"
                   "Marla thanked her coach Dora Benn and the club's founder, Harold Benn Jr, after the final. "
                   "Dora Benn said the club was proud. Later Harold Benn Jr spoke to the players. "
                   "Benn said the title was earned.\n",
         NULL, 1},
        {"e3.txt", "The founder Harold Benn praised Marla Quint after the final. Benn said the club would celebrate. "
                   "Her trainer, Tomas Grabowski, watched from the hall. "
                   "Losing Quint would hurt the club, he said.\n",
         NULL, 2},
    };
    char *js = run_story(in, 3);
    char *ents = member(js, "entities");
    char *v = item_with(ents, (const char *const[]){"\"canonical\":\"Marla Quint\"", "\"article\":\"e1.txt\",\"text\":\"Marla Quint\"",
                                                    "\"Marla\"", "\"Hawks QB Marla Quint\"", NULL});
    if (!v) fail_msg("Marla Quint's forms are not one entity: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"\"Harold Benn\"", "\"Harold Benn Jr\"", "\"article\":\"e2.txt\",\"text\":\"Benn\"", NULL});
    if (!v) fail_msg("Harold Benn's forms are not one entity: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"\"Harold Benn\"", "\"Dora Benn\"", NULL});
    if (v) fail_msg("two people sharing a surname were merged: %s", v);
    free(v);
    char *d = member(js, "discrepancies");
    if (d && strstr(d, "spelling of Harold")) fail_msg("a generational suffix reported as a spelling: %s", d);
    free(d);
    v = item_with(ents, (const char *const[]){"\"Tomas Grabowski\"", "\"Tomas Grabwoski\"", NULL});
    if (!v) fail_msg("a surname with two letters swapped is not the same person: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"Losing", NULL});
    if (v) fail_msg("a gerund made part of a name: %s", v);
    free(v);
    free(ents);
    free(js);
}

/* "U.S.", "US" and "United States" are one place; a nationality is linked
 * to its country and is no place; "Estonian" does not stand for the
 * "Estonian Seamen's Church"; France and French are not two spellings. */
static void test_countries(void **state)
{
    (void)state;
    static const art_in in[] = {
        {"u1.txt", "Estonian and U.S. officials met in Tallinn on Monday. The talks in Estonia were criticised in the U.S. "
                   "by lawmakers. The United States and Estonia said they agreed. A French envoy joined them in France.\n", NULL, 0},
        {"u2.txt", "During the US visit, the envoys met Estonian officials at the Estonian Seamen's Church in Tallinn. "
                   "Estonians followed the talks closely, and the US delegation left on Tuesday. French diplomats welcomed the deal.\n", NULL, 1},
    };
    char *js = run_story(in, 2);
    char *ents = member(js, "entities");
    char *v = item_with(ents, (const char *const[]){"\"U.S.\"", "\"US\"", "\"United States\"", "\"kind\":\"place\"", NULL});
    if (!v) fail_msg("U.S., US and United States are not one place: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"\"canonical\":\"Estonian\"", "\"kind\":\"nationality\"", "\"country\":\"Estonia\"", NULL});
    if (!v) fail_msg("a nationality not linked to its country: %s", ents);
    if (v && strstr(v, "Church")) fail_msg("a nationality joined a longer name: %s", v);
    free(v);
    v = item_with(ents, (const char *const[]){"\"canonical\":\"Estonians\"", "\"country\":\"Estonia\"", NULL});
    if (!v) fail_msg("a plural nationality not linked to its country: %s", ents);
    free(v);
    v = item_with(ents, (const char *const[]){"\"France\"", "\"French\"", NULL});
    if (v) fail_msg("a country and an irregular nationality joined as two spellings: %s", v);
    free(v);
    char *d = member(js, "discrepancies");
    if (d && strstr(d, "spelling of U")) fail_msg("U.S. and US reported as two spellings: %s", d);
    if (d && strstr(d, "spelling of Fr")) fail_msg("France and French reported as two spellings: %s", d);
    free(d);
    free(ents);
    free(js);
}


/* ---- Where the sources differ: one invented story per kind ---------------- */

/* The discrepancies of a story, and whether one of them is of kind and holds
 * every needle. */
static bool has_difference(const art_in *in, size_t n, const char *kind, const char *const *needles, char **json_out)
{
    char *js = run_story(in, n);
    char *d = member(js, "discrepancies");
    assert_non_null(d);
    char k[48];
    snprintf(k, sizeof k, "\"kind\":\"%s\"", kind);
    const char *all[8] = {k};
    size_t m = 1;
    for (const char *const *s = needles; *s && m < 7; s++) all[m++] = *s;
    all[m] = NULL;
    char *hit = item_with(d, all);
    bool ok = hit != NULL;
    free(hit);
    free(d);
    if (json_out) *json_out = js;
    else free(js);
    return ok;
}

static void test_diff_date(void **state)
{
    (void)state;
    /* two outlets put one vote on different days; a third agrees with the first */
    const art_in in[] = {
        {"d1.txt", "The Harbor Council voted on Tuesday to close the old ferry terminal in Port Ellery.\n"
                   "Mayor Ines Barlow said the vote ends a decade of debate.\n", "2024-05-16", 0},
        {"d2.txt", "The Harbor Council voted on Wednesday to close the old ferry terminal, officials said.\n"
                   "Ines Barlow welcomed the decision.\n", "2024-05-16", 1},
        {"d3.txt", "In Port Ellery, the Harbor Council voted Tuesday to close the old ferry terminal.\n", "2024-05-16", 2},
    };
    char *js = NULL;
    assert_true(has_difference(in, 3, "date", (const char *const[]){"\"on Tuesday\"", "\"on Wednesday\"", NULL}, &js));
    /* each side with its independent sources: Tuesday by two, Wednesday by one */
    char *d = member(js, "discrepancies");
    assert_non_null(strstr(d, "\"value\":\"on Tuesday\",\"date\":\"2024-05-14\",\"independent_sources\":2"));
    assert_non_null(strstr(d, "\"value\":\"on Wednesday\",\"date\":\"2024-05-15\",\"independent_sources\":1"));
    free(d);
    free(js);
}

static void test_diff_figure(void **state)
{
    (void)state;
    const art_in in[] = {
        {"f1.txt", "The Brenholt dam project will cost $4.2 billion, the regional authority said on Monday.\n"
                   "Engineer Tomas Ruud leads the project.\n", "2024-03-05", 0},
        {"f2.txt", "The regional authority said the Brenholt dam project will cost $4.8 billion.\n"
                   "Tomas Ruud, the chief engineer, defended the budget.\n", "2024-03-05", 1},
    };
    assert_true(has_difference(in, 2, "figure", (const char *const[]){"$4.2 billion", "$4.8 billion", NULL}, NULL));
    /* one count told with two nouns for the thing counted */
    const art_in things[] = {
        {"h1.txt", "The assembly has sent the senate 16 bills on housing that the senate never took up, the speaker said.\n", NULL, 0},
        {"h2.txt", "The speaker said the assembly had sent the senate 12 measures on housing that were never taken up.\n", NULL, 1},
    };
    assert_true(has_difference(things, 2, "figure", (const char *const[]){"16 bills", "12 measures", NULL}, NULL));
    /* two articles agree on a figure a third gives differently: the row is disputed, not agreeing */
    const art_in three[] = {
        {"k1.txt", "The plan includes 23 steps the governor will take without the legislature, aides said.\n", NULL, 0},
        {"k2.txt", "Aides said the plan includes 23 steps the governor will take without the legislature.\n", NULL, 1},
        {"k3.txt", "The plan includes 19 steps the governor will take without the legislature, aides said on Monday.\n", NULL, 2},
    };
    char *tj = NULL;
    assert_true(has_difference(three, 3, "figure", (const char *const[]){"\"23\"", "\"19\"", NULL}, &tj));
    char *rows = member(tj, "figures");
    assert_non_null(rows);
    assert_null(item_with(rows, (const char *const[]){"\"agree\":true", "23 steps", NULL}));
    free(rows);
    free(tj);
    /* a rounding is no difference: "about $4 billion" against $4.2 billion */
    const art_in same[] = {
        {"g1.txt", "The Brenholt dam project will cost $4.2 billion, the regional authority said on Monday.\n", "2024-03-05", 0},
        {"g2.txt", "The regional authority said the Brenholt dam project will cost about $4 billion.\n", "2024-03-05", 1},
    };
    char *js = run_story(same, 2);
    char *d = member(js, "discrepancies");
    assert_string_equal(d, "[]");
    free(d);
    free(js);
}

/* A copy that changed one value of a sentence told in nearly the same words. */
static void test_diff_wording(void **state)
{
    (void)state;
    const art_in in[] = {
        {"w1.txt", "A storm flooded the lower town of Marsden Cove on Sunday, forcing residents onto their roofs.\n"
                   "Rescue crews pulled seven people from the water before the tide turned, the harbor master said.\n"
                   "The ferry to Ostrel Island was halted at 4:15 p.m. as the waves rose over the pier wall.\n"
                   "\"We have never seen the water come this far inland,\" fire chief Dana Morrow said in a statement.\n",
         NULL, 0},
        {"w2.txt", "A storm flooded the lower town of Marsden Cove on Sunday, forcing residents onto their roofs.\n"
                   "Rescue crews pulled eleven people from the water before the tide turned, the harbor master said.\n"
                   "The ferry to Ostrel Island was halted at 6:40 p.m. as the waves rose over the pier wall.\n"
                   "\"We have never seen the water come this far inland,\" harbor master Lena Quist said in a statement.\n",
         NULL, 1},
    };
    char *js = run_story(in, 2);
    char *d = member(js, "discrepancies");
    assert_non_null(d);
    char *hit = item_with(d, (const char *const[]){"\"kind\":\"figure\"", "\"seven\"", "\"eleven\"", NULL});
    assert_non_null(hit);
    free(hit);
    hit = item_with(d, (const char *const[]){"\"kind\":\"time\"", "4:15", "6:40", NULL});
    assert_non_null(hit);
    free(hit);
    hit = item_with(d, (const char *const[]){"\"kind\":\"speaker\"", "Dana Morrow", "Lena Quist", NULL});
    assert_non_null(hit);
    free(hit);
    free(d);
    free(js);
    /* one town placed in two regions; a region written short is the same region */
    const art_in towns[] = {
        {"t1.txt", "A gas main burst under the market square in Dunmore, Oregon, on Friday, injuring four people.\n", NULL, 0},
        {"t2.txt", "Four people were hurt when a gas main burst in Dunmore, Kentucky, the fire service said.\n", NULL, 1},
        {"t3.txt", "The explosion in Dunmore, Ore., damaged six shops around the square.\n", NULL, 2},
    };
    js = run_story(towns, 3);
    d = member(js, "discrepancies");
    hit = item_with(d, (const char *const[]){"\"kind\":\"place\"", "\"value\":\"Oregon\",\"independent_sources\":2",
                                             "\"value\":\"Kentucky\",\"independent_sources\":1", NULL});
    assert_non_null(hit);
    free(hit);
    free(d);
    free(js);
    /* one detail told with opposite words */
    const art_in sisters[] = {
        {"s1.txt", "Nora Halvorsen, the younger sister of the candidate, criticised the plan on Monday.\n", NULL, 0},
        {"s2.txt", "The candidate was criticised by her older sister, Nora Halvorsen, who runs a bakery in town.\n", NULL, 1},
    };
    js = run_story(sisters, 2);
    d = member(js, "discrepancies");
    hit = item_with(d, (const char *const[]){"\"kind\":\"event\"", "younger sister", "older sister", NULL});
    assert_non_null(hit);
    free(hit);
    free(d);
    free(js);
    /* two players' lines read alike but are two facts; "more than 40" and 45 can both hold */
    const art_in apart[] = {
        {"p1.txt", "Forward Ilkka Saarinen finished the night with 31 points and nine rebounds for the visitors.\n"
                   "The arena, which seats more than 40,000 fans, was sold out for the final.\n", NULL, 0},
        {"p2.txt", "Center Marco Deluca finished the night with 24 points and nine rebounds for the visitors.\n"
                   "The arena, which seats 45,000 fans, was sold out for the final.\n", NULL, 1},
    };
    js = run_story(apart, 2);
    d = member(js, "discrepancies");
    assert_non_null(d);
    assert_null(strstr(d, "\"31"));
    assert_null(strstr(d, "45,000"));
    free(d);
    free(js);
}

static void test_diff_spelling(void **state)
{
    (void)state;
    const art_in in[] = {
        {"s1.txt", "Senator Marguerite Hallorsen said on Friday she would run again.\n"
                   "Hallorsen has served since 2012.\n", "2024-02-02", 0},
        {"s2.txt", "Senator Marguerite Halorsen will run again, her office said.\n"
                   "The announcement ended weeks of doubt.\n", "2024-02-02", 1},
    };
    assert_true(has_difference(in, 2, "name", (const char *const[]){"Hallorsen", "Halorsen", NULL}, NULL));
    /* two different people whose names differ by a consonant stay apart */
    const art_in two[] = {
        {"t1.txt", "Coach Dana Parrish praised the defence after the match.\n", "2024-02-02", 0},
        {"t2.txt", "Referee Colm Harrish sent off two players in the second half.\n", "2024-02-02", 1},
    };
    char *js = run_story(two, 2);
    char *d = member(js, "discrepancies");
    assert_string_equal(d, "[]");
    free(d);
    free(js);
}

static void test_diff_quote(void **state)
{
    (void)state;
    /* one statement worded differently is a variant; a shorter excerpt of the
     * same words is not */
    const art_in in[] = {
        {"q1.txt", "Ines Barlow said: \xE2\x80\x9CThe terminal will close in June and the ferries will move to the north pier.\xE2\x80\x9D\n",
         "2024-05-16", 0},
        {"q2.txt", "\xE2\x80\x9CThe terminal will shut in June and the ferries will move to the north quay,\xE2\x80\x9D Ines Barlow said.\n",
         "2024-05-16", 1},
        {"q3.txt", "Barlow said \xE2\x80\x9Cthe ferries will move to the north pier\xE2\x80\x9D once works begin.\n", "2024-05-16", 2},
    };
    char *js = run_story(in, 3);
    char *v = member(js, "quote_variants");
    assert_non_null(strstr(v, "will shut in June"));
    free(v);
    free(js);
    const art_in excerpt[] = {in[0], in[2]};
    js = run_story(excerpt, 2);
    v = member(js, "quote_variants");
    assert_string_equal(v, "[]");
    free(v);
    free(js);
}

static void test_diff_event(void **state)
{
    (void)state;
    /* one outlet wrote before the vote, another after it */
    const art_in in[] = {
        {"v1.txt", "The Harbor Council is set to approve the closure of the Port Ellery ferry terminal, Mayor Ines Barlow said.\n",
         "2024-05-13", 0},
        {"v2.txt", "The Harbor Council approved the closure of the Port Ellery ferry terminal on Tuesday, Mayor Ines Barlow said.\n",
         "2024-05-15", 1},
    };
    assert_true(has_difference(in, 2, "event", (const char *const[]){"set to approve", "approved the closure", NULL}, NULL));
    /* the same done in both, and a hedge ("could approve") against a deed, are no difference */
    const art_in same[] = {
        {"w1.txt", "The Harbor Council could approve the closure of the Port Ellery ferry terminal, Mayor Ines Barlow said.\n",
         "2024-05-13", 0},
        {"w2.txt", "The Harbor Council approved the closure of the Port Ellery ferry terminal on Tuesday, Mayor Ines Barlow said.\n",
         "2024-05-15", 1},
    };
    char *js = run_story(same, 2);
    char *d = member(js, "discrepancies");
    assert_null(strstr(d, "\"kind\":\"event\""));
    free(d);
    free(js);
    /* done against denied */
    const art_in neg[] = {
        {"x1.txt", "Prosecutors charged Dale Voss with arson after the fire at the Port Ellery ferry terminal, police said.\n",
         "2024-05-15", 0},
        {"x2.txt", "Prosecutors have not charged Dale Voss over the fire at the Port Ellery ferry terminal, police said.\n",
         "2024-05-15", 1},
    };
    assert_true(has_difference(neg, 2, "event", (const char *const[]){"not charged", NULL}, NULL));
}

static void test_diff_age_and_undated_weekday(void **state)
{
    (void)state;
    /* a person's age, stated two ways; articles without a date still name weekdays */
    const art_in in[] = {
        {"y1.txt", "Captain Orla Vance, 47, brought the trawler into Port Ellery on Saturday after the storm.\n", NULL, 0},
        {"y2.txt", "The 44-year-old Orla Vance brought the trawler into Port Ellery on Sunday after the storm.\n", NULL, 1},
    };
    assert_true(has_difference(in, 2, "age", (const char *const[]){"\"47\"", "\"44-year-old\"", NULL}, NULL));
    assert_true(has_difference(in, 2, "date", (const char *const[]){"on Saturday", "on Sunday", NULL}, NULL));
    /* an age told later in the sentence ("died at 91"), not a clock time ("at 11 p.m.") */
    const art_in obit[] = {
        {"o1.txt", "Ada Lindqvist, the swimmer who became a film star, died at 91 in her home on Thursday.\n", NULL, 0},
        {"o2.txt", "Ada Lindqvist, 89, the swimmer who became a film star, died in her home on Thursday.\n", NULL, 1},
    };
    assert_true(has_difference(obit, 2, "age", (const char *const[]){"\"91\"", "\"89\"", NULL}, NULL));
    const art_in clock[] = {
        {"c1.txt", "Ada Lindqvist, the swimmer who became a film star, died at 11 p.m. in her home on Thursday.\n", NULL, 0},
        {"c2.txt", "Ada Lindqvist, 89, the swimmer who became a film star, died in her home on Thursday.\n", NULL, 1},
    };
    assert_false(has_difference(clock, 2, "age", (const char *const[]){"\"89\"", NULL}, NULL));
}

static void test_single_source_and_nothing_found(void **state)
{
    (void)state;
    const art_in in[] = {
        {"n1.txt", "The Harbor Council voted on Tuesday to close the old ferry terminal in Port Ellery.\n"
                   "The terminal opened in 1961 and carried 40,000 passengers a year.\n", "2024-05-16", 0},
        {"n2.txt", "On Tuesday, the Harbor Council voted to close the old ferry terminal.\n", "2024-05-16", 1},
    };
    char *js = run_story(in, 2);
    /* a figure only one article states is shown as such, never as agreeing */
    char *f = member(js, "figures");
    char *row = item_with(f, (const char *const[]){"40,000 passengers", NULL});
    assert_non_null(row);
    assert_non_null(strstr(row, "\"agree\":null,\"single_source\":true,\"independent_sources\":1"));
    free(row);
    free(f);
    /* nothing differs: the comparison says how much was compared */
    char *d = member(js, "discrepancies");
    assert_string_equal(d, "[]");
    free(d);
    const char *c = strstr(js, "\"comparison\":{\"facts_compared\":");
    assert_non_null(c);
    assert_true(atoi(c + strlen("\"comparison\":{\"facts_compared\":")) >= 1);
    assert_non_null(strstr(js, "\"independent_sources\":2,\"articles\":2,\"differences\":0}"));
    free(js);
}

static void test_empty(void **state)
{
    (void)state;
    cwi_buf out;
    cwi_buf_init(&out, 0);
    assert_int_equal(cwi_check_story(NULL, 0, &out), CW_OK);
    assert_string_equal(out.data, "\"entities\":[],\"figures\":[],\"dates\":[],\"quotes\":[],\"quote_variants\":[],"
                                  "\"discrepancies\":[],\"comparison\":{\"facts_compared\":0,"
                                  "\"independent_sources\":0,\"articles\":0,\"differences\":0}");
    cwi_buf_clean(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_story), cmocka_unit_test(test_places),
                                       cmocka_unit_test(test_durations), cmocka_unit_test(test_common_words),
                                       cmocka_unit_test(test_name_forms), cmocka_unit_test(test_countries),
                                       cmocka_unit_test(test_diff_date), cmocka_unit_test(test_diff_figure),
                                       cmocka_unit_test(test_diff_wording),
                                       cmocka_unit_test(test_diff_spelling), cmocka_unit_test(test_diff_quote),
                                       cmocka_unit_test(test_diff_event), cmocka_unit_test(test_diff_age_and_undated_weekday),
                                       cmocka_unit_test(test_single_source_and_nothing_found),
                                       cmocka_unit_test(test_empty)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
