/* brief: summary, timeline, coverage and renderers on small invented stories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "brief/brief.h"

/* An invented story: a wire report (W) retold twice (W2, W3: same group), and
 * two outlets reporting on their own (B, C). The wire family repeats a fact
 * about a bridge three times; B and C both report, in their own words, a
 * protest by fishermen. */
#define X_WIRE "The harbour council in Lindmoor approved a new flood barrier costing twelve million euros."
static const char *W_TEXT = X_WIRE "\n"
                            "Engineers expect construction to begin after the winter storms have passed.\n"
                            "The barrier will protect about four hundred homes near the old canal.";
static const char *W2_TEXT = X_WIRE "\n"
                             "Engineers expect construction to begin after the winter storms have passed.\n"
                             "Local shops welcomed the decision of the council.";
static const char *W3_TEXT = X_WIRE "\n"
                             "The barrier will protect about four hundred homes near the old canal.";
static const char *B_TEXT = "Hundreds of fishermen protested outside the Lindmoor town hall against the new fishing quotas.\n"
                            "The ministry announced the quotas last week after a survey of cod stocks.\n"
                            "Police said the protest was peaceful.";
static const char *C_TEXT = "Fishermen staged a large protest at the Lindmoor town hall over new fishing quotas set by the ministry.\n"
                            "Union leaders said the quotas would cost many jobs in the harbour.\n"
                            "The cod survey found stocks at their lowest level in a decade.";

static void story(cwi_brief_article a[5])
{
    memset(a, 0, 5 * sizeof *a);
    const char *names[] = {"w.txt", "w2.txt", "w3.txt", "b.txt", "c.txt"};
    const char *texts[] = {W_TEXT, W2_TEXT, W3_TEXT, B_TEXT, C_TEXT};
    const char *outlets[] = {"Wire", "Paper Two", "Paper Three", "Bee News", "Sea Times"};
    const char *pub[] = {"2025-03-01T08:00:00Z", "2025-03-01T10:00:00Z", "2025-03-02", "2025-03-01T09:00:00Z",
                         "2025-03-01T11:00:00Z"};
    int groups[] = {0, 0, 0, 1, 2};
    for (int i = 0; i < 5; i++) {
        a[i].name = names[i];
        a[i].text = texts[i];
        a[i].len = strlen(texts[i]);
        a[i].outlet = outlets[i];
        a[i].published = pub[i];
        a[i].group = groups[i];
        a[i].title = i < 3 ? "Lindmoor council approves flood barrier" : "Fishermen protest new quotas in Lindmoor";
    }
}

static json_t *summary_of(const cwi_brief_article *a, size_t n, unsigned words)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_summary(a, n, NULL, 0, words, &b), CW_OK);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, 0, &err);
    if (!j) fail_msg("bad JSON: %s in %s", err.text, b.data);
    cwi_buf_clean(&b);
    assert_true(json_is_array(j));
    return j;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool w = !isspace((unsigned char)*s);
        if (w && !in) n++;
        in = w;
    }
    return n;
}

/* Lower-cased words of 4 letters or more, as a crude content set. */
static size_t content_words(const char *s, char out[64][32])
{
    size_t n = 0;
    while (*s && n < 64) {
        while (*s && !isalpha((unsigned char)*s)) s++;
        size_t k = 0;
        char w[32];
        while (*s && isalpha((unsigned char)*s)) {
            if (k < 31) w[k++] = (char)tolower((unsigned char)*s);
            s++;
        }
        w[k] = 0;
        if (k >= 4) strcpy(out[n++], w);
    }
    return n;
}

static double word_overlap(const char *a, const char *b)
{
    char wa[64][32], wb[64][32];
    size_t na = content_words(a, wa), nb = content_words(b, wb), k = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!strcmp(wa[i], wb[j])) {
                k++;
                break;
            }
    size_t m = na < nb ? na : nb;
    return m ? (double)k / (double)m : 0;
}

static bool cites(json_t *item, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(item, "articles"), i, v) if (!strcmp(json_string_value(v), name)) return true;
    return false;
}

/* Three copies of one wire report weigh one voice: with room for one
 * sentence, the fact two independent outlets report wins. */
static void wire_family_is_one_voice(void **state)
{
    cwi_brief_article a[5];
    story(a);
    json_t *s = summary_of(a, 5, 16);
    assert_int_equal(json_array_size(s), 1);
    const char *t = json_string_value(json_object_get(json_array_get(s, 0), "text"));
    assert_non_null(strstr(t, "ishermen"));
    json_decref(s);
}

/* Citations: the protest sentence cites both outlets that state it, with
 * spans that point at their sentences; the wire sentence cites its copies. */
static void citations(void **state)
{
    cwi_brief_article a[5];
    story(a);
    json_t *s = summary_of(a, 5, 200);
    bool saw_protest = false, saw_barrier = false;
    size_t i;
    json_t *it;
    json_array_foreach(s, i, it)
    {
        const char *t = json_string_value(json_object_get(it, "text"));
        if (strstr(t, "ishermen")) {
            saw_protest = true;
            assert_true(cites(it, "b.txt") && cites(it, "c.txt"));
        }
        if (strstr(t, "flood barrier")) {
            saw_barrier = true;
            assert_true(cites(it, "w.txt") && cites(it, "w2.txt") && cites(it, "w3.txt"));
        }
        size_t k;
        json_t *sp;
        json_array_foreach(json_object_get(it, "spans"), k, sp)
        {
            const char *nm = json_string_value(json_object_get(sp, "article"));
            json_int_t st = json_integer_value(json_object_get(sp, "start")), en = json_integer_value(json_object_get(sp, "end"));
            const cwi_brief_article *src = NULL;
            for (int q = 0; q < 5; q++)
                if (!strcmp(a[q].name, nm)) src = &a[q];
            assert_non_null(src);
            assert_true(st >= 0 && st < en && (size_t)en <= src->len);
        }
        /* the first span is the sentence given as text */
        json_t *s0 = json_array_get(json_object_get(it, "spans"), 0);
        const char *nm = json_string_value(json_object_get(s0, "article"));
        for (int q = 0; q < 5; q++)
            if (!strcmp(a[q].name, nm)) {
                json_int_t st = json_integer_value(json_object_get(s0, "start"));
                json_int_t en = json_integer_value(json_object_get(s0, "end"));
                assert_int_equal((size_t)(en - st), strlen(t));
                assert_memory_equal(a[q].text + st, t, strlen(t));
            }
    }
    assert_true(saw_protest && saw_barrier);
    json_decref(s);
}

/* No two summary sentences say the same thing, however long the summary. */
static void no_repeats(void **state)
{
    cwi_brief_article a[5];
    story(a);
    json_t *s = summary_of(a, 5, 1000);
    size_t n = json_array_size(s);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *x = json_string_value(json_object_get(json_array_get(s, i), "text"));
            const char *y = json_string_value(json_object_get(json_array_get(s, j), "text"));
            if (word_overlap(x, y) >= 0.5) fail_msg("repeat:\n  %s\n  %s", x, y);
        }
    json_decref(s);
}

/* Two outlets state one toll in different words: with the check stage's
 * facts the summary keeps one of the two sentences. */
static void one_fact_once(void **state)
{
    static const char *ta = "Flooding in the Orvel valley has killed at least twelve people, the regional governor told "
                            "reporters.\nThe governor asked the army for boats and field kitchens.";
    static const char *tb = "A dozen residents lost their lives when the swollen river broke through the dykes overnight.\n"
                            "Volunteers filled sandbags outside the cathedral until dawn.";
    cwi_brief_article a[2];
    memset(a, 0, sizeof a);
    a[0] = (cwi_brief_article){.name = "a.txt", .text = ta, .len = strlen(ta), .group = 0};
    a[1] = (cwi_brief_article){.name = "b.txt", .text = tb, .len = strlen(tb), .group = 1};
    const char *fa = strstr(ta, "at least twelve people"), *fb = strstr(tb, "A dozen residents");
    cwi_brief_fact f[2] = {{7, 0, {(uint32_t)(fa - ta), (uint32_t)(fa - ta + 22)}},
                           {7, 1, {(uint32_t)(fb - tb), (uint32_t)(fb - tb + 17)}}};
    for (int with = 0; with < 2; with++) {
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_brief_summary(a, 2, with ? f : NULL, with ? 2 : 0, 1000, &b), CW_OK);
        json_t *j = json_loadb(b.data, b.len, 0, NULL);
        assert_non_null(j);
        size_t i, toll = 0;
        json_t *it;
        json_array_foreach(j, i, it)
        {
            const char *x = json_string_value(json_object_get(it, "text"));
            toll += strstr(x, "twelve") || strstr(x, "dozen");
        }
        assert_int_equal(toll, with ? 1 : 2);
        assert_int_equal(json_array_size(j), with ? 3 : 4);
        json_decref(j);
        cwi_buf_clean(&b);
    }
    /* a fact placed past the text or between articles is ignored, not an error */
    cwi_brief_fact bad[2] = {{1, 5, {0, 3}}, {1, 0, {9999, 10000}}};
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_summary(a, 2, bad, 2, 1000, &b), CW_OK);
    assert_int_equal(cwi_brief_summary(a, 2, NULL, 2, 1000, &b), CW_ERR_USAGE);
    cwi_buf_clean(&b);
}

/* The length setting: whole sentences within the budget (one at least). */
static void length_honoured(void **state)
{
    cwi_brief_article a[5];
    story(a);
    for (unsigned words = 5; words <= 80; words += 15) {
        json_t *s = summary_of(a, 5, words);
        size_t total = 0, i;
        json_t *it;
        assert_true(json_array_size(s) >= 1);
        json_array_foreach(s, i, it) total += count_words(json_string_value(json_object_get(it, "text")));
        size_t first = count_words(json_string_value(json_object_get(json_array_get(s, 0), "text")));
        /* past the budget only by less than half a sentence, or one sentence alone */
        assert_true(total <= words + first / 2 + 10 || json_array_size(s) == 1);
        json_decref(s);
    }
    json_t *small = summary_of(a, 5, 40), *big = summary_of(a, 5, 120);
    assert_true(json_array_size(big) > json_array_size(small));
    json_decref(small);
    json_decref(big);
}

/* The brief's headline: of the articles' own headlines, the one the other
 * independent voices come closest to; a question or a headline of one voice's
 * side detail is not taken; its words count in the length. */
static void headline_of_the_story(void **state)
{
    static const char *t[4] = {
        "The Ossel river burst its banks at Brenholt on Sunday, flooding three hundred homes.\n"
        "Rescue boats took families from the roofs of their houses.",
        "Floodwater from the Ossel filled the streets of Brenholt after two days of rain.\n"
        "About three hundred homes were flooded and the mayor opened the sports hall to families.",
        "Three hundred homes in Brenholt were flooded when the Ossel overflowed.\n"
        "Insurers said claims could reach record levels this year.",
        "Brenholt's mayor asked the region for help after the flood.\n"
        "The Ossel flooded about three hundred homes in the town on Sunday.",
    };
    static const char *h[4] = {"Ossel floods three hundred homes in Brenholt", "Is Brenholt ready for the next flood?",
                               "Insurers brace for record claims", "Brenholt mayor asks region for flood help"};
    cwi_brief_article a[4];
    memset(a, 0, sizeof a);
    const char *names[] = {"a.txt", "b.txt", "c.txt", "d.txt"};
    for (int i = 0; i < 4; i++) {
        a[i].name = names[i];
        a[i].text = t[i];
        a[i].len = strlen(t[i]);
        a[i].title = h[i];
        a[i].group = -1;
    }
    for (unsigned words = 10; words <= 60; words += 25) {
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_brief_lead(a, 4, NULL, 0, words, &b), CW_OK);
        char *doc = cwi_sprintf("{%s}", b.data);
        json_t *j = json_loads(doc, 0, NULL);
        assert_non_null(j);
        json_t *hd = json_object_get(j, "headline");
        assert_string_equal(json_string_value(json_object_get(hd, "text")), h[0]);
        assert_string_equal(json_string_value(json_object_get(hd, "article")), "a.txt");
        json_t *s = json_object_get(j, "summary");
        size_t total = count_words(h[0]), i;
        json_t *it;
        assert_true(json_array_size(s) >= 1);
        json_array_foreach(s, i, it) total += count_words(json_string_value(json_object_get(it, "text")));
        size_t first = count_words(json_string_value(json_object_get(json_array_get(s, 0), "text")));
        assert_true(total <= words + first / 2 + 10 || json_array_size(s) == 1);
        json_decref(j);
        free(doc);
        cwi_buf_clean(&b);
    }
    /* no headline at all: null, and the summary as before */
    for (int i = 0; i < 4; i++) a[i].title = NULL;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_lead(a, 4, NULL, 0, 40, &b), CW_OK);
    assert_non_null(strstr(b.data, "\"headline\":null,\"summary\":[{"));
    cwi_buf_clean(&b);
}

/* Order for a reader: a story's opening facts come before later detail. */
static void reader_order(void **state)
{
    cwi_brief_article a[5];
    story(a);
    json_t *s = summary_of(a, 5, 1000);
    /* every opening sentence (index 0 of its article) comes before any later one */
    size_t i;
    json_t *it;
    bool later_seen = false;
    json_array_foreach(s, i, it)
    {
        const char *t = json_string_value(json_object_get(it, "text"));
        bool opening = strstr(t, "flood barrier costing") || strstr(t, "ishermen");
        if (opening) assert_false(later_seen);
        else later_seen = true;
    }
    json_decref(s);
}

/* Headings, questions, list items and bare quotes are not summary sentences. */
static void informative_only(void **state)
{
    const char *t = "What happens next?\n"
                    "Key demands include:\n"
                    "- The council must publish all the flood barrier contracts before the vote.\n"
                    "\"We will fight this flood barrier decision in every court of the land.\"\n"
                    "Flood Barrier Plans\n"
                    "The council voted to build the flood barrier at the mouth of the river Lind.";
    cwi_brief_article a = {.name = "q.txt", .text = t, .len = strlen(t), .group = -1};
    json_t *s = summary_of(&a, 1, 200);
    assert_int_equal(json_array_size(s), 1);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(s, 0), "text")), "The council voted"));
    json_decref(s);
}

static void empty_and_hostile(void **state)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_fragment(NULL, 0, NULL, 0, NULL, 0, 0, &b), CW_OK);
    char *doc = cwi_sprintf("{%s}", b.data);
    json_t *j = json_loads(doc, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "summary")), 0);
    json_decref(j);
    free(doc);
    /* one long line with no sentence end, and bytes that are not text */
    size_t n = 200000;
    char *t = malloc(n + 1);
    for (size_t i = 0; i < n; i++) t[i] = (char)(i % 7 ? 'a' + i % 26 : ' ');
    t[n] = 0;
    cwi_brief_article a = {.name = "long", .text = t, .len = n, .group = -1};
    cwi_buf_reset(&b);
    assert_int_equal(cwi_brief_fragment(&a, 1, NULL, 0, NULL, 0, 50, &b), CW_OK);
    free(t);
    cwi_buf_clean(&b);
}

static void timeline_from_events(void **state)
{
    cwi_brief_article a[5];
    story(a);
    /* dates named in the texts: "last week" in b.txt, the survey in c.txt */
    const char *lw = strstr(B_TEXT, "last week");
    const char *sv = strstr(C_TEXT, "The cod survey");
    cwi_brief_event ev[3] = {
        {"2025-02-24", 3, {(uint32_t)(lw - B_TEXT), (uint32_t)(lw - B_TEXT + 9)}},
        {"2025-02-10", 4, {(uint32_t)(sv - C_TEXT), (uint32_t)(sv - C_TEXT + 4)}},
        {"2025-02-24", 4, {(uint32_t)(sv - C_TEXT), (uint32_t)(sv - C_TEXT + 4)}},
    };
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_timeline(a, 5, ev, 3, &b), CW_OK);
    json_t *t = json_loadb(b.data, b.len, 0, NULL);
    assert_int_equal(json_array_size(t), 2);
    json_t *e0 = json_array_get(t, 0), *e1 = json_array_get(t, 1);
    assert_string_equal(json_string_value(json_object_get(e0, "date")), "2025-02-10");
    assert_string_equal(json_string_value(json_object_get(e1, "date")), "2025-02-24");
    assert_non_null(strstr(json_string_value(json_object_get(e1, "what")), "last week"));
    assert_true(cites(e1, "b.txt") && cites(e1, "c.txt"));
    json_decref(t);
    /* without events: publication dates and full dates in the text */
    const char *txt = "The bridge opened on 3 March 2024 after two years of work on the river.";
    cwi_brief_article one = {.name = "d.txt", .text = txt, .len = strlen(txt), .published = "2025-01-05", .group = -1};
    cwi_buf_reset(&b);
    assert_int_equal(cwi_brief_timeline(&one, 1, NULL, 0, &b), CW_OK);
    t = json_loadb(b.data, b.len, 0, NULL);
    assert_int_equal(json_array_size(t), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(t, 0), "date")), "2024-03-03");
    assert_string_equal(json_string_value(json_object_get(json_array_get(t, 1), "date")), "2025-01-05");
    json_decref(t);
    cwi_buf_clean(&b);
}

static void coverage_retold(void **state)
{
    cwi_brief_article a[5];
    story(a);
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_coverage(a, 5, &b), CW_OK);
    json_t *c = json_loadb(b.data, b.len, 0, NULL);
    assert_int_equal(json_array_size(c), 5);
    json_t *first = json_array_get(c, 0);
    assert_string_equal(json_string_value(json_object_get(first, "outlet")), "Wire");
    assert_true(json_is_true(json_object_get(first, "first")));
    assert_int_equal(json_array_size(json_object_get(first, "retold_from")), 0);
    size_t i;
    json_t *it;
    int retold = 0;
    json_array_foreach(c, i, it)
    {
        json_t *r = json_object_get(it, "retold_from");
        if (json_array_size(r)) {
            retold++;
            assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "from")), "w.txt");
        }
        if (!strcmp(json_string_value(json_object_get(it, "outlet")), "Bee News")) assert_int_equal(json_array_size(r), 0);
    }
    assert_int_equal(retold, 2);
    json_decref(c);
    cwi_buf_clean(&b);
}

static char *doc_of(cwi_brief_article *a, size_t n, const char *title)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cwi_buf_adds(&b, "{\"id\":7,\"title\":");
    cwi_buf_json_str(&b, title, strlen(title));
    cwi_buf_adds(&b, ",\"articles\":[");
    for (size_t i = 0; i < n; i++) {
        cwi_buf_adds(&b, i ? ",{\"name\":" : "{\"name\":");
        cwi_buf_json_str(&b, a[i].name, strlen(a[i].name));
        cwi_buf_adds(&b, ",\"title\":");
        cwi_buf_json_str(&b, a[i].title, strlen(a[i].title));
        cwi_buf_adds(&b, "}");
    }
    cwi_buf_adds(&b, "],\"independent_groups\":[[\"w.txt\",\"w2.txt\",\"w3.txt\"],[\"b.txt\"],[\"c.txt\"]],");
    assert_int_equal(cwi_brief_fragment(a, n, NULL, 0, NULL, 0, 60, &b), CW_OK);
    cwi_buf_adds(&b, ",\"figures\":[{\"what\":\"<i>quota</i>\",\"value\":12,\"agree\":true,\"independent_sources\":2}]}");
    return cwi_buf_take(&b);
}

static void html_escapes(void **state)
{
    cwi_brief_article a[5];
    story(a);
    a[3].title = "<script>alert('x')</script> & more";
    char *doc = doc_of(a, 5, "<script>alert(1)</script>Lindmoor");
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_render(doc, strlen(doc), "html", &b), CW_OK);
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "<i>"));
    assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;Lindmoor"));
    assert_non_null(strstr(b.data, "<!DOCTYPE html>"));
    assert_non_null(strstr(b.data, "<style>"));
    assert_non_null(strstr(b.data, "<h2>Summary</h2>"));
    assert_non_null(strstr(b.data, "class=\"agree\""));
    assert_true(b.len > 0 && strstr(b.data, "</html>"));
    cwi_buf_clean(&b);
    free(doc);
}

/* Figures read as a person writes them, in Markdown and HTML alike. */
static void numbers_as_written(void **state)
{
    const char *doc = "{\"title\":\"t\",\"articles\":[],\"figures\":["
                      "{\"what\":\"aid\",\"value\":100000000000.0,\"agree\":true},"
                      "{\"what\":\"troops\",\"value\":200000,\"agree\":true},"
                      "{\"what\":\"budget\",\"value\":2500000.0,\"agree\":true},"
                      "{\"what\":\"share\",\"value\":19.5,\"agree\":true},"
                      "{\"what\":\"year\",\"value\":2025,\"agree\":true},"
                      "{\"what\":\"odd\",\"value\":19.999,\"agree\":true},"
                      "{\"what\":\"cost\",\"value\":1234567.0,\"agree\":true},"
                      "{\"what\":\"casualties\",\"value\":200000,\"agree\":true,\"mentions\":[{\"article\":\"a\","
                      "\"text\":\"hundreds of thousands\",\"value\":200000,\"low\":200000,\"high\":999999,\"qualifier\":\"vague\"}]},"
                      "{\"what\":\"land held\",\"value\":19,\"agree\":true,\"mentions\":[{\"article\":\"a\","
                      "\"text\":\"more than 19%\",\"value\":19,\"low\":19,\"high\":21.85,\"qualifier\":\"more than\"}]}]}";
    for (int html = 0; html < 2; html++) {
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_brief_render(doc, strlen(doc), html ? "html" : "md", &b), CW_OK);
        assert_non_null(strstr(b.data, "100 billion"));
        assert_non_null(strstr(b.data, "200,000"));
        assert_non_null(strstr(b.data, "2.5 million"));
        assert_non_null(strstr(b.data, "19.5"));
        assert_non_null(strstr(b.data, "2025"));
        assert_non_null(strstr(b.data, html ? ">20<" : " 20 |")); /* 19.999 */
        assert_non_null(strstr(b.data, "1,234,567"));
        assert_null(strstr(b.data, "e+"));
        /* an approximate quantity keeps its words and its qualifier */
        assert_non_null(strstr(b.data, html ? "<td>casualties</td><td>hundreds of thousands</td>" : "| casualties | hundreds of thousands |"));
        assert_non_null(strstr(b.data, html ? "<td>more than 19</td>" : "| more than 19 |"));
        cwi_buf_clean(&b);
    }
}

static void markdown_shape(void **state)
{
    cwi_brief_article a[5];
    story(a);
    char *doc = doc_of(a, 5, "Lindmoor [votes] <b>today</b>");
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_brief_render(doc, strlen(doc), "md", &b), CW_OK);
    const char *m = b.data;
    assert_memory_equal(m, "# Lindmoor \\[votes\\] \\<b\\>today\\</b\\>\n", 38);
    /* the headline in bold with its articles, then the summary's lines */
    assert_non_null(strstr(m, "\n## Summary\n\n**"));
    assert_non_null(strstr(m, "**Fishermen protest new quotas in Lindmoor** [")); /* two voices over one wire family */
    assert_non_null(strstr(m, "\n## Coverage\n\n| Outlet | Articles |"));
    assert_non_null(strstr(m, "| --- |"));
    assert_non_null(strstr(m, "\n## Sources\n"));
    assert_non_null(strstr(m, "\n## Figures\n"));
    assert_non_null(strstr(m, "\\[w.txt, w2.txt, w3.txt\\]") == NULL ? strstr(m, "[w.txt") : m);
    /* a summary line is one line: "- text [names]" */
    const char *s = strstr(strstr(m, "## Summary\n\n**"), "]\n\n- ");
    assert_non_null(s);
    const char *eol = strchr(s + 4, '\n');
    assert_true(eol && eol[-1] == ']');
    assert_int_equal(cwi_brief_render(doc, strlen(doc), "pdf", &b), CW_ERR_USAGE);
    assert_int_equal(cwi_brief_render("[1,2]", 5, "md", &b), CW_ERR_INPUT);
    assert_int_equal(cwi_brief_render("{", 1, "html", &b), CW_ERR_INPUT);
    cwi_buf_clean(&b);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wire_family_is_one_voice), cmocka_unit_test(citations),      cmocka_unit_test(no_repeats),
        cmocka_unit_test(one_fact_once),            cmocka_unit_test(headline_of_the_story),
        cmocka_unit_test(length_honoured),          cmocka_unit_test(reader_order),   cmocka_unit_test(informative_only),
        cmocka_unit_test(empty_and_hostile),        cmocka_unit_test(timeline_from_events),
        cmocka_unit_test(coverage_retold),          cmocka_unit_test(html_escapes),   cmocka_unit_test(markdown_shape), cmocka_unit_test(numbers_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
