/*
 * cache.c: answers to /api/ requests kept while the store is unchanged.
 *
 * A story's brief runs the facts and brief stages over its articles, some
 * milliseconds of work; readers ask for the same few stories again and again.
 * The store only changes when another process ingests, and SQLite then writes
 * the database file or its -wal file, so the size and modification time of
 * both make the store's version. Every lookup checks it; a changed store
 * empties the cache. File times are coarse (a write within the same clock
 * tick can leave them as they were), so while the store was written in the
 * last two seconds nothing is kept or served from the cache (git's "racy
 * clean" rule). Bounded in entries and in bytes; least recently used entries
 * go first.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "server/server_int.h"

#define CACHE_ENTRIES 256
#define CACHE_MAX_BYTES (64u * 1024u * 1024u)
#define CACHE_MAX_ENTRY (4u * 1024u * 1024u)
#define CACHE_QUIET_SECONDS 2 /* the store unwritten this long before anything is kept */

typedef struct entry {
    char *key;
    char *body;
    size_t len;
    uint64_t used; /* tick of the last hit; 0 for a free slot */
} entry;

struct cws_cache {
    pthread_mutex_t mu;
    char *db, *wal;
    struct { struct timespec m1, m2; off_t s1, s2; bool e1, e2; } ver;
    entry e[CACHE_ENTRIES];
    size_t bytes;
    uint64_t tick;
};

cws_cache *cws_cache_new(const char *db)
{
    cws_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    size_t n = strlen(db);
    c->db = strdup(db);
    c->wal = malloc(n + 5);
    if (!c->db || !c->wal) {
        cws_cache_free(c);
        return NULL;
    }
    memcpy(c->wal, db, n);
    memcpy(c->wal + n, "-wal", 5);
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

static void drop(cws_cache *c, entry *x)
{
    c->bytes -= x->len;
    free(x->key);
    free(x->body);
    memset(x, 0, sizeof *x);
}

void cws_cache_free(cws_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < CACHE_ENTRIES; i++) drop(c, &c->e[i]);
    if (c->db && c->wal) pthread_mutex_destroy(&c->mu);
    free(c->db);
    free(c->wal);
    free(c);
}

/* Empties the cache when the store's files changed since the last look;
 * returns whether the store has been quiet long enough to trust the cache.
 * Called with the lock held. */
static bool check_version(cws_cache *c)
{
    struct stat a, b;
    bool e1 = stat(c->db, &a) == 0, e2 = stat(c->wal, &b) == 0;
    struct timespec z = {0, 0};
    struct timespec m1 = e1 ? a.st_mtim : z, m2 = e2 ? b.st_mtim : z;
    off_t s1 = e1 ? a.st_size : 0, s2 = e2 ? b.st_size : 0;
    bool same = e1 == c->ver.e1 && e2 == c->ver.e2 && s1 == c->ver.s1 && s2 == c->ver.s2 &&
                m1.tv_sec == c->ver.m1.tv_sec && m1.tv_nsec == c->ver.m1.tv_nsec &&
                m2.tv_sec == c->ver.m2.tv_sec && m2.tv_nsec == c->ver.m2.tv_nsec;
    if (!same) {
        for (size_t i = 0; i < CACHE_ENTRIES; i++)
            if (c->e[i].used) drop(c, &c->e[i]);
        c->ver.e1 = e1, c->ver.e2 = e2, c->ver.s1 = s1, c->ver.s2 = s2, c->ver.m1 = m1, c->ver.m2 = m2;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    time_t last = m1.tv_sec > m2.tv_sec ? m1.tv_sec : m2.tv_sec;
    return now.tv_sec - last > CACHE_QUIET_SECONDS;
}

bool cws_cache_get(cws_cache *c, const char *key, cws_reply *r)
{
    if (!c) return false;
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    bool quiet = check_version(c);
    for (size_t i = 0; quiet && i < CACHE_ENTRIES && !hit; i++) {
        entry *x = &c->e[i];
        if (!x->used || strcmp(x->key, key)) continue;
        char *copy = malloc(x->len ? x->len : 1);
        if (!copy) break;
        memcpy(copy, x->body, x->len);
        x->used = ++c->tick;
        r->status = 200;
        r->body = copy;
        r->len = x->len;
        r->type = "application/json";
        hit = true;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void cws_cache_put(cws_cache *c, const char *key, const cws_reply *r)
{
    if (!c || r->status != 200 || !r->body || r->len > CACHE_MAX_ENTRY) return;
    char *k = strdup(key), *b = malloc(r->len ? r->len : 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(b, r->body, r->len);
    pthread_mutex_lock(&c->mu);
    if (!check_version(c)) {
        pthread_mutex_unlock(&c->mu);
        free(k);
        free(b);
        return;
    }
    entry *slot = NULL;
    for (size_t i = 0; i < CACHE_ENTRIES; i++)
        if (c->e[i].used && !strcmp(c->e[i].key, key)) drop(c, &c->e[i]); /* a racing worker's copy */
    while (!slot || c->bytes + r->len > CACHE_MAX_BYTES) {
        entry *old = NULL;
        slot = NULL;
        for (size_t i = 0; i < CACHE_ENTRIES; i++) {
            if (!c->e[i].used) {
                if (!slot) slot = &c->e[i];
            } else if (!old || c->e[i].used < old->used) {
                old = &c->e[i];
            }
        }
        if (slot && c->bytes + r->len <= CACHE_MAX_BYTES) break;
        if (!old) break;
        drop(c, old);
    }
    if (slot && !slot->used) {
        slot->key = k;
        slot->body = b;
        slot->len = r->len;
        slot->used = ++c->tick;
        c->bytes += r->len;
        k = b = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    free(k);
    free(b);
}
