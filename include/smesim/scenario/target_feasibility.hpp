#pragma once
/// @file scenario/target_feasibility.hpp
/// @brief Targets that no replication can meet, whatever the draws: more SMEs to develop or to
/// expand than the networks can enrol, or more to develop than the budget can mentor for
/// `developed.min_mentored_months` or equip with technology projects (docs/model.md §5 steps
/// 2, 3 and 10). `smesim validate`, the console, the manifest and the report name them.

#include <string>
#include <vector>

#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// @brief One sentence per target that cannot be met by construction, with the numbers; empty
/// when every target can be met in principle. Bounds that depend on a prior use the prior's
/// upper bound (members) or are skipped (budgets and prices drawn from priors).
std::vector<std::string> unreachable_targets(const ScenarioDef& def);

}  // namespace smesim
