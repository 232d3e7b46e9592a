#!/bin/sh
# The main job on the example corpus: ingest examples/ into a fresh store and
# show what came out. Run from the project's root after `make`.
set -eu
cd "$(dirname "$0")/.."
db=${CROSSWIRE_DB:-build/example.db}
rm -f "$db" "$db-wal" "$db-shm"
echo "== crosswire ingest examples/corpus"
build/crosswire --db "$db" ingest examples/corpus
echo
echo "== crosswire articles"
build/crosswire --db "$db" articles
echo
echo "== crosswire search \"landslide evacuated\""
build/crosswire --db "$db" search landslide evacuated
echo
echo "(store: $db; try: build/crosswire --db $db show NAME)"
