"""The standard cases of gRPC's interop test descriptions, against grpc.testing.TestService."""

import grpc

from client_common import RequestPipe, expect, expect_channel_still_works, expect_rpc_error
from interop_pb import empty_pb2, messages_pb2, test_pb2_grpc

ECHO_INITIAL = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
ECHO_TRAILING = ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab")
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"

# (request payload size, response size) for each ping_pong round
PING_PONG_SIZES = [(27182, 31415), (8, 9), (1828, 2653), (45904, 58979)]


def _payload(size):
    return messages_pb2.Payload(body=bytes(size))


def _expect_zeros(payload, size, what):
    expect(len(payload.body) == size, f"{what}: payload is {len(payload.body)} bytes, expected {size}")
    expect(payload.body == bytes(size), f"{what}: payload is not all zeros")


def _streaming_request(response_sizes, payload_size=0, status=None):
    request = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=s) for s in response_sizes],
        payload=_payload(payload_size))
    if status is not None:
        request.response_status.CopyFrom(status)
    return request


def empty_unary(channel):
    response = test_pb2_grpc.TestServiceStub(channel).EmptyCall(empty_pb2.Empty())
    expect(isinstance(response, empty_pb2.Empty), f"EmptyCall returned {type(response).__name__}")


def large_unary(channel):
    request = messages_pb2.SimpleRequest(response_size=314159, payload=_payload(271828))
    response = test_pb2_grpc.TestServiceStub(channel).UnaryCall(request)
    _expect_zeros(response.payload, 314159, "UnaryCall")


def client_streaming(channel):
    sizes = [27182, 8, 1828, 45904]
    requests = (messages_pb2.StreamingInputCallRequest(payload=_payload(s)) for s in sizes)
    response = test_pb2_grpc.TestServiceStub(channel).StreamingInputCall(requests)
    expect(response.aggregated_payload_size == 74922,
           f"aggregated_payload_size is {response.aggregated_payload_size}, expected 74922")


def server_streaming(channel):
    sizes = [31415, 9, 2653, 58979]
    responses = list(test_pb2_grpc.TestServiceStub(channel).StreamingOutputCall(_streaming_request(sizes)))
    expect(len(responses) == len(sizes), f"got {len(responses)} responses, expected {len(sizes)}")
    for i, (response, size) in enumerate(zip(responses, sizes)):
        _expect_zeros(response.payload, size, f"response {i}")


def ping_pong(channel):
    with RequestPipe() as pipe:
        responses = test_pb2_grpc.TestServiceStub(channel).FullDuplexCall(pipe)
        for i, (request_size, response_size) in enumerate(PING_PONG_SIZES):
            pipe.add(_streaming_request([response_size], request_size))
            response = next(responses, None)
            expect(response is not None, f"stream ended before response {i}")
            _expect_zeros(response.payload, response_size, f"response {i}")
        pipe.close()
        extra = list(responses)
        expect(not extra, f"got {len(extra)} responses after the last ping")


def empty_stream(channel):
    with RequestPipe() as pipe:
        responses = test_pb2_grpc.TestServiceStub(channel).FullDuplexCall(pipe)
        pipe.close()
        received = list(responses)
        expect(not received, f"got {len(received)} responses, expected none")


def _expect_echoed_status(channel, message):
    stub = test_pb2_grpc.TestServiceStub(channel)
    status = messages_pb2.EchoStatus(code=grpc.StatusCode.UNKNOWN.value[0], message=message)

    unary = expect_rpc_error(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=status)),
                             grpc.StatusCode.UNKNOWN, "UnaryCall")
    expect(unary.details() == message, f"UnaryCall status message is {unary.details()!r}, expected {message!r}")

    with RequestPipe() as pipe:
        responses = stub.FullDuplexCall(pipe)
        pipe.add(_streaming_request([], status=status))
        pipe.close()
        duplex = expect_rpc_error(lambda: list(responses), grpc.StatusCode.UNKNOWN, "FullDuplexCall")
        expect(duplex.details() == message,
               f"FullDuplexCall status message is {duplex.details()!r}, expected {message!r}")


def status_code_and_message(channel):
    _expect_echoed_status(channel, "test status message")


def special_status_message(channel):
    _expect_echoed_status(channel, SPECIAL_MESSAGE)


def _expect_echoed_metadata(call, what):
    initial = tuple(call.initial_metadata() or ())
    trailing = tuple(call.trailing_metadata() or ())
    expect(ECHO_INITIAL in initial, f"{what}: initial metadata {initial!r} lacks {ECHO_INITIAL!r}")
    expect(ECHO_TRAILING in trailing, f"{what}: trailing metadata {trailing!r} lacks {ECHO_TRAILING!r}")


def custom_metadata(channel):
    stub = test_pb2_grpc.TestServiceStub(channel)
    metadata = (ECHO_INITIAL, ECHO_TRAILING)

    request = messages_pb2.SimpleRequest(response_size=314159, payload=_payload(271828))
    response, call = stub.UnaryCall.with_call(request, metadata=metadata)
    _expect_zeros(response.payload, 314159, "UnaryCall")
    _expect_echoed_metadata(call, "UnaryCall")

    with RequestPipe() as pipe:
        responses = stub.FullDuplexCall(pipe, metadata=metadata)
        pipe.add(_streaming_request([314159], 271828))
        pipe.close()
        received = list(responses)
        expect(len(received) == 1, f"FullDuplexCall: got {len(received)} responses, expected 1")
        _expect_zeros(received[0].payload, 314159, "FullDuplexCall")
        _expect_echoed_metadata(responses, "FullDuplexCall")


def unimplemented_method(channel):
    stub = test_pb2_grpc.TestServiceStub(channel)
    expect_rpc_error(lambda: stub.UnimplementedCall(empty_pb2.Empty()),
                     grpc.StatusCode.UNIMPLEMENTED, "TestService/UnimplementedCall")


def unimplemented_service(channel):
    stub = test_pb2_grpc.UnimplementedServiceStub(channel)
    expect_rpc_error(lambda: stub.UnimplementedCall(empty_pb2.Empty()),
                     grpc.StatusCode.UNIMPLEMENTED, "UnimplementedService/UnimplementedCall")


def timeout_on_sleeping_server(channel):
    with RequestPipe() as pipe:
        responses = test_pb2_grpc.TestServiceStub(channel).FullDuplexCall(pipe, timeout=0.001)
        pipe.add(messages_pb2.StreamingOutputCallRequest(payload=_payload(27182)))
        expect_rpc_error(lambda: next(responses), grpc.StatusCode.DEADLINE_EXCEEDED, "FullDuplexCall with 1 ms deadline")
    expect_channel_still_works(channel, "the expired call")


def cancel_after_begin(channel):
    with RequestPipe() as pipe:
        future = test_pb2_grpc.TestServiceStub(channel).StreamingInputCall.future(pipe)
        future.cancel()
        expect(future.cancelled(), "StreamingInputCall future is not cancelled")
        expect(future.code() == grpc.StatusCode.CANCELLED, f"status is {future.code().name}, expected CANCELLED")
    expect_channel_still_works(channel, "the cancelled call")


def cancel_after_first_response(channel):
    with RequestPipe() as pipe:
        responses = test_pb2_grpc.TestServiceStub(channel).FullDuplexCall(pipe)
        pipe.add(_streaming_request([31415], 27182))
        first = next(responses, None)
        expect(first is not None, "stream ended before the first response")
        _expect_zeros(first.payload, 31415, "first response")
        responses.cancel()
        expect_rpc_error(lambda: next(responses), grpc.StatusCode.CANCELLED, "FullDuplexCall after cancel")
    expect_channel_still_works(channel, "the cancelled call")


CASES = {
    case.__name__: case for case in (
        empty_unary, large_unary, client_streaming, server_streaming, ping_pong, empty_stream,
        status_code_and_message, special_status_message, custom_metadata, unimplemented_method,
        unimplemented_service, timeout_on_sleeping_server, cancel_after_begin, cancel_after_first_response)
}
