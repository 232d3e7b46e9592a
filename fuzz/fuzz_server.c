/* fuzz-build: server */
/*
 * libFuzzer target: HTTP requests to `crosswire serve`, over a real socket to
 * the daemon running in this process (cws_start) on a small store made at
 * start-up.
 *
 * An input whose first byte is an uppercase letter, CR, LF or space is sent as
 * it is (libmicrohttpd's parser, pipelining, methods, bodies). Any other first
 * byte picks a well-formed request (GET /api/stories?, /api/story/, /story/,
 * HEAD ..., see WRAPS) and the rest of the input becomes its path or query,
 * with bytes that cannot stand in a request target percent-encoded, so that
 * the API handlers, argument decoding and cache keys see arbitrary values.
 *
 * Properties: no crash, leak or undefined behaviour; a reply, when there is
 * one, starts with "HTTP/1."; every status line holds a status the server
 * documents (docs/server.md); a 200 carries the Content-Security-Policy
 * header; an /api/ answer of the server's own (200, 400, 404, 500) is JSON
 * with a Content-Length that matches, and an error document names its status.
 * Every CHECK_EVERY inputs a plain GET /api/stories must still answer 200
 * with stories (the daemon has not wedged).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crosswire.h"
#include "server/server_int.h"

#define CHECK_EVERY 256
#define REPLY_KEEP (256u * 1024u) /* bytes of a reply kept for the checks; the rest is counted */
/* How long a reply may take. A wrapped request asks for Connection: close, so
 * the server ends it; a raw one may leave the server waiting for more (a body
 * or chunk cut short: libmicrohttpd's epoll loop does not notice the
 * half-close either), which only the deadline ends. */
#define DEADLINE_MS 3000
#define RAW_DEADLINE_MS 500
#define HEALTH_MS 10000

static cws_server *srv;
static int port;
static char dir[64];
static unsigned long long execs, timeouts, json_checked;

/* Sent after a raw input. libmicrohttpd 0.9.75 with epoll often does not see
 * the half-close of a client whose keep-alive request it has answered, and
 * keeps the connection until its timeout (15 s); a last request that asks for
 * the connection to be closed ends the exchange at once instead. */
static const char SENTINEL[] = "GET /fuzz-end HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";

/* Three short articles of our own: two on the same event (one story, related
 * articles) and one on another. */
static const char ARTICLES[] =
    "{\"name\":\"bridge-ledger\",\"title\":\"Harbour bridge closed after crack found in main span\","
    "\"outlet\":\"Ledger\",\"published\":\"2026-02-10T08:00:00Z\",\"text\":\"The harbour bridge in Salvik "
    "was closed on Monday after inspectors found a 40 centimetre crack in its main span, the city transport "
    "office said. About 18,000 vehicles cross the bridge each day. Engineers will examine the steel over the "
    "next two weeks, said Marta Holm, head of the office. Ferries will run every 20 minutes until it opens "
    "again.\"}\n"
    "{\"name\":\"bridge-courier\",\"title\":\"Crack shuts Salvik harbour bridge\",\"outlet\":\"Courier\","
    "\"published\":\"2026-02-10T11:30:00Z\",\"text\":\"Salvik's harbour bridge was shut on Monday when "
    "inspectors found a crack of about 40 centimetres in the main span. Some 18,000 vehicles use it daily, "
    "according to the city transport office. \\\"We will not reopen it until the steel has been examined,\\\" "
    "said Marta Holm, who leads the office. Extra ferries will run in the meantime.\"}\n"
    "{\"name\":\"orchard-gazette\",\"title\":\"Late frost cuts apple harvest in Dunmere valley\","
    "\"outlet\":\"Gazette\",\"published\":\"2026-04-02T06:00:00Z\",\"text\":\"A late frost in the Dunmere "
    "valley has cut this year's apple harvest by about a third, growers said on Thursday. Temperatures fell "
    "to minus four degrees on two nights while the trees were in blossom. The growers' association asked "
    "the regional council for 2 million euros in aid.\"}\n";

/* ---- Client side --------------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct reply {
    char *b;      /* first REPLY_KEEP bytes, NUL-terminated */
    size_t n;     /* bytes kept */
    size_t total; /* bytes received */
    bool eof;     /* the server closed cleanly (not reset, not timed out) */
} reply;

/* Sends req on a fresh connection, half-closes, and reads what comes back
 * until the server closes or deadline_ms passes. Writing and reading go on
 * together, so a long pipeline cannot deadlock on full socket buffers.
 * Returns false when no connection could be made. */
static bool exchange(const char *req, size_t len, int deadline_ms, reply *r)
{
    r->n = r->total = 0;
    r->eof = false;
    r->b[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return false;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    size_t sent = 0;
    bool wr_open = true;
    if (len == 0) {
        shutdown(fd, SHUT_WR);
        wr_open = false;
    }
    long long end = now_ms() + deadline_ms;
    char junk[16384];
    for (;;) {
        long long left = end - now_ms();
        if (left <= 0) break;
        struct pollfd p = {fd, (short)(POLLIN | (wr_open ? POLLOUT : 0)), 0};
        int k = poll(&p, 1, (int)left);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        if (wr_open && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
            if (w > 0) sent += (size_t)w;
            if (w < 0 && errno != EAGAIN && errno != EINTR) wr_open = false; /* the server hung up */
            if (sent == len || !wr_open) {
                shutdown(fd, SHUT_WR);
                wr_open = false;
            }
        }
        if (p.revents & (POLLIN | POLLERR | POLLHUP)) {
            char *to = r->n < REPLY_KEEP ? r->b + r->n : junk;
            size_t room = r->n < REPLY_KEEP ? REPLY_KEEP - r->n : sizeof junk;
            ssize_t got = recv(fd, to, room, 0);
            if (got == 0) {
                r->eof = true;
                break;
            }
            if (got < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                break; /* reset: the server dropped a client it would not hear out */
            }
            if (to != junk) r->n += (size_t)got;
            r->total += (size_t)got;
        }
    }
    r->b[r->n] = '\0';
    close(fd);
    if (!r->eof && now_ms() >= end) {
        timeouts++;
        if (getenv("CW_FUZZ_SERVER_SLOW")) /* which inputs make the client wait */
            fprintf(stderr, "fuzz_server: no end of reply in %d ms to: %.*s\n", deadline_ms,
                    (int)(len < 300 ? len : 300), req);
    }
    return true;
}

/* The statuses docs/server.md lists (100 only ahead of a final answer; 505 is
 * libmicrohttpd's for a version other than HTTP/1.0 and 1.1). */
static bool documented(unsigned st)
{
    switch (st) {
    case 200: case 400: case 404: case 405: case 413: case 414: case 431: case 500: case 505:
        return true;
    default:
        return false;
    }
}

/* The value of header name in the head [h, end), or NULL; *vlen its length. */
static const char *header(const char *h, const char *end, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    for (const char *p = h; p < end;) {
        const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!eol) eol = end;
        if ((size_t)(eol - p) > nl && p[nl] == ':' && !strncasecmp(p, name, nl)) {
            const char *v = p + nl + 1;
            while (v < eol && *v == ' ') v++;
            *vlen = (size_t)(eol - v);
            return v;
        }
        p = eol + 2;
    }
    return NULL;
}

static void fail(const char *why, const reply *r)
{
    fprintf(stderr, "fuzz_server: %s\nreply (%zu bytes): %.400s\n", why, r->total, r->b);
    abort();
}

/* Checks the first answer in r. api: the request was a well-formed GET for
 * /api/ with Connection: close, so an answer of the server's own must be JSON.
 * head: a well-formed HEAD, whose answer has no body. */
static void check_reply(const reply *r, bool api, bool head)
{
    if (r->n == 0) return; /* no answer (e.g. an incomplete request) is allowed */
    if (memcmp(r->b, "HTTP/1.", r->n < 7 ? r->n : 7)) fail("reply does not start with HTTP/1.", r);
    const char *at = r->b, *end = r->b + r->n;
    unsigned st;
    const char *hend;
    for (;;) {
        const char *eol = memmem(at, (size_t)(end - at), "\r\n", 2);
        if (!eol) return; /* cut short by a reset; nothing more to check */
        if (eol - at < 12 || memcmp(at, "HTTP/1.", 7) || at[8] != ' ' || (at[12] != ' ' && at + 12 != eol))
            fail("malformed status line", r);
        st = (unsigned)strtoul(at + 9, NULL, 10);
        hend = memmem(at, (size_t)(end - at), "\r\n\r\n", 4);
        if (!hend) return;
        if (st != 100) break;
        at = hend + 4; /* an interim 100 Continue: the final answer follows */
        if (at == end) return;
    }
    if (!documented(st)) fail("status the server does not document", r);
    size_t vl;
    if (st == 200 && !header(at, hend, "Content-Security-Policy", &vl)) fail("200 without CSP header", r);
    if (!api || (st != 200 && st != 400 && st != 404 && st != 500)) return;
    const char *ct = header(at, hend, "Content-Type", &vl);
    if (!ct || vl < 16 || strncmp(ct, "application/json", 16)) fail("API answer is not application/json", r);
    const char *cl = header(at, hend, "Content-Length", &vl);
    if (!cl) fail("API answer without Content-Length", r);
    size_t want = strtoull(cl, NULL, 10);
    const char *body = hend + 4;
    size_t have = (size_t)(end - body);
    if (head) {
        if (r->eof && have) fail("HEAD answer with a body", r);
        return;
    }
    if (!r->eof || r->total != r->n) return; /* not read whole: cannot judge the body */
    if (have != want) fail("Content-Length does not match the body", r);
    json_error_t err;
    json_t *doc = json_loadb(body, have, 0, &err);
    if (!doc) fail("API answer is not JSON", r);
    if (st != 200) {
        json_t *s = json_object_get(doc, "status");
        if (!json_is_string(json_object_get(doc, "error")) || json_integer_value(s) != (json_int_t)st)
            fail("error document without its status", r);
    }
    json_decref(doc);
    json_checked++;
}

/* ---- Requests built around the input --------------------------------------------- */

static const struct wrap {
    const char *method, *prefix;
    bool api;
} WRAPS[] = {
    {"GET", "/api/", true},
    {"GET", "/api/stories?", true},
    {"GET", "/api/search?q=", true},
    {"GET", "/api/story/", true},
    {"GET", "/api/article/", true},
    {"GET", "/api/related/", true},
    {"GET", "/story/", false},
    {"HEAD", "/api/", true},
    {"GET", "/", false},
};
#define NWRAPS (sizeof WRAPS / sizeof WRAPS[0])

/* "METHOD PREFIX<tail> HTTP/1.1" with the usual headers; bytes that would end
 * or break the request target are percent-encoded, '%' itself is not (so
 * malformed escapes reach the decoder). Caller frees. */
static char *wrap_request(const struct wrap *w, const uint8_t *t, size_t n, size_t *len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t cap = strlen(w->method) + strlen(w->prefix) + 3 * n + 128;
    char *b = malloc(cap), *o = b;
    if (!b) return NULL;
    o += sprintf(o, "%s %s", w->method, w->prefix);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = t[i];
        if (c <= 0x20 || c >= 0x7f || c == '#') {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        } else {
            *o++ = (char)c;
        }
    }
    o += sprintf(o, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n");
    *len = (size_t)(o - b);
    return b;
}

static char replybuf[REPLY_KEEP + 1];

static void health_check(void)
{
    static const char req[] = "GET /api/stories HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
    reply r = {replybuf, 0, 0, false};
    if (!exchange(req, sizeof req - 1, HEALTH_MS, &r)) {
        fprintf(stderr, "fuzz_server: cannot connect to the server\n");
        abort();
    }
    if (strncmp(r.b, "HTTP/1.1 200 ", 13)) fail("GET /api/stories no longer answers 200", &r);
    check_reply(&r, true, false);
    const char *body = strstr(r.b, "\r\n\r\n");
    json_t *doc = body ? json_loads(body + 4, 0, NULL) : NULL;
    if (json_array_size(json_object_get(doc, "stories")) == 0) fail("GET /api/stories lists no story", &r);
    json_decref(doc);
}

/* ---- libFuzzer ------------------------------------------------------------------ */

static void cleanup(void)
{
    fprintf(stderr, "fuzz_server: %llu inputs, %llu JSON answers checked whole, %llu waited for the deadline\n",
            execs, json_checked, timeouts);
    cws_stop(srv);
    srv = NULL;
    static const char *const files[] = {"store.db", "store.db-wal", "store.db-shm", "store.db-journal"};
    char p[128];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cw-fuzz-server-XXXXXX", tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_server: mkdtemp");
        abort();
    }
    char db[128];
    snprintf(db, sizeof db, "%s/store.db", dir);
    cw_engine *e = NULL;
    char *err = NULL;
    cw_ingest_report rep = {0};
    if (cw_engine_open(db, &e, &err) != CW_OK ||
        cw_ingest_memory(e, "fuzz-articles.jsonl", ARTICLES, sizeof ARTICLES - 1, NULL, &rep) != CW_OK ||
        rep.added != 3) {
        fprintf(stderr, "fuzz_server: cannot make the store: %s\n", err ? err : cw_engine_error(e));
        abort();
    }
    cw_engine_close(e);
    signal(SIGPIPE, SIG_IGN);
    if (cws_start(db, "127.0.0.1", 0, &srv, &port) != 0) abort();
    atexit(cleanup);
    health_check();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reply r = {replybuf, 0, 0, false};
    uint8_t first = size ? data[0] : 'G';
    bool raw = (first >= 'A' && first <= 'Z') || first == '\r' || first == '\n' || first == ' ';
    if (raw) {
        char *req = malloc(size + sizeof SENTINEL);
        if (!req) return 0;
        memcpy(req, data, size);
        memcpy(req + size, SENTINEL, sizeof SENTINEL);
        exchange(req, size + sizeof SENTINEL - 1, RAW_DEADLINE_MS, &r);
        free(req);
        check_reply(&r, false, false);
    } else {
        const struct wrap *w = &WRAPS[first % NWRAPS];
        size_t len = 0;
        char *req = wrap_request(w, data + 1, size - 1, &len);
        if (!req) return 0;
        exchange(req, len, DEADLINE_MS, &r);
        free(req);
        check_reply(&r, w->api, !strcmp(w->method, "HEAD"));
    }
    if (++execs % CHECK_EVERY == 0) health_check();
    return 0;
}
