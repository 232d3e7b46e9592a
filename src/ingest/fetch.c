/*
 * Fetching feeds and pages over HTTP(S) with libcurl.
 *
 * - Conditional requests: the ETag and Last-Modified of each URL's last good
 *   answer are kept in a small validator file (path from CROSSWIRE_FEED_CACHE;
 *   the CLI sets it beside the store) and sent back as If-None-Match and
 *   If-Modified-Since; a 304 means nothing new. Validators are saved only
 *   after the answer was read without a stopping failure, so a failed ingest
 *   fetches the whole feed again next time.
 * - Politeness per host: requests to one host are spaced at least
 *   CWI_FETCH_DELAY seconds apart (CROSSWIRE_FETCH_DELAY overrides), and a
 *   429/503 answer with Retry-After holds the host back that long (at most an
 *   hour) within this process.
 * - Bounded: bodies larger than CW_MAX_RECORD_BYTES are refused while they
 *   arrive; only http and https, also across redirects (at most 5); time
 *   limits on connecting and on the whole transfer.
 */
#include "ingest/ingest.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CWI_FETCH_DELAY 1.0
#define MAX_CACHE_BYTES (8u << 20)
#define MAX_VALIDATOR 512
#define MAX_HOSTS 4096

bool cwi_is_url(const char *s) { return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8)); }

/* ---- politeness ------------------------------------------------------------------------- */

static cwi_map *host_next; /* host -> earliest next request, in ms of cwi_now() */

static void host_of(const char *url, char *out, size_t outsz)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *at = NULL;
    size_t n = strcspn(p, "/?#");
    at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    n = CWI_MIN(n, outsz - 1);
    for (size_t i = 0; i < n; i++) out[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
    out[n] = 0;
}

static double fetch_delay(void)
{
    const char *e = getenv("CROSSWIRE_FETCH_DELAY");
    if (e && *e) {
        char *end = NULL;
        double d = strtod(e, &end);
        if (end && !*end && d >= 0 && d <= 3600) return d;
    }
    return CWI_FETCH_DELAY;
}

/* Waits until host may be asked again. */
static void be_polite(const char *host)
{
    if (!host_next) host_next = cwi_map_new(64);
    intptr_t next = 0;
    if (!host_next || !cwi_map_get(host_next, host, strlen(host), &next)) return;
    double wait = (double)next / 1000.0 - cwi_now(); /* milliseconds, far below 2^53 */
    while (wait > 0) {
        struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
        if (nanosleep(&ts, &ts) == 0) break;
        if (errno != EINTR) break;
        wait = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
        /* A signal (the CLI's SIGINT) cuts the wait short: the caller decides. */
        break;
    }
}

static void hold_host(const char *host, double seconds)
{
    if (!host_next) host_next = cwi_map_new(64);
    if (!host_next) return;
    if (cwi_map_count(host_next) >= MAX_HOSTS && !cwi_map_get(host_next, host, strlen(host), NULL)) return;
    cwi_map_put(host_next, host, strlen(host), (intptr_t)((cwi_now() + seconds) * 1000.0));
}

/* ---- the validator file ------------------------------------------------------------------ */

/* Lines "URL\tETAG\tLAST-MODIFIED\n"; fields never hold tabs or newlines. */
static char *cache_load(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) return NULL;
    cwi_buf b;
    cwi_buf_init(&b, MAX_CACHE_BYTES);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (cwi_buf_add(&b, chunk, got) != CW_OK) break;
    fclose(f);
    *len = b.len;
    return cwi_buf_take(&b);
}

/* Finds url's line in the cache text; fills etag and lastmod (may be empty). */
static void cache_find(const char *text, size_t len, const char *url, char *etag, char *lastmod)
{
    etag[0] = lastmod[0] = 0;
    size_t ul = strlen(url);
    const char *p = text, *end = text + len;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if ((size_t)(le - p) > ul && !memcmp(p, url, ul) && p[ul] == '\t') {
            const char *e = p + ul + 1;
            const char *t = memchr(e, '\t', (size_t)(le - e));
            if (!t) return;
            snprintf(etag, MAX_VALIDATOR, "%.*s", (int)CWI_MIN((size_t)(t - e), (size_t)MAX_VALIDATOR - 1), e);
            snprintf(lastmod, MAX_VALIDATOR, "%.*s", (int)CWI_MIN((size_t)(le - t - 1), (size_t)MAX_VALIDATOR - 1), t + 1);
            return;
        }
        p = nl ? nl + 1 : NULL;
    }
}

/* Rewrites the cache with url's validators replaced; atomically (rename). */
static void cache_store(const char *path, const char *url, const char *etag, const char *lastmod)
{
    if (!path || strchr(url, '\t') || strchr(url, '\n')) return;
    size_t len = 0;
    char *old = cache_load(path, &len);
    char *tmp = cwi_sprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = tmp ? fopen(tmp, "wb") : NULL;
    if (!f) {
        free(old);
        free(tmp);
        return;
    }
    size_t ul = strlen(url);
    const char *p = old, *end = old ? old + len : NULL;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (!((size_t)(le - p) > ul && !memcmp(p, url, ul) && p[ul] == '\t') && le > p) {
            fwrite(p, 1, (size_t)(le - p), f);
            fputc('\n', f);
        }
        p = nl ? nl + 1 : NULL;
    }
    if (*etag || *lastmod) fprintf(f, "%s\t%s\t%s\n", url, etag, lastmod);
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) unlink(tmp);
    free(tmp);
    free(old);
}

/* ---- the transfer ------------------------------------------------------------------------ */

typedef struct xfer {
    cwi_buf body;
    bool too_big;
    char etag[MAX_VALIDATOR], lastmod[MAX_VALIDATOR];
    long retry_after;
} xfer;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t k = size * n;
    if (cwi_buf_add(&x->body, p, k) != CW_OK) {
        x->too_big = true;
        return 0; /* aborts the transfer */
    }
    return k;
}

/* Copies a header value without CR/LF/tab into out, when line is "name: value". */
static bool header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) || line[k] != ':') return false;
    size_t i = k + 1, w = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    while (i < n && w + 1 < outsz && line[i] != '\r' && line[i] != '\n') {
        out[w++] = line[i] == '\t' ? ' ' : line[i];
        i++;
    }
    out[w] = 0;
    return true;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t k = size * n;
    char tmp[32];
    /* A redirect's headers come first; the last answer's win. */
    if (k > 5 && !strncmp(p, "HTTP/", 5)) x->etag[0] = x->lastmod[0] = 0;
    header_value(p, k, "ETag", x->etag, sizeof x->etag);
    header_value(p, k, "Last-Modified", x->lastmod, sizeof x->lastmod);
    if (header_value(p, k, "Retry-After", tmp, sizeof tmp)) x->retry_after = atol(tmp);
    return k;
}

#define report(r, ...) cwi_reader_refuse((r), "a fetch failed", __VA_ARGS__)

static bool curl_ready;

cw_status cwi_read_url(cwi_reader *r, const char *url)
{
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return CW_ERR_NOMEM;
        curl_ready = true;
    }
    if (strlen(url) > 8192 || strpbrk(url, " \t\r\n")) {
        report(r, "%.200s: not a URL that can be fetched", url);
        return CW_OK;
    }
    const char *cache = getenv("CROSSWIRE_FEED_CACHE");
    if (cache && !*cache) cache = NULL;
    size_t clen = 0;
    char *ctext = cache_load(cache, &clen);
    char etag[MAX_VALIDATOR], lastmod[MAX_VALIDATOR];
    cache_find(ctext ? ctext : "", clen, url, etag, lastmod);
    free(ctext);

    char host[256];
    host_of(url, host, sizeof host);
    be_polite(host);

    CURL *c = curl_easy_init();
    if (!c) return CW_ERR_NOMEM;
    xfer x = {0};
    cwi_buf_init(&x.body, CW_MAX_RECORD_BYTES);
    struct curl_slist *hdr = NULL;
    char line[MAX_VALIDATOR + 32];
    if (*etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        hdr = curl_slist_append(hdr, line);
    }
    if (*lastmod) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", lastmod);
        hdr = curl_slist_append(hdr, line);
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip, deflate, whatever curl can undo */
    curl_easy_setopt(c, CURLOPT_USERAGENT, "crosswire/" CW_VERSION " (feed reader)");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)CW_MAX_RECORD_BYTES);
    CURLcode cr = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(hdr);
    double delay = fetch_delay();
    if ((status == 429 || status == 503) && x.retry_after > 0)
        delay = CWI_MAX(delay, (double)CWI_MIN(x.retry_after, 3600L));
    hold_host(host, delay);

    cw_status st = CW_OK;
    if (x.too_big || cr == CURLE_FILESIZE_EXCEEDED) {
        report(r, "%s: larger than the %u MiB limit for one download", url, CW_MAX_RECORD_BYTES >> 20);
    } else if (cr != CURLE_OK) {
        report(r, "%s: %s", url, *errbuf ? errbuf : curl_easy_strerror(cr));
    } else if (status == 304) {
        char *m = cwi_sprintf("%s: not modified since the last fetch", url);
        if (r->on_skip && m) r->on_skip(r->ud, m);
        free(m);
    } else if (status < 200 || status > 299) {
        report(r, "%s: the server answered HTTP %ld", url, status);
    } else {
        uint64_t failed = r->failed;
        st = cwi_read_memory(r, x.body.data ? x.body.data : "", x.body.len, url);
        /* Keep the validators only when everything was taken, so a refused
         * or failed item is fetched again. */
        if (st == CW_OK && r->failed == failed) cache_store(cache, url, x.etag, x.lastmod);
    }
    cwi_buf_clean(&x.body);
    return st;
}
