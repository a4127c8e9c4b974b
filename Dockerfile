# The images of the cluster, one per hardware kind, each with every service, the default encoder
# model and the demo data tool. No container engine runs in this repository's CI, so
# tests/k8s/check_manifests.py reads this file and checks it against the projects and k8s/.
#
#   docker build --build-arg SDK_IMAGE=<.NET 10 SDK image on Debian 12> \
#                --build-arg RUNTIME_IMAGE=<the matching ASP.NET Core 10 runtime image> \
#                --target cpu -t recommender .
#   docker build --build-arg SDK_IMAGE=... --build-arg RUNTIME_IMAGE=... \
#                --build-arg CUDA_IMAGE=<NVIDIA's CUDA 13 runtime image with cuDNN 9, e.g. tag 13.0.2-cudnn-runtime-ubuntu24.04> \
#                --target gpu -t recommender-gpu .
#
# Run one service per container (the entry point is dotnet; k8s/base passes each service's
# assembly), e.g. `docker run recommender /app/gateway/Recommender.Gateway.dll`. The build needs
# the Debian, npm and NuGet package mirrors; running needs nothing from outside.
ARG SDK_IMAGE
ARG RUNTIME_IMAGE
ARG CUDA_IMAGE

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# grpc-proto: the interop test service's .proto files that services/Shared/Contracts compiles.
# nodejs, npm: the dashboard's TypeScript build. The encoder's models come from NuGet packages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends grpc-proto nodejs npm \
 && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --prefix gateway/Dashboard --no-audit --no-fund \
 && services/Encoder/ModelBuilding/build_models.sh /out/models \
 && dotnet publish services/Encoder -c Release -o /out/encoder --nologo \
 && dotnet publish services/CandidateRetrieval -c Release -o /out/candidate-retrieval --nologo \
 && dotnet publish services/InterestModel -c Release -o /out/interest-model --nologo \
 && dotnet publish services/Ranking -c Release -o /out/ranking --nologo \
 && dotnet publish gateway -c Release -o /out/gateway --nologo \
 && dotnet publish gateway/DemoData -c Release -o /out/demo-data --nologo \
 && dotnet publish services/RankingTrainer -c Release -o /out/ranking-trainer --nologo

# The encoder again, with ONNX Runtime's CUDA provider.
FROM build AS build-gpu
RUN dotnet publish services/Encoder -c Release -o /out/encoder --nologo -p:OnnxRuntimeCuda=true

FROM ${RUNTIME_IMAGE} AS cpu
WORKDIR /app
COPY --from=build /out /app
USER 65532:65532
ENTRYPOINT ["dotnet"]

# CUDA 13 and cuDNN 9 from NVIDIA's image, the .NET runtime from the ASP.NET Core image.
FROM ${CUDA_IMAGE} AS gpu
COPY --from=cpu /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates $(apt-cache search --names-only '^libicu[0-9]+$' | cut -d' ' -f1 | head -1) \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build-gpu /out /app
USER 65532:65532
ENTRYPOINT ["dotnet"]
