#!/bin/sh
# Builds a libFuzzer target with clang, AddressSanitizer and UBSan, from the
# project's sources, into build-fuzz/.
# usage: fuzz/build.sh TARGET      (TARGET: a fuzz/TARGET.c file, e.g. fuzz_ingest)
#        then: build-fuzz/TARGET -max_total_time=60 build-fuzz/TARGET.corpus
#
# A target is built with core, text, ingest and extract. One whose file holds
# the line "/* fuzz-build: server */" is built with the whole library, the
# server (server/*.c), its embedded web assets and libmicrohttpd instead.
set -eu
cd "$(dirname "$0")/.."
t=${1:?usage: fuzz/build.sh TARGET}
[ -f "fuzz/$t.c" ] || { echo "fuzz/build.sh: no fuzz/$t.c" >&2; exit 2; }
mkdir -p build-fuzz "build-fuzz/$t.corpus"
pkgs="libxml-2.0 sqlite3 jansson libutf8proc uchardet libxxhash zlib libcurl"
srcs="src/core/*.c src/text/*.c src/ingest/*.c src/extract/*.c"
extra=""
if grep -q '^/\* fuzz-build: server \*/$' "fuzz/$t.c"; then
    pkgs="$pkgs libmicrohttpd"
    # the web assets as a C file, as server/CMakeLists.txt makes them
    files=$(find "$PWD/server/web" -type f | sort | tr '\n' '|' | sed 's/|$//')
    cmake -DOUT="$PWD/build-fuzz/web_assets.c" -DFILES="$files" -P server/embed.cmake
    srcs="src/*/*.c server/*.c build-fuzz/web_assets.c"
    extra="-pthread"
fi
# shellcheck disable=SC2046,SC2086
clang -std=c11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I. -Iinclude -Isrc $(pkg-config --cflags $pkgs) -I/usr/include/libstemmer \
    "fuzz/$t.c" $srcs \
    $(pkg-config --libs $pkgs) -lstemmer -lm $extra -o "build-fuzz/$t"
echo "built build-fuzz/$t"
