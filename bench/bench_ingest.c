/*
 * bench_ingest: ingest throughput of plain text through the whole spine
 * (read, extract, normalise, sentences, hash, store with full-text index).
 *
 * usage: bench_ingest [SHARED_DATA_DIR] [RUNS]
 * Reads ECB+ (ecbplus_dev.jsonl, JSON Lines) and PolNeAR (polnear/train/text and polnear/dev/text,
 * one file an article) from SHARED_DATA_DIR (default ../shared/data), each
 * into a fresh store, RUNS times (default 3), and prints the median
 * articles/s and MB/s with the peak memory of the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crosswire.h"

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

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench(const char *label, const char *path, int runs)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        printf("%-28s skipped: %s is absent\n", label, path);
        return 0;
    }
    double rate[16], mbs[16];
    cw_ingest_report last = {0};
    for (int r = 0; r < runs; r++) {
        char db[64];
        snprintf(db, sizeof db, "/tmp/cw_bench_%d.db", (int)getpid());
        unlink(db);
        cw_engine *e = NULL;
        if (cw_engine_open(db, &e, NULL) != CW_OK) return 1;
        cw_ingest_options o = {quiet, NULL, NULL, 0, 1}; /* every page, as before pages of no news were left out */
        cw_ingest_report rep = {0};
        double t0 = now();
        cw_ingest_path(e, path, &o, &rep);
        cw_engine_close(e);
        double t = now() - t0;
        rate[r] = rep.records / t;
        mbs[r] = rep.bytes / 1e6 / t;
        last = rep;
        char side[80];
        unlink(db);
        snprintf(side, sizeof side, "%s-wal", db);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", db);
        unlink(side);
    }
    qsort(rate, (size_t)runs, sizeof *rate, cmp);
    qsort(mbs, (size_t)runs, sizeof *mbs, cmp);
    printf("%-28s %7llu articles %8.1f MB  %9.0f articles/s  %7.2f MB/s  (median of %d)\n", label,
           (unsigned long long)last.records, last.bytes / 1e6, rate[runs / 2], mbs[runs / 2], runs);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data";
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    if (runs < 1 || runs > 15) runs = 3;
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        printf("bench_ingest: skipped: %s is absent (pass the shared data folder)\n", dir);
        return 0;
    }
    char p[4096];
    printf("ingest of plain text, one core, fresh store each run (store on %s)\n", "/tmp");
    snprintf(p, sizeof p, "%s/ecbplus_dev.jsonl", dir);
    bench("ECB+ dev (JSON Lines)", p, runs);
    snprintf(p, sizeof p, "%s/polnear/train/text", dir);
    bench("PolNeAR train (text files)", p, runs);
    snprintf(p, sizeof p, "%s/polnear/dev/text", dir);
    bench("PolNeAR dev (text files)", p, runs);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
