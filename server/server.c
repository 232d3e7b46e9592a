/*
 * server.c: the HTTP side of `crosswire serve`: the libmicrohttpd daemon, the
 * limits that keep hostile clients harmless, routing, the embedded web assets
 * and a pool of engines (one SQLite connection each, never two threads on one).
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
#include <sys/socket.h>
#include <time.h>

#include "crosswire.h"
#include "server/server.h"
#include "server/server_int.h"

#define WORKERS 4                    /* MHD thread pool; one engine each */
#define CONN_MEMORY (64u * 1024u)    /* per connection: request line + headers; more gets 431 */
#define CONN_TIMEOUT 15u             /* seconds a silent client keeps its connection */
#define CONN_LIMIT 1000u             /* connections at once */
#define MAX_URL 4096u                /* longer request targets get 414 */
#define MAX_GET_BODY 65536ull        /* a GET announcing a larger body gets 413 */
#define TIME_LIMIT_MS 5000u          /* an API request reading the store longer gets 503 */

/* Sent with every reply: no inline script, nothing from elsewhere. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                          "form-action 'self'";

/* ---- The engine pool ---------------------------------------------------------- */

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    cw_engine *e[WORKERS];
    bool busy[WORKERS];
} pool;

/* Blocks until an engine is free; never NULL once the pool is open. */
static int pool_take(pool *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        for (int i = 0; i < WORKERS; i++)
            if (!p->busy[i]) {
                p->busy[i] = true;
                pthread_mutex_unlock(&p->mu);
                return i;
            }
        pthread_cond_wait(&p->cv, &p->mu);
    }
}

static void pool_give(pool *p, int i)
{
    pthread_mutex_lock(&p->mu);
    p->busy[i] = false;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void pool_close(pool *p)
{
    for (int i = 0; i < WORKERS; i++) cw_engine_close(p->e[i]);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

/* Opens WORKERS engines on db, the first alone so that any schema migration
 * runs once. On failure prints the reason and returns false (pool closed). */
static bool pool_open(pool *p, const char *db)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < WORKERS; i++) {
        char *err = NULL;
        cw_status st = cw_engine_open(db, &p->e[i], &err);
        if (st != CW_OK) {
            fprintf(stderr, "crosswire: serve: %s\n", err ? err : cw_status_str(st));
            cw_free(err);
            pool_close(p);
            return false;
        }
    }
    return true;
}

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

/* ---- Routing -------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct cws_server {
    unsigned limit_ms; /* TIME_LIMIT_MS, or CROSSWIRE_SERVE_TIME_LIMIT (milliseconds) */
    pool engines;
    cws_cache *cache;
    struct MHD_Daemon *d;
};

/* The cache key of a request: its path and its arguments in order (a value
 * may hold any byte but NUL). */
typedef struct keybuf {
    char b[MAX_URL + 1024];
    size_t n;
    bool over;
} keybuf;

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    keybuf *kb = cls;
    /* length-prefixed, so that no value can pass for another argument */
    int n = snprintf(kb->b + kb->n, sizeof kb->b - kb->n, "|%zu:%s|%zu:%s", strlen(k), k, v ? strlen(v) : 0,
                     v ? v : "");
    if (n < 0 || (size_t)n >= sizeof kb->b - kb->n) {
        kb->over = true;
        return MHD_NO;
    }
    kb->n += (size_t)n;
    return MHD_YES;
}

typedef struct arg_ctx {
    struct MHD_Connection *c;
    const char *const *known;
    const char *unknown;
} arg_ctx;

static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    (void)kind, (void)v;
    arg_ctx *a = cls;
    for (const char *const *n = a->known; *n; n++)
        if (!strcmp(*n, k)) return MHD_YES;
    a->unknown = k;
    return MHD_NO;
}

static const char *unknown_arg(void *ud, const char *const *known)
{
    arg_ctx *a = ud;
    a->known = known;
    a->unknown = NULL;
    MHD_get_connection_values(a->c, MHD_GET_ARGUMENT_KIND, find_unknown, a);
    return a->unknown;
}

static const char *get_arg(void *ud, const char *key)
{
    arg_ctx *a = ud;
    return MHD_lookup_connection_value(a->c, MHD_GET_ARGUMENT_KIND, key);
}

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
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strlen(url) > MAX_URL) {
        cws_error(&r, MHD_HTTP_URI_TOO_LONG, "request target too long");
        return send_reply(c, &r, false, NULL);
    }
    if (!strncmp(url, "/api/", 5)) {
        keybuf kb;
        kb.n = (size_t)snprintf(kb.b, sizeof kb.b, "%s", url);
        kb.over = kb.n >= sizeof kb.b;
        if (!kb.over) MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_arg, &kb);
        if (!kb.over && cws_cache_get(s->cache, kb.b, &r)) return send_reply(c, &r, false, NULL);
        arg_ctx a = {c, NULL, NULL};
        int i = pool_take(&s->engines);
        double t0 = now_ms();
        cw_engine_deadline(s->engines.e[i], s->limit_ms);
        cws_api(s->engines.e[i], url, get_arg, unknown_arg, &a, &r);
        cw_engine_deadline(s->engines.e[i], 0);
        pool_give(&s->engines, i);
        if (r.status >= 500 && now_ms() - t0 >= s->limit_ms) {
            /* the store was read for longer than a request may take, and stopped */
            char msg[160];
            snprintf(msg, sizeof msg, "the request took longer than %u ms and was stopped: ask for less (fewer or "
                     "rarer words, a smaller limit)", s->limit_ms);
            cws_error(&r, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
        }
        if (!kb.over) cws_cache_put(s->cache, kb.b, &r);
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
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
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
    if (!pool_open(&s->engines, db)) {
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
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WORKERS,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                            MHD_OPTION_END);
    if (!s->d) {
        fprintf(stderr, "crosswire: serve: cannot listen on %s port %d: %s\n", bind, port,
                errno ? strerror(errno) : "refused");
        pool_close(&s->engines);
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
    MHD_stop_daemon(s->d);
    pool_close(&s->engines);
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
