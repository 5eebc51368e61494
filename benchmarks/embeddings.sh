#!/usr/bin/env bash
# benchmarks/run.sh embeddings: the default embeddings server (bin/litserve4j serve, no class) on single sentences,
# against today's configuration, and the model in-process, in one run.
#   Load: wrk -t1 -cCONNECTIONS (16) POSTs /v1/embeddings with one of the 200 sentences of mixed length
#   (litserve4j-benchmarks/src/main/resources/embeddings/mixed-sentences.txt) per request, round-robin, for
#   DURATION (10) s after WARMUP (3) s, on a server launched fresh for each sample; ROUNDS (3) rounds, the cases
#   interleaved (their order alternates). CASES: "name|flags" lines; by default "today" (the flags that reproduce
#   the old default) and "default" (no flags).
#   In-process (MixedSentences, one caller unless said): one at a time, batches of 32 padded to their longest,
#   batches of 32 by the token budget, and two single-threaded sessions one at a time.
#   Then the served vectors against in-process ones for CHECK_TEXTS (8) texts (EmbeddingsCheck).
# Prints markdown for docs/benchmarks.md. Run it through flock /tmp/litserve4j-mvn.lock; it binds 127.0.0.1 only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/benchmarks/lib.sh"
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-16}"
CHECK_TEXTS="${CHECK_TEXTS:-8}"
CASES="${CASES:-today|--workers-per-device 1 --max-batch-size 1 --batch-timeout 0
default|}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"
sentences="$root/litserve4j-benchmarks/src/main/resources/embeddings/mixed-sentences.txt"
work=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/mixed.lua" <<LUA
local texts = {}
for line in io.lines("$sentences") do if #line > 0 then texts[#texts + 1] = line end end
local next = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  next = next % #texts + 1
  return wrk.format(nil, nil, nil, '{"model": "all-MiniLM-L6-v2", "input": "' .. texts[next] .. '"}')
end
LUA

port=""
start() { # start FLAGS...: the default server, fresh, on a free port of 127.0.0.1
  # shellcheck disable=SC2068
  java -cp "$cp" dev.litserve4j.cli.Main serve $@ --host 127.0.0.1 --port 0 >"$work/server.log" 2>&1 &
  server=$!
  port=$(listening_port "$work/server.log" "$server") || { echo "the server ($*) did not start" >&2; exit 1; }
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

# measure NAME FLAGS: one fresh server, a warm-up, one measured run; appends "sentences/s p50 p99" to NAME.results.
measure() {
  local name=$1; shift
  start "$@"
  local url="http://127.0.0.1:$port/v1/embeddings" limit=$((WARMUP + DURATION + 30))
  timeout "$limit" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$work/mixed.lua" "$url" >/dev/null
  timeout "$limit" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$work/mixed.lua" "$url" \
    >"$work/wrk.out"
  stop
  awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad += $NF } /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i }
    END { if (bad > 0) { print "failed requests: " bad > "/dev/stderr"; exit 1 }
          printf "%.1f %.1f %.1f\n", rps, p50, p99 }' "$work/wrk.out" >>"$work/$name.results"
}
inprocess() { # inprocess NAME ARGS...: appends sentences/s of InProcessEmbeddings ARGS
  local name=$1; shift
  timeout $((DURATION + 60)) java -cp "$cp" dev.litserve4j.benchmarks.InProcessEmbeddings "$@" 2>/dev/null \
    >>"$work/$name.results"
}

names=()
declare -A flags
while IFS='|' read -r name f; do
  [ -n "$name" ] || continue
  names+=("$name"); flags[$name]="$f"
done <<<"$CASES"

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS ..." >&2
  order=("${names[@]}")
  if [ $((round % 2)) = 0 ]; then order=(); for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("${names[$i]}"); done; fi
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086
    measure "$name" ${flags[$name]}
  done
  inprocess inproc-1 1 "$DURATION" mixed
  inprocess inproc-32 32 "$DURATION" mixed
  inprocess inproc-32-tokens 32 "$DURATION" mixed 128
  inprocess inproc-2x1 1 "$DURATION" mixed 0 2
done

echo "vectors ..." >&2
start
check=$(timeout 120 java -cp "$cp" dev.litserve4j.benchmarks.EmbeddingsCheck "$port" "$CHECK_TEXTS" 2>/dev/null)
stop

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$work/$1.results" | median; }
base="${names[0]}"
echo
echo "| case | flags | sentences/s (median of $ROUNDS) | p50 ms | p99 ms | per round (sentences/s, p99 ms) | / ${base} |"
echo "|---|---|---|---|---|---|---|"
for name in "${names[@]}"; do
  rounds=$(awk '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $1, $3 }' "$work/$name.results")
  ratio=$(paste -d' ' "$work/$name.results" "$work/$base.results" | awk '{ print $1 / $4 }' | median)
  printf '| %s, %s connections | `%s` | %.0f | %.1f | %.1f | %s | %.2f× (median of paired rounds) |\n' "$name" \
    "$CONNECTIONS" "${flags[$name]:-(none)}" "$(col "$name" 1)" "$(col "$name" 2)" "$(col "$name" 3)" "$rounds" "$ratio"
done
for row in "inproc-1|one caller, one at a time (2 threads)" "inproc-32|one caller, batches of 32 padded to their longest" \
    "inproc-32-tokens|one caller, batches of 32 sorted and cut by 128 tokens" \
    "inproc-2x1|two callers, single-threaded sessions, one at a time"; do
  IFS='|' read -r name label <<<"$row"
  printf '| in-process: %s | - | %.0f | | | %s | |\n' "$label" "$(median <"$work/$name.results")" \
    "$(paste -sd, "$work/$name.results" | sed 's/,/, /g')"
done
echo
echo "Served against in-process vectors (the default server, $CHECK_TEXTS of the sentences; minimum cosine): $check."
echo "wrk -t1 -c$CONNECTIONS, ${DURATION} s after ${WARMUP} s, one of the 200 mixed sentences per request, round-robin."
