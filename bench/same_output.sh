#!/usr/bin/env bash
# same_output: do two builds of the CLI give the same output, byte for byte?
#
# usage: bench/same_output.sh [--scale N] [--pages N] [--stories N] [--related N] [--keep DIR] OLD_BIN NEW_BIN
#
# For each input set, each binary ingests it into a fresh store, then the
# script takes what a user reads:
#   ingest   ingest --json (the report, without its "seconds")
#   stories  stories --json
#   story    story ID --json for each story stories --json lists (the same
#            ids for both; of the scale set, the first 100, or N with --stories N)
#   articles articles --json
#   related  related NAME --json for each article articles --json lists (of
#            the scale set, the first 1,000, or N with --related N)
# and, over a set of pages, extract --json of each page (one output).
# It prints the md5 of every output of both binaries and "same" or
# "DIFFERENT" for each pair, and at the end how many pairs differ; the exit
# status is 0 when all are the same, 1 when one differs, 2 on bad usage.
#
# The sets: the seeds (../shared/seeds), the project's examples
# (examples/corpus), ECB+ dev (../shared/data/ecbplus_dev.jsonl) and, with
# --scale N, N articles made by bench/bench_scale.py's generator from the dev
# data (the file is made once into the --keep folder, or a temporary one).
# The pages for extract: the first --pages (default 150) of WCXB dev
# (../shared/data/wcxb_dev/html) and the same number of the article
# extraction benchmark (../shared/data/aeb/html), unpacked into the work
# folder, plus the example's HTML page. A set whose data is absent is
# skipped with a line saying so; without ../shared only the examples run.
#
# The data stay in ../shared: only the work folder (removed at the end
# unless --keep) holds stores, outputs and unpacked pages.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${CW_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
SCALE=0 PAGES=150 NSTORIES=100 NRELATED=1000 KEEP=
usage() { sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --scale) SCALE=${2:-}; shift 2 || usage ;;
    --pages) PAGES=${2:-}; shift 2 || usage ;;
    --stories) NSTORIES=${2:-}; shift 2 || usage ;;
    --related) NRELATED=${2:-}; shift 2 || usage ;;
    --keep) KEEP=${2:-}; shift 2 || usage ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || usage
for n in "$SCALE" "$PAGES" "$NSTORIES" "$NRELATED"; do case $n in '' | *[!0-9]*) usage ;; esac; done
OLD=$(readlink -f "$1") NEW=$(readlink -f "$2")
for b in "$OLD" "$NEW"; do [ -x "$b" ] || { echo "same_output: $b is not an executable" >&2; exit 2; }; done

if [ -n "$KEEP" ]; then WORK=$KEEP; mkdir -p "$WORK"; else WORK=$(mktemp -d /tmp/cw_same.XXXXXX); trap 'rm -rf "$WORK"' EXIT; fi
differ=0 pairs=0

# run BIN TAG SET INPUT: fresh store, ingest, the outputs into $WORK/out/SET.TAG.*
run() {
    local bin=$1 tag=$2 set=$3 input=$4 o="$WORK/out/$3.$2" db="$WORK/db/$3.$2.db"
    mkdir -p "$WORK/out" "$WORK/db"
    rm -f "$db" "$db"-* "$o".*
    "$bin" --db "$db" ingest "$input" --json 2>"$o.ingest.err" | sed 's/,"seconds":[0-9.eE+-]*//; s/"seconds":[0-9.eE+-]*,\{0,1\}//' >"$o.ingest"
    echo "exit ${PIPESTATUS[0]}" >>"$o.ingest"
    "$bin" --db "$db" stories --json >"$o.stories" 2>&1
    "$bin" --db "$db" articles --json >"$o.articles" 2>&1
}

# first SET N: the first N lines of the scale set's list, all of another's
first() { case $1 in scale*) head -n "$2" ;; *) cat ;; esac; }

# ids_of SET TAG: the story ids to ask for (both binaries get the old one's list)
ids_of() { sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$WORK/out/$1.$2.stories" | first "$1" "$NSTORIES"; }

story_all() {
    local bin=$1 tag=$2 set=$3 db="$WORK/db/$3.$2.db" o="$WORK/out/$3.$2.story"
    : >"$o"
    while read -r id; do
        echo "== story $id" >>"$o"
        "$bin" --db "$db" story "$id" --json >>"$o" 2>&1
        echo "exit $?" >>"$o"
    done <"$WORK/out/$set.ids"
}

# names_of SET TAG: the article names to ask related for, one a line
names_of() {
    python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    try: print(json.loads(line)["name"])
    except (ValueError, KeyError): pass' "$WORK/out/$1.$2.articles" >"$WORK/out/$1.all_names"
    first "$1" "$NRELATED" <"$WORK/out/$1.all_names"
}

related_all() {
    local bin=$1 tag=$2 set=$3 db="$WORK/db/$3.$2.db" o="$WORK/out/$3.$2.related"
    : >"$o"
    while IFS= read -r name; do
        echo "== related $name" >>"$o"
        "$bin" --db "$db" related "$name" --json >>"$o" 2>&1
        echo "exit $?" >>"$o"
    done <"$WORK/out/$set.names"
}

compare() { # SET KIND [NOTE]
    local a="$WORK/out/$1.old.$2" b="$WORK/out/$1.new.$2" ma mb verdict
    ma=$(md5sum <"$a" | cut -c1-32) mb=$(md5sum <"$b" | cut -c1-32)
    pairs=$((pairs + 1))
    if [ "$ma" = "$mb" ]; then verdict=same; else verdict=DIFFERENT; differ=$((differ + 1)); fi
    printf '%-10s %-9s %s %s %-9s %s\n' "$1" "$2" "$ma" "$mb" "$verdict" "${3:-}"
}

one_set() { # SET INPUT
    local set=$1 input=$2 t0 t1 t2
    t0=$(date +%s.%N)
    run "$OLD" old "$set" "$input"
    t1=$(date +%s.%N)
    run "$NEW" new "$set" "$input"
    t2=$(date +%s.%N)
    ids_of "$set" old >"$WORK/out/$set.ids"
    story_all "$OLD" old "$set"
    story_all "$NEW" new "$set"
    names_of "$set" old >"$WORK/out/$set.names"
    related_all "$OLD" old "$set"
    related_all "$NEW" new "$set"
    compare "$set" ingest "$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "(ingest and lists: old %.1f s, new %.1f s)", b - a, c - b }')"
    compare "$set" stories "($(wc -l <"$WORK/out/$set.old.stories") stories)"
    compare "$set" story "($(wc -l <"$WORK/out/$set.ids") asked)"
    compare "$set" articles "($(wc -l <"$WORK/out/$set.old.articles") articles)"
    compare "$set" related "($(wc -l <"$WORK/out/$set.names") asked)"
}

printf '%-10s %-9s %-32s %-32s %s\n' set output "md5 old ($(basename "$OLD"))" "md5 new ($(basename "$NEW"))" verdict

if [ -d "$SHARED/seeds" ]; then one_set seeds "$SHARED/seeds"; else echo "seeds: skipped ($SHARED/seeds is absent)"; fi
one_set examples "$ROOT/examples/corpus"
if [ -f "$SHARED/data/ecbplus_dev.jsonl" ]; then one_set ecb_dev "$SHARED/data/ecbplus_dev.jsonl"; else echo "ecb_dev: skipped ($SHARED/data/ecbplus_dev.jsonl is absent)"; fi
if [ "$SCALE" -gt 0 ]; then
    if [ -f "$SHARED/data/ecbplus_dev.jsonl" ]; then
        src="$WORK/scale_$SCALE.jsonl"
        if [ ! -s "$src" ]; then
            python3 - "$ROOT/bench" "$SCALE" "$src" <<'EOF' || { echo "scale: the generator failed" >&2; exit 1; }
import json, sys
sys.path.insert(0, sys.argv[1])
import bench_scale
with open(sys.argv[3] + '.part', 'w') as f:
    for art in bench_scale.articles(int(sys.argv[2])):
        f.write(json.dumps(art, ensure_ascii=False) + '\n')
import os
os.rename(sys.argv[3] + '.part', sys.argv[3])
EOF
        fi
        one_set "scale$SCALE" "$src"
    else
        echo "scale: skipped ($SHARED/data is absent)"
    fi
fi

# extract --json over a set of pages, one output per binary
mkdir -p "$WORK/pages" "$WORK/out"
if [ ! -f "$WORK/pages/.done" ]; then
    cp "$ROOT"/examples/corpus/*.html "$WORK/pages/" 2>/dev/null
    for d in wcxb_dev aeb; do
        [ -d "$SHARED/data/$d/html" ] || { echo "pages: $d skipped ($SHARED/data/$d/html is absent)"; continue; }
        ls "$SHARED/data/$d/html" | LC_ALL=C sort | head -n "$PAGES" | while read -r f; do
            case $f in
            *.gz) gzip -dc "$SHARED/data/$d/html/$f" >"$WORK/pages/${d}_${f%.gz}" ;;
            *) cp "$SHARED/data/$d/html/$f" "$WORK/pages/${d}_$f" ;;
            esac
        done
    done
    touch "$WORK/pages/.done"
fi
for tag in old new; do
    if [ $tag = old ]; then bin=$OLD; else bin=$NEW; fi
    : >"$WORK/out/pages.$tag.extract"
    for f in $(ls "$WORK/pages" | LC_ALL=C sort); do
        echo "== $f" >>"$WORK/out/pages.$tag.extract"
        "$bin" extract "$WORK/pages/$f" --json >>"$WORK/out/pages.$tag.extract" 2>&1
        echo "exit $?" >>"$WORK/out/pages.$tag.extract"
    done
done
compare pages extract "($(ls "$WORK/pages" | wc -l) pages)"

if [ "$differ" -eq 0 ]; then
    echo "all $pairs outputs the same"
    exit 0
fi
echo "$differ of $pairs outputs DIFFERENT (outputs in $WORK/out with --keep)"
exit 1
