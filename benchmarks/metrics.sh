#!/usr/bin/env bash
# benchmarks/run.sh metrics: SquareApi with the metrics on, scraped every SCRAPE (1) s, against --no-metrics, and
# --no-metrics against a second --no-metrics server as the method's own noise, wrk -t1 -c32 on each.
#   Fresh: FRESH (5) rounds of a server per variant launched for one sample (FRESH_WARMUP (3) s, then DURATION s).
#   Warmed: one server per variant, all alive at once, each warmed WARM_FIRST (40) s (pinned, C2 takes 20-30 s), then
#   ROUNDS (20) rounds of WARMUP (1) + DURATION (5) s on each in turn, the order rotating every round; only one server
#   is loaded at a time. Short runs, many of them: the machine's speed drifts by 10-20% over minutes, the same for
#   every server, so each round's ratio (side by side in time) is steadier than the ratio of medians.
#   Per run: req/s, p50, p99 and the server's own CPU time per answered request (utime + stime from /proc/PID/stat
#   over the measured run, over wrk's request count).
#   PIN=1 (the default): every server on core 0 (taskset; -XX:ActiveProcessorCount=2 keeps the JVM's and the server's
#     sizing of an unpinned run: G1, two event loops), wrk and the scraper on core 1: the load generator no longer
#     takes the server's core.
#   PIN=0: nothing pinned (servers, wrk and the scraper share both cores), as measured up to 2026-12-03 (those runs
#     had WARMUP=3, DURATION=5, no WARM_FIRST but a first round thrown away, and no control).
#   CONTROL=0: no control server.
#   VARIANTS (on off off2): the servers; a name's flags are VARIANT_<name> (on: none, off and off2: --no-metrics),
#     its JVM options JAVA_<name>; SCRAPED (on) lists the variants a scraper reads /metrics of while loaded; BASE
#     (off) the variant the others are divided by. FRESH=0 skips the fresh phase.
# Prints markdown for docs/benchmarks.md, and every run's numbers on stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/benchmarks/lib.sh"
PIN="${PIN:-1}" ROUNDS="${ROUNDS:-20}" DURATION="${DURATION:-5}" WARMUP="${WARMUP:-1}" FRESH="${FRESH:-5}"
FRESH_WARMUP="${FRESH_WARMUP:-3}"
WARM_FIRST="${WARM_FIRST:-40}" SCRAPE="${SCRAPE:-1}" CONTROL="${CONTROL:-1}" BASE="${BASE:-off}"
SCRAPED="${SCRAPED:-on}" CONNECTIONS="${CONNECTIONS:-32}" TOGETHER="${TOGETHER:-0}" WARM_TOGETHER="${WARM_TOGETHER:-90}"
VARIANTS="${VARIANTS:-on off$([ "$CONTROL" = 1 ] && echo ' off2')}"
VARIANT_on="${VARIANT_on-}" VARIANT_off="${VARIANT_off---no-metrics}" VARIANT_off2="${VARIANT_off2---no-metrics}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"
if [ "$PIN" = 1 ]; then
  server_cpu=(taskset -c 0) client_cpu=(taskset -c 1) pin_java=(-XX:ActiveProcessorCount=2)
else
  server_cpu=() client_cpu=() pin_java=()
fi
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"input": 4.0}]]\n' \
  >"$work/square.lua"
tick_us=$((1000000 / $(getconf CLK_TCK)))
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

serve() { # serve NAME: a server of variant NAME, answering
  local name=$1 flags java_opts
  flags="VARIANT_$name" java_opts="JAVA_$name"
  # shellcheck disable=SC2086 # flags and options are word lists
  "${server_cpu[@]}" java "${pin_java[@]}" ${!java_opts-} -cp "$cp" dev.litserve4j.cli.Main serve SquareApi \
    ${!flags-} --host 127.0.0.1 --port 0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$name.pid"
  listening_port "$work/$name.log" "$(cat "$work/$name.pid")" >"$work/$name.port" || { echo "$name did not start" >&2; exit 1; }
}
halt() { kill "$(cat "$work/$1.pid")"; wait "$(cat "$work/$1.pid")" 2>/dev/null || true; }

# load SECONDS PHASE NAME...: wrk on each NAME at once (a scraper meanwhile on those in SCRAPED); with a PHASE,
# appends "req/s p50ms p99ms cpu-us-per-request" to NAME-PHASE.results.
load() {
  local seconds=$1 phase=$2 name url scrapers=() wrks=() before=()
  shift 2
  for name in "$@"; do
    url="http://127.0.0.1:$(cat "$work/$name.port")"
    if [ "$SCRAPE" != 0 ] && [[ " $SCRAPED " == *" $name "* ]]; then
      (while true; do "${client_cpu[@]}" curl -s -o /dev/null "$url/metrics"; sleep "$SCRAPE"; done) &
      scrapers+=($!)
    fi
  done
  for name in "$@"; do before+=("$(cpu_ticks "$(cat "$work/$name.pid")")"); done
  for name in "$@"; do
    "${client_cpu[@]}" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$work/square.lua" \
      "http://127.0.0.1:$(cat "$work/$name.port")/predict" >"$work/$name.out" &
    wrks+=($!)
  done
  for p in "${wrks[@]}"; do wait "$p"; done
  local i=0
  for name in "$@"; do
    awk -v ticks="$(( $(cpu_ticks "$(cat "$work/$name.pid")") - before[i] ))" -v tick_us="$tick_us" '
      function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
      /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
      / requests in / { n = $1 } /Non-2xx/ { bad = $NF }
      END { if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 }
            printf "%s %.3f %.3f %.2f\n", rps, p50, p99, ticks * tick_us / n }
    ' "$work/$name.out" >"$work/$name.last"
    [ -n "$phase" ] && cat "$work/$name.last" >>"$work/$name-$phase.results"
    i=$((i + 1))
  done
  for p in "${scrapers[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
}
# measure PHASE NAME...: a short load (FRESH_WARMUP s for fresh servers), then one measured
measure() {
  local phase=$1; shift
  load "$([ "$phase" = fresh ] && echo "$FRESH_WARMUP" || echo "$WARMUP")" "" "$@"; load "$DURATION" "$phase" "$@"
}

rotate() { # rotate N WORDS...: the words, starting at the N-th (mod their count)
  local n=$1; shift; local w=("$@") i
  for i in $(seq 0 $(( ${#w[@]} - 1 ))); do printf '%s ' "${w[$(( (n + i) % ${#w[@]} ))]}"; done
}

read -ra names <<<"$VARIANTS"
for round in $(seq 1 "$FRESH"); do
  echo "fresh round $round/$FRESH ..." >&2
  if [ "$TOGETHER" = 1 ]; then
    for name in "${names[@]}"; do serve "$name"; done
    measure fresh "${names[@]}"
    for name in "${names[@]}"; do halt "$name"; done
  else
    for name in $(rotate "$round" "${names[@]}"); do serve "$name"; measure fresh "$name"; halt "$name"; done
  fi
done
phases=(warm); [ "$FRESH" -gt 0 ] && phases=(fresh warm)

for name in "${names[@]}"; do serve "$name"; done
# one at a time even for TOGETHER: three loaded servers on one core would take minutes to compile their request paths
for name in "${names[@]}"; do echo "warming $name ${WARM_FIRST} s ..." >&2; load "$WARM_FIRST" "" "$name"; done
if [ "$TOGETHER" = 1 ]; then echo "warming together ${WARM_TOGETHER} s ..." >&2; load "$WARM_TOGETHER" "" "${names[@]}"; fi
for round in $(seq 1 "$ROUNDS"); do
  echo "warm round $round/$ROUNDS ..." >&2
  if [ "$TOGETHER" = 1 ]; then measure warm "${names[@]}"
  else for name in $(rotate "$round" "${names[@]}"); do measure warm "$name"; done; fi
done
for phase in "${phases[@]}"; do for name in "${names[@]}"; do
  echo "$name-$phase (req/s, CPU µs per request): $(awk '{ printf "%s/%s ", $1, $4 }' "$work/$name-$phase.results")" >&2
done; done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$work/$1.results" | median; }
# paired NAME PHASE COLUMN: each round's NAME / BASE in COLUMN, one a line
paired() { paste -d' ' "$work/$1-$2.results" "$work/$BASE-$2.results" | awk -v c="$3" '{ print 100 * $c / $(c + 4) }'; }
spread() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f-%.1f%%", v[1], v[NR] }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }

echo
echo "| SquareApi, $CONNECTIONS connections | variant | req/s | p50 ms | p99 ms | server CPU per request | / $BASE, req/s: ratio of medians; median of paired ratios (their range) | / $BASE, CPU per request: the same |"
echo "|---|---|---|---|---|---|---|---|"
for phase in "${phases[@]}"; do
  label=$([ "$phase" = fresh ] && echo "fresh (median of $FRESH launches)" || echo "warmed (median of $ROUNDS rounds)")
  for name in "${names[@]}"; do
    flags="VARIANT_$name" java_opts="JAVA_$name"
    what=$(echo "${!flags-} ${!java_opts-}" | xargs)
    if [ "$SCRAPE" != 0 ] && [[ " $SCRAPED " == *" $name "* ]]; then what="${what:+$what, }scraped every $SCRAPE s"; fi
    what="$name${what:+ ($what)}"
    ratios="" cratios=""
    if [ "$name" != "$BASE" ]; then
      ratios="$(pct "$(col "$name-$phase" 1)" "$(col "$BASE-$phase" 1)"); $(paired "$name" "$phase" 1 | median \
        | xargs printf '%.1f%%') ($(paired "$name" "$phase" 1 | spread))"
      cratios="$(pct "$(col "$name-$phase" 4)" "$(col "$BASE-$phase" 4)"); $(paired "$name" "$phase" 4 | median \
        | xargs printf '%.1f%%') ($(paired "$name" "$phase" 4 | spread))"
    fi
    printf '| %s | %s | %.0f | %.3f | %.3f | %.1f µs | %s | %s |\n' "$label" "$what" "$(col "$name-$phase" 1)" \
      "$(col "$name-$phase" 2)" "$(col "$name-$phase" 3)" "$(col "$name-$phase" 4)" "$ratios" "$cratios"
  done
done
