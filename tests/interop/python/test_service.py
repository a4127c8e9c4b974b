"""grpc.testing.TestService as gRPC's interop test descriptions define the server features:
response sizes, ResponseParameters.interval_us, Echo Status, Echo Metadata, CompressedResponse."""

import asyncio
import dataclasses
import time

import grpc

from interop_pb import empty_pb2, messages_pb2, test_pb2_grpc

ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"

_CODES = {code.value[0]: code for code in grpc.StatusCode}


@dataclasses.dataclass(frozen=True)
class TestServiceLimits:
    """Bounds on what one request may ask of the server."""

    max_response_size: int = 4 * 1024 * 1024  # bytes of payload in one response message
    max_interval_us: int = 10_000_000  # delay before one streamed response
    max_responses_per_request: int = 1000  # ResponseParameters in one request


class TestService(test_pb2_grpc.TestServiceServicer):
    """The interop server's TestService; every method echoes the test metadata."""

    def __init__(self, limits: TestServiceLimits):
        self._limits = limits

    async def EmptyCall(self, request, context):
        await _echo_metadata(context)
        return empty_pb2.Empty()

    async def UnaryCall(self, request, context):
        compress = request.response_compressed.value
        if compress:
            context.set_compression(grpc.Compression.Gzip)
        # grpcio's asyncio server applies set_compression only to initial metadata sent after it.
        await _echo_metadata(context, send_initial=compress)
        await self._check_payload_type(request.response_type, context)
        await _echo_status(request, context)
        await self._check_size("response_size", request.response_size, context)
        return messages_pb2.SimpleResponse(payload=_zeros(request.response_size))

    async def CacheableUnaryCall(self, request, context):
        await context.send_initial_metadata([("cache-control", "max-age=60, public")])
        return messages_pb2.SimpleResponse(
            payload=messages_pb2.Payload(body=str(time.time_ns()).encode("ascii")))

    async def StreamingOutputCall(self, request, context):
        _set_compression(request.response_parameters, context)
        await _echo_metadata(context)
        await self._check_streaming_request(request, context)
        await _echo_status(request, context)
        async for response in self._responses(request.response_parameters, context):
            yield response

    async def StreamingInputCall(self, request_iterator, context):
        await _echo_metadata(context)
        total = 0
        async for request in request_iterator:
            total += len(request.payload.body)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    async def FullDuplexCall(self, request_iterator, context):
        await _echo_metadata(context)
        async for request in request_iterator:
            await self._check_streaming_request(request, context)
            await _echo_status(request, context)
            _set_compression(request.response_parameters, context)  # effective until the first response
            async for response in self._responses(request.response_parameters, context):
                yield response

    async def HalfDuplexCall(self, request_iterator, context):
        requests = [request async for request in request_iterator]
        _set_compression([p for request in requests for p in request.response_parameters], context)
        await _echo_metadata(context)
        for request in requests:
            await self._check_streaming_request(request, context)
        for request in requests:
            await _echo_status(request, context)
            async for response in self._responses(request.response_parameters, context):
                yield response

    async def UnimplementedCall(self, request, context):
        # The interop descriptions require this method to stay unimplemented on every server.
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "Method not found: UnimplementedCall")

    async def _responses(self, parameters, context):
        for params in parameters:
            if params.interval_us:
                await asyncio.sleep(params.interval_us / 1_000_000)
            if not params.compressed.value:
                context.disable_next_message_compression()
            yield messages_pb2.StreamingOutputCallResponse(payload=_zeros(params.size))

    async def _check_streaming_request(self, request, context):
        await self._check_payload_type(request.response_type, context)
        count = len(request.response_parameters)
        if count > self._limits.max_responses_per_request:
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                f"response_parameters has {count} entries; the limit is {self._limits.max_responses_per_request}")
        for i, params in enumerate(request.response_parameters):
            await self._check_size(f"response_parameters[{i}].size", params.size, context)
            if not 0 <= params.interval_us <= self._limits.max_interval_us:
                await context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    f"response_parameters[{i}].interval_us {params.interval_us} is outside "
                    f"0..{self._limits.max_interval_us}")

    async def _check_size(self, field, size, context):
        if not 0 <= size <= self._limits.max_response_size:
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                f"{field} {size} is outside 0..{self._limits.max_response_size}")

    @staticmethod
    async def _check_payload_type(payload_type, context):
        if payload_type != messages_pb2.COMPRESSABLE:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                f"response_type {payload_type} is not supported (only COMPRESSABLE)")


def _zeros(size):
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=bytes(size))


def _metadata_value(context, key):
    for item_key, value in context.invocation_metadata() or ():
        if item_key == key:
            return value
    return None


def _set_compression(parameters, context):
    """CompressedResponse for streams: gzip when any response asks for it (it must be set before the
    initial metadata goes out); _responses turns it off for the messages that do not."""
    if any(p.compressed.value for p in parameters):
        context.set_compression(grpc.Compression.Gzip)


async def _echo_metadata(context, send_initial=False):
    initial = _metadata_value(context, ECHO_INITIAL_KEY)
    if initial is not None:
        await context.send_initial_metadata([(ECHO_INITIAL_KEY, initial)])
    elif send_initial:
        await context.send_initial_metadata(())
    trailing = _metadata_value(context, ECHO_TRAILING_KEY)
    if trailing is not None:
        context.set_trailing_metadata([(ECHO_TRAILING_KEY, trailing)])


async def _echo_status(request, context):
    """Echo Status: a request's response_status ends the call with that code and message."""
    if not request.HasField("response_status") or request.response_status.code == 0:
        return
    code = _CODES.get(request.response_status.code)
    if code is None:
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                            f"response_status.code {request.response_status.code} is not a gRPC status code (0..16)")
    await context.abort(code, request.response_status.message,
                        trailing_metadata=tuple(context.trailing_metadata() or ()))
