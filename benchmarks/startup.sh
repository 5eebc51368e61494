#!/usr/bin/env bash
# benchmarks/run.sh startup: start-up of `bin/litserve4j serve SquareApi` as users run it, from the launch to the first
# /health 200, on each JDK in JDKS, with the launcher's class-data archive (bin/jvm-cache-options) off and on.
# "on" first makes the archive with one launch that is stopped gracefully (not timed), then times launches from it.
# STARTS (7) timed launches per case, the cases interleaved; prints a markdown table of medians for docs/benchmarks.md.
# Environment: JDKS ("java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"), STARTS, PORT (18124).
set -euo pipefail
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
JDKS="${JDKS:-java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
STARTS="${STARTS:-7}"
PORT="${PORT:-18124}"
url="http://127.0.0.1:$PORT"
mvn -B -q -DskipTests package -pl litserve4j-cli -am >&2   # so that bin/litserve4j does not build in a timed launch

work=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

# launch JAVA CACHE: starts bin/litserve4j serve SquareApi with that java first on PATH and LITSERVE4J_JVM_CACHE=CACHE,
# waits for /health 200; prints the milliseconds from the launch.
launch() {
  local java=$1 cache=$2 t0
  t0=$(date +%s%N)
  PATH="$(dirname "$(readlink -f "$(command -v "$java")")"):$PATH" LITSERVE4J_JVM_CACHE="$cache" \
    bin/litserve4j serve SquareApi --host 127.0.0.1 --port "$PORT" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 6000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health" 2>/dev/null)" = 200 ]; then
      echo $(( ($(date +%s%N) - t0) / 1000000 ))
      return
    fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "the server did not start" >&2; exit 1; fi
    sleep 0.005
  done
  cat "$work/server.log" >&2; echo "no /health 200 within 30 s" >&2; exit 1
}

# stop: SIGTERM and wait (the recording launch writes its archive here)
stop() {
  local code=0
  kill -TERM "$server"; wait "$server" || code=$?
  [ "$code" = 0 ] || { cat "$work/server.log" >&2; echo "exit code $code after SIGTERM" >&2; exit 1; }
  server=""
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "| JDK | archive | launch to /health 200, ms (median of $STARTS) | all |"
echo "|---|---|---|---|"
for java in $JDKS; do
  version=$("$java" -version 2>&1 | head -n 1 | sed 's/.*version "\([^"]*\)".*/\1/')
  cache="$work/cache-$version"
  launch "$java" "$cache" >/dev/null; stop   # the recording launch
  archive=$(ls "$cache" | grep -v recording)
  rm -f "$work"/start-*.ms
  for _ in $(seq 1 "$STARTS"); do
    launch "$java" off >>"$work/start-off.ms"; stop
    launch "$java" "$cache" >>"$work/start-on.ms"; stop
  done
  printf '| %s | none (`LITSERVE4J_JVM_CACHE=off`) | %s | %s |\n' "$version" "$(median <"$work/start-off.ms")" "$(tr '\n' ' ' <"$work/start-off.ms")"
  printf '| %s | %s (%s MiB) | %s | %s |\n' "$version" "${archive##*.}" "$(( $(stat -c %s "$cache/$archive") / 1048576 ))" \
    "$(median <"$work/start-on.ms")" "$(tr '\n' ' ' <"$work/start-on.ms")"
done
