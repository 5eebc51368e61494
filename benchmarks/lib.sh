# benchmarks/lib.sh: what the benchmark scripts share; sourced by them, never run on its own.

# listening_port LOG PID: waits up to 60 s for the launcher's "listening on" line in LOG and prints its port.
# Fails, after showing LOG on stderr, when the process PID ends first or the line never comes.
listening_port() {
  local log=$1 pid=$2
  for _ in $(seq 1 600); do
    if grep -q 'listening on http://127.0.0.1:' "$log"; then
      sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -n 1
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  return 1
}
