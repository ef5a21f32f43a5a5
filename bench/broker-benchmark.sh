#!/bin/bash
# Broker benchmark (issue 13, "Speed"): `wrk -t1 -c16` on loopback against a small JSON file
# served by nginx that checks an API key, three ways, side by side in one run:
#   direct   wrk sends the key to nginx itself
#   nginx    nginx as a reverse proxy injecting the key (proxy_set_header, keepalive upstream,
#            one worker)
#   broker   `plugboard-cli serve`: agent token in, key from the keyring injected
# Runs ROUNDS rounds (nginx proxy and broker back to back, their order alternating), prints
# every round, then the median of the rounds: requests/s, median latency and CPU µs per call
# (nginx proxy worker, broker process: what other load on the machine changes least), the
# broker's ratios to the nginx proxy, and PASS/FAIL against the targets: throughput >= 0.35x
# nginx's, median latency <= 3x. A script, not a test: figures depend on the machine (run it
# on a quiet one). wrk is installed if missing.
#
#   bench/broker-benchmark.sh                       5 rounds of 10 s per run
#   DURATION=30 ROUNDS=3 bench/broker-benchmark.sh
#   BROKER_PREFIX="perf record -g -o /tmp/broker.perf" bench/broker-benchmark.sh
#                                                   the broker under a profiler
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-5}
BROKER_PREFIX=${BROKER_PREFIX:-}

if ! command -v wrk >/dev/null; then
  echo "broker-benchmark: installing wrk (a benchmark tool, not a test dependency)…" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >&2; else sudo apt-get install -y -qq wrk >&2; fi
fi
for tool in nginx wrk curl python3; do
  command -v $tool >/dev/null || { echo "broker-benchmark: needs $tool" >&2; exit 1; }
done

build=${BUILD_DIR:-build-bench}
if [ ! -f $build/build.ninja ]; then
  meson setup $build -Dbuildtype=release >/dev/null || exit 1
fi
nice meson compile -C $build src/cli/plugboard-cli >/dev/null || exit 1
cli=$root/$build/src/cli/plugboard-cli

T=$(mktemp -d "${TMPDIR:-/tmp}/pb-broker-bench.XXXXXX")
chmod 755 "$T"   # nginx workers may run as another user
cleanup () {
  for conf in "$T"/nginx-*/nginx.conf; do
    [ -f "$conf" ] && nginx -p "$(dirname "$conf")/" -c "$conf" -s quit >/dev/null 2>&1
  done
  rm -rf "$T"
}
trap cleanup EXIT

free_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A key only this run knows; it is in the nginx configuration (that is nginx's way) and in the
# private keyring of the broker's session, nowhere else.
KEY=$(python3 -c 'import secrets; print("bench-" + secrets.token_hex(16))')
mkdir -p "$T/www"
python3 -c 'import json; print(json.dumps({"items": [{"id": i, "name": "item %d" % i} for i in range(5)]}))' \
  > "$T/www/data.json"

up_port=$(free_port)
proxy_port=$(free_port)
nginx_conf () {   # NAME PORT LOCATION-BODY [UPSTREAM-BLOCK]
  mkdir -p "$T/nginx-$1/logs"
  cat > "$T/nginx-$1/nginx.conf" <<CONF
worker_processes 1;
error_log $T/nginx-$1/logs/error.log error;
pid $T/nginx-$1/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path $T/nginx-$1/body;
  proxy_temp_path $T/nginx-$1/proxy;
  fastcgi_temp_path $T/nginx-$1/fastcgi;
  uwsgi_temp_path $T/nginx-$1/uwsgi;
  scgi_temp_path $T/nginx-$1/scgi;
  ${4:-}
  server {
    listen 127.0.0.1:$2;
    location / { $3 }
  }
}
CONF
  nginx -p "$T/nginx-$1/" -c "$T/nginx-$1/nginx.conf" || exit 1
}
nginx_conf upstream "$up_port" \
  "if (\$http_x_api_key != \"$KEY\") { return 401; } root $T/www;"
nginx_conf proxy "$proxy_port" \
  "proxy_pass http://api; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header X-Api-Key \"$KEY\";" \
  "upstream api { server 127.0.0.1:$up_port; keepalive 32; }"

# The broker in a private session (its own HOME and keyring), as the tests run it.
cat > "$T/broker.sh" <<SH
set -e
"$cli" create --name "Bench API" --type api-key --base-url "http://127.0.0.1:$up_port" \
  --header X-Api-Key >/dev/null
printf %s "$KEY" | "$cli" set-secret "Bench API" api-key >/dev/null
"$cli" agent create --name Bench --instructions "Use the Bench API connector." >/dev/null
"$cli" agent token Bench 2>/dev/null > "$T/token"
echo \$\$ > "$T/serve.pid"
exec $BROKER_PREFIX "$cli" serve > "$T/serve.out"
SH
"$root/tests/harness/pb-test-wrapper.sh" bash "$T/broker.sh" &
broker_pid=$!
for _ in $(seq 300); do grep -q Listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
broker_url=$(sed -n 's/^Listening on //p' "$T/serve.out")
[ -n "$broker_url" ] || { echo "broker-benchmark: the broker did not start" >&2; exit 1; }
TOKEN=$(cat "$T/token")
# The broker itself (its session ends with it).
stop_broker () {
  [ -f "$T/serve.pid" ] && kill "$(cat "$T/serve.pid")" 2>/dev/null
  wait $broker_pid 2>/dev/null
}
trap 'stop_broker; cleanup' EXIT

direct_url="http://127.0.0.1:$up_port/data.json"
proxy_url="http://127.0.0.1:$proxy_port/data.json"
brokered_url="$broker_url/connectors/Bench%20API/data.json"

# Each must answer 200 with the file, and nginx must refuse a missing key.
check () { curl -s -o "$T/check" -w '%{http_code}' "$@"; }
[ "$(check "$direct_url")" = 401 ] || { echo "nginx does not check the key" >&2; exit 1; }
[ "$(check -H "X-Api-Key: $KEY" "$direct_url")" = 200 ] || { echo "direct: no 200" >&2; exit 1; }
[ "$(check "$proxy_url")" = 200 ] || { echo "nginx proxy: no 200" >&2; exit 1; }
[ "$(check -H "Authorization: Bearer $TOKEN" "$brokered_url")" = 200 ] ||
  { echo "broker: no 200" >&2; cat "$T/check" >&2; exit 1; }
cmp -s "$T/check" "$T/www/data.json" || { echo "broker: wrong body" >&2; exit 1; }

# CPU time (user + system, in clock ticks) of the processes PIDS, threads included.
cpu_ticks () {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}
# "Requests/sec", the 50% latency (in ms) and the CPU µs per request of CPU_PIDS during one
# wrk run: CPU per request is what the machine's other load changes least.
run_wrk () {
  local out before after requests
  before=$(cpu_ticks $CPU_PIDS)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" 2>&1)
  after=$(cpu_ticks $CPU_PIDS)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  local rps p50
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -n "$non2xx" ] && echo "  warning: $non2xx non-2xx answers" >&2
  echo "$rps $p50 $(( (after - before) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
}

# Whose CPU time counts: nginx's proxy worker(s), the broker process.
proxy_pids=$(pgrep -P "$(cat "$T/nginx-proxy/nginx.pid")" | tr '\n' ' ')
broker_proc=$(cat "$T/serve.pid")
proxy_run () { CPU_PIDS=$proxy_pids run_wrk "$proxy_url"; }
broker_run () { CPU_PIDS=$broker_proc run_wrk -H "Authorization: Bearer $TOKEN" "$brokered_url"; }

echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s, small JSON ($(wc -c < "$T/www/data.json") bytes), loopback, $ROUNDS rounds" >&2
read -r direct_rps direct_p50 _ < <(CPU_PIDS= run_wrk -H "X-Api-Key: $KEY" "$direct_url")
rounds=()
printf '\n%-7s %14s %12s %14s %12s %9s %9s %13s\n' round "proxy req/s" "proxy p50" "broker req/s" \
  "broker p50" "thr x" "lat x" "CPU µs/call"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    read -r proxy_rps proxy_p50 proxy_cpu < <(proxy_run)
    read -r broker_rps broker_p50 broker_cpu < <(broker_run)
  else
    read -r broker_rps broker_p50 broker_cpu < <(broker_run)
    read -r proxy_rps proxy_p50 proxy_cpu < <(proxy_run)
  fi
  rounds+=("$proxy_rps $proxy_p50 $broker_rps $broker_p50 $proxy_cpu $broker_cpu")
  python3 - "$round" "$proxy_rps" "$proxy_p50" "$broker_rps" "$broker_p50" "$proxy_cpu" \
    "$broker_cpu" <<'PY'
import sys
r, prps, pp50, brps, bp50, pcpu, bcpu = sys.argv[1], *map(float, sys.argv[2:])
print(f"{r:<7} {prps:14.0f} {pp50:10.3f}ms {brps:14.0f} {bp50:10.3f}ms {brps / prps:8.2f}x "
      f"{bp50 / pp50:8.2f}x {pcpu:6.0f} {bcpu:6.0f}")
PY
done

python3 - "$direct_rps" "$direct_p50" "${rounds[@]}" <<'PY'
import statistics, sys
drps, dp50 = map(float, sys.argv[1:3])
rows = [list(map(float, r.split())) for r in sys.argv[3:]]
med = [statistics.median(col) for col in zip(*rows)]
prps, pp50, brps, bp50, pcpu, bcpu = med
tr = statistics.median(r[2] / r[0] for r in rows)
lr = statistics.median(r[3] / r[1] for r in rows)
print()
print(f"median of {len(rows)} rounds   {'requests/s':>12} {'median (ms)':>14} {'CPU µs/call':>12}")
print(f"{'nginx direct (1 run)':<22} {drps:12.0f} {dp50:14.3f}")
print(f"{'nginx reverse proxy':<22} {prps:12.0f} {pp50:14.3f} {pcpu:12.0f}")
print(f"{'plugboard broker':<22} {brps:12.0f} {bp50:14.3f} {bcpu:12.0f}")
print()
print(f"broker / nginx proxy throughput (median of round ratios): {tr:.2f}x  (target >= 0.35x)  "
      f"{'PASS' if tr >= 0.35 else 'FAIL'}")
print(f"broker / nginx proxy median latency (median of round ratios): {lr:.2f}x  (target <= 3x)  "
      f"{'PASS' if lr <= 3 else 'FAIL'}")
PY
