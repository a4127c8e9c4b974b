#!/usr/bin/env bash
# Installs the Node client's packages from the pinned package-lock.json (npm ci). Quick no-op when
# node_modules is newer than the lockfile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../../../scripts/lib.sh"
npm_ci_if_stale "$here"
