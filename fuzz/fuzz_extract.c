/*
 * fuzz_extract: libFuzzer target for the extractor. Property: no crash, no
 * leak, no undefined behaviour, and the same output twice, for any bytes
 * given as an HTML page and as scraped text. See fuzz/README.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static int same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20)) return 0;
    const char *s = (const char *)data;
    cwi_doc d1 = {0}, d2 = {0};
    char *e1 = NULL, *e2 = NULL;
    cw_status a = cwi_extract_html(s, size, NULL, &d1, &e1);
    cw_status b = cwi_extract_html(s, size, NULL, &d2, &e2);
    if (a != b || !same(d1.text, d2.text) || !same(d1.title, d2.title)) abort();
    cwi_doc_clean(&d1);
    cwi_doc_clean(&d2);
    free(e1);
    free(e2);
    e1 = NULL;
    cwi_extract_hints h = {.title = "Title", .url = "https://example.org/2024/01/02/x"};
    if (cwi_extract_text(s, size, &h, &d1, &e1) == CW_OK && !d1.text) abort();
    cwi_doc_clean(&d1);
    free(e1);
    (void)cwi_looks_like_html(s, size);
    return 0;
}
