#!/bin/bash
# Stream ranking on the dev set (a script, not a test): for every API with a truth file, run
# `plugboard-cli assist SPEC --format json --evidence …`, match the truth streams with the shared
# scorer, and report where the found truth streams rank among the produced ones:
#   - the share of found truth streams ranked within the first 2 × (truth count) streams
#     (target ≥ 80 %), per API and over all of them;
#   - how many streams are marked "suggested", and the share of found truth streams among them.
#   bench/assist-ranking.sh [BUILD_DIR]   (default: build)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PB_SHARED_DIR:-$root/../shared}
build=$(cd "${1:-$root/build}" && pwd)
meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-ranking.XXXXXX")
trap 'rm -rf "$work"' EXIT
for truth in "$shared"/corpus/truth/*.json; do
  api=$(basename "$truth" .json)
  spec=$(ls "$shared"/corpus/openapi/"$api".* 2>/dev/null | head -n1)
  [ -n "$spec" ] || continue
  "$build/src/cli/plugboard-cli" assist "$spec" --format json --output "$work/$api.json" \
    --evidence "$work/$api.evidence.json" ${ASSIST_FLAGS:-} >/dev/null 2>&1 ||
    echo "assist failed on $api" >&2
done
python3 - "$shared" "$work" <<'PY'
import importlib.util, json, os, sys
shared, work = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("scorer", os.path.join(shared, "bench", "score-manifest.py"))
scorer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scorer)
tot_found = tot_top = tot_sugg_found = 0
print("%-14s %6s %8s %6s %12s %10s %14s" % ("api", "truth", "produced", "found", "in top 2xN", "suggested", "found+sugg."))
for fn in sorted(os.listdir(os.path.join(shared, "corpus", "truth"))):
    api = fn[:-5]
    mpath = os.path.join(work, api + ".json")
    if not os.path.exists(mpath):
        continue
    truth = json.load(open(os.path.join(shared, "corpus", "truth", fn)))
    manifest = json.load(open(mpath))
    evidence = json.load(open(os.path.join(work, api + ".evidence.json")))
    produced = scorer.manifest_streams(manifest)
    rank = {p["name"]: i for i, p in enumerate(produced)}
    suggested = {v["name"] for k, v in evidence.items()
                 if k.count("/") == 2 and isinstance(v, dict) and v.get("suggested")}
    result = scorer.score(truth, manifest)
    found = [row["produced_name"] for row in result["streams"] if row["matched"]]
    n = len(truth["streams"])
    top = sum(1 for name in found if rank.get(name, 1 << 30) < 2 * n)
    sugg = sum(1 for name in found if name in suggested)
    tot_found += len(found); tot_top += top; tot_sugg_found += sugg
    print("%-14s %6d %8d %6d %11.0f%% %10d %13.0f%%" % (api, n, len(produced), len(found),
          100.0 * top / len(found) if found else 0, len(suggested),
          100.0 * sugg / len(found) if found else 0))
print("found truth streams ranked within the first 2 x (truth count): %d of %d = %.1f %% (target >= 80 %%)"
      % (tot_top, tot_found, 100.0 * tot_top / max(tot_found, 1)))
print("found truth streams marked suggested: %d of %d = %.1f %%"
      % (tot_sugg_found, tot_found, 100.0 * tot_sugg_found / max(tot_found, 1)))
PY
