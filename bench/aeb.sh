#!/bin/sh
# The article-extraction benchmark (../shared/data/aeb): crosswire's P, R and
# F1 with the shared scorer, then readability-lxml over the same pages in the
# same run, with pages/s, MB/s, peak memory of each and the speed ratio.
#
#   bench/aeb.sh [BUILD_DIR]        (default: build)
#
# The data is read from ../shared at run time and never copied here.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=$root/../shared/data/aeb
scorer=$root/../shared/tools/aeb_score.py
if [ ! -d "$data/html" ] || [ ! -f "$scorer" ]; then
    echo "aeb: skipped: $data or $scorer is absent"
    exit 0
fi
cmake --build "$build" --target bench_extract >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/bench/bench_extract" -r 3 "$data/html" | tee "$tmp/cw.txt"
"$build/bench/bench_extract" -o "$tmp/cw.json" "$data/html" >/dev/null
echo "crosswire score:"
/usr/bin/python3 "$scorer" "$data/ground-truth.json" "$tmp/cw.json"
[ "${AEB_PAGES:-0}" != 0 ] && /usr/bin/python3 "$root/bench/aeb_pages.py" "$data/ground-truth.json" "$tmp/cw.json" "$AEB_PAGES"

if /usr/bin/python3 -c 'from readability import Document' 2>/dev/null; then
    /usr/bin/python3 "$root/bench/aeb_readability.py" "$data/html" "$tmp/rd.json" | tee "$tmp/rd.txt"
    echo "readability-lxml score:"
    /usr/bin/python3 "$scorer" "$data/ground-truth.json" "$tmp/rd.json"
    cw=$(sed -n 's/.*, \([0-9.]*\) MB\/s.*/\1/p' "$tmp/cw.txt")
    rd=$(sed -n 's/.*, \([0-9.]*\) MB\/s.*/\1/p' "$tmp/rd.txt")
    /usr/bin/python3 -c "print('speed ratio crosswire/readability-lxml: %.1fx' % ($cw / $rd))"
else
    echo "readability-lxml: skipped: python3-readability is not installed (apt-get install python3-readability)"
fi
