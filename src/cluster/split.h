/*
 * split: divides a group of articles about one kind of event (a topic: two
 * ferry accidents, two earthquakes) into its events. The online clusterer
 * (cluster.h) joins loosely, so a group holds a topic; within it, the terms
 * every member shares (ferry, sank, passengers) say nothing about which
 * event an article tells, while names, places and figures do. The split
 * weighs each term by its global IDF times (1 - the share of the group's
 * articles holding it), builds the average-linkage dendrogram over those
 * contrast weights, and cuts at the highest node whose two branches both
 * hold min_part articles (smaller branches above it are outliers, which go
 * to the side they are closer to). The cut is kept when the parts are
 * unlike under plain TF-IDF weights: the mean similarity of pairs across
 * the cut is below max_ratio times the (geometric) mean similarity of pairs
 * within each part. Each part is then split again the same way. When the
 * articles carry days, the similarity of two articles further apart than
 * window_days falls with the time between them (as the group clusterer's
 * join does): two events of one subject and the same people, weeks apart,
 * are two parts even where their words are alike.
 * Pure: no state between calls. Library-internal.
 */
#ifndef CW_CLUSTER_SPLIT_H
#define CW_CLUSTER_SPLIT_H

#include "cluster/cluster.h"

typedef struct cwi_split_params {
    float max_ratio;   /* a cut is kept when across-pair over within-pair similarity is below this */
    unsigned min_part; /* least articles in each part of a kept cut */
    float window_days; /* days apart within which time does not count; 0: time never counts */
} cwi_split_params;

void cwi_split_defaults(cwi_split_params *p); /* 0.55, 3, 5 */

/* The factor on the similarity of two articles of days a and b (days since
 * 1970; INT32_MIN when unknown): 1 when either is unknown or they are at
 * most window days apart, else window / (the days apart). */
double cwi_split_time_factor(int32_t a, int32_t b, double window);

/* Global IDF of a term (ud as given to cwi_split). */
typedef double (*cwi_idf_fn)(const void *ud, uint32_t term);

/* Splits n articles: vecs[i][0..lens[i]) are raw term weights (term
 * frequencies with boosts), sorted by id with no id repeated; days[i] the
 * article's day (INT32_MIN unknown; days NULL: none known). Writes each
 * article's part (0 .. *n_parts - 1) to part[0..n). Cost O(n^3) time and
 * O(n^2) memory per level, so callers bound n. p may be NULL for the
 * defaults. On error part and *n_parts are untouched. */
cw_status cwi_split(const cwi_cterm *const *vecs, const uint32_t *lens, const int32_t *days, size_t n, cwi_idf_fn idf,
                    const void *ud, const cwi_split_params *p, uint32_t *part, uint32_t *n_parts);

#endif
