#!/bin/sh
# Load test of `crosswire serve` on loopback: 10,000 requests over 64
# keep-alive connections against /api/stories, a story's JSON and a story page
# (BUILD/bench/bench_load, else bench/load_client.py), then wrk for a few seconds per path when it
# is installed (Debian package wrk) to show the server's ceiling. Prints
# errors, throughput and p50/p99/max latency for each.
#
# usage: bench/load.sh [BUILD/crosswire] [REQUESTS] [CONNECTIONS]
# Traffic goes to 127.0.0.1 only; the server it starts is stopped at the end.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CW=${1:-$ROOT/build/crosswire}
REQUESTS=${2:-10000}
CONNS=${3:-64}
THREADS=2
[ -x "$CW" ] || { echo "load.sh: no crosswire binary at $CW (make first)" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$CW" --db "$TMP/load.db" ingest "$ROOT/examples/corpus" >/dev/null
if ls "$ROOT"/../shared/seeds/*.txt >/dev/null 2>&1; then
    "$CW" --db "$TMP/load.db" ingest "$ROOT"/../shared/seeds/*.txt >/dev/null
fi
"$CW" --db "$TMP/load.db" serve --port 0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
i=0
while ! grep -q '^serving' "$TMP/serve.out" 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 100 ] && { echo "load.sh: the server did not start:" >&2; cat "$TMP/serve.err" >&2; exit 1; }
    sleep 0.1
done
sleep 3 # the server keeps answers only once the store (opened just now) has been quiet for 2 s
BASE=$(sed -n 's/^serving \(http:[^ ]*\)\/$/\1/p' "$TMP/serve.out")
STORY=$(curl -s "$BASE/api/stories" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')

row() {
    v() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    printf '%-22s %9s %9s %9s %9s %9s %9s %7s %7s\n' "$1" "$(v requests "$2")" "$(v seconds "$2")" "$(v rps "$2")" \
        "$(v p50_ms "$2")" "$(v p99_ms "$2")" "$(v max_ms "$2")" "$(v non200 "$2")" "$(v socket_errors "$2")"
}
header() {
    printf '%-22s %9s %9s %9s %9s %9s %9s %7s %7s\n' path requests seconds req/s p50_ms p99_ms max_ms non200 sockerr
}
PATHS="/api/stories /api/story/$STORY /story/$STORY"

echo "crosswire serve load test on loopback, $(nproc) cores; server: 4 worker threads, one engine each"
echo
BENCH_LOAD=$(dirname "$CW")/bench/bench_load
if [ -x "$BENCH_LOAD" ]; then
    echo "$REQUESTS requests per path over $CONNS keep-alive connections (bench_load: C, epoll, one thread):"
    header
    for path in $PATHS; do
        "$BENCH_LOAD" "$BASE$path" 256 "$CONNS" >/dev/null # warm-up: each worker's engine loads its indexes once
        row "$path" "$("$BENCH_LOAD" "$BASE$path" "$REQUESTS" "$CONNS" | grep '^RESULT')"
    done
else
    echo "$REQUESTS requests per path over $CONNS keep-alive connections (asyncio client; client-bound):"
    header
    for path in $PATHS; do
        row "$path" "$(python3 "$ROOT/bench/load_client.py" "$BASE$path" "$REQUESTS" "$CONNS" | grep '^RESULT')"
    done
fi
if command -v wrk >/dev/null 2>&1; then
    echo
    echo "wrk, $THREADS threads, $CONNS connections, ${WRK_SECONDS:-5} s per path (its figures over more requests):"
    header
    for path in $PATHS; do
        row "$path" "$(wrk -t $THREADS -c "$CONNS" -d "${WRK_SECONDS:-5}s" --timeout 10s -s "$ROOT/bench/load.lua" \
                       "$BASE$path" | grep '^RESULT')"
    done
else
    echo "(wrk not installed: apt-get install wrk, or scripts/setup.sh, for the server's ceiling)"
fi
kill -0 "$SERVER" 2>/dev/null && echo "server still up after the run" || { echo "load.sh: the server died" >&2; exit 1; }
