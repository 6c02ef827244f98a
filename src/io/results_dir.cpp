#include "io/results_dir.hpp"

#include <unistd.h>

#include <cctype>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "smesim/error.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

namespace {

bool exists_nonempty(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return false;
  if (!fs::is_directory(p, ec)) return true;
  return !fs::is_empty(p, ec);
}

std::string safe_name(const std::string& name) {
  std::string out;
  for (const char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

}  // namespace

ResultsDir::ResultsDir(fs::path destination, bool replace)
    : destination_(std::move(destination)), replace_(replace) {
  // `out/` names the folder `out`: without the trailing separator its staging folder is a
  // sibling, not a child that could never be renamed onto its own parent.
  destination_ = destination_.lexically_normal();
  if (!destination_.has_filename() && destination_.has_relative_path())
    destination_ = destination_.parent_path();
  if (exists_nonempty(destination_) && !replace_)
    throw OutputError(fmt::format("{} already exists and is not empty; choose another --out or add --force",
                                  destination_.string()));
  fs::path parent = destination_.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  staging_ = parent / fmt::format(".{}.partial-{}", destination_.filename().string(), ::getpid());
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", staging_.string(), ec.message()));
}

ResultsDir::~ResultsDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void ResultsDir::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(destination_, ec)) {
    if (fs::is_directory(destination_, ec) && fs::is_empty(destination_, ec)) {
      fs::remove(destination_, ec);
    } else if (replace_) {
      old = destination_.parent_path() /
            fmt::format(".{}.old-{}", destination_.filename().string(), ::getpid());
      fs::rename(destination_, old, ec);
      if (ec) throw OutputError(fmt::format("cannot move aside {}: {}", destination_.string(), ec.message()));
    }
  }
  fs::rename(staging_, destination_, ec);
  if (ec)
    throw OutputError(
        fmt::format("cannot rename {} to {}: {}", staging_.string(), destination_.string(), ec.message()));
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

fs::path default_results_path(const fs::path& root, const std::string& scenario_name) {
  const std::string stamp = fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(std::time(nullptr)));
  const fs::path base = root / safe_name(scenario_name);
  fs::path candidate = base / stamp;
  std::error_code ec;
  for (int k = 2; fs::exists(candidate, ec); ++k) candidate = base / fmt::format("{}-{}", stamp, k);
  return candidate;
}

}  // namespace smesim::detail
