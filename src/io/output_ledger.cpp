#include "io/output_ledger.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "io/outputs.hpp"
#include "io/stored_file.hpp"
#include "smesim/error.hpp"

namespace fs = std::filesystem;

namespace smesim::detail {
namespace {

constexpr std::size_t kNamedAtMost = 8;  // a refusal names this many files, then counts the rest

// points/NNNNNN.json with NNNNNN below `records`, or its seal points/NNNNNN.seal: a record of
// the study.
bool is_record(const std::string& relative, std::size_t records) {
  constexpr std::string_view prefix = "points/";
  constexpr std::size_t suffix_size = 5;  // `.json`, `.seal`
  if (relative.size() != prefix.size() + 6 + suffix_size || relative.rfind(prefix, 0) != 0) return false;
  const std::string suffix = relative.substr(relative.size() - suffix_size);
  if (suffix != ".json" && suffix != ".seal") return false;
  const std::string digits = relative.substr(prefix.size(), 6);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return std::stoul(digits) < records;
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < kNamedAtMost; ++i)
    text += fmt::format("{}{}", i == 0 ? "" : ", ", names[i]);
  if (names.size() > kNamedAtMost) text += fmt::format(" and {} more", names.size() - kNamedAtMost);
  return text;
}

}  // namespace

std::vector<std::string> recorded_outputs(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder / kLedgerName, ec)) return {};
  std::istringstream lines(read_stored_file(folder / kLedgerName));
  std::vector<std::string> names;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) names.push_back(line);
  return names;
}

void record_output(const fs::path& folder, const std::string& name) {
  std::vector<std::string> names = recorded_outputs(folder);
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  names.push_back(name);
  std::sort(names.begin(), names.end());
  std::string text;
  for (const std::string& n : names) text += n + "\n";
  write_file_atomically(folder / kLedgerName, text);
}

void discard_earlier_study(const fs::path& folder, std::size_t records) {
  const std::vector<std::string> outputs = recorded_outputs(folder);
  const std::set<std::string> known(outputs.begin(), outputs.end());
  std::vector<std::string> others;
  std::vector<fs::path> smesims;
  std::error_code ec;
  // Symbolic links are not followed: a link to a user's folder is an entry like any other.
  for (auto it = fs::recursive_directory_iterator(folder, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) continue;
    const std::string relative = fs::relative(it->path(), folder, ec).generic_string();
    if (relative == "experiment.json") continue;
    if (relative == kLedgerName || known.count(relative) > 0 || is_record(relative, records))
      smesims.push_back(it->path());
    else
      others.push_back(relative);
  }
  if (ec) throw OutputError(fmt::format("cannot read {}: {}", folder.string(), ec.message()));
  if (!others.empty()) {
    std::sort(others.begin(), others.end());
    throw ResumeError(fmt::format(
        "{}: --restart discards only what smesim wrote there, and {} not: {}; move {} out of the folder, or "
        "choose another --out",
        folder.string(), others.size() == 1 ? "this is" : "these are", listed(others),
        others.size() == 1 ? "it" : "them"));
  }
  for (const fs::path& path : smesims) {
    fs::remove(path, ec);
    if (ec) throw OutputError(fmt::format("cannot remove {}: {}", path.string(), ec.message()));
  }
  // The folders smesim made for its outputs (variants/<name>/), once empty.
  for (const std::string& name : outputs)
    for (fs::path dir = fs::path(name).parent_path(); !dir.empty(); dir = dir.parent_path())
      if (fs::is_directory(folder / dir, ec) && fs::is_empty(folder / dir, ec)) fs::remove(folder / dir, ec);
}

}  // namespace smesim::detail
