/*
 * bench_extract: main-text extraction speed and output for a set of pages.
 *
 *   bench_extract [-o PREDICTIONS.json] [-r ROUNDS] PATH...
 *
 * PATH is a page (.html or .html.gz) or a folder of them. Each page is read
 * and decompressed first; only cwi_extract_html is timed. With -o, writes
 * {"<id>": {"articleBody": text, "title": ..., ...}} where <id> is the file
 * name without .html(.gz), the shape the AEB scorer reads. Prints pages/s,
 * MB/s (of uncompressed HTML) and the peak resident memory (getrusage).
 *
 * Pages that are not valid UTF-8 are converted first (the ingest stage does
 * this in the tool): from the charset the page declares, else windows-1252.
 */
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "core/core.h"
#include "extract/extract.h"
#include "text/text.h"

typedef struct page {
    char *id;
    char *html;
    size_t n;
} page;

typedef CWI_VEC(page) pagevec;

static char *read_file(const char *path, size_t *n)
{
    gzFile f = gzopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    for (;;) {
        if (len + (1 << 16) + 1 > cap) b = realloc(b, cap *= 2);
        int r = gzread(f, b + len, 1 << 16);
        if (r <= 0) break;
        len += (size_t)r;
    }
    gzclose(f);
    b[len] = 0;
    *n = len;
    return b;
}

static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!k || i + k > n) return false;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80) return false;
        i += k;
    }
    return true;
}

/* The page's declared charset, or "WINDOWS-1252". */
static void declared_charset(const char *s, size_t n, char *out, size_t outn)
{
    snprintf(out, outn, "WINDOWS-1252");
    size_t lim = n < 8192 ? n : 8192;
    for (size_t i = 0; i + 8 < lim; i++) {
        if (strncasecmp(s + i, "charset=", 8)) continue;
        size_t j = i + 8, k = 0;
        while (j < lim && (s[j] == '"' || s[j] == '\'')) j++;
        char cs[40];
        while (j < lim && k < sizeof cs - 1 && (s[j] == '-' || s[j] == '_' || (s[j] >= '0' && s[j] <= '9') ||
                                               ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z')))
            cs[k++] = s[j++];
        cs[k] = 0;
        if (k >= 3 && strcasecmp(cs, "utf-8") && strcasecmp(cs, "utf8")) snprintf(out, outn, "%s", cs);
        return;
    }
}

static char *to_utf8(char *s, size_t *n)
{
    if (valid_utf8(s, *n)) return s;
    char cs[48];
    declared_charset(s, *n, cs, sizeof cs);
    iconv_t cd = iconv_open("UTF-8//IGNORE", cs);
    if (cd == (iconv_t)-1) cd = iconv_open("UTF-8//IGNORE", "WINDOWS-1252");
    size_t cap = *n * 4 + 16;
    char *o = malloc(cap), *ip = s, *op = o;
    size_t il = *n, ol = cap - 1;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
            ip++; /* skip a byte the charset cannot map */
            il--;
        }
    }
    iconv_close(cd);
    *op = 0;
    *n = (size_t)(op - o);
    free(s);
    return o;
}

static int add_page(pagevec *v, const char *path)
{
    size_t n;
    char *b = read_file(path, &n);
    if (!b) {
        fprintf(stderr, "bench_extract: cannot read %s\n", path);
        return -1;
    }
    b = to_utf8(b, &n);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t idn = strcspn(base, ".");
    page p = {cwi_strndup(base, idn), b, n};
    return CWI_VEC_PUSH(*v, p) == CW_OK ? 0 : -1;
}

static int cmp_page(const void *a, const void *b) { return strcmp(((const page *)a)->id, ((const page *)b)->id); }

int main(int argc, char **argv)
{
    const char *outp = NULL;
    int rounds = 1;
    pagevec pages = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            outp = argv[++i];
            continue;
        }
        if (!strcmp(argv[i], "-r") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
            if (rounds < 1) rounds = 1;
            continue;
        }
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: bench_extract [-o PREDICTIONS.json] [-r ROUNDS] PATH...\n");
            return 0;
        }
        DIR *d = opendir(argv[i]);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strstr(e->d_name, ".htm")) continue;
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                add_page(&pages, path);
            }
            closedir(d);
        } else {
            add_page(&pages, argv[i]);
        }
    }
    if (pages.n == 0) {
        fprintf(stderr, "bench_extract: no pages\n");
        return 2;
    }
    qsort(pages.v, pages.n, sizeof *pages.v, cmp_page);
    size_t bytes = 0;
    for (size_t i = 0; i < pages.n; i++) bytes += pages.v[i].n;

    cwi_buf js;
    cwi_buf_init(&js, 0);
    cwi_buf_adds(&js, "{\n");
    double t0 = cwi_now();
    size_t failed = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < pages.n; i++) {
            cwi_doc d = {0};
            char *err = NULL;
            cw_status st = cwi_extract_html(pages.v[i].html, pages.v[i].n, NULL, &d, &err);
            if (st != CW_OK) failed++;
            if (r == 0 && outp) {
                cwi_buf_printf(&js, "%s", i ? ",\n" : "");
                cwi_buf_json_str(&js, pages.v[i].id, strlen(pages.v[i].id));
                cwi_buf_adds(&js, ": {\"articleBody\": ");
                cwi_buf_json_str(&js, d.text ? d.text : "", d.text ? strlen(d.text) : 0);
                const char *names[] = {"title", "published", "author", "site", "lang", "credit", "url"};
                const char *vals[] = {d.title, d.published, d.author, d.site, d.lang, d.credit, d.url};
                for (int k = 0; k < 7; k++) {
                    if (!vals[k]) continue;
                    cwi_buf_printf(&js, ", \"%s\": ", names[k]);
                    cwi_buf_json_str(&js, vals[k], strlen(vals[k]));
                }
                cwi_buf_adds(&js, "}");
            }
            free(err);
            cwi_doc_clean(&d);
        }
    }
    double dt = cwi_now() - t0;
    cwi_buf_adds(&js, "\n}\n");
    if (outp) {
        FILE *f = fopen(outp, "w");
        if (!f) {
            fprintf(stderr, "bench_extract: cannot write %s\n", outp);
            return 1;
        }
        fwrite(js.data, 1, js.len, f);
        fclose(f);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = (double)bytes * rounds / 1e6;
    printf("crosswire: %zu pages x %d, %.1f MB, %.3f s, %.1f pages/s, %.1f MB/s, peak RSS %.1f MB, %zu failed\n",
           pages.n, rounds, mb, dt, (double)pages.n * rounds / dt, mb / dt, ru.ru_maxrss / 1024.0, failed);
    for (size_t i = 0; i < pages.n; i++) {
        free(pages.v[i].id);
        free(pages.v[i].html);
    }
    CWI_VEC_FREE(pages);
    cwi_buf_clean(&js);
    return 0;
}
