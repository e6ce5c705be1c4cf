#!/usr/bin/env bash
# The line to approach for the store write: psql's COPY of the same rows a run publishes.
#   bench/store/pg_copy_baseline.sh ASSIGNMENTS_CSV [PSQL_ARGS...]
# ASSIGNMENTS_CSV is a run's assignments.csv (e.g. bin/segment cluster ... --out DIR writes
# DIR/assignments.csv). Loads it with \copy into a scratch schema three ways and prints rows/s and
# MB/s: an unlogged table without keys (what our writers' COPY into staging does), a logged table
# without keys, and a logged table with the primary key and customer index that a published
# partition has (what publishing amounts to). Default connection: -h 127.0.0.1 -U postgres test.
set -euo pipefail
csv="${1:?usage: pg_copy_baseline.sh ASSIGNMENTS_CSV [PSQL_ARGS...]}"
shift
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-h 127.0.0.1 -U postgres test)
rows=$(($(wc -l <"$csv") - 1))
bytes=$(stat -c %s "$csv")
schema="copy_baseline_$$"
cols="customer_id, cluster_id, persona, rfm_segment, lifecycle_stage, customer_profile, distance, confidence, top_features, explanation"
ddl="(customer_id VARCHAR NOT NULL, cluster_id INTEGER, persona VARCHAR NOT NULL, rfm_segment VARCHAR, lifecycle_stage VARCHAR, customer_profile VARCHAR, distance DOUBLE PRECISION, confidence DOUBLE PRECISION, top_features VARCHAR, explanation VARCHAR)"
psql "${args[@]}" -qc "CREATE SCHEMA $schema"
trap 'psql "${args[@]}" -qc "DROP SCHEMA $schema CASCADE"' EXIT
load() {
  local what="$1" create="$2" after="${3:-}"
  psql "${args[@]}" -qc "SET search_path = $schema; $create"
  local t0 t1
  t0=$(date +%s.%N)
  psql "${args[@]}" -q -c "SET search_path = $schema" \
    -c "\\copy t ($cols) FROM '$csv' WITH (FORMAT csv, HEADER true)"
  [ -z "$after" ] || psql "${args[@]}" -qc "SET search_path = $schema; $after"
  t1=$(date +%s.%N)
  awk -v w="$what" -v r="$rows" -v b="$bytes" -v a="$t0" -v z="$t1" \
    'BEGIN { s = z - a; printf "%-58s %6.2f s %10.0f rows/s %7.1f MB/s\n", w, s, r / s, b / s / 1e6 }'
  psql "${args[@]}" -qc "SET search_path = $schema; DROP TABLE t"
}
echo "psql \\copy of $csv: $rows rows, $((bytes / 1000000)) MB ($(nproc) cores, $(date -u +%F))"
load "unlogged, no keys (our staging)" "CREATE UNLOGGED TABLE t $ddl"
load "logged, no keys" "CREATE TABLE t $ddl"
load "logged, then primary key + customer index (a partition)" "CREATE TABLE t $ddl" \
  "ALTER TABLE t ADD PRIMARY KEY (customer_id); CREATE INDEX ON t (customer_id)"
