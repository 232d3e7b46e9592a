#!/bin/sh
# One command from a fresh Debian 12 machine: install what is missing, build,
# and run the main job on the example corpus.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
make
scripts/demo.sh
