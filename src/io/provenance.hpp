#pragma once
// What every experiment's manifest.json records about its build and its base scenario, so
// a report (and a reader) can tell exactly what produced the results: the version and git
// revision, the scenario's name and hash, and the resolved scenario itself.

#include <nlohmann/json.hpp>

#include "smesim/scenario_def.hpp"

namespace smesim::detail {

/// Sets `version`, `git_revision`, `scenario_name`, `scenario_hash` and `scenario` (the
/// resolved base scenario, as in a run's manifest.json) in `manifest`.
void add_provenance(nlohmann::ordered_json& manifest, const ScenarioDef& base);

}  // namespace smesim::detail
