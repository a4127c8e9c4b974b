#!/usr/bin/env bash
# Starts a reference interop server in the background and waits until it accepts calls.
#
#   tests/interop/start_reference_server.sh python|go PORT      (PORT 0 picks a free port)
#
# python: grpcio 1.51 (python/server.py); go: grpc-go 1.33 (go/server/, reflection v1alpha is
# grpc-go's own). Prints one line "PID PORT" on stdout. Stop it with `kill PID` (SIGTERM stops it
# gracefully). Its log: ${INTEROP_LOG_DIR:-/tmp}/interop-<language>-server-<PORT>.log
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: $0 python|go PORT (0 picks a free port)" >&2; exit 2; }
[[ $# == 2 && "$2" =~ ^[0-9]+$ && "$2" -le 65535 ]] || usage
language="$1" port="$2"
case "$language" in
    python) command=(/usr/bin/python3 "$here/python/server.py" --port "$port") ;;
    go) command=("$here/go/bin/interop_server" --port "$port") ;;
    *) usage ;;
esac
"$here/$language/build.sh" >&2

log_dir="${INTEROP_LOG_DIR:-/tmp}"
log="$(mktemp "$log_dir/interop-$language-server-XXXXXX.log")"
nohup "${command[@]}" >"$log" 2>&1 </dev/null &
pid=$!

for _ in $(seq 1 150); do
    if bound="$(grep -m1 -o 'listening on [0-9]*' "$log")"; then
        port="${bound##* }"
        mv -f "$log" "$log_dir/interop-$language-server-$port.log"  # the server keeps writing to the renamed file
        echo "$pid $port"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "interop $language server exited during start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
echo "interop $language server did not start within 15 s; log: $log" >&2
kill "$pid" 2>/dev/null || true
exit 1
