#!/usr/bin/env bash
# Runs the benchmark programs one after another (never side by side: each would slow the others)
# and writes each one's markdown report to artifacts/bench/NAME.md. `make bench` builds first.
#   BENCH="grpc index"   only these (names below); default: all
#   QUICK=1              shorter runs (smaller sizes, fewer seconds), for a smoke check
# The README's tables come from a full run; every report names the machine it ran on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configuration="${CONFIGURATION:-Release}"
out_dir="artifacts/bench"
mkdir -p "$out_dir"
all=(grpc storage encoder index interest interest-service ranking-latency ranking-harness gateway)
selected=(${BENCH:-${all[@]}})
quick="${QUICK:-0}"

# bench NAME PROJECT [ARGS...]: runs the project's Release build; the report goes to stdout and the file.
bench() {
    local name="$1" project="$2"
    shift 2
    echo "== $name: dotnet run -c $configuration --project $project -- $*" >&2
    local started=$SECONDS
    dotnet run -c "$configuration" --no-build --project "$project" -- "$@" | tee "$out_dir/$name.md"
    echo "== $name: $((SECONDS - started)) s" >&2
}

pick() { [[ $quick == 1 ]] && echo "$1" || echo "$2"; }   # pick QUICK_VALUE FULL_VALUE
if_quick() { pick "$*" ""; }                                   # if_quick ARGS...: the arguments only in a quick run

for name in "${selected[@]}"; do
    case "$name" in
        grpc)
            tests/interop/setup.sh >/dev/null
            bench grpc tests/bench/GrpcBench --seconds "$(pick 2 5)" ;;
        storage)
            # The shared store's rows need a Redis that fsyncs every write: Debian's redis-server, on a free port.
            redis_dir="$(mktemp -d)"
            redis_port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
            redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$redis_dir" --save "" --appendonly yes --appendfsync always >"$redis_dir/log" 2>&1 &
            redis_pid=$!
            bench storage tests/bench/StorageBench --seconds "$(pick 2 5)" --redis "127.0.0.1:$redis_port"
            kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; rm -rf "$redis_dir" ;;
        encoder)
            bench encoder tests/bench/EncoderBench --models models $(if_quick --seconds 2 --overload-seconds 2 --ceiling-seconds 2) ;;
        index)
            bench index tests/bench/IndexBench $(if_quick --sizes 20000) $( [[ ${INDEX_MILLION:-0} == 1 ]] && echo --million ) ;;
        interest)
            bench interest tests/bench/InterestEval $(if_quick --quick) ;;
        interest-service)
            bench interest-service tests/bench/InterestServiceBench --seconds "$(pick 2 8)" ;;
        ranking-latency)
            bench ranking-latency tests/bench/RankingTrainer bench-rank --iterations "$(pick 50 200)" ;;
        ranking-harness)
            bench ranking-harness tests/bench/RankingHarness $(if_quick --users 50) ;;
        gateway)
            bench gateway tests/bench/GatewayBench --duration "$(pick 3 10)" ;;
        *)
            echo "unknown benchmark '$name'; choose from: ${all[*]}" >&2
            exit 2 ;;
    esac
done
echo "reports in $out_dir/" >&2
