#!/usr/bin/env bash
# Fuzzes request decoding with Jazzer (coverage-guided, through the real Netty pipeline).
#   benchmarks/fuzz.sh [long|short|json]   long: 30 minutes (default); short: the 20 s CI run; json: the body reader
# The corpus grows in litserve4j-core/.cifuzz-corpus (ignored by git); a finding is written to
# litserve4j-core/src/test/resources/.../RequestDecodingFuzzTestInputs/<method>/ and fails the run,
# after which every build replays it as a regression test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
case "${1:-long}" in
  long) method=requestDecodingLong ;;
  short) method=requestDecoding ;;
  json) method=jsonBodies ;;
  *) echo "usage: benchmarks/fuzz.sh [long|short|json]" >&2; exit 2 ;;
esac
mvn -B -q -DskipTests install -pl litserve4j-core -am >&2
JAZZER_FUZZ=1 exec mvn -B -q test -pl litserve4j-core -Dtest="RequestDecodingFuzzTest#$method" \
  -Dsurefire.failIfNoSpecifiedTests=false
