/*
 * tokenize: words, numbers, punctuation and ideographs with byte spans.
 *
 * ASCII goes through a 128-entry class table; other code points through
 * utf8proc's general category. Every step of the main loop consumes at least
 * one code point, and look-ahead is at most two code points, so the work is
 * linear in the input.
 */
#include <utf8proc.h>

#include "text/text.h"

enum { C_SPACE, C_LOWER, C_UPPER, C_DIGIT, C_PUNCT, C_CTRL, /* non-ASCII only: */ C_OTHER_LETTER, C_MARK, C_IDEO };

static const uint8_t ascii_class[128] = {
    /* 0x00 */ C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    /* 0x08 */ C_CTRL, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_CTRL, C_CTRL,
    /* 0x10 */ C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    /* 0x18 */ C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL,
    /* 0x20 */ C_SPACE, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
    /* 0x28 */ C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
    /* 0x30 */ C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
    /* 0x38 */ C_DIGIT, C_DIGIT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
    /* 0x40 */ C_PUNCT, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    /* 0x48 */ C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    /* 0x50 */ C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    /* 0x58 */ C_UPPER, C_UPPER, C_UPPER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
    /* 0x60 */ C_PUNCT, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    /* 0x68 */ C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    /* 0x70 */ C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    /* 0x78 */ C_LOWER, C_LOWER, C_LOWER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_CTRL,
};

static bool is_ideo(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility */
           (cp >= 0xFF66 && cp <= 0xFF9D) ||   /* half-width katakana */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* CJK extensions B.. */
}

/* Class of the code point at s[i..n); *len its length, *cpo the code point. */
static int cls_at(const char *s, size_t n, size_t i, size_t *len, int32_t *cpo)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *len = 1;
        *cpo = c;
        return ascii_class[c];
    }
    int32_t cp = cwi_utf8_decode(s + i, n - i, len);
    *cpo = cp;
    if (cp == 0xFFFD && *len == 1) return C_PUNCT;
    if (is_ideo(cp) && cp != 0x30FC && cp != 0x30FB) {
        /* The prolonged sound mark ー continues a katakana word, but as one
         * token per kana it is simply another ideographic token. */
        return C_IDEO;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UPPER;
    case UTF8PROC_CATEGORY_LL: return C_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_OTHER_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: return C_MARK;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: return C_SPACE;
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: return C_CTRL;
    default: return C_PUNCT;
    }
}

static inline bool is_letter(int c) { return c == C_LOWER || c == C_UPPER || c == C_OTHER_LETTER; }
static inline bool is_wordch(int c) { return is_letter(c) || c == C_MARK || c == C_DIGIT; }

/* Skips combining marks at s[i..n); returns the new position. */
static size_t skip_marks(const char *s, size_t n, size_t i)
{
    while (i < n && (unsigned char)s[i] >= 0x80) {
        size_t len;
        int32_t cp;
        if (cls_at(s, n, i, &len, &cp) != C_MARK) break;
        i += len;
    }
    return i;
}

/* End of the word starting at i (s[i] is a letter or a mark). */
static size_t scan_word(const char *s, size_t n, size_t i)
{
    size_t seg_letters = 0;   /* letters in the current period-free segment */
    bool initialism = true;   /* every segment so far is one letter */
    size_t segments = 1;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && (ascii_class[c] == C_LOWER || ascii_class[c] == C_UPPER)) {
            i++;
            seg_letters++;
            continue;
        }
        if (c < 0x80 && ascii_class[c] == C_DIGIT) {
            i++;
            initialism = false;
            continue;
        }
        size_t len, len2;
        int32_t cp, cp2;
        int k = cls_at(s, n, i, &len, &cp);
        if (is_letter(k)) {
            i += len;
            seg_letters++;
            continue;
        }
        if (k == C_MARK || k == C_DIGIT) {
            i += len;
            if (k == C_DIGIT) initialism = false;
            continue;
        }
        if (i + len >= n) break;
        int k2 = cls_at(s, n, i + len, &len2, &cp2);
        if (cp == '.') {
            /* U.S., a.m., e.g.: single letters joined by periods. */
            if (!initialism || seg_letters != 1 || !is_letter(k2)) break;
            size_t after = i + len + len2, l3;
            int32_t cp3;
            if (after < n && is_wordch(cls_at(s, n, after, &l3, &cp3))) break;
            i += len;
            segments++;
            seg_letters = 0;
            continue;
        }
        if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010) {
            bool ok = cp == '-' || cp == 0x2010 ? is_wordch(k2) : is_letter(k2);
            if (!ok) break;
            i += len;
            initialism = false;
            continue;
        }
        break;
    }
    /* The closing period of an initialism belongs to it ("U.S."). */
    if (initialism && segments >= 2 && seg_letters == 1 && i < n && s[i] == '.') i++;
    return i;
}

/* End of the number starting at i (s[i] is a digit). */
static size_t scan_number(const char *s, size_t n, size_t i)
{
    while (i < n) {
        size_t len, len2;
        int32_t cp, cp2;
        int k = cls_at(s, n, i, &len, &cp);
        if (k == C_DIGIT) {
            i += len;
            continue;
        }
        if ((cp == ',' || cp == '.' || cp == ':') && i + 1 < n &&
            cls_at(s, n, i + 1, &len2, &cp2) == C_DIGIT) {
            i += 1 + len2;
            continue;
        }
        break;
    }
    return i;
}

cw_status cwi_tokenize(const char *s, size_t n, cwi_tokens *out)
{
    if (n > UINT32_MAX) return CW_ERR_LIMIT;
    size_t i = 0;
    while (i < n) {
        size_t len;
        int32_t cp;
        int k = cls_at(s, n, i, &len, &cp);
        if (k == C_SPACE || k == C_CTRL) {
            i += len;
            continue;
        }
        cwi_token t = {.span = {(uint32_t)i, 0}, .kind = CWI_TOK_PUNCT, .upper = 0};
        size_t end;
        if (is_letter(k) || k == C_MARK) {
            t.kind = CWI_TOK_WORD;
            t.upper = k == C_UPPER;
            end = scan_word(s, n, i);
        } else if (k == C_DIGIT) {
            t.kind = CWI_TOK_NUMBER;
            end = scan_number(s, n, i);
        } else {
            t.kind = k == C_IDEO ? CWI_TOK_IDEO : CWI_TOK_PUNCT;
            end = skip_marks(s, n, i + len);
        }
        if (CWI_NEVER(end <= i)) end = i + len;
        t.span.end = (uint32_t)end;
        CWI_TRY(CWI_VEC_PUSH(*out, t));
        i = end;
    }
    return CW_OK;
}
