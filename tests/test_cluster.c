/* cluster: joins, starts, merges and stable ids, on hand-made term vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "cluster/split.h"

/* A vector of the given term ids, each of weight 1. */
static size_t vec(cwi_cterm *out, const uint32_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = (cwi_cterm){ids[i], 1.0f};
    return n;
}

static void joins_and_starts(void **state)
{
    (void)state;
    cwi_clusterer *c = cwi_cluster_new(NULL);
    cwi_cterm v[16];
    cwi_cluster_result r;
    const uint32_t fire[] = {1, 2, 3, 4, 5, 6}, fire2[] = {1, 2, 3, 4, 7, 8}, vote[] = {20, 21, 22, 23, 24, 25};
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire, 6), 0, &r), CW_OK);
    assert_true(r.created);
    int64_t s1 = r.story;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire2, 6), 0, &r), CW_OK);
    assert_false(r.created);
    assert_int_equal(r.story, s1);
    assert_int_equal(cwi_cluster_add(c, v, vec(v, vote, 6), 0, &r), CW_OK);
    assert_true(r.created);
    assert_int_not_equal(r.story, s1);
    assert_int_equal(cwi_cluster_stories(c), 2);
    /* An empty article starts its own story. */
    assert_int_equal(cwi_cluster_add(c, v, 0, 0, &r), CW_OK);
    assert_true(r.created);
    cwi_cluster_free(c);
    cwi_cluster_free(NULL);
}

static void bridge_article_merges_older_id_survives(void **state)
{
    (void)state;
    cwi_cluster_params p;
    cwi_cluster_defaults(&p);
    p.join = 0.55f;
    p.merge = 0.3f;
    cwi_clusterer *c = cwi_cluster_new(&p);
    cwi_cterm v[16];
    cwi_cluster_result r;
    /* Filler stories so document frequencies mean something. */
    for (uint32_t k = 0; k < 20; k++) {
        uint32_t ids[4] = {100 + 4 * k, 101 + 4 * k, 102 + 4 * k, 103 + 4 * k};
        assert_int_equal(cwi_cluster_add(c, v, vec(v, ids, 4), 0, &r), CW_OK);
    }
    const uint32_t a[] = {1, 2, 3, 4, 5, 6}, b[] = {5, 6, 7, 8, 9, 10}, bridge[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_int_equal(cwi_cluster_add(c, v, vec(v, a, 6), 0, &r), CW_OK);
    int64_t sa = r.story;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, b, 6), 0, &r), CW_OK);
    int64_t sb = r.story;
    assert_int_not_equal(sa, sb);
    assert_int_equal(cwi_cluster_add(c, v, vec(v, bridge, 10), 0, &r), CW_OK);
    assert_int_equal(r.n_merged, 1);
    assert_int_equal(r.story, sa);
    assert_int_equal(r.merged[0], sb);
    assert_int_equal(cwi_cluster_resolve(c, sb), sa);
    cwi_cluster_free(c);
}

static void time_keeps_events_apart(void **state)
{
    (void)state;
    cwi_clusterer *c = cwi_cluster_new(NULL);
    cwi_cterm v[16];
    cwi_cluster_result r;
    const uint32_t quake[] = {1, 2, 3, 4, 5, 6}, quake2[] = {1, 2, 3, 4, 5, 9};
    int64_t day = 86400;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, quake, 6), 1000 * day, &r), CW_OK);
    int64_t s1 = r.story;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, quake2, 6), 1001 * day, &r), CW_OK);
    assert_int_equal(r.story, s1);
    /* The same words a year later: another event. */
    assert_int_equal(cwi_cluster_add(c, v, vec(v, quake, 6), 1400 * day, &r), CW_OK);
    assert_true(r.created);
    cwi_cluster_free(c);
}

static void rebuild_by_attaching(void **state)
{
    (void)state;
    cwi_clusterer *c = cwi_cluster_new(NULL);
    cwi_cterm v[16];
    const uint32_t a[] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(cwi_cluster_attach(c, 7, v, vec(v, a, 6), 0), CW_OK);
    assert_int_equal(cwi_cluster_alias(c, 3, 7), CW_OK);
    cwi_cluster_set_next_id(c, 8);
    assert_int_equal(cwi_cluster_resolve(c, 3), 7);
    assert_int_equal(cwi_cluster_resolve(c, 99), 0);
    cwi_cluster_result r;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, a, 6), 0, &r), CW_OK);
    assert_int_equal(r.story, 7);
    const uint32_t other[] = {40, 41, 42, 43};
    assert_int_equal(cwi_cluster_add(c, v, vec(v, other, 4), 0, &r), CW_OK);
    assert_true(r.created);
    assert_int_equal(r.story, 8);
    cwi_cluster_free(c);
}

/* Twelve articles, each on a subject of its own, at time t. */
static void fillers(cwi_clusterer *c, uint32_t from, int64_t t)
{
    cwi_cterm v[16];
    cwi_cluster_result r;
    for (uint32_t k = 0; k < 12; k++) {
        uint32_t ids[4] = {from + 4 * k, from + 4 * k + 1, from + 4 * k + 2, from + 4 * k + 3};
        assert_int_equal(cwi_cluster_add(c, v, vec(v, ids, 4), t, &r), CW_OK);
        assert_true(r.created);
    }
}

/* Two articles on one fire, and a clusterer whose stories retire after 8
 * articles without one. */
static const uint32_t fire[] = {1, 2, 3, 4, 5, 6}, fire2[] = {1, 2, 3, 4, 5, 7};

static cwi_clusterer *retiring(void)
{
    cwi_cluster_params p;
    cwi_cluster_defaults(&p);
    p.retire_docs = 8;
    cwi_clusterer *c = cwi_cluster_new(&p);
    assert_non_null(c);
    return c;
}

static void quiet_stories_retire_and_wake(void **state)
{
    (void)state;
    cwi_clusterer *c = retiring();
    cwi_cterm v[16];
    cwi_cluster_result r;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire, 6), 0, &r), CW_OK);
    int64_t s1 = r.story;
    fillers(c, 100, 0);
    /* Quiet for more than 8 articles: retired, so the same subject starts again. */
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire2, 6), 0, &r), CW_OK);
    assert_true(r.created);
    int64_t s2 = r.story;
    assert_int_not_equal(s2, s1);
    assert_int_equal(cwi_cluster_resolve(c, s1), s1); /* still known */
    /* A copy of one of its articles wakes it; the next article on the
     * subject joins one and merges the two, the older id surviving. */
    assert_int_equal(cwi_cluster_attach(c, s1, v, vec(v, fire, 6), 0), CW_OK);
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire, 6), 0, &r), CW_OK);
    assert_false(r.created);
    assert_int_equal(r.story, s1);
    assert_int_equal(r.n_merged, 1);
    assert_int_equal(r.merged[0], s2);
    cwi_cluster_free(c);
}

static void recent_stories_do_not_retire(void **state)
{
    (void)state;
    cwi_clusterer *c = retiring();
    cwi_cterm v[16];
    cwi_cluster_result r;
    int64_t day = 86400;
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire, 6), 1000 * day, &r), CW_OK);
    int64_t s1 = r.story;
    /* Many articles, but all within days: a busy stream, not a quiet story. */
    fillers(c, 100, 1001 * day);
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire2, 6), 1002 * day, &r), CW_OK);
    assert_false(r.created);
    assert_int_equal(r.story, s1);
    /* Forty days on, after many more articles, it has retired. */
    fillers(c, 200, 1040 * day);
    fillers(c, 300, 1041 * day);
    assert_int_equal(cwi_cluster_add(c, v, vec(v, fire, 6), 1002 * day, &r), CW_OK);
    assert_true(r.created);
    cwi_cluster_free(c);
}

static void dot_of_sorted_lists(void **state)
{
    (void)state;
    const cwi_cterm a[] = {{1, 0.5f}, {3, 2.0f}, {7, 1.0f}, {9, 4.0f}}, b[] = {{2, 9.0f}, {3, 0.5f}, {9, 0.25f}, {12, 3.0f}};
    assert_true(cwi_cterm_dot(a, 4, b, 4) == 2.0);
    assert_true(cwi_cterm_dot(b, 4, a, 4) == 2.0);
    assert_true(cwi_cterm_dot(a, 0, b, 4) == 0.0);
    assert_true(cwi_cterm_dot(a, 4, a, 4) == 0.25 + 4.0 + 1.0 + 16.0);
}

/* ---- splitting a topic group into events ---- */

static double flat_idf(const void *ud, uint32_t term)
{
    (void)ud;
    (void)term;
    return 1.0;
}

/* An article of one kind of event (terms 1-6: ferry, sank, passengers,
 * coast guard, rescue, capsized), telling one event through its own terms
 * (base .. base+5: the ferry's name, the port, the death toll, the
 * captain) and two words of its own (noise). Sorted by id. */
static uint32_t ferry_article(cwi_cterm *out, uint32_t base, uint32_t k, uint32_t noise)
{
    uint32_t n = 0;
    for (uint32_t t = 1; t <= 6; t++) out[n++] = (cwi_cterm){t, 1.0f};
    for (uint32_t t = 0; t < 6; t++)
        if ((t + k) % 6 != 0) out[n++] = (cwi_cterm){base + t, 1.0f + (float)((t + k) % 3)}; /* each drops one */
    out[n++] = (cwi_cterm){noise, 1.0f};
    out[n++] = (cwi_cterm){noise + 1, 1.0f};
    return n;
}

static void split_run(cwi_cterm (*arts)[16], const uint32_t *lens, size_t n, uint32_t *part, uint32_t *n_parts)
{
    const cwi_cterm *vecs[32];
    for (size_t i = 0; i < n; i++) vecs[i] = arts[i];
    assert_int_equal(cwi_split(vecs, lens, NULL, n, flat_idf, NULL, NULL, part, n_parts), CW_OK);
}

static void two_ferry_accidents_are_two_events(void **state)
{
    (void)state;
    cwi_cterm arts[32][16];
    uint32_t lens[32], part[32], n_parts = 0;
    size_t n = 0;
    /* Interleaved arrival: five articles on each accident. */
    for (uint32_t k = 0; k < 5; k++) {
        lens[n] = ferry_article(arts[n], 100, k, 1000 + 10 * (uint32_t)n), n++;
        lens[n] = ferry_article(arts[n], 200, k, 1000 + 10 * (uint32_t)n), n++;
    }
    split_run(arts, lens, n, part, &n_parts);
    assert_int_equal(n_parts, 2);
    for (size_t i = 0; i < n; i++) assert_int_equal(part[i], part[i % 2]);
    assert_int_not_equal(part[0], part[1]);
}

static void one_event_stays_whole(void **state)
{
    (void)state;
    cwi_cterm arts[32][16];
    uint32_t lens[32], part[32], n_parts = 0;
    size_t n = 0;
    for (uint32_t k = 0; k < 8; k++, n++) lens[n] = ferry_article(arts[n], 100, k, 1000 + 10 * (uint32_t)n);
    split_run(arts, lens, n, part, &n_parts);
    assert_int_equal(n_parts, 1);
    for (size_t i = 0; i < n; i++) assert_int_equal(part[i], 0);
}

static void small_parts_and_outliers_are_not_cut_off(void **state)
{
    (void)state;
    cwi_cterm arts[32][16];
    uint32_t lens[32], part[32], n_parts = 0;
    size_t n = 0;
    /* Seven on one accident, two on another: too few to stand alone. */
    for (uint32_t k = 0; k < 7; k++, n++) lens[n] = ferry_article(arts[n], 100, k, 1000 + 10 * (uint32_t)n);
    for (uint32_t k = 0; k < 2; k++, n++) lens[n] = ferry_article(arts[n], 200, k, 1000 + 10 * (uint32_t)n);
    split_run(arts, lens, n, part, &n_parts);
    assert_int_equal(n_parts, 1);
    /* Four and four with one odd article: the odd one goes to a side, the
     * two accidents still come apart. */
    n = 0;
    for (uint32_t k = 0; k < 4; k++, n++) lens[n] = ferry_article(arts[n], 100, k, 1000 + 10 * (uint32_t)n);
    for (uint32_t k = 0; k < 4; k++, n++) lens[n] = ferry_article(arts[n], 200, k, 1000 + 10 * (uint32_t)n);
    lens[n] = 0;
    for (uint32_t t = 1; t <= 3; t++) arts[n][lens[n]++] = (cwi_cterm){t, 1.0f};
    for (uint32_t t = 0; t < 5; t++) arts[n][lens[n]++] = (cwi_cterm){5000 + t, 1.0f};
    n++;
    split_run(arts, lens, n, part, &n_parts);
    assert_int_equal(n_parts, 2);
    for (size_t i = 0; i < 4; i++) assert_int_equal(part[i], part[0]);
    for (size_t i = 4; i < 8; i++) assert_int_equal(part[i], part[4]);
    assert_int_not_equal(part[0], part[4]);
    assert_int_equal(cwi_split(NULL, NULL, NULL, 0, flat_idf, NULL, NULL, part, &n_parts), CW_OK);
    assert_int_equal(n_parts, 0);
}

/* One event's words, told twice two weeks apart (a plan announced, then
 * called off): alike in words, they are one part undated and two parts
 * when the articles carry their days; days within the window change
 * nothing. */
static void weeks_apart_are_two_events(void **state)
{
    (void)state;
    cwi_cterm arts[32][16];
    const cwi_cterm *vecs[32];
    uint32_t lens[32], part[32], n_parts = 0;
    int32_t days[32];
    size_t n = 0;
    for (uint32_t k = 0; k < 8; k++, n++) {
        lens[n] = ferry_article(arts[n], 100, k, 1000 + 10 * (uint32_t)n);
        vecs[n] = arts[n];
        days[n] = 20000 + (k % 2 ? 14 : 0) + (int32_t)(k % 3 == 0);
    }
    assert_int_equal(cwi_split(vecs, lens, NULL, n, flat_idf, NULL, NULL, part, &n_parts), CW_OK);
    assert_int_equal(n_parts, 1);
    assert_int_equal(cwi_split(vecs, lens, days, n, flat_idf, NULL, NULL, part, &n_parts), CW_OK);
    assert_int_equal(n_parts, 2);
    for (size_t i = 0; i < n; i++) assert_int_equal(part[i], part[i % 2]);
    assert_int_not_equal(part[0], part[1]);
    for (size_t i = 0; i < n; i++) days[i] = i == 3 ? INT32_MIN : 20000 + (int32_t)(i % 4);
    assert_int_equal(cwi_split(vecs, lens, days, n, flat_idf, NULL, NULL, part, &n_parts), CW_OK);
    assert_int_equal(n_parts, 1);
    assert_true(cwi_split_time_factor(100, 103, 5) == 1.0);
    assert_true(cwi_split_time_factor(100, 110, 5) == 0.5);
    assert_true(cwi_split_time_factor(INT32_MIN, 110, 5) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(joins_and_starts),
        cmocka_unit_test(bridge_article_merges_older_id_survives),
        cmocka_unit_test(time_keeps_events_apart),
        cmocka_unit_test(rebuild_by_attaching),
        cmocka_unit_test(quiet_stories_retire_and_wake),
        cmocka_unit_test(recent_stories_do_not_retire),
        cmocka_unit_test(dot_of_sorted_lists),
        cmocka_unit_test(two_ferry_accidents_are_two_events),
        cmocka_unit_test(one_event_stays_whole),
        cmocka_unit_test(small_parts_and_outliers_are_not_cut_off),
        cmocka_unit_test(weeks_apart_are_two_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
