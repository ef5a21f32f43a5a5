#!/bin/bash
# Connector Builder open benchmark (issue 12, point 7): opening a 250-stream manifest shows the
# project — its page mapped, the stream list filled, the first frame after painted — in under
# 200 ms. bench/builder-open.c does the opens in a real GTK window under Xvfb (xvfb-run), several
# rounds (the first one builds the widget classes, as the first open after start does), and this
# prints the median and the max against the target, with PASS/FAIL on the max.
# A script, not a test: timings depend on the machine.
#
#   bench/builder-open-benchmark.sh [ROUNDS [STREAMS]]     (default 9 rounds, 250 streams)
#   BUILDER_OPEN_VERBOSE=1 ...   also each round's read / save / page / first-frame split
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
streams=${2:-250}
target_ms=200
build=build-bench

for tool in xvfb-run; do
  command -v $tool >/dev/null || { echo "builder-open-benchmark: needs $tool (tools/install-deps.sh --tests)" >&2; exit 1; }
done
if [ ! -f $build/build.ninja ]; then
  meson setup $build -Dbuildtype=release -Dbenchmarks=true >/dev/null
fi
meson configure $build -Dbenchmarks=true >/dev/null
meson compile -C $build bench/builder-open >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private data dir: the opens save project files, as the app does, but not into the user's.
HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache \
  GSETTINGS_BACKEND=memory \
  xvfb-run -a -s "-screen 0 1280x1024x24" $build/bench/builder-open "$rounds" "$streams" \
  | tee "$work/out"

median=$(awk '/^median_ms:/ {print $2}' "$work/out")
max=$(awk '/^max_ms:/ {print $2}' "$work/out")
cpu_median=$(awk '/^cpu_median_ms:/ {print $2}' "$work/out")
cpu_max=$(awk '/^cpu_max_ms:/ {print $2}' "$work/out")
echo
printf '%-34s %10s %10s %8s\n' "open $streams streams" "median ms" "max ms" "target"
printf '%-34s %10s %10s %8s\n' "manifest -> page shown (wall)" "$median" "$max" "< $target_ms"
printf '%-34s %10s %10s\n' "  of which this process's CPU" "$cpu_median" "$cpu_max"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall = CPU + waiting for a core)"
if awk -v m="$max" -v t="$target_ms" 'BEGIN { exit !(m < t) }'; then
  echo "PASS: every open showed the project in under $target_ms ms"
else
  echo "FAIL: an open took $max ms (target < $target_ms ms)"
  exit 1
fi
