#!/usr/bin/env bash
# Latency from Kafka append to the PostgreSQL row, and the stream job's CPU, at fixed event rates.
#   bench/stream_latency.sh CLICKS RATE [RATE ...]
# CLICKS: canonical events (e.g. bin/segment generate --customers 20000 --days 120 --no-parquet).
# Needs PostgreSQL (PGURL, default jdbc:postgresql://127.0.0.1:5432/test; the schema
# latency_bench is dropped and made again for each rate). Starts its own broker
# (bin/segment kafka-local) and, per rate: a fresh topic with broker append times, an unbounded
# 'segment stream' on it (STREAM_OPTS, e.g. "--state-backend rocksdb"), then
# 'segment bench latency' which sends the clicks at the rate and prints p50/p90/p99/max.
# STREAM_JAVA_OPTS, if set, replaces SEGMENT_JAVA_OPTS for the stream job alone (broker and sender
# keep theirs).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLICKS="${1:?usage: bench/stream_latency.sh CLICKS RATE [RATE ...]}"
shift
PGURL="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test}"
WORK="${BENCH_WORK:-/tmp/segment-latency}"
PORT="${KAFKA_PORT:-19192}"
SEG="$ROOT/bin/segment"
mkdir -p "$WORK"
"$SEG" --version >/dev/null   # builds the jar if needed, outside the timings
"$SEG" kafka-local --port "$PORT" --data-dir "$WORK/kafka" > "$WORK/kafka.log" 2>&1 &
KAFKA=$!
STREAM=
trap '[ -n "$STREAM" ] && kill "$STREAM" 2>/dev/null; kill "$KAFKA" 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 120); do grep -q "kafka ready" "$WORK/kafka.log" && break; sleep 1; done
grep -q "kafka ready" "$WORK/kafka.log" || { cat "$WORK/kafka.log"; exit 1; }
for RATE in "$@"; do
  TOPIC="lat-$RATE-$(date +%s)"
  psql -q -h 127.0.0.1 -U postgres test -c "DROP SCHEMA IF EXISTS latency_bench CASCADE; CREATE SCHEMA latency_bench"
  URL="$PGURL?currentSchema=latency_bench"
  "$SEG" bench latency --prepare --bootstrap-servers "127.0.0.1:$PORT" --topic "$TOPIC"
  # shellcheck disable=SC2086
  SEGMENT_JAVA_OPTS="${STREAM_JAVA_OPTS:-${SEGMENT_JAVA_OPTS:-}}" "$SEG" stream --bootstrap-servers "127.0.0.1:$PORT" --topic "$TOPIC" --group-id "$TOPIC" \
      --jdbc-url "$URL" ${STREAM_OPTS:-} > "$WORK/stream-$RATE.log" 2>&1 &
  STREAM=$!
  for _ in $(seq 1 120); do grep -q "^> stream" "$WORK/stream-$RATE.log" && break; sleep 1; done
  sleep 5   # the job's tasks are deployed and the source has its splits
  PID=$STREAM   # bin/segment execs java
  CPU0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  T0=$(date +%s.%N)
  "$SEG" bench latency --bootstrap-servers "127.0.0.1:$PORT" --topic "$TOPIC" --clicks "$CLICKS" \
      --rate "$RATE" --jdbc-url "$URL" | tee "$WORK/latency-$RATE.txt"
  CPU1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  T1=$(date +%s.%N)
  python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); c=(int(sys.argv[4])-int(sys.argv[3]))/100; print(f'stream job CPU {c:.1f} s over {t:.1f} s wall: {c/t:.2f} cores busy')" "$T0" "$T1" "$CPU0" "$CPU1"
  kill "$STREAM"; wait "$STREAM" 2>/dev/null || true; STREAM=
done
