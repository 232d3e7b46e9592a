/*
 * server: `crosswire serve`, the web UI and the JSON API over one store.
 * Uses only the public header crosswire.h; the only code in the project that
 * includes the HTTP library (libmicrohttpd).
 */
#ifndef CW_SERVER_SERVER_H
#define CW_SERVER_SERVER_H

/* Serves the store at db (opened read-only per worker) on bind:port until
 * SIGINT or SIGTERM. bind is an IPv4 or IPv6 literal (NULL means 127.0.0.1);
 * port 0 picks a free port. Prints "serving http://ADDR:PORT/" on stdout once
 * listening. Returns 0 after a clean stop, 1 when the store cannot be opened
 * or the address cannot be bound (with a one-line reason on stderr), 2 for a
 * bad bind address. */
int cw_serve_main(const char *db, const char *bind, int port);

#endif
