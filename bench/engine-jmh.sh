#!/usr/bin/env bash
# JMH benchmarks of the matching engine (module bench/jmh): single-thread MB/s of the full
# built-in rule set on a generated 8 MB corpus, per engine, and the start-up pieces (rules load
# and compile, cold and warm). Builds the module with its dependencies first.
#
# usage: bench/engine-jmh.sh [matching|startup|all] [JMH options...]     (default: all)
#
# Short defaults (1 fork; matching 1 x 5 s warm-up and 3 x 5 s measurement; cold start 3 forks);
# JMH options after the first argument replace them, e.g. -i 5 -r 10s, or -p engine=java.
# Set ENGINES=java (comma-separated) to choose engines; default: every engine the module knows.
# Figures are informational; the script fails only when it cannot build or run.
set -euo pipefail

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

what="${1:-all}"
case "$what" in
  matching|startup|all) [ $# -gt 0 ] && shift ;;
  -h|--help) usage ;;
  -*) what=all ;;
  *) echo "engine-jmh: unknown benchmark set '$what'" >&2; usage ;;
esac

BENCH_NAME=engine-jmh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v java >/dev/null || bench_die "java (17+) is required"
command -v python3 >/dev/null || bench_die "python3 is required to read JMH's JSON results"

echo "== building bench/jmh (./mvnw -q -B -pl bench/jmh -am package -DskipTests)"
log="$bench_work/engine-jmh-build.log"
./mvnw -q -B -pl bench/jmh -am package -DskipTests >"$log" 2>&1 || { cat "$log" >&2; bench_die "the build failed"; }
cp="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)"
params=()
[ -n "${ENGINES:-}" ] && params=(-p "engine=$ENGINES")
echo "machine: $(bench_load); $(java -version 2>&1 | head -n 1)"

jmh() { # RESULT_JSON JMH_ARGS...
  local out="$1"
  shift
  java -cp "$cp" org.openjdk.jmh.Main "$@" "${params[@]}" -rf json -rff "$out"
}

results=()
if [ "$what" != startup ]; then
  out="$bench_work/jmh-matching.json"
  if [ $# -gt 0 ]; then jmh "$out" 'EngineBenchmark' "$@"; else jmh "$out" 'EngineBenchmark' -f 1 -wi 1 -w 5s -i 3 -r 5s; fi
  results+=("$out")
fi
if [ "$what" != matching ]; then
  out="$bench_work/jmh-cold.json"
  if [ $# -gt 0 ]; then jmh "$out" 'StartupBenchmark.coldLoadAndCompile' "$@"; else jmh "$out" 'StartupBenchmark.coldLoadAndCompile' -f 3; fi
  results+=("$out")
  out="$bench_work/jmh-compile.json"
  if [ $# -gt 0 ]; then jmh "$out" 'StartupBenchmark.compileMatcher' "$@"; else jmh "$out" 'StartupBenchmark.compileMatcher' -f 1 -wi 1 -w 3s -i 3 -r 3s; fi
  results+=("$out")
fi

python3 - "${results[@]}" <<'PY'
import json, sys
print("== summary")
for path in sys.argv[1:]:
    for b in json.load(open(path, encoding="utf-8")):
        name = b["benchmark"].rsplit(".", 1)[-1]
        engine = b.get("params", {}).get("engine", "?")
        m = b["primaryMetric"]
        err = m.get("scoreError")
        err = f" ± {err:.1f}" if isinstance(err, (int, float)) and err == err else ""
        unit = "MB/s (single thread)" if m["scoreUnit"] == "ops/s" else m["scoreUnit"]
        print(f"   {name:<20} engine {engine:<10} {m['score']:10.1f}{err} {unit}")
PY
