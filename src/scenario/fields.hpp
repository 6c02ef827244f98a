#pragma once
// The field registry: one list of every scenario parameter with its path, kind, range, unit
// and accessors. The loader, validation, parameter paths, the resolved-scenario dump and the
// `init` template all read this one list, so a key added here is known everywhere.

#include <functional>
#include <string>
#include <vector>

#include "smesim/scenario/parameter_paths.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

struct Field {
  FieldInfo info;
  std::function<Param()> get_number;  // number
  std::function<void(const Param&)> set_number;
  std::function<long long()> get_integer;  // integer
  std::function<void(long long)> set_integer;
  std::function<std::string()> get_text;  // text, choice, sector_list
  std::function<void(const std::string&)> set_text;
  std::function<void(std::vector<Sector>)> set_sectors;  // sector_list
  std::string group;       ///< e.g. `...focus` when this is one slot of a list-valued key
  int slot = -1;           ///< position in that list (process, management, market)
  bool broadcast = false;  ///< the group also accepts one number for every slot
};

/// Every field of `def` (top level, agencies by id, listed networks by id), pointing into it.
std::vector<Field> list_fields(ScenarioDef& def);
/// Fields of one agency, paths relative to the agency entry (`strategy.split.mentoring`).
std::vector<Field> list_agency_fields(AgencyDef& agency, const std::string& prefix);
/// Fields of one listed network, paths relative to the entry (`members`, `topology.kind`).
std::vector<Field> list_network_fields(NetworkDef& network, const std::string& prefix);
/// Top-level fields only (no agencies, no listed networks).
std::vector<Field> list_top_fields(ScenarioDef& def);

/// True when the concrete `path` is named by `pattern`, where a `*` segment stands for exactly
/// one segment (`agencies.*.budget_thb` names `agencies.DIP.budget_thb`).
bool path_matches(std::string_view pattern, std::string_view path);

/// Formats a number the way scenario files write it (shortest round-trip form).
std::string format_number(double value);

/// Checks a value (or every value a prior can take) against the field's range.
/// @return empty if valid, else what was expected.
std::string check_range(const FieldInfo& info, const Param& value);

std::string_view sector_name(int index);
bool parse_sector(std::string_view text, Sector& out);

}  // namespace smesim::detail
