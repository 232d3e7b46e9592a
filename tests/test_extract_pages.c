/* extract: page types and the main text of pages that are not one article
 * (threads, section fronts, products, documentation, service pages), page
 * chrome (consent layers, newsletter boxes, related rails) and the metadata
 * rules. Every page here is invented for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cw_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "extract/extract.h"

static cwi_doc run(const char *html)
{
    cwi_doc d = {0};
    char *err = NULL;
    cw_status st = cwi_extract_html(html, strlen(html), NULL, &d, &err);
    if (st != CW_OK) fail_msg("extract failed: %s", err ? err : "?");
    assert_non_null(d.text);
    assert_non_null(d.page_type);
    assert_true(d.page_type_conf > 0 && d.page_type_conf <= 1);
    return d;
}

static void has(const cwi_doc *d, const char *s) { cwt_has(d->text, s); }
static void hasnt(const cwi_doc *d, const char *s) { cwt_hasnt(d->text, s); }

static void is_type(const cwi_doc *d, const char *t)
{
    if (strcmp(d->page_type, t)) fail_msg("page type %s (%.2f), expected %s", d->page_type, d->page_type_conf, t);
}

static const char consent[] =
    "<div class=\"cookie-consent-banner\"><p>We use cookies to improve your experience, measure traffic and "
    "show offers. Accept all cookies or manage your choices in the settings.</p></div>";
static const char newsletter[] =
    "<div class=\"newsletter-signup\"><h3>Get the morning digest</h3><p>Sign up for our free newsletter, "
    "delivered to your inbox every weekday, with the stories that matter.</p></div>";

/* A thread: every post is content, the consent layer is not. */
static void forum_thread(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_buf_adds(&b,
        "<html lang=en><head><title>Sourdough starter smells of nail varnish - Baking Forum</title>"
        "<link rel=canonical href=\"https://forum.bakers.example/t/sourdough-starter-smells/4412\">"
        "<script type=\"application/ld+json\">{\"@type\":\"DiscussionForumPosting\",\"headline\":"
        "\"Sourdough starter smells of nail varnish\"}</script></head><body>"), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, consent), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, "<div id=\"main\"><h1>Sourdough starter smells of nail varnish</h1>"), CW_OK);
    static const char *const posts[] = {
        "My rye starter has smelled of nail varnish for three days now, and the jar has a grey liquid on top. "
        "Is it dead, or can I still save it before the weekend bake?",
        "That smell is acetone, which a hungry starter makes when it runs out of food. Pour off the liquid, "
        "feed it twice a day for a few days, and keep it somewhere a little warmer.",
        "Same thing happened to mine last winter. Feeding it with a spoon of wholemeal flour brought it back "
        "within two days, and the loaves were fine afterwards.",
        "Thanks, both of you. Two feeds later it doubled in six hours and smells of yoghurt again, so the "
        "weekend bake is back on the plan.",
    };
    for (int i = 0; i < 4; i++)
        assert_int_equal(cwi_buf_printf(&b,
            "<div class=\"topic-post\"><div class=\"post-author\">baker%d</div>"
            "<time datetime=\"2025-03-0%dT10:00:00Z\">March %d</time><div class=\"post-body\"><p>%s</p></div>"
            "</div>", i + 1, i + 1, i + 1, posts[i]), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, "</div></body></html>"), CW_OK);
    cwi_doc d = run(b.data);
    is_type(&d, "forum");
    for (int i = 0; i < 4; i++) {
        char head[40];
        snprintf(head, sizeof head, "%.30s", posts[i]);
        has(&d, head);
    }
    hasnt(&d, "We use cookies");
    cwi_doc_clean(&d);
    cwi_buf_clean(&b);
}

/* An app shell whose thread is only in <noscript> (what crawlers are
 * served), beside a short "enable JavaScript" notice. */
static void thread_in_noscript(void **state)
{
    (void)state;
    cwi_doc d = run(
        "<html><head><title>Wiring a garden light</title></head><body><div id=app></div>"
        "<noscript>Please enable JavaScript to use this site.</noscript>"
        "<noscript data-path=\"/t/wiring-a-garden-light/77\"><div id=\"main-outlet\" role=main>"
        "<div class=\"crawler-post\"><p>I want to run a garden light forty metres from the house. Which cable "
        "should I bury, and does it need its own breaker in the consumer unit?</p></div>"
        "<div class=\"crawler-post\"><p>Use armoured cable at that length, buried at least half a metre deep, "
        "and put it on its own residual current device so a fault outside never trips the house.</p></div>"
        "<div class=\"crawler-post\"><p>Also check the voltage drop for forty metres; a thicker core keeps the "
        "light from flickering when the pump on the same circuit starts.</p></div>"
        "</div></noscript></body></html>");
    has(&d, "I want to run a garden light forty metres");
    has(&d, "Use armoured cable at that length");
    has(&d, "Also check the voltage drop");
    hasnt(&d, "enable JavaScript");
    cwi_doc_clean(&d);
}

/* A section front: cards of linked headlines and teasers are the content
 * (links kept), the newsletter box is not. */
static void section_front(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_buf_adds(&b,
        "<html><head><title>Science | The Daily Lantern</title>"
        "<link rel=canonical href=\"https://lantern.example/section/science/\">"
        "<meta property=og:type content=website></head><body><header><nav><a href=/>Home</a></nav></header>"
        "<main><h1>Science</h1><div class=\"card-grid\">"), CW_OK);
    static const char *const topics[] = {"glaciers", "comets", "bees", "tides", "volcanoes", "corals",
                                         "owls", "fungi", "storms", "lichens", "moths", "caves"};
    for (int i = 0; i < 12; i++)
        assert_int_equal(cwi_buf_printf(&b,
            "<article class=\"card\"><h2><a href=\"/2025/04/%02d/story-about-%s\">What we learned about %s "
            "this spring</a></h2><p>Researchers in the field describe new findings on %s.</p>"
            "<time datetime=\"2025-04-%02d\">April %d</time></article>", i + 1, topics[i], topics[i],
            topics[i], i + 1, i + 1), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, "</div>"), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, newsletter), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, "</main><footer>About us</footer></body></html>"), CW_OK);
    cwi_doc d = run(b.data);
    is_type(&d, "listing");
    has(&d, "What we learned about glaciers this spring");
    has(&d, "What we learned about caves this spring");
    has(&d, "new findings on owls");
    hasnt(&d, "Sign up for our free newsletter");
    cwi_doc_clean(&d);
    cwi_buf_clean(&b);
}

/* A product page: its description and details are the content. */
static void product_page(void **state)
{
    (void)state;
    cwi_doc d = run(
        "<html><head><title>Walnut Chopping Board - Oak & Iron Kitchen</title>"
        "<meta property=og:type content=product>"
        "<link rel=canonical href=\"https://oakiron.example/products/walnut-chopping-board\">"
        "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Walnut Chopping Board\"}</script>"
        "</head><body><main><div class=product><h1>Walnut Chopping Board</h1><p class=price>$49.99</p>"
        "<button class=\"add-to-cart\">Add to cart</button>"
        "<div class=description><p>Cut from a single slab of American black walnut, this board is gentle on "
        "knife edges and heavy enough to stay put while you work.</p>"
        "<ul><li>40 x 28 x 3 cm</li><li>Finished with food-safe mineral oil</li><li>Made in Sheffield</li></ul>"
        "</div></div></main></body></html>");
    is_type(&d, "product");
    has(&d, "Cut from a single slab of American black walnut");
    has(&d, "Finished with food-safe mineral oil");
    cwi_doc_clean(&d);
}

/* Documentation: an address under /docs/ and code blocks. */
static void documentation_page(void **state)
{
    (void)state;
    cwi_doc d = run(
        "<html><head><title>Installing Kettle - Kettle documentation</title>"
        "<link rel=canonical href=\"https://docs.kettle.example/docs/install\"></head><body><main>"
        "<h1>Installing Kettle</h1><p>Kettle runs on any system with a C compiler and make, and installs "
        "into your home directory by default.</p><pre><code>make && make install</code></pre>"
        "<p>To install it for every user, give a prefix, and run the second step as the administrator.</p>"
        "<pre><code>make PREFIX=/usr/local install</code></pre><h2>Checking the install</h2>"
        "<p>Run the version command; it prints the version and the path it was installed to.</p>"
        "<pre><code>kettle --version</code></pre></main></body></html>");
    is_type(&d, "documentation");
    has(&d, "Kettle runs on any system with a C compiler");
    has(&d, "Checking the install");
    cwi_doc_clean(&d);
}

/* A news article keeps its story and leaves out the rail, the newsletter
 * box and the comments. */
static void news_article(void **state)
{
    (void)state;
    cwi_buf b;
    cwi_buf_init(&b, 0);
    assert_int_equal(cwi_buf_adds(&b,
        "<html><head><title>Ferry returns to the island after ten years | Harbour Post</title>"
        "<meta property=og:type content=article>"
        "<link rel=canonical href=\"https://harbourpost.example/2025/06/02/ferry-returns-to-the-island\">"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Ferry returns to "
        "the island after ten years\",\"datePublished\":\"2025-06-02T08:00:00Z\",\"author\":{\"name\":"
        "\"Mara Quist\"}}</script></head><body><div class=page><article class=story>"
        "<h1>Ferry returns to the island after ten years</h1>"), CW_OK);
    for (int i = 0; i < 6; i++)
        assert_int_equal(cwi_buf_printf(&b,
            "<p>Paragraph %d of the story: the council said the new ferry, which carries forty cars and two "
            "hundred passengers, will sail four times a day, and islanders, who had relied on a small boat, "
            "welcomed the news at a meeting on Saturday.</p>", i + 1), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, "</article>"), CW_OK);
    assert_int_equal(cwi_buf_adds(&b, newsletter), CW_OK);
    assert_int_equal(cwi_buf_adds(&b,
        "<div class=\"related-stories\"><h3>Related</h3><ul><li><a href=/a>Bridge plan shelved</a></li>"
        "<li><a href=/b>Harbour wall repaired</a></li></ul></div>"
        "<div class=comments><div class=comment><p>About time too, my grandmother waited years for this, "
        "and the small boat was never enough in winter.</p></div></div></div></body></html>"), CW_OK);
    cwi_doc d = run(b.data);
    is_type(&d, "article");
    has(&d, "Paragraph 1 of the story");
    has(&d, "Paragraph 6 of the story");
    hasnt(&d, "Sign up for our free newsletter");
    hasnt(&d, "Bridge plan shelved");
    hasnt(&d, "my grandmother waited");
    assert_string_equal(d.published, "2025-06-02T08:00:00Z");
    assert_string_equal(d.author, "Mara Quist");
    cwi_doc_clean(&d);
    cwi_buf_clean(&b);
}

/* A company's service page is "other". */
static void service_page(void **state)
{
    (void)state;
    cwi_doc d = run(
        "<html><head><title>Boiler servicing in Leeds | Warmhouse Heating</title>"
        "<meta property=og:type content=website>"
        "<link rel=canonical href=\"https://warmhouse.example/boiler-servicing\"></head><body><main>"
        "<h1>Boiler servicing</h1><p>Our engineers service every make of gas boiler and leave you a signed "
        "record for your warranty.</p><h2>What a service covers</h2><ul><li>Flue and seals checked</li>"
        "<li>Burner cleaned</li><li>Pressure and safety valves tested</li></ul>"
        "<p>Call us to book a visit; most services take under an hour.</p></main></body></html>");
    is_type(&d, "other");
    has(&d, "Our engineers service every make of gas boiler");
    has(&d, "Pressure and safety valves tested");
    cwi_doc_clean(&d);
}

/* Metadata rules: the date and author written in named elements when the
 * markup has none; references decoded in titles; a markup title skipped. */
static void metadata_rules(void **state)
{
    (void)state;
    static const char body[] =
        "<p>The allotment society met on Tuesday to share out the new plots, and twelve families, some of whom "
        "had waited for years, were given a key to the gate and a copy of the rules.</p>"
        "<p>Plots will be inspected each spring, and any left untended for a season return to the list, the "
        "secretary said, so that the waiting list keeps moving.</p>";
    char page[2048];
    snprintf(page, sizeof page,
             "<html><head><title>Twelve new allotments</title></head><body><article><h1>Twelve new "
             "allotments</h1><div class=\"entry-meta\"><span class=\"post-date\">March 3, 2024</span> "
             "<span class=\"author-name\">By Jane Roe</span></div>%s</article></body></html>", body);
    cwi_doc d = run(page);
    assert_non_null(d.published);
    assert_string_equal(d.published, "2024-03-03");
    assert_non_null(d.author);
    assert_string_equal(d.author, "Jane Roe");
    cwi_doc_clean(&d);

    snprintf(page, sizeof page,
             "<html><head><title><script>x</script></title><script type=\"application/ld+json\">"
             "{\"@type\":\"BlogPosting\",\"headline\":\"Fish &amp; chips &#8211; a short history\"}</script>"
             "</head><body><article><p>By <a href=\"/author/sam-lee\">Sam Lee</a></p>%s</article></body></html>",
             body);
    d = run(page);
    assert_string_equal(d.title, "Fish & chips \xE2\x80\x93 a short history");
    assert_non_null(d.author);
    assert_string_equal(d.author, "Sam Lee");
    cwi_doc_clean(&d);

    /* a story's date and byline in its <header> (left out of the text) still count */
    snprintf(page, sizeof page,
             "<html><head><title>Twelve new allotments</title></head><body><article><header class=\"entry-header\">"
             "<h1>Twelve new allotments</h1><a href=\"/2024/03/allotments/\" rel=\"bookmark\"><time "
             "class=\"entry-date published\" datetime=\"2024-03-05T10:00:00Z\">March 5</time></a> <span "
             "class=\"byline\"><span class=\"author vcard\">Ana Ruiz</span></span></header>%s</article></body></html>",
             body);
    d = run(page);
    assert_non_null(d.published);
    assert_string_equal(d.published, "2024-03-05T10:00:00Z");
    assert_non_null(d.author);
    assert_string_equal(d.author, "Ana Ruiz");
    hasnt(&d, "March 5");
    cwi_doc_clean(&d);

    /* an app shell's data: the publication key's date, when nothing else gives one */
    snprintf(page, sizeof page,
             "<html><head><title>Twelve new allotments</title></head><body><div id=\"root\"><article>%s</article>"
             "</div><script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"post\":{\"title\":"
             "\"Twelve new allotments\",\"updated\":\"2025-11-02\",\"publishedAt\":\"2025-10-20T13:08:55Z\"}}}</script>"
             "</body></html>", body);
    d = run(page);
    assert_non_null(d.published);
    assert_string_equal(d.published, "2025-10-20T13:08:55Z");
    cwi_doc_clean(&d);
    snprintf(page, sizeof page,
             "<html><body><article>%s</article><script>window.s={slug:\"allotments\",publishedDate:\"2019-08-16\"};"
             "var notPublishedAt = 3;</script></body></html>", body);
    d = run(page);
    assert_non_null(d.published);
    assert_string_equal(d.published, "2019-08-16");
    cwi_doc_clean(&d);

    /* markup dates win over text ones */
    snprintf(page, sizeof page,
             "<html><head><meta property=\"article:published_time\" content=\"2023-11-20T09:00:00Z\"></head>"
             "<body><article><span class=\"post-date\">March 3, 2024</span>%s</article></body></html>", body);
    d = run(page);
    assert_string_equal(d.published, "2023-11-20T09:00:00Z");
    cwi_doc_clean(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forum_thread),      cmocka_unit_test(thread_in_noscript), cmocka_unit_test(section_front),
        cmocka_unit_test(product_page),      cmocka_unit_test(documentation_page), cmocka_unit_test(news_article),
        cmocka_unit_test(service_page),      cmocka_unit_test(metadata_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
