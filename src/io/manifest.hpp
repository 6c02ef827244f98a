#pragma once
// manifest.json of every results folder (run and every study): what produced it, so a report
// (and a reader) can tell exactly how: the kind's own fields, when and how it ran, the version
// and git revision, and the base scenario's name, hash and resolved text.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

struct ManifestRun {
  std::string command_line;
  std::string started_utc;
  std::string finished_utc;
  /// Stored records used although this smesim did not write them (--accept-foreign-records):
  /// why each is foreign. Listed as `foreign_records_accepted` when there are any.
  std::vector<std::string> foreign_records = {};
};

/// @brief The manifest: `tool`, then `fields` in their order, then `command_line`,
/// `finished_utc`, `started_utc`, `version`, `git_revision`, `scenario_name`,
/// `scenario_hash` and `scenario` (the resolved base scenario).
nlohmann::ordered_json manifest_json(const nlohmann::ordered_json& fields, const ManifestRun& run,
                                     const ScenarioDef& base);

}  // namespace smesim::detail
