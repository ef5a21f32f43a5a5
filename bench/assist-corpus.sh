#!/bin/sh
# Runs `plugboard-cli assist` over every corpus spec, prints wall time and peak RSS per spec,
# then each API's score and the macro score from the shared scorer.
# Usage: bench/assist-corpus.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=${PB_SHARED_DIR:-$root/../shared}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-14s %8s %10s\n' spec seconds peak_kb
for spec in "$shared"/corpus/openapi/*; do
  api=$(basename "${spec%.*}")
  /usr/bin/time -f "%e %M" -o "$out/$api.time" \
    "$build/src/cli/plugboard-cli" assist "$spec" --format json --output "$out/$api.json" 2>/dev/null || true
  printf '%-14s %8s %10s\n' "$api" $(cat "$out/$api.time" | tail -1)
done
echo
python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$out"
