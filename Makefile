# The README's commands. `make run` and `make test` install what is missing first.
#   make run    build (release) and start the server on ./data with a demo company
#   make test   every test: unit (sanitizers on), both databases, API, browser
#   make build  release build, binary at build/keel
#   make web    the browser app, into web/dist
#   make bench  benchmarks (print numbers, assert nothing)

JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DB ?= sqlite:data/keel.db

.PHONY: run test build build-debug web deps deps-test bench clean

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@cp build/release/src/app/keel build/keel
	@echo "built build/keel"

build-debug: deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

web: deps
	@scripts/web-build.sh

run: build web
	@mkdir -p data
	@exec build/keel serve --db $(DB) --listen $(LISTEN) --demo --web-dir web/dist

test: deps-test
	@scripts/test.sh

bench: build deps-test
	@bench/run.sh

clean:
	rm -rf build
