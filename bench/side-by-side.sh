#!/usr/bin/env bash
# Our PC-DARTS search iteration (or NetworkCIFAR training step) beside the reference PyTorch one,
# alternating in one run, each measurement in its own process (so peak RSS is per configuration).
# Prints the time ratio and the peak-RSS ratio (ours / PyTorch) and a markdown row for
# bench/README.md. Each side times three iterations per round after its warm-up (a median of two
# would be their mean), and the ratio is taken between the medians over rounds.
#
# Needs Debian's python3-torch, the peer scripts in ../shared/peer, and PCDARTS_SRC pointing at a
# checkout of the reference code (yuhuixu1993/PC-DARTS; it is not part of this repository).
#   PCDARTS_SRC=/path/PC-DARTS bench/side-by-side.sh [search|train] [BATCH] [ROUNDS]
# (search: batch 64 by default; train: C=36, 20 cells, auxiliary, drop-path 0.15, batch 96)
set -euo pipefail
cd "$(dirname "$0")/.."
what=search
case "${1:-}" in search|train) what="$1"; shift ;; esac
if [ "$what" = search ]; then batch="${1:-64}"; else batch="${1:-96}"; fi
rounds="${2:-3}"
peer="${PCDARTS_PEER:-$(cd .. && pwd)/shared/peer}"
: "${PCDARTS_SRC:?set PCDARTS_SRC to a checkout of the reference PC-DARTS code}"
[ -f "$peer/bench_search.py" ] || { echo "no peer scripts at $peer" >&2; exit 2; }
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "PyTorch is missing: apt-get install python3-torch" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
./pcdarts --version >/dev/null   # build first, outside the timings
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: ours" >&2
  ./pcdarts bench "$what" --batch "$batch" --iters 3 --json 2>/dev/null | tail -1 >> "$out/ours.jsonl"
  echo "round $r/$rounds: PyTorch" >&2
  if [ "$what" = search ]; then
    peer_cmd=("$peer/bench_search.py" --batch "$batch" --k 4 --warmup 1 --iters 3)
  else
    peer_cmd=("$peer/bench_eval.py" --mode train --batch "$batch" --warmup 2 --iters 3)
  fi
  (cd "$out" && PCDARTS_SRC="$PCDARTS_SRC" PYTHONPATH="$peer:$PCDARTS_SRC" /usr/bin/python3 "${peer_cmd[@]}" \
      2>/dev/null | grep '^{' | tail -1 >> "$out/theirs.jsonl")
done
/usr/bin/python3 - "$out" "$batch" "$what" <<'PY'
import json, statistics, sys
d, batch, what = sys.argv[1], sys.argv[2], sys.argv[3]
ours = [json.loads(l) for l in open(d + "/ours.jsonl") if l.strip()]
theirs = [json.loads(l) for l in open(d + "/theirs.jsonl") if l.strip()]
ot = statistics.median(o["median_s"] for o in ours)
tt = statistics.median((t["full_iter"] if what == "search" else t["step"])["median_s"] for t in theirs)
orss = max(o["peak_rss_mb"] for o in ours)
trss = max(t["maxrss_mb_peak"] for t in theirs)
print(json.dumps({"what": what, "batch": int(batch), "rounds": len(ours), "ours_median_s": ot, "pytorch_median_s": tt, "time_ratio": ot / tt,
                  "ours_peak_rss_mb": orss, "pytorch_peak_rss_mb": trss, "rss_ratio": orss / trss}))
label = "search iteration" if what == "search" else "NetworkCIFAR train step"
print(f"| {label}, batch {batch} | {ot:.2f} s | {tt:.2f} s | {ot/tt:.2f} | {orss/1024:.2f} GiB | {trss/1024:.2f} GiB | {orss/trss:.2f} |")
PY
