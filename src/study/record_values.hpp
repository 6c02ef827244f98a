#pragma once
// The parameter values a study record was made at, as JSON that readers can use directly:
// a value written as a number in the study file is a JSON number, a name (`laggards`) or a
// relative change (`*1.2`, `+5e6`, docs/experiments.md "Relative values") stays text.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/engine/executor.hpp"

namespace smesim::detail {

/// A whole number as a JSON integer (1050000000, not 1050000000.0); any other finite number
/// as a double (shortest round-trip form); NaN and infinities as null.
nlohmann::ordered_json study_json_number(double value);

/// One value as written in a study file (scenario-file text): a JSON integer for an
/// unsigned or negative whole number, a double for another finite plain number, text for
/// everything else.
nlohmann::ordered_json parameter_value_json(std::string_view text);

/// A record's `values`: each (path, text) in order, the text as parameter_value_json.
nlohmann::ordered_json parameter_values_json(
    std::span<const std::pair<std::string, std::string>> assignments);

/// The same for a study's parameters (anything with a `path`) and one text per parameter.
template <class Parameter>
nlohmann::ordered_json parameter_values_json(const std::vector<Parameter>& parameters,
                                             const std::vector<std::string>& texts) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < parameters.size(); ++i)
    values[parameters[i].path] = parameter_value_json(texts[i]);
  return values;
}

/// @brief Refuses a stored record whose `values` are not `expected` (the values this study
/// makes the record at): a folder changed by hand, or written by an earlier version of
/// smesim that stored numbers as text. @throws ResumeError
void require_values(std::size_t index, const Record& record, const nlohmann::ordered_json& expected);

}  // namespace smesim::detail
