#include "support/experiment_support.hpp"

#include "io/record_seal.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace smesim::test {

namespace fs = std::filesystem;

TempFolder::TempFolder(const std::string& tag) : path(make_temp_dir(tag)) {}

TempFolder::~TempFolder() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult smesim_in(const std::string& dir, const std::string& args) {
  return run_command(fmt::format("cd '{}' && '{}' {}", dir, smesim_binary(), args));
}

void write_sealed_record(const fs::path& path, const std::string& text) {
  write_text(path, text);
  write_text(detail::seal_path(path), detail::seal_text(text));
}

std::size_t stored_points(const fs::path& experiment_folder) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(experiment_folder / "points", ec))
    n += entry.path().extension() == ".json" ? 1 : 0;
  return n;
}

std::vector<std::string> split_csv(const std::string& line) {
  // RFC 4180, as CsvWriter writes: a field in quotes may hold commas, a quote is doubled, and
  // an empty last field (a programme row's agency_name) is a field.
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cell += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(std::move(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(std::move(cell));
  return cells;
}

}  // namespace smesim::test
