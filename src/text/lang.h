/*
 * lang: language identification of a text, without a model download: the
 * script decides for scripts that belong to few languages, and counts of very
 * common words decide among the languages that share a script.
 */
#ifndef CW_TEXT_LANG_H
#define CW_TEXT_LANG_H

#include <stddef.h>

/* The ISO 639-1 code of the language of s ("en", "ru", "ar", "zh", ...), or
 * "und" when it cannot be told. Static storage. */
const char *cwi_detect_lang(const char *s, size_t n);

#endif
