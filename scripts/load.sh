#!/usr/bin/env bash
# make load: the soak. Starts the bench's own cluster (the 4 services and the gateway as processes on free
# loopback ports, with make run's demo store), measures the capacity of Recommend through the gateway (the
# highest open-loop rate with p99 under 100 ms), then runs Recommend at 70% of it for DURATION and reports per
# minute calls/s, p50/p99 and failures, and each process's memory and CPU at the start and the end.
#   DURATION=10m   how long the soak runs (default 10m; s, m or h, or plain seconds)
#   ARGS="..."     more options for the bench, e.g. --soak-rate 60 (fixed rate) or --capacity-step 5
# The markdown report goes to stdout and artifacts/load/soak.md. `make load` builds first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configuration="${CONFIGURATION:-Release}"
duration="${DURATION:-10m}"
case "$duration" in
    *h) seconds=$(( ${duration%h} * 3600 )) ;;
    *m) seconds=$(( ${duration%m} * 60 )) ;;
    *s) seconds=${duration%s} ;;
    *) seconds=$duration ;;
esac
[[ "$seconds" =~ ^[0-9]+$ && $seconds -ge 10 ]] || { echo "DURATION must be at least 10s, like 90s, 10m or 1h (was '$duration')" >&2; exit 2; }
mkdir -p artifacts/load
exec dotnet "tests/bench/GatewayBench/bin/$configuration/net10.0/Recommender.Bench.GatewayBench.dll" \
    --cases capacity,soak --soak-duration "$seconds" --out artifacts/load/soak.md "$@"
