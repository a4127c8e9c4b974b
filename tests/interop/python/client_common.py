"""What every client case shares: the failure type, assertions, and a blocking request pipe."""

import queue

import grpc

from interop_pb import empty_pb2, test_pb2_grpc

# Deadline for calls that are expected to finish promptly (the runner also bounds each case).
CALL_TIMEOUT_S = 10.0


class CaseFailure(Exception):
    """A test case's assertion did not hold; the message is the one-line reason."""


def expect(condition, reason):
    if not condition:
        raise CaseFailure(reason)


def expect_rpc_error(call, code, what):
    """Runs call() and returns its grpc.RpcError, which must carry `code`."""
    try:
        result = call()
    except grpc.RpcError as error:
        expect(error.code() == code,
               f"{what}: expected {code.name}, got {error.code().name}: {error.details()!r}")
        return error
    raise CaseFailure(f"{what}: expected {code.name}, but the call succeeded with {result!r}")


def expect_channel_still_works(channel, after):
    """A cancelled or expired call must leave the connection usable for the next call."""
    try:
        test_pb2_grpc.TestServiceStub(channel).EmptyCall(empty_pb2.Empty(), timeout=CALL_TIMEOUT_S)
    except grpc.RpcError as error:
        raise CaseFailure(f"EmptyCall after {after} failed: {error.code().name} {error.details()!r}") from error


class RequestPipe:
    """A request iterator the test feeds one message at a time; close() half-closes the stream."""

    _CLOSE = object()

    def __init__(self):
        self._queue = queue.Queue()

    def add(self, request):
        self._queue.put(request)

    def close(self):
        self._queue.put(self._CLOSE)

    def __iter__(self):
        return self

    def __next__(self):
        item = self._queue.get()
        if item is self._CLOSE:
            raise StopIteration()
        return item

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
