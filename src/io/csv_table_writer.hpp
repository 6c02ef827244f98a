#pragma once
// The CSV writer of result tables: `<name>.csv` per table, in the one number format of every
// CSV file (io/csv_writer.hpp), so a table's CSV does not depend on its columns' quantities.

#include "io/results_writer.hpp"

namespace smesim::detail {

/// A table as CSV text: the header row, then a row per table row; an empty cell is empty.
std::string table_csv(const ResultTable& table);

class CsvTableWriter final : public ResultsWriter {
 public:
  void write(const StudyResults& results, ResultsDestination& destination) override;
};

}  // namespace smesim::detail
