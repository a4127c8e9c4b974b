#!/usr/bin/env bash
# Starts the Python (grpcio) reference interop server in the background; prints "PID PORT".
#   tests/interop/start_python_server.sh PORT      (0 picks a free port; stop it with `kill PID`)
exec "$(dirname "${BASH_SOURCE[0]}")/start_reference_server.sh" python "$@"
