/*
 * normalize: cwi_text_normalize and cwi_text_fold.
 *
 * Normalisation is one pass over the input that copies maximal "plain" runs
 * (printable ASCII, single spaces between them, and non-ASCII characters that
 * need no rewriting) with one memcpy each, and handles everything else one
 * character at a time. Composition (NFC) is the costly part, so it is done by
 * utf8proc only for an output line that holds a character which could change
 * under NFC (a combining mark, a singleton, an excluded composition, a Hangul
 * jamo); ASCII, Cyrillic, Arabic, CJK and precomposed Latin lines never reach
 * utf8proc. Whitespace handling cannot undo NFC or be undone by it: NFC maps
 * no non-space to a space, and the spaces it changes (U+2000, U+2001) are
 * turned into ASCII spaces before it runs.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"

/* What normalisation does with a non-ASCII code point. */
enum { CH_PLAIN, CH_SPACE, CH_DROP, CH_NEWLINE };

static int classify(int32_t cp)
{
    if (cp >= 0xA0 && cp < 0x1680) return cp == 0xA0 ? CH_SPACE : cp == 0xAD ? CH_DROP : CH_PLAIN;
    if (cp < 0xA0) return cp == 0x85 ? CH_NEWLINE : CH_DROP; /* C1 controls; NEL is a line end */
    switch (cp) {
    case 0x1680: case 0x202F: case 0x205F: case 0x3000: return CH_SPACE;
    case 0x180E: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: return CH_DROP;
    case 0x2028: case 0x2029: return CH_NEWLINE;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return CH_SPACE;
    return CH_PLAIN;
}

/* True when cp, whatever surrounds it, is left alone by NFC: it is a starter
 * that composes with nothing before it and is its own canonical composition. */
static bool nfc_safe(int32_t cp)
{
    if (cp < 0x300) return true;
    if (cp >= 0x1100 && cp <= 0x11FF) return false; /* conjoining jamo */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class != 0) return false;
    if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) return false; /* composes with what precedes */
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) {
        if (p->comp_exclusion) return false;
        /* Decompose and recompose: only a character that comes back as
         * itself is stable (this catches singletons such as U+212B and
         * U+1F71, whose decomposition goes through another precomposed
         * character). */
        utf8proc_int32_t d[8];
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, NULL);
        if (k <= 1 || k > 8) return false;
        k = utf8proc_normalize_utf32(d, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k != 1 || d[0] != cp) return false;
    }
    return true;
}

typedef struct norm {
    cwi_buf *out;
    size_t line_start; /* offset in out of the current line's first byte */
    bool have_line;    /* a non-empty line was written by this call */
    bool blank;        /* an empty line came after the last non-empty one */
    bool content;      /* the current line has content */
    bool space;        /* a space is pending before the next content */
    bool nfc;          /* the current line needs NFC */
} norm;

/* Writes what must precede new content: the line separator for the first
 * content of a line, or the pending space. */
static cw_status before_content(norm *st)
{
    if (!st->content) {
        if (st->have_line) CWI_TRY(cwi_buf_add(st->out, "\n\n", st->blank ? 2 : 1));
        st->content = st->have_line = true;
        st->blank = false;
        st->line_start = st->out->len;
    } else if (st->space) {
        CWI_TRY(cwi_buf_addc(st->out, ' '));
    }
    st->space = false;
    return CW_OK;
}

static cw_status end_line(norm *st)
{
    if (st->content && st->nfc) {
        cwi_buf *o = st->out;
        utf8proc_uint8_t *dst = NULL;
        utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)o->data + st->line_start,
                                          (utf8proc_ssize_t)(o->len - st->line_start), &dst,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k == UTF8PROC_ERROR_NOMEM) return CW_ERR_NOMEM;
        if (k >= 0) {
            /* NFC never lengthens a line beyond what a fresh copy can hold. */
            o->len = st->line_start;
            cw_status rc = cwi_buf_add(o, dst, (size_t)k);
            free(dst);
            CWI_TRY(rc);
        }
        /* Any other failure leaves the line as it was (valid, not composed). */
    } else if (!st->content && st->have_line) {
        st->blank = true;
    }
    st->content = st->space = st->nfc = false;
    return CW_OK;
}

static inline bool ascii_graph(unsigned char c) { return c > 0x20 && c < 0x7F; }

/* Length of the plain character at p[0..n) (0 when it is not plain: a control,
 * a space, an invalid byte, something to drop); sets *unsafe when NFC may
 * change it. p[0] >= 0x80. */
static size_t plain_len(const char *p, size_t n, bool *unsafe)
{
    size_t len;
    int32_t cp = cwi_utf8_decode(p, n, &len);
    if (cp == 0xFFFD && len == 1) return 0;
    if (classify(cp) != CH_PLAIN) return 0;
    if (!nfc_safe(cp)) *unsafe = true;
    return len;
}

cw_status cwi_text_normalize(const char *s, size_t n, cwi_buf *out)
{
    norm st = {.out = out};
    const unsigned char *p = (const unsigned char *)s;
    /* Room for the usual case, where the text shrinks or stays the same. */
    if (n < out->max && out->len < out->max - n && cwi_buf_reserve(out, n) == CW_OK) out->data[out->len] = 0;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (ascii_graph((unsigned char)c) || (c >= 0x80 && plain_len(s + i, n - i, &st.nfc))) {
            /* A plain run: graphic characters with single spaces inside. */
            size_t j = i;
            for (;;) {
                while (j < n && ascii_graph(p[j])) j++;
                if (j >= n) break;
                size_t k;
                if (p[j] >= 0x80) {
                    if ((k = plain_len(s + j, n - j, &st.nfc)) == 0) break;
                    j += k;
                } else if (p[j] == ' ' && j + 1 < n) {
                    if (ascii_graph(p[j + 1])) j += 2;
                    else if (p[j + 1] >= 0x80 && (k = plain_len(s + j + 1, n - j - 1, &st.nfc)) != 0) j += 1 + k;
                    else break;
                } else {
                    break;
                }
            }
            CWI_TRY(before_content(&st));
            CWI_TRY(cwi_buf_add(out, s + i, j - i));
            i = j;
            continue;
        }
        if (c < 0x80) {
            i++;
            if (c == ' ' || c == '\t') {
                if (st.content) st.space = true;
            } else if (c == '\n' || c == '\v' || c == '\f') {
                CWI_TRY(end_line(&st));
            } else if (c == '\r') {
                if (i < n && p[i] == '\n') i++;
                CWI_TRY(end_line(&st));
            }
            /* Other C0 controls and DEL are dropped. */
            continue;
        }
        size_t len;
        int32_t cp = cwi_utf8_decode(s + i, n - i, &len);
        i += len;
        if (cp == 0xFFFD && len == 1) {
            CWI_TRY(before_content(&st));
            CWI_TRY(cwi_buf_add(out, "\xEF\xBF\xBD", 3));
            continue;
        }
        switch (classify(cp)) {
        case CH_SPACE:
            if (st.content) st.space = true;
            break;
        case CH_NEWLINE:
            CWI_TRY(end_line(&st));
            break;
        case CH_DROP:
            break;
        default: /* not reached: plain characters start a run above */
            CWI_TRY(before_content(&st));
            CWI_TRY(cwi_buf_add(out, s + i - len, len));
            break;
        }
    }
    return end_line(&st);
}

/* ---- folding ---------------------------------------------------------------- */

static utf8proc_int32_t fold_punct(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: case 0xFF02:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0xFE58:
    case 0xFE63: case 0xFF0D:
        return '-';
    default:
        return cp;
    }
}

cw_status cwi_text_fold(const char *s, size_t n, cwi_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && p[i] < 0x80) i++;
    if (i == n) { /* ASCII: folding is lower-casing */
        CWI_TRY(cwi_buf_reserve(out, n));
        char *d = out->data + out->len;
        for (size_t k = 0; k < n; k++) d[k] = (char)(p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]);
        out->len += n;
        out->data[out->len] = 0;
        return CW_OK;
    }
    /* utf8proc refuses invalid UTF-8: repair it first. */
    cwi_buf fixed;
    cwi_buf_init(&fixed, 0);
    if (cwi_utf8_valid_prefix(s, n) < n) {
        size_t k = 0;
        while (k < n) {
            size_t len;
            int32_t cp = cwi_utf8_decode(s + k, n - k, &len);
            cw_status rc = len == 1 && cp == 0xFFFD ? cwi_utf8_put(&fixed, 0xFFFD) : cwi_buf_add(&fixed, s + k, len);
            if (rc != CW_OK) {
                cwi_buf_clean(&fixed);
                return rc;
            }
            k += len;
        }
        s = fixed.data;
        n = fixed.len;
    }
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t k = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
                                             UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
                                             fold_punct, NULL);
    cwi_buf_clean(&fixed);
    if (k < 0) return k == UTF8PROC_ERROR_NOMEM ? CW_ERR_NOMEM : CW_ERR_INPUT;
    cw_status rc = cwi_buf_add(out, dst, (size_t)k);
    free(dst);
    return rc;
}
