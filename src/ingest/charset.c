/* Charset detection and conversion to UTF-8. */
#include "ingest/ingest.h"
#include "core/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

typedef struct utf8_scan {
    size_t first_bad;   /* offset of the first invalid byte, or len */
    size_t valid_multi; /* valid multi-byte sequences */
    size_t bad;         /* invalid bytes */
    bool cut_at_end;    /* the only problem is a sequence cut by the end */
    size_t controls;    /* C0 controls other than tab, LF, CR, FF, VT, ESC */
    size_t first_nul;   /* offset of the first NUL, or len */
} utf8_scan;

static void scan(const unsigned char *p, size_t n, utf8_scan *s)
{
    memset(s, 0, sizeof *s);
    s->first_bad = s->first_nul = n;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) {
                s->controls++;
                if (c == 0 && s->first_nul == n) s->first_nul = i;
            }
            i++;
            continue;
        }
        int k = cwi_utf8_seq((const char *)p + i, n - i);
        if (k > 0) {
            s->valid_multi++;
            i += (size_t)k;
            continue;
        }
        if (s->first_bad == n) s->first_bad = i;
        if (k < 0 && s->bad == 0) {
            s->cut_at_end = true;
            break;
        }
        s->cut_at_end = false;
        s->bad++;
        i++;
    }
}

/* Finds charset=NAME in the first bytes of an HTML page: <meta charset="x">
 * or <meta http-equiv="Content-Type" content="text/html; charset=x">. */
static bool html_declared(const char *d, size_t n, char *out, size_t outsz)
{
    size_t lim = CWI_MIN(n, (size_t)4096);
    for (size_t i = 0; i + 8 < lim; i++) {
        if (strncasecmp(d + i, "charset", 7) != 0) continue;
        size_t j = i + 7;
        while (j < lim && (d[j] == ' ' || d[j] == '=' || d[j] == '"' || d[j] == '\'')) j++;
        size_t k = 0;
        while (j < lim && k + 1 < outsz && (isalnum((unsigned char)d[j]) || d[j] == '-' || d[j] == '_' || d[j] == ':'))
            out[k++] = d[j++];
        out[k] = 0;
        if (k) return true;
    }
    return false;
}

static bool is_utf8_name(const char *cs)
{
    return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") || !strcasecmp(cs, "ascii") ||
           !strcasecmp(cs, "us-ascii");
}

/* Converts with iconv; refuses with a reason when from is unknown or the
 * bytes do not fit it. */
static cw_status convert(const char *data, size_t len, const char *from, cwi_buf *out, char **why)
{
    /* Pages that say iso-8859-1 are windows-1252 in practice (as browsers
     * assume): the 0x80-0x9f range holds curly quotes and dashes. */
    if (!strcasecmp(from, "iso-8859-1") || !strcasecmp(from, "latin1") || !strcasecmp(from, "us-ascii"))
        from = "WINDOWS-1252";
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        *why = cwi_sprintf("unknown charset \"%.60s\"", from);
        return CW_ERR_INPUT;
    }
    char *in = (char *)data;
    size_t inleft = len;
    cw_status st = CW_OK;
    while (inleft > 0) {
        if ((st = cwi_buf_reserve(out, inleft * 2 + 16)) != CW_OK) {
            *why = cwi_sprintf("text too large after conversion from %.60s", from);
            break;
        }
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        out->data[out->len] = 0;
        if (r == (size_t)-1) {
            if (errno == E2BIG) continue;
            if (errno == EILSEQ && inleft > 0) {
                /* One bad byte: write U+FFFD and go on, as browsers do. */
                if ((st = cwi_buf_add(out, "\xEF\xBF\xBD", 3)) != CW_OK) break;
                in++;
                inleft--;
                continue;
            }
            *why = cwi_sprintf("text cut short inside a %.60s character at byte %zu", from, len - inleft);
            st = CW_ERR_INPUT;
            break;
        }
    }
    iconv_close(cd);
    return st;
}

static bool ascii_alpha(unsigned c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* Whether the byte c between prev and next (0 at the ends) can be a
 * character of windows-1252 text: punctuation that stands anywhere, or a
 * letter beside a letter or alone as a word (French "à"). */
static bool cp1252_plausible(unsigned prev, unsigned c, unsigned next)
{
    switch (c) {
    case 0x80: case 0x85: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
    case 0xA0: case 0xA3: case 0xA7: case 0xA9: case 0xAB: case 0xB0: case 0xB7: case 0xBB: case 0xBD:
        return true; /* € … ‘ ’ “ ” • – — nbsp £ § © « ° · » ½ */
    case 0x99: case 0xAE: case 0xB2: case 0xB3: case 0xB9: case 0xAA: case 0xBA:
        return ascii_alpha(prev) || (prev >= '0' && prev <= '9'); /* ™ ® ² ³ ¹ ª º after a word or number */
    case 0xA1: case 0xBF:
        return ascii_alpha(next) || next >= 0xC0; /* ¡ ¿ before a word */
    case 0x8A: case 0x8C: case 0x8E: case 0x9A: case 0x9C: case 0x9E: case 0x9F:
        break; /* Š Œ Ž š œ ž Ÿ: letters */
    default:
        if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
    }
    bool lone = (prev == 0 || prev == ' ' || prev == '\n' || prev == '\t' || prev == '\'' || prev == '(') &&
                (next == 0 || next == ' ' || next == '\n' || next == ',' || next == '.' || next == '\r');
    return ascii_alpha(prev) || ascii_alpha(next) || lone;
}

/* In text that is ASCII but for a few bytes (at most 1 in 20) and declares
 * no charset, the offset of the first byte that is no character of
 * windows-1252 text where it stands (a stray byte: "\xff\xfe" in an
 * English sentence, a lone byte between digits), or len when each one
 * reads as a letter or punctuation. Text of another script (KOI8-R,
 * windows-1251) is mostly high bytes and is not judged here. */
static size_t stray_byte(const unsigned char *p, size_t len, size_t high)
{
    if (high * 20 > len) return len;
    for (size_t i = 0; i < len; i++)
        if (p[i] >= 0x80 && !cp1252_plausible(i ? p[i - 1] : 0, p[i], i + 1 < len ? p[i + 1] : 0)) return i;
    return len;
}

static cw_status to_utf8(const char *data, size_t len, const char *declared, bool is_html, cwi_buf *out, char **why)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        data += 3;
        len -= 3;
        p += 3;
        declared = "UTF-8";
    } else if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        return convert(data, len, "UTF-16", out, why); /* iconv reads the BOM */
    }
    utf8_scan s;
    scan(p, len, &s);
    if (s.first_nul < len) {
        *why = cwi_sprintf("binary data (a NUL byte at byte %zu)", s.first_nul);
        return CW_ERR_INPUT;
    }
    if (s.controls * 20 > len + 20) {
        *why = cwi_sprintf("binary data (%zu control bytes in %zu)", s.controls, len);
        return CW_ERR_INPUT;
    }
    if (s.first_bad == len) return cwi_buf_add(out, data, len);
    if (s.cut_at_end) {
        *why = cwi_sprintf("truncated UTF-8: a character cut short at byte %zu", s.first_bad);
        return CW_ERR_INPUT;
    }

    char cs[64] = "";
    if (declared && !is_utf8_name(declared))
        snprintf(cs, sizeof cs, "%s", declared);
    else if (!declared && is_html && html_declared(data, len, cs, sizeof cs) && is_utf8_name(cs))
        cs[0] = 0;
    /* Text that is mostly valid UTF-8 with stray bad bytes is broken UTF-8,
     * not another charset: legacy 8-bit text almost never forms valid
     * multi-byte sequences. */
    if (!cs[0] && s.valid_multi > 0 && s.valid_multi >= s.bad) {
        *why = cwi_sprintf("invalid UTF-8 at byte %zu", s.first_bad);
        return CW_ERR_INPUT;
    }
    /* Bytes that no legacy charset explains either: the README's promise is
     * that broken UTF-8 is refused, not stored as mojibake. */
    if (!cs[0] && s.valid_multi == 0) {
        size_t stray = stray_byte(p, len, s.bad);
        if (stray < len) {
            *why = cwi_sprintf("invalid UTF-8 at byte %zu: a stray byte 0x%02X in ASCII text, not a character of any "
                               "charset it could be in", stray, p[stray]);
            return CW_ERR_INPUT;
        }
    }
    if (!cs[0]) {
        uchardet_t ud = uchardet_new();
        if (!ud) return CW_ERR_NOMEM;
        uchardet_handle_data(ud, data, CWI_MIN(len, (size_t)1 << 20));
        uchardet_data_end(ud);
        const char *guess = uchardet_get_charset(ud);
        if (guess && *guess && !is_utf8_name(guess)) snprintf(cs, sizeof cs, "%s", guess);
        uchardet_delete(ud);
    }
    if (!cs[0]) {
        *why = cwi_sprintf("invalid UTF-8 at byte %zu and no other charset fits", s.first_bad);
        return CW_ERR_INPUT;
    }
    return convert(data, len, cs, out, why);
}

cw_status cwi_to_utf8(const char *data, size_t len, const char *declared, bool is_html, cwi_buf *out, char **why)
{
    size_t start = out->len;
    cw_status st = to_utf8(data, len, declared, is_html, out, why);
    if (st != CW_OK) return st;
    /* A conversion can bring NUL or control characters (UTF-16 holds them
     * as easily as letters): the result passes the same checks as UTF-8
     * input does. */
    utf8_scan s;
    size_t n = out->len - start;
    scan((const unsigned char *)out->data + start, n, &s);
    if (s.first_nul < n || s.controls * 20 > n + 20 || s.first_bad < n) {
        *why = cwi_sprintf(s.first_nul < n ? "binary data (a NUL character once converted)"
                                           : s.first_bad < n ? "undecodable text once converted"
                                                             : "binary data (control characters once converted)");
        out->len = start;
        if (out->data) out->data[start] = 0;
        return CW_ERR_INPUT;
    }
    return CW_OK;
}
