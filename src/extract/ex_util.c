/* ex_util: character and byte helpers of the extract module. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "text/text.h"

bool cwi_ex_is_upper(int32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return true;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0 && cp != 0x138; /* Latin Extended-A pairs */
    if (cp >= 0x391 && cp <= 0x3AB) return true;  /* Greek */
    if (cp >= 0x400 && cp <= 0x42F) return true;  /* Cyrillic */
    if (cp >= 0x460 && cp <= 0x4FF) return (cp & 1) == 0;
    if (cp >= 0x531 && cp <= 0x556) return true;  /* Armenian */
    if (cp >= 0x1E00 && cp <= 0x1EFF) return (cp & 1) == 0; /* Latin Extended Additional */
    return false;
}

bool cwi_ex_is_alnum(int32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0xC0 && cp <= 0x24F) return true;
    if (cp >= 0x370 && cp <= 0x3FF) return cp != 0x37E && cp != 0x387;
    if (cp >= 0x400 && cp <= 0x52F) return true;
    if (cp >= 0x531 && cp <= 0x587) return true;
    if (cp >= 0x5D0 && cp <= 0x5EA) return true;                 /* Hebrew letters */
    if (cp >= 0x620 && cp <= 0x64A) return true;                 /* Arabic letters */
    if (cp >= 0x660 && cp <= 0x669) return true;
    if (cp >= 0x671 && cp <= 0x6D3) return true;
    if (cp >= 0x6F0 && cp <= 0x6FF) return true;
    if (cp >= 0x900 && cp <= 0xDFF) return !(cp == 0x964 || cp == 0x965); /* Indic */
    if (cp >= 0xE01 && cp <= 0xE5B) return true;                 /* Thai */
    if (cp >= 0x10A0 && cp <= 0x10FF) return true;               /* Georgian */
    if (cp >= 0x1100 && cp <= 0x11FF) return true;               /* Hangul Jamo */
    if (cp >= 0x1E00 && cp <= 0x1FFF) return true;
    if (cp >= 0x3040 && cp <= 0x30FF) return cp != 0x30FB;       /* kana */
    if (cp >= 0x3400 && cp <= 0x9FFF) return true;               /* CJK */
    if (cp >= 0xAC00 && cp <= 0xD7A3) return true;               /* Hangul */
    if (cp >= 0xF900 && cp <= 0xFAFF) return true;
    if (cp >= 0xFF10 && cp <= 0xFF19) return true;
    if (cp >= 0xFF21 && cp <= 0xFF5A) return cp < 0xFF3B || cp > 0xFF40;
    if (cp >= 0x20000 && cp <= 0x2FFFF) return true;
    return false;
}

bool cwi_ex_is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static inline unsigned char lc(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }

/* Both walk lit once and stop at the first difference (no strlen first:
 * they are called for every entry of long phrase lists). */
bool cwi_ex_starts_ci(const char *s, size_t n, const char *lit)
{
    for (size_t i = 0; lit[i]; i++)
        if (i >= n || lc((unsigned char)s[i]) != lc((unsigned char)lit[i])) return false;
    return true;
}

bool cwi_ex_eq_ci(const char *s, size_t n, const char *lit)
{
    for (size_t i = 0; i < n; i++)
        if (!lit[i] || lc((unsigned char)s[i]) != lc((unsigned char)lit[i])) return false;
    return lit[n] == 0;
}

long cwi_ex_find_ci(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (m == 0) return 0;
    if (m > n) return -1;
    unsigned char f = lc((unsigned char)lit[0]);
    for (size_t i = 0; i + m <= n; i++)
        if (lc((unsigned char)s[i]) == f && cwi_ex_starts_ci(s + i, n - i, lit)) return (long)i;
    return -1;
}

const char *cwi_ex_memmem(const char *s, size_t n, const char *b, size_t m)
{
    if (m == 0) return s;
    while (n >= m) {
        const char *f = memchr(s, b[0], n - m + 1);
        if (!f) return NULL;
        if (memcmp(f, b, m) == 0) return f;
        n -= (size_t)(f - s) + 1;
        s = f + 1;
    }
    return NULL;
}

size_t cwi_ex_words(const char *s, size_t n)
{
    size_t w = 0, i = 0, len;
    bool in = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII, most text: the same rules without decoding */
            bool a = (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
            if (a && !in) { w++; in = true; }
            else if (!a && c != '\'' && c != '-') in = false;
            i++;
            continue;
        }
        int32_t cp = cwi_utf8_decode(s + i, n - i, &len);
        bool a = cwi_ex_is_alnum(cp);
        /* ideographs and kana count one word each: CJK text has no spaces */
        bool ideo = (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
        if (ideo) { w++; in = false; }
        else if (a && !in) { w++; in = true; }
        else if (!a && cp != '\'' && cp != 0x2019 && cp != '-') in = false;
        i += len;
    }
    return w;
}

size_t cwi_ex_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

void cwi_ex_trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t m = *n, len;
    while (m > 0) {
        int32_t cp = cwi_utf8_decode(p, m, &len);
        if (!cwi_ex_is_space(cp)) break;
        p += len;
        m -= len;
    }
    while (m > 0) {
        /* step back one code point */
        size_t k = cwi_utf8_prev(p, 0, m);
        int32_t cp = cwi_utf8_decode(p + k, m - k, &len);
        if (k + len != m || !cwi_ex_is_space(cp)) break;
        m = k;
    }
    *s = p;
    *n = m;
}

cw_status cwi_ex_append_clean(cwi_buf *out, const char *s, size_t n, bool keep_lf)
{
    size_t i = 0, len;
    bool pend_space = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* fast path for ASCII */
            if (c == '\n' && keep_lf) {
                pend_space = false;
                while (out->len > 0 && out->data[out->len - 1] == ' ') out->len--;
                CWI_TRY(cwi_buf_addc(out, '\n'));
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                pend_space = true;
            } else if (c >= 0x20 && c != 0x7F) {
                if (pend_space && out->len > 0 && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
                    CWI_TRY(cwi_buf_addc(out, ' '));
                pend_space = false;
                /* the run of printable ASCII that follows goes in at once */
                size_t j = i + 1;
                while (j < n && (unsigned char)s[j] > 0x20 && (unsigned char)s[j] < 0x7F) j++;
                CWI_TRY(cwi_buf_add(out, s + i, j - i));
                i = j;
                continue;
            }
            i++;
            continue;
        }
        int32_t cp = cwi_utf8_decode(s + i, n - i, &len);
        if (cp == 0x2028 || cp == 0x2029) {
            if (keep_lf) {
                pend_space = false;
                CWI_TRY(cwi_buf_addc(out, '\n'));
            } else {
                pend_space = true;
            }
        } else if (cwi_ex_is_space(cp) && cp != 0x200B && cp != 0xFEFF) {
            pend_space = true;
        } else if ((cp >= 0x80 && cp < 0xA0) || cp == 0x200B || cp == 0xFEFF || cp == 0xAD) {
            /* C1 controls, zero-width space, BOM, soft hyphen: dropped */
        } else {
            if (pend_space && out->len > 0 && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
                CWI_TRY(cwi_buf_addc(out, ' '));
            pend_space = false;
            if (cp == 0xFFFD && len == 1)
                CWI_TRY(cwi_buf_add(out, "\xEF\xBF\xBD", 3));
            else
                CWI_TRY(cwi_buf_add(out, s + i, len));
        }
        i += len;
    }
    if (pend_space && out->len > 0 && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
        CWI_TRY(cwi_buf_addc(out, ' '));
    return CW_OK;
}

size_t cwi_ex_next_line(const char *s, size_t n, size_t *at, const char **p, size_t *m)
{
    size_t i = *at;
    const char *e = memchr(s + i, '\n', n - i);
    size_t ln = e ? (size_t)(e - (s + i)) : n - i;
    *p = s + i;
    *m = ln;
    cwi_ex_trim(p, m);
    *at = i + ln + 1;
    return ln;
}

cw_status cwi_ex_finish_text(const char *s, size_t n, char **out)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    cw_status st = cwi_buf_reserve(&b, n + 1);
    if (st == CW_OK) st = cwi_buf_add(&b, "", 0); /* NUL-terminated from the start */
    size_t i = 0;
    while (st == CW_OK && i < n) {
        const char *p;
        size_t m;
        cwi_ex_next_line(s, n, &i, &p, &m);
        if (m > 0) {
            if (b.len > 0) st = cwi_buf_addc(&b, '\n');
            if (st == CW_OK) st = cwi_ex_append_clean(&b, p, m, false);
            while (b.len > 0 && b.data[b.len - 1] == ' ') b.data[--b.len] = 0;
        }
    }
    if (st != CW_OK) {
        cwi_buf_clean(&b);
        return st;
    }
    /* the text layer's normal form (NFC and the rest), which every later stage expects */
    cwi_buf nb;
    cwi_buf_init(&nb, 0);
    st = cwi_buf_add(&nb, "", 0);
    if (st == CW_OK) st = cwi_text_normalize(b.data, b.len, &nb);
    cwi_buf_clean(&b);
    if (st != CW_OK) {
        cwi_buf_clean(&nb);
        return st;
    }
    *out = cwi_buf_take(&nb);
    return CW_OK;
}
