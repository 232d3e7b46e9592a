/*
 * extract_int.h: helpers shared by the files of the extract module only
 * (cwi_ex_ names). Everything here works on UTF-8 byte slices and never
 * reads past the length it is given.
 */
#ifndef CW_EXTRACT_EXTRACT_INT_H
#define CW_EXTRACT_EXTRACT_INT_H

#include "core/core.h"
#include "extract/extract.h"

/* ---- characters ---------------------------------------------------------- */

/* Code points are decoded with cwi_utf8_decode (src/text/utf8.c). */
/* Upper-case letter in Latin, Greek, Cyrillic, Armenian (a compact table). */
bool cwi_ex_is_upper(int32_t cp);
/* A letter or digit in any script (approximation good for word splitting). */
bool cwi_ex_is_alnum(int32_t cp);
/* Unicode white space, including no-break and other spaces. */
bool cwi_ex_is_space(int32_t cp);

/* ---- byte helpers -------------------------------------------------------- */

/* ASCII-case-insensitive prefix / equality tests; non-ASCII bytes compare exactly. */
bool cwi_ex_starts_ci(const char *s, size_t n, const char *lit);
bool cwi_ex_eq_ci(const char *s, size_t n, const char *lit);
/* Offset of the first ASCII-case-insensitive occurrence of lit in s, or -1. */
long cwi_ex_find_ci(const char *s, size_t n, const char *lit);
/* First occurrence of the bytes b[0..m) in s[0..n), or NULL. */
const char *cwi_ex_memmem(const char *s, size_t n, const char *b, size_t m);
/* Number of words (runs of letters/digits) in s. */
size_t cwi_ex_words(const char *s, size_t n);
/* Number of code points in s. */
size_t cwi_ex_chars(const char *s, size_t n);
/* Trims Unicode white space on both ends of *s / *n. */
void cwi_ex_trim(const char **s, size_t *n);
/* The line of s[0..n) that starts at *at: *p / *m get it trimmed, *at moves
 * past it and its LF; returns its untrimmed length. */
size_t cwi_ex_next_line(const char *s, size_t n, size_t *at, const char **p, size_t *m);

/* Appends s to out with white space collapsed to single spaces, controls
 * dropped (but LF when keep_lf), no-break spaces made plain and invalid UTF-8
 * replaced by U+FFFD. Leading space is not written when out is empty or ends
 * with a space or LF. */
cw_status cwi_ex_append_clean(cwi_buf *out, const char *s, size_t n, bool keep_lf);

/* Normalises a finished body: trims each line, drops empty lines, and then
 * hands the result to the text layer's normaliser. Result in *out (malloc'd). */
cw_status cwi_ex_finish_text(const char *s, size_t n, char **out);

/* The line cleaning of cwi_extract_text: fills out->text, out->credit and,
 * when find_title, out->title. out must be zeroed; on failure it stays empty. */
cw_status cwi_ex_scrub(const char *txt, size_t n, const cwi_extract_hints *hints, bool find_title, cwi_doc *out);

/* ---- credits -------------------------------------------------------------- */

/* When s (a short line or phrase) names a wire service, returns the service's
 * usual name ("Reuters", "AP", "AFP", ...), else NULL. s must be only the name
 * (with punctuation, dashes, brackets, "with"); unless whole, a list of names
 * ("Reuters/AP", "AFP, dpa") gives its first. Static storage. */
const char *cwi_ex_wire_name(const char *s, size_t n, bool whole);

/* A dateline credit at the start of a paragraph: "CITY (Reuters) -",
 * "LONDON, May 2 (AP) —", "(AFP) -". Returns the wire's name or NULL. */
const char *cwi_ex_dateline_credit(const char *s, size_t n);

/* A sign-off line: only a wire name ("Reuters", "— AP", "(dpa)"), or
 * "(Reporting by ...; Editing by ...)". Returns the credit (static storage)
 * or NULL. */
const char *cwi_ex_signoff_credit(const char *s, size_t n);

/* ---- boilerplate phrases (shared by the text and HTML paths) -------------- */

/* Kinds of boilerplate a short line can be. */
enum cwi_ex_boiler {
    CWI_EXB_NONE = 0,
    CWI_EXB_AD,       /* an ad marker: "Advertisement", "Anzeige", "广告" */
    CWI_EXB_COMMENT,  /* a comment-form line: "Leave a Reply" */
    CWI_EXB_LANGS,    /* a language switcher: "en_USEnglish", "English Français Deutsch" */
    CWI_EXB_LINKS,    /* a related-links marker: "Also Read:", "Read more" */
    CWI_EXB_APPEAL,   /* the heading of a donation or subscription appeal */
    CWI_EXB_SHARE     /* share bars, cookie and newsletter prompts */
};

/* Classifies a whole line (already trimmed). */
enum cwi_ex_boiler cwi_ex_classify_line(const char *s, size_t n);

/* When line s ends with an ad marker glued after the end of a sentence
 * ("... II.اضافة اعلان"), returns the length of s without it; else n. */
size_t cwi_ex_strip_trailing_ad(const char *s, size_t n);

/* Count of donation/subscription words in s. */
int cwi_ex_appeal_vocab(const char *s, size_t n);

/* The outlet an appeal names as itself ("A Message from X", "the journalists
 * of X", "By supporting X"): the proper name after such a phrase that occurs
 * most often in s. Malloc'd, or NULL. */
char *cwi_ex_appeal_outlet(const char *s, size_t n);

/* Looks like a headline: short, some words, no sentence-final period. */
bool cwi_ex_headline_like(const char *s, size_t n);

#endif
