#!/usr/bin/env bash
# Descent against PyTorch on the workloads of docs/performance.md, alternating the two sides, and the ratios.
#
#   bench/compare.sh                 # 3 rounds, 2 threads
#   ROUNDS=5 THREADS=1 bench/compare.sh
#   ONLY=matmul,adam bench/compare.sh   # a subset (names as in the table below)
#   NO_BUILD=1 bench/compare.sh      # reuse the Release build
#
# Builds the CLI in Release once, then for each round runs every workload on both sides (`descent bench ...` and
# `/usr/bin/python3 bench/compare_pytorch.py ...` with the same options), Descent first in odd rounds and PyTorch first in even
# ones, so a noisy phase of a shared machine hits both. Every JSON line goes to bench/results/DATE-COMMIT.jsonl; the summary
# (median over rounds of each side's figures, speed-up = PyTorch's time / Descent's) goes to bench/results/DATE-COMMIT.json
# and .md and is printed, with the load average seen before the runs (on a shared machine, compare only quiet runs).
# PyTorch 1.13 must be importable by /usr/bin/python3. PyTorch's OpenMP threads spin-wait between parallel regions; when the
# machine is oversubscribed that makes it many times slower, which OMP_WAIT_POLICY=passive (exported before running this
# script) avoids. The default leaves PyTorch as it comes.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
ONLY=${ONLY:-}
PY=/usr/bin/python3
D=src/Descent.Cli/bin/Release/net10.0/descent

# name | arguments shared by `descent bench` and compare_pytorch.py
WORKLOADS=(
  "matmul|matmul --size 1024"
  "adam|optimizer --name adam --params 10000000"
  "bandwidth-triad|bandwidth --kernel triad --mb 400"
  "bandwidth-copy|bandwidth --kernel copy --mb 400"
  "bandwidth-update|bandwidth --kernel update --mb 400"
  "fashion-mlp|train --data fashion-mnist --model mlp:784-256-128-10 --batch-size 128 --epochs 3"
  "mlp1024|train --data fashion-mnist --model mlp:784-1024-1024-10 --batch-size 256 --steps 60"
  "lenet|train --data fashion-mnist --model cnn:lenet --batch-size 128 --epochs 1"
)

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build src/Descent.Cli -c Release 2>&1 | grep -E " error |warning |rror\(s\)" | sort -u
fi
[[ -x "$D" ]] || { echo "compare.sh: $D not found; build first (dotnet build Descent.slnx -c Release)" >&2; exit 1; }
"$PY" -c "import torch" 2>/dev/null || { echo "compare.sh: $PY cannot import torch" >&2; exit 1; }

commit=$(git rev-parse --short HEAD)
[[ -z "$(git status --porcelain --untracked-files=no)" ]] || commit="$commit-dirty"
stamp=$(date -u +%Y-%m-%dT%H%M)
mkdir -p bench/results
raw="bench/results/$stamp-$commit.jsonl"
: > "$raw"

run_side() { # side name round args...
  local side=$1 name=$2 round=$3; shift 3
  local line load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [[ $side == descent ]]; then
    line=$("$D" bench "$@" --threads "$THREADS" | tail -n 1)
  else
    line=$("$PY" bench/compare_pytorch.py "$@" --threads "$THREADS" | tail -n 1)
  fi
  printf '{"workload": "%s", "side": "%s", "round": %d, "load_before": %s, "result": %s}\n' "$name" "$side" "$round" "$load" "$line" >> "$raw"
  echo "  round $round $side $name: $line" >&2
}

for ((round = 1; round <= ROUNDS; round++)); do
  for entry in "${WORKLOADS[@]}"; do
    name=${entry%%|*}
    read -r -a args <<< "${entry#*|}"
    if [[ -n "$ONLY" && ",$ONLY," != *",$name,"* ]]; then continue; fi
    if ((round % 2 == 1)); then
      run_side descent "$name" "$round" "${args[@]}"
      run_side pytorch "$name" "$round" "${args[@]}"
    else
      run_side pytorch "$name" "$round" "${args[@]}"
      run_side descent "$name" "$round" "${args[@]}"
    fi
  done
done

"$PY" bench/compare_summary.py "$raw" --commit "$commit" --threads "$THREADS"
