/*
 * flat_json: the fields of a JSON Lines record read without building a
 * tree. Most records are one flat object (strings, numbers, true, false,
 * null); this reads those in one pass, decoding only the strings asked for.
 * Anything else (nested values, escaped keys, numbers that might overflow,
 * or any error at all) is refused, and the caller parses the line with
 * jansson, which then also words the error: so what this accepts must be
 * exactly what jansson accepts, with the same values, and it may refuse more.
 */
#include <string.h>

#include "ingest/ingest.h"
#include "text/text.h"

typedef struct cur {
    const unsigned char *p, *end;
} cur;

static void skip_ws(cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int hex4(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int x = cwi_hex_digit(p[i]);
        if (x < 0) return -1;
        v = v << 4 | x;
    }
    return v;
}

/* A string whose opening quote is behind c->p, decoded into out (when not
 * NULL) or only checked. */
static bool string(cur *c, cwi_buf *out)
{
    for (;;) {
        const unsigned char *run = c->p;
        while (c->p < c->end && *c->p >= 0x20 && *c->p < 0x80 && *c->p != '"' && *c->p != '\\') c->p++;
        if (out && c->p > run && cwi_buf_add(out, run, (size_t)(c->p - run)) != CW_OK) return false;
        if (c->p >= c->end) return false;
        unsigned b = *c->p;
        if (b == '"') {
            c->p++;
            return true;
        }
        if (b < 0x20) return false; /* a raw control character */
        if (b >= 0x80) { /* well-formed UTF-8 only, as jansson takes it */
            size_t k;
            int32_t cp = cwi_utf8_decode((const char *)c->p, (size_t)(c->end - c->p), &k);
            if ((cp == 0xFFFD && k == 1) || (out && cwi_buf_add(out, c->p, k) != CW_OK)) return false;
            c->p += k;
            continue;
        }
        /* an escape */
        if (c->end - c->p < 2) return false;
        unsigned e = c->p[1];
        c->p += 2;
        const char *simple = strchr("\"\\/bfnrt", (int)e);
        if (e && simple) {
            static const char val[] = "\"\\/\b\f\n\r\t";
            if (out && cwi_buf_addc(out, val[simple - "\"\\/bfnrt"]) != CW_OK) return false;
            continue;
        }
        if (e != 'u') return false;
        int hi = hex4(c->p, c->end);
        if (hi <= 0 || (hi >= 0xDC00 && hi <= 0xDFFF)) return false; /* \u0000 and lone low surrogates */
        c->p += 4;
        uint32_t cp = (uint32_t)hi;
        if (hi >= 0xD800 && hi <= 0xDBFF) {
            if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u') return false;
            int lo = hex4(c->p + 2, c->end);
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            c->p += 6;
            cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
        }
        if (out && cwi_utf8_put(out, (int32_t)cp) != CW_OK) return false;
    }
}

/* A number: an integer of at most 18 digits (no overflow possible), or a
 * short real without an exponent (no overflow either). */
static bool number(cur *c, bool *is_int, long long *v)
{
    const unsigned char *start = c->p;
    bool neg = c->p < c->end && *c->p == '-';
    if (neg) c->p++;
    if (c->p >= c->end) return false;
    long long x = 0;
    if (*c->p == '0')
        c->p++;
    else if (*c->p >= '1' && *c->p <= '9')
        for (int d = 0; c->p < c->end && *c->p >= '0' && *c->p <= '9'; d++) {
            if (d == 18) return false; /* might not fit */
            x = x * 10 + (*c->p++ - '0');
        }
    else
        return false;
    *is_int = true;
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') return false;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
        *is_int = false;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) return false;
    if (c->p - start > 40) return false; /* a real: short ones only */
    *v = neg ? -x : x;
    return true;
}

static bool literal(cur *c, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return false;
    c->p += n;
    return true;
}

bool cwi_flat_json(const char *s, size_t n, const char *const *keys, size_t nkeys, cwi_flat_value *vals,
                   cwi_buf *scratch)
{
    cur c = {(const unsigned char *)s, (const unsigned char *)s + n};
    cwi_buf key;
    cwi_buf_init(&key, 0);
    size_t off[CWI_FLAT_MAX_KEYS];
    bool ok = false;
    if (nkeys > CWI_FLAT_MAX_KEYS) goto out;
    memset(vals, 0, nkeys * sizeof *vals);
    scratch->len = 0;
    skip_ws(&c);
    if (c.p >= c.end || *c.p++ != '{') goto out;
    skip_ws(&c);
    if (c.p < c.end && *c.p == '}') {
        c.p++;
        goto end;
    }
    for (;;) {
        if (c.p >= c.end || *c.p++ != '"') goto out;
        key.len = 0;
        if (!string(&c, &key)) goto out;
        size_t k = 0;
        while (k < nkeys && !(strlen(keys[k]) == key.len && (!key.len || memcmp(keys[k], key.data, key.len) == 0)))
            k++;
        skip_ws(&c);
        if (c.p >= c.end || *c.p++ != ':') goto out;
        skip_ws(&c);
        if (c.p >= c.end) goto out;
        unsigned b = *c.p;
        if (b == '"') {
            c.p++;
            size_t at = scratch->len;
            if (!string(&c, k < nkeys ? scratch : NULL)) goto out;
            if (k < nkeys) {
                if (cwi_buf_addc(scratch, 0) != CW_OK) goto out;
                vals[k].type = CWI_FLAT_STRING;
                vals[k].len = scratch->len - 1 - at;
                off[k] = at;
            }
        } else if (b == '-' || (b >= '0' && b <= '9')) {
            bool is_int;
            long long v;
            if (!number(&c, &is_int, &v)) goto out;
            if (k < nkeys) vals[k].type = is_int ? CWI_FLAT_INTEGER : CWI_FLAT_OTHER, vals[k].integer = v;
        } else if (literal(&c, "true") || literal(&c, "false") || literal(&c, "null")) {
            if (k < nkeys) vals[k].type = CWI_FLAT_OTHER;
        } else {
            goto out; /* nested, or not JSON */
        }
        skip_ws(&c);
        if (c.p >= c.end) goto out;
        if (*c.p == '}') {
            c.p++;
            break;
        }
        if (*c.p++ != ',') goto out;
        skip_ws(&c);
    }
end:
    skip_ws(&c);
    if (c.p != c.end) goto out;
    for (size_t k = 0; k < nkeys; k++)
        if (vals[k].type == CWI_FLAT_STRING) vals[k].str = scratch->data + off[k];
    ok = true;
out:
    cwi_buf_clean(&key);
    return ok;
}
