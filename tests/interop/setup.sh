#!/usr/bin/env bash
# Installs what the interop clients and the Python reference server need; idempotent (installs only
# what is missing). As root it runs apt-get; otherwise it prints the exact command and fails.
# Then installs the Node packages from the pinned lockfile (npm ci) when node_modules is stale.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

APT_PACKAGES=(
    grpc-proto                            # the .proto files, /usr/share/grpc-proto
    protobuf-compiler                     # protoc
    protobuf-compiler-grpc                # grpc_python_plugin
    python3-grpcio python3-protobuf       # Python client and reference server
    golang-go                             # Go 1.19
    golang-google-grpc-dev                # grpc-go 1.33 sources in /usr/share/gocode
    golang-google-protobuf-dev            # protobuf-go 1.28
    golang-github-golang-protobuf-1-5-dev # grpc-go marshals through it; the 1.3 package panics on protoc-gen-go 1.28 messages
    protoc-gen-go protoc-gen-go-grpc
    coreutils                             # timeout, for run_matrix.sh
)

command -v node >/dev/null && command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
. "$here/../../scripts/lib.sh"
apt_ensure "${APT_PACKAGES[@]}"

"$here/node/build.sh"
