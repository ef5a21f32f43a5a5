#!/bin/bash
# Crawl benchmark (issue 4, part 7 "Crawl"): PbCrawler against `wget --recursive` on a
# 2,000-page documentation site served by nginx on 127.0.0.1, behind a proxy that adds 20 ms
# to every round trip (../shared/bench/crawl/). Prints pages, seconds, pages/s, the ratio to
# wget and the most connections that were open to the host at once, against the targets:
#   >= 0.85 x N / 20 ms pages/s (340 for N = 8), >= 7x wget, never more than N connections,
#   and the whole site in under a second with no added latency.
# A script, not a test: timings depend on the machine.
#
#   bench/crawl-benchmark.sh            N=8, 3 rounds of ours (median), 1 of wget
#   N=4 ROUNDS=5 bench/crawl-benchmark.sh
#   SKIP_WGET=1 bench/crawl-benchmark.sh   (wget takes about 45 s)
set -uo pipefail
cd "$(dirname "$0")/.."

N=${N:-8}
ROUNDS=${ROUNDS:-3}
DELAY_MS=${DELAY_MS:-20}
kit=${PB_SHARED_DIR:-$PWD/../shared}/bench/crawl
for tool in nginx wget python3; do
  command -v $tool >/dev/null || { echo "crawl-benchmark: needs $tool (tools/install-deps.sh --tests)" >&2; exit 1; }
done
[ -f "$kit/gen_site.py" ] || { echo "crawl-benchmark: no bench kit at $kit" >&2; exit 1; }

build=build-bench
if [ ! -f $build/build.ninja ]; then
  meson setup $build -Dbuildtype=release -Dbenchmarks=true >/dev/null || exit 1
fi
meson configure $build -Dbenchmarks=true >/dev/null
meson compile -C $build bench/crawl-driver >/dev/null || exit 1
driver=$PWD/$build/bench/crawl-driver

T=$(mktemp -d "${TMPDIR:-/tmp}/pb-crawl-bench.XXXXXX")
chmod 755 "$T"   # nginx workers run as another user
nginx_up=0 proxy_pid= sampler_pid=
cleanup () {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null
  [ $nginx_up = 1 ] && nginx -p "$T/nginx/" -c "$T/nginx/nginx.conf" -s quit >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT

free_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

echo "Generating the site…" >&2
python3 "$kit/gen_site.py" "$T/site" >&2 || exit 1
site_pages=$(find "$T/site" -name '*.html' | wc -l)

nginx_port=$(free_port)
mkdir -p "$T/nginx"
sed -e "s|@PREFIX@|$T/nginx|g" -e "s|@ROOT@|$T/site|g" -e "s|@PORT@|$nginx_port|g" \
  "$kit/nginx-bench.conf.in" > "$T/nginx/nginx.conf"
nginx -p "$T/nginx/" -c "$T/nginx/nginx.conf" || exit 1
nginx_up=1

proxy_port=$(free_port)
python3 "$kit/delay_proxy.py" "$proxy_port" "$nginx_port" "$DELAY_MS" &
proxy_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$proxy_port/index.html" 2>/dev/null && break
  wget -q -O /dev/null "http://127.0.0.1:$proxy_port/index.html" 2>/dev/null && break
  sleep 0.1
done

# The most connections open to PORT at once, counted on the host side (the server's accepted,
# established sockets whose local port is PORT), sampled every 2 ms from the kernel's socket
# table (/proc/net/tcp: no process per sample, so the sampler costs the crawlers little CPU).
# The crawlers keep their connections alive, so every one of them is seen.
start_sampler () {
  rm -f "$T/stop"; echo 0 > "$T/peak"
  python3 - "$1" "$T/stop" "$T/peak" <<'PY' &
import os, sys, time
port, stop, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
want = ':%04X' % port
peak = 0
while not os.path.exists(stop):
    n = 0
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    # local address is the server's port, state 01 = ESTABLISHED
                    if fields[3] == '01' and fields[1].endswith(want):
                        n += 1
        except OSError:
            pass
    if n > peak:
        peak = n
        with open(out, 'w') as f:
            f.write(str(peak))
    time.sleep(0.002)
PY
  sampler_pid=$!
}
stop_sampler () {
  touch "$T/stop"; wait "$sampler_pid" 2>/dev/null; sampler_pid=
  cat "$T/peak"
}

median () { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# --- ours, through the proxy ---
echo "PbCrawler, N=$N, +${DELAY_MS} ms, $ROUNDS rounds (each followed by the curl reference)…" >&2
: > "$T/ours"
peak_ours=0
# Not a crawler (no parsing, no discovery), curl fetching the known list of pages with N
# parallel connections shows what this machine and the proxy allow: it runs right after each
# round of ours, so both see the same load (this matters on a shared machine).
use_curl=0
if command -v curl >/dev/null && [ "${SKIP_CURL:-0}" != 1 ]; then
  use_curl=1
  (cd "$T/site" && find . -name '*.html' | sed "s|^\./\(.*\)|url = \"http://127.0.0.1:$proxy_port/\1\"\noutput = \"/dev/null\"|") > "$T/urls.cfg"
fi
: > "$T/curl"
peak_curl=0
for r in $(seq "$ROUNDS"); do
  start_sampler "$proxy_port"
  line=$("$driver" "http://127.0.0.1:$proxy_port/index.html" --connections "$N") || exit 1
  peak=$(stop_sampler)
  [ "$peak" -gt "$peak_ours" ] && peak_ours=$peak
  echo "  round $r: $line, peak connections $peak" >&2
  echo "$line" >> "$T/ours"
  if [ $use_curl = 1 ]; then
    start_sampler "$proxy_port"
    t0=$(date +%s.%N)
    curl -s --no-progress-meter --parallel --parallel-max "$N" -K "$T/urls.cfg"
    t1=$(date +%s.%N)
    peak=$(stop_sampler)
    [ "$peak" -gt "$peak_curl" ] && peak_curl=$peak
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    echo "  round $r: curl --parallel (reference) ${secs} s, peak connections $peak" >&2
    echo "$secs" >> "$T/curl"
  fi
done
if [ $use_curl = 1 ]; then
  curl_secs=$(median < "$T/curl")
  curl_rate=$(awk -v p="$site_pages" -v s="$curl_secs" 'BEGIN {printf "%.1f", p / s}')
else
  curl_secs=- curl_rate=- peak_curl=-
fi
ours_pages=$(sed -n 's/.*pages=\([0-9]*\) .*/\1/p' "$T/ours" | median)
ours_secs=$(sed -n 's/.*seconds=\([0-9.]*\) .*/\1/p' "$T/ours" | median)
ours_rate=$(awk -v p="$ours_pages" -v s="$ours_secs" 'BEGIN {printf "%.1f", p / s}')

# --- ours, no added latency ---
echo "PbCrawler, N=$N, no added latency, $ROUNDS rounds…" >&2
: > "$T/direct"
peak_direct=0
for r in $(seq "$ROUNDS"); do
  start_sampler "$nginx_port"
  line=$("$driver" "http://127.0.0.1:$nginx_port/index.html" --connections "$N") || exit 1
  peak=$(stop_sampler)
  [ "$peak" -gt "$peak_direct" ] && peak_direct=$peak
  echo "  round $r: $line, peak connections $peak" >&2
  echo "$line" >> "$T/direct"
done
direct_pages=$(sed -n 's/.*pages=\([0-9]*\) .*/\1/p' "$T/direct" | median)
direct_secs=$(sed -n 's/.*seconds=\([0-9.]*\) .*/\1/p' "$T/direct" | median)
direct_rate=$(awk -v p="$direct_pages" -v s="$direct_secs" 'BEGIN {printf "%.1f", p / s}')

# --- wget, through the proxy ---
if [ "${SKIP_WGET:-0}" != 1 ]; then
  echo "wget --recursive, +${DELAY_MS} ms (serial, about 45 s)…" >&2
  start_sampler "$proxy_port"
  t0=$(date +%s.%N)
  wget --recursive --level=inf --no-parent -q -P "$T/wget" "http://127.0.0.1:$proxy_port/index.html"
  t1=$(date +%s.%N)
  peak_wget=$(stop_sampler)
  wget_pages=$(find "$T/wget" -name '*.html' | wc -l)
  wget_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  wget_rate=$(awk -v p="$wget_pages" -v s="$wget_secs" 'BEGIN {printf "%.1f", p / s}')
else
  wget_pages=- wget_secs=- wget_rate=- peak_wget=-
fi

target_rate=$(awk -v n="$N" -v d="$DELAY_MS" 'BEGIN {printf "%.0f", 0.85 * n / (d / 1000)}')
ratio=$(awk -v a="$ours_rate" -v b="$wget_rate" 'BEGIN {if (b + 0 > 0) printf "%.1f", a / b; else print "-"}')
verdict () { if [ "$1" = 1 ]; then echo "met"; else echo "MISSED"; fi; }

echo
echo "Crawl: $site_pages-page site, nginx on 127.0.0.1, N=$N connections, medians of $ROUNDS rounds"
printf "%-34s %7s %9s %9s %10s\n" "crawler" "pages" "seconds" "pages/s" "max conns"
printf "%-34s %7s %9s %9s %10s\n" "PbCrawler +${DELAY_MS} ms" "$ours_pages" "$ours_secs" "$ours_rate" "$peak_ours"
printf "%-34s %7s %9s %9s %10s\n" "wget --recursive +${DELAY_MS} ms" "$wget_pages" "$wget_secs" "$wget_rate" "$peak_wget"
printf "%-34s %7s %9s %9s %10s\n" "curl --parallel (URL list, ref.)" "$site_pages" "$curl_secs" "$curl_rate" "$peak_curl"
printf "%-34s %7s %9s %9s %10s\n" "PbCrawler, no added latency" "$direct_pages" "$direct_secs" "$direct_rate" "$peak_direct"
echo
echo "targets:"
echo "  pages/s >= 0.85 x N / ${DELAY_MS} ms = $target_rate: $ours_rate, $(verdict "$(awk -v a="$ours_rate" -v b="$target_rate" 'BEGIN {print (a >= b)}')")"
if [ "$ratio" != "-" ]; then
  echo "  >= 7x wget: ${ratio}x, $(verdict "$(awk -v r="$ratio" 'BEGIN {print (r >= 7)}')")"
fi
if [ "$curl_rate" != "-" ]; then
  echo "  (PbCrawler reached $(awk -v a="$ours_rate" -v b="$curl_rate" 'BEGIN {printf "%.0f", 100 * a / b}') % of curl --parallel's rate, measured in the same minutes)"
fi
echo "  never more than N=$N connections: $peak_ours (proxied), $peak_direct (direct), $(verdict "$(( peak_ours <= N && peak_direct <= N ))")"
echo "  all pages: $ours_pages of $site_pages, $(verdict "$(( ours_pages == site_pages ))")"
echo "  no added latency, under 1 s: ${direct_secs} s, $(verdict "$(awk -v s="$direct_secs" 'BEGIN {print (s < 1.0)}')")"
echo "  (load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs)"
