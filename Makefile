# The two commands of the quick start: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
DATA ?= data
PORT ?= 8080

.PHONY: all deps build run test clean format

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	cd web && npm run build --silent

# Sets up, builds, loads the Dongyang demo once (a second run keeps the data
# it finds), and serves on http://127.0.0.1:$(PORT).
run: build
	$(BUILD)/wangge init --demo dongyang --if-empty --data $(DATA)
	$(BUILD)/wangge serve --data $(DATA) --port $(PORT)

# Every test, with a throwaway PostgreSQL server for the backend contract.
test: build
	scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
