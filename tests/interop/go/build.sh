#!/usr/bin/env bash
# Builds the Go interop client and reference server fully offline: Debian's protoc-gen-go and
# protoc-gen-go-grpc generate the stubs into go/gen/ (git-ignored), and Debian's golang-go compiles
# in GOPATH mode against the Go sources Debian installs under /usr/share/gocode (grpc-go 1.33,
# protobuf-go 1.28). Binaries: go/bin/. Quick no-op when they are newer than every input.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../protos.sh"
gen="$here/gen"
binaries=(interop_client interop_server interop_loadgen)  # from client/, server/ and loadgen/
gocode="${INTEROP_GOCODE:-/usr/share/gocode}"

for tool in go protoc protoc-gen-go protoc-gen-go-grpc; do
    command -v "$tool" >/dev/null || { echo "go/build.sh: $tool not found; run tests/interop/setup.sh" >&2; exit 1; }
done
[[ -d "$gocode/src/google.golang.org/grpc" ]] || { echo "go/build.sh: $gocode/src/google.golang.org/grpc is missing; run tests/interop/setup.sh (golang-google-grpc-dev)" >&2; exit 1; }
# grpc-go marshals through github.com/golang/protobuf; only its 1.4+ (APIv2-based) versions handle
# messages from protoc-gen-go 1.28. Debian's 1.3 package panics on them at the first call.
grep -qs 'google.golang.org/protobuf' "$gocode/src/github.com/golang/protobuf/proto/proto.go" || {
    echo "go/build.sh: $gocode has github.com/golang/protobuf 1.3; install golang-github-golang-protobuf-1-5-dev (tests/interop/setup.sh)" >&2; exit 1; }

inputs=("${INTEROP_PROTO_FILES[@]/#/$INTEROP_PROTO_ROOT/}" "$here"/client/*.go "$here"/server/*.go "$here"/loadgen/*.go "$here/build.sh"
        "$(command -v go)" "$(command -v protoc-gen-go)" "$(command -v protoc-gen-go-grpc)")
stale=0
for binary in "${binaries[@]}"; do
    [[ -x "$here/bin/$binary" ]] || stale=1
    for f in "${inputs[@]}"; do [[ "$f" -nt "$here/bin/$binary" ]] && stale=1; done
done
[[ $stale == 0 ]] && exit 0

# None of the interop protos carries a go_package that fits here, so each file is mapped onto an
# import path inside gen/src (GOPATH layout). The standard health and reflection protos get their
# own copies too, so every language compiles the very same files from grpc-proto.
declare -A package_of=(
    [grpc/testing/empty.proto]=interoppb/grpc_testing
    [grpc/testing/messages.proto]=interoppb/grpc_testing
    [grpc/testing/test.proto]=interoppb/grpc_testing
    [grpc/health/v1/health.proto]=interoppb/health_v1
    [grpc/reflection/v1/reflection.proto]=interoppb/reflection_v1
    [grpc/reflection/v1alpha/reflection.proto]=interoppb/reflection_v1alpha
)
go_opts=() grpc_opts=()
for proto in "${INTEROP_PROTO_FILES[@]}"; do
    go_opts+=("--go_opt=M$proto=${package_of[$proto]}")
    grpc_opts+=("--go-grpc_opt=M$proto=${package_of[$proto]}")
done

rm -rf "$gen"
mkdir -p "$gen/src" "$here/bin"
protoc -I"$INTEROP_PROTO_ROOT" \
    --go_out="$gen/src" "${go_opts[@]}" \
    --go-grpc_out="$gen/src" "${grpc_opts[@]}" \
    "${INTEROP_PROTO_FILES[@]}"

export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$gen:$gocode"
export GOCACHE="${GOCACHE:-$here/bin/.gocache}"  # kept across regenerations of gen/
for binary in "${binaries[@]}"; do
    (cd "$here" && go build -o "bin/$binary.tmp" "./${binary#interop_}")
    mv "$here/bin/$binary.tmp" "$here/bin/$binary"
done
echo "go/build.sh: built ${binaries[*]/#/$here/bin/}"
