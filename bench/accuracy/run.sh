#!/usr/bin/env bash
# Accuracy harness: generates the labelled corpus, scans it with the CLI, and prints precision and
# recall per category, per rule and per planted kind. Manual, like every benchmark here: nothing
# in the build runs it and no figure fails a build.
#
#   bench/accuracy/run.sh [COPIES] [SEED]      defaults: 3 copies of every planted kind, seed 42
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
copies="${1:-3}"
seed="${2:-42}"
work="$top/bench/work"
corpus="$work/accuracy-$copies-$seed"
mkdir -p "$work"
if [ ! -d "$corpus" ]; then
  java "$here/GenerateLabelledCorpus.java" "$corpus" "$copies" "$seed"
fi
# Build the CLI if needed (the launcher does it) and scan: every finding, at any confidence.
"$top/airlock" scan --no-progress -f json -o "$work/accuracy-report.json" "$corpus" || true
java -cp "$top/cli/target/airlock.jar" "$here/Score.java" "$corpus-truth.tsv" "$work/accuracy-report.json"
