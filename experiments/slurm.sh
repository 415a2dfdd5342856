#!/bin/bash
# A Slurm job array over one sweep spec: each task runs a disjoint shard (flatland reads
# SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT), writing its own results
# file; a final job merges the shards and draws the report.
#
#   sbatch --array=0-31 experiments/slurm.sh experiments/fig7.json
#   # when the array is done (or: sbatch --dependency=afterok:JOBID --wrap "..."):
#   npx flatland merge results/fig7/shard-*.jsonl --out results/fig7.jsonl
#   npx flatland report results/fig7.jsonl
#
# A task that times out or is preempted can be resubmitted as is: finished runs are skipped.
#SBATCH --job-name=flatland-sweep
#SBATCH --cpus-per-task=8
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=slurm-%A_%a.out
#SBATCH --requeue
set -euo pipefail
SPEC=${1:?usage: sbatch --array=0-N experiments/slurm.sh SPEC.json}
NAME=$(basename "$SPEC" .json)
OUT=${OUT_DIR:-results}/$NAME
mkdir -p "$OUT"
cd "${SLURM_SUBMIT_DIR:-.}"
# One WASM worker per allocated core; on a GPU node (--gres=gpu:1) the sweep picks WebGPU by itself.
npx flatland sweep "$SPEC" --out "$OUT/shard-${SLURM_ARRAY_TASK_ID}.jsonl" --threads "${SLURM_CPUS_PER_TASK:-1}"
