# Sourced by the build scripts: the one list of .proto files every interop program is built from.
# They come from Debian's grpc-proto package and are never copied into the repository.
INTEROP_PROTO_ROOT="${INTEROP_PROTO_ROOT:-/usr/share/grpc-proto}"
INTEROP_PROTO_FILES=(
    grpc/testing/empty.proto
    grpc/testing/messages.proto
    grpc/testing/test.proto
    grpc/health/v1/health.proto
    grpc/reflection/v1/reflection.proto
    grpc/reflection/v1alpha/reflection.proto
)
if [[ ! -f "$INTEROP_PROTO_ROOT/grpc/testing/test.proto" ]]; then
    echo "interop: $INTEROP_PROTO_ROOT/grpc/testing/test.proto is missing; run tests/interop/setup.sh (Debian package grpc-proto)" >&2
    exit 1
fi
