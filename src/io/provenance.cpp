#include "io/provenance.hpp"

#include "io/outputs.hpp"
#include "smesim/scenario.hpp"

namespace smesim::detail {

std::string_view git_revision();
std::string_view version_string();

void add_provenance(nlohmann::ordered_json& manifest, const ScenarioDef& base) {
  const std::string resolved = resolved_scenario_json(base);
  manifest["version"] = std::string(version_string());
  manifest["git_revision"] = std::string(git_revision());
  manifest["scenario_name"] = base.name;
  manifest["scenario_hash"] = scenario_hash(resolved);
  manifest["scenario"] = nlohmann::ordered_json::parse(resolved);
}

}  // namespace smesim::detail
