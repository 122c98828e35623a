#!/usr/bin/env bash
# Whole-process load benchmark of the label service: scans a generated monorepo into a labels
# feed, starts `airlock serve` on a loopback port, and drives it from a second JVM at a constant
# rate (bench/ServeLoad.java): /v1/route at RATE/s, then /v1/classify with 10 KB bodies.
# Manual; prints figures, never fails on them.
#
#   bench/serve-load.sh [ROUTE_RATE] [CLASSIFY_RATE] [SECONDS]    defaults: 1000 100 30
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
route_rate="${1:-1000}"
classify_rate="${2:-100}"
seconds="${3:-30}"
work="$here/work"
mkdir -p "$work"
corpus="$work/corpus-serve"
state="$work/serve-state"
port=18787

if [ ! -d "$corpus" ]; then
  java "$here/GenerateCorpus.java" "$corpus" 20 7 >/dev/null
fi
rm -rf "$state" && mkdir -p "$state"
"$top/airlock" scan --no-progress --no-state --format labels -o "$state/labels.json" "$corpus" || true

# A 10 KB body of ordinary code with one credential-shaped line, as a gateway would send it.
body="$work/classify-10k.txt"
python3 - "$body" <<'PY'
import random, sys
r = random.Random(3)
words = ["order", "ledger", "invoice", "account", "route", "cache", "batch", "queue", "report"]
lines = []
while sum(len(l) + 1 for l in lines) < 10200:
    w = r.choice(words)
    lines.append(f"    int {w}{len(lines)} = compute({r.choice(words)}, {r.randint(0, 999)});")
token = "ghp_" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(36))
lines.insert(40, f'    String deployToken = "{token}";')
open(sys.argv[1], "w").write("\n".join(lines)[:10240] + "\n")
PY

java ${SERVER_OPTS:--XX:+UseParallelGC} -jar "$top/cli/target/airlock.jar" serve --state "$state" --port "$port" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "server: $(head -1 "$work/serve.log")"
java "$here/ServeLoad.java" "http://127.0.0.1:$port" route "$route_rate" "$seconds" 10
java "$here/ServeLoad.java" "http://127.0.0.1:$port" classify "$classify_rate" "$seconds" 10 "$body"
rss=$(ps -o rss= -p "$server" | tr -d ' ')
echo "server RSS after the runs: $((rss / 1024)) MB"
