"""smesim in Python: Monte Carlo forecasts of SME cluster-development programmes as pandas
DataFrames (docs/python.md).

    import smesim
    forecast = smesim.run(smesim.default_scenario(), reps=200, seed=7)
    forecast.kpis.describe()

Scenarios load and change as scenario files do (docs/scenario.md); forecasts and studies run
through the same study layer as the command line, so their files are the command line's to the
bit. Bad input raises smesim.ScenarioError (a ValueError) whose message begins with
file:line:col; Ctrl-C stops a run between replications with KeyboardInterrupt.
"""

import json
import operator
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ._core import Error, Scenario, ScenarioError, __version__
from . import _core

__all__ = [
    "Error", "Forecast", "Scenario", "ScenarioError", "StudyResult", "compare", "default_scenario", "load",
    "loads", "optimise", "run", "sensitivity", "solve", "sweep",
]

# The columns of smesim's CSV files whose values are text or whole numbers; every other column
# is read as float64, so a column's dtype does not depend on whether this run's values happen
# to be whole.
_TEXT_COLUMNS = {"agency", "kpi", "statistic", "cluster", "sector", "province_group", "path", "variant",
                 "parameter", "target", "name", "feasible", "method", "baseline", "agency_name",
                 "cluster_name", "output", "prcc_status"}
_INTEGER_COLUMNS = {"replication", "month", "generation", "candidate", "step", "point", "row", "seed",
                    "replications", "members"}


def read_csv(path):
    """One of smesim's CSV files as a DataFrame: text columns as object, replication, month and
    the other indices as int64, every other number as float64 (whole or not in this run), each
    parsed to the double the file wrote. A study's parameter column keeps what it holds: numbers
    as float64, names or relative values (`*1.2`) as text."""
    header = pd.read_csv(path, nrows=0).columns
    fixed = {c: (object if c in _TEXT_COLUMNS else "int64") for c in header
             if c in _TEXT_COLUMNS or c in _INTEGER_COLUMNS}
    frame = pd.read_csv(path, dtype=fixed, float_precision="round_trip", keep_default_na=False,
                        na_values=["nan"])
    for column in frame.columns:
        if column not in fixed and pd.api.types.is_integer_dtype(frame[column]):
            frame[column] = frame[column].astype("float64")
    return frame


def default_scenario():
    """The built-in OSMEP 2015 scenario (scenarios/osmep_2015.yaml)."""
    return Scenario.default()


def load(path):
    """A scenario file, with `extends` resolved and validated. Raises ScenarioError."""
    return Scenario.load(os.fspath(path))


def loads(text, label="<string>"):
    """A scenario from YAML text; `label` names it in error messages. Raises ScenarioError."""
    return Scenario.loads(text, label)


class _Progress:
    """A tqdm bar fed (done, total) replications by the run; silent when switched off."""

    def __init__(self, enabled, what):
        self._enabled = enabled
        self._what = what
        self._bar = None

    def __call__(self, done, total):
        if self._bar is None:
            from tqdm.auto import tqdm
            self._bar = tqdm(total=total, unit="rep", desc=self._what, leave=False)
        self._bar.total = total
        self._bar.n = done
        self._bar.refresh()

    def callback(self):
        return self if self._enabled else None

    def close(self):
        if self._bar is not None:
            self._bar.close()


def _command_line(function, **arguments):
    shown = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if v is not None)
    return f"python: smesim.{function}({shown})"


class Forecast:
    """A finished forecast. Its files are in `folder` (a temporary folder removed with the
    object; save() keeps them). Each DataFrame is read from its file on first use."""

    def __init__(self, scratch, folder, console):
        self._scratch = scratch
        self.folder = Path(folder)
        self.console = console
        self._frames = {}

    def _csv(self, name):
        if name not in self._frames:
            self._frames[name] = read_csv(self.folder / f"{name}.csv")
        return self._frames[name]

    @property
    def kpis(self):
        """kpis.csv: one row per replication, the final KPIs (docs/outputs.md)."""
        return self._csv("kpis")

    @property
    def timeseries(self):
        """timeseries.csv: one row per replication and month."""
        return self._csv("timeseries")

    @property
    def timeseries_summary(self):
        return self._csv("timeseries_summary")

    @property
    def agency_kpis(self):
        return self._csv("agency_kpis")

    @property
    def agencies(self):
        """agencies.csv: each agency's KPIs across replications."""
        return self._csv("agencies")

    @property
    def clusters(self):
        """clusters.csv: each network's KPIs across replications."""
        return self._csv("clusters")

    @property
    def priors(self):
        """priors.csv: replication, path, value of every prior drawn."""
        return self._csv("priors")

    @property
    def drivers(self):
        """drivers.csv: per output (KPI or target met) and uncertain parameter, the Spearman and
        partial rank correlations with their 95% intervals (docs/outputs.md)."""
        return self._csv("drivers")

    @property
    def summary_json(self):
        if "summary.json" not in self._frames:
            self._frames["summary.json"] = json.loads((self.folder / "summary.json").read_text())
        return self._frames["summary.json"]

    @property
    def summary(self):
        """Each final KPI's statistics across replications (summary.json's `kpis`), one row per KPI."""
        rows = []
        for kpi, s in self.summary_json["kpis"].items():
            row = {"kpi": kpi}
            for key, value in s.items():
                if key == "ci95":
                    row["ci95_lo"], row["ci95_hi"] = (float("nan") if v is None else v for v in value)
                else:
                    row[key] = float("nan") if value is None else value
            rows.append(row)
        frame = pd.DataFrame(rows).set_index("kpi")
        return frame.astype({c: ("int64" if c == "n" else "float64") for c in frame.columns})

    @property
    def targets(self):
        """P(each target met) with its Wilson 95% interval (summary.json's `targets`), one row per target."""
        rows = []
        for target, t in self.summary_json["targets"].items():
            lo, hi = t.get("ci95", [None, None])
            rows.append({"target": target,
                         "value": float("nan") if t.get("target") is None else t["target"],
                         "replications_met": t["replications_met"],
                         "probability_met": float("nan") if t["probability_met"] is None else t["probability_met"],
                         "ci95_lo": float("nan") if lo is None else lo,
                         "ci95_hi": float("nan") if hi is None else hi})
        frame = pd.DataFrame(rows).set_index("target")
        return frame.astype({"value": "float64", "replications_met": "int64", "probability_met": "float64",
                             "ci95_lo": "float64", "ci95_hi": "float64"})

    def save(self, folder, force=False):
        """Copies the files (the same as `smesim run --out FOLDER` writes) to `folder`, which must
        not exist or be empty (force=True replaces a results folder smesim wrote). The files are
        copied into a staging folder beside `folder` and renamed into place, as the command line
        does: `folder` is the whole results or, when a copy fails (a full disk, Ctrl-C), as it was.
        Raises smesim.Error when the results cannot be written."""
        destination = Path(folder)
        if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
            if not force or not _is_run_folder(destination):
                raise FileExistsError(f"{destination}: exists and is not empty (force=True replaces a results "
                                      f"folder of a smesim run, nothing else)")
        _save_staged(self.folder, destination)
        return destination

    def to_excel(self, path):
        """Writes the run's Excel workbook (results.xlsx: a README sheet and a sheet per summary
        table, numbers as numbers) to `path`; returns the path."""
        return _copy_workbook(self.folder, path)

    def __repr__(self):
        return f"<smesim.Forecast {self.folder}>"


def _copy_workbook(folder, path):
    """Copies folder/results.xlsx (the workbook every run and study writes, docs/outputs.md) to
    `path` through a temporary file beside it, so that `path` is the whole workbook or unchanged."""
    source = Path(folder) / "results.xlsx"
    if not source.is_file():
        raise Error(f"{folder}: no results.xlsx (the results were written without the workbook)")
    destination = Path(path)
    temporary = destination.with_name(f".{destination.name}.tmp-{os.getpid()}")
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, destination)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise Error(f"cannot write {destination}: {e.strerror or e}") from None
    return destination


def _process_tag():
    """HOST-PID as the command line names its staging folders (src/io/process_tag.cpp), so that a
    later run removes what a killed Python process left."""
    host = "".join(c if c.isalnum() or c == "." else "_" for c in socket.gethostname()) or "localhost"
    return f"{host}-{os.getpid()}"


def _save_staged(source, destination):
    """Copies `source` into a staging folder beside `destination` (with the command line's staging
    marker inside, src/io/results_dir.hpp), then renames it into place; an earlier `destination`
    is set aside and removed only once the new one is in place."""
    parent = destination.parent
    staging = parent / f".{destination.name}.partial-{_process_tag()}"
    old = parent / f".{destination.name}.old-{_process_tag()}"
    moved_aside = False
    try:
        parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        marker = staging / ".smesim-staging"
        marker.write_text(_process_tag() + "\n")
        for item in Path(source).iterdir():
            if item.is_file():
                shutil.copy2(item, staging / item.name)
        marker.unlink()
        if destination.exists():
            os.replace(destination, old)
            moved_aside = True
        os.replace(staging, destination)
    except (OSError, shutil.Error, KeyboardInterrupt) as e:
        shutil.rmtree(staging, ignore_errors=True)
        if moved_aside and not destination.exists():
            os.replace(old, destination)
        if isinstance(e, KeyboardInterrupt):
            raise
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise Error(f"cannot save the results to {destination}: {reason}; it is as it was") from None
    if moved_aside:
        shutil.rmtree(old, ignore_errors=True)


def _is_run_folder(folder):
    """A folder `smesim run` (or save()) wrote: its manifest names smesim and it holds nothing
    but the files of a run, so that replacing it deletes nothing smesim did not write."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or manifest.get("tool") != "smesim":
        return False
    written = set(manifest.get("files", [])) | {"manifest.json", "report.html"}
    return all(p.is_file() and p.name in written for p in folder.iterdir())


def run(scenario=None, reps=None, seed=None, threads=0, progress=True):
    """The Monte Carlo forecast of `scenario` (default: the built-in one): what `smesim run`
    computes, with `reps` replications and `seed` over the scenario's. The simulation runs with
    the GIL released on `threads` threads (0 = all cores)."""
    _check_counts(reps, threads, seed)
    if scenario is None:
        scenario = default_scenario()
    scratch = tempfile.TemporaryDirectory(prefix="smesim-forecast-")
    out = Path(scratch.name) / "run"
    bar = _Progress(progress, "forecast")
    try:
        result = _core.run_forecast(scenario, str(out), reps or 0, seed, threads, bar.callback(),
                                    _command_line("run", reps=reps, seed=seed, threads=threads))
    except BaseException:
        scratch.cleanup()
        raise
    finally:
        bar.close()
    return Forecast(scratch, out, result["console"])


class StudyResult:
    """A finished study's folder (results/<name>/ or `out`), its console summary, and its
    files: every CSV as a DataFrame (`result["points"]` for points.csv) and every JSON output
    as a dict (`result["best"]` for best.json)."""

    def __init__(self, folder, console, warnings):
        self.folder = Path(folder)
        self.console = console
        self.warnings = list(warnings)
        self._cache = {}

    def files(self):
        return sorted(p.name for p in self.folder.iterdir()
                      if p.suffix in (".csv", ".json") and p.name not in ("manifest.json", "experiment.json"))

    def __getitem__(self, name):
        if name not in self._cache:
            csv, js = self.folder / f"{name}.csv", self.folder / f"{name}.json"
            if csv.is_file():
                self._cache[name] = read_csv(csv)
            elif js.is_file():
                self._cache[name] = json.loads(js.read_text())
            else:
                raise KeyError(f"{name}: no {name}.csv or {name}.json in {self.folder}; it has {self.files()}")
        return self._cache[name]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(str(e)) from None

    def to_excel(self, path):
        """Writes the study's Excel workbook (results.xlsx: a README sheet and a sheet per table)
        to `path`; returns the path."""
        return _copy_workbook(self.folder, path)

    def __repr__(self):
        return f"<smesim.StudyResult {self.folder}: {', '.join(self.files())}>"


def _study_file(kind, fields, scratch):
    """A study file written from keyword arguments: JSON is YAML, and a Scenario given as
    `scenario` is written beside it."""
    fields = dict(fields)
    scenario = fields.get("scenario")
    if isinstance(scenario, Scenario):
        (Path(scratch) / "scenario.yaml").write_text(scenario.to_yaml())
        fields["scenario"] = "scenario.yaml"
    elif isinstance(scenario, (str, os.PathLike)) and os.fspath(scenario) != "default":
        # A path is the caller's, relative to the current folder, not to the written file.
        fields["scenario"] = os.path.abspath(os.fspath(scenario))
    path = Path(scratch) / f"{kind}.yaml"
    path.write_text(json.dumps(fields, indent=1) + "\n")
    return path


def _keyword_lines(path):
    """The first line of each top-level key in a study file _study_file wrote (JSON, one
    space of indent: a top-level key is a line starting with ` "`)."""
    starts = []
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        if line.startswith(' "'):
            starts.append((number, json.loads(line.strip().split(":", 1)[0])))
    return starts


def _caller_error(kind, error, scratch, study_path):
    """The error as the caller wrote it: a position in the scratch study file becomes the
    keyword argument it came from (`smesim.solve(range=...)`), one in the Scenario written
    beside it becomes `scenario=`; never a path to a file that is deleted on return."""
    starts = _keyword_lines(study_path) if study_path is not None else []
    lines = []
    for line in str(error).splitlines():
        for name, keyword in (("scenario.yaml", "scenario"), (f"{kind}.yaml", None)):
            prefix = os.path.join(scratch, name) + ":"
            if not line.startswith(prefix):
                continue
            position, _, rest = line[len(prefix):].partition(": ")
            row = int(position.split(":")[0]) if position.split(":")[0].isdigit() else 0
            if keyword is None:
                keyword = next((key for start, key in reversed(starts) if start <= row), kind)
            line = f"smesim.{kind}({keyword}=...): {rest}"
            break
        lines.append(line)
    return type(error)("\n".join(lines))


def _whole_number(name, value, lo, hi):
    """`value` as an int in [lo, hi], else a ValueError naming the argument: the bounds of the
    command line's option of the same name, checked here so that pybind11 never meets a number
    its C++ type cannot hold (its TypeError lists every overload instead of the problem)."""
    try:
        number = operator.index(value) if not isinstance(value, bool) else None
    except TypeError:
        number = None
    if number is None or not lo <= number <= hi:
        raise ValueError(f"{name}: expected a whole number in [{lo}, {hi}], got {value!r}")
    return number


def _check_counts(reps, threads, seed=None):
    if reps is not None:
        _whole_number("reps", reps, 1, 100_000_000)
    if seed is not None:
        _whole_number("seed", seed, 0, 4_294_967_295)
    _whole_number("threads", threads, 0, 4096)


def _run_study(kind, file, out, reps, seed, threads, restart, progress, fields):
    _check_counts(reps, threads, seed)
    if (file is None) == (not fields):
        raise TypeError(f"smesim.{kind}: give a study file or its fields as keyword arguments, not both")
    bar = _Progress(progress, kind)
    with tempfile.TemporaryDirectory(prefix=f"smesim-{kind}-") as scratch:
        written = None if file is not None else _study_file(kind, fields, scratch)
        path = os.fspath(file) if file is not None else str(written)
        try:
            result = _core.run_study_file(kind, path, "" if out is None else os.fspath(out), reps or 0, seed,
                                          threads, restart, bar.callback(),
                                          _command_line(kind, file=file, reps=reps, seed=seed, threads=threads))
        except ScenarioError as error:
            if written is None:
                raise
            raise _caller_error(kind, error, scratch, written) from None
        finally:
            bar.close()
    for warning in result["warnings"]:
        print(warning, file=sys.stderr)
    return StudyResult(result["folder"], result["console"], result["warnings"])


def sweep(file=None, *, out=None, reps=None, seed=None, threads=0, restart=False, progress=True, **fields):
    """`smesim sweep`: from a sweep file, or its keys as keyword arguments (name=…, scenario=…
    (a path, `default` or a Scenario), parameters={…}, design=…). Results in results/<name>/
    or `out`; re-running resumes. Returns a StudyResult (`result.points`, …)."""
    return _run_study("sweep", file, out, reps, seed, threads, restart, progress, fields)


def compare(file=None, *, out=None, reps=None, seed=None, threads=0, restart=False, progress=True, **fields):
    """`smesim compare`, as sweep() (`result.comparison`, `result.agency_comparison`)."""
    return _run_study("compare", file, out, reps, seed, threads, restart, progress, fields)


def sensitivity(file=None, *, out=None, reps=None, seed=None, threads=0, restart=False, progress=True,
                **fields):
    """`smesim sensitivity`, as sweep() (`result.indices`)."""
    return _run_study("sensitivity", file, out, reps, seed, threads, restart, progress, fields)


def solve(file=None, *, out=None, reps=None, seed=None, threads=0, restart=False, progress=True, **fields):
    """`smesim solve`, as sweep() (`result.evaluations`, `result.solution`)."""
    return _run_study("solve", file, out, reps, seed, threads, restart, progress, fields)


def optimise(file=None, *, out=None, reps=None, seed=None, threads=0, restart=False, progress=True, **fields):
    """`smesim optimise`, as sweep() (`result.best`, `result.trace`, `result.candidates`)."""
    return _run_study("optimise", file, out, reps, seed, threads, restart, progress, fields)
