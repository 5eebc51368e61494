#!/usr/bin/env bash
# Benchmarks (not part of the test suite). Usage: benchmarks/run.sh [shutdown] [rounds]
# Builds the project, then runs the benchmark and prints a markdown table for docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

what="${1:-shutdown}"
rounds="${2:-10}"
mvn -B -q -DskipTests package -pl litserve4j-benchmarks -am >&2
cp="litserve4j-benchmarks/target/litserve4j-benchmarks.jar:litserve4j-benchmarks/target/lib/*"

case "$what" in
  shutdown) exec java -cp "$cp" dev.litserve4j.benchmarks.ShutdownBenchmark "$rounds" ;;
  *) echo "unknown benchmark '$what'; known: shutdown" >&2; exit 2 ;;
esac
