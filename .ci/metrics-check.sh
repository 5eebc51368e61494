#!/usr/bin/env bash
# /metrics as Prometheus reads it: a real server (bin/litserve4j serve SquareApi) answers a few requests,
# good and bad, and its scrape must pass `promtool check metrics` (Debian's prometheus package, installed
# here when missing) and carry the meters the README names. 127.0.0.1 only; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null 2>&1; then
  echo "== installing promtool (Debian's prometheus package) =="
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q prometheus >/dev/null
fi

log=$(mktemp); scrape=$(mktemp)
bin/litserve4j serve SquareApi --host 127.0.0.1 --port 0 --max-payload-size 1KB >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log" "$scrape"' EXIT

port=""
for _ in $(seq 1 300); do   # up to 30 s
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "metrics: the launcher exited before listening" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log"; echo "metrics: no 'listening on' line within 30 s" >&2; exit 1; }

url="http://127.0.0.1:$port"
for i in 1 2 3; do curl -s --max-time 5 -o /dev/null -X POST "$url/predict" -d "{\"input\": $i}"; done
curl -s --max-time 5 -o /dev/null -X POST "$url/predict" -d '{"input": '                        # 400
head -c 2048 /dev/zero | tr '\0' 'x' | curl -s --max-time 5 -o /dev/null -X POST "$url/predict" --data-binary @-  # 413

curl -s --max-time 5 -D "$scrape.head" -o "$scrape" "$url/metrics"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$scrape.head" \
  || { cat "$scrape.head"; echo "metrics: wrong Content-Type" >&2; exit 1; }
rm -f "$scrape.head"

echo "== promtool check metrics =="
promtool check metrics <"$scrape" || { echo "metrics: promtool found problems (above)" >&2; exit 1; }

for sample in 'litserve4j_requests_total{api="/predict",status="200"} 3' \
              'litserve4j_requests_total{api="/predict",status="400"} 1' \
              'litserve4j_rejections_total{api="/predict",cause="payload_too_large"} 1' \
              'litserve4j_lifecycle_phase{phase="running"} 1'; do
  name=${sample% *}; value=${sample##* }
  got=$(grep -F "$name " "$scrape" | awk '{print $2}')
  awk -v g="$got" -v w="$value" 'BEGIN { exit !(g + 0 == w + 0 && g != "") }' \
    || { grep litserve4j_ "$scrape" | head -50; echo "metrics: expected $name = $value, got '$got'" >&2; exit 1; }
done
for name in litserve4j_request_duration_seconds_bucket litserve4j_queue_wait_seconds_bucket \
            litserve4j_inference_duration_seconds_bucket litserve4j_batch_size_bucket litserve4j_queue_depth \
            litserve4j_requests_in_flight litserve4j_workers_ready litserve4j_workers_busy \
            litserve4j_connections_open litserve4j_shutdown_remaining_seconds jvm_memory_used_bytes \
            process_cpu_seconds_total; do
  grep -q "^$name" "$scrape" || { echo "metrics: no $name in the scrape" >&2; exit 1; }
done

kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "metrics: still running 30 s after SIGTERM" >&2; exit 1; fi
echo "metrics: ok ($(grep -c '^litserve4j_' "$scrape") litserve4j samples, promtool clean)"
