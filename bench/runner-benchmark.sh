#!/bin/bash
# Test-read speed and memory against curl, side by side in one run:
#   bench/runner-benchmark.sh [ROUNDS]          (default 5 rounds)
#   RUNNER_BENCH_CALLGRIND=1 bench/runner-benchmark.sh   (also instruction counts, valgrind)
# A loopback server (bench/runner-bench-server.c) serves 1,000 pages of 100 small records.
# `plugboard-cli test-read` reads all of them through a CursorPagination manifest (JSON parse,
# DpathExtractor, interpolation of cursor_value and stop_condition, schema inference, output);
# curl fetches the same 1,000 URLs in one process over one kept-alive connection (a -K config,
# no --parallel). Target: runner wall time <= 1.5x curl's. Each round runs both, one after the
# other; the best and the median of the rounds are printed, for wall time and for CPU time
# (user + system: the steadier figure on a loaded machine). Memory: max RSS of the runner for
# 100 pages and for 1,000 pages (flat = about the same), and RSS sampled through a read.
# Release build in build-release/ (meson setup build-release --buildtype=release
# -Dbenchmarks=true).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
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

# best and median of a column of numbers
best () { sort -g | head -1; }
median () { sort -g | awk '{ v[n++] = $1 } END { if (n % 2) print v[(n - 1) / 2];
  else printf "%.2f\n", (v[n / 2 - 1] + v[n / 2]) / 2 }'; }

: > "$work/rounds"
for r in $(seq "$rounds"); do
  read -r t m c < <(runner 1000)
  count=$(grep -m1 '"record_count"' "$work/out" | tr -dc 0-9)
  [ "$count" = 100000 ] || { echo "runner-benchmark: read $count records, not 100000" >&2; exit 1; }
  read -r ct cm cc < <(measure curl -s -K "$work/curl.cfg")
  read -r t100 m100 c100 < <(runner 100)
  printf 'round %d: runner %ss (CPU %ss, max RSS %s KiB), curl %ss (CPU %ss); ratio %s;' \
    "$r" "$t" "$c" "$m" "$ct" "$cc" "$(echo "$t $ct" | awk '{printf "%.2f", $1 / $2}')"
  echo " runner 100 pages: ${t100}s (max RSS ${m100} KiB)"
  echo "$t $c $ct $cc" >> "$work/rounds"
  rss_1000=$m; rss_100=$m100
done
col () { awk -v c="$1" '{ print $c }' "$work/rounds"; }
best_runner=$(col 1 | best); med_runner=$(col 1 | median)
cpu_runner=$(col 2 | best); med_cpu_runner=$(col 2 | median)
best_curl=$(col 3 | best); med_curl=$(col 3 | median)
cpu_curl=$(col 4 | best); med_cpu_curl=$(col 4 | median)

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
med_ratio=$(echo "$med_runner $med_curl" | awk '{printf "%.2f", $1 / $2}')
cpu_ratio=$(echo "$cpu_runner $cpu_curl" | awk '{printf "%.2f", $1 / ($2 > 0 ? $2 : 0.01)}')
echo
echo "1,000 pages x 100 records (100,000 records), $rounds rounds:"
echo "                           best      median"
printf '  runner wall              %-9s %s s\n' "$best_runner" "$med_runner"
printf '  curl wall                %-9s %s s\n' "$best_curl" "$med_curl"
printf '  wall ratio               %-9s %s   (target <= 1.5x)\n' "${ratio}x" "${med_ratio}x"
printf '  runner CPU (user+sys)    %-9s %s s\n' "$cpu_runner" "$med_cpu_runner"
printf '  curl CPU (user+sys)      %-9s %s s\n' "$cpu_curl" "$med_cpu_curl"
printf '  CPU ratio (best)         %s\n' "${cpu_ratio}x"
echo "  load average             $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "  max RSS: 100 pages ${rss_100} KiB, 1,000 pages ${rss_1000} KiB"
echo "  RSS (KiB) at each tenth of a 1,000-page read: $profile"

# Instruction counts (deterministic, whatever the load): valgrind's callgrind, both programs.
if [ "${RUNNER_BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null; then
  irefs () {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
      | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
  }
  ir_runner=$(irefs $dir/src/cli/plugboard-cli test-read "$work/manifest.yaml" --stream items \
    --max-pages 1000 --max-records 1000000 --json)
  ir_curl=$(irefs curl -s -K "$work/curl.cfg")
  echo "  instructions (callgrind): runner $ir_runner, curl $ir_curl," \
    "ratio $(echo "$ir_runner $ir_curl" | awk '{printf "%.2f", $1 / $2}')x"
fi
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' && echo "PASS (best wall ratio)" \
  || { echo "FAIL (best wall ratio)"; exit 1; }
