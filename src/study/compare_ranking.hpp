#pragma once
// Which variant of a comparison is best, by the objective its compare file declares (default:
// P(all targets met), ties by mean developed SMEs), and whether its lead over the next is more
// than Monte Carlo noise (docs/experiments.md "Compare").

#include <string>
#include <utility>
#include <vector>

#include "smesim/analysis/comparison.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/scenario/compare_def.hpp"

namespace smesim::detail {

struct RankedVariant {
  std::size_t variant = 0;
  double value = 0;           ///< the objective's statistic (NaN when undefined)
  double developed_mean = 0;  ///< the tie-break
};

struct CompareRanking {
  std::vector<RankedVariant> order;  ///< best first
  /// The leader's paired advantage over the next variant, replication by replication (a share
  /// of replications for P(met), the KPI's unit for a mean; positive = better). NaN for a
  /// quantile objective, which has no paired interval.
  double lead = 0;
  std::pair<double, double> lead_ci95{0, 0};
  std::size_t paired_replications = 0;
};

/// @param samples  per variant, its final KPIs per replication (NaN where undefined)
/// @param variants  compare_variants(def): each variant's targets
CompareRanking rank_variants(const CompareDef& def, const std::vector<ScenarioDef>& variants,
                             const std::vector<KpiSamples>& samples);

/// "P(all targets met)", "mean developed", "5th percentile of cost_reduction_thb" (minimised).
std::string objective_words(const OptimiseObjective& objective);

/// The console's and report's verdict: the best variant by the objective and its lead over the
/// next, or that no variant is distinguishable from the next at this many replications.
std::string ranking_sentence(const CompareDef& def, const CompareRanking& ranking);

/// ranking.csv: variant, rank, objective, value, developed_mean.
ResultTable ranking_table(const CompareDef& def, const CompareRanking& ranking);

}  // namespace smesim::detail
