#pragma once
/// @file scenario/prior_draws.hpp
/// @brief What one replication drew for each prior (docs/model.md §8): the values behind a run's
/// priors.csv (docs/outputs.md).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "smesim/scenario/scenario_def.hpp"

namespace smesim {

/// @brief (path, value) of every parameter of `def` that is a prior drawn once per replication,
/// in parameter document order, as realise_priors draws it for this replication (split and
/// size-mix shares after renormalisation: what the model uses). Members priors, drawn per
/// network, are not included.
std::vector<std::pair<std::string, double>> prior_draws(const ScenarioDef& def, std::uint32_t seed,
                                                        std::uint32_t replication);

}  // namespace smesim
