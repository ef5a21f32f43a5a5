#!/bin/bash
# The docs path, measured (a script, not a test): what `plugboard-cli assist URL` proposes when an
# API has documentation pages and no spec.
#
#   bench/assist-docs.sh [BUILD_DIR]     (default: build-bench, built like assist-benchmark.sh)
#
# 1. A docs corpus from the corpus specs, one page per API: widdershins (Slate-style Markdown with
#    curl and JavaScript samples, parameter and schema tables) then marked (HTML), both pinned in
#    bench/node. Every link to the spec (any href ending in .json/.yaml/.yml, or naming openapi or
#    swagger) is cut down to its text and no copy of the spec is embedded, so the crawler must
#    read the HTML. Pages are cached in bench/.cache/docs/ (rebuilt when a spec changes).
# 2. Each site served by its own python3 http.server on 127.0.0.1, its page at "/" (one site
#    per server: a link to "/" must not reach the other APIs' pages).
# 3. `plugboard-cli assist http://127.0.0.1:PORT/ --format json`: wall time, CPU time
#    (user + sys, steadier than wall time on a loaded machine) and peak RSS (/usr/bin/time), then
#    the shared scorer, and the same APIs through the spec path, side by side. Targets: docs
#    macro >= 75 on the dev set, within 12 points of the spec path; any page up to 10 MB in
#    < 2 s and < 150 MB.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${PB_SHARED_DIR:-$root/../shared}
build=${1:-build-bench}
if [ "$build" = build-bench ] && [ ! -f build-bench/build.ninja ]; then
  meson setup build-bench -Dbuildtype=release -Dbenchmarks=true >/dev/null || exit 1
fi
meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
cli=$root/$build/src/cli/plugboard-cli
if [ ! -x bench/node/node_modules/.bin/widdershins ] || [ bench/node/package-lock.json -nt bench/node/node_modules ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error >&2) || exit 1
fi
cache=$root/bench/.cache/docs
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-docs.XXXXXX")
server=
cleanup () { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# ---- 1. the docs corpus ----
for truth in "$shared"/corpus/truth/*.json; do
  api=$(basename "$truth" .json)
  spec=$(ls "$shared"/corpus/openapi/"$api".* 2>/dev/null | head -n1)
  [ -n "$spec" ] || continue
  sum=$(sha256sum "$spec" | cut -c1-16)
  page=$cache/$api/index.html
  if [ -s "$page" ] && [ "$(cat "$cache/$api/.source" 2>/dev/null)" = "$sum" ]; then
    continue
  fi
  mkdir -p "$cache/$api"
  echo "building the docs page of $api…" >&2
  if ! timeout 900 node bench/node/node_modules/widdershins/widdershins.js "$spec" \
       -o "$work/$api.md" --language_tabs 'shell:curl' 'javascript:JavaScript' >/dev/null 2>&1; then
    echo "  widdershins failed on $api" >&2; continue
  fi
  node bench/node/docs-page.mjs "$work/$api.md" "$page" "$api" ||
    { echo "  marked failed on $api" >&2; continue; }
  echo "$sum" >"$cache/$api/.source"
done

# ---- 2. one loopback server per site ----
serve () {
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server --bind 127.0.0.1 --directory "$1" "$port" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  return 1
}

# ---- 3. assist on every site, and on the spec, scored ----
mkdir -p "$work/docs" "$work/spec"
printf "%-14s %8s %7s %8s %8s %9s  %7s  %s\n" api "page MB" "docs" "wall s" "CPU s" "peak MB" "spec" note
for truth in "$shared"/corpus/truth/*.json; do
  api=$(basename "$truth" .json)
  spec=$(ls "$shared"/corpus/openapi/"$api".* 2>/dev/null | head -n1)
  page=$cache/$api/index.html
  [ -s "$page" ] || { printf "%-14s  no docs page\n" "$api"; continue; }
  mb=$(stat -c %s "$page" | awk '{printf "%.2f", $1 / 1048576}')
  serve "$cache/$api" || { printf "%-14s  the loopback server did not start\n" "$api"; continue; }
  /usr/bin/time -f "%e %M %U %S" -o "$work/$api.time" "$cli" assist "http://127.0.0.1:$port/" \
    --format json --output "$work/docs/$api.json" >/dev/null 2>"$work/$api.err"
  rc=$?
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=
  read -r secs kb usr sys <"$work/$api.time" 2>/dev/null || { secs=0; kb=0; usr=0; sys=0; }
  cpu=$(awk -v u="${usr:-0}" -v s="${sys:-0}" 'BEGIN {printf "%.2f", u + s}')
  [ "$rc" = 0 ] || secs=$(tail -n1 "$work/$api.time" | cut -d' ' -f1)
  "$cli" assist "$spec" --format json --output "$work/spec/$api.json" >/dev/null 2>&1
  ds=$(python3 "$shared/bench/score-manifest.py" "$truth" "$work/docs/$api.json" 2>/dev/null | sed -n 's/^score: //p')
  ss=$(python3 "$shared/bench/score-manifest.py" "$truth" "$work/spec/$api.json" 2>/dev/null | sed -n 's/^score: //p')
  note=
  [ "$rc" = 0 ] || note="assist failed: $(grep -v '^Reading\|^Crawl\|^Found\|^Fetch' "$work/$api.err" | head -c 100 | tr '\n' ' ')"
  printf "%-14s %8s %7s %8s %8s %9.1f  %7s  %s\n" "$api" "$mb" "${ds:-0.0}" "$secs" "$cpu" \
    "$(awk -v k="${kb:-0}" 'BEGIN {print k / 1024}')" "${ss:-0.0}" "$note"
  awk -v s="$secs" -v c="$cpu" -v k="${kb:-0}" -v m="$mb" -v a="$api" \
    'BEGIN {if (m <= 10 && (s >= 2 || k / 1024 >= 150)) printf "%s: over the 2 s / 150 MB limit (wall %s s, CPU %s s, %d MB)\n", a, s, c, k / 1024}' >>"$work/limits"
done
echo
echo "== per metric, docs path =="
python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$work/docs" | sed -n '/^aggregate/,$p'
echo "== per metric, spec path (same build) =="
python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$work/spec" | sed -n '/^aggregate/,$p'
if [ -s "$work/limits" ]; then cat "$work/limits"; else echo "every page within 2 s and 150 MB"; fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
