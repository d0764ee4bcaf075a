# chaosrun — build, test and run. `make run` and `make test` are the two commands a fresh
# Debian machine needs; both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)/chaosrun
APT_PACKAGES := librdkafka-dev libyaml-dev kcat stress-ng pkg-config
SCENARIO ?= scenarios/cascade.chaos

.PHONY: deps build release test run lint-scenarios fuzz benchmark clean

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

benchmark: deps
	./bench/run.sh

clean:
	rm -rf .build
