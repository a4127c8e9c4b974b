#!/usr/bin/env bash
# Builds the ghz-compatible load driver (tests/load/driver) with Debian's golang-go in GOPATH mode
# against the Go sources Debian installs under /usr/share/gocode (grpc-go, protobuf-go), fully
# offline, into tests/load/bin/ghz-driver. Quick no-op when the binary is newer than its sources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gocode="${LOAD_GOCODE:-/usr/share/gocode}"
binary="$here/bin/ghz-driver"
command -v go >/dev/null || { echo "load/build.sh: go not found; run tests/interop/setup.sh" >&2; exit 1; }
stale=0
[[ -x "$binary" ]] || stale=1
for f in "$here"/driver/*.go "$here/build.sh"; do [[ "$f" -nt "$binary" ]] && stale=1; done
[[ $stale == 0 ]] && exit 0
mkdir -p "$here/bin"
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$gocode"
export GOCACHE="${GOCACHE:-$here/bin/.gocache}"
(cd "$here/driver" && go build -o "$binary.tmp" .)
mv "$binary.tmp" "$binary"
echo "load/build.sh: built $binary"
