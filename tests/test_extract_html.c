/* extract: HTML pages (invented fixtures), metadata, outlet templates and
 * hostile pages under time limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cw_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static cwi_doc run(const char *html, size_t n)
{
    cwi_doc d = {0};
    char *err = NULL;
    cw_status st = cwi_extract_html(html, n, NULL, &d, &err);
    if (st != CW_OK) fail_msg("extract failed: %s", err ? err : "?");
    assert_non_null(d.text);
    return d;
}

static void has(const cwi_doc *d, const char *s) { cwt_has(d->text, s); }
static void hasnt(const cwi_doc *d, const char *s) { cwt_hasnt(d->text, s); }

static void article_body_and_metadata(void **state)
{
    (void)state;
    size_t n = 0;
    char *html = cwt_slurp(CW_TEST_FIXTURES "/extract/article1.html", &n);
    assert_non_null(html);
    assert_true(cwi_looks_like_html(html, n));
    cwi_doc d = run(html, n);
    /* body, structure kept: one block a line */
    has(&d, "The tidal mill on the Wells estuary turned its wheel again on Saturday");
    has(&d, "\nFlour again by summer\n");
    has(&d, "\na heritage lottery grant,\n");
    has(&d, "The works were paid for by:");
    has(&d, "\nIt is the only working tide mill left on this coast");
    has(&d, "Entry will be free for children under twelve.");
    /* boilerplate gone */
    hasnt(&d, "Home");
    hasnt(&d, "cookies");
    hasnt(&d, "Share on Facebook");
    hasnt(&d, "Advertisement");
    hasnt(&d, "Photo: Estuary Archive");
    hasnt(&d, "Harbour wall repairs");
    hasnt(&d, "newsletter");
    hasnt(&d, "my grandfather");
    hasnt(&d, "Storm warning");
    hasnt(&d, "All rights reserved");
    hasnt(&d, "tracking");
    hasnt(&d, "color:red");
    /* metadata */
    assert_string_equal(d.title, "Tidal Mill Reopens After Restoration");
    assert_string_equal(d.published, "2024-05-06T07:30:00Z");
    assert_string_equal(d.author, "Mara Fenwick");
    assert_string_equal(d.site, "The Estuary Gazette");
    assert_string_equal(d.url, "https://gazette.example.org/2024/05/06/tidal-mill-reopens");
    assert_string_equal(d.lang, "en");
    assert_string_equal(d.credit, "Reuters");
    cwi_doc_clean(&d);
    free(html);
}

static void metadata_fallbacks(void **state)
{
    (void)state;
    /* no meta tags: <title> with the site stripped, the date from the URL,
     * the site from the host, the language from the text */
    static const char page[] =
        "<html><head><title>Bakers Protest Flour Prices - Kustbladet</title>"
        "<link rel=\"canonical\" href=\"https://www.kustbladet.example/nyheter/2023/11/02/bagare\"></head><body>"
        "<div id=\"main\"><p>Bagarna i staden protesterade på torsdagen mot de höga priserna på mjöl, och de "
        "sade att de inte kan höja priserna på bröd igen.</p><p>Det är den tredje protesten i år, och "
        "kommunen har lovat att svara på deras krav efter mötet i december.</p>"
        "<p>— TT</p></div></body></html>";
    cwi_doc d = run(page, sizeof page - 1);
    assert_string_equal(d.title, "Bakers Protest Flour Prices");
    assert_string_equal(d.published, "2023-11-02");
    assert_string_equal(d.site, "kustbladet.example");
    assert_string_equal(d.lang, "sv");
    assert_string_equal(d.credit, "TT");
    has(&d, "Bagarna i staden");
    hasnt(&d, "— TT");
    cwi_doc_clean(&d);

    /* JSON-LD articleBody when the markup hides the text */
    static const char ld[] =
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Bridge "
        "Closed\",\"datePublished\":\"2022-03-01\",\"author\":[{\"name\":\"A. One\"},{\"name\":\"B. Two\"}],"
        "\"articleBody\":\"The old bridge was closed on Monday after engineers found cracks in two of its "
        "piers.\\nTraffic will go through the town centre until repairs are finished, the council said "
        "in a statement on its website.\"}</script></head><body><div id=app></div></body></html>";
    d = run(ld, sizeof ld - 1);
    assert_string_equal(d.title, "Bridge Closed");
    assert_string_equal(d.published, "2022-03-01");
    assert_string_equal(d.author, "A. One, B. Two");
    has(&d, "The old bridge was closed on Monday");
    has(&d, "\nTraffic will go through");
    cwi_doc_clean(&d);
}

static void article_in_chunks(void **state)
{
    (void)state;
    /* the body split into two containers with an ad between them */
    static const char page[] =
        "<html><body><div class=wrap><div class=chunks>"
        "<div class=grid><div class=\"body part\"><p>First part of the story, with enough words, commas, and "
        "detail to count as a paragraph of an article.</p><p>Second paragraph, also long enough, about the "
        "town, the river, and the weather.</p></div><div class=rail>Ad</div></div>"
        "<div class=grid><div class=\"body part\"><p>Third paragraph, after the advertisement, still part of "
        "the same article, with commas, too.</p><p>Fourth paragraph, the reporter wrote, with more detail, "
        "and more commas.</p></div><div class=rail>Ad</div></div>"
        "<div class=grid><div class=\"body part\"><p>Fifth paragraph, after another advertisement, still "
        "part of the same article, and long.</p><p>Fourth and last paragraph, which ends the story, the "
        "reporter wrote, quietly.</p></div><div class=rail>Ad</div></div>"
        "</div></div><div class=footer-links><a href=/a>About</a> <a href=/b>Contact</a></div></body></html>";
    cwi_doc d = run(page, sizeof page - 1);
    has(&d, "First part of the story");
    has(&d, "Fourth and last paragraph");
    hasnt(&d, "About");
    cwi_doc_clean(&d);
}

static void hostile_pages(void **state)
{
    (void)state;
    cwi_doc d = {0};
    char *err = NULL;
    /* empty */
    assert_int_equal(cwi_extract_html("", 0, NULL, &d, &err), CW_OK);
    assert_string_equal(d.text, "");
    cwi_doc_clean(&d);
    /* no body, only text */
    assert_int_equal(cwi_extract_html("just words", 10, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    /* a class longer than the weighing buffer, and an id after it (found by fuzz_extract) */
    {
        char page[1200];
        int m = snprintf(page, sizeof page, "<div class=\"");
        for (int k = 0; k < 400; k++) page[m++] = (char)('a' + k % 26);
        m += snprintf(page + m, sizeof page - (size_t)m, "\" id=\"story\"><p>%s</p></div>",
                      "A long enough paragraph of plain words, with commas, to be scored as text.");
        assert_int_equal(cwi_extract_html(page, (size_t)m, NULL, &d, &err), CW_OK);
        cwi_doc_clean(&d);
    }
    /* binary data */
    static const char bin[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    assert_int_equal(cwi_extract_html(bin, sizeof bin - 1, NULL, &d, &err), CW_ERR_INPUT);
    assert_non_null(err);
    assert_null(d.text);
    free(err);
    err = NULL;
    /* 100,000 nested tags, then text */
    size_t depth = 100000;
    char *deep = malloc(depth * 5 + 64);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++) {
        memcpy(deep + k, "<div>", 5);
        k += 5;
    }
    k += (size_t)sprintf(deep + k, "<p>deep text, with commas, at the bottom of the page.</p>");
    assert_int_equal(cwi_extract_html(deep, k, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    /* unclosed and broken markup */
    static const char broken[] = "<html><body><div class=\"a><p>open <b>bold <i>both</p></div><p>next, one, two, "
                                 "three, four, five, six, seven, eight</p><table><tr><td>cell<div></table>&#xFFFFFFF;&bogus;<";
    assert_int_equal(cwi_extract_html(broken, sizeof broken - 1, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    /* truncated in the middle of a tag and of a character */
    static const char cut[] = "<html><head><title>Cut</title></head><body><p>Some text, and more text, caf\xc3";
    assert_int_equal(cwi_extract_html(cut, sizeof cut - 1, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    /* a 20 MB page of paragraphs */
    size_t big = 20u << 20;
    char *page = malloc(big + 64);
    static const char para[] = "<p>A sentence of the big page, with a comma, and another one.</p>\n";
    k = 0;
    k += (size_t)sprintf(page, "<html><body><div>");
    while (k + sizeof para < big) {
        memcpy(page + k, para, sizeof para - 1);
        k += sizeof para - 1;
    }
    assert_int_equal(cwi_extract_html(page, k, NULL, &d, &err), CW_OK);
    assert_true(strlen(d.text) > 1000000);
    cwi_doc_clean(&d);
    /* 100,000 nested inline tags inside a paragraph */
    k = (size_t)sprintf(page, "<p>");
    for (size_t i = 0; i < depth; i++) {
        memcpy(page + k, "<b>x", 4);
        k += 4;
    }
    assert_int_equal(cwi_extract_html(page, k, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    free(page);
    free(deep);
}

typedef struct learnt {
    int n;
    uint64_t hash[8];
    uint32_t count[8];
} learnt;
static cw_status note_line(void *ud, uint64_t hash, uint32_t count)
{
    learnt *l = ud;
    if (l->n < 8) l->hash[l->n] = hash, l->count[l->n] = count;
    l->n++;
    return CW_OK;
}

static void outlet_templates(void **state)
{
    (void)state;
    cwi_template *t = cwi_template_new();
    assert_non_null(t);
    const char *arts[] = {
        "Rain expected on Friday.\nFollow the Weekly Lantern on every platform\nCopyright 2021 Lantern",
        "The mayor resigned.\nFollow the Weekly Lantern on every platform\nCopyright 2022 Lantern\nThe mayor resigned.",
        "A new school opens.\nCopyright 2023 Lantern",
        "Fishermen strike over quotas.\nFollow the Weekly Lantern on every platform\nCopyright 2024 Lantern",
    };
    uint64_t follow = cwi_template_line_hash("Follow the Weekly Lantern on every platform", 43);
    for (int i = 0; i < 2; i++) assert_int_equal(cwi_template_feed(t, "lantern", arts[i], strlen(arts[i])), CW_OK);
    /* two articles are too few to tell */
    assert_false(cwi_template_is_template(t, "lantern", follow));
    for (int i = 2; i < 4; i++) assert_int_equal(cwi_template_feed(t, "lantern", arts[i], strlen(arts[i])), CW_OK);
    assert_true(cwi_template_is_template(t, "lantern", follow));                          /* 3 of 4 */
    assert_true(cwi_template_is_template(t, "lantern", cwi_template_line_hash("copyright 1999 LANTERN", 22)));
    assert_false(cwi_template_is_template(t, "lantern", cwi_template_line_hash("The mayor resigned.", 19)));
    assert_false(cwi_template_is_template(t, "other", follow)); /* per outlet */
    char *clean = NULL;
    const char *next = "Bridge reopens.\nFollow the Weekly Lantern on every platform\nCopyright 2025 Lantern\nTraffic is back.";
    assert_int_equal(cwi_template_strip(t, "lantern", next, strlen(next), &clean), CW_OK);
    assert_string_equal(clean, "Bridge reopens.\nTraffic is back.");
    free(clean);
    /* learning one more article at once: counted, its recurring lines told
     * with their counts, and stripped with what it taught */
    learnt got = {0};
    assert_int_equal(cwi_template_learn(t, "lantern", next, strlen(next), note_line, &got, &clean), CW_OK);
    assert_string_equal(clean, "Bridge reopens.\nTraffic is back.");
    free(clean);
    assert_int_equal(got.n, 2);
    assert_true(got.hash[0] == follow && got.count[0] == 4);
    assert_true(got.hash[1] == cwi_template_line_hash("Copyright 2025 Lantern", 22) && got.count[1] == 5);
    uint32_t n_arts = 0;
    assert_int_equal(cwi_template_count(t, "lantern", follow, &n_arts), 4);
    assert_int_equal(n_arts, 5);
    /* store and load gives the same answers */
    cwi_template *u = cwi_template_new();
    size_t it = 0;
    const char *o;
    uint32_t arts_n, cnt;
    uint64_t h;
    int rows = 0;
    while (cwi_template_next(t, &it, &o, &arts_n, &h, &cnt)) {
        assert_int_equal(cwi_template_load(u, o, arts_n, h, cnt), CW_OK);
        rows++;
    }
    assert_true(rows >= 6);
    assert_true(cwi_template_is_template(u, "lantern", follow));
    assert_false(cwi_template_is_template(u, "lantern", cwi_template_line_hash("The mayor resigned.", 19)));
    cwi_template_free(u);
    /* bounded: many distinct lines */
    char line[64];
    for (int a = 0; a < 3; a++) {
        for (int i = 0; i < 50000; i++) {
            int m = snprintf(line, sizeof line, "distinct line %c%d", 'a' + a, i);
            assert_int_equal(cwi_template_feed(t, "busy", line, (size_t)m), CW_OK);
        }
    }
    cwi_template_free(t);
    cwi_template_free(NULL);
}

/* An outlet that runs one story several times (updates, a copy under a new
 * headline) has not made the story its template. */
static void outlet_story_versions(void **state)
{
    (void)state;
    cwi_template *t = cwi_template_new();
    assert_non_null(t);
    const char *body = "The ferry between Orsk and Vela was cancelled on Monday after the storm damaged the pier.\n"
                       "Passengers were offered seats on the morning bus, the operator said in a statement.\n"
                       "Repairs to the pier are expected to take at least two weeks, according to the harbour office.\n"
                       "Share this story";
    char buf[1024];
    const char *heads[] = {"Ferry cancelled", "UPDATE: Ferry cancelled after storm", "Ferry to Vela off for weeks",
                           "Storm halts Vela ferry"};
    for (int i = 0; i < 4; i++) {
        int m = snprintf(buf, sizeof buf, "%s\n%s", heads[i], body);
        assert_int_equal(cwi_template_feed(t, "harbour", buf, (size_t)m), CW_OK);
    }
    char *clean = NULL;
    assert_int_equal(cwi_template_strip(t, "harbour", body, strlen(body), &clean), CW_OK);
    assert_non_null(strstr(clean, "The ferry between Orsk and Vela was cancelled"));
    assert_non_null(strstr(clean, "Repairs to the pier"));
    free(clean);
    cwi_template_free(t);
}

/* An article written as bare text and <br>s straight into its container,
 * beside a heading and a byline, wins over a footer paragraph. */
static void bare_text_article(void **state)
{
    (void)state;
    const char *html =
        "<html><head><title>Bus depot flooded</title></head><body>"
        "<div class=\"container\"><div class=\"col-side\"><ul>"
        "<li><a href=\"/a\">Council meetings and minutes of the last ten years</a></li>"
        "<li><a href=\"/b\">Public consultations on the harbour and the old town</a></li>"
        "<li><a href=\"/c\">Schools, libraries, sports halls and swimming pools</a></li>"
        "<li><a href=\"/d\">Waste collection days for every street of the town</a></li>"
        "<li><a href=\"/e\">Building permits, planning maps and land registry</a></li>"
        "<li><a href=\"/f\">Parking zones, residents' permits and fines</a></li></ul></div>"
        "<div class=\"col-main\"><p class=\"titulo\">Bus depot flooded</p>"
        "<small>12/03/2024</small><br><br>"
        "The municipal bus depot in the lower town was flooded overnight, and twelve of the forty buses "
        "could not leave in the morning. Crews pumped water out of the workshop until noon, the transport "
        "department said, and the routes to the hospital were covered first. Passengers on other routes "
        "waited up to an hour, and the service is expected to run normally again by Thursday.<br>"
        "<br><div class=\"row\"><div class=\"col\"><a href=\"/share\">Share</a></div></div></div></div>"
        "<div class=\"bottom-info\"><div class=\"inner\"><div class=\"addr\"><p>City Hall - Main Square 1 - Postal Box 42 - "
        "Phone: 555 0100 - Opening hours: Monday to Friday, 8 to 17, except holidays</p></div></div></div>"
        "</body></html>";
    cwi_doc d = run(html, strlen(html));
    has(&d, "The municipal bus depot in the lower town was flooded overnight");
    has(&d, "run normally again by Thursday.");
    hasnt(&d, "Postal Box");
    cwi_doc_clean(&d);
}

static void looks_like_html(void **state)
{
    (void)state;
    assert_true(cwi_looks_like_html("<!DOCTYPE html><html>", 21));
    assert_true(cwi_looks_like_html("\xEF\xBB\xBF  <html lang=en>", 19));
    assert_true(cwi_looks_like_html("Some text<br>more<p>para</p>", 28));
    assert_false(cwi_looks_like_html("Plain text about a < b and c > d.", 33));
    assert_false(cwi_looks_like_html("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(article_body_and_metadata),
        cmocka_unit_test(metadata_fallbacks),
        cmocka_unit_test(article_in_chunks),
        cmocka_unit_test(hostile_pages),
        cmocka_unit_test(outlet_templates),
        cmocka_unit_test(outlet_story_versions),
        cmocka_unit_test(bare_text_article),
        cmocka_unit_test(looks_like_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
