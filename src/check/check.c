/*
 * check: the driver, the text helpers and the entities.
 *
 * Entities are built on distinct folded name forms joined by a union-find:
 * an alternate name given with a mention ("Pokrovsk (Krasnoarmeysk)"); full
 * names whose surnames match (equal, or the same consonant skeleton within an
 * edit distance) and whose first names are compatible (equal, one a prefix of
 * the other, the same skeleton); a surname alone joins the one family of full
 * names that carries it, and stays apart when two different people in the
 * story share it; single words with the same skeleton (Donbas, Donbass).
 * Everything is linear in mentions except the pairwise comparison of forms,
 * which is bounded by CWI_CK_MAX_FORMS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"

#define CWI_CK_MAX_FORMS 4000

char *cwi_ck_fold(const char *p, size_t n)
{
    cwi_buf b;
    cwi_buf_init(&b, 1 << 16);
    if (cwi_text_fold(p, n, &b) != CW_OK || !b.data) {
        cwi_buf_clean(&b);
        return cwi_strndup("", 0);
    }
    return cwi_buf_take(&b);
}

static bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

void cwi_ck_skeleton(const char *w, char *out, size_t cap)
{
    size_t k = 0;
    char prev = 0;
    for (size_t i = 0; w[i] && k + 1 < cap; i++) {
        char c = w[i], m = c;
        if (!((c >= 'a' && c <= 'z'))) continue;
        char d = w[i + 1];
        if (c == 'z' && d == 'h') m = 'j', i++;
        else if (c == 'k' && d == 'h') m = 'h', i++;
        else if (c == 's' && d == 'h') m = 's', i++;
        else if (c == 'c' && d == 'h') m = 'c', i++;
        else if (c == 't' && (d == 's' || d == 'z')) m = 'c', i++;
        else if (c == 'p' && d == 'h') m = 'f', i++;
        else if (c == 'c' && d == 'k') m = 'k', i++;
        else if (c == 'w') m = 'v';
        else if (c == 'q') m = 'k';
        if (k > 0 && vowel(m)) continue;
        if (k == 0 && vowel(m)) m = 'a';
        if (m == prev) continue;
        out[k++] = m;
        prev = m;
    }
    out[k] = 0;
}

int cwi_ck_edit(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63) return (int)(na + nb);
    int row[64];
    for (size_t j = 0; j <= nb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

static const char *const CK_STOP[] = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "that", "this", "it", "its", "will", "would",
    "could", "can", "should", "may", "might", "must", "not", "no", "but", "if", "we", "i", "you", "he",
    "she", "they", "them", "his", "her", "their", "our", "us", "my", "me", "do", "does", "did", "so", "than",
    "then", "there", "here", "what", "which", "who", "whom", "all", "any", "some", "more", "most", "very",
    "just", "also", "into", "about", "over", "said", "says", "s", "t", NULL};

size_t cwi_ck_keys(cwi_story *st, const char *p, size_t n, uint64_t *keys, size_t cap)
{
    cwi_tokens toks = {0};
    size_t k = 0;
    if (cwi_tokenize(p, n, &toks) != CW_OK) {
        CWI_VEC_FREE(toks);
        return 0;
    }
    for (size_t i = 0; i < toks.n && k < cap; i++) {
        if (toks.v[i].kind != CWI_TOK_WORD && toks.v[i].kind != CWI_TOK_NUMBER) continue;
        const char *w = p + toks.v[i].span.start;
        size_t wn = toks.v[i].span.end - toks.v[i].span.start;
        wn = cwi_strip_possessive(w, wn);
        char *f = cwi_ck_fold(w, wn);
        if (!f) continue;
        bool stop = false;
        for (const char *const *s = CK_STOP; *s && !stop; s++) stop = !strcmp(f, *s);
        if (!stop && strlen(f) >= 2) {
            size_t sl = strlen(f);
            const char *sw = f;
            if (st->stem) sw = cwi_stem(st->stem, f, sl, &sl);
            if (!sw) sw = f, sl = strlen(f);
            keys[k++] = cwi_hash64(sw, sl < 5 ? sl : 5, 7);
        }
        free(f);
    }
    CWI_VEC_FREE(toks);
    return k;
}

bool cwi_ck_has_word(const char *s, const char *w, size_t n)
{
    for (const char *q = s; *q;) {
        while (*q == ' ') q++;
        size_t m = strcspn(q, " ");
        if (m && m == n && !strncmp(q, w, n)) return true;
        q += m;
    }
    return false;
}

size_t cwi_ck_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t c = 0;
    for (size_t i = 0; i < na; i++) {
        bool seen = false;
        for (size_t q = 0; q < i && !seen; q++) seen = a[q] == a[i];
        if (seen) continue;
        for (size_t j = 0; j < nb; j++)
            if (a[i] == b[j]) {
                c++;
                break;
            }
    }
    return c;
}

cw_status cwi_ck_cite(cwi_buf *b, const cwi_check_article *a, cwi_span sp)
{
    if (sp.end > a->len) sp.end = (uint32_t)a->len;
    if (sp.start > sp.end) sp.start = sp.end;
    CWI_TRY(cwi_buf_adds(b, "\"article\":"));
    CWI_TRY(cwi_buf_json_str(b, a->name, strlen(a->name)));
    CWI_TRY(cwi_buf_adds(b, ",\"text\":"));
    CWI_TRY(cwi_buf_json_str(b, a->text + sp.start, sp.end - sp.start));
    return cwi_buf_printf(b, ",\"span\":[%u,%u]", sp.start, sp.end);
}

bool cwi_ck_word_before(const char *t, uint32_t pos, const char *const *words)
{
    uint32_t e = pos;
    while (e > 0 && t[e - 1] == ' ') e--;
    uint32_t b = e;
    while (b > 0 && t[b - 1] != ' ' && t[b - 1] != '\n') b--;
    for (const char *const *w = words; *w; w++)
        if (cwi_word_eq(t + b, e - b, *w)) return true;
    return false;
}

cw_status cwi_ck_side(cwi_buf *b, const cwi_story *st, const char *v, size_t vn, const char *date, const size_t *arts,
                      size_t na)
{
    int g[64];
    size_t ng = 0;
    for (size_t i = 0; i < na; i++) {
        int x = st->a[arts[i]].group;
        bool seen = false;
        for (size_t q = 0; q < ng && !seen; q++) seen = g[q] == x;
        if (!seen && ng < 64) g[ng++] = x;
    }
    CWI_TRY(cwi_buf_adds(b, "{\"value\":"));
    CWI_TRY(cwi_buf_json_str(b, v, vn));
    if (date) CWI_TRY(cwi_buf_printf(b, ",\"date\":\"%s\"", date));
    CWI_TRY(cwi_buf_printf(b, ",\"independent_sources\":%zu,\"articles\":[", ng));
    for (size_t i = 0; i < na; i++) {
        if (i) CWI_TRY(cwi_buf_addc(b, ','));
        CWI_TRY(cwi_buf_json_str(b, st->a[arts[i]].name, strlen(st->a[arts[i]].name)));
    }
    return cwi_buf_adds(b, "]}");
}

/* ---- Entities ------------------------------------------------------------------ */

int cwi_ck_find(cwi_story *st, int f)
{
    while (st->forms.v[f].parent != f) {
        st->forms.v[f].parent = st->forms.v[st->forms.v[f].parent].parent;
        f = st->forms.v[f].parent;
    }
    return f;
}

static void unite(cwi_story *st, int a, int b)
{
    a = cwi_ck_find(st, a);
    b = cwi_ck_find(st, b);
    if (a != b) st->forms.v[b].parent = a;
}

/* "jr", "sr", "ii", "iii", "iv" (folded, with or without a period). */
static bool generation_suffix(const char *w)
{
    static const char *const SUF[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", NULL};
    for (const char *const *q = SUF; *q; q++)
        if (!strcmp(w, *q)) return true;
    return false;
}

static int form_for(cwi_story *st, const char *p, size_t n, bool *err)
{
    char *f = cwi_ck_fold(p, n);
    if (!f) {
        *err = true;
        return -1;
    }
    intptr_t v;
    if (cwi_map_get(st->form_of, f, strlen(f), &v)) {
        free(f);
        return (int)v;
    }
    if (st->forms.n >= CWI_CK_MAX_FORMS) {
        free(f);
        return -1;
    }
    cwi_form fm;
    memset(&fm, 0, sizeof fm);
    fm.fold = f;
    fm.parent = (int)st->forms.n;
    fm.ntok = 1;
    for (const char *q = f; *q; q++) fm.ntok += *q == ' ';
    /* a generational suffix is no surname: "Arcade Joseph Comeaux Jr" is a
     * Comeaux */
    size_t core = strlen(f);
    const char *sp = strrchr(f, ' ');
    if (sp && fm.ntok >= 2 && generation_suffix(sp + 1)) {
        core = (size_t)(sp - f);
        while (core > 0 && (f[core - 1] == ',' || f[core - 1] == ' ')) core--;
        fm.ntok--;
        sp = core ? memrchr(f, ' ', core) : NULL;
    }
    const char *ls = sp ? sp + 1 : f;
    fm.last = cwi_strndup(ls, (size_t)(f + core - ls));
    const char *fs = memchr(f, ' ', core);
    fm.first = cwi_strndup(f, fs ? (size_t)(fs - f) : core);
    if (!fm.last || !fm.first || CWI_VEC_PUSH(st->forms, fm) != CW_OK ||
        cwi_map_put(st->form_of, f, strlen(f), (intptr_t)(st->forms.n - 1)) != CW_OK) {
        free(fm.last);
        free(fm.first);
        free(f);
        *err = true;
        return -1;
    }
    cwi_ck_skeleton(st->forms.v[st->forms.n - 1].last, st->forms.v[st->forms.n - 1].skel, 32);
    return (int)st->forms.n - 1;
}

/* Demonyms and plurals are not spellings of the name they come from. */
static bool demonym_pair(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    const char *l = na > nb ? a : b;
    size_t nl = na > nb ? na : nb;
    static const char *const suf[] = {"ians", "ian", "ans", "an", "ese", "ish", "s", NULL};
    for (int k = 0; suf[k]; k++) {
        size_t sn = strlen(suf[k]);
        if (nl > sn && !strcmp(l + nl - sn, suf[k])) {
            const char *s = l == a ? b : a;
            size_t ns = strlen(s);
            if (!(ns > sn && !strcmp(s + ns - sn, suf[k]))) return true;
        }
    }
    return false;
}

/* a and b differ only by two neighbouring letters swapped ("Klistchko"/
 * "Klitschko"), in words of six letters or more: a typing slip. */
static bool swapped_letters(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n < 6 || strlen(b) != n) return false;
    size_t k = 0;
    while (k < n && a[k] == b[k]) k++;
    if (k + 1 >= n || a[k] != b[k + 1] || a[k + 1] != b[k]) return false;
    return !strcmp(a + k + 2, b + k + 2);
}

static bool same_word(const char *a, const char *sa, const char *b, const char *sb)
{
    if (!strcmp(a, b)) return true;
    if (a[0] == b[0] && swapped_letters(a, b)) return true;
    if (strlen(sa) < 4 || strcmp(sa, sb)) return false;
    if (a[0] != b[0]) return false;
    if (demonym_pair(a, b)) return false;
    size_t m = CWI_MAX(strlen(a), strlen(b));
    /* a short word two edits away is another word: France/French */
    return cwi_ck_edit(a, b) <= (m < 8 ? 1 : (int)(m / 2));
}

static bool first_compatible(const char *a, const char *b)
{
    if (!strcmp(a, b)) return true;
    size_t na = strlen(a), nb = strlen(b);
    size_t m = CWI_MIN(na, nb);
    if (m >= 3 && !strncmp(a, b, m)) return true;
    char sa[32], sb[32];
    cwi_ck_skeleton(a, sa, sizeof sa);
    cwi_ck_skeleton(b, sb, sizeof sb);
    return strlen(sa) >= 3 && !strcmp(sa, sb) && cwi_ck_edit(a, b) <= 2;
}

static int main_kind(const cwi_form *f)
{
    int best = CWI_ENT_OTHER, bv = 0;
    for (int k = 1; k < 4; k++)
        if (f->votes[k] > bv) best = k, bv = f->votes[k];
    return best;
}

/* A form that may name a person: some mention said so, or none said otherwise. */
static bool person_like(const cwi_form *f)
{
    return f->votes[CWI_ENT_PERSON] > 0 || main_kind(f) == CWI_ENT_OTHER;
}

int cwi_ck_entity_of(const cwi_story *st, size_t art, size_t idx)
{
    size_t a = st->ment_first[art], b = st->ment_first[art + 1];
    for (size_t k = a; k < b; k++)
        if (st->ments.v[k].idx == idx && !st->ments.v[k].alt) return st->ments.v[k].entity;
    return -1;
}

/* Two to six capital letters, each may be followed by a period: "US",
 * "U.S.", "NATO". */
static bool acronym_text(const char *p, size_t n)
{
    size_t letters = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] >= 'A' && p[k] <= 'Z') letters++;
        else if (p[k] != '.' || k == 0 || p[k - 1] == '.') return false;
    }
    return letters >= 2 && letters <= 6;
}

/* The letters of a folded acronym ("u.s." -> "us") into out (cap bytes). */
static void acronym_letters(const char *fold, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *q = fold; *q && k + 1 < cap; q++)
        if (*q >= 'a' && *q <= 'z') out[k++] = *q;
    out[k] = 0;
}

/* The initials of a folded name of several words, its function words left
 * out: "united states" -> "us", "national security council" -> "nsc". */
static void initials(const char *fold, char *out, size_t cap)
{
    static const char *const SKIP[] = {"of", "the", "and", "for", "de", "on", "in", NULL};
    size_t k = 0;
    for (const char *w = fold; *w && k + 1 < cap;) {
        const char *e = strchr(w, ' ');
        size_t n = e ? (size_t)(e - w) : strlen(w);
        bool skip = false;
        for (const char *const *q = SKIP; *q && !skip; q++) skip = strlen(*q) == n && !strncmp(w, *q, n);
        if (!skip && *w >= 'a' && *w <= 'z') out[k++] = *w;
        w = e ? e + 1 : w + n;
    }
    out[k] = 0;
}

/* d is the demonym of the place name c ("russian"/"russia", "ukrainian"/
 * "ukraine", "european"/"europe", "chinese"/"china", "german"/"germany"):
 * c, or c less its last one or two letters (four letters kept at least),
 * and an ending of nationality. Irregular ones (French) are not known. */
static bool demonym_of(const char *d, const char *c)
{
    static const char *const END[] = {"n", "an", "ian", "ean", "ese", "ish", "i", "ns", "ans", "ians", "eans", NULL};
    size_t nd = strlen(d), nc = strlen(c);
    for (size_t k = 0; k <= 2 && k + 4 <= nc; k++) {
        size_t stem = nc - k;
        if (nd <= stem || strncmp(d, c, stem)) continue;
        const char *rest = d + stem;
        for (const char *const *q = END; *q; q++)
            if (!strcmp(rest, *q)) return true;
    }
    /* "germany" -> "german", "italy" -> "italian" handled above; "german": */
    return nc >= 5 && c[nc - 1] == 'y' && nd == nc - 1 && !strncmp(d, c, nd);
}

/* Forms that are demonyms of a one-word place of the story point to it. */
static void find_demonyms(cwi_story *st)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        F[i].country = -1;
        if (F[i].ntok != 1 || F[i].votes[CWI_ENT_PERSON] > F[i].count / 2) continue;
        for (size_t j = 0; j < nf; j++) {
            if (j == i || F[j].ntok != 1 || F[j].votes[CWI_ENT_PLACE] == 0) continue;
            /* the shortest: "Russians" is of "Russia", not of "Russian" */
            if (demonym_of(F[i].fold, F[j].fold) && (F[i].country < 0 || strlen(F[j].fold) < strlen(F[F[i].country].fold)))
                F[i].country = (int)j;
        }
    }
}

/* An acronym joins the name of several words whose initials it spells, and
 * an acronym spelled with periods the same one without: "U.S.", "US",
 * "United States"; "EU", "European Union". Only when one such name is in the
 * story, and never a person's name. */
static void join_acronyms(cwi_story *st)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (!F[i].acro || F[i].ntok != 1 || F[i].votes[CWI_ENT_PERSON] > 0) continue;
        char ai[16], bj[16];
        acronym_letters(F[i].fold, ai, sizeof ai);
        int root = -1;
        for (size_t j = 0; j < nf && root != -2; j++) {
            if (j == i || F[j].votes[CWI_ENT_PERSON] > 0) continue;
            if (F[j].ntok >= 2) initials(F[j].fold, bj, sizeof bj);
            else if (F[j].acro) acronym_letters(F[j].fold, bj, sizeof bj);
            else continue;
            if (strcmp(ai, bj)) continue;
            if (F[j].ntok == 1) {
                unite(st, (int)i, (int)j);
                continue;
            }
            int r = cwi_ck_find(st, (int)j);
            if (root == -1) root = r;
            else if (root != r) root = -2;
        }
        if (root >= 0) unite(st, root, (int)i);
    }
}

/* Each mention of the story (and each alternate name given with one) as a
 * form with its kind votes; a mention and its alternate name are joined. */
static cw_status collect_forms(cwi_story *st)
{
    bool err = false;
    st->ment_first = calloc(st->n + 1, sizeof *st->ment_first);
    if (!st->ment_first) return CW_ERR_NOMEM;
    for (size_t a = 0; a < st->n; a++) {
        st->ment_first[a] = st->ments.n;
        const cwi_facts *f = st->a[a].facts;
        for (size_t i = 0; f && i < f->mentions.n; i++) {
            const cwi_mention *m = &f->mentions.v[i];
            int fi = form_for(st, st->a[a].text + m->span.start, m->span.end - m->span.start, &err);
            if (err) return CW_ERR_NOMEM;
            if (fi < 0) continue;
            st->forms.v[fi].votes[m->kind < 4 ? m->kind : 0]++;
            st->forms.v[fi].count++;
            st->forms.v[fi].acro |= acronym_text(st->a[a].text + m->span.start, m->span.end - m->span.start);
            cwi_smention sm = {(uint32_t)a, (uint32_t)i, fi, -1, false};
            CWI_TRY(CWI_VEC_PUSH(st->ments, sm));
            if (m->alt.end > m->alt.start) {
                int fa = form_for(st, st->a[a].text + m->alt.start, m->alt.end - m->alt.start, &err);
                if (err) return CW_ERR_NOMEM;
                if (fa >= 0) {
                    unite(st, fi, fa);
                    cwi_smention sa = {(uint32_t)a, (uint32_t)i, fa, -1, true};
                    CWI_TRY(CWI_VEC_PUSH(st->ments, sa));
                    st->forms.v[fa].count++;
                    st->forms.v[fa].votes[m->kind < 4 ? m->kind : 0]++;
                }
            }
        }
    }
    st->ment_first[st->n] = st->ments.n;
    return CW_OK;
}

/* The longer form l ends with the whole shorter full name s, the words
 * before it a preamble: "Saints RB Pierre Thomas" / "Pierre Thomas". */
static bool ends_with_name(const cwi_form *l, const cwi_form *s)
{
    size_t nl = strlen(l->fold), ns = strlen(s->fold);
    return l->ntok > s->ntok && s->ntok >= 2 && nl > ns && l->fold[nl - ns - 1] == ' ' && !strcmp(l->fold + nl - ns, s->fold);
}

/* Full names: the same surname and compatible first names. */
static void join_full_names(cwi_story *st)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (F[i].ntok < 2 || !person_like(&F[i])) continue;
        for (size_t j = i + 1; j < nf; j++) {
            if (F[j].ntok < 2 || !person_like(&F[j])) continue;
            if (!same_word(F[i].last, F[i].skel, F[j].last, F[j].skel)) continue;
            if (first_compatible(F[i].first, F[j].first) || ends_with_name(&F[i], &F[j]) || ends_with_name(&F[j], &F[i]))
                unite(st, (int)i, (int)j);
        }
    }
}

/* A full name of a person (two to four words) whose surname is the one
 * word of form w. */
static bool family_of(const cwi_form *F, size_t j, size_t w)
{
    if (F[j].ntok < 2 || F[j].ntok > 4 || !person_like(&F[j]) || F[j].votes[CWI_ENT_PERSON] == 0) return false;
    return same_word(F[w].last, F[w].skel, F[j].last, F[j].skel);
}

/* A surname alone joins the one family that carries it; one that two
 * families carry is marked in ambiguous. */
static void join_surnames(cwi_story *st, char *ambiguous)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (F[i].ntok != 1 || F[i].country >= 0) continue;
        int root = -1;
        for (size_t j = 0; j < nf && root != -2; j++) {
            if (!family_of(F, j, i)) continue;
            int r = cwi_ck_find(st, (int)j);
            if (root == -1) root = r;
            else if (root != r) root = -2;
        }
        if (root >= 0) unite(st, root, (int)i);
        if (root == -2) ambiguous[i] = 1;
    }
}

/* A first name alone ("Lindsay" beside "Lindsay Lohan") joins the one
 * family of full names that starts with it, when no mention calls it a
 * place or an organisation and it is nobody's surname in the story. */
static void join_first_names(cwi_story *st)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (F[i].ntok != 1 || !person_like(&F[i]) || F[i].votes[CWI_ENT_PLACE] || F[i].votes[CWI_ENT_ORG] ||
            F[i].country >= 0)
            continue;
        if (strlen(F[i].fold) < 3) continue;
        int root = -1;
        for (size_t j = 0; j < nf && root != -2; j++) {
            if (F[j].ntok < 2 || F[j].ntok > 4 || F[j].votes[CWI_ENT_PERSON] == 0) continue;
            if (strcmp(F[j].first, F[i].fold)) continue;
            int r = cwi_ck_find(st, (int)j);
            if (root == -1) root = r;
            else if (root != r) root = -2;
        }
        for (size_t j = 0; j < nf && root >= 0; j++)
            if (family_of(F, j, i)) root = -2;
        if (root >= 0) unite(st, root, (int)i);
    }
}

/* Single words spelled two ways (Donbas, Donbass); two families of
 * different people do not merge through their surnames. */
static void join_single_words(cwi_story *st, const char *ambiguous)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (F[i].ntok != 1 || ambiguous[i]) continue;
        for (size_t j = i + 1; j < nf; j++) {
            if (F[j].ntok != 1 || ambiguous[j] || !strcmp(F[i].fold, F[j].fold)) continue;
            if (!same_word(F[i].last, F[i].skel, F[j].last, F[j].skel)) continue;
            int ri = cwi_ck_find(st, (int)i), rj = cwi_ck_find(st, (int)j);
            if (ri == rj) continue;
            bool fam_i = false, fam_j = false;
            for (size_t q = 0; q < nf; q++) {
                if (F[q].ntok < 2) continue;
                int rq = cwi_ck_find(st, (int)q);
                fam_i |= rq == ri;
                fam_j |= rq == rj;
            }
            if (fam_i && fam_j) continue;
            unite(st, ri, rj);
        }
    }
}

/* The words of the shorter form s are, one by one, the same words as the
 * first words of form l, spelled alike or two ways. */
static bool same_first_words(const cwi_form *s, const cwi_form *l)
{
    const char *a = s->fold, *b = l->fold;
    bool same = true;
    for (int w = 0; w < s->ntok && same; w++) {
        const char *ae = strchr(a, ' '), *be = strchr(b, ' ');
        size_t an = ae ? (size_t)(ae - a) : strlen(a), bn = be ? (size_t)(be - b) : strlen(b);
        char wa[64], wb[64], sa[32], sb[32];
        if (an >= sizeof wa || bn >= sizeof wb) return false;
        memcpy(wa, a, an), wa[an] = 0;
        memcpy(wb, b, bn), wb[bn] = 0;
        cwi_ck_skeleton(wa, sa, sizeof sa);
        cwi_ck_skeleton(wb, sb, sizeof sb);
        same = an >= 3 && !strchr(wa, '\'') && same_word(wa, sa, wb, sb);
        a = ae ? ae + 1 : a + an;
        b = be ? be + 1 : b + bn;
    }
    return same;
}

/* Names of places and organisations (no mention calls them a person): the
 * same words spelled two ways ("Lakeview Care Centre" / "... Center"), and
 * a short form that begins the one longer name of the story it can stand
 * for ("Lakeview" / "Lakeview Care Center"), of the same kind. */
static void join_place_names(cwi_story *st, const char *ambiguous)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    for (size_t i = 0; i < nf; i++) {
        if (F[i].votes[CWI_ENT_PERSON] > 0 || ambiguous[i]) continue;
        /* "Russian" does not stand for "Russian Orthodox Church" */
        bool demonym = F[i].country >= 0;
        int ki = main_kind(&F[i]);
        int root = -1;
        for (size_t j = 0; j < nf && root != -2; j++) {
            if (j == i || F[j].votes[CWI_ENT_PERSON] > 0 || F[j].ntok < 2 || F[j].ntok < F[i].ntok) continue;
            int kj = main_kind(&F[j]);
            /* a place and an organisation only when most mentions of the
             * short form did not call it a place ("at Lakeview") */
            bool loose_place = F[i].votes[CWI_ENT_PLACE] <= F[i].votes[CWI_ENT_OTHER] &&
                               ((ki == CWI_ENT_PLACE && kj == CWI_ENT_ORG) || (ki == CWI_ENT_ORG && kj == CWI_ENT_PLACE));
            if (ki != kj && ki != CWI_ENT_OTHER && kj != CWI_ENT_OTHER && !loose_place) continue;
            /* cheap first: same_word needs the same first letter and, for
             * these names, a first word of about the same length */
            size_t fi = strlen(F[i].first), fj = strlen(F[j].first);
            if (F[i].fold[0] != F[j].fold[0] || fi > fj + 2 || fj > fi + 2) continue;
            if (!same_first_words(&F[i], &F[j])) continue;
            if (F[j].ntok == F[i].ntok) {
                unite(st, (int)i, (int)j);
                continue;
            }
            if (demonym) continue;
            int r = cwi_ck_find(st, (int)j);
            if (root == -1) root = r;
            else if (root != r) root = -2;
        }
        if (root >= 0) unite(st, root, (int)i);
    }
}

/* One entity per union-find root: its kind by the votes of its forms, its
 * mention count and its canonical form (for a person a full name, then the
 * most used, then the longest). */
static cw_status make_entities(cwi_story *st)
{
    size_t nf = st->forms.n;
    cwi_form *F = st->forms.v;
    st->form_entity = malloc((nf + 1) * sizeof *st->form_entity);
    if (!st->form_entity) return CW_ERR_NOMEM;
    int *root_entity = malloc((nf + 1) * sizeof *root_entity);
    if (!root_entity) return CW_ERR_NOMEM;
    for (size_t i = 0; i < nf; i++) root_entity[i] = -1;
    for (size_t i = 0; i < nf; i++) {
        int r = cwi_ck_find(st, (int)i);
        if (root_entity[r] < 0) {
            cwi_entity e;
            memset(&e, 0, sizeof e);
            e.root = r;
            e.canonical = -1;
            e.country = -1;
            if (CWI_VEC_PUSH(st->ents, e) != CW_OK) {
                free(root_entity);
                return CW_ERR_NOMEM;
            }
            root_entity[r] = (int)st->ents.n - 1;
        }
        st->form_entity[i] = root_entity[r];
    }
    free(root_entity);
    int votes[4];
    for (size_t e = 0; e < st->ents.n; e++) {
        cwi_entity *E = &st->ents.v[e];
        memset(votes, 0, sizeof votes);
        int guessed = 0;
        for (size_t i = 0; i < nf; i++) {
            if (st->form_entity[i] != (int)e) continue;
            for (int k = 0; k < 4; k++) votes[k] += F[i].votes[k];
            if (F[i].acro) guessed += F[i].votes[CWI_ENT_ORG];
            E->nment += F[i].count;
        }
        /* an acronym's capitals only guess an organisation: any other
         * evidence of a kind wins ("in the U.S." beside "the US visit") */
        if (votes[CWI_ENT_PERSON] + votes[CWI_ENT_PLACE] + votes[CWI_ENT_ORG] > guessed) votes[CWI_ENT_ORG] -= guessed;
        E->kind = CWI_ENT_OTHER;
        int bv = 0;
        for (int k = 1; k < 4; k++)
            if (votes[k] > bv) E->kind = k, bv = votes[k];
        int best = -1;
        for (size_t i = 0; i < nf; i++) {
            if (st->form_entity[i] != (int)e) continue;
            if (best < 0) {
                best = (int)i;
                continue;
            }
            const cwi_form *b = &F[best], *c = &F[i];
            bool pb = E->kind == CWI_ENT_PERSON && b->ntok >= 2 && b->ntok <= 4;
            bool pc = E->kind == CWI_ENT_PERSON && c->ntok >= 2 && c->ntok <= 4;
            int kb = pb * 1000 + b->count, kc = pc * 1000 + c->count;
            if (kc > kb || (kc == kb && strlen(c->fold) > strlen(b->fold))) best = (int)i;
        }
        E->canonical = best;
    }
    /* a demonym is a nationality linked to its country, not a place */
    for (size_t e = 0; e < st->ents.n; e++) {
        cwi_entity *E = &st->ents.v[e];
        int c = E->canonical >= 0 ? F[E->canonical].country : -1;
        if (c < 0 || st->form_entity[c] == (int)e) continue;
        E->country = st->form_entity[c];
        E->kind = CWI_ENT_OTHER;
    }
    return CW_OK;
}

static cwi_span ment_span(const cwi_story *st, const cwi_smention *m)
{
    const cwi_mention *mm = &st->a[m->art].facts->mentions.v[m->idx];
    return m->alt ? mm->alt : mm->span;
}

/* Each mention's entity, and each entity's canonical text: the first
 * spelling of its canonical form as written, preferring one not in
 * capitals. */
static void canonical_texts(cwi_story *st)
{
    for (size_t k = 0; k < st->ments.n; k++) {
        cwi_smention *m = &st->ments.v[k];
        m->entity = st->form_entity[m->form];
        cwi_entity *E = &st->ents.v[m->entity];
        if (m->form != E->canonical) continue;
        cwi_span sp = ment_span(st, m);
        const char *p = st->a[m->art].text + sp.start;
        size_t n = sp.end - sp.start;
        bool caps = n > 1;
        for (size_t q = 1; q < n && caps; q++) caps = !(p[q] >= 'a' && p[q] <= 'z');
        if (!E->canon_p || (E->canon_caps && !caps)) {
            E->canon_p = p;
            E->canon_n = n;
            E->canon_caps = caps;
        }
    }
}

/* The family a mention m of a surname two families share goes to: the one
 * its own article names, or, in an article naming neither, one that
 * dominates the story (3 to 1); -1 when none. */
static int surname_family(const cwi_story *st, const cwi_smention *m)
{
    size_t nf = st->forms.n;
    const cwi_form *F = st->forms.v;
    int fam[8], here[8], total[8];
    size_t nfam = 0;
    for (size_t j = 0; j < nf && nfam < 8; j++) {
        if (!family_of(F, j, (size_t)m->form)) continue;
        int e = st->form_entity[j];
        size_t q = 0;
        while (q < nfam && fam[q] != e) q++;
        if (q == nfam) fam[nfam] = e, here[nfam] = total[nfam] = 0, nfam++;
    }
    for (size_t q = 0; q < nfam; q++)
        for (size_t r = 0; r < st->ments.n; r++) {
            const cwi_smention *o = &st->ments.v[r];
            if (F[o->form].ntok < 2 || st->form_entity[o->form] != fam[q]) continue;
            total[q]++;
            here[q] += o->art == m->art;
        }
    int pick = -1, present = 0;
    for (size_t q = 0; q < nfam; q++)
        if (here[q]) present++, pick = fam[q];
    if (present == 1) return pick;
    if (present) {
        /* both named in its article: the one named last before it */
        pick = -1;
        for (size_t r = st->ment_first[m->art]; r < st->ment_first[m->art + 1] && &st->ments.v[r] != m; r++) {
            const cwi_smention *o = &st->ments.v[r];
            if (F[o->form].ntok < 2) continue;
            for (size_t q = 0; q < nfam; q++)
                if (st->form_entity[o->form] == fam[q]) pick = fam[q];
        }
        return pick;
    }
    size_t b1 = 0;
    for (size_t q = 1; q < nfam; q++)
        if (total[q] > total[b1]) b1 = q;
    bool dominant = nfam > 0;
    for (size_t q = 0; q < nfam; q++)
        if (q != b1 && total[b1] < 3 * total[q]) dominant = false;
    return dominant ? fam[b1] : -1;
}

cw_status cwi_ck_entities(cwi_story *st)
{
    CWI_TRY(collect_forms(st));
    size_t nf = st->forms.n;
    char *ambiguous = calloc(nf + 1, 1);
    if (!ambiguous) return CW_ERR_NOMEM;
    find_demonyms(st);
    join_full_names(st);
    join_acronyms(st);
    join_surnames(st, ambiguous);
    join_first_names(st);
    join_single_words(st, ambiguous);
    join_place_names(st, ambiguous);
    cw_status rc = make_entities(st);
    if (rc != CW_OK) {
        free(ambiguous);
        return rc;
    }
    canonical_texts(st);
    /* A surname two people of the story share ("Tyler Hansbrough", "Gene
     * Hansbrough") stays apart from both families as a form; each mention of
     * it goes to the one family its own article names, or, in an article
     * naming neither, to a family that dominates the story (3 to 1). The two
     * people are never merged. */
    for (size_t k = 0; k < st->ments.n; k++) {
        cwi_smention *m = &st->ments.v[k];
        if (!ambiguous[m->form] || m->alt) continue;
        int pick = surname_family(st, m);
        if (pick >= 0) {
            st->ents.v[m->entity].nment--;
            m->entity = pick;
            st->ents.v[pick].nment++;
        }
    }
    free(ambiguous);
    return CW_OK;
}

static const char *const KIND_NAMES[] = {"other", "person", "place", "organization"};

/* A byte of a word: an ASCII letter or part of a multi-byte character. */
static bool letter_byte(char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c & 0x80); }

/* Whether a one-word name is only a capitalised common word: every mention
 * opens its sentence ("Damage was estimated...", "Authorities said...") and
 * some article of the story writes the word in lower case. A name seen
 * capitalised inside a sentence anywhere, or as part of a longer name, is
 * kept ("Young" beside "Neil Young"). */
static bool common_word_only(const cwi_story *st, const cwi_entity *E, const size_t *ments, size_t nm)
{
    char low[48];
    size_t n = E->canon_n;
    if (n < 2 || n >= sizeof low || E->canon_p[0] < 'A' || E->canon_p[0] > 'Z') return false;
    for (size_t x = 0; x < nm; x++) {
        const cwi_smention *m = &st->ments.v[ments[x]];
        if (m->alt || !st->a[m->art].facts->mentions.v[m->idx].initial) return false;
    }
    for (size_t k = 0; k < n; k++) {
        char c = E->canon_p[k];
        low[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    for (size_t a = 0; a < st->n; a++) {
        const char *t = st->a[a].text, *end = t + st->a[a].len;
        for (const char *q = t; (q = memmem(q, (size_t)(end - q), low, n)); q++) {
            if (!(q > t && letter_byte(q[-1])) && !(q + n < end && letter_byte(q[n]))) return true;
        }
    }
    return false;
}

cw_status cwi_ck_emit_entities(cwi_story *st, cwi_buf *out)
{
    CWI_TRY(cwi_buf_adds(out, "\"entities\":["));
    bool first = true;
    /* bigger entities first */
    size_t ne = st->ents.n;
    int *order = malloc((ne + 1) * sizeof *order);
    if (!order) return CW_ERR_NOMEM;
    for (size_t e = 0; e < ne; e++) order[e] = (int)e;
    for (size_t i = 1; i < ne; i++) { /* insertion sort by mention count, stable */
        int x = order[i];
        size_t j = i;
        while (j > 0 && st->ents.v[order[j - 1]].nment < st->ents.v[x].nment) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    /* the mentions of each entity in story order: a counting sort */
    size_t nm = st->ments.n;
    size_t *efirst = calloc(ne + 1, sizeof *efirst);
    size_t *byent = malloc((nm + 1) * sizeof *byent);
    uint8_t *inart = calloc(st->n + 1, 1);
    if (!efirst || !byent || !inart) {
        free(efirst);
        free(byent);
        free(inart);
        free(order);
        return CW_ERR_NOMEM;
    }
    for (size_t k = 0; k < nm; k++) efirst[st->ments.v[k].entity + 1]++;
    for (size_t e = 0; e < ne; e++) efirst[e + 1] += efirst[e];
    {
        size_t *fill = calloc(ne + 1, sizeof *fill);
        if (!fill) {
            free(efirst);
            free(byent);
            free(inart);
            free(order);
            return CW_ERR_NOMEM;
        }
        for (size_t k = 0; k < nm; k++) {
            int e = st->ments.v[k].entity;
            byent[efirst[e] + fill[e]++] = k;
        }
        free(fill);
    }
    cw_status rc = CW_OK;
    for (size_t oi = 0; oi < ne && rc == CW_OK; oi++) {
        int e = order[oi];
        cwi_entity *E = &st->ents.v[e];
        if ((E->kind == CWI_ENT_OTHER && E->country < 0 && E->nment < 2) || E->nment <= 0) continue;
        if (!E->canon_p || common_word_only(st, E, byent + efirst[e], efirst[e + 1] - efirst[e])) continue;
        if (!first) rc = cwi_buf_addc(out, ',');
        first = false;
        rc = rc ? rc : cwi_buf_adds(out, "{\"canonical\":");
        rc = rc ? rc : cwi_buf_json_str(out, E->canon_p, E->canon_n);
        const cwi_entity *C = E->country >= 0 ? &st->ents.v[E->country] : NULL;
        rc = rc ? rc : cwi_buf_printf(out, ",\"kind\":\"%s\",", C ? "nationality" : KIND_NAMES[E->kind]);
        if (!rc && C && C->canon_p) {
            rc = cwi_buf_adds(out, "\"country\":");
            rc = rc ? rc : cwi_buf_json_str(out, C->canon_p, C->canon_n);
            rc = rc ? rc : cwi_buf_addc(out, ',');
        }
        if (!rc && E->kind == CWI_ENT_PERSON) {
            /* the surname a reader looks a person up by */
            size_t k = E->canon_n;
            while (k > 0 && E->canon_p[k - 1] != ' ') k--;
            if (k > 0) {
                rc = cwi_buf_adds(out, "\"surname\":");
                rc = rc ? rc : cwi_buf_json_str(out, E->canon_p + k, E->canon_n - k);
                rc = rc ? rc : cwi_buf_addc(out, ',');
            }
        }
        rc = rc ? rc : cwi_buf_adds(out, "\"variants\":[");
        /* the exact strings used, once each */
        cwi_map *seen = cwi_map_new(8);
        if (!seen) rc = CW_ERR_NOMEM;
        bool vf = true;
        for (size_t x = efirst[e]; x < efirst[e + 1] && rc == CW_OK; x++) {
            cwi_smention *m = &st->ments.v[byent[x]];
            cwi_span sp = ment_span(st, m);
            const char *p = st->a[m->art].text + sp.start;
            bool fresh = false;
            if (!cwi_map_slot(seen, p, sp.end - sp.start, &fresh)) rc = CW_ERR_NOMEM;
            if (!fresh) continue;
            if (!vf) rc = rc ? rc : cwi_buf_addc(out, ',');
            vf = false;
            rc = rc ? rc : cwi_buf_json_str(out, p, sp.end - sp.start);
        }
        cwi_map_free(seen);
        rc = rc ? rc : cwi_buf_adds(out, "],\"articles\":[");
        bool af = true;
        for (size_t x = efirst[e]; x < efirst[e + 1]; x++) inart[st->ments.v[byent[x]].art] = 1;
        for (size_t a = 0; a < st->n && rc == CW_OK; a++) {
            if (!inart[a]) continue;
            inart[a] = 0;
            if (!af) rc = cwi_buf_addc(out, ',');
            af = false;
            rc = rc ? rc : cwi_buf_json_str(out, st->a[a].name, strlen(st->a[a].name));
        }
        memset(inart, 0, st->n);
        rc = rc ? rc : cwi_buf_adds(out, "],\"mentions\":[");
        bool mf = true;
        for (size_t x = efirst[e]; x < efirst[e + 1] && rc == CW_OK; x++) {
            cwi_smention *m = &st->ments.v[byent[x]];
            if (!mf) rc = cwi_buf_addc(out, ',');
            mf = false;
            rc = rc ? rc : cwi_buf_addc(out, '{');
            rc = rc ? rc : cwi_ck_cite(out, &st->a[m->art], ment_span(st, m));
            rc = rc ? rc : cwi_buf_addc(out, '}');
        }
        rc = rc ? rc : cwi_buf_adds(out, "]}");
    }
    free(order);
    free(efirst);
    free(byent);
    free(inart);
    if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
    return rc;
}

cw_status cwi_check_story(const cwi_check_article *arts, size_t n, cwi_buf *out)
{
    if (!out || (n && !arts)) return CW_ERR_USAGE;
    if (n > CWI_CHECK_MAX_ARTICLES) n = CWI_CHECK_MAX_ARTICLES;
    cwi_story st;
    memset(&st, 0, sizeof st);
    st.a = arts;
    st.n = n;
    st.form_of = cwi_map_new(256);
    st.stem = cwi_stemmer_new("en");
    cwi_buf figs, dates, quotes, variants, disc;
    cwi_buf_init(&figs, 0);
    cwi_buf_init(&dates, 0);
    cwi_buf_init(&quotes, 0);
    cwi_buf_init(&variants, 0);
    cwi_buf_init(&disc, 0);
    cw_status rc = st.form_of ? CW_OK : CW_ERR_NOMEM;
    if (rc == CW_OK) rc = cwi_ck_entities(&st);
    if (rc == CW_OK) rc = cwi_ck_emit_entities(&st, out);
    if (rc == CW_OK) rc = cwi_ck_emit_dates(&st, &dates);
    if (rc == CW_OK) rc = cwi_ck_emit_quotes(&st, &quotes, &variants);
    if (rc == CW_OK) rc = cwi_ck_diff_substitutions(&st);
    if (rc == CW_OK) rc = cwi_ck_diff_values(&st);
    if (rc == CW_OK) rc = cwi_ck_diff_spellings(&st);
    if (rc == CW_OK) rc = cwi_ck_diff_events(&st);
    /* after the differences: a figure one of them holds is not shown agreeing */
    if (rc == CW_OK) rc = cwi_ck_emit_figures(&st, &figs);
    if (rc == CW_OK) rc = cwi_ck_emit_discrepancies(&st);
    if (rc == CW_OK) rc = cwi_ck_emit_discrepancy_list(&st, &disc);
    if (rc == CW_OK) rc = cwi_buf_adds(out, ",\"figures\":[");
    if (rc == CW_OK && figs.len) rc = cwi_buf_add(out, figs.data, figs.len);
    if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"dates\":[");
    if (rc == CW_OK && dates.len) rc = cwi_buf_add(out, dates.data, dates.len);
    if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"quotes\":[");
    if (rc == CW_OK && quotes.len) rc = cwi_buf_add(out, quotes.data, quotes.len);
    if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"quote_variants\":[");
    if (rc == CW_OK && variants.len) rc = cwi_buf_add(out, variants.data, variants.len);
    if (rc == CW_OK) rc = cwi_buf_adds(out, "],\"discrepancies\":[");
    if (rc == CW_OK && disc.len) rc = cwi_buf_add(out, disc.data, disc.len);
    if (rc == CW_OK) rc = cwi_buf_addc(out, ']');
    if (rc == CW_OK) {
        /* what was checked, so that an empty list reads as "none found among
         * N facts", not as "the sources agree" */
        size_t groups = 0;
        for (size_t a = 0; a < n; a++) {
            bool seen = false;
            for (size_t b = 0; b < a && !seen; b++) seen = arts[b].group == arts[a].group;
            groups += !seen;
        }
        rc = cwi_buf_printf(out, ",\"comparison\":{\"facts_compared\":%zu,\"independent_sources\":%zu,\"articles\":%zu,\"differences\":%zu}",
                            st.compared, groups, n, st.discs.n);
    }
    cwi_ck_free_discs(&st);
    CWI_VEC_FREE(st.taken);
    cwi_buf_clean(&figs);
    cwi_buf_clean(&dates);
    cwi_buf_clean(&quotes);
    cwi_buf_clean(&variants);
    cwi_buf_clean(&disc);
    for (size_t i = 0; i < st.forms.n; i++) {
        free(st.forms.v[i].fold);
        free(st.forms.v[i].first);
        free(st.forms.v[i].last);
    }
    CWI_VEC_FREE(st.forms);
    CWI_VEC_FREE(st.ments);
    CWI_VEC_FREE(st.ents);
    free(st.ment_first);
    free(st.form_entity);
    cwi_map_free(st.form_of);
    cwi_stemmer_free(st.stem);
    return rc;
}
