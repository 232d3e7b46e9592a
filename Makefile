# Thin wrapper over CMake so that `make` and `make test` do what DESIGN.md promises.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory

.PHONY: all test asan clean setup demo bench

all: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

test: all
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCW_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The benchmark programs (build/bench/); they print figures when run by hand
# (bench/README.md), never from `make test`.
bench: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS) --target $$(cd bench && ls bench_*.c | sed 's/\.c$$//')
	@echo "built in $(BUILD)/bench: $$(cd bench && ls bench_*.c | sed 's/\.c$$//' | tr '\n' ' ')"

setup:
	@scripts/setup.sh

demo: all
	@scripts/demo.sh

clean:
	rm -rf $(BUILD) build-asan
