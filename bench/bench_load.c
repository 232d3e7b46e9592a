/*
 * bench_load: N HTTP/1.1 GET requests over C keep-alive connections to one
 * URL on loopback, from one thread with epoll; prints one RESULT line with
 * the count, seconds, requests/s, p50/p99/max latency, non-200 answers and
 * socket errors. The count-based client of bench/load.sh (wrk runs for a
 * time, not a count).
 *
 * usage: bench_load http://127.0.0.1:PORT/PATH [REQUESTS] [CONNECTIONS]
 * Only loopback addresses are accepted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define BUF (256 * 1024)

typedef struct conn {
    int fd;
    char *buf;
    size_t have;
    long need;     /* body bytes still expected; -1 while reading the head */
    size_t head;   /* length of the head, once read */
    int status;
    double t0;
    size_t sent;
} conn;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static struct sockaddr_in addr;
static char req[2048];
static size_t req_len;

static int connect_one(int ep, conn *c)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
        close(c->fd);
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void start(conn *c)
{
    c->have = 0;
    c->need = -1;
    c->sent = 0;
    c->t0 = now();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_load http://127.0.0.1:PORT/PATH [REQUESTS] [CONNECTIONS]\n");
        return 2;
    }
    long total = argc > 2 ? atol(argv[2]) : 10000;
    int nconn = argc > 3 ? atoi(argv[3]) : 64;
    char host[64];
    int port = 0;
    char path[1024] = "/";
    if (sscanf(argv[1], "http://%63[0-9.]:%d%1023s", host, &port, path) < 2 || port <= 0 || port > 65535 ||
        total <= 0 || nconn <= 0 || nconn > MAX_CONNS) {
        fprintf(stderr, "bench_load: want http://IPv4:PORT/PATH, a positive count and 1..%d connections\n", MAX_CONNS);
        return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "bench_load: only loopback (127.0.0.0/8) is a target, not %s\n", host);
        return 2;
    }
    req_len = (size_t)snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%d\r\n\r\n", path, host, port);
    if (nconn > total) nconn = (int)total;

    int ep = epoll_create1(0);
    conn *cs = calloc((size_t)nconn, sizeof *cs);
    double *lat = malloc((size_t)total * sizeof *lat);
    if (ep < 0 || !cs || !lat) return 1;
    long started = 0, done = 0, non200 = 0, sockerr = 0;
    double t_begin = now();
    for (int i = 0; i < nconn; i++) {
        cs[i].buf = malloc(BUF);
        if (!cs[i].buf || connect_one(ep, &cs[i]) < 0) return 1;
        start(&cs[i]);
        started++;
    }
    struct epoll_event evs[MAX_CONNS];
    while (done < total) {
        int n = epoll_wait(ep, evs, MAX_CONNS, 10000);
        if (n <= 0) {
            fprintf(stderr, "bench_load: no progress for 10 s\n");
            break;
        }
        for (int k = 0; k < n; k++) {
            conn *c = evs[k].data.ptr;
            if ((evs[k].events & EPOLLOUT) && c->sent < req_len) {
                ssize_t w = send(c->fd, req + c->sent, req_len - c->sent, MSG_NOSIGNAL);
                if (w > 0) c->sent += (size_t)w;
                if (c->sent == req_len) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (!(evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            for (;;) {
                if (c->have == BUF) c->have = c->head; /* body bytes are counted, not kept */
                ssize_t r = recv(c->fd, c->buf + c->have, BUF - c->have, 0);
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                if (r <= 0) { /* closed or failed: count it, reconnect, retry the request */
                    if (++sockerr > total) {
                        fprintf(stderr, "bench_load: the server refuses connections\n");
                        return 1;
                    }
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    close(c->fd);
                    if (connect_one(ep, c) < 0) return 1;
                    start(c);
                    break;
                }
                c->have += (size_t)r;
                if (c->need < 0) {
                    char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
                    if (!end) continue;
                    c->head = (size_t)(end + 4 - c->buf);
                    c->status = atoi(c->buf + 9);
                    long len = 0;
                    char *cl = memmem(c->buf, c->head, "Content-Length: ", 16);
                    if (!cl) cl = memmem(c->buf, c->head, "content-length: ", 16);
                    if (cl) len = atol(cl + 16);
                    c->need = len - (long)(c->have - c->head);
                } else {
                    c->need -= r;
                }
                if (c->need > 0) continue;
                lat[done++] = now() - c->t0;
                if (c->status != 200) non200++;
                if (started < total) {
                    started++;
                    start(c);
                    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                } else {
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                }
                break;
            }
        }
    }
    double secs = now() - t_begin;
    qsort(lat, (size_t)done, sizeof *lat, cmp_d);
    double p50 = done ? lat[done / 2] : 0, p99 = done ? lat[(size_t)(done * 0.99)] : 0, mx = done ? lat[done - 1] : 0;
    printf("RESULT requests=%ld seconds=%.3f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%ld socket_errors=%ld\n",
           done, secs, done / secs, p50 * 1e3, p99 * 1e3, mx * 1e3, non200 + (total - done), sockerr);
    for (int i = 0; i < nconn; i++) {
        close(cs[i].fd);
        free(cs[i].buf);
    }
    free(cs);
    free(lat);
    close(ep);
    return done == total ? 0 : 1;
}
