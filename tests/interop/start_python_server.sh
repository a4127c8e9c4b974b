#!/usr/bin/env bash
# Starts the Python reference interop server in the background and waits until it accepts calls.
#
#   tests/interop/start_python_server.sh PORT      (0 picks a free port)
#
# Prints one line "PID PORT" on stdout. Stop it with `kill PID` (SIGTERM stops it gracefully).
# Its log: ${INTEROP_LOG_DIR:-/tmp}/interop-python-server-<PORT>.log
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# == 1 && "$1" =~ ^[0-9]+$ && "$1" -le 65535 ]] || { echo "usage: $0 PORT (0 picks a free port)" >&2; exit 2; }
"$here/python/build.sh" >&2

log_dir="${INTEROP_LOG_DIR:-/tmp}"
log="$(mktemp "$log_dir/interop-python-server-XXXXXX.log")"
nohup /usr/bin/python3 "$here/python/server.py" --port "$1" >"$log" 2>&1 </dev/null &
pid=$!

for _ in $(seq 1 150); do
    if bound="$(grep -m1 -o 'listening on [0-9]*' "$log")"; then
        port="${bound##* }"
        final_log="$log_dir/interop-python-server-$port.log"
        mv -f "$log" "$final_log"  # the server keeps writing to the renamed file
        echo "$pid $port"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "interop python server exited during start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
echo "interop python server did not start within 15 s; log: $log" >&2
kill "$pid" 2>/dev/null || true
exit 1
