#!/bin/sh
# Part 1 of bench/assist-benchmark.sh alone (score, time and peak memory per corpus spec, and
# the macro score), on an existing build directory. One scoring path: this only calls it.
# Usage: bench/assist-corpus.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/bench/assist-benchmark.sh" --quality-only --build "$(cd "${1:-$root/build}" && pwd)"
