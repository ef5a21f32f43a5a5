#!/bin/bash
# Memory under hostile input (issue 10, point 13), measured with /usr/bin/time -v:
#  1. `plugboard-cli assist` crawling a loopback site whose pages each carry ~145,000 links
#     (10 such pages, the rest of the 500-page default budget 404s), default limits;
#     target: peak RSS under 300 MB.
#  2. `plugboard-cli assist` on a big generated spec (SPEC_MB, default 50; the issue's case is
#     200); target: peak RSS about 10x the spec's size or less.
# Prints seconds and peak RSS for each. A script, not a test: figures depend on the machine.
#
#   bench/crawl-memory.sh [BUILD_DIR]        SPEC_MB=200 bench/crawl-memory.sh
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
SPEC_MB=${SPEC_MB:-50}
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null || exit 1
meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
cli=$PWD/$build/src/cli/plugboard-cli
for tool in python3 /usr/bin/time; do
  command -v $tool >/dev/null || { echo "crawl-memory: needs $tool" >&2; exit 1; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/pb-crawl-mem.XXXXXX")
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

measure () {   # label, command...
  local label=$1; shift
  /usr/bin/time -v -o "$T/time" "$@" >/dev/null 2>"$T/err"
  local rc=$?
  local rss secs
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$T/time")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$T/time")
  printf '%-44s %10s  %8s MB   exit %s\n' "$label" "$secs" "$((rss / 1024))" "$rc"
  tail -n 1 "$T/err" | cut -c1-150 | sed 's/^/    /'
}

# 1. A site of link-stuffed pages.
mkdir -p "$T/site"
python3 - "$T/site" <<'EOF'
import os, sys
site = sys.argv[1]
links = "".join("<a href='/p%d.html'>%d</a>" % (i, i) for i in range(145000))
for name in ["index.html"] + ["p%d.html" % i for i in range(9)]:
    with open(os.path.join(site, name), "w") as f:
        f.write("<html><body><h1>Docs</h1>" + links + "</body></html>")
EOF
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$T/site" "$port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
printf '%-44s %10s  %11s\n' "case" "wall" "peak RSS"
measure "crawl: 10 pages x 145,000 links ($(du -sh "$T/site" | cut -f1))" \
  "$cli" assist "http://127.0.0.1:$port/"

# 2. A big spec: many paths, each a list endpoint with a schema.
python3 - "$T/spec.json" "$SPEC_MB" <<'EOF'
import json, sys
path, mb = sys.argv[1], int(sys.argv[2])
paths, i, size = {}, 0, 0
while size < mb * 1024 * 1024:
    item = {"get": {"operationId": "list%d" % i, "parameters": [{"name": "limit", "in": "query",
            "schema": {"type": "integer"}}], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object",
            "properties": {("field%d" % k): {"type": "string", "description": "x" * 40}
                           for k in range(12)}}}}}}}}}
    paths["/things%d" % i] = item
    size += len(json.dumps(item))
    i += 1
json.dump({"openapi": "3.0.3", "info": {"title": "big", "version": "1"},
           "servers": [{"url": "https://api.example.com"}], "paths": paths}, open(path, "w"))
EOF
measure "spec: $(du -h "$T/spec.json" | cut -f1) OpenAPI file" "$cli" assist "$T/spec.json" -o "$T/out.yaml"
