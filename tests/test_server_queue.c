/*
 * test_server_queue.c: slow searches never hold up the other API calls.
 *
 * The server runs in this process (cws_start) on a small store of invented
 * articles, and is spoken to over real sockets. cws_before_job holds every
 * search worker inside its job until the test lets go, which stands for
 * searches as slow as one likes, without a clock: while all search workers
 * are held and more searches wait in their queue, the list of stories, a
 * story's brief and an article must still be answered (200), and none of
 * the searches may have been answered yet. Searches beyond the queue's bound
 * are refused at once with 503. Once let go, every held or waiting search
 * is answered 200.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "crosswire.h"
#include "server/server_int.h"

#define SEARCHES 8
#define MORE 40 /* more searches than the queue takes (32 waiting) */

static const char ARTICLES[] =
    "{\"name\":\"quay\",\"title\":\"Harbour quay in Velden reopens after storm repairs\",\"outlet\":\"Velden Post\","
    "\"published\":\"2026-03-02\",\"text\":\"The harbour quay in Velden reopened on Monday after six weeks of repairs "
    "to the storm wall, the port authority said. Fishing boats returned to their berths before dawn. The mayor "
    "said the town would seek money for a higher wall.\"}\n"
    "{\"name\":\"quay2\",\"title\":\"Velden quay open again after storm\",\"outlet\":\"Coast Daily\","
    "\"published\":\"2026-03-02\",\"text\":\"Velden's harbour quay is open again after six weeks of work on the "
    "storm wall, the port authority said on Monday. Fishing boats were back at their berths by morning. The "
    "mayor wants money for a higher wall.\"}\n"
    "{\"name\":\"choir\",\"title\":\"School choir from Marnes wins regional prize\",\"outlet\":\"Marnes Courier\","
    "\"published\":\"2026-04-11\",\"text\":\"The choir of the Marnes middle school won the regional prize on "
    "Saturday with a programme of folk songs. Its teacher said the singers had rehearsed every morning since "
    "January.\"}\n";

/* ---- holding the search workers ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int held;      /* search workers inside hold() now */
static int not_search; /* other jobs that went through hold() */
static bool let_go;

static void hold(const char *path, bool search)
{
    (void)path;
    pthread_mutex_lock(&mu);
    if (!search) {
        not_search++;
    } else {
        held++;
        pthread_cond_broadcast(&cv);
        while (!let_go) pthread_cond_wait(&cv, &mu);
        held--;
    }
    pthread_mutex_unlock(&mu);
}

/* Waits until n search workers are held; false after a minute (a failure,
 * not a measurement: the workers are never reached). */
static bool wait_held(int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60;
    pthread_mutex_lock(&mu);
    int rc = 0;
    while (held < n && rc == 0) rc = pthread_cond_timedwait(&cv, &mu, &until);
    bool ok = held >= n;
    pthread_mutex_unlock(&mu);
    return ok;
}

/* ---- a tiny HTTP/1.0 client ---- */

static int port;

static int send_get(const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    /* a reply that never comes fails the test rather than hanging it */
    struct timeval tv = {60, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
    assert_int_equal(write(fd, req, (size_t)n), n);
    return fd;
}

/* Reads the whole reply (the server closes an HTTP/1.0 connection); returns
 * its status and copies the start of its body into body. Closes fd. */
static int read_reply(int fd, char *body, size_t cap)
{
    static char buf[1 << 20];
    size_t n = 0;
    ssize_t k;
    while (n < sizeof buf - 1 && (k = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)k;
    close(fd);
    buf[n] = '\0';
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) return -1;
    const char *b = strstr(buf, "\r\n\r\n");
    snprintf(body, cap, "%s", b ? b + 4 : "");
    return status;
}

static bool answered(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) > 0;
}

/* ---- the test ---- */

static void cheap_calls_go_on_while_searches_are_held(void **state)
{
    (void)state;
    char dir[] = "/tmp/cw_srvq_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[128];
    snprintf(db, sizeof db, "%s/q.db", dir);
    cw_engine *e = NULL;
    char *err = NULL;
    cw_ingest_report rep = {0};
    assert_int_equal(cw_engine_open(db, &e, &err), CW_OK);
    assert_int_equal(cw_ingest_memory(e, "invented.jsonl", ARTICLES, sizeof ARTICLES - 1, NULL, &rep), CW_OK);
    cw_engine_close(e);

    /* every answer computed (no cache), and no request old enough to drop */
    setenv("CROSSWIRE_SERVE_NOCACHE", "1", 1);
    setenv("CROSSWIRE_SERVE_TIME_LIMIT", "3600000", 1);
    cws_before_job = hold;
    cws_server *srv = NULL;
    assert_int_equal(cws_start(db, "127.0.0.1", 0, &srv, &port), 0);

    int fds[SEARCHES + MORE];
    for (int i = 0; i < SEARCHES; i++)
        fds[i] = send_get(i % 2 ? "/api/search?q=harbour+quay" : "/api/stories?q=storm+wall");
    /* two search workers hold a search each; the other six wait in the queue */
    assert_true(wait_held(2));

    char body[4096];
    static const char *const cheap[] = {"/api/stories", "/api/stories?sort=recent", "/api/story/1",
                                        "/api/article/quay", "/api/related/quay2", "/api/stories?q="};
    for (size_t i = 0; i < sizeof cheap / sizeof *cheap; i++) {
        int st = read_reply(send_get(cheap[i]), body, sizeof body);
        if (st != 200) fprintf(stderr, "%s: %d %s\n", cheap[i], st, body);
        assert_int_equal(st, 200);
    }
    assert_non_null(strstr(body, "\"stories\""));
    /* ... and not one search has been answered meanwhile */
    for (int i = 0; i < SEARCHES; i++) assert_false(answered(fds[i]));
    pthread_mutex_lock(&mu);
    assert_int_equal(held, 2);
    assert_int_equal(not_search, (int)(sizeof cheap / sizeof *cheap));
    pthread_mutex_unlock(&mu);

    /* 2 held + 6 waiting; 26 more fill the queue to 32 waiting, and the
     * last 14 are refused at once with a reason */
    for (int i = SEARCHES; i < SEARCHES + MORE; i++) fds[i] = send_get("/api/search?q=choir");
    int refused = 0;
    bool done[SEARCHES + MORE] = {false};
    while (refused < MORE - 26) {
        struct pollfd p[MORE];
        for (int i = 0; i < MORE; i++) p[i] = (struct pollfd){done[SEARCHES + i] ? -1 : fds[SEARCHES + i], POLLIN, 0};
        int k = poll(p, MORE, 60000);
        assert_true(k > 0);
        for (int i = 0; i < MORE; i++)
            if (p[i].revents) {
                int st = read_reply(fds[SEARCHES + i], body, sizeof body);
                assert_int_equal(st, 503);
                assert_non_null(strstr(body, "too many searches"));
                done[SEARCHES + i] = true;
                refused++;
            }
    }
    assert_int_equal(refused, MORE - 26);
    for (int i = 0; i < SEARCHES; i++) assert_false(answered(fds[i]));

    /* let go: every search held or waiting is answered */
    pthread_mutex_lock(&mu);
    let_go = true;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    int ok = 0;
    for (int i = 0; i < SEARCHES + MORE; i++) {
        if (done[i]) continue;
        int st = read_reply(fds[i], body, sizeof body);
        if (st != 200) fprintf(stderr, "search %d: %d %s\n", i, st, body);
        ok += st == 200;
        if (i % 2 && i < SEARCHES) assert_non_null(strstr(body, "\"results\""));
    }
    assert_int_equal(ok, SEARCHES + 26);
    cws_stop(srv);
    cws_before_job = NULL;

    static const char *const files[] = {"q.db", "q.db-wal", "q.db-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(cheap_calls_go_on_while_searches_are_held)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
