"""Loads the stubs that build.sh generated into gen/.

The .proto files live under the package path grpc/..., so protoc's output imports modules such as
`grpc.testing.empty_pb2`. That collides with the grpcio package itself (also `grpc`), so gen/grpc is
appended to grpcio's package path: `grpc.testing`, `grpc.health` and `grpc.reflection` then resolve
into gen/ while `grpc` stays grpcio. (Debian's python3-grpcio ships none of those subpackages.)
"""

import os
import sys

import grpc

_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")
if not os.path.isfile(os.path.join(_GEN, ".complete")):
    sys.exit("interop: python stubs are missing; run tests/interop/python/build.sh")
if os.path.join(_GEN, "grpc") not in grpc.__path__:
    grpc.__path__.append(os.path.join(_GEN, "grpc"))

# pylint: disable=wrong-import-position
from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from grpc.reflection.v1 import reflection_pb2 as reflection_v1_pb2  # noqa: E402
from grpc.reflection.v1 import reflection_pb2_grpc as reflection_v1_pb2_grpc  # noqa: E402
from grpc.reflection.v1alpha import reflection_pb2 as reflection_v1alpha_pb2  # noqa: E402
from grpc.reflection.v1alpha import reflection_pb2_grpc as reflection_v1alpha_pb2_grpc  # noqa: E402
from grpc.testing import empty_pb2, messages_pb2, test_pb2, test_pb2_grpc  # noqa: E402

# The two reflection versions have identical messages in different packages.
REFLECTION = {
    "v1": (reflection_v1_pb2, reflection_v1_pb2_grpc),
    "v1alpha": (reflection_v1alpha_pb2, reflection_v1alpha_pb2_grpc),
}

__all__ = [
    "empty_pb2", "messages_pb2", "test_pb2", "test_pb2_grpc", "health_pb2", "health_pb2_grpc",
    "REFLECTION",
]
