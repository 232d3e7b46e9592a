/* extract/dom: the HTML tokenizer and tree builder on small pages of its
 * own: implied end tags, character references, raw text, broken markup,
 * deep nesting, NUL bytes, truncated input, attribute quoting. Trees are
 * compared through cwi_dom_serialize. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dom.h"

/* The serialised body of html (or the whole document when whole). */
static char *tree_of(const char *html, size_t n, bool whole)
{
    cwi_dom *d = NULL;
    assert_int_equal(cwi_dom_parse(html, n, &d), CW_OK);
    cwi_buf b;
    cwi_buf_init(&b, 0);
    const cwi_dom_node *from = cwi_dom_document(d);
    if (!whole) {
        const cwi_dom_node *root = cwi_dom_root(d);
        from = NULL;
        for (const cwi_dom_node *c = root ? root->first : NULL; c; c = c->next)
            if (c->type == CWI_DOM_ELEMENT && c->tag == CWI_TAG_BODY) from = c;
        assert_non_null(from);
        for (const cwi_dom_node *c = from->first; c; c = c->next) assert_int_equal(cwi_dom_serialize(c, &b), CW_OK);
    } else {
        for (const cwi_dom_node *c = from->first; c; c = c->next) assert_int_equal(cwi_dom_serialize(c, &b), CW_OK);
    }
    cwi_dom_free(d);
    char *r = b.data ? cwi_buf_take(&b) : strdup("");
    cwi_buf_clean(&b);
    return r;
}

static void expect(const char *html, const char *want)
{
    char *got = tree_of(html, strlen(html), false);
    if (strcmp(got, want)) fail_msg("for   %s\n got  %s\n want %s", html, got, want);
    free(got);
}

static void expect_doc(const char *html, size_t n, const char *want)
{
    char *got = tree_of(html, n, true);
    if (strcmp(got, want)) fail_msg("for   %s\n got  %s\n want %s", html, got, want);
    free(got);
}

static void tag_table(void **state)
{
    (void)state;
    for (int t = 2; t < CWI_TAG_COUNT; t++)
        assert_true(strcmp(cwi_dom_tag_name((enum cwi_dom_tag)(t - 1)), cwi_dom_tag_name((enum cwi_dom_tag)t)) < 0);
    for (int t = 1; t < CWI_TAG_COUNT; t++) {
        const char *nm = cwi_dom_tag_name((enum cwi_dom_tag)t);
        assert_int_equal(cwi_dom_tag_id(nm, strlen(nm)), t);
    }
    assert_int_equal(cwi_dom_tag_id("h", 1), CWI_TAG_OTHER);
    assert_int_equal(cwi_dom_tag_id("custom-element", 14), CWI_TAG_OTHER);
    assert_int_equal(cwi_dom_tag_id("blockquotes", 11), CWI_TAG_OTHER);
    assert_null(cwi_dom_tag_name(CWI_TAG_OTHER));
}

static void implied_end_tags(void **state)
{
    (void)state;
    expect_doc("hello", 5, "<html><body><p>hello</p></body></html>");
    expect_doc("<title>T</title><p>x", 20, "<html><head><title>T</title></head><body><p>x</p></body></html>");
    expect("<p>a<p>b<div>c</div>", "<p>a</p><p>b</p><div>c</div>");
    expect("<p>a<h2>h</h2><p>b<table><tr><td>c</table>",
           "<p>a</p><h2>h</h2><p>b</p><table><tr><td>c</td></tr></table>");
    expect("<ul><li>1<li>2</ul>", "<ul><li>1</li><li>2</li></ul>");
    expect("<dl><dt>t<dd>d<dt>u</dl>", "<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>");
    expect("<table><thead><tr><th>h<tbody><tr><td>1<td>2<tr><td>3</table>",
           "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></tbody>"
           "</table>");
    expect("<select><option>a<option>b</select>", "<select><option>a</option><option>b</option></select>");
    /* a new paragraph closes inline elements left open at the top */
    expect("<p><b>bold<p>next</b>", "<p><b>bold</b></p><p>next</p>");
    /* a cell closes the inline elements left open in the last one */
    expect("<table><tr><td><span>x<td>y</table>", "<table><tr><td><span>x</span></td><td>y</td></tr></table>");
    /* text directly in <head> ends it and opens body and a paragraph */
    expect_doc("<head><title>t</title>stray</head><p>x", 38,
               "<html><head><title>t</title></head><body><p>stray</p><p>x</p></body></html>");
}

static void end_tags(void **state)
{
    (void)state;
    /* end tags matching nothing are ignored */
    expect("<div>a</span></p>b</div>", "<div>ab</div>");
    /* an end tag closes what is open above its match */
    expect("<div><span><b>x</div>y", "<div><span><b>x</b></span></div>y");
    /* ... unless a stronger container is in the way: </div> does not end a cell */
    expect("<div><table><tr><td>x</div>y</td></tr></table></div>z",
           "<div><table><tr><td>xy</td></tr></table></div>z");
    /* unclosed elements are closed at the end */
    expect("<div><p>a<ul><li>b", "<div><p>a</p><ul><li>b</li></ul></div>");
    /* "<x/>" closes any element; void elements never open */
    expect("<div/>a<br>b<img src=x>c<hr/>d", "<div></div>a<br></br>b<img src=\"x\"></img>c<hr></hr>d");
    expect("<p>a<wbr>b<embed src=e>c", "<p>a<wbr></wbr>b<embed src=\"e\"></embed>c</p>");
    /* misplaced html, head and body tags are dropped, and so are their end tags */
    expect("<div>a<body class=x>b</body>c<html>d</html>e</div>", "<div>abcde</div>");
}

static void after_html(void **state)
{
    (void)state;
    /* content after </html> joins the root (no doctype) ... */
    expect_doc("<html><body><p>x</p></body></html><div>after</div>", 50,
               "<html><body><p>x</p></body><html><div>after</div></html></html>");
    /* ... or stands beside it when a doctype came first */
    expect_doc("<!DOCTYPE html><html><body>x</body></html><p>y", 46,
               "<html><body>x</body></html><html><p>y</p></html>");
    /* after </body>, elements go into <html> */
    expect_doc("<p>a</p></body> <div>z</div>", 28, "<html><body><p>a</p></body> <div>z</div></html>");
}

static void entities(void **state)
{
    (void)state;
    expect("<p>&amp; &lt; &gt; &quot; &apos; x&nbsp;y</p>", "<p>& < > \" ' x\xC2\xA0y</p>");
    expect("<p>&mdash;&ndash;&hellip;&lsquo;&rsquo;&ldquo;&rdquo;</p>",
           "<p>\xE2\x80\x94\xE2\x80\x93\xE2\x80\xA6\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D</p>");
    expect("<p>&copy;&reg;&trade;&euro;&pound;&eacute;&Eacute;&uuml;&szlig;&yuml;&Yuml;</p>",
           "<p>\xC2\xA9\xC2\xAE\xE2\x84\xA2\xE2\x82\xAC\xC2\xA3\xC3\xA9\xC3\x89\xC3\xBC\xC3\x9F\xC3\xBF\xC5\xB8</p>");
    /* numeric: decimal, hex, Windows-1252 for 0x80-0x9F, U+FFFD for the invalid */
    expect("<p>&#65;&#x42;&#X43;&#150;&#x92;&#0;&#xD800;&#x110000;&#99999999999;</p>",
           "<p>ABC\xE2\x80\x93\xE2\x80\x99\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p>");
    expect("<p>&#128512;&#65</p>", "<p>\xF0\x9F\x98\x80" "A</p>");
    /* unknown names, a missing ';' and lone '&' stay as written */
    expect("<p>&nosuch; &amp &AMP; a & b &#; &#x;</p>", "<p>&nosuch; &amp &AMP; a & b &#; &#x;</p>");
    /* in attributes too, so that URLs survive */
    expect("<a href=\"?a=1&copy=2&amp;b=&lt;3&gt;\" title='&eacute;t&#233;'>x</a>",
           "<a href=\"?a=1&copy=2&b=<3>\" title=\"\xC3\xA9t\xC3\xA9\">x</a>");
}

static void raw_text(void **state)
{
    (void)state;
    expect("<div><script>if (a<b && c>d) x = '</div><p>';</script><p>y",
           "<div><script>if (a<b && c>d) x = '</div><p>';</script><p>y</p></div>");
    expect_doc("<style>p > a { color: red } /* &amp; */</style>", 47,
               "<html><head><style>p > a { color: red } /* &amp; */</style></head></html>");
    expect("<p><script>a</SCRIPT >b", "<p><script>a</script>b</p>");
    /* "</scriptx" does not end a script */
    expect("<p><script>a</scriptx>b</script>c", "<p><script>a</scriptx>b</script>c</p>");
    /* escapable raw text: references decoded, tags not */
    expect_doc("<title>A &amp; <b>B</b></title>", 31, "<html><head><title>A & <b>B</b></title></head></html>");
    expect("<textarea><p>x&lt;</textarea>", "<textarea><p>x<</textarea>");
    expect("<iframe><p>fallback</p></iframe>z", "<iframe><p>fallback</p></iframe>z");
    expect("<xmp><b>x</b></xmp>", "<xmp><b>x</b></xmp>");
    /* a script without an end tag runs to the end */
    expect("<p><script>var a = '<p>x';", "<p><script>var a = '<p>x';</script></p>");
    /* a title or textarea without one is markup after all */
    expect("<textarea>a<p>b", "<textarea>a<p>b</p></textarea>");
    /* plaintext never ends */
    expect("<plaintext><p>a</plaintext>", "<plaintext><p>a</plaintext></plaintext>");
    /* noscript is markup */
    expect("<noscript><p>n</p></noscript>", "<noscript><p>n</p></noscript>");
    /* CDATA is text; comments, doctypes and processing instructions go */
    expect("<p>a<![CDATA[<b>&amp;]]>c<!-- x --><?php y ?>d<!DOCTYPE html>e</p>", "<p>a<b>&amp;cde</p>");
}

static void broken_markup(void **state)
{
    (void)state;
    /* '<' that starts no tag is text */
    expect("<p>a < b and c <3 d <= e</p>", "<p>a < b and c <3 d <= e</p>");
    /* "</" that starts no end tag is dropped */
    expect("<p>x</ p>y</p>", "<p>x p>y</p>");
    /* bogus attributes are dropped up to the next blank */
    expect("<div @click=\"go\" class=\"c\" [x]=y>a</div>", "<div class=\"c\">a</div>");
    /* an unterminated comment runs to the end */
    expect("<p>a<!-- b <p>c", "<p>a</p>");
    /* garbage names */
    expect("<p>a<:x>b</:x><_y>c</p>", "<p>a<:x>b</:x><_y>c</_y></p>");
    /* invalid UTF-8 passes through unchanged */
    expect("<p>\xC3(\xFF\x80</p>", "<p>\xC3(\xFF\x80</p>");
    /* a byte-order mark is not text */
    expect_doc("\xEF\xBB\xBF<p>x", 7, "<html><body><p>x</p></body></html>");
}

static void truncated(void **state)
{
    (void)state;
    expect("<p>text<a href=\"x", "<p>text<a href=\"x\"></a></p>");
    expect("<p>text<a href=x", "<p>text<a href=\"x\"></a></p>");
    expect("<p>text<div class=", "<p>text</p><div class=\"\"></div>");
    expect("<p>text<", "<p>text<</p>");
    expect("<p>text</", "<p>text</</p>");
    expect("<p>text</p", "<p>text</p>");
    expect("<p>a&am", "<p>a&am</p>");
    expect("<p>a&#12", "<p>a\x0C</p>");
    expect_doc("<", 1, "<html><body><p><</p></body></html>");
    expect_doc("", 0, "");
    expect_doc("   \n", 4, "");
}

static void nul_bytes(void **state)
{
    (void)state;
    static const char page[] = "<p>a\0b<span cl\0ass=\"x\0y\">c</span></p>";
    expect_doc(page, sizeof page - 1, "<html><body><p>ab<span cl=\"\">c</span></p></body></html>");
    static const char page2[] = "<p title=\"a\0b\">x\0</p>";
    expect_doc(page2, sizeof page2 - 1, "<html><body><p title=\"ab\">x</p></body></html>");
}

static void attributes(void **state)
{
    (void)state;
    expect("<div a=1 b='two words' c=\"three\" D=Four e f = g>x</div>",
           "<div a=\"1\" b=\"two words\" c=\"three\" d=\"Four\" e=\"\" f=\"g\">x</div>");
    /* the first of duplicate attributes wins */
    expect("<div id=a ID=b id=c>x</div>", "<div id=\"a\">x</div>");
    /* quotes of the other kind and '>' inside quoted values */
    expect("<a title='say \"hi\" > bye' href=\"it's\">x</a>", "<a title=\"say \"hi\" > bye\" href=\"it's\">x</a>");
    /* boolean attributes named by themselves, as libxml2 does */
    expect("<p><script defer async src=x></script>", "<p><script defer=\"defer\" async=\"\" src=\"x\"></script></p>");
    /* "/>" inside an unquoted value does not close the tag */
    expect("<a href=foo/>x</a>", "<a href=\"foo/\">x</a>");
    cwi_dom *d = NULL;
    const char *html = "<p class=\"lead\" hidden>x</p>";
    assert_int_equal(cwi_dom_parse(html, strlen(html), &d), CW_OK);
    const cwi_dom_node *p = cwi_dom_root(d)->first->first;
    assert_int_equal(p->tag, CWI_TAG_P);
    assert_string_equal(cwi_dom_get_attr(p, "class"), "lead");
    assert_string_equal(cwi_dom_get_attr(p, "hidden"), "");
    assert_null(cwi_dom_get_attr(p, "id"));
    assert_int_equal(p->first->type, CWI_DOM_TEXT);
    assert_int_equal(p->first->len, 1);
    cwi_dom_free(d);
}

static void white_space(void **state)
{
    (void)state;
    /* kept between elements (it separates words), merged with text */
    expect("<div><span>a</span> <span>b</span>\n<img src=x> c</div>",
           "<div><span>a</span> <span>b</span>\n<img src=\"x\"></img> c</div>");
    /* text around comments and dropped tags is one node */
    cwi_dom *d = NULL;
    const char *html = "<p>a<!--x-->b</span>c&amp;d</p>";
    assert_int_equal(cwi_dom_parse(html, strlen(html), &d), CW_OK);
    const cwi_dom_node *p = cwi_dom_root(d)->first->first;
    assert_non_null(p->first);
    assert_null(p->first->next);
    assert_string_equal(p->first->u.text, "abc&d");
    cwi_dom_free(d);
}

/* Depth of the deepest node. */
static size_t max_depth(const cwi_dom_node *root)
{
    size_t best = 0, depth = 0;
    const cwi_dom_node *cur = root;
    while (cur) {
        if (depth > best) best = depth;
        if (cur->first) {
            cur = cur->first;
            depth++;
            continue;
        }
        while (cur && cur != root && !cur->next) {
            cur = cur->parent;
            depth--;
        }
        if (!cur || cur == root) break;
        cur = cur->next;
    }
    return best;
}

static char *repeat(const char *unit, size_t times, const char *tail, size_t *n)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * times + t + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * u, unit, u);
    memcpy(s + u * times, tail, t + 1);
    *n = u * times + t;
    return s;
}

static void deep_nesting(void **state)
{
    (void)state;
    static const char *const units[] = {"<div>", "<span>", "<b><i>", "<table><tr><td>", "<ul><li>", "<x-y>", "<p><a>"};
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        size_t n = 0;
        char *s = repeat(units[k], 100000, "deep text", &n);
        /* no clock here: a parser quadratic in depth would take hours on
         * this input and ctest's time limit stops it; a sanitizer build on a
         * loaded machine must not fail a wall-clock budget */
        cwi_dom *d = NULL;
        assert_int_equal(cwi_dom_parse(s, n, &d), CW_OK);
        size_t depth = max_depth(cwi_dom_document(d));
        assert_true(depth <= CWI_DOM_MAX_DEPTH + 2);
        /* the text is kept */
        cwi_buf b;
        cwi_buf_init(&b, 0);
        assert_int_equal(cwi_dom_serialize(cwi_dom_root(d), &b), CW_OK);
        assert_non_null(strstr(b.data, "deep text"));
        cwi_buf_clean(&b);
        cwi_dom_free(d);
        free(s);
    }
    /* stray end tags under a deep stack: each costs at most the open depth */
    static const char *const stray[][3] = {{"<span>", "</x-y>", "x"},
                                           {"<b>", "</span>", "<span><div>"},
                                           {"<x-a>", "</x-b>", "<x-b><div>"}};
    for (size_t k = 0; k < sizeof stray / sizeof *stray; k++) {
        size_t n1 = 0, n2 = 0;
        char *open = repeat(stray[k][0], 600, "", &n1);
        char *ends = repeat(stray[k][1], 300000, "", &n2);
        size_t hn = strlen(stray[k][2]);
        char *s = malloc(hn + n1 + n2 + 1);
        memcpy(s, stray[k][2], hn);
        memcpy(s + hn, open, n1);
        memcpy(s + hn + n1, ends, n2 + 1);
        /* linear work: ctest's time limit, not a clock, catches a quadratic parse */
        cwi_dom *d = NULL;
        assert_int_equal(cwi_dom_parse(s, hn + n1 + n2, &d), CW_OK);
        cwi_dom_free(d);
        free(s);
        free(open);
        free(ends);
    }
    /* many unclosed raw-text elements stay linear */
    static const char *const raw[] = {"<title>", "<textarea>", "<xmp>", "<iframe>", "<script>", "<!--", "<a href='"};
    for (size_t k = 0; k < sizeof raw / sizeof *raw; k++) {
        size_t n = 0;
        char *s = repeat(raw[k], 100000, "x", &n);
        /* linear work: ctest's time limit, not a clock, catches a quadratic parse */
        cwi_dom *d = NULL;
        assert_int_equal(cwi_dom_parse(s, n, &d), CW_OK);
        cwi_dom_free(d);
        free(s);
    }
}

static void memory_bound(void **state)
{
    (void)state;
    /* a big page of small elements (20 bytes make 3 nodes): the arena stays
     * within the bound dom.h states */
    size_t n = 0;
    char *s = repeat("<p class=a>x</p><br>", 50000, "", &n);
    cwi_dom *d = NULL;
    assert_int_equal(cwi_dom_parse(s, n, &d), CW_OK);
    assert_true(cwi_dom_node_count(d) >= 150000);
    assert_true(cwi_dom_bytes(d) < 16 * n);
    cwi_dom_free(d);
    free(s);
    cwi_dom_free(NULL);
    assert_int_equal(cwi_dom_parse(NULL, 1, &d), CW_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tag_table),      cmocka_unit_test(implied_end_tags), cmocka_unit_test(end_tags),
        cmocka_unit_test(after_html),     cmocka_unit_test(entities),         cmocka_unit_test(raw_text),
        cmocka_unit_test(broken_markup),  cmocka_unit_test(truncated),        cmocka_unit_test(nul_bytes),
        cmocka_unit_test(attributes),     cmocka_unit_test(white_space),      cmocka_unit_test(deep_nesting),
        cmocka_unit_test(memory_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
