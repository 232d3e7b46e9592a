/*
 * bench_quotes: direct-quote extraction of the facts stage against PolNeAR.
 *
 * usage: bench_quotes [POLNEAR_SPLIT_DIR]   (default ../shared/data/polnear/dev)
 *
 * Gold: every attribution (E line) whose content holds a quotation mark is a
 * direct quote; its content spans and its source span are taken from the
 * BRAT standoff (offsets in code points, converted to bytes here).
 * A predicted quote is right when it overlaps the content of a gold direct
 * quote and its speaker matches that quote's source: the speaker words
 * overlap the source span, or the name the speaker resolves to shares a word
 * with the source text. Precision over predicted quotes, recall over gold
 * direct quotes (found when one right prediction covers it). Content-only
 * figures (span overlap, speaker ignored) are printed too, and throughput.
 * Reads the data in place; copies nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts.h"
#include "text/text.h"

#define MAXT 4096

typedef struct {
    char id[16];
    char type[16];
    cwi_span seg[8];
    int nseg;
} tspan;

typedef struct {
    int content, source; /* indexes into the T table */
} attr;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long l = ftell(f);
    rewind(f);
    char *b = malloc((size_t)l + 1);
    if (!b) {
        fclose(f);
        return NULL;
    }
    *n = fread(b, 1, (size_t)l, f);
    b[*n] = 0;
    fclose(f);
    return b;
}

static bool overlaps(cwi_span a, cwi_span b) { return a.start < b.end && b.start < a.end; }

/* Any word (3+ letters, case ignored) of a also in b. */
static bool share_word(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0;
    while (i < an) {
        while (i < an && !((a[i] | 32) >= 'a' && (a[i] | 32) <= 'z')) i++;
        size_t s = i;
        while (i < an && (((a[i] | 32) >= 'a' && (a[i] | 32) <= 'z') || a[i] == '-')) i++;
        size_t wl = i - s;
        if (wl < 3) continue;
        for (size_t j = 0; j + wl <= bn; j++) {
            if (strncasecmp(a + s, b + j, wl)) continue;
            bool lb = j == 0 || !(((b[j - 1] | 32) >= 'a' && (b[j - 1] | 32) <= 'z'));
            bool rb = j + wl == bn || !(((b[j + wl] | 32) >= 'a' && (b[j + wl] | 32) <= 'z'));
            if (lb && rb) return true;
        }
    }
    return false;
}

/* Why a gold direct quote was missed, or a prediction was wrong. */
enum { E_FP, E_NOCONTENT, E_NOSPK_SAMEPAR, E_NOSPK_OTHERPAR, E_NOSPK_NOSRC, E_WRONG_NOSRC, E_WRONG_PRONOUN,
       E_WRONG_RELATIVE, E_WRONG_NOMINAL_SAMEPAR, E_WRONG_NAME_SAMEPAR, E_WRONG_OTHERPAR, E_N };
static const char *const ERR_NAME[E_N] = {
    "predicted with a speaker, no gold direct quote", "gold quote not found at all",
    "no speaker, gold source in its paragraph", "no speaker, gold source in another paragraph",
    "no speaker, gold has no source", "wrong speaker, gold has no source",
    "wrong speaker, gold source a pronoun", "wrong speaker, gold source who/which/that",
    "wrong speaker, gold nominal source, same paragraph", "wrong speaker, gold named source, same paragraph",
    "wrong speaker, gold source in another paragraph"};

static int classify(const char *text, const tspan *T, const attr *a, bool content, bool attributed)
{
    if (!content) return E_NOCONTENT;
    if (a->source < 0) return attributed ? E_WRONG_NOSRC : E_NOSPK_NOSRC;
    cwi_span gs = T[a->source].seg[0], gc = T[a->content].seg[0];
    uint32_t lo = gs.start < gc.start ? gs.start : gc.start, hi = gs.start < gc.start ? gc.start : gs.start;
    bool samepar = memchr(text + lo, '\n', hi - lo) == NULL;
    if (!attributed) return samepar ? E_NOSPK_SAMEPAR : E_NOSPK_OTHERPAR;
    if (!samepar) return E_WRONG_OTHERPAR;
    static const char *const pron[] = {"he", "she", "they", "i", "we", "it", "you", "his", "her", "their", NULL};
    static const char *const rel[] = {"who", "which", "that", "whose", NULL};
    size_t w = 0;
    while (gs.start + w < gs.end && ((text[gs.start + w] | 32) >= 'a' && (text[gs.start + w] | 32) <= 'z')) w++;
    for (int i = 0; rel[i]; i++)
        if (w == strlen(rel[i]) && !strncasecmp(text + gs.start, rel[i], w)) return E_WRONG_RELATIVE;
    for (int i = 0; pron[i]; i++)
        if (w == strlen(pron[i]) && !strncasecmp(text + gs.start, pron[i], w)) return E_WRONG_PRONOUN;
    bool nominal = (text[gs.start] >= 'a' && text[gs.start] <= 'z') ||
                   (w == 3 && !strncasecmp(text + gs.start, "the", 3)) || (w == 1 && (text[gs.start] | 32) == 'a') ||
                   (w == 2 && !strncasecmp(text + gs.start, "an", 2));
    return nominal ? E_WRONG_NOMINAL_SAMEPAR : E_WRONG_NAME_SAMEPAR;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data/polnear/dev";
    char path[4096];
    snprintf(path, sizeof path, "%s/attributions", dir);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "bench_quotes: cannot open %s\n", path);
        return 1;
    }
    size_t err[E_N] = {0};
    size_t all_pred = 0, gold = 0, gold_found = 0, gold_content = 0, pred = 0, pred_right = 0, pred_content = 0, docs = 0;
    double facts_time = 0;
    size_t bytes = 0;
    struct dirent *de;
    static tspan T[MAXT];
    static attr A[MAXT];
    while ((de = readdir(d))) {
        size_t L = strlen(de->d_name);
        if (L < 5 || strcmp(de->d_name + L - 4, ".ann")) continue;
        /* text name: the .ann name without its "_xxxx" suffix */
        char base[1024];
        snprintf(base, sizeof base, "%s", de->d_name);
        base[L - 4] = 0;
        char *us = strrchr(base, '_');
        char tpath[4096];
        snprintf(tpath, sizeof tpath, "%s/text/%s.txt", dir, base);
        size_t tn;
        char *text = slurp(tpath, &tn);
        if (!text && us) {
            *us = 0;
            snprintf(tpath, sizeof tpath, "%s/text/%s.txt", dir, base);
            text = slurp(tpath, &tn);
        }
        if (!text) continue;
        snprintf(path, sizeof path, "%s/attributions/%s", dir, de->d_name);
        size_t an;
        char *ann = slurp(path, &an);
        if (!ann) {
            free(text);
            continue;
        }
        /* code point -> byte offsets */
        size_t ncp = 0;
        size_t *cp2b = malloc((tn + 2) * sizeof *cp2b);
        for (size_t i = 0; i < tn;) {
            size_t len;
            cwi_utf8_decode(text + i, tn - i, &len);
            cp2b[ncp++] = i;
            i += len;
        }
        cp2b[ncp] = tn;
        int nt = 0, na = 0;
        for (char *line = strtok(ann, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == 'T' && nt < MAXT) {
                tspan *t = &T[nt];
                memset(t, 0, sizeof *t);
                if (sscanf(line, "%15s %15s", t->id, t->type) != 2) continue;
                char *p = strchr(line, '\t');
                if (!p) continue;
                p = strchr(p + 1, ' ');
                while (p && *p == ' ' && t->nseg < 8) {
                    unsigned long s, e;
                    if (sscanf(p, " %lu %lu", &s, &e) != 2) break;
                    if (s > ncp) s = ncp;
                    if (e > ncp) e = ncp;
                    t->seg[t->nseg].start = (uint32_t)cp2b[s];
                    t->seg[t->nseg].end = (uint32_t)cp2b[e];
                    t->nseg++;
                    p = strpbrk(p + 1, ";\t");
                    if (!p || *p == '\t') break;
                    *p = ' ';
                }
                nt++;
            } else if (line[0] == 'E' && na < MAXT) {
                attr at = {-1, -1};
                char *p = strchr(line, '\t');
                for (char *q = p; q && *q;) {
                    char role[32], id[16];
                    if (sscanf(q, " %31[^:]:%15s", role, id) != 2) break;
                    for (int k = 0; k < nt; k++)
                        if (!strcmp(T[k].id, id)) {
                            if (!strcmp(role, "Content")) at.content = k;
                            if (!strcmp(role, "Source")) at.source = k;
                        }
                    q = strchr(q + 1, ' ');
                }
                if (at.content >= 0) A[na++] = at;
            }
        }
        /* gold direct quotes: content with a quotation mark */
        bool isdirect[MAXT];
        bool found[MAXT], found_c[MAXT], found_a[MAXT];
        for (int k = 0; k < na; k++) {
            isdirect[k] = false;
            found[k] = found_c[k] = found_a[k] = false;
            const tspan *c = &T[A[k].content];
            for (int s = 0; s < c->nseg && !isdirect[k]; s++)
                for (uint32_t b = c->seg[s].start; b < c->seg[s].end; b++) {
                    unsigned char ch = (unsigned char)text[b];
                    if (ch == '"' || (ch == 0xE2 && b + 2 < tn && (unsigned char)text[b + 1] == 0x80 &&
                                      ((unsigned char)text[b + 2] == 0x9C || (unsigned char)text[b + 2] == 0x9D))) {
                        isdirect[k] = true;
                        break;
                    }
                }
            gold += isdirect[k];
        }
        cwi_facts f = {0};
        double t0 = cwi_now();
        cwi_facts_extract(text, tn, NULL, 0, NULL, "en", &f);
        facts_time += cwi_now() - t0;
        bytes += tn;
        docs++;
        for (size_t q = 0; q < f.quotes.n; q++) {
            const cwi_quote *Q = &f.quotes.v[q];
            /* quotes the stage could not attribute are not claims about a speaker */
            bool attributed = Q->speaker.end > Q->speaker.start;
            all_pred++;
            pred += attributed;
            bool right = false, content = false;
            for (int k = 0; k < na; k++) {
                if (!isdirect[k]) continue;
                const tspan *c = &T[A[k].content];
                bool ov = false;
                for (int s = 0; s < c->nseg; s++) ov |= overlaps(Q->span, c->seg[s]);
                if (!ov) continue;
                content = true;
                found_c[k] = true;
                found_a[k] |= attributed;
                if (A[k].source < 0) continue;
                const tspan *so = &T[A[k].source];
                bool sp = false;
                for (int s = 0; s < so->nseg; s++) {
                    if (Q->speaker.end > Q->speaker.start && overlaps(Q->speaker, so->seg[s])) sp = true;
                    if (Q->speaker_mention >= 0) {
                        cwi_span ms = f.mentions.v[Q->speaker_mention].span;
                        if (share_word(text + ms.start, ms.end - ms.start, text + so->seg[s].start,
                                       so->seg[s].end - so->seg[s].start))
                            sp = true;
                    }
                }
                if (sp && attributed) {
                    right = true;
                    found[k] = true;
                }
            }
            if (getenv("BENCH_VERBOSE") && content && !right) {
                int k0 = -1;
                for (int k = 0; k < na && k0 < 0; k++) {
                    if (!isdirect[k]) continue;
                    for (int s = 0; s < T[A[k].content].nseg; s++)
                        if (overlaps(Q->span, T[A[k].content].seg[s])) k0 = k;
                }
                cwi_span gs = k0 >= 0 && A[k0].source >= 0 ? T[A[k0].source].seg[0] : (cwi_span){0, 0};
                cwi_span ms = Q->speaker_mention >= 0 ? f.mentions.v[Q->speaker_mention].span : (cwi_span){0, 0};
                uint32_t ctx0 = Q->span.start > 160 ? Q->span.start - 160 : 0;
                uint32_t ctx1 = Q->span.end + 60 < tn ? Q->span.end + 60 : (uint32_t)tn;
                for (uint32_t b = ctx0; b < ctx1; b++)
                    if (text[b] == '\n') text[b] = '|';
                int gpar = 0; /* paragraphs between the gold source and the quote, negative: source after */
                if (gs.end > gs.start) {
                    uint32_t lo = gs.start < Q->span.start ? gs.start : Q->span.start, hi = gs.start < Q->span.start ? Q->span.start : gs.start;
                    for (uint32_t b = lo; b < hi; b++) gpar += text[b] == '\n' || text[b] == '|';
                    if (gs.start > Q->span.start) gpar = -gpar;
                }
                printf("MISS p%d w%d gold[%.*s] ours[%.*s]=[%.*s] :: %.*s\n", gpar, (int)(Q->span.end - Q->span.start) / 6, (int)(gs.end - gs.start), text + gs.start,
                       (int)(Q->speaker.end - Q->speaker.start), text + Q->speaker.start, (int)(ms.end - ms.start),
                       text + ms.start, (int)(ctx1 - ctx0), text + ctx0);
            }
            if (getenv("BENCH_VERBOSE") && !content) {
                int words = 1;
                for (uint32_t b = Q->span.start; b < Q->span.end; b++) words += text[b] == ' ';
                uint32_t c0 = Q->span.start > 120 ? Q->span.start - 120 : 0;
                printf("FP words=%d spk=%d partial=%d [%.*s] ours[%.*s] :: ", words, Q->speaker.end > Q->speaker.start, Q->partial,
                       (int)(Q->span.end - Q->span.start > 80 ? 80 : Q->span.end - Q->span.start), text + Q->span.start,
                       (int)(Q->speaker.end - Q->speaker.start), text + Q->speaker.start);
                for (uint32_t b = c0; b < Q->span.end + 40 && b < tn; b++) putchar(text[b] == '\n' ? '|' : text[b]);
                putchar('\n');
            }
            if (getenv("BENCH_VERBOSE") && content) {
                int words = 1;
                for (uint32_t b = Q->span.start; b < Q->span.end; b++) words += text[b] == ' ';
                printf("TP words=%d spk=%d partial=%d right=%d\n", words, Q->speaker.end > Q->speaker.start, Q->partial, right);
            }
            if (attributed && !content) err[E_FP]++;
            pred_right += right && attributed;
            pred_content += content;
        }
        for (int k = 0; k < na; k++) {
            if (isdirect[k] && !found[k]) {
                int e = classify(text, T, &A[k], found_c[k], found_a[k]);
                err[e]++;
                if (getenv("BENCH_VERBOSE")) {
                    cwi_span gc = T[A[k].content].seg[0];
                    cwi_span gs = A[k].source >= 0 ? T[A[k].source].seg[0] : (cwi_span){0, 0};
                    uint32_t c0 = gc.start > 200 ? gc.start - 200 : 0;
                    if (gs.end > gs.start && gs.start < c0) c0 = gs.start;
                    uint32_t c1 = gc.end + 80 < tn ? gc.end + 80 : (uint32_t)tn;
                    printf("GOLD e%d src[%.*s] :: ", e, (int)(gs.end - gs.start), text + gs.start);
                    for (uint32_t b = c0; b < c1 && b < c0 + 600; b++) putchar(text[b] == '\n' ? '|' : text[b]);
                    putchar('\n');
                }
            }
            gold_found += isdirect[k] && found[k];
            gold_content += isdirect[k] && found_c[k];
        }
        cwi_facts_clean(&f);
        free(cp2b);
        free(ann);
        free(text);
    }
    closedir(d);
    double P = pred ? (double)pred_right / pred : 0, R = gold ? (double)gold_found / gold : 0;
    double Pc = all_pred ? (double)pred_content / all_pred : 0, Rc = gold ? (double)gold_content / gold : 0;
    printf("PolNeAR %s: %zu articles, %zu gold direct quotes, %zu quotes found, %zu with a speaker\n", dir, docs, gold,
           all_pred, pred);
    printf("quote + speaker (quotes with a speaker): P %.3f R %.3f F1 %.3f (right %zu of %zu, gold found %zu of %zu)\n", P, R,
           P + R > 0 ? 2 * P * R / (P + R) : 0, pred_right, pred, gold_found, gold);
    printf("content only (all quotes found):         P %.3f R %.3f F1 %.3f\n", Pc, Rc, Pc + Rc > 0 ? 2 * Pc * Rc / (Pc + Rc) : 0);
    printf("errors by class (train on these; tune nothing on dev):\n");
    for (int e = 0; e < E_N; e++) printf("  %-44s %zu\n", ERR_NAME[e], err[e]);
    printf("facts stage: %.0f articles/s (%.1f MB/s)\n", docs / (facts_time > 0 ? facts_time : 1e-9),
           bytes / 1e6 / (facts_time > 0 ? facts_time : 1e-9));
    return 0;
}
