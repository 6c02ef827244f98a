#pragma once
// What a report is made from: a study's results (smesim/io/study_results.hpp) — its tables and
// JSON documents — either as the study has just returned them (the report writer) or read
// back from a finished results folder (`smesim report FOLDER`). Both give the sections the same
// tables and documents, so a report made later from the folder is the report made with the
// results.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/io/study_results.hpp"

namespace smesim::detail::report {

/// A table of the results as the report reads it: its cells by column name, as text exactly as
/// the CSV file has it, or as numbers.
class ReportTable {
 public:
  /// @param file  where the table is, for messages (`FOLDER/points.csv`)
  ReportTable(std::string file, const ResultTable& table);

  [[nodiscard]] std::size_t rows() const { return table_->rows(); }
  [[nodiscard]] bool has_column(std::string_view name) const;
  /// The column names, in order.
  [[nodiscard]] std::vector<std::string> header() const;
  /// The cell as the CSV file writes it. @throws ReportInputError when the column does not exist
  [[nodiscard]] std::string text(std::size_t row, std::string_view column) const;
  /// The cell as a number (`nan` reads as NaN). @throws ReportInputError naming file:line
  [[nodiscard]] double number(std::size_t row, std::string_view column) const;
  /// A whole column as numbers, in row order. @throws ReportInputError
  [[nodiscard]] std::vector<double> numbers(std::string_view column) const;

 private:
  [[nodiscard]] std::size_t column_index(std::string_view name) const;
  std::string file_;
  const ResultTable* table_;
};

class ReportInput {
 public:
  /// The results as a study returned them; they must outlive this.
  explicit ReportInput(const StudyResults& results);
  /// A finished results folder: each table and document is read when a section first asks.
  explicit ReportInput(std::filesystem::path folder);

  /// Table `name` (`points` for points.csv). @throws ReportInputError when there is none
  [[nodiscard]] const ReportTable& table(std::string_view name) const;
  [[nodiscard]] bool has_table(std::string_view name) const;
  /// Document `name` (`summary.json`, `variants/a/summary.json`). @throws ReportInputError
  [[nodiscard]] const nlohmann::json& document(std::string_view name) const;
  /// The same in the document's own order of keys (a table that follows it: best.json's
  /// variables as the optimise file lists them).
  [[nodiscard]] const nlohmann::ordered_json& ordered_document(std::string_view name) const;
  /// Where output `name` of the results is, for messages: the file in the folder, or the name;
  /// empty: the folder, or "the results".
  [[nodiscard]] std::string where(std::string_view name) const;

 private:
  [[nodiscard]] const ResultDocument* result_document(std::string_view name) const;

  const StudyResults* results_ = nullptr;  ///< null: read from folder_
  std::filesystem::path folder_;
  // Read on first use: a table's cells (from the folder) and its view; the documents.
  mutable std::map<std::string, std::unique_ptr<ResultTable>, std::less<>> read_tables_;
  mutable std::map<std::string, ReportTable, std::less<>> tables_;
  mutable std::map<std::string, nlohmann::json, std::less<>> documents_;
  mutable std::map<std::string, nlohmann::ordered_json, std::less<>> ordered_documents_;
};

}  // namespace smesim::detail::report
