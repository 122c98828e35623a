#!/usr/bin/env bash
# Whole-process load benchmark of the label service: scans a generated monorepo into a labels
# feed, starts `airlock serve` on a loopback port, and drives it from a second JVM
# (bench/ServeLoad.java): /v1/route at ROUTE_RATE/s, then /v1/classify with 10 KB bodies at
# CLASSIFY_RATE/s (both open loop, latency counted from when each request was due), then the most
# requests a second each endpoint sustains (closed loop over 4 connections).
# Manual; prints figures, never fails on them.
#
#   bench/serve-load.sh [ROUTE_RATE] [CLASSIFY_RATE] [SECONDS]    defaults: 1000 100 30
#
#   SERVER_OPTS   JVM options of the server (default: the ones ./airlock uses for serve)
#   SERVER_CPUS / CLIENT_CPUS   taskset CPU lists to pin the server and the client (e.g. 0 and 1)
#   MAX=0         skip the max-throughput runs
#   FLOOR=0       skip the route run against bench/ServeFloor.java (fixed bytes, no work: the
#                 machine's own tail under the same load)
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
server_pin=()
client_pin=()
[ -n "${SERVER_CPUS:-}" ] && server_pin=(taskset -c "$SERVER_CPUS")
[ -n "${CLIENT_CPUS:-}" ] && client_pin=(taskset -c "$CLIENT_CPUS")

if [ ! -d "$corpus" ]; then
  java "$here/GenerateCorpus.java" "$corpus" 20 7 >/dev/null
fi
rm -rf "$state" && mkdir -p "$state"
"$top/airlock" scan --no-progress --no-state --format labels -o "$state/labels.json" "$corpus" >/dev/null || true

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

# The server runs as ./airlock runs it (AIRLOCK_JAVA_OPTS overrides the launcher's JVM options).
AIRLOCK_JAVA_OPTS="${SERVER_OPTS:-}" "${server_pin[@]}" "$top/airlock" serve --state "$state" --port "$port" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
await() {
  for _ in $(seq 100); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
}
await "http://127.0.0.1:$port/healthz"
echo "server: $(head -1 "$work/serve.log")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The client must not be the tail it measures: a small heap and the serial collector, and it
# allocates nothing per request once warm (it prints its own GC count).
load_at() {
  local at="$1"
  shift
  "${client_pin[@]}" java -XX:+UseSerialGC -Xms128m -Xmx256m "$here/ServeLoad.java" "http://127.0.0.1:$at" "$@"
}
load() { load_at "$port" "$@"; }
cpu() { awk '{print ($14+$15)*10}' "/proc/$server/stat"; }

c0=$(cpu)
load route "$route_rate" "$seconds" 10
c1=$(cpu)
echo "  server CPU during warm-up and run: $((c1 - c0)) ms for $(((seconds + 10) * route_rate)) requests"
load classify "$classify_rate" "$seconds" 10 "$body"
if [ "${FLOOR:-1}" != 0 ]; then
  "${server_pin[@]}" java -XX:+UseSerialGC -Xms64m "$here/ServeFloor.java" $((port + 1)) 1300 &
  floor=$!
  trap 'kill $server $floor 2>/dev/null || true' EXIT
  await "http://127.0.0.1:$((port + 1))/"
  echo "floor (bench/ServeFloor.java, the same route load answered with fixed bytes):"
  load_at $((port + 1)) route "$route_rate" "$seconds" 10
  kill $floor 2>/dev/null || true
fi
if [ "${MAX:-1}" != 0 ]; then
  load route max 10 5
  load classify max 10 5 "$body"
fi
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
rss=$(ps -o rss= -p "$server" | tr -d ' ')
echo "server RSS after the runs: $((rss / 1024)) MB"
