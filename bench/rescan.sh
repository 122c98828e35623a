#!/usr/bin/env bash
# Incremental rescans and the cost of the index, whole-process, on the generated corpus:
#   1. cold scans with --no-state, --index findings and --index code (state deleted before each);
#   2. rescans with --index code, each after a commit that changes 10 files;
#   3. index size on disk per MB of source.
# Every measurement runs RUNS times; min and median are printed. Runs on a copy of the corpus
# (bench/work/rescan-<size>mb), so the corpus itself stays at its one commit.
#
# usage: bench/rescan.sh [SIZE_MB] [RUNS]      (defaults: 220 and 3)
#
# Figures are informational: nothing here compares them with a threshold. The script exits
# non-zero only when it cannot run (missing tool, generator or scan error).
set -euo pipefail

usage() {
  echo "usage: bench/rescan.sh [SIZE_MB] [RUNS]   (defaults: 220 and 3)" >&2
  exit 2
}

size="${1:-220}"
runs="${2:-3}"
[[ "$size" =~ ^[1-9][0-9]*$ ]] || usage
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
[ $# -le 2 ] || usage

BENCH_NAME=rescan
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require
die() { bench_die "$@"; }

work="$bench_work"
corpus="$work/corpus-${size}mb"
repo="$work/rescan-${size}mb"

# 1. The corpus, generated once per size (shared with bench/scan-throughput.sh).
bench_corpus "$size"
rm -rf "$repo"
git clone -q "$corpus" "$repo"
git -C "$repo" config user.email bench@airlock.invalid
git -C "$repo" config user.name bench
source_bytes="$(bench_tree_bytes "$repo")"
source_mb="$(python3 -c "print(f'{$source_bytes/1e6:.1f}')")"
echo "corpus: $source_mb MB at HEAD, $(bench_tree_files "$repo") files"
echo "machine: $(bench_load) (shared machines make timings noisy)"

./airlock --version >/dev/null

report="$work/rescan-report.json"
results="$work/rescan-runs.tsv"
: >"$results"

# Runs one scan; appends "label<TAB>wall_s<TAB>durationMs<TAB>blobsScanned<TAB>blobsReused<TAB>cpu_s"
# (cpu_s: user+sys of the whole process, which a shared machine disturbs less than wall time).
scan() {
  local label="$1"
  shift
  local timelog="$work/rescan-time.log"
  /usr/bin/time -f "%e %U %S" -o "$timelog" \
    ./airlock scan --no-progress --format json --output "$report" "$@" "$repo" 2>"$work/rescan-stderr.log" \
    || { [ $? -eq 1 ] || { cat "$work/rescan-stderr.log" >&2; die "$label: scan failed"; }; }
  if grep -q "building the CLI" "$work/rescan-stderr.log"; then
    die "$label: ./airlock rebuilt the CLI during a timed run; run again"
  fi
  python3 - "$label" "$(cat "$timelog")" "$report" >>"$results" <<'PY'
import json, sys
label, times, report = sys.argv[1:]
wall, user, sys_ = times.split()
repo = json.load(open(report, encoding="utf-8"))["repositories"][0]
if repo.get("error"):
    sys.exit(f"scan error: {repo['error']}")
s = repo["stats"]
print(f"{label}\t{wall}\t{s['durationMs']}\t{s.get('blobsScanned', 0)}\t{s.get('blobsReused', 0)}"
      f"\t{float(user) + float(sys_):.2f}")
PY
  tail -n 1 "$results" | awk -F'\t' '{ printf "   %-10s wall %6.2f s  cpu %6.2f s  durationMs %6d  blobsScanned %6d  blobsReused %6d\n", $1, $2, $6, $3, $4, $5 }'
}

state="$repo/.git/airlock"

echo "== cold scans (state deleted before each)"
for i in $(seq 1 "$runs"); do
  rm -rf "$state"; scan no-state --no-state
  rm -rf "$state"; scan findings --index findings
done
findings_bytes="$(du -sb "$state/index" | cut -f1)"
for i in $(seq 1 "$runs"); do
  rm -rf "$state"; scan code --index code
done
code_bytes="$(du -sb "$state/index" | cut -f1)"

echo "== rescans with --index code, each after a commit that changes 10 files"
for i in $(seq 1 "$runs"); do
  # awk stops at ten itself: with head after it, a larger corpus's awk could still be writing when
  # head exited, and the SIGPIPE ended the script under pipefail.
  git -C "$repo" ls-files | grep -E '\.(java|py|go|ts|md|yml)$' | sort \
    | awk -v r="$i" 'NR % 997 == r && n++ < 10' \
    | while read -r f; do printf '\n// rescan %s: %s\n' "$i" "$RANDOM" >>"$repo/$f"; done
  git -C "$repo" commit -qam "bench: change 10 files ($i)"
  scan rescan --index code
done

python3 - "$results" "$source_bytes" "$findings_bytes" "$code_bytes" <<'PY'
import statistics, sys
results, source_bytes, findings_bytes, code_bytes = sys.argv[1:]
mb = int(source_bytes) / 1e6
rows = [l.rstrip("\n").split("\t") for l in open(results, encoding="utf-8") if l.strip()]
def figures(label, col):
    xs = [float(r[col]) for r in rows if r[0] == label]
    return min(xs), statistics.median(xs)
print("== summary (min / median)")
for label in ("no-state", "findings", "code", "rescan"):
    wmin, wmed = figures(label, 1)
    dmin, dmed = figures(label, 2)
    cmin, cmed = figures(label, 5)
    print(f"   {label:<9} wall {wmin:6.2f} / {wmed:6.2f} s   cpu {cmin:6.2f} / {cmed:6.2f} s"
          f"   durationMs {dmin:7.0f} / {dmed:7.0f}"
          f"   in-JVM {mb / (dmed / 1000):5.1f} MB/s (median)")
cold = figures("code", 2)
none = figures("no-state", 2)
find = figures("findings", 2)
re = figures("rescan", 2)
print(f"   cold --index code / rescan durationMs (median): {cold[1] / re[1]:.1f}x")
print(f"   index build cost, durationMs medians: --index code {100 * (cold[1] / none[1] - 1):+.0f}%,"
      f" --index findings {100 * (find[1] / none[1] - 1):+.0f}% over --no-state")
cpu_none, cpu_find, cpu_code = (figures(l, 5)[1] for l in ("no-state", "findings", "code"))
print(f"   index build cost, cpu medians: --index code {100 * (cpu_code / cpu_none - 1):+.0f}%"
      f" ({cpu_code - cpu_none:+.2f} s), --index findings {100 * (cpu_find / cpu_none - 1):+.0f}%"
      f" ({cpu_find - cpu_none:+.2f} s) over --no-state")
extra = (cold[1] - none[1]) / 1000
print(f"   index build rate: {mb / extra:.1f} MB/s of source for --index code (source MB over the extra"
      f" median durationMs over --no-state)" if extra > 0 else "   index build rate: no measurable cost")
print(f"   index on disk: code {int(code_bytes) / 1e6:.1f} MB ({int(code_bytes) / 1e6 / mb:.2f} MB per MB of source),"
      f" findings {int(findings_bytes) / 1e6:.1f} MB ({int(findings_bytes) / 1e6 / mb:.3f} MB per MB)")
PY
