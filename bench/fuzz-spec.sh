#!/bin/bash
# Fuzzes the spec reader (PbSpecDocument: cJSON + the libyaml builder + $ref resolution) with
# libFuzzer under ASan + UBSan for N seconds (default 60):
#   bench/fuzz-spec.sh [SECONDS]
# Builds build-fuzz/ with clang -Dfuzzing=true, seeds from small corpus specs and a few
# hand-written documents, keeps what it learns in build-fuzz/fuzz-corpus/ and any crash in
# build-fuzz/fuzz-artifacts/ (replay one: build-fuzz/tests/fuzz/fuzz-spec-document FILE).
# PB_FUZZ_ARENA=1 does the same in build-fuzz-arena/ with UBSan only (arenas are off under ASan).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shared=${PB_SHARED_DIR:-$PWD/../shared}

command -v clang >/dev/null || { echo "fuzz-spec: needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
# PB_FUZZ_ARENA=1: UBSan only, so the reader's arena (off under ASan) is fuzzed too.
if [ "${PB_FUZZ_ARENA:-0}" = 1 ]; then
  dir=build-fuzz-arena; sanitize=undefined
else
  dir=build-fuzz; sanitize=address,undefined
fi
if [ ! -f $dir/build.ninja ]; then
  CC=clang meson setup $dir -Dfuzzing=true -Db_sanitize=$sanitize -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C $dir tests/fuzz/fuzz-spec-document >/dev/null

seeds=$dir/fuzz-seeds
corpus=$dir/fuzz-corpus
artifacts=$dir/fuzz-artifacts
mkdir -p "$seeds" "$corpus" "$artifacts"
# Small real specs, and the first 8 KB of a few bigger ones (truncated input is a case too).
for f in nytimes.yaml; do cp "$shared/corpus/openapi/$f" "$seeds/"; done
for f in ynab.yaml onesignal.json alpaca.yaml shortcut.json pokeapi.yaml; do
  head -c 8192 "$shared/corpus/openapi/$f" > "$seeds/head-$f"
done
printf 'openapi: 3.0.0\nbase: &b {type: object, properties: {id: {type: string}}}\nx:\n  <<: *b\n  y: [*b, *b]\ncomponents:\n  schemas:\n    A: {$ref: "#/components/schemas/B"}\n    B: {allOf: [{$ref: "#/components/schemas/A"}, {properties: {n: {type: integer}}}]}\n' > "$seeds/anchors-refs.yaml"
printf '{"swagger": "2.0", "paths": {"/a/{id}": {"get": {"responses": {"200": {"schema": {"$ref": "#/definitions/P"}}}}}}, "definitions": {"P": {"type": "object", "properties": {"id": {"$ref": "#/definitions/P/properties/x"}, "x": {"type": "string"}}}}}' > "$seeds/swagger.json"
printf 'openapi: "3.1.0"\npaths:\n  /a~b:\n    get: {x: !!str 1, y: 0x1F, z: .inf, w: ~, v: [1.5e3, "q", |\n      lit\n      ]}\n' > "$seeds/scalars.yaml"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$(date +%s)
set +e
$dir/tests/fuzz/fuzz-spec-document "$corpus" "$seeds" \
  -dict=tests/fuzz/spec.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" 2>$dir/fuzz.log
rc=$?
set -e
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|stat::new_units_added)|^#[0-9]+.*DONE' $dir/fuzz.log || true
echo "fuzz-spec: $(( $(date +%s) - start )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $rc"
if [ $rc -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written' $dir/fuzz.log | head -20 >&2
  exit $rc
fi
