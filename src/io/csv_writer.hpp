#pragma once
// A small CSV writer (RFC 4180 quoting) with one number format for every file, so equal
// results give byte-identical files.

#include <ostream>
#include <string>
#include <string_view>

namespace smesim::detail {

/// Shortest text that reads back as the same double; `nan` for NaN.
std::string format_csv_number(double value);

class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}

  CsvWriter& cell(std::string_view text);
  CsvWriter& cell(double value);
  CsvWriter& cell(long long value);
  CsvWriter& cell(int value) { return cell(static_cast<long long>(value)); }
  CsvWriter& cell(unsigned value) { return cell(static_cast<long long>(value)); }
  void end_row();

 private:
  void separator();
  std::ostream& out_;
  bool first_ = true;
};

}  // namespace smesim::detail
