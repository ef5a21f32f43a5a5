#!/bin/bash
# Connector store benchmark (issue 10, point 9): `plugboard-cli list` on connectors files of
# 2,000, 4,000, 8,000 and 10,000 connectors and on a valid 50 MB file, then the salvage of
# that 50 MB file cut in the middle (moved aside, every whole connector before the cut kept).
# Prints connectors, file size, seconds and peak RSS for each. Target: 10,000 in well under a
# second; time grows linearly. A script, not a test: timings depend on the machine.
#
#   bench/store-benchmark.sh [BUILD_DIR]     (default: build; builds plugboard-cli if needed)
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null || exit 1
meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
cli=$PWD/$build/src/cli/plugboard-cli
command -v python3 >/dev/null || { echo "store-benchmark: needs python3" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "store-benchmark: needs /usr/bin/time (package time)" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/pb-store-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

# N connectors; PAD bytes of description-like padding in each base URL path to reach a size.
generate () {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys, uuid
n, pad, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conns = []
for i in range(n):
    conns.append({"id": str(uuid.UUID(int=i + 1)), "kind": "api-key", "state": "needs-setup",
                  "modified": 1700000000000000 + i, "name": "Connector %06d" % (n - i),
                  "base-url": "https://api%d.example.com/%s" % (i, "p" * pad),
                  "auth-header": "Authorization", "auth-prefix": "Bearer", "secrets-set": []})
with open(path, "w") as f:
    json.dump({"version": 1, "connectors": conns}, f, indent=2)
EOF
}

run () {   # label, data dir, connectors
  local rc secs user sys rss size
  size=$(du -h "$2/plugboard/connectors.json" | cut -f1)
  XDG_DATA_HOME="$2" DBUS_SESSION_BUS_ADDRESS=disabled: \
    /usr/bin/time -o "$T/time" -f '%e %U %S %M' "$cli" list >/dev/null 2>"$T/err"
  rc=$?
  read -r secs user sys rss <"$T/time"
  printf '%-24s %11s %8s %8s s %8s s %8s MB   exit %s\n' "$1" "$3" "$size" "$secs" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$rc"
}

# Wall time depends on what else runs; CPU (user + system) is the figure to compare.
printf '%-24s %11s %8s %10s %10s %11s\n' "case" "connectors" "file" "wall" "CPU" "peak RSS"
for n in 2000 4000 8000 10000; do
  mkdir -p "$T/$n/plugboard"
  generate "$n" 0 "$T/$n/plugboard/connectors.json"
  run "list" "$T/$n" "$n"
done

# About 50 MB: 60,000 connectors with ~500 bytes of path each.
mkdir -p "$T/big/plugboard"
generate 60000 500 "$T/big/plugboard/connectors.json"
run "list (50 MB)" "$T/big" 60000

# Cut in the middle: the salvage keeps the connectors before the cut.
mkdir -p "$T/cut/plugboard"
size=$(stat -c %s "$T/big/plugboard/connectors.json")
head -c $((size / 2)) "$T/big/plugboard/connectors.json" >"$T/cut/plugboard/connectors.json"
run "salvage (25 MB cut)" "$T/cut" "~30000"
grep -o '[0-9]* connectors could be recovered' "$T/err" | sed 's/^/  /'
