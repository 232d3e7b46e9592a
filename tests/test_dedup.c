/* dedup: words, fingerprints, relations and the index, on small invented
 * articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"

static const char *const wire[] = {
    "The harbour authority of Vellmouth closed the northern pier on Monday after storm waves damaged its supports.",
    "Engineers found cracks in four of the twelve concrete pillars, the authority said in a statement.",
    "Ferries to the islands will leave from the southern quay until repairs are finished in the spring.",
    "The mayor, Ilsa Brandt, said the town would ask the regional government for emergency funding.",
    "Fishing crews were told to move their boats to the marina by Wednesday evening.",
    "The pier was built in 1962 and was last renovated eleven years ago.",
};

/* Joins sentences into one text and fills their spans. */
static char *text_of(const char *const *s, size_t n, cwi_span *sp)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += strlen(s[i]) + 1;
    char *t = calloc(1, len + 1);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(s[i]);
        memcpy(t + at, s[i], k);
        sp[i].start = (uint32_t)at;
        sp[i].end = (uint32_t)(at + k);
        at += k;
        t[at++] = ' ';
    }
    t[at ? at - 1 : 0] = 0;
    return t;
}

static void fp_of(const char *const *s, size_t n, cwi_stemmer *st, cwi_fp *fp)
{
    cwi_span *sp = calloc(n ? n : 1, sizeof *sp);
    char *t = text_of(s, n, sp);
    cwi_words_scratch ws = {0};
    cwi_words w = {0};
    assert_int_equal(cwi_words_of(t, strlen(t), sp, n, st, &ws, &w), CW_OK);
    memset(fp, 0, sizeof *fp);
    assert_int_equal(cwi_fp_make(&w, sp, n, fp), CW_OK);
    CWI_VEC_FREE(w);
    cwi_words_scratch_clean(&ws);
    free(t);
    free(sp);
}

static int relate_kind(const cwi_fp *a, const cwi_fp *b, const cwi_dedup_index *ix, size_t *pairs)
{
    cwi_relation r = {0};
    assert_int_equal(cwi_relate(a, b, ix, &r), CW_OK);
    int k = r.kind;
    if (pairs) *pairs = r.pairs.n;
    cwi_relation_clean(&r);
    return k;
}

static void words_carry_spans_and_sentences(void **state)
{
    (void)state;
    const char *t = "Ilsa Brandt spoke. The PIER closed!";
    cwi_span sp[2] = {{0, 18}, {19, 35}};
    cwi_words_scratch ws = {0};
    cwi_words w = {0};
    assert_int_equal(cwi_words_of(t, strlen(t), sp, 2, NULL, &ws, &w), CW_OK);
    assert_int_equal(w.n, 6);
    assert_int_equal(w.v[0].sent, 0);
    assert_true(w.v[0].upper && w.v[1].upper && w.v[1].joined);
    assert_int_equal(w.v[3].sent, 1);
    assert_true(w.v[3].stop); /* "The" */
    assert_int_equal(w.v[4].start, 23);
    /* Case folds away: PIER and pier hash alike. */
    cwi_words w2 = {0};
    assert_int_equal(cwi_words_of("pier", 4, NULL, 0, NULL, &ws, &w2), CW_OK);
    assert_int_equal(w2.v[0].word, w.v[4].word);
    /* Stop words: the whole word, not a prefix or a longer word. */
    const char *stop[] = {"a", "the", "through", "years", "your", "between"};
    const char *not_stop[] = {"", "ab", "thee", "throughout", "yea", "yours", "betweenness", "zebra"};
    for (size_t i = 0; i < sizeof stop / sizeof *stop; i++) assert_true(cwi_is_stopword(stop[i], strlen(stop[i])));
    for (size_t i = 0; i < sizeof not_stop / sizeof *not_stop; i++)
        assert_false(cwi_is_stopword(not_stop[i], strlen(not_stop[i])));
    assert_true(cwi_is_stopword("then", 3)); /* n counts: "the" */
    CWI_VEC_FREE(w);
    CWI_VEC_FREE(w2);
    cwi_words_scratch_clean(&ws);
}

static void exact_and_near_duplicates(void **state)
{
    (void)state;
    cwi_stemmer *st = cwi_stemmer_new("en");
    cwi_fp a, b, c;
    fp_of(wire, 6, st, &a);
    fp_of(wire, 6, st, &b);
    assert_int_equal(relate_kind(&a, &b, NULL, NULL), CWI_REL_EXACT);
    /* Trimmed lead, a paragraph dropped, boilerplate added. */
    const char *copy[] = {wire[1], wire[2], wire[3], wire[5], "Sign up for our newsletter to get the news every morning."};
    fp_of(copy, 5, st, &c);
    assert_int_equal(relate_kind(&c, &a, NULL, NULL), CWI_REL_NEAR);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_fp_clean(&c);
    cwi_stemmer_free(st);
}

static void shared_origin_needs_several_sentences(void **state)
{
    (void)state;
    cwi_stemmer *st = cwi_stemmer_new("en");
    const char *own[] = {
        "Residents of Vellmouth gathered on the seafront to watch the repair barges arrive on Tuesday.",
        "Local shop owners worry that fewer visitors will come while the pier stays shut.",
        "One cafe said its takings had halved since the storm.",
        "The regional council will debate the funding request next month, a spokesman confirmed.",
    };
    const char *reuse3[] = {own[0], wire[1], own[1], wire[2], own[2], wire[3], own[3]};
    const char *reuse1[] = {own[0], own[1], wire[3], own[2], own[3]};
    cwi_fp a, b, c;
    fp_of(wire, 6, st, &a);
    fp_of(reuse3, 7, st, &b);
    fp_of(reuse1, 5, st, &c);
    size_t pairs = 0;
    assert_int_equal(relate_kind(&b, &a, NULL, &pairs), CWI_REL_ORIGIN);
    assert_true(pairs >= 3);
    /* One shared quote is not a shared origin. */
    assert_int_equal(relate_kind(&c, &a, NULL, NULL), CWI_REL_NONE);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_fp_clean(&c);
    cwi_stemmer_free(st);
}

static void retelling_in_order_is_shared_origin(void **state)
{
    (void)state;
    cwi_stemmer *st = cwi_stemmer_new("en");
    const char *retold[] = {
        "On Monday the Vellmouth harbour authority shut the northern pier after storm waves damaged supports.",
        "According to the authority, engineers found cracks in four of twelve concrete pillars.",
        "Until the repairs are finished in spring, ferries to the islands leave from the southern quay.",
        "Mayor Ilsa Brandt said the town would ask the regional government for emergency funding.",
        "Fishing crews must move their boats to the marina by Wednesday evening, officials said.",
    };
    const char *other[] = {
        "A storm flooded low streets in the old town of Vellmouth overnight, residents said on Monday.",
        "Firefighters pumped water from twenty cellars and one school was closed.",
        "Forecasters expect calmer weather from Thursday, with light winds from the west.",
        "The mayor thanked volunteers who filled sandbags through the night.",
        "Insurance companies have opened a hotline for damage claims.",
    };
    cwi_fp a, b, c;
    fp_of(wire, 6, st, &a);
    fp_of(retold, 5, st, &b);
    fp_of(other, 5, st, &c);
    size_t pairs = 0;
    /* Close retellings count as near copies; either way one origin. */
    int k = relate_kind(&b, &a, NULL, &pairs);
    assert_true(k == CWI_REL_ORIGIN || k == CWI_REL_NEAR);
    assert_true(pairs >= 5);
    assert_int_equal(relate_kind(&c, &a, NULL, NULL), CWI_REL_NONE);
    assert_int_equal(relate_kind(&c, &b, NULL, NULL), CWI_REL_NONE);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_fp_clean(&c);
    cwi_stemmer_free(st);
}

static void boilerplate_is_not_evidence(void **state)
{
    (void)state;
    const char *boiler[] = {"Sign up for our newsletter to get the news every morning.",
                            "Follow us on social media for the latest updates from the region.",
                            "All rights reserved by the publisher of this website and its partners."};
    cwi_dedup_index *ix = cwi_dedup_new();
    cwi_fp f[12];
    char buf[12][96];
    for (int i = 0; i < 12; i++) {
        static const char *const what[] = {"bakery", "tram", "museum", "school", "river", "stadium",
                                           "library", "airport", "orchard", "theatre", "factory", "harbour"};
        static const char *const verb[] = {"opened", "closed", "flooded", "burned", "moved", "grew",
                                           "shrank", "won", "lost", "reopened", "stopped", "started"};
        snprintf(buf[i], sizeof buf[i], "The %s %s on day %d, %s staff reported to %s crews.", what[i], verb[i],
                 i * 7, what[(i + 5) % 12], verb[(i + 3) % 12]);
        const char *s[] = {buf[i], boiler[0], boiler[1], boiler[2]};
        fp_of(s, 4, NULL, &f[i]);
        assert_int_equal(cwi_dedup_add(ix, (uint32_t)i, &f[i]), CW_OK);
    }
    assert_true(cwi_dedup_common(ix, f[0].sents.v[1].hash));
    assert_int_equal(relate_kind(&f[10], &f[11], ix, NULL), CWI_REL_NONE);
    for (int i = 0; i < 12; i++) cwi_fp_clean(&f[i]);
    cwi_dedup_free(ix);
    cwi_dedup_free(NULL);
}

static void index_finds_near_copies_and_packs(void **state)
{
    (void)state;
    cwi_dedup_index *ix = cwi_dedup_new();
    cwi_fp a, b;
    fp_of(wire, 6, NULL, &a);
    const char *copy[] = {wire[0], wire[1], wire[2], wire[3], wire[4]};
    fp_of(copy, 5, NULL, &b);
    assert_int_equal(cwi_dedup_add(ix, 7, &a), CW_OK);
    cwi_slots out = {0};
    assert_int_equal(cwi_dedup_candidates(ix, &b, 10, &out), CW_OK);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.v[0], 7);
    CWI_VEC_FREE(out);
    cwi_buf blob;
    cwi_buf_init(&blob, 0);
    assert_int_equal(cwi_fp_pack(&a, &blob), CW_OK);
    cwi_fp back;
    assert_int_equal(cwi_fp_unpack(blob.data, blob.len, &back), CW_OK);
    assert_int_equal(back.exact, a.exact);
    assert_int_equal(back.sents.n, a.sents.n);
    assert_memory_equal(back.mh, a.mh, sizeof a.mh);
    cwi_fp_clean(&back);
    assert_int_equal(cwi_fp_unpack(blob.data, blob.len - 1, &back), CW_ERR_INPUT);
    cwi_fp_clean(&back);
    cwi_fp_clean(NULL);
    cwi_buf_clean(&blob);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_dedup_free(ix);
}

/* A sentence of six invented content words, its own by k; changed, the
 * last word differs. */
static void long_sentence(char *out, size_t n, unsigned k, bool changed)
{
    static const char *const stem[] = {"marv", "tols", "brin", "quel", "dasp", "fenn"};
    char w[6][16];
    for (int t = 0; t < 6; t++)
        snprintf(w[t], sizeof w[t], "%s%c%ck", stem[t], 'a' + k / 26 % 26, 'a' + k % 26);
    snprintf(out, n, "The %s met the %s near %s where %s and %s saw %s.", w[0], w[1], w[2], w[3], w[4],
             changed ? "tollbooths" : w[5]);
}

static void fp_of_many(char sents[][128], size_t n, cwi_stemmer *st, cwi_fp *fp)
{
    const char **s = calloc(n, sizeof *s);
    for (size_t i = 0; i < n; i++) s[i] = sents[i];
    fp_of(s, n, st, fp);
    free(s);
}

/* An article of 150 sentences against one retelling its last 80: the
 * matches lie past the first 64 sentences compared by stems, and are found
 * the same with the note of cwi_relate_begin as without. */
static void long_articles_match_past_64_sentences(void **state)
{
    (void)state;
    cwi_stemmer *st = cwi_stemmer_new("en");
    static char la[150][128], lb[80][128];
    for (unsigned k = 0; k < 150; k++) long_sentence(la[k], sizeof la[k], k, false);
    for (unsigned k = 0; k < 80; k++) long_sentence(lb[k], sizeof lb[k], 70 + k, true);
    cwi_fp a, b;
    fp_of_many(la, 150, st, &a);
    fp_of_many(lb, 80, st, &b);
    assert_int_equal(a.sents.n, 150);
    cwi_relation r = {0}, once = {0};
    assert_int_equal(cwi_relate_begin(&a, NULL, &r), CW_OK);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(cwi_relate(&a, &b, NULL, &r), CW_OK);
        assert_int_equal(r.kind, CWI_REL_NEAR);
        assert_int_equal(r.pairs.n, 80);
        for (size_t k = 0; k < r.pairs.n; k++) {
            assert_int_equal(r.pairs.v[k].a, 70 + k);
            assert_int_equal(r.pairs.v[k].b, k);
            assert_true(r.pairs.v[k].sim >= 0.8f && r.pairs.v[k].sim < 1.0f);
        }
    }
    cwi_relate_end(&r);
    assert_int_equal(cwi_relate(&a, &b, NULL, &once), CW_OK);
    assert_int_equal(once.kind, r.kind);
    assert_int_equal(once.pairs.n, r.pairs.n);
    assert_memory_equal(once.pairs.v, r.pairs.v, r.pairs.n * sizeof *r.pairs.v);
    /* The other way round: each of b's sentences finds its twin in a. */
    assert_int_equal(cwi_relate(&b, &a, NULL, &once), CW_OK);
    assert_int_equal(once.pairs.n, 80);
    for (size_t k = 0; k < once.pairs.n; k++) assert_int_equal(once.pairs.v[k].b, 70 + k);
    cwi_relation_clean(&r);
    cwi_relation_clean(&once);
    cwi_fp_clean(&a);
    cwi_fp_clean(&b);
    cwi_stemmer_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_carry_spans_and_sentences),
        cmocka_unit_test(exact_and_near_duplicates),
        cmocka_unit_test(shared_origin_needs_several_sentences),
        cmocka_unit_test(retelling_in_order_is_shared_origin),
        cmocka_unit_test(boilerplate_is_not_evidence),
        cmocka_unit_test(index_finds_near_copies_and_packs),
        cmocka_unit_test(long_articles_match_past_64_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
