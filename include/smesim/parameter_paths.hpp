#pragma once
/// @file parameter_paths.hpp
/// @brief Get and set any scenario parameter by its dotted path (SCENARIO.md "Parameter
/// paths"), e.g. `dynamics.market.q_per_year`, `agencies.DIP.strategy.mentoring.targeting`,
/// `agencies.*.strategy.split.mentoring` (`*` matches one path segment).

#include <string>
#include <string_view>
#include <vector>

#include "smesim/distribution.hpp"
#include "smesim/scenario_def.hpp"

namespace smesim {

enum class FieldKind : unsigned char { number, integer, text, choice, sector_list };

/// @brief What a path names: its kind, valid range, unit and meaning.
struct FieldInfo {
  std::string path;
  FieldKind kind = FieldKind::number;
  double min = 0;
  double max = 0;
  bool distributable = false;  ///< may be a prior (MODEL.md §8)
  bool optional = false;       ///< may be unset (`auto`)
  std::vector<std::string> choices;
  std::string unit;
  std::string doc;
};

/// @brief Every parameter path of this scenario, in document order.
std::vector<FieldInfo> parameter_fields(const ScenarioDef& def);

/// @brief The value at `path` as text (`0.5`, `uniform[0.1, 0.2]`, `laggards`).
/// @throws UnknownParameterError listing the nearest valid paths.
std::string get_parameter(const ScenarioDef& def, std::string_view path);

/// @brief Sets a numeric parameter at `path` (wildcards allowed); checks its range.
/// @return the number of fields set. @throws UnknownParameterError, ScenarioError
int set_parameter(ScenarioDef& def, std::string_view path, const Param& value);

/// @brief Sets any parameter from its YAML scalar text (number, choice name, text).
/// @return the number of fields set. @throws UnknownParameterError, ScenarioError
int set_parameter(ScenarioDef& def, std::string_view path, std::string_view text);

/// @brief The valid paths closest to `path` (edit distance), best first.
std::vector<std::string> nearest_parameter_paths(const ScenarioDef& def, std::string_view path,
                                                 std::size_t count = 3);

}  // namespace smesim
