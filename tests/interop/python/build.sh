#!/usr/bin/env bash
# Generates the Python message and service stubs into python/gen/ (git-ignored) with Debian's protoc
# and grpc_python_plugin, from Debian's grpc-proto. Quick no-op when gen/ is newer than every input.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../protos.sh"
gen="$here/gen"
stamp="$gen/.complete"

for tool in protoc grpc_python_plugin; do
    command -v "$tool" >/dev/null || { echo "python/build.sh: $tool not found; run tests/interop/setup.sh" >&2; exit 1; }
done

inputs=("${INTEROP_PROTO_FILES[@]/#/$INTEROP_PROTO_ROOT/}" "$(command -v protoc)" "$(command -v grpc_python_plugin)" "$here/build.sh")
if [[ -f "$stamp" ]]; then
    stale=0
    for f in "${inputs[@]}"; do [[ "$f" -nt "$stamp" ]] && stale=1; done
    [[ $stale == 0 ]] && exit 0
fi

rm -rf "$gen"
mkdir -p "$gen"
protoc -I"$INTEROP_PROTO_ROOT" \
    --python_out="$gen" \
    --grpc_python_out="$gen" \
    --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
    "${INTEROP_PROTO_FILES[@]}"
touch "$stamp"
echo "python/build.sh: generated stubs in $gen"
