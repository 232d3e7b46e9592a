/*
 * bench_text: throughput of the text layer (normalise, tokenise, split into
 * sentences, fold) over the article texts of polnear/SPLIT/text/NAME.txt.
 *
 *   bench_text [DATA_DIR]      DATA_DIR defaults to ../shared/data
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

#define MAX_FILE (8u * 1024u * 1024u)

typedef struct {
    char *p;
    size_t n;
} doc;

static int load_dir(const char *dir, doc **docs, size_t *ndocs, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0) continue;
        char *path = cwi_sprintf("%s/%s", dir, e->d_name);
        FILE *f = path ? fopen(path, "rb") : NULL;
        free(path);
        if (!f) continue;
        char *buf = malloc(MAX_FILE);
        size_t n = buf ? fread(buf, 1, MAX_FILE, f) : 0;
        fclose(f);
        if (!buf || n == 0) {
            free(buf);
            continue;
        }
        if (*ndocs == *cap) {
            size_t c = *cap ? *cap * 2 : 256;
            doc *nd = realloc(*docs, c * sizeof *nd);
            if (!nd) {
                free(buf);
                break;
            }
            *docs = nd;
            *cap = c;
        }
        (*docs)[(*ndocs)++] = (doc){buf, n};
    }
    closedir(d);
    return 1;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "../shared/data";
    doc *docs = NULL;
    size_t ndocs = 0, cap = 0, total = 0;
    static const char *const splits[] = {"train", "dev", "test"};
    for (size_t k = 0; k < 3; k++) {
        char *dir = cwi_sprintf("%s/polnear/%s/text", root, splits[k]);
        if (dir) load_dir(dir, &docs, &ndocs, &cap);
        free(dir);
    }
    if (ndocs == 0) {
        printf("bench_text: skipped: no texts under %s/polnear/*/text/*.txt\n", root);
        return 0;
    }
    for (size_t k = 0; k < ndocs; k++) total += docs[k].n;

    /* Normalised copies feed the later stages, as in the pipeline. */
    cwi_buf *norm = calloc(ndocs, sizeof *norm);
    if (!norm) return 1;
    for (size_t k = 0; k < ndocs; k++) cwi_buf_init(&norm[k], 0);

    const int reps = 5;
    cwi_buf tmp;
    cwi_buf_init(&tmp, 0);
    cwi_tokens toks = {0};
    cwi_spans sents = {0};
    size_t ntok = 0, nsent = 0, normtotal = 0;

    double t0 = cwi_now();
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < ndocs; k++) {
            cwi_buf_reset(&norm[k]);
            if (cwi_text_normalize(docs[k].p, docs[k].n, &norm[k]) != CW_OK) return 1;
        }
    double t_norm = cwi_now() - t0;
    for (size_t k = 0; k < ndocs; k++) normtotal += norm[k].len;

    t0 = cwi_now();
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < ndocs; k++) {
            toks.n = 0;
            if (cwi_tokenize(norm[k].data ? norm[k].data : "", norm[k].len, &toks) != CW_OK) return 1;
            if (r == 0) ntok += toks.n;
        }
    double t_tok = cwi_now() - t0;

    t0 = cwi_now();
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < ndocs; k++) {
            sents.n = 0;
            if (cwi_sentences(norm[k].data ? norm[k].data : "", norm[k].len, &sents) != CW_OK) return 1;
            if (r == 0) nsent += sents.n;
        }
    double t_sent = cwi_now() - t0;

    t0 = cwi_now();
    for (size_t k = 0; k < ndocs; k++) {
        cwi_buf_reset(&tmp);
        if (cwi_text_fold(norm[k].data ? norm[k].data : "", norm[k].len, &tmp) != CW_OK) return 1;
    }
    double t_fold = cwi_now() - t0;

    double mb = (double)total * reps / 1e6, nmb = (double)normtotal * reps / 1e6;
    printf("bench_text: %zu texts, %.2f MB (%.2f MB normalised), %d passes\n", ndocs, total / 1e6,
           normtotal / 1e6, reps);
    printf("  normalize  %8.1f MB/s\n", mb / t_norm);
    printf("  tokenize   %8.1f MB/s  (%zu tokens per pass)\n", nmb / t_tok, ntok);
    printf("  sentences  %8.1f MB/s  (%zu sentences per pass)\n", nmb / t_sent, nsent);
    printf("  fold       %8.1f MB/s  (whole texts, one pass)\n", (double)normtotal / 1e6 / t_fold);

    for (size_t k = 0; k < ndocs; k++) {
        cwi_buf_clean(&norm[k]);
        free(docs[k].p);
    }
    free(norm);
    free(docs);
    cwi_buf_clean(&tmp);
    CWI_VEC_FREE(toks);
    CWI_VEC_FREE(sents);
    return 0;
}
