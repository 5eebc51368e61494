#!/usr/bin/env bash
# benchmarks/run.sh warmup: how fast a freshly launched server serves in its first seconds. Each launch is a new
# JVM; the clock starts at the launch, the load (wrk -t1 -c32, back-to-back 1 s runs for WINDOWS windows) starts the
# moment /health first answers 200. Kinds: the benchmarks module's RawNettyServer, SquareApi with the warm-up off,
# SquareApi with --warmup-requests WARMUP_REQUESTS; LAUNCHES launches of each, interleaved, order rotated per round.
# Then start-up alone (launch to /health 200) on each JDK in JDKS, STARTS launches per case.
# Run by run.sh after the build; prints markdown for docs/benchmarks.md.
# Environment: LAUNCHES (3), WINDOWS (30), WARMUP_REQUESTS (20000), STARTS (5), PORT (18123),
# JDKS ("java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"), JAVA_OPTS for the SquareApi JVMs, CURVE (1; 0 skips the
# curve), CURVE_JAVA (java) for the curve.
set -euo pipefail
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
LAUNCHES="${LAUNCHES:-3}"
WINDOWS="${WINDOWS:-30}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-20000}"
STARTS="${STARTS:-5}"
PORT="${PORT:-18123}"
JDKS="${JDKS:-java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
CURVE="${CURVE:-1}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"
url="http://127.0.0.1:$PORT"

work=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"input": 4.0}]]\n' >"$work/square.lua"

# launch JAVA KIND: starts a fresh server of KIND, waits for /health 200; prints the milliseconds from the launch.
launch() {
  local java=$1 kind=$2 t0
  t0=$(date +%s%N)
  case "$kind" in
    raw) "$java" -cp "$cp" dev.litserve4j.benchmarks.RawNettyServer "$PORT" >"$work/server.log" 2>&1 & ;;
    off) "$java" ${JAVA_OPTS:-} -cp "$cp" dev.litserve4j.cli.Main serve SquareApi --host 127.0.0.1 --port "$PORT" \
           --warmup-requests 0 >"$work/server.log" 2>&1 & ;;
    on) "$java" ${JAVA_OPTS:-} -cp "$cp" dev.litserve4j.cli.Main serve SquareApi --host 127.0.0.1 --port "$PORT" \
           --warmup-requests "$WARMUP_REQUESTS" >"$work/server.log" 2>&1 & ;;
  esac
  server=$!
  for _ in $(seq 1 6000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health" 2>/dev/null)" = 200 ]; then
      echo $(( ($(date +%s%N) - t0) / 1000000 ))
      return
    fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "$kind did not start" >&2; exit 1; fi
    sleep 0.005
  done
  cat "$work/server.log" >&2; echo "$kind did not answer /health within 30 s" >&2; exit 1
}

finish() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; }

# curve KIND: WINDOWS back-to-back 1 s wrk runs; appends one line of req/s per window to KIND.curve.
curve() {
  local line=""
  for _ in $(seq 1 "$WINDOWS"); do
    line="$line $(wrk -t1 -c32 -d1s -s "$work/square.lua" "$url/predict" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')"
  done
  echo "$line" >>"$work/$1.curve"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
kinds="raw off on"
label() { case $1 in raw) echo "RawNettyServer";; off) echo "SquareApi, warm-up off";;
  on) echo "SquareApi, --warmup-requests $WARMUP_REQUESTS";; esac; }

if [ "$CURVE" = 1 ]; then
  for round in $(seq 1 "$LAUNCHES"); do
    order=$(echo $kinds | awk -v r="$round" '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + r - 1) % NF) + 1) }')
    for kind in $order; do
      echo "launch $round/$LAUNCHES: $kind ..." >&2
      launch "${CURVE_JAVA:-java}" "$kind" >>"$work/$kind.boot"
      curve "$kind"
      finish
    done
  done
  # column S of every launch of KIND, then its median
  window() { awk -v s="$2" '{ print $s }' "$work/$1.curve" | median; }
  echo
  echo "Req/s in each 1-second window after /health 200 (median of $LAUNCHES launches; wrk -t1 -c32, 1 s runs back to back):"
  echo
  echo "| second | $(for k in $kinds; do printf '%s | ' "$(label "$k")"; done)on / off |"
  echo "|---|---|---|---|---|"
  for s in $(seq 1 "$WINDOWS"); do
    printf '| %s |' "$s"
    for k in $kinds; do printf ' %s |' "$(window "$k" "$s")"; done
    awk -v a="$(window on "$s")" -v b="$(window off "$s")" 'BEGIN { printf " %.2f |\n", a / b }'
  done
  # per launch: mean of windows 1-5 over the median of the last 10 (its steady speed); then medians over launches
  echo
  echo "| server | launch to /health 200, ms | first 5 s, req/s | steady (last 10 s of $WINDOWS), req/s | first 5 s / steady | first 5 s / raw's steady |"
  echo "|---|---|---|---|---|---|"
  rawsteady=$(awk -v n="$WINDOWS" '{ from = n > 10 ? n - 9 : 1; for (i = from; i <= n; i++) s += $i; print s / (n - from + 1); s = 0 }' "$work/raw.curve" | median)
  for k in $kinds; do
    first=$(awk '{ print ($1 + $2 + $3 + $4 + $5) / 5 }' "$work/$k.curve" | median)
    steady=$(awk -v n="$WINDOWS" '{ from = n > 10 ? n - 9 : 1; for (i = from; i <= n; i++) s += $i; print s / (n - from + 1); s = 0 }' "$work/$k.curve" | median)
    ratio=$(awk -v n="$WINDOWS" '{ f = ($1 + $2 + $3 + $4 + $5) / 5; from = n > 10 ? n - 9 : 1; for (i = from; i <= n; i++) s += $i; print f / (s / (n - from + 1)); s = 0 }' \
      "$work/$k.curve" | median)
    printf '| %s | %s | %.0f | %.0f | %.0f%% (median of per-launch ratios) | %.0f%% |\n' "$(label "$k")" \
      "$(median <"$work/$k.boot")" "$first" "$steady" "$(awk -v r="$ratio" 'BEGIN { print 100 * r }')" \
      "$(awk -v a="$first" -v b="$rawsteady" 'BEGIN { print 100 * a / b }')"
  done
  for k in $kinds; do echo "$k launches (req/s per window): $(tr '\n' '/' <"$work/$k.curve")" >&2; done
fi

# Start-up alone, on each JDK: launch to /health 200, STARTS launches per case, interleaved.
echo
echo "| JDK | JAVA_OPTS | SquareApi warm-up | launch to /health 200, ms (median of $STARTS) | all |"
echo "|---|---|---|---|---|"
for java in $JDKS; do
  version=$("$java" -version 2>&1 | head -n 1 | sed 's/.*version "\([^"]*\)".*/\1/')
  rm -f "$work"/start-*.ms
  for i in $(seq 1 "$STARTS"); do
    for kind in off on; do
      launch "$java" "$kind" >>"$work/start-$kind.ms"
      finish
    done
  done
  for kind in off on; do
    printf '| %s | %s | %s | %s | %s |\n' "$version" "${JAVA_OPTS:--}" "$([ $kind = on ] && echo "$WARMUP_REQUESTS requests" || echo off)" \
      "$(median <"$work/start-$kind.ms")" "$(tr '\n' ' ' <"$work/start-$kind.ms")"
  done
done
