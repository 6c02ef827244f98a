#include "io/manifest.hpp"

#include "io/outputs.hpp"
#include "smesim/scenario/scenario.hpp"
#include "smesim/version.hpp"

namespace smesim::detail {

nlohmann::ordered_json manifest_json(const nlohmann::ordered_json& fields, const ManifestRun& run,
                                     const ScenarioDef& base) {
  nlohmann::ordered_json manifest{{"tool", "smesim"}};
  for (const auto& [key, value] : fields.items()) manifest[key] = value;
  if (!run.foreign_records.empty()) manifest["foreign_records_accepted"] = run.foreign_records;
  manifest["command_line"] = run.command_line;
  manifest["finished_utc"] = run.finished_utc;
  manifest["started_utc"] = run.started_utc;
  const std::string resolved = resolved_scenario_json(base);
  manifest["version"] = std::string(smesim::version());
  manifest["git_revision"] = std::string(smesim::git_revision());
  manifest["scenario_name"] = base.name;
  manifest["scenario_hash"] = scenario_hash(resolved);
  manifest["scenario"] = nlohmann::ordered_json::parse(resolved);
  return manifest;
}

}  // namespace smesim::detail
