/* ingest: RSS 2.0, RSS 1.0/RDF and Atom feeds; feed dates; broken feeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

#define MAXR 8

typedef struct seen {
    int n, errors, skips;
    char name[MAXR][160], url[MAXR][160], title[MAXR][160], outlet[MAXR][80], published[MAXR][40], author[MAXR][80];
    char data[MAXR][400];
    int kind[MAXR];
    char errs[4][256];
} seen;

static void cp(char *dst, size_t sz, const char *s) { snprintf(dst, sz, "%s", s ? s : "-"); }

static cw_status rec_cb(void *ud, const cwi_record *r)
{
    seen *s = ud;
    if (s->n < MAXR) {
        int i = s->n;
        cp(s->name[i], sizeof s->name[i], r->name);
        cp(s->url[i], sizeof s->url[i], r->url);
        cp(s->title[i], sizeof s->title[i], r->title);
        cp(s->outlet[i], sizeof s->outlet[i], r->outlet);
        cp(s->published[i], sizeof s->published[i], r->published);
        cp(s->author[i], sizeof s->author[i], r->author);
        snprintf(s->data[i], sizeof s->data[i], "%.*s", (int)CWI_MIN(r->len, (size_t)399), r->data);
        s->kind[i] = r->kind;
        assert_null(memchr(r->data, 0, r->len));
    }
    s->n++;
    return CW_OK;
}

static void err_cb(void *ud, const char *msg)
{
    seen *s = ud;
    if (s->errors < 4) snprintf(s->errs[s->errors], 256, "%s", msg);
    s->errors++;
    assert_null(strchr(msg, '\n'));
}

static void skip_cb(void *ud, const char *msg)
{
    (void)msg;
    ((seen *)ud)->skips++;
}

static cwi_reader reader(seen *s)
{
    memset(s, 0, sizeof *s);
    cwi_reader r = {rec_cb, err_cb, skip_cb, s, 0, 0};
    return r;
}

static void rss2_items_with_their_metadata(void **state)
{
    (void)state;
    const char *feed =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel><title>The Daily  Lantern</title><link>https://lantern.example/</link>\n"
        "<item><title>Harbour reopens after storm</title>\n"
        "  <link>https://lantern.example/harbour</link><guid>lantern-1</guid>\n"
        "  <pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate>\n"
        "  <author>desk@lantern.example (Mara Vink)</author>\n"
        "  <description>Short teaser.</description>\n"
        "  <content:encoded><![CDATA[<p>The port reopened on Friday & traffic resumed.</p>]]></content:encoded>\n"
        "</item>\n"
        "<item><title>Council votes</title><guid isPermaLink=\"false\">lantern-2</guid>\n"
        "  <dc:date>2024-05-06T08:30:00-05:00</dc:date><dc:creator>Ana Ruiz</dc:creator>\n"
        "  <description>&lt;p&gt;The council voted &lt;b&gt;yes&lt;/b&gt;.&lt;/p&gt;</description>\n"
        "</item>\n"
        "<item><title>Only a title</title><link>https://lantern.example/t</link></item>\n"
        "<item><title>Plain</title><link>https://lantern.example/plain</link>"
        "<pubDate>6 May 24 10:00 EST</pubDate><description>No markup here at all.</description></item>\n"
        "</channel></rss>\n";
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, feed, strlen(feed), "lantern.xml"), CW_OK);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.n, 4); /* an item of a headline alone is an article (its text is its headline) */
    assert_int_equal(s.skips, 0);
    assert_string_equal(s.name[0], "https://lantern.example/harbour");
    assert_string_equal(s.url[0], "https://lantern.example/harbour");
    assert_string_equal(s.title[0], "Harbour reopens after storm");
    assert_string_equal(s.outlet[0], "The Daily Lantern");
    assert_string_equal(s.published[0], "2003-06-10T02:00:00Z");
    assert_string_equal(s.author[0], "Mara Vink");
    assert_int_equal(s.kind[0], CWI_REC_HTML);
    assert_string_equal(s.data[0], "<p>The port reopened on Friday & traffic resumed.</p>");
    /* named by its guid when it has no link; the description is HTML */
    assert_string_equal(s.name[1], "lantern-2");
    assert_string_equal(s.url[1], "-");
    assert_string_equal(s.published[1], "2024-05-06T13:30:00Z");
    assert_string_equal(s.author[1], "Ana Ruiz");
    assert_string_equal(s.data[1], "<p>The council voted <b>yes</b>.</p>");
    assert_int_equal(s.kind[1], CWI_REC_HTML);
    assert_string_equal(s.title[2], "Only a title");
    assert_string_equal(s.data[2], "");
    assert_int_equal(s.kind[2], CWI_REC_TEXT);
    assert_int_equal(s.kind[3], CWI_REC_TEXT);
    assert_string_equal(s.published[3], "2024-05-06T15:00:00Z");
}

static void rss1_rdf_items(void **state)
{
    (void)state;
    const char *feed =
        "<?xml version=\"1.0\"?>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel rdf:about=\"https://rdf.example/\"><title>RDF Times</title></channel>\n"
        "<item rdf:about=\"https://rdf.example/a\"><title>First</title>"
        "<description>Text of the first item.</description><dc:date>2021-03-04</dc:date>"
        "<dc:creator>Jo Bloggs</dc:creator></item>\n"
        "<item rdf:about=\"https://rdf.example/b\"><title>Second</title><link>https://rdf.example/b2</link>"
        "<description>Text of the second item.</description></item>\n"
        "</rdf:RDF>\n";
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, feed, strlen(feed), "rdf.xml"), CW_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.name[0], "https://rdf.example/a");
    assert_string_equal(s.outlet[0], "RDF Times");
    assert_string_equal(s.published[0], "2021-03-04");
    assert_string_equal(s.author[0], "Jo Bloggs");
    assert_string_equal(s.name[1], "https://rdf.example/b2");
}

static void atom_entries(void **state)
{
    (void)state;
    const char *feed =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "<title type=\"html\">Atom &lt;b&gt;Post&lt;/b&gt;</title><author><name>Feed Author</name></author>\n"
        "<entry><title>One</title><id>urn:uuid:1</id>\n"
        "  <link rel=\"self\" href=\"https://atom.example/self/1\"/>\n"
        "  <link rel=\"alternate\" type=\"text/html\" href=\"https://atom.example/1\"/>\n"
        "  <published>2024-01-02T03:04:05.123+01:00</published><updated>2024-02-02T00:00:00Z</updated>\n"
        "  <author><name>Entry Author</name></author>\n"
        "  <content type=\"html\">&lt;p&gt;Entry one body.&lt;/p&gt;</content></entry>\n"
        "<entry><title>Two</title><id>urn:uuid:2</id><updated>2024-02-03T00:00:00Z</updated>\n"
        "  <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Entry <em>two</em>.</p></div></content>"
        "</entry>\n"
        "<entry><title>Three</title><id>urn:uuid:3</id><summary>Just a summary.</summary>"
        "<content type=\"text\">Plain text content.</content></entry>\n"
        "</feed>\n";
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, feed, strlen(feed), "atom.xml"), CW_OK);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.outlet[0], "Atom Post");
    assert_string_equal(s.name[0], "https://atom.example/1");
    assert_string_equal(s.published[0], "2024-01-02T02:04:05Z");
    assert_string_equal(s.author[0], "Entry Author");
    assert_string_equal(s.data[0], "<p>Entry one body.</p>");
    assert_int_equal(s.kind[0], CWI_REC_HTML);
    assert_string_equal(s.name[1], "urn:uuid:2");
    assert_string_equal(s.author[1], "Feed Author");
    assert_string_equal(s.published[1], "2024-02-03T00:00:00Z");
    assert_non_null(strstr(s.data[1], "<em>two</em>"));
    assert_int_equal(s.kind[1], CWI_REC_HTML);
    assert_string_equal(s.data[2], "Plain text content.");
    assert_int_equal(s.kind[2], CWI_REC_TEXT);
}

static void bare_ampersands_and_html_entities(void **state)
{
    (void)state;
    const char *feed =
        "<rss version=\"2.0\"><channel><title>Smith & Sons &mdash; News</title>\n"
        "<item><title>Caf&eacute; reopens&nbsp;today &amp; more &#8212; &unknown; &#0; done</title>"
        "<link>https://x.example/a?b=1&c=2</link>"
        "<description>Body with AT&T in it &copy; 2024.</description></item>\n"
        "</channel></rss>";
    seen s;
    cwi_reader r = reader(&s);
    assert_int_equal(cwi_read_memory(&r, feed, strlen(feed), "broken.rss"), CW_OK);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.outlet[0], "Smith & Sons \xe2\x80\x94 News");
    assert_string_equal(s.title[0], "Caf\xc3\xa9 reopens\xc2\xa0today & more \xe2\x80\x94 &unknown; done");
    assert_string_equal(s.name[0], "https://x.example/a?b=1&c=2");
    assert_string_equal(s.data[0], "Body with AT&T in it \xc2\xa9 2024.");
}

static void feed_dates(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
        {"Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00Z"},
        {"Mon, 31 Dec 2018 23:30:00 -0100", "2019-01-01T00:30:00Z"},
        {"Sat, 1 Jan 2000 00:10 +0100", "1999-12-31T23:10:00Z"},
        {"10 Jun 03 04:00 PDT", "2003-06-10T11:00:00Z"},
        {"Thu, 29 Feb 2024 12:00:00", "2024-02-29T12:00:00"},
        {"Thursday, 07-March-2024 09:15:00 UTC", "2024-03-07T09:15:00Z"},
        {"2024-05-06T08:30:00Z", "2024-05-06T08:30:00Z"},
        {"2024-05-06T08:30:00.5+05:30", "2024-05-06T03:00:00Z"},
        {"2024-05-06 08:30", "2024-05-06T08:30:00"},
        {"2024-05-06", "2024-05-06"},
        {" 2024-05-06T08:30:00+0200 ", "2024-05-06T06:30:00Z"},
        {"Fri, 30 Feb 2024 00:00:00 GMT", NULL},
        {"2023-02-29", NULL},
        {"2024-13-01", NULL},
        {"yesterday", NULL},
        {"", NULL},
        {"Tue, 10 Foo 2003 04:00:00 GMT", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *d = cwi_feed_date(cases[i].in, strlen(cases[i].in));
        if (!cases[i].out) {
            if (d) fail_msg("case %zu \"%s\": got \"%s\", wanted none", i, cases[i].in, d);
        } else if (!d || strcmp(d, cases[i].out)) {
            fail_msg("case %zu \"%s\": got \"%s\", wanted \"%s\"", i, cases[i].in, d ? d : "(none)", cases[i].out);
        }
        free(d);
    }
}

static void detection(void **state)
{
    (void)state;
    static const struct { const char *in; bool feed; } cases[] = {
        {"<?xml version=\"1.0\"?><rss version=\"2.0\">", true},
        {"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- hi -->\n<?xml-stylesheet href=\"a\"?><feed xmlns=\"x\">", true},
        {"<rdf:RDF xmlns:rdf=\"r\">", true},
        {"<!DOCTYPE rss PUBLIC \"x\" \"y\"><rss>", true},
        {"<html><body><feedback>no</feedback></body></html>", false},
        {"<feedback>no</feedback>", false},
        {"<rssfoo>", false},
        {"<p>text</p>", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (cwi_is_feed(cases[i].in, strlen(cases[i].in)) != cases[i].feed) fail_msg("case %zu: %s", i, cases[i].in);
}

static void broken_and_legacy_feeds(void **state)
{
    (void)state;
    seen s;
    cwi_reader r = reader(&s);
    /* cut in the middle of the second item: the first is kept */
    const char *cut = "<rss><channel><title>T</title><item><title>A</title><link>https://c.example/a</link>"
                      "<description>Complete item.</description></item><item><title>B</title><descr";
    assert_int_equal(cwi_read_memory(&r, cut, strlen(cut), "cut.xml"), CW_OK);
    assert_true(s.n >= 1);
    assert_string_equal(s.name[0], "https://c.example/a");

    /* ISO-8859-1 declared */
    r = reader(&s);
    const char *latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title>"
                        "<item><link>https://l.example/1</link><description>Cr\xe8me br\xfbl\xe9" "e for all.</description>"
                        "</item></channel></rss>";
    assert_int_equal(cwi_read_memory(&r, latin, strlen(latin), "latin.xml"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.outlet[0], "Caf\xc3\xa9");
    assert_string_equal(s.data[0], "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e for all.");

    /* no items at all: passed over, not refused */
    r = reader(&s);
    const char *empty = "<rss><channel><title>Nothing</title></channel></rss>";
    assert_int_equal(cwi_read_memory(&r, empty, strlen(empty), "empty.xml"), CW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.skips, 1);

    /* an external entity is neither fetched nor expanded */
    r = reader(&s);
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      "<rss><channel><item><link>https://e.example/1</link><description>a &x; b</description>"
                      "</item></channel></rss>";
    assert_int_equal(cwi_read_memory(&r, xxe, strlen(xxe), "xxe.xml"), CW_OK);
    assert_int_equal(s.n, 1);
    assert_null(strstr(s.data[0], "root:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rss2_items_with_their_metadata),
        cmocka_unit_test(rss1_rdf_items),
        cmocka_unit_test(atom_entries),
        cmocka_unit_test(bare_ampersands_and_html_entities),
        cmocka_unit_test(feed_dates),
        cmocka_unit_test(detection),
        cmocka_unit_test(broken_and_legacy_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
