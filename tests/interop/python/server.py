#!/usr/bin/python3
"""Reference interop server on Debian's grpcio: TestService, XdsUpdateHealthService, health and
reflection (v1 and v1alpha). Plaintext HTTP/2. Prints `listening on PORT` once it accepts calls."""

import argparse
import asyncio
import logging
import signal

import grpc

from interop_pb import REFLECTION, health_pb2_grpc, test_pb2_grpc
from health_service import HealthService, HealthState, XdsUpdateHealthService
from reflection_service import ReflectionService
from test_service import TestService, TestServiceLimits

SERVICE_NAMES = (
    "grpc.testing.TestService",
    "grpc.testing.XdsUpdateHealthService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
)


def parse_args():
    defaults = TestServiceLimits()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True, help="port to listen on; 0 picks a free one")
    parser.add_argument("--host", default="[::]", help="address to bind (default: all interfaces)")
    parser.add_argument("--max_message_size", type=int, default=8 * 1024 * 1024,
                        help="largest message received or sent, bytes (default 8 MiB)")
    parser.add_argument("--max_response_size", type=int, default=defaults.max_response_size,
                        help="largest payload one response may ask for, bytes (default 4 MiB)")
    parser.add_argument("--max_interval_us", type=int, default=defaults.max_interval_us,
                        help="largest ResponseParameters.interval_us (default 10 s)")
    parser.add_argument("--max_responses_per_request", type=int, default=defaults.max_responses_per_request,
                        help="most ResponseParameters in one request (default 1000)")
    parser.add_argument("--use_tls", default="false", choices=["false"], help="only plaintext is supported")
    return parser.parse_args()


async def serve(args):
    server = grpc.aio.server(options=[
        ("grpc.max_receive_message_length", args.max_message_size),
        ("grpc.max_send_message_length", args.max_message_size),
    ])
    limits = TestServiceLimits(args.max_response_size, args.max_interval_us, args.max_responses_per_request)
    health = HealthState(SERVICE_NAMES)
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(limits), server)
    test_pb2_grpc.add_XdsUpdateHealthServiceServicer_to_server(XdsUpdateHealthService(health), server)
    health_pb2_grpc.add_HealthServicer_to_server(HealthService(health), server)
    for reflection_pb2, reflection_pb2_grpc in REFLECTION.values():
        reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
            ReflectionService(reflection_pb2, SERVICE_NAMES), server)

    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        raise SystemExit(f"interop server: cannot bind {args.host}:{args.port}")
    await server.start()
    print(f"listening on {port}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop(grace=1.0)


def main():
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(parse_args()))


if __name__ == "__main__":
    main()
