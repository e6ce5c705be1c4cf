#!/usr/bin/env bash
# T1 RFM benchmark beside the peers, in one session on this machine.
#   bench/run_t1.sh SIZE [RUNS]        SIZE = 1m | 10m
# Needs the peer harness (PEERS, default ../shared/bench/peers, copied to a scratch dir because it
# is read-only there) and its generated data (PEERDATA, default /tmp/peerdata; make it with the
# peers' gen_data.sh). Runs: plain Java (the reference), DuckDB, pandas, then ours, each RUNS times,
# one process per run (cold JVM, like the peers), each under /usr/bin/time -v for peak RSS; checks
# every output against the plain-Java reference with the peers' check_t1.py; prints medians.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE="${1:?usage: bench/run_t1.sh 1m|10m [runs]}"
RUNS="${2:-3}"
PEERS_SRC="${PEERS:-$ROOT/../shared/bench/peers}"
PEERDATA="${PEERDATA:-/tmp/peerdata}"
WORK="${BENCH_WORK:-/tmp/segment-bench}"
export PEERDATA PEEROUT="$WORK/peerout" RESULTS_FILE="$WORK/runs.jsonl"
mkdir -p "$WORK"
if [ ! -d "$WORK/peers/java/plain/target/classes" ]; then
  rm -rf "$WORK/peers" && cp -r "$PEERS_SRC" "$WORK/peers" && chmod -R u+w "$WORK/peers"
  (cd "$WORK/peers/java" && mvn -B -q package -DskipTests -pl plain,duckdb)
fi
INPUT="$PEERDATA/t1_$SIZE/transactions.csv"
[ -f "$INPUT" ] || { echo "missing $INPUT: run $PEERS_SRC/gen_data.sh" >&2; exit 1; }
"$ROOT/bin/segment" --version >/dev/null   # builds the jar if needed, outside the timings

"$WORK/peers/run_plain.sh" t1 "$SIZE" "$RUNS"
"$WORK/peers/run_duckdb.sh" t1 "$SIZE" "$RUNS"
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then "$WORK/peers/run_pandas.sh" t1 "$SIZE" "$RUNS"; fi

OUT="$WORK/segment_t1_$SIZE.csv"
for i in $(seq 1 "$RUNS"); do
  /usr/bin/time -v -o "$WORK/time_$i.txt" "$ROOT/bin/segment" bench --transactions "$INPUT" --runs 1 --out "$OUT" \
    | grep '^RESULT' | sed 's/^RESULT //' > "$WORK/ours_$i.json"
  rss=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print int($2/1024)}' "$WORK/time_$i.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time_$i.txt")
  python3 - "$WORK/ours_$i.json" "$SIZE" "$i" "$rss" "$wall" >> "$RESULTS_FILE" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
m, s = sys.argv[5].split(":")[-2:]
print(json.dumps({"peer": "segment-flink", "task": "t1", "size": sys.argv[2], "run": int(sys.argv[3]),
                  "task_s": r["task_s"], "job_s": r["job_s"], "whole_s": round(int(m) * 60 + float(s), 2),
                  "max_rss_mb": int(sys.argv[4])}))
PY
done
/usr/bin/python3 "$WORK/peers/tools/check_t1.py" "$PEEROUT/plain/t1_$SIZE.csv" "$OUT"
python3 - "$RESULTS_FILE" "$SIZE" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("task") == "t1" and r.get("size") == sys.argv[2]:
        by.setdefault(r["peer"], []).append(r)
print("| peer | runs | task s (median) | min-max | whole-process s (median) | peak RSS MiB (median) |")
print("|---|---|---|---|---|---|")
for peer, rs in by.items():
    t = [r["task_s"] for r in rs]
    print(f"| {peer} | {len(rs)} | {statistics.median(t):.2f} | {min(t):.2f}-{max(t):.2f} | "
          f"{statistics.median(r.get('whole_s', 0) for r in rs):.2f} | {statistics.median(r.get('max_rss_mb', 0) for r in rs):.0f} |")
PY
