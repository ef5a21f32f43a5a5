#!/bin/bash
# AI Assist benchmark (a script, not a test): quality over the corpus, then speed and memory
# side by side with what a Node user gets from @apidevtools/swagger-parser's dereference().
#
#   bench/assist-benchmark.sh [--rounds N] [--quality-only | --speed-only] [--build DIR]
#
# 1. For every spec in ../shared/corpus/openapi: `plugboard-cli assist SPEC --format json
#    --output …`, its wall time and peak RSS (/usr/bin/time -f "%e %M"), and the score from
#    ../shared/bench/score-manifest.py against the truth when there is one; the macro score.
# 2. stripe.json, okta.yaml and GitHub's 13 MB description (from @octokit/openapi): N rounds
#    (default 5) alternating our run and `node deref.mjs` (swagger-parser 13.0.0 dereference(),
#    the fastest release here; okta needs its examples skipped, we do not), medians of the times,
#    the median of the per-round ratios, PASS/FAIL against the targets, and the load average.
#
# Installs what it needs: a release build in build-bench/ (-Dbenchmarks=true) and `npm ci`
# in bench/node. If this build's plugboard-cli has no working `assist` yet, part 2 measures
# bench/spec-load (read the spec, resolve every $ref) instead and says so; part 1 is skipped.
# --build DIR uses an existing build directory instead (e.g. `build`, to score a debug build);
# bench/assist-corpus.sh is `--quality-only --build DIR`.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${PB_SHARED_DIR:-$root/../shared}
rounds=5
do_quality=1
do_speed=1
build=build-bench
own_build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --quality-only) do_speed=0 ;;
    --speed-only) do_quality=0 ;;
    --build) build=$2; own_build=0; shift ;;
    *) echo "usage: $0 [--rounds N] [--quality-only | --speed-only] [--build DIR]" >&2; exit 2 ;;
  esac
  shift
done

# ---- set up ----
if [ "$own_build" = 1 ]; then
  if [ ! -f $build/build.ninja ]; then
    meson setup $build -Dbuildtype=release -Dbenchmarks=true >/dev/null || exit 1
  fi
  meson compile -C $build src/cli/plugboard-cli bench/spec-load >/dev/null || exit 1
else
  # Someone else's build: bench/spec-load exists only with -Dbenchmarks=true.
  meson compile -C "$build" src/cli/plugboard-cli >/dev/null || exit 1
fi
cli=$build/src/cli/plugboard-cli
spec_load=$build/bench/spec-load

if [ "$do_speed" = 1 ]; then
  command -v node >/dev/null || { echo "assist-benchmark: needs node and npm" >&2; exit 1; }
  if [ ! -d bench/node/node_modules ] || [ bench/node/package-lock.json -nt bench/node/node_modules ]; then
    (cd bench/node && npm ci --no-audit --no-fund --loglevel=error >&2) || exit 1
  fi
  github=$(find bench/node/node_modules/@octokit/openapi -path '*generated/api.github.com.json' | head -n1)
  [ -s "$github" ] || { echo "assist-benchmark: api.github.com.json not found in @octokit/openapi" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pb-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# `assist` is usable once it turns a small spec into a manifest.
mode=spec-load
if "$cli" assist "$shared/corpus/openapi/nytimes.yaml" --format json --output "$work/probe.json" >/dev/null 2>&1 &&
   [ -s "$work/probe.json" ]; then
  mode=assist
fi

mb () { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# run_timed OUT_PREFIX CMD… → prints "WALL_SECONDS PEAK_KB EXIT CPU_SECONDS" (CPU = user + sys)
run_timed () {
  local prefix=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err"
  local rc=$?
  tail -n1 "$prefix.time" | awk -v rc=$rc '{print $1, $2, rc, $3 + $4}'
}

ours () {   # ours SPEC OUT_PREFIX
  if [ "$mode" = assist ]; then
    run_timed "$2" "$cli" assist "$1" --format json --output "$2.json"
  else
    run_timed "$2" "$spec_load" "$1"
  fi
}

# ---- 1. quality, time and memory per corpus spec ----
if [ "$do_quality" = 1 ]; then
  echo "== 1. Corpus: score, time and peak memory of plugboard-cli assist =="
  if [ "$mode" != assist ]; then
    echo "(skipped: this build's plugboard-cli has no working 'assist' yet)"
  else
    printf "%-20s %7s %8s %9s  %s\n" api score "time s" "peak MB" note
    scores=()
    for spec in "$shared"/corpus/openapi/*; do
      api=$(basename "${spec%.*}")
      read -r secs kb rc cpu < <(ours "$spec" "$work/$api")
      truth="$shared/corpus/truth/$api.json"
      score=-; note=
      if [ "$rc" != 0 ]; then
        note="assist failed (exit $rc): $(head -c 120 "$work/$api.err" | tr '\n' ' ')"
        [ -f "$truth" ] && { score=0.0; scores+=(0); }
      elif [ -f "$truth" ]; then
        score=$(python3 "$shared/bench/score-manifest.py" "$truth" "$work/$api.json" 2>/dev/null | sed -n 's/^score: //p' | tail -n1)
        [ -n "$score" ] || { score=0.0; note="manifest could not be scored"; }
        scores+=("$score")
      else
        note="no truth file"
      fi
      printf "%-20s %7s %8.2f %9.1f  %s\n" "$api" "$score" "$secs" "$(mb "$kb")" "$note"
    done
    printf "macro score over %d APIs with truth: %s (target ≥ 85)\n" "${#scores[@]}" \
      "$(printf '%s\n' "${scores[@]}" | awk '{s+=$1} END {if (NR) printf "%.1f", s/NR; else print "n/a"}')"
  fi
  echo
fi

# ---- 2. speed and memory against swagger-parser ----
median () { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

if [ "$do_speed" = 1 ]; then
  if [ "$mode" = assist ]; then
    what="plugboard-cli assist SPEC --format json --output FILE"
  else
    what="bench/spec-load SPEC (read + resolve every \$ref; plugboard-cli assist not available yet)"
  fi
  echo "== 2. Speed and memory: $what vs node swagger-parser dereference(), $rounds rounds, medians =="
  printf "%-14s %9s %9s %7s %9s %9s %7s  %s\n" spec "ours s" "node s" speedup "ours MB" "node MB" "mem" "verdict (target)"
  fails=0
  raw=
  cpu_rows=
  for entry in "stripe:$shared/corpus/openapi/stripe.json:10:0.3333:" \
               "okta:$shared/corpus/openapi/okta.yaml:7:0.3333:--skip-examples" \
               "github-13MB:$root/$github:7:0.5:"; do
    IFS=: read -r name spec speed_target mem_target node_flags <<<"$entry"
    : >"$work/$name.ours"; : >"$work/$name.node"
    for r in $(seq "$rounds"); do
      # Alternate which goes first, so neither always gets the warmer cache.
      for who in $( [ $((r % 2)) = 1 ] && echo "ours node" || echo "node ours"); do
        if [ "$who" = ours ]; then
          read -r secs kb rc cpu < <(ours "$spec" "$work/$name-o$r")
        else
          read -r secs kb rc cpu < <(cd bench/node && run_timed "$work/$name-n$r" node deref.mjs "$spec" $node_flags)
        fi
        if [ "$rc" != 0 ]; then
          echo "  $name: $who failed (exit $rc): $(head -c 200 "$work/$name-${who:0:1}$r.err")" >&2
          continue
        fi
        echo "$secs $kb $cpu" >>"$work/$name.$who"
      done
    done
    if [ ! -s "$work/$name.ours" ] || [ ! -s "$work/$name.node" ]; then
      printf "%-14s  no result (see errors above): FAIL\n" "$name"; fails=$((fails + 1)); continue
    fi
    ot=$(cut -d' ' -f1 "$work/$name.ours" | median); om=$(cut -d' ' -f2 "$work/$name.ours" | median)
    nt=$(cut -d' ' -f1 "$work/$name.node" | median); nm=$(cut -d' ' -f2 "$work/$name.node" | median)
    # The median of the per-round ratios (each round runs both, back to back, so a load spike
    # hits both sides of one ratio). /usr/bin/time has 10 ms resolution: a 0.00 run is 0.005 s.
    speedup=$(paste -d' ' <(cut -d' ' -f1 "$work/$name.ours") <(cut -d' ' -f1 "$work/$name.node") |
      awk 'NF == 2 {o = $1; if (o < 0.005) o = 0.005; print $2 / o}' | median |
      awk '{printf "%.1f", $1}')
    memratio=$(awk -v o="$om" -v n="$nm" 'BEGIN {printf "%.3f", o / n}')
    verdict=$(awk -v s="$speedup" -v m="$memratio" -v st="$speed_target" -v mt="$mem_target" \
      'BEGIN {print (s >= st && m <= mt) ? "PASS" : "FAIL"}')
    [ "$verdict" = PASS ] || fails=$((fails + 1))
    oc=$(cut -d' ' -f3 "$work/$name.ours" | median); nc=$(cut -d' ' -f3 "$work/$name.node" | median)
    cpu_rows="$cpu_rows$(printf '%-14s ours %.2f s, node %.2f s: %.1fx' "$name" "$oc" "$nc" \
      "$(awk -v o="$oc" -v n="$nc" 'BEGIN {if (o < 0.005) o = 0.005; print n / o}')")"$'\n'
    raw="$raw$(printf '%-14s ours s: %s | node s: %s' "$name" "$(cut -d' ' -f1 "$work/$name.ours" | tr '\n' ' ')" "$(cut -d' ' -f1 "$work/$name.node" | tr '\n' ' ')")"$'\n'
    printf "%-14s %9.2f %9.2f %6.1fx %9.1f %9.1f %7.3f  %s (≥%sx, ≤%s)%s\n" "$name" "$ot" "$nt" "$speedup" \
      "$(mb "$om")" "$(mb "$nm")" "$memratio" "$verdict" "$speed_target" \
      "$(awk -v m="$mem_target" 'BEGIN {printf (m < 0.4 ? "1/3" : "1/2")}')" "${node_flags:+  [node $node_flags]}"
  done
  echo "speed/memory targets: $((3 - fails)) of 3 met (speed-up = median of per-round ratios)"
  echo "CPU time (user + sys) medians, for reading the wall times on a busy machine:"
  printf '%s' "$cpu_rows"
  echo "rounds (wall seconds, in run order):"
  printf '%s' "$raw"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
fi
