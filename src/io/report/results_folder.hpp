#pragma once
// Reading a results folder back for the report (report_input.hpp): which command made it, and
// its CSV and JSON files. `smesim report` works on any finished folder, however old, from these
// files alone.

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/report/kind_report.hpp"
#include "smesim/error.hpp"
#include "smesim/io/result_table.hpp"

namespace smesim::detail::report {

/// A results folder or one of its files is missing or malformed (exit 2: bad input).
class ReportInputError : public Error {
 public:
  using Error::Error;
};

/// Parses an RFC 4180 CSV file (the format smesim writes) into a table of text cells, its
/// name the file's stem. @throws ReportInputError
ResultTable read_csv(const std::filesystem::path& path);
/// Parses a JSON file. @throws ReportInputError with the line and column of a syntax error
nlohmann::json read_json(const std::filesystem::path& path);
/// The same, keeping the file's order of keys.
nlohmann::ordered_json read_ordered_json(const std::filesystem::path& path);

/// A number from JSON, `null` (an undefined statistic) as NaN. @throws ReportInputError
double json_number(const nlohmann::json& value, std::string_view what);

/// Which of `kinds` wrote `folder`, from the files it holds. @throws ReportInputError
const NamedReport& detect_kind(const std::filesystem::path& folder, std::span<const NamedReport> kinds);

}  // namespace smesim::detail::report
