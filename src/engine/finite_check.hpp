#pragma once
// Every KPI and monthly value of a replication is a number (issue: a valid scenario once gave
// nan, -inf and 5.8e290 in kpis.csv). Debug builds check it after every replication; the
// finiteness test over the registry's bounds calls it in every build.

#include <string>

#include "smesim/analysis/trajectory.hpp"

namespace smesim::detail {

/// @brief The first value of `result` that is not finite, as `months[3].mean_trust = nan`, or
/// "" when all are. The ratios thb_per_developed and cost_reduction_per_thb_spent are not
/// stored and stay undefined (NaN) when their denominator is 0, as documented.
std::string first_non_finite(const ReplicationResult& result);

}  // namespace smesim::detail
