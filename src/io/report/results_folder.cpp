#include "io/report/results_folder.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/stored_file.hpp"

namespace smesim::detail::report {
namespace {

// Through the reader of every stored file (io/stored_file.hpp): a FIFO or a device where a
// table was is refused, not waited on, and a file is read only up to a size smesim writes.
std::string read_whole(const std::filesystem::path& path, std::size_t max_bytes) {
  try {
    return read_stored_file(path, max_bytes);
  } catch (const StoredFileError& e) {
    throw ReportInputError(e.what());
  }
}

// Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, quotes
// doubled, and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& file) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(std::move(field));
      records.push_back(std::move(record));
      record.clear();
      field.clear();
      field_started = false;
      ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw ReportInputError(fmt::format("{}:{}: a quoted field is not closed", file, line));
  if (field_started || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

// What a results folder of each of `kinds` holds, for the message that it holds none of it:
// "summary.json and manifest.json of a run, or experiment.json of a sweep, … or optimise".
std::string expected_files(std::span<const NamedReport> kinds) {
  std::vector<std::string> runs;
  std::vector<std::string_view> experiments;
  for (const NamedReport& named : kinds) {
    if (named.experiment)
      experiments.push_back(named.kind);
    else
      runs.push_back(fmt::format("{} and manifest.json of a {}", named.report->finished_file, named.kind));
  }
  std::string names;
  for (std::size_t i = 0; i < experiments.size(); ++i)
    names += fmt::format("{}{}", i == 0 ? "" : (i + 1 == experiments.size() ? " or " : ", "), experiments[i]);
  runs.push_back(fmt::format("experiment.json of a {}", names));
  return fmt::format("{}", fmt::join(runs, ", or "));
}

}  // namespace

ResultTable read_csv(const std::filesystem::path& path) {
  auto records = parse_csv(read_whole(path, kMaxStoredTableBytes), path.string());
  if (records.empty())
    throw ReportInputError(fmt::format("{}:1: expected a header row, the file is empty", path.string()));
  std::vector<std::string> header = std::move(records.front());
  records.erase(records.begin());
  for (std::size_t r = 0; r < records.size(); ++r)
    if (records[r].size() != header.size())
      throw ReportInputError(fmt::format("{}:{}: expected {} fields as in the header, got {}", path.string(),
                                         r + 2, header.size(), records[r].size()));
  ResultTable table(path.stem().string(), {});
  for (const std::string& name : header) table.column(name, Quantity::text);
  for (const auto& record : records) {
    for (const std::string& cell : record) table.cell(cell);
    table.end_row();
  }
  return table;
}

template <class Json>
Json parse_json_file(const std::filesystem::path& path) {
  const std::string text = read_whole(path, kMaxStoredJsonBytes);
  try {
    check_stored_json_depth(text, path);
  } catch (const StoredFileError& e) {
    throw ReportInputError(e.what());
  }
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; people and editors want line:column.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n')
        ++line, column = 1;
      else
        ++column;
    }
    throw ReportInputError(
        fmt::format("{}:{}:{}: expected valid JSON ({})", path.string(), line, column, e.what()));
  } catch (const nlohmann::json::exception& e) {
    // Valid syntax nlohmann-json cannot hold (a number beyond a double: out_of_range 406).
    throw ReportInputError(fmt::format("{}: expected valid JSON ({})", path.string(), e.what()));
  }
}

nlohmann::json read_json(const std::filesystem::path& path) { return parse_json_file<nlohmann::json>(path); }

nlohmann::ordered_json read_ordered_json(const std::filesystem::path& path) {
  return parse_json_file<nlohmann::ordered_json>(path);
}

double json_number(const nlohmann::json& value, std::string_view what) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number())
    throw ReportInputError(fmt::format("{}: expected a number, got {}", what, value.dump()));
  return value.get<double>();
}

const NamedReport& detect_kind(const std::filesystem::path& folder, std::span<const NamedReport> kinds) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(folder)) throw ReportInputError(fmt::format("{}: not a folder", folder.string()));
  const auto has = [&](std::string_view name) { return fs::exists(folder / name); };
  if (has("experiment.json")) {
    const auto experiment = read_json(folder / "experiment.json");
    const auto kind_member = experiment.is_object() ? experiment.find("kind") : experiment.end();
    const std::string kind =
        kind_member != experiment.end() && kind_member->is_string() ? kind_member->get<std::string>() : "";
    for (const NamedReport& named : kinds) {
      if (!named.experiment || named.kind != kind) continue;
      if (!has(named.report->finished_file))
        throw ReportInputError(
            fmt::format("{}: the {} is unfinished ({} is missing); run it to the end first", folder.string(),
                        kind, named.report->finished_file));
      return named;
    }
    throw ReportInputError(
        fmt::format("{}: unknown experiment kind \"{}\"", (folder / "experiment.json").string(), kind));
  }
  for (const NamedReport& named : kinds)
    if (!named.experiment && has(named.report->finished_file) && has("manifest.json")) return named;
  throw ReportInputError(fmt::format("{}: not a results folder of smesim (expected {})", folder.string(),
                                     expected_files(kinds)));
}

}  // namespace smesim::detail::report
