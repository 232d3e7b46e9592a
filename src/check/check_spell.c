/*
 * check_spell: one name word spelled two ways by articles of different
 * groups (moved out of check_diff.c, which lines up dates and figures).
 *
 * A capitalised name word of one group and another of a different group
 * that differ by one letter (two in long words) or by a hyphen, start alike
 * and stand beside the same words ("Mo Cowan" and "Mo Cowen"), or of which
 * one is the story's usual spelling and the other a rare one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"

#define MAX_VALUES 4000 /* name words of a story looked at, at most */


typedef struct {
    uint32_t art;
    int group;
    cwi_span span;
    uint64_t prev, next; /* hashes of the words beside it (0: none worth using) */
    int word;            /* index into the distinct words */
    int entity;          /* the story entity of its mention */
} nocc;

typedef struct {
    char *fold;          /* letters only, lower case: "walmart" for "Wal-Mart" */
    char *plain;         /* lower case as written: "wal-mart" */
    int count;
    int first;           /* its first occurrence */
} nword;

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

/* One edit between a and b that a misspelling makes: 2 for a vowel for a
 * vowel, or a letter added or dropped inside the word (not at its end, where
 * "Clinton" and "Clintons" differ in meaning); 1 for a consonant for another
 * ("Obama", "Osama"), which needs the words around them; 0 otherwise. */
static int slip_kind(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na == nb) {
        size_t d = 0, at = 0;
        for (size_t i = 0; i < na; i++)
            if (a[i] != b[i]) d++, at = i;
        if (d != 1 || at == 0) return 0;
        return is_vowel(a[at]) && is_vowel(b[at]) ? 2 : 1;
    }
    if (na + 1 != nb && nb + 1 != na) return 0;
    const char *s = na < nb ? a : b, *l = na < nb ? b : a;
    size_t n = strlen(s), i = 0;
    while (i < n && s[i] == l[i]) i++;
    if (strcmp(s + i, l + i + 1)) return 0;
    if (i == 0 || i >= n) return 0; /* first or last letter: a prefix or a plural */
    /* a place and its people: "Texas", "Texans" */
    size_t nl = strlen(l);
    if (nl >= 2 && l[nl - 1] == 's' && l[nl - 2] == 'n' && s[n - 1] == 's') return 0;
    return 2;
}

static uint64_t word_hash_at(const char *t, size_t len, size_t b, size_t e)
{
    static const char *const STOPW[] = {"the", "and", "of", "to", "in", "on", "at", "for", "by", "a", "an",
                                        "said", "says", "with", "from", "as", "was", "is", NULL};
    if (e <= b || e - b > 40 || e > len) return 0;
    char w[48];
    size_t k = 0;
    for (size_t i = b; i < e; i++) w[k++] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] + 32 : t[i]);
    w[k] = 0;
    if (k < 2) return 0;
    for (const char *const *s = STOPW; *s; s++)
        if (!strcmp(w, *s)) return 0;
    return cwi_hash64(w, k, 11);
}

/* The word before b and the word after e (a possessive ending skipped). */
static void neighbours(const char *t, size_t len, size_t b, size_t e, uint64_t *prev, uint64_t *next)
{
    size_t q = b;
    while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == ',')) q--;
    size_t pe = q;
    while (q > 0 && t[q - 1] != ' ' && t[q - 1] != '\n' && t[q - 1] != '(' && t[q - 1] != '"') q--;
    *prev = word_hash_at(t, len, q, pe);
    q = e;
    while (q < len && t[q] != ' ' && t[q] != '\n' && t[q] != ',' && t[q] != '.') q++;
    while (q < len && (t[q] == ' ' || t[q] == ',')) q++;
    size_t ns = q;
    while (q < len && t[q] != ' ' && t[q] != '\n' && t[q] != ',' && t[q] != '.' && t[q] != '"') q++;
    *next = word_hash_at(t, len, ns, q);
}

typedef CWI_VEC(nocc) noccs;
typedef CWI_VEC(nword) nwords;

/* Every capitalised word of five letters or more in the story's names, as
 * written (sentence-initial one-word names left out). */
static cw_status collect_name_words(cwi_story *st, cwi_map *of, noccs *occ, nwords *words)
{
    for (size_t k = 0; k < st->ments.n && occ->n < MAX_VALUES; k++) {
        const cwi_smention *m = &st->ments.v[k];
        if (m->alt) continue;
        const cwi_check_article *A = &st->a[m->art];
        const cwi_mention *mm = &A->facts->mentions.v[m->idx];
        if (mm->initial) continue;
        const char *t = A->text;
        size_t p = mm->span.start, end = mm->span.end;
        while (p < end) {
            while (p < end && t[p] == ' ') p++;
            size_t b = p;
            while (p < end && t[p] != ' ') p++;
            size_t e = b + cwi_strip_possessive(t + b, p - b);
            if (e - b < 5 || e - b >= 46 || t[b] < 'A' || t[b] > 'Z') continue;
            char fold[48], plain[48];
            size_t nf = 0, np = 0;
            bool ascii = true, caps = true;
            for (size_t i = b; i < e; i++) {
                char c = t[i];
                if ((unsigned char)c >= 0x80) ascii = false;
                if (i > b && c >= 'a' && c <= 'z') caps = false;
                char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                plain[np++] = lc;
                if (lc >= 'a' && lc <= 'z') fold[nf++] = lc;
            }
            /* all capitals (an acronym, a dateline) is not a spelling */
            if (!ascii || caps || nf < 5) continue;
            fold[nf] = 0;
            plain[np] = 0;
            bool fresh = false;
            intptr_t *slot = cwi_map_slot(of, plain, np, &fresh);
            if (!slot) return CW_ERR_NOMEM;
            if (fresh) {
                nword w = {cwi_strndup(fold, nf), cwi_strndup(plain, np), 0, (int)occ->n};
                if (!w.fold || !w.plain || CWI_VEC_PUSH(*words, w) != CW_OK) {
                    free(w.fold);
                    free(w.plain);
                    return CW_ERR_NOMEM;
                }
                *slot = (intptr_t)words->n - 1;
            }
            nocc o;
            o.art = m->art;
            o.group = A->group;
            o.span = (cwi_span){(uint32_t)b, (uint32_t)e};
            o.word = (int)*slot;
            o.entity = m->entity;
            neighbours(t, A->len, b, e, &o.prev, &o.next);
            words->v[o.word].count++;
            CWI_TRY(CWI_VEC_PUSH(*occ, o));
        }
    }
    return CW_OK;
}

static cw_status emit_spelling(cwi_story *st, const noccs *occ, const nwords *words, int wi, int wj)
{
    const nword *a = &words->v[wi], *b = &words->v[wj];
    cwi_buf item;
    cwi_buf_init(&item, 0);
    const nocc *usual = &occ->v[(a->count >= b->count ? a : b)->first];
    char *w = cwi_sprintf("spelling of %.*s", (int)(usual->span.end - usual->span.start), st->a[usual->art].text + usual->span.start);
    cw_status rc = w ? CW_OK : CW_ERR_NOMEM;
    rc = rc ? rc : cwi_buf_adds(&item, "{\"what\":");
    rc = rc ? rc : cwi_buf_json_str(&item, w, strlen(w));
    free(w);
    rc = rc ? rc : cwi_buf_adds(&item, ",\"kind\":\"name\",\"forms\":[");
    bool ff = true;
    for (int side = 0; side < 2 && rc == CW_OK; side++) {
        int x = side ? wj : wi;
        for (size_t k = 0; k < occ->n && rc == CW_OK; k++) {
            if (occ->v[k].word != x) continue;
            bool dup = false;
            for (size_t q = 0; q < k && !dup; q++) dup = occ->v[q].word == x && occ->v[q].art == occ->v[k].art;
            if (dup) continue;
            if (!ff) rc = cwi_buf_addc(&item, ',');
            ff = false;
            rc = rc ? rc : cwi_buf_addc(&item, '{');
            rc = rc ? rc : cwi_ck_cite(&item, &st->a[occ->v[k].art], occ->v[k].span);
            rc = rc ? rc : cwi_buf_addc(&item, '}');
        }
    }
    rc = rc ? rc : cwi_buf_adds(&item, "],\"sides\":[");
    for (int side = 0; side < 2 && rc == CW_OK; side++) {
        int x = side ? wj : wi;
        size_t arts[64], na = 0;
        for (size_t k = 0; k < occ->n; k++) {
            if (occ->v[k].word != x) continue;
            bool seen = false;
            for (size_t q = 0; q < na && !seen; q++) seen = arts[q] == occ->v[k].art;
            if (!seen && na < 64) arts[na++] = occ->v[k].art;
        }
        const nocc *o = &occ->v[words->v[x].first];
        if (side) rc = cwi_buf_addc(&item, ',');
        rc = rc ? rc : cwi_ck_side(&item, st, st->a[o->art].text + o->span.start, o->span.end - o->span.start, NULL, arts, na);
    }
    rc = rc ? rc : cwi_buf_adds(&item, "]}");
    rc = rc ? rc : cwi_ck_add_disc(st, CWI_W_SPELLING, &item);
    cwi_buf_clean(&item);
    return rc;
}

/* Two words that one name holds both of ("Los Angeles Angels") are two words. */
static bool same_name(cwi_story *st, const noccs *occ, int wi, int wj)
{
    for (size_t x = 0; x < occ->n; x++) {
        if (occ->v[x].word != wi) continue;
        for (size_t y = 0; y < occ->n; y++) {
            if (occ->v[y].word != wj || occ->v[y].art != occ->v[x].art) continue;
            uint32_t a = occ->v[x].span.start, b = occ->v[y].span.start;
            uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
            if (hi - lo < 48) {
                bool gap = false;
                for (uint32_t q = lo; q < hi && !gap; q++) gap = st->a[occ->v[x].art].text[q] == '\n' || st->a[occ->v[x].art].text[q] == '.';
                if (!gap) return true;
            }
        }
    }
    return false;
}

/* A word the story also writes in lower case ("recognised", "clerk") is a
 * common word capitalised in a heading, not a name. */
static bool common_word(cwi_story *st, const char *lower)
{
    size_t n = strlen(lower);
    for (size_t a = 0; a < st->n; a++) {
        const char *t = st->a[a].text, *end = t + st->a[a].len;
        for (const char *q = t; (q = memmem(q, (size_t)(end - q), lower, n)); q++) {
            bool left = q > t && (((q[-1] | 0x20) >= 'a' && (q[-1] | 0x20) <= 'z') || (q[-1] & 0x80));
            bool right = q + n < end && (((q[n] | 0x20) >= 'a' && (q[n] | 0x20) <= 'z') || (q[n] & 0x80));
            if (!left && !right) return true;
        }
    }
    return false;
}

cw_status cwi_ck_diff_spellings(cwi_story *st)
{
    noccs occ = {0};
    nwords words = {0};
    cwi_map *of = cwi_map_new(64);
    cw_status rc = of ? collect_name_words(st, of, &occ, &words) : CW_ERR_NOMEM;
    size_t nw = words.n;
    for (size_t i = 0; i < nw && rc == CW_OK; i++) {
        for (size_t j = i + 1; j < nw && rc == CW_OK; j++) {
            const nword *a = &words.v[i], *b = &words.v[j];
            if (a->fold[0] != b->fold[0]) continue;
            int kind = !strcmp(a->fold, b->fold) ? 2 : slip_kind(a->fold, b->fold); /* "Wal-Mart", "Walmart" */
            if (!kind) continue;
            /* used by different groups; beside the same words somewhere */
            bool beside = false, cross = false;
            for (size_t x = 0; x < occ.n; x++) {
                if (occ.v[x].word != (int)i) continue;
                for (size_t y = 0; y < occ.n; y++) {
                    if (occ.v[y].word != (int)j) continue;
                    if (occ.v[x].art != occ.v[y].art) cross = true;
                    if ((occ.v[x].prev && occ.v[x].prev == occ.v[y].prev) || (occ.v[x].next && occ.v[x].next == occ.v[y].next))
                        beside = true;
                }
            }
            if (!cross || (!beside && kind < 2)) continue;
            if (same_name(st, &occ, (int)i, (int)j) || common_word(st, a->plain) || common_word(st, b->plain)) continue;
            /* one person's or place's two spellings are the entity list's to report */
            bool one_entity = false;
            for (size_t x = 0; x < occ.n && !one_entity; x++) {
                if (occ.v[x].word != (int)i || occ.v[x].entity < 0) continue;
                int k = st->ents.v[occ.v[x].entity].kind;
                if (k != CWI_ENT_PERSON && k != CWI_ENT_PLACE) continue;
                for (size_t y = 0; y < occ.n && !one_entity; y++)
                    one_entity = occ.v[y].word == (int)j && occ.v[y].entity == occ.v[x].entity;
            }
            if (one_entity) continue;
            if (!beside) {
                /* else a rare spelling against the usual one */
                int lo = a->count < b->count ? a->count : b->count, hi = a->count < b->count ? b->count : a->count;
                if (!(hi >= 2 && lo * 2 <= hi) && !(lo == 1 && hi == 1)) continue;
            }
            rc = emit_spelling(st, &occ, &words, (int)i, (int)j);
        }
    }
    for (size_t i = 0; i < words.n; i++) {
        free(words.v[i].fold);
        free(words.v[i].plain);
    }
    CWI_VEC_FREE(words);
    CWI_VEC_FREE(occ);
    cwi_map_free(of);
    return rc;
}
