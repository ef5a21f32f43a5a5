#!/bin/bash
# Test-read speed and memory against curl, side by side in one run:
#   bench/runner-benchmark.sh [ROUNDS]          (default 3 rounds, best of each is kept)
# A loopback server (bench/runner-bench-server.c) serves 1,000 pages of 100 small records.
# `plugboard-cli test-read` reads all of them through a CursorPagination manifest (JSON parse,
# DpathExtractor, interpolation of cursor_value and stop_condition, schema inference, output);
# curl fetches the same 1,000 URLs in one process over one kept-alive connection (a -K config,
# no --parallel). Target: runner wall time <= 1.5x curl's. Memory: max RSS of the runner for
# 100 pages and for 1,000 pages (flat = about the same).
# Release build in build-release/ (meson setup build-release --buildtype=release
# -Dbenchmarks=true).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
dir=build-release

if [ ! -f $dir/build.ninja ]; then
  meson setup $dir --buildtype=release -Dbenchmarks=true >/dev/null
else
  meson configure $dir -Dbenchmarks=true >/dev/null
fi
meson compile -C $dir src/cli/plugboard-cli bench/runner-bench-server >/dev/null

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

$dir/bench/runner-bench-server 1000 > "$work/url" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
base=$(cat "$work/url")

cat > "$work/manifest.yaml" <<YAML
version: 6.44.0
type: DeclarativeSource
check: {type: CheckStream, stream_names: [items]}
streams:
  - type: DeclarativeStream
    name: items
    primary_key: id
    retriever:
      type: SimpleRetriever
      requester:
        type: HttpRequester
        url_base: "$base"
        path: /bench/items
        http_method: GET
      record_selector:
        type: RecordSelector
        extractor: {type: DpathExtractor, field_path: [data]}
      paginator:
        type: DefaultPaginator
        page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: page}
        pagination_strategy:
          type: CursorPagination
          cursor_value: "{{ response.next_page }}"
          stop_condition: "{{ response.next_page is none }}"
YAML

: > "$work/curl.cfg"
echo "url = \"$base/bench/items\"" >> "$work/curl.cfg"
echo 'output = "/dev/null"' >> "$work/curl.cfg"
for p in $(seq 2 1000); do
  echo "url = \"$base/bench/items?page=$p\"" >> "$work/curl.cfg"
  echo 'output = "/dev/null"' >> "$work/curl.cfg"
done

# wall seconds, max RSS (KiB) and CPU seconds (user + system) of a command, from GNU time
measure () {
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" > "$work/out" 2>"$work/err" || {
    echo "runner-benchmark: '$*' failed:" >&2; cat "$work/err" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time"
}

runner () {
  measure $dir/src/cli/plugboard-cli test-read "$work/manifest.yaml" --stream items \
    --max-pages "$1" --max-records 1000000 --json
}

min () { echo "$1 $2" | awk '{print ($1 < $2) ? $1 : $2}'; }
best_runner=999999; best_curl=999999; cpu_runner=999999; cpu_curl=999999; rss_1000=0; rss_100=0
for r in $(seq "$rounds"); do
  read -r t m c < <(runner 1000)
  count=$(grep -m1 '"record_count"' "$work/out" | tr -dc 0-9)
  [ "$count" = 100000 ] || { echo "runner-benchmark: read $count records, not 100000" >&2; exit 1; }
  read -r ct cm cc < <(measure curl -s -K "$work/curl.cfg")
  read -r t100 m100 c100 < <(runner 100)
  echo "round $r: runner ${t}s (CPU ${c}s, max RSS ${m} KiB), curl ${ct}s (CPU ${cc}s);" \
    "runner 100 pages: ${t100}s (max RSS ${m100} KiB)"
  best_runner=$(min "$t" "$best_runner"); best_curl=$(min "$ct" "$best_curl")
  cpu_runner=$(min "$c" "$cpu_runner"); cpu_curl=$(min "$cc" "$cpu_curl")
  rss_1000=$m; rss_100=$m100
done

# RSS while the pages go by (1,000 pages, sampled every 20 ms), then the JSON output at the end
$dir/src/cli/plugboard-cli test-read "$work/manifest.yaml" --stream items --max-pages 1000 \
  --max-records 1000000 --json > "$work/out" 2>"$work/err" &
pid=$!
: > "$work/rss"
while kill -0 $pid 2>/dev/null; do
  awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null >> "$work/rss" || true
  sleep 0.02
done
wait $pid
profile=$(awk 'NF { v[n++] = $1 } END { if (n == 0) exit;
  for (i = 1; i <= 10; i++) { k = int(i * n / 10) - 1; if (k < 0) k = 0; printf "%s%d", (i > 1 ? " " : ""), v[k] } }' "$work/rss")

ratio=$(echo "$best_runner $best_curl" | awk '{printf "%.2f", $1 / $2}')
echo
echo "1,000 pages x 100 records (100,000 records), best of $rounds:"
echo "  plugboard-cli test-read  ${best_runner} s"
echo "  curl -K (keep-alive)     ${best_curl} s"
echo "  ratio                    ${ratio}x (target <= 1.5x)"
echo "  CPU (user + system)      runner ${cpu_runner} s, curl ${cpu_curl} s"
echo "  load average             $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "  max RSS: 100 pages ${rss_100} KiB, 1,000 pages ${rss_1000} KiB"
echo "  RSS (KiB) at each tenth of a 1,000-page read: $profile"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' && echo "PASS" || { echo "FAIL"; exit 1; }
