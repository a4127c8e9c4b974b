"""grpc.health.v1.Health (Check and Watch) over one shared status table, and
grpc.testing.XdsUpdateHealthService, which flips every entry of that table."""

import asyncio

import grpc

from interop_pb import empty_pb2, health_pb2, health_pb2_grpc, test_pb2_grpc

_Status = health_pb2.HealthCheckResponse.ServingStatus


class HealthState:
    """Serving status per service name ("" is the whole server), with change notification."""

    def __init__(self, service_names):
        self._status = {name: _Status.SERVING for name in ("", *service_names)}
        self._watchers = {}  # service name -> set of asyncio.Queue

    def get(self, service):
        return self._status.get(service)

    def set_all(self, status):
        for service in self._status:
            self._status[service] = status
            for queue in self._watchers.get(service, ()):
                queue.put_nowait(status)

    def subscribe(self, service):
        queue = asyncio.Queue()
        self._watchers.setdefault(service, set()).add(queue)
        return queue

    def unsubscribe(self, service, queue):
        self._watchers.get(service, set()).discard(queue)


class HealthService(health_pb2_grpc.HealthServicer):
    """Check answers NOT_FOUND for unknown services; Watch reports SERVICE_UNKNOWN for them and
    then every change, as health.proto specifies."""

    def __init__(self, state: HealthState):
        self._state = state

    async def Check(self, request, context):
        status = self._state.get(request.service)
        if status is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service: '{request.service}'")
        return health_pb2.HealthCheckResponse(status=status)

    async def Watch(self, request, context):
        queue = self._state.subscribe(request.service)
        try:
            last = self._state.get(request.service)
            if last is None:
                last = _Status.SERVICE_UNKNOWN
            yield health_pb2.HealthCheckResponse(status=last)
            while True:
                status = await queue.get()
                if status != last:
                    last = status
                    yield health_pb2.HealthCheckResponse(status=status)
        finally:
            self._state.unsubscribe(request.service, queue)


class XdsUpdateHealthService(test_pb2_grpc.XdsUpdateHealthServiceServicer):
    """SetServing / SetNotServing switch every service's health status, "" included."""

    def __init__(self, state: HealthState):
        self._state = state

    async def SetServing(self, request, context):
        self._state.set_all(_Status.SERVING)
        return empty_pb2.Empty()

    async def SetNotServing(self, request, context):
        self._state.set_all(_Status.NOT_SERVING)
        return empty_pb2.Empty()
