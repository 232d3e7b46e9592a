/*
 * server.c: the HTTP side of `crosswire serve`: the libmicrohttpd daemon, the
 * limits that keep hostile clients harmless, routing, the embedded web assets
 * and the workers that answer API calls (one SQLite connection each, never two
 * threads on one). MHD's threads only read requests and send replies: an API
 * call is queued (searches in a queue of their own, so that slow searches
 * never hold up the rest) and its connection suspended until a worker has
 * answered it.
 *
 * Nothing is served from the filesystem: a path is either an embedded asset, a
 * page of the single-page app (which gets index.html), an /api/ route, or 404.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "crosswire.h"
#include "server/server.h"
#include "server/server_int.h"

#define MHD_THREADS 4                /* MHD's own threads: network I/O, assets and cached answers only */
#define READ_WORKERS 4               /* workers (one engine each) for every other API call */
#define SEARCH_WORKERS 2             /* workers (one engine each) for full-text searches */
#define SEARCH_WAITING_MAX 32        /* searches waiting beyond this many get 503 at once */
#define SEARCH_NICE 5                /* search workers yield the CPU to the other workers */
#define CONN_MEMORY (64u * 1024u)    /* per connection: request line + headers; more gets 431 */
#define CONN_TIMEOUT 15u             /* seconds a silent client keeps its connection */
#define CONN_LIMIT 1000u             /* connections at once */
#define MAX_URL 4096u                /* longer request targets get 414 */
#define MAX_GET_BODY 65536ull        /* a GET announcing a larger body gets 413 */
#define TIME_LIMIT_MS 5000u          /* an API call reading the store longer, or a search waiting longer for a worker, gets 503 */
#define WAIT_MIN_MS 1000u            /* ... but the wait is allowed at least this long */

/* Sent with every reply: no inline script, nothing from elsewhere. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                          "form-action 'self'";

void (*cws_before_job)(const char *path, bool search);

/* ---- Replies ------------------------------------------------------------------ */

void cws_error(cws_reply *r, unsigned status, const char *msg)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "{\"error\":\"");
    for (const char *s = msg; *s && n < (int)sizeof buf - 40; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            n += snprintf(buf + n, sizeof buf - n, "\\%c", c);
        else if (c < 0x20)
            n += snprintf(buf + n, sizeof buf - n, "\\u%04x", c);
        else
            buf[n++] = (char)c;
    }
    n += snprintf(buf + n, sizeof buf - n, "\",\"status\":%u}", status);
    free(r->body);
    r->status = status;
    r->type = "application/json";
    r->body = strdup(buf);
    r->len = r->body ? (size_t)n : 0;
}

static void add_common_headers(struct MHD_Response *resp, const char *type, bool cache)
{
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache ? "max-age=300" : "no-store");
}

/* Queues r (taking its body) on c. */
static enum MHD_Result send_reply(struct MHD_Connection *c, cws_reply *r, bool cache, const char *allow)
{
    struct MHD_Response *resp;
    if (r->body)
        resp = MHD_create_response_from_buffer_with_free_callback(r->len, r->body, free);
    else
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(r->body);
        r->body = NULL;
        return MHD_NO;
    }
    r->body = NULL;
    add_common_headers(resp, r->type ? r->type : "application/json", cache);
    if (allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_asset(struct MHD_Connection *c, const cws_asset *a)
{
    const char *dot = strrchr(a->name, '.');
    const char *type = "application/octet-stream";
    if (dot && !strcmp(dot, ".html")) type = "text/html; charset=utf-8";
    else if (dot && !strcmp(dot, ".js")) type = "text/javascript; charset=utf-8";
    else if (dot && !strcmp(dot, ".css")) type = "text/css; charset=utf-8";
    else if (dot && !strcmp(dot, ".svg")) type = "image/svg+xml";
    struct MHD_Response *resp = MHD_create_response_from_buffer(a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    add_common_headers(resp, type, strcmp(a->name, "index.html") != 0);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ok;
}

static const cws_asset *find_asset(const char *name)
{
    for (size_t i = 0; i < cws_nassets; i++)
        if (!strcmp(cws_assets[i].name, name)) return &cws_assets[i];
    return NULL;
}

/* ---- API calls: two queues of jobs, worked off by their own threads ---------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One API request, from its arrival to its reply. The MHD thread that read
 * it copies what the call needs (path, arguments), queues it and suspends the
 * connection; a worker answers it into r, marks it done and resumes the
 * connection; the MHD thread then sends r and frees the job. */
typedef struct job {
    struct MHD_Connection *c;
    char *url;
    char *key;         /* the cache key (path and arguments), NULL when too long to keep */
    char **argk;       /* the query-string arguments, in order; a value may be NULL */
    char **argv;
    size_t nargs;
    bool search;       /* a full-text search: the search queue */
    double arrived;    /* CLOCK_MONOTONIC ms */
    bool done;         /* r is filled (set under the server's lock) */
    cws_reply r;
    struct job *next;
} job;

typedef struct queue {
    job *head, *tail;
    size_t waiting;
    pthread_cond_t cv;
    int nworkers;
    cw_engine *e[READ_WORKERS > SEARCH_WORKERS ? READ_WORKERS : SEARCH_WORKERS];
    pthread_t t[READ_WORKERS > SEARCH_WORKERS ? READ_WORKERS : SEARCH_WORKERS];
    int started;
    int nice;
} queue;

struct cws_server {
    unsigned limit_ms; /* TIME_LIMIT_MS, or CROSSWIRE_SERVE_TIME_LIMIT (milliseconds) */
    pthread_mutex_t mu; /* the queues, job->done, stopping */
    queue reads, searches;
    bool stopping;
    cws_cache *cache;
    struct MHD_Daemon *d;
};

static void job_free(job *j)
{
    if (!j) return;
    free(j->r.body);
    for (size_t i = 0; i < j->nargs; i++) {
        free(j->argk[i]);
        free(j->argv[i]);
    }
    free(j->argk);
    free(j->argv);
    free(j->key);
    free(j->url);
    free(j);
}

typedef struct argcopy {
    job *j;
    size_t cap;
    bool failed;
} argcopy;

static enum MHD_Result copy_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    (void)kind;
    argcopy *a = cls;
    job *j = a->j;
    if (j->nargs == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        char **nk = realloc(j->argk, cap * sizeof *nk);
        if (nk) j->argk = nk;
        char **nv = nk ? realloc(j->argv, cap * sizeof *nv) : NULL;
        if (nv) j->argv = nv;
        if (!nk || !nv) {
            a->failed = true;
            return MHD_NO;
        }
        a->cap = cap;
    }
    char *ck = strdup(k), *cv = v ? strdup(v) : NULL;
    if (!ck || (v && !cv)) {
        free(ck);
        free(cv);
        a->failed = true;
        return MHD_NO;
    }
    j->argk[j->nargs] = ck;
    j->argv[j->nargs++] = cv;
    return MHD_YES;
}

/* The cache key of a request: its path and its arguments in order, each
 * length-prefixed so that no value can pass for another argument; NULL when
 * longer than a key may be (the answer is then not kept) or out of memory. */
static char *cache_key(const job *j)
{
    char b[MAX_URL + 1024];
    size_t n = (size_t)snprintf(b, sizeof b, "%s", j->url);
    for (size_t i = 0; i < j->nargs && n < sizeof b; i++) {
        const char *v = j->argv[i] ? j->argv[i] : "";
        int m = snprintf(b + n, sizeof b - n, "|%zu:%s|%zu:%s", strlen(j->argk[i]), j->argk[i], strlen(v), v);
        if (m < 0) return NULL;
        n += (size_t)m;
    }
    return n < sizeof b ? strdup(b) : NULL;
}

/* Reads url and its arguments from c into a new job; NULL when out of memory. */
static job *job_new(struct MHD_Connection *c, const char *url)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->c = c;
    j->url = strdup(url);
    argcopy a = {j, 0, false};
    if (j->url) MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, copy_arg, &a);
    if (!j->url || a.failed) {
        job_free(j);
        return NULL;
    }
    j->key = cache_key(j);
    /* A search is /api/search, or the list of stories narrowed by words
     * (which searches the text too): those go to the search queue. */
    const char *q = NULL;
    for (size_t i = 0; i < j->nargs; i++)
        if (!strcmp(j->argk[i], "q")) q = j->argv[i];
    j->search = !strcmp(url, "/api/search") || (!strcmp(url, "/api/stories") && q && *q);
    j->arrived = now_ms();
    return j;
}

static const char *job_arg(void *ud, const char *key)
{
    const job *j = ud;
    for (size_t i = 0; i < j->nargs; i++)
        if (!strcmp(j->argk[i], key)) return j->argv[i];
    return NULL;
}

static const char *job_unknown(void *ud, const char *const *known)
{
    const job *j = ud;
    for (size_t i = 0; i < j->nargs; i++) {
        const char *const *n = known;
        while (*n && strcmp(*n, j->argk[i])) n++;
        if (!*n) return j->argk[i];
    }
    return NULL;
}

/* Answers j with engine e, with the time limit for reading the store. A
 * search that waited for its turn longer than the time limit (at least
 * WAIT_MIN_MS: a handover between threads on a loaded machine can take
 * milliseconds) gets 503 instead: its client has likely given up, and the
 * searches behind it wait less. Other calls are quick and wait their turn
 * (a burst of 600 on a sanitizer build waited over 5 s). */
static void job_run(cws_server *s, cw_engine *e, job *j)
{
    char msg[200];
    if (cws_before_job) cws_before_job(j->url, j->search);
    double t0 = now_ms();
    unsigned wait_ms = s->limit_ms > WAIT_MIN_MS ? s->limit_ms : WAIT_MIN_MS;
    if (j->search && t0 - j->arrived > wait_ms) {
        snprintf(msg, sizeof msg, "the request waited longer than %u ms for its turn and was dropped: the "
                 "server is busy; try again", wait_ms);
        cws_error(&j->r, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
        return;
    }
    cw_engine_deadline(e, s->limit_ms);
    cws_api(e, j->url, job_arg, job_unknown, j, &j->r);
    cw_engine_deadline(e, 0);
    if (j->r.status >= 500 && now_ms() - t0 >= s->limit_ms) {
        /* the store was read for longer than the request may take, and stopped */
        snprintf(msg, sizeof msg, "the request took longer than %u ms and was stopped: ask for less (fewer or "
                 "rarer words, a smaller limit)", s->limit_ms);
        cws_error(&j->r, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
    }
    if (j->key) cws_cache_put(s->cache, j->key, &j->r);
}

typedef struct worker_arg {
    cws_server *s;
    queue *q;
    int i;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg w = *(worker_arg *)arg;
    free(arg);
    /* On Linux the nice value is a thread's own: a search worker gives way
     * to the workers of cheap calls when the cores are short. */
    if (w.q->nice) (void)setpriority(PRIO_PROCESS, 0, w.q->nice);
    cws_server *s = w.s;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (!w.q->head && !s->stopping) pthread_cond_wait(&w.q->cv, &s->mu);
        job *j = w.q->head;
        if (!j) {
            pthread_mutex_unlock(&s->mu);
            return NULL;
        }
        w.q->head = j->next;
        if (!w.q->head) w.q->tail = NULL;
        w.q->waiting--;
        bool stopping = s->stopping;
        pthread_mutex_unlock(&s->mu);
        if (stopping) cws_error(&j->r, MHD_HTTP_SERVICE_UNAVAILABLE, "the server is stopping");
        else job_run(s, w.q->e[w.i], j);
        struct MHD_Connection *c = j->c; /* j is the MHD thread's once done */
        pthread_mutex_lock(&s->mu);
        j->done = true;
        pthread_mutex_unlock(&s->mu);
        MHD_resume_connection(c);
    }
}

/* Queues j; false (j not queued) when the server is stopping or too many
 * searches wait already. */
static bool job_queue(cws_server *s, job *j, const char **why)
{
    queue *q = j->search ? &s->searches : &s->reads;
    bool ok = false;
    pthread_mutex_lock(&s->mu);
    if (s->stopping) {
        *why = "the server is stopping";
    } else if (j->search && q->waiting >= SEARCH_WAITING_MAX) {
        *why = "the server is busy: too many searches are waiting; try again";
    } else {
        j->next = NULL;
        if (q->tail) q->tail->next = j;
        else q->head = j;
        q->tail = j;
        q->waiting++;
        MHD_suspend_connection(j->c);
        pthread_cond_signal(&q->cv);
        ok = true;
    }
    pthread_mutex_unlock(&s->mu);
    return ok;
}

/* Ends the workers: each answers what is still queued with 503 and returns.
 * The job running when it is called ends by its time limit. */
static void queues_stop(cws_server *s)
{
    queue *qs[2] = {&s->reads, &s->searches};
    pthread_mutex_lock(&s->mu);
    s->stopping = true;
    for (int k = 0; k < 2; k++) pthread_cond_broadcast(&qs[k]->cv);
    pthread_mutex_unlock(&s->mu);
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < qs[k]->started; i++) pthread_join(qs[k]->t[i], NULL);
        qs[k]->started = 0;
    }
}

/* Closes the engines and frees the queues' locks (workers ended). */
static void queues_free(cws_server *s)
{
    queue *qs[2] = {&s->reads, &s->searches};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < qs[k]->nworkers; i++) cw_engine_close(qs[k]->e[i]);
        pthread_cond_destroy(&qs[k]->cv);
    }
    pthread_mutex_destroy(&s->mu);
}

static void queues_close(cws_server *s)
{
    queues_stop(s);
    queues_free(s);
}

/* Opens an engine per worker on db (the first alone, so that any schema
 * migration runs once) and starts the workers. On failure prints the reason,
 * stops what was started and returns false. */
static bool queues_open(cws_server *s, const char *db)
{
    pthread_mutex_init(&s->mu, NULL);
    s->reads.nworkers = READ_WORKERS;
    s->searches.nworkers = SEARCH_WORKERS;
    s->searches.nice = SEARCH_NICE;
    queue *qs[2] = {&s->reads, &s->searches};
    for (int k = 0; k < 2; k++) pthread_cond_init(&qs[k]->cv, NULL);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < qs[k]->nworkers; i++) {
            char *err = NULL;
            cw_status st = cw_engine_open(db, &qs[k]->e[i], &err);
            if (st != CW_OK) {
                fprintf(stderr, "crosswire: serve: %s\n", err ? err : cw_status_str(st));
                cw_free(err);
                queues_close(s);
                return false;
            }
        }
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < qs[k]->nworkers; i++) {
            worker_arg *w = malloc(sizeof *w);
            if (w) *w = (worker_arg){s, qs[k], i};
            if (!w || pthread_create(&qs[k]->t[i], NULL, worker, w) != 0) {
                free(w);
                fprintf(stderr, "crosswire: serve: cannot start a worker thread\n");
                queues_close(s);
                return false;
            }
            qs[k]->started++;
        }
    return true;
}

/* ---- Routing -------------------------------------------------------------------- */

/* Pages of the single-page app: each is index.html; app.js reads the path. */
static bool is_page(const char *url)
{
    return !strcmp(url, "/") || !strcmp(url, "/index.html") || !strncmp(url, "/story/", 7) ||
           !strncmp(url, "/article/", 9);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size,
                              void **con_cls)
{
    cws_server *s = cls;
    cws_reply r = {0};
    bool head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    /* Anything but GET/HEAD is refused before its body is read: the body is
     * never buffered, whatever its size, and MHD closes the connection. */
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET)) {
        cws_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed: use GET");
        return send_reply(c, &r, false, "GET, HEAD");
    }
    /* GET and HEAD are answered once the request is read whole, which keeps
     * the connection open for the next request; a body, if any, is dropped
     * as it arrives, and one announced as large is refused at once. */
    if (!*con_cls) {
        *con_cls = s;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > MAX_GET_BODY) {
            cws_error(&r, MHD_HTTP_CONTENT_TOO_LARGE, "a GET request takes no body");
            return send_reply(c, &r, false, NULL);
        }
        return MHD_YES;
    }
    if (*con_cls != s) {
        /* resumed: a worker has answered the job */
        job *j = *con_cls;
        pthread_mutex_lock(&s->mu);
        bool done = j->done;
        pthread_mutex_unlock(&s->mu);
        if (!done) return MHD_YES; /* not reached: a job is resumed once done */
        *con_cls = s;
        enum MHD_Result ok = send_reply(c, &j->r, false, NULL);
        job_free(j);
        return ok;
    }
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strlen(url) > MAX_URL) {
        cws_error(&r, MHD_HTTP_URI_TOO_LONG, "request target too long");
        return send_reply(c, &r, false, NULL);
    }
    if (!strncmp(url, "/api/", 5)) {
        job *j = job_new(c, url);
        if (!j) {
            cws_error(&r, 500, "out of memory");
            return send_reply(c, &r, false, NULL);
        }
        /* a kept answer is sent at once; anything else waits for a worker,
         * searches in their own queue so that they never hold up the rest */
        if (j->key && cws_cache_get(s->cache, j->key, &r)) {
            job_free(j);
            return send_reply(c, &r, false, NULL);
        }
        const char *why = NULL;
        *con_cls = j;
        if (job_queue(s, j, &why)) return MHD_YES;
        *con_cls = s;
        job_free(j);
        cws_error(&r, MHD_HTTP_SERVICE_UNAVAILABLE, why);
        return send_reply(c, &r, false, NULL);
    }
    const cws_asset *page = find_asset("index.html");
    if (is_page(url) && page) return send_asset(c, page);
    if (url[0] == '/' && !strchr(url + 1, '/')) {
        const cws_asset *as = find_asset(url + 1);
        if (as) return send_asset(c, as);
    }
    cws_error(&r, MHD_HTTP_NOT_FOUND, "no such page");
    return send_reply(c, &r, false, NULL);
}

/* A request ends: frees a job the connection still holds (its reply was
 * never sent: the connection closed once resumed). Jobs still queued or
 * running are never reached here: cws_stop ends the workers first. */
static void request_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)c, (void)toe;
    cws_server *s = cls;
    if (*con_cls && *con_cls != s) job_free(*con_cls);
    *con_cls = NULL;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decoding of paths and arguments, in place. Malformed escapes stay
 * as they are; %00 stays "%00" so that no decoded string is cut short at a
 * NUL ("/app.js%00.txt" is not "/app.js"). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    /* MHD reports hostile clients (oversized headers, bad requests) here;
     * those are expected and answered, so they stay quiet unless asked for. */
    if (getenv("CROSSWIRE_SERVE_DEBUG")) vfprintf(stderr, fmt, ap);
}

/* ---- Start and stop ------------------------------------------------------------------ */

int cws_start(const char *db, const char *bind, int port, cws_server **out, int *bound_port)
{
    if (!bind || !*bind) bind = "127.0.0.1";
    if (port < 0 || port > 65535) {
        fprintf(stderr, "crosswire: serve: --port must be from 0 to 65535\n");
        return 2;
    }
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (strchr(bind, ':')) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, bind, &a->sin6_addr) != 1) goto bad_addr;
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, bind, &a->sin_addr) != 1) goto bad_addr;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES) flags |= MHD_USE_EPOLL;

    cws_server *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "crosswire: serve: out of memory\n");
        return 1;
    }
    if (!queues_open(s, db)) {
        free(s);
        return 1;
    }
    s->cache = getenv("CROSSWIRE_SERVE_NOCACHE") ? NULL : cws_cache_new(db);
    s->limit_ms = TIME_LIMIT_MS;
    const char *lim = getenv("CROSSWIRE_SERVE_TIME_LIMIT");
    if (lim && *lim) {
        char *end = NULL;
        unsigned long v = strtoul(lim, &end, 10);
        if (end && !*end && v >= 1 && v <= 3600000) s->limit_ms = (unsigned)v;
    }
    errno = 0;
    s->d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handle, s,
                            MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)MHD_THREADS,
                            MHD_OPTION_NOTIFY_COMPLETED, request_done, s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                            MHD_OPTION_END);
    if (!s->d) {
        fprintf(stderr, "crosswire: serve: cannot listen on %s port %d: %s\n", bind, port,
                errno ? strerror(errno) : "refused");
        queues_close(s);
        cws_cache_free(s->cache);
        free(s);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    if (bound_port) *bound_port = info ? (int)info->port : port;
    *out = s;
    return 0;

bad_addr:
    fprintf(stderr, "crosswire: serve: --bind needs an IPv4 or IPv6 address, not \"%s\"\n", bind);
    return 2;
}

void cws_stop(cws_server *s)
{
    if (!s) return;
    /* No new connections; the workers answer what is queued and end, which
     * resumes every suspended connection (MHD must not stop with any
     * suspended); then MHD ends the connections and its threads. */
    MHD_quiesce_daemon(s->d);
    queues_stop(s);
    MHD_stop_daemon(s->d);
    queues_free(s);
    cws_cache_free(s->cache);
    free(s);
}

/* ---- Entry ------------------------------------------------------------------------- */

int cw_serve_main(const char *db, const char *bind, int port)
{
    if (!bind || !*bind) bind = "127.0.0.1";
    /* SIGINT/SIGTERM are taken by sigwait below; block them before MHD starts
     * its threads so they inherit the mask. A vanished client is not a signal. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);

    cws_server *s = NULL;
    int actual = port;
    int rc = cws_start(db, bind, port, &s, &actual);
    if (rc) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return rc;
    }
    printf(strchr(bind, ':') ? "serving http://[%s]:%d/\n" : "serving http://%s:%d/\n", bind, actual);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    fprintf(stderr, "crosswire: serve: stopping (signal %d)\n", sig);
    cws_stop(s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}
