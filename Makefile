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
GOTEST_FLAGS ?= -timeout 45m

.PHONY: all deps build run test vet lint-docker bench worker container dataflow flink clean

all: build

## deps: install the Debian packages the sandbox, the answer checker and the report test need, and the Go modules.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(GO) mod download

## build: build bin/arrows.
build:
	$(GO) build -o $(BIN) ./cmd/arrows

## run: generate a small corpus into ./out with the offline generator on the local runner (prism).
run: deps build
	$(BIN) generate --n $(N) --seed $(SEED) --out $(OUT) --overwrite

## test: run all tests (real Python+SymPy, prism, fake-gcs-server, the OpenAI-compatible test server).
test: deps vet
	$(GO) test $(GOTEST_FLAGS) ./...

## lint-docker: check runners/Dockerfile's syntax (no Docker engine needed; uses npm's dockerfile-utils).
lint-docker:
	@if command -v npx >/dev/null 2>&1; then npx --yes dockerfile-utils@0.16.3 lint runners/Dockerfile && echo "runners/Dockerfile: ok"; \
	else echo "npx not found: skipping the Dockerfile lint"; fi

vet:
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet ./...

## bench: run the benchmarks; results (with ratios against same-run baselines) go to bench/results.txt.
bench: deps
	@mkdir -p bench
	$(GO) test -run '^$$' -bench . -timeout 60m ./... 2>&1 | tee bench/results.txt

## worker: cross-compile the Beam worker binary for Dataflow/Flink (linux/amd64, no cgo).
worker:
	GOOS=linux GOARCH=amd64 CGO_ENABLED=0 $(GO) build -trimpath -o $(WORKER) ./cmd/arrows

## container: build and push the worker image (needs a Docker engine): make container IMAGE=gcr.io/PROJECT/arrows-worker:TAG
container: worker
	@test -n "$(IMAGE)" || { echo "set IMAGE=registry/name:tag"; exit 2; }
	docker build -f runners/Dockerfile -t $(IMAGE) .
	docker push $(IMAGE)

## dataflow: run generate on Dataflow: make dataflow PROJECT=p REGION=r BUCKET=b [IMAGE=…] [N=…]
dataflow: build worker
	@test -n "$(PROJECT)" -a -n "$(REGION)" -a -n "$(BUCKET)" || { echo "set PROJECT, REGION and BUCKET"; exit 2; }
	$(BIN) generate --runner=dataflow --project=$(PROJECT) --region=$(REGION) \
		--staging_location=gs://$(BUCKET)/staging --temp_location=gs://$(BUCKET)/tmp \
		--worker_binary=$(WORKER) $(if $(IMAGE),--sdk_container_image=$(IMAGE)) \
		--n $(N) --seed $(SEED) --out gs://$(BUCKET)/arrows/out

## flink: run generate on a Beam Flink job server: make flink ENDPOINT=host:8099 [ENV=DOCKER] [OUT=gs://…]
flink: build worker
	@test -n "$(ENDPOINT)" || { echo "set ENDPOINT=host:8099 (the Beam Flink job server)"; exit 2; }
	$(BIN) generate --runner=flink --endpoint=$(ENDPOINT) --environment_type=$(or $(ENV),DOCKER) \
		$(if $(IMAGE),--environment_config=$(IMAGE)) --worker_binary=$(WORKER) \
		--n $(N) --seed $(SEED) --out $(OUT)

clean:
	rm -rf bin out bench
