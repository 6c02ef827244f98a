"""The Python module against the command line of the same build (SMESIM_BINARY): the same
numbers to the bit, the DataFrames' columns and dtypes, errors, interruption, the GIL, and a
sweep from keyword arguments. Run by ctest (`python_module`) with PYTHONPATH set to the
build's python/ folder."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import smesim

BINARY = os.environ.get("SMESIM_BINARY", "smesim")
if os.sep in BINARY:
    BINARY = os.path.abspath(BINARY)  # the tests run it from other folders too

# The default programme with 20-member networks (1,080 SMEs): a replication takes milliseconds.
SMALL = textwrap.dedent("""\
    name: small
    extends: default
    networks: {generate: {members: 20}, list: ~}
    """)


def cli(*args, cwd=None):
    result = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def files_of(folder):
    return sorted(p.name for p in Path(folder).iterdir() if p.is_file())


def test_a_forecast_has_the_cli_files_to_the_bit(tmp_path):
    cli("run", "--reps", 20, "--seed", 7, "--quiet", "--out", tmp_path / "cli")
    forecast = smesim.run(smesim.default_scenario(), reps=20, seed=7, progress=False)
    forecast.save(tmp_path / "py")
    assert files_of(tmp_path / "py") == files_of(tmp_path / "cli")
    for name in files_of(tmp_path / "cli"):
        if name == "manifest.json":
            continue  # it records the command line and the times
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    # The DataFrames hold the doubles the files wrote.
    pd.testing.assert_frame_equal(forecast.kpis, smesim.read_csv(tmp_path / "cli" / "kpis.csv"), check_exact=True)
    summary = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert forecast.summary.loc["developed", "p50"] == summary["kpis"]["developed"]["p50"]
    assert forecast.targets.loc["all", "probability_met"] == summary["targets"]["all"]["probability_met"]


def test_dataframes_have_the_files_columns_and_fixed_dtypes(tmp_path):
    forecast = smesim.run(smesim.loads(SMALL), reps=6, seed=3, progress=False)
    for name in ("kpis", "timeseries", "agencies", "clusters", "priors", "drivers"):
        frame = getattr(forecast, name)
        header = (forecast.folder / f"{name}.csv").read_text().splitlines()[0].split(",")
        assert list(frame.columns) == header, name
    kpis = forecast.kpis
    assert len(kpis) == 6
    assert kpis["replication"].dtype == "int64"
    # Counts and amounts alike are float64, whatever this run's values are.
    assert all(kpis[c].dtype == "float64" for c in kpis.columns if c != "replication")
    series = forecast.timeseries
    assert len(series) == 6 * 36
    assert series["month"].dtype == "int64"
    assert forecast.agencies["agency"].dtype == object
    assert forecast.agencies["mean"].dtype == "float64"
    # Names come last, as text, quoted where the file quotes them ("..., Ministry of Interior").
    assert forecast.agencies.columns[-1] == "agency_name"
    assert forecast.agencies["agency_name"].dtype == object
    assert list(forecast.clusters.columns[-2:]) == ["cluster_name", "agency_name"]
    assert "Office of the Permanent Secretary, Ministry of Interior" in set(forecast.agencies["agency_name"])
    priors = forecast.priors
    assert list(priors.dtypes) == [pd.Series(dtype="int64").dtype, object, pd.Series(dtype="float64").dtype]
    assert len(priors) == 6 * priors["path"].nunique()
    drivers = forecast.drivers
    assert drivers["output"].dtype == object and drivers["prcc_status"].dtype == object
    assert drivers["spearman"].dtype == "float64"
    assert len(drivers) == 7 * priors["path"].nunique()  # six replications: too few for a PRCC
    assert set(drivers["prcc_status"]) <= {"too_few_replications", "output_constant"}
    summary = forecast.summary
    assert "developed" in summary.index
    assert summary["n"].dtype == "int64"
    assert summary["mean"].dtype == "float64"
    targets = forecast.targets
    assert list(targets.index) == ["developed_smes", "expanded_smes", "cost_reduction_thb", "all"]
    assert targets["replications_met"].dtype == "int64"
    assert ((targets["ci95_lo"] <= targets["probability_met"]) & (targets["probability_met"] <= targets["ci95_hi"])).all()


def test_scenarios_read_and_change_as_files_do(tmp_path):
    scenario = smesim.default_scenario()
    assert scenario.name == "osmep-2015"
    assert scenario.get("programme.budget_thb") == "309000000"
    assert scenario.get("dynamics.learning_rate").startswith("uniform")
    scenario.set("programme.budget_thb", 2e8)
    scenario.set("agencies.DIP.strategy.mentoring.targeting", "laggards")
    assert scenario.get("programme.budget_thb") == "200000000"
    again = smesim.loads(scenario.to_yaml(), "again.yaml")
    assert again.get("programme.budget_thb") == "200000000"
    assert again.get("agencies.DIP.strategy.mentoring.targeting") == "laggards"
    path = tmp_path / "mine.yaml"
    path.write_text(SMALL)
    assert smesim.load(path).get("networks.generate.members") == "20"


def test_bad_input_raises_scenario_error_with_its_position(tmp_path):
    assert issubclass(smesim.ScenarioError, ValueError)
    scenario = smesim.default_scenario()
    with pytest.raises(smesim.ScenarioError, match="programme.budget_thb"):
        scenario.get("programme.budget")  # the nearest valid paths are named
    with pytest.raises(smesim.ScenarioError):
        scenario.set("programme.overhead_share", 1.5)
    assert scenario.get("programme.overhead_share") == "0"  # a refused value changes nothing
    with pytest.raises(smesim.ScenarioError, match=r"bad\.yaml:3:"):
        smesim.loads("name: x\nextends: default\nprogramme: {budget_thb: -5}\n", "bad.yaml")
    with pytest.raises(smesim.ScenarioError, match="missing.yaml"):
        smesim.load(tmp_path / "missing.yaml")
    study = tmp_path / "sweep.yaml"
    study.write_text("name: s\nscenario: default\nparameters:\n  programme.budget: [1, 2]\n")
    with pytest.raises(smesim.ScenarioError, match=r"sweep\.yaml:4:3"):
        smesim.sweep(study, out=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()  # bad input writes nothing


def test_errors_in_keyword_arguments_name_the_keyword_not_a_deleted_file(tmp_path):
    with pytest.raises(smesim.ScenarioError) as caught:
        smesim.sweep(name="s", scenario="default", parameters={"programme.budget": [1, 2]},
                     out=tmp_path / "out", progress=False)
    message = str(caught.value)
    assert message.startswith("smesim.sweep(parameters=...): ")
    assert "programme.budget_thb" in message  # the nearest valid path is still named
    assert "smesim-sweep-" not in message  # no path to the scratch file, which is gone
    bad = smesim.default_scenario()
    with pytest.raises(smesim.ScenarioError) as caught:
        smesim.solve(name="s", scenario=bad, parameter="programme.budget_thb", range=[2e8, 1e8],
                     probability=0.8, tolerance=1e6, out=tmp_path / "out2", progress=False)
    assert str(caught.value).startswith("smesim.solve(range=...): ")


def test_a_sweep_from_keyword_arguments_gives_the_cli_numbers(tmp_path):
    small = smesim.loads(SMALL)
    fields = dict(name="py-sweep", replications=4, seed=2,
                  parameters={"programme.budget_thb": [100000000, 300000000]})
    result = smesim.sweep(scenario=small, out=tmp_path / "py", progress=False, **fields)
    points = result.points
    assert len(points) == 2
    assert list(points["programme.budget_thb"]) == [1e8, 3e8]
    # The same sweep as a file, through the command line.
    (tmp_path / "small.yaml").write_text(SMALL)
    (tmp_path / "sweep.yaml").write_text(json.dumps(dict(fields, scenario="small.yaml")))
    cli("sweep", "sweep.yaml", "--quiet", "--out", "cli", cwd=tmp_path)
    assert (tmp_path / "py" / "points.csv").read_bytes() == (tmp_path / "cli" / "points.csv").read_bytes()
    with pytest.raises(TypeError):
        smesim.sweep(tmp_path / "sweep.yaml", name="both")


def test_the_gil_is_released_while_simulating():
    done = threading.Event()

    def forecast():
        smesim.run(smesim.default_scenario(), reps=300, seed=1, progress=False)
        done.set()

    worker = threading.Thread(target=forecast)
    worker.start()
    # Holding the GIL, the forecast would keep this thread from running until it ended.
    beats_while_running = 0
    while not done.is_set():
        time.sleep(0.01)
        if not done.is_set():
            beats_while_running += 1
    worker.join()
    assert beats_while_running >= 5


def test_ctrl_c_interrupts_a_long_run(tmp_path):
    script = textwrap.dedent("""\
        import sys, smesim
        print("started", flush=True)
        smesim.run(smesim.default_scenario(), reps=1000000, seed=1, progress=False)
        print("finished", flush=True)
        """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=dict(os.environ))
    assert process.stdout.readline().strip() == "started"
    time.sleep(1.0)  # inside the run: a million replications take hours
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "KeyboardInterrupt" in err
    assert "finished" not in out


def test_the_progress_bar_can_be_switched_off(capsys):
    smesim.run(smesim.loads(SMALL), reps=3, seed=1, progress=False)
    assert capsys.readouterr().err == ""
    smesim.run(smesim.loads(SMALL), reps=3, seed=1, progress=True)
    assert "forecast" in capsys.readouterr().err


GOLDEN_STUDIES = [("sweep", "sweep"), ("compare", "compare"), ("sobol", "sensitivity"), ("morris", "sensitivity"),
                  ("solve", "solve"), ("optimise", "optimise")]


@pytest.mark.parametrize("name,kind", GOLDEN_STUDIES)
def test_every_study_gives_the_cli_files_and_dataframes(tmp_path, name, kind):
    studies = Path(os.environ.get("SMESIM_SOURCE_DIR", Path(__file__).resolve().parents[2])) / "tests/golden/studies"
    result = getattr(smesim, kind)(studies / f"{name}.yaml", out=tmp_path / "py", progress=False)
    cli(kind, f"{name}.yaml", "--quiet", "--out", tmp_path / "cli", cwd=studies)
    outputs = [f for f in files_of(tmp_path / "cli") if f not in ("manifest.json",)]
    assert files_of(tmp_path / "py") == files_of(tmp_path / "cli")
    for f in outputs:
        assert (tmp_path / "py" / f).read_bytes() == (tmp_path / "cli" / f).read_bytes(), f
    assert result.console  # the summary the command line prints
    for f in result.files():
        table = result[Path(f).stem]
        if f.endswith(".csv"):
            header = (tmp_path / "py" / f).read_text().splitlines()[0].split(",")
            assert list(table.columns) == [h.strip('"') for h in header], f
            assert all(table[c].dtype == "int64" for c in table.columns if c in ("point", "step", "generation"))
        else:
            assert isinstance(table, dict)


def test_to_excel_writes_the_workbook_of_the_tables(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    forecast = smesim.run(smesim.loads(SMALL), reps=4, seed=2, progress=False)
    path = forecast.to_excel(tmp_path / "forecast.xlsx")
    assert path == tmp_path / "forecast.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "README"
    assert {"agencies", "agencies_long", "clusters", "timeseries_summary", "drivers"} <= set(book.sheetnames)
    sheet = book["agencies"]
    assert [c.value for c in sheet[1]] == list(forecast.agencies.columns)
    first = forecast.agencies.iloc[0]
    assert [c.value for c in sheet[3]][:3] == [first["agency"], first["kpi"], first["mean"]]
    assert not list(tmp_path.glob(".*tmp*"))  # no temporary file left beside it

    studies = Path(os.environ.get("SMESIM_SOURCE_DIR", Path(__file__).resolve().parents[2])) / "tests/golden/studies"
    sweep = smesim.sweep(studies / "sweep.yaml", out=tmp_path / "sweep", progress=False)
    book = openpyxl.load_workbook(sweep.to_excel(tmp_path / "sweep.xlsx"))
    points = book["points"]
    assert [c.value for c in points[1]] == list(sweep.points.columns)
    assert [c.value for c in points[3]][0] == 0
    assert points.cell(3, 2).value == sweep.points.iloc[0, 1]  # programme.budget_thb, a number

    (tmp_path / "sweep" / "results.xlsx").unlink()
    with pytest.raises(smesim.Error, match="no results.xlsx"):
        sweep.to_excel(tmp_path / "again.xlsx")
    assert not (tmp_path / "again.xlsx").exists()


def test_save_never_replaces_what_smesim_did_not_write(tmp_path):
    forecast = smesim.run(smesim.loads(SMALL), reps=2, seed=1, progress=False)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        forecast.save(mine, force=True)
    assert (mine / "notes.txt").read_text() == "keep me"
    forecast.save(tmp_path / "run")
    with pytest.raises(FileExistsError):
        forecast.save(tmp_path / "run")
    forecast.save(tmp_path / "run", force=True)  # a run's folder may be replaced
    assert (tmp_path / "run" / "kpis.csv").read_bytes() == (forecast.folder / "kpis.csv").read_bytes()


def test_numpy_numbers_set_parameters_as_python_numbers():
    import numpy as np
    scenario = smesim.default_scenario()
    scenario.set("programme.budget_thb", np.float64(2.5e8))
    scenario.set("time.programme_months", np.int64(10))
    assert scenario.get("programme.budget_thb") == "250000000"
    assert scenario.get("time.programme_months") == "10"
    with pytest.raises(TypeError):
        scenario.set("programme.budget_thb", True)


def test_a_relative_scenario_path_in_keyword_arguments_is_the_callers(tmp_path, monkeypatch):
    (tmp_path / "small.yaml").write_text(SMALL)
    monkeypatch.chdir(tmp_path)
    result = smesim.sweep(name="relative", scenario="small.yaml", replications=2,
                          parameters={"programme.budget_thb": [100000000]}, out="out", progress=False)
    assert len(result.points) == 1
    with pytest.raises(ValueError):
        smesim.run(reps=0)
    with pytest.raises(ValueError):
        smesim.run(threads=-1)


# Two correlated priors: setting either to a number would leave a correlation naming a number.
CORRELATED = SMALL + textwrap.dedent("""\
    dynamics:
      learning_rate: {uniform: [0.02, 0.1]}
      cost_elasticity: {uniform: [0.01, 0.1]}
    uncertainty:
      correlations:
        - {between: [dynamics.learning_rate, dynamics.cost_elasticity], rank_correlation: 0.5}
    """)


def test_set_refuses_a_value_that_makes_the_scenario_invalid_and_changes_nothing():
    scenario = smesim.loads(CORRELATED)
    before = scenario.to_yaml()
    with pytest.raises(smesim.ScenarioError, match="the scenario is unchanged"):
        scenario.set("dynamics.learning_rate", 0.05)
    assert scenario.to_yaml() == before
    for name in ["a/b", "two\nlines"]:
        with pytest.raises(smesim.ScenarioError):
            scenario.set("name", name)
        assert scenario.to_yaml() == before
    scenario.set("programme.budget_thb", 2e8)  # a value that keeps it valid is set
    assert scenario.get("programme.budget_thb") == "200000000"


def test_counts_out_of_range_are_value_errors_naming_the_argument():
    for arguments, name in [({"reps": 2**40}, "reps"), ({"reps": 1.5}, "reps"), ({"seed": -1}, "seed"),
                            ({"seed": 2**32}, "seed"), ({"threads": 2**40}, "threads")]:
        with pytest.raises(ValueError, match=f"^{name}: expected a whole number in"):
            smesim.run(smesim.loads(SMALL), progress=False, **arguments)
    with pytest.raises(ValueError, match="^reps: expected a whole number in"):
        smesim.sweep(name="x", scenario=smesim.loads(SMALL), parameters={"programme.budget_thb": [1e8]},
                     reps=2**40, progress=False)
    scenario = smesim.loads(SMALL)
    with pytest.raises(ValueError, match="^seed: expected a whole number in"):
        scenario.seed = -1
    with pytest.raises(ValueError, match="^replications: expected a whole number in"):
        scenario.replications = 2**40
    scenario.seed = 2**32 - 1
    assert scenario.seed == 2**32 - 1
