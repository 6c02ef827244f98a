#include "io/report/report.hpp"

#include <fmt/format.h>

#include "io/outputs.hpp"
#include "io/report/assumptions.hpp"
#include "io/report/html_text.hpp"
#include "io/report/results_folder.hpp"

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

}  // namespace

std::string render_report(const ReportInput& results, const NamedReport& kind) {
  try {
    const json& manifest = results.document("manifest.json");
    ReportPage page = kind.report->page(results, manifest);
    if (const json* scenario = base_scenario(manifest))
      page.sections.push_back(assumptions_section(*scenario));
    page.sections.push_back(provenance_section(manifest));
    return render_page(page.title, subtitle(manifest, page.what.empty() ? kind.kind : page.what),
                       page.sections);
  } catch (const json::exception& e) {
    // A field of the wrong type anywhere (a hand-edited or foreign file): bad input.
    throw ReportInputError(
        fmt::format("{}: expected the fields smesim writes ({})", results.where(""), e.what()));
  }
}

std::string render_report(const fs::path& folder, std::span<const NamedReport> kinds) {
  const NamedReport& kind = detect_kind(folder, kinds);
  return render_report(ReportInput(folder), kind);
}

fs::path write_report(const fs::path& folder, std::span<const NamedReport> kinds, const fs::path& output) {
  const fs::path path = output.empty() ? folder / "report.html" : output;
  write_file_atomically(path, render_report(folder, kinds));
  return path;
}

}  // namespace smesim::detail::report
