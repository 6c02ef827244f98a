#include "io/record_seal.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/outputs.hpp"
#include "io/stored_file.hpp"
#include "smesim/error.hpp"
#include "smesim/version.hpp"

namespace fs = std::filesystem;

namespace smesim::detail {
namespace {

// FNV-1a 64 of the bytes (outputs.hpp's hash of any text).
std::string checksum(const std::string& bytes) { return scenario_hash(bytes); }

}  // namespace

fs::path seal_path(const fs::path& record_path) {
  fs::path path = record_path;
  return path.replace_extension(".seal");
}

std::string seal_text(const std::string& record) {
  const nlohmann::ordered_json seal{{"fnv1a64", checksum(record)},
                                    {"version", std::string(smesim::version())},
                                    {"git_revision", std::string(smesim::git_revision())}};
  return seal.dump(2) + "\n";
}

std::string foreign_reason(const fs::path& record_path, const std::string& record) {
  const fs::path path = seal_path(record_path);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return fmt::format("{} has no seal ({}): smesim did not write it, or an earlier version did",
                       record_path.string(), path.filename().string());
  nlohmann::json seal;
  try {
    seal = read_stored_json(path);
  } catch (const std::exception&) {
    return fmt::format("{}'s seal {} is not one smesim wrote", record_path.string(), path.string());
  }
  if (!seal.is_object())
    return fmt::format("{}'s seal {} is not one smesim wrote", record_path.string(), path.string());
  const auto text = [&seal](const char* key) {
    const auto found = seal.find(key);
    return found != seal.end() && found->is_string() ? found->get<std::string>() : std::string("?");
  };
  if (text("fnv1a64") != checksum(record))
    return fmt::format("{} was changed after smesim wrote it (its checksum is {}, its seal says {})",
                       record_path.string(), checksum(record), text("fnv1a64"));
  if (text("version") != smesim::version() || text("git_revision") != smesim::git_revision())
    return fmt::format("{} was written by smesim {} (revision {}); this is smesim {} (revision {})",
                       record_path.string(), text("version"), text("git_revision"), smesim::version(),
                       smesim::git_revision());
  return "";
}

}  // namespace smesim::detail
