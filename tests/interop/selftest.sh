#!/usr/bin/env bash
# Checks the interop harness itself: starts the Python reference server on a free port, runs the
# matrix against it (arguments after the script name go to run_matrix.sh, e.g. --languages go),
# stops the server. Ends with run_matrix.sh's "N passed, N failed" line and exit status.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r pid port < <("$here/start_python_server.sh" 0) || { echo "0 passed, 1 failed"; exit 1; }
[[ -n "${pid:-}" && -n "${port:-}" ]] || { echo "interop: the python server did not start"; echo "0 passed, 1 failed"; exit 1; }
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
"$here/run_matrix.sh" "localhost:$port" "$@"
