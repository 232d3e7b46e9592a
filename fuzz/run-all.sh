#!/bin/sh
# Builds every fuzz target and runs each for SECONDS (default 30), seeded
# with the project's own fixtures and hostile inputs, plus fuzz/seeds/TARGET/
# when that folder exists. Exits non-zero when a target crashes, leaks or
# times out; the input that did it is left in build-fuzz/. Prints executions
# and coverage of each run.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-30}
status=0
passed=0
failed=0
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    fuzz/build.sh "$t" >/dev/null
    corpus=build-fuzz/$t.corpus
    mkdir -p "$corpus"
    # seeds: small fixture files of our own (never the shared data)
    find tests/fixtures tests/hostile examples/corpus -type f -size -64k 2>/dev/null |
        while read -r f; do cp "$f" "$corpus/" 2>/dev/null || true; done
    # and the target's own hand-written seeds, when it has some
    if [ -d "fuzz/seeds/$t" ]; then cp "fuzz/seeds/$t"/* "$corpus/"; fi
    log=build-fuzz/$t.log
    if build-fuzz/"$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix=build-fuzz/"$t"- "$corpus" >"$log" 2>&1; then
        line=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1)
        echo "$t: no crash in ${secs}s: $line"
        passed=$((passed + 1))
    else
        echo "$t: FAILED (see $log)"
        tail -n 30 "$log"
        status=1
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
