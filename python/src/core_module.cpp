// smesim._core: the C++ side of the Python module (docs/python.md). Scenarios are loaded,
// read and changed as in scenario files; studies run through the same study layer as the
// command line, into the same folders, so a forecast's files are the CLI's to the bit. The
// DataFrames, the progress bar and keyword-argument studies are Python (smesim/__init__.py).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "interruptible_run.hpp"
#include "smesim/error.hpp"
#include "smesim/io/results_store.hpp"
#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/study/forecast_study.hpp"
#include "smesim/study/results_folder.hpp"
#include "smesim/study/study_kinds.hpp"
#include "smesim/version.hpp"

namespace py = pybind11;

namespace smesim::python {
namespace {

/// A scenario as Python holds it: the definition and where it came from (for the manifest).
struct PyScenario {
  ScenarioDef def;
  std::string source;
};

PyScenario from_loaded(LoadedScenario loaded) { return {std::move(loaded.def), std::move(loaded.source)}; }

// A number's text as scenario files write it (Python's repr of an int or a float is the
// shortest text that reads back as the same number); a name or a prior's text as given.
// numpy's numbers convert like Python's.
std::string value_text(const py::handle& value) {
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (PyBool_Check(value.ptr()) != 0) throw py::type_error("expected a number or text, got a bool");
  if (PyIndex_Check(value.ptr()) != 0) return py::repr(py::int_(py::reinterpret_borrow<py::object>(value)));
  if (PyNumber_Check(value.ptr()) != 0)
    return py::repr(py::float_(py::reinterpret_borrow<py::object>(value)));
  throw py::type_error("expected a number or text, got " + std::string(py::str(value.get_type())));
}

// A whole-number argument in [lo, hi], else a ValueError naming it: a number its C++ type
// cannot hold (2**40 replications, a seed of -1) must not reach pybind11's conversion, whose
// TypeError lists the signatures instead of the problem. The bounds are the command line's.
long long whole_number(const py::handle& value, const char* name, long long lo, long long hi) {
  if (PyBool_Check(value.ptr()) == 0 && PyIndex_Check(value.ptr()) != 0) {
    const py::int_ number(py::reinterpret_borrow<py::object>(value));
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
    if (overflow == 0 && v >= lo && v <= hi) return v;
  }
  throw py::value_error(fmt::format("{}: expected a whole number in [{}, {}], got {}", name, lo, hi,
                                    std::string(py::repr(value))));
}

// Sets `path` to `text` in a copy and keeps the copy only if the whole scenario is still
// valid, as a file with that value would have to be: a correlated prior set to a number, or a
// name that cannot name a results folder, is refused, and a refused value changes nothing.
void set_checked(PyScenario& s, const std::string& path, const std::string& text) {
  ScenarioDef changed = s.def;
  set_parameter(changed, path, text);
  try {
    validate(changed);
  } catch (const ScenarioErrors&) {
    throw;
  } catch (const ScenarioError& e) {
    throw ScenarioError(e.where(), e.key_path(),
                        fmt::format("{} (setting {} to `{}` was refused; the scenario is unchanged)",
                                    e.message(), path, text));
  }
  s.def = std::move(changed);
}

// The CLI's --reps and --seed: 0 replications and None keep the file's.
StudyOverrides overrides(int replications, std::optional<std::uint32_t> seed) {
  return {replications > 0 ? std::optional<int>(replications) : std::nullopt, seed};
}

py::dict result_dict(const StudyResult& result) {
  py::dict d;
  d["folder"] = result.folder.string();
  d["console"] = result.report.console;
  d["warnings"] = result.report.warnings;
  d["records_resumed"] = result.records_resumed;
  return d;
}

py::dict run_forecast(const PyScenario& scenario, const std::string& out, int replications,
                      std::optional<std::uint32_t> seed, int threads, const py::object& progress,
                      const std::string& command_line) {
  ScenarioDef def = scenario.def;
  apply_overrides(overrides(replications, seed), def);
  validate(def);
  ForecastStudy study(std::move(def), scenario.source);
  const StudyResult result = run_interruptibly(
      study, threads, [&](const StudyIdentity&) { return open_run_folder(out, false); }, progress,
      command_line);
  return result_dict(result);
}

py::dict run_study_file(const std::string& kind, const std::string& file, const std::string& out,
                        int replications, std::optional<std::uint32_t> seed, int threads, bool restart,
                        const py::object& progress, const std::string& command_line) {
  const StudyKind* found = find_study_kind(kind);
  if (found == nullptr || !found->resumable)
    throw py::value_error(fmt::format("no study kind `{}`: {}", kind, study_kind_names(true)));
  const std::unique_ptr<Study> study = found->load(file, overrides(replications, seed));
  const StudyResult result =
      run_interruptibly(*study, threads, results_folder(*found, out, restart), progress, command_line);
  return result_dict(result);
}

}  // namespace
}  // namespace smesim::python

PYBIND11_MODULE(_core, m) {
  using smesim::python::PyScenario;
  m.doc() = "smesim's C++ core; use the `smesim` package (docs/python.md)";
  // pybind11 tries the last registered translator first: the derived class goes last.
  py::register_exception<smesim::Error>(m, "Error", PyExc_RuntimeError);
  // Bad input: a ValueError whose message starts with file:line:col.
  py::register_exception<smesim::ScenarioError>(m, "ScenarioError", PyExc_ValueError);
  m.attr("__version__") = std::string(smesim::version());

  py::class_<PyScenario>(m, "Scenario", "A scenario (docs/scenario.md), loaded and validated as from a file")
      .def_static(
          "default", [] { return smesim::python::from_loaded(smesim::load_builtin_scenario()); },
          "The built-in OSMEP 2015 scenario")
      .def_static(
          "load",
          [](const std::string& path) {
            return smesim::python::from_loaded(smesim::load_scenario_file(path));
          },
          py::arg("path"))
      .def_static(
          "loads",
          [](const std::string& text, const std::string& label) {
            return smesim::python::from_loaded(smesim::load_scenario_text(text, label));
          },
          py::arg("text"), py::arg("label") = "<string>")
      .def_property_readonly("name", [](const PyScenario& s) { return s.def.name; })
      .def_property_readonly("source", [](const PyScenario& s) { return s.source; })
      .def_property(
          "replications", [](const PyScenario& s) { return s.def.replications; },
          [](PyScenario& s, const py::object& n) {
            s.def.replications =
                static_cast<int>(smesim::python::whole_number(n, "replications", 1, 100'000'000));
          })
      .def_property(
          "seed", [](const PyScenario& s) { return s.def.seed; },
          [](PyScenario& s, const py::object& seed) {
            s.def.seed =
                static_cast<std::uint32_t>(smesim::python::whole_number(seed, "seed", 0, 4'294'967'295));
          })
      .def(
          "get",
          [](const PyScenario& s, const std::string& path) { return smesim::get_parameter(s.def, path); },
          py::arg("path"), "The value at a parameter path as scenario-file text")
      .def(
          "set",
          [](PyScenario& s, const std::string& path, const py::object& value) {
            smesim::python::set_checked(s, path, smesim::python::value_text(value));
          },
          py::arg("path"), py::arg("value"))
      .def("validate", [](const PyScenario& s) { smesim::validate(s.def); })
      .def("to_yaml", [](const PyScenario& s) { return smesim::scenario_yaml(s.def); })
      .def("copy", [](const PyScenario& s) { return s; })
      .def("__repr__", [](const PyScenario& s) {
        return "<smesim.Scenario '" + s.def.name + "', " + std::to_string(s.def.agencies.size()) +
               " agencies>";
      });

  m.def("run_forecast", &smesim::python::run_forecast, py::arg("scenario"), py::arg("out"),
        py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("progress"),
        py::arg("command_line"));
  m.def("run_study_file", &smesim::python::run_study_file, py::arg("kind"), py::arg("file"), py::arg("out"),
        py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("restart"), py::arg("progress"),
        py::arg("command_line"));
}
