"""Our health cases: grpc.health.v1.Health Check and Watch, driven by XdsUpdateHealthService."""

import grpc

from client_common import CALL_TIMEOUT_S, CaseFailure, expect, expect_rpc_error
from interop_pb import empty_pb2, health_pb2, health_pb2_grpc, test_pb2_grpc

_Status = health_pb2.HealthCheckResponse.ServingStatus
TEST_SERVICE = "grpc.testing.TestService"
UNKNOWN_SERVICE = "grpc.testing.NoSuchService"


def _check(health, service):
    return health.Check(health_pb2.HealthCheckRequest(service=service), timeout=CALL_TIMEOUT_S).status


def health_check(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", TEST_SERVICE):
        status = _check(health, service)
        expect(status == _Status.SERVING, f"Check({service!r}) is {_Status.Name(status)}, expected SERVING")
    expect_rpc_error(lambda: _check(health, UNKNOWN_SERVICE), grpc.StatusCode.NOT_FOUND, f"Check({UNKNOWN_SERVICE!r})")


def _next_change(watch, previous, what):
    """The next status on the Watch stream that differs from `previous` (repeats are allowed)."""
    for response in watch:
        if response.status != previous:
            return response.status
    raise CaseFailure(f"Watch stream ended while waiting for {what}")


def health_watch(channel):
    health = health_pb2_grpc.HealthStub(channel)
    xds = test_pb2_grpc.XdsUpdateHealthServiceStub(channel)
    watch = health.Watch(health_pb2.HealthCheckRequest(service=""), timeout=CALL_TIMEOUT_S)
    try:
        first = next(watch)
        expect(first.status == _Status.SERVING, f"Watch('') starts with {_Status.Name(first.status)}, expected SERVING")

        xds.SetNotServing(empty_pb2.Empty(), timeout=CALL_TIMEOUT_S)
        status = _next_change(watch, _Status.SERVING, "NOT_SERVING")
        expect(status == _Status.NOT_SERVING, f"after SetNotServing Watch('') sent {_Status.Name(status)}")
        status = _check(health, TEST_SERVICE)
        expect(status == _Status.NOT_SERVING, f"after SetNotServing Check({TEST_SERVICE!r}) is {_Status.Name(status)}")

        xds.SetServing(empty_pb2.Empty(), timeout=CALL_TIMEOUT_S)
        status = _next_change(watch, _Status.NOT_SERVING, "SERVING")
        expect(status == _Status.SERVING, f"after SetServing Watch('') sent {_Status.Name(status)}")
    finally:
        watch.cancel()
        xds.SetServing(empty_pb2.Empty(), timeout=CALL_TIMEOUT_S)

    unknown = health.Watch(health_pb2.HealthCheckRequest(service=UNKNOWN_SERVICE), timeout=CALL_TIMEOUT_S)
    try:
        first = next(unknown)
        expect(first.status == _Status.SERVICE_UNKNOWN,
               f"Watch({UNKNOWN_SERVICE!r}) starts with {_Status.Name(first.status)}, expected SERVICE_UNKNOWN")
    finally:
        unknown.cancel()


CASES = {case.__name__: case for case in (health_check, health_watch)}
