#!/usr/bin/env bash
# Checks the interop harness itself: starts a reference server on a free port, runs the matrix
# against it, stops the server. Ends with run_matrix.sh's "N passed, N failed" line and exit status.
#
#   tests/interop/selftest.sh [--server python|go] [run_matrix.sh options, e.g. --languages go]
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server=python
if [[ "${1:-}" == --server ]]; then
    server="${2:-}"; shift 2 || true
fi
read -r pid port < <("$here/start_reference_server.sh" "$server" 0)
if [[ -z "${pid:-}" || -z "${port:-}" ]]; then
    echo "interop: the $server reference server did not start"
    echo "0 passed, 1 failed"
    exit 1
fi
trap 'kill "$pid" 2>/dev/null' EXIT
log="${INTEROP_LOG_DIR:-/tmp}/interop-$server-server-$port.log"
echo "interop: $server reference server on port $port (log: $log, removed when all pass)"
"$here/run_matrix.sh" "localhost:$port" "$@"
status=$?
[[ $status == 0 ]] && rm -f "$log"
exit $status
