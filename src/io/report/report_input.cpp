#include "io/report/report_input.hpp"

#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "io/csv_writer.hpp"
#include "io/report/results_folder.hpp"

namespace smesim::detail::report {
namespace {

// A cell as the CSV writer writes it (io/csv_table_writer.cpp), so that a table read back from
// its file and the table itself give the sections the same text.
std::string csv_text(const smesim::TableCell& cell) {
  return std::visit(
      [](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return {};
        else if constexpr (std::is_same_v<T, std::string>)
          return value;
        else if constexpr (std::is_same_v<T, long long>)
          return fmt::format("{}", value);
        else
          return format_csv_number(value);
      },
      cell);
}

}  // namespace

ReportTable::ReportTable(std::string file, const ResultTable& table)
    : file_(std::move(file)), table_(&table) {}

bool ReportTable::has_column(std::string_view name) const {
  for (const TableColumn& column : table_->columns())
    if (column.name == name) return true;
  return false;
}

std::vector<std::string> ReportTable::header() const {
  std::vector<std::string> names;
  for (const TableColumn& column : table_->columns()) names.push_back(column.name);
  return names;
}

std::size_t ReportTable::column_index(std::string_view name) const {
  const auto& columns = table_->columns();
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  throw ReportInputError(fmt::format("{}:1: expected a column `{}` in the header", file_, name));
}

std::string ReportTable::text(std::size_t row, std::string_view column) const {
  return csv_text(table_->at(row, column_index(column)));
}

double ReportTable::number(std::size_t row, std::string_view column) const {
  const smesim::TableCell& cell = table_->at(row, column_index(column));
  if (const auto* whole = std::get_if<long long>(&cell)) return static_cast<double>(*whole);
  if (const auto* value = std::get_if<double>(&cell)) return *value;
  const std::string text = csv_text(cell);
  if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw ReportInputError(
        fmt::format("{}:{}: expected a number in column `{}`, got \"{}\"", file_, row + 2, column, text));
  return value;
}

std::vector<double> ReportTable::numbers(std::string_view column) const {
  std::vector<double> out;
  out.reserve(rows());
  for (std::size_t r = 0; r < rows(); ++r) out.push_back(number(r, column));
  return out;
}

ReportInput::ReportInput(const StudyResults& results) : results_(&results) {}

ReportInput::ReportInput(std::filesystem::path folder) : folder_(std::move(folder)) {}

std::string ReportInput::where(std::string_view name) const {
  if (results_ != nullptr) return name.empty() ? std::string("the results") : std::string(name);
  return name.empty() ? folder_.string() : (folder_ / std::filesystem::path(name)).string();
}

bool ReportInput::has_table(std::string_view name) const {
  if (results_ == nullptr) {
    std::error_code ec;
    return std::filesystem::exists(folder_ / fmt::format("{}.csv", name), ec);
  }
  for (const ResultTable& table : results_->tables)
    if (table.name() == name) return true;
  return false;
}

const ReportTable& ReportInput::table(std::string_view name) const {
  if (const auto found = tables_.find(name); found != tables_.end()) return found->second;
  const std::string file = fmt::format("{}.csv", name);
  const ResultTable* table = nullptr;
  if (results_ == nullptr) {
    auto read = std::make_unique<ResultTable>(read_csv(folder_ / file));
    table = read.get();
    read_tables_.emplace(std::string(name), std::move(read));
  } else {
    for (const ResultTable& t : results_->tables)
      if (t.name() == name) table = &t;
    if (table == nullptr) throw ReportInputError(fmt::format("{}: not among the results", file));
  }
  return tables_.emplace(std::string(name), ReportTable(where(file), *table)).first->second;
}

const ResultDocument* ReportInput::result_document(std::string_view name) const {
  for (const ResultDocument& document : results_->documents)
    if (document.name == name) return &document;
  return nullptr;
}

const nlohmann::ordered_json& ReportInput::ordered_document(std::string_view name) const {
  if (results_ != nullptr) {
    const ResultDocument* document = result_document(name);
    if (document == nullptr) throw ReportInputError(fmt::format("{}: not among the results", name));
    return document->content;
  }
  if (const auto found = ordered_documents_.find(name); found != ordered_documents_.end())
    return found->second;
  return ordered_documents_
      .emplace(std::string(name), read_ordered_json(folder_ / std::filesystem::path(name)))
      .first->second;
}

const nlohmann::json& ReportInput::document(std::string_view name) const {
  if (const auto found = documents_.find(name); found != documents_.end()) return found->second;
  nlohmann::json content;
  if (results_ == nullptr) {
    content = read_json(folder_ / std::filesystem::path(name));
  } else {
    const ResultDocument* document = result_document(name);
    if (document == nullptr) throw ReportInputError(fmt::format("{}: not among the results", name));
    content = document->content;
  }
  return documents_.emplace(std::string(name), std::move(content)).first->second;
}

}  // namespace smesim::detail::report
