#include "io/results_context.hpp"

#include <fmt/format.h>

#include "smesim/version.hpp"

namespace smesim::detail {

ResultsContext results_context(const std::string& kind, const std::string& name, const ScenarioDef& base,
                               std::size_t replications) {
  ResultsContext context;
  context.title = fmt::format("smesim {}: {}", kind, name);
  context.facts = {{"Command", fmt::format("smesim {}", kind)},
                   {"Scenario", base.name},
                   {"Seed", fmt::format("{}", base.seed)},
                   {"Replications", fmt::format("{}", replications)},
                   {"smesim version", std::string(smesim::version())},
                   {"Git revision", std::string(smesim::git_revision())},
                   {"Also in the folder",
                    "manifest.json (how the results were made, with the resolved scenario) and the files "
                    "listed there; the per-replication CSV files of a run are not in this workbook"}};
  return context;
}

}  // namespace smesim::detail
