#!/bin/sh
# The main job on the example corpus: ingest examples/ into a fresh store and
# show the stories and the brief of the first. Run from the project's root after `make`.
set -eu
cd "$(dirname "$0")/.."
db=${CROSSWIRE_DB:-build/example.db}
rm -f "$db" "$db-wal" "$db-shm"
echo "== crosswire ingest examples/corpus"
build/crosswire --db "$db" ingest examples/corpus
echo
echo "== crosswire stories"
build/crosswire --db "$db" stories
echo
echo "== crosswire story 1 (its articles and independent sources)"
build/crosswire --db "$db" story 1
echo
echo "== crosswire story 1 --format md (the brief)"
build/crosswire --db "$db" story 1 --format md
echo
echo "(store: $db; try: build/crosswire --db $db search landslide, show NAME --json,"
echo " story 1 --json, related NAME, serve)"
