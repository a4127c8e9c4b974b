#!/usr/bin/env bash
# Installs the Node client's packages from the pinned package-lock.json (npm ci). Quick no-op when
# node_modules is newer than the lockfile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
marker="$here/node_modules/.package-lock.json"  # written by npm at the end of every install

for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "node/build.sh: $tool not found; run tests/interop/setup.sh" >&2; exit 1; }
done
if [[ -f "$marker" && ! "$here/package-lock.json" -nt "$marker" && ! "$here/package.json" -nt "$marker" ]]; then
    exit 0
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
touch "$marker"
echo "node/build.sh: installed packages in $here/node_modules"
