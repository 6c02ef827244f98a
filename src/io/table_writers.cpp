// The one place that chooses the writers of a results folder (io/table_writer.hpp).
#include "io/csv_table_writer.hpp"
#include "io/table_writer.hpp"
#include "io/xlsx_table_writer.hpp"

namespace smesim::detail {

std::vector<std::unique_ptr<TableWriter>> table_writers(const OutputOptions& options) {
  std::vector<std::unique_ptr<TableWriter>> writers;
  // The workbook before the CSV files: a study whose last table's CSV file marks its folder
  // finished (a comparison's comparison.csv) keeps that file last.
  if (options.workbook) writers.push_back(std::make_unique<XlsxTableWriter>());
  writers.push_back(std::make_unique<CsvTableWriter>());
  return writers;
}

void write_tables(const TablesContext& context, std::span<const ResultTable> tables,
                  const std::filesystem::path& folder, const OutputOptions& options) {
  for (const auto& writer : table_writers(options)) writer->write(context, tables, folder);
}

}  // namespace smesim::detail
