#!/usr/bin/env bash
# benchmarks/run.sh rolling: rolling restarts of REPLICAS (3) litserve4j replicas on 127.0.0.1 behind real load
# balancers, under a steady wrk load that mixes plain and streaming OpenAI chat requests (PacedChatApi: a stream
# of twenty words takes about 100 ms). Behind each balancer in BALANCERS ("haproxy nginx nginx-retry"), ROLLS (3) times, each
# replica in turn is stopped and started again on its port: in the first roll with SIGTERM, in the second with
# POST /shutdown, after that (and in a single roll) alternately. Counts every failure (non-2xx, socket error, a plain answer or a stream
# that is not whole), and checks that every replica exits 0 and leaves no process and no listener behind.
# Exits 1 when anything failed. Run by run.sh after the build; prints markdown for docs/benchmarks.md.
#   HAProxy: active checks of /readyz every 100 ms (fall 2, rise 2, 1 s check timeout), `retries 0` and no redispatch: nothing hides
#            a failure. nginx: as usually configured, round robin with upstream keep-alive and its default retries
#            (a failed connect is retried elsewhere, a POST that was sent is not); nginx-retry: the same, and POSTs
#            that got no answer are retried too (proxy_next_upstream ... non_idempotent), as inference allows.
# Environment: ROLLS (3), BALANCERS, DRAIN_DELAY (1) and GRACEFUL (20) seconds for the replicas, CONNECTIONS (48)
# of the load, PAUSE_MS (5) each connection waits between requests, STREAM_EVERY (10): one request in that
# many is a stream, JAVA_OPTS for the replicas, SETTLE (3) seconds of load before the first stop and after the last start; KEEP_WORK: a
# directory to copy the logs of the balancers and replicas into at the end.
set -euo pipefail
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROLLS="${ROLLS:-3}"
REPLICAS="${REPLICAS:-3}"
BALANCERS="${BALANCERS:-haproxy nginx nginx-retry}"
DRAIN_DELAY="${DRAIN_DELAY:-1}"
GRACEFUL="${GRACEFUL:-20}"
CONNECTIONS="${CONNECTIONS:-48}"
PAUSE_MS="${PAUSE_MS:-5}"
STREAM_EVERY="${STREAM_EVERY:-10}"
SETTLE="${SETTLE:-3}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"

for tool in haproxy nginx wrk; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ " $BALANCERS wrk " == *" $tool"* ]]; then
    echo "installing $tool (apt-get install $tool) ..." >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq "$tool" >&2
  fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
declare -a pids=() ports=()
lb_pid=""
cleanup() {
  [ -n "${KEEP_WORK:-}" ] && mkdir -p "$KEEP_WORK" && cp -r "$work"/. "$KEEP_WORK"/
  [ -n "$lb_pid" ] && kill "$lb_pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
for i in $(seq 0 $((REPLICAS - 1))); do ports[$i]=$(free_port); done
front=$(free_port); stats=$(free_port)

# until_ok SECONDS COMMAND...: runs COMMAND every 20 ms until it succeeds; fails after SECONDS.
until_ok() {
  local end=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@"; do [ "$(date +%s%N)" -lt "$end" ] || return 1; sleep 0.02; done
}
ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ]; }
listening() { [ -n "$(ss -Hltn "sport = :$1")" ]; }

start_replica() { # start_replica I
  local i=$1 port=${ports[$1]}
  LIT_SHUTDOWN_API_KEY="$key" java ${JAVA_OPTS:-} -cp "$cp" dev.litserve4j.cli.Main serve dev.litserve4j.benchmarks.rolling.PacedChatApi \
    --host 127.0.0.1 --port "$port" --drain-delay "$DRAIN_DELAY" --graceful-timeout "$GRACEFUL" \
    --enable-shutdown-api --workers-per-device 16 >>"$work/replica$i.log" 2>&1 &
  pids[$i]=$!
  until_ok 30 ready "$port" || { tail -n 20 "$work/replica$i.log" >&2; echo "replica $i did not become ready" >&2; exit 1; }
}

# stop_replica I METHOD: stops replica I with SIGTERM or POST /shutdown and waits for its exit; records
# "exit-code leftover-process leftover-listener" in stops.txt.
stop_replica() {
  local i=$1 how=$2 pid=${pids[$1]} port=${ports[$1]} code=0
  if [ "$how" = sigterm ]; then
    kill -TERM "$pid"
  else
    local answer
    answer=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $key" "http://127.0.0.1:$port/shutdown")
    [ "$answer" = 200 ] || echo "replica $i: POST /shutdown answered $answer" >&2
  fi
  until_ok $((GRACEFUL + 10)) sh -c "! kill -0 $pid 2>/dev/null" || echo "replica $i did not exit" >&2
  wait "$pid" || code=$?
  local left=0 listener=0
  kill -0 "$pid" 2>/dev/null && left=1
  listening "$port" && listener=1
  echo "$how $code $left $listener" >>"$work/stops.txt"
  pids[$i]=""
}

# serving I: replica I has answered 20 requests through the balancer since it started, so the balancer has it in
# rotation again. nginx has no readiness checks: it takes a replica it failed to reach out of rotation for its
# fail_timeout (10 s), and one rolled sooner than that after the last leaves it no replica ("no live upstreams").
serving() {
  curl -s "http://127.0.0.1:${ports[$1]}/metrics" | awk '/^litserve4j_requests_total\{/ { n += $NF } END { exit !(n >= 20) }'
}

haproxy_up() { # haproxy_up I: the balancer has replica I in rotation again
  curl -s "http://127.0.0.1:$stats/stats;csv" | awk -F, -v s="r$1" '$1 == "replicas" && $2 == s { print $18 }' | grep -q '^UP'
}

start_balancer() { # start_balancer NAME
  case $1 in
    haproxy)
      {
        printf 'global\n  maxconn 4096\n  log stdout format raw local0 notice\n\n'
        printf 'defaults\n  mode http\n  log global\n  option httplog\n  option log-separate-errors\n'
        printf '  timeout connect 2s\n  timeout client 60s\n'
        printf '  timeout server 60s\n  retries 0\n  no option redispatch\n\n'
        printf 'frontend litserve4j\n  bind 127.0.0.1:%s\n  default_backend replicas\n\n' "$front"
        printf 'backend replicas\n  balance roundrobin\n  option httpchk GET /readyz\n  http-check expect status 200\n'
        printf '  timeout check 1s\n  default-server inter 100ms fall 2 rise 2\n'
        for i in $(seq 0 $((REPLICAS - 1))); do printf '  server r%s 127.0.0.1:%s check\n' "$i" "${ports[$i]}"; done
        printf '\nlisten stats\n  bind 127.0.0.1:%s\n  stats enable\n  stats uri /stats\n' "$stats"
      } >"$work/haproxy.cfg"
      haproxy -W -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
      lb_pid=$!
      for i in $(seq 0 $((REPLICAS - 1))); do until_ok 10 haproxy_up "$i"; done ;;
    nginx|nginx-retry)
      mkdir -p "$work/nginx"; : >"$work/nginx-error.log"
      {
        printf 'worker_processes 1;\ndaemon off;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log warn;\n' "$work" "$work"
        printf 'events { worker_connections 4096; }\nhttp {\n'
        # Only the failures are logged, with the time in ms, to line them up with the replicas' logs.
        printf '  map $status $failed { ~^2 0; default 1; }\n'
        printf '  log_format failures "$msec $status $upstream_addr $upstream_status connect $upstream_connect_time header $upstream_header_time response $upstream_response_time request $request_time";\n'
        printf '  access_log %s/nginx-failed.log failures if=$failed;\n' "$work"
        for t in client_body proxy fastcgi uwsgi scgi; do printf '  %s_temp_path %s/nginx/%s;\n' "$t" "$work" "$t"; done
        printf '  upstream replicas {\n'
        for i in $(seq 0 $((REPLICAS - 1))); do printf '    server 127.0.0.1:%s;\n' "${ports[$i]}"; done
        printf '    keepalive 32;\n  }\n  server {\n    listen 127.0.0.1:%s;\n    location / {\n' "$front"
        printf '      proxy_pass http://replicas;\n      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n'
        printf '      proxy_buffering off;\n'
        # Inference has no side effects: a POST whose connection failed before any answer may go to another replica.
        [ "$1" = nginx-retry ] && printf '      proxy_next_upstream error timeout non_idempotent;\n'
        printf '    }\n  }\n}\n'
      } >"$work/nginx.conf"
      "$nginx_bin" -c "$work/nginx.conf" -p "$work/nginx" >"$work/nginx.log" 2>&1 &
      lb_pid=$!
      until_ok 10 listening "$front" ;;
  esac
}

stop_balancer() {
  kill "$lb_pid" 2>/dev/null || true
  wait "$lb_pid" 2>/dev/null || true
  lb_pid=""
}

# The load: plain requests of one word, one in STREAM_EVERY a stream of twenty; each answer is checked whole.
words="one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
cat >"$work/mix.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local plain = '{"model": "paced", "messages": [{"role": "user", "content": "hello"}]}'
local stream = '{"model": "paced", "stream": true, "messages": [{"role": "user", "content": "$words"}]}'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; streams = 0; plains = 0; bad = 0; statuses = "" end
function request()
  n = n + 1
  if n % $STREAM_EVERY == 0 then return wrk.format(nil, "/v1/chat/completions", nil, stream) end
  return wrk.format(nil, "/v1/chat/completions", nil, plain)
end
function delay() return $PAUSE_MS end
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if #statuses < 200 then statuses = statuses .. status .. " " end
  elseif body:find("data: ", 1, true) then
    if body:find(" twenty", 1, true) and body:find("data: [DONE]", 1, true) then streams = streams + 1 else bad = bad + 1 end
  elseif body:find('"hello"', 1, true) then plains = plains + 1
  else bad = bad + 1 end
end
function done(summary, latency, requests)
  local s, p, b = 0, 0, 0
  for _, t in ipairs(threads) do s = s + t:get("streams"); p = p + t:get("plains"); b = b + t:get("bad") end
  io.write(string.format("checked: streams %d plain %d bad %d\n", s, p, b))
  for _, t in ipairs(threads) do io.write("statuses not 200: " .. t:get("statuses") .. "\n") end
end
EOF

for i in $(seq 0 $((REPLICAS - 1))); do start_replica "$i"; done
echo "| balancer | stops | requests | req/s | streams whole | failed: non-2xx, socket errors, answers not whole | p99 ms | exit codes | left running |" >"$work/table"
echo "|---|---|---|---|---|---|---|---|---|" >>"$work/table"
failed=0
for balancer in $BALANCERS; do
  echo "$balancer: $ROLLS rolling restarts of $REPLICAS replicas ..." >&2
  start_balancer "$balancer"
  : >"$work/stops.txt"
  wrk -t1 -c"$CONNECTIONS" -d3600s --latency -s "$work/mix.lua" "http://127.0.0.1:$front" >"$work/wrk-$balancer.out" 2>&1 &
  wrk_pid=$!
  sleep "$SETTLE" # load before the first stop, so that the first replica stops under it
  for roll in $(seq 1 "$ROLLS"); do
    for i in $(seq 0 $((REPLICAS - 1))); do
      how=sigterm
      if [ "$roll" = 2 ]; then how=shutdown
      elif { [ "$roll" -gt 2 ] || [ "$ROLLS" = 1 ]; } && [ $(( (roll + i) % 2 )) = 0 ]; then how=shutdown; fi
      stop_replica "$i" "$how"
      start_replica "$i"
      if [ "$balancer" = haproxy ]; then until_ok 10 haproxy_up "$i"; fi
      until_ok 30 serving "$i" || echo "replica $i took no traffic within 30 s of its start" >&2
    done
  done
  sleep "$SETTLE"
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  stop_balancer
  out="$work/wrk-$balancer.out"
  requests=$(awk '/ requests in / { print $1 }' "$out")
  rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$out"); non2xx=${non2xx:-0}
  sockerr=$(awk '/Socket errors/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out"); sockerr=${sockerr:-0}
  read -r streams bad < <(awk '/^checked:/ { print $3, $7 }' "$out")
  p99=$(awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +99%/ { printf "%.1f", ms($2) }' "$out")
  codes=$(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' "$work/stops.txt")
  left=$(awk '{ s += $3 + $4 } END { print s + 0 }' "$work/stops.txt")
  badexits=$(awk '$2 != 0 { n++ } END { print n + 0 }' "$work/stops.txt")
  stops=$(wc -l <"$work/stops.txt")
  echo "| $balancer | $stops | $requests | $rps | $streams | $non2xx, $sockerr, $bad | $p99 | $codes | $left |" >>"$work/table"
  if [ "$non2xx" != 0 ] || [ "$sockerr" != 0 ] || [ "$bad" != 0 ] || [ "$left" != 0 ] || [ "$badexits" != 0 ]; then
    failed=1
    grep -h 'statuses not 200' "$out" >&2 || true
    [ "$balancer" = haproxy ] && grep -v ' 200 ' "$work/haproxy.log" | head -n 20 >&2
    [ "$balancer" != haproxy ] && grep -v 'while connecting' "$work/nginx-error.log" | tail -n 10 >&2
    [ "$balancer" != haproxy ] && head -n 20 "$work/nginx-failed.log" >&2
    grep -h -i 'warn\|error\|cut' "$work"/replica*.log | tail -n 20 >&2 || true
  fi
done

for i in $(seq 0 $((REPLICAS - 1))); do stop_replica "$i" sigterm; done
leftover=$(pgrep -f "rolling.PacedChatApi --host 127.0.0.1 --port ($(IFS='|'; echo "${ports[*]}"))" | wc -l || true)
echo
echo "Replicas: PacedChatApi, --drain-delay $DRAIN_DELAY --graceful-timeout $GRACEFUL --workers-per-device 16;"
echo "load: wrk -t1 -c$CONNECTIONS, $PAUSE_MS ms between requests on each connection, one in $STREAM_EVERY a stream of 20 chunks."
echo
cat "$work/table"
echo
echo "Replica processes left after the last stop: $leftover."
[ "$leftover" = 0 ] || failed=1
exit "$failed"
