#!/usr/bin/env bash
# litserve4j benchmarks (not part of the test suite).
#   benchmarks/run.sh [all]            the load table: raw Netty, SquareApi x1/x2, BatchedSquareApi,
#                                      CountingStreamApi, embeddings served vs in-process, start-up, RSS
#   benchmarks/run.sh shutdown [N]     shutdown timings over N rounds (default 10)
#   benchmarks/run.sh jmh [regex]       JMH micro-benchmarks (batch collection, the JSON path)
#   benchmarks/run.sh hostile          good load on SquareApi without, then with, attackers (benchmarks/hostile.sh;
#                                      DURATION 300 s per phase, WARMUP 30 s by default)
#   benchmarks/run.sh async            one worker, a 50 ms wait per request: predict against predictAsync
#                                      (benchmarks/async.sh; ROUNDS, DURATION, CONNECTIONS)
#   benchmarks/run.sh rolling          rolling restarts of 3 replicas behind HAProxy and nginx under load
#                                      (benchmarks/rolling.sh; ROLLS, BALANCERS, DRAIN_DELAY, ...)
#   benchmarks/run.sh profile          SquareApi against the raw Netty server at steady state, then SquareApi under
#                                      async-profiler: where its CPU goes (benchmarks/profile.sh; ROUNDS, DURATION)
#   benchmarks/run.sh startup          bin/litserve4j serve SquareApi to /health 200 on JDK 17 and 25, with its
#                                      class-data archive off and on (benchmarks/startup.sh; STARTS, JDKS)
#   benchmarks/run.sh warmup           fresh servers: req/s per second for 30 s after /health 200, SquareApi with the
#                                      warm-up on and off and the raw server; start-up on JDK 17 and 25 (benchmarks/warmup.sh)
#   benchmarks/run.sh embeddings       the default embeddings server at 16 connections of single mixed-length
#                                      sentences against today's flags (--workers-per-device 1 --max-batch-size 1),
#                                      the model in-process, served vectors against in-process ones
#                                      (benchmarks/embeddings.sh; ROUNDS, DURATION, CONNECTIONS, CASES)
#   benchmarks/run.sh metrics          SquareApi with metrics on (scraped every second) against --no-metrics, and
#                                      --no-metrics against itself as the method's noise (benchmarks/metrics.sh):
#                                      FRESH (5) launches each, then ROUNDS (20) interleaved rounds of DURATION (5) s on
#                                      warmed servers; PIN=1 (default) puts the servers on core 0 and wrk on core 1,
#                                      PIN=0 pins nothing (the method before 2026-12-06); CONTROL=0 drops the control;
#                                      TOGETHER=1 loads every variant at once (the servers share core 0)
# Environment: ROUNDS (3), DURATION seconds per load (10), WARMUP seconds (3).
# Installs wrk from Debian's packages if it is missing. Prints markdown for docs/benchmarks.md.
set -euo pipefail
# ONNX Runtime telemetry off: it crashes the JVM on a long command line (see bin/litserve4j).
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/benchmarks/lib.sh"

what="${1:-all}"
if [ "$what" = hostile ]; then
  export DURATION="${DURATION:-300}" WARMUP="${WARMUP:-30}"
fi
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"

mvn -B -q -DskipTests package -pl litserve4j-benchmarks -am >&2
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"

if [ "$what" = shutdown ]; then
  exec java -cp "$cp" dev.litserve4j.benchmarks.ShutdownBenchmark "${2:-10}"
fi
if [ "$what" = jmh ]; then
  exec java -cp "$cp" org.openjdk.jmh.Main "${2:-dev.litserve4j.benchmarks.jmh}" -rf text -rff /dev/stdout
fi
if [ "$what" = profile ]; then
  exec "$root/benchmarks/profile.sh"
fi
if [ "$what" = startup ]; then
  exec "$root/benchmarks/startup.sh"
fi
case "$what" in all|async|embeddings|hostile|metrics|rolling|warmup) ;; *) echo "unknown benchmark '$what'; known: all, async, embeddings, shutdown, jmh, hostile, metrics, profile, rolling, startup, warmup" >&2; exit 2;; esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (apt-get install wrk) ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 && apt-get install -y -qq wrk >&2
  else sudo apt-get update -qq >&2 && sudo apt-get install -y -qq wrk >&2; fi
fi

if [ "$what" = hostile ]; then
  exec "$root/benchmarks/hostile.sh"
fi
if [ "$what" = rolling ]; then
  exec "$root/benchmarks/rolling.sh"
fi
if [ "$what" = warmup ]; then
  exec "$root/benchmarks/warmup.sh"
fi
if [ "$what" = async ]; then
  exec "$root/benchmarks/async.sh"
fi
if [ "$what" = embeddings ]; then
  exec "$root/benchmarks/embeddings.sh"
fi
if [ "$what" = metrics ]; then
  exec "$root/benchmarks/metrics.sh"
fi

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start NAME CLASS [args...]: starts a JVM, waits for its "listening on" line, records NAME's port.
start() {
  local name=$1; shift
  java -cp "$cp" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$name.pid"
  listening_port "$work/$name.log" "$(cat "$work/$name.pid")" >"$work/$name.port" || { echo "$name did not start" >&2; exit 1; }
}
serve() { local name=$1; shift; start "$name" dev.litserve4j.cli.Main serve "$@" --host 127.0.0.1 --port 0; }

lua() { # lua FILE BODY
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$2" >"$1"
}
lua "$work/square.lua" '{"input": 4.0}'
lua "$work/stream.lua" '{"n": 1000, "delay_ms": 0}'
lua "$work/embed.lua" '{"model": "all-MiniLM-L6-v2", "input": "A man is playing a guitar."}'

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))

# load NAME PATH LUA CONNECTIONS ROUND: one warm-up, one measured wrk run; appends
# "req/s p50ms p99ms cpu-us-per-request", the last being the server's own CPU time over the measured run
# divided by the requests answered (less noisy than req/s on cores shared with the load generator).
load() {
  local name=$1 path=$2 script=$3 conns=$4
  local url="http://127.0.0.1:$(cat "$work/$name.port")$path" pid before
  pid=$(cat "$work/$name.pid")
  wrk -t1 -c"$conns" -d"${WARMUP}s" -s "$script" "$url" >/dev/null
  before=$(cpu_ticks "$pid")
  wrk -t1 -c"$conns" -d"${DURATION}s" --latency -s "$script" "$url" >"$work/out"
  awk -v ticks="$(( $(cpu_ticks "$pid") - before ))" -v tick_us="$tick_us" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    / requests in / { n = $1 } /Non-2xx/ { bad = $NF }
    END { if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 }
          printf "%s %.3f %.3f %.2f\n", rps, p50, p99, ticks * tick_us / n }
  ' "$work/out" >>"$work/$name-$conns.results"
}

echo "starting servers ..." >&2
start raw dev.litserve4j.benchmarks.RawNettyServer 0
serve square1 SquareApi
serve square2 SquareApi --workers-per-device 2
serve batched BatchedSquareApi --max-batch-size 8 --batch-timeout 0.002
serve stream CountingStreamApi --stream --workers-per-device 2
serve embed --max-batch-size 8 --batch-timeout 0.005 --workers-per-device 1   # one 2-threaded session, as in-process
serve embed1 --workers-per-device 1

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS ..." >&2
  for conns in 32 128; do
    load raw /predict "$work/square.lua" "$conns"
    load square1 /predict "$work/square.lua" "$conns"
    load square2 /predict "$work/square.lua" "$conns"
    load batched /predict "$work/square.lua" "$conns"
  done
  load stream /predict "$work/stream.lua" 8
  load embed /v1/embeddings "$work/embed.lua" 32
  load embed1 /v1/embeddings "$work/embed.lua" 1
  java -cp "$cp" dev.litserve4j.benchmarks.InProcessEmbeddings 8 "$DURATION" >>"$work/inprocess.results"
  java -cp "$cp" dev.litserve4j.benchmarks.InProcessEmbeddings 1 "$DURATION" >>"$work/inprocess1.results"
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$work/$1.results" | median; }

echo
echo "| case | connections | req/s (median of $ROUNDS) | p50 ms | p99 ms | ratio |"
echo "|---|---|---|---|---|---|"
for conns in 32 128; do
  raw=$(col "raw-$conns" 1)
  for name in raw square1 square2 batched; do
    rps=$(col "$name-$conns" 1)
    label=$(case $name in raw) echo "(a) raw Netty, fixed JSON";; square1) echo "(b) SquareApi, 1 worker";;
      square2) echo "(b) SquareApi, 2 workers";; batched) echo "(c) BatchedSquareApi, batch 8, 2 ms";; esac)
    printf '| %s | %s | %.0f | %.3f | %.3f | %.0f%% of (a) |\n' "$label" "$conns" "$rps" \
      "$(col "$name-$conns" 2)" "$(col "$name-$conns" 3)" "$(awk -v a="$rps" -v b="$raw" 'BEGIN { print 100 * a / b }')"
  done
done
srps=$(col "stream-8" 1)
printf '| (d) CountingStreamApi, 1000 chunks per request, 2 workers | 8 | %.0f chunks/s | %.3f | %.3f | |\n' \
  "$(awk -v r="$srps" 'BEGIN { print r * 1000 }')" "$(col stream-8 2)" "$(col stream-8 3)"
erps=$(col "embed-32" 1)
inproc=$(median <"$work/inprocess.results")
printf '| (e) embeddings served, /v1/embeddings, batch 8 | 32 | %.0f sentences/s | %.3f | %.3f | %.0f%% of in-process |\n' \
  "$erps" "$(col embed-32 2)" "$(col embed-32 3)" "$(awk -v a="$erps" -v b="$inproc" 'BEGIN { print 100 * a / b }')"
printf '| (e) the same model in-process, batch 8, one caller | - | %.0f sentences/s | | | |\n' "$inproc"
erps1=$(col "embed1-1" 1)
inproc1=$(median <"$work/inprocess1.results")
printf '| (e) embeddings served, /v1/embeddings, no batching | 1 | %.0f sentences/s | %.3f | %.3f | %.0f%% of in-process |\n' \
  "$erps1" "$(col embed1-1 2)" "$(col embed1-1 3)" "$(awk -v a="$erps1" -v b="$inproc1" 'BEGIN { print 100 * a / b }')"
printf '| (e) the same model in-process, batch 1, one caller | - | %.0f sentences/s | | | |\n' "$inproc1"

# (g) start-up to /health 200 and idle RSS, SquareApi, 5 launches.
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  java -cp "$cp" dev.litserve4j.cli.Main serve SquareApi --host 127.0.0.1 --port 0 >"$work/boot.log" 2>&1 &
  bp=$!
  while ! grep -q 'listening on' "$work/boot.log"; do sleep 0.005; done
  bport=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/boot.log" | head -n 1)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$bport/health")" = 200 ]; do sleep 0.005; done
  echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$work/boot.results"
  sleep 1
  awk '/VmRSS/ { print $2 / 1024 }' "/proc/$bp/status" >>"$work/rss.results"
  kill "$bp"; wait "$bp" || true
done
printf '| (g) SquareApi start-up to /health 200 (launch of the JVM included) | - | %s ms | | | median of 5 |\n' "$(median <"$work/boot.results")"
printf '| (g) SquareApi idle RSS | - | %.0f MiB | | | median of 5 |\n' "$(median <"$work/rss.results")"
echo
echo "(f) shutdown timings: benchmarks/run.sh shutdown"
