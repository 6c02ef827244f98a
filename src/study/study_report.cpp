#include "study/study_report.hpp"

#include <vector>

#include <fmt/format.h>
#include "io/output_ledger.hpp"

#include "io/report/report.hpp"
#include "smesim/error.hpp"
#include "smesim/study/study_kinds.hpp"

namespace smesim::detail {
namespace {

std::vector<report::NamedReport> report_kinds() {
  std::vector<report::NamedReport> kinds;
  for (const StudyKind& kind : study_kinds()) kinds.push_back({kind.name, kind.resumable, kind.report});
  return kinds;
}

}  // namespace

std::string render_study_report(const std::filesystem::path& folder) {
  return report::render_report(folder, report_kinds());
}

std::string render_study_report(const StudyResults& results) {
  for (const report::NamedReport& kind : report_kinds())
    if (kind.kind == results.kind) return report::render_report(report::ReportInput(results), kind);
  throw Error(fmt::format("no report for results of kind \"{}\"", results.kind));
}

std::filesystem::path write_study_report(const std::filesystem::path& folder,
                                         const std::filesystem::path& output) {
  // In a study folder the report is one of smesim's outputs, which --restart discards with the
  // rest (a run's folder is replaced whole).
  std::error_code ec;
  if (output.empty() && std::filesystem::exists(folder / "experiment.json", ec))
    record_output(folder, "report.html");
  return report::write_report(folder, report_kinds(), output);
}

}  // namespace smesim::detail
