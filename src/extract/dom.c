/*
 * dom: the HTML tokenizer and tree builder of the extract module (see dom.h
 * for the contract and the bounds).
 *
 * The parser is one loop over the input. Markup is recognised at '<' followed
 * by a letter ('_', ':'), '/', '!' or '?'; any other '<' is text. The open
 * elements are a fixed stack of CWI_DOM_MAX_DEPTH entries; the tree rules
 * (which start tag closes which open element, which elements are implied,
 * which end tag may close what) come from static tables indexed by tag id.
 * Nodes, attribute arrays and decoded strings are carved from one arena of
 * growing blocks, so that nothing moves once made and the document is freed
 * block by block.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dom.h"

/* ---- tags --------------------------------------------------------------------------- */

static const char *const tag_names[CWI_TAG_COUNT] = {
    NULL,
#define CWI_DOM_TAG_NAME(id, name) name,
    CWI_DOM_TAGS(CWI_DOM_TAG_NAME)
#undef CWI_DOM_TAG_NAME
};

/* The ids of the names that start with each letter are a run of the sorted
 * table: first_of[c - 'a'] .. first_of[c - 'a' + 1]. */
static uint8_t first_of[27];
static uint8_t tag_len[CWI_TAG_COUNT];
static pthread_once_t tags_once = PTHREAD_ONCE_INIT;

static void tags_init(void)
{
    int t = 1;
    for (int c = 0; c < 26; c++) {
        first_of[c] = (uint8_t)t;
        while (t < CWI_TAG_COUNT && tag_names[t][0] == 'a' + c) t++;
    }
    first_of[26] = (uint8_t)t;
    for (t = 1; t < CWI_TAG_COUNT; t++) tag_len[t] = (uint8_t)strlen(tag_names[t]);
}

enum cwi_dom_tag cwi_dom_tag_id(const char *name, size_t len)
{
    pthread_once(&tags_once, tags_init);
    if (len == 0 || len > 10 || name[0] < 'a' || name[0] > 'z') return CWI_TAG_OTHER;
    int c = name[0] - 'a';
    for (int t = first_of[c]; t < first_of[c + 1]; t++)
        if (tag_len[t] == len && !memcmp(tag_names[t], name, len)) return (enum cwi_dom_tag)t;
    return CWI_TAG_OTHER;
}

const char *cwi_dom_tag_name(enum cwi_dom_tag t) { return (unsigned)t < CWI_TAG_COUNT ? tag_names[t] : NULL; }

/* tag flags */
#define TF_VOID 1u     /* no content, never opened */
#define TF_RAW 2u      /* raw text up to its end tag (when the end tag exists) */
#define TF_RCDATA 4u   /* raw text with character references decoded */
#define TF_PCDATA 8u   /* white space directly inside or after it is kept (libxml2's allowPCData) */
#define TF_HEADISH 16u /* opens an implied <head> when it comes first */

static const uint8_t tag_flags[CWI_TAG_COUNT] = {
    [CWI_TAG_AREA] = TF_VOID, [CWI_TAG_BASE] = TF_VOID | TF_HEADISH, [CWI_TAG_BASEFONT] = TF_VOID,
    [CWI_TAG_BR] = TF_VOID, [CWI_TAG_COL] = TF_VOID, [CWI_TAG_EMBED] = TF_VOID, [CWI_TAG_FRAME] = TF_VOID,
    [CWI_TAG_HR] = TF_VOID, [CWI_TAG_IMG] = TF_VOID, [CWI_TAG_INPUT] = TF_VOID, [CWI_TAG_ISINDEX] = TF_VOID,
    [CWI_TAG_KEYGEN] = TF_VOID, [CWI_TAG_LINK] = TF_VOID | TF_HEADISH, [CWI_TAG_META] = TF_VOID | TF_HEADISH,
    [CWI_TAG_PARAM] = TF_VOID, [CWI_TAG_SOURCE] = TF_VOID, [CWI_TAG_TRACK] = TF_VOID, [CWI_TAG_WBR] = TF_VOID,
    [CWI_TAG_SCRIPT] = TF_RAW | TF_HEADISH, [CWI_TAG_STYLE] = TF_RAW | TF_HEADISH,
    [CWI_TAG_TITLE] = TF_RCDATA | TF_HEADISH, [CWI_TAG_TEXTAREA] = TF_RCDATA, [CWI_TAG_XMP] = TF_RAW,
    [CWI_TAG_IFRAME] = TF_RAW | TF_PCDATA, [CWI_TAG_NOEMBED] = TF_RAW, [CWI_TAG_NOFRAMES] = TF_RAW | TF_PCDATA,
    [CWI_TAG_PLAINTEXT] = TF_RAW,
    [CWI_TAG_A] = TF_PCDATA, [CWI_TAG_ABBR] = TF_PCDATA, [CWI_TAG_ACRONYM] = TF_PCDATA,
    [CWI_TAG_ADDRESS] = TF_PCDATA, [CWI_TAG_APPLET] = TF_PCDATA, [CWI_TAG_B] = TF_PCDATA, [CWI_TAG_BDO] = TF_PCDATA,
    [CWI_TAG_BIG] = TF_PCDATA, [CWI_TAG_BLOCKQUOTE] = TF_PCDATA, [CWI_TAG_BODY] = TF_PCDATA,
    [CWI_TAG_BUTTON] = TF_PCDATA, [CWI_TAG_CAPTION] = TF_PCDATA, [CWI_TAG_CENTER] = TF_PCDATA,
    [CWI_TAG_CITE] = TF_PCDATA, [CWI_TAG_CODE] = TF_PCDATA, [CWI_TAG_DD] = TF_PCDATA, [CWI_TAG_DEL] = TF_PCDATA,
    [CWI_TAG_DFN] = TF_PCDATA, [CWI_TAG_DIV] = TF_PCDATA, [CWI_TAG_DT] = TF_PCDATA, [CWI_TAG_EM] = TF_PCDATA,
    [CWI_TAG_FONT] = TF_PCDATA, [CWI_TAG_FORM] = TF_PCDATA, [CWI_TAG_H1] = TF_PCDATA, [CWI_TAG_H2] = TF_PCDATA,
    [CWI_TAG_H3] = TF_PCDATA, [CWI_TAG_H4] = TF_PCDATA, [CWI_TAG_H5] = TF_PCDATA, [CWI_TAG_H6] = TF_PCDATA,
    [CWI_TAG_I] = TF_PCDATA, [CWI_TAG_INS] = TF_PCDATA, [CWI_TAG_KBD] = TF_PCDATA, [CWI_TAG_LABEL] = TF_PCDATA,
    [CWI_TAG_LEGEND] = TF_PCDATA, [CWI_TAG_LI] = TF_PCDATA, [CWI_TAG_NOSCRIPT] = TF_PCDATA,
    [CWI_TAG_OBJECT] = TF_PCDATA, [CWI_TAG_P] = TF_PCDATA, [CWI_TAG_PRE] = TF_PCDATA, [CWI_TAG_Q] = TF_PCDATA,
    [CWI_TAG_S] = TF_PCDATA, [CWI_TAG_SAMP] = TF_PCDATA, [CWI_TAG_SMALL] = TF_PCDATA, [CWI_TAG_SPAN] = TF_PCDATA,
    [CWI_TAG_STRIKE] = TF_PCDATA, [CWI_TAG_STRONG] = TF_PCDATA, [CWI_TAG_TD] = TF_PCDATA,
    [CWI_TAG_TH] = TF_PCDATA, [CWI_TAG_TT] = TF_PCDATA, [CWI_TAG_U] = TF_PCDATA, [CWI_TAG_VAR] = TF_PCDATA,
};

/* Which open element a start tag closes when that element is the current
 * one: closes[new] lists the old tags (0-terminated). These are the rules of
 * HTML 4 as libxml2 applies them (a block start closes an open paragraph, a
 * list item the list item, a cell the cell and the inline elements left open
 * in it, a row the row ...). */
#define H16 CWI_TAG_H1, CWI_TAG_H2, CWI_TAG_H3, CWI_TAG_H4, CWI_TAG_H5, CWI_TAG_H6
#define CLOSERS 24
static const uint8_t closes[CWI_TAG_COUNT][CLOSERS] = {
    [CWI_TAG_FORM] = {CWI_TAG_FORM, CWI_TAG_P, CWI_TAG_HR, H16, CWI_TAG_DL, CWI_TAG_UL, CWI_TAG_OL, CWI_TAG_MENU,
                      CWI_TAG_DIR, CWI_TAG_ADDRESS, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP, CWI_TAG_HEAD},
    [CWI_TAG_HEAD] = {CWI_TAG_P},
    [CWI_TAG_TITLE] = {CWI_TAG_P},
    [CWI_TAG_BODY] = {CWI_TAG_HEAD, CWI_TAG_STYLE, CWI_TAG_LINK, CWI_TAG_TITLE, CWI_TAG_P},
    [CWI_TAG_FRAMESET] = {CWI_TAG_HEAD, CWI_TAG_STYLE, CWI_TAG_LINK, CWI_TAG_TITLE, CWI_TAG_P},
    [CWI_TAG_LI] = {CWI_TAG_P, H16, CWI_TAG_DL, CWI_TAG_ADDRESS, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP,
                    CWI_TAG_HEAD, CWI_TAG_LI},
    [CWI_TAG_HR] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H1] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H2] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H3] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H4] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H5] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_H6] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_DIR] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_ADDRESS] = {CWI_TAG_P, CWI_TAG_HEAD, CWI_TAG_UL},
    [CWI_TAG_PRE] = {CWI_TAG_P, CWI_TAG_HEAD, CWI_TAG_UL},
    [CWI_TAG_LISTING] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_XMP] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_BLOCKQUOTE] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_DL] = {CWI_TAG_P, CWI_TAG_DT, CWI_TAG_MENU, CWI_TAG_DIR, CWI_TAG_ADDRESS, CWI_TAG_PRE, CWI_TAG_LISTING,
                    CWI_TAG_XMP, CWI_TAG_HEAD},
    [CWI_TAG_DT] = {CWI_TAG_P, CWI_TAG_MENU, CWI_TAG_DIR, CWI_TAG_ADDRESS, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP,
                    CWI_TAG_HEAD, CWI_TAG_DD},
    [CWI_TAG_DD] = {CWI_TAG_P, CWI_TAG_MENU, CWI_TAG_DIR, CWI_TAG_ADDRESS, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP,
                    CWI_TAG_HEAD, CWI_TAG_DT},
    [CWI_TAG_UL] = {CWI_TAG_P, CWI_TAG_HEAD, CWI_TAG_OL, CWI_TAG_MENU, CWI_TAG_DIR, CWI_TAG_ADDRESS, CWI_TAG_PRE,
                    CWI_TAG_LISTING, CWI_TAG_XMP},
    [CWI_TAG_OL] = {CWI_TAG_P, CWI_TAG_HEAD, CWI_TAG_UL},
    [CWI_TAG_MENU] = {CWI_TAG_P, CWI_TAG_HEAD, CWI_TAG_UL},
    [CWI_TAG_P] = {CWI_TAG_P, CWI_TAG_HEAD, H16, CWI_TAG_TT, CWI_TAG_I, CWI_TAG_B, CWI_TAG_U, CWI_TAG_S,
                   CWI_TAG_STRIKE, CWI_TAG_BIG, CWI_TAG_SMALL},
    [CWI_TAG_DIV] = {CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_CENTER] = {CWI_TAG_FONT, CWI_TAG_B, CWI_TAG_I, CWI_TAG_P, CWI_TAG_HEAD},
    [CWI_TAG_A] = {CWI_TAG_A},
    [CWI_TAG_CAPTION] = {CWI_TAG_P},
    [CWI_TAG_COLGROUP] = {CWI_TAG_CAPTION, CWI_TAG_COLGROUP, CWI_TAG_COL, CWI_TAG_P},
    [CWI_TAG_COL] = {CWI_TAG_CAPTION, CWI_TAG_COL, CWI_TAG_P},
    [CWI_TAG_TABLE] = {CWI_TAG_P, CWI_TAG_HEAD, H16, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP, CWI_TAG_A},
    [CWI_TAG_TH] = {CWI_TAG_TH, CWI_TAG_TD, CWI_TAG_P, CWI_TAG_SPAN, CWI_TAG_FONT, CWI_TAG_A, CWI_TAG_B, CWI_TAG_I,
                    CWI_TAG_U},
    [CWI_TAG_TD] = {CWI_TAG_TH, CWI_TAG_TD, CWI_TAG_P, CWI_TAG_SPAN, CWI_TAG_FONT, CWI_TAG_A, CWI_TAG_B, CWI_TAG_I,
                    CWI_TAG_U},
    [CWI_TAG_TR] = {CWI_TAG_TH, CWI_TAG_TD, CWI_TAG_TR, CWI_TAG_CAPTION, CWI_TAG_COL, CWI_TAG_COLGROUP, CWI_TAG_P},
    [CWI_TAG_THEAD] = {CWI_TAG_CAPTION, CWI_TAG_COL, CWI_TAG_COLGROUP},
    [CWI_TAG_TFOOT] = {CWI_TAG_TH, CWI_TAG_TD, CWI_TAG_TR, CWI_TAG_CAPTION, CWI_TAG_COL, CWI_TAG_COLGROUP,
                       CWI_TAG_THEAD, CWI_TAG_TBODY, CWI_TAG_P},
    [CWI_TAG_TBODY] = {CWI_TAG_TH, CWI_TAG_TD, CWI_TAG_TR, CWI_TAG_CAPTION, CWI_TAG_COL, CWI_TAG_COLGROUP,
                       CWI_TAG_THEAD, CWI_TAG_TFOOT, CWI_TAG_TBODY, CWI_TAG_P},
    [CWI_TAG_OPTGROUP] = {CWI_TAG_OPTION},
    [CWI_TAG_OPTION] = {CWI_TAG_OPTION},
    [CWI_TAG_FIELDSET] = {CWI_TAG_LEGEND, CWI_TAG_P, CWI_TAG_HEAD, H16, CWI_TAG_PRE, CWI_TAG_LISTING, CWI_TAG_XMP,
                          CWI_TAG_A},
};
#undef H16

/* The start tags that end an open <head> (those of body content in HTML 4;
 * libxml2 leaves HTML5 elements such as <header> inside the head). */
static bool closes_head(enum cwi_dom_tag t)
{
    switch (t) {
    case CWI_TAG_A: case CWI_TAG_ABBR: case CWI_TAG_ACRONYM: case CWI_TAG_ADDRESS: case CWI_TAG_B: case CWI_TAG_BDO:
    case CWI_TAG_BIG: case CWI_TAG_BLOCKQUOTE: case CWI_TAG_BODY: case CWI_TAG_BR: case CWI_TAG_CENTER:
    case CWI_TAG_CITE: case CWI_TAG_CODE: case CWI_TAG_DD: case CWI_TAG_DFN: case CWI_TAG_DIR: case CWI_TAG_DIV:
    case CWI_TAG_DL: case CWI_TAG_DT: case CWI_TAG_EM: case CWI_TAG_FIELDSET: case CWI_TAG_FONT: case CWI_TAG_FORM:
    case CWI_TAG_FRAMESET: case CWI_TAG_H1: case CWI_TAG_H2: case CWI_TAG_H3: case CWI_TAG_H4: case CWI_TAG_H5:
    case CWI_TAG_H6: case CWI_TAG_HR: case CWI_TAG_I: case CWI_TAG_IFRAME: case CWI_TAG_IMG: case CWI_TAG_KBD:
    case CWI_TAG_LI: case CWI_TAG_LISTING: case CWI_TAG_MAP: case CWI_TAG_MENU: case CWI_TAG_OL: case CWI_TAG_P:
    case CWI_TAG_PRE: case CWI_TAG_Q: case CWI_TAG_S: case CWI_TAG_SAMP: case CWI_TAG_SMALL: case CWI_TAG_SPAN:
    case CWI_TAG_STRIKE: case CWI_TAG_STRONG: case CWI_TAG_SUB: case CWI_TAG_SUP: case CWI_TAG_TABLE: case CWI_TAG_TT:
    case CWI_TAG_U: case CWI_TAG_UL: case CWI_TAG_VAR: case CWI_TAG_XMP:
        return true;
    default:
        return false;
    }
}

static bool start_closes(enum cwi_dom_tag nt, enum cwi_dom_tag old)
{
    if (old == CWI_TAG_OTHER) return false;
    if (old == CWI_TAG_HEAD) return closes_head(nt);
    const uint8_t *r = closes[nt];
    for (int i = 0; i < CLOSERS && r[i]; i++)
        if (r[i] == old) return true;
    return false;
}

/* How strongly an open element resists a stray end tag: an end tag closes
 * the elements above its match only when none of them is stronger than it. */
static int end_priority(enum cwi_dom_tag t)
{
    switch (t) {
    case CWI_TAG_DIV: return 150;
    case CWI_TAG_TD: case CWI_TAG_TH: return 160;
    case CWI_TAG_TR: return 170;
    case CWI_TAG_THEAD: case CWI_TAG_TBODY: case CWI_TAG_TFOOT: return 180;
    case CWI_TAG_TABLE: return 190;
    case CWI_TAG_HEAD: case CWI_TAG_BODY: return 200;
    case CWI_TAG_HTML: return 220;
    default: return 100;
    }
}

/* ---- character references ---------------------------------------------------------------- */

typedef struct entity {
    const char *name;
    uint32_t cp;
} entity;

static const char *const latin1_names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",   "ordf",
    "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",
    "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave",
    "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",
    "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",
    "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
    "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
    "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const entity other_entities[] = {
    {"quot", 34}, {"amp", 38}, {"apos", 39}, {"lt", 60}, {"gt", 62},
    {"OElig", 338}, {"oelig", 339}, {"Scaron", 352}, {"scaron", 353}, {"Yuml", 376}, {"fnof", 402},
    {"circ", 710}, {"tilde", 732},
    {"Alpha", 913}, {"Beta", 914}, {"Gamma", 915}, {"Delta", 916}, {"Epsilon", 917}, {"Zeta", 918},
    {"Eta", 919}, {"Theta", 920}, {"Iota", 921}, {"Kappa", 922}, {"Lambda", 923}, {"Mu", 924}, {"Nu", 925},
    {"Xi", 926}, {"Omicron", 927}, {"Pi", 928}, {"Rho", 929}, {"Sigma", 931}, {"Tau", 932}, {"Upsilon", 933},
    {"Phi", 934}, {"Chi", 935}, {"Psi", 936}, {"Omega", 937},
    {"alpha", 945}, {"beta", 946}, {"gamma", 947}, {"delta", 948}, {"epsilon", 949}, {"zeta", 950},
    {"eta", 951}, {"theta", 952}, {"iota", 953}, {"kappa", 954}, {"lambda", 955}, {"mu", 956}, {"nu", 957},
    {"xi", 958}, {"omicron", 959}, {"pi", 960}, {"rho", 961}, {"sigmaf", 962}, {"sigma", 963}, {"tau", 964},
    {"upsilon", 965}, {"phi", 966}, {"chi", 967}, {"psi", 968}, {"omega", 969}, {"thetasym", 977},
    {"upsih", 978}, {"piv", 982},
    {"ensp", 8194}, {"emsp", 8195}, {"thinsp", 8201}, {"zwnj", 8204}, {"zwj", 8205}, {"lrm", 8206},
    {"rlm", 8207}, {"ndash", 8211}, {"mdash", 8212}, {"lsquo", 8216}, {"rsquo", 8217}, {"sbquo", 8218},
    {"ldquo", 8220}, {"rdquo", 8221}, {"bdquo", 8222}, {"dagger", 8224}, {"Dagger", 8225}, {"bull", 8226},
    {"hellip", 8230}, {"permil", 8240}, {"prime", 8242}, {"Prime", 8243}, {"lsaquo", 8249}, {"rsaquo", 8250},
    {"oline", 8254}, {"frasl", 8260}, {"euro", 8364}, {"image", 8465}, {"weierp", 8472}, {"real", 8476},
    {"trade", 8482}, {"alefsym", 8501}, {"larr", 8592}, {"uarr", 8593}, {"rarr", 8594}, {"darr", 8595},
    {"harr", 8596}, {"crarr", 8629}, {"lArr", 8656}, {"uArr", 8657}, {"rArr", 8658}, {"dArr", 8659},
    {"hArr", 8660}, {"forall", 8704}, {"part", 8706}, {"exist", 8707}, {"empty", 8709}, {"nabla", 8711},
    {"isin", 8712}, {"notin", 8713}, {"ni", 8715}, {"prod", 8719}, {"sum", 8721}, {"minus", 8722},
    {"lowast", 8727}, {"radic", 8730}, {"prop", 8733}, {"infin", 8734}, {"ang", 8736}, {"and", 8743},
    {"or", 8744}, {"cap", 8745}, {"cup", 8746}, {"int", 8747}, {"there4", 8756}, {"sim", 8764},
    {"cong", 8773}, {"asymp", 8776}, {"ne", 8800}, {"equiv", 8801}, {"le", 8804}, {"ge", 8805},
    {"sub", 8834}, {"sup", 8835}, {"nsub", 8836}, {"sube", 8838}, {"supe", 8839}, {"oplus", 8853},
    {"otimes", 8855}, {"perp", 8869}, {"sdot", 8901}, {"lceil", 8968}, {"rceil", 8969}, {"lfloor", 8970},
    {"rfloor", 8971}, {"lang", 9001}, {"rang", 9002}, {"loz", 9674}, {"spades", 9824}, {"clubs", 9827},
    {"hearts", 9829}, {"diams", 9830},
};

#define N_OTHER (sizeof other_entities / sizeof *other_entities)
#define N_ENTITIES (96 + N_OTHER)
static entity entities[N_ENTITIES]; /* sorted by name, built once */
static pthread_once_t entities_once = PTHREAD_ONCE_INIT;

static int entity_cmp(const void *a, const void *b)
{
    return strcmp(((const entity *)a)->name, ((const entity *)b)->name);
}

static void entities_init(void)
{
    for (size_t i = 0; i < 96; i++) entities[i] = (entity){latin1_names[i], (uint32_t)(160 + i)};
    for (size_t i = 0; i < N_OTHER; i++) entities[96 + i] = other_entities[i];
    qsort(entities, N_ENTITIES, sizeof *entities, entity_cmp);
}

/* The code point of a named reference (case-sensitive), or 0. */
static uint32_t entity_lookup(const char *name, size_t len)
{
    if (len == 0 || len > 8) return 0;
    size_t lo = 0, hi = N_ENTITIES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *t = entities[mid].name;
        int c = strncmp(name, t, len);
        if (c == 0 && t[len] != 0) c = -1;
        if (c == 0) return entities[mid].cp;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

static const uint16_t win1252[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178,
};

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static inline bool is_alpha(unsigned char c) { return (unsigned char)((c | 32) - 'a') < 26; }
static inline bool is_digit(unsigned char c) { return (unsigned char)(c - '0') < 10; }
static inline bool is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Decodes one reference at s[0] == '&' (s[0..n)): writes its bytes to o
 * and returns how many input bytes it took; a '&' that starts no reference
 * is written as itself. Never writes more bytes than it takes. */
static size_t decode_ref(const char *s, size_t n, char *o, size_t *olen)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 3 && u[1] == '#') {
        bool hex = (u[2] | 32) == 'x';
        size_t i = hex ? 3 : 2, start = i;
        uint32_t v = 0;
        for (; i < n; i++) {
            int d = hex ? cwi_hex_digit(u[i]) : (is_digit(u[i]) ? u[i] - '0' : -1);
            if (d < 0) break;
            if (v < 0x110000) v = v * (hex ? 16u : 10u) + (uint32_t)d;
        }
        if (i > start) {
            if (i < n && u[i] == ';') i++;
            if (v >= 0x80 && v < 0xA0) v = win1252[v - 0x80];
            else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
            /* "&#1;" (4 bytes) is the shortest numeric form; no code point
             * needs more than 4 bytes, and U+FFFD (3) needs at least "&#0;" */
            /* never longer than its source: "&#0" (3 bytes) gives U+FFFD (3),
             * a 4-byte code point needs at least 5 digits */
            *olen = put_utf8(o, v);
            return i;
        }
        o[0] = '&';
        *olen = 1;
        return 1;
    }
    /* &name; with name as libxml2 reads it: [A-Za-z_:][A-Za-z0-9_:.-]* */
    size_t i = 1;
    if (i < n && (is_alpha(u[i]) || u[i] == '_' || u[i] == ':')) {
        i++;
        while (i < n && (is_alpha(u[i]) || is_digit(u[i]) || u[i] == '_' || u[i] == ':' || u[i] == '.' || u[i] == '-'))
            i++;
        if (i < n && u[i] == ';') {
            uint32_t cp = entity_lookup(s + 1, i - 1);
            if (cp) {
                *olen = put_utf8(o, cp);
                return i + 1;
            }
        }
    }
    o[0] = '&';
    *olen = 1;
    return 1;
}

/* Decodes s[0..n) into o (room for n bytes): references when refs, NUL
 * bytes dropped when nul (the caller knows whether the input has any).
 * Returns the decoded length (at most n). */
static size_t decode(const char *s, size_t n, char *o, bool refs, bool nul)
{
    size_t i = 0, k = 0;
    while (i < n) {
        size_t j;
        if (nul) {
            j = i;
            while (j < n && s[j] != '&' && s[j] != 0) j++;
        } else {
            const char *amp = memchr(s + i, '&', n - i);
            j = amp ? (size_t)(amp - s) : n;
        }
        memcpy(o + k, s + i, j - i);
        k += j - i;
        i = j;
        if (i >= n) break;
        if (s[i] == 0) {
            i++;
            continue;
        }
        if (!refs) {
            o[k++] = '&';
            i++;
            continue;
        }
        size_t ol = 0;
        i += decode_ref(s + i, n - i, o + k, &ol);
        k += ol;
    }
    return k;
}

size_t cwi_dom_decode_refs(const char *s, size_t n, char *out)
{
    pthread_once(&entities_once, entities_init);
    return decode(s, n, out, true, false);
}

/* ---- the arena ----------------------------------------------------------------------- */

typedef struct block {
    struct block *next;
    size_t cap, used;
    max_align_t data[]; /* cap bytes */
} block;

struct cwi_dom {
    block *blocks; /* newest first */
    size_t bytes, nodes;
    size_t first_block; /* size of the first block, from the input's size; then 0 */
    cwi_dom_node doc;
};

#define BLOCK_MIN (64u * 1024u)
#define SPARE_MAX (32u * 1024u * 1024u)

/* One freed block is kept for the next page (any thread takes it), so that a
 * stream of pages does not map, fault in and unmap fresh memory for each. */
static _Atomic(block *) spare;

static block *take_spare(size_t need)
{
    block *b = atomic_exchange(&spare, NULL);
    /* too small, or so big that a small page would hold far more than it needs */
    if (b && (b->cap < need || b->cap > 8 * need + 256u * 1024u)) {
        free(b);
        b = NULL;
    }
    return b;
}

static void give_spare(block *b)
{
    b = atomic_exchange(&spare, b);
    free(b);
}

static void *arena_alloc(cwi_dom *d, size_t size, size_t align)
{
    block *b = d->blocks;
    if (b) {
        size_t off = (b->used + align - 1) & ~(align - 1);
        if (off <= b->cap && size <= b->cap - off) {
            b->used = off + size;
            return (char *)b->data + off;
        }
    }
    size_t cap = d->first_block; /* the first block is sized for the whole page */
    if (cap < BLOCK_MIN) cap = BLOCK_MIN;
    if (d->bytes / 2 > cap) cap = d->bytes / 2; /* later ones grow with the document */
    if (cap > 16u * 1024u * 1024u) cap = 16u * 1024u * 1024u;
    if (size > cap) cap = size;
    block *nb = d->blocks ? NULL : take_spare(cap);
    if (nb) cap = nb->cap;
    else nb = malloc(sizeof *nb + cap);
    if (!nb) return NULL;
    nb->next = d->blocks;
    nb->cap = cap;
    nb->used = size;
    d->blocks = nb;
    d->bytes += sizeof *nb + cap;
    d->first_block = 0;
    return nb->data;
}

/* ---- the parser ------------------------------------------------------------------------- */

typedef struct parser {
    cwi_dom *d;
    const char *s;
    size_t n, i;
    cwi_dom_node *stack[CWI_DOM_MAX_DEPTH];
    int depth;
    /* For end tags in constant time: the topmost open element of each known
     * tag, of each unknown name and of each end-tag priority, and for every
     * open element the next one down with the same tag (name) and priority. */
    int16_t top_tag[CWI_TAG_COUNT];
    int16_t top_prio[8];
    int16_t prev_same[CWI_DOM_MAX_DEPTH], prev_prio[CWI_DOM_MAX_DEPTH];
    struct other_name *stack_name[CWI_DOM_MAX_DEPTH];
    struct other_name **names; /* unknown tag names met, open addressing */
    size_t names_cap, names_n;
    int html_state; /* 1 at the start; 3 once a head was opened; 10 once a body was */
    int ignored;    /* misplaced html/head/body start tags dropped (their end tags are too) */
    bool has_nul;               /* the input holds NUL bytes (they are dropped) */
    bool doc_first_not_element; /* a doctype, comment or PI came before the root */
    CWI_VEC(cwi_dom_attr) attrs;
    size_t no_end[CWI_TAG_COUNT]; /* raw-text tags: from this offset on, no end tag exists (0: not known) */
    /* the text node whose string ends at the arena's tip, for merging */
    cwi_dom_node *tip_text;
} parser;

static cwi_dom_node *top(const parser *P) { return P->depth ? P->stack[P->depth - 1] : NULL; }

static cwi_dom_node *new_node(parser *P, uint8_t type)
{
    if (P->d->nodes >= CWI_DOM_MAX_NODES) return NULL;
    cwi_dom_node *nd = arena_alloc(P->d, sizeof *nd, _Alignof(cwi_dom_node));
    if (!nd) return NULL;
    memset(nd, 0, sizeof *nd);
    nd->type = type;
    P->d->nodes++;
    return nd;
}

static void append(cwi_dom_node *parent, cwi_dom_node *c)
{
    c->parent = parent;
    if (parent->last) parent->last->next = c;
    else parent->first = c;
    parent->last = c;
}

/* An unknown tag name, once per page: its elements share the string. */
typedef struct other_name {
    const char *name;
    uint32_t hash;
    int16_t top; /* the topmost open element of that name, or -1 */
} other_name;

static uint32_t name_hash(const char *name, size_t k)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < k; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
    return h;
}

/* The entry of name[0..k) (NUL-terminated), added when add; NULL when absent
 * (or out of memory: *nomem). */
static other_name *find_name(parser *P, const char *name, size_t k, bool add, bool *nomem)
{
    uint32_t h = name_hash(name, k);
    if (P->names_cap) {
        for (size_t i = h & (P->names_cap - 1);; i = (i + 1) & (P->names_cap - 1)) {
            other_name *e = P->names[i];
            if (!e) break;
            if (e->hash == h && !strcmp(e->name, name)) return e;
        }
    }
    if (!add) return NULL;
    if ((P->names_n + 1) * 2 > P->names_cap) {
        size_t cap = P->names_cap ? P->names_cap * 2 : 64;
        other_name **t = calloc(cap, sizeof *t);
        if (!t) {
            *nomem = true;
            return NULL;
        }
        for (size_t i = 0; i < P->names_cap; i++) {
            other_name *e = P->names[i];
            if (!e) continue;
            size_t j = e->hash & (cap - 1);
            while (t[j]) j = (j + 1) & (cap - 1);
            t[j] = e;
        }
        free(P->names);
        P->names = t;
        P->names_cap = cap;
    }
    other_name *e = arena_alloc(P->d, sizeof *e, _Alignof(other_name));
    char *copy = arena_alloc(P->d, k + 1, 1);
    if (!e || !copy) {
        *nomem = true;
        return NULL;
    }
    memcpy(copy, name, k + 1);
    *e = (other_name){copy, h, -1};
    size_t j = h & (P->names_cap - 1);
    while (P->names[j]) j = (j + 1) & (P->names_cap - 1);
    P->names[j] = e;
    P->names_n++;
    return e;
}

static int prio_level(enum cwi_dom_tag t)
{
    switch (end_priority(t)) {
    case 150: return 1;
    case 160: return 2;
    case 170: return 3;
    case 180: return 4;
    case 190: return 5;
    case 200: return 6;
    case 220: return 7;
    default: return 0;
    }
}

/* Closes the open elements above depth d. */
static void pop_to(parser *P, int d)
{
    while (P->depth > d) {
        int i = --P->depth;
        enum cwi_dom_tag t = (enum cwi_dom_tag)P->stack[i]->tag;
        if (t != CWI_TAG_OTHER) P->top_tag[t] = P->prev_same[i];
        else P->stack_name[i]->top = P->prev_same[i];
        P->top_prio[prio_level(t)] = P->prev_prio[i];
    }
}

static void push(parser *P, cwi_dom_node *e, other_name *nm)
{
    if (P->depth >= CWI_DOM_MAX_DEPTH) return; /* attached, not opened */
    int i = P->depth++;
    P->stack[i] = e;
    enum cwi_dom_tag t = (enum cwi_dom_tag)e->tag;
    if (t != CWI_TAG_OTHER) {
        P->prev_same[i] = P->top_tag[t];
        P->top_tag[t] = (int16_t)i;
    } else {
        P->stack_name[i] = nm;
        P->prev_same[i] = nm->top;
        nm->top = (int16_t)i;
    }
    int L = prio_level(t);
    P->prev_prio[i] = P->top_prio[L];
    P->top_prio[L] = (int16_t)i;
    if (e->tag == CWI_TAG_HEAD && P->html_state < 3) P->html_state = 3;
    if (e->tag == CWI_TAG_BODY && P->html_state < 10) P->html_state = 10;
}

/* Makes an element (no attributes) under the current one (or the document)
 * and opens it. NULL when the node limit is reached. */
static cwi_dom_node *open_element(parser *P, enum cwi_dom_tag t, other_name *nm, bool keep_open)
{
    const char *name = t != CWI_TAG_OTHER ? tag_names[t] : nm->name;
    cwi_dom_node *e = new_node(P, CWI_DOM_ELEMENT);
    if (!e) return NULL;
    e->tag = (uint16_t)t;
    e->name = name;
    cwi_dom_node *parent = top(P);
    if (!parent) {
        /* outside every element (content after </html>): libxml2 puts it
         * into the first root, or beside it when the document starts with
         * a doctype, comment or processing instruction */
        cwi_dom_node *first = P->d->doc.first;
        parent = (first && !P->doc_first_not_element) ? first : &P->d->doc;
    }
    append(parent, e);
    if (keep_open) push(P, e, nm);
    return e;
}

/* Start tags close the current element while it is one they end. */
static void auto_close(parser *P, enum cwi_dom_tag t)
{
    while (P->depth && start_closes(t, (enum cwi_dom_tag)top(P)->tag)) pop_to(P, P->depth - 1);
}

static bool stack_has(const parser *P, enum cwi_dom_tag t) { return P->top_tag[t] >= 0; }

/* The elements a start tag t implies: <html> always; <head> for head-ish
 * tags that come first; else <body>. Fails only when out of memory. */
static cw_status implied(parser *P, enum cwi_dom_tag t)
{
    if (t == CWI_TAG_HTML) return CW_OK;
    if (P->depth == 0 && !open_element(P, CWI_TAG_HTML, NULL, true) &&
        P->d->nodes < CWI_DOM_MAX_NODES)
        return CW_ERR_NOMEM;
    if (t == CWI_TAG_BODY || t == CWI_TAG_HEAD) return CW_OK;
    if (P->depth <= 1 && (tag_flags[t] & TF_HEADISH)) {
        if (P->html_state >= 3) return CW_OK;
        if (!open_element(P, CWI_TAG_HEAD, NULL, true) && P->d->nodes < CWI_DOM_MAX_NODES)
            return CW_ERR_NOMEM;
    } else if (t != CWI_TAG_NOFRAMES && t != CWI_TAG_FRAME && t != CWI_TAG_FRAMESET) {
        if (P->html_state >= 10 || stack_has(P, CWI_TAG_BODY) || stack_has(P, CWI_TAG_HEAD)) return CW_OK;
        if (!open_element(P, CWI_TAG_BODY, NULL, true) && P->d->nodes < CWI_DOM_MAX_NODES)
            return CW_ERR_NOMEM;
    }
    return CW_OK;
}

/* Text directly in <html> or <head> (or outside everything) opens a <p>. */
static cw_status implied_paragraph(parser *P)
{
    cwi_dom_node *t = top(P);
    if (t && t->tag != CWI_TAG_HTML && t->tag != CWI_TAG_HEAD) return CW_OK;
    auto_close(P, CWI_TAG_P);
    CWI_TRY(implied(P, CWI_TAG_P));
    if (!open_element(P, CWI_TAG_P, NULL, true) && P->d->nodes < CWI_DOM_MAX_NODES)
        return CW_ERR_NOMEM;
    return CW_OK;
}

/* Adds decoded text (raw bytes s[0..n), references decoded when refs) to the
 * current element, merged into its last child when that is text. */
static cw_status add_text(parser *P, const char *s, size_t n, bool refs, bool check_blank)
{
    if (n == 0) return CW_OK;
    if (check_blank) {
        /* white space alone goes where it is (nowhere outside every
         * element); other text directly in <html> or <head> opens a <p> */
        size_t k = 0;
        while (k < n && is_blank((unsigned char)s[k])) k++;
        if (k < n) CWI_TRY(implied_paragraph(P));
    }
    cwi_dom_node *parent = top(P);
    if (!parent) return CW_OK;
    cwi_dom_node *last = parent->last;
    block *b = P->d->blocks;
    if (last && last->type == CWI_DOM_TEXT && last == P->tip_text && b &&
        (const char *)b->data + b->used == last->u.text + last->len + 1 && b->cap - b->used >= n) {
        /* extend in place: the string is at the arena's tip */
        char *o = (char *)last->u.text + last->len;
        size_t k = decode(s, n, o, refs, P->has_nul);
        o[k] = 0;
        b->used += k;
        last->len += (uint32_t)k;
        return CW_OK;
    }
    size_t keep = (last && last->type == CWI_DOM_TEXT && last->len <= 65536) ? last->len : 0;
    char *o = arena_alloc(P->d, keep + n + 1, 1);
    if (!o) return CW_ERR_NOMEM;
    if (keep) memcpy(o, last->u.text, keep);
    size_t k = decode(s, n, o + keep, refs, P->has_nul);
    o[keep + k] = 0;
    /* give back what decoding did not use */
    b = P->d->blocks;
    b->used -= (n - k);
    if (keep) {
        last->u.text = o;
        last->len = (uint32_t)(keep + k);
        P->tip_text = last;
        return CW_OK;
    }
    if (k == 0) {
        b->used -= 1;
        return CW_OK;
    }
    cwi_dom_node *t = new_node(P, CWI_DOM_TEXT);
    if (!t) {
        if (P->d->nodes >= CWI_DOM_MAX_NODES) return CW_OK;
        return CW_ERR_NOMEM;
    }
    t->u.text = o;
    t->len = (uint32_t)k;
    append(parent, t);
    P->tip_text = t;
    return CW_OK;
}

static bool ci_prefix(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n < m) return false;
    for (size_t i = 0; i < m; i++)
        if ((s[i] | 32) != (lit[i] | 32)) return false;
    return true;
}

/* Reads a tag or attribute name at P->i into buf (lower case, at most cap-1
 * bytes kept); returns its length in the input (0: no name). */
static size_t read_name(parser *P, char *buf, size_t cap, size_t *kept)
{
    const unsigned char *u = (const unsigned char *)P->s;
    size_t i = P->i, k = 0;
    if (i >= P->n) return 0;
    unsigned char c = u[i];
    if (!(is_alpha(c) || c == '_' || c == ':' || c == '.')) return 0;
    while (i < P->n) {
        c = u[i];
        if (!(is_alpha(c) || is_digit(c) || c == ':' || c == '-' || c == '_' || c == '.')) break;
        if (k < cap - 1) buf[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        i++;
    }
    buf[k] = 0;
    *kept = k;
    size_t len = i - P->i;
    P->i = i;
    return len;
}

static void skip_blanks(parser *P)
{
    while (P->i < P->n && is_blank((unsigned char)P->s[P->i])) P->i++;
}

static bool is_boolean_attr(const char *name)
{
    static const char *const b[] = {"checked", "compact",  "declare",  "defer",   "disabled", "ismap",   "multiple",
                                    "nohref",  "noresize", "noshade",  "nowrap",  "readonly", "selected"};
    for (size_t i = 0; i < sizeof b / sizeof *b; i++)
        if (!strcmp(name, b[i])) return true;
    return false;
}

/* Parses the attributes of a start tag into P->attrs; stops after '>' or
 * "/>" (*self_close) or at the end of the input (*unterminated). */
static cw_status read_attributes(parser *P, bool store, bool *self_close, bool *unterminated)
{
    P->attrs.n = 0;
    *self_close = *unterminated = false;
    char nbuf[128];
    for (;;) {
        skip_blanks(P);
        if (P->i >= P->n) {
            *unterminated = true;
            return CW_OK;
        }
        char c = P->s[P->i];
        if (c == '>') {
            P->i++;
            return CW_OK;
        }
        if (c == '/' && P->i + 1 < P->n && P->s[P->i + 1] == '>') {
            P->i += 2;
            *self_close = true;
            return CW_OK;
        }
        size_t k = 0;
        if (!read_name(P, nbuf, sizeof nbuf, &k)) {
            /* a bogus attribute: dropped up to the next blank or the end of the tag */
            while (P->i < P->n) {
                c = P->s[P->i];
                if (is_blank((unsigned char)c) || c == '>' || (c == '/' && P->i + 1 < P->n && P->s[P->i + 1] == '>'))
                    break;
                P->i++;
            }
            continue;
        }
        skip_blanks(P);
        const char *vs = NULL;
        size_t vn = 0;
        bool has_value = false;
        if (P->i < P->n && P->s[P->i] == '=') {
            P->i++;
            skip_blanks(P);
            has_value = true;
            if (P->i < P->n && (P->s[P->i] == '"' || P->s[P->i] == '\'')) {
                char q = P->s[P->i++];
                vs = P->s + P->i;
                const char *e = memchr(vs, q, P->n - P->i);
                vn = e ? (size_t)(e - vs) : P->n - P->i;
                P->i += vn + (e ? 1 : 0);
            } else {
                vs = P->s + P->i;
                while (P->i < P->n && !is_blank((unsigned char)P->s[P->i]) && P->s[P->i] != '>') P->i++;
                vn = (size_t)(P->s + P->i - vs);
            }
        }
        if (!store) continue;
        bool dup = false;
        for (size_t a = 0; a < P->attrs.n && !dup; a++)
            if (P->attrs.v[a].name[0] == nbuf[0] && !strcmp(P->attrs.v[a].name, nbuf)) dup = true;
        if (dup) continue; /* the first one wins */
        char *name = arena_alloc(P->d, k + 1, 1);
        if (!name) return CW_ERR_NOMEM;
        memcpy(name, nbuf, k + 1);
        const char *value = "";
        if (!has_value && is_boolean_attr(name)) value = name; /* as libxml2: <x defer> has defer="defer" */
        if (has_value && vn) {
            char *v = arena_alloc(P->d, vn + 1, 1);
            if (!v) return CW_ERR_NOMEM;
            size_t m = decode(vs, vn, v, true, P->has_nul);
            v[m] = 0;
            P->d->blocks->used -= vn - m;
            value = v;
        }
        CWI_TRY(CWI_VEC_PUSH(P->attrs, ((cwi_dom_attr){name, value})));
        P->tip_text = NULL;
    }
}

/* Where the end tag "</name" (followed by a blank, '/', '>' or the end)
 * starts in s[from..n), or n when there is none. */
static size_t find_end_tag(const parser *P, size_t from, const char *name)
{
    size_t m = strlen(name);
    const char *s = P->s;
    size_t i = from;
    while (i < P->n) {
        const char *lt = memchr(s + i, '<', P->n - i);
        if (!lt) break;
        i = (size_t)(lt - s);
        if (i + 1 < P->n && s[i + 1] == '/' && ci_prefix(s + i + 2, P->n - i - 2, name)) {
            size_t j = i + 2 + m;
            if (j >= P->n || is_blank((unsigned char)s[j]) || s[j] == '/' || s[j] == '>' || s[j] == '\f') return i;
        }
        i++;
    }
    return P->n;
}

static cw_status start_tag(parser *P)
{
    P->i++; /* '<' */
    char nbuf[128];
    size_t k = 0;
    read_name(P, nbuf, sizeof nbuf, &k);
    enum cwi_dom_tag t = cwi_dom_tag_id(nbuf, k);
    /* the tree rules first (as libxml2 applies them before the attributes),
     * so that a dropped tag allocates nothing */
    auto_close(P, t);
    CWI_TRY(implied(P, t));
    bool discard = false;
    if (P->depth > 0 && t == CWI_TAG_HTML) discard = true;
    if (P->depth != 1 && t == CWI_TAG_HEAD) discard = true;
    if (t == CWI_TAG_BODY && stack_has(P, CWI_TAG_BODY)) discard = true;
    bool self_close, unterminated;
    CWI_TRY(read_attributes(P, !discard && P->d->nodes < CWI_DOM_MAX_NODES, &self_close, &unterminated));
    if (discard) {
        P->ignored++;
        return CW_OK;
    }
    other_name *nm = NULL;
    if (t == CWI_TAG_OTHER) {
        bool nomem = false;
        if (!(nm = find_name(P, nbuf, k, true, &nomem))) return CW_ERR_NOMEM;
    }
    bool opened = !(self_close || unterminated || (tag_flags[t] & TF_VOID));
    cwi_dom_node *e = open_element(P, t, nm, opened);
    if (!e) return P->d->nodes >= CWI_DOM_MAX_NODES ? CW_OK : CW_ERR_NOMEM;
    P->tip_text = NULL;
    if (P->attrs.n) {
        cwi_dom_attr *a = arena_alloc(P->d, P->attrs.n * sizeof *a, _Alignof(cwi_dom_attr));
        if (!a) return CW_ERR_NOMEM;
        memcpy(a, P->attrs.v, P->attrs.n * sizeof *a);
        e->u.attrs = a;
        e->len = (uint32_t)P->attrs.n;
    }
    if (!opened || !(tag_flags[t] & (TF_RAW | TF_RCDATA)) || top(P) != e) return CW_OK;
    /* raw text up to the end tag */
    size_t end;
    if (t == CWI_TAG_PLAINTEXT) {
        end = P->n;
    } else if (P->no_end[t] && P->i >= P->no_end[t]) {
        end = P->n;
    } else {
        end = find_end_tag(P, P->i, tag_names[t]); /* raw-text tags are all known */
        if (end == P->n) P->no_end[t] = P->i ? P->i : 1;
    }
    if (end == P->n && t != CWI_TAG_PLAINTEXT && t != CWI_TAG_SCRIPT && t != CWI_TAG_STYLE)
        return CW_OK; /* no end tag: the content is markup after all */
    CWI_TRY(add_text(P, P->s + P->i, end - P->i, (tag_flags[t] & TF_RCDATA) != 0, false));
    P->i = end;
    return CW_OK;
}

static void end_tag(parser *P)
{
    P->i += 2; /* "</" */
    char nbuf[128];
    size_t k = 0;
    if (!read_name(P, nbuf, sizeof nbuf, &k)) return; /* "</" dropped, the rest is text */
    skip_blanks(P);
    if (P->i < P->n && P->s[P->i] == '>') {
        P->i++;
    } else {
        const char *gt = memchr(P->s + P->i, '>', P->n - P->i);
        P->i = gt ? (size_t)(gt - P->s) + 1 : P->n;
    }
    enum cwi_dom_tag t = cwi_dom_tag_id(nbuf, k);
    if (P->ignored > 0 && (t == CWI_TAG_HTML || t == CWI_TAG_BODY || t == CWI_TAG_HEAD)) {
        P->ignored--;
        return;
    }
    /* the topmost open element of that name; ignored when there is none, or
     * when an element of a higher priority is open above it */
    int i;
    if (t != CWI_TAG_OTHER) {
        i = P->top_tag[t];
    } else {
        bool nomem = false;
        other_name *nm = find_name(P, nbuf, k, false, &nomem);
        i = nm ? nm->top : -1;
    }
    if (i < 0) return;
    for (int L = prio_level(t) + 1; L < 8; L++)
        if (P->top_prio[L] > i) return;
    pop_to(P, i);
    P->tip_text = NULL;
}

static cw_status run(parser *P)
{
    const char *s = P->s;
    size_t n = P->n;
    while (P->i < n) {
        size_t i = P->i;
        if (s[i] == '<' && i + 1 < n) {
            unsigned char c = (unsigned char)s[i + 1];
            if (is_alpha(c) || c == '_' || c == ':') {
                CWI_TRY(start_tag(P));
                continue;
            }
            if (c == '/' && i + 2 < n) {
                end_tag(P);
                continue;
            }
            if (c == '!') {
                if (ci_prefix(s + i, n - i, "<!--")) {
                    const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
                    P->i = e ? (size_t)(e - s) + 3 : n;
                    if (e && !P->d->doc.first) P->doc_first_not_element = true;
                } else if (ci_prefix(s + i, n - i, "<!doctype")) {
                    const char *gt = memchr(s + i, '>', n - i);
                    P->i = gt ? (size_t)(gt - s) + 1 : n;
                    P->doc_first_not_element = true;
                } else if (n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
                    size_t from = i + 9, j = from;
                    const char *e = NULL;
                    while (j + 2 < n) {
                        const char *b = memchr(s + j, ']', n - j);
                        if (!b || (size_t)(b - s) + 2 >= n) break;
                        if (b[1] == ']' && b[2] == '>') {
                            e = b;
                            break;
                        }
                        j = (size_t)(b - s) + 1;
                    }
                    size_t end = e ? (size_t)(e - s) : n;
                    CWI_TRY(add_text(P, s + from, end - from, false, true));
                    P->i = e ? end + 3 : n;
                } else {
                    const char *gt = memchr(s + i, '>', n - i);
                    P->i = gt ? (size_t)(gt - s) + 1 : n;
                }
                continue;
            }
            if (c == '?') {
                const char *gt = memchr(s + i, '>', n - i);
                P->i = gt ? (size_t)(gt - s) + 1 : n;
                if (gt && !P->d->doc.first) P->doc_first_not_element = true;
                continue;
            }
        }
        /* text up to the next piece of markup */
        size_t j = i + 1;
        for (;;) {
            const char *lt = memchr(s + j, '<', n - j);
            if (!lt) {
                j = n;
                break;
            }
            j = (size_t)(lt - s);
            if (j + 1 < n) {
                unsigned char c = (unsigned char)s[j + 1];
                if (is_alpha(c) || c == '_' || c == ':' || c == '!' || c == '?' || (c == '/' && j + 2 < n)) break;
            }
            j++;
        }
        CWI_TRY(add_text(P, s + i, j - i, true, true));
        P->i = j;
    }
    return CW_OK;
}

static void free_blocks(block *b)
{
    block *keep = NULL;
    while (b) {
        block *nx = b->next;
        if (b->cap <= SPARE_MAX && (!keep || b->cap > keep->cap)) {
            free(keep);
            keep = b;
        } else {
            free(b);
        }
        b = nx;
    }
    if (keep) give_spare(keep);
}

cw_status cwi_dom_parse(const char *html, size_t n, cwi_dom **out)
{
    if (!out || (!html && n)) return CW_ERR_USAGE;
    if (n > CWI_DOM_MAX_INPUT) return CW_ERR_LIMIT; /* lengths are 32-bit */
    pthread_once(&entities_once, entities_init);
    cwi_dom *d = calloc(1, sizeof *d);
    parser *P = calloc(1, sizeof *P);
    if (!d || !P) {
        free(d);
        free(P);
        return CW_ERR_NOMEM;
    }
    d->doc.type = CWI_DOM_DOCUMENT;
    /* news pages need about 1.5 times their size (nodes, text, attributes) */
    d->first_block = n < 8u * 1024u * 1024u ? 2 * n : 16u * 1024u * 1024u;
    P->d = d;
    P->s = html ? html : "";
    P->n = n;
    P->html_state = 1;
    memset(P->top_tag, 0xFF, sizeof P->top_tag); /* -1: none open */
    memset(P->top_prio, 0xFF, sizeof P->top_prio);
    P->has_nul = n && memchr(html, 0, n) != NULL;
    /* libxml2 skips leading white space and a byte-order mark is not text */
    if (n >= 3 && !memcmp(html, "\xEF\xBB\xBF", 3)) P->i = 3;
    cw_status st = run(P);
    CWI_VEC_FREE(P->attrs);
    free(P->names);
    free(P);
    if (st != CW_OK) {
        cwi_dom_free(d);
        return st;
    }
    *out = d;
    return CW_OK;
}

void cwi_dom_free(cwi_dom *d)
{
    if (!d) return;
    free_blocks(d->blocks);
    free(d);
}

cwi_dom_node *cwi_dom_document(const cwi_dom *d) { return d ? (cwi_dom_node *)&d->doc : NULL; }

cwi_dom_node *cwi_dom_root(const cwi_dom *d)
{
    if (!d) return NULL;
    for (cwi_dom_node *c = d->doc.first; c; c = c->next)
        if (c->type == CWI_DOM_ELEMENT) return c;
    return NULL;
}

size_t cwi_dom_node_count(const cwi_dom *d) { return d ? d->nodes : 0; }
size_t cwi_dom_bytes(const cwi_dom *d)
{
    size_t used = 0;
    for (const block *b = d ? d->blocks : NULL; b; b = b->next) used += sizeof *b + b->used;
    return used;
}

const char *cwi_dom_get_attr(const cwi_dom_node *n, const char *name)
{
    if (!n || n->type != CWI_DOM_ELEMENT) return NULL;
    for (uint32_t i = 0; i < n->len; i++)
        if (!strcmp(n->u.attrs[i].name, name)) return n->u.attrs[i].value;
    return NULL;
}

cw_status cwi_dom_serialize(const cwi_dom_node *root, cwi_buf *out)
{
    const cwi_dom_node *cur = root;
    while (cur) {
        bool descend = false;
        if (cur->type == CWI_DOM_TEXT) {
            CWI_TRY(cwi_buf_add(out, cur->u.text, cur->len));
        } else if (cur->type == CWI_DOM_ELEMENT) {
            CWI_TRY(cwi_buf_printf(out, "<%s", cur->name));
            for (uint32_t i = 0; i < cur->len; i++)
                CWI_TRY(cwi_buf_printf(out, " %s=\"%s\"", cur->u.attrs[i].name, cur->u.attrs[i].value));
            CWI_TRY(cwi_buf_addc(out, '>'));
            descend = true;
        } else {
            descend = true;
        }
        if (descend && cur->first) {
            cur = cur->first;
            continue;
        }
        for (;;) {
            if (cur->type == CWI_DOM_ELEMENT) CWI_TRY(cwi_buf_printf(out, "</%s>", cur->name));
            if (cur == root) return CW_OK;
            if (cur->next) break;
            cur = cur->parent;
            if (!cur) return CW_OK;
        }
        cur = cur->next;
    }
    return CW_OK;
}
