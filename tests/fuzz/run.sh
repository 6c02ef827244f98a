#!/usr/bin/env bash
# Fuzzes every libFuzzer target for a while (docs/testing.md "Fuzzing").
#
#   tests/fuzz/run.sh SECONDS [BUILD_DIR]
#
# BUILD_DIR (default build/fuzz) is any tree configured with -DSMESIM_FUZZ=ON: CI passes its
# sanitizer tree (Clang, ASan + UBSan, the test suite beside the targets). A BUILD_DIR not
# configured yet is configured for the targets alone (Clang, RelWithDebInfo at -O1, no tests).
# The targets run side by side, one process each, each for SECONDS on a copy of its seed
# corpus in BUILD_DIR/fuzz-out/<target>/ (the committed corpus is never written to). Exits
# non-zero if any target found a crash, leak, timeout or out-of-memory input, and prints its
# file. CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs; extra libFuzzer flags can be given
# in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-jobs=4 -workers=4").
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [BUILD_DIR]" >&2
  exit 2
fi
duration=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$root/build/fuzz}
fuzz_dir=$root/tests/fuzz
targets=(fuzz_scenario fuzz_study)

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DSMESIM_FUZZ=ON -DSMESIM_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
elif ! grep -q '^SMESIM_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "$0: $build is not configured with -DSMESIM_FUZZ=ON" >&2
  exit 2
fi
cmake --build "$build" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

fuzz() {  # fuzz TARGET: one libFuzzer process; its exit code is in fuzz-out/TARGET/exit_code
  local target=$1 out=$build/fuzz-out/$1 rc=0
  # shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
  "$build/tests/fuzz/$target" -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$fuzz_dir/yaml.dict" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/" ${FUZZ_FLAGS:-} "$out/corpus" >"$out/fuzz.log" 2>&1 || rc=$?
  echo "$rc" >"$out/exit_code"
}

pids=()
for target in "${targets[@]}"; do
  out=$build/fuzz-out/$target
  rm -rf "$out"
  mkdir -p "$out/corpus" "$out/artifacts"
  cp "$fuzz_dir/corpus/$target/"* "$out/corpus/"
  echo "== $target: ${duration} s, log in $out/fuzz.log"
  fuzz "$target" &
  pids+=($!)
done
# A Ctrl-C or a CI time-out stops the fuzzers too, not only this script.
trap 'kill "${pids[@]}" 2>/dev/null || true' INT TERM
wait "${pids[@]}" || true

status=0
for target in "${targets[@]}"; do
  out=$build/fuzz-out/$target
  rc=$(cat "$out/exit_code" 2>/dev/null || echo "missing")
  grep -E '^stat::number_of_executed_units' "$out/fuzz.log" | sed "s/^/$target: /" || true
  shopt -s nullglob
  findings=("$out"/artifacts/{crash,leak,timeout,oom}-*)
  shopt -u nullglob
  if [ "$rc" != 0 ] || [ ${#findings[@]} -gt 0 ]; then
    status=1
    echo "$target: FAILED (exit code $rc)" >&2
    # The report: from the first line of the sanitizer's or libFuzzer's message.
    awk '/terminate called|internal error|runtime error:|^==[0-9]+== ?ERROR|ALARM|out-of-memory/ {p = 1}
         p && n++ < 40' "$out/fuzz.log" >&2
    for f in "${findings[@]}"; do
      echo "$target: reproducer $f (run: $build/tests/fuzz/$target $f)" >&2
    done
  else
    echo "$target: ok"
  fi
done
exit "$status"
