#!/bin/bash
# Leave-one-out over the analyzer's rule families (a script, not a test): the dev-set score of the
# spec path with every family on, then with each family left out in turn
# (`plugboard-cli assist --disable-rules=FAMILY`), per metric and per API. A family whose whole
# gain comes from one API is flagged: it may fit that API more than API shapes in general.
#   bench/assist-crossval.sh [BUILD_DIR]   (default: build)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PB_SHARED_DIR:-$root/../shared}
build=$(cd "${1:-$root/build}" && pwd)
meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
families=$(sed -n '/#define PB_ANALYZER_RULE_FAMILIES/,/^$/p' "$root/src/core/analyze/pb-analyzer.h" |
           grep -o '"[^"]*"' | tr -d '"\n' | tr ',' ' ')
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-crossval.XXXXXX")
trap 'rm -rf "$work"' EXIT

score_json () {   # score_json NAME FLAGS → $work/NAME.json (the scorer's --json report)
  mkdir -p "$work/$1"
  ASSIST_FLAGS="$2" "$root/bench/assist-dev-score.sh" "$build" "$work/$1" >/dev/null
  python3 "$shared/bench/score-manifest.py" --dir "$shared/corpus/truth" --manifests "$work/$1" \
    --json >"$work/$1.json"
}

score_json all ""
for f in $families; do
  score_json "without-$f" "--disable-rules=$f"
done

python3 - "$work" $families <<'PY'
import json, sys
work, families = sys.argv[1], sys.argv[2:]
metrics = ["url_base", "auth", "recall", "record_path", "primary_key", "paginator", "cursor_field"]
def load(name):
    r = json.load(open("%s/%s.json" % (work, name)))
    return r, {a["api"]: a["score"] for a in r["apis"]}
full, full_api = load("all")
print("Leave-one-out over rule families: dev-set macro score (%d APIs with truth)" % len(full_api))
print("%-18s %7s %7s  %s" % ("family left out", "score", "delta", "per-metric delta (of the ones that move)"))
print("%-18s %7.1f %7s" % ("(none)", full["score"], ""))
notes = []
for f in families:
    r, per_api = load("without-" + f)
    delta = full["score"] - r["score"]
    moved = ["%s %+.1f" % (m, 100 * (full["aggregate"][m] - r["aggregate"][m]))
             for m in metrics if abs(full["aggregate"][m] - r["aggregate"][m]) > 1e-9]
    print("%-18s %7.1f %+7.1f  %s" % (f, r["score"], delta, ", ".join(moved) or "-"))
    gains = {a: 100 * (full_api[a] - per_api.get(a, 0)) for a in full_api}
    helped = sorted((a for a, g in gains.items() if g > 0.05), key=lambda a: -gains[a])
    hurt = sorted((a for a, g in gains.items() if g < -0.05), key=lambda a: gains[a])
    detail = "helps %s" % (", ".join("%s %+.1f" % (a, gains[a]) for a in helped) or "no API")
    if hurt:
        detail += "; costs %s" % ", ".join("%s %+.1f" % (a, gains[a]) for a in hurt)
    flag = "  <- helps only one API: a smell" if len(helped) == 1 else ""
    notes.append("  %-16s %s%s" % (f, detail, flag))
print()
print("Per API (score with the family minus score without it, points of that API's score):")
print("\n".join(notes))
PY
