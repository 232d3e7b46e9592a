/*
 * check_int: what the check files share: the story's articles, its entities
 * (one union-find over name forms) and small text helpers.
 */
#ifndef CW_CHECK_CHECK_INT_H
#define CW_CHECK_CHECK_INT_H

#include "check/check.h"
#include "text/text.h"

/* A distinct folded name, with what its mentions say about it. */
typedef struct cwi_form {
    char *fold;      /* folded text: "volodymyr zelenskyy" */
    char *first;     /* its first and last words, folded */
    char *last;
    char skel[32];   /* consonant skeleton of last */
    int ntok;
    int votes[4];    /* mentions per enum cwi_ent_kind */
    int count;
    int parent;      /* union-find */
    bool alt_only;   /* only seen as an alternate name */
    bool acro;       /* written in capitals as an acronym ("US", "U.S.", "NATO") somewhere */
    int country;     /* a demonym ("Russian"): the form of its country ("Russia") in the story; else -1 */
} cwi_form;

/* One mention in the story. */
typedef struct cwi_smention {
    uint32_t art;
    uint32_t idx;    /* index in that article's mentions */
    int form;
    int entity;      /* index into the entity list; -1 when not reported */
    bool alt;        /* the alternate name given with that mention ("X (Y)": Y), not the mention itself */
} cwi_smention;

typedef struct cwi_entity {
    int root;        /* union-find root form */
    int kind;
    int canonical;   /* the form named canonical */
    const char *canon_p; /* surface text of the canonical form */
    size_t canon_n;
    bool canon_caps;     /* the surface text is all capitals (a dateline) */
    int country;         /* a nationality ("Russian"): the entity of its country; else -1 */
    int nment;
} cwi_entity;

/* One difference found, as its JSON object, ranked by weight (then found order). */
typedef struct cwi_disc {
    int weight;
    size_t seq;
    char *json;
} cwi_disc;

/* Weights of the kinds of difference: what matters most to a reader first. */
enum {
    CWI_W_FIGURE = 90,
    CWI_W_DATE = 85,
    CWI_W_TIME = 80,
    CWI_W_PLACE = 75,
    CWI_W_ROLE = 70,
    CWI_W_SPEAKER = 65,
    CWI_W_EVENT = 60,
    CWI_W_QUOTE = 40,
    CWI_W_SPELLING = 30
};

/* A span taken into a difference already (the slot check skips it). */
typedef struct cwi_taken {
    size_t art;
    cwi_span span;
} cwi_taken;

typedef struct cwi_story {
    const cwi_check_article *a;
    size_t n;
    CWI_VEC(cwi_form) forms;
    cwi_map *form_of;                 /* fold -> form index */
    CWI_VEC(cwi_smention) ments;
    size_t *ment_first;               /* per article: its first entry in ments; n+1 entries */
    CWI_VEC(cwi_entity) ents;
    int *form_entity;                 /* per form: entity index or -1 */
    cwi_stemmer *stem;
    CWI_VEC(cwi_disc) discs;          /* differences found so far */
    size_t compared;                  /* pairs of statements of one fact from two groups */
    CWI_VEC(cwi_taken) taken;         /* spans in a difference found by wording */
} cwi_story;

/* Folds bytes into a new string (caller frees); NULL when out of memory. */
char *cwi_ck_fold(const char *p, size_t n);
/* Consonant skeleton of a folded word, for transliteration variants. */
void cwi_ck_skeleton(const char *w, char *out, size_t cap);
/* Levenshtein distance of two short strings (longer ones: their length sum). */
int cwi_ck_edit(const char *a, const char *b);
/* Content-word keys of a span: hashes of the first five letters of the stems
 * of words that are not function words; up to cap, returns how many. */
size_t cwi_ck_keys(cwi_story *st, const char *p, size_t n, uint64_t *keys, size_t cap);
size_t cwi_ck_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);
/* Whether w (n bytes) is a whole word of the folded name s (words split by spaces). */
bool cwi_ck_has_word(const char *s, const char *w, size_t n);

int cwi_ck_find(cwi_story *st, int f);
/* The entity of mention idx of article art, or -1. */
int cwi_ck_entity_of(const cwi_story *st, size_t art, size_t idx);

cw_status cwi_ck_entities(cwi_story *st);
cw_status cwi_ck_emit_entities(cwi_story *st, cwi_buf *out);
cw_status cwi_ck_emit_figures(cwi_story *st, cwi_buf *out);
cw_status cwi_ck_emit_dates(cwi_story *st, cwi_buf *out);
cw_status cwi_ck_emit_quotes(cwi_story *st, cwi_buf *out, cwi_buf *variants);
cw_status cwi_ck_emit_discrepancies(cwi_story *st);
/* check_diff.c: dates and figures of one slot compared across groups; the
 * ranked list. check_spell.c: the spellings of one name. */
cw_status cwi_ck_diff_values(cwi_story *st);
cw_status cwi_ck_diff_spellings(cwi_story *st);
/* Whether two figures can both hold at the precision each was given with
 * ("$139 million" and "roughly $141 million" cannot). */
bool cwi_ck_figures_agree(const cwi_figure *a, const cwi_figure *b);
/* check_subst.c: a value swapped in a sentence that another group tells in
 * nearly the same words; its spans go into st->taken. */
cw_status cwi_ck_diff_substitutions(cwi_story *st);
bool cwi_ck_taken(const cwi_story *st, size_t art, cwi_span sp);
/* check_event.c: one event told as done and as planned, or as done and not done. */
cw_status cwi_ck_diff_events(cwi_story *st);
/* Takes obj's bytes (one JSON object) into the list; obj is left empty. */
cw_status cwi_ck_add_disc(cwi_story *st, int weight, cwi_buf *obj);
cw_status cwi_ck_emit_discrepancy_list(cwi_story *st, cwi_buf *out);
void cwi_ck_free_discs(cwi_story *st);

/* Whether the word before byte pos of t (spaces skipped) is one of the
 * NULL-terminated words, ASCII case ignored. */
bool cwi_ck_word_before(const char *t, uint32_t pos, const char *const *words);
/* One side of a difference: {"value":V,"date":D (when not NULL),
 * "independent_sources":G,"articles":[...]}, G the distinct groups of arts. */
cw_status cwi_ck_side(cwi_buf *b, const cwi_story *st, const char *v, size_t vn, const char *date, const size_t *arts,
                      size_t na);
/* JSON helpers: "article":"NAME","text":"...","span":[s,e] */
cw_status cwi_ck_cite(cwi_buf *b, const cwi_check_article *a, cwi_span sp);

#endif
