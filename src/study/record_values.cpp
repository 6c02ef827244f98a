#include "study/record_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "smesim/error.hpp"

namespace smesim::detail {

nlohmann::ordered_json study_json_number(double value) {
  if (!std::isfinite(value)) return nullptr;
  // Below 2^53 every whole double is exactly a 64-bit integer.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
    return static_cast<std::int64_t>(value);
  return value;
}

nlohmann::ordered_json parameter_value_json(std::string_view text) {
  const char* first = text.data();
  const char* last = first + text.size();
  // from_chars takes no leading '+', so `+5e6` (a relative change) stays text.
  std::int64_t whole = 0;
  if (const auto [end, ec] = std::from_chars(first, last, whole);
      ec == std::errc() && end == last && !text.empty())
    return whole;
  double number = 0;
  if (const auto [end, ec] = std::from_chars(first, last, number, std::chars_format::general);
      ec == std::errc() && end == last && !text.empty() && std::isfinite(number))
    return number;
  return std::string(text);
}

nlohmann::ordered_json parameter_values_json(
    std::span<const std::pair<std::string, std::string>> assignments) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const auto& [path, text] : assignments) values[path] = parameter_value_json(text);
  return values;
}

void require_values(std::size_t index, const Record& record, const nlohmann::ordered_json& expected) {
  nlohmann::ordered_json stored;
  try {
    const auto parsed = nlohmann::ordered_json::parse(record);
    if (parsed.is_object() && parsed.contains("values")) stored = parsed["values"];
  } catch (const nlohmann::json::exception&) {
  }
  if (stored != expected)
    throw ResumeError(
        fmt::format("record {} was made at {}, but the study now asks for {} (a changed folder, "
                    "or one written by an earlier version of smesim); use --restart",
                    index, stored.dump(), expected.dump()));
}

}  // namespace smesim::detail
