#pragma once
// What an optimisation writes when it finishes (docs/optimise.md, "Outputs"): best.json,
// trace.csv, candidates.csv and the console summary.

#include <span>
#include <string>
#include <vector>

#include "smesim/analysis/paired_difference.hpp"
#include "smesim/io/result_table.hpp"
#include "smesim/io/study_results.hpp"
#include "smesim/scenario/optimise_def.hpp"
#include "smesim/study/optimise_study.hpp"
#include "study/optimise_records.hpp"

namespace smesim::detail {

/// Each agency's budget per track (docs/model.md §4: the allocation times the split), in THB.
struct AgencyBudget {
  std::string agency;
  double total_thb = 0;
  double mentoring_thb = 0;
  double network_thb = 0;
  double technology_thb = 0;
};

/// A finished optimisation, as its outputs report it.
struct OptimiseOutcome {
  std::vector<CandidateOutcome> candidates;  ///< the search's, in order
  std::vector<OptimiseTraceRow> trace;
  std::string stopped;                                         ///< CMA-ES' stopping rule (stop_name)
  CandidateOutcome best;                                       ///< re-evaluated
  CandidateOutcome base;                                       ///< re-evaluated
  Estimate difference;                                         ///< best − base, paired, of the objective
  std::array<Estimate, kTargets.size()> target_differences{};  ///< best − base of each P(met)
  /// Per agency; empty when the budgets are not fixed numbers (priors).
  std::vector<AgencyBudget> best_budgets, base_budgets;
  std::size_t population = 0;
  std::size_t dimension = 0;
};

/// @brief Each agency's budget per track in `variant`; empty if a budget or split is a prior.
std::vector<AgencyBudget> agency_budgets(const ScenarioDef& variant);

ResultTable trace_table(const OptimiseDef& def, std::span<const OptimiseTraceRow> trace);
ResultTable candidates_table(const OptimiseDef& def, std::span<const CandidateOutcome> candidates);
/// Whether the re-evaluated best beats the base beyond Monte Carlo noise: the paired 95%
/// interval of the gain excludes 0 on the objective's side.
bool improves_on_base(const OptimiseDef& def, const OptimiseOutcome& outcome);
/// What to do, in words: the best split and its gain, or "no split found that does better than
/// the base" (keep the base) when improves_on_base is false.
std::string recommendation_text(const OptimiseDef& def, const OptimiseOutcome& outcome);
nlohmann::ordered_json best_json(const OptimiseDef& def, const OptimiseOutcome& outcome);
/// The console summary: the search, the variables, base and best with their CIs, the agency
/// budgets, the recommendation and the constraints.
std::vector<ConsoleBlock> optimise_console(const OptimiseDef& def, const OptimiseOutcome& outcome);

/// `P(developed_smes met)`, `mean developed`, … for messages and headings.
std::string objective_label(const OptimiseObjective& objective);

}  // namespace smesim::detail
