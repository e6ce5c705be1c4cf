#!/usr/bin/env bash
# Sustained events/s of the streaming job, bounded, from a topic filled beforehand.
#   bench/stream_throughput.sh CLICKS [STREAM OPTION ...]
# CLICKS: canonical events (e.g. bin/segment generate --customers 20000 --days 120 --no-parquet).
# Starts its own broker (bin/segment kafka-local), replays CLICKS into a fresh 2-partition topic
# once, then runs 'segment stream --bounded' on it with the options given (default --no-store);
# the job's own summary gives the job time. SEGMENT_JAVA_OPTS reaches the job (e.g. a JFR
# recording).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLICKS="${1:?usage: bench/stream_throughput.sh CLICKS [STREAM OPTION ...]}"
shift
WORK="${BENCH_WORK:-/tmp/segment-throughput}"
PORT="${KAFKA_PORT:-19193}"
SEG="$ROOT/bin/segment"
mkdir -p "$WORK"
"$SEG" --version >/dev/null   # builds the jar if needed, outside the timings
"$SEG" kafka-local --port "$PORT" --data-dir "$WORK/kafka" > "$WORK/kafka.log" 2>&1 &
KAFKA=$!
trap 'kill "$KAFKA" 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 120); do grep -q "kafka ready" "$WORK/kafka.log" && break; sleep 1; done
grep -q "kafka ready" "$WORK/kafka.log" || { cat "$WORK/kafka.log"; exit 1; }
TOPIC="tp-$(date +%s)"
SEGMENT_JAVA_OPTS= "$SEG" replay --clicks "$CLICKS" --bootstrap-servers "127.0.0.1:$PORT" --topic "$TOPIC"
[ $# -gt 0 ] || set -- --no-store
/usr/bin/time -f "stream process: %e s wall, %U s user, %S s system, %M KB peak RSS" \
  "$SEG" stream --bootstrap-servers "127.0.0.1:$PORT" --topic "$TOPIC" --group-id "$TOPIC" \
    --bounded "$@"
