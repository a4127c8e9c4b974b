#!/usr/bin/env bash
# Installs everything the build, the tests and `make run` need, and nothing twice: Debian packages
# (as root; otherwise prints the command to run), npm packages from pinned lockfiles, and the
# NuGet packages of the solution. `--gpu` also installs ONNX Runtime's CUDA provider package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

gpu=0
[[ "${1:-}" == "--gpu" ]] && gpu=1

# The encoder's model building (Python with ONNX), the manifests check (kubectl), and the interop
# harness (Python, Go, Node).
apt_ensure python3-onnx python3-numpy kubectl
tests/interop/setup.sh
# The behaviour model's trainer (services/Encoder/BehaviourModel): torch for the system Python,
# OpenBLAS (Debian's default BLAS is the reference one, about 50x slower for training), pytest.
apt_ensure python3-torch python3-onnx python3-numpy python3-pytest libopenblas0-openmp
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

npm_ci_if_stale services/Shared/OnnxRuntime
npm_ci_if_stale services/Encoder/ModelBuilding
if [[ $gpu == 1 ]]; then
    npm_ci_if_stale services/Shared/OnnxRuntime/gpu
fi

marker=obj/.restore-stamp
if [[ ! -f $marker ]] || [[ -n "$(find . -name '*.csproj' -newer $marker -o -name 'Directory.*.props' -newer $marker | grep -v node_modules | head -1)" ]]; then
    dotnet restore Recommender.sln --nologo -v q
    mkdir -p obj && touch $marker
fi
