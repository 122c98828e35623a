#!/usr/bin/env bash
# Whole-process, cold scan throughput of one tree, side by side with ripgrep (and git-secrets when
# installed) running the same credential regexes on the same files in the same run.
#
# usage: bench/engine-throughput.sh [REPO_DIR | --go SIZE_MB | --java SIZE_MB] [RUNS]
#
# Figures are informational: nothing compares them with a threshold. The script exits non-zero
# only when it cannot run (a missing tool, a generator or scan error). No network is used.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: bench/engine-throughput.sh [REPO_DIR | --go SIZE_MB | --java SIZE_MB] [RUNS]

  REPO_DIR        a Git working copy: Airlock scans its HEAD commit, the peers read its files
                  (the same content when the working copy is clean)
  --go SIZE_MB    a generated Go API monorepo (bench/GenerateGoApi.java, seed 42),
                  kept in bench/work/goapi-<SIZE>mb and reused while the generator is unchanged
  --java SIZE_MB  a generated Maven multi-module Java project (bench/GenerateJavaProject.java),
                  kept in bench/work/javaproject-<SIZE>mb
  RUNS            timed runs of each Airlock and ripgrep configuration (default 3); the summary
                  shows the best (lowest wall time) of each
  (no argument: --go 300)

For each engine (--engine java|hyperscan when './airlock scan --help' offers --engine) and for
--threads 1 and 2: './airlock scan --no-state --no-progress -f json' under /usr/bin/time -v. Then
'rg -c -f' with the SECRET rules' regexes (exported from './airlock rules list --format json';
those ripgrep cannot take are dropped and counted), 'rg -P' (PCRE2) with the ones it can take,
and 'git secrets --scan -r' with its AWS patterns plus the regexes grep -E can take.
Prints wall, CPU (user+sys), MB/s (10^6 bytes of blobs at HEAD per wall second), files/s and
peak RSS per configuration, the 1 -> 2 thread speed-up, and Airlock/peer ratios.

Environment:
  ENGINES="java hyperscan"  engines to run (default: every engine --help offers, else the default)
  THREADS="1 2"             thread counts for Airlock and rg -j
  PEER_RUNS=1               runs of rg -P and git-secrets (the slow peers)
  PEER_TIMEOUT=600          seconds before a slow peer's run is stopped and reported as such
  AIRLOCK_JAVA_OPTS         JVM options, passed through ./airlock
EOF
  exit 2
}

mode=go
size=300
repo=""
case "${1:-}" in
  -h|--help) usage ;;
  --go|--java)
    mode="${1#--}"
    [ $# -ge 2 ] || usage
    size="$2"
    [[ "$size" =~ ^[1-9][0-9]*$ ]] || { echo "engine-throughput: SIZE_MB must be a positive integer, got '$size'" >&2; usage; }
    shift 2 ;;
  -*) echo "engine-throughput: unknown option '$1'" >&2; usage ;;
  "") ;;
  *) mode=repo; repo="$1"; shift ;;
esac
runs="${1:-3}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "engine-throughput: RUNS must be a positive integer, got '$runs'" >&2; usage; }
[ $# -le 1 ] || usage
peer_runs="${PEER_RUNS:-1}"
peer_timeout="${PEER_TIMEOUT:-600}"
threads="${THREADS:-1 2}"

if [ "$mode" = repo ]; then
  # Resolved before lib.sh moves to the repository root.
  [ -d "$repo" ] || { echo "engine-throughput: '$repo' is not a folder" >&2; exit 2; }
  repo="$(cd "$repo" && pwd)"
fi

BENCH_NAME=engine-throughput
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require rg timeout

work="$bench_root/$bench_work/engine"
mkdir -p "$work"
case "$mode" in
  go) repo="$bench_root/$bench_work/goapi-${size}mb"; bench_generate GenerateGoApi.java "$repo" "$size" ;;
  java) repo="$bench_root/$bench_work/javaproject-${size}mb"; bench_generate GenerateJavaProject.java "$repo" "$size" ;;
esac
[ "$(git -C "$repo" rev-parse --is-inside-work-tree 2>/dev/null)" = true ] \
  || bench_die "$repo is not a Git working copy (a bare repository has no files for the peers to read)"
[ "$(git -C "$repo" rev-parse --show-toplevel)" = "$repo" ] \
  || bench_die "$repo is inside a Git working copy but not its top level; pass $(git -C "$repo" rev-parse --show-toplevel)"
git -C "$repo" rev-parse -q --verify HEAD >/dev/null || bench_die "$repo has no commit to scan"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no | head -n 1)" ]; then
  echo "warning: $repo has uncommitted changes: Airlock scans HEAD, the peers read the working files" >&2
fi
planted=""
[ -f "$repo-planted.tsv" ] && planted="$repo-planted.tsv"

tree_bytes="$(bench_tree_bytes "$repo")"
tree_files="$(bench_tree_files "$repo")"
echo "tree:    $repo at $(git -C "$repo" rev-parse --short HEAD): $tree_files files, $tree_bytes bytes ($(python3 -c "print(f'{$tree_bytes/1e6:.1f}')") MB) at HEAD"
echo "machine: $(bench_load); $(java -version 2>&1 | head -n 1); $(rg --version | head -n 1)"

# Build the CLI if needed, outside the timed runs.
./airlock --version >/dev/null

engines="${ENGINES:-}"
if [ -z "$engines" ]; then
  if ./airlock scan --help | grep -q -- '--engine'; then engines="java hyperscan"; else engines="default"; fi
fi

# The credential regexes, for each peer's syntax.
./airlock rules list --format json >"$work/rules.json"
echo "== exporting the SECRET rules' regexes (bench/export-regexes.py)"
python3 bench/export-regexes.py "$work/rules.json" "$work/secret" >"$work/export.tsv" \
  || bench_die "could not export the rules' regexes"
regex_note() { # target -> "kept of total (dropped: reasons)"
  awk -F'\t' -v t="$1" '$1 == t { printf "%s of %s regexes (%s dropped: %s)", $3, $2, $4, $5 }' "$work/export.tsv"
}
echo "   rg (Rust regex): $(regex_note rg)"
echo "   rg -P (PCRE2):   $(regex_note pcre2)"
echo "   grep -E (git-secrets): $(regex_note ere)"

results="$work/runs.tsv"
: >"$results"

# record LABEL THREADS RUN TIMELOG [REPORT|-] [MATCH_COUNT] [STATUS]
record() {
  local fields
  fields="$(bench_time_fields "$4")"
  python3 - "$results" "$1" "$2" "$3" "$fields" "${5:--}" "${6:-}" "${7:-ok}" <<'PY'
import json, sys
results, label, threads, run, fields, report, count, status = sys.argv[1:]
wall, user, sys_, rss = fields.split()
stats_bytes = stats_files = duration = ""
if report != "-":
    repo = json.load(open(report, encoding="utf-8"))["repositories"][0]
    if repo.get("error"):
        sys.exit(f"engine-throughput: {label}: the scan reported an error: {repo['error']}")
    s = repo.get("stats") or {}
    stats_bytes, stats_files, duration = s.get("bytes", ""), s.get("files", ""), s.get("durationMs", "")
    count = str(len(repo.get("findings") or []))
with open(results, "a", encoding="utf-8") as out:
    out.write("\t".join(map(str, [label, threads, run, wall, user, sys_, rss, count, stats_bytes,
                                   stats_files, duration, status])) + "\n")
print(f"   {label:<28} threads {threads} run {run}: wall {float(wall):7.2f} s  cpu {float(user) + float(sys_):7.2f} s"
      f"  peak RSS {rss:>5} MB  {'findings' if report != '-' else 'matching lines'} {count or '?'}"
      + ("" if status == "ok" else f"  [{status}]"))
PY
}

echo "== Airlock: ./airlock scan --no-state --no-progress -f json --threads T${engines:+ --engine E} (engines: $engines)"
for engine in $engines; do
  engine_opt=()
  [ "$engine" = default ] || engine_opt=(--engine "$engine")
  for t in $threads; do
    for i in $(seq 1 "$runs"); do
      report="$work/report-$engine-$t.json"
      rm -f "$report"
      set +e
      /usr/bin/time -v -o "$work/time.log" ./airlock scan --no-state --no-progress -f json \
        -o "$report" --threads "$t" "${engine_opt[@]}" "$repo" 2>"$work/stderr.log"
      rc=$?
      set -e
      if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        cat "$work/stderr.log" >&2
        bench_die "airlock scan ${engine_opt[*]} --threads $t exited with $rc"
      fi
      status=ok
      grep -q "building the CLI" "$work/stderr.log" && status="CLI rebuilt: not counted"
      record "airlock $engine" "$t" "$i" "$work/time.log" "$report" "" "$status"
    done
  done
done

rg_common=(--no-config -c --hidden -g '!.git' --regex-size-limit 2G --dfa-size-limit 2G)
matches() { awk -F: '{ s += $NF } END { printf "%d", s }' "$1"; }

# peer LABEL THREADS RUN TIMEOUT_S COMMAND...: runs a peer under /usr/bin/time; exit 0 or 1 is a
# completed run (matches or none), 124 a timeout.
peer() {
  local label="$1" t="$2" i="$3" limit="$4"
  shift 4
  set +e
  /usr/bin/time -v -o "$work/time.log" timeout "$limit" "$@" >"$work/peer.out" 2>"$work/peer.err"
  local rc=$?
  set -e
  local status=ok
  if [ "$rc" -eq 124 ]; then
    status="stopped after ${limit} s"
  elif [ "$rc" -gt 1 ]; then
    head -n 5 "$work/peer.err" >&2
    status="exit $rc"
  fi
  record "$label" "$t" "$i" "$work/time.log" - "$(matches "$work/peer.out")" "$status"
}

if [ -s "$work/secret-rg.txt" ]; then
  echo "== ripgrep: rg -c -f REGEXES --hidden -g '!.git' -j T ($(wc -l <"$work/secret-rg.txt") regexes)"
  for t in $threads; do
    for i in $(seq 1 "$runs"); do
      peer "rg" "$t" "$i" "$peer_timeout" rg "${rg_common[@]}" -j "$t" -f "$work/secret-rg.txt" "$repo"
    done
  done
fi
if rg --pcre2-version >/dev/null 2>&1 && [ -s "$work/secret-pcre2.txt" ]; then
  t="$(echo "$threads" | awk '{ print $NF }')"
  passes="$(awk -F'\t' '$1 == "pcre2" { print $6 }' "$work/export.tsv")"
  echo "== ripgrep PCRE2: rg -P -c -f PASS -j $t, $passes passes (PCRE2 cannot compile all $(wc -l <"$work/secret-pcre2.txt") regexes as one)"
  for i in $(seq 1 "$peer_runs"); do
    # One timed command for all passes; a line that several passes match counts once per pass.
    peer "rg -P ($passes passes)" "$t" "$i" "$peer_timeout" bash -c \
      'dir="$1"; j="$2"; shift 2; for f in "$@"; do
         rg --no-config -c --hidden -g "!.git" -P -j "$j" -f "$f" "$dir" || [ $? -eq 1 ] || exit 2
       done' _ "$repo" "$t" $(for n in $(seq 1 "$passes"); do echo "$work/secret-pcre2-$n.txt"; done)
  done
else
  echo "== ripgrep PCRE2: skipped (this rg has no PCRE2)"
fi

if command -v git-secrets >/dev/null; then
  # Patterns go into a private global config, so the scanned repository's config is not touched.
  gs_config="$work/git-secrets.gitconfig"
  : >"$gs_config"
  gs() { (cd "$repo" && GIT_CONFIG_GLOBAL="$gs_config" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C git secrets "$@"); }
  gs --register-aws --global >/dev/null
  while IFS= read -r pattern; do
    git config --file "$gs_config" --add secrets.patterns "$pattern"
  done <"$work/secret-ere.txt"
  mapfile -t entries < <(cd "$repo" && ls -A | grep -vx '.git')
  echo "== git-secrets: git secrets --scan -r (AWS patterns + $(wc -l <"$work/secret-ere.txt") regexes; grep is one thread)"
  for i in $(seq 1 "$peer_runs"); do
    set +e
    (cd "$repo" && GIT_CONFIG_GLOBAL="$gs_config" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C \
      /usr/bin/time -v -o "$work/time.log" timeout "$peer_timeout" git secrets --scan -r "${entries[@]}" \
      >/dev/null 2>"$work/peer.err")
    rc=$?
    set -e
    status=ok
    [ "$rc" -eq 124 ] && status="stopped after ${peer_timeout} s"
    [ "$rc" -gt 1 ] && [ "$rc" -ne 124 ] && { head -n 5 "$work/peer.err" >&2; status="exit $rc"; }
    record "git-secrets" 1 "$i" "$work/time.log" - "$(grep -c '^[^[:space:]][^:]*:[0-9][0-9]*:' "$work/peer.err" || true)" "$status"
  done
else
  echo "== git-secrets: not installed (apt-get install -y git-secrets), left out"
fi

python3 - "$results" "$tree_bytes" "$tree_files" <<'PY'
import collections, sys
results, tree_bytes, tree_files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
mb = tree_bytes / 1e6
rows = [l.rstrip("\n").split("\t") for l in open(results, encoding="utf-8") if l.strip()]
best = collections.OrderedDict()
for r in rows:
    key = (r[0], r[1])
    if r[11] != "ok" and not r[11].startswith("stopped"):
        continue
    if key not in best or float(r[3]) < float(best[key][3]):
        best[key] = r
print(f"== summary: best run of each (MB/s and files/s over the {mb:.1f} MB, {tree_files} files at HEAD)")
print(f"   {'tool':<28} {'threads':>7} {'wall s':>8} {'cpu s':>8} {'MB/s':>8} {'files/s':>9} {'RSS MB':>7}  found")
rate = {}
for (label, t), r in best.items():
    wall = float(r[3])
    stopped = r[11].startswith("stopped")
    rate[(label, t)] = None if stopped else mb / wall
    mbs = f"<{mb / wall:.1f}" if stopped else f"{mb / wall:.1f}"
    print(f"   {label:<28} {t:>7} {wall:8.2f} {float(r[4]) + float(r[5]):8.2f} {mbs:>8} "
          f"{tree_files / wall:9.0f} {r[6]:>7}  {r[7]}" + (f"  ({r[11]})" if stopped else ""))
engines = [l for (l, t) in best if l.startswith("airlock")]
engines = list(dict.fromkeys(engines))
for e in engines:
    one, two = rate.get((e, "1")), rate.get((e, "2"))
    if one and two:
        print(f"   {e}: 1 -> 2 threads {two / one:.2f}x")
for e in engines:
    for (label, t), r in best.items():
        if label.startswith("airlock") or rate.get((label, t)) is None:
            continue
        mine = rate.get((e, t)) or rate.get((e, max(tt for (ll, tt) in rate if ll == e)))
        if mine:
            print(f"   {e} / {label} at {t} thread(s): {mine / rate[(label, t)]:.2f}x")
PY

for engine in $engines; do
  for t in $threads; do
    if [ -n "$planted" ] && [ -f "$work/report-$engine-$t.json" ]; then
      echo "== planted findings, airlock $engine --threads $t (bench/planted.py)"
      python3 bench/planted.py "$work/report-$engine-$t.json" "$planted" | sed -n '1,20p'
      break
    fi
  done
done
