#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...] - the long fuzzing run.
#
# Builds the libFuzzer targets (clang, AddressSanitizer + UBSan, in
# build-asan at the top of the tree, configured as tests/run.sh configures
# it) if they are missing or stale, then runs
# each (or only the TARGETs named: fuzz_frame fuzz_envelope fuzz_holidays
# fuzz_config) for SECONDS (default 600) on a copy of its seed corpus in
# tests/fuzz/corpus/. tests/run.sh runs the same targets for 15 s each
# through ctest (label fuzz). A crash stops the run with its input kept.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
((${#targets[@]} > 0)) || targets=(fuzz_frame fuzz_envelope fuzz_holidays fuzz_config)

build=$root/build-asan
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTD_SANITIZE=ON \
  -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
  echo "== $t, $seconds s"
  "$root/tests/fuzz/fuzz_one.sh" "$build/tests/$t" "$root/tests/fuzz/corpus/$t" "$seconds"
done
