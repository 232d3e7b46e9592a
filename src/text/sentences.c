/*
 * sentences: sentence spans in normalised news text.
 *
 * The text is cut into blocks first: a block is a line, or several lines when
 * a line is clearly wrapped (it ends without sentence punctuation and the next
 * starts in lower case, or it ends in a comma or a dash as datelines do). A
 * block never spans an empty line. Headings and list items are therefore
 * sentences of their own. Inside a block, a sentence ends after a run of end
 * marks (. ! ? …) and the closing quotes and brackets that follow it, when
 * white space and a sentence starter come next (an upper-case or caseless
 * letter, a digit, an opening quote or bracket), unless a single period
 * belongs to an abbreviation, an initialism, an initial or a list number. CJK,
 * Arabic and Devanagari end marks end a sentence with nothing after them.
 *
 * Cost: every byte is visited a bounded number of times: the main scan moves
 * forward only, and each candidate end looks at most WORD_BACK bytes back and
 * a few code points ahead.
 */
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"

#define WORD_BACK 48 /* longest word examined before a period */

static inline bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Code point ending just before position i (i > lo); *start gets its first byte. */
static int32_t cp_before(const char *s, size_t lo, size_t i, size_t *start)
{
    size_t k = cwi_utf8_prev(s, lo, i);
    size_t len;
    int32_t cp = cwi_utf8_decode(s + k, i - k, &len);
    if (k + len != i) { /* a stray continuation byte */
        *start = i - 1;
        return 0xFFFD;
    }
    *start = k;
    return cp;
}

static int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
    if ((unsigned char)s[i] < 0x80) {
        *len = 1;
        return (unsigned char)s[i];
    }
    return cwi_utf8_decode(s + i, n - i, len);
}

/* End marks: 1 for ambiguous ones (need a starter after them), 2 for marks
 * that end a sentence by themselves. */
static int end_mark(int32_t cp)
{
    switch (cp) {
    case '.': case '!': case '?': case 0x2026: case 0x203C: case 0x2047: case 0x2048: case 0x2049:
        return 1;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61: case 0x061F: case 0x06D4: case 0x0964: case 0x0965:
    case 0x1362:
        return 2;
    default:
        return 0;
    }
}

static bool is_closer(int32_t cp)
{
    switch (cp) {
    case '"': case '\'': case ')': case ']': case '}': case 0x2019: case 0x201D: case 0x00BB: case 0x203A:
    case 0x300D: case 0x300F: case 0xFF09: case 0x3011: case 0x300B: case 0x3009: case 0xFF02: case 0xFF63:
        return true;
    default:
        return false;
    }
}

static bool is_opener(int32_t cp)
{
    switch (cp) {
    case '"': case '\'': case '(': case '[': case 0x2018: case 0x201C: case 0x201E: case 0x201A: case 0x00AB:
    case 0x2039: case 0x00BF: case 0x00A1: case 0x300C: case 0x300E: case 0xFF08: case 0x3010: case 0x300A:
        return true;
    default:
        return false;
    }
}

static int category(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return UTF8PROC_CATEGORY_LU;
        if (cp >= 'a' && cp <= 'z') return UTF8PROC_CATEGORY_LL;
        if (cp >= '0' && cp <= '9') return UTF8PROC_CATEGORY_ND;
        return UTF8PROC_CATEGORY_PO;
    }
    return utf8proc_category(cp);
}

static bool is_letter_cp(int32_t cp)
{
    int c = category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Can cp start a sentence? */
static bool is_starter(int32_t cp)
{
    int c = category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LO ||
           c == UTF8PROC_CATEGORY_ND || is_opener(cp);
}

/* Word lists. Titles never end a sentence; "end" abbreviations may, and do
 * so when a common sentence opener follows; "num" abbreviations stand before
 * numbers. */
static const char *const titles[] = {
    "Mr", "Mrs", "Ms", "Mme", "Mmes", "Mlle", "Messrs", "Dr", "Drs", "Gen", "Gens", "Lt", "Col", "Sgt",
    "Capt", "Cpt", "Cmdr", "Adm", "Maj", "Brig", "Cpl", "Pvt", "Gov", "Govs", "Sen", "Sens", "Rep",
    "Reps", "Rev", "Prof", "Pres", "Hon", "Fr", "Supt", "Amb", "Atty", "Det", "Insp", "Mt", "Ft", "vs",
    "Vs", "cf", "approx", "Gov-elect", NULL};
static const char *const end_abbrevs[] = {"etc", "Inc", "Corp", "Ltd", "Co", "Cos", "Jr", "Sr", "St",
                                          "Ave", "Blvd", "Rd", "Bros", "Dept", "Univ", "Assn", "Esq",
                                          "Plc", "al", NULL};
static const char *const num_abbrevs[] = {"No", "Nos", "no", "Vol", "Vols", "vol", "Fig", "Figs", "fig",
                                          "pp", "p", "Art", "Ch", "Sec", "Para", "Nr", "Op", "Tel", NULL};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                                     "Oct", "Nov", "Dec", NULL};
static const char *const states[] = {"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
                                     "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich",
                                     "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev", "Okla", "Ore",
                                     "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", NULL};
/* Words that open a sentence often enough that "U.S. The" is read as two. */
static const char *const openers[] = {
    "The", "A", "An", "He", "She", "It", "I", "We", "You", "They", "In", "On", "At", "But", "And", "Or",
    "This", "That", "These", "Those", "His", "Her", "Its", "Their", "Our", "My", "There", "Then", "Now",
    "Meanwhile", "However", "While", "When", "Where", "Why", "What", "Who", "How", "If", "After",
    "Before", "Since", "As", "So", "Yet", "Still", "Also", "Earlier", "Later", "Last", "Both", "Many",
    "Some", "Most", "Such", "Officials", "Under", "With", "For", "From", "By", "To", "According",
    "Despite", "Although", "Though", "One", "Two", "Asked", "Neither", "No", "Not", "Nor", "Each",
    "Every", "All", "Other", "Another", NULL};

static bool in_list(const char *const *list, const char *w, size_t n)
{
    if (!n) return false;
    /* the first letter first: it rules out nearly every entry without a strlen */
    for (; *list; list++)
        if ((*list)[0] == w[0] && strlen(*list) == n && memcmp(*list, w, n) == 0) return true;
    return false;
}

/* Is the word at s[k..n) one of the common sentence openers? */
static bool opener_at(const char *s, size_t n, size_t k)
{
    size_t e = k;
    while (e < n && e - k < 16 && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'))) e++;
    if (e == k || (e < n && (unsigned char)s[e] >= 0x80)) return false;
    return in_list(openers, s + k, e - k);
}

/* Decides whether the single period at s[dot] ends a sentence, given that
 * white space and a starter at s[next] follow it. lo bounds the look-back. */
static bool period_ends(const char *s, size_t n, size_t lo, size_t dot, size_t next)
{
    /* The word before the period: letters and inner periods. */
    size_t w = dot, bound = dot - lo > WORD_BACK ? dot - WORD_BACK : lo;
    while (w > bound) {
        size_t st;
        int32_t cp = cp_before(s, bound, w, &st);
        if (cp != '.' && !is_letter_cp(cp)) break;
        w = st;
    }
    while (w < dot && s[w] == '.') w++;
    if (w == dot) return true; /* a number, a bracket, a symbol */
    if (w == bound && bound > lo) return true; /* too long to be an abbreviation */
    const char *word = s + w;
    size_t wl = dot - w;
    bool dotted = memchr(word, '.', wl) != NULL;
    bool opener = opener_at(s, n, next);
    bool digit = s[next] >= '0' && s[next] <= '9';

    if (dotted) return opener; /* U.S., a.m., D.C., Ph.D */
    size_t l1;
    int32_t first = cp_at(s, n, w, &l1);
    if (l1 == wl) { /* one letter */
        int c = category(first);
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) return opener; /* an initial */
        return true;
    }
    if (in_list(titles, word, wl)) return false;
    if (in_list(num_abbrevs, word, wl)) return !digit;
    if (in_list(months, word, wl)) return !digit && opener;
    if (in_list(end_abbrevs, word, wl)) return opener;
    if (in_list(states, word, wl)) {
        char before = w > lo ? s[w - 1] : 0;
        if (before == '-' || before == '(') return false;
        if (before == ' ' && w - lo >= 2 && s[w - 2] == ',') return opener;
    }
    return true;
}

static cw_status emit(const char *s, size_t a, size_t b, cwi_spans *out)
{
    while (a < b && is_ws((unsigned char)s[a])) a++;
    while (b > a && is_ws((unsigned char)s[b - 1])) b--;
    if (a == b) return CW_OK;
    cwi_span sp = {(uint32_t)a, (uint32_t)b};
    return CWI_VEC_PUSH(*out, sp);
}

/* Length of a list marker at s[a..b) ("1. ", "12) ", "a) "), 0 when none. */
static size_t number_marker(const char *s, size_t a, size_t b)
{
    size_t k = a;
    while (k < b && k - a < 4 && s[k] >= '0' && s[k] <= '9') k++;
    if (k == a && k < b && s[k] >= 'a' && s[k] <= 'z' && k + 1 < b && s[k + 1] == ')') k++;
    if (k == a || k + 1 >= b) return 0;
    if ((s[k] == '.' || s[k] == ')') && is_ws((unsigned char)s[k + 1])) return k + 1 - a;
    return 0;
}

static bool is_bullet(int32_t cp)
{
    switch (cp) {
    case '-': case '*': case '+': case 0x2022: case 0x00B7: case 0x25AA: case 0x25E6: case 0x25CF:
    case 0x25CB: case 0x25BA: case 0x2023: case 0x2013: case 0x2014: case 0x2043: case 0x25A0:
        return true;
    default:
        return false;
    }
}

/* Splits the block s[a..b) into sentences. */
static cw_status split_block(const char *s, size_t a, size_t b, cwi_spans *out)
{
    size_t start = a;
    size_t i = a + number_marker(s, a, b);
    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c != '.' && c != '!' && c != '?') {
                i++;
                continue;
            }
        }
        size_t len;
        int32_t cp = cp_at(s, b, i, &len);
        int kind = end_mark(cp);
        if (!kind) {
            i += len;
            continue;
        }
        /* A run of end marks, then closers. */
        size_t dot = i, marks = 0;
        bool single_period = true;
        size_t j = i;
        while (j < b) {
            int32_t m = cp_at(s, b, j, &len);
            int k = end_mark(m);
            if (!k) break;
            if (k == 2) kind = 2;
            if (m != '.') single_period = false;
            marks++;
            j += len;
        }
        if (marks != 1) single_period = false;
        while (j < b) {
            int32_t m = cp_at(s, b, j, &len);
            if (!is_closer(m)) break;
            j += len;
        }
        i = j;
        if (j >= b) break;
        size_t next = j;
        if (kind == 1) {
            if (!is_ws((unsigned char)s[j])) continue;
            while (next < b && is_ws((unsigned char)s[next])) next++;
            if (next >= b) break;
            int32_t nc = cp_at(s, b, next, &len);
            if (!is_starter(nc)) continue;
            if (single_period && !period_ends(s, b, start, dot, next)) continue;
        }
        CWI_TRY(emit(s, start, j, out));
        start = j;
    }
    return emit(s, start, b, out);
}

/* Trimmed bounds of the line starting at p; *next gets the start of the next line. */
static void line_at(const char *s, size_t n, size_t p, size_t *ls, size_t *le, size_t *next)
{
    const char *nl = memchr(s + p, '\n', n - p);
    size_t e = nl ? (size_t)(nl - s) : n;
    *next = nl ? e + 1 : n;
    while (p < e && is_ws((unsigned char)s[p])) p++;
    while (e > p && is_ws((unsigned char)s[e - 1])) e--;
    *ls = p;
    *le = e;
}

static bool list_item(const char *s, size_t a, size_t b)
{
    size_t len;
    if (is_bullet(cp_at(s, b, a, &len))) return true;
    return number_marker(s, a, b) != 0;
}

static bool ends_with_mark(const char *s, size_t a, size_t b);

/* Does the line [a, b) go on into the non-empty line [c, d)? */
static bool continues(const char *s, size_t a, size_t b, size_t c, size_t d)
{
    if (list_item(s, c, d)) return false;
    size_t st, e = b;
    int32_t last = cp_before(s, a, e, &st);
    if (last == ',' || last == ';' || last == 0x2014 || last == 0x2013 ||
        (last == '-' && st > a && s[st - 1] == ' '))
        return true;
    if (last == ':' || ends_with_mark(s, a, b)) return false;
    size_t len;
    return category(cp_at(s, d, c, &len)) == UTF8PROC_CATEGORY_LL;
}

/* Does the line [a, b) end with an end mark (perhaps before closers)? */
static bool ends_with_mark(const char *s, size_t a, size_t b)
{
    size_t st;
    int32_t last = cp_before(s, a, b, &st);
    for (int k = 0; k < 4 && is_closer(last) && st > a; k++) last = cp_before(s, a, st, &st);
    return end_mark(last) != 0;
}

cw_status cwi_sentences(const char *s, size_t n, cwi_spans *out)
{
    if (n > UINT32_MAX) return CW_ERR_LIMIT;
    size_t p = 0;
    /* In a list introduced by a line ending in a colon, each line is an item
     * even when it starts in lower case; the list ends at a paragraph break
     * or after a line with an end mark. */
    bool in_list = false;
    while (p < n) {
        size_t ls, le, next;
        line_at(s, n, p, &ls, &le, &next);
        p = next;
        if (ls == le) {
            in_list = false;
            continue;
        }
        size_t bs = ls, be = le;
        /* Take wrapped lines into the block. */
        while (p < n && !in_list) {
            size_t ls2, le2, next2;
            line_at(s, n, p, &ls2, &le2, &next2);
            if (ls2 == le2 || !continues(s, ls, le, ls2, le2)) break;
            ls = ls2;
            le = be = le2;
            p = next2;
        }
        size_t st;
        if (cp_before(s, ls, le, &st) == ':') in_list = true;
        else if (in_list && ends_with_mark(s, ls, le)) in_list = false;
        CWI_TRY(split_block(s, bs, be, out));
    }
    return CW_OK;
}
