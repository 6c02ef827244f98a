#!/bin/bash
# Submits a study as a job array of shards and its merge, which starts when every shard has
# finished (afterok waits for all tasks of the array). Run from the folder the study file's
# paths are relative to: `docs/slurm/submit-shards.sh`.
set -euo pipefail
here=$(dirname "$0")
array=$(sbatch --parsable "$here/study-shard.sbatch")
sbatch --dependency="afterok:${array%%;*}" "$here/merge.sbatch"
