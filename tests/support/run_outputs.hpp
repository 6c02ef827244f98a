#pragma once
// Reading a run folder back in tests: its CSV files as cells, the files every finished run
// holds, and the mean and median of a small sample computed independently of the library.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/experiment_support.hpp"

namespace smesim::test::run_outputs {

namespace fs = std::filesystem;

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  [[nodiscard]] std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    INFO("column " << name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
  [[nodiscard]] double number(std::size_t row, const std::string& name) const {
    const std::string& cell = rows.at(row).at(column(name));
    char* end = nullptr;
    const double value = std::strtod(cell.c_str(), &end);
    INFO("row " << row << " column " << name << " cell `" << cell << "`");
    REQUIRE(!cell.empty());
    REQUIRE(*end == '\0');
    return value;
  }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

inline Csv read_csv(const fs::path& path) {
  const std::string text = read_text(path);
  INFO(path.string());
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  Csv csv;
  std::istringstream in(text);
  std::string line;
  REQUIRE(std::getline(in, line));
  csv.header = split_csv_line(line);
  while (std::getline(in, line)) {
    auto cells = split_csv_line(line);
    INFO("line `" << line << "`");
    REQUIRE(cells.size() == csv.header.size());
    csv.rows.push_back(std::move(cells));
  }
  return csv;
}

/// Files of a finished run (manifest.json lists the others).
inline const std::vector<std::string> kRunFiles = {"manifest.json",
                                                   "summary.json",
                                                   "kpis.csv",
                                                   "timeseries.csv",
                                                   "timeseries_summary.csv",
                                                   "agency_kpis.csv",
                                                   "agency_timeseries.csv",
                                                   "agencies.csv",
                                                   "agencies_long.csv",
                                                   "cluster_kpis.csv",
                                                   "clusters.csv",
                                                   "priors.csv",
                                                   "drivers.csv"};

inline void require_complete_run(const fs::path& dir) {
  INFO("results folder " << dir.string());
  REQUIRE(fs::is_directory(dir));
  for (const auto& name : kRunFiles) {
    INFO(name);
    REQUIRE(fs::is_regular_file(dir / name));
    CHECK(fs::file_size(dir / name) > 0);
  }
}

/// Mean and type-7 median of a small sample, computed here independently of the library.
inline double mean_of(const std::vector<double>& x) {
  double sum = 0;
  for (const double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}
inline double median_of(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

}  // namespace smesim::test::run_outputs
