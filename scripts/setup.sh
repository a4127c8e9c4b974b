#!/usr/bin/env bash
# Installs everything the build, the tests and `make run` need, and nothing twice: Debian packages
# (as root; otherwise prints the command to run), npm packages from pinned lockfiles, and the
# NuGet packages of the solution. ONNX Runtime comes from NuGet (Microsoft.ML.OnnxRuntime.Gpu, CPU
# and CUDA in one package); `--gpu` only says what a GPU node needs besides it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

gpu=0
[[ "${1:-}" == "--gpu" ]] && gpu=1

# The manifests check (kubectl, PyYAML), the shared-store tests (redis-server), and the interop harness
# (Python, Go, Node).
apt_ensure kubectl python3-yaml redis-server
# The load checks and the hop comparison: nginx (grpc_pass, proxy_pass) as the reference proxy, jq and curl.
apt_ensure nginx jq curl
# The dashboard's browser test drives Debian's Chromium (playwright-core cannot download a browser here).
apt_ensure chromium
tests/interop/setup.sh
# The behaviour model's trainer (services/Encoder/BehaviourModel): torch for the system Python,
# OpenBLAS (Debian's default BLAS is the reference one, about 50x slower for training), pytest.
apt_ensure python3-torch python3-onnx python3-numpy python3-pytest libopenblas0-openmp
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

npm_ci_if_stale gateway/Dashboard
if [[ $gpu == 1 ]]; then
    echo "setup: GPU build: the encoder ships ONNX Runtime's CUDA provider (make build GPU=1); the node needs the"
    echo "       NVIDIA driver, the CUDA 13 runtime (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10) and cuDNN 9 (libcudnn.so.9)"
fi

marker=obj/.restore-stamp
if [[ ! -f $marker ]] || [[ -n "$(find . -name '*.csproj' -newer $marker -o -name 'Directory.*.props' -newer $marker | grep -v node_modules | head -1)" ]]; then
    dotnet restore Recommender.sln --nologo -v q
    mkdir -p obj && touch $marker
fi
