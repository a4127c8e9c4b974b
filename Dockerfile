# One image with every service, the default model and the demo data tool. Build (needs network
# access to Debian, npm and NuGet mirrors):
#   docker build --build-arg SDK_IMAGE=<a .NET 10 SDK image on Debian 12> \
#                --build-arg RUNTIME_IMAGE=<the matching ASP.NET Core 10 runtime image> -t recommender .
# Add --build-arg GPU=1 (and tag it latest-gpu) for ONNX Runtime's CUDA provider.
# Run one service per container: the image's entry point is dotnet; pass the service's assembly
# (see k8s/base), e.g. `docker run recommender /app/gateway/Recommender.Gateway.dll`.
ARG SDK_IMAGE
ARG RUNTIME_IMAGE

FROM ${SDK_IMAGE} AS build
ARG GPU=0
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends make nodejs npm python3-onnx python3-numpy && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --prefix services/Shared/OnnxRuntime --no-audit --no-fund \
 && npm ci --prefix services/Encoder/ModelBuilding --no-audit --no-fund \
 && if [ "$GPU" = "1" ]; then npm ci --prefix services/Shared/OnnxRuntime/gpu --no-audit --no-fund; fi \
 && services/Encoder/ModelBuilding/build_models.sh /out/models glove-100d \
 && for p in services/Encoder services/CandidateRetrieval services/InterestModel services/Ranking services/RankingTrainer gateway gateway/DemoData; do \
      name=$(basename "$p" | sed 's/CandidateRetrieval/candidate-retrieval/; s/InterestModel/interest-model/; s/Encoder/encoder/; s/RankingTrainer/ranking-trainer/; s/Ranking/ranking/; s/DemoData/demo-data/'); \
      dotnet publish "$p" -c Release -o "/out/$name" --nologo; \
    done

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /out /app
USER 65532
ENTRYPOINT ["dotnet"]
