#!/bin/bash
# Fuzzes the manifest expression evaluator (PbExpr: template parsing, evaluation, filters,
# functions) and the datetime formats with libFuzzer under ASan + UBSan for N seconds
# (default 60):
#   bench/fuzz-expr.sh [SECONDS]
# Builds build-fuzz/ with clang -Dfuzzing=true, seeds from hand-written templates, keeps what it
# learns in build-fuzz/fuzz-expr-corpus/ and any crash in build-fuzz/fuzz-expr-artifacts/
# (replay one: build-fuzz/tests/fuzz/fuzz-expr FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

command -v clang >/dev/null || { echo "fuzz-expr: needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
dir=build-fuzz
if [ ! -f $dir/build.ninja ]; then
  CC=clang meson setup $dir -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C $dir tests/fuzz/fuzz-expr >/dev/null

seeds=$dir/fuzz-expr-seeds
corpus=$dir/fuzz-expr-corpus
artifacts=$dir/fuzz-expr-artifacts
mkdir -p "$seeds" "$corpus" "$artifacts"
printf "https://{{ config['a'] }}.example.com/{{ stream_slice.start_time }}" > "$seeds/url"
printf "{{ response.next if response.more else none }}" > "$seeds/cond"
printf "{{ headers['link']['next']['url'] }}" > "$seeds/link"
printf "{{ not response.more or (last_page_size < config.n) }}" > "$seeds/stop"
printf "{{ response.data | length }} {{ '7' | int + 1 }} {{ config.list | join(',') }}" > "$seeds/filters"
printf "{{ format_datetime(config.start, '%%s') }} {{ day_delta(-1, '%%Y-%%m-%%d') }}" > "$seeds/dates"
printf "{{ {'a': [1, 2.5, 'x'], 'b': none}['a'][-1] ~ 'y' }}" > "$seeds/literals"
printf "%%Y-%%m-%%dT%%H:%%M:%%S.%%f%%z\n2024-02-03T04:05:06.5+02:00" > "$seeds/datetime"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$(date +%s)
set +e
$dir/tests/fuzz/fuzz-expr "$corpus" "$seeds" \
  -dict=tests/fuzz/expr.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" 2>$dir/fuzz-expr.log
rc=$?
set -e
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|stat::new_units_added)|^#[0-9]+.*DONE' $dir/fuzz-expr.log || true
echo "fuzz-expr: $(( $(date +%s) - start )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $rc"
if [ $rc -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written' $dir/fuzz-expr.log | head -20 >&2
  exit $rc
fi
