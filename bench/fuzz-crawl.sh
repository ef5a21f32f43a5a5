#!/bin/bash
# Fuzzes what the crawler reads from the network (charset conversion, the tag scanner, link and
# spec extraction, robots.txt) with libFuzzer under ASan + UBSan for N seconds (default 60):
#   bench/fuzz-crawl.sh [SECONDS]
# Shares build-fuzz/ with bench/fuzz-spec.sh; crashes land in build-fuzz/fuzz-crawl-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

command -v clang >/dev/null || { echo "fuzz-crawl: needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
dir=build-fuzz
if [ ! -f $dir/build.ninja ]; then
  CC=clang meson setup $dir -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C $dir tests/fuzz/fuzz-crawl-html >/dev/null

seeds=$dir/fuzz-crawl-seeds
corpus=$dir/fuzz-crawl-corpus
artifacts=$dir/fuzz-crawl-artifacts
mkdir -p "$seeds" "$corpus" "$artifacts"
cp tests/data/crawler/*.html "$seeds/" 2>/dev/null || true
find tests/data/crawler -name '*.html' -size -64k -exec cp {} "$seeds/" \; 2>/dev/null || true
printf 'User-agent: *\nDisallow: /private\nAllow: /private/ok\nCrawl-delay: 1\n\nUser-agent: PlugboardAssist\nDisallow: /*.pdf$\n' > "$seeds/robots.txt"
printf '<meta charset="shift_jis"><a href="../x.html">x</a><redoc spec-url="/openapi.yaml"></redoc><script>SwaggerUIBundle({url: "/v3/api-docs"})</script>' > "$seeds/viewers.html"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$(date +%s)
set +e
$dir/tests/fuzz/fuzz-crawl-html "$corpus" "$seeds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" 2>$dir/fuzz-crawl.log
rc=$?
set -e
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|stat::new_units_added)' $dir/fuzz-crawl.log || true
echo "fuzz-crawl: $(( $(date +%s) - start )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $rc"
if [ $rc -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written' $dir/fuzz-crawl.log | head -20 >&2
  exit $rc
fi
