#include "study/results_writers.hpp"

#include "io/console_writer.hpp"
#include "io/csv_table_writer.hpp"
#include "io/document_writer.hpp"
#include "io/outputs.hpp"
#include "io/store_destination.hpp"
#include "io/xlsx_table_writer.hpp"
#include "smesim/error.hpp"
#include "study/study_report.hpp"

namespace smesim::detail {
namespace {

constexpr const char* kReportName = "report.html";

// The HTML report of the results, from their tables and documents (as `smesim report` makes it
// later from the folder). It comes last, after the folder is marked finished: a report that
// cannot be made leaves the results whole.
class ReportWriter final : public ResultsWriter {
 public:
  void write(const StudyResults& results, ResultsDestination& destination) override {
    destination.file(kReportName, [html = render_study_report(results)](const std::filesystem::path& path) {
      write_text_file(path, html);
    });
  }
  [[nodiscard]] bool after_finish() const override { return true; }
};

}  // namespace

std::vector<std::unique_ptr<ResultsWriter>> results_writers(const OutputOptions& options) {
  std::vector<std::unique_ptr<ResultsWriter>> writers;
  writers.push_back(std::make_unique<ConsoleWriter>());
  if (options.workbook) writers.push_back(std::make_unique<XlsxTableWriter>());
  writers.push_back(std::make_unique<DocumentWriter>());
  writers.push_back(std::make_unique<CsvTableWriter>());
  if (options.report) writers.push_back(std::make_unique<ReportWriter>());
  return writers;
}

WrittenResults write_results(const StudyResults& results, ResultsStore& store, const OutputOptions& options) {
  // A folder finished before (a resumed or restarted study) is unfinished until its new outputs
  // are all written.
  if (!results.finished_file.empty()) {
    std::error_code ec;
    std::filesystem::remove(store.working_folder() / results.finished_file, ec);
  }
  StoreDestination destination(store, results.finished_file);
  WrittenResults written;
  bool finished = false;
  for (const auto& writer : results_writers(options)) {
    if (!writer->after_finish()) {
      writer->write(results, destination);
      continue;
    }
    if (!finished) destination.finish();
    finished = true;
    // A report that cannot be written must not cost the results: they are kept.
    try {
      writer->write(results, destination);
      written.report_written = true;
    } catch (const Error& e) {
      written.report_error = e.what();
    }
  }
  if (!finished) destination.finish();
  written.console = destination.console_text();
  return written;
}

}  // namespace smesim::detail
