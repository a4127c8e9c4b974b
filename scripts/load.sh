#!/usr/bin/env bash
# Load-tests a running cluster (`make run` in another terminal) through the gateway: Recommend over
# gRPC at several concurrencies, REST Recommend, and the pass-through hop against the backend direct.
# Arguments go to the benchmark program, e.g. `make load ARGS="--concurrency 1,32 --duration 30"`;
# `--help` lists them. Defaults: gateway 127.0.0.1:8081 (HTTP 8080), demo-admin-key.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configuration="${CONFIGURATION:-Release}"
exec dotnet "tests/bench/GatewayBench/bin/$configuration/net10.0/Recommender.Bench.GatewayBench.dll" \
    --target "${GATEWAY:-127.0.0.1:8081}" "$@"
