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

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

work="bench/work"
corpus="$work/corpus-${size}mb"
planted="$corpus-planted.tsv"
report="$work/report.json"

die() {
  echo "scan-throughput: $*" >&2
  exit 2
}

[ -f ./airlock ] || die "./airlock not found at the repository root ($root); run this from a full checkout"
[ -x ./airlock ] || die "./airlock is not executable (chmod +x airlock)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing; install it with: apt-get install -y time"
command -v python3 >/dev/null || die "python3 is required to read the JSON report"
command -v git >/dev/null || die "git is required"
command -v java >/dev/null || die "java (17+) is required"

mkdir -p "$work"

# 1. Corpus: generated once per size. It is regenerated when incomplete (no commit) or when
#    bench/GenerateCorpus.java changed since it was generated (its sha256 is kept beside it).
stamp="$corpus.generator-sha256"
generator_sha="$(sha256sum bench/GenerateCorpus.java | cut -d' ' -f1)"
if ! git -C "$corpus" rev-parse -q --verify HEAD >/dev/null 2>&1 \
    || [ "$(cat "$stamp" 2>/dev/null)" != "$generator_sha" ]; then
  rm -rf "$corpus" "$planted" "$stamp"
  echo "== generating a ${size} MB corpus in $corpus"
  java bench/GenerateCorpus.java "$corpus" "$size"
  echo "$generator_sha" >"$stamp"
else
  echo "== using the existing corpus $corpus (delete it to regenerate)"
fi
[ -f "$planted" ] || die "$planted is missing; delete $corpus and run again"

corpus_bytes="$(git -C "$corpus" ls-tree -r -l HEAD | awk '$4 != "-" { s += $4 } END { printf "%d", s }')"
corpus_files="$(git -C "$corpus" ls-tree -r HEAD | wc -l | tr -d ' ')"
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
  echo "== run $i/$runs"
  set +e
  /usr/bin/time -v -o "$timelog" \
    ./airlock scan --no-progress --format json --output "$report" "$corpus" 2>"$errlog"
  rc=$?
  set -e
  cat "$errlog" >&2
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    cat "$timelog" >&2 || true
    die "run $i: airlock scan exited with $rc"
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

# 4. Best run (lowest wall time) and planted findings versus the last report.
python3 - "$results" "$report" "$planted" <<'PY'
import collections, json, sys

results, report, planted = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(results, encoding="utf-8") if line.strip()]
clean = [r for r in rows if r[7] == "0"] or rows
best = min(clean, key=lambda r: float(r[1]))
print(f"== best run {best[0]}{'' if best[7] == '0' else ' (every run rebuilt the CLI)'}: wall {float(best[1]):.2f} s | {float(best[2]):.1f} MB/s end to end | "
      f"peak RSS {float(best[3]):.0f} MB | in-JVM {float(best[4]):.1f} MB/s | label {best[5]} | "
      f"{best[6]} findings")

with open(report, encoding="utf-8") as f:
    repo = json.load(f)["repositories"][0]
found_at = collections.defaultdict(set)
for fd in repo.get("findings") or []:
    found_at[fd.get("path")].add(fd.get("line"))

plants = []
with open(planted, encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[1] == "line":
            continue
        plants.append((parts[0], int(parts[1]), parts[2]))

# A private key block is one finding; rules may report it at the BEGIN line or at the first
# base64 line, so any finding inside the block counts.
WINDOW = {"private-key-pem": 30}

by_kind = collections.OrderedDict()
misses = []
for path, line, kind in plants:
    span = WINDOW.get(kind, 0)
    hit = any(line <= n <= line + span for n in found_at.get(path, ()))
    total, got = by_kind.get(kind, (0, 0))
    by_kind[kind] = (total + 1, got + (1 if hit else 0))
    if not hit:
        misses.append((kind, path, line))

hits = sum(g for _, g in by_kind.values())
print(f"== planted findings reported at their path and line: {hits}/{len(plants)}")
for kind, (total, got) in by_kind.items():
    print(f"   {kind:<24} {got}/{total}")
if misses:
    print("   misses (kind, path, line; nearest finding in the same file, if any):")
    for kind, path, line in misses:
        lines = found_at.get(path)
        near = ""
        if lines:
            nearest = min(lines, key=lambda n: abs(n - line))
            near = f"  (nearest finding in file: line {nearest})"
        print(f"   {kind}\t{path}\t{line}{near}")

planted_keys = set()
for p, l, kind in plants:
    for n in range(l, l + WINDOW.get(kind, 0) + 1):
        planted_keys.add((p, n))
others = [fd for fd in repo.get("findings") or []
          if (fd.get("path"), fd.get("line")) not in planted_keys]
print(f"== findings not at a planted line (false positives or unplanted matches): {len(others)}")
if others:
    per_rule = collections.Counter(fd.get("ruleId") for fd in others)
    for rule, n in per_rule.most_common(10):
        print(f"   {rule:<32} {n}")
PY
