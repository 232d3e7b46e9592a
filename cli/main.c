/*
 * crosswire: the command line. Uses only the public header (crosswire.h).
 * Exit codes: 0 success, 1 bad input (a one-line reason naming the file and
 * place), 2 bad usage. Commands are dispatched from one table.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crosswire.h"
#include "server/server.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

typedef struct opts {
    const char *db;
    bool json;
    const char *format; /* story, brief: --format json|md|html */
    unsigned words;     /* story, brief: --words N (summary length) */
    int argc;    /* positional arguments after the command */
    char **argv;
    unsigned limit;
    const char *bind; /* serve --bind */
    int port;         /* serve --port; -1 means 8080 */
    bool follow;     /* ingest --follow */
    bool keep_all;   /* ingest --keep-all-pages */
    double interval; /* seconds between polls; 0 means 60 */
} opts;

typedef struct command {
    const char *name;
    int (*run)(opts *o);
    const char *usage;
    const char *help;
} command;

static void die_usage(const command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die_usage(const command *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "crosswire: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nusage: crosswire %s\n", c ? c->usage : "[--db FILE] COMMAND [ARGS] (crosswire --help)");
    va_end(ap);
    exit(EXIT_USAGE);
}

/* Exit code for a failed status: bad input and absent things are the user's
 * input (1); usage errors are 2; anything else (store, memory, i/o) is 1 too,
 * with the reason printed. */
static int fail(cw_engine *e, cw_status st, const char *what)
{
    const char *m = e ? cw_engine_error(e) : "";
    fprintf(stderr, "crosswire: %s: %s\n", what, m && *m ? m : cw_status_str(st));
    return st == CW_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

static cw_engine *open_engine(const opts *o)
{
    cw_engine *e = NULL;
    char *err = NULL;
    cw_status st = cw_engine_open(o->db, &e, &err);
    if (st != CW_OK) {
        fprintf(stderr, "crosswire: %s\n", err ? err : cw_status_str(st));
        cw_free(err);
        exit(EXIT_INPUT);
    }
    return e;
}

/* The read commands (articles, show, search, stories, story, related, serve)
 * never create a store: a mistyped --db would otherwise give an empty store
 * and an empty answer with exit 0. Exits 1 with the reason when db is not
 * there. */
static void need_store(const opts *o)
{
    struct stat sb;
    if (!strcmp(o->db, ":memory:")) return;
    if (stat(o->db, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fprintf(stderr, "crosswire: %s: is a folder, not a store\n", o->db);
            exit(EXIT_INPUT);
        }
        return;
    }
    if (errno == ENOENT)
        fprintf(stderr, "crosswire: %s: no such store (crosswire --db FILE ingest PATH... makes one)\n", o->db);
    else
        fprintf(stderr, "crosswire: %s: %s\n", o->db, strerror(errno));
    exit(EXIT_INPUT);
}

static cw_engine *open_store(const opts *o)
{
    need_store(o);
    return open_engine(o);
}

static int print_line(void *ud, const char *json, size_t len)
{
    (void)ud;
    fwrite(json, 1, len, stdout);
    fputc('\n', stdout);
    return ferror(stdout) ? 1 : 0;
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* ---- ingest ---- */

typedef struct ingest_ui {
    bool tty;
    double start;
    bool drew;
    unsigned long long total; /* bytes of the inputs when all are files and folders, else 0 */
} ingest_ui;

static unsigned long long walk_bytes;
static int add_file_bytes(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (type == FTW_F && S_ISREG(sb->st_mode)) walk_bytes += (unsigned long long)sb->st_size;
    return 0;
}

/* The bytes the ingest will read, for the time left on the progress line: 0
 * (unknown) when an input is standard input or a URL. */
static unsigned long long input_bytes(char **paths, int n)
{
    walk_bytes = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-") || strstr(paths[i], "://")) return 0;
        if (nftw(paths[i], add_file_bytes, 32, FTW_PHYS) != 0) return 0;
    }
    return walk_bytes;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_error(void *ud, const char *msg)
{
    ingest_ui *ui = ud;
    if (ui->drew) fputs("\r\033[K", stderr);
    ui->drew = false;
    fprintf(stderr, "crosswire: %s\n", msg);
}

static void on_progress(void *ud, const cw_ingest_report *r)
{
    ingest_ui *ui = ud;
    if (!ui->tty) return;
    double t = now_s() - ui->start;
    fprintf(stderr, "\r\033[K%llu articles (%llu new, %llu duplicates, %llu refused", (unsigned long long)r->records,
            (unsigned long long)r->added, (unsigned long long)r->duplicates, (unsigned long long)r->failed);
    if (r->not_news) fprintf(stderr, ", %llu not news", (unsigned long long)r->not_news);
    fprintf(stderr, "), %.1f MB, %.0f articles/s", r->bytes / 1e6, t > 0 ? r->records / t : 0.0);
    if (ui->total && r->bytes && r->bytes < ui->total && t > 1) {
        /* compressed inputs read more than their size: no estimate then */
        double left = (double)(ui->total - r->bytes) * t / (double)r->bytes;
        if (left >= 3600)
            fprintf(stderr, ", %.0f h %02.0f min left", left / 3600, (left - 3600 * (int)(left / 3600)) / 60);
        else
            fprintf(stderr, ", %.0f min %02.0f s left", (double)(int)(left / 60), left - 60 * (int)(left / 60));
    }
    ui->drew = true;
}

static int cmd_ingest_follow(opts *o);
static void set_feed_cache(const opts *o);

/* The totals of an ingest on stdout; prefix goes before the plain line. */
static void print_totals(const cw_ingest_report *r, double t, bool json, const char *prefix)
{
    if (json) {
        printf("{\"records\":%llu,\"added\":%llu,\"duplicates\":%llu,\"failed\":%llu,\"not_news\":%llu,"
               "\"bytes\":%llu,\"seconds\":%.3f}\n",
               (unsigned long long)r->records, (unsigned long long)r->added, (unsigned long long)r->duplicates,
               (unsigned long long)r->failed, (unsigned long long)r->not_news, (unsigned long long)r->bytes, t);
        return;
    }
    printf("%s%llu articles read: %llu new, %llu already stored, %llu refused", prefix,
           (unsigned long long)r->records, (unsigned long long)r->added, (unsigned long long)r->duplicates,
           (unsigned long long)r->failed);
    if (r->not_news)
        printf(", %llu pages of no news not stored (--keep-all-pages stores them)", (unsigned long long)r->not_news);
    printf(" (%.2f MB in %.2f s)\n", r->bytes / 1e6, t);
}

static int cmd_ingest(opts *o)
{
    if (o->argc < 1) die_usage(NULL, "ingest needs at least one PATH (a file, a folder or -)");
    set_feed_cache(o);
    if (o->follow) return cmd_ingest_follow(o);
    cw_engine *e = open_engine(o);
    ingest_ui ui = {isatty(2) == 1, now_s(), false, 0};
    if (ui.tty) ui.total = input_bytes(o->argv, o->argc);
    cw_ingest_options io = {on_error, on_progress, &ui, 0, o->keep_all};
    cw_ingest_report rep = {0};
    int code = 0;
    for (int i = 0; i < o->argc; i++) {
        cw_status st = !strcmp(o->argv[i], "-") ? cw_ingest_stream(e, stdin, "-", &io, &rep)
                                                : cw_ingest_path(e, o->argv[i], &io, &rep);
        if (st == CW_ERR_INPUT) {
            code = EXIT_INPUT;
        } else if (st != CW_OK) {
            if (ui.drew) fputs("\r\033[K", stderr);
            code = fail(e, st, o->argv[i]);
            break;
        }
    }
    if (ui.drew) fputs("\r\033[K", stderr);
    print_totals(&rep, now_s() - ui.start, o->json, "");
    cw_engine_close(e);
    return code;
}

/* ---- articles ---- */

static int print_article_row(void *ud, const char *json, size_t len)
{
    (void)ud;
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!o) return 1;
    const char *pub = jstr(o, "published");
    printf("%-30s  %-10.10s  %-18.18s  %s\n", jstr(o, "name"), *pub ? pub : "-",
           *jstr(o, "outlet") ? jstr(o, "outlet") : "-", *jstr(o, "title") ? jstr(o, "title") : "(no headline)");
    json_decref(o);
    return 0;
}

static int cmd_articles(opts *o)
{
    if (o->argc) die_usage(NULL, "articles takes no arguments");
    cw_engine *e = open_store(o);
    cw_status st = cw_articles(e, o->json ? print_line : print_article_row, NULL);
    int code = st == CW_OK ? 0 : fail(e, st, "articles");
    cw_engine_close(e);
    return code;
}

/* ---- show ---- */

static int cmd_show(opts *o)
{
    if (o->argc != 1) die_usage(NULL, "show needs one article NAME");
    cw_engine *e = open_store(o);
    char *json = NULL;
    cw_status st = cw_article(e, o->argv[0], &json);
    int code = 0;
    if (st != CW_OK) {
        code = fail(e, st, "show");
    } else if (o->json) {
        puts(json);
    } else {
        json_t *a = json_loads(json, 0, NULL);
        if (a) {
            printf("%s\n", *jstr(a, "title") ? jstr(a, "title") : "(no headline)");
            printf("name: %s   outlet: %s   published: %s   credit: %s   lang: %s\n\n", jstr(a, "name"),
                   *jstr(a, "outlet") ? jstr(a, "outlet") : "-", *jstr(a, "published") ? jstr(a, "published") : "-",
                   *jstr(a, "credit") ? jstr(a, "credit") : "-", *jstr(a, "lang") ? jstr(a, "lang") : "-");
            printf("%s\n", jstr(a, "text"));
            json_decref(a);
        }
    }
    cw_free(json);
    cw_engine_close(e);
    return code;
}

/* ---- search ---- */

static int print_hit(void *ud, const char *json, size_t len)
{
    int *rank = ud;
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!o) return 1;
    printf("%2d. %s  %s\n    %s\n", ++*rank, jstr(o, "name"), *jstr(o, "title") ? jstr(o, "title") : "(no headline)",
           jstr(o, "snippet"));
    json_decref(o);
    return 0;
}

static int cmd_search(opts *o)
{
    if (o->argc < 1) die_usage(NULL, "search needs a QUERY");
    size_t n = 0;
    for (int i = 0; i < o->argc; i++) n += strlen(o->argv[i]) + 1;
    char *q = calloc(1, n + 1);
    if (!q) return EXIT_INPUT;
    for (int i = 0; i < o->argc; i++) {
        if (i) strcat(q, " ");
        strcat(q, o->argv[i]);
    }
    cw_engine *e = open_store(o);
    int rank = 0;
    cw_status st = cw_search(e, q, o->limit, o->json ? print_line : print_hit, &rank);
    int code = st == CW_OK ? 0 : fail(e, st, "search");
    if (st == CW_OK && !o->json && rank == 0) printf("no article matches \"%s\"\n", q);
    free(q);
    cw_engine_close(e);
    return code;
}

/* ---- extract ---- */

static char *slurp(const char *path, size_t *len, char **why)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        *why = strdup(strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n == cap) {
            if (cap > CW_MAX_RECORD_BYTES) {
                free(b);
                b = NULL;
                *why = strdup("larger than the limit for one page");
                break;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(b);
                b = NULL;
                *why = strdup(strerror(errno));
            }
            break;
        }
    }
    if (f != stdin) fclose(f);
    *len = n;
    return b;
}

static bool stdin_is_jsonl(void);
static int filter_jsonl(bool annotate);

static int cmd_extract(opts *o)
{
    if (o->argc != 1) die_usage(NULL, "extract needs one FILE or -");
    if (!strcmp(o->argv[0], "-") && stdin_is_jsonl()) return filter_jsonl(false);
    size_t len = 0;
    char *why = NULL;
    char *data = slurp(o->argv[0], &len, &why);
    if (!data) {
        fprintf(stderr, "crosswire: %s: %s\n", o->argv[0], why ? why : "out of memory");
        free(why);
        return EXIT_INPUT;
    }
    char *json = NULL, *err = NULL;
    cw_status st = cw_extract(data, len, o->argv[0], &json, &err);
    free(data);
    if (st != CW_OK) {
        fprintf(stderr, "crosswire: %s\n", err ? err : cw_status_str(st));
        cw_free(err);
        return st == CW_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
    }
    if (o->json) {
        puts(json);
    } else {
        json_t *a = json_loads(json, 0, NULL);
        if (a) {
            printf("%s\n", *jstr(a, "title") ? jstr(a, "title") : "(no headline)");
            printf("site: %s   published: %s   author: %s   credit: %s   lang: %s\n\n",
                   *jstr(a, "site") ? jstr(a, "site") : "-", *jstr(a, "published") ? jstr(a, "published") : "-",
                   *jstr(a, "author") ? jstr(a, "author") : "-", *jstr(a, "credit") ? jstr(a, "credit") : "-",
                   *jstr(a, "lang") ? jstr(a, "lang") : "-");
            printf("%s\n", jstr(a, "text"));
            json_decref(a);
        }
    }
    cw_free(json);
    return 0;
}

/* ---- stories, story, related ---- */

static void print_names(json_t *arr, const char *sep)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *n = json_is_string(v) ? json_string_value(v) : jstr(v, "name");
        printf("%s%s", i ? sep : "", n);
    }
}

static int print_story_row(void *ud, const char *json, size_t len)
{
    (void)ud;
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!o) return 1;
    printf("%6lld  %3lld articles  %s\n", (long long)json_integer_value(json_object_get(o, "id")),
           (long long)json_integer_value(json_object_get(o, "size")),
           *jstr(o, "title") ? jstr(o, "title") : "(no headline)");
    json_decref(o);
    return 0;
}

static int cmd_stories(opts *o)
{
    if (o->argc) die_usage(NULL, "stories takes no arguments");
    cw_engine *e = open_store(o);
    cw_status st = cw_stories(e, o->json ? print_line : print_story_row, NULL);
    int code = st == CW_OK ? 0 : fail(e, st, "stories");
    cw_engine_close(e);
    return code;
}

static int cmd_story(opts *o)
{
    if (o->argc != 1) die_usage(NULL, "story needs one story ID");
    char *end = NULL;
    long long id = strtoll(o->argv[0], &end, 10);
    if (!end || *end || id <= 0) die_usage(NULL, "story ID must be a positive number, not \"%s\"", o->argv[0]);
    cw_engine *e = open_store(o);
    char *json = NULL;
    /* the whole brief for --json and --format; the plain listing needs less */
    const char *fmt = o->format ? o->format : o->json ? "json" : NULL;
    cw_status st = fmt ? cw_story_brief(e, (int64_t)id, fmt, o->words, &json) : cw_story(e, (int64_t)id, &json);
    int code = 0;
    if (st != CW_OK) {
        code = fail(e, st, "story");
    } else if (fmt) {
        fputs(json, stdout);
        if (!*json || json[strlen(json) - 1] != '\n') fputc('\n', stdout);
    } else {
        json_t *s = json_loads(json, 0, NULL);
        if (s) {
            printf("story %lld: %s\n", (long long)json_integer_value(json_object_get(s, "id")),
                   *jstr(s, "title") ? jstr(s, "title") : "(no headline)");
            printf("%lld articles, first seen %s, last seen %s\n\n",
                   (long long)json_integer_value(json_object_get(s, "size")),
                   *jstr(s, "first_seen") ? jstr(s, "first_seen") : "-", *jstr(s, "last_seen") ? jstr(s, "last_seen") : "-");
            size_t i;
            json_t *a;
            json_array_foreach(json_object_get(s, "articles"), i, a)
                printf("  %-28s  %-18.18s  %s\n", jstr(a, "name"), *jstr(a, "outlet") ? jstr(a, "outlet") : "-",
                       *jstr(a, "title") ? jstr(a, "title") : "(no headline)");
            printf("\nindependent sources: %zu\n", json_array_size(json_object_get(s, "independent_groups")));
            json_array_foreach(json_object_get(s, "independent_groups"), i, a)
            {
                printf("  %zu. ", i + 1);
                print_names(a, ", ");
                printf("\n");
            }
            json_decref(s);
        }
    }
    cw_free(json);
    cw_engine_close(e);
    return code;
}

/* ---- brief ---- */

static int cmd_brief(opts *o)
{
    if (o->argc != 1) die_usage(NULL, "brief needs one FILE or - (standard input)");
    const char *path = o->argv[0];
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "crosswire: %s: %s\n", path, strerror(errno));
        return EXIT_INPUT;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    bool too_big = false;
    for (;;) {
        if (len + 65536 > cap) {
            size_t nc = cap ? cap * 2 : 1 << 20;
            char *nd = nc <= (size_t)CW_MAX_RECORD_BYTES + 65536 ? realloc(data, nc) : NULL;
            if (!nd) {
                too_big = true;
                break;
            }
            data = nd;
            cap = nc;
        }
        size_t k = fread(data + len, 1, cap - len, f);
        len += k;
        if (!k) break;
    }
    bool rd_err = ferror(f);
    if (f != stdin) fclose(f);
    if (too_big || rd_err || len > CW_MAX_RECORD_BYTES) {
        fprintf(stderr, "crosswire: %s: %s\n", path, rd_err ? "read error" : "larger than the 32 MiB limit");
        free(data);
        return EXIT_INPUT;
    }
    char *out = NULL, *err = NULL;
    cw_status st = cw_brief(data ? data : "", len, o->format ? o->format : "json", o->words, &out, &err);
    free(data);
    if (st != CW_OK) {
        const char *m = err ? err : cw_status_str(st);
        fprintf(stderr, "crosswire: %s: %s\n", path, m);
        cw_free(err);
        return st == CW_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
    }
    fputs(out, stdout);
    if (!*out || out[strlen(out) - 1] != '\n') fputc('\n', stdout);
    cw_free(out);
    return 0;
}

static int cmd_related(opts *o)
{
    if (o->argc != 1) die_usage(NULL, "related needs one article NAME");
    cw_engine *e = open_store(o);
    char *json = NULL;
    cw_status st = cw_related(e, o->argv[0], &json);
    int code = 0;
    if (st != CW_OK) {
        code = fail(e, st, "related");
    } else if (o->json) {
        puts(json);
    } else {
        json_t *r = json_loads(json, 0, NULL);
        if (r) {
            json_t *list = json_object_get(r, "related");
            if (!json_array_size(list)) printf("%s: no duplicates or shared-origin links\n", jstr(r, "name"));
            size_t i, k;
            json_t *x, *ev;
            json_array_foreach(list, i, x)
            {
                printf("%s  %s (%.2f)\n", jstr(x, "name"), jstr(x, "kind"), json_number_value(json_object_get(x, "score")));
                json_array_foreach(json_object_get(x, "evidence"), k, ev)
                {
                    if (k == 5) {
                        printf("    ... %zu passages in all\n", json_array_size(json_object_get(x, "evidence")));
                        break;
                    }
                    printf("    this:  %s\n    other: %s\n", jstr(ev, "text"), jstr(ev, "other_text"));
                }
            }
            json_decref(r);
        }
    }
    cw_free(json);
    cw_engine_close(e);
    return code;
}

/* ---- ingest: URLs and --follow ---- */

/* Feed validators (ETag, Last-Modified) live beside the store, so that a
 * fresh store fetches everything again: the library reads the file named by
 * CROSSWIRE_FEED_CACHE (see docs/scale.md). */
static void set_feed_cache(const opts *o)
{
    const char *cur = getenv("CROSSWIRE_FEED_CACHE");
    if (cur && *cur) return;
    size_t n = strlen(o->db) + 8;
    char *p = malloc(n);
    if (!p) return;
    snprintf(p, n, "%s.feeds", o->db);
    setenv("CROSSWIRE_FEED_CACHE", p, 1);
    free(p);
}

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static bool is_url_arg(const char *s) { return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8); }

/* Files a folder watch passes over, as ingesting a folder does. */
static bool follow_skips(const char *name)
{
    static const char *const skip[] = {"md", "py", "sh", "c", "h", "js", "css", "png", "jpg", "jpeg", "gif",
                                       "pdf", "db", "db-wal", "db-shm", "feeds", "tmp", "part", "swp", NULL};
    if (name[0] == '.') return true;
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    for (const char *const *s = skip; *s; s++)
        if (!strcmp(dot + 1, *s)) return true;
    return false;
}

typedef struct follow_run {
    cw_engine *e;
    cw_ingest_options io;
    cw_ingest_report rep;
    int code;
    bool fatal;
} follow_run;

static void follow_one(follow_run *f, const char *path)
{
    cw_ingest_report before = f->rep;
    cw_status st = cw_ingest_path(f->e, path, &f->io, &f->rep);
    if (st == CW_ERR_INPUT) {
        f->code = EXIT_INPUT;
    } else if (st != CW_OK) {
        f->code = fail(f->e, st, path);
        f->fatal = true;
    }
    if (f->rep.added > before.added) {
        ingest_ui *ui = f->io.ud;
        if (ui->drew) fputs("\r\033[K", stderr);
        ui->drew = false;
        printf("%s: %llu new\n", path, (unsigned long long)(f->rep.added - before.added));
        fflush(stdout);
    }
}

/* Ingests the files under dir changed since `since` (seconds since the epoch;
 * the first poll has taken the whole folder). Walks with an explicit stack. */
static void follow_folder(follow_run *f, const char *dir, time_t since)
{
    char **stack = NULL;
    size_t n = 0, cap = 0;
    char *root = strdup(dir);
    if (!root) return;
    stack = malloc(sizeof *stack * 16);
    if (!stack) {
        free(root);
        return;
    }
    cap = 16;
    stack[n++] = root;
    while (n && !stop_requested && !f->fatal) {
        char *d = stack[--n];
        DIR *dh = opendir(d);
        struct dirent *de;
        while (dh && (de = readdir(dh)) && !f->fatal) {
            if (follow_skips(de->d_name)) continue;
            size_t len = strlen(d) + strlen(de->d_name) + 2;
            char *child = malloc(len);
            if (!child) break;
            snprintf(child, len, "%s/%s", d, de->d_name);
            struct stat sb;
            if (lstat(child, &sb) == 0 && S_ISDIR(sb.st_mode) && n < 4096) {
                if (n == cap) {
                    char **ns = realloc(stack, sizeof *stack * cap * 2);
                    if (!ns) {
                        free(child);
                        break;
                    }
                    stack = ns;
                    cap *= 2;
                }
                stack[n++] = child;
                continue;
            }
            if (lstat(child, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_mtime >= since) follow_one(f, child);
            free(child);
        }
        if (dh) closedir(dh);
        free(d);
    }
    while (n) free(stack[--n]);
    free(stack);
}

/* ingest --follow: polls each PATH every --interval seconds (default 60):
 * a feed URL with a conditional request, a folder for files changed since
 * the last poll, a file when it changed. SIGINT and SIGTERM end it after the
 * current input, with everything read so far committed. */
static int cmd_ingest_follow(opts *o)
{
    for (int i = 0; i < o->argc; i++)
        if (!strcmp(o->argv[i], "-")) die_usage(NULL, "--follow watches feeds, folders and files, not standard input");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    double interval = o->interval > 0 ? o->interval : 60;
    cw_engine *e = open_engine(o);
    ingest_ui ui = {isatty(2) == 1, now_s(), false, 0};
    follow_run f = {.e = e, .io = {on_error, on_progress, &ui, 0, o->keep_all}};
    time_t *mtimes = calloc((size_t)o->argc, sizeof *mtimes);
    time_t last_scan = 0;
    if (!mtimes) return EXIT_INPUT;
    for (unsigned long poll = 0; !stop_requested && !f.fatal; poll++) {
        time_t scan_start = time(NULL);
        for (int i = 0; i < o->argc && !stop_requested && !f.fatal; i++) {
            const char *a = o->argv[i];
            struct stat sb;
            if (is_url_arg(a) || poll == 0 || stat(a, &sb) != 0) {
                if (!is_url_arg(a) && stat(a, &sb) == 0) mtimes[i] = sb.st_mtime;
                follow_one(&f, a);
            } else if (S_ISDIR(sb.st_mode)) {
                follow_folder(&f, a, last_scan - 1); /* a second's margin for coarse clocks */
            } else if (sb.st_mtime != mtimes[i]) {
                mtimes[i] = sb.st_mtime;
                follow_one(&f, a);
            }
        }
        last_scan = scan_start;
        for (double waited = 0; waited < interval && !stop_requested && !f.fatal; waited += 0.1) {
            struct timespec ts = {0, 100000000L};
            nanosleep(&ts, NULL);
        }
    }
    free(mtimes);
    if (ui.drew) fputs("\r\033[K", stderr);
    print_totals(&f.rep, now_s() - ui.start, o->json, "stopped: ");
    cw_engine_close(e); /* commits */
    return f.fatal ? f.code : 0;
}

/* ---- stateless JSON Lines filters: extract -, annotate - ---- */

/* Whether standard input starts (past white space) with "{": JSON Lines. */
static bool stdin_is_jsonl(void)
{
    int c;
    while ((c = getchar()) == ' ' || c == '\t' || c == '\r' || c == '\n') {
    }
    if (c == EOF) return false;
    ungetc(c, stdin);
    return c == '{';
}

/* Reads one line of at most CW_MAX_RECORD_BYTES into *buf (grown as
 * needed); longer lines are consumed and flagged. Returns the length, or -1
 * at the end of input. */
static long read_line(char **buf, size_t *cap, bool *overlong)
{
    size_t n = 0;
    int c;
    *overlong = false;
    while ((c = getchar()) != EOF && c != '\n') {
        if (n >= CW_MAX_RECORD_BYTES) {
            *overlong = true;
            continue;
        }
        if (n + 1 >= *cap) {
            size_t nc = *cap ? *cap * 2 : 65536;
            char *nb = realloc(*buf, nc);
            if (!nb) {
                *overlong = true;
                continue;
            }
            *buf = nb;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0 && !*overlong) return -1;
    if (*buf) (*buf)[n] = 0;
    return (long)n;
}

static void put_error_line(json_t *name, size_t lineno, const char *why)
{
    json_t *out = json_object();
    if (name) json_object_set(out, "name", name);
    json_object_set_new(out, "line", json_integer((json_int_t)lineno));
    json_object_set_new(out, "error", json_string(why));
    char *s = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s) puts(s);
    free(s);
    json_decref(out);
}

/* One line in, one line out, in constant memory: extract (name + extracted
 * fields) or annotate (cw_annotate: the input's fields with the extraction,
 * sentences, fingerprint and facts added and the html dropped). Failures give
 * an error line and the exit code 1. */
static int filter_jsonl(bool annotate)
{
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    bool overlong;
    long n;
    int code = 0;
    while ((n = read_line(&buf, &cap, &overlong)) >= 0) {
        lineno++;
        if (overlong) {
            fprintf(stderr, "crosswire: -:%zu: a line longer than the %u MiB limit\n", lineno, CW_MAX_RECORD_BYTES >> 20);
            put_error_line(NULL, lineno, "line too long");
            code = EXIT_INPUT;
            continue;
        }
        size_t k = (size_t)n;
        while (k && (buf[k - 1] == '\r' || buf[k - 1] == ' ' || buf[k - 1] == '\t')) k--;
        if (!k) continue;
        json_error_t err;
        json_t *in = json_loadb(buf, k, 0, &err);
        if (!json_is_object(in)) {
            fprintf(stderr, "crosswire: -:%zu: %s\n", lineno, in ? "not a JSON object" : err.text);
            put_error_line(NULL, lineno, in ? "not a JSON object" : "invalid JSON");
            json_decref(in);
            code = EXIT_INPUT;
            continue;
        }
        json_t *name = json_object_get(in, "name");
        if (!name) name = json_object_get(in, "id");
        if (!name) name = json_object_get(in, "url");
        char label[64];
        snprintf(label, sizeof label, "-:%zu", lineno);
        char *js = NULL, *why = NULL;
        cw_status st;
        if (annotate) {
            st = cw_annotate(buf, k, label, &js, &why);
        } else {
            json_t *body = json_object_get(in, "html");
            if (!json_is_string(body)) body = json_object_get(in, "text");
            st = json_is_string(body) ? cw_extract(json_string_value(body), json_string_length(body), label, &js, &why)
                                      : CW_ERR_INPUT;
            if (st == CW_ERR_INPUT && !why) why = strdup("no \"html\" or \"text\" string");
        }
        json_t *ex = st == CW_OK ? json_loads(js, 0, NULL) : NULL;
        if (!ex) {
            /* messages come as "LABEL: why"; the error line carries the why */
            const char *m = why ? why : cw_status_str(st);
            if (!strncmp(m, label, strlen(label)) && !strncmp(m + strlen(label), ": ", 2)) m += strlen(label) + 2;
            fprintf(stderr, "crosswire: %s: %s\n", label, m);
            put_error_line(name, lineno, m);
            code = EXIT_INPUT;
        } else {
            json_t *out = ex;
            if (!annotate) {
                out = json_object();
                if (name) json_object_set(out, "name", name);
                json_object_update(out, ex);
            }
            char *s = json_dumps(out, JSON_COMPACT);
            if (s) puts(s);
            free(s);
            if (out != ex) json_decref(out);
        }
        json_decref(ex);
        cw_free(js);
        cw_free(why);
        json_decref(in);
        if (ferror(stdout)) {
            code = EXIT_INPUT;
            break;
        }
    }
    free(buf);
    return code;
}

static int cmd_annotate(opts *o)
{
    if (o->argc != 1 || strcmp(o->argv[0], "-")) die_usage(NULL, "annotate reads JSON Lines from - (standard input)");
    return filter_jsonl(true);
}

/* ---- serve ---- */

static int cmd_serve(opts *o)
{
    if (o->argc) die_usage(NULL, "serve takes no arguments (--db FILE, --bind ADDR, --port N)");
    need_store(o);
    return cw_serve_main(o->db, o->bind, o->port < 0 ? 8080 : o->port);
}

/* ---- dispatch ---- */

static const command commands[] = {
    {"ingest", cmd_ingest, "[--db FILE] ingest PATH... [--json] [--keep-all-pages] [--follow [--interval SECONDS]]",
     "Reads articles from files, folders (recursively) and - (standard input) into the store.\n"
     "Formats are detected from content: plain text (the first line a headline when it looks like\n"
     "one), HTML, JSON Lines (one article a line: text or html, and name, title, url, outlet,\n"
     "published), a JSON document {\"articles\": [...]}, each optionally gzip-compressed.\n"
     "Content already stored is not stored again. Bad inputs are reported one a line and skipped;\n"
     "the exit code is then 1. --json prints the totals as JSON.\n"
     "Only news is stored: an HTML page found to be a section front, tag, search or shop category page,\n"
     "a product or a documentation page is named on stderr and counted, not stored (feed items always\n"
     "are); --keep-all-pages stores every page.\n"
     "RSS 2.0, RSS 1.0 and Atom feeds give one article an item; WARC and WARC.gz archives one an HTML or\n"
     "text response. A PATH that is an http:// or https:// URL is fetched, with conditional requests\n"
     "(validators kept in FILE.feeds beside the store). --follow keeps polling every --interval seconds\n"
     "(default 60): feeds, folders (files changed since the last poll) and files; SIGINT or SIGTERM\n"
     "stop it cleanly with everything read so far stored."},
    {"articles", cmd_articles, "[--db FILE] articles [--json]",
     "Lists the stored articles: name, publication date, outlet and headline; --json prints one\n"
     "object a line: id, name, title, outlet, credit, published, lang, story."},
    {"show", cmd_show, "[--db FILE] show NAME [--json]",
     "Shows one article: its metadata and clean text; --json adds the sentences with their byte\n"
     "spans in the text."},
    {"search", cmd_search, "[--db FILE] search QUERY... [--json] [--limit N]",
     "Full-text search over headlines and clean text, best first. Every word must match (stems\n"
     "allowed); punctuation is ignored."},
    {"extract", cmd_extract, "extract FILE|- [--json]",
     "Extracts the clean text and metadata of one page (HTML or scraped text) without a store:\n"
     "title, text, published, author, site, lang, credit.\n"
     "When standard input holds JSON Lines (one article a line with html or text), each line gives\n"
     "one line out: name and the extracted fields, in constant memory (a filter for batch engines)."},
    {"annotate", cmd_annotate, "annotate -",
     "A stateless filter: reads JSON Lines (one article a line: html or text, and name, url, title,\n"
     "outlet, published) and writes each line back with the extraction added (clean text, title,\n"
     "published, author, site, lang, credit; the input's html dropped), its sentences (byte spans),\n"
     "its fingerprint (exact hash, MinHash, sentence hashes) and its facts (entities, figures, dates,\n"
     "quotes). Nothing is stored. A line that cannot be read gives {\"name\", \"line\", \"error\"} and\n"
     "the exit code 1. See docs/scale.md."},
    {"stories", cmd_stories, "[--db FILE] stories [--json]",
     "Lists the stories: id, number of articles and headline; --json prints one object a line:\n"
     "id, title, size, articles (names), outlets, first_seen, last_seen."},
    {"story", cmd_story, "[--db FILE] story ID [--json] [--format md|html] [--words N]",
     "Shows one story: its articles and its independent sources (articles of one origin, such as a\n"
     "wire report and its rewrites, count once). --json prints the whole brief as one JSON document:\n"
     "articles, independent_groups, relations, the facts (entities, figures, dates, quotes,\n"
     "quote_variants, discrepancies), summary, timeline and coverage, each item citing article names\n"
     "and byte spans. --format md or html renders the same brief (html: one self-contained page).\n"
     "--words N sets the summary's length (default 120)."},
    {"brief", cmd_brief, "brief FILE|- [--json] [--format md|html] [--words N]",
     "The brief of one story given as JSON, with nothing stored: {\"articles\": [{\"name\", \"title\",\n"
     "\"text\" or \"html\", \"outlet\", \"published\"}, ...]}. Prints the story document as story --json\n"
     "does (default), or rendered with --format md|html. --words N sets the summary's length."},
    {"related", cmd_related, "[--db FILE] related NAME [--json]",
     "Lists an article's exact and near duplicates and the articles it shares an origin with,\n"
     "with the reused or retold sentences of both as evidence."},
    {"serve", cmd_serve, "[--db FILE] serve [--bind ADDR] [--port N]",
     "Serves the web UI (stories, story briefs, articles with their cited passages) and the JSON\n"
     "API under /api/ on http://ADDR:N/ until interrupted. ADDR is 127.0.0.1 unless told otherwise;\n"
     "N is 8080 (0 picks a free port, printed on the first line of output)."},
};

static void help_all(FILE *f)
{
    fprintf(f,
            "crosswire %s: news from many outlets into stories, with what the sources agree and differ on.\n\n"
            "usage: crosswire [--db FILE] COMMAND [ARGS]\n\ncommands:\n",
            CW_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) fprintf(f, "  crosswire %s\n", commands[i].usage);
    fprintf(f, "\nThe store is crosswire.db in the current folder unless --db FILE or CROSSWIRE_DB says otherwise.\n"
               "crosswire COMMAND --help tells more of each; crosswire -V (--version) prints the version.\n"
               "Exit codes: 0 done, 1 bad input, 2 bad usage.\n");
}

int main(int argc, char **argv)
{
    opts o = {0};
    o.port = -1;
    o.db = getenv("CROSSWIRE_DB");
    if (!o.db || !*o.db) o.db = "crosswire.db";
    const command *cmd = NULL;
    bool help = false;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (!pos) return EXIT_INPUT;
    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = true;
        } else if (!only_pos && (!strcmp(a, "--db") || !strncmp(a, "--db=", 5))) {
            if (a[4] == '=')
                o.db = a + 5;
            else if (i + 1 < argc)
                o.db = argv[++i];
            else
                die_usage(cmd, "--db needs a FILE");
            if (!*o.db) die_usage(cmd, "--db needs a FILE");
        } else if (!only_pos && !strcmp(a, "--json")) {
            o.json = true;
        } else if (!only_pos && !strcmp(a, "--format")) {
            o.format = i + 1 < argc ? argv[++i] : "";
            if (strcmp(o.format, "md") && strcmp(o.format, "html") && strcmp(o.format, "json"))
                die_usage(cmd, "--format needs md, html or json");
        } else if (!only_pos && !strcmp(a, "--words")) {
            char *end = NULL;
            long v = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
            if (!end || *end || v <= 0 || v > CW_BRIEF_MAX_WORDS) die_usage(cmd, "--words needs a number from 1 to %d", CW_BRIEF_MAX_WORDS);
            o.words = (unsigned)v;
        } else if (!only_pos && !strcmp(a, "--limit")) {
            char *end = NULL;
            long v = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
            if (!end || *end || v <= 0 || v > 100000) die_usage(cmd, "--limit needs a number from 1 to 100000");
            o.limit = (unsigned)v;
        } else if (!only_pos && !strcmp(a, "--follow")) {
            o.follow = true;
        } else if (!only_pos && !strcmp(a, "--keep-all-pages")) {
            o.keep_all = true;
        } else if (!only_pos && !strcmp(a, "--interval")) {
            char *end = NULL;
            double v = i + 1 < argc ? strtod(argv[++i], &end) : 0;
            if (!end || *end || !(v >= 0.1 && v <= 86400)) die_usage(cmd, "--interval needs seconds from 0.1 to 86400");
            o.interval = v;
        } else if (!only_pos && !strcmp(a, "--bind")) {
            if (i + 1 >= argc || !*argv[i + 1]) die_usage(cmd, "--bind needs an address");
            o.bind = argv[++i];
        } else if (!only_pos && !strcmp(a, "--port")) {
            char *end = NULL;
            long v = i + 1 < argc ? strtol(argv[++i], &end, 10) : -1;
            if (!end || *end || v < 0 || v > 65535) die_usage(cmd, "--port needs a number from 0 to 65535");
            o.port = (int)v;
        } else if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            help = true;
        } else if (!only_pos && (!strcmp(a, "--version") || !strcmp(a, "-V"))) {
            printf("crosswire %s\n", CW_VERSION);
            free(pos);
            return 0;
        } else if (!only_pos && a[0] == '-' && a[1]) {
            die_usage(cmd, "unknown option %s", a);
        } else if (!cmd) {
            for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
                if (!strcmp(commands[k].name, a)) cmd = &commands[k];
            if (!cmd) die_usage(NULL, "unknown command \"%s\"", a);
        } else {
            pos[o.argc++] = argv[i];
        }
    }
    o.argv = pos;
    int code;
    if (help && cmd) {
        printf("usage: crosswire %s\n\n%s\n", cmd->usage, cmd->help);
        code = 0;
    } else if (help || !cmd) {
        help_all(help ? stdout : stderr);
        code = help ? 0 : EXIT_USAGE;
    } else {
        code = cmd->run(&o);
    }
    free(pos);
    if (fflush(stdout) != 0 && code == 0) code = EXIT_INPUT;
    return code;
}
