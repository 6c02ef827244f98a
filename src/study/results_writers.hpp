#pragma once
// The one place that chooses the writers of a study's results (io/results_writer.hpp) and runs
// them: the console summary, the workbook, the JSON documents, the CSV files — the file that
// marks the folder finished last — then the HTML report, which reads the finished folder back.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/results_writer.hpp"
#include "smesim/io/results_store.hpp"

namespace smesim::detail {

/// The writers, in the order they run.
std::vector<std::unique_ptr<ResultsWriter>> results_writers(const OutputOptions& options);

/// What writing the results gave besides the files.
struct WrittenResults {
  std::string console;
  bool report_written = false;  ///< report.html, when asked for
  std::string report_error;     ///< why report.html was not written (the results are kept)
};

/// Writes `results` into `store`'s working folder with results_writers(options).
/// @throws OutputError
WrittenResults write_results(const StudyResults& results, ResultsStore& store, const OutputOptions& options);

}  // namespace smesim::detail
