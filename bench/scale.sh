#!/usr/bin/env bash
# The scale table: wall time, job time, rows/s and peak RSS of each stage at two sizes.
#   bench/scale.sh [1m|10m ...]     (default: 1m 10m)
#
# Stages, each its own process timed whole by /usr/bin/time -v, into a fresh default (embedded)
# store unless the row says --no-store:
#   rfm     classic RFM on the peers' T1 transactions (1M rows/100k customers, 10M rows/1M)
#   run     the whole batch pipeline on the same transactions (RFM, features, k-means k=6, store)
#   sessions  sessions and profiles from `bin/segment generate` clicks of about 1M / 10M events
# Needs the T1 data (PEERDATA, default /tmp/peerdata: /usr/bin/python3
# ../shared/bench/peers/gen/gen_data.py t1 ROWS PEERDATA/t1_SIZE); generates the clicks itself
# into WORK. Prints a markdown table and keeps every run in WORK/scale.jsonl. Write the machine
# and the date beside the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERDATA="${PEERDATA:-/tmp/peerdata}"
WORK="${BENCH_WORK:-/tmp/segment-scale}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1m 10m)
mkdir -p "$WORK"
OUT="$WORK/scale.jsonl"
rm -f "$OUT"
"$ROOT/bin/segment" --version >/dev/null # builds the jar if needed, outside the timings

# one timed stage: stage, size, input rows, then the command
stage() {
  local name="$1" size="$2" rows="$3"
  shift 3
  local log="$WORK/${name}_$size.log" tv="$WORK/${name}_$size.time"
  /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1 || { echo "$name $size failed: see $log" >&2; exit 1; }
  /usr/bin/python3 - "$tv" "$log" "$name" "$size" "$rows" >>"$OUT" <<'PY'
import json, re, sys
t, log = open(sys.argv[1]).read(), open(sys.argv[2]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", t).group(1).split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
job = re.search(r"timings: job (?:(\d+) min )?([\d.]+) s", log)
job_s = (60 * int(job.group(1) or 0) + float(job.group(2))) if job else None
print(json.dumps({"stage": sys.argv[3], "size": sys.argv[4], "rows": int(sys.argv[5]),
                  "wall_s": round(secs, 1), "job_s": job_s,
                  "peak_rss_mb": rss}))
PY
  tail -1 "$OUT"
}

for size in "${SIZES[@]}"; do
  T1="$PEERDATA/t1_$size/transactions.csv"
  rows=$(($(wc -l <"$T1") - 1))
  common=(--transactions "$T1" --columns timestamp=ts --as-of 2025-01-01)
  rm -rf "$WORK/store"
  stage "rfm --no-store" "$size" "$rows" "$ROOT/bin/segment" rfm "${common[@]}" \
    --definition classic --out "$WORK/rfm.csv" --no-store
  stage "rfm" "$size" "$rows" "$ROOT/bin/segment" rfm "${common[@]}" \
    --definition classic --out "$WORK/rfm.csv" --store-dir "$WORK/store"
  rm -rf "$WORK/store"
  stage "run" "$size" "$rows" "$ROOT/bin/segment" run "${common[@]}" --k 6 \
    --out "$WORK/run" --store-dir "$WORK/store"
  # clicks: about 30 events per generated customer
  customers=$([ "$size" = 1m ] && echo 33000 || echo 330000)
  if [ ! -f "$WORK/clicks_$size/clicks.jsonl" ]; then
    "$ROOT/bin/segment" generate --customers "$customers" --days 120 --no-parquet \
      --out "$WORK/clicks_$size" >/dev/null
  fi
  events=$(wc -l <"$WORK/clicks_$size/clicks.jsonl")
  stage "sessions" "$size" "$events" "$ROOT/bin/segment" sessions \
    --clicks "$WORK/clicks_$size/clicks.jsonl" --out "$WORK/sessions"
done

/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| stage | size | input rows | wall s | job s | rows/s (job) | peak RSS MiB |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    rate = f"{r['rows'] / r['job_s']:,.0f}" if r["job_s"] else ""
    print(f"| {r['stage']} | {r['size']} | {r['rows']:,} | {r['wall_s']} | {r['job_s'] or ''} "
          f"| {rate} | {r['peak_rss_mb']:,} |")
PY
