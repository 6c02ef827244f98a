#!/usr/bin/env bash
# Rewrites tests/golden/expected.tsv from runs of the built smesim (tests/cli/golden_test.cpp).
# Only for a change that is meant to change results: look at why each file changed first
# (`diff -r` of the two runs' folders before and after), and say so in the commit.
# The v1_default rows pin the v1 mentoring rule as it was before engagements existed: only
# its scenario hash (which any new scenario key changes) is rewritten, never its files; the
# script stops if the v1 run's files no longer match them (a new output file is added, and
# summary.json is pinned as it comes only while `summary.json:without_drivers`, the file with
# its `drivers` member cut off, keeps its pin: that member is a new output). The
# changes to them made on purpose: the name columns appended to agencies.csv,
# agencies_long.csv and clusters.csv, later to agency_kpis.csv, agency_timeseries.csv and
# cluster_kpis.csv (tests/cli/golden_test.cpp), pinned by hand after checking that each file
# without them is its old pin's bytes.
#
#   tests/golden/regenerate.sh [BUILD_DIR]     (default build/release; needs smesim and smesim_tests)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
smesim=${1:-$root/build/release}/smesim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The runs of golden_test.cpp: name and replications.
"$smesim" run "$root/tests/golden/two_firms.yaml" --reps 5000 --threads 2 --quiet --out "$out/two_firms" >/dev/null 2>&1
"$smesim" run "$root/tests/golden/priors.yaml" --reps 300 --threads 2 --quiet --out "$out/priors" >/dev/null 2>&1
"$smesim" run "$root/tests/golden/v1_default.yaml" --reps 100 --threads 2 --quiet --out "$out/v1_default" >/dev/null 2>&1
"$smesim" run "$root/tests/golden/v2_default.yaml" --reps 100 --threads 2 --quiet --out "$out/v2_default" >/dev/null 2>&1
/usr/bin/python3 - "$out" "$root/tests/golden/expected.tsv" <<'PY'
import json, os, sys
out, table = sys.argv[1], sys.argv[2]
def fnv1a64(data):
    h = 14695981039346656037
    for byte in data:
        h = ((h ^ byte) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return '%016x' % h
pinned = {}
for line in open(table):
    if line.startswith('#') or not line.strip():
        continue
    run, name, digest, size = line.rstrip('\n').split('\t')
    if run == 'v1_default':
        pinned[name] = (digest, size)
rows = []
for run in ('two_firms', 'priors', 'v1_default', 'v2_default'):
    folder = os.path.join(out, run)
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name == 'results.xlsx':
            continue  # names the revision: checked cell by cell instead (tests/cli/workbook_test.cpp)
        if name == 'manifest.json':
            rows.append((run, 'manifest.json:scenario_hash', json.load(open(path))['scenario_hash'], ''))
        else:
            data = open(path, 'rb').read()
            row = (run, name, fnv1a64(data), str(len(data)))
            checked = [row]
            if name == 'summary.json':
                # The drivers member, last, cut off: what golden_test.cpp's without_drivers does.
                at = data.rfind(b',\n  "drivers": {')
                before = data[:at] + b'\n}\n' if at >= 0 else data
                checked.append((run, 'summary.json:without_drivers', fnv1a64(before), str(len(before))))
            for one in checked:
                # A file the v1 run did not write before (a new output) is pinned as it comes.
                if (run == 'v1_default' and one[1] != 'summary.json' and one[1] in pinned
                        and pinned[one[1]] != one[2:]):
                    sys.exit(f'regenerate.sh: v1_default/{one[1]} differs from its pinned bytes: the v1 rule changed')
                rows.append(one)
with open(table, 'w') as f:
    f.write('# run\tfile\tfnv1a64\tbytes\n')
    for row in rows:
        f.write('\t'.join(row) + '\n')
PY
echo "rewrote $root/tests/golden/expected.tsv"
# The studies' table is written by the test itself (it normalises the manifests).
(cd "$root" && SMESIM_GOLDEN_REWRITE=1 "${1:-$root/build/release}/tests/smesim_tests" "Golden studies*" >/dev/null)
echo "rewrote $root/tests/golden/studies.tsv"
