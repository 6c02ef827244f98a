#include "io/csv_table_writer.hpp"

#include <sstream>
#include <type_traits>
#include <variant>

#include "io/csv_writer.hpp"
#include "io/outputs.hpp"

namespace smesim::detail {

std::string table_csv(const ResultTable& table) {
  std::ostringstream out;
  CsvWriter csv(out);
  for (const TableColumn& column : table.columns()) csv.cell(column.name);
  csv.end_row();
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t c = 0; c < table.columns().size(); ++c)
      std::visit(
          [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::monostate>)
              csv.cell(std::string_view());
            else
              csv.cell(value);
          },
          table.at(r, c));
    csv.end_row();
  }
  return out.str();
}

void CsvTableWriter::write(const StudyResults& results, ResultsDestination& destination) {
  // The text goes with the function: a destination may hold it back (the finished file).
  for (const ResultTable& table : results.tables)
    destination.file(table.name() + ".csv", [text = table_csv(table)](const std::filesystem::path& path) {
      write_text_file(path, text);
    });
}

}  // namespace smesim::detail
