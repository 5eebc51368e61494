#!/usr/bin/env bash
# .ci/docs-page.sh: the /docs page in a real headless Chromium, as a person would open it.
# Starts two servers with the launcher on 127.0.0.1 (EchoChatApi with an API key and the shutdown route;
# CountingStreamApi, streaming), reads each one's /openapi.json, renders /docs with every host but 127.0.0.1
# unresolvable (so the page must work offline), and checks that the rendered page lists exactly the documented
# operations (method and path) and that the browser logged no refused or failed load. Screenshots go to
# target/docs-page.png (EchoChatApi) and target/docs-page-CountingStreamApi.png. The servers are stopped by
# their shutdown route or SIGTERM, and must exit 0. Installs chromium and jq from Debian when missing.
# Builds the launcher first if needed (bin/litserve4j does).
set -euo pipefail
cd "$(dirname "$0")/.."

install() { # install PACKAGE: apt-get, with sudo unless root
  echo "installing $1 (apt-get install $1) ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 && apt-get install -y -qq "$1" >&2
  else sudo apt-get update -qq >&2 && sudo apt-get install -y -qq "$1" >&2; fi
}
command -v chromium >/dev/null 2>&1 || install chromium
command -v jq >/dev/null 2>&1 || install jq
mkdir -p target

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "docs-page: $*" >&2; exit 1; }

start() { # start NAME [launcher args...]: serves on a free 127.0.0.1 port; sets $pid and $port
  local name=$1; shift
  bin/litserve4j serve "$@" --host 127.0.0.1 --port 0 >"$work/$name.log" 2>&1 &
  pid=$!; pids+=("$pid"); port=""
  for _ in $(seq 1 600); do   # up to 60 s, a first build included
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/$name.log" | head -n 1)
    [ -n "$port" ] && return
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; fail "$name exited before listening"; }
    sleep 0.1
  done
  cat "$work/$name.log" >&2; fail "$name: no 'listening on' line within 60 s"
}

await_exit() { # await_exit NAME PID: the server must end within 40 s with exit code 0
  for _ in $(seq 1 400); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$2" 2>/dev/null && { cat "$work/$1.log" >&2; fail "$1 still running 40 s after it was told to stop"; }
  local code=0; wait "$2" || code=$?
  [ "$code" = 0 ] || { cat "$work/$1.log" >&2; fail "$1 exited with $code, expected 0"; }
}

browse() { # browse OUTPUT_ARGS... URL: headless Chromium, bounded, nothing but 127.0.0.1 reachable
  timeout 90 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --hide-scrollbars --window-size=1280,1500 \
    --virtual-time-budget=20000 --enable-logging=stderr --log-level=0 "$@"
}

check() { # check NAME SCREENSHOT: the page of the server on $port lists every operation of its document
  local name=$1 shot=$2 base="http://127.0.0.1:$port"
  curl -sf --max-time 10 "$base/openapi.json" >"$work/$name.json" || fail "$name: GET /openapi.json failed"
  jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(.) \($p)"' "$work/$name.json" | sort \
    >"$work/$name.documented"
  [ -s "$work/$name.documented" ] || fail "$name: the document lists no operation"

  browse --dump-dom "$base/docs" >"$work/$name.html" 2>"$work/$name.browser.log" \
    || { tail -n 20 "$work/$name.browser.log" >&2; fail "$name: chromium failed"; }
  # Swagger UI draws each operation as <div class="opblock opblock-METHOD ..."> holding data-path="PATH".
  { grep -o 'class="opblock opblock-[a-z]*\|data-path="[^"]*"' "$work/$name.html" || true; } |
    awk '/^class=/ { sub(/.*opblock-/, ""); method = $0; next }
         method != "" { sub(/^data-path="/, ""); sub(/"$/, ""); print method " " $0; method = "" }' |
    sort >"$work/$name.rendered"
  if ! diff -u "$work/$name.documented" "$work/$name.rendered" >"$work/$name.diff"; then
    cat "$work/$name.diff" >&2
    fail "$name: the rendered /docs does not list exactly the documented operations (- documented, + rendered)"
  fi
  if grep -E 'CONSOLE.*(Refused|Failed to load|Content Security Policy|ERR_)' "$work/$name.browser.log" >&2; then
    fail "$name: the browser refused or failed to load part of the page"
  fi
  browse --screenshot="$shot" "$base/docs" >/dev/null 2>&1 || fail "$name: no screenshot"
  [ -s "$shot" ] || fail "$name: empty screenshot $shot"
  echo "docs-page: $name: $(wc -l <"$work/$name.rendered") operations rendered, as documented; screenshot $shot"
}

shutdown_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
LIT_SERVER_API_KEY=docs-page-key LIT_SHUTDOWN_API_KEY="$shutdown_key" start EchoChatApi EchoChatApi --enable-shutdown-api
echo_pid=$pid
check EchoChatApi target/docs-page.png
jq -e '.components.securitySchemes.ApiKey.name == "X-API-Key" and .components.securitySchemes.ShutdownKey.scheme == "bearer"' \
  "$work/EchoChatApi.json" >/dev/null || fail "EchoChatApi: the document lacks its security schemes"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$port/shutdown" \
  -H "Authorization: Bearer $shutdown_key")
[ "$code" = 200 ] || fail "EchoChatApi: POST /shutdown answered $code, expected 200"
await_exit EchoChatApi "$echo_pid"

start CountingStreamApi CountingStreamApi --stream
stream_pid=$pid
check CountingStreamApi target/docs-page-CountingStreamApi.png
jq -e '.paths["/predict"].post.responses["200"].content | has("application/x-ndjson")' "$work/CountingStreamApi.json" \
  >/dev/null || fail "CountingStreamApi: /predict is not documented as an NDJSON stream"
kill -TERM "$stream_pid"
await_exit CountingStreamApi "$stream_pid"
echo "docs-page: ok"
