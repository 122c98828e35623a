# Shared shell for the bench/ scripts: sourced, never run. The caller sets BENCH_NAME (used in
# messages) and `set -euo pipefail`; sourcing moves to the repository root.
# shellcheck shell=bash

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$bench_root"
bench_work="bench/work"
mkdir -p "$bench_work"

bench_die() {
  echo "${BENCH_NAME:-bench}: $*" >&2
  exit 2
}

# The tools every whole-process script needs; extra command names may follow.
bench_require() {
  [ -f ./airlock ] || bench_die "./airlock not found at the repository root ($bench_root); run this from a full checkout"
  [ -x ./airlock ] || bench_die "./airlock is not executable (chmod +x airlock)"
  [ -x /usr/bin/time ] || bench_die "/usr/bin/time is missing; install it with: apt-get install -y time"
  local tool
  for tool in python3 git java "$@"; do
    command -v "$tool" >/dev/null || bench_die "'$tool' is required and not on PATH"
  done
}

# bench_generate GENERATOR OUT_DIR SIZE_MB [SEED]
# Makes OUT_DIR with `java bench/GENERATOR OUT_DIR SIZE_MB SEED` unless it already holds a commit
# made by the same generator source (its sha256 and the arguments are kept in
# OUT_DIR.generator-sha256). The planted list is OUT_DIR-planted.tsv. Generator output goes to
# stderr, so callers can capture stdout.
bench_generate() {
  local generator="$1" out="$2" size="$3" seed="${4:-42}"
  [ -f "bench/$generator" ] || bench_die "bench/$generator not found"
  local stamp="$out.generator-sha256" want
  want="$(sha256sum "bench/$generator" | cut -d' ' -f1) $size $seed"
  if git -C "$out" rev-parse -q --verify HEAD >/dev/null 2>&1 && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "== using the existing $out (delete it to regenerate)" >&2
    return 0
  fi
  rm -rf "$out" "$out-planted.tsv" "$stamp"
  echo "== generating $out with bench/$generator ($size MB, seed $seed)" >&2
  java "bench/$generator" "$out" "$size" "$seed" >&2 || bench_die "bench/$generator failed"
  echo "$want" >"$stamp"
  [ -f "$out-planted.tsv" ] || bench_die "$out-planted.tsv is missing after generation"
}

# The synthetic monorepo of bench/GenerateCorpus.java, at bench/work/corpus-<SIZE>mb.
bench_corpus() {
  bench_generate GenerateCorpus.java "$bench_work/corpus-$1mb" "$1"
}

# Bytes and file count of the blobs at HEAD (what a scan of the commit reads).
bench_tree_bytes() {
  git -C "$1" ls-tree -r -l HEAD | awk '$4 != "-" { s += $4 } END { printf "%d", s }'
}

bench_tree_files() {
  git -C "$1" ls-tree -r HEAD | wc -l | tr -d ' '
}

# bench_time_fields TIMELOG: "wall_s user_s sys_s peak_rss_mb" from `/usr/bin/time -v` output.
bench_time_fields() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
wall = 0.0
for part in re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1).split(":"):
    wall = wall * 60 + float(part)
user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
sys_ = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"{wall:.2f} {user:.2f} {sys_:.2f} {rss_kb * 1024 / 1e6:.0f}")
PY
}

bench_load() {
  echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
