#!/usr/bin/env bash
# Builds the three Recommender clients from protos/, offline, into git-ignored folders: Python stubs
# (protoc with grpc_python_plugin) into python/gen, Go stubs (protoc-gen-go, protoc-gen-go-grpc) into
# go/gen and the Go binary into go/bin (Debian's golang-go in GOPATH mode against /usr/share/gocode),
# and the Node client's packages from its lockfile (npm ci; proto-loader reads protos/ at start).
# Quick no-op for what is newer than its inputs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos="$(cd "$here/../../protos" && pwd)"
proto_files=("$protos"/recsys/v1/*.proto)
. "$here/../../scripts/lib.sh"

newer_than() { # TARGET INPUT...: true when TARGET is missing or older than an input
    local target="$1" f
    shift
    [[ -e "$target" ]] || return 0
    for f in "$@"; do [[ "$f" -nt "$target" ]] && return 0; done
    return 1
}

python_stamp="$here/python/gen/.stamp"
if newer_than "$python_stamp" "${proto_files[@]}" "$here/build.sh"; then
    rm -rf "$here/python/gen" && mkdir -p "$here/python/gen"
    protoc -I"$protos" --python_out="$here/python/gen" --grpc_python_out="$here/python/gen" \
        --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "${proto_files[@]}"
    touch "$here/python/gen/recsys/__init__.py" "$here/python/gen/recsys/v1/__init__.py" "$python_stamp"
fi

go_binary="$here/go/bin/recommender_client"
if newer_than "$go_binary" "${proto_files[@]}" "$here"/go/*.go "$here/build.sh"; then
    rm -rf "$here/go/gen" && mkdir -p "$here/go/gen/src" "$here/go/bin"
    # go_package "recommender/gen/go/recsys/v1" lands at gen/src/recommender/gen/go/recsys/v1 (GOPATH layout).
    protoc -I"$protos" --go_out="$here/go/gen/src" --go-grpc_out="$here/go/gen/src" "${proto_files[@]}"
    (cd "$here/go" && GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$here/go/gen:/usr/share/gocode" \
        GOCACHE="${GOCACHE:-$here/go/bin/.gocache}" go build -o "$go_binary.tmp" .)
    mv "$go_binary.tmp" "$go_binary"
fi

npm_ci_if_stale "$here/node"
