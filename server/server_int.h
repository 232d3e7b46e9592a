/*
 * server_int.h: what the server's files share. Server-internal (cws_ names).
 */
#ifndef CW_SERVER_INT_H
#define CW_SERVER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "crosswire.h"

/* One reply: an HTTP status, a body the reply owns (malloc'd; NULL for an
 * empty body) and its media type (static storage). */
typedef struct cws_reply {
    unsigned status;
    char *body;
    size_t len;
    const char *type;
} cws_reply;

/* Borrowed query-string lookup: the decoded value of key, or NULL. */
typedef const char *(*cws_arg_fn)(void *ud, const char *key);

/* The name of the first query-string argument that is not one of known (a
 * NULL-terminated list), or NULL when every one is known. Borrowed. */
typedef const char *(*cws_unknown_fn)(void *ud, const char *const *known);

/* Answers GET path (already percent-decoded, starting with "/api/") with the
 * engine e. Always fills *r: 200 with JSON, or 400/404/500/503 with a JSON
 * {"error": "..."} body. Every argument is checked: an unknown one, or a
 * value out of its range, is a 400 that names it. */
void cws_api(cw_engine *e, const char *path, cws_arg_fn arg, cws_unknown_fn unknown, void *ud, cws_reply *r);

/* Fills *r with a JSON error document {"error": msg, "status": status}. */
void cws_error(cws_reply *r, unsigned status, const char *msg);

/* ---- The daemon, in-process (server.c) ---- */

typedef struct cws_server cws_server;

/* Starts serving the store at db on bind:port (bind as for cw_serve_main;
 * port 0 picks a free port) in the server's own threads, and returns at once.
 * On success returns 0, sets *out (stop with cws_stop) and, when bound_port is
 * not NULL, *bound_port to the port listened on. Otherwise returns 1 (store
 * cannot be opened, address cannot be bound) or 2 (bad address or port) with
 * a one-line reason on stderr, and leaves *out untouched. Signals are left to
 * the caller; MHD sends with MSG_NOSIGNAL, so a vanished client raises no
 * SIGPIPE. */
int cws_start(const char *db, const char *bind, int port, cws_server **out, int *bound_port);

/* Stops accepting, waits for the server's threads (a request being answered
 * is finished or stopped by its time limit; those still queued get 503),
 * closes the engines and frees s. NULL is a no-op. */
void cws_stop(cws_server *s);

/* For tests: when set, a worker calls it with the path of each API request
 * (and whether it is a search) just before answering it, so that a test can
 * hold the workers of one kind and see the others go on. NULL in the
 * program. The time limit counts the time spent in it. */
extern void (*cws_before_job)(const char *path, bool search);

/* ---- Cache of API answers (cache.c) ---- */

typedef struct cws_cache cws_cache;

/* A cache for the store at db; NULL when out of memory (the server then runs
 * without one: every call below accepts NULL). */
cws_cache *cws_cache_new(const char *db);
void cws_cache_free(cws_cache *c);

/* Fills *r with a copy of the answer kept for key, if the store has not
 * changed since it was kept; false otherwise (r untouched). Thread-safe. */
bool cws_cache_get(cws_cache *c, const char *key, cws_reply *r);

/* Keeps a copy of r (only a 200 with a body) under key. Thread-safe. */
void cws_cache_put(cws_cache *c, const char *key, const cws_reply *r);

/* ---- Embedded web assets (generated at build time from server/web/) ---- */

typedef struct cws_asset {
    const char *name;          /* file name, e.g. "app.js" */
    const unsigned char *data; /* static storage */
    size_t len;
} cws_asset;

extern const cws_asset cws_assets[];
extern const size_t cws_nassets;

#endif
