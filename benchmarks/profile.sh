#!/usr/bin/env bash
# benchmarks/run.sh profile: where SquareApi's time goes at steady state, against the raw Netty server.
# 1. ROUNDS (3) interleaved rounds, a fresh server each: SquareApi and the benchmarks module's RawNettyServer, each
#    warmed WARMUP (30) s, then measured DURATION (10) s with wrk -t1 -c32; prints req/s, p99 and the ratio per round.
# 2. One more SquareApi, warmed, then profiled with async-profiler (tools.profiler:async-profiler from Maven Central,
#    attached through jcmd JVMTI.agent_load) for DURATION s under the same load; prints the CPU breakdown
#    (benchmarks/profile-breakdown.py) and keeps the collapsed stacks in PROFILE_OUT (target/squareapi.collapsed).
set -euo pipefail
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}" WARMUP="${WARMUP:-30}" DURATION="${DURATION:-10}" PORT="${PORT:-18125}"
PROFILE_OUT="${PROFILE_OUT:-$root/target/squareapi.collapsed}"
AP_VERSION=4.1
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"
url="http://127.0.0.1:$PORT/predict"

ap_jar="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
[ -f "$ap_jar" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -Dtransitive=false >&2
work=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
(cd "$work" && unzip -q "$ap_jar" 'linux-x64/*')
agent="$work/linux-x64/libasyncProfiler.so"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"input": 4.0}]]\n' >"$work/square.lua"

start() { # start KIND: a fresh server, answering
  case $1 in
    square) java -cp "$cp" dev.litserve4j.cli.Main serve SquareApi --host 127.0.0.1 --port "$PORT" >"$work/server.log" 2>&1 & ;;
    raw) java -cp "$cp" dev.litserve4j.benchmarks.RawNettyServer "$PORT" >"$work/server.log" 2>&1 & ;;
  esac
  server=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null -X POST -d '{"input": 4.0}' "$url" && return
    sleep 0.05
  done
  cat "$work/server.log" >&2; echo "$1 did not answer within 30 s" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
load() { wrk -t1 -c32 -d"$1s" --latency -s "$work/square.lua" "$url"; }
rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }'; }
p99() { awk '/^ +99%/ { print $2 }'; }

echo "| round | SquareApi req/s | p99 | raw req/s | p99 | SquareApi / raw |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for kind in square raw; do
    start "$kind"; load "$WARMUP" >/dev/null; load "$DURATION" >"$work/$kind.out"; stop
  done
  s=$(rps <"$work/square.out") r=$(rps <"$work/raw.out")
  echo "| $round | $s | $(p99 <"$work/square.out") | $r | $(p99 <"$work/raw.out") | $(awk -v a="$s" -v b="$r" 'BEGIN { printf "%.2f", a / b }') |"
done

start square; load "$WARMUP" >/dev/null
jcmd "$server" JVMTI.agent_load "$agent" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null  # quoted: jcmd splits at =
load "$DURATION" >"$work/profiled.out"
mkdir -p "$(dirname "$PROFILE_OUT")"
jcmd "$server" JVMTI.agent_load "$agent" "\"stop,file=$PROFILE_OUT,collapsed\"" >/dev/null
stop
echo
echo "Profiled run (async-profiler $AP_VERSION, cpu, 1 ms): $(rps <"$work/profiled.out") req/s while profiled."
echo '```'
python3 benchmarks/profile-breakdown.py "$PROFILE_OUT" 15
echo '```'
