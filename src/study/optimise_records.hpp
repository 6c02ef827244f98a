#pragma once
// An optimisation's records (one per evaluated candidate) and what the search reads back from
// them. The search is told values read from the records, never from memory, so a resumed
// search is told exactly what a fresh one was.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "smesim/analysis/forecast_summary.hpp"
#include "smesim/analysis/paired_difference.hpp"
#include "smesim/analysis/trajectory.hpp"
#include "smesim/engine/executor.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/scenario/optimise_space.hpp"

namespace smesim::detail {

/// Where a record sits in the optimisation.
struct CandidateTag {
  bool reevaluation = false;
  std::size_t generation = 0;
  std::size_t candidate = 0;  ///< re-evaluation: 0 the best, 1 the base
  std::uint32_t seed = 0;
  std::vector<double> coordinates;  ///< the base's: empty
};

/// What a record says about its candidate.
struct CandidateOutcome {
  CandidateTag tag;
  std::vector<NamedValue> variables;
  Estimate objective;  ///< in the objective's own sense (a probability, a KPI's mean or quantile)
  std::array<TargetAttainment, kTargets.size()> targets{};
  bool feasible = true;
  double violation = 0;  ///< Σ of how far each unmet constraint's P(met) falls short
  std::size_t replications = 0;
  /// Re-evaluation only: per replication, the objective's sample (0/1 for probability_met,
  /// else the KPI) and whether each target was met.
  std::vector<double> objective_samples;
  std::array<std::vector<double>, kTargets.size()> met_samples;
};

/// @brief The record of one candidate from its replications.
Record candidate_record(const OptimiseDef& def, const CandidateTag& tag,
                        std::span<const NamedValue> variables, const ScenarioDef& variant,
                        std::span<const ReplicationResult> results);

/// @brief A record read back. @throws ResumeError when it is not an optimisation's record
CandidateOutcome read_candidate(const OptimiseDef& def, std::size_t index, const Record& record);

/// @brief The values CMA-ES minimises for one generation's outcomes: the objective (negated
/// when maximised) for feasible candidates; an infeasible one ranks behind every feasible
/// candidate of its generation, by how far it misses (docs/optimise.md "The algorithm").
std::vector<double> search_values(const OptimiseDef& def, std::span<const CandidateOutcome> generation);

/// @brief The objective's sample of each replication (what the re-evaluation pairs).
std::vector<double> objective_samples(const OptimiseDef& def, const ForecastSummary& summary,
                                      std::span<const ReplicationResult> results);

/// @brief The paired difference best − base of the objective (re-evaluation outcomes).
Estimate objective_difference(const OptimiseDef& def, const CandidateOutcome& best,
                              const CandidateOutcome& base);

}  // namespace smesim::detail
