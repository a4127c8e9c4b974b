#!/usr/bin/python3
"""Interop client on Debian's grpcio. Exit 0 when the case passes; otherwise one line
`FAIL <case>: <reason>` on stderr and exit 1 (2 for bad arguments)."""

import argparse
import sys

import grpc

import client_cases
import client_health
import client_reflection
from client_common import CaseFailure

CASES = {**client_cases.CASES, **client_health.CASES, **client_reflection.CASES}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server_host", default="localhost")
    parser.add_argument("--server_host_override", default=None, help=":authority to claim (default: host:port)")
    parser.add_argument("--server_port", type=int, required=True)
    parser.add_argument("--test_case", required=True, choices=sorted(CASES))
    parser.add_argument("--use_tls", default="false", choices=["false"], help="only plaintext is supported")
    return parser.parse_args()


def main():
    args = parse_args()
    options = []
    if args.server_host_override:
        options.append(("grpc.default_authority", args.server_host_override))
    try:
        with grpc.insecure_channel(f"{args.server_host}:{args.server_port}", options=options) as channel:
            CASES[args.test_case](channel)
    except CaseFailure as failure:
        return _fail(args.test_case, str(failure))
    except grpc.RpcError as error:
        return _fail(args.test_case, f"unexpected RPC error {error.code().name}: {error.details()!r}")
    except Exception as error:  # pylint: disable=broad-except
        return _fail(args.test_case, f"{type(error).__name__}: {error}")
    print(f"PASS {args.test_case}")
    return 0


def _fail(case, reason):
    print(f"FAIL {case}: {' '.join(reason.split())}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
