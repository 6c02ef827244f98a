#pragma once
// Writers of result tables (docs/architecture.md "Tables and writers"): each turns a study's
// tables (smesim/io/result_table.hpp) into one kind of file and knows nothing of the study that
// made them (google/benchmark's reporters are the model). table_writers() is the one place
// that chooses them.

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "smesim/io/result_table.hpp"

namespace smesim::detail {

/// What a reader of the tables needs to know besides them: a title and facts such as the
/// scenario, seed, replications and revision, shown first in the workbook.
struct TablesContext {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  ///< (label, value), in order
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  /// Writes `tables` into `folder`, each file atomically. @throws OutputError
  virtual void write(const TablesContext& context, std::span<const ResultTable> tables,
                     const std::filesystem::path& folder) = 0;
};

/// Which writers a results folder gets.
struct OutputOptions {
  bool workbook = true;  ///< results.xlsx (`--no-xlsx` turns it off)
};

/// The writers of a results folder, in the order they write: the workbook, then the CSV files
/// (in the order of the tables, so the last table's file is the last written).
std::vector<std::unique_ptr<TableWriter>> table_writers(const OutputOptions& options);

/// Writes `tables` with every writer of table_writers(options). @throws OutputError
void write_tables(const TablesContext& context, std::span<const ResultTable> tables,
                  const std::filesystem::path& folder, const OutputOptions& options);

}  // namespace smesim::detail
