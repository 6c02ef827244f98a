"""The Python module's cost over the command line (bench/RESULTS.md, "Python"): the same
forecast of the default scenario through `smesim run` and `smesim.run`, alternately, and the
time to hand a 100,000-row timeseries to pandas.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python_overhead.py build/release/smesim [ROUNDS]
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import smesim

binary = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
reps = 1000

cli_times, py_times = [], []
with tempfile.TemporaryDirectory() as scratch:
    for r in range(rounds):
        start = time.perf_counter()
        subprocess.run([binary, "run", "--reps", str(reps), "--seed", "1", "--quiet", "--out",
                        str(Path(scratch) / f"cli{r}")], check=True, stdout=subprocess.DEVNULL)
        cli_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        forecast = smesim.run(smesim.default_scenario(), reps=reps, seed=1, progress=False)
        py_times.append(time.perf_counter() - start)
        del forecast
cli, py = statistics.median(cli_times), statistics.median(py_times)
print(f"{reps} replications of the default scenario, {rounds} rounds, median:")
print(f"  smesim run (process, files): {cli:.3f} s   {[round(t, 3) for t in cli_times]}")
print(f"  smesim.run (module, files):  {py:.3f} s   {[round(t, 3) for t in py_times]}")
print(f"  overhead: {100 * (py - cli) / cli:+.1f}%")

# 2,778 replications x 36 months = 100,008 rows of timeseries.csv.
forecast = smesim.run(smesim.default_scenario(), reps=2778, seed=1, progress=False)
start = time.perf_counter()
frame = forecast.timeseries
elapsed = time.perf_counter() - start
size = (forecast.folder / "timeseries.csv").stat().st_size
print(f"timeseries: {len(frame):,} rows x {len(frame.columns)} columns ({size / 1e6:.1f} MB) to pandas in "
      f"{elapsed:.3f} s")
