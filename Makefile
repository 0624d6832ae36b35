# bsyn — the two commands a user needs:
#   make demo   set up, build (Release) and run the main job
#   make test   set up, build, run every test, then again under ASan+UBSan
#   make fuzz   the file readers' libFuzzer harnesses, FUZZ_SECONDS (20) each (tests/fuzz)
# Everything is built under build/ (Release), build-asan/ (sanitizers) and build-fuzz/ (clang).

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN := -G Ninja

.PHONY: all setup build build-asan demo test test-release test-asan fuzz bench clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B build $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build -j $(JOBS)

build-asan: setup
	@cmake -S . -B build-asan $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DBSYN_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)

demo: build
	@bash scripts/demo.sh build

test-release: build
	@cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --output-on-failure -j $(JOBS)

test: test-release test-asan

FUZZ_SECONDS ?= 20
fuzz: setup
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) bash scripts/fuzz.sh

bench: build
	@bash bench/run_all.sh build

clean:
	rm -rf build build-asan build-fuzz out
