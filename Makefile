# chaosrun — build, test and run. `make run` and `make test` are the two commands a fresh
# Debian machine needs; both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)/chaosrun
APT_PACKAGES := librdkafka-dev libyaml-dev kcat stress-ng pkg-config nftables iptables
SCENARIO ?= scenarios/cascade.chaos

.PHONY: deps build release test run lint-scenarios fuzz benchmark benchmark-ci test-chaos chaos-test-ci soak clean

## deps: install the Debian packages chaosrun needs (idempotent; fast when present)
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## build: compile everything (debug by default; CONFIG=release for speed)
build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(MAKE) build CONFIG=release

## test: deps + build + every test (one build reused by all test steps). Tests run one at a time:
## several of them start Kafka clusters and engine processes, and two cores shared between them
## would turn timing criteria into noise.
test: deps
	$(SWIFT) build --build-tests
	CHAOSRUN_BIN=$(CURDIR)/.build/debug/chaosrun $(SWIFT) test --skip-build --no-parallel
	@if [ -x tests/run-extra.sh ]; then CHAOSRUN_BIN=$(CURDIR)/.build/debug/chaosrun tests/run-extra.sh; fi

## run: deps + build + run the cascade scenario on the embedded default (no setup, no root)
run: build
	$(BIN) run $(SCENARIO)

## lint-scenarios: lint every shipped scenario
lint-scenarios: build
	$(BIN) lint scenarios/

## fuzz: run the libFuzzer target over parser and checker (FUZZ_SECONDS, default 60)
fuzz: deps
	./fuzz/run.sh $${FUZZ_SECONDS:-60}

BENCH_BIN := .build/release/chaosrun
BENCH_OUT ?= bench-results
BENCH_BASELINE ?= bench/baseline

.PHONY: benchmark benchmark-ci test-chaos chaos-test-ci

## benchmark: every bench suite in a release build (results in $(BENCH_OUT)/: report.html, summary.md,
## results.json), then every side-by-side benchmark script in bench/ (TDA vs GUDHI/ripser, engine vs
## raw librdkafka, Kafka layer, generators, lint)
benchmark: deps
	$(SWIFT) build -c release --product chaosrun
	$(BENCH_BIN) bench --all-suites --output $(BENCH_OUT) $(BENCH_ARGS)
	./bench/run.sh

## benchmark-ci: the CI gate: fails when a median is >10 % slower than bench/baseline and the test says it is not noise
benchmark-ci: deps
	$(SWIFT) build -c release --product chaosrun
	$(BENCH_BIN) bench --suite streaming_tda --benchmark small --benchmark medium --ci-mode --fail-on-regression \
	  --tolerance 10 --baseline $(BENCH_BASELINE) --output $(BENCH_OUT) $(BENCH_ARGS)

## test-chaos: run every shipped scenario but the one-hour soak on the embedded cluster (reports under chaos-results/)
test-chaos: build
	@status=0; for s in $$(ls scenarios/*.chaos | grep -v soak); do \
	  echo "== $$s"; $(BIN) run "$$s" --report-dir chaos-results/$$(basename $$s .chaos) || status=1; \
	done; exit $$status

## chaos-test-ci: the same for CI: verdicts only, reports (junit.xml, summary.md) in chaos-results/, exit 1 if any scenario failed
chaos-test-ci: build
	@status=0; for s in $$(ls scenarios/*.chaos | grep -v soak); do \
	  $(BIN) run "$$s" --quiet --report-dir chaos-results/$$(basename $$s .chaos) || status=1; \
	done; exit $$status

## soak: the one-hour leak-detection scenario
soak: build
	$(BIN) run scenarios/soak.chaos --report-dir chaos-results/soak

clean:
	rm -rf .build
