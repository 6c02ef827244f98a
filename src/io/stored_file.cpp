#include "io/stored_file.hpp"

#include <fmt/format.h>

#include "scenario/input_file.hpp"
#include "smesim/error.hpp"

namespace smesim::detail {

namespace fs = std::filesystem;

std::string read_stored_file(const fs::path& path, std::size_t max_bytes) {
  std::string problem;
  std::optional<std::string> text =
      read_regular_file(path.string(), max_bytes, "a file smesim reads back", problem);
  if (!text) throw StoredFileError(fmt::format("{}: {}", path.string(), problem));
  return std::move(*text);
}

void check_stored_json_depth(std::string_view text, const fs::path& path) {
  std::size_t depth = 0;
  std::size_t line = 1, column = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxStoredJsonDepth)
        throw StoredFileError(fmt::format(
            "{}:{}:{}: arrays and objects nested more than {} levels deep; smesim never writes such a file",
            path.string(), line, column, kMaxStoredJsonDepth));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

std::string read_stored_record(const fs::path& path) {
  std::string text = read_stored_file(path);
  check_stored_json_depth(text, path);
  return text;
}

nlohmann::json read_stored_json(const fs::path& path) {
  const std::string text = read_stored_file(path);
  check_stored_json_depth(text, path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw StoredFileError(fmt::format("{} is not a file smesim wrote: {}", path.string(), e.what()));
  }
}

std::uint64_t stored_count(const nlohmann::json& object, std::string_view key, std::uint64_t min,
                           std::uint64_t max, std::uint64_t fallback, const fs::path& path) {
  const auto at = object.find(key);
  if (at == object.end()) return fallback;
  // nlohmann-json keeps a JSON integer that is not negative as number_unsigned.
  if (!at->is_number_unsigned() || at->get<std::uint64_t>() < min || at->get<std::uint64_t>() > max)
    throw StoredFileError(fmt::format("{}: `{}` is {}; smesim writes a whole number from {} to {} there",
                                      path.string(), key, at->dump(), min, max));
  return at->get<std::uint64_t>();
}

std::string stored_text(const nlohmann::json& object, std::string_view key, std::string_view fallback,
                        const fs::path& path) {
  const auto at = object.find(key);
  if (at == object.end()) return std::string(fallback);
  if (!at->is_string())
    throw StoredFileError(
        fmt::format("{}: `{}` is {}; smesim writes text there", path.string(), key, at->dump()));
  return at->get<std::string>();
}

}  // namespace smesim::detail
