/*
 * dom: a tolerant HTML tokenizer and tree builder for the extract module
 * (cwi_dom_ names, library-internal).
 *
 * One call turns a page into a tree of elements and text held in one arena:
 * elements carry a tag id (an enum for the tags the extractor and the tree
 * rules care about, CWI_TAG_OTHER plus the lower-case name for the rest) and
 * their attributes (lower-case names, entity-decoded values); text nodes hold
 * entity-decoded bytes. Comments, doctypes and processing instructions are
 * skipped; <![CDATA[...]]> is text.
 *
 * The tree follows the recovery rules that libxml2's HTML parser applies (the
 * parser crosswire used before), so that the extractor sees the same trees:
 * implied html/head/body/p, start tags that close the open element (a <p> by
 * a block start, <li> by <li>, <td> by <td>, <option> by <option> ...), end
 * tags that close what they match unless a stronger container is in the way
 * (</div> never closes a <td>), end tags that match nothing are ignored,
 * "<x/>" closes any element, white space between blocks is dropped where
 * libxml2 drops it. Void elements are those of HTML5; script and style are
 * raw text, title and textarea escapable raw text, xmp, iframe, noembed and
 * noframes raw text (each only when its end tag exists), plaintext runs to
 * the end; noscript is parsed as markup.
 *
 * Character references: the 253 named references of HTML 4 (amp, lt, gt,
 * quot, apos, nbsp, the Latin-1 set, typography such as mdash, hellip,
 * rsquo, euro, trade) when they end with ';' (others stay as written, so
 * "?a=1&copy=2" survives in a URL); decimal and hex numeric references, with
 * 0x80-0x9F read as Windows-1252 and 0, surrogates and values past U+10FFFF
 * as U+FFFD. Bytes that are not valid UTF-8 pass through unchanged (the
 * extractor's text cleaning replaces them); NUL bytes are dropped.
 *
 * Bounds: the parse is one left-to-right pass with no recursion; every scan
 * looks ahead at most to the end of the input once per construct (a missing
 * raw-text end tag is remembered, so 100,000 unclosed <title>s stay linear);
 * an end tag finds its element and the elements it may not close in constant
 * time (topmost open element per tag, per unknown name and per priority), so
 * stray end tags under a deep stack stay linear too.
 * At most CWI_DOM_MAX_DEPTH elements are open: deeper start tags make
 * elements that are attached at that level and not opened. At most
 * CWI_DOM_MAX_NODES nodes are made; the rest of a bigger page is read but not
 * kept. Memory: nodes of 64 bytes (at most one per two input bytes, plus the
 * few implied ones), attribute slots of 16 bytes and the decoded strings (at
 * most the input's size plus one NUL per string): about 1.7 times the input
 * for news pages, up to some 32 times for a soup of one-letter tags, and never
 * more than the node cap (256 MiB) plus the strings. One freed arena block
 * (at most 32 MiB) is kept, process-wide, for the next page.
 */
#ifndef CW_EXTRACT_DOM_H
#define CW_EXTRACT_DOM_H

#include "core/core.h"

#define CWI_DOM_MAX_DEPTH 512
#define CWI_DOM_MAX_NODES (1u << 22)
#define CWI_DOM_MAX_INPUT (1u << 30) /* bytes; the extractor's own cap is 32 MiB */

/* Tag ids. The order is the sorted order of the names (binary search). */
#define CWI_DOM_TAGS(X)                                                                                       \
    X(A, "a") X(ABBR, "abbr") X(ACRONYM, "acronym") X(ADDRESS, "address") X(APPLET, "applet") X(AREA, "area") \
    X(ARTICLE, "article") X(ASIDE, "aside") X(AUDIO, "audio") X(B, "b") X(BASE, "base")                       \
    X(BASEFONT, "basefont") X(BDO, "bdo") X(BIG, "big") X(BLOCKQUOTE, "blockquote") X(BODY, "body")           \
    X(BR, "br") X(BUTTON, "button") X(CANVAS, "canvas") X(CAPTION, "caption") X(CENTER, "center")            \
    X(CITE, "cite") X(CODE, "code") X(COL, "col") X(COLGROUP, "colgroup") X(DD, "dd") X(DEL, "del")           \
    X(DETAILS, "details") X(DFN, "dfn") X(DIALOG, "dialog") X(DIR, "dir") X(DIV, "div") X(DL, "dl")           \
    X(DT, "dt") X(EM, "em") X(EMBED, "embed") X(FIELDSET, "fieldset") X(FIGCAPTION, "figcaption")             \
    X(FIGURE, "figure") X(FONT, "font") X(FOOTER, "footer") X(FORM, "form") X(FRAME, "frame")                 \
    X(FRAMESET, "frameset") X(H1, "h1") X(H2, "h2") X(H3, "h3") X(H4, "h4") X(H5, "h5") X(H6, "h6")           \
    X(HEAD, "head") X(HEADER, "header") X(HR, "hr") X(HTML, "html") X(I, "i") X(IFRAME, "iframe")             \
    X(IMG, "img") X(INPUT, "input") X(INS, "ins") X(ISINDEX, "isindex") X(KBD, "kbd") X(KEYGEN, "keygen")     \
    X(LABEL, "label") X(LEGEND, "legend") X(LI, "li") X(LINK, "link") X(LISTING, "listing") X(MAIN, "main")   \
    X(MAP, "map") X(MATH, "math") X(MENU, "menu") X(META, "meta") X(NAV, "nav") X(NOEMBED, "noembed")         \
    X(NOFRAMES, "noframes") X(NOSCRIPT, "noscript") X(OBJECT, "object") X(OL, "ol") X(OPTGROUP, "optgroup")   \
    X(OPTION, "option") X(P, "p") X(PARAM, "param") X(PICTURE, "picture") X(PLAINTEXT, "plaintext")           \
    X(PRE, "pre") X(Q, "q") X(S, "s") X(SAMP, "samp") X(SCRIPT, "script") X(SECTION, "section")               \
    X(SELECT, "select") X(SMALL, "small") X(SOURCE, "source") X(SPAN, "span") X(STRIKE, "strike")             \
    X(STRONG, "strong") X(STYLE, "style") X(SUB, "sub") X(SUMMARY, "summary") X(SUP, "sup") X(SVG, "svg")     \
    X(TABLE, "table") X(TBODY, "tbody") X(TD, "td") X(TEMPLATE, "template") X(TEXTAREA, "textarea")           \
    X(TFOOT, "tfoot") X(TH, "th") X(THEAD, "thead") X(TIME, "time") X(TITLE, "title") X(TR, "tr")             \
    X(TRACK, "track") X(TT, "tt") X(U, "u") X(UL, "ul") X(VAR, "var") X(VIDEO, "video") X(WBR, "wbr")         \
    X(XMP, "xmp")

enum cwi_dom_tag {
    CWI_TAG_OTHER = 0,
#define CWI_DOM_TAG_ENUM(id, name) CWI_TAG_##id,
    CWI_DOM_TAGS(CWI_DOM_TAG_ENUM)
#undef CWI_DOM_TAG_ENUM
    CWI_TAG_COUNT
};

enum cwi_dom_type { CWI_DOM_DOCUMENT = 0, CWI_DOM_ELEMENT = 1, CWI_DOM_TEXT = 2 };

typedef struct cwi_dom_attr {
    const char *name;  /* lower case, NUL-terminated */
    const char *value; /* decoded, NUL-terminated; "" when the attribute has no value */
} cwi_dom_attr;

/* One node. Everything it points to lives in the document's arena. */
typedef struct cwi_dom_node {
    struct cwi_dom_node *parent, *first, *last, *next;
    const char *name; /* element: lower-case tag name; NULL otherwise */
    union {
        const char *text;    /* text: decoded bytes, NUL-terminated */
        cwi_dom_attr *attrs; /* element: its attributes, in source order */
    } u;
    uint32_t len;  /* text: byte length; element: number of attributes */
    uint32_t user; /* 0 after parsing; free for the caller's bookkeeping */
    uint16_t tag;  /* enum cwi_dom_tag (elements) */
    uint8_t type;  /* enum cwi_dom_type */
} cwi_dom_node;

typedef struct cwi_dom cwi_dom;

/* Parses html[0..n). On success *out gets the document (caller frees with
 * cwi_dom_free) and CW_OK is returned; any bytes parse. Fails only with
 * CW_ERR_NOMEM, CW_ERR_LIMIT (n > CWI_DOM_MAX_INPUT) or CW_ERR_USAGE (NULL
 * arguments), leaving *out untouched. */
cw_status cwi_dom_parse(const char *html, size_t n, cwi_dom **out);
void cwi_dom_free(cwi_dom *d); /* NULL is a no-op */

/* The document node (its children: the root element, and further roots when
 * content follows </html>). */
cwi_dom_node *cwi_dom_document(const cwi_dom *d);
/* The first element child of the document (the <html> element), or NULL. */
cwi_dom_node *cwi_dom_root(const cwi_dom *d);
/* Number of nodes made, and bytes of the arena in use (its blocks may hold
 * more: a block kept from an earlier page can be up to 8 times what a page
 * needs). */
size_t cwi_dom_node_count(const cwi_dom *d);
size_t cwi_dom_bytes(const cwi_dom *d);

/* The value of attribute name (lower case) of element n, or NULL. */
const char *cwi_dom_get_attr(const cwi_dom_node *n, const char *name);

/* The tag id of a lower-case name of len bytes (CWI_TAG_OTHER when unknown),
 * and the name of an id (NULL for CWI_TAG_OTHER). */
enum cwi_dom_tag cwi_dom_tag_id(const char *name, size_t len);
const char *cwi_dom_tag_name(enum cwi_dom_tag t);

/* Decodes the character references of s[0..n) (a string that was escaped
 * twice, or JSON-LD text holding "&amp;" and "&#8211;") into out, which has
 * room for n bytes and does not overlap s. Returns the decoded length (at most n). */
size_t cwi_dom_decode_refs(const char *s, size_t n, char *out);

/* Appends a compact serialisation of n's subtree to out (for tests and
 * debugging): elements as <name a="v">...</name> with attributes in source
 * order, text as is. Iterative. */
cw_status cwi_dom_serialize(const cwi_dom_node *n, cwi_buf *out);

#endif
