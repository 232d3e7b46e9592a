/*
 * bench_stories: throughput of the relate and cluster stages alone, apart
 * from reading, extraction and SQLite (see cwi_stories_times).
 *
 * usage: bench_stories FILE... (each a JSON Lines or other ingestible file)
 * Ingests each file into a fresh store and prints, per stage, the seconds
 * and articles/s: fingerprint (words, stems, sketches, term vector),
 * duplicates (candidates and relating them), cluster (stories), origin
 * (shared origin with story members), and relate+cluster (the last three),
 * with the whole ingest, the store's size on disk and the peak memory of the
 * process beside them.
 * bench/stories_scale.py --stages makes the synthetic inputs and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crosswire.h"
#include "engine/stories.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void quiet(void *ud, const char *m)
{
    (void)ud;
    (void)m;
}

static void line(const char *stage, double secs, uint64_t n)
{
    printf("  %-16s %8.2f s %10.0f articles/s\n", stage, secs, secs > 0 ? n / secs : 0.0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_stories FILE...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        char db[64];
        snprintf(db, sizeof db, "/tmp/cw_bench_stories_%d.db", (int)getpid());
        unlink(db);
        cw_engine *e = NULL;
        if (cw_engine_open(db, &e, NULL) != CW_OK) {
            fprintf(stderr, "bench_stories: cannot open %s\n", db);
            return 1;
        }
        cw_ingest_options o = {quiet, NULL, NULL, 0, 1}; /* every page, as before pages of no news were left out */
        cw_ingest_report rep = {0};
        double t0 = now();
        cw_status st = cw_ingest_path(e, argv[i], &o, &rep);
        double t = now() - t0;
        cwi_stage_times s;
        cwi_stories_times(e, &s);
        cw_engine_close(e);
        /* the store with whatever write-ahead log is left, then removed */
        double store_mb = 0;
        const char *const tails[] = {"", "-wal", "-shm"};
        for (size_t k = 0; k < 3; k++) {
            char side[80];
            struct stat sb;
            snprintf(side, sizeof side, "%s%s", db, tails[k]);
            if (stat(side, &sb) == 0) store_mb += sb.st_size / 1e6;
            unlink(side);
        }
        if (st != CW_OK) {
            fprintf(stderr, "bench_stories: %s: %s\n", argv[i], cw_status_str(st));
            return 1;
        }
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("%s: %llu articles\n", argv[i], (unsigned long long)s.articles);
        line("whole ingest", t, s.articles);
        line("fingerprint", s.fingerprint, s.articles);
        line("duplicates", s.duplicates, s.articles);
        line("cluster", s.cluster, s.articles);
        line("origin", s.origin, s.articles);
        line("relate+cluster", s.duplicates + s.cluster + s.origin, s.articles);
        printf("  peak memory %ld MB, store %.0f MB\n", ru.ru_maxrss / 1024, store_mb);
    }
    return 0;
}
