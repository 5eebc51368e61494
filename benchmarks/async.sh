#!/usr/bin/env bash
# benchmarks/run.sh async: one worker, an API that waits WAIT (50) ms per request on something else, served
# synchronously (WaitingApi: Thread.sleep holds the worker) and through predictAsync (AsyncWaitingApi: the wait is a
# scheduled completion), under wrk -t1 -cCONNECTIONS (256) for DURATION (10) s after WARMUP (3) s, ROUNDS (3) rounds
# interleaved. Prints markdown for docs/benchmarks.md: req/s, p50 and p99, and the async/sync ratio per round.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-256}"
PORT="${PORT:-18124}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"
url="http://127.0.0.1:$PORT"
work=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"input": 4.0}]]\n' >"$work/post.lua"

start() { # start CLASS
  java -cp "$cp" dev.litserve4j.cli.Main serve "$1" --host 127.0.0.1 --port "$PORT" --workers-per-device 1 \
    --timeout 60 >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health" 2>/dev/null)" = 200 ] && return
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "$1 did not start" >&2; exit 1; }
    sleep 0.01
  done
  cat "$work/server.log" >&2; echo "$1 did not answer /health within 30 s" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }

# measure CLASS: prints "req/s p50 p99 non2xx+errors" of one DURATION run after a WARMUP run.
measure() {
  start "$1"
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s -s "$work/post.lua" "$url/predict" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -s "$work/post.lua" "$url/predict" >"$work/wrk.out"
  stop
  awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad += $NF } /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i }
    END { printf "%.0f %.0f %.0f %d\n", rps, p50, p99, bad }' "$work/wrk.out"
}

echo "| round | sync req/s | sync p50 / p99 ms | async req/s | async p50 / p99 ms | async / sync | failed (sync, async) |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    read -r srps sp50 sp99 sbad < <(measure dev.litserve4j.benchmarks.async.WaitingApi)
    read -r arps ap50 ap99 abad < <(measure dev.litserve4j.benchmarks.async.AsyncWaitingApi)
  else
    read -r arps ap50 ap99 abad < <(measure dev.litserve4j.benchmarks.async.AsyncWaitingApi)
    read -r srps sp50 sp99 sbad < <(measure dev.litserve4j.benchmarks.async.WaitingApi)
  fi
  ratio=$(awk -v a="$arps" -v s="$srps" 'BEGIN { printf "%.1f", (s > 0 ? a / s : 0) }')
  echo "| $round | $srps | $sp50 / $sp99 | $arps | $ap50 / $ap99 | ${ratio}x | $sbad, $abad |"
done
echo
echo "One worker (--workers-per-device 1), a 50 ms wait per request, wrk -t1 -c$CONNECTIONS --timeout 30s, ${DURATION} s after ${WARMUP} s;"
echo "async: predictAsync with the default maxConcurrentPerWorker (256)."
