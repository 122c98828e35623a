#!/usr/bin/env bash
# Documents a second, and what reading documents costs a repository of source files only.
#
# 1. Generates COUNT documents (bench/GenerateDocuments.java: DOCX, XLSX, PDF and ZIP of CSVs) and
#    scans them RUNS times: wall and CPU (user+sys) time of the whole process, documents/s over
#    the scan's own time and over the process's wall time.
# 2. Scans a source-only corpus (bench/GenerateCorpus.java, SOURCE_MB) RUNS times with documents
#    on (the default) and off (--no-documents), alternating, and prints the median of each and the
#    overhead. A source-only repository never starts a document process, so the difference is
#    the cost of recognising documents by their first bytes: it should be noise.
#
# usage: bench/documents.sh [COUNT] [RUNS] [SOURCE_MB]      (defaults: 200, 5 and 60)
#
# The machine may be shared: compare CPU time as well as wall time, and repeat. Nothing here
# compares a figure with a threshold; the script fails only when it cannot run.
set -euo pipefail

usage() {
  echo "usage: bench/documents.sh [COUNT] [RUNS] [SOURCE_MB]   (defaults: 200, 5 and 60)" >&2
  exit 2
}

count="${1:-200}"
runs="${2:-5}"
size="${3:-60}"
for n in "$count" "$runs" "$size"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
done
[ $# -le 3 ] || usage

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() {
  echo "documents: $*" >&2
  exit 2
}
[ -x /usr/bin/time ] || die "/usr/bin/time is missing; install it with: apt-get install -y time"
command -v python3 >/dev/null || die "python3 is required to read the JSON report"

work="bench/work"
docs="$work/documents-$count"
corpus="$work/corpus-${size}mb"
report="$work/documents-report.json"
mkdir -p "$work"

./airlock --version >/dev/null # builds the CLI when it is missing or stale, outside the timed runs
if [ ! -d "$docs" ]; then
  java -cp cli/target/airlock-documents.jar bench/GenerateDocuments.java "$docs" "$count" 42
fi
if ! git -C "$corpus" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  rm -rf "$corpus"
  java bench/GenerateCorpus.java "$corpus" "$size"
fi

# One scan: prints "WALL CPU SCAN_MS FILES SKIPPED" (seconds, seconds, milliseconds).
scan() {
  local timelog="$work/documents-time.log"
  /usr/bin/time -f "%e %U %S" -o "$timelog" \
    ./airlock scan --no-state --no-progress --format json --output "$report" "$@" >/dev/null
  python3 - "$timelog" "$report" <<'PY'
import json, sys
wall, user, sys_ = (float(x) for x in open(sys.argv[1]).read().split()[-3:])
repo = json.load(open(sys.argv[2], encoding="utf-8"))["repositories"][0]
st = repo.get("stats") or {}
print(f"{wall:.2f} {user + sys_:.2f} {st.get('durationMs', 0)} {st.get('files', 0)} "
      f"{len(repo.get('skipped') or [])}")
PY
}

echo "== $count documents in $docs, $runs runs"
for i in $(seq 1 "$runs"); do
  read -r wall cpu ms files skipped < <(scan "$docs")
  python3 -c "print(f'run $i: wall $wall s, CPU $cpu s, scan $ms ms, $files files, $skipped skipped:'
    f' {$count / ($ms / 1000):.1f} documents/s over the scan, {$count / $wall:.1f} over the process')"
done

echo "== source-only corpus $corpus: documents on / off (--no-documents), $runs runs each, alternating"
on=()
off=()
for i in $(seq 1 "$runs"); do
  read -r wall cpu ms files skipped < <(scan "$corpus")
  on+=("$wall $cpu $ms")
  echo "run $i on:  wall $wall s, CPU $cpu s, scan $ms ms ($files files)"
  read -r wall cpu ms files skipped < <(scan --no-documents "$corpus")
  off+=("$wall $cpu $ms")
  echo "run $i off: wall $wall s, CPU $cpu s, scan $ms ms ($files files)"
done
python3 - "${on[@]}" -- "${off[@]}" <<'PY'
import statistics, sys
args = sys.argv[1:]
cut = args.index("--")
on = [tuple(map(float, a.split())) for a in args[:cut]]
off = [tuple(map(float, a.split())) for a in args[cut + 1:]]
for i, name in enumerate(["wall s", "CPU s", "scan ms"]):
    a = statistics.median(r[i] for r in on)
    b = statistics.median(r[i] for r in off)
    print(f"median {name}: on {a:.2f}, off {b:.2f}, overhead {100 * (a - b) / b:+.1f}%")
PY
