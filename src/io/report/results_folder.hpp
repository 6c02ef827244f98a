#pragma once
// Reading a results folder back for the report: which command made it, and its CSV and JSON
// files. The report is built from these files alone, so `smesim report` works on any
// finished folder, however old, and a report never disagrees with the files beside it.

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/report/kind_report.hpp"
#include "smesim/error.hpp"

namespace smesim::detail::report {

/// A results folder or one of its files is missing or malformed (exit 2: bad input).
class ReportInputError : public Error {
 public:
  using Error::Error;
};

/// A CSV file as read: the header row and the text of every cell.
class CsvTable {
 public:
  CsvTable(std::string file, std::vector<std::string> header, std::vector<std::vector<std::string>> rows);

  [[nodiscard]] std::size_t rows() const { return rows_.size(); }
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  [[nodiscard]] bool has_column(std::string_view name) const;
  /// The cell as text. @throws ReportInputError when the column does not exist
  [[nodiscard]] const std::string& text(std::size_t row, std::string_view column) const;
  /// The cell as a number (`nan` reads as NaN). @throws ReportInputError naming file:line
  [[nodiscard]] double number(std::size_t row, std::string_view column) const;
  /// A whole column as numbers, in row order. @throws ReportInputError
  [[nodiscard]] std::vector<double> numbers(std::string_view column) const;

 private:
  [[nodiscard]] std::size_t column_index(std::string_view name) const;
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Parses an RFC 4180 CSV file (the format smesim writes). @throws ReportInputError
CsvTable read_csv(const std::filesystem::path& path);
/// Parses a JSON file. @throws ReportInputError with the line and column of a syntax error
nlohmann::json read_json(const std::filesystem::path& path);
/// The same, keeping the file's order of keys (for tables that follow it).
nlohmann::ordered_json read_ordered_json(const std::filesystem::path& path);

/// A number from JSON, `null` (an undefined statistic) as NaN. @throws ReportInputError
double json_number(const nlohmann::json& value, std::string_view what);

/// Which of `kinds` wrote `folder`, from the files it holds. @throws ReportInputError
const NamedReport& detect_kind(const std::filesystem::path& folder, std::span<const NamedReport> kinds);

}  // namespace smesim::detail::report
