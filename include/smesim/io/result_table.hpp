#pragma once
/// @file io/result_table.hpp
/// @brief A result as data (docs/architecture.md "Tables and writers"): a named table whose
/// columns say what their numbers are (a count of SMEs, money in THB, a probability, …). A
/// study builds tables; writers (io/results_writer.hpp) turn them into files and know nothing of
/// the study. The CSV of a table is the same whatever its columns' quantities; the quantities
/// decide how the writers for people (the Excel workbook) show the numbers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace smesim {

/// What the numbers of a column are.
enum class Quantity : std::uint8_t {
  text,         ///< names, ids, labels
  integer,      ///< an exact whole number: a replication, a step, a count of replications
  count,        ///< a number of SMEs or firms, possibly a mean or quantile of such numbers
  money_thb,    ///< money in baht
  probability,  ///< a probability or share of replications, 0 to 1
  index,        ///< a unitless statistic read to three decimals (a Sobol' index, a correlation)
  number,       ///< any other number (a parameter value, a ratio)
  per_row,      ///< the row says: its quantity is given with the row (a long table's `kpi`)
};

/// A column that is one end of an interval, beside the column of the other end.
enum class IntervalEnd : std::uint8_t { none, lo, hi };

struct TableColumn {
  std::string name;  ///< the CSV header
  Quantity quantity = Quantity::number;
  IntervalEnd interval = IntervalEnd::none;
};

/// One value: empty, text, a whole number or a number (NaN where undefined).
using TableCell = std::variant<std::monostate, std::string, long long, double>;

class ResultTable {
 public:
  /// @param name  the file's stem (`agencies` for agencies.csv) and the workbook sheet's name
  /// @param description  what a row is and what the table holds, for a reader (a sentence)
  ResultTable(std::string name, std::string description);

  /// Declares the next column; all columns come before the first cell.
  ResultTable& column(std::string name, Quantity quantity, IntervalEnd interval = IntervalEnd::none);

  /// Appends a cell to the row being built.
  ResultTable& cell(std::string_view text);
  ResultTable& cell(const char* text) { return cell(std::string_view(text)); }
  ResultTable& cell(const std::string& text) { return cell(std::string_view(text)); }
  ResultTable& cell(double value);
  ResultTable& cell(long long value);
  ResultTable& cell(int value) { return cell(static_cast<long long>(value)); }
  ResultTable& cell(unsigned value) { return cell(static_cast<long long>(value)); }
  ResultTable& cell(long value) { return cell(static_cast<long long>(value)); }
  ResultTable& cell(unsigned long value) { return cell(static_cast<long long>(value)); }
  ResultTable& cell(unsigned long long value) { return cell(static_cast<long long>(value)); }
  ResultTable& empty_cell();
  /// A value as a file or the user wrote it: a number cell when `text` is exactly how the CSV
  /// writes that number (so the CSV keeps the text), else a text cell (`*1.2`, `broad`, `2.5e8`).
  ResultTable& cell_as_written(std::string_view text);
  /// Ends the row; `per_row` is the quantity of this row's Quantity::per_row columns.
  /// @pre the row has one cell per column
  void end_row(Quantity per_row = Quantity::number);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& description() const { return description_; }
  [[nodiscard]] const std::vector<TableColumn>& columns() const { return columns_; }
  [[nodiscard]] std::size_t rows() const { return row_quantities_.size(); }
  [[nodiscard]] const TableCell& at(std::size_t row, std::size_t column) const;
  /// The quantity of a cell: its column's, or its row's for a Quantity::per_row column.
  [[nodiscard]] Quantity quantity_at(std::size_t row, std::size_t column) const;

 private:
  std::string name_;
  std::string description_;
  std::vector<TableColumn> columns_;
  std::vector<TableCell> cells_;  ///< row by row
  std::vector<Quantity> row_quantities_;
  std::size_t row_cells_ = 0;  ///< cells of the row being built
};

/// The quantity of a KPI or target by its name in the outputs: money for `*_thb` and
/// `thb_per_*`, a count of SMEs for `developed`, `expanded` and the other counts of firms, a
/// probability for `probability_met` and `p_met*`, else a plain number.
Quantity quantity_of(std::string_view name);

}  // namespace smesim
