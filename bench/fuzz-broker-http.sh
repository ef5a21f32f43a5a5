#!/bin/bash
# Fuzzes the broker's HTTP parsing (pb-broker-parse.c: agents' requests, APIs' answers, whole
# and in pieces, which must agree) with libFuzzer under ASan + UBSan for N seconds
# (default 60):
#   bench/fuzz-broker-http.sh [SECONDS]
# Builds build-fuzz/ with clang -Dfuzzing=true, seeds from hand-written requests and answers, keeps what it
# learns in build-fuzz/fuzz-broker-http-corpus/ and any crash in build-fuzz/fuzz-broker-http-artifacts/
# (replay one: build-fuzz/tests/fuzz/fuzz-broker-http FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

command -v clang >/dev/null || { echo "fuzz-broker-http: needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
dir=build-fuzz
if [ ! -f $dir/build.ninja ]; then
  CC=clang meson setup $dir -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C $dir tests/fuzz/fuzz-broker-http >/dev/null

seeds=$dir/fuzz-broker-http-seeds
corpus=$dir/fuzz-broker-http-corpus
artifacts=$dir/fuzz-broker-http-artifacts
mkdir -p "$seeds" "$corpus" "$artifacts"
# Seeds: the first byte picks requests (0x0_) or answers (0x1_, 0x3_: to HEAD) and the cuts.
printf '\x05GET /connectors/Local%%20API/x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nAuthorization: Bearer t\r\n\r\n' > "$seeds/get"
printf '\x07POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.0\r\n\r\n' > "$seeds/pipelined"
printf '\x09POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n4\r\nabcd\r\n0\r\n\r\n' > "$seeds/chunked"
printf '\x03CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\n\r\n' > "$seeds/connect"
printf '\x14HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: b\r\nConnection: close\r\n\r\nabc' > "$seeds/answer"
printf '\x16HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n' > "$seeds/answer-chunked"
printf '\x12HTTP/1.0 200 OK\r\nSet-Cookie: a=b\r\n\r\nuntil the end' > "$seeds/answer-eof"
printf '\x31HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n' > "$seeds/answer-head"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$(date +%s)
set +e
$dir/tests/fuzz/fuzz-broker-http "$corpus" "$seeds" \
  -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" 2>$dir/fuzz-broker-http.log
rc=$?
set -e
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|stat::new_units_added)|^#[0-9]+.*DONE' $dir/fuzz-broker-http.log || true
echo "fuzz-broker-http: $(( $(date +%s) - start )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $rc"
if [ $rc -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written' $dir/fuzz-broker-http.log | head -20 >&2
  exit $rc
fi
