#!/usr/bin/env bash
# Mutation check: applies each patch of tests/mutation/mutants/ to a copy of the source tree,
# rebuilds the test binary incrementally, runs the Catch2 suite and reports which mutants the
# suite kills. See tests/mutation/README.md.
#
#   tests/mutation/run.sh [--jobs N] [--filter REGEX] [--tests SPEC] [--timeout SECONDS]
#                         [--work DIR] [MUTANT...]
#
# Exit status: 0 if every selected mutant is killed, 1 if any survives or is broken, 2 for a
# usage error or when the unmutated suite does not pass.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: tests/mutation/run.sh [options] [MUTANT...]

  MUTANT            a patch of tests/mutation/mutants/: its file name, its name without
                    .patch, its number (07) or a path; default: every patch
  --filter REGEX    only mutants whose name matches REGEX (grep -E)
  --jobs N          build jobs (default: nproc)
  --tests SPEC      Catch2 test spec passed to smesim_tests (default: empty, the whole suite;
                    e.g. '~[cli]' leaves out the command-line tests)
  --timeout SECONDS time limit of one mutant's test run (default: 3 x the unmutated run + 60);
                    a run that exceeds it counts as killed (timeout)
  --work DIR        scratch folder (default: build/mutation); the copy of the tree is
                    DIR/tree, its build DIR/tree/build, logs DIR/logs
  -h, --help        this text
EOF
}

die() { echo "run.sh: $*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
filter=""
tests_spec=""
timeout_s=""
work="$root/build/mutation"
selected=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --filter) [ $# -ge 2 ] || die "--filter needs a value"; filter=$2; shift 2 ;;
    --filter=*) filter=${1#*=}; shift ;;
    --tests) [ $# -ge 2 ] || die "--tests needs a value"; tests_spec=$2; shift 2 ;;
    --tests=*) tests_spec=${1#*=}; shift ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs a value"; timeout_s=$2; shift 2 ;;
    --timeout=*) timeout_s=${1#*=}; shift ;;
    --work) [ $# -ge 2 ] || die "--work needs a value"; work=$2; shift 2 ;;
    --work=*) work=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; selected+=("$@"); break ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) selected+=("$1"); shift ;;
  esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
[ -z "$timeout_s" ] || [[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer"
for tool in cmake ninja patch timeout git cmp; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
mkdir -p "$work" || die "cannot create $work"
work=$(cd "$work" && pwd)
[ "$work" != "$root" ] || die "--work must not be the repository itself"
# A scratch folder inside the repository is left out of the copy.
inside=""
case "$work" in "$root"/*) inside=${work#"$root"/}/ ;; esac

mutants_dir="$root/tests/mutation/mutants"
tree="$work/tree"
build="$tree/build"
logs="$work/logs"
backup="$work/backup"

# --- the mutants -------------------------------------------------------------------------------
all=()
while IFS= read -r f; do all+=("$f"); done < <(find "$mutants_dir" -maxdepth 1 -name '*.patch' | sort)
[ ${#all[@]} -gt 0 ] || die "no patches in $mutants_dir"
chosen=()
if [ ${#selected[@]} -eq 0 ]; then
  chosen=("${all[@]}")
else
  for want in "${selected[@]}"; do
    match=""
    if [ -f "$want" ]; then
      match=$(cd "$(dirname "$want")" && pwd)/$(basename "$want")
    else
      for f in "${all[@]}"; do
        b=$(basename "$f" .patch)
        if [ "$b" = "$want" ] || [ "$b.patch" = "$want" ] || [ "${b%%-*}" = "$want" ]; then match=$f; fi
      done
    fi
    [ -n "$match" ] || die "no mutant $want"
    chosen+=("$match")
  done
fi
if [ -n "$filter" ]; then
  kept=()
  for f in "${chosen[@]}"; do
    basename "$f" .patch | grep -Eq -- "$filter" && kept+=("$f")
  done
  chosen=("${kept[@]+"${kept[@]}"}")
fi
[ ${#chosen[@]} -gt 0 ] || die "no mutant selected"

# The files a patch changes, from its +++ lines.
patched_files() { sed -n 's|^+++ b/\([^	]*\).*|\1|p' "$1"; }

# Run order: grouped by the file a mutant changes, so that consecutive mutants of one file
# recompile it once (the file restored after one mutant and changed by the next is one
# compilation); the table is printed in name order.
ordered=()
while IFS=$'\t' read -r _ f; do ordered+=("$f"); done < <(
  for f in "${chosen[@]}"; do printf '%s\t%s\n' "$(patched_files "$f" | head -n 1)/$(basename "$f")" "$f"; done | sort)

# --- one copy of the tree ----------------------------------------------------------------------
# The working tree as it is (tracked files and untracked ones that are not ignored, so
# uncommitted work is tested too), copied into $tree. Files whose content is unchanged are not
# touched, so their objects stay valid; a file that differs is copied afresh (new mtime), which
# makes ninja recompile it. The user's tree is only read.
sync_tree() {
  mkdir -p "$tree"
  local list="$work/files.txt"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' f; do
      [ -f "$root/$f" ] || continue # deleted in the working tree
      case "$f" in build/*) continue ;; esac
      [ -z "$inside" ] || case "$f" in "$inside"*) continue ;; esac
      printf '%s\n' "$f"
      if ! cmp -s "$root/$f" "$tree/$f"; then
        mkdir -p "$tree/$(dirname "$f")" && cp "$root/$f" "$tree/$f" || exit 1
      fi
    done >"$list" || die "cannot copy the tree into $tree"
  # Files of the copy that are no longer in the tree (its build folder aside).
  (cd "$tree" && find . -path ./build -prune -o -type f -print | sed 's|^\./||' | sort) >"$work/copy.txt"
  sort "$list" | comm -13 - "$work/copy.txt" | while IFS= read -r f; do rm -f "$tree/$f"; done
}

current_patch=""
restore() {
  [ -n "$current_patch" ] || return 0
  local f
  while IFS= read -r f; do
    if [ -f "$backup/$f" ]; then cp "$backup/$f" "$tree/$f"; else rm -f "$tree/$f"; fi
  done < <(patched_files "$current_patch")
  current_patch=""
}
trap 'restore' EXIT
trap 'restore; exit 130' INT TERM

started=$(date +%s)
echo "copying $root to $tree"
sync_tree
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/*.xml "$logs"/*.out

if [ ! -f "$build/build.ninja" ]; then
  echo "configuring $build (Release)"
  cmake -S "$tree" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$logs/configure.log" 2>&1 ||
    { cat "$logs/configure.log" >&2; die "configure failed (log: $logs/configure.log)"; }
fi

build_tests() { cmake --build "$build" --target smesim_tests -j "$jobs" >"$1" 2>&1; }

# Runs the suite with the XML reporter into $1 under a time limit of $2 seconds; prints the
# exit status (124 or 137 after a timeout).
run_tests() {
  local xml=$1 limit=$2
  local args=(-r xml -o "$xml")
  [ -z "$tests_spec" ] || args+=("$tests_spec")
  # The subshell's own report of a child killed by a signal goes to the log as well.
  (cd "$work/run" && timeout --kill-after=10 "$limit" "$build/tests/smesim_tests" "${args[@]}" >"${xml%.xml}.out" 2>&1) \
    2>>"${xml%.xml}.out"
  echo $?
}

# The test cases that failed, one per line, from a (possibly cut short) XML report; a test
# case that never finished (crash, timeout) is listed with "(unfinished)".
failed_tests() {
  awk '
    function unescape(s) {
      gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s);
      gsub(/&amp;/, "\\&", s); return s
    }
    /<TestCase name="/ { s = $0; sub(/.*<TestCase name="/, "", s); sub(/".*/, "", s); name = unescape(s); open = 1 }
    /<OverallResult success="false"/ { if (open) print name; open = 0 }
    /<OverallResult success="true"/ { open = 0 }
    END { if (open) print name " (unfinished)" }
  ' "$1" 2>/dev/null
}

mkdir -p "$work/run"
echo "building the unmutated tree (jobs: $jobs)"
t0=$(date +%s)
build_tests "$logs/baseline.build.log" || { tail -n 30 "$logs/baseline.build.log" >&2; die "the unmutated tree does not build (log: $logs/baseline.build.log)"; }
t1=$(date +%s)
echo "running the unmutated suite${tests_spec:+ ($tests_spec)}"
status=$(run_tests "$logs/baseline.xml" "${timeout_s:-3600}")
t2=$(date +%s)
baseline_s=$((t2 - t1))
if [ "$status" != 0 ]; then
  echo "failing test cases:" >&2
  failed_tests "$logs/baseline.xml" | sed 's/^/  /' >&2
  die "the unmutated suite does not pass (exit $status; report: $logs/baseline.xml): fix that first"
fi
[ -n "$timeout_s" ] || timeout_s=$((3 * baseline_s + 60))
echo "unmutated: build $((t1 - t0)) s, tests $baseline_s s; time limit per mutant run: $timeout_s s"
echo

declare -A result detail seconds
killed=0
survived=0
broken=0
for patch_file in "${ordered[@]}"; do
  name=$(basename "$patch_file" .patch)
  m0=$(date +%s)
  # Back up what the patch changes, apply it (exactly, no fuzz), build, test, restore.
  rm -rf "$backup" && mkdir -p "$backup"
  while IFS= read -r f; do
    [ -f "$tree/$f" ] && mkdir -p "$backup/$(dirname "$f")" && cp -p "$tree/$f" "$backup/$f"
  done < <(patched_files "$patch_file")
  current_patch=$patch_file
  if ! patch -d "$tree" -p1 --fuzz=0 --forward --batch --no-backup-if-mismatch -r - <"$patch_file" \
    >"$logs/$name.patch.log" 2>&1; then
    restore
    result[$name]=broken
    why=$(grep -m1 -iE 'fail|malformed|garbage|reversed|can.t|not exist' "$logs/$name.patch.log" || head -n 1 "$logs/$name.patch.log")
    detail[$name]="patch does not apply: $(printf '%s' "$why" | cut -c1-80)"
  elif ! build_tests "$logs/$name.build.log"; then
    restore
    result[$name]=broken
    detail[$name]="does not compile: $(grep -m1 -E 'error' "$logs/$name.build.log" | sed 's|.*/tree/||' | cut -c1-100)"
  else
    status=$(run_tests "$logs/$name.xml" "$timeout_s")
    restore
    mapfile -t failures < <(failed_tests "$logs/$name.xml")
    if [ "$status" = 0 ]; then
      result[$name]=SURVIVED
      detail[$name]=""
    else
      if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        result[$name]="killed (timeout)"
      elif [ "$status" -gt 128 ]; then
        result[$name]="killed (crash)"  # e.g. a failed SMESIM_ASSERT aborts
      else
        result[$name]=killed
      fi
      text=""
      for ((k = 0; k < ${#failures[@]} && k < 3; ++k)); do text+="${text:+; }${failures[k]}"; done
      [ ${#failures[@]} -le 3 ] || text+="; ... ($((${#failures[@]})) test cases)"
      [ -n "$text" ] || text="exit status $status, no test case reported"
      detail[$name]=$text
    fi
  fi
  seconds[$name]=$(($(date +%s) - m0))
  case "${result[$name]}" in
    killed*) killed=$((killed + 1)) ;;
    SURVIVED) survived=$((survived + 1)) ;;
    *) broken=$((broken + 1)) ;;
  esac
  printf '%-44s %-17s %5s s  %s\n' "$name" "${result[$name]}" "${seconds[$name]}" "${detail[$name]}"
done
# The restored files are newer than the objects built from their mutants, so the next build
# (the unmutated build of the next run) recompiles them.
total=$(($(date +%s) - started))

{
  printf '| mutant | result | failing test cases (first three) | seconds |\n|---|---|---|---|\n'
  for patch_file in "${chosen[@]}"; do
    name=$(basename "$patch_file" .patch)
    printf '| %s | %s | %s | %s |\n' "$name" "${result[$name]}" "${detail[$name]//|/\\|}" "${seconds[$name]}"
  done
} >"$work/table.md"

echo
echo "== mutation check: ${#chosen[@]} mutants, suite ${tests_spec:-(all tests)} =="
printf '%-44s %-17s %7s  %s\n' mutant result seconds "failing test cases (first three)"
for patch_file in "${chosen[@]}"; do
  name=$(basename "$patch_file" .patch)
  printf '%-44s %-17s %7s  %s\n' "$name" "${result[$name]}" "${seconds[$name]}" "${detail[$name]}"
done
echo
echo "killed $killed, survived $survived, broken $broken; total $total s (table: $work/table.md, logs: $logs)"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
