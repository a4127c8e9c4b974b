#!/usr/bin/env bash
# Trains the behaviour model and writes the folder the encoder will serve (`make train-behaviour`).
#   BEHAVIOUR_EXPORT  an export folder to train on (format: behaviour_model/export_format.py)
#                     default: MovieLens ml-latest-small from ../shared/data, written as an export first
#   BEHAVIOUR_OUT     the model folder to write (default artifacts/behaviour-model)
#   BEHAVIOUR_ARGS    more trainer options (python3 -m behaviour_model train --help), e.g. "--seed 3"
# With the MovieLens default it also evaluates popularity and item-kNN on the same split and writes
# the table to $BEHAVIOUR_OUT/report.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
out="$(realpath -m "${BEHAVIOUR_OUT:-$repo/artifacts/behaviour-model}")"
movielens="$repo/../shared/data/movielens-latest-small"
# A softmax over the target and 1,024 sampled items: about 8x cheaper per step than the whole catalog (README).
args=(--threads 2 --negatives 1024 --max-epochs 100 --patience 8)

if [[ -n "${BEHAVIOUR_EXPORT:-}" ]]; then
    export_dir="$(realpath "$BEHAVIOUR_EXPORT")"
    extra=()
elif [[ -f "$movielens/ratings.csv" ]]; then
    export_dir="$repo/artifacts/behaviour-export/movielens-latest-small"
    (cd "$repo/services/Encoder/BehaviourModel" && "$python" -m behaviour_model movielens --data "$movielens" --out "$export_dir")
    extra=(--baselines --report "$out/report.md")
else
    echo "train-behaviour: set BEHAVIOUR_EXPORT to an export folder, or put MovieLens at $movielens." >&2
    echo "  (A live cluster cannot be exported yet: no RPC lists the recorded events; see services/Encoder/BehaviourModel/README.md.)" >&2
    exit 2
fi
mkdir -p "$out"
cd "$repo/services/Encoder/BehaviourModel"
# shellcheck disable=SC2086 # BEHAVIOUR_ARGS is a list of options
"$python" -m behaviour_model train --export "$export_dir" --out "$out" "${args[@]}" "${extra[@]}" ${BEHAVIOUR_ARGS:-}
