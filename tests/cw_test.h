/* Helpers shared by the cmocka unit tests (tests/test_*.c), so that each is
 * written once. Include after cmocka.h. */
#ifndef CW_TESTS_CW_TEST_H
#define CW_TESTS_CW_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file at path plus a NUL, its length in *n (caller frees with
 * free()); NULL (*n 0) when it cannot be opened or read. */
static inline char *cwt_slurp(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    char *b = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!b) {
        fclose(f);
        return NULL;
    }
    rewind(f);
    *n = fread(b, 1, (size_t)len, f);
    b[*n] = 0;
    fclose(f);
    return b;
}

/* Fails the test, showing the text, when text lacks s. */
static inline void cwt_has(const char *text, const char *s)
{
    if (!strstr(text, s)) fail_msg("lost \"%s\" from:\n%s", s, text);
}

/* Fails the test, showing the text, when text holds s. */
static inline void cwt_hasnt(const char *text, const char *s)
{
    if (strstr(text, s)) fail_msg("kept \"%s\" in:\n%s", s, text);
}

#endif
