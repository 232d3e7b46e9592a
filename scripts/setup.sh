#!/bin/sh
# Installs what crosswire needs to build and test, from Debian 12 packages,
# when it is missing. Safe to run again; needs root (or sudo) only when
# something is missing.
set -eu

PACKAGES="build-essential cmake pkg-config git python3
libxml2-dev libsqlite3-dev sqlite3 libjansson-dev libutf8proc-dev libuchardet-dev libstemmer-dev
libxxhash-dev zlib1g-dev libcmocka-dev libcurl4-openssl-dev
python3-readability python3-sklearn clang libclang-rt-14-dev
libmicrohttpd-dev chromium wrk
python3-pytest python3-venv python3-wheel python3-setuptools python3-dask python3-distributed"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "setup: installing:$missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
