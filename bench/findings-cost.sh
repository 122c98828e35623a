#!/usr/bin/env bash
# What a findings index adds to a cold scan, whole-process, on generated corpora of several sizes:
# ROUNDS alternating pairs of `--no-state` and `--index findings` first scans (state deleted before
# each), so that a shared machine's swings hit both alike. Prints each pair, then per size the
# medians of durationMs, wall and CPU, the cost on the medians and the median of the pairs' costs,
# and the CPU the index adds per blob.
#
# usage: bench/findings-cost.sh [ROUNDS] [SIZE_MB ...]     (defaults: 10 rounds, 220 MB)
#        bench/findings-cost.sh 10 20 220 1000              (the sizes of docs/index.md)
#
# Figures are informational: nothing here compares them with a threshold. The script exits
# non-zero only when it cannot run (missing tool, generator or scan error).
set -euo pipefail

usage() {
  echo "usage: bench/findings-cost.sh [ROUNDS] [SIZE_MB ...]   (defaults: 10 rounds, 220 MB)" >&2
  exit 2
}

rounds="${1:-10}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || usage
shift $(( $# > 0 ? 1 : 0 ))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(220)
for size in "${sizes[@]}"; do
  [[ "$size" =~ ^[1-9][0-9]*$ ]] || usage
done

BENCH_NAME=findings-cost
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require
die() { bench_die "$@"; }

work="$bench_work"
results="$work/findings-cost-runs.tsv"
report="$work/findings-cost-report.json"
: >"$results"

./airlock --version >/dev/null

# Runs one cold scan of REPO; appends "size<TAB>mode<TAB>round<TAB>wall_s<TAB>cpu_s<TAB>durationMs<TAB>blobs".
scan() {
  local size="$1" mode="$2" round="$3" repo="$4"
  shift 4
  local timelog="$work/findings-cost-time.log" stderr="$work/findings-cost-stderr.log"
  rm -rf "$repo/.git/airlock"
  /usr/bin/time -f "%e %U %S" -o "$timelog" \
    ./airlock scan --no-progress --format json --output "$report" "$@" "$repo" 2>"$stderr" \
    || { [ $? -eq 1 ] || { cat "$stderr" >&2; die "$mode scan of $repo failed"; }; }
  if grep -q "building the CLI" "$stderr"; then
    die "./airlock rebuilt the CLI during a timed run; run again"
  fi
  python3 - "$size" "$mode" "$round" "$(cat "$timelog")" "$report" >>"$results" <<'PY'
import json, sys
size, mode, round_, times, report = sys.argv[1:]
wall, user, sys_ = times.split()
repo = json.load(open(report, encoding="utf-8"))["repositories"][0]
if repo.get("error"):
    sys.exit(f"scan error: {repo['error']}")
s = repo["stats"]
print(f"{size}\t{mode}\t{round_}\t{wall}\t{float(user) + float(sys_):.2f}\t{s['durationMs']}\t{s['files']}")
PY
}

echo "machine: $(bench_load) (shared machines make timings noisy; compare only alternating pairs)"
for size in "${sizes[@]}"; do
  bench_corpus "$size"
  repo="$work/findings-cost-${size}mb"
  rm -rf "$repo"
  git clone -q "$work/corpus-${size}mb" "$repo"
  echo "== ${size} MB corpus: $(bench_tree_files "$repo") files; $rounds rounds of --no-state, --index findings"
  # One scan of each first, untimed: the first read of a tree after a while pays for the page
  # cache (this machine's kernel reclaims it), which would land on whichever mode came first.
  scan "$size" warm 0 "$repo" --no-state
  scan "$size" warm 0 "$repo" --index findings
  for i in $(seq 1 "$rounds"); do
    scan "$size" no-state "$i" "$repo" --no-state
    scan "$size" findings "$i" "$repo" --index findings
    tail -n 2 "$results" | awk -F'\t' '{ printf "   %-9s round %2d: durationMs %6d  wall %6.2f s  cpu %6.2f s\n", $2, $3, $6, $4, $5 }'
  done
  rm -rf "$repo"
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print("== summary (medians; cost = --index findings over --no-state)")
fits = []
for size in dict.fromkeys(r[0] for r in rows):
    def col(mode, i):
        return [float(r[i]) for r in rows if r[0] == size and r[1] == mode]
    dur_n, dur_f = col("no-state", 5), col("findings", 5)
    cpu_n, cpu_f = col("no-state", 4), col("findings", 4)
    wall_n, wall_f = col("no-state", 3), col("findings", 3)
    blobs = max(col("findings", 6))
    pairs = [f / n - 1 for n, f in zip(dur_n, dur_f)]
    med = statistics.median
    extra_cpu = med(cpu_f) - med(cpu_n)
    print(f"   {size:>5} MB, {int(blobs)} files: durationMs {med(dur_n):7.0f} -> {med(dur_f):7.0f}"
          f" ({100 * (med(dur_f) / med(dur_n) - 1):+.1f}% on the medians,"
          f" {100 * med(pairs):+.1f}% median of the pairs, pairs {100 * min(pairs):+.0f}% to {100 * max(pairs):+.0f}%)")
    print(f"   {'':>5}    wall {med(wall_n):6.2f} -> {med(wall_f):6.2f} s,"
          f" cpu {med(cpu_n):6.2f} -> {med(cpu_f):6.2f} s ({extra_cpu:+.2f} s)")
    fits.append((blobs, extra_cpu))
if len(fits) >= 2:
    # The CPU a findings index adds, as a fixed part (Lucene's classes and code, loaded and run
    # for the first time in each process) plus a part per file: a least-squares line.
    n = len(fits)
    mx = sum(x for x, _ in fits) / n
    my = sum(y for _, y in fits) / n
    sxx = sum((x - mx) ** 2 for x, _ in fits)
    slope = sum((x - mx) * (y - my) for x, y in fits) / sxx
    print(f"   index CPU ~ {my - slope * mx:+.2f} s per process + {1e6 * slope:.1f} us per file"
          f" (least squares over the {n} sizes)")
PY
