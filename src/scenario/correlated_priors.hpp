#pragma once
// The priors of `uncertainty.correlations` as the copula sees them (docs/model.md
// "Correlated priors"): which parameters, in which order, and the matrix's pairs.

#include <string>
#include <string_view>
#include <vector>

#include "analysis/gaussian_copula.hpp"
#include "scenario/fields.hpp"
#include "smesim/scenario/scenario_def.hpp"

namespace smesim::detail {

/// Members priors are drawn per network by the model (Purpose::cluster_members), not once per
/// replication: they are neither realised nor correlated.
bool drawn_per_network(std::string_view path);

/// True for a number that is a prior drawn once per replication.
bool is_replication_prior(const Field& f);

struct CorrelatedPriors {
  std::vector<std::string> paths;     ///< in parameter document order (list_fields)
  std::vector<CorrelatedPair> pairs;  ///< in file order; indices into `paths`
};

/// @brief The priors named by def.uncertainty.correlations and their pairs, from `fields`
/// (list_fields of def). A correlation naming anything but a prior drawn once per replication
/// is left out (validate() refuses one in a scenario file; a study that fixes a correlated
/// parameter drops its correlations, drop_fixed_correlations).
CorrelatedPriors correlated_priors(const ScenarioDef& def, const std::vector<Field>& fields);

/// @brief Removes the correlations naming a parameter that is no longer a prior: what a study
/// variant that sets a correlated prior to a number draws (docs/scenario.md "uncertainty").
void drop_fixed_correlations(ScenarioDef& def);

}  // namespace smesim::detail
