#pragma once
// Writers of a study's results (docs/architecture.md "Tables and writers"): each turns the
// results (smesim/io/study_results.hpp) into one kind of output — the console summary, CSV
// files, the Excel workbook, JSON documents, the HTML report — and knows nothing of the study
// that made them (google/benchmark's reporters are the model). Where the output goes is the
// destination's business: a results folder, or memory in a writer's test. The study layer's
// results_writers() is the one place that chooses them.

#include <filesystem>
#include <functional>
#include <string>

#include "smesim/io/study_results.hpp"

namespace smesim::detail {

/// Where writers put what they make.
class ResultsDestination {
 public:
  virtual ~ResultsDestination() = default;
  /// File `name` of the results folder (`points.csv`, `variants/a/summary.json`); `write`
  /// writes it whole to the path it is given, now or later (the file that marks a folder
  /// finished waits for the others), so it owns what it writes. @throws OutputError
  virtual void file(const std::string& name,
                    const std::function<void(const std::filesystem::path&)>& write) = 0;
  /// Text for the person who ran the study (standard output).
  virtual void console(const std::string& text) = 0;
};

class ResultsWriter {
 public:
  virtual ~ResultsWriter() = default;
  /// @throws OutputError
  virtual void write(const StudyResults& results, ResultsDestination& destination) = 0;
  /// Whether it writes after the folder is marked finished, so that its failure costs the
  /// results nothing (the HTML report, which `smesim report` can make again from the folder).
  [[nodiscard]] virtual bool after_finish() const { return false; }
};

/// Which writers a results folder gets besides the CSV files, the documents and the console.
struct OutputOptions {
  bool workbook = true;  ///< results.xlsx (`--no-xlsx` turns it off)
  bool report = false;   ///< report.html (`--report`)
};

}  // namespace smesim::detail
