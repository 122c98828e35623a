#!/usr/bin/env bash
# Whole-process scan throughput: generates a synthetic corpus (once), scans it RUNS times with the
# Airlock CLI under /usr/bin/time -v, and prints wall time, end-to-end MB/s, peak RSS, in-JVM MB/s,
# label and finding count per run, the best run, and how many planted findings were reported.
#
# usage: bench/scan-throughput.sh [SIZE_MB] [RUNS]      (defaults: 220 and 3)
#
# Figures are informational: nothing here compares them with a threshold. The script exits
# non-zero only when it cannot run (missing tool, generator or scan error).
set -euo pipefail

usage() {
  echo "usage: bench/scan-throughput.sh [SIZE_MB] [RUNS]   (defaults: 220 and 3)" >&2
  exit 2
}

size="${1:-220}"
runs="${2:-3}"
[[ "$size" =~ ^[1-9][0-9]*$ ]] || usage
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
[ $# -le 2 ] || usage

BENCH_NAME=scan-throughput
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require

work="$bench_work"
corpus="$work/corpus-${size}mb"
planted="$corpus-planted.tsv"
report="$work/report.json"

# 1. Corpus: generated once per size; regenerated when incomplete (no commit) or when
#    bench/GenerateCorpus.java changed since it was generated.
bench_corpus "$size"

corpus_bytes="$(bench_tree_bytes "$corpus")"
corpus_files="$(bench_tree_files "$corpus")"
echo "corpus: $corpus_files files, $corpus_bytes bytes at HEAD ($(python3 -c "print(f'{$corpus_bytes/1e6:.1f}')") MB)"

# 2. Build the CLI if needed (outside the timed runs).
echo "== ./airlock --version"
./airlock --version

# 3. Timed runs.
results="$work/runs.tsv"
: >"$results"
for i in $(seq 1 "$runs"); do
  timelog="$work/time-$i.log"
  errlog="$work/stderr-$i.log"
  rm -f "$report"
  # Each run is a first scan at default settings (it builds the code index): with the last run's
  # index left in place, every run after the first only reused it.
  rm -rf "$corpus/.git/airlock"
  echo "== run $i/$runs"
  set +e
  /usr/bin/time -v -o "$timelog" \
    ./airlock scan --no-progress --format json --output "$report" "$corpus" 2>"$errlog"
  rc=$?
  set -e
  cat "$errlog" >&2
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    cat "$timelog" >&2 || true
    bench_die "run $i: airlock scan exited with $rc"
  fi
  # ./airlock rebuilds the CLI when a source changed since the last build; such a run timed Maven.
  rebuilt=0
  if grep -q "building the CLI" "$errlog"; then rebuilt=1; fi
  python3 - "$timelog" "$report" "$corpus_bytes" "$i" "$results" "$rebuilt" <<'PY'
import json, re, sys

timelog, report, corpus_bytes, run, results, rebuilt = sys.argv[1:]
corpus_mb = int(corpus_bytes) / 1e6
text = open(timelog, encoding="utf-8", errors="replace").read()

m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
wall = 0.0
for part in m.group(1).split(":"):
    wall = wall * 60 + float(part)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
rss_mb = rss_kb * 1024 / 1e6

with open(report, encoding="utf-8") as f:
    doc = json.load(f)
repo = doc["repositories"][0]
stats = repo.get("stats") or {}
bytes_scanned = stats.get("bytes", 0)
duration_ms = stats.get("durationMs", 0)
jvm_mbs = (bytes_scanned / 1e6) / (duration_ms / 1000) if duration_ms else float("nan")
label = repo.get("label")
findings = len(repo.get("findings") or [])
skipped = len(repo.get("skipped") or [])
partial = len(repo.get("partial") or [])
e2e = corpus_mb / wall if wall else float("nan")

print(f"run {run}: wall {wall:.2f} s | {e2e:.1f} MB/s end to end | peak RSS {rss_mb:.0f} MB | "
      f"in-JVM {jvm_mbs:.1f} MB/s ({bytes_scanned / 1e6:.1f} MB in {duration_ms} ms, "
      f"{stats.get('files', 0)} files) | label {label} | {findings} findings"
      + (f" | {skipped} skipped" if skipped else "")
      + (f" | {partial} partial" if partial else "")
      + (f" | error: {repo['error']}" if repo.get("error") else "")
      + (" | CLI REBUILT during this run: wall time includes Maven, not counted as best"
         if rebuilt == "1" else ""))
with open(results, "a", encoding="utf-8") as out:
    out.write(f"{run}\t{wall}\t{e2e}\t{rss_mb}\t{jvm_mbs}\t{label}\t{findings}\t{rebuilt}\n")
PY
done

# 4. Best run (lowest wall time), then planted findings versus the last report.
python3 - "$results" <<'PY'
import sys

results = sys.argv[1]
rows = [line.rstrip("\n").split("\t") for line in open(results, encoding="utf-8") if line.strip()]
clean = [r for r in rows if r[7] == "0"] or rows
best = min(clean, key=lambda r: float(r[1]))
print(f"== best run {best[0]}{'' if best[7] == '0' else ' (every run rebuilt the CLI)'}: wall {float(best[1]):.2f} s | {float(best[2]):.1f} MB/s end to end | "
      f"peak RSS {float(best[3]):.0f} MB | in-JVM {float(best[4]):.1f} MB/s | label {best[5]} | "
      f"{best[6]} findings")
PY
python3 bench/planted.py "$report" "$planted"
