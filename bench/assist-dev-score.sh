#!/bin/bash
# Dev-set score of the spec path alone, fast: `plugboard-cli assist` on every corpus spec (two at
# a time), the manifests kept in OUT_DIR, then the shared scorer over the truth files.
#   bench/assist-dev-score.sh [BUILD_DIR [OUT_DIR]]   (defaults: build, a temporary directory)
# Prints the scorer's per-API report (SCORE_VERBOSE=1) or its last lines, and "score: NN.N".
# Extra `assist` options go in ASSIST_FLAGS (e.g. ASSIST_FLAGS=--disable-rules=next-url).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PB_SHARED_DIR:-$root/../shared}
build=${1:-$root/build}
out=${2:-}
if [ -z "$out" ]; then
  out=$(mktemp -d "${TMPDIR:-/tmp}/pb-dev.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
cli=$build/src/cli/plugboard-cli
ls "$shared"/corpus/openapi/* | xargs -P 2 -I{} sh -c \
  'f={}; b=$(basename "${f%.*}"); "$0" assist "$f" --format json --output "$1/$b.json" $2 \
     >/dev/null 2>"$1/$b.err" || echo "assist failed on $b" >&2' "$cli" "$out" "${ASSIST_FLAGS:-}"
if [ "${SCORE_VERBOSE:-0}" = 1 ]; then
  python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$out"
else
  python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$out" | tail -n 10
fi
