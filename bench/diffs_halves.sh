#!/bin/bash
# "Where the sources differ" on the two halves of basil_dev, and on the whole set.
# usage: bench/diffs_halves.sh [SET_DIR] [--list]   (from the project's root, after `make`)
# SET_DIR (default ../shared/data/basil_dev) holds stories/<story>.jsonl and answers/<story>.json.
# 'train' = the stories whose id starts with 0-7 (rules are chosen there), 'val' = 8-f (figures
# reported there). Each half is a temporary SET_DIR of symlinks scored by ../shared/tools/check-diffs
# as it is; CROSSWIRE=path runs another binary. --list passes through (misses and unmatched items).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
set_dir=$shared/data/basil_dev
list=""
for a in "$@"; do
  case $a in
    --list) list=--list ;;
    *) set_dir=$a ;;
  esac
done
tool=$shared/tools/check-diffs
if [[ ! -d $set_dir/stories || ! -d $set_dir/answers ]]; then
  echo "SKIP: no $set_dir (stories/ and answers/): the data is not here"
  exit 0
fi
if [[ ! -x $tool ]]; then
  echo "SKIP: no $tool"
  exit 0
fi
export CROSSWIRE=${CROSSWIRE:-$root/build/crosswire}
[[ -x $CROSSWIRE ]] || { echo "no $CROSSWIRE: run make first, or set CROSSWIRE"; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for half in train val; do
  mkdir -p "$tmp/$half/stories" "$tmp/$half/answers"
done
n_train=0 n_val=0
for f in "$set_dir"/stories/*.jsonl; do
  s=$(basename "$f" .jsonl)
  a=$set_dir/answers/$s.json
  [[ -f $a ]] || continue
  case ${s:0:1} in
    [0-7]) half="train"; n_train=$((n_train + 1)) ;;
    *) half="val"; n_val=$((n_val + 1)) ;;
  esac
  ln -s "$f" "$tmp/$half/stories/$s.jsonl"
  ln -s "$a" "$tmp/$half/answers/$s.json"
done

run() {  # label, set dir: print the score line (and the listing when asked), labelled
  local label=$1 dir=$2 out
  out=$(cd "$root" && "$tool" "$dir" $list)
  local briefs=${out##*briefs: }
  [[ $briefs != "$out" && -d $briefs ]] && rm -rf "$briefs"
  if [[ -n $list ]]; then
    echo "== $label"
    grep -v '^briefs: ' <<<"$out" | grep -v '^differences: '
  fi
  echo "$label $(grep '^differences: ' <<<"$out")"
}
echo "crosswire: $CROSSWIRE"
run "train ($n_train stories, ids 0-7):" "$tmp/train"
run "val   ($n_val stories, ids 8-f):" "$tmp/val"
run "all   ($((n_train + n_val)) stories):" "$set_dir"
