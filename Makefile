# Thin wrapper over CMake so that `make` and `make test` do what DESIGN.md promises.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all test asan conversion clean setup demo bench install uninstall

all: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

test: all
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Installs the CLI, libcrosswire (shared and static), crosswire.h, crosswire.pc,
# the SQLite extension crosswire_fts and the man pages under DESTDIR/PREFIX.
install: all
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# Removes what the last install put there (build/install_manifest.txt, which
# lists paths without DESTDIR: give the same DESTDIR as to make install).
uninstall:
	@test -f $(BUILD)/install_manifest.txt || { echo "nothing installed from $(BUILD)"; exit 1; }
	@while IFS= read -r f || [ -n "$$f" ]; do rm -f "$(DESTDIR)$$f" && echo "-- Removed: $(DESTDIR)$$f"; done < $(BUILD)/install_manifest.txt
	@grep '/crosswire/crosswire_fts' $(BUILD)/install_manifest.txt | while IFS= read -r f || [ -n "$$f" ]; do rmdir "$(DESTDIR)$$(dirname "$$f")" 2>/dev/null || true; done
	@rm -f $(BUILD)/install_manifest.txt

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

# The modules of src/ built again with -Wconversion (build-conversion/); prints
# the warnings and their count. docs/modules.md says which stay and why.
conversion:
	@cmake -S . -B build-conversion $(CMAKE_FLAGS) -DCW_CONVERSION=ON >/dev/null
	@cmake --build build-conversion -j $(JOBS) --target cw_engine --clean-first 2>&1 | tee build-conversion/warnings.log | grep -E 'warning:|note:' -A2 || true
	@echo "-Wconversion warnings in src/: $$(grep -c 'warning:.*-W[a-z-]*conversion' build-conversion/warnings.log)"

setup:
	@scripts/setup.sh

demo: all
	@scripts/demo.sh

clean:
	rm -rf $(BUILD) build-asan build-conversion
