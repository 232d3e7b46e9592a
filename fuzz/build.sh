#!/bin/sh
# Builds a libFuzzer target with clang, AddressSanitizer and UBSan, from the
# project's sources, into build-fuzz/.
# usage: fuzz/build.sh TARGET      (TARGET: a fuzz/TARGET.c file, e.g. fuzz_ingest)
#        then: build-fuzz/TARGET -max_total_time=60 build-fuzz/TARGET.corpus
set -eu
cd "$(dirname "$0")/.."
t=${1:?usage: fuzz/build.sh TARGET}
mkdir -p build-fuzz "build-fuzz/$t.corpus"
pkgs="libxml-2.0 sqlite3 jansson libutf8proc uchardet libxxhash zlib libcurl"
# shellcheck disable=SC2046
clang -std=c11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -Iinclude -Isrc $(pkg-config --cflags $pkgs) -I/usr/include/libstemmer \
    "fuzz/$t.c" src/core/*.c src/text/*.c src/ingest/*.c src/extract/*.c \
    $(pkg-config --libs $pkgs) -lstemmer -lm -o "build-fuzz/$t"
echo "built build-fuzz/$t"
