/*
 * bench_entities: the check stage's merging of named people and places
 * across documents, against the ECB+ cross-document chains (topics 1-35).
 *
 * usage: bench_entities [ECBPLUS_DEV.jsonl ECBPLUS_DEV_MENTIONS.jsonl]
 *        (default ../shared/data/ecbplus_dev.jsonl and ..._mentions.jsonl)
 *
 * Each subtopic is one story. Gold: annotated mentions of types
 * HUMAN_PART_PER, LOC_GEO and LOC_FAC whose text starts with a capital (named
 * people and places), with their chain. A mention the facts stage found is
 * matched to a gold one in the same document and line when one text holds the
 * other. Over matched mentions of different documents of a story, pairwise:
 * precision = pairs the check puts on one entity that share a gold chain /
 * pairs it puts on one entity; recall = pairs sharing a gold chain that the
 * check puts on one entity / pairs sharing a gold chain. Also prints how many
 * gold mentions were found at all and the check stage's throughput.
 * Reads the data in place; copies nothing.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "text/text.h"

typedef struct {
    char *doc, *sub, *text;
    size_t len;
} doc_t;

typedef struct {
    int doc;        /* index into docs */
    int line;
    char *text;
    char *chain;
    int kind;       /* 1 person, 2 place */
    int sys;        /* matched system entity (story-local id + offset), -1 */
} gold_t;

static int cmp_sub(const void *a, const void *b)
{
    const doc_t *x = a, *y = b;
    int c = strcmp(x->sub, y->sub);
    return c ? c : strcmp(x->doc, y->doc);
}

int main(int argc, char **argv)
{
    const char *dpath = argc > 2 ? argv[1] : "../shared/data/ecbplus_dev.jsonl";
    const char *mpath = argc > 2 ? argv[2] : "../shared/data/ecbplus_dev_mentions.jsonl";
    FILE *f = fopen(dpath, "r");
    if (!f) {
        fprintf(stderr, "bench_entities: cannot open %s\n", dpath);
        return 1;
    }
    CWI_VEC(doc_t) docs = {0};
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        if (!j) continue;
        doc_t d;
        d.doc = strdup(json_string_value(json_object_get(j, "doc")));
        d.sub = strdup(json_string_value(json_object_get(j, "subtopic")));
        d.text = strdup(json_string_value(json_object_get(j, "text")));
        d.len = strlen(d.text);
        if (CWI_VEC_PUSH(docs, d) != CW_OK) return 1;
        json_decref(j);
    }
    fclose(f);
    qsort(docs.v, docs.n, sizeof *docs.v, cmp_sub);
    f = fopen(mpath, "r");
    if (!f) {
        fprintf(stderr, "bench_entities: cannot open %s\n", mpath);
        return 1;
    }
    CWI_VEC(gold_t) gold = {0};
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        if (!j) continue;
        const char *type = json_string_value(json_object_get(j, "type"));
        const char *text = json_string_value(json_object_get(j, "text"));
        int kind = !strcmp(type, "HUMAN_PART_PER") ? 1 : (!strcmp(type, "LOC_GEO") || !strcmp(type, "LOC_FAC")) ? 2 : 0;
        if (kind && text && text[0] >= 'A' && text[0] <= 'Z') {
            const char *dn = json_string_value(json_object_get(j, "doc"));
            int di = -1;
            for (size_t k = 0; k < docs.n; k++)
                if (!strcmp(docs.v[k].doc, dn)) di = (int)k;
            if (di >= 0) {
                gold_t g = {di, (int)json_integer_value(json_object_get(j, "sentence")), strdup(text),
                            strdup(json_string_value(json_object_get(j, "chain_id"))), kind, -1};
                if (CWI_VEC_PUSH(gold, g) != CW_OK) return 1;
            }
        }
        json_decref(j);
    }
    fclose(f);
    free(line);

    double t_facts = 0, t_check = 0;
    size_t n_articles = 0, stories = 0, matched = 0;
    int next_entity = 0;
    for (size_t a = 0; a < docs.n;) {
        size_t b = a;
        while (b < docs.n && !strcmp(docs.v[b].sub, docs.v[a].sub)) b++;
        size_t n = b - a;
        cwi_facts *fx = calloc(n, sizeof *fx);
        cwi_spans *ss = calloc(n, sizeof *ss);
        cwi_check_article *ca = calloc(n, sizeof *ca);
        for (size_t k = 0; k < n; k++) {
            doc_t *d = &docs.v[a + k];
            double t0 = cwi_now();
            cwi_sentences(d->text, d->len, &ss[k]);
            cwi_facts_extract(d->text, d->len, ss[k].v, ss[k].n, NULL, "en", &fx[k]);
            t_facts += cwi_now() - t0;
            ca[k] = (cwi_check_article){d->doc, d->text, d->len, ss[k].v, ss[k].n, &fx[k], NULL, (int)k};
        }
        cwi_buf out;
        cwi_buf_init(&out, 0);
        cwi_buf_addc(&out, '{');
        double t0 = cwi_now();
        cwi_check_story(ca, n, &out);
        t_check += cwi_now() - t0;
        cwi_buf_addc(&out, '}');
        n_articles += n;
        stories++;
        json_t *story = json_loads(out.data, 0, NULL);
        json_t *ents = json_object_get(story, "entities");
        /* every system mention of the story: document, line, text, entity */
        typedef struct {
            int doc, line, ent;
            const char *text;
        } sysm;
        CWI_VEC(sysm) sm = {0};
        size_t ei;
        json_t *e;
        json_array_foreach(ents, ei, e) {
            json_t *ms = json_object_get(e, "mentions");
            size_t mi;
            json_t *m;
            json_array_foreach(ms, mi, m) {
                const char *art = json_string_value(json_object_get(m, "article"));
                const char *mt = json_string_value(json_object_get(m, "text"));
                json_t *sp = json_object_get(m, "span");
                size_t start = (size_t)json_integer_value(json_array_get(sp, 0));
                int k = -1;
                for (size_t q = a; q < b; q++)
                    if (!strcmp(docs.v[q].doc, art)) k = (int)q;
                if (k < 0 || !mt) continue;
                int ln = 0;
                for (size_t q = 0; q < start && q < docs.v[k].len; q++) ln += docs.v[k].text[q] == '\n';
                sysm x = {k, ln, next_entity + (int)ei, mt};
                if (CWI_VEC_PUSH(sm, x) != CW_OK) return 1;
            }
        }
        /* each gold mention takes the system mention on its line that fits it
         * best: the same text, else the longest one it holds, else the
         * shortest one holding it */
        for (size_t g = 0; g < gold.n; g++) {
            gold_t *G = &gold.v[g];
            if (G->doc < (int)a || G->doc >= (int)b) continue;
            long best = -1, score = 0;
            for (size_t q = 0; q < sm.n; q++) {
                if (sm.v[q].doc != G->doc || sm.v[q].line != G->line) continue;
                long sc = 0;
                size_t sl = strlen(sm.v[q].text), gl = strlen(G->text);
                if (!strcmp(sm.v[q].text, G->text)) sc = 100000;
                else if (strstr(G->text, sm.v[q].text)) sc = 50000 + (long)sl;
                else if (strstr(sm.v[q].text, G->text)) sc = 10000 - (long)(sl - gl);
                if (sc > score) score = sc, best = (long)q;
            }
            if (best >= 0) {
                G->sys = sm.v[best].ent;
                matched++;
            }
        }
        CWI_VEC_FREE(sm);
        next_entity += (int)json_array_size(ents) + 1;
        json_decref(story);
        cwi_buf_clean(&out);
        for (size_t k = 0; k < n; k++) {
            cwi_facts_clean(&fx[k]);
            CWI_VEC_FREE(ss[k]);
        }
        free(fx);
        free(ss);
        free(ca);
        a = b;
    }
    /* pairwise over matched mentions of different documents of one story */
    const char *verbose = getenv("BENCH_VERBOSE");
    bool all_pairs = verbose && !strcmp(verbose, "2");
    for (int kind = 0; kind <= 2; kind++) {
        size_t tp = 0, fp = 0, fn = 0, gk = 0, mk = 0;
        size_t htp[2] = {0, 0}, hfp[2] = {0, 0}, hfn[2] = {0, 0}; /* odd topics (train), even (val) */
        for (size_t i = 0; i < gold.n; i++) {
            gold_t *x = &gold.v[i];
            if (kind && x->kind != kind) continue;
            gk++;
            if (x->sys < 0 && kind == 2 && getenv("BENCH_VERBOSE")) printf("PLACE-UNFOUND [%s]\n", x->text);
            if (x->sys < 0) continue;
            mk++;
            for (size_t j = i + 1; j < gold.n; j++) {
                gold_t *y = &gold.v[j];
                if ((kind && y->kind != kind) || y->sys < 0 || y->doc == x->doc) continue;
                if (strcmp(docs.v[x->doc].sub, docs.v[y->doc].sub)) continue;
                bool same_g = !strcmp(x->chain, y->chain), same_s = x->sys == y->sys;
                tp += same_g && same_s;
                fp += !same_g && same_s;
                fn += same_g && !same_s;
                int half = atoi(docs.v[x->doc].sub) % 2 == 0;
                htp[half] += same_g && same_s;
                hfp[half] += !same_g && same_s;
                hfn[half] += same_g && !same_s;
                if (all_pairs && kind == 0 && same_s != same_g)
                    printf("%s %s [%s] vs [%s]\n", same_g ? "FN" : "FP", half ? "val" : "train", x->text, y->text);
                if (getenv("BENCH_VERBOSE") && !all_pairs && kind == 0 && same_g && !same_s && (fn % 40) == 0)
                    printf("FN [%s] vs [%s]\n", x->text, y->text);
                if (getenv("BENCH_VERBOSE") && kind == 2 && same_g && !same_s)
                    printf("PLACE-FN [%s] vs [%s]\n", x->text, y->text);
                if (getenv("BENCH_VERBOSE") && kind == 0 && !same_g && same_s)
                    printf("FP [%s] vs [%s]\n", x->text, y->text);
            }
        }
        double P = tp + fp ? (double)tp / (tp + fp) : 0, R = tp + fn ? (double)tp / (tp + fn) : 0;
        printf("%-14s gold named mentions %zu, found %zu (%.1f%%); cross-document pairs: P %.3f R %.3f F1 %.3f (tp %zu fp %zu fn %zu)\n",
               kind == 0 ? "people+places" : kind == 1 ? "people" : "places", gk, mk, gk ? 100.0 * mk / gk : 0, P, R,
               P + R > 0 ? 2 * P * R / (P + R) : 0, tp, fp, fn);
        if (kind == 0)
            for (int h = 0; h < 2; h++) {
                double hP = htp[h] + hfp[h] ? (double)htp[h] / (htp[h] + hfp[h]) : 0;
                double hR = htp[h] + hfn[h] ? (double)htp[h] / (htp[h] + hfn[h]) : 0;
                printf("  %-12s P %.3f R %.3f (tp %zu fp %zu fn %zu)\n", h ? "val (even)" : "train (odd)", hP, hR,
                       htp[h], hfp[h], hfn[h]);
            }
    }
    printf("ECB+ topics 1-35: %zu stories, %zu articles; facts %.0f articles/s, check %.0f articles/s\n", stories,
           n_articles, n_articles / (t_facts > 0 ? t_facts : 1e-9), n_articles / (t_check > 0 ? t_check : 1e-9));
    (void)matched;
    for (size_t i = 0; i < docs.n; i++) {
        free(docs.v[i].doc);
        free(docs.v[i].sub);
        free(docs.v[i].text);
    }
    for (size_t i = 0; i < gold.n; i++) {
        free(gold.v[i].text);
        free(gold.v[i].chain);
    }
    CWI_VEC_FREE(docs);
    CWI_VEC_FREE(gold);
    return 0;
}
