#include "io/report/report.hpp"

#include <fmt/format.h>

#include "io/outputs.hpp"
#include "io/report/assumptions.hpp"
#include "io/report/drivers_section.hpp"
#include "io/report/experiment_sections.hpp"
#include "io/report/html_text.hpp"
#include "io/report/number_text.hpp"
#include "io/report/results_folder.hpp"
#include "io/report/run_sections.hpp"

namespace smesim::detail::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string subtitle(const json& manifest, std::string_view what) {
  std::string out = std::string(what);
  if (manifest.contains("finished_utc"))
    out += fmt::format(" \u00b7 finished {}", manifest.at("finished_utc").get<std::string>());
  if (manifest.contains("seed")) out += fmt::format(" \u00b7 seed {}", manifest.at("seed").dump());
  return escape_html(out);
}

// The resolved base scenario an experiment ran on (recorded in manifest.json).
const json* base_scenario(const json& manifest) {
  return manifest.contains("scenario") && manifest.at("scenario").is_object() ? &manifest.at("scenario")
                                                                              : nullptr;
}

std::string render_run(const fs::path& folder) {
  const json manifest = read_json(folder / "manifest.json");
  const json summary = read_json(folder / "summary.json");
  std::vector<Section> sections;
  try {
    std::vector<std::string> cautions;
    if (const std::string note = manifest.value("uncertainty_note", ""); !note.empty())
      cautions.push_back(note);
    if (manifest.contains("unreachable_targets"))
      for (const auto& unreachable : manifest.at("unreachable_targets"))
        cautions.push_back(unreachable.get<std::string>());
    sections.push_back(headline_section(summary, cautions));
    sections.push_back(trajectories_section(read_csv(folder / "timeseries_summary.csv"), summary));
    sections.push_back(agencies_section(read_csv(folder / "agencies.csv")));
    sections.push_back(clusters_section(read_csv(folder / "clusters.csv")));
    // A folder written before runs reported their drivers has none.
    if (auto drivers = drivers_section(summary)) sections.push_back(std::move(*drivers));
  } catch (const json::exception& e) {
    throw ReportInputError(fmt::format("{}: expected the fields smesim writes ({})",
                                       (folder / "summary.json").string(), e.what()));
  }
  if (const json* scenario = base_scenario(manifest)) sections.push_back(assumptions_section(*scenario));
  sections.push_back(provenance_section(manifest));
  const std::string name = summary.value("scenario_name", "scenario");
  const std::string what = fmt::format("Forecast of {} replications x {} months",
                                       summary.value("replications", 0), summary.value("horizon_months", 0));
  return render_page("smesim forecast: " + name, subtitle(manifest, what), sections);
}

std::string render_experiment(const fs::path& folder, ResultsKind kind) {
  const json manifest = read_json(folder / "manifest.json");
  std::vector<Section> sections;
  std::string title;
  try {
    switch (kind) {
      case ResultsKind::sweep:
        sections = sweep_sections(folder, manifest);
        title = "smesim sweep: " + manifest.value("sweep", "sweep");
        break;
      case ResultsKind::compare:
        sections = compare_sections(folder, manifest);
        title = "smesim comparison: " + manifest.value("comparison", "comparison");
        break;
      case ResultsKind::sensitivity:
        sections = sensitivity_sections(folder, manifest);
        title = "smesim sensitivity: " + manifest.value("sensitivity", "analysis");
        break;
      case ResultsKind::solve:
        sections = solve_sections(folder, manifest);
        title = "smesim solve: " + manifest.value("solve", "solve");
        break;
      case ResultsKind::optimise:
        sections = optimise_sections(folder, manifest);
        title = "smesim optimise: " + manifest.value("optimise", "optimisation");
        break;
      case ResultsKind::run:
        break;
    }
  } catch (const json::exception& e) {
    throw ReportInputError(
        fmt::format("{}: expected the fields smesim writes ({})", folder.string(), e.what()));
  }
  if (const json* scenario = base_scenario(manifest)) sections.push_back(assumptions_section(*scenario));
  sections.push_back(provenance_section(manifest));
  return render_page(title, subtitle(manifest, std::string(kind_name(kind))), sections);
}

}  // namespace

std::string render_report(const fs::path& folder) {
  const ResultsKind kind = detect_kind(folder);
  try {
    if (kind == ResultsKind::run) return render_run(folder);
    return render_experiment(folder, kind);
  } catch (const json::exception& e) {
    // A field of the wrong type anywhere (a hand-edited or foreign file): bad input.
    throw ReportInputError(
        fmt::format("{}: expected the fields smesim writes ({})", folder.string(), e.what()));
  }
}

fs::path write_report(const fs::path& folder, const fs::path& output) {
  const fs::path path = output.empty() ? folder / "report.html" : output;
  write_file_atomically(path, render_report(folder));
  return path;
}

}  // namespace smesim::detail::report
