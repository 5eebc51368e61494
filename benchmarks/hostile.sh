#!/usr/bin/env bash
# benchmarks/run.sh hostile: a well-behaved wrk load on SquareApi at LOAD_FRACTION of its measured capacity,
# DURATION seconds without attackers, then DURATION seconds while HostileClients attacks (slowloris,
# endless bodies, stalled stream readers). Run by run.sh after the build; prints markdown for docs/benchmarks.md.
# Environment: DURATION (300) per phase, WARMUP (30) seconds before the capacity run, CAPACITY_SECONDS (10),
# LOAD_FRACTION (0.8), CONNECTIONS (32) of the good load; JAVA_OPTS for the servers' JVMs (with
# -XX:NativeMemoryTracking=summary and NMT_DIR set, a native memory summary is saved at each snapshot). The attackers read SLOWLORIS (1000), FAST_BODIES (10),
# SLOW_BODIES (10), STALLED_READERS (20), TRICKLE_SECONDS (3), HOLD_SECONDS (40), RAMP_SECONDS (10): set all but
# one kind to 0 to see what that kind costs. The launcher serves one API per process, so SquareApi and the
# streaming CountingStreamApi (for the stalled readers) are two processes; both are measured. SERVER_FLAGS: more
# launcher flags for SquareApi (for example --max-body-buffer 16), to see what a limit changes. PROFILE=1: the
# SquareApi server runs under async-profiler (cpu, 1 ms) in each phase, and the report adds where its CPU went
# (benchmarks/profile-breakdown.py); the collapsed stacks are kept as target/hostile-{calm,attacked}.collapsed.
set -euo pipefail
# ONNX Runtime telemetry off: it crashes the JVM on a long command line (see bin/litserve4j).
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/benchmarks/lib.sh"
DURATION="${DURATION:-300}"
WARMUP="${WARMUP:-30}"
CAPACITY_SECONDS="${CAPACITY_SECONDS:-10}"
LOAD_FRACTION="${LOAD_FRACTION:-0.8}"
CONNECTIONS="${CONNECTIONS:-32}"
export RAMP_SECONDS="${RAMP_SECONDS:-10}"
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"

work=$(mktemp -d)
pids=()
if [ "${PROFILE:-0}" = 1 ]; then # async-profiler from Maven Central, as benchmarks/profile.sh fetches it
  ap_jar="$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar"
  [ -f "$ap_jar" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:4.1" -Dtransitive=false >&2
  (cd "$work" && unzip -q "$ap_jar" 'linux-x64/*')
fi
profile() { # profile start|stop NAME: async-profiler on the SquareApi server, when PROFILE=1
  [ "${PROFILE:-0}" = 1 ] || return 0
  local pid; pid=$(cat "$work/square.pid")
  if [ "$1" = start ]; then
    jcmd "$pid" JVMTI.agent_load "$work/linux-x64/libasyncProfiler.so" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  else
    mkdir -p target
    jcmd "$pid" JVMTI.agent_load "$work/linux-x64/libasyncProfiler.so" "\"stop,file=$root/target/hostile-$2.collapsed,collapsed\"" >/dev/null
  fi
}
stop() { # stop PID: TERM, then KILL if it has not ended within 40 s (the servers drain for up to 30 s)
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 400); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() { for p in "${pids[@]}"; do stop "$p"; done; rm -rf "$work"; }
trap cleanup EXIT

serve() { # serve NAME API [flags...]: the launcher with default limits on a free port; NAME.pid, NAME.port
  local name=$1; shift
  java ${JAVA_OPTS:-} -cp "$cp" dev.litserve4j.cli.Main serve "$@" --host 127.0.0.1 --port 0 >"$work/$name.log" 2>&1 &
  pids+=($!); echo $! >"$work/$name.pid"
  listening_port "$work/$name.log" "$(cat "$work/$name.pid")" >"$work/$name.port" || { echo "$name did not start" >&2; exit 1; }
}

# snap NAME LABEL [gc]: RSS, heap committed and the heap's resident part (MiB) into NAME-LABEL.snap; with gc, then a full GC (jcmd GC.run)
# and RSS and the live heap after it. No GC before the last snapshot: G1 gives memory back to the OS after a
# full GC, and the RSS of the next phase would start from a smaller heap than the warm-up left.
rss_of() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# The resident part of the Java heap: RSS of the mappings inside the heap's address range (GC.heap_info), so what
# RSS grows by outside it is native memory (direct buffers, JIT arenas, code, malloc), inside it heap pages first touched.
heap_rss_of() {
  local range; range=$(jcmd "$1" GC.heap_info | sed -n 's/.*\[0x\([0-9a-f]*\), *0x\([0-9a-f]*\)).*/\1 \2/p' | head -n 1)
  # mawk has no strtonum: hex addresses are compared as strings, zero-padded to 16 digits
  awk -v r="$range" 'function pad(h) { while (length(h) < 16) h = "0" h; return h }
    BEGIN { split(r, b, " "); lo = pad(b[1]); hi = pad(b[2]) }
    /^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); inside = pad(a[1]) >= lo && pad(a[2]) <= hi }
    /^Rss:/ { if (inside) rss += $2 } END { printf "%.0f", rss / 1024 }' "/proc/$1/smaps"
}
heap_of() { # heap_of PID total|used, MiB
  jcmd "$1" GC.heap_info | sed -n 's/.*heap *total \([0-9]*\)K, used \([0-9]*\)K.*/\1 \2/p' | head -n 1 |
    awk -v w="$2" '{ print int((w == "total" ? $1 : $2) / 1024) }'
}
snap() {
  local pid; pid=$(cat "$work/$1.pid")
  local line; line="$(rss_of "$pid") $(heap_of "$pid" total) $(heap_rss_of "$pid")"
  if [ -n "${NMT_DIR:-}" ]; then # with JAVA_OPTS=-XX:NativeMemoryTracking=summary: where the memory is
    jcmd "$pid" VM.native_memory summary >"$NMT_DIR/$1-$2.nmt" 2>&1 || true
  fi
  if [ "${3:-}" = gc ]; then
    jcmd "$pid" GC.run >/dev/null
    line="$line $(rss_of "$pid") $(heap_of "$pid" used)"
  fi
  echo "$line" >"$work/$1-$2.snap"
}
field() { awk -v c="$3" '{ print $c }' "$work/$1-$2.snap"; }

# CPU seconds (user + system) a process has used, and the whole machine's busy seconds, to say who took the cores
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy() { awk -v t="$ticks" '/^cpu / { printf "%.1f", ($2 + $3 + $4 + $7 + $8) / t }' /proc/stat; }
cpu_mark() { # cpu_mark LABEL [PID...]: machine busy and each PID's CPU into cpu-LABEL
  local label=$1; shift; local line; line="$(busy)"
  for p in "$@"; do line="$line $(cpu_of "$p")"; done
  echo "$line" >"$work/cpu-$label"
}
cpu_delta() { # cpu_delta FROM TO COLUMN: seconds between two marks
  paste "$work/cpu-$1" "$work/cpu-$2" | awk -v c="$3" '{ n = NF / 2; printf "%.1f", $(n + c) - $c }'
}

# wrk output to "req/s p50ms p99ms non2xx socket-errors"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, bad, sock }' "$1"
}
connections() { # connections PORT: the server side of its TCP connections, by state
  ss -Htan "( sport = :$1 )" | awk '$1 != "LISTEN" { n[$1]++ } END { for (s in n) printf "%s %d, ", s, n[s] }' | sed 's/, $//'
}

printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"input": 4.0}]]\n' >"$work/square.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[{"n": 1000, "delay_ms": 0}]]\n' >"$work/stream.lua"
cat "$work/square.lua" benchmarks/paced.lua >"$work/paced.lua"

echo "starting SquareApi and CountingStreamApi (two launcher processes, default limits) ..." >&2
serve square SquareApi ${SERVER_FLAGS:-}
serve stream CountingStreamApi --stream
square="http://127.0.0.1:$(cat "$work/square.port")/predict"
stream="http://127.0.0.1:$(cat "$work/stream.port")/predict"

echo "warm-up: ${WARMUP} s on SquareApi, $((WARMUP / 3)) s on the stream ..." >&2
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$work/square.lua" "$square" >/dev/null
wrk -t1 -c4 -d"$((WARMUP / 3))s" -s "$work/stream.lua" "$stream" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d"${CAPACITY_SECONDS}s" -s "$work/square.lua" "$square" >"$work/capacity.out"
capacity=$(summarise "$work/capacity.out" | awk '{ print $1 }')
rate=$(awk -v c="$capacity" -v f="$LOAD_FRACTION" 'BEGIN { printf "%.0f", c * f }')
echo "capacity ${capacity} req/s; good load ${rate} req/s" >&2
snap square start; snap stream start

echo "phase 1: ${DURATION} s without attackers ..." >&2
cpu_mark calm0 "$(cat "$work/square.pid")" "$(cat "$work/stream.pid")"
profile start
RATE=$rate wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/paced.lua" "$square" >"$work/calm.out"
profile stop calm
cpu_mark calm1 "$(cat "$work/square.pid")" "$(cat "$work/stream.pid")"
snap square calm; snap stream calm

echo "phase 2: attackers ramp up for $((RAMP_SECONDS + 5)) s, then ${DURATION} s of the same load ..." >&2
java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" dev.litserve4j.benchmarks.hostile.HostileClients \
  "$(cat "$work/square.port")" "$(cat "$work/stream.port")" "$work/attack.md" "$((RAMP_SECONDS + DURATION + 120))" \
  >"$work/attack.log" 2>&1 &
attacker=$!; pids+=($attacker)
sleep $((RAMP_SECONDS + 5))
cpu_mark attack0 "$(cat "$work/square.pid")" "$(cat "$work/stream.pid")" "$attacker"
profile start
RATE=$rate wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/paced.lua" "$square" >"$work/attacked.out"
profile stop attacked
cpu_mark attack1 "$(cat "$work/square.pid")" "$(cat "$work/stream.pid")" "$attacker"
cp "$work/attack.md" "$work/attack-end.md"
square_end=$(connections "$(cat "$work/square.port")"); stream_end=$(connections "$(cat "$work/stream.port")")
snap square end gc; snap stream end gc
stop "$attacker"
sleep 3
square_after=$(connections "$(cat "$work/square.port")"); stream_after=$(connections "$(cat "$work/stream.port")")

read -r crps cp50 cp99 cbad csock < <(summarise "$work/calm.out")
read -r arps ap50 ap99 abad asock < <(summarise "$work/attacked.out")
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo missed; fi; }

echo
echo "Capacity: ${capacity} req/s (wrk -t1 -c${CONNECTIONS}, ${CAPACITY_SECONDS} s after a ${WARMUP} s warm-up);"
echo "good load: ${rate} req/s asked (${LOAD_FRACTION} of it), ${CONNECTIONS} connections, ${DURATION} s per phase."
echo
echo "| good clients | req/s | p50 ms | p99 ms | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"
echo "| without attackers | $crps | $cp50 | $cp99 | $cbad | $csock |"
echo "| with attackers | $arps | $ap50 | $ap99 | $abad | $asock |"
echo
echo "| server | RSS (heap committed; of it resident) after warm-up | after the attacker-free phase | at the end, attackers connected | end vs warm-up | at the end after a full GC: RSS, live heap |"
echo "|---|---|---|---|---|---|"
for s in square stream; do
  label=$([ $s = square ] && echo "SquareApi" || echo "CountingStreamApi --stream")
  mem() { echo "$(field $s "$1" 1) MiB ($(field $s "$1" 2); $(field $s "$1" 3))"; }
  echo "| $label | $(mem start) | $(mem calm) | $(mem end) | $(pct "$(field $s end 1)" "$(field $s start 1)") | $(field $s end 4) MiB, $(field $s end 5) MiB |"
done
echo
echo "Server side TCP connections at the end: SquareApi ${square_end:-none}; stream ${stream_end:-none}."
echo "3 s after the attackers stopped: SquareApi ${square_after:-none}; stream ${stream_after:-none}."
echo
cores=$(nproc)
echo "CPU seconds used in each ${DURATION} s phase (${cores} cores, so at most $((cores * DURATION)) s):"
echo
echo "| phase | whole machine | SquareApi server | stream server | attackers | everything else (wrk, kernel threads, ...) |"
echo "|---|---|---|---|---|---|"
rest() { awk -v a="$1" -v b="$2" -v c="$3" -v d="${4:-0}" 'BEGIN { printf "%.1f", a - b - c - d }'; }
c1=$(cpu_delta calm0 calm1 1); c2=$(cpu_delta calm0 calm1 2); c3=$(cpu_delta calm0 calm1 3)
echo "| without attackers | $c1 | $c2 | $c3 | - | $(rest "$c1" "$c2" "$c3") |"
a1=$(cpu_delta attack0 attack1 1); a2=$(cpu_delta attack0 attack1 2); a3=$(cpu_delta attack0 attack1 3); a4=$(cpu_delta attack0 attack1 4)
echo "| with attackers | $a1 | $a2 | $a3 | $a4 | $(rest "$a1" "$a2" "$a3" "$a4") |"
echo
if [ "${PROFILE:-0}" = 1 ]; then
  for phase in calm attacked; do
    echo "Where the SquareApi server's CPU went, $phase (async-profiler 4.1, cpu, 1 ms; target/hostile-$phase.collapsed):"
    echo; echo '```'; python3 benchmarks/profile-breakdown.py "target/hostile-$phase.collapsed" 25; echo '```'; echo
  done
fi
echo "What the attackers saw when the load ended:"
echo
cat "$work/attack-end.md"
echo
echo "Server log lines at WARN or ERROR: SquareApi $(grep -cE ' (WARN|ERROR) ' "$work/square.log" || true), stream $(grep -cE ' (WARN|ERROR) ' "$work/stream.log" || true)."
echo
echo "Targets: good clients 0 errors $(verdict "$abad + $asock == 0"); p99 within 2x ($(awk -v a="$ap99" -v b="$cp99" 'BEGIN { printf "%.2fx", a / b }')) $(verdict "$ap99 <= 2 * $cp99");" \
  "throughput within 80% ($(pct "$arps" "$crps")) $(verdict "$arps >= 0.8 * $crps");" \
  "SquareApi RSS within 10% ($(pct "$(field square end 1)" "$(field square start 1)")) $(verdict "$(field square end 1) <= 1.1 * $(field square start 1)")."
