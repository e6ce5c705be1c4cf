#!/usr/bin/env bash
# Ours against the peers, whole process, in one go: the table issue 9's speed aims are judged by.
#   bench/vs_peers.sh SIZE [RUNS]        SIZE = 1m | 10m (the peers' generated sizes)
#
# T1 (RFM): DuckDB (and the plain-Java reference it is checked against) beside
#   `bin/segment rfm --definition classic` into the default (embedded) store.
# T2 (k-means, 8 clusters, 20 iterations from the given centroids): scikit-learn beside
#   `bin/segment cluster` into the default store.
# Every run is its own process (cold JVM, like the peers), timed whole by /usr/bin/time -v (wall
# and peak RSS); ours gets a fresh store directory per run. Needs the peer harness (PEERS, default
# ../shared/bench/peers, copied to a scratch dir) and its data (PEERDATA, default /tmp/peerdata:
# /usr/bin/python3 PEERS/gen/gen_data.py t1|t2 ROWS PEERDATA/t1_SIZE|t2_SIZE). Prints the
# markdown table with the ratios the aims name (T1 <= 2x DuckDB, T2 <= 3x scikit-learn) and
# keeps every run in WORK/runs.jsonl. Write the machine and the date beside the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE="${1:?usage: bench/vs_peers.sh 1m|10m [runs]}"
RUNS="${2:-3}"
PEERS_SRC="${PEERS:-$ROOT/../shared/bench/peers}"
PEERDATA="${PEERDATA:-/tmp/peerdata}"
WORK="${BENCH_WORK:-/tmp/segment-vs-peers}"
export PEERDATA PEEROUT="$WORK/peerout" RESULTS_FILE="$WORK/runs.jsonl"
mkdir -p "$WORK"
rm -f "$RESULTS_FILE"
if [ ! -d "$WORK/peers/java/plain/target/classes" ]; then
  rm -rf "$WORK/peers" && cp -r "$PEERS_SRC" "$WORK/peers" && chmod -R u+w "$WORK/peers"
  (cd "$WORK/peers/java" && mvn -B -q package -DskipTests -pl plain,duckdb)
fi
T1="$PEERDATA/t1_$SIZE/transactions.csv"
T2="$PEERDATA/t2_$SIZE"
"$ROOT/bin/segment" --version >/dev/null # builds the jar if needed, outside the timings

# one timed run of ours: peer name, task, run number, then the command
ours() {
  local peer="$1" task="$2" run="$3"
  shift 3
  local tv="$WORK/time_${task}_$run.txt"
  /usr/bin/time -v -o "$tv" "$@" >"$WORK/ours_${task}_$run.log" 2>&1 \
    || { echo "our $task run $run failed: see $WORK/ours_${task}_$run.log" >&2; exit 1; }
  /usr/bin/python3 - "$tv" "$peer" "$task" "$SIZE" "$run" >>"$RESULTS_FILE" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", t).group(1).split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
print(json.dumps({"peer": sys.argv[2], "task": sys.argv[3], "size": sys.argv[4],
                  "run": int(sys.argv[5]), "rc": 0, "whole_s": round(secs, 2), "max_rss_mb": rss}))
PY
}

if [ -f "$T1" ]; then
  "$WORK/peers/run_plain.sh" t1 "$SIZE" "$RUNS"
  "$WORK/peers/run_duckdb.sh" t1 "$SIZE" "$RUNS"
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/store_t1"
    # the peers' header names the instant ts; their as-of is the day after the last purchase
    ours segment t1 "$i" "$ROOT/bin/segment" rfm --transactions "$T1" --definition classic \
      --columns timestamp=ts --as-of 2025-01-01 \
      --out "$WORK/ours_t1.csv" --store-dir "$WORK/store_t1"
  done
else
  echo "no $T1: T1 left out" >&2
fi
if [ -f "$T2/features.csv" ]; then
  "$WORK/peers/run_pandas.sh" t2 "$SIZE" "$RUNS"
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/store_t2"
    ours segment t2 "$i" "$ROOT/bin/segment" cluster --features "$T2/features.csv" --k 8 \
      --init given --init-centroids "$T2/init_centroids.csv" --max-iter 20 --tol 0 \
      --out "$WORK/ours_t2" --store-dir "$WORK/store_t2"
  done
else
  echo "no $T2/features.csv: T2 left out" >&2
fi

/usr/bin/python3 - "$RESULTS_FILE" "$SIZE" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("size") == sys.argv[2] and r.get("rc") == 0:
        by.setdefault((r["task"], r["peer"]), []).append(r)
med = {k: statistics.median(r["whole_s"] for r in v) for k, v in by.items()}
print(f"| task | peer | runs | whole process s (median) | min-max | peak RSS MiB (median) | ours / peer |")
print("|---|---|---|---|---|---|---|")
for (task, peer), rs in sorted(by.items()):
    w = [r["whole_s"] for r in rs]
    ours = med.get((task, "segment"))
    ratio = f"{ours / med[(task, peer)]:.1f}x" if ours and peer != "segment" else ""
    print(f"| {task} | {peer} | {len(rs)} | {med[(task, peer)]:.2f} | {min(w):.2f}-{max(w):.2f} | "
          f"{statistics.median(r.get('max_rss_mb', 0) for r in rs):.0f} | {ratio} |")
aims = {("t1", "duckdb"): 2.0, ("t2", "sklearn"): 3.0}
for (task, peer), aim in aims.items():
    if (task, "segment") in med and (task, peer) in med:
        r = med[(task, "segment")] / med[(task, peer)]
        print(f"\n{task}: ours {r:.1f}x {peer} (aim <= {aim:.0f}x): {'met' if r <= aim else 'not met'}")
PY
