# One image with every service, the encoder's models and the demo data tool. Build (needs network
# access to Debian and NuGet mirrors):
#   docker build --build-arg SDK_IMAGE=<a .NET 10 SDK image on Debian 12> \
#                --build-arg RUNTIME_IMAGE=<the matching ASP.NET Core 10 runtime image> -t recommender .
# Add --build-arg GPU=1 (and tag it latest-gpu) to ship ONNX Runtime's CUDA provider with the encoder;
# that image needs RUNTIME_IMAGE with the CUDA 13 runtime and cuDNN 9 libraries (or them installed on top).
# Run one service per container: the image's entry point is dotnet; pass the service's assembly
# (see k8s/base), e.g. `docker run recommender /app/gateway/Recommender.Gateway.dll`.
ARG SDK_IMAGE
ARG RUNTIME_IMAGE

FROM ${SDK_IMAGE} AS build
ARG GPU=0
WORKDIR /src
COPY . .
RUN services/Encoder/ModelBuilding/build_models.sh /out/models \
 && for p in services/Encoder services/CandidateRetrieval services/InterestModel services/Ranking gateway gateway/DemoData; do \
      name=$(basename "$p" | sed 's/CandidateRetrieval/candidate-retrieval/; s/InterestModel/interest-model/; s/Encoder/encoder/; s/Ranking/ranking/; s/DemoData/demo-data/'); \
      dotnet publish "$p" -c Release -o "/out/$name" --nologo $(if [ "$GPU" = "1" ]; then echo -p:OnnxRuntimeCuda=true; fi); \
    done

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /out /app
USER 65532
ENTRYPOINT ["dotnet"]
