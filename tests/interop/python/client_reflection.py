"""Our reflection cases (v1 and v1alpha): list services, file containing symbol, file by filename for
every transitive import of test.proto, NOT_FOUND errors; the descriptors received must load into a
fresh descriptor pool and describe TestService completely."""

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool

from client_common import CALL_TIMEOUT_S, CaseFailure, RequestPipe, expect
from interop_pb import REFLECTION

NOT_FOUND = grpc.StatusCode.NOT_FOUND.value[0]
TEST_METHODS = {
    "EmptyCall": ("grpc.testing.Empty", "grpc.testing.Empty"),
    "UnaryCall": ("grpc.testing.SimpleRequest", "grpc.testing.SimpleResponse"),
    "StreamingOutputCall": ("grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"),
    "StreamingInputCall": ("grpc.testing.StreamingInputCallRequest", "grpc.testing.StreamingInputCallResponse"),
    "FullDuplexCall": ("grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"),
    "HalfDuplexCall": ("grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"),
    "UnimplementedCall": ("grpc.testing.Empty", "grpc.testing.Empty"),
}


class _Session:
    """One ServerReflectionInfo stream, asked one request at a time."""

    def __init__(self, channel, version):
        self._pb, pb_grpc = REFLECTION[version]
        self._pipe = RequestPipe()
        self._responses = pb_grpc.ServerReflectionStub(channel).ServerReflectionInfo(self._pipe, timeout=CALL_TIMEOUT_S)

    def ask(self, what, **request):
        self._pipe.add(self._pb.ServerReflectionRequest(**request))
        response = next(self._responses, None)
        expect(response is not None, f"{what}: the reflection stream ended without an answer")
        return response

    def files(self, what, **request):
        """The FileDescriptorProtos of a file request; an error_response fails the case."""
        response = self.ask(what, **request)
        kind = response.WhichOneof("message_response")
        expect(kind == "file_descriptor_response",
               f"{what}: got {kind} {_error_text(response)}, expected file_descriptor_response")
        protos = [descriptor_pb2.FileDescriptorProto.FromString(raw)
                  for raw in response.file_descriptor_response.file_descriptor_proto]
        expect(protos, f"{what}: file_descriptor_response is empty")
        return protos

    def expect_not_found(self, what, **request):
        response = self.ask(what, **request)
        expect(response.WhichOneof("message_response") == "error_response",
               f"{what}: expected error_response NOT_FOUND, got {response.WhichOneof('message_response')}")
        expect(response.error_response.error_code == NOT_FOUND,
               f"{what}: error_code is {response.error_response.error_code}, expected {NOT_FOUND} (NOT_FOUND)")

    def close(self):
        self._pipe.close()
        rest = list(self._responses)
        expect(not rest, f"{len(rest)} unexpected responses after half-close")


def _error_text(response):
    if response.WhichOneof("message_response") != "error_response":
        return ""
    return f"({response.error_response.error_code}: {response.error_response.error_message!r})"


def _defines(proto, package, symbol):
    names = ([s.name for s in proto.service] + [m.name for m in proto.message_type]
             + [e.name for e in proto.enum_type])
    return proto.package == package and symbol in names


def _load_pool(protos_by_name):
    """Adds every file after its dependencies; a missing dependency fails the case."""
    pool = descriptor_pool.DescriptorPool()
    added = set()
    pending = dict(protos_by_name)
    while pending:
        ready = [name for name, proto in pending.items() if set(proto.dependency) <= added]
        expect(ready, f"unresolvable imports among {sorted(pending)} (have {sorted(added)})")
        for name in ready:
            try:
                pool.Add(pending.pop(name))
            except (TypeError, ValueError) as error:
                raise CaseFailure(f"received descriptors do not build a pool: {error}") from error
            added.add(name)
    return pool


def _expect_complete_test_service(pool):
    service = pool.FindServiceByName("grpc.testing.TestService")
    methods = {m.name: (m.input_type.full_name, m.output_type.full_name) for m in service.methods}
    for name, types in TEST_METHODS.items():
        expect(methods.get(name) == types, f"TestService.{name} in the received descriptors is {methods.get(name)}, expected {types}")
    request = pool.FindMessageTypeByName("grpc.testing.SimpleRequest")
    expect(request.fields_by_name["response_status"].message_type.full_name == "grpc.testing.EchoStatus",
           "SimpleRequest.response_status does not resolve to grpc.testing.EchoStatus")
    expect(request.fields_by_name["payload"].message_type.fields_by_name["body"].type == 12,
           "Payload.body is not bytes in the received descriptors")


def _run(channel, version):
    session = _Session(channel, version)

    listed = {s.name for s in session.ask("list_services", list_services="*").list_services_response.service}
    for name in ("grpc.testing.TestService", "grpc.health.v1.Health", f"grpc.reflection.{version}.ServerReflection"):
        expect(name in listed, f"list_services lacks {name}: {sorted(listed)}")
    expect("grpc.testing.UnimplementedService" not in listed,
           "list_services names grpc.testing.UnimplementedService, which the server must not implement")

    test_file = session.files("file_containing_symbol grpc.testing.TestService",
                              file_containing_symbol="grpc.testing.TestService")[0]
    expect(test_file.name.endswith("test.proto") and _defines(test_file, "grpc.testing", "TestService"),
           f"file containing grpc.testing.TestService is {test_file.name!r}, which does not define it")

    by_name = {}
    queue = [test_file.name]
    while queue:
        name = queue.pop(0)
        if name in by_name:
            continue
        proto = session.files(f"file_by_filename {name}", file_by_filename=name)[0]
        expect(proto.name == name, f"file_by_filename {name} returned {proto.name!r} first")
        by_name[name] = proto
        queue.extend(proto.dependency)
    expect(len(by_name) >= 3, f"test.proto and its imports are only {sorted(by_name)}")
    _expect_complete_test_service(_load_pool(by_name))

    for symbol, package, defined in (("grpc.testing.SimpleRequest", "grpc.testing", "SimpleRequest"),
                                     ("grpc.testing.TestService.UnaryCall", "grpc.testing", "TestService"),
                                     ("grpc.health.v1.Health", "grpc.health.v1", "Health"),
                                     (f"grpc.reflection.{version}.ServerReflection", f"grpc.reflection.{version}",
                                      "ServerReflection")):
        first = session.files(f"file_containing_symbol {symbol}", file_containing_symbol=symbol)[0]
        expect(_defines(first, package, defined), f"file containing {symbol} is {first.name!r}, which does not define it")

    session.expect_not_found("file_containing_symbol grpc.testing.NoSuchService",
                             file_containing_symbol="grpc.testing.NoSuchService")
    session.expect_not_found("file_by_filename grpc/testing/no_such_file.proto",
                             file_by_filename="grpc/testing/no_such_file.proto")
    session.close()


def reflection_v1(channel):
    _run(channel, "v1")


def reflection_v1alpha(channel):
    _run(channel, "v1alpha")


CASES = {case.__name__: case for case in (reflection_v1, reflection_v1alpha)}
