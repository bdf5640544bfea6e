# arrows — verified math-reasoning data synthesis.
# `make run` and `make test` work on a fresh Debian machine with Go 1.26 (run as root or with sudo).

GO        ?= go
BIN       ?= bin/arrows
WORKER    ?= bin/arrows-worker-linux-amd64
OUT       ?= ./out
N         ?= 200
SEED      ?= 1
APT_PKGS  := python3 python3-sympy python3-numpy python3-gmpy2 python3-antlr4 chromium
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GOTEST_FLAGS ?= -timeout 20m
GOTEST_ALL_FLAGS ?= -timeout 45m
# npm's hyparquet reads exported Parquet files back in the tests (an independent reader).
HYPARQUET_VERSION := 1.31.5
HYPARQUET_DIR     ?= $(CURDIR)/.cache/hyparquet
export ARROWS_HYPARQUET_DIR := $(if $(wildcard $(HYPARQUET_DIR)/node_modules/hyparquet/package.json),$(HYPARQUET_DIR),)

.PHONY: all deps deps-js build run test test-all test-e2e vet tidy-check lint-docker bench bench-pipeline eval-verifier eval-offline worker container dataflow flink clean

all: build

## deps: install the Debian packages the sandbox, the answer checker and the report test need, and the Go modules.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(GO) mod download

## deps-js: install npm's hyparquet (the export tests' independent Parquet reader) into $(HYPARQUET_DIR).
deps-js:
	npm install --prefix $(HYPARQUET_DIR) --no-audit --no-fund --loglevel=error hyparquet@$(HYPARQUET_VERSION)

## build: build bin/arrows.
build:
	$(GO) build -o $(BIN) ./cmd/arrows

## run: generate a small corpus into ./out with the offline generator on the local runner (prism).
run: deps build
	$(BIN) generate --n $(N) --seed $(SEED) --out $(OUT) --overwrite

## test: gofmt and go vet, then the tests of every package but the end-to-end suites: unit tests
## (real Python+SymPy sandbox, the OpenAI-compatible test server), the stage tests of transforms
## (prism) and a fast end-to-end subset (pipeline: small generate and verify jobs with golden
## files; cmd/arrows: the command line, a Dataflow dry run, a job server).
E2E_PKGS := ./pipeline/llme2e ./pipeline/verifye2e ./pipeline/gcse2e ./pipeline/dedupe2e ./pipeline/seedse2e
test: deps vet
	$(GO) test $(GOTEST_FLAGS) $$($(GO) list ./... | grep -v '/pipeline/[a-z]*e2e$$')

## test-all: every test, the end-to-end suites included.
test-all: deps vet
	$(GO) test $(GOTEST_ALL_FLAGS) ./...

## test-e2e: only the end-to-end suites (LLM backend, re-verification, GCS and runners, dedup and
## decontamination, seeds pathway).
test-e2e: deps
	$(GO) test $(GOTEST_ALL_FLAGS) $(E2E_PKGS)

## lint-docker: check runners/Dockerfile's syntax (no Docker engine needed; uses npm's dockerfile-utils).
lint-docker:
	@if command -v npx >/dev/null 2>&1; then npx --yes dockerfile-utils@0.16.3 lint runners/Dockerfile && echo "runners/Dockerfile: ok"; \
	else echo "npx not found: skipping the Dockerfile lint"; fi

## vet: gofmt and go vet.
vet:
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet ./...

## tidy-check: fail when `go mod tidy` would change go.mod or go.sum.
tidy-check:
	$(GO) mod tidy -diff

## bench: run the benchmarks; results (with ratios against same-run baselines) go to bench/results.txt.
bench: deps
	@mkdir -p bench
	$(GO) test -p 1 -run '^$$' -bench . -timeout 60m ./... 2>&1 | tee bench/results.txt

## bench-pipeline: `arrows generate` end to end (offline, local runner) at BENCH_N seeds and 10 × BENCH_N
## (separate processes): seeds/s, accepted/s, peak RSS at each size and their ratio, the stage-time
## breakdown, and the sandbox-bound ceiling measured in the same run; the report goes to bench/pipeline.txt.
BENCH_N ?= 500
bench-pipeline: build
	@mkdir -p bench
	ARROWS_BENCH_BIN=$(CURDIR)/$(BIN) ARROWS_BENCH_N=$(BENCH_N) $(GO) test -run '^$$' -bench BenchmarkGeneratePipeline \
		-benchtime 1x -timeout 300m ./internal/pipebench 2>&1 | tee bench/pipeline.txt

## eval-verifier: measure the verifier (a measurement, not part of make test; about 5 minutes on 2 cores):
## corruptions of freshly generated triples, the labelled consistency set and answer pairs, GSM8K and
## MATH500 against their own solutions. Prints precision and recall per category and each target,
## met or NOT met; exits non-zero if a target is not met. EVAL_FLAGS passes flags (e.g. -show 30).
EVAL_FLAGS ?=
eval-verifier: deps
	$(GO) run ./cmd/eval-verifier $(EVAL_FLAGS)

## eval-offline: measure the offline generator end to end without Beam (sampler, generator, real
## sandbox pool, translator, verifier) over EVAL_SEEDS seeds and check its targets: a part's result
## feeds another in >= 70% of multi-topic programs, plain sums <= 15%, values that reach neither the
## answer nor an assert <= 5%, no text-lint finding, >= 190 topics, acceptance >= 90%; prints
## distinct-2 and the near-duplicate rate. EVAL_DUMP=file also writes every row.
EVAL_SEEDS ?= 2000
EVAL_SEED  ?= 5
eval-offline:
	$(GO) test -count=1 -run '^TestEvalOffline$$' -v -timeout 90m ./internal/offline/eval \
		-args -eval.seeds=$(EVAL_SEEDS) -eval.runseed=$(EVAL_SEED) $(if $(EVAL_DUMP),-eval.dump=$(abspath $(EVAL_DUMP)))

## worker: cross-compile the Beam worker binary for Dataflow/Flink (linux/amd64, no cgo).
worker:
	GOOS=linux GOARCH=amd64 CGO_ENABLED=0 $(GO) build -trimpath -o $(WORKER) ./cmd/arrows

## container: build and push the worker image (needs a Docker engine): make container IMAGE=gcr.io/PROJECT/arrows-worker:TAG
container: worker
	@test -n "$(IMAGE)" || { echo "set IMAGE=registry/name:tag"; exit 2; }
	docker build -f runners/Dockerfile -t $(IMAGE) .
	docker push $(IMAGE)

## dataflow: run generate on Dataflow (checks its variables first, then builds bin/arrows and the worker):
##   make dataflow PROJECT=p REGION=r BUCKET=b IMAGE=registry/arrows-worker:tag [N=…] [SEED=…] [MAX_WORKERS=…] [GCS_OUT=gs://…]
MAX_WORKERS ?= 10
dataflow:
	@missing="$(if $(PROJECT),,PROJECT )$(if $(REGION),,REGION )$(if $(BUCKET),,BUCKET )$(if $(IMAGE),,IMAGE )"; \
	if [ -n "$$missing" ]; then \
		echo "make dataflow: set $$missing"; \
		echo "  PROJECT  your GCP project id          REGION  e.g. us-central1"; \
		echo "  BUCKET   a GCS bucket name (no gs://)  IMAGE   the arrows worker image (make container IMAGE=…)"; \
		echo "  e.g. make dataflow PROJECT=my-project REGION=us-central1 BUCKET=my-bucket IMAGE=us-central1-docker.pkg.dev/my-project/arrows/worker:v1"; \
		exit 2; fi
	@$(MAKE) --no-print-directory build worker
	$(BIN) generate --runner=dataflow --project=$(PROJECT) --region=$(REGION) \
		--staging_location=gs://$(BUCKET)/staging --temp_location=gs://$(BUCKET)/tmp \
		--worker_binary=$(WORKER) --sdk_container_image=$(IMAGE) --max_num_workers=$(MAX_WORKERS) \
		--n $(N) --seed $(SEED) --out $(or $(GCS_OUT),gs://$(BUCKET)/arrows/out)

## flink: run generate on a Beam Flink job server (checks its variables first, then builds):
##   make flink ENDPOINT=host:8099 IMAGE=registry/arrows-worker:tag OUT=gs://bucket/prefix [FLINK_ENV=DOCKER|EXTERNAL|PROCESS|LOOPBACK] [ENV_CONFIG=…] [PARALLELISM=…]
FLINK_ENV   ?= DOCKER
PARALLELISM ?= -1
flink:
	@test -n "$(ENDPOINT)" || { echo "make flink: set ENDPOINT=HOST:8099 (the Beam Flink job server's job port, not Flink's REST port 8081)"; exit 2; }
	@case "$(FLINK_ENV)" in \
	LOOPBACK) ;; \
	DOCKER) test -n "$(or $(ENV_CONFIG),$(IMAGE))" || { echo "make flink: FLINK_ENV=DOCKER needs IMAGE=<the arrows worker image> (make container IMAGE=…)"; exit 2; } ;; \
	EXTERNAL) test -n "$(ENV_CONFIG)" || { echo "make flink: FLINK_ENV=EXTERNAL needs ENV_CONFIG=HOST:50000 (a worker pool: the arrows image run with --worker_pool)"; exit 2; } ;; \
	PROCESS) test -n "$(ENV_CONFIG)" || { echo 'make flink: FLINK_ENV=PROCESS needs ENV_CONFIG={"command":"/opt/apache/beam/boot"} (boot on every task manager)'; exit 2; } ;; \
	*) echo "make flink: FLINK_ENV must be DOCKER, EXTERNAL, PROCESS or LOOPBACK, not $(FLINK_ENV)"; exit 2 ;; \
	esac
	@$(MAKE) --no-print-directory build $(if $(filter LOOPBACK,$(FLINK_ENV)),,worker)
	$(BIN) generate --runner=flink --endpoint=$(ENDPOINT) --environment_type=$(FLINK_ENV) \
		$(if $(filter LOOPBACK,$(FLINK_ENV)),,--environment_config='$(or $(ENV_CONFIG),$(IMAGE))' --worker_binary=$(WORKER)) \
		--parallelism=$(PARALLELISM) --n $(N) --seed $(SEED) --out $(OUT)

clean:
	rm -rf bin out bench
