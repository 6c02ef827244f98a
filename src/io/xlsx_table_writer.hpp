#pragma once
// The Excel writer of result tables (docs/outputs.md "results.xlsx"): one workbook,
// results.xlsx, with a first sheet "README" (the context's title and facts and what each sheet
// holds) and a sheet per table. Numbers stay numbers: money in baht shown as THB (as M THB from
// a million), probabilities as percentages, counts with thousands separators; a frozen header
// row of column names over a row of units; columns as wide as their contents.

#include "io/results_writer.hpp"

namespace smesim::detail {

/// The file the writer writes.
inline constexpr const char* kWorkbookName = "results.xlsx";

/// The sheet name of a table: its name cut to Excel's 31 characters, with the characters a
/// sheet name cannot hold (`[]:*?/\`) replaced by `_`.
std::string sheet_name(const std::string& table_name);

class XlsxTableWriter final : public ResultsWriter {
 public:
  /// @throws OutputError naming the workbook and libxlsxwriter's reason
  void write(const StudyResults& results, ResultsDestination& destination) override;
};

}  // namespace smesim::detail
