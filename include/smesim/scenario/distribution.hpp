#pragma once
/// @file scenario/distribution.hpp
/// @brief How a scenario names and shows a numeric parameter (Param, docs/model.md §8): a fixed
/// number, a prior distribution, or unset ("auto").

#include <string>

#include "smesim/random/param.hpp"

namespace smesim {

/// @brief Number of arguments a distribution kind takes (0 for unset, 1 for fixed).
int distribution_arity(DistributionKind kind);
/// @brief YAML name of a distribution kind (`uniform`, ...); "fixed"/"auto" for the others.
const char* distribution_name(DistributionKind kind);
/// @brief Human-readable form: `0.5`, `uniform[0.02, 0.1]`, `auto`.
std::string describe(const Param& p);

}  // namespace smesim
