#include "io/console_writer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "io/report/number_text.hpp"

namespace smesim::detail {
namespace {

// A number for a terminal, by what it is.
std::string number_text(double value, Quantity quantity) {
  switch (quantity) {
    case Quantity::count:
      return report::count_text(value);
    case Quantity::money_thb:
      return report::money_text(value);
    case Quantity::probability:
      return report::probability_text(value);
    case Quantity::integer:
      return report::grouped(value, 0);
    case Quantity::index:
      return report::grouped(value, 3);
    case Quantity::text:
    case Quantity::number:
    case Quantity::per_row:
      break;
  }
  return report::significant_text(value, 3);
}

std::string cell_text(const TableCell& cell, Quantity quantity) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* whole = std::get_if<long long>(&cell))
    return quantity == Quantity::integer ? fmt::format("{}", *whole)
                                         : number_text(static_cast<double>(*whole), quantity);
  if (const auto* value = std::get_if<double>(&cell)) return number_text(*value, quantity);
  return "";
}

// A column as the terminal shows it: one table column, or the two ends of an interval.
struct ShownColumn {
  std::size_t first = 0;
  std::size_t last = 0;  ///< == first unless an interval
  bool left = false;     ///< aligned left (text)
};

std::vector<ShownColumn> shown_columns(const ResultTable& table) {
  const auto& columns = table.columns();
  std::vector<ShownColumn> shown;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const bool interval = columns[c].interval == IntervalEnd::lo && c + 1 < columns.size() &&
                          columns[c + 1].interval == IntervalEnd::hi;
    shown.push_back({c, interval ? c + 1 : c, columns[c].quantity == Quantity::text});
    if (interval) ++c;
  }
  return shown;
}

std::string shown_cell(const ResultTable& table, std::size_t row, const ShownColumn& column) {
  const std::string lo = cell_text(table.at(row, column.first), table.quantity_at(row, column.first));
  if (column.last == column.first) return lo;
  const std::string hi = cell_text(table.at(row, column.last), table.quantity_at(row, column.last));
  if (lo.empty() && hi.empty()) return "";
  if (lo == "n/a" && hi == "n/a") return "n/a";
  return fmt::format("{} to {}", lo, hi);
}

std::string padded(const std::string& text, std::size_t width, bool left) {
  const std::string fill(width - std::min(width, display_width(text)), ' ');
  return left ? fmt::format("{}{}", text, fill) : fmt::format("{}{}", fill, text);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    char32_t code = length == 1 ? byte : byte & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    // Combining marks sit on the character before them: Thai above/below vowels and tone marks
    // (U+0E31, U+0E34-0E3A, U+0E47-0E4E) and the general combining diacritics.
    const bool combining = code == 0x0E31 || (code >= 0x0E34 && code <= 0x0E3A) ||
                           (code >= 0x0E47 && code <= 0x0E4E) || (code >= 0x0300 && code <= 0x036F);
    width += combining ? 0 : 1;
    i += length;
  }
  return width;
}

std::string wrapped(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t line = 0;  // columns on the current line
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view word(text.data() + start, end - start);
    const std::size_t columns = display_width(word);
    if (line > 0 && line + 1 + columns > width) {
      out += '\n';
      line = 0;
    }
    if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += columns;
    start = end + 1;
  }
  return out + "\n";
}

std::string console_table_text(const ResultTable& table) {
  const std::vector<ShownColumn> columns = shown_columns(table);
  std::vector<std::vector<std::string>> rows(table.rows() + 1);
  for (const ShownColumn& column : columns) rows[0].push_back(table.columns()[column.first].name);
  for (std::size_t r = 0; r < table.rows(); ++r)
    for (const ShownColumn& column : columns) rows[r + 1].push_back(shown_cell(table, r, column));
  std::vector<std::size_t> widths(columns.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  std::string text = table.description().empty() ? "" : wrapped(table.description());
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += padded(row[c], widths[c], columns[c].left);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  return text;
}

std::string console_text(std::span<const ConsoleBlock> blocks) {
  std::string text;
  for (const ConsoleBlock& block : blocks) {
    if (!text.empty()) text += "\n";
    if (const auto* table = std::get_if<ResultTable>(&block)) {
      text += console_table_text(*table);
    } else {
      const auto& paragraph = std::get<std::string>(block);
      text += paragraph;
      if (!paragraph.empty() && paragraph.back() != '\n') text += "\n";
    }
  }
  return text;
}

void ConsoleWriter::write(const StudyResults& results, ResultsDestination& destination) {
  destination.console(console_text(results.console));
}

}  // namespace smesim::detail
