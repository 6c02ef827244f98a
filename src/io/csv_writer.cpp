#include "io/csv_writer.hpp"

#include <cmath>

#include <fmt/format.h>

namespace smesim::detail {

std::string format_csv_number(double value) {
  if (std::isnan(value)) return "nan";
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);
}

void CsvWriter::separator() {
  if (!first_) out_ << ',';
  first_ = false;
}

CsvWriter& CsvWriter::cell(std::string_view text) {
  separator();
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    out_ << text;
    return *this;
  }
  out_ << '"';
  for (const char c : text) {
    if (c == '"') out_ << '"';
    out_ << c;
  }
  out_ << '"';
  return *this;
}

CsvWriter& CsvWriter::cell(double value) {
  separator();
  out_ << format_csv_number(value);
  return *this;
}

CsvWriter& CsvWriter::cell(long long value) {
  separator();
  out_ << value;
  return *this;
}

void CsvWriter::end_row() {
  out_ << '\n';
  first_ = true;
}

}  // namespace smesim::detail
