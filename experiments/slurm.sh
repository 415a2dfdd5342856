#!/bin/bash
# A sweep spec on a Slurm cluster: a job array whose task i runs shard i of N (disjoint shares of the
# spec's runs, each into its own results file), then a dependent job that merges the shards and draws
# the report. Submit from the repository's root, after `npm ci`:
#
#   JOB=$(sbatch --parsable --array=0-31 experiments/slurm.sh experiments/fig7.json)
#   sbatch --dependency=afterok:$JOB experiments/slurm.sh --merge experiments/fig7.json
#
# Shards land in results/NAME/shard-I.jsonl, the merge in results/NAME.jsonl with NAME.svg, .png, .md.
# Resources come from the submitter: the defaults below fit the smallest node (one CPU; memory and
# time as the site sets them); ask for more on the sbatch line, e.g. `sbatch --cpus-per-task=8
# --mem=4G --time=04:00:00 --array=0-31 ...`: the task runs one WebAssembly worker per allocated CPU.
# On a GPU node (--gres=gpu:1) the sweep picks WebGPU by itself.
#
# A task that was cancelled, timed out or preempted is resubmitted alone, saying how many shards the
# array has (finished runs are kept and skipped):  SHARDS=32 sbatch --array=5 experiments/slurm.sh SPEC
# Environment: SHARDS (default: the array's highest index + 1), OUT_DIR (default results).
#SBATCH --job-name=flatland-sweep
#SBATCH --cpus-per-task=1
#SBATCH --output=slurm-%A_%a.out
#SBATCH --requeue
set -euo pipefail
usage="usage: sbatch --array=0-N experiments/slurm.sh SPEC.json | sbatch experiments/slurm.sh --merge SPEC.json"
MERGE=0
if [ "${1:-}" = "--merge" ]; then MERGE=1; shift; fi
SPEC=${1:?$usage}
cd "${SLURM_SUBMIT_DIR:-.}"
[ -f "$SPEC" ] || { echo "slurm.sh: no spec $SPEC (submit from the repository's root)" >&2; exit 2; }
NAME=$(basename "$SPEC" .json)
OUT=${OUT_DIR:-results}/$NAME
mkdir -p "$OUT"
flatland() { if [ -f bin/flatland.js ]; then node bin/flatland.js "$@"; else npx --no-install flatland "$@"; fi; }

if [ "$MERGE" = 1 ]; then
	flatland merge "$OUT"/shard-*.jsonl --out "$OUT.jsonl"
	flatland report "$OUT.jsonl"
	exit
fi
TASK=${SLURM_ARRAY_TASK_ID:?slurm.sh: not an array task ($usage)}
SHARDS=${SHARDS:-$((SLURM_ARRAY_TASK_MAX + 1))}
flatland sweep "$SPEC" --out "$OUT/shard-$TASK.jsonl" --shard "$TASK/$SHARDS" --threads "${SLURM_CPUS_PER_TASK:-1}" --quiet
