#!/usr/bin/env bash
# One-step set-up for smesim on Debian 12 (run as root, or with sudo available).
#
#   ./setup.sh run [smesim run options]   install what is missing, build (Release), run the
#                                         default forecast
#   ./setup.sh test                       install what is missing (also Chromium for the
#                                         report's browser test), check the formatting
#                                         (clang-format-14), build and run the whole
#                                         test suite: Release with warnings as errors (with
#                                         the browser tests), then one Clang build with
#                                         AddressSanitizer + UBSan that runs the suite again
#                                         and each fuzz target for 60 s (libFuzzer;
#                                         SMESIM_FUZZ_SECONDS changes it). Ends with every
#                                         stage's wall time and each test stage's ten slowest
#                                         test cases (docs/testing.md "CI").
#
# Both are idempotent: a second call only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(g++ cmake ninja-build git pkg-config libtbb-dev libyaml-cpp-dev catch2 libcli11-dev
          libfmt-dev nlohmann-json3-dev libeigen3-dev
          # Studies over MPI ranks (docs/cluster.md): the compiler wrappers and mpirun.
          libopenmpi-dev openmpi-bin
          # The Python module (docs/python.md), for Debian's /usr/bin/python3.
          python3 python3-dev pybind11-dev python3-numpy python3-pandas python3-tqdm
          # results.xlsx (docs/outputs.md).
          libxlsxwriter-dev)
# Only the tests need a browser: the report's end-to-end test opens report.html in headless
# Chromium and decodes its screenshot with libpng; the fonts make its text render anywhere.
TEST_PACKAGES=(chromium fonts-dejavu-core libpng-dev clang-format-14 python3-pytest python3-matplotlib
               # The workbook's test reads results.xlsx back (tests/io/workbook_test.py).
               python3-openpyxl)
# The sanitizer build and its fuzz targets (tests/fuzz, docs/testing.md) need Clang and its
# sanitizer and libFuzzer runtimes.
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# Every C++ file of the project (not build/) as the root .clang-format lays it out.
FORMAT_FOLDERS=(src include tests bench python)
FUZZ_SECONDS=${SMESIM_FUZZ_SECONDS:-60}
# A fixed seed makes the test suite's fuzzing repeat the same inputs, so that a red CI run
# means the change broke something; exploring new inputs is the job of long runs by hand
# (docs/testing.md "Fuzzing"). SMESIM_FUZZ_SEED=0 lets libFuzzer pick one.
FUZZ_SEED=${SMESIM_FUZZ_SEED:-1}
JOBS=$(nproc 2>/dev/null || echo 2)

install_missing() {  # install_missing PACKAGE...
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

check_format() {  # fails listing each file clang-format would change
  local folders=() d
  for d in "${FORMAT_FOLDERS[@]}"; do [ -d "$d" ] && folders+=("$d"); done
  find "${folders[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print0 |
    xargs -0 clang-format-14 --dry-run -Werror
}

configure() {  # configure DIR BUILD_TYPE [extra cmake args]
  local dir=$1 type=$2
  shift 2
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DSMESIM_WERROR=ON "$@"
  fi
}

# The sanitizer tree (docs/testing.md "CI"): Clang, AddressSanitizer + UndefinedBehaviorSanitizer
# over the test suite and, in the same objects, the fuzz targets; Clang's warnings are errors
# too. Debug (no NDEBUG) keeps the checks only debug builds make (every replication's results
# are checked to be finite, src/engine/replication.cpp); -O1 makes the instrumented code
# several times faster than -O0 at the same checks.
configure_sanitize() {  # configure_sanitize DIR
  # A tree of the earlier GCC sanitizer build is configured afresh for Clang.
  local fresh=()
  [ -f "$1/CMakeCache.txt" ] && ! grep -q '^SMESIM_FUZZ:BOOL=ON' "$1/CMakeCache.txt" && fresh=(--fresh)
  if [ ! -f "$1/CMakeCache.txt" ] || ((${#fresh[@]} > 0)); then
    CC=clang CXX=clang++ cmake "${fresh[@]}" -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DSMESIM_SANITIZE=ON -DSMESIM_FUZZ=ON \
      -DSMESIM_BROWSER_TESTS=OFF -DSMESIM_WERROR=ON
  fi
}

# Stage timing: every stage of `test` records its wall time; the table is printed at the end
# (also when a stage fails), with the ten slowest test cases of each test stage, so that
# growth is seen when it happens (docs/testing.md "CI" holds the budget per stage).
STAGE_NAMES=()
STAGE_SECONDS=()
JUNIT_FILES=()
now() { date +%s.%N; }
stage() {  # stage NAME COMMAND...: runs COMMAND and records its wall time under NAME
  local name=$1 start rc=0
  shift
  echo "== stage: $name" >&2
  start=$(now)
  "$@" || rc=$?
  STAGE_NAMES+=("$name")
  STAGE_SECONDS+=("$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.0f", b - a}')")
  ((rc == 0)) || echo "== stage failed: $name (exit code $rc)" >&2
  return "$rc"
}
print_stage_times() {
  local i total=0
  ((${#STAGE_NAMES[@]} > 0)) || return 0
  echo
  echo "Stage times (wall seconds):"
  for i in "${!STAGE_NAMES[@]}"; do
    printf '  %-22s %6s\n' "${STAGE_NAMES[$i]}" "${STAGE_SECONDS[$i]}"
    total=$((total + STAGE_SECONDS[i]))
  done
  printf '  %-22s %6s\n' total "$total"
  for i in "${JUNIT_FILES[@]}"; do
    [ -f "$i" ] && /usr/bin/python3 tests/slowest_tests.py "$i" 10
  done
  return 0
}
run_ctest() {  # run_ctest BUILD_DIR: the whole suite on every core, its timings in ctest.xml
  local junit=$PWD/$1/ctest.xml
  JUNIT_FILES+=("$junit")
  ctest --test-dir "$1" --output-on-failure -j "$JOBS" --output-junit "$junit"
}

mode=${1:-}
shift || true
case "$mode" in
  run)
    install_missing "${PACKAGES[@]}"
    configure build/release Release
    targets=(smesim)
    # The Python module too (docs/python.md), when pybind11 was found.
    grep -q '^SMESIM_PYTHON:BOOL=ON' build/release/CMakeCache.txt && targets+=(smesim_python)
    cmake --build build/release --target "${targets[@]}" -j "$JOBS"
    exec build/release/smesim run "$@"
    ;;
  test)
    trap print_stage_times EXIT
    stage install install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}"
    stage format check_format
    stage "release configure" configure build/release Release
    stage "release build" cmake --build build/release -j "$JOBS"
    stage "release test" run_ctest build/release
    stage "sanitize configure" configure_sanitize build/sanitize
    stage "sanitize build" cmake --build build/sanitize -j "$JOBS"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      stage "sanitize test" run_ctest build/sanitize
    # Each libFuzzer target for FUZZ_SECONDS (60 s by default) from its seed corpus, both at
    # once (one core each), in the sanitizer tree's objects.
    CMAKE_BUILD_PARALLEL_LEVEL=$JOBS FUZZ_FLAGS="-seed=$FUZZ_SEED ${FUZZ_FLAGS:-}" \
      stage fuzz tests/fuzz/run.sh "$FUZZ_SECONDS" build/sanitize
    ;;
  *)
    echo "usage: ./setup.sh run [smesim run options] | ./setup.sh test" >&2
    exit 2
    ;;
esac
